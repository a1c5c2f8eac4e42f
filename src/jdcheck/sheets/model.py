"""The cell model every reader produces: Workbook, Sheet, Cell, and SheetReadError (S001)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

CellValue = (
    str | int | float | bool | datetime.datetime | datetime.date | datetime.time | None
)

REASONS = ("encrypted", "corrupt", "unsupported", "empty", "unreadable")  # unreadable: permission, I/O error


# Excel's grid: 1,048,576 rows x 16,384 columns. Column ranges in <col> are clamped to it.
_MAX_EXCEL_COLUMN = 16_384


class SheetReadError(Exception):
    """A spreadsheet that cannot be read (S001).

    `reason` is one of REASONS, `detail` a short English phrase for the report.
    """

    def __init__(self, reason: str, detail: str):
        if reason not in REASONS:
            raise ValueError(f"unknown SheetReadError reason {reason!r}")
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def _too_large(what: str) -> SheetReadError:
    return SheetReadError("corrupt", f"too large: {what}")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as stored in the file.

    CSV cells are str (None when empty); xls integral floats become int; date cells are datetimes
    (a time-only serial below 1 is a time); text is exactly as stored, never stripped.
    `formula_without_value` marks a formula whose result was never computed: the file was written
    by a program and never opened and saved in Excel/WPS, so its value is unknown (S012).
    """

    value: CellValue
    formula_without_value: bool = False

    @property
    def is_blank(self) -> bool:
        return self.value is None and not self.formula_without_value


EMPTY_CELL = Cell(None)


@dataclass(slots=True)
class Sheet:
    """One worksheet. `rows[i]` is Excel row i+1 and `rows[i][j]` column j+1.

    Trailing empty rows and each row's trailing empty cells are trimmed, so rows are ragged.
    """

    name: str
    state: str  # "visible" | "hidden" | "veryHidden"
    rows: list[list[Cell]]
    hidden_rows: frozenset[int]  # 1-based Excel row numbers
    hidden_cols: frozenset[int]  # 1-based column indexes
    # What the cell values do not tell, keyed by 1-based (row, col): merged ranges as
    # (first_row, first_col, last_row, last_col), the address each hyperlink opens (a link
    # attached to the cell or a HYPERLINK() formula), and each cell comment's text.
    merged: tuple[tuple[int, int, int, int], ...] = ()
    hyperlinks: dict[tuple[int, int], str] = field(default_factory=dict)
    comments: dict[tuple[int, int], str] = field(default_factory=dict)

    def cell(self, row: int, col: int) -> Cell:
        """The cell at 1-based (row, col); an empty cell outside the data."""
        if row < 1 or col < 1 or row > len(self.rows):
            return EMPTY_CELL
        cells = self.rows[row - 1]
        return cells[col - 1] if col <= len(cells) else EMPTY_CELL


@dataclass(slots=True)
class Workbook:
    """A whole spreadsheet file as read. Which sheet is checked is table.choose_sheet's call (the
    best header); `data_sheet()` is the tab that opens first, its tie-break and fallback."""

    path: Path
    format: str  # "xlsx" | "xlsm" | "xls" | "csv": the true format, detected from the content
    sheets: list[Sheet]
    encoding: str | None  # CSV only: "utf-8", "utf-8-sig", "gb18030" (or "utf-16" with a BOM)
    date1904: bool
    active_index: int | None = None  # index into `sheets` of the tab shown on opening

    def data_sheet(self) -> Sheet:
        """The tab a manager sees on opening: the tab the operator left open if it is visible,
        else the first visible sheet (a category manager never sees a hidden tab first), else the
        first sheet when a broken file hides them all."""
        if self.active_index is not None and 0 <= self.active_index < len(self.sheets):
            active = self.sheets[self.active_index]
            if active.state == "visible":
                return active
        for sheet in self.sheets:
            if sheet.state == "visible":
                return sheet
        return self.sheets[0]

    @property
    def sheets_with_content(self) -> list[Sheet]:
        """The sheets holding any value: when there are several, a report names the one checked."""
        return [sheet for sheet in self.sheets
                if any(not cell.is_blank for row in sheet.rows for cell in row)]


# The summary sheet of a copy written by `--annotate` (annotate.SUMMARY_SHEET): never the data.
ANNOTATION_SHEET = "jdcheck"


def is_annotation_sheet(name: str) -> bool:
    return name.strip().casefold().rstrip("_") == ANNOTATION_SHEET  # "jdcheck_" when the name was taken


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
