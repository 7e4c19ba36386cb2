"""Statistics and exports inside the manager's region: campaigns, volunteers, fairness, CSV/XLSX files.

Diagram: handlers/stats.mmd."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Iterable

from aiogram import Bot, F, Router
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
)

from campaigns import catalogue, exports, roles, stats, teens
from campaigns.audit import Actor
from campaigns.callbacks import (
    STATS_EXPORTS,
    ManagerAction,
    ManagerMenuButton,
    ReferralAction,
    ReferralButton,
    StatsAction,
    StatsButton,
)
from campaigns.catalogue import CampaignView
from campaigns.numerals import to_persian_digits
from campaigns.regions import Regions
from handlers.guards import expired
from handlers.manager_common import IsManager, back_to_menu
from handlers.pressed import Pressed
from handlers.teens import teen_counts_text
from i18n import Translator
from storage.unit_of_work import UnitOfWork


def st(text: str, action: StatsAction, arg: int = 0) -> InlineKeyboardButton:
    """One statistics button."""
    return InlineKeyboardButton(text=text, callback_data=StatsButton(action=action, arg=arg).pack())


def _place(regions: Regions, code: str | None, t: Translator) -> str:
    place = regions.county(code) or regions.province(code)
    return place.name(t.language) if place is not None else t("stats-no-region")


class StreamedFile(InputFile):
    """A file uploaded as its chunks are made; made again from the start if the upload is retried."""

    def __init__(self, chunks: Callable[[], Iterable[bytes]], filename: str) -> None:
        super().__init__(filename=filename)
        self.chunks = chunks

    async def read(self, bot: Bot) -> AsyncGenerator[bytes, None]:
        for chunk in self.chunks():
            yield chunk


def _rate(value: float, t: Translator) -> str:
    text = f"{value:.3f}"
    return to_persian_digits(text.replace(".", "٫")) if t.language == "fa" else text


async def stats_menu(query: CallbackQuery, uow: UnitOfWork, t: Translator) -> None:
    """What can be looked at and exported."""
    await query.answer()
    campaigns = await catalogue.listing(uow, None, include_ended=True)
    if isinstance(query.message, Message):
        await query.message.answer(t("stats-menu"), reply_markup=stats_keyboard(campaigns, t))


def stats_keyboard(campaigns: list[CampaignView], t: Translator) -> InlineKeyboardMarkup:
    """A button per campaign, the volunteers, fairness, each export, the referrals, and Back."""
    rows = [[st(c.title(t.language), StatsAction.CAMPAIGN, c.id)] for c in campaigns]
    rows.append([st(t("stats-volunteers-button"), StatsAction.VOLUNTEERS)])
    rows.append([st(t("stats-fair-volunteers"), StatsAction.FAIRNESS, 0),
                 st(t("stats-fair-pledges"), StatsAction.FAIRNESS, 1)])
    rows += [[st(t(f"stats-export-{name}-{kind}"), StatsAction.EXPORT, i)] for i,
             (name, kind) in enumerate(STATS_EXPORTS)]
    rows.append([InlineKeyboardButton(text=t("referral-stats-button"), callback_data=ReferralButton(
        action=ReferralAction.STATS).pack())])  # handlers/referral_manage.py
    rows.append([InlineKeyboardButton(text=t("button-back"),
                                      callback_data=ManagerMenuButton(action=ManagerAction.MENU).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def campaign_stats(query: CallbackQuery, callback_data: StatsButton, uow: UnitOfWork, actor: Actor,
                         t: Translator, regions: Regions) -> None:
    """One campaign: participants, pledges, amount and fulfilled share, region by region."""
    campaign = await catalogue.by_id(uow, callback_data.arg)
    if campaign is None:
        await expired(query, t)  # no such campaign: a forged button
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    result = await stats.view_campaign(uow, actor, campaign.id)
    lines = [t("stats-region-line", place=_place(regions, row.code, t), participants=row.participants,
               pledges=row.pledges, amount=row.amount, fulfilled=row.fulfilled) for row in result.rows]
    await query.message.answer(t("stats-campaign", title=campaign.title(t.language), participants=result.participants,
                                 pledges=result.pledges, amount=result.amount, items=result.items,
                                 fulfilled=result.fulfilled, percent=result.fulfilled_percent,
                                 lines="\n".join(lines) or "—"), reply_markup=back_to_menu(t))


async def volunteer_stats(query: CallbackQuery, uow: UnitOfWork, actor: Actor, t: Translator,
                          regions: Regions) -> None:
    """Volunteers by axis, specialty and region."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    result = await stats.view_volunteers(uow, actor)
    axes = "\n".join(t("stats-count-line", name=t(f"vol-axis-{a}"), count=n) for a, n in result.by_axis)
    specialties = "\n".join(t("stats-count-line", name=t(f"vol-spec-{s}"), count=n) for s, n in result.by_specialty)
    places = "\n".join(t("stats-count-line", name=_place(regions, c, t), count=n) for c, n in result.by_region)
    scope = roles.scope_of_actor(actor)
    await query.message.answer(t("stats-volunteers", total=result.total, axes=axes or "—",
                                 specialties=specialties or "—", regions=places or "—") + "\n\n" + teen_counts_text(
        await teens.counts(uow, scope.province_code, scope.county_code), t, regions), reply_markup=back_to_menu(t))


