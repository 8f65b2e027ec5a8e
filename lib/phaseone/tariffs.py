"""Average tariffs of the US on China and of China on the US by date, 2018-2026.

An average is taken over HS6 lines at each date a schedule gives (`data/tariff_schedules.csv`):
trade-weighted (2017 trade, or the latest full year the data hold) or simple. Goods are all
goods, the goods Annex 6.1 covers or one of its sectors (classified by the product list as the
derivation classifies HS6 codes), or soybeans (HS 1201). Each direction has its schedules in
date order; between one schedule's last date and the next one's first the data hold none, and
the averages have a gap there, never an interpolation. The US side after 2025 is a model-based
effective tariff (all goods only). Rates percent; trade US$ billions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import pandas as pd

from phaseone.data import load
from phaseone.data.derive.products import classify, product_list, to_hs2017
from phaseone.vocabulary import TARIFF_DIRECTIONS, TARIFF_GOODS, TARIFF_WEIGHTS

DIRECTIONS, WEIGHTS, GOODS = TARIFF_DIRECTIONS, TARIFF_WEIGHTS, TARIFF_GOODS
SOYBEANS = "1201"
HS2022_SCHEDULES = ("wto_china",)  # schedules in HS 2022 codes (the others in earlier vintages)
HS2022_FROM = 2022  # Comtrade years classified in HS 2022


@dataclass(frozen=True)
class Schedule:
    """One schedule a direction's averages read: `kind` "schedule" (HS6 lines) or "model"
    (one all-goods rate, the sum of its `layers`)."""

    name: str
    kind: str
    layers: tuple[str, ...]
    label: str


SCHEDULES = {
    "us_on_china": (
        Schedule("twt_us", "schedule", ("applied",),
                 "US MFN and Section 301 tariffs by HS6 (tradewartracker, from USITC lists)"),
        Schedule("twt_effective", "model", ("level_2024", "since_2025"),
                 "model-based US effective tariff on China: the 2024 level plus the measures "
                 "since 2025 (tradewartracker)")),
    "china_on_us": (
        Schedule("twt_china", "schedule", ("applied",),
                 "China's applied tariffs by HS6 (tradewartracker, checked against Bown's "
                 "retaliation files)"),
        Schedule("wto_china", "schedule", ("applied",),
                 "China's applied tariffs by HS6 (WTO Tariff & Trade Data)")),
}
# Whose trade weights a direction's HS6 rates: the importer's imports (China's 2017 imports by
# HS6 are not in the data: US exports to China stand in for them, a mirror).
FLOWS = {("us_on_china", "trade_2017"): "us_imports", ("us_on_china", "trade_latest"): "us_imports",
         ("china_on_us", "trade_2017"): "us_exports",
         ("china_on_us", "trade_latest"): "china_imports"}
WEIGHT_TEXT = {"trade_2017": "weighted by 2017 trade", "trade_latest":
               "weighted by the latest full year of trade", "simple": "simple average of HS6 lines"}


def _check(direction: str, weights: str, goods: str) -> None:
    for name, value, allowed in (("direction", direction, DIRECTIONS),
                                 ("weights", weights, WEIGHTS), ("goods", goods, GOODS)):
        if value not in allowed:
            raise ValueError(f"{name}={value!r}; choose from {' | '.join(allowed)}")


# ----------------------------------------------------------------------------- the schedules


@cache
def _rows() -> pd.DataFrame:
    return load("tariff_schedules")


@cache
def levels(schedule: str) -> pd.DataFrame:
    """A level schedule as HS6 lines (rows) by date (columns), each line's rate carried from
    its change rows to the schedule's later dates (layers summed), percent."""
    rows = _rows()
    rows = rows[rows["schedule"].eq(schedule) & rows["measure"].eq("level")]
    if rows.empty:
        raise ValueError(f"tariff_schedules holds no level rows for schedule {schedule!r}")
    dates = sorted(rows["date"].unique())
    layers = [part.pivot(index="hs6", columns="date", values="rate_pct")
              .reindex(columns=dates).ffill(axis=1) for _, part in rows.groupby("layer")]
    return sum(layers[1:], layers[0]) if len(layers) > 1 else layers[0]


def span(schedule: str) -> tuple[str, str]:
    """A schedule's first and last dates."""
    dates = levels(schedule).columns
    return str(dates[0]), str(dates[-1])


def source(schedule: str) -> str:
    """The citation of a schedule's rows."""
    return str(_rows().loc[_rows()["schedule"].eq(schedule), "source"].iloc[0])


