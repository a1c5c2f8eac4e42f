"""WebP: the canvas size read before libwebp allocates it, and the RIFF container's size."""

from __future__ import annotations

import struct
from typing import BinaryIO

from jdcheck.images.common import Unreadable


def webp_canvas_size(head: bytes) -> tuple[int, int] | None:
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


def check_riff_size(fp: BinaryIO, file_size: int) -> None:
    fp.seek(0)
    head = fp.read(12)
    if len(head) < 12:
        raise Unreadable("truncated", "WebP ends inside its RIFF header")
    declared = int.from_bytes(head[4:8], "little") + 8
    if declared > file_size:
        raise Unreadable(
            "truncated", f"WebP RIFF header declares {declared} bytes, file has {file_size}"
        )
