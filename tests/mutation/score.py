"""Mutation score per module from mutmut's results, less the equivalent mutants.

Usage: python tests/mutation/score.py MUTANTS_DIR          print scores and survivors
       python tests/mutation/score.py --retest MUTANTS_DIR  mark survivors unchecked, so the
                                                           next `mutmut run` tries them again
Equivalent mutants (harmless by construction) are listed in EQUIVALENTS.md beside this file.
"""

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

KILLED = {1, 3, 24, -24, 152, 255, 36, 37}  # test failure, pytest error, timeout, type check
NOT_RUN = {None, 34}  # not checked yet, skipped
EQUIVALENTS = Path(__file__).with_name("EQUIVALENTS.md")


def equivalents() -> set[str]:
    """Mutant names listed as equivalent: lines starting with '- `NAME`'."""
    return set(re.findall(r"^- `([\w.]+__mutmut_\d+)`", EQUIVALENTS.read_text(), re.M))


def results(mutants: Path) -> dict[str, dict[str, int | None]]:
    """Exit code by mutant name, by module (mutmut's .meta files)."""
    out = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if codes:
            module = meta.relative_to(mutants / "src").as_posix().removesuffix(".py.meta")
            out[module.replace("/", ".")] = codes
    return out


def report(mutants: Path) -> int:
    """Print the score per module and the survivors; 1 when no result was found."""
    by_module = results(mutants)
    if not by_module:
        print(f"no mutmut results under {mutants}")
        return 1
    equivalent = equivalents()
    survivors = defaultdict(list)
    rows, total = [], defaultdict(int)
    for module, codes in by_module.items():
        count = defaultdict(int)
        for name, code in codes.items():
            kind = ("equivalent" if name in equivalent else "not run" if code in NOT_RUN
                    else "killed" if code in KILLED else "survived")
            count[kind] += 1
            if kind == "survived":
                survivors[module].append((name, "no test" if code in (5, 33) else "survived"))
        rows.append((module, count))
        for kind, n in count.items():
            total[kind] += n
    print(f"{'module':32} {'mutants':>7} {'killed':>7} {'survived':>8} {'equiv.':>6} "
          f"{'not run':>7} {'score':>6}")
    for module, count in [*rows, ("all covered modules", total)]:
        tried = count["killed"] + count["survived"]
        score = f"{100 * count['killed'] / tried:5.1f}%" if tried else "    -"
        print(f"{module:32} {sum(count.values()):7d} {count['killed']:7d} "
              f"{count['survived']:8d} {count['equivalent']:6d} {count['not run']:7d} {score:>6}")
    print("\nSurvivors (`mutmut show NAME` in .mutation/ prints the change):")
    for names in survivors.values():
        for name, why in names:
            print(f"  {name}  ({why})")
    return 0


def retest(mutants: Path) -> None:
    """Forget the survivors' results so the next run tries them against the current tests
    (not the equivalent ones: no test can kill them)."""
    equivalent = equivalents()
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
