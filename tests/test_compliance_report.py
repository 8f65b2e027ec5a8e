"""The compliance notebook, executed for real: what its default and other report say (the runs
of the sanity test in test_notebooks.py), plain papermill, and bad input refused."""

import re

import jupytext
import papermill
import pytest
from test_notebooks import OTHER

from phaseone import builder, config, reports
from phaseone.builder import Paths
from phaseone.parameters import ParameterError
from phaseone.present.text import pct
from phaseone.reports.compliance import model as compliance_report

pytestmark = pytest.mark.notebook


def visible_text(html: str) -> str:
    """Report text without tags, for checking the prose."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return Paths(reports=tmp_path_factory.mktemp("reports"))


def test_defaults_render_the_headline_computed_from_the_data(notebook_run):
    _, html, _ = notebook_run("compliance")
    text = visible_text(html)
    r = compliance_report.model()
    assert f"China bought {pct(r.total.fulfilment)} of the covered US goods and services" in text
    assert "not even the 2017 level" in text
    assert "PIIE published 57%" in text and "58% after later US data revisions" in text
    assert "<b>published</b>" in html or "<strong>published</strong>" in html  # services rows
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html  # no warnings shown
    assert "compliance.model(" not in html  # no code shown


def test_other_parameters_change_the_report(notebook_run):
    overrides = OTHER["compliance"]
    text = visible_text(notebook_run("compliance", overrides)[1])
    r = compliance_report.model(**overrides)
    assert r.title in text and "January-June 2021" in r.title
    assert f"Over January-June 2021, China bought {pct(r.total.fulfilment)} of the covered " \
           "US agricultural and energy goods" in text
    assert "agriculture and energy" in r.title and "without civil aircraft" in r.title
    assert "more than the 2017 level" in text  # agriculture and energy beat 2017
    assert "By June 2021, year-to-date US exports of covered agriculture and energy" in text
    assert "straight-line" in text and "Estimated months" not in text


def test_plain_papermill_reads_period_as_the_builder_does(tmp_path):
    source = tmp_path / "compliance.ipynb"
    jupytext.write(jupytext.read(config.NOTEBOOKS / "compliance.py"), source)
    nb = papermill.execute_notebook(str(source), str(tmp_path / "out.ipynb"),
                                    parameters={"period": 2020}, kernel_name="python3",
                                    cwd=str(tmp_path), progress_bar=False)
    text = " ".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells
                    for o in c.get("outputs", []))
    r = compliance_report.model(period="2020")
    text = " ".join(text.split())
    assert f"Over 2020, China bought {pct(r.total.fulfilment)}" in text
    assert "a year at the 2017 level would have been" in text


@pytest.mark.parametrize("overrides, message", [
    ({"basis": "china"},
     re.escape("'basis': invalid value 'china'; choices: us_exports | china_imports")),
    ({"perod": "2020"}, r"unknown parameter 'perod'; did you mean 'period'"),
    ({"sectors": ["agri"]}, r"sectors.*'agri'"),
    ({"include_services": False}, r"unknown parameter 'include_services'"),
    ({"as_of": "2022-03"}, r"as_of='2022-03' is outside the agreement's months"),
])
def test_bad_parameters_are_refused_before_any_kernel(paths, overrides, message):
    before = sorted(paths.reports.rglob("*"))
    with pytest.raises(ParameterError, match=message):
        builder.run("compliance", overrides, paths.runs, paths=paths, progress=False,
                    rules=reports.rules())
    assert sorted(paths.reports.rglob("*")) == before  # nothing ran, nothing written
