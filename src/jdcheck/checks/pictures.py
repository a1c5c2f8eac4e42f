"""I009, I010, P009: judged by looking at the pictures (the optional extra `jdcheck[vision]`).

These checks call the vision package (OCR, logo matcher, OCR cache) lazily, and only for the
pictures they judge: a plain install never imports it. When what a check needs is not installed,
the check raises NotRun and the report says once that it did not run (SPEC §7).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from jdcheck.checks import NotRun, check, num, when
from jdcheck.findings import Hit, Severity

CORNER = (0.36, 0.3)  # the logo corner: this share of the width and of the height, from the top-left
MAX_LINES, MAX_CHARS = 5, 40  # I010: 5 lines or more, or more than 40 characters (SPEC §7)


def _vision(modules_name: str):
    """The vision package's module, or NotRun with the reason (no extra, switched off, engine broken)."""
    reason = _unavailable(modules_name)
    if reason is not None:
        raise reason
    if modules_name == "ocr":
        from jdcheck.vision import ocr

        return ocr
    from jdcheck.vision import logo

    return logo


def _unavailable(modules_name: str) -> NotRun | None:
    from jdcheck import vision

    try:
        vision.require(vision.OCR_MODULES if modules_name == "ocr" else vision.LOGO_MODULES)
    except vision.Unavailable as exc:
        return NotRun(exc.reason, exc.detail)
    return None


def cannot_run(codes, with_logo: bool) -> dict[str, NotRun]:
    """The picture checks among `codes` that cannot run on this install (the extra missing, or
    JDCHECK_VISION=off), known before any picture is read: they are reported as not run whether
    or not the folder holds a picture for them, and a selection of only these runs nothing
    (Report.ran_nothing). I009 with a logo file needs only numpy; without one it reads the corner."""
    needs = {"I009": "logo" if with_logo else "ocr", "I010": "ocr", "P009": "ocr"}
    found = {}
    for code in codes:
        if code in needs and (reason := _unavailable(needs[code])) is not None:
            found[code] = reason
    return found


def read_picture(material):
    """What OCR reads on `material` (cached by content); NotRun when OCR cannot run here."""
    from jdcheck.vision import Unavailable

    ocr = _vision("ocr")
    try:
        return ocr.read(material.path)
    except Unavailable as exc:
        raise NotRun(exc.reason, exc.detail) from None


