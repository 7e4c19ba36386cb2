"""The broadcast composer: text → photo → buttons → audience (live count) → preview → send or schedule.

Diagram: handlers/compose.mmd. This module asks for the text, the photo and the buttons, and builds every
composer keyboard; the audience screen is handlers/compose_audience.py; the preview, sending, scheduling and a
queued broadcast's controls are handlers/compose_send.py. The audience is held inside the manager's region by
the domain (campaigns/approvals.py); over the approval threshold a second manager must approve."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import catalogue
from campaigns.audit import Actor
from campaigns.broadcasts import ButtonKind, ButtonSpec
from campaigns.broadcasts.buttons import button_rows
from campaigns.broadcasts.dto import BroadcastKind
from campaigns.broadcasts.validation import CAPTION_LIMIT, TEXT_LIMIT
from campaigns.callbacks import (
    ComposerAction,
    ComposerButton,
    ManagerAction,
    ManagerMenuButton,
)
from campaigns.catalogue import CampaignView
from campaigns.regions import Regions
from handlers.compose_audience import show_audience
from handlers.manager_common import IsManager, back_to_menu, campaign_pressed
from handlers.pressed import Pressed
from handlers.states import Compose, ComposeData, load, save
from i18n import Translator
from storage.unit_of_work import UnitOfWork

MAX_URL = 1024  # a link button's address (the platforms refuse far longer ones)


def cp(text: str, action: ComposerAction, arg: int = 0) -> InlineKeyboardButton:
    """One composer button."""
    return InlineKeyboardButton(text=text, callback_data=ComposerButton(action=action, arg=arg).pack())


def back_to_step(t: Translator, to: ComposerAction) -> InlineKeyboardMarkup:
    """A single Back button to an earlier composer step."""
    return InlineKeyboardMarkup(inline_keyboard=[[cp(t("button-back"), to)]])


async def compose_command(message: Message, state: FSMContext, t: Translator) -> None:
    """/compose starts a broadcast."""
    await _ask_text(message, state, t, fresh=True)


async def compose_start(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Start a broadcast from the manager menu."""
    await query.answer()
    if isinstance(query.message, Message):
        await _ask_text(query.message, state, t, fresh=True)


async def _ask_text(message: Message, state: FSMContext, t: Translator, fresh: bool = False) -> None:
    if fresh:
        await save(state, ComposeData())
    await state.set_state(Compose.text)
    await message.answer(t("compose-ask-text"), reply_markup=back_to_menu(t))


