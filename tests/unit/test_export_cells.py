"""Export cells that a spreadsheet would run as formulas: neutralised in CSV and XLSX; numbers untouched."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from campaigns import exports
from campaigns.exports import Table

FORMULAS = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_starting_a_formula_gets_a_quote(text: str) -> None:
    assert exports.neutralised(text) == "'" + text


@pytest.mark.parametrize("value", ["علی", "a=b", "x-1", "", " =1", "'=1", 5, -5, -2.5, 0, None])
def test_everything_else_is_unchanged(value: object) -> None:
    assert exports.neutralised(value) == value


def test_csv_quotes_formulas_in_every_chunk_and_keeps_negative_numbers() -> None:
    rows = [(i, name, -i) for i in range(exports.CSV_ROWS_PER_CHUNK + 3) for name in ["-2+3", "مینا"]]
    table = Table("t", ("id", "name", "change"), rows)
    chunks = list(exports.csv_chunks(["شماره", "=نام", "تغییر"], table))
    assert len(chunks) > 1 and chunks[0].startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert parsed[0] == ["شماره", "'=نام", "تغییر"]
    assert parsed[1:] == [[str(i), "'" + name if name.startswith("-") else name, str(-i)] for i, name, _ in rows]
    assert exports.to_csv(["a"], Table("t", ("a",), [])) == "\ufeffa\r\n".encode()


def test_xlsx_writes_text_as_string_cells_and_numbers_as_numbers() -> None:
    texts = [*FORMULAS[:-1], "#N/A", "مینا"]  # a carriage return comes back as \n: XML's line ends, not ours
    table = Table("t", ("name", "change"), [(text, -7) for text in texts])
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(["name", "change"], table))).active
    assert sheet is not None
    cells = [(name.data_type, name.value, change.data_type, change.value)
             for name, change in sheet.iter_rows(min_row=2)]
    assert cells == [("s", text, "n", -7) for text in texts]
