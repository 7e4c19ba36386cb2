"""Locales and buttons: both languages define the same texts, and every button has words."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from campaigns.assignments import AssignmentView
from campaigns.audit import Actor
from campaigns.broadcasts import ButtonKind, ButtonSpec
from campaigns.callbacks import AUDIENCE_LANGUAGES, AUDIENCE_PLATFORMS, AudienceAction
from campaigns.catalogue import CampaignView
from campaigns.kinds import CampaignStatus, PledgeKind, Recurrence
from campaigns.loader import read_definitions
from campaigns.people import PersonView
from campaigns.pledges import PledgeStatus, PledgeView
from campaigns.regions import Regions, load_regions
from campaigns.roles import GrantView, Scope
from campaigns.volunteers import AXES, SPECIALTIES
from handlers import (
    assignment_answers,
    assignments,
    catalogue,
    compose,
    compose_audience,
    energy,
    manage,
    manage_followup,
    my_pledges,
    onboarding,
    pledge_questions,
    profile,
    stats,
    volunteer_keyboards,
)
from handlers.keyboards import back_skip_keyboard, main_menu
from handlers.manager_common import back_to_menu, manage_menu
from handlers.region_picker import county_keyboard, neighbourhood_keyboard, province_keyboard
from handlers.states import ComposeData, PledgeFlowData
from i18n import LANGUAGES, Translator, message_ids, translator
from storage.models.assignments import AssignmentStatus
from storage.models.roles import RoleLevel
from worker.callouts import roster_markup


def test_persian_and_english_define_the_same_message_ids() -> None:
    fa, en = message_ids("fa"), message_ids("en")
    assert sorted(fa - en) == [], "in Persian only"
    assert sorted(en - fa) == [], "in English only"


def has_words(label: str) -> bool:
    """True when a label has at least one letter or digit (not only emoji, symbols or marks)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in label)


def test_has_words() -> None:
    assert has_words("ادامه") and has_words("Next page") and has_words("۲")
    assert not has_words("✅") and not has_words("⬅️ ➡️") and not has_words("  ") and not has_words("🔙")


BIG_ID = 2_147_483_647  # the largest id a button may carry: callback data must still fit in 64 bytes
NOW = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)


def _campaigns() -> list[CampaignView]:
    """Every shipped campaign, open (so every button a campaign page can show is shown)."""
    folder = Path(__file__).resolve().parents[2] / "campaigns" / "definitions"
    return [CampaignView(id=BIG_ID - i, slug=d.slug, kind=d.kind, definition=d.model_copy(
        update={"status": CampaignStatus.ACTIVE, "starts_on": None, "ends_on": None}))
        for i, d in enumerate(read_definitions(folder))]


def _person(language: str) -> PersonView:
    return PersonView(id=BIG_ID, platform="telegram", platform_user_id=BIG_ID, chat_id=BIG_ID, language=language,
                      first_name="Sara", phone="+989121234567", national_id=None, province_code="isfahan",
                      county_code=load_regions().province("isfahan").counties[0].code,  # type: ignore[union-attr]
                      neighbourhood=None, referral_code="ABCDEFGH", consent_at=NOW, onboarded_at=NOW,
                      created_at=NOW, last_seen_at=NOW)


def _pledge(status: PledgeStatus, kind: PledgeKind = PledgeKind.CASH) -> PledgeView:
    return PledgeView(id=BIG_ID, campaign_id=BIG_ID, kind=kind, amount=500_000, item=None, quantity=None,
                      province_code="isfahan", county_code=None, recurrence=Recurrence.MONTHLY, period=None,
                      status=status, due_on=NOW.date(), created_at=NOW, agency=None, answers={})


