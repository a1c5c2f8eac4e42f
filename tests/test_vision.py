"""The picture checks of the optional extra jdcheck[vision] (SPEC §7), as a user runs them: no
network, the OCR cache, `not_run` without the extra, roles by content, the logo file from
jdcheck.yaml or --logo, `fix --logo`, bad input, and the parser that reads OCR's quirks back.

The pictures are real photographs with logos and text drawn on, and back-office-style promotion
pages at 12–20 px, rendered by tests/vision_fixtures/make_fixtures.py and committed (no fonts needed)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from jdcheck.cli import main
from tests.folders import FIRST_DATA_ROW as R, SKUS, check, gb_row, groupbuy, located
from tests.hostile import assert_untouched, snapshot
from tests.image_builders import jpeg, truncate
from tests.vision_pictures import LOGO, picture, vision_on

A, B = SKUS
A_JPG, B_JPG = f"{A}.jpg", f"{B}.jpg"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def vision(monkeypatch, tmp_path):
    vision_on(monkeypatch)
    monkeypatch.setenv("JDCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _json(capsys, *args) -> tuple[int, dict]:
    code = main([str(a) for a in args] + ["--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _codes(document: dict, *codes: str) -> set[tuple[str, str | None, int | None]]:
    return {(f["code"], f["file"], f["row"]) for f in document["findings"] if f["code"] in codes}


# ── fresh install: no network, ever ──────────────────────────────────────────────────────────

BLOCK_SOCKETS = """
import socket, sys
def _refuse(*args, **kwargs):
    with open({log!r}, "a", encoding="utf-8") as log:
        log.write(repr(args[:2]) + "\\n")
    raise OSError("network blocked by the test")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def test_no_network_on_a_fresh_cache(tmp_path, monkeypatch):
    """The OCR models are inside the wheels: a first run with an empty cache and every socket
    blocked reads the screenshot (P009 found) and tries no connection."""
    vision_on(monkeypatch)
    folder = groupbuy(tmp_path, files={"促销截图.jpg": picture("gb_promo_wrong_price.jpg")})
    site = tmp_path / "site"
    site.mkdir()
    log = tmp_path / "connections.log"
    (site / "sitecustomize.py").write_text(BLOCK_SOCKETS.format(log=str(log)), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
           "JDCHECK_CACHE_DIR": str(tmp_path / "fresh-cache"), "HOME": str(tmp_path / "home")}
    env.pop("JDCHECK_VISION", None)
    done = subprocess.run([sys.executable, "-m", "jdcheck", "groupbuy", str(folder), "--today", "2026-11-25",
                           "--format", "json"], capture_output=True, env=env, timeout=300)
    document = json.loads(done.stdout.decode("utf-8"))
    assert _codes(document, "P009") == {("P009", "促销截图.jpg", R + 1)}, done.stderr.decode("utf-8", "replace")
    assert document["not_run"] == []
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert any((tmp_path / "fresh-cache").rglob("*.json"))  # what was read is cached


# ── the OCR cache ────────────────────────────────────────────────────────────────────────────


def test_rechecking_reads_no_picture_again(tmp_path, vision, monkeypatch):
    from jdcheck.vision import ocr

    folder = groupbuy(tmp_path, files={"促销截图.jpg": picture("gb_promo_wrong_price.jpg"),
                                       A_JPG: picture("slot_points_logo.jpg"), B_JPG: picture("slot_slogan_logo.jpg")})
    first = located(check(folder))
    assert {("P009", "促销截图.jpg", R + 1), ("I010", A_JPG, None)} <= first

    def no_reading(data):
        raise AssertionError("a picture was read again")

    monkeypatch.setattr(ocr, "_read_fresh", no_reading)
    (folder / "促销截图.jpg").rename(folder / "促销截图-副本.jpg")  # the key is the content, not the name
    second = located(check(folder))
    assert second == {(c, "促销截图-副本.jpg" if f == "促销截图.jpg" else f, r) for c, f, r in first}


def test_damaged_cache_entry_is_read_again(tmp_path, vision):
    folder = groupbuy(tmp_path, files={"促销截图.jpg": picture("gb_promo_wrong_price.jpg")})
    check(folder, select=("P009",))
    for entry in vision.rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert located(check(folder, select=("P009",))) == {("P009", "促销截图.jpg", R + 1)}


# ── without the extra ────────────────────────────────────────────────────────────────────────


