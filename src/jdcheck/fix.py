"""`jdcheck fix TYPE FOLDER --out DIR`: a copy of the folder with what can be fixed safely, fixed.

Images of a role with an ImageSpec (slot images) are brought to what the spec asks: EXIF
orientation applied, RGB (CMYK via its ICC profile when it has one, palette and alpha over white),
the exact pixel size (`crop` around the centre or `pad` with white), an allowed format under the
byte limit at the highest quality found (metadata stripped); never enlarged more than
UPSCALE_LIMIT times. Screenshots keep their size: their true extension, and RGB and upright when
they are not. The spreadsheet gets a cleaned copy: full-width digits, spaces, currency signs and
units gone from numbers, text dates as real dates, SKUs as text, formulas kept with their saved
results. Everything else is copied byte for byte. What could not be fixed (an image, a sheet fix
cannot read or write back) is counted apart. The checked folder is only ever read.

Pillow only: the fixer needs no numpy. Candidates are ranked by an SSIM computed with Pillow's
own float images (block_ssim); benchmarks/fix_quality.py measures them with scikit-image's SSIM
against ImageMagick.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from jdcheck.checks.images import RGB_LIKE  # what I006 accepts is what needs no conversion
from jdcheck.config import CONFIG_NAME
from jdcheck.messages.errors import Failure
from jdcheck.rulefile import Column, ImageSpec, RuleSet

FITS = ("crop", "pad")
# (progressive, subsampling) tried for a JPEG; subsampling 0 = 4:4:4, 1 = 4:2:2, 2 = 4:2:0.
# benchmarks/fix_quality.py measures what each adds over Pillow's default (baseline, 4:2:0).
JPEG_CHOICES = ((False, 2), (True, 2), (False, 1), (True, 1), (False, 0), (True, 0))
SUBSAMPLING_NAMES = {0: "4:4:4", 1: "4:2:2", 2: "4:2:0"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp", "BMP": ".bmp"}
# The modes I006 accepts (checks/images.py RGB_LIKE; importing that module here would register
# the image checks alone and hide the others from checks.registry()).


class Say(str):
    """A field value that is itself a text key (e.g. "fix.fit.crop"), localized when printed."""


class FixRefused(Failure):
    """The output folder is unsafe (inside the checked folder) or exists without --force."""



UPSCALE_NOTICE = 1.5  # a picture enlarged this many times or more is said to be, in the fix report
# Beyond this, enlarging is refused (could not fix): a 1×1 or 100×66 picture blown up to 440×293
# passes the check and shows the manager a blur, which costs the slot. 4 times still takes a
# 200×200 thumbnail to an 800×800 slot, or 110×74 to 440×293.
UPSCALE_LIMIT = 4.0

# ── results ──────────────────────────────────────────────────────────────────────────────────


@dataclass(slots=True)
class Encoded:
    data: bytes
    format: str
    quality: int | None = None
    subsampling: int | None = None
    progressive: bool = False


@dataclass(slots=True)
class ImageFix:
    source: str  # relative to the folder
    output: str  # relative to the output folder (a new extension when the format changed)
    changes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (text key, fields)
    failure: tuple[str, dict[str, Any]] | None = None
    before: int = 0
    after: int = 0
    encoded: Encoded | None = None


@dataclass(slots=True)
class CellChange:
    cell: str  # "D4"
    column: str
    old: str
    new: str
    raw: str | None = field(default=None, repr=False)  # the cell's text as read, for a CSV's comparison


@dataclass(slots=True)
class SheetFix:
    source: str
    changes: list[CellChange] = field(default_factory=list)
    failure: tuple[str, dict[str, Any]] | None = None  # why it could not be fixed (copied unchanged)
    marks: tuple[int, int] = (0, 0)  # jdcheck sheets and comments of an annotated copy removed
    # formulas that read a cleaned cell: their saved result is from before cleaning ("E4", "说明!B2")
    stale: list[str] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return self.failure is None and bool(self.changes or any(self.marks))


@dataclass(slots=True)
class FixResult:
    out: Path
    images: list[ImageFix] = field(default_factory=list)
    sheets: list[SheetFix] = field(default_factory=list)
    copied: int = 0
    leftovers: list[str] = field(default_factory=list)  # files of an earlier run in `out` (--force), not rewritten
    # jdcheck.yaml files whose relative `rules:`/`logo:` paths were changed to reach the same files
    configs: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        """Files written changed: images fixed, sheets cleaned."""
        return sum(fix.failure is None for fix in self.images) + sum(s.written for s in self.sheets)

    @property
    def failed(self) -> int:
        """Files that could not be fixed: an image, or a sheet that could not be read or written."""
        return sum(fix.failure is not None for fix in self.images) + sum(s.failure is not None for s in self.sheets)


# ── the folder ───────────────────────────────────────────────────────────────────────────────


def check_output(folder: Path, out: Path, *, force: bool) -> None:
    """Refuse an output folder inside (or holding) the checked folder, or an existing one."""
    source, target = folder.resolve(), out.resolve()
    if target == source or target.is_relative_to(source):
        raise FixRefused("fix.out_inside", out=out, folder=folder)
    if source.is_relative_to(target):
        raise FixRefused("fix.out_holds", out=out, folder=folder)
    if out.exists() and not out.is_dir():
        raise FixRefused("fix.out_not_folder", out=out)
    if out.exists() and any(out.iterdir()) and not force:
        raise FixRefused("fix.out_not_empty", out=out)


def fix_folder(rules: RuleSet, folder: Path, out: Path, *, fit: str = "crop", force: bool = False,
               logo: Path | None = None) -> FixResult:
    """Copy `folder` to `out`, fixing images and the spreadsheet; the folder is only read. The
    brand's logo file (`logo`, or the nearest jdcheck.yaml's) kept in the folder is no material
    (materials.scan): named by a jdcheck.yaml it is copied as it is, for the copy's jdcheck.yaml to
    name; given by `logo` alone it is left out of the copy, as the copy is what is sent."""
    if fit not in FITS:
        raise ValueError(f"fit must be one of {FITS}")
    check_output(folder, out, force=force)
    before = {rel for _, rel in _files(out, rules)} if out.is_dir() else set()  # an earlier run's, with --force
    # Written beside OUT and moved into place when complete: a run that fails half-way (a bug, a
    # full disk, no memory) leaves no half-written OUT for the operator to send.
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.parent / f".{out.name}.{uuid.uuid4().hex[:8]}.jdcheck-part"
    stage.mkdir()  # with the usual permissions (mkdtemp's 0700 would become OUT's)
    try:
        result, written = _fix_into(rules, folder, out, stage, fit, logo)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _publish(stage, out)
    # Not deleted (the folder is the operator's), but said: the check of the copy sees them.
    result.leftovers = sorted(before - written)
    return result


def _publish(stage: Path, out: Path) -> None:
    """Move the complete copy at `stage` to `out`: renamed when `out` is absent or empty, else
    (--force over an earlier run) file by file over it."""
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
    if not out.exists():
        os.replace(stage, out)
        return
    for directory, _, names in os.walk(stage):
        for name in names:
            source = Path(directory) / name
            target = out / source.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    shutil.rmtree(stage, ignore_errors=True)


def _fix_into(rules: RuleSet, folder: Path, out: Path, stage: Path, fit: str,
              logo: Path | None) -> tuple[FixResult, set[str]]:
    """Write the fixed copy of `folder` into `stage` (to become `out`); the result and the files
    written (relative paths)."""
    from jdcheck.config import brand_logos
    from jdcheck.materials import scan

    submission = scan(folder, rules, logo)
    # --logo's file when no jdcheck.yaml names it: no part of what is sent
    left_out = frozenset({Path(logo).resolve()}) - brand_logos(folder) if logo is not None else frozenset()
    result = FixResult(out)
    handled: set[str] = set()
    written: set[str] = set()  # relative to `out`
    taken = {rel for _, rel in _files(folder, rules, left_out)}
    for material in submission.of_kind("image"):
        if material.spec is None:
            # A screenshot keeps its size and format, but gets its true extension (I005: a PNG
            # saved as .jpg opens in QQ, and a manager's tools may not), RGB (I006) and its
            # EXIF orientation applied (I007).
            fix = fix_screenshot(material)
            if fix is None:
                continue
        else:
            fix = fix_image_file(material.path, material.rel, material.spec, fit)
        handled.add(material.rel)
        if fix.output != material.rel and fix.output in taken:
            # 123.gif would become 123.jpg, but the folder has a 123.jpg too: which one is meant?
            fix = ImageFix(material.rel, material.rel, before=fix.before, after=fix.before,
                           failure=("fix.collision", {"name": PurePosixPath(fix.output).name}))
        taken.add(fix.output)
        target = stage / fix.output
        target.parent.mkdir(parents=True, exist_ok=True)
        written.add(fix.output)
        if fix.encoded is not None:
            target.write_bytes(fix.encoded.data)
        else:
            shutil.copyfile(material.path, target)
        if fix.changes or fix.failure:
            result.images.append(fix)
        else:
            result.copied += 1
    for material in submission.of_kind("sheet"):
        handled.add(material.rel)
        target = stage / material.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        written.add(material.rel)
        sheet_fix = clean_sheet(material, target)
        if not sheet_fix.written:
            shutil.copyfile(material.path, target)
        result.sheets.append(sheet_fix)
    for path, rel in _files(folder, rules, left_out):
        if rel in handled:
            continue
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        written.add(rel)
        moved = _config_paths_moved(path, target, folder) if path.name == CONFIG_NAME else None
        if moved:
            target.write_text(moved[0], encoding="utf-8")
            result.configs.append((rel, moved[1]))
        else:
            shutil.copyfile(path, target)
            result.copied += 1
    return result, written


def _config_paths_moved(source: Path, target: Path, folder: Path) -> tuple[str, list[tuple[str, str]]] | None:
    """The text of a jdcheck.yaml copied to `target`, with each relative `rules:` and `logo:` path
    changed to reach the same file from there (`logo: ../红蜻蜓-logo.png` names another file once
    the copy is elsewhere, and checking the copy stops at exit 2), and the (key, new path) changed.
    A file inside `folder` is copied with it: its path stays, and the copy names its own;
    None when nothing needs changing or the file is not one jdcheck reads (the check of the copy
    says why). Only the value on each key's line changes: comments and the rest stay as written."""
    import json

    from jdcheck.rulefile import load_folder_config
    from jdcheck.yamlfile import ConfigError, load_yaml

    try:
        config, doc = load_folder_config(source), load_yaml(source)
    except ConfigError:
        return None
    lines = doc.text.splitlines(keepends=True)
    changed = []
    for key, original in (("rules", config.rules_path()), ("logo", config.logo_path())):
        written = getattr(config, key)
        if original is None or Path(written).is_absolute() or original.resolve().is_relative_to(folder.resolve()):
            continue
        try:
            moved = Path(os.path.relpath(original, target.parent.resolve())).as_posix()
        except ValueError:  # another drive (Windows): only an absolute path reaches it
            moved = original.as_posix()
        if moved == Path(written).as_posix():
            continue
        _, line = doc.locate((key,))
        match = _CONFIG_VALUE.match(lines[line - 1]) if line else None
        if match is None or match["key"] != key:
            return None  # written in a form this line edit does not know (flow style, two lines)
        lines[line - 1] = f"{match['lead']}{json.dumps(moved, ensure_ascii=False)}{match['rest']}"
        changed.append((key, moved))
    return ("".join(lines), changed) if changed else None


