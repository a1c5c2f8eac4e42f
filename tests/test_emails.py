"""emails.py: saved drafts and sent mails of channel submissions, as real clients write them."""

from __future__ import annotations

import base64
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdcheck.emails import Attachment, Email, EmailReadError, read_email
from tests import eml_builders as eml

SKU = "100012043978"
PNG = eml.tiny_png()
XLSX = b"PK\x03\x04" + bytes(200)
ITEM_URL = f"https://item.jd.com/{SKU}.html"


def _read(tmp_path: Path, data: bytes, **kwargs) -> Email:
    return read_email(eml.write(tmp_path, "提报.eml", data), **kwargs)


# ---------------------------------------------------------------------------------------------
# Real clients

OUTLOOK_PLAIN = f"您好：\n附件为二三级资源提报。\nSKU：{SKU}\n价格：199元\n链接：{ITEM_URL}\n张喆"
OUTLOOK_HTML = (
    "<p class=MsoNormal>您好：<o:p></o:p></p>"
    f"<p class=MsoNormal>SKU：{SKU}<o:p></o:p></p>"
    "<p class=MsoNormal>价格：<span lang=EN-US>199</span>元<o:p></o:p></p>"
    f'<p class=MsoNormal>链接：<a href="{ITEM_URL}">{ITEM_URL}</a><o:p></o:p></p>'
)

OUTLOOK_SHOWN = f"您好：\nSKU：{SKU}\n价格：199元\n链接：{ITEM_URL}"

