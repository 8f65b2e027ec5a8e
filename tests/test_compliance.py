"""Fulfilment and the monthly tracker, and the reproduction of PIIE's published figures."""

import pandas as pd
import pytest

from phaseone import agreement, compliance
from phaseone.compliance import published
from phaseone.data import load

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
    with pytest.raises(ValueError, match="^unknown as_of month '2019-12'; valid: 2020-01, "):
        compliance.tracker("2019-12")
    with pytest.raises(ValueError, match="^the monthly tracker needs at least one goods sector$"):
        compliance.tracker(sectors=["services"])


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


ALL = list(agreement.SECTORS)


COLUMNS = ["year", "sector", "value_bn", "quality", "source"]


WORST = {"official": 0, "published": 1, "estimated": 2}


def test_the_worst_quality_is_the_least_official():
    assert compliance.worst_quality(pd.Series(["official", "estimated", "published"])) == \
        "estimated"
    assert compliance.worst_quality(["published", "official", "published"]) == "published"
    assert compliance.worst_quality(["official"]) == "official"
    with pytest.raises(KeyError):
        compliance.worst_quality(["guessed"])


def _goods_by_sector(include_civil_aircraft=True):
    goods = load("covered_goods_annual")
    if not include_civil_aircraft:
        goods = goods[goods["category"] != "civil_aircraft"]
    rows = []
    for (year, sector), g in goods.groupby(["year", "sector"]):
        rows.append({"year": year, "sector": sector, "value_bn": g["value_bn"].sum(),
                     "quality": max(g["quality"], key=WORST.get),
                     "source": "; ".join(dict.fromkeys(g["source"]))})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("include_civil_aircraft", [True, False])
def test_us_export_purchases_sum_each_sectors_categories(include_civil_aircraft):
    got = compliance.purchases("us_exports", ALL, include_civil_aircraft)
    assert list(got.columns) == COLUMNS
    assert list(got.index) == list(range(len(got)))
    assert got[["year", "sector"]].equals(got[["year", "sector"]].sort_values(
        ["year", "sector"], ignore_index=True))
    goods = got[got["sector"] != "services"].reset_index(drop=True)
    expected = _goods_by_sector(include_civil_aircraft)
    pd.testing.assert_frame_equal(goods, expected[COLUMNS], check_dtype=False)
    services = got[got["sector"] == "services"].set_index("year")
    table = load("services_exports").set_index("year")
    assert services["value_bn"].tolist() == table["value_bn"].tolist()
    assert services["quality"].tolist() == table["quality"].tolist()
    assert services["source"].tolist() == table["source"].tolist()


def test_purchases_keep_only_the_chosen_sectors():
    got = compliance.purchases("us_exports", ["services", "energy"])
    assert set(got["sector"]) == {"energy", "services"}
    assert list(got.index) == list(range(len(got)))


def test_china_import_purchases_are_the_published_rows():
    got = compliance.purchases("china_imports", ["energy"])
    table = load("china_imports")
    expected = table[table["sector"].isin(["energy", "covered_goods"])][COLUMNS]
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True))


def test_fulfilment_is_purchases_over_targets_and_over_2017():
    out = compliance.fulfilment("us_exports", (2021, 2020), ALL)
    assert list(out.columns) == ["purchases_bn", "target_bn", "baseline_bn", "fulfilment",
                                 "vs_2017"]
    assert list(out.index) == [*sorted(ALL), "total"]
    assert (out["fulfilment"] == out["purchases_bn"] / out["target_bn"]).all()
    assert (out["vs_2017"] == out["purchases_bn"] / out["baseline_bn"]).all()
    bought = compliance.purchases("us_exports", ALL)
    energy = bought[(bought["sector"] == "energy") & bought["year"].isin([2020, 2021])]
    assert out.loc["energy", "purchases_bn"] == pytest.approx(energy["value_bn"].sum())
    goal = agreement.targets("us_exports", ALL)
    goal = goal[(goal["sector"] == "energy") & goal["year"].isin([2020, 2021])]
    assert out.loc["energy", "target_bn"] == pytest.approx(goal["target_bn"].sum())
    assert out.loc["energy", "baseline_bn"] == pytest.approx(goal["baseline_bn"].sum())
    pd.testing.assert_frame_equal(out, compliance.fulfilment("us_exports", (2020, 2021), ALL))


