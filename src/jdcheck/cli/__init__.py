"""The command line: parse, load, run, render, exit. The only package that imports typer.

Exit codes (SPEC §5): 0 passed, 1 errors found (or warnings with --strict), 2 usage or rule-file
error. Every failure is one line on stderr; a traceback is never what the operator sees.

`app.py` holds the Typer app, the shared options and helpers; each command module registers its
commands on it when imported below, in the order `jdcheck --help` lists them.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

import typer

from jdcheck import __version__
# Imported for their commands, in the order --help lists them.
from jdcheck.cli import checking  # noqa: F401, I001
from jdcheck.cli import batching  # noqa: F401
from jdcheck.cli import rulefiles  # noqa: F401
from jdcheck.cli import docs  # noqa: F401
from jdcheck.cli import writing  # noqa: F401
from jdcheck.cli.app import EXIT_INTERRUPTED, EXIT_PASSED, EXIT_USAGE, app, prepare_stdout, stdout_to_devnull
from jdcheck.messages.errors import ClickText, Failure, Text

__all__ = ["app", "main", "run"]


def run() -> NoReturn:
    """The `jdcheck` program (console script, `python -m jdcheck`): main() in a process of its own.

    A check makes and drops objects by the hundred thousand (cells, rows, findings, the rule models),
    and Python's collector, tuned for small heaps, walks them again and again: a collection every 700
    new objects cost 13 ms of a 0.25 s check and 64 ms of a 2,000-row one. A collection every 10,000
    keeps cycles from piling up (a batch's worker lives for thousands of folders) at a fraction of the
    cost. At the end, Python's shutdown collects everything once more, 20–40 ms to free memory the
    system takes back anyway: frozen, the objects are left to reference counting (what is open is
    written and closed by then). Interrupted (Ctrl-C, exit 130), it ends at once (_end_now).
    main() stays as it is for tests and scripts that call it in their own process."""
    gc.set_threshold(10_000, 10, 10)
    try:
        code = main()
    except KeyboardInterrupt:  # a second Ctrl-C while the first was being handled
        code = EXIT_INTERRUPTED
    if code == EXIT_INTERRUPTED:
        _end_now(code)
    gc.freeze()
    sys.exit(code)


def _end_now(code: int) -> NoReturn:
    """Interrupted: end at once. Python's own exit would wait for the worker pools' threads and
    queues, where a second Ctrl-C printed a traceback; the workers end with this process
    (jdcheck.workers), and a report being written is removed already (app.write_file)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - a closed pipe, a third Ctrl-C: nothing more to say
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of raising SystemExit (for tests and scripts)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        argv = ["--help"]
    # Pydantic looks for plugins (observability hooks) in every installed distribution's entry
    # points the first time it builds a validator: 10–27 ms of a 0.3 s check, for hooks a
    # command-line run never uses. A user's own setting of the variable is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    fail = _Failure(document=_machine_format(argv), lang=_lang_of(argv))
    try:
        result = app(args=argv, prog_name="jdcheck", standalone_mode=False)
        return result if isinstance(result, int) else EXIT_PASSED
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        return fail(Text("aborted"))
    except Failure as exc:  # a bad argument, jdcheck.yaml or rule file (UsageFailure, ConfigError …)
        return fail(exc)
    except BrokenPipeError:  # `jdcheck … | head`: the reader has what it wanted
        stdout_to_devnull()
        return EXIT_PASSED
    except KeyboardInterrupt:
        fail(Text("interrupted"))
        return EXIT_INTERRUPTED
    except Exception as exc:
        # Click's usage errors (bad option, missing argument). Typer may vendor Click, so they are
        # recognised by their interface rather than by an import of a private module.
        if callable(getattr(exc, "format_message", None)) and isinstance(getattr(exc, "exit_code", None), int):
            return fail(ClickText(exc))
        # The documented last boundary (SPEC §6: never a traceback): a bug outside the checks
        # (which become X001 findings) ends the run with one line and exit 2; --debug re-raises.
        if "--debug" in argv:
            raise
        return fail(Text("internal", error=f"{type(exc).__name__}: {exc}"))


def _given(argv: list[str], name: str, short: str | None = None) -> list[str]:
    """Every value given to option `name` (`--format json`, `--format=json`, and with `short`
    `-f json`, `-fjson`), read before parsing: a parse error is one of the failures to report."""
    values = []
    for i, arg in enumerate(argv):
        if arg in (name, short) and i + 1 < len(argv):
            values.append(argv[i + 1])
        elif arg.startswith(name + "="):
            values.append(arg.partition("=")[2])
        elif short and arg.startswith(short) and not arg.startswith("--") and len(arg) > len(short):
            values.append(arg[len(short):])
    return values


def _machine_format(argv: list[str]) -> str | None:
    """"json" or "junit" when --format asks for one anywhere on the line (its error document must
    go to stdout), else None; the last one given wins, as the option does."""
    given = [value.strip().lower() for value in _given(argv, "--format", "-f")]
    return given[-1] if given and given[-1] in ("json", "junit") else None


def _lang_of(argv: list[str]) -> str:
    """The language of the report, decided as the commands decide it (--lang, else JDCHECK_LANG,
    else zh) but read before parsing: a parse error is said in it too. A value that is no language
    gives Chinese for the line that says so."""
    from jdcheck.messages import resolve_lang

    given = _given(argv, "--lang")
    try:
        return resolve_lang(given[-1] if given else None)
    except Failure:
        return "zh"


class _Failure:
    """One line on stderr in the report's language, and under --format json or junit also an
    error document on stdout (ERROR_SCHEMA; a JUnit test case in error), so stdout is one
    document of the format asked for whatever happens. Returns exit 2."""

    def __init__(self, *, document: str | None, lang: str) -> None:
        self.document, self.lang = document, lang

    def __call__(self, failure) -> int:
        """`failure`: anything with `render(lang)` (a Failure, a Text, Click's error)."""
        line = " ".join(failure.render(self.lang).split())
        text = f"jdcheck: error: {line}"
        try:
            print(text, file=sys.stderr)
        except UnicodeEncodeError:
            print(text.encode("ascii", "backslashreplace").decode("ascii"), file=sys.stderr)
        if self.document is not None:
            if self.document == "json":
                from jdcheck.reporters.json import render_error
            else:
                from jdcheck.reporters.junit import render_error

            prepare_stdout(machine=True)
            try:
                render_error(line, sys.stdout, __version__)
                sys.stdout.flush()
            except BrokenPipeError:
                stdout_to_devnull()
        return EXIT_USAGE
