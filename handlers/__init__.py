"""Conversations: each module's `create_router()` builds a fresh router; `setup_routers` orders them all."""

from __future__ import annotations

from aiogram import Router


def setup_routers() -> list[Router]:
    """A fresh router of every conversation, in the order they must see updates.

    aiogram tries routers in this order and stops at the first handler whose filters pass, so the order
    is the precedence of the conversations. They sit side by side (no router inside another): each level
    of nesting is one more propagation per update, and the conversations benchmark counts every one."""
    from handlers import (
        area_feedback,
        assignment_answers,
        assignments,
        catalogue,
        common,
        compose,
        compose_audience,
        compose_send,
        dashboard_link,
        energy,
        fallback,
        manage,
        manage_followup,
        my_pledges,
        onboarding,
        optout,
        payments,
        pledge_confirm,
        pledge_typed,
        pledges,
        profile,
        profile_edit,
        profile_forget,
        referral_manage,
        referrals,
        region_picker,
        shifts,
        stats,
        teens,
        volunteer,
        volunteer_summary,
    )

    return [
        # First of all: a payment (its pre-checkout, which the platform waits ten seconds for, and its
        # successful_payment message) is handled in any conversation state, before a step that takes any message
        # as its answer could take it; its pay buttons are its own.
        payments.create_router(),
        # Then: /cancel (which the menu-escape middleware leaves alone) and its button must end a conversation
        # before any step that takes free text reads them as an answer; /help likewise works in any state.
        common.create_router(),
        # Before onboarding: a guardian's link (/start g_CODE) is theirs, not a campaign's.
        teens.create_router(),
        # From here to the catch-all, each conversation's handlers filter on its own states and its own buttons
        # (commands and menu labels typed mid-step are cleared first by bot.middlewares.MenuEscapeMiddleware),
        # so their order is free except for the rules below; it is kept as it was, most used first.
        onboarding.create_router(),
        optout.create_router(),
        # manage's last handler refuses any ManagerMenuButton pressed by a non-manager; the screens those
        # buttons open in manage_followup, compose, stats and assignments come after it, so a person who is
        # not (or no longer) a manager gets that one refusal whichever button they press.
        manage.create_router(),
        manage_followup.create_router(),
        dashboard_link.create_router(),
        compose.create_router(),
        compose_send.create_router(),
        compose_audience.create_router(),
        stats.create_router(),
        assignments.create_router(),
        assignment_answers.create_router(),
        # A volunteer's «ارجاع جدید» steps, then the managers' referral cards (whose last handlers refuse their
        # buttons to non-managers).
        referrals.create_router(),
        referral_manage.create_router(),
        shifts.create_router(),  # buttons only: shift reminders
        area_feedback.create_router(),  # buttons only: the monthly area message
        # The profile is three modules, one conversation: showing it, editing a field, erasing. Volunteering is
        # two: its steps, then its summary. In this order: the last of each holds the answer to a sticker or photo
        # at any of its steps (whose text handlers come before it), and profile_edit's first step handler invites
        # a person erased mid-step to /start before any step (profile_forget's too) reads the answer.
        profile.create_router(),
        profile_edit.create_router(),
        profile_forget.create_router(),
        volunteer.create_router(),
        volunteer_summary.create_router(),
        # A pledge is three modules, one conversation: its questions and pressed answers, typed answers, Confirm.
        pledges.create_router(),
        pledge_typed.create_router(),
        pledge_confirm.create_router(),
        my_pledges.create_router(),
        energy.create_router(),
        catalogue.create_router(),
        # The region picker that seven conversations above start: its states are its own, so no conversation's
        # state filter takes its answers, and it comes after them all so that what interrupts any step
        # (menu buttons, commands, another conversation's buttons) interrupts a region question too. Before
        # the fallback, which would answer its typed names as odd messages.
        region_picker.create_router(),
        # Last: unknown commands, odd messages and stale or forged buttons, whatever no router above took.
        fallback.create_router(),
    ]
