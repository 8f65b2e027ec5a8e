"""Domain behaviour that realistic one-line bugs would break (issue 12's mutation survivors):
the civil-aircraft toggle, base-year arguments, trend windows, proration refusals."""

import numpy as np
import pandas as pd
import pytest

from phaseone import agreement, compliance, growth
from phaseone.data import load


def _aircraft(year):
    goods = load("covered_goods_annual")
    return goods.loc[goods["year"].eq(year) & goods["category"].eq("civil_aircraft"),
                     "value_bn"].sum()


@pytest.mark.parametrize("year", [2017, 2020, 2021])
def test_purchases_without_civil_aircraft_drop_exactly_hs_8800(year):
    def by_sector(include):
        table = compliance.purchases("us_exports", include_civil_aircraft=include)
        return table[table["year"].eq(year)].set_index("sector")["value_bn"]

    with_aircraft, without = by_sector(True), by_sector(False)
    assert _aircraft(year) > 1
    assert with_aircraft["manufactured_goods"] - without["manufactured_goods"] == \
        pytest.approx(_aircraft(year))
    others = ["agriculture", "energy", "services"]
    pd.testing.assert_series_equal(with_aircraft[others], without[others])


def test_fulfilment_without_civil_aircraft_moves_purchases_and_target_alike():
    full = compliance.fulfilment("us_exports", years=[2020])
    cut = compliance.fulfilment("us_exports", years=[2020], include_civil_aircraft=False)
    goods = "manufactured_goods"
    assert full.loc[goods, "purchases_bn"] - cut.loc[goods, "purchases_bn"] == \
        pytest.approx(_aircraft(2020))
    assert full.loc[goods, "target_bn"] - cut.loc[goods, "target_bn"] == \
        pytest.approx(_aircraft(2017))


def test_vs_2017_is_purchases_over_the_2017_level():
    out = compliance.fulfilment("us_exports")
    baseline = agreement.baselines("us_exports")
    assert out.loc["energy", "baseline_bn"] == pytest.approx(2 * baseline["energy"])
    assert out.loc["energy", "vs_2017"] == pytest.approx(
        out.loc["energy", "purchases_bn"] / (2 * baseline["energy"]))


def test_tracker_level_2017_is_the_same_month_of_2017():
    monthly = compliance.monthly_purchases().groupby("month")["value_bn"].sum()
    out = compliance.tracker("2020-03")
    assert list(out["level_2017_bn"]) == pytest.approx(
        [monthly["2017-01"], monthly["2017-02"], monthly["2017-03"]])


def test_prorate_refuses_negative_weights_even_with_a_positive_sum():
    with pytest.raises(ValueError, match="^weights must be 12 non-negative numbers"):
        agreement.prorate(12.0, [-1.0] + [1.0] * 11)
    with pytest.raises(ValueError, match="positive sum"):
        agreement.prorate(12.0, [0.0] * 12)


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


def test_trend_fits_three_points_and_refuses_two():
    series = pd.Series([1.0, 2.0, 4.0, 8.0], index=[2000, 2001, 2002, 2003])
    fit = growth.trend_fit(series, 2000, 2002)
    assert fit.nobs == 3 and fit.growth == pytest.approx(1.0)
    with pytest.raises(ValueError, match="at least 3 observations"):
        growth.trend_fit(series.drop(2001), 2000, 2002)


def test_additions_in_the_base_year_are_refused():
    with pytest.raises(ValueError, match="after base_year=2017"):
        growth.required_growth("final_target_from_base", base=100.0,
                               additions={2017: 10.0, 2018: 20.0}, base_year=2017)
    rate = growth.required_growth("final_target_from_base", base=100.0,
                                  additions={2018: 10.0, 2019: 21.0}, base_year=2017)
    assert rate == pytest.approx(np.sqrt(1.21) - 1)


def test_targets_have_exactly_the_documented_columns():
    out = agreement.targets()
    assert list(out.columns) == ["sector", "year", "baseline_bn", "additional_bn", "target_bn"]
    assert list(out.index) == list(range(len(out)))


def test_seasonal_weights_are_shares_by_month_number_for_the_chosen_sectors():
    weights = agreement.seasonal_weights(["energy"])
    assert list(weights.columns) == ["energy"]
    assert list(weights.index) == list(range(1, 13))
    assert weights["energy"].sum() == pytest.approx(1.0)


def test_monthly_targets_follow_the_civil_aircraft_toggle():
    for include in (True, False):
        annual = agreement.targets(include_civil_aircraft=include)
        months = agreement.monthly_targets(include_civil_aircraft=include)
        assert months["target_bn"].sum() == pytest.approx(annual["target_bn"].sum())
    assert agreement.monthly_targets()["target_bn"].sum() - agreement.monthly_targets(
        include_civil_aircraft=False)["target_bn"].sum() == pytest.approx(2 * _aircraft(2017))


def test_monthly_targets_default_to_straight_line():
    out = agreement.monthly_targets(sectors=["energy"])
    assert out["target_bn"].nunique() == 2  # one value a month in each of the two years


@pytest.mark.parametrize("call, message", [
    (lambda: agreement.monthly_targets(proration="monthly"),
     "^unknown proration 'monthly'; valid: seasonal, straight_line$"),
    (lambda: agreement.targets(sectors=[]),
     "^no sectors given; valid: manufactured_goods, agriculture, energy, services$"),
])
def test_refusals_name_the_argument_and_its_choices(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_years_text_joins_runs_of_consecutive_years():
    assert growth.years_text([2015, 2001, 2013, 2014, 2017, 2018]) == "2001, 2013-2015, 2017-2018"


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
