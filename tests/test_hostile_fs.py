"""The filesystem of a shared drive: links out of the folder, loops, pipes, unreadable files,
names in another code page, files vanishing mid-scan, deep and wide trees."""

from __future__ import annotations

import os
import pathlib
import shutil
import sys

import pytest

from jdcheck import engine
from tests.folders import SHEET, SKUS, groupbuy
from tests.hostile import assert_untouched, cli, snapshot

SLOT = f"{SKUS[0]}.jpg"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, pipes and byte names")


def run(folder):
    before = snapshot(folder)
    result = cli("groupbuy", folder, "--format", "json", "--lang", "en", "--today", "2026-11-25")
    assert_untouched(before, folder)
    return result


def located(result) -> set[tuple[str, str | None]]:
    return {(f["code"], f["file"]) for f in result.document["findings"]}


def messages(result, file: str) -> list[str]:
    return [f"{f['code']} {f['message']}" for f in result.document["findings"] if f["file"] == file]


@posix_only
def test_links_out_of_the_folder_are_not_followed_and_are_reported(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("SKU编码,商品名称\n1,2\n", encoding="utf-8")
    folder = groupbuy(tmp_path / "in")
    os.symlink(outside / "secret.csv", folder / "另一个提报.csv")
    os.symlink(outside, folder / "资料")
    os.symlink("/etc/passwd", folder / f"{SKUS[1]}_x.jpg")
    os.symlink(folder / "no-such-file.jpg", folder / "dangling.jpg")
    result = run(folder)
    for name in ("另一个提报.csv", "资料", f"{SKUS[1]}_x.jpg", "dangling.jpg"):
        assert messages(result, name) == ["M103 A link pointing outside the folder (or nowhere): not followed, not checked."]
    assert "secret" not in result.out and "root:" not in result.out
    assert not {("M102", SHEET)} & located(result)  # the linked CSV is no second spreadsheet


@posix_only
def test_link_loops_end(tmp_path):
    folder = groupbuy(tmp_path)
    os.symlink("loop.jpg", folder / "loop.jpg")  # a link to itself
    os.symlink("b.jpg", folder / "a.jpg")
    os.symlink("a.jpg", folder / "b.jpg")
    os.symlink(".", folder / "self")  # back to the folder itself
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")
    result = run(folder)
    for name in ("loop.jpg", "a.jpg", "b.jpg"):
        assert messages(result, name) == ["M103 A link pointing outside the folder (or nowhere): not followed, not checked."]
    assert not [f for f in result.document["findings"] if (f["file"] or "").startswith(("self/", "sub/up/"))]


@posix_only
def test_a_named_pipe_is_not_opened(tmp_path):
    """A FIFO named like a spreadsheet would block the first read forever."""
    folder = groupbuy(tmp_path, sheet=None)
    os.mkfifo(folder / "团购提报.csv")
    result = run(folder)
    assert messages(result, "团购提报.csv") == ["M103 Not a regular file (a pipe, device or socket): not read, not checked."]
    assert ("M101", None) in located(result)  # so there is no spreadsheet


def _deny(monkeypatch, *denied: pathlib.Path) -> None:
    """Permission denied on these paths, as a shared drive answers for a file locked by its owner.
    (Root reads every file, so chmod alone cannot make one unreadable when tests run as root.)"""
    names = {str(p) for p in denied}
    real_open, real_scandir = pathlib.Path.open, os.scandir

    def open_(self, *args, **kwargs):
        if str(self) in names:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    def scandir(path="."):
        if str(path) in names:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(pathlib.Path, "open", open_)
    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_files_and_folders_are_findings(tmp_path, monkeypatch):
    folder = groupbuy(tmp_path)
    (folder / "更多图片").mkdir()
    (folder / "更多图片" / f"{SKUS[1]}_2.jpg").write_bytes(b"x")
    _deny(monkeypatch, folder / SHEET, folder / SLOT, folder / "更多图片")
    result = run(folder)
    assert [m.split(":")[0] for m in messages(result, SHEET)] == ["S001 The spreadsheet cannot be read"]
    assert "Permission denied" in messages(result, SHEET)[0]
    assert [m.split(":")[0] for m in messages(result, SLOT)] == ["I001 The image cannot be read"]
    assert messages(result, "更多图片") == ["M103 This cannot be read (permission denied?): not checked."]
    # nothing is wrong with the files: the fix is the permission, not "export it again"
    for file in (SHEET, SLOT):
        (finding,) = [f for f in result.document["findings"] if f["file"] == file]
        assert finding["actual"] == "cannot be read (permission or I/O error)"
        assert finding["fix"].startswith("Let the account running jdcheck read the file")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_files_by_mode(tmp_path):
    folder = groupbuy(tmp_path)
    (folder / SHEET).chmod(0)
    (folder / SLOT).chmod(0)
    try:
        result = run(folder)
    finally:
        (folder / SHEET).chmod(0o644)
        (folder / SLOT).chmod(0o644)
    assert {("S001", SHEET), ("I001", SLOT)} <= located(result)


@posix_only
def test_file_names_that_are_not_utf8(tmp_path):
    """GBK bytes in a name (a ZIP unpacked on Linux without the right code page)."""
    folder = groupbuy(tmp_path)
    raw = os.fsencode(folder) + b"/" + "说明".encode("gbk") + b".docx"
    with open(raw, "wb") as fh:
        fh.write(b"x")
    image = os.fsencode(folder) + b"/" + SKUS[1].encode() + b"_" + "主图".encode("gbk") + b".jpg"
    shutil.copyfile(folder / SLOT, image)
    result = run(folder)
    files = {f["file"] for f in result.document["findings"]}
    assert any(name.endswith(".docx") and "\ufffd" in name for name in files)
    result.out.encode("utf-8")  # strict: no lone surrogates reach the output
    assert "\\udc" not in result.out


def test_file_deleted_during_the_scan(tmp_path, monkeypatch):
    folder = groupbuy(tmp_path)
    real_scan = engine.scan

    def scan_then_delete(path, rules, *args):
        submission = real_scan(path, rules, *args)
        (folder / SHEET).unlink()
        (folder / SLOT).unlink()
        return submission

    monkeypatch.setattr(engine, "scan", scan_then_delete)
    result = cli("groupbuy", folder, "--format", "json", "--lang", "en")
    assert "No such file" in messages(result, SHEET)[0] and messages(result, SHEET)[0].startswith("S001")
    assert messages(result, SLOT)[0].startswith("I001") and "No such file" in messages(result, SLOT)[0]


def test_deep_trees_are_bounded(tmp_path):
    folder = groupbuy(tmp_path)
    deep = folder
    for level in range(60):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "x.jpg").write_bytes(b"x")
    result = run(folder)
    too_deep = [f for f in result.document["findings"] if "nested too deep" in f["message"]]
    assert len(too_deep) == 1 and too_deep[0]["file"].count("/") == 7  # max_depth 8


