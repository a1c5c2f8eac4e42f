"""Regenerate examples/<type>-ok and examples/<type>-bad from real photos.

Run from the repository root:  python scripts/make_examples.py
(all four types) or  python scripts/make_examples.py homepage channel  (only those). The committed
examples are the output; this script documents how they were made.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT / "tests" / "corpus" / "photos"  # real photographs, sources in tests/corpus/SOURCES.md
EXAMPLES = ROOT / "examples"

HEADER = ["SKU编码*", "商品名称*", "品牌*", "京东价*", "团购价*", "库存*", "季节*", "是否在其他平台做过团购*",
          "开团时间*", "结束时间*", "发货时效(小时)*", "商品链接*", "店铺链接*", "团购类型"]
SHOP = "https://mall.jd.com/index-1000001.html"
START, END = dt.datetime(2026, 12, 2, 9, 30), dt.datetime(2026, 12, 5, 9, 30)


def slot_image(photo: Path, size=(440, 293), limit=48_000, *, fmt="JPEG", mode="RGB") -> bytes:
    """Centre-crop to the slot's aspect, resize, and save at the best quality under the limit."""
    with Image.open(photo) as im:
        im = im.convert("RGB")
        w, h = im.size
        target = size[0] / size[1]
        if w / h > target:
            nw = int(h * target)
            im = im.crop(((w - nw) // 2, 0, (w - nw) // 2 + nw, h))
        else:
            nh = int(w / target)
            im = im.crop((0, (h - nh) // 2, w, (h - nh) // 2 + nh))
        im = im.resize(size, Image.LANCZOS)
        if mode != "RGB":
            im = im.convert(mode)
        for quality in range(92, 20, -4):
            buffer = io.BytesIO()
            im.save(buffer, fmt, quality=quality, optimize=True)
            if buffer.tell() < limit or fmt != "JPEG":
                return buffer.getvalue()
    raise RuntimeError("cannot meet the size limit")


def screenshot(photo: Path, width=750) -> bytes:
    with Image.open(photo) as im:
        im = im.convert("RGB")
        im.thumbnail((width, width * 2))
        buffer = io.BytesIO()
        im.save(buffer, "JPEG", quality=70, optimize=True)
        return buffer.getvalue()


def sheet(path: Path, rows: list[list], *, version="2026.11", header=HEADER, hidden_rows=(), title="团购提报表",
          date_columns=(9, 10)) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = title.removesuffix("表")
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"模板版本: {version}", None, "填写说明：带 * 为必填项；SKU 请设为文本格式"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    for column in ("A", "B", "L", "M"):
        ws.column_dimensions[column].width = 28
    for column in ("I", "J"):
        ws.column_dimensions[column].width = 18
    for r in range(4, 4 + len(rows)):
        ws.cell(r, 1).number_format = "@"
        for c in date_columns:
            ws.cell(r, c).number_format = "yyyy-mm-dd hh:mm"
    for r in hidden_rows:
        ws.row_dimensions[r].hidden = True
    wb.save(path)


def row(sku, title, price=399, group=299, stock=1000, season="冬", other="否", start=START, end=END,
        hours=24, link=None, shop=SHOP, kind="普通团"):
    return [sku, title, "红蜻蜓", price, group, stock, season, other, start, end, hours,
            link or f"https://item.jd.com/{sku}.html", shop, kind]


def write(folder: Path, files: dict[str, bytes | str]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def config(type_name: str, logo: str | None = None) -> str:
    text = f"type: {type_name}\ntoday: 2026-11-25   # pinned so the example gives the same verdict on any day\n"
    if logo:
        text += f"logo: {logo}   # the brand logo for I009 (jdcheck[vision]), relative to this file\n"
    return text


# ── what the vision extra looks at (SPEC §7): the brand logo top-left, the promotion page ────
# Drawn with the vision fixtures' helpers (Noto CJK fonts needed to regenerate, not to run).

LOGO = "红蜻蜓-logo.png"  # examples/红蜻蜓-logo.png, shared by the group-buy examples


def _vision_helpers():
    sys.path.insert(0, str(ROOT))
    from tests.vision_fixtures import make_fixtures

    return make_fixtures


def brand_logo() -> bytes:
    helpers = _vision_helpers()
    buffer = io.BytesIO()
    helpers.make_logo((200, 20, 30, 255), (255, 210, 0, 255), helpers.BRAND).save(buffer, "PNG")
    return buffer.getvalue()


def slot_with_logo(photo: Path, size=(440, 293), limit=48_000) -> bytes:
    """A slot image as designers make them: the product photo, the brand logo top-left."""
    helpers = _vision_helpers()
    with Image.open(io.BytesIO(slot_image(photo, size, limit))) as im:
        picture = im.convert("RGB")
    logo = Image.open(io.BytesIO(brand_logo()))
    helpers.paste_logo(picture, logo, "top_left", round(size[0] * 0.25))
    return helpers.jpeg_under(picture, limit)


def promo_page(start: dt.datetime, end: dt.datetime, rows: list[tuple[str, float, float]] | None,
               single: float | None = None) -> bytes:
    """The promotion-settings page of the back office, showing the submitted times and prices."""
    helpers = _vision_helpers()
    table = [(sku, f"{jd:.2f}", f"{price:.2f}") for sku, jd, price in rows] if rows else None
    return helpers.promo_page(f"{start:%Y-%m-%d %H:%M}:00", f"{end:%Y-%m-%d %H:%M}:00", table,
                              single=None if single is None else f"{single:.2f}", size=16)


def main(argv: list[str]) -> int:
    if not PHOTOS.is_dir():
        print(f"photos not found: {PHOTOS}", file=sys.stderr)
        return 1
    makers = {"groupbuy": groupbuy, "homepage": homepage, "platform": platform, "channel": channel}
    chosen = argv or list(makers)
    unknown = [name for name in chosen if name not in makers]
    if unknown:
        print(f"unknown type: {', '.join(unknown)} (choose from {', '.join(makers)})", file=sys.stderr)
        return 2
    for name in chosen:
        makers[name]()
        print(f"wrote {EXAMPLES / (name + '-ok')} and {EXAMPLES / (name + '-bad')}")
    return 0


def _photos():
    return (PHOTOS / n for n in ("flower.jpg", "rocket.jpg", "DepartmentStore.jpg", "astronaut.png"))


def groupbuy() -> None:
    flower, rocket, store, astronaut = _photos()
    config_ = config("groupbuy")

    ok = EXAMPLES / "groupbuy-ok"
    (EXAMPLES / LOGO).write_bytes(brand_logo())  # beside the folders (write() would empty examples/)
    write(ok, {
        "100012043978.jpg": slot_with_logo(flower),
        "100023456781.jpg": slot_with_logo(store),
        "100034567892.jpg": slot_with_logo(rocket),
        "款式截图.jpg": screenshot(store, 600),
        "促销截图.jpg": promo_page(START, END, [("100012043978", 399, 299), ("100023456781", 459, 349),
                                                ("100034567892", 529, 399)]),
        "jdcheck.yaml": config("groupbuy", f"../{LOGO}"),
    })
    sheet(ok / "团购提报-红蜻蜓.xlsx", [
        row("100012043978", "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201"),
        row("100023456781", "红蜻蜓 牛皮系带 马丁靴 RQT-2315", price=459, group=349, stock=1200),
        row("100034567892", "红蜻蜓 羊毛内里 切尔西靴 RQT-2408", price=529, group=399, stock=900),
    ])

    bad = EXAMPLES / "groupbuy-bad"
    png_as_jpg = slot_image(rocket, fmt="PNG")
    write(bad, {
        "100012043978.jpg": slot_image(flower, size=(800, 800), limit=10**9),            # I002, I003
        "100023456781.jpg": png_as_jpg,                                                    # I005 (PNG named .jpg)
        "100034567892.jpg": slot_image(flower, mode="CMYK"),                               # I006
        "100045678903.jpg": slot_image(rocket)[: 9000],                                    # I001 truncated
        "团购图.jpg": slot_image(astronaut),                                               # M104
        "说明.docx": b"PK\x03\x04 not really a document",                                  # M103
        "links.txt": "店铺：https://shop.jd.com/index-1000001.html\n商品：https://u.jd.com/AbCdEf\n",  # L003, L006
        "jdcheck.yaml": config_,
    })
    wrong_header = HEADER.copy()
    wrong_header[0] = "SKU"                                                                # S002 renamed
    sheet(bad / "团购提报-红蜻蜓.xlsx", [
        row("100012043978", "红蜻蜓 全网最低价 雪地靴 RQT-2201", group=399),                # T003, P001
        row(100023456781, "红蜻蜓 牛皮系带 马丁靴 RQT-2315", stock=0, season="夏"),          # S007 W, S006, P007
        row("100034567892", "红蜻蜓 羊毛内里 切尔西靴 RQT-2408", stock="1,000件", other="是",  # S009, P006
            hours=48, link="https://item.jd.com/100099999999.html",                         # P008, L004
            end=dt.datetime(2026, 12, 5, 22, 0)),                                           # P004
        row("100056789014", "马丁靴", price="¥459.00", start=dt.datetime(2026, 11, 26, 9, 30),  # T004, M105, M106
            shop="https://mall.jd.com/index-2000002.html"),                                 # L005
    ], version="2025.06", header=wrong_header)                                             # S003


# ── homepage (首页单品) ──────────────────────────────────────────────────────────────────────────

HOMEPAGE_HEADER = ["SKU编码*", "商品名称*", "尺码", "首页显示名称*", "广告语*", "京东价*", "活动价*", "库存*",
                   "活动开始时间*", "活动结束时间*", "促销开始时间*", "促销结束时间*", "商品链接*"]
HP_START, HP_END = dt.datetime(2026, 12, 2, 10, 0), dt.datetime(2026, 12, 3, 10, 0)


def hp_row(sku, title, size="37", display="仅此一天 冬靴直降", slogan="暖冬上新 限时直降", jd_price=399, price=299,
           stock=500, start=HP_START, end=HP_END, promo_start=None, promo_end=None, link=None):
    return [sku, title, size, display, slogan, jd_price, price, stock, start, end,
            promo_start or start, promo_end or end, link or f"https://item.jd.com/{sku}.html"]


def homepage() -> None:
    flower, rocket, store, _ = _photos()
    dates = (9, 10, 11, 12)
    ok = EXAMPLES / "homepage-ok"
    write(ok, {"款式截图.jpg": screenshot(store, 400), "促销截图.jpg": promo_page(HP_START, HP_END, None, single=299),
               "jdcheck.yaml": config("homepage")})
    sheet(ok / "首页单品提报-红蜻蜓.xlsx", [hp_row("100012043978", "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201")],
          header=HOMEPAGE_HEADER, title="首页单品提报表", date_columns=dates)

    bad = EXAMPLES / "homepage-bad"
    write(bad, {"促销截图.jpg": screenshot(rocket, 400), "jdcheck.yaml": config("homepage")})     # M101: no 款式截图
    sheet(bad / "首页单品提报-红蜻蜓.xlsx", [
        hp_row("100012043978", "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", size="38",                     # V001
               display="红蜻蜓雪地靴", slogan=None, price=459,                                        # T001, T002, P001
               promo_start=dt.datetime(2026, 12, 2, 0, 0)),                                         # P003
        hp_row("100023456781", "红蜻蜓 牛皮系带 马丁靴 RQT-2315", display="全网最低价 仅此一天",     # T003
               price=129, stock=0,                                                                  # P002, V002
               start=dt.datetime(2026, 11, 20, 10, 0), end=dt.datetime(2026, 11, 22, 10, 0)),      # P005 ended
    ], version="2025.06", header=HOMEPAGE_HEADER, title="首页单品提报表", date_columns=dates)      # S003


# ── platform (服装城/平台活动) ───────────────────────────────────────────────────────────────────

PLATFORM_HEADER = ["SKU编码*", "商品名称*", "价格*", "库存*", "是否标注售罄", "商品链接*"]
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>红蜻蜓 冬季上新</title></head>
<body>
<div class="banner"><a href="https://mall.jd.com/index-1000001.html" target="_blank"><img src="banner.jpg" alt="店铺首页"></a></div>
<ul class="items">
{items}
</ul>
<a href="#top">回到顶部</a>
</body></html>
"""


def platform() -> None:
    flower, rocket, store, astronaut = _photos()
    square = (800, 800)
    ok = EXAMPLES / "platform-ok"
    items = "\n".join(f'  <li><a href="https://item.jd.com/{sku}.html" target="_blank">{sku}</a></li>'
                      for sku in ("100012043978", "100023456781"))
    write(ok, {
        "100012043978.jpg": slot_image(flower, square, 120_000),
        "100023456781_主图.jpg": slot_image(store, square, 120_000),
        "links.txt": "# 店铺链接\n店铺：https://mall.jd.com/index-1000001.html\n",
        "店铺首页.url": "[InternetShortcut]\r\nURL=https://mall.jd.com/index-1000001.html\r\n",
        "店铺装修.html": PAGE.format(items=items),
        "jdcheck.yaml": config("platform"),
    })
    sheet(ok / "服装城提报-红蜻蜓.xlsx", [
        ["100012043978", "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", 299, 500, "否", "https://item.jd.com/100012043978.html"],
        ["100023456781", "红蜻蜓 牛皮系带 马丁靴 RQT-2315", 349, 0, "是", "https://item.jd.com/100023456781.html"],
    ], header=PLATFORM_HEADER, title="服装城活动提报表", date_columns=())

    bad = EXAMPLES / "platform-bad"
    bad_items = "\n".join([
        '  <li><a href="https://item.jd.com/100012043978.html">雪地靴</a></li>',                      # H001
        '  <li><a href="https://item.jd.com/100023456781.html" target="_self">马丁靴</a></li>',       # H001
        '  <li><a href="https://shop123.taobao.com/" target="_blank">淘宝店</a></li>',                # H002
    ])
    write(bad, {
        "100012043978.jpg": slot_image(flower),                                                   # I002: 440×293
        "100023456781.gif": slot_image(store, (200, 200), fmt="GIF"),                            # I005, I002
        "主图.jpg": slot_image(rocket, square, 120_000),                                            # M104
        "links.txt": "店铺：https://shop.jd.com/index-1000001.html\n",                            # L003 (back office)
        "店铺装修.html": PAGE.format(items=bad_items),
        "jdcheck.yaml": config("platform"),
    })
    sheet(bad / "服装城提报-红蜻蜓.xlsx", [
        ["100012043978", "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", 299, 0, "否",                     # S006: sold out, not marked
         "https://item.jd.com/100012043978.html"],
        ["100023456781", "红蜻蜓 自营 马丁靴 RQT-2315", 349, 200, None,                          # T003
         "https://item.jd.com/100099999999.html"],                                              # L004
        ["100034567892", "红蜻蜓 羊毛内里 切尔西靴 RQT-2408", 399, 300, None,                     # M105: no image
         "https://item.jd.com/100034567892.html"],
    ], header=PLATFORM_HEADER, title="服装城活动提报表", date_columns=())


# ── channel (二三级资源) ─────────────────────────────────────────────────────────────────────────

CHANNEL_HEADER = ["SKU编码*", "商品名称*", "尺码*", "价格*", "库存*", "广告语*", "促销开始时间*", "促销结束时间*", "商品链接*"]
CH_START, CH_END = dt.datetime(2026, 12, 1, 0, 0), dt.datetime(2026, 12, 7, 23, 59)


def ch_row(sku, title, size="37", price=299, stock=500, slogan="暖冬上新 限时直降", start=CH_START, end=CH_END):
    return [sku, title, size, price, stock, slogan, start, end, f"https://item.jd.com/{sku}.html"]


def mail(subject: str, items: list[tuple[str, str, str]], image: bytes | None) -> bytes:
    """A draft as a mail client saves it: plain and HTML alternatives, the screenshot attached."""
    from email.message import EmailMessage
    from email.policy import SMTP

    message = EmailMessage()
    message["From"] = "红蜻蜓旗舰店 <ops@redqingting-example.cn>"
    message["To"] = "类目负责人 <manager@jd.com>"
    message["Subject"] = subject
    message["Date"] = "Tue, 25 Nov 2026 10:12:33 +0800"
    lines = [line for sku, price, link in items for line in (f"SKU：{sku}", f"价格：{price}元", f"链接：{link}")]
    message.set_content("您好：\n附件为二三级资源提报截图。\n" + "\n".join(lines) + "\n谢谢！\n")
    html = "".join(f"<p>{line}</p>" if "http" not in line else f'<p>链接：<a href="{line[3:]}">{line[3:]}</a></p>' for line in lines)
    message.add_alternative(f"<html><body><p>您好：</p>{html}<p>谢谢！</p></body></html>", subtype="html")
    if image is not None:
        message.add_attachment(image, maintype="image", subtype="jpeg", filename="活动截图.jpg")
    return message.as_bytes(policy=SMTP)


def channel() -> None:
    flower, rocket, store, _ = _photos()
    rows = [("100012043978", "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", 299), ("100023456781", "红蜻蜓 牛皮系带 马丁靴 RQT-2315", 349)]
    shot = screenshot(store, 400)
    ok = EXAMPLES / "channel-ok"
    write(ok, {
        "活动截图.jpg": shot,
        "二三级资源提报.eml": mail("【二三级资源】红蜻蜓旗舰店 11月25日提报",
                                 [(sku, str(price), f"https://item.jd.com/{sku}.html") for sku, _, price in rows], shot),
        "jdcheck.yaml": config("channel"),
    })
    sheet(ok / "二三级资源提报-红蜻蜓.xlsx", [ch_row(sku, title, price=price) for sku, title, price in rows],
          header=CHANNEL_HEADER, title="二三级资源提报表", date_columns=(7, 8))

    bad = EXAMPLES / "channel-bad"
    write(bad, {
        "活动截图.jpg": shot,
        "二三级资源提报.eml": mail("提报资料",                                                        # E004
                                 [("100012043978", "289", "https://item.jd.com/100012043978.html"),    # E003 price
                                  ("100023456781", "349", "见附件")],                                   # E003 link
                                 None),                                                                 # E002
        "jdcheck.yaml": config("channel"),
    })
    sheet(bad / "二三级资源提报-红蜻蜓.xlsx", [
        ch_row("100012043978", "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201", slogan=None),               # T002
        ch_row("100023456781", "红蜻蜓 牛皮系带 马丁靴 RQT-2315", size="38", price=349,           # V001
               end=dt.datetime(2026, 12, 10, 23, 59)),                                         # P003
        ch_row("100034567892", "红蜻蜓 羊毛内里 切尔西靴 RQT-2408", stock=0, price=399),           # V002, E003 missing
    ], header=CHANNEL_HEADER, title="二三级资源提报表", date_columns=(7, 8))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
