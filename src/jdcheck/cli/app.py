"""What every command shares: the Typer app, the options, exit codes, and the helpers that
parse choices and write output. The command modules register themselves on `app`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from jdcheck import __version__
from jdcheck.codes import TYPES  # not from rulefile: --help must not build the Pydantic models
from jdcheck.messages.errors import Failure, Text, os_reason, unknown_type
from jdcheck.yamlfile import ConfigError

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a program ended by Ctrl-C

app = typer.Typer(
    name="jdcheck",
    help="Pre-flight checker for JD.com promotion submissions (京东资源提报预检).",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class UsageFailure(Failure):
    """A bad argument: printed as one line in the report's language (messages/errors.py), exit 2."""


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


# ── options shared by commands ───────────────────────────────────────────────────────────────────────

FolderArg = Annotated[Path, typer.Argument(help="The submission folder.", show_default=False)]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="rich | json | junit | html")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", help="Write the report to FILE (UTF-8) instead of stdout (- is stdout); --force replaces an existing file.")]
LangOpt = Annotated[Optional[str], typer.Option("--lang", help="zh | en (default zh, or JDCHECK_LANG).")]
TodayOpt = Annotated[Optional[str], typer.Option("--today", help="Date for date rules, YYYY-MM-DD (default: today in China).")]
# Given again, an option adds to what it was given (--select P009 --select P004 is P009,P004): taking
# the last alone hid the first one's errors and passed the folder (newcomer round 10).
SelectOpt = Annotated[Optional[list[str]], typer.Option("--select", metavar="CODES", help="Only these codes or prefixes, comma-separated or the option given again (e.g. I,S002).")]
IgnoreOpt = Annotated[Optional[list[str]], typer.Option("--ignore", metavar="CODES", help="Skip these codes or prefixes, comma-separated or the option given again.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
RulesOpt = Annotated[Optional[Path], typer.Option("--rules", help="A rule file replacing the built-in one.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of crashing checks.")]
AnnotateOpt = Annotated[Optional[Path], typer.Option("--annotate", help="Write a copy of each spreadsheet with the findings marked on its cells into this folder.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite existing output files.")]
OnlineOpt = Annotated[bool, typer.Option("--online", help="Open every link (L007); only hosts of the rule file's online.hosts.")]
LogoOpt = Annotated[Optional[Path], typer.Option("--logo", help="The brand logo file for I009 (default: `logo:` in the nearest jdcheck.yaml).")]
RootOpt = Annotated[Optional[Path], typer.Option("--root", help="The batch's ROOT: also read the jdcheck.yaml files of the folders from ROOT down to FOLDER, as `jdcheck batch ROOT` does.")]
AllowPrivateOpt = Annotated[bool, typer.Option("--allow-private", help="With --online: allow links that resolve to private or loopback addresses.")]


# ── shared helpers ─────────────────────────────────────────────────────────────────────────────


def stdout_or_file(output: Path | None) -> Path | None:
    """`--output -` is stdout, as for most command-line tools (not a file named "-")."""
    return None if output is not None and str(output) == "-" else output


def emit(render, format: str, output: Path | None, lang: str) -> None:
    """The report on stdout, or written to --output FILE (UTF-8 whatever the console's code page;
    the line saying so goes to stderr, so stdout stays empty for a script)."""
    if output is None:
        prepare_stdout(machine=format != "rich")
        try:
            render(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # `jdcheck … | head -1`: the reader has what it wanted. The exit code still gives the
            # verdict: a passing folder is no failure because its report was not read to the end.
            stdout_to_devnull()
            return
        if format == "html" and sys.stdout.isatty():  # a page of markup on the screen helps nobody
            from jdcheck.messages.report import say

            print(say("tty_hint", lang), file=sys.stderr)
    else:
        from jdcheck.messages.report import say

        write_file(output, "--output", render)
        print(say("wrote", lang, path=output), file=sys.stderr)


def stdout_to_devnull() -> None:
    """After a broken pipe, Python's own flush of stdout at exit would fail again and print a
    warning: what is left in the buffer goes nowhere instead (Python docs, "Note on SIGPIPE")."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout replaced by something without a descriptor (tests)
        pass


def parse_choices(type_name, lang, today, select, ignore, strict, rules_path, debug, online=False, allow_private=False,
             logo=None):
    """The command line's check options, parsed; what it leaves out comes from jdcheck.yaml (config.py)."""
    from jdcheck.config import Choices
    from jdcheck.messages import resolve_lang

    from jdcheck.codes import DEFAULT_SEVERITY
    from jdcheck.engine import Options

    resolve_lang(lang)  # an unknown --lang or JDCHECK_LANG stops the run here (exit 2)
    selected = _codes(select, "--select") if select is not None else None
    ignored = _codes(ignore, "--ignore") if ignore is not None else None
    wanted = Options(today=dt.date.today(), select=selected, ignore=ignored or ())
    if not any(wanted.wants(code) for code in DEFAULT_SEVERITY):
        # before anything is read, whatever the folders' types: `--select S --ignore S` runs nothing
        raise UsageFailure("nothing_selected", selection=Text("selection", select=selected or Text("word.all"),
                                                              ignore=ignored or Text("word.none")))
    return Choices(
        type=type_name,
        rules=rules_path,
        today=_parse_today(today),
        lang=lang,
        select=selected,
        ignore=ignored,
        strict=strict,
        debug=debug,
        online=online,
        allow_private=allow_private,
        logo=logo,
    )


def refuse_inside(out: Path, folder: Path, option: str) -> None:
    """jdcheck never writes into the folder it checks (SPEC §6)."""
    if out.resolve().is_relative_to(folder.resolve()):
        raise UsageFailure("inside_folder", option=option, out=out, folder=folder)


def annotate_folder(report, ruleset, folder: Path, out: Path, lang: str, force: bool) -> None:
    """Annotated copies go to stderr's side of the terminal: stdout stays the report (JSON may be piped)."""
    from jdcheck.annotate import annotate
    from jdcheck.messages.fixing import say

    results = annotate(report, ruleset, folder, out, lang=lang, force=force)  # OutputExists: exit 2
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
        raise UsageFailure("today", value=text) from None


def _codes(given: str | list[str], option: str) -> tuple[str, ...] | None:
    """The codes of every `option` given, each a comma-separated list."""
    from jdcheck.codes import parse_selectors

    try:
        codes = parse_selectors(given if isinstance(given, str) else ",".join(given))
    except ValueError as exc:
        raise UsageFailure("option_problem", option=option, problem=exc) from None
    return codes or None  # `--select ""` (an empty $CODES in a script) is as if not given: all checks run


def prepare_stdout(machine: bool) -> None:
    """Never fail on a console that cannot encode a character; machine output is always UTF-8."""
    stream = sys.stdout
    if not hasattr(stream, "reconfigure"):
        return
    if machine and not stream.isatty():
        stream.reconfigure(encoding="utf-8", errors="strict")
    else:
        stream.reconfigure(errors="replace")


def check_output_file(path: Path, folder: Path, option: str, force: bool, *, batch: bool = False) -> None:
    """Before anything is checked: a report file is never written into the checked folder, nor
    over an existing file without --force. A batch may write into its root itself (no submission
    there), not into a folder below it."""
    if not path.parent.is_dir() or path.is_dir():
        raise UsageFailure("cannot_write_place", option=option, path=path)
    if batch:
        parent = path.parent.resolve()
        if parent != folder.resolve() and parent.is_relative_to(folder.resolve()):
            # below the root is where the submission folders are, and jdcheck never writes into one
            raise UsageFailure("inside_batch", option=option, path=path, folder=folder)
    else:
        refuse_inside(path, folder, option)
    if path.exists() and not force:
        raise UsageFailure("output_exists", option=option, path=path)
    _probe_writable(path.parent, path, option)


def check_annotate_folder(out: Path, folder: Path) -> None:
    """Before anything is checked: --annotate DIR is outside the checked folder, and a place where
    this user can write (DIR or the nearest folder above it that exists)."""
    refuse_inside(out, folder, "--annotate")
    existing = next(place for place in (out, *out.parents) if place.exists())
    if not existing.is_dir():
        raise UsageFailure("cannot_write_place", option="--annotate", path=out)
    _probe_writable(existing, out, "--annotate")


def _probe_writable(directory: Path, path: Path, option: str) -> None:
    """A report or copy that cannot be written is said now, not after a batch of minutes: a hidden
    file is made in `directory`, where `path` will go, and removed (a read-only share, a system
    folder)."""
    import os

    handle, probe = _hidden_file(directory, path, option)
    os.close(handle)
    os.unlink(probe)


def _hidden_file(directory: Path, path: Path, option: str) -> tuple[int, str]:
    """A new hidden file in `directory` for `path` (mkstemp's handle and name); a place where none
    can be made (missing, read-only, a system folder) is `option`'s one-line failure."""
    import tempfile

    try:
        return tempfile.mkstemp(prefix=".jdcheck-", suffix=path.suffix, dir=directory)
    except OSError as exc:
        raise UsageFailure("cannot_write", option=option, path=path, reason=os_reason(exc)) from None


def write_file(path: Path, option: str, render) -> None:
    """Written whole to a temporary file as UTF-8, then renamed: a CI job never reads half a
    report, and PowerShell's `>` (UTF-16) is not needed."""
    import os

    handle, temporary = _hidden_file(path.parent, path, option)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            render(stream)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp makes it private; a report is a normal file
        os.replace(temporary, path)
    except BaseException as exc:  # Ctrl-C included: no half-written hidden file is left beside the report
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UsageFailure("cannot_write", option=option, path=path, reason=os_reason(exc)) from None
        raise


def load_type(type_name: str, rules_path: Path | None):
    """The rule set of a type, for a command without a folder: --rules, else the built-in file."""
    from jdcheck.rulefile import load_rules

    if type_name not in TYPES:
        raise UsageFailure("unknown_type", **unknown_type(type_name))
    ruleset = load_rules(rules_path or type_name)
    if ruleset.type != type_name:
        raise ConfigError("rules_other_type", rules_path, actual=ruleset.type, wanted=type_name)
    return ruleset
