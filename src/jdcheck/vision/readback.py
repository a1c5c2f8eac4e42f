"""Times, prices and SKUs read back from OCR text, tolerant of what OCR does to them.

Measured on synthetic back-office screenshots: OCR drops spaces (`2026-11-1323:59:59`), reads ¥
as ￥, Y or V, "." as "," and ":" as "：". A date whose spaces were dropped can be ambiguous
(`2026/12/119:30` is 12/11 9:30 or 12/1 19:30): every valid reading is kept as a candidate and the
first is the one shown.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jdcheck.pricewords import label_kind as _label_kind
from jdcheck.vision.ocr import Line, Reading

# Words of a promotion-setup page (JD 商家后台 促销管理 / 营销中心). A product page mentions a
# promotion too (促销 满减 每满299元减30元, 限时, 优惠): those words alone do not make one.
SETUP_WORDS = ("活动时间", "促销时间", "开始时间", "结束时间", "开团时间", "活动名称", "活动状态", "促销类型", "促销管理",
               "营销中心", "商家后台", "促销价", "团购价", "活动价", "秒杀价", "单品促销", "活动编号", "促销编号", "promotion")
# Words of a product page as shoppers see it (the style screenshot): with as many of them as setup
# words, a picture is a product page that mentions a promotion, not the promotion's settings.
ITEM_PAGE_WORDS = ("加入购物车", "立即购买", "配送至", "选择颜色", "选择尺码", "商品编号", "累计评价", "商品评价", "领券",
                   "有货", "自营", "关注店铺", "进店逛逛", "月销", "付款")
# Labels of the promotion's times: a time is read from its label, not from anywhere on the page
# (a 上次活动 line, a 创建时间 must not stand for the activity time).
RANGE_TIME_LABELS = ("活动时间", "促销时间", "团购时间", "活动期间", "促销期间", "有效期", "活动日期", "promotiontime")
START_TIME_LABELS = ("开始时间", "开团时间", "起始时间", "生效时间", "开始日期", "starttime")
END_TIME_LABELS = ("结束时间", "截止时间", "失效时间", "结束日期", "endtime")

_DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:.]\s*(\d{2})(?:\s*[:.]\s*(\d{2}))?")
_SPACED_DATE = re.compile(r"(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
_RUN = re.compile(r"(20\d{2})[-/.年](\d{1,2})[-/.月](\d{3,4})[:.](\d{2})(?:[:.](\d{2}))?")
# 12月1日 10:00, as a page writes a date of this year: the year is this one or the next (a
# promotion set up in December for January).
_YEARLESS = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(\d{1,2})\s*[:.]\s*(\d{2})")
_RANGE_SEPARATORS = ("", "至", "到", "-", "~", "—", "–", "to")
_DATE_START = re.compile(r"20\d{2}\s*[-/.年]")
_CURRENCY = "¥￥YV"
_PRICE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:[.,](\d{1,2}))?(?![\d])")
_SKU = re.compile(r"(?<!\d)\d{6,14}(?!\d)")


def normalize(text: str) -> str:
    """Full-width forms to ASCII (１９９ → 199, ：→ :), ￥ kept as ¥, lower-case Latin."""
    text = unicodedata.normalize("NFKC", text).replace("￥", "¥")
    return text.lower()


@dataclass(frozen=True, slots=True)
class ReadTime:
    shown: dt.datetime | dt.date  # the reading shown to the user; a date where the page shows no time of day
    candidates: tuple[dt.datetime | dt.date, ...]  # every valid reading of the same characters


def _valid(year, month, day, hour, minute) -> dt.datetime | None:
    try:
        if not (0 <= hour <= 23):
            return None
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def datetimes(text: str) -> list[ReadTime]:
    """Every date-and-time in `text`, to the minute, in the order of the text (a start before
    its end, whichever pattern read each)."""
    text = normalize(text)
    found: list[ReadTime] = []
    taken: list[tuple[int, int]] = []
    for match in _SPACED_DATE.finditer(text):  # spaces kept: no ambiguity
        y, mo, d, h, mi = (int(g) for g in match.groups()[:5])
        value = _valid(y, mo, d, h, mi)
        if value:
            found.append(ReadTime(value, (value,)))
            taken.append(match.span())
    for match in _RUN.finditer(text):  # day and hour run together
        if any(a <= match.start() < b for a, b in taken):
            continue
        y, mo = int(match.group(1)), int(match.group(2))
        run, mi = match.group(3), int(match.group(4))
        # Four digits: a padded day and hour (0209:30). Three: a clock pads its hour (00:00, 09:30)
        # where a date often does not pad its day (2026/12/2), so 2026/12/210:00 reads first as the
        # 2nd at 10:00; the other reading stays a candidate.
        splits = [(run[:2], run[2:]), (run[:1], run[1:])]
        if len(run) == 3:
            splits.reverse()
        values = [v for d, h in splits if 1 <= len(h) <= 2 and (v := _valid(y, mo, int(d), int(h), mi))]
        if values:
            found.append(ReadTime(values[0], tuple(dict.fromkeys(values))))
            taken.append(match.span())
    for match in _DATE.finditer(text):  # the rest: separators read oddly
        if any(a <= match.start() < b for a, b in taken):
            continue
        y, mo, d, h, mi = (int(g) for g in match.groups()[:5])
        value = _valid(y, mo, d, h, mi)
        if value:
            found.append(ReadTime(value, (value,)))
            taken.append(match.span())
    this_year = dt.date.today().year
    for match in _YEARLESS.finditer(text):  # without a year: this one's, or the next
        if any(a <= match.start() < b for a, b in taken):
            continue
        mo, d, h, mi = (int(g) for g in match.groups())
        values = [value for year in (this_year, this_year + 1) if (value := _valid(year, mo, d, h, mi))]
        if values:
            found.append(ReadTime(values[0], tuple(values)))
            taken.append(match.span())
    order = sorted(range(len(found)), key=lambda n: taken[n][0])
    return [found[n] for n in order]


_DAY = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


def dates(text: str) -> list[ReadTime]:
    """Dates without a time of day (活动时间：2026-12-02至2026-12-06), for a line that shows no
    date-and-time: each read as a date, compared with the sheet's date only."""
    found = []
    for match in _DAY.finditer(normalize(text)):
        try:
            day = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            continue
        found.append(ReadTime(day, (day,)))
    return found


