"""E codes: the email of a channel submission (`.eml` draft or sent mail, Outlook `.msg`) against
the sheet.

The mail is read by emails.read_email (every client's MIME layout, charset and encoding; Outlook
.msg and winmail.dat through outlook.py); these checks only look at what it says: its subject, its
text as the recipient sees it (table rows as tab-separated lines), its links, what is attached.
"""

from __future__ import annotations

import re
import unicodedata

from jdcheck.checks import check, num
from jdcheck.findings import Hit
from jdcheck.messages import Term
from jdcheck.pricewords import label_kind

# A URL ends at white space, quotes, brackets, and at CJK text or punctuation written right after
# it ("链接：https://item.jd.com/1.html价格：199"); product and shop URLs never contain those.
# Only the scheme ignores case: case-folding the CJK ranges made this one pattern 4 ms of every
# start-up, to compile.
_URL = re.compile(r"(?i:https?://|www\.)[^\s<>\"'(),;\u3000-\u9fff\uff00-\uffef]+")
_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
# A number the mail marks as a price: after a price word or a currency sign, or before 元. Which
# price it is (the item's promotion price or its list price, 京东价) is told by the label before
# it (pricewords.label_kind).
_PRICE_WORDS = r"(?:价格|售价|活动价|促销价|到手价|提报价|单价|价|price)"
_MARKED_PRICE = re.compile(
    rf"{_PRICE_WORDS}\s*[:=]?\s*(?:rmb|cny)?\s*[¥]?\s*{_NUMBER}"
    rf"|[¥]\s*{_NUMBER}"
    rf"|{_NUMBER}\s*(?:元|rmb|cny)",
    re.IGNORECASE,
)
_PRICE_HEADER = re.compile(rf"^\s*{_PRICE_WORDS}", re.IGNORECASE)


@check("E001", "email", gate=True)
def unreadable_email(mail, opt, ctx):
    """The .eml or .msg cannot be read as a mail (a web page saved as .eml, a truncated or
    damaged .msg, an empty file), or it was cut short (an .eml without its closing boundary whose
    last part stops half-way): the email is the channel submission itself, so nothing, or half
    of it, was submitted. Fails: a .msg cut short by a failed copy; an .eml cut inside its
    screenshot. Passes: a draft saved by Outlook (.eml or .msg), Foxmail, QQ Mail, NetEase or
    Apple Mail."""
    error = mail.opened[1]
    yield Hit(variant=error.reason, params={"detail": error.detail})


@check("E002", "email")
def no_screenshot_attached(mail, opt, ctx):
    """The email carries no screenshot, attached or pasted into the body: channel managers judge
    the slot by the screenshot in the mail. A picture under 100 pixels on either side (a
    signature icon, a logo, a spacer) is not a screenshot. A part is a picture by its type, its
    name or else its bytes (QQ Mail and Outlook send a screenshot renamed 截图 as
    application/octet-stream); a picture that does not open to its last byte (cut short, its
    bytes garbled: the manager sees nothing) does not count either; the message says why each
    part does not count. Fails: only the .xlsx attached; only a 32×32 signature icon; 活动截图.jpg
    whose bytes are no JPEG. Passes: 截图.png (750×1334) attached or pasted;
    截图 (a JPEG, no extension) as application/octet-stream."""
    message = mail.opened[0]
    if not message.screenshots():
        attached = [_describe(a) for a in message.attachments]
        # Why none counts: a picture that does not open (cut short or garbled: what the manager
        # would notice first), every other picture under the size; the other parts are no
        # picture by their type, name or bytes.
        damaged = [a for a in message.attachments if a.is_image and a.damage is not None]
        small = [_describe(a) for a in message.attachments if a.is_image and a.damage is None]
        others = [_describe(a) for a in message.attachments if not a.is_image]
        variant = ("damaged" if damaged else "none" if not attached else "not_picture" if not small
                   else "small" if not others else "small_and_not_picture")
        yield Hit(variant=variant, expected="≥ 1", actual=", ".join(attached) or "0",
                  params={"small": small, "others": others,
                          "damaged": [_describe(a) for a in damaged],
                          "damage": [Term(f"read_{kind}") for kind in dict.fromkeys(a.damage for a in damaged)]})


def _describe(attachment) -> str:
    name = attachment.filename or attachment.content_type
    return f"{name} {attachment.pixel_size[0]}×{attachment.pixel_size[1]}" if attachment.pixel_size else name


