"""The bundled homepage, platform and channel examples: `-ok` passes with no finding, `-bad` fails
with the codes its generator (scripts/make_examples.py) planted. `today` is pinned in each
example's jdcheck.yaml, so the verdict holds on any day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jdcheck.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLANTED = {
    "homepage": {"M101", "S003", "P001", "P002", "P003", "P005", "T001", "T002", "T003", "V001", "V002"},
    "platform": {"M104", "M105", "I002", "I005", "S006", "L003", "L004", "T003", "H001", "H002", "H003"},
    "channel": {"T002", "P003", "V001", "V002", "E002", "E003", "E004"},
}


def _run(capsys, folder: Path) -> tuple[int, dict]:
    code = main(["check", str(folder), "--format", "json"])  # the type comes from jdcheck.yaml
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("type_name", PLANTED)
def test_ok_example_passes(capsys, type_name):
    code, report = _run(capsys, EXAMPLES / f"{type_name}-ok")
    assert (code, report["type"], report["findings"]) == (0, type_name, [])


@pytest.mark.parametrize("type_name", PLANTED)
def test_bad_example_fails_with_the_planted_codes(capsys, type_name):
    code, report = _run(capsys, EXAMPLES / f"{type_name}-bad")
    assert code == 1
    assert {f["code"] for f in report["findings"]} == PLANTED[type_name]
    import jsonschema

    from jdcheck.reporters.json import REPORT_SCHEMA

    jsonschema.validate(report, REPORT_SCHEMA)
    assert all(f["file"] is not None for f in report["findings"] if f["code"] != "M101")
