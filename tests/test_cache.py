"""The cache key of a report, without starting a kernel: every input changes it, and --force
rebuilds a report the cache holds."""

import shutil
from pathlib import Path

import pytest
from test_build import make_data

from phaseone import builder
from phaseone.builder import Paths, cache, execute
from phaseone.data import package as datapackage

FIXTURES = Path(__file__).parent / "fixtures"
LIB = Path(builder.__file__).resolve().parents[1]
SIMPLE = {"basis": "us_exports", "year": 2021, "confidence": 0.95, "include_services": True,
          "sectors": ["agriculture", "energy"], "label": "base"}


@pytest.fixture
def project(tmp_path):
    (tmp_path / "notebooks").mkdir()
    shutil.copy(FIXTURES / "simple.py", tmp_path / "notebooks")
    make_data(tmp_path / "data", "2020,1.0\n2021,2.0\n")
    (tmp_path / "data" / "other.csv").write_text("x\n1\n")
    shutil.copytree(LIB, tmp_path / "lib", ignore=shutil.ignore_patterns("__pycache__"))
    return Paths(notebooks=tmp_path / "notebooks", reports=tmp_path / "reports",
                 data=tmp_path / "data", lib=tmp_path / "lib")


def key(paths: Paths, values=SIMPLE) -> str:
    source = paths.notebooks / "simple.py"
    return cache.input_hash(source, values, cache.environment_digest(paths))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


@pytest.mark.parametrize("change", [
    lambda p: _append(p.notebooks / "simple.py", "\n# %%\nprint('one more cell')\n"),
    lambda p: _append(p.data / "table.csv", "2022,3.0\n"),
    lambda p: _append(p.data / "other.csv", "2\n"),
    lambda p: (p.data / "new.csv").write_text("y\n1\n"),
    lambda p: (p.data / "other.csv").unlink(),
    lambda p: _append(p.data / "datapackage.json", "\n"),
    lambda p: _append(p.lib / "growth" / "rates.py", "\n# a comment\n"),
    lambda p: _append(p.lib / "builder" / "html.py", "\n"),
    lambda p: _append(p.lib / "templates" / "phaseone" / "index.html.j2", "\n"),
], ids=["notebook", "data-row", "other-data-file", "new-data-file", "removed-data-file",
        "datapackage", "library", "builder", "template"])
def test_every_input_changes_the_key(project, change):
    before = key(project)
    change(project)
    assert key(project) != before


@pytest.mark.parametrize("name, value", [
    ("basis", "china_imports"), ("year", 2020), ("confidence", 0.9),
    ("include_services", False), ("sectors", ["energy", "agriculture"]), ("sectors", ["energy"]),
    ("label", "Base"),
])
def test_every_parameter_value_changes_the_key(project, name, value):
    assert key(project, {**SIMPLE, name: value}) != key(project)


def test_another_data_folder_with_other_content_changes_the_key(project, tmp_path):
    other = Paths(project.notebooks, project.reports, make_data(tmp_path / "alt"), project.lib)
    assert key(other) != key(project)
    shutil.copytree(project.data, tmp_path / "same")
    assert key(Paths(project.notebooks, project.reports, tmp_path / "same", project.lib)) == \
        key(project)  # the same bytes elsewhere build the same report


def test_the_key_ignores_what_cannot_change_a_report(project):
    before = key(project)
    (project.lib / "__pycache__").mkdir(exist_ok=True)
    (project.lib / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (project.data / ".DS_Store").write_bytes(b"\0")
    assert key(project) == before
    assert key(project, dict(reversed(list(SIMPLE.items())))) == before  # order of parameters


def fake_report(job: cache.Job) -> None:
    """Outputs the cache accepts as job's report, written without a kernel."""
    notebook = b'{"cells": [], "metadata": {}}'
    job.out_dir.mkdir(parents=True, exist_ok=True)
    job.ipynb.write_bytes(notebook)
    page = (f'<html><head>\n<meta name="phaseone-input-hash" content="{job.input_hash}">\n'
            f'<meta name="phaseone-notebook-hash" content="{datapackage.sha256_bytes(notebook)}">'
            f'\n<meta name="phaseone-report-hash" content="{cache.UNSEALED}">'
            "</head><body>cached</body></html>\n")
    job.html.write_text(cache.seal(page))


@pytest.fixture
def kernels(monkeypatch):
    """Record the jobs handed to the kernels instead of running them."""
    started = []

    def run_jobs(jobs, paths, force, workers, progress, timeout=None):
        started.extend(job.stem for job in jobs)
        return [execute.Result(job.stem, "built", job.html, job.ipynb) for job in jobs]

    monkeypatch.setattr(execute, "run_jobs", run_jobs)
    return started


def test_force_rebuilds_what_the_cache_holds(project, kernels):
    [job] = builder._report_jobs(["simple"], project, {})
    fake_report(job)
    assert builder.stale_reports(paths=project) == []
    assert [r.status for r in builder.build_all(paths=project, progress=False)] == ["cached"]
    assert kernels == []
    builder.build_all(paths=project, force=True, progress=False)
    assert kernels == ["simple"]


def test_run_force_rebuilds_what_the_cache_holds(project, kernels):
    overrides = {"year": 2020}
    source = project.notebooks / "simple.py"
    stem = builder.run_name("simple", {**SIMPLE, **overrides}, SIMPLE)
    job = cache.Job("simple", stem, source, {**SIMPLE, **overrides}, project.runs,
                    key(project, {**SIMPLE, **overrides}))
    fake_report(job)
    assert builder.run("simple", overrides, paths=project, progress=False).status == "cached"
    assert kernels == []
    assert builder.run("simple", overrides, paths=project, force=True, progress=False).status \
        == "built"
    assert kernels == [stem]


def test_a_report_built_with_other_parameters_is_not_reused(project, kernels):
    source = project.notebooks / "simple.py"
    stem = builder.run_name("simple", {**SIMPLE, "year": 2020}, SIMPLE)
    fake_report(cache.Job("simple", stem, source, SIMPLE, project.runs, key(project)))  # wrong key
    builder.run("simple", {"year": 2020}, paths=project, progress=False)
    assert kernels == [stem]
