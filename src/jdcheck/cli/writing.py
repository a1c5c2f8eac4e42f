"""The commands that write files for the operator: `template`, `fix` and `compose`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from jdcheck.cli.app import (
    EXIT_FAILED, EXIT_PASSED, TYPES, DebugOpt, FolderArg, ForceOpt, LangOpt, RulesOpt, TodayOpt, UsageFailure, app, load_type,
    parse_choices, prepare_stdout, refuse_inside,
)


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
    from jdcheck.template import write_template

    ruleset = load_type(type, rules)
    if out.suffix.lower() != ".xlsx":
        raise UsageFailure("out_xlsx", name=out.name)
    if out.exists() and not force:
        raise UsageFailure("exists", path=out)
    write_template(ruleset, out, lang=resolve_lang(lang), rows=rows)  # TemplateError: exit 2
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
    debug: DebugOpt = False,  # read by the last boundary (cli/__init__.py): a crash shows its traceback
) -> None:
    """Write a fixed copy of a submission folder: images resized and re-encoded, the sheet cleaned."""
    from jdcheck.fix import FITS, describe, fix_folder
    from jdcheck.messages import resolve_lang
    from jdcheck.messages.fixing import say

    if fit not in FITS:
        raise UsageFailure("one_of", option="--fit", choices=FITS, value=fit)
    if not folder.is_dir():
        raise UsageFailure("folder_not_found", folder=folder)
    # The rules `jdcheck TYPE FOLDER` would check it against: --rules, the folder's jdcheck.yaml
    # (its `rules`, and a `type` the command must not contradict), else the built-in file.
    ruleset = _folder_rules(type, folder, lang, rules)
    language = resolve_lang(lang)
    logo = _logo_for_fix(logo) if logo is not None else _configured_logo(folder)
    result = fix_folder(ruleset, folder, out, fit=fit, force=force, logo=logo)  # FixRefused: exit 2
    prepare_stdout(machine=False)
    print(say("fix.header", language, type=type, folder=folder, out=out))
    for line in describe(result, language):
        print(line)
    stamped_count = 0
    if logo is not None:
        from jdcheck.vision.stamp import stamp_folder

        for stamped in stamp_folder(ruleset, out, logo):
            key = ("fix.logo" if stamped.done else f"fix.logo_{stamped.where}" if stamped.where
                   else "fix.logo_there" if not stamped.detail else "fix.logo_failed")
            print(say(key, language, file=stamped.file, detail=stamped.detail))
            already = any(fix.output == stamped.file for fix in result.images)
            stamped_count += stamped.done and not already
    fixed = result.fixed + stamped_count
    remaining = _remaining(type, out, lang, rules)
    if remaining is not None and remaining.findings:
        counts: dict[str, int] = {}
        for finding in remaining.findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        codes = ("、" if language == "zh" else ", ").join(code if n == 1 else f"{code} ×{n}" for code, n in counts.items())
        print(say("fix.remaining" if remaining.errors else "fix.remaining_warnings", language,
                  errors=remaining.errors, warnings=remaining.warnings, codes=codes))
    print(say("fix.summary", language, fixed=fixed, failed=result.failed, type=type, out=out))
    raise typer.Exit(EXIT_FAILED if result.failed else EXIT_PASSED)


def _folder_rules(type_name: str, folder: Path, lang, rules):
    from jdcheck.config import resolve

    return resolve(folder, parse_choices(type_name, lang, None, None, None, False, rules, False))[0]


def _remaining(type_name: str, out: Path, lang, rules):
    """The report of `jdcheck TYPE OUT` on the fixed copy, without the picture checks (OCR would
    double the time of fix; `jdcheck TYPE OUT` runs them); None when the copy's configuration
    cannot be resolved (that check then says why)."""
    import dataclasses

    from jdcheck.config import resolve
    from jdcheck.engine import PICTURE_CODES, run
    from jdcheck.yamlfile import ConfigError

    try:
        ruleset, options = resolve(out, parse_choices(type_name, lang, None, None, None, False, rules, False))
    except (ConfigError, UsageFailure):
        return None
    return run(ruleset, out, dataclasses.replace(options, ignore=(*options.ignore, *PICTURE_CODES)))


def _logo_for_fix(logo: Path) -> Path:
    """--logo of `fix`: a readable image, and numpy to find where the logo already is."""
    from jdcheck import vision
    from jdcheck.config import logo_file
    from jdcheck.vision.logo import LogoFileError, load_logo

    logo = logo_file(Path("."), logo)  # exit 2 when missing or not an image
    if vision.missing(vision.LOGO_MODULES):
        raise UsageFailure("logo_extra", install=vision.INSTALL)
    try:
        load_logo(logo)
    except LogoFileError as exc:
        raise UsageFailure("named_problem", option="--logo", name=logo.name, problem=exc) from None
    return logo


def _configured_logo(folder: Path) -> Path | None:
    """Without --logo, `fix` stamps the logo `check` matches for I009: `logo:` of the nearest
    jdcheck.yaml at or above the folder (config.logo_file). Where the picture checks cannot run
    (no extra, JDCHECK_VISION=off) nothing is stamped, as `check` then does not run I009."""
    from jdcheck import vision
    from jdcheck.config import logo_file
    from jdcheck.vision.logo import LogoFileError, load_logo

    try:
        vision.require(vision.LOGO_MODULES)
    except vision.Unavailable:
        return None  # and a configured logo is not looked for, as `check` does not
    logo = logo_file(folder)  # exit 2 when the configured file is missing or not an image
    if logo is None:
        return None
    try:
        load_logo(logo)
    except LogoFileError as exc:
        raise UsageFailure("named_problem", option="logo", name=logo.name, problem=exc) from None
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
        if first.strip().lower() in TYPES and not Path(first).is_dir():  # `compose channel -o out`
            raise UsageFailure("folder_missing", command="compose", type=first)
        folder, type_name = Path(first), type
    else:
        folder, type_name = second, first.strip().lower()
        if type is not None and type.strip().lower() != type_name:
            raise UsageFailure("type_disagree", first=first, type=type)
    raise typer.Exit(_compose(folder, type_name, out, format, lang, today, rules, subject, force))


def _compose(folder, type_name, out, format, lang, today, rules_path, subject, force) -> int:
    import json

    from jdcheck import reporters
    from jdcheck.compose import compose
    from jdcheck.config import resolve
    from jdcheck.messages.errors import unknown_type
    from jdcheck.messages.fixing import say

    format = format.strip().lower()
    if format not in ("rich", "json"):
        raise UsageFailure("one_of", option="--format", choices=("rich", "json"), value=format)
    if type_name is not None and type_name not in TYPES:
        raise UsageFailure("unknown_type", **unknown_type(type_name))
    if not folder.is_dir():
        raise UsageFailure("folder_not_found", folder=folder)
    refuse_inside(out, folder, "--out")
    if out.exists() and not out.is_dir():
        raise UsageFailure("out_not_folder", out=out)
    ruleset, options = resolve(folder, parse_choices(type_name=type_name, lang=lang, today=today, select=None, ignore=None,
                                                strict=False, rules_path=rules_path, debug=False))
    if subject is not None and ruleset.type != "channel":
        raise UsageFailure("subject_channel")
    result = compose(ruleset, folder, out, options, force=force, subject=subject)  # ComposeRefused: exit 2
    report, lang = result.report, options.lang
    # Refused for a blank field, the check itself passed: its report would end on 通过/PASSED just
    # above the refusal, and an operator reading "passed" takes the message as written. What is
    # said instead, in this order: nothing was written, the blank fields, how to go on.
    refused_blank = not result.files and bool(result.blanks)
    prepare_stdout(machine=format == "json")
    if format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif not result.files:
        if not refused_blank:
            reporters.get("rich").render(result.report, sys.stdout, options.lang)
    else:
        sys.stdout.write(result.text)
    sys.stdout.flush()
    if result.brand is not None:
        brand, source = result.brand
        print(say("compose.brand", lang, brand=brand, source=say(f"compose.brand.{source}", lang, folder=folder.resolve().name)),
              file=sys.stderr)
    if refused_blank:
        print(say("compose.blank_refused", lang, count=len(result.blanks)), file=sys.stderr)
    for blank in result.blanks:
        print(("  " if refused_blank else "") + blank.describe(lang), file=sys.stderr)
    if not result.files:
        # The formula hint only where a blank is a cell: a missing picture is no formula.
        cells = any(blank.column is not None or blank.cell is not None for blank in result.blanks)
        key = ("compose.blank_next" if cells else "compose.blank_next_files") if refused_blank else "compose.refused"
        print(say(key, lang, type=ruleset.type, folder=folder), file=sys.stderr)
    else:
        if report.errors or report.warnings:
            print(say("compose.forced" if report.errors else "compose.warnings", lang, errors=report.errors,
                      warnings=report.warnings, type=ruleset.type, folder=folder), file=sys.stderr)
        if result.blanks:
            print(say("compose.blank_forced", lang, count=len(result.blanks)), file=sys.stderr)
    for path in result.files:
        print(say("compose.wrote", lang, path=path), file=sys.stderr)
    if result.others:
        print(say("compose.others", lang, out=out, files=say("compose.list_separator", lang).join(p.name for p in result.others)),
              file=sys.stderr)
    return EXIT_PASSED if result.passed else EXIT_FAILED
