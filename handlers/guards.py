"""Guards every conversation shares: the answer to a button that means nothing any more, and the answer
to a person we do not know (erased, or never onboarded).

Callback data comes back from the platform as text: from an old message, a restarted step, or forged.
The bounded field types of campaigns/callbacks/ make a value outside what the database and the keyboards
hold fail to parse: no handler's filter matches and the press falls through to the stale-button answer
(handlers/fallback.py) before any query runs. Handlers that act on a row check it exists (and is the
person's) before writing, and answer `expired`."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from campaigns.people import PersonView
from i18n import Translator


def erased(_: object, person: PersonView | None) -> bool:
    """A filter: the update comes from nobody we know (erased from another device in the middle of a step).
    Registered with `need_start` first under a conversation's states, it spares each step its own check."""
    return person is None


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
