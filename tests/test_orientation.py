"""The EXIF orientation as the manager's browser (Chrome) reads it: images/orientation.py.

Each case is a file laid out as a real writer lays it out (tests/metadata_builders.py), with what
Chrome reads (sources in images/orientation.py) and what Pillow's getexif() reads, which jdcheck
followed before: where the two differ, jdcheck measured, flagged and turned pictures that the
manager sees upright.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from jdcheck.cli import main
from jdcheck.images import inspect_image
from jdcheck.images.orientation import tiff_orientation, upright
from tests.folders import SKUS, check, groupbuy, located
from tests.image_builders import jpeg, png
from tests.metadata_builders import (
    exif_app1,
    exif_chunk,
    itxt_xmp_chunk,
    raw_profile,
    text_chunk,
    tiff,
    with_chunks,
    with_segments,
    xmp_app1,
    ztxt_chunk,
)

A, B = SKUS
SLOT = (440, 293)


def _flat_png(path: Path, size: tuple[int, int] = SLOT) -> Path:
    """A slot-sized PNG of a few hundred bytes (a flat picture), under the 50 KB limit."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (20, 40, 120)).save(path, "PNG")
    return path


def _webp_with_exif(path: Path, tiff_block: bytes) -> Path:
    """A WebP with an EXIF chunk, as Pillow (libwebp's mux) writes it."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", SLOT, (200, 30, 30)).save(path, "WEBP", exif=b"Exif\0\0" + tiff_block)
    return path


# (id, build, Chrome's orientation, Pillow's getexif() orientation)
CASES: list[tuple[str, Callable[[Path], Path], int | None, int | None]] = [
    # JPEG: Chrome reads the first APP1 that starts "Exif\0" + one byte (SkJpegMetadataDecoderImpl.cpp)
    ("jpeg-exif-6-pillow", lambda d: jpeg(d / "a.jpg", SLOT, orientation=6), 6, 6),
    ("jpeg-exif-6-photoshop-mm", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), exif_app1(tiff(6))), 6, 6),
    ("jpeg-exif-8-ii", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), exif_app1(tiff(8, order="II"))), 8, 8),
    # (a) XMP only, as Photoshop and exiftool write it: Chrome reads no XMP for orientation
    ("jpeg-xmp-only-photoshop", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), xmp_app1(6)), None, 6),
    ("jpeg-xmp-only-exiftool", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), xmp_app1(8, style="exiftool")),
     None, 8),
    ("jpeg-exif-1-and-xmp-6", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), exif_app1(tiff(1)), xmp_app1(6)), 1, 1),
    ("jpeg-xmp-before-exif", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), xmp_app1(3), exif_app1(tiff(6))), 6, 6),
    # the byte after "Exif\0" is padding to Chrome, a mismatch to Pillow
    ("jpeg-exif-odd-padding", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), exif_app1(tiff(6), padding=b"\xff")),
     6, None),
    # SkExif.cpp: SHORT, count 1, 1–8; IFD0 or the Exif sub-IFD; an IFD that does not fit is not read
    ("jpeg-orientation-long", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), exif_app1(tiff(6, kind=4))), None, 6),
    ("jpeg-orientation-in-exif-ifd", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), exif_app1(tiff(6, where="exif_ifd"))),
     6, None),
    ("jpeg-orientation-0", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), exif_app1(tiff(0))), None, 0),
    ("jpeg-ifd-overstated", lambda d: with_segments(jpeg(d / "a.jpg", SLOT), exif_app1(tiff(6, claimed_entries=40))),
     None, 6),
    # PNG: the eXIf chunk before IDAT (png crate read_info; SkPngRustCodec GetEncodedOrigin)
    ("png-exif-before-idat", lambda d: with_chunks(png(d / "a.png", SLOT), before_idat=(exif_chunk(tiff(6)),)), 6, 6),
    # late eXIf: read_info stops at the first IDAT
    ("png-exif-after-idat", lambda d: with_chunks(png(d / "a.png", SLOT), after_idat=(exif_chunk(tiff(6)),)), None, 6),
    # (b) ImageMagick's raw profile, tEXt and zTXt: text chunks are ignored (FFI.rs set_ignore_text_chunk)
    ("png-raw-profile-text", lambda d: with_chunks(
        png(d / "a.png", SLOT), before_idat=(text_chunk("Raw profile type exif", raw_profile(tiff(6))),)), None, 6),
    ("png-raw-profile-ztxt", lambda d: with_chunks(
        png(d / "a.png", SLOT), before_idat=(ztxt_chunk("Raw profile type exif", raw_profile(tiff(8))),)), None, 8),
    ("png-xmp-itxt", lambda d: with_chunks(png(d / "a.png", SLOT), before_idat=(itxt_xmp_chunk(6),)), None, 6),
    ("png-text-exif-keyword", lambda d: with_chunks(
        png(d / "a.png", SLOT), before_idat=(text_chunk("exif", b"Exif\0\0" + tiff(6)),)), None, 6),
    # WebP: Chrome's decoder reads the ICCP chunk only (webp_image_decoder.cc)
    ("webp-exif-chunk", lambda d: _webp_with_exif(d / "a.webp", tiff(6)), None, 6),
]


def _pillow_orientation(path: Path) -> int | None:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(path) as im:
            return im.getexif().get(0x0112)


@pytest.mark.parametrize(("build", "browser", "pillow"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_orientation_is_what_chrome_reads(tmp_path: Path, build, browser: int | None, pillow: int | None) -> None:
    path = build(tmp_path)
    assert _pillow_orientation(path) == pillow  # the file carries what the case says
    info = inspect_image(path)
    assert info.error is None
    assert info.orientation == browser
    assert info.display_size == ((SLOT[1], SLOT[0]) if browser in (5, 6, 7, 8) else SLOT)


@pytest.mark.parametrize(("build", "browser"), [(c[1], c[2]) for c in CASES if c[0].startswith("jpeg")],
                         ids=[c[0] for c in CASES if c[0].startswith("jpeg")])
def test_the_jpeg_walk_and_pillows_path_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build, browser) -> None:
    """The walk takes the header of every one of these JPEGs (XMP included) and reads the same
    orientation from its segments as the Pillow path reads from Pillow's applist."""
    import jdcheck.images as images

    path = build(tmp_path)
    taken: list[bool] = []
    original = images._header_from_walk
    monkeypatch.setattr(images, "_header_from_walk", lambda *a: taken.append(original(*a)) or taken[-1])
    walked = inspect_image(path)
    monkeypatch.setattr(images, "_header_from_walk", lambda *a: False)
    assert walked == inspect_image(path)
    assert taken == [True] and walked.orientation == browser


