"""A manager's steps over the emulator, each written once: a section of /manage, a role granted or revoked,
a broadcast composed up to its audience and previewed, an exported file read back."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from emulator import BotMessage, UserClient
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, say, tap
from tests.e2e.managers import open_menu

# The question each level asks for its region once it is chosen.
REGION_QUESTION = {"مدیر استانی": "استان را انتخاب کنید", "مدیر شهرستان": "شهرستان را انتخاب کنید"}


async def open_section(user: UserClient, button: str, heading: str) -> BotMessage:
    """/manage, then one of its sections; the section's message (which must contain `heading`)."""
    await open_menu(user)
    return await tap(user, button, heading)


async def open_roles(user: UserClient) -> BotMessage:
    """/manage → roles: the page of active roles with a revoke button each."""
    return await open_section(user, "نقش‌ها", "نقش‌های فعال")


async def open_stats(user: UserClient) -> BotMessage:
    """/manage → stats and exports: the menu whose buttons are pressed again after each answer."""
    return await open_section(user, "آمار و خروجی", "آمار و خروجی‌ها")


async def open_followup(user: UserClient, heading: str = "پیگیری تعهدها") -> BotMessage:
    """/manage → pledge follow-up."""
    return await open_section(user, "پیگیری تعهدها", heading)


async def open_campaigns(user: UserClient) -> BotMessage:
    """/manage → campaigns: the list, with load and close buttons for a national manager."""
    return await open_section(user, "پویش‌ها", "پویش‌ها:")


async def name_the_grantee(user: UserClient, who: str, name: str = "") -> BotMessage:
    """On the roles page: give a new role to `who` (a phone or a referral code); the question of the level,
    which names the person when `name` is given."""
    await tap(user, "دادن نقش جدید", "کد معرف یا شماره موبایل")
    return await say(user, who, f"چه نقشی به {name}" if name else "چه نقشی")


async def pick_level(user: UserClient, level: str) -> BotMessage:
    """Choose the level of the role being granted; the question of its region."""
    return await tap(user, level, REGION_QUESTION[level])


async def grant_role(user: UserClient, who: str, name: str, level: str, region: str) -> BotMessage:
    """A whole grant from /manage: roles, the person, the level, the region typed; the confirmation."""
    await open_roles(user)
    await name_the_grantee(user, who, name)
    await pick_level(user, level)
    return await say(user, region, "ثبت شد")


async def revoke_role(user: UserClient, name: str) -> BotMessage:
    """/manage → roles, then the revoke button of `name`'s role; the confirmation."""
    page = await open_roles(user)
    revoke = next(text for text in page.button_texts() if "پس گرفتن نقش" in text and name in text)
    return await tap(user, revoke, "پس گرفته شد")


async def compose_to_audience(user: UserClient, text: str) -> BotMessage:
    """/manage → write a broadcast: its text, no photo, no buttons; the audience screen with its count."""
    await open_section(user, "نوشتن پیام همگانی", "متن پیام همگانی")
    await say(user, text, "عکس")
    await tap(user, "رد شدن", "دکمه‌های زیر پیام")
    return await tap(user, "ادامه: انتخاب مخاطبان", "تعداد کسانی که")


async def preview(user: UserClient, first_line: str) -> BotMessage:
    """Preview the broadcast: first exactly as people get it, then the composer's note under it (returned)."""
    await tap(user, "پیش‌نمایش", first_line)
    return await expect(user, "پیش‌نمایش بالا")


async def export(hamyar: Harness, user: UserClient, menu: BotMessage, button: str, name: str) -> bytes:
    """Press an export button of the stats menu; the file the bot sends back, which must be called `name`."""
    await user.press(button, message_id=menu.message_id)
    message = await user.wait_for_message(lambda m: m.kind == "document" and (m.file_name or "") == name)
    assert message.file_id is not None
    stored = hamyar.emu.files.get(message.file_id)
    assert stored is not None and stored.content is not None
    return bytes(stored.content)


def csv_rows(content: bytes) -> list[list[str]]:
    """An exported CSV's rows; it starts with a BOM so that Excel shows Persian."""
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[list[object]]:
    """An exported Excel file's rows."""
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]
