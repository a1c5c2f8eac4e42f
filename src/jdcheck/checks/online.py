"""L007 (`--online` only): links that do not open, or redirect away from the page they name."""

from __future__ import annotations

from jdcheck.checks import check
from jdcheck.findings import Hit, Severity

# The page kind a link must still be after its redirects: JD sends a removed item to its home
# page or to a search page, and a closed shop to the home page, each with a 200 answer.
_KEEPS_KIND = ("product", "shop")


@check("L007", "submission", online=True)
def link_does_not_open(sub, opt, ctx):
    """With --online: the link does not answer, answers with an error, or redirects away from an
    item/shop page (a removed item lands on www.jd.com or a search page). 403/429 answers are JD's
    anti-crawling and give a "could not verify" warning instead.
    Fails: https://item.jd.com/100000000001.html → 302 → https://www.jd.com/. Passes: a 200 item page."""
    from jdcheck.links import classify_link

    verifier = ctx.online
    if verifier is None:
        return
    refs = [ref for ref in sub.link_refs if ref.link.kind != "invalid" and ref.link.url.lower().startswith(("http://", "https://"))]
    statuses = verifier.verify(ref.link.url for ref in refs)
    for ref in refs:
        status = statuses[ref.link.url]
        where = {"file": ref.file, "row": ref.row, "column": ref.column, "actual": ref.link.url}
        if status.outcome == "ok":
            kind = ref.link.kind
            if kind in _KEEPS_KIND and classify_link(status.final_url or "").kind != kind:
                yield Hit(**where, variant="redirected", expected=_expected(kind),
                          params={"detail": status.final_url, "final": status.final_url})
        elif status.outcome == "left_allowlist":  # not followed: the first host off the allowlist
            yield Hit(**where, variant="redirected", expected=_expected(ref.link.kind),
                      params={"detail": status.final_url, "final": status.final_url})
        elif status.outcome in ("unverified", "refused"):
            yield Hit(**where, variant=status.outcome, severity=Severity.WARNING, params={"detail": status.detail})
        elif status.outcome == "failed":
            yield Hit(**where, params={"detail": status.detail})


def _expected(kind: str) -> str | None:
    return {"product": "https://item.jd.com/<SKU>.html", "shop": "https://mall.jd.com/index-<id>.html"}.get(kind)
