"""One table per rule code of the homepage type (首页单品): each case breaks one thing in a valid
folder and names exactly the (code, file, row) findings of that code. The valid folder (no finding
at all) is the passing case of every code; some codes have explicit passing edge cases too."""

from __future__ import annotations

import datetime as dt

import pytest

from jdcheck.rulefile import load_rules
from tests.folders import FIRST_DATA_ROW as R, check, located
from tests.image_builders import jpeg, png, truncate
from tests.vision_pictures import PICTURE_CODES, picture, vision_on
from tests.type_folders import HOMEPAGE_COLUMNS, HOMEPAGE_SHEET as SHEET, SKUS, homepage, hp_row

A, B = SKUS
KEYS = [key for key, _ in HOMEPAGE_COLUMNS]
HEADER = [name for _, name in HOMEPAGE_COLUMNS]
TOMORROW = dt.datetime(2026, 11, 26, 10, 0)


def one(**values):
    values.setdefault("sku", A)
    return [hp_row(**values)]


def test_valid_folder_has_no_finding(tmp_path):
    report = check(homepage(tmp_path), "homepage")
    assert report.findings == [] and report.passed


def test_valid_folder_as_csv_text_dates(tmp_path):
    rows = one(start="2026/12/2 10:00", end="2026年12月3日 10:00", promo_start="2026-12-02 10:00",
               promo_end="2026.12.3 10:00", price="￥299", size=37)
    folder = homepage(tmp_path, rows, sheet="首页单品提报.csv", sheet_options={"encoding": "gbk"})
    report = check(folder, "homepage")
    assert located(report) == {("S009", "首页单品提报.csv", 2)}  # only the ￥ sign; times read and equal
    assert report.passed


