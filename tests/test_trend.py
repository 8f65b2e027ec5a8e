"""The log-linear trend of exports: the fit and its intervals under each error model (worked by
hand with numpy and statsmodels), serial correlation of the residuals, the projection and its
prediction intervals, the random walk, and the refusals."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from phaseone import growth
from phaseone.growth import (
    TREND_ERRORS,
    Trend,
    newey_west_lags,
    path,
    residual_autocorrelation,
    trend_fit,
    trend_projection,
)


def _series(values, start=2001):
    return pd.Series(values, index=pd.RangeIndex(start, start + len(values)))


def test_goods_2001_2017_residuals_are_serially_correlated():
    ac = growth.residual_autocorrelation(growth.exports_series("goods"), 2001, 2017)
    assert ac["durbin_watson"] == pytest.approx(0.27, abs=0.01)
    assert ac["breusch_godfrey_p"] < 0.01 and ac["lag1"] > 0.5


def test_white_noise_around_a_trend_shows_no_autocorrelation():
    rng = np.random.default_rng(1)
    s = _series(np.exp(0.1 * np.arange(60) + rng.normal(0, 0.05, 60)), 1960)
    ac = growth.residual_autocorrelation(s, 1960, 2019)
    assert 1.5 < ac["durbin_watson"] < 2.5 and ac["breusch_godfrey_p"] > 0.05


def test_hac_and_random_walk_widen_the_2001_2017_interval():
    s = growth.exports_series("goods")
    fits = {e: growth.trend_fit(s, 2001, 2017, errors=e) for e in growth.TREND_ERRORS}
    assert (fits["hc1"].growth_low, fits["hc1"].growth_high) == pytest.approx((0.104, 0.154),
                                                                              abs=1e-3)
    assert (fits["hac"].growth_low, fits["hac"].growth_high) == pytest.approx((0.096, 0.162),
                                                                              abs=1e-3)
    assert (fits["rw_drift"].growth_low, fits["rw_drift"].growth_high) == pytest.approx(
        (0.068, 0.189), abs=1e-3)
    assert fits["hac"].growth == fits["hc1"].growth  # same line, other errors
    assert growth.newey_west_lags(17) == 2


def test_random_walk_growth_is_the_mean_log_change_and_projects_from_the_last_year():
    s = _series([100.0, 110.0, 99.0, 130.0, 140.0])
    t = growth.trend_fit(s, 2001, 2005, errors="rw_drift")
    assert t.growth == pytest.approx((140 / 100) ** (1 / 4) - 1)
    proj = growth.trend_projection(t, [2005, 2007])
    assert proj.loc[2005, "fitted"] == pytest.approx(140.0)
    assert proj.loc[2005, "pred_low"] == pytest.approx(140.0)  # no scatter at the last year
    assert proj.loc[2007, "fitted"] == pytest.approx(140 * (1 + t.growth) ** 2)
    assert proj.loc[2007, "pred_low"] < proj.loc[2007, "mean_low"] < proj.loc[2007, "fitted"]


def test_unknown_error_model_is_refused():
    with pytest.raises(ValueError, match="hc1, hac, rw_drift"):
        growth.trend_fit(growth.exports_series("goods"), 2001, 2017, errors="ols")


def test_trend_fits_three_points_and_refuses_two():
    series = pd.Series([1.0, 2.0, 4.0, 8.0], index=[2000, 2001, 2002, 2003])
    fit = growth.trend_fit(series, 2000, 2002)
    assert fit.nobs == 3 and fit.growth == pytest.approx(1.0)
    with pytest.raises(ValueError, match="at least 3 observations"):
        growth.trend_fit(series.drop(2001), 2000, 2002)


# Noisy growth, with years outside the window (2009, 2020) and the index out of order.
VALUES = {2012: 120.0, 2010: 100.0, 2011: 112.0, 2013: 131.0, 2014: 150.0, 2015: 158.0,
          2016: 181.0, 2017: 190.0, 2009: 1.0, 2020: 1000.0}


SERIES = pd.Series(VALUES)


WINDOW = (2010, 2017)


YEARS = np.arange(2010, 2018)


LOGS = np.log([VALUES[y] for y in YEARS])


def _ols():
    slope, intercept = np.polyfit(YEARS - 2010.0, LOGS, 1)
    resid = LOGS - (intercept + slope * (YEARS - 2010.0))
    return slope, intercept, resid


def test_the_trend_is_the_least_squares_line_of_the_logs():
    slope, _, resid = _ols()
    fit = trend_fit(SERIES, *WINDOW)
    assert (fit.start, fit.end, fit.nobs, fit.level, fit.errors) == (2010, 2017, 8, 0.95, "hc1")
    assert fit.growth == pytest.approx(math.expm1(slope), rel=1e-10)
    assert fit.last_log == pytest.approx(math.log(190.0), rel=1e-12)
    dw = np.sum(np.diff(resid) ** 2) / np.sum(resid**2)
    assert fit.durbin_watson == pytest.approx(dw, rel=1e-10)


def test_hc1_intervals_are_the_robust_ones_worked_by_hand():
    slope, _, resid = _ols()
    x = np.column_stack([np.ones(8), YEARS - 2010.0])
    bread = np.linalg.inv(x.T @ x)
    cov = bread @ (x.T * resid**2) @ x @ bread * 8 / (8 - 2)
    for level in (0.95, 0.8):
        z = stats.norm.ppf(0.5 + level / 2)
        fit = trend_fit(SERIES, *WINDOW, level=level)
        assert fit.growth_low == pytest.approx(math.expm1(slope - z * math.sqrt(cov[1, 1])))
        assert fit.growth_high == pytest.approx(math.expm1(slope + z * math.sqrt(cov[1, 1])))


def test_hac_keeps_the_line_and_uses_the_newey_west_lags():
    hc1, hac = trend_fit(SERIES, *WINDOW), trend_fit(SERIES, *WINDOW, errors="hac")
    assert hac.errors == "hac" and hac.growth == pytest.approx(hc1.growth, rel=1e-12)
    x = sm.add_constant(YEARS - 2010.0)
    for lags, other in ((2, True), (1, False), (3, False)):
        ref = sm.OLS(LOGS, x).fit(cov_type="HAC", cov_kwds={"maxlags": lags}).conf_int(0.05)[1]
        assert (hac.growth_low == pytest.approx(math.expm1(ref[0]), rel=1e-10)) is other


def test_the_random_walk_grows_at_the_mean_log_change():
    d = np.diff(LOGS)
    mu, se = d.mean(), d.std(ddof=1) / math.sqrt(len(d))
    t = stats.t.ppf(0.95, len(d) - 1)
    fit = trend_fit(SERIES, *WINDOW, level=0.9, errors="rw_drift")
    assert fit.growth == pytest.approx(math.expm1(mu), rel=1e-12)
    assert fit.growth == pytest.approx((190 / 100) ** (1 / 7) - 1, rel=1e-12)
    assert fit.growth_low == pytest.approx(math.expm1(mu - t * se), rel=1e-10)
    assert fit.growth_high == pytest.approx(math.expm1(mu + t * se), rel=1e-10)


def test_the_random_walk_projects_from_the_last_year():
    d = np.diff(LOGS)
    mu, s2 = d.mean(), d.var(ddof=1)
    se = math.sqrt(s2 / len(d))
    t = stats.t.ppf(0.95, len(d) - 1)
    fit = trend_fit(SERIES, *WINDOW, errors="rw_drift")
    proj = trend_projection(fit, [2016, 2017, 2019], level=0.9)
    assert list(proj.columns) == ["fitted", "mean_low", "mean_high", "pred_low", "pred_high"]
    assert proj.index.tolist() == [2016, 2017, 2019] and proj.index.name == "year"
    h = np.array([-1.0, 0.0, 2.0])
    mean = math.log(190) + h * mu
    assert proj["fitted"].tolist() == pytest.approx(np.exp(mean).tolist(), rel=1e-12)
    mean_half = t * np.abs(h) * se
    pred_half = t * np.sqrt(np.clip(h, 0, None) * s2 + h**2 * se**2)
    assert proj["mean_low"].tolist() == pytest.approx(np.exp(mean - mean_half).tolist())
    assert proj["mean_high"].tolist() == pytest.approx(np.exp(mean + mean_half).tolist())
    assert proj["pred_low"].tolist() == pytest.approx(np.exp(mean - pred_half).tolist())
    assert proj["pred_high"].tolist() == pytest.approx(np.exp(mean + pred_half).tolist())
    assert proj.loc[2017].tolist() == pytest.approx([190.0] * 5)  # no spread at the last year


def test_the_projection_follows_the_line_with_wider_prediction_intervals():
    slope, intercept, _ = _ols()
    fit = trend_fit(SERIES, *WINDOW)
    proj = trend_projection(fit, [2015, 2020])
    assert proj.index.tolist() == [2015, 2020] and proj.index.name == "year"
    assert proj["fitted"].tolist() == pytest.approx(
        np.exp(intercept + slope * np.array([5.0, 10.0])).tolist(), rel=1e-10)
    assert (proj["pred_low"] < proj["mean_low"]).all()
    assert (proj["mean_low"] < proj["fitted"]).all() and (proj["fitted"] < proj["mean_high"]).all()
    assert (proj["mean_high"] < proj["pred_high"]).all()
    narrow = trend_projection(fit, [2015, 2020], level=0.5)
    assert (narrow["pred_high"] < proj["pred_high"]).all()
    assert (narrow["mean_low"] > proj["mean_low"]).all()


@pytest.mark.parametrize("kwargs, message", [
    (dict(level=0.0), r"level must be strictly between 0 and 1 \(e.g. 0.95\), got 0.0"),
    (dict(level=1.0), r"level must be strictly between 0 and 1 \(e.g. 0.95\), got 1.0"),
    (dict(errors="ols"), "unknown trend errors 'ols'; valid: hc1, hac, rw_drift, ar1_fgls"),
    (dict(start=2017), "start must be before end, got start=2017, end=2017"),
    (dict(start=2008), r"start=2008 is outside the series \(available years: 2009-2020\)"),
    (dict(end=2019), r"end=2019 is outside the series"),
])
def test_trend_fit_refuses_what_it_cannot_fit(kwargs, message):
    args = dict(start=2010, end=2017) | kwargs
    with pytest.raises(ValueError, match="^" + message):
        trend_fit(SERIES, **args)


@pytest.mark.parametrize("errors", list(TREND_ERRORS))
def test_a_flat_series_has_no_growth_and_no_durbin_watson(errors):
    flat = pd.Series(1.0, index=range(2010, 2014))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division warning for the perfect fit
        fit = trend_fit(flat, 2010, 2013, errors=errors)
    assert (fit.growth, fit.growth_low, fit.growth_high) == (0.0, 0.0, 0.0)
    assert math.isnan(fit.durbin_watson)


def test_a_projection_of_one_year_or_one_year_twice():
    fit = trend_fit(SERIES, *WINDOW)
    both = trend_projection(fit, [2015, 2020])
    pd.testing.assert_frame_equal(trend_projection(fit, [2020]), both.loc[[2020]])
    pd.testing.assert_frame_equal(trend_projection(fit, [2015, 2015]), both.loc[[2015, 2015]])


def test_trend_fit_counts_only_the_years_with_values():
    gappy = pd.Series({2010: 1.0, 2011: np.nan, 2012: 2.0, 2013: 3.0})
    assert trend_fit(gappy, 2010, 2013).nobs == 3
    with pytest.raises(ValueError, match=r"^need at least 3 observations in 2010-2012, got 2$"):
        trend_fit(gappy, 2010, 2012)
    with pytest.raises(ValueError, match="^series values must be positive to take logs$"):
        trend_fit(gappy.replace({3.0: 0.0}), 2010, 2013)


def test_trend_projection_refuses_no_years_and_bad_levels():
    fit = trend_fit(SERIES, *WINDOW)
    with pytest.raises(ValueError, match="^years must be non-empty$"):
        trend_projection(fit, [])
    with pytest.raises(ValueError, match="^level must be strictly between 0 and 1"):
        trend_projection(fit, [2018], level=1)


def test_the_error_models_are_named():
    assert list(TREND_ERRORS) == ["hc1", "hac", "rw_drift", "ar1_fgls"]


@pytest.mark.parametrize("nobs, lags", [(1, 1), (3, 1), (4, 1), (10, 2), (100, 4), (1000, 6),
                                        (5000, 9)])
def test_newey_west_lags_follow_the_rule_of_thumb(nobs, lags):
    assert newey_west_lags(nobs) == lags


def test_residual_autocorrelation_of_the_log_line():
    _, _, resid = _ols()
    out = residual_autocorrelation(SERIES, *WINDOW)
    assert set(out) == {"durbin_watson", "breusch_godfrey_p", "lag1"}
    assert out["durbin_watson"] == pytest.approx(
        np.sum(np.diff(resid) ** 2) / np.sum(resid**2), rel=1e-10)
    assert out["lag1"] == pytest.approx(np.corrcoef(resid[:-1], resid[1:])[0, 1], rel=1e-10)
    assert 0 < out["breusch_godfrey_p"] < 1
    assert out == residual_autocorrelation(SERIES.sort_index(), *WINDOW)  # any index order
    one = residual_autocorrelation(SERIES, *WINDOW, lags=1)["breusch_godfrey_p"]
    assert one != pytest.approx(out["breusch_godfrey_p"])
    assert out == residual_autocorrelation(SERIES, *WINDOW, lags=2)  # two lags by default
    assert out != residual_autocorrelation(SERIES, *WINDOW, lags=3)
    most = residual_autocorrelation(SERIES, *WINDOW, lags=9)
    assert most == residual_autocorrelation(SERIES, *WINDOW, lags=5)  # at most n - 3 lags
    assert most != residual_autocorrelation(SERIES, *WINDOW, lags=4)


def test_residual_autocorrelation_needs_six_years_for_the_lm_test():
    assert math.isnan(residual_autocorrelation(SERIES, 2010, 2014)["breusch_godfrey_p"])
    assert math.isfinite(residual_autocorrelation(SERIES, 2010, 2015)["breusch_godfrey_p"])
    six = pd.Series({y: VALUES[y] for y in range(2010, 2016)})
    assert math.isfinite(residual_autocorrelation(six, 2010, 2015, lags=1)["breusch_godfrey_p"])


def _noisy(rate=0.12, seed=0, sd=0.05):
    rng = np.random.default_rng(seed)
    yrs = np.arange(2001, 2018)
    vals = 50.0 * (1 + rate) ** (yrs - 2001) * np.exp(rng.normal(0.0, sd, yrs.size))
    return pd.Series(vals, index=yrs)


@settings(max_examples=25, deadline=None)
@given(rate=st.floats(-0.3, 0.5), level0=st.floats(min_value=1.0, max_value=1e4, allow_nan=False))
def test_trend_recovers_exact_exponential(rate, level0):
    s = path(level0, rate, 2001, 2017)
    tr = trend_fit(s, 2001, 2017)
    assert isinstance(tr, Trend)
    assert tr.growth == pytest.approx(rate, abs=1e-9)
    assert tr.nobs == 17
    assert (tr.start, tr.end, tr.level) == (2001, 2017, 0.95)
    proj = trend_projection(tr, [2020, 2021])
    assert proj.loc[2021, "fitted"] == pytest.approx(level0 * (1 + rate) ** 20, rel=1e-7)


def test_trend_uses_subrange_and_hc1():
    s = pd.concat([path(10.0, 0.10, 1995, 2000).iloc[:-1], path(20.0, 0.2, 2000, 2010)])
    tr = trend_fit(s, 2000, 2010)
    assert tr.growth == pytest.approx(0.2, abs=1e-9)
    assert tr.nobs == 11
    assert tr.results.cov_type == "HC1"


def test_trend_interval_contains_estimate_and_widens():
    s = _noisy()
    t90 = trend_fit(s, 2001, 2017, level=0.90)
    t99 = trend_fit(s, 2001, 2017, level=0.99)
    for t in (t90, t99):
        assert t.growth_low < t.growth < t.growth_high
    assert t99.growth_low < t90.growth_low
    assert t99.growth_high > t90.growth_high
    assert t90.growth == pytest.approx(t99.growth)
    assert 0.08 < t90.growth < 0.16
    # results excluded from equality and repr
    assert "results" not in repr(t90)
    assert trend_fit(s, 2001, 2017, level=0.90) == t90


def test_trend_projection_intervals():
    tr = trend_fit(_noisy(), 2001, 2017)
    years = [2018, 2020, 2021]
    p95 = trend_projection(tr, years, level=0.95)
    p80 = trend_projection(tr, years, level=0.80)
    assert list(p95.columns) == ["fitted", "mean_low", "mean_high", "pred_low", "pred_high"]
    assert list(p95.index) == years
    assert (p95["pred_low"] < p95["mean_low"]).all()
    assert (p95["mean_low"] < p95["fitted"]).all()
    assert (p95["fitted"] < p95["mean_high"]).all()
    assert (p95["mean_high"] < p95["pred_high"]).all()
    assert (p95["pred_low"] < p80["pred_low"]).all()
    assert (p95["pred_high"] > p80["pred_high"]).all()
    assert np.allclose(p95["fitted"], p80["fitted"])
    # the interval widens further out from the fitting window
    width = p95["pred_high"] / p95["pred_low"]
    assert width.is_monotonic_increasing
    # fitted values follow the estimated growth rate
    assert p95.loc[2021, "fitted"] / p95.loc[2020, "fitted"] == pytest.approx(1 + tr.growth)


def test_trend_fit_refuses_a_reversed_or_outside_window_a_bad_level_and_two_years():
    s = _noisy()
    with pytest.raises(ValueError, match="start"):
        trend_fit(s, 2010, 2005)
    with pytest.raises(ValueError, match="outside"):
        trend_fit(s, 1990, 2005)
    with pytest.raises(ValueError, match="level"):
        trend_fit(s, 2001, 2017, level=1.5)
    with pytest.raises(ValueError, match="at least 3"):
        trend_fit(s, 2001, 2002)
