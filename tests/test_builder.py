"""The report builder, on small fixture notebooks in temporary folders (kernels run for real)."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from phaseone import builder, config
from phaseone.builder import BuildError, Paths
from phaseone.data import package as datapackage
from phaseone.parameters import ParameterError
from phaseone.present.headline import headlines

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.notebook


TABLE_SCHEMA = {"fields": [
    {"name": "year", "type": "integer", "constraints": {"required": True}},
    {"name": "value", "type": "number", "constraints": {"required": True, "minimum": 0}},
]}


def make_data(folder: Path, rows: str = "2020,1.0\n") -> Path:
    """A one-table data package, its hashes recorded."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "table.csv").write_text("year,value\n" + rows)
    package = {"version": "0.0.1",
               "resources": [{"name": "table", "path": "table.csv", "schema": TABLE_SCHEMA}]}
    (folder / "datapackage.json").write_text(json.dumps(package))
    datapackage.refresh(folder)
    return folder


def make_project(root: Path, *names: str) -> Paths:
    (root / "notebooks").mkdir(parents=True)
    make_data(root / "data")
    for name in names:
        shutil.copy(FIXTURES / f"{name}.py", root / "notebooks" / f"{name}.py")
    return Paths(notebooks=root / "notebooks", reports=root / "reports", data=root / "data")


def no_kernel(*args, **kwargs):
    pytest.fail("a kernel started")


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if ".tmp" in p.name]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """simple and failing built together, once for the module."""
    paths = make_project(tmp_path_factory.mktemp("project"), "simple", "failing")
    with pytest.raises(BuildError) as err:
        builder.build_all(paths=paths, jobs=2, progress=False)
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
    assert "cell 4 of 4, line 11 of failing.py: result = 10 / divisor" in message
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
    assert builder.recorded_hash(paths.reports / "simple.html") == simple.input_hash
    header = re.search(r'<div class="phaseone-header">.*?</div>', text, re.S).group(0)
    for expected in ("Parameters", "<code>basis</code>", "<code>\"us_exports\"</code>",
                     "<code>sectors</code>", "Data version", "0.0.1+", "phaseone 0.1.0",
                     "Input hash", simple.input_hash[:16]):
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
    figure = r'<span class="value"[^>]*>25.0</span><span class="label"[^>]*>total_bn<'
    assert re.search(figure, text)
    assert "basis=&quot;us_exports&quot;" in text and "0.0.1+" in text
    assert "<script" not in text and not re.search(r"https?:", text)


def test_second_build_is_a_cache_hit(built):
    paths, _ = built
    html = paths.reports / "simple.html"
    before = html.stat().st_mtime_ns
    [result] = builder.build_all(["simple"], paths=paths, progress=False)
    assert result.status == "cached"
    assert html.stat().st_mtime_ns == before
    assert builder.stale_reports(["simple"], paths=paths) == []


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
    assert builder.stale_reports(["simple"], paths=moved) == []
    make_data(tmp_path, "2020,2.0\n")
    assert builder.stale_reports(["simple"], paths=moved) == ["simple"]


def test_unknown_notebook_name_is_a_usage_error(built):
    paths, _ = built
    with pytest.raises(builder.UsageError, match="no notebook named 'simpel'.*known notebooks: "
                       "failing, simple"):
        builder.build_all(["simpel"], paths=paths, progress=False)


# ----------------------------------------------------------------------------- rebuilds


def test_notebook_change_rebuilds_and_failure_keeps_old_report(tmp_path):
    paths = make_project(tmp_path, "simple")
    [first] = builder.build_all(paths=paths, progress=False)
    html, ipynb = paths.reports / "simple.html", paths.reports / "simple.ipynb"
    good_html, good_ipynb = html.read_bytes(), ipynb.read_bytes()

    # a notebook change (here: a default parameter) is a cache miss
    source = paths.notebooks / "simple.py"
    source.write_text(source.read_text().replace('label: str = "base"', 'label: str = "next"'))
    [second] = builder.build_all(paths=paths, progress=False)
    assert second.status == "built" and second.input_hash != first.input_hash
    assert "label=next" in html.read_text()
    good_html, good_ipynb = html.read_bytes(), ipynb.read_bytes()

    # the notebook now raises: the previous good report stays untouched
    source.write_text(source.read_text() + '\n# %%\nraise RuntimeError("late failure")\n')
    with pytest.raises(BuildError, match=r"(?s)notebook 'simple'.*cell \d+ .*: raise "
                       r"RuntimeError.*RuntimeError: late failure"):
        builder.build_all(paths=paths, progress=False)
    assert html.read_bytes() == good_html and ipynb.read_bytes() == good_ipynb
    assert (paths.failed / "simple.ipynb").is_file()
    assert leftovers(paths.reports) == []
    assert builder.stale_reports(paths=paths) == ["simple"]