async def back_to_text(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Back to the text step."""
    await query.answer()
    if isinstance(query.message, Message):
        await _ask_text(query.message, state, t)


async def _with_text(message: Message, state: FSMContext, t: Translator, text: str, limit: int,
                     refusal: str) -> ComposeData | None:
    """The draft with `text` as its message, kept exactly as written (line breaks, half-spaces, punctuation);
    None once the manager is told what to send instead (empty, or over `limit`)."""
    if not text.strip() or len(text) > limit:
        await message.answer(t(refusal, limit=limit))
        return None
    data = await load(state, ComposeData)
    data.text = text
    return data


async def _with_photo(message: Message, state: FSMContext, t: Translator, data: ComposeData) -> None:
    """Keep the largest size of the message's photo in the draft; then the buttons step."""
    assert message.photo
    data.photo = message.photo[-1].file_id
    await save(state, data)
    await _ask_buttons(message, state, t)


async def text_with_photo(message: Message, state: FSMContext, t: Translator) -> None:
    """A photo with its caption as the text: the photo step is done too."""
    if (data := await _with_text(message, state, t, message.caption or "", CAPTION_LIMIT,
                                 "compose-caption-needed")) is not None:
        await _with_photo(message, state, t, data)


async def text_typed(message: Message, state: FSMContext, t: Translator) -> None:
    """The message text; then the photo step."""
    if (data := await _with_text(message, state, t, message.text or "", TEXT_LIMIT, "compose-text-bad")) is None:
        return
    await save(state, data)
    await state.set_state(Compose.photo)
    await message.answer(t("compose-ask-photo"), reply_markup=photo_keyboard(t))


async def text_expected(message: Message, t: Translator) -> None:
    """A sticker or file where the text is expected."""
    await message.answer(t("compose-text-bad", limit=TEXT_LIMIT))


async def photo_sent(message: Message, state: FSMContext, t: Translator) -> None:
    """The photo (its caption limit applies to the text)."""
    data = await load(state, ComposeData)
    if len(data.text) > CAPTION_LIMIT:
        await message.answer(t("compose-caption-too-long", limit=CAPTION_LIMIT))
        return
    await _with_photo(message, state, t, data)


async def no_photo(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """No photo."""
    await query.answer()
    if isinstance(query.message, Message):
        await _ask_buttons(query.message, state, t)


async def photo_expected(message: Message, t: Translator) -> None:
    """Something else where a photo (or Skip) is expected."""
    await message.answer(t("compose-photo-expected"), reply_markup=photo_keyboard(t))


async def _ask_buttons(message: Message, state: FSMContext, t: Translator) -> None:
    data = await load(state, ComposeData)
    await state.set_state(Compose.buttons)
    current = ", ".join(b.get("label") or t("broadcast-button-join") for b in data.buttons) or "—"
    await message.answer(t("compose-ask-buttons", buttons=current), reply_markup=buttons_keyboard(t))


def photo_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Skip the photo, or Back to the text."""
    return InlineKeyboardMarkup(inline_keyboard=[[cp(t("button-skip"), ComposerAction.NO_PHOTO)],
                                                 [cp(t("button-back"), ComposerAction.TEXT)]])


def buttons_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Add a Join or a link button, go on to the audience, or Back to the text."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [cp(t("compose-add-join"), ComposerAction.PICK_JOIN)], [cp(t("compose-add-link"), ComposerAction.LINK)],
        [cp(t("compose-buttons-done"), ComposerAction.AUDIENCE)], [cp(t("button-back"), ComposerAction.TEXT)]])


def join_keyboard(campaigns: list[CampaignView], t: Translator) -> InlineKeyboardMarkup:
    """The campaign a Join button joins, by title, and Back to the buttons."""
    rows = [[cp(c.title(t.language), ComposerAction.JOIN, c.id)] for c in campaigns]
    rows.append([cp(t("button-back"), ComposerAction.BUTTONS)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def back_to_buttons(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Back to the buttons step."""
    await query.answer()
    if isinstance(query.message, Message):
        await _ask_buttons(query.message, state, t)


async def join_pick(query: CallbackQuery, uow: UnitOfWork, t: Translator) -> None:
    """Which campaign the join button joins."""
    await query.answer()
    campaigns = await catalogue.listing(uow, None)
    if isinstance(query.message, Message):
        await query.message.answer(t("compose-pick-campaign"), reply_markup=join_keyboard(campaigns, t))


async def join_added(query: CallbackQuery, callback_data: ComposerButton, state: FSMContext, uow: UnitOfWork,
                     t: Translator) -> None:
    """A join button for a campaign; the broadcast speaks for that campaign."""
    if not await campaign_pressed(query, uow, callback_data.arg, t):
        return
    data = await load(state, ComposeData)
    data.campaign_id = callback_data.arg
    data.buttons = [b for b in data.buttons if b.get("kind") != ButtonKind.JOIN.value]
    data.buttons.append(ButtonSpec(ButtonKind.JOIN).to_json())
    await save(state, data)
    if isinstance(query.message, Message):
        await _ask_buttons(query.message, state, t)


async def link_start(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Ask for the link button's words."""
    await query.answer()
    await state.set_state(Compose.link_label)
    if isinstance(query.message, Message):
        await query.message.answer(t("compose-ask-link-label"), reply_markup=back_to_step(t, ComposerAction.BUTTONS))


async def link_label(message: Message, state: FSMContext, t: Translator) -> None:
    """The words on the link button; then its address."""
    label = (message.text or "").strip()
    if not label or len(label) > 40:
        await message.answer(t("compose-link-label-bad"), reply_markup=back_to_step(t, ComposerAction.BUTTONS))
        return
    data = await load(state, ComposeData)
    data.link_label = label
    await save(state, data)
    await state.set_state(Compose.link_url)
    await message.answer(t("compose-ask-link-url"), reply_markup=back_to_step(t, ComposerAction.BUTTONS))


async def link_url(message: Message, state: FSMContext, t: Translator) -> None:
    """The link's address (https only)."""
    url = (message.text or "").strip()
    if len(url) > MAX_URL:
        await message.answer(t("compose-link-url-too-long", max=MAX_URL),
                             reply_markup=back_to_step(t, ComposerAction.BUTTONS))
        return
    if not url.lower().startswith("https://") or " " in url or len(url) < 12:
        await message.answer(t("broadcast-refused-bad-link"), reply_markup=back_to_step(t, ComposerAction.BUTTONS))
        return
    data = await load(state, ComposeData)
    data.buttons.append(ButtonSpec(ButtonKind.LINK, label=data.link_label, value=url).to_json())
    data.link_label = None
    await save(state, data)
    await _ask_buttons(message, state, t)


async def audience_step(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, actor: Actor,
                        t: Translator, regions: Regions) -> None:
    """The audience screen with the live count."""
    await query.answer()
    if isinstance(query.message, Message):
        await state.set_state(Compose.audience)
        await show_audience(query.message, state, uow, actor, t, regions)


def preview_keyboard(t: Translator, data: ComposeData,
                     kind: BroadcastKind = BroadcastKind.ORDINARY) -> InlineKeyboardMarkup | None:
    """The broadcast's own buttons exactly as people will get them (campaigns/broadcasts/buttons.py, as the worker
    words them): Join, links, then «stop these messages» under an ordinary broadcast, which the composer's are."""
    specs = [ButtonSpec.from_json(b) for b in data.buttons]
    rows = button_rows(kind, specs, data.campaign_id, 0, t)  # no broadcast id yet: the composer has no reply buttons
    return InlineKeyboardMarkup.model_validate({"inline_keyboard": rows}) if rows else None


def send_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Under the preview: send now or schedule, back to the audience, or discard."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [cp(t("compose-send-now"), ComposerAction.SEND), cp(t("compose-schedule"), ComposerAction.SCHEDULE)],
        [cp(t("compose-back-to-audience"), ComposerAction.AUDIENCE)],
        [InlineKeyboardButton(text=t("compose-discard"),
                              callback_data=ManagerMenuButton(action=ManagerAction.MENU).pack())]])


def control_keyboard(t: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    """Progress, pause, resume and cancel for a queued broadcast."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [cp(t("compose-progress-button"), ComposerAction.PROGRESS, broadcast_id)],
        [cp(t("compose-pause"), ComposerAction.PAUSE, broadcast_id),
         cp(t("compose-resume"), ComposerAction.RESUME, broadcast_id)],
        [cp(t("compose-cancel"), ComposerAction.CANCEL, broadcast_id)],
        [InlineKeyboardButton(text=t("button-back"),
                              callback_data=ManagerMenuButton(action=ManagerAction.MENU).pack())]])


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(compose_command, Command("compose"), IsManager())
    router.callback_query.register(compose_start, Pressed(ManagerMenuButton, F.action == ManagerAction.COMPOSE),
                                   IsManager())
    router.callback_query.register(back_to_text, Pressed(ComposerButton, F.action == ComposerAction.TEXT), IsManager())
    router.message.register(text_with_photo, StateFilter(Compose.text), F.photo, IsManager())
    router.message.register(text_typed, StateFilter(Compose.text), F.text, IsManager())
    router.message.register(text_expected, StateFilter(Compose.text), IsManager())
    router.message.register(photo_sent, StateFilter(Compose.photo), F.photo, IsManager())
    router.callback_query.register(no_photo, StateFilter(Compose.photo),
                                   Pressed(ComposerButton, F.action == ComposerAction.NO_PHOTO), IsManager())
    router.message.register(photo_expected, StateFilter(Compose.photo), IsManager())
    router.callback_query.register(back_to_buttons, Pressed(ComposerButton, F.action == ComposerAction.BUTTONS),
                                   IsManager())
    router.callback_query.register(join_pick, StateFilter(Compose.buttons),
                                   Pressed(ComposerButton, F.action == ComposerAction.PICK_JOIN),
                                   IsManager())
    router.callback_query.register(join_added, StateFilter(Compose.buttons),
                                   Pressed(ComposerButton, F.action == ComposerAction.JOIN), IsManager())
    router.callback_query.register(link_start, StateFilter(Compose.buttons),
                                   Pressed(ComposerButton, F.action == ComposerAction.LINK), IsManager())
    router.message.register(link_label, StateFilter(Compose.link_label), F.text, IsManager())
    router.message.register(link_url, StateFilter(Compose.link_url), F.text, IsManager())
    router.callback_query.register(audience_step, Pressed(ComposerButton, F.action == ComposerAction.AUDIENCE),
                                   IsManager())
    return router