def quality(schedule: str) -> str:
    return str(_rows().loc[_rows()["schedule"].eq(schedule), "quality"].iloc[0])


# ----------------------------------------------------------------------------- goods and weights


@cache
def _sectors(codes: tuple[str, ...], hs2022: bool) -> pd.Series:
    """Annex 6.1 sector of each HS6 code (NaN: not covered), by the product list, HS 2022
    codes first mapped back to HS 2017 by the concordance, as the derivation does."""
    series = pd.Series(codes, index=codes)
    if hs2022:
        series = to_hs2017(series, load("hs_concordance"))
    return classify(series, product_list())["sector"]


def in_goods(codes: pd.Index, goods: str, hs2022: bool = False) -> pd.Series:
    """True for the HS6 codes that belong to `goods` (`GOODS`); `hs2022`: the codes are HS
    2022's."""
    codes = pd.Index(codes.astype(str))
    if goods == "all":
        return pd.Series(True, index=codes)
    if goods == "soybeans":
        return pd.Series(codes.str.startswith(SOYBEANS), index=codes)
    sector = _sectors(tuple(codes), hs2022)
    return sector.notna() if goods == "covered" else sector.eq(goods)


@cache
def weight_year(direction: str, weights: str) -> int | None:
    """The year whose trade weights `direction` under `weights` (None: simple average)."""
    if weights == "simple":
        return None
    table = load("tariff_weights")
    years = table.loc[table["flow"].eq(FLOWS[direction, weights]), "year"]
    return int(years.min() if weights == "trade_2017" else years.max())


@cache
def trade(flow: str, year: int) -> pd.Series:
    """Trade by HS6 for one flow and year, US$ bn."""
    table = load("tariff_weights")
    part = table[table["flow"].eq(flow) & table["year"].eq(year)]
    return part.set_index("hs6")["value_bn"]


def weight_of(direction: str, weights: str) -> pd.Series | None:
    """HS6 trade weights of `direction` under `weights`, US$ bn (None: simple average)."""
    year = weight_year(direction, weights)
    return None if year is None else trade(FLOWS[direction, weights], year)


def mean(rates: pd.Series, weight: pd.Series | None) -> tuple[float, float]:
    """(average rate, share of the weight the rates cover) over HS6 lines with a rate: the
    simple mean when `weight` is None (share NaN)."""
    rates = rates.dropna()
    if weight is None:
        return (float(rates.mean()) if len(rates) else math.nan), math.nan
    w = weight.reindex(rates.index).fillna(0.0)
    total = float(weight.sum())
    if not w.sum() > 0:
        return math.nan, 0.0
    return float((rates * w).sum() / w.sum()), float(w.sum() / total) if total else math.nan


# ----------------------------------------------------------------------------- averages by date


def _schedule_average(direction: str, schedule: Schedule, weights: str, goods: str
                      ) -> pd.DataFrame:
    wide = levels(schedule.name)
    if schedule.kind == "model":
        if goods != "all":
            return pd.DataFrame()
        rate = wide.loc["all"]
        return pd.DataFrame({"date": rate.index, "rate_pct": rate.values, "coverage": math.nan,
                             "lines": 0})
    wide = wide[in_goods(wide.index, goods, schedule.name in HS2022_SCHEDULES).to_numpy()]
    weight = weight_of(direction, weights)
    if weight is not None:
        late = weight_year(direction, weights) >= HS2022_FROM
        weight = weight[in_goods(weight.index, goods, late).to_numpy()]
    rows = [(date, *mean(wide[date], weight), int(wide[date].notna().sum()))
            for date in wide.columns]
    return pd.DataFrame(rows, columns=["date", "rate_pct", "coverage", "lines"])


@cache
def averages(direction: str, weights: str, goods: str) -> pd.DataFrame:
    """The average tariff of `direction` on `goods` at each schedule date: date, rate_pct,
    schedule, kind (schedule | model), coverage (share of the goods' trade weight whose lines
    the schedule rates; NaN for simple averages and the model), lines (HS6 lines rated)."""
    _check(direction, weights, goods)
    parts = [_schedule_average(direction, s, weights, goods).assign(schedule=s.name, kind=s.kind)
             for s in SCHEDULES[direction]]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    return out[["date", "rate_pct", "schedule", "kind", "coverage", "lines"]]


@cache
def table(weights: str) -> pd.DataFrame:
    """Every direction and goods group's averages by date (`averages`), long."""
    return pd.concat([averages(d, weights, g).assign(direction=d, goods=g)
                      for d in DIRECTIONS for g in GOODS], ignore_index=True)


