"""Real workbooks and images written by other programs, checked as a submission's materials."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.folders import SHEET, SKUS, check, groupbuy, located

SHEETS = sorted(p for p in (CORPUS / "sheets").rglob("*") if p.is_file() and p.suffix.lower() in
                {".xlsx", ".xlsm", ".xls", ".csv", ".xlsb", ".ods", ".tsv"}) if CORPUS.is_dir() else []


def _with_sheet(tmp_path: Path, source: Path, name: str | None = None) -> Path:
    name = name or f"团购提报{source.suffix.lower() if source.suffix.lower() in ('.xlsx', '.xlsm', '.xls', '.csv') else '.xlsx'}"
    return groupbuy(tmp_path, sheet=None, files={name: lambda p: shutil.copy(source, p)})


@pytest.mark.parametrize("source", SHEETS, ids=[str(p.relative_to(CORPUS / "sheets")) for p in SHEETS])
def test_every_corpus_workbook_is_a_finding_never_a_crash(tmp_path, source):
    report = check(_with_sheet(tmp_path, source))
    codes = {f.code for f in report.findings}
    assert "X001" not in codes, [f.message for f in report.findings if f.code == "X001"]
    assert codes & {"S001", "S002", "S010"}, codes  # unreadable, or not the group-buy template


@pytest.mark.parametrize(("relative", "expected"), [
    ("nolze+msoffcrypto-tool/tests/inputs/example_password.xlsx", "encrypted"),
    ("nolze+msoffcrypto-tool/tests/inputs/rc4cryptoapi_password.xls", "encrypted"),
    ("nolze+msoffcrypto-tool/tests/inputs/xor_password_123456789012345.xls", "encrypted"),
    ("qax-os+excelize/test/encryptAES.xlsx", "encrypted"),
    ("tafia+calamine/tests/pass_protected.xlsx", "encrypted"),
    ("python-excel+xlrd/tests/samples/sample.xlsb", "unsupported"),
    ("tafia+calamine/tests/too_small.xls", None),
])
def test_unreadable_workbooks_say_why(tmp_path, corpus, relative, expected):
    source = corpus / "sheets" / relative
    name = "团购提报.xls" if source.suffix == ".xls" else SHEET
    report = check(_with_sheet(tmp_path, source, name), lang="en")
    s001 = [f for f in report.findings if f.code == "S001"]
    assert [(f.file, f.row) for f in s001] == [(name, None)]
    if expected == "encrypted":
        assert "password" in s001[0].message
    elif expected == "unsupported":
        assert "Unsupported" in s001[0].message


@pytest.mark.parametrize("relative", [
    "libreoffice_generated/zh_utf8.xlsx",
    "libreoffice_generated/zh_utf8.xls",
    "frictionlessdata+frictionless-py/data/table.xls",
    "frictionlessdata+frictionless-py/data/bom.csv",
])
def test_readable_foreign_workbooks_get_a_header_finding(tmp_path, corpus, relative):
    source = corpus / "sheets" / relative
    report = check(_with_sheet(tmp_path, source))
    assert located(report, "S002") == {("S002", f"团购提报{source.suffix}", None)}
    assert located(report, "S001") == set()


def test_corpus_photo_as_slot_image(tmp_path, corpus):
    """A real 640×427 photo where a 440×293 slot image belongs: I002 and I003, nothing else."""
    photo = corpus / "photos" / "flower.jpg"
    folder = groupbuy(tmp_path, files={f"{SKUS[0]}.jpg": lambda p: shutil.copy(photo, p)})
    assert located(check(folder)) == {("I002", f"{SKUS[0]}.jpg", None), ("I003", f"{SKUS[0]}.jpg", None)}


@pytest.mark.parametrize(("relative", "code"), [
    ("images/pil_sample_cmyk.jpg", "I006"),
    ("images/hopper_orientation_6.jpg", "I007"),
    ("images/truncated_jpeg.jpg", "I001"),
    ("images/wrong_ext/png_named_as.jpg", "I005"),
    ("images/generated_bombs/bomb_L_10000x10000.png", "I001"),
])
def test_corpus_images_as_slot_images(tmp_path, corpus, relative, code):
    folder = groupbuy(tmp_path, files={f"{SKUS[0]}.jpg": lambda p: shutil.copy(corpus / relative, p)})
    assert (code, f"{SKUS[0]}.jpg", None) in located(check(folder))