@check("E003", "email")
def item_missing_from_email(mail, opt, ctx):
    """A sheet row's SKU, price or link is missing from the email, or the email's price differs from
    the sheet's: the manager reads the mail first, and a mail that disagrees with the sheet is sent
    back. The SKU must be written out (not only inside a link). The price is the number the mail
    marks as the item's price (价格：199, 促销价：199, 活动价 ¥199, 199元) in the SKU's own item
    block, or the cell under the 价格/促销价/团购价 column in the SKU's table row (Outlook/Word
    tables too, empty cells keeping their column); a list price written beside it (京东价：399元,
    原价, 划线价, 市场价) is not the item's price. A block runs to a blank line, or to the line that
    starts the next item (a second SKU, price, name or link line once the block has its SKU), in
    any order within it; the link is a product
    link of the same SKU in any accepted form anywhere in the mail, and a product link written in
    the SKU's own block or row must open that SKU (item.jd.com/<sku>.html names it).
    Fails: SKU 100012043978 with 价格：189 while the sheet says 199; its block's link opening
    item.jd.com/100023456781.html. Passes: 价格：199.00."""
    table = ctx.submission.table
    if table is None or table.header_row is None or opt.sku_column not in table.columns:
        return
    message = mail.opened[0]
    text = unicodedata.normalize("NFKC", message.text)
    links = _product_links(text, message.html_links)
    rows = [(row, row.value(opt.sku_column)) for row in table.rows]
    rows = [(row, sku) for row, sku in rows if sku]
    records = _records(text.split("\n"), {sku for _, sku in rows})
    attached_mails = [a.filename or a.content_type for a in message.attachments if _is_mail(a)]
    # The product links (SKU, URL) written in each block or row of one sheet SKU.
    beside = {}
    for record in records:
        if len(record.skus) == 1:
            beside.setdefault(next(iter(record.skus)), []).append(_record_links(record))
    for row, sku in rows:
        params = {"sku": sku, "sheet_row": row.number}
        mine = [record for record in records if sku in record.skus]
        if not mine:
            if attached_mails:
                # Forwarded as an attachment: the items are one click away, not in the mail.
                yield Hit(variant="attached_mail", actual=None, expected=sku,
                          params={**params, "attached": ", ".join(attached_mails)})
            else:
                yield Hit(actual=None, expected=sku, params=params)
            continue
        price = row.value(opt.price_column) if opt.price_column in table.columns else None
        if price is not None:
            found = []
            for record in mine:
                found += [p for p in record.prices(sku) if p not in found]
            if not found and len(rows) == 1:
                # One item: a price anywhere in the mail is its price.
                found = [p for r in records if not r.is_header for p in _marked_prices(r.bare_lines)]
                found = list(dict.fromkeys(found))
            if not found:
                listed = list(dict.fromkeys(p for record in mine for p in record.prices(sku, "list")))
                if listed:
                    # Only the list price is written: the manager cannot see the price submitted.
                    yield Hit(variant="list_price_only", expected=num(price), params={
                        **params, "listed": "/".join(num(p) for p in listed)})
                else:
                    yield Hit(variant="no_price", expected=num(price), params=params)
            elif price not in found:
                yield Hit(variant="price", expected=num(price), actual="/".join(num(p) for p in found), params=params)
        if opt.link_column in table.columns:
            wrong = _wrong_links(sku, beside)
            if wrong:
                # The link written with this item opens another product: pasted from the wrong row.
                other, url = wrong[0]
                yield Hit(variant="wrong_link", expected=f"https://item.jd.com/{sku}.html", actual=url,
                          params={**params, "other": other})
            elif sku not in links:
                yield Hit(variant="link", expected=f"https://item.jd.com/{sku}.html", params=params)


def _label_of(text: str) -> str | None:
    """"promo", "list", "discount" or None: the price a label or a table header names."""
    return label_kind("".join(unicodedata.normalize("NFKC", text).lower().split()))


def _header_kind(cell: str) -> str | None:
    """The price a table header cell names: "item" (the price the item is submitted at, which
    E003 compares: 促销价, 活动价, 团购价, 价格, 售价) or "list" (京东价, 原价, 划线价: never the
    item's price), None when it names none. A header is a short label: a cell with figures in
    it (满299元减30元，到手价以页面为准) is a row's text, not a column's name."""
    if len(cell) > 12 or re.search(r"\d", cell):
        return None
    kind = _label_of(cell)
    if kind is None and _PRICE_HEADER.match(cell):
        return "item"  # 售价, 单价, 价
    return {"promo": "item", "list": "list"}.get(kind)


# A mail attached to the mail: MIME's forwarded message, an Outlook item attached to a .msg.
_MAIL_TYPES = frozenset({"message/rfc822", "application/vnd.ms-outlook"})


