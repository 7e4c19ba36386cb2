"""The callback data of every inline button, in one place: what a press carries back to the bot.

Each class is one kind of button, its actions an enum; `pack()` writes it as `prefix:field:field…` (under
Telegram's 64 bytes) and `parse()` reads it back, or gives None when the text is not that kind of button
or is out of bounds. The bot's handlers match presses with handlers/pressed.py; the worker and the engine
(call-outs, campaign events, the broadcast keyboards) build their buttons with the same classes, and none
of this imports aiogram (docs/decisions.md, "One callbacks package"). Prefixes and packed values never
change once shipped: buttons on old messages keep working. Split by who presses them:

- base: ButtonData (pack, unpack, parse) and the bounded field types;
- people: back/skip/pages, regions, onboarding, profile, volunteer registration;
- giving: campaign pages, pledges, energy reports, the broadcasts people receive;
- assignments: invitations, reminders, rosters, creating an assignment;
- managers: the manager menu, the composer and its audience screen, statistics;
- teens: a guardian's answer to a teen's request, and withdrawing a consent;
- referrals: a volunteer's referral steps, the managers' referral cards and providers;
- payments: paying a pledge inside the chat."""

from __future__ import annotations

from campaigns.callbacks.assignments import (
    AssignmentAction,
    AssignmentButton,
    AssignmentCreateButton,
    AssignmentNeedButton,
    ShiftAction,
    ShiftButton,
)
from campaigns.callbacks.base import (
    MAX_CALLBACK_BYTES,
    MAX_INDEX,
    ButtonData,
    Code,
    Index,
    IndexOrNone,
    RowId,
    RowIdOrZero,
)
from campaigns.callbacks.giving import (
    AreaFeedbackAction,
    AreaFeedbackButton,
    BroadcastReplyButton,
    CampaignAction,
    CampaignButton,
    EnergyAction,
    EnergyButton,
    MyPledgeAction,
    MyPledgeButton,
    PledgeAnswerButton,
    PledgeAnswerField,
    PledgeConfirmButton,
    PledgeStartAction,
    PledgeStartButton,
    StopMessagesButton,
)
from campaigns.callbacks.managers import (
    AUDIENCE_LANGUAGES,
    AUDIENCE_MEMBERSHIPS,
    AUDIENCE_PLATFORMS,
    STATS_EXPORTS,
    AudienceAction,
    AudienceButton,
    ComposerAction,
    ComposerButton,
    ManagerAction,
    ManagerMenuButton,
    StatsAction,
    StatsButton,
)
from campaigns.callbacks.payments import PayAction, PayButton
from campaigns.callbacks.people import (
    EVERY_DAY,
    VOLUNTEER_FIELDS,
    ConsentButton,
    LanguageButton,
    NavAction,
    NavButton,
    ProfileAction,
    ProfileButton,
    RegionAction,
    RegionButton,
    VolunteerAction,
    VolunteerButton,
)
from campaigns.callbacks.referrals import (
    ReferralAction,
    ReferralAssignButton,
    ReferralButton,
    ReferralChoiceButton,
    ReferralChoiceField,
    ReferralSendButton,
)
from campaigns.callbacks.teens import GuardianAction, GuardianButton

__all__ = [
    "AUDIENCE_LANGUAGES",
    "AUDIENCE_MEMBERSHIPS",
    "AUDIENCE_PLATFORMS",
    "EVERY_DAY",
    "MAX_CALLBACK_BYTES",
    "MAX_INDEX",
    "STATS_EXPORTS",
    "VOLUNTEER_FIELDS",
    "AreaFeedbackAction",
    "AreaFeedbackButton",
    "AssignmentAction",
    "AssignmentButton",
    "AssignmentCreateButton",
    "AssignmentNeedButton",
    "AudienceAction",
    "AudienceButton",
    "BroadcastReplyButton",
    "ButtonData",
    "CampaignAction",
    "CampaignButton",
    "Code",
    "ComposerAction",
    "ComposerButton",
    "ConsentButton",
    "EnergyAction",
    "EnergyButton",
    "GuardianAction",
    "GuardianButton",
    "Index",
    "IndexOrNone",
    "LanguageButton",
    "ManagerAction",
    "ManagerMenuButton",
    "MyPledgeAction",
    "MyPledgeButton",
    "NavAction",
    "NavButton",
    "PayAction",
    "PayButton",
    "PledgeAnswerButton",
    "PledgeAnswerField",
    "PledgeConfirmButton",
    "PledgeStartAction",
    "PledgeStartButton",
    "ProfileAction",
    "ProfileButton",
    "ReferralAction",
    "ReferralAssignButton",
    "ReferralButton",
    "ReferralChoiceButton",
    "ReferralChoiceField",
    "ReferralSendButton",
    "RegionAction",
    "RegionButton",
    "RowId",
    "RowIdOrZero",
    "ShiftAction",
    "ShiftButton",
    "StatsAction",
    "StatsButton",
    "StopMessagesButton",
    "VolunteerAction",
    "VolunteerButton",
]
