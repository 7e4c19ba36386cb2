"""The energy-saving drive: report a baseline, then each month's use; see savings and wheelchairs."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import catalogue, energy
from campaigns.callbacks import EnergyAction, EnergyButton, NavAction, NavButton
from campaigns.catalogue import CampaignView, Openness, today_in_iran
from campaigns.energy import AreaSaving, EnergyUnit, PersonEnergy
from campaigns.jalali import format_period, period_of
from campaigns.kinds import EnergyData
from campaigns.numerals import parse_int
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.words import fold_text
from handlers.catalogue import pressed_campaign, show_campaign
from handlers.guards import need_start, need_start_pressed
from handlers.keyboards import back_skip_keyboard, main_menu
from handlers.pressed import Pressed
from handlers.states import EnergyFlow, EnergyFlowData, load, save
from i18n import Translator, words
from storage.unit_of_work import UnitOfWork

MAX_VALUE = {EnergyUnit.KWH: 100_000, EnergyUnit.RIAL: 100_000_000_000}


def _share(value_rials: int, prices: EnergyData, t: Translator, own: bool) -> str:
    """What a saving achieved, as a person reads it: whole wheelchairs, a percent of one, or (for their own
    small saving) how many people saving as much buy one together; never "0% of a wheelchair"."""
    share = energy.wheelchair_share(value_rials, prices)
    if share.whole:
        return t("en-share-whole", wheelchairs=share.whole)
    if share.percent:
        return t("en-share-percent", percent=share.percent)
    if own:
        return t("en-share-people", people=share.people_for_one)
    return t("en-share-started")


def standing_text(mine: PersonEnergy, campaign: CampaignView, t: Translator, person: PersonView,
                  regions: Regions, area: AreaSaving | None = None) -> str:
    """A person's saving in kWh (or off the bill) and rials, what it achieved, and what their neighbourhood and
    county achieved together."""
    prices = campaign.definition.energy
    assert prices is not None
    saving = mine.saving
    if not saving.value_rials:
        return t("en-standing-none")
    key = "en-standing-kwh" if mine.unit == EnergyUnit.KWH else "en-standing-rial"
    lines = [t(key, saved=saving.saved, value=saving.value_rials), _share(saving.value_rials, prices, t, own=True)]
    county = regions.county(person.county_code)
    if area is not None and person.neighbourhood and area.neighbourhood_people > 1:
        lines.append(t("en-together", place=t("en-place-neighbourhood", name=person.neighbourhood),
                       people=area.neighbourhood_people, value=area.neighbourhood.value_rials,
                       share=_share(area.neighbourhood.value_rials, prices, t, own=False)))
    if area is not None and county is not None and area.county_people > 1:
        lines.append(t("en-together", place=t("en-place-county", name=county.name(t.language)),
                       people=area.county_people, value=area.county.value_rials,
                       share=_share(area.county.value_rials, prices, t, own=False)))
    return "\n".join(lines)


def unit_keyboard(campaign_id: int, t: Translator) -> InlineKeyboardMarkup:
    """Report in kilowatt-hours or as the bill amount, and Back."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=t("en-unit-kwh"),
                              callback_data=EnergyButton(action=EnergyAction.UNIT, campaign=campaign_id,
                                                                             unit="kwh").pack())],
        [InlineKeyboardButton(text=t("en-unit-rial"),
                              callback_data=EnergyButton(action=EnergyAction.UNIT, campaign=campaign_id,
                                                                              unit="rial").pack())],
        [InlineKeyboardButton(text=t("button-back"), callback_data=NavButton(action=NavAction.BACK).pack())],
    ])


async def _ask_value(message: Message, state: FSMContext, data: EnergyFlowData, mine: PersonEnergy | None,
                     t: Translator) -> None:
    await save(state, data)
    if mine is None or mine.baseline is None:
        await state.set_state(EnergyFlow.baseline)
        await message.answer(t(f"en-ask-baseline-{data.unit}"), reply_markup=back_skip_keyboard(t, skip=False))
        return
    await state.set_state(EnergyFlow.month)
    period = format_period(period_of(today_in_iran()), t.language)
    await message.answer(t(f"en-ask-month-{data.unit}", period=period, baseline=mine.baseline),
                         reply_markup=back_skip_keyboard(t, skip=False))


def _is_energy_drive(campaign: CampaignView) -> bool:
    return campaign.definition.energy is not None


async def start(query: CallbackQuery, callback_data: EnergyButton, state: FSMContext, uow: UnitOfWork,
                person: PersonView | None, t: Translator) -> None:
    """Report use: the unit first (once), then the baseline or this month's figure."""
    if (pressed := await pressed_campaign(query, callback_data.campaign, person, t, uow, _is_energy_drive)) is None:
        return
    campaign, person, message = pressed
    if campaign.openness(today_in_iran()) != Openness.OPEN:
        await query.answer(t("pl-not-open"), show_alert=True)
        return
    await query.answer()
    mine = await energy.standing(uow, person.id, campaign)
    data = EnergyFlowData(campaign_id=campaign.id, unit=(mine.unit or EnergyUnit.KWH).value)
    if callback_data.action == EnergyAction.UNIT and mine.unit is None:
        data.unit = EnergyUnit(callback_data.unit).value
    elif mine.unit is None:
        await state.set_state(EnergyFlow.unit)
        await save(state, data)
        await message.answer(t("en-ask-unit"), reply_markup=unit_keyboard(campaign.id, t))
        return
    await _ask_value(message, state, data, mine, t)


