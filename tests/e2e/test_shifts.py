"""Shift reminders over the emulator: 24 h and 1 h before the start each accepted volunteer is asked «می‌آیم /
نمی‌توانم بیایم»; a release frees the place for the waitlist (exactly the freed places, however many press at
once); the manager's live message counts confirmed, released and refilled; silence until the start is marked
unconfirmed; an answer after the start changes nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from campaigns import callouts, shifts
from campaigns.callbacks import ShiftAction, ShiftButton
from emulator import UserClient
from storage.models import Person, Volunteer, utcnow
from storage.models.assignments import Assignment, AssignmentResponse
from storage.models.broadcasts import Broadcast, Delivery
from storage.models.shifts_feedback import ShiftAnswer, ShiftReminder
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.forged import EXPIRED, press_data
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, tap
from tests.e2e.managers import deliver_tomorrow as deliver
from worker.callouts import show_live

MANAGER = 7101
FIRST = 9100


@pytest.fixture
async def hamyar(db_url: str, redis_url: str | None) -> Any:
    """Hamyar with one super admin (the assignment's manager)."""
    harness = await Harness.start(db_url, redis_url, super_admins=[f"telegram:{MANAGER}"])
    yield harness
    await harness.stop()


def uows(hamyar: Harness) -> UnitOfWorkFactory:
    """The worker's units of work over the bot's database."""
    return UnitOfWorkFactory(hamyar.app.session_pool)


async def shift(hamyar: Harness, accepted: int, waitlisted: int, starts_in: timedelta) -> tuple[int, list[UserClient],
                                                                                             list[UserClient]]:
    """A filled assignment of `accepted` places with `waitlisted` volunteers who pressed Accept too late,
    written as the call-out leaves it; (its id, the accepted, the waitlist)."""
    now = utcnow()
    users = [hamyar.user(user_id=FIRST + i, first_name=f"Vol{i}") for i in range(accepted + waitlisted)]
    hamyar.user(user_id=MANAGER, first_name="Mina")
    async with hamyar.session() as session:
        # The super admin's row is made at the bot's start.
        manager = (await session.execute(select(Person).where(Person.platform_user_id == MANAGER))).scalar_one()
        people = [manager, *(Person(platform="telegram", platform_user_id=user.user_id, chat_id=user.user_id,
                                    language="fa", first_name=f"V{user.user_id}", referral_code=f"s{user.user_id}",
                                    consent_at=now, onboarded_at=now, province_code="isfahan", created_at=now,
                                    last_seen_at=now) for user in users)]
        session.add_all(people)
        await session.flush()
        row = Assignment(title="توزیع بسته‌های غذایی", place="انبار هلال احمر", province_code="isfahan",
                         county_code=None, starts_at=now + starts_in, hours=3, headcount=accepted,
                         accepted_count=accepted, deadline=now + starts_in - timedelta(hours=12)
                         if starts_in > timedelta(hours=13) else now + timedelta(minutes=1),
                         status="filled", wave=1, wave_every=300, remind_before=3600,
                         created_by_id=people[0].id, manager_platform="telegram", manager_chat_id=MANAGER,
                         created_at=now)
        session.add(row)
        await session.flush()
        session.add_all(AssignmentResponse(assignment_id=row.id, person_id=person.id, wave=1,
                                           status="accepted" if index < accepted else "too_late",
                                           invited_at=now, responded_at=now)
                        for index, person in enumerate(people[1:]))
        await session.commit()
        return row.id, users[:accepted], users[accepted:]


async def reminder_of(user: UserClient, fragment: str, *check_in: str) -> None:
    """The reminder has reached the volunteer with both answers (the hour-before one with «رسیدم» too), and no
    «این پیام‌ها را دیگر نفرست»: it is a notice about their own shift, not a broadcast."""
    message = await expect(user, fragment)
    assert message.button_texts() == ["می‌آیم", "نمی‌توانم بیایم", *check_in]


async def test_two_releases_refill_exactly_two_places_while_fifty_press(hamyar: Harness) -> None:
    assignment_id, coming, waitlist = await shift(hamyar, 2, 50, timedelta(hours=20))
    # Two workers' drivers tick at once: the day-ahead round is written once.
    await asyncio.gather(shifts.tick(uows(hamyar)), shifts.tick(uows(hamyar)))
    await deliver(hamyar)
    for user in coming:
        await reminder_of(user, "یادآوری: مأموریت")
    async with hamyar.session() as session:
        rounds = (await session.execute(select(ShiftReminder.lead, ShiftReminder.reminded))).all()
        assert rounds == [(24, 2)]
    for user in coming:
        await tap(user, "نمی‌توانم بیایم", "جای شما آزاد شد", strict=False)
    async with hamyar.session() as session:
        row = await session.get(Assignment, assignment_id)
        assert row is not None and (row.accepted_count, row.status) == (0, "open")
    # A second «نمی‌توانم» (a double tap, or the same button on another device) frees nothing twice, and
    # someone else's or a forged assignment's button is refused as stale.
    answer = await press_data(hamyar, coming[0], ShiftButton(action=ShiftAction.CANNOT, id=assignment_id).pack())
    assert answer.text == "جای شما پیش‌تر آزاد شده است؛ نیازی به کار دیگری نیست."
    forged = await press_data(hamyar, coming[0], ShiftButton(action=ShiftAction.CANNOT, id=assignment_id + 9).pack())
    assert forged.text == EXPIRED
    async with hamyar.session() as session:
        row = await session.get(Assignment, assignment_id)
        assert row is not None and row.accepted_count == 0
        notices = (await session.execute(select(func.count()).select_from(Broadcast).where(
            Broadcast.text_key == "shift-place-freed"))).scalar_one()
        assert notices == 2  # one per release
    await deliver(hamyar)
    for user in waitlist:
        await expect(user, "یک جای خالی", timeout=20, strict=False)
    # All fifty press «می‌پذیرم» at once: two places, two volunteers in, forty-eight thanked.
    await asyncio.gather(*(user.press("می‌پذیرم") for user in waitlist))
    replies = await asyncio.gather(*(user.wait_for_message(
        lambda m: any(w in (m.text or "") for w in ("پذیرفته شدید", "ظرفیت تکمیل شد؛ سپاس از شما")), timeout=60)
        for user in waitlist))
    taken = [user for user, reply in zip(waitlist, replies, strict=True) if "پذیرفته شدید" in (reply.text or "")]
    assert len(taken) == 2
    async with hamyar.session() as session:
        row = await session.get(Assignment, assignment_id)
        assert row is not None and (row.accepted_count, row.status) == (2, "filled")
        accepted = (await session.execute(select(func.count()).select_from(AssignmentResponse).where(
            AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.status == "accepted"))).scalar_one()
        refills = (await session.execute(select(func.count()).select_from(ShiftAnswer).where(
            ShiftAnswer.refill.is_(True)))).scalar_one()
        released = (await session.execute(select(func.count()).select_from(ShiftAnswer).where(
            ShiftAnswer.state == "released"))).scalar_one()
        assert (accepted, refills, released) == (2, 2, 2)
    manager = hamyar.user(user_id=MANAGER)
    await show_live(uows(hamyar), {"telegram": hamyar.api}, every=0)
    live = await manager.wait_for_message(lambda m: "انصراف: ۲" in (m.text or ""))
    assert "جایگزین: ۲" in (live.text or "") and "پذیرفته: ۲ از ۲" in (live.text or "")


async def test_confirm_silence_and_an_answer_after_the_start(hamyar: Harness) -> None:
    assignment_id, coming, _ = await shift(hamyar, 2, 0, timedelta(minutes=50))
    sure, silent = coming
    await asyncio.gather(shifts.tick(uows(hamyar)), shifts.tick(uows(hamyar)))
    await deliver(hamyar)
    for user in coming:
        await reminder_of(user, "یادآوری: یک ساعت دیگر", "رسیدم")
    await tap(sure, "می‌آیم", "آمدن شما ثبت شد")
    # The confirmed volunteer checks in on arrival or may still give the place up.
    reminder = next(m for m in sure.messages() if "یادآوری" in (m.text or ""))
    assert reminder.button_texts() == ["رسیدم", "نمی‌توانم بیایم"]
    # Once there, «نمی‌توانم بیایم» (from another device, say) frees nothing.
    await tap(sure, "رسیدم", "حضور شما ثبت شد", message_id=reminder.message_id)
    there = await press_data(hamyar, sure, ShiftButton(action=ShiftAction.CANNOT, id=assignment_id).pack())
    assert there.text is not None and there.text.startswith("حضور شما ثبت شده است و جایی برای آزاد کردن نیست")
    # The hour-before round stood in for the assignment's own check-in reminder: the old driver sends nothing.
    assert [wave for wave in await callouts.tick(uows(hamyar)) if wave.assignment_id == assignment_id] == []
    async with hamyar.session() as session:
        one_hour = (await session.execute(select(func.count()).select_from(Delivery))).scalar_one()
        assert one_hour == 2  # one reminder each, though two drivers ticked
    # The start passes: the one who never answered is marked unconfirmed for the manager (whose live message
    # still follows an assignment made days before: its reminders went out).
    async with hamyar.session() as session:
        await session.execute(update(Assignment).values(starts_at=utcnow() - timedelta(minutes=1),
                                                        created_at=utcnow() - timedelta(days=3)))
        await session.commit()
    await asyncio.gather(shifts.tick(uows(hamyar)), shifts.tick(uows(hamyar)))
    async with hamyar.session() as session:
        states = dict((await session.execute(select(ShiftAnswer.person_id, ShiftAnswer.state))).all())
        ids = dict((await session.execute(select(Person.platform_user_id, Person.id))).all())
        assert states == {ids[sure.user_id]: "confirmed", ids[silent.user_id]: "unconfirmed"}
    manager = hamyar.user(user_id=MANAGER)
    await show_live(uows(hamyar), {"telegram": hamyar.api}, every=0)
    live = await manager.wait_for_message(lambda m: "بی‌پاسخ تا شروع: ۱" in (m.text or ""))
    assert "تأیید آمدن: ۱" in (live.text or "")
    # After the start a reminder's answer is refused clearly, and nothing changes.
    await silent.press("نمی‌توانم بیایم")
    edited = await silent.wait_for_message(lambda m: "شروع شده است" in (m.text or ""))
    assert edited.inline_buttons == []
    assert any("شروع شده است" in (answer.text or "") for answer in silent.callback_answers())
    async with hamyar.session() as session:
        row = await session.get(Assignment, assignment_id)
        assert row is not None and row.accepted_count == 2
        status = (await session.execute(select(AssignmentResponse.status).join(
            Person, Person.id == AssignmentResponse.person_id).where(
            Person.platform_user_id == silent.user_id))).scalar_one()
        assert status == "accepted"
        assert (await session.execute(select(ShiftAnswer.state).where(
            ShiftAnswer.person_id == ids[silent.user_id]))).scalar_one() == "unconfirmed"



async def test_a_release_without_a_waitlist_brings_the_next_wave_forward(hamyar: Harness) -> None:
    assignment_id, coming, _ = await shift(hamyar, 1, 0, timedelta(hours=20))
    now = utcnow()
    # A MOHEB call-out whose county wave went out and filled; a psychologist elsewhere in the province waits.
    nearby = hamyar.user(user_id=FIRST + 500, first_name="Near")
    async with hamyar.session() as session:
        await session.execute(update(Assignment).values(urgent=True, county_code="isfahan-aran-va-bidgol",
                                                        specialty="psychologist", next_wave_at=None))
        person = Person(platform="telegram", platform_user_id=nearby.user_id, chat_id=nearby.user_id,
                        language="fa", first_name="Near", referral_code="near", consent_at=now, onboarded_at=now,
                        province_code="isfahan", county_code="isfahan-ardestan", created_at=now, last_seen_at=now)
        session.add(person)
        await session.flush()
        session.add(Volunteer(person_id=person.id, axes=["health"], specialty="psychologist", days=["sat"],
                              hours="any", on_call=True, province_code="isfahan", county_code="isfahan-ardestan"))
        await session.commit()
    await shifts.tick(uows(hamyar))
    await deliver(hamyar)
    await tap(coming[0], "نمی‌توانم بیایم", "جای شما آزاد شد", strict=False)
    sent = await callouts.tick(uows(hamyar))
    assert [(wave.assignment_id, wave.wave, wave.invited) for wave in sent] == [(assignment_id, 2, 1)]
    await deliver(hamyar)
    invitation = await expect(nearby, "فراخوان اضطراری محب")
    assert invitation.button_texts()[:2] == ["می‌پذیرم", "نمی‌توانم"]
    await tap(nearby, "می‌پذیرم", "پذیرفته شدید")
    async with hamyar.session() as session:
        row = await session.get(Assignment, assignment_id)
        assert row is not None and (row.accepted_count, row.status) == (1, "filled")
        assert (await session.execute(select(ShiftAnswer.refill).join(Person, Person.id == ShiftAnswer.person_id)
                                      .where(Person.platform_user_id == nearby.user_id))).scalar_one() is True