async def fairness(query: CallbackQuery, callback_data: StatsButton, uow: UnitOfWork, actor: Actor, t: Translator,
                   regions: Regions) -> None:
    """Counties with the fewest volunteers (or pledges) per thousand people."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    metric = "pledges" if callback_data.arg == 1 else "volunteers"
    rates = await stats.fewest_per_thousand(uow, roles.scope_of_actor(actor), metric)
    lines = [t("stats-fair-line", place=_place(regions, r.county_code, t), count=r.count,
               population=r.population, rate=_rate(r.per_thousand, t)) for r in rates]
    await query.message.answer(t(f"stats-fair-{metric}-title", lines="\n".join(lines) or "—"),
                               reply_markup=back_to_menu(t))


async def export(query: CallbackQuery, callback_data: StatsButton, uow: UnitOfWork, actor: Actor,
                 t: Translator) -> None:
    """A CSV or XLSX file of pledges or volunteers inside the region, sent in the chat."""
    await query.answer()
    if not isinstance(query.message, Message) or not 0 <= callback_data.arg < len(STATS_EXPORTS):
        return
    name, kind = STATS_EXPORTS[callback_data.arg]
    table = await exports.export(uow, actor, name, kind, t.language)
    headers = [t(f"export-col-{column}") for column in table.columns]
    filename = f"hamyar-{name}.{kind}"
    document: InputFile = (StreamedFile(lambda: exports.csv_chunks(headers, table), filename) if kind == "csv"
                           else BufferedInputFile(exports.to_xlsx(headers, table), filename=filename))
    caption = t("stats-export-caption", count=len(table.rows))
    if name != "pledges":  # teens are left out of the rows: an export shows them only as a count
        scope = roles.scope_of_actor(actor)
        teen_count = await teens.count_in_export(uow, scope.province_code, scope.county_code)
        caption += "\n" + t("teen-export-count", count=teen_count)
    await query.message.answer_document(document, caption=caption)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(stats_menu, Pressed(ManagerMenuButton, F.action == ManagerAction.STATS), IsManager())
    router.callback_query.register(campaign_stats, Pressed(StatsButton, F.action == StatsAction.CAMPAIGN), IsManager())
    router.callback_query.register(volunteer_stats, Pressed(StatsButton, F.action == StatsAction.VOLUNTEERS),
                                   IsManager())
    router.callback_query.register(fairness, Pressed(StatsButton, F.action == StatsAction.FAIRNESS), IsManager())
    router.callback_query.register(export, Pressed(StatsButton, F.action == StatsAction.EXPORT), IsManager())
    return router
