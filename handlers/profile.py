"""Profile and privacy: /me shows everything stored, each field can be edited, /forget erases it.

Diagram: handlers/profile.mmd. The buttons under /me carry no state, so an old /me message still works."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from campaigns import people, profile
from campaigns.callbacks import NavAction, NavButton, ProfileAction, ProfileButton
from campaigns.jalali import format_date
from campaigns.numerals import normalize_phone, to_persian_digits, valid_national_id
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.words import pick_one
from handlers.assignment_answers import hours_lines
from handlers.guards import expired, need_start, need_start_pressed
from handlers.keyboards import MenuText, TypedWord, main_menu, region_name, typed_language
from handlers.my_pledges import open_pledge_lines
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import ProfileEdit
from handlers.volunteer_keyboards import axis_key, specialty_key
from i18n import Translator, translator, words
from storage.unit_of_work import UnitOfWork

_LINK_BASE = {"telegram": "https://t.me/", "bale": "https://ble.ir/"}


def _button(text: str, action: ProfileAction, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ProfileButton(action=action, value=value).pack())


def _back(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t("button-back"), callback_data=NavButton(action=NavAction.BACK).pack())


def profile_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """An edit button for each field, the volunteer registration, and Erase."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("prof-edit-phone"), ProfileAction.EDIT_PHONE),
         _button(t("prof-edit-national-id"), ProfileAction.EDIT_NATIONAL_ID)],
        [_button(t("prof-edit-region"), ProfileAction.EDIT_REGION),
         _button(t("prof-edit-neighbourhood"), ProfileAction.EDIT_NEIGHBOURHOOD)],
        [_button(t("prof-edit-language"), ProfileAction.EDIT_LANGUAGE),
         _button(t("prof-edit-volunteer"), ProfileAction.VOLUNTEER)],
        [_button(t("prof-all-pledges"), ProfileAction.PLEDGES)],
        [_button(t("prof-forget"), ProfileAction.FORGET)],
    ])


def language_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """The two languages, and Back."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("language-fa"), ProfileAction.SET_LANGUAGE, "fa"),
         _button(t("language-en"), ProfileAction.SET_LANGUAGE, "en")], [_back(t)]])


def phone_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """Share one's own contact, or go back."""
    return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=t("button-share-phone"), request_contact=True)],
                                         [KeyboardButton(text=t("button-back"))]],
                               resize_keyboard=True, one_time_keyboard=True)


def clear_keyboard(t: Translator, clear_action: ProfileAction | None) -> InlineKeyboardMarkup:
    """Back, and a button that removes the field when it has a value."""
    row = [_back(t)]
    if clear_action is ProfileAction.CLEAR_NEIGHBOURHOOD:
        row.append(_button(t("prof-clear-neighbourhood"), clear_action))
    elif clear_action is ProfileAction.CLEAR_NATIONAL_ID:
        row.append(_button(t("prof-clear-national-id"), clear_action))
    return InlineKeyboardMarkup(inline_keyboard=[row])


def forget_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Erase or keep."""
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("prof-forget-yes"), ProfileAction.FORGET_YES)],
                                                 [_button(t("prof-forget-no"), ProfileAction.FORGET_NO)]])


def all_keyboards(t: Translator) -> list[InlineKeyboardMarkup | ReplyKeyboardMarkup]:
    """Every keyboard this module builds (for the accessibility test)."""
    return [profile_keyboard(t), language_keyboard(t), phone_keyboard(t),
            clear_keyboard(t, ProfileAction.CLEAR_NEIGHBOURHOOD),
            clear_keyboard(t, ProfileAction.CLEAR_NATIONAL_ID), forget_keyboard(t)]


def referral_link(platform: str, username: str | None, code: str) -> str | None:
    """The link that starts the bot with a person's referral code."""
    if not username:
        return None
    return f"{_LINK_BASE.get(platform, _LINK_BASE['telegram'])}{username}?start=r_{code}"


# -- /me -------------------------------------------------------------------------------------------

