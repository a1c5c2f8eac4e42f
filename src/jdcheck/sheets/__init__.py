"""Read any spreadsheet an operator produces into plain data.

Operators send whatever their office suite wrote: Excel or WPS `.xlsx`/`.xlsm`, legacy `.xls`
from old templates or WPS "97-2003" saves, CSV exported by Excel on Chinese Windows (GBK), and now
and then a password-protected workbook or a web-system export that only pretends to be Excel.
`read_workbook` turns every readable file into a `Workbook` of typed `Cell`s and every other one
into a `SheetReadError` (S001) with a reason and a short detail: no third-party exception leaks.

The format is decided from the content, never from the extension: operators rename files, and a
web system's "xls" export is often an HTML page or tab-separated text.

openpyxl, xlrd and olefile are imported inside the functions that need them, so commands that
never open a spreadsheet (`jdcheck explain`, `jdcheck schema`) start fast.

One module per format, as calamine and xlrd lay theirs out:
  model     Workbook, Sheet, Cell, SheetReadError: what every reader produces
  package   the OOXML ZIP package: part names, size guards, the formula cells of a worksheet
  ooxml     .xlsx/.xlsm: calamine when the package allows it, else openpyxl
  calamine  the fast path and the raw-XML scan of what calamine does not report
  xls       legacy .xls (BIFF in OLE, or bare), encrypted OOXML detection
  csvfile   CSV/TSV/TXT in UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16
  copies    helpers for the copies jdcheck writes (fix, --annotate, template)
"""

from __future__ import annotations

import codecs
from pathlib import Path

from jdcheck.sheets.copies import load_for_copy, sheet_title, writable
from jdcheck.sheets.csvfile import CSV_EXTENSIONS, _read_csv
from jdcheck.sheets.ooxml import _read_ooxml
from jdcheck.sheets.xls import _read_ole, _read_xls
from jdcheck.sheets.model import (
    EMPTY_CELL,
    REASONS,
    Cell,
    CellValue,
    Sheet,
    SheetReadError,
    Workbook,
)

__all__ = [
    "CSV_EXTENSIONS", "EMPTY_CELL", "REASONS", "Cell", "CellValue", "Sheet", "SheetReadError",
    "Workbook", "load_for_copy", "read_workbook", "sheet_title", "writable",
]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A bare BIFF2-BIFF4 stream (Excel 2.x-4.0 wrote .xls without an OLE container) opens with a
# BOF record: id 0x0009/0x0209/0x0409 little-endian. xlrd reads them; BIFF5+ is always in OLE.
_BARE_BIFF_BOFS = (b"\x09\x00", b"\x09\x02", b"\x09\x04")


def read_workbook(path: Path, *, max_cells: int = 200_000) -> Workbook:
    """Read the spreadsheet at `path`; raise SheetReadError for anything that cannot be read.

    `max_cells` bounds the cells of the whole workbook; a file over it is refused as "too large"
    before its rows are loaded, so a hostile or runaway file cannot exhaust memory. openpyxl
    holds ~500 bytes per cell and reads ~40,000 cells a second: 200,000 cells stay near 150 MB
    and 5 s (measured), far above a JD submission sheet's few thousand.
    """
    path = Path(path)
    try:
        return _read_by_content(path, max_cells)
    except OSError as exc:
        # A file that vanished, lacks read permission or sits on a failing network drive is
        # still a file the operator meant to send: S001, but nothing is wrong with the workbook.
        raise SheetReadError("unreadable", f"cannot read the file ({exc.strerror or exc})") from exc


def _read_by_content(path: Path, max_cells: int) -> Workbook:
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise SheetReadError("empty", "0-byte file")
    if head.startswith(_ZIP_MAGIC):
        return _read_ooxml(path, max_cells)
    if head.startswith(_OLE_MAGIC):
        return _read_ole(path, max_cells)
    if head[:2] in _BARE_BIFF_BOFS:
        return _read_xls(path, path.read_bytes(), max_cells)
    if path.suffix.lower() in CSV_EXTENSIONS:
        return _read_csv(path, max_cells)
    raise _unrecognised(path, head)


# --------------------------------------------------------------------------- unknown content


def _unrecognised(path: Path, head: bytes) -> SheetReadError:
    """Name what the file really is: web systems export HTML or text named `.xls`, which Excel
    opens with a warning but a category manager's import rejects."""
    with path.open("rb") as fh:
        start = fh.read(2048)
    lowered = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"PK"):
        return SheetReadError("corrupt", "damaged or incomplete ZIP archive")
    if lowered.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
            return SheetReadError("unsupported", "Excel 2003 XML spreadsheet")
        if b"<html" in lowered or b"<!doctype html" in lowered or b"<table" in lowered:
            return SheetReadError("unsupported", "HTML page with a spreadsheet extension")
    if head.startswith(b"%PDF"):
        return SheetReadError("unsupported", "PDF document")
    if _looks_like_text(start):
        return SheetReadError("unsupported", f"plain text with a {path.suffix} extension" if path.suffix else "plain text without an extension")
    return SheetReadError("corrupt", "not a spreadsheet file (unrecognised content)")


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # A multi-byte character may be cut at the end of the sample: decode incrementally.
            codecs.getincrementaldecoder(encoding)().decode(data, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False
