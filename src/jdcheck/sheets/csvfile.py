"""Reading CSV as Excel and WPS on Chinese Windows write it (UTF-8, UTF-8 with BOM, GBK)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from jdcheck.sheets.model import EMPTY_CELL, Cell, Sheet, SheetReadError, Workbook, _too_large

CSV_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})

_CSV_DELIMITERS = ",\t;"
_CSV_SNIFF_CHARS = 8 * 1024
_CSV_MAX_LINE_CHARS = 1024 * 1024
_DECODE_CHUNK = 1024 * 1024




def _read_csv(path: Path, max_cells: int) -> Workbook:
    encoding = _csv_encoding(path)
    try:
        with path.open("r", encoding=encoding, newline="") as fh:
            delimiter = _sniff_delimiter(fh.read(_CSV_SNIFF_CHARS))
            fh.seek(0)
            rows = _csv_rows(fh, delimiter, max_cells)
    except csv.Error as exc:
        raise SheetReadError("corrupt", f"malformed CSV ({exc})") from exc
    except UnicodeDecodeError as exc:  # the file changed after its encoding was detected
        raise SheetReadError("corrupt", f"undecodable text ({exc.reason})") from exc
    sheet = Sheet(
        name=path.stem, state="visible", rows=rows, hidden_rows=frozenset(), hidden_cols=frozenset()
    )
    return Workbook(
        path=path, format="csv", sheets=[sheet], encoding=encoding, date1904=False, active_index=0
    )


def _csv_encoding(path: Path) -> str:
    """utf-8-sig when Excel's "CSV UTF-8" BOM is there, utf-16 for Excel's "Unicode Text", else
    utf-8 if the whole file decodes, else gb18030: Excel on Chinese Windows writes plain "CSV" in
    GBK, and GB18030 is its superset."""
    with path.open("rb") as fh:
        start = fh.read(4)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        if _decodes_as(path, encoding):
            return encoding
    raise SheetReadError("unsupported", "text encoding is neither UTF-8 nor GBK/GB18030")


def _decodes_as(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_DECODE_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(sample: str) -> str:
    """`,` `\\t` or `;` (European-locale Excel writes `;`); `,` when the sample is inconclusive."""
    if "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # the last line may be cut mid-field
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _csv_rows(fh: io.TextIOBase, delimiter: str, max_cells: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    total = 0
    for record in csv.reader(_bounded_lines(fh), delimiter=delimiter):
        total += len(record) or 1
        if total > max_cells:
            raise _too_large(f"more than {max_cells:,} cells")
        row = [Cell(text) if text else EMPTY_CELL for text in record]
        while row and row[-1].is_blank:
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _bounded_lines(fh: io.TextIOBase) -> Iterator[str]:
    """The file's lines, refusing one over the limit before it is held in memory whole."""
    while line := fh.readline(_CSV_MAX_LINE_CHARS + 1):
        if len(line) > _CSV_MAX_LINE_CHARS:
            raise _too_large(f"a line longer than {_CSV_MAX_LINE_CHARS:,} characters")
        yield line
