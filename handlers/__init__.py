"""Conversations: one Router per module; `setup_routers` decides their order in one place."""

from __future__ import annotations

from aiogram import Router


def setup_routers() -> Router:
    """Every conversation router, in the order they must see updates."""
    from handlers import common, fallback, onboarding

    root = Router(name="hamyar")
    root.include_routers(
        common.router,       # /cancel and /help work from anywhere, in any state
        onboarding.router,   # /start, language, consent, phone, region
        fallback.router,     # last: unknown commands, odd messages, stale buttons
    )
    return root
