"""The commands that document: `jdcheck explain CODE` and `jdcheck schema`."""

from __future__ import annotations

from typing import Annotated

import typer

from jdcheck.cli.app import LangOpt, UsageFailure, app, prepare_stdout
from jdcheck.messages.errors import Text


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
        hint = Text("closest", code=closest) if closest else Text("codes_look_like")
        raise UsageFailure("unknown_code", code=code[:40], hint=hint)
    language = resolve_lang(lang)
    severity = "error" if code in (INTERNAL, UNCHECKED) or DEFAULT_SEVERITY[code].value == "error" else "warning"
    prepare_stdout(machine=False)
    print(explain(code, language, severity))


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
        raise UsageFailure("one_schema")
    prepare_stdout(machine=True)
    if compose:
        from jdcheck.compose import compose_schema

        print(json.dumps(compose_schema(), ensure_ascii=False, indent=2))
        return
    schema = ERROR_SCHEMA if error else BATCH_SCHEMA if batch else REPORT_SCHEMA
    print(json.dumps(schema, ensure_ascii=False, indent=2))
