"""Inspect one image file cheaply and truthfully.

``inspect_image`` answers what the image checks (I001–I008) need: the format the bytes really
are, the format the extension claims, the stored and the displayed pixel size, the EXIF
orientation, the colour mode, whether it is animated, and whether the file can be read at all.

Cost (CPU per file, Pillow 13, one core): reading the header (size, mode, EXIF, animation)
costs ~0.05 ms and decodes nothing. Integrity is then checked per format: ``integrity="decode"``
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

import operator
import re
import struct
import threading
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final, Literal, NoReturn

if TYPE_CHECKING:
    import mmap

    from PIL import Image as PILImage

__all__ = ["DEFAULT_MAX_PIXELS", "ImageError", "ImageInfo", "Integrity", "inspect_image"]

# Pillow's own default (Image.MAX_IMAGE_PIXELS): about 0.25 GiB of 24-bit pixels.
DEFAULT_MAX_PIXELS: Final = 89_478_485

# "unreadable": the file itself could not be read (permission denied, I/O error, vanished).
ImageError = Literal["unreadable", "empty", "not_image", "truncated", "corrupt", "too_many_pixels"]

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

# Orientations 5–8 rotate by 90° or 270°: the displayed width is the stored height.
_TRANSPOSING_ORIENTATIONS: Final = frozenset({5, 6, 7, 8})
_EXIF_ORIENTATION: Final = 0x0112

# What Pillow raises on bad bytes, besides its DecompressionBomb* classes. Pillow has no common
# base class for "bad data": Image.open itself treats SyntaxError, IndexError, TypeError and
# struct.error from a plugin as "not this format", decoders raise OSError, ValueError and
# EOFError. Kept to the calls into Pillow so that a bug of ours still raises.
_PILLOW_DATA_ERRORS: Final = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    struct.error,
)

_READ_STEP: Final = 1 << 20  # bytes read or inflated at once by the structural walks
_EXTRA_IMAGE_DATA: Final = 1 << 16  # inflated past a PNG's image to reach the stream's checksum
_TAIL_BYTES: Final = 4096  # how far from the end of a JPEG its EOI marker is looked for

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
    """EXIF Orientation (1..8) when the file has a valid one, else None."""
    mode: str | None
    """Pillow mode: "RGB", "L", "P", "RGBA", "CMYK", "I;16", ..."""
    animated: bool
    """More than one frame (GIF, APNG, animated WebP). An MPO is not animated: its later pictures
    are a stereo pair or a gain map that nobody plays."""
    error: ImageError | None
    """None when the file is a readable image; else why it is not."""
    error_detail: str | None
    """Short English detail of the error, e.g. "JPEG ends without EOI marker"."""

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
        facts.byte_size = path.stat().st_size
        if not path.is_file():
            raise _Unreadable("not_image", "not a regular file")
        if facts.byte_size == 0:
            raise _Unreadable("empty", "file is empty (0 bytes)")
        with _pillow_pixel_limit(max_pixels):
            _inspect(facts, max_pixels=max_pixels, integrity=integrity)
    except _Unreadable as unreadable:
        facts.error, facts.error_detail = unreadable.error, unreadable.detail
    except OSError as exc:  # our own reads: permission denied, I/O error, file vanished
        facts.error, facts.error_detail = "unreadable", f"cannot read file: {exc.strerror or exc}"
    return facts.freeze()


# --------------------------------------------------------------------------- internals


class _Unreadable(Exception):
    """The file cannot be used as an image; carries ImageInfo.error and error_detail."""

    def __init__(self, error: ImageError, detail: str) -> None:
        super().__init__(detail)
        self.error: ImageError = error
        self.detail = detail


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
        if display_size is not None and self.orientation in _TRANSPOSING_ORIENTATIONS:
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


def _inspect(facts: _Facts, *, max_pixels: int, integrity: Integrity) -> None:
    from PIL import Image

    with facts.path.open("rb") as fp:
        head = fp.read(64)
        # libwebp allocates the whole canvas when Pillow opens a WebP, and Pillow only refuses
        # sizes above twice its limit there: check the declared canvas before Pillow sees it.
        webp_size = _webp_canvas_size(head)
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
            facts.format = _sniff_format(head)
            if facts.format == "GIF":  # the culprit may be a frame beyond the logical screen
                _walk_gif(fp, facts.byte_size, max_pixels)
            pixels, size = _refused_pixels(exc), _sniff_size(head)
            if size is not None and size[0] * size[1] == pixels:
                facts.stored_size = size
            raise _Unreadable(
                "too_many_pixels", _too_many_pixels_detail(pixels, max_pixels, facts.stored_size)
            ) from None
        except _PILLOW_DATA_ERRORS as exc:  # includes UnidentifiedImageError (an OSError)
            _explain_unopenable(facts, fp, head, exc, max_pixels)
        with im:
            facts.format, facts.stored_size, facts.mode = im.format, im.size, im.mode
            facts.orientation = _orientation(im)
            _check_pixel_count(im.size, max_pixels)
            facts.animated = _is_animated(im)
            if integrity != "header":
                _verify(facts, im, fp, max_pixels, decode=integrity == "decode")


def _check_pixel_count(size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise _Unreadable("corrupt", f"image declares a {width}×{height} size")
    if width * height > max_pixels:
        raise _Unreadable(
            "too_many_pixels", _too_many_pixels_detail(width * height, max_pixels, size)
        )


def _too_many_pixels_detail(
    pixels: int | None, max_pixels: int, size: tuple[int, int] | None = None
) -> str:
    if pixels is None:  # Pillow's message changed: say what is known
        return f"more than the limit of {max_pixels} pixels"
    detail = f"{pixels} pixels > limit {max_pixels}"
    return detail if size is None else f"{detail} ({size[0]}×{size[1]})"


def _refused_pixels(exc: Exception) -> int | None:
    """The pixel count in Pillow's DecompressionBomb* message ("Image size (N pixels) ...")."""
    match = re.search(r"\((\d+) pixels\)", str(exc))
    return None if match is None else int(match[1])


