"""Campaign catalogue, campaign pages, join and leave, share, my campaigns. Diagram: catalogue.mmd."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import catalogue
from campaigns.callbacks import (
    CampaignAction,
    CampaignButton,
    EnergyAction,
    EnergyButton,
    PledgeStartAction,
    PledgeStartButton,
)
from campaigns.catalogue import CampaignView, Openness, campaign_link, today_in_iran
from campaigns.jalali import format_date
from campaigns.kinds import CampaignKind, PledgeKind
from campaigns.numerals import parse_int
from campaigns.people import PersonView
from campaigns.progress import Progress, measure
from campaigns.regions import Regions, load_regions
from campaigns.words import fold_text
from handlers import volunteer as registration
from handlers.common import onboarded_press
from handlers.guards import expired
from handlers.keyboards import MenuText, main_menu
from handlers.pressed import Pressed
from handlers.states import Browse
from handlers.teens import joining_allowed
from i18n import Translator
from storage.unit_of_work import UnitOfWork

LIST_PAGE = 8
BAR_CELLS = 10


def progress_bar(percent: int) -> str:
    """Ten dots, filled in proportion (words come first on the page; this is for the eye). Dots, not squares:
    an empty square reads as a missing glyph, and a 0% bar was ten of them."""
    filled = min(BAR_CELLS, max(0, round(percent / 10)))
    return "●" * filled + "○" * (BAR_CELLS - filled)


def progress_words(progress: Progress, campaign: CampaignView, t: Translator) -> str:
    """Percent, current and target in the goal's unit (cat-progress), then the bar on its own line."""
    unit = campaign.definition.goal.unit(t.language)
    words = t("cat-progress", percent=progress.percent, current=progress.current, target=progress.target,
              unit=unit)
    return f"{words}\n{t('cat-progress-bar', bar=progress_bar(progress.percent))}"


def _dates(campaign: CampaignView, t: Translator) -> str | None:
    d = campaign.definition
    if d.starts_on and d.ends_on:
        return t("cat-dates-both", start=format_date(d.starts_on, t.language), end=format_date(d.ends_on, t.language))
    if d.starts_on:
        return t("cat-dates-start", start=format_date(d.starts_on, t.language))
    if d.ends_on:
        return t("cat-dates-end", end=format_date(d.ends_on, t.language))
    return None


def _regions(campaign: CampaignView, t: Translator, regions: Regions) -> str:
    if not campaign.regions:
        return t("cat-regions-national")
    names = [p.name(t.language) for code in campaign.regions if (p := regions.province(code))]
    return t("cat-regions", regions=("، " if t.language == "fa" else ", ").join(names))


def payment_lines(campaign: CampaignView, t: Translator) -> list[str]:
    """How to pay, as the campaign's data says (Hamyar itself takes no money)."""
    payment = campaign.definition.payment
    if payment is None:
        return []
    lines = []
    if payment.link:
        lines.append(t("cat-payment-link", link=payment.link))
    if payment.card:
        lines.append(t("cat-payment-card", card=payment.card))
    if payment.note:
        lines.append(payment.note(t.language))
    if payment.link or payment.card:
        lines.append(t("cat-payment-disclaimer"))
    return lines


def _standing(campaign: CampaignView, member: bool, t: Translator) -> str:
    openness = campaign.openness(today_in_iran())
    if openness == Openness.ENDED:
        return t("cat-ended")
    if openness == Openness.PAUSED:
        return t("cat-paused")
    if openness == Openness.UPCOMING and campaign.definition.starts_on:
        return t("cat-upcoming", start=format_date(campaign.definition.starts_on, t.language))
    return t("cat-member") if member else t("cat-not-member")


def page_text(campaign: CampaignView, progress: Progress, member: bool, t: Translator) -> str:
    """A campaign page: title, summary, progress in words and a bar, dates, region, standing, payment."""
    d = campaign.definition
    parts = [d.title(t.language), d.summary(t.language), "", progress_words(progress, campaign, t)]
    dates = _dates(campaign, t)
    if dates:
        parts.append(dates)
    parts.append(_regions(campaign, t, load_regions()))
    parts.append(_standing(campaign, member, t))
    if campaign.openness(today_in_iran()) == Openness.OPEN:
        parts += payment_lines(campaign, t)
    return "\n".join(parts)


def _button(text: str, data: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=data)]


