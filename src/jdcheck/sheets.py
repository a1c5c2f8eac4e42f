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
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import posixpath
import re
import shutil
import struct
import warnings
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CellValue = (
    str | int | float | bool | datetime.datetime | datetime.date | datetime.time | None
)

REASONS = ("encrypted", "corrupt", "unsupported", "empty")

CSV_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A bare BIFF2-BIFF4 stream (Excel 2.x-4.0 wrote .xls without an OLE container) opens with a
# BOF record: id 0x0009/0x0209/0x0409 little-endian. xlrd reads them; BIFF5+ is always in OLE.
_BARE_BIFF_BOFS = (b"\x09\x00", b"\x09\x02", b"\x09\x04")

# Excel's grid: 1,048,576 rows x 16,384 columns. Column ranges in <col> are clamped to it.
_MAX_EXCEL_COLUMN = 16_384

_CSV_DELIMITERS = ",\t;"
_CSV_SNIFF_CHARS = 8 * 1024
_CSV_MAX_LINE_CHARS = 1024 * 1024
_DECODE_CHUNK = 1024 * 1024


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

    def cell(self, row: int, col: int) -> Cell:
        """The cell at 1-based (row, col); an empty cell outside the data."""
        if row < 1 or col < 1 or row > len(self.rows):
            return EMPTY_CELL
        cells = self.rows[row - 1]
        return cells[col - 1] if col <= len(cells) else EMPTY_CELL


