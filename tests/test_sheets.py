"""jdcheck.sheets: every spreadsheet an operator produces becomes a Workbook or a SheetReadError."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from jdcheck.sheets import Cell, Sheet, SheetReadError, Workbook, read_workbook
from tests.builders import csv_file, xlsx

HEADER = ["SKU编码*", "商品名称*", "京东价*", "团购价*", "开团时间*"]
ROW = ["100012043978", "某品牌 运动鞋 X1", 399, 199.5, datetime.datetime(2026, 11, 25, 9, 30)]


def values(sheet: Sheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.rows]


def read_error(path: Path, **kwargs) -> SheetReadError:
    with pytest.raises(SheetReadError) as caught:
        read_workbook(path, **kwargs)
    return caught.value


# --------------------------------------------------------------------------- xlsx built here


def test_xlsx_values_keep_their_types(tmp_path):
    path = xlsx(tmp_path / "团购提报.xlsx", [HEADER, ROW, [" 100012043979 ", None, True]])
    book = read_workbook(path)
    assert (book.format, book.encoding, book.date1904) == ("xlsx", None, False)
    sheet = book.data_sheet()
    assert values(sheet) == [HEADER, ROW, [" 100012043979 ", None, True]]  # text is not stripped
    assert sheet.cell(2, 3) == Cell(399)
    assert sheet.cell(3, 5) == Cell(None)  # beyond a short row
    assert sheet.cell(99, 1) == Cell(None)  # beyond the data
    assert sheet.cell(0, 1) == Cell(None)


def test_trailing_empty_rows_and_cells_are_trimmed(tmp_path):
    path = xlsx(tmp_path / "t.xlsx", [["a", None, None], [None, None], ["b"], [None], [None, None]])
    assert values(read_workbook(path).data_sheet()) == [["a"], [], ["b"]]


def test_title_rows_merged_value_only_in_top_left(tmp_path):
    path = xlsx(tmp_path / "t.xlsx", [HEADER, ROW], title_rows=[["团购提报表"], ["模板版本: 2026.11"]])
    sheet = read_workbook(path).data_sheet()
    assert sheet.rows[0] == [Cell("团购提报表")]  # merged across the header's width
    assert sheet.rows[1] == [Cell("模板版本: 2026.11")]
    assert values(sheet)[2] == HEADER


@pytest.mark.parametrize(
    ("hidden_rows", "hidden_cols", "expected_rows", "expected_cols"),
    [
        pytest.param((), (), set(), set(), id="nothing-hidden"),
        pytest.param((3,), (2,), {3}, {2}, id="one-row-one-col"),
        pytest.param((2, 4), ((3, 5),), {2, 4}, {3, 4, 5}, id="col-range-one-element"),
        pytest.param((), ((6, 16384),), set(), set(range(6, 16385)), id="all-unused-cols-hidden"),
    ],
)
def test_hidden_rows_and_columns(tmp_path, hidden_rows, hidden_cols, expected_rows, expected_cols):
    path = xlsx(tmp_path / "h.xlsx", [HEADER, ROW, ROW, ROW], hidden_rows=hidden_rows, hidden_cols=hidden_cols)
    sheet = read_workbook(path).data_sheet()
    assert sheet.hidden_rows == expected_rows
    assert sheet.hidden_cols == expected_cols


@pytest.mark.parametrize(
    ("states", "active", "data_sheet"),
    [
        pytest.param({}, None, "提报", id="first-sheet"),
        pytest.param({}, 1, "说明", id="active-visible-second"),
        pytest.param({"提报": "hidden"}, 1, "说明", id="first-hidden"),
        pytest.param({"提报": "veryHidden", "说明": "hidden"}, 0, "备份", id="only-third-visible"),
    ],
)
def test_sheet_states_and_data_sheet(tmp_path, states, active, data_sheet):
    path = xlsx(
        tmp_path / "s.xlsx",
        [HEADER, ROW],
        sheet_name="提报",
        extra_sheets={"说明": [["请按模板填写"]], "备份": [HEADER]},
        sheet_states=states,
        active=active,
    )
    book = read_workbook(path)
    assert [(s.name, s.state) for s in book.sheets] == [
        (name, states.get(name, "visible")) for name in ("提报", "说明", "备份")
    ]
    assert book.data_sheet().name == data_sheet


def _sheet(name: str, state: str = "visible") -> Sheet:
    return Sheet(name=name, state=state, rows=[], hidden_rows=frozenset(), hidden_cols=frozenset())


@pytest.mark.parametrize(
    ("states", "active_index", "expected"),
    [
        pytest.param(("visible", "visible"), 1, "s1", id="active-visible"),
        pytest.param(("visible", "hidden", "visible"), 1, "s0", id="active-hidden-first-visible"),
        pytest.param(("hidden", "visible", "visible"), None, "s1", id="no-active-tab"),
        pytest.param(("hidden", "visible"), 7, "s1", id="active-out-of-range"),
        pytest.param(("hidden", "veryHidden"), 0, "s0", id="all-hidden-first-sheet"),
    ],
)
def test_data_sheet_choice(states, active_index, expected):
    sheets = [_sheet(f"s{i}", state) for i, state in enumerate(states)]
    book = Workbook(Path("x.xlsx"), "xlsx", sheets, None, False, active_index=active_index)
    assert book.data_sheet().name == expected


def test_formula_without_cached_value(tmp_path):
    # openpyxl stores formulas without a result: the file was never opened in Excel/WPS (S012).
    path = xlsx(tmp_path / "f.xlsx", [["京东价", "团购价", "折扣"], [399, "=A2*0.5", None], [299, 149, "=B3/A3"]])
    sheet = read_workbook(path).data_sheet()
    assert sheet.cell(2, 2) == Cell(None, formula_without_value=True)
    assert sheet.cell(3, 3) == Cell(None, formula_without_value=True)  # not trimmed away
    assert sheet.cell(3, 2) == Cell(149)
    assert sum(cell.formula_without_value for row in sheet.rows for cell in row) == 2


def _patch_sheet_xml(path: Path, old: str, new: str) -> None:
    """Rewrite the first worksheet's XML, to make cells openpyxl cannot write."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = members["xl/worksheets/sheet1.xml"].decode()
    assert old in xml
    members["xl/worksheets/sheet1.xml"] = xml.replace(old, new).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    ("cached", "expected"),
    [
        pytest.param('<c r="B1"><f>A1*2</f><v>2</v></c>', Cell(2), id="number-result"),
        pytest.param('<c r="B1" t="str"><f>""</f><v></v></c>', Cell(None), id="empty-string-result"),
        pytest.param('<c r="B1"><f>A1*2</f></c>', Cell(None, formula_without_value=True), id="no-v-element"),
        pytest.param('<c><f>A1*2</f></c>', Cell(None, formula_without_value=True), id="no-r-attribute"),
    ],
)
def test_formula_cached_values(tmp_path, cached, expected):
    path = xlsx(tmp_path / "f.xlsx", [[1, "=A1*2"]])
    _patch_sheet_xml(path, '<c r="B1"><f>A1*2</f><v /></c>', cached)
    assert read_workbook(path).data_sheet().cell(1, 2) == expected


