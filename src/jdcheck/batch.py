"""`jdcheck batch ROOT`: find the submission folders under a root and check them in parallel.

A folder is a submission when it has a `jdcheck.yaml` or its name starts with a type's name
(`团购-红蜻蜓-1201`, `groupbuy_1201`, `首页单品…`, `服装城…`, `平台活动…`, `二三级资源…`). Any other
folder holding files is listed as skipped, never guessed. A recognised folder holding no files of
its own but submission folders below it (`团购/团购-红蜻蜓-1201/`) is a grouping folder: its
`jdcheck.yaml`, if any, configures the folders below it.

A folder that cannot be checked — unreadable, vanished mid-run, broken `jdcheck.yaml` — becomes a
failed report with one X002 finding giving the reason; the batch goes on.

Workers run `check_folder` in a process pool. This module and what it imports never import typer
or Rich (the CLI renders); results travel back as `Report` objects of plain data. At most
`WINDOW_PER_JOB × jobs` folders are in flight, so memory does not grow with the size of the drive
beyond one small report per folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jdcheck import __version__
from jdcheck.config import CHINA, CONFIG_NAME, Choices, NothingSelected, resolve, type_from_name
from jdcheck.findings import BatchReport, Report, Skip
from jdcheck.yamlfile import ConfigError

MAX_DEPTH = 8  # folders below the root searched for submissions
WINDOW_PER_JOB = 4  # folders submitted per worker ahead of the results: workers never wait, memory stays flat
IGNORED_DIRS = ("__MACOSX",)


@dataclass(frozen=True)
class Candidate:
    """A folder to check: its path, its name relative to the root, and why it cannot be listed."""

    folder: Path
    rel: str
    unreadable: str | None = None


Progress = Callable[[int, int], None]  # (folders done, folders in all)


# ── discovery ────────────────────────────────────────────────────────────────────────────────


def discover(root: Path, lang: str = "zh") -> tuple[list[Candidate], list[Skip]]:
    """The submission folders under `root` (not `root` itself) and the folders passed over."""
    candidates: list[Candidate] = []
    skipped: list[Skip] = []
    _visit(root, "", 0, lang, candidates, skipped)
    return candidates, skipped


def _visit(directory: Path, rel: str, depth: int, lang: str,
           candidates: list[Candidate], skipped: list[Skip]) -> None:
    from jdcheck.messages import ui

    named = depth > 0 and type_from_name(directory.name) is not None
    try:
        with os.scandir(directory) as iterator:
            entries = sorted(iterator, key=lambda entry: entry.name)
    except OSError as exc:
        if named:  # announced as a submission: a failed folder, not a skipped one
            candidates.append(Candidate(directory, rel, unreadable=_os_reason(exc)))
        elif depth > 0:
            skipped.append(Skip(rel, ui("skip_unreadable", lang, detail=_os_reason(exc))))
        return

    has_config, files, subdirs = False, [], []
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        try:
            if entry.is_symlink():
                if entry.is_dir():
                    skipped.append(Skip(_join(rel, entry.name), ui("skip_link", lang)))
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in IGNORED_DIRS:
                subdirs.append(entry)
        elif entry.name == CONFIG_NAME:
            has_config = True
        else:
            files.append(entry.name)
    has_files = bool(files)
    recognised = depth > 0 and (has_config or named)
    if recognised and (not subdirs or _holds_materials(directory, files, has_config)):
        candidates.append(Candidate(directory, rel))
        return

    # Below: a folder with only subfolders (or beside them only notes: 团购/说明.txt), or one that
    # is not a submission. Look inside; a recognised folder with no submission below is one whole.
    found_before = len(candidates)
    inner_skipped: list[Skip] = []
    for entry in subdirs:
        child_rel = _join(rel, entry.name)
        if depth + 1 > MAX_DEPTH:
            inner_skipped.append(Skip(child_rel, ui("skip_too_deep", lang, depth=MAX_DEPTH)))
            continue
        _visit(Path(entry.path), child_rel, depth + 1, lang, candidates, inner_skipped)
    found_below = len(candidates) > found_before
    if recognised and not found_below:
        # A submission whose materials all sit in subfolders (图片/, 表格/): check it whole.
        del candidates[found_before:]
        candidates.append(Candidate(directory, rel))
        return
    skipped.extend(inner_skipped)
    if depth > 0 and not found_below and not recognised and (has_files or not subdirs):
        # (a folder of only subfolders is not listed: the folders inside it are)
        skipped.append(Skip(rel, ui("skip_not_recognised" if has_files else "skip_empty", lang)))


def _holds_materials(directory: Path, files: list[str], has_config: bool) -> bool:
    """A recognised folder with subfolders holds materials of its own, so it is one submission
    with its subfolders; one holding only notes (说明.txt, a .docx) beside submission folders only
    groups them (otherwise one note left in 团购/ would merge every submission below it into one).
    The brand logo its jdcheck.yaml names (`logo: 红蜻蜓-logo.png`, one logo for every submission
    below) is no material of its own."""
    logo = _configured_logo_name(directory) if has_config else None
    return any(is_material_name(name) for name in files if name != logo)


def is_material_name(name: str) -> bool:
    """A file a submission holds (a picture, spreadsheet, mail, page or links file), by its name."""
    extensions, links_files = _material_names()
    lowered = name.lower()
    return os.path.splitext(lowered)[1] in extensions or lowered in links_files


@functools.cache
def _material_names() -> tuple[frozenset[str], frozenset[str]]:
    """(extensions, links file names) of materials, from the rule files' folder defaults."""
    from jdcheck.materials import HTML_EXTENSIONS
    from jdcheck.rulefile import FolderRules

    defaults = FolderRules.model_fields
    extensions = {*defaults["spreadsheet_extensions"].default, *defaults["image_extensions"].default,
                  *HTML_EXTENSIONS, ".eml", ".msg", ".url"}
    return frozenset(extensions), frozenset(defaults["links_files"].default)


