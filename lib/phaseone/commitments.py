"""Any purchase commitment, measured: one engine for every file in `data/commitments/`.

A commitment's terms come from its file (`phaseone.terms`); its purchases from the data the
file names (Census exports by partner and HS chapter, the Phase One covered goods, USDA soybean
export sales). The engine gives fulfilment to date against a straight-line and a seasonal
target path, the growth the targets need against the partner's own historical pace (the growth
report's definitions), and the catch-up the deadline needs with how often history delivered it
(the after-the-deal method). Amounts are in the file's unit (US$ billions or million tonnes),
growth rates fractions a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from phaseone import agreement, compliance, config, scenarios, soybeans, terms
from phaseone.data import load
from phaseone.growth.definitions import definition_text, required_growth
from phaseone.growth.rates import cagr
from phaseone.vocabulary import PRORATIONS  # noqa: F401  (commitments.PRORATIONS, as choices)

SEASONAL_YEARS = 3  # full years before the window whose monthly shares give the seasonal path
DEFINITION = "two_year_sum_from_2019"  # from the actual level of the year before, sum to targets
MIN_HISTORY = 4  # full years of purchases needed for a historical pace and a bootstrap


class CommitmentError(ValueError):
    """A commitment the engine cannot measure (its file passes the checks of `terms`)."""


# ----------------------------------------------------------------------------- purchases


def _census(t: dict, data_dir: Path | None) -> pd.Series:
    table = load(terms.PARTNER_TABLE, data_dir)
    chapters = [str(c) for c in t["products"]["chapters"]]
    rows = table[table["partner"].eq(str(t["partner"])) & table["chapter"].isin(chapters)]
    return rows.groupby("month")["value_bn"].sum()


def _phase_one(t: dict, data_dir: Path | None) -> pd.Series:
    sectors = t["measured_by"]["sectors"]
    return compliance.monthly_purchases(sectors).groupby("month")["value_bn"].sum()


def _usda(t: dict, data_dir: Path | None) -> pd.Series:
    """USDA export sales to the partner (million tonnes) by the month each week ends: the
    soybean module's weekly purchases (changes in total commitments; a marketing year's first
    week carries the sales made earlier for that year)."""
    week = soybeans.weekly(load("soybean_export_sales", data_dir), str(t["partner"]).lower())
    return (week["purchases_kt"] / 1000).groupby(week.index.str[:7]).sum()


MEASURES = {"census_partner_chapters": _census, "phase_one_covered_goods": _phase_one,
            "usda_soybean_sales": _usda}


def purchases(t: dict, data_dir: Path | None = None) -> pd.Series:
    """Purchases by month ('YYYY-MM', in the file's unit) on the data the file names."""
    series = MEASURES[t["measured_by"]["data"]](t, data_dir).sort_index()
    return series.rename("purchases").rename_axis("month").astype(float)


def full_years(monthly: pd.Series) -> pd.Series:
    """Annual sums of the complete calendar years of a monthly series."""
    year = monthly.index.str[:4].astype(int)
    sums = monthly.groupby(year).agg(["sum", "count"])
    return sums.loc[sums["count"].eq(12), "sum"].rename_axis("year")


# ----------------------------------------------------------------------------- targets


def _months_by_year(first: str, last: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for m in terms.months(first, last):
        out.setdefault(int(m[:4]), []).append(m)
    return out


def annual_targets(t: dict, monthly: pd.Series, data_dir: Path | None = None) -> pd.Series:
    """Target purchases by year of the window (the part of the year inside it), file's unit.

    Levels as stated; additions on top of the baseline year's purchases over the same months;
    a total over the window spread over its months. Phase One's come from `agreement.targets`.
    """
    first, last = terms.window(t)
    by_month = _months_by_year(first, last)
    if t["measured_by"]["data"] == "phase_one_covered_goods":
        goal = agreement.targets("us_exports", t["measured_by"]["sectors"])
        return goal.groupby("year")["target_bn"].sum().rename("target")
    stated = terms.by_year(t, data_dir)
    if not stated:
        total, n = float(t["target"]["total"]), len(terms.months(first, last))
        stated = {y: total * len(ms) / n for y, ms in by_month.items()}
    out = pd.Series(stated, dtype=float).rename_axis("year")
    if t["target"].get("kind") == "addition":
        base = int(t["baseline"]["year"])
        level = {y: float(monthly.reindex([f"{base}{m[4:]}" for m in by_month[y]]).sum())
                 for y in out.index}
        out = out + pd.Series(level)
    return out.rename("target")


def seasonal_weights(t: dict, monthly: pd.Series) -> pd.Series:
    """Each calendar month's share of purchases (1-12) over the SEASONAL_YEARS full years
    before the window (the partner's own history); Phase One: 2017's, as the agreement module
    prorates."""
    first = int(terms.window(t)[0][:4])
    years = [y for y in full_years(monthly).index if y < first][-SEASONAL_YEARS:]
    if not years:
        return pd.Series(1.0, index=range(1, 13))
    rows = monthly[monthly.index.str[:4].astype(int).isin(years)]
    by_month = rows.groupby(rows.index.str[5:].astype(int)).sum().reindex(range(1, 13),
                                                                           fill_value=0.0)
    return by_month / by_month.sum() if by_month.sum() > 0 else by_month * 0 + 1.0


def target_path(t: dict, monthly: pd.Series, proration: str,
                data_dir: Path | None = None) -> pd.Series:
    """Monthly targets over the window: each year's target spread over its window months
    evenly (`straight_line`) or by the partner's seasonal shares (`seasonal`)."""
    agreement.check_choice("proration", proration, PRORATIONS)
    if t["measured_by"]["data"] == "phase_one_covered_goods":
        goal = agreement.monthly_targets("us_exports", proration, t["measured_by"]["sectors"])
        return goal.groupby("month")["target_bn"].sum().rename("target")
    annual = annual_targets(t, monthly, data_dir)
    weights = seasonal_weights(t, monthly)
    parts = []
    for y, ms in _months_by_year(*terms.window(t)).items():
        w = (weights.loc[[int(m[5:]) for m in ms]].to_numpy() if proration == "seasonal"
             else np.ones(len(ms)))
        w = w if w.sum() > 0 else np.ones(len(ms))
        parts.append(pd.Series(annual[y] * w / w.sum(), index=ms))
    return pd.concat(parts).rename("target").rename_axis("month")


# ----------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Status:
    """Fulfilment to date: purchases in the window through the last month with data against
    the target path through that month (both in the file's unit)."""

    last_month: str  # last month counted (the window's end or the data's last month)
    months: int  # window months counted
    window_months: int
    purchases: float
    target_straight: float
    target_seasonal: float
    window_target: float  # the whole window's target

    @property
    def fulfilment(self) -> float:  # on the straight-line path
        return self.purchases / self.target_straight

    @property
    def fulfilment_seasonal(self) -> float:
        return self.purchases / self.target_seasonal

    @property
    def ended(self) -> bool:
        return self.months == self.window_months

    @property
    def share_of_window(self) -> float:
        return self.purchases / self.window_target


@dataclass(frozen=True)
class Pace:
    """The growth the targets need against the partner's historical pace."""

    definition: str  # the growth report's definition used
    label: str
    from_year: int
    from_level: float
    first: int  # first and last full target years
    last: int
    required: float  # fraction a year
    history_first: int
    history_last: int
    historical: float  # CAGR over the history years

    @property
    def ratio(self) -> float:
        return self.required / self.historical if self.historical > 0 else float("nan")


@dataclass(frozen=True)
class CatchUp:
    """What the rest of the window needs after the last full year of data."""

    owed: float  # targets less purchases in the window's years through from_year
    plan: scenarios.CatchUp
    chance: scenarios.Chance
    windows: int  # rolling windows of the same length in the history
    windows_as_fast: int  # how many grew at least as fast
    history_first: int
    history_last: int


@dataclass(frozen=True)
class Scope:
    """The purchases of the last full year of data on the file's chapters and on the broader
    chapters of its `products.scope`, against the target of the window's first year (file's
    unit): how much the verdict depends on the chapters chosen."""

    what: str
    year: int
    measured: float  # on the file's chapters
    broad: float  # on the scope's chapters
    target_year: int
    target: float


@dataclass(frozen=True)
class Commitment:
    """A commitment file measured: its terms, purchases, targets and the three measures."""

    name: str
    terms: dict
    unit: str
    monthly: pd.Series  # purchases by month, the whole history
    annual: pd.Series  # full calendar years of purchases
    targets: pd.Series  # by window year
    path_straight: pd.Series  # monthly targets over the window
    path_seasonal: pd.Series
    status: Status
    pace: Pace | None  # None without a full target year or enough history
    catch_up: CatchUp | None  # None once no full year of the window is left
    scope: Scope | None = None  # None when the file states no broader scope

    @property
    def title(self) -> str:
        return str(self.terms["title"])

    def window_purchases(self) -> pd.Series:
        """Purchases by window month with data."""
        first, last = terms.window(self.terms)
        return self.monthly.loc[first:min(last, self.status.last_month)]


def status(t: dict, monthly: pd.Series, straight: pd.Series, seasonal: pd.Series) -> Status:
    """Fulfilment through the last month with data inside the window."""
    first, last = terms.window(t)
    data_last = str(monthly.index.max())
    upto = min(last, data_last)
    if upto < first:
        raise CommitmentError(f"{t['title']}: no purchases data in the window {first} to "
                              f"{last} (data end {data_last})")
    months = terms.months(first, upto)
    return Status(upto, len(months), len(terms.months(first, last)),
                  float(monthly.reindex(months).fillna(0.0).sum()),
                  float(straight.loc[months].sum()), float(seasonal.loc[months].sum()),
                  float(straight.sum()))


def _history(t: dict, annual: pd.Series) -> pd.Series:
    """Full years of purchases before the window."""
    return annual.loc[: int(terms.window(t)[0][:4]) - 1]


def pace(t: dict, annual: pd.Series, targets: pd.Series) -> Pace | None:
    """Required growth (the growth report's `DEFINITION`: constant growth from the actual level
    of the year before the first full target year whose levels sum to the targets) against the
    CAGR of the partner's purchases over its full years before the window."""
    first, last = terms.window(t)
    full = [y for y, ms in _months_by_year(first, last).items() if len(ms) == 12]
    history = _history(t, annual)
    prior = full[0] - 1 if full else None
    if not full or len(history) < MIN_HISTORY or prior not in annual.index or \
            annual[prior] <= 0 or history.iloc[0] <= 0:
        return None
    base = float(annual[prior])
    additions = {y: float(targets[y]) - base for y in full}
    g = required_growth(DEFINITION, base=base, additions=additions, actual=annual,
                        base_year=prior)
    label = definition_text(DEFINITION, prior, full[0], full[-1])[0]
    h0, h1 = int(history.index.min()), int(history.index.max())
    return Pace(DEFINITION, label, prior, base, full[0], full[-1], g, h0, h1,
                cagr(history, h0, h1))


def catch_up(t: dict, annual: pd.Series, monthly: pd.Series, targets: pd.Series
             ) -> CatchUp | None:
    """After the last full year of data: the window's remaining full years must buy their
    targets plus what is owed (`scenarios.catch_up`), growing from that year's level; the
    share of paths drawn from the partner's own annual growth that get there
    (`scenarios.chance`) and how many rolling windows grew as fast."""
    first, last = terms.window(t)
    from_year = int(annual.index.max())
    start, end = from_year + 1, int(last[:4])
    if start > end or not last.endswith("-12") or annual[from_year] <= 0:
        return None
    done = [y for y in targets.index if y <= from_year]
    bought = {y: float(monthly.reindex([m for m in terms.months(first, last)
                                        if int(m[:4]) == y]).fillna(0.0).sum()) for y in done}
    owed = max(sum(float(targets[y]) - bought[y] for y in done), 0.0)
    plan = scenarios.catch_up(targets, owed, start, end - start + 1, from_year,
                              float(annual[from_year]))
    history = annual[annual > 0]
    growth = scenarios.log_growth(history, first=int(history.index.min()) + 1)
    if len(growth) < max(scenarios.BLOCK, MIN_HISTORY - 1):
        return None
    odds = scenarios.chance(growth, plan)
    span = end - from_year
    rolling = scenarios.rolling_growth(history, span, first=int(history.index.min()))
    return CatchUp(owed, plan, odds, len(rolling), int((rolling >= plan.growth).sum()),
                   int(history.index.min()), int(history.index.max()))


def scope(t: dict, annual: pd.Series, targets: pd.Series, data_dir: Path | None
          ) -> Scope | None:
    """The last full year's purchases on the file's chapters and on its broader scope."""
    wide = t["products"].get("scope")
    if not wide or annual.empty:
        return None
    broad = _census({**t, "products": {"chapters": wide["chapters"]}}, data_dir)
    year = int(annual.index.max())
    return Scope(" ".join(str(wide["what"]).split()), year, float(annual[year]),
                 float(full_years(broad)[year]), int(targets.index[0]),
                 float(targets.iloc[0]))


@cache
def _measure(name: str, data_dir: Path, stamp: int) -> Commitment:
    problems = terms.problems(name, data_dir)
    if problems:
        raise CommitmentError("; ".join(problems))
    t = terms.read(name, data_dir)
    monthly = purchases(t, data_dir)
    annual = full_years(monthly)
    targets = annual_targets(t, monthly, data_dir)
    straight = target_path(t, monthly, "straight_line", data_dir)
    seasonal = target_path(t, monthly, "seasonal", data_dir)
    return Commitment(name, t, str(t["unit"]), monthly, annual, targets, straight, seasonal,
                      status(t, monthly, straight, seasonal), pace(t, annual, targets),
                      catch_up(t, annual, monthly, targets),
                      scope(t, annual, targets, data_dir))


def measure(name: str, data_dir: Path | None = None) -> Commitment:
    """Commitment file `name` measured on the data in `data_dir` (default the project's)."""
    folder = Path(data_dir or config.DATA).resolve()
    path = terms.path(name, folder)
    return _measure(name, folder, path.stat().st_mtime_ns if path.is_file() else 0)


def ranked(data_dir: Path | None = None) -> list[Commitment]:
    """Every commitment, furthest below its straight-line path first (fulfilment to date)."""
    every = [measure(n, data_dir) for n in terms.names(data_dir)]
    return sorted(every, key=lambda c: (c.status.fulfilment, c.name))
