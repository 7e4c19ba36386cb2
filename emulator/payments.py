"""Payments: sendInvoice, answerPreCheckoutQuery, and a person paying an invoice (or not), in both dialects.

As the platforms do it (PLATFORMS.md, "Payments"): the bot sends an invoice; the person pays; the platform
asks the bot with a `pre_checkout_query` update and waits up to ten seconds for `answerPreCheckoutQuery`; on
ok=true it charges and sends the bot a message with `successful_payment`; on ok=false (or no answer in
time) the payment fails and the person sees the bot's error_message (or a timeout). An abandoned invoice
tells the bot nothing. A paid invoice cannot be paid again (its button shows the receipt).

Dialects. Telegram: `currency` is required (a three-letter code, or XTR), amounts are in the currency's
smallest unit, `provider_token` is required except for XTR, and charge ids are opaque strings. Bale: the
provider token is a card number, a wallet or a gateway and is required; `currency` may be left out, since
Bale charges in rials and reports "IRR"; amounts may come as numeric strings; charge ids are numbers (as
text). The update fields are the same on both (Bale's client libraries use Telegram's names)."""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator import errors
from emulator.markup import utf16_len
from emulator.methods import _deliver, _guard, _new_message, markup_param
from emulator.models import BotMessage, UserMessage
from emulator.params import Call, method
from emulator.state import BotState, Chat, now

if TYPE_CHECKING:
    from emulator.server import BotApiEmulator

ANSWER_TIMEOUT_S = 10.0
_query_ids = itertools.count(1)


@dataclass
class PendingCheckout:
    """A pre-checkout query waiting for the bot's answer."""

    chat_id: int
    answer: asyncio.Future[tuple[bool, str | None]]
    expired: bool = False


@dataclass(frozen=True)
class PaymentOutcome:
    """What happened when the person tried to pay: "paid", "refused" (ok=false), "timeout" (no answer within
    the platform's ten seconds) or "abandoned"; the bot's error_message; the successful_payment sent."""

    status: str
    invoice: BotMessage
    error_message: str | None = None
    successful_payment: dict[str, Any] | None = None

    @property
    def paid(self) -> bool:
        """True when the payment went through."""
        return self.status == "paid"


@dataclass
class PaymentDesk:
    """The payments state of the emulator: queries waiting for answers, and the invoices already paid."""

    answer_timeout: float = ANSWER_TIMEOUT_S
    pending: dict[str, PendingCheckout] = field(default_factory=dict)
    paid: set[tuple[int, int, int]] = field(default_factory=set)  # (bot id, chat id, invoice message id)
    answers: list[dict[str, Any]] = field(default_factory=list)  # every answerPreCheckoutQuery, in order


def _prices(call: Call, dialect: str) -> int:
    """The invoice's total from `prices` (a JSON array of {label, amount}), checked as the platform does."""
    raw = call.json_value("prices")
    if not isinstance(raw, list) or not raw:
        raise errors.bad_request("can't parse prices JSON object")
    total = 0
    for price in raw:
        amount = price.get("amount") if isinstance(price, dict) else None
        if dialect == "bale" and isinstance(amount, str) and amount.isdigit():
            amount = int(amount)
        if not isinstance(price, dict) or not isinstance(price.get("label"), str) or isinstance(amount, bool) \
                or not isinstance(amount, int) or amount <= 0:
            raise errors.bad_request("can't parse prices JSON object")
        total += amount
    return total


