"""The builder's cache, without starting a kernel: every input changes a report's key and files
no report can depend on do not; a notebook is read cell by cell; a sealed report is read back
only when intact; --force rebuilds a report the cache holds."""

import json
import shutil
from pathlib import Path

import pytest
from test_builder import make_data

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
    stem = builder.run_name("simple", {**SIMPLE, **overrides}, SIMPLE, project.notebooks)
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
    stem = builder.run_name("simple", {**SIMPLE, "year": 2020}, SIMPLE,
                            project.notebooks)
    fake_report(cache.Job("simple", stem, source, SIMPLE, project.runs, key(project)))  # wrong key
    builder.run("simple", {"year": 2020}, paths=project, progress=False)
    assert kernels == [stem]


VALUES = {"year": 2021}


NOTEBOOK = """\
# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # Title: growth — 2017 → 2021

# %% tags=["parameters"]
year = 2021

# %% [md]
# Short markdown marker

# %% [raw]
raw text

# %% tags=["remove_cell", "x"]
    print(year)  \t
X
"""


def test_a_percent_notebook_is_read_cell_by_cell(tmp_path):
    path = tmp_path / "n.py"
    path.write_text(NOTEBOOK, encoding="utf-8")
    assert cache.notebook_cells(path) == [
        ("markdown", [], "# # Title: growth — 2017 → 2021"),
        ("code", ["parameters"], "year = 2021"),
        ("markdown", [], "# Short markdown marker"),
        ("raw", [], "raw text"),
        ("code", ["remove_cell", "x"], "    print(year)  \t\nX"),
    ]


def test_a_plain_script_is_one_code_cell(tmp_path):
    path = tmp_path / "s.py"
    path.write_text("\n  X = 1\n# %%% not a marker\nX\n\n")
    assert cache.notebook_cells(path) == [("code", [], "  X = 1\n# %%% not a marker\nX")]


@pytest.mark.parametrize("source", [str, lambda text: text.splitlines(keepends=True)],
                         ids=["string", "lines"])
def test_an_ipynb_means_what_its_cells_say(tmp_path, source):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": source("# Title\nmore")},
             {"cell_type": "code", "metadata": {"tags": ["parameters"]},
              "source": source("year = 2021"), "outputs": [], "execution_count": None}]
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))
    assert cache.notebook_cells(path) == [("markdown", [], "# Title\nmore"),
                                          ("code", ["parameters"], "year = 2021")]


def test_an_ipynb_cell_without_metadata_has_no_tags(tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "source": "x = 1"}]}))
    assert cache.notebook_cells(path) == [("code", [], "x = 1")]


@pytest.fixture
def paths(tmp_path):
    make_data(tmp_path / "data", "2020,1.0\n")
    shutil.copytree(LIB, tmp_path / "lib", ignore=shutil.ignore_patterns("__pycache__"))
    return Paths(notebooks=tmp_path, reports=tmp_path / "reports", data=tmp_path / "data",
                 lib=tmp_path / "lib")


def test_without_a_data_folder_the_package_still_counts(paths):
    shutil.rmtree(paths.data)
    before = cache.environment_digest(paths)
    (paths.lib / "growth" / "rates.py").write_text("# changed\n")
    assert cache.environment_digest(paths) != before


@pytest.mark.parametrize("junk", ["__pycache__/notes.txt", "growth/__pycache__/x.nbi",
                                  "stray.pyc", "growth/old.pyc"])
def test_compiled_files_do_not_change_the_key(paths, junk):
    before = cache.environment_digest(paths)
    (paths.lib / junk).parent.mkdir(parents=True, exist_ok=True)
    (paths.lib / junk).write_bytes(b"\0compiled")
    assert cache.environment_digest(paths) == before


def _page(body: str = "<p>report</p>") -> str:
    return ('<html><head>\n<meta name="phaseone-input-hash" content="ab12">\n'
            '<meta name="phaseone-notebook-hash" content="cd34">\n'
            f'<meta name="phaseone-report-hash" content="{cache.UNSEALED}">\n'
            f"</head><body>{body}</body></html>\n")


def test_a_sealed_report_records_its_hashes(tmp_path):
    path = tmp_path / "r.html"
    path.write_text(cache.seal(_page()))
    assert cache.recorded_hashes(path) == {"input": "ab12", "notebook": "cd34"}
    assert cache.recorded_hash(path) == "ab12"


def test_sealing_leaves_a_quoted_meta_tag_in_the_body_alone(tmp_path):
    """A report may show the seal's tag (say, in a code listing) far down its body."""
    quote = f'<meta name="phaseone-report-hash" content="{cache.UNSEALED}">'
    page = _page("x" * 5000 + quote)
    sealed = cache.seal(page)
    assert sealed.endswith(quote + "</body></html>\n")
    assert sealed.count(cache.UNSEALED) == 1
    path = tmp_path / "r.html"
    path.write_text(sealed)
    assert cache.recorded_hash(path) == "ab12"


@pytest.mark.parametrize("damage", [
    lambda page: page.replace("<p>report</p>", "<p>rep0rt</p>"),
    lambda page: page[: len(page) // 2 + 40],
    lambda page: page.replace('content="ab12"', 'content="ab13"'),
], ids=["changed-byte", "truncated", "changed-input-hash"])
def test_a_damaged_report_records_nothing(tmp_path, damage):
    path = tmp_path / "r.html"
    path.write_text(damage(cache.seal(_page())))
    assert cache.recorded_hashes(path) == {}
    assert cache.recorded_hash(path) is None


@pytest.mark.parametrize("page", [
    _page(),  # never sealed
    _page().replace(f'<meta name="phaseone-report-hash" content="{cache.UNSEALED}">\n', ""),
], ids=["unsealed", "no-seal-tag"])
def test_an_unsealed_report_records_nothing(tmp_path, page):
    path = tmp_path / "r.html"
    path.write_text(page)
    assert cache.recorded_hashes(path) == {}
    assert cache.recorded_hash(path) is None


def test_a_missing_or_undecodable_report_records_nothing(tmp_path):
    assert cache.recorded_hash(tmp_path / "missing.html") is None
    (tmp_path / "bad.html").write_bytes(b"\xff\xfe" + cache.seal(_page()).encode())
    assert cache.recorded_hashes(tmp_path / "bad.html") == {}


def test_a_report_without_its_notebook_is_not_cached(tmp_path):
    notebook = b'{"cells": []}'
    job = cache.Job("simple", "simple", tmp_path / "simple.py", VALUES, tmp_path, "ab12")
    job.ipynb.write_bytes(notebook)
    page = _page().replace("cd34", datapackage.sha256_bytes(notebook))
    job.html.write_text(cache.seal(page))
    assert job.cached()
    job.ipynb.write_bytes(notebook + b"\n")
    assert not job.cached()
    job.ipynb.unlink()
    assert not job.cached()
