"""Resource bombs stay bounded: each file ≤ 10 s and ≤ 500 MB peak memory.

The CLI runs in a subprocess under an address-space limit (RLIMIT_AS, a safety net for the test
machine) and a timeout; the assertions are on the child's wall time and its own peak resident
memory (VmHWM). Several bombs share one run where the run as a whole meets the per-file bound,
which keeps the suite fast and proves the per-file bound a fortiori.
"""

from __future__ import annotations

import pyexpat
import shutil
from pathlib import Path

import pytest

from tests import bombs, eml_builders
from tests.folders import SKUS, groupbuy
from tests.hostile import assert_untouched, cli_bounded, reader_bounded, snapshot

SECONDS, PEAK_MB = 10.0, 500.0
SAFETY_NET_MB = 2048  # RLIMIT_AS of the child: address space, not memory used (Python maps a lot)


def run_bounded(folder: Path):
    before = snapshot(folder)
    result = cli_bounded("groupbuy", folder, "--format", "json", "--lang", "en", "--today", "2026-11-25",
                         mem_mb=SAFETY_NET_MB, seconds=60)
    assert_untouched(before, folder)
    assert result.code in (0, 1), result.err
    assert result.seconds <= SECONDS, f"{result.seconds:.1f} s"
    assert result.peak_mb <= PEAK_MB, f"{result.peak_mb:.0f} MB"
    return result


def findings_of(result, name: str) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in result.document["findings"] if f["file"] == name]


IMAGE_BOMBS = {
    "corpus_bomb_1bit_20000x20000.png": "images/generated_bombs/bomb_1bit_20000x20000.png",
    "corpus_bomb_L_10000x10000.png": "images/generated_bombs/bomb_L_10000x10000.png",
    "corpus_decompression_bomb.gif": "images/decompression_bomb.gif",
    "corpus_decompression_bomb_extents.gif": "images/decompression_bomb_extents.gif",
    "corpus_png_decompression_dos.png": "images/png_decompression_dos.png",
    "jpeg_65500x65500.jpg": bombs.jpeg_huge_declared,
    "png_100000x100000.png": bombs.png_huge_declared,
    "gif_screen_65535.gif": bombs.gif_huge_screen,
}


def test_image_bombs(tmp_path, corpus):
    files = {}
    for name, source in IMAGE_BOMBS.items():
        slot = f"{SKUS[0]}_{name}"
        files[slot] = (lambda p, s=source: shutil.copyfile(corpus / s, p)) if isinstance(source, str) else source
    result = run_bounded(groupbuy(tmp_path, files=files))
    for name in IMAGE_BOMBS:
        found = findings_of(result, f"{SKUS[0]}_{name}")
        assert [code for code, _ in found if code.startswith("I")] == ["I001"], (name, found)
        assert "pixels > limit" in found[0][1] or "limit" in found[0][1], found


def test_a_ten_megabyte_phone_photo_is_checked_within_bounds(tmp_path):
    """A real-size photo (12 MP, ~10 MB of noise-heavy JPEG) as a slot image: I002/I003, quickly."""
    from PIL import Image

    import random

    rng = random.Random(0)
    def photo(path: Path) -> None:
        noise = Image.frombytes("RGB", (4000, 3000), rng.randbytes(4000 * 3000 * 3))
        noise.save(path, "JPEG", quality=92)

    result = run_bounded(groupbuy(tmp_path, files={f"{SKUS[0]}.jpg": photo}))
    assert {code for code, _ in findings_of(result, f"{SKUS[0]}.jpg")} == {"I002", "I003"}


SHEET_BOMBS = {
    "sheet_xml_1GiB.xlsx": bombs.xlsx_sheet_inflating,
    "shared_strings_1GiB.xlsx": bombs.xlsx_strings_inflating,
    "cells_6M.xlsx": lambda p: bombs.xlsx_many_cells(p, 6_000_000),
    # Few cells, but laid out as rows 16,384 wide: 16 million cells of grid.
    "XFD_in_1000_rows.xlsx": lambda p: bombs.xlsx_far_column(p, 1000),
    "entities_in_sheet.xlsx": lambda p: bombs.xlsx_entity_expansion(p, "sheet"),
    "entities_in_shared_strings.xlsx": lambda p: bombs.xlsx_entity_expansion(p, "strings"),
    "entities_in_workbook.xlsx": lambda p: bombs.xlsx_entity_expansion(p, "workbook"),
    "entities_in_content_types.xlsx": lambda p: bombs.xlsx_entity_expansion(p, "content_types"),
    "line_100MB.csv": bombs.csv_long_line,
    "rows_3M.csv": lambda p: bombs.csv_many_rows(p, 3_000_000),
    "calamine_issue_594_dos.xlsx": "sheets/tafia+calamine/tests/issue_594_dos.ods",
}


