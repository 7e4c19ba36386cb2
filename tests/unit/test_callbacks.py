"""The callbacks package: one prefix per kind of button, data under 64 bytes, and presses told apart."""

from __future__ import annotations

from aiogram import F
from aiogram.types import CallbackQuery, User

import campaigns.callbacks as callbacks
from campaigns.callbacks import (
    AssignmentCreateButton,
    ButtonData,
    CampaignAction,
    CampaignButton,
    ComposerAction,
    ComposerButton,
    ConsentButton,
    ManagerAction,
    ManagerMenuButton,
    StopMessagesButton,
)
from campaigns.callbacks.base import MAX_CALLBACK_BYTES, MAX_INDEX
from campaigns.numerals import MAX_ID
from handlers.pressed import Pressed


def _kinds() -> list[type[ButtonData]]:
    return [k for k in vars(callbacks).values() if isinstance(k, type) and issubclass(k, ButtonData)
            and k is not ButtonData]


def test_every_kind_is_in_the_package_with_its_own_prefix() -> None:
    from handlers import setup_routers  # loads every handler module, where a stray kind could hide

    setup_routers()
    defined = set(ButtonData.__subclasses__())
    assert defined == set(_kinds())
    prefixes = [k.prefix for k in defined]
    assert len(set(prefixes)) == len(prefixes)


def test_the_longest_data_fits_telegram() -> None:
    longest = [CampaignButton(action=CampaignAction.VOLUNTEER, id=MAX_ID, page=MAX_INDEX),
               ManagerMenuButton(action=ManagerAction.APPROVALS, arg=MAX_ID),
               ComposerButton(action=ComposerAction.PROGRESS, arg=MAX_ID)]
    assert all(len(button.pack().encode()) <= MAX_CALLBACK_BYTES for button in longest)


def test_a_kind_parses_only_its_own_prefix() -> None:
    assert AssignmentCreateButton.parse("asc") == AssignmentCreateButton()
    assert AssignmentCreateButton.parse("ascx") is None
    assert AssignmentCreateButton.parse("asc:1") is None  # a field it does not have
    assert StopMessagesButton.parse("bcs:3") == StopMessagesButton(campaign=3)
    assert StopMessagesButton.parse("bcsx:3") is None
    assert ConsentButton.parse("consent:1") == ConsentButton(agree=True)
    assert CampaignButton.parse("cmp:join:0:0") is None  # join names a campaign
    assert CampaignButton.parse("mg:menu:0") is None


def _query(data: str | None) -> CallbackQuery:
    return CallbackQuery(id="1", from_user=User(id=1, is_bot=False, first_name="S"), chat_instance="1", data=data)


def test_pressed_hands_the_parsed_button_to_the_handler() -> None:
    roles = Pressed(ManagerMenuButton, F.action == ManagerAction.ROLES)
    assert roles(_query("mg:roles:0")) == {"callback_data": ManagerMenuButton(action=ManagerAction.ROLES)}
    assert roles(_query("mg:audit:0")) is False
    assert roles(_query("cp:text:0")) is False
    assert roles(_query(None)) is False
    assert Pressed(ManagerMenuButton)(_query("mg:audit:4")) == {
        "callback_data": ManagerMenuButton(action=ManagerAction.AUDIT, arg=4)}
