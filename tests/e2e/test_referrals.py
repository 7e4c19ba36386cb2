"""The referral system (نظام ارجاع) over the emulator: a MOHEB volunteer on an accepted call-out refers a person,
the provincial manager assigns a provider, marks contact and closes it; the volunteer hears of every step and
never of the person. Then the bad inputs, consent refused, overdue referrals and /forget."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from campaigns import callouts, referrals
from campaigns.assignments import Manager
from campaigns.audit import Actor
from campaigns.callbacks import ReferralAction, ReferralAssignButton, ReferralButton, ReferralSendButton
from emulator import UserClient
from storage.models import Person, Volunteer, utcnow
from storage.models.referrals import Referral, ServiceProvider
from storage.models.roles import RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.assignment_factories import form
from tests.e2e.forged import press_data
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap
from tests.e2e.managers import deliver_tomorrow as deliver

MANAGER, VOLUNTEER, OTHER_MANAGER = 7301, 8301, 7302
NAME, PHONE = "Zahra Karimi", "09151112233"


async def _person(hamyar: Harness, user_id: int) -> Person:
    async with hamyar.session() as session:
        return (await session.execute(select(Person).where(Person.platform_user_id == user_id))).scalar_one()


async def _referrals(hamyar: Harness) -> list[Referral]:
    async with hamyar.session() as session:
        return list((await session.execute(select(Referral).order_by(Referral.id))).scalars())


async def on_callout(hamyar: Harness) -> tuple[UserClient, UserClient]:
    """An Isfahan provincial manager and a MOHEB volunteer who accepted the manager's call-out (its invitation
    now carries «ارجاع جدید»)."""
    manager, volunteer = hamyar.user(user_id=MANAGER, first_name="Mina"), hamyar.user(user_id=VOLUNTEER,
                                                                                      first_name="Vahid")
    await hamyar.onboard(manager, phone="+989130000001")
    await hamyar.onboard(volunteer, phone="+989130000002")
    boss, helper = await _person(hamyar, MANAGER), await _person(hamyar, VOLUNTEER)
    async with hamyar.session() as session:
        session.add(RoleGrant(person_id=boss.id, level=RoleLevel.PROVINCIAL.value, province_code="isfahan",
                              granted_at=utcnow()))
        session.add(Volunteer(person_id=helper.id, axes=["health"], specialty="psychologist", days=["sat"],
                              hours="any", on_call=True, province_code="isfahan", county_code=helper.county_code))
        await session.commit()
        actor = Actor(boss.id, RoleLevel.PROVINCIAL, "isfahan")
        await callouts.publish(UnitOfWork(session), form(urgent=True, county=None),
                               Manager(actor, hamyar.platform, MANAGER))
    await deliver(hamyar)
    await expect(volunteer, "فراخوان", strict=False)
    await tap(volunteer, "می‌پذیرم", "پذیرفته شدید", strict=False)
    return manager, volunteer


async def refer(volunteer: UserClient, *, consent: bool, urgency: str = "همین امروز") -> None:
    """The volunteer's whole «ارجاع جدید», without detours."""
    await volunteer.press("ارجاع جدید", stale_ok=True)
    await expect(volunteer, "مرحله ۱", strict=False)
    await tap(volunteer, "روان‌شناسی", "مرحله ۲")
    await tap(volunteer, urgency, "مرحله ۳")
    counties = await say(volunteer, "اصفهان", "شهرستان")
    await tap(volunteer, "رد شدن", "مرحله ۴", message_id=counties.message_id)
    await say(volunteer, "بعد از سیل خانه‌اش آسیب دیده", "مرحله ۵")
    if consent:
        await tap(volunteer, "بله، موافق است", "مرحله ۶")
        await say(volunteer, NAME, "مرحله ۷")
        await say(volunteer, "۰۹۱۵۱۱۱۲۲۳۳", "درست است؟")
    else:
        await tap(volunteer, "نه، موافق نیست", "درست است؟")
    await tap(volunteer, "ثبت و ارسال ارجاع", "ثبت شد")