def _pledge_questions(t: Translator, regions: Regions) -> list[InlineKeyboardMarkup]:
    """Every question of every kind of pledge to every shipped campaign."""
    person, markups = _person(t.language), []
    for campaign in _campaigns():
        for kind in campaign.definition.pledge.kinds:
            for other in (False, True):
                data = PledgeFlowData(campaign_id=campaign.id, kind=kind.value, nonce=secrets.token_hex(6),
                                      other_item=other, other_agency=other, region="other",
                                      province_code="isfahan", amount=500_000, quantity=2)
                for step in pledge_questions.steps(campaign, data):
                    if step.kind in pledge_questions.PICKER_STEPS:  # the region picker's keyboards, above
                        continue
                    markups.append(pledge_questions.question(step, data, campaign, person, t, regions)[1])
    return markups


def _manager_keyboards(t: Translator) -> list[InlineKeyboardMarkup]:
    national, county = Scope(RoleLevel.SUPER_ADMIN), Scope(RoleLevel.COUNTY, "isfahan", "x")
    grants = [GrantView(id=BIG_ID, person_id=BIG_ID - 1, first_name=None, referral_code="ABCDEFGH",
                        level=level, province_code="isfahan", county_code=None, granted_at=NOW)
              for level in (RoleLevel.NATIONAL, RoleLevel.PROVINCIAL, RoleLevel.COUNTY)]
    listing = [(c, status) for c in _campaigns() for status in ("active", "paused")]
    compose_data = ComposeData(text="x", campaign_id=BIG_ID, buttons=[
        ButtonSpec(kind=ButtonKind.JOIN).to_json(),
        ButtonSpec(kind=ButtonKind.LINK, label=None, value="https://example.org/a-long-path").to_json()])
    return [
        manage_menu(t), back_to_menu(t),
        manage.roles_keyboard(t, national, grants, BIG_ID), manage.roles_keyboard(t, county, grants, BIG_ID),
        manage.levels_keyboard(t, national), manage.campaigns_keyboard(t, listing, True),
        manage.campaigns_keyboard(t, listing, False), manage.audit_keyboard(t, 0, 1000),
        manage.audit_keyboard(t, 5, 1000),
        manage_followup.followup_keyboard(t), manage_followup.approvals_keyboard(t, [BIG_ID, 1]),
        manage_followup.approval_keyboard(t, BIG_ID),
        compose.photo_keyboard(t), compose.buttons_keyboard(t), compose.join_keyboard(_campaigns(), t),
        compose.preview_keyboard(t, compose_data), compose.send_keyboard(t), compose.control_keyboard(t, BIG_ID),
        *(compose_audience.audience_keyboard(t, Actor(BIG_ID, level, "isfahan", "x")) for level in RoleLevel),
        compose_audience.choice_keyboard(t, [t(f"vol-axis-{a}") for a in AXES], AudienceAction.AXIS),
        compose_audience.choice_keyboard(t, [t(f"vol-spec-{s}") for s in SPECIALTIES], AudienceAction.SPECIALTY),
        compose_audience.choice_keyboard(t, [t(f"compose-lang-{c}") for c in AUDIENCE_LANGUAGES],
                                         AudienceAction.LANGUAGE),
        compose_audience.choice_keyboard(t, [t(f"compose-platform-{c}") for c in AUDIENCE_PLATFORMS],
                                         AudienceAction.PLATFORM),
        compose_audience.campaign_keyboard(_campaigns(), t), compose_audience.membership_keyboard(t),
        stats.stats_keyboard(_campaigns(), t),
    ]


def _assignment_keyboards(t: Translator, regions: Regions) -> list[InlineKeyboardMarkup]:
    recent = [AssignmentView(id=BIG_ID, title="Food parcels", place="Hall", province_code="isfahan",
                             county_code=None, axis=None, specialty="nurse", starts_at=NOW, hours=3, headcount=120,
                             accepted=99, deadline=NOW, urgent=urgent, status=AssignmentStatus.OPEN, wave=1,
                             created_by_id=1) for urgent in (False, True)]
    return [
        assignments.need_keyboard(t, False), assignments.need_keyboard(t, True),
        assignments.create_keyboard(t),
        assignment_answers.roster_keyboard(BIG_ID, t), assignment_answers.accepted_keyboard(t, BIG_ID),
        assignment_answers.arrived_keyboard(t, BIG_ID), assignment_answers.list_keyboard(recent, t),
        InlineKeyboardMarkup.model_validate(roster_markup(BIG_ID, t)),
    ]


