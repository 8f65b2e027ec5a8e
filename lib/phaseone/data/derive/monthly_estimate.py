"""Monthly covered-goods exports estimated from HS chapter totals, and the method's backtest.

Where only HS2 (chapter) monthly exports exist, each chapter's month is split by the share
of its annual HS6 value that the Annex 6.1 product list covers, sector by sector:
``estimate[m, sector] = sum over chapters of hs2[m, ch] * share[year, ch, sector]``.
Chapter 88 is left out of the shares: civil aircraft are counted as the whole chapter, as
PIIE does. Values are US$ billions, shares fractions of the chapter's value.
"""

from __future__ import annotations

import pandas as pd

from phaseone.vocabulary import GOODS_SECTORS as SECTORS  # the goods sectors, estimated

AIRCRAFT_CHAPTER = "88"


def chapter_shares(hs6: pd.DataFrame) -> pd.DataFrame:
    """Covered share of each chapter's annual value, by sector.

    `hs6`: one row per HS6 code and year with columns year, chapter, sector (NaN: not
    covered) and value_bn. Returns a frame indexed by (year, chapter) with one column per
    sector (fractions; 0 where the chapter has none of the sector). Chapter 88 is dropped.
    """
    hs6 = hs6[hs6["chapter"].ne(AIRCRAFT_CHAPTER)]
    total = hs6.groupby(["year", "chapter"])["value_bn"].sum()
    covered = hs6.dropna(subset=["sector"]).pivot_table(
        index=["year", "chapter"], columns="sector", values="value_bn", aggfunc="sum")
    covered = covered.reindex(index=total.index, columns=list(SECTORS)).fillna(0.0)
    shares = covered.div(total.where(total > 0), axis=0).fillna(0.0)
    shares.columns.name = None
    return shares


def share_years(months: pd.Index, shares: pd.DataFrame, lag: int = 0) -> pd.Series:
    """The year whose shares split each month: the month's year less `lag`, or the latest year
    with shares when that year has none yet (e.g. months of a year still under way)."""
    have = sorted(set(shares.index.get_level_values("year")))
    wanted = months.str[:4].astype(int) - lag
    years = [y if y in have else max(h for h in have if h <= y) if min(have) <= y else None
             for y in wanted]
    if None in years:
        first = months[years.index(None)]
        raise ValueError(f"no chapter shares for {first} or any year before it "
                         f"(shares exist for {have[0]}-{have[-1]})")
    return pd.Series(years, index=months, name="share_year")


def estimate(hs2: pd.DataFrame, shares: pd.DataFrame, lag: int = 0) -> pd.DataFrame:
    """Covered listed goods by month and sector from chapter totals.

    `hs2`: columns month ('YYYY-MM'), chapter, value_bn (chapter 88 and the all-goods row
    '00' are ignored). Returns month, sector, share_year, value_bn (US$ bn), sorted.
    """
    hs2 = hs2[~hs2["chapter"].isin([AIRCRAFT_CHAPTER, "00"])]
    months = pd.Index(sorted(hs2["month"].unique()))
    years = share_years(months, shares, lag)
    rows = hs2.assign(share_year=hs2["month"].map(years))
    weights = shares.reindex(pd.MultiIndex.from_arrays([rows["share_year"], rows["chapter"]]))
    split = weights.fillna(0.0).to_numpy() * rows[["value_bn"]].to_numpy()
    frame = pd.DataFrame(split, columns=list(SECTORS)).assign(
        month=rows["month"].to_numpy(), share_year=rows["share_year"].to_numpy())
    out = frame.groupby(["month", "share_year"])[list(SECTORS)].sum().reset_index()
    out = out.melt(id_vars=["month", "share_year"], var_name="sector", value_name="value_bn")
    return out[["month", "sector", "share_year", "value_bn"]].sort_values(
        ["month", "sector"], ignore_index=True)


def backtest(hs6_monthly: pd.DataFrame, hs2: pd.DataFrame, years, lag: int = 0
             ) -> pd.DataFrame:
    """The estimate against HS6 monthly actuals, by year and sector.

    `hs6_monthly`: month, chapter, sector (NaN: not covered), value_bn, listed goods only
    (civil aircraft left out). Shares come from the same HS6 data summed by year, taken
    `lag` years before the month (0: the method as used for years with HS6 annual data;
    1: as used for the months of a year whose HS6 data are not out yet).
    Returns year, sector, share_year, actual_bn, estimated_bn, error_bn (estimated less
    actual, annual sum), error_share (of actual) and monthly_mae_bn (mean absolute error of
    the twelve months).
    """
    annual = hs6_monthly.assign(year=hs6_monthly["month"].str[:4].astype(int))
    annual = annual.groupby(["year", "chapter", "sector"], dropna=False, as_index=False)[
        "value_bn"].sum()
    months = [m for m in hs2["month"].unique() if int(m[:4]) in set(years)]
    est = estimate(hs2[hs2["month"].isin(months)], chapter_shares(annual), lag)
    act = hs6_monthly[hs6_monthly["month"].isin(months)
                      & hs6_monthly["chapter"].ne(AIRCRAFT_CHAPTER)].dropna(subset=["sector"])
    act = act.groupby(["month", "sector"])["value_bn"].sum().rename("actual")
    both = est.set_index(["month", "sector"]).join(act).fillna({"actual": 0.0})
    both = both.assign(year=both.index.get_level_values("month").str[:4].astype(int),
                       error=lambda f: f["value_bn"] - f["actual"])
    by = both.groupby(["year", "sector"])
    out = pd.DataFrame({
        "share_year": by["share_year"].max(),
        "actual_bn": by["actual"].sum(), "estimated_bn": by["value_bn"].sum(),
        "monthly_mae_bn": by["error"].apply(lambda e: e.abs().mean()),
    }).reset_index()
    out["error_bn"] = out["estimated_bn"] - out["actual_bn"]
    out["error_share"] = out["error_bn"] / out["actual_bn"]
    return out[["year", "sector", "share_year", "actual_bn", "estimated_bn", "error_bn",
                "error_share", "monthly_mae_bn"]]
