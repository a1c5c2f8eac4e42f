"""Findings and reports: plain data, no I/O.

A check yields `Hit`s (what it saw, where); the engine turns each hit into a `Finding` with the
code, the severity the rule file gives it, the file and the localized message. Reporters only ever
see a `Report`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing a check saw. Message parameters go in `params`; location overrides are optional.

    `file` is set only when the hit concerns another file than the one the check was given
    (cross-material checks); `variant` picks a message variant (e.g. S007 "long_number");
    `severity` is set only when the rule file's options decide it per case (S006 ranges).
    """

    expected: str | None = None
    actual: str | None = None
    row: int | None = None
    column: str | None = None
    file: str | None = None
    variant: str | None = None
    severity: Severity | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CellRef:
    """Where a spreadsheet finding sits in the workbook: the sheet's name and the 1-based column
    index (the row is the finding's own). Not part of the JSON document: tools that mark cells
    (`--annotate`) need it, the §5 contract does not."""

    sheet: str
    column: int | None  # None: the row (or the sheet) as a whole


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    file: str | None
    row: int | None
    column: str | None
    message: str
    expected: str | None
    actual: str | None
    fix: str
    # The sheet checked, when the workbook has more than one sheet with content (SPEC §3): which
    # tab the finding is on is not obvious then. None for other files and one-sheet workbooks.
    sheet: str | None = None
    cell: CellRef | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("cell")
        data["severity"] = self.severity.value
        return data

    @property
    def sort_key(self) -> tuple:
        """Grouped by file, errors first (SPEC §5), then in the order the operator reads the sheet:
        row, then the column's position left to right (not its name); a finding about a whole row
        comes before its cells, one naming a column the sheet lacks after them."""
        if self.cell is not None and self.cell.column is not None:
            position = self.cell.column
        else:
            position = -1 if self.column is None else 1 << 30
        return (
            self.file or "",
            self.severity is not Severity.ERROR,
            self.row if self.row is not None else -1,
            position,
            self.code,
            self.column or "",
        )


@dataclass(slots=True)
class Report:
    tool: str
    version: str
    type: str | None  # None only for a batch folder whose type could not be read (X002)
    folder: str
    files: int
    findings: list[Finding]
    strict: bool = False
    checked: tuple[str, ...] = ()  # the codes that ran (JUnit lists each as a test case)
    # What the HTML page shows beside the findings (exhibits.Exhibits: thumbnails, the sheet's
    # cells), attached by the engine only when that page is asked for. Not part of the JSON.
    exhibits: Any = None
    # Codes that could not run here (their optional extra is missing): (code, reason) — reported
    # once each, never a finding, never the exit code (SPEC §7).
    not_run: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ran_nothing(self) -> bool:
        """Every check the selection left could not run here (`--select P009` without the vision
        extra): such a report must not read as a pass (SPEC §5: a selection that leaves nothing
        to run is a usage error)."""
        return not self.checked and bool(self.not_run)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)

    @property
    def passed(self) -> bool:
        return self.errors == 0 and not (self.strict and self.warnings)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of SPEC §5 (described by `jdcheck schema`)."""
        return {
            "tool": self.tool,
            "version": self.version,
            "type": self.type,
            "folder": self.folder,
            "passed": self.passed,
            "summary": {"errors": self.errors, "warnings": self.warnings, "files": self.files},
            "findings": [f.to_dict() for f in self.findings],
            "not_run": [{"code": code, "reason": reason} for code, reason in self.not_run],
        }


@dataclass(slots=True)
class Skip:
    """A folder under a batch root that was not checked, and why (it is not a failure)."""

    folder: str
    reason: str
    nothing_selected: bool = False  # a submission folder where --select/--ignore leave no check that runs
    unrunnable: bool = False  # ... because the checks they leave cannot run here (Report.ran_nothing)


@dataclass(slots=True)
class BatchReport:
    """`jdcheck batch ROOT`: one report per checked folder, the folders passed over, totals."""

    tool: str
    version: str
    root: str
    reports: list[Report]
    skipped: list[Skip] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(not report.passed for report in self.reports)

    @property
    def passed(self) -> bool:
        return self.failed == 0

    @property
    def summary(self) -> dict[str, int]:
        failed = self.failed
        return {"folders": len(self.reports), "passed": len(self.reports) - failed, "failed": failed,
                "skipped": len(self.skipped)}

    def to_dict(self) -> dict[str, Any]:
        """The batch JSON document of SPEC §5 (described by `jdcheck schema --batch`)."""
        return {
            "tool": self.tool,
            "version": self.version,
            "root": self.root,
            "passed": self.passed,
            "summary": self.summary,
            "reports": [report.to_dict() for report in self.reports],
            "skipped": [{"folder": skip.folder, "reason": skip.reason} for skip in self.skipped],
        }
