"""Reading and classifying links: spreadsheet cells, `links.txt`, Windows `.url` shortcuts.

This module only parses. It says what a link is (a JD product page and its SKU, a shop and a
stable key for it, a short link, …); the checks decide what that means for a submission
(SPEC L001–L006).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from jdcheck.values import INVISIBLE

__all__ = [
    "JD_OWN_DOMAINS",
    "Link",
    "LinkFileError",
    "LinkLine",
    "classify_link",
    "is_jd_host",
    "page_shop_key",
    "read_links_txt",
    "read_url_shortcut",
]

# links.txt and .url files are a few hundred bytes; anything far larger is not what the operator
# meant to put there, and reading it whole would only waste memory.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Link:
    """One link as the operator gave it, and what it points to.

    `kind` is one of "product", "shop", "short", "backoffice", "jd_other", "other", "invalid".
    `sku` is set for product links, `shop` for shop links: "mall:<shopId>" for
    mall.jd.com/index-<id>.html and shop.m.jd.com/?shopId=<id> (the same shop gives the same key),
    "sub:<name>" for a shop's own <name>.jd.com.
    """

    raw: str
    url: str
    kind: str
    sku: str | None = None
    shop: str | None = None
    host: str | None = None


@dataclass(frozen=True, slots=True)
class LinkLine:
    """One link line of a links.txt file (`line` is 1-based)."""

    line: int
    label: str | None
    link: Link


class LinkFileError(Exception):
    """A links.txt or .url file cannot be read or decoded."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# Operators paste links from WeChat, Excel and web pages: besides ordinary white space, that
