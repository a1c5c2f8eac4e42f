"""What the format walks share: the error that ends an inspection, Pillow's errors on bad data,
and the size of each read."""

from __future__ import annotations

import struct
from typing import Final, Literal

# "unreadable": the file itself could not be read (permission denied, I/O error, vanished).
ImageError = Literal["unreadable", "empty", "not_image", "truncated", "corrupt", "too_many_pixels"]

# What Pillow raises on bad bytes, besides its DecompressionBomb* classes. Pillow has no common
# base class for "bad data": Image.open itself treats SyntaxError, IndexError, TypeError and
# struct.error from a plugin as "not this format", decoders raise OSError, ValueError and
# EOFError. Kept to the calls into Pillow so that a bug of ours still raises.
PILLOW_DATA_ERRORS: Final = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    struct.error,
)

READ_STEP: Final = 1 << 20  # bytes read or inflated at once by the structural walks


class Unreadable(Exception):
    """The file cannot be used as an image; carries ImageInfo.error and error_detail."""

    def __init__(self, error: ImageError, detail: str) -> None:
        super().__init__(detail)
        self.error: ImageError = error
        self.detail = detail


def too_many_pixels_detail(
    pixels: int | None, max_pixels: int, size: tuple[int, int] | None = None
) -> str:
    if pixels is None:  # Pillow's message changed: say what is known
        return f"more than the limit of {max_pixels} pixels"
    detail = f"{pixels} pixels > limit {max_pixels}"
    return detail if size is None else f"{detail} ({size[0]}×{size[1]})"


def from_pillow(exc: BaseException, image_format: str | None) -> Unreadable:
    from PIL import UnidentifiedImageError

    text = str(exc) or type(exc).__name__
    if isinstance(exc, UnidentifiedImageError):  # its message is only the file's repr
        text = "header not understood by the decoder"
    kind: ImageError = "corrupt"
    if isinstance(exc, EOFError) or "truncated" in text.lower():
        kind = "truncated"
    if "MAX_TEXT_CHUNK" in text:
        text = "compressed text chunk expands beyond Pillow's limit (text-chunk bomb)"
    return Unreadable(kind, f"{image_format or 'image'}: {text}")
