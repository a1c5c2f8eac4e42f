"""The work done once per sheet or per column gives what the work done per cell gave: one pass
over a worksheet's XML (size guard, marks, calamine's layout), the special-row markers matched
on the typed character, the column names for messages, the column-level parsers and checks."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest

from jdcheck import sheets, values as V
from jdcheck.sheets import calamine, package
from jdcheck.table import special_row_marker
from jdcheck.sheets.model import Cell
from tests.builders import xlsx
from tests.folders import SHEET, check, gb_row, groupbuy


def _rewrite(path: Path, member: str, edit) -> Path:
    out = path.with_name("edited-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            dst.writestr(info, edit(content) if info.filename == member else content)
    return out


def _both_readers(path: Path, monkeypatch):
    fast = sheets.read_workbook(path)
    with monkeypatch.context() as patch:
        patch.setattr(sheets.calamine, "_read_with_calamine", lambda *args: None)
        slow = sheets.read_workbook(path)
    return fast, slow


# --------------------------------------------------------------------------- one pass per worksheet


def test_hidden_false_on_every_row_hides_nothing_and_true_in_any_spelling_hides(tmp_path, monkeypatch):
    """LibreOffice writes hidden="false" on every <row> and <col>; only 1/true (any case, either
    quote) hides, on both readers."""
    rows = [["SKU编码*", "京东价*"], *[[str(100012043978 + i), 399 + i] for i in range(6)]]
    path = xlsx(tmp_path / "t.xlsx", rows, hidden_cols=[2])
    row_tag = re.compile(rb'<row r="(\d+)"')

    def libreoffice_style(xml: bytes) -> bytes:
        spelled = {b"3": b' hidden="TRUE"', b"5": b" hidden='1'", b"6": b' hidden = "true"'}
        xml = row_tag.sub(lambda m: m.group(0) + spelled.get(m.group(1), b' hidden="false"'), xml)
        return xml.replace(b"<cols>", b'<cols><col min="4" max="5" hidden="false" width="9" customWidth="1"/>')

    edited = _rewrite(path, "xl/worksheets/sheet1.xml", libreoffice_style)
    with zipfile.ZipFile(edited) as archive:
        assert calamine._package_layout(archive, 200_000) is not None  # calamine may read it
    fast, slow = _both_readers(edited, monkeypatch)
    for book in (fast, slow):
        assert book.sheets[0].hidden_rows == {3, 5, 6}
        assert book.sheets[0].hidden_cols == {2}
    assert fast.sheets[0].rows == slow.sheets[0].rows


XML_PIECES = [
    b'<c r="A1" t="s"><v>0</v></c>', b'<c r="B1"><f>SUM(A1)</f><v></v></c>', b"<x:c r='C1'><x:v>1</x:v></x:c>",
    b'<mergeCell ref="A2:B3"/>', b'<hyperlink ref="A1" r:id="rId1"/>', b"<c>", b"<c/>", b"<col min='1'/>",
    b'<c r="A9"><x:f>HYPERLINK("https://item.jd.com/1.html")</x:f></c>', b"<filterColumn colId='0'/>",
    b"<t> text </t>", b"<row r='2'>", b"</row>", b"x" * 50,
]


@pytest.mark.parametrize("seed", range(12))
def test_the_pass_in_pieces_finds_what_the_whole_member_holds(tmp_path, monkeypatch, seed):
    """Cut into views as small as a few tags, a worksheet gives the counts, formula flag and tags
    that the whole XML gives at once."""
    import random

    rng = random.Random(seed)
    xml = b"<worksheet>" + b"".join(rng.choice(XML_PIECES) for _ in range(300)) + b"</worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    monkeypatch.setattr(package, "_SCAN_CHUNK", rng.choice([64, 200, 1000]))
    monkeypatch.setattr(package, "_TAG_OVERLAP", 60)
    fed: list[bytes] = []
    scan = package.PartScan()
    with zipfile.ZipFile(buffer) as archive:
        cells, has_formula = package._count_cells(archive, "xl/worksheets/sheet1.xml", 10**9, scan, fed.append)
    assert b"".join(fed) == xml
    assert cells == len(package._CELL_TAG.findall(xml))
    assert has_formula == (package._FORMULA_TAG.search(xml) is not None)
    assert scan.merge_tags == package._MERGE_TAG.findall(xml)
    assert scan.link_tags == package._HYPERLINK_TAG.findall(xml)
    assert scan.formula_link == (b"HYPERLINK(" in xml)


@pytest.mark.parametrize(("member", "edit", "calamine_reads"), [
    ("xl/worksheets/sheet1.xml", lambda x: x, True),
    ("xl/worksheets/sheet1.xml", lambda x: x.replace(b"</sheetData>", b"</sheetData"), False),  # malformed
    ("xl/worksheets/sheet1.xml", lambda x: x.replace(b'<c r="B2" t="n">', b'<c r="B2" t="e">'), False),  # #N/A
    ("xl/worksheets/sheet1.xml", lambda x: x.replace(b"<t>100012043978", b"<t> 100012043978"), False),  # untrimmed
    ("xl/styles.xml", lambda x: x[: len(x) // 2], False),  # another part broken: checked on its own
])
def test_calamine_is_refused_for_what_the_scan_finds_in_any_part(tmp_path, member, edit, calamine_reads):
    path = xlsx(tmp_path / "t.xlsx", [["SKU编码*", "京东价*"], ["100012043978", 399]])
    edited = _rewrite(path, member, edit)
    with zipfile.ZipFile(edited) as archive:
        scans: dict[str, calamine.SheetScan] = {}
        package._scan_worksheets(archive, 200_000, readers=lambda part: scans.setdefault(part, calamine.SheetScan()).feed)
        assert list(scans) == ["xl/worksheets/sheet1.xml"]
        assert (calamine._package_layout(archive, 200_000, scans) is not None) is calamine_reads
        # Read here when no scans are given: the same answer.
        assert (calamine._package_layout(archive, 200_000) is not None) is calamine_reads


# --------------------------------------------------------------------------- special rows


def _folded_start_matches(cells: list[Cell], markers: tuple[str, ...]) -> str | None:
    """special_row_marker as it was: every first character full-width folded before comparing."""
    looked = 0
    initials = {marker[:1] for marker in markers}
    for cell in cells:
        value = cell.value
        if value is None or not isinstance(value, str):
            if value is not None:
                looked += 1
                if looked == 2:
                    return None
            continue
        text = value.strip()
        if not text:
            continue
        start = text.lstrip("【[（(［<《 \t\u3000*＊")[:1]
        if start and V.fullwidth_folded(start) in initials:
            folded = V.fullwidth_folded(text).lstrip("【[（(［<《 \t\u3000*＊").replace(" ", "")
            if folded.startswith(markers):
                return text
        looked += 1
        if looked == 2:
            return None
    return None


@pytest.mark.parametrize("markers", [
    ("示例", "例:", "合计"),
    ("Example", "NOTE", "#", "示例"),  # markers starting with ASCII: typed in full width too
])
def test_special_rows_are_found_from_the_typed_first_character(markers):
    folded = tuple(V.fullwidth_folded(m) for m in markers)
    texts = ["示例", "【示例】", "例：红蜻蜓", "例:x", "Ｅｘａｍｐｌｅ row", "Example", "ＮＯＴＥ", "NOTE ",
             "＃1", "#", "e", "ｅxample", "合 计", "  合计", "*Example", "＊ＮＯＴＥ", "100012043978", "　示例"]
    for first in texts:
        for second in [None, 5, "示例", "Ｅｘａｍｐｌｅ"]:
            cells = [Cell(first), Cell(second)]
            assert special_row_marker(cells, folded) == _folded_start_matches(cells, folded), (first, second)
    assert special_row_marker([Cell("Ｅｘａｍｐｌｅ row")], folded) == ("Ｅｘａｍｐｌｅ row" if "Example" in markers else None)


# --------------------------------------------------------------------------- columns and rows


def test_findings_on_an_odd_sheet_keep_their_cell_and_column_name(tmp_path):
    """A renamed header, a header with its `*` dropped, a merge over two rows, a 注： line, a
    total row and cells that fail per column: each finding at its row and under the name the
    operator sees (the written header when renamed, else the template's name)."""
    rows = [
        gb_row("100012043978", title="红蜻蜓 全网最低价 雪地靴 RQT-2201", stock=5000, season="秋冬"),
        gb_row("100023456781", jd_price="３９９", group_price=499, ship_hours=48),
        gb_row("100034567892", stock="很多", brand="红蜻蜓"),
        {"sku": "注：价格含税"},
        gb_row("合计", title=None, stock=3000),
    ]
    header = ["SKU编码*", "商品标题", "品牌*", "京东价*", "团购价*", "库存", "季节*", "是否在其他平台做过团购*",
              "开团时间*", "结束时间*", "发货时效(小时)*", "商品链接*", "店铺链接*", "团购类型"]
    folder = groupbuy(tmp_path, rows, header=header, sheet_options={"merges": ["C5:C6"]},
                      files={"100034567892.jpg": None})
    report = check(folder)
    found = {(f.code, f.row, f.column) for f in report.findings
             if f.code in ("S002", "S005", "S006", "S009", "S013", "S014", "T003", "P001", "P008")}
    assert found == {
        ("S002", 3, "商品名称"),  # 商品标题 instead of 商品名称*
        ("S006", 4, "库存"), ("S005", 4, "季节"), ("T003", 4, "商品标题"),
        ("S009", 5, "京东价"), ("P001", 5, "团购价"), ("P008", 5, "发货时效(小时)"),
        ("S013", 5, "品牌"),  # C5:C6 merged: the brand typed once for two rows
        ("S005", 6, "库存"),
        ("S014", 8, None),  # 合计; row 7 is the 注： line, no row at all
    }
    assert all(f.file == SHEET for f in report.findings if f.row is not None and f.code[0] in "STP")


def test_a_value_typed_once_per_column_keeps_equal_values_of_other_types_apart(tmp_path):
    """1, True and 1.5 in one number column are three values (1 == True in Python); the same
    text in two rows is one value, and each row still gets its own findings."""
    rows = [gb_row("100012043978", stock=1), gb_row("100023456781", stock=True),
            gb_row("100034567892", stock=900, season="秋冬"), gb_row("100045678903", stock=900.5, season="秋冬"),
            gb_row("100056789014", stock="900")]
    folder = groupbuy(tmp_path, rows)
    found = {(f.code, f.row, f.column) for f in check(folder).findings if f.code in ("S005", "S006", "S009")}
    # Rows 4-8: stock 1 is out of range, True is not a number, 900.5 not an integer; 秋冬 is no
    # season, on both rows.
    assert found == {("S006", 4, "库存"), ("S005", 5, "库存"), ("S005", 6, "季节"), ("S005", 7, "库存"),
                     ("S005", 7, "季节")}


def test_the_tag_patterns_match_what_an_optional_prefix_matches():
    """The unprefixed tag is its own alternative in the scan's patterns, for speed only."""
    import random

    prefix = rb"[A-Za-z_][\w.-]{0,31}:"
    reference = {
        package._CELL_TAG: re.compile(rb"<(?:" + prefix + rb")?c[\s/>]"),
        package._FORMULA_TAG: re.compile(rb"<(?:" + prefix + rb")?f[\s/>]"),
        calamine._UNPRESERVED_SPACE: re.compile(rb"<(?:" + prefix + rb")?t>(?:\s|[^<]*\s</)"),
    }
    pieces = [b"<", b"c", b"f", b"t", b">", b" ", b"/", b":", b"x", b"\n", b"<c ", b"<x:c>", b"<t>", b"</", b"-", b"<x:f/"]
    rng = random.Random(14)
    for _ in range(5000):
        text = b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        for pattern, plain in reference.items():
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_equal_values_of_other_types_stay_apart_on_the_fast_path(tmp_path, monkeypatch):
    """calamine's rows share one Cell per repeated text, whole number and datetime: 1, 1.0, True
    and "1" stay four values of their own types, as openpyxl reads them."""
    moment = datetime.datetime(2026, 12, 2, 9, 30)
    rows = [["a", "b", "c"], [1, True, "1"], [1.0, 1.5, moment], [True, "1", moment], ["a", 1, 0]]
    path = xlsx(tmp_path / "t.xlsx", rows)
    fast, slow = _both_readers(path, monkeypatch)
    typed = [[(type(cell.value), cell.value) for cell in row] for row in fast.sheets[0].rows]
    assert typed == [[(type(cell.value), cell.value) for cell in row] for row in slow.sheets[0].rows]
    assert typed[1] == [(int, 1), (bool, True), (str, "1")]
    assert typed[3][0] == (bool, True) and typed[4][1] == (int, 1)


# --------------------------------------------------------------------------- the formula cells of a worksheet

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(("sheet_data", "without_value", "results"), [
    pytest.param('<row r="4"><c r="D4"><v>399</v></c><c r="E4"><f>D4*0.8</f><v>319.2</v></c></row>',
                 set(), {"E4": (None, "319.2")}, id="excel-saved-result"),
    pytest.param('<row r="4"><c r="E4"><f>D4*0.8</f><v/></c></row>', {(4, 5)}, {}, id="openpyxl-empty-v"),
    pytest.param('<row r="4"><c r="E4"><f>D4*0.8</f></c></row>', {(4, 5)}, {}, id="no-v"),
    pytest.param('<row r="4"><c r="E4" t="str"><f>""</f><v/></c><c r="F4" t="str"><f>A4</f><v>x</v></c></row>',
                 set(), {"E4": ("str", ""), "F4": ("str", "x")}, id="string-results-empty-and-not"),
    pytest.param('<row r="4"><c r="E4" t="b"><f>TRUE()</f><v>1</v></c><c r="F4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
                 '<c r="G4" t="n"><f>1+1</f><v>2</v></c></row>',
                 set(), {"E4": ("b", "1"), "F4": ("e", "#DIV/0!"), "G4": ("n", "2")}, id="bool-error-number"),
    # a shared-string result is a saved result (no S012) that the copies do not write back
    pytest.param('<row r="4"><c r="E4" t="s"><f>A1</f><v>0</v></c></row>', set(), {}, id="shared-string-result"),
    pytest.param('<row r="4"><c r="E4"><v>2</v></c></row>', set(), {}, id="no-formula"),
    # cells without `r` follow the cell before them; their row comes from <row>, or counts on
    pytest.param('<row r="7"><c r="B7"><v>1</v></c><c><f>B7+1</f><v/></c><c><f>B7+2</f><v>3</v></c></row>'
                 '<row><c><f>1+1</f></c><c r="C8"><v>1</v></c><c><f>C8</f><v>1</v></c></row>',
                 {(7, 3), (8, 1)}, {}, id="cells-without-r"),
    pytest.param(f'<row r="4"><x:c xmlns:x="{_MAIN}" r="E4"><x:f>D4</x:f><x:v>5</x:v></x:c>'
                 f'<x:c xmlns:x="{_MAIN}" r="F4"><x:f>D4</x:f><x:v/></x:c></row>',
                 {(4, 6)}, {"E4": (None, "5")}, id="prefixed-elements"),
])
def test_one_walk_over_the_formula_cells_gives_S012_and_the_results_copies_restore(
        tmp_path, sheet_data, without_value, results):
    from jdcheck.sheets.copies import formula_results

    path = xlsx(tmp_path / "t.xlsx", [["SKU编码*"], ["1"]])
    part = "xl/worksheets/sheet1.xml"
    edited = _rewrite(path, part, lambda xml: re.sub(
        rb"<sheetData>.*</sheetData>", b"<sheetData>" + sheet_data.encode() + b"</sheetData>", xml))
    with zipfile.ZipFile(edited) as archive:
        cells = list(package.formula_cells(archive, part))
        assert {cell.position for cell in cells if not cell.has_result} == without_value
        assert package._formulas_without_value(archive, part) == without_value
        missing, _scans = package._scan_worksheets(archive, 200_000)
    assert missing.get("Sheet1", frozenset()) == without_value
    assert formula_results(edited) == ({"Sheet1": results} if results else {})
