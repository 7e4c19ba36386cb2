"""Teens (MANA) over the emulator: a teen's registration waits for a guardian, who accepts, refuses or withdraws;
unanswered for 14 days it is erased; teens are kept out of call-outs and out of the 21:00-08:00 window.

Messages to a teen go through the outbox: the worker's send loop is driven here with a clock of our choosing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from campaigns import callouts, teens
from campaigns.broadcasts import BroadcastPlan, MessageSpec, Segment, SendLoop, create_broadcast
from campaigns.broadcasts.daily import run_due
from campaigns.broadcasts.limiter import MemoryLimiter
from campaigns.broadcasts.sender import SendConfig
from campaigns.callbacks import AssignmentAction, AssignmentButton
from campaigns.jalali import IRAN_TZ
from campaigns.teens import expire_unconfirmed
from emulator import UserClient
from storage.models import Campaign, Membership, Person, Volunteer, utcnow
from storage.models.assignments import Assignment, AssignmentResponse
from storage.models.broadcasts import Delivery
from storage.models.guardians import BirthYear, GuardianConsent
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.e2e import journeys
from tests.e2e.forged import press_data
from tests.e2e.harness import Harness
from tests.e2e.journeys import say, tap
from worker.loop import BotApiSender

_CODE = re.compile(r"/guardian ([A-Z0-9]{8})")


def _iran(day: datetime, hour: int, minute: int = 0) -> datetime:
    """`day`'s date at hour:minute in Iran, as UTC."""
    return day.astimezone(IRAN_TZ).replace(hour=hour, minute=minute, second=0, microsecond=0).astimezone(UTC)


async def _send_outbox(hamyar: Harness, at: datetime) -> None:
    """One pass of the worker's send loop with its clock at `at`: claims what it may send then, sends, records."""
    config = SendConfig(worker_id="test", platform=hamyar.platform, bot_key="k", rate=500.0)
    loop = SendLoop(UnitOfWorkFactory(hamyar.app.session_pool), BotApiSender(hamyar.api),
                    MemoryLimiter({"k": 500.0}, per_chat_rate=100.0), config, clock=lambda: at)
    for _ in range(3):
        await loop.step(force_refresh=True)
        await loop.drain()
        await loop.flush()


async def _teen_waiting(hamyar: Harness, user_id: int, name: str = "Nika") -> tuple[UserClient, str]:
    """An onboarded teen (born 1390) who registers as a volunteer by typing; the code they are given."""
    teen = await journeys.onboarded(hamyar, user_id, name)
    await say(teen, "/volunteer", "سال تولد خود را")
    await say(teen, "۱۳۹۰", "مرحله ۱ از ۸", strict=False)
    assert any("مسیر نوجوانان" in (m.text or "") for m in teen.messages())
    await say(teen, "فرهنگی", "تخصص شما")
    await say(teen, "سایر", "چه روزهایی")
    await say(teen, "همه روزها", "چه ساعتی")
    await say(teen, "عصر و شب", "تیم‌های محب")
    await say(teen, "خیر", "منطقه فعالیت شما")
    await say(teen, "همین منطقه", "کد ملی ۱۰ رقمی")
    await say(teen, "رد شدن", "مهارت‌ها یا تجربه‌ها")
    await say(teen, "نقاشی", "خلاصه ثبت‌نام داوطلبی")
    waiting = await tap(teen, "تأیید و ثبت", "در انتظار تأیید سرپرست")
    found = _CODE.search(waiting.text or "")
    assert found is not None, waiting.text
    return teen, found.group(1)


async def _consent(hamyar: Harness, code: str) -> GuardianConsent:
    async with hamyar.session() as session:
        return (await session.execute(select(GuardianConsent).where(GuardianConsent.code == code))).scalar_one()


