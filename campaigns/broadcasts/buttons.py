"""The buttons under a broadcast, decided in one place: the composer's preview shows what the worker sends.

`buttons_for` holds the rule of the stop button (an ordinary broadcast ends with «stop these messages», the monthly
area message with its own «stop the monthly report»; a service notice to named people has none), and `button_rows`
words the buttons as inline keyboard rows for both the preview and the worker (plain dicts: no aiogram here)."""

from __future__ import annotations

from collections.abc import Sequence

from campaigns import area_feedback
from campaigns.broadcasts.dto import BroadcastKind, ButtonKind, ButtonSpec
from campaigns.callbacks import (
    AreaFeedbackAction,
    AreaFeedbackButton,
    BroadcastReplyButton,
    CampaignAction,
    CampaignButton,
    StopMessagesButton,
)
from i18n import Translator

# The monthly area message's stop: it belongs to no campaign, so «stop these messages» would carry campaign 0 and
# stop every campaign's broadcasts, while a person tired of a monthly summary means only the summary. This one
# records the monthly opt-out alone (handlers/area_feedback.py); /stop still stops everything, this message included.
MONTHLY_STOP = ButtonSpec(ButtonKind.STOP, value="area-feedback")


def buttons_for(kind: BroadcastKind, buttons: Sequence[ButtonSpec], campaign_id: int | None,
                text_key: str | None = None) -> tuple[ButtonSpec, ...]:
    """A broadcast's buttons as its recipients get them: an ordinary broadcast's own, then its stop button unless
    it already has one — the monthly area message's (`text_key` area_feedback.TEXT_KEY) `MONTHLY_STOP`, any other's
    «stop these messages» for its campaign (0: every campaign); a service notice's own without one (it reaches
    people who stopped broadcasts, and stopping broadcasts does not leave the service they are in)."""
    if kind is not BroadcastKind.ORDINARY:
        return tuple(b for b in buttons if b.kind is not ButtonKind.STOP)
    if any(b.kind is ButtonKind.STOP for b in buttons):
        return tuple(buttons)
    if text_key == area_feedback.TEXT_KEY:
        return (*buttons, MONTHLY_STOP)
    return (*buttons, ButtonSpec(ButtonKind.STOP, value=str(campaign_id or 0)))


def button_rows(kind: BroadcastKind, buttons: Sequence[ButtonSpec], campaign_id: int | None, broadcast_id: int,
                t: Translator, text_key: str | None = None) -> list[list[dict[str, str]]]:
    """`buttons_for`'s buttons in the reader's language, one a row ({"text", "callback_data" | "url"}); empty for
    none, so that no empty keyboard is sent (not every platform accepts one)."""
    rows: list[list[dict[str, str]]] = []
    for index, button in enumerate(buttons_for(kind, buttons, campaign_id, text_key)):
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
        elif button == MONTHLY_STOP:
            monthly = AreaFeedbackButton(action=AreaFeedbackAction.OPT_OUT).pack()
            rows.append([{"text": t("feedback-button-stop"), "callback_data": monthly}])
        elif button.kind is ButtonKind.STOP:
            stop = StopMessagesButton(campaign=campaign_id or 0).pack()
            rows.append([{"text": t("broadcast-button-stop"), "callback_data": stop}])
    return rows
