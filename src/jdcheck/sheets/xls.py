"""Reading legacy .xls (BIFF2-BIFF8, bare or in an OLE container) and refusing encrypted OOXML."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

from jdcheck.sheets.model import EMPTY_CELL, Cell, CellValue, Sheet, SheetReadError, Workbook, _short, _too_large



def _read_ole(path: Path, max_cells: int) -> Workbook:
    """An OLE/CFB container is either a legacy .xls or an encrypted OOXML workbook: Excel and WPS
    save a password-protected .xlsx as a CFB file holding EncryptionInfo + EncryptedPackage.

    The BIFF stream is taken out with olefile and handed to xlrd as a bare stream (xlrd reads
    those too): xlrd's own OLE reader loops forever, growing memory, on a damaged file whose
    sector chain is cyclic (found by fuzzing the corpus); olefile bounds every chain. olefile
    runs strict (DEFECT_INCORRECT): leniently it accepts a damaged sector size and then tries to
    read 2**60-byte sectors; every real .xls in the corpus passes the strict checks.
    """
    import olefile

    try:
        with olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT) as ole:
            if ole.exists("EncryptionInfo"):
                raise SheetReadError("encrypted", "password-protected OOXML (EncryptionInfo stream)")
            # "Workbook" since Excel 97 (BIFF8), "Book" in Excel 5/95 files (BIFF5).
            stream = next((name for name in ("Workbook", "Book") if ole.exists(name)), None)
            if stream is None:
                raise SheetReadError("unsupported", "OLE file without a workbook stream (Word or PowerPoint file?)")
            data = ole.openstream(stream).read()
    except (OSError, ValueError, IndexError, struct.error) as exc:
        # olefile raises OleFileError (an OSError) for damaged headers and sector chains; the
        # others on truncated or inconsistent tables.
        raise SheetReadError("corrupt", f"damaged OLE compound file ({_short(exc)})") from exc
    return _read_xls(path, data, max_cells)


_XLS_STATES = {0: "visible", 1: "hidden", 2: "veryHidden"}


def _read_xls(path: Path, data: bytes, max_cells: int) -> Workbook:
    book, formatting = _open_xls(data)
    sheets = []
    active_index = None
    total = 0
    for index, xl_sheet in enumerate(book.sheets()):
        total += sum(xl_sheet.row_len(r) for r in range(xl_sheet.nrows))
        if total > max_cells:
            raise _too_large(f"more than {max_cells:,} cells")
        sheets.append(_sheet_from_xlrd(xl_sheet, book.datemode, formatting))
        if xl_sheet.sheet_visible and active_index is None:
            active_index = index
    if not sheets:
        raise SheetReadError("empty", "workbook has no worksheet")
    return Workbook(
        path=path,
        format="xls",
        sheets=sheets,
        encoding=None,
        date1904=book.datemode == 1,
        active_index=active_index,
    )


def _open_xls(data: bytes) -> tuple[Any, bool]:
    """(xlrd book, whether formatting was read).

    Hidden rows and columns are only parsed with formatting_info=True, which also walks the
    formatting records; when those are what xlrd chokes on, the cells may still be readable
    without them, so retry with formatting_info=False before calling the file corrupt.
    """
    try:
        return _xlrd_open(data, formatting_info=True), True
    except SheetReadError as exc:
        if exc.reason == "encrypted":
            raise
    return _xlrd_open(data, formatting_info=False), False


def _xlrd_open(data: bytes, *, formatting_info: bool) -> Any:
    import xlrd

    try:
        return xlrd.open_workbook(
            file_contents=data,
            formatting_info=formatting_info,
            ragged_rows=True,
            logfile=io.StringIO(),  # xlrd prints its warnings to stdout otherwise
        )
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise SheetReadError("encrypted", "password-protected .xls (FILEPASS record)") from exc
        raise SheetReadError("corrupt", _short(exc)) from exc
    except Exception as exc:
        # Safety net: on damaged BIFF streams xlrd fails with whatever its parser hits
        # (AssertionError on a wrong SST count, KeyError, IndexError, struct.error...).
        # Only xlrd runs inside this try, so no bug of ours can hide here.
        raise SheetReadError("corrupt", f"xlrd cannot parse the workbook ({_short(exc)})") from exc


def _sheet_from_xlrd(xl_sheet: Any, datemode: int, formatting: bool) -> Sheet:
    rows = []
    for r in range(xl_sheet.nrows):
        values = xl_sheet.row_values(r)
        types = xl_sheet.row_types(r)
        row = [_xlrd_cell(ctype, value, datemode) for ctype, value in zip(types, values)]
        while row and row[-1].is_blank:
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    hidden_rows = hidden_cols = frozenset()
    if formatting:
        hidden_rows = frozenset(r + 1 for r, info in xl_sheet.rowinfo_map.items() if info.hidden)
        hidden_cols = frozenset(c + 1 for c, info in xl_sheet.colinfo_map.items() if info.hidden)
    return Sheet(
        name=xl_sheet.name,
        state=_XLS_STATES.get(xl_sheet.visibility, "visible"),
        rows=rows,
        hidden_rows=hidden_rows,
        hidden_cols=hidden_cols,
        # xlrd's ranges are 0-based with exclusive ends; merges are read with formatting only.
        merged=tuple((rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in xl_sheet.merged_cells
                     if rhi - rlo > 1 or chi - clo > 1),
        hyperlinks={(r + 1, c + 1): link.url_or_path or ("#" + (link.textmark or ""))
                    for (r, c), link in xl_sheet.hyperlink_map.items() if link.url_or_path or link.textmark},
        comments={(r + 1, c + 1): note.text or "" for (r, c), note in xl_sheet.cell_note_map.items()},
    )


# xlrd's cell types (xlrd.XL_CELL_*), stable since xlrd 0.6; named here so converting a cell
# does not look the module up each time.
_XL_EMPTY, _XL_TEXT, _XL_NUMBER, _XL_DATE, _XL_BOOLEAN, _XL_ERROR, _XL_BLANK = range(7)


def _xlrd_cell(ctype: int, value: Any, datemode: int) -> Cell:
    if ctype in (_XL_EMPTY, _XL_BLANK) or value == "":
        return EMPTY_CELL
    if ctype == _XL_NUMBER:
        # BIFF stores every number as a double: 199 arrives as 199.0.
        return Cell(int(value) if value.is_integer() else value)
    if ctype == _XL_DATE:
        return Cell(_xls_date(value, datemode))
    if ctype == _XL_BOOLEAN:
        return Cell(bool(value))
    if ctype == _XL_ERROR:
        import xlrd

        return Cell(xlrd.error_text_from_code.get(value, "#N/A"))
    return Cell(value)


def _xls_date(value: float, datemode: int) -> CellValue:
    """A date-formatted number as openpyxl would give it: a time below 1, else a datetime; a
    serial Excel cannot display (negative, past 9999) stays a number."""
    import xlrd

    try:
        moment = xlrd.xldate.xldate_as_datetime(value, datemode)
    except (xlrd.xldate.XLDateError, ValueError, OverflowError):
        return int(value) if float(value).is_integer() else value
    return moment.time() if 0 <= value < 1 else moment
