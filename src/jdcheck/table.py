"""The submission sheet as a table: header found and matched to the template, rows typed.

`sheets.read_workbook` gives raw cells; this module finds the header row under any title rows,
matches it to the rule file's columns (noting every mismatch for S002), and parses each data
cell by its column's kind, so that checks read `row.value("jd_price")` and never parse text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from jdcheck.rulefile import Column, SheetRules
from jdcheck.sheets import Cell, Sheet, Workbook
from jdcheck import values as V


@dataclass(frozen=True, slots=True)
class HeaderIssue:
    variant: str  # "default" (missing) | "renamed" | "extra" | "order"
    expected: str | None
    actual: str | None
    position: int | None = None  # 1-based column where the template wants it
    found_at: int | None = None  # 1-based column where it is


@dataclass(slots=True)
class Row:
    number: int  # the Excel row number
    cells: dict[str, Cell]
    parsed: dict[str, Any]  # key → Parsed | SkuValue, per the column kind
    links: dict[str, Any] = field(default_factory=dict)  # key → links.Link for link columns

    def value(self, key: str) -> Any:
        """The typed value of a column, or None when empty, unreadable or the column is absent."""
        parsed = self.parsed.get(key)
        if parsed is None:
            return None
        if isinstance(parsed, V.SkuValue):
            return parsed.digits
        return parsed.value if parsed.ok else None

    def is_empty(self, key: str) -> bool:
        parsed = self.parsed.get(key)
        if parsed is None:
            return False
        if isinstance(parsed, V.SkuValue):
            return parsed.digits is None and parsed.problem is None
        return parsed.empty


@dataclass(slots=True)
class Table:
    workbook: Workbook
    sheet: Sheet
    rules: SheetRules
    header_row: int | None
    columns: dict[str, int]  # column key → 1-based column index in the sheet
    headers: list[str]  # the header row's texts as written
    header_issues: list[HeaderIssue]
    version: str | None
    rows: list[Row]
    note_rows: list[int]

    def column(self, key: str) -> Column | None:
        return self.rules.by_key(key)

    def header_text(self, key: str) -> str:
        """The column's name for messages: the template's name, or the operator's text if renamed."""
        column = self.rules.by_key(key)
        index = self.columns.get(key)
        if index is None or index > len(self.headers):
            return column.name if column else key
        written = self.headers[index - 1].strip()
        if column is not None and V.normalize_header(written) == V.normalize_header(column.name):
            return column.name  # the same header, maybe with the required-marker `*`
        return written or (column.name if column else key)

    def column_index(self, text: str) -> int | None:
        """The 1-based column a finding's column text names: a template name, the name as
        written (a renamed header), or an extra header's text."""
        for key, index in self.columns.items():
            column = self.rules.by_key(key)
            if text in (self.header_text(key), column.name if column else None):
                return index
        wanted = V.normalize_header(text)
        for index, written in enumerate(self.headers, start=1):
            if written.strip() == text.strip() or (wanted and V.normalize_header(written) == wanted):
                return index
        return None


def build_table(workbook: Workbook, rules: SheetRules) -> Table:
    sheet = workbook.data_sheet()
    expected = [c.name for c in rules.columns]
    header_row = V.find_header_row(sheet, expected, rules.header_search_rows)
    if header_row is None:
        return Table(workbook, sheet, rules, None, {}, [], [], None, [], [])
    raw_headers = [_text(cell.value) for cell in sheet.rows[header_row - 1]]
    columns, issues = match_header(raw_headers, rules.columns)
    version = V.template_version(sheet, header_row)
    rows, notes = _data_rows(sheet, header_row, rules, columns, workbook.date1904)
    return Table(workbook, sheet, rules, header_row, columns, raw_headers, issues, version, rows, notes)