def _orientation(im: PILImage.Image) -> int | None:
    """EXIF Orientation, or None when absent, out of range or unreadable.

    A broken EXIF block does not stop any viewer from showing the picture, so it is no reason
    to call the image unreadable. The base getexif is called on purpose: PNG's override decodes
    the whole image to look for an eXIf chunk after the pixel data (the PNG walk finds that one).
    """
    from PIL import Image

    try:
        value = Image.Image.getexif(im).get(_EXIF_ORIENTATION)
    except (*_PILLOW_DATA_ERRORS, KeyError):
        return None
    return _valid_orientation(value)


def _valid_orientation(value: object) -> int | None:
    if isinstance(value, int) and 1 <= value <= 8:
        return value
    return None


def _is_animated(im: PILImage.Image) -> bool:
    """More than one frame, without walking all frames (GIF's n_frames reads the whole file)."""
    if im.format == "MPO":
        return False
    try:
        return bool(getattr(im, "is_animated", False))
    except _PILLOW_DATA_ERRORS as exc:
        raise _from_pillow(exc, im.format) from None


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
                _walk_jpeg(fp, file_size)
            except _Unreadable as unreadable:
                if unreadable.error != "truncated":
                    raise
                raise _Unreadable("truncated", _jpeg_truncation_detail(fp)) from None
        case "PNG":
            late_exif = _walk_png(fp, file_size, inflate=decode)
            if facts.orientation is None and late_exif is not None:
                facts.orientation = _exif_orientation(late_exif)
        case "GIF":
            _walk_gif(fp, file_size, max_pixels)
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
        detail = _too_many_pixels_detail(_refused_pixels(exc), max_pixels)
        raise _Unreadable("too_many_pixels", detail) from None
    except _PILLOW_DATA_ERRORS as exc:
        raise _from_pillow(exc, im.format) from None


def _from_pillow(exc: BaseException, image_format: str | None) -> _Unreadable:
    from PIL import UnidentifiedImageError

    text = str(exc) or type(exc).__name__
    if isinstance(exc, UnidentifiedImageError):  # its message is only the file's repr
        text = "header not understood by the decoder"
    kind: ImageError = "corrupt"
    if isinstance(exc, EOFError) or "truncated" in text.lower():
        kind = "truncated"
    if "MAX_TEXT_CHUNK" in text:
        text = "compressed text chunk expands beyond Pillow's limit (text-chunk bomb)"
    return _Unreadable(kind, f"{image_format or 'image'}: {text}")


def _jpeg_truncation_detail(fp: BinaryIO) -> str:
    # Phones and some editors pad a finished JPEG with zeros; a download cut short and
    # preallocated also ends in zeros but has no EOI before them.
    file_size = fp.seek(0, 2)
    fp.seek(max(0, file_size - _TAIL_BYTES))
    tail = fp.read().rstrip(b"\0")
    if tail.endswith(b"\xff\xd9"):
        return "JPEG image data ends early"
    return "JPEG ends without EOI marker"


def _exif_orientation(exif_block: bytes) -> int | None:
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(exif_block)
        return _valid_orientation(exif.get(_EXIF_ORIENTATION))
    except (*_PILLOW_DATA_ERRORS, KeyError):
        return None