def _is_mail(attachment) -> bool:
    name = (attachment.filename or "").lower()
    return attachment.content_type in _MAIL_TYPES or name.endswith((".eml", ".msg"))


def _wrong_links(sku: str, beside: dict[str, list[list[tuple[str, str]]]]) -> list[tuple[str, str]]:
    """(SKU, URL) of the product links written in an item block or table row of this SKU alone
    when none of them opens this SKU: the link the manager clicks beside the SKU opens another
    product. A link that names no SKU (u.jd.com, union-click tracking links) cannot be compared;
    a block or row holding several of the sheet's SKUs cannot say which link is whose. Links that
    open only sheet SKUs whose own blocks hold no link are the items' links written after all
    the items (SKU A, 价格, SKU B, 价格, 链接 A, 链接 B): the first joins B's block, and says nothing."""
    for found in beside.get(sku, []):
        if found and all(other != sku for other, _ in found):
            if all(other in beside and not any(beside[other]) for other, _ in found):
                continue
            return found
    return []


def _record_links(record) -> list[tuple[str, str]]:
    from jdcheck.links import classify_link

    found = []
    for line in record.lines:
        for url in _URL.findall(line):
            link = classify_link(url)
            if link.kind == "product" and link.sku:
                found.append((link.sku, url))
    return found


def _product_links(text: str, html_links: list[str]) -> set[str]:
    """SKUs of the product links in the mail's text and HTML."""
    from jdcheck.links import classify_link

    found = set()
    for url in [*_URL.findall(text), *html_links]:
        link = classify_link(url)
        if link.kind == "product" and link.sku:
            found.add(link.sku)
    return found


def _sku_pattern(sku: str) -> re.Pattern:
    """The SKU written as a number of its own (not inside a longer number or a link)."""
    return re.compile(rf"(?<![0-9]){re.escape(sku)}(?![0-9])")


# Labels that start a line of an item: its SKU, its name, its link. "商品链接" and "商品编码" are
# the link and the SKU, not the name.
_ENUMERATOR = r"^\s*(?:[(（]?\d{1,2}[.、)）:：]|[①-⑳]|[-*•·])?\s*"
_SKU_LABEL = re.compile(_ENUMERATOR + r"(?:sku|商品编码|商品id|商品编号|编码)\s*(?:编码|id|号)?\s*\d{0,2}\s*[:=：\s]", re.IGNORECASE)
_NAME_LABEL = re.compile(_ENUMERATOR + r"(?:商品名称|商品名|商品\d{0,2}|名称|品名|款式)\s*[:：]")
_LINK_LABEL = re.compile(_ENUMERATOR + r"(?:商品链接|链接|link|url)\s*[:：]?", re.IGNORECASE)


class _Record:
    """An item block of the mail's lines, or one table row with its table's header row."""

    __slots__ = ("lines", "bare_lines", "header", "cells", "fields", "skus", "is_header")

    def __init__(self, header: list[str] | None = None, cells: list[str] | None = None) -> None:
        self.lines: list[str] = []
        self.bare_lines: list[str] = []  # the lines with their URLs taken out
        self.header = header
        self.cells = cells
        self.fields: set[str] = set()
        self.skus: set[str] = set()  # the sheet's SKUs written in it
        self.is_header = False

    def add(self, line: str, bare: str, fields: set[str], skus: set[str]) -> None:
        self.lines.append(line)
        self.bare_lines.append(bare)
        self.fields |= fields
        self.skus |= skus

    def prices(self, sku: str, kind: str = "item") -> list:
        """The prices of `kind` the record gives to `sku`: "item" (what E003 compares) or "list"
        (京东价, 原价: only to say that the item's own price is missing)."""
        if self.cells is not None:
            kinds = [_header_kind(name) for name in self.header or []]
            columns = [i for i, found in enumerate(kinds) if found == kind]
            in_column = [p for i in columns if i < len(self.cells) and (p := _cell_price(self.cells[i])) is not None]
            if any(kinds):
                return in_column
        if self.skus <= {sku}:
            return _marked_prices(self.bare_lines, kind)
        # Several SKUs in one block can only be on one line ("A 299元；B 349元"): the SKU's
        # price is what follows it on its line, up to the next SKU.
        pattern = _sku_pattern(sku)
        others = [_sku_pattern(other) for other in self.skus - {sku}]
        pieces = []
        for line in self.bare_lines:
            for match in pattern.finditer(line):
                rest = line[match.end():]
                cut = min((m.start() for p in others if (m := p.search(rest))), default=len(rest))
                pieces.append(rest[:cut])
        return _marked_prices(pieces, kind)


