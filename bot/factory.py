"""Factories that build the program's parts; `__main__`, tests and the simulator use the same ones."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage
from redis.asyncio import BlockingConnectionPool, Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import inline_filters
from bot.chat_scope import PrivateOnlyMiddleware
from bot.dispatch_index import IndexedDispatcher
from bot.errors import setup_error_handler
from bot.middlewares import (
    ContextMiddleware,
    DbSessionMiddleware,
    InFlight,
    MenuEscapeMiddleware,
    UpdateLogMiddleware,
)
from bot.platform_bot import PlatformBot
from bot.redis_turns import RedisTurns, TurnStorage
from bot.repeat_taps import RepeatTapMiddleware
from bot.session import GuardedSession, ReplyBudget, create_budget, create_session
from bot.throttle import MemoryFloodCounter, SharedFlood, ThrottleMiddleware
from bot.turns import MemoryTurns, TurnReservation
from campaigns.broadcasts import quiet as quiet_hours
from campaigns.broadcasts.limiter import RedisLimiter
from handlers import setup_routers
from handlers.command_menus import publish_for_chat, publish_profile
from handlers.keyboards import MENU_KEYS
from i18n import translator
from runtime import metrics
from runtime.config import BotSpec, Settings
from storage.db import create_engine, create_session_pool

log = logging.getLogger(__name__)


def create_bot(spec: BotSpec, timeout: float = 60.0, budget: ReplyBudget | None = None) -> PlatformBot:
    """A Bot for one platform, talking to its Bot API server through the guarded session (paced by
    `budget`, the bot's send budget shared with the worker, when given)."""
    session = create_session(spec.api_base, timeout=timeout, budget=budget)
    return PlatformBot(spec.token, spec.platform.value, session=session,
                       default=DefaultBotProperties(parse_mode=None, link_preview_is_disabled=True))


def create_storage(redis_url: str | None) -> BaseStorage:
    """Conversation state in Redis when configured (it survives restarts), otherwise in memory.

    In Redis it is read and written with the person's lock, two round trips per update (bot/turns.py)."""
    if redis_url:
        # A blocking pool: under a surge, updates wait briefly for a connection instead of failing.
        pool = BlockingConnectionPool.from_url(redis_url, max_connections=64, timeout=20)
        return TurnStorage(Redis(connection_pool=pool),
                           key_builder=DefaultKeyBuilder(with_bot_id=True, prefix="hamyar:fsm"))
    return MemoryStorage()


@dataclass
class App:
    """Everything one bot process holds: settings, database, bots and the dispatcher."""

    settings: Settings
    engine: AsyncEngine
    session_pool: async_sessionmaker[AsyncSession]
    dispatcher: Dispatcher
    bots: list[PlatformBot] = field(default_factory=list)
    in_flight: InFlight = field(default_factory=InFlight)

    async def close(self) -> None:
        """Wait for updates in flight, then close sessions, storage and the engine."""
        await self.in_flight.wait_idle(timeout=30)
        for bot in self.bots:
            await self._confirm_handled(bot)
            await bot.session.close()
        await self.dispatcher.storage.close()
        for middleware in self.dispatcher.update.outer_middleware:
            if isinstance(middleware, ContextMiddleware):
                await middleware.close()  # its held look-up connections, before the pool goes
        await self.engine.dispose()


    async def _confirm_handled(self, bot: Bot) -> None:
        """Tell the platform which updates are done, so a restart neither loses nor repeats them.

        Polling confirms an update only with the next getUpdates call; one last call with the next
        offset confirms the handled ones (what it returns stays unconfirmed and comes back later)."""
        last = self.in_flight.last_update_id.get(bot.id)
        if last is None or self.settings.mode != "polling":
            return
        try:
            await bot.get_updates(offset=last + 1, limit=1, timeout=0)
        except Exception:
            log.warning("could not confirm handled updates at shutdown", extra={"bot_id": bot.id})


# Commands that start something new; /cancel is not here, it ends a conversation itself.
ESCAPE_COMMANDS = {"start", "campaigns", "pledges", "volunteer", "me", "help", "privacy", "forget", "manage", "stop",
                   "compose", "assign", "callout", "assignments", "hours"}


def menu_labels() -> set[str]:
    """Every main-menu label in every language."""
    return {translator(language)(key) for language in ("fa", "en") for key in MENU_KEYS}


def create_dispatcher(storage: BaseStorage, engine: AsyncEngine, in_flight: InFlight,
                      settings: Settings) -> Dispatcher:
    """The dispatcher with its middlewares and every conversation router.

    The update middlewares run cheapest first, so what is dropped costs least: private chats only
    (bot/chat_scope.py), the update's place in its person's queue (bot/turns.py), the flood throttle
    (bot/throttle.py), then the person's turn with their conversation state (aiogram's FSM middleware,
    with Hamyar's turns as its event isolation), the database session and the person's look-up."""
    inline_filters.install()
    redis = storage.redis if isinstance(storage, TurnStorage) else None
    turns = RedisTurns(storage) if isinstance(storage, TurnStorage) else MemoryTurns()
    # The FSM middleware is registered below, in its place in the chain, rather than first by aiogram.
    dispatcher = IndexedDispatcher(storage=storage, events_isolation=turns, disable_fsm=True)
    # aiogram closes the storage as soon as polling stops, while updates may still be ending their turns
    # (a turn writes its state back last); App.close closes it once nothing is in flight.
    dispatcher.shutdown.handlers = [handler for handler in dispatcher.shutdown.handlers
                                    if handler.callback != dispatcher.fsm.close]
    dispatcher.update.outer_middleware(UpdateLogMiddleware(in_flight))
    dispatcher.update.outer_middleware(PrivateOnlyMiddleware(redis))
    dispatcher.update.outer_middleware(TurnReservation(turns, dispatcher.fsm))
    if settings.throttle_rate > 0:
        shared = None
        if isinstance(storage, TurnStorage):
            shared = storage.flood = SharedFlood(storage.redis, settings.throttle_rate, settings.throttle_window)
        counter = MemoryFloodCounter(settings.throttle_rate, settings.throttle_window)
        dispatcher.update.outer_middleware(ThrottleMiddleware(counter, shared))
    dispatcher.update.outer_middleware(dispatcher.fsm)
    dispatcher.update.outer_middleware(DbSessionMiddleware(create_session_pool(engine)))
    dispatcher.update.outer_middleware(ContextMiddleware(engine))
    dispatcher.callback_query.outer_middleware(RepeatTapMiddleware())
    dispatcher.message.outer_middleware(MenuEscapeMiddleware(menu_labels(), ESCAPE_COMMANDS))
    dispatcher.include_routers(*setup_routers())  # the dispatcher is the root: no extra level to propagate
    setup_error_handler(dispatcher)
    # Updates go straight to the handlers whose state and button filters admit them (bot/dispatch_index.py).
    for update_type, why in dispatcher.build_index().items():
        log.warning("updates of this kind take aiogram's router walk", extra={"type": update_type, "why": why})
    return dispatcher


def create_app(settings: Settings, bot_timeout: float = 60.0) -> App:
    """Build the whole bot process from settings (no network calls yet)."""
    quiet_hours.configure(settings.quiet_hours)
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    metrics.instrument_engine(engine)
    metrics.instrument_redis()
    session_pool = create_session_pool(engine)
    in_flight = InFlight()
    bots = [create_bot(spec, timeout=bot_timeout, budget=create_budget(settings, spec)) for spec in settings.bots()]
    storage = create_storage(settings.redis_url)
    if isinstance(storage, TurnStorage):
        # A turn reserves its first reply slot in the bot's send budget as it begins (same Redis).
        for bot in bots:
            budget = bot.session.budget if isinstance(bot.session, GuardedSession) else None
            if budget is not None and isinstance(budget.limiter, RedisLimiter):
                storage.budgets[bot.id] = (budget.bot_key, budget.limiter)
    dispatcher = create_dispatcher(storage, engine, in_flight, settings)
    dispatcher["settings"] = settings
    dispatcher["session_pool"] = session_pool
    return App(settings, engine, session_pool, dispatcher, bots, in_flight)


def super_admin_chats(settings: Settings, platform: str) -> list[int]:
    """The private chats of the configured super admins on one platform (a private chat's id is the user's)."""
    return [int(user) for kind, _, user in (item.partition(":") for item in settings.super_admins) if kind == platform]


async def set_commands(bot: Bot, manager_chats: Iterable[int] = ()) -> None:
    """Publish the bot's profile from the locale files: the common command menu in Persian (default) and
    English, the description and the short description; and the manager's menu in these managers' chats
    (others get theirs when a role is granted: handlers/manage.py). A refused call is logged once."""
    await publish_profile(bot)
    for chat_id in manager_chats:
        await publish_for_chat(bot, chat_id, "fa", manager=True)