# `logo: ../红蜻蜓-logo.png   # a comment`: the key, its value (maybe quoted) and what follows it.
_CONFIG_VALUE = re.compile(r"""(?P<lead>\s*(?P<key>\w+)\s*:\s*)(?:"[^"]*"|'[^']*'|[^#\r\n]*?)(?P<rest>\s*(?:#.*)?\r?\n?)$""")


def _files(folder: Path, rules: RuleSet, left_out: frozenset[Path] = frozenset()):
    """Every regular file of the folder the check sees (the walk's own `ignored_name`: no lock
    file, Thumbs.db, desktop.ini or hidden file is copied), with the folder's jdcheck.yaml and the
    logo it names, and no link out of it; not the files `left_out` (resolved paths)."""
    from jdcheck.materials import ignored_name

    root = folder.resolve()
    for directory, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not ignored_name(d, rules) and d not in rules.folder.ignore_dirs)
        for name in sorted(names):
            path = Path(directory) / name
            if (ignored_name(name, rules) and name != CONFIG_NAME) or not path.is_file():
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                continue
            if left_out and path.resolve() in left_out:
                continue
            yield path, path.relative_to(folder).as_posix()


# ── images ───────────────────────────────────────────────────────────────────────────────────


def byte_target(spec: ImageSpec) -> int | None:
    """The largest size to aim for: under the limit at 1 KB = 1024 and at 1 KB = 1000 (no I004)."""
    if spec.max_kb is None:
        return None
    return min(spec.max_bytes, int(spec.max_kb * 1000) - 1)


