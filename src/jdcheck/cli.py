"""The command line: parse, load, run, render, exit. The only module that imports typer.

Exit codes (SPEC §5): 0 passed, 1 errors found (or warnings with --strict), 2 usage or rule-file
error. Every failure is one line on stderr; a traceback is never what the operator sees.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from jdcheck import __version__
from jdcheck.codes import TYPES  # not from rulefile: --help must not build the Pydantic models
from jdcheck.yamlfile import ConfigError

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="jdcheck",
    help="Pre-flight checker for JD.com promotion submissions (京东资源提报预检).",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class UsageFailure(Exception):
    """A bad argument: printed as one line, exit 2."""


def _version(value: bool) -> None:
    if value:
        print(f"jdcheck {__version__}")
        raise typer.Exit(EXIT_PASSED)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """jdcheck: check a submission folder before sending it (检查提报材料)."""


# ── the check commands ───────────────────────────────────────────────────────────────────────

FolderArg = Annotated[Path, typer.Argument(help="The submission folder.", show_default=False)]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="rich | json | junit | html")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", help="Write the report to FILE (UTF-8) instead of stdout; --force replaces an existing file.")]
LangOpt = Annotated[Optional[str], typer.Option("--lang", help="zh | en (default zh, or JDCHECK_LANG).")]
TodayOpt = Annotated[Optional[str], typer.Option("--today", help="Date for date rules, YYYY-MM-DD (default: today in China).")]
SelectOpt = Annotated[Optional[str], typer.Option("--select", help="Only these codes or prefixes, comma-separated (e.g. I,S002).")]
IgnoreOpt = Annotated[Optional[str], typer.Option("--ignore", help="Skip these codes or prefixes, comma-separated.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
RulesOpt = Annotated[Optional[Path], typer.Option("--rules", help="A rule file replacing the built-in one.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of crashing checks.")]
AnnotateOpt = Annotated[Optional[Path], typer.Option("--annotate", help="Write a copy of each spreadsheet with the findings marked on its cells into this folder.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite existing output files.")]
OnlineOpt = Annotated[bool, typer.Option("--online", help="Open every link (L007); only hosts of the rule file's online.hosts.")]
LogoOpt = Annotated[Optional[Path], typer.Option("--logo", help="The brand logo file for I009 (default: `logo:` in the nearest jdcheck.yaml).")]
AllowPrivateOpt = Annotated[bool, typer.Option("--allow-private", help="With --online: allow links that resolve to private or loopback addresses.")]


def _make_type_command(type_name: str):
    def command(
        folder: FolderArg,
        format: FormatOpt = "rich",
        lang: LangOpt = None,
        today: TodayOpt = None,
        select: SelectOpt = None,
        ignore: IgnoreOpt = None,
        strict: StrictOpt = False,
        rules: RulesOpt = None,
        debug: DebugOpt = False,
        annotate: AnnotateOpt = None,
        force: ForceOpt = False,
        online: OnlineOpt = False,
        allow_private: AllowPrivateOpt = False,
        output: OutputOpt = None,
        logo: LogoOpt = None,
    ) -> None:
        raise typer.Exit(_check(folder, type_name, format, lang, today, select, ignore, strict, rules, debug,
                                annotate, force, online, allow_private, output, logo))

    command.__doc__ = f"Check a {type_name} submission folder."
    return command


for _type in TYPES:
    app.command(_type)(_make_type_command(_type))


@app.command("check")
def check_command(
    folder: FolderArg,
    type: Annotated[Optional[str], typer.Option("--type", "-t", help="groupbuy | homepage | platform | channel (default: from jdcheck.yaml).")] = None,
    format: FormatOpt = "rich",
    lang: LangOpt = None,
    today: TodayOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    strict: StrictOpt = False,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
    annotate: AnnotateOpt = None,
    force: ForceOpt = False,
    online: OnlineOpt = False,
    allow_private: AllowPrivateOpt = False,
    output: OutputOpt = None,
    logo: LogoOpt = None,
) -> None:
    """Check a submission folder; the type comes from --type or the folder's jdcheck.yaml."""
    raise typer.Exit(_check(folder, type, format, lang, today, select, ignore, strict, rules, debug,
                            annotate, force, online, allow_private, output, logo))


