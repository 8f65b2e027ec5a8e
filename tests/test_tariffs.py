"""Tariff schedules and their averages: the derivation's change points on small frames, the
averages against Bown's published figures and the project's facts, recomputed in the test from
the raw files, and the tariff in force (gaps, not interpolations)."""

import math

import pandas as pd
import pytest

from phaseone import tariffs
from phaseone.data import load
from phaseone.data.derive import tariffs as derive_tariffs

RAW_TARIFFS = "tariffs"


def test_change_points_keep_the_first_date_every_change_and_every_date():
    levels = pd.DataFrame({"hs6": ["010101"] * 3 + ["020202"] * 3,
                           "date": ["2018-01-01", "2018-07-06", "2019-01-01"] * 2,
                           "rate_pct": [5.0, 30.0, 30.0, 2.0, 2.0, 2.0]})
    out = derive_tariffs.changes_only(levels)
    assert list(zip(out["hs6"], out["date"], out["rate_pct"], strict=True)) == [
        ("010101", "2018-01-01", 5.0), ("010101", "2018-07-06", 30.0),
        ("010101", "2019-01-01", 30.0),  # no line changed on 2019-01-01: its first line kept
        ("020202", "2018-01-01", 2.0)]


def test_levels_carry_each_line_to_later_dates():
    wide = tariffs.levels("twt_china")
    assert wide.iloc[:, 1:].notna().all().all()  # four lines have no rate on the first date
    soy = wide.loc["120190"]
    assert soy["2018-01-01"] == 3.0 and soy["2018-07-06"] == 28.0 and soy["2019-12-26"] == 33.0


def test_weighted_mean_ignores_lines_without_a_rate_and_reports_coverage():
    rates = pd.Series({"a": 10.0, "b": 30.0, "c": float("nan")})
    weight = pd.Series({"a": 1.0, "b": 3.0, "c": 4.0})
    rate, share = tariffs.mean(rates, weight)
    assert rate == pytest.approx(25.0) and share == pytest.approx(0.5)
    assert tariffs.mean(rates, None)[0] == pytest.approx(20.0)


# Bown's published averages (data/tariff_published_averages.csv, PIIE charts) against ours.
# China: our schedule (tradewartracker) weighted by US exports to China in 2017, a mirror of
# China's imports, which Bown weights by: within 1.5 percentage points at each of his dates.
CHINA_TOLERANCE = 1.5
# The US: the tradewartracker schedule's MFN base averages 4.7% against Bown's 3.1% and holds no
# Section 201 or 232 action, so the levels differ by that base; the Section 301 increases since
# his 3.8% of 2018-07-05 agree within 0.5 points.
US_STEP_TOLERANCE = 0.5


def _published(direction):
    pub = load("tariff_published_averages")
    return pub[pub["direction"].eq(direction) & pub["goods"].eq("all")].set_index("date")[
        "rate_pct"]


def _ours(direction, date, weights="trade_2017"):
    return tariffs.tariff_in_force(direction, ["all"], date, weights).rate_pct


def test_china_average_matches_bowns_published_averages():
    for date, published in _published("china_on_us").items():
        ours = _ours("china_on_us", date)
        if date > tariffs.span("twt_china")[1]:
            assert math.isnan(ours)  # 2020-02-14: no Chinese schedule in the data
            continue
        assert abs(ours - published) <= CHINA_TOLERANCE, (date, ours, published)


def test_us_section_301_increases_match_bowns_published_averages():
    pub = _published("us_on_china")
    base = _ours("us_on_china", "2018-07-05")
    for date in ("2018-09-24", "2019-09-01", "2020-02-14"):
        step, published = _ours("us_on_china", date) - base, pub[date] - pub["2018-07-05"]
        assert abs(step - published) <= US_STEP_TOLERANCE, (date, step, published)


