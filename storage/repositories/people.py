"""Queries and writes on people; the caller's service commits."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import object_session
from sqlalchemy.orm.util import identity_key

from storage.db import autocommit
from storage.models import EnergyReport, Membership, Person, Pledge, Volunteer
from storage.models.pledges import PledgeStatus
from storage.repositories.base import Repository, insert_for

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_referral_code() -> str:
    """A short, unambiguous code a person shares to credit referrals."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


# The columns a person's view is made of, in the view's order (campaigns.people.PersonView checks it).
VIEW_FIELDS = ("id", "platform", "platform_user_id", "chat_id", "language", "first_name", "phone", "national_id",
               "province_code", "county_code", "neighbourhood", "referral_code", "consent_at", "onboarded_at",
               "created_at", "last_seen_at")
_PEOPLE: Table = Person.__table__  # type: ignore[assignment]
_VIEW_COLUMNS = [_PEOPLE.c[name] for name in VIEW_FIELDS]
# The look-up every update makes, in Core (no ORM row to build) and built once (its compiled form is cached).
_VIEW_BY_PLATFORM_USER = select(*_VIEW_COLUMNS, _PEOPLE.c.unreachable).where(
    _PEOPLE.c.platform == bindparam("platform"), _PEOPLE.c.platform_user_id == bindparam("user_id"))


async def view_row_on(connection: AsyncConnection, platform: str, user_id: int) -> Sequence[Any] | None:
    """The VIEW_FIELDS of the person a platform user id belongs to, then their `unreachable` flag."""
    result = await connection.execute(_VIEW_BY_PLATFORM_USER, {"platform": platform, "user_id": user_id})
    return result.first()


# The same look-up as PostgreSQL text, for asyncpg's own prepared statement on a connection held open for it
# (bot/middlewares.LookupConnections): SQLAlchemy's execute around the driver's call cost about three
# times the driver's CPU (about 235 us against 70 us a look-up on this machine), on every update.
_VIEW_BY_PLATFORM_USER_PG = (f"SELECT {', '.join(VIEW_FIELDS)}, unreachable FROM {_PEOPLE.name} "
                             "WHERE platform = $1 AND platform_user_id = $2")
_HELD_LOOKUP = "hamyar.person_lookup"  # the prepared statement's key in the pooled connection's info


async def view_row_held(connection: AsyncConnection, platform: str, user_id: int) -> Sequence[Any] | None:
    """`view_row_on` for an autocommit connection held open for the look-up every update makes.

    On PostgreSQL the statement is prepared once per connection with asyncpg and run without SQLAlchemy's
    execution around it (the pool clears the connection's info, and with it the statement, when the
    connection is replaced); the row comes back as `view_row_on`'s does. Elsewhere it is `view_row_on`."""
    if connection.dialect.name != "postgresql":
        return await view_row_on(connection, platform, user_id)
    info = connection.info
    held = info.get(_HELD_LOOKUP)
    if held is None:
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None
        columns = (*_VIEW_COLUMNS, _PEOPLE.c.unreachable)
        held = info[_HELD_LOOKUP] = (await driver.prepare(_VIEW_BY_PLATFORM_USER_PG), [
            (index, process) for index, column in enumerate(columns)
            if (process := column.type.result_processor(connection.dialect, None)) is not None])
    statement, processors = held
    record = await statement.fetchrow(platform, user_id)
    if record is None:
        return None
    row = list(record)
    for index, process in processors:
        row[index] = process(row[index])
    return row


async def update_view_on(connection: AsyncConnection, person_id: int, values: dict[str, Any]) -> Sequence[Any]:
    """Set columns of one person and return their VIEW_FIELDS as written (one statement, in Core)."""
    result = await connection.execute(
        update(_PEOPLE).where(_PEOPLE.c.id == person_id).values(**values).returning(*_VIEW_COLUMNS))
    return result.one()


def _credit_referrer(values: dict[str, Any], person_id: int, referral_code: str | None) -> dict[str, Any]:
    """The values plus `referred_by_id` set, inside the same UPDATE, to the owner of a referral code (not the
    person themselves; unchanged when nobody owns it)."""
    if not referral_code:
        return values
    referrer = _PEOPLE.alias("referrer")
    owner = select(referrer.c.id).where(referrer.c.referral_code == referral_code, referrer.c.id != person_id)
    return {**values, "referred_by_id": func.coalesce(owner.scalar_subquery(), _PEOPLE.c.referred_by_id)}


async def touch_on(connection: AsyncConnection, person_id: int, now: Any) -> None:
    """Mark a person seen now (and so reachable)."""
    await connection.execute(update(_PEOPLE).where(_PEOPLE.c.id == person_id).values(
        last_seen_at=now, unreachable=False))


