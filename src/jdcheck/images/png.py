"""PNG: every chunk walked with its CRC to IEND; at "decode" the image data inflated and counted."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Final

from jdcheck.images.common import READ_STEP, Unreadable


_EXTRA_IMAGE_DATA: Final = 1 << 16  # inflated past a PNG's image to reach the stream's checksum


PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
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


# Pillow's mode for each valid (bit depth, colour type) of IHDR (PngImagePlugin._MODES): the only
# thing its PNG parser reads the mode from.
_PILLOW_MODES: Final = {
    (1, 0): "1", (2, 0): "L", (4, 0): "L", (8, 0): "L", (16, 0): "I;16",
    (8, 2): "RGB", (16, 2): "RGB",
    (1, 3): "P", (2, 3): "P", (4, 3): "P", (8, 3): "P",
    (8, 4): "LA", (16, 4): "RGBA",
    (8, 6): "RGBA", (16, 6): "RGBA",
}
# The chunks Pillow's PNG parser has a reader for (PngImagePlugin.PngStream.chunk_*); it skips any
# other. Of these, before the image data, the ones it reads without a way to fail once the CRC
# holds, given at least this many bytes; the others (iCCP, zTXt, iTXt: inflated as the file
# opens; acTL, fcTL, fdAT: animation) leave the file to Pillow.
PILLOW_CHUNK_READERS: Final = frozenset({
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs", b"tEXt", b"eXIf",
    b"iCCP", b"zTXt", b"iTXt", b"acTL", b"fcTL", b"fdAT",
})
_PLAIN_CHUNK_LENGTHS: Final = {b"IHDR": 13, b"PLTE": 0, b"gAMA": 4, b"cHRM": 32, b"sRGB": 1, b"pHYs": 9, b"tEXt": 0, b"eXIf": 0}
_TRNS_LENGTHS: Final = {"1": 2, "L": 2, "I;16": 2, "RGB": 6}  # a grey or RGB key colour; a palette's alphas, any
_PILLOW_TEXT_LIMIT: Final = 1 << 20  # tEXt bytes: Pillow refuses past 64 MB in all; kept well under
_CRITICAL_CHUNKS: Final = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND"})


def _cut_short(name: str, position: int, end: int) -> str:
    return f"PNG ends inside its {name} chunk (which starts at byte {position}; the file ends at byte {end})"


@dataclass(frozen=True, slots=True)
class PngHeader:
    """What a finished walk saw before the image data.

    ``mode`` is set only when every chunk there is one Pillow's PNG parser reads without a way to
    fail (``_plain_chunk``): then the size and the mode are what ``Image.open`` would find, and
    opening the file again through Pillow would add nothing."""

    width: int
    height: int
    mode: str | None
    exif: bytes | None
    """The first eXIf chunk before the image data: the TIFF block the manager's browser reads
    orientation from (images.orientation); None without one."""


def _plain_chunk(chunk_type: bytes, length: int, mode: str) -> bool:
    """Whether Pillow reads this chunk before the image data exactly as the walk does."""
    if chunk_type == b"tRNS":
        return length >= _TRNS_LENGTHS.get(mode, 0)
    if chunk_type not in PILLOW_CHUNK_READERS:
        return True
    least = _PLAIN_CHUNK_LENGTHS.get(chunk_type)
    return least is not None and length >= least


def walk_png(fp: BinaryIO, file_size: int, *, inflate: bool = True) -> PngHeader:
    """Walk every chunk to IEND, checking lengths and CRCs, and inflate IDAT without decoding;
    return what the header holds.

    Catches what Pillow's load catches (truncation, CRC mismatch, broken, short or checksum-failing
    zlib data) in bounded memory; misses only invalid row filter bytes. Without ``inflate`` it
    still reads every byte through the CRCs (damage in transit or on disk) and misses only a
    writer's broken zlib data under valid CRCs.
    """
    fp.seek(0)
    if fp.read(8) != PNG_SIGNATURE:
        raise Unreadable("corrupt", "PNG signature damaged (file transferred in text mode?)")
    position = 8
    image_data: _ImageDataStream | None = None
    raw_size: int | None = None
    inflate_error: Unreadable | None = None
    seen_idat = False
    ihdr = exif = None
    mode = ""  # Pillow's, once IHDR is read
    plain = True  # every chunk before the image data read by Pillow as here (PngHeader.mode)
    text = 0
    while True:
        header = fp.read(8)
        if len(header) < 8:
            if position >= file_size:
                raise Unreadable("truncated", "PNG ends without IEND chunk")
            raise Unreadable("truncated", f"PNG ends inside a chunk header (which starts at byte {position}; "
                                          f"the file ends at byte {position + len(header)})")
        length, chunk_type = struct.unpack(">I4s", header)
        name = chunk_type.decode("latin-1")
        if not chunk_type.isalpha() or not chunk_type.isascii():
            raise Unreadable(
                "corrupt", f"PNG chunk at byte {position} has an invalid type {chunk_type!r}"
            )
        if length > 0x7FFFFFFF:
            raise Unreadable(
                "corrupt", f"PNG chunk {name} at byte {position} has an invalid length"
            )
        if position == 8 and chunk_type != b"IHDR":
            raise Unreadable("corrupt", f"PNG starts with a {name} chunk instead of IHDR")
        if chunk_type[0] & 0x20 == 0 and chunk_type not in _CRITICAL_CHUNKS:
            # An upper-case first letter makes a chunk critical: a decoder that does not know it
            # must not show the image (PNG spec 5.4). Chrome does not; Pillow reads past it.
            raise Unreadable("corrupt", f"PNG has an unknown critical chunk {name} at byte {position}, "
                                        "which browsers refuse to show")
        if position + 12 + length > file_size:
            raise Unreadable("truncated", _cut_short(name, position, file_size))
        crc = zlib.crc32(chunk_type)
        keep = chunk_type == b"IHDR" or chunk_type == b"eXIf" and not seen_idat and exif is None
        kept = bytearray()
        remaining = length
        while remaining:
            piece = fp.read(min(remaining, READ_STEP))
            if not piece:  # the file shrank while being read
                raise Unreadable("truncated", _cut_short(name, position, position + 8 + length - remaining))
            remaining -= len(piece)
            crc = zlib.crc32(piece, crc)
            if keep:
                kept += piece
            if chunk_type == b"IDAT" and image_data is not None and inflate_error is None:
                try:
                    image_data.feed(piece)
                except Unreadable as error:
                    inflate_error = error
        if crc != int.from_bytes(fp.read(4), "big"):
            # A damaged byte usually breaks the zlib stream too; the CRC names the cause.
            raise Unreadable("corrupt", f"PNG chunk {name} CRC mismatch at byte {position}")
        if inflate_error is not None:
            raise inflate_error
        if not seen_idat and chunk_type not in (b"IDAT", b"IEND"):
            text += length if chunk_type == b"tEXt" else 0
            plain = (plain and _plain_chunk(chunk_type, length, mode) and text <= _PILLOW_TEXT_LIMIT
                     and not (chunk_type == b"IHDR" and ihdr is not None))  # a second IHDR: Pillow decides
        if chunk_type == b"IHDR":
            ihdr = bytes(kept)
            raw_size = _png_raw_size(ihdr)  # a valid header: its depth and colour type are Pillow's
            mode = _PILLOW_MODES[ihdr[8], ihdr[9]]
            image_data = _ImageDataStream(raw_size) if inflate else None
        elif chunk_type == b"eXIf" and keep:
            exif = bytes(kept)
        elif chunk_type == b"IDAT":
            seen_idat = True
        elif chunk_type == b"IEND":
            break
        position += 12 + length
    if ihdr is None or raw_size is None or not seen_idat:
        raise Unreadable("corrupt", "PNG has no IDAT image data")
    if image_data is not None:
        image_data.finish()
    width, height = struct.unpack_from(">II", ihdr)
    return PngHeader(width, height, mode if plain else None, exif)


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
                    data, min(self.missing + _EXTRA_IMAGE_DATA, READ_STEP)
                )
            except zlib.error as exc:
                raise Unreadable(
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
                raise Unreadable(
                    "corrupt", f"PNG image data is not a valid zlib stream ({exc})"
                ) from None
        if self.missing > 0:
            raise Unreadable("corrupt", f"PNG image data ends {self.missing} bytes short")


def _png_raw_size(ihdr: bytes) -> int:
    """Bytes the IDAT stream must inflate to (filter byte + packed samples, per row and pass)."""
    if len(ihdr) != 13:
        raise Unreadable("corrupt", "PNG IHDR chunk has the wrong length")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", ihdr
    )
    if width == 0 or height == 0:
        raise Unreadable("corrupt", f"PNG IHDR declares a {width}×{height} image")
    if colour not in _PNG_COLOUR_TYPES or depth not in _PNG_COLOUR_TYPES[colour][1]:
        raise Unreadable("corrupt", f"PNG IHDR has bit depth {depth} with colour type {colour}")
    if compression != 0:
        raise Unreadable("corrupt", f"PNG IHDR has unknown compression method {compression}")
    if filtering != 0:
        raise Unreadable("corrupt", f"PNG IHDR has unknown filter method {filtering}")
    if interlace not in (0, 1):
        raise Unreadable("corrupt", f"PNG IHDR has unknown interlace method {interlace}")
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
