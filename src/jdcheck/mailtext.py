"""What a saved mail is made of, whichever program saved it: the Email record the E checks read,
text decoding with Chinese-aware fallbacks, HTML bodies rendered as the recipient sees them, and
the pixel size of an attached picture.

Shared by the two readers: emails.py (MIME `.eml`, with `winmail.dat` inside) and outlook.py
(Outlook `.msg`, TNEF). Neither reader decides anything; E001–E004 are decided by the checks.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from jdcheck.htmlpage import LenientHTMLParser

__all__ = ["Attachment", "Email", "EmailReadError", "attachment", "decode_bytes", "html_to_text"]

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"})
# A signature icon, a logo or a tracking pixel is not a screenshot (SPEC §2).
SCREENSHOT_MIN_SIDE = 100


@dataclass(frozen=True, slots=True)
class Attachment:
    """A non-body part: a file attached, or an image pasted into the body (`inline`).

    `pixel_size` is (width, height) as stored in the picture, None when the part is no image or
    its header cannot be read. `damage` says why a picture cannot be shown: images.ImageError's
    "truncated" (cut short, as a mail saved or sent half-way leaves it), "corrupt", or "not_image"
    (named or typed JPEG, PNG, GIF, WebP or BMP, its bytes no picture at all), with
    `damage_detail` the reader's English detail; None for a readable picture, a picture of
    another format (HEIC, SVG: no check reads it) and a part that is no picture."""

    filename: str | None
    content_type: str
    size: int
    is_image: bool
    inline: bool
    pixel_size: tuple[int, int] | None = None
    damage: str | None = None
    damage_detail: str | None = None


@dataclass(frozen=True, slots=True)
class Email:
    """A mail as its recipient reads it.

    `text` is the body as shown: the HTML part rendered to lines when there is one (a table row
    is one line, its cells separated by tabs, empty cells kept; a blank paragraph is a blank
    line; a link whose text is not its address is followed by its address in <>, as Outlook's
    plain text writes it), else the plain-text part. Outlook's plain-text part puts every table
    cell on a line of its own, so it cannot say which price belongs to which SKU."""

    subject: str
    sender: str
    recipients: list[str]
    text: str
    html_links: list[str]
    attachments: list[Attachment]

    def screenshots(self) -> list[Attachment]:
        """The pictures attached or pasted in that count as a screenshot (E002, and the channel
        screenshot material for M101): readable to its last byte (not `damage`d: the manager's
        client shows nothing of a cut or garbled picture), at least SCREENSHOT_MIN_SIDE pixels on
        each side. A picture too large to measure (pixel_size None, not damaged) counts."""
        return [a for a in self.attachments
                if a.is_image and a.damage is None
                and (a.pixel_size is None or min(a.pixel_size) >= SCREENSHOT_MIN_SIDE)]


class EmailReadError(Exception):
    """The file is not a mail that can be read (E001). `reason` picks the message variant that
    says it in the operator's words (unreadable, empty, not_mail, truncated, corrupt,
    not_a_mail_item, too_large, too_many_parts, too_deep); `detail` is the technical part, a
    phrase the catalogues translate (messages.reader_phrase) or, inside it, what a library said."""

    def __init__(self, detail: str, reason: str | None = None) -> None:
        super().__init__(detail)
        self.detail, self.reason = detail, reason


# ---------------------------------------------------------------------------------------------
# Text decoding

# GB2312 labels are routinely used for GBK text (and GBK for GB18030): decode all of them with
# the superset. Outlook and Foxmail also write some non-standard labels.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "big5": "big5hkscs",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}


def codec_name(charset: str | None) -> str | None:
    """A Python codec for a declared charset, or None when unknown or not given."""
    if not charset:
        return None
    label = charset.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode text bytes: declared charset, then UTF-8, then GB18030, then lossy UTF-8."""
    candidates = [c for c in (codec_name(charset), "utf-8", "gb18030") if c]
    for codec in dict.fromkeys(candidates):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode(candidates[0], errors="replace")


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def decode_html(data: bytes, charset: str | None = None) -> str:
    """HTML bytes with the charset declared outside (MIME) or, failing that, in its <meta>."""
    if charset is None:
        match = _META_CHARSET.search(data[:4096])
        charset = match.group(1).decode("ascii") if match else None
    return decode_bytes(data, charset)


# ---------------------------------------------------------------------------------------------
# Pictures

# The picture formats a screenshot comes in (SPEC §2's image extensions), by their signature.
_PICTURE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "BMP"})
_PICTURE_TYPES = frozenset({"image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/x-png", "image/gif",
                            "image/webp", "image/bmp", "image/x-bmp", "image/x-ms-bmp"})


