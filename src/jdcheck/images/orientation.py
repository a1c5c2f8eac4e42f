"""The EXIF orientation of a picture as the category manager's browser reads it, in one place.

The manager sees slot images in Chrome on Windows, whose CSS ``image-orientation`` defaults to
``from-image`` (CSS Images 3): it turns a picture by its EXIF orientation, and only by what its
decoders read as EXIF. Every reader of orientation in jdcheck (the image checks through
``inspect_image``, ``jdcheck fix``, the report's thumbnails, the picture checks) goes through
this module, so a picture is measured, turned and shown as the manager sees it.

What Chrome reads (Chromium and Skia sources, 2025):

- JPEG: the first APP1 segment whose payload starts with ``Exif\\0`` and one more byte, followed
  by the TIFF block (blink jpeg_image_decoder.cc passes SkJpegMetadataDecoder::getExifMetadata to
  ImageDecoder::ApplyExifMetadata; SkJpegMetadataDecoderImpl.cpp reads it with read_metadata(APP1,
  kExifSig "Exif\\0", signaturePadding 1) and stops at the first such segment). XMP
  (``tiff:Orientation`` in an ``http://ns.adobe.com/xap/1.0/`` APP1) is read only for gain maps.
- PNG: the eXIf chunk, as the png crate has it once ``read_info`` has read "all meta data until
  the first IDAT chunk" (blink png_decoder_factory.cc makes a SkiaPngRustImageDecoder;
  SkPngRustCodec.cpp GetEncodedOrigin reads ``reader.has_exif_chunk()`` in the constructor, right
  after ``new_reader``; blink skia_image_decoder_base.cc OnSetData sets ``orientation_`` from
  ``codec_->getOrigin()`` as soon as the codec is made). Text chunks are not read at all (skia
  rust_png FFI.rs: ``options.set_ignore_text_chunk(true)``), so neither ImageMagick's "Raw
  profile type exif" nor XMP in iTXt counts, and an eXIf after the image data is not seen.
  Blink's libpng decoder did the same: only critical chunks and tRNS, cHRM, iCCP, sRGB, gAMA,
  cICP, cLLi, mDCv and eXIf before IDAT reach libpng (png_image_reader.cc ParseSize), and
  HeaderAvailable reads ``png_get_eXIf_1`` when IDAT is reached (png_image_decoder.cc).
- WebP, GIF, BMP: no orientation (webp_image_decoder.cc reads the ICCP chunk only).

The TIFF block is read as SkExif.cpp and SkTiffUtility.cpp read it: tag 0x0112 of type SHORT and
count 1 with a value 1–8, in IFD0 or in the Exif sub-IFD it points to, the first such entry in
file order; an IFD that does not fit in the block is not read.

Pillow's ``getexif()`` reads more than this (XMP, "Raw profile type exif", a tEXt "exif", an eXIf
after IDAT when the image is loaded, WebP's EXIF chunk): it is not used for orientation.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import TYPE_CHECKING, BinaryIO, Final

if TYPE_CHECKING:
    from PIL import Image as PILImage

__all__ = ["TRANSPOSING", "exif_tiff", "jpeg_orientation", "orientation_of", "png_orientation", "tiff_orientation", "upright"]

# Orientations 5–8 turn by 90° or 270°: the displayed width is the stored height.
TRANSPOSING: Final = frozenset({5, 6, 7, 8})

_EXIF_SIGNATURE: Final = b"Exif\0"  # and one byte of padding, any value (SkJpegMetadataDecoderImpl)
_EXIF_HEADER: Final = len(_EXIF_SIGNATURE) + 1
_TIFF_BYTE_ORDERS: Final = {b"II*\0": "<", b"MM\0*": ">"}
_ORIENTATION_TAG: Final = 0x0112
_EXIF_IFD_TAG: Final = 0x8769
_SHORT, _LONG = 3, 4
_ENTRY: Final = 12


def tiff_orientation(tiff: bytes) -> int | None:
    """The orientation (1–8) in a TIFF block as Skia reads it, or None."""
    order = _TIFF_BYTE_ORDERS.get(bytes(tiff[:4]))
    if order is None or len(tiff) < 8:
        return None
    (offset,) = struct.unpack_from(order + "I", tiff, 4)
    return _ifd_orientation(tiff, order, offset, root=True)


def _ifd_orientation(tiff: bytes, order: str, offset: int, *, root: bool) -> int | None:
    if offset + 2 > len(tiff):
        return None
    (count,) = struct.unpack_from(order + "H", tiff, offset)
    first = offset + 2
    if first + _ENTRY * count + 4 > len(tiff):  # the entries and the next IFD's offset must fit
        return None
    for entry in range(first, first + _ENTRY * count, _ENTRY):
        tag, kind, number = struct.unpack_from(order + "HHI", tiff, entry)
        if tag == _ORIENTATION_TAG and kind == _SHORT and number == 1:
            (value,) = struct.unpack_from(order + "H", tiff, entry + 8)
            if 1 <= value <= 8:
                return value
        elif tag == _EXIF_IFD_TAG and root and kind == _LONG and number == 1:
            (sub_ifd,) = struct.unpack_from(order + "I", tiff, entry + 8)
            found = _ifd_orientation(tiff, order, sub_ifd, root=False)
            if found is not None:
                return found
    return None


def exif_tiff(app1_payload: bytes) -> bytes | None:
    """The TIFF block of an APP1 payload that Chrome reads EXIF from, else None."""
    if app1_payload.startswith(_EXIF_SIGNATURE) and len(app1_payload) > _EXIF_HEADER:
        return app1_payload[_EXIF_HEADER:]
    return None


def jpeg_orientation(app1_payloads: Iterable[bytes]) -> int | None:
    """The orientation of a JPEG from its APP1 payloads in file order: the first EXIF one's."""
    for payload in app1_payloads:
        tiff = exif_tiff(payload)
        if tiff is not None:
            return tiff_orientation(tiff)
    return None


def png_orientation(fp: BinaryIO) -> int | None:
    """The orientation of a PNG: its first eXIf chunk before the image data. Reads the chunk
    headers from the start of ``fp`` (skipping their data) and puts its position back."""
    saved = fp.tell()
    try:
        size = fp.seek(0, 2)
        position = fp.seek(8)
        while position + 8 <= size:
            length, kind = struct.unpack(">I4s", fp.read(8))
            if kind in (b"IDAT", b"IEND") or position + 12 + length > size:
                return None
            if kind == b"eXIf":
                return tiff_orientation(fp.read(length))
            position = fp.seek(length + 4, 1)
        return None
    finally:
        fp.seek(saved)


def orientation_of(im: PILImage.Image, fp: BinaryIO) -> int | None:
    """The orientation of a picture Pillow has opened from ``fp``."""
    if im.format in ("JPEG", "MPO"):
        applist = getattr(im, "applist", ())
        return jpeg_orientation(payload for marker, payload in applist if marker == "APP1")
    if im.format == "PNG":
        return png_orientation(fp)
    return None


def upright(im: PILImage.Image, orientation: int | None) -> PILImage.Image:
    """``im`` turned as a browser shows a picture of this orientation (a new image; ``im`` itself
    when there is nothing to turn)."""
    from PIL import Image

    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation or 1)
    return im if method is None else im.transpose(method)
