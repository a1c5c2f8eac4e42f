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