@dataclass(slots=True)
class Workbook:
    """A whole spreadsheet file as read; `data_sheet()` is the sheet a check looks at."""

    path: Path
    format: str  # "xlsx" | "xlsm" | "xls" | "csv": the true format, detected from the content
    sheets: list[Sheet]
    encoding: str | None  # CSV only: "utf-8", "utf-8-sig", "gb18030" (or "utf-16" with a BOM)
    date1904: bool
    active_index: int | None = None  # index into `sheets` of the tab shown on opening

    def data_sheet(self) -> Sheet:
        """The sheet holding the submission: the tab the operator left open if it is visible,
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
        # still a file the operator meant to send: S001 like any other unreadable sheet.
        raise SheetReadError("corrupt", f"cannot read the file ({exc.strerror or exc})") from exc


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
        return SheetReadError("unsupported", f"plain text with a {path.suffix or 'missing'} extension")
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


# --------------------------------------------------------------------------- OOXML (xlsx/xlsm)

_ZIP_ERRORS = (
    zipfile.BadZipFile,  # bad CRC, truncated central directory
    zlib.error,  # corrupt deflate stream
    EOFError,  # member shorter than declared
    NotImplementedError,  # compression method zipfile does not know (deflate64, ...)
    RuntimeError,  # zipfile's "File is encrypted, password required"
    UnicodeDecodeError,  # entry name flagged UTF-8 but not UTF-8
    OSError,
)

_MACRO_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_MACRO_TEMPLATE_CT = "application/vnd.ms-excel.template.macroEnabled.main+xml"
_XLSB_CT = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"

# A cell or formula start tag, with any namespace prefix. Text nodes cannot contain "<" (it is
# escaped), so counting these tags counts cells without parsing the XML.
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?c[\s/>]")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?f[\s/>]")
_TAG_OVERLAP = 64  # longer than any tag the patterns match
# Excel spends about 40 bytes of XML on a cell (`<c r="AB123" s="1" t="s"><v>12345</v></c>`);
# 200 leaves room for styles and inline texts, and still refuses a ZIP bomb (shared strings are
# bounded by the package size only, see _check_unzipped_size).
_XML_BYTES_PER_CELL = 200
# Inflated size of a whole OOXML package. A JD template with 2,000 rows is under 1 MB of XML; a
# 100,000-row export from an ERP ~40 MB. Above this, openpyxl's DOM (~10× the XML) would pass
# any sane memory budget, and a few KB of ZIP can declare gigabytes. zipfile never inflates a
# member past its declared size, so the declared sizes bound what is read.
_MAX_PACKAGE_BYTES = 100 * 1024 * 1024
_SCAN_CHUNK = 1024 * 1024


def _read_ooxml(path: Path, max_cells: int) -> Workbook:
    fmt, repaired, missing_values, package = _inspect_package(path, max_cells)
    if package is not None:
        fast = _read_with_calamine(repaired or path, path, fmt, package, missing_values)
        if fast is not None:
            return fast
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
    return Workbook(
        path=path,
        format=fmt,
        sheets=sheets,
        encoding=None,
        date1904=book.epoch.year == 1904,
        active_index=next((i for i, ws in enumerate(book.worksheets) if ws is active), None),
    )


def _inspect_package(
    path: Path, max_cells: int
) -> tuple[str, io.BytesIO | None, dict[str, frozenset[tuple[int, int]]], Any]:
    """Before any reader loads the cells: the format, a repaired copy of the package if Excel-only
    leniency is needed, the formulas without a cached value per sheet name, and the package layout
    calamine needs (None when only openpyxl can be trusted with the file)."""
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
        missing_values = _scan_worksheets(archive, max_cells)
        package = _package_layout(archive, max_cells)
    except _ZIP_ERRORS as exc:
        raise SheetReadError("corrupt", f"damaged ZIP member ({_short(exc)})") from exc
    except (ET.ParseError, ValueError) as exc:  # ValueError: a non-numeric <row r="...">
        raise SheetReadError("corrupt", f"malformed worksheet XML ({_short(exc)})") from exc
    finally:
        archive.close()
    if repaired is not None:
        repaired.seek(0)
    return fmt, repaired, missing_values, package


def _check_unzipped_size(archive: zipfile.ZipFile, max_cells: int) -> None:
    """Refuse a ZIP bomb before decompressing anything: the whole package may not inflate past
    _MAX_PACKAGE_BYTES, and its XML other than shared strings not past _XML_BYTES_PER_CELL per
    allowed cell. Shared strings only share the package bound: long product texts are
    legitimate there. The declared sizes can be trusted as a bound: zipfile never returns more
    bytes than a member declares."""
    inflated = sum(info.file_size for info in archive.infolist())
    if inflated > _MAX_PACKAGE_BYTES:
        raise _too_large(f"the workbook inflates to {inflated / 2**20:,.0f} MB (limit {_MAX_PACKAGE_BYTES >> 20} MB)")
    xml = sum(
        info.file_size for info in archive.infolist()
        if info.filename.lower().endswith((".xml", ".rels"))
        and not info.filename.lower().endswith("sharedstrings.xml")
    )
    if xml > max_cells * _XML_BYTES_PER_CELL:
        raise _too_large(f"{xml / 2**20:,.0f} MB of XML once unzipped")


def _ooxml_format(archive: zipfile.ZipFile) -> str:
    """"xlsx" or "xlsm"; other ZIP-based files (.xlsb, .ods, .docx, a plain .zip) are refused."""
    names = {name.replace("\\", "/").lower() for name in archive.namelist()}
    if "xl/workbook.bin" in names:
        raise SheetReadError("unsupported", ".xlsb binary workbook (save as .xlsx)")
    if "mimetype" in names or "content.xml" in names:
        manifest = _read_member_named(archive, "META-INF/manifest.xml") or b""
        if b"encryption-data" in manifest:
            raise SheetReadError("encrypted", "password-protected OpenDocument spreadsheet")
        raise SheetReadError("unsupported", "OpenDocument spreadsheet (.ods, save as .xlsx)")
    content_types = _read_member_named(archive, "[Content_Types].xml") or b""
    if _XLSB_CT.encode() in content_types:
        raise SheetReadError("unsupported", ".xlsb binary workbook (save as .xlsx)")
    if not any(name.endswith("workbook.xml") for name in names):
        raise SheetReadError("unsupported", "ZIP archive that is not an Excel workbook")
    macro = _MACRO_CT.encode() in content_types or _MACRO_TEMPLATE_CT.encode() in content_types
    return "xlsm" if macro or "xl/vbaproject.bin" in names else "xlsx"


def _read_member_named(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A member by name, matched the lenient way Excel does (case, backslashes)."""
    wanted = name.lower()
    for info in archive.infolist():
        if info.filename.replace("\\", "/").lower() == wanted:
            return archive.read(info)
    return None