def test_without_the_extra_the_report_says_what_did_not_run(tmp_path, capsys, monkeypatch):
    from jdcheck import vision

    monkeypatch.delenv("JDCHECK_VISION", raising=False)
    real = vision.missing
    monkeypatch.setattr(vision, "missing", lambda modules: ["rapidocr", "numpy"] if "numpy" in modules else real(modules))
    folder = groupbuy(tmp_path)
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25")
    assert code == 0 and document["passed"]
    assert [entry["code"] for entry in document["not_run"]] == ["I009", "I010", "P009"]
    assert all('pip install "jdcheck[vision]"' in entry["reason"] for entry in document["not_run"])
    import jsonschema

    from jdcheck.reporters.json import REPORT_SCHEMA

    jsonschema.validate(document, REPORT_SCHEMA)
    assert main(["groupbuy", str(folder), "--today", "2026-11-25", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "jdcheck[vision]" in line] == [
        'Not run: I009, I010, P009 (they look at the pictures; install: pip install "jdcheck[vision]")']
    assert lines[-1].startswith("PASSED")


@pytest.mark.parametrize(("select", "lang", "line"), [
    ("I009,I010,P009", "zh", "jdcheck: error: 所选的检查在这里都无法运行：I009、I010、P009（JDCHECK_VISION=off 关闭了看图检查）"),
    ("P009", "en", "jdcheck: error: none of the selected checks can run here: P009 (picture checks turned off by JDCHECK_VISION=off)"),
])
def test_a_selection_of_checks_that_cannot_run_here_does_not_pass(tmp_path, capsys, select, lang, line):
    """`--select P009` without the extra (or with it switched off) runs nothing: exit 2, never a
    pass, whether or not the folder holds the promotion screenshot P009 would read."""
    folder = groupbuy(tmp_path, files={"促销截图.jpg": None})
    assert main(["groupbuy", str(folder), "--select", select, "--lang", lang]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", [line])
    code, document = _json(capsys, "groupbuy", folder, "--select", select, "--lang", lang)
    assert (code, document["passed"], document["error"]) == (2, False, line.removeprefix("jdcheck: error: "))


def test_a_selection_with_one_check_that_runs_lists_the_others_as_not_run(tmp_path, capsys):
    folder = groupbuy(tmp_path, files={"促销截图.jpg": None})  # P009 would have nothing to read
    code, document = _json(capsys, "groupbuy", folder, "--select", "I001,P009", "--today", "2026-11-25")
    assert (code, document["passed"], [e["code"] for e in document["not_run"]]) == (0, True, ["P009"])


def test_a_batch_where_no_selected_check_can_run_is_exit_2(tmp_path, capsys):
    groupbuy(tmp_path / "drive")
    assert main(["batch", str(tmp_path / "drive"), "--select", "P009", "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"jdcheck: error: no folder under {tmp_path / 'drive'} was checked: none of the selected checks can run here: "
        "P009 (picture checks turned off by JDCHECK_VISION=off)"]


def _modules_after(args: list[str], env_changes: dict[str, str | None]) -> set[str]:
    code = textwrap.dedent(f"""
        import contextlib, io, sys
        from jdcheck.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main({args!r})
            except SystemExit:
                pass
        heavy = ("jdcheck.vision", "numpy", "cv2", "onnxruntime", "rapidocr")
        print(" ".join(sorted(m for m in sys.modules if m.startswith(heavy))))
    """)
    env = {**os.environ}
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return set(done.stdout.decode().split())


def test_no_vision_import_unless_a_picture_check_runs(tmp_path):
    folder = groupbuy(tmp_path)
    on = {"JDCHECK_VISION": None, "JDCHECK_CACHE_DIR": str(tmp_path / "cache")}
    assert _modules_after(["--help"], on) == set()
    assert _modules_after(["groupbuy", str(folder), "--select", "S,L,M104"], on) == set()
    # switched off (or not installed): only the tiny package that says so, nothing heavy
    assert _modules_after(["groupbuy", str(folder)], {"JDCHECK_VISION": "off"}) == {"jdcheck.vision"}


# ── the logo file ────────────────────────────────────────────────────────────────────────────


def test_logo_from_the_nearest_jdcheck_yaml_above(tmp_path, vision, capsys):
    """One logo serves a shop's whole drive: `logo:` in a jdcheck.yaml above the folder, relative to it."""
    drive = tmp_path / "drive"
    (drive / "brand").mkdir(parents=True)
    (drive / "brand" / "logo.png").write_bytes(LOGO.read_bytes())
    (drive / "jdcheck.yaml").write_text("logo: brand/logo.png\n", encoding="utf-8")
    folder = groupbuy(drive, files={A_JPG: picture("slot_logo_tr.jpg"), B_JPG: picture("slot_logo_tl.jpg")})
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25", "--select", "I009", "--lang", "en")
    assert code == 0
    assert _codes(document, "I009") == {("I009", A_JPG, None)}
    assert "top-right" in document["findings"][0]["message"]


@pytest.mark.parametrize(("case", "expected"), [
    ("slot_logo_tl.jpg", set()),
    ("slot_slogan_logo.jpg", set()),
    ("slot_logo_tr.jpg", {("I009", A_JPG, None)}),
    ("slot_plain.jpg", {("I009", A_JPG, None)}),
    ("slot_brand_text.jpg", {("I009", A_JPG, None)}),  # the name in text is not the logo picture
], ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("logo_format", ["png", "jpeg_on_white"])
def test_logo_file_table(tmp_path, vision, case, expected, logo_format):
    """The same verdicts whether the logo file keeps its transparency or was saved on white (a
    JPEG, five times larger): the white around it and its edges blended with white are not the logo."""
    folder = groupbuy(tmp_path, files={A_JPG: picture(case), B_JPG: picture("slot_logo_tl.jpg")})
    logo = LOGO if logo_format == "png" else _logo_on_white(tmp_path / "logo.jpg")
    assert located(check(folder, select=("I009",), logo=logo)) == expected


def _logo_on_white(path: Path, scale: int = 5) -> Path:
    from PIL import Image

    with Image.open(LOGO) as source:
        mark = source.convert("RGBA")
    mark = mark.resize((mark.width * scale, mark.height * scale), Image.LANCZOS)
    sheet = Image.new("RGBA", (mark.width + 40, mark.height + 40), (255, 255, 255, 255))
    sheet.alpha_composite(mark, (20, 20))
    sheet.convert("RGB").save(path, quality=90)
    return path


def test_fix_logo_on_a_white_background_is_found_by_check(tmp_path, vision, capsys):
    """A product on white (a common slot image): the logo `fix --logo` puts top-left (a quarter
    of the width, 3% margin) is found by check, and a second fix adds no second logo."""
    from PIL import Image, ImageDraw

    def white_slot(path):
        image = Image.new("RGB", (440, 293), "white")
        draw = ImageDraw.Draw(image)
        draw.ellipse((150, 70, 320, 260), fill=(120, 70, 40))
        draw.rectangle((200, 200, 380, 250), fill=(60, 40, 30))
        image.save(path, quality=90)

    folder = groupbuy(tmp_path / "in", files={A_JPG: white_slot, B_JPG: white_slot})
    out, again = tmp_path / "out", tmp_path / "again"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out), "--logo", str(LOGO)]) == 0
    assert located(check(out, select=("I009",), logo=LOGO)) == set()
    capsys.readouterr()
    assert main(["fix", "groupbuy", str(out), "--out", str(again), "--logo", str(LOGO), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert f"{A_JPG}: the brand logo is already top-left" in printed
    assert (again / A_JPG).read_bytes() == (out / A_JPG).read_bytes()


def test_logo_matching_needs_no_ocr(tmp_path, vision, monkeypatch):
    from jdcheck.vision import ocr

    monkeypatch.setattr(ocr, "read", lambda path: pytest.fail("OCR used for the logo file"))
    folder = groupbuy(tmp_path, files={A_JPG: picture("slot_logo_tr.jpg"), B_JPG: picture("slot_logo_tl.jpg")})
    assert located(check(folder, select=("I009",), logo=LOGO)) == {("I009", A_JPG, None)}


@pytest.mark.parametrize(("content", "message"), [
    (b"this is not a picture", "logo.png is not a readable image: its content is no picture format (PNG, JPEG, GIF, BMP, WebP); "
                               "save the logo as PNG"),
    (None, "file not found"),
    ("folder", "is a folder: give the logo picture in it"),
])
def test_bad_logo_file_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, vision, content, message):
    folder = groupbuy(tmp_path)
    logo = tmp_path / "logo.png"
    if content == "folder":
        logo.mkdir()
    elif content is not None:
        logo.write_bytes(content)
    code = main(["groupbuy", str(folder), "--logo", str(logo), "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 2 and message in err and "Traceback" not in err + out
    assert "UnidentifiedImageError" not in err
    assert len(err.strip().splitlines()) == 1
    (folder / "jdcheck.yaml").write_text("type: groupbuy\nlogo: logo.png\n", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"GIF89a broken")
    assert main(["check", str(folder)]) == 2
    assert "jdcheck.yaml" in capsys.readouterr().err
    # a logo: that names no file is the config's line, as a missing rules: file is
    (folder / "jdcheck.yaml").write_text("type: groupbuy\nlogo: 没有这个文件.png\n", encoding="utf-8")
    assert main(["check", str(folder), "--lang", "en"]) == 2
    assert f"{folder / 'jdcheck.yaml'}:2: logo: file not found" in capsys.readouterr().err
    assert main(["check", str(folder)]) == 2
    assert f"{folder / 'jdcheck.yaml'}:2: logo：找不到文件" in capsys.readouterr().err
    # Nothing matches a logo when I009 does not run (ignored, or the picture checks off): a
    # copied example folder whose logo stayed behind still checks.
    capsys.readouterr()
    assert main(["check", str(folder), "--ignore", "I009", "--select", "S", "--lang", "en"]) == 0
    monkeypatch.setenv("JDCHECK_VISION", "off")
    assert main(["check", str(folder), "--select", "S", "--lang", "en"]) == 0
    assert capsys.readouterr().err == ""


# ── bad input ────────────────────────────────────────────────────────────────────────────────


def test_corrupt_and_huge_pictures_are_findings_not_crashes(tmp_path, vision):
    folder = groupbuy(tmp_path, files={
        A_JPG: lambda p: truncate(jpeg(p, (440, 293), kb=40), 3_000),
        "促销截图.jpg": lambda p: p.write_bytes(b"\xff\xd8\xff\xe0 not really"),
    })
    report = check(folder, logo=LOGO)
    codes = located(report)
    assert ("I001", A_JPG, None) in codes and ("I001", "促销截图.jpg", None) in codes
    assert not {c for c in codes if c[0] in ("X001",)}
    assert not {c for c in codes if c[1] == A_JPG and c[0] in ("I009", "I010")}


def test_screenshot_with_no_text_is_a_warning(tmp_path, vision):
    folder = groupbuy(tmp_path, files={"促销截图.jpg": picture("slot_plain.jpg")})
    findings = [f for f in check(folder).findings if f.code == "P009"]
    assert [(f.file, f.severity.value) for f in findings] == [("促销截图.jpg", "warning")]


def test_ocr_engine_that_fails_to_load(tmp_path, vision, monkeypatch, capsys):
    import rapidocr

    from jdcheck.vision import ocr

    def broken(*args, **kwargs):
        raise RuntimeError("onnxruntime: illegal instruction")

    monkeypatch.setattr(rapidocr, "RapidOCR", broken)
    monkeypatch.setattr(ocr, "_engine", None)
    monkeypatch.setattr(ocr, "_engine_error", None)
    folder = groupbuy(tmp_path, [gb_row(A, stock=0), gb_row(B)])
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25")
    assert code == 1  # S006 still found
    assert _codes(document, "S006") == {("S006", "团购提报.xlsx", R)}
    assert {e["code"] for e in document["not_run"]} == {"I009", "I010", "P009"}
    assert all("illegal instruction" in e["reason"] for e in document["not_run"])
    assert not _codes(document, "X001")


# ── roles by content ─────────────────────────────────────────────────────────────────────────


def test_screenshot_roles_read_from_content(tmp_path, capsys, vision):
    """A QQ截图 showing promotion settings is the promotion screenshot; the single other
    unknown screenshot is the style screenshot: no M101, and P009 reads the QQ截图."""
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, "促销截图.jpg": None,
                                       "QQ截图20261127103015.jpg": picture("gb_promo_wrong_price.jpg"),
                                       "Snipaste_2026-11-27_10-30-15.jpg": lambda p: jpeg(p, (750, 1000))})
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25")
    assert not _codes(document, "M101")
    assert _codes(document, "P009") == {("P009", "QQ截图20261127103015.jpg", R + 1)}


def test_time_finding_shows_what_was_read_for_that_field(tmp_path, vision):
    """活动时间 2026-12-02 09:30 至 2026-12-04 09:30 against a sheet ending 12-05: the 结束时间
    finding shows the end read, not the start among it."""
    folder = groupbuy(tmp_path, files={"促销截图.jpg": picture("gb_promo_wrong_time.jpg")})
    (finding,) = [f for f in check(folder, select=("P009",)).findings]
    assert (finding.expected, finding.actual) == ("2026-12-05 09:30", "2026-12-04 09:30")


def test_retaken_promotion_screenshot_is_a_second_promotion_screenshot(tmp_path, capsys, vision):
    """The promotion page saved twice (QQ截图… and a Snipaste_… copy) and a WeChat style
    screenshot: both copies are promotion screenshots, P009 reads each, and the single other
    unknown screenshot is the style screenshot (no M101)."""
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, "促销截图.jpg": None,
                                       "QQ截图20261130093015.jpg": picture("gb_promo_wrong_price.jpg"),
                                       "Snipaste_2026-11-30_09-31-00.jpg": picture("gb_promo_wrong_price.jpg"),
                                       "微信截图_20261130093200.jpg": lambda p: jpeg(p, (750, 1000))})
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25")
    assert not _codes(document, "M101")
    assert _codes(document, "P009") == {("P009", "QQ截图20261130093015.jpg", R + 1),
                                        ("P009", "Snipaste_2026-11-30_09-31-00.jpg", R + 1)}


