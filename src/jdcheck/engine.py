"""run(rules, folder) -> Report: scan the folder, run the enabled checks, localize the findings."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jdcheck import __version__
from jdcheck.checks import CheckDef, Context, registry
from jdcheck.codes import DEFAULT_SEVERITY, INTERNAL
from jdcheck.findings import Finding, Hit, Report, Severity
from jdcheck.materials import Submission, scan
from jdcheck.messages import render
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

    def wants(self, code: str) -> bool:
        if self.select is not None and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


def run(rules: RuleSet, folder: Path, options: Options) -> Report:
    submission = scan(folder, rules)
    context = Context(rules=rules, today=options.today, submission=submission)
    enabled = {code: opt for code, opt in rules.enabled_checks.items() if options.wants(code)}
    checks = [c for code, c in registry().items() if code in enabled]
    findings: list[Finding] = []

    def emit(check: CheckDef, subject, default_file: str | None) -> None:
        options_ = enabled[check.code]
        for hit in _safely(check, subject, options_, context, options.debug):
            findings.append(_finding(check.code, hit, default_file, options_, options))

    if any(c.kind == "image" for c in checks):
        submission.inspect_images()
    for kind in ("image", "sheet", "email", "html"):
        kind_checks = [c for c in checks if c.kind == kind]
        for material in submission.of_kind(kind):
            readable = _readable(material)
            for check in kind_checks:
                if check.gate != readable:
                    emit(check, material, material.rel)
    for check in checks:
        if check.kind == "submission":
            emit(check, submission, None)

    findings.sort(key=lambda f: f.sort_key)
    return Report(
        tool="jdcheck",
        version=__version__,
        type=rules.type,
        folder=str(folder),
        files=submission.file_count,
        findings=findings,
        strict=options.strict,
        checked=tuple(sorted(enabled)),
    )


def _readable(material) -> bool:
    if material.kind == "image":
        return material.info.error is None
    return material.opened[1] is None


def _safely(check: CheckDef, subject, opt: CheckOptions, context: Context, debug: bool) -> Iterable[Hit]:
    """The check's hits; a crashing check becomes one X001 hit instead of ending the run."""
    try:
        return list(check.func(subject, opt, context))
    except Exception as exc:  # noqa: BLE001 - a bug in one check must not hide the other findings
        if debug:
            traceback.print_exc(file=sys.stderr)
        return [Hit(variant="internal", params={"check": check.code, "detail": f"{type(exc).__name__}: {exc}"})]


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
        expected=hit.expected,
        actual=hit.actual,
        fix=fix,
    )

