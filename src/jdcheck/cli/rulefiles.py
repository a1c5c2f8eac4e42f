"""`jdcheck rules list|show`: the built-in rule files."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jdcheck.cli.app import TYPES, UsageFailure, app, prepare_stdout

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
    from jdcheck.config import TYPE_WORDS
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
        prefixes = ", ".join(word.replace(" ", "") for word in TYPE_WORDS[type_name])
        lines.append(f"{type_name:<9} {name:<28} folders: {prefixes:<34} {where}")
    prepare_stdout(machine=False)
    print("\n".join(lines))


@rules_app.command("show")
def rules_show_command(
    type: Annotated[str, typer.Argument(help="groupbuy | homepage | platform | channel", show_default=False)],
) -> None:
    """Print a type's built-in rule file, to start a custom one from (see README: extends)."""
    from jdcheck.rulefile import builtin_rule_path

    path = builtin_rule_path(type.strip().lower())  # unknown type: ConfigError, exit 2
    if not path.is_file():
        raise UsageFailure("no_builtin", type=type)
    prepare_stdout(machine=True)
    sys.stdout.write(path.read_text(encoding="utf-8"))
    sys.stdout.flush()
