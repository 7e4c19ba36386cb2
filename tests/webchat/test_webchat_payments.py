"""Paying a pledge on the simulator's chat page (system Chromium, Playwright): the simulator's pretend provider
makes a cash pledge offer «پرداخت در همین گفتگو»; the page shows the invoice (title, description, the amount in
Persian digits) with «پرداخت» and «انصراف»; «انصراف» leaves the pledge unpaid, «پرداخت» pays it through the
emulator and the bot's thanks arrive."""

from __future__ import annotations

import aiohttp

from tests.browser import launched, needs_chromium
from tests.webchat.chat_page import press, say, see
from tests.webchat.test_webchat_simulator import CITIZEN, Person, simulator  # noqa: F401 (a fixture)

pytestmark = needs_chromium


async def test_a_cash_pledge_paid_from_the_page(simulator: str) -> None:  # noqa: F811
    async with aiohttp.ClientSession() as http:
        await Person(http, simulator, CITIZEN).onboard("+989121111111")
    async with launched() as browser:
        page = await browser.new_page(viewport={"width": 420, "height": 800})
        await page.goto(simulator + "/")
        await page.select_option("#identity-select", str(CITIZEN))
        await see(page, "ثبت‌نام شما کامل شد")
        await say(page, "/start c_dowry-sets")
        await see(page, "پیوستید")
        await press(page, "تعهد کمک نقدی")
        await see(page, "مبلغ کمک را به تومان بنویسید")
        await say(page, "۲۵۰٬۰۰۰")
        await see(page, "کمک شما به کجا برسد")
        await page.locator("#messages li.from-bot", has_text="کمک شما به کجا برسد").last.locator(
            ".inline-kb button").nth(1).click()
        await see(page, "یک‌بار کمک می‌کنید یا هر ماه")
        await say(page, "یک‌بار")
        await see(page, "لطفاً تعهد خود را بررسی کنید")
        await press(page, "تأیید")
        await see(page, "بی‌آنکه از گفتگو بیرون بروید")

        # Closed unpaid first: the page says so, and the pledge is paid later from «تعهدهای من».
        await press(page, "پرداخت در همین گفتگو")
        invoice = page.locator("#messages li.from-bot .invoice").last
        await invoice.wait_for(timeout=20_000)
        assert "پرداخت تعهد شماره" in await invoice.locator(".invoice-title").inner_text()
        assert "جهیزیه" in await invoice.locator(".invoice-description").inner_text()
        # 250,000 tomans: 2,500,000 rials, in Persian digits.
        assert "۲٬۵۰۰٬۰۰۰ ریال" in await invoice.locator(".invoice-amount").inner_text()
        assert "۲۵۰٬۰۰۰ تومان" in await invoice.locator(".invoice-amount").inner_text()
        await invoice.get_by_role("button", name="انصراف").click()
        await invoice.locator(".invoice-status", has_text="تعهدهای من").wait_for(timeout=20_000)

        await say(page, "/pledges")
        await see(page, "تعهدهای شما")
        await press(page, "پرداخت تعهد ۱ در همین گفتگو")
        await page.locator("#messages li.from-bot .invoice").nth(1).wait_for(timeout=20_000)
        second = page.locator("#messages li.from-bot .invoice").last
        await second.get_by_role("button", name="پرداخت", exact=True).click()
        await see(page, "پرداخت شما انجام شد", timeout=30_000)
        await second.locator(".invoice-status", has_text="پرداخت شد").wait_for(timeout=20_000)
        assert await second.get_by_role("button", name="پرداخت", exact=True).is_disabled()

        await say(page, "/pledges")
        listing = page.locator("#messages li.from-bot", has_text="تعهدهای شما").nth(1)  # the second listing
        await listing.wait_for(timeout=20_000)
        assert "انجام شده" in await listing.inner_text()
