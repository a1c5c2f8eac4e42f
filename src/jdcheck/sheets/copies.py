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
