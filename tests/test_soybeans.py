"""The soybean pledges on USDA export sales: nothing counts twice, oldest pledge first, the
pace follows past seasons, and the figures beside them come from the tables."""

import itertools

import pandas as pd
import pytest

from phaseone import soybeans
from phaseone.soybeans import OUTSIDE, Pledge
from phaseone.vocabulary import FIRST_DEADLINES, PLEDGE_YEARS

CHOICES = list(itertools.product(PLEDGE_YEARS, FIRST_DEADLINES))


def _windows_mask(index, pledges) -> pd.Series:
    weeks = pd.Series(index, index=index).astype(str)
    return pd.concat([weeks.between(p.start, p.end) for p in pledges], axis=1).any(axis=1)


@pytest.mark.parametrize(("year_kind", "deadline"), CHOICES)
def test_the_pledges_allocations_add_up_to_the_purchases_in_their_windows(year_kind, deadline):
    """Built from the ESR table: every week's purchases go to one pledge or none, so the
    pledges' allocations sum to the purchases in the union of their windows, and shipments
    to the pledges never exceed what was bought under them."""
    t = soybeans.track(year_kind, deadline)
    names = [p.name for p in t.pledges]
    purchases = t.weekly["purchases_kt"]
    assert t.bought.sum(axis=1).sub(purchases).abs().max() < 1e-6
    inside = _windows_mask(purchases.index, t.pledges)
    assert t.bought[names].to_numpy().sum() == pytest.approx(purchases[inside].sum(), abs=1e-6)
    assert t.bought.loc[~inside, names].abs().to_numpy().max() == 0
    assert t.shipped.sum(axis=1).sub(t.weekly["shipments_kt"]).abs().max() < 1e-6
    assert (t.shipped[names].cumsum() <= t.bought[names].cumsum() + 1e-6).all().all()
    assert sum(p.bought_kt for p in t.progress) <= purchases[inside].sum() + 1e-6


def test_january_february_2026_count_once_toward_the_2025_pledge_first():
    """The 12 MMT window (to end-February 2026) and calendar 2026 overlap: the 2025 pledge,
    not full by then, takes every week of January-February; 2026 gets none of them."""
    t = soybeans.track("calendar", "end_february_2026")
    overlap = t.bought.loc["2026-01-01":"2026-02-28"]
    assert overlap["2026"].abs().max() == 0
    assert overlap["2025/26 crop"].sum() == pytest.approx(
        t.weekly.loc["2026-01-01":"2026-02-28", "purchases_kt"].sum())
    first, year = t.progress[0], t.progress[1]
    total = t.weekly.loc[first.pledge.start:t.last_week, "purchases_kt"].sum()
    assert first.bought_kt + year.bought_kt == pytest.approx(total)  # not 17 from 11.6


def _pledges(*windows, kt=10.0):
    return tuple(Pledge(f"p{i}", kt, a, b, "", "", a) for i, (a, b) in enumerate(windows))


def _weeks(*values, start="2026-01-01"):
    index = pd.date_range(start, periods=len(values), freq="7D").strftime("%Y-%m-%d")
    return pd.Series(values, index=index, dtype=float)


def test_the_oldest_open_pledge_fills_first_and_the_newest_takes_the_rest():
    ps = _pledges(("2026-01-01", "2026-02-28"), ("2026-01-01", "2026-12-31"))
    got = soybeans.allocate(_weeks(6, 6, 6, 6), ps)
    assert got["p0"].tolist() == [6, 4, 0, 0]
    assert got["p1"].tolist() == [0, 2, 6, 6]


def test_a_cancellation_comes_off_the_newest_open_pledge_first():
    ps = _pledges(("2026-01-01", "2026-12-31"), ("2026-01-01", "2026-12-31"))
    got = soybeans.allocate(_weeks(12, -3, -5), ps)
    assert got["p1"].tolist() == [2, -2, 0]  # emptied first
    assert got["p0"].tolist() == [10, -1, -5]


def test_weeks_in_no_window_are_outside():
    ps = _pledges(("2026-01-08", "2026-01-15"))
    got = soybeans.allocate(_weeks(1, 2, 3, 4), ps)
    assert got[OUTSIDE].tolist() == [1, 0, 0, 4] and got["p0"].tolist() == [0, 2, 3, 0]


