"""GIF: the blocks walked to the trailer, each frame's extent counted against the pixel limit."""

from __future__ import annotations

import struct
from typing import BinaryIO

from jdcheck.images.common import Unreadable, too_many_pixels_detail


def walk_gif(fp: BinaryIO, file_size: int, max_pixels: int) -> int:
    """Walk the GIF blocks to the trailer without decoding; return the number of frames.

    A frame placed beyond the logical screen makes decoders grow the canvas to hold it
    (decompression_bomb_extents.gif: a 100×100 GIF whose second frame sits at 65535,65535),
    so frame extents count against ``max_pixels`` too.
    """
    fp.seek(0)
    header = fp.read(13)
    if len(header) < 13:
        raise Unreadable("truncated", "GIF ends inside its header")
    width, height, flags = struct.unpack("<HHB", header[6:11])
    if width == 0 or height == 0:
        raise Unreadable("corrupt", f"GIF declares a {width}×{height} screen")
    if flags & 0x80:
        fp.seek(3 << ((flags & 7) + 1), 1)
    canvas_width, canvas_height = width, height
    frames = 0
    while True:
        introducer = fp.read(1)
        if not introducer:
            raise Unreadable("truncated", f"GIF ends without trailer (0x3B) after {frames} frames")
        if introducer == b";":
            return frames
        if introducer == b"!":
            if not fp.read(1):
                raise Unreadable(
                    "truncated", f"GIF ends inside an extension after {frames} frames"
                )
            _skip_gif_sub_blocks(fp, file_size, f"an extension after {frames} frames")
        elif introducer == b",":
            descriptor = fp.read(9)
            if len(descriptor) < 9:
                raise Unreadable(
                    "truncated", f"GIF ends inside the descriptor of frame {frames + 1}"
                )
            frames += 1
            left, top, frame_width, frame_height, frame_flags = struct.unpack("<HHHHB", descriptor)
            canvas_width = max(canvas_width, left + frame_width)
            canvas_height = max(canvas_height, top + frame_height)
            if canvas_width * canvas_height > max_pixels:
                canvas = f"{canvas_width}×{canvas_height}"
                raise Unreadable(
                    "too_many_pixels",
                    too_many_pixels_detail(canvas_width * canvas_height, max_pixels)
                    + f" (GIF frame {frames} extends the canvas to {canvas})",
                )
            if frame_flags & 0x80:
                fp.seek(3 << ((frame_flags & 7) + 1), 1)
            if not fp.read(1):  # LZW minimum code size
                raise Unreadable("truncated", f"GIF ends inside frame {frames}")
            _skip_gif_sub_blocks(fp, file_size, f"frame {frames}")
        elif frames:
            # Junk after the last frame: decoders stop at it and show what they have.
            return frames
        else:
            raise Unreadable(
                "corrupt", f"GIF has an unknown block 0x{introducer.hex()} before any frame"
            )


def _skip_gif_sub_blocks(fp: BinaryIO, file_size: int, where: str) -> None:
    while True:
        size = fp.read(1)
        if size == b"\0":
            return
        if not size or fp.seek(size[0], 1) > file_size:
            raise Unreadable("truncated", f"GIF ends inside {where}")
