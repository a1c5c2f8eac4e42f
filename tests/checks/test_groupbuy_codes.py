"""One table per rule code of the group-buy type: each case breaks one thing in a valid folder and
names exactly the (code, file, row) findings of that code it must produce. Every code has a
failing case here; the passing case of every code is the valid folder, which has no finding."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from tests.builders import xlsx
from tests.folders import (
    FIRST_DATA_ROW as R,
    HEADER,
    KEYS,
    SHEET,
    SKUS,
    check,
    gb_row,
    groupbuy,
    located,
)
from tests.image_builders import gif, jpeg, png, truncate
from tests.metadata_builders import raw_png
from tests.vision_pictures import PICTURE_CODES, picture, vision_on

A, B = SKUS


def _bad_huffman_table(path, counts=b"\xff" * 16):
    """Damage inside the header's tables, which keeps the marker grammar: the first DHT's code
    counts set to 255 (more codes than the segment holds), or to ``counts``. The JPEG walk reads
    the tables as libjpeg does (README, "Image integrity")."""
    data = bytearray(path.read_bytes())
    start = data.find(b"\xff\xc4") + 5
    data[start : start + len(counts)] = counts
    path.write_bytes(bytes(data))
    return path


def _overwrite_middle(path, count=2000):
    """`count` random bytes over the middle of the file, as a bad sector or a broken copy leaves it."""
    import random

    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + count] = random.Random(0).randbytes(count)
    path.write_bytes(bytes(data))
    return path

A_JPG, B_JPG = f"{A}.jpg", f"{B}.jpg"
A_ZWSP = A[:7] + "\u200b" + A[7:]  # 1000120\u200b43978: a zero-width space no editor shows
SHOP2 = "https://mall.jd.com/index-2000002.html"
NO_SHOP = tuple(k for k in KEYS if k != "shop_link")


def test_valid_folder_has_no_finding(tmp_path):
    report = check(groupbuy(tmp_path))
    assert report.findings == []
    assert report.passed


def test_valid_folder_as_gbk_csv_has_no_finding(tmp_path):
    rows = [gb_row(A, start="2026/12/2 9:30", end="2026年12月5日 09:30"), gb_row(B)]
    folder = groupbuy(tmp_path, rows, sheet="团购提报.csv", sheet_options={"encoding": "gbk"})
    assert located(check(folder)) == set()


def _rows(**changes):
    """Two valid rows; `changes` maps a row index to the cell changes of that row."""
    first = {"sku": A, **changes.get("0", {})}
    second = {"sku": B, "title": "红蜻蜓 牛皮系带 马丁靴 RQT-2315", **changes.get("1", {})}
    return [gb_row(**first), gb_row(**second)]


def _zwsp_sku(tmp_path, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315"):
    """The first row's SKU with a zero-width space inside; its slot image named by the plain SKU."""
    return groupbuy(tmp_path, _rows(**{"0": {"sku": A_ZWSP, "product_link": f"https://item.jd.com/{A}.html"},
                                       "1": {"title": title}}), files={A_JPG: lambda p: jpeg(p, (440, 293), kb=40)})


