"""Onboarding: /start (with deep links), language, consent, phone, province, county, neighbourhood.

Diagram: handlers/onboarding.mmd. Each step can be answered by a button or by typing."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from campaigns import catalogue, people, teens
from campaigns.callbacks import ConsentButton, LanguageButton
from campaigns.numerals import normalize_phone, to_persian_digits
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.words import is_word
from handlers.catalogue import land_on_campaign
from handlers.guards import need_start
from handlers.keyboards import built_once, main_menu, region_name, share_phone_keyboard, typed_language
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import Onboarding, OnboardingData, load, save
from handlers.steps import answered, not_text
from handlers.teens import declared_year
from i18n import Translator, translator, words
from storage.unit_of_work import UnitOfWork


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
        InlineKeyboardButton(text=t("consent-yes"), callback_data=ConsentButton(agree=True).pack()),
        InlineKeyboardButton(text=t("consent-no"), callback_data=ConsentButton(agree=False).pack()),
    ]]), t)


def _language_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return built_once(("language", t.language), lambda: InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("language-fa"), callback_data=LanguageButton(code="fa").pack()),
        InlineKeyboardButton(text=t("language-en"), callback_data=LanguageButton(code="en").pack()),
    ]]), t)


def _phone_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return share_phone_keyboard(t, "button-cancel")


async def start(message: Message, command: CommandObject, state: FSMContext, uow: UnitOfWork,
                platform: str, person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Greet; a returning person lands on the menu (or the linked campaign), a new one starts onboarding."""
    payload = parse_payload(command.args)
    await state.clear()
    if person is not None and person.onboarded:
        if payload.campaign_slug:
            await land_on_campaign(message, person, payload.campaign_slug, payload.referral, t, uow)
            return
        greeting = t("welcome-back", name=person.first_name) if person.first_name else t(
            "welcome-back-anonymous")
        await message.answer(greeting, reply_markup=main_menu(t))
        return
    assert message.from_user is not None
    if person is None:
        person = await people.get_or_create(uow, platform, message.from_user.id, message.chat.id, "fa")
    await save(state, OnboardingData(campaign_slug=payload.campaign_slug, referral=payload.referral,
                                     ask_year=await _asks_year(uow, person.id, payload.campaign_slug)))
    if person.consent_at is None:
        await state.set_state(Onboarding.language)
        await message.answer(translator("fa")("welcome"), reply_markup=_language_keyboard(t))
        return
    await _next_step(message, person, state, t, regions)


async def _asks_year(uow: UnitOfWork, person_id: int, slug: str | None) -> bool:
    """Whether the link's campaign is for teens or adults and the person's year of birth is not known yet."""
    campaign = await catalogue.by_slug(uow, slug) if slug else None
    return campaign is not None and campaign.definition.asks_birth_year and \
        await teens.birth_year(uow, person_id) is None


async def _next_step(message: Message, person: PersonView, state: FSMContext, t: Translator,
                     regions: Regions) -> None:
    """Ask for the first thing onboarding still lacks (so an interrupted onboarding resumes)."""
    data = await load(state, OnboardingData)
    if person.consent_at is None:
        await state.set_state(Onboarding.consent)
        await message.answer(t("privacy-notice"), reply_markup=_yes_no_keyboard(t))
    elif data.ask_year:  # a campaign for teens or adults: the year first, so a teen is never asked a phone number
        await state.set_state(Onboarding.birth_year)
        await message.answer(t("teen-ask-birth-year-onboarding"))
    elif person.phone is None and not data.teen:
        await state.set_state(Onboarding.phone)
        await message.answer(t("ask-phone"), reply_markup=_phone_keyboard(t))
    else:
        # Province, county and neighbourhood in the shared picker; it starts at the first one still unknown.
        await pick_region(message, state, t, regions, purpose=REGION, with_neighbourhood=True, back=False,
                          province_code=person.province_code, county_code=person.county_code)


# -- language ---------------------------------------------------------------------------------------

async def _choose_language(message: Message, code: str, state: FSMContext, uow: UnitOfWork,
                           person: PersonView | None, regions: Regions) -> None:
    if person is None:
        await need_start(message, state, translator("fa"))
        return
    person = await people.set_language(uow, person.id, code)
    await _next_step(message, person, state, translator(code), regions)


async def language_pressed(query: CallbackQuery, callback_data: LanguageButton, state: FSMContext,
                           uow: UnitOfWork, person: PersonView | None, regions: Regions) -> None:
    """A language button."""
    message = await answered(query)
    if message is not None:
        await _choose_language(message, callback_data.code, state, uow, person, regions)


