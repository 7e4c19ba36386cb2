"""Every conversation state, and the validated shape of each conversation's data."""

from __future__ import annotations

from typing import Any, TypeVar

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class Onboarding(StatesGroup):
    """First contact: language, consent, phone, province, county, neighbourhood."""

    language = State()
    consent = State()
    phone = State()
    province = State()
    county = State()
    neighbourhood = State()


class OnboardingData(BaseModel):
    """What onboarding carries between steps."""

    campaign_slug: str | None = None
    referral: str | None = None
    province_code: str | None = None
    page: int = 0
    editing: bool = False


async def load(state: FSMContext, model: type[M]) -> M:
    """The conversation's data, validated; a shape from an older version starts afresh."""
    raw: dict[str, Any] = await state.get_data()
    try:
        return model.model_validate(raw)
    except ValueError:
        return model()


async def save(state: FSMContext, data: BaseModel) -> None:
    """Store the conversation's data."""
    await state.set_data(data.model_dump())
