"""Shared test fixtures: the real-world corpus beside the repository."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The corpus travels with the repository (tests/corpus, sources in its SOURCES.md), so a plain clone
# runs every test; JDCHECK_CORPUS points the tests at another copy (the shared corpus, say).
CORPUS = Path(os.environ.get("JDCHECK_CORPUS") or ROOT / "tests" / "corpus")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """tests/corpus: real files written by other programs (many broken on purpose)."""
    if not CORPUS.is_dir():
        pytest.skip(f"test corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(autouse=True, scope="session")
def _pictures_off_unless_asked(tmp_path_factory):
    """The picture checks (jdcheck[vision], in the test extra) are off for the suite, as on a plain
    install: the other tests build plain-colour images and pin exact findings. tests/vision/ turns
    them back on (the `vision` fixture). The OCR cache goes to a temporary folder, never ~/.cache."""
    saved = {key: os.environ.get(key) for key in ("JDCHECK_VISION", "JDCHECK_CACHE_DIR")}
    os.environ["JDCHECK_VISION"] = "off"
    os.environ["JDCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("ocr-cache"))
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
