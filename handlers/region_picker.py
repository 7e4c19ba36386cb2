"""The region picker: one sub-conversation that asks a province, a county and, when asked, a neighbourhood.

Seven conversations need a place (onboarding, the profile, volunteering, a pledge's destination, an
assignment, a manager's role, a broadcast's audience). Each registers a `RegionPurpose` once — the texts
it asks with, the continuation that takes the answer, where Back from the first question goes — and starts
the picker with `await pick_region(message, state, t, regions, purpose=…)`. The picker keeps its own states
(`RegionPicker`) and data (`RegionPickerData`, under its own key beside the caller's data, which it leaves
alone), accepts a button, a name typed in any spelling or a list number in any digit script, pages long
lists, and answers every wrong input with what to send instead. When done it puts the caller's state back
and calls the continuation with a `PickedRegion`; a continuation is written like a handler: it names the
handler data it needs (session, person, bot, …) and gets them.

Diagram: handlers/region_picker.mmd."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from pydantic import model_validator

from campaigns.regions import Province, Regions, load_regions
from campaigns.words import is_word
from handlers.guards import Index, IndexOrNone, expired
from handlers.keyboards import built_once, main_menu
from handlers.states import RegionPicker, RegionPickerData
from i18n import Translator, translator, words

PAGE_SIZE = 12
NEIGHBOURHOOD_LENGTH = (2, 60)
_KEY = "region_picker"  # the picker's data inside the FSM data, beside the caller's own


class RegionAction(StrEnum):
    """What a picker button does (short values: callback data stays under 64 bytes)."""

    PROVINCE = "p"  # a province chosen (province: its index)
    COUNTY = "c"  # a county chosen (province and county: their indexes)
    WHOLE = "w"  # the whole province rather than one county (province: its index)
    PAGE = "pg"  # another page: of the provinces (province -1) or of one province's counties
    BACK = "b"  # the question before (or the caller's step before the picker)
    SKIP = "s"  # no neighbourhood


class RegionChoice(CallbackData, prefix="rg"):
    """A region picker button. Indexes, not names, keep it short; an index off the map fails to unpack (a
    stale or forged press), so handlers may index without checks."""

    action: RegionAction
    province: IndexOrNone = -1
    county: IndexOrNone = -1
    page: Index = 0

    @model_validator(mode="after")
    def _on_the_map(self) -> RegionChoice:
        provinces = load_regions().provinces
        needs_province = self.action in (RegionAction.PROVINCE, RegionAction.COUNTY, RegionAction.WHOLE)
        if (needs_province or self.province != -1) and not 0 <= self.province < len(provinces):
            raise ValueError("no such province")
        if self.action is RegionAction.COUNTY and not 0 <= self.county < len(provinces[self.province].counties):
            raise ValueError("no such county")
        return self


@dataclass(frozen=True)
class PickedRegion:
    """The answer: a province, its county (None for the whole province or a province-only question), and
    the neighbourhood when one was asked and given."""

    province_code: str
    county_code: str | None = None
    neighbourhood: str | None = None


@dataclass(frozen=True)
class RegionTexts:
    """The locale ids a purpose asks with; each may use $province (the province's name)."""

    ask_province: str = "region-ask-province"
    ask_county: str = "region-ask-county"
    province_invalid: str = "region-province-invalid"
    county_invalid: str = "region-county-invalid"
    ask_neighbourhood: str = "region-ask-neighbourhood"
    neighbourhood_invalid: str = "region-neighbourhood-invalid"
    whole_province: str = "region-whole-province"


Continuation = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class RegionPurpose:
    """Why a region is asked: the texts, `done(region=PickedRegion, message=…, …)` that takes the answer,
    `back(message=…, …)` for Back from the first question, and an optional `check(region=…, complete=…, …)`
    returning the text of a refusal (a province or county outside a manager's region) or None."""

    name: str
    done: Continuation
    back: Continuation
    texts: RegionTexts = RegionTexts()
    check: Callable[..., Awaitable[str | None]] | None = None
    _params: dict[str, frozenset[str] | None] = field(default_factory=dict, compare=False, repr=False)

    def call(self, which: str, **available: Any) -> Awaitable[str | None] | Awaitable[None]:
        """Call done, back or check with the handler data it names (all of it if it takes **kwargs)."""
        function = getattr(self, which)
        if which not in self._params:
            parameters = inspect.signature(function).parameters.values()
            self._params[which] = None if any(p.kind is p.VAR_KEYWORD for p in parameters) else frozenset(
                p.name for p in parameters)
        names = self._params[which]
        return function(**(available if names is None else {k: v for k, v in available.items() if k in names}))


_PURPOSES: dict[str, RegionPurpose] = {}


def register(purpose: RegionPurpose) -> RegionPurpose:
    """Make a purpose known by its name (the name is what the picker's data keeps between updates)."""
    known = _PURPOSES.get(purpose.name)
    if known is not None and known.done.__qualname__ != purpose.done.__qualname__:
        raise ValueError(f"region purpose {purpose.name!r} is registered twice")
    _PURPOSES[purpose.name] = purpose
    return purpose


# -- keyboards ---------------------------------------------------------------------------------------

def _paged(buttons: list[InlineKeyboardButton], page: int, t: Translator, province: int,
           extra: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """A page of buttons two a row, words-only previous/next, then Back and the like (`extra`)."""
    pages = max(1, -(-len(buttons) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    chunk = buttons[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    rows = [chunk[i:i + 2] for i in range(0, len(chunk), 2)]
    nav = [InlineKeyboardButton(text=t(label), callback_data=RegionChoice(
        action=RegionAction.PAGE, province=province, page=to).pack())
        for label, to, shown in (("button-prev-page", page - 1, page > 0),
                                 ("button-next-page", page + 1, page < pages - 1)) if shown]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, *([nav] if nav else []), *([extra] if extra else [])])


def _back_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t("button-back"), callback_data=RegionChoice(action=RegionAction.BACK).pack())


def province_keyboard(regions: Regions, t: Translator, page: int, *, back: bool = True) -> InlineKeyboardMarkup:
    """Provinces on pages, and Back."""
    def build() -> InlineKeyboardMarkup:
        buttons = [InlineKeyboardButton(text=p.name(t.language), callback_data=RegionChoice(
            action=RegionAction.PROVINCE, province=i).pack()) for i, p in enumerate(regions.provinces)]
        return _paged(buttons, page, t, -1, [_back_button(t)] if back else [])

    return built_once(("provinces", t.language, page, back), build, regions, t)


def county_keyboard(regions: Regions, province_code: str, t: Translator, page: int, *, whole: str | None = None,
                    back: bool = True) -> InlineKeyboardMarkup:
    """Counties of one province on pages, then Back and (when offered) the whole province."""
    def build() -> InlineKeyboardMarkup:
        index = next(i for i, p in enumerate(regions.provinces) if p.code == province_code)
        buttons = [InlineKeyboardButton(text=c.name(t.language), callback_data=RegionChoice(
            action=RegionAction.COUNTY, province=index, county=j).pack())
            for j, c in enumerate(regions.provinces[index].counties)]
        extra = [_back_button(t)] if back else []
        if whole is not None:
            extra.append(InlineKeyboardButton(text=whole, callback_data=RegionChoice(
                action=RegionAction.WHOLE, province=index).pack()))
        return _paged(buttons, page, t, index, extra)

    return built_once(("counties", province_code, t.language, page, whole, back), build, regions, t)


def neighbourhood_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Back and Skip under the neighbourhood question."""
    return built_once(("neighbourhood", t.language), lambda: InlineKeyboardMarkup(inline_keyboard=[[
        _back_button(t),
        InlineKeyboardButton(text=t("button-skip"), callback_data=RegionChoice(action=RegionAction.SKIP).pack()),
    ]]), t)


# -- asking ------------------------------------------------------------------------------------------

async def pick_region(message: Message, state: FSMContext, t: Translator, regions: Regions, *,
                      purpose: RegionPurpose, with_county: bool = True, whole_province: bool = False,
                      with_neighbourhood: bool = False, back: bool = True, province_code: str | None = None,
                      county_code: str | None = None, province_fixed: bool = False) -> None:
    """Start the picker for a purpose: ask the first question it does not already know the answer to.

    `province_code` starts at its counties (`province_fixed`: the caller allows no other province, so Back
    from the counties goes to the caller); `county_code` too starts at the neighbourhood. `back=False`
    offers no Back from the first question (onboarding's province has nowhere to go back to)."""
    pick = RegionPickerData(purpose=purpose.name, caller_state=await state.get_state(), with_county=with_county,
                            whole_province=whole_province, with_neighbourhood=with_neighbourhood, back=back,
                            province_fixed=province_fixed, province_code=province_code, county_code=county_code)
    raw = await state.get_data()
    if county_code and with_neighbourhood:
        await _ask(message, RegionPicker.neighbourhood.state, state, raw, pick, purpose, t, regions)
    elif province_code and with_county:
        await _ask(message, RegionPicker.county.state, state, raw, pick, purpose, t, regions)
    else:
        await _ask(message, RegionPicker.province.state, state, raw, pick, purpose, t, regions)


async def _ask(message: Message, step: str | None, state: FSMContext, raw: dict[str, Any],
               pick: RegionPickerData, purpose: RegionPurpose, t: Translator, regions: Regions,
               prefix: str | None = None) -> None:
    """Ask one question (`prefix`: a refusal or an error said first, in the same message)."""
    texts = purpose.texts
    province = regions.province(pick.province_code)
    if step == RegionPicker.county.state and province is not None:
        text = t(texts.ask_county, province=province.name(t.language))
        markup = county_keyboard(regions, province.code, t, pick.page, whole=_whole_label(pick, texts, province, t),
                                 back=pick.back or not pick.province_fixed)
    elif step == RegionPicker.neighbourhood.state:
        text, markup = t(texts.ask_neighbourhood), neighbourhood_keyboard(t)
    else:
        step, pick.province_code, pick.county_code = RegionPicker.province.state, None, None
        text, markup = t(texts.ask_province), province_keyboard(regions, t, pick.page, back=pick.back)
    await _save(state, raw, pick)
    await state.set_state(step)
    await message.answer(text if prefix is None else prefix, reply_markup=markup)


def _whole_label(pick: RegionPickerData, texts: RegionTexts, province: Province, t: Translator) -> str | None:
    return t(texts.whole_province, province=province.name(t.language)) if pick.whole_province else None


async def _load(state: FSMContext) -> tuple[dict[str, Any], RegionPickerData | None]:
    raw: dict[str, Any] = await state.get_data()
    try:
        return raw, RegionPickerData.model_validate(raw.get(_KEY))
    except ValueError:
        return raw, None


async def _save(state: FSMContext, raw: dict[str, Any], pick: RegionPickerData) -> None:
    await state.set_data({**raw, _KEY: pick.model_dump()})


async def _hand_back(state: FSMContext, raw: dict[str, Any], pick: RegionPickerData) -> None:
    """The caller's data and state as they were before the picker."""
    await state.set_data({k: v for k, v in raw.items() if k != _KEY})
    await state.set_state(pick.caller_state)


async def _lost(message: Message, state: FSMContext, t: Translator) -> None:
    """Picker data that no longer makes sense (an older shape, a purpose gone): end it plainly."""
    await state.clear()
    await message.answer(t("region-lost"), reply_markup=main_menu(t))


# -- answers -----------------------------------------------------------------------------------------

async def _take(message: Message, region: PickedRegion, state: FSMContext, raw: dict[str, Any],
                pick: RegionPickerData, purpose: RegionPurpose, t: Translator, regions: Regions,
                context: dict[str, Any]) -> None:
    """A province or county chosen: the refusal of the purpose's check, the next question, or the end."""
    step = await state.get_state()
    complete = region.county_code is not None or step == RegionPicker.county.state or not pick.with_county
    if purpose.check is not None:
        refusal = await purpose.call("check", region=region, complete=complete, message=message, state=state, t=t,
                                     regions=regions, **context)
        if refusal is not None:
            await message.answer(refusal)
            await _ask(message, step, state, raw, pick, purpose, t, regions)
            return
    pick.province_code, pick.county_code, pick.page = region.province_code, region.county_code, 0
    if not complete:
        await _ask(message, RegionPicker.county.state, state, raw, pick, purpose, t, regions)
    elif pick.with_neighbourhood and region.county_code is not None:
        await _ask(message, RegionPicker.neighbourhood.state, state, raw, pick, purpose, t, regions)
    else:
        await _finish(message, region, state, raw, pick, purpose, t, regions, context)


async def _finish(message: Message, region: PickedRegion, state: FSMContext, raw: dict[str, Any],
                  pick: RegionPickerData, purpose: RegionPurpose, t: Translator, regions: Regions,
                  context: dict[str, Any]) -> None:
    await _hand_back(state, raw, pick)
    await purpose.call("done", region=region, message=message, state=state, t=t, regions=regions, **context)


async def _back(message: Message, state: FSMContext, raw: dict[str, Any], pick: RegionPickerData,
                purpose: RegionPurpose, t: Translator, regions: Regions, context: dict[str, Any]) -> None:
    """The question before; from the first, the caller's step before the picker."""
    step = await state.get_state()
    pick.page = 0
    if step == RegionPicker.neighbourhood.state:
        await _ask(message, RegionPicker.county.state, state, raw, pick, purpose, t, regions)
    elif step == RegionPicker.county.state and not pick.province_fixed:
        await _ask(message, RegionPicker.province.state, state, raw, pick, purpose, t, regions)
    else:
        await _hand_back(state, raw, pick)
        await purpose.call("back", message=message, state=state, t=t, regions=regions, **context)


def _first_question(step: str | None, pick: RegionPickerData) -> bool:
    """True when Back from this question would leave the picker."""
    return step == RegionPicker.province.state or (step == RegionPicker.county.state and pick.province_fixed)


async def _current(state: FSMContext) -> tuple[dict[str, Any], RegionPickerData, RegionPurpose] | None:
    raw, pick = await _load(state)
    purpose = _PURPOSES.get(pick.purpose) if pick is not None else None
    return None if pick is None or purpose is None else (raw, pick, purpose)


async def pressed(query: CallbackQuery, callback_data: RegionChoice, state: FSMContext, t: Translator,
                  regions: Regions, **context: Any) -> None:
    """A picker button: a province, a county, the whole province, a page, Back or Skip."""
    message = query.message
    current = await _current(state)
    step = await state.get_state()
    if not isinstance(message, Message) or current is None:
        await query.answer()
        if isinstance(message, Message):
            await _lost(message, state, t)
        return
    raw, pick, purpose = current
    action, provinces = callback_data.action, regions.provinces
    province = provinces[callback_data.province] if callback_data.province >= 0 else None
    # A button of another question than the one asked now (an older message of this picker): expired.
    shown_here = {
        RegionAction.PROVINCE: step == RegionPicker.province.state,
        RegionAction.COUNTY: step == RegionPicker.county.state and province is not None
        and province.code == pick.province_code,
        RegionAction.WHOLE: step == RegionPicker.county.state and pick.whole_province and province is not None
        and province.code == pick.province_code,
        RegionAction.PAGE: (step == RegionPicker.province.state and province is None) or (
            step == RegionPicker.county.state and province is not None and province.code == pick.province_code),
        RegionAction.SKIP: step == RegionPicker.neighbourhood.state,
        RegionAction.BACK: pick.back or not _first_question(step, pick),
    }[action]
    if not shown_here:
        await expired(query, t)
        return
    await query.answer()
    if action is RegionAction.PAGE:
        pick.page = callback_data.page
        await _save(state, raw, pick)
        markup = (province_keyboard(regions, t, pick.page, back=pick.back) if province is None else county_keyboard(
            regions, province.code, t, pick.page, whole=_whole_label(pick, purpose.texts, province, t),
            back=pick.back or not pick.province_fixed))
        with suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=markup)
        return
    chosen: str | None = None
    region: PickedRegion | None = None
    if action is RegionAction.PROVINCE and province is not None:
        region, chosen = PickedRegion(province.code), province.name(t.language)
    elif action is RegionAction.COUNTY and province is not None:
        county = province.counties[callback_data.county]
        region, chosen = PickedRegion(province.code, county.code), county.name(t.language)
    elif action is RegionAction.WHOLE and province is not None:
        region, chosen = PickedRegion(province.code), _whole_label(pick, purpose.texts, province, t)
    # The answered question keeps what was chosen, in words, and loses its buttons.
    with suppress(TelegramBadRequest):
        if chosen is not None:
            await message.edit_text(f"{message.text}\n{chosen}", reply_markup=None)
        else:
            await message.edit_reply_markup(reply_markup=None)
    if action is RegionAction.BACK:
        await _back(message, state, raw, pick, purpose, t, regions, context)
    elif action is RegionAction.SKIP:
        assert pick.province_code is not None
        await _finish(message, PickedRegion(pick.province_code, pick.county_code), state, raw, pick, purpose, t,
                      regions, context)
    elif region is not None:
        await _take(message, region, state, raw, pick, purpose, t, regions, context)


async def typed(message: Message, state: FSMContext, t: Translator, regions: Regions, **context: Any) -> None:
    """A typed answer: a name in any spelling or a list number in any digits, Back, Skip, or the whole province."""
    current = await _current(state)
    if current is None:
        await _lost(message, state, t)
        return
    raw, pick, purpose = current
    step, texts = await state.get_state(), purpose.texts
    text = " ".join((message.text or "").split())
    province = regions.province(pick.province_code)
    if is_word(text, words("button-back")) and (pick.back or not _first_question(step, pick)):
        await _back(message, state, raw, pick, purpose, t, regions, context)
    elif step == RegionPicker.neighbourhood.state and province is not None:
        skip = is_word(text, words("button-skip"))
        if not skip and not NEIGHBOURHOOD_LENGTH[0] <= len(text) <= NEIGHBOURHOOD_LENGTH[1]:
            await message.answer(t(texts.neighbourhood_invalid), reply_markup=neighbourhood_keyboard(t))
            return
        await _finish(message, PickedRegion(province.code, pick.county_code, None if skip else text), state, raw,
                      pick, purpose, t, regions, context)
    elif step == RegionPicker.county.state and province is not None:
        whole = pick.whole_province and (is_word(text, words("button-skip")) or is_word(text, [
            translator(language)(texts.whole_province, province=province.name(language)) for language in ("fa", "en")]))
        county = None if whole else regions.match_county(province.code, text)
        if county is None and not whole:
            await _ask(message, step, state, raw, pick, purpose, t, regions,
                       prefix=t(texts.county_invalid, province=province.name(t.language)))
            return
        await _take(message, PickedRegion(province.code, county.code if county else None), state, raw, pick,
                    purpose, t, regions, context)
    else:
        found = regions.match_province(text)
        if found is None:
            await _ask(message, RegionPicker.province.state, state, raw, pick, purpose, t, regions,
                       prefix=t(texts.province_invalid))
            return
        await _take(message, PickedRegion(found.code), state, raw, pick, purpose, t, regions, context)


async def not_text(message: Message, t: Translator) -> None:
    """A sticker, photo or file where the picker expects a name or a button."""
    await message.answer(t("expect-text"))


async def stale(query: CallbackQuery, t: Translator) -> None:
    """A picker button pressed after its picker finished (or from another conversation's old message)."""
    await expired(query, t)


def create_router() -> Router:
    """A fresh router with the picker's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(pressed, StateFilter(RegionPicker), RegionChoice.filter())
    router.callback_query.register(stale, RegionChoice.filter())
    router.message.register(typed, StateFilter(RegionPicker), F.text)
    router.message.register(not_text, StateFilter(RegionPicker))
    return router
