"""run(rules, folder) -> Report: scan the folder, run the enabled checks, localize the findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jdcheck import __version__
from jdcheck.checks import CheckDef, Context, NotRun, registry
from jdcheck.codes import DEFAULT_SEVERITY, INTERNAL, UNCHECKED
from jdcheck.findings import CellRef, Finding, Hit, Report, Severity
from jdcheck.materials import RoleReader, Submission, scan
from jdcheck.messages import Term, render, term, ui
from jdcheck.rulefile import CheckOptions, RuleSet


@dataclass(frozen=True)
class Options:
    """How one run is asked for: the command line merged with the folder's jdcheck.yaml."""

    today: dt.date
    lang: str = "zh"
    select: tuple[str, ...] | None = None  # codes or code prefixes ("S", "I00")
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    strict: bool = False
    debug: bool = False
    online: bool = False  # --online: L007 fetches links
    allow_private: bool = False  # --allow-private: let --online reach private/loopback addresses
    logo: Path | None = None  # the brand logo file (--logo, or `logo:` in the nearest jdcheck.yaml): I009
    # Read the role of screenshots named only "截图"/"QQ截图…" from their content (SPEC §7);
    # materials.RoleReader. Empty: roles come from file names alone.
    role_readers: tuple[RoleReader, ...] = ()

    def wants(self, code: str) -> bool:
        if self.select is not None and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


def run(rules: RuleSet, folder: Path, options: Options, *, exhibits: str | None = None) -> Report:
    """The report of a folder. `exhibits` "all" or "flagged" also attaches what the HTML page
    shows beside the findings (exhibits.py), from the materials the checks opened."""
    submission = scan(folder, rules, options.logo)
    report = evaluate(rules, submission, options)
    if exhibits is not None:
        from jdcheck.exhibits import collect

        report.exhibits = collect(submission, report.findings, flagged_only=exhibits == "flagged")
    return report


def evaluate(rules: RuleSet, submission: Submission, options: Options) -> Report:
    # A large folder's images are read on the other cores from here on (whether or not a check
    # asks for them: the workers stop with the checks), while this process imports the checks,
    # reads the screenshots' roles and the spreadsheet.
    with submission.inspecting_images():
        submission.resolve_screenshot_roles(options.role_readers)
        offline = () if options.online else tuple(code for code, c in registry().items() if c.online)
        enabled = {code: opt for code, opt in rules.enabled_checks.items() if options.wants(code) and code not in offline}
        checks = [c for code, c in registry().items() if code in enabled]
        verifier = None
        if options.online and any(c.online for c in checks):
            from jdcheck.online import LinkVerifier

            verifier = LinkVerifier(rules.online, allow_private=options.allow_private)
        context = Context(rules=rules, today=options.today, submission=submission, online=verifier, logo=options.logo)
        findings: list[Finding] = []
        from jdcheck.checks.pictures import cannot_run  # loaded with the registry

        not_run: dict[str, NotRun] = cannot_run(enabled, with_logo=options.logo is not None)

        def emit(check: CheckDef, func, subject, default_file: str | None) -> None:
            if check.code in not_run:
                return
            options_ = enabled[check.code]
            try:
                hits = _safely(check.code, func, subject, options_, context, options.debug)
            except NotRun as reason:
                not_run[check.code] = reason
                return
            for hit in hits:
                findings.append(_finding(check.code, hit, default_file, options_, options))

        for kind in ("sheet", "email", "html", "image"):
            kind_checks = [c for c in checks if c.kind == kind]
            for material in submission.of_kind(kind):
                readable = _readable(material)
                for check in kind_checks:
                    func = check.for_material(readable)
                    if func is not None:
                        emit(check, func, material, material.rel)
        for check in checks:
            if check.kind == "submission":
                emit(check, check.func, submission, None)

    findings = _without_superseded(findings, checks)
    findings = [_located(f, submission) for f in findings]
    findings.sort(key=lambda f: f.sort_key)  # after _located: the column's position orders a row
    return Report(
        tool="jdcheck",
        version=__version__,
        type=rules.type,
        # A path given in another code page's bytes: shown with U+FFFD, never a lone surrogate
        # that no output encoding can write.
        folder=os.fsencode(submission.folder).decode("utf-8", "replace"),
        files=submission.file_count,
        findings=findings,
        strict=options.strict,
        checked=tuple(sorted(set(enabled) - set(not_run))),
        not_run=[(code, _not_run_reason(reason, options.lang)) for code, reason in sorted(not_run.items())],
    )


