"""Forged, stale, out-of-range and other people's callback data, of every prefix, over the emulator.

Each is answered "this button has expired" (as the stale-button fallback does), nothing is written to the
database and the bot never apologises; the owner's own buttons keep working. Also: a person erased in the
middle of a step is invited to /start, not told "unexpected error"."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from campaigns import people, pledges
from campaigns.broadcasts import BroadcastPlan, ButtonKind, ButtonSpec, MessageSpec, Segment, create_broadcast
from campaigns.catalogue import today_in_iran
from campaigns.kinds import PledgeKind
from emulator import UserClient
from i18n import translator
from storage.models import Campaign, EnergyReport, Person, Pledge, utcnow
from storage.models.assignments import Assignment, AssignmentResponse
from storage.unit_of_work import UnitOfWork
from tests.e2e import journeys
from tests.e2e.forged import EXPIRED, NEED_START, assert_no_apology, eventually, expect_expired, press_data, row_counts
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap
from tests.e2e.managers import ADMIN, drain_outbox, managed, open_menu

# The e2e `hamyar` fixture and the managers' `managed` run without the flood throttle (Harness.start's
# default): these tests press far faster than a person can, on purpose.
__all__ = ["managed"]

STOP_UNKNOWN = translator("fa")("broadcast-stop-unknown")

# Ids no integer column holds (2^31, 2^63, 10^30), a negative one, and what is not a whole number at all.
OUT_OF_RANGE = ("2147483648", "9223372036854775808", "1" + "0" * 30, "-1", "x", "1.5", "²")
MISSING = "999999"  # in range, but no row has it

# Every callback prefix, with {} where an id or an index goes.
ID_TEMPLATES = (
    "cmp:open:{}:0", "cmp:join:{}:0", "cmp:leave:{}:0", "cmp:share:{}:0", "cmp:vol:{}:0", "cmp:list:0:{}",
    "pls:{}:cash", "plc:{}:abc123", "plm:cancel:{}", "plm:yes:{}", "plm:month:{}", "plm:keep:{}",
    "eng:start:{}:", "eng:totals:{}:", "eng:unit:{}:kwh", "bcs:{}", "bcr:{}:0", "bcr:1:{}",
    "asg:a:{}", "asg:d:{}", "asg:i:{}", "asg:o:{}", "asg:r:{}",
    "nav:page:{}", "rg:p:{}:-1", "rg:c:0:{}", "vol:ax:{}", "vol:ed:{}", "asn:{}",
    "mg:revoke:{}", "mg:audit:{}", "mg:level:{}", "cp:progress:{}", "cp:join:{}", "au:cm:{}", "au:ax:{}",
    "st:campaign:{}", "st:export:{}",
)
# Buttons that act on a campaign, pledge, assignment or broadcast a citizen may press: MISSING names none.
CITIZEN_ROWS = ("cmp", "pls", "plc", "plm", "eng", "bcs", "bcr", "asg")
ROW_TEMPLATES = tuple(t for t in ID_TEMPLATES if t.split(":")[0] in CITIZEN_ROWS
                      and t not in ("cmp:list:0:{}", "bcr:1:{}"))
# Unknown actions and words, wrong numbers of parts, a county off the map, options that do not exist.
MALFORMED = (
    "lang:xx", "lang:fa:1", "consent:maybe", "nav:jump:0", "nav:back", "rg:x:0:-1", "rg:p:0:-1:9", "rg:c:0:-1",
    "pf:drop:", "pf:setlang:de", "pf:phone:fa:1", "vol:zz:-1", "vol:oc:2", "vol:ok:3", "cmp:burn:1:0",
    "cmp:open:0:0", "pls:1:gold", "pla:zzz:1", "pla:rec:weekly", "pla:item:x9", "plc:1:NOT-HEX", "plm:burn:1",
    "eng:unit:1:", "eng:unit:1:watts", "eng:sell:1:", "asg:x:1", "asg:a", "asc:1", "mg:nuke:0", "mg:revoke:0",
    "cp:nuke:0", "cp:join:0", "au:nuke:0", "au:mk:-1", "au:lg:2", "st:nuke:0", "st:fair:2", "st:export:4",
    "bcs:1:2", "bcr:1", "nonsense", "x:y:z", "cmp", ":",
    # An empty part where a number is required (an empty optional part means its default, as aiogram reads it).
    "cmp:open::0", "pls::cash", "plm:cancel:", "asg:a:", "bcs:", "bcr::0", "rg:p::-1", "asn:", "mg:revoke:",
)


async def _campaign_id(hamyar: Harness, slug: str) -> int:
    async with hamyar.session() as session:
        return int((await session.execute(select(Campaign.id).where(Campaign.slug == slug))).scalar_one())


async def _person_id(hamyar: Harness, user: UserClient) -> int:
    async with hamyar.session() as session:
        return int((await session.execute(select(Person.id).where(
            Person.platform_user_id == user.user_id))).scalar_one())


async def _open_page(hamyar: Harness, user: UserClient, slug: str) -> None:
    await journeys.join(user, slug, strict=False)


async def test_forged_data_of_every_prefix_is_an_expired_button(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 6101, "Sara")
    await _open_page(hamyar, user, "dowry-sets")
    forged = [template.format(bad) for template in ID_TEMPLATES for bad in OUT_OF_RANGE]
    forged += [template.format(MISSING) for template in ROW_TEMPLATES]
    for data in [*forged, *MALFORMED]:
        await expect_expired(hamyar, user, data)
    # The page's own buttons still work after all that.
    await tap(user, "خروج از پویش", "خارج شدید", strict=False)
    assert_no_apology(user)


async def test_a_stranger_pressing_forged_data_is_refused_too(hamyar: Harness) -> None:
    stranger = hamyar.user(6102, "Nobody")
    await say(stranger, "/help", "همیار، دستیار مشارکت‌های مردمی")
    before = await row_counts(hamyar)
    for data in ("bcs:999999", "bcs:2147483648", "plm:cancel:1", "cmp:join:1:0", "asg:a:1", "pls:1:cash"):
        answer = await press_data(hamyar, stranger, data)
        assert answer.show_alert and answer.text in (EXPIRED, NEED_START, STOP_UNKNOWN), (data, answer)
    assert await row_counts(hamyar) == before
    assert_no_apology(stranger)


async def test_other_peoples_pledge_invitation_and_broadcast_are_expired(hamyar: Harness) -> None:
    owner, other = hamyar.user(6201, "Owner"), hamyar.user(6202, "Other")
    await hamyar.onboard(owner)
    campaign = await _campaign_id(hamyar, "dowry-sets")
    owner_id = await _person_id(hamyar, owner)
    async with hamyar.session() as session:
        pledge, _ = await pledges.create(UnitOfWork(session), owner_id,
                                         pledges.PledgeDraft(campaign, PledgeKind.CASH, 100_000),
                                         pledges.idempotency_key(owner_id, campaign, "forged1"), today_in_iran())
        broadcast = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(
            text="آیا فردا می‌آیید؟", buttons=(ButtonSpec(ButtonKind.REPLY, "بله"),)), BroadcastPlan(quiet_hours=None))
        assignment = Assignment(title="کمک در انبار", place="انبار مرکزی", province_code="isfahan", county_code=None,
                                starts_at=utcnow() + timedelta(days=1), deadline=utcnow() + timedelta(hours=20),
                                headcount=2)
        session.add(assignment)
        await session.flush()
        session.add(AssignmentResponse(assignment_id=assignment.id, person_id=owner_id))
        await session.commit()
        assignment_id = assignment.id
    await drain_outbox(hamyar)  # the broadcast reaches the owner only: the other person is not here yet
    await eventually(owner, "آیا فردا می‌آیید؟")
    await hamyar.onboard(other)

    someone_elses = [f"plm:{action}:{pledge.id}" for action in ("cancel", "yes", "keep")]
    someone_elses += [f"asg:{action}:{assignment_id}" for action in ("a", "d", "i", "o", "r")]
    someone_elses += [f"bcr:{broadcast}:0", f"bcr:{broadcast}:1"]
    for data in someone_elses:
        await expect_expired(hamyar, other, data)
    async with hamyar.session() as session:
        assert (await session.get(Pledge, pledge.id)).status == "pledged"  # type: ignore[union-attr]
        row = await session.get(Assignment, assignment_id)
        assert row is not None and row.accepted_count == 0
        responses = (await session.execute(select(AssignmentResponse))).scalars().all()
        assert [(r.person_id, r.status) for r in responses] == [(owner_id, "invited")]

    # The owner's own buttons still work (on the messages they were sent, and as typed-in data).
    thanks = await press_data(hamyar, owner, f"bcr:{broadcast}:0")
    assert thanks.text and thanks.text != EXPIRED and not thanks.show_alert
    await expect_expired(hamyar, owner, f"bcr:{broadcast}:1")  # the broadcast has one reply choice
    accepted = await press_data(hamyar, owner, f"asg:a:{assignment_id}")
    assert accepted.text and accepted.text != EXPIRED
    await press_data(hamyar, owner, f"plm:cancel:{pledge.id}")
    await eventually(owner, "لغو")
    async with hamyar.session() as session:
        row = await session.get(Assignment, assignment_id)
        assert row is not None and row.accepted_count == 1
    assert_no_apology(owner, other)


async def test_stale_answers_inside_a_pledge_are_expired(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 6301, "Sara")
    campaign = await _campaign_id(hamyar, "dowry-sets")
    await _open_page(hamyar, user, "dowry-sets")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک")
    # Answers of other questions, and options no question offers, while the amount is asked.
    for data in ("pla:rec:monthly", "pla:rg:any", "pla:item:0", "pla:wp:1", "pla:agency:0",
                 "rg:p:3:-1", f"plc:{campaign}:abc123", "nav:page:1"):
        await expect_expired(hamyar, user, data)
    region = await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد")
    for data in ("pla:rec:once", "pla:item:1", "pla:rg:elsewhere"):
        await expect_expired(hamyar, user, data)
    await tap(user, region.button_texts()[1], "یک‌بار کمک می‌کنید یا هر ماه")  # my province
    await expect_expired(hamyar, user, "pla:rg:county")  # the region question is behind us
    summary = await tap(user, "یک‌بار", "لطفاً تعهد خود را بررسی کنید")
    for data in ("pla:rec:monthly", f"plc:{campaign}:0123456789ab", f"plc:{campaign + 1}:abc", "plc:999999:abc"):
        await expect_expired(hamyar, user, data)
    await tap(user, "تأیید", "تعهد شما ثبت شد", message_id=summary.message_id)
    async with hamyar.session() as session:
        [pledge] = (await session.execute(select(Pledge))).scalars().all()
        assert (pledge.amount, pledge.recurrence) == (250_000, "once")

    # In kind: an item the list does not have, and "other" where typing a name is allowed.
    await _open_page(hamyar, user, "low-consumption-heaters")
    await tap(user, "تعهد کمک غیرنقدی", "چه چیزی اهدا می‌کنید")
    for data in ("pla:item:99", "pla:item:9999", "pla:agency:other"):
        await expect_expired(hamyar, user, data)
    assert_no_apology(user)


async def test_forged_manager_buttons_are_expired(managed: Harness) -> None:
    hamyar = managed
    admin = await journeys.onboarded(hamyar, ADMIN, "Admin")
    await open_menu(admin)
    campaign = await _campaign_id(hamyar, "dowry-sets")
    async with hamyar.session() as session:
        status_before = (await session.get(Campaign, campaign)).status  # type: ignore[union-attr]
    rows = ("mg:revoke:{}", "mg:activate:{}", "mg:close:{}", "mg:review:{}", "mg:approve:{}", "mg:reject:{}",
            "cp:progress:{}", "cp:pause:{}", "cp:resume:{}", "cp:cancel:{}", "st:campaign:{}", "asg:r:{}")
    forged = [template.format(bad) for template in rows for bad in (*OUT_OF_RANGE, MISSING)]
    for data in [*forged, "st:fair:2", "st:export:4", "st:volunteers:1", "mg:level:1", "cp:join:1"]:
        await expect_expired(hamyar, admin, data)  # level and join outside their steps, too

    # A role level that does not exist, inside the grant step.
    await tap(admin, "نقش‌ها", "نقش‌های فعال")
    await tap(admin, "دادن نقش جدید", "کد معرف یا شماره موبایل")
    citizen = await journeys.onboarded(hamyar, 6501, "Citizen")
    await say(admin, await _referral_code(hamyar, citizen), "چه نقشی")
    for data in ("mg:level:3", "mg:level:99", "mg:level:-1"):
        await expect_expired(hamyar, admin, data)

    # The composer: a Join button for a campaign that does not exist, an audience campaign or option that
    # does not exist.
    await say(admin, "/compose", "متن پیام همگانی")
    await say(admin, "پیام آزمایشی", "یک عکس بفرستید")
    await tap(admin, "رد شدن", "دکمه‌های زیر پیام")
    for data in ("cp:join:999999", "cp:join:2147483648", "cp:join:-1"):
        await expect_expired(hamyar, admin, data)
    await tap(admin, "ادامه: انتخاب مخاطبان", "تعداد کسانی که پیام به آن‌ها می‌رسد")
    for data in ("au:cm:999999", "au:cm:2147483648", "au:cm:0", "au:ax:99", "au:sp:99", "au:lg:2", "au:pl:5",
                 "au:mk:3", "au:clear:5", "rg:p:99:-1", "rg:c:0:999"):
        await expect_expired(hamyar, admin, data)
    async with hamyar.session() as session:
        assert (await session.get(Campaign, campaign)).status == status_before  # type: ignore[union-attr]
    assert_no_apology(admin)


async def _referral_code(hamyar: Harness, user: UserClient) -> str:
    async with hamyar.session() as session:
        return str((await session.execute(select(Person.referral_code).where(
            Person.platform_user_id == user.user_id))).scalar_one())


# -- a person erased in the middle of a step ------------------------------------------------------------

async def test_erased_by_forget_then_sending_the_phone(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 6401, "Sara")
    await journeys.open_profile(user)
    await tap(user, "تغییر تلفن", "شماره موبایل")
    await say(user, "/forget", "آیا مطمئن هستید؟")
    await tap(user, "بله، همه را پاک کن", "اطلاعات شما پاک شد")
    await say(user, "09121112233", NEED_START)
    await user.share_contact("+989121112233", own=True)
    await expect(user, NEED_START)
    async with hamyar.session() as session:
        assert (await session.execute(select(Person.phone))).scalars().all() == [None]
    assert_no_apology(user)


# Each profile step, what opens it, and what the person sends once erased (by another device or process).
PROFILE_STEPS = (
    ("تغییر تلفن", "text", "09121112233"),
    ("تغییر تلفن", "contact", "+989121112233"),
    ("تغییر زبان", "text", "English"),
    ("تغییر محله", "text", "جلفا"),
    ("تغییر کد ملی", "text", "0499370899"),
    ("پاک کردن اطلاعات من", "text", "بله"),
)


async def _erase(hamyar: Harness, user: UserClient) -> None:
    person_id = await _person_id(hamyar, user)
    async with hamyar.session() as session:
        await people.forget(UnitOfWork(session), person_id)


async def test_erased_mid_profile_step_is_invited_to_start(hamyar: Harness) -> None:
    user = hamyar.user(6402, "Sara")
    for button, kind, answer in PROFILE_STEPS:
        await hamyar.onboard(user)
        await journeys.open_profile(user)
        await tap(user, button, "", strict=False)
        await _erase(hamyar, user)
        if kind == "contact":
            await user.share_contact(answer, own=True)
        else:
            await user.send_text(answer)
        await expect(user, NEED_START)
        await say(user, answer if kind == "text" else "سلام", NEED_START)  # the step is over: the fallback answers
    # The county step, and a county pressed from its list.
    await hamyar.onboard(user)
    await journeys.open_profile(user)
    await tap(user, "تغییر منطقه", "استان", strict=False)
    counties = await say(user, "تهران", "شهرستان", strict=False)
    await _erase(hamyar, user)
    answer = await press_data(hamyar, user, counties.inline_buttons[0][0].callback_data or "", counties)
    assert (answer.text, answer.show_alert) == (NEED_START, True)
    async with hamyar.session() as session:
        phones = (await session.execute(select(Person.phone).where(Person.forgotten_at.is_not(None)))).scalars()
        assert set(phones) == {None}
    assert_no_apology(user)


async def test_erased_mid_pledge_and_energy_report(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 6403, "Sara")
    await _open_page(hamyar, user, "dowry-sets")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک")
    await _erase(hamyar, user)
    await say(user, "۲۵۰٬۰۰۰", NEED_START)

    await hamyar.onboard(user)
    await _open_page(hamyar, user, "energy-wheelchairs")
    await tap(user, "ثبت مصرف برق", "مصرف برق را چگونه گزارش می‌کنید؟")
    await tap(user, "به کیلووات‌ساعت (از قبض)", "مصرف پایه")
    await _erase(hamyar, user)
    await say(user, "۲۸۰", NEED_START)
    async with hamyar.session() as session:
        assert (await session.execute(select(Pledge))).scalars().all() == []
        assert (await session.execute(select(EnergyReport))).scalars().all() == []
    assert_no_apology(user)
