"""JPEG: the walk from SOI to EOI as libjpeg-turbo reads a file to decode it (see the package docstring)."""

from __future__ import annotations

import io
import operator
import re
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Final, NoReturn

from jdcheck.images.common import READ_STEP, Unreadable
from jdcheck.images.orientation import exif_tiff

if TYPE_CHECKING:
    import mmap

_TAIL_BYTES: Final = 4096  # how far from the end of a JPEG its EOI marker is looked for


def walk_jpeg_header(fp: BinaryIO, file_size: int) -> None:
    """Walk the marker segments up to the first scan, for a JPEG that Pillow cannot open."""
    fp.seek(2)
    while True:
        marker = fp.read(2)
        while marker[:1] == b"\xff" and marker[1:2] == b"\xff":  # fill bytes
            marker = marker[1:] + fp.read(1)
        if len(marker) < 2:
            raise Unreadable("truncated", "JPEG ends inside its header, before the image data")
        if marker[0] != 0xFF:
            raise Unreadable("corrupt", f"JPEG header damaged at byte {fp.tell() - 2}")
        if marker[1] == 0xD9:
            raise Unreadable("corrupt", "JPEG ends (EOI) before any image data")
        length_bytes = fp.read(2)
        if len(length_bytes) < 2:
            raise Unreadable("truncated", "JPEG ends inside its header, before the image data")
        (length,) = struct.unpack(">H", length_bytes)
        if fp.tell() - 2 + length > file_size:
            raise Unreadable("truncated", "JPEG ends inside its header, before the image data")
        if marker[1] == 0xDA:  # start of scan: the header is complete
            return
        fp.seek(length - 2, 1)


# The structure walk reads a JPEG as libjpeg-turbo 3 reads it to decode it (jdmarker.c, jdinput.c,
# jdhuff.c, jdphuff.c, jdarith.c, jdsample.c) and stops exactly where libjpeg stops
# with an error (ERREXIT); where libjpeg only warns (WARNMS: junk between segments, a corrupt
# Huffman code, restart markers out of order, odd scan parameters of a sequential image) it goes
# on, as libjpeg does and every viewer shows the picture. One exception: lossless JPEG, which
# libjpeg-turbo 3 reads and no browser shows, is refused (_JPEG_LOSSLESS_PROCESSES).

# SOFn marker → (progressive, arithmetic coding)
_JPEG_PROCESSES: Final = {
    0xC0: (False, False),
    0xC1: (False, False),
    0xC2: (True, False),
    0xC9: (False, True),
    0xCA: (True, True),
}
# Hierarchical processes no decoder in use reads; and lossless JPEG (SOF3, SOF11): libjpeg-turbo
# reads it from 3.0 on, but no browser shows it (Chrome, Firefox and Safari draw a broken image),
# nor Pillow's decoder, nor older libjpeg builds such as Debian 12's djpeg.
_JPEG_UNSUPPORTED_PROCESSES: Final = frozenset({0xC5, 0xC6, 0xC7, 0xC8, 0xCD, 0xCE, 0xCF})
_JPEG_LOSSLESS_PROCESSES: Final = frozenset({0xC3, 0xCB})
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


# The segments before the first scan that Pillow's JPEG parser (JpegImagePlugin 10–13) reads as
# the walk does, so the walk's header is Pillow's: SOF0–2 of 8-bit samples and 1, 3 or 4
# components (L, RGB, CMYK), tables, comments and the APPn blocks below. Anything else (junk or
# fill bytes between segments, other processes, MPF, Photoshop blocks) is left to Pillow.
_PLAIN_SEGMENTS: Final = frozenset({0xC0, 0xC1, 0xC2, 0xC4, 0xDA, 0xDB, 0xDD, 0xFE, *range(0xE0, 0xF0)})
_PILLOW_MODES: Final = {1: "L", 3: "RGB", 4: "CMYK"}


@dataclass(frozen=True, slots=True)
class JpegHeader:
    """What a finished walk saw before the first scan.

    ``mode`` is set only when every segment there is one Pillow's JPEG parser reads exactly as the
    walk did (``_plain_app_block``): then the size, the mode and the EXIF block are what
    ``Image.open`` would find, and reading the file again through Pillow would add nothing."""

    width: int
    height: int
    mode: str | None
    exif: bytes | None
    """The TIFF block of the first APP1 segment that the manager's browser reads EXIF from
    (images.orientation.exif_tiff); None without one."""


def _plain_app_block(marker: int, payload: bytes) -> bool:
    """Whether Pillow's APP handler reads this block without raising and without a fact the walk
    does not keep: its JFIF and Adobe parsers index a few bytes in, its ICC reassembly byte 13;
    MPF makes the file an MPO, and its Photoshop parser can index past a short block. (XMP is
    plain: the orientation it may carry is not one the browser reads, images.orientation.)"""
    if marker == 0xE0 and payload.startswith(b"JFIF") or marker == 0xEE and payload.startswith(b"Adobe"):
        return len(payload) >= 7
    if marker == 0xE2:
        if payload.startswith(b"ICC_PROFILE\0"):
            return len(payload) >= 14
        return not payload.startswith(b"MPF\0")
    return not (marker == 0xED and payload.startswith(b"Photoshop 3.0\x00"))


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
    arithmetic: bool
    precision: int
    width: int
    height: int
    components: list[_JpegComponent]