def attachment(filename: str | None, content_type: str, data: bytes, *, inline: bool) -> Attachment:
    """An attached or pasted part as the E checks see it. It is a picture when its type or its
    name says so, or else when its bytes do: QQ Mail and Outlook send a screenshot renamed
    `截图` (no extension) as application/octet-stream, and the manager's client shows it.

    A picture is read as the image checks read a slot image (images.inspect_image_data at
    "decode": every byte, what a decoder would refuse), so that a picture cut short with its
    mail or garbled in transit is not taken for a screenshot. A mail carries 1–3 pictures, and
    a phone-sized one (1284×2778) of incompressible noise, the worst case, costs 1 ms as a JPEG
    (walked), 35 ms as a 10 MB PNG (inflated), 150 ms as a WebP (decoded)."""
    from pathlib import PurePath

    extension = PurePath(filename).suffix.lower() if filename else ""
    is_image = content_type.startswith("image/") or extension in IMAGE_EXTENSIONS or is_picture_data(data)
    size = damage = detail = None
    if is_image:
        # A picture of a format no check reads (HEIC, SVG) keeps the benefit of the doubt; one
        # that names a screenshot format by its type or name and is none is damaged.
        claims = content_type in _PICTURE_TYPES or extension in IMAGE_EXTENSIONS
        size, damage, detail = _read_picture(data, claims_format=claims)
    return Attachment(
        filename=filename,
        content_type=content_type,
        size=len(data),
        is_image=is_image,
        inline=inline,
        pixel_size=size,
        damage=damage,
        damage_detail=detail,
    )


def is_picture_data(data: bytes) -> bool:
    """The bytes start with the signature of a JPEG, PNG, GIF, WebP or BMP picture."""
    from jdcheck.images import sniff_format

    return sniff_format(bytes(data[:16])) in _PICTURE_FORMATS


def _read_picture(data: bytes, *, claims_format: bool) -> tuple[tuple[int, int] | None, str | None, str | None]:
    """(pixel size, damage, damage detail) of a part that claims to be a picture. A picture over
    the pixel limit is not damaged: its size is only unknown. Bytes that are no picture are
    damage only when the part claims a format they are not (`claims_format`)."""
    from jdcheck.images import inspect_image_data

    info = inspect_image_data(data)
    if info.error in (None, "too_many_pixels") or (info.error == "not_image" and not claims_format):
        return (info.stored_size if info.error is None else None), None, None
    return None, info.error, info.error_detail


# ---------------------------------------------------------------------------------------------
# HTML bodies

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "hr", "section", "article", "header", "footer", "dl", "dt", "dd", "center", "address",
        "caption", "body",
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "title"})
_CELL_TAGS = frozenset({"td", "th"})
# A web address in a link's target or its text.
_WEB_ADDRESS = re.compile(r"\s*(?:https?://|www\.)", re.IGNORECASE)
# Collapsible white space of HTML source; U+00A0 (&nbsp;) is text an author typed.
_SOURCE_SPACE = re.compile(r"[ \t\r\n\f]+")


class _Table:
    """One open <table>. A table holding another table is a layout table (Outlook signatures,
    newsletter frames): its cells are read as blocks of text, not as columns."""

    __slots__ = ("layout", "row", "cell", "span")

    def __init__(self) -> None:
        self.layout = False
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1


