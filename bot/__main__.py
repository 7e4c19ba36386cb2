"""`python -m bot {run,simulate,migrate,worker,poster,dashboard}`: wires factories together, nothing else."""

from __future__ import annotations

import argparse
import sys

from runtime import loop
from runtime.config import NO_TOKEN_HELP, ConfigError, exit_code, load_settings
from runtime.logs import setup_logging


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=(
        "Hamyar: a Telegram and Bale bot for public-participation campaigns. "
        "Configuration comes from the environment and .env (see README)."))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="run the bot(s) on Telegram and/or Bale (polling or webhook, by MODE)",
                        description="Run every configured bot (TELEGRAM_TOKEN, BALE_TOKEN). MODE=polling "
                                    "(default) or MODE=webhook with WEBHOOK_BASE_URL and WEBHOOK_SECRET.")
    simulate = commands.add_parser("simulate", help="try Hamyar locally: no token, no internet",
                                   description="Start a local Bot API emulator, the bot against it on "
                                               "SQLite, and a web chat page to play a citizen.")
    simulate.add_argument("--port", type=int, default=8080, help="port of the chat page (default 8080)")
    simulate.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    simulate.add_argument("--bale", action="store_true", help="speak Bale's dialect instead of Telegram's")
    simulate.add_argument("--database-url", default=None,
                          help="database for the simulator (default: var/simulator.db, SQLite)")
    migrate = commands.add_parser("migrate", help="upgrade the database schema to the latest revision",
                                  description="Apply Alembic migrations to DATABASE_URL.")
    migrate.add_argument("--revision", default="head", help="target revision (default head)")
    commands.add_parser("worker", help="the worker program, as `python -m worker`",
                        description="Claim deliveries from the outbox and send them within rate limits "
                                    "(the same as `python -m worker`).")
    poster = commands.add_parser("poster", help="write a campaign's printable poster (A4 and A5 PDF, SVG)",
                                 description="Write <slug>-a4.pdf, <slug>-a5.pdf and <slug>.svg: the campaign's "
                                             "title, a call to action, its goal, QR codes for Telegram and Bale "
                                             "with their links, and the organisation's name (printed by Chromium); "
                                             "and <slug>.png, a QR code of the Telegram link.")
    dashboard = commands.add_parser(
        "dashboard", help="serve the managers' web dashboard",
        description="Serve the managers' web dashboard (DASHBOARD_* settings; needs DASHBOARD_SECRET). A manager "
                    "opens it from the link the bot's /dashboard command sends.")
    dashboard.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    dashboard.add_argument("--port", type=int, default=None, help="port (default DASHBOARD_PORT, 8090)")
    poster.add_argument("slug", help="the campaign's slug")
    poster.add_argument("--out", default="posters", help="folder for the files (default posters/)")
    poster.add_argument("--bot-username", default=None,
                        help="the bot's username on Telegram (default: asked of the platform with the token)")
    poster.add_argument("--bale-username", default=None,
                        help="the bot's username on Bale (default: asked of Bale, else the Telegram one)")
    poster.add_argument("--bale-link-base", default=None,
                        help="the start of Bale's deep links (default https://ble.ir, not confirmed by Bale)")
    poster.add_argument("--lang", choices=("fa", "en"), default="fa", help="the poster's language (default fa)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command; bad configuration ends with one clear line."""
    args = _parser().parse_args(argv)
    return exit_code(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    """The chosen command; its exit code."""
    if args.command == "simulate":
        from bot.simulator import simulate

        setup_logging("INFO", "text")
        loop.run(simulate(args.host, args.port, bale=args.bale, database_url=args.database_url),
                 loop.from_environment())  # reads no settings: EVENT_LOOP as the other programs do
        return 0
    settings = load_settings()
    setup_logging(settings.log_level, settings.log_format)
    if args.command == "migrate":
        from storage.migrate import upgrade

        upgrade(settings.database_url, args.revision)
        print(f"database is at revision {args.revision}")
        return 0
    if args.command == "poster":
        from bot.poster import write_poster

        return loop.run(write_poster(settings, args.slug, args.out, args.bot_username,
                                     bale_username=args.bale_username, language=args.lang,
                                     bale_link_base=args.bale_link_base), settings.event_loop)
    if args.command == "dashboard":
        from dashboard.server import serve

        loop.run(serve(settings, args.host, args.port or settings.dashboard_port), settings.event_loop)
        return 0
    if args.command == "worker":
        from worker.__main__ import main as worker_main

        return worker_main([])
    if not settings.bots():
        raise ConfigError(NO_TOKEN_HELP)
    from bot.runner import run

    loop.run(run(settings), settings.event_loop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
