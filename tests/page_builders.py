"""Shop pages as browsers save them, for tests: Chrome's "网页，单个文件" (.mhtml, Blink's MIME
layout with quoted-printable HTML) and "网页，全部" (<page>.html with the "saved from url" mark and
a <page>_files/ folder of the page's own resources), and a JD shop page with the service links
real shop pages carry.

The MHTML layout follows Blink's MHTMLArchive::GenerateMHTMLHeader and a real Chrome file:
`From: <Saved by Blink>`, the snapshot address (`Snapshot-Content-Location` as Chromium 156
writes it, or `X-Snapshot-Content-Location` with `X-Snapshot-Title` as in a 2020 Chrome file),
`multipart/related` with `type="text/html"` and a
`----MultipartBoundary--<random>----` boundary on tab-indented continuation lines, CRLF line ends,
the page as `Content-Type: text/html` in quoted-printable with `Content-ID: <frame-…@mhtml.blink>`,
then frames and resources.
"""

from __future__ import annotations

import base64
import quopri
from collections.abc import Sequence
from pathlib import Path

BOUNDARY = "----MultipartBoundary--VniDBjQhGeTo2m8PYkZjvG7oL0pe7SH6VGz4Mo8S4R----"
SHOP_URL = "https://mall.jd.com/index-1000001.html"


def _qp(text: str, encoding: str) -> bytes:
    return quopri.encodestring(text.encode(encoding)).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def chrome_mhtml(html: str, url: str = SHOP_URL, *, title: str = "红蜻蜓官方旗舰店 - 京东", x_headers: bool = True,
                 charset: str | None = None, encoding: str = "utf-8",
                 frames: Sequence[tuple[str, str]] = (), image: bool = True) -> bytes:
    """A single-file page as Chrome writes it. `charset` adds "; charset=…" to the page part
    (IE and old Edge write it; Chrome re-encodes the page as UTF-8 and says so in a <meta>).
    `frames` are (address, html) of frames, stored as more text/html parts."""
    # Blink puts non-ASCII in the subject as "?" (IE's behaviour) in older versions, and as an
    # RFC 2047 word in X-Snapshot-Title since; both appear in real files.
    subject = title.encode("ascii", "replace").decode("ascii")
    header = ["From: <Saved by Blink>"]
    if x_headers:
        encoded_title = "".join("_" if b == 0x20 else chr(b) if 0x21 <= b < 0x7F and b not in b"=?_" else f"={b:02X}"
                                for b in title.encode("utf-8"))
        header += ["X-Snapshot-Version: 1.0", f"X-Snapshot-Title: =?utf-8?Q?{encoded_title}?=",
                   f"X-Snapshot-Content-Location: {url}"]
    else:
        header += [f"Snapshot-Content-Location: {url}"]
    header += [f"Subject: {subject}", "Date: Fri, 27 Nov 2026 02:30:15 -0000", "MIME-Version: 1.0",
               "Content-Type: multipart/related;", '\ttype="text/html";', f'\tboundary="{BOUNDARY}"', "", ""]
    out = "\r\n".join(header).encode("ascii")
    parts = [(url, html, "frame-6F4F9F0B3F4B0A0E3C2D8C2A0A1E3B7D")]
    parts += [(address, body, f"frame-{index:032X}") for index, (address, body) in enumerate(frames, 1)]
    for address, body, content_id in parts:
        content_type = "text/html" + (f"; charset={charset}" if charset else "")
        out += (f"--{BOUNDARY}\r\nContent-Type: {content_type}\r\nContent-ID: <{content_id}@mhtml.blink>\r\n"
                f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {address}\r\n\r\n").encode("ascii")
        out += _qp(body, encoding) + b"\r\n"
    if image:
        pixel = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 60).replace(b"\n", b"\r\n")
        out += (f"--{BOUNDARY}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
                "Content-Location: https://img10.360buyimg.com/imgzone/jfs/t1/1/1/1/1/logo.png\r\n\r\n").encode("ascii")
        out += pixel + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode("ascii")


