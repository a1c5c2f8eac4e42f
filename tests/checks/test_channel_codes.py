"""One table per rule code of the channel type (二三级资源): the sheet, the screenshot(s) and the
email draft. Mails are written as Outlook (GB2312 quoted-printable, plain + HTML), Foxmail (GBK
base64 HTML only), QQ Mail (UTF-8 HTML table, RFC 2231 names) and Apple Mail (inline screenshot)
write them. The valid folder has no finding."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from jdcheck.rulefile import load_rules
from tests import eml_builders as eml
from tests.folders import FIRST_DATA_ROW as R, check, located
from tests.image_builders import jpeg, png
from tests.vision_pictures import PICTURE_CODES, picture, vision_on
from tests.type_folders import (
    CHANNEL_SHEET as SHEET, MAIL, SKUS, apple_mail, ch_row, channel, foxmail_mail, item_lines, outlook_mail,
    qq_table_mail,
)

A, B = SKUS
XLSX = eml.File("提报表.xlsx", b"PK\x03\x04" + bytes(100), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def rows(**changes):
    first = {"sku": A, **changes.get("0", {})}
    second = {"sku": B, "title": "红蜻蜓 牛皮系带 马丁靴 RQT-2315", "price": 349, **changes.get("1", {})}
    return [ch_row(**first), ch_row(**second)]


VALID = rows()
CLIENTS = {"outlook": outlook_mail, "foxmail": foxmail_mail, "qq-table": qq_table_mail, "apple-inline": apple_mail}


@pytest.mark.parametrize("client", CLIENTS)
def test_valid_folder_from_every_client_has_no_finding(tmp_path, client):
    report = check(channel(tmp_path, VALID, mail=CLIENTS[client](VALID)), "channel")
    assert report.findings == [] and report.passed


def test_screenshot_names_of_other_types_are_screenshots(tmp_path):
    folder = channel(tmp_path, files={"截图.jpg": None, "款式截图.jpg": lambda p: jpeg(p, (150, 200)),
                                      "促销截图.png": lambda p: png(p, (150, 200))})
    assert check(folder, "channel").findings == []


def mail_lines(*changes: tuple[int, str, str]) -> list[str]:
    """The valid mail's lines with (line index, old, new) replacements."""
    lines = item_lines(VALID)
    for index, old, new in changes:
        lines[index] = lines[index].replace(old, new)
    return lines


