import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phaseone.growth import (
    DEFINITIONS,
    Trend,
    cagr,
    closest_definition,
    closest_window,
    definition_text,
    exports_series,
    growth_windows,
    path,
    press_matches,
    ratio_grid,
    required_growth,
    required_growth_table,
    resolve_windows,
    sensitivity,
    target_levels,
    trend_fit,
    trend_projection,
    years_text,
)

BASE = 186.0
ADDITIONS = {2020: 76.7, 2021: 123.3}
ACTUAL = pd.Series({2017: 186.0, 2018: 179.3, 2019: 163.0})
T2020, T2021 = BASE + 76.7, BASE + 123.3

rates = st.floats(min_value=-0.5, max_value=1.0, allow_nan=False)
levels = st.floats(min_value=1.0, max_value=1e4, allow_nan=False)


# --- cagr / path / windows -------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(level=levels, start=st.integers(1990, 2020), n=st.integers(1, 20))
def test_cagr_constant_series_is_zero(level, start, n):
    s = pd.Series(level, index=range(start, start + n + 1), dtype=float)
    assert cagr(s, start, start + n) == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(base=levels, rate=rates, start=st.integers(1990, 2020), n=st.integers(1, 15))
def test_cagr_round_trips_with_path(base, rate, start, n):
    p = path(base, rate, start, start + n)
    assert list(p.index) == list(range(start, start + n + 1))
    assert p.loc[start] == pytest.approx(base)
    assert cagr(p, start, start + n) == pytest.approx(rate, abs=1e-9)


def test_cagr_known_value():
    s = pd.Series({2001: 100.0, 2003: 121.0})
    assert cagr(s, 2001, 2003) == pytest.approx(0.10)


def test_growth_windows():
    s = path(100.0, 0.05, 2000, 2010)
    df = growth_windows(s, [(2000, 2010), (2005, 2008)])
    assert list(df.columns) == ["start", "end", "years", "start_value_bn", "end_value_bn", "cagr"]
    assert df["years"].tolist() == [10, 3]
    assert df["start_value_bn"].iloc[0] == pytest.approx(100.0)
    assert np.allclose(df["cagr"], 0.05)


@pytest.mark.parametrize("start,end", [(2005, 2005), (2006, 2005)])
def test_cagr_rejects_start_not_before_end(start, end):
    s = path(100.0, 0.05, 2000, 2010)
    with pytest.raises(ValueError, match="start"):
        cagr(s, start, end)


@pytest.mark.parametrize("start,end,name", [(1999, 2005, "start"), (2000, 2011, "end")])
def test_cagr_rejects_year_outside_series(start, end, name):
    s = path(100.0, 0.05, 2000, 2010)
    with pytest.raises(ValueError, match=f"{name}=.*outside"):
        cagr(s, start, end)


def test_cagr_rejects_non_positive_value():
    s = pd.Series({2000: 0.0, 2001: 5.0})
    with pytest.raises(ValueError, match="positive"):
        cagr(s, 2000, 2001)


# --- required growth -------------------------------------------------------


def _all(base=BASE, additions=ADDITIONS, actual=ACTUAL):
    return {
        name: required_growth(name, base=base, additions=additions, actual=actual)
        for name in DEFINITIONS
    }


def test_each_definition_meets_its_target():
    g = _all()
    a19 = ACTUAL.loc[2019]

    p = path(BASE, g["two_year_sum_from_base"], 2017, 2021)
    assert p.loc[2020] + p.loc[2021] == pytest.approx(2 * BASE + 200.0, rel=1e-9)

    p = path(BASE, g["final_target_from_base"], 2017, 2021)
    assert p.loc[2021] == pytest.approx(T2021, rel=1e-9)

    p = path(a19, g["final_target_from_2019"], 2019, 2021)
    assert p.loc[2021] == pytest.approx(T2021, rel=1e-9)

    p = path(a19, g["first_year_jump_from_2019"], 2019, 2020)
    assert p.loc[2020] == pytest.approx(T2020, rel=1e-9)

    p = path(T2020, g["target_year_on_year"], 2020, 2021)
    assert p.loc[2021] == pytest.approx(T2021, rel=1e-9)

    p = path(a19, g["two_year_sum_from_2019"], 2019, 2021)
    assert p.loc[2020] + p.loc[2021] == pytest.approx(T2020 + T2021, rel=1e-9)

    p = path(BASE, g["final_target_from_base_2yr"], 2019, 2021)
    assert p.loc[2021] == pytest.approx(T2021, rel=1e-9)

    p = path(BASE, g["two_year_sum_from_base_2yr"], 2019, 2021)
    assert p.loc[2020] + p.loc[2021] == pytest.approx(2 * BASE + 200.0, rel=1e-9)

    assert BASE * (1 + g["average_addition_share_of_base"]) == pytest.approx(BASE + 100.0)

    p = path(BASE, g["total_addition_level_2yr"], 2019, 2021)
    assert p.loc[2021] == pytest.approx(BASE + 200.0, rel=1e-9)


