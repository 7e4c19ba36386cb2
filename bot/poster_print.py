"""A printable poster of a campaign: A4 and A5 PDFs and an SVG with its title, a one-line call to action from
its definition, its goal, QR codes for Telegram and for Bale side by side (each labelled, its short link
under it) and the organisation's name.

The PDF is an HTML page printed by Chromium: Chromium shapes and orders Persian right, with the Vazirmatn font
the chat page serves (OFL, emulator/webchat/static/fonts), so nothing here shapes Arabic script by hand."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import qrcode
import qrcode.image.svg

from campaigns.kinds import CampaignDefinition
from emulator.webchat import STATIC_DIR
from i18n import Translator, translator

FONTS = STATIC_DIR / "fonts" / "vazirmatn"
SIZES = {"a4": (210, 297), "a5": (148, 210)}  # millimetres, portrait
PRINT_TIMEOUT = 90.0


class PosterError(Exception):
    """The poster could not be printed (no Chromium, or Chromium failed); the message says what to do."""


@dataclass(frozen=True)
class PosterLinks:
    """The campaign's deep links on each messenger."""

    telegram: str
    bale: str


def short(link: str) -> str:
    """A link as printed under its code: without the scheme (t.me/hamyar_bot?start=c_x)."""
    return re.sub(r"^https?://", "", link)


def call_to_action(definition: CampaignDefinition, language: str) -> str:
    """The campaign summary's first clause, as one line (up to the first «؛», ';' or full stop)."""
    summary = " ".join(definition.summary(language).split())
    first = re.split(r"[؛;.!؟?]", summary, maxsplit=1)[0].strip()
    return f"{first}." if first else summary


def qr_svg(link: str) -> str:
    """A QR code of a link as an inline SVG element (scaled by its container)."""
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return re.sub(r'width="[^"]*" height="[^"]*" ', 'width="100%" height="100%" ', svg, count=1)


def _texts(definition: CampaignDefinition, links: PosterLinks, t: Translator) -> dict[str, str]:
    goal = definition.goal
    return {
        "organisation": t("poster-organisation"),
        "title": definition.title(t.language),
        "call": call_to_action(definition, t.language),
        "goal": t("poster-goal", target=goal.target, unit=goal.unit(t.language)),
        "telegram": t("poster-telegram"),
        "bale": t("poster-bale"),
        "scan": t("poster-scan"),
        "bot": t("poster-bot"),
        "telegram_link": short(links.telegram),
        "bale_link": short(links.bale),
    }


def poster_html(definition: CampaignDefinition, links: PosterLinks, language: str, size: str) -> str:
    """The poster as a page for Chromium to print at `size` (a4 or a5)."""
    t = translator(language)
    width, height = SIZES[size]
    k = width / 210  # everything is laid out for A4 and scaled
    x = {name: html.escape(value) for name, value in _texts(definition, links, t).items()}
    direction = "ltr" if language == "en" else "rtl"
    codes = "".join(
        f'<figure class="code"><figcaption>{x[name]}</figcaption><div class="qr">{qr_svg(link)}</div>'
        f'<p class="link" dir="ltr">{x[name + "_link"]}</p></figure>'
        for name, link in (("telegram", links.telegram), ("bale", links.bale)))
    font = (FONTS / "Vazirmatn-Regular.woff2").as_uri()
    bold = (FONTS / "Vazirmatn-Bold.woff2").as_uri()
    return f"""<!doctype html>
<html lang="{language}" dir="{direction}"><head><meta charset="utf-8"><title>{x['title']}</title>
<style>
@font-face {{ font-family: "Vazirmatn"; src: url("{font}") format("woff2"); font-weight: 400; }}
@font-face {{ font-family: "Vazirmatn"; src: url("{bold}") format("woff2"); font-weight: 700; }}
@page {{ size: {width}mm {height}mm; margin: 0; }}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; }}
body {{ width: {width}mm; height: {height}mm; font-family: "Vazirmatn", sans-serif; color: #15202b;
       display: flex; flex-direction: column; align-items: center; text-align: center; overflow: hidden; }}
.band {{ width: 100%; background: #1f6fb2; color: #fff; padding: {8 * k}mm {12 * k}mm; font-size: {6 * k}mm;
        font-weight: 700; }}
h1 {{ margin: {14 * k}mm {14 * k}mm {6 * k}mm; font-size: {13 * k}mm; line-height: 1.45; }}
.call {{ margin: 0 {16 * k}mm; font-size: {7 * k}mm; line-height: 1.6; }}
.goal {{ margin: {8 * k}mm 0 0; font-size: {7.5 * k}mm; font-weight: 700; color: #0f4c81; }}
.codes {{ display: flex; gap: {14 * k}mm; margin-top: {14 * k}mm; }}
.code {{ margin: 0; width: {72 * k}mm; }}
figcaption {{ font-size: {7 * k}mm; font-weight: 700; margin-bottom: {3 * k}mm; }}
.qr {{ width: {72 * k}mm; height: {72 * k}mm; }}
.qr svg {{ display: block; }}
.link {{ margin: {2 * k}mm 0 0; font-size: {3.2 * k}mm; font-family: "DejaVu Sans Mono", monospace;
        word-break: break-all; }}
.scan {{ margin: auto {16 * k}mm {6 * k}mm; font-size: {5.2 * k}mm; line-height: 1.6; }}
.foot {{ width: 100%; padding: {5 * k}mm; border-top: {0.8 * k}mm solid #1f6fb2; font-size: {5 * k}mm; }}
</style></head>
<body>
<div class="band">{x['organisation']}</div>
<h1>{x['title']}</h1>
<p class="call">{x['call']}</p>
<p class="goal">{x['goal']}</p>
<div class="codes">{codes}</div>
<p class="scan">{x['scan']}</p>
<div class="foot">{x['bot']}</div>
</body></html>
"""