def fix_image_file(path: Path, rel: str, spec: ImageSpec, fit: str) -> ImageFix:
    from jdcheck.images import inspect_image

    info = inspect_image(path, max_pixels=spec.max_pixels)
    fix = ImageFix(rel, rel, before=info.byte_size, after=info.byte_size)
    if info.error is not None:
        fix.failure = ("fix.unreadable", {"detail": info.error_detail or info.error})
        return fix
    target_size = (spec.width, spec.height) if spec.width and spec.height else None
    true_format = "JPEG" if info.format == "MPO" else info.format
    limit = byte_target(spec)
    wrong_size = target_size is not None and info.display_size != target_size
    too_large = limit is not None and info.byte_size > limit
    bad_format = true_format not in spec.formats
    bad_mode = info.mode not in RGB_LIKE
    oriented = info.orientation not in (None, 1)
    animated = spec.still and info.animated
    if not (wrong_size or too_large or bad_format or bad_mode or oriented or animated):
        if not info.format_matches_extension:
            # Only the name lies: the true extension is a lossless fix.
            fix.output = _with_suffix(rel, EXTENSIONS[true_format])
            fix.changes.append(("fix.renamed", {"name": PurePosixPath(fix.output).name}))
        return fix

    factor = _enlargement(info.display_size, target_size, fit) if wrong_size else 1.0
    if factor > UPSCALE_LIMIT:
        fix.failure = ("fix.too_small", {"size": "{}×{}".format(*info.display_size), "target": "{}×{}".format(*target_size),
                                         "factor": _above(factor, UPSCALE_LIMIT), "limit": f"{UPSCALE_LIMIT:g}"})
        return fix
    picture = prepare(path, target_size, fit, orientation=info.orientation)
    out_format = "JPEG" if "JPEG" in spec.formats else spec.formats[0]
    encoded = encode_under(picture, out_format, limit)
    if encoded is None or (limit is not None and len(encoded.data) > limit):
        smallest = len(encoded.data) if encoded is not None else None
        fix.failure = ("fix.too_large", {"size": "{}×{}".format(*picture.size), "bytes": smallest, "limit": limit})
        return fix
    if oriented:
        fix.changes.insert(0, ("fix.orientation", {"orientation": info.orientation}))
    if info.mode != "RGB":
        fix.changes.append(("fix.mode", {"mode": info.mode}))
    if animated:
        fix.changes.append(("fix.frames", {}))
    if wrong_size:
        fix.changes.append(("fix.size", {"old": "{}×{}".format(*info.display_size),
                                         "new": "{}×{}".format(*target_size), "fit": Say(f"fix.fit.{fit}")}))
        if factor >= UPSCALE_NOTICE:
            # 440×293 cropped to 800×800 is 2.7 times larger: it passes, and it may look soft
            fix.changes.append(("fix.upscaled", {"factor": f"{factor:.1f}"}))
    if true_format != out_format or not info.format_matches_extension:
        fix.changes.append(("fix.format", {"old": f"{info.format} ({PurePosixPath(rel).suffix})",
                                           "new": f"{out_format} ({EXTENSIONS[out_format]})"}))
    suffix = PurePosixPath(rel).suffix.lower()
    if EXTENSIONS.get(out_format) != suffix and not (out_format == "JPEG" and suffix in (".jpg", ".jpeg")):
        fix.output = _with_suffix(rel, EXTENSIONS[out_format])
        fix.changes.append(("fix.renamed", {"name": PurePosixPath(fix.output).name}))
    fix.encoded = encoded
    fix.after = len(encoded.data)
    fix.changes.append(("fix.bytes", {"old": _kb(info.byte_size), "new": _kb(fix.after)}))
    if encoded.quality is not None:
        fix.changes.append(("fix.encoding", {"quality": encoded.quality,
                                             "subsampling": SUBSAMPLING_NAMES.get(encoded.subsampling, "?"),
                                             "progressive": Say("fix.progressive") if encoded.progressive else ""}))
    return fix


