"""Paying a cash pledge inside the chat: the invoice, the pre-checkout's checks, and the payment counted once.

Pledges are kept in tomans. Bale charges in rials (a toman is ten rials); Telegram in the smallest unit of
the configured currency (its `exp`: two digits for most currencies), converted at the configured number of
tomans per unit. The invoice row keeps what it asked for, so the pre-checkout compares the platform's query
with this very invoice and the pledge as it is now. A payment is keyed on the platform's charge id (unique):
a repeated `successful_payment` changes nothing. Provider tokens come from the settings (secrets), never
from campaign files; the bot passes them in as a `PaymentProvider`."""

from __future__ import annotations

import enum
import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from campaigns import pledges
from campaigns.kinds import PledgeKind
from campaigns.pledges import PledgeView
from storage.models import utcnow
from storage.models.payments import PaymentInvoice
from storage.models.pledges import OPEN_STATUSES, PledgeStatus
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

PAYLOAD_PREFIX = "pledge"
RIALS_PER_TOMAN = 10
# Currencies whose smallest unit is the whole unit (Telegram's currencies.json `exp` 0); the others have two.
WHOLE_UNIT_CURRENCIES = frozenset({"CLP", "ISK", "JPY", "KRW", "PYG", "UGX", "VND", "XTR"})


