"""Reading a shop decoration page of a platform submission: `*.html`, `*.htm`, and the single-file
pages `*.mhtml`/`*.mht` that Chrome and Edge write ("网页，单个文件").

Decoration HTML is written by hand, by the shop decoration editor, by Dreamweaver, saved from
Word or saved from the browser, often as GBK. The page is read into a small element tree (the
stdlib parser, no dependency) so that the checks can see each link — where it points, whether
it opens a new window, its line — and what is shown with a product: its price and a 售罄 mark
(H003/H004). The judging is the checks'.

An MHTML file is a MIME message (multipart/related): its text/html part is the page, in
quoted-printable with its own charset; Chrome names the page's address in the
`Snapshot-Content-Location` header. It is read with the stdlib `email` parser and gives the same
Page as an .html file; line numbers are those of the decoded page.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

__all__ = ["Anchor", "Element", "HtmlReadError", "Page", "read_html_anchors", "read_page"]

# Shop decoration pages are under 1 MB; the stdlib parser reads ~3 MB a second, so 5 MB keeps a
# hostile page under two seconds.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# An MHTML file carries the page's pictures too (base64): a saved shop home page is 5–20 MB.
# Only its HTML part is parsed, and that part is held to DEFAULT_MAX_BYTES.
MHTML_MAX_BYTES = 40 * 1024 * 1024
MHTML_EXTENSIONS = (".mhtml", ".mht")


@dataclass(eq=False, slots=True)
class Element:
    """One element of the page. `children` holds elements and text (str) in document order;
    `line` is the 1-based line of its start tag in the (decoded) page."""

    tag: str
    attrs: dict[str, str | None]
    line: int
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self, skip=None) -> Iterator[Element]:
        """This element and every element inside it, in document order, leaving out the
        elements for which `skip` is true and what is inside them (no recursion: a hostile page
        nests 100,000 deep)."""
        stack: list[Element] = [self]
        while stack:
            element = stack.pop()
            if skip is not None and skip(element):
                continue
            yield element
            stack.extend(reversed([c for c in element.children if isinstance(c, Element)]))

    def ancestors(self) -> Iterator[Element]:
        element = self.parent
        while element is not None:
            yield element
            element = element.parent

    def texts(self, skip=None) -> Iterator[tuple[str, Element]]:
        """(text, element holding it) for the text shown inside, in document order; the
        contents of script/style and of elements for which `skip` is true are left out."""
        stack: list[tuple[Element | str, Element]] = [(self, self)]
        while stack:
            item, holder = stack.pop()
            if isinstance(item, str):
                yield item, holder
            elif item.tag not in _NOT_SHOWN and (skip is None or not skip(item)):
                stack.extend((child, item) for child in reversed(item.children))

    def text(self) -> str:
        """The text shown inside, white space collapsed."""
        return " ".join("".join(text for text, _ in self.texts()).split())

    @property
    def words(self) -> str:
        """class, id and the names of what it shows (src, alt, title), lower-cased: where a
        decoration editor says what an element is ("price", "soldout.png")."""
        return " ".join(v for k in ("class", "id", "src", "alt", "title") if (v := self.attrs.get(k))).lower()


@dataclass(frozen=True, slots=True)
class Anchor:
    """One `<a href>` or `<area href>`.

    `target` is the window the link opens in: its own target attribute, else that of a
    `<base target>` in the page (browsers apply it to every link), else None. A target attribute
    without a value gives "". `text` is the link text with white space collapsed; for an image
    link without text, the image's alt text; for `<area>`, its alt text. `line` is 1-based.
    `url` is the href resolved against the page's own address (Page.location) when the page
    knows it, else the href as written; `element` is the link's element in the page.
    """

    href: str
    target: str | None
    line: int
    text: str
    url: str = field(default="", compare=False)
    element: Any = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class Page:
    """A decoration page: its links in document order and its element tree.

    `location` is the page's own address where the file tells it: `<base href>`, the MHTML
    `Snapshot-Content-Location`, or the `<!-- saved from url=(…)… -->` mark browsers write
    on a saved page. `container` is "mhtml" for a single-file page, else "html"."""

    anchors: list[Anchor]
    root: Element
    location: str | None = None
    container: str = "html"
    _jd_prices: dict[str, Element] | None = field(default=None, repr=False)
    _cards: tuple[Any, list] | None = field(default=None, repr=False)  # (sku_of, product_cards' answer)

    def links_away(self) -> Iterator[Anchor]:
        """The anchors that are links: not in-page anchors (`#top`, and the `<page>#top` that
        Chrome writes for them when it saves a page), not `javascript:` hooks, not empty."""
        here = (self.location or "").split("#", 1)[0]
        for anchor in self.anchors:
            href = anchor.href
            if not href or href.startswith("#") or href[:11].lower() == "javascript:":
                continue
            if here and "#" in href and (anchor.url or href).split("#", 1)[0] == here:
                continue
            yield anchor

    def jd_price_element(self, sku: str) -> Element | None:
        """JD's price element of a SKU (`<span class="J-p-<SKU>">`), indexed on first use."""
        if self._jd_prices is None:
            self._jd_prices = {}
            for element in self.root.iter():
                for name in (element.attrs.get("class") or "").split():
                    match = _JD_PRICE_CLASS.match(name)
                    if match:
                        self._jd_prices.setdefault(match.group(1), element)
        return self._jd_prices.get(sku)