@pytest.mark.raw
def test_averages_at_bowns_dates_equal_an_independent_computation_from_the_raw_files(raw):
    """The domain's averages against the same averages computed here from the raw CSV and
    Comtrade files, with pandas alone (no project code)."""
    china = pd.read_csv(raw / RAW_TARIFFS / "tradewartracker-china-tariffs-on-usa-hs6-"
                        "2018-2019.csv", dtype={"hs6": str})
    us = pd.read_csv(raw / RAW_TARIFFS / "tradewartracker-us-section301-tariffs-china-hs6-"
                     "2018-2020.csv", dtype={"hs6": str})
    trade = pd.read_parquet(raw / "comtrade-us-china-hs-annual-2015-2021.parquet")
    trade = trade[trade["aggr_level"].eq(6) & trade["ref_year"].eq(2017)]
    for frame, flow, direction in ((china, "X", "china_on_us"), (us, "M", "us_on_china")):
        weight = trade[trade["flow_code"].eq(flow)].set_index("cmd_code")["primary_value"]
        for date, part in frame.groupby("time_of_tariff"):
            rate = part.set_index("hs6")["tariff"].dropna()  # lines without a rate left out
            w = weight.reindex(rate.index).fillna(0)
            expected = (rate * w).sum() / w.sum()
            assert _ours(direction, date) == pytest.approx(expected, abs=0.01), (direction, date)


@pytest.mark.raw
def test_chinas_undocumented_schedule_agrees_with_bowns_retaliation(raw):
    """The tradewartracker China file's change at each of Bown's dates equals the change of
    Bown's HS8 retaliation averaged to HS6 (simple mean) on at least 89% of HS6 lines (99.8%,
    99.4%, 91.6%, 98.9% and 89.9% at his five dates)."""
    bown = pd.read_stata(raw / RAW_TARIFFS / "piie-bown-china-retaliation-hs8-2018-2019.dta")
    cols = ["reta_2018Jul06", "reta_2018Aug23", "reta_2018Sep24", "reta_2019Jan01",
            "reta_2019Jun01"]
    by6 = bown.assign(hs6=bown["hs08"].str[:6]).groupby("hs6")[cols].mean()
    ours = tariffs.levels("twt_china")
    by6 = by6.reindex(ours.index).fillna(0)
    before = {"reta_2018Jul06": ("2018-07-01", None), "reta_2018Aug23": ("2018-07-06",
              "reta_2018Jul06"), "reta_2018Sep24": ("2018-08-23", "reta_2018Aug23"),
              "reta_2019Jan01": ("2018-11-01", "reta_2018Sep24"),
              "reta_2019Jun01": ("2019-01-02", "reta_2019Jan01")}
    dates = dict(zip(cols, ["2018-07-06", "2018-08-23", "2018-09-24", "2019-01-02",
                            "2019-06-01"], strict=True))
    for col, (prev_date, prev_col) in before.items():
        theirs = by6[col] - (by6[prev_col] if prev_col else 0)
        change = ours[dates[col]] - ours[prev_date]
        assert (change - theirs).abs().lt(0.01).mean() >= 0.89, col


# The project's facts: China's import-weighted applied tariff on US goods from the WTO file
# (2024 weights), derived: 15.6% on 2025-01-01, 142.3% on 2025-04-12, 27.5% on 2025-05-14 and
# 26.5% on 2025-11-10. They count the twelve lines without an ad valorem rate (HS 3702
# photographic film, $0.3 billion of 2024 imports) as 0%; our averages leave them out, which
# moves them by at most 0.3 points (at 142%).
FACTS_WTO = {"2025-01-01": 15.6, "2025-04-12": 142.3, "2025-05-14": 27.5, "2025-11-10": 26.5}
FACTS_TOLERANCE = 0.3


def test_wto_averages_match_the_projects_facts():
    wto = tariffs.averages("china_on_us", "trade_latest", "all").set_index("date")
    for date, fact in FACTS_WTO.items():
        assert wto.loc[date, "rate_pct"] == pytest.approx(fact, abs=FACTS_TOLERANCE)
        assert wto.loc[date, "schedule"] == "wto_china"


@pytest.mark.raw
def test_the_facts_wto_averages_are_the_raw_files_with_missing_rates_as_zero(raw):
    wto = pd.read_csv(raw / RAW_TARIFFS / "wto-china-tariffs-on-usa-hs6-2025-01_2026-05.csv",
                      dtype={"hs_code": str})
    for date, fact in FACTS_WTO.items():
        part = wto[wto["year_dt"].eq(date)]
        naive = (part["best_avlbl"].fillna(0) * part["imports"]).sum() / part["imports"].sum()
        assert naive == pytest.approx(fact, abs=0.05)
        ours = tariffs.averages("china_on_us", "trade_latest", "all").set_index("date")
        kept = part.dropna(subset=["best_avlbl"])
        expected = (kept["best_avlbl"] * kept["imports"]).sum() / kept["imports"].sum()
        assert ours.loc[date, "rate_pct"] == pytest.approx(expected, abs=0.01)


