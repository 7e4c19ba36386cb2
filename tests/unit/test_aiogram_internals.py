"""Guards for the places where Hamyar leans on aiogram's insides (docs/decisions.md, "aiogram internals").

aiogram may move within 3.x (pyproject.toml: `aiogram>=3.31,<4`). Each test here states one assumption a
patch makes, through the patch itself where it can: after an upgrade that breaks it, the test fails by name
instead of the bot quietly slowing down, stalling its polling or losing a person's conversation state. The
tests named `..._still_...` fail when an upgrade makes a patch unnecessary: then the patch can go."""

from __future__ import annotations

import inspect
import json
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.dispatcher.event.handler import CallableObject, FilterObject, HandlerObject
from aiogram.exceptions import ClientDecodeError, TelegramAPIError
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiohttp import web

from bot import inline_filters
from bot.factory import create_dispatcher
from bot.middlewares import InFlight
from bot.redis_turns import RedisTurns, TurnStorage
from bot.session import create_session
from runtime.config import Settings
from storage.db import create_engine

TOKEN = "42:guard"


# -- Sync filters run inline (bot/inline_filters.py) ----------------------------------------------------

async def _handler(event: Any) -> None:
    return None


async def test_aiogram_still_sends_sync_filters_to_a_thread() -> None:
    """Why the patch exists. When this fails, aiogram runs sync callbacks inline itself: drop the patch."""
    threads: list[int] = []

    def where(event: Any) -> bool:
        threads.append(threading.get_ident())
        return True

    await inline_filters._original_call(FilterObject(where), "event")
    assert threads and threads[0] != threading.get_ident()


def test_filter_objects_keep_the_attributes_the_patch_reads() -> None:
    """The patch replaces `FilterObject.call(self, *args, **kwargs)` and reads `awaitable`, `callback` and
    the private `_prepare_kwargs` (the keyword arguments the callback accepts, of those given)."""
    assert inspect.iscoroutinefunction(inline_filters._original_call)
    assert list(inspect.signature(inline_filters._original_call).parameters) == ["self", "args", "kwargs"]

    def wants_state(event: Any, state: str) -> bool:
        return True

    sync = FilterObject(wants_state)
    assert sync.awaitable is False and sync.callback is wants_state
    assert sync._prepare_kwargs({"state": "s", "bot": "b"}) == {"state": "s"}
    assert FilterObject(_handler).awaitable is True
    assert issubclass(FilterObject, CallableObject)


async def test_installed_sync_filters_run_on_the_loop_thread_and_still_decide() -> None:
    """Through aiogram's own `HandlerObject.check`: sync filters (plain and magic) run on this thread, get
    only the keyword arguments they name, and their verdict and `as_` data reach the handler; an async
    filter is still awaited."""
    inline_filters.install()
    inline_filters.install()  # idempotent
    calls: list[tuple[int, str]] = []

    def plain(event: Any, state: str) -> bool:
        calls.append((threading.get_ident(), state))
        return True

    async def asynchronous(event: Any) -> bool:
        return event.text == "hello"

    handler = HandlerObject(callback=_handler, filters=[
        FilterObject(plain), FilterObject(F.text.as_("said")), FilterObject(asynchronous)])
    passed, data = await handler.check(SimpleNamespace(text="hello"), state="onboarding:phone", bot="b")
    assert passed is True
    assert calls == [(threading.get_ident(), "onboarding:phone")]
    assert data["said"] == "hello"
    passed, _ = await handler.check(SimpleNamespace(text="bye"), state="s")
    assert passed is False
    passed, _ = await HandlerObject(callback=_handler, filters=[FilterObject(F.text == "hi")]).check(
        SimpleNamespace(text="no"))
    assert passed is False
    step = HandlerObject(callback=_handler, filters=[FilterObject(_Steps.phone)])  # a step's state is a sync filter
    assert (await step.check(SimpleNamespace(), raw_state="_Steps:phone"))[0] is True
    assert (await step.check(SimpleNamespace(), raw_state="_Steps:region"))[0] is False


class _Steps(StatesGroup):
    phone = State()


# -- The session: JSON bodies, paced calls, tolerant getUpdates (bot/session.py) ----------------------

@dataclass
class FakeBotApi:
    """A Bot API on loopback that records each call's content type and body and answers from `answers`."""

    base: str = ""
    calls: list[tuple[str, str, Any]] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)