class HtmlReadError(Exception):
    """The HTML file cannot be read or decoded."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def read_html_anchors(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Anchor]:
    """The links of an HTML page in document order; raises HtmlReadError when unreadable."""
    return read_page(path, max_bytes=max_bytes).anchors


def read_page(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Page:
    """Read an .html/.htm or .mhtml/.mht page; raises HtmlReadError when unreadable.

    An .html file that is really MHTML (a single-file page renamed) is read as MHTML: read as
    HTML, its quoted-printable text would give links such as `3D"//item.jd.com/…`."""
    path = Path(path)
    single_file = path.suffix.lower() in MHTML_EXTENSIONS
    limit = max(max_bytes, MHTML_MAX_BYTES) if single_file else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise HtmlReadError(f"file too large: {size} bytes (limit {limit})")
        data = path.read_bytes()
    except OSError as exc:
        raise HtmlReadError(f"cannot read file: {exc.strerror or exc}") from exc
    location = None
    container = "html"
    if _looks_like_mime(data):
        try:
            data, charset, location = _mhtml_page(data, max_bytes)
        except RecursionError:  # the stdlib parser recurses once per nested multipart
            raise HtmlReadError("MHTML parts nested too deeply") from None
        html = _decode_html(data, charset)
        container = "mhtml"
    elif single_file and not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise HtmlReadError("not an MHTML file: no MIME header (From:, MIME-Version:, Content-Type: multipart/related)")
    else:
        html = _decode_html(data)
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.page(location, container)


# ---------------------------------------------------------------------------------------------
# MHTML

# The header block of a MIME message: "Name: value" lines (with folded continuation lines) up to
# the first blank line.
_MIME_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*(?:\r?\n|$)")


def _looks_like_mime(data: bytes) -> bool:
    """True for a MIME document whose top header says multipart/related or text/html: what
    Chrome, Edge, IE and Word write as .mhtml/.mht."""
    head = data[:16384].lstrip(b"\xef\xbb\xbf")
    position, headers = 0, []
    while position < len(head):
        match = _MIME_HEADER_LINE.match(head, position)
        if match is None:
            break
        headers.append(match.group(0))
        position = match.end()
    rest = head[position:]
    if not headers or (rest and not rest.startswith((b"\r\n", b"\n"))):  # headers end with a blank line
        return False
    block = b"".join(headers).lower()
    return b"content-type:" in block and (b"multipart/related" in block or b"text/html" in block)


def _mhtml_page(data: bytes, max_bytes: int) -> tuple[bytes, str | None, str | None]:
    """(the page's bytes, its MIME charset, its address) from an MHTML document."""
    import email
    import email.errors

    try:
        message = email.message_from_bytes(_without_resources(data))
    except (email.errors.MessageError, ValueError, LookupError) as exc:  # a broken header block
        raise HtmlReadError(f"cannot read the MHTML file: {exc}") from exc
    # Chromium 156 writes "Snapshot-Content-Location"; real files from other Chrome builds (2020)
    # carry "X-Snapshot-Content-Location" instead.
    location = _header(message, "Snapshot-Content-Location") or _header(message, "X-Snapshot-Content-Location")
    pages = [part for part in message.walk() if part.get_content_type() == "text/html" and not part.is_multipart()]
    if not pages:
        raise HtmlReadError("no HTML page (text/html part) in the MHTML file")
    # Chrome stores each frame as one more text/html part ("cid:frame-…"): the page itself is the
    # part at the snapshot's address, else the first one (the root of multipart/related).
    main = next((p for p in pages if location and _header(p, "Content-Location") == location), pages[0])
    try:
        payload = main.get_payload(decode=True)
    except (ValueError, LookupError) as exc:
        raise HtmlReadError(f"cannot decode the page in the MHTML file: {exc}") from exc
    if not isinstance(payload, bytes):
        raise HtmlReadError("no HTML page (text/html part) in the MHTML file")
    if len(payload) > max_bytes:
        raise HtmlReadError(f"page too large: {len(payload)} bytes (limit {max_bytes})")
    try:
        charset = main.get_content_charset()
    except (ValueError, LookupError):
        charset = None
    return payload, charset, location or _header(main, "Content-Location")


_BOUNDARY = re.compile(rb"""boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))""", re.IGNORECASE)
_PART_TYPE = re.compile(rb"^content-type:\s*(text/html|multipart/)", re.IGNORECASE | re.MULTILINE)


def _without_resources(data: bytes) -> bytes:
    """The MHTML document without its pictures, styles and scripts: only the top header and
    the text/html (and nested multipart) parts are handed to the email parser. A saved shop
    page is mostly base64 pictures; parsing them all took 470 MB and 3 s for a 40 MB file."""
    top_end = min((i for i in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if i >= 0), default=-1)
    match = _BOUNDARY.search(data, 0, top_end) if top_end >= 0 else None
    if match is None:
        return data
    delimiter = b"--" + (match.group(1) or match.group(2))
    pieces = data.split(delimiter)
    kept = [pieces[0]]
    for piece in pieces[1:]:
        head_end = min((i for i in (piece.find(b"\r\n\r\n"), piece.find(b"\n\n")) if i >= 0), default=len(piece))
        if piece.startswith(b"--") or _PART_TYPE.search(piece, 0, head_end):
            kept.append(piece)
    return delimiter.join(kept)


def _header(message: Any, name: str) -> str | None:
    value = message.get(name)
    text = str(value).strip() if value is not None else ""
    return text or None


# ---------------------------------------------------------------------------------------------
# Decoding

# Browsers treat these labels as GBK, and GBK text is what such pages really hold; GB18030 is the
# superset that decodes all of it.
_CHINESE_LABELS = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "csgb2312"})
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _declared_codec(data: bytes) -> str | None:
    # As browsers do, look for the declaration only near the top of the page.
    match = _META_CHARSET.search(data[:4096])
    return _codec(match.group(1).decode("ascii")) if match else None


