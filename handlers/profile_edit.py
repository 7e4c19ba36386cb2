"""Editing the profile: the language, the phone, the region, the neighbourhood and the national ID, each
from its button under /me; every saved edit shows the profile again.

Diagram: handlers/profile.mmd. Showing the profile is handlers/profile.py (its router comes right before
this one), erasing it handlers/profile_forget.py (right after)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup

from campaigns import people, teens
from campaigns.callbacks import NavAction, NavButton, ProfileAction, ProfileButton
from campaigns.numerals import normalize_phone, valid_national_id
from campaigns.people import PersonView
from campaigns.regions import Regions
from handlers.guards import erased, expired, need_start, need_start_pressed
from handlers.keyboards import TypedWord, main_menu, typed_language
from handlers.pressed import Pressed
from handlers.profile import clear_keyboard, language_keyboard, phone_keyboard, saved, show
from handlers.profile_forget import ask_forget
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import ProfileEdit
from handlers.steps import answered
from i18n import Translator
from storage.unit_of_work import UnitOfWork


async def edit_pressed(query: CallbackQuery, callback_data: ProfileButton, state: FSMContext, person: PersonView | None,
                       t: Translator, regions: Regions, uow: UnitOfWork) -> None:
    """Start editing one field (works from any /me message, old ones too)."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if person is None or not person.onboarded:
        await query.message.answer(t("need-start"))
        return
    if callback_data.action == "phone" and not await teens.phone_allowed(uow, person.id):
        await query.message.answer(t("teen-phone-not-allowed-yet"))  # a teen's phone only if the guardian allows
        return
    await _ask(query.message, callback_data.action, person, state, t, regions)


async def _ask(message: Message, field: str, person: PersonView, state: FSMContext, t: Translator,
               regions: Regions) -> None:
    await state.clear()
    if field == "lang":
        await state.set_state(ProfileEdit.language)
        await message.answer(t("prof-ask-language"), reply_markup=language_keyboard(t))
    elif field == "phone":
        await state.set_state(ProfileEdit.phone)
        await message.answer(t("prof-ask-phone"), reply_markup=phone_keyboard(t))
    elif field == "region":
        await pick_region(message, state, t, regions, purpose=REGION)
    elif field == "nbh":
        await state.set_state(ProfileEdit.neighbourhood)
        await message.answer(t("prof-ask-neighbourhood"),
                             reply_markup=clear_keyboard(
                                 t, ProfileAction.CLEAR_NEIGHBOURHOOD if person.neighbourhood else None))
    elif field == "nid":
        await state.set_state(ProfileEdit.national_id)
        await message.answer(t("prof-ask-national-id"),
                             reply_markup=clear_keyboard(
                                 t, ProfileAction.CLEAR_NATIONAL_ID if person.national_id else None))
    else:
        await ask_forget(message, state, t)