class PeopleRepository(Repository):
    """People by platform identity, by id and by referral code."""

    async def by_platform_user(self, platform: str, user_id: int) -> Person | None:
        """The person a platform user id belongs to."""
        result = await self.session.execute(
            select(Person).where(Person.platform == platform, Person.platform_user_id == user_id))
        return result.scalar_one_or_none()

    async def view_row_by_platform_user(self, platform: str, user_id: int) -> Sequence[Any] | None:
        """The VIEW_FIELDS of the person a platform user id belongs to, then their `unreachable` flag."""
        return await view_row_on(await self.session.connection(), platform, user_id)

    async def update_returning_view(self, person_id: int, values: dict[str, Any]) -> Sequence[Any]:
        """Set columns of one person and return their VIEW_FIELDS as written (one statement, in Core)."""
        return await update_view_on(await self.session.connection(), person_id, values)

    async def write_returning_view(self, person_id: int, values: dict[str, Any], *,
                                   referral_code: str | None = None) -> Sequence[Any]:
        """Set columns of one person in one UPDATE ... RETURNING (crediting the owner of `referral_code`, if
        any, as their referrer); their VIEW_FIELDS as written, then `referred_by_id`.

        When the session holds no transaction (the usual onboarding or profile step) the statement runs on
        an autocommit connection, saved as it runs: one round trip, no BEGIN/COMMIT, and the unit of work's
        commit then has nothing to do. When the session holds this person's row, the row is updated with it."""
        values = _credit_referrer(values, person_id, referral_code)
        loaded = self.session.sync_session.identity_map.get(identity_key(Person, person_id))
        if loaded is not None and object_session(loaded) is not None:
            result = await self.session.execute(update(Person).where(Person.id == person_id).values(**values)
                                                .returning(Person).execution_options(populate_existing=True))
            person = result.scalar_one()
            return tuple(getattr(person, name) for name in (*VIEW_FIELDS, "referred_by_id"))
        statement = (update(_PEOPLE).where(_PEOPLE.c.id == person_id).values(**values)
                     .returning(*_VIEW_COLUMNS, _PEOPLE.c.referred_by_id))
        bind = self.session.bind
        if not self.session.in_transaction() and isinstance(bind, AsyncEngine):
            async with autocommit(bind).connect() as connection:
                return (await connection.execute(statement)).one()
        return (await self.session.execute(statement)).one()

    async def insert_returning_view(self, values: dict[str, Any]) -> Sequence[Any] | None:
        """Insert a person unless their platform identity is known already (ON CONFLICT DO NOTHING, so two
        first updates arriving at once make one row); the new row's VIEW_FIELDS, or None."""
        statement = insert_for(self.session, Person).values(**values).on_conflict_do_nothing(
            index_elements=[Person.platform, Person.platform_user_id]).returning(*_VIEW_COLUMNS)
        return (await self.session.execute(statement)).first()

    async def view_row_by_phone(self, phone: str) -> Sequence[Any] | None:
        """The VIEW_FIELDS of the most recently seen person (not forgotten) with a phone number."""
        result = await self.session.execute(
            select(*_VIEW_COLUMNS).where(_PEOPLE.c.phone == phone, _PEOPLE.c.forgotten_at.is_(None))
            .order_by(_PEOPLE.c.last_seen_at.desc()).limit(1))
        return result.first()

    async def view_row_by_referral_code(self, code: str) -> Sequence[Any] | None:
        """The VIEW_FIELDS of the person (not forgotten) who owns a referral code."""
        result = await self.session.execute(
            select(*_VIEW_COLUMNS).where(_PEOPLE.c.referral_code == code, _PEOPLE.c.forgotten_at.is_(None)))
        return result.first()

    async def exists(self, person_id: int) -> bool:
        """True when a person of this id exists (forgotten or not)."""
        result = await self.session.execute(select(Person.id).where(Person.id == person_id))
        return result.first() is not None

    async def language(self, person_id: int | None) -> str | None:
        """The language a person reads, if they exist."""
        result = await self.session.execute(select(Person.language).where(Person.id == person_id))
        return result.scalar_one_or_none()

    async def participation(self, person_id: int) -> tuple[int, int]:
        """Campaigns a person joined (and did not leave) and their pledges not cancelled, in one statement."""
        joined = select(func.count()).select_from(Membership).where(
            Membership.person_id == person_id, Membership.left_at.is_(None)).scalar_subquery()
        pledged = select(func.count()).select_from(Pledge).where(
            Pledge.person_id == person_id, Pledge.status != PledgeStatus.CANCELLED.value).scalar_subquery()
        row = (await self.session.execute(select(joined, pledged))).one()
        return int(row[0] or 0), int(row[1] or 0)

    async def erase(self, person_id: int, now: datetime) -> None:
        """Erase a person's personal data: off the call-out lists, pledges and energy reports unlinked (they keep
        counting in campaign totals), no longer anyone's referrer, and their own row emptied of everything
        that identifies them (the platform identity too, so the account meets a stranger next time)."""
        await self.session.execute(update(Volunteer).where(Volunteer.person_id == person_id).values(
            skills=None, on_call=False))
        await self.session.execute(update(Pledge).where(Pledge.person_id == person_id).values(person_id=None))
        await self.session.execute(update(EnergyReport).where(EnergyReport.person_id == person_id).values(
            person_id=None))
        await self.session.execute(update(Person).where(Person.referred_by_id == person_id).values(
            referred_by_id=None))
        await self.update_fields(
            person_id, platform_user_id=-person_id, chat_id=0, first_name=None, phone=None, national_id=None,
            neighbourhood=None, referral_code=f"gone{person_id}"[:16], referred_by_id=None, consent_at=None,
            forgotten_at=now, unreachable=True)

    async def by_id(self, person_id: int) -> Person | None:
        """A person by our id."""
        return await self.session.get(Person, person_id)

    async def by_referral_code(self, code: str) -> Person | None:
        """The person who owns a referral code."""
        result = await self.session.execute(select(Person).where(Person.referral_code == code))
        return result.scalar_one_or_none()

    def add(self, person: Person) -> None:
        """Stage a new person."""
        self.session.add(person)

    async def update_fields(self, person_id: int, **values: Any) -> None:
        """Set columns of one person."""
        await self.session.execute(update(Person).where(Person.id == person_id).values(**values))

    async def languages_of(self, platform: str, chat_ids: Collection[int]) -> dict[int, str]:
        """The language read in each of these chats of a platform (a chat nobody is known in is left out):
        the worker's messages to managers (progress, live call-out messages) are in their language."""
        result = await self.session.execute(select(Person.chat_id, Person.language).where(
            Person.platform == platform, Person.chat_id.in_(chat_ids)))
        return {chat_id: language for chat_id, language in result}
