"""SPEC §5's command-line contract, as an operator in a hurry meets it: a typo in --select, an
unknown --lang, a jdcheck.yaml written by hand with mistakes. Each case runs the CLI and asserts
the exit code and the one line on stderr; nothing is checked when an argument is wrong."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jdcheck.cli import main
from jdcheck.codes import DEFAULT_SEVERITY, all_codes
from tests.folders import SHEET, SKUS, gb_row, groupbuy

TODAY = "2026-11-25"


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def jdcheck(*args, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed command as a shell runs it (its own process, its own environment)."""
    environment = {k: v for k, v in os.environ.items() if k != "JDCHECK_LANG"} | (env or {})
    return subprocess.run([sys.executable, "-m", "jdcheck", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=environment, timeout=120)


@pytest.fixture
def failing(tmp_path):
    """A folder with one error (S006, stock 0) and one warning (S006, stock 300)."""
    return groupbuy(tmp_path, [gb_row(SKUS[0], stock=0), gb_row(SKUS[1], title="红蜻蜓 牛皮 马丁靴 RQT-2315", stock=300)])


# ── --select / --ignore ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("args", [
    ["--select", "S006", "--select", "T004"],
    ["--select", "S006,T004"],
    ["--select", "S,T004", "--ignore", "S002", "--ignore", "S003,S009"],
])
def test_select_and_ignore_given_again_add_up(capsys, failing, args):
    """`--select P009 --select P004` kept only P004: the first selection's errors were hidden and
    the folder passed (newcomer round 10). Given again, an option adds to itself."""
    code, out, _ = run_cli(capsys, "groupbuy", failing, "--format", "json", "--today", TODAY, *args)
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert code == 1 and "S006" in codes and codes <= {"S006", "T004"}


def test_a_typo_in_select_is_exit_2_naming_the_closest_code(failing):
    done = jdcheck("groupbuy", failing, "--select", "X999", "--today", TODAY, "--lang", "en")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "jdcheck: error: --select: X999 matches no rule code (closest: X002)\n"


@pytest.mark.parametrize(("option", "value", "closest"), [
    ("--select", "S0O4", "S004"),      # letter O for zero
    ("--select", "S006,P0007", "P007"),  # one digit too many
    ("--ignore", "S099", "S009"),
    ("--ignore", "I002, Q", None),      # a letter no rule uses
    ("--select", "E005", "E004"),
])
def test_unknown_codes_and_prefixes_are_exit_2(capsys, failing, option, value, closest):
    code, out, err = run_cli(capsys, "groupbuy", failing, option, value, "--today", TODAY, "--lang", "en")
    assert (code, out) == (2, "")
    assert err.startswith(f"jdcheck: error: {option}: ") and err.count("\n") == 1
    if closest is not None:
        assert f"closest: {closest}" in err


@pytest.mark.parametrize("value", ["S006", "s006", "S", "S00", "I002, S006", "I002,S006", "I002 S006", "I002, X001"])
def test_codes_and_prefixes_that_name_rules_still_work(capsys, failing, value):
    code, out, _ = run_cli(capsys, "groupbuy", failing, "--select", value, "--today", TODAY, "--format", "json")
    assert code in (0, 1)
    assert all(f["code"].startswith(tuple(value.upper().replace(",", " ").split())) for f in json.loads(out)["findings"])


@pytest.mark.parametrize("args", [("--select", "X001"), ("--select", "H"), ("--select", "S", "--ignore", "S")])
def test_a_selection_that_leaves_no_check_is_exit_2(capsys, failing, args):
    """Nothing to run is not a pass: `--select H` on a group-buy folder (no H check applies), or
    an --ignore that takes back everything --select gave, would pass the folder unchecked."""
    code, out, err = run_cli(capsys, "groupbuy", failing, *args, "--today", TODAY, "--lang", "en")
    assert (code, out) == (2, "")
    # a selection of no rule code at all is refused before the folder is read; one of no check
    # of this type once its type is known
    nothing = "--ignore" in args or "X001" in args  # X001 is no check: a crash report
    assert ("leave no check to run" if nothing else "leave no check of type groupbuy to run") in err
    assert err.count("\n") == 1