async def test_a_teen_waits_for_the_guardian_who_accepts_then_withdraws(hamyar: Harness) -> None:
    teen, code = await _teen_waiting(hamyar, 6001)
    person = await journeys.person(hamyar, 6001)
    assert person.phone is None  # a teen's phone number is dropped until a guardian allows it
    assert await journeys.volunteers(hamyar) == []  # nothing is saved before the guardian answers
    assert (await _consent(hamyar, code)).status == "awaiting_guardian"

    guardian = await journeys.onboarded(hamyar, 6002, "Maryam")
    view = await say(guardian, f"/start g_{code}", "Nika می‌خواهد")
    for line in ("محورها: فرهنگی", "مهارت‌ها: نقاشی", "آنچه نگه داشته می‌شود", "شماره تلفن فقط اگر شما اجازه دهید"):
        assert line in (view.text or ""), line
    assert view.button_texts() == ["موافقم (سرپرست او هستم)", "موافقم و شماره تلفن او هم ثبت شود", "موافق نیستم"]
    await tap(guardian, "موافقم (سرپرست او هستم)", "رضایت شما ثبت شد")

    [row] = await journeys.volunteers(hamyar)
    assert row.person_id == person.id and row.axes == ["cultural"] and row.on_call is False
    consent = await _consent(hamyar, code)
    assert consent.status == "confirmed" and consent.phone_allowed is False and consent.draft is None
    await _send_outbox(hamyar, _iran(utcnow() + timedelta(days=1), 12))  # after the teens' next 08:00
    await journeys.expect(teen, "سرپرست شما ثبت‌نام‌تان", strict=False)

    # The same link again, or another guardian's: a clear answer, nothing changed.
    await say(guardian, f"/start g_{code}", "پیش‌تر به این درخواست پاسخ داده‌اید")
    other = await journeys.onboarded(hamyar, 6003, "Ali")
    await say(other, f"/guardian {code.lower()}", "سرپرست دیگری پیش‌تر")
    assert (await _consent(hamyar, code)).guardian_id == (await journeys.person(hamyar, 6002)).id

    # The guardian sees the consent and withdraws it: the teen's data goes as with /forget.
    await say(guardian, "/guardian", "کد نوجوان را بنویسید", strict=False)
    given = next(m for m in guardian.messages() if "رضایت شما برای Nika" in (m.text or ""))
    assert "شماره تلفن: اجازه نداده‌اید" in (given.text or "")
    await guardian.press("پس گرفتن رضایت برای Nika", message_id=given.message_id)
    await journeys.expect(guardian, "همه اطلاعات این نوجوان پاک می‌شود")
    await tap(guardian, "بله، پس می‌گیرم", "رضایت پس گرفته شد")
    erased = await journeys.person_or_none(hamyar, 6001)
    assert erased is None  # the platform identity is gone with the rest
    async with hamyar.session() as session:
        gone = await session.get(Person, person.id)
        assert gone is not None and gone.forgotten_at is not None and gone.first_name is None
        assert await session.get(BirthYear, person.id) is None
    assert (await _consent(hamyar, code)).status == "withdrawn"
    await _send_outbox(hamyar, _iran(utcnow() + timedelta(days=1), 12))  # after the teens' next 08:00
    await journeys.expect(teen, "رضایت خود را پس گرفت", strict=False)


async def test_a_refusal_erases_the_teen_who_is_told(hamyar: Harness) -> None:
    teen, code = await _teen_waiting(hamyar, 6011)
    guardian = await journeys.onboarded(hamyar, 6012, "Reza")
    await say(guardian, f"/guardian {code}", "Nika می‌خواهد")
    await tap(guardian, "موافق نیستم", "اطلاعات Nika پاک شد")
    assert await journeys.volunteers(hamyar) == []
    assert await journeys.person_or_none(hamyar, 6011) is None
    consent = await _consent(hamyar, code)
    assert consent.status == "refused" and consent.teen_id is None and consent.draft is None
    await _send_outbox(hamyar, _iran(utcnow() + timedelta(days=1), 12))  # after the teens' next 08:00
    await journeys.expect(teen, "با ثبت‌نام‌تان در شبکه داوطلبان موافقت نکرد", strict=False)
    await say(guardian, f"/guardian {code}", "پیش‌تر به این درخواست پاسخ داده‌اید")


