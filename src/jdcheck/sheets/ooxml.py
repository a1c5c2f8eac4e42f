"""Reading .xlsx/.xlsm: the package is inspected first, calamine reads the cells when it can be
trusted with the package, openpyxl (the reader of record) otherwise."""

from __future__ import annotations

import datetime
import io
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from jdcheck.sheets import calamine
from jdcheck.sheets.marks import SheetMarks, sheet_marks
from jdcheck.sheets.model import (
    _MAX_EXCEL_COLUMN,
    EMPTY_CELL,
    Cell,
    CellValue,
    Sheet,
    SheetReadError,
    Workbook,
    _short,
    _too_large,
)
from jdcheck.sheets.package import (
    _ZIP_ERRORS,
    _canonical_package,
    _check_unzipped_size,
    _ooxml_format,
    _scan_worksheets,
    _worksheet_parts,
)

def _read_ooxml(path: Path, max_cells: int) -> Workbook:
    fmt, repaired, missing_values, package, marks = _inspect_package(path, max_cells)
    if package is not None:
        fast = calamine._read_with_calamine(repaired or path, path, fmt, package, missing_values)
        if fast is not None:
            return _with_marks(fast, marks)
        if repaired is not None:
            repaired.seek(0)  # calamine has read the buffer
    if repaired is not None:
        book = _load_openpyxl(repaired)
    else:
        with path.open("rb") as fh:  # a file object: openpyxl refuses paths not named .xlsx/.xlsm
            book = _load_openpyxl(fh)
    sheets = [
        _sheet_from_openpyxl(ws, missing_values.get(ws.title, frozenset()), max_cells)
        for ws in book.worksheets  # chartsheets hold no cells
    ]
    if not sheets:
        raise SheetReadError("empty", "workbook has no worksheet")
    active = book.active
    return _with_marks(Workbook(
        path=path,
        format=fmt,
        sheets=sheets,
        encoding=None,
        date1904=book.epoch.year == 1904,
        active_index=next((i for i, ws in enumerate(book.worksheets) if ws is active), None),
    ), marks)


def _with_marks(workbook: Workbook, marks: dict[str, SheetMarks]) -> Workbook:
    for sheet in workbook.sheets:
        found = marks.get(sheet.name)
        if found is not None:
            sheet.merged, sheet.hyperlinks, sheet.comments = found.merged, found.hyperlinks, found.comments
    return workbook


def _inspect_package(
    path: Path, max_cells: int
) -> tuple[str, io.BytesIO | None, dict[str, frozenset[tuple[int, int]]], Any, dict[str, SheetMarks]]:
    """Before any reader loads the cells: the format, a repaired copy of the package if Excel-only
    leniency is needed, the formulas without a cached value per sheet name, the package layout
    calamine needs (None when only openpyxl can be trusted with the file), and each sheet's
    merged cells, hyperlinks and comments by sheet name."""
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        raise SheetReadError("corrupt", f"damaged ZIP archive ({_short(exc)})") from exc
    try:
        _check_unzipped_size(archive, max_cells)
        fmt = _ooxml_format(archive)
        repaired = _canonical_package(archive)
        if repaired is not None:
            archive.close()
            archive = zipfile.ZipFile(repaired)
        # One pass over each worksheet's XML serves the size guard, the marks and calamine's layout.
        layouts: dict[str, calamine.SheetScan] = {}
        missing_values, scans = _scan_worksheets(
            archive, max_cells, readers=lambda part: layouts.setdefault(part, calamine.SheetScan()).feed)
        package = calamine._package_layout(archive, max_cells, layouts)
        parts = _worksheet_parts(archive)
        marks = {name: sheet_marks(archive, parts[name], scan) for name, scan in scans.items()}
    except _ZIP_ERRORS as exc:
        raise SheetReadError("corrupt", f"damaged ZIP member ({_short(exc)})") from exc
    except (ET.ParseError, ValueError) as exc:  # ValueError: a non-numeric <row r="...">
        raise SheetReadError("corrupt", f"malformed worksheet XML ({_short(exc)})") from exc
    finally:
        archive.close()
    if repaired is not None:
        repaired.seek(0)
    return fmt, repaired, missing_values, package, marks


