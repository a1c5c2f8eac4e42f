"""The submission sheet as a table: header found and matched to the template, rows typed.

`sheets.read_workbook` gives raw cells; this module finds the header row under any title rows,
matches it to the rule file's columns (noting every mismatch for S002), and parses each data
cell by its column's kind, so that checks read `row.value("jd_price")` and never parse text.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from jdcheck.rulefile import Column, SheetRules
from jdcheck.sheets import EMPTY_CELL, Cell, Sheet, Workbook
from jdcheck.sheets.model import is_annotation_sheet
from jdcheck import values as V


@dataclass(frozen=True, slots=True)
class HeaderIssue:
    variant: str  # "default" (missing) | "renamed" | "extra" | "order"
    expected: str | None
    actual: str | None
    position: int | None = None  # 1-based column where the template wants it
    found_at: int | None = None  # 1-based column where it is
    column: str | None = None  # the column the issue is about, when expected/actual do not name it


@dataclass(slots=True)
class Row:
    number: int  # the Excel row number
    cells: dict[str, Cell]
    parsed: dict[str, Any]  # key → Parsed | SkuValue, per the column kind
    links: dict[str, Any] = field(default_factory=dict)  # key → links.Link for link columns
    # Keys whose cell lies under a data merge and reads as the merge's value (S013): checks of how
    # a cell is typed (S005, S007, S009) report the merge's own cell, not each covered copy.
    covered: frozenset[str] = frozenset()

    def value(self, key: str) -> Any:
        """The typed value of a column, or None when empty, unreadable or the column is absent."""
        parsed = self.parsed.get(key)
        if parsed is None:
            return None
        if parsed.__class__ is V.Parsed:  # every column but the SKU's
            return parsed.value if parsed.ok else None
        return parsed.digits

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
    # Example, instruction and total rows under the header (S014): (row number, the marker cell's
    # text, the S014 variant: None, or "signature" for a 制表人：…/联系电话：… line). They are not
    # in `rows`, so no other check sees them.
    special_rows: list[tuple[int, str, str | None]] = field(default_factory=list)
    # The checked sheet's name when the workbook has several sheets with content: the report
    # says which one was read (None: there is no other sheet to confuse it with).
    named_sheet: str | None = None
    # The visible sheets that carry the template's header and data rows, in tab order, when there
    # are two or more (M102 "sheets": which one is meant?), and whether their data is the same.
    template_sheets: tuple[str, ...] = ()
    template_sheets_same: bool = False
    # Column key -> its name for messages (header_text), worked out once: checks name the
    # column of every finding, and the link references name it for every row.
    header_names: dict[str, str] = field(default_factory=dict)
    # The built-in type whose template the header is, when it is not this one's (a 首页单品 sheet
    # in a platform folder): S002 says so once, and only the columns named alike are read.
    other_template: str | None = None

    @property
    def skipped_rows(self) -> set[int]:
        """Rows under the header no check looks at: S014 rows (and 注：… note lines)."""
        return {number for number, *_ in self.special_rows} | set(self.note_rows)

    def column(self, key: str) -> Column | None:
        return self.rules.by_key(key)

    def header_text(self, key: str) -> str:
        """The column's name for messages: the template's name, or the operator's text if renamed."""
        name = self.header_names.get(key)
        if name is not None:
            return name
        column = self.rules.by_key(key)
        return column.name if column else key

    def header_at(self, index: int) -> str | None:
        """The name of the sheet's column `index` for messages, as header_text gives it (the
        template's name without the required `*`), or the header as written, or None."""
        for key, at in self.columns.items():
            if at == index:
                return self.header_text(key)
        written = self.headers[index - 1].strip() if 0 < index <= len(self.headers) else ""
        return written or None

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


