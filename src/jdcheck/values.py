"""Understand cell values the way operators really type them (SPEC §3).

A price arrives as 199, 199.0, "199", " 199 ", "¥199.00", "199元" or full-width "１９９"; a start time
as a datetime cell, an Excel serial number or text in half a dozen layouts. Every parser returns
what it understood plus *why the cell needs cleaning* (S009) though it was read, so checks can
accept the value and still tell the operator to tidy it before a manager's import trips on it.

Also here: header normalisation, finding the header row below title rows, and the template
version cell above it.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jdcheck.sheets import Cell, Sheet

# Format characters no editor shows, pasted from web pages, WeChat and PDFs wherever they sit
# in a cell: soft hyphen, zero-width space/non-joiner/joiner, LRM/RLM, the bidi embeddings,
# overrides and isolates, word joiner, BOM. Inside a cell they split a banned word (全网\u200b最低)
# or a SKU (1000120\u200b43978) where the operator sees none: every parser removes them first,
# and S009 calls them "invisible" (the operator looks for spaces and finds none).
# Control characters a cell may hold though nobody typed them: a backspace or an escape pasted
# from another program (Excel stores it as `_x0008_`, a CSV as the raw byte). Excel shows nothing,
# a manager's import compares "冬\x08" with 冬 and rejects it, and XML cannot hold them at all.
# Tab, line feed and carriage return are text (Alt+Enter), not among them.
CONTROL = "".join(map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)))
_CONTROL_CHARS = re.compile(f"[{re.escape(CONTROL)}]")
INVISIBLE = "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff" + CONTROL
_INVISIBLE_CHARS = re.compile(f"[{re.escape(INVISIBLE)}]")
# Blanks operators leave around a value: ASCII whitespace, NBSP (from web pages), the full-width
# ideographic space U+3000 (Chinese IME).
_SPACES_AROUND = " \t\r\n\f\v\u00a0\u3000"
# What a blank cell may hold: those blanks and invisible characters only.
_BLANKS = _SPACES_AROUND + INVISIBLE

# Full-width ASCII (U+FF01..U+FF5E) is plain ASCII shifted by 0xFEE0: what a Chinese IME types
# in full-width mode (１９９, ：, ／, －, ．, ，).
_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TO_ASCII[0x3000] = 0x20


@dataclass(frozen=True, slots=True)
class Parsed:
    """A cell value as understood.

    value: Decimal for numbers, naive datetime for dates, str for text and choices; None when the
        cell is empty or was not understood.
    ok: False when the cell holds something but not the expected kind (S005).
    empty: the cell is empty or whitespace only (S004 decides whether that matters).
    cleaning: why the cell needs cleaning though it was read (S009): "spaces", "invisible"
        (zero-width characters), "control" (control characters such as a backspace), "fullwidth", "currency", "unit", "thousands".
    """

    value: object | None
    ok: bool
    empty: bool
    cleaning: tuple[str, ...] = ()
    problem: str | None = None  # why a value was not understood, when it is known ("no_year", "serial")


_EMPTY = Parsed(None, ok=True, empty=True)
_SPACES = ("spaces",)
_INVISIBLE_REASON = ("invisible",)
_CONTROL_REASON = ("control",)


def _visible(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` as the operator sees it: invisible characters removed wherever they are, blanks
    around it stripped; and the cleaning reasons that took: "spaces", "invisible"."""
    # The cheap test first: no invisible character is printable, and most text holds none.
    if not text.isprintable() and _INVISIBLE_CHARS.search(text) is not None:
        seen = _INVISIBLE_CHARS.sub("", text)
        stripped = seen.strip(_SPACES_AROUND)
        reason = _CONTROL_REASON if _CONTROL_CHARS.search(text) is not None else _INVISIBLE_REASON
        return stripped, (("spaces", *reason) if stripped != seen else reason)
    stripped = text.strip(_SPACES_AROUND)
    return stripped, (_SPACES if stripped != text else ())


def visible_text(text: str) -> str:
    """`text` without invisible characters and surrounding blanks, as values are read."""
    return _visible(text)[0]


_NOT_UNDERSTOOD = Parsed(None, ok=False, empty=False)


def is_blank(v: object) -> bool:
    """An empty cell, or one holding only blanks and invisible characters."""
    return v is None or (isinstance(v, str) and not v.strip(_BLANKS))


