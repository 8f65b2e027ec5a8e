"""Growth arithmetic for the Phase One purchase commitments.

Conventions used throughout this module:

* A ``series`` is a :class:`pandas.Series` indexed by integer calendar year
  with float values in **US$ billions** (e.g. US exports of goods and
  services to China).
* Growth rates are **fractions per year**: ``0.33`` means 33% a year.
* ``base`` is the level in the base year (2017 for Phase One, US$ bn).
* ``additions`` maps agreement year -> amount *above the base level* that
  China committed to buy in that year (US$ bn), e.g.
  ``{2020: 76.7, 2021: 123.3}``.  The *target level* for year ``y`` is
  ``base + additions[y]``.

All functions are pure: they never modify their inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.optimize import brentq

__all__ = [
    "BASE_YEAR",
    "REQUIRED_GROWTH_DEFINITIONS",
    "Trend",
    "cagr",
    "growth_windows",
    "path",
    "required_growth",
    "required_growth_table",
    "sensitivity",
    "target_levels",
    "trend_fit",
    "trend_projection",
]

#: Base year of the Phase One commitments.
BASE_YEAR = 2017


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------


def _check_year_in(series: pd.Series, year: int, name: str) -> None:
    if year not in series.index:
        years = list(series.index)
        span = f"{min(years)}-{max(years)}" if years else "empty series"
        raise ValueError(f"{name}={year} is outside the series (available years: {span})")


def _value(series: pd.Series, year: int, name: str) -> float:
    _check_year_in(series, year, name)
    v = float(series.loc[year])
    if not (math.isfinite(v) and v > 0):
        raise ValueError(f"value for {name}={year} must be positive and finite, got {v!r}")
    return v


def _check_positive(x: float, name: str) -> float:
    x = float(x)
    if not (math.isfinite(x) and x > 0):
        raise ValueError(f"{name} must be positive and finite, got {x!r}")
    return x


def _check_level(level: float) -> float:
    level = float(level)
    if not 0 < level < 1:
        raise ValueError(f"level must be strictly between 0 and 1 (e.g. 0.95), got {level!r}")
    return level


def _check_additions(additions: Mapping[int, float], base_year: int) -> dict[int, float]:
    if not additions:
        raise ValueError("additions must be a non-empty dict {year: additional US$ bn over base}")
    out = {int(y): float(v) for y, v in sorted(additions.items())}
    years = list(out)
    if years != list(range(years[0], years[-1] + 1)):
        raise ValueError(f"additions must cover consecutive years, got {years}")
    if years[0] <= base_year:
        raise ValueError(f"additions years must be after base_year={base_year}, got {years}")
    if not all(math.isfinite(v) for v in out.values()):
        raise ValueError("additions values must be finite")
    return out


def _solve_constant_rate(level: float, exponents: Iterable[int], target_sum: float) -> float:
    """Rate g > -1 with ``sum(level * (1+g)**e for e in exponents) == target_sum``.

    The left side is strictly increasing in ``1+g`` (exponents >= 0, at least
    one positive), so the root is unique when it exists.
    """
    exps = [int(e) for e in exponents]
    if not exps or min(exps) < 0 or max(exps) <= 0:
        raise ValueError(f"exponents must be >= 0 with at least one positive, got {exps}")
    ratio = target_sum / level

    def f(x: float) -> float:
        return sum(x**e for e in exps) - ratio

    lo = 0.0
    if f(lo) >= 0:
        if f(lo) == 0:
            return -1.0
        raise ValueError(
            f"no growth rate > -100% reaches target sum {target_sum!r} from level {level!r}"
        )
    hi = 2.0
    while f(hi) < 0:
        hi *= 2.0
        if hi > 1e12:  # pragma: no cover - absurd targets
            raise ValueError("target sum too large to solve for a growth rate")
    x = brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    return float(x) - 1.0


# ---------------------------------------------------------------------------
# basic growth arithmetic
# ---------------------------------------------------------------------------


def cagr(series: pd.Series, start: int, end: int) -> float:
    """Compound annual growth rate (fraction/yr) of ``series`` from ``start`` to ``end``.

    ``(v_end / v_start) ** (1 / (end - start)) - 1`` with values in US$ bn.
    Raises ValueError if a year is missing, ``start >= end``, or a value is
    not positive.
    """
    if start >= end:
        raise ValueError(f"start must be before end, got start={start}, end={end}")
    v0 = _value(series, start, "start")
    v1 = _value(series, end, "end")
    return (v1 / v0) ** (1.0 / (end - start)) - 1.0


def growth_windows(series: pd.Series, windows: Iterable[tuple[int, int]]) -> pd.DataFrame:
    """CAGR over each ``(start, end)`` window.

    Returns a DataFrame with columns ``start, end, years, start_value_bn,
    end_value_bn, cagr`` (one row per window, in the given order; cagr as a
    fraction per year).
    """
    rows = []
    for start, end in windows:
        start, end = int(start), int(end)
        g = cagr(series, start, end)
        rows.append(
            {
                "start": start,
                "end": end,
                "years": end - start,
                "start_value_bn": float(series.loc[start]),
                "end_value_bn": float(series.loc[end]),
                "cagr": g,
            }
        )
    cols = ["start", "end", "years", "start_value_bn", "end_value_bn", "cagr"]
    return pd.DataFrame(rows, columns=cols)


def path(base: float, rate: float, start_year: int, end_year: int) -> pd.Series:
    """Levels (US$ bn) growing from ``base`` in ``start_year`` at constant ``rate``.

    Returns a Series indexed by year ``start_year..end_year`` (inclusive) with
    value ``base * (1 + rate) ** (year - start_year)``.
    """
    base = _check_positive(base, "base")
    if not rate > -1:
        raise ValueError(f"rate must be > -1 (a fraction per year), got {rate!r}")
    if end_year < start_year:
        raise ValueError(f"end_year must be >= start_year, got {start_year}..{end_year}")
    years = np.arange(int(start_year), int(end_year) + 1)
    values = base * (1.0 + rate) ** (years - start_year).astype(float)
    return pd.Series(values, index=pd.Index(years, name="year"), name="level_bn")


def target_levels(base: float, additions: Mapping[int, float]) -> pd.Series:
    """Committed target levels ``base + additions[year]`` (US$ bn), indexed by year."""
    base = _check_positive(base, "base")
    add = {int(y): float(v) for y, v in sorted(additions.items())}
    return pd.Series(
        {y: base + v for y, v in add.items()}, name="target_bn", dtype=float
    ).rename_axis("year")


# ---------------------------------------------------------------------------
# required growth under explicit definitions
# ---------------------------------------------------------------------------
#
# Notation: base year B (2017), agreement years F..L (2020..2021), P = F - 1
# (2019), n = L - F + 1 agreement years, T_y = base + additions[y] the target
# level, A = sum(additions) the total additional purchases (200).


@dataclass(frozen=True)
class _Definition:
    description: str
    needs_actual: bool
    years: Callable[[int, int, int], tuple[int, int]]  # (B, F, L) -> (from, to)
    compute: Callable[..., float]


def _sum_from_base(base, add, act, B, F, L):
    return _solve_constant_rate(base, [y - B for y in add], len(add) * base + sum(add.values()))


def _final_from_base(base, add, act, B, F, L):
    return ((base + add[L]) / base) ** (1.0 / (L - B)) - 1.0


def _final_from_prior(base, add, act, B, F, L):
    a = _value(act, F - 1, "actual year")
    return ((base + add[L]) / a) ** (1.0 / (L - F + 1)) - 1.0


def _first_jump_from_prior(base, add, act, B, F, L):
    a = _value(act, F - 1, "actual year")
    return (base + add[F]) / a - 1.0


def _target_yoy(base, add, act, B, F, L):
    if L - 1 not in add:
        raise ValueError("target_year_on_year needs additions for at least two years")
    return (base + add[L]) / (base + add[L - 1]) - 1.0


def _sum_from_prior(base, add, act, B, F, L):
    a = _value(act, F - 1, "actual year")
    targets = sum(base + v for v in add.values())
    return _solve_constant_rate(a, [y - (F - 1) for y in add], targets)


def _final_from_base_nyr(base, add, act, B, F, L):
    return ((base + add[L]) / base) ** (1.0 / (L - F + 1)) - 1.0


def _sum_from_base_nyr(base, add, act, B, F, L):
    return _solve_constant_rate(
        base, [y - (F - 1) for y in add], len(add) * base + sum(add.values())
    )


def _avg_addition_share(base, add, act, B, F, L):
    return (base + sum(add.values()) / len(add)) / base - 1.0


def _total_addition_level_nyr(base, add, act, B, F, L):
    return ((base + sum(add.values())) / base) ** (1.0 / len(add)) - 1.0


_DEFINITIONS: dict[str, _Definition] = {
    "two_year_sum_from_base": _Definition(
        "Constant g from the base-year (2017) level so that projected levels in "
        "2020 and 2021, base*(1+g)**3 + base*(1+g)**4, sum to 2*base + total additions.",
        False, lambda B, F, L: (B, L), _sum_from_base),
    "final_target_from_base": _Definition(
        "CAGR from the base-year (2017) level to the 2021 target level "
        "(base + additions[2021]) over 4 years.",
        False, lambda B, F, L: (B, L), _final_from_base),
    "final_target_from_2019": _Definition(
        "CAGR from the actual 2019 level to the 2021 target level (2 years).",
        True, lambda B, F, L: (F - 1, L), _final_from_prior),
    "first_year_jump_from_2019": _Definition(
        "One-year growth from the actual 2019 level to the 2020 target level.",
        True, lambda B, F, L: (F - 1, F), _first_jump_from_prior),
    "target_year_on_year": _Definition(
        "Growth of the 2021 target level over the 2020 target level.",
        False, lambda B, F, L: (L - 1, L), _target_yoy),
    "two_year_sum_from_2019": _Definition(
        "Constant g from the actual 2019 level so that a2019*(1+g) + a2019*(1+g)**2 "
        "equals the sum of the 2020 and 2021 target levels.",
        True, lambda B, F, L: (F - 1, L), _sum_from_prior),
    "final_target_from_base_2yr": _Definition(
        "Growth from the base-year (2017) level to the 2021 target level spread over "
        "the two agreement years only: (target_2021/base)**(1/2) - 1.",
        False, lambda B, F, L: (F - 1, L), _final_from_base_nyr),
    "two_year_sum_from_base_2yr": _Definition(
        "Constant g starting from the base-year (2017) level as if it were the 2019 "
        "level (no 2018-19 change), so that base*(1+g) + base*(1+g)**2 = 2*base + total "
        "additions; i.e. 'add $200bn over two years on top of $186bn'.",
        False, lambda B, F, L: (F - 1, L), _sum_from_base_nyr),
    "average_addition_share_of_base": _Definition(
        "Average yearly addition as a share of the base level: "
        "(base + total/2)/base - 1 (a level uplift, not a compound rate).",
        False, lambda B, F, L: (B, L), _avg_addition_share),
    "total_addition_level_2yr": _Definition(
        "Reads the total additions as a rise in the annual level by 2021: "
        "((base + total)/base)**(1/2) - 1 over the two agreement years.",
        False, lambda B, F, L: (F - 1, L), _total_addition_level_nyr),
}

#: Registry of required-growth definitions: name -> short description.
#: Descriptions quote the Phase One years (base 2017, agreement 2020-21); the
#: functions generalise them to other ``base_year``/``additions`` years.
REQUIRED_GROWTH_DEFINITIONS: dict[str, str] = {
    name: d.description for name, d in _DEFINITIONS.items()
}


def _get_definition(definition: str) -> _Definition:
    try:
        return _DEFINITIONS[definition]
    except (KeyError, TypeError):
        valid = ", ".join(_DEFINITIONS)
        raise ValueError(f"unknown definition {definition!r}; valid definitions: {valid}") from None


def required_growth(
    definition: str,
    *,
    base: float,
    additions: Mapping[int, float],
    actual: pd.Series | None = None,
    base_year: int = BASE_YEAR,
) -> float:
    """Growth (fraction/yr) needed to meet the commitment under ``definition``.

    ``base``: base-year level (US$ bn); ``additions``: {year: additional US$ bn
    over base} for consecutive agreement years; ``actual``: Series of actual
    levels (US$ bn), required by the ``*_from_2019`` definitions (which use the
    actual level of the year before the first agreement year).  See
    :data:`REQUIRED_GROWTH_DEFINITIONS` for the definitions.
    """
    d = _get_definition(definition)
    base = _check_positive(base, "base")
    add = _check_additions(additions, base_year)
    if d.needs_actual and actual is None:
        raise ValueError(f"definition {definition!r} needs actual (Series of actual levels)")
    F, L = min(add), max(add)
    return float(d.compute(base, add, actual, base_year, F, L))


def required_growth_table(
    base: float,
    additions: Mapping[int, float],
    actual: pd.Series | None = None,
    base_year: int = BASE_YEAR,
) -> pd.DataFrame:
    """One row per definition: definition, description, from_year, to_year, required_growth.

    ``required_growth`` is a fraction per year; it is NaN for definitions that
    need ``actual`` when ``actual`` is None.
    """
    add = _check_additions(additions, base_year)
    F, L = min(add), max(add)
    rows = []
    for name, d in _DEFINITIONS.items():
        frm, to = d.years(base_year, F, L)
        if d.needs_actual and actual is None:
            g = float("nan")
        else:
            g = required_growth(name, base=base, additions=add, actual=actual, base_year=base_year)
        rows.append(
            {"definition": name, "description": d.description,
             "from_year": frm, "to_year": to, "required_growth": g}
        )
    return pd.DataFrame(rows, columns=["definition", "description", "from_year", "to_year",
                                       "required_growth"])


def sensitivity(
    base_series: pd.Series,
    additions_total: float,
    base_years: Iterable[int],
    horizons: Iterable[int],
) -> pd.DataFrame:
    """Grid of required constant growth (fraction/yr) by base year and horizon.

    For base year ``b`` with actual level ``L_b = base_series[b]`` (US$ bn) and
    horizon ``h`` (int >= 1), the entry is the constant rate ``g`` solving::

        L_b*(1+g)**(h-1) + L_b*(1+g)**h == 2*L_b + additions_total

    i.e. the levels in the last two years of the horizon (years ``b+h-1`` and
    ``b+h``) must together exceed twice the base level by ``additions_total``.
    ``b=2017, h=4`` reproduces ``two_year_sum_from_base``; ``h=2`` reproduces
    ``two_year_sum_from_base_2yr``.  Rows: base year; columns: horizon.
    """
    base_years = [int(b) for b in base_years]
    horizons = [int(h) for h in horizons]
    if not base_years or not horizons:
        raise ValueError("base_years and horizons must be non-empty")
    if min(horizons) < 1:
        raise ValueError(f"horizons must be integers >= 1, got {horizons}")
    out = pd.DataFrame(
        index=pd.Index(base_years, name="base_year"),
        columns=pd.Index(horizons, name="horizon"),
        dtype=float,
    )
    for b in base_years:
        lvl = _value(base_series, b, "base_year")
        for h in horizons:
            out.loc[b, h] = _solve_constant_rate(lvl, [h - 1, h], 2 * lvl + additions_total)
    return out


# ---------------------------------------------------------------------------
# log-linear trend
# ---------------------------------------------------------------------------


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