def test_a_selection_of_no_code_at_all_is_exit_2_for_batch_too(capsys, failing):
    code, _, err = run_cli(capsys, "batch", failing.parent, "--select", "H", "--ignore", "H", "--today", TODAY,
                           "--lang", "en")
    assert code == 2 and "leave no check to run (select: H; ignore: H)" in err


def test_every_rule_code_is_accepted_by_select_and_ignore(capsys, failing):
    """codes.py is the one list: a code another module adds there (the vision codes too, whose
    checks need the optional extra) is valid for --select at once."""
    everything = ",".join(all_codes())
    assert run_cli(capsys, "groupbuy", failing, "--select", everything, "--today", TODAY)[0] == 1
    # every code ignored leaves nothing to run: refused, never a silent pass
    assert run_cli(capsys, "groupbuy", failing, "--ignore", everything, "--today", TODAY)[0] == 2


@pytest.mark.parametrize("code", ["I009", "I010", "P009"])
def test_vision_codes_are_valid_without_the_vision_extra(capsys, failing, code):
    if code not in DEFAULT_SEVERITY:
        pytest.skip(f"{code} is not in codes.py on this branch yet (issue 11 adds it)")
    code_, _, err = run_cli(capsys, "groupbuy", failing, "--ignore", code, "--today", TODAY)
    assert (code_, err) == (1, "")


def test_batch_select_typo_is_exit_2_before_any_folder_is_checked(capsys, tmp_path, failing):
    code, out, err = run_cli(capsys, "batch", tmp_path, "--select", "S06", "--today", TODAY, "--format", "json", "--lang", "en")
    assert code == 2
    assert err == "jdcheck: error: --select: S06 matches no rule code (closest: S006)\n"
    assert json.loads(out)["error"]  # the ERROR_SCHEMA document: stdout stays one JSON document


# ── --lang and JDCHECK_LANG ──────────────────────────────────────────────────────────────────


def test_unknown_lang_is_exit_2(failing):
    """Said in Chinese, the default: the value names no language to say it in."""
    done = jdcheck("groupbuy", failing, "--lang", "fr", "--today", TODAY)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "jdcheck: error: --lang 只能是 zh、en，不能是 'fr'\n"


def test_unknown_jdcheck_lang_is_exit_2_too(failing):
    """A CI job's environment is configuration: a typo there is reported once, not turned into a
    Chinese report nobody asked for (README: JDCHECK_LANG)."""
    done = jdcheck("groupbuy", failing, "--today", TODAY, env={"JDCHECK_LANG": "fr"})
    assert (done.returncode, done.stderr) == (2, "jdcheck: error: JDCHECK_LANG 只能是 zh、en，不能是 'fr'\n")


@pytest.mark.parametrize(("env", "lang", "word"), [
    ("en_US.UTF-8", None, "FAILED"), ("zh-CN", None, "未通过"), ("", None, "未通过"),
    ("fr", "en", "FAILED"),  # --lang wins: the variable is not read
])
def test_locale_style_values_are_understood(capsys, monkeypatch, failing, env, lang, word):
    monkeypatch.setenv("JDCHECK_LANG", env)
    args = ["groupbuy", failing, "--today", TODAY] + (["--lang", lang] if lang else [])
    code, out, err = run_cli(capsys, *args)
    assert (code, err) == (1, "") and word in out


@pytest.mark.parametrize("command", [["explain", "I002"], ["batch", "."], ["template", "groupbuy", "--out", "x.xlsx"]])
def test_other_commands_refuse_an_unknown_lang(capsys, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, *command, "--lang", "de")
    assert (code, err) == (2, "jdcheck: error: --lang 只能是 zh、en，不能是 'de'\n")
    assert not (tmp_path / "x.xlsx").exists()


