"""Login without passwords: a signed one-time link the bot's /dashboard sends, and the session cookie it opens.

A link is `<base>/login/<token>`; the token carries the manager's person id, a random id and its expiry, signed
with HMAC-SHA256 under DASHBOARD_SECRET. Opening it (GET) only shows a button; pressing it (POST) spends the random
id in the database (once, whoever comes first: a link preview's fetch spends nothing) and sets a cookie of the
same shape: person id, a session id and when it was last used. Neither carries a role or a region: those are
read from the manager's grants on every request. No aiogram here: the bot's handler and the dashboard both use
this module."""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.unit_of_work import UnitOfWork

LINK_LIFETIME = timedelta(minutes=5)
COOKIE = "hamyar_dashboard"
_LINK, _SESSION, _CSRF, _LOGIN_FORM = "login", "session", "csrf", "login-form"


class LinkRefusal(enum.StrEnum):
    """Why a login link or a session cookie is not accepted (locale id: dashboard-refused-<code>)."""

    FORGED = "forged"  # not signed with our key, or not a token at all
    EXPIRED = "expired"
    USED = "used"  # opened before (or the session was logged out)
    NOT_MANAGER = "not-manager"  # the person holds no manager role (now)


@dataclass(frozen=True)
class Signed:
    """What a valid token says: whose it is, its own id, and a time (a link's expiry, a session's last use)."""

    person_id: int
    token_id: str
    at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, purpose: str, body: str) -> str:
    return _b64(hmac.new(secret, f"{purpose}:{body}".encode(), hashlib.sha256).digest())


def sign(secret: bytes, purpose: str, person_id: int, token_id: str, at: datetime) -> str:
    """A token of one purpose (a link or a session): the body and its HMAC."""
    body = _b64(json.dumps([person_id, token_id, int(at.timestamp())], separators=(",", ":")).encode())
    return f"{body}.{_mac(secret, purpose, body)}"


def verify(secret: bytes, purpose: str, token: str) -> Signed | None:
    """What a token of this purpose says, or None when it is not one we signed."""
    body, _, mac = token.partition(".")
    if not body or not hmac.compare_digest(mac, _mac(secret, purpose, body)):
        return None
    try:
        person_id, token_id, stamp = json.loads(_unb64(body))
        return Signed(int(person_id), str(token_id), datetime.fromtimestamp(int(stamp), tz=UTC))
    except (ValueError, TypeError):
        return None


def login_link(base_url: str, secret: bytes, person_id: int, now: datetime) -> str:
    """A new one-time link for a manager, valid for five minutes from now."""
    token = sign(secret, _LINK, person_id, secrets.token_urlsafe(16), now + LINK_LIFETIME)
    return f"{base_url.rstrip('/')}/login/{token}"


def web_app_url(base_url: str, platform: str) -> str | None:
    """The page the bot's Mini App button opens on this platform, or None when the dashboard is not served over
    HTTPS (the messengers open only https pages as Mini Apps)."""
    if not base_url.startswith("https://") or platform not in ("telegram", "bale"):
        return None
    return f"{base_url.rstrip('/')}/app?platform={platform}"


def live_link(secret: bytes, token: str, now: datetime) -> Signed | LinkRefusal:
    """What a login link says if we signed it and it has not expired (whether it was spent is not asked here)."""
    signed = verify(secret, _LINK, token)
    if signed is None:
        return LinkRefusal.FORGED
    return LinkRefusal.EXPIRED if signed.at <= now else signed


async def check_link(uow: UnitOfWork, secret: bytes, token: str, now: datetime) -> Signed | LinkRefusal:
    """What a login link would open, without spending it (the page a link preview may fetch); writes nothing."""
    signed = live_link(secret, token, now)
    if isinstance(signed, Signed) and await uow.dashboard.is_spent(f"{_LINK}:{signed.token_id}"):
        return LinkRefusal.USED
    return signed


async def holder_language(uow: UnitOfWork, link: Signed) -> str | None:
    """The stored language (chosen in the bot) of the person a link was made for, or None when they hold no role now
    (the link is then refused: not a manager)."""
    return await uow.roles.holder_language(link.person_id)


async def open_link(uow: UnitOfWork, secret: bytes, token: str, now: datetime) -> Signed | LinkRefusal:
    """Spend a login link: the manager it was made for, or why not (then nothing was written). Commits."""
    signed = live_link(secret, token, now)
    if isinstance(signed, LinkRefusal):
        return signed
    if not await uow.dashboard.spend(f"{_LINK}:{signed.token_id}", now, signed.at):
        return LinkRefusal.USED
    await uow.dashboard.forget_expired(now)  # ids whose link or session is over can no longer be replayed
    await uow.commit()
    return signed


def new_session(secret: bytes, person_id: int, now: datetime) -> str:
    """A session cookie's value for a manager who just opened a link."""
    return sign(secret, _SESSION, person_id, secrets.token_urlsafe(16), now)


def touched(secret: bytes, session: Signed, now: datetime) -> str:
    """The same session's cookie value, last used now (the idle time counts from here)."""
    return sign(secret, _SESSION, session.person_id, session.token_id, now)


async def read_session(uow: UnitOfWork, secret: bytes, cookie: str, idle: timedelta, now: datetime
                       ) -> Signed | LinkRefusal:
    """The session a cookie holds, or why it no longer counts (forged, idle too long, logged out)."""
    signed = verify(secret, _SESSION, cookie)
    if signed is None:
        return LinkRefusal.FORGED
    if signed.at + idle <= now or signed.at > now + timedelta(minutes=1):
        return LinkRefusal.EXPIRED
    if await uow.dashboard.is_spent(f"{_SESSION}:{signed.token_id}"):
        return LinkRefusal.USED
    return signed


async def end_session(uow: UnitOfWork, session: Signed, idle: timedelta, now: datetime) -> None:
    """Log a session out: its cookie is refused from now on, even if kept. Commits."""
    await uow.dashboard.spend(f"{_SESSION}:{session.token_id}", now, now + idle)
    await uow.commit()


def csrf_token(secret: bytes, session: Signed) -> str:
    """The token every form of this session posts back (bound to the session, not stored)."""
    return _mac(secret, _CSRF, session.token_id)


def csrf_ok(secret: bytes, session: Signed, posted: str) -> bool:
    """True when a posted form carries this session's CSRF token."""
    return hmac.compare_digest(posted, csrf_token(secret, session))


def login_form_token(secret: bytes, nonce: str, link: Signed) -> str:
    """The token the link page's form posts back: bound to the browser that opened the page (a random nonce in its
    pre-session cookie) and to this one link, not stored."""
    return _mac(secret, _LOGIN_FORM, f"{nonce}:{link.token_id}")


def login_form_ok(secret: bytes, nonce: str, link: Signed, posted: str) -> bool:
    """True when a posted login form carries the token of this browser's nonce and this link."""
    return bool(nonce) and posted.isascii() and hmac.compare_digest(posted, login_form_token(secret, nonce, link))
