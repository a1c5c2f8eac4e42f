"""--format json: one stable document (SPEC §5), described by `jdcheck schema`."""

from __future__ import annotations

import json
from typing import IO

from jdcheck.findings import Report


def render(report: Report, stream: IO[str], lang: str = "zh") -> None:
    json.dump(report.to_dict(), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


FINDING_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "severity", "file", "row", "column", "message", "expected", "actual", "fix"],
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
    },
}

REPORT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://jdcheck.invalid/schema/report.json",
    "title": "jdcheck report",
    "type": "object",
    "additionalProperties": False,
    "required": ["tool", "version", "type", "folder", "passed", "summary", "findings"],
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
    },
}
