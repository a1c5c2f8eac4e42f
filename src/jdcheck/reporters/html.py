"""--format html: one self-contained page for people who would rather look than read (SPEC §5).

The page holds everything it shows: CSS inline, thumbnails as data: URIs, no script, no font or
request to any server, so it can be forwarded by QQ or mail and opened anywhere. Everything that
comes from the folder (names, cell text, mail subjects) goes through Jinja2's autoescape.

The reporter sees only the report: the thumbnails and the sheet's cells come with it
(`Report.exhibits`, made by the engine from the materials). This module turns report and
exhibits into a view of plain dicts and lists for the templates in `templates/`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import IO, Any

from jdcheck.findings import BatchReport, Finding, Report, Severity
from jdcheck.messages import term, ui
from jdcheck.messages.report import say
from jdcheck.reporters import batch_verdict, folder_note, location, not_run_lines
from jdcheck.xmltext import xml_safe


def render(report: Report, stream: IO[str], lang: str = "zh") -> None:
    page = {"lang": lang, "title": say("title", lang, folder=report.folder), "checked_at": _now(),
            "version": report.version, "folder": folder_view(report, lang)}
    stream.write(_environment(lang).get_template("report.html.j2").render(page))


def render_batch(batch: BatchReport, stream: IO[str], lang: str = "zh") -> None:
    folders = []
    for index, report in enumerate(sorted(batch.reports, key=lambda r: (r.passed, r.folder)), start=1):
        folders.append({**folder_view(report, lang, anchor=f"f{index}"), "codes": folder_note(report)})
    page = {
        "lang": lang,
        "title": say("batch_title", lang, root=batch.root),
        "checked_at": _now(),
        "version": batch.version,
        "root": batch.root,
        "passed": batch.passed,
        "verdict": batch_verdict(batch),
        "summary": say("batch_counts", lang, **batch.summary),
        "failed": batch.failed,
        "folders": folders,
        "skipped": [{"folder": s.folder, "reason": s.reason} for s in batch.skipped],
    }
    stream.write(_environment(lang).get_template("batch.html.j2").render(page))


# ── the view of one folder ───────────────────────────────────────────────────────────────────


def folder_view(report: Report, lang: str, anchor: str = "report") -> dict[str, Any]:
    exhibits = report.exhibits
    pictures = list(exhibits.pictures) if exhibits is not None else []
    sheets = list(exhibits.sheets) if exhibits is not None else []
    by_file: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.file].append(finding)

    sheet_views = [_sheet(sheet, by_file.get(sheet.file, []), lang) for sheet in sheets]
    picture_views = [_picture(p, by_file.get(p.file, []), lang) for p in pictures]
    # the pictures that are wrong first, so the reason is seen before scrolling
    picture_views.sort(key=lambda p: (not p["errors"], not p["findings"]))
    shown = {s.file for s in sheets} | {p.file for p in pictures}
    others = [{"file": file, "findings": [_finding(f, lang) for f in found]}
              for file, found in by_file.items() if file is not None and file not in shown]
    return {
        "anchor": anchor,
        "folder": report.folder,
        "type": term(report.type, lang) if report.type else "-",
        "passed": report.passed,
        "verdict": ui("passed" if report.passed else "failed", lang),
        "errors": report.errors,
        "warnings": report.warnings,
        "files": report.files,
        "strict_note": say("strict", lang) if report.strict and report.warnings and not report.errors else None,
        "not_run": not_run_lines([report], lang),
        "whole": [_finding(f, lang) for f in by_file.get(None, [])],
        "sheets": sheet_views,
        "pictures": picture_views,
        "pictures_omitted": (say("pictures_omitted", lang, count=exhibits.pictures_omitted)
                             if exhibits is not None and exhibits.pictures_omitted else None),
        "others": others,
    }


def _finding(finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "label": ui(finding.severity.value, lang),
        "where": location(finding, lang),
        "message": finding.message,
        "expected": finding.expected,
        "actual": finding.actual,
        "fix": finding.fix,
    }


def _picture(picture: Any, findings: list[Finding], lang: str) -> dict[str, Any]:
    facts = []
    if picture.display_size is not None:
        facts.append(say("pixels", lang, width=picture.display_size[0], height=picture.display_size[1]))
    facts.append(_bytes(picture.byte_size))
    if picture.format:
        facts.append(picture.format)
    return {
        "file": picture.file,
        "thumbnail": picture.thumbnail,
        "width": picture.thumbnail_size[0] if picture.thumbnail_size else None,
        "height": picture.thumbnail_size[1] if picture.thumbnail_size else None,
        "facts": " · ".join(facts),
        "findings": [_finding(f, lang) for f in findings],
        "errors": any(f.severity is Severity.ERROR for f in findings),
        "severity": _worst(findings),
    }


# A cell up to this many characters stays on one line (a date, a price, a SKU); a longer one wraps
# in a wider column. Letting every cell wrap made "2026-12-02 09:30" three lines in a narrow column.
LONG_CELL = 20


def _sheet(sheet: Any, findings: list[Finding], lang: str) -> dict[str, Any]:
    """The sheet as a grid of Excel's row numbers and column letters, each cell with a finding
    marked with its severity, the row's reasons in a line under the row."""
    from openpyxl.utils import get_column_letter

    shown_rows = {number for number, _ in sheet.rows}
    at_cell: dict[tuple[int, int], list[Finding]] = defaultdict(list)
    at_row: dict[int, list[Finding]] = defaultdict(list)
    loose: list[Finding] = []
    for finding in findings:
        row = finding.row
        if row is None and finding.column is not None:
            row = sheet.header_row  # a header finding (S002) sits on the header row
        column = finding.cell.column if finding.cell is not None else None
        if row is None or row not in shown_rows:
            loose.append(finding)
            continue
        at_row[row].append(finding)
        if column is not None and column <= sheet.columns:
            at_cell[(row, column)].append(finding)
    rows = []
    for number, texts in sheet.rows:
        cells = []
        for index, text in enumerate(texts, start=1):
            marks = at_cell.get((number, index), [])
            cells.append({
                "text": text,
                "long": len(text) > LONG_CELL,
                "severity": _worst(marks),
                "title": " ".join(dict.fromkeys(f.code for f in marks)),  # the reasons are under the row
            })
        notes = at_row.get(number, [])
        rows.append({
            "number": number,
            "cells": cells,
            "header": number == sheet.header_row,
            "severity": _worst(notes) if notes and not any((number, i) in at_cell for i in range(1, sheet.columns + 1)) else None,
            "notes": [_finding(f, lang) for f in notes],
        })
    if sheet.header_row is not None:
        caption = say("sheet_caption", lang, sheet=sheet.sheet, header=sheet.header_row)
    else:
        caption = say("sheet_caption_no_header", lang, sheet=sheet.sheet)
    return {
        "file": sheet.file,
        "caption": caption,
        "letters": [get_column_letter(i) for i in range(1, sheet.columns + 1)],
        "rows": rows,
        "loose": [_finding(f, lang) for f in loose],
        "rows_omitted": say("rows_omitted", lang, count=sheet.rows_omitted) if sheet.rows_omitted else None,
        "columns_cut": say("cols_omitted", lang, count=sheet.columns) if sheet.columns_cut else None,
        "count": len(findings),
    }


