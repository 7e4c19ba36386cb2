"""The campaign engine: audiences, the outbox, rate-limited sending, control and schedules."""

from campaigns.broadcasts.audience import Exclusions, Recipient
from campaigns.broadcasts.control import Progress, cancel, pause, progress, resume
from campaigns.broadcasts.dto import (
    BroadcastRefused,
    ButtonKind,
    ButtonSpec,
    Membership,
    MessageSpec,
    Outgoing,
    Refusal,
    Segment,
)
from campaigns.broadcasts.limiter import Limiter, MemoryLimiter, RedisLimiter, create_limiter
from campaigns.broadcasts.schedules import create_schedule, parse_when
from campaigns.broadcasts.sender import SendConfig, Sender, SendLoop
from campaigns.broadcasts.service import BroadcastPlan, Manager, create_broadcast, opt_out, optin

__all__ = [
    "BroadcastPlan",
    "BroadcastRefused",
    "ButtonKind",
    "ButtonSpec",
    "Exclusions",
    "Limiter",
    "Manager",
    "Membership",
    "MemoryLimiter",
    "MessageSpec",
    "Outgoing",
    "Progress",
    "Recipient",
    "RedisLimiter",
    "Refusal",
    "Segment",
    "SendConfig",
    "SendLoop",
    "Sender",
    "cancel",
    "create_broadcast",
    "create_limiter",
    "create_schedule",
    "opt_out",
    "optin",
    "parse_when",
    "pause",
    "progress",
    "resume",
]
