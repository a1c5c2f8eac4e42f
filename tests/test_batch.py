"""`jdcheck batch ROOT` as a script on a shared drive runs it: discovery, verdicts per folder,
the batch JSON against its schema, JUnit read by a real JUnit consumer, failed folders with a
reason, exit codes, and nothing written unless asked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from jdcheck.batch import Candidate, check_folder, check_many, discover
from jdcheck.config import Choices
from jdcheck.findings import BatchReport
from tests.drive import shared_drive, unlock
from tests.folders import SKUS, gb_row, groupbuy
from tests.hostile import snapshot
from tests.test_cli import run_cli

TODAY = "2026-11-25"


def _unprivileged_prefix() -> list[str] | None:
    """A command prefix under which a mode-000 folder is really unreadable, or None.

    root reads everything; dropping the capabilities that bypass file permissions (while staying
    uid 0, so the interpreter under /root stays reachable) makes root honour them like a user."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def _lock_works(prefix: list[str] | None, probe: Path) -> bool:
    if prefix is None:
        return False
    probe.mkdir()
    os.chmod(probe, 0)
    try:
        result = subprocess.run([*prefix, sys.executable, "-c", f"import os; os.listdir({str(probe)!r})"],
                                capture_output=True)
        return result.returncode != 0
    finally:
        os.chmod(probe, 0o755)


@pytest.fixture(scope="module")
def drive_run(tmp_path_factory):
    """One run of the real command over a generated drive of 210 checked + 25 skipped folders."""
    base = tmp_path_factory.mktemp("drive")
    prefix = _unprivileged_prefix()
    lock = _lock_works(prefix, base / "probe")
    root = base / "共享盘"
    expected, skipped = shared_drive(root, lock=lock)
    report_xml = base / "junit.xml"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [*(prefix or []), sys.executable, "-m", "jdcheck", "batch", str(root), "--format", "json",
               "--jobs", "2", "--today", TODAY, "--lang", "en", "--report", str(report_xml)]
    unlock(root)
    before = snapshot(root)
    if lock:
        shared_drive_relock(root)
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, env=env)
    elapsed = time.perf_counter() - started
    unlock(root)
    after = snapshot(root)
    print(f"\nbatch over {len(expected)} folders: {elapsed:.2f} s, {len(expected) / elapsed:.0f} folders/s (--jobs 2)")
    return {
        "root": root, "expected": expected, "skipped": skipped, "result": result, "lock": lock,
        "document": json.loads(result.stdout.decode("utf-8")), "junit": report_xml,
        "unchanged": before == after,
    }


def shared_drive_relock(root: Path) -> None:
    for path in root.iterdir():
        if "无权限" in path.name:
            os.chmod(path, 0)


def test_drive_verdict_of_every_folder(drive_run):
    result, document, expected = drive_run["result"], drive_run["document"], drive_run["expected"]
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    # piped: no progress bar, no noise; only where --report went
    assert result.stderr.decode("utf-8") == f"Report written to {drive_run['junit']}\n"
    verdicts = {r["folder"]: (r["passed"], frozenset(f["code"] for f in r["findings"] if f["severity"] == "error"))
                for r in document["reports"]}
    assert verdicts == {rel: (e.passed, e.errors) for rel, e in expected.items()}
    assert {s["folder"] for s in document["skipped"]} == drive_run["skipped"]
    failed = sum(not e.passed for e in expected.values())
    assert document["summary"] == {"folders": 210, "passed": 210 - failed, "failed": failed, "skipped": 25}
    assert document["passed"] is False
    assert [r["folder"] for r in document["reports"]] == sorted(expected)


def test_drive_failed_folders_say_why(drive_run):
    reports = {r["folder"]: r for r in drive_run["document"]["reports"]}
    for rel, expect in drive_run["expected"].items():
        if expect.reason is None:
            continue
        (finding,) = reports[rel]["findings"]
        assert finding["code"] == "X002" and finding["file"] is None
        assert expect.reason in finding["message"], finding["message"]
        if "配置错" in rel:
            assert f"{drive_run['root'] / rel / 'jdcheck.yaml'}:2: ignroe: unknown key" in finding["message"]
    if not drive_run["lock"]:
        pytest.skip("mode-000 folders are readable here (root without setpriv): only the config failures were checked")


