"""Check every sub-folder of ROOT with the single-folder API in a process pool.

The stand-in for `jdcheck batch` while that command does not exist: it gives the per-folder
cost that batch throughput is built on (rules loaded once per worker, one JSON report per
folder, reports streamed back in order, nothing kept but a summary).

    python benchmarks/batch_pool.py ROOT [--jobs 2]
"""

from __future__ import annotations

import argparse
import io
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_RULES = None


def check_folder(folder: str) -> tuple[str, bool, int]:
    """(folder, passed, bytes of its JSON report)."""
    global _RULES
    import datetime as dt

    from jdcheck import reporters
    from jdcheck.engine import Options, run
    from jdcheck.rulefile import load_folder_config, load_rules

    if _RULES is None:
        _RULES = load_rules("groupbuy")
    path = Path(folder)
    config_path = path / "jdcheck.yaml"
    config = load_folder_config(config_path) if config_path.is_file() else None
    today = (config.today if config else None) or dt.date(2026, 11, 25)
    report = run(_RULES, path, Options(today=today, lang="zh"))
    stream = io.StringIO()
    reporters.get("json").render(report, stream, "zh")
    return folder, report.passed, len(stream.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    folders = sorted(str(p) for p in args.root.iterdir() if p.is_dir())
    passed = 0
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for _folder, ok, _size in pool.map(check_folder, folders, chunksize=16):
            passed += ok
    print(f"{len(folders)} folders, {passed} passed", file=sys.stderr)
    return 0 if passed == len(folders) else 1


if __name__ == "__main__":
    raise SystemExit(main())
