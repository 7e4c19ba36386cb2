"""A real aiogram bot against the emulator: identity, conversation, validation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import TelegramBadRequest, TelegramUnauthorizedError
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from emulator import BotApiEmulator

Runner = Callable[[Dispatcher], Awaitable[None]]

pytestmark = pytest.mark.asyncio


def menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="Join", callback_data="join:1")],
            [InlineKeyboardButton(text="Site", url="https://example.org/")],
        ]
    )


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "hamyar_bot" and me.first_name == "Hamyar"


async def test_unknown_token_is_unauthorized(make_bot: Callable[[str], Bot], token: str) -> None:
    with pytest.raises(TelegramUnauthorizedError):
        await make_bot("42:not-a-real-secret").get_me()


async def test_unknown_method_and_http_envelope(emu: BotApiEmulator, token: str) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emu.base_url}/bot{token}/flyToMoon") as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        async with http.get(f"{emu.base_url}/bot{token}/GETME") as resp:
            body = await resp.json()
            assert resp.status == 200 and body["ok"] and body["result"]["username"] == "hamyar_bot"
        async with http.post(f"{emu.base_url}/bot{token}/sendMessage", json={"chat_id": 5, "text": "hi"}) as resp:
            message = (await resp.json())["result"]
            assert message["chat"] == {"id": 5, "type": "private", "first_name": "User5"}
            assert message["from"]["is_bot"] and isinstance(message["date"], int)


async def test_start_press_edit_conversation(emu: BotApiEmulator, token: str, polling: Runner) -> None:
    dp = Dispatcher()
    seen_args: list[str | None] = []

    @dp.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        seen_args.append(command.args)
        await message.answer(f"Hello {message.from_user.first_name if message.from_user else ''}", reply_markup=menu())

    @dp.callback_query(F.data == "join:1")
    async def join(query: CallbackQuery) -> None:
        await query.answer("Joined!", show_alert=True)
        assert isinstance(query.message, Message)
        await query.message.edit_text("You joined campaign 1")

    await polling(dp)
    user = emu.user(token, user_id=1001, first_name="Sara", language_code="fa")
    sent = await user.send_text("/start c_wheelchair")
    assert sent["entities"][0]["type"] == "bot_command"

    greeting = await user.wait_for_message()
    assert greeting.text == "Hello Sara"
    assert greeting.button_texts() == ["Join", "Site"]
    assert greeting.inline_buttons[1][0].url == "https://example.org/"
    assert seen_args == ["c_wheelchair"]

    await user.press("Join")
    edited = await user.wait_for_message()
    assert edited.message_id == greeting.message_id
    assert edited.text == "You joined campaign 1" and edited.edits == 1 and edited.inline_buttons == []
    assert [(a.text, a.show_alert) for a in user.callback_answers()] == [("Joined!", True)]
    assert len(user.messages()) == 1 and user.last_message() is edited


async def test_wait_for_message_timeout_dumps_chat(emu: BotApiEmulator, token: str) -> None:
    user = emu.user(token, user_id=7)
    await user.send_text("anyone?")
    with pytest.raises(TimeoutError, match="anyone"):
        await user.wait_for_message(timeout=0.1)


async def test_reply_keyboard_contact_and_removal(emu: BotApiEmulator, token: str, polling: Runner) -> None:
    from aiogram.types import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

    dp = Dispatcher()

    @dp.message(F.contact)
    async def contact(message: Message) -> None:
        assert message.contact is not None and message.from_user is not None
        own = message.contact.user_id == message.from_user.id
        await message.answer(f"own={own}", reply_markup=ReplyKeyboardRemove())

    @dp.message()
    async def ask(message: Message) -> None:
        button = KeyboardButton(text="Share my number", request_contact=True)
        await message.answer("Phone?", reply_markup=ReplyKeyboardMarkup(keyboard=[[button]]))

    await polling(dp)
    user = emu.user(token, user_id=1002, first_name="Ali")
    await user.send_text("hi")
    ask_msg = await user.wait_for_message()
    assert ask_msg.reply_buttons[0][0].request_contact and ask_msg.button_texts() == ["Share my number"]
    await user.share_contact("+989121234567", own=False)
    assert (await user.wait_for_message()).text == "own=False"
    await user.share_contact("+989121234567", own=True)
    reply = await user.wait_for_message()
    assert reply.text == "own=True" and reply.remove_keyboard


async def test_validation_errors(emu: BotApiEmulator, token: str, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(1001, "   ")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(1001, "x" * 4097)
    assert (await bot.send_message(1001, "x" * 4096)).text == "x" * 4096
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(-100, "hi")
    emu.faults.unknown.add(555)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(555, "hi")
    too_long_data = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="d" * 65)]])
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(1001, "hi", reply_markup=too_long_data)
    with pytest.raises(TelegramBadRequest, match="caption is too long"):
        await bot.send_photo(1001, BufferedInputFile(b"img", "a.jpg"), caption="c" * 1025)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(1001, "<b>bold", parse_mode="HTML")
    sent = await bot.send_message(1001, "a &lt; <b>b</b>", parse_mode="HTML")
    assert sent.text == "a < b"


async def test_edit_and_delete_rules(emu: BotApiEmulator, token: str, bot: Bot) -> None:
    sent = await bot.send_message(2001, "one", reply_markup=menu())
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("one", chat_id=2001, message_id=sent.message_id, reply_markup=menu())
    edited = await bot.edit_message_text("one", chat_id=2001, message_id=sent.message_id)
    assert not isinstance(edited, bool) and edited.reply_markup is None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=2001, message_id=sent.message_id)
    await bot.edit_message_reply_markup(chat_id=2001, message_id=sent.message_id, reply_markup=menu())
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=2001, message_id=999)
    assert await bot.delete_message(2001, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(2001, sent.message_id)
    stored = emu.bot(token).chats[2001].bot_messages()[0]
    assert stored.deleted and stored.edits == 2


async def test_photos_documents_and_downloads(emu: BotApiEmulator, token: str, bot: Bot, polling: Runner) -> None:
    photo = await bot.send_photo(3001, BufferedInputFile(b"\xff\xd8fake", "p.jpg"), caption="poster")
    assert photo.photo and photo.caption == "poster"
    again = await bot.send_photo(3002, photo.photo[-1].file_id)
    assert again.photo and again.photo[-1].file_id == photo.photo[-1].file_id
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(3002, "no-such-file-id")
    doc = await bot.send_document(3001, BufferedInputFile(b"a,b\n", "list.csv"))
    assert doc.document and doc.document.file_name == "list.csv"
    copy = await bot.copy_message(3003, from_chat_id=3001, message_id=photo.message_id)
    assert emu.bot(token).chats[3003].history[copy.message_id].kind == "photo"

    dp = Dispatcher()
    received: list[bytes] = []

    @dp.message(F.document)
    async def on_document(message: Message, bot: Bot) -> None:
        assert message.document is not None
        data = await bot.download(message.document)
        assert data is not None
        received.append(data.read())
        await message.answer(f"{message.document.file_name}: {len(received[-1])} bytes")

    @dp.message(F.photo | F.sticker | F.location)
    async def on_media(message: Message) -> None:
        await message.answer(str(getattr(message.content_type, "value", message.content_type)))

    await polling(dp)
    user = emu.user(token, user_id=3004)
    await user.send_document(file_name="people.csv", content=b"phone\n0912\n")
    assert (await user.wait_for_message()).text == "people.csv: 11 bytes"
    assert received == [b"phone\n0912\n"]
    await user.send_photo()
    assert (await user.wait_for_message()).text == "photo"
    await user.send_sticker()
    assert (await user.wait_for_message()).text == "sticker"
    await user.send_location(32.65, 51.67)
    assert (await user.wait_for_message()).text == "location"


async def test_commands_and_chat_action(bot: Bot) -> None:
    from aiogram.types import BotCommand

    assert await bot.set_my_commands([BotCommand(command="start", description="Start")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    assert await bot.send_chat_action(1001, "typing")
    assert (await bot.get_chat(1001)).id == 1001
