"""The call-out waves: the area each wave reaches, who it invites (and who never), when no wave goes, the
broadcast behind each wave, stopping one assignment's invitations, and the driver's rounds."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from campaigns import assignments, callouts
from campaigns.callouts import Area
from campaigns.regions import load_regions
from campaigns.volunteers import Axis
from storage.models import Person, Volunteer, utcnow
from storage.models.assignments import AssignmentStatus, AssignmentWave
from storage.models.broadcasts import Broadcast, Delivery, DeliveryStatus
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.assignment_factories import COUNTY, OTHER_COUNTY, add_manager, add_volunteers, form, make
from tests.unit.quota_support import Pool, fresh, responses_of, sketch, two_assignments

# -- the waves ------------------------------------------------------------------------------------------


def test_the_area_of_each_wave() -> None:
    regions = load_regions()
    ordinary = sketch()
    assert [callouts.area(ordinary, wave, regions) for wave in (0, 1, 2, 3)] == [
        None, Area(counties=("isfahan-kashan",)), None, None]
    assert callouts.area(sketch(county_code=None), 1, regions) == Area(provinces=("isfahan",))
    urgent = sketch(urgent=True)
    isfahan = regions.province("isfahan")
    assert isfahan is not None and isfahan.neighbours
    assert [callouts.area(urgent, wave, regions) for wave in (1, 2, 3, 4)] == [
        Area(counties=("isfahan-kashan",)), Area(provinces=("isfahan",)), Area(provinces=isfahan.neighbours), None]
    assert callouts.area(sketch(urgent=True, county_code=None), 1, regions) is None
    assert callouts.area(sketch(urgent=True, province_code="atlantis"), 3, regions) is None


async def test_who_a_wave_invites(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        invited = await add_volunteers(session, 2, first_chat=100)
        elsewhere = await add_volunteers(session, 1, first_chat=200, county=OTHER_COUNTY)
        other_skill = await add_volunteers(session, 1, first_chat=300, specialty="engineer")
        gone, away, stopped, new = await add_volunteers(session, 4, first_chat=400)
        now = utcnow()
        for person, values in ((gone, {"forgotten_at": now}), (away, {"unreachable": True}),
                               (stopped, {"opted_out_at": now}), (new, {"onboarded_at": None})):
            await session.execute(update(Person).where(Person.id == person).values(**values))
        await session.commit()
        job = await make(session, actor, headcount=5)
        sent = await callouts.send_wave(UnitOfWork(session), job.id)
        assert sent is not None and (sent.assignment_id, sent.wave, sent.invited) == (job.id, 1, 2)
        assert sorted(await responses_of(session, job.id)) == invited
        deliveries = (await session.execute(select(Delivery.person_id, Delivery.status, Delivery.broadcast_id)
                                            .order_by(Delivery.person_id))).all()
        assert [(p, s, b) for p, s, b in deliveries] == [(p, "pending", sent.broadcast_id) for p in invited]
        row = await fresh(session, job.id)
        assert (row.wave, row.next_wave_at) == (1, None)  # an ordinary assignment has one wave
        [wave] = (await session.execute(select(AssignmentWave))).scalars().all()
        assert (wave.wave, wave.invited, wave.broadcast_id) == (1, 2, sent.broadcast_id)
        assert await callouts.send_wave(UnitOfWork(session), job.id) is None
        assert elsewhere and other_skill


async def test_an_axis_and_the_manager_themselves(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        cooks = await add_volunteers(session, 2, first_chat=100, axes=("cultural", "health"))
        await add_volunteers(session, 2, first_chat=200, axes=("empowerment",))
        # The manager is a volunteer of the county too: their own assignment does not invite them.
        session.add(Volunteer(person_id=actor.person_id, axes=["cultural"], specialty="nurse", days=["sat"],
                              hours="any", on_call=True, province_code="isfahan", county_code=COUNTY))
        await session.commit()
        job = await make(session, actor, headcount=5, specialty=None, axis=Axis.CULTURAL)
        sent = await callouts.send_wave(UnitOfWork(session), job.id)
        assert sent is not None and sent.invited == 2
        assert sorted(await responses_of(session, job.id)) == cooks


async def test_call_out_waves_widen_and_skip_empty_ones(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 2, first_chat=100, on_call=False)  # not on call: never invited
        province = await add_volunteers(session, 3, first_chat=200, county=OTHER_COUNTY)
        now = utcnow()
        job = await assignments.create(UnitOfWork(session), form(headcount=9, urgent=True, now=now),
                                       assignments.Manager(actor, "telegram", 900), now=now, wave_every=60)
        first = await callouts.send_wave(UnitOfWork(session), job.id, now)
        assert first is not None and (first.wave, first.invited) == (1, 0)
        row = await fresh(session, job.id)
        assert row.next_wave_at == now  # nobody in the county: the next wave is due at once
        second = await callouts.send_wave(UnitOfWork(session), job.id, now)
        assert second is not None and (second.wave, second.invited) == (2, 3)
        assert sorted(await responses_of(session, job.id)) == province
        row = await fresh(session, job.id)
        assert row.next_wave_at == now + timedelta(seconds=60)
        third = await callouts.send_wave(UnitOfWork(session), job.id, now + timedelta(seconds=60))
        assert third is not None and (third.wave, third.invited) == (3, 0)
        assert (await fresh(session, job.id)).next_wave_at is None  # the last wave
        assert await callouts.send_wave(UnitOfWork(session), job.id, now + timedelta(seconds=120)) is None


async def test_no_wave_once_closed_or_past_the_deadline(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 2)
        job = await make(session, actor, headcount=1)
        deadline = (await fresh(session, job.id)).deadline
        assert await callouts.send_wave(UnitOfWork(session), job.id, deadline) is None
        assert await callouts.send_wave(UnitOfWork(session), job.id + 1) is None
        assert (await fresh(session, job.id)).wave == 0
        closed = await callouts.expire(UnitOfWork(session), deadline)
        assert closed == [job.id] and (await fresh(session, job.id)).status == "expired"
        assert await callouts.expire(UnitOfWork(session), deadline) == []
        assert await callouts.send_wave(UnitOfWork(session), job.id, deadline - timedelta(hours=1)) is None


async def test_expiry_cancels_unsent_invitations(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 3)
        job = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), job.id)
        deadline = (await fresh(session, job.id)).deadline
        assert await callouts.expire(UnitOfWork(session), deadline - timedelta(seconds=1)) == []
        assert await callouts.expire(UnitOfWork(session), deadline) == [job.id]
        statuses = (await session.execute(select(Delivery.status))).scalars().all()
        assert statuses == [DeliveryStatus.CANCELLED] * 3
        state = await callouts.live(UnitOfWork(session), job.id)
        assert state is not None and (state.status, state.invited, state.notified, state.wave) == (
            AssignmentStatus.EXPIRED, 3, 0, 1)
        assert await callouts.live(UnitOfWork(session), job.id + 1) is None


# -- the broadcasts behind the waves, the driver's rounds ---------------------------------------------------

async def test_the_broadcast_behind_each_wave(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 2)
        now = utcnow() - timedelta(minutes=1)
        urgent = await assignments.create(UnitOfWork(session), form(headcount=2, urgent=True, now=now),
                                          assignments.Manager(actor), now=now)
        ordinary = await make(session, actor, headcount=2, specialty=None, county=None)
        first = await callouts.send_wave(UnitOfWork(session), urgent.id, now)
        second = await callouts.send_wave(UnitOfWork(session), ordinary.id, now)
        assert first is not None and second is not None
        rows = {b.id: b for b in (await session.execute(select(Broadcast))).scalars()}
        call_out, plain = rows[first.broadcast_id], rows[second.broadcast_id]
        wanted = {"provinces": [], "counties": [COUNTY], "specialties": ["psychologist"], "on_call": True}
        assert {k: call_out.segment["segment"][k] for k in wanted} == wanted
        wanted = {"provinces": ["isfahan"], "counties": [], "specialties": [], "on_call": None}
        assert {k: plain.segment["segment"][k] for k in wanted} == wanted
        assert (call_out.emergency, plain.emergency) == (True, False)
        assert call_out.created_by_id == actor.person_id and call_out.created_at == now
        assert (call_out.status, call_out.total, plain.total) == ("running", 2, 2)
        attempts = (await session.execute(select(Delivery.attempts))).scalars().all()
        assert attempts == [0, 0, 0, 0]


async def test_stopping_invitations_of_one_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        (a, _b, _c), one, two = await two_assignments(session, 3)
        first = await callouts.send_wave(UnitOfWork(session), one.id)
        await callouts.send_wave(UnitOfWork(session), two.id)
        assert first is not None
        await session.execute(update(Delivery).where(Delivery.broadcast_id == first.broadcast_id,
                                                     Delivery.person_id == a).values(status=DeliveryStatus.SENT))
        await session.commit()
        assert await callouts.stop_inviting(UnitOfWork(session), one.id) == 2
        assert await callouts.stop_inviting(UnitOfWork(session), one.id) == 0
        rows = (await session.execute(select(Delivery.broadcast_id, Delivery.status))).all()
        assert sorted((b == first.broadcast_id, s) for b, s in rows) == [
            (False, "pending"), (False, "pending"), (False, "pending"), (True, "cancelled"), (True, "cancelled"),
            (True, "sent")]


async def test_notified_counts_this_assignments_sent_invitations_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        (a, b), one, two = await two_assignments(session, 2, headcount=2)
        await callouts.send_wave(UnitOfWork(session), one.id)
        await callouts.send_wave(UnitOfWork(session), two.id)
        await assignments.accept(UnitOfWork(session), one.id, a)
        await callouts.send_reminder(UnitOfWork(session), one.id)
        await session.execute(update(Delivery).values(status=DeliveryStatus.SENT))
        await session.commit()
        state = await callouts.live(UnitOfWork(session), one.id)
        assert state is not None and (state.invited, state.notified) == (2, 2)
        assert b


async def test_the_driver_stamps_a_wave_with_its_own_moment_and_one_session_sends_wave_after_wave(
        session_pool: Pool) -> None:
    # The driver's moment, not the clock: a tick given an hour ago sends and stamps the wave an hour ago.
    then = utcnow().replace(microsecond=0) - timedelta(hours=1)
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 2)
        await add_volunteers(session, 3, first_chat=7000, county=OTHER_COUNTY)
        job = await assignments.create(UnitOfWork(session), form(headcount=5, urgent=True, now=then),
                                       assignments.Manager(actor), now=then, wave_every=60)
    sent = await callouts.tick(UnitOfWorkFactory(session_pool), then)
    assert [(w.wave, w.invited) for w in sent] == [(1, 2)]
    async with session_pool() as session:
        wave = (await session.execute(select(AssignmentWave.sent_at).where(
            AssignmentWave.assignment_id == job.id))).scalar_one()
        assert wave == then
        assert (await fresh(session, job.id)).next_wave_at == then + timedelta(seconds=60)
        # The same session, a minute later: the second wave (the session's copy of the row is not trusted).
        second = await callouts.send_wave(UnitOfWork(session), job.id, then + timedelta(seconds=61))
        assert second is not None and (second.wave, second.invited) == (2, 3)
        third = await callouts.send_wave(UnitOfWork(session), job.id, then + timedelta(seconds=122))
        assert third is not None and (third.wave, third.invited) == (3, 0)