MERGED_BRAND = [gb_row(A), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", brand=None)]
EXAMPLE = gb_row("示例", title="例：红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", product_link="https://item.jd.com/100000000000.html")
TOTAL = {"sku": "合计", "stock": 2000}
INSTRUCTIONS = {"sku": "填写说明", "title": "品牌+属性+品类+货号", "jd_price": "数字，不带单位", "start": "2026-12-01 09:30"}
INSTRUCTIONS_SHEET = {"填表说明": [["填表说明"], ["1. SKU编码填写 6–14 位数字"], ["2. 开团时间写到分钟：2026-12-01 09:30"]],
                      "Sheet1": []}


# (id, folder builder, code, expected {(code, file, row)})
CASES = [
    # M — materials and files
    ("M101-no-style-screenshot", lambda t: groupbuy(t, files={"款式截图.jpg": None}), "M101", {("M101", None, None)}),
    ("M101-no-spreadsheet", lambda t: groupbuy(t, sheet=None), "M101", {("M101", None, None)}),
    ("M101-no-slot-image", lambda t: groupbuy(t, slot_images=False), "M101", {("M101", None, None)}),
    ("M101-no-shop-link-anywhere", lambda t: groupbuy(t, keys=NO_SHOP), "M101", {("M101", None, None)}),
    ("M101-shop-link-from-links-txt", lambda t: groupbuy(
        t, keys=NO_SHOP, files={"links.txt": "店铺：https://mall.jd.com/index-1000001.html\n"}), "M101", set()),
    ("M102-two-spreadsheets", lambda t: groupbuy(
        t, files={"团购提报(1).xlsx": lambda p: shutil.copy(p.parent / SHEET, p)}), "M102", {("M102", "团购提报(1).xlsx", None), ("M102", SHEET, None)}),
    ("M103-stray-docx", lambda t: groupbuy(t, files={"说明.docx": b"PK\x03\x04"}), "M103", {("M103", "说明.docx", None)}),
    # an iPhone photo kept as it was taken: said to be exported as JPEG (the message's variant: test_heic_photo_is_told_to_be_exported)
    ("M103-heic-photo", lambda t: groupbuy(t, files={"IMG_1234.HEIC": b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"}), "M103",
     {("M103", "IMG_1234.HEIC", None)}),
    ("M103-ignored-system-files", lambda t: groupbuy(t, files={
        "~$团购提报.xlsx": b"lock", "Thumbs.db": b"x", ".DS_Store": b"x", "desktop.ini": "[x]",
        "__MACOSX/._100012043978.jpg": b"x", ".hidden/a.docx": b"x"}), "M103", set()),
    ("M104-slot-image-not-named-by-sku", lambda t: groupbuy(t, files={"团购图.jpg": lambda p: jpeg(p, kb=40)}),
     "M104", {("M104", "团购图.jpg", None)}),
    ("M104-sku-with-suffix-passes", lambda t: groupbuy(t, files={A_JPG: None, f"{A}_主图.jpg": lambda p: jpeg(p, kb=40)}),
     "M104", set()),
    ("M104-space-before-the-extension", lambda t: groupbuy(t, files={A_JPG: None, f"{A} .jpg": lambda p: jpeg(p, kb=40)}),
     "M104", {("M104", f"{A} .jpg", None)}),
    # the space hides nothing from the row it belongs to: M104 alone, no M105
    ("M105-space-before-the-extension-still-matches", lambda t: groupbuy(t, files={A_JPG: None, f"{A} .jpg": lambda p: jpeg(p, kb=40)}),
     "M105", set()),
    ("M104-picture-saved-from-wechat", lambda t: groupbuy(t, files={"微信图片_20261127103015.jpg": lambda p: jpeg(p, kb=40)}),
     "M104", {("M104", "微信图片_20261127103015.jpg", None)}),
    ("M105-row-without-image", lambda t: groupbuy(t, files={B_JPG: None}), "M105", {("M105", SHEET, R + 1)}),
    ("M105-image-without-row", lambda t: groupbuy(t, files={"100099999999.jpg": lambda p: jpeg(p, kb=40)}),
     "M105", {("M105", "100099999999.jpg", None)}),
    ("M105-images-in-subfolder", lambda t: groupbuy(t, files={
        A_JPG: None, B_JPG: None, f"团购图/{A_JPG}": lambda p: jpeg(p, kb=40), f"团购图/{B_JPG}": lambda p: jpeg(p, kb=40)}),
     "M105", set()),
    # style screenshots named per SKU, as operators write the names: one rule for the check and
    # for compose (materials.pictures_of_row): a row without its own, a SKU not in the sheet
    *[(f"M105-style-{case}", lambda t, shots=shots: groupbuy(t, files={"款式截图.jpg": None, **{
        name: lambda p: jpeg(p, (750, 1000)) for name in shots}}), "M105", expected)
      for case, shots, expected in [
          ("dash-and-space-each-row", (f"款式截图-{A}.jpg", f"款式截图 {B}.jpg"), set()),
          ("sku-first-each-row", (f"{A}_款式截图.png", f"{B}_款式截图.png"), set()),
          ("one-shared", ("款式截图.jpg",), set()),
          ("shared-serves-the-row-without-its-own", (f"款式截图-{A}.jpg", "款式截图.jpg"), set()),
          ("a-date-is-no-sku", ("款式截图20261127.jpg",), set()),
          ("row-without-its-own", (f"款式截图-{A}.jpg",), {("M105", SHEET, R + 1)}),
          ("row-without-its-own-sku-first", (f"{B}_款式截图.png",), {("M105", SHEET, R)}),
          ("sku-not-in-the-sheet", ("款式截图-100099999999.jpg",),
           {("M105", SHEET, R), ("M105", SHEET, R + 1), ("M105", "款式截图-100099999999.jpg", None)}),
          ("sku-not-in-the-sheet-beside-a-shared-one", ("款式截图.jpg", "款式截图 100099999999.jpg"),
           {("M105", "款式截图 100099999999.jpg", None)}),
      ]],
    ("M106-starts-tomorrow-no-promo", lambda t: groupbuy(
        t, _rows(**{"1": {"start": dt.datetime(2026, 11, 26, 9, 30)}}), files={"促销截图.jpg": None}),
     "M106", {("M106", SHEET, R + 1)}),
    ("M106-starts-in-a-week-no-promo", lambda t: groupbuy(t, files={"促销截图.jpg": None}), "M106", set()),
    # I — images
    ("I001-truncated-jpeg", lambda t: groupbuy(t, files={A_JPG: lambda p: truncate(jpeg(p, kb=40), 9000)}),
     "I001", {("I001", A_JPG, None)}),
    ("I001-not-an-image", lambda t: groupbuy(t, files={A_JPG: b"<html>404 Not Found</html>"}), "I001", {("I001", A_JPG, None)}),
    ("I001-empty-file", lambda t: groupbuy(t, files={A_JPG: b""}), "I001", {("I001", A_JPG, None)}),
    ("I001-slot-image-bad-huffman-table", lambda t: groupbuy(t, files={A_JPG: lambda p: _bad_huffman_table(jpeg(p, kb=40))}),
     "I001", {("I001", A_JPG, None)}),
    # the same number of codes, two of them 1 bit long: no canonical code fits ("Bogus Huffman table")
    ("I001-slot-image-huffman-codes-overflow", lambda t: groupbuy(t, files={
        A_JPG: lambda p: _bad_huffman_table(jpeg(p, kb=40), counts=b"\x02\x00\x04")}),
     "I001", {("I001", A_JPG, None)}),
    # Screenshots get the structure walk instead of the decode (README, "Image integrity"): damage
    # in transit or on disk, or in a JPEG's tables, is still I001.
    ("I001-truncated-png-screenshot", lambda t: groupbuy(t, files={
        "款式截图.jpg": None, "款式截图.png": lambda p: truncate(png(p, (1280, 720)), 30_000)}),
     "I001", {("I001", "款式截图.png", None)}),
    ("I001-damaged-png-screenshot", lambda t: groupbuy(t, files={
        "款式截图.jpg": None, "款式截图.png": lambda p: _overwrite_middle(png(p, (1280, 720)))}),
     "I001", {("I001", "款式截图.png", None)}),
    # An unknown critical chunk (upper-case first letter): Chrome refuses the picture, Pillow reads past it.
    ("I001-unknown-critical-chunk-png-screenshot", lambda t: groupbuy(t, files={
        "款式截图.jpg": None, "款式截图.png": lambda p: raw_png(p, (1280, 720), 8, 2, before_idat=((b"QQQQ", b"x"),))}),
     "I001", {("I001", "款式截图.png", None)}),
    ("I001-truncated-jpeg-screenshot", lambda t: groupbuy(t, files={
        "促销截图.jpg": lambda p: truncate(jpeg(p, (1920, 1080)), 60_000)}),
     "I001", {("I001", "促销截图.jpg", None)}),
    ("I001-damaged-jpeg-screenshot", lambda t: groupbuy(t, files={
        "促销截图.jpg": lambda p: _overwrite_middle(jpeg(p, (1920, 1080)))}),
     "I001", {("I001", "促销截图.jpg", None)}),
    ("I001-jpeg-screenshot-bad-huffman-table", lambda t: groupbuy(t, files={
        "促销截图.jpg": lambda p: _bad_huffman_table(jpeg(p, (1920, 1080)))}),
     "I001", {("I001", "促销截图.jpg", None)}),
    ("I002-800x800", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, (800, 800), kb=45)}), "I002", {("I002", A_JPG, None)}),
    ("I002-rotated-by-exif-displays-right", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, (293, 440), kb=40, orientation=6)}),
     "I002", set()),
    ("I002-stored-right-but-displayed-rotated", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, (440, 293), kb=40, orientation=8)}),
     "I002", {("I002", A_JPG, None)}),
    ("I003-exactly-50-KiB", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, kb=50)}), "I003", {("I003", A_JPG, None)}),
    ("I003-one-byte-under-passes", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, kb=51_199 / 1024)}), "I003", set()),
    ("I004-50000-bytes", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, kb=50_000 / 1024)}), "I004", {("I004", A_JPG, None)}),
    ("I004-49999-bytes-passes", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, kb=49_999 / 1024)}), "I004", set()),
    ("I005-png-named-jpg", lambda t: groupbuy(t, files={A_JPG: lambda p: png(p)}), "I005", {("I005", A_JPG, None)}),
    ("I005-gif-not-allowed", lambda t: groupbuy(t, files={A_JPG: None, f"{A}.gif": lambda p: gif(p)}), "I005", {("I005", f"{A}.gif", None)}),
    ("I005-real-png-passes", lambda t: groupbuy(t, files={A_JPG: None, f"{A}.png": lambda p: png(p)}), "I005", set()),
    ("I006-cmyk", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, kb=45, mode="CMYK")}), "I006", {("I006", A_JPG, None)}),
    # a 16-bit greyscale PNG is drawn as the grey it is: no "wrong colours"
    ("I006-16-bit-grey-png-passes", lambda t: groupbuy(t, files={"款式截图.jpg": None, "款式截图.png": lambda p: png(p, mode="I;16")}),
     "I006", set()),
    ("I007-orientation-tag", lambda t: groupbuy(t, files={A_JPG: lambda p: jpeg(p, (293, 440), kb=40, orientation=6)}),
     "I007", {("I007", A_JPG, None)}),
    ("I008-animated-gif", lambda t: groupbuy(t, files={A_JPG: None, f"{A}.gif": lambda p: gif(p, frames=3)}),
     "I008", {("I008", f"{A}.gif", None)}),
    # I009/I010 (jdcheck[vision]): real photos with the logo and text drawn on (tests/vision_fixtures)
    ("I009-brand-not-read-top-left", lambda t: groupbuy(t, files={A_JPG: picture("slot_plain.jpg"),
                                                                  B_JPG: picture("slot_brand_text.jpg")}),
     "I009", {("I009", A_JPG, None)}),
    ("I009-logo-with-brand-name-passes", lambda t: groupbuy(t, files={A_JPG: picture("slot_logo_tl.jpg"),
                                                                      B_JPG: picture("slot_slogan_logo.jpg")}), "I009", set()),
    ("I010-selling-points", lambda t: groupbuy(t, files={A_JPG: picture("slot_points_logo.jpg"),
                                                         B_JPG: picture("slot_slogan_logo.jpg")}),
     "I010", {("I010", A_JPG, None)}),
    # S — spreadsheets
    ("S001-random-bytes", lambda t: groupbuy(t, files={SHEET: b"\x00\x01garbage" * 50}), "S001", {("S001", SHEET, None)}),
    ("S001-truncated-xlsx", lambda t: groupbuy(t, files={SHEET: lambda p: p.write_bytes(xlsx(p, [HEADER]).read_bytes()[:1500])}),
     "S001", {("S001", SHEET, None)}),
    ("S002-renamed", lambda t: groupbuy(t, header=["SKU"] + HEADER[1:]), "S002", {("S002", SHEET, R - 1)}),
    ("S002-missing-optional-column", lambda t: groupbuy(t, keys=KEYS[:13]), "S002", {("S002", SHEET, R - 1)}),
    ("S002-swapped-columns", lambda t: groupbuy(t, keys=KEYS[:3] + (KEYS[4], KEYS[3]) + KEYS[5:]), "S002", {("S002", SHEET, R - 1)}),
    ("S002-extra-column", lambda t: groupbuy(t, keys=KEYS + ("note",), header=HEADER + ["备注"]), "S002", {("S002", SHEET, R - 1)}),
    ("S002-star-and-spaces-tolerated", lambda t: groupbuy(t, header=[h.rstrip("*") + " ＊" if i % 2 else h.rstrip("*") for i, h in enumerate(HEADER)]),
     "S002", set()),
    ("S002-no-header", lambda t: groupbuy(t, header=["a", "b", "c"] + [None] * 11), "S002", {("S002", SHEET, None)}),
    ("S003-old-template", lambda t: groupbuy(t, title_rows=(("团购提报表",), ("模板版本：2025.06",))), "S003", {("S003", SHEET, None)}),
    ("S003-no-version-cell-passes", lambda t: groupbuy(t, title_rows=(("团购提报表",),)), "S003", set()),
    ("S004-empty-jd-price", lambda t: groupbuy(t, _rows(**{"1": {"jd_price": None}})), "S004", {("S004", SHEET, R + 1)}),
    ("S004-empty-optional-passes", lambda t: groupbuy(t, _rows(**{"1": {"group_type": None}})), "S004", set()),
    ("S005-text-stock", lambda t: groupbuy(t, _rows(**{"0": {"stock": "很多"}})), "S005", {("S005", SHEET, R)}),
    ("S005-choice-outside-set", lambda t: groupbuy(t, _rows(**{"1": {"season": "秋冬"}})), "S005", {("S005", SHEET, R + 1)}),
    ("S005-date-not-a-date", lambda t: groupbuy(t, _rows(**{"0": {"start": "下周一"}})), "S005", {("S005", SHEET, R)}),
    ("S005-date-without-year", lambda t: groupbuy(t, _rows(**{"0": {"start": "12月2日 9:30"}})), "S005", {("S005", SHEET, R)}),
    ("S005-chinese-am-pm-times-pass", lambda t: groupbuy(t, _rows(**{"0": {"start": "2026/12/2 上午9:30", "end": "2026/12/5 上午9:30"},
                                                                 "1": {"start": "2026/12/2 9:30 AM", "end": "2026年12月5日 上午9:30"}})),
     "S005", set()),
    ("S002-fullwidth-header", lambda t: groupbuy(t, header=["ＳＫＵ编码*"] + HEADER[1:]), "S002", {("S002", SHEET, R - 1)}),
    ("S002-instructions-sheet-first-passes", lambda t: groupbuy(t, sheet_options={"sheets_before": INSTRUCTIONS_SHEET, "active": 0}),
     "S002", set()),
    ("M101-shop-link-read-from-the-data-sheet-not-the-first", lambda t: groupbuy(t, sheet_options={"sheets_before": INSTRUCTIONS_SHEET, "active": 0}),
     "M101", set()),
    ("S005-fraction-stock", lambda t: groupbuy(t, _rows(**{"0": {"stock": 1000.5}})), "S005", {("S005", SHEET, R)}),
    ("S006-zero-stock-error", lambda t: groupbuy(t, _rows(**{"0": {"stock": 0}})), "S006", {("S006", SHEET, R)}),
    ("S006-stock-300-warning", lambda t: groupbuy(t, _rows(**{"1": {"stock": 300}})), "S006", {("S006", SHEET, R + 1)}),
    ("S007-too-short", lambda t: groupbuy(t, _rows(**{"0": {"sku": "12345"}}), slot_images=False, files={
        B_JPG: lambda p: jpeg(p, kb=40)}), "S007", {("S007", SHEET, R)}),
    ("S007-long-number", lambda t: groupbuy(t, _rows(**{"0": {"sku": int(A)}}), files={A_JPG: lambda p: jpeg(p, kb=40)}),
     "S007", {("S007", SHEET, R)}),
    ("S007-scientific-text", lambda t: groupbuy(t, _rows(**{"0": {"sku": "1.00012E+11"}}), files={
        A_JPG: None}), "S007", {("S007", SHEET, R)}),
    # a zero-width space inside a SKU pasted from a web page: the SKU is read, its image matched,
    # and S009 asks to clean the cell (with the invisible title of the other row)
    ("S007-zero-width-space-inside-sku-is-read", _zwsp_sku, "S007", set()),
    ("M105-zero-width-space-inside-sku-still-matches", _zwsp_sku, "M105", set()),
    ("S009-invisible-inside-sku-and-title", lambda t: _zwsp_sku(t, title="红蜻蜓 牛皮\u200c系带 马丁靴 RQT-2315"),
     "S009", {("S009", SHEET, R), ("S009", SHEET, R + 1)}),
    ("S008-duplicate", lambda t: groupbuy(t, [gb_row(A), gb_row(B), gb_row(A)]), "S008", {("S008", SHEET, R + 2)}),
    ("S009-currency-fullwidth-spaces", lambda t: groupbuy(t, _rows(**{"0": {"jd_price": "¥399.00"}, "1": {"stock": "１０００"}})),
     "S009", {("S009", SHEET, R), ("S009", SHEET, R + 1)}),
    ("S010-header-only", lambda t: groupbuy(t, [], files={A_JPG: None}), "S010", {("S010", SHEET, R - 1)}),
    ("S011-hidden-row", lambda t: groupbuy(t, sheet_options={"hidden_rows": [R + 1]}), "S011", {("S011", SHEET, R + 1)}),
    ("S011-hidden-sheet", lambda t: groupbuy(t, sheet_options={"extra_sheets": {"底价": [["SKU", "底价"], [A, 199]]},
                                                               "sheet_states": {"底价": "hidden"}}),
     "S011", {("S011", SHEET, None)}),
    ("S012-formula-without-value", lambda t: groupbuy(t, _rows(**{"1": {"stock": "=500*2"}})), "S012", {("S012", SHEET, R + 1)}),
    ("S004-formula-without-value-is-S012-only", lambda t: groupbuy(t, _rows(**{"1": {"stock": "=500*2"}})), "S004", set()),
    ("S013-brand-merged-over-two-rows", lambda t: groupbuy(t, MERGED_BRAND, sheet_options={"merges": [f"C{R}:C{R + 1}"]}),
     "S013", {("S013", SHEET, R)}),
    ("S004-not-on-cells-under-a-merge", lambda t: groupbuy(t, MERGED_BRAND, sheet_options={"merges": [f"C{R}:C{R + 1}"]}),
     "S004", set()),
    ("S013-merged-title-rows-pass", lambda t: groupbuy(t, title_rows=(("团购提报表",), ("模板版本: 2026.11",))), "S013", set()),
    ("S014-example-row-from-the-template", lambda t: groupbuy(t, [EXAMPLE, *_rows()]), "S014", {("S014", SHEET, R)}),
    ("S014-total-row", lambda t: groupbuy(t, [*_rows(), TOTAL]), "S014", {("S014", SHEET, R + 2)}),
    ("S014-total-row-behind-a-zero-width-space", lambda t: groupbuy(t, [*_rows(), {**TOTAL, "sku": "\u200b合计"}]),
     "S014", {("S014", SHEET, R + 2)}),
    ("S014-instruction-row", lambda t: groupbuy(t, [INSTRUCTIONS, *_rows()]), "S014", {("S014", SHEET, R)}),
    # A lone instruction cell under the data (the template's 填写说明 line the operator left in):
    # the manager's import reads it as an item, so it is S014; a 注： footnote is not a row at all.
    ("S014-lone-instruction-cell-under-the-data", lambda t: groupbuy(t, [*_rows(), {"sku": "填写说明：价格请填数字"}]),
     "S014", {("S014", SHEET, R + 2)}),
    ("S014-lone-shuoming-cell-under-the-data", lambda t: groupbuy(t, [*_rows(), {"sku": "说明：价格请填数字"}]),
     "S014", {("S014", SHEET, R + 2)}),
    ("S014-footnote-under-the-data-passes", lambda t: groupbuy(t, [*_rows(), {"sku": "注：价格含税"}]), "S014", set()),
    ("S014-marker-in-a-later-cell-passes", lambda t: groupbuy(t, _rows(**{"1": {"brand": "合计"}})), "S014", set()),
    ("M105-example-row-left-out", lambda t: groupbuy(t, [gb_row("示例 100000000001"), *_rows()]), "M105", set()),
    ("M107-annotated-copy-summary-sheet", lambda t: groupbuy(t, sheet_options={"extra_sheets": {"jdcheck": [["代码", "级别"], ["P001", "error"]]}}),
     "M107", {("M107", SHEET, None)}),
    ("M107-annotated-copy-comments", lambda t: groupbuy(t, sheet_options={"comments": {f"E{R}": "P001 团购价 399 不低于京东价 399。"}}),
     "M107", {("M107", SHEET, None)}),
    ("M107-template-header-notes-pass", lambda t: groupbuy(t, sheet_options={"comments": {f"A{R - 1}": "必填。6–14 位数字，写成文本。"}}),
     "M107", set()),
    # L — links
    ("L008-hyperlink-opens-another-item", lambda t: groupbuy(t, sheet_options={"hyperlinks": {f"L{R + 1}": "https://item.jd.com/100099999999.html"}}),
     "L008", {("L008", SHEET, R + 1)}),
    ("L008-hyperlink-excel-made-from-the-text-passes", lambda t: groupbuy(t, sheet_options={"hyperlinks": {f"L{R}": f"http://item.jd.com/{A}.html/"}}),
     "L008", set()),
    ("L001-not-a-url", lambda t: groupbuy(t, _rows(**{"0": {"product_link": "见附件"}})), "L001", {("L001", SHEET, R)}),
    ("L002-search-page", lambda t: groupbuy(t, _rows(**{"0": {"product_link": "https://search.jd.com/Search?keyword=雪地靴"}})),
     "L002", {("L002", SHEET, R)}),
    ("L002-mobile-form-passes", lambda t: groupbuy(t, _rows(**{"0": {"product_link": f"https://item.m.jd.com/product/{A}.html?sid=1#none"}})),
     "L002", set()),
    ("L003-backoffice", lambda t: groupbuy(t, _rows(**{"1": {"shop_link": "https://shop.jd.com/"}})), "L003", {("L003", SHEET, R + 1)}),
    ("L003-links-txt-not-a-shop", lambda t: groupbuy(t, files={"links.txt": "# 店铺\n店铺：https://www.taobao.com/\n"}),
     "L003", {("L003", "links.txt", 2)}),
    ("L004-link-for-other-sku", lambda t: groupbuy(t, _rows(**{"1": {"product_link": f"https://item.jd.com/{A}.html"}})),
     "L004", {("L004", SHEET, R + 1)}),
    ("L005-two-shops", lambda t: groupbuy(t, _rows(**{"1": {"shop_link": SHOP2}})), "L005", {("L005", SHEET, R + 1)}),
    ("L005-same-shop-mobile-form-passes", lambda t: groupbuy(t, _rows(**{"1": {"shop_link": "https://shop.m.jd.com/?shopId=1000001"}})),
     "L005", set()),
    ("L006-short-link", lambda t: groupbuy(t, _rows(**{"0": {"product_link": "https://u.jd.com/AbCdEf"}})),
     "L006", {("L006", SHEET, R)}),
    # P — prices and times
    ("P001-equal-price", lambda t: groupbuy(t, _rows(**{"0": {"group_price": 399}})), "P001", {("P001", SHEET, R)}),
    ("P004-ends-at-22", lambda t: groupbuy(t, _rows(**{"1": {"end": dt.datetime(2026, 12, 5, 22, 0)}})), "P004", {("P004", SHEET, R + 1)}),
    ("P005-end-before-start", lambda t: groupbuy(t, _rows(**{"0": {"end": dt.datetime(2026, 12, 1, 9, 30)}})), "P005", {("P005", SHEET, R)}),
    ("P005-already-ended", lambda t: groupbuy(t, _rows(**{"0": {"start": dt.datetime(2026, 11, 10, 9, 30), "end": dt.datetime(2026, 11, 20, 9, 30), "season": "秋"}})),
     "P005", {("P005", SHEET, R)}),
    ("P006-other-platform", lambda t: groupbuy(t, _rows(**{"1": {"other_platform": "是"}})), "P006", {("P006", SHEET, R + 1)}),
    ("P007-summer-in-december", lambda t: groupbuy(t, _rows(**{"0": {"season": "夏"}})), "P007", {("P007", SHEET, R)}),
    ("P007-all-year-passes", lambda t: groupbuy(t, _rows(**{"0": {"season": "四季"}})), "P007", set()),
    ("P008-48h-normal", lambda t: groupbuy(t, _rows(**{"0": {"ship_hours": 48}})), "P008", {("P008", SHEET, R)}),
    ("P008-48h-preorder-passes", lambda t: groupbuy(t, _rows(**{"0": {"ship_hours": 48, "group_type": "预定团"}})), "P008", set()),
    ("P008-empty-type-is-normal", lambda t: groupbuy(t, _rows(**{"0": {"ship_hours": "72小时", "group_type": None}})),
     "P008", {("P008", SHEET, R)}),
    ("P009-sku-price-differs", lambda t: groupbuy(t, files={"促销截图.jpg": picture("gb_promo_wrong_price.jpg")}),
     "P009", {("P009", "促销截图.jpg", R + 1)}),
    ("P009-end-differs", lambda t: groupbuy(t, files={"促销截图.jpg": picture("gb_promo_wrong_time.jpg")}),
     "P009", {("P009", "促销截图.jpg", R)}),
    ("P009-same-times-and-prices", lambda t: groupbuy(t, files={"促销截图.jpg": picture("gb_promo_ok.jpg")}), "P009", set()),
    ("P009-one-price-no-sku-list", lambda t: groupbuy(t, files={"促销截图.jpg": picture("gb_promo_single_ok.jpg")}),
     "P009", set()),
    ("P009-nothing-readable", lambda t: groupbuy(t), "P009", {("P009", "促销截图.jpg", None)}),
    # the screenshot lists SKUs but not the third row's: a warning on that row
    ("P009-sheet-sku-not-in-sku-list", lambda t: groupbuy(t, _rows() + [gb_row("100034567892", title="红蜻蜓 短靴 RQT-2402")],
                                                          files={"促销截图.jpg": picture("gb_promo_ok.jpg")}),
     "P009", {("P009", "促销截图.jpg", R + 2)}),
    ("P009-group-price-changed-in-sheet", lambda t: groupbuy(t, _rows(**{"0": {"group_price": 289}}),
                                                             files={"促销截图.jpg": picture("gb_promo_ok.jpg")}),
     "P009", {("P009", "促销截图.jpg", R)}),
    # T — text
    ("T003-banned-word", lambda t: groupbuy(t, _rows(**{"1": {"title": "红蜻蜓 全网最低价 马丁靴 RQT-2315"}})),
     "T003", {("T003", SHEET, R + 1)}),
    ("T003-banned-word-split-by-a-zero-width-space", lambda t: groupbuy(t, _rows(**{"1": {"title": "红蜻蜓 全网\u200b最低 马丁靴 RQT-2315"}})),
     "T003", {("T003", SHEET, R + 1)}),
    ("T004-no-item-number", lambda t: groupbuy(t, _rows(**{"0": {"title": "红蜻蜓 真皮加绒保暖 雪地靴"}})), "T004", {("T004", SHEET, R)}),
    ("T004-too-long", lambda t: groupbuy(t, _rows(**{"0": {"title": "红蜻蜓 " + "保暖" * 40 + " RQT-2201"}})), "T004", {("T004", SHEET, R)}),
    ("T004-title-not-led-by-the-brand", lambda t: groupbuy(t, _rows(**{"0": {"title": "真皮加绒保暖 红蜻蜓 雪地靴 RQT-2201"}})),
     "T004", {("T004", SHEET, R)}),
    # JD writes a brand 红蜻蜓（RED DRAGONFLY）: a title led by either name of it is led by the brand
    ("T004-brand-with-its-english-name", lambda t: groupbuy(t, _rows(**{"0": {"brand": "红蜻蜓（RED DRAGONFLY）"},
                                                                        "1": {"brand": "红蜻蜓/Red Dragonfly",
                                                                              "title": "RED DRAGONFLY 牛皮系带 马丁靴 RQT-2315"}})),
     "T004", set()),
    ("T004-brand-in-brackets", lambda t: groupbuy(t, _rows(**{"0": {"title": "【红蜻蜓】真皮加绒保暖 雪地靴 RQT-2201"},
                                                              "1": {"title": "（红蜻蜓）牛皮系带 马丁靴 RQT-2315"}})),
     "T004", set()),
    # the brand typed with its last character twice: a typo the manager rejects, in brackets too
    ("T004-brand-typed-twice", lambda t: groupbuy(t, _rows(**{"0": {"title": "红蜻蜓蜓 真皮加绒保暖 雪地靴 RQT-2201"},
                                                              "1": {"title": "【红蜻蜓蜓】牛皮系带 马丁靴 RQT-2315"}})),
     "T004", {("T004", SHEET, R), ("T004", SHEET, R + 1)}),
    # a word after the brand that begins with its characters is no typo
    ("T004-brand-then-a-word-of-its-characters",
     lambda t: groupbuy(t, _rows(**{"0": {"title": "红蜻蜓蜻蜓系列 真皮加绒保暖 雪地靴 RQT-2201"},
                                    "1": {"brand": "森马", "title": "森马马丁靴 牛皮系带 马丁靴 RQT-2315"}})),
     "T004", set()),
]


