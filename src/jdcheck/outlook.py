"""Reading what classic Outlook writes: a mail saved as `.msg`, and the `winmail.dat` (TNEF)
attachment that holds the attachments of a mail Outlook sent in RTF.

Classic Outlook cannot save `.eml`; "另存为" gives an `.msg` (an OLE compound file of MAPI
properties). extract-msg reads it and tnefparse reads TNEF: both are well kept, and both are
imported here only, when such a file is present. Every property is read on its own, so a body
that extract-msg cannot decode (a wrong code page) still leaves the subject, the other body and
the attachments; the file is E001 only when it cannot be opened as a mail at all.

The result is the same Email record the `.eml` reader gives, for the same checks.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from jdcheck.mailtext import (
    Attachment,
    Email,
    EmailReadError,
    attachment,
    decode_bytes,
    decode_html,
    html_to_text,
    tidy_lines,
)

__all__ = ["Unpacked", "read_msg", "read_tnef"]

T = TypeVar("T")

# extract-msg, olefile, compressed-rtf and RTFDE raise more than a dozen exception types on a
# damaged file (OleFileError, StandardViolationError, struct.error, UnicodeDecodeError, and a
# bare Exception from compressed_rtf's decompressor), none of them a common base. What they
# raise is caught around their calls only and turned into a reason; inside those blocks
# jdcheck's code only picks the property to read (and sizes the RTF body from its header).
_LIBRARY_ERRORS = (Exception,)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass
class _Reading:
    """Collects the first reason a property could not be read."""

    failures: list[str] = field(default_factory=list)

    def get(self, read: Callable[[], T], default: T) -> T:
        try:
            value = read()
        except _LIBRARY_ERRORS as exc:
            self.failures.append(_reason(exc))
            return default
        return default if value is None else value


# A compound file header sector plus one sector (olefile.MINIMAL_OLEFILE_SIZE).
_MIN_OLE_SIZE = 1536


def read_msg(data: bytes) -> Email:
    """Read an Outlook .msg from its bytes; EmailReadError when it is not a readable mail."""
    if len(data) < _MIN_OLE_SIZE:
        # olefile would take so few bytes for a file name.
        raise EmailReadError(f"{len(data)} bytes, an OLE file has at least {_MIN_OLE_SIZE}", "truncated")
    import extract_msg
    from extract_msg.msg_classes import MessageBase

    try:
        msg = extract_msg.openMsg(data, strict=False)
    except _LIBRARY_ERRORS as exc:
        raise EmailReadError(_reason(exc), "corrupt") from exc
    try:
        if not isinstance(msg, MessageBase):
            kind = getattr(msg, "classType", None) or type(msg).__name__
            raise EmailReadError(str(kind), "not_a_mail_item")
        return _message(msg)
    finally:
        try:
            msg.close()
        except _LIBRARY_ERRORS:
            pass


def _message(msg: Any) -> Email:
    reading = _Reading()
    subject = reading.get(lambda: msg.subject, "")
    sender = reading.get(lambda: msg.sender, "")
    recipients = reading.get(lambda: [r.formatted for r in msg.recipients], [])
    plain = reading.get(lambda: _from_rtf_if_small(msg, lambda: msg.getStringStream(_PR_BODY), "body"), "")
    html = reading.get(lambda: _from_rtf_if_small(msg, lambda: msg.getStream(_PR_HTML), "htmlBody"), b"")
    raw_attachments = reading.get(lambda: list(msg.attachments), [])
    if isinstance(html, str):  # bytes in extract-msg 0.55–0.57; a str is taken as it is
        html = html.encode("utf-8")

    html_text, links = html_to_text(_msg_html(html)) if html else ("", [])
    if isinstance(plain, bytes):
        plain = decode_bytes(plain)
    text = html_text if html_text.strip() else tidy_lines(plain.replace("\r\n", "\n").split("\n"))
    attachments = [_attachment(att, reading, html) for att in raw_attachments]
    if not (subject or text or attachments) and reading.failures:
        raise EmailReadError(str(reading.failures[0]), "corrupt")
    return Email(
        subject=" ".join(str(subject).split()),
        sender=" ".join(str(sender).split()),
        recipients=[" ".join(str(r).split()) for r in recipients if r],
        text=text,
        html_links=links,
        attachments=attachments,
    )


# MAPI property streams (MS-OXPROPS): PidTagBody (string), PidTagHtml and PidTagRtfCompressed
# (binary).
_PR_BODY = "__substg1.0_1000"
_PR_HTML = "__substg1.0_10130102"
_PR_RTF_COMPRESSED = "__substg1.0_10090102"
# A body that exists only inside the RTF body is rebuilt by RTFDE's parser: about 2 s for 66 KB
# of RTF measured on a busy machine, and it grows with the RTF. Past this size the body is left
# unread rather than the check left hanging (the other body, subject and attachments remain).
RTF_LIMIT = 512 * 1024


def _from_rtf_if_small(msg: Any, own_stream: Callable[[], Any], name: str) -> Any:
    if own_stream() is None and _rtf_size(msg) > RTF_LIMIT:
        return None
    return getattr(msg, name)


def _rtf_size(msg: Any) -> int:
    """The RTF body's size from its compressed stream's header (MS-OXRTFCP: COMPSIZE, RAWSIZE,
    …), without decompressing it: compressed_rtf is pure Python, slow on a large stream."""
    stream = msg.getStream(_PR_RTF_COMPRESSED)
    if not stream:
        return 0
    raw_size = int.from_bytes(stream[4:8], "little") if len(stream) >= 16 else 0
    return max(raw_size, len(stream))


def _msg_html(html: bytes) -> str:
    """The HTML extract-msg gives: de-encapsulated from the RTF body it is UTF-8 whatever its
    <meta> still says (Outlook's iso-8859-1 or gb2312); an HTML stream of its own follows its
    <meta>. Text in a legacy code page is hardly ever valid UTF-8, so UTF-8 is tried first."""
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        return decode_html(html)


def _attachment(att: Any, reading: _Reading, html: bytes) -> Attachment:
    name = reading.get(lambda: att.longFilename or att.shortFilename or getattr(att, "name", None), None)
    data = reading.get(lambda: att.data, b"")
    if not isinstance(data, bytes | bytearray):
        # An Outlook item attached (a forwarded mail, a contact): somebody else's message.
        subject = reading.get(lambda: data.subject, None) if data else None
        return Attachment(name or subject, "application/vnd.ms-outlook", 0, False, False)
    content_type = reading.get(lambda: att.mimetype, None) or _guess_type(name)
    cid = reading.get(lambda: att.cid, None)
    hidden = reading.get(lambda: att.hidden, False)
    # Outlook marks a picture pasted into the body hidden, with a Content-ID the HTML refers to.
    referenced = bool(cid) and f"cid:{cid}".encode("utf-8", "replace").lower() in html.lower()
    return attachment(name, content_type, bytes(data), inline=bool(cid) and (bool(hidden) or referenced))


def _guess_type(name: str | None) -> str:
    guessed = mimetypes.guess_type(name)[0] if name else None
    return guessed or "application/octet-stream"


# ---------------------------------------------------------------------------------------------
# TNEF (winmail.dat)


@dataclass(frozen=True)
class Unpacked:
    """What a winmail.dat holds: attachments, and the body when Outlook put it there."""

    attachments: list[Attachment]
    text: str
    html_links: list[str]


def read_tnef(data: bytes) -> Unpacked | None:
    """The attachments and body inside a TNEF stream; None when it is not readable TNEF (the
    winmail.dat then stays an ordinary attachment)."""
    import tnefparse

    try:
        tnef = tnefparse.TNEF(data)
    except _LIBRARY_ERRORS:
        return None
    reading = _Reading()
    attachments = []
    for att in reading.get(lambda: list(tnef.attachments), []):
        name = reading.get(att.long_filename, None) or reading.get(lambda: att.name, None)
        if isinstance(name, bytes):
            name = decode_bytes(name)
        payload = reading.get(lambda: att.data, b"")
        payload = payload if isinstance(payload, bytes) else b""
        attachments.append(attachment(name, _guess_type(name), payload, inline=False))
    text, links = _tnef_body(tnef, reading)
    return Unpacked(attachments=attachments, text=text, html_links=links)


def _tnef_body(tnef: Any, reading: _Reading) -> tuple[str, list[str]]:
    html = reading.get(lambda: tnef.htmlbody, b"")
    if html:
        return html_to_text(html if isinstance(html, str) else decode_html(html))
    body = reading.get(lambda: tnef.body, b"")
    if body:
        body = body if isinstance(body, str) else decode_bytes(body)
        return tidy_lines(body.replace("\r\n", "\n").split("\n")), []
    rtf = reading.get(lambda: tnef.rtfbody, b"")
    if rtf:
        return _rtf_text(rtf if isinstance(rtf, bytes) else rtf.encode("latin-1", "replace"), reading)
    return "", []


def _rtf_text(rtf: bytes, reading: _Reading) -> tuple[str, list[str]]:
    """HTML or text that Outlook encapsulated in an RTF body (\\fromhtml1 / \\fromtext); a
    body written in RTF proper has no text this reader could trust."""
    from RTFDE.deencapsulate import DeEncapsulator

    def deencapsulate() -> DeEncapsulator:
        found = DeEncapsulator(rtf)
        found.deencapsulate()
        return found

    result = reading.get(deencapsulate, None)
    if result is None:
        return "", []
    if getattr(result, "html", None):
        html = result.html
        return html_to_text(html if isinstance(html, str) else decode_html(html))
    text = getattr(result, "text", None)
    if text:
        text = text if isinstance(text, str) else decode_bytes(text)
        return tidy_lines(text.replace("\r\n", "\n").split("\n")), []
    return "", []
