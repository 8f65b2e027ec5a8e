"""The after-the-deal report: its parameters cell matches the library, its model over the
parameter grid (words checked against numbers), each parameter moving the headline, and what
the default notebook run says."""

import itertools
import re

import pytest
from declared import validate_notebook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phaseone import agreement, config, scenarios, vocabulary
from phaseone.builder.notebook import read_parameters
from phaseone.parameters import ParameterError
from phaseone.present.text import pct
from phaseone.reports.after_the_deal import model as report
from phaseone.reports.after_the_deal import rules as after_rules
from phaseone.vocabulary import FIRST_DEADLINES, PLEDGE_YEARS

GOODS = list(agreement.GOODS_SECTORS)


# --- the report model over its grid --------------------------------------------------------

SECTOR_SETS = [list(c) for n in range(0, 5) for c in itertools.combinations(agreement.SECTORS, n)]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def test_parameters_cell_matches_the_library():
    p = {q.name: q for q in read_parameters(config.NOTEBOOKS / "after_the_deal.py")}
    assert {n: q.default for n, q in p.items()} == report.DEFAULTS
    assert p["yardstick"].choices == tuple(scenarios.YARDSTICKS)
    assert p["owed"].choices == tuple(scenarios.OWED)
    assert p["sectors"].choices == agreement.SECTORS == vocabulary.SECTORS


def _check(r):
    v = r.parameters
    assert list(r.purchases.columns) == v["sectors"]
    assert r.plan.start == v["start_year"] and r.plan.horizon == v["horizon"]
    assert r.plan.total_bn == pytest.approx(
        r.yardstick.sum(axis=1).loc[r.plan.required.index].sum() + r.owed_bn)
    if v["owed"] == "shortfall_2020_21":
        assert r.owed_bn == pytest.approx(max(r.agreement_shortfall.sum(), 0))
    assert 0 <= r.chance.probability <= 1
    assert r.chance.growth_low <= r.chance.growth_median <= r.chance.growth_high
    assert r.last_year == (2023 if "services" in v["sectors"] else 2025)
    assert str(v["start_year"]) in r.title and "_" not in r.title


@SETTINGS
@given(yardstick=st.sampled_from(list(scenarios.YARDSTICKS)),
       owed=st.sampled_from(list(scenarios.OWED)),
       start=st.sampled_from([2020, 2024, 2026, 2028, 2040]),
       horizon=st.sampled_from([0, 1, 4, 11]),
       sectors=st.sampled_from(SECTOR_SETS), pledge_year=st.sampled_from(PLEDGE_YEARS),
       first_deadline=st.sampled_from(FIRST_DEADLINES))
def test_grid(yardstick, owed, start, horizon, sectors, pledge_year, first_deadline):
    values = dict(yardstick=yardstick, owed=owed, start_year=start, horizon=horizon,
                  sectors=sectors, pledge_year=pledge_year, first_deadline=first_deadline)
    problems = after_rules.problems(values)
    if problems:
        with pytest.raises(ParameterError) as err:
            report.model(**values)
        assert re.search(r"\b(sectors|start_year|horizon)\b", str(err.value))
        with pytest.raises(ParameterError):
            validate_notebook(config.NOTEBOOKS / "after_the_deal.py", values)
    else:
        _check(report.model(**values))


@pytest.mark.parametrize("name, value", [
    ("yardstick", "level_2017"), ("owed", "plus_yardstick"), ("start_year", 2028),
    ("horizon", 8), ("sectors", ["agriculture"]),
])
def test_every_parameter_moves_the_headline(name, value):
    assert report.model().headline() != report.model(**{name: value}).headline()


@pytest.mark.parametrize("name, value", [("pledge_year", "marketing_year"),
                                         ("first_deadline", "end_2025")])
def test_each_soybean_parameter_moves_the_pledges_purchases(name, value):
    a, b = report.model(), report.model(**{name: value})
    bought = [[g.bought_kt for g in m.soybeans.tracker.progress] for m in (a, b)]
    assert bought[0] != bought[1]
    assert a.soybean_text.text != b.soybean_text.text
    assert a.headline() == b.headline()  # the catch-up does not read the soybeans


# --- one notebook run ----------------------------------------------------------------------


@pytest.mark.notebook
def test_notebook_defaults_through_the_builder(notebook_run):
    html = notebook_run("after_the_deal")[1]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    r = report.model()
    assert f"would have to grow {pct(r.plan.growth)} a year" in text
    assert "217" in text and "213.6" in text
    assert "report.model(" not in html