def _codec(label: str | None) -> str | None:
    label = (label or "").strip().lower()
    if not label:
        return None
    if label in _CHINESE_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode an HTML page: BOM, then the MIME charset (MHTML), then <meta charset>, then
    UTF-8, then GB18030."""
    if not data.strip():
        raise HtmlReadError("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            candidates = [codec]
            break
    else:
        candidates = [c for c in (_codec(charset), _declared_codec(data), "utf-8", "gb18030") if c]
    for codec in dict.fromkeys(candidates):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise HtmlReadError("binary content (NUL bytes), not an HTML page")
        if not text.strip():
            raise HtmlReadError("empty file")
        return text
    raise HtmlReadError(f"cannot decode text (tried {', '.join(dict.fromkeys(candidates))})")


# ---------------------------------------------------------------------------------------------
# Parsing into a tree

# Elements without content, and what the HTML parsing algorithm closes implicitly: enough to
# keep a product's price inside its list item or table cell as browsers do.
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_NOT_SHOWN = frozenset({"script", "style", "template", "noscript", "#comment"})
_CLOSES_P = frozenset(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section table ul""".split()
)
_SCOPE = frozenset({"html", "table", "td", "th", "caption", "button", "object", "marquee", "template", "#document"})
# A new start tag of the key closes an open element of the key, unless one of the stoppers is
# between them (a list item inside a nested list).
_IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "option": ({"option"}, {"select", "datalist"}),
    "tr": ({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tbody": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "thead": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
}
_MAX_DEPTH = 512
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)\s*(\S+)", re.IGNORECASE)


