"""The composer's audience screen: choose province/county, volunteer axis/specialty, campaign
membership, language and platform; the live count follows every choice."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import approvals, catalogue, roles
from campaigns.audit import Actor
from campaigns.broadcasts.dto import Membership, Segment
from campaigns.callbacks import (
    AUDIENCE_LANGUAGES,
    AUDIENCE_MEMBERSHIPS,
    AUDIENCE_PLATFORMS,
    AudienceAction,
    AudienceButton,
    ComposerAction,
    ComposerButton,
)
from campaigns.catalogue import CampaignView
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.volunteers import AXES, SPECIALTIES
from handlers.guards import expired
from handlers.manager_common import IsManager, manager_or_refused
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import Compose, ComposeData, load, save
from i18n import Translator
from storage.unit_of_work import UnitOfWork


def au(text: str, action: AudienceAction, arg: int = 0) -> InlineKeyboardButton:
    """One audience button."""
    return InlineKeyboardButton(text=text, callback_data=AudienceButton(action=action, arg=arg).pack())


def segment_of(data: ComposeData) -> Segment:
    """The segment the choices make (before the domain holds it to the manager's region)."""
    return Segment(provinces=tuple(data.provinces), counties=tuple(data.counties), volunteer_axes=tuple(data.axes),
                   specialties=tuple(data.specialties), campaign_id=data.member_campaign,
                   membership=Membership(data.membership) if data.membership and data.member_campaign else None,
                   languages=tuple(data.languages), platforms=tuple(data.platforms))


def describe(data: ComposeData, t: Translator, regions: Regions) -> str:
    """The audience in words, for the manager, the approver and the audit log."""
    parts: list[str] = []
    for code in data.provinces:
        province = regions.province(code)
        parts.append(t("compose-aud-province", name=province.name(t.language) if province else code))
    for code in data.counties:
        county = regions.county(code)
        parts.append(t("compose-aud-county", name=county.name(t.language) if county else code))
    parts += [t("compose-aud-axis", name=t(f"vol-axis-{a}")) for a in data.axes]
    parts += [t("compose-aud-specialty", name=t(f"vol-spec-{s}")) for s in data.specialties]
    if data.member_campaign and data.membership:
        parts.append(t(f"compose-aud-{data.membership}", id=data.member_campaign))
    parts += [t("compose-aud-language", name=t(f"compose-lang-{code}")) for code in data.languages]
    parts += [t("compose-aud-platform", name=t(f"compose-platform-{code}")) for code in data.platforms]
    return "؛ ".join(parts) if parts else t("compose-aud-everyone")


def audience_keyboard(t: Translator, actor: Actor) -> InlineKeyboardMarkup:
    """The audience pickers this manager may use, Clear, Preview, and Back to the buttons."""
    scope = roles.scope_of_actor(actor)
    rows: list[list[InlineKeyboardButton]] = []
    region_row = []
    if scope.national:
        region_row.append(au(t("compose-pick-province"), AudienceAction.PICK_PROVINCE))
    if scope.level.value != "county":
        region_row.append(au(t("compose-pick-county"), AudienceAction.PICK_COUNTY))
    if region_row:
        rows.append(region_row)
    rows.append([au(t("compose-pick-axis"), AudienceAction.PICK_AXIS),
                 au(t("compose-pick-specialty"), AudienceAction.PICK_SPECIALTY)])
    rows.append([au(t("compose-pick-campaign-button"), AudienceAction.PICK_CAMPAIGN)])  # a noun, like the rest
    rows.append([au(t("compose-pick-language"), AudienceAction.PICK_LANGUAGE),
                 au(t("compose-pick-platform"), AudienceAction.PICK_PLATFORM)])
    rows.append([au(t("compose-clear"), AudienceAction.CLEAR)])
    # The composer's own buttons, built here so that this module does not import handlers.compose (its caller).
    for text, action in ((t("compose-to-preview"), ComposerAction.PREVIEW), (t("button-back"), ComposerAction.BUTTONS)):
        rows.append([InlineKeyboardButton(text=text, callback_data=ComposerButton(action=action).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def show_audience(message: Message, state: FSMContext, uow: UnitOfWork, actor: Actor, t: Translator,
                        regions: Regions) -> None:
    """The audience so far and how many people it reaches now."""
    data = await load(state, ComposeData)
    total = await approvals.count(uow, actor, segment_of(data), data.campaign_id)
    await message.answer(t("compose-audience", audience=describe(data, t, regions), count=total),
                         reply_markup=audience_keyboard(t, actor))


async def _choose(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, actor: Actor, t: Translator,
                  regions: Regions, data: ComposeData) -> None:
    """Apply a choice if it stays inside the manager's region, then show the screen again."""
    try:
        await approvals.count(uow, actor, segment_of(data), data.campaign_id)
    except approvals.ComposerError as exc:
        if isinstance(query.message, Message):
            await query.message.answer(t(f"compose-refused-{exc.code.value}"))
        return
    await save(state, data)
    if isinstance(query.message, Message):
        await show_audience(query.message, state, uow, actor, t, regions)


def choice_keyboard(t: Translator, labels: list[str], action: AudienceAction) -> InlineKeyboardMarkup:
    """Options two a row, and Any (no filter)."""
    buttons = [au(label, action, i) for i, label in enumerate(labels)]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([au(t("compose-any"), action, -1)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def campaign_keyboard(campaigns: list[CampaignView], t: Translator) -> InlineKeyboardMarkup:
    """The campaign whose members (or non-members) to reach, by title, and Any."""
    rows = [[au(c.title(t.language), AudienceAction.CAMPAIGN, c.id)] for c in campaigns]
    rows.append([au(t("compose-any"), AudienceAction.CAMPAIGN, -1)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def membership_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Members of the campaign, or everyone else."""
    return InlineKeyboardMarkup(inline_keyboard=[[au(t(f"compose-member-{m.value}"), AudienceAction.MEMBERSHIP, i)]
                                                 for i, m in enumerate(AUDIENCE_MEMBERSHIPS)])


async def audience_button(query: CallbackQuery, callback_data: AudienceButton, state: FSMContext, uow: UnitOfWork,
                          actor: Actor, t: Translator, regions: Regions) -> None:
    """Open a picker or apply a picked value."""
    if callback_data.action == AudienceAction.CAMPAIGN and callback_data.arg > 0 and not await catalogue.exists(
            uow, callback_data.arg):
        await expired(query, t)  # no such campaign: a forged button
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    message, action, arg = query.message, callback_data.action, callback_data.arg
    data = await load(state, ComposeData)
    scope = roles.scope_of_actor(actor)
    if action == AudienceAction.PICK_PROVINCE:
        await pick_region(message, state, t, regions, purpose=PROVINCE, with_county=False)
    elif action == AudienceAction.PICK_COUNTY:
        province = scope.province_code or (data.provinces[0] if len(data.provinces) == 1 else None)
        await pick_region(message, state, t, regions, purpose=COUNTY, province_code=province,
                          province_fixed=scope.province_code is not None)
    elif action == AudienceAction.PICK_AXIS:
        await message.answer(t("compose-pick-axis"),
                             reply_markup=choice_keyboard(t, [t(f"vol-axis-{a}") for a in AXES], AudienceAction.AXIS))
    elif action == AudienceAction.PICK_SPECIALTY:
        await message.answer(t("compose-pick-specialty"),
                             reply_markup=choice_keyboard(t, [t(f"vol-spec-{s}") for s in SPECIALTIES],
                                                          AudienceAction.SPECIALTY))
    elif action == AudienceAction.PICK_CAMPAIGN:
        campaigns = await catalogue.listing(uow, None, include_ended=True)
        await message.answer(t("compose-pick-campaign"), reply_markup=campaign_keyboard(campaigns, t))
    elif action == AudienceAction.CAMPAIGN:
        if arg < 0:
            data.member_campaign, data.membership = None, None
            await _choose(query, state, uow, actor, t, regions, data)
            return
        data.member_campaign = arg
        await save(state, data)
        await message.answer(t("compose-pick-membership"), reply_markup=membership_keyboard(t))
    elif action == AudienceAction.PICK_LANGUAGE:
        await message.answer(t("compose-pick-language"),
                             reply_markup=choice_keyboard(t, [t(f"compose-lang-{c}") for c in AUDIENCE_LANGUAGES],
                                                          AudienceAction.LANGUAGE))
    elif action == AudienceAction.PICK_PLATFORM:
        await message.answer(t("compose-pick-platform"),
                             reply_markup=choice_keyboard(t, [t(f"compose-platform-{c}") for c in AUDIENCE_PLATFORMS],
                                                          AudienceAction.PLATFORM))
    else:
        if action == AudienceAction.CLEAR:
            data = ComposeData(**{**data.model_dump(), "provinces": [], "counties": [], "axes": [],
                                  "specialties": [], "member_campaign": None, "membership": None,
                                  "languages": [], "platforms": []})
        elif action == AudienceAction.MEMBERSHIP and 0 <= arg < len(AUDIENCE_MEMBERSHIPS):
            data.membership = AUDIENCE_MEMBERSHIPS[arg].value
        else:
            options = {AudienceAction.AXIS: (AXES, "axes"), AudienceAction.SPECIALTY: (SPECIALTIES, "specialties"),
                       AudienceAction.LANGUAGE: (AUDIENCE_LANGUAGES, "languages"),
                       AudienceAction.PLATFORM: (AUDIENCE_PLATFORMS, "platforms")}.get(action)
            if options is None:
                return
            values, name = options
            chosen = [str(values[arg])] if 0 <= arg < len(values) else []
            setattr(data, name, chosen)
        await _choose(query, state, uow, actor, t, regions, data)


async def _region_allowed(region: PickedRegion, complete: bool, state: FSMContext, uow: UnitOfWork,
                          person: PersonView | None, t: Translator) -> str | None:
    """A region inside the manager's own (the domain counts the audience it makes); else the refusal."""
    actor = await roles.actor_of(uow, person)
    if actor is None:
        return t("manage-not-manager")
    if not complete:
        return None
    data = _with_region(await load(state, ComposeData), region)
    try:
        await approvals.count(uow, actor, segment_of(data), data.campaign_id)
    except approvals.ComposerError as exc:
        return t(f"compose-refused-{exc.code.value}")
    return None


def _with_region(data: ComposeData, region: PickedRegion) -> ComposeData:
    data.provinces, data.counties = [region.province_code], [region.county_code] if region.county_code else []
    return data


async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The picker's answer: the audience's province (or county), and the screen again."""
    if (actor := await manager_or_refused(message, state, uow, person, t)) is None:
        return
    await save(state, _with_region(await load(state, ComposeData), region))
    await show_audience(message, state, uow, actor, t, regions)


async def _region_back(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                       t: Translator, regions: Regions) -> None:
    """Back from the region question: the audience screen as it was."""
    if (actor := await manager_or_refused(message, state, uow, person, t)) is None:
        return
    await show_audience(message, state, uow, actor, t, regions)


PROVINCE = register(RegionPurpose(
    "compose-province", done=_region_chosen, back=_region_back, check=_region_allowed,
    texts=RegionTexts(ask_province="compose-pick-province", province_invalid="compose-region-unknown")))
COUNTY = register(RegionPurpose(
    "compose-county", done=_region_chosen, back=_region_back, check=_region_allowed,
    texts=RegionTexts(ask_province="compose-province-first", ask_county="compose-pick-county",
                      province_invalid="compose-region-unknown", county_invalid="compose-region-unknown")))


async def region_typed(message: Message, state: FSMContext, uow: UnitOfWork, actor: Actor, t: Translator,
                       regions: Regions) -> None:
    """A province or county typed by name on the audience screen."""
    data = await load(state, ComposeData)
    text = message.text or ""
    province = regions.match_province(text)
    if province is not None:
        data.provinces, data.counties = [province.code], []
    else:
        scope = roles.scope_of_actor(actor)
        within = scope.province_code or (data.provinces[0] if data.provinces else None)
        county = regions.match_county(within, text) if within else None
        if county is None:
            await message.answer(t("compose-region-unknown"))
            return
        data.provinces, data.counties = [county.province_code], [county.code]
    try:
        await approvals.count(uow, actor, segment_of(data), data.campaign_id)
    except approvals.ComposerError as exc:
        await message.answer(t(f"compose-refused-{exc.code.value}"))
        return
    await save(state, data)
    await show_audience(message, state, uow, actor, t, regions)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(audience_button, StateFilter(Compose.audience), Pressed(AudienceButton), IsManager())
    router.message.register(region_typed, StateFilter(Compose.audience), F.text, IsManager())
    return router