def _load_openpyxl(source: Any) -> Any:
    """openpyxl's workbook with cached values (data_only) in normal mode: read-only mode has no
    row/column dimensions, which hold the hidden flags."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # "Workbook contains no default style", "Data Validation extension is not
            # supported": noise about features we do not read.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(source, data_only=True, keep_links=False)
    except (InvalidFileException, *_ZIP_ERRORS, KeyError, ET.ParseError) as exc:
        raise SheetReadError("corrupt", _short(exc)) from exc
    except Exception as exc:
        # Safety net: on damaged or unusual packages openpyxl raises whatever its parsers hit
        # (IndexError and TypeError on style ids, TypeError on Mac pivot caches, ValueError...).
        # Nothing of ours runs inside this try, so no bug of ours can hide here.
        raise SheetReadError("corrupt", f"openpyxl cannot parse the workbook ({_short(exc)})") from exc


def _sheet_from_openpyxl(ws: Any, missing_values: frozenset[tuple[int, int]], max_cells: int) -> Sheet:
    cells: dict[tuple[int, int], Cell] = {}
    # ws._cells is openpyxl's sparse {(row, col): cell} store. The public iter_rows() walks the
    # bounding box and creates every cell in it: a styled cell at XFD1048576 would mean 17
    # billion cells.
    for (row, col), xl_cell in ws._cells.items():
        value = _openpyxl_value(xl_cell.value)
        if value is not None:
            cells[row, col] = Cell(value)
    for row, col in missing_values:
        cells[row, col] = Cell(None, formula_without_value=True)
    return Sheet(
        name=ws.title,
        state=ws.sheet_state,
        rows=_rows_from_sparse(cells, max_cells),
        hidden_rows=frozenset(r for r, dim in ws.row_dimensions.items() if dim.hidden),
        hidden_cols=_hidden_columns(ws),
    )


# Day 0 of Excel's 1900 date system: a date-formatted cell holding a negative number is no date
# (Excel shows ####). openpyxl makes a day of 1899 of it, calamine a time of 00:00.
_EXCEL_DAY_ZERO = datetime.datetime(1899, 12, 30)


def _openpyxl_value(value: Any) -> CellValue:
    if isinstance(value, datetime.timedelta):
        # openpyxl turns duration formats ([h]:mm) into timedelta; keep the stored serial (days).
        return value.total_seconds() / 86_400
    if isinstance(value, datetime.datetime) and value < _EXCEL_DAY_ZERO:
        serial = (value - _EXCEL_DAY_ZERO).total_seconds() / 86_400  # the number the cell holds
        return int(serial) if serial.is_integer() else serial
    if value == "":
        return None
    return value


def _hidden_columns(ws: Any) -> frozenset[int]:
    """One <col min max hidden> covers a range: "hide all unused columns" is one element."""
    from openpyxl.utils import column_index_from_string

    hidden: set[int] = set()
    for key, dim in ws.column_dimensions.items():
        if not dim.hidden:
            continue
        first = dim.min or column_index_from_string(key)
        last = min(dim.max or first, _MAX_EXCEL_COLUMN)
        hidden.update(range(first, last + 1))
    return frozenset(hidden)


# The dense rows hold a reference per cell up to each row's last value (8 bytes, empty cells share
# EMPTY_CELL) and one list per row with a value (rows without one share _NO_CELLS): a layout slot
# costs ~1/60 of a cell openpyxl loads. Far, sparse cells -- a hidden drop-down source in AZ1:AZ4000,
# a space typed in XFD1048576 -- are real workbooks, not bombs: their layout is bounded apart from
# the stored cells, at this many slots per cell of `max_cells` (2,000,000 slots: 16 MB).
_LAYOUT_SLOTS_PER_CELL = 10
_NO_CELLS: list[Cell] = []  # shared by every empty row: never mutated


def _rows_from_sparse(cells: dict[tuple[int, int], Cell], max_cells: int) -> list[list[Cell]]:
    """Dense, trimmed rows from {(row, col): cell}; refuses layouts whose slots would exceed
    `max_cells` × _LAYOUT_SLOTS_PER_CELL (one value in each of 200,000 rows at column XFD would
    be 3 billion slots). A row of Excel's grid is at most 1,048,576 slots of empty rows."""
    widths: dict[int, int] = {}
    for (row, col), cell in cells.items():
        if not cell.is_blank and col > widths.get(row, 0):
            widths[row] = col
    height = max(widths, default=0)
    empty_rows = height - len(widths)  # each still costs a reference: count it as one slot
    limit = max_cells * _LAYOUT_SLOTS_PER_CELL
    if sum(widths.values()) + empty_rows > limit:
        raise _too_large(f"data spread over more than {limit:,} cells")
    rows: list[list[Cell]] = [_NO_CELLS] * height
    for row, width in widths.items():
        rows[row - 1] = [EMPTY_CELL] * width
    for (row, col), cell in cells.items():
        if col <= widths.get(row, 0):
            rows[row - 1][col - 1] = cell
    return rows
