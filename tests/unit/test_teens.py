"""The teens' rules without the bot: reading a year of birth and a code, who counts as a teen, the quiet window,
and a teen who may not make themselves older."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import teens
from campaigns.jalali import IRAN_TZ
from campaigns.teens import YearProblem
from storage.models import Person
from storage.repositories.audience import in_teen_quiet_hours
from storage.unit_of_work import UnitOfWork

# 1 Azar 1405 at noon in Iran.
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=IRAN_TZ).astimezone(UTC)


def test_a_year_of_birth_in_any_digits_not_in_the_future_nor_over_120_years_ago() -> None:
    for typed in ("1390", "۱۳۹۰", "١٣٩٠", " 1390 "):
        assert teens.read_year(typed, NOW).year == 1390
    assert teens.read_year("1405", NOW).year == 1405 and teens.read_year("1406", NOW).problem is YearProblem.FUTURE
    assert teens.read_year("1285", NOW).year == 1285 and teens.read_year("1284", NOW).problem is YearProblem.TOO_OLD
    assert teens.read_year("2008", NOW).problem is YearProblem.FUTURE
    for typed in ("", "90", "13900", "۱۳۹۰م", "x" * 10_000):
        assert teens.read_year(typed, NOW).problem is YearProblem.NOT_A_YEAR, typed


def test_a_teen_until_the_nowruz_after_turning_18() -> None:
    assert teens.is_teen_year(1387, NOW) and not teens.is_teen_year(1386, NOW)
    nowruz_1406 = datetime(2027, 3, 21, tzinfo=IRAN_TZ)
    assert teens.adult_from(1387) == nowruz_1406
    assert teens.is_teen_year(1387, nowruz_1406 - timedelta(seconds=1))
    assert not teens.is_teen_year(1387, nowruz_1406)


def test_codes_are_read_in_any_case_with_spaces_or_from_a_link() -> None:
    code = teens.new_code()
    assert len(code) == teens.CODE_LENGTH and teens.read_code(code) == code
    assert teens.read_code(f"g_{code}") == code and teens.read_code(code.lower()) == code
    assert teens.read_code(f"{code[:4]} {code[4:]}") == code and teens.read_code(f"{code[:4]}-{code[4:]}") == code
    for wrong in ("", "ABC", code + "A", "O" * 8, "I1L0ABCD", "x" * 100_000):
        assert teens.read_code(wrong) is None, wrong


def test_the_teens_quiet_window_is_21_to_8_in_iran() -> None:
    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 11, 22, hour, minute, tzinfo=IRAN_TZ).astimezone(UTC)

    assert [in_teen_quiet_hours(at(h)) for h in (7, 8, 12, 20, 21, 23, 0)] == [True, False, False, False, True, True,
                                                                               True]
    assert in_teen_quiet_hours(at(7, 59)) and not in_teen_quiet_hours(at(20, 59))


async def test_a_teen_may_not_declare_an_earlier_year_but_a_manager_may(
        session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        teen = Person(platform="telegram", platform_user_id=1, chat_id=1, referral_code="t1", phone="09120000000")
        manager = Person(platform="telegram", platform_user_id=2, chat_id=2, referral_code="m2")
        session.add_all([teen, manager])
        await session.commit()
        uow = UnitOfWork(session)
        declared = await teens.declare(uow, teen.id, 1390, NOW)
        assert declared == teens.Declared(1390, teen=True)
        await session.refresh(teen)
        assert teen.phone is None  # kept only if a guardian allows it
        assert await teens.declare(uow, teen.id, 1370, NOW) is YearProblem.TEEN_CANNOT_AGE
        assert await teens.birth_year(uow, teen.id) == 1390
        assert await teens.declare(uow, teen.id, 1392, NOW) == teens.Declared(1392, teen=True)  # younger: allowed
        assert await teens.correct_year(uow, manager.id, teen.id, 1370, NOW) is True
        assert await teens.birth_year(uow, teen.id) == 1370 and not await teens.is_teen(uow, teen.id, NOW)
        assert await teens.correct_year(uow, manager.id, 999_999, 1370, NOW) is False