def _clean_text(text: str, *, fullwidth: bool) -> tuple[str, list[str]]:
    """Remove invisible characters, strip blanks (and convert full-width ASCII when asked), saying
    which cleaning it took."""
    stripped, reasons = _visible(text)
    cleaning = list(reasons)
    if fullwidth:
        converted = stripped.translate(_FULLWIDTH_TO_ASCII)
        if converted != stripped:
            cleaning.append("fullwidth")
        stripped = converted
    return stripped, cleaning


# --------------------------------------------------------------------------- numbers

# "RMB 199", "¥199", "￥199" (U+FFE5, the full-width yen the Chinese IME types), "CNY199".
_CURRENCY_PREFIX = re.compile(r"^(?:[¥￥]|RMB|CNY)\s*", re.IGNORECASE)
# Units that do not change the number: 199元, 1000件, 48小时. Not 天 (days): "2天" in an hours
# column is 48, not 2, so it stays not understood.
_UNIT_SUFFIX = re.compile(r"\s*(?:元|块|件|个|双|套|只|台|条|小时|h)$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_number(v: object) -> Parsed:
    """A number as Decimal: 199, 199.0, "199", " 199 ", "¥199.00", "￥199", "199元", "１９９",
    "1,299.00", "199.00元". Not understood: "abc", "199-299", "1,2", a date, TRUE/FALSE."""
    if v.__class__ is int:  # the common cell first: Excel stores 199 as a number
        return Parsed(Decimal(v), ok=True, empty=False)
    if is_blank(v):
        return _EMPTY
    if isinstance(v, bool):
        return _NOT_UNDERSTOOD
    if isinstance(v, int):
        return Parsed(Decimal(v), ok=True, empty=False)
    if isinstance(v, float):
        if not math.isfinite(v):
            return _NOT_UNDERSTOOD
        # repr is the shortest text that round-trips: 199.9 -> Decimal("199.9"), not 199.900000000000005684...
        return Parsed(Decimal(repr(v)), ok=True, empty=False)
    if isinstance(v, Decimal):
        return Parsed(v, ok=True, empty=False) if v.is_finite() else _NOT_UNDERSTOOD
    if not isinstance(v, str):
        return _NOT_UNDERSTOOD
    text, cleaning = _clean_text(v, fullwidth=True)
    text, currency = _CURRENCY_PREFIX.subn("", text)
    if currency:
        cleaning.append("currency")
    text, unit = _UNIT_SUFFIX.subn("", text)
    if unit:
        cleaning.append("unit")
    if _GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "")
        cleaning.append("thousands")
    elif not _PLAIN_NUMBER.fullmatch(text):
        return _NOT_UNDERSTOOD
    try:
        number = Decimal(text)
    except InvalidOperation:
        return _NOT_UNDERSTOOD
    return Parsed(number, ok=True, empty=False, cleaning=tuple(cleaning))


# --------------------------------------------------------------------------- dates

_EXCEL_1900_EPOCH = datetime.datetime(1899, 12, 30)  # serial 0, after Excel's fake 1900-02-29
_EXCEL_1904_EPOCH = datetime.datetime(1904, 1, 1)
_EXCEL_LAST_SERIAL = 2_958_465  # 9999-12-31, the last date Excel displays

_MERIDIEM_ZH = "上午|下午|早上|晚上|中午|凌晨"
_AFTERNOON = {"下午", "晚上", "p", "P"}

_DATE_TEXT = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    # The time needs a separator (blank, ISO "T", none right after 日 or before 上午/下午) so
    # "2026-11-2509:30" is not read as the 25th.
    r"(?:(?:\s+|\s*T\s*|(?<=日)|(?=" + _MERIDIEM_ZH + r"))"
    # Excel and WPS on Chinese Windows show times as "上午9:30"/"下午3:00"; English ones "9:30 AM".
    r"(?:(?P<zh>" + _MERIDIEM_ZH + r")\s*)?(?:"
    r"(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{1,2})(?:\s*:\s*(?P<s>\d{1,2})(?:\.\d+)?)?"
    r"|(?P<ch>\d{1,2})\s*[时點点]\s*(?:(?P<cmi>\d{1,2})\s*分?)?\s*(?:(?P<cs>\d{1,2})\s*秒)?"
    r")(?:\s*(?P<en>[AaPp]\.?[Mm]\.?))?)?"
)
# A date typed without its year (12月1日, 12/1 9:30): which year is meant is a guess, and a manager's
# import either rejects it or files it under the year the file is opened.
_YEARLESS_DATE = re.compile(
    r"(?P<mo>\d{1,2})\s*(?:月\s*(?P<d1>\d{1,2})\s*[日号]?|[/.\-]\s*(?P<d2>\d{1,2}))"
    r"(?P<time>(?:\s+|(?<=[日号])|(?=" + _MERIDIEM_ZH + r")).*)?"
)


