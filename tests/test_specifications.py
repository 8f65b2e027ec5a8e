"""The specification curve against fits made here, directly with statsmodels."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from phaseone import growth
from phaseone.reports.growth import model as report
from phaseone.reports.growth import rules

WINDOWS = [(2001, 2017), (2010, 2017), (2005, 2019), (2012, 2016)]
YEARS = np.array([2020, 2021])


def _direct(start, end, errors, level):
    """(growth, pred_low, pred_high) of the agreement years, fitted here."""
    s = growth.exports_series("goods").loc[start:end]
    y = np.log(s.to_numpy(float))
    x = sm.add_constant(np.asarray(s.index, float) - start)
    xf = sm.add_constant(YEARS.astype(float) - start)
    alpha = 1 - level
    if errors in ("hc1", "hac"):
        kw = {"maxlags": int(4 * (len(y) / 100) ** (2 / 9))} if errors == "hac" else None
        res = sm.OLS(y, x).fit(cov_type=errors.upper(), cov_kwds=kw)
        frame = res.get_prediction(xf).summary_frame(alpha=alpha)
        lo, hi = frame["obs_ci_lower"].to_numpy(), frame["obs_ci_upper"].to_numpy()
        return np.expm1(res.params[1]), np.exp(lo), np.exp(hi)
    if errors == "rw_drift":
        d = np.diff(y)
        mu, s2 = d.mean(), d.var(ddof=1)
        h = YEARS - end
        half = stats.t.ppf(1 - alpha / 2, len(d) - 1) * np.sqrt(h * s2 + h**2 * s2 / len(d))
        return np.expm1(mu), np.exp(y[-1] + h * mu - half), np.exp(y[-1] + h * mu + half)
    model = sm.GLSAR(y, x, rho=1)
    res = model.iterative_fit(maxiter=50)
    rho = float(model.rho[0])
    h = YEARS - end
    e_last = y[-1] - x[-1] @ res.params
    mean = xf @ res.params + rho**h * e_last
    var = np.einsum("ij,jk,ik->i", xf, res.cov_params(), xf) + res.scale * (
        1 - rho ** (2 * h)) / (1 - rho**2)
    t = stats.t.ppf(1 - alpha / 2, res.df_resid)
    return np.expm1(res.params[1]), np.exp(mean - t * np.sqrt(var)), np.exp(mean + t *
                                                                           np.sqrt(var))


@pytest.mark.parametrize("level", [0.95, 0.8])
def test_the_curve_matches_fits_made_directly_with_statsmodels(level):
    curve = growth.specification_curve("goods", 2017, level, report.CURVE_DEFINITIONS,
                                       rules.MIN_TREND_YEARS)
    data = growth.exports_series("goods")
    targets = growth.target_levels(float(data.loc[2017]), growth.series_additions("goods"))
    goal = targets.loc[list(YEARS)].to_numpy()
    rates = curve.drop_duplicates("definition").set_index("definition")["required"]
    expected = {c: [] for c in growth.CONCLUSIONS}
    picked = []
    for start, end in WINDOWS:
        for errors in growth.TREND_ERRORS:
            g, lo, hi = _direct(start, end, errors, level)
            rows = curve[(curve["start"] == start) & (curve["end"] == end)
                         & (curve["errors"] == errors)]
            assert len(rows) == len(report.CURVE_DEFINITIONS)
            assert rows["growth"].to_numpy() == pytest.approx(g, rel=1e-9)
            first = rows.iloc[0]
            assert (first["pred_low_first"], first["pred_low_last"]) == pytest.approx(
                tuple(lo), rel=1e-6)
            assert (first["pred_high_first"], first["pred_high_last"]) == pytest.approx(
                tuple(hi), rel=1e-6)
            inside = bool(((goal >= lo) & (goal <= hi)).all())
            for r in rates:
                expected["above_pace"].append(r > g)
                expected["twice_pace"].append(r > 0 and (g <= 0 or r >= 2 * g))
                expected["three_times_pace"].append(r > 0 and (g <= 0 or r >= 3 * g))
                expected["inside"].append(inside)
                expected["above_interval"].append(bool((goal > hi).all()))
            picked.append(rows)
    shares = growth.specification_shares(pd.concat(picked))["all"]
    for conclusion, held in expected.items():
        assert shares[conclusion] == pytest.approx(np.mean(held)), conclusion


def test_the_models_shares_are_the_curves_and_refuse_short_windows():
    m = report.model(trend_start=2010)
    curve = m.specifications
    assert (curve["end"] - curve["start"] + 1 >= rules.MIN_TREND_YEARS).all()
    assert (2012, 2015) not in set(zip(curve["start"], curve["end"], strict=True))
    assert len(curve) == 59 * len(growth.TREND_ERRORS) * len(report.CURVE_DEFINITIONS)
    for c in growth.CONCLUSIONS:
        assert m.specification_shares.loc[c, "all"] == pytest.approx(curve[c].mean())
    table = m.specification_table.frame
    assert list(table["all"]) == pytest.approx(list(m.specification_shares["all"]), abs=5e-4)


def test_each_window_and_error_model_is_fitted_once():
    from phaseone.growth import specifications

    specifications._fit.cache_clear()
    growth.specification_curve.cache_clear()
    growth.specification_curve("goods", 2017, 0.9, report.CURVE_DEFINITIONS, 5)
    growth.specification_curve("goods", 2016, 0.5, report.CURVE_DEFINITIONS, 5)
    info = specifications._fit.cache_info()
    assert info.currsize == 59 * len(growth.TREND_ERRORS) and info.hits >= info.currsize
