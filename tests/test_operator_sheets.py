"""Issue 10: the spreadsheets operators really send — written by LibreOffice as well as openpyxl,
and the Excel/WPS/LibreOffice files of the corpus: sheet choice, merged cells, example and total
rows, hyperlinks, annotated copies, read the same by every reader."""

from __future__ import annotations

import pytest

from jdcheck.sheets import read_workbook
from tests.builders import csv_file, has_libreoffice, libreoffice, wps_package, xlsx
from tests.folders import FIRST_DATA_ROW as R, HEADER, KEYS, SHEET, SKUS, check, gb_row, groupbuy, located

A, B = SKUS
needs_libreoffice = pytest.mark.skipif(not has_libreoffice(), reason="LibreOffice (soffice) not installed")

INSTRUCTIONS = {"填表说明": [["填表说明"], ["1. SKU编码填写 6–14 位数字"], ["2. 合并单元格会导致导入失败"]]}
OTHER_ITEM = "https://item.jd.com/100099999999.html"


def _cells(rows):
    return [HEADER, *[[row.get(key) for key in KEYS] for row in rows]]


def _hurried_rows():
    """What a hurried operator sends: brand typed once for two rows (merged), a 合计 row, the
    second item's link cell opening another item."""
    return [gb_row(A), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", brand=None),
            {"sku": "合计", "stock": 2000}]


def _operator_workbook(path):
    return xlsx(path, _cells(_hurried_rows()), title_rows=(("团购提报表",), ("模板版本: 2026.11",)),
                sheets_before=INSTRUCTIONS, active=0, sheet_name="团购提报",
                merges=[f"C{R}:C{R + 1}"], hyperlinks={f"L{R + 1}": OTHER_ITEM})


HURRIED = {("S013", SHEET, R), ("S014", SHEET, R + 2), ("L008", SHEET, R + 1)}


def _made_by(maker: str, tmp_path):
    def build(path):
        if maker == "openpyxl":
            return _operator_workbook(path)
        source = _operator_workbook(tmp_path / "source" / "团购提报.xlsx")
        if maker == "wps":
            return wps_package(source, path)
        return libreoffice(source, path)
    return build


@pytest.mark.parametrize(("maker", "name"), [
    ("openpyxl", SHEET),
    ("wps", SHEET),
    pytest.param("libreoffice", SHEET, marks=needs_libreoffice),
    pytest.param("libreoffice", "团购提报.xlsm", marks=needs_libreoffice),
    pytest.param("libreoffice", "团购提报.xls", marks=needs_libreoffice),
])
def test_hurried_operators_workbook(tmp_path, maker, name):
    """Instructions sheet first and active, merged 品牌, a 合计 row, a link opening another item:
    the data sheet is checked and named, one finding per mistake, nothing from the 合计 row."""
    folder = groupbuy(tmp_path, _hurried_rows()[:2], sheet=None, files={name: _made_by(maker, tmp_path)})
    report = check(folder)
    expected = {(code, name, row) for code, _, row in HURRIED}
    assert located(report) == expected, [f"{f.code} {f.row} {f.message}" for f in report.findings]
    assert {f.sheet for f in report.findings} == {"团购提报"}


