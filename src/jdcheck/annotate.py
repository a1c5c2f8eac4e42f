"""`--annotate DIR`: a copy of each checked spreadsheet with its findings marked on the cells.

Each finding's cell is filled (red for an error, yellow for a warning) and carries a comment with
the code and the message; a finding about a row marks the row's first cell, one about the header
its header cell, one about the sheet as a whole cell A1. A last sheet `jdcheck` lists every
finding with a hyperlink to its cell, in the report's language.

The copy opens on the data sheet, which comes first: an operator fixes the red cells in the copy
and may send it, so a check (and the manager) must meet the data, not jdcheck's list. Such a copy
still carries jdcheck's marks (M107); `jdcheck fix` writes it clean. The checked folder is only
read: copies go to DIR.

.xlsx/.xlsm are annotated in place in the copy (formatting, other sheets and widths kept);
.csv and .xls, which cannot hold fills or comments, are copied into a new .xlsx of their cells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from jdcheck.findings import Finding, Report, Severity
from jdcheck.messages.errors import Failure
from jdcheck.messages.fixing import say
from jdcheck.rulefile import RuleSet

FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C"}
SUMMARY_SHEET = "jdcheck"
MARK_AUTHOR = "jdcheck"


# What openpyxl raises on a package jdcheck's reader takes but it does not, beyond what
# sheets.load_for_copy turns into SheetReadError: calamine's empty_s_attribute.xlsx (a cell
# with s="") ends in a TypeError deep in openpyxl's style binding.
OPENPYXL_REFUSALS = (TypeError, IndexError, AttributeError)


class OutputExists(Failure):
    """An output file exists and --force was not given."""


@dataclass(frozen=True, slots=True)
class Annotated:
    source: str  # the spreadsheet, relative to the checked folder
    path: Path | None  # the annotated copy, None when it could not be written
    marked: int  # findings marked on cells
    reason: str | None = None


def annotate(report: Report, rules: RuleSet, folder: Path, out_dir: Path, *, lang: str = "zh",
             force: bool = False) -> list[Annotated]:
    """Write an annotated copy of every spreadsheet of the folder checked into `report`.

    Raises OutputExists before writing anything when a copy exists and `force` is not set."""
    from jdcheck.materials import scan

    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.file is not None:
            by_file[finding.file].append(finding)
    sheets = scan(folder, rules).of_kind("sheet")
    targets = [out_dir / _output_name(s.rel, s.opened[0].format if s.opened[0] else None) for s in sheets]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise OutputExists("exists", path=existing[0])
    results = []
    for sheet, target in zip(sheets, targets):
        if sheet.error is not None:
            results.append(Annotated(sheet.rel, None, 0, say("annotate.unreadable", lang)))
            continue
        try:
            data_sheet = sheet.table.sheet.name if sheet.table is not None else None
            header_row = sheet.table.header_row if sheet.table is not None else None
            marked = write_annotated(sheet.path, sheet.opened[0], by_file.get(sheet.rel, []), target, lang,
                                     data_sheet=data_sheet, header_row=header_row)
        except OSError as exc:  # the output cannot be written (full disk, no permission): this copy only
            results.append(Annotated(sheet.rel, None, 0, f"{exc.filename or target}: {exc.strerror or exc}"))
            continue
        results.append(Annotated(sheet.rel, target, marked))
    return results


def _output_name(rel: str, fmt: str | None) -> str:
    path = PurePosixPath(rel)
    if fmt in ("xlsx", "xlsm") and path.suffix.lower() in (".xlsx", ".xlsm"):
        return rel
    return f"{rel}.xlsx"


def write_annotated(source: Path, workbook, findings: list[Finding], target: Path, lang: str,
                    data_sheet: str | None = None, header_row: int | None = None) -> int:
    """Copy `source` to `target` with `findings` marked; returns how many were marked on cells.
    `data_sheet` (the sheet the checks read) comes first and is the one the copy opens on; a
    finding about a whole column (no row: S011 a hidden column) is marked on its `header_row` cell."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.hyperlink import Hyperlink

    from jdcheck.sheets import SheetReadError, load_for_copy, writable

    wb = None
    if workbook.format in ("xlsx", "xlsm"):
        try:
            wb = load_for_copy(source, workbook.format)
        except (SheetReadError, *OPENPYXL_REFUSALS):
            pass  # read by jdcheck's own fallbacks but not by openpyxl: annotate its cell values
    copied = wb is not None
    if wb is None:
        wb, titles = _workbook_of_cells(workbook)
    else:
        titles = {name: name for name in wb.sheetnames}

    # Findings on one cell share it: the worst severity fills it, the comment lists them all.
    cells: dict[tuple[str, int, int], list[Finding]] = defaultdict(list)
    anchors: list[tuple[Finding, str | None, str | None]] = []
    for finding in findings:
        if finding.cell is None or finding.cell.sheet not in titles:
            anchors.append((finding, None, None))
            continue
        ws = wb[titles[finding.cell.sheet]]
        row, column = finding.row, finding.cell.column or 1
        if row is None:
            on_column = finding.cell.column is not None and header_row is not None and finding.cell.sheet == data_sheet
            row = header_row if on_column else 1
        row, column = _top_left(ws, row, column)
        cells[(ws.title, row, column)].append(finding)
        anchors.append((finding, ws.title, f"{get_column_letter(column)}{row}"))

    for (title, row, column), here in cells.items():
        cell = wb[title].cell(row, column)
        worst = Severity.ERROR if any(f.severity is Severity.ERROR for f in here) else Severity.WARNING
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        text = writable("\n".join(f"{f.code} {f.message}" for f in here))
        if cell.comment is not None:
            text = f"{cell.comment.text}\n—\n{text}"
        comment = Comment(text, MARK_AUTHOR)
        comment.width, comment.height = 320, min(60 + 36 * len(here) + len(text) // 2, 600)
        cell.comment = comment

    name = SUMMARY_SHEET
    while name in wb.sheetnames:
        name = f"{name}_"
    summary = wb.create_sheet(name)  # last: never the sheet a reader takes for the data
    summary.append(say("annotate.sheet_header", lang).split("|"))
    for cell in summary[1]:
        cell.font = Font(bold=True)
    link_font = Font(color="0563C1", underline="single")
    for finding, title, ref in anchors:
        severity = say(f"annotate.{finding.severity.value}", lang)
        summary.append([writable(value) for value in (finding.code, severity, finding.file, title, ref,
                                                       finding.row, finding.column, finding.message, finding.fix)])
        row = summary.max_row
        summary.cell(row, 1).fill = PatternFill("solid", fgColor=FILLS[finding.severity])
        if title is not None:
            link = summary.cell(row, 5)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(title)}!{ref}")
            link.font = link_font
    for letter, width in zip("ABCDEFGHI", (7, 9, 24, 14, 8, 6, 16, 70, 50)):
        summary.column_dimensions[letter].width = width
    for row in summary.iter_rows(min_row=2, min_col=8, max_col=9):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    summary.freeze_panes = "A2"
    _open_on(wb, titles.get(data_sheet) if data_sheet is not None else None)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    if copied:  # openpyxl drops the results saved with formulas: the copy would read empty where the source did not
        from jdcheck.sheets.copies import formula_results, restore_formula_results

        restore_formula_results(target, formula_results(source))
    return sum(len(v) for v in cells.values())