CASES = [
    ("M101-no-email", lambda t: channel(t, files={MAIL: None}), "M101", {("M101", None, None)}),
    ("M101-no-screenshot", lambda t: channel(t, files={"截图.jpg": None}, mail=outlook_mail(VALID, attachments=())),
     "M101", {("M101", None, None)}),
    ("M101-no-sheet", lambda t: channel(t, sheet=None), "M101", {("M101", None, None)}),
    ("M102-two-emails", lambda t: channel(t, files={"提报邮件(1).eml": outlook_mail(VALID)}), "M102",
     {("M102", MAIL, None), ("M102", "提报邮件(1).eml", None)}),
    ("M103-image-without-screenshot-name", lambda t: channel(t, files={f"{A}.jpg": lambda p: jpeg(p)}), "M103", {("M103", f"{A}.jpg", None)}),
    ("M104-xlsx-named-xls", lambda t: channel(t, sheet="二三级资源提报.xls"), "M104", {("M104", "二三级资源提报.xls", None)}),
    ("I001-not-an-image", lambda t: channel(t, files={"截图.jpg": b"<html>404</html>"}), "I001", {("I001", "截图.jpg", None)}),
    ("I005-png-named-jpg", lambda t: channel(t, files={"截图.jpg": lambda p: png(p)}), "I005", {("I005", "截图.jpg", None)}),
    ("I006-cmyk", lambda t: channel(t, files={"截图.jpg": lambda p: jpeg(p, mode="CMYK")}), "I006", {("I006", "截图.jpg", None)}),
    ("S001-garbage", lambda t: channel(t, files={SHEET: b"\x00garbage" * 40}), "S001", {("S001", SHEET, None)}),
    ("S002-renamed", lambda t: channel(t, header=["SKU编码", "商品名称", "规格", "价格", "库存", "广告语", "促销开始时间", "促销结束时间", "商品链接"]),
     "S002", {("S002", SHEET, R - 1)}),
    ("S003-old-template", lambda t: channel(t, title_rows=(("二三级资源提报",), ("模板版本: 2026.06",))), "S003", {("S003", SHEET, None)}),
    ("S004-empty-size", lambda t: channel(t, rows(**{"1": {"size": None}})), "S004", {("S004", SHEET, R + 1)}),
    ("S004-empty-slogan-is-T002", lambda t: channel(t, rows(**{"1": {"slogan": None}})), "S004", set()),
    ("S005-date-text", lambda t: channel(t, rows(**{"0": {"promo_start": "月初"}})), "S005", {("S005", SHEET, R)}),
    ("S006-zero-price", lambda t: channel(t, rows(**{"0": {"price": 0}}), mail=outlook_mail(rows(**{"0": {"price": 0}}))),
     "S006", {("S006", SHEET, R)}),
    ("S007-long-number", lambda t: channel(t, rows(**{"0": {"sku": int(A)}})), "S007", {("S007", SHEET, R)}),
    ("S008-duplicate", lambda t: channel(t, [ch_row(A), ch_row(A)], mail=outlook_mail([ch_row(A)])), "S008", {("S008", SHEET, R + 1)}),
    ("S009-spaces", lambda t: channel(t, rows(**{"0": {"slogan": " 暖冬上新 "}})), "S009", {("S009", SHEET, R)}),
    ("S010-no-rows", lambda t: channel(t, []), "S010", {("S010", SHEET, R - 1)}),
    ("S011-hidden-row", lambda t: channel(t, sheet_options={"hidden_rows": [R]}), "S011", {("S011", SHEET, R)}),
    ("S012-formula", lambda t: channel(t, rows(**{"1": {"stock": "=100*5"}})), "S012", {("S012", SHEET, R + 1)}),
    ("S013-slogan-merged-over-two-rows", lambda t: channel(t, rows(**{"1": {"slogan": None}}), mail=outlook_mail(VALID),
                                                           sheet_options={"merges": [f"F{R}:F{R + 1}"]}),
     "S013", {("S013", SHEET, R)}),
    ("S014-example-row", lambda t: channel(t, [ch_row("示例"), *VALID], mail=outlook_mail(VALID)), "S014", {("S014", SHEET, R)}),
    ("M107-annotated-copy", lambda t: channel(t, sheet_options={"extra_sheets": {"jdcheck": [["代码"]]}}),
     "M107", {("M107", SHEET, None)}),
    ("L008-hyperlink-differs", lambda t: channel(t, sheet_options={"hyperlinks": {f"I{R}": "https://item.jd.com/100099999999.html"}}),
     "L008", {("L008", SHEET, R)}),
    ("V001-size-37-code", lambda t: channel(t, rows(**{"0": {"size": "37码"}, "1": {"size": "37/235"}})), "V001", set()),
    ("L001-not-a-url", lambda t: channel(t, rows(**{"0": {"product_link": "见邮件"}})), "L001", {("L001", SHEET, R)}),
    ("L002-search-page", lambda t: channel(t, rows(**{"0": {"product_link": "https://search.jd.com/Search?keyword=靴"}})),
     "L002", {("L002", SHEET, R)}),
    ("L004-other-sku", lambda t: channel(t, rows(**{"1": {"product_link": f"https://item.jd.com/{A}.html"}})), "L004", {("L004", SHEET, R + 1)}),
    ("L006-short", lambda t: channel(t, rows(**{"1": {"product_link": "https://u.jd.com/Ab1"}})), "L006", {("L006", SHEET, R + 1)}),
    ("P003-rows-differ", lambda t: channel(t, [ch_row(A), ch_row(B, promo_end=dt.datetime(2026, 12, 10, 23, 59)), ch_row("100034567892")],
                                           mail=outlook_mail([ch_row(A), ch_row(B), ch_row("100034567892")])),
     "P003", {("P003", SHEET, R + 1)}),
    ("P003-majority-is-the-reference", lambda t: channel(
        t, [ch_row(A, promo_start=dt.datetime(2026, 12, 2)), ch_row(B), ch_row("100034567892")],
        mail=outlook_mail([ch_row(A), ch_row(B), ch_row("100034567892")])), "P003", {("P003", SHEET, R)}),
    ("P005-end-before-start", lambda t: channel(t, [ch_row(A, promo_end=dt.datetime(2026, 11, 30))], mail=outlook_mail([ch_row(A)])),
     "P005", {("P005", SHEET, R)}),
    ("T002-empty-slogan", lambda t: channel(t, rows(**{"1": {"slogan": None}})), "T002", {("T002", SHEET, R + 1)}),
    ("T003-banned-slogan", lambda t: channel(t, rows(**{"0": {"slogan": "全网最低 仅此一天"}})), "T003", {("T003", SHEET, R)}),
    ("V001-size-39", lambda t: channel(t, rows(**{"1": {"size": "39码"}})), "V001", {("V001", SHEET, R + 1)}),
    ("V002-key-size-no-stock", lambda t: channel(t, rows(**{"0": {"stock": 0}})), "V002", {("V002", SHEET, R)}),
    # E — the email
    ("E001-msg-renamed-eml", lambda t: channel(t, mail=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "E001", {("E001", MAIL, None)}),
    ("E001-empty", lambda t: channel(t, mail=b"\r\n"), "E001", {("E001", MAIL, None)}),
    ("E002-only-the-sheet-attached", lambda t: channel(t, mail=outlook_mail(VALID, attachments=(XLSX,))), "E002", {("E002", MAIL, None)}),
    ("E002-nothing-attached-foxmail", lambda t: channel(t, mail=foxmail_mail(VALID, attachments=())), "E002", {("E002", MAIL, None)}),
    ("E002-qq-octet-stream-png-passes", lambda t: channel(t, mail=qq_table_mail(VALID)), "E002", set()),
    ("E002-apple-inline-passes", lambda t: channel(t, mail=apple_mail(VALID)), "E002", set()),
    ("E003-sku-missing", lambda t: channel(t, mail=outlook_mail(VALID, lines=item_lines(VALID)[:3])), "E003", {("E003", MAIL, None)}),
    ("E003-sku-only-inside-link", lambda t: channel(t, mail=foxmail_mail(VALID, lines=item_lines(VALID)[:3] + item_lines(VALID)[4:])),
     "E003", {("E003", MAIL, None)}),
    ("E003-price-differs-outlook", lambda t: channel(t, mail=outlook_mail(VALID, lines=mail_lines((4, "349", "329")))), "E003", {("E003", MAIL, None)}),
    ("E003-price-differs-foxmail", lambda t: channel(t, mail=foxmail_mail(VALID, lines=mail_lines((1, "299", "289")))), "E003", {("E003", MAIL, None)}),
    ("E003-price-differs-qq-table", lambda t: channel(t, mail=qq_table_mail(VALID, prices=[299, 359])), "E003", {("E003", MAIL, None)}),
    ("E003-no-price", lambda t: channel(t, mail=outlook_mail(VALID, lines=mail_lines((1, "价格：299元", "见截图")))), "E003", {("E003", MAIL, None)}),
    ("E003-link-missing", lambda t: channel(t, mail=foxmail_mail(VALID, lines=mail_lines((5, f"https://item.jd.com/{B}.html", "见附件")))),
     "E003", {("E003", MAIL, None)}),
    ("E003-price-forms-pass", lambda t: channel(t, mail=foxmail_mail(VALID, lines=mail_lines(
        (1, "价格：299元", "活动价 ￥299.00"), (4, "价格：349元", "到手价：３４９")))), "E003", set()),
    ("E003-summary-line-first-passes", lambda t: channel(t, mail=outlook_mail(VALID, lines=[f"本次提报 SKU：{A}、{B}"] + item_lines(VALID))),
     "E003", set()),
    ("E003-link-glued-to-text-passes", lambda t: channel(t, mail=foxmail_mail(VALID, lines=[
        f"SKU：{A} 价格：299元 链接：https://item.jd.com/{A}.html谢谢", f"SKU：{B} 价格：349元 https://item.jd.com/{B}.html，"])),
     "E003", set()),
    ("E003-mobile-link-passes", lambda t: channel(t, mail=outlook_mail(VALID, lines=mail_lines(
        (2, f"https://item.jd.com/{A}.html", f"https://item.m.jd.com/product/{A}.html")))), "E003", set()),
    ("E004-empty-subject", lambda t: channel(t, mail=outlook_mail(VALID, subject="")), "E004", {("E004", MAIL, None)}),
    ("E004-off-pattern", lambda t: channel(t, mail=foxmail_mail(VALID, subject="提报资料")), "E004", {("E004", MAIL, None)}),
    # P009 (jdcheck[vision]): the screenshot showing promotion settings is compared, SKU by SKU
    ("P009-sku-price-differs", lambda t: channel(t, [ch_row(A), ch_row(B, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", price=359)],
                                                 files={"截图.jpg": picture("ch_promo_ok.jpg")}),
     "P009", {("P009", "截图.jpg", R + 1)}),
    ("P009-same-passes", lambda t: channel(t, files={"截图.jpg": picture("ch_promo_ok.jpg")}), "P009", set()),
]


@pytest.mark.parametrize(("build", "code", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_code(tmp_path, monkeypatch, build, code, expected):
    if code in PICTURE_CODES:
        vision_on(monkeypatch)
    report = check(build(tmp_path), "channel")
    assert located(report, code) == expected, [f"{f.code} {f.file}:{f.row} {f.message}" for f in report.findings]


def test_every_channel_code_has_a_failing_case():
    from jdcheck.checks import registry

    failing = {code for _, _, code, expected in CASES if expected}
    online = {code for code, c in registry().items() if c.online}  # cases in tests/test_online.py
    assert set(load_rules("channel").enabled_checks) - online <= failing


def test_E003_names_the_sku_and_both_prices(tmp_path):
    folder = channel(tmp_path, mail=outlook_mail(VALID, lines=mail_lines((4, "349", "329"))))
    (finding,) = [f for f in check(folder, "channel", lang="en").findings if f.code == "E003"]
    assert (finding.expected, finding.actual) == ("349", "329") and B in finding.message


def test_unreadable_email_skips_the_other_email_checks(tmp_path):
    report = check(channel(tmp_path, mail=b"\x00" * 100), "channel")
    assert {f.code for f in report.findings if f.file == MAIL} == {"E001"}


def test_merged_slogan_is_one_S013_not_T002_on_the_covered_cell(tmp_path):
    folder = channel(tmp_path, rows(**{"1": {"slogan": None}}), mail=outlook_mail(VALID),
                     sheet_options={"merges": [f"F{R}:F{R + 1}"]})
    assert located(check(folder, "channel")) == {("S013", SHEET, R)}


# ---------------------------------------------------------------------------------------------
# E003 on the layouts each client writes (issue 10): blocks, labels, Outlook/Word tables.

SHOT = eml.File("截图.png", eml.tiny_png(750, 1334))
URL_A, URL_B = (f"https://item.jd.com/{sku}.html" for sku in SKUS)
HEADER = ["SKU编码", "商品名称", "价格", "链接"]


def client_mail(client: str, lines: list[str] | None = None, *, table: str | None = None,
                plain: str | None = None, attachments: tuple[eml.File, ...] = (SHOT,)) -> bytes:
    """The mail a client writes from these body lines ("" = an empty line) or this table HTML."""
    html = table if table is not None or client == "foxmail-plain" else eml.body_lines(client, lines or [])
    text = plain if plain is not None else "\n".join(lines or [])
    subject = "【二三级资源】红蜻蜓旗舰店 11月25日提报"
    if client == "outlook":
        return eml.outlook(subject, plain=text, html=html, attachments=attachments)
    if client == "foxmail":
        return eml.foxmail(subject, html=html, attachments=attachments)
    if client == "foxmail-plain":
        return eml.foxmail(subject, plain=text, attachments=attachments)
    if client == "qqmail":
        return eml.qqmail(subject, html=html, attachments=attachments, charset="gb18030", plain=text)
    return eml.netease(subject, plain=text, html=html, attachments=attachments)


BLOCKS = ["您好，提报如下：", "", f"SKU：{A}", "价格：299元", f"链接：{URL_A}", "", f"SKU：{B}", "价格：349元",
          f"链接：{URL_B}", "", "谢谢"]
# Price first, then the SKU: each price belongs to the SKU below it, not to the item before.
PRICE_FIRST_BLANK = ["价格：299元", f"SKU：{A}", URL_A, "", "价格：349元", f"SKU：{B}", URL_B]
PRICE_FIRST_LABELS = ["商品：雪地靴", "价格：299元", f"SKU：{A}", f"链接：{URL_A}",
                      "商品：马丁靴", "价格：349元", f"SKU：{B}", f"链接：{URL_B}"]
PRICE_FIRST_BARE = ["价格：299元", f"SKU：{A}", f"链接：{URL_A}", "价格：349元", f"SKU：{B}", f"链接：{URL_B}"]
ONE_LINE_EACH = [f"{A} ￥299 {URL_A}", f"{B} ￥349 {URL_B}"]  # the full-width ￥ a Chinese IME types
BOTH_ON_ONE_LINE = [f"SKU {A} 价格299元；SKU {B} 价格349元", URL_A, URL_B]
# Each item with its shop link too: a shop link is no item's field and starts no block.
WITH_SHOP_LINKS = [f"SKU：{A}", "店铺链接：https://mall.jd.com/index-1000001.html", f"商品链接：{URL_A}", "价格：299元",
                   f"SKU：{B}", "店铺链接：https://mall.jd.com/index-1000001.html", f"商品链接：{URL_B}", "价格：349元"]
ROWS = [[A, "雪地靴", "299", URL_A], [B, "马丁靴", "349", URL_B]]
NO_NAME_A = [[A, "", "299", URL_A], [B, "马丁靴", "349", URL_B]]


# Outlook's inline forward: a note, the original's header block, the original body below it.
FORWARD_HEADER = (
    "<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal>"
    "<b>发件人<span lang=EN-US>:</span></b> 张喆 <span lang=EN-US>&lt;zhangzhe@shop-example.cn&gt;<br></span>"
    "<b>发送时间<span lang=EN-US>:</span></b> <span lang=EN-US>2025</span>年<span lang=EN-US>11</span>月"
    "<span lang=EN-US>18</span>日 <span lang=EN-US>10:12<br></span><b>主题<span lang=EN-US>:</span></b> "
    "【二三级资源】红蜻蜓旗舰店 11月25日提报<o:p></o:p></p></div>"
)


def forwarded(lines: list[str]) -> bytes:
    html = (eml.body_lines("outlook", ["李经理，请审核，谢谢！", "", "张喆 13800138000"]) + FORWARD_HEADER
            + eml.body_lines("outlook", ["", *lines]))
    return eml.outlook("转发: 【二三级资源】红蜻蜓旗舰店 11月25日提报", plain="\n".join(lines), html=html, attachments=(SHOT,))


def _swap(lines: list[str], old: str, new: str) -> list[str]:
    return [line.replace(old, new) for line in lines]


# (id, client, mail builder, {(expected, actual)} of the E003 findings: sheet A 299, B 349)
LAYOUTS = [
    *[(f"blocks-{c}", c, lambda c=c: client_mail(c, BLOCKS), set()) for c in ("outlook", "foxmail", "qqmail", "netease")],
    *[(f"price-first-blank-lines-{c}", c, lambda c=c: client_mail(c, PRICE_FIRST_BLANK), set())
      for c in ("outlook", "foxmail", "qqmail", "netease")],
    *[(f"price-first-name-labels-{c}", c, lambda c=c: client_mail(c, PRICE_FIRST_LABELS), set())
      for c in ("outlook", "foxmail", "qqmail", "netease")],
    ("price-first-no-separator-qqmail", "qqmail", lambda: client_mail("qqmail", PRICE_FIRST_BARE), set()),
    ("one-line-each-netease", "netease", lambda: client_mail("netease", ONE_LINE_EACH), set()),
    ("both-on-one-line-foxmail", "foxmail", lambda: client_mail("foxmail", BOTH_ON_ONE_LINE), set()),
    ("price-first-wrong-b-netease", "netease", lambda: client_mail("netease", _swap(PRICE_FIRST_BLANK, "349", "329")),
     {("349", "329")}),
    ("price-first-wrong-a-foxmail", "foxmail", lambda: client_mail("foxmail", _swap(PRICE_FIRST_LABELS, "299", "289")),
     {("299", "289")}),
    ("blocks-b-without-price-qqmail", "qqmail", lambda: client_mail("qqmail", [x for x in BLOCKS if x != "价格：349元"]),
     {("349", None)}),
    ("shop-links-in-each-item-foxmail", "foxmail", lambda: client_mail("foxmail", WITH_SHOP_LINKS), set()),
    ("forwarded-outlook", "outlook", lambda: forwarded(BLOCKS), set()),
    ("forwarded-price-first-outlook", "outlook", lambda: forwarded(PRICE_FIRST_BARE), set()),
    ("forwarded-wrong-a-outlook", "outlook", lambda: forwarded(_swap(BLOCKS, "299", "289")), {("299", "289")}),
    # Outlook's Word tables: each cell in <p class=MsoNormal>; the plain part has a cell per line.
    ("word-table-outlook", "outlook", lambda: client_mail(
        "outlook", table=eml.word_table(HEADER, ROWS), plain=eml.word_table_plain(HEADER, ROWS)), set()),
    ("word-table-empty-cell-outlook", "outlook", lambda: client_mail(
        "outlook", table=eml.word_table(HEADER, NO_NAME_A), plain=eml.word_table_plain(HEADER, NO_NAME_A)), set()),
    ("word-table-div-cells-outlook", "outlook", lambda: client_mail(
        "outlook", table=eml.word_table(HEADER, ROWS, div_cells=True)), set()),
    ("word-table-netease", "netease", lambda: client_mail("netease", table=eml.word_table(HEADER, ROWS)), set()),
    ("word-table-price-with-unit-outlook", "outlook", lambda: client_mail(
        "outlook", table=eml.word_table(HEADER, [[A, "雪地靴", "￥299.00", URL_A], [B, "马丁靴", "349元/双", URL_B]])), set()),
    ("word-table-price-differs-outlook", "outlook", lambda: client_mail(
        "outlook", table=eml.word_table(HEADER, [ROWS[0], [B, "马丁靴", "329", URL_B]])), {("349", "329")}),
    ("word-table-price-cell-empty-outlook", "outlook", lambda: client_mail(
        "outlook", table=eml.word_table(HEADER, [ROWS[0], [B, "马丁靴", "", URL_B]])), {("349", None)}),
]


@pytest.mark.parametrize(("client", "build", "expected"), [c[1:] for c in LAYOUTS], ids=[c[0] for c in LAYOUTS])
def test_E003_on_each_client_layout(tmp_path, client, build, expected):
    report = check(channel(tmp_path, VALID, mail=build()), "channel")
    found = {(f.expected, f.actual) for f in report.findings if f.code == "E003"}
    assert found == expected, [f"{f.code} {f.file} {f.message}" for f in report.findings]
    assert {f.file for f in report.findings} <= {MAIL}
    assert {f.code for f in report.findings} <= {"E003"}


# ---------------------------------------------------------------------------------------------
# E003: the list price (京东价, 原价, 划线价) written beside the item's promotion price is not the
# item's price, and starts no item (newcomer report 6, item 4). Sheet: A 299, B 349.

def jd_price_items(*, blank: bool = False, a: str = "促销价：299元", b: str = "促销价：349元",
                   list_a: str = "京东价：399元", list_b: str = "京东价：449元") -> list[str]:
    """SKU, list price, promotion price and link of each item, as operators write them."""
    first = [f"SKU：{A}", list_a, a, f"链接：{URL_A}"]
    second = [f"SKU：{B}", list_b, b, f"链接：{URL_B}"]
    return [line for line in [*first, *([""] if blank else []), *second] if line is not None]


def br_paragraphs(items: list[list[str]], separator: str) -> str:
    """Each item one paragraph whose lines are <br> breaks (Shift+Enter in Outlook, QQ Mail's
    editor), the paragraphs joined by `separator` (an empty paragraph, or nothing)."""
    return separator.join("<p>" + "<br>".join(eml._linked(line) for line in item) + "</p>" for item in items)


JD_HEADER = ["SKU编码", "京东价", "促销价", "商品链接"]
JD_ROWS = [[A, "399", "299", URL_A], [B, "449", "349", URL_B]]
GROUP_HEADER = ["SKU编码", "商品名称", "京东价", "团购价", "链接"]
GROUP_ROWS = [[A, "雪地靴", "399", "299", URL_A], [B, "马丁靴", "449", "349", URL_B]]
PARAGRAPHS = [jd_price_items()[:4], jd_price_items()[4:]]
CLIENT_NAMES = ("outlook", "foxmail", "qqmail", "netease", "foxmail-plain")

# (id, mail builder, {(SKU, expected, actual)} of the E003 findings)
LIST_PRICES = [
    *[(f"no-separator-{c}", lambda c=c: client_mail(c, jd_price_items()), set()) for c in CLIENT_NAMES],
    *[(f"blank-line-{c}", lambda c=c: client_mail(c, jd_price_items(blank=True)), set()) for c in CLIENT_NAMES],
    *[(f"wrong-b-no-separator-{c}", lambda c=c: client_mail(c, jd_price_items(b="促销价：329元")), {(B, "349", "329")})
      for c in CLIENT_NAMES],
    ("wrong-a-blank-line-foxmail-plain", lambda: client_mail("foxmail-plain", jd_price_items(blank=True, a="促销价：289元")),
     {(A, "299", "289")}),
    ("list-price-after-outlook", lambda: client_mail("outlook", [
        f"SKU：{A}", "活动价：299元", "原价：399元", URL_A, f"SKU：{B}", "活动价：349元", "原价：449元", URL_B]), set()),
    ("both-on-one-line-qqmail", lambda: client_mail("qqmail", [
        f"SKU：{A}", "京东价：399元 促销价：299元", URL_A, f"SKU：{B}", "划线价 ¥449 到手价 ¥349", URL_B]), set()),
    ("group-and-submitted-labels-netease", lambda: client_mail("netease", jd_price_items(
        a="团购价：299元", b="提报价：349元", list_a="市场价：399元", list_b="京东价格：449元")), set()),
    ("only-list-price-for-b-foxmail", lambda: client_mail("foxmail", jd_price_items(b=None)), {(B, "349", None)}),
    ("list-price-equals-sheet-is-not-the-price-outlook", lambda: client_mail("outlook", jd_price_items(
        b="促销价：329元", list_b="京东价：349元")), {(B, "349", "329")}),
    ("br-paragraphs-outlook", lambda: client_mail("outlook", table=br_paragraphs(PARAGRAPHS, ""),
                                                  plain="\n".join(jd_price_items())), set()),
    ("br-paragraphs-blank-paragraph-qqmail", lambda: client_mail("qqmail", table=br_paragraphs(PARAGRAPHS, "<p><br></p>"),
                                                                 plain="\n".join(jd_price_items(blank=True))), set()),
    ("br-paragraphs-empty-paragraph-foxmail", lambda: client_mail("foxmail", table=br_paragraphs(PARAGRAPHS, "<p></p>")), set()),
    ("br-paragraphs-wrong-a-foxmail", lambda: client_mail("foxmail", table=br_paragraphs(
        [jd_price_items(a="促销价：289元")[:4], PARAGRAPHS[1]], "")), {(A, "299", "289")}),
    ("table-list-price-column-outlook", lambda: client_mail("outlook", table=eml.word_table(JD_HEADER, JD_ROWS)), set()),
    ("table-group-price-column-qqmail", lambda: client_mail("qqmail", table=eml.word_table(GROUP_HEADER, GROUP_ROWS)), set()),
    ("table-both-prices-in-the-price-cell-outlook", lambda: client_mail("outlook", table=eml.word_table(HEADER, [
        [A, "雪地靴", "京东价399元 促销价299元", URL_A], [B, "马丁靴", "京东价：449 活动价：349", URL_B]])), set()),
    ("table-group-price-differs-netease", lambda: client_mail("netease", table=eml.word_table(
        GROUP_HEADER, [GROUP_ROWS[0], [B, "马丁靴", "449", "329", URL_B]])), {(B, "349", "329")}),
]


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in LIST_PRICES], ids=[c[0] for c in LIST_PRICES])
def test_E003_list_prices_are_not_the_items_price(tmp_path, build, expected):
    report = check(channel(tmp_path, VALID, mail=build()), "channel")
    found = {(re.search(r"SKU (\d+)", f.message)[1], f.expected, f.actual) for f in report.findings if f.code == "E003"}
    assert found == expected, [f"{f.code} {f.file} {f.message}" for f in report.findings]
    assert located(report) == ({("E003", MAIL, None)} if expected else set())


def test_E003_says_when_only_the_list_price_is_written(tmp_path):
    folder = channel(tmp_path, VALID, mail=client_mail("outlook", jd_price_items(b=None)))
    said = {lang: [f.message for f in check(folder, "channel", lang=lang).findings if f.code == "E003"] for lang in ("zh", "en")}
    assert said == {
        "zh": [f"邮件中 SKU {B} 只写了京东价（原价）449，没有写提报的促销价（表格中为 349）。"],
        "en": [f"The email gives SKU {B} only its list price (京东价) 449, not the promotion price submitted (the sheet says 349)."],
    }


def test_the_builders_write_each_clients_markup():
    """The layouts above are the clients' own: X-Mailer, charset, line markup."""
    raw = {c: client_mail(c, BLOCKS) for c in ("outlook", "foxmail", "qqmail", "netease")}
    assert b"X-Mailer: Microsoft Outlook 16.0" in raw["outlook"]
    assert b"X-Mailer: Foxmail 7.2" in raw["foxmail"] and b'charset="GBK"' in raw["foxmail"]
    assert b"X-Mailer: QQMail 2.x" in raw["qqmail"] and b'charset="gb18030"' in raw["qqmail"]
    assert b"X-Mailer: Coremail Webmail Server" in raw["netease"] and b"charset=GBK" in raw["netease"]


# ---------------------------------------------------------------------------------------------
# E002: a picture under 100×100 in a mail is an icon, not a screenshot.

ICON = eml.tiny_png(32, 32)
PNG_SHOT = eml.tiny_png(750, 1334)
SIGNATURE_HTML = '<p class=MsoNormal>张喆 | 红蜻蜓旗舰店<img width=32 height=32 src="cid:image001.png@01DC5855.5B1E2C40"></p>'


def _with_inline(data: bytes, picture: bytes, name: str = "image001.png") -> bytes:
    """The Outlook mail with a picture pasted into the body (related part, Content-ID)."""
    part = (f"\r\n------=_NextPart_000_0001_01DC5855.5B1E2C40\r\nContent-Type: image/png;\r\n\tname=\"{name}\"\r\n"
            "Content-Transfer-Encoding: base64\r\nContent-ID: <image001.png@01DC5855.5B1E2C40>\r\n\r\n"
            + eml.b64_lines(picture).replace("\n", "\r\n") + "\r\n")
    closing = b"\r\n------=_NextPart_000_0001_01DC5855.5B1E2C40--"
    return data.replace(closing, part.encode() + closing)


E002_CASES = [
    ("only-a-signature-icon", lambda: _with_inline(outlook_mail(VALID, attachments=()), ICON), {("E002", MAIL, None)}),
    ("icon-and-the-sheet", lambda: _with_inline(outlook_mail(VALID, attachments=(XLSX,)), ICON), {("E002", MAIL, None)}),
    ("a-spacer-400x1", lambda: outlook_mail(VALID, attachments=(eml.File("spacer.png", eml.tiny_png(400, 1)),)),
     {("E002", MAIL, None)}),
    ("icon-and-a-screenshot", lambda: _with_inline(outlook_mail(VALID), ICON), set()),
    ("pasted-screenshot-100x100", lambda: _with_inline(outlook_mail(VALID, attachments=()), eml.tiny_png(100, 100)), set()),
    ("pasted-screenshot-99-wide", lambda: _with_inline(outlook_mail(VALID, attachments=()), eml.tiny_png(99, 400)),
     {("E002", MAIL, None)}),
]


def jpeg_bytes(size: tuple[int, int] = (750, 1334)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 90)).save(out, "JPEG")
    return out.getvalue()


SUBJECT_CH = "【二三级资源】红蜻蜓旗舰店 11月25日提报"
OCTET = "application/octet-stream"
DOCX = b"PK\x03\x04" + bytes(200)

# A picture is told by its bytes when its name and type do not say (newcomer report 6, item 11):
# QQ Mail sends every attachment as application/octet-stream, and an operator renames 截图.jpg to
# 截图 with extensions hidden in Explorer.
E002_CASES += [
    ("qqmail-jpeg-without-extension", lambda: eml.qqmail(SUBJECT_CH, html=eml.body_lines("qqmail", item_lines(VALID)),
                                                         attachments=(eml.File("截图", jpeg_bytes()),)), set()),
    ("outlook-jpeg-without-extension-octet-stream", lambda: outlook_mail(
        VALID, attachments=(eml.File("截图", jpeg_bytes(), OCTET),)), set()),
    ("foxmail-png-named-dat", lambda: foxmail_mail(VALID, attachments=(eml.File("image.dat", PNG_SHOT, OCTET),)), set()),
    ("foxmail-docx-named-screenshot", lambda: foxmail_mail(VALID, attachments=(eml.File("截图", DOCX, OCTET),)),
     {("E002", MAIL, None)}),
    ("qqmail-icon-without-extension", lambda: eml.qqmail(SUBJECT_CH, html=eml.body_lines("qqmail", item_lines(VALID)),
                                                         attachments=(eml.File("logo", ICON),)), {("E002", MAIL, None)}),
]


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in E002_CASES], ids=[c[0] for c in E002_CASES])
def test_E002_small_pictures(tmp_path, build, expected):
    report = check(channel(tmp_path, VALID, mail=build()), "channel")
    assert located(report, "E002") == expected, [f"{f.code} {f.message}" for f in report.findings]


