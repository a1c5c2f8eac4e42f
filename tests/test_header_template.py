"""S002 on a header that is not this template's: another type's whole template, or columns moved.

A 首页单品 sheet in a platform folder is one mistake (the wrong template, or the wrong type), not a
dozen renamed, extra and moved columns; and a column standing where the template has it is never
reported as moved."""

from __future__ import annotations

import json

import pytest

from jdcheck.messages import term
from jdcheck.rulefile import Column
from jdcheck.table import match_header
from tests.test_cli import run_cli
from tests.folders import SHEET, groupbuy
from tests.type_folders import (CHANNEL_SHEET, HOMEPAGE_SHEET, PLATFORM_SHEET, channel, homepage,
                                 platform)


def findings(capsys, folder, *args):
    _, out, _ = run_cli(capsys, "check", folder, "--format", "json", "--lang", "en", "--today", "2026-11-25", *args)
    return json.loads(out)["findings"]


def test_another_types_whole_template_is_one_s002(tmp_path, capsys):
    folder = homepage(tmp_path)
    (folder / "jdcheck.yaml").write_text("type: platform\n", encoding="utf-8")
    found = findings(capsys, folder)
    s002 = [(f["code"], f["file"], f["row"], f["expected"], f["actual"], f["message"]) for f in found if f["code"] == "S002"]
    assert s002 == [("S002", "首页单品提报.xlsx", 3, "platform activity", "homepage item",
                     "The header is the homepage item template's, not the platform activity one's.")]
    # no column of the homepage sheet is read as a platform column by its position: 广告语 (5th)
    # is not checked against 是否标注售罄's 是/否
    assert not [f for f in found if f["code"] == "S005"]


def test_a_custom_template_is_not_another_type_of_its_own_base(tmp_path, capsys):
    """A manager's rule file extends homepage and renames one column: the built-in homepage
    sheet is this type's template with one column to rename, not another type's."""
    from jdcheck.rulefile import builtin_rule_path

    folder = homepage(tmp_path)
    rules = tmp_path / "mine.yaml"
    base = builtin_rule_path("homepage").read_text(encoding="utf-8")
    assert "{name: 广告语, key: slogan" in base
    rules.write_text(base.replace("{name: 广告语, key: slogan", "{name: 活动广告语, key: slogan"), encoding="utf-8")
    found = findings(capsys, folder, "--rules", str(rules))
    assert [(f["expected"], f["actual"]) for f in found if f["code"] == "S002"] == [("活动广告语", "广告语*")]


BUILDERS = {"groupbuy": groupbuy, "homepage": homepage, "platform": platform, "channel": channel}
SHEETS = {"groupbuy": SHEET, "homepage": HOMEPAGE_SHEET, "platform": PLATFORM_SHEET, "channel": CHANNEL_SHEET}


@pytest.mark.parametrize(("folder_type", "sheet_type"), [
    pytest.param(folder_type, sheet_type, id=f"{folder_type}-has-{sheet_type}")
    for folder_type in BUILDERS for sheet_type in BUILDERS if folder_type != sheet_type
])
def test_every_other_types_template_is_named_with_its_row(tmp_path, capsys, folder_type, sheet_type):
    """Each of the 12 pairs: the folder's type says one template, the sheet is another's. Whether
    or not the two templates share half of this type's names (a 团购 sheet shares 4 of 首页单品's
    13, so no header of this type is found in it), S002 names the sheet's template at its row."""
    folder = BUILDERS[sheet_type](tmp_path)
    (folder / "jdcheck.yaml").write_text(f"type: {folder_type}\n", encoding="utf-8")
    s002 = [(f["file"], f["row"], f["expected"], f["actual"]) for f in findings(capsys, folder, "--select", "S002")]
    assert s002 == [(SHEETS[sheet_type], 3, term(folder_type, "en"), term(sheet_type, "en"))]


def test_another_types_template_is_found_below_title_rows_on_a_later_tab(tmp_path, capsys):
    """A 填表说明 tab first, the 首页单品 sheet second with its header under two title rows, in a
    group-buy folder: the template is named, with its row, and the report names the tab."""
    folder = homepage(tmp_path, sheet_options={"sheets_before": {"填表说明": [["填表说明"], ["1. 带 * 为必填项"]]},
                                               "sheet_name": "首页单品"})
    (folder / "jdcheck.yaml").write_text("type: groupbuy\n", encoding="utf-8")
    found = [(f["row"], f["actual"], f["sheet"]) for f in findings(capsys, folder, "--select", "S002")]
    assert found == [(3, "homepage item", "首页单品")]


TEMPLATE = tuple(Column(name=name, key=f"k{i}", kind="text") for i, name in enumerate(["甲", "乙", "丙", "丁", "戊"]))


@pytest.mark.parametrize(("header", "issues"), [
    # 丙 and 戊 swapped: 丁 stays where the template has it and is not reported as moved
    (["甲", "乙", "戊", "丁", "丙"], [("order", "丙、丁、戊", "戊、丁、丙", 5, 3)]),
    # 丁 renamed where it stands: a rename, not a move
    (["甲", "乙", "戊", "某", "丙"], [("renamed", "丁", "某", 4, 4), ("order", "丙、丁、戊", "戊、某、丙", 5, 3)]),
    (["甲", "乙", "丙", "丁", "戊"], []),
])
def test_a_column_where_the_template_has_it_is_not_moved(header, issues):
    _, found = match_header(header, TEMPLATE)
    assert [(i.variant, i.expected, i.actual, i.position, i.found_at) for i in found] == issues
