"""Helpers for hostile-input tests, reusable by every command's tests (check, fix, annotate, batch).

- `snapshot(folder)` / `assert_untouched(before, folder)`: "nothing lost". Every file's bytes
  (sha256), size, mtime and mode, every link's target and every folder's listing; any change,
  addition or removal fails with the paths involved.
- `cli(*args)` runs the CLI in-process and asserts the contract every input must keep: exit 0, 1
  or 2, no traceback, and with `--format json` exactly one valid JSON document that validates
  against `jdcheck schema` (the batch document is checked for being one JSON document).
- `cli_bounded(*args, mem_mb=…, seconds=…)` runs it in a subprocess under an address-space limit
  (RLIMIT_AS) and a timeout, and returns the child's peak RSS and wall time.
- `MUTATIONS`: the ways a file gets broken on a shared drive.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# ── nothing lost ─────────────────────────────────────────────────────────────────────────────


def snapshot(folder: Path) -> dict[str, tuple]:
    """Everything under `folder` that a checker could damage, keyed by relative path (bytes-safe)."""
    state: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(os.fsencode(folder), followlinks=False):
        rel_dir = os.path.relpath(dirpath, os.fsencode(folder))
        state[os.fsdecode(rel_dir) + "/"] = ("dir", tuple(sorted(dirnames + filenames)))
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.fsdecode(os.path.normpath(os.path.join(rel_dir, name)))
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                state[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                state[rel] = ("file", _sha256(path, info), info.st_size, info.st_mtime_ns, stat.S_IMODE(info.st_mode))
    return state


def _sha256(path: bytes, info: os.stat_result) -> str:
    if not info.st_mode & stat.S_IRUSR and os.geteuid() != 0:
        return "unreadable"
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def assert_untouched(before: dict[str, tuple], folder: Path) -> None:
    after = snapshot(folder)
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
    assert not (changed or added or removed), f"folder changed: changed={changed} added={added} removed={removed}"


# ── the CLI contract ─────────────────────────────────────────────────────────────────────────


@dataclass
class Result:
    code: int
    out: str
    err: str
    seconds: float = 0.0
    peak_mb: float = 0.0

    @property
    def document(self) -> dict:
        return json.loads(self.out)

    def codes(self, file: str | None = None) -> set[str]:
        return {f["code"] for f in self.document["findings"] if file is None or f["file"] == file}


@lru_cache(maxsize=1)
def report_schema() -> dict:
    from jdcheck.reporters.json import REPORT_SCHEMA

    return REPORT_SCHEMA


def assert_contract(result: Result, args: tuple[str, ...]) -> None:
    assert result.code in (0, 1, 2), f"exit {result.code} for {args}: {result.err[-2000:]}"
    assert "Traceback" not in result.err and "Traceback" not in result.out, result.err[-4000:]
    if result.code == 2:
        assert result.err.startswith("jdcheck: error: ") and result.err.count("\n") == 1, result.err
    if "--format" in args and args[args.index("--format") + 1] == "json":
        import jsonschema

        from jdcheck.reporters.json import BATCH_SCHEMA, ERROR_SCHEMA

        written = "--output" in args and result.code != 2
        # with --output the document is the file's (UTF-8) and stdout stays empty
        text = Path(args[args.index("--output") + 1]).read_text(encoding="utf-8") if written else result.out
        assert not (written and result.out)
        document = json.loads(text)  # exactly one document: json.loads rejects trailing data
        if result.code == 2:
            jsonschema.validate(document, ERROR_SCHEMA)
            assert document["error"] in result.err
        else:
            jsonschema.validate(document, BATCH_SCHEMA if "reports" in document else report_schema())


def cli(*args: object) -> Result:
    """Run jdcheck in-process (fast); the contract is asserted."""
    from jdcheck.cli import main

    argv = tuple(str(a) if not isinstance(a, bytes) else os.fsdecode(a) for a in args)
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    result = Result(code, out.getvalue(), err.getvalue(), time.perf_counter() - started)
    assert_contract(result, argv)
    return result


_BOUNDED = """
import resource, sys, time
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from jdcheck.cli import main
code = main(sys.argv[2:])
sys.stdout.flush()
# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the forking parent
# (the test runner), VmHWM belongs to this process image alone.
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(f"\\nPEAK_RSS_KB {peak}", file=sys.stderr)
sys.exit(code)
"""


def cli_bounded(*args: object, mem_mb: int = 1024, seconds: float = 30, as_user: int | None = None) -> Result:
    """Run jdcheck in a subprocess under RLIMIT_AS=`mem_mb` and a `seconds` timeout.

    The address-space limit is a safety net for the machine running the tests (a runaway reader
    fails with MemoryError instead of swapping); the assertion callers make is on `peak_mb`,
    the child's own peak resident memory."""
    argv = [str(a) for a in args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _BOUNDED, str(mem_mb), *argv],
        capture_output=True, text=True, timeout=seconds, env=env, user=as_user,
    )
    elapsed = time.perf_counter() - started
    err, _, peak = proc.stderr.rpartition("\nPEAK_RSS_KB ")
    peak_mb = int(peak) / 1024 if peak.strip().isdigit() else float("nan")
    result = Result(proc.returncode, proc.stdout, err if peak else proc.stderr, elapsed, peak_mb)
    assert_contract(result, tuple(argv))
    return result


