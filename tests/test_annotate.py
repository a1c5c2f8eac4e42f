"""`--annotate DIR`: a copy of the checked spreadsheet with each finding on its cell, and a
`jdcheck` sheet listing them with links; LibreOffice opens it."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from jdcheck.cli import main
from tests.folders import FIRST_DATA_ROW as R, HEADER, SHEET, SKUS, gb_row, groupbuy
from tests.hostile import assert_untouched, snapshot

A, B = SKUS
RED, YELLOW = "FFC7CE", "FFEB9C"


def bad_folder(tmp_path, **options):
    rows = [gb_row(A, stock=0), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", stock=300)]
    header = ["SKU"] + HEADER[1:]  # renamed header cell: S002 on A3
    return groupbuy(tmp_path, rows, header=header, files={f"{B}.jpg": None}, **options)


def annotate(capsys, folder, out, *args):
    code = main(["groupbuy", str(folder), "--today", "2026-11-25", "--annotate", str(out), *args])
    _, err = capsys.readouterr()
    return code, err


def fill(cell) -> str | None:
    color = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
    return color[-6:] if isinstance(color, str) else None


def test_findings_are_marked_on_their_cells(tmp_path, capsys):
    import openpyxl

    folder = bad_folder(tmp_path)
    before = snapshot(folder)
    out = tmp_path / "annotated"
    code, err = annotate(capsys, folder, out, "--lang", "en")
    assert code == 1 and "annotated copy written" in err
    assert_untouched(before, folder)
    wb = openpyxl.load_workbook(out / SHEET)
    assert wb.sheetnames == ["Sheet1", "jdcheck"] and wb.active.title == "Sheet1"
    ws = wb["Sheet1"]
    # S006 stock 0 (error) and 300 (warning) on the 库存 cells, column F.
    assert fill(ws[f"F{R}"]) == RED and ws[f"F{R}"].comment.text.startswith("S006 ")
    assert fill(ws[f"F{R + 1}"]) == YELLOW
    # S002 on the renamed header cell; M105 (row without a slot image) on the row's first cell.
    assert fill(ws[f"A{R - 1}"]) == RED and "S002" in ws[f"A{R - 1}"].comment.text
    assert fill(ws[f"A{R + 1}"]) == RED and "M105" in ws[f"A{R + 1}"].comment.text
    assert fill(ws[f"B{R}"]) is None and ws[f"B{R}"].comment is None
    # The summary lists each finding with a link to its cell.
    summary = wb["jdcheck"]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert {(code, cell) for code, _, _, _, cell, *_ in rows} >= {
        ("S006", f"F{R}"), ("S006", f"F{R + 1}"), ("S002", f"A{R - 1}"), ("M105", f"A{R + 1}")}
    links = {summary.cell(i, 5).value: summary.cell(i, 5).hyperlink.location for i in range(2, summary.max_row + 1)
             if summary.cell(i, 5).hyperlink is not None}
    assert links[f"F{R}"] == f"'Sheet1'!F{R}"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_a_hidden_column_is_marked_on_its_header_cell(tmp_path, capsys):
    """S011 on a hidden template column has no row (it is about the column): the copy marks it
    on the column's header cell, not on the title row."""
    import openpyxl

    folder = groupbuy(tmp_path, sheet_options={"hidden_cols": [2]})
    out = tmp_path / "annotated"
    annotate(capsys, folder, out, "--lang", "en")
    ws = openpyxl.load_workbook(out / SHEET)["Sheet1"]
    assert fill(ws[f"B{R - 1}"]) == YELLOW and ws[f"B{R - 1}"].comment.text.startswith("S011 ")
    assert ws["A1"].comment is None and ws["B1"].comment is None