def steps(frame: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """A schedule's averages (`averages` rows of one schedule) as steps: each date's rate holds
    until the next date; the last one on its date only. Columns start, end, rate_pct."""
    frame = frame.sort_values("date")
    ends = list(frame["date"].iloc[1:]) + [frame["date"].iloc[-1]]
    out = pd.DataFrame({"start": frame["date"].to_numpy(), "end": ends,
                        "rate_pct": frame["rate_pct"].to_numpy()})
    return out[(out["end"] >= first) & (out["start"] <= last)]


def gaps(direction: str) -> list[tuple[str, str]]:
    """Periods between a direction's schedules with no schedule in the data: (after, before)."""
    spans = [span(s.name) for s in SCHEDULES[direction]]
    return [(a[1], b[0]) for a, b in zip(spans, spans[1:], strict=False)]


# ----------------------------------------------------------------------------- in force


@dataclass(frozen=True)
class InForce:
    """The average tariff in force on some HS codes on a date, or a gap.

    `rate_pct` is NaN when no schedule in the data speaks for the date (or the only one there
    is the all-goods model and the codes are not all goods); `latest_*` then name the latest
    schedule date before it and its rate, for a reader to cite as such."""

    direction: str
    codes: tuple[str, ...]
    date: str
    weights: str
    rate_pct: float
    simple_pct: float
    as_of: str | None  # the schedule date in force
    schedule: str | None
    source: str | None
    latest_date: str | None
    latest_pct: float

    @property
    def gap(self) -> bool:
        return math.isnan(self.rate_pct)


def _lines(wide: pd.DataFrame, codes: tuple[str, ...], hs2022: bool) -> pd.DataFrame:
    """The HS6 lines of `codes`: a goods group (`GOODS`, alone) or HS prefixes."""
    if len(codes) == 1 and codes[0] in GOODS:
        return wide[in_goods(wide.index, codes[0], hs2022).to_numpy()]
    return wide[wide.index.astype(str).str.startswith(codes)]


def _rate_on(direction: str, schedule: Schedule, codes: tuple[str, ...], date: str,
             weights: str) -> tuple[float, float, str]:
    wide = levels(schedule.name)
    as_of = str(max(d for d in wide.columns if d <= date))
    if schedule.kind == "model":
        rate = float(wide.loc["all", as_of]) if codes == ("all",) else math.nan
        return rate, rate, as_of
    lines = _lines(wide, codes, schedule.name in HS2022_SCHEDULES)[as_of]
    weighted = mean(lines, weight_of(direction, weights))[0]
    return weighted, mean(lines, None)[0], as_of


def tariff_in_force(direction: str, hs_codes, date: str, weights: str = "trade_2017"
                    ) -> InForce:
    """The average tariff of `direction` on the goods whose HS6 codes start with one of
    `hs_codes` (e.g. ["1201"]), or on one goods group (["all"], ["covered"], ["agriculture"]...)
    in force on `date` (YYYY-MM-DD), by `weights`."""
    _check(direction, weights, "all")
    codes = tuple(str(c) for c in ([hs_codes] if isinstance(hs_codes, str) else hs_codes))
    latest = (None, math.nan)
    for schedule in SCHEDULES[direction]:
        first, last = span(schedule.name)
        if first <= date <= last:
            rate, simple, as_of = _rate_on(direction, schedule, codes, date, weights)
            return InForce(direction, codes, date, weights, rate, simple, as_of, schedule.name,
                           source(schedule.name), *latest)
        if last < date:
            latest = (last, _rate_on(direction, schedule, codes, last, weights)[0])
    return InForce(direction, codes, date, weights, math.nan, math.nan, None, None, None,
                   *latest)


# ----------------------------------------------------------------------------- by year


def annual(direction: str, weights: str, goods: str, min_share: float = 0.9) -> pd.Series:
    """Day-weighted average tariff of `direction` on `goods` by calendar year, for years whose
    days a schedule covers for at least `min_share` of the year (from a schedule's first date
    to its last), percent."""
    avg = averages(direction, weights, goods)
    out = {}
    for _, part in avg.groupby("schedule"):
        st = steps(part, "0000", "9999")
        for year in range(int(st["start"].min()[:4]), int(st["end"].max()[:4]) + 1):
            days, total = _year_days(st, year)
            if days >= min_share * pd.Timestamp(f"{year}-12-31").day_of_year:
                out[year] = total / days
    return pd.Series(out, dtype=float).sort_index()


def _year_days(st: pd.DataFrame, year: int) -> tuple[int, float]:
    """Days of `year` the steps cover and the sum of their rates over those days."""
    lo, hi = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-12-31")
    days, total = 0, 0.0
    last = len(st) - 1
    for i, row in enumerate(st.itertuples()):
        start = max(pd.Timestamp(row.start), lo)
        end = min(pd.Timestamp(row.end) - pd.Timedelta(days=0 if i == last else 1), hi)
        n = (end - start).days + 1
        if n > 0:
            days, total = days + n, total + n * row.rate_pct
    return days, total


# ----------------------------------------------------------------------------- cut or kept

RAISED_PP = 5.0  # a line China retaliated against: its rate rose this much above the first date
CUT_PP = 5.0  # a retaliation China cut: its rate on the last date this far below its peak
GROUPS = ("cut", "kept", "none")
GROUP_TEXT = {"cut": "retaliation cut or suspended by the end of 2019",
              "kept": "retaliation kept", "none": "no retaliation"}
PURCHASE_YEARS = (2017, 2018, 2019, 2020, 2021)  # HS6 exports in the vintage of the schedule


def retaliation_group(schedule: str = "twt_china") -> pd.Series:
    """What China did to each HS6 line over a schedule: "cut" (raised by `RAISED_PP` or more
    above its first-date rate, then cut by `CUT_PP` or more from its peak by the last date),
    "kept" (raised, not cut), "none" (not raised)."""
    wide = levels(schedule).dropna()
    first, last = wide.columns[0], wide.columns[-1]
    peak = wide.max(axis=1)
    raised = peak - wide[first] >= RAISED_PP
    cut = raised & (peak - wide[last] >= CUT_PP)
    return pd.Series(["cut" if c else "kept" if r else "none" for c, r in zip(cut, raised,
                                                                               strict=True)],
                     index=wide.index, name="group")


def purchases_by_group(goods: str = "covered") -> pd.DataFrame:
    """US exports to China of `goods` by what China did to their tariffs in 2018-2019
    (`retaliation_group`), by year (`PURCHASE_YEARS`, US$ bn), with the lines in each group,
    the 2017-weighted tariff on the first date, at its peak and on the last date (percent),
    and purchases in 2020-21 a year against 2017 (ratio)."""
    wide = levels("twt_china").dropna()
    group = retaliation_group()
    wide = wide[in_goods(wide.index, goods).to_numpy()]
    group = group.reindex(wide.index)
    first, last = wide.columns[0], wide.columns[-1]
    w2017 = trade("us_exports", PURCHASE_YEARS[0])
    rows = []
    for name in GROUPS:
        lines = wide[group.eq(name).to_numpy()]
        row = {"group": name, "lines": len(lines),
               "first_pct": mean(lines[first], w2017)[0],
               "peak_pct": mean(lines.max(axis=1), w2017)[0],
               "last_pct": mean(lines[last], w2017)[0]}
        for year in PURCHASE_YEARS:
            row[str(year)] = float(trade("us_exports", year).reindex(lines.index).sum())
        row["ratio_2020_21"] = (row["2020"] + row["2021"]) / 2 / row["2017"]
        rows.append(row)
    return pd.DataFrame(rows)


def cut_between(schedule: str, before: str, after: str, goods: str = "covered"
                ) -> pd.DataFrame:
    """HS6 lines of `goods` whose rate fell from `before` to `after` on a schedule: hs6, the
    two rates (percent) and the importer's trade in the latest weight year (US$ bn)."""
    wide = levels(schedule)
    wide = wide[in_goods(wide.index, goods, schedule in HS2022_SCHEDULES).to_numpy()]
    fell = wide[wide[after] < wide[before]]
    weight = trade(FLOWS["china_on_us", "trade_latest"], weight_year("china_on_us",
                                                                    "trade_latest"))
    return pd.DataFrame({"hs6": fell.index, "before_pct": fell[before].to_numpy(),
                         "after_pct": fell[after].to_numpy(),
                         "trade_bn": weight.reindex(fell.index).fillna(0.0).to_numpy()})


def top_chapter(group: str, goods: str = "covered") -> tuple[str, float]:
    """The HS chapter with the largest share of a `retaliation_group`'s 2017 US exports to
    China, and that share (fraction)."""
    lines = retaliation_group()
    lines = lines[(lines == group) & in_goods(lines.index, goods).to_numpy()].index
    exports = trade("us_exports", PURCHASE_YEARS[0]).reindex(lines).fillna(0.0)
    chapters = exports.groupby(exports.index.str[:2]).sum()
    return str(chapters.idxmax()), float(chapters.max() / chapters.sum())
