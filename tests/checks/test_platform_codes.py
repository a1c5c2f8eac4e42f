"""One table per rule code of the platform type (服装城/平台活动): slot images per the rule file
(800×800, JPEG/PNG, under 300 KB, named by SKU), the shop link from links.txt or a .url shortcut,
the optional sheet and the optional shop decoration page. The valid folder has no finding."""

from __future__ import annotations

import pytest

from jdcheck.rulefile import load_rules
from tests.folders import FIRST_DATA_ROW as R, check, located
from tests.image_builders import gif, jpeg, png, truncate
from tests.vision_pictures import LOGO, PICTURE_CODES, picture, vision_on
from tests.type_folders import PLATFORM_SHEET as SHEET, SHOP, SKUS, decoration, image, pf_row, platform

A, B = SKUS
A_JPG, B_JPG = f"{A}.jpg", f"{B}.jpg"
PAGE = "店铺装修.html"
ITEM = f"https://item.jd.com/{A}.html"
URL_SHORTCUT = f"[InternetShortcut]\r\nURL={SHOP}\r\nIconIndex=0\r\n"


def rows(**changes):
    first = {"sku": A, **changes.get("0", {})}
    second = {"sku": B, "title": "红蜻蜓 牛皮系带 马丁靴 RQT-2315", **changes.get("1", {})}
    return [pf_row(**first), pf_row(**second)]


def test_valid_folder_has_no_finding(tmp_path):
    report = check(platform(tmp_path), "platform")
    assert report.findings == [] and report.passed


def test_images_and_url_shortcut_only(tmp_path):
    """The sheet and the page are optional; a Windows .url shortcut is a shop link."""
    folder = platform(tmp_path, sheet=None, files={"links.txt": None, "店铺首页.url": URL_SHORTCUT})
    assert check(folder, "platform").findings == []


def test_valid_decoration_page(tmp_path):
    page = decoration(f'<a href="{ITEM}" target="_BLANK">靴</a>', f'<a href="{SHOP}">店铺首页</a>',
                      '<a href="#top">回到顶部</a>', '<a href="javascript:void(0)">切换</a>', charset="gbk")
    assert check(platform(tmp_path, files={PAGE: page}), "platform").findings == []


