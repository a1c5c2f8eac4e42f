"""The CLI as a user runs it: exit codes, one-line errors, JSON equal to the engine's report,
JUnit, languages, options, and the promise never to touch the checked folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from jdcheck.cli import main
from tests.folders import SHEET, SKUS, check, gb_row, groupbuy
from tests.hostile import assert_untouched, snapshot

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bad_folder(tmp_path):
    rows = [gb_row(SKUS[0], stock=0), gb_row(SKUS[1], title="红蜻蜓 牛皮 马丁靴 RQT-2315", stock=300)]
    return groupbuy(tmp_path, rows)


def test_passing_folder_exits_0(capsys, tmp_path):
    code, out, err = run_cli(capsys, "groupbuy", groupbuy(tmp_path), "--today", "2026-11-25")
    assert (code, err) == (0, "")
    assert "通过" in out


def test_errors_exit_1_and_warnings_only_with_strict(capsys, tmp_path):
    warn_only = groupbuy(tmp_path, [gb_row(SKUS[0], stock=300)])
    assert run_cli(capsys, "groupbuy", warn_only, "--today", "2026-11-25")[0] == 0
    assert run_cli(capsys, "groupbuy", warn_only, "--today", "2026-11-25", "--strict")[0] == 1


def test_json_equals_the_engine_report(capsys, bad_folder):
    code, out, _ = run_cli(capsys, "groupbuy", bad_folder, "--format", "json", "--today", "2026-11-25", "--lang", "en")
    assert code == 1
    document = json.loads(out)
    expected = check(bad_folder, lang="en").to_dict()
    assert document == expected
    assert document["summary"] == {"errors": 1, "warnings": 1, "files": 5}
    assert {(f["code"], f["file"], f["row"], f["severity"]) for f in document["findings"]} == {
        ("S006", SHEET, 4, "error"), ("S006", SHEET, 5, "warning")}


def test_json_validates_against_the_printed_schema(capsys, bad_folder):
    jsonschema = pytest.importorskip("jsonschema")
    code, schema_text, _ = run_cli(capsys, "schema")
    schema = json.loads(schema_text)
    _, out, _ = run_cli(capsys, "groupbuy", bad_folder, "--format", "json")
    jsonschema.validate(json.loads(out), schema)


def test_schema_is_json(capsys):
    code, out, _ = run_cli(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert set(schema["required"]) == {"tool", "version", "type", "folder", "passed", "summary", "findings", "not_run"}


def test_junit_one_case_per_code_checked(capsys, bad_folder):
    code, out, _ = run_cli(capsys, "check", bad_folder, "--type", "groupbuy", "--format", "junit")
    assert code == 1
    suite = ET.fromstring(out).find("testsuite")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert "I002" in cases and "S006" in cases
    assert cases["S006"].find("failure") is not None
    assert cases["I002"].find("failure") is None
    assert int(suite.get("tests")) == len(cases)


def test_junit_fails_warnings_under_strict(capsys, tmp_path):
    """A CI dashboard reads the failures: under --strict a warning fails the folder (exit 1), so
    its test case fails too."""
    folder = groupbuy(tmp_path, [gb_row(SKUS[0], stock=300)])  # S006: a warning only
    for args, exit_code, failures in (((), 0, "0"), (("--strict",), 1, "1")):
        code, out, _ = run_cli(capsys, "groupbuy", folder, "--format", "junit", "--today", "2026-11-25", *args)
        suite = ET.fromstring(out).find("testsuite")
        assert (code, suite.get("failures")) == (exit_code, failures)
        case = next(c for c in suite.iter("testcase") if c.get("name") == "S006")
        assert (case.find("failure") is not None) == bool(args)
    code, out, _ = run_cli(capsys, "batch", tmp_path, "--format", "junit", "--today", "2026-11-25", "--strict")
    assert code == 1 and ET.fromstring(out).get("failures") == "1"


def test_rich_report_lists_the_first_of_each_code(capsys, tmp_path):
    """25 slot images of the wrong size: 20 of each code are listed, the rest counted in one line
    (1,500 of them were 12,000 lines); the JSON keeps every finding."""
    from jdcheck.reporters.console import PER_CODE
    from tests.image_builders import jpeg

    skus = [f"1000{n:08d}" for n in range(PER_CODE + 5)]
    folder = groupbuy(tmp_path, [gb_row(sku) for sku in skus],
                      files={f"{sku}.jpg": (lambda p: jpeg(p, (800, 800))) for sku in skus})
    code, out, _ = run_cli(capsys, "groupbuy", folder, "--today", "2026-11-25", "--lang", "en")
    assert code == 1
    assert out.count("ERROR I002") == PER_CODE and out.count("ERROR I003") == PER_CODE
    assert "I002: 5 more findings not listed (all of them: --format json or --format html)" in out
    assert out.splitlines()[-1] == f"FAILED  {2 * len(skus)} errors, 0 warnings, {len(skus) + 3} files checked"
    _, out, _ = run_cli(capsys, "groupbuy", folder, "--today", "2026-11-25", "--format", "json")
    assert sum(f["code"] == "I002" for f in json.loads(out)["findings"]) == len(skus)


def test_english_and_env_language(capsys, bad_folder, monkeypatch):
    _, out_en, _ = run_cli(capsys, "groupbuy", bad_folder, "--lang", "en")
    assert "FAILED" in out_en and "expected" in out_en
    monkeypatch.setenv("JDCHECK_LANG", "en")
    _, out_env, _ = run_cli(capsys, "groupbuy", bad_folder)
    assert out_env == out_en
    _, out_zh, _ = run_cli(capsys, "groupbuy", bad_folder, "--lang", "zh")
    assert "未通过" in out_zh and "库存" in out_zh


def test_select_and_ignore(capsys, bad_folder):
    _, out, _ = run_cli(capsys, "groupbuy", bad_folder, "--format", "json", "--ignore", "S006")
    assert json.loads(out)["findings"] == []
    _, out, _ = run_cli(capsys, "groupbuy", bad_folder, "--format", "json", "--select", "S")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"S006"}


def test_type_from_folder_config(capsys, tmp_path):
    folder = groupbuy(tmp_path, files={"jdcheck.yaml": "type: groupbuy\ntoday: 2026-11-25\nignore: [S006]\n"})
    code, out, err = run_cli(capsys, "check", folder, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["type"] == "groupbuy"


@pytest.mark.parametrize(("args", "needle"), [
    (["groupbuy", "/no/such/folder"], "folder not found"),
    (["check", "{folder}"], "no submission type"),
    (["check", "{folder}", "--type", "flashsale"], "unknown submission type"),
    (["groupbuy", "{file}"], "not a folder"),
    (["groupbuy", "{folder}", "--format", "xml"], "--format"),
    (["groupbuy", "{folder}", "--today", "25/11/2026"], "--today"),
    (["groupbuy", "{folder}", "--select", "bogus!"], "rule code"),
    (["groupbuy", "{folder}", "--no-such-option"], "no-such-option"),
    (["explain", "Z999"], "unknown rule code"),
    (["groupbuy"], "FOLDER"),
])
def test_usage_errors_are_one_line_exit_2(capsys, tmp_path, args, needle):
    folder = tmp_path / "f"
    folder.mkdir()
    (tmp_path / "a.txt").write_text("x")
    args = [a.format(folder=folder, file=tmp_path / "a.txt") for a in args]
    code, out, err = run_cli(capsys, *args, "--lang", "en")
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("jdcheck: error:"), err
    assert needle.lower() in err.lower()
    assert "Traceback" not in out + err


@pytest.mark.parametrize("args", [
    ["groupbuy", "/no/such/folder", "--format", "json"],
    ["groupbuy", "{folder}", "-f", "json", "--select", "bogus!"],
    ["groupbuy", "{folder}", "--format=json", "--no-such-option"],
    ["check", "{folder}", "--format", "json"],
    ["batch", "{file}", "--format", "json"],
    ["groupbuy", "{folder}", "--format", "json", "--rules", "{file}"],
])
def test_usage_errors_under_json_still_print_one_json_document(capsys, tmp_path, args):
    """A script parsing stdout gets the reason, not an empty string (ERROR_SCHEMA)."""
    jsonschema = pytest.importorskip("jsonschema")
    from jdcheck.reporters.json import ERROR_SCHEMA

    folder = tmp_path / "f"
    folder.mkdir()
    (tmp_path / "a.txt").write_text("x: [\n")
    code, out, err = run_cli(capsys, *[a.format(folder=folder, file=tmp_path / "a.txt") for a in args])
    assert code == 2 and err.count("\n") == 1
    document = json.loads(out)
    jsonschema.validate(document, ERROR_SCHEMA)
    assert (document["passed"], f"jdcheck: error: {document['error']}\n") == (False, err)
    code, out, _ = run_cli(capsys, "schema", "--error")
    assert code == 0 and json.loads(out) == ERROR_SCHEMA


def test_usage_errors_in_rich_leave_stdout_empty(capsys):
    code, out, _ = run_cli(capsys, "groupbuy", "/no/such/folder", "--format", "rich")
    assert (code, out) == (2, "")


@pytest.mark.parametrize("args", [
    ("groupbuy", "/no/such/folder"),
    ("check", "{folder}", "--select", "Q1"),
    ("batch", "{root}", "--select", "Q1"),
    ("batch", "{root}", "--jobs", "zero"),
])
def test_usage_errors_under_junit_are_one_test_case_in_error(capsys, tmp_path, args):
    """CI redirects stdout to results.xml: on exit 2 it gets the reason as a JUnit error, not an
    empty file."""
    folder = groupbuy(tmp_path / "root")
    code, out, err = run_cli(capsys, *[a.format(folder=folder, root=folder.parent) for a in args],
                             "--format", "junit", "--lang", "en")
    assert code == 2 and err.count("\n") == 1
    root = ET.fromstring(out)
    (case,) = root.iter("testcase")
    (error,) = case.findall("error")
    assert (root.get("errors"), root.get("failures"), root.get("tests")) == ("1", "0", "1")
    assert f"jdcheck: error: {error.get('message')}\n" == err


def test_broken_rule_file_names_file_and_line(capsys, tmp_path):
    rules = tmp_path / "my.yaml"
    rules.write_text("extends: groupbuy\nmaterials:\n  slot_image:\n    image: {width: 440, hieght: 293}\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "groupbuy", groupbuy(tmp_path), "--rules", rules)
    assert code == 2
    assert f"{rules}:4:" in err and "hieght" in err


def test_invalid_yaml_and_unsafe_tags_are_refused(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("type: groupbuy\nchecks: [unclosed\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "groupbuy", groupbuy(tmp_path), "--rules", bad)
    assert code == 2 and f"{bad}:" in err
    evil = tmp_path / "evil.yaml"
    evil.write_text("type: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "groupbuy", groupbuy(tmp_path), "--rules", evil)
    assert code == 2 and "pwned" not in out and f"{evil}:1:" in err


def test_custom_rule_file_extends_and_overrides(capsys, tmp_path):
    rules = tmp_path / "manager.yaml"
    rules.write_text("extends: groupbuy\nmaterials:\n  slot_image:\n    image: {width: 800, height: 800, max_kb: 300}\n"
                     "    naming: sku\n    required: true\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "groupbuy", groupbuy(tmp_path), "--rules", rules, "--format", "json", "--today", "2026-11-25")
    assert code == 1
    assert {f["code"] for f in json.loads(out)["findings"]} == {"I002"}


def test_explain_in_both_languages(capsys):
    code, out, _ = run_cli(capsys, "explain", "i002", "--lang", "en")
    assert code == 0 and out.startswith("I002 (ERROR): Wrong pixel size")
    code, out, _ = run_cli(capsys, "explain", "S007", "--lang", "zh")
    assert code == 0 and "SKU" in out and "文本" in out
    # an example's reader phrase reads as the report would say it
    code, out, _ = run_cli(capsys, "explain", "I001", "--lang", "zh")
    assert "JPEG 文件缺少结束标记（EOI）" in out and "EOI marker" not in out


def test_version_and_help(capsys):
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0 and out.startswith("jdcheck ")
    code, out, _ = run_cli(capsys, "--help")
    assert code == 0 and "groupbuy" in out


def test_checked_folder_is_never_changed(capsys, tmp_path):
    folder = groupbuy(tmp_path, [gb_row(SKUS[0], jd_price="¥399.00")])
    before = snapshot(folder)
    for fmt in ("rich", "json", "junit"):
        run_cli(capsys, "groupbuy", folder, "--format", fmt)
    assert_untouched(before, folder)


def test_real_command_on_bundled_examples():
    """The installed console script, as the README's quick start runs it."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}  # a Chinese Windows console's encoding
    ok = subprocess.run([sys.executable, "-m", "jdcheck", "groupbuy", str(EXAMPLES / "groupbuy-ok")],
                        capture_output=True, env=env)
    assert ok.returncode == 0, ok.stderr.decode("gbk", "replace")
    assert "通过".encode("gbk") in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "jdcheck", "groupbuy", str(EXAMPLES / "groupbuy-bad"), "--format", "json"],
                         capture_output=True, env=env)
    assert bad.returncode == 1
    codes = {f["code"] for f in json.loads(bad.stdout.decode("utf-8"))["findings"]}
    assert {"M101", "M103", "M104", "M105", "M106", "I001", "I002", "I003", "I005", "I006", "S002", "S003",
            "S006", "S007", "S009", "L003", "L004", "L005", "L006", "P001", "P004", "P006", "P007", "P008",
            "T003", "T004"} <= codes


