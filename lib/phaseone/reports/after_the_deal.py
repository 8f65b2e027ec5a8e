"""The after-the-deal report: parameters in, every number, table, chart frame and sentence
choice out. The 2020-21 shortfall beside USTR's and PIIE's is a fixed, labelled part (all four
sectors, US exports) that no parameter moves. Levels US$ billions, rates fractions a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from phaseone import after, agreement, compliance, growth
from phaseone.data import load
from phaseone.parameters import model_values

DEFAULTS: dict[str, Any] = dict(
    yardstick="target_2021_flat", owed="shortfall_2020_21", start_year=2026, horizon=4,
    sectors=list(agreement.GOODS_SECTORS), soybean_year=2025)
CHOICES = dict(yardstick=tuple(after.YARDSTICKS), owed=tuple(after.OWED),
               sectors=agreement.SECTORS)
LAST_SCENARIO_YEAR = 2040


@dataclass(frozen=True)
class AfterReport:
    """Everything the after-the-deal report shows."""

    parameters: dict[str, Any]
    title: str
    assessed: str  # "goods" or "goods and services"
    yardstick_text: str
    owed_text: str
    purchases: pd.DataFrame  # by year (2017 on) and sector, US$ bn
    totals: pd.Series  # purchases of the chosen sectors by year
    last_year: int  # last full year with data for every chosen sector
    yardstick: pd.DataFrame  # by year and sector
    shortfall: pd.DataFrame  # yardstick less purchases, 2022..last_year, by sector
    shortfall_cumulative: pd.Series  # total shortfall summed from 2022, by year
    agreement_shortfall: pd.Series  # 2020-21 targets less purchases, chosen sectors
    owed_bn: float
    plan: after.CatchUp
    chance: after.Chance
    windows: pd.DataFrame  # historical growth windows against the required growth
    rolling_share: float  # share of rolling windows as long as the plan that grew as fast
    monthly: pd.DataFrame  # estimated covered goods by month and sector, last two years
    goods_monthly: pd.Series  # all goods by month, last two years
    ustr: pd.DataFrame  # our 2020-21 shortfall beside USTR's and PIIE's
    soy_usd_t: float
    soy_share: float
    soybeans: pd.DataFrame  # monthly estimated tonnes
    soy: dict[str, Any]  # pledge progress
    backtest: pd.DataFrame  # monthly estimate's error by year and sector
    inputs: pd.DataFrame  # non-official rows behind the numbers
    sources: list[str]

    def headline(self) -> dict[str, float]:
        return {"growth": self.plan.growth, "chance": self.chance.probability,
                "owed": self.owed_bn, "last": float(self.totals.loc[self.last_year])}



def _ustr() -> pd.DataFrame:
    every = list(agreement.SECTORS)
    ours = compliance.fulfilment("us_exports", (2020, 2021), every).loc["total"]
    pub = compliance.published
    rows = [
        ("Ours: targets less US exports, 2020-21, four sectors",
         ours.target_bn - ours.purchases_bn, ours.target_bn, ours.purchases_bn),
        ("PIIE (Feb 2022): 502.4 less 288.8", pub("commitment_total_2020_21")
         - pub("purchases_total_2020_21"), pub("commitment_total_2020_21"),
         pub("purchases_total_2020_21")),
        ("USTR (Oct 2025): 'more than' this, method not published",
         pub("shortfall_ustr_2025"), float("nan"), float("nan")),
    ]
    return pd.DataFrame(rows, columns=["measure", "shortfall_bn", "commitment_bn",
                                       "purchases_bn"])


def _monthly() -> tuple[pd.DataFrame, pd.Series]:
    est = load("covered_goods_monthly_estimated")
    last = est["month"].max()
    first = f"{int(last[:4]) - 1}-01"
    est = est[est["month"] >= first].groupby(["month", "sector"])["value_bn"].sum().unstack()
    ch = load("exports_monthly_chapters")
    goods = ch[ch["chapter"].eq("00") & (ch["month"] >= first)].set_index("month")["value_bn"]
    return est, goods


def model(**parameters: Any) -> AfterReport:
    """The after-the-deal report for `parameters` (the notebook's parameters cell)."""
    v = model_values("after_the_deal", DEFAULTS, parameters, CHOICES)
    sectors = v["sectors"]
    bought = after.purchases(sectors)
    last = after.last_full_year(bought)
    bought = bought.loc[:last]
    end = v["start_year"] + v["horizon"] - 1
    yard = after.yardstick(v["yardstick"], sectors, range(after.FIRST_YEAR, end + 1))
    short = after.shortfall(bought.loc[2022:], yard.loc[2022:last])
    owed_2020_21 = after.agreement_shortfall(sectors)
    since = float(short.sum().sum()) if v["owed"] == "plus_yardstick" else 0.0
    owed = max(float(owed_2020_21.sum()) + since, 0.0)  # years above the yardstick count
    totals = bought.sum(axis=1)
    plan = after.catch_up(yard.sum(axis=1), owed, v["start_year"], v["horizon"], last,
                          float(totals.loc[last]))
    goods = growth.exports_series("goods")
    history = after.log_growth(goods)
    odds = after.chance(history, plan)
    windows = growth.historical_growth("goods", growth.HISTORY_WINDOWS)
    windows = windows.assign(required=plan.growth,
                             multiple=plan.growth / windows["cagr"].where(windows["cagr"] > 0))
    span = plan.start + plan.horizon - 1 - last
    rolling = after.rolling_growth(goods, span)
    usd_t, share = after.soybean_unit_value(v["soybean_year"])
    tonnes = after.soybean_tonnes(v["soybean_year"])
    monthly, goods_monthly = _monthly()
    tables = ["covered_goods_annual"] + (["services_exports"] if "services" in sectors else [])
    rows = pd.concat([load(t).assign(table=t) for t in tables])
    rows = rows[rows["year"].between(2020, last)]
    assessed = "goods and services" if "services" in sectors else "goods"
    return AfterReport(
        parameters=v,
        title=f"After the deal: US {assessed} exports to China against "
              f"{after.YARDSTICKS[v['yardstick']].split(' (')[0]}, and a {v['horizon']}-year "
              f"catch-up from {v['start_year']}",
        assessed=assessed, yardstick_text=after.YARDSTICKS[v["yardstick"]],
        owed_text=after.OWED[v["owed"]], purchases=bought, totals=totals, last_year=last,
        yardstick=yard, shortfall=short, shortfall_cumulative=short.sum(axis=1).cumsum(),
        agreement_shortfall=owed_2020_21, owed_bn=owed, plan=plan, chance=odds,
        windows=windows, rolling_share=float((rolling >= plan.growth).mean()),
        monthly=monthly, goods_monthly=goods_monthly, ustr=_ustr(), soy_usd_t=usd_t,
        soy_share=share, soybeans=tonnes, soy=after.soybean_progress(tonnes),
        backtest=load("covered_goods_monthly_backtest"),
        inputs=rows[rows["quality"] != "official"][["year", "table", "value_bn", "quality",
                                                    "source"]].reset_index(drop=True),
        sources=list(dict.fromkeys([
            *rows["source"], *load("covered_goods_monthly_estimated")["source"].iloc[-2:],
            *load("soybeans_annual")["source"].iloc[-1:],
            *load("exports_monthly_chapters")["source"].iloc[:1],
            *load("commitments")["source"].iloc[:1]])),
    )
