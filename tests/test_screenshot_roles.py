"""Screenshot roles by file name (SPEC §2): the names screenshot tools give by default are
screenshots whose role is unknown, never slot images; M101/M106 name them and say how to name
the right one; a RoleReader (the vision extra) can give them their role before the checks run."""

from __future__ import annotations

import datetime as dt

import pytest

from jdcheck.engine import Options, run
from jdcheck.materials import classify
from jdcheck.rulefile import load_rules
from tests.folders import FIRST_DATA_ROW as R, SHEET, SKUS, TODAY, check, gb_row, groupbuy, located
from tests.image_builders import jpeg, png
from tests.type_folders import channel, platform

TOOL_NAMES = [
    "QQ截图20261127103015.png",
    "微信截图_20261127103102.png",
    "屏幕截图 2026-11-27 103015.png",
    "Screenshot 2026-11-27 103015.png",
    "Screen Shot 2026-11-27 at 10.30.15.png",
    "Snipaste_2026-11-27_10-30-15.png",
    "截屏2026-11-27 10.30.15.png",
    "屏幕快照 2026-11-27 上午10.30.15.png",
    "Screenshot_20261127-103015.png",
    "截图1.jpg",
]


@pytest.mark.parametrize(("name", "role"), [
    *[(name, "screenshot") for name in TOOL_NAMES],
    ("款式截图.jpg", "style_screenshot"),
    ("QQ截图_款式.png", "style_screenshot"),
    ("style.png", "style_screenshot"),
    ("促销截图.jpg", "promo_screenshot"),
    ("活动设置.png", "promo_screenshot"),
    ("Snipaste_promo.png", "promo_screenshot"),
    ("100012043978.jpg", "slot_image"),
    ("团购图1.jpg", "slot_image"),
])
def test_role_by_name(tmp_path, name, role):
    assert classify(tmp_path / name, name, load_rules("groupbuy")).role == role


def _screenshot(path):
    """A screenshot in the format its name says: tools write PNG, a .jpg was converted."""
    return png(path, (750, 1000)) if path.suffix == ".png" else jpeg(path, (750, 1000))


@pytest.mark.parametrize("name", TOOL_NAMES)
def test_tool_named_style_screenshot_is_named_by_m101_and_is_no_slot_image(tmp_path, name):
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, name: _screenshot})
    report = check(folder, lang="en")
    assert located(report) == {("M101", None, None)}, [f"{f.code} {f.file} {f.message}" for f in report.findings]
    (finding,) = report.findings
    assert finding.actual == name and name in finding.message and "款式" in finding.fix


def test_m101_lists_every_unknown_screenshot(tmp_path):
    names = ["QQ截图20261127103015.png", "Snipaste_2026-11-27_10-30-15.png"]
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, **{n: _screenshot for n in names}})
    (finding,) = check(folder).findings
    assert finding.code == "M101" and finding.actual == ", ".join(names)
    assert all(n in finding.message for n in names) and "款式截图.png" in finding.fix


def test_m101_without_any_screenshot_keeps_the_plain_message(tmp_path):
    (finding,) = check(groupbuy(tmp_path, files={"款式截图.jpg": None}), lang="en").findings
    assert finding.code == "M101" and finding.actual is None and finding.message == "No style screenshot in the folder."


def test_m106_names_the_unknown_screenshots(tmp_path):
    soon = dt.datetime(2026, 11, 26, 9, 30)
    rows = [gb_row(SKUS[0], start=soon), gb_row(SKUS[1], start=soon, title="红蜻蜓 牛皮系带 马丁靴 RQT-2315")]
    folder = groupbuy(tmp_path, rows, files={"促销截图.jpg": None, "微信截图_20261127103102.png": _screenshot})
    report = check(folder)
    assert located(report, "M106") == {("M106", SHEET, R)}
    (finding,) = [f for f in report.findings if f.code == "M106"]
    assert "微信截图_20261127103102.png" in finding.message and "促销" in finding.fix


def test_platform_screenshot_is_not_a_slot_image(tmp_path):
    """Before: Snipaste_….png in a platform folder was a slot image (I002 800×800, M104, M105)."""
    folder = platform(tmp_path, files={"Snipaste_2026-11-27_10-30-15.png": _screenshot})
    assert check(folder, "platform").findings == []


def test_channel_takes_a_tool_named_screenshot(tmp_path):
    folder = channel(tmp_path, files={"活动截图.jpg": None, "截屏2026-11-27 10.30.15.png": _screenshot})
    assert located(check(folder, "channel"), "M101") == set()


def test_role_reader_gives_unknown_screenshots_their_role_before_checks(tmp_path):
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, "促销截图.jpg": None,
                                       "QQ截图20261127103015.png": _screenshot, "QQ截图20261127103100.png": _screenshot})
    seen = []

    def reader(submission, unknown):
        seen.append([m.rel for m in unknown])
        # a reader may answer for files it was not asked about or with roles the type lacks: ignored
        return {"QQ截图20261127103015.png": "style_screenshot", "QQ截图20261127103100.png": "slot_image",
                "nothing.png": "promo_screenshot"}

    report = run(load_rules("groupbuy"), folder, Options(today=TODAY, role_readers=(reader,)))
    assert seen == [["QQ截图20261127103015.png", "QQ截图20261127103100.png"]]
    assert located(report) == set()


@pytest.mark.parametrize("name", ["屏幕截图 2026-11-27 103015.png", "Snipaste_2026-11-27_10-30-15_100099.png"])
def test_style_screenshot_read_from_content_names_no_sku(tmp_path, name):
    """Its digits are the tool's time, not a SKU: it serves every row, no M105 (materials.pictures_of_row)."""
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, name: _screenshot})
    report = run(load_rules("groupbuy"), folder,
                 Options(today=TODAY, role_readers=(lambda submission, unknown: {name: "style_screenshot"},)))
    assert located(report) == set()


def test_second_reader_sees_only_what_the_first_left(tmp_path):
    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, "QQ截图1.png": _screenshot, "QQ截图2.png": _screenshot})
    asked = []

    def first(submission, unknown):
        return {"QQ截图1.png": "promo_screenshot"}

    def second(submission, unknown):
        asked.append([m.rel for m in unknown])
        return {}

    report = run(load_rules("groupbuy"), folder, Options(today=TODAY, role_readers=(first, second)))
    assert asked == [["QQ截图2.png"]]
    (finding,) = report.findings
    assert finding.code == "M101" and finding.actual == "QQ截图2.png"


def test_cli_json_names_the_unknown_screenshot(tmp_path, capsys):
    import json

    from jdcheck.cli import main

    folder = groupbuy(tmp_path, files={"款式截图.jpg": None, "微信截图_20261127103102.png": _screenshot})
    code = main(["groupbuy", str(folder), "--today", "2026-11-25", "--format", "json", "--lang", "en"])
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert (finding["code"], finding["file"], finding["actual"]) == ("M101", None, "微信截图_20261127103102.png")
    assert "款式截图.png" in finding["fix"]