def _open_on(wb, title: str | None) -> None:
    """The data sheet first, active and the only selected tab (two selected tabs open grouped in
    Excel, and an edit would go to both); without one, the first visible sheet."""
    if title is not None and title in wb.sheetnames and wb[title].sheet_state == "visible":
        ws = wb[title]
        wb.move_sheet(ws, -wb.index(ws))
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = False
    first = next(ws for ws in wb.worksheets if ws.sheet_state == "visible")
    first.sheet_view.tabSelected = True
    wb.active = wb.index(first)


def _top_left(ws, row: int, column: int) -> tuple[int, int]:
    """A cell inside a merged range cannot hold a comment: use the range's top-left cell."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return merged.min_row, merged.min_col
    return row, column


def _workbook_of_cells(workbook) -> tuple[Any, dict[str, str]]:
    """A new openpyxl workbook holding the values of a CSV or .xls read by jdcheck, and the title
    each sheet got in it (a name Excel refuses, `团购提报[1]`, is changed)."""
    import openpyxl

    from jdcheck.sheets import sheet_title, writable

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    titles = {}
    for sheet in workbook.sheets:
        ws = wb.create_sheet(sheet_title(sheet.name))  # openpyxl numbers a repeated title
        titles[sheet.name] = ws.title
        for row in sheet.rows:
            ws.append([writable(cell.value) for cell in row])
        if sheet.state != "visible":
            ws.sheet_state = sheet.state
    return wb, titles