def fix_screenshot(material) -> ImageFix | None:
    """The fix of a screenshot (no slot spec: its size and bytes are free): its true extension,
    byte for byte; or, when it is CMYK or another non-RGB mode or has an EXIF orientation, RGB
    pixels turned upright, re-encoded near-losslessly (JPEG quality 95 at 4:4:4; anything else as
    PNG). None when nothing is wrong (or it cannot be read: the check says why)."""
    info = material.info
    true_format = "JPEG" if info.format == "MPO" else info.format
    if info.error is not None or true_format not in EXTENSIONS:
        return None
    oriented = info.orientation not in (None, 1)
    bad_mode = info.mode not in RGB_LIKE
    if not (oriented or bad_mode):
        if info.format_matches_extension:
            return None
        output = _with_suffix(material.rel, EXTENSIONS[true_format])
        return ImageFix(material.rel, output, changes=[("fix.renamed", {"name": PurePosixPath(output).name})],
                        before=info.byte_size, after=info.byte_size)
    picture = prepare(material.path, None, "crop", orientation=info.orientation)
    out_format = "JPEG" if true_format == "JPEG" else "PNG"
    encoded = _plain_jpeg(picture, 95) if out_format == "JPEG" else _encode_lossless(picture, "PNG", None)
    fix = ImageFix(material.rel, material.rel, before=info.byte_size, after=len(encoded.data), encoded=encoded)
    if oriented:
        fix.changes.append(("fix.orientation", {"orientation": info.orientation}))
    if bad_mode:
        fix.changes.append(("fix.mode", {"mode": info.mode}))
    if true_format != out_format:
        fix.changes.append(("fix.format", {"old": f"{info.format} ({PurePosixPath(material.rel).suffix})",
                                           "new": f"{out_format} ({EXTENSIONS[out_format]})"}))
    suffix = PurePosixPath(material.rel).suffix.lower()
    if EXTENSIONS[out_format] != suffix and not (out_format == "JPEG" and suffix in (".jpg", ".jpeg")):
        fix.output = _with_suffix(material.rel, EXTENSIONS[out_format])
        fix.changes.append(("fix.renamed", {"name": PurePosixPath(fix.output).name}))
    fix.changes.append(("fix.bytes", {"old": _kb(info.byte_size), "new": _kb(fix.after)}))
    return fix


def _above(factor: float, limit: float) -> str:
    """A factor over `limit` as it reads over it: 4.4, but 4.04 rather than "4.0 (over 4)"."""
    return f"{factor:.1f}" if round(factor, 1) > limit else f"{factor:.2f}"


def _enlargement(source: tuple[int, int], target: tuple[int, int], fit: str) -> float:
    """How many times larger the picture's pixels are drawn: crop fills the target (the larger
    ratio), pad fits inside it (the smaller)."""
    ratios = (target[0] / source[0], target[1] / source[1])
    return max(ratios) if fit == "crop" else min(ratios)


def _with_suffix(rel: str, suffix: str) -> str:
    return str(PurePosixPath(rel).with_suffix(suffix))


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def prepare(path: Path, size: tuple[int, int] | None, fit: str, *, orientation: int | None):
    """The picture as it should be shown: first frame, turned as the browser turns it for
    `orientation` (ImageInfo.orientation), RGB, at `size` (None: as is)."""
    import warnings

    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        # "Corrupt EXIF data", "malformed MPO" (warned while opening): Pillow copes, the operator
        # need not read it.
        warnings.simplefilter("ignore")
        with Image.open(path) as im:
            picture = _decoded(im, orientation, size)
    if size is not None and picture.size != size:
        if fit == "pad":
            picture = ImageOps.pad(picture, size, method=Image.Resampling.LANCZOS, color="white")
        else:
            picture = ImageOps.fit(picture, size, method=Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    return picture


def _decoded(im, orientation: int | None, size: tuple[int, int] | None):
    """The first frame of an opened picture, oriented, in RGB."""
    from jdcheck.images.orientation import upright

    im.seek(0)
    if size is not None and im.format == "JPEG" and im.mode in ("RGB", "L", "CMYK"):
        # DCT scaling while decoding: a 6000×4000 photo decodes at ≥ twice the target size.
        side = 2 * max(size)
        im.draft(im.mode, (side, side))
    im.load()
    return to_rgb(upright(im, orientation))


def to_rgb(im):
    """RGB for a browser: an ICC profile applied when there is one, transparency over white."""
    from PIL import Image

    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "CMYK"):
        from PIL import ImageCms

        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: convert without it, as browsers do
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda value: value / 256).convert("L")  # 16-bit grey to 8 bits
    return im if im.mode == "RGB" else im.convert("RGB")


