"""Reading a saved mail (`.eml` draft or sent mail) of a channel submission.

Real drafts come from Outlook, Foxmail, QQ Mail, NetEase and Apple Mail, and many are slightly
wrong: GB2312 declared for GBK text, no charset at all, raw 8-bit headers, RFC 2047 words inside
quoted parameters, base64 with missing padding. The stdlib parser builds the MIME tree; every
header and body is then decoded here from its raw form with Chinese-aware fallbacks, so one bad
part never stops the rest from being read. An Outlook `.msg` (an OLE compound file, whatever its
extension) is handed to outlook.py, and so is a `winmail.dat` (TNEF) attachment, which holds an
Outlook RTF mail's real attachments. This module only parses; E001–E004 are decided by the checks.
"""

from __future__ import annotations

import binascii
import email.message
import email.policy
import email.utils
import re
from email.errors import MessageError
from email.parser import BytesParser
from pathlib import Path

from jdcheck.mailtext import (
    Attachment,
    Email,
    EmailReadError,
    attachment,
    decode_bytes as _decode_bytes,
    decode_html,
    html_to_text,
    tidy_lines,
)

__all__ = ["Attachment", "Email", "EmailReadError", "read_email"]

# Every OLE compound file (Outlook .msg, .doc, .xls) starts with these bytes.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# Header names of which at least one starts every real mail or draft; a file whose first lines
# hold none of them is something else saved as .eml (an Outlook .msg, HTML, a picture).
_MAIL_HEADERS = frozenset(
    {
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version",
        "content-type", "received", "return-path", "sender", "reply-to", "x-mailer",
        "x-unsent", "user-agent", "in-reply-to", "references", "delivered-to",
    }
)


