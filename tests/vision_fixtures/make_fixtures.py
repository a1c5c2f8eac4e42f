"""Render the vision test pictures the way real ones are made (committed: CI needs no fonts).

    python tests/vision_fixtures/make_fixtures.py [--photos DIR]

Slot images: crops of real photographs (tests/corpus/photos: scikit-image, scikit-learn and
mahotas sample photos, sources in tests/corpus/SOURCES.md) at 440×293 with a brand logo pasted where designers put it (top-left), in
the wrong place (top-right), another brand's logo with the same icon shape in other colours, the
brand name as text top-left, a slogan, or a block of selling points — drawn with Noto CJK fonts and
saved as JPEG under 50 KB as the group-buy slot requires. Screenshots: back-office-style
promotion settings pages (12–20 px text, JPEG q60–90 as QQ/WeChat save them), a product page
(style screenshot) and a picture with no text.

Two sets from different seeds: `dev/` (thresholds were chosen on it) and `held/` (only measured:
README figures). `manifest.json` in each gives the truth for every file.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONTS = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = [("NotoSansCJK-Regular.ttc", 2), ("NotoSansCJK-Bold.ttc", 2), ("NotoSerifCJK-Regular.ttc", 2),
              ("NotoSerifCJK-Bold.ttc", 2), ("NotoSansCJK-Regular.ttc", 0)]  # (file, face index: SC=2, JP=0)
BRAND = "红蜻蜓"
OTHER = "百丽"
SLOGANS = ["限时特惠", "新品上市 抢先购", "冬季热卖", "爆款直降"]
POINTS = ["头层牛皮 柔软舒适", "加绒保暖 冬季必备", "防滑耐磨橡胶大底", "轻便透气 久走不累", "经典百搭 通勤首选",
          "全国包邮 七天无理由", "买一送一 数量有限", "尺码齐全 35-40码"]


def font(size: int, which: int = 0):
    name, index = FONT_FILES[which % len(FONT_FILES)]
    return ImageFont.truetype(str(FONTS / name), size, index=index)


def make_logo(colour, accent, text: str) -> Image.Image:
    """A brand logo as shops have them: a coloured icon (a dragonfly-like mark) and the name."""
    logo = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((4, 4, 76, 76), fill=colour)
    draw.polygon([(40, 12), (52, 40), (40, 68), (28, 40)], fill=accent)
    draw.line((14, 30, 66, 50), fill=accent, width=5)
    draw.text((84, 14), text, font=font(40, 1), fill=colour)
    return logo


def jpeg_under(image: Image.Image, limit: int, quality: int = 90) -> bytes:
    while True:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
        if buffer.tell() < limit or quality <= 30:
            return buffer.getvalue()
        quality -= 5


def crop_photo(photo: Image.Image, rng: random.Random) -> Image.Image:
    w, h = photo.size
    scale = rng.uniform(0.6, 1.0)
    cw = int(min(w, h * 440 / 293) * scale)
    ch = int(cw * 293 / 440)
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    return photo.crop((x, y, x + cw, y + ch)).resize((440, 293), Image.LANCZOS)


def paste_logo(image: Image.Image, logo: Image.Image, where: str, width: int) -> None:
    scaled = logo.resize((width, round(width * logo.height / logo.width)), Image.LANCZOS)
    margin = 10
    x = margin if where == "top_left" else image.width - scaled.width - margin
    image.paste(scaled, (x, margin), scaled)


def text_block(image: Image.Image, lines: list[str], rng: random.Random, size: int, which: int) -> None:
    draw = ImageDraw.Draw(image)
    f = font(size, which)
    y = rng.randint(95, 120) if len(lines) > 2 else rng.randint(180, 220)
    x = rng.randint(150, 200)
    pad = 6
    height = len(lines) * (size + 8)
    width = max(draw.textlength(line, font=f) for line in lines)
    draw.rectangle((x - pad, y - pad, x + width + pad, y + height + pad), fill=(255, 255, 255))
    for line in lines:
        draw.text((x, y), line, font=f, fill=(200, 20, 30))
        y += size + 8


def slots(out: Path, rng: random.Random, photos: list[Image.Image], logos: dict, count: int) -> list[dict]:
    kinds = ["logo_tl", "logo_tr", "none", "other_tl", "brand_text_tl", "points", "slogan_logo", "points_logo"]
    entries = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        image = crop_photo(photos[n % len(photos)], rng)
        which = rng.randrange(len(FONT_FILES))
        width = rng.randint(60, 150)
        lines: list[str] = []
        if kind in ("logo_tl", "slogan_logo", "points_logo"):
            paste_logo(image, logos["brand"], "top_left", width)
        elif kind == "logo_tr":
            paste_logo(image, logos["brand"], "top_right", width)
        elif kind == "other_tl":
            paste_logo(image, logos["other"], "top_left", width)
        elif kind == "brand_text_tl":
            draw = ImageDraw.Draw(image)
            size = rng.randint(22, 30)
            draw.rectangle((6, 6, 20 + size * 3, 16 + size * 1.4), fill=(255, 255, 255))
            draw.text((12, 8), BRAND, font=font(size, which), fill=(200, 20, 30))
        if kind == "slogan_logo":
            lines = [rng.choice(SLOGANS)]
        elif kind in ("points", "points_logo"):
            lines = rng.sample(POINTS, rng.randint(5, 7))
        if lines:
            text_block(image, lines, rng, rng.randint(16, 20), which)
        name = f"{100012040000 + n}.jpg"
        (out / name).write_bytes(jpeg_under(image, 50 * 1024))
        entries.append({"file": name, "kind": kind,
                        "logo_top_left": kind in ("logo_tl", "slogan_logo", "points_logo"),
                        "brand_text_top_left": kind == "brand_text_tl",
                        "too_much_text": kind in ("points", "points_logo"), "text_lines": lines,
                        "logo_width": width if "logo" in kind or kind == "other_tl" else None})
    return entries


def screenshot(rows: list[tuple[str, str, str]], start: str, end: str, rng: random.Random, size: int, which: int,
               table: bool) -> Image.Image:
    """A promotion-settings page as JD's merchant back office lays it out."""
    image = Image.new("RGB", (1000, 560), (245, 246, 248))
    draw = ImageDraw.Draw(image)
    f, bold = font(size, which), font(size + 4, 1)
    draw.rectangle((0, 0, 1000, 48), fill=(225, 37, 27))
    draw.text((20, 12), "京东商家后台 · 营销中心", font=bold, fill=(255, 255, 255))
    draw.text((20, 70), "促销管理 > 单品促销 > 查看活动", font=f, fill=(90, 90, 90))
    draw.rectangle((20, 105, 980, 540), fill=(255, 255, 255))
    draw.text((40, 120), "活动名称：双十二团购专享", font=f, fill=(30, 30, 30))
    draw.text((40, 120 + size + 14), f"活动时间：{start} 至 {end}", font=f, fill=(30, 30, 30))
    y = 120 + 2 * (size + 14) + 20
    if table:
        columns = [(40, "SKU编码"), (260, "商品名称"), (560, "京东价"), (720, "促销价")]
        draw.rectangle((30, y - 6, 970, y + size + 8), fill=(240, 242, 245))
        for x, label in columns:
            draw.text((x, y), label, font=f, fill=(60, 60, 60))
        for sku, list_price, price in rows:
            y += size + 22
            for (x, _), value in zip(columns, (sku, "女士短靴", f"¥{list_price}", f"¥{price}")):
                draw.text((x, y), value, font=f, fill=(30, 30, 30))
    else:
        sku, list_price, price = rows[0]
        draw.text((40, y), f"京东价：¥{list_price}", font=f, fill=(30, 30, 30))
        draw.text((40, y + size + 14), f"促销价：¥{price}", font=f, fill=(225, 37, 27))
    return image


