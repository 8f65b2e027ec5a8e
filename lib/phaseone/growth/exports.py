"""US exports to China from the data tables, and the growth comparisons the report draws."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from phaseone.agreement import BASE_YEAR, commitments
from phaseone.data import load
from phaseone.growth.rates import _value, cagr, target_levels
from phaseone.growth.trend import Trend, trend_projection
from phaseone.vocabulary import SERIES

#: The measures of US exports the growth report can use (its `series` parameter): name ->
#: description.
SERIES_TEXT: dict[str, str] = {
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


def _check_measure(measure: str) -> None:
    if measure not in SERIES:
        raise ValueError(f"unknown series {measure!r}; valid series: {', '.join(SERIES)}")


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


def exports_series(measure: str) -> pd.Series:
    """Annual US exports to China (US$ bn), indexed by year.

    ``goods``: Census goods exports (``goods_exports_annual``). ``goods_and_services``:
    goods plus BEA services (``services_exports``) in the years where **both** exist
    (services are published only for 2001 and 2013 onwards, so the series has gaps).
    Raises ValueError listing the valid names for an unknown series.
    """
    _check_measure(measure)
    goods = load("goods_exports_annual").set_index("year")["value_bn"].astype(float)
    if measure == "goods":
        out = goods
    else:
        services = load("services_exports").set_index("year")["value_bn"].astype(float)
        out = (goods + services).dropna()
    out = out.sort_index()
    out.index = out.index.astype(int).rename("year")
    return out.rename(measure)


def series_additions(measure: str) -> dict[int, float]:
    """Annex 6.1 additions over the 2017 level covered by ``measure`` ({year: US$ bn}).

    ``goods_and_services``: all sectors (76.7 in 2020, 123.3 in 2021); ``goods``: the goods
    sectors only (services left out).
    """
    _check_measure(measure)
    c = commitments()
    if measure == "goods":
        c = c[c["sector"] != "services"]
    return {int(y): float(v) for y, v in c.groupby("year")["value_bn"].sum().items()}


def inputs(measure: str, years: Iterable[int]) -> pd.DataFrame:
    """The data rows behind `measure` in `years`: year, table, value_bn, quality, source."""
    _check_measure(measure)
    tables = ["goods_exports_annual"] + (["services_exports"] if measure != "goods" else [])
    rows = [load(t).assign(table=t) for t in tables]
    out = pd.concat(rows, ignore_index=True)
    out = out[out["year"].isin(list(years))]
    return out[["year", "table", "value_bn", "quality", "source"]].sort_values(
        ["year", "table"], ignore_index=True)


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


def historical_growth(measure: str, windows: Iterable[tuple[int, int | None]]) -> pd.DataFrame:
    """CAGR (fraction/yr) of US exports to China over each window, on ``measure`` where possible.

    ``None`` as a window end means the last year of ``measure``. One row per window with
    columns ``window`` (label 'start-end'), ``start``, ``end``, ``years``, ``goods`` (CAGR of
    goods), ``goods_and_services`` (NaN when either end year has no services data),
    ``cagr`` (on ``measure`` when both end years exist there, otherwise on goods) and
    ``measured_on`` (the measure ``cagr`` uses).
    """
    _check_measure(measure)
    data = {name: exports_series(name) for name in SERIES}
    rows = []
    for start, end in resolve_windows(data[measure], windows):
        row: dict[str, Any] = {"window": f"{start}-{end}", "start": start, "end": end,
                               "years": end - start}
        for name, s in data.items():
            ok = start in s.index and end in s.index
            row[name] = cagr(s, start, end) if ok else float("nan")
        measured_on = measure if not math.isnan(row[measure]) else "goods"
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


def trend_basis(measure: str, start: int, end: int) -> str:
    """Series the trend is fitted on: ``measure`` if it has every year ``start..end``, else goods.

    A log-linear trend on a series with gaps (goods and services before 2013) would rest on a
    handful of points with high leverage, so it falls back to the complete goods series.
    """
    _check_measure(measure)
    years = set(exports_series(measure).index)
    return measure if set(range(start, end + 1)) <= years else "goods"


def ratio_interval(required: float, trend: Trend) -> tuple[float, float, float]:
    """Required growth over trend growth: (ratio, low, high) from the trend's interval.

    Requires positive trend growth at the lower bound; otherwise the upper end is ``inf``.
    """
    high = required / trend.growth_low if trend.growth_low > 0 else float("inf")
    return required / trend.growth, required / trend.growth_high, high


def counterfactual(
    measure: str, trend: Trend, base_year: int = BASE_YEAR, level: float | None = None
) -> pd.DataFrame:
    """Trend counterfactual against targets and actual levels for the agreement years.

    Columns: ``fitted``, ``pred_low``, ``pred_high`` (trend projection with its prediction
    interval at ``level``, default the trend's), ``target`` (base-year level of ``measure`` plus
    its Annex 6.1 additions), ``actual`` (NaN if missing) and ``target_in_interval`` (bool).
    US$ bn, indexed by agreement year.
    """
    data = exports_series(measure)
    additions = series_additions(measure)
    level = trend.level if level is None else level
    proj = trend_projection(trend, list(additions), level)[["fitted", "pred_low", "pred_high"]]
    proj["target"] = target_levels(_value(data, base_year, "base_year"), additions)
    proj["actual"] = data.reindex(proj.index)
    proj["target_in_interval"] = proj["target"].between(proj["pred_low"], proj["pred_high"])
    return proj