def _without_dates(text: str) -> str:
    for pattern in (_SPACED_DATE, _RUN, _DATE):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


# Numbers that are not SKUs: an address (the browser's address bar: ...view?promoId=88123456) and
# the promotion's own id (活动编号 / 促销ID 88123456).
_NOT_SKU = re.compile(r"(?:https?:|www\.|[\w.-]+\.(?:com|cn)/)\S*|(?:promo\w*|活动|促销)\s*(?:id|编号|号)\s*[:=：]?\s*\d+")


def skus(text: str) -> list[str]:
    return _SKU.findall(_NOT_SKU.sub(" ", _without_dates(normalize(text))))


@dataclass(frozen=True, slots=True)
class ReadPrice:
    value: Decimal
    kind: str | None  # "promo", "list", "discount" or None (no label before it)
    text: str  # as read
    at: float = 0.5  # where in the text it stands, 0 (start) to 1 (end): its place in the line's box


def prices(text: str) -> list[ReadPrice]:
    """Money in `text`: an amount after a currency sign or a price label, or before 元.

    Each gets the kind of the nearest label before it (since the previous amount): 京东价 ¥299
    促销价 ¥199 gives (299, list), (199, promo)."""
    text = _without_dates(normalize(text))
    found = []
    last_end = 0
    for match in _PRICE.finditer(text):
        before = text[last_end:match.start()]
        compact = before.replace(" ", "")
        after = text[match.end():match.end() + 1]
        has_sign = compact[-1:] in _CURRENCY.lower() + "¥" if compact else False
        kind = _label_kind(compact)
        if not (has_sign or kind or after == "元") or _SKU.fullmatch(match.group(1).replace(",", "")):
            last_end = match.end()
            continue
        whole = match.group(1).replace(",", "")
        amount = whole + ("." + match.group(2) if match.group(2) else "")
        try:
            found.append(ReadPrice(Decimal(amount), kind, match.group(0), (match.start() + match.end()) / 2 / len(text)))
        except InvalidOperation:
            pass
        last_end = match.end()
    return found


_BARE_AMOUNT = re.compile(r"[¥]?(\d{1,3}(?:,\d{3})+|\d+)(?:[.,](\d{1,2}))?元?")


def bare_amount(text: str) -> Decimal | None:
    """The amount when `text` is nothing but one (a table cell or an input box: 309.00, 1,299.00,
    309.00元); None for anything else, and for what looks like a SKU or an id (6 digits or more
    without decimals)."""
    compact = "".join(normalize(text).split())
    match = _BARE_AMOUNT.fullmatch(compact)
    if match is None or (match.group(2) is None and len(match.group(1)) >= 6):
        return None
    whole = match.group(1).replace(",", "")
    try:
        return Decimal(whole + ("." + match.group(2) if match.group(2) else ""))
    except InvalidOperation:
        return None


