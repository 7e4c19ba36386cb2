"""The monthly message on what your area achieved, over the emulator: fired by the schedule engine on the 1st
of the Jalali month (clock passed in), held through quiet hours, one message per participant however many
campaigns they joined and however often the job runs, its figures checked against the database, and the
opt-outs (/stop, the message's own button) respected."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from typing import Any

import jdatetime
import pytest
from sqlalchemy import and_, func, select, update

from campaigns import area_feedback
from campaigns.broadcasts import schedules
from campaigns.broadcasts.limiter import MemoryLimiter
from campaigns.broadcasts.sender import SendConfig, SendLoop
from campaigns.callbacks import (
    AreaFeedbackAction,
    AreaFeedbackButton,
    CampaignAction,
    CampaignButton,
    StopMessagesButton,
)
from campaigns.jalali import IRAN_TZ, period_of
from emulator import BotMessage
from i18n import translator
from runtime.config import Settings
from storage.models import Campaign, EnergyReport, Membership, Person, Pledge, Volunteer, utcnow
from storage.models.assignments import HoursEntry
from storage.models.broadcasts import Broadcast, Delivery, Schedule
from storage.models.shifts_feedback import AreaFeedbackOptOut
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, tap
from worker.feedback import FeedbackRenderer
from worker.loop import BotApiSender, run_worker

ARAN, ARDESTAN = "isfahan-aran-va-bidgol", "isfahan-ardestan"
NEAR = "سلطان‌امیر احمد"
SARA, JOHN, QUIET, STOPPED, NOBODY = 9601, 9602, 9603, 9604, 9605


def first_of_next_month(hour: int, minute: int = 0) -> datetime:
    """The 1st of the next Jalali month at this Iran time: the month this test reports on is the current one."""
    today = jdatetime.date.fromgregorian(date=utcnow().astimezone(IRAN_TZ).date())
    first = jdatetime.date(today.year + (today.month == 12), today.month % 12 + 1, 1).togregorian()
    return datetime.combine(first, time(hour, minute), IRAN_TZ)


def uows(hamyar: Harness) -> UnitOfWorkFactory:
    """The worker's units of work over the bot's database."""
    return UnitOfWorkFactory(hamyar.app.session_pool)


async def deliver(hamyar: Harness, at: datetime) -> None:
    """What the worker does at `at`: send what is due and outside quiet hours, each message written per person."""
    loop = SendLoop(uows(hamyar), BotApiSender(hamyar.api, FeedbackRenderer(uows(hamyar))),
                    MemoryLimiter({"k": 1000.0}, 100.0),
                    SendConfig(worker_id="test", platform="telegram", bot_key="k", rate=1000.0), clock=lambda: at)
    await loop.run_until_idle(timeout=30)


async def fire(hamyar: Harness, at: datetime) -> list[int]:
    """Two workers' schedulers tick at the same moment; the broadcasts they made."""
    stagers = area_feedback.STAGERS
    both = await asyncio.gather(schedules.tick(uows(hamyar), at, stagers), schedules.tick(uows(hamyar), at, stagers))
    return [broadcast_id for made in both for broadcast_id in made]


async def people_and_month(hamyar: Harness) -> dict[str, int]:
    """Five people, their campaigns, and a month of pledges, energy reports and volunteer hours."""
    now = utcnow()
    async with hamyar.session() as session:
        slugs = dict((await session.execute(select(Campaign.slug, Campaign.id))).all())
        energy, dowry = slugs["energy-wheelchairs"], slugs["dowry-sets"]
        people = {}
        for uid, county, near, language in ((SARA, ARAN, NEAR, "fa"), (JOHN, ARAN, None, "en"),
                                            (QUIET, ARAN, None, "fa"), (STOPPED, ARDESTAN, None, "fa"),
                                            (NOBODY, ARAN, None, "fa")):
            person = Person(platform="telegram", platform_user_id=uid, chat_id=uid, language=language,
                            first_name=f"P{uid}", referral_code=f"f{uid}", consent_at=now, onboarded_at=now,
                            province_code="isfahan", county_code=county, neighbourhood=near, created_at=now,
                            last_seen_at=now, opted_out_at=now if uid == STOPPED else None)
            session.add(person)
            await session.flush()
            people[uid] = person.id
        # Sara joined two campaigns (one message all the same); John, Quiet and Stopped one; Nobody none.
        session.add_all(Membership(person_id=people[uid], campaign_id=cid, joined_at=now)
                        for uid, cid in ((SARA, energy), (SARA, dowry), (JOHN, energy), (QUIET, energy),
                                         (STOPPED, energy)))
        session.add(AreaFeedbackOptOut(person_id=people[QUIET], at=now))
        pledges = [  # (who, campaign, county, amount, fulfilled, made when)
            (SARA, energy, ARAN, 300_000, True, now), (SARA, dowry, ARAN, 1_000_000, False, now),
            (JOHN, energy, ARAN, 200_000, False, now), (STOPPED, energy, ARDESTAN, 500_000, True, now),
            # made next month: not part of this month's message
            (JOHN, energy, ARAN, 9_000_000, False, first_of_next_month(1)),
        ]
        session.add_all(Pledge(person_id=people[uid], campaign_id=cid, kind="cash", amount=amount,
                               province_code="isfahan", county_code=county,
                               status="fulfilled" if done else "pledged", fulfilled_at=when if done else None,
                               idempotency_key=f"k{index}", created_at=when)
                        for index, (uid, cid, county, amount, done, when) in enumerate(pledges))
        # Sara's household saved 400,000,000 rials of electricity this month: two wheelchairs at 20M tomans.
        session.add_all(EnergyReport(person_id=people[SARA], campaign_id=energy, period=period, unit="rial",
                                     value=value, province_code="isfahan", county_code=ARAN, neighbourhood=NEAR,
                                     created_at=now)
                        for period, value in (("baseline", 500_000_000), (period_of(now), 100_000_000)))
        session.add(Volunteer(person_id=people[JOHN], axes=["health"], specialty="psychologist", days=["sat"],
                              hours="any", province_code="isfahan", county_code=ARAN))
        session.add(HoursEntry(person_id=people[JOHN], minutes=180, source="manager", at=now))
        await session.commit()
    return {"energy": energy, "dowry": dowry, **{str(uid): pid for uid, pid in people.items()}}


