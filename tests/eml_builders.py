"""Builders of `.eml` files the way real mail clients write them.

Each builder returns the raw bytes of a saved mail, from a text template with the headers, MIME
layout, boundaries, encodings and quirks of one client: Outlook (GB2312 quoted-printable, RFC 2047
attachment names; Word tables), Foxmail (GBK base64 HTML only, <div><span> lines), QQ Mail (UTF-8
or GB18030 base64, a <div> per line, RFC 2231 names on application/octet-stream), NetEase 163
(Coremail: GBK base64 plain + HTML, <div style> lines), Apple Mail (multipart/related with an
inline screenshot).
Templates are written with "\n" and saved with CRLF, as those clients save them.
"""

from __future__ import annotations

import base64
import quopri
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid PNG of a few dozen bytes, without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class File:
    """An attached file: `inline` files are pasted into the body and referenced by cid."""

    filename: str
    data: bytes
    content_type: str = "image/png"
    content_id: str | None = None


def b_word(text: str, charset: str) -> str:
    """One RFC 2047 B encoded word."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def q_word(text: str, charset: str) -> str:
    """One RFC 2047 Q encoded word."""
    encoded = quopri.encodestring(text.encode(charset), header=True).decode().replace("=\n", "")
    return f"=?{charset}?Q?{encoded}?="


def split_b_words(text: str, charset: str, chunk_bytes: int) -> str:
    """Encoded words cut every `chunk_bytes` bytes, even inside a character, as some clients do."""
    raw = text.encode(charset)
    words = [
        f"=?{charset}?B?{base64.b64encode(raw[i : i + chunk_bytes]).decode()}?="
        for i in range(0, len(raw), chunk_bytes)
    ]
    return "\n ".join(words)


def b64_lines(data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76)) or ""


def qp_body(text: str, charset: str) -> str:
    return quopri.encodestring(text.encode(charset)).decode()


def crlf(template: str) -> bytes:
    return template.replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


def outlook(
    subject: str,
    *,
    plain: str,
    html: str,
    attachments: tuple[File, ...] = (),
    charset: str = "gb2312",
    sender: tuple[str, str] = ("张喆", "zhangzhe@shop-example.cn"),
    to: tuple[tuple[str, str], ...] = (("李经理", "li.jingli@jd.com"),),
    cc: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """Outlook 2016: mixed > alternative (plain + HTML, quoted-printable), RFC 2047 everywhere.

    With charset="gb2312", text outside GB2312 (喆) is still written as GBK bytes: Outlook
    labels GBK text "gb2312".
    """
    codec = "gbk" if charset == "gb2312" else charset

    def word(text: str) -> str:
        raw = base64.b64encode(text.encode(codec)).decode()
        return f"=?{charset}?B?{raw}?="

    def addresses(items: tuple[tuple[str, str], ...]) -> str:
        return ",\n\t".join(f'"{word(name)}" <{addr}>' for name, addr in items)

    outer = "----=_NextPart_000_0001_01DC5855.5B1E2C40"
    inner = "----=_NextPart_001_0002_01DC5855.5B1E2C40"
    cc_header = f"Cc: {addresses(cc)}\n" if cc else ""
    html_doc = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">'
        f'<head><meta http-equiv=Content-Type content="text/html; charset={charset}">'
        '<meta name=Generator content="Microsoft Word 15 (filtered medium)">'
        "<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:等线;}\np.MsoNormal\n\t{margin:0cm;}\n--></style>"
        "<!--[if gte mso 9]><xml>\n<o:shapedefaults v:ext=\"edit\" spidmax=\"1026\" />\n</xml><![endif]-->"
        '</head><body lang=ZH-CN link="#0563C1" vlink="#954F72" style="text-justify-trim:punctuation">'
        f'<div class=WordSection1>{html}</div></body></html>'
    )
    parts = [
        f"""--{inner}
Content-Type: text/plain;
\tcharset="{charset}"
Content-Transfer-Encoding: quoted-printable

