"""`jdcheck template`: generated from the rule file, and a template filled in with valid rows passes."""

from __future__ import annotations

import pytest

from jdcheck.cli import main
from jdcheck.rulefile import builtin_rules_dir, load_rules
from jdcheck.template import HEADER_ROW
from tests.folders import KEYS, SHEET, SKUS, check, gb_row, groupbuy, located


def _template(tmp_path, capsys, *args: str):
    out = tmp_path / "template.xlsx"
    code = main(["template", "groupbuy", "--out", str(out), *args])
    capsys.readouterr()
    assert code == 0
    return out


@pytest.mark.parametrize("rows", [None, "100000"], ids=["default-rows", "most-rows"])
def test_filled_template_passes_unchanged(tmp_path, capsys, rows):
    """Also the longest template `--rows` allows: its number formats are the columns' styles past
    the first rows, not 100,000 styled cells a column that the size guard refused (S001)."""
    import openpyxl

    out = _template(tmp_path, capsys, *(("--rows", rows) if rows else ()))
    assert out.stat().st_size < 100_000
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    rows = [gb_row(SKUS[0]), gb_row(SKUS[1], title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")]
    for offset, row in enumerate(rows, start=1):
        for index, key in enumerate(KEYS, start=1):
            ws.cell(HEADER_ROW + offset, index, row[key])
    folder = groupbuy(tmp_path, rows, sheet=None)
    wb.save(folder / SHEET)
    assert located(check(folder)) == set()


def test_empty_template_is_only_missing_its_rows(tmp_path, capsys):
    out = _template(tmp_path, capsys)
    folder = groupbuy(tmp_path, sheet=None, files={SHEET: out.read_bytes()})
    # The header, version cell and formats are right: the only sheet finding is S010 (no rows).
    assert {code for code, file, _ in located(check(folder)) if file == SHEET} == {"S010"}


def test_template_structure_comes_from_the_rule_file(tmp_path, capsys):
    import openpyxl

    rules = load_rules("groupbuy")
    ws = openpyxl.load_workbook(_template(tmp_path, capsys, "--rows", "50")).active
    assert ws["A1"].value == "团购提报表"
    assert ws["A2"].value == "模板版本: 2026.11"
    header = [cell.value for cell in ws[HEADER_ROW]]
    assert header == [c.name + ("*" if c.required else "") for c in rules.spreadsheet.columns]
    assert all(cell.comment is not None and cell.comment.text for cell in ws[HEADER_ROW])
    assert "下拉" in ws["G3"].comment.text and "800–2000" in ws["F3"].comment.text
    assert ws.freeze_panes == "A4"
    assert ws["A4"].number_format == "@" and ws["A53"].number_format == "@"
    assert ws["I4"].number_format == "yyyy-mm-dd hh:mm"
    # what is typed in any row takes the column's format (the SKU as text, times as times)
    assert (ws.column_dimensions["A"].number_format, ws.column_dimensions["I"].number_format) == ("@", "yyyy-mm-dd hh:mm")
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert validations["G4:G53"].type == "list" and validations["G4:G53"].formula1 == '"春,夏,秋,冬,四季"'
    assert validations["H4:H53"].formula1 == '"是,否"'
    assert validations["N4:N53"].allow_blank  # 团购类型 is optional
    assert (validations["A4:A53"].type, validations["A4:A53"].formula1, validations["A4:A53"].formula2) == ("textLength", "6", "14")
    assert (validations["F4:F53"].type, validations["F4:F53"].formula1) == ("whole", "1")  # stock 0 is an error
    assert validations["I4:I53"].type == "date"
    # Bounded: nothing reaches row 1,048,576.
    assert all(int(str(v.sqref).split(":")[1][1:]) == 53 for v in validations.values())


def test_comments_in_english(tmp_path, capsys):
    import openpyxl

    ws = openpyxl.load_workbook(_template(tmp_path, capsys, "--lang", "en")).active
    assert ws["A1"].value == "Group-buy submission form"
    assert ws["A3"].comment.text.startswith("Required.") and "digits" in ws["A3"].comment.text


def test_existing_output_needs_force(tmp_path, capsys):
    out = _template(tmp_path, capsys)
    before = out.read_bytes()
    assert main(["template", "groupbuy", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert main(["template", "groupbuy", "--out", str(out), "--force"]) == 0


@pytest.mark.parametrize("rule_file", sorted(p.stem for p in builtin_rules_dir().glob("*.yaml")))
def test_every_type_with_a_spreadsheet_has_a_template(tmp_path, rule_file):
    from jdcheck.template import write_template

    rules = load_rules(rule_file)
    if rules.spreadsheet is None:
        pytest.skip(f"{rule_file} has no spreadsheet")
    import openpyxl

    out = write_template(rules, tmp_path / f"{rule_file}.xlsx", rows=5)
    ws = openpyxl.load_workbook(out).active
    assert len(ws[HEADER_ROW]) == len(rules.spreadsheet.columns)


def test_unknown_type_or_wrong_extension_is_a_usage_error(tmp_path, capsys):
    assert main(["template", "flashsale", "--out", str(tmp_path / "t.xlsx"), "--lang", "en"]) == 2
    assert main(["template", "groupbuy", "--out", str(tmp_path / "t.xls"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "unknown submission type" in err and ".xlsx" in err
    assert not list(tmp_path.iterdir())


def test_a_bound_with_an_exception_is_said_not_enforced(tmp_path, capsys):
    """Platform: 库存 ≥ 1 unless 是否标注售罄 is 是. Excel's validation must let the operator type
    the 0 of a sold-out item (the rules allow it); the header note says the bound and its exception,
    and the filled template with such a row passes."""
    import openpyxl

    from tests.type_folders import PLATFORM_COLUMNS, pf_row

    out = tmp_path / "平台活动提报.xlsx"
    assert main(["template", "platform", "--out", str(out)]) == 0
    capsys.readouterr()
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    stock = [v for v in ws.data_validations.dataValidation if str(v.sqref).startswith("D")]
    assert [(v.type, v.operator, v.formula1) for v in stock] == [("whole", "greaterThanOrEqual", "0")]
    assert "允许范围：≥ 1（是否标注售罄为“是”时不受此限）" in ws.cell(HEADER_ROW, 4).comment.text
    for index, (key, _) in enumerate(PLATFORM_COLUMNS, start=1):
        ws.cell(HEADER_ROW + 1, index, pf_row(SKUS[0], stock=0, sold_out="是")[key])
    wb.save(out)
    folder = tmp_path / "服装城"
    folder.mkdir()
    out.rename(folder / out.name)
    assert located(check(folder, "platform"), "S006") == set()


@pytest.mark.parametrize(("choices", "listed"), [
    (["普通团", "预定团"], True),
    ([f"品类选项{n:03d}" for n in range(40)], False),  # 40 × 8 characters: over Excel's 255
    (["S,M", "L"], False),  # a comma would split the choice in two
])
def test_a_drop_down_list_excel_cannot_hold_is_left_to_the_note(tmp_path, capsys, choices, listed):
    """Excel calls a workbook damaged when a typed drop-down list passes 255 characters, and
    "repairs" it by removing every validation: such a list is not written; the header note still
    names the choices."""
    import openpyxl

    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: groupbuy\nspreadsheet:\n  columns:\n" + "".join(
        f"    - {{name: {c.name}, key: {c.key}, kind: {c.kind}, required: {str(c.required).lower()}"
        + (f", choices: [{', '.join(repr(x) for x in c.choices)}]" if c.choices else "") + "}\n"
        for c in load_rules("groupbuy").spreadsheet.columns)
        + f"    - {{name: 品类, key: cat, kind: choice, choices: [{', '.join(repr(x) for x in choices)}]}}\n",
        encoding="utf-8")
    out = tmp_path / "t.xlsx"
    assert main(["template", "groupbuy", "--rules", str(rules), "--out", str(out)]) == 0, capsys.readouterr()
    ws = openpyxl.load_workbook(out).active
    column = len(load_rules("groupbuy").spreadsheet.columns) + 1
    letter = openpyxl.utils.get_column_letter(column)
    lists = [v for v in ws.data_validations.dataValidation if str(v.sqref).startswith(letter)]
    assert bool(lists) is listed
    assert all(len(v.formula1) <= 255 for v in ws.data_validations.dataValidation)
    note = ws.cell(HEADER_ROW, column).comment.text
    assert choices[-1] in note
    assert ("从下拉列表中选择" in note) is listed  # no drop-down: the note says to type one
