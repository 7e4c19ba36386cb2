"""/forget over the emulator: a confirmation, then nothing personal left; aggregates stay, unlinked."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from storage.models import Membership, Person, Pledge, Volunteer
from tests.e2e import journeys
from tests.e2e.harness import Harness
from tests.e2e.journeys import say, tap
from tests.e2e.test_profile import add_participation


async def _person_id(hamyar: Harness, user_id: int) -> int:
    async with hamyar.session() as session:
        return (await session.execute(select(Person.id).where(Person.platform_user_id == user_id))).scalar_one()


async def _register_volunteer(hamyar: Harness, user_id: int) -> None:
    user = hamyar.user(user_id)
    await journeys.start_volunteering(user)
    for answer, next_prompt in (("سلامت", "تخصص"), ("روان‌شناس", "چه روزهایی"), ("همه روزها", "چه ساعتی"),
                                ("صبح", "تیم‌های محب"), ("بله", "منطقه فعالیت"), ("همین منطقه", "کد ملی"),
                                ("0012345679", "مهارت‌ها"), ("مشاوره در بحران", "خلاصه ثبت‌نام"),
                                ("تأیید", "ذخیره شد")):
        await say(user, answer, next_prompt)


async def test_forget_with_confirmation(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 4001, "Sara")
    person_id = await _person_id(hamyar, 4001)
    await add_participation(hamyar, person_id)
    await _register_volunteer(hamyar, 4001)

    ask = await say(user, "/forget", "آیا مطمئن هستید؟")
    assert ask.button_texts() == ["بله، همه را پاک کن", "نه، نگه دار"]
    await tap(user, "نه، نگه دار", "چیزی پاک نشد")
    async with hamyar.session() as session:
        kept = await session.get(Person, person_id)
        assert kept is not None and kept.phone == "09121234567"

    await journeys.open_profile(user)
    await tap(user, "پاک کردن اطلاعات من", "آیا مطمئن هستید؟")
    done = await say(user, "بله", "اطلاعات شما پاک شد")
    assert done.remove_keyboard  # the main menu goes with the data

    async with hamyar.session() as session:
        gone = await session.get(Person, person_id)
        assert gone is not None and gone.forgotten_at is not None
        assert (gone.phone, gone.national_id, gone.first_name, gone.neighbourhood) == (None, None, None, None)
        assert gone.platform_user_id != 4001
        volunteer = (await session.execute(select(Volunteer).where(Volunteer.person_id == person_id))).scalar_one()
        assert volunteer.skills is None and volunteer.on_call is False and volunteer.axes == ["health"]
        pledges = list((await session.execute(select(Pledge))).scalars())
        assert len(pledges) == 2 and all(p.person_id is None for p in pledges)  # kept, unlinked
        assert sum(p.amount or 0 for p in pledges if p.status != "cancelled") == 500_000
        assert await session.scalar(select(func.count()).select_from(Membership)) == 1

    # The same account is a stranger now.
    await say(user, "/me", "/start")
    await say(user, "/start", "زبان")
    async with hamyar.session() as session:
        fresh = (await session.execute(select(Person).where(Person.platform_user_id == 4001))).scalar_one()
        assert fresh.id != person_id and fresh.phone is None and fresh.onboarded_at is None


async def test_forget_typed_answers_and_stale_confirmation(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 4002)
    ask = await say(user, "/forget", "آیا مطمئن هستید؟")
    await say(user, "شاید", "لطفاً «بله، همه را پاک کن»")
    await say(user, "بله، همه را پاک کن", "اطلاعات شما پاک شد")
    # The first question still shows its buttons; its confirmation now says it has expired.
    button = ask.find_button("بله، همه را پاک کن")
    assert button is not None and button.callback_data is not None, user.dump()
    answered = len(user.callback_answers())
    await user.press(button.callback_data, message_id=ask.message_id)
    for _ in range(100):
        if len(user.callback_answers()) > answered:
            break
        await asyncio.sleep(0.02)
    answer = user.callback_answers()[-1]
    assert "معتبر نیست" in (answer.text or "") and answer.show_alert, user.dump()

