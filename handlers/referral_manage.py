"""The managers' side of the referral system: a referral's card (the person's contact only here, only with their
consent), assigning a provider, marking contacted and closing (served, declined, unreachable); the referrals
and the overdue ones in the manager's region; the providers (entering one: handlers/referral_providers.py). A
volunteer's side is handlers/referrals.py.

Every press is checked again in the domain (campaigns/referrals.py): a referral outside the manager's region
is refused, a press on a step already taken (a double tap, another manager, an old card) changes nothing and
says where the referral is now. Diagram: handlers/referrals.mmd."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import referral_providers, referral_stats, referrals
from campaigns.audit import Actor
from campaigns.callbacks import ManagerAction, ManagerMenuButton, ReferralAction, ReferralAssignButton, ReferralButton
from campaigns.people import PersonView
from campaigns.referrals import Contact, Moved, ReferralRefused, ReferralView, Refusal
from campaigns.regions import Regions
from handlers.guards import expired
from handlers.keyboards import region_name
from handlers.manager_common import IsManager, button, moment
from handlers.pressed import Pressed
from handlers.referral_providers import register_handlers as register_provider_entry
from i18n import Translator
from storage.models.referrals import ReferralOutcome, ReferralStatus
from storage.unit_of_work import UnitOfWork

_CLOSING = {ReferralAction.SERVED: ReferralOutcome.SERVED, ReferralAction.DECLINED: ReferralOutcome.DECLINED,
            ReferralAction.UNREACHABLE: ReferralOutcome.UNREACHABLE}


def _rf(text: str, action: ReferralAction, arg: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ReferralButton(action=action, arg=arg).pack())


def _status(view: ReferralView, t: Translator) -> str:
    return t(f"referral-status-{view.outcome.value if view.outcome else view.status.value}")


def card_text(view: ReferralView, contact: Contact | None, provider: str | None, t: Translator,
              regions: Regions) -> str:
    """A referral as its managers read it."""
    lines = [t("referral-card", id=view.id, need=t(f"referral-need-{view.need.value}"),
               urgency=t(f"referral-urgency-{view.urgency.value}"),
               region=region_name(regions, view.province_code, view.county_code, t.language) or "-",
               note=view.note or "-", status=_status(view, t), provider=provider or "-",
               created=moment(view.created_at, t.language))]
    if view.overdue:
        lines.append(t("referral-card-overdue"))
    lines.append(t("referral-card-contact", name=contact.name or "-", phone=contact.phone or "-")
                 if contact is not None else t("referral-card-no-consent"))
    return "\n".join(lines)


def card_keyboard(view: ReferralView, t: Translator) -> InlineKeyboardMarkup:
    """The next steps the referral can take, and back to the list."""
    rows: list[list[InlineKeyboardButton]] = []
    if view.status in (ReferralStatus.OPEN, ReferralStatus.ASSIGNED):
        rows.append([_rf(t("referral-button-assign"), ReferralAction.PROVIDERS, view.id)])
    if view.status is ReferralStatus.ASSIGNED:
        rows.append([_rf(t("referral-button-contacted"), ReferralAction.CONTACTED, view.id)])
    if view.status is ReferralStatus.CONTACTED:
        rows += [[_rf(t(f"referral-button-{outcome.value}"), action, view.id)] for action, outcome in _CLOSING.items()]
    rows.append([_rf(t("referral-button-list"), ReferralAction.LIST)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _show(message: Message, uow: UnitOfWork, actor: Actor, referral_id: int, t: Translator,
                regions: Regions, prefix: str | None = None) -> None:
    view, contact = await referrals.card(uow, actor, referral_id)
    provider = await referral_providers.name_of(uow, view.provider_id) if view.provider_id else None
    text = card_text(view, contact, provider, t, regions)
    await message.answer(f"{prefix}\n\n{text}" if prefix else text, reply_markup=card_keyboard(view, t))


async def _refused(query: CallbackQuery, refused: ReferralRefused, t: Translator) -> None:
    if refused.code is Refusal.NOT_FOUND:
        await expired(query, t)  # no such referral: a forged or stale button
    else:
        await query.answer(t(refused.locale_key), show_alert=True)


async def open_card(query: CallbackQuery, callback_data: ReferralButton, uow: UnitOfWork, actor: Actor,
                    t: Translator, regions: Regions) -> None:
    """A referral's card (from the notification, a reminder or the list)."""
    if not isinstance(query.message, Message):
        await query.answer()
        return
    try:
        await referrals.card(uow, actor, callback_data.arg)
    except ReferralRefused as refused:
        await _refused(query, refused, t)
        return
    await query.answer()
    await _show(query.message, uow, actor, callback_data.arg, t, regions)


