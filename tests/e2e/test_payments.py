"""A pledge paid inside the chat, over the emulator in both dialects (Telegram: IRR in its smallest unit; Bale:
rials): paid (fulfilled at once, counted once however often the platform repeats it), abandoned or refused (still
pledged, payable later from «تعهدهای من»), the pre-checkout's refusals, and no provider (the campaign's card, as
before)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, timedelta

import pytest
from sqlalchemy import select

from campaigns import stats
from campaigns.broadcasts.schedules import fire
from campaigns.jalali import IRAN_TZ, period_of
from campaigns.roles import Scope
from emulator import BotApiEmulator, BotMessage, UserClient
from storage.models import Pledge, utcnow
from storage.models.broadcasts import Schedule
from storage.models.payments import Payment, PaymentInvoice
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap
from tests.e2e.managers import drain_outbox

PROVIDERS = {"payments_bale_provider_token": "6037991234567890", "payments_telegram_provider_token": "284685063:TEST"}
# 250,000 tomans: Bale charges rials (ten to a toman); Telegram's IRR counts its smallest unit (two digits).
CHARGED = {"bale": 2_500_000, "telegram": 250_000_000}


@pytest.fixture(params=["telegram", "bale"])
async def paying(request: pytest.FixtureRequest, db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar on one platform with a payment provider set for both."""
    harness = await Harness.start(db_url, redis_url, platform=request.param, **PROVIDERS)
    yield harness
    await harness.stop()


async def cash_pledge(hamyar: Harness, user_id: int) -> UserClient:
    """A newcomer onboarded who pledges 250,000 tomans once to the dowry drive, by buttons and typing."""
    user = await journeys.open_campaign(hamyar, user_id, "dowry-sets")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک را به تومان بنویسید")
    region = await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد")
    await tap(user, region.button_texts()[1], "یک‌بار کمک می‌کنید یا هر ماه")
    await say(user, "یک‌بار", "لطفاً تعهد خود را بررسی کنید")
    return user


async def invoice_after(user: UserClient, button: str, *, message_id: int | None = None) -> BotMessage:
    """A pay button pressed: the invoice the bot sends."""
    await user.press(button, message_id=message_id)
    return await user.wait_for_message(lambda m: m.kind == "invoice", only=True)


async def payments_of(hamyar: Harness, pledge_id: int) -> list[Payment]:
    """The payments stored for a pledge."""
    async with hamyar.session() as session:
        return list((await session.execute(select(Payment).where(Payment.pledge_id == pledge_id))).scalars())


async def fulfilled_in_stats(hamyar: Harness, campaign_id: int) -> int:
    """The campaign's fulfilled pledges in a national manager's statistics."""
    async with hamyar.session() as session:
        return (await stats.campaign(UnitOfWork(session), Scope(RoleLevel.NATIONAL), campaign_id)).fulfilled


