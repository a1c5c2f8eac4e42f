"""`jdcheck batch ROOT`: find the submission folders under a root and check them in parallel.

Discovery (below, "Which folders are submissions") finds each submission once: by its own
`jdcheck.yaml`, by a type named in its name, or by what it holds. A folder that holds what a
submission holds but whose type nothing gives is never silently passed over: it is listed as
skipped with a reason saying so.

A submission folder that cannot be checked — unreadable, vanished mid-run, broken `jdcheck.yaml` —
becomes a failed report with one X002 finding giving the reason; the batch goes on.

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
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from jdcheck import __version__
from jdcheck.config import CHINA, CONFIG_NAME, Choices, NothingSelected, resolve, type_from_name, type_in_name
from jdcheck.findings import BatchReport, Report, Skip
from jdcheck.yamlfile import ConfigError

MAX_DEPTH = 8  # folders below the root searched for submissions
WINDOW_PER_JOB = 4  # folders submitted per worker ahead of the results: workers never wait, memory stays flat
IGNORED_DIRS = ("__MACOSX",)


@dataclass(frozen=True)
class Candidate:
    """A folder to check: its path and its name relative to the root. `reason`: why it cannot be
    checked (it could not be listed), told as a failed folder (X002)."""

    folder: Path
    rel: str
    reason: str | None = None


Progress = Callable[[int, int], None]  # (folders done, folders in all)


# ── discovery ────────────────────────────────────────────────────────────────────────────────
#
# Which folders are submissions (README "Which folders are checked"):
# - announced: a folder with its own jdcheck.yaml, or whose name names a type as a word of its
#   own (团购-红蜻蜓-1201, 【团购】…, 1201团购-…, Group-buy 1201); checked even if empty (M101);
# - by content: a folder holding what a submission holds (two kinds of materials: a spreadsheet
#   and pictures, pictures and links.txt, a mail and a screenshot…) whose name only glues a type
#   word into another (红蜻蜓团购) or whose type a jdcheck.yaml above it sets (`type: homepage` at
#   ROOT). With no type at all it is skipped, and the reason says it looks like a submission and
#   how to name it: a drive holds 素材, 周报 and 备份 folders of sheets and pictures too, and a
#   nightly batch failing on them every night would be a false alarm nobody can silence.
# A folder with submissions below that are whole (their own jdcheck.yaml, or two kinds of
# materials) only groups them (团购/团购-红蜻蜓-1201/); whatever else it holds does not merge them
# into one. A submission's subfolder named with a type but holding one kind of material
# (团购-红蜻蜓-1201/团购-主图/) is part of it.

ARCHIVE_EXTENSIONS = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz")
SHORTCUT_EXTENSIONS = (".lnk",)  # a Windows shortcut to a folder: like a symbolic link, not followed


@dataclass(frozen=True)
class _Submission:
    candidate: Candidate
    whole: bool  # it holds what a submission holds itself: its own jdcheck.yaml or two kinds of materials


@dataclass
class _Found:
    """What one folder's visit found: submissions (announced or found by content) and skips."""

    candidates: list[_Submission]
    skipped: list[Skip]
    configured: list[Path] = field(default_factory=list)  # folders whose jdcheck.yaml was seen

    def merge(self, other: _Found) -> None:
        self.candidates += other.candidates
        self.skipped += other.skipped
        self.configured += other.configured


def discover(root: Path, lang: str = "zh") -> tuple[list[Candidate], list[Skip]]:
    """The submission folders under `root` (not `root` itself) and the folders passed over."""
    found = _visit(root, "", 0, _own_type(root), lang)
    return [found.candidate for found in found.candidates], found.skipped