def page_keyboard(campaign: CampaignView, member: bool, t: Translator) -> InlineKeyboardMarkup:
    """Join or leave, pledge buttons per allowed kind, the kind's own actions, share, back."""
    rows: list[list[InlineKeyboardButton]] = []
    is_open = campaign.openness(today_in_iran()) == Openness.OPEN
    if is_open:
        if campaign.definition.volunteer_entry:
            rows.append(_button(t("cat-button-volunteer"),
                                CampaignButton(action=CampaignAction.VOLUNTEER, id=campaign.id).pack()))
        for kind in campaign.definition.pledge.kinds:
            key = "dowry" if kind == PledgeKind.IN_KIND and campaign.kind == CampaignKind.DOWRY else kind.value
            rows.append(_button(t(f"cat-button-pledge-{key}"),
                                PledgeStartButton(campaign=campaign.id, kind=kind.value).pack()))
        if campaign.kind == CampaignKind.ENERGY_SAVING:
            rows.append(_button(t("cat-button-energy-report"),
                                EnergyButton(action=EnergyAction.START, campaign=campaign.id).pack()))
    if campaign.kind == CampaignKind.ENERGY_SAVING:
        rows.append(_button(t("cat-button-energy-totals"),
                            EnergyButton(action=EnergyAction.TOTALS, campaign=campaign.id).pack()))
    if campaign.kind == CampaignKind.PAYROLL:
        rows.append(_button(t("cat-button-payroll-totals"),
                            PledgeStartButton(campaign=campaign.id, kind=PledgeStartAction.TOTALS).pack()))
    if member:
        rows.append(_button(t("cat-button-leave"), CampaignButton(action=CampaignAction.LEAVE, id=campaign.id).pack()))
    elif is_open:
        rows.append(_button(t("cat-button-join"), CampaignButton(action=CampaignAction.JOIN, id=campaign.id).pack()))
    if is_open:
        rows.append(_button(t("cat-button-share"), CampaignButton(action=CampaignAction.SHARE, id=campaign.id).pack()))
    rows.append(_button(t("cat-button-back-list"), CampaignButton(action=CampaignAction.LIST).pack()))
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def show_campaign(message: Message, campaign: CampaignView, person: PersonView, t: Translator,
                        uow: UnitOfWork, *, edit: bool = False) -> None:
    """Send (or redraw in place) a campaign's page."""
    progress = await measure(uow, campaign)
    member = await catalogue.is_member(uow, person.id, campaign.id)
    text, markup = page_text(campaign, progress, member, t), page_keyboard(campaign, member, t)
    if edit:
        with suppress(TelegramBadRequest):  # "message is not modified" when nothing changed
            await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def land_on_campaign(message: Message, person: PersonView, slug: str, referral: str | None,
                           t: Translator, uow: UnitOfWork) -> None:
    """Open a campaign from a deep link: join it (crediting the referral) and show its page."""
    campaign = await catalogue.by_slug(uow, slug)
    if campaign is None:
        await message.answer(t("cat-not-found"), reply_markup=main_menu(t))
        return
    # A campaign for teens or adults only is joined from its page's Join, which asks the year of birth first.
    if campaign.openness(today_in_iran()) == Openness.OPEN and not campaign.definition.asks_birth_year and \
            await catalogue.join(uow, person.id, campaign.id, referral):
        await message.answer(t("cat-joined", title=campaign.title(t.language)), reply_markup=main_menu(t))
    await show_campaign(message, campaign, person, t, uow)


# -- the list ---------------------------------------------------------------------------------------