def read_email(
    path: Path, *, max_parts: int = 500, max_bytes: int = 50 * 1024 * 1024
) -> Email:
    """Parse a saved mail; raises EmailReadError when it cannot be read as a mail."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise EmailReadError(f"{size:,} bytes, limit {max_bytes:,}", "too_large")
        data = path.read_bytes()
    except OSError as exc:  # permission denied, I/O error, file vanished
        raise EmailReadError(exc.strerror or type(exc).__name__, "unreadable") from exc
    if not data.strip():
        raise EmailReadError("empty file", "empty")
    if data.startswith(CFB_MAGIC):
        from jdcheck.outlook import read_msg

        return read_msg(data)
    if _count_delimiters(data, max_parts) > max_parts:
        raise EmailReadError(f"too many parts (more than {max_parts})", "too_many_parts")

    try:
        message = BytesParser(policy=email.policy.default).parsebytes(data)
    except RecursionError as exc:
        raise EmailReadError("MIME parts nested too deeply", "too_deep") from exc
    except (MessageError, ValueError, IndexError) as exc:
        # The stdlib parser is lenient; these come only from pathological input.
        raise EmailReadError(f"not a readable mail: {exc}") from exc
    headers = {name.lower() for name, _ in message.raw_items()}
    if not headers & _MAIL_HEADERS:
        raise EmailReadError("no mail headers", "not_mail")

    leaves = _leaf_parts(message, max_parts)
    reader = _BodyReader()
    last = None
    for part in leaves:
        last = reader.add(part)
    cut = _cut_short(message, leaves, last)
    if cut is not None:
        raise EmailReadError(cut, "cut_short")
    return Email(
        subject=_header_text(message, "subject"),
        sender=", ".join(_addresses(message, ("from",))),
        recipients=_addresses(message, ("to", "cc", "bcc")),
        text=reader.text(),
        html_links=reader.html_links,
        attachments=reader.attachments,
    )


# ---------------------------------------------------------------------------------------------
# Structure

_BOUNDARY_PARAM = re.compile(rb"""boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))""", re.IGNORECASE)
_DELIMITER_LINE = re.compile(rb"^--([^\r\n]*)", re.MULTILINE)


def _count_delimiters(data: bytes, limit: int) -> int:
    """How many MIME parts the raw bytes open, counted before anything is built.

    A mail with thousands of parts (a mail bomb, or a generator gone wrong) would otherwise be
    parsed into thousands of objects first. The count may be a little high (a text line that
    happens to repeat a boundary), never much; the exact count is checked again after parsing.
    """
    boundaries = {quoted or token for quoted, token in _BOUNDARY_PARAM.findall(data)}
    if not boundaries:
        return 0
    count = 0
    for match in _DELIMITER_LINE.finditer(data):
        rest = match.group(1).rstrip(b" \t")
        if rest in boundaries:
            count += 1
            if count > limit:
                break
    return count


def _leaf_parts(message: email.message.Message, max_parts: int) -> list[email.message.Message]:
    """Non-multipart parts in document order, iteratively (nesting depth cannot overflow).

    An attached mail (message/rfc822, a forwarded message) is one attachment: its own parts are
    somebody else's mail, not this submission's body.
    """
    leaves: list[email.message.Message] = []
    stack: list[email.message.Message] = [message]
    seen = -1  # the parts under the message, as _count_delimiters counts them
    while stack:
        part = stack.pop()
        seen += 1
        if seen > max_parts:
            raise EmailReadError(f"too many parts (more than {max_parts})", "too_many_parts")
        payload = part.get_payload()
        maintype = _raw_headers(part).get_content_maintype()
        if isinstance(payload, list) and maintype != "message":
            stack.extend(reversed([p for p in payload if isinstance(p, email.message.Message)]))
        elif maintype != "multipart":
            # A multipart whose boundary never occurs is left as raw MIME text: neither body
            # text nor an attachment.
            leaves.append(part)
    return leaves


def _cut_short(message: email.message.Message, leaves: list[email.message.Message],
               last: Attachment | None) -> str | None:
    """Why the mail looks cut short (a copy or a save that stopped half-way), or None.

    A mail cut short lacks its closing boundary, and its last part stops in the middle: base64
    text that is not a whole number of 4-character groups, or a picture that ends early. A
    missing closing boundary alone is tolerated (some generators omit it, and then nothing is
    lost); so is a last text part in 8bit or quoted-printable, which cannot tell where it ends."""
    from email.errors import CloseBoundaryNotFoundDefect

    multiparts = [part for part in message.walk() if part.is_multipart()]
    if not any(isinstance(d, CloseBoundaryNotFoundDefect) for part in multiparts for d in part.defects):
        return None
    if not leaves:
        return None
    part = leaves[-1]
    name = _filename(_raw_headers(part))
    if last is not None and last.damage == "truncated":
        return f"the mail ends inside the picture {last.filename}" if last.filename else "the mail ends inside a picture"
    raw = part.get_payload()
    encoding = str(_raw_headers(part).get("content-transfer-encoding", "")).strip().lower()
    if encoding == "base64" and isinstance(raw, str):
        letters = len(re.sub(r"[^A-Za-z0-9+/=]", "", raw))
        if letters % 4:
            return f"the mail ends inside the attachment {name}" if name else "the mail ends inside its last part"
    return None


def _raw_headers(part: email.message.Message) -> email.message.Message:
    """The part's MIME headers in a compat32 message, parsed from their raw text.

    compat32's parameter parsing works on plain strings and never raises on odd input, and it
    keeps RFC 2231 values as (charset, language, text) so the charset can be chosen here.
    """
    headers = email.message.Message()
    for name, value in part.raw_items():
        if name.lower().startswith("content-"):
            # Raw 8-bit values (a UTF-8 or GBK filename without RFC 2047) are decoded first:
            # compat32 would turn their bytes into U+FFFD.
            headers[name] = _decode_raw(_unfold(value))
    return headers


# ---------------------------------------------------------------------------------------------
# Text decoding

def _unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", value).strip("\r\n")


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def _decode_words(value: str) -> str:
    """Decode a raw header or parameter value: RFC 2047 words and raw 8-bit (GBK/UTF-8) text.

    Written here rather than with email.header.decode_header: that raises on bad base64, keeps
    undecodable bytes as escapes, and cannot join a UTF-8 character that Outlook split across two
    encoded words. Encoded words are also decoded inside quoted strings ("=?GBK?B?...?=" names
    and filenames), which RFC 2047 forbids and every Chinese mail client writes.
    """
    value = _unfold(value)
    out: list[str] = []
    pending = b""
    pending_charset: str | None = None
    position = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        charset = match.group(1).split("*", 1)[0]  # RFC 2231 adds "*language"
        adjacent = position > 0 and pending_charset is not None and not between.strip()
        if not adjacent or charset.lower() != pending_charset:
            if pending_charset is not None:
                out.append(_decode_bytes(pending, pending_charset))
                pending, pending_charset = b"", None
            # RFC 2047 6.2: white space between two encoded words is not text.
            if not (adjacent and not between.strip()):
                out.append(_decode_raw(between))
        pending += _decode_word(match.group(2), match.group(3))
        pending_charset = charset.lower()
        position = match.end()
    if pending_charset is not None:
        out.append(_decode_bytes(pending, pending_charset))
    out.append(_decode_raw(value[position:]))
    return "".join(out)


def _decode_word(encoding: str, text: str) -> bytes:
    if encoding in "qQ":
        return binascii.a2b_qp(text.encode("ascii", errors="replace"), header=True)
    return _lenient_base64(text.encode("ascii", errors="ignore"))


def _lenient_base64(data: bytes) -> bytes:
    """Base64 as mail clients really write it: padding missing, stray characters, one extra
    character at the end. The stdlib returns such a body still encoded."""
    try:
        # Non-alphabet characters are skipped and surplus padding is ignored.
        return binascii.a2b_base64(data + b"==")
    except binascii.Error:
        # 4n+1 data characters: the last one cannot carry a whole byte.
        clean = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        if len(clean) % 4 == 1:
            clean = clean[:-1]
        try:
            return binascii.a2b_base64(clean + b"==")
        except binascii.Error:
            return b""


def _decode_raw(text: str) -> str:
    """Header text outside encoded words; BytesParser keeps raw 8-bit bytes as surrogates."""
    if text.isascii():
        return text
    return _decode_bytes(text.encode("utf-8", errors="surrogateescape"))


def _header_text(message: email.message.Message, name: str) -> str:
    values = [value for key, value in message.raw_items() if key.lower() == name]
    if not values:
        return ""
    return " ".join(_decode_words(values[0]).split())


def _addresses(message: email.message.Message, names: tuple[str, ...]) -> list[str]:
    """Addresses as "Name <addr>" (or "addr"), names decoded."""
    raw = [_unfold(value) for key, value in message.raw_items() if key.lower() in names]
    result: list[str] = []
    for value in raw:
        parsed = [(n, a) for n, a in email.utils.getaddresses([value]) if a]
        if not parsed:
            decoded = " ".join(_decode_words(value).split())
            if decoded:
                result.append(decoded)
            continue
        for name, address in parsed:
            display = " ".join(_decode_words(name).split())
            result.append(f"{display} <{address}>" if display else address)
    return result


# ---------------------------------------------------------------------------------------------
# Parts


def _param(headers: email.message.Message, name: str, header: str) -> str | None:
    value = headers.get_param(name, header=header)
    if value is None or value == "":
        return None
    if isinstance(value, tuple):  # RFC 2231: (charset, language, %-decoded latin-1 text)
        charset, _language, text = value
        data = text.encode("latin-1", errors="replace")
        return " ".join(_decode_bytes(data, charset).split()) or None
    return " ".join(_decode_words(value).split()) or None


def _filename(headers: email.message.Message) -> str | None:
    return _param(headers, "filename", "content-disposition") or _param(
        headers, "name", "content-type"
    )


def _payload_bytes(part: email.message.Message) -> bytes:
    """The decoded content of a leaf part, whatever state its transfer encoding is in."""
    raw = part.get_payload()
    if not isinstance(raw, str):
        return b""
    encoding = _raw_headers(part).get("content-transfer-encoding", "")
    if str(encoding).strip().lower() == "base64":
        return _lenient_base64(raw.encode("ascii", errors="ignore"))
    # Quoted-printable is undone leniently (a bad "=ZZ" stays as it is); 7bit, 8bit, binary and
    # unknown encodings give the raw bytes back.
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


_TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})


class _BodyReader:
    """Sorts leaf parts into body text, HTML links and attachments."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html_text: list[str] = []
        self.html_links: list[str] = []
        self.attachments: list[Attachment] = []
        self.tnef_text: list[str] = []

    def add(self, part: email.message.Message) -> Attachment | None:
        """Sort one leaf part; the Attachment made of it, if it is one."""
        headers = _raw_headers(part)
        content_type = headers.get_content_type()
        disposition = headers.get_content_disposition()
        filename = _filename(headers)
        has_content_id = headers.get("content-id") is not None

        if content_type == "message/rfc822" or isinstance(part.get_payload(), list):
            self.attachments.append(
                Attachment(
                    filename=filename,
                    content_type=content_type,
                    size=_nested_size(part),
                    is_image=False,
                    inline=False,
                )
            )
            return None

        is_body = (
            content_type in ("text/plain", "text/html")
            and disposition != "attachment"
            and filename is None
        )
        if is_body:
            payload = _payload_bytes(part)
            if content_type == "text/plain":
                text = _decode_bytes(payload, headers.get_content_charset())
                self.plain.append(text.replace("\r\n", "\n").replace("\r", "\n"))
            else:
                text, links = html_to_text(decode_html(payload, headers.get_content_charset()))
                self.html_text.append(text)
                self.html_links.extend(links)
            return None

        data = _payload_bytes(part)
        if content_type in _TNEF_TYPES or (filename or "").lower() == "winmail.dat":
            # Outlook sending a mail in RTF: the real attachments (and the RTF body) are inside.
            from jdcheck.outlook import read_tnef

            unpacked = read_tnef(data)
            # A stream that gives nothing (not TNEF after all) stays what it looks like.
            if unpacked is not None and (unpacked.attachments or unpacked.text):
                self.attachments.extend(unpacked.attachments)
                if unpacked.text:
                    self.tnef_text.append(unpacked.text)
                self.html_links.extend(unpacked.html_links)
                return None

        # A Content-ID makes a part referable from the HTML (a pasted screenshot), but Outlook
        # also gives one to ordinary attachments: an explicit "attachment" disposition wins.
        made = attachment(filename, content_type, data,
                          inline=disposition == "inline" or (disposition is None and has_content_id))
        self.attachments.append(made)
        return made

    def text(self) -> str:
        """The HTML body as shown when there is one (see Email.text), else the plain text, else
        the body Outlook packed into winmail.dat."""
        for parts in (self.html_text, self.plain, self.tnef_text):
            texts = [p.strip("\n") for p in parts if p.strip()]
            if texts:
                return tidy_lines("\n".join(texts).split("\n"))
        return ""


def _nested_size(part: email.message.Message) -> int:
    total = 0
    stack = [part]
    while stack:
        current = stack.pop()
        payload = current.get_payload()
        if isinstance(payload, list):
            stack.extend(p for p in payload if isinstance(p, email.message.Message))
        else:
            total += len(_payload_bytes(current))
    return total
