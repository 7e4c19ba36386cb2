"""Run aiogram's synchronous filters inline instead of in a thread.

aiogram 3 hands every non-async filter to `asyncio.to_thread`: the State filters of every conversation
step (`@router.message(Onboarding.phone, ...)`) and every magic filter (`F.text`, `Cb.filter(...)`).
Checking one update against the routers thus meant dozens of thread hops, which the conversations
benchmark measured at a fifth of the bot's CPU. These filters are pure, microsecond-cheap checks, so
they run inline; handlers (and any filter that is a coroutine) are untouched."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram.dispatcher.event.handler import FilterObject

_original_call = FilterObject.call


async def _call_inline(self: FilterObject, *args: Any, **kwargs: Any) -> Any:
    if self.awaitable:
        return await _original_call(self, *args, **kwargs)
    return partial(self.callback, *args, **self._prepare_kwargs(kwargs))()


def install() -> None:
    """Make synchronous filters run inline (idempotent)."""
    FilterObject.call = _call_inline  # type: ignore[method-assign,assignment]