@method("sendInvoice", send=True)
async def send_invoice(call: Call) -> dict[str, Any]:
    """Send an invoice to a private chat."""
    dialect = call.emu.dialect
    chat = call.chat()
    title, description, payload = call.need_str("title"), call.need_str("description"), call.need_str("payload")
    if utf16_len(title) > 32:
        raise errors.bad_request("INVOICE_TITLE_INVALID")
    if utf16_len(description) > 255:
        raise errors.bad_request("INVOICE_DESCRIPTION_INVALID")
    if len(payload.encode("utf-8")) > 128:
        raise errors.bad_request("INVOICE_PAYLOAD_INVALID")
    currency = call.opt_str("currency")
    if dialect == "bale":
        currency = "IRR"
    elif currency is None or not (currency == "XTR" or (len(currency) == 3 and currency.isalpha()
                                                        and currency.isupper())):
        raise errors.bad_request("CURRENCY_INVALID")
    if not call.has("provider_token") and currency != "XTR":
        raise errors.bad_request("PAYMENT_PROVIDER_INVALID")
    total = _prices(call, dialect)
    markup = markup_param(call)
    _guard(call, chat, send=True)
    msg = _new_message(call, chat, f"{title}\n{description}", "invoice", markup)
    msg.invoice = {"title": title, "description": description, "start_parameter": call.opt_str("start_parameter")
                   or "", "currency": currency, "total_amount": total, "payload": payload,
                   "provider_token": call.opt_str("provider_token")}  # kept for tests; never shown (invoice_json)
    return await _deliver(call, chat, msg, msg.text)


@method("answerPreCheckoutQuery")
async def answer_pre_checkout_query(call: Call) -> bool:
    """The bot's answer to a pre-checkout query: ok, or not with an error_message the person is shown."""
    desk: PaymentDesk = call.emu.payments
    query_id = call.need_str("pre_checkout_query_id")
    ok = call.flag("ok")
    error_message = call.opt_str("error_message")
    if not ok and not error_message:
        raise errors.bad_request("ERROR_MESSAGE_EMPTY")
    pending = desk.pending.get(query_id)
    if pending is None or pending.expired or pending.answer.done():
        raise errors.bad_request("query is too old and response timeout expired or query ID is invalid")
    desk.answers.append({"pre_checkout_query_id": query_id, "ok": ok, "error_message": error_message})
    pending.answer.set_result((ok, error_message))
    return True


def find_invoice(chat: Chat, message_id: int | None) -> BotMessage:
    """The invoice message with this id, or the latest invoice in the chat."""
    invoices = [m for m in chat.bot_messages() if m.kind == "invoice" and not m.deleted]
    if message_id is not None:
        invoices = [m for m in invoices if m.message_id == message_id]
    if not invoices:
        raise LookupError(f"no invoice{f' #{message_id}' if message_id is not None else ''} in chat {chat.chat_id}")
    return invoices[-1]


def _charge_ids(dialect: str) -> tuple[str, str]:
    if dialect == "bale":
        return str(secrets.randbelow(10**15) + 10**14), str(secrets.randbelow(10**11) + 10**10)
    return f"stx{secrets.token_urlsafe(24)}", f"prv_{secrets.token_hex(10)}"


async def pay(emu: BotApiEmulator, bot: BotState, chat: Chat, message_id: int | None = None, *,
              total_amount: int | None = None) -> PaymentOutcome:
    """The person pays an invoice: a pre_checkout_query, then (answered ok within the platform's ten seconds)
    a successful_payment message. `total_amount` makes the query carry another amount than the invoice's (a
    forged or stale query, for tests of the bot's checks)."""
    chat.opened = True
    invoice = find_invoice(chat, message_id)
    details = invoice.invoice or {}
    key = (bot.bot_id, chat.chat_id, invoice.message_id)
    desk: PaymentDesk = emu.payments
    if key in desk.paid:
        raise LookupError(f"invoice #{invoice.message_id} is paid already: it shows its receipt")
    query_id = str(bot.bot_id * 10**9 + 5 * 10**8 + next(_query_ids))
    pending = PendingCheckout(chat.chat_id, asyncio.get_running_loop().create_future())
    desk.pending[query_id] = pending
    amount = details["total_amount"] if total_amount is None else total_amount
    bot.updates.push({"pre_checkout_query": {"id": query_id, "from": chat.user_dict(), "currency": details["currency"],
                                             "total_amount": amount, "invoice_payload": details["payload"]}})
    try:
        ok, error_message = await asyncio.wait_for(asyncio.shield(pending.answer), desk.answer_timeout)
    except TimeoutError:
        pending.expired = True
        return PaymentOutcome("timeout", invoice)
    finally:
        desk.pending.pop(query_id, None)
    if not ok:
        return PaymentOutcome("refused", invoice, error_message)
    desk.paid.add(key)
    charge, provider_charge = _charge_ids(emu.dialect)
    payment = {"currency": details["currency"], "total_amount": amount, "invoice_payload": details["payload"],
               "telegram_payment_charge_id": charge, "provider_payment_charge_id": provider_charge}
    deliver_successful_payment(bot, chat, payment)
    return PaymentOutcome("paid", invoice, successful_payment=payment)


