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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.optimize import brentq

__all__ = [
    "BASE_YEAR",
    "HISTORY_WINDOWS",
    "PRESS_TOLERANCE",
    "REQUIRED_GROWTH_DEFINITIONS",
    "SERIES",
    "Trend",
    "cagr",
    "check_report_parameters",
    "closest_definition",
    "closest_window",
    "counterfactual",
    "exports_series",
    "growth_windows",
    "historical_growth",
    "path",
    "press_matches",
    "ratio_grid",
    "ratio_interval",
    "required_growth",
    "required_growth_table",
    "resolve_windows",
    "sensitivity",
    "series_additions",
    "target_levels",
    "trend_basis",
    "trend_fit",
    "trend_projection",
    "years_text",
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


# ---------------------------------------------------------------------------
# data for the growth report
# ---------------------------------------------------------------------------

#: Export series the growth report can use: name -> description.
SERIES: dict[str, str] = {
    "goods_and_services": "US exports of goods and services to China (Census goods plus BEA "
                          "services; only years with both, i.e. 2001 and 2013 onwards)",
    "goods": "US goods exports to China (Census, annual)",
}

#: Historical windows the report always shows (start, end); ``None`` as end means the last
#: year of data. 2001 is China's WTO accession.
HISTORY_WINDOWS: tuple[tuple[int, int | None], ...] = (
    (2001, 2017), (2001, 2018), (2001, 2019), (2001, 2021), (2001, None), (2001, 2024),
    (2009, 2017), (2013, 2017), (2017, None),
)

#: A definition "reproduces" a published growth rate within this many fraction points.
PRESS_TOLERANCE = 0.01


def _check_series_name(series: str) -> None:
    if series not in SERIES:
        raise ValueError(f"unknown series {series!r}; valid series: {', '.join(SERIES)}")


def years_text(years: Iterable[int]) -> str:
    """Compact list of years: [2001, 2013, 2014, 2015] -> '2001, 2013-2015'."""
    ys = sorted(int(y) for y in years)
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def exports_series(series: str) -> pd.Series:
    """Annual US exports to China (US$ bn), indexed by year.

    ``goods``: Census goods exports (``goods_exports_annual``). ``goods_and_services``:
    goods plus BEA services (``services_exports``) in the years where **both** exist
    (services are published only for 2001 and 2013 onwards, so the series has gaps).
    Raises ValueError listing the valid names for an unknown series.
    """
    from phaseone.data import load

    _check_series_name(series)
    goods = load("goods_exports_annual").set_index("year")["value_bn"].astype(float)
    if series == "goods":
        out = goods
    else:
        services = load("services_exports").set_index("year")["value_bn"].astype(float)
        out = (goods + services).dropna()
    out = out.sort_index()
    out.index = out.index.astype(int).rename("year")
    return out.rename(series)


def series_additions(series: str) -> dict[int, float]:
    """Annex 6.1 additions over the 2017 level covered by ``series`` ({year: US$ bn}).

    ``goods_and_services``: all sectors (76.7 in 2020, 123.3 in 2021); ``goods``: the goods
    sectors only (services left out).
    """
    from phaseone.data import load

    _check_series_name(series)
    c = load("commitments")
    if series == "goods":
        c = c[c["sector"] != "services"]
    return {int(y): float(v) for y, v in c.groupby("year")["value_bn"].sum().items()}


def check_report_parameters(
    series: str,
    base_year: int,
    history_start: int,
    history_end: int,
    definition: str,
    confidence: float,
    trend_start: int,
    trend_end: int,
) -> None:
    """Raise ValueError with a clear message for a bad growth-report parameter set."""
    _check_series_name(series)
    _get_definition(definition)
    data = exports_series(series)
    first_agreement = min(series_additions(series))
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1 (e.g. 0.95), "
                         f"got {confidence!r}")
    if base_year not in data.index or base_year >= first_agreement:
        raise ValueError(f"base_year={base_year} must be a year with {series} data before "
                         f"{first_agreement} (years with data: {years_text(data.index)})")
    for kind, start, end, src in [("history", history_start, history_end, data),
                                  ("trend", trend_start, trend_end, exports_series("goods"))]:
        if start >= end:
            raise ValueError(f"{kind}_start={start} must be before {kind}_end={end}")
        for name, year in [(f"{kind}_start", start), (f"{kind}_end", end)]:
            if year not in src.index:
                raise ValueError(f"{name}={year} is outside the {src.name} data (years with "
                                 f"data: {years_text(src.index)})")
    if trend_end - trend_start < 2:
        raise ValueError(f"the trend window {trend_start}-{trend_end} needs at least 3 years")