@needs_libreoffice
def test_csv_opened_and_saved_by_libreoffice(tmp_path):
    """A CSV exported from a back office, opened in Calc and saved as .xlsx: an example row left
    on top, times typed 上午9:30, a date without its year."""
    rows = [gb_row("示例"), gb_row(A, start="2026/12/2 上午9:30", end="2026/12/5 上午9:30"),
            gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", start="12月2日 9:30")]
    text_rows = [[None if v is None else str(v) for v in row] for row in _cells(rows)]
    source = csv_file(tmp_path / "source" / "团购提报.csv", text_rows)
    folder = groupbuy(tmp_path, rows[1:], sheet=None, files={SHEET: lambda p: libreoffice(source, p)})
    report = check(folder)
    # Calc turns the SKU text into numbers on import: S007 warns that Excel will show 1.00012E+11.
    assert located(report) == {("S014", SHEET, 2), ("S005", SHEET, 4), ("S007", SHEET, 3), ("S007", SHEET, 4)}, \
        [f"{f.code} {f.row} {f.message}" for f in report.findings]
    (s005,) = [f for f in report.findings if f.code == "S005"]
    assert s005.expected == "2026-12-02 09:30"


@pytest.mark.parametrize("name", [SHEET, pytest.param("团购提报.xls", marks=needs_libreoffice)])
def test_annotated_copy_comment_survives_libreoffice(tmp_path, name):
    def build(path):
        source = xlsx(tmp_path / "source" / SHEET, _cells([gb_row(A), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")]),
                      title_rows=(("团购提报表",), ("模板版本: 2026.11",)),
                      comments={f"E{R}": "P001 团购价 399 不低于京东价 399。"})
        return source.replace(path) if path.suffix == ".xlsx" else libreoffice(source, path)

    folder = groupbuy(tmp_path, sheet=None, files={name: build})
    assert located(check(folder)) == {("M107", name, None)}


# ── the corpus: merges as Excel, LibreOffice and WPS wrote them ──────────────────────────────


@pytest.mark.parametrize("path", [
    "tafia+calamine/tests/merge_cells.xlsx",
    "tafia+calamine/tests/merged_range.xlsx",
    "frictionlessdata+frictionless-py/data/merged-cells.xlsx",
    "frictionlessdata+frictionless-py/data/multiline-headers.xlsx",
    "qax-os+excelize/test/Book1.xlsx",
])
def test_ooxml_marks_match_openpyxl(corpus, path):
    """Merges, hyperlinks and comments read from the XML (both readers use it) are what openpyxl
    makes of the same file."""
    import openpyxl

    source = corpus / "sheets" / path
    workbook = read_workbook(source)
    book = openpyxl.load_workbook(source)
    for sheet in workbook.sheets:
        ws = book[sheet.name]
        merges = {(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges
                  if (r.min_row, r.min_col) != (r.max_row, r.max_col)}
        assert set(sheet.merged) == merges
        links = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.hyperlink is not None}
        assert set(sheet.hyperlinks) == links
        notes = {(c.row, c.column): c.comment.text for row in ws.iter_rows() for c in row if c.comment is not None}
        assert sheet.comments == notes


@pytest.mark.parametrize(("path", "merges"), [
    ("tafia+calamine/tests/merged_range.xls", 15),
    ("frictionlessdata+frictionless-py/data/merged-cells.xls", 1),
    ("tafia+calamine/tests/issue_271.xls", 126),  # WPS-written BIFF8
])
def test_xls_merges_as_the_manifest_counts(corpus, path, merges):
    workbook = read_workbook(corpus / "sheets" / path)
    assert sum(len(sheet.merged) for sheet in workbook.sheets) == merges


def test_xlsx_and_xls_twins_have_the_same_merges(corpus):
    xlsx_book = read_workbook(corpus / "sheets/tafia+calamine/tests/merged_range.xlsx")
    xls_book = read_workbook(corpus / "sheets/tafia+calamine/tests/merged_range.xls")
    assert [sorted(s.merged) for s in xlsx_book.sheets] == [sorted(s.merged) for s in xls_book.sheets]


@needs_libreoffice
def test_hyperlink_formula_saved_by_libreoffice(tmp_path):
    """=HYPERLINK("other item", "this item's address"): Calc saves the shown text as the cached
    value; the formula's address is another item's."""
    rows = [gb_row(A), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")]
    rows[1]["product_link"] = f'=HYPERLINK("{OTHER_ITEM}","https://item.jd.com/{B}.html")'
    source = xlsx(tmp_path / "source" / SHEET, _cells(rows), title_rows=(("团购提报表",), ("模板版本: 2026.11",)))
    folder = groupbuy(tmp_path, rows, sheet=None, files={SHEET: lambda p: libreoffice(source, p)})
    report = check(folder)
    assert [(f.code, f.row, f.expected, f.actual) for f in report.findings] == [
        ("L008", R + 1, f"https://item.jd.com/{B}.html", OTHER_ITEM)]


def test_total_row_merged_across_is_one_S014(tmp_path):
    rows = [gb_row(A), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315"), {"sku": "合计", "stock": 1900}]
    folder = groupbuy(tmp_path, rows[:2], sheet=None, files={SHEET: lambda p: xlsx(
        p, _cells(rows), title_rows=(("团购提报表",), ("模板版本: 2026.11",)), merges=[f"A{R + 2}:E{R + 2}"])})
    assert located(check(folder)) == {("S014", SHEET, R + 2)}


def test_fix_cleans_a_merged_value_once_in_its_own_cell(tmp_path, capsys):
    """`jdcheck fix` on merged 品牌 `红蜻蜓 ` over two rows: the merge's own cell is cleaned, the
    covered cell (empty in the file) is not written to."""
    import openpyxl

    from jdcheck.cli import main

    rows = [gb_row(A, brand="红蜻蜓 "), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", brand=None)]
    folder = groupbuy(tmp_path, rows, sheet_options={"merges": [f"C{R}:C{R + 1}"]})
    out = tmp_path / "out"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"C{R} " in printed and f"C{R + 1} " not in printed
    ws = openpyxl.load_workbook(out / SHEET).active
    assert (ws[f"C{R}"].value, ws[f"C{R + 1}"].value) == ("红蜻蜓", None)


@pytest.mark.parametrize("name", [SHEET, pytest.param("团购提报.xls", marks=needs_libreoffice)])
def test_template_filled_in_by_a_hurried_operator(tmp_path, capsys, name):
    """`jdcheck template groupbuy`, filled in: a 填表说明 tab put first and left active, 品牌
    merged over two rows, a 合计 row with a SUM; the template's header notes are not M107, and
    the terminal report names the sheet checked."""
    import openpyxl

    from jdcheck.cli import main

    template = tmp_path / "template.xlsx"
    assert main(["template", "groupbuy", "--out", str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    ws = wb.active
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "SKU编码*")
    rows = [gb_row(A), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", brand=None)]
    for offset, row in enumerate(rows, start=1):
        for index, key in enumerate(KEYS, start=1):
            ws.cell(header_row + offset, index, row[key])
    total = header_row + len(rows) + 1
    ws.cell(total, 1, "合计")
    ws.cell(total, 6, f"=SUM(F{header_row + 1}:F{header_row + 2})")
    ws.merge_cells(f"C{header_row + 1}:C{header_row + 2}")
    wb.create_sheet("填表说明", 0).append(["填表说明：SKU编码填写 6–14 位数字"])
    wb.active = 0
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    def build(path):
        return filled.replace(path) if path.suffix == ".xlsx" else libreoffice(filled, path)

    folder = groupbuy(tmp_path, rows, sheet=None, files={name: build})
    capsys.readouterr()
    assert main(["groupbuy", str(folder), "--today", "2026-11-25", "--lang", "en"]) == 1
    printed = capsys.readouterr().out
    assert f"{name} [{ws.title}]" in printed
    report = check(folder)
    assert located(report) == {("S013", name, header_row + 1), ("S014", name, total)}, \
        [f"{f.code} {f.row} {f.message}" for f in report.findings]


# ── lines people add under the data, and a second filled-in copy of the sheet ───────────────

SECOND = gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")
BLANK: dict = {}


@pytest.mark.parametrize(("lines", "expected"), [
    pytest.param([{"sku": "注：", "title": "团购价需低于京东价"}], set(), id="footnote-in-two-cells"),
    pytest.param([{"sku": "备注：", "title": "库存以实际为准"}], set(), id="remark-in-two-cells"),
    pytest.param([{"sku": "注1：", "brand": "价格含税"}], set(), id="numbered-footnote-text-further-right"),
    pytest.param([{"sku": "制表人：小王"}], {("S014", SHEET, R + 2)}, id="signature-one-cell"),
    pytest.param([{"sku": "制表人：", "title": "小王"}], {("S014", SHEET, R + 2)}, id="signature-two-cells"),
    pytest.param([BLANK, {"sku": "备注：库存以实际为准"}, {"sku": "制表人：小王"}], {("S014", SHEET, R + 4)},
                 id="blank-footnote-then-signature"),
    pytest.param([{"sku": "制表人：小王", "title": "审核人：老李", "brand": "日期：", "jd_price": "2026-11-25"}],
                 {("S014", SHEET, R + 2)}, id="signatures-side-by-side"),
    pytest.param([{"sku": "联系电话：", "title": 13800138000}], {("S014", SHEET, R + 2)}, id="phone-number-after-its-label"),
    pytest.param([{"sku": "联系人：小王"}, {"sku": "联系电话：13800138000"}], {("S014", SHEET, R + 2), ("S014", SHEET, R + 3)},
                 id="two-contact-lines"),
    # Not such lines: a data row keeps every finding of its own.
    pytest.param([{**SECOND, "sku": "注："}], {("S007", SHEET, R + 2)},
                 id="data-row-with-a-label-in-its-sku-cell"),
    pytest.param([{"sku": "制表人：小王", "title": "红蜻蜓 雪地靴", "brand": "红蜻蜓"}],
                 {("S007", SHEET, R + 2)} | {("S004", SHEET, R + 2)} | {("T004", SHEET, R + 2)},
                 id="label-then-unlabelled-texts-is-a-row"),
])
def test_lines_under_the_data_are_one_finding_or_none(tmp_path, lines, expected):
    """A footnote typed in two cells (注： | text) is a note like the one-cell 注：…; a signature
    or contact line is one S014, never a finding on each required column."""
    report = check(groupbuy(tmp_path, [gb_row(A), SECOND, *lines]))
    assert located(report) == expected, [f"{f.code} {f.row} {f.message}" for f in report.findings]
    assert all("签名" in f.message for f in report.findings if f.code == "S014")


def test_data_row_with_a_note_in_its_remark_column_is_a_row(tmp_path):
    """A 备注 column (an extra column: S002) holding 注：… on a data row: the row is read and
    checked like any other (its empty 京东价 is S004)."""
    rows = [{**gb_row(A), "note": "注：赠品另发"},
            {**SECOND, "jd_price": None, "note": "备注：限量"}]
    report = check(groupbuy(tmp_path, rows, keys=KEYS + ("note",), header=HEADER + ["备注"]))
    assert located(report) == {("S002", SHEET, R - 1), ("S004", SHEET, R + 1)}


def test_signature_line_says_what_it_is(tmp_path):
    report = check(groupbuy(tmp_path, [gb_row(A), SECOND, {"sku": "制表人：", "title": "小王"}]), lang="en")
    (finding,) = report.findings
    assert (finding.code, finding.row, finding.actual) == ("S014", R + 2, "制表人： 小王")
    assert "signature" in finding.message and "email" in finding.fix


@pytest.mark.parametrize("lines", [
    pytest.param([{"sku": "注：", "title": "团购价需低于京东价"}], id="footnote-in-two-cells"),
    pytest.param([BLANK, {"sku": "备注：库存以实际为准"}, {"sku": "制表人：小王"}], id="signature"),
    pytest.param([{**SECOND, "sku": "ＡＢＣ１２３"}], id="fullwidth-letters-for-a-sku"),
    pytest.param([{**SECOND, "sku": " 注： "}], id="label-with-spaces-in-a-data-row"),
])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_finding_says_None(tmp_path, lines, lang):
    """A SKU cell that cannot be read at all and needs cleaning (full-width, spaces) is S007's
    alone: S009 ("read as …, write …") has no value to name, and never prints Python's None."""
    report = check(groupbuy(tmp_path, [gb_row(A), SECOND, *lines]), lang=lang)
    for f in report.findings:
        text = " ".join(str(part) for part in (f.message, f.fix, f.expected, f.actual, f.column) if part is not None)
        assert "None" not in text, (f.code, text)
    assert not [f for f in report.findings if f.code == "S009"]


def _add_tab(path, title, header, rows):
    """Another tab, filled in, added to the operator's workbook as Excel's "Insert sheet" does."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)


@pytest.mark.parametrize(("tab", "header", "m102"), [
    # The shop keeps its submissions in one workbook: the 团购 tab shares SKU编码, 商品名称, 库存
    # and 商品链接 with the platform template (4 of 6 columns): another submission, not a copy.
    pytest.param("团购提报", HEADER, False, id="groupbuy-tab-beside"),
    # A copy of the platform tab with one column renamed and other data: which one is meant?
    pytest.param("平台活动 (2)", ["SKU编码*", "名称", "价格*", "库存*", "是否标注售罄", "商品链接*"], True,
                 id="copy-with-a-renamed-column"),
])
def test_a_second_filled_tab_is_m102_only_when_it_is_this_template(tmp_path, tab, header, m102):
    from tests.type_folders import PLATFORM_SHEET, platform

    folder = platform(tmp_path)
    row = {"SKU编码*": SKUS[1], "商品名称*": "另一款", "名称": "另一款", "价格*": 199, "京东价*": 399, "团购价*": 199,
           "库存*": 80, "商品链接*": f"https://item.jd.com/{SKUS[1]}.html"}
    _add_tab(folder / PLATFORM_SHEET, tab, header, [[row.get(name) for name in header]])
    report = check(folder, "platform", lang="en")
    assert located(report, "M102") == ({("M102", PLATFORM_SHEET, None)} if m102 else set())
    if m102:
        assert tab in report.findings[0].actual


def _two_data_sheets(path, *, same=False, copy_rows=True, maker="openpyxl", tmp_path=None):
    """The operator's workbook: 团购提报 copied with Excel's "Move or Copy ▸ Create a copy" to
    团购提报 (2), the copy corrected and left active, the first tab still wrong (团购价 499 above
    京东价 399, another item's SKU) unless `same`. `copy_rows=False` clears the copy's data."""
    import openpyxl

    source = path if maker == "openpyxl" else tmp_path / "source" / path.name
    xlsx(source, _cells([gb_row(A), SECOND]), title_rows=(("团购提报表",), ("模板版本: 2026.11",)), sheet_name="团购提报")
    book = openpyxl.load_workbook(source)
    first = book["团购提报"]
    copy = book.copy_worksheet(first)
    copy.title = "团购提报 (2)"
    if not same:
        first.cell(R + 1, 1).value = "100099999999"
        first.cell(R + 1, KEYS.index("group_price") + 1).value = 499
    if not copy_rows:
        copy.delete_rows(R, 2)
    book.active = 1
    book.save(source)
    return path if maker == "openpyxl" else libreoffice(source, path)


@pytest.mark.parametrize(("maker", "options", "severity"), [
    ("openpyxl", {}, "error"),
    pytest.param("libreoffice", {}, "error", marks=needs_libreoffice),
    ("openpyxl", {"same": True}, "warning"),
    ("openpyxl", {"same": True, "copy_rows": False}, None),
])
def test_two_sheets_with_the_template_header_and_data(tmp_path, maker, options, severity):
    """Two tabs both filled in: which one counts? An import reads the first (the wrong one here),
    jdcheck the best header. One M102 naming both; a warning when they hold the same data; none
    when the copy has the header only (and the filled sheet is checked, though the empty copy
    was left open). The checked sheet's own findings are unchanged."""
    folder = groupbuy(tmp_path, [gb_row(A), SECOND], sheet=None,
                      files={SHEET: lambda p: _two_data_sheets(p, maker=maker, tmp_path=tmp_path, **options)})
    report = check(folder, lang="en")
    if severity is None:
        assert located(report) == set()
        return
    assert located(report) == {("M102", SHEET, None)}, [f"{f.code} {f.row} {f.message}" for f in report.findings]
    (finding,) = report.findings
    assert (finding.severity.value, finding.actual, finding.sheet) == (severity, "团购提报、团购提报 (2)", "团购提报 (2)")
    assert "团购提报 (2)" in finding.message


# ── far, sparse cells: a hidden drop-down source, a stray space in the last cell ─────────────

def _with_far_cells(layout: str):
    """The valid group-buy sheet plus what templates and hurried hands leave far away."""
    def build(path):
        import openpyxl

        source = path if path.suffix == ".xlsx" else path.with_suffix(".xlsx")
        xlsx(source, _cells([gb_row(A), gb_row(B)]), title_rows=(("团购提报表",), ("模板版本: 2026.11",)))
        wb = openpyxl.load_workbook(source)
        ws = wb.active
        if layout == "hidden-list-AZ1:AZ4000":
            # The list a 品牌 drop-down reads, typed down a hidden column: 208,000 cells of layout.
            for row in range(1, 4001):
                ws.cell(row=row, column=52, value=f"品牌{row}")
            ws.column_dimensions["AZ"].hidden = True
        else:
            ws["XFD1048576"] = " "
        wb.save(source)
        return source
    return build


@pytest.mark.parametrize("maker", ["openpyxl", pytest.param("libreoffice", marks=needs_libreoffice)])
@pytest.mark.parametrize(("layout", "expected"), [
    # S011 names the hidden column, at no row; its values make no header (S002) and no data rows (S004).
    ("hidden-list-AZ1:AZ4000", {("S011", SHEET, None)}),
    # A blank cell, however far, is nothing to report.
    ("space-in-XFD1048576", set()),
])
def test_far_sparse_cells_are_read_not_refused(tmp_path, maker, layout, expected):
    """A valid workbook whose cells spread over more than 200,000 cells of grid but hold few
    values is read (it was S001 "corrupt"), and what is really there is reported."""
    def build(path):
        made = _with_far_cells(layout)(tmp_path / "source" / SHEET)
        return made.replace(path) if maker == "openpyxl" else libreoffice(made, path)

    folder = groupbuy(tmp_path, sheet=None, files={SHEET: build})
    sheet = read_workbook(folder / SHEET).data_sheet()
    # LibreOffice 7.4 keeps AZ1:AZ1001 of the list (52,000 cells of grid: S011 alone is then what
    # it tests); openpyxl all 4,000 rows.
    far = ((4000 if maker == "openpyxl" else 1001), 52) if layout.startswith("hidden") else (1048576, 16384)
    assert sheet.cell(*far).value not in (None, "")  # the far cell is really in the file
    report = check(folder)
    assert located(report) == expected, [f"{f.code} {f.row} {f.message}" for f in report.findings]
    if expected:
        (s011,) = report.findings
        assert s011.column is None and "AZ" in s011.message


def _season_list_in_hidden_AZ(path):
    """The operator's sheet with the 季节 drop-down's list typed in AZ1:AZ5 and the column hidden:
    AZ3, on the header row, holds 夏."""
    import openpyxl

    xlsx(path, _cells([gb_row(A), gb_row(B)]), title_rows=(("团购提报表",), ("模板版本: 2026.11",)))
    wb = openpyxl.load_workbook(path)
    for row, season in enumerate(["冬", "春", "夏", "秋", "四季"], start=1):
        wb.active.cell(row=row, column=52, value=season)
    wb.active.column_dimensions["AZ"].hidden = True
    wb.save(path)


@pytest.mark.parametrize(("lang", "line"), [
    ("zh", "  警告 S011  列 AZ 被隐藏但有数据：它也会被一起提交。"),
    ("en", "  WARN S011  Column AZ is hidden but holds data: it is submitted too."),
])
def test_a_hidden_column_is_reported_at_its_column_not_the_header_row(tmp_path, capsys, lang, line):
    """A hidden drop-down source column is a finding about the column: the line names AZ and no
    row (第 3 行 read as "the header row is hidden"); JSON has row null."""
    from tests.test_cli import run_cli

    folder = groupbuy(tmp_path, sheet=None, files={SHEET: _season_list_in_hidden_AZ})
    code, out, _ = run_cli(capsys, "check", folder, "--today", "2026-11-25", "--lang", lang)
    assert code == 0 and line in out.splitlines(), out
    _, out, _ = run_cli(capsys, "check", folder, "--today", "2026-11-25", "--format", "json")
    import json

    assert [(f["code"], f["row"], f["column"]) for f in json.loads(out)["findings"]] == [("S011", None, None)]


# ── values outside the template's columns: the import does not read them ─────────────────────

TOTAL_COLUMN = KEYS.index("stock") + 1  # 库存, a template column


@pytest.mark.parametrize("maker", ["openpyxl", pytest.param("libreoffice", marks=needs_libreoffice)])
@pytest.mark.parametrize(("cells", "expected"), [
    # A row whose template columns are all blank is no item: nothing to report.
    pytest.param({"Z200": "已核对"}, set(), id="checked-mark-in-Z200"),
    pytest.param({"XFD1048576": "x"}, set(), id="x-in-XFD1048576"),
    pytest.param({"Z200": "制表人：小王"}, set(), id="signature-right-of-the-template"),
    pytest.param({"P4": "加急"}, set(), id="note-beside-a-data-row"),
    # A value in a template column is read: that row is an item, with its findings.
    pytest.param({"A200": "100034567892"}, {("S004", SHEET, 200), ("M105", SHEET, 200)}, id="sku-alone-in-A200"),
    pytest.param({"E200": 199}, {("S004", SHEET, 200)}, id="price-alone-in-E200"),
    # Lines under the data keep working when part of them lies right of the template.
    pytest.param({"A200": "合计", "Z200": 2000}, {("S014", SHEET, 200)}, id="total-label-in-A-sum-far-right"),
    pytest.param({"Z200": "合计", "F200": 2000}, {("S014", SHEET, 200)}, id="total-label-far-right-sum-in-stock"),
    pytest.param({"A200": "制表人：小王", "Z200": "已核对"}, {("S014", SHEET, 200)}, id="signature-and-a-stray-mark"),
    pytest.param({"A200": "注：团购价需低于京东价", "Z200": "已核对"}, set(), id="footnote-and-a-stray-mark"),
])
def test_a_value_outside_the_templates_columns_makes_no_row(tmp_path, maker, cells, expected):
    """The manager's import reads the template's columns: a stray 已核对 in Z200, an x in
    XFD1048576, is no item (it was a row of S004s, one per required column), while a value in a
    template column still makes a row, and 合计/注：/制表人 lines are still recognised."""
    def build(path):
        import openpyxl

        source = xlsx(tmp_path / "source" / SHEET, _cells([gb_row(A), gb_row(B)]),
                      title_rows=(("团购提报表",), ("模板版本: 2026.11",)))
        wb = openpyxl.load_workbook(source)
        for ref, value in cells.items():
            wb.active[ref] = value
        wb.save(source)
        return source.replace(path) if maker == "openpyxl" else libreoffice(source, path)

    report = check(groupbuy(tmp_path, sheet=None, files={SHEET: build}))
    assert located(report) == expected, [f"{f.code} {f.row} {f.message}" for f in report.findings]


# ── numbers in date cells ─────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("date_format", [True, False], ids=["date-formatted", "general"])
@pytest.mark.parametrize(("number", "variant", "actual"), [
    (-5, None, "-5"),  # Excel shows ####: the number, not calamine's 00:00 or openpyxl's 1899
    (60, "serial", {True: "1900-02-28 00:00", False: "60"}),  # Excel's 1900-02-29
    (1000, "serial", {True: "1902-09-26 00:00", False: "1000"}),
    (1202, "serial", {True: "1903-04-16 00:00", False: "1202"}),  # 12月2日 typed as digits
    (20261202, "yyyymmdd", "20261202"),  # past Excel's last day: shown as the number
])
def test_a_number_in_a_date_cell_is_no_promotion_date(tmp_path, number, variant, actual, date_format):
    """开团时间 holding -5, 60 or 20261202: S005 with what the cell holds, never a window check
    passed on a day of 1900 (P004 only, as before) nor a time that is not in the cell. The
    expected value is the form to write, never a date (today's date read as "start today")."""
    def build(path):
        import openpyxl

        xlsx(path, _cells([gb_row(A), gb_row(B)]), title_rows=(("团购提报表",), ("模板版本: 2026.11",)))
        wb = openpyxl.load_workbook(path)
        cell = wb.active.cell(row=R, column=KEYS.index("start") + 1, value=number)
        cell.number_format = "yyyy-mm-dd hh:mm" if date_format else "General"
        wb.save(path)

    folder = groupbuy(tmp_path, sheet=None, files={SHEET: build})
    report = check(folder, lang="en")
    assert located(report) == {("S005", SHEET, R)}, [f"{f.code} {f.row} {f.message}" for f in report.findings]
    (s005,) = report.findings
    shown = actual[date_format] if isinstance(actual, dict) else actual
    assert (s005.actual, s005.column) == (shown, "开团时间")
    assert s005.message.startswith(f"开团时间: {shown} is ")
    assert ("not a promotion date" in s005.message) == (variant == "serial"), s005.message
    assert ("spell 2026-12-02" in s005.message) == (variant == "yyyymmdd"), s005.message
    assert s005.expected == (None if variant is None else "yyyy-mm-dd hh:mm")


@pytest.mark.parametrize(("value", "lang", "message", "expected", "fix"), [
    (1202, "zh", "开团时间：1202 不是活动日期：单元格里是一个数字，Excel 把它当作从 1900 年 1 月 1 日算起的天数。",
     "年-月-日 时:分", "按 年-月-日 时:分 的格式填写完整的日期和时间。"),
    (1202, "en", "开团时间: 1202 is not a promotion date: the cell holds a number, which Excel reads as days "
     "counted from 1 January 1900.", "yyyy-mm-dd hh:mm", "Write the full date and time as yyyy-mm-dd hh:mm."),
    (20261202, "zh", "开团时间：20261202 不是日期：这串数字按年月日读是 2026-12-02，但 Excel 和类目负责人的导入"
     "都不会把它当作日期。", "年-月-日 时:分", "按 年-月-日 时:分 的格式填写完整的日期和时间：2026-12-02 加上时间。"),
    (20261202, "en", "开团时间: 20261202 is not a date: its digits spell 2026-12-02 (yyyymmdd), but Excel "
     "and the manager's import do not read them as one.", "yyyy-mm-dd hh:mm",
     "Write the full date and time as yyyy-mm-dd hh:mm: 2026-12-02 and its time."),
    ("20261202", "en", "开团时间: 20261202 is not a date: its digits spell 2026-12-02 (yyyymmdd), but Excel "
     "and the manager's import do not read them as one.", "yyyy-mm-dd hh:mm",
     "Write the full date and time as yyyy-mm-dd hh:mm: 2026-12-02 and its time."),
])
def test_digits_in_a_date_cell_are_told_in_both_languages(tmp_path, value, lang, message, expected, fix):
    """The form to write, in the report's language; 20261202 (a number or digits typed as text)
    is said to spell 2026-12-02 and is still S005: no import reads it as that day."""
    report = check(groupbuy(tmp_path, [gb_row(A, start=value), gb_row(B)]), lang=lang)
    (s005,) = [f for f in report.findings if f.code == "S005"]
    assert (s005.row, s005.message, s005.expected, s005.fix) == (R, message, expected, fix)