def deliver_successful_payment(bot: BotState, chat: Chat, payment: dict[str, Any]) -> dict[str, Any]:
    """Put the successful_payment service message in the chat and queue it for the bot (again, for a test of a
    platform that delivers one payment twice); the Message dict."""
    record = UserMessage(message_id=chat.new_message_id(), chat_id=chat.chat_id, kind="successful_payment",
                         extra={"successful_payment": dict(payment)})
    record.date = now()
    data: dict[str, Any] = {"message_id": record.message_id, "from": chat.user_dict(), "chat": chat.chat_dict(),
                            "date": record.date, "successful_payment": dict(payment)}
    chat.add(record)
    bot.updates.push({"message": data})
    return data


def abandon(chat: Chat, message_id: int | None = None) -> PaymentOutcome:
    """The person opens the invoice and closes it without paying: the bot hears nothing."""
    return PaymentOutcome("abandoned", find_invoice(chat, message_id))


def outcome_json(outcome: PaymentOutcome) -> dict[str, Any]:
    """A payment's outcome for the user-side HTTP API."""
    return {"ok": True, "status": outcome.status, "invoice_message_id": outcome.invoice.message_id,
            "error_message": outcome.error_message, "successful_payment": outcome.successful_payment}


def add_payment_routes(app: web.Application, emu: BotApiEmulator) -> None:
    """`POST /_emu/bots/{bot_id}/users/{user_id}/pay` with `{"message_id"?}` pays an invoice (the latest by
    default) and returns its outcome; `.../abandon` closes it unpaid."""

    def chat_of(request: web.Request) -> tuple[BotState, Chat]:
        try:
            bot = emu.bots[int(request.match_info["bot_id"])]
            user_id = int(request.match_info["user_id"])
        except (KeyError, ValueError):
            raise web.HTTPNotFound(text=json.dumps({"ok": False, "description": "no such bot"}),
                                   content_type="application/json") from None
        if user_id <= 0:
            raise web.HTTPBadRequest(text=json.dumps({"ok": False, "description": "user_id must be positive"}),
                                     content_type="application/json")
        return bot, bot.chat(user_id, opened=True)

    async def message_id_of(request: web.Request) -> int | None:
        body = await request.json() if request.body_exists else {}
        value = body.get("message_id") if isinstance(body, dict) else None
        return int(value) if value is not None else None

    async def pay_route(request: web.Request) -> web.Response:
        bot, chat = chat_of(request)
        try:
            outcome = await pay(emu, bot, chat, await message_id_of(request))
        except (LookupError, ValueError) as exc:
            return web.json_response({"ok": False, "description": str(exc)}, status=404)
        return web.json_response(outcome_json(outcome), dumps=lambda d: json.dumps(d, ensure_ascii=False))

    async def abandon_route(request: web.Request) -> web.Response:
        _, chat = chat_of(request)
        try:
            outcome = abandon(chat, await message_id_of(request))
        except (LookupError, ValueError) as exc:
            return web.json_response({"ok": False, "description": str(exc)}, status=404)
        return web.json_response(outcome_json(outcome))

    app.router.add_post("/_emu/bots/{bot_id}/users/{user_id}/pay", pay_route)
    app.router.add_post("/_emu/bots/{bot_id}/users/{user_id}/abandon", abandon_route)