async def test_pledge_paid_in_the_chat_counted_once(paying: Harness, caplog: pytest.LogCaptureFixture) -> None:
    user = await cash_pledge(paying, 7001)
    saved = await tap(user, "تأیید", "تعهد شما ثبت شد")
    assert "شماره کارت" not in (saved.text or "")  # the offer to pay here replaces the card number
    offer = await expect(user, "بی‌آنکه از گفتگو بیرون بروید")
    assert offer.button_texts() == ["پرداخت در همین گفتگو"]
    [pledge] = await journeys.pledges(paying, 7001)
    assert await fulfilled_in_stats(paying, pledge.campaign_id) == 0

    invoice = await invoice_after(user, "پرداخت در همین گفتگو")
    assert invoice.invoice is not None, user.dump()
    assert invoice.invoice["title"] == f"پرداخت تعهد شماره {journeys_digits(pledge.id)}"
    assert "۲۵۰٬۰۰۰ تومان" in invoice.invoice["description"] and "جهیزیه" in invoice.invoice["description"]
    assert (invoice.invoice["currency"], invoice.invoice["total_amount"]) == ("IRR", CHARGED[paying.platform])
    assert invoice.invoice["payload"].startswith(f"pledge:{pledge.id}:")

    outcome = await user.pay()
    assert outcome.paid and outcome.successful_payment is not None, outcome
    thanks = await expect(user, "پرداخت شما انجام شد")
    charge = outcome.successful_payment["telegram_payment_charge_id"]
    assert "۲۵۰٬۰۰۰ تومان" in (thanks.text or "") and charge in (thanks.text or "")
    assert "تاکنون ۲۵۰٬۰۰۰ تومان در همین گفتگو" in (thanks.text or "") and "پیشرفت" in (thanks.text or "")

    [pledge] = await journeys.pledges(paying, 7001)
    assert pledge.status == "fulfilled" and pledge.fulfilled_at is not None
    [payment] = await payments_of(paying, pledge.id)
    assert (payment.platform, payment.charge_id, payment.provider_charge_id) == (
        paying.platform, charge, outcome.successful_payment["provider_payment_charge_id"])
    assert (payment.amount, payment.tomans, payment.currency) == (CHARGED[paying.platform], 250_000, "IRR")
    assert payment.campaign_id == pledge.campaign_id
    assert await fulfilled_in_stats(paying, pledge.campaign_id) == 1

    # The platform delivers the same successful_payment again: nothing is counted twice, nobody thanked twice.
    with caplog.at_level(logging.INFO, logger="campaigns.payments"):
        await user.repeat_successful_payment(outcome)
        listing = await say(user, "/pledges", "تعهدهای شما")  # handled after the repeat (one person, in order)
    assert "repeated successful_payment ignored" in caplog.text
    assert "انجام شده" in (listing.text or "") and "تعهد شده" not in (listing.text or ""), user.dump()
    assert listing.inline_buttons == []  # nothing left to pay or cancel
    assert sum("پرداخت شما انجام شد" in (m.text or "") for m in user.messages()) == 1
    assert len(await payments_of(paying, pledge.id)) == 1
    assert await fulfilled_in_stats(paying, pledge.campaign_id) == 1
    assert "09121234567" not in caplog.text and "9121234567" not in caplog.text


def journeys_digits(number: int) -> str:
    """A number in Persian digits, as the Persian texts show ids."""
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


