"""Reviewing in JupyterLab changes nothing: a real `jupyter server` with jupytext's contents
manager (what `make lab` runs) opens and saves a notebook through its contents API, as Lab does.

The server serves a copy of the notebooks, the project's jupytext.toml and an executed report,
so a failure never touches the tracked files. The reports whose freshness is checked are built
for the copy by the builder (its kernel step stands in: only the cache key matters here), so an
edit of the library elsewhere (a docstring) fails no test here.
"""

import json
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from test_cache import fake_report

from phaseone import builder, config, reports
from phaseone.builder import execute
from phaseone.builder.cache import notebook_cells

START_TIMEOUT = 30  # seconds for the server to answer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Contents:
    """The server's contents API (GET and PUT of notebooks), authenticated by token."""

    def __init__(self, port: int, token: str):
        self.base, self.token = f"http://127.0.0.1:{port}/api/", token

    def call(self, method: str, path: str, body=None, timeout=20):
        request = urllib.request.Request(
            self.base + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)

    def get(self, path: str) -> dict:
        return self.call("GET", f"contents/{path}?type=notebook&content=1")

    def save(self, path: str, notebook: dict) -> dict:
        return self.call("PUT", f"contents/{path}",
                         {"type": "notebook", "format": "json", "content": notebook})


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A jupyter server on a free localhost port over a copy of the project's notebooks."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(config.NOTEBOOKS, root / "notebooks")
    shutil.copy(config.ROOT / "jupytext.toml", root)
    (root / "reports").mkdir()
    shutil.copy(config.REPORTS / "compliance.ipynb", root / "reports")
    port, token = _free_port(), secrets.token_hex(16)
    log = open(root.parent / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", "--port-retries=0", f"--ServerApp.root_dir={root}",
         f"--IdentityProvider.token={token}", "--allow-root"],
        stdout=log, stderr=subprocess.STDOUT, cwd=root)
    contents = Contents(port, token)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            try:
                contents.call("GET", "status", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError) as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(f"jupyter server did not start ({exc}):\n"
                                + (root.parent / "server.log").read_text()[-3000:])
                time.sleep(0.2)
        yield root, contents
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _paths(root) -> builder.Paths:
    """The copied notebooks, with reports of their own; the project's data and library."""
    return builder.Paths(notebooks=root / "notebooks", reports=root / "built")


def _build(root) -> None:
    """A fresh compliance report for the copied notebook, built without a kernel."""
    def run_jobs(jobs, paths, force, workers, progress, timeout=None):
        for job in jobs:
            fake_report(job)
        return [execute.Result(job.stem, "built", job.html, job.ipynb) for job in jobs]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(execute, "run_jobs", run_jobs)
        builder.build_all(["compliance"], force=True, paths=_paths(root), progress=False,
                          rules=reports.rules())


def _stale(root) -> list[str]:
    return builder.stale_reports(["compliance"], paths=_paths(root), rules=reports.rules())


def test_saving_an_unedited_notebook_changes_no_byte_and_no_cache_key(lab):
    root, contents = lab
    path = root / "notebooks" / "compliance.py"
    before, cells = path.read_bytes(), notebook_cells(path)
    _build(root)
    assert _stale(root) == []
    model = contents.get("notebooks/compliance.py")
    assert model["type"] == "notebook"  # jupytext serves the .py file as a notebook
    notebook = model["content"]
    assert [c["cell_type"] for c in notebook["cells"]] == [kind for kind, _, _ in cells]
    # what Lab adds once a kernel runs: language_info; and cell ids
    notebook["metadata"]["language_info"] = {"name": "python", "version": sys.version.split()[0]}
    for i, cell in enumerate(notebook["cells"]):
        cell["id"] = f"cell-{i}"
    contents.save("notebooks/compliance.py", notebook)
    contents.save("notebooks/compliance.py", contents.get("notebooks/compliance.py")["content"])
    assert path.read_bytes() == before
    assert notebook_cells(path) == cells
    assert _stale(root) == []


def test_an_edited_cell_makes_the_report_stale(lab):
    root, contents = lab
    _build(root)
    assert _stale(root) == []
    path = root / "notebooks" / "compliance.py"
    original = path.read_bytes()
    notebook = contents.get("notebooks/compliance.py")["content"]
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code"
                and "parameters" not in c["metadata"].get("tags", []))
    code["source"] += "\nedited_in_lab = True"
    try:
        contents.save("notebooks/compliance.py", notebook)
        assert b"edited_in_lab = True" in path.read_bytes()
        assert _stale(root) == ["compliance"]
    finally:
        path.write_bytes(original)


def test_a_changed_tag_makes_the_report_stale(lab):
    root, contents = lab
    _build(root)
    assert _stale(root) == []
    path = root / "notebooks" / "compliance.py"
    original = path.read_bytes()
    notebook = contents.get("notebooks/compliance.py")["content"]
    tagged = next(c for c in notebook["cells"] if "remove_cell" in c["metadata"].get("tags", []))
    tagged["metadata"]["tags"] = []
    try:
        contents.save("notebooks/compliance.py", notebook)
        assert _stale(root) == ["compliance"]
    finally:
        path.write_bytes(original)


def test_executed_reports_open_as_notebooks(lab):
    root, contents = lab
    model = contents.get("reports/compliance.ipynb")
    assert model["type"] == "notebook"
    assert model["content"]["metadata"]["phaseone"]["notebook"] == "compliance"
    assert not (root / "reports" / "compliance.py").exists()  # not paired with a script