def test_fulfilment_of_one_year():
    one = compliance.fulfilment("us_exports", [2021], GOODS)
    goal = agreement.targets("us_exports", GOODS)
    goal = goal[goal["year"] == 2021].set_index("sector")
    assert one.loc[GOODS, "target_bn"].tolist() == pytest.approx(
        goal.loc[GOODS, "target_bn"].tolist())


def _months(year, last):
    return [f"{year}-{m:02d}" for m in range(1, last + 1)]


@pytest.mark.parametrize("proration", ["straight_line", "seasonal"])
@pytest.mark.parametrize("include_civil_aircraft", [True, False])
def test_a_year_cut_short_counts_its_months_only(proration, include_civil_aircraft):
    out = compliance.fulfilment("us_exports", (2020, 2021), GOODS, include_civil_aircraft,
                                as_of="2021-05", proration=proration)
    full = compliance.fulfilment("us_exports", (2020,), GOODS, include_civil_aircraft)
    monthly = compliance.monthly_purchases(GOODS, include_civil_aircraft)
    goal = agreement.monthly_targets("us_exports", proration, GOODS, include_civil_aircraft)
    for sector in GOODS:
        bought = monthly[monthly["sector"] == sector].set_index("month")["value_bn"]
        target = goal[goal["sector"] == sector].set_index("month")["target_bn"]
        assert out.loc[sector, "purchases_bn"] == pytest.approx(
            full.loc[sector, "purchases_bn"] + bought[_months(2021, 5)].sum())
        assert out.loc[sector, "target_bn"] == pytest.approx(
            full.loc[sector, "target_bn"] + target[_months(2021, 5)].sum())
        assert out.loc[sector, "baseline_bn"] == pytest.approx(
            full.loc[sector, "baseline_bn"] + bought[_months(2017, 5)].sum())
    assert out.loc["total", "purchases_bn"] == pytest.approx(out.loc[GOODS, "purchases_bn"].sum())


def test_a_year_cut_short_is_prorated_straight_by_default():
    pd.testing.assert_frame_equal(
        compliance.fulfilment("us_exports", (2020, 2021), GOODS, as_of="2021-05"),
        compliance.fulfilment("us_exports", (2020, 2021), GOODS, as_of="2021-05",
                              proration="straight_line"))


def test_a_cut_year_alone_and_a_whole_year_end():
    alone = compliance.fulfilment("us_exports", (2021,), GOODS, as_of="2021-02")
    monthly = compliance.monthly_purchases(GOODS)
    assert alone.loc["total", "purchases_bn"] == pytest.approx(
        monthly[monthly["month"].isin(_months(2021, 2))]["value_bn"].sum())
    pd.testing.assert_frame_equal(
        compliance.fulfilment("us_exports", (2020, 2021), ALL, as_of="2021-12"),
        compliance.fulfilment("us_exports", (2020, 2021), ALL))
    pd.testing.assert_frame_equal(  # as_of before the last year leaves the years whole
        compliance.fulfilment("us_exports", (2020, 2021), ALL, as_of="2020-06"),
        compliance.fulfilment("us_exports", (2020, 2021), ALL))


@pytest.mark.parametrize("basis, sectors", [("us_exports", ALL), ("china_imports", GOODS),
                                            ("us_exports", ["services"])])
def test_a_year_cut_short_needs_monthly_goods_data(basis, sectors):
    with pytest.raises(ValueError, match="^a year cut short by as_of needs monthly data: goods "
                       "on US export data only$"):
        compliance.fulfilment(basis, (2020, 2021), sectors, as_of="2021-06")


def test_fulfilment_refuses_years_outside_the_agreement():
    with pytest.raises(ValueError, match="^unknown year 2019; valid: 2020, 2021$"):
        compliance.fulfilment(years=(2019, 2020))


