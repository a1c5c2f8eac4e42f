"""Regenerate examples/groupbuy-ok and examples/groupbuy-bad from real photos.

Run from the repository root with ../shared/corpus beside it:  python scripts/make_examples.py
The committed examples are the output; this script documents how they were made.
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
PHOTOS = ROOT.parent / "shared" / "corpus" / "photos"
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


def sheet(path: Path, rows: list[list], *, version="2026.11", header=HEADER, hidden_rows=()) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "团购提报"
    ws.append(["团购提报表"])
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
        for c in (9, 10):
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


def main() -> int:
    if not PHOTOS.is_dir():
        print(f"photos not found: {PHOTOS}", file=sys.stderr)
        return 1
    flower, rocket, store, astronaut = (PHOTOS / n for n in ("flower.jpg", "rocket.jpg", "DepartmentStore.jpg", "astronaut.png"))
    config = "type: groupbuy\ntoday: 2026-11-25   # pinned so the example gives the same verdict on any day\n"

    ok = EXAMPLES / "groupbuy-ok"
    write(ok, {
        "100012043978.jpg": slot_image(flower),
        "100023456781.jpg": slot_image(store),
        "100034567892.jpg": slot_image(rocket),
        "款式截图.jpg": screenshot(store, 600),
        "促销截图.jpg": screenshot(flower, 600),
        "jdcheck.yaml": config,
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
        "jdcheck.yaml": config,
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
    print(f"wrote {ok} and {bad}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
