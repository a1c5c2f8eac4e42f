"""Submission folders for tests: a valid group-buy folder, and small ways to break it.

`groupbuy(tmp_path, ...)` writes a folder that passes with no finding at all (today 2026-11-25);
each test changes one thing — a cell, an image, a file — and asserts exactly which (code, file,
row) findings appear.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from jdcheck.engine import Options, run
from jdcheck.findings import Report
from jdcheck.rulefile import load_rules
from tests.builders import csv_file, xlsx
from tests.image_builders import jpeg

TODAY = dt.date(2026, 11, 25)
SHEET = "团购提报.xlsx"
TITLE_ROWS = (("团购提报表",), ("模板版本: 2026.11",))
FIRST_DATA_ROW = len(TITLE_ROWS) + 2  # title rows, then the header

GROUPBUY_COLUMNS = (
    ("sku", "SKU编码*"), ("title", "商品名称*"), ("brand", "品牌*"), ("jd_price", "京东价*"),
    ("group_price", "团购价*"), ("stock", "库存*"), ("season", "季节*"),
    ("other_platform", "是否在其他平台做过团购*"), ("start", "开团时间*"), ("end", "结束时间*"),
    ("ship_hours", "发货时效(小时)*"), ("product_link", "商品链接*"), ("shop_link", "店铺链接*"),
    ("group_type", "团购类型"),
)
HEADER = [name for _, name in GROUPBUY_COLUMNS]
SKUS = ("100012043978", "100023456781")


def gb_row(sku: str = SKUS[0], **values: Any) -> dict[str, Any]:
    """A valid group-buy row as {column key: cell value}; keyword arguments replace cells."""
    row = {
        "sku": sku,
        "title": "红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201",
        "brand": "红蜻蜓",
        "jd_price": 399,
        "group_price": 299,
        "stock": 1000,
        "season": "冬",
        "other_platform": "否",
        "start": dt.datetime(2026, 12, 2, 9, 30),
        "end": dt.datetime(2026, 12, 5, 9, 30),
        "ship_hours": 24,
        "product_link": f"https://item.jd.com/{sku}.html",
        "shop_link": "https://mall.jd.com/index-1000001.html",
        "group_type": "普通团",
    }
    unknown = set(values) - set(row)
    assert not unknown, f"no such column key: {unknown}"
    row.update(values)
    return row


KEYS = tuple(key for key, _ in GROUPBUY_COLUMNS)
NAME = dict(GROUPBUY_COLUMNS)


FileMaker = Callable[[Path], Any]


def groupbuy(
    root: Path,
    rows: Sequence[Mapping[str, Any]] | None = None,
    *,
    header: Sequence[str | None] | None = None,
    keys: Sequence[str] = KEYS,
    title_rows: Sequence[Sequence[Any]] = TITLE_ROWS,
    sheet: str | None = SHEET,
    sheet_options: Mapping[str, Any] | None = None,
    slot_images: bool = True,
    files: Mapping[str, bytes | str | FileMaker | None] | None = None,
) -> Path:
    """A group-buy folder. `files` adds files (bytes, text, or a builder called with the path)
    or, with None, removes a default one (e.g. {"款式截图.jpg": None}). `keys` picks the columns
    written (drop one to leave it out); `header` replaces their header texts, position by position."""
    folder = root / "团购-红蜻蜓-1201"
    folder.mkdir(parents=True, exist_ok=True)
    rows = [gb_row(SKUS[0]), gb_row(SKUS[1], title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")] if rows is None else rows
    defaults: dict[str, Any] = {
        "款式截图.jpg": lambda p: jpeg(p, (750, 1000)),
        "促销截图.jpg": lambda p: jpeg(p, (750, 600)),
    }
    if slot_images:
        for row in rows:
            if isinstance(row.get("sku"), str) and row["sku"].isdigit():
                defaults[f"{row['sku']}.jpg"] = lambda p: jpeg(p, (440, 293), kb=40)
    return submission_folder(folder, GROUPBUY_COLUMNS, rows, sheet, defaults, keys=keys, header=header,
                             title_rows=title_rows, sheet_options=sheet_options, files=files)


def submission_folder(folder: Path, columns: Sequence[tuple[str, str]], rows: Sequence[Mapping[str, Any]],
                      sheet: str | None, defaults: Mapping[str, Any], *, keys: Sequence[str] | None = None,
                      header: Sequence[str | None] | None = None,
                      title_rows: Sequence[Sequence[Any]] = TITLE_ROWS,
                      sheet_options: Mapping[str, Any] | None = None,
                      files: Mapping[str, Any] | None = None) -> Path:
    """Write a submission: the sheet (`columns` are (key, header) pairs, `rows` {key: value}),
    the `defaults` files, then `files` on top (None removes a default)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = dict(columns)
    keys = [key for key, _ in columns] if keys is None else list(keys)
    contents = dict(defaults)
    if sheet is not None:
        head = [names[key] for key in keys] if header is None else list(header)
        cells = [head, *[[row.get(key) for key in keys] for row in rows]]
        if sheet.endswith(".csv"):
            contents[sheet] = lambda p: csv_file(p, cells, **(sheet_options or {}))
        else:
            contents[sheet] = lambda p: xlsx(p, cells, title_rows=title_rows, **(sheet_options or {}))
    contents.update(files or {})
    for name, content in contents.items():
        if content is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def check(folder: Path, type_name: str = "groupbuy", **options: Any) -> Report:
    options.setdefault("today", TODAY)
    return run(_builtin_rules(type_name), folder, Options(**options))


@functools.lru_cache(maxsize=None)
def _builtin_rules(type_name: str):
    return load_rules(type_name)  # rule sets are frozen: one load per type serves every test


def located(report: Report, code: str | None = None) -> set[tuple[str, str | None, int | None]]:
    """{(code, file, row)} of the report's findings, of one code if given."""
    return {(f.code, f.file, f.row) for f in report.findings if code is None or f.code == code}
