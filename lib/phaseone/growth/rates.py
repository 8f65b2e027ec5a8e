"""Growth arithmetic: compound rates, constant-growth paths and target levels.

A series is a pandas Series indexed by calendar year with values in US$ billions; growth
rates are fractions per year (0.33 = 33% a year). Functions never modify their inputs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy.optimize import brentq


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


def constant_rate(level: float, exponents: Iterable[int], target_sum: float) -> float:
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


