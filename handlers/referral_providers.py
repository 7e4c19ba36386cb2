"""A manager enters a service provider of the referral system in the bot (the other way is a YAML file in
campaigns/providers/): the kind of service, the name, the contact (managers only; Skip for none), then the
region: a county manager's own county, a provincial manager's province or one of its counties, a national
manager any province and county (the shared region picker). Every step takes a button or typed text and has
Back; nothing is stored before the region is known, and the domain checks the region is the manager's.

Diagram: handlers/referrals.mmd. Its handlers are registered by handlers/referral_manage.py's router."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import referral_providers, roles
from campaigns.audit import Actor
from campaigns.callbacks import (
    NavAction,
    NavButton,
    ReferralAction,
    ReferralButton,
    ReferralChoiceButton,
    ReferralChoiceField,
)
from campaigns.people import PersonView
from campaigns.referrals import ReferralRefused
from campaigns.regions import Regions
from campaigns.words import is_word, pick_one
from handlers.guards import expired
from handlers.keyboards import TypedWord, back_row, back_skip_keyboard
from handlers.manager_common import IsManager, manager_or_refused
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import ProviderDraft, ProviderNew, load, save
from handlers.steps import answered, not_text
from i18n import Translator, words
from storage.models.referrals import ServiceKind
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork

KINDS = tuple(ServiceKind)
STEPS = ("kind", "name", "contact", "region")


def _keyboard(step: str, t: Translator) -> InlineKeyboardMarkup:
    if step == "kind":
        buttons = [InlineKeyboardButton(text=t(f"referral-need-{k.value}"), callback_data=ReferralChoiceButton(
            field=ReferralChoiceField.NEED, index=i).pack()) for i, k in enumerate(KINDS)]
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        return InlineKeyboardMarkup(inline_keyboard=[*rows, back_row(t)])
    return back_skip_keyboard(t, skip=step == "contact")


async def _ask(message: Message, step: str, state: FSMContext, data: ProviderDraft, t: Translator) -> None:
    await save(state, data)
    await state.set_state(getattr(ProviderNew, step))
    await message.answer(t(f"referral-provider-ask-{step}"), reply_markup=_keyboard(step, t))


async def _step(state: FSMContext) -> str:
    current = await state.get_state() or ""
    return current.rsplit(":", 1)[-1] if current.startswith("ProviderNew:") else "kind"


async def start(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """«افزودن ارائه‌دهنده» under the providers list."""
    message = await answered(query)
    if message is not None:
        await state.clear()
        await _ask(message, "kind", state, ProviderDraft(), t)


async def back(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Back to the previous step (out from the first)."""
    message = await answered(query)
    if message is not None:
        await back_typed(message, state, t)


async def back_typed(message: Message, state: FSMContext, t: Translator) -> None:
    """Back, typed or pressed."""
    step = await _step(state)
    if step == "kind":
        await state.clear()
        await message.answer(t("referral-provider-left"), reply_markup=_list_button(t))
        return
    await _ask(message, STEPS[STEPS.index(step) - 1], state, await load(state, ProviderDraft), t)


def _list_button(t: Translator) -> InlineKeyboardMarkup:
    listing = ReferralButton(action=ReferralAction.PROVIDER_LIST).pack()
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=t("referral-button-providers"),
                                                                       callback_data=listing)]])


async def _kind(message: Message, index: int, state: FSMContext, t: Translator) -> None:
    data = await load(state, ProviderDraft)
    data.kind = KINDS[index].value
    await _ask(message, "name", state, data, t)


async def kind_pressed(query: CallbackQuery, callback_data: ReferralChoiceButton, state: FSMContext,
                       t: Translator) -> None:
    """The kind of service from the buttons."""
    if callback_data.field is not ReferralChoiceField.NEED or callback_data.index >= len(KINDS):
        await expired(query, t)
        return
    message = await answered(query)
    if message is not None:
        await _kind(message, callback_data.index, state, t)


async def kind_typed(message: Message, state: FSMContext, t: Translator) -> None:
    """The kind typed by name (either language) or list number."""
    index = pick_one(message.text or "", [[*words(f"referral-need-{k.value}"), k.value] for k in KINDS])
    if index is None:
        await message.answer(t("referral-need-invalid"), reply_markup=_keyboard("kind", t))
        return
    await _kind(message, index, state, t)


