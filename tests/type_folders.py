"""Valid homepage, platform and channel folders for tests (today 2026-11-25), and small ways to
break them — the same style as tests/folders.py for group-buys.

Each builder writes a folder that passes with no finding at all; `rows` replaces the sheet rows
({column key: value}, see *_row), `files` adds (bytes, text, or a builder called with the path)
or removes (None) files, `keys`/`header` change the columns written.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tests import eml_builders as eml
from tests.folders import submission_folder
from tests.image_builders import jpeg

SKUS = ("100012043978", "100023456781")


@functools.lru_cache(maxsize=None)
def image(size: tuple[int, int], kb: float | None = None) -> bytes:
    """A valid JPEG's bytes, made once per size: the default folders need many, all alike."""
    with tempfile.TemporaryDirectory() as scratch:
        return jpeg(Path(scratch) / "x.jpg", size, kb=kb).read_bytes()


SCREENSHOT = (150, 200)
SHOP = "https://mall.jd.com/index-1000001.html"

# ── homepage ─────────────────────────────────────────────────────────────────────────────────

HOMEPAGE_COLUMNS = (
    ("sku", "SKU编码*"), ("title", "商品名称*"), ("size", "尺码"), ("display_name", "首页显示名称*"),
    ("slogan", "广告语*"), ("jd_price", "京东价*"), ("price", "活动价*"), ("stock", "库存*"),
    ("start", "活动开始时间*"), ("end", "活动结束时间*"), ("promo_start", "促销开始时间*"),
    ("promo_end", "促销结束时间*"), ("product_link", "商品链接*"),
)
HOMEPAGE_SHEET = "首页单品提报.xlsx"


def hp_row(sku: str = SKUS[0], **values: Any) -> dict[str, Any]:
    start, end = dt.datetime(2026, 12, 2, 10, 0), dt.datetime(2026, 12, 3, 10, 0)
    row = {
        "sku": sku, "title": "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", "size": "37",
        "display_name": "仅此一天 冬靴直降", "slogan": "暖冬上新 限时直降", "jd_price": 399,
        "price": 299, "stock": 500, "start": start, "end": end, "promo_start": start,
        "promo_end": end, "product_link": f"https://item.jd.com/{sku}.html",
    }
    return _update(row, values)


def homepage(root: Path, rows: Sequence[Mapping[str, Any]] | None = None, *, sheet: str | None = HOMEPAGE_SHEET,
             **kwargs: Any) -> Path:
    defaults = {"款式截图.jpg": image(SCREENSHOT), "促销截图.jpg": image(SCREENSHOT)}
    return submission_folder(root / "首页单品-红蜻蜓-1202", HOMEPAGE_COLUMNS, [hp_row()] if rows is None else rows,
                   sheet, defaults, **kwargs)


# ── platform ─────────────────────────────────────────────────────────────────────────────────

PLATFORM_COLUMNS = (
    ("sku", "SKU编码*"), ("title", "商品名称*"), ("price", "价格*"), ("stock", "库存*"),
    ("sold_out", "是否标注售罄"), ("product_link", "商品链接*"),
)
PLATFORM_SHEET = "平台活动提报.xlsx"


def pf_row(sku: str = SKUS[0], **values: Any) -> dict[str, Any]:
    row = {"sku": sku, "title": "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", "price": 299, "stock": 500,
           "sold_out": "否", "product_link": f"https://item.jd.com/{sku}.html"}
    return _update(row, values)