_MESSAGE = {"message_id": 1, "date": 0, "chat": {"id": 7, "type": "private"}, "text": "hi"}


@pytest.fixture
async def bot_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()

    async def call(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            body: Any = await request.json()
        else:
            body = {name: value for name, value in (await request.post()).items()}
        api.calls.append((method, request.content_type, body))
        answer = api.answers.get(method, {"ok": True, "result": _MESSAGE})
        return web.Response(text=json.dumps(answer), content_type="application/json")

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", call)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    api.base = f"http://127.0.0.1:{port}"
    yield api
    await runner.cleanup()


def test_the_session_overrides_the_methods_aiogram_calls_with_the_same_signatures() -> None:
    """`Bot.__call__` reaches `make_request(bot, method, timeout)` through the session's middlewares; the
    override keeps that signature, and `check_response(bot, method, status_code, content)`'s."""
    assert list(inspect.signature(AiohttpSession.make_request).parameters) == ["self", "bot", "method", "timeout"]
    assert list(inspect.signature(AiohttpSession.check_response).parameters) == [
        "self", "bot", "method", "status_code", "content"]
    prepare = inspect.signature(AiohttpSession.prepare_value).parameters
    assert list(prepare) == ["self", "value", "bot", "files", "_dumps_json"]


async def test_calls_go_out_as_json_with_nested_objects_and_files_as_multipart(bot_api: FakeBotApi) -> None:
    """The override builds the body with `prepare_value(..., _dumps_json=False)` (a private keyword): a
    keyboard must arrive as a JSON object, not as a string of JSON; an upload still goes as multipart."""
    bot = Bot(TOKEN, session=create_session(bot_api.base))
    try:
        keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="y")]])
        message = await bot.send_message(chat_id=7, text="hi", reply_markup=keyboard)
        assert message.message_id == 1
        method, content_type, body = bot_api.calls[-1]
        assert (method, content_type) == ("sendMessage", "application/json")
        assert body == {"chat_id": 7, "text": "hi",
                        "reply_markup": {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}}

        bot_api.answers["sendDocument"] = {"ok": True, "result": {
            **_MESSAGE, "document": {"file_id": "f", "file_unique_id": "u"}}}
        await bot.send_document(chat_id=7, document=BufferedInputFile(b"x", filename="x.txt"))
        method, content_type, body = bot_api.calls[-1]
        assert (method, content_type) == ("sendDocument", "multipart/form-data")
        assert body["chat_id"] == "7" and body["document"].startswith("attach://")
    finally:
        await bot.session.close()


async def test_a_sent_message_comes_back_without_its_keyboard_and_errors_still_raise(bot_api: FakeBotApi) -> None:
    """GuardedSession.check_response leaves out the inline keyboard a sent message comes back with (nothing
    reads it; its buttons tripled the cost of reading the answer); the rest of the message is as sent, and a
    refused call or an answer that is not a message is still reported as aiogram reports it."""
    keyboard = {"inline_keyboard": [[{"text": "بله", "callback_data": "y"}], [{"text": "خیر", "callback_data": "n"}]]}
    bot_api.answers["sendMessage"] = {"ok": True, "result": {**_MESSAGE, "text": "سلام", "reply_markup": keyboard}}
    bot = Bot(TOKEN, session=create_session(bot_api.base))
    try:
        markup = InlineKeyboardMarkup.model_validate(keyboard)
        sent = await bot.send_message(chat_id=7, text="سلام", reply_markup=markup)
        assert (sent.message_id, sent.chat.id, sent.text, sent.reply_markup) == (1, 7, "سلام", None)
        assert sent.bot is bot  # bound to the bot as aiogram binds what it reads

        edited = {**_MESSAGE, "text": "ویرایش", "reply_markup": keyboard}
        bot_api.answers["editMessageText"] = {"ok": True, "result": edited}
        answer = await bot.edit_message_text(chat_id=7, message_id=1, text="ویرایش")
        assert isinstance(answer, Message) and answer.text == "ویرایش" and answer.reply_markup is None

        bot_api.answers["sendMessage"] = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked",
                                          "reply_markup": keyboard}
        with pytest.raises(TelegramAPIError, match="bot was blocked"):
            await bot.send_message(chat_id=7, text="سلام")
        bot_api.answers["sendMessage"] = {"ok": True, "result": {"reply_markup": keyboard}}
        with pytest.raises(ClientDecodeError):
            await bot.send_message(chat_id=7, text="سلام")
    finally:
        await bot.session.close()