def test_spreadsheet_bombs(tmp_path, corpus):
    files = {name: (lambda p, s=source: shutil.copyfile(corpus / s, p)) if isinstance(source, str) else source
             for name, source in SHEET_BOMBS.items()}
    result = run_bounded(groupbuy(tmp_path, sheet=None, files=files))
    for name in SHEET_BOMBS:
        found = findings_of(result, name)
        codes = [code for code, _ in found if code != "M102"]
        assert codes == ["S001"], (name, found)
        message = found[[c for c, _ in found].index("S001")][1]
        if name.startswith("entities"):
            assert "amplification" in message or "entit" in message.lower(), message
        elif not name.startswith("calamine"):
            assert "too large" in message, message


def test_expat_protects_the_workbook_readers():
    """Entity expansion is refused by expat itself (billion-laughs protection since 2.4.1), which
    both our part readers and openpyxl's parse with: the test above proves it per part."""
    assert pyexpat.version_info >= (2, 4, 1)


@pytest.mark.parametrize(("name", "build"), [
    ("just_under_cell_limit.xlsx", lambda p: bombs.xlsx_many_cells(p, 190_000)),
    ("shared_string_99MB.xlsx", lambda p: bombs.xlsx_strings_inflating(p, 99 * bombs.MiB)),
    # One value in the grid's last cell (a space typed in XFD1048576 is the same): a million rows
    # of layout, read, not refused as corrupt.
    ("cell_at_XFD1048576.xlsx", bombs.xlsx_far_corner),
    ("XFD_in_100_rows.xlsx", lambda p: bombs.xlsx_far_column(p, 100)),
])
def test_largest_workbooks_still_read_are_bounded(tmp_path, name, build):
    """Just under the limits, the workbook is read (not refused) and still meets the bound."""
    result = run_bounded(groupbuy(tmp_path, sheet=None, files={name: build}))
    assert "S001" not in {code for code, _ in findings_of(result, name)}


def _reader_within_bounds(reader: str, path: Path) -> str:
    elapsed, peak_mb, outcome = reader_bounded(reader, path, mem_mb=SAFETY_NET_MB)
    assert elapsed <= SECONDS and peak_mb <= PEAK_MB, (elapsed, peak_mb, outcome)
    return outcome


@pytest.mark.parametrize(("name", "data"), [
    ("5000_parts.eml", lambda: eml_builders.many_parts(5000)),
    ("100000_parts.eml", lambda: eml_builders.many_parts(100_000)),
    ("nested_5000.eml", lambda: eml_builders.nested(5000)),
    ("40MB_body.eml", lambda: eml_builders.simple("From: a@b.c\nSubject: x\n", b"x" * (40 * bombs.MiB))),
])
def test_email_bombs_are_refused_or_read_within_bounds(tmp_path, name, data):
    """E001's reader (the channel type that opens mails comes with its own checks)."""
    path = tmp_path / name
    path.write_bytes(data())
    outcome = _reader_within_bounds("jdcheck.emails.read_email", path)
    assert outcome == "read" or outcome.startswith("EmailReadError: "), outcome
    if "parts" in name and name != "5000_parts.eml":
        assert "too many parts" in outcome


@pytest.mark.parametrize(("name", "data"), [
    ("nested_200k.html", lambda: b"<div>" * 200_000 + b'<a href="https://item.jd.com/1.html">x</a>'),
    ("anchors_70k_just_under_5MB.html", lambda: b'<a href="https://item.jd.com/100012043978.html" target="_blank">x</a>' * 70_000),
    ("anchors_300k_21MB.html", lambda: b'<a href="https://item.jd.com/100012043978.html" target="_blank">x</a>' * 300_000),
    ("unclosed_comment.html", lambda: b"<!--" + b"-" * (5 * bombs.MiB - 8)),
])
def test_html_bombs_within_bounds(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data())
    outcome = _reader_within_bounds("jdcheck.htmlpage.read_html_anchors", path)
    assert outcome == "read" or outcome.startswith("HtmlReadError: "), outcome