def _worst(findings: list[Finding]) -> str | None:
    if not findings:
        return None
    return "error" if any(f.severity is Severity.ERROR for f in findings) else "warning"


def _bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _now() -> str:
    now = dt.datetime.now().astimezone()
    offset = now.strftime("%z")
    return f"{now:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


# ── templates ────────────────────────────────────────────────────────────────────────────────

# A link the operator can click: http(s) only (a `javascript:` cell is text), up to the first
# blank, quote or the CJK punctuation a link in a sentence ends at.
_URL = re.compile(r"https?://[^\s<>\"'，。、；）】「」]+", re.IGNORECASE)


def _linkify(text: Any) -> Any:
    """Text escaped for HTML, with its http(s) links made clickable (opened in a new tab)."""
    from markupsafe import Markup, escape

    if text is None:
        return ""
    text = str(text)
    if "://" not in text:  # most cells: a thousand-folder page has 50,000 of them
        return escape(text)
    parts, start = [], 0
    for match in _URL.finditer(text):
        link = match.group(0).rstrip(".,;:!?)]")  # "…index-1.html, https://…": the comma is the sentence's
        url = escape(link)
        parts += [escape(text[start:match.start()]), f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>']
        start = match.start() + len(link)
    parts.append(escape(text[start:]))
    return Markup("".join(str(part) for part in parts))


def _printable(value):
    """Every value a template prints, without the characters XML 1.0 forbids (a backspace in a
    cell): browsers show them as nothing or garble, an XHTML or XML reader of the page stops."""
    from markupsafe import Markup

    if isinstance(value, str):
        safe = xml_safe(value)
        return Markup(safe) if isinstance(value, Markup) else safe
    return value


def _environment(lang: str):
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("jdcheck.reporters", "templates"),
        autoescape=True,  # every template: nothing from the folder reaches the page unescaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    environment.filters["linkify"] = _linkify
    environment.globals.update(
        ui=lambda key, **fields: ui(key, lang, **fields),
        say=lambda key, **fields: say(key, lang, **fields),
    )
    return environment
