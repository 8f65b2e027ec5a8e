"""The Phase One purchase commitments: 2017 baselines, annual targets, monthly proration.

Article 6.2.1 and Annex 6.1 commit China to buy, in each of 2020 and 2021, the 2017 level
of covered US goods and services plus an additional amount per sector. Article 6.2.6
judges compliance on both US export and Chinese import statistics, so each basis has its
own baseline and targets. All values are US$ billions.
"""

import numpy as np
import pandas as pd

from phaseone import terms
from phaseone.data import load
from phaseone.vocabulary import (  # noqa: F401  (the agreement's names, used as agreement.X)
    AGREEMENT_YEARS,
    ATTACHMENT,
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


PHASE_ONE = "phase_one"  # the agreement's commitment file, data/commitments/phase_one.yaml


def commitment_rows() -> pd.DataFrame:
    """The Annex 6.1 additions with each row's source and quality: the table that the
    agreement's commitment file names as its targets (columns sector, year, value_bn, source,
    quality; US$ bn)."""
    table = terms.read(PHASE_ONE)["target"]["table"]
    names = {table["by"]: "sector", table["year"]: "year", table["value"]: "value_bn"}
    return load(table["name"]).rename(columns=names)


def commitments() -> pd.DataFrame:
    """Annex 6.1 additional purchases over 2017, by sector and year (US$ bn), from the
    agreement's commitment file (`commitment_rows`)."""
    return commitment_rows()[["sector", "year", "value_bn"]]


def inferred_codes() -> pd.DataFrame:
    """US exports of covered goods under listed codes whose Annex 6.1 attachment page was
    inferred (not found in the attachment), by year, sector and category (US$ bn, from 2017)."""
    codes = load("covered_codes_annual")
    codes = codes[codes["attachment"].eq(ATTACHMENT[1])]
    return codes.groupby(["year", "sector", "category"], as_index=False)["value_bn"].sum()


def covered_goods(listed_only: bool = False) -> pd.DataFrame:
    """Annual US exports of covered goods by category (`covered_goods_annual`, US$ bn).

    With `listed_only`, from 2017 only and without the codes whose attachment page was
    inferred (`inferred_codes`); civil aircraft (Census 8800) stay, governed by their own
    choice.
    """
    goods = load("covered_goods_annual")
    if not listed_only:
        return goods
    goods = goods[goods["year"] >= BASE_YEAR]
    less = inferred_codes().set_index(["year", "category"])["value_bn"]
    keys = pd.MultiIndex.from_frame(goods[["year", "category"]])
    return goods.assign(value_bn=goods["value_bn"].to_numpy() - less.reindex(keys, fill_value=0)
                        .to_numpy()).reset_index(drop=True)


def check_listed_only(basis: str, listed_only: bool) -> None:
    """ValueError when `listed_only` is asked of data that cannot leave out single codes."""
    if listed_only and basis != "us_exports":
        raise ValueError("listed_only needs code-level data: US export data only (China's "
                         "imports are published aggregates)")


def baselines(basis: str = "us_exports", include_civil_aircraft: bool = True,
              listed_only: bool = False) -> pd.Series:
    """2017 covered purchases by sector on `basis` (US$ bn); no services on China's data.

    With `include_civil_aircraft=False`, US-export manufactured goods leave out Census
    HS 8800, as PIIE did before October 2020; with `listed_only`, US-export goods leave out
    the codes whose attachment page was inferred.
    """
    check_choice("basis", basis, BASES)
    check_listed_only(basis, listed_only)
    table = load("baselines")
    table = table[table["basis"].eq(basis) & table["sector"].isin(SECTORS)]
    out = table.set_index("sector")["value_bn"]
    if basis == "us_exports" and not include_civil_aircraft:
        goods = load("covered_goods_annual")
        aircraft = goods["year"].eq(BASE_YEAR) & goods["category"].eq("civil_aircraft")
        out["manufactured_goods"] -= goods.loc[aircraft, "value_bn"].sum()
    if listed_only:
        less = inferred_codes()
        less = less[less["year"].eq(BASE_YEAR)].groupby("sector")["value_bn"].sum()
        out = out.sub(less.reindex(out.index, fill_value=0))
    return out.reindex([s for s in SECTORS if s in out.index])


def targets(basis: str = "us_exports", sectors=SECTORS,
            include_civil_aircraft: bool = True, listed_only: bool = False) -> pd.DataFrame:
    """Annual targets: baseline + Annex 6.1 addition, by sector and agreement year (US$ bn).

    Columns: sector, year, baseline_bn, additional_bn, target_bn. Sectors without a
    baseline on `basis` (services on China's data) are dropped. With `listed_only` the
    baseline leaves out codes whose attachment page was inferred; the additions stay the
    agreement's.
    """
    sectors = check_sectors(sectors)
    base = baselines(basis, include_civil_aircraft, listed_only)
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