def build_table(workbook: Workbook, rules: SheetRules, type_name: str) -> Table:
    sheet, header_row = choose_sheet(workbook, rules)
    other = None
    if header_row is None:  # a 团购 sheet in a 首页单品 folder shares too few of its names to be found
        found = other_template_header(workbook, rules, type_name)
        if found is not None:
            sheet, header_row, other = found
    named = sheet.name if len(workbook.sheets_with_content) > 1 else None
    if header_row is None:
        return Table(workbook, sheet, rules, None, {}, [], [], None, [], [], named_sheet=named)
    aside = hidden_helper_columns(sheet, header_row, rules)
    raw_headers = _header_texts(sheet, header_row, aside)
    columns, issues = match_header(raw_headers, rules.columns)
    if other is None:
        other = other_template(raw_headers, rules, type_name) if issues else None
    if other is not None:  # no column is read for another by its position or a likeness
        columns, issues = match_header(raw_headers, rules.columns, guess=False)
    version = V.template_version(sheet, header_row)
    rows, notes, special = _data_rows(sheet, header_row, rules, columns, workbook.date1904, aside)
    table = Table(workbook, sheet, rules, header_row, columns, raw_headers, issues, version, rows, notes,
                  special, named, header_names=_header_names(columns, raw_headers, rules), other_template=other)
    if rows and len(workbook.sheets_with_content) > 1:
        table.template_sheets, table.template_sheets_same = _template_sheets(workbook, rules, table)
    return table


def _template_sheets(workbook: Workbook, rules: SheetRules, table: Table) -> tuple[tuple[str, ...], bool]:
    """The visible sheets with the template's header (as choose_sheet finds one) and data rows,
    in tab order, when there are two or more, and whether they hold the same cells from the
    header down. An importer, and LibreOffice's CSV export, read the first tab; jdcheck checks the
    best header: with two such sheets nobody can tell which one counts. Hidden sheets are S011's.

    A copy of the template's sheet holds its header, or all of it but a column renamed. A sheet
    of another template that shares a few columns (a filled 团购 tab in the workbook of a platform
    submission: SKU编码, 商品名称, 库存 and 商品链接 are four of the platform template's six) is
    another submission's data, not a second version of this one."""
    expected = [c.name for c in rules.columns]
    _, best = V.header_match(table.sheet, expected, rules.header_search_rows)
    found: list[tuple[Sheet, int]] = []
    for sheet in workbook.sheets:
        if sheet.state != "visible" or is_annotation_sheet(sheet.name):
            continue
        if sheet is table.sheet:
            found.append((sheet, table.header_row))
            continue
        header_row, score = V.header_match(sheet, expected, rules.header_search_rows)
        if header_row is None or score < best - 1:
            continue
        aside = hidden_helper_columns(sheet, header_row, rules)
        columns, _ = match_header(_header_texts(sheet, header_row, aside), rules.columns)
        if _data_rows(sheet, header_row, rules, columns, workbook.date1904, aside)[0]:
            found.append((sheet, header_row))
    if len(found) < 2:
        return (), False
    grids = {tuple(tuple(cell.value for cell in row) for row in sheet.rows[header_row - 1:])
             for sheet, header_row in found}
    return tuple(sheet.name for sheet, _ in found), len(grids) == 1


def hidden_helper_columns(sheet: Sheet, header_row: int, rules: SheetRules) -> frozenset[int]:
    """The hidden columns whose header cell names no template column: a drop-down list's source
    typed down a hidden AZ1:AZ4000 (a common template trick), a working column. They are not
    columns of the table (no S002 "extra column", no data rows made of their values alone):
    S011 reports that they hold data and are submitted too."""
    hidden = sheet.hidden_cols
    if not hidden:
        return frozenset()
    wanted = {V.normalize_header(c.name) for c in rules.columns}
    cells = sheet.rows[header_row - 1]
    aside = set()
    # Only the columns that hold a value somewhere matter; "hide all unused columns" hides 16,000.
    for row in sheet.rows:
        for index in range(1, len(row) + 1):
            if index in hidden and index not in aside and not row[index - 1].is_blank:
                header = V.normalize_header(_text(cells[index - 1].value)) if index <= len(cells) else ""
                if header not in wanted and V.normalize_header(V.fullwidth_folded(header)) not in wanted:
                    aside.add(index)
    return frozenset(aside)


def _header_texts(sheet: Sheet, header_row: int, aside: frozenset[int]) -> list[str]:
    """The header row's texts, with the hidden helper columns' cells left out (read as empty)."""
    return ["" if index in aside else _text(cell.value)
            for index, cell in enumerate(sheet.rows[header_row - 1], start=1)]


def _header_names(columns: dict[str, int], headers: list[str], rules: SheetRules) -> dict[str, str]:
    """Each read column's name for messages: the template's name when the header is the template's
    (maybe with the required-marker `*`), else the header as the operator wrote it."""
    names = {}
    for key, index in columns.items():
        column = rules.by_key(key)
        fallback = column.name if column else key
        if index > len(headers):
            names[key] = fallback
            continue
        written = headers[index - 1].strip()
        if column is not None and V.normalize_header(written) == V.normalize_header(column.name):
            names[key] = column.name
        else:
            names[key] = written or fallback
    return names


