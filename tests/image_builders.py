"""Builders that write real image files for tests: small, deterministic, written by Pillow.

Each builder writes ``path`` (creating its folder) and returns it, so a test reads
``info = inspect_image(jpeg(tmp_path / "100012043978.jpg", kb=40))``. Sizes are (width, height)
as stored in the file; with an EXIF ``orientation`` of 5–8 viewers show them swapped.
"""

from __future__ import annotations

import io
import random
import struct
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image as PILImage

__all__ = ["bmp", "gif", "jpeg", "png", "truncate", "webp"]

KB = 1024  # as Windows Explorer and SPEC I003 count

_COM = b"\xff\xfe"  # JPEG comment marker
_MAX_SEGMENT_PAYLOAD = 0xFFFF - 2  # a marker segment's length field counts itself
_MIN_SEGMENT = 4  # marker + length: the smallest padding a comment segment can add


def jpeg(
    path: Path,
    size: tuple[int, int] = (440, 293),
    *,
    kb: float | None = None,
    quality: int = 85,
    mode: str = "RGB",
    orientation: int | None = None,
    progressive: bool = False,
) -> Path:
    """A photo-like JPEG. ``kb``: make the file exactly ``round(kb * 1024)`` bytes.

    The picture is encoded at ``quality`` (lowered step by step if it does not fit) and then
    padded with comment (COM) segments, which every decoder skips; ``kb=50_000 / 1024`` gives a
    file of exactly 50,000 bytes. ``mode``: "RGB", "L" or "CMYK".
    """
    picture = _picture(size, mode)
    exif = b""
    if orientation is not None:
        from PIL import Image

        tags = Image.Exif()
        tags[0x0112] = orientation
        exif = tags.tobytes()
    target = None if kb is None else round(kb * KB)
    for attempt_quality in range(quality, 0, -5):
        data = _encode(picture, "JPEG", quality=attempt_quality, progressive=progressive, exif=exif)
        if target is None:
            break
        padding = target - len(data)
        if padding == 0 or padding >= _MIN_SEGMENT:
            data = _pad_with_comments(data, padding)
            break
    else:
        raise ValueError(f"cannot fit a {size[0]}×{size[1]} JPEG into {target} bytes")
    return _write(path, data)


def png(path: Path, size: tuple[int, int] = (440, 293), *, mode: str = "RGB") -> Path:
    """A PNG of the photo-like picture. ``mode``: "RGB", "RGBA", "L", "LA", "P", "1", "I;16"."""
    return _write(path, _encode(_picture(size, mode), "PNG"))


def gif(path: Path, size: tuple[int, int] = (440, 293), *, frames: int = 1) -> Path:
    """A palette GIF; ``frames`` > 1 writes an animation whose frames all differ."""
    images = [_picture(size, "P", seed=frame) for frame in range(frames)]
    return _write(path, _encode_frames(images, "GIF", loop=0, duration=100))


def webp(path: Path, size: tuple[int, int] = (440, 293), *, frames: int = 1) -> Path:
    """A lossy WebP; ``frames`` > 1 writes an animated WebP."""
    images = [_picture(size, "RGB", seed=frame) for frame in range(frames)]
    return _write(path, _encode_frames(images, "WEBP", quality=80, duration=100))


def bmp(path: Path, size: tuple[int, int] = (440, 293)) -> Path:
    """A 24-bit BMP."""
    return _write(path, _encode(_picture(size, "RGB"), "BMP"))


def malformed_mpo(path: Path, size: tuple[int, int] = (640, 480)) -> Path:
    """A camera's two-picture JPEG (MPO) whose MP index claims 100 pictures: Pillow reads the first
    as a plain JPEG and warns "Image appears to be a malformed MPO file" on opening it."""
    picture = _picture(size, "RGB")
    data = _encode_frames([picture, picture], "MPO")
    count = b"\x01\xb0\x04\x00\x01\x00\x00\x00"  # tag B001 (number of images), LONG, 1 value
    assert data.count(count + b"\x02\x00\x00\x00") == 1
    return _write(path, data.replace(count + b"\x02\x00\x00\x00", count + b"\x64\x00\x00\x00"))


def truncate(path: Path, keep_bytes: int) -> Path:
    """Cut the file after ``keep_bytes`` bytes, like a copy or download that stopped early.

    A negative ``keep_bytes`` drops that many bytes from the end, as a slice would.
    """
    data = Path(path).read_bytes()
    return _write(path, data[:keep_bytes])


# ----------------------------------------------------------------------------- helpers


def _picture(size: tuple[int, int], mode: str, *, seed: int = 0) -> PILImage.Image:
    """Gradients, a few shapes and grain: compresses like a product photo, not like a flat fill."""
    from PIL import Image, ImageDraw

    width, height = size
    rng = random.Random(seed)
    grain = Image.frombytes("L", size, rng.randbytes(width * height))
    horizontal = Image.linear_gradient("L").rotate(90).resize(size)
    vertical = Image.linear_gradient("L").resize(size)
    picture = Image.merge(
        "RGB",
        (
            Image.blend(horizontal, grain, 0.12),
            Image.blend(vertical, grain, 0.12),
            Image.blend(horizontal.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grain, 0.12),
        ),
    )
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        x, y = rng.randrange(max(1, width)), rng.randrange(max(1, height))
        radius = max(1, min(width, height) // rng.randint(4, 10))
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    match mode:
        case "RGB":
            return picture
        case "P":
            return picture.quantize(colors=256)
        case "I;16":
            return (
                picture.convert("L").convert("I").point(lambda value: value * 257).convert("I;16")
            )
        case _:
            return picture.convert(mode)


def _encode(picture: PILImage.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, image_format, **{key: value for key, value in options.items() if value})
    return buffer.getvalue()


def _encode_frames(images: list[PILImage.Image], image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    first, *rest = images
    if rest:
        first.save(buffer, image_format, save_all=True, append_images=rest, **options)
    else:
        first.save(
            buffer,
            image_format,
            **{key: value for key, value in options.items() if key == "quality"},
        )
    return buffer.getvalue()


def _pad_with_comments(data: bytes, padding: int) -> bytes:
    """Insert COM segments adding exactly ``padding`` bytes (0, or at least 4).

    They go after the APPn segments, where an editor puts its comment: JFIF and EXIF readers
    expect their APP0/APP1 segment right after SOI."""
    segments = []
    while padding:
        payload = min(padding - _MIN_SEGMENT, _MAX_SEGMENT_PAYLOAD)
        rest = padding - _MIN_SEGMENT - payload
        if 0 < rest < _MIN_SEGMENT:  # leave room for one more whole segment
            payload -= _MIN_SEGMENT - rest
        segments.append(_COM + struct.pack(">H", payload + 2) + b" " * payload)
        padding -= _MIN_SEGMENT + payload
    position = 2
    while data[position] == 0xFF and 0xE0 <= data[position + 1] <= 0xEF:
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return data[:position] + b"".join(segments) + data[position:]


def _write(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