def _canonical_package(archive: zipfile.ZipFile) -> io.BytesIO | None:
    """Rebuild the package in memory when its part names only differ from the canonical ones in
    ways Excel and WPS forgive but openpyxl does not; None when nothing needs fixing.

    - WPS Office (zh-CN 11.x) writes ZIP entry names with backslashes (`xl\\workbook.xml`).
    - Some writers store `xl/SharedStrings.xml` while [Content_Types].xml names
      `/xl/sharedStrings.xml`; OPC part names are case-insensitive (ECMA-376 Part 2), so Excel
      opens the file and openpyxl raises KeyError.
    """
    names = [info.filename for info in archive.infolist()]
    renames = {name: name.replace("\\", "/") for name in names if "\\" in name}
    canonical = _content_type_parts(archive)
    for name in names:
        fixed = renames.get(name, name)
        declared = canonical.get(fixed.lower())
        if declared is not None and declared != fixed:
            renames[name] = declared
    if not renames:
        return None
    buffer = io.BytesIO()
    # compresslevel 1: the copy lives in memory only until openpyxl has read it.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in archive.infolist():
            with archive.open(info) as src, out.open(renames.get(info.filename, info.filename), "w") as dst:
                shutil.copyfileobj(src, dst, _SCAN_CHUNK)
    return buffer


def _content_type_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """lower-case member name -> member name as [Content_Types].xml declares the part."""
    data = _read_member_named(archive, "[Content_Types].xml")
    if data is None:
        return {}
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return {}  # openpyxl reports the broken manifest itself
    parts = {}
    for element in root:
        part_name = element.get("PartName")
        if part_name:
            name = part_name.lstrip("/")
            parts[name.lower()] = name
    return parts


def _scan_worksheets(archive: zipfile.ZipFile, max_cells: int) -> dict[str, frozenset[tuple[int, int]]]:
    """Refuse workbooks over `max_cells` and find formulas without a cached value, per sheet name.

    openpyxl loads a whole workbook at once, so the size guard must run before it. The
    <dimension> element is no guide: Gnumeric declares the full A1:XFD1048576 grid for 18 cells.
    Counting <c> start tags in the raw XML is exact and costs a few milliseconds per MB; the
    XML is parsed for formulas only in sheets that contain a formula tag at all.
    """
    sheet_parts = _worksheet_parts(archive)
    members = set(archive.namelist())
    parts = [part for part in sheet_parts.values() if part in members]
    if not parts:
        # Too odd to resolve (openpyxl decides whether it opens): still bound every XML member.
        parts = [name for name in members if name.lower().endswith(".xml")]
    total = 0
    with_formulas = set()
    for part in dict.fromkeys(parts):
        cells, has_formula = _count_cells(archive, part, max_cells - total)
        total += cells
        if total > max_cells:
            raise _too_large(f"more than {max_cells:,} cells")
        if has_formula:
            with_formulas.add(part)
    return {
        name: _formulas_without_value(archive, part)
        for name, part in sheet_parts.items()
        if part in with_formulas
    }


def _count_cells(archive: zipfile.ZipFile, member: str, budget: int) -> tuple[int, bool]:
    """(number of <c> tags, whether any <f> tag occurs), reading the member in chunks.

    Each chunk is cut before a "<" in its last bytes, so no tag is split between chunks.
    Stops counting once over `budget`.
    """
    cells = 0
    has_formula = False
    tail = b""
    with archive.open(member) as fh:
        while True:
            chunk = fh.read(_SCAN_CHUNK)
            buffer = tail + chunk
            if chunk:
                cut = buffer.rfind(b"<", max(0, len(buffer) - _TAG_OVERLAP))
                cut = len(buffer) if cut == -1 else cut
            else:
                cut = len(buffer)
            cells += len(_CELL_TAG.findall(buffer, 0, cut))
            has_formula = has_formula or _FORMULA_TAG.search(buffer, 0, cut) is not None
            tail = buffer[cut:]
            if not chunk or cells > budget:
                return cells, has_formula


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> ZIP member of its XML, resolved as Excel does: the package relationships
    name the workbook part, the workbook's relationships name each sheet's part.
    {} when the package is too broken to resolve."""
    try:
        workbook_part = _relationship_targets(archive, "", "_rels/.rels").get("officeDocument")
        if workbook_part is None:
            return {}
        folder = posixpath.dirname(workbook_part)
        rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
        targets = _relationship_targets(archive, folder, rels_part, by_id=True)
        root = ET.fromstring(archive.read(workbook_part))
    except (KeyError, ET.ParseError):
        return {}
    parts = {}
    for element in root.iter():
        if _local_name(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local_name(k) == "id"), None)
        name = element.get("name")
        if name is not None and rel_id in targets:
            parts[name] = targets[rel_id]
    return parts


def _relationship_targets(
    archive: zipfile.ZipFile, folder: str, rels_part: str, *, by_id: bool = False
) -> dict[str, str]:
    """Relationship id (or type's last segment) -> target member path."""
    root = ET.fromstring(archive.read(rels_part))
    targets = {}
    for element in root:
        target = element.get("Target")
        if not target or element.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(folder, target))
        key = element.get("Id") if by_id else (element.get("Type") or "").rsplit("/", 1)[-1]
        if key:
            targets.setdefault(key, path)
    return targets