def test_wide_folders_are_bounded(tmp_path):
    folder = groupbuy(tmp_path)
    many = folder / "批量"
    many.mkdir()
    for index in range(5100):
        (many / f"{index:05d}.txt").touch()
    result = run(folder)
    # The walk stops at 5,000 files (rule file folder.max_files) and says where, once per folder
    # level it leaves unfinished: the files after the cut-off are not checked.
    cut = [f["file"] for f in result.document["findings"] if "Too many files" in f["message"]]
    assert cut == ["批量/04996.txt", "款式截图.jpg"]
    assert result.seconds < 10


@posix_only
@pytest.mark.parametrize("fmt", ["json", "junit", "rich"])
def test_folder_path_that_is_not_utf8(tmp_path, fmt):
    """The folder argument itself in GBK bytes: every output format still writes it."""
    source = groupbuy(tmp_path / "src")
    raw = os.fsencode(tmp_path) + b"/" + "团购".encode("gbk")
    shutil.copytree(source, os.fsdecode(raw))
    folder = os.fsdecode(raw)
    before = snapshot(pathlib.Path(folder))
    result = cli("groupbuy", folder, "--format", fmt, "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert_untouched(before, pathlib.Path(folder))
    result.out.encode("utf-8")


@posix_only
@pytest.mark.parametrize("fmt", ["json", "junit", "rich"])
def test_control_characters_in_file_names(tmp_path, fmt):
    """A name with a control character, a newline and a tab still gives a parseable report."""
    from xml.etree import ElementTree as ET

    folder = groupbuy(tmp_path)
    (folder / "a\x01b\nc\td.docx").write_bytes(b"x")
    (folder / "\x1b[31m红.jpg").write_bytes(b"\xff\xd8broken")
    result = run(folder) if fmt == "json" else cli("groupbuy", folder, "--format", fmt, "--today", "2026-11-25")
    if fmt == "junit":
        ET.fromstring(result.out.split("\n", 1)[1])
    assert result.code == 1