def _check(folder, type_name, format, lang, today, select, ignore, strict, rules_path, debug,
           annotate_dir=None, force=False, online=False, allow_private=False, output=None, logo=None) -> int:
    from jdcheck import reporters
    from jdcheck.config import resolve
    from jdcheck.engine import run

    if format not in reporters.FORMATS:
        raise UsageFailure(f"--format must be one of {', '.join(reporters.FORMATS)}, not {format!r}")
    if allow_private and not online:
        raise UsageFailure("--allow-private only applies with --online")
    if online:
        from jdcheck.online import OnlineUnavailable, require_httpx

        try:
            require_httpx()
        except OnlineUnavailable as exc:
            raise UsageFailure(str(exc)) from None
    if not folder.exists():
        raise UsageFailure(f"folder not found: {folder}")
    if not folder.is_dir():
        raise UsageFailure(f"not a folder: {folder}")
    ruleset, options = resolve(folder, _choices(type_name, lang, today, select, ignore, strict, rules_path, debug, online,
                                                allow_private, logo))
    if annotate_dir is not None:
        _refuse_inside(annotate_dir, folder, "--annotate")
    if output is not None:
        _check_output_file(output, folder, "--output", force)
    report = run(ruleset, folder, options, exhibits="all" if format == "html" else None)
    if annotate_dir is not None:
        # before the report is printed: a refusal (an existing copy) is then the only document
        _annotate(report, ruleset, folder, annotate_dir, options.lang, force)
    reporter = reporters.get(format)
    _emit(lambda stream: reporter.render(report, stream, options.lang), format, output, options.lang)
    return EXIT_PASSED if report.passed else EXIT_FAILED


def _emit(render, format: str, output: Path | None, lang: str) -> None:
    """The report on stdout, or written to --output FILE (UTF-8 whatever the console's code page;
    the line saying so goes to stderr, so stdout stays empty for a script)."""
    if output is None:
        _prepare_stdout(machine=format != "rich")
        render(sys.stdout)
        sys.stdout.flush()
        if format == "html" and sys.stdout.isatty():  # a page of markup on the screen helps nobody
            from jdcheck.messages.report import say

            print(say("tty_hint", lang), file=sys.stderr)
    else:
        from jdcheck.messages.report import say

        _write_file(output, "--output", render)
        print(say("wrote", lang, path=output), file=sys.stderr)


def _choices(type_name, lang, today, select, ignore, strict, rules_path, debug, online=False, allow_private=False,
             logo=None):
    """The command line's check options, parsed; what it leaves out comes from jdcheck.yaml (config.py)."""
    from jdcheck.config import Choices
    from jdcheck.messages import resolve_lang

    resolve_lang(lang)  # an unknown --lang or JDCHECK_LANG stops the run here (exit 2)
    return Choices(
        type=type_name,
        rules=rules_path,
        today=_parse_today(today),
        lang=lang,
        select=_codes(select, "--select") if select is not None else None,
        ignore=_codes(ignore, "--ignore") if ignore is not None else None,
        strict=strict,
        debug=debug,
        online=online,
        allow_private=allow_private,
        logo=logo,
    )


def _refuse_inside(out: Path, folder: Path, option: str) -> None:
    """jdcheck never writes into the folder it checks (SPEC §6)."""
    if out.resolve().is_relative_to(folder.resolve()):
        raise UsageFailure(f"{option} {out} is inside the checked folder {folder}: choose a folder outside it")


def _annotate(report, ruleset, folder: Path, out: Path, lang: str, force: bool) -> None:
    """Annotated copies go to stderr's side of the terminal: stdout stays the report (JSON may be piped)."""
    from jdcheck.annotate import OutputExists, annotate
    from jdcheck.messages.fixing import say

    try:
        results = annotate(report, ruleset, folder, out, lang=lang, force=force)
    except OutputExists as exc:
        raise UsageFailure(f"{exc} exists (give --force to overwrite it)") from None
    for result in results:
        if result.path is None:
            print(say("annotate.skipped", lang, file=result.source, reason=result.reason), file=sys.stderr)
        else:
            print(say("annotate.wrote", lang, path=result.path), file=sys.stderr)


