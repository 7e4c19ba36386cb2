"""/manage: the manager menu, roles (grant, revoke), campaigns (activate, close, load a file), audit log.

Diagram: handlers/manage.mmd. Citizens get a clear "for campaign managers" reply and nothing changes;
every action is checked again in the domain (campaigns/roles.py, a Scope on every query)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import audit, campaign_admin, roles
from campaigns.audit import Actor
from campaigns.callbacks import ManagerAction, ManagerMenuButton
from campaigns.catalogue import CampaignView, today_in_iran
from campaigns.kinds import CampaignStatus
from campaigns.people import PersonView
from campaigns.regions import Regions
from handlers.command_menus import refresh_for_person
from handlers.guards import expired
from handlers.keyboards import region_name
from handlers.manager_common import (
    IsManager,
    back_to_menu,
    button,
    campaign_pressed,
    manage_menu,
    manager_or_refused,
    moment,
    scope_text,
    uploaded,
)
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import Manage, ManageData, load, save
from i18n import Translator
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork

GRANTABLE = (RoleLevel.NATIONAL, RoleLevel.PROVINCIAL, RoleLevel.COUNTY)


async def manage(message: Message, state: FSMContext, actor: Actor, t: Translator, regions: Regions) -> None:
    """The manager menu (any step under way in it ends)."""
    await state.clear()
    await message.answer(t("manage-menu", scope=scope_text(t, regions, roles.scope_of_actor(actor))),
                         reply_markup=manage_menu(t))


async def not_a_manager(message: Message, t: Translator) -> None:
    """A citizen sent /manage: say plainly it is for managers; nothing changes."""
    await message.answer(t("manage-not-manager"))


async def menu_again(query: CallbackQuery, state: FSMContext, actor: Actor, t: Translator, regions: Regions) -> None:
    """Back to the manager menu from anywhere in it."""
    await query.answer()
    if isinstance(query.message, Message):
        await manage(query.message, state, actor, t, regions)
    else:
        await state.clear()


# Roles -------------------------------------------------------------------------------------------------

def _grant_line(t: Translator, regions: Regions, grant: roles.GrantView) -> str:
    place = region_name(regions, grant.province_code, grant.county_code, t.language)
    return t("manage-role-line", id=grant.id, name=grant.first_name or grant.referral_code,
             level=t(f"manage-level-{grant.level.value}"), place=place or "—")


async def roles_list(query: CallbackQuery, uow: UnitOfWork, actor: Actor, t: Translator,
                     regions: Regions) -> None:
    """Active roles inside the manager's region, with Grant and Revoke buttons."""
    await query.answer()
    mine = roles.scope_of_actor(actor)
    grants = await roles.grants_within(uow, mine)
    lines = [_grant_line(t, regions, g) for g in grants] or [t("manage-roles-none")]
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-roles", lines="\n".join(lines)),
                                   reply_markup=roles_keyboard(t, mine, grants, actor.person_id))


