"""L codes: product and shop links, from sheet columns, links.txt and .url shortcuts."""

from __future__ import annotations

from jdcheck.checks import check
from jdcheck.findings import Hit

_UNJUDGED = ("invalid", "short")  # L001 / L006 report these instead of L002-L004


def _hit(ref, **kwargs) -> Hit:
    return Hit(file=ref.file, row=ref.row, column=ref.column, actual=ref.link.url, **kwargs)


@check("L001", "submission")
def not_a_url(sub, opt, ctx):
    """A link field holds something that is not a URL (见附件, a SKU, a sentence)."""
    for ref in sub.link_refs:
        if ref.link.kind == "invalid":
            yield Hit(file=ref.file, row=ref.row, column=ref.column, actual=ref.link.raw.strip())


@check("L002", "submission")
def not_a_product_link(sub, opt, ctx):
    """Not a JD product link where one is needed; accepted: item.jd.com/<SKU>.html and its mobile,
    JD Worldwide and CPS forms. Fails: https://search.jd.com/Search?keyword=靴."""
    for ref in sub.link_refs:
        kind = ref.link.kind
        if kind in _UNJUDGED:
            continue
        if ref.expect == "product" and kind != "product":
            yield _hit(ref, expected="https://item.jd.com/<SKU>.html")
        elif ref.expect == "any" and kind in ("other", "jd_other") and not ctx.rules.shop_link_required:
            yield _hit(ref, expected="https://item.jd.com/<SKU>.html")


@check("L003", "submission")
def not_a_shop_link(sub, opt, ctx):
    """Not a JD storefront where a shop link is needed: mall.jd.com/index-<id>.html,
    shop.m.jd.com/?shopId=<id> or <name>.jd.com. shop.jd.com is the back office and is rejected."""
    for ref in sub.link_refs:
        kind = ref.link.kind
        if kind in _UNJUDGED:
            continue
        variant = "backoffice" if kind == "backoffice" else None
        if ref.expect == "shop" and kind != "shop":
            yield _hit(ref, variant=variant, expected="https://mall.jd.com/index-<id>.html")
        elif ref.expect == "any" and (kind == "backoffice" or (kind in ("other", "jd_other") and ctx.rules.shop_link_required)):
            yield _hit(ref, variant=variant, expected="https://mall.jd.com/index-<id>.html")


@check("L004", "submission")
def link_for_other_sku(sub, opt, ctx):
    """The SKU in the product link differs from the row's SKU: the manager opens another item."""
    for ref in sub.link_refs:
        link = ref.link
        if ref.expect == "product" and link.kind == "product" and ref.sku and link.sku != ref.sku:
            yield Hit(file=ref.file, row=ref.row, column=ref.column, expected=ref.sku, actual=link.sku)


@check("L005", "submission")
def different_shops(sub, opt, ctx):
    """The shop links of one submission point to different shops (a copy-paste from another shop's
    submission). Reported once, on the spreadsheet."""
    shops: dict[str, str] = {}
    for ref in sub.link_refs:
        if ref.link.kind == "shop" and ref.link.shop:
            shops.setdefault(ref.link.shop, ref.link.url)
    if len(shops) > 1:
        file = sub.sheet.rel if sub.sheet is not None else next(r.file for r in sub.link_refs)
        listed = ", ".join(shops.values())
        yield Hit(file=file, actual=listed, params={"shops": listed})


@check("L006", "submission")
def short_link(sub, opt, ctx):
    """A short or tracking link (u.jd.com, 3.cn, union-click.jd.com) cannot be verified offline;
    give the full link. Such links get L006 instead of L002/L004."""
    for ref in sub.link_refs:
        if ref.link.kind == "short":
            yield _hit(ref)