# ── jdcheck.yaml written by hand ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("type: groupbuy\ntoday: 2026-13-01\n", 2, "invalid date '2026-13-01': month must be in 1..12"),
    ("today: 2026-02-30\n", 1, "invalid date '2026-02-30'"),
    ("today: tomorrow\n", 1, "today: a date YYYY-MM-DD, not 'tomorrow'"),
    ("type: groupbuy\ntoday: 2026-11-25T10:00:00\n", 2, "today: a date YYYY-MM-DD without a time"),
    ("severity:\n  ~: warning\n", 1, "a rule code or prefix such as S006 or I, not None"),
    ("select: X999\n", 1, "X999 matches no rule code (closest: X002)"),
    ("ignore: P007, T0004\n", 1, "closest: T004"),
    ("ignore:\n  - P007\n  - P99\n", 3, "ignore.1: P99 matches no rule code (closest: P009"),
    ("ignore: 7\n", 1, "ignore: expected a list (a YAML list or a comma-separated string), not 7"),
    ("select: ''\n", 1, "select: names no code"),
    ("severity:\n  P070: warning\n", 2, "'P070' matches no rule code (closest: P007; write a code such as S006"),
    ("rules: 规则/manager.yaml\n", 1, "rules: no rule file"),
])
def test_bad_values_in_jdcheck_yaml_are_exit_2_with_file_and_line(tmp_path, text, line, needle):
    folder = groupbuy(tmp_path, files={"jdcheck.yaml": text})
    done = jdcheck("check", folder, "--today", TODAY, "--lang", "en") if "13-01" in text else None
    if done is None:  # the others in-process: the same main(), faster
        from io import StringIO
        from contextlib import redirect_stderr, redirect_stdout

        err, out = StringIO(), StringIO()
        with redirect_stderr(err), redirect_stdout(out):
            code = main(["check", str(folder), "--today", TODAY, "--lang", "en"])
        done = subprocess.CompletedProcess([], code, out.getvalue(), err.getvalue())
    assert (done.returncode, done.stdout) == (2, "")
    prefix = f"jdcheck: error: {folder / 'jdcheck.yaml'}:{line}: "
    assert done.stderr.startswith(prefix), done.stderr
    assert needle.replace("P009", "P00") in done.stderr and done.stderr.count("\n") == 1
    assert "internal error" not in done.stderr


@pytest.mark.parametrize("text", [
    "ignore: P007, S006\n", "ignore: P007,S006\n", "ignore: 'P007 , S006'\n", "ignore: [P007, S006]\n",
    "ignore:\n  - p007\n  - s006\n", "ignore: P007，S006\n",  # a full-width comma, as a Chinese IME types it
])
def test_ignore_as_a_list_or_a_comma_separated_string(capsys, tmp_path, text):
    folder = groupbuy(tmp_path, [gb_row(SKUS[0], stock=0)], files={"jdcheck.yaml": text})
    code, out, err = run_cli(capsys, "check", folder, "--today", TODAY, "--format", "json", "--type", "groupbuy")
    assert (code, err) == (0, "")
    assert json.loads(out)["findings"] == []


def test_the_cli_select_overrides_the_config_and_is_checked_the_same_way(capsys, tmp_path):
    folder = groupbuy(tmp_path, [gb_row(SKUS[0], stock=0)], files={"jdcheck.yaml": "select: S, P\n"})
    code, out, _ = run_cli(capsys, "check", folder, "--today", TODAY, "--format", "json", "--select", "S006")
    assert code == 1 and {(f["code"], f["file"], f["row"]) for f in json.loads(out)["findings"]} == {("S006", SHEET, 4)}


# ── the order of findings ────────────────────────────────────────────────────────────────────