def test_date1904_workbook(tmp_path):
    moment = datetime.datetime(2026, 11, 25, 9, 30)
    book = read_workbook(xlsx(tmp_path / "mac.xlsx", [["开团时间"], [moment]], date1904=True))
    assert book.date1904 is True
    assert book.data_sheet().cell(2, 1).value == moment


@pytest.mark.parametrize("name", ["renamed.xls", "renamed.csv", "renamed", "renamed.XLSX"])
def test_format_comes_from_content_not_extension(tmp_path, name):
    path = xlsx(tmp_path / "src.xlsx", [HEADER, ROW])
    book = read_workbook(path.rename(tmp_path / name))
    assert book.format == "xlsx"
    assert values(book.data_sheet())[0] == HEADER


def _rezip(path: Path, rename) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = [(rename(info.filename), archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "rename",
    [
        pytest.param(lambda name: name.replace("/", "\\"), id="wps-backslash-names"),
        pytest.param(lambda name: name.replace("sharedStrings", "SharedStrings"), id="part-name-case"),
    ],
)
def test_part_names_excel_forgives(tmp_path, rename):
    path = _rezip(xlsx(tmp_path / "wps.xlsx", [HEADER, ROW]), rename)
    assert values(read_workbook(path).data_sheet())[0] == HEADER


# --------------------------------------------------------------------------- size limits


def test_too_many_cells(tmp_path):
    path = xlsx(tmp_path / "big.xlsx", [[f"r{r}c{c}" for c in range(10)] for r in range(100)])
    assert read_workbook(path, max_cells=1_000).data_sheet().cell(100, 10).value == "r99c9"
    error = read_error(path, max_cells=999)
    assert (error.reason, error.detail.startswith("too large")) == ("corrupt", True)


def test_one_cell_far_away_is_too_large(tmp_path):
    # One value at row 200,000 means 200,000 rows of data; refused before they are built.
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.cell(row=200_000, column=1, value="x")
    wb.save(tmp_path / "far.xlsx")
    assert read_error(tmp_path / "far.xlsx", max_cells=10_000).detail.startswith("too large")


def test_zip_bomb_refused_before_unzipping(tmp_path):
    path = xlsx(tmp_path / "bomb.xlsx", [HEADER, ROW])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b" " * 3_000_000)  # compresses to a few KB
    assert path.stat().st_size < 100_000
    assert read_error(path, max_cells=10_000).detail.startswith("too large")
    assert read_workbook(path).data_sheet().cell(1, 1).value == HEADER[0]


