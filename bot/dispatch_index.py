"""Routing an update straight to the handlers that could take it, instead of asking every router in turn.

aiogram finds an update's handler by walking the routers in order and, in each, checking every handler's
filters until one passes. Hamyar has some thirty routers and about a hundred message handlers and a hundred
button handlers, nearly all of which are tied to one conversation state (`@router.message(Onboarding.phone)`)
or to one kind of button (`Pressed(ConsentButton)`): a typed answer in the middle of a conversation was
checked against every handler before it, and the conversations benchmark measured that walk at a fifth of
the bot's CPU per update.

`IndexedDispatcher` keeps aiogram's semantics (the same handlers, tried in the same order, the first whose
filters pass is called, `SkipHandler` passes on, inner middlewares and router filters apply as before) but
tries only the candidates: for an update in conversation state S, the handlers whose state filters admit S;
for a button press, the handlers whose button kind (its callback data's prefix) is the one pressed. Which
handlers those are is worked out once per (kind of update, state, prefix) from the handlers' own filters,
so nothing is declared twice. Anything the index cannot read (a router with its own outer middleware, nested
routers) makes that kind of update go through aiogram's walk, unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from inspect import isclass
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.bases import UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, TelegramObject

from handlers.pressed import Pressed

_ANY = None  # a handler that admits every state / every prefix
_OTHER = "\x00other"  # the index key of a state or prefix no handler names
_SEPARATOR = ":"  # campaigns/callbacks and aiogram's CallbackData both default to it
_NOT_INDEXED = frozenset({"update", "error"})


class NotIndexable(Exception):
    """A router shape the index does not reproduce; that kind of update goes through aiogram's walk."""


def _states_of(callback: Any) -> frozenset[str | None] | None:
    """The raw states a state filter admits (None: it admits any state, or it is not a state filter)."""
    if isinstance(callback, StateFilter):
        admitted: set[str | None] = set()
        for state in callback.states:
            one = _states_of(state) if not isinstance(state, str) and state is not None else (
                None if state == "*" else frozenset({state}))
            if one is None:
                return None
            admitted |= one
        return frozenset(admitted)
    if isinstance(callback, State):
        return None if callback.state == "*" else frozenset({callback.state})
    if isinstance(callback, StatesGroup):
        return frozenset(type(callback).__all_states_names__)
    if isclass(callback) and issubclass(callback, StatesGroup):
        return frozenset(callback.__all_states_names__)
    return None


def _prefix_of(callback: Any) -> str | None:
    """The callback-data prefix a button filter requires (None: it is not a button filter)."""
    if isinstance(callback, Pressed):
        return callback.kind.prefix
    if isinstance(callback, CallbackQueryFilter) and callback.callback_data.__separator__ == _SEPARATOR:
        return str(callback.callback_data.__prefix__)
    return None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One handler, with the router and observer it belongs to and what its filters require."""

    router: Router
    observer: TelegramEventObserver
    handler: HandlerObject
    states: frozenset[str | None] | None  # None: any state
    prefixes: frozenset[str] | None  # None: any callback data (or not a button handler)
    root_filtered: bool  # the router has filters of its own for this kind of update

    def admits(self, state: str | None, prefix: str | None) -> bool:
        """Could this handler take an update in `state` with callback-data `prefix`?"""
        return (self.states is None or state in self.states) and (self.prefixes is None or prefix in self.prefixes)


def _routers(root: Router) -> Iterator[Router]:
    yield root
    for router in root.sub_routers:
        if router.sub_routers:
            raise NotIndexable(f"router {router.name} has routers of its own")
        yield router


class Index:
    """The handlers of one kind of update, in aiogram's order, and the candidates per (state, prefix)."""

    def __init__(self, root: Router, update_type: str) -> None:
        self.candidates: list[Candidate] = []
        for router in _routers(root):
            observer = router.observers.get(update_type)
            if observer is None:
                continue
            if router is not root and observer.outer_middleware:
                raise NotIndexable(f"router {router.name} has outer middleware for {update_type}")
            if router is root and observer._handler.filters:
                raise NotIndexable(f"the dispatcher has filters of its own for {update_type}")
            for handler in observer.handlers:
                states: frozenset[str | None] | None = None
                prefixes: frozenset[str] | None = None
                for filter_object in handler.filters or ():
                    admitted = _states_of(filter_object.callback)
                    if admitted is not None:
                        states = admitted if states is None else states & admitted
                    prefix = _prefix_of(filter_object.callback)
                    if prefix is not None:
                        prefixes = frozenset({prefix}) if prefixes is None else prefixes & {prefix}
                self.candidates.append(Candidate(router, observer, handler, states, prefixes,
                                                 bool(observer._handler.filters)))
        self.states = {state for c in self.candidates if c.states is not None for state in c.states}
        self.prefixes = {prefix for c in self.candidates if c.prefixes is not None for prefix in c.prefixes}
        self._cache: dict[tuple[str | None, str | None], tuple[Candidate, ...]] = {}

    def for_event(self, state: str | None, prefix: str | None) -> tuple[Candidate, ...]:
        """The handlers that could take an update in `state` with callback-data `prefix`, in order."""
        # A state or prefix no handler names is admitted only by the handlers that admit any: one key for all,
        # so forged callback data cannot grow the cache.
        key = (state if state in self.states else _OTHER, prefix if prefix in self.prefixes else _OTHER)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = tuple(c for c in self.candidates if c.admits(*key))
        return found


