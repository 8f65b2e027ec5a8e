"""Log-linear trend of a yearly series with confidence and prediction intervals (statsmodels)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm

from phaseone.growth.rates import _check_level, _check_year_in


@dataclass(frozen=True)
class Trend:
    """Log-linear trend ``log(value) = a + b*(year - start)`` fitted by OLS.

    ``growth = exp(b) - 1`` (fraction/yr); ``growth_low``/``growth_high`` come
    from the HC1-robust confidence interval of ``b`` at ``level``.
    ``results`` is the statsmodels results object (regressors: const,
    ``year - start``).
    """

    start: int
    end: int
    growth: float
    growth_low: float
    growth_high: float
    level: float
    nobs: int
    results: Any = field(repr=False, compare=False)


def trend_fit(series: pd.Series, start: int, end: int, level: float = 0.95) -> Trend:
    """Fit OLS of log(value) on year over ``[start, end]`` with HC1 robust SEs.

    Values in US$ bn must be positive; needs at least 3 observations.
    """
    level = _check_level(level)
    if start >= end:
        raise ValueError(f"start must be before end, got start={start}, end={end}")
    _check_year_in(series, start, "start")
    _check_year_in(series, end, "end")
    s = series.loc[(series.index >= start) & (series.index <= end)].dropna().sort_index()
    if len(s) < 3:
        raise ValueError(f"need at least 3 observations in {start}-{end}, got {len(s)}")
    if not (s > 0).all():
        raise ValueError("series values must be positive to take logs")
    x = sm.add_constant(np.asarray(s.index, dtype=float) - start, has_constant="add")
    y = np.log(s.to_numpy(dtype=float))
    res = sm.OLS(y, x).fit(cov_type="HC1")
    slope = float(res.params[1])
    lo, hi = (float(v) for v in np.asarray(res.conf_int(alpha=1 - level))[1])
    return Trend(
        start=int(start), end=int(end),
        growth=math.expm1(slope), growth_low=math.expm1(lo), growth_high=math.expm1(hi),
        level=level, nobs=int(res.nobs), results=res,
    )


def trend_projection(trend: Trend, years: Iterable[int], level: float = 0.95) -> pd.DataFrame:
    """Trend levels (US$ bn) for ``years`` with confidence and prediction intervals.

    Columns: ``fitted`` (exp of the fitted log level, i.e. the trend's median
    level, no retransformation bias correction), ``mean_low``/``mean_high``
    (interval for the trend line) and ``pred_low``/``pred_high`` (interval for a
    single year's value, including residual variance), all back-transformed
    with exp at ``level``.  Indexed by year.
    """
    level = _check_level(level)
    yrs = np.asarray([int(y) for y in years])
    if yrs.size == 0:
        raise ValueError("years must be non-empty")
    x = sm.add_constant(yrs.astype(float) - trend.start, has_constant="add")
    sf = trend.results.get_prediction(x).summary_frame(alpha=1 - level)
    out = pd.DataFrame(
        {
            "fitted": np.exp(sf["mean"].to_numpy()),
            "mean_low": np.exp(sf["mean_ci_lower"].to_numpy()),
            "mean_high": np.exp(sf["mean_ci_upper"].to_numpy()),
            "pred_low": np.exp(sf["obs_ci_lower"].to_numpy()),
            "pred_high": np.exp(sf["obs_ci_upper"].to_numpy()),
        },
        index=pd.Index(yrs, name="year"),
    )
    return out