async def expected(hamyar: Harness, campaign_id: int, county: str | None, near: str | None) -> tuple[int, int, int]:
    """(pledges made, tomans, fulfilled) this month in an area, counted straight from the pledges table."""
    since = first_of_next_month(0) - timedelta(days=60)
    until = first_of_next_month(0)
    async with hamyar.session() as session:
        where = [Pledge.campaign_id == campaign_id, Pledge.province_code == "isfahan"]
        if county:
            where.append(Pledge.county_code == county)
        if near:
            where.append(and_(Person.neighbourhood == near, Person.county_code == Pledge.county_code))
        made = [Pledge.created_at < until, Pledge.created_at >= since]
        query = select(func.count(), func.coalesce(func.sum(Pledge.amount), 0)).join(
            Person, Person.id == Pledge.person_id)
        count, amount = (await session.execute(query.where(*where, *made))).one()
        done = (await session.execute(select(func.count()).join(Person, Person.id == Pledge.person_id).select_from(
            Pledge).where(*where, Pledge.fulfilled_at < until, Pledge.status == "fulfilled"))).scalar_one()
    return int(count), int(amount), int(done)


def area_line(level: str, place: str, figures: tuple[int, int, int]) -> str:
    """The Persian line of one area, as the message must show it."""
    t = translator("fa")
    return t("feedback-area", level=level, place=place, pledges=figures[0], amount=figures[1], fulfilled=figures[2])


@pytest.fixture
async def hamyar(db_url: str, redis_url: str | None) -> Any:
    """Hamyar with its campaigns loaded; five people written straight to the database."""
    harness = await Harness.start(db_url, redis_url)
    yield harness
    await harness.stop()