_BATCH = {"ok": True, "result": [
    {"update_id": 10, "message": {**_MESSAGE, "text": "first"}},
    {"update_id": 11, "message": {"message_id": "not a number", "chat": {}}},
    {"update_id": 12, "message": {**_MESSAGE, "text": "third"}},
]}


async def test_aiogram_still_rejects_a_whole_update_batch_for_one_odd_update(bot_api: FakeBotApi) -> None:
    """Why `GuardedSession.check_response` exists (aiogram #1840). When this fails, aiogram skips odd
    updates itself: the sanitising can go (the budget and JSON bodies stay)."""
    bot_api.answers["getUpdates"] = _BATCH
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(bot_api.base)))
    try:
        with pytest.raises(ClientDecodeError):
            await bot.get_updates()
    finally:
        await bot.session.close()


async def test_one_odd_update_becomes_an_empty_one_and_polling_moves_past_it(bot_api: FakeBotApi) -> None:
    bot_api.answers["getUpdates"] = _BATCH
    bot = Bot(TOKEN, session=create_session(bot_api.base))
    try:
        updates = await bot.get_updates()
    finally:
        await bot.session.close()
    assert [update.update_id for update in updates] == [10, 11, 12]
    assert [update.message is not None for update in updates] == [True, False, True]
    assert updates[2].message is not None and updates[2].message.text == "third"


# -- The dispatcher's shutdown leaves the storage open (bot/factory.py) --------------------------------

class _Storage(MemoryStorage):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    async def close(self) -> None:
        self.closed = True


async def test_aiogram_still_closes_the_storage_when_polling_stops() -> None:
    """Why the factory drops `dispatcher.fsm.close` from the shutdown handlers: aiogram registers exactly
    that callback, and FSM middleware built with `disable_fsm=True` is left for us to place."""
    storage = _Storage()
    dispatcher = Dispatcher(storage=storage, disable_fsm=True)
    assert [handler.callback for handler in dispatcher.shutdown.handlers] == [dispatcher.fsm.close]
    assert dispatcher.fsm not in dispatcher.update.outer_middleware
    await dispatcher.emit_shutdown()
    assert storage.closed is True


async def test_the_bots_dispatcher_leaves_closing_the_storage_to_the_app(tmp_path: Any) -> None:
    storage = _Storage()
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")
    try:
        dispatcher = create_dispatcher(storage, engine, InFlight(), Settings(_env_file=None))
        assert list(dispatcher.update.outer_middleware).count(dispatcher.fsm) == 1
        await dispatcher.emit_shutdown()
        assert storage.closed is False
    finally:
        await engine.dispose()


# -- Turns read and write RedisStorage's keys directly (bot/turns.py) ---------------------------------

async def test_a_turn_reads_and_writes_what_aiogram_redis_storage_keeps(redis_url: str | None) -> None:
    """TurnStorage's scripts read and write the state and data keys RedisStorage uses (the key builder's
    "state" and "data" keys; state a plain string, data a JSON object), and derive the tap key from "lock"."""
    if redis_url is None:
        pytest.skip("needs HAMYAR_TEST_REDIS_URL")
    from redis.asyncio import Redis

    builder = DefaultKeyBuilder(with_bot_id=True, prefix="hamyar:fsm")
    key = StorageKey(bot_id=42, chat_id=9, user_id=9)
    assert builder.build(key, "lock").endswith(":lock")
    plain = RedisStorage(Redis.from_url(redis_url), key_builder=builder)
    storage = TurnStorage(Redis.from_url(redis_url), key_builder=builder)
    turns = RedisTurns(storage)
    try:
        await plain.set_state(key, "Onboarding:phone")
        await plain.set_data(key, {"language": "fa", "step": 2})
        async with turns.turn(turns.queue.reserve(key)):
            assert await storage.get_state(key) == "Onboarding:phone"
            assert await storage.get_data(key) == {"language": "fa", "step": 2}
            await storage.set_state(key, "Onboarding:region")
            await storage.set_data(key, {"language": "fa", "province": 3})
        assert await plain.get_state(key) == "Onboarding:region"
        assert await plain.get_data(key) == {"language": "fa", "province": 3}
    finally:
        await turns.close()
        await plain.redis.flushdb()
        await plain.close()
        await storage.close()