# The codes that look at pictures (SPEC §7): what they need is the optional extra jdcheck[vision].
PICTURE_CODES = ("I009", "I010", "P009")


def _not_run_reason(reason: NotRun, lang: str) -> str:
    from jdcheck.vision import INSTALL

    return ui(f"not_run_{reason.reason}", lang, detail=reason.detail, install=INSTALL)


def unchecked(folder: str, type_name: str | None, detail: str, variant: str | None, options: Options) -> Report:
    """The report of a folder that could not be checked at all: one X002 error with the reason.

    `variant` "config" for a broken jdcheck.yaml or rule file, None for an unreadable folder."""
    message, fix = render(UNCHECKED, variant, {"detail": detail}, options.lang)
    finding = Finding(code=UNCHECKED, severity=Severity.ERROR, file=None, row=None, column=None,
                      message=message, expected=None, actual=None, fix=fix)
    return Report(tool="jdcheck", version=__version__, type=type_name, folder=folder, files=0,
                  findings=[finding], strict=options.strict, checked=(UNCHECKED,))


def _located(finding: Finding, submission: Submission) -> Finding:
    """The finding with its cell in the workbook, when it is about a spreadsheet with a header."""
    sheet = next((m for m in submission.of_kind("sheet") if m.rel == finding.file), None)
    table = sheet.table if sheet is not None and sheet.error is None else None
    if table is None:
        return finding
    column = table.column_index(finding.column) if finding.column is not None else None
    return dataclasses.replace(finding, cell=CellRef(table.sheet.name, column), sheet=table.named_sheet)


def _readable(material) -> bool:
    if material.kind == "image":
        return material.info.error is None
    return material.opened[1] is None


def _safely(code: str, func, subject, opt: CheckOptions, context: Context, debug: bool) -> Iterable[Hit]:
    """The check's hits; a crashing check becomes one X001 hit instead of ending the run."""
    try:
        return list(func(subject, opt, context))
    except NotRun:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug in one check must not hide the other findings
        if debug:
            traceback.print_exc(file=sys.stderr)
        return [Hit(variant="internal", params={"check": code, "detail": f"{type(exc).__name__}: {exc}"})]


def _without_superseded(findings: list[Finding], checks: list[CheckDef]) -> list[Finding]:
    """Drop a generic finding where a more specific code reported the same cell (CheckDef.supersedes)."""
    claimed: set[tuple[str, str | None, int | None, str | None]] = set()
    for check in checks:
        if check.supersedes:
            for finding in findings:
                if finding.code == check.code:
                    claimed.update((code, finding.file, finding.row, finding.column) for code in check.supersedes)
    return [f for f in findings if (f.code, f.file, f.row, f.column) not in claimed]


def _finding(code: str, hit: Hit, default_file: str | None, opt: CheckOptions, options: Options) -> Finding:
    if hit.variant == "internal":
        code, severity = INTERNAL, Severity.ERROR
        variant = None
    else:
        severity = options.severity.get(code) or hit.severity or opt.severity or DEFAULT_SEVERITY[code]
        variant = hit.variant
    fields = {**hit.params, "expected": hit.expected, "actual": hit.actual, "row": hit.row}
    fields.setdefault("column", hit.column)
    message, fix = render(code, variant, fields, options.lang)
    return Finding(
        code=code,
        severity=Severity(severity),
        file=hit.file or default_file,
        row=hit.row,
        column=hit.column,
        message=message,
        # a vocabulary word (Term: "still", "animated") is shown in the report's language
        expected=term(hit.expected, options.lang) if isinstance(hit.expected, Term) else hit.expected,
        actual=term(hit.actual, options.lang) if isinstance(hit.actual, Term) else hit.actual,
        fix=fix,
    )