def screens(out: Path, rng: random.Random, photos: list[Image.Image], count: int) -> list[dict]:
    entries = []
    for n in range(count):
        size = rng.choice([12, 13, 14, 16, 18, 20])
        which = rng.randrange(len(FONT_FILES))
        day = rng.randint(1, 28)
        start = f"2026-12-{day:02d} 09:30:00"
        end = f"2026-12-{day:02d} 23:59:59" if n % 2 else f"2026-12-{min(day + 1, 28):02d} 09:30:00"
        table = n % 2 == 0
        rows = []
        for k in range(3 if table else 1):
            jd = rng.randint(199, 899)
            price = f"{jd - rng.randint(20, 150)}.{rng.choice(['00', '90', '50'])}"
            rows.append((f"1000{rng.randint(10**7, 10**8 - 1)}", f"{jd}.00", price))
        image = screenshot(rows, start, end, rng, size, which, table)
        name = f"QQ截图2026112{n:02d}{rng.randint(100000, 999999)}.jpg"
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=rng.choice([60, 70, 80, 90]))
        (out / name).write_bytes(buffer.getvalue())
        entries.append({"file": name, "kind": "promo", "start": start, "end": end, "size": size,
                        "rows": [{"sku": s, "jd_price": j, "price": p} for s, j, p in rows], "table": table})
    # a product page (style screenshot) and a screenshot with no text at all
    page = Image.new("RGB", (800, 500), (255, 255, 255))
    page.paste(crop_photo(photos[0], rng).resize((360, 240)), (20, 60))
    draw = ImageDraw.Draw(page)
    draw.text((400, 70), f"{BRAND}女士短靴 真皮加绒 冬季新款", font=font(18), fill=(30, 30, 30))
    draw.text((400, 110), "京东价 ¥399.00", font=font(18), fill=(225, 37, 27))
    draw.text((400, 150), "选择颜色  黑色  棕色", font=font(16), fill=(90, 90, 90))
    page.save(out / "Snipaste_2026-11-27_10-30-15.png")
    entries.append({"file": "Snipaste_2026-11-27_10-30-15.png", "kind": "style"})
    crop_photo(photos[1], rng).save(out / "微信截图_20261127103102.jpg", quality=80)
    entries.append({"file": "微信截图_20261127103102.jpg", "kind": "no_text"})
    return entries