def test_a_missing_sector_year_leaves_the_total_unknown_unless_published():
    cn = compliance.fulfilment("china_imports", (2020, 2021), GOODS)
    table = load("china_imports")
    total = table[(table["sector"] == "covered_goods") & table["year"].isin([2020, 2021])]
    assert cn.loc["total", "purchases_bn"] == pytest.approx(total["value_bn"].sum())
    assert cn.loc[GOODS, "purchases_bn"].isna().all()
    one = compliance.fulfilment("china_imports", (2020,), GOODS)
    assert one.loc["total", "purchases_bn"] == pytest.approx(one.loc[GOODS, "purchases_bn"].sum())
    two = compliance.fulfilment("china_imports", (2020, 2021), ["energy", "agriculture"])
    assert two["purchases_bn"].isna().all()  # no published total for two sectors


def test_categories_share_their_sectors_addition_by_2017_level():
    years = (2020,)
    out = compliance.by_category(years)
    assert list(out.columns) == ["sector", "level_2017_bn", "share_of_sector", "purchases_bn",
                                 "target_bn", "fulfilment"]
    goods = load("covered_goods_annual")
    level = goods[goods["year"] == 2017].set_index("category")["value_bn"]
    assert out["level_2017_bn"].sort_index().tolist() == level.sort_index().tolist()
    assert out.groupby("sector")["share_of_sector"].sum().tolist() == pytest.approx([1.0] * 3)
    added = agreement.commitments()
    added = added[added["year"].isin(years)].groupby("sector")["value_bn"].sum()
    expected = out["level_2017_bn"] + out["sector"].map(added) * out["share_of_sector"]
    assert out["target_bn"].tolist() == pytest.approx(expected.tolist())
    bought = goods[goods["year"] == 2020].set_index("category")["value_bn"]
    assert out["purchases_bn"].tolist() == pytest.approx(bought[out.index].tolist())
    assert (out["fulfilment"] == out["purchases_bn"] / out["target_bn"]).all()
    for _, rows in out.groupby("sector", sort=False):
        assert rows["fulfilment"].is_monotonic_decreasing
    assert list(dict.fromkeys(out["sector"])) == sorted(set(out["sector"]))
    two = compliance.by_category((2021, 2020))
    assert two.loc["cereals", "target_bn"] > out.loc["cereals", "target_bn"] + \
        out.loc["cereals", "level_2017_bn"]


def test_categories_without_civil_aircraft_reshare_manufactured_goods():
    out = compliance.by_category(include_civil_aircraft=False)
    manufactured = out[out["sector"] == "manufactured_goods"]
    assert manufactured["share_of_sector"].sum() == pytest.approx(1.0)


def test_monthly_purchases_sum_the_components():
    got = compliance.monthly_purchases(ALL, include_civil_aircraft=False)
    assert list(got.columns) == ["month", "sector", "value_bn", "quality"]
    assert set(got["sector"]) == set(GOODS)
    table = load("covered_goods_monthly")
    table = table[table["component"] != "civil_aircraft"]
    energy = table[(table["sector"] == "energy") & (table["month"] == "2021-03")]
    row = got[(got["sector"] == "energy") & (got["month"] == "2021-03")].iloc[0]
    assert row["value_bn"] == pytest.approx(energy["value_bn"].sum())
    assert row["quality"] == max(energy["quality"], key=WORST.get)
    default = compliance.monthly_purchases()
    assert set(default["sector"]) == set(GOODS)
    with_aircraft = default.set_index(["month", "sector"])["value_bn"]
    without = got.set_index(["month", "sector"])["value_bn"]
    assert (with_aircraft >= without - 1e-12).all()
    assert (with_aircraft > without).any()