@dataclass(frozen=True)
class PaymentProvider:
    """Where a platform's invoices are paid: the provider token (a secret), the currency, and for Telegram
    how many tomans one unit of that currency is worth (Bale: rials, ten to a toman)."""

    platform: str
    token: str = field(repr=False)  # a secret: never in a repr, a log line or an error message
    currency: str = "IRR"
    tomans_per_unit: Decimal = Decimal("0.1")

    def amount_of(self, tomans: int) -> int:
        """An amount in tomans in the platform's smallest unit of the currency (at least 1)."""
        if self.platform == "bale":
            return tomans * RIALS_PER_TOMAN
        digits = 0 if self.currency in WHOLE_UNIT_CURRENCIES else 2
        units = Decimal(tomans) * (10 ** digits) / self.tomans_per_unit
        return max(1, int(units.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


@dataclass(frozen=True)
class PaymentProviders:
    """The providers one platform's bot takes payments with: the platform's default and the campaigns' own (by
    slug). A campaign with its own provider on this platform uses it, any other the default; None: the
    campaign's payment link or card, as before."""

    default: PaymentProvider | None = None
    campaigns: Mapping[str, PaymentProvider] = field(default_factory=dict, repr=False)

    def of(self, slug: str | None) -> PaymentProvider | None:
        """The provider of the campaign with this slug on this platform (its own, else the default)."""
        return self.campaigns.get(slug, self.default) if slug is not None else self.default


CAMPAIGN_PROVIDER_KEYS = frozenset({"bale", "telegram", "telegram_currency", "telegram_tomans_per_unit"})


def campaign_providers(raw: str) -> dict[str, dict[str, PaymentProvider]]:
    """PAYMENTS_CAMPAIGN_PROVIDERS as {slug: {platform: provider}}: a JSON object mapping a campaign's slug to
    {"bale": token, "telegram": token, "telegram_currency": "USD", "telegram_tomans_per_unit": "60000"} (every
    key optional; a Telegram currency other than IRR needs its rate). Raises ValueError with a message that
    names the campaign and the key, never a token."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError('is not valid JSON; write {"<campaign slug>": {"bale": "<provider token>"}}') from None
    if not isinstance(data, dict):
        raise ValueError('should be a JSON object: {"<campaign slug>": {"bale": "<provider token>"}}')
    found: dict[str, dict[str, PaymentProvider]] = {}
    for slug, entry in data.items():
        if not isinstance(entry, dict) or not entry:
            raise ValueError(f"campaign '{slug}' should map to an object such as {{\"bale\": \"<provider token>\"}}")
        unknown = sorted(str(key) for key in entry if key not in CAMPAIGN_PROVIDER_KEYS)
        if unknown:
            raise ValueError(f"campaign '{slug}' has unknown keys {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(CAMPAIGN_PROVIDER_KEYS))})")
        for platform in ("bale", "telegram"):
            if platform in entry and (not isinstance(entry[platform], str) or not entry[platform].strip()):
                raise ValueError(f"campaign '{slug}': '{platform}' should be a provider token (non-empty text)")
        currency = entry.get("telegram_currency", "IRR")
        if not (isinstance(currency, str) and len(currency) == 3 and currency.isascii() and currency.isalpha()
                and currency.isupper()):
            raise ValueError(f"campaign '{slug}': 'telegram_currency' should be a three-letter code such as IRR")
        rate_text = entry.get("telegram_tomans_per_unit")
        try:
            rate = Decimal(str(rate_text)) if rate_text is not None else None
        except ArithmeticError:
            rate = Decimal(0)
        if rate is not None and not (rate.is_finite() and rate > 0):
            raise ValueError(f"campaign '{slug}': 'telegram_tomans_per_unit' should be a number above 0")
        if "telegram" in entry and currency != "IRR" and rate is None:
            raise ValueError(f"campaign '{slug}': 'telegram_currency' other than IRR needs 'telegram_tomans_per_unit'")
        own: dict[str, PaymentProvider] = {}
        if "bale" in entry:
            own["bale"] = PaymentProvider("bale", entry["bale"].strip(), "IRR")
        if "telegram" in entry:
            own["telegram"] = PaymentProvider("telegram", entry["telegram"].strip(), currency,
                                              rate if rate is not None else Decimal("0.1"))
        found[str(slug)] = own
    return found


@dataclass(frozen=True)
class InvoiceView:
    """An invoice to send: what it charges and the payload that names the pledge and this invoice."""

    pledge_id: int
    campaign_id: int
    payload: str
    currency: str
    amount: int
    tomans: int


class Checkout(enum.StrEnum):
    """The pre-checkout's verdict (locale id: pay-refused-<code> for the refusals)."""

    OK = "ok"
    UNKNOWN = "unknown"  # no such invoice (a forged or mangled payload) or no such pledge
    FORGOTTEN = "forgotten"  # the donor asked to be forgotten; the pledge is no one's
    NOT_YOURS = "not-yours"  # another account pays someone else's invoice
    CANCELLED = "cancelled"
    ALREADY_PAID = "already-paid"
    AMOUNT = "amount"  # the query's amount or currency is not the invoice's, or the pledge's amount changed


class Recorded(enum.StrEnum):
    """What a successful payment did."""

    FULFILLED = "fulfilled"  # the pledge was open: now fulfilled
    NOT_OPEN = "not-open"  # paid, but the pledge was no longer open (kept for a manager to reconcile)
    UNKNOWN = "unknown"  # paid for no invoice this bot knows (kept, with no pledge)
    REPEAT = "repeat"  # this charge id was recorded already: nothing changed


@dataclass(frozen=True)
class PaymentResult:
    """A successful payment as handled: what it did, for which pledge and campaign, and how much."""

    recorded: Recorded
    pledge_id: int | None
    campaign_id: int | None
    tomans: int


def payable(pledge: PledgeView) -> bool:
    """A pledge that can be paid inside the chat: an open cash pledge with an amount."""
    return pledge.kind == PledgeKind.CASH and bool(pledge.amount) and pledge.status.value in OPEN_STATUSES


def payload_of(pledge_id: int, nonce: str) -> str:
    """The invoice payload: the pledge's id and the invoice's nonce (well under the 128 bytes allowed)."""
    return f"{PAYLOAD_PREFIX}:{pledge_id}:{nonce}"


def parse_payload(payload: str) -> tuple[int, str] | None:
    """The pledge id and nonce of a payload, or None when it is not one of ours."""
    prefix, _, rest = payload.partition(":")
    pledge_id, _, nonce = rest.partition(":")
    if prefix != PAYLOAD_PREFIX or not pledge_id.isascii() or not pledge_id.isdigit() or len(pledge_id) > 12:
        return None
    if not nonce or len(nonce) > 32 or not all(c in "0123456789abcdef" for c in nonce):
        return None
    return int(pledge_id), nonce


async def open_invoice(uow: UnitOfWork, person_id: int, pledge_id: int,
                       provider: PaymentProvider) -> InvoiceView | None:
    """Make an invoice for one of a person's payable pledges (commits); None when it is not theirs or not
    payable (paid, cancelled, in kind, or without an amount)."""
    pledge = await pledges.get(uow, person_id, pledge_id)
    if pledge is None or not payable(pledge) or pledge.amount is None:
        return None
    nonce = secrets.token_hex(8)
    amount = provider.amount_of(pledge.amount)
    await uow.payments.add_invoice(PaymentInvoice(
        pledge_id=pledge.id, nonce=nonce, platform=provider.platform, currency=provider.currency, amount=amount,
        tomans=pledge.amount, created_at=utcnow()))
    await uow.commit()
    return InvoiceView(pledge_id=pledge.id, campaign_id=pledge.campaign_id, payload=payload_of(pledge.id, nonce),
                       currency=provider.currency, amount=amount, tomans=pledge.amount)


async def pledge_to_pay(uow: UnitOfWork, person_id: int, campaign_id: int) -> PledgeView | None:
    """The person's pledge a monthly reminder asks to pay: their newest payable pledge to the campaign."""
    for pledge in await pledges.of_person(uow, person_id):
        if pledge.campaign_id == campaign_id and payable(pledge):
            return pledge
    return None


async def check_checkout(uow: UnitOfWork, platform: str, user_id: int, payload: str, currency: str,
                         total_amount: int) -> Checkout:
    """Whether a pre-checkout may go on: the invoice and its pledge exist, the payer is the pledge's donor
    (not forgotten), the pledge is neither paid nor cancelled, and the amount is the invoice's. Reads only."""
    parsed = parse_payload(payload)
    found = await uow.payments.invoice_with_pledge(*parsed) if parsed else None
    if found is None:
        verdict = Checkout.UNKNOWN
    else:
        invoice, pledge, donor = found
        known = donor is not None and donor.forgotten_at is None
        payer = donor is not None and (donor.platform, donor.platform_user_id) == (platform, user_id)
        verdict = checkout_verdict(invoice, pledge.status, pledge.amount, known, payer, platform, currency,
                                   total_amount)
    if verdict is not Checkout.OK:
        log.warning("pre-checkout refused", extra={"platform": platform, "reason": verdict.value,
                                                    "pledge": parsed[0] if parsed else None})
    return verdict


def checkout_verdict(invoice: PaymentInvoice, status: str, amount: int | None, donor_known: bool,
                     payer_is_donor: bool, platform: str, currency: str, total_amount: int) -> Checkout:
    """The verdict on a pre-checkout for this invoice, given its pledge's status and amount now, whether the donor
    is still known and is the payer, and what the platform's query says."""
    if not donor_known:
        return Checkout.FORGOTTEN
    if not payer_is_donor or invoice.platform != platform:
        return Checkout.NOT_YOURS
    if status == PledgeStatus.CANCELLED.value:
        return Checkout.CANCELLED
    if status == PledgeStatus.FULFILLED.value:
        return Checkout.ALREADY_PAID
    if (invoice.currency, invoice.amount, invoice.tomans) != (currency, total_amount, amount):
        return Checkout.AMOUNT
    return Checkout.OK


async def record_payment(uow: UnitOfWork, platform: str, payload: str, currency: str, total_amount: int,
                         charge_id: str, provider_charge_id: str | None) -> PaymentResult:
    """Count a successful payment once, keyed on its charge id: the payment stored, its pledge fulfilled (so the
    campaign's totals count it at once); one commit. A repeat changes nothing (REPEAT, with a log line)."""
    parsed = parse_payload(payload)
    found = await uow.payments.invoice_with_pledge(*parsed) if parsed else None
    invoice, pledge = (found[0], found[1]) if found else (None, None)
    tomans = invoice.tomans if invoice is not None else 0
    payment_id = await uow.payments.record_once(dict(
        platform=platform, charge_id=charge_id, provider_charge_id=provider_charge_id,
        invoice_id=invoice.id if invoice else None, pledge_id=pledge.id if pledge else None,
        campaign_id=pledge.campaign_id if pledge else None, currency=currency, amount=total_amount, tomans=tomans,
        paid_at=utcnow()))
    pledge_id, campaign_id = (pledge.id, pledge.campaign_id) if pledge else (None, None)
    if payment_id is None:
        await uow.rollback()
        log.info("repeated successful_payment ignored", extra={"platform": platform, "pledge": pledge_id})
        return PaymentResult(Recorded.REPEAT, pledge_id, campaign_id, tomans)
    if pledge_id is None:
        recorded = Recorded.UNKNOWN
    elif await uow.pledges.update_open(pledge_id, status=PledgeStatus.FULFILLED.value, fulfilled_at=utcnow()):
        recorded = Recorded.FULFILLED
    else:
        recorded = Recorded.NOT_OPEN
    await uow.commit()
    if recorded is not Recorded.FULFILLED:
        log.warning("payment kept for a manager to reconcile", extra={
            "platform": platform, "pledge": pledge_id, "reason": recorded.value, "payment": payment_id})
    else:
        log.info("pledge paid in the chat", extra={"platform": platform, "pledge": pledge_id, "payment": payment_id})
    return PaymentResult(recorded, pledge_id, campaign_id, tomans)


async def paid_in_chat(uow: UnitOfWork, campaign_id: int) -> int:
    """Tomans paid to a campaign inside the chat so far."""
    return await uow.payments.paid_tomans(campaign_id)