def choose_sheet(workbook: Workbook, rules: SheetRules) -> tuple[Sheet, int | None]:
    """The sheet whose header matches the template best, and its header row (SPEC §3).

    Templates come with an instructions sheet (填表说明) first, an empty Sheet1 or a copy of the
    data; which tab was active when the file was saved says nothing about which one is meant.
    A visible sheet beats a hidden one (the manager sees the visible tabs); on equal scores a
    sheet with rows under its header beats one without, then the tab that opens first wins. The summary sheet of an annotated copy (`jdcheck`) is never
    chosen. When no sheet has a header, the tab that opens first is checked (S002 says so).
    """
    default = workbook.data_sheet()
    expected = [c.name for c in rules.columns]
    best: tuple[tuple[bool, int, bool, bool], Sheet, int] | None = None
    for sheet in workbook.sheets:
        if is_annotation_sheet(sheet.name):
            continue
        header_row, score = V.header_match(sheet, expected, rules.header_search_rows)
        if header_row is None:
            continue
        # An empty copy of the template left open (header, no rows) does not hide the filled sheet.
        key = (sheet.state == "visible", score, len(sheet.rows) > header_row, sheet is default)
        if best is None or key > best[0]:
            best = (key, sheet, header_row)
    if best is not None:
        return best[1], best[2]
    if is_annotation_sheet(default.name):
        others = [s for s in workbook.sheets if not is_annotation_sheet(s.name)]
        default = next((s for s in others if s.state == "visible"), others[0] if others else default)
    return default, None


def other_template(raw: list[str], rules: SheetRules, type_name: str) -> str | None:
    """The other built-in type whose template header the header row holds whole (every one of
    its column names), when this template's is not whole there: the sheet is another type's.
    (A custom rule file's own type is never the other: its sheet is the built-in one's, renamed.)"""
    from jdcheck.codes import TYPES

    header = {V.normalize_header(text) for text in raw} - {""}
    if {V.normalize_header(c.name) for c in rules.columns} <= header:
        return None
    for other in TYPES:
        theirs = _builtin_header(other) if other != type_name else None
        if theirs is not None and theirs <= header:
            return other
    return None


@functools.lru_cache(maxsize=None)
def _builtin_header(type_name: str) -> frozenset[str] | None:
    """The normalized header names of a built-in type's template (None: it has no sheet), read
    once: other_template asks for each of the first rows of each sheet that has no header."""
    from jdcheck.rulefile import load_rules

    sheet = load_rules(type_name).spreadsheet
    return None if sheet is None else frozenset(V.normalize_header(c.name) for c in sheet.columns)


_LONGEST_HEADER = 64


def other_template_header(workbook: Workbook, rules: SheetRules, type_name: str) -> tuple[Sheet, int, str] | None:
    """(sheet, header row, type) of the first row, within the rule file's header search rows,
    that holds another built-in type's whole template header, visible sheets first then in tab
    order; None when there is none. The header of this type is not found in such a sheet when
    the two templates share less than half of this one's names (a 团购 sheet in a 首页单品 or
    二三级 folder, a 首页单品 sheet in a 团购 folder): the sheet is still another type's."""
    sheets = sorted((s for s in workbook.sheets if not is_annotation_sheet(s.name)),
                    key=lambda s: s.state != "visible")
    for sheet in sheets:
        for number, cells in enumerate(sheet.rows[:rules.header_search_rows], start=1):
            # A cell far longer than a header (a pasted text, a hostile 100 MB string) names none.
            texts = [_text(cell.value) if not (cell.value.__class__ is str and len(cell.value) > _LONGEST_HEADER)
                     else "" for cell in cells]
            if sum(1 for text in texts if text) < 2:
                continue  # a title or an empty row: no template has a single column
            other = other_template(texts, rules, type_name)
            if other is not None:
                return sheet, number, other
    return None


