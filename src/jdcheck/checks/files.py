"""M codes: materials and files — what is there, what is missing, what belongs together."""

from __future__ import annotations

import re
from pathlib import PurePath

from jdcheck.checks import check, when
from jdcheck.findings import Hit
from jdcheck.materials import NAMED_SCREENSHOT_ROLES, UNKNOWN_SCREENSHOT, pictures_of_row
from jdcheck.messages import Term


@check("M101", "submission")
def missing_material(sub, opt, ctx):
    """A required material is missing (no spreadsheet, slot image, style screenshot, shop link…).
    The manager does not chase missing pieces: the next shop gets the slot.
    Fails: a group-buy folder without 款式截图.png. Passes: every material present."""
    # Screenshots whose names do not say which they are: those of unknown role, else those whose
    # role was read from their content (the vision extra may have taken the style screenshot for
    # the promotion screenshot): a missing named screenshot is most likely among them.
    unknown = [m.rel for m in sub.unknown_screenshots()] or [m.rel for m in sub.materials if m.role_from == "content"]
    for role, spec in ctx.rules.materials.items():
        if spec.required and not sub.of_role(role):
            if role == UNKNOWN_SCREENSHOT and _mail_has_screenshot(sub):
                continue
            strays = [m.rel for m in sub.strays if PurePath(m.rel).suffix.lower() in ctx.rules.folder.image_extensions]
            if unknown and role in NAMED_SCREENSHOT_ROLES:
                yield _unknown_screenshots_hit(role, unknown, ctx)
            elif strays and role in (*NAMED_SCREENSHOT_ROLES, UNKNOWN_SCREENSHOT):
                # A picture no name rule took (Outlook's image001.jpg saved beside the mail).
                yield _unknown_screenshots_hit(role, strays, ctx, variant="stray_pictures")
            else:
                yield Hit(params={"material": Term(role)})
    if ctx.rules.shop_link_required and not _has_shop_link_source(sub):
        misnamed = [m.rel for m in sub.misnamed_links_files]
        if misnamed:
            # The links are there, in a file named otherwise than links.txt.
            yield Hit(variant="shop_link_misnamed", expected=_links_name(ctx), actual=", ".join(misnamed),
                      params={"material": Term("shop_link"), "files": misnamed, "file": misnamed[0]})
        else:
            yield Hit(variant="shop_link", params={"material": Term("shop_link")})


def _links_name(ctx) -> str:
    return next(iter(ctx.rules.folder.links_files), "links.txt")


def _mail_has_screenshot(sub) -> bool:
    """The mail carries a picture E002 counts as a screenshot: what the manager receives of a
    channel submission is the mail, so a screenshot pasted into it is the screenshot material."""
    for mail in sub.of_role("email"):
        message = mail.opened[0] if mail.kind == "email" else None
        if message is not None and message.screenshots():
            return True
    return False


def _unknown_screenshots_hit(role: str, files: list[str], ctx, variant: str = "unknown_screenshots", **kwargs) -> Hit:
    """A missing named screenshot while screenshots of unknown role are there (QQ截图2026….png),
    or pictures that match no material (image001.jpg): the operator most likely took it and only
    has to say which one it is, by its name."""
    word = next(iter(getattr(ctx.rules.folder.roles, role)), "")
    suffix = PurePath(files[0]).suffix.lower() or ".png"  # keep the operator's format: renaming must not lie (I005)
    if word and not word.isascii():
        example = f"{word}{suffix}" if word.endswith("截图") else f"{word}截图{suffix}"
    else:
        example = f"{word or role}{suffix}"
    return Hit(variant=variant, actual=", ".join(files),
               params={"material": Term(role), "files": files, "word": word, "example": example}, **kwargs)


def _has_shop_link_source(sub) -> bool:
    """A shop link column in a readable sheet counts as a source: its empty cells are S004's."""
    table = sub.table
    template = sub.rules.spreadsheet
    shop_keys = {c.key for c in template.columns if c.kind == "shop_link"} if template else set()
    if sub.sheet is not None and shop_keys and (table is None or shop_keys & set(table.columns)):
        return True
    return any(ref.expect == "shop" or ref.link.kind in ("shop", "backoffice") for ref in sub.link_refs)


