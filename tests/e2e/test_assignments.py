"""Assignments over the emulator: a manager creates one, volunteers race for N places, hours are banked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jdatetime
import pytest
from sqlalchemy import select, update

from campaigns.jalali import IRAN_TZ
from emulator import UserClient
from storage.models import Person, Volunteer, utcnow
from storage.models.assignments import Assignment, AssignmentResponse, HoursEntry
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap
from tests.e2e.managers import deliver_tomorrow as deliver
from worker.callouts import show_live

MANAGER = 7001


@pytest.fixture
async def hamyar(db_url: str, redis_url: str | None) -> Any:
    """Hamyar with one super admin."""
    harness = await Harness.start(db_url, redis_url, super_admins=[f"telegram:{MANAGER}"])
    yield harness
    await harness.stop()


def jalali(moment: Any) -> str:
    """A moment as a manager types it: 1405/09/03 18:30."""
    local = moment.astimezone(IRAN_TZ)
    jd = jdatetime.date.fromgregorian(date=local.date())
    return f"{jd.year}/{jd.month:02d}/{jd.day:02d} {local:%H:%M}"


async def volunteers(hamyar: Harness, count: int) -> list[UserClient]:
    """Onboarded people registered as on-call psychologists in their county."""
    users = []
    for index in range(count):
        user = hamyar.user(user_id=8001 + index, first_name=f"Vol{index}")
        await hamyar.onboard(user, phone=f"+98912000000{index}")
        users.append(user)
    async with hamyar.session() as session:
        for person in (await session.execute(select(Person).where(Person.platform_user_id > 8000))).scalars():
            session.add(Volunteer(person_id=person.id, axes=["health"], specialty="psychologist", days=["sat"],
                                  hours="any", on_call=True, province_code=person.province_code,
                                  county_code=person.county_code))
        await session.commit()
    return users


async def create_assignment(manager: UserClient, headcount: str, command: str = "/assign") -> None:
    """Walk the manager through the whole conversation."""
    await say(manager, command, "عنوان")
    await say(manager, "حمایت روانی در اسکان", "محل حضور")
    await say(manager, "سالن ورزشی شهید", "استان")
    counties = await say(manager, "اصفهان", "شهرستان")
    await tap(manager, counties.inline_buttons[0][0].text, "داوطلبانی لازم" if command == "/assign" else "چه تخصصی")
    await tap(manager, "روان‌شناس", "تاریخ و ساعت شروع")
    await say(manager, jalali(utcnow() + timedelta(days=1)), "چند نفر")
    await say(manager, "0", "بزرگ‌تر از صفر")
    deadline = await say(manager, headcount, "مهلت پذیرش تا کی")
    await say(manager, jalali(utcnow() - timedelta(hours=2)), "مهلت گذشته است")
    # The refusal carries no buttons: the person presses Skip on the question still above it.
    await tap(manager, "رد شدن", "درست است؟", message_id=deadline.message_id)
    await tap(manager, "ثبت و ارسال", "ثبت شد")


async def test_quota_race_check_in_out_and_time_bank(hamyar: Harness) -> None:
    manager = hamyar.user(user_id=MANAGER, first_name="Mina")
    await hamyar.onboard(manager, phone="+989130000001")
    team = await volunteers(hamyar, 3)
    await create_assignment(manager, "۲")
    live = await expect(manager, "پذیرفته: ۰ از ۲")
    await deliver(hamyar)
    for user in team:
        await expect(user, "مأموریت داوطلبانه")
    # All three press at once: two places, the third is thanked and loses its buttons.
    for user in team:
        await user.press("می‌پذیرم")
    outcomes = {}
    for user in team:
        reply = await user.wait_for_message(lambda m: any(word in (m.text or "") for word in
                                                          ("پذیرفته شدید", "ظرفیت تکمیل شد؛ سپاس از شما")))
        outcomes[user.user_id] = "in" if "پذیرفته شدید" in (reply.text or "") else "full"
    assert sorted(outcomes.values()) == ["full", "in", "in"]
    late = next(user for user in team if outcomes[user.user_id] == "full")
    winner = next(user for user in team if outcomes[user.user_id] == "in")
    invitation = next(m for m in late.messages() if "مأموریت داوطلبانه" in (m.text or ""))
    assert invitation.inline_buttons == []
    assert "ظرفیت تکمیل شد؛ سپاس از شما" in [answer.text for answer in late.callback_answers()]
    async with hamyar.session() as session:
        assignment = (await session.execute(select(Assignment))).scalar_one()
        assert (assignment.accepted_count, assignment.status) == (2, "filled")
    await show_live(UnitOfWorkFactory(hamyar.app.session_pool), {"telegram": hamyar.api}, every=0)
    edited = await manager.wait_for_message(lambda m: m.message_id == live.message_id
                                            and "پذیرفته: ۲ از ۲" in (m.text or ""))
    assert "تکمیل" in (edited.text or "")
    await tap(manager, "چه کسانی می‌آیند", "می‌آید")
    # Check in near the start, out three hours later: the hours land in the time bank.
    async with hamyar.session() as session:
        await session.execute(update(Assignment).values(starts_at=utcnow() + timedelta(minutes=30)))
        await session.commit()
    # The invitation itself carries the check-in and check-out buttons (the "you are in" note follows it).
    card = next(m for m in winner.messages() if "مأموریت داوطلبانه" in (m.text or ""))
    await tap(winner, "رسیدم", "حضور شما ثبت شد", message_id=card.message_id)
    async with hamyar.session() as session:
        await session.execute(update(AssignmentResponse).where(AssignmentResponse.checked_in_at.is_not(None))
                              .values(checked_in_at=utcnow() - timedelta(hours=3)))
        await session.commit()
    await tap(winner, "پایان کار", "۳ ساعت و ۰ دقیقه", message_id=card.message_id)
    async with hamyar.session() as session:
        entry = (await session.execute(select(HoursEntry))).scalar_one()
        assert (entry.minutes, entry.source) == (180, "assignment")
    await say(winner, "/hours", "بانک زمان شما: ۳ ساعت")
    profile = await say(winner, "/me", "بانک زمان شما: ۳ ساعت")
    assert "اطلاعاتی که از شما نگه داشته‌ایم" in (profile.text or "")  # the profile, hours included
    await say(manager, "/hours", "ساعت‌های داوطلبی در حوزه شما")


async def test_citizen_cannot_create_an_assignment(hamyar: Harness) -> None:
    citizen = await journeys.onboarded(hamyar, 8100, "Ali")
    await say(citizen, "/assign", "ویژه مدیران")
    await say(citizen, "/callout", "ویژه مدیران")
    async with hamyar.session() as session:
        assert (await session.execute(select(Assignment))).first() is None


async def test_provincial_manager_cannot_pick_another_province(hamyar: Harness) -> None:
    from storage.models.roles import RoleGrant

    manager = await journeys.onboarded(hamyar, 8200, "Reza")
    async with hamyar.session() as session:
        person = (await session.execute(select(Person).where(Person.platform_user_id == 8200))).scalar_one()
        session.add(RoleGrant(person_id=person.id, level="provincial", province_code="yazd", granted_at=utcnow()))
        await session.commit()
    await say(manager, "/assign", "عنوان")
    await say(manager, "کمک", "محل حضور")
    await say(manager, "مرکز", "استان")
    await say(manager, "اصفهان", "بیرون از حوزه مسئولیت شماست")
    await expect(manager, "استان مأموریت")  # the province is asked again
    await say(manager, "یزد", "شهرستان")
    async with hamyar.session() as session:
        assert (await session.execute(select(Assignment))).first() is None


async def test_manager_menu_opens_assignments_and_call_outs(hamyar: Harness) -> None:
    manager = await journeys.onboarded(hamyar, MANAGER, "Manager")
    menu = await say(manager, "/manage", "مدیریت")
    assert {"مأموریت تازه", "فراخوان اضطراری محب"} <= set(menu.button_texts())
    await tap(manager, "فراخوان اضطراری محب", "فراخوان اضطراری محب، مرحله ۱ از ۸")
    await say(manager, "/manage", "مدیریت")
    await tap(manager, "مأموریت تازه", "مأموریت تازه، مرحله ۱ از ۸")
