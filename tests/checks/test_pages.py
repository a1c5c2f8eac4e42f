"""Decoration pages as browsers save them (platform): Chrome's single-file .mhtml, a "网页，全部"
save with its <page>_files/ folder, a JD shop page full of JD's own service links; H001-H004 and
L005 across every source. Each case names exactly the (code, file, row) findings of its code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.folders import FIRST_DATA_ROW as R, SHEET as GB_SHEET, check, gb_row, groupbuy, located
from tests.image_builders import jpeg
from tests.page_builders import chrome_complete, chrome_mhtml, jd_item, jd_shop_page
from tests.type_folders import PLATFORM_SHEET as SHEET, SKUS, pf_row, platform

A, B = SKUS
PAGE = "店铺装修.html"
MHTML = "店铺首页.mhtml"
OTHER_SHOP = "//mall.jd.com/index-2000002.html"


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the nth occurrence of `needle` in `text`."""
    position = -1
    for _ in range(nth + 1):
        position = text.index(needle, position + 1)
    return text.count("\n", 0, position) + 1


def shop(*items: str, extra: tuple[str, ...] = ()) -> str:
    return jd_shop_page(items or (jd_item(A), jd_item(B)), extra=extra)


def sold_out_rows():
    return [pf_row(A), pf_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", stock=0, sold_out="是")]


def complete(html: str, **kwargs):
    return lambda path: chrome_complete(path.parent, path.stem, html, **kwargs)


SAVED = "<!-- saved from url=(0038)https://mall.jd.com/index-1000001.html -->\n"
TAOBAO = '<a href="https://shop123.taobao.com/" target="_blank">淘宝店</a>'
SISTER = f'<a href="{OTHER_SHOP}" target="_blank">姐妹店</a>'
PRICE_399 = shop(jd_item(A, price="399.00"), jd_item(B))
J_P_199 = shop(jd_item(A, price="199", jd_price_class=True), jd_item(B))
UNMARKED = shop(jd_item(A), jd_item(B))


def two_prices(deal: str) -> str:
    """JD's list price and the price paid side by side in one price block, as decoration modules write them."""
    block = (f'<div class="price"><span class="p-price">京东价 ￥399.00</span> '
             f'<span class="promo-price">到手价 ￥{deal}</span></div>')
    return shop(jd_item(A, price=None, old_price=None) + block, jd_item(B))
SHORT_OTHER_APP = '<a href="//mall.jd.com/view_search-999999-1-99-1-24-1.html" target="_blank">别家</a>'

# (id, folder builder, code, expected {(code, file, row)})
CASES = [
    # A JD shop page: service hosts, protocol-relative items, javascript:; and # are no H002
    ("H002-jd-page-saved-complete-passes", lambda t: platform(t, files={PAGE: complete(shop())}), "H002", set()),
    ("H002-jd-page-mhtml-passes", lambda t: platform(t, files={MHTML: chrome_mhtml(shop())}), "H002", set()),
    ("H002-jd-page-old-chrome-header", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(), x_headers=False)}), "H002", set()),
    ("H002-relative-link-of-a-hand-written-page", lambda t: platform(t, files={PAGE: shop()}), "H002",
     {("H002", PAGE, line_of(shop(), 'href="/view_search'))}),
    ("H002-taobao-in-mhtml", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(extra=(TAOBAO,)))}), "H002",
     {("H002", MHTML, line_of(shop(extra=(TAOBAO,)), "taobao"))}),
    ("H002-gbk-mhtml-ie-style", lambda t: platform(t, files={"店铺.mht": chrome_mhtml(shop(extra=(TAOBAO,)).replace("¥", "￥"), charset="gbk", encoding="gbk")}),
     "H002", {("H002", "店铺.mht", line_of(shop(extra=(TAOBAO,)), "taobao"))}),
    ("H002-mhtml-renamed-html", lambda t: platform(t, files={PAGE: chrome_mhtml(shop(extra=(TAOBAO,)))}), "H002",
     {("H002", PAGE, line_of(shop(extra=(TAOBAO,)), "taobao"))}),
    ("H002-frames-of-mhtml-not-read", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(), frames=[("cid:frame-1", TAOBAO)])}),
     "H002", set()),
    ("H002-mhtml-without-page", lambda t: platform(t, files={MHTML: chrome_mhtml(shop()).replace(b"Content-Type: text/html\r\n", b"Content-Type: text/plain\r\n")}),
     "H002", {("H002", MHTML, None)}),
    ("H002-mhtml-not-mime", lambda t: platform(t, files={MHTML: b"PK\x03\x04 not a page"}), "H002", {("H002", MHTML, None)}),
    # "网页，全部": the _files folder is the page's, not materials
    ("M103-files-folder-of-saved-page", lambda t: platform(t, files={PAGE: complete(shop())}), "M103", set()),
    ("M104-files-folder-of-saved-page", lambda t: platform(t, files={PAGE: complete(shop())}), "M104", set()),
    ("I002-files-folder-of-saved-page", lambda t: platform(t, files={PAGE: complete(shop())}), "I002", set()),
    ("M103-dot-files-folder-ie", lambda t: platform(t, files={PAGE: complete(shop(), files_suffix=".files")}), "M103", set()),
    ("M103-lone-files-folder", lambda t: platform(t, files={"店铺装修_files/5f3e2a1bE8c9d4f1a.jpg": lambda p: jpeg(p, (990, 400))}),
     "M103", {("M103", "店铺装修_files", None)}),
    ("I002-lone-files-folder-not-checked", lambda t: platform(t, files={"店铺装修_files/5f3e2a1bE8c9d4f1a.jpg": lambda p: jpeg(p, (990, 400))}),
     "I002", set()),
    ("M103-files-folder-case-insensitive", lambda t: platform(t, files={"店铺装修.HTM": shop(), "店铺装修_Files/a.jpg": lambda p: jpeg(p, (99, 99))}),
     "M103", set()),
    # H001 in a saved page
    ("H001-mhtml-product-link-same-window", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(extra=(f'<a href="//item.jd.com/{A}.html">靴</a>',)))}),
     "H001", {("H001", MHTML, line_of(shop(extra=(f'<a href="//item.jd.com/{A}.html">靴</a>',)), '<a href="//item.jd.com/' + A + '.html">'))}),
    # H003: the price shown with the product
    ("H003-price-differs", lambda t: platform(t, files={PAGE: complete(PRICE_399)}), "H003",
     {("H003", PAGE, 1 + line_of(PRICE_399, "399.00"))}),
    ("H003-price-differs-mhtml", lambda t: platform(t, files={MHTML: chrome_mhtml(PRICE_399)}), "H003",
     {("H003", MHTML, line_of(PRICE_399, "399.00"))}),
    ("H003-jd-price-element", lambda t: platform(t, files={MHTML: chrome_mhtml(J_P_199)}), "H003",
     {("H003", MHTML, line_of(J_P_199, f"J-p-{A}"))}),
    ("H003-list-price-beside-the-price-paid-not-read", lambda t: platform(t, files={MHTML: chrome_mhtml(two_prices("299.00"))}),
     "H003", set()),
    ("H003-price-paid-differs-beside-a-list-price", lambda t: platform(t, files={MHTML: chrome_mhtml(two_prices("289.00"))}),
     "H003", {("H003", MHTML, line_of(two_prices("289.00"), "到手价"))}),
    ("H003-crossed-out-list-price-not-read", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(jd_item(A, old_price="999")))}), "H003", set()),
    ("H003-no-price-not-judged", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(jd_item(A, price=None)))}), "H003", set()),
    ("H003-plain-currency-text", lambda t: platform(t, files={PAGE: SAVED + f'<table><tr><td><a href="//item.jd.com/{A}.html" target="_blank"><img alt="靴"></a><br>仅售￥1,299.00</td>'
                                                                   f'<td><a href="//item.jd.com/{B}.html" target="_blank">靴</a> ¥299</td></tr></table>'}),
     "H003", {("H003", PAGE, 2)}),
    ("H003-price-class-span", lambda t: platform(t, files={PAGE: SAVED + f'<div class="goods"><a href="//item.jd.com/{A}.html" target="_blank">靴</a>\n<span class="price">199</span></div>'}),
     "H003", {("H003", PAGE, 3)}),
    ("H003-price-equal-other-form", lambda t: platform(t, files={PAGE: SAVED + f'<li><a href="//item.jd.com/{A}.html" target="_blank">靴</a>￥299.00</li>'}), "H003", set()),
    ("H003-no-sheet-not-judged", lambda t: platform(t, sheet=None, files={MHTML: chrome_mhtml(PRICE_399)}), "H003", set()),
    # H004: the sheet says sold out, the page must say so where the item is
    ("H004-sold-out-unmarked", lambda t: platform(t, sold_out_rows(), files={MHTML: chrome_mhtml(UNMARKED)}), "H004",
     {("H004", MHTML, line_of(UNMARKED, f"//item.jd.com/{B}.html"))}),
    ("H004-marked-by-text", lambda t: platform(t, sold_out_rows(), files={MHTML: chrome_mhtml(shop(jd_item(A), jd_item(B, mark='<span class="tip">已售罄</span>')))}),
     "H004", set()),
    ("H004-marked-by-image", lambda t: platform(t, sold_out_rows(), files={MHTML: chrome_mhtml(shop(jd_item(A), jd_item(B, mark='<img src="//img10.360buyimg.com/imgzone/soldout.png">')))}),
     "H004", set()),
    ("H004-marked-by-class", lambda t: platform(t, sold_out_rows(), files={MHTML: chrome_mhtml(shop(jd_item(A), jd_item(B, mark='<i class="icon-shouqing"></i>')))}),
     "H004", set()),
    ("H004-other-items-mark-does-not-count", lambda t: platform(t, sold_out_rows(), files={MHTML: chrome_mhtml(shop(jd_item(A, mark="<b>售罄</b>"), jd_item(B)))}),
     "H004", {("H004", MHTML, line_of(UNMARKED, f"//item.jd.com/{B}.html"))}),
    ("H004-mark-beside-the-link-in-a-plain-div", lambda t: platform(t, sold_out_rows(), files={PAGE: SAVED + f'<div><a href="//item.jd.com/{B}.html" target="_blank">靴</a><span>售罄</span></div>'}),
     "H004", set()),
    ("H004-mark-of-a-neighbour-in-a-shared-div", lambda t: platform(t, sold_out_rows(), files={PAGE: SAVED + f'<div><a href="//item.jd.com/{A}.html" target="_blank">A</a>\n<a href="//item.jd.com/{B}.html" target="_blank">B</a><span>售罄</span></div>'}),
     "H004", {("H004", PAGE, 3)}),
    ("H004-item-replaced-passes", lambda t: platform(t, sold_out_rows(), files={MHTML: chrome_mhtml(shop(jd_item(A)))}), "H004", set()),
    ("H004-not-sold-out-not-judged", lambda t: platform(t, files={MHTML: chrome_mhtml(UNMARKED)}), "H004", set()),
    # L005 across every source
    ("L005-page-links-sister-shop", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(extra=(SISTER,)))}), "L005",
     {("L005", MHTML, line_of(shop(extra=(SISTER,)), OTHER_SHOP))}),
    ("L005-page-of-another-shop-outvotes-links-txt", lambda t: platform(t, files={MHTML: chrome_mhtml(jd_shop_page([jd_item(A)], shop_id="2000002"))}),
     "L005", {("L005", "links.txt", 1)}),
    ("L005-short-view-search-of-another-app", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(extra=(SHORT_OTHER_APP,)))}), "L005",
     {("L005", MHTML, line_of(shop(extra=(SHORT_OTHER_APP,)), "999999"))}),
    ("L005-subdomain-in-page-is-no-shop", lambda t: platform(t, files={MHTML: chrome_mhtml(shop(extra=('<a href="//othershop.jd.com/" target="_blank">x</a>',)))}),
     "L005", set()),
    # a shop's own domain and a shop id name a shop in two ways: offline they cannot be compared
    ("L005-shop-domain-in-links-txt-and-an-id-in-the-page", lambda t: platform(t, files={
        "links.txt": "店铺：https://redqingting.jd.com/\n", MHTML: chrome_mhtml(shop())}), "L005", set()),
    ("L005-two-shop-domains", lambda t: groupbuy(t, files={"links.txt": "店铺：https://redqingting.jd.com/\n店铺2：https://aokang.jd.com/\n"}),
     "L005", {("L005", "links.txt", 2)}),
    ("L005-links-txt-beats-url-on-a-tie", lambda t: platform(t, files={"店铺.url": f"[InternetShortcut]\r\nURL=https:{OTHER_SHOP}\r\n"}), "L005",
     {("L005", "店铺.url", None)}),
    ("L005-sheet-beats-links-txt-on-a-tie", lambda t: groupbuy(t, [gb_row(A)], files={"links.txt": f"店铺：https:{OTHER_SHOP}\n"}), "L005",
     {("L005", "links.txt", 1)}),
    ("L005-tie-between-sheet-rows-and-links-txt", lambda t: groupbuy(t, files={"links.txt": f"店铺：https:{OTHER_SHOP}\n店铺2：https:{OTHER_SHOP}\n"}),
     "L005", {("L005", "links.txt", 1), ("L005", "links.txt", 2)}),
    ("L005-majority-outvotes-the-sheet", lambda t: groupbuy(t, files={"links.txt": f"店铺：https:{OTHER_SHOP}\n" * 3}),
     "L005", {("L005", GB_SHEET, R), ("L005", GB_SHEET, R + 1)}),
]


