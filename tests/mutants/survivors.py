"""Apply each bug of issue 12's list to a scratch copy of the project and run the fast tests.

Usage: python tests/mutants/survivors.py [NUMBER ...]. Prints, for each bug, the fast tests that
fail (the bug is caught) or SURVIVED. The project itself is never modified.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAST = ["-m", "not notebook and not raw", "-q", "-p", "no:cacheprovider", "--no-header",
        "-p", "no:randomly", "--ignore=tests/test_project.py", "--ignore=tests/test_sources.py",
        "--ignore=tests/test_derive.py",
        "--deselect=tests/test_cli.py::test_a_closed_pipe_is_reported_once"]

# (what the bug does, file under lib/phaseone, original text, mutated text)
SURVIVORS = [
    ("compliance.purchases ignores include_civil_aircraft", "compliance.py",
     'goods = goods[goods["category"] != "civil_aircraft"]\n    goods = goods.groupby(',
     'goods = goods\n    goods = goods.groupby('),
    ("tracker reads the same-month 2017 level from 2018", "compliance.py",
     'out["level_2017_bn"] = [by_month.get(f"{BASE_YEAR}{m[4:]}")',
     'out["level_2017_bn"] = [by_month.get(f"{BASE_YEAR + 1}{m[4:]}")'),
    ("vs_2017 divided by the target, not the 2017 level", "compliance.py",
     'out["vs_2017"] = out["purchases_bn"] / out["baseline_bn"]',
     'out["vs_2017"] = out["purchases_bn"] / out["target_bn"]'),
    ("counterfactual ignores base_year", "growth/exports.py",
     '_value(data, base_year, "base_year")', '_value(data, BASE_YEAR, "base_year")'),
    ("trend_basis drops the last year", "growth/exports.py",
     "set(range(start, end + 1))", "set(range(start, end))"),
    ("trend window minimum loosened (3 -> 2 observations)", "growth/trend.py",
     "if len(s) < 3:", "if len(s) < 2:"),
    ("trend window minimum off by one (< 3 -> <= 3)", "growth/trend.py",
     "if len(s) < 3:", "if len(s) <= 3:"),
    ("additions in the base year accepted (<= -> <)", "growth/rates.py",
     "if years[0] <= base_year:", "if years[0] < base_year:"),
    ("prorate accepts negative weights", "agreement.py",
     "(weights < 0).any() or ", ""),
    ("a required column made nullable", "data.py",
     'nullable=not f.get("constraints", {}).get("required")', "nullable=True"),
    ("load() returns the cached frame itself", "data.py",
     "return _load(name, data_dir).copy() if verify", "return _load(name, data_dir) if verify"),
    ("a numeric list parameter parsed as strings", "parameters.py",
     "return [yaml.safe_load(item) for item in items] if numeric else items", "return items"),
    ("parameter values left out of the cache key", "build/cache.py",
     "    digest.update(params_mod.canonical(values).encode())\n", ""),
    ("run(force=True) returns the cached report", "build/__init__.py",
     "    if not force and job.cached():\n        say(progress, f\"{stem}: up to date\")",
     "    if job.cached():\n        say(progress, f\"{stem}: up to date\")"),
    ("the data folder left out of the cache key", "build/cache.py",
     '(("data", paths.data), ("lib", paths.lib))', '(("lib", paths.lib),)'),
]


def scratch_copy(target: Path) -> None:
    for name in ("lib", "tests", "data", "notebooks"):
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", target)


def failing_tests(number: int) -> list[str] | None:
    """The fast tests that fail with bug `number` applied, None when the suite passes."""
    _, file, old, new = SURVIVORS[number - 1]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        scratch_copy(scratch)
        source = scratch / "lib" / "phaseone" / file
        text = source.read_text()
        if text.count(old) != 1:
            raise SystemExit(f"bug {number}: the original text is not once in {file}")
        source.write_text(text.replace(old, new))
        env = {"PYTHONPATH": str(scratch / "lib"), "PATH": "/usr/bin:/bin",
               "HOME": tmp, "PHASEONE_RAW": str(scratch / "no-raw")}
        out = subprocess.run([sys.executable, "-m", "pytest", *FAST, "-rf", "tests"],
                             cwd=scratch, env=env, capture_output=True, text=True)
        if out.returncode == 0:
            return None
        failed = [line.split()[1] for line in out.stdout.splitlines()
                  if line.startswith("FAILED ")]
        return failed or [out.stdout[-2000:]]


def main(numbers: list[int]) -> int:
    survived = 0
    for number in numbers or range(1, len(SURVIVORS) + 1):
        failed = failing_tests(number)
        survived += failed is None
        caught = "SURVIVED" if failed is None else f"caught by {len(failed)}: " + \
            ", ".join(f.removeprefix("tests/") for f in failed[:4])
        print(f"{number:2d}. {SURVIVORS[number - 1][0]}: {caught}", flush=True)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main([int(n) for n in sys.argv[1:]]))