def _configured_logo_name(directory: Path) -> str | None:
    """The file name of the `logo:` that directory's jdcheck.yaml names in the directory itself,
    else None (a broken jdcheck.yaml is reported when its folders are checked)."""
    from jdcheck.rulefile import load_folder_config

    try:
        logo = load_folder_config(directory / CONFIG_NAME).logo_path()
    except (ConfigError, OSError):
        return None
    return logo.name if logo is not None and logo.parent == directory.resolve() else None


def submission_itself(root: Path) -> bool:
    """`root` is a submission folder (its name or jdcheck.yaml gives a type, and it holds
    materials): `batch` checks the folders under a root, and finding none there must not read
    as a pass."""
    try:
        with os.scandir(root) as iterator:
            names = [entry.name for entry in iterator if entry.is_file()]
    except OSError:
        return False
    recognised = type_from_name(root.resolve().name) is not None or CONFIG_NAME in names
    return recognised and any(is_material_name(name) for name in names)


def _join(rel: str, name: str) -> str:
    name = _printable(name)
    return f"{rel}/{name}" if rel else name


def _printable(text: str) -> str:
    """A name that is not valid Unicode (bytes of another code page on a shared drive), shown with
    replacement characters: JSON, JUnit and the console must encode it. The path itself is kept."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


# ── checking one folder (runs in a worker process) ───────────────────────────────────────────


def check_folder(candidate: Candidate, root: Path, choices: Choices, exhibits: str | None = None) -> Report | Skip:
    """The report of one folder; a folder that cannot be checked gives an X002 report, not an exception.
    A folder of a type that --select/--ignore leave no check of is skipped (`--select H` over a
    drive of group-buy and platform folders checks the pages). `exhibits`: attach what the HTML
    page shows (engine.run), made here in the worker."""
    from jdcheck.engine import run

    if candidate.unreadable is not None:
        return _unchecked(candidate, choices, candidate.unreadable, None)
    try:
        with os.scandir(candidate.folder) as iterator:
            next(iterator, None)  # still there and readable (it may have vanished since discovery)
        ruleset, options = resolve(candidate.folder, choices, root=root)
        report = run(ruleset, candidate.folder, options, exhibits=exhibits)
    except NothingSelected as exc:
        from jdcheck.messages import resolve_lang, term, ui

        lang = resolve_lang(choices.lang)
        if not exc.by_command_line:  # the folder's own jdcheck.yaml selects nothing: its mistake
            return _unchecked(candidate, choices, exc.render(lang), "config")
        return Skip(candidate.rel, ui("skip_nothing_selected", lang, type=term(exc.type_name, lang),
                                      selection=exc.selection.render(lang)), nothing_selected=True)
    except ConfigError as exc:
        from jdcheck.messages import resolve_lang

        return _unchecked(candidate, choices, exc.render(resolve_lang(choices.lang)), "config")
    except OSError as exc:
        return _unchecked(candidate, choices, _os_reason(exc), None)
    if report.ran_nothing:
        from jdcheck.messages import resolve_lang, ui

        lang = resolve_lang(choices.lang)
        codes = ("、" if lang == "zh" else ", ").join(code for code, _ in report.not_run)
        return Skip(candidate.rel, ui("skip_nothing_ran", lang, codes=codes, reason=report.not_run[0][1]),
                    nothing_selected=True, unrunnable=True)
    report.folder = candidate.rel
    return report


def _unchecked(candidate: Candidate, choices: Choices, detail: str, variant: str | None) -> Report:
    from jdcheck.engine import Options, unchecked
    from jdcheck.messages import resolve_lang

    options = Options(today=choices.today or dt.datetime.now(CHINA).date(), lang=resolve_lang(choices.lang), strict=choices.strict)
    type_name = choices.type or type_from_name(candidate.folder.name)
    return unchecked(candidate.rel, type_name, _printable(detail), variant, options)


# ── the batch ────────────────────────────────────────────────────────────────────────────────


def check_all(root: Path, choices: Choices, jobs: int = 1, progress: Progress | None = None,
              exhibits: str | None = None) -> BatchReport:
    """Discover and check every submission folder under `root`; reports sorted by folder."""
    from jdcheck.messages import resolve_lang

    candidates, skipped = discover(root, resolve_lang(choices.lang))
    reports = []
    for done, result in enumerate(check_many(candidates, root, choices, jobs, exhibits), start=1):
        (skipped if isinstance(result, Skip) else reports).append(result)
        if progress is not None:
            progress(done, len(candidates))
    reports.sort(key=lambda report: report.folder)
    skipped.sort(key=lambda skip: skip.folder)
    return BatchReport(tool="jdcheck", version=__version__, root=str(root), reports=reports, skipped=skipped)


def check_many(candidates: list[Candidate], root: Path, choices: Choices, jobs: int,
               exhibits: str | None = None) -> Iterator[Report | Skip]:
    """Reports (or skips, see check_folder) in the order the folders finish; `jobs` > 1 uses a process pool."""
    jobs = max(1, min(jobs, len(candidates)))
    if jobs == 1:
        for candidate in candidates:
            yield _guarded(candidate, root, choices, exhibits)
        return

    from concurrent.futures import FIRST_COMPLETED, wait

    from jdcheck.workers import process_pool

    waiting = iter(candidates)
    with process_pool(jobs) as pool:
        running = {}

        def refill() -> Iterator[Report]:
            while len(running) < jobs * WINDOW_PER_JOB and (candidate := next(waiting, None)) is not None:
                try:
                    running[pool.submit(check_folder, candidate, root, choices, exhibits)] = candidate
                except RuntimeError as exc:  # BrokenProcessPool: a worker died; fail the folders left
                    yield _crashed(candidate, choices, exc)

        yield from refill()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                candidate = running.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - a bug or a killed worker fails its folder, not the batch
                    yield _crashed(candidate, choices, exc)
            yield from refill()


def _guarded(candidate: Candidate, root: Path, choices: Choices, exhibits: str | None = None) -> Report | Skip:
    try:
        return check_folder(candidate, root, choices, exhibits)
    except Exception as exc:  # noqa: BLE001 - same rule as in the pool: the other folders are still checked
        return _crashed(candidate, choices, exc)


def _crashed(candidate: Candidate, choices: Choices, exc: BaseException) -> Report:
    if choices.debug:
        traceback.print_exception(exc, file=sys.stderr)
    return _unchecked(candidate, choices, f"internal error, a bug in jdcheck: {type(exc).__name__}: {exc}", None)