def test_csv_too_many_cells_and_too_long_line(tmp_path):
    many = csv_file(tmp_path / "many.csv", [["a", "b"]] * 600)
    assert read_error(many, max_cells=1_000).detail.startswith("too large")
    long_line = tmp_path / "long.csv"
    long_line.write_text("a," + "x" * 1_100_000 + "\n", encoding="utf-8")
    assert read_error(long_line).detail.startswith("too large")


# --------------------------------------------------------------------------- CSV


CHINESE_ROWS = [["SKU编码", "商品名称", "京东价"], ["100012043978", "男士运动鞋，轻便", "399"], ["100012043979", "", " 199 "]]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "detected"),
    [
        pytest.param("utf-8", ",", "utf-8", id="utf8-comma"),
        pytest.param("utf-8-sig", ",", "utf-8-sig", id="excel-csv-utf8-bom"),
        pytest.param("gbk", ",", "gb18030", id="excel-zh-windows-gbk"),
        pytest.param("gb18030", ",", "gb18030", id="gb18030"),
        pytest.param("utf-8", "\t", "utf-8", id="tab"),
        pytest.param("gbk", ";", "gb18030", id="semicolon-gbk"),
        pytest.param("utf-16", "\t", "utf-16", id="excel-unicode-text"),
    ],
)
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter, detected):
    book = read_workbook(csv_file(tmp_path / "提报.csv", CHINESE_ROWS, encoding=encoding, delimiter=delimiter))
    assert (book.format, book.encoding, book.date1904) == ("csv", detected, False)
    sheet = book.data_sheet()
    assert (sheet.name, sheet.state, sheet.hidden_rows, sheet.hidden_cols) == ("提报", "visible", set(), set())
    assert values(sheet) == [
        ["SKU编码", "商品名称", "京东价"],
        ["100012043978", "男士运动鞋，轻便", "399"],
        ["100012043979", None, " 199 "],  # empty -> None, text kept as stored
    ]


@pytest.mark.parametrize("suffix", [".csv", ".txt", ".tsv", ".CSV"])
def test_csv_extensions(tmp_path, suffix):
    path = csv_file(tmp_path / f"links{suffix}", [["a", "b"], ["1", "2"]])
    assert read_workbook(path).format == "csv"