def match_header(raw: list[str], template: tuple[Column, ...], *, guess: bool = True) -> tuple[dict[str, int], list[HeaderIssue]]:
    """Map template columns to sheet columns and list every difference from the template.

    A template name missing where an unknown header stands at the same position counts as a
    rename (and the column is still read, so one typo does not hide the column's data); so does
    a close one elsewhere. Without `guess`, only columns named as the template names them are read.
    """
    normalized = [V.normalize_header(text) for text in raw]
    wanted = {V.normalize_header(c.name): c for c in template}
    columns: dict[str, int] = {}
    issues: list[HeaderIssue] = []
    for index, name in enumerate(normalized, start=1):
        column = wanted.get(name)
        if column is not None and column.key not in columns:
            columns[column.key] = index
    # ＳＫＵ编码 typed in the IME's full-width mode looks like SKU编码 on screen but is not it for
    # any import: read the column, and say what is wrong with the header.
    for index, name in enumerate(normalized, start=1):
        column = wanted.get(V.normalize_header(V.fullwidth_folded(name)))
        if column is not None and column.key not in columns and name not in wanted:
            columns[column.key] = index
            issues.append(HeaderIssue("fullwidth", column.name, raw[index - 1].strip(),
                                      template.index(column) + 1, index))
    known = set(columns.values())
    for position, column in enumerate(template, start=1):
        if column.key in columns:
            continue
        at = position if position <= len(raw) and guess else None
        if at is not None and at not in known and normalized[at - 1]:
            columns[column.key] = at
            known.add(at)
            issues.append(HeaderIssue("renamed", column.name, raw[at - 1].strip(), position, at))
        else:
            unknown = [n for i, n in enumerate(normalized, 1) if n and i not in known]
            close = difflib.get_close_matches(V.normalize_header(column.name), unknown, n=1, cutoff=0.5) if guess else []
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
    shown = {index: _shown_header(raw[index - 1], template) for index in columns.values()}
    for column in template:
        if column.key in columns and column.key not in kept:
            at, position = columns[column.key], template.index(column) + 1
            if at == position:
                continue  # where the template has it: the columns around it moved (or were renamed)
            # expected/actual: the template's order of the columns between where the column is
            # and where it belongs, and the order found there ("京东价、团购价" / "团购价、京东价").
            low, high = min(at, position), max(at, position)
            found = [shown[i] for i in range(low, high + 1) if i in shown]
            wanted_order = [c.name for c in sorted(
                (c for c in template if c.key in columns and low <= columns[c.key] <= high),
                key=template.index)]
            issues.append(HeaderIssue("order", "、".join(wanted_order), "、".join(found), position, at,
                                      column=column.name))
    return columns, issues


def _shown_header(text: str, template: tuple[Column, ...]) -> str:
    """A header as messages name it: the template's name when it is one (without the `*`)."""
    normalized = V.normalize_header(text)
    return next((c.name for c in template if V.normalize_header(c.name) == normalized), text.strip())


