"""One person at a time: double and triple taps run a step once, and one person's updates run in order."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from bot.redis_turns import TurnStorage
from emulator import BotMessage, UserClient
from storage.models import Person
from tests.e2e import journeys
from tests.e2e.harness import Harness

ALREADY_DONE = "این کار انجام شده است."


async def _reply(user: UserClient, fragment: str) -> BotMessage:
    """The bot's next message (or edit) containing `fragment`."""
    return await user.wait_for_message(lambda message: fragment in (message.text or ""), timeout=10)


async def _answered(user: UserClient, count: int, timeout: float = 10.0) -> list[str | None]:
    """Wait until the bot has answered `count` button presses of this person; their texts."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while len(user.callback_answers()) < count:
        if loop.time() > deadline:
            raise TimeoutError(f"{len(user.callback_answers())} of {count} presses answered\n{user.dump()}")
        await asyncio.sleep(0.02)
    return [answer.text for answer in user.callback_answers()]


async def _taps(user: UserClient, button: str, times: int, message_id: int | None = None) -> None:
    """Press one button several times without waiting, as a quick finger does."""
    for _ in range(times):
        await user.press(button, message_id=message_id)


def _count(user: UserClient, fragment: str) -> int:
    return sum(fragment in (message.text or "") for message in user.messages())


async def _person(hamyar: Harness, user_id: int) -> list[Person]:
    async with hamyar.session() as session:
        return list((await session.scalars(select(Person).where(Person.platform_user_id == user_id))).all())


async def test_double_and_triple_taps_during_onboarding_run_each_step_once(hamyar: Harness) -> None:
    user = hamyar.user(4001, "Sara")
    await user.send_text("/start")
    await _reply(user, "زبان را انتخاب کنید")

    await _taps(user, "فارسی", 2)
    await _reply(user, "آیا موافقید؟")
    assert await _answered(user, 2) == [None, ALREADY_DONE]

    await _taps(user, "موافقم", 3)
    await _reply(user, "شماره موبایل خود")
    assert (await _answered(user, 5))[2:] == [None, ALREADY_DONE, ALREADY_DONE]

    await user.share_contact("+989121234567", own=True)
    await _reply(user, "استان محل زندگی")
    await user.send_text("اصفهان")
    counties = await _reply(user, "شهرستان خود")
    await _taps(user, counties.inline_buttons[0][0].text, 2)
    await _reply(user, "نام محله خود")
    assert (await _answered(user, 7))[5:] == [None, ALREADY_DONE]
    assert await hamyar.app.in_flight.wait_idle(10)

    assert _count(user, "آیا موافقید؟") == 1
    assert _count(user, "شماره موبایل خود") == 1
    assert _count(user, "نام محله خود") == 1
    [person] = await _person(hamyar, 4001)
    assert person.language == "fa" and person.consent_at is not None
    assert person.county_code is not None and person.county_code.startswith("isfahan-")


async def test_double_taps_on_profile_buttons_run_each_step_once(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 4002, "Reza")
    answered = len(user.callback_answers())
    await user.send_text("/me")
    await _reply(user, "اطلاعاتی که از شما نگه داشته‌ایم")

    await _taps(user, "تغییر تلفن", 2)
    await _reply(user, "شماره موبایل تازه")
    assert (await _answered(user, answered + 2))[answered:] == [None, ALREADY_DONE]
    await user.share_contact("+989131112233", own=True)
    await _reply(user, "اطلاعاتی که از شما نگه داشته‌ایم")

    await _taps(user, "تغییر منطقه", 2)
    await _reply(user, "استان تازه")
    await _taps(user, "تهران", 2)
    counties = await _reply(user, "شهرستان")
    await _taps(user, counties.inline_buttons[0][0].text, 2)
    await _reply(user, "اطلاعاتی که از شما نگه داشته‌ایم")
    assert (await _answered(user, answered + 8))[answered + 2:] == [None, ALREADY_DONE] * 3

    await _taps(user, "تغییر زبان", 3)
    await _reply(user, "«فارسی» یا «English»")
    await _taps(user, "English", 2)
    await _reply(user, "Saved.")
    # The repeat is answered after the step, in the language the step just chose.
    assert (await _answered(user, answered + 13))[answered + 8:] == [
        None, ALREADY_DONE, ALREADY_DONE, None, "This is already done."]
    assert await hamyar.app.in_flight.wait_idle(10)

    assert _count(user, "شماره موبایل تازه") == 1
    assert _count(user, "استان تازه") == 1
    assert _count(user, "شهرستان خود در استان تهران") == 1
    assert _count(user, "«فارسی» یا «English»") == 1
    assert _count(user, "Saved.") == 1
    [person] = await _person(hamyar, 4002)
    assert person.phone == "09131112233" and person.language == "en"
    assert person.province_code == "tehran"


async def _texts_once_idle(hamyar: Harness, user: UserClient, seen: int) -> list[str]:
    """The texts of the messages after the first `seen`, once the bot has finished every update in flight."""
    assert await hamyar.app.in_flight.wait_idle(10)
    return [message.text or "" for message in user.messages()[seen:]]


async def _profile_and_erase_question(
        hamyar: Harness, user_id: int, name: str) -> tuple[UserClient, BotMessage, BotMessage, int]:
    """An onboarded person with two messages on screen, the profile (/me) and the erase question (/forget); and
    how many messages the chat holds by then."""
    user = await journeys.onboarded(hamyar, user_id, name)
    await user.send_text("/me")
    me = await _reply(user, "اطلاعاتی که از شما نگه داشته‌ایم")
    await user.send_text("/forget")
    forget = await _reply(user, "با پاک کردن")
    return user, me, forget, len(user.messages())


async def _typed_phone_is_sent_to_start(user: UserClient) -> None:
    """A phone number typed once the person is erased: no step is waiting for it, so /start is suggested (never
    "something went wrong")."""
    await user.send_text("۰۹۱۲۷۷۷۶۶۵۵")
    reply = await user.wait_for_message(timeout=10)
    assert "مشکلی پیش آمد" not in (reply.text or "") and "/start" in (reply.text or "")


async def test_change_phone_then_erase_pressed_together_run_in_order(hamyar: Harness) -> None:
    user, me, forget, seen = await _profile_and_erase_question(hamyar, 4003, "Sara")
    await user.press("تغییر تلفن", message_id=me.message_id)  # pressed together:
    await user.press("بله، همه را پاک کن", message_id=forget.message_id)  # the second before the first is answered
    await _reply(user, "اطلاعات شما پاک شد")
    texts = await _texts_once_idle(hamyar, user, seen)
    asked = next(i for i, text in enumerate(texts) if "شماره موبایل تازه" in text)
    erased = next(i for i, text in enumerate(texts) if "اطلاعات شما پاک شد" in text)
    assert asked < erased

    # The erase came last: no phone step is left waiting for an erased person.
    await _typed_phone_is_sent_to_start(user)
    assert await _person(hamyar, 4003) == []  # erased: the account no longer names anyone


async def test_erase_then_change_phone_pressed_together_run_in_order(hamyar: Harness) -> None:
    user, me, forget, seen = await _profile_and_erase_question(hamyar, 4004, "Reza")
    await user.press("بله، همه را پاک کن", message_id=forget.message_id)  # pressed together:
    await user.press("تغییر تلفن", message_id=me.message_id)  # the second before the first is answered
    await _reply(user, "اطلاعات شما پاک شد")
    await _reply(user, "برای شروع")  # the phone button finds nobody to change
    texts = await _texts_once_idle(hamyar, user, seen)
    assert not any("شماره موبایل تازه" in text for text in texts)
    assert [i for i, text in enumerate(texts) if "پاک شد" in text or "برای شروع" in text] == [0, 1]

    await _typed_phone_is_sent_to_start(user)


async def test_a_lock_left_by_a_dead_process_delays_the_next_update_but_never_fails_it(
        hamyar: Harness, redis_url: str | None) -> None:
    if redis_url is None:
        pytest.skip("the person's lock is shared across processes only in Redis")
    user = hamyar.user(4005, "Sara")
    storage = hamyar.app.dispatcher.storage
    assert isinstance(storage, TurnStorage)
    lock = storage.key_builder.build(StorageKey(bot_id=hamyar.app.bots[0].id, chat_id=4005, user_id=4005), "lock")
    # Another process took this person's lock and died.
    await storage.redis.set(lock, "a-dead-process")

    await user.send_text("/start")
    with pytest.raises(TimeoutError):
        await user.wait_for_message(timeout=1)  # the update waits for the lock; it does not fail
    await storage.redis.pexpire(lock, 1)  # the dead process's lease runs out
    await _reply(user, "زبان را انتخاب کنید")
    await user.press("فارسی")
    await _reply(user, "آیا موافقید؟")
    assert await hamyar.app.in_flight.wait_idle(10)
    assert await storage.redis.exists(lock) == 0  # the bot's own turns released it