@pytest.mark.parametrize(("build", "code", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_code(tmp_path, monkeypatch, build, code, expected):
    if code in PICTURE_CODES:
        vision_on(monkeypatch)
    folder = build(tmp_path)
    report = check(folder)
    assert located(report, code) == expected, [f"{f.code} {f.file}:{f.row} {f.message}" for f in report.findings]


def test_every_groupbuy_code_has_a_failing_case():
    from jdcheck.checks import registry
    from jdcheck.rulefile import load_rules

    failing = {code for _, _, code, expected in CASES if expected}
    online = {code for code, c in registry().items() if c.online}  # cases in tests/test_online.py
    assert set(load_rules("groupbuy").enabled_checks) - online <= failing


def test_unreadable_image_skips_its_other_checks(tmp_path):
    folder = groupbuy(tmp_path, files={A_JPG: lambda p: truncate(jpeg(p, (800, 800), kb=60), 20_000)})
    assert {c for c, f, _ in located(check(folder)) if f == A_JPG} == {"I001"}


def test_encrypted_workbook_from_corpus(tmp_path, corpus):
    encrypted = corpus / "sheets/nolze+msoffcrypto-tool/tests/inputs/example_password.xlsx"
    folder = groupbuy(tmp_path, files={SHEET: lambda p: shutil.copy(encrypted, p)})
    report = check(folder, lang="en")
    s001 = [f for f in report.findings if f.code == "S001"]
    assert [(f.file, f.row) for f in s001] == [(SHEET, None)]
    assert "password" in s001[0].message


def test_severity_of_warnings_and_errors(tmp_path):
    folder = groupbuy(tmp_path, _rows(**{"0": {"stock": 0}, "1": {"stock": 300}}))
    severities = {(f.row, f.severity.value) for f in check(folder).findings if f.code == "S006"}
    assert severities == {(R, "error"), (R + 1, "warning")}


def test_xls_title_rows_and_header_found(tmp_path):
    """Header below a merged title row and an instruction row (as JD templates have it)."""
    folder = groupbuy(tmp_path, title_rows=(("团购提报表",), ("模板版本: 2026.11", None, "带*为必填"), ()))
    assert located(check(folder)) == set()


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "商品名称: '红蜻蜓 全网\\u200b最低 马丁靴 RQT-2315' has invisible characters (a zero-width space or the like); "
           "read as 红蜻蜓 全网最低 马丁靴 RQT-2315."),
    ("zh", "看不见的字符（零宽空格等）"),
])
def test_s009_names_invisible_characters_inside_a_cell_and_the_value_read(tmp_path, lang, said):
    folder = groupbuy(tmp_path, _rows(**{"1": {"title": "红蜻蜓 全网\u200b最低 马丁靴 RQT-2315"}}))
    (finding,) = [f for f in check(folder, lang=lang).findings if f.code == "S009"]
    assert said in finding.message and finding.expected == "红蜻蜓 全网最低 马丁靴 RQT-2315"
    assert [f.actual for f in check(folder).findings if f.code == "T003"] == ["全网最低"]


