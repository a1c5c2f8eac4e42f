"""Exit-2 lines in the report's language (messages/errors.py): jdcheck's own failures, jdcheck.yaml
and rule-file errors, Pydantic's and Click's, each said in zh and en; and where they point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jdcheck.cli import main
from jdcheck.messages.errors import PYDANTIC_ZH, TEXTS, ClickText, Text
from tests.folders import groupbuy

TODAY = "2026-11-25"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A passing group-buy folder, the working directory its parent (file names stay short)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JDCHECK_LANG", raising=False)
    return groupbuy(tmp_path)


# (id, arguments after `jdcheck`, files written beside the folder or into it, zh line, en line).
# "F" is the folder; a file name starting with "F/" is written into it.
CASES = [
    # ── jdcheck's own usage failures ──
    ("folder-not-found", ["groupbuy", "nowhere"], {},
     "找不到文件夹：nowhere", "folder not found: nowhere"),
    ("out-not-xlsx", ["template", "groupbuy", "-o", "x.xls"], {},
     "--out 必须是 .xlsx 文件，不能是 'x.xls'", "--out must name an .xlsx file, not 'x.xls'"),
    ("bad-today", ["groupbuy", "F", "--today", "25/11/2026"], {},
     "--today 应为日期 YYYY-MM-DD，不能是 '25/11/2026'", "--today must be a date YYYY-MM-DD, not '25/11/2026'"),
    ("select-typo", ["groupbuy", "F", "--select", "S06"], {},
     "--select：S06 不对应任何规则代码（最接近的是 S006）", "--select: S06 matches no rule code (closest: S006)"),
    ("unknown-type", ["template", "团购", "-o", "y.xlsx"], {},
     "未知的提报类型 '团购'（可选：groupbuy、homepage、platform、channel）；团购 请写成 groupbuy",
     "unknown submission type '团购' (choose from groupbuy, homepage, platform, channel); for 团购 write groupbuy"),
    ("unknown-type-no-likeness", ["check", "F", "--type", "flashsale"], {},
     "未知的提报类型 'flashsale'（可选：groupbuy、homepage、platform、channel）",
     "unknown submission type 'flashsale' (choose from groupbuy, homepage, platform, channel)"),
    ("compose-folder-missing", ["compose", "channel", "-o", "out"], {},
     "缺少 FOLDER：channel 是类型，后面还要写提报文件夹：jdcheck compose channel 文件夹 …",
     "FOLDER is missing: channel is the type, the submission folder comes after it: jdcheck compose channel FOLDER …"),
    ("fix-folder-missing", ["fix", "channel", "-o", "out"], {},
     "缺少 FOLDER：channel 是类型，后面还要写提报文件夹：jdcheck fix channel 文件夹 …",
     "FOLDER is missing: channel is the type, the submission folder comes after it: jdcheck fix channel FOLDER …"),
    ("fix-type-missing", ["fix", "F", "-o", "out"], {},
     "缺少 TYPE：文件夹 F 前面要写类型（groupbuy、homepage、platform、channel）：jdcheck fix TYPE F …",
     "TYPE is missing: the type (groupbuy, homepage, platform, channel) comes before the folder F: jdcheck fix TYPE F …"),
    # ── jdcheck.yaml ──
    ("config-literal", ["check", "F"], {"F/jdcheck.yaml": "type: 团购\n"},
     "F/jdcheck.yaml:1: type：应为 'groupbuy'、'homepage'、'platform' 或 'channel'，不能是 '团购'",
     "F/jdcheck.yaml:1: type: Input should be 'groupbuy', 'homepage', 'platform' or 'channel'"),
    ("config-full-width-colon", ["check", "F"], {"F/jdcheck.yaml": "type：groupbuy\nselect: [S]\n"},
     "F/jdcheck.yaml:1: 这里是全角冒号“：”，YAML 要用半角冒号“:”（中文输入法会打出“：”）：请写成 type: groupbuy",
     "F/jdcheck.yaml:1: a full-width colon \"：\" where YAML needs \":\" (a Chinese input method types it): write type: groupbuy"),
    ("config-full-width-colon-alone", ["check", "F"], {"F/jdcheck.yaml": "today：2026-11-25\n"},
     "F/jdcheck.yaml:1: 这里是全角冒号“：”，YAML 要用半角冒号“:”（中文输入法会打出“：”）：请写成 today: 2026-11-25",
     "F/jdcheck.yaml:1: a full-width colon \"：\" where YAML needs \":\" (a Chinese input method types it): write today: 2026-11-25"),
    ("config-full-width-colon-nested", ["check", "F"], {"F/jdcheck.yaml": "severity:\n  S006：warning\n"},
     "F/jdcheck.yaml:2: 这里是全角冒号“：”，YAML 要用半角冒号“:”（中文输入法会打出“：”）：请写成 S006: warning",
     "F/jdcheck.yaml:2: a full-width colon \"：\" where YAML needs \":\" (a Chinese input method types it): write S006: warning"),
    ("config-unknown-key", ["check", "F"], {"F/jdcheck.yaml": "type: groupbuy\nignroe: [S006]\n"},
     "F/jdcheck.yaml:2: ignroe：未知的键（拼错了？）", "F/jdcheck.yaml:2: ignroe: unknown key (misspelt?)"),
    ("config-duplicate-key", ["check", "F"], {"F/jdcheck.yaml": "type: groupbuy\ntype: homepage\n"},
     "F/jdcheck.yaml:2: 重复的键 'type'", "F/jdcheck.yaml:2: duplicate key 'type'"),
    ("config-severity-no-code", ["check", "F"], {"F/jdcheck.yaml": "severity: {Q9: error}\n"},
     "F/jdcheck.yaml:1: severity.Q9：'Q9' 不对应任何规则代码（最接近的是 S009；写一个代码如 S006，或前缀如 I）",
     "F/jdcheck.yaml:1: severity.Q9: 'Q9' matches no rule code (closest: S009; write a code such as S006 or a prefix such as I)"),
    ("config-tab", ["check", "F"], {"F/jdcheck.yaml": "type: groupbuy\nselect:\n\t- S\n"},
     "F/jdcheck.yaml:3: YAML 格式错误：这里有制表符（Tab）：YAML 的缩进只能用空格",
     "F/jdcheck.yaml:3: invalid YAML: found character '\\t' that cannot start any token"),
    ("config-quote-not-closed", ["check", "F"], {"F/jdcheck.yaml": 'type: groupbuy\nexample: "红蜻蜓\nselect: [S]\n'},
     "F/jdcheck.yaml:2: YAML 格式错误：文件在引号或括号闭合之前就结束了：引号或括号没有闭合",
     "F/jdcheck.yaml:2: invalid YAML: found unexpected end of stream"),
    ("config-list-not-closed-before-next-key", ["check", "F"], {"F/jdcheck.yaml": "type: groupbuy\nselect: [S006, I001\nignore: [T]\n"},
     "F/jdcheck.yaml:2: YAML 格式错误：列表 [ … ] 没有闭合：缺少“]”，或两项之间缺少逗号“,”",
     "F/jdcheck.yaml:2: invalid YAML: did not find expected ',' or ']'"),
    # ── rule files ──
    # newcomer report 9: line 5 of a 4-line file, PyYAML's English in the Chinese line
    ("rules-list-not-closed-at-end", ["groupbuy", "F", "--rules", "规则.yaml"],
     {"规则.yaml": "extends: groupbuy\nchecks:\n  T003:\n    words+: [雪地靴\n"},
     "规则.yaml:4: YAML 格式错误：列表 [ … ] 没有闭合：缺少“]”，或两项之间缺少逗号“,”",
     "规则.yaml:4: invalid YAML: did not find expected ',' or ']'"),
    ("rules-at-sign", ["groupbuy", "F", "--rules", "规则.yaml"],
     {"规则.yaml": "extends: groupbuy\nchecks:\n  T004: {example: @红蜻蜓}\n"},
     "规则.yaml:3: YAML 格式错误：这里有 YAML 不允许的字符 '@'（如 @ 或 ` 开头的值请加引号）",
     "规则.yaml:3: invalid YAML: found character '@' that cannot start any token"),
    ("rules-extends-missing", ["groupbuy", "F", "--rules", "mine.yaml"], {"mine.yaml": "extends: nosuch\n"},
     "mine.yaml:1: `extends: nosuch`：没有这个类型或文件", "mine.yaml:1: `extends: nosuch`: no such type or file"),
    ("rules-unknown-key", ["groupbuy", "F", "--rules", "mine.yaml"],
     {"mine.yaml": "extends: groupbuy\nchecks:\n  S006: {sevrity: error}\n"},
     "mine.yaml:3: checks.S006.sevrity：未知的键（拼错了？）", "mine.yaml:3: checks.S006.sevrity: unknown key (misspelt?)"),
    ("rules-own-reference", ["groupbuy", "F", "--rules", "mine.yaml"],
     {"mine.yaml": "extends: groupbuy\nchecks:\n  T002: {column: colour}\n"},
     "mine.yaml:3: checks.T002 引用了列 key 'colour'，但 spreadsheet.columns 里没有这一列",
     "mine.yaml:3: checks.T002 refers to column key 'colour', not in spreadsheet.columns"),
    # ── Pydantic's errors, by type ──
    ("pydantic-int-parsing", ["groupbuy", "F", "--rules", "mine.yaml"],
     {"mine.yaml": "extends: groupbuy\nfolder: {max_depth: deep}\n"},
     "mine.yaml:2: folder.max_depth：应为整数，不能是 'deep'",
     "mine.yaml:2: folder.max_depth: Input should be a valid integer, unable to parse string as an integer"),
    ("pydantic-greater-than-equal", ["groupbuy", "F", "--rules", "mine.yaml"],
     {"mine.yaml": "extends: groupbuy\nfolder:\n  max_depth: 0\n"},
     "mine.yaml:3: folder.max_depth：应大于或等于 1", "mine.yaml:3: folder.max_depth: Input should be greater than or equal to 1"),
    ("pydantic-enum", ["check", "F"], {"F/jdcheck.yaml": "type: groupbuy\nseverity:\n  S006: fatal\n"},
     "F/jdcheck.yaml:3: severity.S006：应为 'error' 或 'warning'，不能是 'fatal'",
     "F/jdcheck.yaml:3: severity.S006: Input should be 'error' or 'warning'"),
    ("pydantic-missing", ["groupbuy", "F", "--rules", "mine.yaml"],
     {"mine.yaml": "type: groupbuy\nname: {zh: 团购, en: Group buy}\nmaterials: {}\n"},
     "mine.yaml:1: checks：缺少这一项（必填）", "mine.yaml:1: checks: Field required"),
    # ── Click's errors, by class ──
    ("click-bad-value", ["template", "groupbuy", "-o", "t.xlsx", "--rows", "0"], {},
     "'--rows' 的值无效：应大于或等于 1", "Invalid value for '--rows': Input should be greater than or equal to 1"),
    ("click-no-such-option", ["template", "groupbuy", "-o", "t.xlsx", "--row", "3"], {},
     "没有这个选项：--row（可能是：--out、--rows）", "No such option: --row (Possible options: --out, --rows)"),
    ("click-missing-argument", ["template", "-o", "t.xlsx"], {},
     "缺少参数 TYPE", "Missing argument 'type'."),
    ("click-missing-option", ["template", "groupbuy"], {},
     "缺少选项 '--out' / '-o'", "Missing option '--out' / '-o'."),
    ("click-needs-value", ["groupbuy", "F", "--format"], {},
     "选项 --format 后面要跟一个值", "Option '--format' requires an argument."),
    ("click-extra-argument", ["groupbuy", "F", "G"], {},
     "多余的参数：G", "Got unexpected extra argument(s) (G)"),
    ("click-no-such-command", ["团购", "F"], {},
     "没有这个命令：'团购'（见 jdcheck --help）", "No such command '团购'."),
]


def _arrange(tmp_path: Path, folder: Path, args: list[str], files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        write(folder / name[2:] if name.startswith("F/") else tmp_path / name, text)
    return [folder.name if arg == "F" else arg for arg in args]


def _expected(line: str, folder: Path) -> str:
    return "jdcheck: error: " + line.replace("F/jdcheck.yaml", str(folder / "jdcheck.yaml")).replace(
        " F ", f" {folder.name} ").replace(" F:", f" {folder.name}:")


@pytest.mark.parametrize(("args", "files", "zh", "en"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exit_2_line_in_the_report_language(capsys, tmp_path, folder, lang, args, files, zh, en):
    args = _arrange(tmp_path, folder, args, files)
    code, out, err = run(capsys, args[0], "--lang", lang, *args[1:])  # before a last option that lacks its value
    assert (code, out, err) == (2, "", _expected(zh if lang == "zh" else en, folder) + "\n")


DEFAULT_CASES = [case for case in CASES if case[0] in ("folder-not-found", "bad-today", "config-literal", "click-bad-value")]


@pytest.mark.parametrize(("args", "files", "zh", "en"), [case[1:] for case in DEFAULT_CASES],
                         ids=[case[0] for case in DEFAULT_CASES])
def test_default_and_jdcheck_lang_choose_the_language_too(capsys, monkeypatch, tmp_path, folder, args, files, zh, en):
    args = _arrange(tmp_path, folder, args, files)
    assert run(capsys, *args)[2] == _expected(zh, folder) + "\n"  # no --lang, no JDCHECK_LANG: Chinese
    monkeypatch.setenv("JDCHECK_LANG", "en_US.UTF-8")
    assert run(capsys, *args)[2] == _expected(en, folder) + "\n"
    assert run(capsys, *args, "--lang=zh")[2] == _expected(zh, folder) + "\n"  # --lang wins


@pytest.mark.parametrize(("argv", "env", "line"), [
    (["--lang", "fr"], None, "--lang 只能是 zh、en，不能是 'fr'"),
    ([], "fr", "JDCHECK_LANG 只能是 zh、en，不能是 'fr'"),
])
def test_a_value_that_is_no_language_is_said_in_chinese(capsys, monkeypatch, folder, argv, env, line):
    if env is not None:
        monkeypatch.setenv("JDCHECK_LANG", env)
    assert run(capsys, "groupbuy", folder.name, "--today", TODAY, *argv) == (2, "", f"jdcheck: error: {line}\n")


@pytest.mark.parametrize(("lang", "message"), [
    ("zh", "F/jdcheck.yaml:1: type：应为 'groupbuy'、'homepage'、'platform' 或 'channel'，不能是 '团购'"),
    ("en", "F/jdcheck.yaml:1: type: Input should be 'groupbuy', 'homepage', 'platform' or 'channel'"),
])
def test_json_error_document_is_in_the_same_language(capsys, folder, lang, message):
    write(folder / "jdcheck.yaml", "type: 团购\n")
    code, out, err = run(capsys, "check", folder.name, "--format", "json", "--lang", lang)
    document = json.loads(out)
    assert code == 2 and document["error"] == message.replace("F/", f"{folder}/")
    assert err == f"jdcheck: error: {document['error']}\n"


def test_custom_rules_missing_column_blames_the_users_columns_and_names_the_inherited_check(capsys, tmp_path, folder):
    """A shortened `columns:` in a file that extends a built-in one: the checks it inherits still
    need their columns. The line is the user's `columns:`, not the built-in file."""
    from jdcheck.rulefile import _column_refs, builtin_rule_path, load_rules

    write(tmp_path / "my-rules.yaml", "extends: groupbuy\nspreadsheet:\n  columns:\n"
          "    - {name: SKU编码, key: sku, kind: sku, required: true}\n")
    builtin = builtin_rule_path("groupbuy")
    groupbuy_rules = load_rules("groupbuy")
    needed = {ref for options in groupbuy_rules.enabled_checks.values() for _, ref in _column_refs(options)}
    line = next(number for number, text in enumerate(builtin.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip().startswith("M106:"))
    for lang, text in [
        ("zh", f"my-rules.yaml:3: spreadsheet.columns 里没有 key 为 'start' 的列，而继承来的检查 M106 要用它"
               f"（checks.M106.start，在 {builtin}:{line}）：请加上这一列，或用 checks: {{M106: null}} 关掉这项检查"),
        ("en", f"my-rules.yaml:3: spreadsheet.columns has no column with key 'start', which the inherited check M106 "
               f"needs (checks.M106.start, at {builtin}:{line}): add that column, or turn the check off with "
               f"checks: {{M106: null}}"),
    ]:
        code, out, err = run(capsys, "groupbuy", folder.name, "--rules", "my-rules.yaml", "--lang", lang)
        assert code == 2 and err.startswith(f"jdcheck: error: {text}"), err
        also = "；继承来的检查还要用这些列：" if lang == "zh" else "; inherited checks also need the columns "
        listed = err.rstrip("\n").partition(also)[2].split("、" if lang == "zh" else ", ")
        assert sorted(listed) == sorted(needed - {"sku", "start"})  # every column to add, each once


def test_turning_the_inherited_check_off_as_the_message_says_loads(tmp_path):
    from jdcheck.rulefile import load_rules

    path = write(tmp_path / "mine.yaml", "extends: groupbuy\nchecks: {M106: null}\n")
    assert "M106" not in load_rules(path).enabled_checks


@pytest.mark.parametrize(("severity", "expected"), [
    ("{I0: warning}", {"I001": "warning", "I002": "warning", "I010": "warning", "S006": "error"}),
    ("{I: warning, I002: error}", {"I001": "warning", "I002": "error"}),  # the longer key wins,
    ("{I002: error, I: warning}", {"I001": "warning", "I002": "error"}),  # whatever the order
    ("{s006: warning}", {"S006": "warning", "S007": "error"}),
])
def test_severity_keys_are_codes_or_prefixes(tmp_path, severity, expected):
    from jdcheck.rulefile import load_folder_config

    config = load_folder_config(write(tmp_path / "jdcheck.yaml", f"severity: {severity}\n"))
    assert {code: config.severity.get(code, "error") for code in expected} == expected


def test_every_failure_text_is_in_both_languages():
    assert all(set(text) == {"zh", "en"} and all(text.values()) for text in TEXTS.values())
    assert all("{" not in key for key in PYDANTIC_ZH)


def test_an_unknown_click_or_pydantic_kind_keeps_the_librarys_words():
    class UsageError(Exception):
        message = "Something Click says"

        def format_message(self):
            return self.message

    assert ClickText(UsageError()).render("zh") == "Something Click says"
    from jdcheck.messages.errors import PydanticText

    error = {"type": "url_parsing", "msg": "Input should be a valid URL", "ctx": {}, "input": "x", "loc": ()}
    assert PydanticText(error).render("zh") == "Input should be a valid URL"
    assert Text("field", path="a", problem=PydanticText(error), more="").render("zh") == "a：Input should be a valid URL"


def test_a_failure_crosses_a_process_boundary_whole():
    """A batch worker's failure is pickled: its key, fields and FILE:LINE survive."""
    import pickle

    from jdcheck.yamlfile import ConfigError

    failure = ConfigError("yaml.duplicate_key", "a/jdcheck.yaml", 3, key="type")
    again = pickle.loads(pickle.dumps(failure))
    assert (type(again), again.render("zh"), again.render("en")) == (
        ConfigError, "a/jdcheck.yaml:3: 重复的键 'type'", "a/jdcheck.yaml:3: duplicate key 'type'")


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "type：应为 'groupbuy'、'homepage'、'platform' 或 'channel'，不能是 '团购'"),
    ("en", "type: Input should be 'groupbuy', 'homepage', 'platform' or 'channel'"),
])
def test_a_batch_folder_with_a_broken_jdcheck_yaml_says_why_in_the_report_language(capsys, tmp_path, lang, said):
    folder = groupbuy(tmp_path / "drive")
    write(folder / "jdcheck.yaml", "type: 团购\n")
    code, out, _ = run(capsys, "batch", tmp_path / "drive", "--format", "json", "-j", "1", "--today", TODAY, "--lang", lang)
    (finding,) = json.loads(out)["reports"][0]["findings"]
    assert code == 1 and finding["code"] == "X002"
    assert finding["message"].endswith(f"{folder / 'jdcheck.yaml'}:1: {said}")


