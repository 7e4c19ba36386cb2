"""My pledges: the list with Jalali dates and status words, and cancelling one after a confirmation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import catalogue, payments, pledges
from campaigns.callbacks import MyPledgeAction, MyPledgeButton, ProfileAction, ProfileButton
from campaigns.catalogue import CampaignView
from campaigns.jalali import format_date, format_period
from campaigns.kinds import CampaignKind, PledgeKind, Recurrence
from campaigns.payments import PaymentProviders
from campaigns.people import PersonView
from campaigns.pledges import PledgeStatus, PledgeView
from handlers.guards import expired
from handlers.keyboards import MenuText, main_menu
from handlers.payments import pay_button
from handlers.pressed import Pressed
from i18n import Translator
from runtime.config import Settings
from storage.unit_of_work import UnitOfWork

OPEN = (PledgeStatus.PLEDGED, PledgeStatus.OVERDUE)


def pledge_what(pledge: PledgeView, campaign: CampaignView | None, t: Translator) -> str:
    """A saved pledge's substance, short: an amount and how often, or a count of items (pl-mine-what-*)."""
    if pledge.kind == PledgeKind.PAYROLL:
        what = t("pl-mine-what-payroll", amount=pledge.amount or 0,
                 period=format_period(pledge.period, t.language) if pledge.period else "")
    elif pledge.kind == PledgeKind.CASH or (campaign and campaign.kind == CampaignKind.DOWRY and not pledge.item):
        what = t("pl-mine-what-cash", amount=pledge.amount or 0)
    else:
        choice = campaign.definition.item(pledge.item or "") if campaign else None
        what = t("pl-mine-what-item", quantity=pledge.quantity or 0,
                 item=choice.name(t.language) if choice else (pledge.item or ""))
    if pledge.recurrence == Recurrence.MONTHLY and pledge.kind != PledgeKind.PAYROLL:
        what += t("pl-mine-monthly")
    return what


def status_words(pledge: PledgeView, t: Translator) -> str:
    """The status of a pledge in words, with its due date when it is open."""
    due = format_date(pledge.due_on, t.language) if pledge.due_on else ""
    return t(f"pl-status-{pledge.status.value}", due=due)


async def _listing(uow: UnitOfWork, person: PersonView, t: Translator,
                   providers: PaymentProviders | None = None) -> tuple[str, InlineKeyboardMarkup]:
    mine = await pledges.of_person(uow, person.id)
    if not mine:
        return t("pl-mine-empty"), InlineKeyboardMarkup(inline_keyboard=[])
    campaigns = {p.campaign_id: await catalogue.by_id(uow, p.campaign_id) for p in mine}
    lines = [t("pl-mine-title")]
    for number, pledge in enumerate(mine, start=1):
        campaign = campaigns[pledge.campaign_id]
        lines.append(t("pl-mine-line", number=number, campaign=campaign.title(t.language) if campaign else "",
                       what=pledge_what(pledge, campaign, t), date=format_date(pledge.created_at, t.language),
                       status=status_words(pledge, t)))
    slugs = {campaign_id: campaign.slug for campaign_id, campaign in campaigns.items() if campaign is not None}
    payable_here = {p.id for p in mine if providers is not None and p.campaign_id in slugs
                    and providers.of(slugs[p.campaign_id]) is not None}
    return "\n".join(lines), pledges_keyboard(mine, t, payable_here)


async def open_pledge_lines(uow: UnitOfWork, person: PersonView, t: Translator, limit: int = 5) -> str:
    """The person's open pledges for /me, a line each (the newest `limit`; the full list is a button away),
    or nothing when none is open."""
    mine = [pledge for pledge in await pledges.of_person(uow, person.id) if pledge.status in OPEN]
    if not mine:
        return ""
    lines = [t("pl-open-title", count=len(mine))]
    for pledge in mine[:limit]:
        try:
            campaign = await catalogue.by_id(uow, pledge.campaign_id)
        except ValueError:  # a definition that no longer validates: the pledge is still listed, unnamed
            campaign = None
        lines.append(t("pl-open-line", campaign=campaign.title(t.language) if campaign else "—",
                       what=pledge_what(pledge, campaign, t), status=status_words(pledge, t)))
    if len(mine) > limit:
        lines.append(t("pl-open-more", count=len(mine) - limit))
    return "\n".join(lines)


async def all_pledges(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                      t: Translator, platform: str, settings: Settings) -> None:
    """/me's "all my pledges" button: the full list, as /pledges shows it."""
    await query.answer()
    if isinstance(query.message, Message):
        await my_pledges(query.message, state, uow, person, t, platform, settings)


