"""The growth report: parameters in, every rate, table, chart frame and sentence choice out.

The chosen definition, window and base year drive the headline; the reconstruction of the
press figures (goods and services, the 2017 base, the definition and window closest to the
published 33% and "three times") is a separate, labelled part that no parameter moves.
Rates are fractions per year, levels US$ billions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from phaseone import compliance, growth
from phaseone.agreement import BASE_YEAR
from phaseone.data import load
from phaseone.parameters import model_values
from phaseone.text import publishers

PRESS_MEASURES = ("required_growth_press", "required_to_historical_ratio_press",
                  "purchases_2017_goods_services")  # rows of published_results compared
QUESTION = "How fast did US exports to China have to grow?"
SERIES_TEXT = {"goods_and_services": "goods and services", "goods": "goods"}
DEFAULTS: dict[str, Any] = dict(
    series="goods_and_services", base_year=2017, history_start=2001, history_end=2017,
    definition="two_year_sum_from_base_2yr", confidence=0.95, trend_start=2001, trend_end=2017,
    trend_errors="hc1")
ERROR_NAMES = {"hc1": "HC1 errors", "hac": "Newey-West (HAC) errors",
               "rw_drift": "a random walk with drift"}
CHOICES = dict(series=tuple(SERIES_TEXT), definition=growth.DEFINITIONS,
               trend_errors=tuple(ERROR_NAMES))
HORIZONS = range(2, 7)  # years from the base level to the end of the purchase years


@dataclass(frozen=True)
class Press:
    """The press figures and our reconstruction of them (goods and services, 2017 base)."""

    growth: float  # published required growth (0.33)
    ratio: float  # published multiple of historical growth (3)
    base_bn: float  # published 2017 goods and services (186)
    ours_base_bn: float  # our 2017 goods and services
    rates: pd.Series  # required growth by definition on our 2017 base
    rates_on_press_base: pd.Series  # the same on the press's base
    matches: pd.Series  # definitions within the tolerance of the published growth
    closest: str  # definition closest to the published growth
    window: str  # historical window whose ratio is closest to the published multiple
    window_growth: float
    ratio_closest: float  # our rate for `closest` over `window`'s growth


@dataclass(frozen=True)
class GrowthReport:
    """Everything the growth report shows."""

    parameters: dict[str, Any]
    title: str  # the question, then the scope
    scope: str  # names the series and the definition chosen
    series_text: str  # "goods and services"
    base_bn: float  # level of the series in base_year
    additions: dict[int, float]  # Annex 6.1 additions covered by the series, by year
    first_year: int
    last_year: int
    required: pd.DataFrame  # every definition on the chosen base
    rate: float  # the chosen definition's required growth
    label: str  # the chosen definition in plain language
    description: str
    starts_from_base_as_prior: bool  # definition treats the base level as the prior year's
    history: pd.DataFrame  # historical windows, the chosen one first
    window: str  # the chosen window, "2001-2017"
    window_growth: float
    window_measured_on: str  # series the window's growth is measured on
    ratio: float  # rate / window growth; NaN when exports shrank over the window
    ratios: pd.DataFrame  # every definition over every window (NaN where exports shrank)
    trend: growth.Trend
    trend_errors_text: str  # the chosen error model in words
    autocorrelation: dict[str, float]  # Durbin-Watson, Breusch-Godfrey p, lag-1 of residuals
    error_models: pd.DataFrame  # each error model's interval, ratio and counterfactual
    trend_on: str  # series the trend is fitted on
    trend_ratio: tuple[float, float, float]  # rate / trend growth, with interval
    counterfactual: pd.DataFrame  # trend extended to the agreement years vs targets
    band: pd.DataFrame  # trend line with intervals, trend_start..last_year
    target_paths: dict[str, pd.Series]  # base-year level then targets, by series
    sensitivity: pd.DataFrame  # required growth by base year and horizon
    press: Press
    comparison: pd.DataFrame  # ours beside the published figures
    comparison_source: str  # publishers of the published figures compared
    inputs: pd.DataFrame  # non-official rows behind the headline numbers
    sources: list[str]

    def headline(self) -> dict[str, float]:
        return {"required": self.rate, "historical": self.window_growth, "ratio": self.ratio,
                "trend": self.trend.growth}



def _rates(series: str, base_year: int, base: float | None = None) -> pd.DataFrame:
    data = growth.exports_series(series)
    level = float(data.loc[base_year]) if base is None else base
    return growth.required_growth_table(level, growth.series_additions(series), data, base_year)


@cache
def _press() -> Press:
    """The press figures reconstructed on their own framing (no parameter moves this).

    Cached and shared: treat it as read-only."""
    published = compliance.published
    growth_key, ratio_key, base_key = PRESS_MEASURES
    target, multiple = published(growth_key) / 100, published(ratio_key)
    press_base = published(base_key)
    series = "goods_and_services"
    rates = _rates(series, BASE_YEAR).set_index("definition")["required_growth"]
    on_press = _rates(series, BASE_YEAR, press_base).set_index("definition")["required_growth"]
    closest = growth.closest_definition(rates, target)
    history = growth.historical_growth(series, growth.HISTORY_WINDOWS).set_index("window")
    ratios = rates[closest] / history["cagr"]
    own = history.index[history["measured_on"] == series]
    window = growth.closest_window(ratios[own], multiple)
    return Press(target, multiple, press_base,
                 float(growth.exports_series(series).loc[BASE_YEAR]), rates, on_press,
                 growth.press_matches(rates, target), closest, window,
                 float(history.loc[window, "cagr"]), float(ratios[window]))


def _target_paths(base_year: int) -> dict[str, pd.Series]:
    paths = {}
    for name in growth.SERIES:
        data = growth.exports_series(name)
        if base_year not in data.index:  # goods and services have gaps before 2013
            continue
        start = float(data.loc[base_year])
        targets = growth.target_levels(start, growth.series_additions(name))
        paths[name] = pd.concat([pd.Series({base_year: start}), targets])
    return paths


def _comparison(r_rate: float, label: str, ratio: float, window: str, press: Press
                ) -> pd.DataFrame:
    rows = [
        ("Required growth a year (%), press reconstruction", press.rates[press.closest] * 100,
         press.growth * 100, f"{press.closest}, 2017 base from data"),
        ("Required / historical growth (x), press reconstruction", press.ratio_closest,
         press.ratio, f"{press.closest} over {press.window}"),
        ("Required growth a year (%), as chosen", r_rate * 100, press.growth * 100, label),
        ("Required / historical growth (x), as chosen", ratio, press.ratio, f"over {window}"),
        (f"{BASE_YEAR} US goods and services exports ($bn)", press.ours_base_bn, press.base_bn,
         "Census goods + BEA services"),
    ]
    out = pd.DataFrame(rows, columns=["measure", "ours", "published", "how"])
    out["difference"] = out["ours"] - out["published"]
    return out[["measure", "ours", "published", "difference", "how"]]


def _error_models(series: pd.Series, v: dict[str, Any], rate: float, years: list[int]
                  ) -> pd.DataFrame:
    """Every trend error model side by side: growth interval, ratio interval and the
    counterfactual prediction interval of the agreement years."""
    rows = []
    for errors, text in growth.TREND_ERRORS.items():
        t = growth.trend_fit(series, v["trend_start"], v["trend_end"], v["confidence"], errors)
        cf = growth.trend_projection(t, years, v["confidence"])
        ratio = growth.ratio_interval(rate, t)
        row = {"errors": errors, "model": text, "name": ERROR_NAMES[errors],
               "growth": t.growth, "growth_low": t.growth_low, "growth_high": t.growth_high,
               "ratio": ratio[0], "ratio_low": ratio[1], "ratio_high": ratio[2]}
        for y in years:
            row |= {f"fitted_{y}": cf.loc[y, "fitted"], f"pred_low_{y}": cf.loc[y, "pred_low"],
                    f"pred_high_{y}": cf.loc[y, "pred_high"]}
        rows.append(row)
    return pd.DataFrame(rows)


def model(**parameters: Any) -> GrowthReport:
    """The growth report for `parameters` (the notebook's parameters cell; see DEFAULTS)."""
    v = model_values("growth", DEFAULTS, parameters, CHOICES)
    series, base_year = v["series"], v["base_year"]
    data = growth.exports_series(series)
    additions = growth.series_additions(series)
    first, last = min(additions), max(additions)
    required = _rates(series, base_year)
    rates = required.set_index("definition")["required_growth"]
    rate = float(rates[v["definition"]])
    label, description = growth.definition_text(v["definition"], base_year, first, last)
    window = f"{v['history_start']}-{v['history_end']}"
    history = growth.historical_growth(
        series, [(v["history_start"], v["history_end"]), *growth.HISTORY_WINDOWS])
    hist = history.set_index("window")
    trend_on = growth.trend_basis(series, v["trend_start"], v["trend_end"])
    trend_data = growth.exports_series(trend_on)
    trend = growth.trend_fit(trend_data, v["trend_start"], v["trend_end"],
                             level=v["confidence"], errors=v["trend_errors"])
    press = _press()
    grew = hist["cagr"] > 0  # a multiple of a shrinking pace means nothing
    ratio = rate / float(hist.loc[window, "cagr"]) if grew[window] else float("nan")
    used_years = {base_year, v["history_start"], v["history_end"]}
    rows = growth.inputs(hist.loc[window, "measured_on"], used_years - {base_year})
    rows = pd.concat([rows, growth.inputs(series, [base_year])]).drop_duplicates()
    return GrowthReport(
        parameters=v,
        title=f"{QUESTION} US {SERIES_TEXT[series]}; {label.lower()}",
        scope=f"US {SERIES_TEXT[series]}; definition: {label.lower()}",
        series_text=SERIES_TEXT[series], base_bn=float(data.loc[base_year]),
        additions=additions, first_year=first, last_year=last, required=required,
        rate=rate, label=label, description=description,
        starts_from_base_as_prior=v["definition"].endswith("_from_base_2yr")
        and base_year < first - 1,
        history=history, window=window, window_growth=float(hist.loc[window, "cagr"]),
        window_measured_on=hist.loc[window, "measured_on"], ratio=ratio,
        ratios=growth.ratio_grid(rates, hist["cagr"]).where(grew, axis=1),
        trend=trend, trend_errors_text=growth.TREND_ERRORS[v["trend_errors"]],
        autocorrelation=growth.residual_autocorrelation(trend_data, v["trend_start"],
                                                        v["trend_end"]),
        error_models=_error_models(trend_data, v, rate, list(additions)),
        trend_on=trend_on, trend_ratio=growth.ratio_interval(rate, trend),
        counterfactual=growth.counterfactual(trend_on, trend, base_year, v["confidence"]),
        band=growth.trend_projection(trend, np.arange(v["trend_start"], last + 1),
                                     v["confidence"]),
        target_paths=_target_paths(base_year),
        sensitivity=growth.sensitivity(
            data, sum(additions.values()),
            sorted({int(y) for y in data.index if 2013 <= y < first} | {base_year}), HORIZONS),
        press=press, comparison=_comparison(rate, label, ratio, window, press),
        comparison_source=publishers(load("published_results").set_index("measure").loc[
            list(PRESS_MEASURES), "source"]),
        inputs=rows[rows["quality"] != "official"].assign(
            what=lambda d: "US " + d["table"].str.split("_").str[0] + " exports to China"
        ).reset_index(drop=True),
        sources=list(dict.fromkeys([*rows["source"], *load("commitments")["source"]])),
    )
