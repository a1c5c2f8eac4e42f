"""Resource bombs, built small and fast: files of a few KB that declare or inflate to gigabytes.

Deflate streams are assembled from one compressed block repeated (each block ends with a full
flush, so it references nothing before it): a GiB of inflated XML costs a millisecond to build
and ~1 MB on disk, and the ZIP entry's CRC-32 is the real one, so a reader that does inflate
everything gets no early "bad CRC" exit.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

MiB = 1 << 20

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
SMALL_SHEET = SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
SMALL_STRINGS = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>SKU编码</t></si></sst>'

BILLION_LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def repeated_deflate(block: bytes, times: int) -> tuple[bytes, int, int]:
    """(raw deflate data, CRC-32, inflated size) of `block` repeated `times` times."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return piece * times + b"\x03\x00", crc, len(block) * times  # b"\x03\x00": empty final block


def _local_and_central(name: str, data: bytes, crc: int, size: int, offset: int) -> tuple[bytes, bytes]:
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0) + encoded
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset
    ) + encoded
    return local + data, central


def zip_package(members: dict[str, bytes | tuple[bytes, int, int]]) -> bytes:
    """A ZIP of deflated members; a member given as (deflate data, crc, size) is stored as is."""
    body, directory = b"", b""
    for name, content in members.items():
        if isinstance(content, bytes):
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            content = (compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content))
        data, crc, size = content
        local, central = _local_and_central(name, data, crc, size, len(body))
        body += local
        directory += central
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    return body + directory + end


def xlsx_package(sheet: bytes | tuple = SMALL_SHEET.encode(), strings: bytes | tuple = SMALL_STRINGS.encode(),
                 workbook: bytes = _WORKBOOK.encode(), content_types: bytes = _CONTENT_TYPES.encode()) -> bytes:
    return zip_package({
        "[Content_Types].xml": content_types,
        "_rels/.rels": _ROOT_RELS.encode(),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings,
    })


def _inflating(head: str, filler: bytes, tail: str, size: int) -> tuple[bytes, int, int]:
    """A member: head, then `filler` repeated up to `size` bytes, then tail (one stream)."""
    times = size // len(filler)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head.encode()) + compressor.flush(zlib.Z_FULL_FLUSH)
    body, _, _ = repeated_deflate(filler, times)
    body = body[:-2]  # drop the final block: the tail follows
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    ending = last.compress(tail.encode()) + last.flush()
    crc = zlib.crc32(head.encode())
    for _ in range(times):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(tail.encode(), crc)
    return first + body + ending, crc, len(head) + len(filler) * times + len(tail)


def xlsx_sheet_inflating(path: Path, size: int = 1 << 30) -> Path:
    """Worksheet XML of `size` bytes (white space inside <sheetData>), ~1 MB on disk per GiB."""
    filler = b" " * MiB
    sheet = _inflating(SHEET_HEAD + "<sheetData>", filler, '<row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>', size)
    path.write_bytes(xlsx_package(sheet=sheet))
    return path


def xlsx_strings_inflating(path: Path, size: int = 1 << 30) -> Path:
    """sharedStrings.xml holding one string of `size` bytes."""
    head = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    strings = _inflating(head, b"A" * MiB, "</t></si></sst>", size)
    path.write_bytes(xlsx_package(strings=strings))
    return path


def xlsx_many_cells(path: Path, cells: int) -> Path:
    """`cells` real cells (value 1), 1000 per row: a sheet that declares millions of cells."""
    per_row = 1000
    rows = []
    for r in range(1, cells // per_row + 1):
        rows.append(f'<row r="{r}">' + "<c><v>1</v></c>" * per_row + "</row>")
    sheet = (SHEET_HEAD + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>").encode()
    path.write_bytes(xlsx_package(sheet=sheet))
    return path


def xlsx_far_corner(path: Path) -> Path:
    """One value at XFD1048576 and a <dimension> of the whole grid: millions of rows and columns
    declared, one cell stored."""
    sheet = (SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
             '<cols><col min="1" max="16384" width="9" hidden="1"/></cols></worksheet>').encode()
    path.write_bytes(xlsx_package(sheet=sheet))
    return path


def xlsx_far_column(path: Path, rows: int) -> Path:
    """A value at XFD in each of `rows` rows: few cells stored, but every row 16,384 cells wide."""
    body = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(1, rows + 1))
    sheet = (SHEET_HEAD + "<sheetData>" + body + "</sheetData></worksheet>").encode()
    path.write_bytes(xlsx_package(sheet=sheet))
    return path


def xlsx_entity_expansion(path: Path, part: str) -> Path:
    """Billion laughs (10^9 × "lol") in one part: "sheet", "strings", "workbook" or "content_types"."""
    def bomb(xml: str) -> bytes:
        declaration, _, rest = xml.partition("?>")
        root_end = rest.index(">") + 1
        return (declaration + "?>" + BILLION_LAUGHS_DTD + rest[:root_end] + "&lol9;" + rest[root_end:]).encode()

    parts = {"sheet": SMALL_SHEET, "strings": SMALL_STRINGS, "workbook": _WORKBOOK, "content_types": _CONTENT_TYPES}
    if part == "strings":
        bombed = SMALL_STRINGS.replace("<t>SKU编码</t>", "<t>&lol9;</t>")
        declaration, _, rest = bombed.partition("?>")
        data = (declaration + "?>" + BILLION_LAUGHS_DTD + rest).encode()
    else:
        data = bomb(parts[part])
    keyword = {"sheet": "sheet", "strings": "strings", "workbook": "workbook", "content_types": "content_types"}[part]
    path.write_bytes(xlsx_package(**{keyword: data}))
    return path


def jpeg_huge_declared(path: Path, width: int = 65_500, height: int = 65_500) -> Path:
    """A baseline JPEG header (SOF0) declaring width × height, with a few bytes of scan data."""
    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    quant = segment(0xDB, b"\x00" + bytes([1] * 64))
    sof = segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    huff_dc = segment(0xC4, b"\x00" + bytes([0, 1] + [0] * 14) + b"\x00")
    huff_ac = segment(0xC4, b"\x10" + bytes([0, 1] + [0] * 14) + b"\x00")
    sos = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    path.write_bytes(b"\xff\xd8" + quant + sof + huff_dc + huff_ac + sos + b"\x00" * 1024 + b"\xff\xd9")
    return path


def png_huge_declared(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 65536)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def gif_huge_screen(path: Path) -> Path:
    """A GIF whose logical screen is 65535×65535 with one 1×1 frame."""
    data = (b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
            + b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00" + b"\x02\x02\x44\x01\x00" + b"\x3b")
    path.write_bytes(data)
    return path


def csv_long_line(path: Path, size: int = 100 * MiB) -> Path:
    with path.open("wb") as fh:
        fh.write("SKU编码,商品名称\n".encode())
        chunk = b"A" * MiB
        for _ in range(size // MiB):
            fh.write(chunk)
        fh.write(b"\n")
    return path


def csv_many_rows(path: Path, rows: int) -> Path:
    path.write_bytes("SKU编码,商品名称\n".encode() + b"1,2\n" * rows)
    return path
