"""Growth arithmetic and the required-growth definitions on small numbers worked by hand
(issue 12's mutation survivors): values, the shape of the tables, and the refusals."""

import pandas as pd
import pytest

from phaseone.growth import (
    DEFINITIONS,
    cagr,
    definition_text,
    growth_windows,
    path,
    required_growth,
    required_growth_table,
    sensitivity,
    target_levels,
)
from phaseone.growth.rates import constant_rate

SERIES = pd.Series({2017: 100.0, 2018: 110.0, 2019: 121.0, 2020: 60.5})
ADDITIONS = {2020: 10.0, 2021: 21.0}  # on a base of 100 in 2017


def test_cagr_is_the_compound_rate_between_two_years():
    assert cagr(SERIES, 2017, 2019) == pytest.approx(0.10, rel=1e-12)
    assert cagr(SERIES, 2018, 2019) == pytest.approx(0.10, rel=1e-12)
    assert cagr(SERIES, 2019, 2020) == pytest.approx(-0.5, rel=1e-12)


@pytest.mark.parametrize("start, end, message", [
    (2019, 2019, "start must be before end, got start=2019, end=2019"),
    (2019, 2018, "start must be before end"),
    (2016, 2018, r"start=2016 is outside the series \(available years: 2017-2020\)"),
    (2017, 2022, r"end=2022 is outside the series \(available years: 2017-2020\)"),
])
def test_cagr_refuses_windows_it_cannot_measure(start, end, message):
    with pytest.raises(ValueError, match="^" + message):
        cagr(SERIES, start, end)


def test_cagr_on_an_empty_series_says_so():
    with pytest.raises(ValueError, match=r"^start=2017 is outside the series \(available years: "
                       r"empty series\)"):
        cagr(pd.Series(dtype=float), 2017, 2018)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_cagr_refuses_a_level_that_is_not_positive_and_finite(bad):
    with pytest.raises(ValueError, match=rf"^value for end=2018 must be positive and finite, "
                       rf"got {bad!r}"):
        cagr(SERIES.replace({110.0: bad}), 2017, 2018)
    with pytest.raises(ValueError, match="^value for start=2018 must be positive"):
        cagr(SERIES.replace({110.0: bad}), 2018, 2019)


def test_growth_windows_has_one_row_per_window_in_order():
    table = growth_windows(SERIES, [(2018.0, 2019), (2017, 2019)])
    assert list(table.columns) == ["start", "end", "years", "start_value_bn", "end_value_bn",
                                   "cagr"]
    assert table[["start", "end", "years"]].values.tolist() == [[2018, 2019, 1], [2017, 2019, 2]]
    assert table["start_value_bn"].tolist() == [110.0, 100.0]
    assert table["end_value_bn"].tolist() == [121.0, 121.0]
    assert table["cagr"].tolist() == pytest.approx([0.10, 0.10], rel=1e-12)
    empty = growth_windows(SERIES, [])
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
        target_levels(0, ADDITIONS)


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
    g = required_growth(definition, base=100, additions=ADDITIONS, actual=SERIES,
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
    g = required_growth("final_target_from_base", base=100, additions=ADDITIONS, base_year=2019)
    assert g == pytest.approx(0.1, rel=1e-12)
    g = required_growth("two_year_sum_from_base", base=100, additions=ADDITIONS, base_year=2019)
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
    args = dict(definition="final_target_from_base", base=100, additions=ADDITIONS,
                actual=SERIES, base_year=2017) | kwargs
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
    table = required_growth_table(100, ADDITIONS, SERIES, base_year=2017)
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
        assert g == required_growth(name, base=100, additions=ADDITIONS, actual=SERIES,
                                    base_year=2017)
        assert label == definition_text(name, 2017, 2020, 2021)[0]


def test_the_table_uses_the_base_year_given():
    table = required_growth_table(100, ADDITIONS, SERIES, base_year=2018)
    assert table["required_growth"].tolist() == [
        required_growth(name, base=100, additions=ADDITIONS, actual=SERIES, base_year=2018)
        for name in DEFINITIONS]
    assert table.set_index("definition").loc["final_target_from_base", "required_growth"] == \
        pytest.approx(1.21 ** (1 / 3) - 1)


def test_the_table_without_actual_levels_leaves_those_rates_blank():
    table = required_growth_table(100, ADDITIONS, base_year=2017).set_index("definition")
    needs = ["final_target_from_2019", "first_year_jump_from_2019", "two_year_sum_from_2019"]
    assert table.loc[needs, "required_growth"].isna().all()
    assert table["required_growth"].dtype == float
    assert table.drop(needs)["required_growth"].notna().all()
    with pytest.raises(ValueError, match="^additions years must be after base_year=2021"):
        required_growth_table(100, ADDITIONS, base_year=2021)


def test_sensitivity_solves_the_last_two_years_of_each_horizon():
    grid = sensitivity(SERIES, 31.0, [2017, 2018.0], [1, 2])
    assert grid.index.name == "base_year" and grid.columns.name == "horizon"
    assert grid.index.tolist() == [2017, 2018] and grid.columns.tolist() == [1, 2]
    assert grid.loc[2017, 1] == pytest.approx(0.31, rel=1e-12)  # 100 + 100 (1+g) = 231
    assert grid.loc[2017, 2] == pytest.approx(0.1, rel=1e-12)  # 100 (1+g) + 100 (1+g)^2
    assert grid.loc[2018, 1] == pytest.approx(31 / 110, rel=1e-12)
    assert grid.dtypes.eq(float).all()


def test_sensitivity_reproduces_the_sum_definitions():
    grid = sensitivity(SERIES, 31.0, [2017], [2, 4])
    assert grid.loc[2017, 4] == pytest.approx(required_growth(
        "two_year_sum_from_base", base=100, additions=ADDITIONS, base_year=2017), rel=1e-12)
    assert grid.loc[2017, 2] == pytest.approx(required_growth(
        "two_year_sum_from_base_2yr", base=100, additions=ADDITIONS, base_year=2017), rel=1e-12)


@pytest.mark.parametrize("base_years, horizons, message", [
    ([], [1], "base_years and horizons must be non-empty"),
    ([2017], [], "base_years and horizons must be non-empty"),
    ([2017], [2, 0], r"horizons must be integers >= 1, got \[2, 0\]"),
    ([2016], [1], r"base_year=2016 is outside the series"),
])
def test_sensitivity_refuses_empty_or_impossible_grids(base_years, horizons, message):
    with pytest.raises(ValueError, match="^" + message):
        sensitivity(SERIES, 31.0, base_years, horizons)


def test_growth_functions_leave_their_inputs_alone():
    series, additions = SERIES.copy(), dict(ADDITIONS)
    cagr(series, 2017, 2019)
    sensitivity(series, 31.0, [2017], [2])
    required_growth_table(100, additions, series, base_year=2017)
    pd.testing.assert_series_equal(series, SERIES)
    assert additions == ADDITIONS
