"""The house: every module under lib/ is seen by the tools, and each shared name has one home."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from phaseone import config, vocabulary

LIB = config.ROOT / "lib"
PYTEST_SKIPS = ("build", "dist", "venv", "node_modules", "CVS", "_darcs")  # norecursedirs


def test_ruff_lints_every_module_under_lib_whatever_the_ignore_file(tmp_path):
    shutil.copytree(LIB, tmp_path / "lib", ignore=shutil.ignore_patterns("__pycache__",
                                                                        "*.egg-info"))
    shutil.copy(config.ROOT / "pyproject.toml", tmp_path)
    (tmp_path / ".gitignore").write_text("build/\nlib/\n*.py\n")  # GitHub's Python template, worse
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    ruff = Path(sys.executable).with_name("ruff")
    shown = subprocess.run([str(ruff), "check", "--show-files", "lib"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    modules = {p.relative_to(tmp_path).as_posix() for p in (tmp_path / "lib").rglob("*.py")}
    seen = {m for m in modules if m in shown}
    assert seen == modules


def test_no_folder_has_a_name_pytest_or_the_usual_ignore_files_skip():
    folders = [p for p in [*LIB.rglob("*"), *(config.ROOT / "tests").rglob("*")] if p.is_dir()]
    assert not [p for p in folders if p.name in PYTEST_SKIPS]


def test_no_name_of_the_vocabulary_is_declared_anywhere_else():
    shared = {n for n in vars(vocabulary) if n.isupper()}
    declared = []
    for path in (LIB / "phaseone").rglob("*.py"):
        if path.name == "vocabulary.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = (node.targets if isinstance(node, ast.Assign) else
                       [node.target] if isinstance(node, ast.AnnAssign) else [])
            names = [t.id for t in targets if isinstance(t, ast.Name)] + [
                e.id for t in targets if isinstance(t, ast.Tuple) for e in t.elts
                if isinstance(e, ast.Name)]
            declared += [f"{path.relative_to(LIB)}: {n}" for n in names if n in shared]
    assert declared == []


def test_the_domain_describes_exactly_the_vocabularys_names():
    from phaseone import growth, scenarios
    from phaseone.growth.definitions import _DEFINITIONS

    assert tuple(growth.ERROR_MODELS) == vocabulary.TREND_ERRORS
    assert tuple(growth.exports.SERIES_TEXT) == vocabulary.SERIES
    assert tuple(_DEFINITIONS) == vocabulary.DEFINITIONS
    assert tuple(scenarios.YARDSTICK_TEXT) == vocabulary.YARDSTICKS
    assert tuple(scenarios.OWED_TEXT) == vocabulary.OWED
