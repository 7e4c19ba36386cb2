"""`python -m bot poster <slug>`: a QR-code PNG of a campaign's deep link, for printed posters."""

from __future__ import annotations

import sys
from pathlib import Path

import qrcode
from aiogram import Bot

from bot.factory import create_bot
from campaigns.catalogue import campaign_link
from campaigns.loader import LoadReport, read_definitions
from runtime.config import Platform, Settings

NEED_USERNAME = ("no bot token is set: pass --bot-username <name> (the bot's @username), or set TELEGRAM_TOKEN "
                 "or BALE_TOKEN so it can be asked of the platform")


async def _username(settings: Settings) -> tuple[str, str] | None:
    """The first configured bot's platform and username, asked of its platform (Telegram first)."""
    for spec in settings.bots():
        bot: Bot = create_bot(spec, timeout=15)
        try:
            me = await bot.get_me()
        finally:
            await bot.session.close()
        if me.username:
            return spec.platform.value, me.username
    return None


def save_qr(link: str, path: Path) -> Path:
    """Write a QR code of a link as a PNG (creating the folder) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    qrcode.make(link, box_size=12, border=4).save(str(path))
    return path


async def write_poster(settings: Settings, slug: str, out_dir: str, bot_username: str | None) -> int:
    """Write <out>/<slug>.png (a QR code of the campaign's link) and print the links; an exit code."""
    definitions = {d.slug: d for d in read_definitions(Path(settings.campaigns_dir), LoadReport())}
    if slug not in definitions:
        known = ", ".join(sorted(definitions)) or "none"
        print(f"hamyar: no campaign {slug!r} in {settings.campaigns_dir} (known: {known})", file=sys.stderr)
        return 2
    if bot_username:
        platform = Platform.BALE.value if settings.bale_token and not settings.telegram_token else "telegram"
        found: tuple[str, str] | None = (platform, bot_username.lstrip("@"))
    elif settings.bots():
        try:
            found = await _username(settings)
        except Exception as exc:  # the platform is unreachable or the token is wrong
            print(f"hamyar: could not ask the platform for the bot's username ({exc}); pass --bot-username",
                  file=sys.stderr)
            return 2
    else:
        print(f"hamyar: {NEED_USERNAME}", file=sys.stderr)
        return 2
    if found is None:
        print(f"hamyar: {NEED_USERNAME}", file=sys.stderr)
        return 2
    platform, username = found
    link = campaign_link(platform, username, slug)
    path = save_qr(link, Path(out_dir) / f"{slug}.png")
    print(f"{definitions[slug].title.fa} / {definitions[slug].title.en}")
    print(f"link: {link}")
    print(f"poster: {path}")
    return 0