CASES = [
    ("M101-no-slot-image", lambda t: platform(t, slot_images=False, sheet=None), "M101", {("M101", None, None)}),
    ("M101-no-shop-link", lambda t: platform(t, files={"links.txt": None}), "M101", {("M101", None, None)}),
    ("M101-shop-link-from-url-shortcut", lambda t: platform(t, files={"links.txt": None, "店铺.url": URL_SHORTCUT}), "M101", set()),
    ("M102-two-sheets", lambda t: platform(t, files={"平台活动提报(1).xlsx": b"x"}), "M102",
     {("M102", SHEET, None), ("M102", "平台活动提报(1).xlsx", None)}),
    ("M103-stray-zip", lambda t: platform(t, files={"图片.zip": b"PK\x03\x04"}), "M103", {("M103", "图片.zip", None)}),
    ("M104-not-named-by-sku", lambda t: platform(t, files={"主图1.jpg": image((800, 800))}), "M104", {("M104", "主图1.jpg", None)}),
    ("M105-row-without-image", lambda t: platform(t, files={B_JPG: None}), "M105", {("M105", SHEET, R + 1)}),
    ("M105-image-without-row", lambda t: platform(t, files={"100099999999_1.jpg": image((800, 800))}), "M105",
     {("M105", "100099999999_1.jpg", None)}),
    ("M105-no-sheet-passes", lambda t: platform(t, sheet=None), "M105", set()),
    ("I001-truncated", lambda t: platform(t, files={A_JPG: lambda p: truncate(jpeg(p, (800, 800), kb=100), 5000)}), "I001", {("I001", A_JPG, None)}),
    ("I002-groupbuy-size", lambda t: platform(t, files={A_JPG: image((440, 293))}), "I002", {("I002", A_JPG, None)}),
    ("I003-300-KiB", lambda t: platform(t, files={A_JPG: lambda p: jpeg(p, (800, 800), kb=300)}), "I003", {("I003", A_JPG, None)}),
    ("I003-one-byte-under-passes", lambda t: platform(t, files={A_JPG: lambda p: jpeg(p, (800, 800), kb=307_199 / 1024)}), "I003", set()),
    ("I004-300000-bytes", lambda t: platform(t, files={A_JPG: lambda p: jpeg(p, (800, 800), kb=300_000 / 1024)}), "I004", {("I004", A_JPG, None)}),
    ("I005-gif", lambda t: platform(t, files={A_JPG: None, f"{A}.gif": lambda p: gif(p, (80, 80))}), "I005", {("I005", f"{A}.gif", None)}),
    ("I005-png-passes", lambda t: platform(t, files={A_JPG: None, f"{A}.png": lambda p: png(p, (80, 80))}), "I005", set()),
    ("I006-cmyk", lambda t: platform(t, files={A_JPG: lambda p: jpeg(p, (800, 800), mode="CMYK")}), "I006", {("I006", A_JPG, None)}),
    ("I007-orientation", lambda t: platform(t, files={A_JPG: lambda p: jpeg(p, (800, 800), orientation=6)}), "I007", {("I007", A_JPG, None)}),
    ("I008-animated", lambda t: platform(t, files={A_JPG: None, f"{A}.gif": lambda p: gif(p, (80, 80), frames=2)}), "I008", {("I008", f"{A}.gif", None)}),
    ("S001-garbage", lambda t: platform(t, files={SHEET: b"\x00garbage" * 40}), "S001", {("S001", SHEET, None)}),
    ("S002-missing-column", lambda t: platform(t, keys=["sku", "title", "price", "stock", "product_link"]), "S002", {("S002", SHEET, R - 1)}),
    ("S003-old-template", lambda t: platform(t, title_rows=(("平台活动提报",), ("模板版本: 2025.06",))), "S003", {("S003", SHEET, None)}),
    ("S004-empty-price", lambda t: platform(t, rows(**{"0": {"price": None}})), "S004", {("S004", SHEET, R)}),
    ("S004-empty-sold-out-optional", lambda t: platform(t, rows(**{"0": {"sold_out": None}})), "S004", set()),
    ("S005-sold-out-not-yes-no", lambda t: platform(t, rows(**{"1": {"sold_out": "售罄"}})), "S005", {("S005", SHEET, R + 1)}),
    ("S006-sold-out-not-marked", lambda t: platform(t, rows(**{"1": {"stock": 0}})), "S006", {("S006", SHEET, R + 1)}),
    ("S006-sold-out-empty-mark-is-no", lambda t: platform(t, rows(**{"1": {"stock": 0, "sold_out": None}})), "S006", {("S006", SHEET, R + 1)}),
    ("S006-sold-out-marked-passes", lambda t: platform(t, rows(**{"1": {"stock": 0, "sold_out": "是"}})), "S006", set()),
    ("S007-too-short", lambda t: platform(t, rows(**{"0": {"sku": "12345"}}), files={A_JPG: None}), "S007", {("S007", SHEET, R)}),
    ("S008-duplicate", lambda t: platform(t, [pf_row(A), pf_row(B), pf_row(B)]), "S008", {("S008", SHEET, R + 2)}),
    ("S009-currency", lambda t: platform(t, rows(**{"0": {"price": "299元"}})), "S009", {("S009", SHEET, R)}),
    ("S010-no-rows", lambda t: platform(t, [], slot_images=False, files={"100012043978.jpg": None}), "S010", {("S010", SHEET, R - 1)}),
    ("S011-hidden-sheet", lambda t: platform(t, sheet_options={"extra_sheets": {"成本": [["SKU", "成本"], [A, 99]]},
                                                             "sheet_states": {"成本": "hidden"}}), "S011", {("S011", SHEET, None)}),
    ("S012-formula", lambda t: platform(t, rows(**{"0": {"price": "=199+100"}})), "S012", {("S012", SHEET, R)}),
    ("S013-title-merged-over-two-rows", lambda t: platform(t, rows(**{"1": {"title": None}}), sheet_options={"merges": [f"B{R}:B{R + 1}"]}),
     "S013", {("S013", SHEET, R)}),
    ("S014-total-row", lambda t: platform(t, [*rows(), {"sku": "合计", "stock": 1000}]), "S014", {("S014", SHEET, R + 2)}),
    ("M107-annotated-copy-comments", lambda t: platform(t, sheet_options={"comments": {f"C{R}": "S006 价格超出范围"}}),
     "M107", {("M107", SHEET, None)}),
    ("L008-hyperlink-differs", lambda t: platform(t, sheet_options={"hyperlinks": {f"F{R}": "https://item.jd.com/100099999999.html"}}),
     "L008", {("L008", SHEET, R)}),
    ("L001-not-a-url", lambda t: platform(t, files={"links.txt": "店铺：见附件\n"}), "L001", {("L001", "links.txt", 1)}),
    ("L002-product-link-column", lambda t: platform(t, rows(**{"0": {"product_link": SHOP}})), "L002", {("L002", SHEET, R)}),
    ("L003-backoffice", lambda t: platform(t, files={"links.txt": "店铺：https://shop.jd.com/\n"}), "L003", {("L003", "links.txt", 1)}),
    ("L003-url-shortcut-to-taobao", lambda t: platform(t, files={"店铺.url": "[InternetShortcut]\nURL=https://shop123.taobao.com/\n"}),
     "L003", {("L003", "店铺.url", None)}),
    ("L003-unlabelled-line-search-page", lambda t: platform(t, files={"links.txt": f"{SHOP}\nhttps://search.jd.com/Search?keyword=靴\n"}),
     "L003", {("L003", "links.txt", 2)}),
    ("L003-shop-subdomain-passes", lambda t: platform(t, files={"links.txt": "店铺：https://redqingting.jd.com/\n"}), "L003", set()),
    ("L004-other-sku", lambda t: platform(t, rows(**{"1": {"product_link": ITEM}})), "L004", {("L004", SHEET, R + 1)}),
    ("L005-two-shops", lambda t: platform(t, files={"店铺.url": "[InternetShortcut]\nURL=https://mall.jd.com/index-2000002.html\n"}),
     "L005", {("L005", "店铺.url", None)}),
    ("L006-short", lambda t: platform(t, files={"links.txt": f"店铺：{SHOP}\n活动：https://u.jd.com/xyz\n"}), "L006", {("L006", "links.txt", 2)}),
    ("T003-banned-title", lambda t: platform(t, rows(**{"0": {"title": "红蜻蜓 自营 雪地靴 RQT-2201"}})), "T003", {("T003", SHEET, R)}),
    ("H001-no-target", lambda t: platform(t, files={PAGE: decoration(f'<a href="{ITEM}">靴</a>')}), "H001", {("H001", PAGE, 4)}),
    ("H001-target-self", lambda t: platform(t, files={PAGE: decoration("<p>新品</p>", f'<a href="{ITEM}" target="_self">靴</a>')}),
     "H001", {("H001", PAGE, 5)}),
    ("H001-base-target-blank-passes", lambda t: platform(t, files={PAGE: decoration('<base target="_blank">', f'<a href="{ITEM}">靴</a>')}),
     "H001", set()),
    ("H001-image-map-area", lambda t: platform(t, files={PAGE: decoration(f'<map><area href="{ITEM}" alt="靴"></map>')}), "H001", {("H001", PAGE, 4)}),
    ("H002-taobao", lambda t: platform(t, files={PAGE: decoration('<a href="https://www.taobao.com/" target="_blank">淘宝</a>')}),
     "H002", {("H002", PAGE, 4)}),
    ("H002-relative-without-page-address", lambda t: platform(t, files={PAGE: decoration(
        '<a href="/list.html" target="_blank">列表</a>', '<a href="https://search.jd.com/Search?keyword=靴" target="_blank">搜</a>')}),
     "H002", {("H002", PAGE, 4)}),
    ("H002-look-alike-host", lambda t: platform(t, files={PAGE: decoration('<a href="https://jd.com.evil.cn/" target="_blank">x</a>',
                                                                         '<a href="https://evil-jd.com/" target="_blank">y</a>')}),
     "H002", {("H002", PAGE, 4), ("H002", PAGE, 5)}),
    ("H003-page-price", lambda t: platform(t, files={PAGE: decoration(f'<li><a href="{ITEM}" target="_blank">靴</a> ¥199</li>')}),
     "H003", {("H003", PAGE, 4)}),
    ("H004-sold-out-not-marked", lambda t: platform(t, rows(**{"0": {"stock": 0, "sold_out": "是"}}),
                                                    files={PAGE: decoration(f'<li><a href="{ITEM}" target="_blank">靴</a></li>')}),
     "H004", {("H004", PAGE, 4)}),
    ("H002-unreadable-page", lambda t: platform(t, files={PAGE: b"\x00\x01\x02binary"}), "H002", {("H002", PAGE, None)}),
    # I009/I010 (jdcheck[vision]): 800×800 photos with the logo and text drawn on (tests/vision_fixtures)
    ("I009-no-logo", lambda t: platform(t, files={A_JPG: picture("slot_800_plain.jpg"), f"{B}.jpg": picture("slot_800_logo_tl.jpg")}),
     "I009", {("I009", A_JPG, None)}),
    ("I010-selling-points", lambda t: platform(t, files={A_JPG: picture("slot_800_points_logo.jpg"),
                                                         f"{B}.jpg": picture("slot_800_logo_tl.jpg")}),
     "I010", {("I010", A_JPG, None)}),
]


