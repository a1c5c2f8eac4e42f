"""One table per rule code of the channel type (二三级资源): the sheet, the screenshot(s) and the
email draft. Mails are written as Outlook (GB2312 quoted-printable, plain + HTML), Foxmail (GBK
base64 HTML only), QQ Mail (UTF-8 HTML table, RFC 2231 names) and Apple Mail (inline screenshot)
write them. The valid folder has no finding."""

from __future__ import annotations

import datetime as dt

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
    ("M101-no-screenshot", lambda t: channel(t, files={"截图.jpg": None}), "M101", {("M101", None, None)}),
    ("M101-no-sheet", lambda t: channel(t, sheet=None), "M101", {("M101", None, None)}),
    ("M102-two-emails", lambda t: channel(t, files={"提报邮件(1).eml": outlook_mail(VALID)}), "M102",
     {("M102", MAIL, None), ("M102", "提报邮件(1).eml", None)}),
    ("M103-image-without-screenshot-name", lambda t: channel(t, files={f"{A}.jpg": lambda p: jpeg(p)}), "M103", {("M103", f"{A}.jpg", None)}),
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
