"""An XLSX workbook of one sheet written as a stream: the zip's parts go out in order and the sheet's rows leave
compressed a few hundred at a time, so a large export is never held in memory (the standard library's zipfile
writes to an unseekable sink with data descriptors).

Text cells are inline strings, never formulas; one beginning with `=`, `+`, `-`, `@`, a tab or a carriage return also
gets Excel's quote prefix, so it stays text even when edited. Numbers stay numbers."""

from __future__ import annotations

import re
import zipfile
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from campaigns.exports import FORMULA_STARTS

MAX_ROWS = 1_048_575  # a sheet holds 1,048,576 rows, the header included
ROWS_PER_CHUNK = 500

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
_PACKAGE_RELS = (_HEAD + f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                 f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK_RELS = (_HEAD + f'<Relationships xmlns="{_RELS}">'
                  f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
                  f'<Relationship Id="rId2" Type="{_DOC}/styles" Target="styles.xml"/></Relationships>')
# Style 1 is the quote prefix a formula-like text cell carries.
_STYLES = (_HEAD + f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>'
           '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
           'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
           '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
           'borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
           'xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
# Characters XML 1.0 cannot carry at all (a control character typed into a name): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _workbook(sheet_name: str) -> str:
    return (_HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
            f'<sheet name={quoteattr(sheet_name[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>')


class _Sink:
    """An unseekable file the zip writes into; what it holds is taken out after each chunk."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts wait to be taken."""

    def close(self) -> None:
        """Nothing to close: the last parts wait to be taken."""

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


class _Rows:
    """Sheet rows as XML, numbered from 1."""

    def __init__(self) -> None:
        self.number = 0
        self.letters: list[str] = []

    def xml(self, values: list[Any] | tuple[Any, ...]) -> str:
        self.number += 1
        while len(self.letters) < len(values):
            self.letters.append(get_column_letter(len(self.letters) + 1))
        cells = []
        for letters, value in zip(self.letters, values, strict=False):
            ref = f"{letters}{self.number}"
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                continue
            text = _NOT_XML.sub("", str(value))
            style = ' s="1"' if text.startswith(FORMULA_STARTS) else ""
            cells.append(f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{escape(text)}</t></is></c>')
        return f'<row r="{self.number}">{"".join(cells)}</row>'


async def xlsx_stream(sheet_name: str, headers: list[str], rows: AsyncIterator[tuple[Any, ...]]
                      ) -> AsyncGenerator[bytes, None]:
    """The rows as an XLSX workbook of one right-to-left sheet, header first, yielded as compressed chunks
    (at most MAX_ROWS rows are read)."""
    sink = _Sink()
    numbered = _Rows()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _PACKAGE_RELS),
                           ("xl/workbook.xml", _workbook(sheet_name)), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/styles.xml", _STYLES)):
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((_HEAD + f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView rightToLeft="1" '
                         'workbookViewId="0"/></sheetViews><sheetData>' + numbered.xml(headers)).encode())
            yield sink.take()
            chunk: list[str] = []
            async for row in rows:
                chunk.append(numbered.xml(row))
                if len(chunk) == ROWS_PER_CHUNK:
                    sheet.write("".join(chunk).encode())
                    chunk.clear()
                    yield sink.take()
                if numbered.number > MAX_ROWS:
                    break
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    yield sink.take()