@pytest.mark.parametrize(("block", "expected"), [
    (b"", None),
    (b"MM\0*", None),  # no IFD offset
    (b"MM\0*\0\0\0\x08", None),  # IFD0 beyond the block
    (b"XX\0*\0\0\0\x08\0\0\0\0\0\0", None),  # not a byte order
    (tiff(6)[:-4], None),  # the next-IFD offset is cut off: the IFD does not fit
    (tiff(6), 6),
    (tiff(9), None),
    (tiff(3, order="II"), 3),
])
def test_tiff_orientation(block: bytes, expected: int | None) -> None:
    assert tiff_orientation(block) == expected


@pytest.mark.parametrize(("orientation", "corner"), [
    (None, (255, 0, 0)), (1, (255, 0, 0)), (2, (0, 255, 0)), (3, (255, 255, 255)), (4, (0, 0, 255)),
    (5, (255, 0, 0)), (6, (0, 0, 255)), (7, (255, 255, 255)), (8, (0, 255, 0)),
])
def test_upright_turns_as_a_browser_does(orientation: int | None, corner: tuple[int, int, int]) -> None:
    """A 4×2 stored picture with red, green / blue, white corners: the top-left corner shown
    for each orientation is the one the EXIF 2.32 table gives (and Pillow's exif_transpose)."""
    from PIL import Image, ImageOps

    stored = Image.new("RGB", (4, 2))
    for xy, colour in (((0, 0), (255, 0, 0)), ((3, 0), (0, 255, 0)), ((0, 1), (0, 0, 255)), ((3, 1), (255, 255, 255))):
        stored.putpixel(xy, colour)
    shown = upright(stored, orientation)
    assert shown.getpixel((0, 0)) == corner
    if orientation:
        exif = stored.getexif()
        exif[0x0112] = orientation
        assert shown.tobytes() == ImageOps.exif_transpose(stored).tobytes()


