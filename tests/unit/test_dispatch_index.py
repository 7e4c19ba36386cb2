"""The indexed dispatcher picks the handler aiogram's router walk picks, for every state and kind of input.

Two dispatchers get the same conversation routers: aiogram's own and bot/dispatch_index.py's. Every handler
is replaced by one that names itself, and the same updates (texts, commands, menu labels, a shared contact,
presses of every kind of button, in every conversation state, as a citizen and as a manager) go through
both: the names must match, update by update. The whole end-to-end suite also runs on the indexed one."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.types import CallbackQuery, Chat, Contact, Message, User

from bot import inline_filters
from bot.dispatch_index import IndexedDispatcher
from campaigns import roles
from campaigns.callbacks.base import ButtonData
from handlers import setup_routers
from handlers.keyboards import MENU_KEYS
from i18n import translator

USER = User(id=7, is_bot=False, first_name="Sara")
CHAT = Chat(id=7, type="private")
WHEN = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)


def _message(text: str | None = None, contact: bool = False) -> Message:
    return Message(message_id=1, date=WHEN, chat=CHAT, from_user=USER, text=text,
                   contact=Contact(phone_number="+989120000000", first_name="Sara", user_id=7) if contact else None)


def _press(data: str) -> CallbackQuery:
    return CallbackQuery(id="1", from_user=USER, chat_instance="1", data=data,
                         message=Message(message_id=2, date=WHEN, chat=CHAT, text="…"))


def _button_kinds() -> list[type[ButtonData]]:
    kinds: list[type[ButtonData]] = []
    pending = list(ButtonData.__subclasses__())
    while pending:
        kind = pending.pop()
        kinds.append(kind)
        pending.extend(kind.__subclasses__())
    return kinds


def _presses(kind: type[ButtonData]) -> list[str]:
    """Valid data for every value of the kind's first choice field (others fixed), and two invalid ones."""
    choices: list[list[str]] = []
    for field in kind.model_fields.values():
        annotation = field.annotation
        args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
        annotation = args[0] if args else annotation
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            choices.append([str(member.value) for member in annotation])
        elif annotation is bool:
            choices.append(["1", "0"])
        else:
            choices.append(["1"])
    datas = [kind.prefix, f"{kind.prefix}:zz"]
    varied = next((i for i, options in enumerate(choices) if len(options) > 1), None)
    for option in choices[varied] if varied is not None else [""]:
        parts = [options[0] for options in choices]
        if varied is not None:
            parts[varied] = option
        datas.append(":".join([kind.prefix, *parts]))
    return datas


def _samples() -> list[tuple[str, Any]]:
    t = translator("fa")
    texts = ["/start", "/start g_abc", "/start c_1", "/cancel", "/help", "/foo", "/referral", "/guardian",
             "سلام", "۱۲۳۴", "1403", "اصفهان", "بله", "خیر", "رد شدن", "", *(t(key) for key in MENU_KEYS)]
    samples: list[tuple[str, Any]] = [("message", _message(text)) for text in texts]
    samples.append(("message", _message(contact=True)))
    datas = ["zz:1", "nothing"]
    for kind in _button_kinds():
        datas += _presses(kind)
    samples += [("callback_query", _press(data)) for data in datas]
    return samples


@pytest.fixture
def picked(monkeypatch: pytest.MonkeyPatch) -> None:
    inline_filters.install()  # as the bot does (otherwise every synchronous filter is a thread hop)
    async def named(self: HandlerObject, *args: Any, **kwargs: Any) -> str:
        return f"{self.callback.__module__}.{self.callback.__qualname__}"

    monkeypatch.setattr(HandlerObject, "call", named)


async def _walk(manager: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    if manager:
        async def actor(uow: Any, person: Any) -> roles.Actor:
            return roles.Actor(1, "national", None, None)  # type: ignore[arg-type]

        monkeypatch.setattr(roles, "actor_of", actor)
    plain = Dispatcher()
    plain.include_routers(*setup_routers())
    indexed = IndexedDispatcher()
    indexed.include_routers(*setup_routers())
    assert indexed.build_index() == {}
    states: set[str | None] = {None, "Unknown:state"}
    for index in indexed._indexes.values():
        states |= index.states
    samples = _samples()
    bot = Bot("42:TEST")
    handled = compared = 0
    for state in sorted(states, key=str):
        for update_type, event in samples:
            data = {"raw_state": state, "person": None, "uow": None, "t": translator("fa"), "event_from_user": USER,
                    "bot": bot}
            expected = await plain.propagate_event(update_type, event, **data)
            got = await indexed.propagate_event(update_type, event, **data)
            assert got == expected, (state, update_type, getattr(event, "text", None) or getattr(event, "data", None))
            compared += 1
            handled += expected is not UNHANDLED
    return compared, handled


@pytest.mark.usefixtures("picked")
@pytest.mark.parametrize("manager", [False, True], ids=["citizen", "manager"])
async def test_the_index_picks_what_the_router_walk_picks(manager: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    compared, handled = await _walk(manager, monkeypatch)
    # The sweep must reach handlers in many states, or it compares nothing but "unhandled".
    assert compared > 5_000
    assert handled > compared // 10


@pytest.mark.usefixtures("picked")
async def test_forged_prefixes_and_states_do_not_grow_the_index() -> None:
    indexed = IndexedDispatcher()
    indexed.include_routers(*setup_routers())
    indexed.build_index()
    bot = Bot("42:TEST")
    for n in range(500):
        data = {"raw_state": f"Forged:{n}", "person": None, "uow": None, "t": translator("fa"), "event_from_user": USER,
                "bot": bot}
        await indexed.propagate_event("callback_query", _press(f"x{n}:1"), **data)
    assert len(indexed._indexes["callback_query"]._cache) == 1


async def test_a_router_the_index_cannot_reproduce_is_left_to_aiogram() -> None:
    from aiogram import Router

    indexed = IndexedDispatcher()
    outer = Router(name="outer")
    outer.include_router(Router(name="inner"))
    indexed.include_router(outer)
    left = indexed.build_index()
    assert "outer" in left["message"]  # the router holding another is named


async def test_a_router_included_after_the_index_is_not_missed() -> None:
    from aiogram import Router

    indexed = IndexedDispatcher()
    indexed.include_routers(*setup_routers())
    indexed.build_index()
    assert indexed._indexes
    late = Router(name="late")
    indexed.include_router(late)
    assert indexed._indexes == {}  # aiogram's walk (which sees the late router) until the index is rebuilt
