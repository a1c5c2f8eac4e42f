"""Inspect one image file cheaply and truthfully.

``inspect_image`` answers what the image checks (I001–I008) need: the format the bytes really
are, the format the extension claims, the stored and the displayed pixel size, the EXIF
orientation, the colour mode, whether it is animated, and whether the file can be read at all.

Cost (CPU per file, Pillow 13, one core): reading the header (size, mode, EXIF, animation)
costs ~0.05 ms through Pillow and decodes nothing; a JPEG whose header segments, or a PNG whose
chunks before the image data, Pillow's parser reads exactly as the walk does gets them from the
walk instead (_header_from_walk), and a folder of such files never imports Pillow (~15 ms).
Integrity is then checked per format: ``integrity="decode"``
(slot images, whose pixels JD shows) asks for everything a decoder would refuse, by the cheapest
check that sees all of it; ``integrity="structure"`` (screenshots, whose pixels no check reads)
for every byte read without decompressing anything.

- JPEG/MPO, both levels: the walk, from SOI to EOI as libjpeg-turbo reads the file to decode it
  (below): every header segment and table with libjpeg's checks, every byte of the entropy-coded
  data for markers. 0.04 ms for a 440×293 38 KB slot image against 0.29 ms for the 1/8 decode
  that slot images had until issue 14, 0.15 ms against 2.9 ms for a 1920×1080 QQ screenshot. On
  200 random placements of each kind of damage (benchmarks/jpeg_damage.py) it refuses every file
  the decode refuses. libjpeg refuses a file only for its markers, tables and scan parameters
  (and a progressive DC sum past 2³¹ that only a crafted file reaches); inside the entropy-coded
  data it only warns, so decoding would add nothing but its cost.
- PNG: every chunk walked with its CRC to IEND. At "decode" the IDAT zlib stream is also
  inflated in 1 MiB steps and counted, never kept: 0.6–0.7 ms more for a 440×293 slot PNG of
  42–85 KB, 1.0 ms against 4.3 ms for Pillow's full decode of a 512×512 photo. The CRCs catch
  damage in transit or on disk; only the inflate sees a writer's broken zlib data under valid
  CRCs, and it is kept for slot PNGs (rare, and the 50 KB limit keeps them small). A 244 KB
  1280×720 browser screenshot: 0.2 ms walked against 6.3 ms inflated.
- GIF: blocks walked to the trailer (frame extents count against the pixel limit); at "decode"
  the first frame decoded too. WebP: first frame decoded (libwebp has parsed every chunk on
  open). Other: full decode.

Nothing is decoded before the pixel count has been compared with the limit.
"""

from __future__ import annotations

import re
import stat
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final, Literal

from jdcheck.images.common import (
    PILLOW_DATA_ERRORS,
    ImageError,
    Unreadable,
    from_pillow,
    too_many_pixels_detail,
)
from jdcheck.images.foreign import explain_unopenable, sniff_format, sniff_size
from jdcheck.images.gif import walk_gif
from jdcheck.images.jpeg import JpegHeader, jpeg_truncation_detail, walk_jpeg
from jdcheck.images.orientation import TRANSPOSING, orientation_of, tiff_orientation
from jdcheck.images.png import PNG_SIGNATURE, PngHeader, walk_png
from jdcheck.images.webp import webp_canvas_size

if TYPE_CHECKING:
    from PIL import Image as PILImage

__all__ = ["DEFAULT_MAX_PIXELS", "ImageError", "ImageInfo", "Integrity", "inspect_image", "inspect_image_data"]

# Pillow's own default (Image.MAX_IMAGE_PIXELS): about 0.25 GiB of 24-bit pixels.
DEFAULT_MAX_PIXELS: Final = 89_478_485

# How much of the file the integrity check reads (see the module docstring):
#   "decode"    everything a decoder would refuse, checked the cheapest way that sees all of it:
#               JPEG walked as libjpeg reads it (which the decode adds nothing to), PNG inflated;
#   "structure" every byte, every container structure checked, nothing decompressed: PNG chunk
#               CRCs to IEND, the same JPEG walk;
#   "header"    the header only: a truncated file may pass.
Integrity = Literal["decode", "structure", "header"]