def poster_svg(definition: CampaignDefinition, links: PosterLinks, language: str) -> str:
    """The A4 poster as an SVG (text set in Vazirmatn, which the viewer needs installed to show it as printed)."""
    t = translator(language)
    x = {name: html.escape(value) for name, value in _texts(definition, links, t).items()}
    anchor = 'direction="ltr"' if language == "en" else 'direction="rtl"'
    codes = ""
    for index, (name, link) in enumerate((("telegram", links.telegram), ("bale", links.bale))):
        left = 26 + (index if language == "en" else 1 - index) * 86  # Telegram first in reading order
        place = f'x="{left}" y="138" width="72" height="72" '
        qr = re.sub(r'width="100%" height="100%" ', place, qr_svg(link), count=1)
        codes += (f'<text x="{left + 36}" y="133" font-size="7" font-weight="700" text-anchor="middle" {anchor}>'
                  f'{x[name]}</text>{qr}<text x="{left + 36}" y="216" font-size="3.2" text-anchor="middle" '
                  f'font-family="DejaVu Sans Mono, monospace" direction="ltr">{x[name + "_link"]}</text>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297"
     font-family="Vazirmatn, sans-serif" fill="#15202b">
<rect width="210" height="297" fill="#fff"/><rect width="210" height="22" fill="#1f6fb2"/>
<text x="105" y="14" font-size="6" font-weight="700" fill="#fff" text-anchor="middle" {anchor}
>{x['organisation']}</text>
<text x="105" y="52" font-size="11" font-weight="700" text-anchor="middle" {anchor}>{x['title']}</text>
<text x="105" y="74" font-size="6" text-anchor="middle" {anchor}>{x['call']}</text>
<text x="105" y="96" font-size="7.5" font-weight="700" fill="#0f4c81" text-anchor="middle" {anchor}>{x['goal']}</text>
{codes}
<text x="105" y="250" font-size="5" text-anchor="middle" {anchor}>{x['scan']}</text>
<text x="105" y="285" font-size="5" text-anchor="middle" {anchor}>{x['bot']}</text>
</svg>
"""


def chromium_path() -> str:
    """Chromium to print with: CHROMIUM, else chromium or chromium-browser on the PATH."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise PosterError("printing a poster needs Chromium: apt-get install chromium (or set CHROMIUM=<path>)")
    return found


def print_pdf(page: str, target: Path, chromium: str | None = None) -> Path:
    """Print an HTML page to a PDF with headless Chromium (no network: the page holds everything)."""
    with tempfile.TemporaryDirectory(prefix="hamyar-poster-") as work:
        source = Path(work) / "poster.html"
        source.write_text(page, encoding="utf-8")
        try:
            done = subprocess.run(
                [chromium or chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={Path(work) / 'profile'}", "--no-pdf-header-footer",
                 f"--print-to-pdf={target.resolve()}", source.as_uri()],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=PRINT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise PosterError(f"Chromium did not print {target.name} within {PRINT_TIMEOUT:.0f} s") from None
    if done.returncode != 0 or not target.exists():
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise PosterError(f"Chromium could not print {target.name}: {tail[0]}")
    return target


def write_poster_files(definition: CampaignDefinition, links: PosterLinks, language: str,
                       out_dir: Path) -> list[Path]:
    """Write <slug>-a4.pdf, <slug>-a5.pdf and <slug>.svg (English ones end in -en); their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = definition.slug + ("-en" if language == "en" else "")
    chromium = chromium_path()
    written = [print_pdf(poster_html(definition, links, language, size), out_dir / f"{stem}-{size}.pdf", chromium)
               for size in SIZES]
    svg = out_dir / f"{stem}.svg"
    svg.write_text(poster_svg(definition, links, language), encoding="utf-8")
    return [*written, svg]
