"""Shared test fixtures: the real-world corpus beside the repository."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus: real files written by other programs (many broken on purpose)."""
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present beside the repository")
    return CORPUS