# (id, attachments of the Outlook mail, E002's message in zh, in en): the message says why
# nothing attached counts.
E002_MESSAGES = [
    ("nothing-attached", (), "邮件中没有截图：没有附件，正文中也没有粘贴图片。",
     "The email has no screenshot: nothing is attached and no picture is pasted into the body."),
    ("not-a-picture", (eml.File("截图", DOCX, OCTET), XLSX),
     "邮件中没有截图：附件 截图、提报表.xlsx 不是图片（文件名、类型和文件内容都不是 JPEG、PNG、GIF、WebP 或 BMP）。",
     "The email has no screenshot: the attachments 截图, 提报表.xlsx are not pictures (neither their names, their types "
     "nor their contents are JPEG, PNG, GIF, WebP or BMP)."),
    ("small-picture", (eml.File("logo", ICON, OCTET),),
     "邮件中没有截图：图片 logo 32×32 小于 100×100 像素（签名图标、logo 之类），不算截图。",
     "The email has no screenshot: the pictures logo 32×32 are under 100×100 pixels (signature icons, logos) and do not count."),
    ("both", (eml.File("logo.png", ICON), XLSX),
     "邮件中没有截图：图片 logo.png 32×32 小于 100×100 像素（签名图标、logo 之类），不算截图；附件 提报表.xlsx 不是图片。",
     "The email has no screenshot: the pictures logo.png 32×32 are under 100×100 pixels (signature icons, logos) and do "
     "not count; the attachments 提报表.xlsx are not pictures."),
]