def test_the_program_exits_with_mains_code_after_freezing_what_it_made(monkeypatch):
    """`jdcheck` (run) is main() in a process of its own: main's exit code, collections every 10,000
    objects rather than 700, and no collection of everything at shutdown (cli.run)."""
    import gc

    import jdcheck.cli as cli

    calls = []
    monkeypatch.setattr(cli, "main", lambda: calls.append("main") or 1)
    monkeypatch.setattr(gc, "set_threshold", lambda *threshold: calls.append(threshold))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    with pytest.raises(SystemExit) as ended:
        cli.run()
    assert ended.value.code == 1
    assert calls == [(10_000, 10, 10), "main", "freeze"]


def _pasted_backspace(path):
    """The group-buy sheet with 冬 stored as Excel stores a backspace pasted after it: 冬_x0008_."""
    import zipfile

    from tests.builders import xlsx
    from tests.folders import HEADER, KEYS, TITLE_ROWS

    source = xlsx(path.with_name("source.xlsx"), [HEADER, [gb_row(SKUS[0]).get(k) for k in KEYS]], title_rows=TITLE_ROWS)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # openpyxl writes inline strings
                data = data.replace("<t>冬</t>".encode(), "<t>冬_x0008_</t>".encode())
            dst.writestr(info, data)
    source.unlink()


