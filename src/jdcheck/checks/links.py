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


# On a tie between shops, the one given where the manager looks first is the reference (SPEC L005).
_SOURCE_RANK = {"sheet_shop": 0, "links_txt": 1, "url": 2, "sheet": 3, "page": 4}


@check("L005", "submission")
def different_shops(sub, opt, ctx):
    """A shop link of the submission points to another shop than the others (a copy-paste from
    another shop's submission, a decoration page linking to a sister shop). Every shop link
    counts — sheet rows, links.txt lines, .url shortcuts, decoration page links — and the shop
    most of them point to is the reference; on a tie the sheet's 店铺链接 wins, then links.txt,
    then .url. Each link to another shop is one finding at its file and row or line.
    Fails: 店铺链接 mall.jd.com/index-1000001.html, page link mall.jd.com/index-2000002.html.
    Passes: mall.jd.com/index-1000001.html and shop.m.jd.com/?shopId=1000001."""
    from jdcheck.links import page_shop_key

    found: list[tuple[str, object, str]] = []  # (shop key, ref, source)
    for ref in sub.link_refs:
        if ref.link.kind == "shop" and ref.link.shop and ref.expect != "product":
            source = "sheet_shop" if ref.source == "sheet" and ref.expect == "shop" else ref.source
            found.append((ref.link.shop, ref, source))
    for ref in sub.page_link_refs:
        key = page_shop_key(ref.link)
        if key is not None:
            found.append((key, ref, "page"))
    # Keys of one kind are compared with each other only: a shop id (mall:), a shop's own
    # domain (sub: redqingting.jd.com) and a short view_search link's decoration app (app:) name
    # a shop in different ways, and offline nothing tells whether redqingting.jd.com is shop
    # 1000001 — calling them different shops would be a guess.
    for kind in sorted({key.partition(":")[0] for key, _, _ in found}):
        group = [item for item in found if item[0].partition(":")[0] == kind]
        counts: dict[str, int] = {}
        rank: dict[str, tuple[int, int]] = {}
        for position, (key, _, source) in enumerate(group):
            counts[key] = counts.get(key, 0) + 1
            rank[key] = min(rank.get(key, (9, position)), (_SOURCE_RANK.get(source, 9), position))
        if len(counts) < 2:
            continue
        reference = min(counts, key=lambda key: (-counts[key], rank[key]))
        reference_url = next(ref.link.url for key, ref, _ in group if key == reference)
        for key, ref, _ in group:
            if key != reference:
                yield Hit(file=ref.file, row=ref.row, column=ref.column, expected=reference_url, actual=ref.link.url,
                          variant="page" if ref.source == "page" else None,
                          params={"count": counts[reference], "total": len(group)})


@check("L006", "submission")
def short_link(sub, opt, ctx):
    """A short or tracking link (u.jd.com, 3.cn, union-click.jd.com) cannot be verified offline;
    give the full link. Such links get L006 instead of L002/L004."""
    for ref in sub.link_refs:
        if ref.link.kind == "short":
            yield _hit(ref)
