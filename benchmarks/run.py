"""Run every benchmark and print a Markdown table (also written to benchmarks/results.md).

    pip install -e ".[bench]"     # frictionless, the large-folder baseline; LibreOffice's soffice on PATH
    python benchmarks/run.py      # about ten minutes on a 2-core machine
    python benchmarks/run.py --quick --only startup

The folders are real ones (benchmarks/data.py): page screenshots made from real photos and text as
browsers (PNG) and QQ (JPEG) save them, slot JPEGs of 35–45 KB cut from real photos, sheets written
by LibreOffice (`soffice --convert-to xlsx`) and by openpyxl. The tiny folders of issue 7 are kept,
labelled as such. The last table gives the three targets of issue 14 from the same run.

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

# The targets are the plain install's (no picture checks). With the vision extra installed, a check
# would read screenshots with OCR; its costs are measured apart by benchmarks/vision_speed.py.
os.environ.setdefault("JDCHECK_VISION", "off")

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


def measure(argv: list[str], *, cwd: Path | None = None, ok=(0,), env: dict[str, str] | None = None) -> Sample:
    """One run of argv: wall, CPU and peak RSS of that process tree (os.wait4's rusage covers the
    process and the children it waited for). `env`: variables set for this run."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **env} if env else None)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {proc.returncode}: {stderr[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


NO_PLUGINS = "import os; os.environ.setdefault('PYDANTIC_DISABLE_PLUGINS', '__all__')\n"
FLOOR_PYDANTIC = NO_PLUGINS + "import typer\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)\n"
FLOOR_LIBRARIES = FLOOR_PYDANTIC + "import PIL.Image, yaml\n"
ENGINE_ONLY = (
    "import datetime, sys\n"
    "from pathlib import Path\n"
    "from jdcheck import reporters\n"
    "from jdcheck.engine import Options, run\n"
    "from jdcheck.rulefile import load_rules\n"
    "report = run(load_rules('groupbuy'), Path(sys.argv[1]), Options(today=datetime.date(2026, 11, 25), lang='zh'))\n"
    "reporters.get('json').render(report, sys.stdout, 'zh')\n"
)