def test_without_the_extra_unknown_screenshots_stay_unknown(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("JDCHECK_VISION", "off")
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, "促销截图.jpg": None,
                                       "QQ截图20261127103015.jpg": picture("gb_promo_wrong_price.jpg")})
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25")
    assert _codes(document, "M101") == {("M101", None, None)}


# ── fix --logo ───────────────────────────────────────────────────────────────────────────────


def test_fix_puts_the_logo_top_left_under_the_byte_limit(tmp_path, vision, capsys):
    from jdcheck.vision.logo import load_logo, locate

    folder = groupbuy(tmp_path / "in", files={A_JPG: picture("slot_plain.jpg"), B_JPG: picture("slot_logo_tl.jpg")})
    before = snapshot(folder)
    out = tmp_path / "out"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out), "--logo", str(LOGO)]) == 0
    printed = capsys.readouterr().out
    assert A_JPG in printed
    assert_untouched(before, folder)
    logo = load_logo(LOGO)
    match = locate(out / A_JPG, logo)
    assert (match.found, match.where) == (True, "top_left")
    assert (out / A_JPG).stat().st_size < 50 * 1000
    assert (out / B_JPG).read_bytes() == (folder / B_JPG).read_bytes()  # the logo was there already
    assert located(check(out, select=("I009", "I002", "I003", "I004"), logo=LOGO)) == set()


