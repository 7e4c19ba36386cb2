"""Run the emulator standalone: python -m emulator --port 8081 [--dialect bale] [--token 123:abc]."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from emulator.errors import DIALECTS
from emulator.server import BotApiEmulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--dialect", choices=DIALECTS, default="telegram")
    parser.add_argument(
        "--token",
        action="append",
        default=[],
        help="register a bot with this token (repeatable); default: one new bot",
    )
    parser.add_argument("--username", default="hamyar_bot")
    parser.add_argument("--first-name", default="Hamyar")
    parser.add_argument("--record-texts", action="store_true")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Start the emulator, print how to reach it, and run until interrupted."""
    emu = BotApiEmulator(dialect=args.dialect)
    emu.record_texts = args.record_texts
    tokens = [emu.add_bot(args.username, args.first_name, token=t) for t in args.token]
    if not tokens:
        tokens.append(emu.add_bot(args.username, args.first_name))
    await emu.start(host=args.host, port=args.port)
    print(f"Bot API emulator ({emu.dialect}) at {emu.base_url}", flush=True)
    for token in tokens:
        print(f"token: {token}", flush=True)
    print(f"web chat: {emu.base_url}/   user API: {emu.base_url}/_emu/bots", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await emu.stop()


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m emulator``."""
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