def list_view(campaigns: list[CampaignView], person: PersonView, page: int,
              t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """A page of the catalogue: numbered lines, a button per campaign, previous/next page."""
    pages = max(1, -(-len(campaigns) // LIST_PAGE))
    page = min(max(page, 0), pages - 1)
    chunk = campaigns[page * LIST_PAGE:(page + 1) * LIST_PAGE]
    today = today_in_iran()
    lines = [t("cat-list-title", count=len(campaigns))]
    rows: list[list[InlineKeyboardButton]] = []
    for number, campaign in enumerate(chunk, start=page * LIST_PAGE + 1):
        key = ("cat-list-line-upcoming" if campaign.openness(today) == Openness.UPCOMING
               else "cat-list-line-local" if campaign.regions else "cat-list-line")
        lines.append(t(key, number=number, title=campaign.title(t.language)))
        rows.append(_button(campaign.title(t.language),
                            CampaignButton(action=CampaignAction.OPEN, id=campaign.id).pack()))
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton(text=t("button-prev-page"),
                                        callback_data=CampaignButton(action=CampaignAction.LIST, page=page - 1).pack()))
    if page < pages - 1:
        nav.append(InlineKeyboardButton(text=t("button-next-page"),
                                        callback_data=CampaignButton(action=CampaignAction.LIST, page=page + 1).pack()))
    if nav:
        rows.append(nav)
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


async def _need_person(message: Message, person: PersonView | None, t: Translator) -> PersonView | None:
    if person is None or not person.onboarded:
        await message.answer(t("need-start"))
        return None
    return person


async def _to_list(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                   t: Translator, *, mine: bool) -> tuple[PersonView, list[CampaignView]] | None:
    """The onboarded person and the campaigns to list (the catalogue, or their own), any step under way ended;
    None once answered: a person who must /start first, or nothing to list."""
    if (person := await _need_person(message, person, t)) is None:
        return None
    await state.clear()
    campaigns = await (catalogue.my_campaigns(uow, person.id) if mine else catalogue.listing(uow, person.province_code))
    if not campaigns:
        await message.answer(t("cat-mine-empty" if mine else "cat-list-empty"), reply_markup=main_menu(t))
        return None
    return person, campaigns


async def list_campaigns(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                         t: Translator) -> None:
    """Active campaigns, those covering the person's province first."""
    if (listed := await _to_list(message, state, uow, person, t, mine=False)) is None:
        return
    person, campaigns = listed
    text, markup = list_view(campaigns, person, 0, t)
    await state.set_state(Browse.catalogue)
    await message.answer(text, reply_markup=markup)


async def campaign_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                         t: Translator) -> None:
    """A campaign chosen by typing its number in the list or a part of its name."""
    if (person := await _need_person(message, person, t)) is None:
        return
    campaigns = await catalogue.listing(uow, person.province_code)
    text = message.text or ""
    number = parse_int(text)
    chosen: CampaignView | None = None
    if number is not None and 1 <= number <= len(campaigns):
        chosen = campaigns[number - 1]
    elif number is None and len(fold_text(text)) >= 2:
        matches = [c for c in campaigns if fold_text(text) in fold_text(c.title(t.language))]
        chosen = matches[0] if len(matches) == 1 else None
    if chosen is None:
        await message.answer(t("cat-typed-unknown", count=len(campaigns)))
        return
    await state.clear()
    await show_campaign(message, chosen, person, t, uow)


async def my_campaigns(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                       t: Translator) -> None:
    """The campaigns the person is a member of."""
    if (listed := await _to_list(message, state, uow, person, t, mine=True)) is None:
        return
    _, campaigns = listed
    lines = [t("cat-mine-title")] + [t("cat-list-line", number=i, title=c.title(t.language))
                                     for i, c in enumerate(campaigns, start=1)]
    await message.answer("\n".join(lines), reply_markup=mine_keyboard(campaigns, t))


def mine_keyboard(campaigns: list[CampaignView], t: Translator) -> InlineKeyboardMarkup:
    """A button opening each of the person's campaigns, by title."""
    return InlineKeyboardMarkup(inline_keyboard=[_button(c.title(t.language),
                                                         CampaignButton(action=CampaignAction.OPEN, id=c.id)
                                                         .pack()) for c in campaigns])


# -- buttons (each carries the campaign id, so old messages keep working) -------------------------

async def list_page(query: CallbackQuery, callback_data: CampaignButton, state: FSMContext, uow: UnitOfWork,
                    person: PersonView | None, t: Translator) -> None:
    """A page of the catalogue (also Back from a campaign page)."""
    if (pressed := await onboarded_press(query, state, person, t)) is None:
        return
    message, person = pressed
    await state.clear()
    campaigns = await catalogue.listing(uow, person.province_code)
    if not campaigns:
        await message.edit_text(t("cat-list-empty"))
        return
    text, markup = list_view(campaigns, person, callback_data.page, t)
    await message.edit_text(text, reply_markup=markup)


async def pressed_campaign(query: CallbackQuery, campaign_id: int, person: PersonView | None, t: Translator,
                           uow: UnitOfWork, fits: Callable[[CampaignView], bool] | None = None,
                           ) -> tuple[CampaignView, PersonView, Message] | None:
    """The campaign a button names (one that `fits`, when given), the onboarded person who pressed it and the
    message under it; None once the press is answered (a person who must /start first; no such campaign: a
    forged button, or one from before it was removed) or when the message is out of reach (left unanswered)."""
    if person is None or not person.onboarded:
        await query.answer(t("need-start"), show_alert=True)
        return None
    campaign = await catalogue.by_id(uow, campaign_id)
    if campaign is None or (fits is not None and not fits(campaign)):
        await expired(query, t)
        return None
    if not isinstance(query.message, Message):
        return None
    return campaign, person, query.message


async def open_campaign(query: CallbackQuery, callback_data: CampaignButton, state: FSMContext,
                        uow: UnitOfWork, person: PersonView | None, t: Translator) -> None:
    """A campaign from the list: its page."""
    if (pressed := await pressed_campaign(query, callback_data.id, person, t, uow)) is None:
        return
    campaign, person, message = pressed
    await query.answer()
    await state.clear()
    await show_campaign(message, campaign, person, t, uow, edit=True)


async def join_or_leave(query: CallbackQuery, callback_data: CampaignButton, uow: UnitOfWork,
                        person: PersonView | None, t: Translator, state: FSMContext) -> None:
    """Join or leave, then redraw the page."""
    if (pressed := await pressed_campaign(query, callback_data.id, person, t, uow)) is None:
        return
    campaign, person, message = pressed
    title = campaign.title(t.language)
    if callback_data.action == CampaignAction.JOIN:
        if campaign.openness(today_in_iran()) != Openness.OPEN:
            await query.answer(t("cat-not-open"), show_alert=True)
            return
        if not await joining_allowed(query, campaign, person, uow, t, state):  # for teens or adults only
            return
        joined = await catalogue.join(uow, person.id, campaign.id)
        said = t("cat-joined", title=title) if joined else t("cat-joined-already", title=title)
    else:
        left = await catalogue.leave(uow, person.id, campaign.id)
        said = t("cat-left", title=title) if left else t("cat-left-already")
    await query.answer()
    await show_campaign(message, campaign, person, t, uow, edit=True)
    await message.answer(said)


async def share(query: CallbackQuery, callback_data: CampaignButton, bot: Bot, platform: str,
                uow: UnitOfWork, person: PersonView | None, t: Translator) -> None:
    """The campaign's deep link, carrying the person's referral code."""
    if (pressed := await pressed_campaign(query, callback_data.id, person, t, uow)) is None:
        return
    campaign, person, message = pressed
    await query.answer()
    me = await bot.me()
    if not me.username:
        await message.answer(t("cat-share-unavailable"))
        return
    link = campaign_link(platform, me.username, campaign.slug, person.referral_code)
    await message.answer(t("cat-share", title=campaign.title(t.language), link=link))


async def volunteer(query: CallbackQuery, callback_data: CampaignButton, state: FSMContext, uow: UnitOfWork,
                    person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A volunteer campaign's button: join it, then start the volunteer registration (/volunteer)."""
    if (pressed := await pressed_campaign(query, callback_data.id, person, t, uow)) is None:
        return
    campaign, person, message = pressed
    await query.answer()
    if campaign.openness(today_in_iran()) == Openness.OPEN:
        await catalogue.join(uow, person.id, campaign.id)
    await registration.start(message, state, uow, person, t, regions)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(list_campaigns, MenuText("menu-campaigns"))
    router.message.register(list_campaigns, Command("campaigns"))
    router.message.register(campaign_typed, Browse.catalogue, F.text)
    router.message.register(my_campaigns, MenuText("menu-my-campaigns"))
    router.callback_query.register(list_page, Pressed(CampaignButton, F.action == CampaignAction.LIST))
    router.callback_query.register(open_campaign, Pressed(CampaignButton, F.action == CampaignAction.OPEN))
    router.callback_query.register(join_or_leave,
                                   Pressed(CampaignButton, F.action.in_({CampaignAction.JOIN, CampaignAction.LEAVE})))
    router.callback_query.register(share, Pressed(CampaignButton, F.action == CampaignAction.SHARE))
    router.callback_query.register(volunteer, Pressed(CampaignButton, F.action == CampaignAction.VOLUNTEER))
    return router
