"""The Mini App's language, which no cookie can carry inside the messengers' web clients' frame: the answer to a
verified initData speaks the manager's own stored language (chosen in the bot), Persian by default; the page before
sign-in speaks ?lang='s (Persian by default) and posts it as a hint that counts only when the initData names no one.
The pages' switch stays on framable routes: /app?lang=… before sign-in, and afterwards a form posting the same
sign-in again with the other language (a fresh link on the new-tab page); none links to /language/…. A language
that is not Persian or English, in the address or the form, is ignored; a sign-in posted from another site gets a
page with no switch (which would post its initData again, from this site)."""

from __future__ import annotations

import html as markup
import re

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from emulator import BotMessage, UserClient
from emulator.webapp import sign_init_data
from i18n import translator
from storage.models.roles import RoleLevel
from tests.dashboard.conftest import BASE, MANAGER, fa
from tests.dashboard.test_entry import init_data_of, no_session, open_app
from tests.dashboard.test_entry_framed import LINK
from tests.dashboard.test_frame_headers import MESSENGERS, directives
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap
from tests.e2e.managers import make_manager

en = translator("en")
SWITCH = re.compile(r'<form id="language-switch" class="inline language" method="post" action="/app/session">(.*?)'
                    r'<button type="submit" lang="(fa|en)">([^<]+)</button>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def switch_of(html: str) -> tuple[dict[str, str], str, str]:
    """The answer page's language switch: the fields it posts, the language it names and its words."""
    found = SWITCH.search(html)
    assert found, html
    fields = {name: markup.unescape(value) for name, value in HIDDEN.findall(found.group(1))}
    return fields, found.group(2), found.group(3)


def speaks(html: str, language: str) -> bool:
    """True when the page is in this language, right to left for Persian, and links to no /language/…."""
    direction = "rtl" if language == "fa" else "ltr"
    return f'<html lang="{language}" dir="{direction}">' in html and "/language/" not in html


async def framed_post(web: TestClient, init_data: str, **fields: str) -> ClientResponse:
    """What the Mini App's page posts inside a frame, with these fields besides."""
    posted = {"init_data": init_data, "platform": "telegram", "framed": "1", **fields}
    return await web.post("/app/session", data=posted, allow_redirects=False)


async def english_dashboard_reply(hamyar: Harness) -> tuple[UserClient, BotMessage]:
    """A provincial manager of Isfahan who chose English in the bot's profile, and the bot's English answer to their
    /dashboard (its one-time link, its Mini App button)."""
    user = await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    await journeys.open_profile(user)
    await tap(user, "تغییر زبان", "زبان را انتخاب کنید")
    await say(user, "English", "Saved.")
    await expect(user, "What we keep about you")
    await user.send_text("/dashboard")
    return user, await expect(user, en("dashboard-link", link="").splitlines()[0])


async def reads_english(hamyar: Harness) -> str:
    """A manager who chose English in the bot's profile: the initData of their Mini App button."""
    user, _ = await english_dashboard_reply(hamyar)
    return init_data_of(user.open_web_app(en("dashboard-entry-web-app-button")))


async def test_a_manager_reading_english_gets_the_english_new_tab_page_and_can_switch_to_persian(
        hamyar: Harness, app_web: TestClient) -> None:
    init_data = await reads_english(hamyar)

    answer = await framed_post(app_web, init_data, hint="fa")  # the page's hint does not outweigh their choice
    html = await answer.text()
    assert answer.status == 200 and no_session(answer) and speaks(html, "en"), html
    assert en("dashboard-entry-app-new-tab-heading") in html
    assert en("dashboard-entry-app-new-tab-once", minutes=5) in html
    found = LINK.search(html)
    assert found and found.group(2) == en("dashboard-entry-app-new-tab-button") and found.group(1).startswith(BASE)
    fields, language, words = switch_of(html)
    assert (language, words) == ("fa", en("dash-language-switch")) and words == "فارسی"
    assert fields == {"platform": "telegram", "init_data": init_data, "framed": "1", "lang": "fa"}

    persian = await app_web.post("/app/session", data=fields, allow_redirects=False)  # the switch pressed
    html = await persian.text()
    assert persian.status == 200 and no_session(persian) and speaks(html, "fa"), html
    assert directives(persian.headers["Content-Security-Policy"])["frame-ancestors"] == MESSENGERS
    again = LINK.search(html)
    assert again and again.group(2) == fa("dashboard-entry-app-new-tab-button") and again.group(1) != found.group(1)
    fields, language, words = switch_of(html)
    assert (language, words, fields["lang"]) == ("en", "English", "en")


async def test_persian_by_default_and_a_language_neither_persian_nor_english_is_ignored(
        hamyar: Harness, app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    _, init_data = await open_app(hamyar)

    for fields in ({}, {"hint": "en"}, {"lang": "de", "hint": "xx"}, {"lang": "<b>en</b>", "hint": "EN"}):
        answer = await framed_post(app_web, init_data, **fields)
        html = await answer.text()
        assert answer.status == 200 and speaks(html, "fa"), fields
        assert fa("dashboard-entry-app-new-tab-heading") in html and "<b>" not in html, fields
        assert switch_of(html)[0]["lang"] == "en", fields

    for query in ("", "?lang=de", "?lang=%3Cb%3Een", "?lang=EN", "?lang=fa"):
        page = await app_web.get(f"/app{query}")
        html = await page.text()
        assert page.status == 200 and speaks(html, "fa") and "<b>" not in html, query
        assert fa("dashboard-entry-app-wait") in html and '<input type="hidden" name="hint" value="fa">' in html, query
        assert ('<a id="language-switch" class="language" href="/app?platform=telegram&amp;lang=en"'
                in html), query
    english = await (await app_web.get("/app?platform=bale&lang=en")).text()
    assert speaks(english, "en") and en("dashboard-entry-app-wait") in english
    assert en("dashboard-entry-app-bale") in english
    assert '<input type="hidden" name="hint" value="en">' in english
    assert '<a id="language-switch" class="language" href="/app?platform=bale&amp;lang=fa"' in english


async def test_refusals_speak_the_hint_or_the_persons_language_and_switch_by_posting_again(
        hamyar: Harness, app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    _, good = await open_app(hamyar)
    forged = good.replace("hash=", "hash=0")

    refused = await framed_post(app_web, forged, hint="en")  # names no one: the page's hint counts
    html = await refused.text()
    assert refused.status == 403 and speaks(html, "en") and en("dashboard-entry-app-forged-heading") in html
    fields, language, _ = switch_of(html)
    assert language == "fa" and fields["init_data"] == forged
    persian = await app_web.post("/app/session", data=fields, allow_redirects=False)
    html = await persian.text()
    assert persian.status == 403 and no_session(persian) and speaks(html, "fa")
    assert fa("dashboard-entry-app-forged-heading") in html and "/login/" not in html

    await hamyar.onboard(hamyar.user(1001))  # a citizen, who chose Persian in the bot: that outweighs the hint
    citizens = sign_init_data(hamyar.token, {"id": 1001, "first_name": "Sara", "language_code": "en"})
    refused = await framed_post(app_web, citizens, hint="en")
    html = await refused.text()
    assert refused.status == 403 and speaks(html, "fa") and fa("dashboard-refused-not-manager-heading") in html
    fields, language, words = switch_of(html)
    english = await app_web.post("/app/session", data=fields, allow_redirects=False)
    html = await english.text()
    assert (language, words) == ("en", "English") and english.status == 403 and no_session(english)
    assert speaks(html, "en") and en("dashboard-refused-not-manager-heading") in html and "/login/" not in html

    # A manager's initData posted from another site: refused in their language, with no switch carrying it.
    crossed = await app_web.post("/app/session", data={"init_data": good, "platform": "telegram", "framed": "1"},
                                 headers={"Sec-Fetch-Site": "cross-site"}, allow_redirects=False)
    html = await crossed.text()
    assert crossed.status == 403 and speaks(html, "fa") and fa("dashboard-refused-login-csrf-heading") in html
    assert 'id="language-switch"' not in html and "init_data" not in html and "/login/" not in html