def test_findings_of_a_row_come_left_to_right_as_in_the_sheet(capsys, tmp_path):
    """商品名称 (column B), 团购价 (E), 库存 (F): the order the operator reads the row in, not the
    codes' or the header names' order (P001 < S006 < T003 would put 商品名称 last)."""
    row = gb_row(SKUS[0], title="红蜻蜓 最低价 雪地靴 RQT-2201", group_price=399, stock=0)
    folder = groupbuy(tmp_path, [row, gb_row(SKUS[1], title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", stock=500, season="夏")])
    code, out, _ = run_cli(capsys, "groupbuy", folder, "--today", TODAY, "--format", "json", "--lang", "en")
    sheet = [(f["severity"], f["row"], f["column"], f["code"]) for f in json.loads(out)["findings"] if f["file"] == SHEET]
    assert code == 1
    assert sheet == [
        ("error", 4, "商品名称", "T003"), ("error", 4, "团购价", "P001"), ("error", 4, "库存", "S006"),
        ("warning", 5, "库存", "S006"), ("warning", 5, "季节", "P007"),
    ]
    rich_code, rich, _ = run_cli(capsys, "groupbuy", folder, "--today", TODAY, "--lang", "en")
    assert rich.index("T003") < rich.index("P001") < rich.index("ERROR S006")


# ── I003's fix fits the file's format ────────────────────────────────────────────────────────


@pytest.mark.parametrize(("name", "maker", "formats", "words"), [
    ("{sku}.jpg", "jpeg", None, ["lower JPEG quality"]),
    ("{sku}.png", "png", None, ["save it as JPEG", "fewer colours"]),
    ("{sku}.png", "png", "[PNG]", ["reduce the colours"]),
    ("{sku}.bmp", "bmp", "[JPEG, BMP]", ["Save it as JPEG"]),
])
def test_i003_fix_suits_the_format(capsys, tmp_path, name, maker, formats, words):
    from tests import image_builders

    def noisy(path):  # noise: no encoder gets a 440×293 picture of it under 50 KB
        import random

        from PIL import Image

        rng = random.Random(3)
        picture = Image.frombytes("RGB", (440, 293), bytes(rng.randrange(256) for _ in range(440 * 293 * 3)))
        if maker == "jpeg":
            picture.save(path, "JPEG", quality=95)
        else:
            picture.save(path, maker.upper())
        return path

    assert hasattr(image_builders, maker)
    files = {f"{SKUS[0]}.jpg": None, name.format(sku=SKUS[0]): noisy}
    folder = groupbuy(tmp_path, [gb_row(SKUS[0])], files=files)
    args = ["groupbuy", folder, "--today", TODAY, "--format", "json", "--lang", "en", "--select", "I003"]
    if formats is not None:
        rules = tmp_path / "rules.yaml"
        rules.write_text(f"extends: groupbuy\nmaterials:\n  slot_image:\n    image: {{width: 440, height: 293, max_kb: 50, "
                         f"formats: {formats}}}\n    naming: sku\n    required: true\n", encoding="utf-8")
        args += ["--rules", rules]
    code, out, err = run_cli(capsys, *args)
    findings = json.loads(out)["findings"]
    assert (code, err) == (1, "") and [f["code"] for f in findings] == ["I003"]
    assert all(word.lower() in findings[0]["fix"].lower() for word in words), findings[0]["fix"]
    if maker != "jpeg":
        assert "JPEG quality" not in findings[0]["fix"]


# ── jdcheck explain ──────────────────────────────────────────────────────────────────────────

PLACEHOLDER = __import__("re").compile(r"\{[^{}\s]*\}")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("code", all_codes())
def test_explain_reads_as_finished_prose_with_a_failing_and_a_passing_example(capsys, code, lang):
    from jdcheck.messages.examples import LABELS

    status, out, err = run_cli(capsys, "explain", code.lower(), "--lang", lang)
    assert (status, err) == (0, "")
    assert not PLACEHOLDER.search(out), PLACEHOLDER.findall(out)
    assert out.startswith(f"{code} (")
    assert f"\n{LABELS['fails'][lang]}: " in out and f"\n{LABELS['passes'][lang]}: " in out
    if lang == "zh":  # the examples are in the reader's language, not English left over
        assert "Fails" not in out and "Passes" not in out


# What may stay in Latin letters in a Chinese example: links, `code`, jdcheck's commands and
# options, file names. What is left is English prose when a run of words holds two lowercase
# English words (`not a MIME message`); names (CMYK JPEG, Apple Mail, Outlook) are one or none.
_NOT_PROSE = re.compile(r"https?://\S+|`[^`]*`|\bjdcheck(?:\s+[a-z]+)?|--[\w-]+|[\w.\-]+\.[A-Za-z]{2,5}\b")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,;:'’()]+[A-Za-z][A-Za-z'’-]*)+")


def english_prose(line: str) -> list[str]:
    return [run for run in _LATIN_RUN.findall(_NOT_PROSE.sub(" ", line))
            if sum(word.islower() and len(word) > 1 for word in re.findall(r"[A-Za-z]+", run)) >= 2]


@pytest.mark.parametrize(("line", "prose"), [
    ("  jdcheck 报告: 邮件无法解析：not a MIME message。", ["not a MIME message"]),
    ("  jdcheck 报告: 该文件夹无法检查：团购-a/jdcheck.yaml:2: today: a date YYYY-MM-DD, not 'tomorrow'",
     ["today: a date YYYY-MM-DD, not 'tomorrow'"]),
    ("不通过示例: 印刷流程导出的 CMYK JPEG（警告）", []),
    ("通过示例: Outlook、Foxmail、QQ 邮箱或 Apple Mail 保存的邮件", []),
    ("  修改: 把品牌 logo 放在左上角（jdcheck fix --logo 可代劳）。", []),
    ("  jdcheck 报告: 不是京东商品链接：https://search.jd.com/Search?keyword=雪地靴。", []),
])
def test_english_prose_is_told_from_names_commands_and_links(line, prose):
    assert english_prose(line) == prose


@pytest.mark.parametrize("code", all_codes())
def test_every_example_reads_in_chinese_under_zh(capsys, code):
    """The default language: an example's case, the finding it gives, its fix and the passing case
    hold no English prose (a detail filled in English, as X002's config error once was)."""
    from jdcheck.messages.examples import LABELS

    status, out, _ = run_cli(capsys, "explain", code, "--lang", "zh")
    labels = tuple(f"{label}: " for label in (LABELS["fails"]["zh"], LABELS["passes"]["zh"], LABELS["finding"]["zh"], "修改"))
    lines = [line for line in out.splitlines() if line.strip().startswith(labels)]
    assert status == 0 and lines
    assert {line: english_prose(line) for line in lines if english_prose(line)} == {}


@pytest.mark.parametrize("code", all_codes())
def test_every_example_fills_every_field_its_templates_name(code):
    """Generic words stand in only for what an example leaves out; the examples leave out nothing
    that their own message and fix name (a renamed field shows here, not as a vague word)."""
    from string import Formatter

    from jdcheck.messages import _pick, entry
    from jdcheck.messages.examples import examples

    for case in examples(code):
        for lang in ("zh", "en"):
            item = entry(code, lang)
            for template in (_pick(item["message"], case.variant), _pick(item["fix"], case.variant)):
                named = {name for _, name, _, _ in Formatter().parse(template) if name}
                assert named <= set(case.params), (code, lang, named - set(case.params))


def test_explain_of_a_misspelt_code_names_the_closest(capsys):
    assert run_cli(capsys, "explain", "P0007", "--lang", "en") == (
        2, "", "jdcheck: error: unknown rule code 'P0007' (closest: P007; see README)\n")
    assert run_cli(capsys, "explain", "P0007") == (2, "", "jdcheck: error: 未知的规则代码 'P0007'（最接近的是 P007；见 README）\n")


def test_the_type_in_jdcheck_yaml_is_read_as_folder_names_are(capsys, tmp_path):
    folder = groupbuy(tmp_path, files={"jdcheck.yaml": "type: GroupBuy\n"})
    folder = folder.rename(tmp_path / "提报")  # the name no longer says the type
    code, out, err = run_cli(capsys, "check", folder, "--today", TODAY, "--format", "json")
    assert (code, err, json.loads(out)["type"]) == (0, "", "groupbuy")


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_empty_list_from_a_script_variable_checks_everything(capsys, failing, option):
    code, out, err = run_cli(capsys, "groupbuy", failing, option, "", "--today", TODAY, "--format", "json")
    assert (code, err) == (1, "")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"S006"}