@pytest.mark.parametrize(("brand", "lead", "doubled"), [
    ("红蜻蜓", "红蜻蜓蜓 男士皮鞋", "红蜻蜓"),
    ("红蜻蜓", "红蜻蜓蜓】男士皮鞋", "红蜻蜓"),  # 【红蜻蜓蜓】, the opener already stripped
    ("红蜻蜓", "红蜻蜓蜓2026新款", "红蜻蜓"),
    ("红蜻蜓", "红蜻蜓蜓", "红蜻蜓"),
    ("红蜻蜓（RED DRAGONFLY）", "红蜻蜓蜓（RED DRAGONFLY）男鞋", "红蜻蜓"),
    ("红蜻蜓/Red Dragonfly", "RED DRAGONFLYY 马丁靴", "Red Dragonfly"),
    ("Nike", "NIKEE 跑鞋", "Nike"),
    # words, not typos: more of the script follows the doubled character, or nothing is doubled
    ("红蜻蜓", "红蜻蜓蜻蜓系列 男士皮鞋", None),
    ("森马", "森马马丁靴", None),
    ("骆驼", "骆驼驼色雪地靴", None),
    ("Nike", "Nikees", None),
    ("K2", "K22 滑雪鞋", None),  # a doubled digit: a model number
    ("AB/ABB", "ABB 鞋", None),  # another name of the brand leads as written
    ("红蜻蜓（RED DRAGONFLY）", "红蜻蜓（RED DRAGONFLY）男鞋", None),
    ("红蜻蜓", "红蜻蜓男士皮鞋", None),
    ("红蜻蜓", "雪地靴", None),
])
def test_a_brand_typed_twice_is_told_from_words_that_begin_with_its_characters(brand, lead, doubled):
    from jdcheck.checks.text import _doubled_name
    from jdcheck.values import brand_names

    assert _doubled_name(lead, brand_names(brand)) == doubled