def test_every_registered_definition_is_checked():
    # keeps test_each_definition_meets_its_target in sync with the registry
    assert set(DEFINITIONS) == {
        "two_year_sum_from_base", "final_target_from_base", "final_target_from_2019",
        "first_year_jump_from_2019", "target_year_on_year", "two_year_sum_from_2019",
        "final_target_from_base_2yr", "two_year_sum_from_base_2yr",
        "average_addition_share_of_base", "total_addition_level_2yr",
    }



def test_press_33_percent_is_reproduced_by_some_definition():
    g = _all()
    hits = {k for k, v in g.items() if 0.32 <= v <= 0.34}
    assert hits == {"two_year_sum_from_base_2yr"}


@settings(max_examples=40, deadline=None)
@given(
    base=st.floats(10.0, 1000.0),
    a1=st.floats(0.0, 500.0),
    a2=st.floats(0.0, 500.0),
)
def test_sum_definitions_property(base, a1, a2):
    add = {2020: a1, 2021: a2}
    g = required_growth("two_year_sum_from_base", base=base, additions=add)
    p = path(base, g, 2017, 2021)
    assert p.loc[2020] + p.loc[2021] == pytest.approx(2 * base + a1 + a2, rel=1e-9)
    g2 = required_growth("two_year_sum_from_base_2yr", base=base, additions=add)
    p = path(base, g2, 2019, 2021)
    assert p.loc[2020] + p.loc[2021] == pytest.approx(2 * base + a1 + a2, rel=1e-9)
    # same total over fewer years needs at least as fast growth
    assert g2 >= g - 1e-12


def test_zero_additions_need_zero_growth():
    add = {2020: 0.0, 2021: 0.0}
    for name in ["two_year_sum_from_base", "final_target_from_base",
                 "final_target_from_base_2yr", "two_year_sum_from_base_2yr",
                 "target_year_on_year"]:
        assert required_growth(name, base=100.0, additions=add) == pytest.approx(0.0, abs=1e-12)


def test_required_growth_table():
    t = required_growth_table(BASE, ADDITIONS, ACTUAL)
    assert list(t.columns) == ["definition", "label", "description", "from_year", "to_year",
                               "required_growth"]
    assert t["definition"].tolist() == list(DEFINITIONS)
    g = _all()
    assert np.allclose(t.set_index("definition")["required_growth"].loc[list(g)], list(g.values()))
    row = t.set_index("definition").loc["final_target_from_2019"]
    assert (row["from_year"], row["to_year"]) == (2019, 2021)
    # without actual, the actual-based definitions are NaN, the rest are finite
    t2 = required_growth_table(BASE, ADDITIONS).set_index("definition")["required_growth"]
    assert t2.isna().sum() == 3
    assert math.isnan(t2["two_year_sum_from_2019"])
    assert t2["two_year_sum_from_base"] == pytest.approx(g["two_year_sum_from_base"])


def test_target_levels():
    t = target_levels(BASE, ADDITIONS)
    assert t.to_dict() == pytest.approx({2020: T2020, 2021: T2021})


@pytest.mark.parametrize("name", ["two_year_sum_from_base", "final_target_from_2019",
                                  "two_year_sum_from_base_2yr", "target_year_on_year"])
