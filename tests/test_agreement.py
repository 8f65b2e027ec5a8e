"""Targets and proration."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from phaseone import agreement

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


def test_bad_weights_are_rejected():
    with pytest.raises(ValueError, match="12 non-negative"):
        agreement.prorate(10, [1] * 11)


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