@pytest.mark.parametrize(("build", "code", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_code(tmp_path, monkeypatch, build, code, expected):
    if code in PICTURE_CODES:
        vision_on(monkeypatch)
    # platform sheets have no 品牌: I009 needs the logo file (--logo / `logo:` in jdcheck.yaml)
    report = check(build(tmp_path), "platform", **({"logo": LOGO} if code == "I009" else {}))
    assert located(report, code) == expected, [f"{f.code} {f.file}:{f.row} {f.message}" for f in report.findings]


def test_every_platform_code_has_a_failing_case():
    from jdcheck.checks import registry

    failing = {code for _, _, code, expected in CASES if expected}
    online = {code for code, c in registry().items() if c.online}  # cases in tests/test_online.py
    assert set(load_rules("platform").enabled_checks) - online <= failing


def test_unreadable_page_is_an_error_that_names_the_reason(tmp_path):
    report = check(platform(tmp_path, files={PAGE: b""}), "platform", lang="en")
    (finding,) = [f for f in report.findings if f.file == PAGE]
    assert finding.code == "H002" and finding.severity.value == "error" and "empty" in finding.message


def test_allowed_hosts_from_the_rule_file(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: platform\nchecks:\n  H002: {allowed_hosts: [coupon.jd.com]}\n", encoding="utf-8")
    from jdcheck.engine import Options, run
    from tests.folders import TODAY

    folder = platform(tmp_path, files={PAGE: decoration('<a href="https://coupon.jd.com/x" target="_blank">券</a>')})
    assert located(run(load_rules(rules), folder, Options(today=TODAY)), "H002") == set()


# ---------------------------------------------------------------------------------------------
# A links file named otherwise than links.txt (newcomer report 6, item 17): only links.txt is read
# (SPEC §2), so M101 and M103 ask for the rename instead of only saying the link is missing.

SHOP_LINE_GBK = f"店铺：{SHOP}\r\n".encode("gbk")

# (id, files, {(code, file, expected, actual)} of the M findings)
LINKS_NAMES = [
    ("shop-links-txt-alone", {"links.txt": None, "店铺链接.txt": SHOP_LINE_GBK},
     {("M101", None, "links.txt", "店铺链接.txt"), ("M103", "店铺链接.txt", "links.txt", "店铺链接.txt")}),
    ("beside-links-txt", {"链接.txt": f"{SHOP}\n"}, {("M103", "链接.txt", "links.txt", "链接.txt")}),
    ("a-note-without-links", {"links.txt": None, "备注.txt": "明天发货，谢谢\n".encode("gbk")},
     {("M101", None, None, None), ("M103", "备注.txt", None, None)}),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in LINKS_NAMES], ids=[c[0] for c in LINKS_NAMES])
def test_a_misnamed_links_file_is_named_for_the_rename(tmp_path, files, expected):
    report = check(platform(tmp_path, files=files), "platform")
    assert {(f.code, f.file, f.expected, f.actual) for f in report.findings} == expected


def test_the_rename_is_said_in_both_languages(tmp_path):
    folder = platform(tmp_path, files={"links.txt": None, "店铺链接.txt": SHOP_LINE_GBK})
    said = {lang: {f.code: (f.message, f.fix) for f in check(folder, "platform", lang=lang).findings} for lang in ("zh", "en")}
    assert said["zh"]["M101"] == (
        "找不到店铺链接：表格、links.txt 和 .url 快捷方式中都没有；店铺链接.txt 里有链接，但只有名为 links.txt 的链接文件才会被读取。",
        "把 店铺链接.txt 改名为 links.txt。")
    assert said["en"]["M103"] == (
        "This file holds links, but only a links file named links.txt is read: its links were not checked.",
        "Rename it links.txt (when the folder already has links.txt, move its links there).")