async def name_typed(message: Message, state: FSMContext, t: Translator) -> None:
    """The provider's name: 1..120 characters."""
    name = " ".join((message.text or "").split())
    if not name or len(name) > referral_providers.MAX_NAME:
        await message.answer(t("referral-provider-name-invalid"), reply_markup=_keyboard("name", t))
        return
    data = await load(state, ProviderDraft)
    data.name = name
    await _ask(message, "contact", state, data, t)


async def _contact(message: Message, contact: str | None, state: FSMContext, uow: UnitOfWork, actor: Actor,
                   t: Translator, regions: Regions) -> None:
    data = await load(state, ProviderDraft)
    data.contact = contact
    await save(state, data)
    if actor.level is RoleLevel.COUNTY and actor.province_code and actor.county_code:
        await _store(message, PickedRegion(actor.province_code, actor.county_code), state, uow, actor, t, regions)
        return
    await state.set_state(ProviderNew.region)
    provincial = actor.level is RoleLevel.PROVINCIAL
    await pick_region(message, state, t, regions, purpose=REGION, whole_province=True,
                      province_code=actor.province_code if provincial else None, province_fixed=provincial)


async def contact_skipped(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, actor: Actor, t: Translator,
                          regions: Regions) -> None:
    """No contact."""
    message = await answered(query)
    if message is not None:
        await _contact(message, None, state, uow, actor, t, regions)


async def contact_typed(message: Message, state: FSMContext, uow: UnitOfWork, actor: Actor, t: Translator,
                        regions: Regions) -> None:
    """The contact (a phone, an address): at most 200 characters; only managers ever see it."""
    text = " ".join((message.text or "").split())
    if is_word(text, words("button-skip")):
        await _contact(message, None, state, uow, actor, t, regions)
        return
    if not text or len(text) > referral_providers.MAX_CONTACT:
        await message.answer(t("referral-provider-contact-invalid"), reply_markup=_keyboard("contact", t))
        return
    await _contact(message, text, state, uow, actor, t, regions)


async def _store(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork, actor: Actor,
                 t: Translator, regions: Regions) -> None:
    data = await load(state, ProviderDraft)
    try:
        added = await referral_providers.add(uow, actor, data.name, ServiceKind(data.kind or KINDS[0].value),
                                             region.province_code, region.county_code, data.contact, regions)
    except ReferralRefused as refused:
        await message.answer(t(refused.locale_key))
        return
    await state.clear()
    await message.answer(t("referral-provider-added", name=added.name), reply_markup=_list_button(t))


async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    actor = await manager_or_refused(message, state, uow, person, t)
    if actor is not None:
        await _store(message, region, state, uow, actor, t, regions)


async def _region_back(message: Message, state: FSMContext, t: Translator) -> None:
    await _ask(message, "contact", state, await load(state, ProviderDraft), t)


async def _region_allowed(region: PickedRegion, complete: bool, uow: UnitOfWork, person: PersonView | None,
                          t: Translator) -> str | None:
    """Only a place inside the manager's own region."""
    actor = await roles.actor_of(uow, person)
    scope = roles.scope_of_actor(actor) if actor is not None else None
    allowed = scope is not None and (scope.covers(region.province_code, region.county_code) or (
        not complete and scope.province_code == region.province_code))
    return None if allowed else t("referral-refused-out-of-scope")


REGION = register(RegionPurpose(
    "referral-provider", done=_region_chosen, back=_region_back, check=_region_allowed,
    texts=RegionTexts(ask_province="referral-provider-ask-province", ask_county="referral-provider-ask-county",
                      whole_province="button-skip")))


def register_handlers(router: Router) -> None:
    """Add this conversation's handlers to the managers' referral router."""
    router.callback_query.register(start, Pressed(ReferralButton, F.action == ReferralAction.PROVIDER_ADD),
                                   IsManager())
    router.callback_query.register(back, StateFilter(ProviderNew), Pressed(NavButton, F.action == NavAction.BACK))
    router.message.register(back_typed, StateFilter(ProviderNew), F.text, TypedWord("button-back"))
    router.callback_query.register(kind_pressed, ProviderNew.kind, Pressed(ReferralChoiceButton))
    router.message.register(kind_typed, ProviderNew.kind, F.text)
    router.message.register(name_typed, ProviderNew.name, F.text)
    router.callback_query.register(contact_skipped, ProviderNew.contact, Pressed(NavButton, F.action == NavAction.SKIP),
                                   IsManager())
    router.message.register(contact_typed, ProviderNew.contact, F.text, IsManager())
    router.message.register(not_text, StateFilter(ProviderNew.kind, ProviderNew.name, ProviderNew.contact))
