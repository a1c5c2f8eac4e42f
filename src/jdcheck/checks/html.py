"""H codes: the links of a shop decoration page (`*.html`, `*.htm`) of a platform submission.

Pages are parsed by htmlpage.read_html_anchors (html.parser, the page's charset, `<base target>`
applied); these checks judge each `<a href>`/`<area href>`. A finding's row is the page's line.
"""

from __future__ import annotations

from jdcheck.checks import check
from jdcheck.findings import Hit

# hrefs that do not leave the page: in-page anchors and script hooks of tabs and carousels.
_STAYS_ON_PAGE = ("#", "javascript:")


def _anchors(page):
    from jdcheck.links import classify_link

    for anchor in page.opened[0]:
        if anchor.href and not anchor.href.lower().startswith(_STAYS_ON_PAGE):
            yield anchor, classify_link(anchor.href)


@check("H001", "html")
def product_link_same_window(page, opt, ctx):
    """A product link without target="_blank" (case-insensitive; a `<base target="_blank">` counts):
    clicking it replaces the shop page, and the buyer leaves the shop.
    Fails: <a href="https://item.jd.com/100012043978.html">. Passes: the same with target="_blank"."""
    for anchor, link in _anchors(page):
        if link.kind == "product" and (anchor.target or "").lower() != "_blank":
            yield Hit(row=anchor.line, actual=anchor.href, expected='target="_blank"',
                      variant=None if anchor.target is None else "other_target", params={"target": anchor.target})


@check("H002", "html")
def not_a_jd_link(page, opt, ctx):
    """A link that is not a JD product or shop link (another site, a search page, a short link, a
    relative path): decoration may only send buyers to JD items and shops. Hosts in the rule's
    `allowed_hosts` pass. In-page anchors (#top) and javascript: hooks are not links away.
    Fails: https://www.taobao.com/. Passes: https://mall.jd.com/index-1000001.html."""
    allowed = {host.lower() for host in opt.allowed_hosts}
    for anchor, link in _anchors(page):
        if link.kind in ("product", "shop") or (link.host or "") in allowed:
            continue
        yield Hit(row=anchor.line, actual=anchor.href, expected="item.jd.com / mall.jd.com")


@not_a_jd_link.unreadable
def unreadable_page(page, opt, ctx):
    """A decoration page that cannot be read (binary, undecodable, empty) is reported as H002: SPEC
    has no H-code for it, and a page whose links cannot be read cannot be shown to link only to
    JD, which is what H002 guarantees. It is an error, as I001/S001/E001 are for their materials:
    a submission is never passed with a file unchecked."""
    yield Hit(variant="unreadable", params={"detail": page.opened[1]})