@pytest.mark.parametrize("hamyar", ["telegram", "bale"], indirect=True)
async def test_referral_goes_to_the_manager_and_is_closed_without_the_person_reaching_the_volunteer(
        hamyar: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="campaigns.referrals")
    manager, volunteer = await on_callout(hamyar)
    # The bad inputs on the way: another province, a phone number in the note; each refused and asked again.
    await volunteer.press("ارجاع جدید", stale_ok=True)
    await expect(volunteer, "مرحله ۱", strict=False)
    await say(volunteer, "چیزی", "این نیاز را نشناختم")
    await say(volunteer, "روانشناسی", "مرحله ۲")  # typed, spelt without the half-space
    await tap(volunteer, "همین امروز", "مرحله ۳")
    await say(volunteer, "یزد", "با استان فراخوان یکی نیست")
    counties = await say(volunteer, "اصفهان", "شهرستان", strict=False)
    await tap(volunteer, "رد شدن", "مرحله ۴", message_id=counties.message_id)
    await say(volunteer, "شماره‌اش ۰۹۱۲ ۳۴۵ ۶۷۸۹ است", "شماره تلفن ننویسید")
    await say(volunteer, "x" * 301, "حداکثر ۳۰۰ نویسه")
    await say(volunteer, "بعد از سیل خانه‌اش آسیب دیده", "مرحله ۵")
    await tap(volunteer, "بله، موافق است", "مرحله ۶")
    await say(volunteer, "۱۲۳۴", "نام باید حروف داشته باشد")
    await say(volunteer, NAME, "مرحله ۷")
    await say(volunteer, "۱۲۳", "شمارهٔ همراه درست نیست")
    summary = await say(volunteer, "۰۹۱۵۱۱۱۲۲۳۳", "درست است؟")
    await tap(volunteer, "ثبت و ارسال ارجاع", "ثبت شد")
    (saved,) = await _referrals(hamyar)
    # A double tap of Send (its second press arriving after the first was saved) saves nothing twice.
    again = await press_data(hamyar, volunteer, ReferralSendButton(nonce=saved.nonce).pack(), summary)
    assert "پیش‌تر ثبت شده" in (again.text or "")
    assert len(await _referrals(hamyar)) == 1
    assert (saved.need, saved.urgency, saved.province_code, saved.county_code) == (
        "psychology", "today", "isfahan", None)
    assert (saved.consent, saved.person_name, saved.person_phone, saved.status) == (True, NAME, PHONE, "open")
    assert saved.note == "بعد از سیل خانه‌اش آسیب دیده"
    # The note's phone number reached no log line, masked or not; the refusal is logged.
    assert "6789" not in caplog.text and "۶۷۸۹" not in caplog.text
    assert "referral note with a phone number refused" in caplog.text

    # "Today" reaches the manager in quiet hours (23:30 in Iran).
    await deliver(hamyar, hour=23)
    await expect(manager, "ارجاع تازه از تیم محب", strict=False)
    card = await tap(manager, "باز کردن ارجاع", "ارجاع شمارهٔ")
    assert NAME in (card.text or "") and "09151112233" in (card.text or "")
    await tap(manager, "سپردن به ارائه‌دهنده", "به کدام ارائه‌دهنده")
    await tap(manager, "مشاوره تلفنی بهزیستی (صدای مشاور) (روان‌شناسی)", "سپرده شد")
    (assigned,) = await _referrals(hamyar)
    assert assigned.status == "assigned" and assigned.provider_id is not None
    # The same provider pressed again (a double tap): nothing changes, and the manager is told.
    twice = await press_data(hamyar, manager, ReferralAssignButton(referral=saved.id,
                                                                   provider=assigned.provider_id).pack())
    assert "چیزی تغییر نکرد" in (twice.text or "")
    contacted = await tap(manager, "تماس گرفته شد", "تماس گرفت")
    closed = await tap(manager, "بستن: خدمت ارائه شد", "خدمت ارائه شد")
    assert "سپردن به ارائه‌دهنده" not in closed.button_texts()
    # An older card's button (contacted again, after closing): told where the referral is, nothing changes.
    stale = await press_data(hamyar, manager, ReferralButton(action=ReferralAction.CONTACTED, arg=saved.id).pack(),
                             contacted)
    assert "چیزی تغییر نکرد" in (stale.text or "") and "خدمت ارائه شد" in (stale.text or "")
    (done,) = await _referrals(hamyar)
    assert (done.status, done.outcome) == ("closed", "served")
    assert done.contacted_at is not None and done.provider_id is not None
    # The manager's statistics count it by need and province, with the time to first contact.
    await say(manager, "/manage", "پنل مدیریت همیار")
    await tap(manager, "آمار و خروجی", "آمار و خروجی‌ها")
    figures = await tap(manager, "ارجاع‌های تیم‌های محب", "ارجاع‌های تیم‌های محب در منطقهٔ شما: ۱")
    for line in ("• روان‌شناسی: ۱", "• اصفهان: ۱", "زمان تا نخستین تماس (میانه): ۰ ساعت، در ۱ ارجاع"):
        assert line in (figures.text or ""), line
    assert NAME not in (figures.text or "") and PHONE not in (figures.text or "")

    # The volunteer hears of each step, and nothing they were sent names the person.
    await deliver(hamyar)
    for news in ("به ارائه‌دهندهٔ خدمت سپرده شد", "ارائه‌دهنده با فرد تماس گرفت", "بسته شد: خدمت ارائه شد"):
        await expect(volunteer, news, strict=False)
    seen = [m.text or "" for m in volunteer.messages()] + [a.text or "" for a in volunteer.callback_answers()]
    for secret in (NAME, "Zahra", PHONE, "۰۹۱۵۱۱۱۲۲۳۳", "1112233", "۱۱۱۲۲۳۳"):
        assert not any(secret in text for text in seen), secret