def test_definition_texts_follow_the_years(name):
    label, text = definition_text(name, 2018, 2023, 2025)
    words = label + " " + text
    assert not re.search(r"2017|2019|2020|2021", words)  # no Phase One year appears
    assert re.search(r"2018|2022|2023|2025", words)
    assert definition_text(name, 2017, 2020, 2021) != (label, text)


def test_definition_labels_are_distinct_and_plain():
    labels = [definition_text(d, 2017, 2020, 2021)[0] for d in DEFINITIONS]
    assert len(set(labels)) == len(labels)
    assert not any("_" in label for label in labels)


def test_unknown_definition_lists_valid_names():
    with pytest.raises(ValueError, match="unknown definition.*two_year_sum_from_base"):
        required_growth("nope", base=BASE, additions=ADDITIONS)


def test_actual_required_for_2019_definitions():
    with pytest.raises(ValueError, match="actual"):
        required_growth("final_target_from_2019", base=BASE, additions=ADDITIONS)
    with pytest.raises(ValueError, match="outside"):
        required_growth("final_target_from_2019", base=BASE, additions=ADDITIONS,
                        actual=ACTUAL.drop(2019))


def test_bad_inputs():
    with pytest.raises(ValueError, match="base"):
        required_growth("final_target_from_base", base=-1.0, additions=ADDITIONS)
    with pytest.raises(ValueError, match="additions"):
        required_growth("final_target_from_base", base=BASE, additions={})
    with pytest.raises(ValueError, match="consecutive"):
        required_growth("final_target_from_base", base=BASE, additions={2020: 1.0, 2022: 2.0})
    with pytest.raises(ValueError, match="no growth rate"):
        required_growth("two_year_sum_from_base", base=BASE, additions={2020: -200.0, 2021: -200.0})


# --- sensitivity -----------------------------------------------------------


def test_sensitivity_grid():
    grid = sensitivity(ACTUAL, 200.0, [2017, 2018, 2019], [2, 3, 4])
    assert grid.shape == (3, 3)
    assert list(grid.index) == [2017, 2018, 2019]
    assert list(grid.columns) == [2, 3, 4]
    g = _all()
    assert grid.loc[2017, 4] == pytest.approx(g["two_year_sum_from_base"], rel=1e-9)
    assert grid.loc[2017, 2] == pytest.approx(g["two_year_sum_from_base_2yr"], rel=1e-9)
    for b in grid.index:
        lvl = ACTUAL.loc[b]
        for h in grid.columns:
            p = path(lvl, grid.loc[b, h], b, b + h)
            assert p.iloc[-2] + p.iloc[-1] == pytest.approx(2 * lvl + 200.0, rel=1e-9)
        # longer horizons need slower growth
        assert grid.loc[b].is_monotonic_decreasing
    # lower base levels need faster growth
    assert grid[2].is_monotonic_increasing


def test_sensitivity_errors():
    with pytest.raises(ValueError, match="horizons"):
        sensitivity(ACTUAL, 200.0, [2017], [0])
    with pytest.raises(ValueError, match="base_year=2030"):
        sensitivity(ACTUAL, 200.0, [2030], [2])


# --- trend -----------------------------------------------------------------


def _noisy(rate=0.12, seed=0, sd=0.05):
    rng = np.random.default_rng(seed)
    yrs = np.arange(2001, 2018)
    vals = 50.0 * (1 + rate) ** (yrs - 2001) * np.exp(rng.normal(0.0, sd, yrs.size))
    return pd.Series(vals, index=yrs)


@settings(max_examples=25, deadline=None)
@given(rate=st.floats(-0.3, 0.5), level0=levels)
def test_trend_recovers_exact_exponential(rate, level0):
    s = path(level0, rate, 2001, 2017)
    tr = trend_fit(s, 2001, 2017)
    assert isinstance(tr, Trend)
    assert tr.growth == pytest.approx(rate, abs=1e-9)
    assert tr.nobs == 17
    assert (tr.start, tr.end, tr.level) == (2001, 2017, 0.95)
    proj = trend_projection(tr, [2020, 2021])
    assert proj.loc[2021, "fitted"] == pytest.approx(level0 * (1 + rate) ** 20, rel=1e-7)


