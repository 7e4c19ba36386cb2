"""`python -m bot poster <slug>`: a campaign's printable poster (A4 and A5 PDF, SVG; bot/poster_print.py) with
QR codes of its Telegram and Bale deep links, and a QR-code PNG of the Telegram link."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import qrcode
from aiogram import Bot

from bot.factory import create_bot
from bot.poster_print import PosterError, PosterLinks, write_poster_files
from campaigns.catalogue import LINK_BASES, campaign_link
from campaigns.loader import LoadReport, read_definitions
from runtime.config import Settings

NEED_USERNAME = ("no bot token is set: pass --bot-username <name> (the bot's @username), or set TELEGRAM_TOKEN "
                 "or BALE_TOKEN so it can be asked of the platform")


async def _usernames(settings: Settings) -> dict[str, str]:
    """Each configured bot's username by platform, asked of its platform."""
    found: dict[str, str] = {}
    for spec in settings.bots():
        bot: Bot = create_bot(spec, timeout=15)
        try:
            me = await bot.get_me()
        finally:
            await bot.session.close()
        if me.username:
            found[spec.platform.value] = me.username
    return found


def save_qr(link: str, path: Path) -> Path:
    """Write a QR code of a link as a PNG (creating the folder) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    qrcode.make(link, box_size=12, border=4).save(str(path))
    return path


async def write_poster(settings: Settings, slug: str, out_dir: str, bot_username: str | None, *,
                       bale_username: str | None = None, language: str = "fa",
                       bale_link_base: str | None = None) -> int:
    """Write the campaign's printable poster (<out>/<slug>-a4.pdf, -a5.pdf, .svg; -en for English), a QR-code
    PNG of its link, and print the links; an exit code."""
    definitions = {d.slug: d for d in read_definitions(Path(settings.campaigns_dir), LoadReport())}
    if slug not in definitions:
        known = ", ".join(sorted(definitions)) or "none"
        print(f"hamyar: no campaign {slug!r} in {settings.campaigns_dir} (known: {known})", file=sys.stderr)
        return 2
    names: dict[str, str] = {}
    if settings.bots() and not (bot_username and bale_username):
        try:
            names = await _usernames(settings)
        except Exception as exc:  # the platform is unreachable or the token is wrong
            print(f"hamyar: could not ask the platform for the bot's username ({exc}); pass --bot-username",
                  file=sys.stderr)
            return 2
    telegram = (bot_username or names.get("telegram") or names.get("bale") or "").lstrip("@")
    bale = (bale_username or names.get("bale") or telegram).lstrip("@")
    if not telegram:
        print(f"hamyar: {NEED_USERNAME}", file=sys.stderr)
        return 2
    # Bale's deep-link form (ble.ir/<bot>?start=…) is not confirmed by Bale: --bale-link-base changes it.
    bale_link = campaign_link("bale", bale, slug)
    if bale_link_base:
        bale_link = bale_link.replace(LINK_BASES["bale"], bale_link_base.rstrip("/"), 1)
    links = PosterLinks(telegram=campaign_link("telegram", telegram, slug), bale=bale_link)
    definition = definitions[slug]
    try:
        files = await asyncio.to_thread(write_poster_files, definition, links, language, Path(out_dir))
    except PosterError as exc:
        print(f"hamyar: {exc}", file=sys.stderr)
        return 2
    png = save_qr(links.telegram, Path(out_dir) / f"{slug}.png")
    print(f"{definition.title.fa} / {definition.title.en}")
    print(f"telegram: {links.telegram}")
    print(f"bale: {links.bale}")
    for path in (*files, png):
        print(f"poster: {path}")
    return 0