@check("M102", "submission")
def too_many_files(sub, opt, ctx):
    """More files of a material than the rules allow (two spreadsheets: which one is meant?).
    Also two visible sheets of the workbook with the template's header and data rows: an import
    reads the first tab, jdcheck the best header, the manager the tab open. Different data is an
    error ("sheets"); the same data twice (a backup copy) a warning ("sheets_same").
    Fails: 团购提报.xlsx and 团购提报(1).xlsx; tabs 团购提报 and 团购提报 (2) both filled in.
    Passes: one spreadsheet, with one sheet of data."""
    for role, spec in ctx.rules.materials.items():
        files = sub.of_role(role)
        if spec.max_count is not None and len(files) > spec.max_count:
            for material in files:
                yield Hit(file=material.rel, expected=str(spec.max_count), actual=str(len(files)),
                          params={"material": Term(role), "count": len(files)})
    table = sub.table
    if table is not None and table.template_sheets:
        from jdcheck.findings import Severity

        names = "、".join(table.template_sheets)
        same = table.template_sheets_same
        yield Hit(file=sub.sheet.rel, variant="sheets_same" if same else "sheets", expected="1", actual=names,
                  severity=Severity.WARNING if same else None,
                  params={"count": len(table.template_sheets), "sheets": names, "sheet": table.sheet.name})


@check("M103", "submission")
def stray_file(sub, opt, ctx):
    """A file matches no material of this type (a stray .docx, .zip, notes). A text file of links
    named otherwise than links.txt (店铺链接.txt) is told to be renamed: its links are not read.
    Fails: 说明.docx in a group-buy folder. Passes: only materials."""
    misnamed = set(sub.misnamed_links_files)
    for material in sub.strays:
        if material in misnamed:
            yield Hit(file=material.rel, variant="links_name", expected=_links_name(ctx), actual=material.name,
                      params={"type": Term(ctx.rules.type)})
        elif material.name.lower().endswith(_HEIC_EXTENSIONS):  # an iPhone photo copied as it was taken
            yield Hit(file=material.rel, variant="heic_photo", expected=f"{_example_sku(sub)}.jpg",
                      params={"type": Term(ctx.rules.type)})
        else:
            yield Hit(file=material.rel, params={"type": Term(ctx.rules.type)})
    for skipped in sub.skipped:
        yield Hit(file=skipped.rel, variant=skipped.reason, params={"type": Term(ctx.rules.type)})


_HEIC_EXTENSIONS = (".heic", ".heif")


def _example_sku(sub) -> str:
    """A SKU of the sheet to name an example file by, else JD's look of one."""
    table = sub.table
    skus = [row.value("sku") for row in table.rows] if table is not None and "sku" in table.columns else []
    return next((sku for sku in skus if sku), "100012043978")


# Names apps give a picture they save: a picture sent over WeChat or taken from a phone, never
# renamed. Saying where the name comes from tells the operator which picture it is.
_APP_NAMES = (
    (re.compile(r"^微信图片_\d{8}"), "app_wechat"),  # WeChat for Windows: 微信图片_20261127103015.jpg
    (re.compile(r"^mmexport\d{10,}", re.IGNORECASE), "app_wechat"),  # WeChat on a phone
    (re.compile(r"^(?:IMG|DSC|PXL)_?\d{8}", re.IGNORECASE), "app_camera"),  # phone cameras
)


@check("M104", "submission")
def bad_file_name(sub, opt, ctx):
    """A file name does not follow the naming rule: slot images are `<SKU>.<ext>` or
    `<SKU>_<anything>.<ext>` so the manager can match them to rows; a workbook's extension names
    its format (an .xls saved from WPS renamed .xlsx is refused by Excel, an .xlsx renamed .xls
    opens only after a warning that it may be corrupt or unsafe).
    Fails: 团购图1.jpg; an .xlsx workbook named 团购提报.xls. Passes: 100012043978.jpg, 100012043978_主图.jpg."""
    for role, spec in ctx.rules.materials.items():
        for material in sub.of_role(role):
            hit = name_fault(material, spec)
            if hit is not None:
                yield hit
    for sheet in sub.of_kind("sheet"):
        workbook = sheet.opened[0]
        written = sheet.path.suffix.lower().lstrip(".")
        if workbook is not None and workbook.format != "csv" and written != workbook.format:
            yield Hit(file=sheet.rel, variant="sheet_format", expected=f".{workbook.format}", actual=sheet.name,
                      params={"extension": f".{written}", "format": f".{workbook.format}"})


