"""Names that a spreadsheet would run as formulas, exported by a county manager over the emulator: the CSV's
cells start with ', the Excel file's are text cells with the exact name; every other cell as in the database."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from campaigns.jalali import to_jalali
from storage.models import Person, Pledge, Volunteer
from storage.models.roles import RoleLevel
from tests.e2e.harness import Harness
from tests.e2e.manager_steps import csv_rows, export, open_stats
from tests.e2e.managers import add_people, make_manager, managed
from tests.e2e.stats_data import add_pledge, add_volunteer, campaign_id

__all__ = ["managed"]

NAMES = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)"]


def _day(value: object) -> str:
    day = to_jalali(value)
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


async def test_formula_names_are_text_in_both_exports(managed: Harness) -> None:
    hamyar = managed
    people = [(await add_people(hamyar, 1, 70_000 + i, "isfahan", "isfahan-kashan", first_name=name))[0]
              for i, name in enumerate(NAMES)]
    dowry = await campaign_id(hamyar)
    for person, name in zip(people, NAMES, strict=True):
        await add_volunteer(hamyar, person, "isfahan", "isfahan-kashan", ["health"])
        await add_pledge(hamyar, person, dowry, 1_000, "isfahan", "isfahan-kashan", item=name, quantity=-3)
    async with hamyar.session() as session:
        volunteers = (await session.execute(select(Person.referral_code, Person.first_name, Volunteer.registered_at)
                                            .join(Volunteer, Volunteer.person_id == Person.id)
                                            .order_by(Volunteer.id))).all()
        pledges = (await session.execute(select(Pledge.id, Pledge.item, Pledge.amount, Pledge.quantity)
                                         .order_by(Pledge.id))).all()
    manager = await make_manager(hamyar, 7001, RoleLevel.COUNTY, "isfahan", "isfahan-kashan", name="Mina")
    menu = await open_stats(manager)

    rows = csv_rows(await export(hamyar, manager, menu, "خروجی داوطلبان (CSV)", "hamyar-volunteers.csv"))
    assert rows[1:] == [[code, "'" + name, "health", "nurse", "sat", "any", "no", "اصفهان", "کاشان", _day(at)]
                        for code, name, at in volunteers]

    content = await export(hamyar, manager, menu, "خروجی داوطلبان (Excel)", "hamyar-volunteers.xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cells = list(sheet.iter_rows(min_row=2))
    assert [(row[0].value, row[1].data_type, row[1].value) for row in cells] == [
        (code, "s", name) for code, name, _ in volunteers]

    rows = csv_rows(await export(hamyar, manager, menu, "خروجی تعهدها (CSV)", "hamyar-pledges.csv"))
    assert [(row[0], row[4], row[5], row[6]) for row in rows[1:]] == [
        (str(pid), str(amount), "'" + item, str(quantity)) for pid, item, amount, quantity in pledges]

    content = await export(hamyar, manager, menu, "خروجی تعهدها (Excel)", "hamyar-pledges.xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cells = list(sheet.iter_rows(min_row=2))
    assert [(row[0].value, row[4].value, row[5].data_type, row[5].value, row[6].data_type, row[6].value)
            for row in cells] == [(pid, amount, "s", item, "n", quantity) for pid, item, amount, quantity in pledges]
