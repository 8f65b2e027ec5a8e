"""Targets and proration."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from phaseone import agreement
from phaseone.data import load

weights = st.lists(st.floats(0, 1e3, allow_nan=False), min_size=12, max_size=12).filter(
    lambda w: sum(w) > 1e-6)


@given(annual=st.floats(0, 1e3, allow_nan=False), w=weights)
def test_prorated_months_sum_to_the_annual_target(annual, w):
    months = agreement.prorate(annual, w)
    assert months.sum() == pytest.approx(annual, rel=1e-9, abs=1e-9)
    assert (months >= 0).all()


@given(annual=st.floats(0.1, 1e3), w=weights, k=st.floats(0.01, 100))
def test_proration_ignores_the_scale_of_weights(annual, w, k):
    np.testing.assert_allclose(agreement.prorate(annual, w),
                               agreement.prorate(annual, np.array(w) * k), rtol=1e-9, atol=1e-12)


def test_targets_add_the_annex_amounts_to_the_2017_baseline():
    t = agreement.targets("us_exports").set_index(["sector", "year"])
    assert t["additional_bn"].sum() == pytest.approx(200.0)
    assert (t["target_bn"] - t["baseline_bn"] - t["additional_bn"]).abs().max() < 1e-12
    assert t.loc[("agriculture", 2020), "target_bn"] == pytest.approx(33.4, abs=0.1)  # PIIE 33.4


def test_china_import_basis_has_its_own_baseline_and_no_services():
    t = agreement.targets("china_imports")
    assert "services" not in set(t["sector"])
    goods_2020 = t[t["year"] == 2020]["target_bn"].sum()
    assert goods_2020 == pytest.approx(173.1, abs=0.15)  # PIIE: 173.1


@pytest.mark.parametrize("proration", agreement.PRORATIONS)
def test_monthly_targets_sum_to_annual_targets(proration):
    monthly = agreement.monthly_targets(proration=proration)
    by_year = monthly.groupby([monthly["month"].str[:4].astype(int), "sector"])["target_bn"].sum()
    annual = agreement.targets().set_index(["year", "sector"])["target_bn"]
    np.testing.assert_allclose(by_year.sort_index(), annual.sort_index(), rtol=1e-12)


def test_seasonal_targets_follow_2017_months():
    monthly = agreement.monthly_targets(proration="seasonal", sectors=["agriculture"])
    weights = agreement.seasonal_weights(["agriculture"])["agriculture"]
    first = monthly[monthly["month"].str.startswith("2020")]["target_bn"].to_numpy()
    np.testing.assert_allclose(first / first.sum(), weights.to_numpy())
    assert weights.idxmax() in (10, 11, 12, 1)  # US farm exports to China peak after harvest


def test_excluding_civil_aircraft_gives_piies_earlier_target():
    t = agreement.targets(include_civil_aircraft=False)
    goods_2020 = t[(t["year"] == 2020) & (t["sector"] != "services")]["target_bn"].sum()
    assert goods_2020 == pytest.approx(142.7, abs=0.3)  # PIIE before October 2020


@pytest.mark.parametrize("kwargs, message", [
    (dict(basis="china"), "unknown basis 'china'; valid: us_exports, china_imports"),
    (dict(sectors=["agri"]), "unknown sector 'agri'"),
    (dict(sectors=[]), "no sectors given"),
])
def test_bad_arguments_name_the_valid_choices(kwargs, message):
    with pytest.raises(ValueError, match=message):
        agreement.targets(**kwargs)


def _aircraft(year):
    goods = load("covered_goods_annual")
    return goods.loc[goods["year"].eq(year) & goods["category"].eq("civil_aircraft"),
                     "value_bn"].sum()


def test_prorate_refuses_weights_that_are_not_12_non_negative_numbers_with_a_positive_sum():
    with pytest.raises(ValueError, match="12 non-negative"):
        agreement.prorate(10, [1] * 11)
    with pytest.raises(ValueError, match="^weights must be 12 non-negative numbers"):
        agreement.prorate(12.0, [-1.0] + [1.0] * 11)
    with pytest.raises(ValueError, match="positive sum"):
        agreement.prorate(12.0, [0.0] * 12)


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