CASES = [
    ("M101-no-style-screenshot", lambda t: homepage(t, files={"款式截图.jpg": None}), "M101", {("M101", None, None)}),
    ("M101-no-spreadsheet", lambda t: homepage(t, sheet=None), "M101", {("M101", None, None)}),
    ("M102-two-sheets", lambda t: homepage(t, files={"首页单品提报(1).csv": "x"}), "M102",
     {("M102", SHEET, None), ("M102", "首页单品提报(1).csv", None)}),
    ("M103-slot-image-is-stray", lambda t: homepage(t, files={f"{A}.jpg": lambda p: jpeg(p)}), "M103", {("M103", f"{A}.jpg", None)}),
    ("M104-xlsx-named-xls", lambda t: homepage(t, sheet="首页单品提报.xls"), "M104", {("M104", "首页单品提报.xls", None)}),
    # style screenshots named per SKU, the rule compose sends by (materials.pictures_of_row)
    ("M105-style-screenshot-of-its-row", lambda t: homepage(t, files={"款式截图.jpg": None, f"款式截图 {A}.jpg": jpeg}),
     "M105", set()),
    ("M105-style-screenshot-of-another-row", lambda t: homepage(t, files={"款式截图.jpg": None, f"{B}_款式截图.jpg": jpeg}),
     "M105", {("M105", SHEET, R), ("M105", f"{B}_款式截图.jpg", None)}),
    ("M106-starts-tomorrow-no-promo", lambda t: homepage(t, one(start=TOMORROW, promo_start=TOMORROW), files={"促销截图.jpg": None}),
     "M106", {("M106", SHEET, R)}),
    ("M106-starts-in-a-week-passes", lambda t: homepage(t, files={"促销截图.jpg": None}), "M106", set()),
    ("I001-truncated-screenshot", lambda t: homepage(t, files={"款式截图.jpg": lambda p: truncate(jpeg(p, (150, 200)), 1000)}),
     "I001", {("I001", "款式截图.jpg", None)}),
    ("I005-png-named-jpg", lambda t: homepage(t, files={"款式截图.jpg": lambda p: png(p)}), "I005", {("I005", "款式截图.jpg", None)}),
    ("I006-cmyk", lambda t: homepage(t, files={"款式截图.jpg": lambda p: jpeg(p, mode="CMYK")}), "I006", {("I006", "款式截图.jpg", None)}),
    ("S001-garbage", lambda t: homepage(t, files={SHEET: b"\x00garbage" * 40}), "S001", {("S001", SHEET, None)}),
    ("S002-groupbuy-header", lambda t: homepage(t, header=["SKU编码", "商品名称", "尺码", "首页显示名称", "广告语", "京东价", "团购价"] + HEADER[7:]),
     "S002", {("S002", SHEET, R - 1)}),
    ("S003-old-template", lambda t: homepage(t, title_rows=(("首页单品提报表",), ("模板版本: 2025.06",))), "S003", {("S003", SHEET, None)}),
    ("S003-current-template-passes", lambda t: homepage(t, title_rows=(("首页单品提报表",), ("模板版本：2026.11",))), "S003", set()),
    ("S004-empty-display-name", lambda t: homepage(t, one(display_name=None)), "S004", {("S004", SHEET, R)}),
    ("S004-empty-slogan-is-T002", lambda t: homepage(t, one(slogan=None)), "S004", set()),
    ("S004-empty-size-optional", lambda t: homepage(t, one(size=None)), "S004", set()),
    ("S005-text-price", lambda t: homepage(t, one(price="待定")), "S005", {("S005", SHEET, R)}),
    ("S006-zero-stock-of-other-size", lambda t: homepage(t, one(size=None, stock=0)), "S006", {("S006", SHEET, R)}),
    ("S006-zero-stock-key-size-is-V002", lambda t: homepage(t, one(stock=0)), "S006", set()),
    ("S007-scientific", lambda t: homepage(t, one(sku="1.00012E+11")), "S007", {("S007", SHEET, R)}),
    ("S008-duplicate", lambda t: homepage(t, [hp_row(A), hp_row(A)]), "S008", {("S008", SHEET, R + 1)}),
    ("S009-fullwidth", lambda t: homepage(t, one(stock="５００")), "S009", {("S009", SHEET, R)}),
    ("S010-no-rows", lambda t: homepage(t, []), "S010", {("S010", SHEET, R - 1)}),
    ("S011-hidden-row", lambda t: homepage(t, [hp_row(A), hp_row(B)], sheet_options={"hidden_rows": [R + 1]}),
     "S011", {("S011", SHEET, R + 1)}),
    ("S012-formula", lambda t: homepage(t, one(stock="=250*2")), "S012", {("S012", SHEET, R)}),
    ("S013-title-merged-into-size", lambda t: homepage(t, one(size=None), sheet_options={"merges": [f"B{R}:C{R}"]}),
     "S013", {("S013", SHEET, R)}),
    ("S014-example-row", lambda t: homepage(t, [hp_row("示例"), *one()]), "S014", {("S014", SHEET, R)}),
    ("M107-annotated-copy", lambda t: homepage(t, sheet_options={"extra_sheets": {"jdcheck": [["代码"]]}}),
     "M107", {("M107", SHEET, None)}),
    ("L008-hyperlink-differs", lambda t: homepage(t, sheet_options={"hyperlinks": {f"M{R}": "https://item.jd.com/100099999999.html"}}),
     "L008", {("L008", SHEET, R)}),
    ("V001-size-with-mm-is-the-key-size", lambda t: homepage(t, one(size="37/235")), "V001", set()),
    ("V001-eu-size-is-the-key-size", lambda t: homepage(t, one(size="EU37")), "V001", set()),
    # a one-size item comes in no other size: no key size to choose
    ("V001-one-size-均码", lambda t: homepage(t, one(size="均码")), "V001", set()),
    ("V001-one-size-free-size", lambda t: homepage(t, one(size="Free Size")), "V001", set()),
    ("L001-not-a-url", lambda t: homepage(t, one(product_link="见款式截图")), "L001", {("L001", SHEET, R)}),
    ("L002-shop-link-as-product", lambda t: homepage(t, one(product_link="https://mall.jd.com/index-1000001.html")),
     "L002", {("L002", SHEET, R)}),
    ("L004-other-sku", lambda t: homepage(t, one(product_link=f"https://item.jd.com/{B}.html")), "L004", {("L004", SHEET, R)}),
    ("L006-short", lambda t: homepage(t, one(product_link="https://3.cn/abc")), "L006", {("L006", SHEET, R)}),
    ("P001-activity-above-jd", lambda t: homepage(t, one(price=429)), "P001", {("P001", SHEET, R)}),
    ("P001-equal-passes", lambda t: homepage(t, one(price=399)), "P001", set()),
    ("P002-exactly-149", lambda t: homepage(t, one(price=149)), "P002", {("P002", SHEET, R)}),
    ("P002-149.01-passes", lambda t: homepage(t, one(price="149.01")), "P002", set()),
    ("P003-promotion-starts-earlier", lambda t: homepage(t, one(promo_start=dt.datetime(2026, 12, 2, 0, 0))), "P003", {("P003", SHEET, R)}),
    ("P003-promotion-ends-later", lambda t: homepage(t, one(promo_end=dt.datetime(2026, 12, 4, 10, 0))), "P003", {("P003", SHEET, R)}),
    ("P005-end-before-start", lambda t: homepage(t, one(end=dt.datetime(2026, 12, 1), promo_end=dt.datetime(2026, 12, 1))),
     "P005", {("P005", SHEET, R)}),
    ("P005-ended", lambda t: homepage(t, one(start=dt.datetime(2026, 11, 1), end=dt.datetime(2026, 11, 2),
                                             promo_start=dt.datetime(2026, 11, 1), promo_end=dt.datetime(2026, 11, 2))),
     "P005", {("P005", SHEET, R)}),
    ("T001-plain-title-piece", lambda t: homepage(t, one(display_name="雪地靴")), "T001", {("T001", SHEET, R)}),
    ("T001-title-pieces-run-together", lambda t: homepage(t, one(display_name="红蜻蜓雪地靴")), "T001", {("T001", SHEET, R)}),
    ("T001-whole-title", lambda t: homepage(t, one(display_name="红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201")), "T001", {("T001", SHEET, R)}),
    ("T001-promotional-phrase-passes", lambda t: homepage(t, one(display_name="限时特惠 雪地靴")), "T001", set()),
    ("T002-empty-slogan", lambda t: homepage(t, one(slogan=None)), "T002", {("T002", SHEET, R)}),
    ("T002-spaces-only-slogan", lambda t: homepage(t, one(slogan="  ")), "T002", {("T002", SHEET, R)}),
    ("T003-banned-in-display-name", lambda t: homepage(t, one(display_name="全网最低价 仅此一天")), "T003", {("T003", SHEET, R)}),
    ("T003-banned-in-slogan", lambda t: homepage(t, one(slogan="官方旗舰 秒杀")), "T003", {("T003", SHEET, R)}),
    ("V001-size-38", lambda t: homepage(t, one(size="38")), "V001", {("V001", SHEET, R)}),
    ("V001-37码-and-number-pass", lambda t: homepage(t, [hp_row(A, size="37码"), hp_row(B, size=37.0)]), "V001", set()),
    ("V002-key-size-no-stock", lambda t: homepage(t, one(stock=0)), "V002", {("V002", SHEET, R)}),
    ("V002-other-size-no-stock-is-not-V002", lambda t: homepage(t, one(size="38", stock=0)), "V002", set()),
    # P009 (jdcheck[vision]): a promotion-settings page rendered at 18 px (tests/vision_fixtures)
    ("P009-promotion-price-differs", lambda t: homepage(t, files={"促销截图.jpg": picture("hp_promo_wrong_price.jpg")}),
     "P009", {("P009", "促销截图.jpg", R)}),
    ("P009-same-passes", lambda t: homepage(t, files={"促销截图.jpg": picture("hp_promo_ok.jpg")}), "P009", set()),
    ("P009-promo-time-differs", lambda t: homepage(t, [hp_row(A, promo_end=dt.datetime(2026, 12, 3, 12, 0))],
                                                   files={"促销截图.jpg": picture("hp_promo_ok.jpg")}),
     "P009", {("P009", "促销截图.jpg", R)}),
    # a label/value page whose 商品 line carries （SKU：…）: the 促销价 line is that SKU's price
    ("P009-labels-page-with-sku-price-differs",
     lambda t: homepage(t, files={"促销截图.png": picture("hp_promo_labels_sku_wrong_price.png"), "促销截图.jpg": None}),
     "P009", {("P009", "促销截图.png", R)}),
    ("P009-labels-page-with-sku-passes",
     lambda t: homepage(t, files={"促销截图.png": picture("hp_promo_labels_sku_ok.png"), "促销截图.jpg": None}),
     "P009", set()),
]