def test_the_tracker_accumulates_within_each_year():
    track = compliance.tracker("2021-03", "seasonal", ["energy", "services"])
    assert list(track.index) == [*_months(2020, 12), *_months(2021, 3)]
    assert track.index.name == "month"
    assert list(track.columns) == ["purchases_bn", "target_bn", "level_2017_bn",
                                   "ytd_purchases_bn", "ytd_target_bn", "ytd_level_2017_bn",
                                   "ytd_fulfilment", "estimated"]
    monthly = compliance.monthly_purchases(["energy"]).set_index("month")["value_bn"]
    assert track["purchases_bn"].tolist() == pytest.approx(monthly[track.index].tolist())
    assert track["level_2017_bn"].tolist() == pytest.approx(
        monthly[[f"2017{m[4:]}" for m in track.index]].tolist())
    goal = agreement.monthly_targets("us_exports", "seasonal", ["energy"])
    assert track["target_bn"].tolist() == pytest.approx(
        goal.set_index("month").loc[track.index, "target_bn"].tolist())
    for col in ["purchases_bn", "target_bn", "level_2017_bn"]:
        assert track.loc["2021-01", f"ytd_{col}"] == pytest.approx(track.loc["2021-01", col])
        assert track.loc["2021-03", f"ytd_{col}"] == pytest.approx(
            track.loc[_months(2021, 3), col].sum())
        assert track.loc["2020-12", f"ytd_{col}"] == pytest.approx(
            track.loc[_months(2020, 12), col].sum())
    assert (track["ytd_fulfilment"] == track["ytd_purchases_bn"] / track["ytd_target_bn"]).all()
    assert track["estimated"].dtype == bool and not track["estimated"].any()


def test_uncovered_goods_are_the_total_less_the_covered():
    out = compliance.uncovered_goods(include_civil_aircraft=False)
    assert list(out.columns) == ["total_bn", "covered_bn", "uncovered_bn", "uncovered_vs_2017"]
    total = load("goods_exports_annual").set_index("year")["value_bn"]
    covered = _goods_by_sector(False).groupby("year")["value_bn"].sum()
    assert list(out.index) == sorted(set(total.index) & set(covered.index))
    assert out["total_bn"].tolist() == pytest.approx(total[out.index].tolist())
    assert out["covered_bn"].tolist() == pytest.approx(covered[out.index].tolist())
    assert (out["uncovered_bn"] == out["total_bn"] - out["covered_bn"]).all()
    assert out["uncovered_vs_2017"].tolist() == pytest.approx(
        (out["uncovered_bn"] / out.loc[2017, "uncovered_bn"]).tolist())
    assert (compliance.uncovered_goods()["covered_bn"] > out["covered_bn"]).any()
    with_aircraft = compliance.uncovered_goods()
    assert (with_aircraft["uncovered_bn"] > 0).all()
    assert with_aircraft.loc[2017, "uncovered_bn"] == pytest.approx(129.8 - 95.1, abs=0.5)  # PIIE
    assert with_aircraft.loc[2017, "uncovered_vs_2017"] == 1


def test_a_published_value_is_read_as_a_number():
    table = load("published_results").set_index("measure")
    measure = table.index[0]
    assert compliance.published(measure) == float(table.loc[measure, "value"])
    assert isinstance(compliance.published(measure), float)


def test_the_tracker_runs_to_the_end_of_the_agreement_by_default():
    track = compliance.tracker()
    assert track.index[0] == "2020-01" and track.index[-1] == "2021-12" and len(track) == 24


def test_the_tracker_without_civil_aircraft():
    with_aircraft = compliance.tracker("2020-12", sectors=["manufactured_goods"])
    without = compliance.tracker("2020-12", sectors=["manufactured_goods"],
                                 include_civil_aircraft=False)
    monthly = compliance.monthly_purchases(["manufactured_goods"], include_civil_aircraft=False)
    assert without["purchases_bn"].tolist() == pytest.approx(
        monthly.set_index("month").loc[without.index, "value_bn"].tolist())
    goal = agreement.monthly_targets("us_exports", "straight_line", ["manufactured_goods"],
                                     include_civil_aircraft=False)
    assert without["target_bn"].tolist() == pytest.approx(
        goal.set_index("month").loc[without.index, "target_bn"].tolist())
    assert (without["target_bn"] < with_aircraft["target_bn"]).all()


def test_purchases_default_to_us_exports_of_every_sector_with_civil_aircraft():
    pd.testing.assert_frame_equal(compliance.purchases(),
                                  compliance.purchases("us_exports", ALL, True))
    with pytest.raises(ValueError, match="^unknown basis 'eu'; valid: "):
        compliance.purchases("eu")