def _visit(directory: Path, rel: str, depth: int, inherited: str | None, lang: str) -> _Found:
    """`inherited`: the type a jdcheck.yaml at or above `directory` (up to the root) sets."""
    from jdcheck.messages import ui

    named = type_in_name(directory.name) if depth > 0 else None
    try:
        with os.scandir(directory) as iterator:
            entries = sorted(iterator, key=lambda entry: entry.name)
    except OSError as exc:
        if named is not None and named.whole_word:  # announced as a submission: failed, not skipped
            return _Found([_Submission(Candidate(directory, rel, reason=_os_reason(exc)), True)], [])
        if depth > 0:
            return _Found([], [Skip(rel, ui("skip_unreadable", lang, detail=_os_reason(exc)))])
        return _Found([], [])

    has_config, files, subdirs, links = False, [], [], []
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        try:
            if entry.is_symlink():
                if entry.is_dir():
                    links.append(Skip(_join(rel, entry.name), ui("skip_link", lang)))
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

    configured = [directory] if has_config else []
    kinds = _material_kinds(files, directory)
    looks_like = len(kinds) >= 2
    announced = depth > 0 and (has_config or (named is not None and named.whole_word))
    typed = announced or (depth > 0 and looks_like and (named is not None or inherited is not None))
    whole = has_config or looks_like
    if typed and not subdirs:
        return _Found([_Submission(Candidate(directory, rel), whole)], [], configured)

    below_type = _own_type(directory) if has_config and depth > 0 else None
    below = _Found([], [], configured)
    for entry in subdirs:
        child_rel = _join(rel, entry.name)
        if depth + 1 > MAX_DEPTH:
            below.skipped.append(Skip(child_rel, ui("skip_too_deep", lang, depth=MAX_DEPTH)))
            continue
        below.merge(_visit(Path(entry.path), child_rel, depth + 1, below_type or inherited, lang))
    groups = below.candidates and (not typed or not kinds or any(s.whole for s in below.candidates))
    if groups:
        # A grouping folder (or the root): the submissions below are checked each alone.
        found = _Found(below.candidates, below.skipped + links, below.configured)
        found.merge(_loose_files(directory, rel, files, lang))
        if looks_like:
            # The brand logo a jdcheck.yaml names (`logo: ../红蜻蜓-logo.png`, one for the shop) is
            # no material; read only here, as this is rare and a drive holds hundreds of them.
            logos = frozenset(filter(None, map(_configured_logo, below.configured)))
            if len(_material_kinds(files, directory, logos)) >= 2:  # a submission's own, beside them
                # (ROOT's own, dropped there beside the submission folders, is listed as ".")
                found.skipped.append(Skip(rel or ".", ui("skip_mixed", lang, files=_some_materials(files, directory, logos))))
        return found
    if typed:
        # One submission, with its subfolders (图片/, 表格/, 团购-主图/) and whatever they hold.
        return _Found([_Submission(Candidate(directory, rel), whole or bool(below.candidates))], [],
                      below.configured)
    found = _Found([], below.skipped + links, below.configured)
    found.merge(_loose_files(directory, rel, files, lang))
    if depth == 0:
        return found
    if looks_like:  # what a submission holds, and no type: said so, with how to name it
        found.skipped.append(Skip(rel, ui("skip_untyped", lang, kinds=_kind_words(kinds, lang))))
    elif kinds:
        found.skipped.append(Skip(rel, ui("skip_one_kind", lang, kinds=_kind_words(kinds, lang))))
    elif files or not subdirs:  # (a folder of only subfolders is not listed: the folders inside it are)
        found.skipped.append(Skip(rel, ui("skip_not_recognised" if files else "skip_empty", lang)))
    return found


def _loose_files(directory: Path, rel: str, files: list[str], lang: str) -> _Found:
    """Files named as a submission in a folder that is not one, listed as skipped: an archive
    (团购-红蜻蜓-1201.zip; jdcheck opens no archive), unless a folder beside it has its name (it was
    extracted there), and a Windows shortcut (.lnk), passed over like a symbolic link."""
    from jdcheck.messages import ui

    found = _Found([], [])
    for name in files:
        lowered = name.lower()
        extension = next((ext for ext in (*ARCHIVE_EXTENSIONS, *SHORTCUT_EXTENSIONS) if lowered.endswith(ext)), None)
        if extension is None:
            continue
        stem = name[:-len(extension)].removesuffix(".tar").removesuffix(".TAR")
        named = type_in_name(stem)
        if named is None or not named.whole_word:
            continue
        if extension in SHORTCUT_EXTENSIONS:
            found.skipped.append(Skip(_join(rel, name), ui("skip_shortcut", lang)))
        elif not (directory / stem).is_dir():  # a backup, or a submission still to extract
            found.skipped.append(Skip(_join(rel, name), ui("skip_archive", lang, folder=_printable(stem))))
    return found