@pytest.mark.parametrize(("lang", "message", "fix"), [
    ("zh", "标题开头的品牌写成了 红蜻蜓蜓，多打了一个字：品牌是 红蜻蜓。", "把标题开头的 红蜻蜓蜓 改为 红蜻蜓。"),
    ("en", "The title starts with 红蜻蜓蜓: the brand 红蜻蜓 with a character typed twice.",
     "Change 红蜻蜓蜓 at the start of the title to 红蜻蜓."),
])
def test_a_brand_typed_twice_says_so(tmp_path, lang, message, fix):
    folder = groupbuy(tmp_path, _rows(**{"0": {"title": "【红蜻蜓蜓】真皮加绒保暖 雪地靴 RQT-2201"}}))
    (finding,) = [f for f in check(folder, lang=lang).findings if f.code == "T004"]
    assert (finding.row, finding.message, finding.fix, finding.expected) == (R, message, fix, "红蜻蜓")


def test_overlapping_banned_words_are_one_finding(tmp_path):
    folder = groupbuy(tmp_path, _rows(**{"1": {"title": "红蜻蜓 全网最低价 秒杀 马丁靴 RQT-2315"}}))
    words = sorted(f.actual for f in check(folder).findings if f.code == "T003")
    assert words == ["全网最低", "秒杀"]