class LenientHTMLParser(HTMLParser):
    """HTMLParser that reads Microsoft's markup as browsers do. Word, Outlook and Dreamweaver
    write "<![if !supportLists]>" / "<![if !vml]>"-style sections; for a keyword it does not know
    the stdlib raises AssertionError. Browsers skip such a section like a comment. Shared by the
    page reader and the mail reader (mailtext.py)."""

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1


class _TreeBuilder(LenientHTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, 1)
        self._stack: list[Element] = [self.root]
        self._open: dict[str, int] = {}  # tag -> how many are on the stack: most closing is O(1)
        self._links: list[Element] = []
        self._base_target: str | None = None
        self._base_href: str | None = None
        self._saved_from: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = _first_values(attrs)
        if tag == "a":
            self._pop_to("a", _SCOPE)  # an <a> inside an open <a> closes it, as browsers do
        elif tag in _CLOSES_P:
            self._pop_to("p", _SCOPE)
        if tag in _IMPLIED_END:
            closes, stoppers = _IMPLIED_END[tag]
            self._pop_to(closes, stoppers | _SCOPE)
        parent = self._stack[-1]
        element = Element(tag, attributes, self.getpos()[0], parent)
        parent.children.append(element)
        if tag == "base":
            if "target" in attributes and self._base_target is None:
                self._base_target = (attributes["target"] or "").strip()
            if attributes.get("href") and self._base_href is None:
                self._base_href = (attributes["href"] or "").strip()
        if tag in ("a", "area") and "href" in attributes:
            self._links.append(element)
        # Blink stops nesting at 512 levels (deeper elements become siblings): the same bound
        # keeps a hostile page of 200,000 nested <div>s linear.
        if tag not in _VOID and len(self._stack) < _MAX_DEPTH:
            self._stack.append(element)
            self._open[tag] = self._open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:  # "<a href=x />", "<div/>": nothing is inside, whatever HTML says
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._pop_to(tag, frozenset({"#document"}))

    def handle_data(self, data: str) -> None:
        top = self._stack[-1]
        if top.tag not in _NOT_SHOWN:
            top.children.append(data)

    def handle_comment(self, data: str) -> None:
        if self._saved_from is None:
            match = _SAVED_FROM.search(data)
            if match:
                self._saved_from = match.group(1)

    def _pop_to(self, tags, stoppers) -> None:
        """Close the innermost open element named in `tags` (and what is open inside it),
        unless an element in `stoppers` comes first."""
        wanted = {tags} if isinstance(tags, str) else tags
        if not any(self._open.get(tag) for tag in wanted):
            return
        for index in range(len(self._stack) - 1, 0, -1):
            tag = self._stack[index].tag
            if tag in wanted:
                for closed in self._stack[index:]:
                    self._open[closed.tag] -= 1
                del self._stack[index:]
                return
            if tag in stoppers:
                return

    def page(self, location: str | None, container: str) -> Page:
        location = _web_address(self._base_href, location) or location or _web_address(self._saved_from, None)
        anchors = []
        for element in self._links:
            attributes = element.attrs
            href = (attributes["href"] or "").strip()
            has_target = "target" in attributes
            target = (attributes["target"] or "").strip() if has_target else self._base_target
            if element.tag == "area":
                text = (attributes.get("alt") or "").strip()
            else:
                text = element.text()
                if not text:
                    image = next((e for e in element.iter() if e.tag == "img"), None)
                    text = (image.attrs.get("alt") or "").strip() if image is not None else ""
            anchors.append(Anchor(href, target, element.line, text, _resolved(href, location), element))
        return Page(anchors, self.root, location, container)


