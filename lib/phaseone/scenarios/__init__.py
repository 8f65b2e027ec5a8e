"""After the agreement: purchases 2022 on against yardsticks, the shortfall, a catch-up scenario
and its chance from history (the 2025 soybean pledges are `phaseone.soybeans`).

Levels are US$ billions of US exports to China (covered goods by sector, Census HS 8800 /
chapter 88 included; services from BEA where published); growth rates are fractions per
year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from phaseone import agreement, compliance
from phaseone.data import load
from phaseone.growth.rates import constant_rate
from phaseone.growth.rates import path as growth_path
from phaseone.growth.trend import trend_fit, trend_projection
from phaseone.vocabulary import OWED, YARDSTICKS  # noqa: F401  (scenarios.OWED, as choices)

FIRST_YEAR = 2017
AFTER_FROM = 2022  # first year after the agreement's two years (2020-21 are its own shortfall)
TREND_YEARS = (2013, 2017)  # the pre-2018 trend: covered goods by sector exist from 2013
YARDSTICK_TEXT = {  # vocabulary.YARDSTICKS, described
    "target_2021_flat": "the 2021 target level held flat (the agreement projects increases "
                        "through 2025 but sets no amounts)",
    "level_2017": "the 2017 level (what China bought before the agreement)",
    "trend_2013_2017": "the pre-2018 trend (log-linear, 2013-2017, by sector)",
}
OWED_TEXT = {  # vocabulary.OWED, described
    "shortfall_2020_21": "the 2020-21 shortfall against the agreement's targets",
    "plus_yardstick": "the 2020-21 shortfall plus the shortfall against the yardstick from "
                      "2022 through the last full year",
}
HISTORY_FROM = 1992  # first year of annual growth the chance is drawn from
BLOCK = 3  # years per bootstrap block: keeps runs of good and bad years together
DRAWS = 20_000
SEED = 2020


def purchases(sectors) -> pd.DataFrame:
    """US exports to China by year (from 2017) and sector, US$ bn; NaN where not published."""
    goods = load("covered_goods_annual").groupby(["year", "sector"])["value_bn"].sum().unstack()
    services = load("services_exports").set_index("year")["value_bn"].rename("services")
    out = goods.join(services, how="outer").loc[FIRST_YEAR:]
    return out.reindex(columns=list(sectors)).rename_axis(index="year", columns=None)


def last_full_year(frame: pd.DataFrame) -> int:
    """Last year with data for every column of `frame`."""
    return int(frame.dropna().index.max())


def _trend(sector: str, years) -> pd.Series:
    """The sector's log-linear trend over TREND_YEARS (the growth report's fit), by year."""
    goods = load("covered_goods_annual")
    data = (load("services_exports").set_index("year")["value_bn"] if sector == "services"
            else goods[goods["sector"].eq(sector)].groupby("year")["value_bn"].sum())
    fit = trend_fit(data.astype(float), *TREND_YEARS)
    return trend_projection(fit, list(years))["fitted"].rename_axis(None)


def yardstick(name: str, sectors, years) -> pd.DataFrame:
    """The yardstick's level by year and sector, US$ bn."""
    agreement.check_choice("yardstick", name, tuple(YARDSTICKS))
    years = list(years)
    base = agreement.baselines("us_exports")
    if name == "trend_2013_2017":
        cols = {s: _trend(s, years) for s in sectors}
    else:
        extra = agreement.commitments().query("year == 2021").set_index("sector")["value_bn"]
        add = extra if name == "target_2021_flat" else 0.0 * extra
        cols = {s: pd.Series(base[s] + add[s], index=years) for s in sectors}
    return pd.DataFrame(cols).rename_axis("year")


def agreement_shortfall(sectors) -> pd.Series:
    """Targets less purchases over 2020-21 by sector (US exports), US$ bn."""
    f = compliance.fulfilment("us_exports", (2020, 2021), list(sectors))
    return (f["target_bn"] - f["purchases_bn"]).drop("total")


def shortfall(bought: pd.DataFrame, yard: pd.DataFrame) -> pd.DataFrame:
    """Yardstick less purchases by year and sector (positive: bought less), US$ bn."""
    return (yard - bought.reindex(yard.index)).dropna(how="all")


def since_deal(bought: pd.DataFrame, yard: pd.DataFrame, last: int) -> pd.DataFrame:
    """The shortfall against the yardstick after the agreement: AFTER_FROM through `last`, by
    year and sector (2020-21 are the agreement's own shortfall, never counted again)."""
    return shortfall(bought.loc[AFTER_FROM:], yard.loc[AFTER_FROM:last])


USTR_CLAIM = "shortfall_ustr_2025"


