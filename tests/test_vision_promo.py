"""P009 and the roles of screenshots, from what OCR reads on a back-office page (SPEC §7).

The page is given as the OCR lines it reads to (text and box): each case is the layout of a real
promotion page (tables with and without ¥, an edit form with input boxes, label/value pages,
the browser's address bar), so that what the checks make of OCR's lines is tested exactly and
fast. The pictures themselves are read in tests/test_vision.py."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jdcheck.cli import main
from tests.folders import FIRST_DATA_ROW as R, SKUS, check, gb_row, groupbuy
from tests.image_builders import jpeg
from tests.type_folders import ch_row, channel, homepage, hp_row
from tests.vision_pictures import vision_on

A, B = SKUS
OTHER_A, OTHER_B = "100087654321", "100087654322"
ADDRESS = "https://marketing.shop.jd.com/promotion/single/view?promold=88123456"
TIME_LINE = "活动时间：2026-12-0209:30:00至2026-12-0509:30:00"  # as OCR reads it: spaces dropped
COLUMNS = (212, 480, 750, 910, 1070)  # left edges of the table's columns, as the back office lays them out


def cells(y: int, *texts: str, at: tuple[int, ...] = COLUMNS) -> list[tuple[str, tuple[int, int, int, int]]]:
    """One table row (or one line of a form): each text in its column, 60 px wide, 20 px high."""
    return [(text, (x, y, x + 8 * max(4, len(text)), y + 20)) for text, x in zip(texts, at) if text]


def line(y: int, text: str, x: int = 208) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [(text, (x, y, x + 14 * len(text), y + 20))]


def page(*parts) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [cell for part in parts for cell in part]


def head(*texts: str):
    return cells(273, "SKU编码", "商品名称", *texts)


def item(n: int, sku: str, *texts: str):
    return cells(312 + 37 * n, sku, "红蜻蜓雪地靴", *texts)


@pytest.fixture
def reads(monkeypatch):
    """Make the promotion screenshot read as the given lines (no OCR)."""
    from jdcheck.checks import pictures
    from jdcheck.vision.ocr import Line, Reading

    vision_on(monkeypatch)

    def setup(lines):
        reading = Reading(1280, 720, tuple(Line(text, 0.99, box) for text, box in lines))
        monkeypatch.setattr(pictures, "read_picture", lambda material: reading)

    return setup


def p009(report) -> set[tuple]:
    return {(f.severity.value, f.row, f.column, f.expected, f.actual) for f in report.findings if f.code == "P009"}


WRONG_B = ("error", R + 1, "团购价", "349", "309")  # SKU B's row: sheet 349, the page 309

# (page lines, P009 findings) for a group-buy sheet: SKU A 团购价 299, SKU B 349, 2026-12-02 09:30 to
# 2026-12-05 09:30.
PAGES = {
    # prices without ¥, in the 促销价 column beside a 京东价 column
    "bare_table_wrong": (page(line(208, TIME_LINE), head("京东价", "促销价"), item(0, A, "399.00", "299.00"),
                              item(1, B, "459.00", "309.00")), {WRONG_B}),
    "bare_table_right": (page(line(208, TIME_LINE), head("京东价", "促销价"), item(0, A, "399.00", "299.00"),
                              item(1, B, "459.00", "349.00")), set()),
    "yuan_in_header": (page(line(208, TIME_LINE), head("京东价(元)", "促销价(元)"), item(0, A, "399.00", "299.00"),
                            item(1, B, "459.00", "309.00")), {WRONG_B}),
    # an edit form: the price in an input box, 元 after it
    "input_box_then_yuan": (page(line(208, TIME_LINE), head("京东价", "促销价", "单位"),
                                 item(0, A, "¥399.00", "299.00", "元"), item(1, B, "¥459.00", "309.00", "元")), {WRONG_B}),
    # a bare 价格 column is the promotion price; 京东价格 is not
    "generic_price_header": (page(line(208, TIME_LINE), head("京东价格", "价格"), item(0, A, "399.00", "299.00"),
                                  item(1, B, "459.00", "309.00")), {WRONG_B}),
    # the 限购数量 column's 1000 is no price
    "stock_column_is_not_money": (page(line(208, TIME_LINE), head("京东价", "促销价", "限购数量"),
                                       item(0, A, "399.00", "299.00", "1000"), item(1, B, "459.00", "309.00", "1000")),
                                  {WRONG_B}),
    # a form: the label, the value in its box, then 元, on one line
    "form_label_then_value": (page(line(208, TIME_LINE), cells(250, "商品编号", A), cells(290, "单品促销价", "309.00", "元")),
                              {("error", R, "团购价", "299", "309"), ("warning", R + 1, "SKU编码", B, A)}),
    # a details page of labels and values: each label in its cell, the value beside it; the 促销编号 is no SKU
    "label_value_page": (page(cells(60, "促销编号", "1234567890", at=(12, 102)), cells(121, "活动时间", "2026年12月02日09:30-2026年12月05日09:30", at=(12, 102)),
                              cells(151, "商品", f"红蜻蜓真皮 女靴H1234(SKU：{A})", at=(12, 102)), cells(181, "京东价", "¥399.00", at=(12, 102)),
                              cells(211, "促销价", "¥309.00", at=(12, 102))),
                         {("error", R, "团购价", "299", "309"), ("warning", R + 1, "SKU编码", B, A)}),
    # the activity time is read from its label: another time on the page does not stand for it
    "other_time_on_page": (page(line(208, "活动时间：2026-12-0209:20:00至2026-12-0509:30:00"),
                                line(235, "上次活动：双十一团购 2026-12-0209:30:00至2026-12-0509:30:00(已结束)"),
                                head("促销价"), item(0, A, "¥299.00"), item(1, B, "¥349.00")),
                           {("error", R, "开团时间", "2026-12-02 09:30", "2026-12-02 09:20")}),
    # the end cut off: no end time could be read, the start is not it
    "end_cut_off": (page(line(206, "开始时间：2026-12-0209:30:00"), head("促销价"), item(0, A, "¥299.00"),
                         item(1, B, "¥349.00")),
                    {("warning", R, "结束时间", "2026-12-05 09:30", None)}),
    "range_cut_off": (page(line(206, "活动时间：2026-12-0209:30:00至"), head("促销价"), item(0, A, "¥299.00"),
                           item(1, B, "¥349.00")),
                      {("warning", R, "结束时间", "2026-12-05 09:30", None)}),
    # 开始时间 and 结束时间 side by side (the end one pixel higher): each field with its own time
    "start_and_end_lines": (page(line(208, "开始时间：2026-12-0209:30:00", x=207), line(207, "结束时间：2026-12-0609:30:00", x=448),
                                 head("促销价"), item(0, A, "¥299.00"), item(1, B, "¥349.00")),
                            {("error", R, "结束时间", "2026-12-05 09:30", "2026-12-06 09:30")}),
    # the range on two lines: 至 and the end on the next
    "range_on_two_lines": (page(line(206, "活动时间：2026-12-0209:30:00"), line(232, "至2026-12-0509:30:00"),
                                head("促销价"), item(0, A, "¥299.00"), item(1, B, "¥349.00")), set()),
    # dates without a time of day: compared by the date
    "dates_only_wrong_end": (page(line(208, "活动时间：2026-12-02至2026-12-06"), head("促销价"), item(0, A, "¥299.00"),
                                  item(1, B, "¥349.00")),
                             {("error", R, "结束时间", "2026-12-05 09:30", "2026-12-06")}),
    "dates_only_right": (page(line(208, "活动时间：2026-12-02至2026-12-05"), head("促销价"), item(0, A, "¥299.00"),
                              item(1, B, "¥349.00")), set()),
    # a time column per SKU under 开始时间 | 结束时间 headers, the start column first
    "time_columns": (page(cells(273, "开始时间", "结束时间", "SKU编码", "促销价", at=(212, 420, 640, 910)),
                          cells(312, "2026-12-0209:30:00", "2026-12-0609:30:00", A, "¥299.00", at=(212, 420, 640, 910)),
                          cells(349, "2026-12-0209:30:00", "2026-12-0609:30:00", B, "¥349.00", at=(212, 420, 640, 910))),
                     {("error", R, "结束时间", "2026-12-05 09:30", "2026-12-06 09:30")}),
    # the label alone on its line, the range on the next
    "label_above": (page(line(180, "活动时间"), line(206, "2026-12-0209:30:00至2026-12-0509:20:00"), head("促销价"),
                         item(0, A, "¥299.00"), item(1, B, "¥349.00")),
                    {("error", R, "结束时间", "2026-12-05 09:30", "2026-12-05 09:20")}),
    # the address bar's promoId is no SKU
    "promo_id_in_address": (page(line(43, ADDRESS, x=75), line(208, TIME_LINE), head("促销价"), item(0, A, "¥299.00")),
                            {("warning", R + 1, "SKU编码", B, A)}),
    # a 直降金额 (amount off) column beside the prices: its ¥349.00 is no price of SKU B
    "discount_column_is_no_price": (page(line(208, TIME_LINE), head("京东价", "促销价", "直降金额"),
                                         item(0, A, "¥399.00", "¥299.00", "¥100.00"),
                                         item(1, B, "¥658.00", "¥309.00", "¥349.00")), {WRONG_B}),
    # a narrow page (750 px): OCR reads the 京东价 and 促销价 cells as one line, each amount under its column
    "cells_read_as_one_line": (page(line(208, TIME_LINE), head("京东价", "促销价"),
                                    cells(312, A, "红蜻蜓雪地靴") + [("¥399.00 ¥299.00", (750, 312, 950, 332))],
                                    cells(349, B, "红蜻蜓雪地靴") + [("¥459.00 ¥309.00", (750, 349, 950, 369))]), {WRONG_B}),
    # the phone back office (京麦): a card per SKU, its prices on the line below the SKU
    "phone_cards": (page(line(208, TIME_LINE), line(260, f"SKU：{A}"), line(286, "京东价 ¥399.00 促销价 ¥299.00"),
                         line(330, f"SKU：{B}"), line(356, "京东价 ¥459.00 促销价 ¥309.00")), {WRONG_B}),
    "phone_cards_right": (page(line(208, TIME_LINE), line(260, f"SKU：{A}"), line(286, "京东价 ¥399.00 促销价 ¥299.00"),
                               line(330, f"SKU：{B}"), line(356, "京东价 ¥459.00 促销价 ¥349.00")), set()),
    # a table whose product cell has the SKU under the name, the prices centred in their columns above
    # the SKU's line: the prices are no card's (they stand under no SKU) and each SKU's is among them
    "sku_under_the_name": (page(line(208, TIME_LINE), head("京东价", "促销价"),
                                cells(312, "红蜻蜓雪地靴", "", "¥399.00", "¥299.00"), line(334, f"SKU：{A}", x=212),
                                cells(392, "红蜻蜓马丁靴", "", "¥459.00", "¥349.00"), line(414, f"SKU：{B}", x=212)), set()),
    # the same layout where OCR put one SKU on its price row and not the other: the other SKU's
    # price is still compared, with the prices tied to no SKU
    "one_sku_on_its_price_row": (page(line(208, TIME_LINE), head("京东价", "促销价"),
                                      cells(312, "红蜻蜓雪地靴", "", "¥399.00", "¥250.00"), line(334, f"SKU：{A}", x=212),
                                      cells(392, f"SKU：{B}", "", "¥459.00", "¥349.00")),
                                 {("error", R, "团购价", "299", "250")}),
    # another promotion's screenshot: none of the sheet's SKUs, so each row's SKU is not listed
    "another_promotion": (page(line(208, TIME_LINE), head("京东价", "促销价"), item(0, OTHER_A, "¥299.00", "¥199.00"),
                               item(1, OTHER_B, "¥359.00", "¥259.00")),
                          {("warning", R, "SKU编码", A, f"{OTHER_A}, {OTHER_B}"),
                           ("warning", R + 1, "SKU编码", B, f"{OTHER_A}, {OTHER_B}")}),
}


@pytest.mark.parametrize("case", list(PAGES))
def test_promotion_page_read_against_the_sheet(tmp_path, reads, case):
    lines, expected = PAGES[case]
    reads(lines)
    folder = groupbuy(tmp_path, [gb_row(A), gb_row(B, group_price=349)],
                      files={"促销截图.jpg": lambda p: jpeg(p, (1280, 720))})
    assert p009(check(folder, select=("P009",))) == expected


_T0, _T1 = dt.datetime(2026, 12, 1, 0, 0), dt.datetime(2026, 12, 7, 23, 59)
BARE_PAGE = page(line(208, "活动时间：2026-12-0100:00:00至2026-12-0723:59:59"), head("京东价(元)", "促销价(元)"),
                 item(0, A, "399.00", "299.00"), item(1, B, "459.00", "309.00"))


@pytest.mark.parametrize(("type_name", "build", "expected"), [
    ("channel", lambda root: channel(root, [ch_row(A), ch_row(B, price=349)]), {("error", R + 1, "价格", "349", "309")}),
    ("homepage", lambda root: homepage(root, [hp_row(A, start=_T0, end=_T1, promo_start=_T0, promo_end=_T1),
                                              hp_row(B, price=349, start=_T0, end=_T1, promo_start=_T0, promo_end=_T1)]),
     {("error", R + 1, "活动价", "349", "309")}),
], ids=["channel", "homepage"])
def test_bare_prices_in_every_type(tmp_path, reads, type_name, build, expected):
    """The channel's 价格 and the homepage's 活动价 are compared with a 促销价(元) column without ¥."""
    reads(BARE_PAGE)
    folder = build(tmp_path)
    if type_name == "homepage":
        jpeg(folder / "促销截图.jpg", (1280, 720))
    else:
        jpeg(folder / "截图.jpg", (1280, 720))
    assert p009(check(folder, type_name, select=("P009",))) == expected




# ── roles by content ─────────────────────────────────────────────────────────────────────────

ITEM_PAGE = page(line(11, "京东 JD.COM", x=16), line(11, "红蜻蜓京东自营旗舰店", x=178), line(67, "红蜻蜓 牛皮系带 马丁靴RQT-2315", x=425),
                 line(109, "京东价¥459.00", x=423), line(151, "促销满减 每满299元减30元", x=425),
                 line(154, "限购每人限购5件", x=664), line(185, "配送至北京朝阳区 有货今日下单，明日送达", x=427),
                 line(223, "选择颜色", x=427), line(264, "选择尺码", x=426), line(303, f"商品编号{B}", x=427))
SETTINGS_PAGE = page(line(84, "京东商家后台・营销中心", x=16), line(180, "活动名称：双十二团购专享"), line(208, TIME_LINE),
                     head("京东价", "促销价"), item(0, A, "¥399.00", "¥299.00"), item(1, B, "¥459.00", "¥309.00"))
WX = "微信截图_20261127103102.png"
QQ = "QQ截图20261127103015.png"


@pytest.mark.parametrize(("files", "expected"), [
    # a product page whose 促销 row mentions 满减 is the style screenshot, not the promotion's settings
    ({QQ: SETTINGS_PAGE, WX: ITEM_PAGE}, {("P009", QQ, R + 1, "309")}),
    ({"促销截图.png": SETTINGS_PAGE, WX: ITEM_PAGE}, {("P009", "促销截图.png", R + 1, "309")}),
    # two settings pages and no style screenshot: M101 names the screenshots whose names say nothing
    ({QQ: SETTINGS_PAGE, WX: SETTINGS_PAGE}, {("P009", QQ, R + 1, "309"), ("P009", WX, R + 1, "309"),
                                              ("M101", None, None, f"{QQ}, {WX}")}),
], ids=["qq_settings_wx_item_page", "named_promo_wx_item_page", "two_settings_pages"])
def test_roles_read_from_what_the_page_shows(tmp_path, monkeypatch, capsys, files, expected):
    """The settings page's P009 (SKU B: sheet 349, page 309) shows which screenshot was taken for
    the promotion screenshot; no M101 that the other one is the style screenshot."""
    from jdcheck.checks import pictures
    from jdcheck.vision.ocr import Line, Reading

    vision_on(monkeypatch)
    monkeypatch.setenv("JDCHECK_CACHE_DIR", str(tmp_path / "cache"))
    by_name = {name: Reading(1280, 720, tuple(Line(text, 0.99, box) for text, box in lines)) for name, lines in files.items()}
    monkeypatch.setattr(pictures, "read_picture", lambda material: by_name[material.name])
    makers = {name: (lambda p: jpeg(p, (1280, 720))) for name in files}
    folder = groupbuy(tmp_path, [gb_row(A), gb_row(B, group_price=349)],
                      files={"款式截图.jpg": None, "促销截图.jpg": None, **makers})
    main(["groupbuy", str(folder), "--format", "json", "--today", "2026-11-25", "--select", "P009,M101"])
    document = json.loads(capsys.readouterr().out)
    assert {(f["code"], f["file"], f["row"], f["actual"]) for f in document["findings"]} == expected