def promo_page(start: str, end: str, rows: list[tuple[str, str, str]] | None, single: str | None = None,
               size: int = 14) -> bytes:
    """A promotion-settings page for the test folders' sheets (tests/folders.py rows)."""
    rng = random.Random(size)
    image = screenshot(rows or [("", "399.00", single or "")], start, end, rng, size, 0, table=rows is not None)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def label_page(start: str, end: str, sku: str, title: str, list_price: str, price: str, size: int = 14) -> bytes:
    """A promotion-details page laid out as labels and values (京麦 单品促销 · 促销详情): the 商品
    line names the item with its SKU in brackets, 京东价 comes before 促销价, dates written 年月日."""
    image = Image.new("RGB", (900, 420), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    f = font(size, 0)
    draw.rectangle((0, 0, 900, 40), fill=(228, 57, 60))
    draw.text((20, 10), "京麦 · 营销中心 · 单品促销 · 促销详情", font=f, fill=(255, 255, 255))

    def ymd(text: str) -> str:
        day, clock = text.split(" ")
        y, m, d = day.split("-")
        return f"{y}年{m}月{d}日 {clock[:5]}"

    fields = [("促销编号", "1234567890"), ("促销名称", "红蜻蜓首页单品"), ("活动时间", f"{ymd(start)} - {ymd(end)}"),
              ("商品", f"{title}（SKU：{sku}）"), ("京东价", f"¥{list_price}"), ("促销价", f"¥{price}"),
              ("限购", "每人限购 2 件")]
    y = 60
    for label, value in fields:
        draw.text((16, y), label, font=f, fill=(136, 136, 136))
        draw.text((106, y), value, font=f, fill=(228, 57, 60) if label == "促销价" else (51, 51, 51))
        y += size + 16
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def cases(out: Path, photos: list[Image.Image], logos: dict) -> None:
    """The pictures of the test folders (tests/vision): named by what they are, values of the
    sheets that tests/folders.py and tests/type_folders.py write."""
    out.mkdir(exist_ok=True)
    rng = random.Random(7)
    a, b = "100012043978", "100023456781"
    gb = ("2026-12-02 09:30:00", "2026-12-05 09:30:00")
    pages = {
        "gb_promo_ok.jpg": promo_page(*gb, [(a, "399.00", "299.00"), (b, "399.00", "299.00")]),
        "gb_promo_wrong_price.jpg": promo_page(*gb, [(a, "399.00", "299.00"), (b, "399.00", "309.00")]),
        "gb_promo_wrong_time.jpg": promo_page(gb[0], "2026-12-04 09:30:00", [(a, "399.00", "299.00"), (b, "399.00", "299.00")]),
        "gb_promo_single_ok.jpg": promo_page(*gb, None, single="299.00", size=16),
        "hp_promo_ok.jpg": promo_page("2026-12-02 10:00:00", "2026-12-03 10:00:00", None, single="299.00", size=18),
        "hp_promo_wrong_price.jpg": promo_page("2026-12-02 10:00:00", "2026-12-03 10:00:00", None, single="289.00", size=18),
        "ch_promo_ok.jpg": promo_page("2026-12-01 00:00:00", "2026-12-07 23:59:59", [(a, "399.00", "299.00"), (b, "449.00", "349.00")], size=13),
    }
    hp = ("2026-12-02 10:00:00", "2026-12-03 10:00:00")
    pages["hp_promo_labels_sku_ok.png"] = label_page(*hp, a, "红蜻蜓 真皮 女靴 H1234", "399.00", "299.00")
    pages["hp_promo_labels_sku_wrong_price.png"] = label_page(*hp, a, "红蜻蜓 真皮 女靴 H1234", "399.00", "289.00")
    for name, data in pages.items():
        (out / name).write_bytes(data)
    base = crop_photo(photos[2], rng)
    variants = {
        "slot_logo_tl.jpg": ("top_left", None),
        "slot_logo_tr.jpg": ("top_right", None),
        "slot_plain.jpg": (None, None),
        "slot_points_logo.jpg": ("top_left", POINTS[:6]),
        "slot_slogan_logo.jpg": ("top_left", [SLOGANS[1]]),
    }
    for name, (where, lines) in variants.items():
        image = base.copy()
        if where:
            paste_logo(image, logos["brand"], where, 110)
        if lines:
            text_block(image, lines, rng, 18, 0)
        (out / name).write_bytes(jpeg_under(image, 50 * 1024))
    image = base.copy()
    draw = ImageDraw.Draw(image)
    draw.rectangle((6, 6, 100, 46), fill=(255, 255, 255))
    draw.text((12, 8), BRAND, font=font(26, 0), fill=(200, 20, 30))
    (out / "slot_brand_text.jpg").write_bytes(jpeg_under(image, 50 * 1024))
    square = crop_photo(photos[0], rng).resize((800, 800))
    (out / "slot_800_plain.jpg").write_bytes(jpeg_under(square, 100 * 1024))
    paste_logo(square, logos["brand"], "top_left", 220)
    (out / "slot_800_logo_tl.jpg").write_bytes(jpeg_under(square, 100 * 1024))
    lines = POINTS[:6]
    draw = ImageDraw.Draw(square)
    f = font(30, 0)
    draw.rectangle((300, 280, 760, 280 + len(lines) * 44 + 10), fill=(255, 255, 255))
    for n, line in enumerate(lines):
        draw.text((310, 285 + n * 44), line, font=f, fill=(200, 20, 30))
    (out / "slot_800_points_logo.jpg").write_bytes(jpeg_under(square, 100 * 1024))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, default=HERE.parent / "corpus" / "photos")  # tests/corpus/SOURCES.md
    args = parser.parse_args()
    photos = [Image.open(p).convert("RGB") for p in sorted(args.photos.iterdir()) if p.suffix in (".jpg", ".png")]
    logos = {"brand": make_logo((200, 20, 30, 255), (255, 210, 0, 255), BRAND),
             "other": make_logo((20, 60, 200, 255), (255, 255, 255, 255), OTHER)}
    logos["brand"].save(HERE / "logo.png")
    logos["other"].save(HERE / "other_logo.png")
    cases(HERE / "cases", photos, logos)
    for name, seed, n_slots, n_screens in (("dev", 11, 24, 6), ("held", 29, 40, 10)):
        out = HERE / name
        out.mkdir(exist_ok=True)
        for old in out.iterdir():
            old.unlink()
        rng = random.Random(seed)
        manifest = {"slots": slots(out, rng, photos, logos, n_slots), "screens": screens(out, rng, photos, n_screens)}
        (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