async def providers(query: CallbackQuery, callback_data: ReferralButton, uow: UnitOfWork, actor: Actor,
                    t: Translator) -> None:
    """The providers a referral may go to (its own need's first), one button each."""
    try:
        view, _ = await referrals.card(uow, actor, callback_data.arg)
    except ReferralRefused as refused:
        await _refused(query, refused, t)
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    found = await referral_providers.for_referral(uow, view.province_code, view.county_code, view.need)
    back = [_rf(t("button-back"), ReferralAction.OPEN, view.id)]
    if not found:
        await query.message.answer(t("referral-no-providers"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[
            [_rf(t("referral-button-providers"), ReferralAction.PROVIDER_LIST)], back]))
        return
    rows = [[InlineKeyboardButton(text=f"{p.name} ({t(f'referral-need-{p.kind.value}')})",
                                  callback_data=ReferralAssignButton(referral=view.id, provider=p.id).pack())]
            for p in found[:20]]
    await query.message.answer(t("referral-pick-provider", id=view.id),
                               reply_markup=InlineKeyboardMarkup(inline_keyboard=[*rows, back]))


async def assign(query: CallbackQuery, callback_data: ReferralAssignButton, uow: UnitOfWork, actor: Actor,
                 t: Translator, regions: Regions) -> None:
    """Give the referral to the chosen provider; the volunteer is told (without the person)."""
    await _moved(query, uow, actor, callback_data.referral, t, regions, lambda: referrals.assign(
        uow, actor, callback_data.referral, callback_data.provider, regions=regions))


async def step(query: CallbackQuery, callback_data: ReferralButton, uow: UnitOfWork, actor: Actor, t: Translator,
               regions: Regions) -> None:
    """Contacted, or closed as served, declined or unreachable."""
    referral_id = callback_data.arg
    outcome = _CLOSING.get(callback_data.action)
    await _moved(query, uow, actor, referral_id, t, regions, lambda: referrals.contacted(
        uow, actor, referral_id, regions=regions) if outcome is None else referrals.close(
        uow, actor, referral_id, outcome, regions=regions))


