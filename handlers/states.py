"""Every conversation state, and the validated shape of each conversation's data."""

from __future__ import annotations

from typing import Any, TypeVar

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class Onboarding(StatesGroup):
    """First contact: language, consent, phone; then the region picker (province, county, neighbourhood)."""

    language = State()
    consent = State()
    phone = State()
    birth_year = State()  # before the phone, when the link's campaign asks it (a teen's phone is not asked)


class OnboardingData(BaseModel):
    """What onboarding carries between steps."""

    campaign_slug: str | None = None
    referral: str | None = None
    editing: bool = False
    ask_year: bool = False  # the link's campaign is for teens or adults and the year is not known yet
    teen: bool = False  # the year given makes the person a teen: no phone number is asked


async def load(state: FSMContext, model: type[M]) -> M:
    """The conversation's data, validated; a shape from an older version starts afresh."""
    raw: dict[str, Any] = await state.get_data()
    try:
        return model.model_validate(raw)
    except ValueError:
        return model()


async def save(state: FSMContext, data: BaseModel) -> None:
    """Store the conversation's data."""
    await state.set_data(data.model_dump())


class VolunteerReg(StatesGroup):
    """Volunteer registration: axes, specialty, days, hours, on call, region, national ID, skills, summary."""

    axes = State()
    specialty = State()
    days = State()
    hours = State()
    on_call = State()
    region = State()
    national_id = State()
    skills = State()
    summary = State()
    birth_year = State()  # asked first when the year is not known yet (handlers/teens.py answers it)


class Guardian(StatesGroup):
    """A guardian typing a teen's code after /guardian (handlers/teens.py)."""

    code = State()


class CampaignJoin(StatesGroup):
    """Joining a campaign that says who it is for: the year of birth first (handlers/teens.py)."""

    birth_year = State()


class CampaignJoinData(BaseModel):
    """The campaign being joined while its year of birth is asked."""

    campaign_id: int = 0


class VolunteerData(BaseModel):
    """The registration being filled in; saved to the database only at the summary's confirm."""

    axes: list[str] = []
    specialty: str | None = None
    days: list[str] = []
    hours: str | None = None
    on_call: bool | None = None
    province_code: str | None = None
    county_code: str | None = None
    national_id: str | None = None
    skills: str | None = None
    editing: bool = False


class ProfileEdit(StatesGroup):
    """Editing one field of /me, or confirming /forget."""

    language = State()
    phone = State()
    neighbourhood = State()
    national_id = State()
    forget = State()


class PledgeFlow(StatesGroup):
    """Making a pledge: what, how much, the campaign's questions, where to, how often, confirm."""

    amount = State()
    item = State()
    item_text = State()
    quantity = State()
    agency = State()
    agency_text = State()
    digits = State()
    question = State()
    region = State()
    region_province = State()  # another region: the region picker asks province and county, and hands back
    region_county = State()  # in this state
    recurrence = State()
    confirm = State()


class PledgeFlowData(BaseModel):
    """The pledge being put together; saved only at Confirm, under the nonce's idempotency key."""

    campaign_id: int = 0
    kind: str = "cash"
    amount: int | None = None
    item: str | None = None
    item_label: str | None = None
    other_item: bool = False
    quantity: int | None = None
    agency: str | None = None
    other_agency: bool = False
    answers: dict[str, str] = {}
    question: int = 0
    region: str | None = None  # county | province | other | any
    province_code: str | None = None
    county_code: str | None = None
    recurrence: str = "once"
    nonce: str = ""


class EnergyFlow(StatesGroup):
    """Reporting electricity use in the energy-saving drive: unit, baseline, a month's use."""

    unit = State()
    baseline = State()
    month = State()


class EnergyFlowData(BaseModel):
    """The energy report under way."""

    campaign_id: int = 0
    unit: str = "kwh"


class Manage(StatesGroup):
    """The manager menu's typed steps: granting a role, loading a campaign, pledge follow-up."""

    grant_who = State()
    grant_level = State()
    campaign_file = State()
    fulfil_id = State()
    payments_file = State()


class ManageData(BaseModel):
    """What a manager's typed step carries."""

    person_id: int | None = None
    level: str | None = None


class Compose(StatesGroup):
    """The broadcast composer: text, photo, buttons, audience, preview, schedule."""

    text = State()
    photo = State()
    buttons = State()
    link_label = State()
    link_url = State()
    audience = State()
    preview = State()
    schedule = State()


class ComposeData(BaseModel):
    """The broadcast being composed; nothing is stored until it is sent or held for approval."""

    text: str = ""
    photo: str | None = None
    buttons: list[dict[str, str | None]] = []
    campaign_id: int | None = None
    link_label: str | None = None
    provinces: list[str] = []
    counties: list[str] = []
    axes: list[str] = []
    specialties: list[str] = []
    member_campaign: int | None = None
    membership: str | None = None
    languages: list[str] = []
    platforms: list[str] = []


class AssignmentNew(StatesGroup):
    """A manager creates an assignment or a call-out: title, place, region, need, when, N, deadline."""

    title = State()
    place = State()
    county = State()  # steps 3 and 4: the region picker asks, and hands back in this state
    need = State()
    when = State()
    headcount = State()
    deadline = State()
    confirm = State()


class AssignmentDraft(BaseModel):
    """The assignment being put together; stored only at Create."""

    urgent: bool = False
    title: str = ""
    place: str = ""
    province_code: str | None = None
    county_code: str | None = None
    axis: str | None = None
    specialty: str | None = None
    starts_at: str | None = None  # ISO, UTC
    headcount: int = 0
    deadline: str | None = None  # ISO, UTC


class ReferralNew(StatesGroup):
    """A volunteer on a call-out refers a person (handlers/referrals.py): need, urgency, region, note, consent,
    name and phone (only with consent), confirm."""

    need = State()
    urgency = State()
    region = State()  # the region picker asks, and hands back in this state
    note = State()
    consent = State()
    name = State()
    phone = State()
    confirm = State()


class ReferralDraft(BaseModel):
    """The referral being put together; stored only at Send, under the nonce."""

    assignment_id: int = 0
    callout_province: str | None = None
    need: str | None = None
    urgency: str | None = None
    province_code: str | None = None
    county_code: str | None = None
    note: str | None = None
    consent: bool = False
    name: str | None = None
    phone: str | None = None
    nonce: str = ""


class ProviderNew(StatesGroup):
    """A manager enters a service provider (handlers/referral_providers.py): kind, name, contact, region."""

    kind = State()
    name = State()
    contact = State()
    region = State()  # the region picker asks (a national manager), and hands back in this state


class ProviderDraft(BaseModel):
    """The provider being entered; stored once its region is known."""

    kind: str | None = None
    name: str = ""
    contact: str | None = None


class Browse(StatesGroup):
    """Looking at the campaign list: a typed number or name opens a campaign."""

    catalogue = State()


class RegionPicker(StatesGroup):
    """The region picker every conversation shares (handlers/region_picker.py): province, county, neighbourhood."""

    province = State()
    county = State()
    neighbourhood = State()


class RegionPickerData(BaseModel):
    """A region being picked, kept under its own key beside the data of the conversation that asked for it.

    `purpose` names the registered continuation the answer goes to; `caller_state` is the state that
    conversation was in, put back before its continuation (or its Back) runs."""

    purpose: str
    caller_state: str | None = None
    with_county: bool = True
    whole_province: bool = False
    with_neighbourhood: bool = False
    back: bool = True
    province_fixed: bool = False
    province_code: str | None = None
    county_code: str | None = None
    page: int = 0
