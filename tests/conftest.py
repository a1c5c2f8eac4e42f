"""Shared test fixtures: the real-world corpus beside the repository."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# ../shared/corpus beside the repository; a git worktree sits deeper (…/wt/<name>), so every
# ancestor is tried; JDCHECK_CORPUS overrides.
CORPUS = Path(os.environ.get("JDCHECK_CORPUS") or next(
    (p / "shared" / "corpus" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus: real files written by other programs (many broken on purpose)."""
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present beside the repository")
    return CORPUS
