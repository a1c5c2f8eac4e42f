"""Shared test fixtures: the real-world corpus beside the repository."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# JDCHECK_CORPUS points elsewhere, e.g. from a git worktree whose parent has no shared/.
CORPUS = Path(os.environ.get("JDCHECK_CORPUS") or ROOT.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus: real files written by other programs (many broken on purpose)."""
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present beside the repository")
    return CORPUS