def ustr_candidates() -> pd.DataFrame:
    """Candidate bases for USTR's "more than $217 billion" 2020-21 shortfall, each computed
    from the tables: targets less purchases, US$ bn, with `above_claim` ('yes' | 'no': whether
    the shortfall exceeds USTR's figure). Civil aircraft counted, as PIIE does."""
    goods, every = list(agreement.GOODS_SECTORS), list(agreement.SECTORS)
    years = (2020, 2021)

    def gap(basis, sectors):
        t = compliance.fulfilment(basis, years, sectors).loc["total"]
        return float(t["target_bn"]), float(t["purchases_bn"])

    us_all, us_goods = gap("us_exports", every), gap("us_exports", goods)
    cn_goods, us_services = gap("china_imports", goods), gap("us_exports", ["services"])
    rows = [("US data, goods and services", *us_all),
            ("US data, goods only", *us_goods),
            ("China's data for goods, US data for services",
             cn_goods[0] + us_services[0], cn_goods[1] + us_services[1]),
            ("China's data, goods only", *cn_goods)]
    out = pd.DataFrame(rows, columns=["basis", "commitment_bn", "purchases_bn"])
    out["shortfall_bn"] = out["commitment_bn"] - out["purchases_bn"]
    claim = compliance.published(USTR_CLAIM)
    out["above_claim"] = out["shortfall_bn"].gt(claim).map({True: "yes", False: "no"})
    return out


@dataclass(frozen=True)
class CatchUp:
    """A catch-up: the yardstick each year plus an equal share of what is owed."""

    start: int
    horizon: int
    owed_bn: float
    from_year: int  # last full year, whose level the path grows from
    from_bn: float
    required: pd.Series  # required purchases by year, US$ bn
    growth: float  # constant growth from from_bn whose path sums to the required total
    path: pd.Series  # that path, by year

    @property
    def total_bn(self) -> float:
        return float(self.required.sum())


def catch_up(yard: pd.Series, owed: float, start: int, horizon: int, from_year: int,
             from_bn: float) -> CatchUp:
    """Required purchases over `start`..`start+horizon-1` and the constant growth they imply.

    `yard`: the yardstick's total by year (US$ bn); `owed`: what is made up (US$ bn, >= 0),
    in equal parts; the growth is from the `from_year` level `from_bn`, compounded each year
    from then, such that the path's purchases over the catch-up years sum to the required.
    """
    if horizon < 1 or start <= from_year:
        raise ValueError(f"need horizon >= 1 and start after {from_year}, got {start}, "
                         f"{horizon}")
    years = list(range(start, start + horizon))
    required = yard.reindex(years) + owed / horizon
    rate = constant_rate(from_bn, [y - from_year for y in years], float(required.sum()))
    path = growth_path(from_bn, rate, from_year, years[-1]).loc[years].rename(None)
    return CatchUp(start, horizon, float(owed), from_year, float(from_bn), required, rate, path)


def log_growth(series: pd.Series, first: int = HISTORY_FROM) -> pd.Series:
    """Annual log growth of a level series from `first` on."""
    s = series.sort_index()
    return np.log(s).diff().loc[first:].dropna()


@dataclass(frozen=True)
class Chance:
    """How often paths drawn from history reach the catch-up's total."""

    probability: float
    growth_low: float  # interval of the average growth the draws achieve (fraction/yr)
    growth_median: float
    growth_high: float
    level: float
    fan: pd.DataFrame  # quantiles of the drawn levels by year (columns: quantiles)
    draws: int
    block: int


def chance(history: pd.Series, plan: CatchUp, level: float = 0.9, block: int = BLOCK,
           draws: int = DRAWS, seed: int = SEED) -> Chance:
    """Moving-block bootstrap of annual log growth (`history`): paths from the plan's starting
    level to the end of the catch-up; the share whose purchases over the catch-up years reach
    the required total, and an interval of the average growth the paths achieve."""
    rng = np.random.default_rng(seed)
    g = history.to_numpy(float)
    years = np.arange(plan.from_year + 1, plan.start + plan.horizon)
    n = len(years)
    starts = rng.integers(0, len(g) - block + 1, size=(draws, math.ceil(n / block)))
    idx = (starts[:, :, None] + np.arange(block)).reshape(draws, -1)[:, :n]
    levels = plan.from_bn * np.exp(np.cumsum(g[idx], axis=1))
    catch = years >= plan.start
    total = levels[:, catch].sum(axis=1)
    average = np.exp(np.log(levels[:, -1] / plan.from_bn) / n) - 1
    tail = (1 - level) / 2
    qs = [tail, 0.25, 0.5, 0.75, 1 - tail]
    fan = pd.DataFrame(np.quantile(levels, qs, axis=0).T, index=years, columns=qs)
    lo, mid, hi = np.quantile(average, [tail, 0.5, 1 - tail])
    return Chance(float((total >= plan.total_bn).mean()), float(lo), float(mid), float(hi),
                  level, fan, draws, block)


def rolling_growth(series: pd.Series, years: int, first: int = HISTORY_FROM) -> pd.Series:
    """Compound growth over every `years`-year window starting from `first`, by end year."""
    s = series.sort_index().loc[first:]
    return ((s / s.shift(years)) ** (1 / years) - 1).dropna()
