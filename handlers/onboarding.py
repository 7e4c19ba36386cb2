"""Onboarding: /start (with deep links), language, consent, phone, province, county, neighbourhood.

Diagram: handlers/onboarding.mmd. Each step can be answered by a button or by typing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.filters.callback_data import CallbackData
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
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns import people
from campaigns.numerals import normalize_phone, to_persian_digits
from campaigns.people import PersonView
from campaigns.regions import County, Regions
from campaigns.volunteers import is_word
from handlers.guards import need_start, need_start_pressed
from handlers.keyboards import (
    Nav,
    RegionPick,
    back_skip_keyboard,
    built_once,
    county_keyboard,
    main_menu,
    province_keyboard,
    region_name,
    typed_language,
)
from handlers.states import Onboarding, OnboardingData, load, save
from i18n import Translator, translator, words

router = Router(name=__name__)


class Lang(CallbackData, prefix="lang"):
    """A language chosen at the first step."""

    code: Literal["fa", "en"]


class Consent(CallbackData, prefix="consent"):
    """The answer to the privacy notice."""

    agree: bool


@dataclass(frozen=True)
class StartPayload:
    """What a deep link carries: a campaign to land on and who shared the link."""

    campaign_slug: str | None = None
    referral: str | None = None


def parse_payload(args: str | None) -> StartPayload:
    """`c_<slug>`, `c_<slug>__<referral>` or `r_<referral>`; anything else is ignored."""
    if not args:
        return StartPayload()
    args = args.strip()
    if args.startswith("c_"):
        slug, _, referral = args[2:].partition("__")
        return StartPayload(campaign_slug=slug[:64] or None, referral=referral[:16] or None)
    if args.startswith("r_"):
        return StartPayload(referral=args[2:][:16] or None)
    return StartPayload()


def _yes_no_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return built_once(("consent", t.language), lambda: InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("consent-yes"), callback_data=Consent(agree=True).pack()),
        InlineKeyboardButton(text=t("consent-no"), callback_data=Consent(agree=False).pack()),
    ]]), t)


def _language_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return built_once(("language", t.language), lambda: InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("language-fa"), callback_data=Lang(code="fa").pack()),
        InlineKeyboardButton(text=t("language-en"), callback_data=Lang(code="en").pack()),
    ]]), t)


def _phone_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return built_once(("phone", t.language), lambda: ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("button-share-phone"), request_contact=True)],
                  [KeyboardButton(text=t("button-cancel"))]], resize_keyboard=True, one_time_keyboard=True), t)


@router.message(CommandStart())
async def start(message: Message, command: CommandObject, state: FSMContext, session: AsyncSession,
                platform: str, person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Greet; a returning person lands on the menu (or the linked campaign), a new one starts onboarding."""
    payload = parse_payload(command.args)
    await state.clear()
    if person is not None and person.onboarded:
        if payload.campaign_slug:
            from handlers.catalogue import land_on_campaign

            await land_on_campaign(message, person, payload.campaign_slug, payload.referral, t, session)
            return
        greeting = t("welcome-back", name=person.first_name) if person.first_name else t(
            "welcome-back-anonymous")
        await message.answer(greeting, reply_markup=main_menu(t))
        return
    assert message.from_user is not None
    if person is None:
        person = await people.get_or_create(session, platform, message.from_user.id, message.chat.id, "fa")
    await save(state, OnboardingData(campaign_slug=payload.campaign_slug, referral=payload.referral))
    if person.consent_at is None:
        await state.set_state(Onboarding.language)
        await message.answer(translator("fa")("welcome"), reply_markup=_language_keyboard(t))
        return
    await _next_step(message, person, state, t, regions)


