"""The check commands: `jdcheck groupbuy FOLDER` (one per submission type) and `jdcheck check`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from jdcheck.cli.app import (
    EXIT_FAILED, EXIT_PASSED, TYPES, AllowPrivateOpt, AnnotateOpt, DebugOpt, FolderArg, ForceOpt, FormatOpt,
    IgnoreOpt, LangOpt, LogoOpt, OnlineOpt, OutputOpt, RootOpt, RulesOpt, SelectOpt, StrictOpt, TodayOpt, UsageFailure, app,
    annotate_folder, check_annotate_folder, check_output_file, emit, parse_choices, stdout_or_file,
)


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
        root: RootOpt = None,
    ) -> None:
        raise typer.Exit(_check(folder, type_name, format, lang, today, select, ignore, strict, rules, debug,
                                annotate, force, online, allow_private, output, logo, root))

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
    root: RootOpt = None,
) -> None:
    """Check a submission folder; the type comes from --type or the folder's jdcheck.yaml."""
    raise typer.Exit(_check(folder, type, format, lang, today, select, ignore, strict, rules, debug,
                            annotate, force, online, allow_private, output, logo, root))


def _check(folder, type_name, format, lang, today, select, ignore, strict, rules_path, debug,
           annotate_dir=None, force=False, online=False, allow_private=False, output=None, logo=None,
           root=None) -> int:
    from jdcheck import reporters
    from jdcheck.config import resolve
    from jdcheck.engine import run

    format = format.strip().lower()  # JSON, Json: as _machine_format reads it
    if format not in reporters.FORMATS:
        raise UsageFailure("one_of", option="--format", choices=reporters.FORMATS, value=format)
    if allow_private and not online:
        raise UsageFailure("allow_private")
    if online:
        from jdcheck.online import require_httpx

        require_httpx()  # OnlineUnavailable: exit 2
    if not folder.exists():
        raise UsageFailure("folder_not_found", folder=folder)
    if not folder.is_dir():
        raise UsageFailure("not_folder", folder=folder)
    if root is not None and not folder.resolve().is_relative_to(root.resolve()):
        # (one folder of a batch, configured as `jdcheck batch ROOT` configures it)
        raise UsageFailure("not_under_root", root=root, folder=folder)
    ruleset, options = resolve(folder, parse_choices(type_name, lang, today, select, ignore, strict, rules_path, debug, online,
                                                allow_private, logo), root=root, batch=False)
    if annotate_dir is not None:
        check_annotate_folder(annotate_dir, folder)
    output = stdout_or_file(output)
    if output is not None:
        check_output_file(output, folder, "--output", force)
    report = run(ruleset, folder, options, exhibits="all" if format == "html" else None)
    if report.ran_nothing:
        raise UsageFailure("nothing_ran", codes=tuple(code for code, _ in report.not_run), reason=report.not_run[0][1])
    if annotate_dir is not None:
        # before the report is printed: a refusal (an existing copy) is then the only document
        annotate_folder(report, ruleset, folder, annotate_dir, options.lang, force)
    reporter = reporters.get(format)
    emit(lambda stream: reporter.render(report, stream, options.lang), format, output, options.lang)
    return EXIT_PASSED if report.passed else EXIT_FAILED