# ── issue 10: the sheet as operators really make it ─────────────────────────────────────────


def test_special_rows_get_one_finding_and_nothing_else(tmp_path):
    """An example row copied from the template and a 合计 row: one S014 each, nothing else on
    them, and no cross-material finding (M105, L005, P003 …) from them."""
    folder = groupbuy(tmp_path, [EXAMPLE, *_rows(), TOTAL])
    assert located(check(folder)) == {("S014", SHEET, R), ("S014", SHEET, R + 3)}


def test_merged_brand_is_one_S013_and_nothing_else(tmp_path):
    folder = groupbuy(tmp_path, MERGED_BRAND, sheet_options={"merges": [f"C{R}:C{R + 1}"]})
    report = check(folder, lang="en")
    assert located(report) == {("S013", SHEET, R)}
    (finding,) = report.findings
    assert finding.column == "品牌" and finding.actual == f"C{R}:C{R + 1}"


def test_formula_without_value_is_S012_only_with_the_header_name(tmp_path):
    report = check(groupbuy(tmp_path, _rows(**{"1": {"stock": "=500*2"}})))
    assert [(f.code, f.row, f.column) for f in report.findings] == [("S012", R + 1, "库存")]


def test_fullwidth_header_says_so(tmp_path):
    report = check(groupbuy(tmp_path, header=["ＳＫＵ编码*"] + HEADER[1:]), lang="en")
    (finding,) = report.findings
    assert (finding.code, finding.column, finding.actual) == ("S002", "SKU编码", "ＳＫＵ编码*")
    assert "full-width" in finding.message