def parse_datetime(v: object, *, date1904: bool = False) -> Parsed:
    """A naive datetime from a date/datetime cell, an Excel serial (46351.395833 is 2026-11-25
    09:30; `date1904` for workbooks in the Mac 1904 date system) or text: "2026-11-25 09:30",
    "2026/11/25 9:30", "2026年11月25日 09:30", "2026.11.25 9:30", "2026-11-25" (midnight),
    "2026-11-25 09:30:00", "2026/12/1 上午9:30", "2026/12/1下午3:00", "2026/12/1 9:30 AM", also in
    full-width digits. A time without a date is not understood; a date without its year (12月1日)
    is not understood either, with problem "no_year" (S005 shows the full form); nor is a date
    before EARLIEST_YEAR, problem "serial" (a small number in a date cell)."""
    if isinstance(v, datetime.datetime):
        if v.year < EARLIEST_YEAR:
            return _SMALL_SERIAL
        return Parsed(v if v.tzinfo is None else v.replace(tzinfo=None), ok=True, empty=False)
    if is_blank(v):
        return _EMPTY
    if isinstance(v, datetime.date):
        if v.year < EARLIEST_YEAR:
            return _SMALL_SERIAL
        return Parsed(datetime.datetime(v.year, v.month, v.day), ok=True, empty=False)
    if isinstance(v, bool):
        return _NOT_UNDERSTOOD
    if isinstance(v, (int, float, Decimal)):
        moment = _from_excel_serial(float(v), date1904)
        if moment is None:
            return _DIGITS_DATE if digits_date(v) is not None else _NOT_UNDERSTOOD
        return _SMALL_SERIAL if moment.year < EARLIEST_YEAR else Parsed(moment, ok=True, empty=False)
    if not isinstance(v, str):
        return _NOT_UNDERSTOOD
    text, cleaning = _clean_text(v, fullwidth=True)
    moment = _datetime_from_text(text)
    if moment is None:
        if yearless_example(text, 2000) is not None:
            return Parsed(None, ok=False, empty=False, problem="no_year")
        return _DIGITS_DATE if digits_date(text) is not None else _NOT_UNDERSTOOD
    return Parsed(moment, ok=True, empty=False, cleaning=tuple(cleaning))


# A date column of a submission holds promotion times. A date before 2000 in one is a small
# number typed into a date cell (60, 1000, a price or a stock pasted one column off) that Excel
# shows as a day of 1900-1902: read as such it passed every window check. Not understood
# (S005 "serial"), the cell's value shown.
EARLIEST_YEAR = 2000
_SMALL_SERIAL = Parsed(None, ok=False, empty=False, problem="serial")


# 20261202 typed for 2026-12-02: a number (or digits) no import reads as a date, and far past the
# last day Excel can show (2958465 is 9999-12-31). Not understood (S005 "yyyymmdd"), and the
# message says which day the digits spell.
_DIGITS_DATE = Parsed(None, ok=False, empty=False, problem="yyyymmdd")
_YYYYMMDD = re.compile(r"(\d{4})(\d{2})(\d{2})")


