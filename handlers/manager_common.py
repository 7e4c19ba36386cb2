"""What the manager conversations share: the manager filter, the menu, a pressed button's engine call, an
uploaded file."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.filters import BaseFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)

from campaigns import catalogue, roles
from campaigns.approvals import ComposerError, ComposerRefusal
from campaigns.audit import Actor
from campaigns.callbacks import ManagerAction, ManagerMenuButton
from campaigns.jalali import IRAN_TZ, format_date
from campaigns.numerals import to_persian_digits
from campaigns.people import PersonView
from campaigns.regions import Regions
from handlers.guards import expired
from handlers.keyboards import region_name
from i18n import Translator
from storage.unit_of_work import UnitOfWork

MAX_UPLOAD = 2 * 1024 * 1024
Result = TypeVar("Result")


async def engine_pressed(query: CallbackQuery, call: Callable[[], Awaitable[Result]], t: Translator,
                         refused_markup: Callable[[Translator], InlineKeyboardMarkup] | None = None,
                         ) -> tuple[Message, Result] | None:
    """Make the engine call a button on a broadcast or an approval asks for, and answer the press; None once
    the press is answered otherwise: no message to answer under, a broadcast or approval that does not exist
    (an expired button), or the engine's refusal (said, with `refused_markup`)."""
    if not isinstance(query.message, Message):
        await query.answer()
        return None
    try:
        result = await call()
    except ComposerError as exc:
        if exc.code is ComposerRefusal.NOT_FOUND:
            await expired(query, t)
        else:
            await query.answer()
            await query.message.answer(t(f"compose-refused-{exc.code.value}"),
                                       reply_markup=refused_markup(t) if refused_markup else None)
        return None
    await query.answer()
    return query.message, result


async def campaign_pressed(query: CallbackQuery, uow: UnitOfWork, campaign_id: int, t: Translator) -> bool:
    """Answer a press on a button naming a campaign: True when it exists; else False, answered as expired (a
    forged button)."""
    if not await catalogue.exists(uow, campaign_id):
        await expired(query, t)
        return False
    await query.answer()
    return True


class IsManager(BaseFilter):
    """Passes managers only, and hands the handler their `actor` (role level and region)."""

    async def __call__(self, event: TelegramObject, uow: UnitOfWork,
                       person: PersonView | None) -> bool | dict[str, Any]:
        actor = await roles.actor_of(uow, person)
        return {"actor": actor} if actor is not None else False


async def manager_or_refused(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                             t: Translator) -> Actor | None:
    """The manager behind a person at a step no filter guards (the region picker hands back there); for
    anyone else the step ends with the "for managers" reply."""
    actor = await roles.actor_of(uow, person)
    if actor is None:
        await state.clear()
        await message.answer(t("manage-not-manager"))
    return actor


def button(text: str, action: ManagerAction, arg: int = 0) -> InlineKeyboardButton:
    """One manager-menu button."""
    return InlineKeyboardButton(text=text, callback_data=ManagerMenuButton(action=action, arg=arg).pack())


def back_to_menu(t: Translator) -> InlineKeyboardMarkup:
    """A single Back button to the manager menu."""
    return InlineKeyboardMarkup(inline_keyboard=[[button(t("button-back"), ManagerAction.MENU)]])


def manage_menu(t: Translator) -> InlineKeyboardMarkup:
    """The manager menu, all in words, two buttons a row."""
    items = [("manage-menu-campaigns", ManagerAction.CAMPAIGNS), ("manage-menu-compose", ManagerAction.COMPOSE),
             ("manage-menu-stats", ManagerAction.STATS), ("manage-menu-roles", ManagerAction.ROLES),
             ("manage-menu-audit", ManagerAction.AUDIT),
             ("manage-menu-followup", ManagerAction.FOLLOWUP), ("manage-menu-approvals", ManagerAction.APPROVALS),
             ("manage-menu-assign", ManagerAction.ASSIGN), ("manage-menu-callout", ManagerAction.CALLOUT),
             ("referral-menu", ManagerAction.REFERRALS)]
    buttons = [button(t(key), action) for key, action in items]
    return InlineKeyboardMarkup(inline_keyboard=[buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def scope_text(t: Translator, regions: Regions, scope: roles.Scope) -> str:
    """A manager's level and place, e.g. "Province manager — Isfahan", in the reader's language."""
    place = region_name(regions, scope.province_code, scope.county_code, t.language)
    level = t(f"manage-level-{scope.level.value}")
    return f"{level} — {place}" if place else level


def moment(value: Any, language: str) -> str:
    """A moment as Jalali date and clock ("3 Azar 1405, 18:30") in Iran time, in the reader's digits."""
    local = value.astimezone(IRAN_TZ)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    return f"{format_date(local, language)}، {to_persian_digits(clock)}" if language == "fa" else (
        f"{format_date(local, language)}, {clock}")


async def _download(bot: Bot, document: Document) -> bytes | None:
    """A document's bytes through getFile; None when it is too large."""
    if document.file_size is not None and document.file_size > MAX_UPLOAD:
        return None
    file = await bot.get_file(document.file_id)
    if file.file_path is None:
        return None
    data = await bot.download_file(file.file_path)
    return data.read() if data is not None else None


async def uploaded(message: Message, bot: Bot, t: Translator) -> bytes | None:
    """The bytes of the document a manager sent at a file step; None once they are told it is too large."""
    assert message.document is not None
    content = await _download(bot, message.document)
    if content is None:
        await message.answer(t("manage-file-too-large"), reply_markup=back_to_menu(t))
    return content
