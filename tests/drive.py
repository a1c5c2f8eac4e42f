"""A generated shared drive for `jdcheck batch`: hundreds of tiny submission folders of every kind.

`shared_drive(root)` writes the drive and returns what each folder must come out as: checked
folders with their verdict and error codes, and the folders that must be listed as skipped. Each
kind of folder is built once and copied, so 200 folders take well under a second to write. Also
used by benchmarks/batch_speed.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.folders import SKUS, gb_row, groupbuy
from tests.image_builders import jpeg

SCREENSHOT = (60, 80)  # role by name, size unchecked: tiny keeps the drive small and fast


@dataclass(frozen=True)
class Expect:
    passed: bool
    errors: frozenset[str] = frozenset()  # codes with an error finding
    reason: str | None = None  # a text the X002 message contains


PASS = Expect(True)

# How operators name a group-buy folder ({} is the shop and number): batch must find every one.
OPERATOR_NAMES = ("团购-{}-1201", "【团购】{}-1201", "1201团购-{}", " 团购-{}", "ＧＲＯＵＰＢＵＹ-{}", "Group-buy {}")


def _tiny_groupbuy(root: Path, rows=None, files=None, sheet: str = "团购提报.csv") -> Path:
    extra = {"款式截图.jpg": lambda p: jpeg(p, SCREENSHOT), "促销截图.jpg": lambda p: jpeg(p, SCREENSHOT)}
    extra.update(files or {})
    return groupbuy(root, rows, sheet=sheet, files=extra)


def templates(scratch: Path) -> dict[str, Path]:
    """One folder of each kind, to copy."""
    def make(kind: str, **kwargs) -> Path:
        return _tiny_groupbuy(scratch / kind, **kwargs)

    return {
        "pass": make("pass"),
        "pass_xlsx": make("pass_xlsx", sheet="团购提报.xlsx"),
        "warn": make("warn", rows=[gb_row(SKUS[0], stock=300)]),  # S006 warning only: passes
        "fail": make("fail", rows=[gb_row(SKUS[0], stock=0)]),  # S006 error
        "no_style": make("no_style", files={"款式截图.jpg": None}),  # M101
        "stock0": make("stock0", rows=[gb_row(SKUS[0], stock=0)]),
    }


def shared_drive(root: Path, scale: int = 1, lock: bool = True) -> tuple[dict[str, Expect], set[str]]:
    """Write the drive under `root`: 210 × `scale` checked folders and 25 × `scale` skipped ones.

    Returns ({folder relative to root: Expect}, {skipped folder}). `lock`: make 10 × `scale`
    folders unreadable (mode 000); the caller runs jdcheck as a process that honours it.
    """
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="jdcheck-drive-"))
    try:
        kinds = templates(scratch)
        expected: dict[str, Expect] = {}
        skipped: set[str] = set()

        def copy(kind: str, rel: str, expect: Expect) -> Path:
            target = root / rel
            shutil.copytree(kinds[kind], target)
            expected[rel] = expect
            return target

        for i in range(scale):
            tag = f"{i:03d}"
            for n in range(50):  # named as operators name them: the type's word anywhere, any width
                copy("pass", OPERATOR_NAMES[n % len(OPERATOR_NAMES)].format(f"店铺{tag}{n:02d}"), PASS)
            for n in range(10):
                copy("pass_xlsx", f"团购-表格{tag}{n:02d}-1201", PASS)
            for n in range(30):
                folder = copy("pass", f"groupbuy_{tag}{n:02d}", PASS)
                (folder / "jdcheck.yaml").write_text("type: groupbuy\n", encoding="utf-8")
            for n in range(10):  # recognised by jdcheck.yaml alone
                folder = copy("no_style", f"submission-{tag}{n:02d}", Expect(False, frozenset({"M101"})))
                (folder / "jdcheck.yaml").write_text("type: groupbuy\n", encoding="utf-8")
            for n in range(20):
                copy("warn", f"团购-库存少{tag}{n:02d}", PASS)
            for n in range(40):
                copy("fail", f"Groupbuy-fail-{tag}{n:02d}", Expect(False, frozenset({"S006"})))
            for n in range(10):  # a misspelt key on line 2 of the folder's own jdcheck.yaml
                folder = copy("pass", f"团购-配置错-{tag}{n:02d}", Expect(False, frozenset({"X002"}), "jdcheck.yaml:2:"))
                (folder / "jdcheck.yaml").write_text("type: groupbuy\nignroe: [S006]\n", encoding="utf-8")
            for n in range(10):
                rel = f"团购-无权限-{tag}{n:02d}"
                copy("pass", rel, Expect(False, frozenset({"X002"}), "Permission denied") if lock else PASS)
            # a parent folder's jdcheck.yaml applies to the folders below it
            (root / f"archive-{tag}").mkdir()
            (root / f"archive-{tag}" / "jdcheck.yaml").write_text("ignore: [S006]\n", encoding="utf-8")
            for n in range(10):
                copy("stock0", f"archive-{tag}/团购-旧-{n:02d}", PASS)
            # a folder named like a type that only groups submissions: descended into, not checked;
            # a schedule sheet beside them does not merge them into one
            for n in range(20):
                copy("pass", f"团购{tag}/团购-红蜻蜓-{n:02d}", PASS)
            (root / f"团购{tag}" / "团购排期.xlsx").write_bytes(b"PK")
            # not submissions: listed as skipped (a type's word glued into another is no type name)
            for n in range(20):
                rel = (f"资料-{tag}{n:02d}", f"团购规则-{tag}{n:02d}", f"channels-{tag}{n:02d}")[n % 3]
                (root / rel).mkdir()
                (root / rel / "说明.txt").write_text("not a submission", encoding="utf-8")
                skipped.add(rel)
            for n in range(5):
                rel = f"empty-{tag}{n:02d}"
                (root / rel).mkdir()
                skipped.add(rel)
        if lock:
            for rel in expected:
                if "无权限" in rel:
                    os.chmod(root / rel, 0)
        return expected, skipped
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def unlock(root: Path) -> None:
    """Give locked folders their permissions back so the drive can be deleted."""
    for path in root.iterdir():
        if "无权限" in path.name:
            os.chmod(path, 0o755)
