"""The README's sample reports are what jdcheck prints today: each shown line (the `…` elisions
aside) appears in the real output of that example, in the same order, and the summary line and the
JSON summary are exact. A change to a message or an example fails here until the README follows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jdcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TODAY = "2026-11-25"  # the date the samples were made with (M106 and P005 depend on it)
SAMPLE = re.compile(r"```text\n(jdcheck [^\n]+ · (examples/([a-z]+)-[a-z]+))\n(.*?)```", re.DOTALL)


def _samples() -> list[tuple[str, str, str, list[str]]]:
    found = []
    for match in SAMPLE.finditer(README):
        header, folder, type_name, body = match.groups()
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", header) else "en"
        found.append((folder, type_name, lang, [header, *body.splitlines()]))
    return found


def _output(capsys, type_name: str, folder: str, *options: str) -> str:
    main([type_name, str(ROOT / folder), "--today", TODAY, *options])
    return capsys.readouterr().out.replace(str(ROOT / folder), folder)


def test_the_readme_has_samples_for_every_type():
    assert {type_name for _, type_name, _, _ in _samples()} == {"groupbuy", "homepage", "platform", "channel"}


@pytest.mark.parametrize(("folder", "type_name", "lang", "shown"), _samples(), ids=lambda v: v if isinstance(v, str) else "")
def test_sample_report_is_the_real_output(capsys, folder, type_name, lang, shown):
    actual = _output(capsys, type_name, folder, "--lang", lang).splitlines()
    position = 0
    for line in (line for line in shown if line.strip() != "…"):
        assert line in actual[position:], f"README line not in the output (or out of order): {line!r}"
        position = actual.index(line, position) + 1
    assert shown[-1] == actual[-1], "the summary line"


def test_json_sample_summary_is_exact(capsys):
    match = re.search(r'"folder": "(examples/([a-z]+)-[a-z]+)",\s*"passed": (\w+), "summary": (\{[^}]*\})', README)
    assert match, "the JSON sample"
    folder, type_name, passed, summary = match.groups()
    document = json.loads(_output(capsys, type_name, folder, "--format", "json"))
    assert (document["passed"], document["summary"]) == (passed == "true", json.loads(summary))