def test_swapped_columns_name_the_order_found(tmp_path):
    report = check(groupbuy(tmp_path, keys=KEYS[:3] + (KEYS[4], KEYS[3]) + KEYS[5:]), lang="en")
    s002 = [f for f in report.findings if f.code == "S002"]
    assert [(f.expected, f.actual) for f in s002] == [("京东价、团购价", "团购价、京东价")]


def test_date_without_year_gives_the_full_form(tmp_path):
    report = check(groupbuy(tmp_path, _rows(**{"0": {"start": "12月2日 9:30"}})), lang="en")
    (finding,) = [f for f in report.findings if f.code == "S005"]
    assert finding.expected == "2026-12-02 09:30" and "no year" in finding.message


def test_hyperlink_differs_reports_both(tmp_path):
    other = "https://item.jd.com/100099999999.html"
    report = check(groupbuy(tmp_path, sheet_options={"hyperlinks": {f"L{R}": other}}))
    assert [(f.code, f.row, f.column, f.expected, f.actual) for f in report.findings] == [
        ("L008", R, "商品链接", f"https://item.jd.com/{A}.html", other)]


def test_sheet_chosen_by_header_and_named(tmp_path):
    """填表说明 first and active, an empty Sheet1, the data on the third tab: the data sheet is
    checked, and the report names it because two sheets have content."""
    folder = groupbuy(tmp_path, _rows(**{"1": {"jd_price": None}}),
                      sheet_options={"sheets_before": INSTRUCTIONS_SHEET, "active": 0, "sheet_name": "团购提报"})
    report = check(folder)
    assert located(report) == {("S004", SHEET, R + 1)}
    assert [f.sheet for f in report.findings] == ["团购提报"]
    assert report.to_dict()["findings"][0]["sheet"] == "团购提报"


