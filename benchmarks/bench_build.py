"""Benchmark `phaseone build` against the naive pipeline and against plain Python scripts.

    python benchmarks/bench_build.py [--notebooks DIR] [--jobs N] [--repeat N] [--floor-only]

Builds the notebooks of notebooks/ (or, when there are none, the fixture notebooks of
tests/fixtures/) into a temporary folder and prints:

  (a) `phaseone build --force` wall time / naive sequential pipeline wall time, where the naive
      pipeline runs, for each notebook, the `jupytext --to ipynb`, `papermill` and
      `jupyter nbconvert --to html` command lines one after the other          (goal <= 0.35)
  (b) a no-change rebuild (`phaseone build`, everything up to date) in seconds (goal < 1 s)
  (c) `phaseone build --force` wall time / running each notebook's code as a plain Python
      script, one after the other
  (d) `phaseone build --force` wall time / the same plain scripts run all at once, the
      floor on these cores                                                      (goal <= 1.5)

The forced build and the scripts run all at once take turns, `--repeat` times (default 3), and
(d) is the median of the ratios of each pair, so that other work on the machine weighs on both
sides alike; every pair is printed. `--floor-only` measures (d) alone.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_SET = ("simple", "plot")


def cpu_seconds() -> float:
    """CPU time (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(commands: list[list[str]], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    for command in commands:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def timed_together(commands: list[list[str]], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    running = [subprocess.Popen(c, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True) for c in commands]
    for command, process in zip(commands, running, strict=True):
        if process.wait() != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read()[-3000:]}")
    return time.perf_counter() - start


def naive_commands(sources: list[Path], notebooks: Path, tmp: Path) -> list[list[str]]:
    """The jupytext, papermill and nbconvert command lines of each notebook, in turn."""
    naive_dir = tmp / "naive"
    naive_dir.mkdir(exist_ok=True)
    commands = []
    for p in sources:
        ipynb, out = naive_dir / f"{p.stem}.ipynb", naive_dir / f"{p.stem}.out.ipynb"
        commands += [
            [tool("jupytext"), "--to", "ipynb", str(notebooks / p.name), "-o", str(ipynb)],
            [tool("papermill"), str(ipynb), str(out), "-k", "python3", "--cwd", str(notebooks)],
            [tool("jupyter"), "nbconvert", "--to", "html", str(out)],
        ]
    return commands


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--notebooks", type=Path, help="folder of jupytext .py notebooks")
    ap.add_argument("--jobs", type=int, help="phaseone build --jobs")
    ap.add_argument("--repeat", type=int, default=3, help="pairs of (d) measured (default 3)")
    ap.add_argument("--floor-only", action="store_true", help="measure (d) only")
    args = ap.parse_args()

    source_dir = args.notebooks or ROOT / "notebooks"
    sources = sorted(p for p in source_dir.glob("*.py") if not p.name.startswith(("_", ".")))
    if not sources:
        sources = [FIXTURES / f"{name}.py" for name in FIXTURE_SET]
    print(f"notebooks: {', '.join(p.stem for p in sources)}  ({os.cpu_count()} cores)")

    with tempfile.TemporaryDirectory(prefix="phaseone-bench-") as tmp:
        tmp = Path(tmp)
        notebooks = tmp / "notebooks"
        notebooks.mkdir()
        for src in sources:
            shutil.copy(src, notebooks / src.name)
        env = {**os.environ, "MPLBACKEND": "Agg"}

        # plain scripts: a percent-format notebook is itself a Python script
        scripts = [[sys.executable, str(notebooks / p.name)] for p in sources]
        timed(scripts, notebooks, env)  # warm the file cache once
        build = [sys.executable, "-m", "phaseone.cli", "build", "-q",
                 "--notebooks", str(notebooks), "--reports", str(tmp / "reports")]
        if args.jobs:
            build += ["--jobs", str(args.jobs)]
        if not args.floor_only:
            plain = timed(scripts, notebooks, env)
            naive = timed(naive_commands(sources, notebooks, tmp), tmp)
            timed([build + ["--force"]], tmp)
            rebuild = timed([build], tmp)
        pairs, cpu = [], []
        for _ in range(max(1, args.repeat)):
            start = cpu_seconds()
            built = timed([build + ["--force"]], tmp)
            middle = cpu_seconds()
            ran = timed_together(scripts, notebooks, env)
            pairs.append((built, ran))
            cpu.append((middle - start, cpu_seconds() - middle))
            print(f"  build --force {built:6.2f} s ({cpu[-1][0]:5.2f} s CPU), scripts all at once "
                  f"{ran:6.2f} s ({cpu[-1][1]:5.2f} s CPU): {built / ran:.2f}", flush=True)
    forced = statistics.median(f for f, _ in pairs)
    together = statistics.median(t for _, t in pairs)
    ratio = statistics.median(f / t for f, t in pairs)

    if not args.floor_only:
        print(f"naive sequential pipeline (jupytext + papermill + nbconvert CLIs): {naive:7.2f} s")
        print(f"plain python scripts, sequential:                                 {plain:7.2f} s")
    print(f"plain python scripts, all at once (median):                       {together:7.2f} s")
    print(f"phaseone build --force (median):                                  {forced:7.2f} s")
    print()
    if not args.floor_only:
        print(f"(a) build --force / naive pipeline   = {forced / naive:5.2f}   (goal <= 0.35)")
        print(f"(b) no-change rebuild                = {rebuild:5.2f} s (goal < 1 s)")
        print(f"(c) build --force / plain scripts    = {forced / plain:5.2f}")
    print(f"(d) build --force / parallel floor   = {ratio:5.2f}   (goal <= 1.5; median of pairs)")
    print(f"    CPU time, build / scripts        = "
          f"{statistics.median(b / s for b, s in cpu):5.2f}   (median of pairs)")


if __name__ == "__main__":
    main()