def encode_under(picture, fmt: str, limit: int | None, *, choices=JPEG_CHOICES) -> Encoded | None:
    """`picture` encoded as `fmt` at the best quality under `limit` bytes.

    JPEG: for each (progressive, subsampling) choice, the highest quality under the limit by
    binary search; of those, the one most like `picture` (block SSIM). None when even
    quality 1 is too large. Other formats: lossless, palette-reduced if that is what fits.
    """
    if fmt != "JPEG":
        return _encode_lossless(picture, fmt, limit)
    if limit is None:
        return _jpeg(picture, 95, 0, False) or _plain_jpeg(picture, 95)
    best: tuple[float, Encoded] | None = None
    smallest: Encoded | None = None
    for progressive, subsampling in choices:
        found = _highest_quality(picture, limit, subsampling, progressive)
        if found is None:
            candidate = _jpeg(picture, 1, subsampling, progressive)
            if candidate is not None and (smallest is None or len(candidate.data) < len(smallest.data)):
                smallest = candidate
            continue
        score = block_ssim(picture, found.data)
        if best is None or score > best[0]:
            best = (score, found)
    return best[1] if best is not None else smallest


def _highest_quality(picture, limit: int, subsampling: int, progressive: bool) -> Encoded | None:
    # Sizes grow with quality, so the search reaches the top qualities only after lower ones fit:
    # it never asks Pillow for an output too large for its buffer (which libjpeg reports on stderr).
    low, high, found = 1, 100, None
    while low <= high:
        quality = (low + high) // 2
        attempt = _jpeg(picture, quality, subsampling, progressive)
        if attempt is not None and len(attempt.data) <= limit:
            found, low = attempt, quality + 1
        else:
            high = quality - 1
    return found


def _jpeg(picture, quality: int, subsampling: int, progressive: bool) -> Encoded | None:
    """The JPEG at these settings; None when it is larger than Pillow's optimising encoder can
    hold (w×h bytes, 2×w×h from quality 95: "Suspension not allowed here"), far over any slot's
    limit that is smaller than that."""
    buffer = io.BytesIO()
    # No exif, icc_profile or comment is passed: the output carries no metadata.
    try:
        picture.save(buffer, "JPEG", quality=quality, subsampling=subsampling, progressive=progressive, optimize=True)
    except OSError:
        return None
    return Encoded(buffer.getvalue(), "JPEG", quality, subsampling, progressive)


def _plain_jpeg(picture, quality: int) -> Encoded:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality, subsampling=0)
    return Encoded(buffer.getvalue(), "JPEG", quality, 0, False)


def _encode_lossless(picture, fmt: str, limit: int | None) -> Encoded | None:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, optimize=True) if fmt == "PNG" else picture.save(buffer, fmt)
    encoded = Encoded(buffer.getvalue(), fmt)
    if limit is None or len(encoded.data) <= limit or fmt not in ("PNG", "GIF"):
        return encoded
    buffer = io.BytesIO()
    picture.quantize(256).save(buffer, fmt, optimize=True)
    return Encoded(buffer.getvalue(), fmt)


_SSIM_C1, _SSIM_C2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
_SSIM_BLOCK = 8