def test_fix_without_logo_option_uses_the_logo_of_the_nearest_jdcheck_yaml(tmp_path, vision, capsys):
    """`logo:` in the shop folder's jdcheck.yaml serves check (I009) and fix alike."""
    import shutil

    from jdcheck.vision.logo import load_logo, locate

    shop = tmp_path / "shop"
    folder = groupbuy(shop, files={A_JPG: picture("slot_plain.jpg"), B_JPG: picture("slot_logo_tl.jpg")})
    shutil.copyfile(LOGO, shop / "logo.png")
    (shop / "jdcheck.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out)]) == 0
    assert A_JPG in capsys.readouterr().out
    match = locate(out / A_JPG, load_logo(LOGO))
    assert (match.found, match.where) == (True, "top_left")


def test_fix_logo_not_an_image_is_exit_2(tmp_path, capsys):
    folder = groupbuy(tmp_path / "in")
    bad = tmp_path / "logo.png"
    bad.write_text("<svg/>", encoding="utf-8")
    assert main(["fix", "groupbuy", str(folder), "--out", str(tmp_path / "out"), "--logo", str(bad)]) == 2
    assert not (tmp_path / "out").exists()


# ── reading OCR text back ────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("text", "expected"), [
    ("活动时间：2026-11-13 09:30:00 至 2026-11-14 23:59:59", ["2026-11-13 09:30", "2026-11-14 23:59"]),
    ("活动时间2026-11-1309:30:00至2026-11-1423:59:59", ["2026-11-13 09:30", "2026-11-14 23:59"]),  # spaces dropped
    ("２０２６／１２／０２　０９：３０", ["2026-12-02 09:30"]),  # full-width
    ("2026年12月2日 9:30", ["2026-12-02 09:30"]),
    ("2026.12.02 09.30", ["2026-12-02 09:30"]),
    ("SKU 100012043978", []),
    # one time with its space kept, one run together: still in the order of the text
    ("2026-12-0109:30:00至2026-12-04 09:30:00", ["2026-12-01 09:30", "2026-12-04 09:30"]),
    # the day not padded, the hour padded, run together: shown as the 2nd at 10:00, not the 21st at 0:00
    ("2026/12/210:00至2026/12/823:59", ["2026-12-02 10:00", "2026-12-08 23:59"]),
])
def test_times_read_back(text, expected):
    from jdcheck.vision.readback import datetimes

    assert [f"{t.shown:%Y-%m-%d %H:%M}" for t in datetimes(text)] == expected