def test_batch_a_folders_own_config_typo_fails_that_folder_with_file_and_line(capsys, tmp_path):
    """In a batch the other folders are still checked (README: batch); the typo is X002 with
    FILE:LINE and the closest code, never silently ignored."""
    drive = tmp_path / "drive"
    groupbuy(drive / "a", files={"jdcheck.yaml": "ignore: S06\n"})
    groupbuy(drive / "b")
    code, out, err = run_cli(capsys, "batch", drive, "--today", TODAY, "--format", "json", "-j", "1", "--lang", "en")
    document = json.loads(out)
    assert (code, err) == (1, "")
    failed = {r["folder"]: r["findings"] for r in document["reports"] if not r["passed"]}
    assert list(failed) == ["a/团购-红蜻蜓-1201"]
    (finding,) = failed["a/团购-红蜻蜓-1201"]
    assert finding["code"] == "X002" and "jdcheck.yaml:1: ignore.0: S06 matches no rule code (closest: S006)" in finding["message"]


@pytest.mark.parametrize("args", [
    ["groupbuy", "{folder}", "--format", "json"],  # the report
    ["groupbuy", "{folder}", "--format", "json", "--today", "not-a-date"],  # the error document
    ["batch", "{folder}", "--format", "json"],  # a submission given to batch: the error document
])
def test_a_reader_that_stops_early_gets_no_traceback(failing, args):
    """`jdcheck … | head -c 10`: the pipe closes under the report; stderr stays free of Python's noise."""
    argv = [sys.executable, "-m", "jdcheck", *(a.format(folder=failing) for a in args)]
    for _ in range(3):
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.read(10)
        proc.stdout.close()  # the reader is gone
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.wait(timeout=120)
        assert "Traceback" not in err and "Exception ignored" not in err, err


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("fmt", ["rich", "json", "junit"])
@pytest.mark.parametrize(("example", "verdict"), [("groupbuy-ok", 0), ("groupbuy-bad", 1)])
def test_a_reader_that_stops_early_does_not_change_the_verdict(fmt, example, verdict):
    """`set -o pipefail; jdcheck groupbuy FOLDER | head -1`: the exit code is the folder's verdict
    whether or not the report was read to the end. Rich's own answer to a broken pipe was exit 1,
    so a passing folder read through `head` failed the script."""
    argv = [sys.executable, "-m", "jdcheck", "groupbuy", str(EXAMPLES / example), "--format", fmt]
    env = {**os.environ, "JDCHECK_VISION": "off"}
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader is gone before the first line: every write meets a closed pipe
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == verdict, err
    assert err == "" or "Traceback" not in err