def test_drive_json_validates_against_the_batch_schema(drive_run, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    code, schema_text, _ = run_cli(capsys, "schema", "--batch")
    assert code == 0
    schema = json.loads(schema_text)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(drive_run["document"], schema)
    # each folder's report is a single-folder report (SPEC §5) as `jdcheck schema` describes it
    _, single_text, _ = run_cli(capsys, "schema")
    single = jsonschema.Draft202012Validator(json.loads(single_text))
    for report in drive_run["document"]["reports"]:
        if report["type"] is not None:
            single.validate(report)


def test_drive_junit_read_by_a_junit_consumer(drive_run):
    junitparser = pytest.importorskip("junitparser")
    xml = junitparser.JUnitXml.fromfile(str(drive_run["junit"]))
    reports = drive_run["document"]["reports"]
    suites = list(xml)
    assert len(suites) == len(reports) == 210
    for suite, report in zip(suites, reports):
        assert suite.name == f"jdcheck {report['type']} {report['folder']}"
        names = [case.name for case in suite]
        errors = {f["code"] for f in report["findings"] if f["severity"] == "error"}
        failing = {case.name for case in suite if any(isinstance(r, junitparser.Failure) for r in case.result)}
        assert failing == errors
        assert suite.tests == len(names) and suite.failures == len(errors)
        if report["type"] == "groupbuy" and errors != {"X002"}:
            assert {"I002", "S002", "T003"} <= set(names)  # one case per code checked, not only the failures
    assert xml.failures == sum(len({f["code"] for f in r["findings"] if f["severity"] == "error"}) for r in reports)


def test_drive_is_left_untouched(drive_run):
    assert drive_run["unchanged"]


def test_folder_report_equals_the_single_folder_command(drive_run, capsys):
    """A batch folder's report is exactly what `jdcheck groupbuy FOLDER` says, folder name aside."""
    rel = next(r for r, e in drive_run["expected"].items() if e.errors == frozenset({"S006"}))
    code, out, _ = run_cli(capsys, "groupbuy", drive_run["root"] / rel, "--format", "json", "--today", TODAY, "--lang", "en")
    single = json.loads(out)
    batch = next(r for r in drive_run["document"]["reports"] if r["folder"] == rel)
    assert code == 1 and {**single, "folder": rel} == batch


# ── smaller drives, in process ───────────────────────────────────────────────────────────────


@pytest.fixture
def small_drive(tmp_path):
    root = tmp_path / "drive"
    groupbuy(root / "ok")  # → drive/ok/团购-红蜻蜓-1201
    bad = groupbuy(root / "bad", [gb_row(SKUS[0], stock=0)])
    bad.rename(root / "bad" / "groupbuy_stock0")
    warn = groupbuy(root / "warn", [gb_row(SKUS[0], stock=300)])
    warn.rename(root / "warn" / "团购-库存少")
    (root / "notes").mkdir()
    (root / "notes" / "readme.txt").write_text("x", encoding="utf-8")
    return root


def test_summary_table_failures_first(capsys, small_drive):
    code, out, err = run_cli(capsys, "batch", small_drive, "--today", TODAY, "--lang", "en", "--jobs", "1")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == f"jdcheck batch · {small_drive}"
    rows = [line.split() for line in lines if line.startswith(("ok/", "bad/", "warn/"))]
    assert [row[:6] for row in rows] == [
        ["bad/groupbuy_stock0", "group-buy", "1", "0", "FAILED", "S006"],
        ["ok/团购-红蜻蜓-1201", "group-buy", "0", "0", "PASSED"],
        ["warn/团购-库存少", "group-buy", "0", "1", "PASSED", "S006"],
    ]
    assert "  notes  not a submission folder: no spreadsheet, picture, mail, page or links file in it" in lines
    assert "FAILED  3 folders checked: 2 passed, 1 failed; 1 skipped" in lines


def test_options_apply_to_every_folder(capsys, small_drive):
    args = ("batch", small_drive, "--today", TODAY, "--format", "json", "--jobs", "1")
    code, out, _ = run_cli(capsys, *args, "--strict")
    assert code == 1 and json.loads(out)["summary"]["failed"] == 2  # the warning fails too
    code, out, _ = run_cli(capsys, *args, "--ignore", "S006")
    assert code == 0 and json.loads(out)["summary"] == {"folders": 3, "passed": 3, "failed": 0, "skipped": 1}
    code, out, _ = run_cli(capsys, *args, "--select", "I")
    assert code == 0 and all(r["findings"] == [] for r in json.loads(out)["reports"])
    # a folder's own jdcheck.yaml still sets what the command line leaves open
    (small_drive / "bad" / "groupbuy_stock0" / "jdcheck.yaml").write_text("severity: {S006: warning}\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, *args)
    assert code == 0


def test_custom_rules_apply_to_folders_of_their_type(capsys, small_drive, tmp_path):
    rules = tmp_path / "manager.yaml"
    rules.write_text("extends: groupbuy\nchecks:\n  S006:\n    bounds: [{column: stock, min: 0, severity: error}]\n",
                     encoding="utf-8")
    code, out, _ = run_cli(capsys, "batch", small_drive, "--rules", rules, "--today", TODAY, "--format", "json", "-j", "1")
    assert code == 0 and json.loads(out)["passed"] is True


def test_report_file_and_nothing_written_otherwise(capsys, small_drive, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    code, out, _ = run_cli(capsys, "batch", small_drive, "--today", TODAY, "--format", "json", "-j", "1")
    assert code == 1 and snapshot(tmp_path) == before
    code, rich_out, _ = run_cli(capsys, "batch", small_drive, "--today", TODAY, "-j", "1", "--report", "out.json")
    assert code == 1 and "未通过" in rich_out
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == json.loads(out)
    assert sorted(set(snapshot(tmp_path)) - set(before)) == ["out.json"]  # no temporary file left
    code, _, err = run_cli(capsys, "batch", small_drive, "--today", TODAY, "-j", "1", "--report", "out.json")
    assert code == 2 and "--force" in err
    assert run_cli(capsys, "batch", small_drive, "--today", TODAY, "-j", "1", "--report", "out.json", "--force")[0] == 1


def test_report_is_never_written_into_a_folder_under_the_root(capsys, small_drive):
    before = snapshot(small_drive)
    for folder in sorted(p for p in small_drive.rglob("*") if p.is_dir()):
        code, _, err = run_cli(capsys, "batch", small_drive, "--today", TODAY, "-j", "1", "--report", folder / "r.xml",
                               "--lang", "en")
        assert code == 2 and "inside a folder under" in err, folder
    assert snapshot(small_drive) == before
    code, _, _ = run_cli(capsys, "batch", small_drive, "--today", TODAY, "-j", "1", "--report", small_drive / "r.xml")
    assert code == 1 and (small_drive / "r.xml").is_file()  # the root itself is no submission


def test_all_passing_and_empty_roots_exit_0(capsys, tmp_path):
    groupbuy(tmp_path / "drive")
    code, out, _ = run_cli(capsys, "batch", tmp_path / "drive", "--today", TODAY, "--format", "json", "-j", "1")
    assert code == 0 and json.loads(out)["summary"] == {"folders": 1, "passed": 1, "failed": 0, "skipped": 0}
    (tmp_path / "empty").mkdir()
    code, out, _ = run_cli(capsys, "batch", tmp_path / "empty", "--lang", "en")
    # exit 0 as the contract says, but no reader sees PASSED over an empty or unmounted drive
    assert code == 0 and out.splitlines()[1:] == [
        "No submission folders found: nothing was checked (an empty folder, or a network drive not mounted?).", "",
        "NOTHING CHECKED  0 folders checked: 0 passed, 0 failed; 0 skipped"]
    code, out, _ = run_cli(capsys, "batch", tmp_path / "empty", "--lang", "en", "--format", "html")
    assert code == 0 and '<header class="banner nothing">' in out and "NOTHING CHECKED" in out


@pytest.mark.parametrize(("args", "needle"), [
    (["batch", "/no/such/drive"], "folder not found"),
    (["batch", "{file}"], "not a folder"),
    (["batch", "{root}", "--report", "{root}/out.txt"], "--report must end in .json"),
    (["batch", "{root}", "--report", "{root}/no/such/out.json"], "cannot write"),
    (["batch", "{root}", "--jobs", "0"], "--jobs"),
    (["batch", "{root}", "--format", "xml"], "--format"),
    (["batch", "{root}", "--rules", "{root}/missing.yaml"], "rule file not found"),
    (["rules", "show", "flashsale"], "unknown submission type"),
])
def test_batch_usage_errors_exit_2(capsys, monkeypatch, tmp_path, args, needle):
    monkeypatch.setenv("JDCHECK_LANG", "en")  # the needles are English (`rules show` takes no --lang)
    (tmp_path / "a.txt").write_text("x")
    args = [a.format(root=tmp_path, file=tmp_path / "a.txt") for a in args]
    code, out, err = run_cli(capsys, *args)
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("jdcheck: error:") and needle.lower() in err.lower(), err


def test_broken_rules_on_the_command_line_stop_the_batch(capsys, small_drive, tmp_path):
    rules = tmp_path / "bad.yaml"
    rules.write_text("extends: groupbuy\nchecks:\n  S006: {bounds: oops}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "batch", small_drive, "--rules", rules)
    assert (code, out) == (2, "") and f"{rules}:3:" in err


# ── discovery and workers ────────────────────────────────────────────────────────────────────


def test_discovery_rules(tmp_path):
    root = tmp_path / "drive"
    (root / "团购").mkdir(parents=True)  # grouping folder named like a type
    groupbuy(root / "团购")  # 团购/团购-红蜻蜓-1201
    (root / "团购-分文件夹" / "图片").mkdir(parents=True)  # materials only in subfolders: one submission
    (root / "团购-分文件夹" / "图片" / "100012043978.jpg").write_bytes(b"x")
    (root / "二三级资源-1201").mkdir()  # empty but named: a (failing) submission, not skipped
    (root / "cfg").mkdir()
    (root / "cfg" / "jdcheck.yaml").write_text("type: groupbuy\n")
    (root / "cfg" / "a.xlsx").write_bytes(b"")
    (root / ".git" / "x").mkdir(parents=True)
    (root / "__MACOSX").mkdir()
    (root / "link").symlink_to(root / "团购")
    (root / "杂项").mkdir()
    (root / "杂项" / "a.doc").write_bytes(b"")
    (root / "deep" / "a" / "b").mkdir(parents=True)
    candidates, skipped = discover(root, "en")
    assert [c.rel for c in candidates] == ["cfg", "二三级资源-1201", "团购/团购-红蜻蜓-1201", "团购-分文件夹"]
    assert {(s.folder, s.reason) for s in skipped} == {
        ("link", "symbolic link, not followed"),
        ("杂项", "not a submission folder: no spreadsheet, picture, mail, page or links file in it"),
        ("deep/a/b", "empty folder"),
    }


def test_folder_vanished_mid_run_fails_that_folder(tmp_path):
    root = tmp_path / "drive"
    groupbuy(root / "a")
    groupbuy(root / "b")
    candidates, _ = discover(root)
    shutil.rmtree(root / "a")
    choices = Choices(today=None, lang="en")
    reports = {r.folder: r for r in check_many(candidates, root, choices, jobs=2)}
    assert reports["b/团购-红蜻蜓-1201"].passed or reports["b/团购-红蜻蜓-1201"].findings
    (finding,) = reports["a/团购-红蜻蜓-1201"].findings
    assert finding.code == "X002" and "No such file or directory" in finding.message
    batch = BatchReport("jdcheck", "0", str(root), list(reports.values()))
    assert batch.summary["failed"] >= 1 and not batch.passed


def test_worker_imports_neither_typer_nor_rich(tmp_path):
    folder = groupbuy(tmp_path)
    code = (
        "import sys; from pathlib import Path\n"
        "from jdcheck.batch import Candidate, check_folder\n"
        "from jdcheck.config import Choices\n"
        f"r = check_folder(Candidate(Path({str(folder)!r}), 'x'), Path({str(tmp_path)!r}), Choices())\n"
        "assert r.type == 'groupbuy', r\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "[]\n", "")


def test_unreadable_named_folder_is_a_failed_candidate():
    report = check_folder(Candidate(Path("/x/团购-1"), "团购-1", reason="Permission denied"), Path("/x"),
                          Choices(lang="en"))
    assert (report.type, report.passed, report.folder) == ("groupbuy", False, "团购-1")
    assert report.findings[0].message == "The folder could not be checked: Permission denied"


def test_check_takes_the_type_from_the_folder_name(capsys, tmp_path):
    folder = groupbuy(tmp_path)  # 团购-红蜻蜓-1201, no jdcheck.yaml
    code, out, err = run_cli(capsys, "check", folder, "--today", TODAY, "--format", "json")
    assert (code, err, json.loads(out)["type"]) == (0, "", "groupbuy")


def test_explain_x002(capsys):
    code, out, _ = run_cli(capsys, "explain", "X002", "--lang", "en")
    assert code == 0 and out.startswith("X002 (ERROR): Folder could not be checked")


def test_folder_names_in_another_code_page(capsys, tmp_path):
    """A GBK-named folder copied onto a UTF-8 drive: reported with replacement characters, no crash."""
    root = tmp_path / "drive"
    root.mkdir()
    folder = os.fsencode(root) + b"/" + "团购-".encode("utf-8") + "红蜻蜓".encode("gbk")
    os.mkdir(folder)
    Path(os.fsdecode(folder), "jdcheck.yaml").write_text("ignroe: []\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "batch", root, "--format", "json", "-j", "1", "--lang", "en")
    assert (code, err) == (1, "")
    (report,) = json.loads(out)["reports"]
    assert report["folder"].startswith("团购-\ufffd") and "ignroe: unknown key" in report["findings"][0]["message"]


def test_a_selection_for_other_types_skips_a_folder(capsys, tmp_path):
    """`--select H` over a drive of group-buy and platform folders checks the pages: the group-buy
    folders have no H check and are skipped with the reason, not failed as X002."""
    from tests.type_folders import platform

    root = tmp_path / "drive"
    groupbuy(root)  # → drive/团购-红蜻蜓-1201
    page = platform(root)
    args = ("batch", root, "--today", TODAY, "--format", "json", "--jobs", "1", "--lang", "en")
    code, out, _ = run_cli(capsys, *args, "--select", "H")
    batch = json.loads(out)
    assert [r["folder"] for r in batch["reports"]] == [page.name]
    assert batch["skipped"] == [{"folder": "团购-红蜻蜓-1201",
                                 "reason": "group-buy folder: no selected check applies to its type (select: H; ignore: none)"}]
    assert code == (0 if batch["passed"] else 1)
    # a folder whose own jdcheck.yaml selects nothing is still its own mistake: X002
    (root / "团购-红蜻蜓-1201" / "jdcheck.yaml").write_text("select: [H]\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, *args)
    report = next(r for r in json.loads(out)["reports"] if r["folder"] == "团购-红蜻蜓-1201")
    assert [f["code"] for f in report["findings"]] == ["X002"] and code == 1


def test_a_selection_that_checks_no_folder_is_exit_2(capsys, small_drive):
    code, out, err = run_cli(capsys, "batch", small_drive, "--today", TODAY, "--format", "json", "-j", "1",
                             "--select", "H", "--lang", "en")
    assert code == 2 and "leave no check to run in any folder" in err and err.count("\n") == 1
    assert json.loads(out)["error"].startswith("--select/--ignore leave no check")


def test_a_note_beside_submission_folders_does_not_merge_them(capsys, tmp_path):
    """团购/说明.txt beside 团购-A and 团购-B: 团购/ only groups them, each is checked alone (before,
    the note made 团购/ one submission holding both, and B's missing materials passed)."""
    root = tmp_path / "drive"
    groupbuy(root / "团购")
    incomplete = root / "团购" / "团购-B-1201"
    incomplete.mkdir()
    (incomplete / "links.txt").write_text("https://mall.jd.com/index-1000001.html\n", encoding="utf-8")
    (root / "团购" / "说明.txt").write_text("名单", encoding="utf-8")
    code, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1")
    reports = {r["folder"]: {f["code"] for f in r["findings"]} for r in json.loads(out)["reports"]}
    assert set(reports) == {"团购/团购-红蜻蜓-1201", "团购/团购-B-1201"}
    assert "M101" in reports["团购/团购-B-1201"] and code == 1


@pytest.mark.parametrize(("loose", "reports"), [
    # one extra file beside a submission folder: the folder beside it only groups (#2: a schedule
    # sheet 团购/团购排期.xlsx made one failing row of four submissions)
    ({"团购排期.xlsx": b"x"}, {"团购-混合/团购-红蜻蜓-1201": None}),
    ({"100012043978.jpg": b"x"}, {"团购-混合/团购-红蜻蜓-1201": None}),
    ({"readme.txt": b"x"}, {"团购-混合/团购-红蜻蜓-1201": None}),
    # a submission's materials beside it: not checked, and listed as skipped with the reason
    ({"团购提报.xlsx": b"x", "100012043978.jpg": b"x"}, {"团购-混合/团购-红蜻蜓-1201": None}),
])
def test_what_lies_beside_a_submission_folder_does_not_swallow_it(capsys, tmp_path, loose, reports):
    root = tmp_path / "drive"
    groupbuy(root / "团购-混合")
    for name, data in loose.items():
        (root / "团购-混合" / name).write_bytes(data)
    code, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    found = {r["folder"]: "X002" if r["findings"] and r["findings"][0]["code"] == "X002" else None
             for r in json.loads(out)["reports"]}
    assert (found, code) == (reports, 0)
    skipped = json.loads(out)["skipped"]
    if "团购提报.xlsx" in loose:
        assert skipped == [{"folder": "团购-混合", "reason": (
            "a submission's materials (100012043978.jpg, 团购提报.xlsx) lie beside submission folders and were not "
            "checked: move them into a submission folder of their own, or away if they are no submission")}]
    else:
        assert skipped == []


def test_a_folder_with_its_own_config_below_a_grouping_folder_is_its_own_submission(capsys, tmp_path):
    """repro 11 and 1 of the newcomer report: 团购/ holding a schedule sheet, or the logo its
    children's jdcheck.yaml name as ../红蜻蜓-logo.png, beside submissions that have their own
    jdcheck.yaml (and a folder name no type word is in)."""
    from tests.image_builders import png

    root = tmp_path / "drive"
    for name in ("A", "B"):
        folder = groupbuy(root / "团购")
        (folder / "jdcheck.yaml").write_text("type: groupbuy\nlogo: ../红蜻蜓-logo.png\n", encoding="utf-8")
        folder.rename(root / "团购" / f"提报{name}")
    png(root / "团购" / "红蜻蜓-logo.png", (200, 80))
    (root / "团购" / "团购排期.xlsx").write_bytes(b"x")
    code, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1")
    batch = json.loads(out)
    assert [(r["folder"], r["passed"]) for r in batch["reports"]] == [("团购/提报A", True), ("团购/提报B", True)]
    assert (batch["skipped"], code) == ([], 0)


def test_batch_on_a_submission_folder_itself_is_exit_2(capsys, tmp_path):
    """`jdcheck batch 团购-红蜻蜓-1201` finds no folder under it: that must not read as a pass."""
    folder = groupbuy(tmp_path)
    code, out, err = run_cli(capsys, "batch", folder, "--format", "json", "--lang", "en")
    assert code == 2 and "is itself a submission folder" in err and "jdcheck check" in err
    assert json.loads(out)["passed"] is False
    unnamed = folder.rename(tmp_path / "红蜻蜓-1201")  # no type anywhere, but a submission's materials
    code, _, err = run_cli(capsys, "batch", unnamed, "--format", "json", "--lang", "en")
    assert code == 2 and "is itself a submission folder" in err
    empty = tmp_path / "空盘"
    empty.mkdir()
    code, out, _ = run_cli(capsys, "batch", empty, "--format", "json")  # nothing to check is not an error
    assert code == 0 and json.loads(out)["summary"]["folders"] == 0


def test_the_logo_of_a_grouping_folder_does_not_make_it_a_submission(capsys, tmp_path):
    """团购/jdcheck.yaml with `logo: 红蜻蜓-logo.png` beside it serves every submission below (the
    README's one logo for a shop's drive): the picture is no material of 团购/ itself."""
    from tests.image_builders import png

    root = tmp_path / "drive"
    groupbuy(root / "团购")
    png(root / "团购" / "红蜻蜓-logo.png", (200, 80))
    (root / "团购" / "jdcheck.yaml").write_text("logo: 红蜻蜓-logo.png\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1")
    assert [r["folder"] for r in json.loads(out)["reports"]] == ["团购/团购-红蜻蜓-1201"]
    # nor does any other picture: a folder named as a submission below it is one of its own
    png(root / "团购" / "banner.png", (200, 80))
    _, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1")
    assert [r["folder"] for r in json.loads(out)["reports"]] == ["团购/团购-红蜻蜓-1201"]


# ── which folders are submissions: one name rule, and what a folder holds ──────────────────────

NOT_A_SUBMISSION = "not a submission folder: no spreadsheet, picture, mail, page or links file in it"
ONE_KIND = ("not a submission folder: it holds one kind of material (spreadsheet), a submission at least two; "
            "if it is one, name its type in the folder name (团购-…, groupbuy_…) or give it a jdcheck.yaml with its type")
UNTYPED = ("it holds what a submission holds (spreadsheet, pictures) but nothing gives its type, so it was not checked: "
           "if it is a submission, rename it so its type stands as a word of its own (团购-…, groupbuy_…, 首页单品-…) "
           "or give it a jdcheck.yaml with `type:`")


def _submission(folder: Path) -> None:
    """A passing group-buy submission's materials (a sheet, slot images, screenshots) in `folder`."""
    groupbuy(folder.parent / "build").rename(folder)
    shutil.rmtree(folder.parent / "build")


def _template(folder: Path) -> None:
    """What `jdcheck template` writes, alone in `folder` (团购模板/)."""
    from jdcheck.cli import main

    folder.mkdir()
    assert main(["template", "groupbuy", "--out", str(folder / "团购提报模板.xlsx")]) == 0


def _one_file(name: str, text: str):
    def make(folder: Path) -> None:
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
    return make


@pytest.mark.parametrize(("name", "content", "outcome"), [
    # names operators use (newcomer report #1): submissions, checked as the type they name
    ("【团购】红蜻蜓-1201", _submission, ("checked", "groupbuy")),
    ("1201团购-红蜻蜓", _submission, ("checked", "groupbuy")),
    (" 团购-前导空格", _submission, ("checked", "groupbuy")),
    ("二三级-红蜻蜓", _submission, ("checked", "channel")),  # the README's compose example
    ("首页-红蜻蜓", _submission, ("checked", "homepage")),
    ("ＧＲＯＵＰＢＵＹ-1201", _submission, ("checked", "groupbuy")),
    ("Group-buy 1201", _submission, ("checked", "groupbuy")),
    ("团购-红蜻蜓-1201", _submission, ("checked", "groupbuy")),
    ("groupbuy_1201", _submission, ("checked", "groupbuy")),
    ("Groupbuy-fail-00001", _submission, ("checked", "groupbuy")),
    # a type's word glued into another word: a submission only by what it holds
    ("红蜻蜓团购", _submission, ("checked", "groupbuy")),
    ("团购红蜻蜓1201", _submission, ("checked", "groupbuy")),
    # no type anywhere, but a submission's materials: skipped, saying so and how to name it (a
    # drive's 素材 and 周报 folders hold sheets and pictures too: failing them would be a false alarm)
    ("红蜻蜓-1201", _submission, ("skipped", UNTYPED)),
    # not submissions (#7): passed over with the reason
    ("channels", _one_file("readme.md", "# channels"), ("skipped", NOT_A_SUBMISSION)),
    ("Platformer-notes", _one_file("a.txt", "notes"), ("skipped", NOT_A_SUBMISSION)),
    ("团购规则", _one_file("红蜻蜓-双12.yaml", "extends: groupbuy\n"), ("skipped", NOT_A_SUBMISSION)),
    ("团购模板", _template, ("skipped", ONE_KIND)),
    ("资料", _one_file("说明.txt", "x"), ("skipped", NOT_A_SUBMISSION)),
    # named as a submission and empty: checked (everything is missing, M101)
    ("二三级资源-1201", lambda folder: folder.mkdir(), ("checked", "channel")),
    ("团购-空", lambda folder: folder.mkdir(), ("checked", "groupbuy")),
])
def test_discovery_by_name_and_content(capsys, tmp_path, name, content, outcome):
    root = tmp_path / "drive"
    root.mkdir()
    content(root / name)
    capsys.readouterr()  # what `jdcheck template` printed
    code, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    batch = json.loads(out)
    found = [("skipped", skip["reason"]) for skip in batch["skipped"] if skip["folder"] == name]
    for report in batch["reports"]:
        assert report["folder"] == name
        first = report["findings"][0] if report["findings"] else {}
        found.append(("failed", first["message"]) if first.get("code") == "X002" else ("checked", report["type"]))
    assert found == [outcome]
    assert code == (0 if batch["passed"] else 1)
    assert (outcome[0] != "failed") or (code, batch["passed"]) == (1, False)


def test_a_drive_of_unnamed_submissions_says_nothing_was_checked(capsys, tmp_path):
    """Folders holding a submission's materials that nothing gives a type to are listed as skipped
    in every format with the reason, and a batch that checked nothing never reads PASSED."""
    root = tmp_path / "drive"
    root.mkdir()
    for name in ("红蜻蜓-1201", "红蜻蜓-1202"):
        _submission(root / name)
    args = ("batch", root, "--today", TODAY, "-j", "1", "--lang", "en")
    code, out, _ = run_cli(capsys, *args, "--format", "json")
    batch = json.loads(out)
    assert (code, batch["summary"]) == (0, {"folders": 0, "passed": 0, "failed": 0, "skipped": 2})
    assert batch["skipped"] == [{"folder": name, "reason": UNTYPED} for name in ("红蜻蜓-1201", "红蜻蜓-1202")]
    code, out, _ = run_cli(capsys, *args)
    assert code == 0 and out.count(UNTYPED.split(":")[0]) == 2
    assert "NOTHING CHECKED  0 folders checked: 0 passed, 0 failed; 2 skipped" in out.splitlines()


def test_what_a_team_drive_holds_besides_submissions_is_no_failure(capsys, tmp_path):
    """素材 (a cost sheet, a logo, product pictures), 周报 (a sales sheet), 备份 (an export and a
    screenshot, a zipped old submission) beside a submission: the batch checks the submission,
    lists the rest as skipped, and passes (newcomer round 7, #2 and #8)."""
    from tests.image_builders import jpeg

    root = tmp_path / "drive"
    _submission(root / "团购-红蜻蜓-1201")
    for folder, names in (("素材", ("成本.csv", "红蜻蜓-logo.png", "主图1.jpg")), ("周报", ("周报.xlsx", "图表.png")),
                          ("备份", ("导出.csv", "截图.png", "团购-红蜻蜓-1101.zip"))):
        (root / folder).mkdir()
        for name in names:
            if name.endswith((".jpg", ".png")):
                jpeg(root / folder / name, (60, 40))
            else:
                (root / folder / name).write_bytes(b"x")
    code, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    batch = json.loads(out)
    assert (code, [r["folder"] for r in batch["reports"]]) == (0, ["团购-红蜻蜓-1201"])
    assert sorted(skip["folder"] for skip in batch["skipped"]) == ["周报", "备份", "备份/团购-红蜻蜓-1101.zip", "素材"]


def test_a_submission_dropped_into_root_beside_submission_folders_is_listed(capsys, tmp_path):
    """ROOT/首页单品提报.xlsx + two screenshots beside ROOT/团购-红蜻蜓-1201/: not checked (ROOT itself
    never is), and said so, not passed over in silence (newcomer round 7, #10)."""
    root = tmp_path / "drive"
    _submission(root / "团购-红蜻蜓-1201")
    for name in ("首页单品提报.xlsx", "款式截图.jpg"):
        (root / name).write_bytes(b"x")
    code, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    batch = json.loads(out)
    assert (code, [r["folder"] for r in batch["reports"]]) == (0, ["团购-红蜻蜓-1201"])
    assert [skip["folder"] for skip in batch["skipped"]] == ["."]
    assert batch["skipped"][0]["reason"].startswith("a submission's materials (款式截图.jpg, 首页单品提报.xlsx) lie beside")


def test_a_type_named_subfolder_of_one_kind_is_part_of_its_submission(capsys, tmp_path):
    """团购-红蜻蜓-1201/团购-主图/ (the slot images) is part of the submission, not one of its own:
    the sheet beside it is checked with it (newcomer round 7, #1)."""
    root = tmp_path / "drive"
    folder = root / "团购-红蜻蜓-1201"
    _submission(folder)
    (folder / "团购-主图").mkdir()
    for image in folder.glob("1000*.jpg"):
        image.rename(folder / "团购-主图" / image.name)
    code, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    batch = json.loads(out)
    assert [(r["folder"], r["summary"]["files"]) for r in batch["reports"]] == [("团购-红蜻蜓-1201", len(
        [p for p in folder.rglob("*") if p.is_file()]))]
    assert (code, batch["skipped"]) == (0, [])


def test_archive_named_as_a_submission(capsys, tmp_path):
    """团购-红蜻蜓-1201.zip on the drive (#15): jdcheck opens no archive, so it is listed as skipped
    saying the submission in it was not checked (a backup of an old one must not fail every night),
    unless it was extracted beside it; a shortcut is passed over."""
    root = tmp_path / "drive"
    root.mkdir()
    (root / "团购-红蜻蜓-1201.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (root / "团购-红蜻蜓-1202.lnk").write_bytes(b"L\x00\x00\x00")
    (root / "资料.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # no type in its name: not a submission
    args = ("batch", root, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    code, out, _ = run_cli(capsys, *args)
    batch = json.loads(out)
    assert batch["reports"] == []
    assert batch["skipped"] == [
        {"folder": "团购-红蜻蜓-1201.zip", "reason": "an archive, and jdcheck opens no archive: the submission in it "
                                                   "was not checked; to check it, extract it as the folder 团购-红蜻蜓-1201 beside it"},
        {"folder": "团购-红蜻蜓-1202.lnk", "reason": "Windows shortcut, not followed"}]
    assert code == 0
    _submission(root / "团购-红蜻蜓-1201")  # extracted beside it: the folder is checked, the archive not again
    code, out, _ = run_cli(capsys, *args)
    assert code == 0 and [r["folder"] for r in json.loads(out)["reports"]] == ["团购-红蜻蜓-1201"]


def test_a_link_inside_a_submission_is_not_a_skipped_folder(capsys, tmp_path):
    """A symbolic link in a submission is that submission's finding (M103), not one more skipped
    folder of the batch (#19); a link beside submissions is still listed."""
    root = tmp_path / "drive"
    folder = groupbuy(root)
    (folder / "etc").symlink_to("/etc")
    (root / "捷径").symlink_to(folder)
    code, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    batch = json.loads(out)
    assert batch["skipped"] == [{"folder": "捷径", "reason": "symbolic link, not followed"}]
    (report,) = batch["reports"]
    assert {(f["code"], f["file"]) for f in report["findings"]} == {("M103", "etc")}


@pytest.mark.parametrize(("root_config", "outcome"), [
    # a type in ROOT's jdcheck.yaml types the folders below that hold a submission (#20)
    ("type: homepage\n", ("checked", "homepage")),
    ("ignore: [I004]\n", ("skipped", UNTYPED)),
])
def test_a_type_set_above_types_the_submissions_below(capsys, tmp_path, root_config, outcome):
    root = tmp_path / "drive"
    root.mkdir()
    (root / "jdcheck.yaml").write_text(root_config, encoding="utf-8")
    _submission(root / "提报-无类型")
    (root / "资料").mkdir()
    (root / "资料" / "说明.txt").write_text("x", encoding="utf-8")
    _, out, _ = run_cli(capsys, "batch", root, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    batch = json.loads(out)
    found = [("checked", r["type"]) for r in batch["reports"] if r["folder"] == "提报-无类型"]
    found += [("skipped", skip["reason"]) for skip in batch["skipped"] if skip["folder"] == "提报-无类型"]
    assert found == [outcome]
    assert [skip for skip in batch["skipped"] if skip["folder"] == "资料"] == [{"folder": "资料", "reason": NOT_A_SUBMISSION}]


def test_the_hint_gives_a_check_that_reproduces_the_batch_verdict(capsys, tmp_path):
    """#13: ROOT's jdcheck.yaml configures the folders below in a batch; `jdcheck check FOLDER`
    alone does not read it and said otherwise. The footer's command (`--root ROOT`) reads the
    same files and gives the batch's report of that folder."""
    import shlex

    root = tmp_path / "drive"
    root.mkdir()
    (root / "jdcheck.yaml").write_text("ignore: [M101]\n", encoding="utf-8")
    folder = groupbuy(root, [gb_row(SKUS[0], stock=0)], files={"款式截图.jpg": None})  # S006, and M101 ignored
    args = ("--today", TODAY, "--lang", "en")
    code, out, _ = run_cli(capsys, "batch", root, *args, "-j", "1")
    (hint,) = [line for line in out.splitlines() if line.startswith("Details of one folder: ")]
    command = shlex.split(hint.removeprefix("Details of one folder: ").split(" (--root")[0])
    assert command == ["jdcheck", "check", str(folder), "--root", str(root)]
    _, batch_json, _ = run_cli(capsys, "batch", root, *args, "-j", "1", "--format", "json")
    (in_batch,) = json.loads(batch_json)["reports"]
    code, single_json, _ = run_cli(capsys, *command[1:], *args, "--format", "json")
    assert code == 1 and {**json.loads(single_json), "folder": in_batch["folder"]} == in_batch
    assert [f["code"] for f in in_batch["findings"]] == ["S006"]
    code, alone_json, _ = run_cli(capsys, *command[1:3], *args, "--format", "json")  # without --root: M101 too
    assert code == 1 and {f["code"] for f in json.loads(alone_json)["findings"]} == {"S006", "M101"}


def test_check_root_must_hold_the_folder(capsys, tmp_path):
    folder = groupbuy(tmp_path / "a")
    (tmp_path / "b").mkdir()
    code, out, err = run_cli(capsys, "check", folder, "--root", tmp_path / "b", "--lang", "en")
    assert (code, out) == (2, "") and err == f"jdcheck: error: --root {tmp_path / 'b'} does not hold {folder}: --root is the batch's ROOT, the folder checked lies below it\n"
