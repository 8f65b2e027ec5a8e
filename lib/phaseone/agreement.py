"""The Phase One purchase commitments: 2017 baselines, annual targets, monthly proration.

Article 6.2.1 and Annex 6.1 commit China to buy, in each of 2020 and 2021, the 2017 level
of covered US goods and services plus an additional amount per sector. Article 6.2.6
judges compliance on both US export and Chinese import statistics, so each basis has its
own baseline and targets. All values are US$ billions.
"""

import numpy as np
import pandas as pd

from phaseone.data import load
from phaseone.vocabulary import (  # noqa: F401  (the agreement's names, used as agreement.X)
    AGREEMENT_YEARS,
    BASE_YEAR,
    BASES,
    GOODS_SECTORS,
    PRORATIONS,
    SECTORS,
)


def check_choice(name: str, value, choices) -> None:
    """Raise ValueError unless `value` is one of `choices`."""
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; valid: {', '.join(map(str, choices))}")


def check_sectors(sectors) -> list[str]:
    """Validated list of sector keys, in canonical order."""
    sectors = list(sectors)
    for sector in sectors:
        check_choice("sector", sector, SECTORS)
    if not sectors:
        raise ValueError(f"no sectors given; valid: {', '.join(SECTORS)}")
    return [s for s in SECTORS if s in sectors]


def commitments() -> pd.DataFrame:
    """Annex 6.1 additional purchases over 2017, by sector and year (US$ bn)."""
    return load("commitments")[["sector", "year", "value_bn"]]


def baselines(basis: str = "us_exports", include_civil_aircraft: bool = True) -> pd.Series:
    """2017 covered purchases by sector on `basis` (US$ bn); no services on China's data.

    With `include_civil_aircraft=False`, US-export manufactured goods leave out Census
    HS 8800, as PIIE did before October 2020.
    """
    check_choice("basis", basis, BASES)
    table = load("baselines")
    table = table[table["basis"].eq(basis) & table["sector"].isin(SECTORS)]
    out = table.set_index("sector")["value_bn"]
    if basis == "us_exports" and not include_civil_aircraft:
        goods = load("covered_goods_annual")
        aircraft = goods["year"].eq(BASE_YEAR) & goods["category"].eq("civil_aircraft")
        out["manufactured_goods"] -= goods.loc[aircraft, "value_bn"].sum()
    return out.reindex([s for s in SECTORS if s in out.index])


def targets(basis: str = "us_exports", sectors=SECTORS,
            include_civil_aircraft: bool = True) -> pd.DataFrame:
    """Annual targets: baseline + Annex 6.1 addition, by sector and agreement year (US$ bn).

    Columns: sector, year, baseline_bn, additional_bn, target_bn. Sectors without a
    baseline on `basis` (services on China's data) are dropped.
    """
    sectors = check_sectors(sectors)
    base = baselines(basis, include_civil_aircraft)
    add = commitments()
    add = add[add["sector"].isin(sectors) & add["sector"].isin(base.index)]
    out = add.rename(columns={"value_bn": "additional_bn"}).assign(
        baseline_bn=lambda d: d["sector"].map(base))
    out["target_bn"] = out["baseline_bn"] + out["additional_bn"]
    columns = ["sector", "year", "baseline_bn", "additional_bn", "target_bn"]
    return out[columns].reset_index(drop=True)


def prorate(annual: float, weights) -> np.ndarray:
    """Split an annual amount over months in proportion to `weights` (12 non-negative numbers)."""
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (12,) or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("weights must be 12 non-negative numbers with a positive sum")
    return annual * weights / weights.sum()


def seasonal_weights(sectors=GOODS_SECTORS, year: int = BASE_YEAR) -> pd.DataFrame:
    """Each month's share of `year` covered-goods exports, by sector (rows: month 1-12)."""
    monthly = load("covered_goods_monthly")
    monthly = monthly[monthly["month"].str.startswith(str(year))]
    table = monthly.assign(m=monthly["month"].str[5:].astype(int)).pivot_table(
        index="m", columns="sector", values="value_bn", aggfunc="sum")
    return (table / table.sum()).reindex(columns=[s for s in sectors if s in table.columns])


def monthly_targets(basis: str = "us_exports", proration: str = "straight_line",
                    sectors=SECTORS, include_civil_aircraft: bool = True) -> pd.DataFrame:
    """Monthly targets for 2020-21 by sector (US$ bn): columns month, sector, target_bn.

    `straight_line` gives each month 1/12 of the annual target; `seasonal` gives each month
    its share of 2017 US exports of the sector (services, with no monthly data, and any
    sector missing from the monthly table stay straight-line).
    """
    check_choice("proration", proration, PRORATIONS)
    annual = targets(basis, sectors, include_civil_aircraft)
    weights = seasonal_weights()
    rows = []
    for t in annual.itertuples():
        w = weights[t.sector] if proration == "seasonal" and t.sector in weights else np.ones(12)
        for m, value in enumerate(prorate(t.target_bn, w), start=1):
            rows.append((f"{t.year}-{m:02d}", t.sector, value))
    return pd.DataFrame(rows, columns=["month", "sector", "target_bn"])