async def test_abandoned_and_refused_payments_leave_it_pledged_and_it_is_paid_later(paying: Harness) -> None:
    user = await cash_pledge(paying, 7002)
    await say(user, "تأیید", "تعهد شما ثبت شد")  # Confirm typed: the same offer as pressed
    await expect(user, "بی‌آنکه از گفتگو بیرون بروید")
    first = await invoice_after(user, "پرداخت در همین گفتگو")

    assert user.abandon_payment().status == "abandoned"  # opened and closed: the bot hears nothing
    # A query whose amount is not the invoice's (forged or stale): refused, with the reason in Persian.
    refused = await user.pay(first.message_id, total_amount=CHARGED[paying.platform] // 10)
    assert refused.status == "refused", refused
    assert refused.error_message is not None and "مبلغ این صورت‌حساب" in refused.error_message
    [pledge] = await journeys.pledges(paying, 7002)
    assert pledge.status == "pledged" and await payments_of(paying, pledge.id) == []

    listing = await say(user, "تعهدهای من", "تعهدهای شما")
    assert "تعهد شده" in (listing.text or "")
    assert listing.button_texts() == ["پرداخت تعهد ۱ در همین گفتگو", "لغو تعهد ۱"]
    later = await invoice_after(user, "پرداخت تعهد ۱ در همین گفتگو")
    assert later.message_id != first.message_id and later.invoice is not None
    outcome = await user.pay(later.message_id)
    assert outcome.paid, outcome
    await expect(user, "پرداخت شما انجام شد")
    [pledge] = await journeys.pledges(paying, 7002)
    assert pledge.status == "fulfilled" and len(await payments_of(paying, pledge.id)) == 1
    async with paying.session() as session:  # two invoices, each its own nonce
        nonces = (await session.execute(select(PaymentInvoice.nonce).where(
            PaymentInvoice.pledge_id == pledge.id))).scalars().all()
    assert len(set(nonces)) == 2


async def test_pre_checkout_refuses_a_paid_a_cancelled_and_a_forgotten_persons_pledge(paying: Harness) -> None:
    # Already paid: two invoices for one pledge; the second one paid, the first is refused.
    user = await cash_pledge(paying, 7003)
    await tap(user, "تأیید", "تعهد شما ثبت شد")
    await expect(user, "بی‌آنکه از گفتگو بیرون بروید")
    first = await invoice_after(user, "پرداخت در همین گفتگو")
    await say(user, "/pledges", "تعهدهای شما")
    second = await invoice_after(user, "پرداخت تعهد ۱ در همین گفتگو")
    assert (await user.pay(second.message_id)).paid
    await expect(user, "پرداخت شما انجام شد")
    again = await user.pay(first.message_id)
    assert again.status == "refused" and again.error_message == "این تعهد پیش‌تر پرداخت شده است. پولی از شما کم نشد."
    [pledge] = await journeys.pledges(paying, 7003)
    assert len(await payments_of(paying, pledge.id)) == 1

    # Cancelled after its invoice was sent.
    user = await cash_pledge(paying, 7004)
    await tap(user, "تأیید", "تعهد شما ثبت شد")
    await expect(user, "بی‌آنکه از گفتگو بیرون بروید")
    invoice = await invoice_after(user, "پرداخت در همین گفتگو")
    await say(user, "/pledges", "تعهدهای شما")
    await tap(user, "لغو تعهد ۱", "لغو شود؟")
    await tap(user, "بله، لغو شود", "تعهد لغو شد")
    cancelled = await user.pay(invoice.message_id)
    assert cancelled.status == "refused" and "لغو شده" in (cancelled.error_message or "")
    [pledge] = await journeys.pledges(paying, 7004)
    assert pledge.status == "cancelled" and await payments_of(paying, pledge.id) == []

    # Forgotten: the person erased their data; the invoice they still hold is refused.
    user = await cash_pledge(paying, 7005)
    await tap(user, "تأیید", "تعهد شما ثبت شد")
    await expect(user, "بی‌آنکه از گفتگو بیرون بروید")
    invoice = await invoice_after(user, "پرداخت در همین گفتگو")
    payload = (invoice.invoice or {})["payload"]
    await say(user, "/forget", "آیا مطمئن هستید؟")
    await tap(user, "بله، همه را پاک کن", "اطلاعات شما پاک شد")
    forgotten = await user.pay(invoice.message_id)
    assert forgotten.status == "refused" and "پاک شده" in (forgotten.error_message or "")
    pledge_id = int(payload.split(":")[1])
    async with paying.session() as session:
        pledge_row = await session.get(Pledge, pledge_id)
    assert pledge_row is not None and pledge_row.status == "pledged" and pledge_row.person_id is None
    assert await payments_of(paying, pledge_id) == []


@pytest.mark.parametrize("hamyar", ["telegram", "bale"], indirect=True)
async def test_without_a_provider_the_campaigns_card_stays(hamyar: Harness) -> None:
    user = await cash_pledge(hamyar, 7006)
    saved = await tap(user, "تأیید", "تعهد شما ثبت شد")
    assert "شماره کارت" in (saved.text or "")
    listing = await say(user, "/pledges", "تعهدهای شما")
    assert listing.button_texts() == ["لغو تعهد ۱"]
    assert not [m for m in user.messages() if m.kind == "invoice"]


async def test_the_monthly_reminder_brings_this_months_invoice(paying: Harness) -> None:
    user = await journeys.open_campaign(paying, 7007, "dowry-sets")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک را به تومان بنویسید")
    await say(user, "۲۵۰ هزار", "کمک شما به کجا برسد")
    await say(user, "۴", "یک‌بار کمک می‌کنید یا هر ماه")
    await tap(user, "هر ماه", "لطفاً تعهد خود را بررسی کنید")
    await tap(user, "تأیید", "تعهد شما ثبت شد")
    await expect(user, "بی‌آنکه از گفتگو بیرون بروید")
    [pledge] = await journeys.pledges(paying, 7007)
    assert pledge.recurrence == "monthly" and pledge.period

    # The campaign's monthly event fires (noon, Iran time, in this Jalali month) and the worker sends it.
    noon = utcnow().astimezone(IRAN_TZ).replace(hour=12, minute=0).astimezone(UTC)
    async with paying.session() as session:
        schedule = (await session.execute(select(Schedule).where(Schedule.source == "dowry-sets#monthly"))).scalar_one()
        schedule.created_at = noon - timedelta(days=60)
        await session.commit()
        schedule_id = schedule.id
    assert await fire(UnitOfWorkFactory(paying.app.session_pool), schedule_id, period_of(noon), noon) is not None
    await drain_outbox(paying)
    reminder = await user.wait_for_message(lambda m: "تعهد ماهانه" in (m.text or ""))
    assert "پرداخت تعهد این ماه" in reminder.button_texts(), user.dump()

    invoice = await invoice_after(user, "پرداخت تعهد این ماه")
    assert (invoice.invoice or {})["payload"].startswith(f"pledge:{pledge.id}:")
    assert (invoice.invoice or {})["total_amount"] == CHARGED[paying.platform]
    assert (await user.pay()).paid
    await expect(user, "پرداخت شما انجام شد")
    [pledge] = await journeys.pledges(paying, 7007)
    assert pledge.status == "fulfilled" and len(await payments_of(paying, pledge.id)) == 1

    # This month's pledge is paid: the reminder's button now says there is nothing to pay.
    await tap(user, "پرداخت تعهد این ماه", "تعهد پرداخت‌نشده‌ای در این پویش ندارید", message_id=reminder.message_id)


@pytest.mark.parametrize("dialect", ["telegram", "bale"])
async def test_the_emulator_plays_each_platforms_invoice_rules_and_its_ten_seconds(dialect: str) -> None:
    async with BotApiEmulator(dialect=dialect) as emu:
        bot = emu.bot(emu.add_bot())
        user = emu.user(bot.token, user_id=42, first_name="Sara")
        invoice = {"chat_id": 42, "title": "Pledge 1", "description": "250,000 tomans", "payload": "pledge:1:ab",
                   "provider_token": "6037991234567890", "prices": json.dumps([{"label": "Cash", "amount": 2_500_000}])}
        status, body = await emu.call_method(bot, "sendInvoice", invoice)  # no currency
        if dialect == "bale":  # Bale charges rials and says so
            assert status == 200 and body["result"]["invoice"]["currency"] == "IRR", body
        else:
            assert (status, body["description"]) == (400, "Bad Request: CURRENCY_INVALID")
            status, body = await emu.call_method(bot, "sendInvoice", {**invoice, "currency": "IRR"})
            assert status == 200, body
        assert body["result"]["invoice"]["total_amount"] == 2_500_000 and "payload" not in body["result"]["invoice"]
        status, body = await emu.call_method(bot, "sendInvoice", {**invoice, "currency": "IRR", "provider_token": ""})
        assert (status, body["description"]) == (400, "Bad Request: PAYMENT_PROVIDER_INVALID")

        # Nobody answers the pre-checkout within the platform's time: the payment fails, a late answer is refused.
        emu.payments.answer_timeout = 0.2
        outcome = await user.pay()
        assert outcome.status == "timeout" and outcome.successful_payment is None
        [update] = [u for _, u in bot.updates.take(10, lambda: False) if "pre_checkout_query" in u]
        query = update["pre_checkout_query"]
        assert (query["currency"], query["total_amount"], query["invoice_payload"]) == ("IRR", 2_500_000, "pledge:1:ab")
        status, body = await emu.call_method(bot, "answerPreCheckoutQuery",
                                             {"pre_checkout_query_id": query["id"], "ok": True})
        assert status == 400 and "query is too old" in body["description"]
        assert not [m for m in user.chat.history.values() if m.kind == "successful_payment"]


async def test_a_payment_passes_the_flood_throttle(db_url: str, redis_url: str | None) -> None:
    # Replies unpaced (PER_CHAT_RATE), so the flood's answers come at once.
    hamyar = await Harness.start(db_url, redis_url, platform="bale", throttle_rate=40, throttle_window=300,
                                 per_chat_rate=100, **PROVIDERS)
    try:
        user = await cash_pledge(hamyar, 7008)
        await tap(user, "تأیید", "تعهد شما ثبت شد")
        await expect(user, "بی‌آنکه از گفتگو بیرون بروید")
        await invoice_after(user, "پرداخت در همین گفتگو")
        before = user.chat.version
        for index in range(40):  # far past the throttle: this person's next updates are dropped...
            await user.send_text(f"سلام {index}")
        await user.wait_for_message(lambda m: "خیلی تند پشت سر هم" in (m.text or ""), timeout=20, after=before)
        outcome = await user.pay()  # ...but not a payment: the platform waits for the pre-checkout's answer
        assert outcome.paid, outcome
        await user.wait_for_message(lambda m: "پرداخت شما انجام شد" in (m.text or ""), timeout=20)
        [pledge] = await journeys.pledges(hamyar, 7008)
        assert pledge.status == "fulfilled"
    finally:
        await hamyar.stop()
