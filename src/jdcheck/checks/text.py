"""T codes: titles, display names and slogans."""

from __future__ import annotations

import re

from jdcheck.checks import check
from jdcheck.findings import Hit

# An item number (货号) as brands write them: letters and digits with at least one digit,
# optionally dashed, e.g. RQT-2201, A8821, 2201B.
ITEM_NUMBER = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,}(?![A-Za-z0-9])")


@check("T003", "submission")
def banned_words(sub, opt, ctx):
    """Words banned in titles, display names and slogans: absolute terms under the Advertising Law
    art. 9 (最佳, 最低价, 第一, 唯一, NO.1 …) and JD's title controls (自营, 官方旗舰, 秒杀 …).
    Reports each word found. Fails: 红蜻蜓 最低价 雪地靴. Passes: 红蜻蜓 真皮 雪地靴 RQT-2201."""
    table = sub.table
    if table is None or table.header_row is None:
        return
    for row in table.rows:
        for key in opt.columns:
            text = row.value(key)
            if not isinstance(text, str):
                continue
            lowered = text.lower()
            for word in opt.words:
                if word.lower() in lowered:
                    header = table.header_text(key)
                    yield Hit(file=sub.sheet.rel, row=row.number, column=header, actual=word,
                              params={"column": header})


@check("T004", "submission")
def title_pattern(sub, opt, ctx):
    """商品名称 not following brand + attribute + category word + item number (货号), or longer than
    the rule's limit. Fails (warning): 雪地靴. Passes: 红蜻蜓 真皮保暖 雪地靴 RQT-2201."""
    table = sub.table
    if table is None or table.header_row is None:
        return
    header = table.header_text(opt.column)
    for row in table.rows:
        title = row.value(opt.column)
        if not isinstance(title, str) or not title.strip():
            continue
        title = title.strip()
        where = {"file": sub.sheet.rel, "row": row.number, "column": header}
        if len(title) > opt.max_length:
            yield Hit(actual=str(len(title)), expected=str(opt.max_length), **where)
        elif len(title) < opt.min_length:
            yield Hit(variant="too_short", actual=str(len(title)), expected=str(opt.min_length), **where)
        brand = row.value(opt.brand_column) if opt.brand_column else None
        if isinstance(brand, str) and brand.strip() and not title.lower().startswith(brand.strip().lower()):
            yield Hit(variant="no_brand", actual=title, expected=brand.strip(), **where)
        if not ITEM_NUMBER.search(title):
            yield Hit(variant="no_item_number", actual=title, **where)
        if opt.category_words and not any(word in title for word in opt.category_words):
            yield Hit(variant="no_category", actual=title, expected="/".join(opt.category_words), **where)