def rows(lines: tuple[Line, ...]) -> list[list[Line]]:
    """Lines grouped into table rows: boxes whose vertical centres lie within half a line height."""
    grouped: list[list[Line]] = []
    for line in sorted(lines, key=lambda l: l.centre[1]):
        height = max(1, line.box[3] - line.box[1])
        if grouped and abs(grouped[-1][0].centre[1] - line.centre[1]) <= height / 2:
            grouped[-1].append(line)
        else:
            grouped.append([line])
    return [sorted(row, key=lambda l: l.box[0]) for row in grouped]


@dataclass
class PromoReading:
    """What a promotion screenshot shows: its times, its promotion prices, and per SKU the
    promotion prices of that SKU's table row.

    `start` and `end` are the times read after their labels (活动时间 start 至 end, 开始时间,
    结束时间); None when the page labels no time (a time column per SKU row): then `times`,
    every time on the page, stands for both."""

    times: list[ReadTime]
    prices: list[ReadPrice]  # promotion prices not tied to a SKU row
    by_sku: dict[str, list[Decimal]]
    skus: set[str]
    start: list[ReadTime] | None = None
    end: list[ReadTime] | None = None

    @property
    def empty(self) -> bool:
        return not (self.times or self.start or self.end or self.prices or self.by_sku)


def promo_reading(reading: Reading) -> PromoReading:
    table = rows(reading.lines)
    times = datetimes(" ".join(line.text for row in table for line in row))
    start, end = labelled_times(table)
    header: list[tuple[Line, str | None]] = []  # the cells of the last header row and their price kinds
    by_sku: dict[str, list[Decimal]] = {}
    loose: list[ReadPrice] = []
    all_skus: set[str] = set()
    card: tuple[str, Line] | None = None  # a SKU alone on its row, and its line: the prices below it are its own
    for row in table:
        row_text = " ".join(line.text for line in row)
        row_skus = skus(row_text)
        all_skus.update(row_skus)
        kinds = [_label_kind(normalize(line.text).replace(" ", "")) for line in row]
        amounts = [prices(line.text) or bare_amount(line.text) is not None for line in row]
        if any(kinds) and not row_skus and not any(amounts):
            header, card = list(zip(row, kinds)), None  # a header row: labels, no amount
            continue
        row_prices: list[ReadPrice] = []
        for n, line in enumerate(row):
            # The label of this cell's amount, if its text has none: the label cell before it in the
            # row (促销价 | ¥289.00, or 促销价 [309.00] 元 in a form), else its column's header.
            beside = kinds[n - 1] if n and kinds[n - 1] and not amounts[n - 1] else None
            for price in prices(line.text):
                kind = price.kind or beside
                if kind is None and any(k for _, k in header):
                    # OCR may read two cells as one line (¥399.00 ¥199.00 under 京东价 | 促销价 of a
                    # narrow page): each amount takes the column where it stands in the line.
                    x = line.box[0] + price.at * (line.box[2] - line.box[0])
                    kind = min(((cell, k) for cell, k in header if k), key=lambda col: abs(col[0].centre[0] - x))[1]
                row_prices.append(ReadPrice(price.value, kind, price.text))
            if prices(line.text):
                continue
            value = bare_amount(line.text)
            if value is None:
                continue
            # A bare amount is money only by its label: beside it or its column's header (促销价(元)
            # over 309.00); a 限购数量 or 库存 column's 1000 is not.
            kind = beside or _kind_above(line, header)
            if kind:
                row_prices.append(ReadPrice(value, kind, line.text))
        promo = [p.value for p in row_prices if p.kind == "promo"]
        if row_skus:
            unlabelled = [p.value for p in row_prices if p.kind is None]
            for sku in row_skus:
                by_sku.setdefault(sku, []).extend(promo or unlabelled)
            # A card of the phone back office (京麦): SKU：… on its own line, 京东价 ¥… 促销价 ¥…
            # on the lines below it, until the next SKU or header.
            card = (row_skus[0], next(line for line in row if skus(line.text))) if len(row_skus) == 1 and not row_prices else None
        elif card is not None and row_prices and all(
                _overlaps(line, card[1]) for line, priced in zip(row, amounts) if priced):
            by_sku.setdefault(card[0], []).extend(promo)
        else:
            # Prices beside no SKU: loose. A table's prices in their columns, right of a product
            # cell whose SKU stands below the name, are no card's: they do not stand under the SKU.
            loose.extend(p for p in row_prices if p.kind == "promo")
    return PromoReading(times, loose, by_sku, all_skus, start, end)


