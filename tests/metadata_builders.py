"""Orientation metadata written into real image files the way other programs write it.

No exiftool here: the bytes are laid out as the writers lay them out.

- EXIF: a TIFF block, big-endian as Photoshop and most cameras write it ("MM"), little-endian as
  Pillow and phones do ("II"); in a JPEG an APP1 segment "Exif\\0\\0" + TIFF after the JFIF block,
  in a PNG an ``eXIf`` chunk holding the TIFF block (PNG 1.5 extensions; Pillow writes it before
  IDAT, some converters append it after the image data).
- XMP: the packet Photoshop writes (attribute form ``tiff:Orientation="6"``) or exiftool writes
  (element form ``<tiff:Orientation>6</tiff:Orientation>``, single-quoted namespaces, as in
  tests/corpus/images/xmp_tags_orientation_exiftool.png); in a JPEG an APP1
  "http://ns.adobe.com/xap/1.0/\\0" + packet, in a PNG an iTXt "XML:com.adobe.xmp".
- ImageMagick's PNG raw profile: a tEXt or zTXt chunk "Raw profile type exif" whose text is
  "\\nexif\\n" + the length in 8 columns + "\\n" + the profile ("Exif\\0\\0" + TIFF) in hex, 72
  characters a line (ImageMagick coders/png.c, as in tests/corpus/images/exif_imagemagick_orientation.png).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

XMP_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\x00"


def tiff(orientation: int, *, order: str = "MM", kind: int = 3, where: str = "ifd0",
         claimed_entries: int | None = None) -> bytes:
    """A TIFF block holding Orientation = ``orientation`` (tag 0x0112, of TIFF type ``kind``: 3
    SHORT, 4 LONG) in IFD0 beside XResolution-like neighbours, or ``where="exif_ifd"`` only in
    the Exif sub-IFD. ``claimed_entries`` overstates IFD0's entry count, as a broken writer does."""
    e = ">" if order == "MM" else "<"

    def entry(tag: int, entry_kind: int, value: int) -> bytes:
        packed = struct.pack(e + "H", value) + b"\0\0" if entry_kind == 3 else struct.pack(e + "I", value)
        return struct.pack(e + "HHI", tag, entry_kind, 1) + packed

    def ifd(entries: list[bytes]) -> bytes:
        return struct.pack(e + "H", len(entries)) + b"".join(entries) + b"\0\0\0\0"

    orientation_entry = entry(0x0112, kind, orientation)
    resolution_unit = entry(0x0128, 3, 2)
    if where == "ifd0":
        first = [orientation_entry, resolution_unit]
        body = ifd(first)
    else:
        sub_offset = 8 + 2 + 12 * 2 + 4
        body = ifd([resolution_unit, entry(0x8769, 4, sub_offset)]) + ifd([orientation_entry])
    if claimed_entries is not None:
        body = struct.pack(e + "H", claimed_entries) + body[2:]
    return (b"MM\0*" if order == "MM" else b"II*\0") + struct.pack(e + "I", 8) + body


def exif_app1(tiff_block: bytes, *, padding: bytes = b"\0") -> bytes:
    return _segment(0xE1, b"Exif\0" + padding + tiff_block)


def xmp_packet(orientation: int, *, style: str = "photoshop") -> bytes:
    if style == "photoshop":
        description = ('<rdf:Description rdf:about="" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"'
                       f' tiff:Orientation="{orientation}" tiff:ResolutionUnit="2"/>')
    else:  # exiftool
        description = ("<rdf:Description rdf:about=''\n  xmlns:tiff='http://ns.adobe.com/tiff/1.0/'>\n"
                       f"  <tiff:Orientation>{orientation}</tiff:Orientation>\n </rdf:Description>")
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f"{description}</rdf:RDF></x:xmpmeta>" + " " * 64 + '<?xpacket end="w"?>').encode()


def xmp_app1(orientation: int, *, style: str = "photoshop") -> bytes:
    return _segment(0xE1, XMP_SIGNATURE + xmp_packet(orientation, style=style))


def with_segments(path: Path, *segments: bytes) -> Path:
    """Insert JPEG marker segments after the file's JFIF APP0 block, where writers put them."""
    data = path.read_bytes()
    at = 4 + struct.unpack(">H", data[4:6])[0] if data[2:4] == b"\xff\xe0" else 2
    path.write_bytes(data[:at] + b"".join(segments) + data[at:])
    return path


def raw_profile(tiff_block: bytes) -> bytes:
    """ImageMagick's text for a "Raw profile type exif" chunk."""
    profile = (b"Exif\0\0" + tiff_block).hex()
    lines = "\n".join(profile[i : i + 72] for i in range(0, len(profile), 72))
    return f"\nexif\n{len(profile) // 2:8d}\n{lines}\n".encode()


def text_chunk(keyword: str, text: bytes) -> tuple[bytes, bytes]:
    return b"tEXt", keyword.encode("latin-1") + b"\0" + text


def ztxt_chunk(keyword: str, text: bytes) -> tuple[bytes, bytes]:
    return b"zTXt", keyword.encode("latin-1") + b"\0\0" + zlib.compress(text)


def itxt_xmp_chunk(orientation: int) -> tuple[bytes, bytes]:
    return b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + xmp_packet(orientation, style="exiftool")


def exif_chunk(tiff_block: bytes) -> tuple[bytes, bytes]:
    return b"eXIf", tiff_block


def raw_png(path: Path, size: tuple[int, int], depth: int, colour: int, *, interlace: int = 0,
            before_idat: tuple = ()) -> Path:
    """A PNG laid out chunk by chunk, of any bit depth and colour type (Pillow writes only some,
    16-bit RGB never): IHDR, ``before_idat`` (type, payload) chunks, an IDAT of zero samples
    (each pass's rows with their filter byte), IEND."""
    width, height = size
    samples = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    passes = [(width, height)] if not interlace else [
        ((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
        for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))]
    raw = b"".join(
        (b"\0" + bytes((pass_width * samples * depth + 7) // 8)) * pass_height
        for pass_width, pass_height in passes if pass_width and pass_height)
    chunks = [(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)),
              *before_idat, (b"IDAT", zlib.compress(raw)), (b"IEND", b"")]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        for kind, payload in chunks))
    return path


def with_chunks(path: Path, *, before_idat: tuple = (), after_idat: tuple = ()) -> Path:
    """Insert PNG chunks (type, payload) before the first IDAT and before IEND."""
    data = path.read_bytes()
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    first_idat = next(i for i, (kind, _) in enumerate(chunks) if kind == b"IDAT")
    chunks[first_idat:first_idat] = list(before_idat)
    chunks[-1:-1] = list(after_idat)
    out = data[:8] + b"".join(
        struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        for kind, payload in chunks
    )
    path.write_bytes(out)
    return path


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload
