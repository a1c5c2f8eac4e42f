"""Fuzz: real corpus files mutated by Hypothesis, each run through the whole CLI.

Every example must keep the contract (exit 0/1/2, no traceback, one valid JSON document), must
not make a check crash (no X001), must leave the folder untouched, and must finish within 10 s.

CI runs JDCHECK_FUZZ_EXAMPLES=150 examples by default, plus a third as many through fix and --annotate
(~15 s in all). A longer run:

    JDCHECK_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py -q --hypothesis-show-statistics

(see README, "Robustness", for the longest run so far).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdcheck.codes import TYPES
from tests.conftest import CORPUS
from tests.hostile import assert_untouched, cli, snapshot

EXAMPLES = int(os.environ.get("JDCHECK_FUZZ_EXAMPLES", "150"))
SEED_LIMIT = 96 * 1024  # small seeds keep each example fast; big files add nothing structural
EXTENSIONS = (".jpg", ".png", ".gif", ".webp", ".bmp", ".xlsx", ".xlsm", ".xls", ".csv", ".eml", ".html", ".txt", ".url")


def _seeds() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    found = [p for p in sorted(CORPUS.rglob("*")) if p.is_file() and p.suffix.lower() != ".tsv"
             and p.name != "README.md" and 0 < p.stat().st_size <= SEED_LIMIT]
    return found


SEEDS = _seeds()

# One mutation: (kind, where in the file as a fraction, how many bytes, what byte).
mutation = st.tuples(
    st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate", "duplicate"]),
    st.floats(0, 1, allow_nan=False),
    st.integers(1, 4096),
    st.integers(0, 255),
)


def mutate(data: bytes, mutations: list[tuple[str, float, int, int]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, length, value in mutations:
        at = int(where * len(buffer))
        if kind == "flip" and buffer:
            at = min(at, len(buffer) - 1)
            buffer[at] ^= value or 1
        elif kind == "overwrite":
            buffer[at:at + length] = bytes([value]) * length
        elif kind == "insert":
            buffer[at:at] = bytes([value]) * length
        elif kind == "delete":
            del buffer[at:at + length]
        elif kind == "truncate":
            del buffer[at:]
        elif kind == "duplicate":
            buffer[at:at] = buffer[at:at + length]
    return bytes(buffer)


def _name(seed: Path, extension: str | None) -> str:
    ext = extension or seed.suffix.lower() or ".bin"
    if ext in (".xlsx", ".xlsm", ".xls", ".csv"):
        return "团购提报" + ext
    if ext == ".txt":
        return "links.txt"
    return "100012043978" + ext if ext in (".jpg", ".png", ".gif", ".webp", ".bmp") else "材料" + ext


@pytest.mark.skipif(not SEEDS, reason="shared corpus not present")
@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 150,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    seed=st.sampled_from(SEEDS or [Path()]),
    extension=st.one_of(st.none(), st.sampled_from(EXTENSIONS)),
    mutations=st.lists(mutation, min_size=1, max_size=6),
    type_name=st.sampled_from(TYPES),  # channel parses the .eml, platform the .html
)
def test_mutated_corpus_files_through_the_cli(seed, extension, mutations, type_name):
    data = mutate(seed.read_bytes(), mutations)
    with tempfile.TemporaryDirectory(prefix="jdcheck-fuzz-") as tmp:
        folder = Path(tmp) / "提报"
        folder.mkdir()
        (folder / _name(seed, extension)).write_bytes(data)
        shutil.copyfile(seed, folder / ("untouched" + seed.suffix))  # an unmutated neighbour
        before = snapshot(folder)
        result = cli(type_name, folder, "--format", "json", "--lang", "en", "--today", "2026-11-25")
        assert_untouched(before, folder)
    assert result.code in (0, 1)
    crashed = [f for f in result.document["findings"] if f["code"] == "X001"]
    assert not crashed, (type_name, seed.name, extension, mutations, crashed)
    assert result.seconds <= 10, (type_name, seed.name, extension, result.seconds)


@pytest.mark.skipif(not SEEDS, reason="shared corpus not present")
@settings(max_examples=max(1, EXAMPLES // 3), deadline=None, derandomize=EXAMPLES <= 150,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    seed=st.sampled_from(SEEDS or [Path()]),
    extension=st.one_of(st.none(), st.sampled_from(EXTENSIONS)),
    mutations=st.lists(mutation, min_size=1, max_size=6),
)
def test_mutated_corpus_files_through_fix_and_annotate(seed, extension, mutations):
    """The writing commands on the same inputs: a bad file is reported for that file (exit 0 or 1),
    never an internal error, and nothing is written into the folder."""
    data = mutate(seed.read_bytes(), mutations)
    with tempfile.TemporaryDirectory(prefix="jdcheck-fuzz-") as tmp:
        folder = Path(tmp) / "提报"
        folder.mkdir()
        (folder / _name(seed, extension)).write_bytes(data)
        before = snapshot(folder)
        fixed = cli("fix", "groupbuy", folder, "--out", Path(tmp) / "fixed", "--lang", "en")
        annotated = cli("groupbuy", folder, "--annotate", Path(tmp) / "annotated", "--format", "json",
                        "--lang", "en", "--today", "2026-11-25")
        assert_untouched(before, folder)
    for result in (fixed, annotated):
        assert result.code in (0, 1), (seed.name, extension, mutations, result.err[-2000:])
        assert result.seconds <= 10, (seed.name, extension, result.seconds)