def test_formulas_keep_their_saved_results_in_the_annotated_copy(tmp_path, capsys):
    """团购价 `=D4*0.8` as LibreOffice saves it (with its result 319.2): the annotated copy keeps the
    formula and the result, so it reads as the source did (no S012, no empty price)."""
    import openpyxl

    from jdcheck.sheets import read_workbook
    from tests.builders import libreoffice

    folder = groupbuy(tmp_path, [gb_row(A, group_price="=D4*0.8", stock=0), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")])
    libreoffice(folder / SHEET, folder / SHEET)
    out = tmp_path / "annotated"
    code, _ = annotate(capsys, folder, out, "--lang", "en")
    assert code == 1
    assert openpyxl.load_workbook(out / SHEET)["Sheet1"][f"E{R}"].value == "=D4*0.8"
    assert read_workbook(out / SHEET).sheets[0].rows[R - 1][4].value == 319.2


def test_findings_on_a_sheet_carry_their_cell(tmp_path):
    from jdcheck.findings import CellRef
    from tests.folders import check

    report = check(bad_folder(tmp_path))
    cells = {(f.code, f.row): f.cell for f in report.findings if f.file == SHEET}
    assert cells[("S006", R)] == CellRef("Sheet1", 6)
    assert cells[("S002", R - 1)] == CellRef("Sheet1", 1)  # the renamed header cell
    assert cells[("M105", R + 1)] == CellRef("Sheet1", 1)  # M105 names the SKU column
    assert all(f.cell is None for f in report.findings if f.file != SHEET)
    assert all("cell" not in f.to_dict() for f in report.findings)


def test_messages_follow_the_language(tmp_path, capsys):
    import openpyxl

    folder = bad_folder(tmp_path)
    annotate(capsys, folder, tmp_path / "zh")
    annotate(capsys, folder, tmp_path / "en", "--lang", "en")
    zh = openpyxl.load_workbook(tmp_path / "zh" / SHEET)["Sheet1"][f"F{R}"].comment.text
    en = openpyxl.load_workbook(tmp_path / "en" / SHEET)["Sheet1"][f"F{R}"].comment.text
    assert zh != en and "库存" in zh


def test_csv_is_annotated_into_an_xlsx(tmp_path, capsys):
    import openpyxl

    folder = groupbuy(tmp_path, [gb_row(A, stock=0), gb_row(B)], sheet="团购提报.csv")
    out = tmp_path / "annotated"
    annotate(capsys, folder, out)
    ws = openpyxl.load_workbook(out / "团购提报.csv.xlsx")["团购提报"]
    assert fill(ws["F2"]) == RED and "S006" in ws["F2"].comment.text


def test_characters_excel_cannot_hold_are_replaced_not_fatal(tmp_path, capsys):
    """Found by fuzzing: a control character in a CSV cell, and a file name Excel refuses as a
    sheet name, ended the run with an internal error."""
    import openpyxl

    folder = groupbuy(tmp_path, [gb_row(A, title="红蜻蜓\x01雪地靴", stock=0), gb_row(B)], sheet="团购提报[1].csv")
    out = tmp_path / "annotated"
    code, err = annotate(capsys, folder, out, "--lang", "en")
    assert code == 1 and "annotated copy written" in err
    wb = openpyxl.load_workbook(out / "团购提报[1].csv.xlsx")
    ws = wb["团购提报-1-"]
    assert ws["B2"].value == "红蜻蜓\ufffd雪地靴" and fill(ws["F2"]) == RED


def test_json_stays_clean_and_outputs_are_guarded(tmp_path, capsys):
    folder = bad_folder(tmp_path)
    out = tmp_path / "annotated"
    code = main(["groupbuy", str(folder), "--format", "json", "--annotate", str(out)])
    printed, _ = capsys.readouterr()
    assert code == 1 and json.loads(printed)["findings"]  # stdout is still one JSON document
    code, err = annotate(capsys, folder, out)
    assert code == 2 and "--force" in err
    assert annotate(capsys, folder, out, "--force")[0] == 1
    code, err = annotate(capsys, folder, folder / "annotated", "--lang", "en")
    assert code == 2 and "inside the checked folder" in err
    assert not (folder / "annotated").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_annotated_copy(tmp_path, capsys):
    folder = bad_folder(tmp_path)
    out = tmp_path / "annotated"
    annotate(capsys, folder, out)
    profile = tmp_path / "lo-profile"  # a private profile: no clash with another soffice running
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), str(out / SHEET)],
        capture_output=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "pdf" / (SHEET.rsplit(".", 1)[0] + ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_output_that_cannot_be_written_is_reported_per_copy(tmp_path, capsys):
    folder = bad_folder(tmp_path)
    out = tmp_path / "annotated"
    (out / SHEET).mkdir(parents=True)  # a folder where the copy should go: saving it fails
    code, err = annotate(capsys, folder, out, "--lang", "en", "--force")
    assert code == 1 and f"not annotated {SHEET}" in err and "Traceback" not in err


def test_batch_annotates_each_failing_folder_under_its_name(tmp_path, capsys):
    import openpyxl

    root = tmp_path / "drive"
    bad_folder(root / "a")
    groupbuy(root / "b")  # passes: nothing to annotate
    before = snapshot(root)
    out = tmp_path / "批注"
    code = main(["batch", str(root), "--today", "2026-11-25", "-j", "1", "--annotate", str(out), "--format", "json"])
    printed, err = capsys.readouterr()
    assert code == 1 and json.loads(printed)["summary"]["failed"] == 1
    assert_untouched(before, root)
    (copy,) = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert copy == f"a/团购-红蜻蜓-1201/{SHEET}"
    assert fill(openpyxl.load_workbook(out / copy)["Sheet1"][f"F{R}"]) == RED
    code = main(["batch", str(root), "-j", "1", "--annotate", str(out)])
    assert code == 2 and "--force" in capsys.readouterr().err
    code = main(["batch", str(root), "-j", "1", "--annotate", str(root / "a" / "批注"), "--lang", "en"])
    assert code == 2 and "inside" in capsys.readouterr().err
    assert_untouched(before, root)


# ── the copy opens on the data, and `fix` takes the marks out ───────────────────────────────


def test_the_copy_opens_on_the_data_sheet_and_its_words_follow_the_language(tmp_path, capsys):
    """An operator fixes the red cells in the copy and may send it: whoever opens it, a reader of
    the first sheet included, must meet the data; jdcheck's list comes last."""
    import openpyxl

    folder = bad_folder(tmp_path, sheet_options={"extra_sheets": {"说明": [["填写说明"]]}})
    for lang, words in (("zh", {"错误", "警告"}), ("en", {"error", "warning"})):
        out = tmp_path / lang
        annotate(capsys, folder, out, "--lang", lang)
        wb = openpyxl.load_workbook(out / SHEET)
        assert wb.sheetnames == ["Sheet1", "说明", "jdcheck"]
        assert wb.active.title == "Sheet1"
        assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Sheet1"]
        severities = {row[1] for row in wb["jdcheck"].iter_rows(min_row=2, values_only=True)}
        assert severities == words


def test_the_data_sheet_moves_first_when_another_sheet_led(tmp_path, capsys):
    import openpyxl

    folder = bad_folder(tmp_path)
    wb = openpyxl.load_workbook(folder / SHEET)
    wb.create_sheet("填写说明", 0).append(["请按模板填写"])
    wb.active = 1
    wb.save(folder / SHEET)
    out = tmp_path / "annotated"
    code, _ = annotate(capsys, folder, out)
    assert code == 1
    wb = openpyxl.load_workbook(out / SHEET)
    assert wb.sheetnames == ["Sheet1", "填写说明", "jdcheck"] and wb.active.title == "Sheet1"
    assert wb["Sheet1"][f"F{R}"].comment.text.startswith("S006 ")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_the_data_sheet_first(tmp_path, capsys):
    """`--convert-to csv` exports the sheet LibreOffice opens on: the data, not jdcheck's list."""
    folder = bad_folder(tmp_path)
    out = tmp_path / "annotated"
    annotate(capsys, folder, out)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "csv"), str(out / SHEET)],
        capture_output=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "csv" / (SHEET.rsplit(".", 1)[0] + ".csv")).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("团购提报表")
    assert lines[R - 2].startswith("SKU,商品名称*") and lines[R - 1].startswith(f"{A},")
    assert "代码" not in text and "修改方法" not in text  # the summary sheet's header