def test_csv_single_column_falls_back_to_comma(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("SKU编码\n100012043978\n100012043979\n", encoding="utf-8")
    assert values(read_workbook(path).data_sheet()) == [["SKU编码"], ["100012043978"], ["100012043979"]]


# --------------------------------------------------------------------------- unreadable files


@pytest.mark.parametrize(
    ("name", "content", "reason", "detail_has"),
    [
        pytest.param("a.xlsx", b"", "empty", "0-byte", id="zero-byte-xlsx"),
        pytest.param("a.csv", b"", "empty", "0-byte", id="zero-byte-csv"),
        pytest.param("a.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "unsupported", "HTML", id="html-named-xls"),
        pytest.param("a.xls", "SKU编码\t价格\n1\t2\n".encode("gbk"), "unsupported", "plain text", id="text-named-xls"),
        pytest.param("a.xlsx", bytes(range(256)) * 4, "corrupt", "unrecognised", id="binary-garbage"),
        pytest.param("a.xls", b"%PDF-1.7\n...", "unsupported", "PDF", id="pdf-named-xls"),
        pytest.param("a.csv", "id,name\n1,caf\xe9\n".encode("latin-1"), "unsupported", "encoding", id="latin1-csv"),
        pytest.param("a.xlsx", b"PK\x03\x04" + b"\x00" * 100, "corrupt", "ZIP", id="broken-zip"),
        pytest.param("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "corrupt", "OLE", id="broken-ole"),
    ],
)
def test_unreadable_content(tmp_path, name, content, reason, detail_has):
    path = tmp_path / name
    path.write_bytes(content)
    error = read_error(path)
    assert error.reason == reason
    assert detail_has in error.detail


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "提报.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert read_error(path).reason == "unsupported"


def test_truncated_xlsx(tmp_path):
    path = xlsx(tmp_path / "t.xlsx", [HEADER, ROW] * 50)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert read_error(path).reason == "corrupt"


def test_missing_file_is_a_read_error(tmp_path):
    assert read_error(tmp_path / "gone.xlsx").reason == "unreadable"  # nothing wrong with a workbook


def test_reason_is_validated():
    with pytest.raises(ValueError):
        SheetReadError("broken", "x")


# --------------------------------------------------------------------------- real files (corpus)


def sheets_dir(corpus: Path) -> Path:
    return corpus / "sheets"


def manifest(corpus: Path) -> list[dict[str, str]]:
    lines = (sheets_dir(corpus) / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    keys = lines[0].split("\t")
    return [dict(zip(keys, line.split("\t"))) for line in lines[1:] if line.strip()]


def test_every_encrypted_workbook_in_the_corpus(corpus):
    encrypted = [
        row["path"]
        for row in manifest(corpus)
        if row["encrypted"] == "True" or "password" in row["description"].lower()
    ]
    encrypted = [path for path in encrypted if (sheets_dir(corpus) / path).exists()]
    assert len(encrypted) >= 8
    reasons = {path: read_error(sheets_dir(corpus) / path).reason for path in encrypted}
    assert reasons == dict.fromkeys(encrypted, "encrypted")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        pytest.param("python-excel+xlrd/tests/samples/sample.xlsb", "unsupported", id="xlsb"),
        pytest.param("tafia+calamine/tests/issue_594_dos.ods", "unsupported", id="ods-cell-bomb"),
        pytest.param("tafia+calamine/tests/picture.ods", "unsupported", id="ods"),
        pytest.param("tafia+calamine/tests/too_small.xls", "unsupported", id="68-byte-text-xls"),
        pytest.param("tafia+calamine/tests/OOM_alloc3.xls", "corrupt", id="fuzzed-ole"),
        pytest.param("tafia+calamine/tests/issue252.xlsx", "corrupt", id="bad-crc"),
        pytest.param("frictionlessdata+frictionless-py/data/empty.csv", "empty", id="empty-csv"),
        pytest.param("frictionlessdata+frictionless-py/data/latin1.csv", "unsupported", id="latin1-csv"),
    ],
)
def test_corpus_unreadable(corpus, path, reason):
    file = sheets_dir(corpus) / path
    if not file.exists():
        pytest.skip(f"{path} not in this corpus")
    assert read_error(file).reason == reason


@pytest.mark.parametrize("path", ["libreoffice_generated/zh_utf8.xlsx", "libreoffice_generated/zh_utf8.xls"])
def test_libreoffice_chinese_text_and_dates(corpus, path):
    book = read_workbook(sheets_dir(corpus) / path)
    assert book.format == path.rsplit(".", 1)[1]
    assert values(book.data_sheet()) == [
        ["编号", "名称", "数量", "日期", "备注"],
        [1, "苹果", 12, datetime.datetime(2024, 1, 5), "含逗号, 的文本"],
        [2, "香蕉", 7, datetime.datetime(2024, 2, 29), "繁體中文測試"],
        [3, "Ünïcødé café", 3.5, datetime.datetime(2024, 12, 31), "emoji 😀"],
    ]


def test_wps_xlsx_with_backslash_entry_names(corpus):
    book = read_workbook(sheets_dir(corpus) / "tafia+calamine/tests/issue_530.xlsx")
    sheet = book.data_sheet()
    assert sheet.name == "出勤分类组织汇总表"
    assert sheet.rows[0] == [Cell("报表导出人："), Cell("于国栋")]
    assert "总人数" in values(sheet)[3]


def test_wps_xls(corpus):
    book = read_workbook(sheets_dir(corpus) / "tafia+calamine/tests/issue_271.xls")
    assert [s.name for s in book.sheets] == ["sheet1", "sheet2"]
    assert values(book.data_sheet())[2] == [None, "name", "yyy_name", None, "sex"]


@pytest.mark.parametrize(
    ("path", "rows"),
    [
        pytest.param("frictionlessdata+frictionless-py/data/table.xls", [["id", "name"], [1, "english"], [2, "中国人"]], id="table-xls"),
        pytest.param("frictionlessdata+frictionless-py/data/bom.csv", [["id", "name"], ["1", "english"], ["2", "中国人"]], id="bom-csv"),
        pytest.param("frictionlessdata+frictionless-py/data/table-delimiter.csv", [["id", "name"], ["1", "english"], ["2", "中国人"]], id="semicolon-csv"),
        pytest.param("frictionlessdata+frictionless-py/data/table.tsv", [["id", "name"], ["1", "english"], ["2", "中国人"], ["3", "\\N"]], id="tsv"),
    ],
)
def test_corpus_values(corpus, path, rows):
    assert values(read_workbook(sheets_dir(corpus) / path).data_sheet())[: len(rows)] == rows


def test_mac_excel_chinese_sheet_name(corpus):
    book = read_workbook(sheets_dir(corpus) / "tafia+calamine/tests/issue219.xls")
    assert [s.name for s in book.sheets] == ["工作表1"]


def test_merged_ranges_value_in_top_left_only(corpus):
    sheet = read_workbook(sheets_dir(corpus) / "tafia+calamine/tests/merged_range.xlsx").sheets[0]
    xls_sheet = read_workbook(sheets_dir(corpus) / "tafia+calamine/tests/merged_range.xls").sheets[0]
    assert len(sheet.rows) == 4
    assert values(sheet) == values(xls_sheet)


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_hidden_and_very_hidden_sheets(corpus, suffix):
    book = read_workbook(sheets_dir(corpus) / f"tafia+calamine/tests/any_sheets.{suffix}")
    assert [(s.name, s.state) for s in book.sheets][:3] == [
        ("Visible", "visible"),
        ("Hidden", "hidden"),
        ("VeryHidden", "veryHidden"),
    ]
    assert book.data_sheet().name == "Visible"


def test_xls_hidden_rows_and_columns(corpus):
    book = read_workbook(sheets_dir(corpus) / "tafia+calamine/tests/OOM_alloc.xls")
    data = next(s for s in book.sheets if s.name == "Data")
    assert data.state == "hidden"
    assert len(data.hidden_rows) == 9 and len(data.hidden_cols) == 4


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_date1904_files(corpus, suffix):
    book = read_workbook(sheets_dir(corpus) / f"tafia+calamine/tests/date_1904.{suffix}")
    assert book.date1904 is True
    assert book.data_sheet().cell(1, 1).value == datetime.datetime(2021, 1, 1)


@pytest.mark.parametrize(
    ("path", "flagged"),
    [
        pytest.param("qax-os+excelize/test/Book1.xlsx", 5, id="excelize-formulas-without-v"),
        pytest.param("tafia+calamine/tests/shared_formula_simple.xlsx", 0, id="excel-shared-formulas"),
        pytest.param("tafia+calamine/tests/issue_553.xlsx", 0, id="excel-online-string-formulas"),
        pytest.param("tafia+calamine/tests/errors.xlsx", 0, id="error-results"),
    ],
)
def test_corpus_formulas_without_value(corpus, path, flagged):
    book = read_workbook(sheets_dir(corpus) / path)
    count = sum(cell.formula_without_value for s in book.sheets for row in s.rows for cell in row)
    assert count == flagged


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        pytest.param("tafia+calamine/tests/vba.xlsm", "xlsm", id="xlsm"),
        pytest.param("tafia+calamine/tests/issue_419.xlsx", "xlsx", id="sharedstrings-case"),
        pytest.param("qax-os+excelize/test/CalcChain.xlsx", "xlsx", id="excelize-sharedstrings-case"),
        pytest.param("python-excel+xlrd/tests/samples/biff4_no_format_no_window2.xls", "xls", id="bare-biff4"),
        pytest.param("tafia+calamine/tests/biff5_write.xls", "xls", id="biff5"),
    ],
)
def test_corpus_formats(corpus, path, fmt):
    assert read_workbook(sheets_dir(corpus) / path).format == fmt


