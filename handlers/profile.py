"""Profile and privacy: /me shows everything stored, with its keyboards; each field is edited in
handlers/profile_edit.py and /forget erases it in handlers/profile_forget.py (their routers follow this one).

Diagram: handlers/profile.mmd. The buttons under /me carry no state, so an old /me message still works."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup

from campaigns import profile
from campaigns.callbacks import NavAction, NavButton, ProfileAction, ProfileButton
from campaigns.jalali import format_date
from campaigns.numerals import to_persian_digits
from campaigns.people import PersonView
from campaigns.regions import Regions
from handlers.assignment_answers import hours_lines
from handlers.keyboards import MenuText, main_menu, region_name, share_phone_keyboard
from handlers.my_pledges import open_pledge_lines
from handlers.pressed import Pressed
from handlers.volunteer import start as start_volunteering
from handlers.volunteer_keyboards import axis_key, specialty_key
from i18n import Translator, translator
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
    return share_phone_keyboard(t, "button-back")


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


async def show(message: Message, person: PersonView, uow: UnitOfWork, bot: Bot, platform: str,
               t: Translator, regions: Regions) -> None:
    """The profile's text with its edit buttons."""
    await message.answer(await _profile_text(person, uow, bot, platform, t, regions),
                         reply_markup=profile_keyboard(t))


async def show_profile(message: Message, state: FSMContext, uow: UnitOfWork, bot: Bot, platform: str,
                       person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Everything stored about the person, with a button to edit each field."""
    await state.clear()
    if person is None or not person.onboarded:
        await message.answer(t("need-start"))
        return
    await show(message, person, uow, bot, platform, t, regions)


async def saved(message: Message, person: PersonView, state: FSMContext, uow: UnitOfWork, bot: Bot,
                platform: str, regions: Regions, note: str = "prof-saved") -> None:
    """Say it is saved (in the person's possibly new language) and show the profile again."""
    await state.clear()
    t = translator(person.language)
    await message.answer(t(note), reply_markup=main_menu(t))
    await show(message, person, uow, bot, platform, t, regions)


# -- the volunteer registration -------------------------------------------------------------------

async def volunteer_pressed(query: CallbackQuery, state: FSMContext, uow: UnitOfWork,
                            person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Open the volunteer registration (its summary, when already registered)."""
    await query.answer()
    if isinstance(query.message, Message):
        await start_volunteering(query.message, state, uow, person, t, regions)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(show_profile, MenuText("menu-profile"))
    router.message.register(show_profile, Command("me"))
    router.callback_query.register(volunteer_pressed, Pressed(ProfileButton, F.action == ProfileAction.VOLUNTEER))
    # The edit buttons and steps follow in handlers/profile_edit.py, the erase question in handlers/profile_forget.py.
    return router