_EXTENSION_FORMATS: Final = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".gif": "GIF",
    ".webp": "WEBP",
    ".bmp": "BMP",
}

# An MPO (multi-picture: stereo cameras, phone photos with a depth or gain map) is a JPEG whose
# first picture every viewer and JD's upload show; naming it .jpg is not a lie.
_SAME_FORMAT: Final = {"MPO": "JPEG"}

_PILLOW_GLOBALS_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What one image file is, as far as the image checks need to know."""

    path: Path
    byte_size: int
    """Exact size in bytes (os.stat)."""
    format: str | None
    """True format from the content ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "MPO", or
    another Pillow name); None when the bytes are not a recognisable image."""
    extension_format: str | None
    """What the file extension claims: .jpg/.jpeg → "JPEG", .png, .gif, .webp, .bmp; else None."""
    stored_size: tuple[int, int] | None
    """(width, height) as stored in the file."""
    display_size: tuple[int, int] | None
    """(width, height) as displayed: stored_size swapped for EXIF orientation 5, 6, 7 and 8."""
    orientation: int | None
    """EXIF Orientation (1..8) as the manager's browser reads it (images.orientation: a JPEG's
    EXIF APP1, a PNG's eXIf before the image data; no XMP, no text chunk), else None."""
    mode: str | None
    """Pillow mode: "RGB", "L", "P", "RGBA", "CMYK", "I;16", ..."""
    animated: bool
    """More than one frame (GIF, APNG, animated WebP). An MPO is not animated: its later pictures
    are a stereo pair or a gain map that nobody plays."""
    error: ImageError | None
    """None when the file is a readable image; else why it is not."""
    error_detail: str | None
    """Short English detail of the error, e.g. "JPEG ends without EOI marker"."""

    def fields_after_path(self) -> tuple:
        """Every field but the path, in order: ImageInfo(path, *info.fields_after_path()) is info
        again (what a worker process sends back for a path it was given)."""
        return (self.byte_size, self.format, self.extension_format, self.stored_size, self.display_size,
                self.orientation, self.mode, self.animated, self.error, self.error_detail)

    @property
    def format_matches_extension(self) -> bool:
        """True when the extension names the true format (MPO counts as JPEG).

        False when either side is unknown: a file whose content or extension is not an image
        format cannot be said to match."""
        if self.format is None or self.extension_format is None:
            return False
        return _SAME_FORMAT.get(self.format, self.format) == self.extension_format


def inspect_image(
    path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS, integrity: Integrity = "decode"
) -> ImageInfo:
    """Read what ``path`` is without trusting its extension.

    ``max_pixels`` refuses larger images (error "too_many_pixels") before any pixel is decoded.
    ``integrity`` says how far the file is checked: "decode" (the default: all a decoder would
    refuse), "structure" (no decompression: for screenshots, whose pixels no check reads) or
    "header" (no check at all).
    Never raises for a bad file; every unreadable file comes back with ``error`` set.
    """
    path = Path(path)
    facts = _Facts(path=path, extension_format=_EXTENSION_FORMATS.get(path.suffix.lower()))
    try:
        status = path.stat()
        facts.byte_size = status.st_size
        if not stat.S_ISREG(status.st_mode):
            raise Unreadable("not_image", "not a regular file")
        if facts.byte_size == 0:
            raise Unreadable("empty", "file is empty (0 bytes)")
        with path.open("rb") as fp:
            _inspect(facts, fp, max_pixels=max_pixels, integrity=integrity)
    except Unreadable as unreadable:
        facts.error, facts.error_detail = unreadable.error, unreadable.detail
    except OSError as exc:  # our own reads: permission denied, I/O error, file vanished
        facts.error, facts.error_detail = "unreadable", f"cannot read file: {exc.strerror or exc}"
    return facts.freeze()


