"""Invoice amounts in each platform's unit, the payment settings, and the invoice payload's bounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from campaigns.payments import Checkout, PaymentProvider, checkout_verdict, parse_payload, payload_of
from runtime.config import ConfigError, load_settings
from storage.models.payments import PaymentInvoice


def test_bale_charges_rials_ten_to_a_toman() -> None:
    assert PaymentProvider("bale", "6037991234567890").amount_of(250_000) == 2_500_000
    assert PaymentProvider("bale", "6037991234567890", "USD", Decimal(60_000)).amount_of(1) == 10  # rials whatever


def test_telegram_charges_the_currencys_smallest_unit() -> None:
    assert PaymentProvider("telegram", "t").amount_of(250_000) == 250_000_000  # IRR: rials, two digits
    usd = PaymentProvider("telegram", "t", "USD", Decimal(60_000))  # 60,000 tomans a dollar
    assert usd.amount_of(250_000) == 417  # $4.1666… in cents, rounded half up
    assert usd.amount_of(90_000) == 150
    assert PaymentProvider("telegram", "t", "JPY", Decimal(400)).amount_of(250_000) == 625  # no minor unit
    assert usd.amount_of(1) == 1  # never nothing


def test_payment_settings_from_the_environment() -> None:
    settings = load_settings(_env_file=None, payments_bale_provider_token="6037991234567890",
                             payments_telegram_provider_token="284685063:TEST:abc")
    bale, telegram = settings.payment_provider("bale"), settings.payment_provider("telegram")
    assert bale is not None and (bale.token, bale.currency) == ("6037991234567890", "IRR")
    assert telegram is not None and (telegram.currency, telegram.tomans_per_unit) == ("IRR", Decimal("0.1"))
    assert load_settings(_env_file=None).payment_provider("bale") is None
    assert load_settings(_env_file=None, payments_bale_provider_token="").payment_provider("bale") is None
    with pytest.raises(ConfigError, match="PAYMENTS_TELEGRAM_TOMANS_PER_UNIT"):
        load_settings(_env_file=None, payments_telegram_provider_token="x", payments_telegram_currency="USD")
    with pytest.raises(ConfigError, match="three-letter"):
        load_settings(_env_file=None, payments_telegram_currency="rial")
    usd = load_settings(_env_file=None, payments_telegram_provider_token="x", payments_telegram_currency="USD",
                        payments_telegram_tomans_per_unit="60000").payment_provider("telegram")
    assert usd is not None and usd.amount_of(90_000) == 150


@pytest.mark.parametrize("payload", ["", "pledge", "pledge:1", "pledge:1:", "pledge:x:ab", "pledge:-1:ab",
                                     "pledge:١:ab", "pledge:1:AB", "pledge:1:zz", "plege:1:ab",
                                     "pledge:1234567890123:ab", "pledge:1:" + "a" * 33])
def test_a_payload_not_of_ours_is_refused(payload: str) -> None:
    assert parse_payload(payload) is None


def test_a_payload_names_its_pledge_and_nonce() -> None:
    assert parse_payload(payload_of(42, "0f3a")) == (42, "0f3a")
    assert len(payload_of(10**12 - 1, "f" * 32).encode()) <= 128


def _invoice(**changes: object) -> PaymentInvoice:
    values: dict[str, object] = {"pledge_id": 1, "nonce": "ab", "platform": "bale", "currency": "IRR",
                                 "amount": 2_500_000, "tomans": 250_000}
    return PaymentInvoice(**{**values, **changes})


@pytest.mark.parametrize(("invoice", "status", "amount", "known", "payer", "query", "verdict"), [
    (_invoice(), "pledged", 250_000, True, True, ("IRR", 2_500_000), Checkout.OK),
    (_invoice(), "overdue", 250_000, True, True, ("IRR", 2_500_000), Checkout.OK),
    (_invoice(), "pledged", 250_000, False, False, ("IRR", 2_500_000), Checkout.FORGOTTEN),
    (_invoice(), "pledged", 250_000, True, False, ("IRR", 2_500_000), Checkout.NOT_YOURS),
    (_invoice(platform="telegram"), "pledged", 250_000, True, True, ("IRR", 2_500_000), Checkout.NOT_YOURS),
    (_invoice(), "cancelled", 250_000, True, True, ("IRR", 2_500_000), Checkout.CANCELLED),
    (_invoice(), "fulfilled", 250_000, True, True, ("IRR", 2_500_000), Checkout.ALREADY_PAID),
    (_invoice(), "pledged", 250_000, True, True, ("IRR", 2_500_001), Checkout.AMOUNT),
    (_invoice(), "pledged", 250_000, True, True, ("USD", 2_500_000), Checkout.AMOUNT),
    (_invoice(), "pledged", 300_000, True, True, ("IRR", 2_500_000), Checkout.AMOUNT),  # the pledge changed since
])
def test_the_pre_checkout_verdict(invoice: PaymentInvoice, status: str, amount: int, known: bool, payer: bool,
                                  query: tuple[str, int], verdict: Checkout) -> None:
    assert checkout_verdict(invoice, status, amount, known, payer, "bale", *query) is verdict
