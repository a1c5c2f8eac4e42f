"""M104 on a workbook whose extension names another format than its content.

An .xls saved from WPS and renamed .xlsx is refused by Excel ("the file format or file extension
is not valid"); an .xlsx renamed .xls, or a macro workbook (.xlsm) renamed .xlsx, opens only after
a warning that it may be corrupt or unsafe, if at all. jdcheck reads every one of them by its
content, so the check must say what the manager's Excel will do."""

from __future__ import annotations

import shutil

import pytest

from jdcheck.codes import TYPES
from tests.builders import has_libreoffice, libreoffice
from tests.folders import SHEET, check, groupbuy

needs_soffice = pytest.mark.skipif(not has_libreoffice(), reason="LibreOffice (soffice) not installed")


def _as(written_by: str, real: str):
    """A maker of the folder's sheet: openpyxl's .xlsx as it is, or LibreOffice's save as `real`."""
    def make(folder, name):
        source = folder / SHEET
        if written_by == "openpyxl":
            source.rename(folder / name)
        else:
            converted = libreoffice(source, folder.parent / f"converted{real}")
            source.unlink()
            shutil.move(converted, folder / name)
    return make


@pytest.mark.parametrize(("maker", "name", "expected"), [
    (_as("openpyxl", ".xlsx"), "团购提报.xls", ".xlsx"),
    (_as("openpyxl", ".xlsx"), "团购提报.xlsx", None),
    (_as("openpyxl", ".xlsx"), "团购提报.XLSX", None),  # the case of an extension is no format
    pytest.param(_as("libreoffice", ".xls"), "团购提报.xlsx", ".xls", marks=needs_soffice),
    pytest.param(_as("libreoffice", ".xls"), "团购提报.xls", None, marks=needs_soffice),
    pytest.param(_as("libreoffice", ".xlsm"), "团购提报.xlsx", ".xlsm", marks=needs_soffice),
], ids=["xlsx-named-xls", "xlsx", "xlsx-upper-case", "xls-named-xlsx", "xls", "xlsm-named-xlsx"])
def test_a_workbook_named_for_another_format_is_m104(tmp_path, maker, name, expected):
    folder = groupbuy(tmp_path)
    maker(folder, name)
    hits = [(f.file, f.expected, f.actual) for f in check(folder, select=("M104",), lang="en").findings]
    assert hits == ([(name, expected, name)] if expected else [])


def test_the_message_says_what_excel_will_do(tmp_path):
    folder = groupbuy(tmp_path)
    _as("openpyxl", ".xlsx")(folder, "团购提报.xls")
    (finding,) = check(folder, select=("M104",), lang="zh").findings
    assert (finding.message, finding.fix) == (
        "表格实际是 .xlsx 格式，却以 .xls 命名：Excel 打开时会提示格式与扩展名不符，或直接打不开。",
        "把扩展名改为 .xlsx，或在 Excel/WPS 中打开后另存为 .xls 格式。")
    (finding,) = check(folder, select=("M104",), lang="en").findings
    assert finding.message == ("The workbook is a .xlsx file named .xls: Excel warns that the format and the extension "
                               "do not match, or does not open it.")


@pytest.mark.parametrize("type_name", TYPES)
def test_every_type_checks_the_workbooks_extension(type_name):
    from jdcheck.rulefile import load_rules

    assert "M104" in load_rules(type_name).enabled_checks
