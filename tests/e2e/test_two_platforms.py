"""A Telegram bot and a Bale bot with the same numeric id, and a person with the same user id on each:
two people, two conversations, two languages, two rows — in polling and in webhook mode."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from i18n import translator
from storage.models import Person
from tests.e2e.harness import expect
from tests.e2e.two_platforms import SHARED_BOT_ID, TwoPlatforms

USER_ID = 5005
fa, en = translator("fa"), translator("en")


@pytest.fixture(params=["polling", "webhook"])
async def both(request: pytest.FixtureRequest, db_url: str, redis_url: str | None) -> AsyncIterator[TwoPlatforms]:
    running = await TwoPlatforms.start(db_url, redis_url, mode=request.param)
    yield running
    await running.stop()


async def test_same_ids_on_both_platforms_are_two_people(both: TwoPlatforms) -> None:
    assert [int(token.split(":")[0]) for token in both.tokens.values()] == [SHARED_BOT_ID, SHARED_BOT_ID]
    sara = both.user("telegram", USER_ID, "Sara")
    reza = both.user("bale", USER_ID, "Reza")

    await sara.send_text("/start")
    await expect(sara, "زبان")
    await reza.send_text("/start")
    await expect(reza, "زبان")

    # Sara goes on in English; Reza's conversation is still at its own first step.
    await sara.press(en("language-en"))
    await expect(sara, "Do you agree?")
    await reza.send_text("Klingon")
    await expect(reza, fa("language-invalid"))
    await reza.press(fa("language-fa"))
    await expect(reza, "موافقید")

    # Sara moves to the phone step; Reza, still at consent, is asked about consent, in Persian.
    await sara.press(en("consent-yes"))
    await expect(sara, "mobile number")
    await reza.send_text("شاید")
    await expect(reza, fa("consent-invalid"))
    await sara.send_text("hello")
    await expect(sara, "mobile number")

    async with both.session() as session:
        rows = (await session.execute(select(Person).where(Person.platform_user_id == USER_ID))).scalars().all()
    by_platform = {row.platform: row for row in rows}
    assert sorted(by_platform) == ["bale", "telegram"]
    assert by_platform["telegram"].language == "en" and by_platform["telegram"].consent_at is not None
    assert by_platform["bale"].language == "fa" and by_platform["bale"].consent_at is None
    assert by_platform["telegram"].chat_id == by_platform["bale"].chat_id == USER_ID
