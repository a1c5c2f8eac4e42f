"""What the HTML report shows beside the findings: a thumbnail of every image and the checked
sheet's cells as the operator sees them, taken from the materials of a run.

Built by the engine from the same opened materials the checks used (the folder is not read a
second time for the sheet; each image is decoded once more, at a reduced scale, for its
thumbnail) and attached to the Report, so the reporter only ever sees the report. Plain data:
a batch worker sends it back to the parent process with the report.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

THUMBNAIL_WIDTH = 240  # SPEC §5: at most 240 px wide
THUMBNAIL_HEIGHT = 320  # a long phone screenshot (750×5000) stays a thumbnail, not a page
# The batch page: a thousand folders on one page. 160 px still shows what is wrong with a
# picture, at 45 % of the bytes (1,000 folders: 17.7 MB → see README).
BATCH_THUMBNAIL = (160, 240)
THUMBNAIL_QUALITY = 70  # JPEG: 6–12 KB for a 240 px product picture, sharp enough to see what is wrong
MAX_ROWS = 400  # a longer sheet shows its header rows and the rows with findings only
MAX_PICTURES = 200  # a folder with more images shows those with findings and the first others only
MAX_COLUMNS = 40  # past this, only columns up to the last with a finding


@dataclass(frozen=True, slots=True)
class Picture:
    """One image of the submission, with a thumbnail when it could be decoded."""

    file: str  # relative to the folder, "/" separated (as Finding.file)
    display_size: tuple[int, int] | None
    byte_size: int
    format: str | None
    thumbnail: str | None  # a data: URI (JPEG); None when the image cannot be shown
    thumbnail_size: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class SheetView:
    """The cells of the checked sheet as text, the way Excel or WPS shows them."""

    file: str
    sheet: str
    header_row: int | None
    columns: int  # the number of columns shown
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (Excel row number, cell texts)
    rows_omitted: int
    columns_cut: bool


@dataclass(frozen=True, slots=True)
class Exhibits:
    pictures: tuple[Picture, ...]
    sheets: tuple[SheetView, ...]
    pictures_omitted: int = 0  # images without a finding left out of a large folder's page


def collect(submission: Any, findings: Iterable[Any], *, flagged_only: bool = False) -> Exhibits:
    """The exhibits of a checked submission. `flagged_only` (the batch page, where a thousand
    folders share one page) keeps only the images and sheet rows that have a finding."""
    findings = list(findings)
    flagged_files = {f.file for f in findings if f.file is not None}
    box = BATCH_THUMBNAIL if flagged_only else (THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT)
    every = submission.of_kind("image")
    images = [m for m in every if not flagged_only or m.rel in flagged_files]
    if len(images) > MAX_PICTURES:
        # 2,000 thumbnails are a 22 MB page made in seconds, to show pictures nothing is wrong
        # with: those with a finding are all shown, the others up to MAX_PICTURES in all.
        room = MAX_PICTURES - sum(m.rel in flagged_files for m in images)
        kept = []
        for image in images:
            if image.rel in flagged_files or room > 0:
                kept.append(image)
                room -= image.rel not in flagged_files
        images = kept
    pictures = _pictures(images, box)
    sheets = []
    for material in submission.of_kind("sheet"):
        if flagged_only and material.rel not in flagged_files:
            continue
        view = sheet_view(material, findings, flagged_only=flagged_only)
        if view is not None:
            sheets.append(view)
    omitted = 0 if flagged_only else len(every) - len(images)
    return Exhibits(tuple(pictures), tuple(sheets), pictures_omitted=omitted)


# ── images ───────────────────────────────────────────────────────────────────────────────────


def _pictures(images: list[Any], box: tuple[int, int]) -> list[Picture]:
    """The pictures in order; from PARALLEL_IMAGES images on, thumbnails are made on all cores
    (forked workers, as Submission.inspecting_images does): 2,000 slot images take ~6 s on one core."""
    import os

    from jdcheck.materials import PARALLEL_IMAGES

    jobs = min(os.cpu_count() or 1, 4)
    readable = [m for m in images if m.info.error is None and m.info.stored_size is not None]
    if len(readable) < PARALLEL_IMAGES or jobs < 2:
        return [picture(m, box) for m in images]
    import multiprocessing

    from jdcheck.workers import process_pool

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one at a time
        return [picture(m, box) for m in images]
    tasks = [(m.path, m.info.stored_size, m.info.orientation, box) for m in readable]
    with process_pool(jobs, context) as pool:
        made = dict(zip((m.rel for m in readable), pool.map(_thumbnail_task, tasks, chunksize=max(16, len(tasks) // (jobs * 8)))))
    return [_picture(m, made.get(m.rel)) for m in images]


def _thumbnail_task(task: tuple) -> tuple[str, tuple[int, int]] | None:
    return thumbnail(*task)


def picture(image: Any, box: tuple[int, int] = (THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT)) -> Picture:
    info = image.info  # inspected already by the image checks (cached on the material)
    thumb = None
    if info.error is None and info.stored_size is not None:
        thumb = thumbnail(image.path, info.stored_size, info.orientation, box)
    return _picture(image, thumb)


def _picture(image: Any, thumb: tuple[str, tuple[int, int]] | None) -> Picture:
    info = image.info
    return Picture(
        file=image.rel,
        display_size=info.display_size,
        byte_size=info.byte_size,
        format=info.format,
        thumbnail=thumb[0] if thumb else None,
        thumbnail_size=thumb[1] if thumb else None,
    )


def thumbnail(path: Any, stored_size: tuple[int, int], orientation: int | None,
              box: tuple[int, int] = (THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT)) -> tuple[str, tuple[int, int]] | None:
    """A JPEG data URI at most `box` (width, height) as displayed, or None when the
    file cannot be decoded after all (it changed since it was inspected, or Pillow refuses it).

    Only the image inspection's pixel limit has let it through; JPEGs are decoded at 1/2, 1/4 or
    1/8 scale (draft mode), so a 4,000 px photo costs a fraction of a full decode."""
    from PIL import Image

    if orientation in (5, 6, 7, 8):  # stored on its side: the box turns with it
        box = (box[1], box[0])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a malformed MPO or EXIF block: the image checks speak of it
            im = _thumbnail(Image.open(path), box, stored_size, orientation)
            buffer = io.BytesIO()
            im.save(buffer, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return None  # the page shows a placeholder; the image checks already said what is wrong
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/jpeg;base64,{data}", im.size


def _thumbnail(opened: Any, box: tuple[int, int], stored_size: tuple[int, int], orientation: int | None) -> Any:
    from PIL import Image

    from jdcheck.images.orientation import upright

    with opened as im:
        if im.format in ("JPEG", "MPO"):
            scale = max(stored_size[0] / box[0], stored_size[1] / box[1], 1)
            im.draft("RGB", (int(stored_size[0] / scale), int(stored_size[1] / scale)))
        im.seek(0)
        im.thumbnail(box, Image.Resampling.LANCZOS)
        im.load()  # a picture already smaller than the box: read now, the file closes below
        im = upright(im, orientation)  # as the browser turns it (ImageInfo.orientation)
        return _flattened(im)


def _flattened(im: Any) -> Any:
    """RGB for JPEG: transparency over white, as the picture shows on a JD page."""
    from PIL import Image

    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA", "PA"):
        background = Image.new("RGB", im.size, "white")
        background.paste(im.convert("RGBA"), mask=im.convert("RGBA").getchannel("A"))
        return background
    if im.mode.startswith("I"):  # 16-bit greyscale PNG: scaled, not clipped to white
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return im.convert("RGB") if im.mode != "RGB" else im


# ── the sheet ────────────────────────────────────────────────────────────────────────────────


def sheet_view(material: Any, findings: list[Any], *, flagged_only: bool = False) -> SheetView | None:
    """The sheet the checks read (the table's sheet), or None when the file could not be read."""
    workbook, error = material.opened
    if workbook is None or error is not None:
        return None
    table = material.table
    sheet = table.sheet if table is not None else workbook.data_sheet()
    header_row = table.header_row if table is not None else None
    mine = [f for f in findings if f.file == material.rel]
    flagged_rows = {f.row for f in mine if f.row is not None}
    flagged_columns = [f.cell.column for f in mine if f.cell is not None and f.cell.column]

    last_header = header_row or 0
    numbers = range(1, len(sheet.rows) + 1)
    if flagged_only or len(sheet.rows) > MAX_ROWS:
        keep = [n for n in numbers if n <= last_header or n in flagged_rows]
    else:
        keep = list(numbers)
    kept = set(keep)
    width = max((len(sheet.rows[n - 1]) for n in keep), default=0)
    columns_cut = width > MAX_COLUMNS
    if columns_cut:
        width = max(MAX_COLUMNS, max(flagged_columns, default=0))
    rows = tuple((n, tuple(cell_text(sheet.cell(n, c).value) for c in range(1, width + 1))) for n in keep)
    return SheetView(
        file=material.rel,
        sheet=sheet.name,
        header_row=header_row,
        columns=width,
        rows=rows,
        rows_omitted=sum(1 for n in numbers if n not in kept and any(not c.is_blank for c in sheet.rows[n - 1])),
        columns_cut=columns_cut,
    )


def cell_text(value: Any) -> str:
    """A cell's value as Excel shows it by default: 199 not 199.0, 0.3 not 0.30000000000000004,
    a date without a midnight time, and a number of 12 or more digits as Excel's General format
    shows it, 1.00023E+11 — what the operator saw when the SKU was stored as a number (S007)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)) and abs(value) >= 1e11:
        mantissa, _, exponent = format(value, ".5E").partition("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 and not value.microsecond else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" if value.second == 0 else "%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
