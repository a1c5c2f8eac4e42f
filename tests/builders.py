"""Builders that write real submission files into a test's tmp_path.

Spreadsheets (this part): `xlsx(path, rows, ...)` writes a workbook with openpyxl, optionally with
JD-style title rows above the header, hidden rows/columns/sheets and formulas (a value starting
with "=" is a formula; openpyxl stores no cached result, like a file never opened in Excel);
`csv_file(path, rows, ...)` writes CSV in the encodings and delimiters Excel produces.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

Rows = Sequence[Sequence[Any]]


def xlsx(
    path: Path,
    rows: Rows,
    *,
    title_rows: Rows = (),
    hidden_rows: Iterable[int] = (),
    hidden_cols: Iterable[int | tuple[int, int]] = (),
    extra_sheets: Mapping[str, Rows] | None = None,
    sheet_name: str = "Sheet1",
    sheet_states: Mapping[str, str] | None = None,
    active: int | None = None,
    date1904: bool = False,
    sheets_before: Mapping[str, Rows] | None = None,
    merges: Iterable[str] = (),
    hyperlinks: Mapping[str, str] | None = None,
    comments: Mapping[str, str] | None = None,
) -> Path:
    """Write `rows` to the first sheet of a new workbook at `path` and return `path`.

    title_rows: rows written above `rows`; a title row with a single value is merged across
        the data's width, as JD templates merge `团购提报表`.
    hidden_rows: Excel row numbers (counting title rows) to hide.
    hidden_cols: 1-based column indexes, or (first, last) ranges written as one <col> element.
    extra_sheets: more sheets, name -> rows, after the first one.
    sheet_states: sheet name -> "visible" | "hidden" | "veryHidden".
    active: index of the tab shown on opening (openpyxl's writer moves it off a hidden sheet to
        the next visible one).
    sheets_before: sheets placed before the data sheet (a 填表说明 tab first), name -> rows.
    merges: ranges of the data sheet to merge, as Excel names them ("C4:C5").
    hyperlinks: cell -> the address its hyperlink opens (Insert > Link), the value kept as typed.
    comments: cell -> comment text (author "jdcheck", as --annotate and template write them).
    """
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_name
    width = max((len(row) for row in rows), default=1)
    for title in title_rows:
        ws.append(list(title))
        filled = [value for value in title if value is not None]
        if len(filled) == 1 and width > 1:
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    for row in rows:
        ws.append(list(row))
    for row_number in hidden_rows:
        ws.row_dimensions[row_number].hidden = True
    for col in hidden_cols:
        first, last = col if isinstance(col, tuple) else (col, col)
        ws.column_dimensions.group(get_column_letter(first), get_column_letter(last), hidden=True)
    for name, sheet_rows in (extra_sheets or {}).items():
        extra = wb.create_sheet(name)
        for row in sheet_rows:
            extra.append(list(row))
    for index, (name, sheet_rows) in enumerate((sheets_before or {}).items()):
        before = wb.create_sheet(name, index)
        for row in sheet_rows:
            before.append(list(row))
    for name, state in (sheet_states or {}).items():
        wb[name].sheet_state = state
    for ref in merges:
        ws.merge_cells(ref)
    for ref, target in (hyperlinks or {}).items():
        value = ws[ref].value
        ws[ref].hyperlink = target
        ws[ref].value = value  # openpyxl shows the target when the cell was empty; keep the text
    if comments:
        from openpyxl.comments import Comment

        for ref, text in comments.items():
            ws[ref].comment = Comment(text, "jdcheck")
    if active is not None:
        wb.active = active  # an int bypasses openpyxl's "only visible sheets" check on purpose
    if date1904:
        wb.epoch = CALENDAR_MAC_1904
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def csv_file(path: Path, rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write `rows` as CSV (None -> empty field) and return `path`.

    encoding "utf-8-sig" is Excel's "CSV UTF-8" (with BOM); "gbk" is plain "CSV" from Excel on
    Chinese Windows; delimiter "\\t" or ";" for tab- and semicolon-separated exports.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
    return path


def has_libreoffice() -> bool:
    import shutil

    return shutil.which("soffice") is not None


_LO_FILTERS = {".xlsx": "xlsx:Calc MS Excel 2007 XML", ".xls": "xls:MS Excel 97",
               ".xlsm": "xlsm:Calc MS Excel 2007 VBA XML"}


def libreoffice(source: Path, dest: Path) -> Path:
    """`dest` written by LibreOffice from `source` (a CSV in UTF-8, or any workbook), the way an
    operator's "Save as" in Calc or `soffice --headless --convert-to` makes it; returns `dest`.

    A private profile per process lets tests run beside another soffice (the first conversion
    creates it: ~4 s, later ones ~2 s)."""
    import os
    import shutil
    import subprocess
    import tempfile

    profile = Path(tempfile.gettempdir()) / f"jdcheck-test-lo-{os.getpid()}"
    if not profile.exists():
        import atexit

        atexit.register(shutil.rmtree, profile, ignore_errors=True)
    outdir = Path(tempfile.mkdtemp(prefix="lo-out-"))
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if source.suffix.lower() == ".csv":
        command.append("--infilter=CSV:44,34,76,1")  # comma, double quote, UTF-8, from line 1
    command += ["--convert-to", _LO_FILTERS[dest.suffix.lower()], "--outdir", str(outdir), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    written = outdir / (source.stem + dest.suffix.lower())
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(written), dest)
    shutil.rmtree(outdir, ignore_errors=True)
    return dest


def wps_package(source: Path, dest: Path) -> Path:
    """`source` (an .xlsx) repackaged the way WPS Office zh-CN 11.x writes it: ZIP entry names
    with backslashes (`xl\\worksheets\\sheet1.xml`); Excel and WPS open it, openpyxl needs a repair."""
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename.replace("/", "\\"), src.read(info))
    return dest