def _web_address(href: str | None, base: str | None) -> str | None:
    """An http(s) address from a base href (itself relative to `base`), else None."""
    if not href:
        return None
    try:
        address = urljoin(base, href) if base else href
        scheme = urlsplit(address).scheme.lower()
    except ValueError:
        return None
    return address if scheme in ("http", "https") else None


def _resolved(href: str, location: str | None) -> str:
    """The href as the browser opens it: relative to the page's address when that is known."""
    if not location or not href or href.startswith("#") or _SCHEME.match(href):
        return href
    try:
        return urljoin(location, href)
    except ValueError:
        return href


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _first_values(attrs: list[tuple[str, str | None]]) -> dict[str, str | None]:
    # Browsers keep the first of duplicated attributes; dict(attrs) would keep the last.
    values: dict[str, str | None] = {}
    for name, value in attrs:
        values.setdefault(name, value)
    return values


# ---------------------------------------------------------------------------------------------
# What is shown with a product (H003, H004)

# Elements that hold one product in decoration markup: a list item (JD's modules write
# <li class="jSubObject">), a table cell (hand-made and Dreamweaver layouts), or an element
# whose class or id says so (goods, product, item, card …).
_CARD_TAGS = frozenset({"li", "td", "dl"})
_CARD_WORDS = ("item", "goods", "product", "prod", "card", "sku", "jsubobject")
_PRICE_WORDS = ("price", "jdnum")
# A crossed-out or list price is not the price the buyer pays.
_OLD_PRICE_TAGS = frozenset({"del", "s", "strike"})
_OLD_PRICE_WORDS = re.compile(r"(?<![a-z])(?:old|orig|market|del|yuanjia|was)")  # not "model", "gold"
# Labels of amounts shown beside the price paid that are not it: JD's list price, the original,
# market or tag price.
_LIST_PRICE_LABELS = ("京东价", "原价", "市场价", "吊牌价", "划线价", "参考价", "专柜价", "日常价")
_CURRENCY_PRICE = re.compile(r"[¥￥]\s*([0-9][0-9,]*(?:\.[0-9]+)?)")
_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_JD_PRICE_CLASS = re.compile(r"^j-p-([0-9]+)$", re.IGNORECASE)


@dataclass(eq=False, slots=True)
class ProductCard:
    """Where one product is shown: `element` is its list item/card (or the link itself when the
    markup has none), `anchors` its links there (a picture and a title link are one card)."""

    sku: str
    element: Element
    anchors: list[Anchor]


@dataclass(frozen=True, slots=True)
class ShownPrice:
    text: str  # as shown, e.g. "¥199.00"
    amount: str  # the number, without thousands separators: "199.00"
    line: int


def product_cards(page: Page, sku_of) -> list[ProductCard]:
    """The products shown in the page, one card per place: `sku_of(url)` gives a link's SKU or
    None. A card never holds another product's link: where the markup puts several products in
    one element without a card of their own, each link alone is the card. Kept on the page:
    H003 and H004 ask for the same cards."""
    if page._cards is not None and page._cards[0] is sku_of:
        return page._cards[1]
    skus_inside: dict[int, set[str]] = {}
    links: list[tuple[Anchor, str]] = []
    for anchor in page.anchors:
        sku = sku_of(anchor.url or anchor.href)
        if sku is None or anchor.element is None:
            continue
        links.append((anchor, sku))
        for element in (anchor.element, *anchor.element.ancestors()):
            skus_inside.setdefault(id(element), set()).add(sku)
    cards: dict[int, ProductCard] = {}
    for anchor, sku in links:
        card = _card_of(anchor.element, sku, skus_inside)
        entry = cards.get(id(card))
        if entry is None:
            cards[id(card)] = ProductCard(sku, card, [anchor])
        else:
            entry.anchors.append(anchor)
    page._cards = (sku_of, list(cards.values()))
    return page._cards[1]