class IndexedDispatcher(Dispatcher):
    """A Dispatcher whose routers are tried through an index (see the module docstring).

    Call `build_index()` once every router is included and every handler registered; until then (and for a
    kind of update the index cannot reproduce) updates take aiogram's walk."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._indexes: dict[str, Index] = {}

    def include_router(self, router: Router) -> Router:
        """Include a router; an index built before it no longer holds every handler, so it is dropped (updates
        take aiogram's walk until `build_index()` runs again)."""
        self._indexes = {}
        return super().include_router(router)

    def build_index(self) -> dict[str, str]:
        """Index every kind of update this dispatcher's routers handle; returns those left to aiogram, and why."""
        self._indexes = {}
        left: dict[str, str] = {}
        for update_type in self.observers:
            if update_type in _NOT_INDEXED:
                continue
            try:
                self._indexes[update_type] = Index(self, update_type)
            except NotIndexable as exc:
                left[update_type] = str(exc)
        return left

    async def _propagate_event(self, observer: TelegramEventObserver | None, update_type: str,
                               event: TelegramObject, **kwargs: Any) -> Any:
        index = self._indexes.get(update_type)
        if index is None:
            return await super()._propagate_event(observer, update_type, event, **kwargs)
        state = kwargs.get("raw_state")
        prefix = None
        if isinstance(event, CallbackQuery) and event.data:
            prefix = event.data.split(_SEPARATOR, 1)[0]
        root_checked: dict[int, tuple[bool, dict[str, Any]]] = {}
        for candidate in index.for_event(state, prefix):
            router = candidate.router
            if router is not self:
                kwargs["event_router"] = router
            context = kwargs
            if candidate.root_filtered:
                # As aiogram: the router's own filters first, once per update, their data passed on.
                checked = root_checked.get(id(router))
                if checked is None:
                    checked = root_checked[id(router)] = await candidate.observer.check_root_filters(event, **kwargs)
                passed, context = checked
                if not passed:
                    continue
            handler = candidate.handler
            context["handler"] = handler
            # check() works on a copy and returns it with what the filters added: the handler's data, and
            # nothing leaks to the next candidate (as each of aiogram's routers starts from the update's data).
            passed, data = await handler.check(event, **context)
            if not passed:
                continue
            observer_ = candidate.observer
            try:
                wrapped = observer_.outer_middleware.wrap_middlewares(observer_._resolve_middlewares(), handler.call)
                return await wrapped(event, data)
            except SkipHandler:
                continue
        return UNHANDLED