def roles_keyboard(t: Translator, mine: roles.Scope, grants: Sequence[roles.GrantView],
                   own_person_id: int | None) -> InlineKeyboardMarkup:
    """Grant (when the manager may grant anything), Revoke for each role they outrank but their own, Back."""
    rows = [[button(t("manage-role-revoke", id=g.id, name=g.first_name or g.referral_code), ManagerAction.REVOKE, g.id)]
            for g in grants if mine.outranks(g.level) and g.person_id != own_person_id]
    if any(mine.outranks(level) for level in GRANTABLE):
        rows.insert(0, [button(t("manage-role-grant"), ManagerAction.GRANT)])
    rows.append([button(t("button-back"), ManagerAction.MENU)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def grant_start(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Ask who gets the role."""
    await query.answer()
    await state.set_state(Manage.grant_who)
    await save(state, ManageData())
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-grant-who"), reply_markup=back_to_menu(t))


async def grant_who(message: Message, state: FSMContext, uow: UnitOfWork, actor: Actor,
                    t: Translator) -> None:
    """The person, by referral code or phone; then the level."""
    person = await roles.find_person(uow, message.text or "")
    if person is None:
        await message.answer(t("manage-grant-unknown"), reply_markup=back_to_menu(t))
        return
    await save(state, ManageData(person_id=person.id))
    await state.set_state(Manage.grant_level)
    await message.answer(t("manage-grant-level", name=person.first_name or person.referral_code),
                         reply_markup=levels_keyboard(t, roles.scope_of_actor(actor)))


def levels_keyboard(t: Translator, mine: roles.Scope) -> InlineKeyboardMarkup:
    """The levels this manager may grant, and Back."""
    rows = [[button(t(f"manage-level-{level.value}"), ManagerAction.LEVEL, i)]
            for i, level in enumerate(GRANTABLE) if mine.outranks(level)]
    rows.append([button(t("button-back"), ManagerAction.MENU)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _level_chosen(message: Message, state: FSMContext, uow: UnitOfWork, actor: Actor,
                        level: RoleLevel, t: Translator, regions: Regions) -> None:
    data = await load(state, ManageData)
    data.level = level.value
    await save(state, data)
    mine = roles.scope_of_actor(actor)
    if level is RoleLevel.NATIONAL:
        await _grant(message, state, uow, actor, data, None, None, t, regions)
    elif mine.national:
        await pick_region(message, state, t, regions, purpose=REGION, with_county=level is RoleLevel.COUNTY)
    elif level is RoleLevel.COUNTY and mine.province_code:
        await pick_region(message, state, t, regions, purpose=REGION, province_code=mine.province_code,
                          province_fixed=True)
    else:
        await _grant(message, state, uow, actor, data, mine.province_code, None, t, regions)


async def grant_level(query: CallbackQuery, callback_data: ManagerMenuButton, state: FSMContext, uow: UnitOfWork,
                      actor: Actor, t: Translator, regions: Regions) -> None:
    """A level chosen by button."""
    if callback_data.arg >= len(GRANTABLE):
        await expired(query, t)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await _level_chosen(query.message, state, uow, actor, GRANTABLE[callback_data.arg], t, regions)


async def grant_level_typed(message: Message, state: FSMContext, uow: UnitOfWork, actor: Actor,
                            t: Translator, regions: Regions) -> None:
    """A level typed by its name."""
    typed = (message.text or "").strip()
    level = next((lv for lv in GRANTABLE if typed in (t(f"manage-level-{lv.value}"), lv.value)), None)
    if level is None:
        await message.answer(t("manage-grant-level-again"), reply_markup=back_to_menu(t))
        return
    await _level_chosen(message, state, uow, actor, level, t, regions)


async def _grant(message: Message, state: FSMContext, uow: UnitOfWork, actor: Actor, data: ManageData,
                 province_code: str | None, county_code: str | None, t: Translator, regions: Regions) -> None:
    await state.clear()
    if data.person_id is None or data.level is None:
        await message.answer(t("manage-menu-again"), reply_markup=back_to_menu(t))
        return
    level = RoleLevel(data.level)
    try:
        await roles.grant(uow, actor, data.person_id, level, province_code, county_code)
    except roles.RoleError as exc:
        await message.answer(t(f"manage-role-refused-{exc.code.value}"), reply_markup=back_to_menu(t))
        return
    if message.bot is not None:
        await refresh_for_person(message.bot, uow, data.person_id)  # the manager's commands in their menu
    place = region_name(regions, province_code, county_code, t.language) or t("manage-whole-country")
    await message.answer(t("manage-granted", level=t(f"manage-level-{level.value}"), place=place),
                         reply_markup=back_to_menu(t))


async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The picker's answer: the role's province (and county, for a county manager)."""
    if (actor := await manager_or_refused(message, state, uow, person, t)) is None:  # no longer a manager
        return
    await _grant(message, state, uow, actor, await load(state, ManageData), region.province_code,
                 region.county_code, t, regions)


async def _region_back(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                       t: Translator, regions: Regions) -> None:
    """Back from the first region question: the manager menu, as every Back in /manage."""
    if (actor := await manager_or_refused(message, state, uow, person, t)) is None:
        return
    await manage(message, state, actor, t, regions)


REGION = register(RegionPurpose(
    "manage-grant", done=_region_chosen, back=_region_back,
    texts=RegionTexts(ask_province="manage-grant-province", ask_county="manage-grant-county",
                      province_invalid="manage-grant-province-again", county_invalid="manage-grant-county-again")))


async def revoke(query: CallbackQuery, callback_data: ManagerMenuButton, uow: UnitOfWork, actor: Actor,
                 t: Translator) -> None:
    """Take back a role."""
    if not await roles.grant_exists(uow, callback_data.arg):
        await expired(query, t)  # no such role grant: a forged button
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    try:
        holder = await roles.revoke(uow, actor, callback_data.arg)
    except roles.RoleError as exc:
        await query.message.answer(t(f"manage-role-refused-{exc.code.value}"), reply_markup=back_to_menu(t))
        return
    if query.bot is not None:
        await refresh_for_person(query.bot, uow, holder)  # back to the common menu (unless another role remains)
    await query.message.answer(t("manage-revoked", id=callback_data.arg), reply_markup=back_to_menu(t))


# Campaigns ---------------------------------------------------------------------------------------------

async def campaigns_list(query: CallbackQuery, uow: UnitOfWork, actor: Actor, t: Translator) -> None:
    """Every campaign with its status; national managers get activate/close and load-a-file buttons."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    today = today_in_iran()
    listing = await campaign_admin.listing(uow)
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
                rows.append([button(t("manage-campaign-activate", title=c.title(t.language)), ManagerAction.ACTIVATE,
                                    c.id)])
            else:
                rows.append([button(t("manage-campaign-close", title=c.title(t.language)), ManagerAction.CLOSE, c.id)])
        rows.append([button(t("manage-campaign-load"), ManagerAction.LOAD)])
    rows.append([button(t("button-back"), ManagerAction.MENU)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def campaign_status(query: CallbackQuery, callback_data: ManagerMenuButton, uow: UnitOfWork, actor: Actor,
                          t: Translator) -> None:
    """Activate or close a campaign."""
    if not await campaign_pressed(query, uow, callback_data.arg, t):
        return
    status = CampaignStatus.ACTIVE if callback_data.action == ManagerAction.ACTIVATE else CampaignStatus.CLOSED
    done = await campaign_admin.set_status(uow, actor, callback_data.arg, status)
    if isinstance(query.message, Message):
        key = f"manage-campaign-{callback_data.action}d" if done else "manage-campaigns-national-only"
        await query.message.answer(t(key), reply_markup=back_to_menu(t))


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


async def campaign_file(message: Message, bot: Bot, state: FSMContext, uow: UnitOfWork, actor: Actor,
                        t: Translator) -> None:
    """Validate and load the campaign file; a bad file is explained and nothing changes."""
    if (content := await uploaded(message, bot, t)) is None:
        return
    try:
        loaded = await campaign_admin.load_file(uow, actor, content)
    except campaign_admin.CampaignFileError as exc:
        await message.answer(t("manage-campaign-file-bad", reason=str(exc)), reply_markup=back_to_menu(t))
        return
    await state.clear()
    await message.answer(t(f"manage-campaign-file-{loaded.outcome}", slug=loaded.slug), reply_markup=back_to_menu(t))


async def expected_a_file(message: Message, t: Translator) -> None:
    """Anything but a document where a file is expected."""
    await message.answer(t("manage-send-a-document"), reply_markup=back_to_menu(t))


# Audit log ---------------------------------------------------------------------------------------------

async def audit_log(query: CallbackQuery, callback_data: ManagerMenuButton, uow: UnitOfWork, actor: Actor,
                    t: Translator, regions: Regions) -> None:
    """The audit log inside the manager's region, newest first, a page at a time."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    number = max(0, callback_data.arg)
    entries, total = await audit.page(uow, actor, number)
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
        nav.append(button(t("button-prev-page"), ManagerAction.AUDIT, number - 1))
    if (number + 1) * audit.PAGE_SIZE < total:
        nav.append(button(t("button-next-page"), ManagerAction.AUDIT, number + 1))
    rows = [nav] if nav else []
    rows.append([button(t("button-back"), ManagerAction.MENU)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def not_a_manager_button(query: CallbackQuery, t: Translator, person: PersonView | None) -> None:
    """A manager button pressed by someone who is not (or no longer) a manager."""
    await query.answer(t("manage-not-manager"), show_alert=True)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(manage, Command("manage"), IsManager())
    router.message.register(not_a_manager, Command("manage"))
    router.callback_query.register(menu_again, Pressed(ManagerMenuButton, F.action == ManagerAction.MENU), IsManager())
    router.callback_query.register(roles_list, Pressed(ManagerMenuButton, F.action == ManagerAction.ROLES), IsManager())
    router.callback_query.register(grant_start, Pressed(ManagerMenuButton, F.action == ManagerAction.GRANT),
                                   IsManager())
    router.message.register(grant_who, StateFilter(Manage.grant_who), F.text, IsManager())
    router.callback_query.register(grant_level, StateFilter(Manage.grant_level),
                                   Pressed(ManagerMenuButton, F.action == ManagerAction.LEVEL),
                                   IsManager())
    router.message.register(grant_level_typed, StateFilter(Manage.grant_level), F.text, IsManager())
    router.callback_query.register(revoke, Pressed(ManagerMenuButton, F.action == ManagerAction.REVOKE), IsManager())
    router.callback_query.register(campaigns_list, Pressed(ManagerMenuButton, F.action == ManagerAction.CAMPAIGNS),
                                   IsManager())
    router.callback_query.register(campaign_status,
                                   Pressed(ManagerMenuButton,
                                           F.action.in_({ManagerAction.ACTIVATE, ManagerAction.CLOSE})), IsManager())
    router.callback_query.register(campaign_load_start, Pressed(ManagerMenuButton, F.action == ManagerAction.LOAD),
                                   IsManager())
    router.message.register(campaign_file, StateFilter(Manage.campaign_file), F.document, IsManager())
    router.message.register(expected_a_file, StateFilter(Manage.campaign_file, Manage.payments_file), ~F.document,
                            IsManager())
    router.callback_query.register(audit_log, Pressed(ManagerMenuButton, F.action == ManagerAction.AUDIT), IsManager())
    router.callback_query.register(not_a_manager_button, Pressed(ManagerMenuButton), ~IsManager())
    return router
