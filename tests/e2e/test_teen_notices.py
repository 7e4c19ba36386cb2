"""A teen's notice is a service notice (campaigns/broadcasts/service.py's notify) that keeps the teens' night: one
written between 21:00 and 08:00 waits for the morning, even once the teen's data is erased and nothing marks them
as a teen any more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from campaigns import teens
from storage.models import utcnow
from storage.models.broadcasts import Broadcast, BroadcastKind
from storage.models.guardians import ConsentStatus
from storage.unit_of_work import UnitOfWork
from tests.e2e import journeys
from tests.e2e.harness import Harness
from tests.e2e.test_teens import _iran, _send_outbox, _teen_waiting

REFUSED = "با ثبت‌نام‌تان در شبکه داوطلبان موافقت نکرد"


async def test_a_notice_written_in_the_teens_night_waits_for_the_morning_after_the_erasure(hamyar: Harness) -> None:
    teen, _ = await _teen_waiting(hamyar, 6091)
    teen_id = (await journeys.person(hamyar, 6091)).id
    night = _iran(utcnow() + timedelta(days=1), 22)
    async with hamyar.session() as session:
        uow = UnitOfWork(session)
        assert await teens.notify(uow, [teen_id], "teen-refused-notice", night) == 1
        await teens.erase_teen(uow, teen_id, ConsentStatus.REFUSED, night)
        await uow.commit()
        kind = (await session.execute(select(Broadcast.kind).order_by(Broadcast.id.desc()))).scalars().first()
    assert kind == BroadcastKind.SERVICE  # no «stop these messages» under it
    assert await journeys.person_or_none(hamyar, 6091) is None

    await _send_outbox(hamyar, night + timedelta(hours=1))
    assert not any(REFUSED in (m.text or "") for m in teen.messages())
    await _send_outbox(hamyar, _iran(utcnow() + timedelta(days=2), 8, 30))
    notice = await journeys.expect(teen, REFUSED, strict=False)
    assert notice.button_texts() == []
