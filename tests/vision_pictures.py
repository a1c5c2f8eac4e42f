"""The rendered vision fixtures (tests/vision_fixtures, made by its make_fixtures.py) as file
builders for the submission folders of the tests, and the switch that turns the picture checks on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "vision_fixtures"
CASES = FIXTURES / "cases"
LOGO = FIXTURES / "logo.png"
PICTURE_CODES = ("I009", "I010", "P009")


def picture(name: str):
    """A FileMaker copying the rendered picture `name` (from vision_fixtures/cases) into the folder."""
    return lambda path: shutil.copyfile(CASES / name, path)


def vision_on(monkeypatch) -> None:
    """The picture checks on for this test (the suite runs with JDCHECK_VISION=off, see conftest);
    skipped where the extra is not installed."""
    from jdcheck import vision

    absent = vision.missing(vision.OCR_MODULES)
    if absent:
        pytest.skip(f"jdcheck[vision] not installed ({', '.join(absent)})")
    monkeypatch.delenv("JDCHECK_VISION", raising=False)