def block_ssim(reference, data: bytes) -> float:
    """SSIM of the decoded `data` against `reference`, over 8×8 blocks of R, G and B, in Pillow.

    The fixer ranks its candidates with it; numpy is not needed. Local means and (co)variances
    come from box-reducing float images of x, y, x², y² and xy; two grids offset by half a block
    stand in for the sliding window of the usual SSIM (benchmarks/fix_quality.py compares with
    scikit-image's)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as decoded:
        other = decoded.convert("RGB")
    total, count = 0.0, 0
    half = _SSIM_BLOCK // 2
    for band in range(3):
        x, y = reference.getchannel(band).convert("F"), other.getchannel(band).convert("F")
        for offset in (0, half):
            if offset:
                box = (offset, offset, x.size[0], x.size[1])
                x, y = x.crop(box), y.crop(box)
            means = [_block_means(image) for image in (x, y, _product(x, x), _product(y, y), _product(x, y))]
            for mx, my, mxx, myy, mxy in zip(*means):
                vx, vy, cxy = mxx - mx * mx, myy - my * my, mxy - mx * my
                total += ((2 * mx * my + _SSIM_C1) * (2 * cxy + _SSIM_C2)) / (
                    (mx * mx + my * my + _SSIM_C1) * (vx + vy + _SSIM_C2))
                count += 1
    return total / count


def _product(a, b):
    from PIL import ImageMath

    return ImageMath.lambda_eval(lambda images: images["a"] * images["b"], a=a, b=b)


def _block_means(image) -> list[float]:
    from array import array

    width, height = image.size[0] // _SSIM_BLOCK, image.size[1] // _SSIM_BLOCK
    reduced = image.crop((0, 0, width * _SSIM_BLOCK, height * _SSIM_BLOCK)).reduce(_SSIM_BLOCK)
    return array("f", reduced.tobytes()).tolist()


# ── the spreadsheet ──────────────────────────────────────────────────────────────────────────


def clean_sheet(material, target: Path) -> SheetFix:
    """Write a cleaned copy of the submission spreadsheet to `target` (unless nothing changes)."""
    fix = SheetFix(material.rel)
    workbook, error = material.opened
    if error is not None:
        fix.failure = ("fix.sheet_unreadable", {"detail": error.detail})  # encrypted, corrupt: S001
        return fix
    table = material.table
    found = table is not None and table.header_row is not None
    if workbook.format == "xls":
        # Nothing to clean is no failure; cells to clean or jdcheck's marks (M107) left in are.
        if (found and next(_cell_edits(table), None) is not None) or _carries_marks(workbook):
            fix.failure = ("fix.xls", {})
        return fix
    if table is None:
        return fix  # a type whose rule file has no spreadsheet: nothing to clean against
    if not found:
        fix.failure = ("fix.no_table", {})
        return fix
    edits = list(_cell_edits(table))
    if workbook.format == "csv":
        # A CSV holds text: a cell whose text comes out the same ("199" read as 199) is unchanged.
        edits = [edit for edit in edits if not _same_csv_text(edit[2][0], edit[0].raw)]
    fix.changes = [change for change, _, _ in edits]
    if workbook.format == "csv":
        if edits:
            _write_csv(material.path, workbook, edits, target)
        return fix
    marked = _may_carry_marks(material.path, workbook, table.sheet.name)
    if not edits and not marked:
        return fix
    from jdcheck.annotate import OPENPYXL_REFUSALS
    from jdcheck.sheets import SheetReadError

    try:
        fix.marks, fix.stale = _write_xlsx(material.path, workbook.format, table, edits, target, strip_marks=marked)
    except (SheetReadError, *OPENPYXL_REFUSALS):
        fix.changes, fix.failure = [], ("fix.unopenable", {})
    return fix


def _same_csv_text(value, raw: str | None) -> bool:
    """Whether the cleaned value says what the CSV's text already says: `399` for 399, and an ISO
    date with or without seconds for the same moment (`2026-12-02 09:30:00`)."""
    if raw is None:
        return False
    if isinstance(value, dt.datetime):
        try:
            return dt.datetime.fromisoformat(raw.strip()) == value and raw == raw.strip()
        except ValueError:
            return False
    return _csv_text(value) == raw


def _csv_text(value) -> str:
    from jdcheck import values as V

    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, dt.datetime) else V.render(value)


def _cell_edits(table):
    """(CellChange, (row, column index), (value, number format)) for every cell to rewrite."""
    from openpyxl.utils import get_column_letter

    for row in table.rows:
        for key, index in table.columns.items():
            if key in row.covered:
                continue  # under a merge: the value is the merge's own cell, cleaned there
            column = table.column(key)
            raw = row.cells[key].value
            cleaned = clean_value(column, row.parsed[key], raw)
            if cleaned is None:
                continue
            value, number_format = cleaned
            if value == raw and type(value) is type(raw):
                continue
            change = CellChange(f"{get_column_letter(index)}{row.number}", table.header_text(key), _shown(raw), _shown(value),
                                raw=raw if isinstance(raw, str) else None)
            yield change, (row.number, index), (value, number_format)


def _shown(value) -> str:
    """A cell value for the change list: text quoted (so spaces show), numbers and dates bare."""
    from jdcheck.checks import shown

    return repr(value) if isinstance(value, str) else shown(value)


def clean_value(column: Column, parsed, raw) -> tuple[Any, str | None] | None:
    """The value a cell should hold and its number format, or None to leave it as it is."""
    from jdcheck import values as V

    if isinstance(parsed, V.SkuValue):
        return (parsed.digits, "@") if parsed.digits is not None else None
    if not parsed.ok or parsed.empty:
        return None
    if column.kind in ("number", "integer") and isinstance(raw, str):
        number: Decimal = parsed.value
        return (int(number) if number == number.to_integral_value() else float(number)), None
    if column.kind == "datetime" and not isinstance(raw, dt.datetime):
        return parsed.value, "yyyy-mm-dd hh:mm"
    if parsed.cleaning and isinstance(parsed.value, str):
        return parsed.value, None
    return None


def _write_xlsx(source: Path, fmt: str, table, edits, target: Path, *,
                strip_marks: bool = False) -> tuple[tuple[int, int], list[str]]:
    """Save the edited copy; with `strip_marks`, without an annotated copy's marks. Returns the
    (sheets, comments) removed and the formulas that read an edited cell; nothing is written when
    there is neither an edit nor a mark.

    Every formula keeps the result the source saved with it: openpyxl writes formulas without
    one, and a copy whose 团购价 `=D4*0.8` reads empty (S012, an empty price in the message) would
    be worse than the sheet it came from. A formula that reads a cleaned cell keeps its saved
    result too (the cleaned cell means the same to Excel, or the result was already wrong in the
    source); it is listed, and Excel or WPS recompute it when the copy is opened."""
    from openpyxl.cell.cell import MergedCell

    from jdcheck.sheets import load_for_copy, writable
    from jdcheck.sheets.copies import formula_results, restore_formula_results

    wb = load_for_copy(source, fmt)
    marks = _strip_marks(wb, keep=table.sheet.name) if strip_marks else (0, 0)
    if not edits and not any(marks):
        return marks, []
    ws = wb[table.sheet.name]
    edited = set()
    for _, (row, column), (value, number_format) in edits:
        cell = ws.cell(row, column)
        if isinstance(cell, MergedCell):
            continue
        cell.value = writable(value)
        edited.add((row, column))
        if number_format is not None:
            cell.number_format = number_format
    wb.save(target)
    results = formula_results(source)
    restore_formula_results(target, results)
    stale = [ref if title == ws.title else f"{title}!{ref}" for title, ref in _formulas_reading(wb, ws.title, edited)
             if ref in results.get(title, {})]
    return marks, stale


def _formulas_reading(wb, sheet: str, cells: set[tuple[int, int]]):
    """(sheet title, cell reference) of each formula of the workbook that may read one of `cells`
    of `sheet`: a reference or range covering it, or what cannot be followed (a defined name,
    INDIRECT, OFFSET, a 3-D reference)."""
    if not cells:
        return
    for ws in wb.worksheets:
        for cell in _existing_cells(ws):
            if cell.data_type != "f":
                continue
            text = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", None)
            if isinstance(text, str) and _may_read(text, ws.title, sheet, cells):
                yield ws.title, cell.coordinate


def _existing_cells(ws):
    """The cells the sheet holds, row by row: openpyxl's sparse store (`ws._cells`, as the reader
    in sheets/ooxml.py walks it). `iter_rows()` would create every cell of the bounding box: one
    `x` at XFD1048576 is 17 billion cells, and fix ran out of memory."""
    return [ws._cells[key] for key in sorted(ws._cells)]


def _may_read(formula: str, own: str, sheet: str, cells: set[tuple[int, int]]) -> bool:
    from openpyxl.formula.tokenizer import Token, Tokenizer
    from openpyxl.utils.cell import range_boundaries

    try:
        tokens = Tokenizer(formula if formula.startswith("=") else "=" + formula).items
    except Exception:  # openpyxl's tokenizer raises bare errors on what Excel would refuse
        return True
    for token in tokens:
        if token.type == Token.FUNC and token.value.upper() in ("INDIRECT(", "OFFSET("):
            return True
        if token.type != Token.OPERAND or token.subtype != Token.RANGE:
            continue
        prefix, _, ref = token.value.rpartition("!")
        if prefix.startswith("["):
            continue  # another workbook
        if ":" in prefix:
            return True  # Sheet1:Sheet3!A1
        if (prefix.strip("'").replace("''", "'") if prefix else own) != sheet:
            continue
        try:
            low_col, low_row, high_col, high_row = range_boundaries(ref.replace("$", ""))
        except (ValueError, TypeError):
            return True  # a defined name
        if any((low_row is None or low_row <= r) and (high_row is None or r <= high_row)
               and (low_col is None or low_col <= c) and (high_col is None or c <= high_col) for r, c in cells):
            return True
    return False


# What `--annotate` leaves in a copy (annotate.py): a summary sheet `jdcheck` (`jdcheck_` when
# the name was taken) and, on marked cells, a fill and a comment whose text, or whose part after
# an existing comment and a `—` line, has lines starting with a rule code.
_MARK_TEXT = re.compile(r"(?m)^\s*([A-Z]\d{3})\s")  # as M107 (checks/sheets.py) reads a comment
_MARK_SEPARATOR = "\n—\n"


def _is_mark_sheet(name: str) -> bool:
    from jdcheck.sheets.model import is_annotation_sheet  # M107's own test of a sheet name

    return is_annotation_sheet(name)


def _is_mark(text: str) -> bool:
    """A comment (part) with a line that starts with a rule code: jdcheck's, whoever the author
    now is (LibreOffice drops the `jdcheck` author on saving), and what M107 reports."""
    from jdcheck.codes import all_codes

    return any(code in all_codes() for code in _MARK_TEXT.findall(text))


def _carries_marks(workbook) -> bool:
    """Whether a workbook as read carries jdcheck's marks, as M107 sees them."""
    return any(_is_mark_sheet(sheet.name) or any(_is_mark(text) for text in sheet.comments.values())
               for sheet in workbook.sheets)