async def test_unanswered_for_fourteen_days_the_teen_is_erased_and_told(hamyar: Harness) -> None:
    teen, code = await _teen_waiting(hamyar, 6021)
    uows = UnitOfWorkFactory(hamyar.app.session_pool)
    job = (("expire_teen_requests", expire_unconfirmed),)
    assert await run_due(uows, utcnow() + timedelta(days=13), jobs=job) == {"expire_teen_requests": 0}
    assert await journeys.person_or_none(hamyar, 6021) is not None
    assert await run_due(uows, utcnow() + timedelta(days=15), jobs=job) == {"expire_teen_requests": 1}
    assert await journeys.person_or_none(hamyar, 6021) is None
    assert (await _consent(hamyar, code)).status == "expired"
    await _send_outbox(hamyar, _iran(utcnow() + timedelta(days=1), 12))
    await journeys.expect(teen, "هیچ سرپرستی ثبت‌نام شما را تأیید نکرد", strict=False)
    guardian = await journeys.onboarded(hamyar, 6022, "Late")
    await say(guardian, f"/start g_{code}", "این درخواست دیگر باز نیست")


async def test_bad_years_codes_and_guardians(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 6031)
    await say(user, "/volunteer", "سال تولد خود را")
    await say(user, "۱۴۹۰", "این سال هنوز نرسیده است")
    await say(user, "۱۲۵۰", "بیش از ۱۲۰ سال پیش")
    await say(user, "دیروز", "با چهار رقم و به تاریخ شمسی")
    await say(user, "2008", "این سال هنوز نرسیده است")  # a Gregorian year is not taken for a Jalali one
    async with hamyar.session() as session:
        assert (await session.execute(select(BirthYear))).scalars().all() == []
    await tap(user, "بازگشت", "ثبت‌نام داوطلبی را رها کردید")

    teen, code = await _teen_waiting(hamyar, 6032)
    # Asked once: a teen is never asked again (an earlier year takes a manager's /birthyear).
    await say(teen, "/volunteer", "مرحله ۱ از ۸")
    await say(teen, "/cancel", "لغو")
    await say(teen, f"/guardian {code}", "این کد شماست")
    await say(teen, "/guardian AAAA", "این کد درست نیست")
    await say(user, "/guardian", "کد نوجوان را بنویسید")
    await say(user, "ZZZZ2222", "این کد یا پیوند پیدا نشد")
    stranger = hamyar.user(6033, "Stranger")
    await say(stranger, f"/start g_{code}", "ابتدا ثبت‌نام خود را در بات کامل کنید")
    assert (await _consent(hamyar, code)).status == "awaiting_guardian"


async def _confirmed_teen(hamyar: Harness, user_id: int, guardian_id: int) -> tuple[UserClient, int]:
    """A teen whose guardian accepted; their person id. Their registration is then put on call directly, as an
    old registration might be: the call-out must leave them out all the same."""
    teen, code = await _teen_waiting(hamyar, user_id)
    guardian = await journeys.onboarded(hamyar, guardian_id, "G")
    await say(guardian, f"/guardian {code}", "می‌خواهد")
    await tap(guardian, "موافقم (سرپرست او هستم)", "رضایت شما ثبت شد")
    person = await journeys.person(hamyar, user_id)
    async with hamyar.session() as session:
        row = (await session.execute(select(Volunteer).where(Volunteer.person_id == person.id))).scalar_one()
        row.on_call, row.specialty = True, "psychologist"
        await session.commit()
    return teen, person.id


async def _adult_volunteer(hamyar: Harness, user_id: int) -> int:
    user = await journeys.onboarded(hamyar, user_id, "Adult")
    await journeys.start_volunteering(user)
    await say(user, "فرهنگی", "تخصص شما")
    await say(user, "روان‌شناس", "چه روزهایی")
    await say(user, "همه روزها", "چه ساعتی")
    await say(user, "عصر و شب", "تیم‌های محب")
    await say(user, "بله", "منطقه فعالیت شما")
    await say(user, "همین منطقه", "کد ملی ۱۰ رقمی")
    await say(user, "رد شدن", "مهارت‌ها یا تجربه‌ها")
    await say(user, "رد شدن", "خلاصه ثبت‌نام داوطلبی")
    await tap(user, "تأیید و ثبت", "ذخیره شد")
    return (await journeys.person(hamyar, user_id)).id


