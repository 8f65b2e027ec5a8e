"""Growth arithmetic: compound rates, paths, the required-growth definitions and their table,
the sensitivity grid, the historical windows and the press figures, worked by hand on small
numbers and on the curated series."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phaseone import growth
from phaseone.growth import (
    DEFINITIONS,
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
)
from phaseone.growth.rates import constant_rate

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


# --- report helpers ----------------------------------------------------------


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


def test_counterfactual_targets_start_from_the_chosen_base_year():
    goods = growth.exports_series("goods")
    trend = growth.trend_fit(goods, 2001, 2017)
    additions = growth.series_additions("goods")
    for base_year in (2017, 2018):
        out = growth.counterfactual("goods", trend, base_year=base_year)
        expected = [goods[base_year] + additions[y] for y in out.index]
        assert list(out["target"]) == pytest.approx(expected)
    assert goods[2018] != goods[2017]


def test_trend_basis_needs_every_year_up_to_the_end():
    with_services = growth.exports_series("goods_and_services")
    last = int(with_services.index.max())
    assert growth.trend_basis("goods_and_services", 2013, last) == "goods_and_services"
    assert growth.trend_basis("goods_and_services", 2013, last + 1) == "goods"
    assert growth.trend_basis("goods_and_services", 2000, 2014) == "goods"


def test_additions_in_the_base_year_are_refused():
    with pytest.raises(ValueError, match="after base_year=2017"):
        growth.required_growth("final_target_from_base", base=100.0,
                               additions={2017: 10.0, 2018: 20.0}, base_year=2017)
    rate = growth.required_growth("final_target_from_base", base=100.0,
                                  additions={2018: 10.0, 2019: 21.0}, base_year=2017)
    assert rate == pytest.approx(np.sqrt(1.21) - 1)


def test_years_text_joins_runs_of_consecutive_years():
    assert growth.years_text([2015, 2001, 2013, 2014, 2017, 2018]) == "2001, 2013-2015, 2017-2018"
    assert growth.years_text([2015, 2001, 2013, 2014, 2017]) == "2001, 2013-2015, 2017"


def test_inputs_label_each_row_with_its_table():
    out = growth.inputs("goods_and_services", [2017, 2018])
    assert list(out.columns) == ["year", "table", "value_bn", "quality", "source"]
    assert list(out.index) == [0, 1, 2, 3]
    assert list(out["table"]) == ["goods_exports_annual", "services_exports"] * 2
    assert list(growth.inputs("goods", [2017])["table"]) == ["goods_exports_annual"]


def test_historical_growth_rows_name_their_window():
    out = growth.historical_growth("goods_and_services", [(2013, 2017), (2001, 2010)])
    assert list(out.columns) == ["window", "start", "end", "years", "goods",
                                 "goods_and_services", "cagr", "measured_on"]
    first, second = out.iloc[0], out.iloc[1]
    assert (first["window"], first["start"], first["end"], first["years"]) == \
        ("2013-2017", 2013, 2017, 4)
    assert first["measured_on"] == "goods_and_services"
    assert np.isnan(second["goods_and_services"]) and second["measured_on"] == "goods"
    assert second["cagr"] == second["goods"] > 0
    with pytest.raises(ValueError, match=r"^window 1970-1980 is outside the goods data "
                                         r"\(years with data: 1985-\d{4}\)$"):
        growth.historical_growth("goods", [(1970, 1980)])


def test_press_matches_include_the_tolerance_edge_closest_first():
    required = pd.Series({"a": 0.30, "b": 0.335, "c": 0.33, "d": 0.325, "e": 0.36})
    hits = growth.press_matches(required, 0.33, tolerance=0.005)
    assert list(hits.index) == ["c", "b", "d"]  # b and d are exactly 0.005 away, in order
    assert list(growth.press_matches(required, 0.33, tolerance=0.0049).index) == ["c"]
    r = pd.Series({"a": 0.30, "b": 0.335, "c": 0.325, "d": 0.5})
    hits = press_matches(r, 0.33)
    assert list(hits.index) == ["b", "c"]
    assert press_matches(r, 0.33, tolerance=0.001).empty
    assert closest_definition(r, 0.45) == "d"


def test_closest_window_skips_windows_without_growth():
    ratios = pd.Series({"flat": 0.0, "slow": 0.9, "fast": 3.0})
    assert growth.closest_window(ratios, 0.0) == "slow"
    with pytest.raises(ValueError, match="^no window with positive historical growth$"):
        growth.closest_window(pd.Series({"flat": 0.0, "down": -1.0}), 1.0)


@pytest.mark.parametrize("low, high", [(0.05, 2.0), (0.0, float("inf")), (-0.01, float("inf"))])
def test_ratio_interval_is_unbounded_without_positive_growth(low, high):
    trend = growth.Trend(2001, 2017, 0.1, low, 0.2, 0.95, 17, results=None)
    ratio, lowest, highest = growth.ratio_interval(0.1, trend)
    assert (ratio, lowest) == pytest.approx((1.0, 0.5))
    assert highest == pytest.approx(high)


LEVELS = pd.Series({2017: 100.0, 2018: 110.0, 2019: 121.0, 2020: 60.5})


ADDS = {2020: 10.0, 2021: 21.0}  # on a base of 100 in 2017


def test_cagr_is_the_compound_rate_between_two_years():
    assert cagr(LEVELS, 2017, 2019) == pytest.approx(0.10, rel=1e-12)
    assert cagr(LEVELS, 2018, 2019) == pytest.approx(0.10, rel=1e-12)
    assert cagr(LEVELS, 2019, 2020) == pytest.approx(-0.5, rel=1e-12)


@pytest.mark.parametrize("start, end, message", [
    (2019, 2019, "start must be before end, got start=2019, end=2019"),
    (2019, 2018, "start must be before end"),
    (2016, 2018, r"start=2016 is outside the series \(available years: 2017-2020\)"),
    (2017, 2022, r"end=2022 is outside the series \(available years: 2017-2020\)"),
])
def test_cagr_refuses_windows_it_cannot_measure(start, end, message):
    with pytest.raises(ValueError, match="^" + message):
        cagr(LEVELS, start, end)


def test_cagr_on_an_empty_series_says_so():
    with pytest.raises(ValueError, match=r"^start=2017 is outside the series \(available years: "
                       r"empty series\)"):
        cagr(pd.Series(dtype=float), 2017, 2018)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_cagr_refuses_a_level_that_is_not_positive_and_finite(bad):
    with pytest.raises(ValueError, match=rf"^value for end=2018 must be positive and finite, "
                       rf"got {bad!r}"):
        cagr(LEVELS.replace({110.0: bad}), 2017, 2018)
    with pytest.raises(ValueError, match="^value for start=2018 must be positive"):
        cagr(LEVELS.replace({110.0: bad}), 2018, 2019)


def test_growth_windows_has_one_row_per_window_in_order():
    table = growth_windows(LEVELS, [(2018.0, 2019), (2017, 2019)])
    assert list(table.columns) == ["start", "end", "years", "start_value_bn", "end_value_bn",
                                   "cagr"]
    assert table[["start", "end", "years"]].values.tolist() == [[2018, 2019, 1], [2017, 2019, 2]]
    assert table["start_value_bn"].tolist() == [110.0, 100.0]
    assert table["end_value_bn"].tolist() == [121.0, 121.0]
    assert table["cagr"].tolist() == pytest.approx([0.10, 0.10], rel=1e-12)
    empty = growth_windows(LEVELS, [])
    assert len(empty) == 0 and list(empty.columns) == list(table.columns)


def test_a_path_grows_at_the_rate_from_its_start():
    levels = path(100, 0.1, 2018, 2020)
    assert levels.index.tolist() == [2018, 2019, 2020]
    assert levels.index.name == "year" and levels.name == "level_bn"
    assert levels.tolist() == pytest.approx([100.0, 110.0, 121.0], rel=1e-12)
    assert path(50, -0.5, 2020, 2020).tolist() == [50.0]
    assert path(8, -0.5, 2020, 2023).tolist() == [8.0, 4.0, 2.0, 1.0]


@pytest.mark.parametrize("base, rate, start, end, message", [
    (0, 0.1, 2018, 2020, "base must be positive and finite, got 0.0"),
    (-5, 0.1, 2018, 2020, "base must be positive and finite, got -5.0"),
    (float("inf"), 0.1, 2018, 2020, "base must be positive and finite, got inf"),
    (100, -1.0, 2018, 2020, r"rate must be > -1 \(a fraction per year\), got -1.0"),
    (100, float("nan"), 2018, 2020, "rate must be > -1"),
    (100, 0.1, 2020, 2019, r"end_year must be >= start_year, got 2020\.\.2019"),
])
def test_a_path_refuses_what_cannot_grow(base, rate, start, end, message):
    with pytest.raises(ValueError, match="^" + message):
        path(base, rate, start, end)


def test_target_levels_add_each_year_to_the_base():
    levels = target_levels(100, {2021: 21, 2020: 10})
    assert levels.index.tolist() == [2020, 2021] and levels.index.name == "year"
    assert levels.name == "target_bn" and levels.dtype == float
    assert levels.tolist() == [110.0, 121.0]
    assert target_levels(100, {}).dtype == float
    with pytest.raises(ValueError, match="^base must be positive and finite, got 0.0"):
        target_levels(0, ADDS)


def test_the_constant_rate_solves_its_equation():
    # 100 (1+g) + 100 (1+g)^2 = 231  ->  g = 0.1
    assert constant_rate(100, [1, 2], 231) == pytest.approx(0.1, abs=1e-14)
    # far above 100% a year: 1 (1+g) = 10
    assert constant_rate(1, [1], 10) == pytest.approx(9.0, rel=1e-13)
    assert constant_rate(1, [3], 1000) == pytest.approx(9.0, rel=1e-13)
    assert constant_rate(4, [0, 2], 5) == pytest.approx(-0.5, abs=1e-14)
    assert constant_rate(4, [0, 1], 4) == -1.0  # reached only at -100%


@pytest.mark.parametrize("exponents, target, message", [
    ([], 1, "exponents must be >= 0 with at least one positive, got \\[\\]"),
    ([-1, 1], 1, "exponents must be >= 0"),
    ([0, 0], 1, "exponents must be >= 0"),
    ([0, 1], 3, r"no growth rate > -100% reaches target sum 3 from level 4"),
    ([1], -1, "no growth rate > -100%"),
    ([1], 4e13, "target sum too large to solve for a growth rate"),
])
def test_the_constant_rate_refuses_unsolvable_equations(exponents, target, message):
    with pytest.raises(ValueError, match="^" + message):
        constant_rate(4, exponents, target)


# Hand-worked values on base 100 (2017), additions 10 (2020) and 21 (2021), actual 2019: 121.
EXPECTED = {
    "two_year_sum_from_base": None,  # solved below
    "final_target_from_base": 1.21 ** 0.25 - 1,
    "final_target_from_2019": 0.0,
    "first_year_jump_from_2019": 110 / 121 - 1,
    "target_year_on_year": 0.1,
    "two_year_sum_from_2019": None,
    "final_target_from_base_2yr": 0.1,
    "two_year_sum_from_base_2yr": 0.1,
    "average_addition_share_of_base": 0.155,
    "total_addition_level_2yr": 1.31 ** 0.5 - 1,
}


def _sum_gap(level, exponents, total):
    return lambda g: sum(level * (1 + g) ** e for e in exponents) - total


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_each_definition_gives_its_hand_worked_rate(definition):
    g = required_growth(definition, base=100, additions=ADDS, actual=LEVELS,
                         base_year=2017)
    if definition == "two_year_sum_from_base":
        assert _sum_gap(100, [3, 4], 231)(g) == pytest.approx(0, abs=1e-9)
        assert 0.03 < g < 0.05
    elif definition == "two_year_sum_from_2019":
        assert _sum_gap(121, [1, 2], 231)(g) == pytest.approx(0, abs=1e-9)
        assert -0.04 < g < -0.02
    else:
        assert g == pytest.approx(EXPECTED[definition], rel=1e-12, abs=1e-15)


def test_definitions_use_the_base_year_given():
    g = required_growth("final_target_from_base", base=100, additions=ADDS, base_year=2019)
    assert g == pytest.approx(0.1, rel=1e-12)
    g = required_growth("two_year_sum_from_base", base=100, additions=ADDS, base_year=2019)
    assert g == pytest.approx(0.1, rel=1e-12)


def test_the_definitions_of_a_single_year_of_additions():
    add = {2020: 10.0}
    actual = pd.Series({2019: 50.0})
    assert required_growth("first_year_jump_from_2019", base=100, additions=add,
                           actual=actual) == pytest.approx(110 / 50 - 1)
    with pytest.raises(ValueError, match="^target_year_on_year needs additions for at least "
                       "two years"):
        required_growth("target_year_on_year", base=100, additions=add)


@pytest.mark.parametrize("kwargs, message", [
    (dict(definition="nope"), r"unknown definition 'nope'; valid definitions: "
     r"two_year_sum_from_base, final_target_from_base, "),
    (dict(definition=["x"]), r"unknown definition \['x'\]"),
    (dict(base=0), "base must be positive and finite, got 0.0"),
    (dict(additions={}), r"additions must be a non-empty dict \{year: additional US\$ bn "
     r"over base\}"),
    (dict(additions={2020: 1, 2022: 2}), r"additions must cover consecutive years, got "
     r"\[2020, 2022\]"),
    (dict(additions={2017: 1, 2018: 2}), r"additions years must be after base_year=2017, got "
     r"\[2017, 2018\]"),
    (dict(additions={2020: 1, 2021: float("nan")}), "additions values must be finite"),
    (dict(additions={2020: 1, 2021: float("inf")}), "additions values must be finite"),
    (dict(definition="final_target_from_2019", actual=None),
     r"definition 'final_target_from_2019' needs actual \(Series of actual levels\)"),
    (dict(definition="final_target_from_2019", actual=pd.Series({2018: 1.0})),
     r"actual year=2019 is outside the series"),
    (dict(definition="first_year_jump_from_2019", actual=pd.Series({2018: 1.0})),
     r"actual year=2019 is outside the series"),
    (dict(definition="two_year_sum_from_2019", actual=pd.Series({2018: 1.0})),
     r"actual year=2019 is outside the series"),
])
def test_required_growth_refuses_what_it_cannot_compute(kwargs, message):
    args = dict(definition="final_target_from_base", base=100, additions=ADDS,
                actual=LEVELS, base_year=2017) | kwargs
    with pytest.raises(ValueError, match="^" + message):
        required_growth(args.pop("definition"), **args)


def test_additions_from_the_year_after_the_base_are_accepted():
    assert required_growth("final_target_from_base", base=100, additions={2018: 10},
                           base_year=2017) == pytest.approx(0.1)


def test_definition_texts_fill_in_the_years():
    texts = {name: definition_text(name, 2017, 2020, 2021) for name in DEFINITIONS}
    assert texts["final_target_from_base"] == (
        "From the 2017 level to the 2021 target",
        "Compound growth from the 2017 level to the 2021 target (2017 level plus the 2021 "
        "addition) over the 4 years between them.")
    assert texts["target_year_on_year"][0] == "From the 2020 target to the 2021 target"
    assert texts["final_target_from_2019"] == (
        "From the actual 2019 level to the 2021 target",
        "Compound growth from the actual 2019 level to the 2021 target over 2 years.")
    assert definition_text("first_year_jump_from_2019", 2010, 2013, 2015)[0] == \
        "Jump from the actual 2012 level to the 2013 target"
    assert all("{" not in label + text for label, text in texts.values())


def test_the_table_lists_every_definition_with_its_years():
    table = required_growth_table(100, ADDS, LEVELS, base_year=2017)
    assert list(table.columns) == ["definition", "label", "description", "from_year",
                                   "to_year", "required_growth"]
    assert table["definition"].tolist() == list(DEFINITIONS)
    years = dict(zip(table["definition"], zip(table["from_year"], table["to_year"],
                                              strict=True), strict=True))
    assert years == {
        "two_year_sum_from_base": (2017, 2021), "final_target_from_base": (2017, 2021),
        "final_target_from_2019": (2019, 2021), "first_year_jump_from_2019": (2019, 2020),
        "target_year_on_year": (2020, 2021), "two_year_sum_from_2019": (2019, 2021),
        "final_target_from_base_2yr": (2019, 2021), "two_year_sum_from_base_2yr": (2019, 2021),
        "average_addition_share_of_base": (2017, 2021),
        "total_addition_level_2yr": (2019, 2021)}
    for name, g, label in zip(table["definition"], table["required_growth"], table["label"],
                              strict=True):
        assert g == required_growth(name, base=100, additions=ADDS, actual=LEVELS,
                                    base_year=2017)
        assert label == definition_text(name, 2017, 2020, 2021)[0]


def test_the_table_uses_the_base_year_given():
    table = required_growth_table(100, ADDS, LEVELS, base_year=2018)
    assert table["required_growth"].tolist() == [
        required_growth(name, base=100, additions=ADDS, actual=LEVELS, base_year=2018)
        for name in DEFINITIONS]
    assert table.set_index("definition").loc["final_target_from_base", "required_growth"] == \
        pytest.approx(1.21 ** (1 / 3) - 1)


def test_the_table_without_actual_levels_leaves_those_rates_blank():
    table = required_growth_table(100, ADDS, base_year=2017).set_index("definition")
    needs = ["final_target_from_2019", "first_year_jump_from_2019", "two_year_sum_from_2019"]
    assert table.loc[needs, "required_growth"].isna().all()
    assert table["required_growth"].dtype == float
    assert table.drop(needs)["required_growth"].notna().all()
    with pytest.raises(ValueError, match="^additions years must be after base_year=2021"):
        required_growth_table(100, ADDS, base_year=2021)


def test_sensitivity_solves_the_last_two_years_of_each_horizon():
    grid = sensitivity(LEVELS, 31.0, [2017, 2018.0], [1, 2])
    assert grid.index.name == "base_year" and grid.columns.name == "horizon"
    assert grid.index.tolist() == [2017, 2018] and grid.columns.tolist() == [1, 2]
    assert grid.loc[2017, 1] == pytest.approx(0.31, rel=1e-12)  # 100 + 100 (1+g) = 231
    assert grid.loc[2017, 2] == pytest.approx(0.1, rel=1e-12)  # 100 (1+g) + 100 (1+g)^2
    assert grid.loc[2018, 1] == pytest.approx(31 / 110, rel=1e-12)
    assert grid.dtypes.eq(float).all()


def test_sensitivity_reproduces_the_sum_definitions():
    grid = sensitivity(LEVELS, 31.0, [2017], [2, 4])
    assert grid.loc[2017, 4] == pytest.approx(required_growth(
        "two_year_sum_from_base", base=100, additions=ADDS, base_year=2017), rel=1e-12)
    assert grid.loc[2017, 2] == pytest.approx(required_growth(
        "two_year_sum_from_base_2yr", base=100, additions=ADDS, base_year=2017), rel=1e-12)


@pytest.mark.parametrize("base_years, horizons, message", [
    ([], [1], "base_years and horizons must be non-empty"),
    ([2017], [], "base_years and horizons must be non-empty"),
    ([2017], [2, 0], r"horizons must be integers >= 1, got \[2, 0\]"),
    ([2016], [1], r"base_year=2016 is outside the series"),
])
def test_sensitivity_refuses_empty_or_impossible_grids(base_years, horizons, message):
    with pytest.raises(ValueError, match="^" + message):
        sensitivity(LEVELS, 31.0, base_years, horizons)


def test_growth_functions_leave_their_inputs_alone():
    series, additions = LEVELS.copy(), dict(ADDS)
    cagr(series, 2017, 2019)
    sensitivity(series, 31.0, [2017], [2])
    required_growth_table(100, additions, series, base_year=2017)
    pd.testing.assert_series_equal(series, LEVELS)
    assert additions == ADDS