@pytest.mark.parametrize(("build", "code", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_code(tmp_path, monkeypatch, build, code, expected):
    if code in PICTURE_CODES:
        vision_on(monkeypatch)
    report = check(build(tmp_path), "homepage")
    assert located(report, code) == expected, [f"{f.code} {f.file}:{f.row} {f.message}" for f in report.findings]


def test_every_homepage_code_has_a_failing_case():
    from jdcheck.checks import registry

    failing = {code for _, _, code, expected in CASES if expected}
    online = {code for code, c in registry().items() if c.online}  # cases in tests/test_online.py
    assert set(load_rules("homepage").enabled_checks) - online <= failing


def test_T003_reports_each_word(tmp_path):
    report = check(homepage(tmp_path, one(slogan="官方旗舰 秒杀")), "homepage", lang="en")
    assert sorted(f.actual for f in report.findings if f.code == "T003") == ["官方旗舰", "秒杀"]


def test_T001_suggests_phrases_from_the_rule_file(tmp_path):
    (finding,) = [f for f in check(homepage(tmp_path, one(display_name="雪地靴")), "homepage", lang="zh").findings if f.code == "T001"]
    assert finding.severity.value == "warning" and "仅此一天" in finding.fix


def test_empty_slogan_is_S004_when_T002_is_ignored(tmp_path):
    report = check(homepage(tmp_path, one(slogan=None)), "homepage", ignore=("T002",))
    assert located(report) == {("S004", SHEET, R)}


def test_key_size_from_the_rule_file(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: homepage\nkey_size: 38\n", encoding="utf-8")
    from jdcheck.engine import Options, run
    from jdcheck.rulefile import load_rules as load
    from tests.folders import TODAY

    report = run(load(rules), homepage(tmp_path, one(size="38码")), Options(today=TODAY))
    assert located(report, "V001") == set()