def _card_of(link: Element, sku: str, skus_inside: dict[int, set[str]]) -> Element:
    """The product's list item or card; without one, the element the link sits in (a <div>, a
    <p> with the link and its price) when that holds no other product, else the link itself."""
    def own(element: Element | None) -> bool:
        return (element is not None and element.tag not in ("body", "html", "#document")
                and skus_inside.get(id(element), {sku}) == {sku})

    for element in (link, *link.ancestors()):
        if not own(element):
            break
        if element.tag in _CARD_TAGS or any(word in _class_and_id(element) for word in _CARD_WORDS):
            return element
    return link.parent if own(link.parent) else link


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _class_and_id(element: Element) -> str:
    """class and id, lower-cased with camelCase split ("jdOldPrice" -> "jd-old-price")."""
    return _CAMEL.sub("-", f"{element.attrs.get('class') or ''} {element.attrs.get('id') or ''}").lower()


def _old_price(element: Element) -> bool:
    return element.tag in _OLD_PRICE_TAGS or _OLD_PRICE_WORDS.search(_class_and_id(element)) is not None


def shown_price(page: Page, card: ProductCard) -> ShownPrice | None:
    """The price shown with the product, or None: JD's own price element for the SKU
    (`J-p-<SKU>`) anywhere in the page, else an element of the card whose class says price
    (`<span class="price">199</span>`), else the first ¥/￥ amount in the card. Crossed-out and
    list prices (<del>, class "old-price") are not read."""
    element = page.jd_price_element(card.sku)
    if element is not None:
        found = _price_in(element, element.attrs.get("data-price"))
        if found is not None:
            return found
    for element in card.element.iter(skip=_old_price):
        if any(word in _class_and_id(element) for word in _PRICE_WORDS):
            found = _price_in(element, None)
            if found is not None:
                return found
    segments = list(card.element.texts(skip=_old_price))
    joined = "".join(text for text, _ in segments)
    match = _CURRENCY_PRICE.search(joined)
    if match is None:
        return None
    return ShownPrice(match.group(0).strip(), match.group(1).replace(",", ""), _line_at(segments, match.start()))


def _price_in(element: Element, fallback: str | None) -> ShownPrice | None:
    segments = list(element.texts(skip=_old_price))
    joined = "".join(text for text, _ in segments)
    matches = list(_NUMBER.finditer(joined))
    if len(matches) == 1:
        shown = " ".join(joined.split())
        return ShownPrice(shown, matches[0].group(0).replace(",", ""), _line_at(segments, matches[0].start()))
    if matches:
        # 京东价 ￥399.00 到手价 ￥299.00 in one price block: the buyer pays the amount not labelled
        # as a list price; the finding shows that amount with its label.
        labelled = [(joined[previous.end() if previous else 0 : match.start()], match)
                    for previous, match in zip([None, *matches], matches)]
        label, match = next(((label, match) for label, match in labelled
                             if not any(word in label for word in _LIST_PRICE_LABELS)), labelled[0])
        shown = " ".join((label + match.group(0)).split())
        return ShownPrice(shown, match.group(0).replace(",", ""), _line_at(segments, match.start()))
    if fallback and _NUMBER.fullmatch(fallback.strip()):
        return ShownPrice(fallback.strip(), fallback.strip().replace(",", ""), element.line)
    return None


def _line_at(segments: list[tuple[str, Element]], offset: int) -> int:
    for text, holder in segments:
        if offset < len(text):
            return holder.line
        offset -= len(text)
    return segments[-1][1].line if segments else 1


def sold_out_mark(card: ProductCard, words: tuple[str, ...]) -> str | None:
    """The first of `words` shown in the card — as text, or in a class, id, image name, alt or
    title (`soldout.png`, class="shouqing") — or None."""
    lowered = tuple(word.lower() for word in words)
    text = card.element.text().lower()
    for word in lowered:
        if word in text:
            return word
    for element in card.element.iter():
        names = element.words
        for word in lowered:
            if word in names:
                return word
    return None