@pytest.mark.parametrize("fmt", ["junit", "html"])
def test_control_characters_are_named_and_every_xml_report_parses(capsys, tmp_path, fmt):
    """A backspace after 冬 (xlsx `_x0008_`, a raw byte in a CSV) and a bell in a file name: S009
    names the character, and JUnit and HTML (check and batch) stay well-formed XML."""
    from tests.builders import csv_file
    from tests.folders import HEADER, KEYS

    csv_rows = [HEADER, [gb_row(SKUS[0], season="冬\x08").get(k) for k in KEYS]]
    (tmp_path / "drive").mkdir()
    xlsx_folder = groupbuy(tmp_path / "drive" / "团购-xlsx", [gb_row(SKUS[0])], sheet=None,
                           files={SHEET: _pasted_backspace, "说明\x07.docx": b"x"})
    groupbuy(tmp_path / "drive" / "团购-csv", [gb_row(SKUS[0])], sheet=None,
             files={"团购提报.csv": lambda p: csv_file(p, csv_rows)})
    for folder in (tmp_path / "drive").iterdir():
        (folder / "jdcheck.yaml").write_text("type: groupbuy\ntoday: 2026-11-25\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", xlsx_folder, "--format", "json", "--lang", "en")
    findings = [(f["code"], f["actual"]) for f in json.loads(out)["findings"]]
    assert ("S009", "'冬\\x08'") in findings and "S005" not in {c for c, _ in findings}, findings
    for args in (("check", xlsx_folder), ("batch", tmp_path / "drive")):
        code, out, _ = run_cli(capsys, *args, "--format", fmt)
        assert code == 0, out
        # html.parser accepts anything: the strict XML parser is what a CI dashboard uses.
        text = out if fmt == "junit" else out.split("<body", 1)[1]
        assert not any(c in text for c in "\x07\x08"), "a control character reached the report"
        if fmt == "junit":
            ET.fromstring(out)


def test_heic_photo_is_told_to_be_exported(capsys, tmp_path):
    """An iPhone photo with its own .heic extension was "no material" (M103) without a word on
    what to do (newcomer round 11): it is told to be exported as JPEG and named by its SKU."""
    folder = groupbuy(tmp_path, files={"IMG_1234.HEIC": b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"})
    main(["groupbuy", str(folder), "--format", "json", "--lang", "zh", "--today", "2026-11-25"])
    (finding,) = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "M103"]
    assert finding["file"] == "IMG_1234.HEIC" and "HEIC" in finding["message"]
    assert finding["fix"].startswith("导出为 JPEG") and f"{SKUS[0]}.jpg" in finding["fix"]