def test_failed_write_leaves_old_report_and_no_temp_files(tmp_path, monkeypatch):
    paths = make_project(tmp_path, "simple")
    builder.build_all(paths=paths, progress=False)
    html = paths.reports / "simple.html"
    good = html.read_bytes()

    real_replace = os.replace

    def crash_on_html(src, dst):
        if Path(dst).name == "simple.html":
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_html)
    with pytest.raises(BuildError, match="writing its report failed: OSError: disk full"):
        builder.build_all(paths=paths, force=True, progress=False)
    monkeypatch.undo()
    assert html.read_bytes() == good
    assert leftovers(paths.reports) == []


def test_a_full_disk_leaves_neither_the_ipynb_nor_the_html_of_a_run(tmp_path, monkeypatch):
    """Both files are written to temporary files before either is renamed: a disk that fills
    up on the HTML leaves no notebook without its page (and no temporary file)."""
    import errno

    paths = make_project(tmp_path, "simple")
    real = datapackage._temp_file

    def full_on_html(path, data):
        if path.suffix == ".html" and path.name.startswith("simple-"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(datapackage, "_temp_file", full_on_html)
    with pytest.raises(BuildError, match="writing its report failed: OSError: .*No space left"):
        builder.run("simple", {"year": 2020}, paths=paths, progress=False)
    monkeypatch.undo()
    assert [p.name for p in paths.runs.glob("simple-*")] == []
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
    result = builder.run("simple", overrides, paths=paths, progress=False)
    assert result.status == "built"
    assert result.html.parent == paths.runs
    assert result.html.name.startswith("simple-basis-china_imports_sectors-energy-")
    assert "SECRET_SOURCE_MARKER basis=china_imports" in result.html.read_text()
    again = builder.run("simple", overrides, paths=paths, progress=False)
    assert again.status == "cached" and again.html == result.html
    assert "china_imports" in (paths.runs / "index.html").read_text()
    assert not (paths.reports / "index.html").exists()  # runs never touch the reports index


def test_run_validates_before_starting_a_kernel(tmp_path, monkeypatch):
    paths = make_project(tmp_path, "simple")
    monkeypatch.setattr(builder.execute, "run_jobs", no_kernel)
    with pytest.raises(ParameterError, match="simple: unknown parameter 'basiss'; did you mean"):
        builder.run("simple", {"basiss": "x"}, paths=paths, progress=False)


def test_run_name_is_readable_and_unique():
    defaults = {"basis": "us_exports", "year": 2021}
    a = builder.run_name("nb", {"basis": "china_imports", "year": 2021}, defaults)
    b = builder.run_name("nb", {"basis": "china_imports", "year": 2020}, defaults)
    assert a.startswith("nb-basis-china_imports-")
    assert b.startswith("nb-basis-china_imports_year-2020-")
    assert a != b
    assert builder.run_name("nb", defaults, defaults).startswith("nb-defaults-")


def test_runs_of_same_named_notebooks_from_two_folders_differ(tmp_path):
    """The project's notebooks keep their run names; another folder's notebook of the same name
    and values gets a name of its own, so neither run overwrites the other."""
    from phaseone import config

    values = {"basis": "china_imports", "year": 2021}
    defaults = {"basis": "us_exports", "year": 2021}
    committed = builder.run_name("nb", values, defaults)
    assert builder.run_name("nb", values, defaults, config.NOTEBOOKS) == committed
    other = builder.run_name("nb", values, defaults, tmp_path / "nb2")
    assert other.startswith("nb-basis-china_imports-") and other != committed
    assert builder.run_name("nb", values, defaults, tmp_path / "nb3") != other


# ----------------------------------------------------------------------------- committed reports


_RECORDS = re.compile(r'<meta name="phaseone-\w+-hash" content="\w*">|[0-9a-f]{64}|[0-9a-f]{16}'
                      r'|"(?:input|output)_path": "[^"]*"')


def _content(report: Path) -> str:
    """A report without the hashes and paths it records: what a reader sees."""
    return _RECORDS.sub("RECORD", report.read_text())


def _words(text: str) -> str:
    text = re.sub(r"<style\b.*?</style>|<[^>]+>", " ", text, flags=re.S | re.I)
    return " ".join(text.split())


def _where(old: str, new: str, width: int = 70) -> str:
    """The first place two texts part, with some context from each."""
    pairs = enumerate(zip(old, new, strict=False))
    i = next((k for k, (a, b) in pairs if a != b), min(len(old), len(new)))
    start = max(0, i - width // 2)
    return f"committed '...{old[start:i + width]}...', rebuilt '...{new[start:i + width]}...'"


def _outputs(cell: dict) -> list[dict]:
    """A cell's outputs without the hashes they may record."""
    return [json.loads(_RECORDS.sub("RECORD", json.dumps(o.get("data", {}) | {
        "stream": o.get("text", "")}))) for o in cell.get("outputs", [])]


def _cell_change(index: int, old: dict, new: dict) -> str | None:
    """How a cell's outputs differ, in a reader's terms; None when they do not."""
    before, after = _outputs(old), _outputs(new)
    if before == after:
        return None
    first = ("".join(new["source"]).strip().splitlines() or [""])[0]
    cell = f"cell {index} ({first[:60]!r})"
    if len(before) != len(after):
        return f"{cell}: {len(before)} outputs became {len(after)}"
    for x, y in zip(before, after, strict=True):
        for mime in dict.fromkeys([*x, *y]):
            if x.get(mime) == y.get(mime):
                continue
            if mime.startswith("image/"):
                return f"{cell}: its chart changed"
            words = [_words("".join(v.get(mime, ""))) for v in (x, y)]
            return f"{cell}: its {mime} moved: {_where(*words)}"
    return f"{cell}: its outputs changed"


def _moved(committed: Path, rebuilt: Path) -> str:
    """What a reader would see move between two builds of a report: each key figure whose
    value changed, then the first cell whose text or chart changed, quoted."""
    old, new = (json.loads(p.with_suffix(".ipynb").read_text()) for p in (committed, rebuilt))
    parts = []
    try:
        figures = headlines(old), headlines(new)
    except (KeyError, TypeError):
        figures = {}, {}
    for key in dict.fromkeys([*figures[0], *figures[1]]):
        a, b = figures[0].get(key, "(none)"), figures[1].get(key, "(none)")
        if a != b:
            parts.append(f"key figure {key!r} moved from {a!r} to {b!r}")
    if len(old["cells"]) != len(new["cells"]):
        parts.append(f"{len(old['cells'])} cells became {len(new['cells'])}")
    changes = (_cell_change(i, a, b)
               for i, (a, b) in enumerate(zip(old["cells"], new["cells"], strict=False)))
    parts += [c for c in changes if c][:1]
    if not parts:
        parts.append("the page around the notebook moved: "
                     + _where(_words(_content(committed)), _words(_content(rebuilt))))
    return "; ".join(parts)


@pytest.mark.skipif(not any(config.REPORTS.glob("*.html")), reason="no committed reports")
def test_committed_reports_are_what_a_rebuild_gives(tmp_path):
    """The last net under the models' tests: a rebuild of the committed reports' inputs reads
    the same. Fails when the committed reports differ from a rebuild (not after any edit of
    lib/) and names the figure or the text that moved: a change nobody meant is a bug to
    find (and a test that pins the value to add) before any rebuild is committed."""
    fresh = Paths(reports=tmp_path / "reports")
    builder.build_all(paths=fresh, progress=False)
    for name in builder.notebooks():
        committed, rebuilt = config.REPORTS / f"{name}.html", fresh.reports / f"{name}.html"
        same = all(_content(committed.with_suffix(s)) == _content(rebuilt.with_suffix(s))
                   for s in (".html", ".ipynb"))
        assert same, f"{name}: a rebuild differs from reports/{name}: {_moved(committed, rebuilt)}"


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path):
    paths = make_project(tmp_path, "simple")
    command = [sys.executable, "-m", "phaseone.cli", "build", "--force", "-q",
               "--notebooks", str(paths.notebooks), "--reports", str(paths.reports),
               "--data", str(paths.data)]
    first, second = subprocess.Popen(command), subprocess.Popen(command)
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    html = (paths.reports / "simple.html").read_text()
    assert html.rstrip().endswith("</html>")
    assert builder.recorded_hash(paths.reports / "simple.html")
    assert json.loads((paths.reports / "simple.ipynb").read_text())["cells"]
    assert builder.stale_reports(paths=paths) == [] and leftovers(paths.reports) == []


# ----------------------------------------------------------------------------- integrity


def test_report_loads_nothing_from_the_network_and_carries_a_csp(tmp_path):
    paths = make_project(tmp_path, "external")
    [result] = builder.build_all(paths=paths, progress=False)
    text = result.html.read_text()
    assert "LOCAL_CONTENT_KEPT" in text and "data:image/gif;base64,R0lGODlh" in text
    assert "example.org" not in text, re.findall(r".{80}example\.org.{40}", text)
    assert not re.search(r"@import|<iframe|<video", text, re.I)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
    assert csp and "default-src 'none'" in csp.group(1) and "img-src data:" in csp.group(1)
    assert text.index("Content-Security-Policy") < text.index("<style")  # before any content


def test_strip_external_keeps_links_and_local_content():
    page = ('<a href="https://example.org/read">a link</a><img src="data:image/png;base64,AA">'
            '<img alt="x" src = "HTTPS://example.org/a.png"/><iframe src="//x.org"></iframe>')
    assert builder.strip_external(page) == (
        '<a href="https://example.org/read">a link</a><img src="data:image/png;base64,AA">')


def test_same_inputs_give_byte_identical_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1609459200")
    paths = make_project(tmp_path, "plot")
    builder.build_all(paths=paths, progress=False)
    html, ipynb = paths.reports / "plot.html", paths.reports / "plot.ipynb"
    first = html.read_bytes(), ipynb.read_bytes()
    assert re.findall(rb'<div id="(table-[\d-]+)"', first[0]) == [b"table-8-0-0", b"table-9-0-0"]
    assert b"<tr><th>Built</th><td>2021-01-01T00:00:00+00:00</td></tr>" in first[0]
    builder.build_all(paths=paths, force=True, progress=False)
    assert (html.read_bytes(), ipynb.read_bytes()) == first


def test_a_damaged_report_is_stale(built, tmp_path):
    paths, _ = built
    copy = Paths(notebooks=paths.notebooks, reports=tmp_path / "reports", data=paths.data)
    shutil.copytree(paths.reports, copy.reports)
    assert builder.stale_reports(["simple"], paths=copy) == []
    html, ipynb = copy.reports / "simple.html", copy.reports / "simple.ipynb"
    good_html, good_ipynb = html.read_bytes(), ipynb.read_bytes()
    html.write_bytes(good_html[: len(good_html) // 2])  # truncated
    assert builder.stale_reports(["simple"], paths=copy) == ["simple"]
    html.write_bytes(good_html.replace(b"SECRET_SOURCE_MARKER", b"SECRET_SOURCE_MARKET"))
    assert builder.stale_reports(["simple"], paths=copy) == ["simple"]
    html.write_bytes(good_html)
    ipynb.write_bytes(good_ipynb.replace(b"us_exports", b"us_imports"))
    assert builder.stale_reports(["simple"], paths=copy) == ["simple"]
    ipynb.write_bytes(good_ipynb)
    assert builder.stale_reports(["simple"], paths=copy) == []


def test_edited_data_stops_the_build_before_any_kernel(built, tmp_path, monkeypatch):
    """A data file edited by hand, its hashes not updated."""
    paths, _ = built
    data = tmp_path / "data"
    shutil.copytree(paths.data, data)
    (data / "table.csv").write_text("year,value\n2020,1.5\n")
    moved = Paths(notebooks=paths.notebooks, reports=paths.reports, data=data)
    before = {p: p.read_bytes() for p in paths.reports.rglob("*") if p.is_file()}
    monkeypatch.setattr(builder.execute, "run_jobs", no_kernel)
    message = rf"{data / 'table.csv'} has changed since .*phaseone data accept --data {data}"
    with pytest.raises(datapackage.DataError, match=message):
        builder.build_all(paths=moved, force=True, progress=False)
    with pytest.raises(datapackage.DataError, match=message):
        builder.run("simple", {"year": 2020}, paths=moved, progress=False)
    assert {p: p.read_bytes() for p in paths.reports.rglob("*") if p.is_file()} == before


def test_the_kernel_reads_the_data_folder_it_was_given(tmp_path):
    """`--data DIR` reaches the notebooks, not only the hash."""
    paths = make_project(tmp_path, "reads_data")
    [result] = builder.build_all(paths=paths, progress=False)
    assert "TABLE_TOTAL=1.0" in result.html.read_text()
    other = Paths(paths.notebooks, tmp_path / "other-reports", make_data(tmp_path / "alt",
                                                                         "2020,3.0\n2021,4.0\n"))
    [result] = builder.build_all(paths=other, progress=False)
    assert "TABLE_TOTAL=7.0" in result.html.read_text()
    bad = Paths(paths.notebooks, tmp_path / "bad-reports", make_data(tmp_path / "bad",
                                                                     "2020,-3.0\n"))
    with pytest.raises(BuildError, match=rf"(?s){tmp_path / 'bad' / 'table.csv'}.*"
                       r"column 'value', line 2: value -3.0 fails"):
        builder.build_all(paths=bad, progress=False)
    assert "TABLE_TOTAL=1.0" in (paths.reports / "reads_data.html").read_text()
    assert "PHASEONE_DATA" not in os.environ


def test_failing_cell_after_the_parameters_is_numbered_as_in_the_file(tmp_path):
    paths = make_project(tmp_path)
    (paths.notebooks / "early.py").write_text(
        '# %% [markdown]\n# # Early\n\n# %% tags=["parameters"]\nn: int = 0  # divisor\n\n'
        "# %%\nprint(1 / n)\n")
    with pytest.raises(BuildError, match=r"failed in cell 3 of 3, line 8 of early.py: "
                       r"print\(1 / n\)"):
        builder.build_all(paths=paths, progress=False)


def test_cell_timeout_is_an_option(tmp_path):
    paths = make_project(tmp_path, "slow")
    with pytest.raises(BuildError, match=r"(?s)notebook 'slow'.*(?:[Tt]imeout|timed out)"):
        builder.build_all(paths=paths, progress=False, timeout=1)
    assert leftovers(paths.reports) == []


def start_slow_build(paths: Paths) -> tuple[subprocess.Popen, int]:
    """A build of `paths` on the command line, once slow's kernel sleeps; and that kernel's pid."""
    import time

    command = [sys.executable, "-m", "phaseone.cli", "build", "-q", "--jobs", "2",
               "--notebooks", str(paths.notebooks), "--reports", str(paths.reports),
               "--data", str(paths.data)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    sleeping = paths.notebooks / "slow.sleeping"  # slow's kernel writes its pid, then sleeps 60 s
    deadline = time.monotonic() + 600  # a guard against a hang, not a timing
    while not written(sleeping) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert written(sleeping), process.stderr.read()
    return process, int(sleeping.read_text())


def written(path: Path) -> bool:
    return path.exists() and path.read_text().strip() != ""


def test_sigterm_removes_temporary_files_like_ctrl_c(tmp_path):
    import signal

    paths = make_project(tmp_path, "slow", "simple")
    process, _ = start_slow_build(paths)
    assert [p.name for p in leftovers(paths.reports)] != []  # slow is running
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=300) == 130, process.stderr.read()
    assert "interrupted" in process.stderr.read()
    assert leftovers(paths.reports) == [] and not (paths.reports / "slow.html").exists()
    assert not (paths.reports / "_failed" / "slow.ipynb").exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states in /proc")
def test_a_kernel_ends_when_the_builder_is_killed(tmp_path):
    import signal
    import time

    def running(pid: int) -> bool:
        try:  # the state follows the parenthesised command name; Z is a zombie
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (FileNotFoundError, ProcessLookupError):
            return False

    paths = make_project(tmp_path, "slow")
    process, kernel = start_slow_build(paths)
    assert running(kernel)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30  # the kernel checks its parent every second; slow sleeps 60 s
    while running(kernel) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(kernel)
    # the kernel server, left without its builder, ends quietly (no BrokenPipeError)
    assert "Traceback" not in process.stderr.read()


# ----------------------------------------------------------------------- kernels from a warm server

WIDE = ('# %% [markdown]\n# # Wide\n\n# %% tags=["parameters"]\ncolumns: int = 14  # how many\n\n'
        "# %%\nimport pandas as pd  # noqa: E402\n\n"
        'pd.DataFrame({f"a_long_column_name_{i}": [i * 1000.5] for i in range(columns)})\n\n'
        "# %%\nimport os  # noqa: E402\nimport sys  # noqa: E402\n\n"
        "print(sys.path, os.path.basename(sys.argv[0]), sorted(os.environ), os.getcwd())\n"
        'print(sorted(m for m in sys.modules if m.startswith(("phaseone", "runpy"))))\n')


def reports(paths: Paths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(paths.reports.iterdir())
            if p.suffix in (".html", ".ipynb")}


def test_forked_kernels_give_the_reports_fresh_kernels_give(tmp_path, monkeypatch):
    # pandas sizes a wide frame's text by whether it runs in a kernel, matplotlib picks its
    # backend by the environment: a kernel forked from the warm server must see what a fresh
    # one sees, down to its search path, environment and modules
    from phaseone.builder import kernels

    paths = make_project(tmp_path, "plot")
    (paths.notebooks / "wide.py").write_text(WIDE)
    forked = []
    launch = kernels.KernelServer.launch

    def counted(self, *args):
        kernel = launch(self, *args)
        forked.append(kernel is not None)
        return kernel

    monkeypatch.setattr(kernels.KernelServer, "launch", counted)
    builder.build_all(paths=paths, progress=False)
    assert forked == [True, True]
    first = reports(paths)
    assert b"image/png" in first["plot.ipynb"] and b"a_long_column_name_13" in first["wide.ipynb"]
    monkeypatch.setattr(kernels, "supported", lambda: False)
    builder.build_all(paths=paths, force=True, progress=False)
    assert forked == [True, True]  # no server this time: the usual kernels
    assert reports(paths) == first


def test_an_import_that_prints_is_left_to_a_fresh_kernel(tmp_path, monkeypatch):
    from phaseone.builder import kernels

    paths = make_project(tmp_path)
    (paths.notebooks / "_noisy.py").write_text('print("said at import")\n')
    (paths.notebooks / "talks.py").write_text(
        '# %% [markdown]\n# # Talks\n\n# %% tags=["parameters"]\nn: int = 1  # unused\n\n'
        "# %%\nimport _noisy  # noqa: E402, F401\n")
    launch = kernels.KernelServer.launch
    monkeypatch.setattr(kernels.KernelServer, "launch",
                        lambda self, *args: pytest.fail("forked") if launch(self, *args) else None)
    builder.build_all(paths=paths, progress=False)
    assert "said at import" in (paths.reports / "talks.ipynb").read_text()


def test_the_warm_server_runs_the_notebooks_top_level_imports_only(tmp_path):
    from phaseone.builder import kernels

    source = tmp_path / "n.py"
    source.write_text("import os\nfrom pathlib import Path as P\nfrom . import sibling\n"
                      "def f():\n    import json\nif True:\n    import csv\nimport os\n")
    (tmp_path / "n.ipynb").write_text("{}")
    assert kernels.notebook_imports([source, tmp_path / "n.ipynb"]) == (
        "import os\nfrom pathlib import Path as P")