def test_E002_names_the_icon_and_its_size(tmp_path):
    folder = channel(tmp_path, VALID, mail=_with_inline(outlook_mail(VALID, attachments=()), ICON))
    (finding,) = [f for f in check(folder, "channel", lang="en").findings if f.code == "E002"]
    assert finding.actual == "image001.png 32×32"


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize(("price_b", "expected"), [("349", set()), ("329", {("349", "329")})], ids=["agree", "b-differs"])
def test_E003_on_the_sheet_pasted_into_the_mail(tmp_path, price_b, expected):
    """The operator copies the sheet into the mail: the table is LibreOffice's own HTML of the
    example workbook (title and version rows above the header, `价格*` with its star, <br> in
    empty cells, <font> around every value)."""
    import re
    import subprocess
    from pathlib import Path

    book = Path(__file__).resolve().parents[2] / "examples" / "channel-ok" / "二三级资源提报-红蜻蜓.xlsx"
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "html",
                    "--outdir", str(tmp_path / "html"), str(book)], capture_output=True, timeout=120, check=True)
    html = (tmp_path / "html" / (book.stem + ".html")).read_text(encoding="utf-8")
    table = re.search(r"<table.*?</table>", html, re.DOTALL).group(0)
    table = table.replace('color="#000000">349<', f'color="#000000">{price_b}<')
    mail = client_mail("outlook", table="<p class=MsoNormal>您好，提报如下：<o:p></o:p></p>" + table, plain="见表格")
    report = check(channel(tmp_path, VALID, mail=mail), "channel")
    assert {(f.expected, f.actual) for f in report.findings if f.code == "E003"} == expected


