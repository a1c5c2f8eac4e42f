"""H codes: a shop decoration page (`*.html`, `*.htm`, single-file `*.mhtml`/`*.mht`) of a
platform submission.

Pages are read by htmlpage.read_page (html.parser into a small element tree, the page's charset,
`<base target>` applied, hrefs resolved against the page's own address when it is known; an
MHTML file's text/html part). H001/H002 judge each `<a href>`/`<area href>`; H003/H004 compare
what is shown with each product — its price, a 售罄 mark — with the sheet's row for that SKU.
A finding's row is the page's line.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from jdcheck.checks import check, num
from jdcheck.findings import Hit

def _anchors(page):
    """(anchor, links.Link) of the page's links; in-page anchors and javascript: hooks of tabs
    and carousels are not links (Page.links_away)."""
    from jdcheck.links import classify_link

    for anchor in page.opened[0].links_away():
        yield anchor, classify_link(anchor.url or anchor.href)


def _product_sku(url: str) -> str | None:
    from jdcheck.links import classify_link

    link = classify_link(url)
    return link.sku if link.kind == "product" else None


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
    """A link that leaves JD (another site, a relative path the page cannot resolve): decoration
    may only send buyers to JD. Any host under jd.com, jd.hk, 3.cn, 360buy.com or 360buyimg.com is
    JD's own — shop search pages, pro.jd.com activity pages, coupons, lists — and hosts in the
    rule's `allowed_hosts` pass. In-page anchors (#top) and javascript: hooks are not links.
    Fails: https://www.taobao.com/. Passes: //mall.jd.com/view_search-1-2-3-0-0-0-0-1-1-60.html."""
    from jdcheck.links import is_jd_host

    allowed = {host.lower() for host in opt.allowed_hosts}
    for anchor, link in _anchors(page):
        if link.kind in ("product", "shop") or is_jd_host(link.host) or (link.host or "") in allowed:
            continue
        yield Hit(row=anchor.line, actual=anchor.href, expected="*.jd.com / *.jd.hk / 3.cn")


@not_a_jd_link.unreadable
def unreadable_page(page, opt, ctx):
    """A decoration page that cannot be read (binary, undecodable, empty) is reported as H002: SPEC
    has no H-code for it, and a page whose links cannot be read cannot be shown to link only to
    JD, which is what H002 guarantees. It is an error, as I001/S001/E001 are for their materials:
    a submission is never passed with a file unchecked."""
    yield Hit(variant="unreadable", params={"detail": page.opened[1]})


def _sheet_rows(ctx, sku_column: str):
    """{SKU: first row} of the submission's sheet, or {} without a readable sheet."""
    table = ctx.submission.table
    if table is None or table.header_row is None or sku_column not in table.columns:
        return {}
    rows = {}
    for row in table.rows:
        sku = row.value(sku_column)
        if sku:
            rows.setdefault(str(sku), row)
    return rows


def _cards(page):
    from jdcheck.htmlpage import product_cards

    return product_cards(page.opened[0], _product_sku)


def is_sold_out(row, opt) -> bool:
    """The sheet marks the row's item sold out: 库存 0 and 是否标注售罄 是 (PageSoldOutOptions)."""
    return _amount(row.value(opt.stock_column)) == 0 and str(row.value(opt.sold_out_column) or "").strip() == opt.sold_out_value


def _amount(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@check("H003", "html")
def page_price_differs(page, opt, ctx):
    """The price shown with a product in the page differs from the sheet's price for that SKU
    ("商品价格要与页面相符"): the manager compares them and rejects the slot. The price is read in
    the product link's element or its list item/card: JD's `J-p-<SKU>` price element, an element
    whose class says price, else a ¥/￥ amount; crossed-out list prices (<del>, class old-price)
    are not read. A product shown without a price is not judged.
    Fails: sheet 价格 299, page <li><a href="//item.jd.com/<SKU>.html">…</a><em>¥399</em></li>.
    Passes: the page shows ¥299.00."""
    from jdcheck.htmlpage import shown_price

    rows = _sheet_rows(ctx, opt.sku_column)
    if not rows:
        return
    reported = set()
    for card in _cards(page):
        row = rows.get(card.sku)
        expected = _amount(row.value(opt.price_column)) if row is not None else None
        if expected is None:
            continue
        shown = shown_price(page.opened[0], card)
        if shown is None or _amount(shown.amount) == expected or (card.sku, shown.line) in reported:
            continue
        reported.add((card.sku, shown.line))
        yield Hit(row=shown.line, expected=num(expected), actual=shown.text,
                  params={"sku": card.sku, "sheet_row": row.number, "price": shown.amount})


@check("H004", "html")
def sold_out_not_marked(page, opt, ctx):
    """An item the sheet marks sold out (库存 0 and 是否标注售罄 是) is in the page with no 售罄 mark
    at it ("无货商品必须替换掉或者在页面标明售罄"): buyers click an item they cannot buy. The mark is
    looked for in the product link's element or its list item/card: text (售罄, 已售罄, sold out …)
    or a class, id or image named so (soldout.png, class="shouqing"); the words are the rule's
    `marks`. Each place the item is shown needs its own mark.
    Fails: <li><a href="//item.jd.com/<SKU>.html"><img src="a.jpg"></a></li>. Passes: the same
    with <span class="sold-out">已售罄</span> in the <li>."""
    from jdcheck.htmlpage import sold_out_mark

    rows = _sheet_rows(ctx, opt.sku_column)
    sold_out = {sku: row for sku, row in rows.items() if is_sold_out(row, opt)}
    if not sold_out:
        return
    for card in _cards(page):
        row = sold_out.get(card.sku)
        if row is not None and sold_out_mark(card, opt.marks) is None:
            anchor = card.anchors[0]
            yield Hit(row=anchor.line, actual=anchor.href, expected=opt.marks[0],
                      params={"sku": card.sku, "sheet_row": row.number})
