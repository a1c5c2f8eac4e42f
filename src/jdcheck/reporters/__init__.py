"""Reporters: render(report, stream, lang) and nothing else.

The few words every human-readable reporter writes the same way (where a finding is, what a
batch folder's problem is) are made here, once.
"""

FORMATS = ("rich", "json", "junit", "html")


def get(name: str):
    if name == "json":
        from jdcheck.reporters import json as module
    elif name == "junit":
        from jdcheck.reporters import junit as module
    elif name == "html":  # Jinja2 is imported only here, when the page is asked for
        from jdcheck.reporters import html as module
    else:
        from jdcheck.reporters import console as module
    return module


def location(finding, lang: str) -> str:
    """Where a finding is, as the reports say it: "第 4 行 [团购价]" / "row 4 [团购价]" (line for a
    links.txt or .url file); "" for a whole file."""
    from jdcheck.messages import ui

    where = []
    if finding.row is not None:
        text_file = finding.file is not None and finding.file.lower().endswith((".txt", ".url"))
        where.append(ui("line" if text_file else "row", lang, row=finding.row))
    if finding.column:
        where.append(f"[{finding.column}]")
    return " ".join(where)


def batch_verdict(batch) -> str:
    """"passed", "failed", or "nothing_checked" when no folder was checked: exit 0 and
    `"passed": true` as the contract says, but no reader should see 通过 over an empty or
    unmounted drive (summary.folders is 0 in the JSON)."""
    if not batch.reports:
        return "nothing_checked"
    return "passed" if batch.passed else "failed"


def folder_note(report) -> str:
    """A batch folder's problem in one cell: why it could not be checked, or its codes, errors first."""
    from jdcheck.codes import UNCHECKED
    from jdcheck.findings import Severity

    unchecked = next((f for f in report.findings if f.code == UNCHECKED), None)
    if unchecked is not None:
        return unchecked.message
    errors_first = sorted(report.findings, key=lambda f: (f.severity is not Severity.ERROR, f.code))
    return " ".join(dict.fromkeys(f.code for f in errors_first))


def not_run_lines(reports, lang: str) -> list[str]:
    """One line per reason codes could not run here (their optional extra is missing), over one
    report or a batch's: "Not run: I009, I010, P009 (install: pip install …)". The console and
    the page say the same."""
    from jdcheck.messages import ui

    grouped: dict[str, set[str]] = {}
    for report in reports:
        for code, reason in report.not_run:
            grouped.setdefault(reason, set()).add(code)
    return [ui("not_run", lang, codes=", ".join(sorted(codes)), reason=reason) for reason, codes in grouped.items()]