def chrome_complete(folder: Path, name: str, html: str, url: str = SHOP_URL, *, files_suffix: str = "_files") -> Path:
    """A "网页，全部" save: <name>.html and <name>_files/ holding what Chrome writes there — the
    page's pictures (named by the server, not by SKU), scripts, styles and its frames as .html."""
    folder.mkdir(parents=True, exist_ok=True)
    mark = f"<!-- saved from url=({len(url):04d}){url} -->\n"
    page = folder / f"{name}.html"
    page.write_bytes((mark + html).encode("utf-8"))
    resources = folder / f"{name}{files_suffix}"
    resources.mkdir()
    from tests.image_builders import jpeg, png

    jpeg(resources / "5f3e2a1bE8c9d4f1a.jpg", (990, 400))
    png(resources / "logo.png", (120, 60))
    (resources / "base.css").write_text("body{margin:0}", encoding="utf-8")
    (resources / "jquery-1.6.4.js").write_text("/* jQuery */", encoding="utf-8")
    (resources / "saved_resource.html").write_text(
        '<html><body><a href="https://www.baidu.com/">百度</a><a href="https://item.jd.com/100099999999.html">x</a></body></html>',
        encoding="utf-8")
    return page


def jd_shop_page(products: Sequence[str], *, shop_id: str = "1000001", vender_id: str = "1000002",
                 app_id: str = "539317", extra: Sequence[str] = ()) -> str:
    """A shop home page the way JD's decoration modules write it: the shop header with
    search, coupons, activity pages and JD's own navigation, then one <li> per product
    (`products` are <li> bodies, see jd_item), then `extra` markup."""
    search = f"//mall.jd.com/view_search-{app_id}-{vender_id}-{shop_id}-0-0-0-0-1-1-60.html"
    header = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>红蜻蜓官方旗舰店 - 京东</title>
<link rel="stylesheet" href="//misc.360buyimg.com/jdf/1.0.0/unit/ui-base/5.0.0/ui-base.css"></head>
<body>
<div id="shortcut"><ul><li><a href="//www.jd.com/" target="_blank">京东首页</a></li>
<li><a href="javascript:;" class="link-login">你好，请登录</a></li><li><a href="https://passport.jd.com/new/login.aspx" target="_blank">登录</a></li>
<li><a href="//order.jd.com/center/list.action" target="_blank">我的订单</a></li><li><a href="//cart.jd.com/cart.action" target="_blank">购物车</a></li>
<li><a href="//help.jd.com/user/issue.html" target="_blank">客户服务</a></li><li><a href="#">网站导航</a></li></ul></div>
<div class="j-shop-head"><a href="//mall.jd.com/index-{shop_id}.html" target="_blank"><img src="//img10.360buyimg.com/imgzone/logo.png"></a>
<a href="{search}" target="_blank">全部商品</a>
<a href="//mall.jd.com/view_search-{app_id}-12345-99-1-24-1.html" target="_blank">靴子</a>
<a href="https://pro.jd.com/mall/active/3fNa4gg4udob1juiWbWWBp9z9PBD/index.html" target="_blank">双12会场</a>
<a href="//coupon.jd.com/ilink/couponActiveFront/front_index.action?key=abc&amp;roleId=1" target="_blank">领券</a>
<a href="//list.jd.com/list.html?cat=11729,11731" target="_blank">女鞋</a>
<a href="//search.jd.com/Search?keyword=%E9%9B%AA%E5%9C%B0%E9%9D%B4&amp;enc=utf-8" target="_blank">搜索</a>
<a href="https://shop.m.jd.com/?shopId={shop_id}" target="_blank">手机店铺</a>
<a href="https://u.jd.com/abcdEF" target="_blank">推广</a>
<a href="/view_search-{app_id}-{vender_id}-{shop_id}-0-1-0-0-1-1-24.html" target="_blank">新品</a></div>
<ul class="jSubObject-list">
"""
    items = "\n".join(f'<li class="jSubObject">{body}</li>' for body in products)
    return header + items + "\n</ul>\n" + "\n".join(extra) + "\n</body></html>\n"


def jd_item(sku: str, *, price: str | None = "299.00", old_price: str | None = "399.00", mark: str = "",
            jd_price_class: bool = False) -> str:
    """The body of one product <li>: picture link, title link, price (JD's jdNum span, or the
    J-p-<SKU> span of JD's list pages), a crossed-out list price, and an optional mark."""
    if price is None:
        shown = ""
    elif jd_price_class:
        shown = f'<div class="jPrice"><strong class="J-p-{sku}"><em>¥</em>{price}</strong></div>'
    else:
        shown = f'<div class="jPrice"><span class="jRmb">¥</span><span class="jdNum">{price}</span></div>'
    old = f'<del class="jdOldPrice">¥{old_price}</del>' if old_price else ""
    return (f'<div class="jPic"><a href="//item.jd.com/{sku}.html" target="_blank"><img src="//img10.360buyimg.com/n1/{sku}.jpg" alt="雪地靴"></a>{mark}</div>'
            f'<div class="jDesc"><a href="//item.jd.com/{sku}.html" target="_blank">红蜻蜓 真皮加绒保暖 雪地靴</a></div>'
            f'{shown}{old}')
