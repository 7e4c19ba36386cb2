"""Call-out benchmark: quota 20, 2,000 matching volunteers all pressing Accept within one second.

Two bot processes (`python -m bot run`) serve the presses, one polling an emulated Telegram bot and one an
emulated Bale bot (1,000 volunteers on each), on the same PostgreSQL and Redis; a `python -m bot worker`
sends the invitations through the engine's outbox. The emulators run in this process and play the people.
Rounds (full / --quick): 3 / 1 call-outs. Prints one JSON object as its last line.

    .venv/bin/python benchmarks/callout.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import recreate_database  # noqa: E402

TELEGRAM_TOKEN = "7100000001:AAcalloutbenchcalloutbenchcalloutbe1"
BALE_TOKEN = "7100000002:AAcalloutbenchcalloutbenchcalloutbe2"
ADMIN_URL = "postgresql://hamyar:hamyar@127.0.0.1/postgres"
DB_NAME = "hamyar_bench_callout"
DB_URL = f"postgresql+asyncpg://hamyar:hamyar@127.0.0.1/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/12"
MANAGER = 900_001
FIRST_USER = 20_000_000
COUNTY = "isfahan-isfahan"
WARM_UP = 19_999_999  # one volunteer in another county: their call-out shows the worker is up
WARM_UP_COUNTY = "isfahan-ardestan"


async def seed(volunteers: int) -> int:
    """The manager (a national role) and the volunteers, half on each platform; returns the manager's actor id."""
    from sqlalchemy import insert

    from storage.db import create_engine, create_session_pool
    from storage.models import Person, Volunteer, utcnow
    from storage.models.roles import RoleGrant, RoleLevel

    engine = create_engine(DB_URL)
    pool = create_session_pool(engine)
    now = utcnow()
    async with pool() as session:
        manager = Person(platform="telegram", platform_user_id=MANAGER, chat_id=MANAGER, language="fa",
                         referral_code="benchmgr", onboarded_at=now, consent_at=now, created_at=now,
                         last_seen_at=now, province_code="isfahan", county_code=COUNTY)
        session.add(manager)
        await session.flush()
        session.add(RoleGrant(person_id=manager.id, level=RoleLevel.NATIONAL.value, granted_at=now))
        rows = [{"platform": "telegram" if i % 2 == 0 else "bale", "platform_user_id": FIRST_USER + i,
                 "chat_id": FIRST_USER + i, "language": "fa", "referral_code": f"cb{i}", "onboarded_at": now,
                 "consent_at": now, "created_at": now, "last_seen_at": now, "province_code": "isfahan",
                 "county_code": COUNTY, "unreachable": False, "first_name": f"V{i}"} for i in range(volunteers)]
        ids = (await session.execute(insert(Person).returning(Person.id), rows)).scalars().all()
        warm = Person(platform="telegram", platform_user_id=WARM_UP, chat_id=WARM_UP, language="fa",
                      referral_code="benchwarm", onboarded_at=now, consent_at=now, created_at=now, last_seen_at=now,
                      province_code="isfahan", county_code=WARM_UP_COUNTY)
        session.add(warm)
        await session.flush()
        ids = [*ids, warm.id]
        await session.execute(insert(Volunteer), [
            {"person_id": pid, "axes": ["health"], "specialty": "psychologist", "days": ["sat"], "hours": "any",
             "on_call": True, "province_code": "isfahan", "county_code": WARM_UP_COUNTY if pid == warm.id else COUNTY,
             "registered_at": now, "updated_at": now} for pid in ids])
        await session.commit()
        manager_id = manager.id
    await engine.dispose()
    return manager_id


