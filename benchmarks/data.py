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


# Real folders ----------------------------------------------------------------------------------
# What operators actually put on the drive (issue 14): browser or QQ screenshots of a product
# page (1280×720 to 1920×1080, PNG ~200–300 KB or JPEG), slot JPEGs of 35–45 KB cut from real
# photos, and a sheet that Excel, WPS or LibreOffice wrote.

PHOTOS = Path(__file__).resolve().parents[1].parent.parent / "shared" / "corpus" / "photos"
FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "C:/Windows/Fonts/msyh.ttc")
JD_RED = (225, 37, 27)


def photos_dir() -> Path:
    for candidate in (Path("/work/shared/corpus/photos"), PHOTOS):
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    raise SystemExit("no photos found: /work/shared/corpus/photos (real photographs) is needed")


_PHOTOS: list = []


def real_photos() -> list:
    from PIL import Image

    if not _PHOTOS:
        for path in sorted(photos_dir().iterdir()):
            with Image.open(path) as im:
                _PHOTOS.append(im.convert("RGB"))
    return _PHOTOS


def photo_crop(index: int, size: tuple[int, int], zoom: float = 1.8):
    """A crop of a real photograph at `size`, enlarged by `zoom` and more (position varied by index)."""
    from PIL import Image

    source = real_photos()[index % len(real_photos())]
    width, height = size
    scale = max(width / source.width, height / source.height) * (zoom + (index % 5) * 0.3)
    resized = source.resize((max(width, round(source.width * scale)), max(height, round(source.height * scale))),
                            Image.Resampling.BILINEAR)
    rng = random.Random(index)
    left = rng.randint(0, resized.width - width)
    top = rng.randint(0, resized.height - height)
    return resized.crop((left, top, left + width, top + height))


def font(size: int):
    from PIL import ImageFont

    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def page_screenshot(size: tuple[int, int], seed: int):
    """A browser window showing a JD product page: tab strip and address bar, the red header,
    the main photo, title, price and promotion text, a row of thumbnails and small print."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = size
    k = width / 1280  # layout scale
    im = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(im)
    small, body, title, big = font(round(12 * k)), font(round(14 * k)), font(round(20 * k)), font(round(30 * k))
    # browser chrome
    draw.rectangle((0, 0, width, round(36 * k)), fill=(222, 225, 230))
    draw.rounded_rectangle((round(8 * k), round(6 * k), round(240 * k), round(36 * k)), 6, fill=(255, 255, 255))
    draw.text((round(20 * k), round(12 * k)), f"{BRANDS[seed % 5]}旗舰店 - 京东", font=small, fill=(40, 40, 40))
    draw.rectangle((0, round(36 * k), width, round(72 * k)), fill=(255, 255, 255))
    draw.rounded_rectangle((round(90 * k), round(42 * k), width - round(120 * k), round(66 * k)), 12, fill=(241, 243, 244))
    draw.text((round(110 * k), round(46 * k)), f"https://item.jd.com/{sku(seed)}.html", font=body, fill=(60, 64, 67))
    # JD header
    top = round(72 * k)
    draw.rectangle((0, top, width, top + round(60 * k)), fill=JD_RED)
    draw.text((round(40 * k), top + round(14 * k)), "京东 JD.COM", font=big, fill=(255, 255, 255))
    draw.rectangle((round(360 * k), top + round(14 * k), round(900 * k), top + round(46 * k)), fill=(255, 255, 255))
    draw.text((round(372 * k), top + round(20 * k)), "搜索 雪地靴 女 加绒", font=body, fill=(150, 150, 150))
    # main photo and its thumbnails
    top += round(80 * k)
    main = round(340 * k)
    im.paste(photo_crop(seed, (main, main)), (round(40 * k), top))
    thumb = round(64 * k)
    for i in range(5):
        im.paste(photo_crop(seed + i + 1, (thumb, thumb)), (round(40 * k) + i * (thumb + round(10 * k)), top + main + round(10 * k)))
    # title, price, promotion, details
    x = round(500 * k)
    attribute, category = ITEMS[seed % len(ITEMS)]
    draw.text((x, top), f"{BRANDS[seed % 5]} {attribute}{category} 女冬季 新款 RQT-{2200 + seed}", font=title, fill=(20, 20, 20))
    draw.rectangle((x, top + round(44 * k), width - round(40 * k), top + round(120 * k)), fill=(252, 242, 240))
    price = 199 + seed * 10 % 600
    draw.text((x + round(16 * k), top + round(56 * k)), f"团购价 ¥{price}.00", font=big, fill=JD_RED)
    draw.text((x + round(300 * k), top + round(66 * k)), f"京东价 ¥{price + 120}.00", font=body, fill=(120, 120, 120))
    lines = ["促销  满299减30  每满200减20  可与店铺券叠加", "配送至  北京朝阳区三环到四环之间  有货  24小时内发货",
             "服务  支持7天无理由退货  京东物流  运费险", "颜色  黑色  棕色  米白色      尺码  35 36 37 38 39 40"]
    y = top + round(140 * k)
    for line in lines:
        draw.text((x, y), line, font=body, fill=(60, 60, 60))
        y += round(34 * k)
    while y < height - round(20 * k):
        words = "".join(rng.choice("真皮加绒保暖防滑软底舒适透气轻便耐磨时尚百搭简约经典") for _ in range(rng.randint(20, 48)))
        draw.text((x, y), words, font=small, fill=(110, 110, 110))
        y += round(22 * k)
    return im


def png_bytes(im) -> bytes:
    """As browsers save a screenshot: RGB PNG, zlib's default level, no filtering heuristics."""
    buffer = io.BytesIO()
    im.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


