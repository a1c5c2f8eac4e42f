"""links.py: classifying links (SPEC L001–L006), links.txt and Windows .url shortcuts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdcheck.links import (
    Link,
    LinkFileError,
    classify_link,
    read_links_txt,
    read_url_shortcut,
)

SKU = "100012043978"

# ---------------------------------------------------------------------------------------------
# classify_link

PRODUCT = [
    ("item_pc", f"https://item.jd.com/{SKU}.html", SKU),
    ("item_pc_http", f"http://item.jd.com/{SKU}.html", SKU),
    ("item_pc_none_fragment", f"https://item.jd.com/{SKU}.html#none", SKU),
    ("item_pc_query", f"https://item.jd.com/{SKU}.html?spm=1.2.3&pvid=abc#comment", SKU),
    ("item_pc_host_upper", f"https://ITEM.JD.COM/{SKU}.html", SKU),
    ("item_pc_all_upper", f"HTTPS://ITEM.JD.COM/{SKU}.HTML#NONE", SKU),
    ("item_pc_trailing_spaces", f"https://item.jd.com/{SKU}.html   ", SKU),
    ("item_pc_fullwidth_spaces", f"\u3000https://item.jd.com/{SKU}.html\u3000\u3000", SKU),
    ("item_pc_tab_newline", f"\thttps://item.jd.com/{SKU}.html\r\n", SKU),
    ("item_pc_zero_width_bom", f"\ufeffhttps://item.jd.com/{SKU}.html\u200b", SKU),
    ("item_pc_bidi_marks", f"\u200ehttps://item.jd.com/{SKU}.html\u200f\u202c", SKU),  # pasted from a PDF or chat
    ("item_pc_no_scheme", f"item.jd.com/{SKU}.html", SKU),
    ("item_pc_protocol_relative", f"//item.jd.com/{SKU}.html", SKU),
    ("item_pc_port", f"https://item.jd.com:443/{SKU}.html", SKU),
    ("item_pc_trailing_dot_host", f"https://item.jd.com./{SKU}.html", SKU),
    ("item_pc_six_digits", "https://item.jd.com/123456.html", "123456"),
    ("item_m_product", f"https://item.m.jd.com/product/{SKU}.html", SKU),
    ("item_m_product_query", f"https://item.m.jd.com/product/{SKU}.html?sid=ab&_fd=jdm#none", SKU),
    ("m_product", f"http://m.jd.com/product/{SKU}.html", SKU),
    ("m_product_no_scheme", f"m.jd.com/product/{SKU}.html?from=share", SKU),
    ("ware_view", f"https://item.m.jd.com/ware/view.action?wareId={SKU}", SKU),
    ("ware_view_params", f"https://item.m.jd.com/ware/view.action?sid=x&wareId={SKU}&from=share#none", SKU),
    ("ware_view_http", f"http://item.m.jd.com/ware/view.action?wareId={SKU}", SKU),
    ("wqitem", f"https://wqitem.jd.com/item/view?sku={SKU}", SKU),
    ("wqitem_params", f"https://wqitem.jd.com/item/view?sku={SKU}&price=199&fromsource=wx#none", SKU),
    ("jd_hk", "https://item.jd.hk/5001234567.html", "5001234567"),
    ("jd_hk_query", "http://item.jd.hk/5001234567.html?cu=true#none", "5001234567"),
    ("npcitem_hk", "https://npcitem.jd.hk/5001234567.html", "5001234567"),
    ("re_cps", f"https://re.jd.com/cps/item/{SKU}.html", SKU),
    ("re_cps_query", f"https://re.jd.com/cps/item/{SKU}.html?cu=true&utm_source=kong", SKU),
]


@pytest.mark.parametrize(("text", "sku"), [c[1:] for c in PRODUCT], ids=[c[0] for c in PRODUCT])
def test_product_links_give_their_sku(text: str, sku: str) -> None:
    link = classify_link(text)
    assert (link.kind, link.sku, link.shop) == ("product", sku, None)
    assert link.raw == text


SHOP = [
    ("mall_index", "https://mall.jd.com/index-1000001.html", "mall:1000001"),
    ("mall_index_http_query", "http://mall.jd.com/index-1000001.html?from=pc#none", "mall:1000001"),
    ("mall_index_no_scheme", "mall.jd.com/index-1000001.html", "mall:1000001"),
    ("mall_index_upper_host", "https://MALL.JD.COM/index-1000001.html", "mall:1000001"),
    ("shop_m_shopid", "https://shop.m.jd.com/?shopId=1000001", "mall:1000001"),
    ("shop_m_shopid_no_slash", "https://shop.m.jd.com?shopId=1000001", "mall:1000001"),
    ("shop_m_home", "https://shop.m.jd.com/shop/home?shopId=1000001&source=share", "mall:1000001"),
    ("shop_m_no_scheme", "shop.m.jd.com/?shopId=1000001", "mall:1000001"),
    ("subdomain", "https://redqingting.jd.com/", "sub:redqingting"),
    ("subdomain_bare", "redqingting.jd.com", "sub:redqingting"),
    ("subdomain_upper_page", "http://RedQingTing.jd.com/view_search-123-0-5-1-24-1.html", "sub:redqingting"),
    ("subdomain_digits_hyphen", "https://li-ning2024.jd.com", "sub:li-ning2024"),
]


@pytest.mark.parametrize(("text", "shop"), [c[1:] for c in SHOP], ids=[c[0] for c in SHOP])
def test_shop_links_give_a_stable_shop_key(text: str, shop: str) -> None:
    link = classify_link(text)
    assert (link.kind, link.shop, link.sku) == ("shop", shop, None)


def test_pc_and_mobile_links_of_one_shop_share_the_key() -> None:
    pc = classify_link("https://mall.jd.com/index-1000001.html")
    mobile = classify_link("https://shop.m.jd.com/shop/home?shopId=1000001")
    other = classify_link("https://mall.jd.com/index-1000002.html")
    assert pc.shop == mobile.shop != other.shop


KINDS = [
    # The merchant back office is not a storefront (L003).
    ("backoffice_root", "https://shop.jd.com/", "backoffice"),
    ("backoffice_bare", "shop.jd.com", "backoffice"),
    ("backoffice_page", "https://shop.jd.com/jdm/shop/decorate?id=1", "backoffice"),
    ("backoffice_sub", "https://ware.shop.jd.com/onSaleWare/onSaleWare_newDoSearch.action", "backoffice"),
    # Short and tracking links (L006).
    ("short_u", "https://u.jd.com/AbCdEf", "short"),
    ("short_u_no_scheme", "u.jd.com/AbCdEf", "short"),
    ("short_3cn", "https://3.cn/10-abcdEF", "short"),
    ("short_3cn_no_scheme", "3.cn/1x2y3z", "short"),
    ("short_union_click", "https://union-click.jd.com/jdc?e=&p=AyIGZRhbHQsWAVIaXxEyEgZU", "short"),
    # JD pages that are neither an item nor a shop.
    ("jd_home", "https://www.jd.com/", "jd_other"),
    ("jd_apex", "https://jd.com/", "jd_other"),
    ("jd_search", "https://search.jd.com/Search?keyword=%E7%BA%A2%E8%9C%BB%E8%9C%93", "jd_other"),
    ("jd_list", "https://list.jd.com/list.html?cat=1315,1343,9719", "jd_other"),
    ("jd_passport", "https://passport.jd.com/new/login.aspx", "jd_other"),
    ("jd_cart", "https://cart.jd.com/cart_index", "jd_other"),
    ("jd_order", "https://order.jd.com/center/list.action", "jd_other"),
    ("jd_help", "https://help.jd.com/user/issue.html", "jd_other"),
    ("jd_mall_root", "https://mall.jd.com/", "jd_other"),
    ("jd_mall_other_page", "https://mall.jd.com/view_search-123.html", "jd_other"),
    ("jd_shop_m_vender_id", "https://shop.m.jd.com/?venderId=1000001", "jd_other"),
    ("jd_shop_m_no_id", "https://shop.m.jd.com/", "jd_other"),
    ("jd_activity", "https://pro.jd.com/mall/active/3ZyUx/index.html", "jd_other"),
    ("jd_image_cdn", "https://img14.360buyimg.com/n1/jfs/t1/1/1/1/1/a.jpg", "jd_other"),
    ("jd_deep_subdomain", "https://a.b.jd.com/", "jd_other"),
    ("jd_item_root", "https://item.jd.com/", "jd_other"),
    ("jd_item_letters", f"https://item.jd.com/{SKU}abc.html", "jd_other"),
    ("jd_item_wrong_form", f"https://item.jd.com/product/{SKU}.html", "jd_other"),
    ("jd_item_m_pc_form", f"https://item.m.jd.com/{SKU}.html", "jd_other"),
    ("jd_ware_view_empty", "https://item.m.jd.com/ware/view.action?wareId=", "jd_other"),
    ("jd_ware_view_letters", "https://item.m.jd.com/ware/view.action?wareId=10001abc", "jd_other"),
    ("jd_wqitem_no_sku", "https://wqitem.jd.com/item/view?price=1", "jd_other"),
    ("jd_fullwidth_sku", "https://item.jd.com/１０００１２０４３９７８.html", "jd_other"),
    ("jd_sku_encoded_space", f"https://item.m.jd.com/ware/view.action?wareId=%20{SKU}", "jd_other"),
    ("jd_sku_encoded_newline", f"https://wqitem.jd.com/item/view?sku={SKU}%0A", "jd_other"),
    ("jd_item_html_suffix_junk", f"https://item.jd.com/{SKU}.html.bak", "jd_other"),
    ("jd_re_other", "https://re.jd.com/search?keyword=x", "jd_other"),
    ("jd_hk_home", "https://www.jd.hk/", "jd_other"),
    # Look-alikes: whatever the text says, the browser opens a non-JD host.
    ("lookalike_suffix", f"https://item.jd.com.evil.cn/{SKU}.html", "other"),
    ("lookalike_userinfo", f"https://jd.com@evil.cn/{SKU}.html", "other"),
    ("lookalike_userinfo_item", f"https://item.jd.com@evil.cn/{SKU}.html", "other"),
    ("lookalike_userinfo_no_scheme", f"item.jd.com@evil.cn/{SKU}.html", "other"),
    ("lookalike_backslash", f"https://evil.cn\\@item.jd.com/{SKU}.html", "other"),
    ("lookalike_hyphen", f"https://evil-jd.com/{SKU}.html", "other"),
    ("lookalike_hyphen_bare", "evil-jd.com", "other"),
    ("lookalike_glued", f"https://itemjd.com/{SKU}.html", "other"),
    ("lookalike_xjd", f"https://item.xjd.com/{SKU}.html", "other"),
    ("lookalike_tld", f"https://item.jd.co/{SKU}.html", "other"),
    ("lookalike_shop_suffix", "https://mall.jd.com.evil.cn/index-1000001.html", "other"),
    ("lookalike_in_path", f"https://evil.cn/item.jd.com/{SKU}.html", "other"),
    ("lookalike_in_query", f"https://evil.cn/?u=https://item.jd.com/{SKU}.html", "other"),
    ("other_tmall", "https://detail.tmall.com/item.htm?id=123456", "other"),
    ("other_taobao_bare", "www.taobao.com", "other"),
    ("other_ftp_scheme", f"ftp://item.jd.com/{SKU}.html", "other"),
    ("other_ip", "http://127.0.0.1:8080/item", "other"),
    ("other_idn", "https://京东.com/", "other"),
    # Not a URL at all (L001).
    ("invalid_empty", "", "invalid"),
    ("invalid_blank", " \u3000 ", "invalid"),
    ("invalid_see_attachment", "见附件", "invalid"),
    ("invalid_none_given", "无", "invalid"),
    ("invalid_na", "N/A", "invalid"),
    ("invalid_bare_sku", SKU, "invalid"),
    ("invalid_decimal", "199.00", "invalid"),
    ("invalid_word", "item", "invalid"),
    ("invalid_space_inside", f"https://item.jd.com/{SKU}.html 团购", "invalid"),
    ("invalid_space_label", f"商品链接 https://item.jd.com/{SKU}.html", "invalid"),
    ("invalid_javascript", "javascript:void(0)", "invalid"),
    ("invalid_mailto", "mailto:manager@jd.com", "invalid"),
    ("invalid_scheme_only", "https://", "invalid"),
    ("invalid_no_host", f"http:///{SKU}.html", "invalid"),
    ("invalid_bad_port", f"https://item.jd.com:abc/{SKU}.html", "invalid"),
    ("invalid_port_range", f"https://item.jd.com:99999/{SKU}.html", "invalid"),
    ("invalid_localhost", "http://localhost/", "invalid"),
    ("invalid_fullwidth_dot", f"https://item.jd。com/{SKU}.html", "invalid"),
    ("invalid_fullwidth_letters", f"ｉｔｅｍ.jd.com/{SKU}.html", "invalid"),
    ("invalid_underscore_host", "https://my_shop.jd.com/", "invalid"),
]


@pytest.mark.parametrize(("text", "kind"), [c[1:] for c in KINDS], ids=[c[0] for c in KINDS])
def test_link_kind(text: str, kind: str) -> None:
    link = classify_link(text)
    assert link.kind == kind
    assert link.sku is None and link.shop is None
    assert (link.host is None) == (kind == "invalid")


URLS = [
    ("scheme_added", f"item.jd.com/{SKU}.html", f"https://item.jd.com/{SKU}.html"),
    ("protocol_relative", f"//item.jd.com/{SKU}.html", f"https://item.jd.com/{SKU}.html"),
    ("trimmed", f"\u3000 http://item.jd.com/{SKU}.html#none \t", f"http://item.jd.com/{SKU}.html#none"),
    ("case_kept", f"HTTPS://ITEM.JD.COM/{SKU}.html", f"HTTPS://ITEM.JD.COM/{SKU}.html"),
    ("invalid_trimmed", " 见附件 ", "见附件"),
]


@pytest.mark.parametrize(("text", "url"), [c[1:] for c in URLS], ids=[c[0] for c in URLS])
def test_url_is_trimmed_and_gets_a_scheme(text: str, url: str) -> None:
    assert classify_link(text).url == url


@pytest.mark.parametrize(
    ("text", "host"),
    [
        (f"HTTPS://ITEM.JD.COM/{SKU}.html", "item.jd.com"),
        (f"https://item.jd.com./{SKU}.html", "item.jd.com"),
        (f"https://jd.com@evil.cn/{SKU}.html", "evil.cn"),
        ("u.jd.com/x", "u.jd.com"),
    ],
    ids=["lowercased", "trailing_dot", "userinfo_dropped", "no_scheme"],
)
def test_host_is_the_host_the_browser_opens(text: str, host: str) -> None:
    assert classify_link(text).host == host


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_classify_link_never_raises(text: str) -> None:
    link = classify_link(text)
    assert isinstance(link, Link)
    assert link.kind in {"product", "shop", "short", "backoffice", "jd_other", "other", "invalid"}
    assert link.sku is None or (link.sku.isascii() and link.sku.isdigit())


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"(https?://)?[a-z0-9.@:\\/-]{1,30}(/[0-9]{1,14}\.html)?", fullmatch=True))
def test_only_jd_hosts_give_products_and_shops(text: str) -> None:
    link = classify_link(text)
    if link.kind in ("product", "shop", "short", "backoffice", "jd_other"):
        assert link.host is not None
        assert link.host in ("3.cn", "www.3.cn") or link.host.endswith(
            (".jd.com", ".jd.hk", ".360buy.com", ".360buyimg.com")
        ) or link.host in ("jd.com", "jd.hk", "360buy.com", "360buyimg.com")


# ---------------------------------------------------------------------------------------------
# links.txt

LINKS_TXT = (
    "# 团购提报 链接（运营：张喆）\n"
    f"商品链接\thttps://item.jd.com/{SKU}.html\n"
    "店铺链接：https://mall.jd.com/index-1000001.html\n"
    "\n"
    "   \n"
    f"SKU2:item.m.jd.com/product/100012043979.html\n"
    f"https://item.jd.com/100012043980.html#none\n"
    "  # 缩进的注释\n"
    "\u3000\n"
    "见附件\n"
)
EXPECTED_LINES = [
    (2, "商品链接", "product", SKU),
    (3, "店铺链接", "shop", "mall:1000001"),
    (6, "SKU2", "product", "100012043979"),
    (7, None, "product", "100012043980"),
    (10, None, "invalid", None),
]


def _summary(lines) -> list[tuple]:
    return [(l.line, l.label, l.link.kind, l.link.sku or l.link.shop) for l in lines]


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [
        ("utf-8", "\n"),
        ("utf-8", "\r\n"),
        ("utf-8-sig", "\r\n"),
        ("gbk", "\r\n"),
        ("gbk", "\n"),
        ("gb18030", "\r\n"),
        ("utf-16", "\r\n"),
        ("utf-8", "\r"),
    ],
    ids=["utf8_lf", "utf8_crlf", "utf8_bom_crlf", "gbk_notepad_crlf", "gbk_lf", "gb18030", "utf16_bom", "old_mac_cr"],
)
def test_links_txt_encodings_and_line_endings(tmp_path: Path, encoding: str, newline: str) -> None:
    path = tmp_path / "links.txt"
    path.write_bytes(LINKS_TXT.replace("\n", newline).encode(encoding))
    assert _summary(read_links_txt(path)) == EXPECTED_LINES


def test_links_txt_gbk_with_gbk_only_characters(tmp_path: Path) -> None:
    # 喆 is in GBK but not in GB2312: a decoder for "gb2312" would fail on it.
    path = tmp_path / "links.txt"
    path.write_bytes(f"喆的商品：https://item.jd.com/{SKU}.html\r\n".encode("gbk"))
    assert _summary(read_links_txt(path)) == [(1, "喆的商品", "product", SKU)]


LABELS = [
    ("tab", f"商品链接\thttps://item.jd.com/{SKU}.html", "商品链接", "product"),
    ("tab_spaces", f"  商品链接 \t  https://item.jd.com/{SKU}.html  ", "商品链接", "product"),
    ("fullwidth_colon", "店铺链接：https://mall.jd.com/index-1000001.html", "店铺链接", "shop"),
    ("fullwidth_colon_space", "店铺链接： https://mall.jd.com/index-1000001.html", "店铺链接", "shop"),
    ("ascii_colon", f"SKU {SKU}:https://item.jd.com/{SKU}.html", f"SKU {SKU}", "product"),
    ("ascii_colon_space", f"商品: https://item.jd.com/{SKU}.html", "商品", "product"),
    ("ascii_colon_no_scheme", f"商品:item.jd.com/{SKU}.html", "商品", "product"),
    ("fullwidth_colon_no_scheme", f"商品：item.jd.com/{SKU}.html", "商品", "product"),
    ("https_colon_is_not_a_label", f"https://item.jd.com/{SKU}.html", None, "product"),
    ("http_colon_is_not_a_label", f"HTTP://item.jd.com/{SKU}.html", None, "product"),
    ("colon_in_query", f"https://item.m.jd.com/ware/view.action?wareId={SKU}&t=1:2", None, "product"),
    ("fullwidth_colon_in_query", f"https://item.jd.com/{SKU}.html?t=a：b", None, "product"),
    ("host_port_is_not_a_label", f"item.jd.com:443/{SKU}.html", None, "product"),
    ("label_without_url", "商品链接：", "商品链接", "invalid"),
    ("empty_label", f"：https://item.jd.com/{SKU}.html", None, "product"),
    ("space_is_not_a_separator", f"商品链接 https://item.jd.com/{SKU}.html", None, "invalid"),
]


@pytest.mark.parametrize(
    ("text", "label", "kind"), [c[1:] for c in LABELS], ids=[c[0] for c in LABELS]
)
def test_links_txt_labels(tmp_path: Path, text: str, label: str | None, kind: str) -> None:
    path = tmp_path / "links.txt"
    path.write_text(text + "\n", encoding="utf-8")
    [line] = read_links_txt(path)
    assert (line.line, line.label, line.link.kind) == (1, label, kind)


def test_links_txt_of_only_comments_and_blanks_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "links.txt"
    path.write_text("# 链接\n\n   \n#https://item.jd.com/1.html\n", encoding="utf-8")
    assert read_links_txt(path) == []


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\xff\xfe\x81", b"https://item.jd.com/1.html\x00\x00\x00\x01", b"\x81\x30\xff\xff\xff"],
    ids=["undecodable", "nul_bytes", "invalid_gb18030"],
)
def test_links_txt_unreadable_raises_link_file_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "links.txt"
    path.write_bytes(content)
    with pytest.raises(LinkFileError) as info:
        read_links_txt(path)
    assert info.value.detail


def test_links_txt_missing_or_a_directory_raises_link_file_error(tmp_path: Path) -> None:
    with pytest.raises(LinkFileError):
        read_links_txt(tmp_path / "missing.txt")
    with pytest.raises(LinkFileError):
        read_links_txt(tmp_path)


def test_links_txt_too_large_raises_link_file_error(tmp_path: Path) -> None:
    path = tmp_path / "links.txt"
    path.write_text(f"https://item.jd.com/{SKU}.html\n" * 100, encoding="utf-8")
    with pytest.raises(LinkFileError, match="too large"):
        read_links_txt(path, max_bytes=1000)


# ---------------------------------------------------------------------------------------------
# .url shortcuts

WINDOWS_SHORTCUT = (
    "[{000214A0-0000-0000-C000-000000000046}]\n"
    "Prop3=19,11\n"
    "[InternetShortcut]\n"
    "IDList=\n"
    "URL=https://mall.jd.com/index-1000001.html\n"
    "IconIndex=13\n"
    "HotKey=0\n"
    "IconFile=C:\\Users\\运营\\AppData\\Local\\Microsoft\\Edge\\favicon.ico\n"
)


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [
        ("gbk", "\r\n"),
        ("utf-8", "\r\n"),
        ("utf-8-sig", "\r\n"),
        ("utf-16", "\r\n"),
        ("utf-16-be", "\r\n"),
        ("utf-8", "\n"),
    ],
    ids=["ansi_gbk_crlf", "utf8_crlf", "utf8_bom_crlf", "utf16_le_bom", "utf16_be_bom", "utf8_lf"],
)
def test_url_shortcut_encodings(tmp_path: Path, encoding: str, newline: str) -> None:
    text = WINDOWS_SHORTCUT.replace("\n", newline)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "店铺.url"
    path.write_bytes(data)
    assert read_url_shortcut(path) == "https://mall.jd.com/index-1000001.html"


SHORTCUTS = [
    ("minimal", "[InternetShortcut]\r\nURL=https://item.jd.com/1.html\r\n", "https://item.jd.com/1.html"),
    ("lowercase", "[internetshortcut]\r\nurl = https://item.jd.com/1.html \r\n", "https://item.jd.com/1.html"),
    ("chinese_query_gbk", "[InternetShortcut]\r\nURL=https://search.jd.com/Search?keyword=红蜻蜓\r\n",
     "https://search.jd.com/Search?keyword=红蜻蜓"),
    ("url_in_other_section_only", "[DEFAULT]\r\nBASEURL=https://item.jd.com/1.html\r\n[InternetShortcut]\r\nIDList=\r\n", None),
    ("no_section", "URL=https://item.jd.com/1.html\r\n", None),
    ("empty_url", "[InternetShortcut]\r\nURL=\r\n", None),
    ("empty_file", "", None),
    ("first_url_wins", "[InternetShortcut]\r\nURL=https://a.jd.com/\r\nURL=https://b.jd.com/\r\n", "https://a.jd.com/"),
    ("equals_in_url", "[InternetShortcut]\r\nURL=https://shop.m.jd.com/?shopId=1000001\r\n", "https://shop.m.jd.com/?shopId=1000001"),
]


@pytest.mark.parametrize(("text", "url"), [c[1:] for c in SHORTCUTS], ids=[c[0] for c in SHORTCUTS])
def test_url_shortcut_content(tmp_path: Path, text: str, url: str | None) -> None:
    path = tmp_path / "link.url"
    path.write_bytes(text.encode("gbk"))
    assert read_url_shortcut(path) == url


def test_url_shortcut_unreadable_raises_link_file_error(tmp_path: Path) -> None:
    with pytest.raises(LinkFileError):
        read_url_shortcut(tmp_path / "missing.url")
    path = tmp_path / "binary.url"
    path.write_bytes(b"\x00\x01\x02[InternetShortcut]\x00")
    with pytest.raises(LinkFileError):
        read_url_shortcut(path)