def test_no_schedule_is_a_gap_with_the_latest_schedule_named():
    found = tariffs.tariff_in_force("china_on_us", ["1201"], "2021-06-30")
    assert found.gap and found.as_of is None
    assert found.latest_date == "2019-12-26" and found.latest_pct == pytest.approx(33.0, abs=0.01)
    assert tariffs.gaps("china_on_us") == [("2019-12-26", "2025-01-01")]
    assert tariffs.gaps("us_on_china") == [("2020-02-14", "2025-02-04")]


def test_the_model_speaks_for_all_goods_only():
    everything = tariffs.tariff_in_force("us_on_china", ["all"], "2026-03-01")
    assert everything.schedule == "twt_effective" and everything.as_of == "2026-02-24"
    assert not everything.gap
    assert tariffs.tariff_in_force("us_on_china", ["1201"], "2026-03-01").gap
    assert tariffs.averages("us_on_china", "trade_2017", "covered")["kind"].eq("schedule").all()


def test_soybeans_in_force_after_busan_on_the_wto_schedule():
    soy = tariffs.tariff_in_force("china_on_us", ["1201"], "2025-12-01", "trade_latest")
    assert soy.as_of == "2025-11-10" and soy.rate_pct == pytest.approx(20.0, abs=0.01)


def test_annual_averages_only_for_years_a_schedule_covers():
    years = tariffs.annual("china_on_us", "trade_2017", "covered")
    assert list(years.index) == [2018, 2019, 2025]
    assert years[2019] > years[2018]


def test_covered_goods_are_classified_by_the_product_list():
    codes = pd.Index(["120190", "270900", "880240", "950300"])
    assert tariffs.in_goods(codes, "covered").tolist() == [True, True, True, False]
    assert tariffs.in_goods(codes, "agriculture").tolist() == [True, False, False, False]
    assert tariffs.in_goods(codes, "soybeans").tolist() == [True, False, False, False]


def test_unknown_choices_are_refused_by_name():
    with pytest.raises(ValueError, match="weights='trade_2016'"):
        tariffs.averages("china_on_us", "trade_2016", "all")


@pytest.mark.raw
def test_bowns_hs8_retaliation_is_the_simple_mean_of_its_lines_by_hs6(raw):
    bown = pd.read_stata(raw / RAW_TARIFFS / "piie-bown-china-retaliation-hs8-2018-2019.dta")
    by6 = bown.assign(hs6=bown["hs08"].str[:6]).groupby("hs6")["reta_2019Jun01"].mean()
    ours = tariffs.levels("bown_china")["2019-06-01"].fillna(0)  # lines left out: 0
    assert ours.reindex(by6.index).fillna(0).round(2).equals(by6.astype(float).round(2))
    assert by6.index.size == 4264 and bown["hs08"].str[:6].nunique() == 4264


@pytest.mark.raw
def test_bowns_us_actions_add_up_to_his_file_by_hs6(raw):
    bown = pd.read_stata(raw / RAW_TARIFFS / "piie-bown-us-tariffs-on-china-hs6-2018-2020.dta")
    total = bown.set_index("hs06").sum(axis=1)
    rows = load("tariff_schedules")
    rows = rows[rows["schedule"].eq("bown_us")]
    assert rows["measure"].eq("change").all()
    ours = rows.groupby("hs6")["rate_pct"].sum().reindex(total.index).fillna(0)
    assert (ours - total).abs().max() < 0.06  # eleven actions, each rounded to 0.01 points


def test_a_goods_group_in_force_is_its_average_at_the_schedule_date():
    covered = tariffs.tariff_in_force("china_on_us", ["covered"], "2019-10-01")
    by_date = tariffs.averages("china_on_us", "trade_2017", "covered").set_index("date")
    assert covered.as_of == "2019-09-01"
    assert covered.rate_pct == pytest.approx(by_date.loc["2019-09-01", "rate_pct"])
    later = tariffs.tariff_in_force("china_on_us", ["covered"], "2021-12-31")
    assert later.gap and later.latest_pct == pytest.approx(by_date.loc["2019-12-26", "rate_pct"])
