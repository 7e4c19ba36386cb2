"""What the step-by-step conversations share: a pressed question's buttons taken away, the answer to a
sticker, photo or file where a step expects text or a button, and the region picker's continuations for a
conversation that keeps a draft."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from campaigns.regions import Regions
from handlers.region_picker import Continuation, PickedRegion
from handlers.states import M, load
from i18n import Translator

# A conversation's move to a step with its draft: ask(message, step, state, data, t, regions) and the like.
StepMove = Callable[[Message, str, FSMContext, Any, Translator, Regions], Awaitable[None]]


async def answered(query: CallbackQuery) -> Message | None:
    """Answer a press and remove the buttons of its message, so an old step cannot be pressed twice; the
    message, to ask the next question under it (None when the platform did not send it)."""
    await query.answer()
    if not isinstance(query.message, Message):
        return None
    await query.message.edit_reply_markup(reply_markup=None)
    return query.message


async def not_text(message: Message, t: Translator) -> None:
    """A sticker, photo or file where a step expects text or a button."""
    await message.answer(t("expect-text"))


def draft_region(model: type[M], done: StepMove, done_step: str, back: StepMove,
                 back_step: str) -> tuple[Continuation, Continuation]:
    """The region picker's `done` and `back` for a conversation whose draft (`model`) keeps province_code and
    county_code: the picked region goes into the draft, then `done(…, done_step, …)` moves on; Back from the
    picker's first question is `back(…, back_step, …)` with the draft as it was."""

    async def picked(message: Message, region: PickedRegion, state: FSMContext, t: Translator,
                     regions: Regions) -> None:
        data = (await load(state, model)).model_copy(
            update={"province_code": region.province_code, "county_code": region.county_code})
        await done(message, done_step, state, data, t, regions)

    async def went_back(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
        await back(message, back_step, state, await load(state, model), t, regions)

    # region_picker.register tells a purpose registered again (a module reloaded) from another of the same
    # name by its done's qualified name: make it say whose draft this is.
    picked.__qualname__ = f"{model.__qualname__}.region_picked"
    return picked, went_back