def resolve_windows(
    series: pd.Series, windows: Iterable[tuple[int, int | None]]
) -> list[tuple[int, int]]:
    """Windows with ``None`` ends replaced by the last year of ``series``, duplicates dropped."""
    last = int(series.index.max())
    out: list[tuple[int, int]] = []
    for start, end in windows:
        w = (int(start), last if end is None else int(end))
        if w[0] < w[1] and w not in out:
            out.append(w)
    return out


def historical_growth(series: str, windows: Iterable[tuple[int, int | None]]) -> pd.DataFrame:
    """CAGR (fraction/yr) of US exports to China over each window, on ``series`` where possible.

    ``None`` as a window end means the last year of ``series``. One row per window with
    columns ``window`` (label 'start-end'), ``start``, ``end``, ``years``, ``goods`` (CAGR of
    goods), ``goods_and_services`` (NaN when either end year has no services data),
    ``cagr`` (on ``series`` when both end years exist there, otherwise on goods) and
    ``measured_on`` (the series ``cagr`` uses).
    """
    _check_series_name(series)
    data = {name: exports_series(name) for name in SERIES}
    rows = []
    for start, end in resolve_windows(data[series], windows):
        row: dict[str, Any] = {"window": f"{start}-{end}", "start": start, "end": end,
                               "years": end - start}
        for name, s in data.items():
            ok = start in s.index and end in s.index
            row[name] = cagr(s, start, end) if ok else float("nan")
        measured_on = series if not math.isnan(row[series]) else "goods"
        if math.isnan(row[measured_on]):
            raise ValueError(f"window {start}-{end} is outside the goods data "
                             f"(years with data: {years_text(data['goods'].index)})")
        row["cagr"] = row[measured_on]
        row["measured_on"] = measured_on
        rows.append(row)
    return pd.DataFrame(rows, columns=["window", "start", "end", "years", "goods",
                                       "goods_and_services", "cagr", "measured_on"])


def press_matches(
    required: pd.Series, press: float, tolerance: float = PRESS_TOLERANCE
) -> pd.Series:
    """Entries of ``required`` (fractions, by definition) within ``tolerance`` of ``press``.

    Sorted by distance to ``press``, closest first.
    """
    dist = (required - press).abs()
    hits = dist[dist <= tolerance + 1e-12].sort_values(kind="stable")
    return required.loc[hits.index]


def closest_definition(required: pd.Series, press: float) -> str:
    """Name of the definition whose required growth is closest to ``press``."""
    return str((required - press).abs().idxmin())


def ratio_grid(required: pd.Series, historical: pd.Series) -> pd.DataFrame:
    """Required growth divided by historical growth: rows = definitions, columns = windows."""
    return pd.DataFrame(
        np.outer(required.to_numpy(float), 1.0 / historical.to_numpy(float)),
        index=required.index, columns=historical.index,
    )


def closest_window(ratios: pd.Series, press_ratio: float) -> str:
    """Label of the window whose ratio (required / historical) is closest to ``press_ratio``.

    Windows with non-positive historical growth (non-positive or NaN ratios) are skipped.
    """
    ok = ratios[ratios > 0]
    if ok.empty:
        raise ValueError("no window with positive historical growth")
    return str((ok - press_ratio).abs().idxmin())


def trend_basis(series: str, start: int, end: int) -> str:
    """Series the trend is fitted on: ``series`` if it has every year ``start..end``, else goods.

    A log-linear trend on a series with gaps (goods and services before 2013) would rest on a
    handful of points with high leverage, so it falls back to the complete goods series.
    """
    _check_series_name(series)
    years = set(exports_series(series).index)
    return series if set(range(start, end + 1)) <= years else "goods"


def ratio_interval(required: float, trend: Trend) -> tuple[float, float, float]:
    """Required growth over trend growth: (ratio, low, high) from the trend's interval.

    Requires positive trend growth at the lower bound; otherwise the upper end is ``inf``.
    """
    high = required / trend.growth_low if trend.growth_low > 0 else float("inf")
    return required / trend.growth, required / trend.growth_high, high


def counterfactual(
    series: str, trend: Trend, base_year: int = BASE_YEAR, level: float | None = None
) -> pd.DataFrame:
    """Trend counterfactual against targets and actual levels for the agreement years.

    Columns: ``fitted``, ``pred_low``, ``pred_high`` (trend projection with its prediction
    interval at ``level``, default the trend's), ``target`` (base-year level of ``series`` plus
    its Annex 6.1 additions), ``actual`` (NaN if missing) and ``target_in_interval`` (bool).
    US$ bn, indexed by agreement year.
    """
    data = exports_series(series)
    additions = series_additions(series)
    level = trend.level if level is None else level
    proj = trend_projection(trend, list(additions), level)[["fitted", "pred_low", "pred_high"]]
    proj["target"] = target_levels(_value(data, base_year, "base_year"), additions)
    proj["actual"] = data.reindex(proj.index)
    proj["target_in_interval"] = proj["target"].between(proj["pred_low"], proj["pred_high"])
    return proj
