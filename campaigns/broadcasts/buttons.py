"""The buttons under a broadcast, decided in one place: the composer's preview shows what the worker sends.

`buttons_for` holds the rule of «stop these messages» (an ordinary broadcast ends with it; a service notice to
named people has none), and `button_rows` words the buttons as inline keyboard rows for both the preview and the
worker (plain dicts: no aiogram here)."""

from __future__ import annotations

from collections.abc import Sequence

from campaigns.broadcasts.dto import BroadcastKind, ButtonKind, ButtonSpec
from campaigns.callbacks import BroadcastReplyButton, CampaignAction, CampaignButton, StopMessagesButton
from i18n import Translator


def buttons_for(kind: BroadcastKind, buttons: Sequence[ButtonSpec], campaign_id: int | None) -> tuple[ButtonSpec, ...]:
    """A broadcast's buttons as its recipients get them: an ordinary broadcast's own, then «stop these messages»
    for its campaign (0: every campaign) unless it already has it; a service notice's own without it (it reaches
    people who stopped broadcasts, and stopping broadcasts does not leave the service they are in)."""
    if kind is not BroadcastKind.ORDINARY:
        return tuple(b for b in buttons if b.kind is not ButtonKind.STOP)
    if any(b.kind is ButtonKind.STOP for b in buttons):
        return tuple(buttons)
    return (*buttons, ButtonSpec(ButtonKind.STOP, value=str(campaign_id or 0)))


def button_rows(kind: BroadcastKind, buttons: Sequence[ButtonSpec], campaign_id: int | None, broadcast_id: int,
                t: Translator) -> list[list[dict[str, str]]]:
    """`buttons_for`'s buttons in the reader's language, one a row ({"text", "callback_data" | "url"}); empty for
    none, so that no empty keyboard is sent (not every platform accepts one)."""
    rows: list[list[dict[str, str]]] = []
    for index, button in enumerate(buttons_for(kind, buttons, campaign_id)):
        if button.kind is ButtonKind.JOIN and campaign_id is not None:
            join = CampaignButton(action=CampaignAction.JOIN, id=campaign_id).pack()  # as on a campaign page
            rows.append([{"text": t("broadcast-button-join"), "callback_data": join}])
        elif button.kind is ButtonKind.LINK and button.value:
            rows.append([{"text": button.label or t("broadcast-button-link"), "url": button.value}])
        elif button.kind is ButtonKind.ACTION and button.label and button.value:
            rows.append([{"text": t(button.label), "callback_data": button.value}])
        elif button.kind is ButtonKind.REPLY:
            reply = BroadcastReplyButton(broadcast=broadcast_id, choice=index).pack()
            rows.append([{"text": button.label or "?", "callback_data": reply}])
        elif button.kind is ButtonKind.STOP:
            stop = StopMessagesButton(campaign=campaign_id or 0).pack()
            rows.append([{"text": t("broadcast-button-stop"), "callback_data": stop}])
    return rows
