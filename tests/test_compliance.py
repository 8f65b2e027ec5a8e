"""Fulfilment and the monthly tracker, and the reproduction of PIIE's published figures."""

import pandas as pd
import pytest

from phaseone import agreement, compliance
from phaseone.compliance import published

GOODS = list(agreement.GOODS_SECTORS)


@pytest.fixture(scope="module")
def us():
    return compliance.fulfilment("us_exports", (2020, 2021))


# Reproduction of published figures (PIIE, Bown 2022 and the tracker), tolerances stated.
def test_total_fulfilment_2020_21_matches_piie_57_to_58_percent(us):
    assert 0.570 <= us.loc["total", "fulfilment"] <= 0.585
    assert published("fulfilment_total_original") <= 100 * us.loc["total", "fulfilment"] \
        <= published("fulfilment_total_revised") + 0.5


def test_two_year_commitment_and_purchases_match_piie_within_one_billion(us):
    assert us.loc["total", "target_bn"] == pytest.approx(published("commitment_total_2020_21"),
                                                         abs=1.0)
    assert us.loc["total", "purchases_bn"] == pytest.approx(published("purchases_total_2020_21"),
                                                            abs=1.0)


def test_agriculture_fulfilment_is_82_to_84_percent(us):
    assert 0.82 <= us.loc["agriculture", "fulfilment"] <= 0.84  # PIIE: 83%


def test_manufactured_goods_fulfilment_is_58_to_60_percent(us):
    assert 0.58 <= us.loc["manufactured_goods", "fulfilment"] <= 0.60  # PIIE: 59%


def test_energy_and_services_are_near_the_reported_shares(us):
    assert us.loc["energy", "fulfilment"] == pytest.approx(0.37, abs=0.01)  # reported ~37%
    assert us.loc["services", "fulfilment"] == pytest.approx(0.52, abs=0.015)  # reported ~52%


def test_2017_covered_goods_baseline_is_within_0_2_of_95_1():
    base = agreement.baselines("us_exports")[GOODS].sum()
    assert base == pytest.approx(published("covered_goods_2017_us_exports"), abs=0.2)
    for sector, key in [("agriculture", "covered_agriculture_2017_us_exports"),
                        ("manufactured_goods", "covered_manufactured_goods_2017_us_exports"),
                        ("energy", "covered_energy_2017_us_exports")]:
        assert agreement.baselines()[sector] == pytest.approx(published(key), abs=0.1)


def test_2020_covered_goods_are_within_1_5_of_piies_94():
    y2020 = compliance.fulfilment("us_exports", (2020,), GOODS)
    assert y2020.loc["total", "purchases_bn"] == pytest.approx(
        published("covered_goods_2020_us_exports"), abs=1.5)
    assert y2020.loc["total", "target_bn"] == pytest.approx(
        published("covered_goods_target_2020_us_exports"), abs=0.2)


def test_china_did_not_even_buy_its_2017_level(us):
    assert us.loc["total", "vs_2017"] < 1


def test_china_import_basis_total_uses_the_published_goods_total():
    cn = compliance.fulfilment("china_imports", (2020, 2021))
    assert cn.loc["total", "purchases_bn"] == pytest.approx(
        published("covered_goods_2020_21_china_imports"))
    assert cn.loc["total", "target_bn"] == pytest.approx(
        published("covered_goods_target_2020_21_china_imports"), abs=0.3)
    assert cn.loc["agriculture"].isna()["purchases_bn"]  # 2021 by sector is not published


def test_sector_rows_add_up_to_the_total(us):
    sectors = us.drop(index="total")
    for col in ["purchases_bn", "target_bn", "baseline_bn"]:
        assert sectors[col].sum() == pytest.approx(us.loc["total", col])


def test_fewer_sectors_give_a_smaller_target():
    goods = compliance.fulfilment(sectors=GOODS)
    assert "services" not in goods.index
    assert goods.loc["total", "target_bn"] < compliance.fulfilment().loc["total", "target_bn"]


@pytest.mark.parametrize("proration", ["straight_line", "seasonal"])
def test_tracker_year_end_equals_annual_goods(proration):
    track = compliance.tracker("2021-12", proration, GOODS)
    annual = compliance.fulfilment("us_exports", (2021,), GOODS).loc["total"]
    december = track.loc["2021-12"]
    # tables store US$ bn to 6 decimals, so sums agree to rounding
    assert december["ytd_purchases_bn"] == pytest.approx(annual["purchases_bn"], abs=1e-4)
    assert december["ytd_target_bn"] == pytest.approx(annual["target_bn"], rel=1e-9)
    assert december["estimated"] and not track.loc["2021-11", "estimated"]


def test_tracker_stops_at_as_of_and_rejects_months_outside_the_agreement():
    assert compliance.tracker("2020-06").index[-1] == "2020-06"
    with pytest.raises(ValueError, match="unknown as_of month '2022-01'"):
        compliance.tracker("2022-01")
    with pytest.raises(ValueError, match="at least one goods sector"):
        compliance.tracker(sectors=["services"])


def test_uncovered_goods_are_total_less_covered():
    u = compliance.uncovered_goods()
    assert (u["uncovered_bn"] > 0).all()
    assert u.loc[2017, "uncovered_bn"] == pytest.approx(129.8 - 95.1, abs=0.5)  # PIIE 34.7
    assert u.loc[2017, "uncovered_vs_2017"] == 1


def test_unknown_published_measure_is_an_error():
    with pytest.raises(ValueError, match="unknown published measure"):
        published("fulfilment")


@pytest.mark.parametrize("category", ["civil_aircraft", "vehicles", "liquefied_natural_gas",
                                      "crude_oil", "coal", "refined_products"])
def test_product_fulfilment_matches_piie_within_1_5_points(category):
    ours = compliance.by_category().loc[category, "fulfilment"] * 100
    assert ours == pytest.approx(published(f"product_fulfilment_{category}"), abs=1.5)


def test_category_targets_add_up_to_sector_targets(us):
    products = compliance.by_category()
    sectors = products.groupby("sector")[["purchases_bn", "target_bn"]].sum()
    for sector in GOODS:
        assert sectors.loc[sector, "target_bn"] == pytest.approx(us.loc[sector, "target_bn"])
        assert sectors.loc[sector, "purchases_bn"] == pytest.approx(us.loc[sector, "purchases_bn"])
    assert "civil_aircraft" not in compliance.by_category(include_civil_aircraft=False).index


def test_a_missing_full_year_stays_missing_when_as_of_cuts_the_next(monkeypatch):
    every = compliance.purchases
    monkeypatch.setattr(compliance, "purchases", lambda *a, **k: every(*a, **k).query(
        "not (sector == 'agriculture' and year == 2020)"))
    f = compliance.fulfilment("us_exports", (2020, 2021), GOODS, as_of="2021-06")
    assert pd.isna(f.loc["agriculture", "purchases_bn"])
    assert pd.isna(f.loc["total", "purchases_bn"])
    assert f.loc["energy", "purchases_bn"] > 0