# PNG -------------------------------------------------------------------------------

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
# colour type → (samples per pixel, allowed bit depths)
_PNG_COLOUR_TYPES: Final = {
    0: (1, (1, 2, 4, 8, 16)),
    2: (3, (8, 16)),
    3: (1, (1, 2, 4, 8)),
    4: (2, (8, 16)),
    6: (4, (8, 16)),
}
# Adam7 passes: (x start, y start, x step, y step)
_ADAM7: Final = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def _walk_png(fp: BinaryIO, file_size: int, *, inflate: bool = True) -> bytes | None:
    """Walk every chunk to IEND, checking lengths and CRCs, and inflate IDAT without decoding.

    Catches what Pillow's load catches (truncation, CRC mismatch, broken, short or checksum-failing
    zlib data) in bounded memory; misses only invalid row filter bytes. Without ``inflate`` it
    still reads every byte through the CRCs (damage in transit or on disk) and misses only a
    writer's broken zlib data under valid CRCs. Returns the eXIf payload (also one stored after
    the image data, which header-only reading cannot see), if any.
    """
    fp.seek(0)
    if fp.read(8) != _PNG_SIGNATURE:
        raise _Unreadable("corrupt", "PNG signature damaged (file transferred in text mode?)")
    position = 8
    image_data: _ImageDataStream | None = None
    raw_size: int | None = None
    inflate_error: _Unreadable | None = None
    seen_idat = False
    exif: bytes | None = None
    while True:
        header = fp.read(8)
        if len(header) < 8:
            if position >= file_size:
                raise _Unreadable("truncated", "PNG ends without IEND chunk")
            raise _Unreadable("truncated", f"PNG ends inside a chunk header at byte {position}")
        length, chunk_type = struct.unpack(">I4s", header)
        name = chunk_type.decode("latin-1")
        if not chunk_type.isalpha() or not chunk_type.isascii():
            raise _Unreadable(
                "corrupt", f"PNG chunk at byte {position} has an invalid type {chunk_type!r}"
            )
        if length > 0x7FFFFFFF:
            raise _Unreadable(
                "corrupt", f"PNG chunk {name} at byte {position} has an invalid length"
            )
        if position == 8 and chunk_type != b"IHDR":
            raise _Unreadable("corrupt", f"PNG starts with a {name} chunk instead of IHDR")
        if position + 12 + length > file_size:
            raise _Unreadable("truncated", f"PNG ends inside its {name} chunk at byte {position}")
        crc = zlib.crc32(chunk_type)
        keep = chunk_type in (b"IHDR", b"eXIf")
        kept = bytearray()
        remaining = length
        while remaining:
            piece = fp.read(min(remaining, _READ_STEP))
            if not piece:  # the file shrank while being read
                raise _Unreadable(
                    "truncated", f"PNG ends inside its {name} chunk at byte {position}"
                )
            remaining -= len(piece)
            crc = zlib.crc32(piece, crc)
            if keep:
                kept += piece
            if chunk_type == b"IDAT" and image_data is not None and inflate_error is None:
                try:
                    image_data.feed(piece)
                except _Unreadable as error:
                    inflate_error = error
        if crc != int.from_bytes(fp.read(4), "big"):
            # A damaged byte usually breaks the zlib stream too; the CRC names the cause.
            raise _Unreadable("corrupt", f"PNG chunk {name} CRC mismatch at byte {position}")
        if inflate_error is not None:
            raise inflate_error
        if chunk_type == b"IHDR":
            raw_size = _png_raw_size(bytes(kept))
            image_data = _ImageDataStream(raw_size) if inflate else None
        elif chunk_type == b"IDAT":
            seen_idat = True
        elif chunk_type == b"eXIf":
            exif = bytes(kept)
        elif chunk_type == b"IEND":
            break
        position += 12 + length
    if raw_size is None or not seen_idat:
        raise _Unreadable("corrupt", "PNG has no IDAT image data")
    if image_data is not None:
        image_data.finish()
    return exif


class _ImageDataStream:
    """The IDAT zlib stream, inflated in bounded steps and counted, never kept."""

    def __init__(self, raw_size: int) -> None:
        self._inflater = zlib.decompressobj()
        self.missing = raw_size  # negative once the stream holds more than the image needs

    def feed(self, data: bytes) -> None:
        # Inflating goes a little past the image so that a well-formed stream reaches its end
        # and zlib checks its Adler-32: a damaged deflate block often still yields the right
        # number of (wrong) bytes. Beyond that slack, extra data (a second stream, as in
        # hopper_idat_after_image_end.png) is ignored, as every decoder ignores it.
        while data and not self._inflater.eof and self.missing > -_EXTRA_IMAGE_DATA:
            try:
                out = self._inflater.decompress(
                    data, min(self.missing + _EXTRA_IMAGE_DATA, _READ_STEP)
                )
            except zlib.error as exc:
                raise _Unreadable(
                    "corrupt", f"PNG image data is not a valid zlib stream ({exc})"
                ) from None
            self.missing -= len(out)
            data = self._inflater.unconsumed_tail

    def finish(self) -> None:
        if self.missing > 0 and not self._inflater.eof:
            # inflate stops when its output step is full; what it holds back is a few bytes
            try:
                self.missing -= len(self._inflater.flush())
            except zlib.error as exc:
                raise _Unreadable(
                    "corrupt", f"PNG image data is not a valid zlib stream ({exc})"
                ) from None
        if self.missing > 0:
            raise _Unreadable("corrupt", f"PNG image data ends {self.missing} bytes short")