def _may_carry_marks(path: Path, workbook, data_sheet: str) -> bool:
    """Cheap: a summary sheet, or any comments part in the package (loading decides the rest)."""
    import zipfile

    if workbook.format not in ("xlsx", "xlsm"):
        return False
    if any(_is_mark_sheet(sheet.name) and sheet.name != data_sheet for sheet in workbook.sheets):
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.lower().startswith("xl/comments") for name in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def _strip_marks(wb, keep: str) -> tuple[int, int]:
    """Remove jdcheck's summary sheets and its comments (with the fill it put under them); a
    comment someone wrote before jdcheck appended to it is kept. Returns (sheets, comments)."""
    from openpyxl.styles import PatternFill

    from jdcheck.annotate import FILLS

    sheets = 0
    for ws in list(wb.worksheets):
        if _is_mark_sheet(ws.title) and ws.title != keep:
            wb.remove(ws)
            sheets += 1
    colours = set(FILLS.values())
    comments = 0
    for ws in wb.worksheets:
        for cell in _existing_cells(ws):
            if cell.comment is None:
                continue
            parts = cell.comment.text.split(_MARK_SEPARATOR)
            kept = [part for part in parts if not _is_mark(part)]
            if len(kept) == len(parts):
                continue
            comments += 1
            if kept:
                cell.comment.text = _MARK_SEPARATOR.join(kept)
            else:
                cell.comment = None
            colour = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
            if isinstance(colour, str) and colour[-6:].upper() in colours:
                cell.fill = PatternFill()
    if sheets and wb.worksheets:
        visible = next((ws for ws in wb.worksheets if ws.sheet_state == "visible"), wb.worksheets[0])
        for ws in wb.worksheets:
            ws.sheet_view.tabSelected = ws is visible
        wb.active = wb.index(visible)
    return sheets, comments


