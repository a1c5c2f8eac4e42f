"""Reading the links of a shop decoration page (`*.html`, `*.htm`) of a platform submission.

Decoration HTML is written by hand, by the shop decoration editor, by Dreamweaver or saved from
Word, often as GBK. Only the links matter here: where each points, whether it opens a new window,
and the line to show the operator. H001/H002 are decided by the checks.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["Anchor", "HtmlReadError", "read_html_anchors"]

# Shop decoration pages are under 1 MB; the stdlib parser reads ~3 MB a second, so 5 MB keeps a
# hostile page under two seconds.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Anchor:
    """One `<a href>` or `<area href>`.

    `target` is the window the link opens in: its own target attribute, else that of a
    `<base target>` in the page (browsers apply it to every link), else None. A target attribute
    without a value gives "". `text` is the link text with white space collapsed; for an image
    link without text, the image's alt text; for `<area>`, its alt text. `line` is 1-based.
    """

    href: str
    target: str | None
    line: int
    text: str


class HtmlReadError(Exception):
    """The HTML file cannot be read or decoded."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def read_html_anchors(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Anchor]:
    """The links of an HTML page in document order; raises HtmlReadError when unreadable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise HtmlReadError(f"file too large: {size} bytes (limit {max_bytes})")
        data = path.read_bytes()
    except OSError as exc:
        raise HtmlReadError(f"cannot read file: {exc.strerror or exc}") from exc
    html = _decode_html(data)
    parser = _AnchorParser()
    parser.feed(html)
    parser.close()
    return parser.anchors()


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
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _CHINESE_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_html(data: bytes) -> str:
    """Decode an HTML page: BOM, then <meta charset>, then UTF-8, then GB18030."""
    if not data.strip():
        raise HtmlReadError("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            candidates = [codec]
            break
    else:
        candidates = [c for c in (_declared_codec(data), "utf-8", "gb18030") if c]
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
# Parsing


@dataclass(slots=True)
class _OpenAnchor:
    href: str
    target: str | None
    has_target: bool
    line: int
    chunks: list[str]
    alt: str | None = None


class _AnchorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._done: list[_OpenAnchor] = []
        self._open: _OpenAnchor | None = None
        self._base_target: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = _first_values(attrs)
        if tag == "base" and "target" in attributes and self._base_target is None:
            self._base_target = (attributes["target"] or "").strip()
        elif tag == "a":
            # An <a> inside an open <a> closes it, as the HTML parsing algorithm does.
            self._close_anchor()
            if "href" in attributes:
                self._open = self._new_anchor(attributes)
        elif tag == "area" and "href" in attributes:
            area = self._new_anchor(attributes)
            area.alt = (attributes.get("alt") or "").strip()
            self._done.append(area)
        elif tag == "img" and self._open is not None and self._open.alt is None:
            self._open.alt = (attributes.get("alt") or "").strip()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":  # "<a href=x />" is not void in HTML, but nothing is inside it either
            self._close_anchor()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close_anchor()

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.chunks.append(data)

    def close(self) -> None:
        super().close()
        self._close_anchor()

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # Word and Dreamweaver write "<![if !vml]>"-style sections; an unknown keyword makes the
        # stdlib raise AssertionError. Browsers skip such a section like a comment.
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def _new_anchor(self, attributes: dict[str, str | None]) -> _OpenAnchor:
        has_target = "target" in attributes
        target = (attributes["target"] or "").strip() if has_target else None
        return _OpenAnchor(
            href=(attributes["href"] or "").strip(),
            target=target,
            has_target=has_target,
            line=self.getpos()[0],
            chunks=[],
        )

    def _close_anchor(self) -> None:
        if self._open is not None:
            self._done.append(self._open)
            self._open = None

    def anchors(self) -> list[Anchor]:
        result = []
        for anchor in self._done:
            text = " ".join("".join(anchor.chunks).split()) or (anchor.alt or "")
            target = anchor.target if anchor.has_target else self._base_target
            result.append(Anchor(href=anchor.href, target=target, line=anchor.line, text=text))
        return result


def _first_values(attrs: list[tuple[str, str | None]]) -> dict[str, str | None]:
    # Browsers keep the first of duplicated attributes; dict(attrs) would keep the last.
    values: dict[str, str | None] = {}
    for name, value in attrs:
        values.setdefault(name, value)
    return values
