"""The volunteer service: typed choices, skills, and the one-row upsert."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import people, volunteers
from campaigns.volunteers import Axis, Day, Hours, InvalidForm, Specialty, VolunteerForm, pick_many
from campaigns.words import pick_one
from storage.models import Person, Volunteer
from storage.unit_of_work import UnitOfWork

AXES = [["سلامت", "Health"], ["توانمندسازی"], ["فرهنگی"], ["عمرانی"], ["فوق‌برنامه"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("سلامت، فرهنگی", [0, 2]), ("۱ ۳", [0, 2]), ("1,3", [0, 2]), ("سلامت و فرهنگی", [0, 2]),
    ("health", [0]), ("فوق برنامه", [4]), ("٣", [2]), ("سلامت، آشپزی", None), ("6", None), ("", None),
])
def test_pick_many(text: str, expected: list[int] | None) -> None:
    assert pick_many(text, AXES) == expected


def test_pick_one_folds_arabic_letters_and_spaces() -> None:
    assert pick_one("مددكار اجتماعي", [["پزشک"], ["مددکار اجتماعی"]]) == 1
    assert pick_one("0", [["a"]]) is None


def test_clean_skills() -> None:
    assert volunteers.clean_skills("  کمک‌های   اولیه\n و امداد ") == "کمک‌های اولیه و امداد"
    assert volunteers.clean_skills("x" * 500) == "x" * 500
    assert volunteers.clean_skills("x" * 501) is None
    assert volunteers.clean_skills("   ") is None


def _form(**changes: object) -> VolunteerForm:
    values: dict[str, object] = dict(
        axes=(Axis.CULTURAL, Axis.HEALTH), specialty=Specialty.NURSE, days=(Day.FRI, Day.SAT),
        hours=Hours.MORNING, on_call=True, province_code="isfahan", county_code=None)
    values.update(changes)
    return VolunteerForm(**values)  # type: ignore[arg-type]


async def _person(session: AsyncSession, user_id: int = 7) -> int:
    person = await people.get_or_create(UnitOfWork(session), "telegram", user_id, user_id, "fa")
    return person.id


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Volunteer)) or 0)


async def test_register_then_update_keeps_one_row(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        person_id = await _person(session)
        first = await volunteers.register(UnitOfWork(session), person_id, _form(national_id="0012345679"))
        assert first.axes == (Axis.HEALTH, Axis.CULTURAL)  # stored in the axes' own order
        assert first.days == (Day.SAT, Day.FRI)
        second = await volunteers.register(UnitOfWork(session), person_id,
                                           _form(specialty=Specialty.DOCTOR, skills="x"))
        assert second.id == first.id and second.specialty is Specialty.DOCTOR and second.skills == "x"
        assert second.registered_at == first.registered_at
        assert await _count(session) == 1
        person = await session.get(Person, person_id)
        assert person is not None and person.national_id == "0012345679"  # kept when not given again


async def test_concurrent_registrations_make_one_row(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        person_id = await _person(session)

    async def register() -> None:
        async with session_pool() as session:
            await volunteers.register(UnitOfWork(session), person_id, _form())

    await asyncio.gather(*(register() for _ in range(4)))
    async with session_pool() as session:
        assert await _count(session) == 1


async def test_invalid_form_is_refused(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        person_id = await _person(session)
        with pytest.raises(InvalidForm) as refused:
            await volunteers.register(UnitOfWork(session), person_id, _form(axes=(), province_code=None))
        assert refused.value.fields == ["axes", "region"]
        assert await _count(session) == 0


async def test_forget_erases_skills_and_call_outs(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        person_id = await _person(session)
        await volunteers.register(UnitOfWork(session), person_id, _form(skills="امداد"))
        await people.forget(UnitOfWork(session), person_id)
        saved = await volunteers.get(UnitOfWork(session), person_id)
        assert saved is not None and saved.skills is None and not saved.on_call
        assert saved.axes == (Axis.HEALTH, Axis.CULTURAL)
