"""Every path honoured: outputs never land among the sources or the committed reports, a
missing notebooks folder is named, and `build --check` notices a damaged index."""

import pytest
from cli_project import make_project, phaseone

from phaseone import cli


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, "simple")


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


@pytest.mark.parametrize("command", ["build", "run", "list"])
def test_a_notebooks_folder_that_does_not_exist_is_named(project, capsys, command):
    args = [command, "simple"] if command == "run" else [command]
    assert phaseone(project, *args, notebooks=project / "nowhere") == 2
    err = capsys.readouterr().err
    assert err.startswith("phaseone: error: --notebooks ") and err.endswith(
        "nowhere is not a folder\n")


def test_build_check_notices_a_damaged_index(project, capsys):
    assert phaseone(project, "build", "-q") == 0
    assert phaseone(project, "build", "--check") == 0
    index = project / "reports" / "index.html"
    index.write_text(index.read_text().replace("Simple", "Simple (edited)"))
    capsys.readouterr()
    assert phaseone(project, "build", "--check") == 1
    assert capsys.readouterr().out == "stale: index\n"
    assert phaseone(project, "build", "-q") == 0 and phaseone(project, "build", "--check") == 0


@pytest.mark.parametrize("epoch", ["abc", "-5", "1e9", str(10**12)])
def test_an_unreadable_source_date_epoch_is_refused_before_any_kernel(project, capsys,
                                                                     monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert phaseone(project, "build") == 2
    assert "SOURCE_DATE_EPOCH=" in capsys.readouterr().err
    assert not (project / "reports" / "simple.html").exists()


def test_a_huge_parameter_value_is_not_echoed_in_full(project, capsys):
    assert phaseone(project, "run", "simple", "-p", "basis", "x" * 10_000) == 2
    err = capsys.readouterr().err
    assert "(10,002 characters)" in err and len(err) < 2_000


@pytest.mark.parametrize("text, message", [
    ("a: 1\na: 2\n", "parameter 'a' is given twice"),
    ("a: &x [1, 2]\nb: *x\n", "anchors and aliases are not allowed"),
    ("a: \xff\n", "is not UTF-8 text"),
])
def test_a_parameters_file_is_read_strictly(project, tmp_path, capsys, text, message):
    (tmp_path / "p.yaml").write_bytes(text.encode("latin-1"))
    assert phaseone(project, "run", "simple", "-f", str(tmp_path / "p.yaml")) == 2
    assert message in capsys.readouterr().err


def test_a_yaml_number_in_e_notation_reads_as_on_the_command_line(project, tmp_path):
    from phaseone.cli import _load_params_file

    (tmp_path / "p.yaml").write_text("confidence: 1e-3\n")
    assert _load_params_file(str(tmp_path / "p.yaml")) == {"confidence": 0.001}


def test_a_killed_builds_temporary_files_are_removed_by_the_next_build(project):
    (project / "reports").mkdir()
    left = [project / "reports" / name for name in (
        ".simple.tmp-abc123.ipynb", ".simple.ipynb.x1y2z3.tmp", ".simple.html.a1b2c3.tmp")]
    for path in left:
        path.write_text("")  # what SIGKILL leaves behind, while executing or while writing
    assert phaseone(project, "build", "-q", "--force") == 0
    assert not any(p.exists() for p in left) and (project / "reports" / "simple.html").is_file()


def test_a_comma_list_in_a_parameters_file_reads_as_on_the_command_line(project, tmp_path):
    from phaseone.builder.notebook import read_parameters
    from phaseone.cli import _load_params_file
    from phaseone.parameters import CliText, validate

    declared = read_parameters(project / "notebooks" / "simple.py")
    (tmp_path / "p.yaml").write_text("sectors: energy,agriculture\nlabel: x,y\n")
    from_file = validate(declared, _load_params_file(str(tmp_path / "p.yaml")), name="simple")
    from_cli = validate(declared, {"sectors": CliText("energy,agriculture"),
                                   "label": CliText("x,y")}, name="simple")
    assert from_file == from_cli
    assert from_file["sectors"] == ["energy", "agriculture"] and from_file["label"] == "x,y"
    assert type(from_file["label"]) is str
