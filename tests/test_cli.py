"""The `phaseone` command line, on fixture notebooks in temporary folders."""

import shutil
from pathlib import Path

import pytest
from cli_project import make_project, phaseone

from phaseone import cli
from phaseone.data import package as datapackage

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, "simple", "failing")


def test_list_shows_every_notebook_and_parameter(project, capsys):
    assert phaseone(project, "list") == 0
    out = capsys.readouterr().out
    assert "failing  (" in out and "simple  (" in out
    assert "divisor: int = 0  what to divide by" in out
    assert ("basis: str = 'us_exports'  [us_exports | china_imports]  "
            "whose statistics measure purchases") in out
    assert "confidence: float = 0.95  level of the trend intervals" in out
    assert "sectors: list = ['agriculture', 'energy']" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["-p", "basiss", "china_imports"], "unknown parameter 'basiss'; did you mean 'basis'?"),
        (["-p", "year", "soon"], "parameter 'year' expects int, got str 'soon'"),
        (["-p", "basis", "mars"], "invalid value 'mars'; choices: us_exports | china_imports"),
        (["-p", "sectors", "energy,coal"], "invalid element 'coal'"),
    ],
)
def test_bad_parameters_exit_2_before_any_kernel(project, capsys, args, message):
    assert phaseone(project, "run", "simple", *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("phaseone: error: simple: ") and message in err
    assert "valid parameters:\n  basis: str = 'us_exports'  [us_exports | china_imports]" in err
    assert not (project / "reports").exists()


def test_unknown_notebook_exits_2(project, capsys):
    assert phaseone(project, "run", "nope") == 2
    assert "no notebook 'nope'" in capsys.readouterr().err
    assert phaseone(project, "build", "nope") == 2


def test_bad_parameters_file_exits_2(project, capsys):
    (project / "p.yaml").write_text("- just\n- a list\n")
    assert phaseone(project, "run", "simple", "-f", str(project / "p.yaml")) == 2
    assert "must hold a mapping" in capsys.readouterr().err
    (project / "p.yaml").write_text("year: '2020'\n")  # a quoted YAML string is not an int
    assert phaseone(project, "run", "simple", "-f", str(project / "p.yaml")) == 2
    assert "'year' expects int, got str '2020'" in capsys.readouterr().err


def test_run_with_file_and_command_line_parameters(project, capsys):
    params = project / "params.yaml"
    params.write_text("basis: china_imports\nyear: 2019\nsectors: [energy, services]\n")
    out_dir = project / "elsewhere"
    code = phaseone(project, "run", "simple", "-f", str(params), "-p", "year", "2020",
                    "-p", "confidence", "0.9", "--out", str(out_dir))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    html = Path(captured.out.strip())
    assert html.parent == out_dir and html.is_file() and html.with_suffix(".ipynb").is_file()
    assert html.name.startswith("simple-basis-china_imports_year-2020_confidence-0.9_sectors-")
    text = html.read_text()
    assert "SECRET_SOURCE_MARKER basis=china_imports year=2020 confidence=0.9" in text
    assert "sectors=energy,services" in text
    assert "simple-" in captured.err and "done in" in captured.err


def test_build_failure_exits_1_and_check_reports_staleness(project, capsys):
    assert phaseone(project, "build", "--jobs", "2") == 1
    err = capsys.readouterr().err
    assert "phaseone: failing: started" in err and "phaseone: simple: done in" in err
    assert "phaseone: error: notebook 'failing'" in err
    assert "cell 4 of 4, line 11 of failing.py: result = 10 / divisor" in err
    assert "ZeroDivisionError: division by zero" in err
    assert "_failed/failing.ipynb" in err
    assert (project / "reports" / "simple.html").is_file()

    assert phaseone(project, "build", "--check") == 1
    assert capsys.readouterr().out == "stale: failing\n"
    assert phaseone(project, "build", "--check", "simple") == 0
    assert capsys.readouterr().err == "1 report up to date\n"  # stdout lists stale ones only

    assert phaseone(project, "build", "simple") == 0
    assert "simple: up to date" in capsys.readouterr().err


# ----------------------------------------------------------------------------- failures


def test_unusable_output_folders_are_errors_not_tracebacks(project, capsys):
    assert phaseone(project, "run", "simple", "--out", "/dev/null") == 2
    err = capsys.readouterr().err
    assert err.startswith("phaseone: error: ") and "/dev/null" in err and "Traceback" not in err
    blocked = project / "a-file"
    blocked.write_text("")
    assert cli.main(["build", "--notebooks", str(project / "notebooks"),
                     "--reports", str(blocked / "reports"), "--data", str(project / "data")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"phaseone: error: cannot create the reports folder {blocked}/reports")


def test_invalid_datapackage_is_an_error_naming_it(project, capsys):
    (project / "data" / "datapackage.json").write_text('{"resources": ')
    assert phaseone(project, "build") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"phaseone: error: {project / 'data' / 'datapackage.json'} is not "
                          "valid JSON") and "Traceback" not in err
    assert not (project / "reports").exists()


def test_a_closed_pipe_is_reported_once(project):
    import subprocess
    import sys

    command = [sys.executable, "-m", "phaseone.cli", "list", "--notebooks",
               str(project / "notebooks")]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # the reader goes away before the first line is written
    assert reader.wait(timeout=60) == 1
    err = reader.stderr.read().decode()
    assert err == "phaseone: error: output closed before everything was written (broken pipe)\n"


def test_timeout_must_be_positive_seconds(project, capsys):
    with pytest.raises(SystemExit):
        phaseone(project, "build", "--timeout", "0")
    assert "expected a whole number of seconds > 0, got '0'" in capsys.readouterr().err


# ----------------------------------------------------------------------------- phaseone data


@pytest.fixture
def data_copy(tmp_path):
    from phaseone import config

    shutil.copytree(config.DATA, tmp_path / "data")
    return tmp_path / "data"


def test_data_accept_validates_before_recording(data_copy, capsys):
    """A hand-edited value and an infinite one, refused from the command line."""
    recorded = (data_copy / "datapackage.json").read_bytes()
    path = data_copy / "commitments.csv"
    good = path.read_text()
    path.write_text(good.replace(",32.9,", ",inf,", 1))
    assert cli.main(["data", "check", "--data", str(data_copy)]) == 1
    assert f"{path} has changed since" in capsys.readouterr().err
    assert cli.main(["data", "accept", "--data", str(data_copy)]) == 1
    assert "commitments.csv: column 'value_bn', line 2: value inf fails finite" in \
        capsys.readouterr().err
    assert (data_copy / "datapackage.json").read_bytes() == recorded  # nothing accepted

    path.write_text(good.replace(",32.9,", ",39.2,", 1))
    assert cli.main(["data", "accept", "--data", str(data_copy)]) == 0
    assert f"accepted: {path}\n" in capsys.readouterr().out
    assert cli.main(["data", "check", "--data", str(data_copy)]) == 0
    assert datapackage.stale(data_copy) == []


def test_data_check_and_accept_print_nothing_but_errors_with_q(data_copy, capsys):
    path = data_copy / "commitments.csv"
    assert cli.main(["data", "check", "-q", "--data", str(data_copy)]) == 0
    assert capsys.readouterr() == ("", "")
    path.write_text(path.read_text().replace(",32.9,", ",39.2,", 1))
    assert cli.main(["data", "accept", "-q", "--data", str(data_copy)]) == 0
    assert capsys.readouterr() == ("", "")
    path.write_text(path.read_text().replace(",39.2,", ",inf,", 1))
    assert cli.main(["data", "accept", "-q", "--data", str(data_copy)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("phaseone: error: ") and "fails finite" in err


@pytest.mark.parametrize("notebook, args, named", [
    ("compliance", ["-p", "as_of", "2022-03"], "as_of="),
    ("compliance", ["-p", "basis", "china_imports", "-p", "sectors", "services"], "basis="),
    ("compliance", ["-p", "basis", "china_imports", "-p", "as_of", "2021-06"], "as_of"),
    ("compliance", ["-p", "period", "2021", "-p", "as_of", "2020-05"], "as_of="),
    ("growth", ["-p", "confidence", "1.5"], "confidence="),
    ("growth", ["-p", "history_start", "2019", "-p", "history_end", "2017"], "history_start="),
    ("growth", ["-p", "base_year", "2021"], "base_year="),
    ("after_the_deal", ["-p", "horizon", "0"], "horizon="),
    ("tariffs", ["-p", "first_date", "2021-01-01", "-p", "last_date", "2024-06-30"],
     "first_date="),
])
def test_the_real_reports_refuse_combinations_before_any_kernel(tmp_path, capsys, notebook,
                                                                 args, named):
    reports = tmp_path / "reports"
    assert cli.main(["run", notebook, "--reports", str(reports), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"phaseone: error: {notebook}: ") and named in err
    assert "valid parameters:" in err
    assert not reports.exists() or not any(reports.rglob("*.html"))


def test_list_shows_each_integer_parameters_allowed_range(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "horizon: int = 4  years over which the catch-up is paid in equal parts  [1-10]" in out
    assert "trend_end: int = 2017  last year of the log-linear trend fit  [1989-2019]" in out
    assert "trend_start: int = 2001  first year of the log-linear trend fit  [1985-2015 (5 " \
           "years at least)]" in out
