"""The fast paths give the same answers as the plain ones: parallel image inspection, the
calamine sheet reader against openpyxl, and a `--help` that does not build the rule models."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jdcheck import materials, sheets
from tests.builders import xlsx
from tests.folders import check, groupbuy, located
from tests.image_builders import jpeg, png, truncate

SRC = Path(__file__).resolve().parents[1] / "src"


def test_parallel_image_inspection_finds_what_the_serial_one_finds(tmp_path, monkeypatch):
    folder = groupbuy(tmp_path, files={
        "100012043978.jpg": lambda p: jpeg(p, (800, 800)),  # I002
        "100023456781.jpg": lambda p: truncate(jpeg(p, (440, 293)), 9000),  # I001
    })
    serial = check(folder)
    monkeypatch.setattr(materials, "PARALLEL_IMAGES", 2)
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: images are always inspected serially")
    parallel = check(folder)
    assert located(parallel) == located(serial)
    assert {("I002", "100012043978.jpg", None), ("I001", "100023456781.jpg", None)} <= located(serial)


def _broken_worker(tasks):
    raise MemoryError("worker out of memory")


def test_images_are_read_here_when_a_worker_fails(tmp_path, monkeypatch):
    """A worker that dies or raises costs time, never a finding: the image is read in-process."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: images are always inspected serially")
    folder = groupbuy(tmp_path, files={"100023456781.jpg": lambda p: truncate(jpeg(p, (440, 293)), 9000)})
    serial = check(folder)
    monkeypatch.setattr(materials, "PARALLEL_IMAGES", 2)
    monkeypatch.setattr(materials, "_inspect_chunk", _broken_worker)  # in the forked workers too
    assert located(check(folder)) == located(serial)
    assert ("I001", "100023456781.jpg", None) in located(serial)


class _IdlePool:
    """A pool whose workers never start anything."""

    def submit(self, fn, *args):
        from concurrent.futures import Future

        return Future()


def test_images_no_worker_started_are_taken_back_from_the_last(tmp_path):
    """This process, done with its own work first, reads the chunks no worker has started."""
    paths = [jpeg(tmp_path / f"1000120439{index:02d}.jpg", (440, 293)) for index in range(40)]
    truncate(paths[35], 3000)
    images = [materials.ImageMaterial(p, p.name, "slot_image", None) for p in paths]
    background = materials._BackgroundInspection(_IdlePool(), images, jobs=1)
    assert len(background.chunks) == 3  # chunks of 16
    for image in images:
        image._background = background
    assert images[20].info.error is None  # chunk 1: the last chunk is taken back first, then chunk 1
    assert [f.cancelled() for f in background.futures] == [False, True, True]
    infos = [image.info for image in images]
    assert all(f.cancelled() for f in background.futures)
    assert infos == [materials.ImageMaterial(p, p.name, "slot_image", None).inspect() for p in paths]
    assert [i for i, info in enumerate(infos) if info.error] == [35]


def _both_readers(path: Path, monkeypatch, **options) -> tuple[sheets.Workbook, sheets.Workbook]:
    fast = sheets.read_workbook(path, **options)
    with monkeypatch.context() as patch:
        patch.setattr(sheets.calamine, "_read_with_calamine", lambda *args: None)
        slow = sheets.read_workbook(path, **options)
    return fast, slow


@pytest.mark.parametrize("sheet_options", [
    {},
    {"hidden_rows": [4], "hidden_cols": [2, (5, 7)]},
    {"extra_sheets": {"隐藏": [["x"]]}, "sheet_states": {"隐藏": "hidden"}, "active": 1},
    {"date1904": True},
])
def test_calamine_and_openpyxl_read_the_same_workbook(tmp_path, monkeypatch, sheet_options):
    rows = [
        ["SKU编码*", "京东价*", "开团时间*", "备注"],
        ["100012043978", 399, datetime.datetime(2026, 11, 25, 9, 30), None],
        [100023456781, 199.5, datetime.date(2026, 12, 1), True],
        [" 100012043979 ", "¥199.00", "2026/11/25 9:30", "x"],
    ]
    path = xlsx(tmp_path / "t.xlsx", rows, title_rows=[["团购提报表"]], **sheet_options)
    fast, slow = _both_readers(path, monkeypatch)
    assert (fast.format, fast.date1904, fast.active_index) == (slow.format, slow.date1904, slow.active_index)
    for a, b in zip(fast.sheets, slow.sheets, strict=True):
        assert (a.name, a.state, a.hidden_rows, a.hidden_cols) == (b.name, b.state, b.hidden_rows, b.hidden_cols)
        assert a.rows == b.rows
        assert [[type(c.value) for c in row] for row in a.rows] == [[type(c.value) for c in row] for row in b.rows]