def _png_raw_size(ihdr: bytes) -> int:
    """Bytes the IDAT stream must inflate to (filter byte + packed samples, per row and pass)."""
    if len(ihdr) != 13:
        raise _Unreadable("corrupt", "PNG IHDR chunk has the wrong length")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", ihdr
    )
    if width == 0 or height == 0:
        raise _Unreadable("corrupt", f"PNG IHDR declares a {width}×{height} image")
    if colour not in _PNG_COLOUR_TYPES or depth not in _PNG_COLOUR_TYPES[colour][1]:
        raise _Unreadable("corrupt", f"PNG IHDR has bit depth {depth} with colour type {colour}")
    if compression != 0:
        raise _Unreadable("corrupt", f"PNG IHDR has unknown compression method {compression}")
    if filtering != 0:
        raise _Unreadable("corrupt", f"PNG IHDR has unknown filter method {filtering}")
    if interlace not in (0, 1):
        raise _Unreadable("corrupt", f"PNG IHDR has unknown interlace method {interlace}")
    bits_per_pixel = _PNG_COLOUR_TYPES[colour][0] * depth

    def rows_size(pass_width: int, pass_height: int) -> int:
        if pass_width == 0 or pass_height == 0:
            return 0
        return pass_height * (1 + (pass_width * bits_per_pixel + 7) // 8)

    if interlace == 0:
        return rows_size(width, height)
    return sum(
        rows_size((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
        for x0, y0, dx, dy in _ADAM7
    )


# GIF -------------------------------------------------------------------------------


def _walk_gif(fp: BinaryIO, file_size: int, max_pixels: int) -> int:
    """Walk the GIF blocks to the trailer without decoding; return the number of frames.

    A frame placed beyond the logical screen makes decoders grow the canvas to hold it
    (decompression_bomb_extents.gif: a 100×100 GIF whose second frame sits at 65535,65535),
    so frame extents count against ``max_pixels`` too.
    """
    fp.seek(0)
    header = fp.read(13)
    if len(header) < 13:
        raise _Unreadable("truncated", "GIF ends inside its header")
    width, height, flags = struct.unpack("<HHB", header[6:11])
    if width == 0 or height == 0:
        raise _Unreadable("corrupt", f"GIF declares a {width}×{height} screen")
    if flags & 0x80:
        fp.seek(3 << ((flags & 7) + 1), 1)
    canvas_width, canvas_height = width, height
    frames = 0
    while True:
        introducer = fp.read(1)
        if not introducer:
            raise _Unreadable("truncated", f"GIF ends without trailer (0x3B) after {frames} frames")
        if introducer == b";":
            return frames
        if introducer == b"!":
            if not fp.read(1):
                raise _Unreadable(
                    "truncated", f"GIF ends inside an extension after {frames} frames"
                )
            _skip_gif_sub_blocks(fp, file_size, f"an extension after {frames} frames")
        elif introducer == b",":
            descriptor = fp.read(9)
            if len(descriptor) < 9:
                raise _Unreadable(
                    "truncated", f"GIF ends inside the descriptor of frame {frames + 1}"
                )
            frames += 1
            left, top, frame_width, frame_height, frame_flags = struct.unpack("<HHHHB", descriptor)
            canvas_width = max(canvas_width, left + frame_width)
            canvas_height = max(canvas_height, top + frame_height)
            if canvas_width * canvas_height > max_pixels:
                canvas = f"{canvas_width}×{canvas_height}"
                raise _Unreadable(
                    "too_many_pixels",
                    _too_many_pixels_detail(canvas_width * canvas_height, max_pixels)
                    + f" (GIF frame {frames} extends the canvas to {canvas})",
                )
            if frame_flags & 0x80:
                fp.seek(3 << ((frame_flags & 7) + 1), 1)
            if not fp.read(1):  # LZW minimum code size
                raise _Unreadable("truncated", f"GIF ends inside frame {frames}")
            _skip_gif_sub_blocks(fp, file_size, f"frame {frames}")
        elif frames:
            # Junk after the last frame: decoders stop at it and show what they have.
            return frames
        else:
            raise _Unreadable(
                "corrupt", f"GIF has an unknown block 0x{introducer.hex()} before any frame"
            )


def _skip_gif_sub_blocks(fp: BinaryIO, file_size: int, where: str) -> None:
    while True:
        size = fp.read(1)
        if size == b"\0":
            return
        if not size or fp.seek(size[0], 1) > file_size:
            raise _Unreadable("truncated", f"GIF ends inside {where}")


# WebP ------------------------------------------------------------------------------


def _webp_canvas_size(head: bytes) -> tuple[int, int] | None:
    """Canvas size from a WebP header (VP8X, VP8 or VP8L), or None if not a WebP or unknown."""
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _check_riff_size(fp: BinaryIO, file_size: int) -> None:
    fp.seek(0)
    head = fp.read(12)
    if len(head) < 12:
        raise _Unreadable("truncated", "WebP ends inside its RIFF header")
    declared = int.from_bytes(head[4:8], "little") + 8
    if declared > file_size:
        raise _Unreadable(
            "truncated", f"WebP RIFF header declares {declared} bytes, file has {file_size}"
        )


# JPEG ------------------------------------------------------------------------------


def _walk_jpeg_header(fp: BinaryIO, file_size: int) -> None:
    """Walk the marker segments up to the first scan, for a JPEG that Pillow cannot open."""
    fp.seek(2)
    while True:
        marker = fp.read(2)
        while marker[:1] == b"\xff" and marker[1:2] == b"\xff":  # fill bytes
            marker = marker[1:] + fp.read(1)
        if len(marker) < 2:
            raise _Unreadable("truncated", "JPEG ends inside its header, before the image data")
        if marker[0] != 0xFF:
            raise _Unreadable("corrupt", f"JPEG header damaged at byte {fp.tell() - 2}")
        if marker[1] == 0xD9:
            raise _Unreadable("corrupt", "JPEG ends (EOI) before any image data")
        length_bytes = fp.read(2)
        if len(length_bytes) < 2:
            raise _Unreadable("truncated", "JPEG ends inside its header, before the image data")
        (length,) = struct.unpack(">H", length_bytes)
        if fp.tell() - 2 + length > file_size:
            raise _Unreadable("truncated", "JPEG ends inside its header, before the image data")
        if marker[1] == 0xDA:  # start of scan: the header is complete
            return
        fp.seek(length - 2, 1)


# The structure walk reads a JPEG as libjpeg-turbo 3 reads it to decode it (jdmarker.c, jdinput.c,
# jdhuff.c, jdphuff.c, jdlhuff.c, jdarith.c, jdsample.c) and stops exactly where libjpeg stops
# with an error (ERREXIT); where libjpeg only warns (WARNMS: junk between segments, a corrupt
# Huffman code, restart markers out of order, odd scan parameters of a sequential image) it goes
# on, as libjpeg does and every viewer shows the picture.

# SOFn marker → (progressive, lossless, arithmetic coding)
_JPEG_PROCESSES: Final = {
    0xC0: (False, False, False),
    0xC1: (False, False, False),
    0xC2: (True, False, False),
    0xC3: (False, True, False),
    0xC9: (False, False, True),
    0xCA: (True, False, True),
    0xCB: (False, True, True),
}
_JPEG_UNSUPPORTED_PROCESSES: Final = frozenset({0xC5, 0xC6, 0xC7, 0xC8, 0xCD, 0xCE, 0xCF})
_JPEG_SKIPPED_SEGMENTS: Final = frozenset({*range(0xE0, 0xF0), 0xFE, 0xDC})  # APPn, COM, DNL
_JPEG_PARAMETERLESS: Final = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0–RST7
_JPEG_MAX_DIMENSION: Final = 65500
_JPEG_MAX_BLOCKS_IN_MCU: Final = 10
# Huffman tables are keyed by the DHT's class/number byte: 0x00–0x03 DC, 0x10–0x13 AC. A
# sequential Huffman JPEG that lacks tables 0 and 1 gets the standard ones (Motion JPEG omits them).
_JPEG_STANDARD_TABLES: Final = (0x00, 0x10, 0x01, 0x11)

# In the entropy-coded data a 0xFF is byte stuffing (FF 00), fill before a marker (FF FF) or a
# marker. libjpeg stops decoding at any marker and then reads it as it reads header markers:
# TEM and RST0–7 change nothing, the rest is an error or a segment. One regular expression finds
# the next marker that matters, so Python runs once per scan, not once per 0xFF.
_JPEG_NEXT_MARKER: Final = re.compile(rb"\xff[^\x00\x01\xd0-\xd7\xff]")
_JPEG_RESTART: Final = re.compile(rb"\xff[\xd0-\xd7]")
_JPEG_ANY_MARKER: Final = re.compile(rb"\xff[^\x00\xff]")


@dataclass(slots=True)
class _JpegComponent:
    ident: int
    h_sampling: int
    v_sampling: int
    quant_table: int
    quant_latched: bool = False


@dataclass(slots=True)
class _JpegFrame:
    position: int
    marker: int
    progressive: bool
    lossless: bool
    arithmetic: bool
    precision: int
    width: int
    height: int
    components: list[_JpegComponent]


class _JpegWalk:
    """One pass over a JPEG held in ``data``: markers, table segments and entropy-coded data."""

    __slots__ = (
        "data",
        "frame",
        "huffman",
        "multiple_scans",
        "quant",
        "restart_interval",
        "scans",
        "size",
    )

    def __init__(self, data: bytes | mmap.mmap, size: int) -> None:
        self.data, self.size = data, size
        self.frame: _JpegFrame | None = None
        self.quant: set[int] = set()
        # table key → (defect, largest symbol); a defect only matters once a scan uses the table
        self.huffman: dict[int, tuple[str | None, int]] = {}
        self.restart_interval = 0
        self.scans = 0
        self.multiple_scans = False

    def walk(self) -> None:
        data, position = self.data, 2  # after SOI, which Pillow has checked
        while True:
            position, marker = self._next_marker(position)
            if marker == 0xD9:
                if self.scans:
                    return
                raise _Unreadable("corrupt", "JPEG ends (EOI) before any image data")
            if marker in _JPEG_PARAMETERLESS:
                position += 2
                continue
            if marker == 0xD8:
                self._fail(position, "a second SOI marker")
            if marker in _JPEG_UNSUPPORTED_PROCESSES:
                self._fail(position, f"unsupported coding process SOF{marker - 0xC0}")
            if not (
                marker in _JPEG_PROCESSES
                or marker in _JPEG_SKIPPED_SEGMENTS
                or marker in (0xC4, 0xCC, 0xDA, 0xDB, 0xDD)
            ):
                self._fail(position, f"unknown marker 0xFF{marker:02X}")
            # checked before the segment is read, as libjpeg does
            if marker in _JPEG_PROCESSES and self.frame is not None:
                self._fail(position, "a second SOF marker")
            if marker == 0xDA and self.frame is None:
                self._fail(position, "a scan (SOS) before the frame header (SOF)")
            if position + 4 > self.size:
                raise _Unreadable("truncated", "JPEG ends without EOI marker")
            length = int.from_bytes(data[position + 2 : position + 4], "big")
            end = position + 2 + max(length, 2)
            if end > self.size:
                raise _Unreadable("truncated", "JPEG ends without EOI marker")
            if marker in _JPEG_SKIPPED_SEGMENTS:
                position = end  # libjpeg skips these, also with a length below 2
                continue
            if length < 2:
                self._fail(position, f"marker 0xFF{marker:02X} has segment length {length}")
            payload = data[position + 4 : end]
            if marker == 0xDA:
                restarts = self._start_scan(position, payload)
                position = self._skip_entropy_coded_data(end, restarts)
                continue
            if marker == 0xC4:
                self._define_huffman_tables(position, payload)
            elif marker == 0xDB:
                self._define_quant_tables(position, payload)
            elif marker == 0xDD:
                if len(payload) != 2:
                    self._fail(position, "DRI segment has the wrong length")
                self.restart_interval = int.from_bytes(payload, "big")
            elif marker == 0xCC:
                self._define_arithmetic_conditioning(position, payload)
            else:
                self._read_frame_header(position, marker, payload)
            position = end

    def _skip_entropy_coded_data(self, start: int, restarts: int) -> int:
        """The position of the first marker after a scan's data that libjpeg goes on to read;
        ``restarts``: how many restart boundaries the scan has (one fewer than its intervals)."""
        data, size, position = self.data, self.size, start
        counted_to, passed, expected = start, 0, 0
        while True:
            found = _JPEG_NEXT_MARKER.search(data, position, size)
            if found is None:
                raise _Unreadable("truncated", "JPEG ends without EOI marker")
            position = found.start()
            if not restarts or data[position + 1] >= 0xC0:
                return position
            # With restart markers, libjpeg's resynchronisation (jpeg_resync_to_restart) drops a
            # marker below SOF0 at the next restart boundary; after the scan's last boundary none
            # follows, and read_markers refuses it. The boundaries passed are counted as the
            # resynchronisation takes the restart markers met on the way (RST0–7 cycle): the one
            # expected passes one, one or two ahead pass two or three (the missing ones lost), one
            # or two behind are skipped, any other passes one.
            for marker in _JPEG_RESTART.findall(data, counted_to, position):  # each read once
                ahead = (marker[1] - 0xD0 - expected) & 7
                if ahead < 6:
                    step = ahead + 1 if ahead <= 2 else 1
                    passed, expected = passed + step, (expected + step) & 7
            counted_to = position
            if passed >= restarts:
                return position
            position += 2

    def _next_marker(self, position: int) -> tuple[int, int]:
        """libjpeg's next_marker: skip to the next 0xFF that starts a marker. Junk before it (a
        segment length edited too small, bytes left by an editor: corpus junk_jpeg_header.jpg,
        photoshop-200dpi-broken.jpg), fill bytes and FF 00 pairs only make libjpeg warn."""
        data = self.data
        if position + 1 < self.size and data[position] == 0xFF:
            marker = data[position + 1]
            if marker not in (0x00, 0xFF):  # the usual case: the marker is right here
                return position, marker
        found = _JPEG_ANY_MARKER.search(data, position, self.size)
        if found is None:
            raise _Unreadable("truncated", "JPEG ends without EOI marker")
        return found.start(), data[found.start() + 1]

    def _fail(self, position: int, problem: str) -> NoReturn:
        where = "image data" if self.scans else "header"
        raise _Unreadable("corrupt", f"JPEG {where} damaged at byte {position}: {problem}")

    def _read_frame_header(self, position: int, marker: int, payload: bytes) -> None:  # get_sof
        if len(payload) < 6:
            self._fail(position, "SOF segment has the wrong length")
        height = int.from_bytes(payload[1:3], "big")
        width = int.from_bytes(payload[3:5], "big")
        count = payload[5]
        if not (height and width and count):
            self._fail(position, f"SOF declares a {width}×{height} image of {count} components")
        if len(payload) != 6 + 3 * count:
            self._fail(position, f"SOF segment length does not fit its {count} components")
        self.frame = _JpegFrame(
            position,
            marker,
            *_JPEG_PROCESSES[marker],
            precision=payload[0],
            width=width,
            height=height,
            components=[
                _JpegComponent(payload[i], payload[i + 1] >> 4, payload[i + 1] & 15, payload[i + 2])
                for i in range(6, len(payload), 3)
            ],
        )

    def _define_huffman_tables(self, position: int, payload: bytes) -> None:  # get_dht
        offset, remaining = 0, len(payload)
        while remaining > 16:
            index = payload[offset]
            counts = payload[offset + 1 : offset + 17]
            count = sum(counts)
            offset, remaining = offset + 17, remaining - 17
            if count > 256 or count > remaining:
                self._fail(position, "Huffman table has more codes than its segment holds")
            values = payload[offset : offset + count]
            offset, remaining = offset + count, remaining - count
            if (index & 0xEF) > 3:
                self._fail(position, f"Huffman table class/number 0x{index:02X}")
            largest = max(values, default=0) if index < 0x10 else 0  # only DC symbols are checked
            self.huffman[index] = (_huffman_code_defect(counts), largest)
        if remaining:
            self._fail(position, "DHT segment length does not add up")

    def _define_quant_tables(self, position: int, payload: bytes) -> None:  # get_dqt
        offset, remaining = 0, len(payload)
        while remaining > 0:
            index = payload[offset] & 0x0F
            if index > 3:
                self._fail(position, f"quantisation table number {index}")
            table_size = 1 + (128 if payload[offset] >> 4 else 64)
            offset, remaining = offset + table_size, remaining - table_size
            self.quant.add(index)
        if remaining:
            self._fail(position, "DQT segment length does not add up")

    def _define_arithmetic_conditioning(self, position: int, payload: bytes) -> None:  # get_dac
        if len(payload) % 2:
            self._fail(position, "DAC segment length does not add up")
        for offset in range(0, len(payload), 2):
            index, value = payload[offset], payload[offset + 1]
            if index >= 32 or (index < 16 and (value & 15) > (value >> 4)):
                self._fail(position, f"arithmetic conditioning table 0x{index:02X}")

    def _start_scan(self, position: int, payload: bytes) -> int:
        """get_sos, then what libjpeg checks before it reads the scan's data: the frame on the
        first scan (jdinput.c initial_setup, jdsample.c), the components and tables of every scan
        (per_scan_setup, latch_quant_tables, the entropy decoder's start_pass). Returns how many
        restart markers the scan holds."""
        frame = self.frame
        assert frame is not None  # checked by walk() before the segment is read
        count = payload[0] if payload else 0
        if not 1 <= count <= 4 or len(payload) != 4 + 2 * count:
            self._fail(position, "SOS segment has the wrong length")
        chosen: list[tuple[_JpegComponent, int]] = []
        candidates = frame.components[:4]
        for i in range(count):
            ident, tables = payload[1 + 2 * i], payload[2 + 2 * i]
            # libjpeg looks for the id among the frame's first four components, from the scan
            # position onwards, and refuses one named twice (jdmarker.c get_sos)
            component = next((c for c in candidates[i:] if c.ident == ident), None)
            if component is None or any(component is c for c, _ in chosen):
                self._fail(position, f"invalid component {ident} in the scan header")
            chosen.append((component, tables))
        ss, se, approximation = payload[1 + 2 * count : 4 + 2 * count]
        ah, al = approximation >> 4, approximation & 15
        if not self.scans:
            self._set_up_frame(frame, count)
        elif not self.multiple_scans:
            self._fail(position, "a second scan in an image coded in one scan")
        blocks = sum(c.h_sampling * c.v_sampling for c, _ in chosen)
        if count > 1 and blocks > _JPEG_MAX_BLOCKS_IN_MCU:
            self._fail(position, "sampling factors too large for an interleaved scan")
        if not frame.lossless:
            for component, _ in chosen:
                if not component.quant_latched:
                    if component.quant_table not in self.quant:
                        table = component.quant_table
                        self._fail(position, f"quantisation table {table} is not defined")
                    component.quant_latched = True
        if frame.progressive and (
            (se != 0 if ss == 0 else ss > se or se > 63 or count != 1)
            or (ah != 0 and al != ah - 1)
            or al > 13
        ):
            self._fail(position, f"invalid progressive scan Ss={ss} Se={se} Ah={ah} Al={al}")
        if not frame.arithmetic:
            self._check_huffman_tables(position, frame, chosen, ss, ah)
        self.scans += 1
        return self._restart_markers(frame, [c for c, _ in chosen])

    def _check_huffman_tables(
        self,
        position: int,
        frame: _JpegFrame,
        chosen: list[tuple[_JpegComponent, int]],
        ss: int,
        ah: int,
    ) -> None:
        """The tables the entropy decoder's start_pass derives (jdhuff.c, jdphuff.c, jdlhuff.c);
        arithmetic coding has no tables to define (its conditioning values have defaults)."""
        for _, tables in chosen:
            if frame.lossless:
                self._require_huffman(position, tables >> 4, dc=True, max_symbol=16)
            elif not frame.progressive:
                self._require_huffman(position, tables >> 4, dc=True, max_symbol=15)
                self._require_huffman(position, tables & 15, dc=False, max_symbol=255)
            elif ss == 0:
                if ah == 0:  # a DC refinement scan needs no table
                    self._require_huffman(position, tables >> 4, dc=True, max_symbol=15)
            else:
                self._require_huffman(position, tables & 15, dc=False, max_symbol=255)

    def _restart_markers(self, frame: _JpegFrame, components: list[_JpegComponent]) -> int:
        """Restart markers in a scan: one between every restart interval of MCUs (jdinput.c
        per_scan_setup counts the MCUs)."""
        if not self.restart_interval:
            return 0
        unit = 1 if frame.lossless else 8
        max_h = max(c.h_sampling for c in frame.components) * unit
        max_v = max(c.v_sampling for c in frame.components) * unit
        if len(components) == 1:  # non-interleaved: one block per MCU
            (c,) = components
            mcus = -(-frame.width * c.h_sampling // max_h)
            mcus *= -(-frame.height * c.v_sampling // max_v)
        else:
            mcus = -(-frame.width // max_h) * -(-frame.height // max_v)
        return -(-mcus // self.restart_interval) - 1

    def _set_up_frame(self, frame: _JpegFrame, count: int) -> None:
        """What libjpeg checks of the frame header once, at the first scan."""
        position = frame.position
        if frame.width > _JPEG_MAX_DIMENSION or frame.height > _JPEG_MAX_DIMENSION:
            self._fail(position, f"image larger than {_JPEG_MAX_DIMENSION} pixels a side")
        if frame.precision not in (range(2, 17) if frame.lossless else (8, 12)):
            self._fail(position, f"{frame.precision}-bit samples")
        if len(frame.components) > 10:
            self._fail(position, f"{len(frame.components)} components")
        components = frame.components
        if not all(1 <= c.h_sampling <= 4 and 1 <= c.v_sampling <= 4 for c in components):
            self._fail(position, "sampling factors outside 1–4")
        if not frame.lossless:
            max_h = max(c.h_sampling for c in components)
            max_v = max(c.v_sampling for c in components)
            if any(max_h % c.h_sampling or max_v % c.v_sampling for c in components):
                self._fail(position, "fractional sampling factors")  # jdsample.c
        self.multiple_scans = count < len(components) or frame.progressive
        if not (frame.progressive or frame.lossless or frame.arithmetic):
            for key in _JPEG_STANDARD_TABLES:
                self.huffman.setdefault(key, (None, 0))

    def _require_huffman(self, position: int, number: int, *, dc: bool, max_symbol: int) -> None:
        table = self.huffman.get(number if dc else 0x10 | number) if number < 4 else None
        if table is not None and table[0] is None and table[1] <= max_symbol:
            return
        name = f"{'DC' if dc else 'AC'} Huffman table {number}"
        if table is None:
            self._fail(position, f"the scan uses {name}, which is not defined")
        defect = table[0] or f"symbol {table[1]} in a DC table"
        self._fail(position, f"the scan uses {name}, which is invalid ({defect})")


def _huffman_code_defect(counts: bytes) -> str | None:
    """What makes the code lengths of a Huffman table impossible, or None.

    libjpeg (jdhuff.c jpeg_make_d_derived_tbl) assigns the canonical codes length by length and
    refuses the table ("Bogus Huffman table definition") once the next code of a length no longer
    fits in it. The codes up to length L fill Σ counts[k]·2^(L−k) of the 2^L patterns, a sum that
    only grows with L: one weighted sum at L = 16 decides it.
    """
    if sum(map(operator.mul, counts, _HUFFMAN_WEIGHTS)) < 1 << 16:
        return None
    code = 0
    for length, count in enumerate(counts, 1):
        code = (code << 1) + count
        if code >= 1 << length:
            return f"more codes of {length} bits than fit"
    raise AssertionError("unreachable: the weighted sum and the walk disagree")


_HUFFMAN_WEIGHTS: Final = tuple(1 << (16 - length) for length in range(1, 17))


def _walk_jpeg(fp: BinaryIO, file_size: int) -> None:
    """Walk a JPEG from SOI to EOI as libjpeg reads it to decode, without decoding (see above).

    Header: every segment that libjpeg reads (frame, scans, Huffman, quantisation, restart and
    arithmetic tables) with the checks libjpeg makes, the tables that each scan uses included.
    Entropy-coded data: every byte read for markers; each marker found is treated as libjpeg
    treats it after a scan. Catches truncation, a file cut and padded with zeros, nearly every
    overwritten run of random bytes, and damage to the header's tables; misses damage that keeps
    all of that intact (a changed byte inside the scan, a run of zeros), where libjpeg only warns.
    """
    if file_size <= _READ_STEP:  # a copy costs less than a mapping up to here
        fp.seek(0)
        data = fp.read(file_size)
        _JpegWalk(data, len(data)).walk()
        return
    import mmap

    with mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        _JpegWalk(mapped, min(len(mapped), file_size)).walk()


# Files that Pillow cannot open ------------------------------------------------------

# Signatures of common files that end up in a submission folder under an image name.
_FOREIGN_SIGNATURES: Final = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 compound file (old .doc/.xls/.ppt)"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"8BPS", "Photoshop PSD document"),
)
_HEIF_BRANDS: Final = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
)


def _explain_unopenable(
    facts: _Facts, fp: BinaryIO, head: bytes, exc: BaseException, max_pixels: int
) -> NoReturn:
    """Raise the most telling _Unreadable for a file that Image.open refused."""
    from PIL import UnidentifiedImageError

    file_size = facts.byte_size
    facts.format = _sniff_format(head)
    match facts.format:
        case "PNG":
            _walk_png(fp, file_size)  # raises on a damaged signature too
        case "GIF":
            _walk_gif(fp, file_size, max_pixels)
        case "JPEG":
            _walk_jpeg_header(fp, file_size)
        case "WEBP":
            _check_riff_size(fp, file_size)
        case None if isinstance(exc, UnidentifiedImageError):
            raise _Unreadable("not_image", _describe_foreign(head))
    # The walk found nothing wrong, or this is a format that Pillow recognised and then choked
    # on: Pillow's own message is the best detail left.
    raise _from_pillow(exc, facts.format)


def _sniff_format(head: bytes) -> str | None:
    """The image format named by the file's signature, also when the signature is damaged."""
    if (
        head.startswith(b"\x89PNG")
        or head[1:8] == _PNG_SIGNATURE[1:]
        or head.startswith(b"PNG\r\n")
    ):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:2] == b"BM" and head[6:10] == b"\0\0\0\0":  # the reserved fields keep "BM..." text out
        return "BMP"
    if head[:4] in (b"II*\0", b"MM\0*"):
        return "TIFF"
    return None


def _sniff_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) from the fixed-position header fields of PNG, GIF, WebP and BMP."""
    if head.startswith(_PNG_SIGNATURE) and head[12:16] == b"IHDR" and len(head) >= 24:
        return struct.unpack(">II", head[16:24])
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return struct.unpack("<HH", head[6:10])
    if head[:2] == b"BM" and len(head) >= 26 and head[14:18] != b"\x0c\0\0\0":
        width, height = struct.unpack("<ii", head[18:26])  # height < 0: rows stored top-down
        return width, abs(height)
    return _webp_canvas_size(head)


def _describe_foreign(head: bytes) -> str:
    for signature, what in _FOREIGN_SIGNATURES:
        if head.startswith(signature):
            return f"{what}, not an image"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIC/HEIF photo (iPhone camera format), which cannot be read; export it as JPEG"
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime video, not an image"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"<":
        return "HTML/XML text (an SVG or a saved web page?), not an image"
    if all(byte >= 0x20 or byte in b"\t\r\n" for byte in head):
        return "text file, not an image"
    return f"unrecognised content (starts with {head[:8].hex(' ')}), not an image"