def test_shipments_go_to_a_pledge_only_up_to_what_was_bought_under_it_by_then():
    ps = _pledges(("2026-01-01", "2026-01-31"), ("2026-01-01", "2026-12-31"))
    bought = soybeans.allocate(_weeks(4, 0, 0, 0, 0, 8), ps)  # the 8 after p0's window
    shipped = soybeans.allocate_shipments(_weeks(3, 3, 3, 3, 3, 3), bought, ps)
    assert shipped["p0"].tolist() == [3, 1, 0, 0, 0, 0]
    assert shipped[OUTSIDE].tolist() == [0, 2, 3, 3, 3, 0]
    assert shipped["p1"].tolist() == [0, 0, 0, 0, 0, 3]


def test_the_seasonal_share_is_the_straight_line_when_past_years_bought_evenly():
    index = pd.date_range("2019-12-05", "2026-12-31", freq="7D").strftime("%Y-%m-%d")
    even = pd.Series(1.0, index=index)
    p = _pledges(("2026-01-01", "2026-12-31"))[0]
    share = soybeans.seasonal_share(even, p, years=(2020, 2021))
    assert share.iloc[0] == 0 and share.iloc[-1] == 1
    assert share.iloc[182] == pytest.approx(0.5, abs=0.02)


def test_the_seasonal_pace_front_loads_the_2025_pledge_and_reaches_it_at_the_deadline():
    """Past seasons bought most of a late October-February window's purchases by January:
    the pace by end-2025 is well above the straight line's, and the whole amount at the
    deadline."""
    t = soybeans.track()
    p = t.pledges[0]
    share = soybeans.seasonal_share(t.weekly["purchases_kt"], p)
    assert share.is_monotonic_increasing
    straight = (pd.Timestamp("2025-12-31") - pd.Timestamp(p.start)).days / (len(share) - 1)
    assert soybeans.pace(p, share, "2025-12-31") > 1.1 * straight * p.kt
    assert soybeans.pace(p, share, p.end) == pytest.approx(p.kt)


def test_a_pace_year_outside_the_data_is_refused_naming_the_days():
    t = soybeans.track()
    with pytest.raises(ValueError, match=r"the pace needs purchases from 2018-10-30"):
        soybeans.seasonal_share(t.weekly["purchases_kt"], t.pledges[0], years=(2018,))


def test_an_unknown_pledge_year_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="calendar | marketing_year"):
        soybeans.pledges("fiscal")


def test_past_years_beside_the_pledge_come_from_the_tables():
    """2017 from UN Comtrade (ESR starts in September 2019), 2020 and 2024 from ESR, China's
    own 2024 imports as China Customs published them (to 0.01 million tons)."""
    h = soybeans.history()
    assert h.loc[2017, "us_exports_mmt"] == pytest.approx(32.03, abs=0.01)
    assert pd.isna(h.loc[2017, "purchases_mmt"])
    assert h.loc[2020, "shipments_mmt"] == pytest.approx(34.38, abs=0.01)
    assert h.loc[2024, "china_from_us_mmt"] == pytest.approx(22.13, abs=0.01)
    assert h.loc[2024, "us_share"] == pytest.approx(22.13 / 105.03, abs=0.001)
    assert 2026 not in h.index  # not a complete calendar year in the data


def test_us_exports_in_the_history_are_full_years_matching_soybeans_annual():
    """Replays "US exports (Comtrade)" 5.33 for 2025, US months held only through May, against
    7.56 MMT in soybeans_annual: every year shown is within 8% of soybeans_annual (UN
    Comtrade's monthly and annual series differ by up to 7.5%, in 2020), and a year whose
    December no exporter reported is not shown."""
    from phaseone.data import load
    annual = load("soybeans_annual").set_index("year")["tonnes_mn"]
    shown = soybeans.history()["us_exports_mmt"].dropna()
    assert (shown / annual[shown.index] - 1).abs().max() < 0.08
    last = load("soybean_exports_to_china")["month"].max()
    assert shown.index.max() == int(last[:4]) - (last[5:] != "12")


def test_china_arrivals_exist_only_through_2024():
    p2025, p2026 = soybeans.pledges()[:2]
    assert soybeans.arrivals(p2025) is None and soybeans.arrivals(p2026) is None
    past = Pledge("2024", 25_000.0, "2024-01-01", "2024-12-31", "", "", "2024-01-01")
    assert soybeans.arrivals(past) == pytest.approx(22.13, abs=0.01)


