"""Conversation module being built (see the issue tracker)."""

from __future__ import annotations

from aiogram import Router

router = Router(name=__name__)
