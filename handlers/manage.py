"""/manage: the manager menu, roles (grant, revoke), campaigns (activate, close, load a file), audit log.

Diagram: handlers/manage.mmd. Citizens get a clear "for campaign managers" reply and nothing changes;
every action is checked again in the domain (campaigns/roles.py, a Scope on every query)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns import audit, campaign_admin, catalogue, roles
from campaigns.audit import Actor
from campaigns.catalogue import CampaignView, today_in_iran
from campaigns.catalogue import view as campaign_view
from campaigns.kinds import CampaignStatus
from campaigns.people import PersonView
from campaigns.regions import Regions
from handlers import manage_followup
from handlers.guards import expired
from handlers.keyboards import RegionPick, county_keyboard, province_keyboard, region_name
from handlers.manager_common import (
    IsManager,
    Mg,
    back_to_menu,
    button,
    download,
    manage_menu,
    moment,
    scope_text,
)
from handlers.states import Manage, ManageData, load, save
from i18n import Translator
from storage.models import Campaign
from storage.models.roles import RoleLevel
from storage.repositories.campaigns import CampaignRepository

router = Router(name=__name__)
router.include_router(manage_followup.router)

GRANTABLE = (RoleLevel.NATIONAL, RoleLevel.PROVINCIAL, RoleLevel.COUNTY)


@router.message(Command("manage"), IsManager())
async def manage(message: Message, state: FSMContext, actor: Actor, t: Translator, regions: Regions) -> None:
    """The manager menu."""
    await state.clear()
    await message.answer(t("manage-menu", scope=scope_text(t, regions, roles.scope_of_actor(actor))),
                         reply_markup=manage_menu(t))


@router.message(Command("manage"))
async def not_a_manager(message: Message, t: Translator) -> None:
    """A citizen sent /manage: say plainly it is for managers; nothing changes."""
    await message.answer(t("manage-not-manager"))


@router.callback_query(Mg.filter(F.action == "menu"), IsManager())
async def menu_again(query: CallbackQuery, state: FSMContext, actor: Actor, t: Translator, regions: Regions) -> None:
    """Back to the manager menu from anywhere in it."""
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-menu", scope=scope_text(t, regions, roles.scope_of_actor(actor))),
                                   reply_markup=manage_menu(t))


# Roles -------------------------------------------------------------------------------------------------

def _grant_line(t: Translator, regions: Regions, grant: roles.GrantView) -> str:
    place = region_name(regions, grant.province_code, grant.county_code, t.language)
    return t("manage-role-line", id=grant.id, name=grant.first_name or grant.referral_code,
             level=t(f"manage-level-{grant.level.value}"), place=place or "—")


@router.callback_query(Mg.filter(F.action == "roles"), IsManager())
async def roles_list(query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator,
                     regions: Regions) -> None:
    """Active roles inside the manager's region, with Grant and Revoke buttons."""
    await query.answer()
    mine = roles.scope_of_actor(actor)
    grants = await roles.grants_within(session, mine)
    lines = [_grant_line(t, regions, g) for g in grants] or [t("manage-roles-none")]
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-roles", lines="\n".join(lines)),
                                   reply_markup=roles_keyboard(t, mine, grants, actor.person_id))


