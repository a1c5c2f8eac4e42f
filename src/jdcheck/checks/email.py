"""E codes: the email of a channel submission (`.eml` draft or sent mail) against the sheet.

The mail is read by emails.read_email (every client's MIME layout, charset and encoding); these
checks only look at what it says: its subject, its text and links, and what is attached.
"""

from __future__ import annotations

import re
import unicodedata

from jdcheck.checks import check, num
from jdcheck.findings import Hit

# A URL ends at white space, quotes, brackets, and at CJK text or punctuation written right after
# it ("链接：https://item.jd.com/1.html价格：199"); product and shop URLs never contain those.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'(),;\u3000-\u9fff\uff00-\uffef]+", re.IGNORECASE)
_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
# A number the mail marks as a price: after a price word or a currency sign, or before 元.
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
    """The .eml cannot be parsed as a mail (a .msg or a web page saved as .eml, empty, mangled):
    the email is the channel submission itself, so nothing was submitted. Fails: an Outlook .msg
    renamed .eml. Passes: a draft saved by Outlook, Foxmail, QQ Mail or Apple Mail."""
    yield Hit(params={"detail": mail.opened[1]})


@check("E002", "email")
def no_screenshot_attached(mail, opt, ctx):
    """The email carries no image, attached or pasted into the body: channel managers judge the
    slot by the screenshot in the mail. Fails: only the .xlsx attached. Passes: 截图.png attached."""
    message = mail.opened[0]
    if not any(a.is_image for a in message.attachments):
        attached = [a.filename or a.content_type for a in message.attachments]
        yield Hit(expected="≥ 1", actual=", ".join(attached) or "0")


@check("E003", "email")
def item_missing_from_email(mail, opt, ctx):
    """A sheet row's SKU, price or link is missing from the email, or the email's price differs from
    the sheet's: the manager reads the mail first, and a mail that disagrees with the sheet is sent
    back. The SKU must be written out (not only inside a link); the price is the number the mail
    marks as one (价格：199, ¥199, 199元, or the 价格 column of a table) near the SKU; the link is a
    product link of the same SKU in any accepted form.
    Fails: SKU 100012043978 with 价格：189 while the sheet says 199. Passes: 价格：199.00."""
    table = ctx.submission.table
    if table is None or table.header_row is None or opt.sku_column not in table.columns:
        return
    message = mail.opened[0]
    text = unicodedata.normalize("NFKC", message.text)
    links = _product_links(text, message.html_links)
    bare = _URL.sub(" ", text)  # SKUs and prices are read outside links
    lines = bare.split("\n")
    rows = [(row, row.value(opt.sku_column)) for row in table.rows]
    rows = [(row, sku) for row, sku in rows if sku]
    skus = {sku for _, sku in rows}
    for row, sku in rows:
        params = {"sku": sku, "sheet_row": row.number}
        mentions = _sku_lines(lines, sku)
        if not mentions:
            yield Hit(actual=None, expected=sku, params=params)
            continue
        price = row.value(opt.price_column) if opt.price_column in table.columns else None
        if price is not None:
            found = []
            # Every mention of the SKU (a summary line may list all SKUs before the items).
            for where in mentions:
                segment = lines if len(rows) == 1 else _segment(lines, where, skus - {sku})
                found += [p for p in _table_price(lines, where) or _marked_prices(segment) if p not in found]
            if not found:
                yield Hit(variant="no_price", expected=num(price), params=params)
            elif price not in found:
                yield Hit(variant="price", expected=num(price), actual="/".join(num(p) for p in found), params=params)
        if opt.link_column in table.columns and sku not in links:
            yield Hit(variant="link", expected=f"https://item.jd.com/{sku}.html", params=params)


def _product_links(text: str, html_links: list[str]) -> set[str]:
    """SKUs of the product links in the mail's text and HTML."""
    from jdcheck.links import classify_link

    found = set()
    for url in [*_URL.findall(text), *html_links]:
        link = classify_link(url)
        if link.kind == "product" and link.sku:
            found.add(link.sku)
    return found


def _sku_lines(lines: list[str], sku: str) -> list[int]:
    """Indexes of the lines that write the SKU as a number of its own."""
    pattern = re.compile(rf"(?<![0-9]){sku}(?![0-9])")
    return [i for i, line in enumerate(lines) if pattern.search(line)]


def _segment(lines: list[str], start: int, other_skus: set[str]) -> list[str]:
    """The SKU's line and the lines after it, up to the line of another SKU of the sheet."""
    others = [re.compile(rf"(?<![0-9]){s}(?![0-9])") for s in other_skus]
    segment = [lines[start]]
    for line in lines[start + 1:]:
        if any(p.search(line) for p in others):
            break
        segment.append(line)
    return segment


def _table_price(lines: list[str], index: int) -> list:
    """The price cell of the SKU's row in a table whose header row names a price column."""
    cells = lines[index].split("\t")
    if len(cells) < 2:
        return []
    for header in reversed(lines[:index]):
        names = header.split("\t")
        columns = [i for i, name in enumerate(names) if _PRICE_HEADER.match(name)]
        if len(names) == len(cells) and columns:
            return [p for i in columns if (p := _number(cells[i])) is not None]
    return []


def _marked_prices(segment: list[str]) -> list:
    found = []
    for line in segment:
        for match in _MARKED_PRICE.finditer(line):
            value = _number(next(g for g in match.groups() if g))
            if value is not None and value not in found:
                found.append(value)
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