async def _moved(query: CallbackQuery, uow: UnitOfWork, actor: Actor, referral_id: int, t: Translator,
                 regions: Regions, move: Callable[[], Awaitable[Moved]]) -> None:
    try:
        moved = await move()
    except ReferralRefused as refused:
        await _refused(query, refused, t)
        return
    if not moved.changed:
        # A double tap, another manager first, or a button of an older card: nothing changes; say where it is.
        await query.answer(t("referral-unchanged", id=referral_id, status=_status(moved.referral, t)), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _show(query.message, uow, actor, referral_id, t, regions,
                    prefix=t("referral-moved", id=referral_id, status=_status(moved.referral, t)))


def _line(view: ReferralView, t: Translator) -> str:
    return t("referral-list-line", id=view.id, need=t(f"referral-need-{view.need.value}"),
             urgency=t(f"referral-urgency-{view.urgency.value}"), status=_status(view, t),
             overdue="yes" if view.overdue else "no")


async def listing(query: CallbackQuery, callback_data: ReferralButton | ManagerMenuButton, uow: UnitOfWork,
                  actor: Actor, t: Translator) -> None:
    """The referrals not closed in the manager's region (or only the overdue ones), each a button to its card."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    overdue = isinstance(callback_data, ReferralButton) and callback_data.action is ReferralAction.OVERDUE
    found = await referrals.listing(uow, actor, overdue_only=overdue)
    rows = [[_rf(_line(v, t), ReferralAction.OPEN, v.id)] for v in found]
    rows.append([_rf(t("referral-button-overdue"), ReferralAction.OVERDUE),
                 _rf(t("referral-button-providers"), ReferralAction.PROVIDER_LIST)])
    rows.append([button(t("button-back"), ManagerAction.MENU)])
    title = ("referral-overdue-title" if found else "referral-overdue-empty") if overdue else (
        "referral-list-title" if found else "referral-list-empty")
    await query.message.answer(t(title), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


async def provider_list(query: CallbackQuery, uow: UnitOfWork, actor: Actor, t: Translator,
                        regions: Regions) -> None:
    """The providers in the manager's region, with their contact (managers only)."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    found = await referral_providers.within(uow, actor)
    lines = [t("referral-providers-title")] if found else [t("referral-providers-empty")]
    lines += [t("referral-provider-line", name=p.name, kind=t(f"referral-need-{p.kind.value}"),
                region=region_name(regions, p.province_code, p.county_code, t.language) or "-",
                contact=p.contact or "-") for p in found]
    await query.message.answer("\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=[
        [_rf(t("referral-button-provider-add"), ReferralAction.PROVIDER_ADD)],
        [_rf(t("referral-button-list"), ReferralAction.LIST)]]))


async def figures(query: CallbackQuery, uow: UnitOfWork, actor: Actor, t: Translator, regions: Regions) -> None:
    """The referral figures of the manager's statistics: by need, by province, and time to first contact."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    found = await referral_stats.figures(uow, actor)
    back = InlineKeyboardMarkup(inline_keyboard=[[button(t("button-back"), ManagerAction.STATS)]])
    if found.total == 0:
        await query.message.answer(t("referral-stats-none"), reply_markup=back)
        return
    lines = [t("referral-stats-title", total=found.total), t("referral-stats-kind")]
    lines += [t("referral-stats-line", name=t(f"referral-need-{need}"), count=count) for need, count in found.by_need]
    lines.append(t("referral-stats-province"))
    lines += [t("referral-stats-line", name=region_name(regions, code, None, t.language) or code, count=count)
              for code, count in found.by_province]
    lines.append(t("referral-stats-contact", hours=found.median_hours, contacted=found.contacted)
                 if found.median_hours is not None else t("referral-stats-contact-none"))
    await query.message.answer("\n".join(lines), reply_markup=back)


async def not_a_manager(query: CallbackQuery, person: PersonView | None, t: Translator) -> None:
    """A managers' referral button pressed by someone who is not (or no longer) a manager."""
    await query.answer(t("manage-not-manager") if person is not None else t("need-start"), show_alert=True)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(open_card, Pressed(ReferralButton, F.action == ReferralAction.OPEN), IsManager())
    router.callback_query.register(providers, Pressed(ReferralButton, F.action == ReferralAction.PROVIDERS),
                                   IsManager())
    router.callback_query.register(assign, Pressed(ReferralAssignButton), IsManager())
    router.callback_query.register(step, Pressed(ReferralButton, F.action.in_({
        ReferralAction.CONTACTED, *_CLOSING})), IsManager())
    router.callback_query.register(listing, Pressed(ReferralButton, F.action.in_({
        ReferralAction.LIST, ReferralAction.OVERDUE})), IsManager())
    router.callback_query.register(listing, Pressed(ManagerMenuButton, F.action == ManagerAction.REFERRALS),
                                   IsManager())
    router.callback_query.register(provider_list, Pressed(ReferralButton, F.action == ReferralAction.PROVIDER_LIST),
                                   IsManager())
    router.callback_query.register(figures, Pressed(ReferralButton, F.action == ReferralAction.STATS), IsManager())
    register_provider_entry(router)  # handlers/referral_providers.py: a provider entered in the bot
    router.callback_query.register(not_a_manager, Pressed(ReferralButton, F.action != ReferralAction.NEW))
    router.callback_query.register(not_a_manager, Pressed(ReferralAssignButton))
    return router
