"""What a call-out's invitations and reminders say, the manager's live message and its turns, and who is
reminded when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from campaigns import assignments, callouts
from campaigns.assignments import Answer
from campaigns.broadcasts.dto import ButtonKind
from campaigns.regions import load_regions
from storage.models import Person, utcnow
from storage.models.assignments import Assignment, AssignmentStatus, AssignmentWave
from storage.models.broadcasts import Broadcast, Delivery, DeliveryStatus
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.assignment_factories import add_manager, add_volunteers, form, make
from tests.unit.quota_support import Pool, called_out, fresh, sketch, two_assignments

# -- what the invitations say, and the manager's live message ------------------------------------------

def test_invitation_and_reminder_messages() -> None:
    regions = load_regions()
    start = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # 18:00 in Tehran, 3 Azar 1405
    deadline = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # 09:30 in Tehran
    job = sketch(id=7, title="Shelter", place="Hall 2", headcount=4, hours=3, specialty="nurse", axis=None,
                      starts_at=start, deadline=deadline)
    args = callouts.text_args(job, regions)
    assert args == {"title": "Shelter", "place": "Hall 2", "region_fa": "اصفهان، کاشان", "region_en": "Isfahan, Kashan",
                    "headcount": 4, "hours": 3, "need": "nurse", "when_fa": "۳ آذر ۱۴۰۵", "when_clock_fa": "۱۸:۰۰",
                    "when_en": "3 Azar 1405, 18:00", "deadline_fa": "۳ آذر ۱۴۰۵", "deadline_clock_fa": "۰۹:۳۰",
                    "deadline_en": "3 Azar 1405, 09:30"}
    province_only = callouts.text_args(sketch(id=7, title="t", place="p", headcount=1, hours=1, specialty=None,
                                                   axis="health", county_code=None, starts_at=start,
                                                   deadline=deadline), regions)
    assert (province_only["region_fa"], province_only["region_en"], province_only["need"]) == (
        "اصفهان", "Isfahan", "health")
    anyone = callouts.text_args(sketch(id=7, title="t", place="p", headcount=1, hours=1, specialty=None,
                                            axis=None, starts_at=start, deadline=deadline), regions)
    assert anyone["need"] == "any"

    invite = callouts.invitation(job, regions)
    assert invite.text_key == "assignments-invite" and invite.text_args == args
    assert [(b.kind, b.label, b.value) for b in invite.buttons] == [
        (ButtonKind.ACTION, "assignments-button-accept", "asg:a:7"),
        (ButtonKind.ACTION, "assignments-button-decline", "asg:d:7")]
    job.urgent = True
    assert callouts.invitation(job, regions).text_key == "assignments-callout-invite"
    remind = callouts.reminder(job, regions)
    assert remind.text_key == "assignments-reminder" and remind.text_args == args
    assert [(b.kind, b.label, b.value) for b in remind.buttons] == [
        (ButtonKind.ACTION, "assignments-button-check-in", "asg:i:7"),
        (ButtonKind.ACTION, "assignments-button-withdraw", "asg:d:7")]


async def test_the_reminder_goes_once_to_those_who_accepted(session_pool: Pool) -> None:
    async with session_pool() as session:
        _actor, (a, b, c), job = await called_out(session, 3, headcount=3)
        await assignments.accept(UnitOfWork(session), job.id, a)
        await assignments.accept(UnitOfWork(session), job.id, b)
        await assignments.decline(UnitOfWork(session), job.id, b)
        sent = await callouts.send_reminder(UnitOfWork(session), job.id)
        assert sent is not None and (sent.wave, sent.invited) == (callouts.REMINDER_WAVE, 1)
        reminded = (await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == sent.broadcast_id))).scalars().all()
        assert reminded == [a] and c not in reminded
        assert (await fresh(session, job.id)).reminded_at is not None
        assert await callouts.send_reminder(UnitOfWork(session), job.id) is None
        # Stopping invitations leaves the reminder alone.
        assert await callouts.stop_inviting(UnitOfWork(session), job.id) == 3
        pending = (await session.execute(select(Delivery.person_id).where(
            Delivery.status == DeliveryStatus.PENDING))).scalars().all()
        assert pending == [a]


async def test_the_live_message_changes_and_takes_turns(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, _b = await add_volunteers(session, 2)
        now = utcnow()
        job = await assignments.create(UnitOfWork(session), form(headcount=2, now=now),
                                       assignments.Manager(actor, "telegram", 900), now=now)
        await callouts.send_wave(UnitOfWork(session), job.id, now)
        [first] = await callouts.live_turns(UnitOfWork(session), every=5, now=now)
        assert (first.assignment_id, first.title, first.urgent, first.status, first.accepted, first.headcount,
                first.invited, first.notified, first.wave, first.manager_platform, first.manager_chat_id,
                first.message_id) == (job.id, "Shelter support", False, AssignmentStatus.OPEN, 0, 2, 2, 0, 1,
                                      "telegram", 900, None)
        assert first.signature == "open:0:0:2:1"
        # unchanged
        assert await callouts.live_turns(UnitOfWork(session), every=5, now=now + timedelta(seconds=10)) == []
        await assignments.accept(UnitOfWork(session), job.id, a)
        assert await callouts.live_turns(UnitOfWork(session), every=5, now=now + timedelta(seconds=4)) == []  # too soon
        [second] = await callouts.live_turns(UnitOfWork(session), every=5, now=now + timedelta(seconds=5))
        assert second.accepted == 1 and second.signature == "open:1:0:2:1"
        await callouts.set_live_message(UnitOfWork(session), job.id, 4242)
        state = await callouts.live(UnitOfWork(session), job.id)
        assert state is not None and state.message_id == 4242
        assert callouts.with_message(second, 77).message_id == 77 and callouts.with_message(second, 77).accepted == 1
        await session.execute(update(Delivery).values(status=DeliveryStatus.SENT))
        await session.commit()
        state = await callouts.live(UnitOfWork(session), job.id)
        assert state is not None and state.notified == 2
        # Two days on, the live message is left alone.
        await session.execute(update(Assignment).values(created_at=now - callouts.LIVE_WINDOW - timedelta(seconds=1)))
        await session.commit()
        assert await callouts.live_turns(UnitOfWork(session), every=5, now=now + timedelta(minutes=5)) == []


async def test_reminders_skip_the_unreachable_and_touch_their_own_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        (a, b, c), one, two = await two_assignments(session, 3)
        for job in (one, two):
            await callouts.send_wave(UnitOfWork(session), job.id)
        for person in (a, b, c):
            await assignments.accept(UnitOfWork(session), one.id, person)
        await session.execute(update(Person).where(Person.id == b).values(unreachable=True))
        await session.execute(update(Person).where(Person.id == c).values(forgotten_at=utcnow()))
        await session.commit()
        due = one.starts_at - timedelta(minutes=30)
        sent = await callouts.send_reminder(UnitOfWork(session), one.id, due)
        assert sent is not None and (sent.assignment_id, sent.wave, sent.invited) == (one.id, 0, 1)
        wave = (await session.execute(select(AssignmentWave).where(AssignmentWave.wave == 0))).scalar_one()
        assert (wave.assignment_id, wave.broadcast_id, wave.invited, wave.sent_at) == (one.id, sent.broadcast_id, 1,
                                                                                       due)
        reminder = (await session.execute(select(Broadcast).where(Broadcast.id == sent.broadcast_id))).scalar_one()
        assert reminder.created_at == due
        assert (await fresh(session, one.id)).reminded_at == due and (await fresh(session, two.id)).reminded_at is None
        await session.execute(update(Assignment).where(Assignment.id == two.id).values(status="cancelled"))
        await session.commit()
        assert await callouts.send_reminder(UnitOfWork(session), two.id) is None


async def test_the_driver_reminds_and_stops_at_the_right_moments(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, _b = await add_volunteers(session, 2)
        late = utcnow() + timedelta(hours=23, minutes=30)  # still taking acceptances when the reminder is due
        full = await make(session, actor, headcount=1, deadline=late)
        still_open = await make(session, actor, headcount=2, deadline=late)
        await callouts.send_wave(UnitOfWork(session), full.id)
        await callouts.send_wave(UnitOfWork(session), still_open.id)
        await assignments.accept(UnitOfWork(session), full.id, a)
        await assignments.accept(UnitOfWork(session), still_open.id, a)
        row = await fresh(session, full.id)
        due = row.starts_at - timedelta(seconds=row.remind_before)
    # A second before the reminder is due: the full one's unsent invitations are cancelled, nothing else.
    assert await callouts.tick(UnitOfWorkFactory(session_pool), due - timedelta(seconds=1)) == []
    async with session_pool() as session:
        pending = (await session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.status == DeliveryStatus.PENDING))).scalar_one()
        assert pending == 2  # the open one's invitations wait for the worker
        cancelled = (await session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.status == DeliveryStatus.CANCELLED))).scalar_one()
        assert cancelled == 2
    # Exactly when it is due, it is reminded (the other, made a moment later, is due a moment later).
    sent = await callouts.tick(UnitOfWorkFactory(session_pool), due)
    assert [(w.assignment_id, w.wave, w.invited) for w in sent] == [(full.id, 0, 1)]
    async with session_pool() as session:
        assert (await fresh(session, full.id)).reminded_at == due
        row = await fresh(session, still_open.id)
        due_too = row.starts_at - timedelta(seconds=row.remind_before)
    sent = await callouts.tick(UnitOfWorkFactory(session_pool), due_too)
    assert [(w.assignment_id, w.wave, w.invited) for w in sent] == [(still_open.id, 0, 1)]


async def test_no_reminder_once_started_and_no_cancelling_old_ones(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor, [a], job = await called_out(session, 1, headcount=1)
        await assignments.accept(UnitOfWork(session), job.id, a)
        start = (await fresh(session, job.id)).starts_at
    assert await callouts.tick(UnitOfWorkFactory(session_pool), start) == []
    async with session_pool() as session:
        assert (await fresh(session, job.id)).reminded_at is None
    # Two days after it was made, a filled assignment's leftovers are no longer swept.
    async with session_pool() as session:
        other = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), other.id)
        await session.execute(update(Assignment).where(Assignment.id == other.id).values(status="filled"))
        await session.commit()
        made = (await fresh(session, other.id)).created_at
    await callouts.tick(UnitOfWorkFactory(session_pool), made + callouts.LIVE_WINDOW + timedelta(seconds=1))
    async with session_pool() as session:
        statuses = (await session.execute(select(Delivery.status).join(AssignmentWave, AssignmentWave.broadcast_id
                                                                       == Delivery.broadcast_id)
                                          .where(AssignmentWave.assignment_id == other.id))).scalars().all()
        assert statuses == ["pending"]
    await callouts.tick(UnitOfWorkFactory(session_pool), made + callouts.LIVE_WINDOW)
    async with session_pool() as session:
        statuses = (await session.execute(select(Delivery.status).join(AssignmentWave, AssignmentWave.broadcast_id
                                                                       == Delivery.broadcast_id)
                                          .where(AssignmentWave.assignment_id == other.id))).scalars().all()
        assert statuses == ["cancelled"]


async def test_live_turns_only_for_a_managers_chat_within_two_days(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 1)
        now = utcnow()
        silent = await assignments.create(UnitOfWork(session), form(headcount=1, now=now),
                                          assignments.Manager(actor), now=now)
        shown = await assignments.create(UnitOfWork(session), form(headcount=1, now=now),
                                         assignments.Manager(actor, "telegram", 900), now=now)
        turns = await callouts.live_turns(UnitOfWork(session), every=5, now=now + callouts.LIVE_WINDOW)
        assert [t.assignment_id for t in turns] == [shown.id] and silent.id != shown.id


async def test_a_reminder_goes_to_its_own_assignment_s_volunteers_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        (mine, theirs), one, two = await two_assignments(session, 2, headcount=2)
        for job in (one, two):
            await callouts.send_wave(UnitOfWork(session), job.id)
        assert (await assignments.accept(UnitOfWork(session), one.id, mine)).answer is Answer.ACCEPTED
        assert (await assignments.accept(UnitOfWork(session), two.id, theirs)).answer is Answer.ACCEPTED
        sent = await callouts.send_reminder(UnitOfWork(session), one.id)
        assert sent is not None and sent.invited == 1
        reminded = (await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == sent.broadcast_id))).scalars().all()
        assert reminded == [mine]