async def language_typed(message: Message, state: FSMContext, uow: UnitOfWork,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed language: its name in either language, 1 or 2."""
    language = typed_language(message.text or "")
    if language is None:
        await message.answer(t("language-invalid"), reply_markup=_language_keyboard(t))
        return
    await _choose_language(message, language, state, uow, person, regions)


# -- consent ----------------------------------------------------------------------------------------

async def _consent(message: Message, agree: bool, first_name: str | None, state: FSMContext,
                   uow: UnitOfWork, person: PersonView | None, t: Translator, regions: Regions) -> None:
    if person is None:
        await need_start(message, state, t)
        return
    if not agree:
        await state.clear()
        await message.answer(t("consent-declined"), reply_markup=ReplyKeyboardRemove())
        return
    person = await people.give_consent(uow, person.id, first_name)
    await _next_step(message, person, state, t, regions)


async def consent_pressed(query: CallbackQuery, callback_data: ConsentButton, state: FSMContext,
                          uow: UnitOfWork, person: PersonView | None, t: Translator,
                          regions: Regions) -> None:
    """The consent buttons."""
    message = await answered(query)
    if message is not None:
        await _consent(message, callback_data.agree, query.from_user.first_name, state, uow, person, t, regions)


async def consent_typed(message: Message, state: FSMContext, uow: UnitOfWork,
                        person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed answer to the privacy notice."""
    text = message.text or ""
    agree = is_word(text, words("consent-yes", "answers-yes", "answers-agree"))
    if agree or is_word(text, words("consent-no", "answers-no")):
        first_name = message.from_user.first_name if message.from_user else None
        await _consent(message, agree, first_name, state, uow, person, t, regions)
    else:
        await message.answer(t("consent-invalid"), reply_markup=_yes_no_keyboard(t))


# -- phone ------------------------------------------------------------------------------------------

async def _save_phone(message: Message, phone: str, state: FSMContext, uow: UnitOfWork,
                      person: PersonView, t: Translator, regions: Regions) -> None:
    person = await people.set_phone(uow, person.id, phone)
    shown = to_persian_digits(phone) if t.language == "fa" else phone
    await message.answer(t("phone-saved", phone=shown), reply_markup=ReplyKeyboardRemove())
    await _next_step(message, person, state, t, regions)


async def phone_shared(message: Message, state: FSMContext, uow: UnitOfWork,
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
    await _save_phone(message, phone, state, uow, person, t, regions)


async def phone_typed(message: Message, state: FSMContext, uow: UnitOfWork,
                      person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A typed phone number in any digit script."""
    if person is None:
        await need_start(message, state, t)
        return
    phone = normalize_phone(message.text or "")
    if phone is None:
        await message.answer(t("phone-invalid"), reply_markup=_phone_keyboard(t))
        return
    await _save_phone(message, phone, state, uow, person, t, regions)


# -- year of birth (a campaign for teens or adults) ---------------------------------------------------

async def birth_year_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                           t: Translator, regions: Regions) -> None:
    """The year of birth (Jalali, any digits) before the phone: a teen goes on without one."""
    if person is None:
        await need_start(message, state, t)
        return
    declared = await declared_year(message, uow, person.id, t)
    if declared is None:
        return
    data = await load(state, OnboardingData)
    await save(state, data.model_copy(update={"ask_year": False, "teen": declared.teen}))
    if declared.teen:
        await message.answer(t("teen-onboarding-no-phone"))
    await _next_step(message, person, state, t, regions)


# -- region and the end ------------------------------------------------------------------------------

async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The picker's answer: the region is stored and onboarding ends (one write, one commit)."""
    if person is None:
        await need_start(message, state, t)
        return
    data = await load(state, OnboardingData)
    done = await people.finish_onboarding(uow, person.id, region.province_code, region.county_code,
                                          region.neighbourhood, data.referral)
    person = done.person
    await state.clear()
    place = region_name(regions, person.province_code, person.county_code, t.language, person.neighbourhood)
    text = t("onboarding-done", region=place)
    if done.referred:
        text += "\n" + t("onboarding-done-referred")
    await message.answer(text, reply_markup=main_menu(t))
    if data.campaign_slug:
        await land_on_campaign(message, person, data.campaign_slug, data.referral, t, uow)


async def _county_chosen(region: PickedRegion, uow: UnitOfWork, person: PersonView | None) -> None:
    """The county answered: stored now, so an onboarding left at the neighbourhood resumes there."""
    if person is not None:
        await people.set_region(uow, person.id, region.province_code, region.county_code)


async def _region_back(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back from the province list, which offers none: the list again."""
    await pick_region(message, state, t, regions, purpose=REGION, with_neighbourhood=True, back=False)


REGION = register(RegionPurpose(
    "onboarding", done=_region_chosen, back=_region_back, county_chosen=_county_chosen,
    texts=RegionTexts(ask_province="ask-province", ask_county="ask-county", province_invalid="province-invalid",
                      county_invalid="county-invalid", ask_neighbourhood="ask-neighbourhood",
                      neighbourhood_invalid="neighbourhood-invalid")))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.callback_query.register(language_pressed, Onboarding.language, Pressed(LanguageButton))
    router.message.register(language_typed, Onboarding.language, F.text)
    router.callback_query.register(consent_pressed, Onboarding.consent, Pressed(ConsentButton))
    router.message.register(consent_typed, Onboarding.consent, F.text)
    router.message.register(phone_shared, Onboarding.phone, F.contact)
    router.message.register(phone_typed, Onboarding.phone, F.text)
    router.message.register(birth_year_typed, Onboarding.birth_year, F.text)
    router.message.register(not_text, StateFilter(Onboarding))
    return router