def _parse_today(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageFailure(f"--today must be a date YYYY-MM-DD, not {text!r}") from None


def _codes(text: str, option: str) -> tuple[str, ...] | None:
    from jdcheck.codes import parse_selectors

    try:
        codes = parse_selectors(text)
    except ValueError as exc:
        raise UsageFailure(f"{option}: {exc}") from None
    return codes or None  # `--select ""` (an empty $CODES in a script) is as if not given: all checks run


def _prepare_stdout(machine: bool) -> None:
    """Never fail on a console that cannot encode a character; machine output is always UTF-8."""
    stream = sys.stdout
    if not hasattr(stream, "reconfigure"):
        return
    if machine and not stream.isatty():
        stream.reconfigure(encoding="utf-8", errors="strict")
    else:
        stream.reconfigure(errors="replace")


# ── batch ────────────────────────────────────────────────────────────────────────────────────

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
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Folders checked in parallel (default: the number of cores).")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Also write the results to FILE: .json (batch JSON) or .xml (JUnit).")] = None,
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
    from jdcheck.batch import check_all
    from jdcheck.messages import resolve_lang
    from jdcheck.rulefile import load_rules

    if format not in reporters.FORMATS:
        raise UsageFailure(f"--format must be one of {', '.join(reporters.FORMATS)}, not {format!r}")
    if not root.exists():
        raise UsageFailure(f"folder not found: {root}")
    if not root.is_dir():
        raise UsageFailure(f"not a folder: {root}")
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        raise UsageFailure(f"cannot read folder {root}: {exc.strerror or exc}") from None
    if report_path is not None:
        if report_path.suffix.lower() not in REPORT_SUFFIXES:
            raise UsageFailure(f"--report must end in .json (batch JSON), .xml (JUnit) or .html (the page), not {report_path.name!r}")
        _check_output_file(report_path, root, "--report", force, batch=True)
    if output is not None:
        _check_output_file(output, root, "--output", force, batch=True)
    if annotate_dir is not None:
        # anywhere under the root: its copies, named like the folders, would be found as
        # submissions by the next batch
        _refuse_inside(annotate_dir, root, "--annotate")
        if annotate_dir.is_dir() and any(annotate_dir.iterdir()) and not force:
            raise UsageFailure(f"--annotate: {annotate_dir} is not empty; add --force to write over what is there")
    choices = _choices(None, lang, today, select, ignore, strict, rules_path, debug, online, allow_private)
    if rules_path is not None:
        load_rules(rules_path)  # a broken --rules stops the batch before anything runs (exit 2)
    language = resolve_lang(lang)
    with _batch_progress() as progress:
        wants_page = "html" in (format, REPORT_SUFFIXES.get(report_path.suffix.lower()) if report_path else None)
        batch = check_all(root, choices, jobs or os.cpu_count() or 1, progress,
                          exhibits="flagged" if wants_page else None)
    if annotate_dir is not None:
        _annotate_batch(batch, root, choices, annotate_dir, language)
    reporter = reporters.get(format)
    _emit(lambda stream: reporter.render_batch(batch, stream, language), format, output, language)
    if report_path is not None:
        report_format = reporters.get(REPORT_SUFFIXES[report_path.suffix.lower()])
        _write_file(report_path, "--report", lambda stream: report_format.render_batch(batch, stream, language))
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
        _annotate(report, ruleset, folder, out.joinpath(*parts), lang, force=True)


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


def _check_output_file(path: Path, folder: Path, option: str, force: bool, *, batch: bool = False) -> None:
    """Before anything is checked: a report file is never written into the checked folder, nor
    over an existing file without --force. A batch may write into its root itself (no submission
    there), not into a folder below it."""
    if not path.parent.is_dir() or path.is_dir():
        raise UsageFailure(f"{option}: cannot write {path} (no such folder, or it is a folder)")
    if batch:
        parent = path.parent.resolve()
        if parent != folder.resolve() and parent.is_relative_to(folder.resolve()):
            # below the root is where the submission folders are, and jdcheck never writes into one
            raise UsageFailure(f"{option} {path} is inside a folder under {folder}: write it outside, or into {folder} itself")
    else:
        _refuse_inside(path, folder, option)
    if path.exists() and not force:
        raise UsageFailure(f"{option}: {path} exists; add --force to overwrite it")