async def test_monthly_message_once_per_person_with_the_figures(hamyar: Harness) -> None:
    ids = await people_and_month(hamyar)
    sara, john, quiet, stopped, nobody = (hamyar.user(user_id=uid) for uid in (SARA, JOHN, QUIET, STOPPED, NOBODY))
    async with uows(hamyar)() as uow:
        await area_feedback.ensure_schedule(uow, utcnow())
    async with hamyar.session() as session:  # the campaigns' own events are other tests' business
        await session.execute(update(Schedule).where(Schedule.kind != "area_feedback").values(active=False))
        await session.commit()
    # The 1st at 03:00: not yet (10:00 Iran time); at 10:30 two workers tick at once: one month, one broadcast.
    assert await fire(hamyar, first_of_next_month(3)) == []
    fired = await fire(hamyar, first_of_next_month(10, 30))
    assert len(fired) == 1
    assert await fire(hamyar, first_of_next_month(18)) == []  # the job again the same month: nothing more
    async with hamyar.session() as session:
        recipients = set((await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == fired[0]))).scalars())
        assert recipients == {ids[str(SARA)], ids[str(JOHN)]}  # opted out, /stop and no campaign: none
        assert (await session.execute(select(Broadcast.quiet_hours).where(Broadcast.id == fired[0]))
                ).scalar_one() == "22:00-08:00"
    # Quiet hours hold it: at 23:00 nothing goes out; the next noon it does.
    await deliver(hamyar, first_of_next_month(23))
    assert sara.messages() == [] and john.messages() == []
    await deliver(hamyar, first_of_next_month(12) + timedelta(days=1))
    message = await expect(sara, "گزارش ماهانه")
    text = message.text or ""
    energy = await expected(hamyar, ids["energy"], ARAN, NEAR)
    assert area_line("neighbourhood", NEAR, energy) in text
    assert area_line("county", "آران و بیدگل", await expected(hamyar, ids["energy"], ARAN, None)) in text
    assert area_line("province", "اصفهان", await expected(hamyar, ids["energy"], None, None)) in text
    assert area_line("county", "آران و بیدگل", await expected(hamyar, ids["dowry"], ARAN, None)) in text
    assert energy == (1, 300_000, 1)  # the pledge made next month is not counted
    assert text.count("۲ ویلچر") == 3  # the saving funds two wheelchairs, in her neighbourhood, county, province
    assert "ساعت‌های داوطلبی" in text and "شهرستان آران و بیدگل: ۳ ساعت" in text
    # One button per campaign she joined (its page), then the message's own opt-out.
    titles = message.button_texts()
    assert sorted(titles[:2]) == sorted(["پویش تأمین ویلچر از محل کاهش مصرف انرژی", "تأمین جهیزیه زوجین"])
    assert titles[2:] == ["دیگر گزارش ماهانه نفرست"]
    def page(campaign: str) -> str:
        return CampaignButton(action=CampaignAction.OPEN, id=ids[campaign]).pack()

    # Exactly those buttons, each opening its campaign's page or stopping the monthly report alone: never «stop these
    # messages», which on a message of no campaign would stop every campaign's broadcasts.
    buttons = inline(message)
    assert sorted(buttons[:2]) == sorted([("پویش تأمین ویلچر از محل کاهش مصرف انرژی", page("energy")),
                                          ("تأمین جهیزیه زوجین", page("dowry"))])
    assert buttons[2:] == [("دیگر گزارش ماهانه نفرست", MONTHLY_OPT_OUT)]
    english = await expect(john, "Monthly report")
    assert "County Aran va Bidgol: new pledges 2" in (english.text or "")
    assert [data for _, data in inline(english)] == [page("energy"), MONTHLY_OPT_OUT]
    assert inline(english)[-1][0] == translator("en")("feedback-button-stop")
    generic = {translator(language)("broadcast-button-stop") for language in ("fa", "en")}
    for seen in (message, english):
        assert not generic & {text for text, _ in inline(seen)}
        assert not any(data.startswith(GENERIC_STOP) for _, data in inline(seen))
    for person in (quiet, stopped, nobody):
        assert person.messages() == []
    # Sara stops it from the message itself; next month only John hears.
    await tap(sara, "دیگر گزارش ماهانه نفرست", "دیگر گزارش ماهانه برایتان نمی‌فرستیم")
    async with hamyar.session() as session:
        assert (await session.execute(select(AreaFeedbackOptOut.person_id).where(
            AreaFeedbackOptOut.person_id == ids[str(SARA)]))).first() is not None
        # Only the monthly report stops: unlike «stop these messages», her campaigns' broadcasts still reach her.
        assert (await session.execute(select(Person.opted_out_at).where(
            Person.id == ids[str(SARA)]))).scalar_one() is None
        assert not (await session.execute(select(Membership.campaign_id).where(
            Membership.person_id == ids[str(SARA)], Membership.opted_out.is_(True)))).first()
    async with uows(hamyar)() as uow:
        assert await uow.area_feedback.opted_out(ids[str(SARA)])
    later = first_of_next_month(10, 30) + timedelta(days=31)
    fired = await fire(hamyar, _first_after(later))
    async with hamyar.session() as session:
        recipients = set((await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == fired[0]))).scalars())
    assert recipients == {ids[str(JOHN)]}
    # She changes her mind: the button under the refusal brings the monthly report back.
    await tap(sara, "گزارش ماهانه را دوباره بفرست", "گزارش ماهانه دوباره برایتان فرستاده می‌شود")
    async with uows(hamyar)() as uow:
        assert not await uow.area_feedback.opted_out(ids[str(SARA)])


MONTHLY_OPT_OUT = AreaFeedbackButton(action=AreaFeedbackAction.OPT_OUT).pack()
GENERIC_STOP = StopMessagesButton(campaign=0).pack().split(":")[0] + ":"  # «stop these messages», any campaign


def inline(message: BotMessage) -> list[tuple[str, str]]:
    """The message's inline buttons in order, as (words, callback data)."""
    return [(b.text, b.callback_data or "") for row in message.inline_buttons for b in row]


def _first_after(moment: datetime) -> datetime:
    """The 1st of the Jalali month `moment` falls in, at 10:30 Iran time."""
    jd = jdatetime.date.fromgregorian(date=moment.astimezone(IRAN_TZ).date())
    return datetime.combine(jdatetime.date(jd.year, jd.month, 1).togregorian(), time(10, 30), IRAN_TZ)



async def test_the_worker_sets_the_monthly_message_up_at_start(hamyar: Harness, db_url: str,
                                                              redis_url: str | None) -> None:
    settings = Settings(database_url=db_url, redis_url=redis_url, telegram_token=hamyar.token,
                        telegram_api_base=hamyar.emu.base_url, metrics_port=0, log_format="text")
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(settings, stop))
    kinds: list[str] = []
    try:
        for _ in range(200):
            async with hamyar.session() as session:
                kinds = list((await session.execute(select(Schedule.kind).where(
                    Schedule.source == area_feedback.SOURCE))).scalars())
            if kinds:
                break
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await worker
    assert kinds == ["area_feedback"]