def _unreadable(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


# ── the logo ─────────────────────────────────────────────────────────────────────────────────

def _compact(text: str) -> str:
    from jdcheck.vision.readback import normalize

    return "".join(normalize(text).split())


def brand_names(brand: str) -> list[str]:
    """The names a 品牌 cell gives one brand (values.brand_names: a logo shows one of them, seldom
    both), as OCR text is compared: folded, without spaces."""
    from jdcheck.values import brand_names as names

    return list(dict.fromkeys(compact for name in names(brand) if (compact := _compact(name))))


def brand_in_corner(reading, brands: list[str]):
    """The OCR line in the logo corner that shows one of the names of `brands`, else None."""
    corner = (reading.width * CORNER[0], reading.height * CORNER[1])
    wanted = [name for b in brands if b for name in brand_names(b)]
    for line in reading.lines:
        x, y = line.centre
        if x <= corner[0] and y <= corner[1] and any(b in _compact(line.text) for b in wanted):
            return line
    return None


def _corner_box(reading, logo_box=None) -> tuple[int, int, int, int]:
    box = (0, 0, int(reading.width * CORNER[0]), int(reading.height * CORNER[1]))
    if logo_box is not None:
        box = (0, 0, max(box[2], logo_box[2]), max(box[3], logo_box[3]))
    return box


def count_text(reading, logo_box=None) -> tuple[bool, list[str]]:
    """(too much text?, the lines counted) outside the logo corner."""
    from jdcheck.vision.readback import text_lines

    lines = [line.text.strip() for line in text_lines(reading, _corner_box(reading, logo_box))]
    chars = sum(len("".join(text.split())) for text in lines)
    return len(lines) >= MAX_LINES or chars > MAX_CHARS, lines


def _row_brands(material, ctx) -> list[str]:
    table = ctx.submission.table
    if table is None or "brand" not in table.columns:
        return []
    rows = [row for row in table.rows if material.sku and row.value("sku") == material.sku] or list(table.rows)
    return list(dict.fromkeys(str(row.value("brand")).strip() for row in rows if row.value("brand")))


def _logo_match(material, ctx):
    """The logo file's best match in this slot image, kept on the material for I010; None without a logo file."""
    if ctx.logo is None:
        return None
    if "logo_match" not in material.__dict__:
        material.__dict__["logo_match"] = _vision("logo").locate_file(material.path, ctx.logo)
    return material.__dict__["logo_match"]


@check("I009", "image")
def logo_not_top_left(img, opt, ctx):
    """A slot image has no brand logo in its top-left corner ("左上角是品牌logo"): not found, found
    elsewhere, or unsure. With a logo file (`logo:` in jdcheck.yaml or --logo) its colours and
    shape are matched at several sizes; without one, the sheet's 品牌 read by OCR in the corner
    counts, and not reading it is "unverified" (a picture-only logo cannot be read).
    Fails: the logo top-right. Passes: the logo in the top-left corner."""
    if img.role != "slot_image":
        return
    if ctx.logo is not None:
        try:
            match = _logo_match(img, ctx)
        except (OSError, ValueError) as exc:
            yield Hit(variant="unreadable", params={"detail": _unreadable(exc)})
            return
        place = f"x {match.box[0]}, y {match.box[1]} ({match.score:.2f})"
        if match.found and match.where == "top_left":
            return
        if match.found:
            yield Hit(variant=match.where, actual=place, params={"score": f"{match.score:.2f}"})
        elif match.unsure:
            yield Hit(variant="unsure", actual=place, params={"score": f"{match.score:.2f}"})
        else:
            yield Hit(variant="missing", actual=f"{match.score:.2f}",
                      params={"score": f"{match.score:.2f}"})
        return
    brands = _row_brands(img, ctx)
    if not brands:
        return
    _vision("ocr")
    try:
        reading = read_picture(img)
    except (OSError, ValueError) as exc:
        yield Hit(variant="unreadable", params={"detail": _unreadable(exc)})
        return
    if brand_in_corner(reading, brands) is None:
        corner = _corner_box(reading)
        seen = [line.text for line in reading.lines
                if line.centre[0] <= corner[2] and line.centre[1] <= corner[3]]
        yield Hit(variant="unverified", expected=" / ".join(brands), actual=" / ".join(seen) or None,
                  params={"brand": " / ".join(brands)})


@check("I010", "image")
def too_much_text(img, opt, ctx):
    """Too much text on a slot image ("不要有太多的字"): 5 lines or more, or more than 40
    characters, outside the logo corner, as OCR reads it. Managers want the product, not a flyer.
    Fails: six selling points over the photo. Passes: the logo and one slogan."""
    if img.role != "slot_image":
        return
    _vision("ocr")
    try:
        reading = read_picture(img)
        match = _logo_match(img, ctx) if ctx.logo is not None and not _numpy_missing() else None
    except (OSError, ValueError) as exc:
        yield Hit(variant="unreadable", params={"detail": _unreadable(exc)})
        return
    logo_box = match.box if match is not None and match.found and match.where == "top_left" else None
    too_much, lines = count_text(reading, logo_box)
    if too_much:
        quoted = " / ".join(lines)
        chars = sum(len("".join(text.split())) for text in lines)
        yield Hit(expected=f"< {MAX_LINES} / ≤ {MAX_CHARS}", actual=f"{len(lines)} / {chars}: {quoted}",
                  params={"lines": len(lines), "chars": chars, "text": _clip(quoted)})


def _numpy_missing() -> bool:
    from jdcheck import vision

    return bool(vision.missing(vision.LOGO_MODULES))


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ── the promotion screenshot ─────────────────────────────────────────────────────────────────


def promo_screenshots(sub) -> list:
    """The promotion screenshots: named so, or (channel, where every screenshot has one role)
    screenshots whose text shows promotion settings."""
    named = sub.of_role("promo_screenshot")
    if named or not sub.rules.checks.P009:
        return named
    from jdcheck.vision.readback import looks_like_promotion

    found = []
    for material in sub.of_role("screenshot"):
        if getattr(material, "info", None) is not None and material.info.error is None:
            try:
                if looks_like_promotion(read_picture(material)):
                    found.append(material)
            except (OSError, ValueError):
                continue
    return found


@check("P009", "submission")
def promo_screenshot_disagrees(sub, opt, ctx):
    """The promotion screenshot shows a time or a price that differs from the sheet: the manager
    checks the day before launch that what was set up is what was submitted. Where the screenshot
    lists SKUs, each SKU's promotion price is compared with that SKU's row (a 京东价 column beside
    the 促销价 is not the promotion price). Prices are read after ¥ or from their label or column
    (a bare 309.00 under 促销价(元)); times after their labels (活动时间, 开始时间, 结束时间), so a
    上次活动 line does not stand for them. Fails: sheet 团购价 199, screenshot 促销价 ¥209.
    Passes: the same times and price. A warning when nothing could be read from it, and for a
    sheet SKU that screenshots listing SKUs do not list."""
    table = sub.table
    if table is None or table.header_row is None:
        return
    if not (sub.of_role("promo_screenshot") or sub.of_role("screenshot")):
        return
    _vision("ocr")  # NotRun before anything of the vision package is imported
    screenshots = [m for m in promo_screenshots(sub) if m.info.error is None]
    if not screenshots:
        return
    from jdcheck.vision.readback import promo_reading

    sheet = sub.sheet.rel
    listing: list[tuple[str, set]] = []  # (file, SKUs read) of the screenshots that list SKUs
    for material in screenshots:
        try:
            reading = read_picture(material)
        except (OSError, ValueError) as exc:
            yield Hit(file=material.rel, variant="unread", severity=Severity.WARNING, actual=_unreadable(exc))
            continue
        shown = promo_reading(reading)
        if shown.empty:
            yield Hit(file=material.rel, variant="unread", severity=Severity.WARNING,
                      actual=_clip(" ".join(line.text for line in reading.lines)) or None)
            continue
        yield from _compare_times(shown, table, opt, material.rel, sheet)
        yield from _compare_prices(shown, table, opt, material.rel, sheet)
        if "sku" in table.columns and shown.skus:
            # It lists SKUs: each sheet SKU must be among them (a screenshot of another promotion
            # lists none of them).
            listing.append((material.rel, shown.skus))
    yield from _skus_not_listed(listing, table, sheet)


def _skus_not_listed(listing, table, sheet: str):
    """A warning per sheet SKU that no promotion screenshot lists, where the screenshots list SKUs:
    the promotion for that SKU cannot be confirmed (perhaps never set up)."""
    if not listing:
        return
    seen = set().union(*(skus for _, skus in listing))
    reported = set()
    for row in table.rows:
        sku = row.value("sku")
        if not sku or sku in seen or sku in reported:
            continue
        reported.add(sku)
        yield Hit(file=listing[0][0], row=row.number, column=table.header_text("sku"), variant="sku_missing",
                  severity=Severity.WARNING, expected=str(sku), actual=", ".join(sorted(seen)),
                  params={"sku": sku, "sheet": sheet})


def _compare_times(shown, table, opt, file: str, sheet: str):
    if not (shown.times or shown.start or shown.end):
        yield Hit(file=file, variant="no_time", severity=Severity.WARNING)
        return
    if shown.start is not None:
        # Times read after their labels (活动时间 start 至 end, 开始时间, 结束时间): each field is
        # compared with its own, and a field the screenshot does not show (the end cut off) is
        # a warning, never another time standing in for it.
        read_for = {opt.start: shown.start, opt.end: shown.end}
    else:
        # No labelled time (a time column per SKU row): "start 至 end" pairs, each field with the
        # times read for it; otherwise (an odd count) with every time read.
        times = shown.times
        paired = len(times) % 2 == 0 and all(times[n].shown <= times[n + 1].shown for n in range(0, len(times), 2))
        read_for = {opt.start: times[0::2], opt.end: times[1::2]} if paired else {}
    reported = set()
    for key in (opt.start, opt.end):
        if key not in table.columns:
            continue
        own = read_for.get(key, shown.times)
        rows = [row for row in table.rows if hasattr(row.value(key), "hour")]
        if not own:
            if rows:
                yield Hit(file=file, row=rows[0].number, column=table.header_text(key), variant="no_field_time",
                          severity=Severity.WARNING,
                          expected=when(rows[0].value(key).replace(second=0, microsecond=0)),
                          params={"what": table.header_text(key)})
            continue
        # A page showing dates only (活动时间：2026-12-02至2026-12-06) is compared by the date.
        candidates = {c.replace(second=0) if isinstance(c, dt.datetime) else c for t in own for c in t.candidates}
        read = ", ".join(dict.fromkeys(when(t.shown) for t in own))
        for row in rows:
            value = row.value(key).replace(second=0, microsecond=0)
            if value not in candidates and value.date() not in candidates and (key, value) not in reported:
                reported.add((key, value))
                yield Hit(file=file, row=row.number, column=table.header_text(key), expected=when(value), actual=read,
                          params={"what": table.header_text(key), "sheet": sheet})


def _compare_prices(shown, table, opt, file: str, sheet: str):
    key = opt.price
    if key not in table.columns:
        return
    sheet_skus = {row.value("sku") for row in table.rows if "sku" in table.columns and row.value("sku")}
    listed = shown.skus & sheet_skus
    if shown.skus and sheet_skus and not listed:
        return  # another promotion's SKUs: their prices are not this sheet's (sku_missing says so)
    if listed:
        # A table row per SKU ties prices to SKUs; a label/value page (商品 …（SKU：…） then 促销价 on
        # its own line) ties none: its promotion prices are those of the SKUs it names. Where OCR
        # tied only some (a SKU under the product name, on the price row for one item only), the
        # others are compared with the prices tied to no SKU, never left out.
        tied = any(shown.by_sku.get(sku) for sku in listed)
        loose = [p.value for p in shown.prices]
        if not tied and not loose:
            yield Hit(file=file, variant="no_price", severity=Severity.WARNING, params={"what": table.header_text(key)})
            return
        for row in table.rows:
            sku, price = row.value("sku"), row.value(key)
            if sku not in listed or price is None:
                continue
            read = shown.by_sku.get(sku) or loose
            if read and not _same_price(price, read):
                yield Hit(file=file, row=row.number, column=table.header_text(key), expected=num(price),
                          actual=", ".join(num(v) for v in read), variant="sku",
                          params={"what": table.header_text(key), "sku": sku, "sheet": sheet})
        return
    if not shown.prices:
        yield Hit(file=file, variant="no_price", severity=Severity.WARNING, params={"what": table.header_text(key)})
        return
    read = [p.value for p in shown.prices]
    reported = set()
    for row in table.rows:
        price = row.value(key)
        if price is None or price in reported:
            continue
        if not _same_price(price, read):
            reported.add(price)
            yield Hit(file=file, row=row.number, column=table.header_text(key), expected=num(price),
                      actual=", ".join(num(v) for v in dict.fromkeys(read)), variant="price",
                      params={"what": table.header_text(key), "sheet": sheet})


def _same_price(price, read: list[Decimal]) -> bool:
    try:
        value = Decimal(str(price))
    except ArithmeticError:
        return False
    return any(abs(value - r) < Decimal("0.005") for r in read)


# ── screenshot roles by content (SPEC §2, §7) ────────────────────────────────────────────────


def read_roles(sub, unknown) -> dict[str, str]:
    """A materials.RoleReader: the roles of screenshots of unknown role (§2: QQ截图…, Snipaste_…)
    from what they show. Every one whose text shows promotion settings is a promotion screenshot
    (if the type has that role: a retaken screenshot saved twice is two of them, and P009 reads
    each); then a single remaining one is the style screenshot. Without the extra (or with JDCHECK_VISION=off) it tells nothing, and M101/M106
    name the files and how to rename them."""
    from jdcheck import vision

    has = sub.rules.materials.__contains__
    wants_promo = has("promo_screenshot") and not sub.of_role("promo_screenshot")
    wants_style = has("style_screenshot") and not sub.of_role("style_screenshot")
    pictures = [m for m in unknown if m.kind == "image" and m.info.error is None]
    if not pictures or not (wants_promo or wants_style):
        return {}
    try:
        vision.require(vision.OCR_MODULES)
    except vision.Unavailable:
        return {}
    from jdcheck.vision.readback import looks_like_promotion

    roles: dict[str, str] = {}
    remaining = []
    takes_promo = has("promo_screenshot")
    for material in pictures:
        if takes_promo:
            try:
                if looks_like_promotion(read_picture(material)):
                    roles[material.rel] = "promo_screenshot"
                    continue
            except NotRun:
                return {}  # the engine cannot run: every role stays as named
            except (OSError, ValueError):
                pass
        remaining.append(material)
    if wants_style and len(remaining) == 1:
        roles[remaining[0].rel] = "style_screenshot"
    return roles
