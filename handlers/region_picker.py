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
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns.callbacks import RegionAction, RegionButton
from campaigns.regions import Province, Regions
from campaigns.words import is_word
from handlers.guards import expired, need_start, need_start_pressed
from handlers.keyboards import built_once, main_menu
from handlers.pressed import Pressed
from handlers.states import RegionPicker, RegionPickerData
from i18n import LANGUAGES, Translator, translator, words

PAGE_SIZE = 12
NEIGHBOURHOOD_LENGTH = (2, 60)
_KEY = "region_picker"  # the picker's data inside the FSM data, beside the caller's own


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
    returning the text of a refusal (a province or county outside a manager's region) or None, and an optional
    `county_chosen(region=…, …)` run when the county is chosen and the neighbourhood is still to be asked
    (onboarding stores the region then, so a person who stops there resumes at the neighbourhood)."""

    name: str
    done: Continuation
    back: Continuation
    texts: RegionTexts = RegionTexts()
    check: Callable[..., Awaitable[str | None]] | None = None
    county_chosen: Continuation | None = None
    _params: dict[str, frozenset[str] | None] = field(default_factory=dict, compare=False, repr=False)

    def call(self, which: str, **available: Any) -> Awaitable[str | None] | Awaitable[None]:
        """Call done, back, check or county_chosen with the handler data it names (all of it if it takes **kwargs)."""
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
    nav = [InlineKeyboardButton(text=t(label), callback_data=RegionButton(
        action=RegionAction.PAGE, province=province, page=to).pack())
        for label, to, shown in (("button-prev-page", page - 1, page > 0),
                                 ("button-next-page", page + 1, page < pages - 1)) if shown]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, *([nav] if nav else []), *([extra] if extra else [])])


def _back_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t("button-back"), callback_data=RegionButton(action=RegionAction.BACK).pack())


def province_keyboard(regions: Regions, t: Translator, page: int, *, back: bool = True) -> InlineKeyboardMarkup:
    """Provinces on pages, and Back."""
    def build() -> InlineKeyboardMarkup:
        buttons = [InlineKeyboardButton(text=p.name(t.language), callback_data=RegionButton(
            action=RegionAction.PROVINCE, province=i).pack()) for i, p in enumerate(regions.provinces)]
        return _paged(buttons, page, t, -1, [_back_button(t)] if back else [])

    return built_once(("provinces", t.language, page, back), build, regions, t)


def county_keyboard(regions: Regions, province_code: str, t: Translator, page: int, *, whole: str | None = None,
                    back: bool = True) -> InlineKeyboardMarkup:
    """Counties of one province on pages, then Back and (when offered) the whole province."""
    def build() -> InlineKeyboardMarkup:
        index = next(i for i, p in enumerate(regions.provinces) if p.code == province_code)
        buttons = [InlineKeyboardButton(text=c.name(t.language), callback_data=RegionButton(
            action=RegionAction.COUNTY, province=index, county=j).pack())
            for j, c in enumerate(regions.provinces[index].counties)]
        extra = [_back_button(t)] if back else []
        if whole is not None:
            extra.append(InlineKeyboardButton(text=whole, callback_data=RegionButton(
                action=RegionAction.WHOLE, province=index).pack()))
        return _paged(buttons, page, t, index, extra)

    return built_once(("counties", province_code, t.language, page, whole, back), build, regions, t)


def neighbourhood_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Back and Skip under the neighbourhood question."""
    return built_once(("neighbourhood", t.language), lambda: InlineKeyboardMarkup(inline_keyboard=[[
        _back_button(t),
        InlineKeyboardButton(text=t("button-skip"), callback_data=RegionButton(action=RegionAction.SKIP).pack()),
    ]]), t)


# -- asking and answering ---------------------------------------------------------------------------

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
    turn = _Turn(message, state, await state.get_data(), pick, purpose, None, t, regions, {})
    if county_code and with_neighbourhood:
        await turn.ask(RegionPicker.neighbourhood.state)
    else:
        await turn.ask(RegionPicker.county.state if province_code and with_county else RegionPicker.province.state)


@dataclass
class _Turn:
    """One update's work on a pick under way: the message to answer, the FSM data as read (`raw`), the pick,
    its purpose, the question asked now (`step`), and the handler data the continuations may name."""

    message: Message
    state: FSMContext
    raw: dict[str, Any]
    pick: RegionPickerData
    purpose: RegionPurpose
    step: str | None
    t: Translator
    regions: Regions
    context: dict[str, Any]

    @property
    def province(self) -> Province | None:
        return self.regions.province(self.pick.province_code)

    def first_question(self) -> bool:
        """True when Back from the question asked now would leave the picker."""
        return self.step == RegionPicker.province.state or (
            self.step == RegionPicker.county.state and self.pick.province_fixed)

    def whole_label(self, province: Province, language: str | None = None) -> str | None:
        t = self.t if language is None else translator(language)
        return t(self.purpose.texts.whole_province, province=province.name(t.language)) if self.pick.whole_province \
            else None

    def keyboard(self, province: Province | None) -> InlineKeyboardMarkup:
        """The list asked now: the provinces, or the counties of `province`."""
        if province is None:
            return province_keyboard(self.regions, self.t, self.pick.page, back=self.pick.back)
        return county_keyboard(self.regions, province.code, self.t, self.pick.page, whole=self.whole_label(province),
                               back=self.pick.back or not self.pick.province_fixed)

    async def ask(self, step: str | None, prefix: str | None = None) -> None:
        """Ask one question (`prefix`: an error said instead of the question, with the same buttons)."""
        texts, province = self.purpose.texts, self.province
        if step == RegionPicker.county.state and province is not None:
            text, markup = self.t(texts.ask_county, province=province.name(self.t.language)), self.keyboard(province)
        elif step == RegionPicker.neighbourhood.state:
            text, markup = self.t(texts.ask_neighbourhood), neighbourhood_keyboard(self.t)
        else:
            step, self.pick.province_code, self.pick.county_code = RegionPicker.province.state, None, None
            text, markup = self.t(texts.ask_province), self.keyboard(None)
        await self.state.set_data({**self.raw, _KEY: self.pick.model_dump()})
        if step != self.step:
            await self.state.set_state(step)
            self.step = step
        await self.message.answer(text if prefix is None else prefix, reply_markup=markup)

    async def take(self, region: PickedRegion) -> None:
        """A province or county chosen: the refusal of the purpose's check, the next question, or the end."""
        complete = (region.county_code is not None or self.step == RegionPicker.county.state
                    or not self.pick.with_county)
        if self.purpose.check is not None:
            refusal = await self.call("check", region=region, complete=complete)
            if refusal is not None:
                await self.message.answer(refusal)
                await self.ask(self.step)
                return
        self.pick.province_code, self.pick.county_code, self.pick.page = region.province_code, region.county_code, 0
        if not complete:
            await self.ask(RegionPicker.county.state)
        elif self.pick.with_neighbourhood and region.county_code is not None:
            if self.purpose.county_chosen is not None:
                await self.call("county_chosen", region=region)
            await self.ask(RegionPicker.neighbourhood.state)
        else:
            await self.finish(region)

    async def finish(self, region: PickedRegion) -> None:
        """The caller's data and state as they were, then its continuation with the answer."""
        await self.state.set_data({k: v for k, v in self.raw.items() if k != _KEY})
        await self.state.set_state(self.pick.caller_state)
        await self.call("done", region=region)

    async def back(self) -> None:
        """The question before; from the first, the caller's step before the picker."""
        self.pick.page = 0
        if self.step == RegionPicker.neighbourhood.state:
            await self.ask(RegionPicker.county.state)
        elif not self.first_question():
            await self.ask(RegionPicker.province.state)
        else:
            await self.state.set_data({k: v for k, v in self.raw.items() if k != _KEY})
            await self.state.set_state(self.pick.caller_state)
            await self.call("back")

    async def call(self, which: str, **extra: Any) -> Any:
        return await self.purpose.call(which, **{**self.context, "message": self.message, "state": self.state,
                                                 "t": self.t, "regions": self.regions, **extra})


async def _turn(message: Message, state: FSMContext, t: Translator, regions: Regions,
                context: dict[str, Any]) -> _Turn | None:
    """The pick under way; None (and the person told to start again) when its data no longer makes sense."""
    raw: dict[str, Any] = await state.get_data()
    try:
        pick = RegionPickerData.model_validate(raw.get(_KEY))
    except ValueError:
        pick = None
    purpose = _PURPOSES.get(pick.purpose) if pick is not None else None
    if pick is None or purpose is None:  # an older shape, or a purpose no longer registered
        await state.clear()
        await message.answer(t("region-lost"), reply_markup=main_menu(t))
        return None
    return _Turn(message, state, raw, pick, purpose, context.get("raw_state"), t, regions, context)


async def pressed(query: CallbackQuery, callback_data: RegionButton, state: FSMContext, t: Translator,
                  regions: Regions, **context: Any) -> None:
    """A picker button: a province, a county, the whole province, a page, Back or Skip."""
    if context.get("person") is None:  # erased (by another device) while picking: every purpose needs them
        await need_start_pressed(query, state, t)
        return
    if not isinstance(query.message, Message):
        await query.answer()
        return
    turn = await _turn(query.message, state, t, regions, context)
    if turn is None:
        await query.answer()
        return
    action, step, pick = callback_data.action, turn.step, turn.pick
    province = regions.provinces[callback_data.province] if callback_data.province >= 0 else None
    on_this_list = province is not None and step == RegionPicker.county.state and province.code == pick.province_code
    # A button of another question than the one asked now (an older message of this picker): expired.
    if not {RegionAction.PROVINCE: step == RegionPicker.province.state and province is not None,
            RegionAction.COUNTY: on_this_list,
            RegionAction.WHOLE: on_this_list and pick.whole_province,
            RegionAction.PAGE: on_this_list or (step == RegionPicker.province.state and province is None),
            RegionAction.SKIP: step == RegionPicker.neighbourhood.state,
            RegionAction.BACK: pick.back or not turn.first_question()}[action]:
        await expired(query, t)
        return
    await query.answer()
    message = query.message
    if action is RegionAction.PAGE:
        pick.page = callback_data.page
        await state.set_data({**turn.raw, _KEY: pick.model_dump()})
        with suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=turn.keyboard(province))
        return
    region, chosen = None, None
    if province is not None and action is RegionAction.COUNTY:
        county = province.counties[callback_data.county]
        region, chosen = PickedRegion(province.code, county.code), county.name(t.language)
    elif province is not None:
        region = PickedRegion(province.code)
        chosen = province.name(t.language) if action is RegionAction.PROVINCE else turn.whole_label(province)
    # The answered question keeps what was chosen, in words, and loses its buttons.
    with suppress(TelegramBadRequest):
        if chosen is not None:
            await message.edit_text(f"{message.text}\n{chosen}", reply_markup=None)
        else:
            await message.edit_reply_markup(reply_markup=None)
    if action is RegionAction.BACK:
        await turn.back()
    elif action is RegionAction.SKIP and pick.province_code is not None:
        await turn.finish(PickedRegion(pick.province_code, pick.county_code))
    elif region is not None:
        await turn.take(region)


