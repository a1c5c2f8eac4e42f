"""The OOXML fast path: python-calamine reads the cells, the raw XML the rest."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jdcheck.sheets.model import _MAX_EXCEL_COLUMN, EMPTY_CELL, Cell, Sheet, Workbook
from jdcheck.sheets.package import (
    _read_member_named,
    _split_reference,
    _views,
    _worksheet_parts,
)

# --------------------------------------------------------------------------- OOXML fast path
#
# openpyxl builds an object per cell, style and dimension: 0.16 s for a 3-row sheet (0.1 s of it
# importing openpyxl) and 0.8 s for 2,000 rows. python-calamine (Rust) reads the same values in
# a few milliseconds. What calamine does not tell -- hidden rows and columns, the tab that is
# open, the 1904 date system -- is read here from the package's XML with regular expressions
# over the raw bytes (a worksheet in the size guard's pass, package._scan_worksheets, which
# also finds the formulas without a cached value).
# openpyxl stays the reader of record: any package calamine refuses, or whose layout this scan
# cannot vouch for, goes the openpyxl way and gets the same workbook or the same S001 as before.


@dataclass(slots=True)
class _SheetLayout:
    hidden_rows: frozenset[int]
    hidden_cols: frozenset[int]


@dataclass(slots=True)
class _PackageLayout:
    names: list[str]  # every sheet of workbook.xml, in tab order
    states: dict[str, str]
    active_tab: int
    date1904: bool
    sheets: dict[str, _SheetLayout]  # worksheets only


_WORKBOOK_TAGS = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?(sheet|workbookPr|workbookView)\s([^>]*)>")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?row\s([^>]*)>")
_COL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?col\s([^>]*)>")
# Error cells (#N/A, #DIV/0!): calamine's Python values drop them, openpyxl keeps the text.
_ERROR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?c\s[^>]*?(?<![\w:])t=[\"']e[\"']")
# Text with outer whitespace but no xml:space="preserve": openpyxl trims it (as Excel shows it),
# calamine keeps it; such a package goes the openpyxl way.
_UNPRESERVED_SPACE = re.compile(rb"<t>(?:\s|[^<]*\s</)|<[A-Za-z_][\w.-]{0,31}:t>(?:\s|[^<]*\s</)")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]{0,31}:c[\s/>]")
_PLAIN_REF_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_PLAIN_REF_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]+)"')  # any length: a row past Excel's last counts too
_ATTRIBUTE = re.compile(rb"(?<![\w:])([A-Za-z][\w.-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XML_ESCAPES = ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&quot;", b'"'), (b"&apos;", b"'"), (b"&amp;", b"&"))
_TRUE = (b"1", b"true")


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    """Unprefixed attributes of a start tag (a prefixed one such as r:id is left out)."""
    found = {}
    for name, double, single in _ATTRIBUTE.findall(raw):
        value = double if double or not single else single
        for escaped, plain in _XML_ESCAPES:
            value = value.replace(escaped, plain)
        found.setdefault(name, value)
    return found


def _package_layout(
    archive: zipfile.ZipFile, max_cells: int, scans: dict[str, SheetScan] | None = None
) -> _PackageLayout | None:
    """What calamine does not report, or None when the package is too odd to vouch for.
    `scans`: each worksheet part's SheetScan, fed in the size guard's pass over the sheets
    (package._scan_worksheets); without them the worksheets are read here."""
    sheet_parts = _worksheet_parts(archive)
    data = _read_member_named(archive, "xl/workbook.xml")
    if data is None or not sheet_parts:
        return None
    names, states, active_tab, date1904 = [], {}, 0, False
    for tag, raw in _WORKBOOK_TAGS.findall(data):
        attrs = _attributes(raw)
        if tag == b"sheet":
            name = attrs.get(b"name", b"").decode("utf-8", "replace")
            names.append(name)
            states[name] = attrs.get(b"state", b"visible").decode("ascii", "replace")
        elif tag == b"workbookPr":
            date1904 = attrs.get(b"date1904", b"").lower() in _TRUE
        elif b"activeTab" in attrs:
            try:
                active_tab = int(attrs[b"activeTab"])
            except ValueError:
                return None
    members = set(archive.namelist())
    if scans is None:
        scans = {}
        for part in set(sheet_parts.values()) & members:
            scans[part] = SheetScan()
            for view in _views(archive, part):
                scans[part].feed(view)
    for name in members:
        lowered = name.lower()
        if not lowered.endswith((".xml", ".rels")) or name in scans:
            continue  # a scanned worksheet was checked as it was scanned
        if lowered.endswith("sharedstrings.xml"):  # read whole for its texts anyway
            data = archive.read(name)
            if not _well_formed((data,)) or _has_error_or_untrimmed_text(data):
                return None
        elif not _well_formed(_views(archive, name)):
            return None  # openpyxl refuses malformed XML (S001); calamine would read around it
    sheets = {}
    for name, part in sheet_parts.items():
        if part not in members or name not in states or part not in scans:
            return None
        layout = scans[part].layout(max_cells)
        if layout is None:
            return None
        sheets[name] = layout
    return _PackageLayout(names, states, active_tab, date1904, sheets)


def _well_formed(pieces: Iterable[bytes]) -> bool:
    """Whether a part, given in pieces, is well-formed XML: expat without handlers, ~5 ms per MB."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        for piece in pieces:
            parser.Parse(piece, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        return False
    return True


# A row or col start tag hiding it: hidden="1" or "true". LibreOffice writes hidden="false" on
# every row; only the tags this finds have their attributes read.
_HIDDEN_TRUE = re.compile(rb"hidden\s*=\s*(?:\"(?:1|[Tt][Rr][Uu][Ee])\"|'(?:1|[Tt][Rr][Uu][Ee])')")


class SheetScan:
    """What calamine needs to know of one worksheet's XML before it may read it, fed piece by
    piece (package._views): hidden rows and columns from the start tags, and whether calamine
    must not read the sheet -- malformed XML, error cells, untrimmed text, a negative number, a cell without a
    plain `<c r="A1"` reference (prefixed tags, quotes other writers use), or cells spanning a
    box over `max_cells` (calamine holds a sheet as a dense grid: one value at XFD1048576
    would be 17 billion cells).

    Literal searches first, regular expressions only where they hit: 2,000 rows take ~20 ms.
    """

    def __init__(self) -> None:
        from xml.parsers import expat

        self._parser = expat.ParserCreate()
        self._refused = False
        self._hidden_rows: set[int] = set()
        self._hidden_cols: set[int] = set()
        self._max_row = 0
        self._letters: set[bytes] = set()
        self._cells = self._refs = 0

    def feed(self, view: bytes) -> None:
        from xml.parsers import expat

        if self._refused:
            return
        try:
            self._parser.Parse(view, False)
        except expat.ExpatError:
            self._refused = True
            return
        # A negative number, if date-formatted, becomes a time of 00:00 in calamine's values
        # (openpyxl's path keeps the number, ooxml._openpyxl_value): rare enough to leave it all.
        if _PREFIXED_CELL.search(view) or _has_error_or_untrimmed_text(view) or b"<v>-" in view:
            self._refused = True
            return
        self._cells += view.count(b"<c ") + view.count(b"<c>") + view.count(b"<c/>")
        columns = _PLAIN_REF_COLUMN.findall(view)
        self._refs += len(columns)
        if columns:
            self._letters.update(columns)
            self._max_row = max(self._max_row, max(map(int, _PLAIN_REF_ROW.findall(view))))
        if b"hidden" in view and _HIDDEN_TRUE.search(view):
            for raw in _ROW_TAG.findall(view):
                attrs = _attributes(raw) if _HIDDEN_TRUE.search(raw) else {}
                if attrs.get(b"hidden", b"").lower() in _TRUE:
                    if not attrs.get(b"r", b"").isdigit():
                        self._refused = True
                        return
                    self._hidden_rows.add(int(attrs[b"r"]))
            for raw in _COL_TAG.findall(view):
                attrs = _attributes(raw) if _HIDDEN_TRUE.search(raw) else {}
                if attrs.get(b"hidden", b"").lower() in _TRUE:
                    first, last = attrs.get(b"min", b""), attrs.get(b"max", b"")
                    if not first.isdigit():
                        self._refused = True
                        return
                    last_col = min(int(last) if last.isdigit() else int(first), _MAX_EXCEL_COLUMN)
                    self._hidden_cols.update(range(int(first), last_col + 1))

    def layout(self, max_cells: int) -> _SheetLayout | None:
        """The sheet's hidden rows and columns once all of it was fed; None when calamine must
        not read it."""
        from xml.parsers import expat

        if self._refused:
            return None
        try:
            self._parser.Parse(b"", True)
        except expat.ExpatError:
            self._refused = True
            return None
        if self._refs != self._cells:
            return None
        max_col = max((_split_reference(col.decode() + "1")[1] for col in self._letters), default=0)
        if self._max_row * max_col > max_cells:
            return None
        return _SheetLayout(frozenset(self._hidden_rows), frozenset(self._hidden_cols))


def _has_error_or_untrimmed_text(data: bytes) -> bool:
    if b't="e"' in data or b"t='e'" in data:
        return _ERROR_CELL.search(data) is not None
    # A worksheet rarely holds a <t> element at all (its text is in the shared strings), and
    # LibreOffice writes every <t xml:space="preserve">: two literal searches rule most parts out.
    if (b"<t>" in data or b":t>" in data) and any(space + b"</" in data or b"t>" + space in data for space in (b" ", b"\t", b"\r", b"\n")):
        return _UNPRESERVED_SPACE.search(data) is not None
    return False


def _read_with_calamine(
    source: Path | io.BytesIO,
    path: Path,
    fmt: str,
    package: _PackageLayout,
    missing_values: dict[str, frozenset[tuple[int, int]]],
) -> Workbook | None:
    """The workbook read by calamine; None to let openpyxl decide (and word any error)."""
    import python_calamine

    try:
        if isinstance(source, Path):
            book = python_calamine.CalamineWorkbook.from_path(str(source))
        else:
            book = python_calamine.CalamineWorkbook.from_filelike(source)
        metadata = book.sheets_metadata
        if [m.name for m in metadata] != package.names:
            return None  # calamine and the scan see different sheets: leave it to openpyxl
        sheets: list[Sheet] = []
        active_index = None
        for tab, meta in enumerate(metadata):
            layout = package.sheets.get(meta.name)
            if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue
            if layout is None:
                return None
            if tab == package.active_tab:
                active_index = len(sheets)
            grid = book.get_sheet_by_index(tab)
            sheets.append(Sheet(
                name=meta.name,
                state=package.states[meta.name],
                rows=_rows_from_calamine(grid, missing_values.get(meta.name, frozenset())),
                hidden_rows=layout.hidden_rows,
                hidden_cols=layout.hidden_cols,
            ))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - CalamineError, and a Rust panic (pyo3's PanicException
        return None  # derives from BaseException): either way openpyxl decides and words the error
    if not sheets:
        return None
    return Workbook(path=path, format=fmt, sheets=sheets, encoding=None,
                    date1904=package.date1904, active_index=active_index)


def _rows_from_calamine(grid: Any, missing_values: frozenset[tuple[int, int]]) -> list[list[Cell]]:
    """Rows as openpyxl's path gives them: integral numbers as int (Excel stores 199 as "199",
    openpyxl reads an int), durations as day serials, empty text as empty, trailing blanks cut."""
    first_row, first_col = grid.start if grid.height else (0, 0)
    rows: list[list[Cell]] = [[] for _ in range(first_row)]
    pad = [EMPTY_CELL] * first_col
    timedelta, date, moment = datetime.timedelta, datetime.date, datetime.datetime
    # A sheet repeats its values down the columns (brand, season, prices, times): equal texts,
    # whole numbers and datetimes share one frozen Cell, as empty cells share EMPTY_CELL. One
    # dict per type: 1, 1.0 and True are equal keys.
    texts: dict[str, Cell] = {"": EMPTY_CELL}
    numbers: dict[int, Cell] = {}
    moments: dict[datetime.datetime, Cell] = {}
    for values in grid.to_python(skip_empty_area=True):
        row = pad.copy()
        append = row.append
        for value in values:
            kind = type(value)
            if kind is str:
                cell = texts.get(value)
                if cell is None:
                    cell = texts[value] = Cell(value)
                append(cell)
            elif kind is float:
                if value.is_integer():
                    number = int(value)
                    cell = numbers.get(number)
                    if cell is None:
                        cell = numbers[number] = Cell(number)
                    append(cell)
                else:
                    append(Cell(value))
            elif kind is moment:
                cell = moments.get(value)
                if cell is None:
                    cell = moments[value] = Cell(value)
                append(cell)
            elif value is None:
                append(EMPTY_CELL)
            elif kind is date:  # a date-only format: openpyxl gives midnight
                append(Cell(datetime.datetime(value.year, value.month, value.day)))
            elif isinstance(value, timedelta):
                append(Cell(value.total_seconds() / 86_400))
            else:
                append(Cell(value))
        while row and row[-1].is_blank:
            row.pop()
        rows.append(row)
    for row_number, col in missing_values:
        while len(rows) < row_number:
            rows.append([])
        cells = rows[row_number - 1]
        if len(cells) < col:
            cells.extend([EMPTY_CELL] * (col - len(cells)))
        cells[col - 1] = Cell(None, formula_without_value=True)
    while rows and not rows[-1]:
        rows.pop()
    return rows