def _write_csv(source: Path, workbook, edits, target: Path) -> None:
    """The file as it was, but for the edited cells: every record without an edit is written
    back as its own text (quotes, spacing and all), and in an edited record only the edited
    fields change, quoted if they were (LibreOffice's "quote all text cells" quotes 红蜻蜓 but
    not 399) or if their new text needs it. Field counts (trailing empty fields too), the
    delimiter, the encoding and the line ends stay."""
    import csv

    from jdcheck.sheets.csvfile import _sniff_delimiter  # the reader's own guess, so the copy keeps the delimiter

    encoding = workbook.encoding or "utf-8"
    with source.open(encoding=encoding, newline="") as fh:
        text = fh.read()
    delimiter = _sniff_delimiter(text[:8192])
    lines = io.StringIO(text, newline="")  # lines end at \r, \n or \r\n only (not at U+2028 …)
    consumed: list[str] = []

    def fed():  # the reader asks for a record's lines only as it needs them
        for line in lines:
            consumed.append(line)
            yield line

    records: list[tuple[list[str], str]] = []
    for fields in csv.reader(fed(), delimiter=delimiter):
        records.append((fields, "".join(consumed)))
        consumed.clear()
    edited: dict[int, dict[int, str]] = {}
    for _, (row, column), (value, _) in edits:
        if row <= len(records):  # beyond: the file changed since it was read; left as it is
            edited.setdefault(row, {})[column] = _csv_text(value)
    with target.open("w", encoding=encoding, newline="") as fh:
        for number, (fields, raw) in enumerate(records, start=1):
            fh.write(_edited_record(fields, raw, edited[number], delimiter) if number in edited else raw)


def _edited_record(fields: list[str], raw: str, changes: dict[int, str], delimiter: str) -> str:
    """A record's text with the fields of `changes` (1-based column → text) replaced."""
    import csv

    body = raw.rstrip("\r\n")
    ending = raw[len(body):]
    pieces = _raw_fields(body, delimiter)
    if len(pieces) != len(fields):  # quoting this split cannot follow: the whole record is rewritten
        cells = list(fields)
        for column, value in changes.items():
            cells.extend([""] * (column - len(cells)))
            cells[column - 1] = value
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator=ending or "\r\n").writerow(cells)
        return buffer.getvalue() if ending else buffer.getvalue().rstrip("\r\n")
    for column, value in changes.items():
        pieces.extend([""] * (column - len(pieces)))
        was_quoted = pieces[column - 1].startswith('"')
        needs_quotes = any(c in value for c in (delimiter, '"', "\r", "\n"))
        pieces[column - 1] = f'"{value.replace(chr(34), chr(34) * 2)}"' if was_quoted or needs_quotes else value
    return delimiter.join(pieces) + ending


def _raw_fields(body: str, delimiter: str) -> list[str]:
    """A record's fields as written, quotes included: split at each delimiter outside quotes."""
    pieces, start, quoted = [], 0, False
    for index, char in enumerate(body):
        if char == '"':
            quoted = not quoted  # a doubled "" inside quotes toggles twice
        elif char == delimiter and not quoted:
            pieces.append(body[start:index])
            start = index + 1
    pieces.append(body[start:])
    return pieces


# ── what changed, for the operator ───────────────────────────────────────────────────────────


def describe(result: FixResult, lang: str) -> list[str]:
    """The lines `jdcheck fix` prints: one per changed file, and the cells of the sheet."""
    from jdcheck.messages import reader_phrase
    from jdcheck.messages.fixing import say

    def text(key: str, fields: dict[str, Any]) -> str:
        localized = {k: say(v, lang) if isinstance(v, Say) else reader_phrase(v, lang) if k == "detail" else v
                     for k, v in fields.items()}
        return say(key, lang, **localized)

    separator = "；" if lang == "zh" else "; "
    lines = []
    for fix in result.images:
        if fix.failure is not None:
            lines.append(say("fix.failed", lang, file=fix.source, reason=text(*fix.failure)))
        else:
            lines.append(say("fix.image", lang, file=fix.source, changes=separator.join(text(k, f) for k, f in fix.changes)))
    for sheet in result.sheets:
        if sheet.failure is not None:
            lines.append(say("fix.failed", lang, file=sheet.source, reason=text(*sheet.failure)))
        elif not sheet.written:
            lines.append(say("fix.sheet_unchanged", lang, file=sheet.source))
        else:
            if any(sheet.marks):
                lines.append(say("fix.marks", lang, file=sheet.source, sheets=sheet.marks[0], comments=sheet.marks[1]))
            if sheet.changes:
                lines.append(say("fix.sheet", lang, file=sheet.source, count=len(sheet.changes)))
            lines += [say("fix.cell", lang, cell=c.cell, column=c.column, old=c.old, new=c.new) for c in sheet.changes]
            if sheet.stale:
                lines.append(say("fix.stale", lang, count=len(sheet.stale), cells=", ".join(sheet.stale)))
    for rel, moved in result.configs:
        for key, path in moved:
            lines.append(say("fix.config_path", lang, file=rel, setting=key, path=path))
    lines.append(say("fix.copied", lang, count=result.copied))
    if result.leftovers:
        names = ", ".join(result.leftovers[:5]) + (", …" if len(result.leftovers) > 5 else "")
        lines.append(say("fix.leftovers", lang, count=len(result.leftovers), names=names))
    return lines