@pytest.mark.parametrize("command", ["groupbuy", "batch"])
@pytest.mark.parametrize(("option", "place"), [("--output", "/proc/report.json"), ("--annotate", "/proc/annotated")])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_place_nobody_can_write_is_said_before_the_check(command, option, place, lang):
    """A read-only share or a system folder: one line and exit 2 before anything is checked, not an
    internal error (--output) or a line per sheet after a batch of minutes (--annotate); the
    system's reason in the report's language (newcomer rounds 9 and 11)."""
    if not Path("/proc/self").is_dir():
        pytest.skip("needs /proc, a folder where no file can be made")
    target = EXAMPLES / "groupbuy-bad" if command == "groupbuy" else EXAMPLES
    done = jdcheck(command, target, option, place, "--lang", lang)
    assert done.returncode == 2
    line, = done.stderr.splitlines()
    assert line.startswith("jdcheck: error: ") and place in line and "internal" not in line.lower()
    assert ("No such file" in line) is (lang == "en")


def test_a_report_interrupted_while_written_leaves_no_hidden_file(tmp_path):
    from jdcheck.cli.app import write_file

    def render(stream):
        stream.write("{")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_file(tmp_path / "report.json", "--output", render)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["JSON", " Json "])
def test_format_in_any_case(capsys, failing, value):
    code, out, _ = run_cli(capsys, "groupbuy", failing, "--format", value, "--today", TODAY)
    assert code == 1 and json.loads(out)["passed"] is False


def test_output_dash_is_stdout(capsys, failing, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "groupbuy", failing, "--format", "json", "--output", "-", "--today", TODAY)
    assert code == 1 and json.loads(out)["passed"] is False and not (tmp_path / "-").exists()


def test_batch_output_and_report_to_one_file_is_exit_2(capsys, failing, tmp_path):
    target = tmp_path / "out.json"
    code, _, err = run_cli(capsys, "batch", failing.parent, "--format", "junit", "--output", target,
                           "--report", target, "--today", TODAY, "--lang", "en")
    assert code == 2 and "both name" in err and not target.exists()


def test_batch_report_says_where_it_was_written(capsys, failing, tmp_path):
    target = tmp_path / "report.json"
    code, _, err = run_cli(capsys, "batch", failing.parent, "--report", target, "--today", TODAY, "--lang", "en")
    assert code == 1 and target.is_file() and str(target) in err
