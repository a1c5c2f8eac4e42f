"""T codes: titles, display names and slogans."""

from __future__ import annotations

import re

from jdcheck.checks import check
from jdcheck.findings import Hit
from jdcheck.values import brand_names

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
    banned = BannedWords(opt.words)
    for row in table.rows:
        for key in opt.columns:
            text = row.value(key)
            if not isinstance(text, str):
                continue
            header = table.header_text(key)
            for word in banned.found_in(text):
                yield Hit(file=sub.sheet.rel, row=row.number, column=header, actual=word,
                          params={"column": header})


class BannedWords:
    """A rule's banned words, put in order and compiled once for every cell they are looked for in."""

    def __init__(self, words):
        # Longest first: 全网最低价 is one finding (全网最低价 or 全网最低), not also 最低价 inside it.
        self._ordered = [(word, word.lower()) for word in sorted(dict.fromkeys(words), key=len, reverse=True)]
        # Most titles hold no banned word: one scan for any of them settles those.
        self._any = re.compile("|".join(re.escape(needle) for _, needle in self._ordered)) if self._ordered else None

    def found_in(self, text: str) -> list[str]:
        """The banned words in `text`, longest first, each place reported once."""
        lowered = text.lower()
        if self._any is None or self._any.search(lowered) is None:
            return []
        taken: list[range] = []
        found: list[str] = []
        for word, needle in self._ordered:
            start = lowered.find(needle)
            while start != -1:
                span = range(start, start + len(needle))
                if not any(span.start < other.stop and other.start < span.stop for other in taken):
                    taken.append(span)
                    if word not in found:
                        found.append(word)
                start = lowered.find(needle, start + 1)
        return found


@check("T004", "submission")
def title_pattern(sub, opt, ctx):
    """商品名称 not following brand + attribute + category word + item number (货号), or longer than
    the rule's limit; a brand typed with its last character twice (红蜻蜓蜓 男士皮鞋) is named as
    such. Fails (warning): 雪地靴. Passes: 红蜻蜓 真皮保暖 雪地靴 RQT-2201."""
    table = sub.table
    if table is None or table.header_row is None:
        return
    header, file = table.header_text(opt.column), sub.sheet.rel
    for row in table.rows:
        title = row.value(opt.column)
        if not isinstance(title, str) or not title.strip():
            continue
        title = title.strip()
        where = {"file": file, "row": row.number, "column": header}
        if len(title) > opt.max_length:
            yield Hit(actual=str(len(title)), expected=str(opt.max_length), **where)
        elif len(title) < opt.min_length:
            yield Hit(variant="too_short", actual=str(len(title)), expected=str(opt.min_length), **where)
        brand = row.value(opt.brand_column) if opt.brand_column else None
        names = brand_names(brand) if isinstance(brand, str) else []
        # 【红蜻蜓】… and （红蜻蜓）… are JD's own title styles: the brand still leads
        lead = title.lstrip(_TITLE_OPENERS)
        doubled = _doubled_name(lead, names)
        if doubled is not None:
            yield Hit(variant="doubled_brand", actual=title, expected=doubled,
                      params={"typed": lead[:len(doubled) + 1]}, **where)
        elif names and not lead.lower().startswith(tuple(name.lower() for name in names)):
            yield Hit(variant="no_brand", actual=title, expected=brand.strip(), **where)
        if not ITEM_NUMBER.search(title):
            yield Hit(variant="no_item_number", actual=title, **where)
        if opt.category_words and not any(word in title for word in opt.category_words):
            yield Hit(variant="no_category", actual=title, expected="/".join(opt.category_words), **where)


_TITLE_OPENERS = "【[（(「『《<〔 \u3000"


def _doubled_name(lead: str, names: list[str]) -> str | None:
    """The brand name that leads `lead` only with its last character typed twice and nothing of
    the same script after it (红蜻蜓蜓 男士皮鞋, 【红蜻蜓蜓】…, NIKEE 跑鞋); None when a name of
    the brand leads it as written, or none leads it.

    A doubled character followed by more of its script is a word of its own, not a typo: 森马马丁靴
    (马丁靴), 骆驼驼色 (驼色); and 红蜻蜓蜻蜓系列 doubles no character. A doubled digit may be a model
    number (K22). Those are left alone: a false error on a real title costs more than a missed typo."""
    lowered = lead.lower()
    doubled = None
    for name in names:
        folded = name.lower()
        if not lowered.startswith(folded):
            continue
        last, after = folded[-1], lowered[len(folded) + 1:len(folded) + 2]
        if not (len(folded) >= 2 and last.isalpha() and lowered[len(folded):len(folded) + 1] == last
                and not _same_word(last, after)):
            return None  # this name leads the title as written
        doubled = doubled or name
    return doubled


def _same_word(char: str, after: str) -> bool:
    """Whether `after` continues the word `char` ends: another ideograph after an ideograph, a
    letter or digit after a letter."""
    if not after:
        return False
    if _ideograph(char):
        return _ideograph(after)
    return after.isalnum()


def _ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"

# Separators between the words of a title or display name (ASCII and full-width punctuation).
_SEPARATORS = re.compile(r"[\s\u3000_\-—·・|/\\,，.。、:：;；!！?？()（）\[\]【】<>《》\"'“”‘’+＋*]+")


@check("T001", "submission")
def display_name_is_title(sub, opt, ctx):
    """homepage: 首页显示名称 is the plain product name or a piece of it (every word of it is a piece of
    商品名称). The display name sells the offer; a copy of the title wastes the slot.
    Fails (warning): 红蜻蜓雪地靴 for 红蜻蜓 真皮加绒保暖 雪地靴 RQT-2201. Passes: 仅此一天 雪地靴直降."""
    table = sub.table
    if table is None or table.header_row is None:
        return
    for row in table.rows:
        name, title = row.value(opt.column), row.value(opt.title_column)
        if not isinstance(name, str) or not isinstance(title, str):
            continue
        if _made_of_title(name, title):
            header = table.header_text(opt.column)
            yield Hit(file=sub.sheet.rel, row=row.number, column=header, actual=name,
                      params={"column": header, "suggestions": list(opt.suggestions)})


def _made_of_title(name: str, title: str) -> bool:
    """Every word of `name` is a piece of `title`, or pieces of it run together (红蜻蜓雪地靴)."""
    plain_title = _SEPARATORS.sub("", title).lower()
    words = [w for w in _SEPARATORS.split(name.lower()) if w]
    return bool(words) and bool(plain_title) and all(_pieces_of(word, plain_title) for word in words)


def _pieces_of(word: str, title: str) -> bool:
    """`word` splits into substrings of `title` of two or more characters (one if it is one)."""
    if len(word) == 1:
        return word in title
    reachable = [True] + [False] * len(word)  # reachable[i]: word[:i] splits into pieces
    for end in range(2, len(word) + 1):
        reachable[end] = any(reachable[start] and word[start:end] in title for start in range(0, end - 1))
    return reachable[-1]


@check("T002", "submission", supersedes=("S004",))
def slogan_missing(sub, opt, ctx):
    """The ad slogan (广告语) is empty where the slot shows one (homepage, channel): the slot cannot be
    built without it. Reported as T002 instead of S004. Fails: an empty 广告语. Passes: 秋冬新款 限时直降."""
    table = sub.table
    if table is None or table.header_row is None or opt.column not in table.columns:
        return
    header = table.header_text(opt.column)
    for row in table.rows:
        if row.is_empty(opt.column):
            yield Hit(file=sub.sheet.rel, row=row.number, column=header, params={"column": header})