def spawn(command: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start `python -m bot <command>` with its own environment, its output to a log file."""
    base = {k: v for k, v in os.environ.items() if not k.endswith(("_TOKEN", "_API_BASE"))}
    level = os.environ.get("BENCH_LOG_LEVEL", "WARNING")
    base.update({"DATABASE_URL": DB_URL, "REDIS_URL": REDIS_URL, "LOG_LEVEL": level, "LOG_FORMAT": "text",
                 "SUPER_ADMINS": "[]", **env})
    handle = log.open("wb")
    return subprocess.Popen([sys.executable, "-m", "bot", command], cwd=ROOT, env=base, stdout=handle,
                            stderr=subprocess.STDOUT)


def errors_in(log: Path) -> int:
    """Error lines and tracebacks a process logged."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return sum(1 for line in text.splitlines() if "Traceback" in line or " ERROR " in line or "ERROR:" in line)


async def wait_ready(emus: list[Any], tokens: list[str], processes: list[subprocess.Popen[bytes]]) -> None:
    """Until every bot process has published its commands (after migrations and getMe)."""
    for _ in range(600):
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a bot process exited early")
        if all(getattr(emu.bot(token), "commands", None) for emu, token in zip(emus, tokens, strict=True)):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("bot processes did not start")


async def warm_up(telegram: Any, manager_id: int, first_seen: dict[int, float]) -> float:
    """A one-place call-out to the warm-up volunteer, accepted: returns seconds until the worker delivered it."""
    from campaigns import assignments, callouts
    from campaigns.assignments import AssignmentForm, Manager
    from campaigns.audit import Actor
    from campaigns.volunteers import Specialty
    from storage.db import create_engine, create_session_pool
    from storage.models import utcnow
    from storage.models.roles import RoleLevel
    from storage.unit_of_work import UnitOfWork

    engine = create_engine(DB_URL, pool_size=2)
    now, started = utcnow(), time.monotonic()
    async with create_session_pool(engine)() as session:
        form = AssignmentForm(title="warm-up", place="-", province_code="isfahan", county_code=WARM_UP_COUNTY,
                              starts_at=now + timedelta(hours=3), headcount=1, deadline=now + timedelta(hours=2),
                              specialty=Specialty.PSYCHOLOGIST, urgent=True)
        created = await assignments.create(UnitOfWork(session), form, Manager(Actor(manager_id, RoleLevel.NATIONAL)))
        await callouts.send_wave(UnitOfWork(session), created.id)
    await engine.dispose()
    while WARM_UP not in first_seen:
        if time.monotonic() - started > 60:
            raise TimeoutError("the worker sent nothing within a minute")
        await asyncio.sleep(0.05)
    user = telegram.user(TELEGRAM_TOKEN, WARM_UP)
    await user.press(f"asg:a:{created.id}")
    while not user.callback_answers():  # noqa: ASYNC110 - polling the emulator's chat, which has no event
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def one_round(emus: dict[str, Any], users: dict[int, Any], manager_id: int, quota: int,
                    first_seen: dict[int, float]) -> dict[str, Any]:
    """Create one call-out, wait for its invitations, press Accept from everyone within a second, count."""
    from sqlalchemy import func, select

    from campaigns import assignments, callouts
    from campaigns.assignments import AssignmentForm, Manager
    from campaigns.audit import Actor
    from campaigns.volunteers import Specialty
    from storage.db import create_engine, create_session_pool
    from storage.models import utcnow
    from storage.models.assignments import AssignmentResponse, ResponseStatus
    from storage.models.roles import RoleLevel
    from storage.unit_of_work import UnitOfWork

    engine = create_engine(DB_URL, pool_size=5)
    pool = create_session_pool(engine)
    first_seen.clear()
    now = utcnow()
    started = time.time()
    async with pool() as session:
        form = AssignmentForm(title="Flood response: psychological first aid", place="Shelter 3",
                              province_code="isfahan", county_code=COUNTY, starts_at=now + timedelta(hours=3),
                              headcount=quota, deadline=now + timedelta(hours=2), specialty=Specialty.PSYCHOLOGIST,
                              urgent=True)
        created = await assignments.create(UnitOfWork(session), form, Manager(Actor(manager_id, RoleLevel.NATIONAL),
                                                                              "telegram", MANAGER))
        wave = await callouts.send_wave(UnitOfWork(session), created.id)
    invited = wave.invited if wave else 0
    # Every volunteer's invitation arrives (the worker sends at the paid-broadcast rate).
    deadline = time.monotonic() + 60
    while len([c for c in first_seen if c not in (MANAGER, WARM_UP)]) < invited:
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.05)
    notified = len([c for c in first_seen if c not in (MANAGER, WARM_UP)])
    times = sorted(first_seen[c] for c in first_seen if c not in (MANAGER, WARM_UP))
    data = f"asg:a:{created.id}"
    waiting = {uid: len(u.callback_answers()) for uid, u in users.items()}

    async def press(uid: int, delay: float) -> bool:
        await asyncio.sleep(delay)
        try:
            await users[uid].press(data)
            return True
        except Exception:
            return False

    press_started = time.monotonic()
    pressed = await asyncio.gather(*(press(uid, random.random()) for uid in users))
    press_span = time.monotonic() - press_started
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        answered = sum(1 for uid, u in users.items() if len(u.callback_answers()) > waiting[uid])
        if answered >= len(users):
            break
        await asyncio.sleep(0.1)
    answered = sum(1 for uid, u in users.items() if len(u.callback_answers()) > waiting[uid])
    answer_s = time.monotonic() - press_started
    filled_text = "ظرفیت تکمیل شد؛ سپاس از شما"
    thanked = sum(1 for uid, u in users.items() if any(a.text == filled_text for a in u.callback_answers()[
        waiting[uid]:]))
    async with pool() as session:
        view = await assignments.get(UnitOfWork(session), created.id)
        rows = (await session.execute(select(func.count()).select_from(AssignmentResponse).where(
            AssignmentResponse.assignment_id == created.id,
            AssignmentResponse.status == ResponseStatus.ACCEPTED.value))).scalar_one()
    await engine.dispose()
    accepted = view.accepted if view else -1
    duplicates = sum(1 for uid in users if emus_delivered(emus, uid) > 1)
    return {"assignment_id": created.id, "accepted": accepted, "accepted_rows": int(rows), "invited": invited,
            "notified": notified, "pressed": sum(pressed), "answered": answered, "thanked_filled": thanked,
            "press_span_s": round(press_span, 3), "all_answered_s": round(answer_s, 2),
            "first_notify_ms": round((times[0] - started) * 1000) if times else None,
            "last_notify_ms": round((times[-1] - started) * 1000) if times else None,
            "duplicate_invitations": duplicates}


