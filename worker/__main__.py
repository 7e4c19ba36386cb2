"""`python -m worker`: the worker program — sends broadcasts, call-out waves, reminders and scheduled
messages from the outbox, within each bot's send budget. Run several on PostgreSQL."""

from __future__ import annotations

import argparse
import sys

from runtime import loop
from runtime.config import exit_code, load_settings
from runtime.logs import setup_logging


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the worker; bad configuration ends with one clear line."""
    argparse.ArgumentParser(prog="python -m worker", description=(
        "Hamyar's worker: claims deliveries from the outbox (FOR UPDATE SKIP LOCKED on PostgreSQL) and sends "
        "them within each bot's send budget; also call-out waves, reminders and scheduled messages. "
        "Configuration comes from the environment and .env (see README).")).parse_args(argv)
    return exit_code(_run)


def _run() -> int:
    """The worker until it is stopped; its exit code."""
    settings = load_settings()
    setup_logging(settings.log_level, settings.log_format)
    from worker.loop import run_worker

    loop.run(run_worker(settings), settings.event_loop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