def match_header(raw: list[str], template: tuple[Column, ...]) -> tuple[dict[str, int], list[HeaderIssue]]:
    """Map template columns to sheet columns and list every difference from the template.

    A template name missing where an unknown header stands at the same position counts as a
    rename (and the column is still read, so one typo does not hide the column's data).
    """
    normalized = [V.normalize_header(text) for text in raw]
    wanted = {V.normalize_header(c.name): c for c in template}
    columns: dict[str, int] = {}
    for index, name in enumerate(normalized, start=1):
        column = wanted.get(name)
        if column is not None and column.key not in columns:
            columns[column.key] = index
    known = set(columns.values())
    issues: list[HeaderIssue] = []
    for position, column in enumerate(template, start=1):
        if column.key in columns:
            continue
        at = position if position <= len(raw) else None
        if at is not None and at not in known and normalized[at - 1]:
            columns[column.key] = at
            known.add(at)
            issues.append(HeaderIssue("renamed", column.name, raw[at - 1].strip(), position, at))
        else:
            unknown = [n for i, n in enumerate(normalized, 1) if n and i not in known]
            close = difflib.get_close_matches(V.normalize_header(column.name), unknown, n=1, cutoff=0.5)
            if close:
                at = normalized.index(close[0]) + 1
                columns[column.key] = at
                known.add(at)
                issues.append(HeaderIssue("renamed", column.name, raw[at - 1].strip(), position, at))
            else:
                issues.append(HeaderIssue("default", column.name, None, position, None))
    for index, name in enumerate(normalized, start=1):
        if name and index not in known:
            issues.append(HeaderIssue("extra", None, raw[index - 1].strip(), None, index))
    # Order: the columns outside the longest run kept in template order are the moved ones.
    present = [c.key for c in template if c.key in columns]
    in_sheet = sorted(present, key=columns.__getitem__)
    kept: set[str] = set()
    for block in difflib.SequenceMatcher(None, present, in_sheet, autojunk=False).get_matching_blocks():
        kept.update(present[block.a : block.a + block.size])
    for column in template:
        if column.key in columns and column.key not in kept:
            at = columns[column.key]
            issues.append(HeaderIssue("order", column.name, str(at), template.index(column) + 1, at))
    return columns, issues


def _data_rows(sheet: Sheet, header_row: int, rules: SheetRules, columns: dict[str, int], date1904: bool):
    rows: list[Row] = []
    notes: list[int] = []
    for number in range(header_row + 1, len(sheet.rows) + 1):
        raw = sheet.rows[number - 1]
        filled = [cell for cell in raw if _text(cell.value)]
        if not filled:
            continue
        if len(filled) == 1 and _text(filled[0].value).lstrip().startswith(rules.note_prefixes):
            notes.append(number)  # "注：…" instruction lines under the data are not rows
            continue
        cells = {key: sheet.cell(number, index) for key, index in columns.items()}
        row = Row(number, cells, {})
        for key, cell in cells.items():
            column = rules.by_key(key)
            row.parsed[key] = parse_cell(cell.value, column, date1904)
            if column.kind in ("product_link", "shop_link", "url"):
                parsed = row.parsed[key]
                if parsed.ok and not parsed.empty:
                    from jdcheck.links import classify_link

                    row.links[key] = classify_link(parsed.value)
        rows.append(row)
    return rows, notes


def parse_cell(value: Any, column: Column, date1904: bool) -> Any:
    kind = column.kind
    if kind == "sku":
        return V.parse_sku(value)
    if kind in ("number", "integer"):
        parsed = V.parse_number(value)
        if kind == "integer" and parsed.ok and parsed.value is not None and parsed.value != parsed.value.to_integral_value():
            return V.Parsed(None, ok=False, empty=False, cleaning=parsed.cleaning)
        return parsed
    if kind == "datetime":
        return V.parse_datetime(value, date1904=date1904)
    if kind == "choice":
        parsed = V.parse_choice(value, column.choices or ())
        if parsed.empty and column.default is not None:
            return V.Parsed(column.default, ok=True, empty=True, cleaning=())
        return parsed
    return V.parse_text(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