_READER = """
import importlib, resource, sys, time
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
module, function = sys.argv[2].rsplit(".", 1)
read = getattr(importlib.import_module(module), function)
started = time.perf_counter()
try:
    read(sys.argv[3])
    outcome = "read"
except Exception as exc:
    outcome = type(exc).__name__ + ": " + str(exc)[:200]
elapsed = time.perf_counter() - started
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(elapsed, peak, outcome)
"""


def reader_bounded(reader: str, path: Path, *, mem_mb: int = 2048, seconds: float = 60) -> tuple[float, float, str]:
    """(seconds, peak MB, outcome) of one reader function (e.g. "jdcheck.emails.read_email") on
    `path`, in a subprocess under RLIMIT_AS; outcome is "read" or "ExceptionName: detail"."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", _READER, str(mem_mb), reader, str(path)],
                          capture_output=True, text=True, timeout=seconds, env=env)
    assert proc.returncode == 0 and proc.stdout, proc.stderr[-3000:]
    elapsed, peak_kb, outcome = proc.stdout.strip().split(" ", 2)
    return float(elapsed), int(peak_kb) / 1024, outcome


# ── how files get broken ─────────────────────────────────────────────────────────────────────


def zero_byte(data: bytes, rng: random.Random) -> bytes:
    return b""


def truncated(data: bytes, rng: random.Random) -> bytes:
    """A half-copied file: cut at a random point in the middle half."""
    return data[: rng.randrange(max(1, len(data) // 4), max(2, len(data) * 3 // 4))]


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    return rng.randbytes(max(64, min(len(data), 4096)))


def header_then_garbage(data: bytes, rng: random.Random) -> bytes:
    """The format's valid first bytes, then noise: the reader is past its magic-number check."""
    keep = min(len(data) // 2, 64)
    return data[:keep] + rng.randbytes(max(256, len(data) - keep))


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(max(1, len(buffer) // 500)):
        buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
    return bytes(buffer)


def tail_chopped(data: bytes, rng: random.Random) -> bytes:
    """Only the last bytes missing (a copy interrupted at the very end: ZIP central directory,
    JPEG EOI, PNG IEND)."""
    return data[: max(1, len(data) - rng.randrange(1, 64))]


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "zero_byte": zero_byte,
    "truncated": truncated,
    "random_bytes": random_bytes,
    "header_then_garbage": header_then_garbage,
    "bit_flips": bit_flips,
    "tail_chopped": tail_chopped,
}