async def _profile_text(person: PersonView, uow: UnitOfWork, bot: Bot, platform: str, t: Translator,
                        regions: Regions) -> str:
    extras = await profile.extras(uow, person.id)
    none = t("prof-not-given")
    digits = to_persian_digits if t.language == "fa" else str
    volunteer = t("prof-volunteer-none")
    if extras.volunteer is not None:
        sep = "، " if t.language == "fa" else ", "
        volunteer = t("prof-volunteer", axes=sep.join(t(axis_key(a)) for a in extras.volunteer.axes),
                      specialty=t(specialty_key(extras.volunteer.specialty)),
                      on_call=t("vol-yes" if extras.volunteer.on_call else "vol-no"))
    me = await bot.me()
    # The time bank is a volunteer's: a citizen who never volunteered sees no hours line.
    hours = "\n".join(await hours_lines(uow, person.id, t)) if extras.volunteer is not None else ""
    active = await open_pledge_lines(uow, person, t)
    return t(
        "prof-summary", name=person.first_name or none, phone=digits(person.phone) if person.phone else none,
        national_id=digits(profile.mask_national_id(person.national_id)) if person.national_id else none,
        language=translator(person.language)(f"language-{person.language}"),
        region=region_name(regions, person.province_code, person.county_code, t.language) or none,
        neighbourhood=person.neighbourhood or none, joined=format_date(person.created_at, t.language),
        volunteer=volunteer, campaigns=extras.participation.campaigns, pledges=extras.participation.pledges,
        referral=person.referral_code, link=referral_link(platform, me.username, person.referral_code) or none
    ) + "".join("\n" + part for part in (active, hours) if part)


async def _show(message: Message, person: PersonView, uow: UnitOfWork, bot: Bot, platform: str,
                t: Translator, regions: Regions) -> None:
    await message.answer(await _profile_text(person, uow, bot, platform, t, regions),
                         reply_markup=profile_keyboard(t))