def test_fix_writes_an_annotated_copy_clean(tmp_path, capsys):
    """annotate → the operator copies the annotated workbook back into the folder → fix: the fixed
    sheet has no jdcheck sheet, no comment or fill of jdcheck's, and keeps the operator's own."""
    import openpyxl
    from openpyxl.comments import Comment

    from jdcheck.codes import DEFAULT_SEVERITY

    folder = bad_folder(tmp_path)
    wb = openpyxl.load_workbook(folder / SHEET)
    wb["Sheet1"][f"F{R}"].comment = Comment("库存以仓库为准", "张三")  # the operator's own note
    wb.save(folder / SHEET)
    annotated = tmp_path / "annotated"
    annotate(capsys, folder, annotated, "--lang", "en")
    shutil.copyfile(annotated / SHEET, folder / SHEET)
    marked = openpyxl.load_workbook(folder / SHEET)["Sheet1"]
    assert marked[f"F{R}"].comment.text.startswith("库存以仓库为准\n—\nS006 ")
    fixed = tmp_path / "fixed"
    code = main(["fix", "groupbuy", str(folder), "--out", str(fixed), "--lang", "en"])
    printed, _ = capsys.readouterr()
    assert code == 0
    assert f"{SHEET}: jdcheck's marks removed (1 jdcheck sheet(s), 4 comment(s) and their fills)" in printed
    wb = openpyxl.load_workbook(fixed / SHEET)
    assert wb.sheetnames == ["Sheet1"] and wb.active.title == "Sheet1"
    ws = wb["Sheet1"]
    comments = {cell.coordinate: cell.comment.text for row in ws.iter_rows() for cell in row if cell.comment}
    assert comments == {f"F{R}": "库存以仓库为准"}
    assert not [cell.coordinate for row in ws.iter_rows() for cell in row if fill(cell) in (RED, YELLOW)]
    # LibreOffice saving the copy (the operator fixed a cell in it) drops the comments' author
    profile = tmp_path / "lo-profile"
    if shutil.which("soffice") is not None:
        resaved = tmp_path / "resaved"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(resaved), str(annotated / SHEET)], capture_output=True, timeout=120, check=True)
        shutil.copyfile(resaved / SHEET, folder / SHEET)
        assert main(["fix", "groupbuy", str(folder), "--out", str(tmp_path / "fixed2"), "--lang", "en"]) == 0
        capsys.readouterr()
        ws = openpyxl.load_workbook(tmp_path / "fixed2" / SHEET)["Sheet1"]
        assert openpyxl.load_workbook(tmp_path / "fixed2" / SHEET).sheetnames == ["Sheet1"]
        assert {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment} == {f"F{R}": "库存以仓库为准"}
        assert not [c.coordinate for row in ws.iter_rows() for c in row if fill(c) in (RED, YELLOW)]
    if "M107" in DEFAULT_SEVERITY:  # issue 10's detection of annotated copies, once merged
        assert main(["groupbuy", str(folder), "--select", "M107", "--today", "2026-11-25"]) == 1
        assert main(["groupbuy", str(fixed), "--select", "M107", "--today", "2026-11-25"]) == 0
        capsys.readouterr()