def _data_rows(sheet: Sheet, header_row: int, rules: SheetRules, columns: dict[str, int], date1904: bool,
               aside: frozenset[int] = frozenset()):
    from jdcheck.links import classify_link

    rows: list[Row] = []
    notes: list[int] = []
    special: list[tuple[int, str, str | None]] = []
    sku_at = next((columns[c.key] - 1 for c in rules.columns if c.kind == "sku" and c.key in columns), None)
    origin = _merge_origins(sheet, header_row, max(columns.values(), default=0))
    markers = tuple(V.fullwidth_folded(marker) for marker in rules.special_row_markers)
    # What each column needs is settled once, not for each of its cells (2,000 rows × 14 columns):
    # (key, 0-based index, the parser of its kind, whether its text is a link to classify, the
    # values typed so far). Parsed and SkuValue are frozen: rows may share one.
    readers = [(key, index - 1, cell_parser(rules.by_key(key), date1904), rules.by_key(key).kind in _LINK_KINDS, {})
               for key, index in columns.items()]
    # The manager's import reads the template's columns only: a row with nothing in them (a stray
    # 已核对 in Z200, an x in XFD1048576) is no item, and a 注：… or 制表人 line is one whatever
    # stands right of the template. A 合计 label is looked for in the whole row: wherever it is
    # typed, the total beside it would be imported as an item.
    read = frozenset(index - 1 for index in columns.values())
    read_all = not read or read == frozenset(range(len(read)))  # the row up to the template's width
    for number in range(header_row + 1, len(sheet.rows) + 1):
        raw = sheet.rows[number - 1]
        if aside and len(raw) >= min(aside):  # the hidden helper columns' values make no row
            raw = [EMPTY_CELL if index in aside else cell for index, cell in enumerate(raw, start=1)]
        if not read:
            read_cells = raw
        elif read_all:
            read_cells = raw[:len(read)]
        else:
            read_cells = [EMPTY_CELL if index not in read else cell for index, cell in enumerate(raw)]
        filled = _first_filled(read_cells)
        if filled is None:
            continue
        marker = special_row_marker(raw, markers)
        if marker is not None:
            special.append((number, marker, None))
            continue
        if filled and _text(filled.value).startswith(rules.note_prefixes):
            notes.append(number)  # "注：…" footnotes under the data are not rows
            continue
        label = label_row(read_cells, rules.note_prefixes, sku_at)
        if label is not None:
            kind, text = label
            if kind == "note":
                notes.append(number)  # 注： | 团购价需低于京东价: the footnote typed in two cells
            else:
                special.append((number, text, "signature"))  # 制表人：小王: one S014, nothing else
            continue
        # A cell under a merge reads as the operator sees it (the merge's value): S013 reports
        # the merge once, and no check misfires on the covered cells (S004, T002, P001 …).
        if origin:
            cells = {key: sheet.cell(*origin.get((number, index), (number, index))) for key, index in columns.items()}
            covered = frozenset(key for key, index in columns.items() if (number, index) in origin)
        else:  # the common case: straight from the row
            width = len(raw)
            cells = {key: raw[at] if at < width else EMPTY_CELL for key, at, *_ in readers}
            covered = frozenset()
        parsed: dict[str, Any] = {}
        links: dict[str, Any] = {}
        for key, _, parse, is_link, typed in readers:
            raw_value = cells[key].value
            kind = raw_value.__class__
            # A column repeats its texts and numbers (brand, season, shop link, prices): each
            # distinct one is typed once. Only str and int: 1, 1.0 and True are equal keys.
            if kind is str or kind is int:
                value = typed.get(raw_value)
                if value is None:
                    value = typed[raw_value] = parse(raw_value)
            else:
                value = parse(raw_value)
            parsed[key] = value
            if is_link and value.ok and not value.empty:
                links[key] = classify_link(value.value)
        rows.append(Row(number, cells, parsed, links, covered))
    return rows, notes, special


_LINK_KINDS = ("product_link", "shop_link", "url")


def _first_filled(cells: list[Cell]) -> Cell | None | bool:
    """The row's only filled cell; False when it has several; None when it has none. A cell is
    filled when its value shows any text (blank text is not)."""
    found = None
    for cell in cells:
        value = cell.value
        if value is not None and not (value.__class__ is str and V.is_blank(value)):
            if found is not None:
                return False
            found = cell
    return found


def _merge_origins(sheet: Sheet, header_row: int, width: int) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each cell covered by a merge that starts under the header -> the merge's
    top-left cell; within the sheet's rows and the header's width, however large the merge."""
    origin = {}
    last_row = len(sheet.rows)
    for first_row, first_col, merge_last_row, last_col in sheet.merged:
        if not header_row < first_row <= last_row:
            continue
        for row in range(first_row, min(merge_last_row, last_row) + 1):
            for col in range(first_col, min(last_col, width) + 1):
                if (row, col) != (first_row, first_col):
                    origin[row, col] = (first_row, first_col)
    return origin


_LEADING_MARKS = "【[（(［<《 \t\u3000*＊"

# Lines people add under the data to sign the sheet: who made it, who checked it, how to reach
# them, when. Not an item: such a row is one S014 ("signature"), never a row of findings.
SIGNATURE_LABELS = ("制表人", "填表人", "审核人", "审批人", "负责人", "联系人", "联系电话", "联系方式",
                    "制表日期", "填表日期", "日期", "制表", "填表", "审核")


@functools.lru_cache(maxsize=8)
def _label_pattern(note_prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A label cell, full-width folded and stripped: a footnote or signature word, maybe numbered
    (注1), then the end of the cell ("注：", "制表人") or a colon or blank and its text."""
    words = sorted({*note_prefixes, *SIGNATURE_LABELS}, key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in words if word)
    return re.compile(rf"(?i)({alternatives})\s*\d*\s*(:|\s|$)")