def test_a_date_without_its_year_is_this_years_or_the_next():
    """活动时间：12月1日 10:00 至 12月7日 23:59 was "no time read" (a warning), so a wrong date in
    that form passed (newcomer round 10)."""
    from jdcheck.vision.readback import datetimes

    this_year = dt.date.today().year
    start, end = datetimes("活动时间：12月1日10:00至12月7日 23:59")
    assert start.candidates == (dt.datetime(this_year, 12, 1, 10, 0), dt.datetime(this_year + 1, 12, 1, 10, 0))
    assert end.shown == dt.datetime(this_year, 12, 7, 23, 59)
    assert [t.shown for t in datetimes("2026年12月2日 09:30")] == [dt.datetime(2026, 12, 2, 9, 30)]  # a year given wins


def test_ambiguous_run_together_time_keeps_both_readings():
    from jdcheck.vision.readback import datetimes

    (read,) = datetimes("2026/12/119:30")  # 12/11 9:30 or 12/1 19:30
    assert set(read.candidates) == {dt.datetime(2026, 12, 11, 9, 30), dt.datetime(2026, 12, 1, 19, 30)}


@pytest.mark.parametrize(("text", "expected"), [
    ("促销价：¥199.00", [("199.00", "promo")]),
    ("促销价￥199,00", [("199.00", "promo")]),  # "." read as ","
    ("京东价 Y299.00 促销价 V199", [("299.00", "list"), ("199", "promo")]),  # ¥ read as Y / V
    ("团购价 1,299.00", [("1299.00", "promo")]),
    ("SKU100012043978京东价¥299.00促销价¥199.00", [("299.00", "list"), ("199.00", "promo")]),
    ("199元", [("199", None)]),
    ("库存 1000", []),
])
def test_prices_read_back(text, expected):
    from jdcheck.vision.readback import prices

    assert [(str(p.value), p.kind) for p in prices(text)] == [(v, k) for v, k in expected]


