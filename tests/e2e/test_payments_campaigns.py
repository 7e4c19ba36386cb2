"""A campaign's own payment provider (PAYMENTS_CAMPAIGN_PROVIDERS, from the environment): its invoices go to its own
token, another campaign's to the platform's default; a campaign with neither shows its card as before; a malformed
setting stops the start with a line naming the setting and never the token."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest

from emulator import UserClient
from runtime.config import ConfigError, load_settings
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap

DEFAULT_TOKEN = "6037991234567890"  # the platform's default (a card number, as Bale allows)
WHEELCHAIRS_TOKEN = "6219861000000001"  # the wheelchair campaign's own
OWN = json.dumps({"energy-wheelchairs": {"bale": WHEELCHAIRS_TOKEN}})


@pytest.fixture
async def two_providers(db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar on Bale with a default provider and the wheelchair campaign's own."""
    harness = await Harness.start(db_url, redis_url, platform="bale", payments_bale_provider_token=DEFAULT_TOKEN,
                                  payments_campaign_providers=OWN)
    yield harness
    await harness.stop()


@pytest.fixture
async def own_only(db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar on Bale with no default provider: only the wheelchair campaign has one."""
    harness = await Harness.start(db_url, redis_url, platform="bale", payments_campaign_providers=OWN)
    yield harness
    await harness.stop()


async def pledged(hamyar: Harness, user_id: int, slug: str, amount: str) -> UserClient:
    """A newcomer who pledges `amount` tomans once to the campaign `slug` and confirms it."""
    user = await journeys.open_campaign(hamyar, user_id, slug)
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک را به تومان بنویسید")
    region = await say(user, amount, "کمک شما به کجا برسد")
    await tap(user, region.button_texts()[1], "یک‌بار کمک می‌کنید یا هر ماه")
    await say(user, "یک‌بار", "لطفاً تعهد خود را بررسی کنید")
    await tap(user, "تأیید", "تعهد شما ثبت شد")
    return user


async def paid_with(hamyar: Harness, user: UserClient, user_id: int) -> str | None:
    """The invoice paid from the offer's button; the provider token the emulator saw on it."""
    await expect(user, "بی‌آنکه از گفتگو بیرون بروید")
    await user.press("پرداخت در همین گفتگو")
    invoice = await user.wait_for_message(lambda m: m.kind == "invoice", only=True)
    outcome = await user.pay()
    assert outcome.paid, outcome
    await expect(user, "پرداخت شما انجام شد")
    [pledge] = await journeys.pledges(hamyar, user_id)
    assert pledge.status == "fulfilled"
    return (invoice.invoice or {}).get("provider_token")


async def test_each_campaign_paid_through_its_own_provider(two_providers: Harness) -> None:
    wheelchairs = await pledged(two_providers, 7101, "energy-wheelchairs", "۱۰۰٬۰۰۰")
    dowry = await pledged(two_providers, 7102, "dowry-sets", "۲۵۰٬۰۰۰")
    assert await paid_with(two_providers, wheelchairs, 7101) == WHEELCHAIRS_TOKEN
    assert await paid_with(two_providers, dowry, 7102) == DEFAULT_TOKEN


async def test_a_campaign_with_no_provider_shows_its_card(own_only: Harness) -> None:
    dowry = await pledged(own_only, 7201, "dowry-sets", "۲۵۰٬۰۰۰")
    saved = [m for m in dowry.messages() if "تعهد شما ثبت شد" in (m.text or "")][-1]
    assert "6037-9975-0000-0000" in (saved.text or "") or "۶۰۳۷" in (saved.text or ""), dowry.dump()
    listing = await say(dowry, "/pledges", "تعهدهای شما")
    assert "پرداخت" not in " ".join(listing.button_texts()), dowry.dump()  # only Cancel: nothing to pay here

    wheelchairs = await pledged(own_only, 7202, "energy-wheelchairs", "۱۰۰٬۰۰۰")
    assert await paid_with(own_only, wheelchairs, 7202) == WHEELCHAIRS_TOKEN


@pytest.mark.parametrize("value", [
    '{"energy-wheelchairs": {"bale": "6219861000000001"',  # not JSON
    '{"energy-wheelchairs": {"bael": "6219861000000001"}}',  # a misspelt key
    '{"energy-wheelchairs": {"telegram": "6219861000000001", "telegram_currency": "USD"}}',  # no rate
    '["6219861000000001"]',
])
def test_a_malformed_setting_is_refused_at_start(value: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(_env_file=None, payments_campaign_providers=value)
    message = str(refused.value)
    assert message.startswith("Bad configuration: PAYMENTS_CAMPAIGN_PROVIDERS"), message
    assert "6219861000000001" not in message


async def test_a_slug_no_campaign_has_is_warned_of_at_start(db_url: str, redis_url: str | None,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    value = json.dumps({"energy-wheelchairs": {"bale": WHEELCHAIRS_TOKEN}, "energy-wheelchairz": {"bale": "61"}})
    with caplog.at_level(logging.WARNING, logger="campaigns.startup"):
        harness = await Harness.start(db_url, redis_url, platform="bale", payments_campaign_providers=value)
        await harness.stop()
    warned = [r for r in caplog.records if "PAYMENTS_CAMPAIGN_PROVIDERS" in r.getMessage()]
    assert [getattr(r, "slug", None) for r in warned] == ["energy-wheelchairz"], caplog.text
    assert WHEELCHAIRS_TOKEN not in caplog.text


def test_a_slug_no_campaign_has_yet_is_accepted() -> None:
    settings = load_settings(_env_file=None, payments_campaign_providers='{"next-year": {"bale": "6219861000000001"}}')
    assert settings.payment_providers("bale").of("next-year") is not None
    assert settings.payment_providers("bale").of("dowry-sets") is None
    assert "6219861000000001" not in repr(settings) + repr(settings.payment_providers("bale"))
