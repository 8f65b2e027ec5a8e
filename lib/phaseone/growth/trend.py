"""Log-linear trend of a yearly series with confidence and prediction intervals (statsmodels).

Four error models (`TREND_ERRORS`): ``hc1`` OLS of log value on year with
heteroskedasticity-robust errors (ignores serial correlation); ``hac`` the same line with
Newey-West errors (lags by the Newey-West rule, floor(4 (n/100)^(2/9))); ``rw_drift`` a
random walk with drift in logs (growth = mean log change, t interval; projections start
from the last year's level and their spread grows with the horizon); ``ar1_fgls`` the line
fitted by feasible GLS with AR(1) errors (statsmodels GLSAR, iterative Cochrane-Orcutt fit;
t intervals from that fit; projections beyond the last year add the last year's deviation
from the line decayed by rho^h, with the AR(1) forecast variance).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.diagnostic import acorr_breusch_godfrey
from statsmodels.stats.stattools import durbin_watson

from phaseone.growth.rates import _check_level, _check_year_in
from phaseone.vocabulary import TREND_ERRORS

#: Error models of the trend (`vocabulary.TREND_ERRORS`): name -> description.
ERROR_MODELS: dict[str, str] = {
    "hc1": "OLS of log exports on year with heteroskedasticity-robust HC1 errors",
    "hac": "OLS of log exports on year, Newey-West (HAC) errors",
    "rw_drift": "random walk with drift in log exports: mean log change with a t interval",
    "ar1_fgls": "log exports on year by feasible GLS with AR(1) errors (iterated "
                "Cochrane-Orcutt), t interval",
}

AR1_MAXITER = 50  # iterations of GLSAR.iterative_fit (it stops earlier once rho settles)
AR1_MIN_OBS = 4  # GLSAR drops the first year: 3 left for 2 coefficients
AR1_RHO_LIMIT = 0.99  # |rho| is held below this in the AR(1) forecast variance


@dataclass(frozen=True)
class Trend:
    """Log-linear trend ``log(value) = a + b*(year - start)`` fitted by OLS.

    ``growth = exp(b) - 1`` (fraction/yr); ``growth_low``/``growth_high`` come
    from the confidence interval of ``b`` at ``level`` under ``errors`` (see TREND_ERRORS;
    for ``rw_drift`` ``b`` is the mean log change). ``results`` is the statsmodels results
    object (regressors: const, ``year - start``; for ``rw_drift`` const only, on log
    changes). ``durbin_watson`` is that of the log-linear fit's residuals; ``last_log`` the
    log of the last year's value (where a random walk's projection starts).
    """

    start: int
    end: int
    growth: float
    growth_low: float
    growth_high: float
    level: float
    nobs: int
    results: Any = field(repr=False, compare=False)
    errors: str = "hc1"
    durbin_watson: float = float("nan")
    last_log: float = float("nan")
    rho: float = 0.0  # ``ar1_fgls``: the AR(1) coefficient of the errors (0: none modelled)
    last_resid: float = 0.0  # ``ar1_fgls``: last year's log deviation from the line


def newey_west_lags(nobs: int) -> int:
    """Newey-West rule of thumb for the HAC lag length: floor(4 (n/100)^(2/9))."""
    return int(4 * (nobs / 100) ** (2 / 9))


def trend_fit(series: pd.Series, start: int, end: int, level: float = 0.95,
              errors: str = "hc1") -> Trend:
    """Fit the trend of log(value) over ``[start, end]`` under the error model ``errors``.

    Values in US$ bn must be positive; needs at least 3 observations.
    """
    level = _check_level(level)
    if errors not in TREND_ERRORS:
        raise ValueError(f"unknown trend errors {errors!r}; valid: {', '.join(TREND_ERRORS)}")
    if start >= end:
        raise ValueError(f"start must be before end, got start={start}, end={end}")
    _check_year_in(series, start, "start")
    _check_year_in(series, end, "end")
    s = series.loc[(series.index >= start) & (series.index <= end)].dropna().sort_index()
    if len(s) < 3:
        raise ValueError(f"need at least 3 observations in {start}-{end}, got {len(s)}")
    if not (s > 0).all():
        raise ValueError("series values must be positive to take logs")
    if errors == "ar1_fgls" and len(s) < AR1_MIN_OBS:
        raise ValueError(f"AR(1) errors need at least {AR1_MIN_OBS} observations in "
                         f"{start}-{end} (one is lost to the AR(1) transform), got {len(s)}")
    x = sm.add_constant(np.asarray(s.index, dtype=float) - start, has_constant="add")
    y = np.log(s.to_numpy(dtype=float))
    with np.errstate(invalid="ignore", divide="ignore"):  # a perfect fit has no DW: NaN
        dw = float(durbin_watson(sm.OLS(y, x).fit().resid))
    rho = last_resid = 0.0
    if errors == "rw_drift":
        res = sm.OLS(np.diff(y), np.ones(len(y) - 1)).fit()
        param = 0
    elif errors == "ar1_fgls":
        res, rho = _ar1_fit(y, x)
        param = 1
        last_resid = float(y[-1] - x[-1] @ np.asarray(res.params))
    else:
        kwds = {"maxlags": newey_west_lags(len(y))} if errors == "hac" else None
        res = sm.OLS(y, x).fit(cov_type=errors.upper(), cov_kwds=kwds)
        param = 1
    slope = float(res.params[param])
    lo, hi = (float(v) for v in np.asarray(res.conf_int(alpha=1 - level))[param])
    return Trend(
        start=int(start), end=int(end),
        growth=math.expm1(slope), growth_low=math.expm1(lo), growth_high=math.expm1(hi),
        level=level, nobs=len(y), results=res, errors=errors, durbin_watson=dw,
        last_log=float(y[-1]), rho=rho, last_resid=last_resid,
    )


def _ar1_fit(y: np.ndarray, x: np.ndarray) -> tuple[Any, float]:
    """GLSAR(1) fitted iteratively; a line through every point (no residual to correlate)
    is the OLS fit with rho 0."""
    ols = sm.OLS(y, x).fit()
    if np.allclose(ols.resid, 0, atol=1e-12):
        return ols, 0.0
    glsar = sm.GLSAR(y, x, rho=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        res = glsar.iterative_fit(maxiter=AR1_MAXITER)
    return res, float(np.asarray(glsar.rho).ravel()[0])


def residual_autocorrelation(series: pd.Series, start: int, end: int, lags: int = 2
                             ) -> dict[str, float]:
    """Serial correlation of the log-linear fit's residuals over ``[start, end]``.

    Returns ``durbin_watson`` (2: none; near 0: strong positive autocorrelation),
    ``breusch_godfrey_p`` (p-value of the Breusch-Godfrey LM test with ``lags`` lags; small:
    autocorrelated; NaN when the fit has too few years for it) and ``lag1`` (first-order
    autocorrelation of the residuals).
    """
    s = series.sort_index().loc[start:end].dropna()
    x = sm.add_constant(np.asarray(s.index, dtype=float) - start, has_constant="add")
    res = sm.OLS(np.log(s.to_numpy(dtype=float)), x).fit()
    lags = min(lags, len(s) - 3)
    lm_p = (float(acorr_breusch_godfrey(res, nlags=lags, result_object=True).lmpval)
            if lags >= 1 and len(s) > 5 else float("nan"))
    e = res.resid
    return {"durbin_watson": float(durbin_watson(e)), "breusch_godfrey_p": lm_p,
            "lag1": float(np.corrcoef(e[:-1], e[1:])[0, 1])}


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
    if trend.errors == "rw_drift":
        return _walk_projection(trend, yrs, level)
    if trend.errors == "ar1_fgls":
        return _ar1_projection(trend, yrs, level)
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




def _walk_projection(trend: Trend, yrs: np.ndarray, level: float) -> pd.DataFrame:
    """A random walk with drift projected from the last year: log level
    ``last_log + h*mu``, mean interval ``h*se(mu)``, prediction ``sqrt(h*s^2 + h^2*se^2)``
    (years at or before the last year: the fitted drift line back from it)."""
    res = trend.results
    mu, se, s2 = float(res.params[0]), float(res.bse[0]), float(res.scale)
    h = (yrs - trend.end).astype(float)
    t = stats.t.ppf(0.5 + level / 2, res.df_resid)
    mean = trend.last_log + h * mu
    ahead = np.clip(h, 0, None)
    mean_half = t * np.abs(h) * se
    pred_half = t * np.sqrt(ahead * s2 + h**2 * se**2)
    return pd.DataFrame({
        "fitted": np.exp(mean), "mean_low": np.exp(mean - mean_half),
        "mean_high": np.exp(mean + mean_half), "pred_low": np.exp(mean - pred_half),
        "pred_high": np.exp(mean + pred_half)}, index=pd.Index(yrs, name="year"))


def _ar1_projection(trend: Trend, yrs: np.ndarray, level: float) -> pd.DataFrame:
    """The GLS line with AR(1) errors: at or before the last year the line itself, its
    prediction interval with the errors' stationary variance s^2 / (1 - rho^2); ``h`` years
    after it the line plus ``rho^h`` times the last year's deviation, prediction variance
    ``x'Vx + s^2 (1 - rho^(2h)) / (1 - rho^2)`` (the uncertainty of rho itself ignored)."""
    res = trend.results
    params, cov = np.asarray(res.params), np.asarray(res.cov_params())
    rho = float(np.clip(trend.rho, -AR1_RHO_LIMIT, AR1_RHO_LIMIT))
    s2 = float(res.scale)
    x = sm.add_constant(yrs.astype(float) - trend.start, has_constant="add")
    h = np.clip(yrs - trend.end, 0, None).astype(float)
    line = x @ params
    mean = line + np.where(h > 0, rho ** h * trend.last_resid, 0.0)
    var_mean = np.einsum("ij,jk,ik->i", x, cov, x)
    noise = np.where(h > 0, s2 * (1 - rho ** (2 * h)), s2) / (1 - rho ** 2)
    t = stats.t.ppf(0.5 + level / 2, res.df_resid)
    mean_half, pred_half = t * np.sqrt(var_mean), t * np.sqrt(var_mean + noise)
    return pd.DataFrame({
        "fitted": np.exp(mean), "mean_low": np.exp(mean - mean_half),
        "mean_high": np.exp(mean + mean_half), "pred_low": np.exp(mean - pred_half),
        "pred_high": np.exp(mean + pred_half)}, index=pd.Index(yrs, name="year"))
