"""Run every benchmark and print a Markdown table (also written to benchmarks/results.md).

    pip install -e ".[bench]"     # frictionless, the large-folder baseline
    python benchmarks/run.py      # about two minutes on a 2-core machine
    python benchmarks/run.py --quick --only typical

Each command runs in a fresh process, as an operator or a script runs it, and is timed from
outside: wall time, CPU time (user + system of the process and its children) and peak memory
(the largest resident set of the process or any of its children), medians over several runs.
Baselines are measured in the same run, on the same data, so ratios hold on any machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
SHEET_NAME = "团购提报-红蜻蜓.xlsx"

OPENPYXL_PASS = (
    "import sys, openpyxl\n"
    "wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
    "n = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True))\n"
)


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float
    returncode: int


@dataclass
class Result:
    name: str
    samples: list[Sample]
    note: str = ""

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)


def measure(argv: list[str], *, cwd: Path | None = None, ok=(0,)) -> Sample:
    """One run of argv: wall, CPU and peak RSS of that process tree (os.wait4's rusage covers the
    process and the children it waited for)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {proc.returncode}: {stderr[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def repeat(name: str, argv: list[str], runs: int, *, cwd: Path | None = None, ok=(0,), note="") -> Result:
    measure(argv, cwd=cwd, ok=ok)  # warm the page cache and .pyc files
    return Result(name, [measure(argv, cwd=cwd, ok=ok) for _ in range(runs)], note)


JDCHECK = [str(BIN / "jdcheck")]


def jdcheck(*args: str) -> list[str]:
    return [*JDCHECK, *args]


def generate(kind: str, out: Path, *extra: str) -> Path:
    """Data are written by a child process: the runner stays small, so that a forked child's
    peak memory (counted from before its exec) is its own."""
    subprocess.run([PYTHON, str(HERE / "data.py"), kind, str(out), *extra], check=True, stdout=subprocess.DEVNULL)
    return out


def bench_typical(work: Path, runs: int) -> list[Result]:
    folder = generate("typical", work / "typical")
    return [
        repeat("`python -c \"import typer\"` (baseline)", [PYTHON, "-c", "import typer"], runs),
        repeat("`jdcheck --help`", jdcheck("--help"), runs),
        repeat("`jdcheck groupbuy typical` (Rich report)", jdcheck("groupbuy", str(folder)), runs),
        repeat("`jdcheck groupbuy typical --format json`", jdcheck("groupbuy", str(folder), "--format", "json"), runs),
    ]


def bench_large(work: Path, runs: int) -> list[Result]:
    folder = generate("large", work / "large")
    results = []
    frictionless = BIN / "frictionless"
    if frictionless.exists():
        # frictionless refuses absolute paths ("not safe"): run it from the folder.
        results.append(repeat("`frictionless validate` sheet only (baseline)",
                              [str(frictionless), "validate", SHEET_NAME, "--header-rows", "3"],
                              runs, cwd=folder, ok=(0, 1)))
    else:
        print("frictionless not installed (pip install -e '.[bench]'): baseline skipped", file=sys.stderr)
    results.append(repeat("openpyxl read-only pass over the sheet (baseline)",
                          [PYTHON, "-c", OPENPYXL_PASS, str(folder / SHEET_NAME)], runs))
    results.append(repeat("`jdcheck groupbuy large --format json`",
                          jdcheck("groupbuy", str(folder), "--format", "json"), runs))
    return results


def bench_batch(work: Path, runs: int, counts: list[int], jobs: int) -> list[Result]:
    results = []
    has_batch = subprocess.run(jdcheck("batch", "--help"), capture_output=True).returncode == 0
    for count in counts:
        root = generate("batch", work / f"batch-{count}", str(count))
        pool = [PYTHON, str(HERE / "batch_pool.py"), str(root), "--jobs", str(jobs)]
        name = f"batch of {count} folders, {jobs} jobs"
        if has_batch:
            try:
                result = repeat(name, jdcheck("batch", str(root), "--format", "json", "--jobs", str(jobs)),
                                runs, ok=(0, 1), note="`jdcheck batch`")
            except RuntimeError as exc:  # an interface this script does not know yet
                print(f"jdcheck batch failed, using batch_pool.py: {exc}", file=sys.stderr)
                result = repeat(name, pool, runs, ok=(0, 1), note="benchmarks/batch_pool.py")
        else:
            result = repeat(name, pool, runs, ok=(0, 1), note="benchmarks/batch_pool.py (no `jdcheck batch` yet)")
        result.count = count
        results.append(result)
        shutil.rmtree(root)
    return results


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 ** 2:.0f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def table(sections: dict[str, list[Result]], runs: dict[str, int]) -> str:
    lines = [f"Machine: {machine()}. Medians of {', '.join(f'{n} runs ({k})' for k, n in runs.items())}; "
             "each run a fresh process.", ""]
    lines.append("| benchmark | command | wall | CPU | peak memory | vs baseline |")
    lines.append("|---|---|---:|---:|---:|---|")
    for section, results in sections.items():
        baselines = [r for r in results if "(baseline)" in r.name]
        for result in results:
            wall, cpu, peak = result.median("wall"), result.median("cpu"), result.median("peak_mb")
            versus = ""
            if result not in baselines:
                # CPU ratios too: wall times swing when other jobs share the machine, CPU less so.
                versus = " · ".join(
                    f"{wall / b.median('wall'):.2f}× wall, {cpu / b.median('cpu'):.2f}× CPU of "
                    f"{b.name.split(' (')[0].split('`')[1] if '`' in b.name else 'openpyxl'}"
                    for b in baselines)
            count = getattr(result, "count", None)
            if count:
                versus = f"**{count / wall:.0f} folders/s** ({result.note})"
            lines.append(f"| {section} | {result.name} | {wall:.3f} s | {cpu:.3f} s | {peak:.0f} MB | {versus} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("typical", "large", "batch"), action="append")
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller batch")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--command", help='how to run jdcheck, e.g. "python -m jdcheck" with PYTHONPATH '
                        "pointing at another checkout, to measure it against the same baselines")
    args = parser.parse_args(argv)
    if args.command:
        JDCHECK[:] = args.command.split()
    wanted = args.only or ["typical", "large", "batch"]
    runs = {"typical": 3 if args.quick else 11, "large": 2 if args.quick else 5, "batch": 1 if args.quick else 3}
    counts = [100] if args.quick else [250, 1000]
    sections: dict[str, list[Result]] = {}
    with tempfile.TemporaryDirectory(prefix="jdcheck-bench-") as tmp:
        work = Path(tmp)
        if "typical" in wanted:
            sections["typical folder"] = bench_typical(work, runs["typical"])
        if "large" in wanted:
            sections["large folder"] = bench_large(work, runs["large"])
        if "batch" in wanted:
            sections["batch"] = bench_batch(work, runs["batch"], counts, args.jobs)
    text = table(sections, {k: v for k, v in runs.items() if k in wanted})
    print(text)
    args.output.write_text(text, encoding="utf-8")
    json_path = args.output.with_suffix(".json")
    json_path.write_text(json.dumps({s: [{"name": r.name, "wall": r.median("wall"), "cpu": r.median("cpu"),
                                          "peak_mb": r.median("peak_mb")} for r in rs]
                                     for s, rs in sections.items()}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
