"""The composer's preview carries exactly the buttons its recipients get (campaigns/broadcasts/buttons.py decides
them once): an ordinary broadcast's Join, link and «این پیام‌ها را دیگر نفرست» for its campaign; a service
notice's own buttons only, and no keyboard at all when it has none."""

from __future__ import annotations

from sqlalchemy import select

from campaigns.broadcasts.dto import BroadcastKind, ButtonSpec
from campaigns.broadcasts.service import notify
from campaigns.callbacks import StopMessagesButton
from emulator import BotMessage
from handlers.compose import preview_keyboard
from handlers.states import ComposeData
from i18n import translator
from storage.models.broadcasts import Broadcast
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, say, tap
from tests.e2e.manager_steps import open_section, preview
from tests.e2e.managers import add_people, drain_outbox, make_manager, person_id
from tests.e2e.test_referrals import MANAGER, deliver, on_callout, refer

TEXT = "پویش زمستانه آغاز شد"
STOP = "این پیام‌ها را دیگر نفرست"
Rows = list[list[tuple[str, str | None, str | None]]]


def shown(message: BotMessage) -> Rows:
    """A message's inline buttons as the person sees and presses them: words, callback data, address."""
    return [[(b.text, b.callback_data, b.url) for b in row] for row in message.inline_buttons]


def previewed(broadcast: Broadcast) -> Rows:
    """The composer's preview of a stored broadcast's buttons (of its kind), as the manager would see them."""
    data = ComposeData(text=broadcast.text or "", buttons=list(broadcast.buttons), campaign_id=broadcast.campaign_id)
    markup = preview_keyboard(translator("fa"), data, BroadcastKind(broadcast.kind))
    return [] if markup is None else [[(b.text, b.callback_data, b.url) for b in row]
                                      for row in markup.inline_keyboard]


async def test_the_preview_shows_the_buttons_people_get(hamyar: Harness) -> None:
    await add_people(hamyar, 2, 52_000, "isfahan", "isfahan-kashan")
    manager = await make_manager(hamyar, 4201, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    await open_section(manager, "نوشتن پیام همگانی", "متن پیام همگانی")
    await say(manager, TEXT, "عکس")
    await tap(manager, "رد شدن", "دکمه‌های زیر پیام")
    campaigns = await tap(manager, "افزودن دکمه «پیوستن به پویش»", "پویش را انتخاب کنید")
    await tap(manager, campaigns.button_texts()[0], "دکمه‌های زیر پیام")
    await tap(manager, "افزودن دکمه پیوند", "متن روی دکمه پیوند")
    await say(manager, "گزارش پویش", "نشانی پیوند")
    await say(manager, "https://example.org/report", "دکمه‌های زیر پیام")
    await tap(manager, "ادامه: انتخاب مخاطبان", "تعداد کسانی که")
    await say(manager, "کاشان", "شهرستان کاشان")
    await preview(manager, TEXT)
    before = next(m for m in reversed(manager.messages()) if m.text == TEXT)
    await tap(manager, "همین حالا بفرست", "در صف ارسال است")
    await drain_outbox(hamyar)

    received = next(m for m in hamyar.user(52_000).messages() if m.text == TEXT)
    assert shown(received) == shown(before)
    assert [b.text for row in received.inline_buttons for b in row] == ["پیوستن به پویش", "گزارش پویش", STOP]
    async with hamyar.session() as session:
        campaign = (await session.execute(select(Broadcast.campaign_id))).scalar_one()
    stop = received.find_button(STOP)
    assert campaign is not None and stop is not None  # the stop button stops this campaign's messages only
    assert stop.callback_data == StopMessagesButton(campaign=campaign).pack()


async def test_a_service_notice_is_previewed_as_it_arrives_without_the_stop_button(hamyar: Harness) -> None:
    manager, volunteer = await on_callout(hamyar)
    await refer(volunteer, consent=False)
    await deliver(hamyar)
    notice = await expect(manager, "ارجاع تازه از تیم محب", strict=False)
    async with hamyar.session() as session:
        uow = UnitOfWork(session)
        sent = (await session.execute(select(Broadcast).where(Broadcast.kind == BroadcastKind.SERVICE)
                                      .order_by(Broadcast.id.desc()))).scalars().first()
        assert sent is not None and [ButtonSpec.from_json(b).label for b in sent.buttons]
        assert shown(notice) == previewed(sent) != []
        assert STOP not in notice.button_texts()

        # A notice with no button of its own: no keyboard in the preview, none on the message.
        await notify(uow, [await person_id(hamyar, MANAGER)], "manage-your-broadcast-approved", any_hour=True, id=5)
        await uow.commit()
        bare = (await session.execute(select(Broadcast).order_by(Broadcast.id.desc()))).scalars().first()
    await drain_outbox(hamyar)
    told = await expect(manager, "پیام همگانی شما", strict=False)
    assert bare is not None and previewed(bare) == shown(told) == []
    assert told.reply_markup is None
