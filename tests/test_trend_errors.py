"""Trend error models: serial correlation of the log-linear residuals and what it does to
the interval of trend growth and to the counterfactual."""

import numpy as np
import pandas as pd
import pytest

from phaseone import growth


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
