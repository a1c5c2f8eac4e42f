"""inspect_image: true format, sizes, orientation, mode, animation and integrity of one file."""

from __future__ import annotations

import os
import random
import re
import struct
import subprocess
import sys
import time
import warnings
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdcheck.images import DEFAULT_MAX_PIXELS, ImageInfo, inspect_image, inspect_image_data

from .image_builders import bmp, gif, jpeg, png, truncate, webp

ERRORS = {"empty", "not_image", "truncated", "corrupt", "too_many_pixels"}
SRC = Path(__file__).resolve().parents[1] / "src"

Build = Callable[[Path], Path]


# ------------------------------------------------------------------------- surgery helpers
# Damage that a builder cannot produce: PNG chunks rewritten with valid CRCs, so that only the
# intended fault remains.


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(
            (data[position + 4 : position + 8], data[position + 8 : position + 8 + length])
        )
        position += 12 + length
    return chunks


def _png_from_chunks(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = bytearray(b"\x89PNG\r\n\x1a\n")
    for chunk_type, payload in chunks:
        out += struct.pack(">I", len(payload)) + chunk_type + payload
        out += struct.pack(">I", zlib.crc32(chunk_type + payload))
    return bytes(out)


def _rewrite_png(
    path: Path, edit: Callable[[list[tuple[bytes, bytes]]], list[tuple[bytes, bytes]]]
) -> Path:
    path.write_bytes(_png_from_chunks(edit(_png_chunks(path.read_bytes()))))
    return path


def _merged_idat(chunks: list[tuple[bytes, bytes]]) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """All IDAT data as one payload, and the chunk list with one IDAT placeholder."""
    data = b"".join(payload for chunk_type, payload in chunks if chunk_type == b"IDAT")
    out, placed = [], False
    for chunk in chunks:
        if chunk[0] != b"IDAT":
            out.append(chunk)
        elif not placed:
            out.append((b"IDAT", b""))
            placed = True
    return data, out


def _with_idat(chunks: list[tuple[bytes, bytes]], idat: bytes) -> list[tuple[bytes, bytes]]:
    _, out = _merged_idat(chunks)
    return [(b"IDAT", idat) if chunk[0] == b"IDAT" else chunk for chunk in out]


def _broken_zlib(chunks):
    data, _ = _merged_idat(chunks)
    middle = len(data) // 2
    return _with_idat(chunks, data[:middle] + bytes(200) + data[middle + 200 :])


def _short_image_data(chunks):
    data, _ = _merged_idat(chunks)
    raw = zlib.decompress(data)
    return _with_idat(chunks, zlib.compress(raw[: len(raw) // 2]))


def _second_stream_after_image(chunks):
    data, _ = _merged_idat(chunks)
    return _with_idat(chunks, data + zlib.compress(b"\0" * 5000))


def _ihdr(**fields: int):
    names = ("width", "height", "depth", "colour", "compression", "filter", "interlace")

    def edit(chunks):
        values = dict(zip(names, struct.unpack(">IIBBBBB", chunks[0][1]), strict=True))
        values.update(fields)
        return [(b"IHDR", struct.pack(">IIBBBBB", *values.values())), *chunks[1:]]

    return edit


def _exif_after_idat(orientation: int):
    def edit(chunks):
        from PIL import Image

        exif = Image.Exif()
        exif[0x0112] = orientation
        iend = chunks[-1]
        return [*chunks[:-1], (b"eXIf", exif.tobytes()), iend]

    return edit


def _gif_frames(screen: tuple[int, int], positions: list[tuple[int, int]]) -> bytes:
    """A GIF of 1×1 frames placed at ``positions`` on a ``screen``-sized logical screen."""
    data = b"GIF89a" + struct.pack("<HHBBB", *screen, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    for left, top in positions:
        data += b"," + struct.pack("<HHHHB", left, top, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    return data + b";"


def _overwrite(path: Path, offset: int, data: bytes) -> Path:
    content = bytearray(path.read_bytes())
    content[offset : offset + len(data)] = data
    path.write_bytes(bytes(content))
    return path


def _append(path: Path, data: bytes) -> Path:
    path.write_bytes(path.read_bytes() + data)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _scan_overwritten(path: Path) -> Path:
    """2000 random bytes in the middle of the entropy-coded data: stray markers included."""
    data = bytearray(path.read_bytes())
    middle = (data.find(b"\xff\xda") + len(data)) // 2
    data[middle : middle + 2000] = random.Random(0).randbytes(2000)
    path.write_bytes(bytes(data))
    return path


def _mpo(path: Path) -> Path:
    from PIL import Image

    source = jpeg(path.with_name("mpo-source.jpg"))
    with Image.open(source) as left:
        right = left.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        left.save(path, "MPO", save_all=True, append_images=[right])
    return path


def _tiff(path: Path) -> Path:
    from PIL import Image

    with Image.open(png(path.with_name("tiff-source.png"), (64, 48))) as picture:
        picture.save(path, "TIFF")
    return path


def _animated_webp_with_canvas(width: int, height: int):
    def build(directory: Path) -> Path:
        path = webp(directory / "big.webp", (64, 64), frames=2)
        assert path.read_bytes()[12:16] == b"VP8X"
        return _overwrite(
            path, 24, (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
        )

    return build


# ----------------------------------------------------------------------------- readable files

JPEG_SLOT = {"format": "JPEG", "extension_format": "JPEG", "stored_size": (440, 293), "mode": "RGB"}

READABLE: list[tuple[str, Build, dict[str, object]]] = [
    (
        "jpeg-slot-40kb",
        lambda d: jpeg(d / "100012043978.jpg", kb=40),
        JPEG_SLOT
        | {
            "byte_size": 40 * 1024,
            "display_size": (440, 293),
            "orientation": None,
            "animated": False,
        },
    ),
    (
        "jpeg-exactly-50000-bytes",
        lambda d: jpeg(d / "a.jpg", kb=50_000 / 1024),
        {"byte_size": 50_000},
    ),
    ("jpeg-progressive", lambda d: jpeg(d / "a.jpg", progressive=True), JPEG_SLOT),
    ("jpeg-uppercase-extension", lambda d: jpeg(d / "A.JPEG"), JPEG_SLOT),
    ("jpeg-grey", lambda d: jpeg(d / "a.jpg", mode="L"), {"mode": "L"}),
    ("jpeg-cmyk", lambda d: jpeg(d / "a.jpg", mode="CMYK"), {"mode": "CMYK"}),
    (
        "jpeg-orientation-1",
        lambda d: jpeg(d / "a.jpg", orientation=1),
        {"orientation": 1, "display_size": (440, 293)},
    ),
    (
        "jpeg-orientation-3",
        lambda d: jpeg(d / "a.jpg", orientation=3),
        {"orientation": 3, "display_size": (440, 293)},
    ),
    (
        "jpeg-orientation-6",
        lambda d: jpeg(d / "a.jpg", orientation=6),
        {"orientation": 6, "display_size": (293, 440)},
    ),
    (
        "jpeg-orientation-8",
        lambda d: jpeg(d / "a.jpg", orientation=8),
        {"orientation": 8, "display_size": (293, 440)},
    ),
    (
        "jpeg-orientation-out-of-range",
        lambda d: jpeg(d / "a.jpg", orientation=9),
        {"orientation": None},
    ),
    ("jpeg-zero-padding-after-eoi", lambda d: _append(jpeg(d / "a.jpg"), bytes(4096)), JPEG_SLOT),
    (
        "jpeg-trailer-after-eoi",
        lambda d: _append(jpeg(d / "a.jpg"), b"SEFH" + bytes(range(256)) * 8),
        JPEG_SLOT,
    ),
    ("jpeg-tiny-1x1", lambda d: jpeg(d / "a.jpg", (1, 1)), {"stored_size": (1, 1)}),
    # over 1 MiB the JPEG walk maps the file instead of reading it into memory
    ("jpeg-over-1-mib", lambda d: jpeg(d / "a.jpg", kb=1100), JPEG_SLOT | {"byte_size": 1100 * 1024}),
    (
        "mpo-named-jpg",
        lambda d: _mpo(d / "a.jpg"),
        {"format": "MPO", "animated": False, "stored_size": (440, 293)},
    ),
    (
        "png-rgb",
        lambda d: png(d / "a.png", (440, 293)),
        {"format": "PNG", "mode": "RGB", "stored_size": (440, 293)},
    ),
    ("png-rgba", lambda d: png(d / "a.png", (64, 48), mode="RGBA"), {"mode": "RGBA"}),
    ("png-palette", lambda d: png(d / "a.png", (64, 48), mode="P"), {"mode": "P"}),
    ("png-16-bit", lambda d: png(d / "a.png", (64, 48), mode="I;16"), {"mode": "I;16"}),
    ("png-1-bit", lambda d: png(d / "a.png", (67, 9), mode="1"), {"mode": "1"}),
    (
        "png-second-zlib-stream-after-image",
        lambda d: _rewrite_png(png(d / "a.png", (64, 48)), _second_stream_after_image),
        {"format": "PNG"},
    ),
    (
        # Chrome reads eXIf only before the image data (images/orientation.py): not turned
        "png-exif-after-idat",
        lambda d: _rewrite_png(png(d / "a.png", (64, 48)), _exif_after_idat(6)),
        {"orientation": None, "display_size": (64, 48)},
    ),
    (
        "gif-still",
        lambda d: gif(d / "a.gif", (64, 48)),
        {"format": "GIF", "mode": "P", "animated": False},
    ),
    (
        "gif-animated",
        lambda d: gif(d / "a.gif", (64, 48), frames=3),
        {"format": "GIF", "animated": True},
    ),
    (
        "webp-still",
        lambda d: webp(d / "a.webp", (64, 48)),
        {"format": "WEBP", "animated": False, "stored_size": (64, 48)},
    ),
    (
        "webp-animated",
        lambda d: webp(d / "a.webp", (64, 48), frames=3),
        {"format": "WEBP", "animated": True},
    ),
    (
        "bmp",
        lambda d: bmp(d / "a.bmp", (64, 48)),
        {"format": "BMP", "extension_format": "BMP", "stored_size": (64, 48)},
    ),
    (
        "png-named-jpg",
        lambda d: png(d / "a.jpg", (64, 48)),
        {"format": "PNG", "extension_format": "JPEG"},
    ),
    ("jpeg-named-png", lambda d: jpeg(d / "a.png"), {"format": "JPEG", "extension_format": "PNG"}),
    (
        "gif-named-jpg",
        lambda d: gif(d / "a.jpg", (64, 48)),
        {"format": "GIF", "extension_format": "JPEG"},
    ),
    (
        "webp-named-png",
        lambda d: webp(d / "a.png", (64, 48)),
        {"format": "WEBP", "extension_format": "PNG"},
    ),
    (
        "tiff-unknown-extension",
        lambda d: _tiff(d / "a.tif"),
        {"format": "TIFF", "extension_format": None},
    ),
]


@pytest.mark.parametrize(
    ("build", "expected"), [case[1:] for case in READABLE], ids=[case[0] for case in READABLE]
)
def test_readable_image(tmp_path: Path, build: Build, expected: dict[str, object]) -> None:
    path = build(tmp_path)
    info = inspect_image(path)
    assert (info.error, info.error_detail) == (None, None)
    assert info.path == path
    assert info.byte_size == path.stat().st_size
    assert {field: getattr(info, field) for field in expected} == expected


# ----------------------------------------------------------------------------- unreadable files

def _as_process(path: Path, marker: int) -> Path:
    """The JPEG with its frame header's marker changed to another coding process's SOFn."""
    data = bytearray(path.read_bytes())
    data[data.index(b"\xff\xc0") + 1] = marker
    path.write_bytes(bytes(data))
    return path


UNREADABLE: list[tuple[str, Build, str, str]] = [
    ("empty", lambda d: _write(d / "a.jpg", b""), "empty", "0 bytes"),
    # libjpeg-turbo 3 reads lossless JPEG; no browser shows it (nor Pillow, nor Debian 12's djpeg)
    ("lossless-jpeg-sof3", lambda d: _as_process(jpeg(d / "a.jpg"), 0xC3), "corrupt", "lossless JPEG (SOF3)"),
    ("lossless-jpeg-sof11", lambda d: _as_process(jpeg(d / "a.jpg"), 0xCB), "corrupt", "lossless JPEG (SOF11)"),
    (
        "text-named-jpg",
        lambda d: _write(d / "a.jpg", "SKU编码,商品名称\n".encode()),
        "not_image",
        "text",
    ),
    (
        "html-named-png",
        lambda d: _write(d / "a.png", b"<!DOCTYPE html><html></html>"),
        "not_image",
        "HTML",
    ),
    (
        "xlsx-named-png",
        lambda d: _write(d / "a.png", b"PK\x03\x04" + bytes(100)),
        "not_image",
        "ZIP",
    ),
    (
        "pdf-named-jpg",
        lambda d: _write(d / "a.jpg", b"%PDF-1.7\n" + bytes(100)),
        "not_image",
        "PDF",
    ),
    (
        "heic-named-jpg",
        lambda d: _write(d / "a.jpg", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(100)),
        "not_image",
        "HEIC",
    ),
    (
        "binary-named-jpg",
        lambda d: _write(d / "a.jpg", bytes(range(1, 256))),
        "not_image",
        "unrecognised",
    ),
    ("jpeg-cut-in-half", lambda d: truncate(jpeg(d / "a.jpg"), 20_000), "truncated", "EOI"),
    ("jpeg-without-eoi", lambda d: truncate(jpeg(d / "a.jpg"), -2), "truncated", "EOI"),
    ("jpeg-over-1-mib-without-eoi", lambda d: truncate(jpeg(d / "a.jpg", kb=1100), -2), "truncated", "EOI"),
    (
        "jpeg-over-1-mib-bad-huffman-table",
        lambda d: _edit(jpeg(d / "a.jpg", kb=1100), 0xC4, 1, b"\xff" * 16),
        "corrupt",
        "Huffman table",
    ),
    (
        "jpeg-cut-and-zero-filled",
        lambda d: _overwrite(jpeg(d / "a.jpg"), 20_000, bytes(20_000)),
        "truncated",
        "EOI",
    ),
    (
        "jpeg-progressive-cut",
        lambda d: truncate(jpeg(d / "a.jpg", progressive=True), 20_000),
        "truncated",
        "EOI",
    ),
    ("jpeg-cut-in-header", lambda d: truncate(jpeg(d / "a.jpg"), 100), "truncated", "header"),
    ("jpeg-only-soi", lambda d: truncate(jpeg(d / "a.jpg"), 3), "truncated", "header"),
    ("jpeg-scan-overwritten", lambda d: _scan_overwritten(jpeg(d / "a.jpg")), "corrupt", "JPEG"),
    ("png-cut-in-idat", lambda d: truncate(png(d / "a.png"), 5_000), "truncated", "IDAT"),
    ("png-without-iend", lambda d: truncate(png(d / "a.png", (64, 48)), -12), "truncated", "IEND"),
    ("png-signature-only", lambda d: truncate(png(d / "a.png", (64, 48)), 8), "truncated", "IEND"),
    (
        "png-byte-flipped",
        lambda d: _overwrite(png(d / "a.png", (64, 48)), 200, b"\x00\xff"),
        "corrupt",
        "CRC mismatch",
    ),
    (
        "png-signature-crlf-mangled",
        lambda d: _overwrite(png(d / "a.png", (64, 48)), 4, b"\r\r\n"),
        "corrupt",
        "signature",
    ),
    (
        "png-broken-zlib-valid-crc",
        lambda d: _rewrite_png(png(d / "a.png"), _broken_zlib),
        "corrupt",
        "zlib",
    ),
    (
        "png-short-image-data-valid-crc",
        lambda d: _rewrite_png(png(d / "a.png", (64, 48)), _short_image_data),
        "corrupt",
        "short",
    ),
    (
        "png-unknown-compression-valid-crc",
        lambda d: _rewrite_png(png(d / "a.png", (64, 48)), _ihdr(compression=1)),
        "corrupt",
        "compression method",
    ),
    (
        "png-zero-width-valid-crc",
        lambda d: _rewrite_png(png(d / "a.png", (64, 48)), _ihdr(width=0)),
        "corrupt",
        "0×48",
    ),
    ("gif-cut-in-frame", lambda d: truncate(gif(d / "a.gif", (64, 48)), 1_000), "truncated", "GIF"),
    (
        "gif-without-trailer",
        lambda d: truncate(gif(d / "a.gif", (64, 48), frames=2), -1),
        "truncated",
        "trailer",
    ),
    (
        "gif-zero-width",
        lambda d: _overwrite(gif(d / "a.gif", (64, 48)), 6, b"\0\0"),
        "corrupt",
        "0×48",
    ),
    ("webp-cut", lambda d: truncate(webp(d / "a.webp", (64, 48)), -10), "truncated", "RIFF"),
    (
        "webp-animated-cut",
        lambda d: truncate(webp(d / "a.webp", (64, 48), frames=3), 2_000),
        "truncated",
        "RIFF",
    ),
    ("bmp-cut", lambda d: truncate(bmp(d / "a.bmp", (64, 48)), 5_000), "truncated", "BMP"),
]


@pytest.mark.parametrize(
    ("build", "error", "detail"),
    [case[1:] for case in UNREADABLE],
    ids=[case[0] for case in UNREADABLE],
)
def test_unreadable_image(tmp_path: Path, build: Build, error: str, detail: str) -> None:
    path = build(tmp_path)
    info = inspect_image(path)
    assert info.error == error, info.error_detail
    assert detail in info.error_detail
    assert info.byte_size == path.stat().st_size


# A picture held in memory (a mail's attachment) is read as the same file on disk is, at every
# integrity level; a JPEG over 1 MiB, which is mapped on disk, is walked from the bytes.
IN_MEMORY = [(case[0], case[1]) for case in READABLE + UNREADABLE] + [
    ("jpeg-over-1-mib", lambda d: jpeg(d / "a.jpg", (1280, 720), kb=1100)),
    ("jpeg-over-1-mib-cut", lambda d: truncate(jpeg(d / "a.jpg", (1280, 720), kb=1100), 1_000_000)),
]


@pytest.mark.parametrize("integrity", ["decode", "structure", "header"])
@pytest.mark.parametrize("build", [case[1] for case in IN_MEMORY], ids=[case[0] for case in IN_MEMORY])
def test_bytes_in_memory_read_as_the_file_reads(tmp_path: Path, build: Build, integrity: str) -> None:
    path = build(tmp_path)
    from_file = inspect_image(path, integrity=integrity)
    from_bytes = inspect_image_data(path.read_bytes(), path.name, integrity=integrity)
    assert from_bytes.fields_after_path() == from_file.fields_after_path()
    assert from_bytes.path == Path(path.name)


def test_no_bytes_in_memory_is_an_empty_picture() -> None:
    info = inspect_image_data(b"", "截图.png")
    assert (info.error, info.error_detail, info.extension_format) == ("empty", "file is empty (0 bytes)", "PNG")


# What the structure walk (screenshots) cannot see without inflating: a writer's broken zlib data
# under valid chunk CRCs. Damage in transit or on disk breaks a CRC and is caught.
NEEDS_INFLATE = {"png-broken-zlib-valid-crc", "png-short-image-data-valid-crc"}


@pytest.mark.parametrize(
    ("case_id", "build", "error", "detail"),
    UNREADABLE,
    ids=[case[0] for case in UNREADABLE],
)
def test_structure_walk_finds_what_the_decode_finds(
    tmp_path: Path, case_id: str, build: Build, error: str, detail: str
) -> None:
    info = inspect_image(build(tmp_path), integrity="structure")
    if case_id in NEEDS_INFLATE:
        assert info.error is None
    else:
        assert info.error == error, info.error_detail
        assert detail in info.error_detail


JPEG_DAMAGE: list[tuple[str, Callable[[bytes, int], bytes], str | None]] = [
    # (id, damage at the middle of the entropy-coded data, error of the structure walk)
    ("random-run", lambda b, i: b[:i] + random.Random(1).randbytes(2000) + b[i + 2000 :], "corrupt"),
    ("stray-marker", lambda b, i: b[:i] + b"\xff\xc0" + b[i + 2 :], "corrupt"),
    ("second-soi", lambda b, i: b[:i] + b"\xff\xd8" + b[i + 2 :], "corrupt"),
    ("cut-at-a-marker", lambda b, i: b[: b.index(b"\xff", i)], "truncated"),
    ("restart-marker-kept", lambda b, i: b[:i] + b"\xff\xd3" + b[i + 2 :], None),
    ("zeros-keep-the-grammar", lambda b, i: b[:i] + bytes(500) + b[i + 500 :], None),
]


@pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
@pytest.mark.parametrize(
    ("build", "error"), [c[1:] for c in JPEG_DAMAGE], ids=[c[0] for c in JPEG_DAMAGE]
)
def test_jpeg_structure_walk(tmp_path: Path, progressive: bool, build, error: str | None) -> None:
    path = jpeg(tmp_path / "a.jpg", (1280, 720), progressive=progressive)
    data = path.read_bytes()
    last_scan = data.rfind(b"\xff\xda")
    middle = (last_scan + len(data)) // 2
    path.write_bytes(build(data, middle))
    assert inspect_image(path, integrity="structure").error == error


# ------------------------------------------------------------------ JPEG: the walk reads the tables
# The JPEG walk (every integrity level) reads each header segment as libjpeg-turbo reads it to
# decode, and refuses exactly what libjpeg refuses with an error; what libjpeg only warns about
# passes. Each case is checked against libjpeg itself: Pillow's decode of the whole file.


def _libjpeg_refuses(path: Path) -> bool:
    """Whether Pillow's decode (libjpeg-turbo) fails, with the whole file in one buffer so that
    libjpeg also reads every marker after the last scan."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(path) as im:
                im.decodermaxblock = path.stat().st_size + 1
                im.load()
        except (OSError, SyntaxError, ValueError):
            return True
    return False


def _jpeg_segments(data: bytes) -> list[tuple[int, int]]:
    """(marker, payload start) of every segment, the entropy-coded data of each scan skipped."""
    segments, position = [], 2
    while data[position + 1] != 0xD9:
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segments.append((marker, position + 4))
        position += 2 + length
        if marker == 0xDA:
            position = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]").search(data, position).start()
    return segments


def _jpeg_payload(data: bytes, marker: int, nth: int = 0) -> int:
    return [start for found, start in _jpeg_segments(data) if found == marker][nth]


def _edit(path: Path, marker: int, offset: int, value: bytes, nth: int = 0) -> Path:
    """``value`` written at ``offset`` into the payload of the ``nth`` ``marker`` segment."""
    return _overwrite(path, _jpeg_payload(path.read_bytes(), marker, nth) + offset, value)


def _edit_segment(marker: int, offset: int, value: bytes, *, progressive: bool = False):
    """A JPEG with ``value`` written at ``offset`` into the payload of its first ``marker`` segment."""
    return lambda d: _edit(jpeg(d / "a.jpg", progressive=progressive), marker, offset, value)


def _insert_before(marker: int, segment: bytes):
    """A JPEG with ``segment`` (marker and payload) inserted before its first ``marker`` segment."""

    def build(directory: Path) -> Path:
        path = jpeg(directory / "a.jpg")
        data = path.read_bytes()
        at = _jpeg_payload(data, marker) - 4
        return _write(path, data[:at] + segment + data[at:])

    return build


def _second_scan_header(directory: Path) -> Path:
    """The SOS segment repeated in the middle of a baseline JPEG's only scan."""
    path = jpeg(directory / "a.jpg")
    data = path.read_bytes()
    sos = _jpeg_payload(data, 0xDA) - 4
    header = data[sos : sos + 2 + int.from_bytes(data[sos + 2 : sos + 4], "big")]
    middle = (sos + len(data)) // 2
    middle += data[middle - 1] == 0xFF  # not between a 0xFF and its stuffed 00
    return _write(path, data[:middle] + header + data[middle:])


def _without_huffman_tables(directory: Path) -> Path:
    """Motion-JPEG style: the DHT segments left out of a JPEG coded with the standard tables."""
    path = jpeg(directory / "a.jpg")
    data = path.read_bytes()
    for start in sorted((s for m, s in _jpeg_segments(data) if m == 0xC4), reverse=True):
        end = start - 2 + int.from_bytes(data[start - 2 : start], "big")
        data = data[: start - 4] + data[end:]
    return _write(path, data)


def _with_restarts(directory: Path) -> Path:
    """A JPEG with a restart marker after every MCU row (as many phone cameras write it)."""
    from PIL import Image

    source = jpeg(directory / "source.jpg")
    with Image.open(source) as im:
        im.save(directory / "a.jpg", "JPEG", quality=85, restart_marker_rows=1)
    return directory / "a.jpg"


def _stray_marker_after_restart(
    which: int, *, lost: int | None = None, forged: int | None = None, width: int | None = None
):
    """FF 05 (a marker libjpeg does not know) just after the ``which``-th restart marker; the
    ``lost``-th restart marker overwritten; the ``forged``-th one repeated a little after it; the
    frame's width edited to ``width``."""

    def build(directory: Path) -> Path:
        path = _with_restarts(directory)
        data = bytearray(path.read_bytes())
        if width is not None:
            _edit(path, 0xC0, 3, width.to_bytes(2, "big"))
            data = bytearray(path.read_bytes())
        restarts = [m.start() for m in re.finditer(rb"\xff[\xd0-\xd7]", data)]
        at = restarts[which] + 2 + 8
        at += data[at - 1] == 0xFF
        data[at : at + 2] = b"\xff\x05"
        if lost is not None:
            data[restarts[lost] : restarts[lost] + 2] = b"\x12\x34"
        if forged is not None:
            at = restarts[forged] + 2 + 6
            at += data[at - 1] == 0xFF
            data[at : at + 2] = data[restarts[forged] : restarts[forged] + 2]
        return _write(path, bytes(data))

    return build


# (id, build, error, detail) — the error is libjpeg's verdict too (asserted below)
JPEG_TABLE_DAMAGE: list[tuple[str, Build, str | None, str | None]] = [
    ("dht-counts-beyond-segment", _edit_segment(0xC4, 1, b"\xff" * 16), "corrupt", "more codes than its segment holds"),
    ("dht-codes-overflow", _edit_segment(0xC4, 1, b"\x02\x00\x04"), "corrupt", "more codes of 1 bits than fit"),
    ("dht-dc-symbol-16", _edit_segment(0xC4, 17, b"\x10"), "corrupt", "symbol 16 in a DC table"),
    ("dht-class-number", _edit_segment(0xC4, 0, b"\x04"), "corrupt", "class/number 0x04"),
    ("dht-length-short", _edit_segment(0xC4, -2, b"\x00\x1e"), "corrupt", "more codes than its segment holds"),
    ("dqt-number-4", _edit_segment(0xDB, 0, b"\x04"), "corrupt", "quantisation table number 4"),
    ("sof-undefined-quant-table", _edit_segment(0xC0, 8, b"\x03"), "corrupt", "quantisation table 3 is not defined"),
    ("sof-sampling-0", _edit_segment(0xC0, 7, b"\x02"), "corrupt", "sampling factors outside 1–4"),
    ("sof-fractional-sampling", _edit_segment(0xC0, 10, b"\x31"), "corrupt", "fractional sampling"),
    ("sof-too-many-blocks-per-mcu", _edit_segment(0xC0, 7, b"\x44"), "corrupt", "too large for an interleaved scan"),
    ("sof-unsupported-process", _edit_segment(0xC0, -4, b"\xff\xc5"), "corrupt", "unsupported coding process SOF5"),
    ("sos-unknown-component", _edit_segment(0xDA, 1, b"\x09"), "corrupt", "invalid component 9"),
    ("sos-component-twice", _edit_segment(0xDA, 3, b"\x01"), "corrupt", "invalid component 1"),
    ("sos-undefined-huffman-table", _edit_segment(0xDA, 2, b"\x20"), "corrupt", "DC Huffman table 2, which is not defined"),
    ("sos-length", _edit_segment(0xDA, 0, b"\x02"), "corrupt", "SOS segment has the wrong length"),
    ("progressive-invalid-scan", _edit_segment(0xDA, 8, b"\x05", progressive=True), "corrupt", "invalid progressive scan"),
    ("dri-length-5", _insert_before(0xC0, b"\xff\xdd\x00\x05\x00\x01\x00"), "corrupt", "DRI segment"),
    ("unknown-marker-in-header", _insert_before(0xC0, b"\xff\xf0\x00\x04\x00\x00"), "corrupt", "unknown marker 0xFFF0"),
    ("second-soi-in-header", _insert_before(0xC0, b"\xff\xd8"), "corrupt", "a second SOI marker"),
    ("second-scan-in-baseline", _second_scan_header, "corrupt", "a second scan in an image coded in one scan"),
    ("stray-marker-in-last-restart-interval", _stray_marker_after_restart(-1), "corrupt", "unknown marker 0xFF05"),
    (
        "stray-marker-in-last-restart-interval-one-restart-lost",
        _stray_marker_after_restart(-1, lost=5),
        "corrupt",
        "unknown marker 0xFF05",
    ),
    (  # 40 pixels wide, the scan ends after 3 of its 19 rows: the rest is junk to libjpeg
        "stray-marker-after-the-scan-ends-by-its-mcu-count",
        _stray_marker_after_restart(10, width=40),
        "corrupt",
        "unknown marker 0xFF05",
    ),
    # what libjpeg only warns about, or never minds
    ("standard-huffman-tables-omitted", _without_huffman_tables, None, None),
    ("unused-invalid-huffman-table", _insert_before(0xC0, b"\xff\xc4\x00\x15\x03\x02" + bytes(15) + b"\x00\x01"), None, None),
    ("sequential-scan-with-odd-parameters", _edit_segment(0xDA, 8, b"\x00"), None, None),
    ("app-segment-length-0", _insert_before(0xC0, b"\xff\xe5\x00\x00"), None, None),
    ("stray-marker-dropped-at-a-restart", _stray_marker_after_restart(3), None, None),
    (  # libjpeg's resynchronisation skips a restart marker it has passed: the count must too
        "stray-marker-before-the-last-restart-one-restart-repeated",
        _stray_marker_after_restart(-2, forged=3),
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("build", "error", "detail"),
    [case[1:] for case in JPEG_TABLE_DAMAGE],
    ids=[case[0] for case in JPEG_TABLE_DAMAGE],
)
def test_the_jpeg_walk_reads_the_tables_as_libjpeg_does(
    tmp_path: Path, build: Build, error: str | None, detail: str | None
) -> None:
    path = build(tmp_path)
    assert _libjpeg_refuses(path) is (error is not None)
    for integrity in ("decode", "structure"):
        info = inspect_image(path, integrity=integrity)
        assert info.error == error, info.error_detail
        if detail is not None:
            assert detail in info.error_detail


def test_the_jpeg_walk_stays_linear_on_stray_markers(tmp_path: Path) -> None:
    """50,000 markers below SOF0 before a restart marker, each of which libjpeg drops at the
    restart boundary: the walk looks ahead for that restart marker once, not once per marker (a
    crafted file must not take minutes)."""
    path = _with_restarts(tmp_path)
    data = path.read_bytes()
    first_restart = re.search(rb"\xff[\xd0-\xd7]", data).start()
    path.write_bytes(data[: first_restart + 2] + b"\x12\xff\x05" * 50_000 + data[first_restart + 2 :])
    started = time.perf_counter()
    info = inspect_image(path)
    assert time.perf_counter() - started < 0.5
    assert info.error is None
    assert not _libjpeg_refuses(path)


def test_jpeg_walk_agrees_with_libjpeg_on_the_corpus(corpus: Path) -> None:
    """Every real JPEG of the corpus (broken, odd or plain) is refused by the walk exactly when
    libjpeg refuses it."""
    jpegs = [
        path
        for folder in ("images", "photos")
        for path in sorted((corpus / folder).rglob("*"))
        if path.is_file() and inspect_image(path, integrity="header").format in ("JPEG", "MPO")
    ]
    assert len(jpegs) > 25
    differ = [
        (path.name, info.error_detail)
        for path in jpegs
        if ((info := inspect_image(path)).error is not None) is not _libjpeg_refuses(path)
    ]
    assert differ == []


def test_structure_walk_agrees_with_the_decode_on_the_corpus(corpus: Path) -> None:
    """Real odd files: junk between JPEG segments, segment lengths edited too small, truncated and
    CRC-broken PNGs. The structure walk must call the same files unreadable, for the same reason."""
    files = [p for p in sorted((corpus / "images").rglob("*")) if p.is_file() and p.name != "MANIFEST.tsv"]
    assert len(files) > 60
    differ = []
    for path in files:
        decoded, walked = inspect_image(path), inspect_image(path, integrity="structure")
        if (decoded.error, decoded.error_detail) != (walked.error, walked.error_detail):
            differ.append((path.name, decoded.error_detail, walked.error_detail))
    assert differ == []


def test_directory_with_an_image_name_is_not_an_image(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").mkdir()
    assert inspect_image(tmp_path / "a.jpg").error == "not_image"


def test_missing_file_is_reported_not_raised(tmp_path: Path) -> None:
    info = inspect_image(tmp_path / "gone.jpg")
    assert (info.error, info.byte_size) == ("unreadable", 0)
    assert "cannot read file" in info.error_detail


@pytest.mark.parametrize(
    "build",
    [
        lambda d: truncate(jpeg(d / "a.jpg"), 20_000),
        lambda d: truncate(png(d / "a.png"), 5_000),
        lambda d: _overwrite(png(d / "a.png", (64, 48)), 200, b"\x00\xff"),
    ],
    ids=["jpeg-cut", "png-cut", "png-crc"],
)
def test_header_only_does_not_check_integrity(tmp_path: Path, build: Build) -> None:
    info = inspect_image(build(tmp_path), integrity="header")
    assert info.error is None
    assert info.stored_size is not None


# ----------------------------------------------------------------------------- pixel limit

LIMITED: list[tuple[str, Build]] = [
    ("jpeg", lambda d: jpeg(d / "a.jpg", (100, 100))),
    ("png", lambda d: png(d / "a.png", (100, 100))),
    ("gif", lambda d: gif(d / "a.gif", (100, 100))),
    ("webp", lambda d: webp(d / "a.webp", (100, 100))),
    ("webp-animated", lambda d: webp(d / "a.webp", (100, 100), frames=2)),
    ("bmp", lambda d: bmp(d / "a.bmp", (100, 100))),
]


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any image is decoded."""
    from PIL import ImageFile

    def refuse(self: object) -> None:
        raise AssertionError("decoded an image that should have been refused")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


@pytest.mark.parametrize("build", [case[1] for case in LIMITED], ids=[case[0] for case in LIMITED])
def test_pixel_limit_refuses_before_decoding(
    tmp_path: Path, build: Build, no_decoding: None
) -> None:
    info = inspect_image(build(tmp_path), max_pixels=9_999)
    assert (info.error, info.error_detail) == (
        "too_many_pixels",
        "10000 pixels > limit 9999 (100×100)",
    )
    assert info.stored_size == (100, 100)


@pytest.mark.parametrize("build", [case[1] for case in LIMITED], ids=[case[0] for case in LIMITED])
def test_pixel_limit_is_inclusive(tmp_path: Path, build: Build) -> None:
    assert inspect_image(build(tmp_path), max_pixels=10_000).error is None


BOMBS: list[tuple[str, Build, str]] = [
    (
        "png-header-20000x20000",
        lambda d: _rewrite_png(png(d / "a.png", (64, 48)), _ihdr(width=20_000, height=20_000)),
        "400000000 pixels > limit 89478485 (20000×20000)",
    ),
    (
        "png-header-10000x10000",  # between 1× and 2× Pillow's limit, where Pillow only warns
        lambda d: _rewrite_png(png(d / "a.png", (64, 48)), _ihdr(width=10_000, height=10_000)),
        "100000000 pixels > limit 89478485 (10000×10000)",
    ),
    (
        "webp-canvas-16383x16383",  # libwebp would allocate 1 GiB on open
        _animated_webp_with_canvas(16_383, 16_383),
        "268402689 pixels > limit 89478485 (16383×16383)",
    ),
    (
        "webp-canvas-10000x10000",
        _animated_webp_with_canvas(10_000, 10_000),
        "100000000 pixels > limit 89478485 (10000×10000)",
    ),
    (
        "gif-frame-beyond-screen",  # decoders grow the canvas to 60001×60001 to hold frame 2
        lambda d: _write(d / "a.gif", _gif_frames((64, 48), [(0, 0), (60_000, 60_000)])),
        "3600120001 pixels > limit 89478485 (GIF frame 2 extends the canvas to 60001×60001)",
    ),
    (
        "gif-first-frame-beyond-screen",
        lambda d: _write(d / "a.gif", _gif_frames((64, 48), [(60_000, 60_000)])),
        "3600120001 pixels > limit 89478485",
    ),
]


@pytest.mark.parametrize(
    ("build", "detail"), [case[1:] for case in BOMBS], ids=[case[0] for case in BOMBS]
)
def test_bombs_are_refused_quickly(tmp_path: Path, build: Build, detail: str) -> None:
    path = build(tmp_path)
    started = time.perf_counter()
    info = inspect_image(path)
    assert time.perf_counter() - started < 0.5
    assert info.error == "too_many_pixels"
    assert detail in info.error_detail


def test_limit_above_pillows_default_is_honoured(tmp_path: Path) -> None:
    """The limit is per call: a caller may allow more than Pillow's global default."""
    from PIL import Image

    path = _rewrite_png(png(tmp_path / "a.png", (64, 48)), _ihdr(width=15_000, height=15_000))
    info = inspect_image(path, max_pixels=300_000_000, integrity="header")
    assert (info.error, info.stored_size) == (None, (15_000, 15_000))
    assert Image.MAX_IMAGE_PIXELS == DEFAULT_MAX_PIXELS  # put back after the call


def test_pillow_warnings_do_not_leak(corpus: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in (
            "hopper_bad_exif.jpg",
            "sugarshack_bad_mpo_header.jpg",
            "generated_bombs/bomb_L_10000x10000.png",
        ):
            inspect_image(corpus / "images" / name)
    assert [str(warning.message) for warning in caught] == []


# ----------------------------------------------------------------------------- format vs extension


def _info(image_format: str | None, extension_format: str | None) -> ImageInfo:
    return ImageInfo(
        path=Path("a"),
        byte_size=1,
        format=image_format,
        extension_format=extension_format,
        stored_size=None,
        display_size=None,
        orientation=None,
        mode=None,
        animated=False,
        error=None,
        error_detail=None,
    )


@pytest.mark.parametrize(
    ("image_format", "extension_format", "matches"),
    [
        ("JPEG", "JPEG", True),
        ("MPO", "JPEG", True),
        ("PNG", "PNG", True),
        ("PNG", "JPEG", False),
        ("JPEG", "PNG", False),
        ("WEBP", "JPEG", False),
        ("TIFF", None, False),
        (None, "JPEG", False),
    ],
    ids=[
        "jpeg",
        "mpo-as-jpeg",
        "png",
        "png-as-jpeg",
        "jpeg-as-png",
        "webp-as-jpeg",
        "no-extension",
        "not-image",
    ],
)
def test_format_matches_extension(
    image_format: str | None, extension_format: str | None, matches: bool
) -> None:
    assert _info(image_format, extension_format).format_matches_extension is matches


def test_an_image_info_is_rebuilt_from_its_path_and_the_fields_a_worker_sends(tmp_path: Path) -> None:
    """Worker processes send back every field but the path (materials._inspect_chunk): a field
    added to ImageInfo and not sent would be lost, or shift every field after it."""
    import dataclasses

    infos = [inspect_image(jpeg(tmp_path / "a.jpg", orientation=6)), inspect_image(truncate(png(tmp_path / "b.png"), 300)),
             inspect_image(gif(tmp_path / "c.gif", frames=2)), inspect_image(tmp_path / "missing.jpg")]
    for info in infos:
        assert len(info.fields_after_path()) == len(dataclasses.fields(ImageInfo)) - 1
        assert ImageInfo(info.path, *info.fields_after_path()) == info


def test_image_info_is_frozen() -> None:
    info = _info("JPEG", "JPEG")
    with pytest.raises(AttributeError):
        info.format = "PNG"  # type: ignore[misc]
    assert replace(info, format="PNG").format == "PNG"


# ----------------------------------------------------------------------------- real files (corpus)

ORIENTATIONS = [
    ("hopper_orientation_2.jpg", 2, (128, 128)),
    ("hopper_orientation_3.jpg", 3, (128, 128)),
    ("hopper_orientation_4.jpg", 4, (128, 128)),
    ("hopper_orientation_5.jpg", 5, (128, 128)),
    ("hopper_orientation_6.jpg", 6, (128, 128)),
    ("hopper_orientation_7.jpg", 7, (128, 128)),
    ("hopper_orientation_8.jpg", 8, (128, 128)),
    # Chrome turns neither a WebP by its EXIF chunk (webp_image_decoder.cc reads ICCP only), nor a
    # PNG by text chunks (skia rust_png FFI.rs: set_ignore_text_chunk): images/orientation.py
    ("hopper_orientation_6.webp", None, (128, 128)),
    ("orientation_rectangle.jpg", 8, (1, 2)),
    ("empty_gps_ifd.jpg", 6, (10, 10)),
    ("flower2.jpg", 1, (300, 225)),
    ("exif_imagemagick_orientation.png", None, (512, 512)),  # "Raw profile type exif" tEXt
    ("xmp_tags_orientation_exiftool.png", None, (10, 10)),  # XMP in iTXt
    ("hopper.jpg", None, (128, 128)),
]


@pytest.mark.parametrize(
    ("name", "orientation", "display_size"), ORIENTATIONS, ids=[case[0] for case in ORIENTATIONS]
)
def test_corpus_orientation(
    corpus: Path, name: str, orientation: int | None, display_size: tuple[int, int]
) -> None:
    info = inspect_image(corpus / "images" / name)
    assert info.error is None
    assert (info.orientation, info.display_size) == (orientation, display_size)


BROKEN_EXIF = [
    ("invalid-exif.jpg", None),
    ("hopper_bad_exif.jpg", None),  # IFD0 claims 32 entries, 10 fit: Skia reads none (SkTiffUtility validate_ifd)
    ("exif_gps_typeerror.jpg", None),
    ("empty_gps_ifd.jpg", 6),
    ("photoshop-200dpi-broken.jpg", 1),
    ("truncated_app14.jpg", 1),
]


@pytest.mark.parametrize(
    ("name", "orientation"), BROKEN_EXIF, ids=[case[0] for case in BROKEN_EXIF]
)
def test_corpus_broken_metadata_is_still_readable(
    corpus: Path, name: str, orientation: int | None
) -> None:
    info = inspect_image(corpus / "images" / name)
    assert (info.error, info.orientation) == (None, orientation)


MODES = [
    ("pil_sample_cmyk.jpg", "CMYK"),
    ("pil_sample_rgb.jpg", "RGB"),
    ("hopper_gray.jpg", "L"),
    ("i_trns.png", "I;16"),
    ("p_trns_single.png", "P"),
    ("transparent.webp", "RGBA"),
    ("apng/mode_16bit.png", "RGBA"),
]


@pytest.mark.parametrize(("name", "mode"), MODES, ids=[case[0] for case in MODES])
def test_corpus_mode(corpus: Path, name: str, mode: str) -> None:
    info = inspect_image(corpus / "images" / name)
    assert (info.error, info.mode) == (None, mode)


WRONG_EXTENSIONS = [
    ("bmp_named_as.png", "BMP", "PNG"),
    ("gif_named_as.png", "GIF", "PNG"),
    ("jpeg_named_as.png", "JPEG", "PNG"),
    ("png_named_as.jpg", "PNG", "JPEG"),
    ("tiff_named_as.jpg", "TIFF", "JPEG"),
    ("webp_named_as.jpg", "WEBP", "JPEG"),
    ("ole_doc_named_as.jpg", None, "JPEG"),
]


@pytest.mark.parametrize(
    ("name", "image_format", "extension_format"),
    WRONG_EXTENSIONS,
    ids=[case[0] for case in WRONG_EXTENSIONS],
)
def test_corpus_wrong_extension(
    corpus: Path, name: str, image_format: str | None, extension_format: str
) -> None:
    info = inspect_image(corpus / "images" / "wrong_ext" / name)
    assert (info.format, info.extension_format) == (image_format, extension_format)
    assert not info.format_matches_extension


ANIMATION = [
    ("chi.gif", True),
    ("dispose_bgnd.gif", True),
    ("different_transparency.gif", True),
    ("iss634.webp", True),
    ("apng/mode_16bit.png", True),
    ("hopper.gif", False),
    ("hopper.webp", False),
    ("hopper.png", False),
    ("frozenpond.mpo", False),
    ("sugarshack_bad_mpo_header.jpg", False),
]


@pytest.mark.parametrize(("name", "animated"), ANIMATION, ids=[case[0] for case in ANIMATION])
def test_corpus_animation(corpus: Path, name: str, animated: bool) -> None:
    info = inspect_image(corpus / "images" / name)
    assert (info.error, info.animated) == (None, animated)


def test_corpus_mpo_is_jpeg_for_the_extension_check(corpus: Path) -> None:
    info = inspect_image(corpus / "images" / "frozenpond.mpo")
    assert (info.format, info.extension_format, info.stored_size) == ("MPO", None, (640, 480))


CORPUS_UNREADABLE = [
    ("broken.png", "corrupt", "invalid type"),
    ("broken_data_stream.png", "corrupt", "IDAT CRC mismatch"),
    ("truncated_end_chunk.png", "truncated", "PNG ends inside"),
    ("truncated_image.png", "truncated", "PNG ends inside its IDAT chunk"),
    ("truncated_jpeg.jpg", "truncated", "JPEG ends without EOI marker"),
    ("ultrahdr.jpg", "truncated", "JPEG"),
    ("unknown_compression_method.png", "corrupt", "iCCP"),
    ("pngtest_bad.png.bin", "corrupt", "signature"),
    ("png_decompression_dos.png", "corrupt", "text"),
    ("zero_width.gif", "corrupt", "0×32"),
    ("wrong_ext/ole_doc_named_as.jpg", "not_image", "OLE2"),
    ("decompression_bomb.gif", "too_many_pixels", "GIF frame 1 extends the canvas"),
    ("decompression_bomb_extents.gif", "too_many_pixels", "GIF frame 2 extends the canvas"),
    (
        "generated_bombs/bomb_1bit_20000x20000.png",
        "too_many_pixels",
        "400000000 pixels > limit 89478485",
    ),
    (
        "generated_bombs/bomb_L_10000x10000.png",
        "too_many_pixels",
        "100000000 pixels > limit 89478485",
    ),
]


@pytest.mark.parametrize(
    ("name", "error", "detail"), CORPUS_UNREADABLE, ids=[case[0] for case in CORPUS_UNREADABLE]
)
def test_corpus_unreadable(corpus: Path, name: str, error: str, detail: str) -> None:
    started = time.perf_counter()
    info = inspect_image(corpus / "images" / name)
    assert time.perf_counter() - started < 0.5
    assert info.error == error, info.error_detail
    assert detail in info.error_detail


CORPUS_READABLE_ODDITIES = [
    "hopper_idat_after_image_end.png",
    "jpeg_ff00_header.jpg",
    "junk_jpeg_header.jpg",
    "icc-after-SOF.jpg",
    "app13-multiple.jpg",
    "tRNS_null_1x1.png",
    "pil123p.png",
    "sugarshack_bad_mpo_header.jpg",
]


@pytest.mark.parametrize("name", CORPUS_READABLE_ODDITIES)
def test_corpus_odd_but_readable(corpus: Path, name: str) -> None:
    assert inspect_image(corpus / "images" / name).error is None


def test_every_corpus_file_returns_in_bounded_time(corpus: Path) -> None:
    files = [
        path
        for folder in ("images", "photos")
        for path in sorted((corpus / folder).rglob("*"))
        if path.is_file() and path.name != "MANIFEST.tsv"
    ]
    assert len(files) > 60
    slow, inconsistent = [], []
    for path in files:
        for integrity in ("decode", "structure", "header"):
            started = time.perf_counter()
            info = inspect_image(path, integrity=integrity)
            if (elapsed := time.perf_counter() - started) >= 2:
                slow.append((path.name, integrity, elapsed))
            if info.error not in ERRORS | {None} or (
                info.error is None and None in (info.format, info.stored_size, info.mode)
            ):
                inconsistent.append((path.name, info))
    assert slow == []
    assert inconsistent == []


# ----------------------------------------------------------------------------- never raises


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes]]:
    folder = tmp_path_factory.mktemp("seeds")
    paths = [
        jpeg(folder / "a.jpg", (64, 48)),
        jpeg(folder / "p.jpg", (64, 48), progressive=True, orientation=6),
        png(folder / "a.png", (40, 30), mode="P"),
        gif(folder / "a.gif", (40, 30), frames=2),
        webp(folder / "a.webp", (40, 30), frames=2),
        bmp(folder / "a.bmp", (20, 10)),
    ]
    return [(path.suffix, path.read_bytes()) for path in paths]


mutations = st.lists(
    st.tuples(
        st.integers(min_value=0),
        st.binary(min_size=0, max_size=8),
        st.integers(min_value=0, max_value=8),
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choice=st.integers(min_value=0), edits=mutations, cut=st.integers(min_value=0))
def test_damaged_files_never_raise(
    tmp_path: Path,
    seeds: list[tuple[str, bytes]],
    choice: int,
    edits: list[tuple[int, bytes, int]],
    cut: int,
) -> None:
    suffix, original = seeds[choice % len(seeds)]
    data = bytearray(original)
    for offset, replacement, removed in edits:
        offset %= len(data) + 1
        data[offset : offset + removed] = replacement
    if cut % 3 == 0:
        del data[cut % (len(data) + 1) :]
    path = tmp_path / f"fuzzed{suffix}"
    path.write_bytes(bytes(data))
    info = inspect_image(path)
    assert info.error in ERRORS | {None}
    assert (info.error is None) == (info.error_detail is None)
    if info.error is None:
        assert info.format is not None and info.stored_size is not None


@pytest.fixture(scope="module")
def jpeg_seeds(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Small JPEGs of the kinds the walk reads differently: baseline, progressive, restarts."""
    from PIL import Image

    folder = tmp_path_factory.mktemp("jpeg-seeds")
    baseline = jpeg(folder / "a.jpg", (96, 64))
    with Image.open(baseline) as im:
        im.save(folder / "r.jpg", "JPEG", quality=85, restart_marker_blocks=2)
    progressive = jpeg(folder / "p.jpg", (96, 64), progressive=True)
    return [path.read_bytes() for path in (baseline, progressive, folder / "r.jpg")]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    choice=st.integers(min_value=0),
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)), min_size=1, max_size=3
    ),
)
def test_the_jpeg_walk_refuses_what_libjpeg_refuses(
    tmp_path: Path, jpeg_seeds: list[bytes], choice: int, edits: list[tuple[int, bytes]]
) -> None:
    """Randomly overwritten JPEGs: the walk refuses every file that libjpeg refuses, and no other
    but truncated ones (a segment forged by the damage runs past the end of the file, which
    libjpeg meets as the end of a file cut short)."""
    data = bytearray(jpeg_seeds[choice % len(jpeg_seeds)])
    for offset, replacement in edits:
        offset = 2 + offset % (len(data) - 2)
        data[offset : offset + len(replacement)] = replacement
    path = _write(tmp_path / "edited.jpg", bytes(data))
    if inspect_image(path, integrity="header").error is not None:
        return  # Pillow could not open it: the header check's verdict, before any walk
    walked, refused = inspect_image(path).error, _libjpeg_refuses(path)
    assert (walked is not None) == refused or (walked == "truncated" and not refused)


def test_importing_the_module_does_not_import_pillow() -> None:
    code = "import sys, jdcheck.images; assert 'PIL' not in sys.modules, 'PIL imported'"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


# ── A JPEG's header facts from the walk, against Pillow's ─────────────────────────────────────
# When the walk has read a JPEG whose header segments Pillow's parser reads alike, the size, mode
# and EXIF orientation come from the walk and Pillow is not asked (jdcheck.images._header_from_walk).
# Either way the ImageInfo must be the one Pillow's path gives.


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def _spliced(tmp_path: Path, name: str, *segments: bytes, after_app0: bool = True, **options) -> Path:
    """A Pillow JPEG with ``segments`` inserted after its JFIF block (or right after SOI)."""
    data = jpeg(tmp_path / "base" / name, **options).read_bytes()
    at = 2 + 2 + struct.unpack(">H", data[4:6])[0] if after_app0 else 2
    path = tmp_path / name
    path.write_bytes(data[:at] + b"".join(segments) + data[at:])
    return path


def _exif_block(orientation: int) -> bytes:
    from PIL import Image

    tags = Image.Exif()
    tags[0x0112] = orientation
    return tags.tobytes()  # starts with b"Exif\0\0"


XMP_ORIENTATION_6 = (b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF><rdf:Description "
                     b"xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Orientation=\"6\"/></rdf:RDF></x:xmpmeta>")

# (name, build, whether the walk's header is taken)
HEADER_CASES: list[tuple[str, Callable[[Path], Path], bool]] = [
    ("pillow-jfif", lambda d: jpeg(d / "a.jpg"), True),
    ("grey", lambda d: jpeg(d / "a.jpg", mode="L"), True),
    ("cmyk", lambda d: jpeg(d / "a.jpg", mode="CMYK"), True),
    ("progressive", lambda d: jpeg(d / "a.jpg", progressive=True), True),
    ("exif-orientation-6", lambda d: jpeg(d / "a.jpg", orientation=6), True),
    ("exif-orientation-99", lambda d: _spliced(d, "a.jpg", _segment(0xE1, _exif_block(99))), True),
    ("two-exif-blocks", lambda d: _spliced(d, "a.jpg", _segment(0xE1, _exif_block(3)),
                                           _segment(0xE1, b"Exif\0\0" + b"\0" * 8)), True),
    ("exif-garbage", lambda d: _spliced(d, "a.jpg", _segment(0xE1, b"Exif\0\0II*\0\xff\xff\xff\x7f")), True),
    ("icc-profile", lambda d: _spliced(d, "a.jpg", _segment(0xE2, b"ICC_PROFILE\0\x01\x01" + b"\0" * 128)), True),
    ("adobe-app14", lambda d: _spliced(d, "a.jpg", _segment(0xEE, b"Adobe\0d\0\0\0\0\x01")), True),
    ("comment", lambda d: _spliced(d, "a.jpg", _segment(0xFE, "说明".encode())), True),
    ("xmp-orientation", lambda d: _spliced(d, "a.jpg", _segment(0xE1, XMP_ORIENTATION_6)), True),
    ("mpf", lambda d: _spliced(d, "a.jpg", _segment(0xE2, b"MPF\0II*\0\x08\0\0\0\0\0")), False),
    ("photoshop-app13", lambda d: _spliced(d, "a.jpg", _segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04")), False),
    ("short-jfif", lambda d: _spliced(d, "a.jpg", _segment(0xE0, b"JFIF\0"), after_app0=False), False),
    ("short-adobe", lambda d: _spliced(d, "a.jpg", _segment(0xEE, b"Adobe")), False),
    ("short-icc", lambda d: _spliced(d, "a.jpg", _segment(0xE2, b"ICC_PROFILE\0\x01")), False),
    ("junk-between-segments", lambda d: _spliced(d, "a.jpg", b"\x00\x17"), False),
    ("fill-bytes", lambda d: _spliced(d, "a.jpg", b"\xff\xff"), False),
    ("comment-length-1", lambda d: _spliced(d, "a.jpg", b"\xff\xfe\x00\x01"), False),
]


def _header_paths(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each inspection, whether the walk's header was taken."""
    import jdcheck.images as images

    taken: list[bool] = []
    original = images._header_from_walk

    def recording(*args, **kwargs):
        taken.append(original(*args, **kwargs))
        return taken[-1]

    monkeypatch.setattr(images, "_header_from_walk", recording)
    return taken


def _through_pillow(path: Path, monkeypatch: pytest.MonkeyPatch, **options) -> ImageInfo:
    import jdcheck.images as images

    with monkeypatch.context() as patch:
        patch.setattr(images, "_header_from_walk", lambda *args: False)
        return inspect_image(path, **options)


@pytest.mark.parametrize(("build", "taken"), [case[1:] for case in HEADER_CASES], ids=[c[0] for c in HEADER_CASES])
def test_the_walks_jpeg_header_is_pillows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build, taken: bool) -> None:
    path = build(tmp_path)
    expected = _through_pillow(path, monkeypatch)
    paths = _header_paths(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's "Corrupt EXIF data" stays off the terminal
        for integrity in ("decode", "structure"):
            assert inspect_image(path, integrity=integrity) == expected
    assert paths == [taken, taken]


def test_the_walks_jpeg_header_is_pillows_on_the_corpus(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JPEG of the corpus (Photoshop, exiftool, cameras, MPO, broken ones) and the real
    photographs: the same ImageInfo whichever path reads the header."""
    paths = _header_paths(monkeypatch)
    files = [p for folder in ("images", "photos") for p in sorted((corpus / folder).rglob("*.jp*g")) if p.is_file()]
    assert len(files) > 25
    differ = [p.name for p in files if inspect_image(p) != _through_pillow(p, monkeypatch)]
    assert differ == []
    assert paths.count(True) >= 10 and paths.count(False) >= 3  # both paths were exercised


def test_a_jpeg_over_the_pixel_limit_is_refused_by_pillows_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = jpeg(tmp_path / "a.jpg", (440, 293))
    paths = _header_paths(monkeypatch)
    info = inspect_image(path, max_pixels=440 * 293 - 1)
    assert (info.error, info.stored_size) == ("too_many_pixels", (440, 293))
    assert info == _through_pillow(path, monkeypatch, max_pixels=440 * 293 - 1)
    assert paths == [False]


# ------------------------------------------------------------------ the PNG header without Pillow
# A PNG whose chunks before the image data Pillow reads without a way to fail gets its format, size,
# mode and orientation from the walk (images._header_from_walk): a folder of JPEGs and PNGs never
# imports Pillow. Each case is read both ways and must read alike; `fast` says which way it takes.

def _icc_png(path: Path) -> Path:
    from PIL import Image, ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (64, 48), "white").save(path, icc_profile=profile)
    return path


def _raw(size=(64, 48), depth=8, colour=2, **options) -> Build:
    from .metadata_builders import raw_png

    return lambda p: raw_png(p / "shot.png", size, depth, colour, **options)


def _orientation_six() -> tuple[bytes, bytes]:
    from .metadata_builders import exif_chunk, tiff

    return exif_chunk(tiff(6))


PNG_HEADERS = [
    *[(f"depth{depth}-colour{colour}", _raw(depth=depth, colour=colour), True)
      for depth, colour in [(1, 0), (2, 0), (4, 0), (8, 0), (16, 0), (8, 2), (16, 2), (1, 3), (2, 3), (4, 3),
                            (8, 3), (8, 4), (16, 4), (8, 6), (16, 6)]],
    ("interlaced", _raw(size=(33, 17), interlace=1), True),
    # Windows' Snipping Tool: sRGB, gAMA, pHYs; a palette with its alphas; a key colour
    ("snipping-tool", _raw(before_idat=((b"sRGB", b"\0"), (b"gAMA", struct.pack(">I", 45455)),
                                        (b"pHYs", struct.pack(">IIB", 3779, 3779, 1)))), True),
    ("palette-trns", _raw(colour=3, before_idat=((b"PLTE", bytes(range(12))), (b"tRNS", b"\0\xff"))), True),
    ("grey-key-colour", _raw(colour=0, before_idat=((b"tRNS", b"\0\7"),)), True),
    ("rgb-key-colour", _raw(before_idat=((b"tRNS", b"\0\1\0\2\0\3"),)), True),
    ("rgba-trns-ignored", _raw(colour=6, before_idat=((b"tRNS", b"\0"),)), True),
    ("chrm", _raw(before_idat=((b"cHRM", bytes(32)),)), True),
    ("text-and-private", _raw(before_idat=((b"tEXt", b"Software\0Snipaste"), (b"iDOT", bytes(28)))), True),
    ("exif-turned", _raw(before_idat=(_orientation_six(),)), True),
    # what Pillow reads otherwise, or may refuse: left to Pillow
    ("short-grey-trns", _raw(colour=0, before_idat=((b"tRNS", b"\0"),)), False),
    ("short-rgb-trns", _raw(before_idat=((b"tRNS", b"\0\1\0\2"),)), False),
    ("short-gama", _raw(before_idat=((b"gAMA", b"\0\1"),)), False),
    ("short-chrm", _raw(before_idat=((b"cHRM", bytes(31)),)), False),
    ("empty-srgb", _raw(before_idat=((b"sRGB", b""),)), False),
    ("short-phys", _raw(before_idat=((b"pHYs", bytes(8)),)), False),
    ("ztxt", _raw(before_idat=((b"zTXt", b"Comment\0\0" + zlib.compress(b"x")),)), False),
    ("broken-ztxt", _raw(before_idat=((b"zTXt", b"Comment\0\0not zlib"),)), False),
    ("second-ihdr", _raw(before_idat=((b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)),)), False),
    ("icc-profile", lambda p: _icc_png(p / "shot.png"), False),
]


@pytest.mark.parametrize("integrity", ["decode", "structure"])
@pytest.mark.parametrize(("build", "fast"), [case[1:] for case in PNG_HEADERS], ids=[case[0] for case in PNG_HEADERS])
def test_a_png_header_reads_without_pillow_as_pillow_reads_it(tmp_path, monkeypatch, build, fast, integrity):
    from jdcheck import images

    path = build(tmp_path)
    opened, through = [], images._inspect_with_pillow
    with monkeypatch.context() as patch:
        patch.setattr(images, "_inspect_with_pillow", lambda *args: opened.append(path) or through(*args))
        walked = inspect_image(path, integrity=integrity)
    with monkeypatch.context() as patch:
        patch.setattr(images, "_walked", lambda *args, **kwargs: None)  # Pillow opens it, as before the walk
        through_pillow = inspect_image(path, integrity=integrity)
    assert walked == through_pillow
    assert (not opened) is fast


def test_the_png_walk_knows_pillows_chunk_readers_and_modes():
    """The walk's copy of what Pillow's PNG parser reads: a Pillow that reads another chunk or
    maps a header to another mode fails here, before it can read a file otherwise."""
    from PIL import PngImagePlugin

    from jdcheck.images import png

    readers = {name.removeprefix("chunk_").encode() for name in dir(PngImagePlugin.PngStream) if name.startswith("chunk_")}
    assert readers == png.PILLOW_CHUNK_READERS
    assert png._PILLOW_MODES == {key: mode for key, (mode, _) in PngImagePlugin._MODES.items()}


def test_every_corpus_png_reads_alike_with_and_without_pillow(corpus, monkeypatch):
    from jdcheck import images

    pngs = [path for folder in ("images", "photos") for path in sorted((corpus / folder).rglob("*"))
            if path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"]
    assert len(pngs) > 15
    for integrity in ("decode", "structure"):
        walked = {path.name: inspect_image(path, integrity=integrity) for path in pngs}
        with monkeypatch.context() as patch:
            patch.setattr(images, "_walked", lambda *args, **kwargs: None)
            through_pillow = {path.name: inspect_image(path, integrity=integrity) for path in pngs}
        assert walked == through_pillow


def test_every_pngsuite_file_reads_alike_with_and_without_pillow(monkeypatch):
    """PngSuite (tests/corpus/SOURCES.md): 175 PNGs of every kind, broken ones included, read
    the same through the walk's header as through Pillow, at both integrity levels; the plain ones
    (most of the suite) take the walk's header."""
    from jdcheck import images

    suite = sorted((Path(__file__).parent / "corpus" / "lunapaint+pngsuite" / "png").glob("*.png"))
    assert len(suite) == 175
    opened, through = [], images._inspect_with_pillow
    for integrity in ("decode", "structure"):
        with monkeypatch.context() as patch:
            patch.setattr(images, "_inspect_with_pillow", lambda *args: opened.append(args) or through(*args))
            walked = {path.name: inspect_image(path, integrity=integrity) for path in suite}
        with monkeypatch.context() as patch:
            patch.setattr(images, "_walked", lambda *args, **kwargs: None)
            through_pillow = {path.name: inspect_image(path, integrity=integrity) for path in suite}
        assert walked == through_pillow
    assert len(opened) < 2 * len(suite) / 4  # 40 of 350 readings when this was written


@pytest.mark.parametrize("integrity", ["decode", "structure"])
def test_an_unknown_critical_chunk_is_refused_as_the_browser_refuses_it(tmp_path, integrity):
    """PNG spec 5.4: a chunk whose type starts with a capital is critical, and a decoder that does
    not know it must not show the image. Chrome shows nothing; Pillow reads past it. An unknown
    ancillary chunk (lower-case first letter: iDOT, the macOS screenshot's) is fine."""
    from .metadata_builders import raw_png

    critical = raw_png(tmp_path / "critical.png", (64, 48), 8, 2, before_idat=((b"QQQQ", b"x"),))
    ancillary = raw_png(tmp_path / "ancillary.png", (64, 48), 8, 2, before_idat=((b"qqQQ", b"x"),))
    info = inspect_image(critical, integrity=integrity)
    assert (info.error, info.error_detail) == (
        "corrupt", "PNG has an unknown critical chunk QQQQ at byte 33, which browsers refuse to show")
    assert inspect_image(ancillary, integrity=integrity).error is None