class _HtmlText(LenientHTMLParser):
    """Text and link targets of an HTML mail body, laid out in lines as a browser shows them.

    Word/Outlook HTML wraps every table cell in <p class=MsoNormal>, QQ Mail and NetEase write
    a <div> per line and <div><br></div> for a blank line, Foxmail <div><span>. Blocks inside a
    cell do not break its row; a row is one line of tab-separated cells, empty cells kept so the
    columns stay under their headers (colspan counts as that many cells).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.lines: list[str] = []
        self._line: list[str] = []
        self._line_has_text = False
        self._tables: list[_Table] = []
        self._skip_depth = 0
        # The open <a>: its target and the text shown for it so far.
        self._anchor: tuple[str, list[str]] | None = None

    def feed_all(self, html: str) -> None:
        self.feed(html)
        self.close()
        self._end_anchor()
        self._close_tables(len(self._tables))
        self._break()

    # -- output ---------------------------------------------------------------------------

    def _data_cell(self) -> _Table | None:
        table = self._tables[-1] if self._tables else None
        return table if table is not None and not table.layout and table.cell is not None else None

    def _break(self, *, hard: bool = False) -> None:
        """End the current line: a block boundary ends it only when it holds something; <br>
        always does (an empty <div><br></div> is a blank line)."""
        if self._line_has_text or hard:
            self.lines.append(" ".join("".join(self._line).split()))
        self._line = []
        self._line_has_text = False

    def _write(self, text: str) -> None:
        table = self._data_cell()
        if table is not None:
            table.cell.append(text)
            return
        self._line.append(text)
        if text.strip(" \t\r\n\f"):
            self._line_has_text = True

    # -- tables ---------------------------------------------------------------------------

    def _end_cell(self, table: _Table) -> None:
        if table.cell is None:
            return
        if table.row is None:
            table.row = []
        table.row.append(" ".join("".join(table.cell).split()))
        table.row.extend([""] * (table.span - 1))
        table.cell = None

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        row, table.row = table.row, None
        if row is None:
            return
        while row and not row[-1]:
            row.pop()
        if row:
            self._break()
            self.lines.append("\t".join(row))

    def _make_layout(self, table: _Table) -> None:
        """A table turned out to hold a table: what its open row held so far becomes lines."""
        self._end_cell(table)
        for cell in table.row or []:
            if cell:
                self.lines.append(cell)
        table.row = None
        table.layout = True

    def _close_tables(self, count: int) -> None:
        for _ in range(count):
            table = self._tables.pop()
            if not table.layout:
                self._end_row(table)
            self._break()

    # -- parser events --------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            # An unclosed <title> must not swallow the whole body.
            self._skip_depth = 0
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
            return
        if tag in ("a", "area"):
            href = dict(attrs).get("href")
            if href and href.strip():
                self.links.append(href.strip())
            if tag == "a":
                self._end_anchor()
                self._anchor = (href.strip(), []) if href and href.strip() else None
        table = self._tables[-1] if self._tables else None
        if tag == "table":
            if table is not None and not table.layout and table.cell is not None:
                self._make_layout(table)
            self._break()
            self._tables.append(_Table())
        elif table is not None and not table.layout and tag in ("tr", "td", "th"):
            if tag == "tr":
                self._end_row(table)
                table.row = []
            else:
                self._end_cell(table)
                table.cell = []
                table.span = _colspan(attrs)
        elif table is not None and tag in ("tr", "td", "th"):
            self._break()
        elif tag == "br":
            if self._data_cell() is not None:
                self._write(" ")
            else:
                self._break(hard=True)
        elif tag in _BLOCK_TAGS:
            if self._data_cell() is not None:
                self._write(" ")
            else:
                self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag == "a":
            self._end_anchor()
            return
        table = self._tables[-1] if self._tables else None
        if tag == "table":
            if self._tables:
                self._close_tables(1)
        elif table is not None and not table.layout and tag in ("tr", "td", "th"):
            if tag == "tr":
                self._end_row(table)
            else:
                self._end_cell(table)
        elif table is not None and tag in ("tr", "td", "th"):
            self._break()
        elif tag in _BLOCK_TAGS:
            if self._data_cell() is not None:
                self._write(" ")
            else:
                self._break()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        # Source line breaks are not text line breaks in HTML; only tags make lines.
        self._write(_SOURCE_SPACE.sub(" ", data))
        if self._anchor is not None:
            self._anchor[1].append(data)

    def _end_anchor(self) -> None:
        """After a link whose text is not its address (点击查看, 商品链接), its address in <>, as
        Outlook's plain text writes it: the row or item block it sits in shows where it leads."""
        anchor, self._anchor = self._anchor, None
        if anchor is None:
            return
        href, shown = anchor
        text = "".join(shown).strip()
        if text and _WEB_ADDRESS.match(href) and not _WEB_ADDRESS.search(text):
            self._write(f" <{href}>")

    def text(self) -> str:
        return tidy_lines(self.lines)


def _colspan(attrs: list[tuple[str, str | None]]) -> int:
    value = dict(attrs).get("colspan") or "1"
    digits = re.match(r"\s*(\d{1,3})", value)
    return max(1, min(int(digits.group(1)), 50)) if digits else 1


def tidy_lines(lines: list[str]) -> str:
    """Lines without trailing blanks, at most one blank line in a row, none at either end.

    A blank line separates two items' blocks (E003), so it is kept; several in a row say no
    more than one."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line.strip() and (not out or not out[-1]):
            continue
        out.append(line if line.strip() else "")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """(text as shown, link targets) of an HTML body."""
    page = _HtmlText()
    page.feed_all(html)
    return page.text(), page.links
