"""Every path honoured: outputs never land among the sources or the committed reports, a
missing notebooks folder is named, and `build --check` notices a damaged index."""

import json
import shutil
from pathlib import Path

import pytest

from phaseone import cli
from phaseone.data import package as datapackage

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "table.csv").write_text("a\n1\n")
    package = {"version": "0.0.1", "resources": [{"name": "table", "path": "table.csv"}]}
    (tmp_path / "data" / "datapackage.json").write_text(json.dumps(package))
    datapackage.refresh(tmp_path / "data")
    shutil.copy(FIXTURES / "simple.py", tmp_path / "notebooks")
    return tmp_path


def phaseone(project, *args, notebooks=None):
    common = ["--notebooks", str(notebooks or project / "notebooks"), "--reports",
              str(project / "reports"), "--data", str(project / "data")]
    return cli.main([args[0], *common, *args[1:]])


@pytest.mark.parametrize("out, message", [
    ("data", "is inside the data folder"), ("data/sub", "is inside the data folder"),
    ("notebooks", "is inside the notebooks folder"), ("reports", "is the reports folder"),
])
def test_a_run_is_never_written_among_the_sources_or_the_committed_reports(
        project, capsys, out, message):
    before = sorted(p.name for p in project.rglob("*"))
    assert phaseone(project, "run", "simple", "--out", str(project / out)) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in project.rglob("*")) == before


def test_reports_may_not_be_built_into_the_data(project, capsys):
    assert cli.main(["build", "--notebooks", str(project / "notebooks"), "--data",
                     str(project / "data"), "--out", str(project / "data")]) == 2
    assert "--reports" in capsys.readouterr().err


def test_a_notebooks_folder_that_does_not_exist_is_named(project, capsys):
    assert phaseone(project, "build", notebooks=project / "nowhere") == 2
    assert "nowhere is not a folder" in capsys.readouterr().err


def test_build_check_notices_a_damaged_index(project, capsys):
    assert phaseone(project, "build", "-q") == 0
    assert phaseone(project, "build", "--check") == 0
    index = project / "reports" / "index.html"
    index.write_text(index.read_text().replace("Simple", "Simple (edited)"))
    capsys.readouterr()
    assert phaseone(project, "build", "--check") == 1
    assert capsys.readouterr().out == "stale: index\n"
    assert phaseone(project, "build", "-q") == 0 and phaseone(project, "build", "--check") == 0