def name_fault(material, spec) -> Hit | None:
    """M104 for one file of a role: the naming rule its name breaks, or None. `jdcheck compose`
    asks it of the names it gives the pictures it copies, so what it writes passes the check."""
    if spec.pattern is not None and not re.fullmatch(spec.pattern, material.name):
        return Hit(file=material.rel, variant="pattern", expected=spec.pattern, actual=material.name)
    if spec.naming == "sku" and material.sku is not None and material.stem != material.stem.strip():
        renamed = material.stem.strip() + material.name[len(material.stem):]
        return Hit(file=material.rel, variant="spaces", expected=renamed, actual=repr(material.name)[1:-1])
    if spec.naming == "sku" and material.sku is None:
        app = next((app for pattern, app in _APP_NAMES if pattern.match(material.name)), None)
        return Hit(file=material.rel, variant="app_name" if app else None, expected="<SKU>.jpg / <SKU>_*.jpg",
                   actual=material.name, params={"app": Term(app)} if app else {})
    return None


@check("M105", "submission")
def materials_disagree(sub, opt, ctx):
    """A SKU in the sheet has no slot image, or a slot image names a SKU not in the sheet. Style
    screenshots named per SKU (款式截图-<SKU>.jpg) the same way, as `jdcheck compose` sends them
    (materials.pictures_of_row): a row left without one while others have theirs (and no shared
    款式截图.jpg), a screenshot naming a SKU not in the sheet.
    Fails: rows 100012043978 and 100012043979 with only 100012043978.jpg; 款式截图-100099999999.jpg.
    Passes: one image per row; one 款式截图.jpg for all rows."""
    table = sub.table
    if table is None or table.header_row is None or "sku" not in table.columns:
        return
    rows = {}
    for row in table.rows:
        sku = row.value("sku")
        if sku:
            rows.setdefault(sku, row)
    spec = ctx.rules.material("slot_image")
    if spec.naming == "sku":
        images = {m.sku for m in sub.of_role("slot_image") if m.sku}
        size = f"{spec.image.width}×{spec.image.height}" if spec.image and spec.image.width and spec.image.height else ""
        for sku, row in rows.items():
            if sku not in images:
                yield Hit(file=sub.sheet.rel, row=row.number, column=table.header_text("sku"),
                          expected=f"{sku}.jpg", params={"sku": sku, "size": size})
        for material in sub.of_role("slot_image"):
            if material.sku and material.sku not in rows:
                yield Hit(file=material.rel, variant="no_row", actual=material.sku, params={"sku": material.sku})
    shots = [m for m in sub.of_role("style_screenshot") if m.kind == "image"]
    if not any(m.sku for m in shots):
        return  # none, or shared ones only: M101 tells a missing one
    example = next(m for m in shots if m.sku)
    for sku, row in rows.items():
        if not pictures_of_row(sku, shots, shared=True):
            expected = example.name.replace(example.sku, sku)
            yield Hit(file=sub.sheet.rel, row=row.number, column=table.header_text("sku"), variant="style",
                      expected=expected, params={"sku": sku, "example": expected})
    for material in shots:
        if material.sku and material.sku not in rows:
            yield Hit(file=material.rel, variant="style_no_row", actual=material.sku, params={"sku": material.sku})


@check("M106", "submission")
def promo_screenshot_due(sub, opt, ctx):
    """No promotion screenshot while the activity starts within `days` days of --today: the day
    before launch the manager checks the promotion is set up.
    Fails: start tomorrow, no 促销截图.png. Passes: start in two weeks, or the screenshot present."""
    if sub.of_role("promo_screenshot") or sub.table is None:
        return
    starts = [(row.value(opt.start), row) for row in sub.table.rows if row.value(opt.start) is not None]
    if not starts:
        return
    start, row = min(starts, key=lambda pair: pair[0])
    if (start.date() - ctx.today).days <= opt.days:
        params = {"start": when(start), "days": opt.days}
        unknown = [m.rel for m in sub.unknown_screenshots()]
        if unknown:
            hit = _unknown_screenshots_hit("promo_screenshot", unknown, ctx)
            params.update(hit.params)
        yield Hit(file=sub.sheet.rel, row=row.number, column=sub.table.header_text(opt.start),
                  actual=when(start), params=params, variant="unknown_screenshots" if unknown else None)
