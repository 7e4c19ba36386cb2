"""Conversations: one Router per module; `setup_routers` decides their order in one place."""

from __future__ import annotations

from aiogram import Router


def setup_routers() -> Router:
    """Every conversation router, in the order they must see updates."""
    from handlers import (
        assignments,
        catalogue,
        common,
        compose,
        fallback,
        manage,
        onboarding,
        optout,
        pledges,
        profile,
        stats,
        volunteer,
    )

    modules = (
        common,       # /cancel and /help work from anywhere, in any state
        onboarding,   # /start, language, consent, phone, region
        optout,       # /stop and "stop these messages" buttons on broadcasts
        manage,       # /manage: roles, campaigns, approvals, pledge follow-up (managers only)
        compose,      # the broadcast composer (managers only)
        stats,        # statistics and exports (managers only)
        assignments,  # assignments and emergency call-outs: managers create, volunteers answer
        profile,      # /me, edits, /forget
        volunteer,    # volunteer registration
        pledges,      # pledges and my pledges
        catalogue,    # campaigns, campaign pages, join and leave
        fallback,     # last: unknown commands, odd messages, stale buttons
    )
    root = Router(name="hamyar")
    for module in modules:
        # Module routers are singletons; tests and the simulator build more than one dispatcher in a
        # process, so each new root adopts them afresh (aiogram allows one parent per router).
        module.router._parent_router = None
        root.include_router(module.router)
    return root