def pledges_keyboard(mine: list[PledgeView], t: Translator,
                     with_provider: set[int] | frozenset[int] = frozenset()) -> InlineKeyboardMarkup:
    """A Cancel button, numbered like the list, for each pledge still open; a Pay button before it for each
    unpaid cash pledge whose campaign has a payment provider on this platform (`with_provider`: pledge ids)."""
    rows: list[list[InlineKeyboardButton]] = []
    for number, pledge in enumerate(mine, start=1):
        if pledge.status not in OPEN:
            continue
        if pledge.id in with_provider and payments.payable(pledge):
            rows.append([pay_button(pledge.id, t, number)])
        rows.append([InlineKeyboardButton(text=t("pl-button-cancel", number=number), callback_data=MyPledgeButton(
            action=MyPledgeAction.CANCEL, id=pledge.id).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def cancel_keyboard(pledge_id: int, t: Translator) -> InlineKeyboardMarkup:
    """Cancel the pledge, or keep it."""
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("pl-cancel-yes"),
                             callback_data=MyPledgeButton(action=MyPledgeAction.CANCEL_YES, id=pledge_id).pack()),
        InlineKeyboardButton(text=t("pl-cancel-no"),
                             callback_data=MyPledgeButton(action=MyPledgeAction.KEEP, id=pledge_id).pack())]])


async def my_pledges(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                     t: Translator, platform: str, settings: Settings) -> None:
    """The person's pledges, newest first, with a Cancel button for each open one."""
    if person is None or not person.onboarded:
        await message.answer(t("need-start"))
        return
    await state.clear()
    text, markup = await _listing(uow, person, t, settings.payment_providers(platform))
    await message.answer(text, reply_markup=markup if markup.inline_keyboard else main_menu(t))


async def manage(query: CallbackQuery, callback_data: MyPledgeButton, uow: UnitOfWork,
                 person: PersonView | None, t: Translator) -> None:
    """Cancel (asks first), cancel_yes, keep: the buttons carry the pledge id, so old lists still work."""
    if person is None or not isinstance(query.message, Message):
        await query.answer(t("need-start"), show_alert=True)
        return
    pledge = await pledges.get(uow, person.id, callback_data.id)
    if pledge is None or (callback_data.action is MyPledgeAction.SKIP_MONTH
                          and pledge.recurrence != Recurrence.MONTHLY):
        await expired(query, t)  # no such pledge of theirs (forged, or another person's), or no such button
        return
    await query.answer()
    if callback_data.action == MyPledgeAction.CANCEL:
        if pledge.status not in OPEN:
            await query.message.answer(t("pl-cancel-failed"))
            return
        campaign = await catalogue.by_id(uow, pledge.campaign_id)
        if pledge.recurrence == Recurrence.MONTHLY:  # only this month, or the whole monthly pledge
            await query.message.answer(t("pl-cancel-ask-monthly", what=pledge_what(pledge, campaign, t),
                                         campaign=campaign.title(t.language) if campaign else ""),
                                       reply_markup=monthly_cancel_keyboard(pledge.id, t))
            return
        await query.message.answer(t("pl-cancel-ask", what=pledge_what(pledge, campaign, t),
                                     campaign=campaign.title(t.language) if campaign else ""),
                                   reply_markup=cancel_keyboard(pledge.id, t))
        return
    await query.message.edit_reply_markup(reply_markup=None)
    if callback_data.action in (MyPledgeAction.CANCEL_YES, MyPledgeAction.SKIP_MONTH):
        month = callback_data.action is MyPledgeAction.SKIP_MONTH
        scope = pledges.CancelScope.MONTH if month else pledges.CancelScope.SERIES
        done = await pledges.cancel(uow, person.id, pledge.id, scope)
        await query.message.answer(t(cancelled_key(pledge, scope)) if done else t("pl-cancel-failed"),
                                   reply_markup=main_menu(t))
    else:
        await query.message.answer(t("pl-kept"), reply_markup=main_menu(t))


def monthly_cancel_keyboard(pledge_id: int, t: Translator) -> InlineKeyboardMarkup:
    """A monthly pledge: yes (stop the monthly pledge), keep it, or cancel only this month's."""
    def button(text: str, action: MyPledgeAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=t(text), callback_data=MyPledgeButton(action=action, id=pledge_id).pack())
    return InlineKeyboardMarkup(inline_keyboard=[
        [button("pl-cancel-yes", MyPledgeAction.CANCEL_YES), button("pl-cancel-no", MyPledgeAction.KEEP)],
        [button("pl-cancel-month-only", MyPledgeAction.SKIP_MONTH)]])


def cancelled_key(pledge: PledgeView, scope: pledges.CancelScope) -> str:
    """What to say once cancelled: a one-off, one month of a monthly pledge, or the monthly pledge stopped."""
    if pledge.recurrence != Recurrence.MONTHLY:
        return "pl-cancelled"
    return "pl-cancelled-month" if scope is pledges.CancelScope.MONTH else "pl-series-stopped"


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(my_pledges, MenuText("menu-my-pledges"))
    router.message.register(my_pledges, Command("pledges"))
    router.callback_query.register(manage, Pressed(MyPledgeButton))
    router.callback_query.register(all_pledges, Pressed(ProfileButton, F.action == ProfileAction.PLEDGES))
    return router
