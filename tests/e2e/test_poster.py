"""`python -m bot poster <slug>`: a printable A4 and A5 poster (PDF, and SVG) whose text reads the campaign's
title, call to action, goal and both links, and whose two QR codes decode to the Telegram and Bale deep links.

The first page is kept as a PNG for a look: in HAMYAR_TEST_ARTIFACTS when set, else in the test's tmp folder.
Skipped (with the reason) when Chromium, pypdfium2 or zxing-cpp is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.poster_print import PosterLinks, poster_html, print_pdf
from campaigns.loader import LoadReport, read_definitions
from runtime.config import ROOT

pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 is not installed (make setup)")
zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is not installed (make setup)")
pytestmark = pytest.mark.skipif(not (shutil.which("chromium") or os.environ.get("CHROMIUM")),
                                reason="chromium is not installed (apt-get install -y chromium)")

TELEGRAM = "https://t.me/hamyar_bot?start=c_energy-wheelchairs"
BALE = "https://bale.example/hamyar_bale_bot?start=c_energy-wheelchairs"
A4, A5 = (595, 842), (420, 595)  # points


def _page(path: Path) -> Any:
    return pdfium.PdfDocument(str(path))[0]


def _text(path: Path) -> str:
    """The page's text as one string (a link broken over two lines is joined again)."""
    return "".join(_page(path).get_textpage().get_text_range().split())


def _has(text: str, words: str) -> bool:
    """Every word is in the text, in reading or visual order (a PDF may store Persian either way)."""
    return all(word in text or word[::-1] in text for word in words.split())


def _codes(path: Path, keep: Path | None = None) -> set[str]:
    image = _page(path).render(scale=3).to_pil()
    if keep is not None:
        image.save(keep)
    return {result.text for result in zxingcpp.read_barcodes(image)}


def test_the_poster_is_a4_and_a5_with_its_words_and_two_codes_that_open_the_campaign(tmp_path: Path,
                                                                                     capsys: Any) -> None:
    code = main(["poster", "energy-wheelchairs", "--out", str(tmp_path), "--bot-username", "hamyar_bot",
                 "--bale-username", "hamyar_bale_bot", "--bale-link-base", "https://bale.example"])
    assert code == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert f"telegram: {TELEGRAM}" in printed and f"bale: {BALE}" in printed
    a4, a5 = tmp_path / "energy-wheelchairs-a4.pdf", tmp_path / "energy-wheelchairs-a5.pdf"
    for path, size in ((a4, A4), (a5, A5)):
        assert len(pdfium.PdfDocument(str(path))) == 1
        assert tuple(round(side) for side in _page(path).get_size()) == size
        text = _text(path)
        assert "t.me/hamyar_bot?start=c_energy-wheelchairs" in text
        assert "bale.example/hamyar_bale_bot?start=c_energy-wheelchairs" in text
        for words in ("پویش تأمین ویلچر از محل کاهش مصرف انرژی", "مصرف برق خانه یا محل کار خود را کم کنید",
                      "هدف پویش", "تلگرام", "بله", "سازمان بهزیستی کشور"):
            assert _has(text, words), words
        assert "۵۰۰" in text or "۰۰۵" in text  # the goal: 500 wheelchairs, in Persian digits
    artifacts = Path(os.environ.get("HAMYAR_TEST_ARTIFACTS") or tmp_path)
    artifacts.mkdir(parents=True, exist_ok=True)
    assert _codes(a4, keep=artifacts / "poster-energy-wheelchairs-a4.png") == {TELEGRAM, BALE}
    assert _codes(a5) == {TELEGRAM, BALE}
    svg = (tmp_path / "energy-wheelchairs.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "پویش تأمین ویلچر از محل کاهش مصرف انرژی" in svg and svg.count("<path") == 2
    assert (tmp_path / "energy-wheelchairs.png").exists()  # the QR code alone, as before


def test_an_english_poster(tmp_path: Path) -> None:
    definition = next(d for d in read_definitions(ROOT / "campaigns" / "definitions", LoadReport())
                      if d.slug == "energy-wheelchairs")
    links = PosterLinks(telegram=TELEGRAM, bale=BALE)
    page = poster_html(definition, links, "en", "a4")
    assert 'lang="en" dir="ltr"' in page
    pdf = print_pdf(page, tmp_path / "en.pdf")
    text = _text(pdf)
    for words in ("WheelchairsfromenergysavingUselesselectricityathomeoratwork.",
                  "Campaigngoal:500wheelchairs", "OnTelegram", "OnBale", "StateWelfareOrganisationofIran"):
        assert words in text, (words, text)
    assert _codes(pdf) == {TELEGRAM, BALE}


def test_an_unknown_campaign_or_no_username_is_one_line(tmp_path: Path, capsys: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    monkeypatch.delenv("BALE_TOKEN", raising=False)
    assert main(["poster", "no-such-drive", "--out", str(tmp_path), "--bot-username", "x_bot"]) == 2
    assert "no campaign 'no-such-drive'" in capsys.readouterr().err
    assert main(["poster", "energy-wheelchairs", "--out", str(tmp_path)]) == 2
    assert "--bot-username" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