def roles_keyboard(t: Translator, mine: roles.Scope, grants: Sequence[roles.GrantView],
                   own_person_id: int | None) -> InlineKeyboardMarkup:
    """Grant (when the manager may grant anything), Revoke for each role they outrank but their own, Back."""
    rows = [[button(t("manage-role-revoke", id=g.id, name=g.first_name or g.referral_code), "revoke", g.id)]
            for g in grants if mine.outranks(g.level) and g.person_id != own_person_id]
    if any(mine.outranks(level) for level in GRANTABLE):
        rows.insert(0, [button(t("manage-role-grant"), "grant")])
    rows.append([button(t("button-back"), "menu")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(Mg.filter(F.action == "grant"), IsManager())
async def grant_start(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Ask who gets the role."""
    await query.answer()
    await state.set_state(Manage.grant_who)
    await save(state, ManageData())
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-grant-who"), reply_markup=back_to_menu(t))


@router.message(StateFilter(Manage.grant_who), F.text, IsManager())
async def grant_who(message: Message, state: FSMContext, session: AsyncSession, actor: Actor,
                    t: Translator) -> None:
    """The person, by referral code or phone; then the level."""
    person = await roles.find_person(session, message.text or "")
    if person is None:
        await message.answer(t("manage-grant-unknown"), reply_markup=back_to_menu(t))
        return
    await save(state, ManageData(person_id=person.id))
    await state.set_state(Manage.grant_level)
    await message.answer(t("manage-grant-level", name=person.first_name or person.referral_code),
                         reply_markup=levels_keyboard(t, roles.scope_of_actor(actor)))


def levels_keyboard(t: Translator, mine: roles.Scope) -> InlineKeyboardMarkup:
    """The levels this manager may grant, and Back."""
    rows = [[button(t(f"manage-level-{level.value}"), "level", i)]
            for i, level in enumerate(GRANTABLE) if mine.outranks(level)]
    rows.append([button(t("button-back"), "menu")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _level_chosen(message: Message, state: FSMContext, session: AsyncSession, actor: Actor,
                        level: RoleLevel, t: Translator, regions: Regions) -> None:
    data = await load(state, ManageData)
    data.level = level.value
    await save(state, data)
    mine = roles.scope_of_actor(actor)
    if level is RoleLevel.NATIONAL:
        await _grant(message, state, session, actor, data, None, None, t, regions)
    elif mine.national:
        await state.set_state(Manage.grant_province)
        await message.answer(t("manage-grant-province"), reply_markup=province_keyboard(regions, t, 0))
    elif level is RoleLevel.COUNTY and mine.province_code:
        data.province_code = mine.province_code
        await save(state, data)
        await state.set_state(Manage.grant_county)
        await message.answer(t("manage-grant-county"),
                             reply_markup=county_keyboard(regions, mine.province_code, t, 0))
    else:
        await _grant(message, state, session, actor, data, mine.province_code, None, t, regions)


@router.callback_query(StateFilter(Manage.grant_level), Mg.filter(F.action == "level"), IsManager())
async def grant_level(query: CallbackQuery, callback_data: Mg, state: FSMContext, session: AsyncSession,
                      actor: Actor, t: Translator, regions: Regions) -> None:
    """A level chosen by button."""
    if callback_data.arg >= len(GRANTABLE):
        await expired(query, t)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await _level_chosen(query.message, state, session, actor, GRANTABLE[callback_data.arg], t, regions)


@router.message(StateFilter(Manage.grant_level), F.text, IsManager())
async def grant_level_typed(message: Message, state: FSMContext, session: AsyncSession, actor: Actor,
                            t: Translator, regions: Regions) -> None:
    """A level typed by its name."""
    typed = (message.text or "").strip()
    level = next((lv for lv in GRANTABLE if typed in (t(f"manage-level-{lv.value}"), lv.value)), None)
    if level is None:
        await message.answer(t("manage-grant-level-again"), reply_markup=back_to_menu(t))
        return
    await _level_chosen(message, state, session, actor, level, t, regions)


async def _province_chosen(message: Message, state: FSMContext, session: AsyncSession, actor: Actor,
                           province_code: str, t: Translator, regions: Regions) -> None:
    data = await load(state, ManageData)
    if data.level == RoleLevel.COUNTY.value:
        data.province_code = province_code
        await save(state, data)
        await state.set_state(Manage.grant_county)
        await message.answer(t("manage-grant-county"), reply_markup=county_keyboard(regions, province_code, t, 0))
        return
    await _grant(message, state, session, actor, data, province_code, None, t, regions)


@router.callback_query(StateFilter(Manage.grant_province, Manage.grant_county), RegionPick.filter(), IsManager())
async def grant_region(query: CallbackQuery, callback_data: RegionPick, state: FSMContext, session: AsyncSession,
                       actor: Actor, t: Translator, regions: Regions) -> None:
    """A province or county chosen from the list."""
    await query.answer()
    if not isinstance(query.message, Message) or not 0 <= callback_data.province < len(regions.provinces):
        return
    province = regions.provinces[callback_data.province]
    if callback_data.level == "p":
        await _province_chosen(query.message, state, session, actor, province.code, t, regions)
    elif 0 <= callback_data.county < len(province.counties):
        data = await load(state, ManageData)
        await _grant(query.message, state, session, actor, data, province.code,
                     province.counties[callback_data.county].code, t, regions)


@router.message(StateFilter(Manage.grant_province, Manage.grant_county), F.text, IsManager())
async def grant_region_typed(message: Message, state: FSMContext, session: AsyncSession, actor: Actor,
                             t: Translator, regions: Regions) -> None:
    """A province or county typed by name."""
    data = await load(state, ManageData)
    if await state.get_state() == Manage.grant_province.state:
        province = regions.match_province(message.text or "")
        if province is None:
            await message.answer(t("manage-grant-province-again"), reply_markup=back_to_menu(t))
            return
        await _province_chosen(message, state, session, actor, province.code, t, regions)
        return
    county = regions.match_county(data.province_code or "", message.text or "")
    if county is None:
        await message.answer(t("manage-grant-county-again"), reply_markup=back_to_menu(t))
        return
    await _grant(message, state, session, actor, data, county.province_code, county.code, t, regions)


async def _grant(message: Message, state: FSMContext, session: AsyncSession, actor: Actor, data: ManageData,
                 province_code: str | None, county_code: str | None, t: Translator, regions: Regions) -> None:
    await state.clear()
    if data.person_id is None or data.level is None:
        await message.answer(t("manage-menu-again"), reply_markup=back_to_menu(t))
        return
    level = RoleLevel(data.level)
    try:
        await roles.grant(session, actor, data.person_id, level, province_code, county_code)
    except roles.RoleError as exc:
        await message.answer(t(f"manage-role-refused-{exc.code.value}"), reply_markup=back_to_menu(t))
        return
    place = region_name(regions, province_code, county_code, t.language) or t("manage-whole-country")
    await message.answer(t("manage-granted", level=t(f"manage-level-{level.value}"), place=place),
                         reply_markup=back_to_menu(t))


@router.callback_query(Mg.filter(F.action == "revoke"), IsManager())
async def revoke(query: CallbackQuery, callback_data: Mg, session: AsyncSession, actor: Actor,
                 t: Translator) -> None:
    """Take back a role."""
    if not await roles.grant_exists(session, callback_data.arg):
        await expired(query, t)  # no such role grant: a forged button
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    try:
        await roles.revoke(session, actor, callback_data.arg)
    except roles.RoleError as exc:
        await query.message.answer(t(f"manage-role-refused-{exc.code.value}"), reply_markup=back_to_menu(t))
        return
    await query.message.answer(t("manage-revoked", id=callback_data.arg), reply_markup=back_to_menu(t))


# Campaigns ---------------------------------------------------------------------------------------------

async def _campaigns(session: AsyncSession) -> list[tuple[CampaignView, str]]:
    rows: list[Campaign] = list(await CampaignRepository(session).all())
    return [(campaign_view(row), row.status) for row in rows]


@router.callback_query(Mg.filter(F.action == "campaigns"), IsManager())
async def campaigns_list(query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator) -> None:
    """Every campaign with its status; national managers get activate/close and load-a-file buttons."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    today = today_in_iran()
    listing = await _campaigns(session)
    lines = [t("manage-campaign-line", id=c.id, title=c.title(t.language),
               status=t(f"manage-campaign-{c.openness(today).value}")) for c, _ in listing]
    administer = campaign_admin.may_administer(actor)
    note = "" if administer else "\n" + t("manage-campaigns-national-only")
    await query.message.answer(t("manage-campaigns", lines="\n".join(lines) or "—") + note,
                               reply_markup=campaigns_keyboard(t, listing, administer))


def campaigns_keyboard(t: Translator, listing: Sequence[tuple[CampaignView, str]],
                       administer: bool) -> InlineKeyboardMarkup:
    """For a national manager, Activate or Close per campaign and Load a file; Back for everyone."""
    rows: list[list[InlineKeyboardButton]] = []
    if administer:
        for c, status in listing:
            if status == CampaignStatus.CLOSED.value or status == CampaignStatus.PAUSED.value:
                rows.append([button(t("manage-campaign-activate", title=c.title(t.language)), "activate", c.id)])
            else:
                rows.append([button(t("manage-campaign-close", title=c.title(t.language)), "close", c.id)])
        rows.append([button(t("manage-campaign-load"), "load")])
    rows.append([button(t("button-back"), "menu")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(Mg.filter(F.action.in_({"activate", "close"})), IsManager())
async def campaign_status(query: CallbackQuery, callback_data: Mg, session: AsyncSession, actor: Actor,
                          t: Translator) -> None:
    """Activate or close a campaign."""
    if not await catalogue.exists(session, callback_data.arg):
        await expired(query, t)  # no such campaign: a forged button
        return
    await query.answer()
    status = CampaignStatus.ACTIVE if callback_data.action == "activate" else CampaignStatus.CLOSED
    done = await campaign_admin.set_status(session, actor, callback_data.arg, status)
    if isinstance(query.message, Message):
        key = f"manage-campaign-{callback_data.action}d" if done else "manage-campaigns-national-only"
        await query.message.answer(t(key), reply_markup=back_to_menu(t))


@router.callback_query(Mg.filter(F.action == "load"), IsManager())
async def campaign_load_start(query: CallbackQuery, state: FSMContext, actor: Actor, t: Translator) -> None:
    """Ask for a campaign definition file."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if not campaign_admin.may_administer(actor):
        await query.message.answer(t("manage-campaigns-national-only"), reply_markup=back_to_menu(t))
        return
    await state.set_state(Manage.campaign_file)
    await query.message.answer(t("manage-campaign-send-file"), reply_markup=back_to_menu(t))


@router.message(StateFilter(Manage.campaign_file), F.document, IsManager())
async def campaign_file(message: Message, bot: Bot, state: FSMContext, session: AsyncSession, actor: Actor,
                        t: Translator) -> None:
    """Validate and load the campaign file; a bad file is explained and nothing changes."""
    assert message.document is not None
    content = await download(bot, message.document)
    if content is None:
        await message.answer(t("manage-file-too-large"), reply_markup=back_to_menu(t))
        return
    try:
        loaded = await campaign_admin.load_file(session, actor, content)
    except campaign_admin.CampaignFileError as exc:
        await message.answer(t("manage-campaign-file-bad", reason=str(exc)), reply_markup=back_to_menu(t))
        return
    await state.clear()
    await message.answer(t(f"manage-campaign-file-{loaded.outcome}", slug=loaded.slug), reply_markup=back_to_menu(t))


@router.message(StateFilter(Manage.campaign_file, Manage.payments_file), ~F.document, IsManager())
async def expected_a_file(message: Message, t: Translator) -> None:
    """Anything but a document where a file is expected."""
    await message.answer(t("manage-send-a-document"), reply_markup=back_to_menu(t))


# Audit log ---------------------------------------------------------------------------------------------

@router.callback_query(Mg.filter(F.action == "audit"), IsManager())
async def audit_log(query: CallbackQuery, callback_data: Mg, session: AsyncSession, actor: Actor,
                    t: Translator, regions: Regions) -> None:
    """The audit log inside the manager's region, newest first, a page at a time."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    number = max(0, callback_data.arg)
    entries, total = await audit.page(session, actor, number)
    lines = [t("manage-audit-line", id=e.id, at=moment(e.at, t.language), who=e.actor_name or str(e.actor_id or "—"),
               level=t(f"manage-level-{e.actor_level}"), action=t(f"manage-action-{e.action}"),
               audience=e.audience or region_name(regions, e.province_code, e.county_code, t.language) or "—",
               count=e.count if e.count is not None else 0) for e in entries]
    await query.message.answer(t("manage-audit", total=total, lines="\n".join(lines) or t("manage-audit-empty")),
                               reply_markup=audit_keyboard(t, number, total))


def audit_keyboard(t: Translator, number: int, total: int) -> InlineKeyboardMarkup:
    """Previous and next page of the audit log (where there is one), and Back."""
    nav: list[InlineKeyboardButton] = []
    if number > 0:
        nav.append(button(t("button-prev-page"), "audit", number - 1))
    if (number + 1) * audit.PAGE_SIZE < total:
        nav.append(button(t("button-next-page"), "audit", number + 1))
    rows = [nav] if nav else []
    rows.append([button(t("button-back"), "menu")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(Mg.filter(), ~IsManager())
async def not_a_manager_button(query: CallbackQuery, t: Translator, person: PersonView | None) -> None:
    """A manager button pressed by someone who is not (or no longer) a manager."""
    await query.answer(t("manage-not-manager"), show_alert=True)