MATERIAL_KINDS = ("spreadsheet", "picture", "email", "html", "links")  # the order they are named in


def _material_kinds(files: list[str], directory: Path, logos: frozenset[Path] = frozenset()) -> list[str]:
    """The kinds of materials among `files` in `directory` (the brand logos jdcheck.yaml files
    name aside), in MATERIAL_KINDS order."""
    kinds = {material_kind(name) for name in _materials(files, directory, logos)}
    return [kind for kind in MATERIAL_KINDS if kind in kinds]


def _materials(files: list[str], directory: Path, logos: frozenset[Path]) -> list[str]:
    return [name for name in files
            if material_kind(name) is not None and not (logos and (directory / name).resolve() in logos)]


def _kind_words(kinds: list[str], lang: str) -> str:
    from jdcheck.messages import Term, localized_fields

    return localized_fields({"kinds": [Term(kind) for kind in kinds]}, lang)["kinds"]


def _some_materials(files: list[str], directory: Path, logos: frozenset[Path], shown: int = 3) -> str:
    names = [_printable(name) for name in _materials(files, directory, logos)]
    return ", ".join(names[:shown]) + (", …" if len(names) > shown else "")


def material_kind(name: str) -> str | None:
    """The kind of material a file is by its name (one of MATERIAL_KINDS), or None (a note, a
    .docx, an archive)."""
    lowered = name.lower()
    extension = os.path.splitext(lowered)[1]
    for kind, (extensions, names) in _material_names().items():
        if extension in extensions or lowered in names:
            return kind
    return None


@functools.cache
def _material_names() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """{kind: (extensions, file names)} of materials, from the rule files' folder defaults."""
    from jdcheck.materials import HTML_EXTENSIONS
    from jdcheck.rulefile import FolderRules

    defaults = FolderRules.model_fields
    return {
        "spreadsheet": (frozenset(defaults["spreadsheet_extensions"].default), frozenset()),
        "picture": (frozenset(defaults["image_extensions"].default), frozenset()),
        "email": (frozenset({".eml", ".msg"}), frozenset()),
        "html": (frozenset(HTML_EXTENSIONS), frozenset()),
        "links": (frozenset({".url"}), frozenset(defaults["links_files"].default)),
    }


def _own_type(directory: Path) -> str | None:
    """The `type` the jdcheck.yaml in `directory` sets, if any. A broken file is reported when
    the folders it configures are checked; here it counts as setting a type, so those folders
    are checked (and fail with its file:line) rather than passed over."""
    from jdcheck.config import folder_config

    path = directory / CONFIG_NAME
    if not path.is_file():
        return None
    try:
        config = folder_config(path)
    except (ConfigError, OSError):
        return BROKEN_CONFIG
    return config.type if "type" in config.model_fields_set else None


BROKEN_CONFIG = "(a jdcheck.yaml that cannot be read)"


def _configured_logo(directory: Path) -> Path | None:
    """The `logo:` file that directory's jdcheck.yaml names (its resolved path), else None (a
    broken jdcheck.yaml is reported when its folders are checked)."""
    from jdcheck.config import folder_config

    try:
        logo = folder_config(directory / CONFIG_NAME).logo_path()
    except (ConfigError, OSError):
        return None
    return logo


def submission_itself(root: Path) -> bool:
    """`root` is a submission folder (its jdcheck.yaml or a type's word in its name says so and it
    holds materials, or it holds what a submission holds): `batch` checks the folders under a
    root, and finding none there must not read as a pass."""
    try:
        with os.scandir(root) as iterator:
            names = [entry.name for entry in iterator if entry.is_file()]
    except OSError:
        return False
    named = type_in_name(root.resolve().name)
    announced = CONFIG_NAME in names or (named is not None and named.whole_word)
    kinds = _material_kinds(names, root)
    return len(kinds) >= 2 or (announced and bool(kinds))


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

    if candidate.reason is not None:
        return _unchecked(candidate, choices, candidate.reason, None)
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
    # Closed however the loop ends: Ctrl-C in `progress` ends the workers too (workers.process_pool).
    with closing(check_many(candidates, root, choices, jobs, exhibits)) as results:
        for done, result in enumerate(results, start=1):
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