def label_row(cells: list[Cell], note_prefixes: tuple[str, ...], sku_at: int | None) -> tuple[str, str] | None:
    """("note" | "signature", the row's text) when the row holds only labelled text: its first
    filled cell is a footnote or signature label (注：, 备注, 制表人：小王, 联系电话), and every
    other filled cell is another label or the value right after a bare label ("注：" |
    "团购价需低于京东价", "联系电话：" | 13800138000). None for any other row, and for a row whose
    SKU cell reads as a SKU (a data row with a note in its 备注 column)."""
    labels = _label_pattern(note_prefixes)
    kind = None
    texts: list[str] = []
    bare = False  # the previous filled cell is a label still waiting for its value
    for cell in cells:
        value = cell.value
        if value is None or (value.__class__ is str and not value.strip()):
            continue
        text = _text(value)
        folded = V.fullwidth_folded(text).lstrip(_LEADING_MARKS) if value.__class__ is str else ""
        match = labels.match(folded) if folded else None
        if match is not None:
            if kind is None:
                word = match.group(1).casefold()
                kind = "note" if any(word == p.casefold() for p in note_prefixes) else "signature"
            bare = not folded[match.end():].strip()
        elif kind is not None and bare:
            bare = False
        else:
            return None  # the first filled cell is no label, or a second text without its label
        texts.append(text)
    if kind is None:
        return None
    if sku_at is not None and sku_at < len(cells) and V.parse_sku(cells[sku_at].value).digits is not None:
        return None
    return kind, " ".join(texts)
_SPECIAL_ROW_CELLS = 2  # the first filled cells looked at: the template's example sits in column A or B


@functools.lru_cache(maxsize=8)
def _initials(markers: tuple[str, ...]) -> frozenset[str]:
    """The characters a marker can start with as typed: its first character, and the full-width
    form of an ASCII one (values.fullwidth_folded folds them back)."""
    initials = {marker[:1] for marker in markers if marker}
    initials |= {chr(ord(c) + 0xFEE0) for c in initials if "!" <= c <= "~"}
    return frozenset(initials | ({"\u3000"} if " " in initials else set()))


def special_row_marker(cells: list[Cell], markers: tuple[str, ...]) -> str | None:
    """The text of the cell that makes this an example, instruction or total row (示例, 例：,
    填写说明, 合计 …) in its first filled cells, or None for a data row. `markers` are
    full-width folded (values.fullwidth_folded), as the cell text is before comparing."""
    looked = 0
    initials = _initials(markers)
    for cell in cells:
        value = cell.value
        if value is None or not isinstance(value, str):
            if value is not None:
                looked += 1  # a number or date: a data cell
                if looked == _SPECIAL_ROW_CELLS:
                    return None
            continue
        text = V.visible_text(value)
        if not text:
            continue
        start = text.lstrip(_LEADING_MARKS)[:1]
        # Most cells are a SKU or a title: compare the first character before folding the text.
        if start in initials:
            folded = V.fullwidth_folded(text).lstrip(_LEADING_MARKS).replace(" ", "")
            if folded.startswith(markers):
                return text
        looked += 1
        if looked == _SPECIAL_ROW_CELLS:
            return None
    return None


def parse_cell(value: Any, column: Column, date1904: bool) -> Any:
    return cell_parser(column, date1904)(value)


def cell_parser(column: Column, date1904: bool) -> Callable[[Any], Any]:
    """The function that types a cell value of `column` (a Parsed, or a SkuValue for a SKU)."""
    kind = column.kind
    if kind == "sku":
        return V.parse_sku
    if kind == "number":
        return V.parse_number
    if kind == "integer":
        return _parse_integer
    if kind == "datetime":
        return functools.partial(V.parse_datetime, date1904=date1904)
    if kind == "choice":
        choices, default = column.choices or (), column.default

        def parse_choice(value: Any) -> V.Parsed:
            parsed = V.parse_choice(value, choices)
            if parsed.empty and default is not None:
                return V.Parsed(default, ok=True, empty=True, cleaning=())
            return parsed

        return parse_choice
    return V.parse_text


def _parse_integer(value: Any) -> V.Parsed:
    parsed = V.parse_number(value)
    if parsed.ok and parsed.value is not None and parsed.value != parsed.value.to_integral_value():
        return V.Parsed(None, ok=False, empty=False, cleaning=parsed.cleaning)
    return parsed


def _text(value: Any) -> str:
    return "" if value is None else V.visible_text(str(value))