def _formulas_without_value(archive: zipfile.ZipFile, member: str) -> frozenset[tuple[int, int]]:
    """(row, col) of every <c> with an <f> child and no cached value in its <v>.

    openpyxl and other libraries write such cells as `<c><f>…</f><v/></c>`; Excel and WPS always
    store the result. An empty <v> is a real cached value only for a string result (`t="str"`:
    a formula that evaluates to ""). Only "end" events are parsed (half the cost of also taking
    "start"). A cell without an `r` attribute (allowed, rare) follows the previous cell of its
    row and gets its row number when the <row> ends.
    """
    found: set[tuple[int, int]] = set()
    pending_cols: list[int] = []  # formula cells of the current row that had no `r`
    anchor: str | None = None  # last `r` seen in the current row
    after_anchor = 0  # cells since that `r`
    row = 0
    with archive.open(member) as fh:
        for _event, element in ET.iterparse(fh):
            name = _local_name(element.tag)
            if name == "c":
                ref = element.get("r")
                if ref is not None:
                    anchor, after_anchor = ref, 0
                else:
                    after_anchor += 1
                if _lacks_cached_value(element):
                    if ref is not None:
                        found.add(_split_reference(ref))
                    else:
                        base = _split_reference(anchor)[1] if anchor else 0
                        pending_cols.append(base + after_anchor)
                element.clear()
            elif name == "row":
                row = int(element.get("r") or row + 1)
                found.update((row, col) for col in pending_cols)
                pending_cols.clear()
                anchor, after_anchor = None, 0
                element.clear()
    return frozenset(found)


def _lacks_cached_value(cell: ET.Element) -> bool:
    formula = value = None
    for child in cell:
        child_name = _local_name(child.tag)
        if child_name == "f":
            formula = child
        elif child_name == "v":
            value = child
    if formula is None:
        return False
    return value is None or (not value.text and cell.get("t") != "str")


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d+)")


def _split_reference(ref: str) -> tuple[int, int]:
    """"AB12" -> (12, 28)."""
    match = _REFERENCE.fullmatch(ref)
    if match is None:
        raise SheetReadError("corrupt", f"bad cell reference {ref!r}")
    col = 0
    for letter in match.group(1).upper():
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col


# --------------------------------------------------------------------------- OOXML fast path
#
# openpyxl builds an object per cell, style and dimension: 0.16 s for a 3-row sheet (0.1 s of it
# importing openpyxl) and 0.8 s for 2,000 rows. python-calamine (Rust) reads the same values in
# a few milliseconds. What calamine does not tell -- hidden rows and columns, the tab that is
# open, the 1904 date system -- is read here from the package's XML with regular expressions
# over the raw bytes, and formulas without a cached value come from _scan_worksheets as before.
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
_UNPRESERVED_SPACE = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?t>(?:\s|[^<]*\s</)")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]{0,31}:c[\s/>]")
_PLAIN_REF_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_PLAIN_REF_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_ATTRIBUTE = re.compile(rb"(?<![\w:])([A-Za-z][\w.-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XML_ESCAPES = ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&quot;", b'"'), (b"&apos;", b"'"), (b"&amp;", b"&"))
_TRUE = (b"1", b"true")
_LAYOUT_WINDOW = 4096  # longer than any <row>/<col>/<c> start tag a real writer produces


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    """Unprefixed attributes of a start tag (a prefixed one such as r:id is left out)."""
    found = {}
    for name, double, single in _ATTRIBUTE.findall(raw):
        value = double if double or not single else single
        for escaped, plain in _XML_ESCAPES:
            value = value.replace(escaped, plain)
        found.setdefault(name, value)
    return found


def _package_layout(archive: zipfile.ZipFile, max_cells: int) -> _PackageLayout | None:
    """What calamine does not report, or None when the package is too odd to vouch for."""
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
    if not all(_well_formed(archive, name) for name in members if name.lower().endswith((".xml", ".rels"))):
        return None  # openpyxl refuses malformed XML (S001); calamine would read around it
    for name in members:
        if name.lower().endswith("sharedstrings.xml") and _has_error_or_untrimmed_text(archive.read(name)):
            return None
    sheets = {}
    for name, part in sheet_parts.items():
        if part not in members or name not in states:
            return None
        layout = _sheet_layout(archive, part, max_cells)
        if layout is None:
            return None
        sheets[name] = layout
    return _PackageLayout(names, states, active_tab, date1904, sheets)


