"""An Outlook .msg of the channel-submission shape, made from a real one.

No library writes .msg. This builder takes a mail that Outlook saved (the Apache-2.0 `chinese
message.msg` of bbottema/outlook-message-parser: a Chinese mail whose body is a Word table, kept
as HTML encapsulated in the compressed RTF body — Outlook's own layout, with no HTML stream) and
rewrites the table's cells and the greeting in its RTF and plain-text streams. olefile can only
rewrite a stream at its exact size: the RTF is stored uncompressed, trimmed to fit and padded with
line breaks. Everything else (the OLE layout, the properties, Word's markup around the cells, the
paragraphs before the table) stays as Outlook wrote it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SOURCE = "mail/bbottema+outlook-message-parser/src/test/resources/test-messages/chinese message.msg"
RTF_STREAM = "__substg1.0_10090102"
PLAIN_STREAM = "__substg1.0_1000001F"


def _rtf_text(text: str) -> bytes:
    """Text as Outlook writes it in an \\ansicpg936 RTF body: GBK bytes as \\'xx escapes."""
    return b"".join(bytes([c]) if c < 0x80 else b"\\'%02x" % c for c in text.encode("gbk"))


def _group_start(rtf: bytes, marker: bytes) -> int:
    """Where the {\\*\\htmltag…} group holding `marker` begins."""
    return rtf.rindex(b"{\\*\\htmltag", 0, rtf.index(marker))


def _group_end(rtf: bytes, marker: bytes) -> int:
    return rtf.index(b"}", rtf.index(marker)) + 1


def _depth(rtf: bytes, *, closing: bool = False) -> int:
    """Groups a piece of RTF opens (or, `closing`, closes) that it does not close (open) itself."""
    depth = lowest = 0
    escaped = False
    for byte in rtf:
        if escaped:
            escaped = False
        elif byte == 0x5C:  # backslash: \{ and \} are text
            escaped = True
        elif byte == 0x7B:
            depth += 1
        elif byte == 0x7D:
            depth -= 1
            lowest = min(lowest, depth)
    return -lowest if closing else depth - lowest


def channel_msg(corpus: Path, target: Path, header: tuple[str, str], rows: list[tuple[str, str]],
                greeting: str) -> Path:
    """Copy the real .msg to `target` with its 2-column table's header and first two data rows
    replaced (房型/时间段 → header; 迷你房/全天, 大床房/9:00-12:00 → rows), its other rows, the
    signature after it and the 42 KB of Word styles in <head> left out, and "Dears" replaced by `greeting` (links may be
    written there: they are text, as Outlook shows a pasted URL before it autolinks it)."""
    import compressed_rtf
    import olefile

    shutil.copyfile(corpus / SOURCE, target)
    with olefile.OleFileIO(str(target)) as ole:
        size = ole.get_size(RTF_STREAM)
        rtf = compressed_rtf.decompress(ole.openstream(RTF_STREAM).read())
        plain_size = ole.get_size(PLAIN_STREAM)
    # Outlook's compressor packs 66 KB of RTF into this 13 KB stream; the stream is rewritten
    # uncompressed ("MELA", which readers accept as well), so what it holds must fit in 13 KB.
    rtf = (rtf[: _group_start(rtf, b"<head")]
           + b'{\\*\\htmltag241 <head><meta http-equiv=Content-Type content="text/html; charset=gb2312"></head>}\r\n'
           + rtf[_group_end(rtf, b"</head>"): _group_start(rtf, b"<tr style='mso-yfti-irow:3")]
           + rtf[_group_start(rtf, b"</table>"): _group_end(rtf, b"</table>")]
           # the signature's groups close those Word opened around the body: close them here
           + b"}" * _depth(rtf[_group_end(rtf, b"</table>"): _group_start(rtf, b"</body>")], closing=True)
           + rtf[_group_start(rtf, b"</body>"):])
    swaps = [("房型", header[0]), ("时间段", header[1]), ("迷你房", rows[0][0]), ("全天", rows[0][1]),
             ("大床房", rows[1][0]), ("9:00-12:00", rows[1][1]), ("Dears", greeting)]
    for old, new in swaps:
        assert _rtf_text(old) in rtf, old
        rtf = rtf.replace(_rtf_text(old), _rtf_text(new), 1)
    free = size - 16 - len(rtf)  # 16: the compressed-RTF header
    assert free >= 0, f"RTF {len(rtf)} bytes does not fit the {size}-byte stream"
    # Line breaks between RTF groups are not text: they pad the stream to its size.
    rtf = rtf[:-1] + b"\r\n" * (free // 2) + b"\n" * (free % 2) + b"}"
    new_rtf = compressed_rtf.compress(rtf, compressed=False)
    assert len(new_rtf) == size

    plain = "\r\n".join([f"{greeting}：", "", *header, *[cell for row in rows for cell in row], ""])
    encoded = plain.encode("utf-16-le")
    assert len(encoded) <= plain_size, "plain text longer than the stream it replaces"
    encoded += " ".encode("utf-16-le") * ((plain_size - len(encoded)) // 2)

    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        ole.write_stream(RTF_STREAM, new_rtf)
        ole.write_stream(PLAIN_STREAM, encoded)
    return target
