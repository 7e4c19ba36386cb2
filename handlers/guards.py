"""Guards every conversation shares: the shapes callback data may take, the answer to a button that
means nothing any more, and the answer to a person we do not know (erased, or never onboarded).

Callback data comes back from the platform as text: from an old message, a restarted step, or forged.
The field types below bound every number to what the database and the keyboards hold (row ids are
PostgreSQL integer columns), so a value outside them fails to unpack: no handler's filter matches and
the press falls through to the stale-button answer (handlers/fallback.py) before any query runs.
Handlers that act on a row check it exists (and is the person's) before writing, and answer `expired`."""

from __future__ import annotations

from typing import Annotated

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from pydantic import Field, StringConstraints

from campaigns.numerals import MAX_ID
from i18n import Translator

MAX_INDEX = 9_999  # list indexes and pages: every list a keyboard shows is far shorter

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""The id of a row: a campaign, pledge, assignment, broadcast, approval or role grant."""

RowIdOrZero = Annotated[int, Field(ge=0, le=MAX_ID)]
"""A row id, or 0 for none (every campaign, the manager menu's buttons without an argument)."""

Index = Annotated[int, Field(ge=0, le=MAX_INDEX)]
"""An index into a list a keyboard showed, or a page of it."""

IndexOrNone = Annotated[int, Field(ge=-1, le=MAX_INDEX)]
"""An index, or -1 for none of them (Any, Continue)."""

Code = Annotated[str, StringConstraints(max_length=16, pattern=r"^[a-z0-9_]*$")]
"""A short code word: an option's key or an index written as text."""


async def expired(query: CallbackQuery, t: Translator) -> None:
    """Answer a press whose button means nothing now (stale, forged, or someone else's), as the fallback does."""
    await query.answer(t("button-expired"), show_alert=True)


async def need_start(message: Message, state: FSMContext, t: Translator) -> None:
    """A person we do not know (erased, or never onboarded) in the middle of a step: end it, invite /start."""
    await state.clear()
    await message.answer(t("need-start"), reply_markup=ReplyKeyboardRemove())


async def need_start_pressed(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """The same for a button pressed by a person we do not know."""
    await state.clear()
    await query.answer(t("need-start"), show_alert=True)
