"""Conversations: one Router per module; `setup_routers` decides their order in one place."""

from __future__ import annotations

from aiogram import Router


def setup_routers() -> Router:
    """Every conversation router, in the order they must see updates."""
    from handlers import catalogue, common, fallback, onboarding, optout, pledges, profile, volunteer

    modules = (common, onboarding, optout, profile, volunteer, pledges, catalogue, fallback)
    for module in modules:
        # Module routers are singletons; tests and the simulator build more than one dispatcher in a
        # process, so each new root adopts them afresh (aiogram allows one parent per router).
        module.router._parent_router = None
    root = Router(name="hamyar")
    root.include_routers(
        common.router,       # /cancel and /help work from anywhere, in any state
        onboarding.router,   # /start, language, consent, phone, region
        optout.router,       # /stop and "stop these messages" buttons on broadcasts
        profile.router,      # /me, edits, /forget
        volunteer.router,    # volunteer registration
        pledges.router,      # pledges and my pledges
        catalogue.router,    # campaigns, campaign pages, join and leave
        fallback.router,     # last: unknown commands, odd messages, stale buttons
    )
    return root
