"""htmlpage.py: links of shop decoration pages (SPEC H001/H002)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdcheck.htmlpage import Anchor, HtmlReadError, read_html_anchors

DECORATION = """<!DOCTYPE html>
<html>
<head><meta charset="{charset}"><title>店铺装修 喆</title></head>
<body>
<a href="https://item.jd.com/100012043978.html" target="_blank">红蜻蜓 女鞋 喆</a>
<a href="https://item.jd.com/100012043979.html">没有 target</a>
<A HREF='https://mall.jd.com/index-1000001.html' TARGET='_BLANK'>店铺首页</A>
<a href=https://item.jd.com/100012043980.html target=_self><img src="main.jpg" alt="主图"></a>
<map name="hot"><AREA shape="rect" coords="0,0,10,10" href="https://item.jd.com/100012043981.html" alt="热区" target="_blank"></map>
<a name="top">no href, not a link</a>
<a href="javascript:void(0)">js</a>
<a
   href="https://item.m.jd.com/ware/view.action?wareId=100012043982&amp;from=share"
   target="_blank">  多行
   标签  </a>
<script>document.write('<a href="https://evil.cn/">x</a>');</script>
<!-- <a href="https://commented.out/">x</a> -->
</body>
</html>
"""

EXPECTED = [
    Anchor("https://item.jd.com/100012043978.html", "_blank", 5, "红蜻蜓 女鞋 喆"),
    Anchor("https://item.jd.com/100012043979.html", None, 6, "没有 target"),
    Anchor("https://mall.jd.com/index-1000001.html", "_BLANK", 7, "店铺首页"),
    Anchor("https://item.jd.com/100012043980.html", "_self", 8, "主图"),
    Anchor("https://item.jd.com/100012043981.html", "_blank", 9, "热区"),
    Anchor("javascript:void(0)", None, 11, "js"),
    Anchor("https://item.m.jd.com/ware/view.action?wareId=100012043982&from=share", "_blank", 12, "多行 标签"),
]


@pytest.mark.parametrize(
    ("charset", "encoding", "newline"),
    [
        ("utf-8", "utf-8", "\n"),
        ("UTF-8", "utf-8", "\r\n"),
        ("gbk", "gbk", "\r\n"),
        ("GB2312", "gbk", "\n"),  # declared GB2312, written with a GBK-only character (喆)
        ("gb18030", "gb18030", "\n"),
        ("utf-8", "gbk", "\n"),  # the declaration lies: bytes are GBK
        ("x-unknown", "utf-8", "\n"),
    ],
    ids=["utf8", "utf8_crlf", "gbk_meta", "gb2312_meta_gbk_bytes", "gb18030_meta", "lying_meta", "unknown_meta"],
)
def test_decoration_page(tmp_path: Path, charset: str, encoding: str, newline: str) -> None:
    path = tmp_path / "装修.html"
    path.write_bytes(DECORATION.format(charset=charset).replace("\n", newline).encode(encoding))
    assert read_html_anchors(path) == EXPECTED


HTTP_EQUIV = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    '<body><a href="https://item.jd.com/1.html">喆</a></body></html>'
)

ENCODINGS = [
    ("http_equiv_gb2312", HTTP_EQUIV.encode("gbk")),
    ("no_meta_utf8", HTTP_EQUIV.replace("charset=gb2312", "").encode("utf-8")),
    ("no_meta_gbk", HTTP_EQUIV.replace("charset=gb2312", "").encode("gbk")),
    ("utf8_bom", b"\xef\xbb\xbf" + HTTP_EQUIV.encode("utf-8")),  # the BOM wins over the meta
    ("utf16_le_bom", HTTP_EQUIV.encode("utf-16")),
    ("utf16_be_bom", b"\xfe\xff" + HTTP_EQUIV.encode("utf-16-be")),
]


@pytest.mark.parametrize("data", [c[1] for c in ENCODINGS], ids=[c[0] for c in ENCODINGS])
def test_encodings(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(data)
    assert read_html_anchors(path) == [Anchor("https://item.jd.com/1.html", None, 1, "喆")]


PAGES = [
    (
        "base_target_applies_to_links_without_target",
        '<base target="_blank"><a href="a">1</a><a href="b" target="_self">2</a>',
        [("a", "_blank"), ("b", "_self")],
    ),
    ("valueless_target", '<a href="a" target>1</a>', [("a", "")]),
    ("target_spaces_trimmed", '<a href="a" target=" _blank ">1</a>', [("a", "_blank")]),
    ("href_spaces_trimmed", '<a href="  https://item.jd.com/1.html\n">1</a>', [("https://item.jd.com/1.html", None)]),
    ("empty_href_is_a_link", '<a href="">1</a>', [("", None)]),
    ("duplicate_attribute_first_wins", '<a href="a" href="b" target="_blank" target="_self">1</a>', [("a", "_blank")]),
    ("unclosed_anchor_closed_by_next", '<a href="a">1<a href="b">2', [("a", None), ("b", None)]),
    ("self_closing_anchor", '<a href="a"/>', [("a", None)]),
    ("no_links", "<p>没有链接</p>", []),
    ("word_marked_sections", '<![if !supportLists]><a href="a">1</a><![endif]><![bogus x]><a href="b">2</a>', [("a", None), ("b", None)]),
    ("unterminated_marked_section", '<a href="a">1</a><![ x', [("a", None)]),
    ("style_is_not_parsed", '<style>a[href="x"]{}</style><a href="a">1</a>', [("a", None)]),
    ("textarea_text", '<textarea><a href="a">1</a></textarea>', [("a", None)]),
    ("broken_markup", '<div <a href="a">1</a><a href="b" target=_blank>2<a href="c"', [("b", "_blank")]),
]


@pytest.mark.parametrize(("html", "links"), [c[1:] for c in PAGES], ids=[c[0] for c in PAGES])
def test_page_details(tmp_path: Path, html: str, links: list[tuple[str, str | None]]) -> None:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    assert [(a.href, a.target) for a in read_html_anchors(path)] == links


def test_text_of_image_links_and_areas(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<a href="a"><img alt="主图"><img alt="第二张"></a>'
        '<a href="b"><img alt="图">文字</a>'
        '<area href="c">'
        '<a href="d">  &nbsp;多　个  空格&amp;符号 </a>',
        encoding="utf-8",
    )
    assert [a.text for a in read_html_anchors(path)] == ["主图", "文字", "", "多 个 空格&符号"]


UNREADABLE = [
    ("empty", b""),
    ("blank", b"  \r\n\t "),
    ("utf8_bom_only", b"\xef\xbb\xbf"),
    ("nul_bytes", b"<html>\x00\x00\x00\x00</html>"),
    ("undecodable", b"<html>\xff\xff\xff\x81\x30</html>"),
    ("png_named_html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
]


@pytest.mark.parametrize("data", [c[1] for c in UNREADABLE], ids=[c[0] for c in UNREADABLE])
def test_unreadable(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    with pytest.raises(HtmlReadError) as info:
        read_html_anchors(path)
    assert info.value.detail


def test_missing_file_directory_and_size_limit(tmp_path: Path) -> None:
    with pytest.raises(HtmlReadError):
        read_html_anchors(tmp_path / "missing.html")
    with pytest.raises(HtmlReadError):
        read_html_anchors(tmp_path)
    path = tmp_path / "big.html"
    path.write_text('<a href="a">1</a>' * 100, encoding="utf-8")
    with pytest.raises(HtmlReadError, match="too large"):
        read_html_anchors(path, max_bytes=100)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["<a href='x'>", "</a>", "<![", "<!--", "-->", "<area href=y>", "<base target=_blank>",
                         "<script>", "</script>", "<", ">", "]>", "\n", "文字", "'", '"', "&", "=", " ", "<![if x]>"]),
        max_size=40,
    )
)
def test_any_markup_gives_anchors_or_a_read_error(tmp_path: Path, pieces: list[str]) -> None:
    path = tmp_path / "fuzz.html"
    path.write_text("".join(pieces), encoding="utf-8")
    try:
        anchors = read_html_anchors(path)
    except HtmlReadError:
        return
    assert all(isinstance(a, Anchor) and a.line >= 1 for a in anchors)


# ── read_page: single-file pages, the page's own address ────────────────────────────────────

from jdcheck.htmlpage import read_page  # noqa: E402
from tests.page_builders import BOUNDARY, chrome_mhtml  # noqa: E402

LINKS = '<a href="/view_search-1-2-3-0-0-0-0-1-1-60.html">搜</a>\n<a href="//item.jd.com/1.html">靴 喆</a>\n<a href="#top">顶</a>'


@pytest.mark.parametrize(("name", "data", "location", "container"), [
    ("chrome.mhtml", chrome_mhtml(LINKS, "https://mall.jd.com/index-1.html"), "https://mall.jd.com/index-1.html", "mhtml"),
    ("old_chrome.mhtml", chrome_mhtml(LINKS, "https://mall.jd.com/index-1.html", x_headers=False), "https://mall.jd.com/index-1.html", "mhtml"),
    ("lf_only.mhtml", chrome_mhtml(LINKS, "https://mall.jd.com/index-1.html").replace(b"\r\n", b"\n"), "https://mall.jd.com/index-1.html", "mhtml"),
    ("renamed.html", chrome_mhtml(LINKS, "https://mall.jd.com/index-1.html"), "https://mall.jd.com/index-1.html", "mhtml"),
    ("ie_gbk.mht", chrome_mhtml(LINKS, "https://mall.jd.com/index-1.html", charset="gb2312", encoding="gbk"), "https://mall.jd.com/index-1.html", "mhtml"),
    ("html_named.mht", LINKS.encode("utf-8"), None, "html"),
    ("saved_from.html", ("<!-- saved from url=(0032)https://mall.jd.com/index-1.html -->\n" + LINKS).encode(), "https://mall.jd.com/index-1.html", "html"),
    ("base_href.html", ('<base href="https://mall.jd.com/">' + LINKS).encode(), "https://mall.jd.com/", "html"),
    ("file_base_ignored.html", ('<base href="file:///C:/x/">' + LINKS).encode(), None, "html"),
])
def test_read_page_single_file_and_address(tmp_path, name, data, location, container):
    path = tmp_path / name
    path.write_bytes(data)
    page = read_page(path)
    assert (page.location, page.container) == (location, container)
    assert [a.text for a in page.anchors] == ["搜", "靴 喆", "顶"]
    urls = [a.url for a in page.links_away()]
    if location:
        assert urls[0].startswith("https://mall.jd.com/view_search-1-2-3") and urls[1] == "https://item.jd.com/1.html"
    else:
        assert urls == ["/view_search-1-2-3-0-0-0-0-1-1-60.html", "//item.jd.com/1.html"]


def test_mhtml_page_part_is_the_snapshot_not_a_frame(tmp_path):
    frame = '<a href="https://frame.example/">frame</a>'
    data = chrome_mhtml(LINKS, "https://mall.jd.com/index-1.html", frames=[("cid:frame-1", frame)])
    # the frame first: still the part at the snapshot's address is the page
    separator = b"--" + BOUNDARY.encode()
    first, page_part, frame_part, *rest = data.split(separator)
    path = tmp_path / "frames.mhtml"
    path.write_bytes(separator.join([first, frame_part, page_part, *rest]))
    assert [a.text for a in read_page(path).anchors] == ["搜", "靴 喆", "顶"]


@pytest.mark.parametrize(("name", "data"), [
    ("no_html_part.mhtml", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n"),
    ("zip.mhtml", b"PK\x03\x04\x14\x00"),
    ("empty_page.mhtml", b"MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n"),
])
def test_unreadable_single_file_pages(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(HtmlReadError):
        read_page(path)


def test_ie_style_mht_takes_the_address_of_its_page_part(tmp_path):
    """Internet Explorer and the old Edge write no Snapshot header: the page part's
    Content-Location is the page's address; its charset is in the part's Content-Type."""
    import quopri

    body = quopri.encodestring(('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
                                "<body>\r\n" + LINKS.replace("\n", "\r\n") + "</body></html>").encode("gbk"))
    data = (b'From: <Saved by Windows Internet Explorer 11>\r\nSubject: =?gb2312?B?tefG9w==?=\r\n'
            b'Date: Fri, 27 Nov 2026 10:30:15 +0800\r\nMIME-Version: 1.0\r\n'
            b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----=_NextPart_000_0000_01DB4047.6D2C5E40"\r\n'
            b'X-MimeOLE: Produced By Microsoft MimeOLE\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n'
            b'------=_NextPart_000_0000_01DB4047.6D2C5E40\r\nContent-Type: text/html;\r\n\tcharset="gb2312"\r\n'
            b'Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://mall.jd.com/index-1.html\r\n\r\n'
            + body + b'\r\n------=_NextPart_000_0000_01DB4047.6D2C5E40--\r\n')
    path = tmp_path / "店铺.mht"
    path.write_bytes(data)
    page = read_page(path)
    assert page.location == "https://mall.jd.com/index-1.html" and page.container == "mhtml"
    assert [a.text for a in page.anchors] == ["搜", "靴 喆", "顶"] and page.anchors[1].line == 3


def test_pictures_before_the_page_are_skipped_not_lost(tmp_path):
    """Only the HTML parts reach the email parser (a saved shop page is mostly base64 pictures);
    the page is found wherever it sits, and a folded, upper-case Content-Type still counts."""
    separator = b"--" + BOUNDARY.encode()
    data = chrome_mhtml(LINKS, "https://mall.jd.com/index-1.html", frames=[("cid:frame-1", "<p>frame</p>")])
    first, page_part, frame_part, picture, closing = data.split(separator)
    page_part = page_part.replace(b"Content-Type: text/html\r\n", b"Content-Type:\r\n TEXT/HTML\r\n")
    path = tmp_path / "pictures_first.mhtml"
    path.write_bytes(separator.join([first, picture, picture, frame_part, page_part, closing]))
    assert [a.text for a in read_page(path).anchors] == ["搜", "靴 喆", "顶"]