@pytest.mark.parametrize(("page", "expected"), [
    # set up three days late: the sheet's end is the page's start, which is no match for the end
    (["活动时间", "2026-12-05 09:30 至 2026-12-08 09:30"], {"开团时间": "2026-12-05 09:30", "结束时间": "2026-12-08 09:30"}),
    (["开始时间：2026-12-02 09:30", "结束时间：2026-12-05 09:30"], {}),
    # an odd count (a creation time too): every time read counts for either field
    (["创建时间 2026-11-20 10:00", "2026-12-02 09:30 至 2026-12-05 09:30"], {}),
])
def test_each_time_is_compared_with_the_times_read_for_it(tmp_path, vision, monkeypatch, page, expected):
    from jdcheck.checks import pictures
    from jdcheck.vision.ocr import Line, Reading

    page = [*page, "促销价：¥299.00"]  # the row's 团购价: only times differ
    lines = tuple(Line(text, 0.99, (40, 40 + 30 * n, 600, 60 + 30 * n)) for n, text in enumerate(page))
    monkeypatch.setattr(pictures, "read_picture", lambda material: Reading(1280, 720, lines))
    folder = groupbuy(tmp_path, [gb_row(A)], files={B_JPG: None, "促销截图.jpg": lambda p: jpeg(p, (1280, 720))})
    findings = [f for f in check(folder, select=("P009",)).findings]
    assert {f.column: f.actual for f in findings} == expected
    assert all((f.file, f.row) == ("促销截图.jpg", R) for f in findings)


def test_sku_table_price_is_the_promotion_column():
    """A 京东价 column beside the 促销价: each SKU's promotion price is read from its own column."""
    from jdcheck.vision.ocr import Line, Reading
    from jdcheck.vision.readback import promo_reading

    lines = (Line("SKU编码", 0.99, (40, 100, 110, 116)), Line("京东价", 0.99, (560, 100, 610, 116)),
             Line("促销价", 0.99, (720, 100, 770, 116)),
             Line(A, 0.99, (40, 140, 160, 156)), Line("¥399.00", 0.99, (560, 140, 620, 156)),
             Line("¥299.00", 0.99, (720, 140, 780, 156)),
             Line(B, 0.99, (40, 180, 160, 196)), Line("¥459.00", 0.99, (560, 180, 620, 196)),
             Line("¥309.00", 0.99, (720, 180, 780, 196)))
    shown = promo_reading(Reading(1000, 560, lines))
    assert shown.by_sku == {A: [Decimal("299.00")], B: [Decimal("309.00")]}