async def back(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
               person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Back to the profile."""
    if person is None:
        await need_start_pressed(query, state, t)
        return
    message = await answered(query)
    if message is not None:
        await state.clear()
        await show(message, person, uow, bot, platform, t, regions)


async def back_typed(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                     person: PersonView, t: Translator, regions: Regions) -> None:
    """The Back label (button-back) typed, or sent by the phone step's keyboard: back to the profile."""
    await state.clear()
    await message.answer(t("main-menu"), reply_markup=main_menu(t))
    await show(message, person, uow, bot, platform, t, regions)


# -- language --------------------------------------------------------------------------------------

async def language_pressed(query: CallbackQuery, callback_data: ProfileButton, state: FSMContext, uow: UnitOfWork,
                           bot: Bot, platform: str, person: PersonView | None, t: Translator,
                           regions: Regions) -> None:
    """A language button."""
    if person is None:
        await need_start_pressed(query, state, t)
        return
    if callback_data.value not in ("fa", "en"):
        await expired(query, t)
        return
    message = await answered(query)
    if message is not None:
        person = await people.set_language(uow, person.id, callback_data.value)
        await saved(message, person, state, uow, bot, platform, regions)


# -- the typed fields: language, phone, neighbourhood, national ID ---------------------------------

def _neighbourhood(text: str) -> str | None:
    text = " ".join(text.split())
    return text if 2 <= len(text) <= 60 else None


def _retype_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return clear_keyboard(t, None)


@dataclass(frozen=True)
class _Typed:
    """A field typed in its step: how a text becomes its value (None: refused), the refusal and the keyboard
    it comes with, and the write."""

    parse: Callable[[str], str | None]
    refusal: str
    keyboard: Callable[[Translator], InlineKeyboardMarkup | ReplyKeyboardMarkup]
    write: Callable[[UnitOfWork, int, str], Awaitable[PersonView]]


_TYPED = {
    # Its name in either language, 1 or 2.
    ProfileEdit.language.state: _Typed(typed_language, "prof-ask-language", language_keyboard, people.set_language),
    # In any digit script (a shared contact's number too).
    ProfileEdit.phone.state: _Typed(normalize_phone, "phone-invalid", phone_keyboard, people.set_phone),
    # 2 to 60 characters.
    ProfileEdit.neighbourhood.state: _Typed(_neighbourhood, "neighbourhood-invalid", _retype_keyboard,
                                            people.set_neighbourhood),
    # In any digit script, checked by its check digit.
    ProfileEdit.national_id.state: _Typed(valid_national_id, "vol-national-id-invalid", _retype_keyboard,
                                          people.set_national_id),
}


async def typed(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                person: PersonView, t: Translator, regions: Regions, raw_state: str | None) -> None:
    """A typed language, phone number, neighbourhood or national ID (or a shared contact at the phone step):
    saved, or refused with what to send instead."""
    field = _TYPED[raw_state or ""]
    value = field.parse(message.contact.phone_number if message.contact else message.text or "")
    if value is None:
        await message.answer(t(field.refusal), reply_markup=field.keyboard(t))
        return
    person = await field.write(uow, person.id, value)
    await saved(message, person, state, uow, bot, platform, regions)


async def phone_shared(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                       person: PersonView, t: Translator, regions: Regions, raw_state: str | None) -> None:
    """A shared contact: only the person's own."""
    assert message.contact is not None  # the F.contact filter
    if message.from_user is None or message.contact.user_id != message.from_user.id:
        await message.answer(t("phone-not-own"), reply_markup=phone_keyboard(t))
        return
    await typed(message, state, uow, bot, platform, person, t, regions, raw_state)


# -- region ----------------------------------------------------------------------------------------

async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork, bot: Bot,
                         platform: str, person: PersonView, regions: Regions) -> None:
    """The picker's answer (the picker invites an erased person to /start before it gets here): the new
    region, and the old neighbourhood cleared when the county changed."""
    # A neighbourhood belongs to its county: moving to another county clears it, in the same write.
    cleared = region.county_code != person.county_code and bool(person.neighbourhood)
    person = await people.set_region(uow, person.id, region.province_code, region.county_code,
                                     clear_neighbourhood=cleared)
    await saved(message, person, state, uow, bot, platform, regions,
                note="prof-region-saved" if cleared else "prof-saved")


async def _region_back(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                       person: PersonView, t: Translator, regions: Regions) -> None:
    """Back from the province list: the profile."""
    await state.clear()
    await show(message, person, uow, bot, platform, t, regions)


REGION = register(RegionPurpose(
    "profile", done=_region_chosen, back=_region_back,
    texts=RegionTexts(ask_province="prof-ask-province", ask_county="prof-ask-county",
                      province_invalid="province-invalid", county_invalid="county-invalid")))


# -- removing the neighbourhood or the national ID --------------------------------------------------

async def field_cleared(query: CallbackQuery, callback_data: ProfileButton, state: FSMContext, uow: UnitOfWork,
                        bot: Bot, platform: str, person: PersonView | None, t: Translator,
                        regions: Regions) -> None:
    """Remove the neighbourhood or the national ID."""
    if person is None or not person.onboarded:
        await need_start_pressed(query, state, t)
        return
    message = await answered(query)
    if message is None:
        return
    if callback_data.action == ProfileAction.CLEAR_NEIGHBOURHOOD:
        person = await people.set_neighbourhood(uow, person.id, None)
    else:
        person = await people.set_national_id(uow, person.id, None)
    await saved(message, person, state, uow, bot, platform, regions)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(edit_pressed,
                                   Pressed(ProfileButton,
                                           F.action.in_({ProfileAction.EDIT_LANGUAGE, ProfileAction.EDIT_PHONE,
                                                         ProfileAction.EDIT_REGION, ProfileAction.EDIT_NEIGHBOURHOOD,
                                                         ProfileAction.EDIT_NATIONAL_ID, ProfileAction.FORGET})))
    # First of the edit steps' messages (and of the erase question's, in handlers/profile_forget.py): a person
    # erased (by another device) in the middle of one is invited to /start, so no step below needs its own check.
    router.message.register(need_start, StateFilter(ProfileEdit), erased)
    router.callback_query.register(back, StateFilter(ProfileEdit), Pressed(NavButton, F.action == NavAction.BACK))
    router.message.register(back_typed, StateFilter(ProfileEdit), F.text, TypedWord("button-back"))
    router.callback_query.register(language_pressed, Pressed(ProfileButton, F.action == ProfileAction.SET_LANGUAGE))
    router.message.register(phone_shared, ProfileEdit.phone, F.contact)
    router.message.register(typed, StateFilter(*_TYPED), F.text)
    router.callback_query.register(field_cleared,
                                   Pressed(ProfileButton,
                                           F.action.in_({ProfileAction.CLEAR_NEIGHBOURHOOD,
                                                         ProfileAction.CLEAR_NATIONAL_ID})))
    return router