async def _assignment(hamyar: Harness, urgent: bool, province: str, county: str | None,
                      for_teens: bool = False) -> int:
    """An assignment in the teens' county (stored as the manager's form would be; marked suitable for teens when
    asked), with its first wave sent."""
    async with hamyar.session() as session:
        now = utcnow()
        row = Assignment(title="کمک", place="مدرسه", province_code=province, county_code=county, axis=None,
                         specialty="psychologist", starts_at=now + timedelta(days=1), headcount=3,
                         deadline=now + timedelta(hours=20), urgent=urgent, status="open")
        session.add(row)
        await session.commit()
        assignment_id = row.id
        if for_teens:
            assert await teens.mark_assignment(UnitOfWork(session), assignment_id, manager_id=None) is True
        await callouts.send_wave(UnitOfWork(session), assignment_id)
    return assignment_id


async def _invited(hamyar: Harness, assignment_id: int) -> set[int]:
    async with hamyar.session() as session:
        return set((await session.execute(select(AssignmentResponse.person_id).where(
            AssignmentResponse.assignment_id == assignment_id))).scalars())


async def test_a_teen_is_never_in_a_callout_and_only_in_assignments_marked_for_teens(hamyar: Harness) -> None:
    teen_user, teen_id = await _confirmed_teen(hamyar, 6041, 6042)
    adult_id = await _adult_volunteer(hamyar, 6043)
    teen = await journeys.person(hamyar, 6041)
    callout = await _assignment(hamyar, True, teen.province_code or "", teen.county_code)
    assert await _invited(hamyar, callout) == {adult_id}
    ordinary = await _assignment(hamyar, False, teen.province_code or "", teen.county_code)
    assert teen_id not in await _invited(hamyar, ordinary)

    marked = await _assignment(hamyar, False, teen.province_code or "", teen.county_code, for_teens=True)
    assert await _invited(hamyar, marked) == {adult_id, teen_id}
    await say(hamyar.user(6043, "Adult"), f"/teenok {ordinary}", "فقط برای مدیران")

    # A teen pressing Accept on the call-out, or on the assignment not marked for teens, from an old message is
    # told why not, in an alert; nothing else is sent or edited.
    shown = len(teen_user.messages())
    for refused in (callout, ordinary):
        answer = await press_data(hamyar, teen_user, AssignmentButton(action=AssignmentAction.ACCEPT,
                                                                      id=refused).pack())
        assert "نوجوانان فراخوان اضطراری" in (answer.text or "") and answer.show_alert, answer
    assert len(teen_user.messages()) == shown
    # An adult's Accept goes on to the assignments' own handler (a place is taken).
    adult_user = hamyar.user(6043, "Adult")
    await press_data(hamyar, adult_user, AssignmentButton(action=AssignmentAction.ACCEPT, id=callout).pack())
    async with hamyar.session() as session:
        answers = (await session.execute(select(AssignmentResponse.assignment_id, AssignmentResponse.person_id,
                                                 AssignmentResponse.status).where(
            AssignmentResponse.assignment_id == callout))).all()
    assert [(a, p, status) for a, p, status in answers] == [(callout, adult_id, "accepted")]
    async with hamyar.session() as session:
        taken = {ident: count for ident, count in (await session.execute(select(
            Assignment.id, Assignment.accepted_count).where(Assignment.id.in_([callout, ordinary])))).all()}
        teens_answers = (await session.execute(select(AssignmentResponse.assignment_id).where(
            AssignmentResponse.person_id == teen_id, AssignmentResponse.assignment_id != marked))).scalars().all()
    assert taken == {callout: 1, ordinary: 0} and teens_answers == []


