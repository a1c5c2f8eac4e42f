"""What an OOXML worksheet holds beside its values: merged ranges, hyperlinks, cell comments.

Read from the package's XML for both readers, so the calamine fast path and openpyxl give the same
marks: calamine reports none of them, and openpyxl in data_only mode loses HYPERLINK() formulas.
The merge and hyperlink tags come from the pass that counts the cells (package._scan_worksheets),
so the sheet is not read twice; comments are read only when the sheet has a comments part, and the
XML is parsed as a tree only when a HYPERLINK( formula is there.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from jdcheck.sheets.package import PartScan, _local_name, _split_reference

_ANY_ATTRIBUTE = re.compile(rb"([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XML_ESCAPES = ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&quot;", b'"'), (b"&apos;", b"'"), (b"&amp;", b"&"))
# HYPERLINK("https://…", "shown text"), also with ; as LibreOffice writes in some locales.
_HYPERLINK_FORMULA = re.compile(r'^\s*=?\s*HYPERLINK\s*\(\s*"((?:[^"]|"")*)"', re.IGNORECASE)
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?")
_MAX_ROW, _MAX_COL = 1_048_576, 16_384
# Far more than any submission sheet holds (a few thousand rows); bounds what a hostile file costs.
_MAX_MARKS = 100_000
_MAX_LINK_SPAN = 30


@dataclass(slots=True)
class SheetMarks:
    merged: tuple[tuple[int, int, int, int], ...] = ()
    hyperlinks: dict[tuple[int, int], str] = field(default_factory=dict)
    comments: dict[tuple[int, int], str] = field(default_factory=dict)


def _attrs(raw: bytes) -> dict[str, str]:
    """Attributes by local name (r:id -> id), unescaped."""
    found: dict[str, str] = {}
    for name, double, single in _ANY_ATTRIBUTE.findall(raw):
        value = double if double or not single else single
        for escaped, plain in _XML_ESCAPES:
            value = value.replace(escaped, plain)
        found.setdefault(name.rpartition(b":")[2].decode("ascii", "replace"), value.decode("utf-8", "replace"))
    return found


def cell_range(ref: str) -> tuple[int, int, int, int] | None:
    """"B5:B6" -> (5, 2, 6, 2); "L5" -> (5, 12, 5, 12); None for anything else."""
    match = _RANGE.fullmatch(ref.strip())
    if match is None:
        return None
    first_row, first_col = _split_reference(match.group(1) + match.group(2))
    if match.group(3):
        last_row, last_col = _split_reference(match.group(3) + match.group(4))
    else:
        last_row, last_col = first_row, first_col
    if not (1 <= first_row <= last_row <= _MAX_ROW and 1 <= first_col <= last_col <= _MAX_COL):
        return None
    return first_row, first_col, last_row, last_col


def sheet_marks(archive: zipfile.ZipFile, part: str, scan: PartScan) -> SheetMarks:
    """The marks of one worksheet from the tags the size guard's pass collected (package._count_cells)."""
    merged: list[tuple[int, int, int, int]] = []
    for raw in scan.merge_tags[:_MAX_MARKS]:
        box = cell_range(_attrs(raw).get("ref", ""))
        if box is not None and box[:2] != box[2:]:
            merged.append(box)
    link_tags = [_attrs(raw) for raw in scan.link_tags[:_MAX_MARKS]]
    has_formula_link = scan.formula_link
    relations = _sheet_relations(archive, part) if link_tags or _has_relations(archive, part) else {}
    hyperlinks: dict[tuple[int, int], str] = {}
    for attrs in link_tags:
        box = cell_range(attrs.get("ref", ""))
        target = relations.get(attrs.get("id", ""), (None, None))[1] if "id" in attrs else None
        if target is None and attrs.get("location"):
            target = "#" + attrs["location"]  # a jump inside the workbook
        if box is None or not target:
            continue
        # One link over a range is rare (a writer's shortcut for a few cells): a range over the
        # whole grid in a hostile file must not become a million entries.
        for row in range(box[0], min(box[2], box[0] + _MAX_LINK_SPAN) + 1):
            for col in range(box[1], min(box[3], box[1] + _MAX_LINK_SPAN) + 1):
                hyperlinks[row, col] = target
        if len(hyperlinks) > _MAX_MARKS:
            break
    if has_formula_link:
        for where, target in _formula_links(archive, part).items():
            hyperlinks.setdefault(where, target)
    comments: dict[tuple[int, int], str] = {}
    for kind, target in relations.values():
        if kind == "comments" and target:
            comments.update(_comments(archive, target))
    return SheetMarks(tuple(merged), hyperlinks, comments)


def _rels_part(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _has_relations(archive: zipfile.ZipFile, part: str) -> bool:
    try:
        archive.getinfo(_rels_part(part))
    except KeyError:
        return False
    return True


def _sheet_relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last segment, target): an external address as written, an
    internal part resolved to its member name."""
    try:
        root = ET.fromstring(archive.read(_rels_part(part)))
    except KeyError:
        return {}
    folder = posixpath.dirname(part)
    found = {}
    for element in root:
        rel_id, target = element.get("Id"), element.get("Target")
        if not rel_id or target is None:
            continue
        kind = (element.get("Type") or "").rsplit("/", 1)[-1]
        if element.get("TargetMode") != "External":
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel_id] = (kind, target)
    return found


def _comments(archive: zipfile.ZipFile, member: str) -> dict[tuple[int, int], str]:
    try:
        root = ET.fromstring(archive.read(member))
    except KeyError:
        return {}  # a dangling relationship: Excel shows no comment either
    found = {}
    for element in root.iter():
        if _local_name(element.tag) != "comment":
            continue
        box = cell_range(element.get("ref") or "")
        if box is None:
            continue
        text = "".join(t.text or "" for t in element.iter() if _local_name(t.tag) == "t")
        found[box[0], box[1]] = text
    return found


def _formula_links(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    """(row, col) -> address of every cell whose formula is HYPERLINK("address", …)."""
    found = {}
    with archive.open(part) as fh:
        for _event, element in ET.iterparse(fh):
            if _local_name(element.tag) != "c":
                continue
            ref = element.get("r")
            formula = next((child.text for child in element if _local_name(child.tag) == "f"), None)
            if ref and formula:
                match = _HYPERLINK_FORMULA.match(formula)
                box = cell_range(ref)
                if match and box is not None:
                    found[box[0], box[1]] = match.group(1).replace('""', '"')
            element.clear()
    return found
