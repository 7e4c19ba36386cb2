"""The questions of a pledge: which are asked, in what order, their text and buttons, and the summary.

Pure functions of the campaign and the answers so far; handlers/pledges.py asks them and takes the answers."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from campaigns import pledges
from campaigns.callbacks import NavAction, NavButton, PledgeAnswerButton, PledgeAnswerField, PledgeConfirmButton
from campaigns.catalogue import CampaignView, today_in_iran
from campaigns.jalali import format_date, format_period, period_of
from campaigns.kinds import CampaignKind, PledgeKind, Recurrence
from campaigns.people import PersonView
from campaigns.pledge_steps import PledgeStep, Step, pledge_steps
from campaigns.pledges import PledgeDraft
from campaigns.regions import Regions
from handlers.keyboards import back_skip_keyboard, region_name
from handlers.states import PledgeFlow, PledgeFlowData
from i18n import Translator

STATES: dict[PledgeStep, State] = {step: getattr(PledgeFlow, step.value) for step in PledgeStep}
REGION_CHOICES = ("county", "province", "other", "any")
PICKER_STEPS = (PledgeStep.REGION_PROVINCE, PledgeStep.REGION_COUNTY)  # another region: the shared picker asks


def steps(campaign: CampaignView, data: PledgeFlowData) -> list[Step]:
    """The questions of this pledge, in order (some depend on earlier answers)."""
    return pledge_steps(campaign.definition, PledgeKind(data.kind), other_item=data.other_item,
                        other_agency=data.other_agency, region=data.region)


def current_step(state_name: str | None, data: PledgeFlowData) -> Step:
    """The pending question, from the FSM state (a campaign's own question: the one numbered data.question)."""
    kind = PledgeStep((state_name or "").rpartition(":")[2])
    return Step(kind, data.question if kind is PledgeStep.QUESTION else 0)


def _row(text: str, field: PledgeAnswerField, value: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=PledgeAnswerButton(field=field, value=value).pack())]


def _back_row(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t("button-back"), callback_data=NavButton(action=NavAction.BACK).pack())]


def item_choices(campaign: CampaignView) -> list[tuple[str, int | None]]:
    """(code, price) of what an in-kind pledge to this campaign may give: dowry sets and items, or goods."""
    d = campaign.definition
    if d.dowry is not None:
        return [(c.code, c.price_tomans) for c in (*d.dowry.sets, *d.dowry.items)]
    return [(c.code, None) for c in (d.in_kind.items if d.in_kind else ())]


def agency_name(campaign: CampaignView, agency: str | None, t: Translator) -> str:
    """An agency by its name in the reader's language (a code from the list), or as the person typed it."""
    listed = campaign.definition.payroll.agencies if campaign.definition.payroll else ()
    choice = next((a for a in listed if a.code == agency), None)
    return choice.name(t.language) if choice else (agency or "")


def _item_name(campaign: CampaignView, code: str | None, label: str | None, t: Translator) -> str:
    choice = campaign.definition.item(code) if code else None
    return choice.name(t.language) if choice else (label or "")


