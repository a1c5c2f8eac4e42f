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

from jdcheck.vision.ocr import Line, Reading

PROMO_LABELS = ("促销价格", "促销价", "团购价", "活动价格", "活动价", "秒杀价", "优惠价", "到手价", "券后价", "promotionprice", "promoprice")
LIST_LABELS = ("京东价", "原价", "日常价", "划线价", "市场价", "吊牌价", "jdprice", "listprice")
# Words of a promotion-setup page (JD 商家后台 促销管理 / 营销中心); two of them make a promotion screenshot.
PROMO_WORDS = ("促销", "活动时间", "开始时间", "结束时间", "促销价", "团购价", "活动价", "秒杀", "优惠", "满减",
               "限时", "营销", "活动名称", "promotion")

_DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:.]\s*(\d{2})(?:\s*[:.]\s*(\d{2}))?")
_SPACED_DATE = re.compile(r"(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
_RUN = re.compile(r"(20\d{2})[-/.年](\d{1,2})[-/.月](\d{3,4})[:.](\d{2})(?:[:.](\d{2}))?")
_CURRENCY = "¥￥YV"
_PRICE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:[.,](\d{1,2}))?(?![\d])")
_SKU = re.compile(r"(?<!\d)\d{6,14}(?!\d)")


def normalize(text: str) -> str:
    """Full-width forms to ASCII (１９９ → 199, ：→ :), ￥ kept as ¥, lower-case Latin."""
    text = unicodedata.normalize("NFKC", text).replace("￥", "¥")
    return text.lower()


@dataclass(frozen=True, slots=True)
class ReadTime:
    shown: dt.datetime  # the reading shown to the user
    candidates: tuple[dt.datetime, ...]  # every valid reading of the same characters


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
        splits = [(run[:2], run[2:]), (run[:1], run[1:])]  # two-digit day first: back offices pad
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
    order = sorted(range(len(found)), key=lambda n: taken[n][0])
    return [found[n] for n in order]


def _without_dates(text: str) -> str:
    for pattern in (_SPACED_DATE, _RUN, _DATE):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def skus(text: str) -> list[str]:
    return _SKU.findall(_without_dates(normalize(text)))


@dataclass(frozen=True, slots=True)
class ReadPrice:
    value: Decimal
    kind: str | None  # "promo", "list" or None (no label before it)
    text: str  # as read


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
            found.append(ReadPrice(Decimal(amount), kind, match.group(0)))
        except InvalidOperation:
            pass
        last_end = match.end()
    return found


def _label_kind(before: str) -> str | None:
    """The kind of the last price label in `before` (the text since the previous amount)."""
    best, best_at = None, -1
    for kind, labels in (("promo", PROMO_LABELS), ("list", LIST_LABELS)):
        for label in labels:
            at = before.rfind(label)
            if at > best_at:
                best, best_at = kind, at
    return best


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
    promotion prices of that SKU's table row."""

    times: list[ReadTime]
    prices: list[ReadPrice]  # promotion prices not tied to a SKU row
    by_sku: dict[str, list[Decimal]]
    skus: set[str]

    @property
    def empty(self) -> bool:
        return not (self.times or self.prices or self.by_sku)


def promo_reading(reading: Reading) -> PromoReading:
    times = datetimes(" ".join(line.text for line in sorted(reading.lines, key=lambda l: (l.box[1], l.box[0]))))
    table = rows(reading.lines)
    header_columns: list[tuple[float, str]] = []  # (x centre, kind) of price headers
    by_sku: dict[str, list[Decimal]] = {}
    loose: list[ReadPrice] = []
    all_skus: set[str] = set()
    for row in table:
        row_text = " ".join(line.text for line in row)
        row_skus = skus(row_text)
        all_skus.update(row_skus)
        labels_only = [(line.centre[0], _label_kind(normalize(line.text).replace(" ", "")))
                       for line in row if not prices(line.text)]
        if any(kind for _, kind in labels_only) and not row_skus:
            header_columns = [(x, kind) for x, kind in labels_only if kind]
        row_prices: list[ReadPrice] = []
        for line in row:
            for price in prices(line.text):
                kind = price.kind
                if kind is None and header_columns:
                    kind = min(header_columns, key=lambda col: abs(col[0] - line.centre[0]))[1]
                row_prices.append(ReadPrice(price.value, kind, price.text))
        promo = [p.value for p in row_prices if p.kind == "promo"]
        if row_skus:
            unlabelled = [p.value for p in row_prices if p.kind is None]
            for sku in row_skus:
                by_sku.setdefault(sku, []).extend(promo or unlabelled)
        else:
            loose.extend(p for p in row_prices if p.kind == "promo")
    return PromoReading(times, loose, by_sku, all_skus)


def looks_like_promotion(reading: Reading) -> bool:
    """The screenshot shows promotion settings: two promotion words, or one and a date-time."""
    text = normalize(reading.text).replace(" ", "")
    words = sum(word in text for word in PROMO_WORDS)
    return words >= 2 or (words == 1 and bool(datetimes(text)))


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
