"""Every Hamyar table; importing this module registers them all on Base.metadata."""

from storage.models.assignments import Assignment, AssignmentResponse, AssignmentWave, HoursEntry  # noqa: F401
from storage.models.base import Base, UTCDateTime, utcnow
from storage.models.broadcasts import Broadcast, Delivery, Schedule, ScheduleFiring  # noqa: F401
from storage.models.campaigns import Campaign, Membership
from storage.models.dashboard import SpentDashboardToken  # noqa: F401
from storage.models.guardians import BirthYear, GuardianConsent, TeenAssignment  # noqa: F401
from storage.models.payments import Payment, PaymentInvoice  # noqa: F401
from storage.models.people import Person
from storage.models.pledges import EnergyReport, Pledge
from storage.models.referrals import Referral, ServiceProvider  # noqa: F401
from storage.models.roles import ApprovalRequest, AuditEntry, RoleGrant  # noqa: F401
from storage.models.shifts_feedback import AreaFeedbackOptOut, AreaFigures, ShiftAnswer, ShiftReminder  # noqa: F401
from storage.models.volunteers import Volunteer

__all__ = ["Base", "Campaign", "EnergyReport", "Membership", "Person", "Pledge", "UTCDateTime",
           "Volunteer", "utcnow"]