# ── readers' and libraries' phrases inside Chinese lines ─────────────────────────────────────

def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# What operators send as "the sheet" and the spreadsheet readers refuse: S001 names why, in zh.
UNREADABLE_SHEETS = {
    "html.xls": (b"<html><body><table><tr><td>SKU</td></tr></table></body></html>", "网页（HTML）文件"),
    "pdf.xls": (b"%PDF-1.4\n%...", "PDF 文档"),
    "text.xls": ("SKU编码\t商品名称\n100012043978\t雪地靴\n".encode(), "纯文本文件，扩展名却是 .xls"),
    "xml2003.xls": (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
                    "Excel 2003 XML 表格"),
    "truncated.xlsx": (b"PK\x03\x04" + b"\x00" * 40, "不是 ZIP 文件"),
    "ods.xlsx": (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
                 "OpenDocument 表格"),
    "xlsb.xlsx": (_zip({"xl/workbook.bin": b"\x00"}), ".xlsb 二进制工作簿"),
    "plainzip.xlsx": (_zip({"readme.txt": b"hi"}), "ZIP 压缩包，不是 Excel 工作簿"),
    "noise.xlsx": (bytes(range(256)), "不是表格文件"),
    "spread.xlsx": (None, "文件太大：数据分布超过 2,000,000 个单元格"),
    "long_line.csv": (b"a," + b"x" * 1_100_000 + b"\n", "文件太大：有一行超过"),
}


