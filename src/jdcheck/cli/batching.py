"""`jdcheck batch ROOT`: every submission folder under a root (a shared drive), in parallel."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from jdcheck.cli.app import (
    EXIT_FAILED, EXIT_PASSED, AllowPrivateOpt, DebugOpt, ForceOpt, FormatOpt, IgnoreOpt, LangOpt, OnlineOpt,
    OutputOpt, RulesOpt, SelectOpt, StrictOpt, TodayOpt, UsageFailure, annotate_folder, app, check_output_file, emit,
    check_annotate_folder, parse_choices, stdout_or_file, write_file,
)
from jdcheck.messages.errors import Text, os_reason

REPORT_SUFFIXES = {".json": "json", ".xml": "junit", ".html": "html"}


@app.command("batch")
def batch_command(
    root: Annotated[Path, typer.Argument(help="The folder holding submission folders (e.g. a shared drive).", show_default=False)],
    format: FormatOpt = "rich",
    lang: LangOpt = None,
    today: TodayOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    strict: StrictOpt = False,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Folders checked in parallel (default: the number of cores; at most twice that).")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Also write the results to FILE: .json (batch JSON), .xml (JUnit) or .html (the page).")] = None,
    annotate: Annotated[Optional[Path], typer.Option("--annotate", help="Write a copy of each failing folder's spreadsheets with the findings marked into DIR/<folder>.")] = None,
    force: ForceOpt = False,
    online: OnlineOpt = False,
    allow_private: AllowPrivateOpt = False,
    output: OutputOpt = None,
) -> None:
    """Check every submission folder under ROOT (jdcheck.yaml, or a name such as 团购-… / groupbuy_…)."""
    raise typer.Exit(_batch(root, format, lang, today, select, ignore, strict, rules, debug, jobs, report,
                            annotate, force, online, allow_private, output))


def _batch(root, format, lang, today, select, ignore, strict, rules_path, debug, jobs, report_path,
           annotate_dir=None, force=False, online=False, allow_private=False, output=None) -> int:
    import os

    from jdcheck import reporters
    from jdcheck.batch import check_all, submission_itself
    from jdcheck.messages import resolve_lang
    from jdcheck.rulefile import load_rules

    format = format.strip().lower()  # JSON, Json: as _machine_format reads it
    if format not in reporters.FORMATS:
        raise UsageFailure("one_of", option="--format", choices=reporters.FORMATS, value=format)
    if not root.exists():
        raise UsageFailure("folder_not_found", folder=root)
    if not root.is_dir():
        raise UsageFailure("not_folder", folder=root)
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        raise UsageFailure("cannot_read_folder", folder=root, reason=os_reason(exc)) from None
    if report_path is not None:
        if report_path.suffix.lower() not in REPORT_SUFFIXES:
            raise UsageFailure("report_suffix", name=report_path.name)
        check_output_file(report_path, root, "--report", force, batch=True)
    output = stdout_or_file(output)
    if output is not None:
        check_output_file(output, root, "--output", force, batch=True)
        if report_path is not None and output.resolve() == report_path.resolve():
            raise UsageFailure("same_file", path=output)
    if annotate_dir is not None:
        # anywhere under the root: its copies, named like the folders, would be found as
        # submissions by the next batch
        check_annotate_folder(annotate_dir, root)
        if annotate_dir.is_dir() and any(annotate_dir.iterdir()) and not force:
            raise UsageFailure("annotate_not_empty", folder=annotate_dir)
    choices = parse_choices(None, lang, today, select, ignore, strict, rules_path, debug, online, allow_private)
    if rules_path is not None:
        load_rules(rules_path)  # a broken --rules stops the batch before anything runs (exit 2)
    language = resolve_lang(lang)
    with _batch_progress() as progress:
        wants_page = "html" in (format, REPORT_SUFFIXES.get(report_path.suffix.lower()) if report_path else None)
        cores = os.cpu_count() or 1
        # Each worker pays ~0.3 s of CPU to start (interpreter, libraries, rules): 32 workers on
        # 2 cores took 4.4 s for 32 folders against 0.8 s with 2. Twice the cores leaves room for
        # a slow network drive.
        batch = check_all(root, choices, min(jobs or cores, 2 * cores), progress,
                          exhibits="flagged" if wants_page else None)
    if not batch.reports and submission_itself(root):
        raise UsageFailure("batch_on_submission", root=root)
    unrunnable = [skip for skip in batch.skipped if skip.unrunnable]
    if not batch.reports and unrunnable and all(skip.unrunnable for skip in batch.skipped if skip.nothing_selected):
        raise UsageFailure("batch_nothing_ran", root=root, reason=unrunnable[0].reason)
    if not batch.reports and any(skip.nothing_selected for skip in batch.skipped):
        # as for one folder: a selection that checks nothing anywhere must not read as a pass
        raise UsageFailure("batch_nothing_selected", root=root, selection=Text(
            "selection", select=choices.select or Text("word.none"), ignore=choices.ignore or Text("word.none")))
    if annotate_dir is not None:
        _annotate_batch(batch, root, choices, annotate_dir, language)
    reporter = reporters.get(format)
    emit(lambda stream: reporter.render_batch(batch, stream, language), format, output, language)
    if report_path is not None:
        report_format = reporters.get(REPORT_SUFFIXES[report_path.suffix.lower()])
        write_file(report_path, "--report", lambda stream: report_format.render_batch(batch, stream, language))
        from jdcheck.messages.report import say

        print(say("wrote", language, path=report_path), file=sys.stderr)
    return EXIT_PASSED if batch.passed else EXIT_FAILED


def _annotate_batch(batch, root: Path, choices, out: Path, lang: str) -> None:
    """Annotated copies of the failing folders' spreadsheets, each folder under its relative name.
    In this process, after the batch: annotating reads each sheet again, in the workers or here."""
    from jdcheck.config import resolve

    for report in batch.reports:
        if report.passed or report.type is None or any(f.code == "X002" for f in report.findings):
            continue  # nothing to mark, or a folder that could not be checked
        parts = report.folder.split("/")
        folder = root.joinpath(*parts)
        ruleset, _ = resolve(folder, choices, root=root)
        annotate_folder(report, ruleset, folder, out.joinpath(*parts), lang, force=True)


class _batch_progress:
    """A Rich progress bar on stderr when it is a terminal; nothing when piped or redirected.

    Refreshed by hand after each folder, so no display thread runs while the pool forks workers."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("jdcheck batch"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                             console=Console(stderr=True), auto_refresh=False, transient=True)
        self._task = None
        return self._advance

    def _advance(self, done: int, total: int) -> None:
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("", total=total)
        self._bar.update(self._task, completed=done)
        self._bar.refresh()

    def __exit__(self, *exc_info) -> None:
        if getattr(self, "_task", None) is not None:
            self._bar.stop()
