"""The after-the-deal domain pinned by independent computations: each test fails on one
realistic one-line bug that every other fast test let through:

- the `trend_2013_2017` yardstick fitted on 2013-2016 (or any window but 2013-2017);
- the chance's default interval level 0.95 instead of 0.9;
- the shortfall since the deal counted from 2021, so that 2021 counts twice (it is already
  in the 2020-21 shortfall).

Each expected value is computed here from the data tables with numpy, not with the
functions under test.
"""

import numpy as np
import pandas as pd
import pytest

from phaseone import agreement, compliance, scenarios
from phaseone.data import load
from phaseone.reports.after_the_deal import model as report

EVERY = list(agreement.SECTORS)


def _sector_series(sector: str) -> pd.Series:
    if sector == "services":
        return load("services_exports").set_index("year")["value_bn"].astype(float)
    goods = load("covered_goods_annual")
    return goods[goods["sector"].eq(sector)].groupby("year")["value_bn"].sum().astype(float)


@pytest.mark.parametrize("sector", EVERY)
def test_the_trend_yardstick_is_a_log_linear_fit_to_2013_through_2017(sector):
    data = _sector_series(sector)
    window = data.loc[2013:2017]
    assert list(window.index) == [2013, 2014, 2015, 2016, 2017]  # five points, 2017 included
    slope, intercept = np.polyfit(window.index.to_numpy(float), np.log(window.to_numpy()), 1)
    years = list(range(2017, 2036))
    expected = np.exp(intercept + slope * np.asarray(years, float))
    got = scenarios.yardstick("trend_2013_2017", [sector], years)[sector]
    np.testing.assert_allclose(got.to_numpy(float), expected, rtol=1e-9)


def test_the_trend_yardstick_is_described_as_its_window():
    assert scenarios.TREND_YEARS == (2013, 2017)
    assert "2013-2017" in scenarios.YARDSTICK_TEXT["trend_2013_2017"]


def _plan() -> tuple[pd.Series, scenarios.CatchUp]:
    goods = report._history()[0]
    history = np.log(goods.sort_index()).diff().loc[scenarios.HISTORY_FROM:].dropna()
    yard = pd.Series(150.0, index=range(2026, 2030))
    return history, scenarios.catch_up(yard, 100.0, 2026, 4, 2025, float(goods.loc[2025]))


def test_the_chance_s_interval_is_90_percent_by_default():
    history, plan = _plan()
    c = scenarios.chance(history, plan)
    assert c.level == 0.9
    assert list(c.fan.columns) == pytest.approx([0.05, 0.25, 0.5, 0.75, 0.95])
    # the interval of average growth: the 5th and 95th percentiles of the same draws
    rng = np.random.default_rng(scenarios.SEED)
    g = history.to_numpy(float)
    n = plan.start + plan.horizon - 1 - plan.from_year
    blocks = -(-n // scenarios.BLOCK)
    starts = rng.integers(0, len(g) - scenarios.BLOCK + 1, size=(scenarios.DRAWS, blocks))
    idx = (starts[:, :, None] + np.arange(scenarios.BLOCK)).reshape(scenarios.DRAWS, -1)[:, :n]
    average = np.exp(g[idx].sum(axis=1) / n) - 1
    lo, hi = np.quantile(average, [0.05, 0.95])
    assert (c.growth_low, c.growth_high) == pytest.approx((lo, hi), rel=1e-9)


def test_the_report_shows_the_90_percent_interval():
    m = report.model()
    assert m.chance.level == 0.9 and "the 90% interval of the average growth" in m.summary.text


@pytest.mark.parametrize("sectors", [list(agreement.GOODS_SECTORS), EVERY, ["energy"]])
@pytest.mark.parametrize("yardstick", ["target_2021_flat", "level_2017"])
def test_the_shortfall_since_the_deal_starts_in_2022_and_never_recounts_2021(sectors,
                                                                              yardstick):
    m = report.model(sectors=sectors, yardstick=yardstick, owed="plus_yardstick")
    last = m.last_year
    assert int(m.shortfall.index.min()) == 2022
    # independently: yardstick less purchases, 2022 through the last full year
    base = agreement.baselines("us_exports")
    extra = agreement.commitments().query("year == 2021").set_index("sector")["value_bn"]
    level = {s: base[s] + (extra[s] if yardstick == "target_2021_flat" else 0.0)
             for s in sectors}
    bought = pd.DataFrame({s: _sector_series(s) for s in sectors}).loc[2022:last]
    since = sum(level[s] * len(bought) - bought[s].sum() for s in sectors)
    f = compliance.fulfilment("us_exports", (2020, 2021), sectors).drop("total")
    owed_2020_21 = float((f["target_bn"] - f["purchases_bn"]).sum())
    assert float(m.shortfall.to_numpy().sum()) == pytest.approx(since)
    assert m.owed_bn == pytest.approx(max(owed_2020_21 + since, 0.0))
    assert m.shortfall_cumulative.index.min() == 2022


def test_since_deal_leaves_out_the_agreement_years():
    years = range(2017, 2030)
    yard = scenarios.yardstick("level_2017", ["energy"], years)
    bought = scenarios.purchases(["energy"])
    short = scenarios.since_deal(bought, yard, 2025)
    assert list(short.index) == [2022, 2023, 2024, 2025]
