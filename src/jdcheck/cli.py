"""The command line: parse, load, run, render, exit. The only module that imports typer.

Exit codes (SPEC §5): 0 passed, 1 errors found (or warnings with --strict), 2 usage or rule-file
error. Every failure is one line on stderr; a traceback is never what the operator sees.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from jdcheck import __version__
from jdcheck.codes import TYPES  # not from rulefile: --help must not build the Pydantic models
from jdcheck.yamlfile import ConfigError

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # no DST since 1991: no tz database needed

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
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="rich | json | junit")]
LangOpt = Annotated[Optional[str], typer.Option("--lang", help="zh | en (default zh, or JDCHECK_LANG).")]
TodayOpt = Annotated[Optional[str], typer.Option("--today", help="Date for date rules, YYYY-MM-DD (default: today in China).")]
SelectOpt = Annotated[Optional[str], typer.Option("--select", help="Only these codes or prefixes, comma-separated (e.g. I,S002).")]
IgnoreOpt = Annotated[Optional[str], typer.Option("--ignore", help="Skip these codes or prefixes, comma-separated.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
RulesOpt = Annotated[Optional[Path], typer.Option("--rules", help="A rule file replacing the built-in one.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of crashing checks.")]


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
    ) -> None:
        raise typer.Exit(_check(folder, type_name, format, lang, today, select, ignore, strict, rules, debug))

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
) -> None:
    """Check a submission folder; the type comes from --type or the folder's jdcheck.yaml."""
    raise typer.Exit(_check(folder, type, format, lang, today, select, ignore, strict, rules, debug))


def _check(folder, type_name, format, lang, today, select, ignore, strict, rules_path, debug) -> int:
    from jdcheck import reporters
    from jdcheck.engine import Options, run
    from jdcheck.findings import Severity
    from jdcheck.messages import resolve_lang
    from jdcheck.rulefile import load_folder_config, load_rules

    if format not in reporters.FORMATS:
        raise UsageFailure(f"--format must be one of {', '.join(reporters.FORMATS)}, not {format!r}")
    if not folder.exists():
        raise UsageFailure(f"folder not found: {folder}")
    if not folder.is_dir():
        raise UsageFailure(f"not a folder: {folder}")
    config_path = folder / "jdcheck.yaml"
    config = load_folder_config(config_path) if config_path.is_file() else None
    type_name = type_name or (config.type if config else None)
    if type_name is None:
        raise UsageFailure("no submission type: give --type (groupbuy, homepage, platform, channel) or set `type` in jdcheck.yaml")
    if type_name not in TYPES:
        raise UsageFailure(f"unknown submission type {type_name!r} (choose from {', '.join(TYPES)})")
    source = rules_path or (config.rules_path() if config else None) or type_name
    ruleset = load_rules(source)
    if ruleset.type != type_name:
        raise ConfigError(f"rule file is for type {ruleset.type!r}, not {type_name!r}", getattr(source, "name", source))
    options = Options(
        today=_parse_today(today) or (config.today if config else None) or dt.datetime.now(CHINA).date(),
        lang=resolve_lang(lang),
        select=_codes(select) if select else (config.select if config else None),
        ignore=_codes(ignore) if ignore else (config.ignore if config else ()),
        severity=dict(config.severity) if config else {},
        strict=strict,
        debug=debug,
    )
    report = run(ruleset, folder, options)
    _prepare_stdout(machine=format != "rich")
    reporters.get(format).render(report, sys.stdout, options.lang)
    sys.stdout.flush()
    return EXIT_PASSED if report.passed else EXIT_FAILED


def _parse_today(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageFailure(f"--today must be a date YYYY-MM-DD, not {text!r}") from None


def _codes(text: str) -> tuple[str, ...]:
    import re

    codes = tuple(part.strip().upper() for part in re.split(r"[,\s]+", text) if part.strip())
    for code in codes:
        if not re.fullmatch(r"[A-Z]\d{0,3}", code):
            raise UsageFailure(f"not a rule code or prefix: {code!r} (e.g. I002, S, L00)")
    return codes


def _prepare_stdout(machine: bool) -> None:
    """Never fail on a console that cannot encode a character; machine output is always UTF-8."""
    stream = sys.stdout
    if not hasattr(stream, "reconfigure"):
        return
    if machine and not stream.isatty():
        stream.reconfigure(encoding="utf-8", errors="strict")
    else:
        stream.reconfigure(errors="replace")


# ── other commands ───────────────────────────────────────────────────────────────────────────


@app.command("explain")
def explain_command(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. I002.", show_default=False)],
    lang: LangOpt = None,
) -> None:
    """Explain a rule code: what it flags, why it costs the slot, how to fix it."""
    from jdcheck.checks import registry
    from jdcheck.codes import DEFAULT_SEVERITY, INTERNAL
    from jdcheck.messages import entry, resolve_lang, ui

    code = code.strip().upper()
    if code not in DEFAULT_SEVERITY and code != INTERNAL:
        raise UsageFailure(f"unknown rule code {code!r} (codes look like I002; see README)")
    language = resolve_lang(lang)
    item = entry(code, language)
    severity = ui("error" if code == INTERNAL or DEFAULT_SEVERITY[code].value == "error" else "warning", language)
    fixes = [item["fix"]] if isinstance(item["fix"], str) else list(dict.fromkeys(item["fix"].values()))
    lines = [f"{code} ({severity}): {item['title']}", "", item["explain"], ""]
    lines += [f"{ui('fix', language)}: {fix}" for fix in fixes]
    definition = registry().get(code)
    if language == "en" and definition is not None and definition.doc:
        lines += ["", " ".join(definition.doc.split())]  # the check's own docstring: examples
    _prepare_stdout(machine=False)
    print("\n".join(lines))


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the --format json report."""
    import json

    from jdcheck.reporters.json import REPORT_SCHEMA

    _prepare_stdout(machine=True)
    print(json.dumps(REPORT_SCHEMA, ensure_ascii=False, indent=2))


# ── entry point ──────────────────────────────────────────────────────────────────────────────


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of raising SystemExit (for tests and scripts)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        argv = ["--help"]
    try:
        result = app(args=argv, prog_name="jdcheck", standalone_mode=False)
        return result if isinstance(result, int) else EXIT_PASSED
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _fail("aborted")
        return EXIT_USAGE
    except (UsageFailure, ConfigError) as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_PASSED
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except Exception as exc:
        # Click's usage errors (bad option, missing argument). Typer may vendor Click, so they are
        # recognised by their interface rather than by an import of a private module.
        if callable(getattr(exc, "format_message", None)) and isinstance(getattr(exc, "exit_code", None), int):
            _fail(exc.format_message())
            return EXIT_USAGE
        raise


def _fail(message: str) -> None:
    text = f"jdcheck: error: {' '.join(message.split())}"
    try:
        print(text, file=sys.stderr)
    except UnicodeEncodeError:
        print(text.encode("ascii", "backslashreplace").decode("ascii"), file=sys.stderr)

