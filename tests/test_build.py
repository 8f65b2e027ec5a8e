"""The report builder, on small fixture notebooks in temporary folders (kernels run for real)."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from phaseone import build, config, datapackage
from phaseone.build import BuildError, Paths
from phaseone.headline import headlines
from phaseone.parameters import ParameterError

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.notebook


def make_project(root: Path, *names: str) -> Paths:
    (root / "notebooks").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "data" / "table.csv").write_text("year,value\n2020,1.0\n")
    package = {"version": "0.0.1", "resources": [{"name": "table", "path": "table.csv"}]}
    (root / "data" / "datapackage.json").write_text(json.dumps(package))
    datapackage.refresh(root / "data")
    for name in names:
        shutil.copy(FIXTURES / f"{name}.py", root / "notebooks" / f"{name}.py")
    return Paths(notebooks=root / "notebooks", reports=root / "reports", data=root / "data")


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if ".tmp" in p.name]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """simple and failing built together, once for the module."""
    paths = make_project(tmp_path_factory.mktemp("project"), "simple", "failing")
    with pytest.raises(BuildError) as err:
        build.build_all(paths=paths, jobs=2, progress=False)
    return paths, err.value


# ----------------------------------------------------------------------------- a full build


def test_build_all_builds_good_notebooks_and_reports_failures(built):
    paths, error = built
    statuses = {r.name: r.status for r in error.results}
    assert statuses == {"failing": "failed", "simple": "built"}
    assert (paths.reports / "simple.html").is_file()
    assert (paths.reports / "simple.ipynb").is_file()
    assert not (paths.reports / "failing.html").exists()
    assert leftovers(paths.reports) == []


def test_failure_names_notebook_cell_and_exception(built):
    paths, error = built
    [failure] = error.failures
    message = str(error)
    assert "notebook 'failing'" in message
    assert "cell 3 (counting from 0): result = 10 / divisor" in message
    assert "ZeroDivisionError: division by zero" in message
    kept = paths.failed / "failing.ipynb"
    assert failure.failed_notebook == kept and f"kept at {kept}" in message
    nb = json.loads(kept.read_text())
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors[0]["ename"] == "ZeroDivisionError"


def test_html_has_no_code_and_no_network_requests(built):
    paths, _ = built
    text = (paths.reports / "simple.html").read_text()
    assert "SECRET_SOURCE_MARKER basis=us_exports year=2021" in text  # the output is shown
    assert "print(f" not in text and "headline({" not in text  # the code is not
    assert not re.search(r'class="[^"]*\bjp-(InputPrompt|CodeMirrorEditor|Editor)\b', text)
    code_cells = re.findall(r'class="jp-Cell jp-CodeCell[^"]*"', text)
    assert len(code_cells) >= 3 and all("jp-mod-noInput" in c for c in code_cells)
    assert "REMOVED_CELL_OUTPUT" not in text  # cell tagged remove_cell
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text, re.I):
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", tag, re.I), tag
    assert not re.search(r"""@import\s+url\(\s*["']?https?://""", text)
    assert "require.js" not in text and "mathjax" not in text.lower()


def test_html_header_box_toc_and_hash(built):
    paths, error = built
    text = (paths.reports / "simple.html").read_text()
    [simple] = [r for r in error.results if r.name == "simple"]
    assert f'<meta name="phaseone-input-hash" content="{simple.input_hash}">' in text
    assert build.recorded_hash(paths.reports / "simple.html") == simple.input_hash
    header = re.search(r'<div class="phaseone-header">.*?</div>', text, re.S).group(0)
    for expected in ("Parameters", "<code>basis</code>", "<code>\"us_exports\"</code>",
                     "<code>sectors</code>", "Data version", "0.0.1+", "phaseone 0.1.0",
                     "Built", "Input hash", simple.input_hash[:16]):
        assert expected in header
    toc = re.search(r'<nav class="phaseone-toc">.*?</nav>', text, re.S).group(0)
    assert 'href="#Inputs"' in toc and 'href="#Results"' in toc
    assert "<title>Simple fixture report</title>" in text


def test_executed_notebook_records_build_metadata(built):
    paths, _ = built
    nb = json.loads((paths.reports / "simple.ipynb").read_text())
    meta = nb["metadata"]["phaseone"]
    assert meta["parameters"]["basis"] == "us_exports"
    assert meta["title"] == "Simple fixture report"
    assert headlines(nb) == {"total_bn": 25.0, "year": 2021, "basis": "us_exports"}


def test_index_lists_reports_with_headlines(built):
    paths, _ = built
    text = (paths.reports / "index.html").read_text()
    assert '<a href="simple.html">Simple fixture report</a>' in text
    assert "<dt>total_bn:</dt> <dd>25.0</dd>" in text
    assert "basis=&quot;us_exports&quot;" in text and "0.0.1+" in text
    assert "<script" not in text and "http" not in text


def test_second_build_is_a_cache_hit(built):
    paths, _ = built
    html = paths.reports / "simple.html"
    before = html.stat().st_mtime_ns
    [result] = build.build_all(["simple"], paths=paths, progress=False)
    assert result.status == "cached"
    assert html.stat().st_mtime_ns == before
    assert build.stale_reports(["simple"], paths=paths) == []


def test_cache_hit_imports_no_notebook_machinery(built):
    paths, _ = built
    code = (
        "import sys, time; t = time.perf_counter()\n"
        "from phaseone import cli\n"
        f"rc = cli.main(['build', '-q', '--notebooks', {str(paths.notebooks)!r}, "
        f"'--reports', {str(paths.reports)!r}, '--data', {str(paths.data)!r}, 'simple'])\n"
        "heavy = [m for m in ('nbformat', 'papermill', 'nbconvert', 'jupytext', 'pandas') "
        "if m in sys.modules]\n"
        "print(rc, heavy, time.perf_counter() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("0 [] "), out.stdout + out.stderr  # exit 0, nothing heavy
    assert float(out.stdout.split()[-1]) < 1.0


def test_staleness_follows_data_changes(built, tmp_path):
    paths, _ = built
    moved = Paths(notebooks=paths.notebooks, reports=paths.reports, data=tmp_path)
    shutil.copytree(paths.data, tmp_path, dirs_exist_ok=True)
    assert build.stale_reports(["simple"], paths=moved) == []
    (tmp_path / "table.csv").write_text("year,value\n2020,2.0\n")
    assert build.stale_reports(["simple"], paths=moved) == ["simple"]


def test_unknown_notebook_name_is_a_usage_error(built):
    paths, _ = built
    with pytest.raises(build.UsageError, match="no notebook named 'simpel'.*known notebooks: "
                       "failing, simple"):
        build.build_all(["simpel"], paths=paths, progress=False)


# ----------------------------------------------------------------------------- rebuilds


def test_notebook_change_rebuilds_and_failure_keeps_old_report(tmp_path):
    paths = make_project(tmp_path, "simple")
    [first] = build.build_all(paths=paths, progress=False)
    html, ipynb = paths.reports / "simple.html", paths.reports / "simple.ipynb"
    good_html, good_ipynb = html.read_bytes(), ipynb.read_bytes()

    # a notebook change (here: a default parameter) is a cache miss
    source = paths.notebooks / "simple.py"
    source.write_text(source.read_text().replace('label: str = "base"', 'label: str = "next"'))
    [second] = build.build_all(paths=paths, progress=False)
    assert second.status == "built" and second.input_hash != first.input_hash
    assert "label=next" in html.read_text()
    good_html, good_ipynb = html.read_bytes(), ipynb.read_bytes()

    # the notebook now raises: the previous good report stays untouched
    source.write_text(source.read_text() + '\n# %%\nraise RuntimeError("late failure")\n')
    with pytest.raises(BuildError, match=r"(?s)notebook 'simple'.*cell \d+ .*: raise "
                       r"RuntimeError.*RuntimeError: late failure"):
        build.build_all(paths=paths, progress=False)
    assert html.read_bytes() == good_html and ipynb.read_bytes() == good_ipynb
    assert (paths.failed / "simple.ipynb").is_file()
    assert leftovers(paths.reports) == []
    assert build.stale_reports(paths=paths) == ["simple"]


def test_failed_write_leaves_old_report_and_no_temp_files(tmp_path, monkeypatch):
    paths = make_project(tmp_path, "simple")
    build.build_all(paths=paths, progress=False)
    html = paths.reports / "simple.html"
    good = html.read_bytes()

    real_replace = os.replace

    def crash_on_html(src, dst):
        if Path(dst).name == "simple.html":
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_html)
    with pytest.raises(BuildError, match="writing its report failed: OSError: disk full"):
        build.build_all(paths=paths, force=True, progress=False)
    monkeypatch.undo()
    assert html.read_bytes() == good
    assert leftovers(paths.reports) == []


def test_atomic_write_cleans_up_on_error(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError("boom")))
    with pytest.raises(OSError, match="boom"):
        datapackage.atomic_write(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


# ----------------------------------------------------------------------------- runs


def test_run_with_parameters_builds_a_named_run_then_hits_the_cache(tmp_path):
    paths = make_project(tmp_path, "simple")
    overrides = {"basis": "china_imports", "sectors": ["energy"]}
    result = build.run("simple", overrides, paths=paths, progress=False)
    assert result.status == "built"
    assert result.html.parent == paths.runs
    assert result.html.name.startswith("simple-basis-china_imports_sectors-energy-")
    assert "SECRET_SOURCE_MARKER basis=china_imports" in result.html.read_text()
    again = build.run("simple", overrides, paths=paths, progress=False)
    assert again.status == "cached" and again.html == result.html
    assert "china_imports" in (paths.reports / "index.html").read_text()


def test_run_validates_before_starting_a_kernel(tmp_path, monkeypatch):
    paths = make_project(tmp_path, "simple")
    monkeypatch.setattr(build.execute, "run_jobs", lambda *a, **k: pytest.fail("a kernel started"))
    with pytest.raises(ParameterError, match="simple: unknown parameter 'basiss'; did you mean"):
        build.run("simple", {"basiss": "x"}, paths=paths, progress=False)


def test_run_name_is_readable_and_unique():
    defaults = {"basis": "us_exports", "year": 2021}
    a = build.run_name("nb", {"basis": "china_imports", "year": 2021}, defaults)
    b = build.run_name("nb", {"basis": "china_imports", "year": 2020}, defaults)
    assert a.startswith("nb-basis-china_imports-")
    assert b.startswith("nb-basis-china_imports_year-2020-")
    assert a != b
    assert build.run_name("nb", defaults, defaults).startswith("nb-defaults-")


# ----------------------------------------------------------------------------- committed reports


@pytest.mark.skipif(not any(config.REPORTS.glob("*.html")), reason="no committed reports")
def test_committed_reports_are_up_to_date():
    assert build.stale_reports() == [], "run `phaseone build` and commit reports/"


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path):
    paths = make_project(tmp_path, "simple")
    command = [sys.executable, "-m", "phaseone.cli", "build", "--force", "-q",
               "--notebooks", str(paths.notebooks), "--reports", str(paths.reports),
               "--data", str(paths.data)]
    first, second = subprocess.Popen(command), subprocess.Popen(command)
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    html = (paths.reports / "simple.html").read_text()
    assert html.rstrip().endswith("</html>") and build.recorded_hash(paths.reports / "simple.html")
    assert json.loads((paths.reports / "simple.ipynb").read_text())["cells"]
    assert build.stale_reports(paths=paths) == [] and leftovers(paths.reports) == []
