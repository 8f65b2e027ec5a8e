"""`make mutation`'s score (tests/mutation/score.py) on a small fake project and mutants folder:
a row for every module only_mutate lists, "not run" until one of its mutants has run, the
equivalent mutants left out of the score, and the survivors listed and retried."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

MUTATION = Path(__file__).parent / "mutation"
spec = importlib.util.spec_from_file_location("score", MUTATION / "score.py")
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)

PYPROJECT = """\
[tool.mutmut]
source_paths = ["src"]
only_mutate = ["src/phaseone/agreement.py", "src/phaseone/growth/*.py",
               "src/phaseone/data/derive/*.py", "src/phaseone/builder/cache.py"]
"""
SOURCES = {"agreement.py": "def targets():\n    return 1\n", "growth/__init__.py": "",
           "growth/rates.py": "def cagr():\n    return 2\n",
           "data/derive/__init__.py": "def derive():\n    return 3\n",
           "builder/cache.py": "def seal():\n    return 4\n",
           "builder/html.py": "def export():\n    return 5\n"}  # not listed: not mutated


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    for relative, text in SOURCES.items():
        path = tmp_path / "lib" / "phaseone" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "EQUIVALENTS.md").write_text(
        "# Equivalent mutants\n\n- `phaseone.agreement.x_targets__mutmut_3`: harmless.\n")
    return tmp_path


def meta(mutants: Path, relative: str, codes: dict) -> None:
    path = mutants / "src" / "phaseone" / f"{relative}.meta"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"exit_code_by_key": codes, "durations_by_key": {}}))


def rows(text: str) -> dict[str, list[str]]:
    """The table's rows by module: mutants, killed, survived, equivalent, not run, score."""
    out = {}
    for line in text.splitlines()[1:]:
        name = "all covered modules" if line.startswith("all covered modules") else \
            line.split()[0] if line.startswith("phaseone") else None
        if name:
            out[name] = line.removeprefix(name).split()
    return out


def test_module_names_are_mutmuts(project):
    assert score.module_name("phaseone/builder/cache.py") == "phaseone.builder.cache"
    assert score.module_name("phaseone/data/derive/__init__.py.meta") == "phaseone.data.derive"
    assert score.covered_modules(project / "pyproject.toml") == {
        "phaseone.agreement": True, "phaseone.growth": False, "phaseone.growth.rates": True,
        "phaseone.data.derive": True, "phaseone.builder.cache": True}


def test_every_listed_module_has_a_score_or_says_not_run(project, capsys):
    mutants = project / "mutants"
    meta(mutants, "agreement.py", {"phaseone.agreement.x_targets__mutmut_1": 1,
                                   "phaseone.agreement.x_targets__mutmut_2": 0,
                                   "phaseone.agreement.x_targets__mutmut_3": 0,
                                   "phaseone.agreement.x_targets__mutmut_4": 36,
                                   "phaseone.agreement.x_targets__mutmut_5": None})
    meta(mutants, "data/derive/__init__.py", {"phaseone.data.derive.x_derive__mutmut_1": 1,
                                              "phaseone.data.derive.x_derive__mutmut_2": 33})
    meta(mutants, "growth/rates.py", {"phaseone.growth.rates.x_cagr__mutmut_1": None})
    meta(mutants, "build/cache.py", {"phaseone.build.cache.x_seal__mutmut_1": 1})  # old path
    assert score.report(mutants, project / "pyproject.toml", project / "EQUIVALENTS.md") == 0
    out = capsys.readouterr().out
    table = rows(out)
    # mutants, killed, survived, equivalent, not run, score
    assert table["phaseone.agreement"] == ["5", "2", "1", "1", "1", "66.7%"]
    assert table["phaseone.data.derive"] == ["2", "1", "1", "0", "0", "50.0%"]
    assert table["phaseone.growth.rates"] == ["1", "0", "0", "0", "1", "not", "run"]
    assert table["phaseone.builder.cache"] == ["0", "0", "0", "0", "0", "not", "run"]
    assert table["phaseone.growth"][-2:] == ["no", "code"]
    assert table["phaseone.build.cache"][-1] == "100.0%"  # results of a module since moved
    assert table["all covered modules"] == ["9", "4", "2", "1", "2", "66.7%"]
    assert list(table)[:5] == ["phaseone.agreement", "phaseone.growth", "phaseone.growth.rates",
                               "phaseone.data.derive", "phaseone.builder.cache"]
    assert "phaseone.builder.html" not in table
    survivors = out.split("Survivors")[1]
    assert re.search(r"phaseone.agreement.x_targets__mutmut_2 +\(survived\)", survivors)
    assert re.search(r"phaseone.data.derive.x_derive__mutmut_2 +\(no test\)", survivors)
    assert "x_targets__mutmut_3" not in survivors  # equivalent


def test_without_results_every_module_says_not_run(project, capsys):
    assert score.report(project / "mutants", project / "pyproject.toml",
                        project / "EQUIVALENTS.md") == 1
    out = capsys.readouterr().out
    table = rows(out)
    assert all(row[-2:] in (["not", "run"], ["no", "code"]) for row in table.values())
    assert len(table) == 6 and "run `make mutation`" in out


def test_retest_forgets_the_survivors_but_not_the_equivalent_or_killed(project):
    mutants = project / "mutants"
    meta(mutants, "agreement.py", {"phaseone.agreement.x_targets__mutmut_1": 1,
                                   "phaseone.agreement.x_targets__mutmut_2": 0,
                                   "phaseone.agreement.x_targets__mutmut_3": 0,
                                   "phaseone.agreement.x_targets__mutmut_4": 33})
    score.retest(mutants, project / "EQUIVALENTS.md")
    codes = json.loads((mutants / "src/phaseone/agreement.py.meta").read_text())
    assert codes["exit_code_by_key"] == {"phaseone.agreement.x_targets__mutmut_1": 1,
                                         "phaseone.agreement.x_targets__mutmut_2": None,
                                         "phaseone.agreement.x_targets__mutmut_3": 0,
                                         "phaseone.agreement.x_targets__mutmut_4": None}
    assert codes["durations_by_key"] == {}


def test_the_projects_equivalents_name_modules_make_mutation_covers():
    modules = score.covered_modules()
    for name in score.equivalents():
        module = re.sub(r"\.x_\w+__mutmut_\d+$", "", name)
        assert module in modules, f"{name}: EQUIVALENTS.md names a module make mutation skips"
    assert {"phaseone.builder.cache", "phaseone.data.tables", "phaseone.scenarios",
            "phaseone.reports.compliance.model", "phaseone.data.derive.monthly_estimate",
            "phaseone.data.derive"} <= set(modules)