def test_fix_leaves_a_workbook_without_marks_byte_for_byte(tmp_path, capsys):
    """A workbook with only the operator's comments and nothing to clean is copied, not rewritten."""
    import openpyxl
    from openpyxl.comments import Comment

    folder = groupbuy(tmp_path)
    wb = openpyxl.load_workbook(folder / SHEET)
    wb["Sheet1"]["F4"].comment = Comment("P001是内部编号", "张三")  # no space after it: not a finding's text
    wb["Sheet1"]["B4"].comment = Comment("已核对", "张三")
    wb.save(folder / SHEET)
    fixed = tmp_path / "fixed"
    assert main(["fix", "groupbuy", str(folder), "--out", str(fixed)]) == 0
    capsys.readouterr()
    assert (fixed / SHEET).read_bytes() == (folder / SHEET).read_bytes()


def test_a_workbook_openpyxl_refuses_is_annotated_from_its_cell_values_and_fixed_as_is(tmp_path, capsys, corpus):
    """calamine's empty_s_attribute.xlsx (a cell with s=""): jdcheck reads it, openpyxl's style
    binding raises a TypeError; --annotate and fix ended in "internal error" (found by using them
    on the corpus)."""
    folder = tmp_path / "团购-x"
    folder.mkdir()
    shutil.copyfile(corpus / "sheets" / "tafia+calamine" / "tests" / "empty_s_attribute.xlsx", folder / "团购提报.xlsx")
    code, err = annotate(capsys, folder, tmp_path / "annotated", "--lang", "en")
    assert code == 1 and "annotated copy written" in err and "internal error" not in err
    assert (tmp_path / "annotated" / "团购提报.xlsx").is_file()
    code = main(["fix", "groupbuy", str(folder), "--out", str(tmp_path / "fixed"), "--lang", "en"])
    out, err = capsys.readouterr()
    # no template header to clean against: could not be fixed (the check's header error stays)
    assert (code, err) == (1, "") and "团购提报.xlsx: cannot fix: no template header found (copied unchanged)" in out