def compile_package() -> str:
    """Byte-compile jdcheck as `pip install` does. Without it, under PYTHONDONTWRITEBYTECODE (set
    on the project's machine) or a read-only checkout, every run compiles jdcheck's sources again:
    ~30 ms of CPU that no installed copy pays."""
    package = subprocess.run([PYTHON, "-c", "import jdcheck, os; print(os.path.dirname(jdcheck.__file__))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([PYTHON, "-m", "compileall", "-q", package], check=True, stdout=subprocess.DEVNULL)
    return package


def repeat(name: str, argv: list[str], runs: int, *, cwd: Path | None = None, ok=(0,), note="",
           env: dict[str, str] | None = None) -> Result:
    measure(argv, cwd=cwd, ok=ok, env=env)  # warm the page cache, .pyc files and jdcheck's cache
    return Result(name, [measure(argv, cwd=cwd, ok=ok, env=env) for _ in range(runs)], note)


JDCHECK = [str(BIN / "jdcheck")]
TODAY = ("--today", "2026-11-25")  # the generated sheets' dates pass against this day
BASELINE_TYPER = '`python -c "import typer"` (baseline)'
BASELINE_FRICTIONLESS = "`frictionless validate` sheet only (baseline)"
TYPICAL_RICH = "`jdcheck groupbuy` real folder (Rich report)"
TYPICAL_JSON = "`jdcheck groupbuy` real folder, JSON"
LARGE = "`jdcheck groupbuy` 2,000 rows + 2,000 slot images, LibreOffice sheet"


def jdcheck(*args: str) -> list[str]:
    return [*JDCHECK, *args]


def generate(kind: str, out: Path, *extra: str) -> Path:
    """Data are written by a child process: the runner stays small, so that a forked child's
    peak memory (counted from before its exec) is its own."""
    subprocess.run([PYTHON, str(HERE / "data.py"), kind, str(out), *extra], check=True, stdout=subprocess.DEVNULL)
    return out


HELLO_APP = """import typer

app = typer.Typer()


@app.command()
def hello(name: str, count: int = 1) -> None:
    print(name * count)


@app.command()
def other() -> None:
    pass


app()
"""


def hello_app(work: Path) -> Path:
    """The smallest typer program with an argument: typer (0.2x) coerces every parameter through a
    Pydantic TypeAdapter, so any command that takes one imports Pydantic."""
    path = work / "hello.py"
    path.write_text(HELLO_APP, encoding="utf-8")
    return path


def _unwritable(work: Path) -> Path:
    """A cache folder path that cannot be made: a file is in the way."""
    blocker = work / "no-cache"
    blocker.write_text("a file where a folder would be", encoding="utf-8")
    return blocker


def bench_startup(work: Path, runs: int) -> list[Result]:
    """What a user feels at the prompt, each against `import typer` in the same venv."""
    real = generate("real", work / "real" / "团购-红蜻蜓-1201", "3", "libreoffice", "png1280")
    tiny = generate("typical", work / "tiny")
    no_cache = _unwritable(work)
    return [
        repeat(BASELINE_TYPER, [PYTHON, "-c", "import typer"], runs),
        repeat("`jdcheck --version`", jdcheck("--version"), runs),
        repeat("`jdcheck --help`", jdcheck("--help"), runs),
        repeat("`jdcheck explain I001`", jdcheck("explain", "I001"), runs),
        repeat(TYPICAL_RICH, jdcheck("groupbuy", str(real), *TODAY), runs),
        repeat(TYPICAL_JSON, jdcheck("groupbuy", str(real), "--format", "json", *TODAY), runs),
        # The first check on a machine: nothing in jdcheck's cache (a cache folder it cannot create).
        repeat("`jdcheck groupbuy` real folder, JSON, first run (rule file read and validated)",
               jdcheck("groupbuy", str(real), "--format", "json", *TODAY), runs,
               env={"JDCHECK_CACHE_DIR": str(no_cache)}),
        repeat("`jdcheck groupbuy` tiny folder (issue 7 data), JSON", jdcheck("groupbuy", str(tiny), "--format", "json"), runs),
        # Floors: what the required libraries cost before jdcheck does anything (Pydantic's plugin
        # lookup off, as the CLI runs), the built-in rules validated, and the same check without
        # the CLI layer (what a typer-free fast path could reach at best).
        repeat("floor: a typer app alone, one command taking a str and an int", [PYTHON, str(hello_app(work)), "hello", "x"], runs),
        repeat("floor: typer + Pydantic, one one-field model validated", [PYTHON, "-c", FLOOR_PYDANTIC], runs),
        repeat("floor: typer + Pydantic + Pillow + PyYAML imported", [PYTHON, "-c", FLOOR_LIBRARIES], runs),
        repeat("floor: typer + the built-in rules validated (Pydantic), nothing else",
               [PYTHON, "-c", NO_PLUGINS + "import typer; from jdcheck.rulefile import load_rules; load_rules('groupbuy')"],
               runs, env={"JDCHECK_CACHE_DIR": str(no_cache)}),
        repeat("floor: typer + the built-in rules from jdcheck's cache, nothing else",
               [PYTHON, "-c", NO_PLUGINS + "import typer; from jdcheck.rulefile import load_rules; load_rules('groupbuy')"],
               runs),
        repeat("floor: the same check through the API, no typer", [PYTHON, "-c", NO_PLUGINS + ENGINE_ONLY, str(real)], runs),
    ]


def bench_real_variants(work: Path, runs: int) -> list[Result]:
    """The same real folder with the other screenshot and sheet writers operators use."""
    results = [repeat(BASELINE_TYPER, [PYTHON, "-c", "import typer"], runs)]
    for writer, shots, label in (("openpyxl", "png1280", "browser PNG 1280×720, openpyxl sheet"),
                                 ("libreoffice", "png1920", "browser PNG 1920×1080, LibreOffice sheet"),
                                 ("libreoffice", "qq1920", "QQ JPEG 1920×1080, LibreOffice sheet")):
        folder = generate("real", work / f"real-{writer}-{shots}" / "团购-红蜻蜓-1201", "3", writer, shots)
        results.append(repeat(f"real folder, {label}, JSON", jdcheck("groupbuy", str(folder), "--format", "json", *TODAY), runs))
    return results


def bench_large(work: Path, runs: int) -> list[Result]:
    """2,000 rows and 2,000 slot images, against frictionless validating the sheet alone."""
    results = []
    folders = {writer: generate("real", work / f"large-{writer}" / "团购-红蜻蜓-1201", "2000", writer, "png1280")
               for writer in ("libreoffice", "openpyxl")}
    frictionless = BIN / "frictionless"
    if frictionless.exists():
        # frictionless refuses absolute paths ("not safe"): run it from the folder.
        results.append(repeat(BASELINE_FRICTIONLESS, [str(frictionless), "validate", SHEET_NAME, "--header-rows", "3"],
                              runs, cwd=folders["libreoffice"], ok=(0, 1)))
    else:
        print("frictionless not installed (pip install -e '.[bench]'): baseline skipped", file=sys.stderr)
    results.append(repeat("openpyxl read-only pass over the sheet (baseline)",
                          [PYTHON, "-c", OPENPYXL_PASS, str(folders["libreoffice"] / SHEET_NAME)], runs))
    results.append(repeat(LARGE, jdcheck("groupbuy", str(folders["libreoffice"]), "--format", "json", *TODAY), runs))
    results.append(repeat("`jdcheck groupbuy` 2,000 rows, openpyxl-written sheet",
                          jdcheck("groupbuy", str(folders["openpyxl"]), "--format", "json", *TODAY), runs))
    return results


def bench_batch(work: Path, runs: int, count: int, jobs: int) -> list[Result]:
    results = []
    for kind, label in (("real-drive", f"real drive, {count} folders"), ("batch", f"tiny folders (issue 7 data), {count}")):
        args = [str(count), "libreoffice", "png1280"] if kind == "real-drive" else [str(count)]
        root = generate(kind, work / f"{kind}-{count}", *args)
        result = repeat(f"`jdcheck batch --jobs {jobs} --format json`, {label}",
                        jdcheck("batch", str(root), "--format", "json", "--jobs", str(jobs), *TODAY), runs, ok=(0, 1))
        result.count = count
        results.append(result)
        shutil.rmtree(root)
    return results


def bench_growth(work: Path, runs: int, jobs: int, folder_counts: list[int], row_counts: list[int]) -> list[Result]:
    """How cost grows: batches of 1 to 1,000 real folders, and one folder of 20 to 2,000 rows."""
    results = []
    for count in folder_counts:
        root = generate("real-drive", work / f"growth-{count}", str(count), "libreoffice", "png1280")
        result = repeat(f"`jdcheck batch --jobs {jobs}`, {count:,} real folders",
                        jdcheck("batch", str(root), "--format", "json", "--jobs", str(jobs), *TODAY), runs, ok=(0, 1))
        result.count, result.unit = count, "folder"
        results.append(result)
        shutil.rmtree(root)
    for rows in row_counts:
        folder = generate("real", work / f"rows-{rows}" / "团购-红蜻蜓-1201", str(rows), "libreoffice", "png1280")
        result = repeat(f"`jdcheck groupbuy`, {rows:,} rows + {rows:,} slot images",
                        jdcheck("groupbuy", str(folder), "--format", "json", *TODAY), runs, ok=(0, 1))
        result.count, result.unit = rows, "row"
        results.append(result)
        shutil.rmtree(folder.parent)
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
    lines = [f"Machine: {machine()}, load average {' '.join(f'{x:.1f}' for x in getattr(os, 'getloadavg', tuple)())} at the end. Medians of {', '.join(f'{n} runs ({k})' for k, n in runs.items())}; "
             "each run a fresh process. CPU = user + system time of the process and its children.", ""]
    lines.append("| benchmark | command | wall | CPU | peak memory | vs baseline |")
    lines.append("|---|---|---:|---:|---:|---|")
    for section, results in sections.items():
        baselines = [r for r in results if "(baseline)" in r.name]
        smallest: dict[str, Result] = {}  # per unit, the run the marginal cost is counted from
        for result in results:
            unit = getattr(result, "unit", None)
            if unit and (unit not in smallest or result.count < smallest[unit].count):
                smallest[unit] = result
        for result in results:
            wall, cpu, peak = result.median("wall"), result.median("cpu"), result.median("peak_mb")
            versus = ""
            if result not in baselines:
                # CPU ratios too: wall times swing when other jobs share the machine, CPU less so.
                versus = " · ".join(
                    f"{wall / b.median('wall'):.2f}× wall, {cpu / b.median('cpu'):.2f}× CPU of {_short(b.name)}"
                    for b in baselines)
            count = getattr(result, "count", None)
            if count:
                unit = getattr(result, "unit", "folder")
                versus = f"**{count / wall:,.0f} {unit}s/s** wall, {cpu / count * 1000:.1f} ms CPU per {unit}"
                first = smallest.get(unit)
                if first is not None and first is not result:
                    # what each further folder or row costs: the slope that shows linear growth
                    marginal = (cpu - first.median("cpu")) / (count - first.count) * 1000
                    versus += f", {marginal:.2f} ms CPU per {unit} beyond {first.count:,}"
            lines.append(f"| {section} | {result.name} | {wall:.3f} s | {cpu:.3f} s | {peak:.0f} MB | {versus} |")
    return "\n".join(lines) + "\n"


def _short(name: str) -> str:
    return name.split(" (")[0].split("`")[1] if "`" in name else name.split(" (")[0]


def _find(sections: dict[str, list[Result]], name: str) -> Result | None:
    return next((r for rs in sections.values() for r in rs if r.name == name), None)


def targets(sections: dict[str, list[Result]], jobs: int) -> str:
    """The three targets of issue 14, as ratios measured side by side in this run. Judged on wall
    time, as the issue measured them (what an operator or a script waits for); CPU (every process
    of the run) is shown beside, and for the two parallel ones judged too."""
    lines = ["| target | measured (wall · CPU) | peak memory | target | result |", "|---|---|---:|---|---|"]
    typer_ = _find(sections, BASELINE_TYPER)
    batch = next((r for rs in sections.values() for r in rs if r.name.startswith("`jdcheck batch")
                  and "real drive" in r.name), None)
    if batch is not None:
        wall_rate = batch.count / batch.median("wall")
        cpu_rate = batch.count / (batch.median("cpu") / jobs)  # if both cores were free for it
        lines.append(f"| real drive, `batch --jobs {jobs}` | {wall_rate:.0f} folders/s · {cpu_rate:.0f} folders/s "
                     f"of CPU ({batch.median('cpu') / batch.count * 1000:.1f} ms per folder) | "
                     f"{batch.median('peak_mb'):.0f} MB | ≥ 150 folders/s | {_met(wall_rate >= 150)} on wall, "
                     f"{_met(cpu_rate >= 150)} on CPU |")
    for name in (TYPICAL_JSON, TYPICAL_RICH):
        one = _find(sections, name)
        if one is not None and typer_ is not None:
            ratio_wall, ratio_cpu = one.median("wall") / typer_.median("wall"), one.median("cpu") / typer_.median("cpu")
            lines.append(f"| one real folder ({'JSON' if 'JSON' in name else 'Rich'}), whole process, "
                         f"vs `import typer` | {ratio_wall:.2f}× · {ratio_cpu:.2f}× "
                         f"({one.median('wall') * 1000:.0f} ms vs {typer_.median('wall') * 1000:.0f} ms) | "
                         f"{one.median('peak_mb'):.0f} MB | ≤ 2.0× | {_met(ratio_wall <= 2.0)} |")
    large, frictionless = _find(sections, LARGE), _find(sections, BASELINE_FRICTIONLESS)
    if large is not None and frictionless is not None:
        ratio_wall = large.median("wall") / frictionless.median("wall")
        ratio_cpu = large.median("cpu") / frictionless.median("cpu")
        lines.append(f"| 2,000 rows + 2,000 slot images vs `frictionless validate` of the sheet | "
                     f"{ratio_wall:.2f}× · {ratio_cpu:.2f}× ({large.median('wall'):.2f} s vs "
                     f"{frictionless.median('wall'):.2f} s) | {large.median('peak_mb'):.0f} MB | ≤ 0.5× | "
                     f"{_met(ratio_wall <= 0.5)} on wall, {_met(ratio_cpu <= 0.5)} on CPU |")
    return "\n".join(lines) + "\n"


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


SECTIONS = ("startup", "variants", "large", "batch", "growth")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=SECTIONS, action="append")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller batches, no 1,000-folder step")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--command", help='how to run jdcheck, e.g. "python -m jdcheck" with PYTHONPATH '
                        "pointing at another checkout, to measure it against the same baselines")
    args = parser.parse_args(argv)
    if args.command:
        JDCHECK[:] = args.command.split()
    wanted = args.only or list(SECTIONS)
    runs = {"startup": 5 if args.quick else 11, "variants": 3 if args.quick else 7, "large": 2 if args.quick else 5,
            "batch": 1 if args.quick else 3, "growth": 1}
    if not args.command:
        compile_package()
    sections: dict[str, list[Result]] = {}
    with tempfile.TemporaryDirectory(prefix="jdcheck-bench-") as tmp:
        work = Path(tmp)
        # jdcheck's cache (validated rule files) in the run's own folder, not the user's: each
        # command's warm-up run fills it, as an operator's first check does.
        os.environ["JDCHECK_CACHE_DIR"] = str(work / "cache")
        if "startup" in wanted:
            sections["start-up and one folder"] = bench_startup(work, runs["startup"])
        if "variants" in wanted:
            sections["real folder variants"] = bench_real_variants(work, runs["variants"])
        if "large" in wanted:
            sections["large folder"] = bench_large(work, runs["large"])
        if "batch" in wanted:
            sections["batch"] = bench_batch(work, runs["batch"], 100 if args.quick else 300, args.jobs)
        if "growth" in wanted:
            sections["growth"] = bench_growth(work, runs["growth"], args.jobs,
                                              [1, 10, 100] if args.quick else [1, 10, 100, 1000], [20, 200, 2000])
    text = table(sections, {k: v for k, v in runs.items() if k in wanted}) + "\n" + targets(sections, args.jobs)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    json_path = args.output.with_suffix(".json")
    json_path.write_text(json.dumps({s: [{"name": r.name, "wall": r.median("wall"), "cpu": r.median("cpu"),
                                          "peak_mb": r.median("peak_mb")} for r in rs]
                                     for s, rs in sections.items()}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