_REAL: dict[str, bytes] = {}


def real_file(kind: str, index: int) -> bytes:
    """The bytes of one real-folder file, made once per variant and reused under other names."""
    key = f"{kind}-{index}"
    if key not in _REAL:
        if kind == "png1280":
            _REAL[key] = png_bytes(page_screenshot((1280, 720), index))
        elif kind == "png1920":
            _REAL[key] = png_bytes(page_screenshot((1920, 1080), index))
        elif kind == "qq1920":  # QQ's screenshot tool saving JPEG
            _REAL[key] = jpeg_bytes(page_screenshot((1920, 1080), index), quality=85)
        elif kind == "slot":  # a real photo cut to the slot, saved to land at 35–45 KB
            im = photo_crop(100 + index, (440, 293), zoom=0.6)
            for quality in range(95, 20, -3):
                buffer = io.BytesIO()
                im.save(buffer, "JPEG", quality=quality, optimize=True)
                if buffer.tell() <= 45_000:
                    break
            _REAL[key] = buffer.getvalue()
        else:
            raise ValueError(kind)
    return _REAL[key]


def libreoffice_copy(source: Path, out_dir: Path) -> Path:
    """`soffice --headless --convert-to xlsx`: the workbook as LibreOffice Calc writes it."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed for the LibreOffice-written sheets")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jdcheck-lo-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(out_dir), str(source)], check=True, capture_output=True, timeout=300)
    return out_dir / source.name


def real_sheet(rows: int, writer: str, cache: Path) -> bytes:
    """A sheet of `rows` rows written by openpyxl, or by LibreOffice from that file."""
    target = cache / f"{writer}-{rows}.xlsx"
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        source = cache / f"openpyxl-{rows}.xlsx"
        if not source.exists():
            sheet(source, rows)
        if writer == "libreoffice":
            converted = libreoffice_copy(source, cache / "lo")
            converted.replace(target)
    return target.read_bytes()


def real_submission(folder: Path, rows: int, *, writer: str = "libreoffice", screenshots: str = "png1280",
                    sheet_bytes: bytes | None = None, cache: Path | None = None, seed: int = 0) -> Path:
    """A folder as an operator makes it: slot JPEGs cut from real photos, two page screenshots
    (browser PNG or QQ JPEG) and the sheet written by `writer`."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(rows):
        (folder / f"{sku(index)}.jpg").write_bytes(real_file("slot", index % VARIANTS))
    ext = ".jpg" if screenshots.startswith("qq") else ".png"
    # page variants whose PNGs land at 230–290 KB at 1280×720 (the dense crowd photo makes 480 KB)
    (folder / f"款式截图{ext}").write_bytes(real_file(screenshots, (2, 3, 6, 7)[seed % 4]))
    (folder / f"促销截图{ext}").write_bytes(real_file(screenshots, (3, 6, 7, 2)[seed % 4]))
    # No jdcheck.yaml: operators do not write one; the benchmark passes --today instead.
    if sheet_bytes is None:
        sheet_bytes = real_sheet(rows, writer, cache or folder.parent / ".sheets")
    (folder / "团购提报-红蜻蜓.xlsx").write_bytes(sheet_bytes)
    return folder


def real_drive(root: Path, count: int, *, writer: str = "libreoffice", screenshots: str = "png1280") -> Path:
    """`count` real folders, as copies (the issue's shared drive: 300 copies of one folder)."""
    root.mkdir(parents=True, exist_ok=True)
    sheet_bytes = real_sheet(3, writer, root.parent / f".sheets-{root.name}")
    for index in range(count):
        real_submission(root / f"团购-{index:04d}", 3, writer=writer, screenshots=screenshots,
                        sheet_bytes=sheet_bytes, seed=index)
    return root


def main(argv: list[str]) -> int:
    kind, out = argv[0], Path(argv[1])
    if kind == "batch":
        batch(out, int(argv[2]) if len(argv) > 2 else 1000)
    elif kind == "real":  # real OUT ROWS [WRITER [SCREENSHOTS]]
        options = dict(zip(("writer", "screenshots"), argv[3:]))
        real_submission(out, int(argv[2]), cache=out.parent / ".sheets", **options)
    elif kind == "real-drive":  # real-drive OUT COUNT [WRITER [SCREENSHOTS]]
        options = dict(zip(("writer", "screenshots"), argv[3:]))
        real_drive(out, int(argv[2]), **options)
    else:
        {"typical": typical, "large": large}[kind](out)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
