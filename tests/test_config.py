"""Folder config and custom rule files: the search order, file:line errors, `extends` overrides."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from jdcheck.config import Choices, resolve, type_from_name, type_in_name
from jdcheck.findings import Severity
from jdcheck.rulefile import builtin_rule_path, load_rules
from jdcheck.yamlfile import ConfigError
from tests.folders import HEADER, SKUS, gb_row, groupbuy
from tests.test_cli import run_cli

TODAY = "2026-11-25"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# One name rule for `check` and `batch` (README "Which folders are checked"): a type's word on its
# own announces a submission; glued into a longer word it is only a hint, which batch trusts in a
# folder holding a submission's materials (tests/test_batch.py::test_discovery_by_name_and_content).
FOLDER_NAMES = [
    # (folder name, type, the word stands on its own)
    ("团购-红蜻蜓-1201", "groupbuy", True), ("groupbuy_1201", "groupbuy", True), ("GroupBuy 1201", "groupbuy", True),
    ("Groupbuy-fail-00001", "groupbuy", True), ("团购-库存少00001", "groupbuy", True), ("团购", "groupbuy", True),
    ("首页单品-1201", "homepage", True), ("服装城-双12", "platform", True), ("平台活动1201", "platform", True),
    ("二三级资源-1201", "channel", True), ("channel-a", "channel", True),
    # names operators use (newcomer report #1)
    ("【团购】红蜻蜓-1201", "groupbuy", True), ("1201团购-红蜻蜓", "groupbuy", True),
    (" 团购-前导空格", "groupbuy", True), ("二三级-红蜻蜓", "channel", True), ("首页-红蜻蜓", "homepage", True),
    ("首页", "homepage", True), ("ＧＲＯＵＰＢＵＹ-1201", "groupbuy", True), ("Group-buy 1201", "groupbuy", True),
    ("group_buy-1201", "groupbuy", True), ("（团购）红蜻蜓", "groupbuy", True), ("双12团购", "groupbuy", True),
    # a type's word glued into another word: not a submission by its name alone (#7)
    ("channels", "channel", False), ("Platformer-notes", "platform", False), ("团购规则", "groupbuy", False),
    ("团购模板", "groupbuy", False), ("红蜻蜓团购", "groupbuy", False), ("团购红蜻蜓1201", "groupbuy", False),
    # no type
    ("资料", None, None), ("archive-000", None, None), ("submission-00001", None, None), ("红蜻蜓-1201", None, None),
    ("Group 1201", None, None),
]


@pytest.mark.parametrize(("name", "type_name", "whole_word"), FOLDER_NAMES)
def test_type_in_folder_name(name, type_name, whole_word):
    named = type_in_name(name)
    assert (None if named is None else (named.type, named.whole_word)) == (
        None if type_name is None else (type_name, whole_word))
    assert type_from_name(name) == type_name  # what `jdcheck check FOLDER` takes


@pytest.fixture
def tree(tmp_path):
    """root/jdcheck.yaml → root/mid/jdcheck.yaml → root/mid/团购-a/jdcheck.yaml."""
    write(tmp_path / "jdcheck.yaml", "today: 2026-01-01\nselect: [S, I]\nseverity: {S006: warning, I004: error}\n")
    write(tmp_path / "mid" / "jdcheck.yaml", "today: 2026-11-25\nseverity: {P004: error, I004: warning}\n")
    folder = write(tmp_path / "mid" / "团购-a" / "jdcheck.yaml", "ignore: [S006]\n").parent
    return tmp_path, folder


def test_search_order_nearest_config_first(tree):
    root, folder = tree
    rules, options = resolve(folder, Choices(), root=root)
    assert rules.type == "groupbuy"  # from the folder's name: no config sets a type
    assert options.today == dt.date(2026, 11, 25)  # mid beats root
    assert options.select == ("S", "I")  # only root sets it
    assert options.ignore == ("S006",)  # the folder's own
    assert options.severity == {"S006": Severity.WARNING, "I004": Severity.WARNING, "P004": Severity.ERROR}


def test_command_line_beats_every_config(tree):
    root, folder = tree
    choices = Choices(today=dt.date(2026, 12, 1), select=("L",), ignore=(), strict=True, lang="en")
    _, options = resolve(folder, choices, root=root)
    assert (options.today, options.select, options.ignore, options.strict, options.lang) == (
        dt.date(2026, 12, 1), ("L",), (), True, "en")


def test_single_folder_reads_only_its_own_config(tree):
    _, folder = tree
    _, options = resolve(folder, Choices())
    assert (options.select, options.ignore, options.severity) == (None, ("S006",), {})


def test_an_empty_list_in_a_nearer_config_still_counts(tree):
    """`select: []` overrides the root's `select: [S, I]`, and a selection of nothing is refused
    (exit 2) rather than passing every folder unchecked."""
    root, folder = tree
    write(folder / "jdcheck.yaml", "select: []\n")
    with pytest.raises(ConfigError, match="leave no check of type groupbuy to run"):
        resolve(folder, Choices(), root=root)


@pytest.mark.parametrize("select, ignore", [((), ()), (("H",), ("H",)), (("S",), ("S", "I"))])
def test_a_selection_that_leaves_no_check_is_refused(tree, select, ignore):
    root, folder = tree
    with pytest.raises(ConfigError, match="leave no check"):
        resolve(folder, Choices(select=select, ignore=ignore), root=root)


def test_rules_path_is_relative_to_the_config_that_names_it(tmp_path):
    write(tmp_path / "规则" / "manager.yaml", "extends: groupbuy\nmaterials:\n  slot_image:\n    image: {width: 800, height: 800}\n")
    write(tmp_path / "jdcheck.yaml", "rules: 规则/manager.yaml\n")
    folder = groupbuy(tmp_path / "drive")
    rules, _ = resolve(folder, Choices(), root=tmp_path)
    assert rules.source == str(tmp_path / "规则" / "manager.yaml")
    assert rules.materials["slot_image"].image.width == 800


def test_rule_file_of_another_type(tmp_path):
    other = write(tmp_path / "other.yaml", "extends: groupbuy\ntype: homepage\n")
    folder = groupbuy(tmp_path / "drive")
    # a parent's or the batch's rule file of another type is meant for other folders: passed over
    write(tmp_path / "jdcheck.yaml", "rules: other.yaml\n")
    assert resolve(folder, Choices(rules=other), root=tmp_path)[0].source.endswith("groupbuy.yaml")
    # named for this very folder, it is a mistake
    with pytest.raises(ConfigError, match="rule file is for type 'homepage', not 'groupbuy'"):
        resolve(folder, Choices(rules=other))
    write(folder / "jdcheck.yaml", "rules: ../../other.yaml\n")
    with pytest.raises(ConfigError, match="not 'groupbuy'"):
        resolve(folder, Choices(), root=tmp_path)


@pytest.mark.parametrize(("args", "code"), [
    (["homepage", "{folder}"], 2),  # the command's type against the folder's own jdcheck.yaml
    (["check", "{folder}", "--type", "homepage"], 2),
    (["groupbuy", "{folder}"], 0),
    (["check", "{folder}"], 0),
    (["fix", "homepage", "{folder}", "--out", "{out}"], 2),  # fix and compose take the folder as check does
    (["compose", "homepage", "{folder}", "--out", "{out}"], 2),
])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_command_of_another_type_than_the_folders_config_is_refused(capsys, tmp_path, args, code, lang):
    """`jdcheck homepage` on a group-buy folder whose jdcheck.yaml says groupbuy gave only S002 (no
    header matching the homepage template): which type is meant? A parent's type is a default for
    many folders and gives way to the command."""
    folder = groupbuy(tmp_path)
    write(folder / "jdcheck.yaml", f"type: groupbuy\ntoday: {TODAY}\n")
    done, out, err = run_cli(capsys, *[a.format(folder=folder, out=tmp_path / "out") for a in args], "--lang", lang)
    assert done == code
    assert not (tmp_path / "out").exists()
    if code == 2:
        expected = {"zh": "这里写的类型是 groupbuy，命令却是按 homepage 处理",
                    "en": "this file says type groupbuy, but the command takes the folder as homepage"}[lang]
        assert err.startswith(f"jdcheck: error: {folder / 'jdcheck.yaml'}: {expected}")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_a_jdcheck_yaml_as_windows_editors_save_it(tmp_path, encoding):
    """Notepad saves UTF-8 (with or without BOM), "ANSI" (GBK on a Chinese Windows) or "Unicode"
    (UTF-16 with its BOM): each is read, Chinese comments and all."""
    folder = groupbuy(tmp_path)
    (folder / "jdcheck.yaml").write_bytes("type: groupbuy  # 团购\nignore: [I004]  # 忽略大小警告\n".encode(encoding))
    rules, options = resolve(folder, Choices())
    assert (rules.type, options.ignore) == ("groupbuy", ("I004",))


def test_a_parents_type_gives_way_to_the_command(capsys, tmp_path):
    folder = groupbuy(tmp_path / "drive")
    write(tmp_path / "drive" / "jdcheck.yaml", "type: homepage\n")
    assert resolve(folder, Choices(type="groupbuy"), root=tmp_path)[0].type == "groupbuy"


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("type: groupbuy\nignroe: [S006]\n", 2, "ignroe: unknown key"),
    ("type: groupbuy\nseverity:\n  S006: fatal\n", 3, "severity.S006"),
    ("ignore:\n  - S006\n  - s6\n", 3, "ignore.1"),
    ("type: flashsale\n", 1, "type"),
    ("today: 25/11/2026\n", 1, "today"),
    ("type: groupbuy\ntype: homepage\n", 2, "duplicate key"),
    ("type: [groupbuy\n", 1, "invalid YAML"),  # where the [ opens, not the line after the end
])
def test_folder_config_errors_name_file_and_line(capsys, tmp_path, text, line, needle):
    folder = groupbuy(tmp_path, files={"jdcheck.yaml": text})
    with pytest.raises(ConfigError) as info:
        resolve(folder, Choices())
    assert str(info.value).startswith(f"{folder / 'jdcheck.yaml'}:{line}: ") and needle in str(info.value)
    code, _, err = run_cli(capsys, "check", folder, "--lang", "en")  # str() of the error is its English line
    assert code == 2 and err == f"jdcheck: error: {info.value}\n"


def test_parent_config_error_fails_every_folder_below_it_in_a_batch(capsys, tmp_path):
    write(tmp_path / "drive" / "jdcheck.yaml", "today: 2026-11-25\nstrict: true\n")
    groupbuy(tmp_path / "drive" / "a")
    code, out, err = run_cli(capsys, "batch", tmp_path / "drive", "--format", "json", "-j", "1", "--lang", "en")
    assert (code, err) == (1, "")
    (report,) = json.loads(out)["reports"]
    assert report["findings"][0]["message"] == (
        f"The folder could not be checked: {tmp_path / 'drive' / 'jdcheck.yaml'}:2: strict: unknown key (misspelt?)")


# ── custom rule files: extends ───────────────────────────────────────────────────────────────

NEW_HEADER = [name.replace("发货时效(小时)", "发货时长(小时)") for name in HEADER]


def manager_rules(tmp_path: Path) -> Path:
    """The README's worked example: a manager's new header, a bigger image, one more banned word."""
    columns = "\n".join(
        f"    - {line}" for line in (
            "{name: SKU编码, key: sku, kind: sku, required: true}",
            "{name: 商品名称, key: title, kind: text, required: true}",
            "{name: 品牌, key: brand, kind: text, required: true}",
            "{name: 京东价, key: jd_price, kind: number, required: true}",
            "{name: 团购价, key: group_price, kind: number, required: true}",
            "{name: 库存, key: stock, kind: integer, required: true}",
            "{name: 季节, key: season, kind: choice, required: true, choices: [春, 夏, 秋, 冬, 四季]}",
            "{name: 是否在其他平台做过团购, key: other_platform, kind: choice, required: true, choices: [是, 否]}",
            "{name: 开团时间, key: start, kind: datetime, required: true}",
            "{name: 结束时间, key: end, kind: datetime, required: true}",
            "{name: 发货时长(小时), key: ship_hours, kind: number, required: true}",
            "{name: 商品链接, key: product_link, kind: product_link, required: true}",
            "{name: 店铺链接, key: shop_link, kind: shop_link, required: true}",
            "{name: 团购类型, key: group_type, kind: choice, choices: [普通团, 预定团], default: 普通团}",
        ))
    return write(tmp_path / "rules" / "红蜻蜓-双12.yaml", (
        "extends: groupbuy\n"
        "materials:\n"
        "  slot_image:\n"
        "    image: {max_kb: 80}\n"
        "spreadsheet:\n"
        "  columns:\n"
        f"{columns}\n"
        "checks:\n"
        "  T003:\n"
        "    words+: [爆款]\n"
    ))


def test_extends_overrides_only_what_changed(tmp_path):
    rules = load_rules(manager_rules(tmp_path))
    builtin = load_rules("groupbuy")
    image = rules.materials["slot_image"].image
    assert (image.width, image.height, image.max_kb, image.formats) == (440, 293, 80, ("JPEG", "PNG"))  # merged
    assert rules.spreadsheet.columns[10].name == "发货时长(小时)"  # lists replace
    assert rules.checks.T003.words == (*builtin.checks.T003.words, "爆款")  # `words+` appends
    assert rules.checks.T003.columns == builtin.checks.T003.columns
    assert rules.checks.model_dump(exclude={"T003"}) == builtin.checks.model_dump(exclude={"T003"})


def test_extends_on_a_real_folder(capsys, tmp_path):
    rules = manager_rules(tmp_path)
    rows = [gb_row(SKUS[0], title="红蜻蜓 爆款加绒保暖 雪地靴 RQT-2201")]
    old = groupbuy(tmp_path / "old", rows)
    new = groupbuy(tmp_path / "new", rows, header=NEW_HEADER)
    args = ("--rules", rules, "--format", "json", "--today", TODAY)
    _, out, _ = run_cli(capsys, "groupbuy", old, *args)
    assert {f["code"] for f in json.loads(out)["findings"] if f["severity"] == "error"} >= {"S002", "T003"}
    _, out, _ = run_cli(capsys, "groupbuy", new, *args)
    assert [(f["code"], f["actual"]) for f in json.loads(out)["findings"]] == [("T003", "爆款")]
    _, out, _ = run_cli(capsys, "groupbuy", new, "--format", "json", "--today", TODAY)
    assert {f["code"] for f in json.loads(out)["findings"]} == {"S002"}  # the built-in header differs


def test_extends_a_relative_path_and_inherited_errors_point_at_their_file(tmp_path):
    write(tmp_path / "base.yaml", "extends: groupbuy\nmaterials:\n  slot_image:\n    image: {width: -1}\n")
    child = write(tmp_path / "sub" / "child.yaml", "extends: ../base.yaml\nchecks:\n  T003: {words+: [爆款]}\n")
    with pytest.raises(ConfigError) as info:
        load_rules(child)
    assert str(info.value).startswith(f"{tmp_path / 'base.yaml'}:4: materials.slot_image.image.width")
    write(tmp_path / "base.yaml", "extends: groupbuy\n")
    assert load_rules(child).checks.T003.words[-1] == "爆款"


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("extends: loop.yaml\n", 1, "loops back"),
    ("extends: flashsale\n", 1, "no such type or file"),
    ("extends: groupbuy\nchecks:\n  T003:\n    words: [a]\n    words+: [b]\n", 5, "not both"),
    ("extends: groupbuy\nchecks:\n  T003:\n    columns+: title\n", 4, "takes a list"),
])
def test_extends_errors(tmp_path, text, line, needle):
    path = write(tmp_path / "sub" / "loop.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_rules(path)
    assert str(info.value).startswith(f"{path}:{line}: ") and needle in str(info.value), str(info.value)


def test_rules_list_and_show(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "rules", "list")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("groupbuy"))
    assert "团购 / Group-buy" in line and "folders: groupbuy, 团购 " in line and line.endswith("groupbuy.yaml")
    code, out, _ = run_cli(capsys, "rules", "show", "groupbuy")
    assert code == 0 and out == builtin_rule_path("groupbuy").read_text(encoding="utf-8")
    # the printed file is a valid start for a custom one
    start = write(tmp_path / "mine.yaml", out)
    assert load_rules(start).model_dump(exclude={"source"}) == load_rules("groupbuy").model_dump(exclude={"source"})