def digits_date(v: object) -> str | None:
    """The day an 8-digit number or text written yyyymmdd spells ("2026-12-02" for 20261202),
    from EARLIEST_YEAR on; None for anything else."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float, Decimal)):
        if isinstance(v, float) and not math.isfinite(v):
            return None
        if v != int(v):
            return None
        text = str(int(v))
    elif isinstance(v, str):
        text = visible_text(v).strip().translate(_FULLWIDTH_TO_ASCII)
    else:
        return None
    match = _YYYYMMDD.fullmatch(text)
    if match is None or int(match.group(1)) < EARLIEST_YEAR:
        return None
    try:
        day = datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day.isoformat()


def yearless_example(text: str, year: int) -> str | None:
    """The full form of a date typed without its year, in `year` ("12月1日 9:30" ->
    "2026-12-01 09:30"); None when the text is not such a date."""
    text = visible_text(text).translate(_FULLWIDTH_TO_ASCII)
    match = _YEARLESS_DATE.fullmatch(text)
    if match is None:
        return None
    day = match.group("d1") or match.group("d2")
    time_text = (match.group("time") or "").strip()
    full = f"{year}年{int(match.group('mo'))}月{int(day)}日" + (f" {time_text}" if time_text else "")
    moment = _datetime_from_text(full)
    if moment is None:
        return None
    return f"{moment:%Y-%m-%d %H:%M}" if time_text else f"{moment:%Y-%m-%d}"


def _from_excel_serial(serial: float, date1904: bool) -> datetime.datetime | None:
    """Excel serial -> datetime, rounded to the second as Excel displays it (0.395833 of a day is
    09:29:59.97, shown as 09:30)."""
    if not math.isfinite(serial) or not 1 <= serial <= _EXCEL_LAST_SERIAL:
        return None
    if date1904:
        epoch = _EXCEL_1904_EPOCH
    elif serial < 61:
        # Excel's 1900 system counts a 1900-02-29 that never was (serial 60).
        epoch = _EXCEL_1900_EPOCH + datetime.timedelta(days=1)
    else:
        epoch = _EXCEL_1900_EPOCH
    days = math.floor(serial)
    seconds = round((serial - days) * 86_400)
    return epoch + datetime.timedelta(days=days, seconds=seconds)


def _datetime_from_text(text: str) -> datetime.datetime | None:
    match = _DATE_TEXT.fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    hour = int(parts["h"] or parts["ch"] or 0)
    minute = parts["mi"] or parts["cmi"] or 0
    second = parts["s"] or parts["cs"] or 0
    meridiem = parts["zh"] or (parts["en"] or "")[:1]
    if meridiem:
        if parts["zh"] and parts["en"] or hour > 12 or hour == 0 and meridiem != "凌晨":
            return None  # "下午15:00", "上午9:30 PM": which one was meant?
        if meridiem in _AFTERNOON and hour < 12:
            hour += 12
        elif meridiem in ("上午", "早上", "凌晨", "a", "A") and hour == 12:
            hour = 0
    try:
        return datetime.datetime(
            int(parts["y"]), int(parts["mo"]), int(parts["d"]), hour, int(minute), int(second)
        )
    except ValueError:  # 2026-02-30, 25:00
        return None


# --------------------------------------------------------------------------- text and choices


def parse_text(v: object) -> Parsed:
    """Text with surrounding blanks removed ("spaces" cleaning when there were some, including
    U+3000 and NBSP) and invisible characters removed wherever they are ("invisible"). Numbers
    render as Excel shows them by default: 199.0 -> "199"."""
    if isinstance(v, str):  # _visible inlined for the common cell: 14,000 cells a sheet
        if v.isprintable() or _INVISIBLE_CHARS.search(v) is None:
            text = v.strip(_SPACES_AROUND)
            cleaning = _SPACES if text != v else ()
        else:
            text, cleaning = _visible(v)
        if not text:
            return _EMPTY
        return Parsed(text, ok=True, empty=False, cleaning=cleaning)
    if v is None:
        return _EMPTY
    return Parsed(render(v), ok=True, empty=False)


def render(v: object) -> str:
    """A cell value as text: integral numbers without ".0", booleans as Excel's TRUE/FALSE,
    datetimes ISO-like ("2026-11-25 09:30:00")."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return repr(v)
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")  # Decimal("199.00") -> "199", Decimal("1E+2") -> "100"
    if isinstance(v, datetime.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    return str(v)


def parse_choice(v: object, allowed: Sequence[str]) -> Parsed:
    """One of `allowed` (e.g. 是/否) after trimming; ok=False for anything else."""
    text = parse_text(v)
    if text.empty:
        return text
    if text.value in allowed:
        return text
    return Parsed(None, ok=False, empty=False, cleaning=text.cleaning)


# --------------------------------------------------------------------------- SKU


@dataclass(frozen=True, slots=True)
class SkuValue:
    """A SKU cell as understood.

    digits: the SKU as a digit string when it could be read exactly.
    problem: None; "malformed" (not 6-14 digits after cleaning); "scientific_text" (text such as
        "1.00012E+11": the digits are lost); "long_number" (stored as a number of 12+ digits:
        Excel shows 1.00012E+11 and rounds past 15 digits; the digits are still given).
    cleaning: as in Parsed ("spaces", "fullwidth").
    """

    digits: str | None
    problem: str | None
    cleaning: tuple[str, ...] = ()


_SKU_DIGITS = re.compile(r"\d{6,14}")
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+")
_LONG_NUMBER_DIGITS = 12  # from 12 digits Excel's General format switches to 1.00012E+11


def parse_sku(v: object) -> SkuValue:
    """100012043978 (a number) -> long_number with its digits; "100012043978" -> fine;
    " 100012043978 " -> spaces; "１０００１２" -> fullwidth; "1.00012E+11" -> scientific_text;
    "ABC123", "12345" -> malformed; empty -> (None, None)."""
    if is_blank(v):
        return SkuValue(None, None)
    if isinstance(v, bool):
        return SkuValue(None, "malformed")
    if isinstance(v, float):
        if not v.is_integer():
            return SkuValue(None, "malformed")
        v = int(v)
    if isinstance(v, Decimal):
        if not v.is_finite() or v != v.to_integral_value():
            return SkuValue(None, "malformed")
        v = int(v)
    if isinstance(v, int):
        digits = str(v)
        if not _SKU_DIGITS.fullmatch(digits):
            return SkuValue(None, "malformed")
        problem = "long_number" if len(digits) >= _LONG_NUMBER_DIGITS else None
        return SkuValue(digits, problem)
    if not isinstance(v, str):
        return SkuValue(None, "malformed")
    text, cleaning = _clean_text(v, fullwidth=True)
    if _SKU_DIGITS.fullmatch(text):
        return SkuValue(text, None, tuple(cleaning))
    if _SCIENTIFIC.fullmatch(text):
        return SkuValue(None, "scientific_text", tuple(cleaning))
    return SkuValue(None, "malformed", tuple(cleaning))


# --------------------------------------------------------------------------- headers

# In str patterns \s is Unicode: it covers NBSP and the ideographic space U+3000.
_LINE_BREAK = re.compile(r"\s*[\r\n]\s*")
_INNER_BLANKS = re.compile(r"\s+")
_REQUIRED_MARKS = re.compile(r"^[\s*＊]+|[\s*＊]+$")


def normalize_header(text: object) -> str:
    """A header cell as compared with the template's names.

    - surrounding blanks (U+3000, NBSP too) go, invisible characters anywhere;
    - a line break typed with Alt+Enter (and the blanks around it) is removed: "发货时效\\n(小时)"
      is "发货时效(小时)" as it reads on screen;
    - other runs of blanks become one space, so "SKU 编码" still differs from "SKU编码";
    - full-width parentheses become ASCII: （小时） is (小时);
    - required-column marks "*"/"＊" at either end go, however many and with spaces: SPEC §3
      says `*` only marks a required column; templates put it after the name, some before.
    """
    if isinstance(text, str):
        return _normalize_header_text(text)
    return _normalize_header(text)


@functools.lru_cache(maxsize=4096)
def _normalize_header_text(text: str) -> str:
    # Header texts repeat: every finding's column name is normalized again (124 calls a folder).
    return _normalize_header(text)


def _normalize_header(text: object) -> str:
    if text is None:
        return ""
    value = _INVISIBLE_CHARS.sub("", render(text)).translate({0xFF08: "(", 0xFF09: ")"})
    value = _LINE_BREAK.sub("", value)
    value = _REQUIRED_MARKS.sub("", value.strip(_BLANKS))
    return _INNER_BLANKS.sub(" ", value).strip()


def find_header_row(sheet: Sheet, expected: Sequence[str], search_rows: int = 30) -> int | None:
    """The Excel row number of the header row: among the first `search_rows` rows, the first
    one matching the most expected names, provided it matches at least half of them, so a
    merged title row (团购提报表) or an instruction row above the header is never taken."""
    return header_match(sheet, expected, search_rows)[0]


def header_match(sheet: Sheet, expected: Sequence[str], search_rows: int = 30) -> tuple[int | None, int]:
    """(header row as find_header_row finds it, how many expected names it holds): the score
    that picks the sheet of a workbook whose header matches the template best."""
    wanted = {normalize_header(name) for name in expected} - {""}
    if not wanted:
        return None, 0
    needed = math.ceil(len(wanted) / 2)
    best_row, best_score = None, 0
    longest = max(len(name) for name in wanted) + 16  # room for marks, blanks, line breaks
    for index, row in enumerate(sheet.rows[:search_rows]):
        # A cell far longer than any header (a pasted text, a 100 MB string in a hostile file)
        # cannot match one: it is not normalized at all.
        present = {normalize_header(cell.value) for cell in row
                   if not (isinstance(cell.value, str) and len(cell.value) > longest)}
        score = len(wanted & present)
        if score > best_score:
            best_row, best_score = index + 1, score
    return (best_row, best_score) if best_score >= needed else (None, best_score)


_BRAND_SEPARATORS = re.compile(r"[()（）\[\]【】/／|｜、,，]")


def brand_names(brand: str) -> list[str]:
    """The names a 品牌 cell gives one brand, whole first: JD writes a brand 红蜻蜓（RED DRAGONFLY）
    and operators 红蜻蜓/RED DRAGONFLY, while a title or a logo shows one of the names."""
    whole = brand.strip()
    parts = [part.strip() for part in _BRAND_SEPARATORS.split(whole)]
    return list(dict.fromkeys([whole, *(part for part in parts if len(part) >= 2)])) if whole else []


def fullwidth_folded(text: str) -> str:
    """Full-width letters and digits as ASCII (ＳＫＵ编码 -> SKU编码): they look the same on screen."""
    return text.translate(_FULLWIDTH_TO_ASCII)


# --------------------------------------------------------------------------- sizes

# What operators write around a size: 37码, 37号, EU37, 欧码37, 37.0 (a number cell), "37 ", and
# the EU/mm pair shoe shops print on boxes: 37/235, 37（235）.
_SIZE_NOISE = re.compile(r"^(?:eu|欧码|尺码)?\s*(.*?)\s*(?:码|号|yard)?$", re.IGNORECASE)
_SIZE_WITH_MM = re.compile(r"(\d{2}(?:\.5)?)\s*(?:码|号)?\s*(?:/\s*\d{3}|\(\s*\d{3}\s*\))\s*(?:mm)?", re.IGNORECASE)


def normalize_size(value: object) -> str | None:
    """A size as comparable text: full-width folded, 码/号/EU removed, 37.0 → 37, 37/235 → 37;
    None when empty."""
    if value is None:
        return None
    import unicodedata

    text = unicodedata.normalize("NFKC", render(value)).strip()
    match = _SIZE_NOISE.match(text)
    text = match.group(1) if match else text
    pair = _SIZE_WITH_MM.fullmatch(text)
    if pair:
        text = pair.group(1)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text.upper() or None


_VERSION_LABEL = r"(?:模板版本号?|版本号|版本|template\s*version|version)"
_VERSION_IN_CELL = re.compile(
    _VERSION_LABEL + r"\s*[:：]?\s*[vV]?(?P<version>\d+(?:[.\-]\d+)*)", re.IGNORECASE
)
_VERSION_LABEL_ONLY = re.compile(_VERSION_LABEL + r"\s*[:：]?", re.IGNORECASE)
_VERSION_VALUE = re.compile(r"[vV]?(?P<version>\d+(?:[.\-]\d+)*)")


def template_version(sheet: Sheet, header_row: int) -> str | None:
    """The template version written above the header row, as text ("2026.11"), or None.

    Accepted: one cell `模板版本: 2026.11` / `模板版本：2026.11` / `模板版本 2026.11` /
    `版本号:2026.11` (also inside a longer title cell), or a cell `模板版本` with the version in
    the next filled cell to its right. A version stored as a number renders as Excel's General
    format shows it (2026.11 -> "2026.11"; note 2026.10 stored as a number is 2026.1).
    """
    for row in sheet.rows[: max(header_row - 1, 0)]:
        for index, cell in enumerate(row):
            text = parse_text(cell.value)
            if text.empty:
                continue
            label = text.value.translate(_FULLWIDTH_TO_ASCII)
            match = _VERSION_IN_CELL.search(label)
            if match:
                return match.group("version")
            if _VERSION_LABEL_ONLY.fullmatch(label):
                version = _version_right_of(row, index)
                if version is not None:
                    return version
    return None


def _version_right_of(row: Sequence[Cell], index: int) -> str | None:
    for cell in row[index + 1 :]:
        text = parse_text(cell.value)
        if text.empty:
            continue
        match = _VERSION_VALUE.fullmatch(text.value.translate(_FULLWIDTH_TO_ASCII))
        return match.group("version") if match else None
    return None
