"""The compliance notebook, executed for real: defaults, another parameter set, bad input."""

import re

import pytest

from phaseone import build, compliance, config
from phaseone.build import Paths
from phaseone.parameters import ParameterError
from phaseone.text import pct

pytestmark = pytest.mark.notebook


def visible_text(html: str) -> str:
    """Report text without tags, for checking the prose."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return Paths(reports=tmp_path_factory.mktemp("reports"))


def test_defaults_render_the_headline_computed_from_the_data(paths):
    [result] = build.build_all(["compliance"], force=True, paths=paths, progress=False)
    html = result.html.read_text()
    text = visible_text(html)
    us = compliance.fulfilment("us_exports", config.AGREEMENT_YEARS).loc["total"]
    assert f"China bought {pct(us.fulfilment)} of the covered US goods and services" in text
    assert "PIIE published 57%" in text and "58% after later US data revisions" in text
    assert "Traceback" not in html
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html  # no warnings shown
    assert "compliance.fulfilment(" not in html  # no code shown


def test_other_parameters_change_the_report(paths):
    overrides = {"basis": "china_imports", "period": "2020", "proration": "straight_line",
                 "as_of": "2020-09", "include_civil_aircraft": False}
    result = build.run("compliance", overrides, paths.runs, paths=paths, progress=False)
    text = visible_text(result.html.read_text())
    cn = compliance.fulfilment("china_imports", (2020,)).loc["total"]
    assert f"Over 2020, China bought {pct(cn.fulfilment)} of the covered US goods" in text
    assert "measured on China's import data" in text
    assert "By 2020-09, year-to-date US exports" in text and "straight-line" in text


@pytest.mark.parametrize("overrides, message", [
    ({"basis": "china"},
     re.escape("'basis': invalid value 'china'; choices: us_exports | china_imports")),
    ({"perod": "2020"}, r"unknown parameter 'perod'; did you mean 'period'"),
    ({"sectors": ["agri"]}, r"sectors.*'agri'"),
    ({"include_services": "yes"}, r"include_services.*bool"),
])
def test_bad_parameters_are_refused_before_any_kernel(paths, overrides, message):
    with pytest.raises(ParameterError, match=message):
        build.run("compliance", overrides, paths.runs, paths=paths, progress=False)
