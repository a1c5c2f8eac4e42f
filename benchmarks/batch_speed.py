"""Folders per second of `jdcheck batch` over a generated shared drive (tests/drive.py).

    python benchmarks/batch_speed.py            # 210 folders, then 1,050, each with --jobs 1 and 2
    python benchmarks/batch_speed.py 2 4        # scales (× 210 folders) to measure

Times the real command in a subprocess (interpreter start and imports included), best of three,
on folders that are tiny but complete: a CSV or xlsx sheet, slot images, screenshots.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.drive import shared_drive  # noqa: E402


def measure(root: Path, jobs: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jdcheck", "batch", str(root), "--format", "json", "--jobs", str(jobs),
                        "--today", "2026-11-25"], stdout=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - started)
    return best


def main(scales: list[int]) -> None:
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
    for scale in scales:
        base = Path(tempfile.mkdtemp(prefix="jdcheck-bench-"))
        try:
            expected, skipped = shared_drive(base / "drive", scale=scale, lock=False)
            for jobs in (1, 2):
                seconds = measure(base / "drive", jobs)
                print(f"{len(expected):5d} folders (+{len(skipped)} skipped)  --jobs {jobs}: "
                      f"{seconds:6.2f} s  {len(expected) / seconds:6.0f} folders/s")
        finally:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1, 5])