async def _next_step(message: Message, person: PersonView, state: FSMContext, t: Translator,
                     regions: Regions) -> None:
    """Ask for the first thing onboarding still lacks (so an interrupted onboarding resumes)."""
    if person.consent_at is None:
        await state.set_state(Onboarding.consent)
        await message.answer(t("privacy-notice"), reply_markup=_yes_no_keyboard(t))
    elif person.phone is None:
        await state.set_state(Onboarding.phone)
        await message.answer(t("ask-phone"), reply_markup=_phone_keyboard(t))
    elif person.province_code is None:
        await state.set_state(Onboarding.province)
        await message.answer(t("ask-province"), reply_markup=province_keyboard(regions, t, 0, back=False))
    elif person.county_code is None:
        await _ask_county(message, person.province_code, state, t, regions)
    else:
        await state.set_state(Onboarding.neighbourhood)
        await message.answer(t("ask-neighbourhood"), reply_markup=back_skip_keyboard(t))


async def _ask_county(message: Message, province_code: str, state: FSMContext, t: Translator,
                      regions: Regions, page: int = 0) -> None:
    province = regions.province(province_code)
    assert province is not None
    await state.set_state(Onboarding.county)
    data = await load(state, OnboardingData)
    data.province_code, data.page = province_code, page
    await save(state, data)
    await message.answer(t("ask-county", province=province.name(t.language)),
                         reply_markup=county_keyboard(regions, province_code, t, page))


# -- language ---------------------------------------------------------------------------------------

async def _choose_language(message: Message, code: str, state: FSMContext, session: AsyncSession,
                           person: PersonView | None, regions: Regions) -> None:
    if person is None:
        await need_start(message, state, translator("fa"))
        return
    person = await people.set_language(session, person.id, code)
    await _next_step(message, person, state, translator(code), regions)


@router.callback_query(Onboarding.language, Lang.filter())
async def language_pressed(query: CallbackQuery, callback_data: Lang, state: FSMContext,
                           session: AsyncSession, person: PersonView | None, regions: Regions) -> None:
    """A language button."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _choose_language(query.message, callback_data.code, state, session, person, regions)


@router.message(Onboarding.language, F.text)
async def language_typed(message: Message, state: FSMContext, session: AsyncSession,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed language: its name in either language, 1 or 2."""
    language = typed_language(message.text or "")
    if language is None:
        await message.answer(t("language-invalid"), reply_markup=_language_keyboard(t))
        return
    await _choose_language(message, language, state, session, person, regions)


# -- consent ----------------------------------------------------------------------------------------

async def _consent(message: Message, agree: bool, first_name: str | None, state: FSMContext,
                   session: AsyncSession, person: PersonView | None, t: Translator, regions: Regions) -> None:
    if person is None:
        await need_start(message, state, t)
        return
    if not agree:
        await state.clear()
        await message.answer(t("consent-declined"), reply_markup=ReplyKeyboardRemove())
        return
    person = await people.give_consent(session, person.id, first_name)
    await _next_step(message, person, state, t, regions)


@router.callback_query(Onboarding.consent, Consent.filter())
async def consent_pressed(query: CallbackQuery, callback_data: Consent, state: FSMContext,
                          session: AsyncSession, person: PersonView | None, t: Translator,
                          regions: Regions) -> None:
    """The consent buttons."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _consent(query.message, callback_data.agree, query.from_user.first_name, state, session,
                       person, t, regions)


@router.message(Onboarding.consent, F.text)
async def consent_typed(message: Message, state: FSMContext, session: AsyncSession,
                        person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed answer to the privacy notice."""
    text = message.text or ""
    agree = is_word(text, words("consent-yes", "answers-yes", "answers-agree"))
    if agree or is_word(text, words("consent-no", "answers-no")):
        first_name = message.from_user.first_name if message.from_user else None
        await _consent(message, agree, first_name, state, session, person, t, regions)
    else:
        await message.answer(t("consent-invalid"), reply_markup=_yes_no_keyboard(t))


# -- phone ------------------------------------------------------------------------------------------

