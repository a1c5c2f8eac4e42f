"""jdcheck.values: cell values as operators really type them (SPEC §3)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jdcheck.sheets import Cell, Sheet
from jdcheck.values import (
    Parsed,
    SkuValue,
    find_header_row,
    normalize_header,
    parse_choice,
    parse_datetime,
    parse_number,
    parse_sku,
    parse_text,
    template_version,
)
from jdcheck import values as V

EMPTY = Parsed(None, ok=True, empty=True)
BAD = Parsed(None, ok=False, empty=False)
SMALL_SERIAL = Parsed(None, ok=False, empty=False, problem="serial")
DIGITS = Parsed(None, ok=False, empty=False, problem="yyyymmdd")


def ok(value, *cleaning: str) -> Parsed:
    return Parsed(value, ok=True, empty=False, cleaning=cleaning)


def sheet(*rows) -> Sheet:
    return Sheet(
        name="提报",
        state="visible",
        rows=[[Cell(value) for value in row] for row in rows],
        hidden_rows=frozenset(),
        hidden_cols=frozenset(),
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(199, ok(Decimal(199)), id="int"),
        pytest.param(199.0, ok(Decimal("199.0")), id="float"),
        pytest.param(199.9, ok(Decimal("199.9")), id="float-no-binary-noise"),
        pytest.param("199", ok(Decimal(199)), id="number-as-text"),
        pytest.param(" 199 ", ok(Decimal(199), "spaces"), id="spaces"),
        pytest.param("199\u3000", ok(Decimal(199), "spaces"), id="ideographic-space"),
        pytest.param("199\u200b", ok(Decimal(199), "invisible"), id="zero-width-space"),
        pytest.param("1\u200b99", ok(Decimal(199), "invisible"), id="zero-width-space-inside"),
        pytest.param(" 1\u00ad99 ", ok(Decimal(199), "spaces", "invisible"), id="soft-hyphen-inside-and-spaces"),
        pytest.param("¥199.00", ok(Decimal("199.00"), "currency"), id="yen"),
        pytest.param("￥199", ok(Decimal(199), "currency"), id="fullwidth-yen"),
        pytest.param("RMB 199", ok(Decimal(199), "currency"), id="rmb"),
        pytest.param("199元", ok(Decimal(199), "unit"), id="yuan"),
        pytest.param("199.00元", ok(Decimal("199.00"), "unit"), id="decimal-yuan"),
        pytest.param("48小时", ok(Decimal(48), "unit"), id="hours"),
        pytest.param("１９９", ok(Decimal(199), "fullwidth"), id="fullwidth-digits"),
        pytest.param("1,299.00", ok(Decimal("1299.00"), "thousands"), id="thousands"),
        pytest.param(" ￥1,299元", ok(Decimal(1299), "spaces", "currency", "unit", "thousands"), id="everything"),
        pytest.param("-5", ok(Decimal(-5)), id="negative"),
        pytest.param(None, EMPTY, id="none"),
        pytest.param("", EMPTY, id="empty-text"),
        pytest.param(" \u3000", EMPTY, id="blank-text"),
        pytest.param("abc", BAD, id="letters"),
        pytest.param("199-299", BAD, id="range"),
        pytest.param("1,2", BAD, id="bad-grouping"),
        pytest.param("¥", BAD, id="sign-only"),
        pytest.param("2天", BAD, id="days-not-hours"),
        pytest.param(True, BAD, id="boolean"),
        pytest.param(float("nan"), BAD, id="nan"),
        pytest.param(datetime.datetime(2026, 11, 25), BAD, id="date"),
    ],
)
def test_parse_number(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(datetime.datetime(2026, 11, 25, 9, 30), ok(datetime.datetime(2026, 11, 25, 9, 30)), id="datetime"),
        pytest.param(datetime.date(2026, 11, 25), ok(datetime.datetime(2026, 11, 25)), id="date"),
        pytest.param(46351.395833, ok(datetime.datetime(2026, 11, 25, 9, 30)), id="serial-rounds-to-second"),
        pytest.param(46351, ok(datetime.datetime(2026, 11, 25)), id="serial-int"),
        pytest.param(Decimal("46351.5"), ok(datetime.datetime(2026, 11, 25, 12)), id="serial-decimal"),
        pytest.param("2026-11-25 09:30", ok(datetime.datetime(2026, 11, 25, 9, 30)), id="iso"),
        pytest.param("2026/11/25 9:30", ok(datetime.datetime(2026, 11, 25, 9, 30)), id="slashes"),
        pytest.param("2026年11月25日 09:30", ok(datetime.datetime(2026, 11, 25, 9, 30)), id="chinese"),
        pytest.param("2026年11月25日9点30分", ok(datetime.datetime(2026, 11, 25, 9, 30)), id="chinese-time"),
        pytest.param("2026.11.25 9:30", ok(datetime.datetime(2026, 11, 25, 9, 30)), id="dots"),
        pytest.param("2026-11-25", ok(datetime.datetime(2026, 11, 25)), id="date-only-midnight"),
        pytest.param("2026-11-25 09:30:00", ok(datetime.datetime(2026, 11, 25, 9, 30)), id="seconds"),
        pytest.param("2026-11-25T09:30", ok(datetime.datetime(2026, 11, 25, 9, 30)), id="iso-t"),
        pytest.param(" 2026-11-25 09:30 ", ok(datetime.datetime(2026, 11, 25, 9, 30), "spaces"), id="spaces"),
        pytest.param("2026-11-25\u2060 09:30", ok(datetime.datetime(2026, 11, 25, 9, 30), "invisible"), id="word-joiner-inside"),
        pytest.param("２０２６－１１－２５ ０９：３０", ok(datetime.datetime(2026, 11, 25, 9, 30), "fullwidth"), id="fullwidth"),
        pytest.param(None, EMPTY, id="empty"),
        pytest.param("明天", BAD, id="words"),
        pytest.param("2026-02-30", BAD, id="no-such-day"),
        pytest.param("2026-11-25 25:00", BAD, id="no-such-hour"),
        pytest.param("2026-11-2509:30", BAD, id="no-separator"),
        pytest.param("09:30", BAD, id="time-only-text"),
        pytest.param(datetime.time(9, 30), BAD, id="time-only-cell"),
        pytest.param(-1, BAD, id="negative-serial"),
        # A small number in a date cell is a day of 1900: no promotion date (S005 "serial").
        *(pytest.param(cell, SMALL_SERIAL, id=f"small-serial-{cell!r}") for cell in (
            1, 59, 60, 61, 36525, 1000.5, datetime.datetime(1900, 2, 28), datetime.date(1999, 12, 31))),
        # 20261125 is past Excel's last day: not a date, but the digits spell one (S005 "yyyymmdd").
        pytest.param(20261125, DIGITS, id="yyyymmdd-number-past-9999"),
        pytest.param(20261125.0, DIGITS, id="yyyymmdd-float"),
        pytest.param("20261125", DIGITS, id="yyyymmdd-text"),
        pytest.param("２０２６１１２５", DIGITS, id="yyyymmdd-fullwidth-text"),
        pytest.param(20261345, BAD, id="yyyymmdd-no-such-month"),
        pytest.param(19991231, BAD, id="yyyymmdd-before-2000"),
        pytest.param(20261125.5, BAD, id="yyyymmdd-with-a-fraction"),
        pytest.param(202611250930, BAD, id="twelve-digits"),
        pytest.param(True, BAD, id="boolean"),
    ],
)
def test_parse_datetime(cell, expected):
    assert parse_datetime(cell) == expected


@pytest.mark.parametrize(
    ("serial", "date1904", "expected"),
    [
        pytest.param(46351.395833, False, datetime.datetime(2026, 11, 25, 9, 30), id="1900"),
        pytest.param(44889.395833, True, datetime.datetime(2026, 11, 25, 9, 30), id="1904"),
        pytest.param(36526, False, datetime.datetime(2000, 1, 1), id="first-day-read"),
        pytest.param(35064, True, datetime.datetime(2000, 1, 1), id="first-day-read-1904"),
    ],
)
def test_parse_datetime_serial_systems(serial, date1904, expected):
    assert parse_datetime(serial, date1904=date1904).value == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("普通团", ok("普通团"), id="text"),
        pytest.param(" 普通团\u3000", ok("普通团", "spaces"), id="ideographic-space"),
        pytest.param("\u00a0Nike", ok("Nike", "spaces"), id="nbsp"),
        pytest.param("\u200b红蜻蜓", ok("红蜻蜓", "invisible"), id="zero-width-space"),
        pytest.param("\ufeff红蜻蜓 ", ok("红蜻蜓", "spaces", "invisible"), id="bom-and-space"),
        # Invisible format characters count wherever they are: 全网\u200b最低 is the banned 全网最低.
        *(pytest.param(f"全网{char}最低", ok("全网最低", "invisible"), id=f"U+{ord(char):04X}-inside")
          for char in "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                      "\u2060\u2066\u2067\u2068\u2069\ufeff"),
        pytest.param(" 红蜻蜓\u200b 雪地靴\u3000", ok("红蜻蜓 雪地靴", "spaces", "invisible"), id="invisible-inside-spaces-around"),
        pytest.param("\u200c \u202e", EMPTY, id="invisible-only-is-empty"),
        # A control character pasted from another program (Excel stores _x0008_): named apart.
        pytest.param("冬\x08", ok("冬", "control"), id="backspace"),
        pytest.param(" 否\x01", ok("否", "spaces", "control"), id="control-and-space"),
        pytest.param("红\x1b蜻蜓\u200b", ok("红蜻蜓", "control"), id="escape-inside-and-zero-width"),
        pytest.param("\x7f", EMPTY, id="delete-only-is-empty"),
        pytest.param("男士 运动鞋", ok("男士 运动鞋"), id="inner-space-kept"),
        pytest.param(199.0, ok("199"), id="integral-float"),
        pytest.param(199.5, ok("199.5"), id="float"),
        pytest.param(37, ok("37"), id="int"),
        pytest.param(True, ok("TRUE"), id="bool"),
        pytest.param(datetime.datetime(2026, 11, 25, 9, 30), ok("2026-11-25 09:30:00"), id="datetime"),
        pytest.param(None, EMPTY, id="none"),
        pytest.param("  ", EMPTY, id="blank"),
    ],
)
def test_parse_text(cell, expected):
    assert parse_text(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("是", ok("是"), id="allowed"),
        pytest.param(" 否 ", ok("否", "spaces"), id="allowed-after-trim"),
        pytest.param("是\u00ad", ok("是", "invisible"), id="allowed-after-soft-hyphen"),
        pytest.param("不是", BAD, id="not-allowed"),
        pytest.param("Y", BAD, id="english"),
        pytest.param(None, EMPTY, id="empty"),
    ],
)
def test_parse_choice(cell, expected):
    assert parse_choice(cell, ("是", "否")) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("100012043978", SkuValue("100012043978", None), id="text"),
        pytest.param(100012043978, SkuValue("100012043978", "long_number"), id="long-number"),
        pytest.param(100012043978.0, SkuValue("100012043978", "long_number"), id="long-float"),
        pytest.param(10001204397, SkuValue("10001204397", None), id="11-digit-number"),
        pytest.param(123456, SkuValue("123456", None), id="six-digit-number"),
        pytest.param(" 100012043978 ", SkuValue("100012043978", None, ("spaces",)), id="spaces"),
        pytest.param("１０００１２", SkuValue("100012", None, ("fullwidth",)), id="fullwidth"),
        pytest.param("1000120\u200b43978", SkuValue("100012043978", None, ("invisible",)), id="zero-width-space-inside"),
        pytest.param("\u202d１０００１２", SkuValue("100012", None, ("invisible", "fullwidth")), id="bidi-override-fullwidth"),
        pytest.param("1.00012E+11", SkuValue(None, "scientific_text"), id="scientific"),
        pytest.param("1.00012e11", SkuValue(None, "scientific_text"), id="scientific-lower"),
        pytest.param("ABC123", SkuValue(None, "malformed"), id="letters"),
        pytest.param("12345", SkuValue(None, "malformed"), id="too-short"),
        pytest.param("123456789012345", SkuValue(None, "malformed"), id="too-long"),
        pytest.param(1234567890123456, SkuValue(None, "malformed"), id="number-too-long"),
        pytest.param(123456.5, SkuValue(None, "malformed"), id="fraction"),
        pytest.param("100012043978.0", SkuValue(None, "malformed"), id="float-text"),
        pytest.param(True, SkuValue(None, "malformed"), id="boolean"),
        pytest.param(None, SkuValue(None, None), id="none"),
        pytest.param(" ", SkuValue(None, None), id="blank"),
    ],
)
def test_parse_sku(cell, expected):
    assert parse_sku(cell) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("SKU编码*", "SKU编码", id="required-mark"),
        pytest.param("SKU编码＊", "SKU编码", id="fullwidth-mark"),
        pytest.param("京东价 * *", "京东价", id="several-marks"),
        pytest.param("*商品名称", "商品名称", id="leading-mark"),
        pytest.param("\u3000商品名称 ", "商品名称", id="blanks"),
        pytest.param("发货时效\n(小时)", "发货时效(小时)", id="alt-enter"),
        pytest.param("发货时效 \r\n (小时)*", "发货时效(小时)", id="crlf-and-spaces"),
        pytest.param("发货时效（小时）", "发货时效(小时)", id="fullwidth-parens"),
        pytest.param("SKU  编码", "SKU 编码", id="inner-blanks-collapse"),
        pytest.param("SKU\u200b编码*", "SKU编码", id="zero-width-space-inside"),
        pytest.param(2026.0, "2026", id="number"),
        pytest.param(None, "", id="none"),
    ],
)
def test_normalize_header(header, expected):
    assert normalize_header(header) == expected


GROUPBUY = ["SKU编码*", "商品名称*", "品牌*", "京东价*", "团购价*", "库存*"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([GROUPBUY, ["100012043978"]], 1, id="first-row"),
        pytest.param([["团购提报表"], ["模板版本: 2026.11"], GROUPBUY], 3, id="below-title-rows"),
        pytest.param([["说明：带*为必填", "SKU编码"], [], ["SKU编码", "商品名称", "品牌", "京东价"]], 3, id="instruction-row-skipped"),
        pytest.param([["SKU编码", "商品名称"], GROUPBUY[:4]], 2, id="most-matches-wins"),
        pytest.param([GROUPBUY[:3], GROUPBUY[:3]], 1, id="tie-first-wins"),
        pytest.param([["SKU编码", "商品名称"]], None, id="under-half"),
        pytest.param([], None, id="empty-sheet"),
        pytest.param([["发货时效\n(小时)", "SKU编码 *", "商品名称＊", "品牌"]], 1, id="normalized"),
    ],
)
def test_find_header_row(rows, expected):
    assert find_header_row(sheet(*rows), GROUPBUY) == expected


def test_find_header_row_search_limit():
    rows = [["x"]] * 5 + [GROUPBUY]
    assert find_header_row(sheet(*rows), GROUPBUY, search_rows=5) is None
    assert find_header_row(sheet(*rows), GROUPBUY, search_rows=6) == 6


@pytest.mark.parametrize(
    ("above", "expected"),
    [
        pytest.param([["模板版本: 2026.11"]], "2026.11", id="colon"),
        pytest.param([["模板版本：2026.11"]], "2026.11", id="fullwidth-colon"),
        pytest.param([["模板版本 2026.11"]], "2026.11", id="space"),
        pytest.param([["版本号:2026.11"]], "2026.11", id="banbenhao"),
        pytest.param([["团购提报表（模板版本：V2026.11）"]], "2026.11", id="inside-title"),
        pytest.param([["团购提报表"], [None, "模板版本", "2026.11"]], "2026.11", id="label-then-text"),
        pytest.param([["模板版本:", None, 2026.11]], "2026.11", id="label-then-number"),
        pytest.param([["模板版本：２０２６．１１"]], "2026.11", id="fullwidth-digits"),
        pytest.param([["团购提报表"]], None, id="no-version"),
        pytest.param([["模板版本", "最新"]], None, id="label-without-version"),
        pytest.param([], None, id="header-first-row"),
    ],
)
def test_template_version(above, expected):
    rows = [*above, GROUPBUY]
    assert template_version(sheet(*rows), header_row=len(above) + 1) == expected


def test_template_version_ignores_rows_below_header():
    assert template_version(sheet(GROUPBUY, ["模板版本: 2026.11"]), header_row=1) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/12/1 上午9:30", datetime.datetime(2026, 12, 1, 9, 30)),
        ("2026/12/1 下午3:00", datetime.datetime(2026, 12, 1, 15, 0)),
        ("2026/12/1下午3:00", datetime.datetime(2026, 12, 1, 15, 0)),  # WPS writes no blank before 下午
        ("2026年12月1日 晚上8点", datetime.datetime(2026, 12, 1, 20, 0)),
        ("2026/12/1 中午12:00", datetime.datetime(2026, 12, 1, 12, 0)),
        ("2026/12/1 9:30 AM", datetime.datetime(2026, 12, 1, 9, 30)),
        ("2026-12-01 3:00 pm", datetime.datetime(2026, 12, 1, 15, 0)),
        ("2026-12-01 12:00 AM", datetime.datetime(2026, 12, 1, 0, 0)),
        ("2026/12/1 下午15:00", None),  # which one was meant?
        ("2026/12/1 上午9:30 PM", None),
    ],
)
def test_parse_datetime_with_am_pm(text, expected):
    parsed = V.parse_datetime(text)
    assert (parsed.value, parsed.ok) == (expected, expected is not None)


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("12月1日", "2026-12-01"),
        ("12月1日 9:30", "2026-12-01 09:30"),
        ("12月1号 下午3:00", "2026-12-01 15:00"),
        ("12/1 9:30", "2026-12-01 09:30"),
        ("１２月１日", "2026-12-01"),
        ("下周一", None),
        ("2026年12月1日", None),  # has its year: not a yearless date
    ],
)
def test_date_without_year_is_not_understood_and_has_an_example(text, example):
    parsed = V.parse_datetime(text)
    if example is None:
        assert parsed.problem is None
    else:
        assert (parsed.ok, parsed.problem) == (False, "no_year")
    assert V.yearless_example(text, 2026) == example


@pytest.mark.parametrize(
    ("cell", "size"),
    [("37", "37"), (37.0, "37"), ("37码", "37"), ("EU37", "37"), ("欧码37", "37"), ("37/235", "37"),
     ("37 / 235mm", "37"), ("37（235）", "37"), ("３７码", "37"), ("38/240", "38"), ("M", "M"), (None, None)],
)
def test_normalize_size(cell, size):
    assert V.normalize_size(cell) == size
