"""Mutation score per module from mutmut's results, less the equivalent mutants.

Usage: python tests/mutation/score.py MUTANTS_DIR          print scores and survivors
       python tests/mutation/score.py --retest MUTANTS_DIR  mark survivors unchecked, so the
                                                           next `mutmut run` tries them again
Every module that pyproject.toml's [tool.mutmut] only_mutate names gets a row, "not run" until
mutmut has tried one of its mutants. Equivalent mutants (harmless by construction) are listed
in EQUIVALENTS.md beside this file.
"""

import fnmatch
import json
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

KILLED = {1, 3, 24, -24, 152, 255, 36, 37}  # test failure, pytest error, timeout, type check
NOT_RUN = {None, 34}  # not checked yet, skipped
NO_TEST = {5, 33}
EQUIVALENTS = Path(__file__).with_name("EQUIVALENTS.md")
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def module_name(relative: str) -> str:
    """mutmut's module name for a source path under a source root: `phaseone/data/derive/
    __init__.py` is `phaseone.data.derive`, `phaseone/builder/cache.py` `phaseone.builder.cache`."""
    name = relative.removesuffix(".py.meta").removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def equivalents(path: Path = EQUIVALENTS) -> set[str]:
    """Mutant names listed as equivalent: lines starting with '- `NAME`'."""
    return set(re.findall(r"^- `([\w.]+__mutmut_\d+)`", path.read_text(), re.M))


def has_functions(path: Path) -> bool:
    """Whether mutmut finds anything to mutate: it mutates the code of functions and methods."""
    return re.search(r"^\s*(?:async\s+)?def ", path.read_text(encoding="utf-8"), re.M) is not None


def covered_modules(pyproject: Path = PYPROJECT) -> dict[str, bool]:
    """The modules `make mutation` mutates: the files under the project's `lib/` (the
    Makefile links it as mutmut's `src/`) that match [tool.mutmut] only_mutate, in its order,
    each with whether it has a function to mutate. As in mutmut, `*` in a pattern spans
    folders."""
    config = tomllib.loads(pyproject.read_text())["tool"]["mutmut"]
    patterns = config.get("only_mutate", [])
    roots = config.get("source_paths", ["src"])
    lib = pyproject.parent / "lib"
    files = sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*.py")
                   if "__pycache__" not in p.parts)
    found = {}
    for pattern in patterns:
        for relative in files:
            if any(fnmatch.fnmatch(f"{root}/{relative}", pattern) for root in roots):
                found.setdefault(module_name(relative), has_functions(lib / relative))
    return found


def results(mutants: Path) -> dict[str, dict[str, int | None]]:
    """Exit code by mutant name, by module (mutmut's .meta files under MUTANTS_DIR/src)."""
    out = {}
    for meta in sorted((mutants / "src").rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if codes:
            out[module_name(meta.relative_to(mutants / "src").as_posix())] = codes
    return out


def kind(name: str, code: int | None, equivalent: set[str]) -> str:
    if name in equivalent:
        return "equivalent"
    if code in NOT_RUN:
        return "not run"
    return "killed" if code in KILLED else "survived"


def report(mutants: Path, pyproject: Path = PYPROJECT, equivalents_md: Path = EQUIVALENTS) -> int:
    """Print the score of every covered module and the survivors; 1 when no mutant has run."""
    by_module = results(mutants) if mutants.is_dir() else {}
    equivalent = equivalents(equivalents_md)
    covered = covered_modules(pyproject)
    modules = [*covered, *(m for m in by_module if m not in covered)]  # and those no longer listed
    survivors, rows, total = [], [], defaultdict(int)
    for module in modules:
        count = defaultdict(int)
        for name, code in by_module.get(module, {}).items():
            count[kind(name, code, equivalent)] += 1
            if kind(name, code, equivalent) == "survived":
                survivors.append(f"  {name}  ({'no test' if code in NO_TEST else 'survived'})")
        rows.append((module, count))
        for key, n in count.items():
            total[key] += n
    width = max(len(m) for m in [*modules, "all covered modules"])
    print(f"{'module':{width}} {'mutants':>7} {'killed':>7} {'survived':>8} {'equiv.':>6} "
          f"{'not run':>7} {'score':>7}")
    for module, count in [*rows, ("all covered modules", total)]:
        tried = count["killed"] + count["survived"]
        score = (f"{100 * count['killed'] / tried:6.1f}%" if tried
                 else "no code" if covered.get(module) is False else "not run")
        print(f"{module:{width}} {sum(count.values()):7d} {count['killed']:7d} "
              f"{count['survived']:8d} {count['equivalent']:6d} {count['not run']:7d} {score:>7}")
    if survivors:
        print("\nSurvivors (`mutmut show NAME` in .mutation/ prints the change):")
        print("\n".join(survivors))
    if not total["killed"] + total["survived"]:
        print(f"\nno mutmut results under {mutants}: run `make mutation`")
        return 1
    return 0


def retest(mutants: Path, equivalents_md: Path = EQUIVALENTS) -> None:
    """Forget the survivors' results so the next run tries them against the current tests
    (not the equivalent ones: no test can kill them)."""
    equivalent = equivalents(equivalents_md)
    for meta in mutants.rglob("*.py.meta"):
        data = json.loads(meta.read_text())
        codes = data["exit_code_by_key"]
        for name, code in codes.items():
            if name not in equivalent and code not in KILLED and code not in NOT_RUN:
                codes[name] = None
        meta.write_text(json.dumps(data, indent=4))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--retest"]:
        retest(Path(args[1]))
    else:
        sys.exit(report(Path(args[0])))