@pytest.mark.parametrize(("build", "code", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_code(tmp_path, build, code, expected):
    folder = build(tmp_path)
    type_name = "groupbuy" if folder.name.startswith("团购") else "platform"
    report = check(folder, type_name)
    assert located(report, code) == expected, [f"{f.code} {f.file}:{f.row} {f.message}" for f in report.findings]


@pytest.mark.parametrize("save", ["complete", "mhtml", "mhtml-renamed"])
def test_jd_shop_page_as_chrome_saves_it_has_no_finding(tmp_path, save):
    """135 H002 findings on one real JD page before: the shop's own search, activity pages,
    coupons, lists, JD's navigation, protocol-relative links, javascript:; and #."""
    page = {"complete": (PAGE, complete(shop())), "mhtml": (MHTML, chrome_mhtml(shop())),
            "mhtml-renamed": (PAGE, chrome_mhtml(shop()))}[save]
    report = check(platform(tmp_path, files=dict([page])), "platform")
    assert report.findings == [], [f"{f.code} {f.file}:{f.row} {f.message}" for f in report.findings]


def test_messages_name_sku_sheet_row_and_values(tmp_path):
    folder = platform(tmp_path, sold_out_rows(), files={MHTML: chrome_mhtml(shop(jd_item(A, price="399.00"), jd_item(B)))})
    report = check(folder, "platform", lang="en")
    (h003,) = [f for f in report.findings if f.code == "H003"]
    assert (h003.expected, h003.actual) == ("299", "¥399.00") and A in h003.message and f"row {R}" in h003.message
    (h004,) = [f for f in report.findings if f.code == "H004"]
    assert B in h004.message and f"row {R + 1}" in h004.message and h004.severity.value == "error"
    zh = check(folder, "platform")
    assert any("售罄" in f.fix for f in zh.findings if f.code == "H004")


def test_l005_names_the_reference_shop(tmp_path):
    report = check(platform(tmp_path, files={MHTML: chrome_mhtml(shop(extra=(SISTER,)))}), "platform", lang="en")
    (finding,) = [f for f in report.findings if f.code == "L005"]
    assert finding.actual == "https:" + OTHER_SHOP and finding.expected == "https://mall.jd.com/index-1000001.html"
    assert "decoration page" in finding.message


REAL = Path(__file__).resolve().parents[1] / "corpus" / "chromium-generated" / "jd_shop_page.mhtml"


def test_real_chrome_mhtml_through_the_cli(tmp_path, capsys):
    """A page saved by real Chromium: only the taobao link is a finding, at its line in the page."""
    from jdcheck.cli import main

    rows = [pf_row(A), pf_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", price=349, stock=0, sold_out="是")]
    folder = platform(tmp_path, rows, files={"店铺首页.mhtml": REAL.read_bytes()})
    code = main(["platform", str(folder), "--today", "2026-11-25", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["code"], f["file"], f["row"], f["actual"]) for f in findings] == [
        ("H002", "店铺首页.mhtml", 22, "https://shop123.taobao.com/")]


def test_real_chrome_mhtml_sold_out_and_price(tmp_path):
    """The same page against a sheet that disagrees: B's price, and A sold out with no mark."""
    rows = [pf_row(A, stock=0, sold_out="是"), pf_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", price=299)]
    report = check(platform(tmp_path, rows, files={"店铺首页.mhtml": REAL.read_bytes()}), "platform")
    assert located(report, "H003") == {("H003", "店铺首页.mhtml", 20)}
    assert located(report, "H004") == {("H004", "店铺首页.mhtml", 19)}


MUTATION = st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate"]), st.floats(0, 1, allow_nan=False),
                     st.integers(1, 400), st.integers(0, 255))


def _mutate(data: bytes, mutations) -> bytes:
    for kind, where, size, byte in mutations:
        at = int(where * len(data))
        if kind == "flip":
            data = data[:at] + bytes([byte]) * size + data[at + size:]
        elif kind == "insert":
            data = data[:at] + bytes([byte]) * size + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + size:]
        else:
            data = data[:at]
    return data


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), name=st.sampled_from(["店铺.mhtml", "店铺.html"]))
def test_mutated_real_mhtml_is_a_finding_never_a_crash(tmp_path_factory, mutations, name):
    """Broken single-file pages (cut downloads, edited by hand) are read or reported as H002, never X001."""
    rows = [pf_row(A), pf_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", price=349, stock=0, sold_out="是")]
    folder = platform(tmp_path_factory.mktemp("fuzz"), rows, files={name: _mutate(REAL.read_bytes(), mutations)})
    report = check(folder, "platform")
    assert not [f for f in report.findings if f.code == "X001"], [f.message for f in report.findings]