async def test_no_message_reaches_a_teen_from_21_to_8(hamyar: Harness) -> None:
    teen, teen_id = await _confirmed_teen(hamyar, 6051, 6052)
    adult = await journeys.onboarded(hamyar, 6053, "Adult")
    adult_id = (await journeys.person(hamyar, 6053)).id
    evening = _iran(utcnow() + timedelta(days=1), 21, 30)  # inside the teens' window, outside the usual 22:00-08:00

    # Composed in the teens' window: the audience leaves the teen out.
    async with hamyar.session() as session:
        uow = UnitOfWork(session)
        first = await create_broadcast(uow, Segment(), MessageSpec(text="پیام شامگاهی"),
                                       BroadcastPlan(quiet_hours=None), now=evening)
    async with hamyar.session() as session:
        reached = set((await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == first))).scalars())
    assert adult_id in reached and teen_id not in reached

    # Composed by day, sent in the window: the worker keeps the teen's message until 08:00.
    async with hamyar.session() as session:
        second = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="پیام روزانه"),
                                        BroadcastPlan(quiet_hours=None), now=_iran(utcnow(), 12))
    await _send_outbox(hamyar, evening)
    await journeys.expect(adult, "پیام روزانه", strict=False)
    assert not any("پیام روزانه" in (m.text or "") for m in teen.messages())
    async with hamyar.session() as session:
        status = (await session.execute(select(Delivery.status).where(
            Delivery.broadcast_id == second, Delivery.person_id == teen_id))).scalar_one()
    assert status == "pending"
    await _send_outbox(hamyar, _iran(utcnow() + timedelta(days=2), 8, 30))
    await journeys.expect(teen, "پیام روزانه", strict=False)
    assert not any("پیام شامگاهی" in (m.text or "") for m in teen.messages())


async def test_the_mana_campaign_asks_the_year_and_takes_only_teens_with_consent(hamyar: Harness) -> None:
    adult = await journeys.onboarded(hamyar, 6061, "Adult")
    page = await say(adult, "/start c_mana-teens", "طرح مانا")
    assert "عضویت در پویش" in page.button_texts()  # not joined by the link: the year comes first
    await tap(adult, "عضویت در پویش", "سال تولد خود را")
    await say(adult, "۳۰۰۰", "این سال هنوز نرسیده است")
    await say(adult, "۱۳۶۵", "ویژه نوجوانان زیر ۱۸ سال")
    teen, teen_id = await _confirmed_teen(hamyar, 6062, 6063)
    await say(teen, "/start c_mana-teens", "طرح مانا")
    await tap(teen, "عضویت در پویش", "به پویش «طرح مانا")
    waiting, _ = await _teen_waiting(hamyar, 6064, "Sina")
    await say(waiting, "/start c_mana-teens", "طرح مانا")
    answer = await press_data(hamyar, waiting, next(
        b.callback_data for m in reversed(waiting.messages()) for row in m.inline_buttons for b in row
        if b.text == "عضویت در پویش" and b.callback_data))
    assert "ابتدا سرپرست شما باید رضایت دهد" in (answer.text or "")
    async with hamyar.session() as session:
        mana = (await session.execute(select(Campaign.id).where(Campaign.slug == "mana-teens"))).scalar_one()
        members = set((await session.execute(select(Membership.person_id).where(
            Membership.campaign_id == mana, Membership.left_at.is_(None)))).scalars())
    assert members == {teen_id}


async def test_a_teen_arriving_by_the_mana_link_is_never_asked_a_phone_number(hamyar: Harness) -> None:
    teen = hamyar.user(6071, "Sara")
    await journeys.choose_language(teen, "/start c_mana-teens")
    await tap(teen, "موافقم", "سال تولد خود را")
    await say(teen, "فردا", "با چهار رقم و به تاریخ شمسی")
    await say(teen, "۱۳۹۱", "شماره تلفن شما پرسیده نمی‌شود", strict=False)
    await journeys.expect(teen, "استان", strict=False)
    assert not any("شماره موبایل" in (m.text or "") for m in teen.messages())
    county_list = await say(teen, "اصفهان", "شهرستان")
    await tap(teen, county_list.inline_buttons[0][0].text, "محله")
    await journeys.skip_neighbourhood(teen)
    await journeys.expect(teen, "طرح مانا", strict=False)
    person = await journeys.person(hamyar, 6071)
    assert person.phone is None and person.onboarded_at is not None
    async with hamyar.session() as session:
        row = await session.get(BirthYear, person.id)
        assert row is not None and row.year == 1391