_DELIVERED: dict[int, int] = {}


def emus_delivered(emus: dict[str, Any], uid: int) -> int:
    """Invitations delivered to one chat in the current round."""
    return _DELIVERED.get(uid, 0)


async def main(quick: bool, volunteers: int, quota: int) -> dict[str, Any]:
    """Run the benchmark; return its report."""
    from emulator import BotApiEmulator

    rounds = 1 if quick else 3
    started = time.monotonic()
    phases: dict[str, float] = {}
    await recreate_database(ADMIN_URL, DB_NAME, DB_URL)
    manager_id = await seed(volunteers)
    telegram, bale = BotApiEmulator(dialect="telegram"), BotApiEmulator(dialect="bale")
    for emu in (telegram, bale):
        await emu.start()
    telegram.add_bot(username="hamyar_tg_bench", token=TELEGRAM_TOKEN)
    bale.add_bot(username="hamyar_bale_bench", token=BALE_TOKEN)
    first_seen: dict[int, float] = {}
    for emu in (telegram, bale):
        record = emu.stats.record_delivery

        def recording(chat_id: int, text: str | None, keep: bool, record: Any = record) -> None:
            first_seen.setdefault(chat_id, time.time())
            if chat_id != MANAGER and text and "محب" in text:
                _DELIVERED[chat_id] = _DELIVERED.get(chat_id, 0) + 1
            record(chat_id, text, keep)

        setattr(emu.stats, "record_delivery", recording)  # noqa: B010 - wrap the instance, not the class
    users: dict[int, Any] = {}
    for i in range(volunteers):
        uid = FIRST_USER + i
        users[uid] = (telegram.user(TELEGRAM_TOKEN, uid) if i % 2 == 0 else bale.user(BALE_TOKEN, uid))
    logs = Path(tempfile.mkdtemp(prefix="callout-bench-"))
    processes = [
        spawn("run", {"TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_BASE": telegram.base_url}, logs / "bot-1.log"),
        spawn("run", {"BALE_TOKEN": BALE_TOKEN, "BALE_API_BASE": bale.base_url}, logs / "bot-2.log"),
    ]
    report: dict[str, Any] = {"benchmark": "callout", "quick": quick, "quota": quota, "volunteers": volunteers,
                              "bot_processes": 2}
    try:
        phases["setup_s"] = round(time.monotonic() - started, 1)
        await wait_ready([telegram, bale], [TELEGRAM_TOKEN, BALE_TOKEN], processes)
        phases["bots_ready_s"] = round(time.monotonic() - started, 1)
        processes.append(spawn("worker", {
            "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_BASE": telegram.base_url, "BALE_TOKEN": BALE_TOKEN,
            "BALE_API_BASE": bale.base_url, "PAID_BROADCAST": "true", "PAID_BROADCAST_RATE": "1000",
            "SEND_RATE": "1000", "HAMYAR_WORKER_ID": "callout-bench"}, logs / "worker.log"))
        report["warm_up_s"] = round(await warm_up(telegram, manager_id, first_seen), 2)
        results = []
        for _ in range(rounds):
            _DELIVERED.clear()
            results.append(await one_round({"telegram": telegram, "bale": bale}, users, manager_id, quota,
                                           first_seen))
            await asyncio.sleep(4)  # let the live message catch up before the next round
        live = telegram.user(TELEGRAM_TOKEN, MANAGER).messages()
        last = results[-1]
        errors = sum(r["accepted"] != quota or r["accepted_rows"] != quota or r["answered"] != volunteers
                     or r["pressed"] != volunteers or r["duplicate_invitations"] > 0 for r in results)
        errors += sum(errors_in(logs / name) for name in ("bot-1.log", "bot-2.log", "worker.log"))
        stats = [telegram.stats, bale.stats]
        errors += sum(s.http_400 + s.http_5xx for s in stats)
        report.update({
            "accepted": last["accepted"], "notified": last["notified"], "invited": last["invited"],
            "first_notify_ms": last["first_notify_ms"], "last_notify_ms": last["last_notify_ms"],
            "errors": errors, "rounds": len(results), "accepted_every_round": [r["accepted"] for r in results],
            "exact_every_round": all(r["accepted"] == quota == r["accepted_rows"] for r in results),
            "thanked_filled": last["thanked_filled"], "answered": last["answered"],
            "press_span_s": last["press_span_s"], "all_answered_s": last["all_answered_s"],
            "duplicate_invitations": sum(r["duplicate_invitations"] for r in results),
            "live_message": next((m.text for m in reversed(live) if m.text and "محب" in m.text), None),
            "http_429": sum(s.http_429 for s in stats), "logs": str(logs), "per_round": results})
        phases["rounds_done_s"] = round(time.monotonic() - started, 1)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                # Waited for off the event loop: the emulators in this loop must keep answering the
                # bots while they shut down (a blocking wait deadlocked them until the timeout).
                await asyncio.to_thread(process.wait, 20)
            except subprocess.TimeoutExpired:
                process.kill()
        for emu in (telegram, bale):
            await emu.stop()
        phases["total_s"] = round(time.monotonic() - started, 1)
        report["phases"] = phases
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round (under a minute)")
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--quota", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.quick, args.volunteers, args.quota)), ensure_ascii=False))