class _JpegWalk:
    """One pass over a JPEG held in ``data``: markers, table segments and entropy-coded data."""

    __slots__ = (
        "data",
        "exif",
        "frame",
        "huffman",
        "multiple_scans",
        "plain",
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
        self.plain = True  # so far, Pillow reads every segment of the header as the walk does
        self.exif: bytes | None = None

    def walk(self) -> JpegHeader:
        data, position = self.data, 2  # after SOI, which the caller has checked
        while True:
            expected = position
            position, marker = self._next_marker(position)
            if not self.scans and (position != expected or marker not in _PLAIN_SEGMENTS):
                self.plain = False
            if marker == 0xD9:
                if self.scans:
                    return self._header()
                raise Unreadable("corrupt", "JPEG ends (EOI) before any image data")
            if marker in _JPEG_PARAMETERLESS:
                position += 2
                continue
            if marker == 0xD8:
                self._fail(position, "a second SOI marker")
            if marker in _JPEG_UNSUPPORTED_PROCESSES:
                self._fail(position, f"unsupported coding process SOF{marker - 0xC0}")
            if marker in _JPEG_LOSSLESS_PROCESSES:
                self._fail(position, f"lossless JPEG (SOF{marker - 0xC0}), which browsers do not show")
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
                raise Unreadable("truncated", "JPEG ends without EOI marker")
            length = int.from_bytes(data[position + 2 : position + 4], "big")
            end = position + 2 + max(length, 2)
            if end > self.size:
                raise Unreadable("truncated", "JPEG ends without EOI marker")
            if marker in _JPEG_SKIPPED_SEGMENTS:
                if not self.scans and self.plain:
                    self._note_skipped_segment(marker, length, data[position + 4 : end])
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

    def _note_skipped_segment(self, marker: int, length: int, payload: bytes) -> None:
        if length < 2 or (0xE0 <= marker <= 0xEF and not _plain_app_block(marker, payload)):
            self.plain = False
        elif marker == 0xE1 and self.exif is None:
            self.exif = exif_tiff(payload)

    def _header(self) -> JpegHeader:
        frame = self.frame
        assert frame is not None  # a scan has been read, so has the frame
        mode = _PILLOW_MODES.get(len(frame.components)) if self.plain and frame.precision == 8 else None
        return JpegHeader(frame.width, frame.height, mode, self.exif)

    def _skip_entropy_coded_data(self, start: int, restarts: int) -> int:
        """The position of the first marker after a scan's data that libjpeg goes on to read;
        ``restarts``: how many restart boundaries the scan has (one fewer than its intervals)."""
        data, size, position = self.data, self.size, start
        counted_to, passed, expected = start, 0, 0
        while True:
            found = _JPEG_NEXT_MARKER.search(data, position, size)
            if found is None:
                raise Unreadable("truncated", "JPEG ends without EOI marker")
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
            raise Unreadable("truncated", "JPEG ends without EOI marker")
        return found.start(), data[found.start() + 1]

    def _fail(self, position: int, problem: str) -> NoReturn:
        where = "image data" if self.scans else "header"
        raise Unreadable("corrupt", f"JPEG {where} damaged at byte {position}: {problem}")

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
        """The tables the entropy decoder's start_pass derives (jdhuff.c, jdphuff.c); arithmetic
        coding has no tables to define (its conditioning values have defaults)."""
        for _, tables in chosen:
            if not frame.progressive:
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
        max_h = max(c.h_sampling for c in frame.components) * 8
        max_v = max(c.v_sampling for c in frame.components) * 8
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
        if frame.precision not in (8, 12):
            self._fail(position, f"{frame.precision}-bit samples")
        if len(frame.components) > 10:
            self._fail(position, f"{len(frame.components)} components")
        components = frame.components
        if not all(1 <= c.h_sampling <= 4 and 1 <= c.v_sampling <= 4 for c in components):
            self._fail(position, "sampling factors outside 1–4")
        max_h = max(c.h_sampling for c in components)
        max_v = max(c.v_sampling for c in components)
        if any(max_h % c.h_sampling or max_v % c.v_sampling for c in components):
            self._fail(position, "fractional sampling factors")  # jdsample.c
        self.multiple_scans = count < len(components) or frame.progressive
        if not (frame.progressive or frame.arithmetic):
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


def walk_jpeg(fp: BinaryIO, file_size: int) -> JpegHeader:
    """Walk a JPEG from SOI to EOI as libjpeg reads it to decode, without decoding (see above),
    and return what its header holds. The caller has checked the SOI marker.

    Header: every segment that libjpeg reads (frame, scans, Huffman, quantisation, restart and
    arithmetic tables) with the checks libjpeg makes, the tables that each scan uses included.
    Entropy-coded data: every byte read for markers; each marker found is treated as libjpeg
    treats it after a scan. Catches truncation, a file cut and padded with zeros, nearly every
    overwritten run of random bytes, and damage to the header's tables; misses damage that keeps
    all of that intact (a changed byte inside the scan, a run of zeros), where libjpeg only warns.
    """
    # A copy costs less than a mapping up to READ_STEP; bytes in memory have nothing to map.
    if file_size <= READ_STEP or isinstance(fp, io.BytesIO):
        fp.seek(0)
        data = fp.read(file_size)
        return _JpegWalk(data, len(data)).walk()
    import mmap

    with mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        return _JpegWalk(mapped, min(len(mapped), file_size)).walk()


def jpeg_truncation_detail(fp: BinaryIO) -> str:
    # Phones and some editors pad a finished JPEG with zeros; a download cut short and
    # preallocated also ends in zeros but has no EOI before them.
    file_size = fp.seek(0, 2)
    fp.seek(max(0, file_size - _TAIL_BYTES))
    tail = fp.read().rstrip(b"\0")
    if tail.endswith(b"\xff\xd9"):
        return "JPEG image data ends early"
    return "JPEG ends without EOI marker"