async def test_consent_refused_overdue_reminder_and_forget(hamyar: Harness) -> None:
    manager, volunteer = await on_callout(hamyar)
    await refer(volunteer, consent=False)
    await refer(volunteer, consent=True, urgency="همین هفته")
    first, second = await _referrals(hamyar)
    assert (first.consent, first.person_name, first.person_phone) == (False, None, None)
    assert (second.urgency, second.person_name) == ("week", NAME)
    # At 23:30 in Iran, quiet hours: the "today" referral reaches the manager, the "this week" one waits.
    await deliver(hamyar, hour=23)
    await expect(manager, f"ارجاع تازه از تیم محب، شمارهٔ {_fa(first.id)}", strict=False)
    assert not any(f"شمارهٔ {_fa(second.id)}" in (m.text or "") for m in manager.messages())
    await deliver(hamyar)
    await expect(manager, f"ارجاع تازه از تیم محب، شمارهٔ {_fa(second.id)}", strict=False)

    # Fifty hours on, the "today" one is overdue and the "this week" one is not; one reminder, once.
    async with hamyar.session() as session:
        await session.execute(update(Referral).values(created_at=utcnow() - timedelta(hours=50)))
        await session.commit()
    uows = UnitOfWorkFactory(hamyar.app.session_pool)
    async with uows() as uow:
        assert await referrals.remind_overdue(uow, utcnow()) == 1
    async with uows() as uow:
        assert await referrals.remind_overdue(uow, utcnow()) == 0
    await deliver(hamyar)
    reminder = await expect(manager, "از مهلتش گذشته است", strict=False)
    assert f"ارجاع شمارهٔ {_fa(first.id)} " in (reminder.text or "")
    assert NAME not in (reminder.text or "")
    await say(manager, "/manage", "پنل مدیریت همیار")
    listing = await tap(manager, "ارجاع‌ها", "ارجاع‌های باز")
    assert any(text.startswith("⚠️") for text in listing.button_texts())
    overdue = await tap(manager, "ارجاع‌های عقب‌افتاده", "از مهلت تماس گذشته‌اند")
    assert len([text for text in overdue.button_texts() if text.startswith("⚠️")]) == 1

    # Another province's manager cannot open it.
    other = hamyar.user(user_id=OTHER_MANAGER, first_name="Yas")
    await hamyar.onboard(other, province="یزد", phone="+989130000003")
    async with hamyar.session() as session:
        session.add(RoleGrant(person_id=(await _person(hamyar, OTHER_MANAGER)).id, level="provincial",
                              province_code="yazd", granted_at=utcnow()))
        await session.commit()
    await say(other, "/manage", "پنل مدیریت همیار")
    await tap(other, "ارجاع‌ها", "ارجاع بازی نیست")
    # They enter a provider of their own province in the bot (the contact for managers only).
    await tap(other, "ارائه‌دهندگان خدمت", "ارائه‌دهنده‌ای ثبت نشده است")
    await tap(other, "افزودن ارائه‌دهنده", "مرحله ۱ از ۴")
    await say(other, "دندان‌پزشکی", "این نیاز را نشناختم")
    await say(other, "حقوقی", "مرحله ۲ از ۴")
    await say(other, "x" * 121, "بین ۱ تا ۱۲۰ نویسه")
    await say(other, "دفتر مشاوره حقوقی یزد", "مرحله ۳ از ۴")
    counties = await say(other, "۰۳۵-۱۲۳۴۵۶۷۸", "شهرستان ارائه‌دهنده")
    await tap(other, "رد شدن", "افزوده شد", message_id=counties.message_id)
    listed = await tap(other, "ارائه‌دهندگان خدمت", "دفتر مشاوره حقوقی یزد")
    assert "۰۳۵-۱۲۳۴۵۶۷۸" in (listed.text or "") and "اورژانس اجتماعی" not in (listed.text or "")
    async with hamyar.session() as session:
        added = (await session.execute(select(ServiceProvider).where(ServiceProvider.province_code == "yazd"))
                 ).scalar_one()
        assert (added.name, added.kind, added.county_code, added.source) == (
            "دفتر مشاوره حقوقی یزد", "legal", None, None)

    # /forget: the referrals stay, without the volunteer.
    await say(volunteer, "/forget", "آیا مطمئن هستید")
    await tap(volunteer, "بله، همه را پاک کن", "اطلاعات شما پاک شد")
    kept = await _referrals(hamyar)
    assert [r.id for r in kept] == [first.id, second.id]
    assert all(r.referrer_id is None for r in kept)
    assert kept[1].person_name == NAME  # the referred person's consented contact is theirs, not the volunteer's


async def test_a_volunteer_not_on_a_callout_cannot_refer(hamyar: Harness) -> None:
    someone = hamyar.user(user_id=8399, first_name="Omid")
    await hamyar.onboard(someone)
    await say(someone, "/referral", "فراخوان پذیرفته‌شده‌ای")
    assert await _referrals(hamyar) == []


def _fa(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))