def _forwarded_as_attachment() -> bytes:
    """Outlook's "作为附件转发": a short note, the submission attached as message/rfc822."""
    # Its own boundaries: the builder's fixed ones would close the outer mail's parts.
    inner = outlook_mail(VALID).decode("ascii").replace("_01DC5855.5B1E2C40", "_01DC5811.0A0B0C0D")
    outer = eml.outlook("转发: 【二三级资源】红蜻蜓旗舰店 11月25日提报", plain="请见附件", html="<p class=MsoNormal>请见附件</p>")
    part = ("\r\n------=_NextPart_000_0001_01DC5855.5B1E2C40\r\nContent-Type: message/rfc822\r\n"
            "Content-Disposition: attachment;\r\n\tfilename=\"提报.eml\"\r\n\r\n" + inner + "\r\n")
    closing = b"\r\n------=_NextPart_000_0001_01DC5855.5B1E2C40--"
    return outer.replace(closing, part.encode("utf-8") + closing)


def test_E003_says_when_the_items_are_only_in_an_attached_mail(tmp_path):
    report = check(channel(tmp_path, VALID, mail=_forwarded_as_attachment()), "channel", lang="en")
    e003 = [f for f in report.findings if f.code == "E003"]
    assert [(f.file, f.expected) for f in e003] == [(MAIL, A), (MAIL, B)]
    assert all("only carries the mail 提报.eml as an attachment" in f.message for f in e003)
    assert located(report, "E002") == {("E002", MAIL, None)}


