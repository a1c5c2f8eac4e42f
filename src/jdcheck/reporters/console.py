"""The default report: grouped by file, errors first, actual vs expected and a fix on each finding.

Colour only on a terminal (Rich decides from the stream); plain, stable text when piped. Only
characters that GBK can encode are used, so a Chinese Windows console never fails to print.
"""

from __future__ import annotations

import functools
import os
import sys
from collections import Counter
from itertools import groupby
from typing import IO

from jdcheck.findings import BatchReport, Report, Severity
from jdcheck.messages import term, ui
from jdcheck.reporters import batch_verdict, folder_note, location, not_run_lines


PER_CODE = 20  # findings of one code listed in the Rich report; the rest are counted


def _console(stream: IO[str]):
    """Rich on `stream`. FORCE_COLOR may ask for colour on a piped stdout (a CI log); a report
    written to a file (--output) is plain text whatever the environment says."""
    console = _console_class()
    if stream is not sys.stdout and not (hasattr(stream, "isatty") and stream.isatty()):
        return console(file=stream, highlight=False, emoji=False, force_terminal=False, no_color=True)
    return console(file=stream, highlight=False, emoji=False)


@functools.cache
def _console_class():
    from rich.console import Console

    class ReportConsole(Console):
        def on_broken_pipe(self) -> None:
            """The reader stopped reading (`jdcheck … | head`). Rich's own answer exits with 1, which
            says the folder failed; the verdict is the command's (cli.app.emit)."""
            self.quiet = True
            raise BrokenPipeError

    return ReportConsole


def render(report: Report, stream: IO[str], lang: str = "zh") -> None:
    from rich.markup import escape

    console = _console(stream)
    console.soft_wrap = not console.is_terminal  # piped: one finding per line, for grep and logs
    console.print(f"[bold]{escape(ui('header', lang, type=term(report.type, lang), folder=report.folder))}[/]")
    if not report.findings:
        console.print(ui("no_findings", lang), style="green")
    listed: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for file, group in groupby(report.findings, key=lambda f: f.file):
        group = sorted(group, key=lambda f: f.sort_key)
        sheet = next((f.sheet for f in group if f.sheet), None)
        # A code found on 1,500 images would be 9,000 lines: the first PER_CODE of each are
        # shown, the rest counted at the end (the JSON and the HTML page hold them all).
        shown = []
        for finding in group:
            if listed[finding.code] < PER_CODE:
                listed[finding.code] += 1
                shown.append(finding)
            else:
                hidden[finding.code] += 1
        if not shown:
            continue
        group = shown
        heading = file or ui('submission', lang)
        if sheet:
            heading += f" [{sheet}]"  # the sheet checked, as the JSON's `sheet` field names it
        console.print()
        console.print(f"[bold underline]{escape(heading)}[/]")
        for finding in group:
            error = finding.severity is Severity.ERROR
            label = ui("error" if error else "warning", lang)
            style = "bold red" if error else "bold yellow"
            where = location(finding, lang)
            where = f" {escape(where)}" if where else ""
            console.print(f"  [{style}]{label}[/] [bold]{finding.code}[/]{where}  {escape(finding.message)}")
            details = []
            if finding.expected is not None:
                details.append(f"{ui('expected', lang)}: {escape(finding.expected)}")
            if finding.actual is not None:
                details.append(f"{ui('actual', lang)}: {escape(finding.actual)}")
            if details:
                console.print("      " + "   ".join(details), style="dim")
            if finding.fix:
                console.print(f"      [cyan]{ui('fix', lang)}:[/] {escape(finding.fix)}")
    if hidden:
        console.print()
        for code, count in sorted(hidden.items()):
            console.print(ui("more_of_code", lang, code=code, count=count), style="yellow", markup=False)
    console.print()
    # before the summary, which stays the last line (scripts and the README samples read it)
    for line in not_run_lines([report], lang):
        console.print(line, style="yellow", markup=False)
    verdict = ui("passed" if report.passed else "failed", lang)
    style = "bold green" if report.passed else "bold red"
    summary = ui("summary", lang, verdict=f"[{style}]{verdict}[/]", errors=report.errors,
                 warnings=report.warnings, files=report.files)
    if report.strict and report.warnings and not report.errors:
        summary += " " + ui("strict_note", lang)
    console.print(summary)


def render_batch(batch: BatchReport, stream: IO[str], lang: str = "zh") -> None:
    """The summary table of a batch: failed folders first, then the passed ones, then the skipped."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    console = _console(stream)
    if not console.is_terminal:
        console.width = 200  # piped into a log: no folder name cut short
    console.print(f"[bold]{escape(ui('batch_header', lang, root=batch.root))}[/]")
    if batch.reports:
        from rich.cells import cell_len

        table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
        # On an 80-column console the codes column gives way: a folder name is what the operator
        # looks for, and 团购/团购-他她-120 / 1 hides it.
        longest = max((cell_len(report.folder) for report in batch.reports), default=0)
        table.add_column(ui("batch_folder", lang), overflow="fold", min_width=min(longest, 40))
        table.add_column(ui("batch_type", lang))
        table.add_column(ui("batch_errors", lang), justify="right")
        table.add_column(ui("batch_warnings", lang), justify="right")
        table.add_column(ui("batch_result", lang))
        table.add_column(ui("batch_codes", lang), overflow="fold")
        for report in sorted(batch.reports, key=lambda r: (r.passed, r.folder)):
            note = folder_note(report)
            verdict = ui("passed" if report.passed else "failed", lang)
            table.add_row(
                escape(report.folder),
                escape(term(report.type, lang)) if report.type else "-",
                str(report.errors),
                str(report.warnings),
                f"[{'green' if report.passed else 'bold red'}]{verdict}[/]",
                escape(note),
            )
        console.print(table)
    else:
        console.print(ui("batch_none_skipped" if batch.skipped else "batch_none", lang), style="yellow")
    if batch.skipped:
        console.print()
        console.print(ui("batch_skipped", lang), style="bold")
        for skip in batch.skipped:
            console.print(f"  {escape(skip.folder)}  [dim]{escape(skip.reason)}[/]")
    console.print()
    for line in not_run_lines(batch.reports, lang):
        console.print(line, style="yellow", markup=False)
    summary = batch.summary
    verdict = ui(batch_verdict(batch), lang)
    style = {"passed": "bold green", "failed": "bold red"}.get(batch_verdict(batch), "bold yellow")
    console.print(ui("batch_summary", lang, verdict=f"[{style}]{verdict}[/]", **summary))
    example = _example_folder(batch)
    if example is not None:
        console.print(ui("batch_hint", lang, root=batch.root, folder=example),
                      style="dim", markup=False, soft_wrap=True)  # a command to copy: never cut


def _example_folder(batch: BatchReport) -> str | None:
    """The first failed folder `jdcheck check` can show in detail (one that was checked), as a
    path: the batch's hint is a command to copy, never a placeholder. None when every failed
    folder could not be checked (X002 says why; check would say the same)."""
    from jdcheck.codes import UNCHECKED

    failed = [r.folder for r in sorted(batch.reports, key=lambda r: r.folder)
              if not r.passed and not any(f.code == UNCHECKED for f in r.findings)]
    return os.path.join(batch.root, *failed[0].split("/")) if failed else None