def platform(root: Path, rows: Sequence[Mapping[str, Any]] | None = None, *, slot_images: bool = True,
             sheet: str | None = PLATFORM_SHEET, **kwargs: Any) -> Path:
    """Slot images of both SKUs (800×800), the sheet, links.txt with the shop link."""
    rows = [pf_row(SKUS[0]), pf_row(SKUS[1], title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")] if rows is None else rows
    defaults: dict[str, Any] = {"links.txt": f"店铺：{SHOP}\n"}
    if slot_images:
        for sku in SKUS:
            defaults[f"{sku}.jpg"] = image((800, 800), kb=120)
    return submission_folder(root / "服装城-红蜻蜓-1202", PLATFORM_COLUMNS, rows, sheet, defaults, **kwargs)


def decoration(*anchors: str, charset: str = "utf-8") -> bytes:
    """A shop decoration page with the given anchor elements, one per line after line 3."""
    head = f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>店铺装修</title></head>\n<body>\n'
    return (head + "\n".join(anchors) + "\n</body></html>\n").encode(charset)


# ── channel ──────────────────────────────────────────────────────────────────────────────────

CHANNEL_COLUMNS = (
    ("sku", "SKU编码*"), ("title", "商品名称*"), ("size", "尺码*"), ("price", "价格*"), ("stock", "库存*"),
    ("slogan", "广告语*"), ("promo_start", "促销开始时间*"), ("promo_end", "促销结束时间*"),
    ("product_link", "商品链接*"),
)
CHANNEL_SHEET = "二三级资源提报.xlsx"
MAIL = "提报邮件.eml"
SUBJECT = "【二三级资源】红蜻蜓旗舰店 11月25日提报"
# A phone screenshot's size: a picture under 100×100 in a mail is an icon, not a screenshot (E002).
PNG = eml.tiny_png(750, 1334)


def ch_row(sku: str = SKUS[0], **values: Any) -> dict[str, Any]:
    row = {"sku": sku, "title": "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", "size": 37, "price": 299,
           "stock": 500, "slogan": "暖冬上新 限时直降", "promo_start": dt.datetime(2026, 12, 1, 0, 0),
           "promo_end": dt.datetime(2026, 12, 7, 23, 59), "product_link": f"https://item.jd.com/{sku}.html"}
    return _update(row, values)


def item_lines(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """How an operator writes the items in the mail: SKU, price and link, one item after another."""
    lines = []
    for row in rows:
        lines += [f"SKU：{row['sku']}", f"价格：{row['price']}元", f"链接：{row['product_link']}"]
    return lines


def outlook_mail(rows, *, subject: str = SUBJECT, lines: Sequence[str] | None = None,
                 attachments: tuple[eml.File, ...] = (eml.File("截图.png", PNG),)) -> bytes:
    """Outlook: GB2312 quoted-printable plain + HTML alternatives, RFC 2047 attachment names."""
    lines = item_lines(rows) if lines is None else lines
    html = "".join(f"<p class=MsoNormal>{_html_line(line)}<o:p></o:p></p>" for line in lines)
    return eml.outlook(subject, plain="您好：\n" + "\n".join(lines) + "\n谢谢", html=html, attachments=attachments)


def foxmail_mail(rows, *, subject: str = SUBJECT, lines: Sequence[str] | None = None,
                 attachments: tuple[eml.File, ...] = (eml.File("截图.png", PNG),)) -> bytes:
    """Foxmail: a GBK base64 HTML-only body."""
    lines = item_lines(rows) if lines is None else lines
    return eml.foxmail(subject, html="".join(f"<div>{_html_line(line)}</div>" for line in lines), attachments=attachments)


def qq_table_mail(rows, *, subject: str = SUBJECT, prices: Sequence[Any] | None = None) -> bytes:
    """QQ Mail: a UTF-8 HTML table (SKU | 商品 | 价格 | 链接), the screenshot as octet-stream."""
    prices = [row["price"] for row in rows] if prices is None else prices
    body = "<table><tr><th>SKU</th><th>商品</th><th>价格</th><th>链接</th></tr>" + "".join(
        f"<tr><td>{row['sku']}</td><td>{row['title']}</td><td>{price}</td>"
        f"<td><a href=\"{row['product_link']}\">点击查看</a></td></tr>" for row, price in zip(rows, prices)) + "</table>"
    return eml.qqmail(subject, html=body, attachments=(eml.File("活动截图.png", PNG),))


def apple_mail(rows, *, subject: str = SUBJECT) -> bytes:
    """Apple Mail: the screenshot pasted inline (multipart/related)."""
    lines = item_lines(rows)
    html = "".join(f"<div>{_html_line(line)}</div>" for line in lines) + '<img src="cid:shot1">'
    return eml.apple_mail(subject, plain="\n".join(lines), html=html,
                          inline=(eml.File("截图.png", PNG, content_id="shot1"),))


def _html_line(line: str) -> str:
    if "http" in line:
        label, url = line.split("http", 1)
        return f'{label}<a href="http{url}">http{url}</a>'
    return line


def channel(root: Path, rows: Sequence[Mapping[str, Any]] | None = None, *, mail: bytes | None = None,
            sheet: str | None = CHANNEL_SHEET, **kwargs: Any) -> Path:
    """The sheet, 截图.jpg and an Outlook mail that names every row (or `mail`)."""
    rows = [ch_row(SKUS[0]), ch_row(SKUS[1], title="红蜻蜓 牛皮系带 马丁靴 RQT-2315", price=349)] if rows is None else rows
    defaults: dict[str, Any] = {"截图.jpg": image(SCREENSHOT), MAIL: outlook_mail(rows) if mail is None else mail}
    return submission_folder(root / "二三级-红蜻蜓-1201", CHANNEL_COLUMNS, rows, sheet, defaults, **kwargs)


# ── shared ───────────────────────────────────────────────────────────────────────────────────


def _update(row: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(row)
    assert not unknown, f"no such column key: {unknown}"
    row.update(values)
    return row


