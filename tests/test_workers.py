"""Worker processes end with the process that started them, however it ends.

A nightly `jdcheck batch` killed by its scheduler's time limit (or `timeout`, or `kill`) must not
leave its workers waiting forever; neither may a check of a large folder (image workers) or an
HTML report (thumbnail workers). All three pools are jdcheck.workers.process_pool."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.drive import shared_drive

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")

ROOT = Path(__file__).resolve().parents[1]


def alive(pid: int) -> bool:
    """Running, not ended (an ended child that nobody reaped yet is a zombie: ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def ended(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


WORKER_PIDS = """
import multiprocessing, os, signal, sys, time
from jdcheck.workers import process_pool


def pid_when_both_run(_):
    time.sleep(1.0)  # long enough for the other task to be taken by the other worker
    return os.getpid()


if __name__ == "__main__":
    with process_pool(2, multiprocessing.get_context(sys.argv[1])) as pool:
        print(" ".join(map(str, sorted(set(pool.map(pid_when_both_run, range(2)))))), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no clean-up of any kind: the pool is never shut down
"""


@pytest.mark.parametrize("method", [m for m in ("fork", "forkserver", "spawn") if m in multiprocessing.get_all_start_methods()])
def test_pool_workers_end_when_their_parent_is_killed(tmp_path, method):
    script = tmp_path / "pool.py"
    script.write_text(WORKER_PIDS, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), method], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    workers = [int(pid) for pid in done.stdout.split()]
    assert len(workers) == 2
    assert ended(workers), f"workers {workers} outlived their killed parent"


def _batch_at_work(drive: Path, *args: str, **popen) -> tuple[subprocess.Popen, list[int]]:
    """`jdcheck batch DRIVE --jobs 2 --format json ARGS` once both its workers run; skips the test
    when the batch ends first."""
    env = {**os.environ, "JDCHECK_VISION": "off"}
    batch = subprocess.Popen([sys.executable, "-m", "jdcheck", "batch", str(drive), "--jobs", "2", "--format", "json",
                              *args], stdout=subprocess.DEVNULL, env=env, **popen)
    deadline = time.monotonic() + 30
    while len(workers := children(batch.pid)) < 2 and batch.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if batch.poll() is not None:
        pytest.skip("the batch ended before its workers could be seen")
    return batch, workers


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_batch_leaves_no_worker_behind(tmp_path, how):
    """`timeout 60 jdcheck batch …` or a scheduler's time limit ends the batch process alone."""
    shared_drive(tmp_path / "drive", scale=4)
    batch, workers = _batch_at_work(tmp_path / "drive", stderr=subprocess.DEVNULL)
    try:
        batch.send_signal(how)
        batch.wait(timeout=30)
        assert ended(workers), f"workers {workers} outlived the killed batch"
    finally:
        if batch.poll() is None:
            batch.kill()


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_ends_a_batch_at_once_and_its_workers_with_it(tmp_path, presses):
    """Ctrl-C reaches the whole process group. A worker interrupted holding its pool's queue lock
    left the others waiting on it, and the batch waiting for them, for ever (one try in three);
    other tries printed the workers' tracebacks or left a hidden half-written report."""
    shared_drive(tmp_path / "drive", scale=4)
    out = tmp_path / "out"
    out.mkdir()
    for attempt in range(3):
        batch, workers = _batch_at_work(tmp_path / "drive", "--output", str(out / f"report{attempt}.json"),
                                        stderr=subprocess.PIPE, start_new_session=True)
        try:
            time.sleep(0.05 * attempt)
            for _ in range(presses):
                os.killpg(batch.pid, signal.SIGINT)
                time.sleep(0.02)
            err = batch.communicate(timeout=30)[1].decode("utf-8", "replace")
            assert batch.returncode == 130, err
            assert "Traceback" not in err, err
            assert ended(workers), f"workers {workers} outlived the interrupted batch"
            assert [p.name for p in out.iterdir() if p.name.startswith(".jdcheck-")] == []
        finally:
            if batch.poll() is None:
                os.killpg(batch.pid, signal.SIGKILL)
