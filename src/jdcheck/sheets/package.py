"""The OOXML package (xlsx/xlsm) below the cells: ZIP members, part names, size guards, and the
formula cells of a worksheet part as saved (S012's formulas without a cached value, read from the
raw XML before any reader loads the cells; the results the copies put back)."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from jdcheck.sheets.model import SheetReadError, _too_large

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
# escaped), so counting these tags counts cells without parsing the XML. The unprefixed tag is
# its own alternative (the same matches as an optional prefix, in 60 % of the time).
_CELL_TAG = re.compile(rb"<c[\s/>]|<[A-Za-z_][\w.-]{0,31}:c[\s/>]")
_FORMULA_TAG = re.compile(rb"<f[\s/>]|<[A-Za-z_][\w.-]{0,31}:f[\s/>]")
_TAG_OVERLAP = 4096  # longer than any tag the patterns match (a <hyperlink> with its display text)
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


@dataclass(slots=True)
class PartScan:
    """What one pass over a worksheet's XML found besides its size: the start tags of merged
    ranges and hyperlinks (sheets/marks.py reads them), and whether a HYPERLINK( formula is there."""

    merge_tags: list[bytes] = field(default_factory=list)
    link_tags: list[bytes] = field(default_factory=list)
    formula_link: bool = False


_MERGE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?mergeCell\s([^>]*)>")
_HYPERLINK_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?hyperlink\s([^>]*)>")


def _scan_worksheets(
    archive: zipfile.ZipFile, max_cells: int, readers: Callable[[str], Callable[[bytes], None]] | None = None
) -> tuple[dict[str, frozenset[tuple[int, int]]], dict[str, PartScan]]:
    """Refuse workbooks over `max_cells`; per sheet name, the formulas without a cached value and
    the merge and hyperlink tags (the same pass: a second read of each sheet cost ~7 ms a 2,000-row sheet).
    `readers(part)`, when given, is fed the same pieces of each worksheet part (views), so what
    else must be read from the raw XML (calamine's layout) costs no further pass either.

    openpyxl loads a whole workbook at once, so the size guard must run before it. The
    <dimension> element is no guide: Gnumeric declares the full A1:XFD1048576 grid for 18 cells.
    Counting <c> start tags in the raw XML is exact and costs a few milliseconds per MB; the
    XML is parsed for formulas only in sheets that contain a formula tag at all.
    """
    sheet_parts = _worksheet_parts(archive)
    members = set(archive.namelist())
    parts = [part for part in sheet_parts.values() if part in members]
    resolved = bool(parts)
    if not parts:
        # Too odd to resolve (openpyxl decides whether it opens): still bound every XML member.
        parts = [name for name in members if name.lower().endswith(".xml")]
    total = 0
    with_formulas = set()
    scans: dict[str, PartScan] = {}
    for part in dict.fromkeys(parts):
        scans[part] = PartScan()
        reader = readers(part) if readers is not None and resolved else None
        cells, has_formula = _count_cells(archive, part, max_cells - total, scans[part], reader)
        total += cells
        if total > max_cells:
            raise _too_large(f"more than {max_cells:,} cells")
        if has_formula:
            with_formulas.add(part)
    missing = {
        name: _formulas_without_value(archive, part)
        for name, part in sheet_parts.items()
        if part in with_formulas
    }
    return missing, {name: scans[part] for name, part in sheet_parts.items() if part in scans}


def _views(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in pieces of about _SCAN_CHUNK, each cut before a "<" in its last bytes,
    so no tag is split between pieces (one longer than _TAG_OVERLAP may be)."""
    tail = b""
    with archive.open(member) as fh:
        while True:
            chunk = fh.read(_SCAN_CHUNK)
            buffer = tail + chunk
            cut = buffer.rfind(b"<", max(0, len(buffer) - _TAG_OVERLAP)) if chunk else -1
            cut = len(buffer) if cut == -1 else cut
            yield buffer[:cut]
            if not chunk:
                return
            tail = buffer[cut:]


def _count_cells(
    archive: zipfile.ZipFile,
    member: str,
    budget: int,
    scan: PartScan | None = None,
    reader: Callable[[bytes], None] | None = None,
) -> tuple[int, bool]:
    """(number of <c> tags, whether any <f> tag occurs), reading the member in views; `scan`
    collects the merge and hyperlink tags on the way (literal searches first: ~free without
    them), `reader` is fed each view. Stops counting once over `budget`.
    """
    cells = 0
    has_formula = False
    for view in _views(archive, member):
        cells += len(_CELL_TAG.findall(view))
        # A formula tag is `<f>`, `<f ` or a prefixed `<x:f`: the literal search rules most sheets out.
        has_formula = has_formula or ((b"<f" in view or b":f" in view) and _FORMULA_TAG.search(view) is not None)
        if scan is not None:
            if b"mergeCell" in view:
                scan.merge_tags += _MERGE_TAG.findall(view)
            if b"hyperlink" in view:
                scan.link_tags += _HYPERLINK_TAG.findall(view)
            # Excel and LibreOffice store function names in capitals; openpyxl as typed.
            scan.formula_link = scan.formula_link or b"HYPERLINK(" in view or b"hyperlink(" in view
        if reader is not None:
            reader(view)
        if cells > budget:
            break
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


class FormulaCell(NamedTuple):
    """A worksheet cell with an <f> child, as the package saved it."""

    ref: str | None  # its `r`; None when the writer left it out (it follows the cell before it)
    kind: str | None  # its `t`: None or "n" a number, "str", "b", "e", ...
    value: str | None  # the text of its <v>: "" for an empty <v/>, None without a <v>
    # (row, `r` of the last cell of the row that had one, cells since it) for a cell without `r`
    counted: tuple[int, str | None, int] | None = None

    @property
    def position(self) -> tuple[int, int]:
        """(row, col); SheetReadError on a malformed reference."""
        if self.ref is not None:
            return _split_reference(self.ref)
        row, anchor, after_anchor = self.counted
        return row, (_split_reference(anchor)[1] if anchor else 0) + after_anchor

    @property
    def has_result(self) -> bool:
        """Whether a computed result was saved with the formula. Excel and WPS always store one;
        openpyxl and other libraries write `<f>…</f><v/>`. An empty <v> is a real result only
        for a string (`t="str"`: a formula that evaluates to "")."""
        return self.value is not None and (self.value != "" or self.kind == "str")


def formula_cells(archive: zipfile.ZipFile, member: str) -> Iterator[FormulaCell]:
    """Every formula cell of the worksheet part `member`, in one streaming parse: what S012 reads
    (the formulas without a saved result) and what the copies put back (the results openpyxl
    drops). Only "end" events are parsed (half the cost of also taking "start"). A cell without
    an `r` attribute (allowed, rare) follows the previous cell of its row; it is given when its
    <row> ends, which holds the row number. KeyError, ET.ParseError and the ZIP errors propagate.
    """
    pending: list[tuple[str | None, str | None, str | None, int]] = []  # formula cells of this row without `r`
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
                formula = value = None
                for child in element:
                    child_name = _local_name(child.tag)
                    if child_name == "f":
                        formula = child
                    elif child_name == "v":
                        value = child
                if formula is not None:
                    text = None if value is None else value.text or ""
                    if ref is not None:
                        yield FormulaCell(ref, element.get("t"), text)
                    else:
                        pending.append((element.get("t"), text, anchor, after_anchor))
                element.clear()
            elif name == "row":
                row = int(element.get("r") or row + 1)
                for kind, text, cell_anchor, cell_after in pending:
                    yield FormulaCell(None, kind, text, (row, cell_anchor, cell_after))
                pending.clear()
                anchor, after_anchor = None, 0
                element.clear()


def _formulas_without_value(archive: zipfile.ZipFile, member: str) -> frozenset[tuple[int, int]]:
    """(row, col) of every formula cell of `member` saved without its result (S012)."""
    return frozenset(cell.position for cell in formula_cells(archive, member) if not cell.has_result)


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