def _records(lines: list[str], skus: set[str]) -> list[_Record]:
    """The mail's lines as item records: each table row on its own (with its table's header row),
    other lines grouped in blocks."""
    sku_patterns = {sku: _sku_pattern(sku) for sku in skus}
    records: list[_Record] = []
    block: _Record | None = None
    header: list[str] | None = None
    for line in lines:
        bare = _URL.sub(" ", line)
        written = {sku for sku, p in sku_patterns.items() if p.search(bare)}
        if "\t" in line:
            block = None
            cells = [cell.strip() for cell in bare.split("\t")]
            record = _Record(header=header, cells=cells)
            record.add(line, bare, set(), written)
            if not written and any(_header_kind(cell) for cell in cells):
                header = cells
                record.is_header = True
            records.append(record)
            continue
        header = None
        if not line.strip():
            block = None
            continue
        fields = _fields(line, bare, bool(written))
        if block is None or ("sku" in block.fields and fields & block.fields):
            block = _Record()
            records.append(block)
        block.add(line, bare, fields, written)
    return records


def _fields(line: str, bare: str, has_sheet_sku: bool) -> set[str]:
    """What of an item a line gives: its SKU, price, name or link."""
    fields = set()
    if has_sheet_sku or _SKU_LABEL.match(bare):
        fields.add("sku")
    # 京东价：399元 above 促销价：299元 is one item's two prices, not the start of another item.
    for _, kind in _labelled_prices(bare):
        fields.add("price" if kind == "item" else "list_price")
    if _NAME_LABEL.match(bare):
        fields.add("name")
    if _LINK_LABEL.match(bare) or any(_is_product_link(url) for url in _URL.findall(line)):
        # A shop or activity link (店铺链接 …) is not an item's field: it starts no item.
        fields.add("link")
    return fields


def _is_product_link(url: str) -> bool:
    from jdcheck.links import classify_link

    return classify_link(url).kind == "product"


_LEADING_NUMBER = re.compile(r"^\s*[¥]?\s*(\d+(?:\.\d+)?)")


def _cell_price(cell: str):
    """The number in a price cell: 299, ¥299.00, 299元, and also 299元/双 or 299 (包邮)."""
    value = _number(cell)
    if value is None:
        labelled = _labelled_prices(cell)
        # 京东价399元 促销价299元 in one price cell: the item's price is the one not labelled a list price.
        marked = [found for found, kind in labelled if kind == "item"] or [found for found, _ in labelled]
        if marked:
            return marked[0]
        leading = _LEADING_NUMBER.match(cell)
        value = _number(leading.group(1)) if leading else None
    return value


def _marked_prices(segment: list[str], kind: str = "item") -> list:
    """The prices of `kind` the lines mark, each once, in order: "item" prices, or "list" prices
    (京东价, 原价)."""
    found = []
    for line in segment:
        for value, marked in _labelled_prices(line):
            if marked == kind and value not in found:
                found.append(value)
    return found


def _labelled_prices(line: str) -> list[tuple]:
    """(value, "item" or "list") of each price the line marks: a list price when the last price
    label since the previous price names one (京东价：399元 促销价：299元 gives 399 list, 299 item;
    a price with no label, ¥299 or 299元, is the item's)."""
    found = []
    last_end = 0
    for match in _MARKED_PRICE.finditer(line):
        group = next(i for i, g in enumerate(match.groups(), start=1) if g)
        value = _number(match.group(group))
        label = _label_of(line[last_end:match.start(group)])
        last_end = match.end()
        if value is not None and label != "discount":  # 直降：50元 is an amount off, no price
            found.append((value, "list" if label == "list" else "item"))
    return found


def _number(text: str):
    from jdcheck.values import parse_number

    parsed = parse_number(text)
    return parsed.value if parsed.ok and not parsed.empty else None


@check("E004", "email")
def subject_off_pattern(mail, opt, ctx):
    """The subject is empty or does not contain the rule file's pattern (re.search): managers find
    submissions by subject. Fails: an empty subject; 资料 for pattern 二三级资源.
    Passes: 【二三级资源】红蜻蜓 11月25日提报."""
    subject = mail.opened[0].subject.strip()
    if not subject:
        yield Hit(expected=opt.example or opt.pattern, params={"example": opt.example or ""})
    elif opt.pattern is not None and not re.search(opt.pattern, subject):
        yield Hit(variant="pattern", actual=subject, expected=opt.pattern, params={"example": opt.example or opt.pattern})