def question(step: Step, data: PledgeFlowData, campaign: CampaignView, person: PersonView, t: Translator,
             regions: Regions) -> tuple[str, InlineKeyboardMarkup]:
    """The text and buttons of one question; the region picker (handlers/region_picker.py) asks PICKER_STEPS."""
    if step.kind in PICKER_STEPS:
        raise ValueError(f"{step.kind} is asked by the region picker")
    rules = campaign.definition.pledge
    rows: list[list[InlineKeyboardButton]] = []
    if step.kind is PledgeStep.AMOUNT:
        text = t("pl-ask-amount", min=rules.min_tomans, max=rules.max_tomans)
    elif step.kind is PledgeStep.ITEM:
        lines = []
        for number, (code, price) in enumerate(item_choices(campaign), start=1):
            name = _item_name(campaign, code, None, t)
            lines.append(t("pl-item-line-price", number=number, name=name, price=price) if price
                         else t("pl-item-line", number=number, name=name))
            rows.append(_row(name, PledgeAnswerField.ITEM, str(number - 1)))
        free = campaign.definition.in_kind is not None and campaign.definition.in_kind.free_text
        if free:
            rows.append(_row(t("pl-item-other"), PledgeAnswerField.ITEM, "other"))
        text = "\n".join([t("pl-ask-item-free" if free else "pl-ask-item"), *lines])
    elif step.kind is PledgeStep.ITEM_TEXT:
        text = t("pl-ask-item-text")
    elif step.kind is PledgeStep.QUANTITY:
        choice = campaign.definition.item(data.item or "")
        unit = choice.unit(t.language) if choice and choice.unit else t("pl-unit-default")
        text = t("pl-ask-quantity", unit=unit, max=rules.max_quantity)
    elif step.kind is PledgeStep.AGENCY:
        assert campaign.definition.payroll is not None
        agencies = campaign.definition.payroll.agencies
        for number, agency in enumerate(agencies, start=1):
            rows.append(_row(agency.name(t.language), PledgeAnswerField.AGENCY, str(number - 1)))
        rows.append(_row(t("pay-agency-other"), PledgeAnswerField.AGENCY, "other"))
        lines = [t("pl-item-line", number=n, name=a.name(t.language)) for n, a in enumerate(agencies, start=1)]
        text = "\n".join([t("pay-ask-agency"), *lines])
    elif step.kind is PledgeStep.AGENCY_TEXT:
        text = t("pay-ask-agency-text")
    elif step.kind is PledgeStep.DIGITS:
        text = t("pay-ask-digits", period=format_period(period_of(today_in_iran()), t.language))
    elif step.kind is PledgeStep.QUESTION:
        asked = campaign.definition.questions[step.question]
        if not asked.required:
            return asked.text(t.language), back_skip_keyboard(t)
        text = asked.text(t.language)
    elif step.kind is PledgeStep.REGION:
        options = region_options(person, t, regions)
        rows += [_row(t("pl-item-line", number=n, name=label), PledgeAnswerField.REGION, key) for n,
                 (key, label) in enumerate(options, start=1)]
        text = t("pl-ask-region")
    elif step.kind is PledgeStep.RECURRENCE:
        rows += [_row(t("pl-once"), PledgeAnswerField.RECURRENCE, "once"),
                 _row(t("pl-monthly"), PledgeAnswerField.RECURRENCE, "monthly")]
        text = t("pl-ask-recurrence")
    else:
        rows.append([InlineKeyboardButton(text=t("pl-confirm"), callback_data=PledgeConfirmButton(
            campaign=campaign.id, nonce=data.nonce).pack())])
        text = summary(campaign, data, t, regions)
    rows.append(_back_row(t))
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def region_options(person: PersonView, t: Translator, regions: Regions) -> list[tuple[str, str]]:
    """(key, label) of where the help may go: the person's county, their province, another region, anywhere."""
    options: list[tuple[str, str]] = []
    county, province = regions.county(person.county_code), regions.province(person.province_code)
    if county:
        options.append(("county", t("pl-region-county", name=county.name(t.language))))
    if province:
        options.append(("province", t("pl-region-province", name=province.name(t.language))))
    return [*options, ("other", t("pl-region-other")), ("any", t("pl-region-any"))]


def summary(campaign: CampaignView, data: PledgeFlowData, t: Translator, regions: Regions) -> str:
    """The pledge in words before Confirm: what, where, when, and the answers to custom questions."""
    draft = to_draft(campaign, data)
    today = today_in_iran()
    when = "pl-when-monthly" if draft.recurrence == Recurrence.MONTHLY else "pl-when-once"
    lines = [t("pl-summary", campaign=campaign.title(t.language), what=what_text(campaign, draft, t),
               region=_region_text(draft.province_code, draft.county_code, t, regions),
               when=t(when, due=format_date(pledges.due_on(draft.recurrence, today), t.language)))]
    for question in campaign.definition.questions:
        if question.id in data.answers:
            lines.insert(-1, t("pl-answer-line", question=question.text(t.language), answer=data.answers[question.id]))
    return "\n".join(lines)


def _region_text(province_code: str | None, county_code: str | None, t: Translator, regions: Regions) -> str:
    return region_name(regions, province_code, county_code, t.language) or t("pl-region-anywhere")


def what_text(campaign: CampaignView, draft: PledgeDraft, t: Translator) -> str:
    """The pledge's substance in words: an amount, items, a dowry, payroll digits."""
    if draft.kind == PledgeKind.CASH:
        return t("pl-what-cash", amount=draft.amount or 0)
    if draft.kind == PledgeKind.PAYROLL:
        return t("pl-what-payroll", amount=draft.amount or 0, agency=agency_name(campaign, draft.agency, t),
                 period=format_period(period_of(today_in_iran()), t.language))
    name = _item_name(campaign, draft.item, draft.item, t)
    if campaign.kind == CampaignKind.DOWRY:
        return t("pl-what-dowry", quantity=draft.quantity or 0, item=name, amount=draft.amount or 0)
    choice = campaign.definition.item(draft.item or "")
    unit = choice.unit(t.language) if choice and choice.unit else t("pl-unit-default")
    return t("pl-what-in-kind", quantity=draft.quantity or 0, unit=unit, item=name)


def to_draft(campaign: CampaignView, data: PledgeFlowData) -> PledgeDraft:
    """The pledge to save from the answers (a dowry's amount is its price times the quantity)."""
    amount = data.amount
    choice = campaign.definition.item(data.item or "")
    if campaign.kind == CampaignKind.DOWRY and choice and choice.price_tomans and data.quantity:
        amount = choice.price_tomans * data.quantity
    item = data.item if choice else data.item_label
    return PledgeDraft(campaign_id=campaign.id, kind=PledgeKind(data.kind), amount=amount, item=item,
                       quantity=data.quantity, province_code=data.province_code, county_code=data.county_code,
                       recurrence=Recurrence(data.recurrence), agency=data.agency, answers=dict(data.answers))