# ---------------------------------------------------------------------------------------------
# E003: the link written with an item must open that item (a link pasted from the wrong row).

SHORT = "https://u.jd.com/aB3xYz"
TRACKING = "https://union-click.jd.com/jdc?e=&p=AyIGZRprFQ"
QQ_HEADER = ["SKU编码", "价格", "商品链接"]


def qq_table(rows: list[list[str]]) -> str:
    """QQ Mail's table: a bordered <table>, <b> headers, the URL pasted as the cell's text."""
    td = lambda v: f'<td style="border:1px solid #ccc">{v}</td>'  # noqa: E731
    head = "<tr>" + "".join(td(f"<b>{h}</b>") for h in QQ_HEADER) + "</tr>"
    body = "".join("<tr>" + "".join(td(v) for v in row) + "</tr>" for row in rows)
    return f'<div>您好，提报如下：</div><div><br></div><table border="1" style="border-collapse:collapse"><tbody>{head}{body}</tbody></table><div>谢谢！</div>'


def _exchange(lines: list[str], one: str, other: str) -> list[str]:
    return [line.replace(one, "\0").replace(other, one).replace("\0", other) for line in lines]


BOTH_SWAPPED = {(URL_A, URL_B), (URL_B, URL_A)}
# (id, mail builder, {(expected, actual)} of the E003 findings)
LINK_CASES = [
    *[(f"blocks-links-swapped-{c}", lambda c=c: client_mail(c, _exchange(BLOCKS, URL_A, URL_B)), BOTH_SWAPPED)
      for c in ("outlook", "foxmail", "qqmail", "netease")],
    ("blocks-link-of-a-beside-b-foxmail", lambda: client_mail("foxmail", _swap(BLOCKS, URL_B, URL_A)), {(URL_B, URL_A)}),
    ("price-first-links-swapped-qqmail", lambda: client_mail("qqmail", _exchange(PRICE_FIRST_BARE, URL_A, URL_B)),
     BOTH_SWAPPED),
    ("one-line-each-links-swapped-netease", lambda: client_mail("netease", _exchange(ONE_LINE_EACH, URL_A, URL_B)),
     BOTH_SWAPPED),
    ("qq-table-links-swapped", lambda: client_mail("qqmail", table=qq_table([[A, "299", URL_B], [B, "349", URL_A]])),
     BOTH_SWAPPED),
    # QQ Mail's table as type_folders writes it: the link's text is 点击查看, its address only in href.
    ("qq-table-link-texts-swapped", lambda: qq_table_mail([VALID[0] | {"product_link": URL_B}, VALID[1] | {"product_link": URL_A}]),
     BOTH_SWAPPED),
    ("qq-table-right-links", lambda: client_mail("qqmail", table=qq_table([[A, "299", URL_A], [B, "349", URL_B]])), set()),
    ("word-table-links-swapped-outlook", lambda: client_mail(
        "outlook", table=eml.word_table(HEADER, [[A, "雪地靴", "299", URL_B], [B, "马丁靴", "349", URL_A]])), BOTH_SWAPPED),
    ("blocks-right-links-outlook", lambda: client_mail("outlook", BLOCKS), set()),
    ("mobile-link-of-the-same-sku-netease", lambda: client_mail(
        "netease", _swap(BLOCKS, URL_A, f"https://item.m.jd.com/product/{A}.html")), set()),
    # A short or tracking link names no SKU: it cannot be compared, so it is never "another product".
    ("short-link-beside-the-product-link-foxmail", lambda: client_mail(
        "foxmail", _swap(BLOCKS, f"链接：{URL_A}", f"链接：{URL_A} 推广链接：{SHORT}")), set()),
    ("short-link-only-qq-table", lambda: client_mail("qqmail", table=qq_table([[A, "299", SHORT], [B, "349", URL_B]])),
     {(URL_A, None)}),
    ("tracking-link-only-outlook", lambda: client_mail("outlook", _swap(BLOCKS, URL_A, TRACKING)), {(URL_A, None)}),
    # The links written after all the items: the first joins B's block, and is no swap.
    ("links-after-the-items-outlook", lambda: client_mail(
        "outlook", [f"SKU：{A}", "价格：299元", f"SKU：{B}", "价格：349元", f"链接：{URL_A}", f"链接：{URL_B}"]), set()),
    # ... in another order than the items: not bound to any item, cannot be told.
    ("links-after-the-items-other-order-outlook", lambda: client_mail(
        "outlook", [f"SKU：{A}", "价格：299元", f"SKU：{B}", "价格：349元", f"链接：{URL_B}", f"链接：{URL_A}"]), set()),
    # Both SKUs in one block: which link is whose cannot be told.
    ("both-on-one-line-links-in-other-order-foxmail", lambda: client_mail(
        "foxmail", [BOTH_ON_ONE_LINE[0], URL_B, URL_A]), set()),
]


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in LINK_CASES], ids=[c[0] for c in LINK_CASES])
def test_E003_link_beside_the_sku_opens_that_sku(tmp_path, build, expected):
    report = check(channel(tmp_path, VALID, mail=build()), "channel")
    assert {(f.expected, f.actual) for f in report.findings if f.code == "E003"} == expected, \
        [f"{f.code} {f.file} {f.message}" for f in report.findings]
    assert located(report) == ({("E003", MAIL, None)} if expected else set())