def _mentions(folded: str, key: str) -> bool:
    return any(fold_text(word) in folded for word in words(key))


async def unit_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                     t: Translator) -> None:
    """A typed unit: kilowatt-hours or the bill."""
    data = await load(state, EnergyFlowData)
    text = fold_text(message.text or "")
    # A word anywhere in the answer will do ("kilowatt-hours", "the bill amount"); the kWh words first,
    # as the kWh button's own label mentions the bill.
    if text == "1" or _mentions(text, "answers-unit-kwh"):
        data.unit = EnergyUnit.KWH.value
    elif text == "2" or _mentions(text, "answers-unit-bill"):
        data.unit = EnergyUnit.RIAL.value
    else:
        await message.answer(t("en-unit-invalid"), reply_markup=unit_keyboard(data.campaign_id, t))
        return
    await _ask_value(message, state, data, None, t)


async def value_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                      t: Translator, regions: Regions) -> None:
    """The baseline or this month's consumption, in the person's unit."""
    if person is None:
        await need_start(message, state, t)
        return
    data = await load(state, EnergyFlowData)
    campaign = await catalogue.by_id(uow, data.campaign_id)
    if campaign is None:
        await state.clear()
        await message.answer(t("pl-expired"), reply_markup=main_menu(t))
        return
    unit = EnergyUnit(data.unit)
    value = parse_int(message.text or "")
    if value is None or not 1 <= value <= MAX_VALUE[unit]:
        await message.answer(t("en-value-invalid", max=MAX_VALUE[unit]), reply_markup=back_skip_keyboard(t, skip=False))
        return
    baseline = await state.get_state() == EnergyFlow.baseline.state
    mine = await energy.report(uow, person, campaign, value, unit, today_in_iran(), baseline=baseline)
    await state.clear()
    area = None if baseline or not person.county_code else await energy.together(
        uow, campaign, person.county_code, person.neighbourhood)
    text = t("en-baseline-saved") if baseline else standing_text(mine, campaign, t, person, regions, area)
    await message.answer(text, reply_markup=main_menu(t))


async def back(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
               t: Translator) -> None:
    """Back to the campaign page."""
    if person is None:
        await need_start_pressed(query, state, t)
        return
    await query.answer()
    data = await load(state, EnergyFlowData)
    await state.clear()
    campaign = await catalogue.by_id(uow, data.campaign_id)
    if isinstance(query.message, Message) and campaign is not None:
        await query.message.edit_reply_markup(reply_markup=None)
        await show_campaign(query.message, campaign, person, t, uow)


async def not_text(message: Message, state: FSMContext, t: Translator) -> None:
    """A sticker or photo where a number is expected."""
    data = await load(state, EnergyFlowData)
    await message.answer(t("expect-text"))
    if await state.get_state() == EnergyFlow.unit.state:
        await message.answer(t("en-ask-unit"), reply_markup=unit_keyboard(data.campaign_id, t))
    else:
        await message.answer(t("en-value-invalid", max=MAX_VALUE[EnergyUnit(data.unit)]))


async def totals(query: CallbackQuery, callback_data: EnergyButton, uow: UnitOfWork, person: PersonView | None,
                 t: Translator, regions: Regions) -> None:
    """The drive's saving and wheelchairs, for the country and the person's province, county, neighbourhood."""
    if (pressed := await pressed_campaign(query, callback_data.campaign, person, t, uow, _is_energy_drive)) is None:
        return
    campaign, person, message = pressed
    await query.answer()
    sums = await energy.campaign_total(uow, campaign)
    if not sums.saved:
        await message.answer(t("en-totals-empty"))
        return
    lines = [t("en-totals-title"),
             t("en-totals-line", name=t("en-totals-all"), value=sums.value_rials, wheelchairs=sums.wheelchairs)]
    province, county = regions.province(person.province_code), regions.county(person.county_code)
    places = [(province.name(t.language) if province else None, sums.by_province.get(person.province_code or "")),
              (county.name(t.language) if county else None, sums.by_county.get(person.county_code or "")),
              (person.neighbourhood, sums.by_neighbourhood.get(f"{person.county_code}/{person.neighbourhood}"))]
    for name, saving in places:
        if name and saving:
            lines.append(t("en-totals-line", name=name, value=saving.value_rials, wheelchairs=saving.wheelchairs))
    await message.answer("\n".join(lines))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(start, Pressed(EnergyButton, F.action.in_({EnergyAction.START, EnergyAction.UNIT})))
    router.message.register(unit_typed, EnergyFlow.unit, F.text)
    router.message.register(value_typed, StateFilter(EnergyFlow.baseline, EnergyFlow.month), F.text)
    router.callback_query.register(back, StateFilter(EnergyFlow), Pressed(NavButton, F.action == NavAction.BACK))
    router.message.register(not_text, StateFilter(EnergyFlow))
    router.callback_query.register(totals, Pressed(EnergyButton, F.action == EnergyAction.TOTALS))
    return router