def test_trend_uses_subrange_and_hc1():
    s = pd.concat([path(10.0, 0.10, 1995, 2000).iloc[:-1], path(20.0, 0.2, 2000, 2010)])
    tr = trend_fit(s, 2000, 2010)
    assert tr.growth == pytest.approx(0.2, abs=1e-9)
    assert tr.nobs == 11
    assert tr.results.cov_type == "HC1"


def test_trend_interval_contains_estimate_and_widens():
    s = _noisy()
    t90 = trend_fit(s, 2001, 2017, level=0.90)
    t99 = trend_fit(s, 2001, 2017, level=0.99)
    for t in (t90, t99):
        assert t.growth_low < t.growth < t.growth_high
    assert t99.growth_low < t90.growth_low
    assert t99.growth_high > t90.growth_high
    assert t90.growth == pytest.approx(t99.growth)
    assert 0.08 < t90.growth < 0.16
    # results excluded from equality and repr
    assert "results" not in repr(t90)
    assert trend_fit(s, 2001, 2017, level=0.90) == t90


def test_trend_projection_intervals():
    tr = trend_fit(_noisy(), 2001, 2017)
    years = [2018, 2020, 2021]
    p95 = trend_projection(tr, years, level=0.95)
    p80 = trend_projection(tr, years, level=0.80)
    assert list(p95.columns) == ["fitted", "mean_low", "mean_high", "pred_low", "pred_high"]
    assert list(p95.index) == years
    assert (p95["pred_low"] < p95["mean_low"]).all()
    assert (p95["mean_low"] < p95["fitted"]).all()
    assert (p95["fitted"] < p95["mean_high"]).all()
    assert (p95["mean_high"] < p95["pred_high"]).all()
    assert (p95["pred_low"] < p80["pred_low"]).all()
    assert (p95["pred_high"] > p80["pred_high"]).all()
    assert np.allclose(p95["fitted"], p80["fitted"])
    # the interval widens further out from the fitting window
    width = p95["pred_high"] / p95["pred_low"]
    assert width.is_monotonic_increasing
    # fitted values follow the estimated growth rate
    assert p95.loc[2021, "fitted"] / p95.loc[2020, "fitted"] == pytest.approx(1 + tr.growth)


def test_trend_errors():
    s = _noisy()
    with pytest.raises(ValueError, match="start"):
        trend_fit(s, 2010, 2005)
    with pytest.raises(ValueError, match="outside"):
        trend_fit(s, 1990, 2005)
    with pytest.raises(ValueError, match="level"):
        trend_fit(s, 2001, 2017, level=1.5)
    with pytest.raises(ValueError, match="at least 3"):
        trend_fit(s, 2001, 2002)


# --- report helpers ----------------------------------------------------------


def test_years_text():
    assert years_text([2015, 2001, 2013, 2014, 2017]) == "2001, 2013-2015, 2017"


def test_press_matches_sorted_and_tolerance():
    r = pd.Series({"a": 0.30, "b": 0.335, "c": 0.325, "d": 0.5})
    hits = press_matches(r, 0.33)
    assert list(hits.index) == ["b", "c"]
    assert press_matches(r, 0.33, tolerance=0.001).empty
    assert closest_definition(r, 0.45) == "d"


def test_ratio_grid_and_closest_window():
    grid = ratio_grid(pd.Series({"x": 0.3, "y": 0.6}),
                      pd.Series({"w1": 0.1, "w2": 0.2, "w3": -0.1}))
    assert grid.loc["y", "w2"] == pytest.approx(3.0)
    assert grid.loc["x", "w1"] == pytest.approx(3.0)
    assert closest_window(grid.loc["x"], 1.4) == "w2"
    # negative historical growth is never "closest"
    assert closest_window(grid.loc["x"], -3.0) == "w2"
    with pytest.raises(ValueError, match="positive"):
        closest_window(grid.loc["x", ["w3"]], 3.0)


def test_resolve_windows_drops_duplicates_and_empty():
    s = exports_series("goods")
    last = int(s.index.max())
    assert resolve_windows(s, [(2001, None), (2001, last), (last, None)]) == [(2001, last)]
