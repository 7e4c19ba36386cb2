"""The chat page in the system Chromium, driven by Playwright (by its executable path: no browser download):
Persian read right (each line its own direction), a reply keyboard that keeps its size, links, focus after a
press, the served Persian font, and no serious or critical axe-core violations, at phone and desktop sizes.

Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.browser import AXE, launched, needs_chromium
from tests.webchat.webchat_fake_emu import FakeEmu, Served, serve

playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")

pytestmark = needs_chromium
PHONE = {"width": 420, "height": 800}
DESKTOP = {"width": 1280, "height": 800}

HELP = ("فرمان‌ها:\n/me — نمایه من\n/help — راهنما\n\n"
        "برای دیدن فرمان‌ها /help را بفرستید.")
LINKS = ("پرداخت: https://pay.example.ir/p/12، دعوت: t.me/hamyar_bot?start=c12 "
         "و در بله: ble.ir/hamyar_bot?start=c12.")


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """Headless Chromium from the system, launched by Playwright."""
    async with launched() as chromium:
        yield chromium


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    fake = FakeEmu(max_wait=1)
    async with serve(fake) as s:
        yield s


async def _open(browser: Any, served: Served, viewport: dict[str, int] = PHONE) -> Any:
    page = await browser.new_page(viewport=viewport)
    await page.goto(served.url)
    return page


async def _messages(page: Any, count: int) -> None:
    await page.wait_for_function(f"document.querySelectorAll('#messages li').length >= {count}", timeout=10_000)


async def test_a_line_that_starts_with_a_command_reads_left_to_right_from_its_start(browser: Any,
                                                                                   served: Served) -> None:
    served.fake.chat(123, 1001).add_bot(HELP)
    page = await _open(browser, served)
    await _messages(page, 1)
    lines = await page.evaluate("""() => [...document.querySelectorAll('#messages li .text .line')].map(line => {
        const style = getComputedStyle(line);
        const box = line.getBoundingClientRect();
        const command = line.querySelector('a.cmd');
        if (!command) return {text: line.innerText, direction: style.direction};
        const text = command.firstChild;
        const at = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                            return r.getBoundingClientRect(); };
        return {text: line.innerText, direction: style.direction, command: command.textContent,
                slash: at(0).left, letter: at(1).left, lineLeft: box.left,
                commandLeft: command.getBoundingClientRect().left};
    })""")
    by_text = {line["text"]: line for line in lines}
    me = by_text["/me — نمایه من"]
    assert me["direction"] == "ltr" and me["command"] == "/me"
    assert me["slash"] < me["letter"], "the command is shown reversed (me/)"
    assert abs(me["commandLeft"] - me["lineLeft"]) < 2, "the command is not at the line's start"
    assert by_text["/help — راهنما"]["direction"] == "ltr"
    assert by_text["فرمان‌ها:"]["direction"] == "rtl"
    persian = by_text["برای دیدن فرمان‌ها /help را بفرستید."]
    assert persian["direction"] == "rtl" and persian["slash"] < persian["letter"]  # /help inside stays /help
    assert "\n" in by_text  # the empty line is kept (a line break of its own)

    # A command is tappable: it is sent, as in messenger apps.
    await page.click("a.cmd >> text=/me")
    await page.wait_for_function("true")
    sent = [body for method, path, body in served.fake.requests if path.endswith("/users/1001/send")]
    assert sent == [{"text": "/me"}]


async def test_addresses_and_invite_links_are_links(browser: Any, served: Served) -> None:
    served.fake.chat(123, 1001).add_bot(LINKS)
    page = await _open(browser, served)
    await _messages(page, 1)
    links = await page.evaluate("""() => [...document.querySelectorAll('#messages .text a[href]:not(.cmd)')]
        .map(a => [a.textContent, a.href, a.target])""")
    assert links == [
        ["https://pay.example.ir/p/12", "https://pay.example.ir/p/12", "_blank"],
        ["t.me/hamyar_bot?start=c12", "https://t.me/hamyar_bot?start=c12", "_blank"],
        ["ble.ir/hamyar_bot?start=c12", "https://ble.ir/hamyar_bot?start=c12", "_blank"],
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_the_reply_keyboard_keeps_its_height_as_the_chat_grows(browser: Any, served: Served,
                                                                     viewport: dict[str, int]) -> None:
    chat = served.fake.seed_welcome(123, 1001)
    page = await _open(browser, served, viewport)
    await _messages(page, 1)
    await page.wait_for_selector("#reply-kb .kb-btn")
    before = await page.evaluate("document.getElementById('reply-kb').getBoundingClientRect().height")
    for index in range(40):
        chat.add_bot(f"پیام شماره {index + 1}\nخط دوم این پیام")
    await _messages(page, 41)
    after = await page.evaluate("document.getElementById('reply-kb').getBoundingClientRect().height")
    assert before > 60 and after == before
    buttons = await page.evaluate("""() => [...document.querySelectorAll('#reply-kb .kb-btn')]
        .map(b => b.getBoundingClientRect().height)""")
    assert min(buttons) >= 36  # every button can still be read and pressed


async def test_focus_stays_on_the_message_a_press_edited(browser: Any, served: Served) -> None:
    chat = served.fake.seed_welcome(123, 1001)
    page = await _open(browser, served)
    await _messages(page, 1)
    # The fake edits the message on this press into a new menu: focus stays on the button in the same place.
    await page.click("#messages .inline-kb button >> text=کمپین‌های فعال")
    await page.wait_for_selector("#messages li .edited")
    focused = await page.evaluate("""() => [document.activeElement.tagName, document.activeElement.dataset.row,
        document.activeElement.closest('li')?.dataset.messageId]""")
    assert focused == ["BUTTON", "0", "1"]
    # An edit that takes the buttons away: focus returns to the message itself, not to the page's body.
    chat.messages[0].update(inline_buttons=[], text="انتخاب شما ثبت شد.")
    chat.bump()
    await page.wait_for_function("!document.querySelector('#messages .inline-kb')")
    focused = await page.evaluate("[document.activeElement.tagName, document.activeElement.dataset.messageId]")
    assert focused == ["LI", "1"]


async def test_the_page_uses_the_persian_font_it_serves(browser: Any, served: Served) -> None:
    served.fake.seed_welcome(123, 1001)
    page = await _open(browser, served)
    await _messages(page, 1)
    loaded = await page.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Vazirmatn' && f.status === 'loaded')
          .map(f => f.weight); }""")
    assert "400" in loaded
    assert await page.evaluate("document.fonts.check('15px Vazirmatn', 'سلام')")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_no_serious_or_critical_accessibility_violations(browser: Any, served: Served,
                                                               viewport: dict[str, int]) -> None:
    chat = served.fake.seed_welcome(123, 1001)
    chat.add_bot(HELP)
    chat.add_bot(LINKS)
    page = await _open(browser, served, viewport)
    await _messages(page, 3)
    await page.wait_for_selector("#reply-kb .kb-btn")
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
