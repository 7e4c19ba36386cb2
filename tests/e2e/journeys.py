"""A citizen's steps over the emulator, each written once: one exchange (what the person types or presses,
and the reply they then see), a wrong answer and the question asked again, the way into the bot (language
and consent), the end of onboarding, a campaign joined, the profile and the volunteer registration opened,
a pledge's last questions and its confirmation; and the rows a test reads back afterwards. Managers' steps
are in tests/e2e/manager_steps.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from emulator import BotMessage, UserClient
from storage.models import Person, Pledge, Volunteer

if TYPE_CHECKING:
    from tests.e2e.harness import Harness


async def expect(user: UserClient, fragment: str, timeout: float = 5.0, *, strict: bool = True) -> BotMessage:
    """The next bot reply, which must contain `fragment` (fails with the chat's transcript).

    Strict by default: a different new message arriving first fails the test (edits of messages shown
    before are skipped). `strict=False` skips other replies too, for a test that means "eventually, X"."""
    return await user.wait_for_message(lambda message: fragment in (message.text or ""), timeout=timeout,
                                       only=strict)


async def say(user: UserClient, text: str, then: str, *, strict: bool = True) -> BotMessage:
    """The person types `text`; the bot's reply, which must contain `then`."""
    await user.send_text(text)
    return await expect(user, then, strict=strict)


async def tap(user: UserClient, button: str, then: str, *, message_id: int | None = None,
              strict: bool = True) -> BotMessage:
    """The person presses `button` (on the latest message that has it, or on `message_id`); the bot's reply,
    which must contain `then`."""
    await user.press(button, message_id=message_id)
    return await expect(user, then, strict=strict)


async def wrong_answer(user: UserClient, text: str, why: str, asked_again: str) -> BotMessage:
    """The person types an answer the step cannot take: the bot says `why`, then asks its question
    (`asked_again`) again; that question."""
    await say(user, text, why)
    return await expect(user, asked_again)


async def choose_language(user: UserClient, start: str = "/start", *, strict: bool = True) -> BotMessage:
    """A newcomer's first step: `start` (/start, or a link's /start r_…), then Persian; the consent question."""
    await say(user, start, "زبان", strict=strict)
    return await tap(user, "فارسی", "موافقید", strict=strict)


async def agree(user: UserClient, start: str = "/start", *, strict: bool = True) -> BotMessage:
    """A newcomer's first steps: `start`, Persian, "I agree"; the question of the mobile number."""
    await choose_language(user, start, strict=strict)
    return await tap(user, "موافقم", "شماره موبایل", strict=strict)


async def skip_neighbourhood(user: UserClient, *, strict: bool = True) -> BotMessage:
    """Onboarding's neighbourhood question (asked already) skipped: the message that says registration is done."""
    return await tap(user, "رد شدن", "ثبت‌نام شما کامل شد", strict=strict)


async def join(user: UserClient, slug: str, *, strict: bool = True) -> BotMessage:
    """A campaign's link (/start c_<slug>) opened by an onboarded person: the campaign's page with its progress."""
    return await say(user, f"/start c_{slug}", "پیشرفت", strict=strict)


async def onboarded(hamyar: Harness, user_id: int, name: str = "Sara") -> UserClient:
    """A person who has walked onboarding the quickest way (Harness.onboard) and is at the main menu."""
    user = hamyar.user(user_id, name)
    await hamyar.onboard(user)
    return user


async def open_campaign(hamyar: Harness, user_id: int, slug: str, name: str = "Sara") -> UserClient:
    """A newcomer onboarded who joins the campaign `slug` by its link and sees its page."""
    user = await onboarded(hamyar, user_id, name)
    await say(user, f"/start c_{slug}", "پیوستید")
    await expect(user, "پیشرفت")
    return user


async def open_profile(user: UserClient, typed: str = "/me", *, strict: bool = True) -> BotMessage:
    """/me (or the menu's "My information"): what the bot keeps about the person, with its edit buttons."""
    return await say(user, typed, "اطلاعاتی که از شما نگه داشته‌ایم", strict=strict)


async def start_volunteering(user: UserClient, typed: str = "/volunteer", *, strict: bool = True,
                             birth_year: str | None = "۱۳۶۵") -> BotMessage:
    """/volunteer (or the menu's button), the year of birth when it is asked (the first time; an adult's by
    default): the first of the registration's eight steps, the axes."""
    first = await say(user, typed, "", strict=strict)
    if birth_year is None or "سال تولد خود را" not in (first.text or ""):
        assert "مرحله ۱ از ۸" in (first.text or ""), first.text
        return first
    return await say(user, birth_year, "مرحله ۱ از ۸", strict=strict)


async def report_energy(user: UserClient, baseline: str, month: str, *, baseline_shown: str = "",
                        strict: bool = True) -> BotMessage:
    """On the energy campaign's page: electricity reported in kWh, first the baseline, then, from the page
    opened again (where the baseline is said back: `baseline_shown`), this month's use; the standing message."""
    await tap(user, "ثبت مصرف برق", "چگونه گزارش می‌کنید", strict=strict)
    await tap(user, "به کیلووات‌ساعت (از قبض)", "مصرف پایه", strict=strict)
    await say(user, baseline, "مصرف پایه ثبت شد", strict=strict)
    page = await join(user, "energy-wheelchairs", strict=strict)
    await tap(user, "ثبت مصرف برق", f"مصرف پایه شما {baseline_shown}".rstrip(), message_id=page.message_id,
              strict=strict)
    return await say(user, month, "صرفه‌جویی شما تا امروز", strict=strict)


async def person(hamyar: Harness, user_id: int) -> Person:
    """The person row of the chat `user_id`."""
    found = await person_or_none(hamyar, user_id)
    assert found is not None, f"no person for chat {user_id}"
    return found


async def person_or_none(hamyar: Harness, user_id: int) -> Person | None:
    """The person row of the chat `user_id`, if the bot stored one."""
    async with hamyar.session() as session:
        return (await session.execute(select(Person).where(Person.platform_user_id == user_id))).scalar_one_or_none()


async def pledges(hamyar: Harness, user_id: int) -> list[Pledge]:
    """The pledges of the chat `user_id`'s person, oldest first."""
    owner = await person(hamyar, user_id)
    async with hamyar.session() as session:
        return list((await session.execute(select(Pledge).where(Pledge.person_id == owner.id)
                                           .order_by(Pledge.id))).scalars())


async def volunteers(hamyar: Harness) -> list[Volunteer]:
    """Every volunteer registration stored."""
    async with hamyar.session() as session:
        return list((await session.execute(select(Volunteer))).scalars())


async def give_to(user: UserClient, where: str, how_often: str) -> BotMessage:
    """A pledge's last two questions answered by typing: where the help goes (its list number), then once
    or every month; the summary the person is asked to check."""
    await say(user, where, "یک‌بار کمک می‌کنید یا هر ماه")
    return await say(user, how_often, "لطفاً تعهد خود را بررسی کنید")


async def give_item(user: UserClient, item: str, quantity: str, where: str, how_often: str) -> BotMessage:
    """An item of an in-kind pledge's list pressed, how many typed, then where and how often (`give_to`); the
    summary the person is asked to check."""
    await tap(user, item, "چند")
    await say(user, quantity, "کمک شما به کجا برسد")
    return await give_to(user, where, how_often)


async def confirm_pledge(hamyar: Harness, user: UserClient, user_id: int, *, typed: bool = False) -> list[Pledge]:
    """The pledge's summary confirmed (its button pressed, or "تأیید" typed) and the bot saying it is saved;
    the person's pledges as stored then."""
    await (say if typed else tap)(user, "تأیید", "تعهد شما ثبت شد")
    return await pledges(hamyar, user_id)
