"""Settings of both programs (the bot and the worker) from the environment and `.env`, validated once at start."""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from campaigns.broadcasts.quiet import parse_quiet_hours
from campaigns.payments import PaymentProvider, PaymentProviders, campaign_providers
from storage.db import default_database_url

ROOT = Path(__file__).resolve().parent.parent


class Platform(enum.StrEnum):
    """A messenger whose Bot API Hamyar speaks."""

    TELEGRAM = "telegram"
    BALE = "bale"


class ConfigError(Exception):
    """Bad configuration; the message is one line a person can act on."""


def exit_code(program: Callable[[], int]) -> int:
    """Run a program's body for its exit code: bad configuration ends with one line on stderr and 2,
    Ctrl+C with 130 (both programs end the same way)."""
    try:
        return program()
    except ConfigError as exc:
        print(f"hamyar: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


class BotSpec:
    """What one bot needs to run: its platform, token and Bot API server."""

    def __init__(self, platform: Platform, token: str, api_base: str) -> None:
        self.platform = platform
        self.token = token
        self.api_base = api_base.rstrip("/")

    @property
    def bot_id(self) -> int:
        """The bot's numeric id, the part of the token before the colon."""
        return int(self.token.split(":", 1)[0])

    @property
    def key(self) -> str:
        """"platform:bot id": the name of this bot's send budget, the same in the bot and the worker."""
        return f"{self.platform.value}:{self.bot_id}"


class Settings(BaseSettings):
    """Everything Hamyar reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_token: SecretStr | None = None
    bale_token: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    bale_api_base: str = "https://tapi.bale.ai"

    database_url: str = Field(default_factory=default_database_url)
    redis_url: str | None = None
    db_pool_size: int = Field(default=20, ge=1, le=500)

    mode: Literal["polling", "webhook"] = "polling"
    webhook_base_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Parallel connections the platform may open to this webhook (setWebhook's max_connections).
    webhook_max_connections: int = Field(default=40, ge=1, le=100)

    campaigns_dir: Path = ROOT / "campaigns" / "definitions"
    super_admins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"
    log_format: Literal["json", "text"] = "json"
    # The programs' event loop: uvloop (the default; runtime/loop.py) or Python's own.
    event_loop: Literal["uvloop", "asyncio"] = "uvloop"

    # Sending limits per bot (Telegram's published numbers; Bale publishes none).
    send_rate: float = Field(default=30.0, gt=0)
    paid_broadcast: bool = False
    paid_broadcast_rate: float = Field(default=1000.0, gt=0)
    per_chat_rate: float = Field(default=1.0, gt=0)
    per_group_per_minute: int = Field(default=20, gt=0)
    # One budget per bot shared by the bot and the worker: messages/s kept for replies (default a fifth
    # of SEND_RATE; broadcasts get the rest), and how many seconds' worth of SEND_RATE replies may burst.
    reply_reserve: float | None = None
    reply_burst: float = Field(default=0.5, ge=0, lt=1)
    # Prometheus /metrics of the bot or the worker on this port (0 = off).
    metrics_port: int = Field(default=9100, ge=0, le=65535)
    # Ordinary broadcasts wait out these hours, Iran time ("" for none); a campaign's own quiet_hours wins.
    quiet_hours: str = "22:00-08:00"
    # Two-person rule: a broadcast to more people than this needs a second manager's approval.
    broadcast_approval_threshold: int = Field(default=1000, ge=0)
    # Flood throttle: more than THROTTLE_RATE updates from one person in THROTTLE_WINDOW seconds are
    # dropped (the person is told once). 0 turns it off. 10 in 3 s lets an album of 10 photos and quick
    # tapping through a list pass; only a script or a stuck key sustains more than about 3 a second.
    throttle_rate: int = Field(default=10, ge=0)
    throttle_window: float = Field(default=3.0, gt=0, le=3600)

    # The managers' web dashboard (`python -m bot dashboard`): its port, the public address the bot's
    # /dashboard links point at, the key that signs them, and how long an unused session stays open.
    dashboard_port: int = Field(default=8090, ge=1, le=65535)
    dashboard_base_url: str = "http://127.0.0.1:8090"
    dashboard_secret: SecretStr | None = None
    dashboard_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)

    # Payments inside the chat (secrets: from the environment, never from campaign files). Without a platform's
    # provider token its pledges show the campaign's payment link or card, as before. Bale charges in rials;
    # Telegram in PAYMENTS_TELEGRAM_CURRENCY, at PAYMENTS_TELEGRAM_TOMANS_PER_UNIT tomans a unit (IRR: 0.1).
    payments_bale_provider_token: SecretStr | None = None
    payments_telegram_provider_token: SecretStr | None = None
    payments_telegram_currency: str = "IRR"
    payments_telegram_tomans_per_unit: Decimal | None = Field(default=None, gt=0)
    # A campaign's own providers, by its slug (JSON; campaigns/payments.py's campaign_providers): a campaign not
    # named here, or not on that platform, uses the platform's provider above. Kept as a secret, whole.
    payments_campaign_providers: SecretStr | None = None
    _campaign_providers: dict[str, dict[str, PaymentProvider]] = PrivateAttr(default_factory=dict)

    @field_validator("telegram_token", "bale_token", "redis_url", "webhook_base_url", "reply_reserve",
                     "dashboard_secret", "payments_bale_provider_token", "payments_telegram_provider_token",
                     "payments_telegram_tomans_per_unit", "payments_campaign_providers", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        """An empty value in the environment means the setting is not set."""
        return None if value == "" else value

    @field_validator("dashboard_base_url")
    @classmethod
    def _check_dashboard_base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("should start with http:// or https:// (the address managers open)")
        return value.rstrip("/")

    @field_validator("quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str) -> str:
        try:
            parse_quiet_hours(value)
        except ValueError:
            raise ValueError("should look like 22:00-08:00 (Iran time), or be empty for none") from None
        return value

    @field_validator("super_admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().startswith("["):
            try:
                value = json.loads(value)  # the JSON list form pydantic-settings users may know
            except json.JSONDecodeError:
                raise ValueError("is not a valid list; write telegram:<user id>,bale:<user id>") from None
        elif isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        for item in value if isinstance(value, list) else []:
            platform, _, user_id = str(item).partition(":")
            if platform not in ("telegram", "bale") or not user_id.isdigit():
                raise ValueError(f"'{item}' should look like telegram:<user id> or bale:<user id>")
        return value

    @model_validator(mode="after")
    def _check(self) -> Settings:
        for name in ("telegram_token", "bale_token"):
            secret = getattr(self, name)
            if secret is not None:
                head, _, tail = secret.get_secret_value().partition(":")
                if not head.isdigit() or not tail:
                    raise ValueError(
                        f"{name.upper()} does not look like a bot token (expected '<digits>:<secret>')"
                    )
        if not (self.database_url.startswith("sqlite+aiosqlite://")
                or self.database_url.startswith("postgresql+asyncpg://")):
            raise ValueError(
                "DATABASE_URL must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
            )
        if self.redis_url is not None and not self.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("REDIS_URL must start with redis:// or rediss://")
        if self.reply_reserve is None:
            self.reply_reserve = self.send_rate * 0.2
        if not 0 <= self.reply_reserve_rate < self.send_rate:
            raise ValueError(f"REPLY_RESERVE must be at least 0 and below SEND_RATE ({self.send_rate:g}); "
                             f"it is {self.reply_reserve_rate:g}")
        if not (len(self.payments_telegram_currency) == 3 and self.payments_telegram_currency.isalpha()
                and self.payments_telegram_currency.isupper()):
            raise ValueError("PAYMENTS_TELEGRAM_CURRENCY must be a three-letter currency code such as IRR or USD")
        if (self.payments_telegram_provider_token is not None and self.payments_telegram_currency != "IRR"
                and self.payments_telegram_tomans_per_unit is None):
            raise ValueError("PAYMENTS_TELEGRAM_CURRENCY other than IRR needs PAYMENTS_TELEGRAM_TOMANS_PER_UNIT "
                             "(how many tomans one unit of that currency is worth)")
        if self.payments_campaign_providers is not None:
            try:
                self._campaign_providers = campaign_providers(self.payments_campaign_providers.get_secret_value())
            except ValueError as exc:
                raise ValueError(f"PAYMENTS_CAMPAIGN_PROVIDERS: {exc}") from None
        if self.mode == "webhook" and not self.webhook_base_url:
            raise ValueError("MODE=webhook needs WEBHOOK_BASE_URL (the public https address of this server)")
        if self.mode == "webhook" and self.webhook_secret is None:
            raise ValueError("MODE=webhook needs WEBHOOK_SECRET (a long random string)")
        return self

    @property
    def reply_reserve_rate(self) -> float:
        """Messages a second of each bot's budget kept for replies (REPLY_RESERVE, default 20% of SEND_RATE)."""
        return self.reply_reserve if self.reply_reserve is not None else self.send_rate * 0.2

    @property
    def is_sqlite(self) -> bool:
        """True on the embedded default database."""
        return self.database_url.startswith("sqlite")

    def bots(self) -> list[BotSpec]:
        """The bots this process serves, one per configured token."""
        specs: list[BotSpec] = []
        if self.telegram_token is not None:
            specs.append(BotSpec(Platform.TELEGRAM, self.telegram_token.get_secret_value(),
                                 self.telegram_api_base))
        if self.bale_token is not None:
            specs.append(BotSpec(Platform.BALE, self.bale_token.get_secret_value(), self.bale_api_base))
        return specs

    def payment_providers(self, platform: str) -> PaymentProviders:
        """The providers that take payments inside the chat on a platform: its default and campaigns' own."""
        own = {slug: by_platform[platform] for slug, by_platform in self._campaign_providers.items()
               if platform in by_platform}
        return PaymentProviders(self.payment_provider(platform), own)

    def payment_campaign_slugs(self) -> frozenset[str]:
        """The campaign slugs PAYMENTS_CAMPAIGN_PROVIDERS names (to warn of one no campaign file defines)."""
        return frozenset(self._campaign_providers)

    def payment_provider(self, platform: str) -> PaymentProvider | None:
        """The platform's default provider for payments inside the chat, or None (today's link then)."""
        if platform == Platform.BALE and self.payments_bale_provider_token is not None:
            return PaymentProvider(platform, self.payments_bale_provider_token.get_secret_value(), "IRR")
        token = self.payments_telegram_provider_token
        if platform == Platform.TELEGRAM and token is not None:
            rate = self.payments_telegram_tomans_per_unit
            return PaymentProvider(platform, token.get_secret_value(), self.payments_telegram_currency,
                                   rate if rate is not None else Decimal("0.1"))
        return None


NO_TOKEN_HELP = (
    "No bot token is set. Get one from @BotFather on Telegram or @BotFather on Bale, then set "
    "TELEGRAM_TOKEN and/or BALE_TOKEN (in the environment or .env). To try Hamyar without a token, "
    "run: python -m bot simulate"
)


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings; raise ConfigError with one clear line on a problem."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "configuration"
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        if where == "configuration":
            raise ConfigError(f"Bad configuration: {message}") from None
        raise ConfigError(f"Bad configuration: {where.upper()}: {message}") from None