def _write_file(path: Path, option: str, render) -> None:
    """Written whole to a temporary file as UTF-8, then renamed: a CI job never reads half a
    report, and PowerShell's `>` (UTF-16) is not needed."""
    import os
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=".jdcheck-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            render(stream)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp makes it private; a report is a normal file
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UsageFailure(f"{option}: cannot write {path}: {exc.strerror or exc}") from None


# ── rule files ───────────────────────────────────────────────────────────────────────────────

rules_app = typer.Typer(help="The built-in rule files: list them, print one to start a custom file from.",
                        rich_markup_mode=None)
app.add_typer(rules_app, name="rules")


@rules_app.callback(invoke_without_command=True)
def _rules_root(context: typer.Context) -> None:
    if context.invoked_subcommand is None:  # `jdcheck rules` alone: its help, as `jdcheck` alone
        print(context.get_help())


@rules_app.command("list")
def rules_list_command() -> None:
    """List the submission types and their built-in rule files."""
    from jdcheck.config import TYPE_PREFIXES
    from jdcheck.rulefile import builtin_rule_path, load_rules

    lines = []
    for type_name in TYPES:
        path = builtin_rule_path(type_name)
        if path.is_file():
            rules = load_rules(type_name)
            name = f"{rules.name.get('zh', '')} / {rules.name.get('en', '')}"
            where = str(path)
        else:
            name, where = "-", "(no built-in rule file yet)"
        prefixes = ", ".join(f"{p}…" for p in TYPE_PREFIXES[type_name])
        lines.append(f"{type_name:<9} {name:<28} folders: {prefixes:<34} {where}")
    _prepare_stdout(machine=False)
    print("\n".join(lines))


@rules_app.command("show")
def rules_show_command(
    type: Annotated[str, typer.Argument(help="groupbuy | homepage | platform | channel", show_default=False)],
) -> None:
    """Print a type's built-in rule file, to start a custom one from (see README: extends)."""
    from jdcheck.rulefile import builtin_rule_path

    path = builtin_rule_path(type.strip().lower())  # unknown type: ConfigError, exit 2
    if not path.is_file():
        raise UsageFailure(f"no built-in rule file for {type!r} yet")
    _prepare_stdout(machine=True)
    sys.stdout.write(path.read_text(encoding="utf-8"))
    sys.stdout.flush()


# ── other commands ───────────────────────────────────────────────────────────────────────────


@app.command("explain")
def explain_command(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. I002.", show_default=False)],
    lang: LangOpt = None,
) -> None:
    """Explain a rule code: what it flags, why it costs the slot, how to fix it."""
    # No check module and no rule model is imported: the examples are texts (messages/examples.py).
    from jdcheck.codes import DEFAULT_SEVERITY, INTERNAL, UNCHECKED, unknown_selector
    from jdcheck.messages import resolve_lang
    from jdcheck.messages.examples import explain

    code = code.strip().upper()
    if code not in DEFAULT_SEVERITY and code not in (INTERNAL, UNCHECKED):
        closest = unknown_selector(code[:8]) if code else None
        hint = f"closest: {closest}" if closest else "codes look like I002"
        raise UsageFailure(f"unknown rule code {code[:40]!r} ({hint}; see README)")
    language = resolve_lang(lang)
    severity = "error" if code in (INTERNAL, UNCHECKED) or DEFAULT_SEVERITY[code].value == "error" else "warning"
    _prepare_stdout(machine=False)
    print(explain(code, language, severity))