def test_census_hs12_tonnes_err_by_minus_18_to_plus_27_percent_a_year():
    """The conversion with the previous year's unit value and share, backtested on
    2017-2025: the issue's -17% to +27% reproduced within two points."""
    bt = soybeans.census_tonnes_backtest()
    assert list(bt["year"]) == list(range(2017, 2026))
    assert bt["error"].min() == pytest.approx(-0.17, abs=0.02)
    assert bt["error"].max() == pytest.approx(0.27, abs=0.02)


def test_usda_shipments_and_us_reported_exports_agree_by_marketing_year():
    """Within 5% from 2020/21 (2024/25 included: Comtrade has no US rows for June-August
    2025, none shipped); 2019/20 is 16% lower on Comtrade."""
    by_year = soybeans.shipments_by_marketing_year()
    assert list(by_year.index) == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24",
                                   "2024/25"]
    assert by_year["ratio"].iloc[1:].sub(1).abs().max() < 0.05
    assert by_year.loc["2019/20", "ratio"] == pytest.approx(0.84, abs=0.01)
    assert soybeans.mirror_ratio() == pytest.approx(0.94, abs=0.01)


def test_the_block_a_marketing_year_opens_with_is_sized_dated_and_shown_both_ways():
    """Replays "12.7 MMT (50.8% of the amount)" for calendar 2026 with no word that 7.76 MMT
    of it are sales made earlier on unknown dates, dated to the week ending 3 September 2026:
    the block is commitments less that week's net sales, and the pledge without it is the
    pledge with it less the block (both from the ESR table)."""
    from phaseone.data import load
    from phaseone.reports.after_the_deal import soy
    sales = load("soybean_export_sales").query("buyer == 'china'").set_index(
        ["marketing_year", "week_ending"])
    first = sales.loc[("2026/27", "2026-09-03")]
    block = first["total_commitments_kt"] - first["net_sales_kt"]
    assert soybeans.carry_ins().loc["2026-09-03"] == pytest.approx(block)
    assert block == pytest.approx(7761, abs=1)
    with_, without = (soybeans.track("calendar", carry_in=c).progress[1] for c in (True, False))
    assert with_.bought_kt - without.bought_kt == pytest.approx(block, abs=1e-6)
    text = str(soy.section("calendar", "end_february_2026").text)
    assert "7.8 MMT in the week ending 3 September 2026" in text
    assert f"stands at {without.bought_kt / 1e3:,.1f} MMT" in text


def test_no_pledge_window_says_the_later_block_may_have_been_sold_in_it():
    """Replays "Purchases since the deal in no pledge's window (weeks ending 5 March 2026 to
    6 August 2026) count toward none: 1.7 MMT." with no word of the 7.8 MMT carried into
    2026/27, which may have been sold in those weeks."""
    from phaseone.reports.after_the_deal import soy
    text = str(soy.section("marketing_year", "end_february_2026").text)
    gap = next(p for p in text.split("\n\n") if "no pledge's window" in p)
    assert "7.8 MMT a marketing year opened with in the week ending 3 September 2026" in gap


def test_the_end_2025_note_compares_purchases_and_pace_at_the_same_week():
    """Replays "By the end of 2025, the fact sheet's deadline, 6.4 MMT had been bought against
    8.5 MMT on the seasonal pace": purchases through the week ending 25 December, the pace on
    31 December. Both now at the last week ending of 2025, named."""
    from phaseone.reports.after_the_deal import soy
    t = soybeans.track("calendar", "end_february_2026")
    week = t.weekly.loc[:"2025-12-31"].index.max()
    assert week == "2025-12-25"
    p = t.pledges[0]
    pace = soybeans.pace(p, soybeans.seasonal_share(t.weekly["purchases_kt"], p), week)
    bought = t.bought.loc[:week, p.name].sum()
    text = str(soy.section("calendar", "end_february_2026").text)
    assert (f"{bought / 1e3:,.1f} MMT had been bought (through the week ending 25 December "
            f"2025, the last of the year) against {pace / 1e3:,.1f} MMT") in text
    assert f"{pace / 1e3:,.1f}" != "8.5"
