"""Monthly covered goods estimated from HS chapters: the method, its backtest and the tables."""

import pandas as pd
import pytest

from phaseone import config
from phaseone.data.derive.monthly_estimate import backtest, chapter_shares, estimate, share_years

HS6 = pd.DataFrame({
    "year": [2020, 2020, 2020, 2020, 2021, 2021],
    "chapter": ["12", "12", "84", "88", "12", "84"],
    "sector": ["agriculture", None, "manufactured_goods", "manufactured_goods",
               "agriculture", None],
    "value_bn": [3.0, 1.0, 2.0, 5.0, 1.0, 4.0],
})


def test_shares_are_the_covered_part_of_each_chapter_without_aircraft():
    shares = chapter_shares(HS6)
    assert shares.loc[(2020, "12"), "agriculture"] == 0.75
    assert shares.loc[(2020, "84"), "manufactured_goods"] == 1.0
    assert shares.loc[(2021, "84")].sum() == 0.0
    assert "88" not in shares.index.get_level_values("chapter")


def test_months_after_the_last_share_year_use_the_latest_shares():
    years = share_years(pd.Index(["2020-05", "2021-01", "2023-04"]), chapter_shares(HS6))
    assert years.tolist() == [2020, 2021, 2021]
    with pytest.raises(ValueError, match="no chapter shares for 2019-12"):
        share_years(pd.Index(["2019-12"]), chapter_shares(HS6))


def test_estimate_splits_each_chapter_by_its_share():
    hs2 = pd.DataFrame({"month": ["2020-01", "2020-01", "2020-01", "2020-01"],
                        "chapter": ["00", "12", "84", "88"], "value_bn": [99, 2.0, 1.0, 7.0]})
    out = estimate(hs2, chapter_shares(HS6)).set_index("sector")["value_bn"]
    assert out["agriculture"] == pytest.approx(1.5)
    assert out["manufactured_goods"] == pytest.approx(1.0)  # chapter 88 is not split
    assert out["energy"] == 0.0


def test_backtest_is_exact_when_shares_do_not_move_and_measures_when_they_do():
    months = [f"2020-{m:02d}" for m in range(1, 13)]
    rows = [dict(month=m, chapter="12", sector=s, value_bn=v)
            for i, m in enumerate(months) for s, v in (("agriculture", 3.0 + i % 2),
                                                       (None, 1.0))]
    hs6 = pd.DataFrame(rows)
    hs2 = hs6.groupby(["month", "chapter"], as_index=False)["value_bn"].sum()
    out = backtest(hs6, hs2, [2020]).set_index("sector")
    ag = out.loc["agriculture"]
    assert ag["error_bn"] == pytest.approx(0.0, abs=1e-12)  # same-year shares, annual sum
    # months alternate between 3/4 and 4/5 covered while the share is 42/54 all year
    assert ag["monthly_mae_bn"] == pytest.approx(abs(4 * 42 / 54 - 3), rel=1e-9)
    assert ag["actual_bn"] == pytest.approx(42.0) and ag["share_year"] == 2020


@pytest.mark.raw
def test_the_committed_backtest_is_the_method_run_on_the_raw_files(raw):
    from phaseone.data.derive import covered_goods_monthly_backtest, inputs

    ours = covered_goods_monthly_backtest(inputs(raw))
    committed = pd.read_csv(config.DATA / "covered_goods_monthly_backtest.csv")
    assert list(committed["year"].unique()) == [2017, 2018, 2019, 2020]
    pd.testing.assert_series_equal(ours["error_bn"].round(6), committed["error_bn"],
                                   check_names=False)
    same_year = committed[committed["lag"].eq(0)]
    assert same_year["error_share"].abs().max() < 0.1  # within 10% for every sector and year


@pytest.mark.raw
def test_the_estimate_agrees_with_hs6_annual_for_years_with_both(raw):
    est = pd.read_csv(config.DATA / "covered_goods_monthly_estimated.csv")
    est = est[est["component"].eq("listed")]
    annual = pd.read_csv(config.DATA / "covered_goods_annual.csv")
    annual = annual[annual["category"].ne("civil_aircraft")]
    for year in (2022, 2023, 2024, 2025):
        ours = est[est["month"].str.startswith(str(year))].groupby("sector")["value_bn"].sum()
        hs6 = annual[annual["year"].eq(year)].groupby("sector")["value_bn"].sum()
        assert (ours - hs6).abs().max() < 0.5, year  # Census chapters against Comtrade HS6
    assert est["month"].min() == "2021-03" and est["month"].max() == "2026-05"
    assert set(est["quality"]) == {"estimated"}


@pytest.mark.raw
def test_hs2022_codes_keep_the_2021_covered_value(raw):
    """Nearly all 2021 covered value sits in HS6 codes that HS 2022 kept; the concordance maps
    every new heading back to a listed HS 2017 heading."""
    from phaseone.data.derive import comtrade_hs6, inputs

    src = inputs(raw)
    c = comtrade_hs6(src)
    kept = set(c[c["year"] >= 2022]["cmd_code"])
    covered_2021 = c[c["year"].eq(2021) & c["category"].notna()]
    share = covered_2021[covered_2021["cmd_code"].isin(kept)]["value_bn"].sum() / \
        covered_2021["value_bn"].sum()
    assert share > 0.98
    moved = c[c["cmd_code"] != c["hs2017"]]
    assert moved["category"].notna().all()  # every mapped code lands on a listed heading
    assert set(moved["cmd_code"].str[:4]) <= set(src.concordance["hs2022"].str[:4])


# as chapter_shares gives them: one column per goods sector, in the vocabulary's order
SHARES = pd.DataFrame({"manufactured_goods": [0.0, 0.0, 0.0], "agriculture": [0.25, 0.5, 0.75],
                       "energy": [0.0, 0.0, 0.0]},
                      index=pd.MultiIndex.from_tuples([(2019, "12"), (2020, "12"), (2021, "12")],
                                                      names=["year", "chapter"]))


def test_a_lag_takes_the_shares_of_that_many_years_before():
    months = pd.Index(["2020-06", "2021-06", "2022-06", "2020-01"])
    assert share_years(months, SHARES).tolist() == [2020, 2021, 2021, 2020]
    assert share_years(months, SHARES, lag=1).tolist() == [2019, 2020, 2021, 2019]
    assert share_years(months[1:3], SHARES, lag=2).tolist() == [2019, 2020]
    assert share_years(months, SHARES, lag=1).index.equals(months)


def test_a_lag_reaching_before_the_first_shares_is_refused():
    with pytest.raises(ValueError, match=r"^no chapter shares for 2019-06 or any year before it "
                                         r"\(shares exist for 2019-2021\)$"):
        share_years(pd.Index(["2019-06"]), SHARES, lag=1)


def test_the_estimate_splits_a_month_by_the_shares_of_its_year_less_the_lag():
    hs2 = pd.DataFrame({"month": ["2021-03"], "chapter": ["12"], "value_bn": [4.0]})
    for lag, share in [(0, 0.75), (1, 0.5), (2, 0.25)]:
        out = estimate(hs2, SHARES, lag).set_index("sector")
        assert out.loc["agriculture", "value_bn"] == pytest.approx(4.0 * share)
        assert out.loc["agriculture", "share_year"] == 2021 - lag
