"""After the deal: yardsticks, the catch-up scenario's invariants, its chance, the soybean
tracker, the report model over its parameter grid and one notebook run."""

import itertools
import re

import numpy as np
import pandas as pd
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

GOODS = list(agreement.GOODS_SECTORS)
FLAT = pd.Series(100.0, index=range(2017, 2035))


def test_a_path_at_the_required_rate_pays_exactly_what_is_owed():
    plan = scenarios.catch_up(FLAT, 60.0, 2026, 3, 2025, 80.0)
    path = [80.0 * (1 + plan.growth) ** (y - 2025) for y in range(2026, 2029)]
    assert sum(path) - FLAT.loc[2026:2028].sum() == pytest.approx(60.0)
    assert plan.required.tolist() == pytest.approx([120.0] * 3)
    assert plan.path.sum() == pytest.approx(plan.total_bn)


def test_owing_nothing_needs_no_growth_beyond_the_yardstick():
    plan = scenarios.catch_up(FLAT, 0.0, 2026, 4, 2025, 100.0)
    assert plan.required.equals(FLAT.loc[2026:2029])
    assert plan.growth == pytest.approx(0.0, abs=1e-12)


def test_more_owed_or_a_shorter_horizon_needs_faster_growth():
    base = scenarios.catch_up(FLAT, 50.0, 2026, 4, 2025, 80.0).growth
    assert scenarios.catch_up(FLAT, 80.0, 2026, 4, 2025, 80.0).growth > base
    assert scenarios.catch_up(FLAT, 50.0, 2026, 2, 2025, 80.0).growth > base


def test_the_chance_is_one_when_history_always_beats_the_plan_and_zero_when_never():
    plan = scenarios.catch_up(FLAT, 0.0, 2026, 3, 2025, 100.0)
    up = pd.Series(np.log(1.05), index=range(1992, 2025))
    assert scenarios.chance(up, plan, draws=500).probability == 1.0
    assert scenarios.chance(-up, plan, draws=500).probability == 0.0
    c = scenarios.chance(up, plan, draws=500)
    assert c.growth_low == pytest.approx(0.05) and list(c.fan.index) == [2026, 2027, 2028]


def test_yardsticks_by_sector():
    years = range(2017, 2027)
    flat = scenarios.yardstick("target_2021_flat", GOODS, years)
    level = scenarios.yardstick("level_2017", GOODS, years)
    extra = agreement.commitments().query("year == 2021").set_index("sector")["value_bn"]
    assert (flat - level).iloc[0].to_dict() == pytest.approx(extra[GOODS].to_dict())
    trend = scenarios.yardstick("trend_2013_2017", ["agriculture"], years)["agriculture"]
    assert trend.iloc[-1] < trend.iloc[0]  # agriculture fell over 2013-2017


def test_soybean_tonnes_use_the_unit_value_and_share_of_the_year():
    usd_t, share = scenarios.soybean_unit_value(2017)
    assert usd_t == pytest.approx(386, abs=1)  # 12.22bn for 31.69 MMT
    t = scenarios.soybean_tonnes(2017)
    assert t.loc["2017-01", "mmt"] == pytest.approx(
        t.loc["2017-01", "value_bn"] * share * 1e3 / usd_t)
    with pytest.raises(ValueError, match="no soybean data for 1990"):
        scenarios.soybean_unit_value(1990)


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
       sectors=st.sampled_from(SECTOR_SETS), soy=st.sampled_from([2014, 2017, 2025]))
def test_grid(yardstick, owed, start, horizon, sectors, soy):
    values = dict(yardstick=yardstick, owed=owed, start_year=start, horizon=horizon,
                  sectors=sectors, soybean_year=soy)
    problems = after_rules.problems(values)
    if problems:
        with pytest.raises(ParameterError) as err:
            report.model(**values)
        assert re.search(r"\b(sectors|start_year|horizon|soybean_year)\b", str(err.value))
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


def test_soybean_year_moves_the_tonnes():
    a, b = report.model(), report.model(soybean_year=2017)
    assert a.soy["first_mmt"] != b.soy["first_mmt"]


# --- one notebook run ----------------------------------------------------------------------


@pytest.mark.notebook
def test_notebook_defaults_through_the_builder(notebook_run):
    html = notebook_run("after_the_deal")[1]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    r = report.model()
    assert f"would have to grow {pct(r.plan.growth)} a year" in text
    assert "217" in text and "213.6" in text
    assert "report.model(" not in html