def inspect_image_data(
    data: bytes, name: str | None = None, *, max_pixels: int = DEFAULT_MAX_PIXELS,
    integrity: Integrity = "decode",
) -> ImageInfo:
    """inspect_image for a picture held in memory (a mail's attachment): the same reading at the
    same integrity levels. ``name`` is the file name it came with (its extension is the claimed
    format; ``path`` is that name, or "" when it has none). Never raises for bad bytes."""
    import io

    facts = _Facts(path=Path(name or ""), extension_format=_EXTENSION_FORMATS.get(Path(name or "").suffix.lower()))
    facts.byte_size = len(data)
    try:
        if not data:
            raise Unreadable("empty", "file is empty (0 bytes)")
        _inspect(facts, io.BytesIO(data), max_pixels=max_pixels, integrity=integrity)
    except Unreadable as unreadable:
        facts.error, facts.error_detail = unreadable.error, unreadable.detail
    return facts.freeze()


# --------------------------------------------------------------------------- internals


@dataclass(slots=True)
class _Facts:
    """ImageInfo under construction: filled as far as the file can be read."""

    path: Path
    extension_format: str | None
    byte_size: int = 0
    format: str | None = None
    stored_size: tuple[int, int] | None = None
    orientation: int | None = None
    mode: str | None = None
    animated: bool = False
    error: ImageError | None = None
    error_detail: str | None = None

    def freeze(self) -> ImageInfo:
        display_size = self.stored_size
        if display_size is not None and self.orientation in TRANSPOSING:
            display_size = (display_size[1], display_size[0])
        return ImageInfo(
            path=self.path,
            byte_size=self.byte_size,
            format=self.format,
            extension_format=self.extension_format,
            stored_size=self.stored_size,
            display_size=display_size,
            orientation=self.orientation,
            mode=self.mode,
            animated=self.animated,
            error=self.error,
            error_detail=self.error_detail,
        )


@contextmanager
def _pillow_pixel_limit(max_pixels: int) -> Iterator[None]:
    """Apply ``max_pixels`` to every Pillow bomb check made inside the block.

    Pillow reads its limit from the module global Image.MAX_IMAGE_PIXELS at each check (after
    open, when a GIF frame grows the canvas, before WebP allocates its canvas), so a per-call limit
    means swapping the global for the call, under a lock, and putting it back. Pillow only warns
    between 1× and 2× the limit; turning that warning into an error makes the limit exact while
    decoding (Image.open itself is let through, see _inspect). Pillow's other warnings (corrupt
    EXIF, malformed MPO header) describe files that still read fine and would only clutter the
    operator's terminal.
    """
    from PIL import Image

    with _PILLOW_GLOBALS_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _inspect(facts: _Facts, fp: BinaryIO, *, max_pixels: int, integrity: Integrity) -> None:
    head = fp.read(64)
    verified = False
    if integrity != "header":
        walked = _walked(fp, head, facts.byte_size, inflate=integrity == "decode")
        if walked is not None:
            if _header_from_walk(facts, walked, max_pixels):
                return
            verified = True
    with _pillow_pixel_limit(max_pixels):
        _inspect_with_pillow(facts, fp, head, max_pixels, integrity, verified)


def _walked(fp: BinaryIO, head: bytes, file_size: int, *, inflate: bool) -> JpegHeader | PngHeader | None:
    """The walk's header of a JPEG or a PNG, or None when the walk refuses the file (or it is
    another format): Pillow then opens it first, as any file, so a file that neither reads is
    explained the same way."""
    try:
        if head.startswith(b"\xff\xd8\xff"):
            return walk_jpeg(fp, file_size)
        if head.startswith(PNG_SIGNATURE):
            return walk_png(fp, file_size, inflate=inflate)
    except Unreadable:
        return None
    return None


def _header_from_walk(facts: _Facts, header: JpegHeader | PngHeader, max_pixels: int) -> bool:
    """Fill the facts from a walked file whose header Pillow reads alike, without Pillow: opening
    a JPEG costs as much as the walk itself (0.03 ms of a slot image's 0.09), and a folder of JPEGs
    and PNGs then never imports Pillow (~15 ms). False leaves the file to Pillow: a header Pillow
    reads differently, too many pixels (Pillow's refusal gives the detail)."""
    if header.mode is None or header.width * header.height > max_pixels:
        return False
    facts.format = "JPEG" if isinstance(header, JpegHeader) else "PNG"
    facts.stored_size, facts.mode = (header.width, header.height), header.mode
    facts.orientation = None if header.exif is None else tiff_orientation(header.exif)
    return True