def _overlaps(line: Line, other: Line) -> bool:
    """Whether the two lines share some of their horizontal extent (one stands under the other)."""
    return line.box[0] < other.box[2] and other.box[0] < line.box[2]


def _kind_above(line: Line, cells: list[tuple[Line, str | None]]) -> str | None:
    """The kind of the cell above `line` that overlaps it horizontally most (on a tie the nearest),
    if any overlaps it: a price column's header, a time label over its column."""
    if not cells:
        return None

    def overlap(cell: Line) -> float:
        return min(cell.box[2], line.box[2]) - max(cell.box[0], line.box[0])

    cell, kind = max(cells, key=lambda item: (overlap(item[0]), -abs(item[0].centre[0] - line.centre[0])))
    return kind if overlap(cell) > 0 else None


def _time_label(text: str) -> str | None:
    """"range", "start" or "end": the last time label in `text`."""
    compact = "".join(normalize(text).split())
    best, best_at = None, -1
    for kind, labels in (("range", RANGE_TIME_LABELS), ("start", START_TIME_LABELS), ("end", END_TIME_LABELS)):
        for label in labels:
            at = compact.rfind(label)
            if at > best_at:
                best, best_at = kind, at
    return best


def labelled_times(table: list[list[Line]]) -> tuple[list[ReadTime] | None, list[ReadTime] | None]:
    """(start times, end times) read after their labels, in reading order: 活动时间 gives its first
    time to the start and its second to the end; 开始时间 and 结束时间 their own. The label is
    in the time's own text, the cell left of it, or the label above it (a label alone on its row,
    a table's 开始时间 | 结束时间 header over its columns). (None, None) when no time on the page
    has a label."""
    start: list[ReadTime] = []
    end: list[ReadTime] = []
    labelled = False
    above: list[tuple[Line, str]] = []  # the time labels of the last row that had labels and no time
    open_range = False  # the last time was 活动时间 with its start only: 至 end may follow on its own
    for row in table:
        row_labels: list[tuple[Line, str]] = []
        row_has_time = False
        for n, line in enumerate(row):
            text = normalize(line.text)
            found = datetimes(text) or dates(text)
            if not found:
                kind = _time_label(text)
                if kind:
                    row_labels.append((line, kind))
                open_range = open_range and "".join(text.split()) in _RANGE_SEPARATORS
                continue
            row_has_time = True
            first = _DATE_START.search(text)
            before = "".join(text[: first.start() if first else len(text)].split()).strip(":：")
            if open_range and before in _RANGE_SEPARATORS:
                end.append(found[0])
                open_range = False
                continue
            open_range = False
            if before:
                label = _time_label(before)
            else:
                left = _time_label(normalize(row[n - 1].text)) if n and not datetimes(row[n - 1].text) else None
                label = left or _kind_above(line, above)
            if label is None:
                continue
            labelled = True
            if label == "range":
                start.append(found[0])
                end.extend(found[1:2])
                open_range = len(found) == 1
            elif label == "start":
                start.append(found[0])
            else:
                end.append(found[0])
        if row_labels and not row_has_time:
            above = row_labels
    return (start, end) if labelled else (None, None)


def looks_like_promotion(reading: Reading) -> bool:
    """The screenshot shows promotion settings: two setup words, or one and a date-time, and fewer
    words of a product page (a product page's 促销 row, 满减 每满299元减30元, is not the settings)."""
    text = normalize(reading.text).replace(" ", "")
    words = sum(word in text for word in SETUP_WORDS)
    item = sum(word in text for word in ITEM_PAGE_WORDS)
    setup = words >= 2 or (words == 1 and bool(datetimes(text)))
    return setup and item < words


def text_lines(reading: Reading, exclude: tuple[int, int, int, int] | None = None) -> list[Line]:
    """Lines that count as text on a slot image (I010): confident, two characters or more, and
    not inside `exclude` (the logo corner)."""
    kept = []
    for line in reading.lines:
        if line.score < 0.5 or len(line.text.strip()) < 2:
            continue
        if exclude is not None:
            x, y = line.centre
            if exclude[0] <= x <= exclude[2] and exclude[1] <= y <= exclude[3]:
                continue
        kept.append(line)
    return kept
