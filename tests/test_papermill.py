"""Plain papermill behaves as `phaseone run`: values as papermill's `-p` gives them are read,
or refused with the builder's message and no traceback (kernels: one per case)."""

import jupytext
import papermill
import pytest

from phaseone import builder, config
from phaseone.builder.discover import Paths
from phaseone.parameters import ParameterError
from phaseone.present.headline import recorded
from phaseone.reports.compliance import model as compliance_report


def _papermill(tmp_path, name, **parameters):
    source = tmp_path / f"{name}.ipynb"
    jupytext.write(jupytext.read(config.NOTEBOOKS / f"{name}.py"), source)
    return papermill.execute_notebook(str(source), str(tmp_path / "out.ipynb"),
                                      parameters=parameters, kernel_name="python3",
                                      cwd=str(tmp_path), progress_bar=False)


@pytest.mark.notebook
def test_a_list_given_as_one_word_is_that_one_sector(tmp_path):
    nb = _papermill(tmp_path, "compliance", sectors="agriculture")  # `-p sectors agriculture`
    assert recorded(nb)["title"] == compliance_report.model(sectors=["agriculture"]).title


@pytest.mark.notebook
@pytest.mark.parametrize("name, parameters, problem", [
    ("compliance", {"period": 2022}, "parameter 'period': invalid value '2022'"),
    ("growth", {"base_year": 2017.0}, "parameter 'base_year' expects int, got float 2017.0"),
    ("compliance", {"include_civil_aircraft": 0},
     "parameter 'include_civil_aircraft' expects bool, got int 0"),
])
def test_papermill_refuses_what_phaseone_run_refuses(tmp_path, name, parameters, problem):
    with pytest.raises(ParameterError, match=problem):
        builder.run(name, parameters, tmp_path / "runs", paths=Paths(reports=tmp_path / "r"),
                  progress=False)
    with pytest.raises(papermill.PapermillExecutionError) as failed:
        _papermill(tmp_path, name, **parameters)
    message = str(failed.value)
    assert problem in message and "phaseone: error:" in message
    assert "Traceback" not in message and "KeyError" not in message