def test_declared_full_grid_is_not_too_large(corpus):
    # Gnumeric declares <dimension ref="A1:XFD1048576"> for a handful of cells.
    sheet = read_workbook(sheets_dir(corpus) / "tafia+calamine/tests/issue_174.xlsx").data_sheet()
    assert 0 < len(sheet.rows) < 100


def test_xls_renamed_xlsx_is_still_xls(corpus, tmp_path):
    copy = tmp_path / "提报.xlsx"
    shutil.copy(sheets_dir(corpus) / "frictionlessdata+frictionless-py/data/table.xls", copy)
    assert read_workbook(copy).format == "xls"


def _zero_bytes(data: bytearray) -> None:
    data[1348:4454] = bytes(4454 - 1348)


def _huge_sector_shift(data: bytearray) -> None:
    data[0x1E:0x20] = (60).to_bytes(2, "little")  # 2**60-byte sectors


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_zero_bytes, id="cyclic-sector-chain-xlrd-looped-forever"),
        pytest.param(_huge_sector_shift, id="sector-size-olefile-allocated-2**60"),
    ],
)
def test_damaged_ole_fails_fast(corpus, tmp_path, damage):
    """Regressions found by fuzzing the corpus; run in a subprocess so a relapse fails, not hangs."""
    data = bytearray((sheets_dir(corpus) / "frictionlessdata+frictionless-py/data/table.xls").read_bytes())
    damage(data)
    path = tmp_path / "damaged.xls"
    path.write_bytes(data)
    script = (
        "import sys; from pathlib import Path; from jdcheck.sheets import read_workbook, SheetReadError\n"
        "try:\n    read_workbook(Path(sys.argv[1]))\nexcept SheetReadError as exc:\n    print(exc.reason)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "corrupt"), done.stderr


def test_every_corpus_file_reads_or_raises_sheet_read_error(corpus):
    """No input makes the reader crash (SPEC §6): a Workbook or a SheetReadError, nothing else."""
    files = sorted(p for p in sheets_dir(corpus).rglob("*") if p.is_file() and p.name != "MANIFEST.tsv")
    assert len(files) > 50
    outcomes: dict[str, str] = {}
    started = time.perf_counter()
    for file in files:
        try:
            book = read_workbook(file)
        except SheetReadError as exc:
            outcomes[file.name] = exc.reason
        else:
            assert isinstance(book, Workbook) and book.sheets
            book.data_sheet()
            outcomes[file.name] = book.format
    assert time.perf_counter() - started < 30  # about 1 s on a laptop; generous for loaded CI
    assert outcomes["issue_594_dos.ods"] == "unsupported"