def _inspect_with_pillow(facts: _Facts, fp: BinaryIO, head: bytes, max_pixels: int, integrity: Integrity,
                         verified: bool) -> None:
    from PIL import Image

    # libwebp allocates the whole canvas when Pillow opens a WebP, and Pillow only refuses
    # sizes above twice its limit there: check the declared canvas before Pillow sees it.
    webp_size = webp_canvas_size(head)
    if webp_size is not None:
        facts.format, facts.stored_size = "WEBP", webp_size
        _check_pixel_count(webp_size, max_pixels)
    try:
        with warnings.catch_warnings():
            # Image.open reads headers only. Between 1× and 2× the limit Pillow merely warns:
            # letting it finish gives the size for the report, and the explicit check below
            # refuses the image before anything is decoded. Above 2× it raises.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(fp)
    except Image.DecompressionBombError as exc:
        facts.format = sniff_format(head)
        if facts.format == "GIF":  # the culprit may be a frame beyond the logical screen
            walk_gif(fp, facts.byte_size, max_pixels)
        pixels, size = _refused_pixels(exc), sniff_size(head)
        if size is not None and size[0] * size[1] == pixels:
            facts.stored_size = size
        raise Unreadable(
            "too_many_pixels", too_many_pixels_detail(pixels, max_pixels, facts.stored_size)
        ) from None
    except PILLOW_DATA_ERRORS as exc:  # includes UnidentifiedImageError (an OSError)
        explain_unopenable(facts, fp, head, exc, max_pixels)
    with im:
        facts.format, facts.stored_size, facts.mode = im.format, im.size, im.mode
        facts.orientation = orientation_of(im, fp)
        _check_pixel_count(im.size, max_pixels)
        facts.animated = _is_animated(im)
        if integrity != "header" and not verified:
            _verify(facts, im, fp, max_pixels, decode=integrity == "decode")


def _check_pixel_count(size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise Unreadable("corrupt", f"image declares a {width}×{height} size")
    if width * height > max_pixels:
        raise Unreadable(
            "too_many_pixels", too_many_pixels_detail(width * height, max_pixels, size)
        )


def _refused_pixels(exc: Exception) -> int | None:
    """The pixel count in Pillow's DecompressionBomb* message ("Image size (N pixels) ...")."""
    match = re.search(r"\((\d+) pixels\)", str(exc))
    return None if match is None else int(match[1])


def _is_animated(im: PILImage.Image) -> bool:
    """More than one frame, without walking all frames (GIF's n_frames reads the whole file)."""
    if im.format == "MPO":
        return False
    try:
        return bool(getattr(im, "is_animated", False))
    except PILLOW_DATA_ERRORS as exc:
        raise from_pillow(exc, im.format) from None


# --------------------------------------------------------------------------- integrity


def _verify(
    facts: _Facts, im: PILImage.Image, fp: BinaryIO, max_pixels: int, *, decode: bool
) -> None:
    file_size = facts.byte_size
    match im.format:
        case "JPEG" | "MPO":
            # The walk at every level: it refuses every file that the decode refuses and decodes
            # nothing (benchmarks/jpeg_damage.py), so the decode would add only its cost.
            try:
                walk_jpeg(fp, file_size)
            except Unreadable as unreadable:
                if unreadable.error != "truncated":
                    raise
                raise Unreadable("truncated", jpeg_truncation_detail(fp)) from None
        case "PNG":
            walk_png(fp, file_size, inflate=decode)
        case "GIF":
            walk_gif(fp, file_size, max_pixels)
            if decode:
                _decode(im, max_pixels)
        case _:
            # WebP: libwebp has already parsed every chunk when Pillow opened the file.
            _decode(im, max_pixels)


def _decode(im: PILImage.Image, max_pixels: int) -> None:
    """Decode the first frame."""
    from PIL import Image

    try:
        im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        detail = too_many_pixels_detail(_refused_pixels(exc), max_pixels)
        raise Unreadable("too_many_pixels", detail) from None
    except PILLOW_DATA_ERRORS as exc:
        raise from_pillow(exc, im.format) from None
