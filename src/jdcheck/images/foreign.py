"""Files that Pillow cannot open: what they are (a PDF, a HEIC photo, a cut-off JPEG) and why."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, BinaryIO, Final, NoReturn

from jdcheck.images.common import Unreadable, from_pillow
from jdcheck.images.gif import walk_gif
from jdcheck.images.jpeg import walk_jpeg_header
from jdcheck.images.png import PNG_SIGNATURE, walk_png
from jdcheck.images.webp import check_riff_size, webp_canvas_size

if TYPE_CHECKING:
    from jdcheck.images import _Facts


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


def explain_unopenable(
    facts: _Facts, fp: BinaryIO, head: bytes, exc: BaseException, max_pixels: int
) -> NoReturn:
    """Raise the most telling Unreadable for a file that Image.open refused."""
    from PIL import UnidentifiedImageError

    file_size = facts.byte_size
    facts.format = sniff_format(head)
    match facts.format:
        case "PNG":
            walk_png(fp, file_size)  # raises on a damaged signature too
        case "GIF":
            walk_gif(fp, file_size, max_pixels)
        case "JPEG":
            walk_jpeg_header(fp, file_size)
        case "WEBP":
            check_riff_size(fp, file_size)
        case None if isinstance(exc, UnidentifiedImageError):
            raise Unreadable("not_image", _describe_foreign(head))
    # The walk found nothing wrong, or this is a format that Pillow recognised and then choked
    # on: Pillow's own message is the best detail left.
    raise from_pillow(exc, facts.format)


def sniff_format(head: bytes) -> str | None:
    """The image format named by the file's signature, also when the signature is damaged."""
    if (
        head.startswith(b"\x89PNG")
        or head[1:8] == PNG_SIGNATURE[1:]
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


def sniff_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) from the fixed-position header fields of PNG, GIF, WebP and BMP."""
    if head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR" and len(head) >= 24:
        return struct.unpack(">II", head[16:24])
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return struct.unpack("<HH", head[6:10])
    if head[:2] == b"BM" and len(head) >= 26 and head[14:18] != b"\x0c\0\0\0":
        width, height = struct.unpack("<ii", head[18:26])  # height < 0: rows stored top-down
        return width, abs(height)
    return webp_canvas_size(head)


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