async def _save_phone(message: Message, phone: str, state: FSMContext, session: AsyncSession,
                      person: PersonView, t: Translator, regions: Regions) -> None:
    person = await people.set_phone(session, person.id, phone)
    shown = to_persian_digits(phone) if t.language == "fa" else phone
    await message.answer(t("phone-saved", phone=shown), reply_markup=ReplyKeyboardRemove())
    await _next_step(message, person, state, t, regions)


@router.message(Onboarding.phone, F.contact)
async def phone_shared(message: Message, state: FSMContext, session: AsyncSession,
                       person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A shared contact: accepted only when it is the sender's own."""
    assert message.contact is not None
    if person is None:
        await need_start(message, state, t)
        return
    if message.from_user is None or message.contact.user_id != message.from_user.id:
        await message.answer(t("phone-not-own"), reply_markup=_phone_keyboard(t))
        return
    phone = normalize_phone(message.contact.phone_number)
    if phone is None:
        await message.answer(t("phone-invalid"), reply_markup=_phone_keyboard(t))
        return
    await _save_phone(message, phone, state, session, person, t, regions)


@router.message(Onboarding.phone, F.text)
async def phone_typed(message: Message, state: FSMContext, session: AsyncSession,
                      person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed phone number in any digit script."""
    if person is None:
        await need_start(message, state, t)
        return
    phone = normalize_phone(message.text or "")
    if phone is None:
        await message.answer(t("phone-invalid"), reply_markup=_phone_keyboard(t))
        return
    await _save_phone(message, phone, state, session, person, t, regions)


# -- province and county ----------------------------------------------------------------------------

@router.callback_query(Onboarding.province, RegionPick.filter(F.level == "p"))
async def province_pressed(query: CallbackQuery, callback_data: RegionPick, state: FSMContext,
                           t: Translator, regions: Regions) -> None:
    """A province from the list."""
    await query.answer()
    if not isinstance(query.message, Message) or not 0 <= callback_data.province < len(regions.provinces):
        return
    province = regions.provinces[callback_data.province]
    await query.message.edit_text(f"{t('ask-province')}\n{province.name(t.language)}", reply_markup=None)
    await _ask_county(query.message, province.code, state, t, regions)


@router.message(Onboarding.province, F.text)
async def province_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """A typed province name or list number."""
    province = regions.match_province(message.text or "")
    if province is None:
        await message.answer(t("province-invalid"), reply_markup=province_keyboard(regions, t, 0, back=False))
        return
    await _ask_county(message, province.code, state, t, regions)


@router.callback_query(Onboarding.province, Nav.filter(F.action == "page"))
async def province_page(query: CallbackQuery, callback_data: Nav, t: Translator, regions: Regions) -> None:
    """Another page of provinces."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(
            reply_markup=province_keyboard(regions, t, callback_data.page, back=False))


async def _save_county(message: Message, county: County, state: FSMContext, session: AsyncSession,
                       person: PersonView | None, t: Translator) -> None:
    if person is None:
        await need_start(message, state, t)
        return
    await people.set_region(session, person.id, county.province_code, county.code)
    await state.set_state(Onboarding.neighbourhood)
    await message.answer(t("ask-neighbourhood"), reply_markup=back_skip_keyboard(t))


@router.callback_query(Onboarding.county, RegionPick.filter(F.level == "c"))
async def county_pressed(query: CallbackQuery, callback_data: RegionPick, state: FSMContext,
                         session: AsyncSession, person: PersonView | None, t: Translator,
                         regions: Regions) -> None:
    """A county from the list."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    try:
        county = regions.provinces[callback_data.province].counties[callback_data.county]
    except IndexError:
        return
    await query.message.edit_text(f"{query.message.text}\n{county.name(t.language)}", reply_markup=None)
    await _save_county(query.message, county, state, session, person, t)


@router.message(Onboarding.county, F.text)
async def county_typed(message: Message, state: FSMContext, session: AsyncSession,
                       person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed county name or list number."""
    data = await load(state, OnboardingData)
    province = regions.province(data.province_code)
    if province is None:
        await state.set_state(Onboarding.province)
        await message.answer(t("ask-province"), reply_markup=province_keyboard(regions, t, 0, back=False))
        return
    county = regions.match_county(province.code, message.text or "")
    if county is None:
        await message.answer(t("county-invalid", province=province.name(t.language)),
                             reply_markup=county_keyboard(regions, province.code, t, data.page))
        return
    await _save_county(message, county, state, session, person, t)


@router.callback_query(Onboarding.county, Nav.filter(F.action == "page"))
async def county_page(query: CallbackQuery, callback_data: Nav, state: FSMContext, t: Translator,
                      regions: Regions) -> None:
    """Another page of counties."""
    await query.answer()
    data = await load(state, OnboardingData)
    if isinstance(query.message, Message) and data.province_code:
        data.page = callback_data.page
        await save(state, data)
        await query.message.edit_reply_markup(
            reply_markup=county_keyboard(regions, data.province_code, t, callback_data.page))


@router.callback_query(Onboarding.county, Nav.filter(F.action == "back"))
async def county_back(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back from counties to provinces."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await state.set_state(Onboarding.province)
        await query.message.answer(t("ask-province"), reply_markup=province_keyboard(regions, t, 0, back=False))


# -- neighbourhood and the end ----------------------------------------------------------------------

async def _finish(message: Message, neighbourhood: str | None, state: FSMContext, session: AsyncSession,
                  person: PersonView | None, t: Translator, regions: Regions) -> None:
    if person is None:
        await need_start(message, state, t)
        return
    data = await load(state, OnboardingData)
    await people.set_neighbourhood(session, person.id, neighbourhood)
    person = await people.finish_onboarding(session, person.id, data.referral)
    await state.clear()
    region = region_name(regions, person.province_code, person.county_code, t.language, person.neighbourhood)
    text = t("onboarding-done", region=region)
    if data.referral and (await _was_referred(session, person.id)):
        text += "\n" + t("onboarding-done-referred")
    await message.answer(text, reply_markup=main_menu(t))
    if data.campaign_slug:
        from handlers.catalogue import land_on_campaign

        await land_on_campaign(message, person, data.campaign_slug, data.referral, t, session)


async def _was_referred(session: AsyncSession, person_id: int) -> bool:
    from storage.repositories.people import PeopleRepository

    row = await PeopleRepository(session).by_id(person_id)
    return row is not None and row.referred_by_id is not None


@router.message(Onboarding.neighbourhood, F.text)
async def neighbourhood_typed(message: Message, state: FSMContext, session: AsyncSession,
                              person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed neighbourhood (or the word for skip)."""
    text = " ".join((message.text or "").split())
    if is_word(text, words("button-skip")):
        await _finish(message, None, state, session, person, t, regions)
    elif not 2 <= len(text) <= 60:
        await message.answer(t("neighbourhood-invalid"), reply_markup=back_skip_keyboard(t))
    else:
        await _finish(message, text, state, session, person, t, regions)


@router.callback_query(Onboarding.neighbourhood, Nav.filter(F.action == "skip"))
async def neighbourhood_skipped(query: CallbackQuery, state: FSMContext, session: AsyncSession,
                                person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Skip the neighbourhood."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _finish(query.message, None, state, session, person, t, regions)


@router.callback_query(Onboarding.neighbourhood, Nav.filter(F.action == "back"))
async def neighbourhood_back(query: CallbackQuery, state: FSMContext, person: PersonView | None,
                             t: Translator, regions: Regions) -> None:
    """Back from the neighbourhood to the county list."""
    if person is None or not person.province_code:
        await need_start_pressed(query, state, t)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _ask_county(query.message, person.province_code, state, t, regions)


@router.message(StateFilter(Onboarding))
async def not_text(message: Message, t: Translator) -> None:
    """A sticker, photo or file where onboarding expects text or a button."""
    await message.answer(t("expect-text"))