# brings ideographic spaces, no-break spaces and the invisible format characters a cell may hold
# (values.INVISIBLE: zero-width spaces, stray BOMs, bidi marks, soft hyphens).
_TRIM = " \t\r\n\f\v\u3000\u00a0" + INVISIBLE
_SPACE_INSIDE = re.compile(f"[\\s\u3000\u00a0{INVISIBLE}]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
# Schemes written without "//" that are never a web page ("javascript:void(0)" in decoration
# HTML, "mailto:" in mail signatures).
_OPAQUE_SCHEME = re.compile(r"^(?:javascript|mailto|tel|sms|data|about|blob|file):", re.IGNORECASE)
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

_JD_DOMAINS = ("jd.com", "jd.hk", "360buy.com", "360buyimg.com")
_SHORT_HOSTS = frozenset({"u.jd.com", "3.cn", "www.3.cn", "union-click.jd.com"})

# First labels of <label>.jd.com that are JD's own services, not a shop's subdomain. A shop's
# subdomain is chosen by the merchant (redqingting.jd.com), so this list only needs the hosts
# operators actually paste by mistake; anything listed here becomes "jd_other" (L003).
_JD_SERVICE_LABELS = frozenset(
    """
    www m item mall search list passport cart order help home shop re wq wqs wqitem wqsou so
    sale pro h5 st static misc img jshop club channel coupon quan a ai api b bbs baitiao pay
    jr jdpay plus pop vip vsp vc weixin wx wap x z zc zhaopin sf story try tuan union uranus
    sz sc shouji xinren global en gongyi open jos jzt ling live book e fanli fw hk huodong i
    ir jd jdl jingfen jingdong kf kefu media newbuy paipai pinpai promotion red reg safe seller
    sns ssl storage support survey t ticket trade tool track user wl you yp zb
    chat jimi dd diqu gold fund stock licai loan jdcs trust sec security mobile app apps
    daojia fresh chaoshi jiadian 3c phone prodev beta test dev cdn news ad ads
    """.split()
)
# Numbered service hosts: img10.360buyimg.com style names also exist under jd.com (img30, m1 …).
_JD_SERVICE_NUMBERED = re.compile(r"^(?:img|m|static|misc|storage|st|api|cdn|s)\d+$")

# ASCII digits only: "\d" would also take full-width １２３ typed with a Chinese input method.
_SKU = r"([0-9]+)"
_HTML_PAGE = re.compile(r"/" + _SKU + r"\.html", re.IGNORECASE)
_PRODUCT_PAGE = re.compile(r"/product/" + _SKU + r"\.html", re.IGNORECASE)
_CPS_PAGE = re.compile(r"/cps/item/" + _SKU + r"\.html", re.IGNORECASE)
_MALL_INDEX = re.compile(r"/index-([0-9]+)\.html?", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]+")


@functools.lru_cache(maxsize=8192)
def classify_link(text: str) -> Link:
    """Classify one link as typed or pasted by an operator (never raises).

    Cached (Link is frozen): a sheet repeats its shop link on every row, and links.txt repeats
    the sheet's links."""
    trimmed = text.strip(_TRIM)
    url = _with_scheme(trimmed)
    if url is None:
        return Link(raw=text, url=trimmed, kind="invalid")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        return Link(raw=text, url=url, kind="invalid")
    host = _normalize_host(parts.hostname or "")
    if host is None:
        return Link(raw=text, url=url, kind="invalid")
    if parts.scheme.lower() not in ("http", "https"):
        return Link(raw=text, url=url, kind="other", host=host)

    sku = _product_sku(host, parts.path, parts.query)
    if sku is not None:
        return Link(raw=text, url=url, kind="product", sku=sku, host=host)
    if host in _SHORT_HOSTS:
        return Link(raw=text, url=url, kind="short", host=host)
    if host == "shop.jd.com" or host.endswith(".shop.jd.com"):
        return Link(raw=text, url=url, kind="backoffice", host=host)
    shop = _shop_key(host, parts.path, parts.query)
    if shop is not None:
        return Link(raw=text, url=url, kind="shop", shop=shop, host=host)
    if any(host == domain or host.endswith("." + domain) for domain in _JD_DOMAINS):
        return Link(raw=text, url=url, kind="jd_other", host=host)
    return Link(raw=text, url=url, kind="other", host=host)


# JD's own domains (SPEC H002): a decoration page may link anywhere under them — shop search
# pages, pro.jd.com activity pages, coupons, lists, short links.
JD_OWN_DOMAINS = ("jd.com", "jd.hk", "3.cn", "360buy.com", "360buyimg.com")
_VIEW_SEARCH = re.compile(r"/view_search-([0-9]+(?:-[0-9]+)*)\.html?", re.IGNORECASE)


def is_jd_host(host: str | None) -> bool:
    """True for a host under one of JD's own domains (item.jd.com, pro.jd.com, 3.cn …)."""
    return bool(host) and any(host == domain or host.endswith("." + domain) for domain in JD_OWN_DOMAINS)


def page_shop_key(link: Link) -> str | None:
    """The shop a link of a decoration page opens, or None (SPEC L005: in a page only these
    are shop links; a shop's own <name>.jd.com is one only where a shop link is asked for).

    mall.jd.com/index-<shopId>.html and shop.m.jd.com/?shopId=<id> give "mall:<shopId>".
    A shop's search page is mall.jd.com/view_search-<appId>-<venderId>-<shopId>-….html (the
    form JD's decoration modules write, 11 numbers) and gives "mall:<shopId>" too; the short
    form view_search-<appId>-<category>-…-<page>.html names only the decoration app of the shop,
    a number of another kind, and gives "app:<appId>", comparable only with other such keys."""
    if link.kind == "shop":
        return link.shop if link.shop and link.shop.startswith("mall:") else None
    if link.host != "mall.jd.com":
        return None
    try:
        path = urlsplit(link.url).path
    except ValueError:
        return None
    match = _VIEW_SEARCH.fullmatch(path)
    if match is None:
        return None
    numbers = match.group(1).split("-")
    if len(numbers) >= 10:
        return f"mall:{numbers[2]}"
    return f"app:{numbers[0]}"


def _with_scheme(trimmed: str) -> str | None:
    """The URL with a scheme, or None when the text cannot be a URL at all."""
    if not trimmed or _SPACE_INSIDE.search(trimmed) or _OPAQUE_SCHEME.match(trimmed):
        return None
    # Browsers read "\" as "/" in http(s) URLs, urlsplit does not: "https://evil.cn\@item.jd.com"
    # opens evil.cn. Reading it the browser's way keeps such look-alikes out of JD.
    url = trimmed.replace("\\", "/")
    if _SCHEME.match(url):
        return url
    if url.startswith("//"):
        return "https:" + url
    # Without a scheme, demand something that looks like a host name ending in a letter TLD, so
    # that "100012043978", "1.5" or "见附件" are not taken for hosts.
    candidate = "https://" + url
    try:
        host = urlsplit(candidate).hostname or ""
    except ValueError:
        return None
    normalized = _normalize_host(host)
    if normalized is None or "." not in normalized or not normalized.rsplit(".", 1)[1].isalpha():
        return None
    return candidate


@functools.lru_cache(maxsize=1024)
def _normalize_host(host: str) -> str | None:
    """Lower-case host without a trailing dot, or None when it is not a valid host name."""
    host = host.lower()
    if host.endswith("."):
        host = host[:-1]
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if not host.isascii() and "xn--" not in ascii_host:
        # Full-width letters or dots ("item.jd。com", "ｉｔｅｍ.jd.com") that IDNA maps back to
        # ASCII: an input-method typo, not the host the operator meant to give.
        return None
    labels = ascii_host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():
        return None
    return ascii_host


def _query_value(query: str, name: str) -> str | None:
    """First value of a query parameter; JD pages read the name case-insensitively."""
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key.lower() == name:
            return value
    return None


def _digits_only(value: str | None) -> str | None:
    return value if value is not None and _DIGITS.fullmatch(value) else None


def _product_sku(host: str, path: str, query: str) -> str | None:
    """The SKU of a JD product page (SPEC L002), or None."""
    match: re.Match[str] | None = None
    if host in ("item.jd.com", "item.jd.hk", "npcitem.jd.hk"):
        match = _HTML_PAGE.fullmatch(path)
    elif host in ("item.m.jd.com", "m.jd.com"):
        match = _PRODUCT_PAGE.fullmatch(path)
        if match is None and host == "item.m.jd.com" and path.lower() == "/ware/view.action":
            return _digits_only(_query_value(query, "wareid"))
    elif host == "wqitem.jd.com":
        if path.lower() in ("/item/view", "/item/view/"):
            return _digits_only(_query_value(query, "sku"))
    elif host == "re.jd.com":
        match = _CPS_PAGE.fullmatch(path)
    return match.group(1) if match else None


def _shop_key(host: str, path: str, query: str) -> str | None:
    """A stable key of the shop a storefront link opens (SPEC L003), or None."""
    if host == "mall.jd.com":
        match = _MALL_INDEX.fullmatch(path)
        return f"mall:{match.group(1)}" if match else None
    if host == "shop.m.jd.com":
        # shopId is the number in mall.jd.com/index-<shopId>.html; venderId (the merchant
        # account) is a different number, so it cannot give the same key and is not read.
        shop_id = _digits_only(_query_value(query, "shopid"))
        return f"mall:{shop_id}" if shop_id else None
    if host.endswith(".jd.com"):
        label = host[: -len(".jd.com")]
        if "." in label or label in _JD_SERVICE_LABELS or _JD_SERVICE_NUMBERED.match(label):
            return None
        return f"sub:{label}"
    return None


# ---------------------------------------------------------------------------------------------
# Files


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LinkFileError(f"file too large: {size} bytes (limit {max_bytes})")
        return path.read_bytes()
    except OSError as exc:
        raise LinkFileError(f"cannot read file: {exc.strerror or exc}") from exc


def _decode_text(data: bytes, fallbacks: tuple[str, ...]) -> str:
    """Decode a small text file written by Notepad, WPS, Excel or a Mac editor."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        # utf-8-sig reads plain UTF-8 too; GB18030 is a superset of GBK and GB2312, which is
        # what Notepad on Chinese Windows writes as "ANSI".
        encodings = ("utf-8-sig", *fallbacks)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise LinkFileError("binary content (NUL bytes), not a text file")
        return text
    raise LinkFileError(f"cannot decode text (tried {', '.join(encodings)})")


def read_links_txt(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[LinkLine]:
    """Read links.txt: one URL per line, an optional label before a tab, "：" or ":".

    Blank lines and lines starting with "#" are skipped; every other line gives a LinkLine, even
    one whose text is not a URL (the checks report it as L001).
    """
    text = _decode_text(_read_bytes(Path(path), max_bytes), ("gb18030",))
    result: list[LinkLine] = []
    # Only CR/LF end lines, as in Notepad; str.splitlines() would also split on U+2028, \x85 …
    # and shift the line numbers shown to the operator.
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        stripped = line.strip(_TRIM)
        if not stripped or stripped.startswith("#"):
            continue
        label, rest = _split_label(stripped)
        result.append(LinkLine(line=number, label=label, link=classify_link(rest)))
    return result


_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_HOST_PORT = re.compile(r"^\d+(?:[/?#]|$)")


def _split_label(line: str) -> tuple[str | None, str]:
    """Split "label<TAB|：|:>url" into (label, url); (None, line) when there is no label."""
    if "\t" in line:
        label, rest = line.split("\t", 1)
        return label.strip(_TRIM) or None, rest.strip(_TRIM)
    scheme = _URL_START.search(line)
    # Only separators before the URL count: "https:" has a colon, a query string may have "：".
    head = line[: scheme.start()] if scheme else line
    cut = _first_separator(head, scheme is None)
    if cut is None:
        return None, line
    return line[:cut].strip(_TRIM) or None, line[cut + 1 :].strip(_TRIM)


def _first_separator(head: str, scheme_less: bool) -> int | None:
    candidates = [i for i in (head.find("："), head.find(":")) if i >= 0]
    if not candidates:
        return None
    cut = min(candidates)
    # "item.jd.com:443/1.html" written without a scheme: that colon belongs to the host.
    if scheme_less and head[cut] == ":" and _HOST_PORT.match(head[cut + 1 :]):
        before = head[:cut]
        if "." in before and not _SPACE_INSIDE.search(before):
            return None
    return cut


_SECTION = re.compile(r"^\[(.*)\]$")


def read_url_shortcut(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The URL= of a Windows Internet shortcut's [InternetShortcut] section, or None.

    Windows writes these files as ANSI (GBK on Chinese Windows) with CRLF; other tools write
    UTF-8 or UTF-16 with a BOM. Raises LinkFileError when the file cannot be read or decoded.
    """
    text = _decode_text(_read_bytes(Path(path), max_bytes), ("gb18030",))
    in_section = False
    for line in text.splitlines():
        stripped = line.strip(_TRIM)
        section = _SECTION.match(stripped)
        if section:
            in_section = section.group(1).strip().lower() == "internetshortcut"
            continue
        if not in_section or "=" not in stripped:
            continue
        key, value = stripped.split("=", 1)
        if key.strip().lower() == "url":
            url = value.strip(_TRIM)
            return url or None
    return None