{qp_body(plain, codec)}
--{inner}
Content-Type: text/html;
\tcharset="{charset}"
Content-Transfer-Encoding: quoted-printable

{qp_body(html_doc, codec)}
--{inner}--
"""
    ]
    attached = "".join(
        f"""
--{outer}
Content-Type: {f.content_type};
\tname="{word(f.filename)}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{word(f.filename)}"

{b64_lines(f.data)}
"""
        for f in attachments
    )
    template = f"""From: "{word(sender[0])}" <{sender[1]}>
To: {addresses(to)}
{cc_header}Subject: {word(subject)}
Date: Tue, 18 Nov 2025 10:12:33 +0800
Message-ID: <000001dc5812$2c1a0f40$844e2dc0$@shop-example.cn>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{outer}"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdxYEiwaTm0Pv0JtSPGzv3jKQ0cNhA==
Content-Language: zh-cn

This is a multipart message in MIME format.

--{outer}
Content-Type: multipart/alternative;
\tboundary="{inner}"


{parts[0]}{attached}
--{outer}--
"""
    return crlf(template)


def foxmail(
    subject: str,
    *,
    html: str | None = None,
    plain: str | None = None,
    attachments: tuple[File, ...] = (),
    sender: tuple[str, str] = ("红蜻蜓旗舰店", "ops@redqingting-example.cn"),
    to: tuple[tuple[str, str], ...] = (("京东服装城", "fzc@jd.com"),),
) -> bytes:
    """Foxmail 7.2: mixed > GBK base64 text/html only, "=?GBK?B?...?=" names in both headers; in
    plain-text mode (`plain` instead of `html`) the body is GBK base64 text/plain."""
    boundary = "----=_001_NextPart421457381542_=----"
    body_html = (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=GBK">'
        "<style>body { line-height: 1.5; }body { font-size: 14px; font-family: 'Microsoft YaHei UI'; }</style>"
        f'</head><body>\n<div><span></span>{html}</div>\n<hr style="width: 210px; height: 1px;" color="#b5c4df" size="1" align="left">\n'
        f'<div><span><div style="MARGIN: 10px; FONT-FAMILY: verdana; FONT-SIZE: 10pt"><div>{sender[1]}</div></div></span></div>\n'
        "</body></html>"
    )
    attached = "".join(
        f"""
--{boundary}
Content-Type: {f.content_type};
\tname="{b_word(f.filename, 'GBK')}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{b_word(f.filename, 'GBK')}"

{b64_lines(f.data)}
"""
        for f in attachments
    )
    to_header = ",\n\t".join(f'"{b_word(n, "GBK")}" <{a}>' for n, a in to)
    template = f"""Date: Tue, 18 Nov 2025 10:20:01 +0800
From: "{b_word(sender[0], 'GBK')}" <{sender[1]}>
To: {to_header}
Subject: {b_word(subject, 'GBK')}
X-Priority: 3
X-GUID: 5B0B1C0E-2F2D-4C6A-9E0A-6A2D3B4C5D6E
X-Has-Attach: {"yes" if attachments else "no"}
X-Mailer: Foxmail 7.2.25.228[cn]
Mime-Version: 1.0
Message-ID: <202511181020006517420@redqingting-example.cn>
Content-Type: multipart/mixed;
\tboundary="{boundary}"

This is a multi-part message in MIME format.

--{boundary}
Content-Type: text/{"html" if plain is None else "plain"};
\tcharset="GBK"
Content-Transfer-Encoding: base64