def _well_formed(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether the member is well-formed XML: expat without handlers, ~5 ms per MB."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        with archive.open(member) as fh:
            while chunk := fh.read(_SCAN_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        return False
    return True


def _sheet_layout(archive: zipfile.ZipFile, member: str, max_cells: int) -> _SheetLayout | None:
    """Hidden rows and columns from the start tags; None when calamine must not read the sheet:
    error cells, untrimmed text, a cell without a plain `<c r="A1"` reference (prefixed tags,
    quotes other writers use), or cells spanning a box over `max_cells` (calamine holds a sheet
    as a dense grid: one value at XFD1048576 would be 17 billion cells).

    Literal searches first, regular expressions only where they hit: 2,000 rows take ~20 ms.
    """
    hidden_rows: set[int] = set()
    hidden_cols: set[int] = set()
    max_row = 0
    letters: set[bytes] = set()
    cells = refs = 0
    tail = b""
    with archive.open(member) as fh:
        while True:
            chunk = fh.read(_SCAN_CHUNK)
            buffer = tail + chunk
            cut = buffer.rfind(b"<", max(0, len(buffer) - _LAYOUT_WINDOW)) if chunk else -1
            cut = len(buffer) if cut == -1 else cut
            view = buffer[:cut]
            if _PREFIXED_CELL.search(view) or _has_error_or_untrimmed_text(view):
                return None
            cells += view.count(b"<c ") + view.count(b"<c>") + view.count(b"<c/>")
            columns = _PLAIN_REF_COLUMN.findall(view)
            refs += len(columns)
            if columns:
                letters.update(columns)
                max_row = max(max_row, max(map(int, _PLAIN_REF_ROW.findall(view))))
            if b"hidden" in view:
                for raw in _ROW_TAG.findall(view):
                    attrs = _attributes(raw) if b"hidden" in raw else {}
                    if attrs.get(b"hidden", b"").lower() in _TRUE:
                        if not attrs.get(b"r", b"").isdigit():
                            return None
                        hidden_rows.add(int(attrs[b"r"]))
                for raw in _COL_TAG.findall(view):
                    attrs = _attributes(raw) if b"hidden" in raw else {}
                    if attrs.get(b"hidden", b"").lower() in _TRUE:
                        first, last = attrs.get(b"min", b""), attrs.get(b"max", b"")
                        if not first.isdigit():
                            return None
                        last_col = min(int(last) if last.isdigit() else int(first), _MAX_EXCEL_COLUMN)
                        hidden_cols.update(range(int(first), last_col + 1))
            tail = buffer[cut:]
            if not chunk:
                break
    if refs != cells:
        return None
    max_col = max((_split_reference(col.decode() + "1")[1] for col in letters), default=0)
    if max_row * max_col > max_cells:
        return None
    return _SheetLayout(frozenset(hidden_rows), frozenset(hidden_cols))


def _has_error_or_untrimmed_text(data: bytes) -> bool:
    if b't="e"' in data or b"t='e'" in data:
        return _ERROR_CELL.search(data) is not None
    if any(space + b"</" in data or b"t>" + space in data for space in (b" ", b"\t", b"\r", b"\n")):
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
    timedelta, date = datetime.timedelta, datetime.date
    for values in grid.to_python(skip_empty_area=True):
        row = pad.copy()
        append = row.append
        for value in values:
            kind = type(value)
            if kind is str:
                append(Cell(value) if value else EMPTY_CELL)
            elif kind is float:
                append(Cell(int(value) if value.is_integer() else value))
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


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


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


def _openpyxl_value(value: Any) -> CellValue:
    if isinstance(value, datetime.timedelta):
        # openpyxl turns duration formats ([h]:mm) into timedelta; keep the stored serial (days).
        return value.total_seconds() / 86_400
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


def _rows_from_sparse(cells: dict[tuple[int, int], Cell], max_cells: int) -> list[list[Cell]]:
    """Dense, trimmed rows from {(row, col): cell}; refuses layouts whose rows would exceed
    `max_cells` (one value at XFD1048576 is one cell but a million rows)."""
    widths: dict[int, int] = {}
    for (row, col), cell in cells.items():
        if not cell.is_blank and col > widths.get(row, 0):
            widths[row] = col
    height = max(widths, default=0)
    empty_rows = height - len(widths)  # each still costs a list: count it as one cell
    if sum(widths.values()) + empty_rows > max_cells:
        raise _too_large(f"data spread over more than {max_cells:,} cells")
    rows: list[list[Cell]] = [[] for _ in range(height)]
    for row, width in widths.items():
        rows[row - 1] = [EMPTY_CELL] * width
    for (row, col), cell in cells.items():
        if col <= widths.get(row, 0):
            rows[row - 1][col - 1] = cell
    return rows


# --------------------------------------------------------------------------- OLE (xls, encrypted)


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


# --------------------------------------------------------------------------- CSV


def _read_csv(path: Path, max_cells: int) -> Workbook:
    encoding = _csv_encoding(path)
    try:
        with path.open("r", encoding=encoding, newline="") as fh:
            delimiter = _sniff_delimiter(fh.read(_CSV_SNIFF_CHARS))
            fh.seek(0)
            rows = _csv_rows(fh, delimiter, max_cells)
    except csv.Error as exc:
        raise SheetReadError("corrupt", f"malformed CSV ({exc})") from exc
    except UnicodeDecodeError as exc:  # the file changed after its encoding was detected
        raise SheetReadError("corrupt", f"undecodable text ({exc.reason})") from exc
    sheet = Sheet(
        name=path.stem, state="visible", rows=rows, hidden_rows=frozenset(), hidden_cols=frozenset()
    )
    return Workbook(
        path=path, format="csv", sheets=[sheet], encoding=encoding, date1904=False, active_index=0
    )


def _csv_encoding(path: Path) -> str:
    """utf-8-sig when Excel's "CSV UTF-8" BOM is there, utf-16 for Excel's "Unicode Text", else
    utf-8 if the whole file decodes, else gb18030: Excel on Chinese Windows writes plain "CSV" in
    GBK, and GB18030 is its superset."""
    with path.open("rb") as fh:
        start = fh.read(4)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        if _decodes_as(path, encoding):
            return encoding
    raise SheetReadError("unsupported", "text encoding is neither UTF-8 nor GBK/GB18030")


def _decodes_as(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_DECODE_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(sample: str) -> str:
    """`,` `\\t` or `;` (European-locale Excel writes `;`); `,` when the sample is inconclusive."""
    if "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # the last line may be cut mid-field
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _csv_rows(fh: io.TextIOBase, delimiter: str, max_cells: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    total = 0
    for record in csv.reader(_bounded_lines(fh), delimiter=delimiter):
        total += len(record) or 1
        if total > max_cells:
            raise _too_large(f"more than {max_cells:,} cells")
        row = [Cell(text) if text else EMPTY_CELL for text in record]
        while row and row[-1].is_blank:
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _bounded_lines(fh: io.TextIOBase) -> Iterator[str]:
    """The file's lines, refusing one over the limit before it is held in memory whole."""
    while line := fh.readline(_CSV_MAX_LINE_CHARS + 1):
        if len(line) > _CSV_MAX_LINE_CHARS:
            raise _too_large(f"a line longer than {_CSV_MAX_LINE_CHARS:,} characters")
        yield line


# --------------------------------------------------------------------------- copies to write


def sheet_title(text: str) -> str:
    """A name Excel accepts for a sheet: no / \\ ? * [ ] : (服装城/平台活动, a CSV named a[1].csv),
    at most 31 characters, not empty."""
    return re.sub(r"[\\/?*\[\]:]", "-", writable(text))[:31] or "Sheet1"


def writable(value: Any) -> Any:
    """A cell value or comment openpyxl can write: the characters XML 1.0 cannot hold (control
    characters from a CSV, an .xls or a damaged file) become U+FFFD; other values pass as they are."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)


def load_for_copy(path: Path, fmt: str) -> Any:
    """An openpyxl workbook to save a changed copy from (`fix`, `--annotate`): formulas kept
    rather than their cached values, macros kept for .xlsm, and the same repairs of WPS
    backslash names and mis-cased parts the reader makes. SheetReadError when openpyxl cannot
    take the file, so a caller can fall back to the cell values jdcheck read."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as archive:
            source = _canonical_package(archive) or path
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions openpyxl drops on saving
            return openpyxl.load_workbook(source, keep_vba=fmt == "xlsm", rich_text=True)
    except (InvalidFileException, *_ZIP_ERRORS, KeyError, ET.ParseError, ValueError, OSError) as exc:
        raise SheetReadError("corrupt", _short(exc)) from exc
