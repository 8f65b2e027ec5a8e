"""The specification curve: every trend window, error model and required-growth definition.

A specification is a trend window (start, end), a trend error model (`TREND_ERRORS`) and a
required-growth definition. For each, the curve gives the required growth over the trend
pace and whether the targets lie inside (or above) the trend's prediction intervals for the
agreement years. The trend of each (window, error model) is fitted once (`_fit`, cached and
independent of the interval level: its centre and spread on the log scale are kept, and any
level's interval is the centre plus or minus the level's quantile times the spread) and
reused across definitions, series, base years and levels.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from scipy import stats

from phaseone.growth.definitions import required_growth_table
from phaseone.growth.exports import exports_series, series_additions, trend_basis
from phaseone.growth.rates import target_levels
from phaseone.growth.trend import trend_fit, trend_projection
from phaseone.vocabulary import TREND_ERRORS

#: Trend windows of the curve: every start with every end (windows shorter than the report's
#: minimum left out).
TREND_STARTS = tuple(range(2001, 2013))
TREND_ENDS = tuple(range(2015, 2020))
_REFERENCE = 0.95  # the level the cached fits are projected at (any level follows from it)

#: Conclusions the curve counts: name -> what it says (the report words them).
CONCLUSIONS = ("above_pace", "twice_pace", "three_times_pace", "inside", "above_interval")


def windows(min_years: int, starts=TREND_STARTS, ends=TREND_ENDS) -> list[tuple[int, int]]:
    """Every (start, end) with at least `min_years` years, start to end inclusive."""
    return [(s, e) for s in starts for e in ends if e - s + 1 >= min_years]


@cache
def _quantile(level: float, df: float | None) -> float:
    p = 0.5 + level / 2
    return float(stats.norm.ppf(p) if df is None else stats.t.ppf(p, df))


@cache
def _fit(measure: str, start: int, end: int, errors: str) -> tuple:
    """One trend, independent of the interval level: (df or None for a normal interval,
    log growth, its standard error, agreement years, log projection centres, prediction
    spreads)."""
    trend = trend_fit(exports_series(measure), start, end, _REFERENCE, errors)
    years = sorted(series_additions(measure))
    res = trend.results
    df = float(res.df_resid) if getattr(res, "use_t", True) else None
    q = _quantile(_REFERENCE, df)
    slope = float(np.log1p(trend.growth))
    with np.errstate(invalid="ignore", divide="ignore"):
        se = (float(np.log1p(trend.growth_high)) - slope) / q
        proj = trend_projection(trend, years, _REFERENCE)
        centre = np.log(proj["fitted"].to_numpy())
        spread = (np.log(proj["pred_high"].to_numpy()) - centre) / q
    return df, slope, se, tuple(years), centre, spread


def trend_growth(measure: str, start: int, end: int, errors: str, level: float
                 ) -> tuple[float, float, float]:
    """(growth, low, high) of a cached fit at `level` (fractions a year)."""
    df, slope, se, *_ = _fit(measure, start, end, errors)
    q = _quantile(level, df)
    return float(np.expm1(slope)), float(np.expm1(slope - q * se)), float(np.expm1(slope + q * se))


@cache
def _basis(series: str, start: int, end: int) -> str:
    return trend_basis(series, start, end)


@cache
def _targets(measure: str, base_year: int) -> np.ndarray:
    """Target levels of the agreement years (in order) on `measure` from its `base_year`
    level (read-only)."""
    targets = target_levels(float(exports_series(measure).loc[base_year]),
                            series_additions(measure))
    return targets.loc[sorted(series_additions(measure))].to_numpy(float)


@cache
def specification_curve(series: str, base_year: int, level: float,
                        definitions: tuple[str, ...], min_years: int) -> pd.DataFrame:
    """Every specification for targets on `series` at `base_year` with `level` prediction
    intervals: one row per window, error model and definition (in `definitions`).

    Columns: start, end, window, errors, definition, trend_on (series the trend is fitted
    on: `series` when it has every year of the window, else goods), growth, growth_low,
    growth_high (trend growth and its interval), required (required growth under the
    definition, on `series`), ratio (required / trend growth; NaN where either is not
    positive), pred_low_{y}, pred_high_{y}, target_{y} for the first and last agreement
    years, and the conclusions (bool): above_pace (required above the trend growth),
    twice_pace and three_times_pace (required positive and at least 2 or 3 times the trend
    growth, or the trend did not rise), inside (both targets inside their year's prediction
    interval) and above_interval (both targets above the upper ends).

    Cached and shared: treat it as read-only.
    """
    data = exports_series(series)
    table = required_growth_table(float(data.loc[base_year]), series_additions(series), data,
                                  base_year).set_index("definition")["required_growth"]
    required = table.loc[list(definitions)].to_numpy(float)
    rows = []
    for start, end in windows(min_years):
        on = _basis(series, start, end)
        targets = _targets(on, base_year)
        for errors in TREND_ERRORS:
            df, slope, se, years, centre, spread = _fit(on, start, end, errors)
            q = _quantile(level, df)
            low, high = np.exp(centre - q * spread), np.exp(centre + q * spread)
            goal = targets
            rows.append((start, end, errors, on, np.expm1(slope), np.expm1(slope - q * se),
                         np.expm1(slope + q * se), low[0], high[0], low[-1], high[-1],
                         goal[0], goal[-1], bool(((goal >= low) & (goal <= high)).all()),
                         bool((goal > high).all()), years[0], years[-1]))
    fits = pd.DataFrame(rows, columns=[
        "start", "end", "errors", "trend_on", "growth", "growth_low", "growth_high",
        "pred_low_first", "pred_high_first", "pred_low_last", "pred_high_last",
        "target_first", "target_last", "inside", "above_interval", "first", "last"])
    n, k = len(fits), len(definitions)
    out = fits.loc[fits.index.repeat(k)].reset_index(drop=True)
    out.insert(3, "definition", np.tile(np.asarray(definitions, dtype=object), n))
    out.insert(2, "window", out["start"].astype(str) + "-" + out["end"].astype(str))
    out["required"] = np.tile(required, n)
    g, r = out["growth"].to_numpy(), out["required"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["ratio"] = np.where((g > 0) & (r > 0), r / g, np.nan)
    out["above_pace"] = r > g
    out["twice_pace"] = (r > 0) & ((g <= 0) | (r >= 2 * g))
    out["three_times_pace"] = (r > 0) & ((g <= 0) | (r >= 3 * g))
    return out


def shares(curve: pd.DataFrame) -> pd.DataFrame:
    """Share of specifications in which each conclusion holds: rows `CONCLUSIONS`, columns
    "all" and each error model (fractions)."""
    out = pd.DataFrame({"all": curve[list(CONCLUSIONS)].mean()})
    for errors, part in curve.groupby("errors", sort=False):
        out[errors] = part[list(CONCLUSIONS)].mean()
    return out[["all", *[e for e in TREND_ERRORS if e in out.columns]]]