def test_E003_names_the_product_the_wrong_link_opens(tmp_path):
    mail = client_mail("qqmail", table=qq_table([[A, "299", URL_B], [B, "349", URL_B]]))
    report = check(channel(tmp_path, VALID, mail=mail), "channel", lang="en")
    (finding,) = [f for f in report.findings if f.code == "E003"]
    assert finding.message == (f"The link beside SKU {A} (sheet row {R}) in the email, {URL_B}, opens another product, {B}.")
    zh = [f for f in check(channel(tmp_path / "zh", VALID, mail=mail), "channel").findings if f.code == "E003"]
    assert [f.message for f in zh] == [f"邮件中 SKU {A}（表格第 {R} 行）旁边的链接 {URL_B} 打开的是另一个商品 {B}。"]


# ---------------------------------------------------------------------------------------------
# M101: the screenshot of a channel submission may be only in the mail, which is what is sent.

def qq_related_mail(picture: bytes | None) -> bytes:
    """QQ Mail's own layout: GB18030, multipart/related, the item table, the screenshot pasted
    into the body by cid (or no picture at all)."""
    from email.header import Header
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    html = qq_table([[A, "￥299.00", URL_A], [B, "￥349.00", URL_B]])
    if picture is not None:
        html += '<div>活动截图：</div><div><img src="cid:shot1"></div>'
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText("您好", "plain", "gb18030"))
    alternative.attach(MIMEText(html, "html", "gb18030"))
    related = MIMEMultipart("related")
    related.attach(alternative)
    if picture is not None:
        image = MIMEImage(picture, "png")
        image.add_header("Content-ID", "<shot1>")
        image.add_header("Content-Disposition", "inline", filename="截图.png")
        related.attach(image)
    message = MIMEMultipart("mixed")
    message.attach(related)
    message["From"], message["To"] = "ops <12345678@qq.com>", "manager@jd.com"
    message["Subject"] = Header("【二三级资源】红蜻蜓旗舰店 11月25日提报", "gb18030").encode()
    return message.as_bytes()


NO_SHOT = {"截图.jpg": None}
# (id, folder builder, M101 findings, the M101 message variant's file list)
M101_CASES = [
    ("qq-mail-pasted-screenshot", lambda t: channel(t, files=NO_SHOT, mail=qq_related_mail(eml.tiny_png(600, 450))), set()),
    ("apple-mail-pasted-screenshot", lambda t: channel(t, files=NO_SHOT, mail=apple_mail(VALID)), set()),
    ("outlook-attached-screenshot", lambda t: channel(t, files=NO_SHOT, mail=outlook_mail(VALID)), set()),
    ("qq-mail-without-picture", lambda t: channel(t, files=NO_SHOT, mail=qq_related_mail(None)), {("M101", None, None)}),
    ("only-a-signature-icon-in-the-mail", lambda t: channel(t, files=NO_SHOT, mail=_with_inline(
        outlook_mail(VALID, attachments=()), ICON)), {("M101", None, None)}),
    ("unreadable-mail", lambda t: channel(t, files=NO_SHOT, mail=b"\x00" * 100), {("M101", None, None)}),
]


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in M101_CASES], ids=[c[0] for c in M101_CASES])
def test_M101_screenshot_in_the_mail_is_the_screenshot(tmp_path, build, expected):
    report = check(build(tmp_path), "channel")
    assert located(report, "M101") == expected, [f"{f.code} {f.file} {f.message}" for f in report.findings]


def test_M101_names_outlooks_image001_as_the_screenshot(tmp_path):
    folder = channel(tmp_path, files={**NO_SHOT, "image001.jpg": lambda p: jpeg(p, (600, 450))},
                     mail=outlook_mail(VALID, attachments=()))
    report = check(folder, "channel", lang="en")
    (finding,) = [f for f in report.findings if f.code == "M101"]
    assert (finding.file, finding.actual) == (None, "image001.jpg")
    assert finding.message == ("No screenshot in the folder; the picture(s) image001.jpg match no material and may be "
                               "the screenshot (e.g. image001.jpg as Outlook saves a pasted picture).")
    assert "e.g. 截图.jpg" in finding.fix
    assert located(report, "M103") == {("M103", "image001.jpg", None)}


# ---------------------------------------------------------------------------------------------
# The newcomer's two mails, checked as an operator runs jdcheck: items written 京东价 then 促销价
# in <p> lines without a blank line between the items, and the screenshot attached by Foxmail as
# 截图 (no extension, application/octet-stream).

def test_cli_mails_with_list_prices_and_a_screenshot_without_extension_pass(tmp_path):
    from tests.hostile import cli

    html = "".join(f"<p>{eml._linked(line)}</p>" for line in jd_price_items())
    mail = eml.foxmail(SUBJECT_CH, html=html, attachments=(eml.File("截图", jpeg_bytes(), OCTET),))
    folder = channel(tmp_path, VALID, mail=mail, files={"截图.jpg": None})
    result = cli("check", folder, "--type", "channel", "--format", "json", "--today", "2026-11-25")
    assert (result.code, result.document["findings"]) == (0, [])


# ---------------------------------------------------------------------------------------------
# A mail whose picture does not open (newcomer report 9): a picture is read to its last byte,
# as the image checks read a slot image. A picture cut short or garbled is no screenshot (E002,
# saying which and why); a mail cut short, its closing boundary and the rest of its last part
# missing, is E001.

JPEG_SHOT = jpeg_bytes()
GARBLED = random.Random(9).randbytes(6000)  # bytes that are no picture, named 活动截图.jpg


def _png_bad_crc(data: bytes) -> bytes:
    """The PNG with one byte of its image data changed: its CRC no longer matches."""
    at = data.index(b"IDAT") + 10
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


def _qq(files: tuple[eml.File, ...]) -> bytes:
    return eml.qqmail(SUBJECT_CH, html=eml.body_lines("qqmail", item_lines(VALID)), attachments=files)