async def typed(message: Message, state: FSMContext, t: Translator, regions: Regions, **context: Any) -> None:
    """A typed answer: a name in any spelling or a list number in any digits, Back, Skip, or the whole province."""
    if context.get("person") is None:
        await need_start(message, state, t)
        return
    turn = await _turn(message, state, t, regions, context)
    if turn is None:
        return
    texts, province, step = turn.purpose.texts, turn.province, turn.step
    text = " ".join((message.text or "").split())
    if is_word(text, words("button-back")) and (turn.pick.back or not turn.first_question()):
        await turn.back()
    elif step == RegionPicker.neighbourhood.state and province is not None:
        skip = is_word(text, words("button-skip"))
        if not skip and not NEIGHBOURHOOD_LENGTH[0] <= len(text) <= NEIGHBOURHOOD_LENGTH[1]:
            await message.answer(t(texts.neighbourhood_invalid), reply_markup=neighbourhood_keyboard(t))
            return
        await turn.finish(PickedRegion(province.code, turn.pick.county_code, None if skip else text))
    elif step == RegionPicker.county.state and province is not None:
        whole = turn.pick.whole_province and (is_word(text, words("button-skip")) or is_word(
            text, [turn.whole_label(province, language) or "" for language in LANGUAGES]))
        county = None if whole else regions.match_county(province.code, text)
        if county is None and not whole:
            await turn.ask(step, prefix=t(texts.county_invalid, province=province.name(t.language)))
            return
        await turn.take(PickedRegion(province.code, county.code if county else None))
    else:
        found = regions.match_province(text)
        if found is None:
            await turn.ask(RegionPicker.province.state, prefix=t(texts.province_invalid))
            return
        await turn.take(PickedRegion(found.code))


async def not_text(message: Message, t: Translator) -> None:
    """A sticker, photo or file where the picker expects a name or a button."""
    await message.answer(t("expect-text"))


def create_router() -> Router:
    """A fresh router with the picker's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(pressed, StateFilter(RegionPicker), Pressed(RegionButton))
    # A picker button pressed after its picker finished: expired, before the fallback says the same.
    router.callback_query.register(expired, Pressed(RegionButton))
    router.message.register(typed, StateFilter(RegionPicker), F.text)
    router.message.register(not_text, StateFilter(RegionPicker))
    return router