def test_unreadable_sheets_say_why_in_chinese(tmp_path):
    """S001's reason is the reader's phrase through the catalogue: no English fragment ("HTML page
    with a spreadsheet extension", "too large: data spread over …") in a Chinese line."""
    from tests import bombs
    from tests.folders import check
    from tests.test_cli_contract import english_prose

    files = {name: (data if data is not None else lambda p: bombs.xlsx_far_column(p, 1000))
             for name, (data, _) in UNREADABLE_SHEETS.items()}
    report = check(groupbuy(tmp_path, sheet=None, files=files), lang="zh")
    found = {f.file: f.message for f in report.findings if f.code == "S001"}
    assert set(found) == set(UNREADABLE_SHEETS), found
    for name, (_, phrase) in UNREADABLE_SHEETS.items():
        assert phrase in found[name] and english_prose(found[name]) == [], (name, found[name])


@pytest.mark.parametrize(("today", "reason_zh"), [
    ("2026-13-01", "月份应在 1 到 12 之间"),
    ("2026-02-30", "日期超出了该月的天数"),
])
def test_a_date_the_calendar_refuses_is_said_in_chinese(capsys, folder, today, reason_zh):
    from tests.test_cli_contract import english_prose

    write(folder / "jdcheck.yaml", f"type: groupbuy\ntoday: {today}\n")
    code, _, err = run(capsys, "check", folder)
    assert code == 2 and reason_zh in err and english_prose(err) == [], err
    code, _, err = run(capsys, "check", folder, "--lang", "en")
    assert code == 2 and "month" in err  # Python's own words are the English line