def test_a_far_away_cell_is_left_to_openpyxl(tmp_path, monkeypatch):
    """calamine holds a dense grid: a cell at XFD1048576 must never reach it."""
    import zipfile

    path = xlsx(tmp_path / "t.xlsx", [["a"]])
    with zipfile.ZipFile(path) as archive:
        assert sheets.calamine._package_layout(archive, 5_000_000) is not None
    far = tmp_path / "far.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(far, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.endswith("sheet1.xml"):
                content = content.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
                )
            dst.writestr(info, content)
    with zipfile.ZipFile(far) as archive:
        assert sheets.calamine._package_layout(archive, 5_000_000) is None
    fast, slow = _both_readers(far, monkeypatch, max_cells=5_000_000)  # a million rows, mostly empty
    assert fast.sheets[0].rows == slow.sheets[0].rows
    assert fast.sheets[0].cell(1048576, 16384).value == 1


@pytest.mark.parametrize("reference", ["A12345678", "A99999999999"])
def test_a_row_past_excels_last_is_never_given_to_calamine(tmp_path, reference):
    """A hostile <c r="A12345678">: a dense grid of 12 million rows must not be built."""
    import zipfile

    path = xlsx(tmp_path / "t.xlsx", [["a"]])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.endswith("sheet1.xml"):
                row = reference[1:]
                content = content.replace(
                    b"</sheetData>", f'<row r="{row}"><c r="{reference}"><v>1</v></c></row></sheetData>'.encode())
            dst.writestr(info, content)
    with zipfile.ZipFile(bad) as archive:
        assert sheets.calamine._package_layout(archive, 5_000_000) is None


def test_help_does_not_import_the_rule_models():
    code = "import sys; from jdcheck.cli import main; main(['--help']); assert 'pydantic' not in sys.modules"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, stdout=subprocess.DEVNULL)


def test_a_folder_of_jpegs_and_pngs_is_checked_without_pillow(tmp_path):
    """Browser-saved PNG screenshots and JPEG slot images: every header comes from the walks
    (images._header_from_walk), so the check never imports Pillow (~15 ms of a 0.2 s check);
    a slot image turned by its EXIF is still measured as shown (I002, I007)."""
    from tests.metadata_builders import exif_app1, tiff, with_segments

    folder = groupbuy(tmp_path, files={
        "款式截图.jpg": None, "促销截图.jpg": None,
        "款式截图.png": lambda p: png(p, (1280, 720)),
        "促销截图.png": lambda p: png(p, (1280, 720), mode="RGBA"),
        "100012043978.jpg": lambda p: with_segments(jpeg(p, (440, 293), kb=40), exif_app1(tiff(6))),
    })
    code = (
        "import contextlib, io, json, sys; from jdcheck.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    main(['groupbuy', {str(folder)!r}, '--format', 'json'])\n"
        "codes = sorted({(f['code'], f['file']) for f in json.loads(out.getvalue())['findings']})\n"
        "print(json.dumps([codes, 'PIL' in sys.modules]))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
           "JDCHECK_VISION": "off"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    codes, pillow = json.loads(done.stdout)
    assert codes == [["I002", "100012043978.jpg"], ["I007", "100012043978.jpg"]]  # shown as 293×440
    assert pillow is False


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_malformed_xml_is_still_unreadable(tmp_path, member):
    """calamine reads around broken XML; openpyxl (and Excel) refuse it: S001 stays."""
    import zipfile

    path = xlsx(tmp_path / "t.xlsx", [["SKU编码*", "京东价*"], ["100012043978", 399]])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == member:
                content = content[: len(content) * 2 // 3]  # a save that stopped mid-way
            dst.writestr(info, content)
    with pytest.raises(sheets.SheetReadError) as caught:
        sheets.read_workbook(broken)
    assert caught.value.reason in ("corrupt", "empty")


@pytest.mark.parametrize("name", [
    "100012043978.jpg", "a.tar.gz", ".env", "a.", "..", "...jpg", "款式截图.PNG", "no_suffix", ".hidden.jpg",
    "100012043978_2.jpeg", "a..b", "~$团购.xlsx",
])
def test_the_walk_splits_names_as_pathlib_does(name):
    """The walk splits names with string operations (PurePath per file was most of its time)."""
    from pathlib import PurePath

    assert materials._split_name(name) == (PurePath(name).stem, PurePath(name).suffix)