def _keyboards(language: str) -> list[InlineKeyboardMarkup | ReplyKeyboardMarkup]:
    t = translator(language)
    regions = load_regions()
    person = _person(language)
    campaigns = _campaigns()
    keyboards: list[InlineKeyboardMarkup | ReplyKeyboardMarkup] = [
        main_menu(t), back_skip_keyboard(t), province_keyboard(regions, t, 0), province_keyboard(regions, t, 1),
        county_keyboard(regions, "isfahan", t, 0), county_keyboard(regions, "isfahan", t, 1, back=False),
        county_keyboard(regions, "isfahan", t, 0, whole=t("pl-whole-province", province="اصفهان")),
        county_keyboard(regions, "isfahan", t, 0, whole=t("button-skip")), neighbourhood_keyboard(t),
        volunteer_keyboards.axes_keyboard(t, []), volunteer_keyboards.axes_keyboard(t, ["health"]),
        volunteer_keyboards.specialty_keyboard(t), volunteer_keyboards.days_keyboard(t, ["sat", "fri"]),
        volunteer_keyboards.days_keyboard(t, []), volunteer_keyboards.hours_keyboard(t),
        volunteer_keyboards.on_call_keyboard(t), volunteer_keyboards.region_keyboard(t),
        volunteer_keyboards.summary_keyboard(t),
    ]
    keyboards += profile.all_keyboards(t)
    keyboards += [onboarding._language_keyboard(t), onboarding._yes_no_keyboard(t), onboarding._phone_keyboard(t)]
    # Catalogue and campaign pages: every shipped campaign, member or not; the list on each page.
    keyboards += [catalogue.page_keyboard(c, member, t) for c in campaigns for member in (False, True)]
    keyboards += [catalogue.list_view(campaigns * 3, person, page, t)[1] for page in range(3)]
    keyboards.append(catalogue.mine_keyboard(campaigns, t))
    # Pledges, my pledges, energy.
    keyboards += _pledge_questions(t, regions)
    keyboards.append(my_pledges.pledges_keyboard([_pledge(s) for s in PledgeStatus] * 5, t))
    keyboards += [my_pledges.cancel_keyboard(BIG_ID, t), my_pledges.monthly_cancel_keyboard(BIG_ID, t)]
    keyboards.append(energy.unit_keyboard(BIG_ID, t))
    # Managers: menu, roles, campaigns, audit, follow-up, approvals, composer, audience, stats; assignments.
    keyboards += _manager_keyboards(t)
    keyboards += _assignment_keyboards(t, regions)
    return keyboards


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_button_has_words(language: str) -> None:
    ids = message_ids("fa") | message_ids("en")
    keyboards = _keyboards(language)
    assert len(keyboards) > 100
    for keyboard in keyboards:
        rows = keyboard.inline_keyboard if isinstance(keyboard, InlineKeyboardMarkup) else keyboard.keyboard
        assert rows, "an empty keyboard"
        for row in rows:
            assert row, "an empty row"
            for button in row:
                assert has_words(button.text), f"button without words: {button.text!r}"
                assert button.text not in ids and "{" not in button.text, f"missing or broken text: {button.text}"
                data = getattr(button, "callback_data", None)
                assert data is None or len(data.encode()) <= 64, f"callback data too long: {data}"


def test_selected_toggles_say_so_in_words() -> None:
    t = translator("fa")
    labels = [b.text for row in volunteer_keyboards.axes_keyboard(t, ["health"]).inline_keyboard for b in row]
    assert "سلامت، انتخاب شده" in labels and "فرهنگی" in labels


def test_help_names_every_command_of_the_menu() -> None:
    """/help lists the commands a person finds in the menu (the menu's are handlers/command_menus.py's)."""
    from handlers.command_menus import COMMON_COMMANDS

    for language in ("fa", "en"):
        text = translator(language)("help-text")
        missing = [name for name in COMMON_COMMANDS if name != "help" and f"/{name} " not in text]
        assert missing == [], (language, missing)