CLIENTS = [
    pytest.param(
        lambda: eml.outlook(
            "【二三级资源】红蜻蜓 喆 11月25日提报",
            plain=OUTLOOK_PLAIN,
            html=OUTLOOK_HTML,
            attachments=(eml.File("款式截图.png", PNG), eml.File("提报表.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            cc=(("王五", "wangwu@shop-example.cn"),),
        ),
        {
            "subject": "【二三级资源】红蜻蜓 喆 11月25日提报",
            "sender": "张喆 <zhangzhe@shop-example.cn>",
            "recipients": ["李经理 <li.jingli@jd.com>", "王五 <wangwu@shop-example.cn>"],
            # The HTML part, as Outlook shows it; its text/plain alternative is not read.
            "text": OUTLOOK_SHOWN,
            "html_links": [ITEM_URL],
            "attachments": [
                Attachment("款式截图.png", "image/png", len(PNG), True, False, (2, 2)),
                Attachment(
                    "提报表.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    len(XLSX),
                    False,
                    False,
                ),
            ],
        },
        id="outlook_gb2312_qp",
    ),
    pytest.param(
        lambda: eml.outlook(
            "资源提报 😀 utf-8",
            plain=OUTLOOK_PLAIN,
            html=OUTLOOK_HTML,
            attachments=(eml.File("截图 1.jpg", PNG, "image/jpeg"),),
            charset="utf-8",
        ),
        {
            "subject": "资源提报 😀 utf-8",
            "sender": "张喆 <zhangzhe@shop-example.cn>",
            "recipients": ["李经理 <li.jingli@jd.com>"],
            "text": OUTLOOK_SHOWN,
            "html_links": [ITEM_URL],
            "attachments": [Attachment("截图 1.jpg", "image/jpeg", len(PNG), True, False, (2, 2))],
        },
        id="outlook_utf8_qp",
    ),
    pytest.param(
        lambda: eml.foxmail(
            "二三级资源提报-红蜻蜓",
            html=(
                f"<div>SKU：{SKU}</div><div>价格：&yen;199</div>"
                f"<div>链接：<a href='{ITEM_URL}' target=_blank>{ITEM_URL}</a></div>"
            ),
            attachments=(eml.File("截图.jpg", PNG, "image/jpeg"),),
        ),
        {
            "subject": "二三级资源提报-红蜻蜓",
            "sender": "红蜻蜓旗舰店 <ops@redqingting-example.cn>",
            "recipients": ["京东服装城 <fzc@jd.com>"],
            "text": f"SKU：{SKU}\n价格：¥199\n链接：{ITEM_URL}\nops@redqingting-example.cn",
            "html_links": [ITEM_URL],
            "attachments": [Attachment("截图.jpg", "image/jpeg", len(PNG), True, False, (2, 2))],
        },
        id="foxmail_gbk_base64_html_only",
    ),
    pytest.param(
        lambda: eml.qqmail(
            "提报：红蜻蜓女鞋",
            html=f"<div>SKU {SKU}</div><div>价格 199<br>链接 {ITEM_URL}</div>",
            attachments=(eml.File("截图.png", PNG),),
        ),
        {
            "subject": "提报：红蜻蜓女鞋",
            "sender": "运营小王 <1234567890@qq.com>",
            "recipients": ["类目负责人 <manager@jd.com>"],
            "text": f"SKU {SKU}\n价格 199\n链接 {ITEM_URL}",
            "html_links": [],
            # application/octet-stream, recognised as an image by its name.
            "attachments": [Attachment("截图.png", "application/octet-stream", len(PNG), True, False, (2, 2))],
        },
        id="qqmail_utf8_rfc2231",
    ),
    pytest.param(
        lambda: eml.qqmail(
            "【二三级资源】提报",
            html=eml.body_lines("qqmail", [f"SKU：{SKU}", "价格：￥199", "", "谢谢"]),
            attachments=(eml.File("截图.png", PNG),),
            charset="gb18030",
            plain=f"SKU：{SKU}\n价格：￥199\n\n谢谢",
        ),
        {
            "subject": "【二三级资源】提报",
            "sender": "运营小王 <1234567890@qq.com>",
            "recipients": ["类目负责人 <manager@jd.com>"],
            # <div><br></div> is the blank line that ends an item block.
            "text": f"SKU：{SKU}\n价格：￥199\n\n谢谢",
            "html_links": [],
            "attachments": [Attachment("截图.png", "application/octet-stream", len(PNG), True, False, (2, 2))],
        },
        id="qqmail_gb18030_div_lines",
    ),
    pytest.param(
        lambda: eml.netease(
            "二三级资源提报 红蜻蜓",
            plain=f"SKU：{SKU}\n价格：199元\n链接：{ITEM_URL}",
            html=eml.body_lines("netease", [f"SKU：{SKU}", "价格：199元", f"链接：{ITEM_URL}"]),
            attachments=(eml.File("截图.png", PNG),),
        ),
        {
            "subject": "二三级资源提报 红蜻蜓",
            "sender": "红蜻蜓运营 <rqt_ops@163.com>",
            "recipients": ["类目负责人 <manager@jd.com>"],
            "text": f"SKU：{SKU}\n价格：199元\n链接：{ITEM_URL}",
            "html_links": [ITEM_URL],
            "attachments": [Attachment("截图.png", "image/png", len(PNG), True, False, (2, 2))],
        },
        id="netease_coremail_gbk",
    ),
    pytest.param(
        lambda: eml.outlook(
            "Word table",
            plain=eml.word_table_plain(["SKU", "商品名称", "价格"], [[SKU, "", "199"]]),
            html=eml.word_table(["SKU", "商品名称", "价格"], [[SKU, "", "199"]]),
        ),
        {
            "subject": "Word table",
            "sender": "张喆 <zhangzhe@shop-example.cn>",
            "recipients": ["李经理 <li.jingli@jd.com>"],
            # One row a line; the empty 商品名称 cell keeps 199 under 价格.
            "text": f"SKU\t商品名称\t价格\n{SKU}\t\t199",
            "html_links": [],
            "attachments": [],
        },
        id="outlook_word_table",
    ),
    pytest.param(
        lambda: eml.apple_mail(
            "二三级资源 Apple",
            plain=f"SKU {SKU}\n价格 199\n",
            html=f'<div>SKU {SKU}</div><div>价格 199</div><div><img src="cid:shot-1" alt="截图"></div>',
            inline=(eml.File("屏幕快照 2025-11-18 10.41.07.png", PNG, content_id="shot-1"),),
        ),
        {
            "subject": "二三级资源 Apple",
            "sender": "王芳 <wangfang@icloud.com>",
            "recipients": ["manager <manager@jd.com>"],
            "text": f"SKU {SKU}\n价格 199",
            "html_links": [],
            "attachments": [Attachment("屏幕快照 2025-11-18 10.41.07.png", "image/png", len(PNG), True, True, (2, 2))],
        },
        id="apple_mail_inline_screenshot",
    ),
]


@pytest.mark.parametrize(("build", "expected"), CLIENTS)
def test_mail_clients(tmp_path: Path, build, expected: dict) -> None:
    mail = _read(tmp_path, build())
    assert {
        "subject": mail.subject,
        "sender": mail.sender,
        "recipients": mail.recipients,
        "text": mail.text,
        "html_links": mail.html_links,
        "attachments": mail.attachments,
    } == expected


def test_outlook_html_noise_is_not_text(tmp_path: Path) -> None:
    # The HTML part is read only when there is no text/plain: build one without.
    data = eml.outlook("x", plain="", html=OUTLOOK_HTML).replace(
        b"Content-Type: text/plain;", b"Content-Type: text/x-ignored;"
    )
    mail = _read(tmp_path, data)
    assert "MsoNormal" not in mail.text and "font-family" not in mail.text and "shapedefaults" not in mail.text
    assert mail.text == f"您好：\nSKU：{SKU}\n价格：199元\n链接：{ITEM_URL}"


# ---------------------------------------------------------------------------------------------
# Headers

HEADER = "From: a@example.com\nTo: manager@jd.com\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"

SUBJECTS = [
    ("ascii", "Subject: JD submission", "JD submission"),
    ("gb2312_b", f"Subject: {eml.b_word('团购提报', 'gb2312')}", "团购提报"),
    ("gb2312_label_gbk_text", "Subject: =?gb2312?B?" + base64.b64encode("喆的提报".encode("gbk")).decode() + "?=", "喆的提报"),
    ("gbk_b", f"Subject: {eml.b_word('资源提报', 'GBK')}", "资源提报"),
    ("utf8_q", f"Subject: {eml.q_word('资源 提报', 'utf-8')}", "资源 提报"),
    ("folded_words", f"Subject: {eml.b_word('团购', 'utf-8')}\n {eml.b_word('提报', 'utf-8')}", "团购提报"),
    ("split_inside_character", f"Subject: {eml.split_b_words('二三级资源提报', 'utf-8', 5)}", "二三级资源提报"),
    ("mixed_plain_and_encoded", f"Subject: Re: {eml.b_word('提报', 'utf-8')} OK", "Re: 提报 OK"),
    ("unknown_charset", f"Subject: =?x-unknown-cs?B?{base64.b64encode('提报'.encode()).decode()}?=", "提报"),
    ("bad_base64_padding", "Subject: =?utf-8?B?5o+Q5oql?=", "提报"),
    ("missing_padding", "Subject: =?utf-8?B?5o+Q5oql5o+Q?=", "提报提"),
    ("garbage_base64", "Subject: =?utf-8?B?!!!?=", ""),
    ("missing", "", ""),
    ("empty", "Subject:", ""),
]


@pytest.mark.parametrize(("line", "subject"), [c[1:] for c in SUBJECTS], ids=[c[0] for c in SUBJECTS])
def test_subject_decoding(tmp_path: Path, line: str, subject: str) -> None:
    mail = _read(tmp_path, eml.simple(HEADER + line, b"body\r\n"))
    assert mail.subject == subject


def test_raw_8bit_gbk_headers(tmp_path: Path) -> None:
    # Some webmail exports write headers as raw GBK bytes, without RFC 2047.
    data = (
        b"From: " + "张喆".encode("gbk") + b" <zz@example.com>\r\n"
        b"To: manager@jd.com\r\n"
        b"Subject: " + "团购提报 喆".encode("gbk") + b"\r\n"
        b"Content-Type: text/plain\r\n\r\nbody\r\n"
    )
    mail = _read(tmp_path, data)
    assert mail.subject == "团购提报 喆"
    assert mail.sender == "张喆 <zz@example.com>"


def test_addresses(tmp_path: Path) -> None:
    headers = (
        "From: op@example.com\n"
        f'To: "{eml.b_word("李, 经理", "gbk")}" <li@jd.com>, bare@jd.com,\n\t{eml.b_word("王", "utf-8")} <w@jd.com>\n'
        "Cc: Team <team@example.com>\n"
        "Bcc: hidden@example.com\n"
        "Subject: x\n"
    )
    mail = _read(tmp_path, eml.simple(headers, b"body\r\n"))
    assert mail.sender == "op@example.com"
    assert mail.recipients == [
        "李, 经理 <li@jd.com>",
        "bare@jd.com",
        "王 <w@jd.com>",
        "Team <team@example.com>",
        "hidden@example.com",
    ]


def test_draft_without_sender_or_recipients(tmp_path: Path) -> None:
    mail = _read(tmp_path, eml.simple("Subject: draft\nX-Unsent: 1", b"hello\r\n"))
    assert (mail.sender, mail.recipients, mail.text) == ("", [], "hello")


# ---------------------------------------------------------------------------------------------
# Bodies

BODIES = [
    ("no_charset_gbk_8bit", "Content-Type: text/plain\nContent-Transfer-Encoding: 8bit", "价格：199元".encode("gbk"), "价格：199元"),
    ("no_charset_utf8_8bit", "Content-Type: text/plain", "价格：199元".encode(), "价格：199元"),
    ("gb2312_label_gbk_bytes", "Content-Type: text/plain; charset=gb2312", "喆 199".encode("gbk"), "喆 199"),
    ("utf8_label_gbk_bytes", "Content-Type: text/plain; charset=utf-8", "价格 199".encode("gbk"), "价格 199"),
    ("unknown_charset", "Content-Type: text/plain; charset=x-mac-chinesesimp-nope", "价格 199".encode(), "价格 199"),
    ("quoted_charset", 'Content-Type: text/plain; charset="GB2312"', "价格".encode("gbk"), "价格"),
    ("base64_stray_characters", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", b"5Lu35qC8!!!IDE5OQ==\r\n", "价格 199"),
    # 13 data characters: the last one cannot be decoded, the rest can.
    ("base64_one_char_too_many", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", b"5Lu35qC8IDE5O@@\r\n", "价格 19"),
    ("unpadded_base64", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", b"5Lu35qC8IDE5OQ\r\n", "价格 199"),
    ("broken_qp", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable", b"=E4=BB=B7=E6=A0=BC =ZZ 199=\r\n", "价格 =ZZ 199"),
    ("unknown_cte", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: x-weird", "价格 199".encode(), "价格 199"),
    ("undecodable_bytes", "Content-Type: text/plain; charset=utf-8", b"\xff\xfe\x80 199", "\ufffd\ufffd\ufffd 199"),
    (
        "html_only",
        "Content-Type: text/html; charset=utf-8",
        (
            "<html><head><title>t</title><style>p{color:red}</style><script>var a='<p>x</p>';</script></head>"
            "<body><p>SKU&nbsp;100012043978</p><p>价格&#65306;&yen;199<br>第二行</p>"
            "<table><tr><td>SKU</td><td>价格</td></tr><tr><td>1</td><td>2</td></tr></table>"
            "<a href=\"https://item.jd.com/1.html?a=1&amp;b=2\">商品</a><map><area href='https://mall.jd.com/index-1.html'></map>"
            "<!-- <a href='https://commented.out/'>x</a> --><![if !supportLists]>1.<![endif]><![bogus x]>"
            "</body></html>"
        ).encode(),
        "SKU 100012043978\n价格：¥199\n第二行\nSKU\t价格\n1\t2\n商品 <https://item.jd.com/1.html?a=1&b=2>1.",
    ),
    ("html_unclosed_title", "Content-Type: text/html; charset=utf-8", b"<title>t<body><p>x</p></body>", "x"),
]


@pytest.mark.parametrize(
    ("headers", "body", "text"), [c[1:] for c in BODIES], ids=[c[0] for c in BODIES]
)
def test_body_decoding(tmp_path: Path, headers: str, body: bytes, text: str) -> None:
    mail = _read(tmp_path, eml.simple("From: a@b.cn\nSubject: x\nMIME-Version: 1.0\n" + headers, body))
    assert mail.text == text


def test_html_links_from_html_parts(tmp_path: Path) -> None:
    data = eml.simple(
        "From: a@b.cn\nSubject: x\nContent-Type: text/html; charset=utf-8",
        b"<a href=\"https://item.jd.com/1.html?a=1&amp;b=2\">x</a><A HREF='https://u.jd.com/x'>y</A>"
        b"<a name=top>no href</a><a href=''>empty</a><map><area href=https://mall.jd.com/index-1.html></map>",
    )
    assert _read(tmp_path, data).html_links == [
        "https://item.jd.com/1.html?a=1&b=2",
        "https://u.jd.com/x",
        "https://mall.jd.com/index-1.html",
    ]


def test_html_wins_over_plain_text(tmp_path: Path) -> None:
    # The recipient's client shows the HTML part; Outlook's plain part loses its tables.
    mail = _read(tmp_path, eml.outlook("x", plain="纯文本", html="<p>网页</p>"))
    assert mail.text == "网页"


def test_plain_text_when_the_html_shows_nothing(tmp_path: Path) -> None:
    mail = _read(tmp_path, eml.outlook("x", plain="纯文本", html="<p> </p><img src='cid:x'>"))
    assert mail.text == "纯文本"


# ---------------------------------------------------------------------------------------------
# Attachments

BOUNDARY = "==b=="


def _mixed(*parts: str) -> bytes:
    body = "".join(f"--{BOUNDARY}\n{part}\n" for part in parts) + f"--{BOUNDARY}--\n"
    text = f'From: a@b.cn\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="{BOUNDARY}"\n\n{body}'
    # UTF-8, not ASCII: some parts carry raw 8-bit header values on purpose.
    return text.replace("\n", "\r\n").encode("utf-8")


PNG_B64 = eml.b64_lines(PNG)

ATTACHMENTS = [
    (
        "rfc2047_gbk_in_quotes",
        f'Content-Type: image/png; name="{eml.b_word("截图.png", "GBK")}"\nContent-Transfer-Encoding: base64\n'
        f'Content-Disposition: attachment; filename="{eml.b_word("截图.png", "GBK")}"\n\n{PNG_B64}',
        Attachment("截图.png", "image/png", len(PNG), True, False, (2, 2)),
    ),
    (
        "rfc2047_gb2312_label_gbk_bytes",
        'Content-Type: image/jpeg\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment;\n\tfilename="=?gb2312?B?'
        + base64.b64encode("喆.jpg".encode("gbk")).decode()
        + f'?="\n\n{PNG_B64}',
        Attachment("喆.jpg", "image/jpeg", len(PNG), True, False, (2, 2)),
    ),
    (
        "rfc2231",
        f"Content-Type: image/png\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename*=utf-8''%E6%88%AA%E5%9B%BE.png\n\n{PNG_B64}",
        Attachment("截图.png", "image/png", len(PNG), True, False, (2, 2)),
    ),
    (
        "rfc2231_gbk_continuations",
        "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment;\n"
        "\tfilename*0*=gbk''%BD%D8;\n\tfilename*1*=%CD%BC.PNG\n\n" + PNG_B64,
        Attachment("截图.PNG", "application/octet-stream", len(PNG), True, False, (2, 2)),
    ),
    (
        "name_in_content_type_only",
        f'Content-Type: application/octet-stream; name="{eml.b_word("款式截图.jpeg", "utf-8")}"\nContent-Transfer-Encoding: base64\n\n{PNG_B64}',
        Attachment("款式截图.jpeg", "application/octet-stream", len(PNG), True, False, (2, 2)),
    ),
    (
        "raw_8bit_utf8_filename",
        'Content-Type: image/png\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="截图.png"\n\n' + PNG_B64,
        Attachment("截图.png", "image/png", len(PNG), True, False, (2, 2)),
    ),
    (
        "unnamed_image",
        f"Content-Type: image/gif\nContent-Transfer-Encoding: base64\n\n{PNG_B64}",
        Attachment(None, "image/gif", len(PNG), True, False, (2, 2)),
    ),
    (
        "inline_disposition",
        f'Content-Type: image/png\nContent-Transfer-Encoding: base64\nContent-Disposition: inline; filename="a.png"\n\n{PNG_B64}',
        Attachment("a.png", "image/png", len(PNG), True, True, (2, 2)),
    ),
    (
        "content_id_without_disposition",
        f"Content-Type: image/png\nContent-Transfer-Encoding: base64\nContent-ID: <image001.png@01DC5855>\n\n{PNG_B64}",
        Attachment(None, "image/png", len(PNG), True, True, (2, 2)),
    ),
    (
        "content_id_on_an_attachment",
        f'Content-Type: image/png\nContent-Transfer-Encoding: base64\nContent-ID: <x@y>\nContent-Disposition: attachment; filename="a.png"\n\n{PNG_B64}',
        Attachment("a.png", "image/png", len(PNG), True, False, (2, 2)),
    ),
    (
        "text_file_attachment",
        'Content-Type: text/plain; charset=utf-8; name="links.txt"\nContent-Disposition: attachment; filename="links.txt"\n\nhttps://item.jd.com/1.html',
        Attachment("links.txt", "text/plain", len(b"https://item.jd.com/1.html"), False, False),
    ),
    (
        "upper_case_extension_octet",
        'Content-Type: APPLICATION/OCTET-STREAM; name=SHOT.WEBP\nContent-Transfer-Encoding: base64\n\n' + PNG_B64,
        Attachment("SHOT.WEBP", "application/octet-stream", len(PNG), True, False, (2, 2)),
    ),
    (
        "broken_base64_attachment",
        'Content-Type: image/png; name="a.png"\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo!!!%%%AAAA\n',
        # 15 data characters: 11 bytes, a PNG signature cut short: a picture that does not open
        Attachment("a.png", "image/png", 11, True, False, None, "truncated", "PNG ends inside a chunk header (which starts at byte 8; the file ends at byte 11)"),
    ),
    (
        "garbage_content_type",
        'Content-Type: ;;;==="\nContent-Disposition: attachment; filename="a.png"\n\nxyz',
        None,
    ),
]


@pytest.mark.parametrize(
    ("part", "attachment"), [c[1:] for c in ATTACHMENTS], ids=[c[0] for c in ATTACHMENTS]
)
def test_attachments(tmp_path: Path, part: str, attachment: Attachment | None) -> None:
    mail = _read(tmp_path, _mixed("Content-Type: text/plain; charset=utf-8\n\nbody", part))
    assert mail.text == "body"
    [found] = mail.attachments
    if attachment is None:  # read leniently: only "no crash, one attachment" is promised
        assert found.size >= 0
    else:
        assert found == attachment


def test_raw_8bit_gbk_filename(tmp_path: Path) -> None:
    data = _mixed("Content-Type: text/plain; charset=utf-8\n\nbody", "Content-Disposition: attachment; filename=\"@@.png\"\n\nxyz")
    mail = _read(tmp_path, data.replace(b"@@", "截图喆".encode("gbk")))
    assert [a.filename for a in mail.attachments] == ["截图喆.png"]


def test_forwarded_mail_is_one_attachment(tmp_path: Path) -> None:
    inner = eml.many_parts(3).decode().replace("\r\n", "\n")
    data = _mixed(
        "Content-Type: text/plain; charset=utf-8\n\nsee attached",
        f'Content-Type: message/rfc822\nContent-Disposition: attachment; filename="fwd.eml"\n\n{inner}',
    )
    mail = _read(tmp_path, data)
    assert mail.text == "see attached"
    [forwarded] = mail.attachments
    assert (forwarded.filename, forwarded.content_type, forwarded.is_image) == ("fwd.eml", "message/rfc822", False)
    assert forwarded.size == 3 * 8  # three decoded "iVBORw0KGgo=" payloads


def test_multipart_without_its_boundary_is_not_a_crash(tmp_path: Path) -> None:
    data = eml.crlf('From: a@b.cn\nSubject: x\nContent-Type: multipart/mixed; boundary="nowhere"\n\nno parts here\n')
    mail = _read(tmp_path, data)
    assert (mail.subject, mail.attachments) == ("x", [])


# ---------------------------------------------------------------------------------------------
# Files that are not readable mails (E001)

# (id, bytes, the reason that picks E001's message, the start of the technical detail)
NOT_MAILS = [
    ("empty", b"", "empty", "empty"),
    ("blank", b"\r\n  \r\n", "empty", "empty"),
    ("random_bytes", random.Random(1234).randbytes(8192), "not_mail", "no mail headers"),
    ("html_saved_as_eml", "<html><body>团购提报</body></html>".encode(), "not_mail", "no mail headers"),
    ("outlook_msg_truncated", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000), "truncated", "1008 bytes"),
    ("outlook_msg_zeroed", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000), "corrupt", "OleFileError"),
    ("text_note", "团购价 199\n链接 https://item.jd.com/1.html\n".encode(), "not_mail", "no mail headers"),
    ("utf16_text", "From: a@b.cn\r\nSubject: x\r\n\r\nbody".encode("utf-16"), "not_mail", "no mail headers"),
]


@pytest.mark.parametrize(("data", "reason", "detail"), [c[1:] for c in NOT_MAILS], ids=[c[0] for c in NOT_MAILS])
def test_not_a_mail(tmp_path: Path, data: bytes, reason: str, detail: str) -> None:
    with pytest.raises(EmailReadError) as info:
        _read(tmp_path, data)
    assert (info.value.reason, info.value.detail.startswith(detail)) == (reason, True)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EmailReadError):
        read_email(tmp_path / "missing.eml")
    with pytest.raises(EmailReadError):
        read_email(tmp_path)


def test_too_large(tmp_path: Path) -> None:
    with pytest.raises(EmailReadError, match="limit 2,000") as info:
        _read(tmp_path, eml.qqmail("x", html="<p>x</p>", attachments=(eml.File("a.png", PNG * 50),)), max_bytes=2000)
    assert info.value.reason == "too_large"


def test_thousands_of_parts_are_refused_fast(tmp_path: Path) -> None:
    path = eml.write(tmp_path, "bomb.eml", eml.many_parts(3000))
    start = time.perf_counter()
    with pytest.raises(EmailReadError, match="too many parts"):
        read_email(path)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(("count", "ok"), [(499, True), (501, False)], ids=["under_limit", "over_limit"])
def test_part_limit(tmp_path: Path, count: int, ok: bool) -> None:
    path = eml.write(tmp_path, "parts.eml", eml.many_parts(count))
    if ok:
        assert len(read_email(path).attachments) == count
    else:
        with pytest.raises(EmailReadError, match="too many parts"):
            read_email(path)


def test_parts_hidden_from_the_prescan_are_still_counted(tmp_path: Path) -> None:
    # An RFC 2231 split boundary parameter escapes the fast count; the parser still uses it.
    data = eml.many_parts(50).replace(
        b'boundary="----=_Part_0_123456789.1763432000000"',
        b'boundary*0="----=_Part_0_"; boundary*1="123456789.1763432000000"',
    )
    assert len(_read(tmp_path, data).attachments) == 50
    with pytest.raises(EmailReadError, match="too many parts"):
        _read(tmp_path, data, max_parts=20)


@pytest.mark.parametrize("depth", [50, 2000], ids=["nested_50", "nested_2000"])
def test_deep_nesting(tmp_path: Path, depth: int) -> None:
    path = eml.write(tmp_path, "nested.eml", eml.nested(depth))
    if depth < 100:
        assert read_email(path).text == "bottom"
    else:
        with pytest.raises(EmailReadError):
            read_email(path, max_parts=100_000)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_any_bytes_give_an_email_or_a_read_error(tmp_path: Path, data: bytes) -> None:
    try:
        mail = _read(tmp_path, b"From: a@b.cn\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + data)
    except EmailReadError:
        return
    assert isinstance(mail, Email)


# ---------------------------------------------------------------------------------------------
# HTML bodies as shown: lines, blank lines, table rows

RENDERED = [
    ("outlook_paragraphs", "<p class=MsoNormal>a<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>b</p>", "a\n\nb"),
    ("qq_div_br", "<div>a</div><div><br></div><div>b</div>", "a\n\nb"),
    ("foxmail_div_span", "<div><span>a</span></div><div><span><br></span></div><div><span>b</span></div>", "a\n\nb"),
    ("br_ends_a_line_not_a_block", "<div>a<br></div><div>b</div>", "a\nb"),
    ("several_blank_lines_are_one", "<p>a</p><p>&nbsp;</p><p>&nbsp;</p><div><br></div><p>b</p>", "a\n\nb"),
    ("source_line_breaks_are_not_lines", "<p>\r\n</p>\r\n<p>a\r\nb</p>\r\n", "a b"),
    ("cell_paragraphs_stay_in_the_row", "<table><tr><td><p>SKU</p></td><td><p>价格</p></td></tr>"
     "<tr><td><div><p>1</p></div></td><td><p>2</p><p>元</p></td></tr></table>", "SKU\t价格\n1\t2 元"),
    ("empty_cell_keeps_its_column", "<table><tr><td>a</td><td></td><td>c</td></tr><tr><td>&nbsp;</td><td>b</td><td></td></tr></table>",
     "a\t\tc\n\tb"),
    ("colspan_counts", "<table><tr><td colspan=2>ab</td><td>c</td></tr><tr><td>a</td><td>b</td><td>c</td></tr></table>",
     "ab\t\tc\na\tb\tc"),
    ("unclosed_cells_and_rows", "<table><tr><td>a<td>b<tr><td>c<td>d</table>after", "a\tb\nc\td\nafter"),
    ("layout_table_around_the_items", "<table><tr><td>hello<table><tr><td>SKU</td><td>价格</td></tr>"
     "<tr><td>1</td><td>2</td></tr></table>bye</td></tr></table>", "hello\nSKU\t价格\n1\t2\nbye"),
    ("empty_rows_vanish", "<table><tr><td></td><td> </td></tr><tr><td>x</td></tr></table>", "x"),
    # A link whose text is not its address: the address follows in <>, in its own cell or line.
    ("link_text_then_its_address_in_the_cell", "<table><tr><td>1</td><td><a href='https://item.jd.com/1.html'>点击查看</a></td>"
     "<td>2</td></tr></table>", "1\t点击查看 <https://item.jd.com/1.html>\t2"),
    ("link_text_then_its_address_in_a_line", "<div>链接：<a href=https://item.jd.com/1.html><span>商品</span>链接</a>。</div>",
     "链接：商品链接 <https://item.jd.com/1.html>。"),
    ("link_showing_its_address_is_not_repeated", "<div><a href='https://item.jd.com/1.html'>https://item.jd.com/1.html</a></div>",
     "https://item.jd.com/1.html"),
    ("link_showing_another_address_is_kept_as_shown", "<div><a href='https://item.jd.com/2.html'> www.jd.com</a></div>",
     "www.jd.com"),
    ("mail_and_anchor_links_add_nothing", "<div><a href='mailto:a@b.cn'>联系我</a><a href='#top'>顶部</a></div>", "联系我顶部"),
    ("picture_link_adds_nothing", "<div><a href='https://item.jd.com/1.html'><img src='cid:x'></a>图</div>", "图"),
    ("unclosed_link", "<div>x <a href='https://item.jd.com/1.html'>看", "x 看 <https://item.jd.com/1.html>"),
]


@pytest.mark.parametrize(("html", "text"), [c[1:] for c in RENDERED], ids=[c[0] for c in RENDERED])
def test_html_rendering(html: str, text: str) -> None:
    from jdcheck.mailtext import html_to_text

    assert html_to_text(html)[0] == text


TAG_SOUP = st.lists(st.sampled_from([
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=3>", "<td colspan=x>", "<p class=MsoNormal>",
    "</p>", "<div>", "</div>", "<br>", "<o:p>", "</o:p>", "&nbsp;", "<![if !supportLists]>", "<![endif]>", "<!--", "-->",
    "<style>", "</style>", "<title>", "<body>", "<a href='https://item.jd.com/1.html'>", "</a>", "SKU", "价格", "199",
    "\t", "\n", " ", "<", ">", "&", "<span lang=EN-US>", "</span>",
]), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(TAG_SOUP)
def test_html_rendering_never_fails(html: str) -> None:
    from jdcheck.mailtext import html_to_text

    text, links = html_to_text(html)
    assert "\n\n\n" not in text and text == text.strip("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))


# ---------------------------------------------------------------------------------------------
# E001's message is in the report's language throughout: the reader's reason picks the variant,
# its detail is a phrase the catalogues translate (newcomer reports: English inside Chinese).

def _unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = eml.write(tmp_path, "提报.eml", b"From: a@b.cn\r\n\r\nx")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    return path


# (id, the file, read_email's options, E001 in zh, in en)
E001_MESSAGES = [
    ("permission-denied", _unreadable, {}, "邮件文件无法读取（没有权限）。", "The email file cannot be read (Permission denied)."),
    ("too-large", lambda t, m: eml.write(t, "提报.eml", b"From: a@b.cn\r\n\r\n" + b"x" * 3000), {"max_bytes": 2000},
     "邮件文件过大，未读取（3,016 字节，上限 2,000 字节）。",
     "The email file is too large and was not read (3,016 bytes, limit 2,000)."),
    ("too-many-parts", lambda t, m: eml.write(t, "提报.eml", eml.many_parts(30)), {"max_parts": 20},
     "邮件的 MIME 部分过多，未读取（超过 20 个部分）：可能是邮件炸弹或生成邮件的程序出错。",
     "The email was not read: too many parts (more than 20) (a mail bomb, or a program that wrote it gone wrong)."),
    ("msg-too-short", lambda t, m: eml.write(t, "提报.eml", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)), {},
     "Outlook 邮件（.msg）不完整，复制或保存时中断了（只有 1008 字节，而 OLE 文件至少有 1536 字节）。",
     "The Outlook mail (.msg) is incomplete: copying or saving was cut short (1008 bytes, an OLE file has at least 1536)."),
]


@pytest.mark.parametrize(("make", "options", "zh", "en"), [c[1:] for c in E001_MESSAGES], ids=[c[0] for c in E001_MESSAGES])
def test_E001_message_is_in_the_reports_language(tmp_path, monkeypatch, make, options, zh, en):
    from jdcheck.messages import render

    with pytest.raises(EmailReadError) as info:
        read_email(make(tmp_path, monkeypatch), **options)
    fields = {"detail": info.value.detail}
    assert (render("E001", info.value.reason, fields, "zh")[0], render("E001", info.value.reason, fields, "en")[0]) == (zh, en)
