"""--format json: one stable document (SPEC §5), described by `jdcheck schema`."""

from __future__ import annotations

import json
from typing import IO

from jdcheck.findings import BatchReport, Report


def render(report: Report, stream: IO[str], lang: str = "zh") -> None:
    json.dump(report.to_dict(), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def render_batch(batch: BatchReport, stream: IO[str], lang: str = "zh") -> None:
    json.dump(batch.to_dict(), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def render_error(message: str, stream: IO[str], version: str) -> None:
    """Exit 2 under --format json: still one JSON document on stdout (ERROR_SCHEMA), so a script
    that parses stdout learns why instead of failing on empty input."""
    json.dump({"tool": "jdcheck", "version": version, "passed": False, "error": message},
              stream, ensure_ascii=False, indent=2)
    stream.write("\n")


FINDING_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "severity", "file", "row", "column", "message", "expected", "actual", "fix", "sheet"],
    "properties": {
        "code": {"type": "string", "pattern": "^[A-Z][0-9]{3}$", "description": "rule code (SPEC §4); X001 = a check crashed"},
        "severity": {"enum": ["error", "warning"]},
        "file": {"type": ["string", "null"], "description": "relative to the folder, '/' separated"},
        "row": {"type": ["integer", "null"], "description": "Excel row number (line number in a text file)"},
        "column": {"type": ["string", "null"], "description": "header text of the column"},
        "message": {"type": "string"},
        "expected": {"type": ["string", "null"]},
        "actual": {"type": ["string", "null"]},
        "fix": {"type": "string"},
        "sheet": {"type": ["string", "null"], "description": "the worksheet checked, when the workbook has more than one sheet with content (the one whose header matches the template best); null otherwise"},
    },
}

REPORT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://jdcheck.invalid/schema/report.json",
    "title": "jdcheck report",
    "type": "object",
    "additionalProperties": False,
    "required": ["tool", "version", "type", "folder", "passed", "summary", "findings", "not_run"],
    "properties": {
        "tool": {"const": "jdcheck"},
        "version": {"type": "string"},
        "type": {"enum": ["groupbuy", "homepage", "platform", "channel"]},
        "folder": {"type": "string"},
        "passed": {"type": "boolean"},
        "summary": {
            "type": "object",
            "additionalProperties": False,
            "required": ["errors", "warnings", "files"],
            "properties": {
                "errors": {"type": "integer", "minimum": 0},
                "warnings": {"type": "integer", "minimum": 0},
                "files": {"type": "integer", "minimum": 0},
            },
        },
        "findings": {"type": "array", "items": FINDING_SCHEMA},
        "not_run": {
            "type": "array",
            "description": "codes that could not run here (e.g. the optional extra jdcheck[vision] is not installed); "
                           "they do not affect `passed` or the exit code",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "reason"],
                "properties": {"code": {"type": "string", "pattern": "^[A-Z][0-9]{3}$"}, "reason": {"type": "string"}},
            },
        },
    },
}

# In a batch, `folder` is relative to the root ("/" separated), and `type` is null for a folder
# that could not be checked before its type was known (one X002 finding says why).
BATCH_FOLDER_REPORT_SCHEMA = {
    **{key: value for key, value in REPORT_SCHEMA.items() if not key.startswith("$") and key != "title"},
    "properties": {
        **REPORT_SCHEMA["properties"],
        "type": {"enum": [*REPORT_SCHEMA["properties"]["type"]["enum"], None]},
        "folder": {"type": "string", "description": "relative to the batch root, '/' separated"},
    },
}

BATCH_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://jdcheck.invalid/schema/batch.json",
    "title": "jdcheck batch report",
    "type": "object",
    "additionalProperties": False,
    "required": ["tool", "version", "root", "passed", "summary", "reports", "skipped"],
    "properties": {
        "tool": {"const": "jdcheck"},
        "version": {"type": "string"},
        "root": {"type": "string", "description": "the root folder as given on the command line"},
        "passed": {"type": "boolean", "description": "true when no checked folder failed (skipped folders do not fail)"},
        "summary": {
            "type": "object",
            "additionalProperties": False,
            "required": ["folders", "passed", "failed", "skipped"],
            "properties": {
                "folders": {"type": "integer", "minimum": 0, "description": "folders checked = passed + failed"},
                "passed": {"type": "integer", "minimum": 0},
                "failed": {"type": "integer", "minimum": 0},
                "skipped": {"type": "integer", "minimum": 0, "description": "folders not recognised as submissions"},
            },
        },
        "reports": {"type": "array", "items": BATCH_FOLDER_REPORT_SCHEMA, "description": "sorted by folder"},
        "skipped": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["folder", "reason"],
                "properties": {"folder": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}

# What stdout holds when a run under --format json ends with exit 2 (bad argument, rule or config
# file): no report, the reason instead. `passed` is false so `doc["passed"]` never passes it.
ERROR_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://jdcheck.invalid/schema/error.json",
    "title": "jdcheck usage error (exit 2)",
    "type": "object",
    "additionalProperties": False,
    "required": ["tool", "version", "passed", "error"],
    "properties": {
        "tool": {"const": "jdcheck"},
        "version": {"type": "string"},
        "passed": {"const": False},
        "error": {"type": "string", "description": "the one-line message also printed on stderr"},
    },
}