@app.command("template")
def template_command(
    type: Annotated[str, typer.Argument(help="groupbuy | homepage | platform | channel", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The .xlsx file to write.", show_default=False)],
    lang: LangOpt = None,
    rows: Annotated[int, typer.Option("--rows", help="Rows that get drop-downs, validation and formats.", min=1, max=100_000)] = 200,
    rules: RulesOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write an empty spreadsheet template of a type, generated from its rule file."""
    from jdcheck.messages import resolve_lang
    from jdcheck.template import TemplateError, write_template

    ruleset = _load_type(type, rules)
    if out.suffix.lower() != ".xlsx":
        raise UsageFailure(f"--out must name an .xlsx file, not {out.name!r}")
    if out.exists() and not force:
        raise UsageFailure(f"{out} exists (give --force to overwrite it)")
    try:
        write_template(ruleset, out, lang=resolve_lang(lang), rows=rows)
    except TemplateError as exc:
        raise UsageFailure(str(exc)) from None
    print(out)


@app.command("fix")
def fix_command(
    type: Annotated[str, typer.Argument(help="groupbuy | homepage | platform | channel", show_default=False)],
    folder: FolderArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the fixed copy into.", show_default=False)],
    fit: Annotated[str, typer.Option("--fit", help="crop (around the centre) | pad (white borders, whole product)")] = "crop",
    lang: LangOpt = None,
    rules: RulesOpt = None,
    force: ForceOpt = False,
    logo: Annotated[Optional[Path], typer.Option("--logo", help="Put this brand logo top-left on each slot image that lacks it (I009; needs jdcheck[vision]).")] = None,
) -> None:
    """Write a fixed copy of a submission folder: images resized and re-encoded, the sheet cleaned."""
    from jdcheck.fix import FITS, FixRefused, describe, fix_folder
    from jdcheck.messages import resolve_lang
    from jdcheck.messages.fixing import say

    if fit not in FITS:
        raise UsageFailure(f"--fit must be one of {', '.join(FITS)}, not {fit!r}")
    if not folder.is_dir():
        raise UsageFailure(f"folder not found: {folder}")
    ruleset = _load_type(type, rules, folder)
    language = resolve_lang(lang)
    logo = _logo_for_fix(logo) if logo is not None else _configured_logo(folder)
    try:
        result = fix_folder(ruleset, folder, out, fit=fit, force=force)
    except FixRefused as exc:
        raise UsageFailure(str(exc)) from None
    _prepare_stdout(machine=False)
    print(say("fix.header", language, type=type, folder=folder, out=out))
    for line in describe(result, language):
        print(line)
    stamped_count = 0
    if logo is not None:
        from jdcheck.vision.stamp import stamp_folder

        for stamped in stamp_folder(ruleset, out, logo):
            key = "fix.logo" if stamped.done else "fix.logo_there" if not stamped.detail else "fix.logo_failed"
            print(say(key, language, file=stamped.file, detail=stamped.detail))
            already = any(fix.output == stamped.file for fix in result.images)
            stamped_count += stamped.done and not already
    fixed = len(result.images) - result.failed + sum(s.written for s in result.sheets) + stamped_count
    print(say("fix.summary", language, fixed=fixed, failed=result.failed, type=type, out=out))
    raise typer.Exit(EXIT_FAILED if result.failed else EXIT_PASSED)


def _logo_for_fix(logo: Path) -> Path:
    """--logo of `fix`: a readable image, and numpy to find where the logo already is."""
    from jdcheck import vision
    from jdcheck.config import logo_file
    from jdcheck.vision.logo import LogoFileError, load_logo

    logo = logo_file(Path("."), logo)  # exit 2 when missing or not an image
    if vision.missing(vision.LOGO_MODULES):
        raise UsageFailure(f'--logo needs the optional extra: {vision.INSTALL}')
    try:
        load_logo(logo)
    except LogoFileError as exc:
        raise UsageFailure(f"--logo: {logo.name}: {exc}") from None
    return logo


def _configured_logo(folder: Path) -> Path | None:
    """Without --logo, `fix` stamps the logo `check` matches for I009: `logo:` of the nearest
    jdcheck.yaml at or above the folder (config.logo_file). Where the picture checks cannot run
    (no extra, JDCHECK_VISION=off) nothing is stamped, as `check` then does not run I009."""
    from jdcheck import vision
    from jdcheck.config import logo_file
    from jdcheck.vision.logo import LogoFileError, load_logo

    logo = logo_file(folder)  # exit 2 when the configured file is missing or not an image
    if logo is None:
        return None
    try:
        vision.require(vision.LOGO_MODULES)
    except vision.Unavailable:
        return None
    try:
        load_logo(logo)
    except LogoFileError as exc:
        raise UsageFailure(f"logo: {logo.name}: {exc}") from None
    return logo


@app.command("compose")
def compose_command(
    first: Annotated[str, typer.Argument(metavar="TYPE_OR_FOLDER", help="groupbuy | homepage | platform | channel, then FOLDER; or the folder alone (type from --type or jdcheck.yaml).", show_default=False)],
    second: Annotated[Optional[Path], typer.Argument(metavar="FOLDER", help="The submission folder, after TYPE.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write what is sent into (outside the checked folder).", show_default=False)] = ...,
    type: Annotated[Optional[str], typer.Option("--type", "-t", help="groupbuy | homepage | platform | channel (default: from jdcheck.yaml).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="rich | json")] = "rich",
    lang: LangOpt = None,
    today: TodayOpt = None,
    rules: RulesOpt = None,
    subject: Annotated[Optional[str], typer.Option("--subject", help="channel: the mail's subject (default: the folder's draft's, else built from the rule file).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Compose a failing folder too, and overwrite existing output files.")] = False,
) -> None:
    """Check a folder, then write what is sent: the QQ message (消息.txt) or the channel mail (.eml)."""
    if second is None:
        folder, type_name = Path(first), type
    else:
        folder, type_name = second, first.strip().lower()
        if type is not None and type.strip().lower() != type_name:
            raise UsageFailure(f"type {first!r} and --type {type!r} disagree")
    raise typer.Exit(_compose(folder, type_name, out, format, lang, today, rules, subject, force))


def _compose(folder, type_name, out, format, lang, today, rules_path, subject, force) -> int:
    import json

    from jdcheck import reporters
    from jdcheck.compose import ComposeRefused, compose
    from jdcheck.config import resolve
    from jdcheck.messages.fixing import say

    if format not in ("rich", "json"):
        raise UsageFailure(f"--format must be rich or json, not {format!r}")
    if type_name is not None and type_name not in TYPES:
        raise UsageFailure(f"unknown submission type {type_name!r} (choose from {', '.join(TYPES)})")
    if not folder.is_dir():
        raise UsageFailure(f"folder not found: {folder}")
    _refuse_inside(out, folder, "--out")
    if out.exists() and not out.is_dir():
        raise UsageFailure(f"--out {out} exists and is not a folder")
    ruleset, options = resolve(folder, _choices(type_name=type_name, lang=lang, today=today, select=None, ignore=None,
                                                strict=False, rules_path=rules_path, debug=False))
    if subject is not None and ruleset.type != "channel":
        raise UsageFailure("--subject only applies to channel (the mail)")
    try:
        result = compose(ruleset, folder, out, options, force=force, subject=subject)
    except ComposeRefused as exc:
        raise UsageFailure(str(exc)) from None
    _prepare_stdout(machine=format == "json")
    if format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif not result.files:
        reporters.get("rich").render(result.report, sys.stdout, options.lang)
    else:
        sys.stdout.write(result.text)
    sys.stdout.flush()
    report = result.report
    if not result.files:
        print(say("compose.refused", options.lang, type=ruleset.type, folder=folder), file=sys.stderr)
    elif report.errors or report.warnings:
        print(say("compose.forced" if report.errors else "compose.warnings", options.lang, errors=report.errors,
                  warnings=report.warnings, type=ruleset.type, folder=folder), file=sys.stderr)
    for path in result.files:
        print(say("compose.wrote", options.lang, path=path), file=sys.stderr)
    return EXIT_PASSED if result.passed else EXIT_FAILED


def _load_type(type_name: str, rules_path: Path | None, folder: Path | None = None):
    """The rule set of a type: --rules, else the folder's jdcheck.yaml `rules`, else built in."""
    from jdcheck.rulefile import load_folder_config, load_rules

    if type_name not in TYPES:
        raise UsageFailure(f"unknown submission type {type_name!r} (choose from {', '.join(TYPES)})")
    config_path = folder / "jdcheck.yaml" if folder is not None else None
    if rules_path is None and config_path is not None and config_path.is_file():
        rules_path = load_folder_config(config_path).rules_path()
    ruleset = load_rules(rules_path or type_name)
    if ruleset.type != type_name:
        raise ConfigError(f"rule file is for type {ruleset.type!r}, not {type_name!r}", rules_path)
    return ruleset


@app.command("schema")
def schema_command(
    batch: Annotated[bool, typer.Option("--batch", help="The schema of `jdcheck batch --format json` instead.")] = False,
    error: Annotated[bool, typer.Option("--error", help="The schema of the document printed on exit 2 instead.")] = False,
    compose: Annotated[bool, typer.Option("--compose", help="The schema of `jdcheck compose --format json` instead.")] = False,
) -> None:
    """Print the JSON Schema of the --format json report."""
    import json

    from jdcheck.reporters.json import BATCH_SCHEMA, ERROR_SCHEMA, REPORT_SCHEMA

    if batch + error + compose > 1:
        raise UsageFailure("--batch, --error, --compose: choose one schema")
    _prepare_stdout(machine=True)
    if compose:
        from jdcheck.compose import compose_schema

        print(json.dumps(compose_schema(), ensure_ascii=False, indent=2))
        return
    schema = ERROR_SCHEMA if error else BATCH_SCHEMA if batch else REPORT_SCHEMA
    print(json.dumps(schema, ensure_ascii=False, indent=2))


# ── entry point ──────────────────────────────────────────────────────────────────────────────


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of raising SystemExit (for tests and scripts)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        argv = ["--help"]
    # Pydantic looks for plugins (observability hooks) in every installed distribution's entry
    # points the first time it builds a validator: 10–27 ms of a 0.3 s check, for hooks a
    # command-line run never uses. A user's own setting of the variable is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    fail = _Failure(json_on_stdout=_asks_for_json(argv))
    try:
        result = app(args=argv, prog_name="jdcheck", standalone_mode=False)
        return result if isinstance(result, int) else EXIT_PASSED
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        return fail("aborted")
    except (UsageFailure, ConfigError) as exc:
        return fail(str(exc))
    except BrokenPipeError:
        return EXIT_PASSED
    except KeyboardInterrupt:
        fail("interrupted")
        return 130
    except Exception as exc:
        # Click's usage errors (bad option, missing argument). Typer may vendor Click, so they are
        # recognised by their interface rather than by an import of a private module.
        if callable(getattr(exc, "format_message", None)) and isinstance(getattr(exc, "exit_code", None), int):
            return fail(exc.format_message())
        # The documented last boundary (SPEC §6: never a traceback): a bug outside the checks
        # (which become X001 findings) ends the run with one line and exit 2; --debug re-raises.
        if "--debug" in argv:
            raise
        return fail(f"internal error (a bug in jdcheck, please report it): {type(exc).__name__}: {exc}; "
                    "run with --debug for the traceback")


def _asks_for_json(argv: list[str]) -> bool:
    """--format json / -f json / --format=json anywhere on the line, read before parsing (a
    parse error is one of the failures the JSON document must report)."""
    for i, arg in enumerate(argv):
        if arg in ("--format", "-f") and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--format="):
            value = arg.partition("=")[2]
        elif arg.startswith("-f") and not arg.startswith("--") and len(arg) > 2:
            value = arg[2:]
        else:
            continue
        if value.strip().lower() == "json":
            return True
    return False


class _Failure:
    """One line on stderr, and under --format json also the ERROR_SCHEMA document on stdout, so
    stdout is one JSON document whatever happens. Returns exit 2."""

    def __init__(self, *, json_on_stdout: bool) -> None:
        self.json_on_stdout = json_on_stdout

    def __call__(self, message: str) -> int:
        line = " ".join(message.split())
        text = f"jdcheck: error: {line}"
        try:
            print(text, file=sys.stderr)
        except UnicodeEncodeError:
            print(text.encode("ascii", "backslashreplace").decode("ascii"), file=sys.stderr)
        if self.json_on_stdout:
            from jdcheck.reporters.json import render_error

            _prepare_stdout(machine=True)
            render_error(line, sys.stdout, __version__)
        return EXIT_USAGE