@pytest.mark.parametrize("code", ["I009", "I010", "P009"])
def test_explain(capsys, code):
    assert main(["explain", code, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(code) and "jdcheck[vision]" in out


@pytest.mark.parametrize("type_name", ["groupbuy", "homepage", "platform", "channel"])
def test_ok_examples_pass_with_the_pictures_seen(capsys, vision, type_name):
    """The bundled -ok examples have the logo top-left (examples/红蜻蜓-logo.png via `logo:`) and a
    promotion page showing the sheet's times and prices: no finding with the extra either."""
    code, document = _json(capsys, "check", ROOT / "examples" / f"{type_name}-ok")
    assert (code, document["findings"], document["not_run"]) == (0, [], [])


@pytest.mark.parametrize("name", ["invalid-exif.jpg", "hopper_orientation_6.jpg", "pil_sample_cmyk.jpg", "p_trns_single.png",
                                  "tRNS_null_1x1.png", "frozenpond.mpo", "hopper_bad_exif.jpg"])
def test_pictures_from_other_programs_never_crash_a_picture_check(tmp_path, vision, corpus, name):
    """Real files with broken EXIF (Pillow raises SyntaxError reading it), CMYK, palettes with
    transparency, a 1×1 picture, an MPO: each as a slot image and as the promotion screenshot."""
    source = corpus / "images" / name
    if not source.is_file():
        pytest.skip(f"{name} not in the corpus")
    data = source.read_bytes()
    folder = groupbuy(tmp_path, files={A_JPG: lambda p: p.write_bytes(data), "促销截图.jpg": lambda p: p.write_bytes(data)})
    report = check(folder, logo=LOGO)
    assert not [f for f in report.findings if f.code == "X001"], [f.message for f in report.findings if f.code == "X001"]


def test_junit_and_batch_say_what_did_not_run(tmp_path, capsys, monkeypatch):
    """A CI dashboard sees the picture checks as skipped test cases; a batch prints the line once."""
    import xml.etree.ElementTree as ET

    monkeypatch.setenv("JDCHECK_VISION", "off")
    folder = groupbuy(tmp_path / "drive")
    groupbuy(tmp_path / "drive2")
    assert main(["groupbuy", str(folder), "--format", "junit", "--today", "2026-11-25"]) == 0
    root = ET.fromstring(capsys.readouterr().out)
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    skipped = sorted(case.get("name") for case in suite.iter("testcase") if case.find("skipped") is not None)
    assert (skipped, suite.get("skipped")) == (["I009", "I010", "P009"], "3")
    (tmp_path / "root").mkdir()
    for n, source in enumerate((tmp_path / "drive", tmp_path / "drive2")):
        (source / folder.name).rename(tmp_path / "root" / f"团购-{n}")
    main(["batch", str(tmp_path / "root"), "--today", "2026-11-25", "--lang", "en"])
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("Not run")] == [
        "Not run: I009, I010, P009 (picture checks turned off by JDCHECK_VISION=off)"]
    # the HTML page says it in its banner, as the console does above its summary
    assert main(["groupbuy", str(tmp_path / "root" / "团购-0"), "--format", "html", "--lang", "en",
                 "--today", "2026-11-25"]) == 0
    page = capsys.readouterr().out
    assert '<p class="not-run">Not run: I009, I010, P009 (picture checks turned off by JDCHECK_VISION=off)</p>' in page


def test_unwritable_cache_only_costs_time(tmp_path, vision, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("JDCHECK_CACHE_DIR", str(blocker))
    folder = groupbuy(tmp_path, files={"促销截图.jpg": picture("gb_promo_wrong_price.jpg")})
    assert located(check(folder, select=("P009",))) == {("P009", "促销截图.jpg", R + 1)}


def test_browser_rendered_screenshot_named_by_qq(tmp_path, vision, capsys):
    """A promotion page as Chromium renders it (tests/vision_fixtures/chromium_promo.html), saved
    under a QQ name: its role is read from its content, the times match, and SKU B's 促销价 309 is
    read from its own row beside a 京东价 column."""
    folder = groupbuy(tmp_path, files={"促销截图.jpg": None,
                                       "QQ截图20261201093015.png": picture("chromium_promo.png")})
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25", "--lang", "en")
    assert _codes(document, "P009", "M101") == {("P009", "QQ截图20261201093015.png", R + 1)}
    (finding,) = [f for f in document["findings"] if f["code"] == "P009"]
    assert (finding["expected"], finding["actual"]) == ("299", "309")


def test_logo_file_with_nothing_to_match_is_exit_2(tmp_path, capsys, vision):
    from PIL import Image

    folder = groupbuy(tmp_path)
    logo = tmp_path / "透明.png"
    Image.new("RGBA", (120, 60), (0, 0, 0, 0)).save(logo)
    assert main(["groupbuy", str(folder), "--logo", str(logo), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "fully transparent" in err and len(err.strip().splitlines()) == 1


def test_recheck_from_the_cache_imports_nothing_heavy(tmp_path, vision):
    """After one check, re-checking the unchanged pictures (logo file from jdcheck.yaml) loads
    neither the OCR engine nor numpy: what was seen comes from the cache."""
    folder = ROOT / "examples" / "groupbuy-ok"
    env = {"JDCHECK_VISION": None, "JDCHECK_CACHE_DIR": str(vision)}
    first = _modules_after(["check", str(folder)], env)
    assert {"numpy", "rapidocr", "onnxruntime"} <= first
    assert _modules_after(["check", str(folder)], env) == {"jdcheck.vision", "jdcheck.vision.logo",
                                                           "jdcheck.vision.ocr", "jdcheck.vision.readback"}


def test_logo_file_without_numpy_is_not_run(tmp_path, capsys, monkeypatch):
    from jdcheck import vision

    monkeypatch.delenv("JDCHECK_VISION", raising=False)
    monkeypatch.setattr(vision, "missing", lambda modules: ["numpy"])
    folder = groupbuy(tmp_path)
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25", "--logo", LOGO)
    assert code == 0 and not _codes(document, "I009", "I010", "P009")
    assert [(e["code"], "numpy" in e["reason"] or "jdcheck[vision]" in e["reason"]) for e in document["not_run"]] == [
        ("I009", True), ("I010", True), ("P009", True)]


@pytest.mark.parametrize(("brand", "expected"), [
    ("红蜻蜓", set()),
    ("红蜻蜓（RED DRAGONFLY）", set()),  # the logo shows one of the brand's names
    ("RED DRAGONFLY/红蜻蜓", set()),
    ("百丽（BELLE）", {("I009", A_JPG, None)}),
])
def test_brand_name_read_top_left_without_a_logo_file(tmp_path, vision, brand, expected):
    """Without a logo file, any one name of the sheet's 品牌 read in the corner counts."""
    folder = groupbuy(tmp_path, [gb_row(A, brand=brand)], files={A_JPG: picture("slot_brand_text.jpg"), B_JPG: None})
    assert located(check(folder, select=("I009",))) == expected


def test_bare_prices_in_input_boxes_are_read(tmp_path, vision):
    """A promotion edit page rendered by Chromium: 促销价 in input boxes without ¥, 元 after each
    box; SKU B's 309.00 against the sheet's 349 is an error (it passed as "no price read")."""
    folder = groupbuy(tmp_path, [gb_row(A), gb_row(B, group_price=349)],
                      files={"促销截图.jpg": None, "促销截图.png": picture("chromium_promo_input_boxes.png")})
    findings = [(f.row, f.expected, f.actual) for f in check(folder, select=("P009",)).findings]
    assert findings == [(R + 1, "349", "309")]


def test_product_page_mentioning_a_promotion_is_the_style_screenshot(tmp_path, vision, capsys):
    """A JD product page (Chromium) whose 促销 row says 满减 每满299元减30元, saved by WeChat, beside
    the promotion page saved by QQ: the product page is the style screenshot (no M101), and P009
    reads the promotion page only."""
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, "促销截图.jpg": None,
                                       "QQ截图20261201093015.png": picture("chromium_promo.png"),
                                       "微信截图_20261201093102.png": picture("chromium_item_page.png")})
    code, document = _json(capsys, "groupbuy", folder, "--today", "2026-11-25", "--select", "P009,M101")
    assert _codes(document, "P009", "M101") == {("P009", "QQ截图20261201093015.png", R + 1)}


def test_a_score_of_nothing_prints_as_zero(tmp_path, vision):
    """Another brand's logo of the same shape in other colours scores nothing (its colour factor
    is 0, its correlation negative): the message says match 0.00, never -0.00."""
    other = Path(__file__).resolve().parent / "vision_fixtures" / "dev" / "100012040003.jpg"  # manifest: other_tl
    folder = groupbuy(tmp_path, files={A_JPG: lambda p: p.write_bytes(other.read_bytes()), B_JPG: picture("slot_logo_tl.jpg")})
    (finding,) = [f for f in check(folder, select=("I009",), logo=LOGO).findings]
    assert finding.file == A_JPG and "-0.00" not in finding.message + (finding.actual or "")


def test_fix_adds_no_second_logo_where_the_logo_is_elsewhere(tmp_path, vision, capsys):
    """The logo top-right: fix --logo says so and leaves the picture as it was (a second logo top-left
    would not make it right); a picture without the logo gets it."""
    folder = groupbuy(tmp_path / "in", files={A_JPG: picture("slot_logo_tr.jpg"), B_JPG: picture("slot_plain.jpg")})
    out = tmp_path / "out"
    assert main(["fix", "groupbuy", str(folder), "--out", str(out), "--logo", str(LOGO), "--lang", "en"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert f"{A_JPG}: the brand logo is top-right; no second one added: move it to the top-left" in printed
    assert any(line.startswith(f"{B_JPG}: brand logo put top-left") for line in printed)
    assert (out / A_JPG).read_bytes() == (folder / A_JPG).read_bytes()