async def show_profile(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                       person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Everything stored about the person, with a button to edit each field."""
    await state.clear()
    if person is None or not person.onboarded:
        await message.answer(t("need-start"))
        return
    await _show(message, person, uow, bot, platform, t, regions)


async def _saved(message: Message, person: PersonView, state: FSMContext, uow: UnitOfWork, bot: Bot,
                 platform: str, regions: Regions, note: str = "prof-saved") -> None:
    """Say it is saved (in the person's possibly new language) and show the profile again."""
    await state.clear()
    t = translator(person.language)
    await message.answer(t(note), reply_markup=main_menu(t))
    await _show(message, person, uow, bot, platform, t, regions)


# -- the edit buttons ------------------------------------------------------------------------------

async def edit_pressed(query: CallbackQuery, callback_data: ProfileButton, state: FSMContext, person: PersonView | None,
                       t: Translator, regions: Regions) -> None:
    """Start editing one field (works from any /me message, old ones too)."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if person is None or not person.onboarded:
        await query.message.answer(t("need-start"))
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
        await state.set_state(ProfileEdit.forget)
        await message.answer(t("prof-forget-ask"), reply_markup=forget_keyboard(t))


async def volunteer_pressed(query: CallbackQuery, state: FSMContext, uow: UnitOfWork,
                            person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Open the volunteer registration (its summary, when already registered)."""
    await query.answer()
    if isinstance(query.message, Message):
        from handlers.volunteer import start

        await start(query.message, state, uow, person, t, regions)


async def back(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
               person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Back to the profile."""
    if person is None:
        await need_start_pressed(query, state, t)
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    await query.message.edit_reply_markup(reply_markup=None)
    await state.clear()
    await _show(query.message, person, uow, bot, platform, t, regions)


async def back_typed(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                     person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The Back label (button-back) typed, or sent by the phone step's keyboard: back to the profile."""
    if person is None:
        await need_start(message, state, t)
        return
    await state.clear()
    await message.answer(t("main-menu"), reply_markup=main_menu(t))
    await _show(message, person, uow, bot, platform, t, regions)


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
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        person = await people.set_language(uow, person.id, callback_data.value)
        await _saved(query.message, person, state, uow, bot, platform, regions)


async def language_typed(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed language: its name in either language, 1 or 2."""
    if person is None:
        await need_start(message, state, t)
        return
    language = typed_language(message.text or "")
    if language is None:
        await message.answer(t("prof-ask-language"), reply_markup=language_keyboard(t))
        return
    person = await people.set_language(uow, person.id, language)
    await _saved(message, person, state, uow, bot, platform, regions)


# -- phone -----------------------------------------------------------------------------------------

async def phone_shared(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                       person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A shared contact: only the person's own."""
    if person is None:
        await need_start(message, state, t)
        return
    assert message.contact is not None  # the F.contact filter
    if message.from_user is None or message.contact.user_id != message.from_user.id:
        await message.answer(t("phone-not-own"), reply_markup=phone_keyboard(t))
        return
    await _save_phone(message, message.contact.phone_number, state, uow, bot, platform, person, t, regions)


async def phone_typed(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                      person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed phone number in any digit script, or Back."""
    if person is None:
        await need_start(message, state, t)
        return
    await _save_phone(message, message.text or "", state, uow, bot, platform, person, t, regions)


async def _save_phone(message: Message, text: str, state: FSMContext, uow: UnitOfWork, bot: Bot,
                      platform: str, person: PersonView, t: Translator, regions: Regions) -> None:
    phone = normalize_phone(text)
    if phone is None:
        await message.answer(t("phone-invalid"), reply_markup=phone_keyboard(t))
        return
    person = await people.set_phone(uow, person.id, phone)
    await _saved(message, person, state, uow, bot, platform, regions)


# -- region ----------------------------------------------------------------------------------------

async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork, bot: Bot,
                         platform: str, person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The picker's answer: the new region, and the old neighbourhood cleared when the county changed."""
    if person is None:
        await need_start(message, state, t)
        return
    # A neighbourhood belongs to its county: moving to another county clears it, in the same write.
    cleared = region.county_code != person.county_code and bool(person.neighbourhood)
    person = await people.set_region(uow, person.id, region.province_code, region.county_code,
                                     clear_neighbourhood=cleared)
    if cleared:
        await _saved(message, person, state, uow, bot, platform, regions, note="prof-region-saved")
        return
    await _saved(message, person, state, uow, bot, platform, regions)


async def _region_back(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                       person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Back from the province list: the profile."""
    if person is None:
        await need_start(message, state, t)
        return
    await state.clear()
    await _show(message, person, uow, bot, platform, t, regions)


REGION = register(RegionPurpose(
    "profile", done=_region_chosen, back=_region_back,
    texts=RegionTexts(ask_province="prof-ask-province", ask_county="prof-ask-county",
                      province_invalid="province-invalid", county_invalid="county-invalid")))


# -- neighbourhood and national ID -----------------------------------------------------------------

async def field_cleared(query: CallbackQuery, callback_data: ProfileButton, state: FSMContext, uow: UnitOfWork,
                        bot: Bot, platform: str, person: PersonView | None, t: Translator,
                        regions: Regions) -> None:
    """Remove the neighbourhood or the national ID."""
    if person is None or not person.onboarded:
        await need_start_pressed(query, state, t)
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    await query.message.edit_reply_markup(reply_markup=None)
    if callback_data.action == ProfileAction.CLEAR_NEIGHBOURHOOD:
        person = await people.set_neighbourhood(uow, person.id, None)
    else:
        person = await people.set_national_id(uow, person.id, None)
    await _saved(query.message, person, state, uow, bot, platform, regions)


async def neighbourhood_typed(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot,
                              platform: str, person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed neighbourhood, 2 to 60 characters."""
    if person is None:
        await need_start(message, state, t)
        return
    text = " ".join((message.text or "").split())
    if not 2 <= len(text) <= 60:
        await message.answer(t("neighbourhood-invalid"), reply_markup=clear_keyboard(t, None))
        return
    person = await people.set_neighbourhood(uow, person.id, text)
    await _saved(message, person, state, uow, bot, platform, regions)


async def national_id_typed(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot,
                            platform: str, person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A national ID in any digit script, checked by its check digit."""
    if person is None:
        await need_start(message, state, t)
        return
    national_id = valid_national_id(message.text or "")
    if national_id is None:
        await message.answer(t("vol-national-id-invalid"), reply_markup=clear_keyboard(t, None))
        return
    person = await people.set_national_id(uow, person.id, national_id)
    await _saved(message, person, state, uow, bot, platform, regions)


# -- forget ----------------------------------------------------------------------------------------

async def forget_command(message: Message, state: FSMContext, person: PersonView | None, t: Translator,
                         regions: Regions) -> None:
    """Ask before erasing anything."""
    if person is None or person.consent_at is None:
        await state.clear()
        await message.answer(t("need-start"))
        return
    await _ask(message, "forget", person, state, t, regions)


async def _forget(message: Message, erase: bool, state: FSMContext, uow: UnitOfWork, bot: Bot,
                  platform: str, person: PersonView, t: Translator, regions: Regions) -> None:
    await state.clear()
    if not erase:
        await message.answer(t("prof-forget-kept"), reply_markup=main_menu(t) if person.onboarded else None)
        return
    await people.forget(uow, person.id)
    await message.answer(t("prof-forgotten"), reply_markup=ReplyKeyboardRemove())


async def forget_pressed(query: CallbackQuery, callback_data: ProfileButton, state: FSMContext, uow: UnitOfWork,
                         bot: Bot, platform: str, person: PersonView | None, t: Translator,
                         regions: Regions) -> None:
    """The answer to the erase question."""
    if person is None:
        await query.answer(t("button-expired"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _forget(query.message, callback_data.action == ProfileAction.FORGET_YES, state, uow, bot, platform,
                      person,
                      t, regions)


async def forget_typed(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                       person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed yes or no to the erase question."""
    if person is None:
        await need_start(message, state, t)
        return
    index = pick_one(message.text or "", [words("prof-forget-yes", "vol-yes", "answers-yes"),
                                          words("prof-forget-no", "vol-no", "answers-no")])
    if index is None:
        await message.answer(t("prof-forget-invalid"), reply_markup=forget_keyboard(t))
        return
    await _forget(message, index == 0, state, uow, bot, platform, person, t, regions)


async def not_text(message: Message, t: Translator) -> None:
    """A sticker, photo or file where an edit expects text or a button."""
    await message.answer(t("expect-text"))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(show_profile, MenuText("menu-profile"))
    router.message.register(show_profile, Command("me"))
    router.callback_query.register(edit_pressed,
                                   Pressed(ProfileButton,
                                           F.action.in_({ProfileAction.EDIT_LANGUAGE, ProfileAction.EDIT_PHONE,
                                                         ProfileAction.EDIT_REGION, ProfileAction.EDIT_NEIGHBOURHOOD,
                                                         ProfileAction.EDIT_NATIONAL_ID, ProfileAction.FORGET})))
    router.callback_query.register(volunteer_pressed, Pressed(ProfileButton, F.action == ProfileAction.VOLUNTEER))
    router.callback_query.register(back, StateFilter(ProfileEdit), Pressed(NavButton, F.action == NavAction.BACK))
    router.message.register(back_typed, StateFilter(ProfileEdit), F.text, TypedWord("button-back"))
    router.callback_query.register(language_pressed, Pressed(ProfileButton, F.action == ProfileAction.SET_LANGUAGE))
    router.message.register(language_typed, ProfileEdit.language, F.text)
    router.message.register(phone_shared, ProfileEdit.phone, F.contact)
    router.message.register(phone_typed, ProfileEdit.phone, F.text)
    router.callback_query.register(field_cleared,
                                   Pressed(ProfileButton,
                                           F.action.in_({ProfileAction.CLEAR_NEIGHBOURHOOD,
                                                         ProfileAction.CLEAR_NATIONAL_ID})))
    router.message.register(neighbourhood_typed, ProfileEdit.neighbourhood, F.text)
    router.message.register(national_id_typed, ProfileEdit.national_id, F.text)
    router.message.register(forget_command, Command("forget"))
    router.callback_query.register(forget_pressed,
                                   Pressed(ProfileButton,
                                           F.action.in_({ProfileAction.FORGET_YES, ProfileAction.FORGET_NO})))
    router.message.register(forget_typed, ProfileEdit.forget, F.text)
    router.message.register(not_text, StateFilter(ProfileEdit))
    return router