def test_one_sheet_with_content_is_not_named(tmp_path):
    report = check(groupbuy(tmp_path, _rows(**{"1": {"jd_price": None}}), sheet_options={"extra_sheets": {"Sheet2": []}}))
    assert [f.sheet for f in report.findings] == [None]


def test_annotation_sheet_is_never_the_data_sheet(tmp_path):
    """An annotated copy whose summary sheet comes first and is active: M107, and the data sheet
    is still the one checked."""
    folder = groupbuy(tmp_path, sheet_options={"sheets_before": {"jdcheck": [["代码", "级别", "文件"], ["S004", "error", SHEET]]},
                                               "active": 0})
    assert located(check(folder)) == {("M107", SHEET, None)}


def test_hidden_copy_does_not_win_over_the_visible_sheet(tmp_path):
    folder = groupbuy(tmp_path, _rows(**{"1": {"jd_price": None}}), sheet_options={
        "sheets_before": {"备份": [HEADER, list(gb_row(A).values())]}, "sheet_states": {"备份": "hidden"}})
    report = check(folder)
    assert ("S004", SHEET, R + 1) in located(report)


def test_no_header_in_any_sheet_names_the_sheets(tmp_path):
    folder = groupbuy(tmp_path, header=["a", "b", "c"] + [None] * 11,
                      sheet_options={"sheets_before": INSTRUCTIONS_SHEET, "active": 0, "sheet_name": "团购提报"})
    report = check(folder, lang="en")
    (s002,) = [f for f in report.findings if f.code == "S002"]
    assert (s002.file, s002.row, s002.actual) == (SHEET, None, "填表说明、Sheet1、团购提报")


def test_merged_value_needing_cleaning_is_reported_once(tmp_path):
    """A merged 京东价 `¥399` over two rows: S013 once, S009 on the merge's own cell only, and
    P001 still compares row 2's 团购价 with the 京东价 the operator sees."""
    rows = [gb_row(A, jd_price="¥399"), gb_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", jd_price=None, group_price=499)]
    folder = groupbuy(tmp_path, rows, sheet_options={"merges": [f"D{R}:D{R + 1}"]})
    assert located(check(folder)) == {("S013", SHEET, R), ("S009", SHEET, R), ("P001", SHEET, R + 1)}


@pytest.mark.parametrize(("name", "message", "fix"), [
    (f"{A} .jpg", f"The file name has a space before its extension or at its start ({A} .jpg)",
     f"Rename it to {A}.jpg (without the space)."),
    ("微信图片_20261127103015.jpg", "微信图片_20261127103015.jpg is the name WeChat gives a picture it saves",
     "If it is a slot image, name it after its SKU"),
    ("mmexport1732681234567.jpg", "is the name WeChat gives", "If it is a slot image"),
    ("IMG_20261127_103015.jpg", "is the name a phone camera gives", "If it is a slot image"),
])
def test_m104_says_why_the_name_does_not_match(tmp_path, name, message, fix):
    folder = groupbuy(tmp_path, files={name: lambda p: jpeg(p, kb=40)})
    (finding,) = [f for f in check(folder, lang="en").findings if f.code == "M104"]
    assert (finding.file, message in finding.message, finding.fix.startswith(fix)) == (name, True, True)


def test_a_hidden_template_column_is_named_without_its_star_and_asked_to_be_shown(tmp_path):
    """商品名称* hidden by mistake: S011 names 商品名称 and says to unhide it (not 'delete what
    should not be sent', the advice for a hidden column of one's own)."""
    folder = groupbuy(tmp_path, sheet_options={"hidden_cols": [2]})
    (finding,) = [f for f in check(folder, lang="en").findings if f.code == "S011"]
    assert (finding.file, finding.row, finding.column) == (SHEET, None, "商品名称")
    assert finding.message == "The template's column 商品名称 is hidden: the manager does not see it when opening the sheet."
    assert finding.fix.startswith("Unhide the column 商品名称")


@pytest.mark.parametrize(("lang", "message"), [
    ("zh", "图片不完整（复制或下载中断）：JPEG 文件缺少结束标记（EOI）。"),
    ("en", "The image is cut off (an incomplete copy or download): JPEG ends without EOI marker."),
])
def test_a_readers_fixed_phrase_is_in_the_reports_language(tmp_path, lang, message):
    folder = groupbuy(tmp_path, files={A_JPG: lambda p: truncate(jpeg(p, kb=40), 9000)})
    (finding,) = [f for f in check(folder, lang=lang).findings if f.code == "I001"]
    assert finding.message == message