DAMAGED_CASES = [
    ("outlook-garbled-jpeg", lambda: outlook_mail(VALID, attachments=(eml.File("活动截图.jpg", GARBLED, "image/jpeg"),)),
     {("E002", MAIL, None)}),
    ("foxmail-jpeg-cut-in-half", lambda: foxmail_mail(VALID, attachments=(eml.File("活动截图.jpg", JPEG_SHOT[:len(JPEG_SHOT) // 2]),)),
     {("E002", MAIL, None)}),
    ("qqmail-png-bad-crc", lambda: _qq((eml.File("活动截图.png", _png_bad_crc(PNG_SHOT)),)), {("E002", MAIL, None)}),
    ("outlook-pasted-garbled", lambda: _with_inline(outlook_mail(VALID, attachments=()), GARBLED), {("E002", MAIL, None)}),
    ("garbled-beside-a-whole-screenshot", lambda: outlook_mail(
        VALID, attachments=(eml.File("活动截图.jpg", GARBLED, "image/jpeg"), eml.File("截图.jpg", JPEG_SHOT, "image/jpeg"))), set()),
    ("qqmail-whole-jpeg", lambda: _qq((eml.File("活动截图.jpg", JPEG_SHOT),)), set()),
    # A format no check reads keeps the benefit of the doubt, as before: an iPhone photo.
    ("outlook-heic-photo", lambda: outlook_mail(VALID, attachments=(
        eml.File("活动截图.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(2000), "image/heic"),)), set()),
    ("outlook-garbled-png-typed-octet-stream", lambda: outlook_mail(
        VALID, attachments=(eml.File("活动截图.png", GARBLED, OCTET),)), {("E002", MAIL, None)}),
]


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in DAMAGED_CASES], ids=[c[0] for c in DAMAGED_CASES])
def test_E002_a_picture_that_does_not_open_is_no_screenshot(tmp_path, build, expected):
    report = check(channel(tmp_path, VALID, mail=build()), "channel")
    assert located(report, "E001") | located(report, "E002") == expected, [f"{f.code} {f.message}" for f in report.findings]


# (id, attachments of the Outlook mail, E002's message in zh, in en)
DAMAGED_MESSAGES = [
    ("garbled", (eml.File("活动截图.jpg", GARBLED, "image/jpeg"),),
     "邮件中没有能打开的截图：图片 活动截图.jpg 已损坏（不是图片），收件人看不到，不算截图。",
     "The email has no screenshot that opens: the pictures 活动截图.jpg are damaged (not an image); the recipient cannot "
     "see them, and they do not count."),
    ("cut-and-corrupt-and-the-sheet", (eml.File("活动截图.jpg", JPEG_SHOT[:3000], "image/jpeg"),
                                      eml.File("截图2.png", _png_bad_crc(PNG_SHOT)), XLSX),
     "邮件中没有能打开的截图：图片 活动截图.jpg、截图2.png 已损坏（不完整、已损坏），收件人看不到，不算截图。",
     "The email has no screenshot that opens: the pictures 活动截图.jpg, 截图2.png are damaged (cut off, corrupt); the "
     "recipient cannot see them, and they do not count."),
]


@pytest.mark.parametrize(("attachments", "zh", "en"), [c[1:] for c in E002_MESSAGES + DAMAGED_MESSAGES],
                         ids=[c[0] for c in E002_MESSAGES + DAMAGED_MESSAGES])
def test_E002_says_why_nothing_attached_counts(tmp_path, attachments, zh, en):
    """Small pictures, attachments that are no pictures, and pictures that do not open: E002 says
    which and why, in both languages."""
    folder = channel(tmp_path, VALID, mail=outlook_mail(VALID, attachments=attachments))
    messages = {lang: [f.message for f in check(folder, "channel", lang=lang).findings if f.code == "E002"]
                for lang in ("zh", "en")}
    assert messages == {"zh": [zh], "en": [en]}


def _cut(data: bytes, attachment: bytes, *, at: float = 0.5, line_end: bool = False) -> bytes:
    """The mail cut inside the base64 of `attachment`, as a copy that stopped: at a fraction of
    its text, moved off a 4-character group (or to the end of its line with `line_end`)."""
    encoded = eml.b64_lines(attachment).replace("\n", "\r\n").encode()
    start = data.index(encoded)
    position = start + int(len(encoded) * at)
    if line_end:
        return data[:data.index(b"\r\n", position) + 2]
    while len(re.sub(rb"[^A-Za-z0-9+/]", b"", data[start:position])) % 4 == 0:
        position += 1
    return data[:position]


def _no_closing_boundary(data: bytes) -> bytes:
    """The whole mail without its last line, the closing boundary (some generators omit it)."""
    return data[:data.rstrip(b"\r\n").rindex(b"\r\n") + 2]


SHOT_JPG = eml.File("活动截图.jpg", JPEG_SHOT, "image/jpeg")
CUT_CASES = [
    ("outlook-cut-inside-the-screenshot", lambda: _cut(outlook_mail(VALID, attachments=(SHOT_JPG,)), JPEG_SHOT),
     "邮件在图片 活动截图.jpg 的中间就结束了", "the mail ends inside the picture 活动截图.jpg"),
    ("foxmail-cut-at-a-line-end", lambda: _cut(foxmail_mail(VALID, attachments=(SHOT_JPG,)), JPEG_SHOT, line_end=True),
     "邮件在图片 活动截图.jpg 的中间就结束了", "the mail ends inside the picture 活动截图.jpg"),
    ("qqmail-cut-inside-the-octet-stream-png", lambda: _cut(_qq((eml.File("活动截图.png", PNG_SHOT),)), PNG_SHOT, at=0.1),
     "邮件在图片 活动截图.png 的中间就结束了", "the mail ends inside the picture 活动截图.png"),
    ("outlook-cut-inside-the-sheet-after-the-screenshot", lambda: _cut(outlook_mail(VALID, attachments=(SHOT_JPG, XLSX)),
                                                                       XLSX.data, at=0.3),
     "邮件在附件 提报表.xlsx 的中间就结束了", "the mail ends inside the attachment 提报表.xlsx"),
]


@pytest.mark.parametrize(("build", "zh", "en"), [c[1:] for c in CUT_CASES], ids=[c[0] for c in CUT_CASES])
def test_E001_a_mail_cut_short(tmp_path, build, zh, en):
    folder = channel(tmp_path, VALID, mail=build())
    found = {lang: [(f.code, f.file, f.message) for f in check(folder, "channel", lang=lang).findings if f.code.startswith("E")]
             for lang in ("zh", "en")}
    assert found == {
        "zh": [("E001", MAIL, f"邮件不完整，复制或保存时中断了：{zh}，后面的内容和 MIME 结束边界都没有了，收件人看不到完整的附件。")],
        "en": [("E001", MAIL, f"The email is incomplete, its copy or save was cut short: {en}; the rest and its closing "
                              "MIME boundary are missing, so its recipient gets no complete attachment.")],
    }


@pytest.mark.parametrize("build", [
    lambda: _no_closing_boundary(outlook_mail(VALID, attachments=(SHOT_JPG,))),
    lambda: _no_closing_boundary(foxmail_mail(VALID, attachments=(SHOT_JPG, XLSX))),
    lambda: _no_closing_boundary(_qq((eml.File("活动截图.png", PNG_SHOT),))),
], ids=["outlook", "foxmail-sheet-last", "qqmail"])
def test_a_whole_mail_without_its_closing_boundary_passes(tmp_path, build):
    data = build()
    assert not data.rstrip().endswith(b"--")
    report = check(channel(tmp_path, VALID, mail=data), "channel")
    assert [f.code for f in report.findings if f.code.startswith("E")] == []


@pytest.mark.parametrize(("mail", "code", "actual"), [
    (lambda: _cut(outlook_mail(VALID, attachments=(SHOT_JPG,)), JPEG_SHOT), "E001", None),
    (lambda: outlook_mail(VALID, attachments=(eml.File("活动截图.jpg", GARBLED, "image/jpeg"),)), "E002", "活动截图.jpg"),
], ids=["cut-short", "garbled-screenshot"])
def test_cli_a_mail_without_a_usable_screenshot_fails(tmp_path, mail, code, actual):
    """As the operator runs it: the folder's type from its name, the mail its only screenshot."""
    from tests.hostile import cli

    folder = channel(tmp_path, VALID, mail=mail())
    (folder / "截图.jpg").unlink()
    result = cli("check", folder, "--format", "json", "--today", "2026-11-25")
    found = [(f["code"], f["file"], f["actual"]) for f in result.document["findings"] if f["code"].startswith("E")]
    assert (result.code, found) == (1, [(code, MAIL, actual)])
