"""Benchmark data, generated on the spot: real-looking JPEGs and realistic group-buy sheets.

Every folder is a submission that passes `jdcheck groupbuy` (so the benchmark times the whole
check, not an early exit): slot images 440×293 under 50 KB named after their SKU, a style and a
promotion screenshot, and a sheet with the template's title rows, version cell and header.

    python benchmarks/data.py typical OUT      # 3 rows, 3 slot images, 2 screenshots
    python benchmarks/data.py large OUT        # 2,000 rows, 2,000 slot images
    python benchmarks/data.py batch OUT 1000   # 1,000 small folders
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
from pathlib import Path

HEADER = ["SKU编码*", "商品名称*", "品牌*", "京东价*", "团购价*", "库存*", "季节*", "是否在其他平台做过团购*",
          "开团时间*", "结束时间*", "发货时效(小时)*", "商品链接*", "店铺链接*", "团购类型"]
SHOP = "https://mall.jd.com/index-1000001.html"
START, END = dt.datetime(2026, 12, 2, 9, 30), dt.datetime(2026, 12, 5, 9, 30)
CONFIG = "type: groupbuy\ntoday: 2026-11-25\n"
BRANDS = ["红蜻蜓", "百丽", "骆驼", "回力", "森达"]
ITEMS = [("真皮加绒保暖", "雪地靴"), ("牛皮系带", "马丁靴"), ("羊毛内里", "切尔西靴"), ("轻便透气", "运动鞋"),
         ("软底防滑", "休闲鞋"), ("高帮加厚", "棉鞋")]
VARIANTS = 24  # distinct slot pictures; larger folders reuse them under other SKUs


def photo(size: tuple[int, int], seed: int):
    """A photo-like RGB picture: lit gradient background, blurred shapes, sensor noise.

    JPEG sizes and decode costs come out like real product photos (flat areas and detail),
    which a flat colour or pure noise would not give.
    """
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    width, height = size
    base = Image.linear_gradient("L").resize(size).rotate(rng.randint(0, 359), expand=False)
    tint = tuple(rng.randint(80, 230) for _ in range(3))
    im = Image.merge("RGB", [base.point(lambda v, t=t: v * t // 255 + 20) for t in tint])
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rng.randint(-50, width), rng.randint(-50, height)
        w, h = rng.randint(30, width // 2), rng.randint(30, height // 2)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + w, y + h), fill=colour)
    im = im.filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise(size, 18).convert("RGB")
    im = Image.blend(im, noise, 0.12)
    draw = ImageDraw.Draw(im)
    for _ in range(6):  # thin detail: stitching, text-like strokes
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.line((x, y, x + rng.randint(20, 120), y + rng.randint(-10, 10)), fill=(20, 20, 20), width=2)
    return im


def jpeg_bytes(im, limit: int | None = None, quality: int = 90) -> bytes:
    for q in range(quality, 20, -5):
        buffer = io.BytesIO()
        im.save(buffer, "JPEG", quality=q, optimize=True)
        if limit is None or buffer.tell() < limit:
            return buffer.getvalue()
    raise RuntimeError("cannot meet the size limit")


_SLOTS: list[bytes] = []
_SCREENSHOTS: list[bytes] = []


def slot_jpeg(index: int) -> bytes:
    if not _SLOTS:
        _SLOTS.extend(jpeg_bytes(photo((440, 293), seed), limit=48_000) for seed in range(VARIANTS))
    return _SLOTS[index % VARIANTS]


def screenshot_jpeg(index: int) -> bytes:
    if not _SCREENSHOTS:
        _SCREENSHOTS.extend(jpeg_bytes(photo((750, 1334), 1000 + seed), quality=75) for seed in range(2))
    return _SCREENSHOTS[index % 2]


def sku(index: int) -> str:
    return str(100012043978 + index * 7919)


def row(index: int) -> list:
    rng = random.Random(index)
    brand = BRANDS[index % len(BRANDS)]
    attribute, category = ITEMS[index % len(ITEMS)]
    price = rng.randrange(199, 899, 10)
    return [sku(index), f"{brand} {attribute} {category} RQT-{2200 + index % 7000}", brand, price,
            price - rng.randrange(30, 150, 10), rng.randrange(800, 2000, 50), "冬", "否", START, END,
            24, f"https://item.jd.com/{sku(index)}.html", SHOP, "普通团"]


def sheet(path: Path, rows: int) -> None:
    """The sheet as Excel leaves it: merged title, version cell, text SKUs, date formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "团购提报"
    ws.append(["团购提报表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["模板版本: 2026.11", None, "填写说明：带 * 为必填项；SKU 请设为文本格式"])
    ws.append(HEADER)
    for index in range(rows):
        ws.append(row(index))
        r = ws.max_row
        ws.cell(r, 1).number_format = "@"
        ws.cell(r, 9).number_format = ws.cell(r, 10).number_format = "yyyy-mm-dd hh:mm"
    for column in ("A", "B", "L", "M"):
        ws.column_dimensions[column].width = 28
    wb.save(path)


def submission(folder: Path, rows: int, *, sheet_bytes: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(rows):
        (folder / f"{sku(index)}.jpg").write_bytes(slot_jpeg(index))
    (folder / "款式截图.jpg").write_bytes(screenshot_jpeg(0))
    (folder / "促销截图.jpg").write_bytes(screenshot_jpeg(1))
    (folder / "jdcheck.yaml").write_text(CONFIG, encoding="utf-8")
    target = folder / "团购提报-红蜻蜓.xlsx"
    if sheet_bytes is None:
        sheet(target, rows)
    else:
        target.write_bytes(sheet_bytes)
    return folder


def typical(folder: Path) -> Path:
    return submission(folder, 3)


def large(folder: Path) -> Path:
    return submission(folder, 2000)


def batch(root: Path, count: int) -> Path:
    """`count` typical folders; the sheet is written once and copied (same bytes, same cost)."""
    root.mkdir(parents=True, exist_ok=True)
    first = typical(root / "0000")
    sheet_bytes = (first / "团购提报-红蜻蜓.xlsx").read_bytes()
    for index in range(1, count):
        submission(root / f"{index:04d}", 3, sheet_bytes=sheet_bytes)
    return root


def main(argv: list[str]) -> int:
    kind, out = argv[0], Path(argv[1])
    if kind == "batch":
        batch(out, int(argv[2]) if len(argv) > 2 else 1000)
    else:
        {"typical": typical, "large": large}[kind](out)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
