"""Helpers for the copies jdcheck writes (`fix`, `--annotate`, `template`)."""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from jdcheck.sheets.model import SheetReadError, _short
from jdcheck.sheets.package import _ZIP_ERRORS, _canonical_package



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


# A formula cell as openpyxl writes it: `<c r="E4" s="8"><f>D4*0.8</f><v /></c>`, the result
# left empty (openpyxl cannot compute it). Formula text has its "<" escaped, so `[^<]*` spans it.
_WRITTEN_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"([^>]*)>(<f(?:\s[^>]*)?(?:/>|>[^<]*</f>))<v\s*(?:/>|></v>)</c>')
_RESULT_TYPES = {None, "n", "str", "b", "e"}  # kept as saved; a shared-string result (never written by Excel) is not


def formula_results(path: Path) -> dict[str, dict[str, tuple[str | None, str]]]:
    """Per sheet name, cell reference → (t, text) of each formula's saved result in the package at
    `path`: what Excel, WPS or LibreOffice computed, which openpyxl drops when it saves a copy
    (`restore_formula_results` puts it back). Cells without a saved result are left out."""
    from jdcheck.sheets.package import _worksheet_parts, formula_cells

    found: dict[str, dict[str, tuple[str | None, str]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            repaired = _canonical_package(archive)
            with (zipfile.ZipFile(repaired) if repaired is not None else archive) as package:
                for name, part in _worksheet_parts(package).items():
                    cells = {
                        cell.ref: (cell.kind, cell.value)
                        for cell in formula_cells(package, part)
                        if cell.ref and cell.has_result and cell.kind in _RESULT_TYPES
                    }
                    if cells:
                        found[name] = cells
    except (*_ZIP_ERRORS, KeyError, ET.ParseError):
        return {}  # the copy is written without them, as openpyxl would
    return found


def restore_formula_results(target: Path, results: dict[str, dict[str, tuple[str | None, str]]]) -> None:
    """Give each formula of the copy openpyxl saved at `target` the result it had in the source
    (`formula_results`), so a reader that does not compute (jdcheck, calamine, a manager's import
    tool) sees 319.2 where the source showed 319.2, not an empty cell (S012). Excel, WPS and
    LibreOffice recompute on opening (openpyxl marks the workbook fullCalcOnLoad)."""
    import os
    from xml.sax.saxutils import escape

    from jdcheck.sheets.package import _worksheet_parts

    if not results:
        return

    def put_back(cells):
        def replace(match: re.Match) -> bytes:
            saved = cells.get(match.group(1).decode())
            if saved is None or b" t=" in match.group(2):
                return match.group(0)
            kind, text = saved
            typed = f' t="{kind}"'.encode() if kind not in (None, "n") else b""
            value = escape(text).encode()
            return b'<c r="%s"%s%s>%s<v>%s</v></c>' % (match.group(1), match.group(2), typed, match.group(3), value)
        return replace

    with zipfile.ZipFile(target) as archive:
        parts = {part: results[name] for name, part in _worksheet_parts(archive).items() if name in results}
        if not parts:
            return
        temporary = target.with_name(target.name + ".part")
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                data = archive.read(info)
                if info.filename in parts:
                    data = _WRITTEN_FORMULA.sub(put_back(parts[info.filename]), data)
                out.writestr(info, data)
    os.replace(temporary, target)