{b64_lines((body_html if plain is None else plain.replace(chr(10), chr(13) + chr(10))).encode("gbk"))}
{attached}
--{boundary}--
"""
    return crlf(template)


def qqmail(
    subject: str,
    *,
    html: str,
    attachments: tuple[File, ...] = (),
    sender: tuple[str, str] = ("运营小王", "1234567890@qq.com"),
    to: tuple[tuple[str, str], ...] = (("类目负责人", "manager@jd.com"),),
    charset: str = "utf-8",
    plain: str | None = None,
) -> bytes:
    """QQ Mail web: HTML (base64) in `charset`, with a text/plain alternative when `plain` is
    given (QQ Mail's web client writes both, in gb18030); attachments as
    application/octet-stream with RFC 2231 names (filename*=utf-8''%E6%88%AA%E5%9B%BE.png)."""
    boundary = "----=_NextPart_6916E2A1_0A0B1C30_5F3E2D1A"
    alternative = "----=_NextPart_6916E2A1_0A0B1C30_2C4D6E8F"
    attached = "".join(
        f"""
--{boundary}
Content-Type: application/octet-stream;
\tcharset="utf-8";
\tname*=utf-8''{quote(f.filename)}
Content-Disposition: attachment; filename*=utf-8''{quote(f.filename)}
Content-Transfer-Encoding: base64

{b64_lines(f.data)}
"""
        for f in attachments
    )
    to_header = ", ".join(f'"{b_word(n, "utf-8")}" <{a}>' for n, a in to)
    body_html = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset.upper()}">'
        f'<div style="font-family: -apple-system, BlinkMacSystemFont, &quot;PingFang SC&quot;;">{html}</div>'
        "<div><includetail><!--<![endif]--></includetail></div>"
    )
    html_part = f"""Content-Type: text/html;
\tcharset="{charset}"
Content-Transfer-Encoding: base64

{b64_lines(body_html.encode(charset))}
"""
    if plain is None:
        body = html_part
    else:
        body = f"""Content-Type: multipart/alternative;
\tboundary="{alternative}"

--{alternative}
Content-Type: text/plain;
\tcharset="{charset}"
Content-Transfer-Encoding: base64

{b64_lines(plain.encode(charset))}
--{alternative}
{html_part}
--{alternative}--
"""
    template = f"""From: "{b_word(sender[0], 'utf-8')}" <{sender[1]}>
To: {to_header}
Subject: {b_word(subject, charset)}
Mime-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="{boundary}"
Content-Transfer-Encoding: 8Bit
Date: Tue, 18 Nov 2025 10:30:25 +0800
X-Priority: 3
Message-ID: <tencent_8A2F6E1B0C4D3E2F1A0B9C8D7E6F5A4B3C08@qq.com>
X-QQ-MIME: TCMime 1.0 by Tencent
X-Mailer: QQMail 2.x
X-QQ-Mailer: QQMail 2.x

This is a multi-part message in MIME format.

--{boundary}
{body}{attached}
--{boundary}--
"""
    return crlf(template)


def netease(
    subject: str,
    *,
    plain: str,
    html: str,
    attachments: tuple[File, ...] = (),
    sender: tuple[str, str] = ("红蜻蜓运营", "rqt_ops@163.com"),
    to: tuple[tuple[str, str], ...] = (("类目负责人", "manager@jd.com"),),
) -> bytes:
    """NetEase 163 webmail (Coremail): mixed > alternative (GBK base64 plain + HTML in the
    `ntes_mail_body_root` wrapper), "=?GBK?B?...?=" subject and names, Coremail's X-headers."""
    outer = "----=_Part_18253_1155375469.1763434212395"
    inner = "----=_Part_18255_1474306431.1763434212395"
    body_html = (
        '<div data-ntes="ntes_mail_body_root" style="line-height:1.7;color:#000000;font-size:14px;'
        f'font-family:Arial"><div id="spnEditorContent">{html}</div>'
        '<div style="position:relative;zoom:1"></div><div id="divNeteaseMailCard"></div></div><br>'
    )
    attached = "".join(
        f"""
--{outer}
Content-Type: {f.content_type}; name="{b_word(f.filename, 'GBK')}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="{b_word(f.filename, 'GBK')}"

{b64_lines(f.data)}
"""
        for f in attachments
    )
    to_header = ", ".join(f'"{b_word(n, "GBK")}" <{a}>' for n, a in to)
    template = f"""Date: Tue, 18 Nov 2025 10:50:12 +0800 (CST)
From: "{b_word(sender[0], 'GBK')}" <{sender[1]}>
To: {to_header}
Subject: {b_word(subject, 'GBK')}
X-Priority: 3
X-Mailer: Coremail Webmail Server Version XT5.0.14 build 20240801(9da12a7b)
 Copyright (c) 2002-2025 www.mailtech.cn 163com
X-NTES-SC: AL_Qu2YBPqdvE4s5iORZekfm00Vhuo9WcC4uvgh3odXNpB6jAnp+BkwXUJSAX38zs60MzuwmgmGTSlry895WpNbUIwaPaMs6p5k0GdETjRqqm31jw==
Content-Type: multipart/mixed; 
 boundary="{outer}"
MIME-Version: 1.0
Message-ID: <3be175a1.11cb.19a95b2c3d4.Coremail.rqt_ops@163.com>
X-Coremail-Locale: zh_CN
X-CM-TRANSID:eygvCgDnD5B2YoNn+j9VAA--.25615W
X-CM-SenderInfo: tolrklayvsjiisv6il2tof0z/xtbBzxTS62eDXSJFowABse
X-Coremail-Antispam: 1U5529EdanIXcx71UUUUU7vcSsGvfC2KfnxnUU==

------=_Part_18253_1155375469.1763434212395
Content-Type: multipart/alternative; 
 boundary="{inner}"

--{inner}
Content-Type: text/plain; charset=GBK
Content-Transfer-Encoding: base64

{b64_lines(plain.encode("gbk"))}
--{inner}
Content-Type: text/html; charset=GBK
Content-Transfer-Encoding: base64

{b64_lines(body_html.encode("gbk"))}
--{inner}--
{attached}
--{outer}--
"""
    return crlf(template)


# How each client's editor writes one line of the body, and an empty line (Enter twice).
LINE_MARKUP = {
    "outlook": ("<p class=MsoNormal>{}<o:p></o:p></p>", "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"),
    "foxmail": ("<div><span>{}</span></div>", "<div><span><br></span></div>"),
    "qqmail": ("<div>{}</div>", "<div><br></div>"),
    "netease": ('<div style="margin:0;">{}</div>', '<div style="margin:0;"><br></div>'),
    "apple": ("<div>{}</div>", "<div><br></div>"),
}


def body_lines(client: str, lines: list[str]) -> str:
    """The HTML a client's editor writes for these lines ("" is an empty line); a line holding
    a URL gets the link the editor makes of it."""
    line, empty = LINE_MARKUP[client]
    return "".join(line.format(_linked(text)) if text else empty for text in lines)


def _linked(text: str) -> str:
    if "http" not in text:
        return text
    label, url = text.split("http", 1)
    return f'{label}<a href="http{url}">http{url}</a>'


def word_table(header: list[str], rows: list[list[str]], *, div_cells: bool = False) -> str:
    """A table as Outlook's Word editor writes it: MsoNormalTable, every cell's text in
    <p class=MsoNormal> with <span lang=EN-US> around Latin text and <o:p></o:p> at the end, an
    empty cell as <o:p>&nbsp;</o:p>, the mso-yfti-irow row styles. With `div_cells` each cell's
    paragraph sits in a <div> (a table pasted from a web page and edited in Outlook)."""

    def cell(text: str, width: int) -> str:
        inner = f"<span lang=EN-US>{_linked(text)}<o:p></o:p></span>" if text else "<o:p>&nbsp;</o:p>"
        paragraph = f"<p class=MsoNormal>{inner}</p>"
        if div_cells:
            paragraph = f"<div>{paragraph}</div>"
        return (
            f"<td width={width} valign=top style='width:{width * 0.75:.1f}pt;border:solid windowtext 1.0pt;"
            f"padding:0cm 5.4pt 0cm 5.4pt'>{paragraph}</td>"
        )

    def row(cells: list[str], index: int) -> str:
        first = ";mso-yfti-firstrow:yes" if index == 0 else ""
        return f"<tr style='mso-yfti-irow:{index}{first}'>" + "".join(cell(c, 120) for c in cells) + "</tr>"

    body = "".join(row(cells, i) for i, cells in enumerate([header, *rows]))
    return (
        "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
        f"mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'><tbody>{body}</tbody></table>"
        "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
    )


def word_table_plain(header: list[str], rows: list[list[str]]) -> str:
    """Outlook's text/plain alternative of a table: every cell on a line of its own."""
    return "\n".join(cell for cells in [header, *rows] for cell in cells)


def apple_mail(
    subject: str,
    *,
    plain: str,
    html: str,
    inline: tuple[File, ...] = (),
    sender: tuple[str, str] = ("王芳", "wangfang@icloud.com"),
    to: tuple[tuple[str, str], ...] = (("manager", "manager@jd.com"),),
) -> bytes:
    """Apple Mail 16: alternative > (plain, related > (HTML, inline images with Content-Id))."""
    outer = "Apple-Mail=_5E0F7C0A-6B1D-4F3B-9C7E-2A1D0B3C4E5F"
    related = "Apple-Mail=_7A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"
    images = "".join(
        f"""
--{related}
Content-Transfer-Encoding: base64
Content-Disposition: inline;
\tfilename*=utf-8''{quote(f.filename)}
Content-Type: {f.content_type};
\tx-unix-mode=0644;
\tname*=utf-8''{quote(f.filename)}
Content-Id: <{f.content_id or 'F1A2B3C4-D5E6-4F70-8192-A3B4C5D6E7F8'}>

{b64_lines(f.data)}
"""
        for f in inline
    )
    html_doc = (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
        '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">'
        f"{html}</body></html>"
    )
    to_header = ", ".join(f"{q_word(n, 'utf-8') if not n.isascii() else n} <{a}>" for n, a in to)
    template = f"""Content-Type: multipart/alternative;
\tboundary="{outer}"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))
Subject: {q_word(subject, 'utf-8')}
From: {b_word(sender[0], 'utf-8')} <{sender[1]}>
Message-Id: <3C2B1A09-8F7E-4D6C-B5A4-9382716F5E4D@icloud.com>
Date: Tue, 18 Nov 2025 10:41:07 +0800
To: {to_header}
X-Mailer: Apple Mail (2.3774.600.62)


--{outer}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{qp_body(plain, 'utf-8')}
--{outer}
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="{related}"


--{related}
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
\tcharset=utf-8

{qp_body(html_doc, 'utf-8')}
{images}
--{related}--

--{outer}--
"""
    return crlf(template)


def many_parts(count: int) -> bytes:
    """A mail with `count` tiny attachments (a generator gone wrong, or a mail bomb)."""
    boundary = "----=_Part_0_123456789.1763432000000"
    part = f"""--{boundary}
Content-Type: image/png; name="a.png"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="a.png"

iVBORw0KGgo=
"""
    template = f"""From: bot@example.com
To: manager@jd.com
Subject: parts
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="{boundary}"

{part * count}--{boundary}--
"""
    return crlf(template)


def nested(depth: int) -> bytes:
    """multipart/mixed nested `depth` levels deep, a text part at the bottom."""
    lines = ["From: bot@example.com", "To: manager@jd.com", "Subject: nested", "MIME-Version: 1.0"]
    for level in range(depth):
        lines += [f'Content-Type: multipart/mixed; boundary="b{level}"', "", f"--b{level}"]
    lines += ["Content-Type: text/plain; charset=utf-8", "", "bottom"]
    for level in reversed(range(depth)):
        lines.append(f"--b{level}--")
    return crlf("\n".join(lines) + "\n")


def simple(headers: str, body: bytes) -> bytes:
    """A single-part mail from a header block (text) and raw body bytes (any encoding)."""
    return crlf(headers.strip("\n") + "\n\n") + body


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
