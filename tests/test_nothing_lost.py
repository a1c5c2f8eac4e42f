"""Nothing lost: jdcheck never changes, adds or removes anything in the folder it checks, in any
output format, from inside the folder or outside it, for broken and hostile files alike.

`tests.hostile.snapshot` / `assert_untouched` are the reusable pieces: the fix, annotate and batch
commands' tests hash their input folders the same way (and assert their outputs land outside).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests import bombs
from tests.folders import SKUS, groupbuy
from tests.hostile import ROOT, assert_untouched, cli, snapshot


@pytest.fixture
def mixed_folder(tmp_path, corpus):
    """A submission holding every kind of material, readable and broken, plus a read-only file."""
    files = {
        "links.txt": "店铺: https://mall.jd.com/index-1000001.html\n",
        "店铺.url": "[InternetShortcut]\nURL=https://mall.jd.com/index-1000001.html\n",
        f"{SKUS[1]}_broken.jpg": (corpus / "images/truncated_jpeg.jpg").read_bytes(),
        "加密.xlsx": (corpus / "sheets/qax-os+excelize/test/encryptAES.xlsx").read_bytes(),
        "邮件.eml": b"From: a@b.c\r\nSubject: x\r\n\r\nbody",
        "店铺装修.html": b"<a href='https://item.jd.com/1.html'>x</a>",
        "空.csv": b"",
        "子目录/说明.docx": b"PK\x03\x04garbage",
        "bomb.xlsx": lambda p: bombs.xlsx_far_corner(p),
    }
    folder = groupbuy(tmp_path, files=files)
    (folder / "links.txt").chmod(0o444)
    return folder


@pytest.mark.parametrize("fmt", ["rich", "json", "junit"])
def test_check_leaves_the_folder_untouched(mixed_folder, fmt):
    before = snapshot(mixed_folder)
    for lang in ("zh", "en"):
        cli("groupbuy", mixed_folder, "--format", fmt, "--lang", lang, "--strict")
    assert_untouched(before, mixed_folder)


def test_fix_annotate_and_batch_leave_the_folder_untouched(mixed_folder, tmp_path):
    """The writing commands on the same hostile folder: every input byte kept, outputs only where
    the user said, and an existing output not overwritten without --force."""
    before = snapshot(mixed_folder)
    fixed, annotated, report = tmp_path / "修正后", tmp_path / "批注", tmp_path / "batch.json"
    assert cli("fix", "groupbuy", mixed_folder, "--out", fixed).code in (0, 1)
    assert cli("groupbuy", mixed_folder, "--annotate", annotated, "--format", "json").code == 1
    assert cli("batch", mixed_folder.parent, "--report", report, "--format", "json", "-j", "1").code == 1
    assert_untouched(before, mixed_folder)
    assert fixed.is_dir() and report.is_file() and any(annotated.iterdir())
    outputs = {out: snapshot(out) for out in (fixed, annotated)}
    outputs[report] = report.read_bytes()
    assert cli("fix", "groupbuy", mixed_folder, "--out", fixed).code == 2
    assert cli("groupbuy", mixed_folder, "--annotate", annotated, "--format", "json").code == 2
    assert cli("batch", mixed_folder.parent, "--report", report, "-j", "1").code == 2
    assert {out: snapshot(out) for out in (fixed, annotated)} | {report: report.read_bytes()} == outputs
    assert_untouched(before, mixed_folder)


def test_run_from_inside_the_folder_writes_nothing_there(mixed_folder):
    """`cd folder && jdcheck groupbuy .`: no cache, bytecode or log file appears in it."""
    before = snapshot(mixed_folder)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for args in (["groupbuy", ".", "--format", "json"], ["groupbuy", "."], ["check", ".", "--type", "groupbuy"],
                 ["explain", "I002"], ["schema"], ["groupbuy", ".", "--debug"]):
        proc = subprocess.run([sys.executable, "-m", "jdcheck", *args], cwd=mixed_folder, env=env,
                              capture_output=True, timeout=60)
        assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert_untouched(before, mixed_folder)


def test_snapshot_sees_every_kind_of_change(tmp_path):
    """The helper itself: content, mode, an added file, a removed file, a retargeted link."""
    folder = groupbuy(tmp_path)
    (folder / "a.txt").write_text("a")
    os.symlink("a.txt", folder / "link")
    changes = [
        lambda: (folder / "a.txt").write_text("b"),
        lambda: (folder / "a.txt").chmod(0o600),
        lambda: (folder / "new.txt").touch(),
        lambda: (folder / "a.txt").unlink(),
        lambda: ((folder / "link").unlink(), os.symlink("b.txt", folder / "link")),
        lambda: (folder / "sub").mkdir(),
    ]
    for change in changes:
        before = snapshot(folder)
        change()
        with pytest.raises(AssertionError):
            assert_untouched(before, folder)