# ── as the operator meets it: check and fix ──────────────────────────────────────────────────

SHOWN_UPRIGHT = [
    ("xmp-only-jpeg", f"{A}.jpg", lambda p: with_segments(jpeg(p, SLOT, kb=40), xmp_app1(6))),
    ("imagemagick-png", f"{A}.png", lambda p: with_chunks(
        _flat_png(p), before_idat=(ztxt_chunk("Raw profile type exif", raw_profile(tiff(6))),))),
    ("late-exif-png", f"{A}.png", lambda p: with_chunks(_flat_png(p), after_idat=(exif_chunk(tiff(6)),))),
]


@pytest.mark.parametrize(("name", "make"), [c[1:] for c in SHOWN_UPRIGHT], ids=[c[0] for c in SHOWN_UPRIGHT])
def test_a_slot_image_the_browser_shows_upright_passes_and_fix_leaves_it(tmp_path: Path, capsys, name, make) -> None:
    """Stored 440×293 with an orientation Chrome does not read: no I002/I007, and `jdcheck fix`
    copies it byte for byte instead of turning it to 293×440 and cropping it back."""
    folder = groupbuy(tmp_path, files={f"{A}.jpg": None, name: make})
    assert {code for code, file, _ in located(check(folder)) if file == name} == set()
    out = tmp_path / "fixed"
    code = main(["fix", "groupbuy", str(folder), "--out", str(out), "--lang", "en"])
    printed = capsys.readouterr().out
    assert code == 0 and name not in printed
    assert (out / name).read_bytes() == (folder / name).read_bytes()


def test_a_slot_image_chrome_turns_is_still_turned_by_fix(tmp_path: Path, capsys) -> None:
    """The EXIF case Chrome does read stays as it was: I002 and I007, and fix applies it."""
    name = f"{A}.png"
    folder = groupbuy(tmp_path, files={f"{A}.jpg": None,
                                       name: lambda p: with_chunks(_flat_png(p, (293, 440)),
                                                                               before_idat=(exif_chunk(tiff(6)),))})
    assert {code for code, file, _ in located(check(folder)) if file == name} == {"I007"}
    out = tmp_path / "fixed"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out), "--lang", "en"]) == 0
    assert f"{name}: EXIF orientation 6 applied" in capsys.readouterr().out
    fixed = [p for p in out.iterdir() if p.stem == A]
    assert len(fixed) == 1
    info = inspect_image(fixed[0])
    assert (info.orientation, info.display_size) == (None, SLOT)


# ── the other readers of a picture: the report's thumbnails and the picture checks ───────────

@pytest.mark.parametrize(("build", "shown"), [
    (lambda d: with_segments(jpeg(d / "a.jpg", (400, 200)), xmp_app1(6)), (400, 200)),
    (lambda d: with_chunks(_flat_png(d / "a.png", (400, 200)), after_idat=(exif_chunk(tiff(6)),)), (400, 200)),
    (lambda d: with_segments(jpeg(d / "a.jpg", (400, 200)), exif_app1(tiff(6))), (200, 400)),
], ids=["xmp-only-jpeg", "late-exif-png", "exif-jpeg"])
def test_thumbnails_and_pictures_are_turned_as_the_check_measures(tmp_path: Path, build, shown) -> None:
    from jdcheck.exhibits import thumbnail
    from jdcheck.vision import displayed

    path = build(tmp_path)
    info = inspect_image(path)
    assert info.display_size == shown
    assert displayed(path).size == shown == displayed(path.read_bytes()).size
    width, height = thumbnail(path, info.stored_size, info.orientation)[1]
    assert (width > height) == (shown[0] > shown[1])
