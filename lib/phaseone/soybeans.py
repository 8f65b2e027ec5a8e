"""China's 2025 soybean pledges measured as purchases, shipments and arrivals.

Each pledge is data (`Pledge`): an amount, the days it counts and who said it when. Weekly
purchases (new commitments to China, USDA export sales) and shipments (USDA exports) are
allocated to one pledge each, oldest first (`allocate`, `allocate_shipments`), so that nothing
counts twice; the pace to a deadline follows the share of a window's purchases past years made
by each day (`seasonal_share`, `pace`). Beside them: China's own imports by origin (arrivals,
through 2024) and past years' US sales to China. Quantities are thousand metric tons (kt)
unless a name ends in `_mmt` (million metric tons).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from phaseone.data import load
from phaseone.vocabulary import FIRST_DEADLINES, PLEDGE_YEARS

BUYER = "china"
OUTSIDE = "outside"  # column of what falls in no pledge (before, between, or beyond them)
FACT_SHEET = ("White House fact sheet on the US-China trade and economic deal, 2025-11-01, as "
              "quoted by the press (secondhand): https://www.whitehouse.gov/fact-sheets/2025/11/"
              "fact-sheet-president-donald-j-trump-strikes-deal-on-economic-and-trade-"
              "relations-with-china/")
# The default pledge year is the calendar year: the fact sheet counts the first pledge in
# "the last two months of 2025" and the others "annually in 2026-2028", calendar periods.
LATER = ("Treasury Secretary Bessent at a New York Times event, 2025-12-03: \"the end of the "
         "season, so I think that will be Feb 28\" (Bloomberg, via farmdoc Farm Policy News)")
DEAL_DAY = "2025-10-30"  # the Busan meeting: the first week counted ends that day
# Purchases the pace is drawn from: the pledge's window moved back to start in each of these
# years (for a marketing-year window, the marketing years 2020/21-2023/24): years China bought
# under the Phase One agreement and after it, before the 2025 tariffs (2019 was cut by the
# trade war and is before the data's first September; 2024/25 by the 2025 tariffs).
PACE_YEARS = (2020, 2021, 2022, 2023)
HISTORY_YEARS = (2017, 2020, 2024)  # past years the pledge is set against


@dataclass(frozen=True)
class Pledge:
    """A pledge to buy at least `kt` of US soybeans from `start` through `end` (days,
    YYYY-MM-DD, both counted: a week counts when its week ending falls inside)."""

    name: str  # "2025/26 crop", "2026", ...
    kt: float
    start: str
    end: str
    said: str  # the words, as quoted
    source: str
    said_on: str  # YYYY-MM-DD

    @property
    def mmt(self) -> float:
        return self.kt / 1e3


def _year_window(year: int, kind: str) -> tuple[str, str]:
    """A pledge year as days: the calendar year, or the marketing year starting that September."""
    if kind == "calendar":
        return f"{year}-01-01", f"{year}-12-31"
    return f"{year}-09-01", f"{year + 1}-08-31"


def pledges(year_kind: str = "calendar", first_deadline: str = "end_february_2026"
            ) -> tuple[Pledge, ...]:
    """The 2025 pledges, oldest first: 12 MMT of the 2025/26 crop by `first_deadline`
    ("end_2025" as the fact sheet said, or "end_february_2026" as officials later said) and 25
    MMT in each of 2026-2028, a year being `year_kind` ("calendar", the fact sheet's "annually
    in 2026-2028"; or "marketing_year", September-August from that year)."""
    if year_kind not in PLEDGE_YEARS:
        raise ValueError(f"year_kind {year_kind!r}; choose from {' | '.join(PLEDGE_YEARS)}")
    if first_deadline not in FIRST_DEADLINES:
        raise ValueError(f"first_deadline {first_deadline!r}; choose from "
                         f"{' | '.join(FIRST_DEADLINES)}")
    first = (Pledge("2025/26 crop", 12_000.0, DEAL_DAY, "2025-12-31",
                    "at least 12 million metric tons (MMT) of U.S. soybeans during the last two "
                    "months of 2025", FACT_SHEET, "2025-11-01") if first_deadline == "end_2025" else
             Pledge("2025/26 crop", 12_000.0, DEAL_DAY, "2026-02-28",
                    "12 million tons by the end of February", LATER, "2025-12-03"))
    annual = [Pledge(str(y) if year_kind == "calendar" else f"{y}/{str(y + 1)[2:]}", 25_000.0,
                     *_year_window(y, year_kind), "at least 25 MMT annually in 2026-2028",
                     FACT_SHEET, "2025-11-01") for y in (2026, 2027, 2028)]
    return (first, *annual)


# ----------------------------------------------------------------------------- weekly series


def weekly(sales: pd.DataFrame | None = None, buyer: str = BUYER,
           carry_in: bool = True) -> pd.DataFrame:
    """Purchases and shipments by ESR week ending (index), kt, summed over marketing years.

    purchases_kt: the week's change in total commitments; in a marketing year's first week
    its whole commitments, which carry the sales made earlier for that year (they are dated
    there: the file has no next-year sales), or with `carry_in=False` that week's net sales
    only (the earlier sales left out). shipments_kt: the week's exports."""
    sales = load("soybean_export_sales") if sales is None else sales
    one = sales[sales["buyer"].eq(buyer)].sort_values(["marketing_year", "week_ending"])
    change = one.groupby("marketing_year")["total_commitments_kt"].diff()
    first = one["net_sales_kt"] if not carry_in else one["total_commitments_kt"]
    one = one.assign(purchases_kt=change.fillna(first))
    out = one.groupby("week_ending")[["purchases_kt", "shipments_kt"]].sum()
    return out.sort_index()


def carry_ins(sales: pd.DataFrame | None = None, buyer: str = BUYER) -> pd.Series:
    """Sales a marketing year opens with beyond its first week's net sales (kt), by that
    week ending: made earlier on dates USDA does not give, dated here to the first week."""
    sales = load("soybean_export_sales") if sales is None else sales
    one = sales[sales["buyer"].eq(buyer)].sort_values(["marketing_year", "week_ending"])
    first = one.groupby("marketing_year").head(1).set_index("week_ending")
    return (first["total_commitments_kt"] - first["net_sales_kt"]).rename("carried_in_kt")


def _inside(week: str, pledge: Pledge, open_ended: bool = False) -> bool:
    return pledge.start <= week and (open_ended or week <= pledge.end)


def allocate(amounts: pd.Series, pledges: tuple[Pledge, ...]) -> pd.DataFrame:
    """Each week's purchases (kt, index week ending) allocated to one pledge each: the oldest
    open pledge (its window holds the week) is filled to its amount first, then the next; what
    is left goes to the newest open pledge (a pledge is "at least"). A negative week (net
    cancellations) comes off the newest open pledge first, each down to zero. Weeks in no
    window go to `OUTSIDE`. Each row sums to the week's amount."""
    names = [p.name for p in pledges]
    held = dict.fromkeys(names, 0.0)
    rows = []
    for week, q in amounts.items():
        row = dict.fromkeys([*names, OUTSIDE], 0.0)
        open_ = [p for p in pledges if _inside(str(week), p)]
        if not open_:
            row[OUTSIDE] = float(q)
        elif q >= 0:
            left = float(q)
            for p in open_:
                take = min(left, max(p.kt - held[p.name], 0.0))
                row[p.name] += take
                left -= take
            row[open_[-1].name] += left
        else:
            left = float(q)
            for p in reversed(open_):
                give = max(left, -(held[p.name] + row[p.name]))
                row[p.name] += give
                left -= give
            row[open_[0].name] += left
        for n in names:
            held[n] += row[n]
        rows.append(row)
    return pd.DataFrame(rows, index=amounts.index)


def allocate_shipments(shipments: pd.Series, bought: pd.DataFrame,
                       pledges: tuple[Pledge, ...]) -> pd.DataFrame:
    """Each week's shipments (kt) allocated to one pledge each, oldest first: a pledge takes
    shipments from its start on, up to what was bought under it by that week (`bought`: the
    allocation of `allocate`); the rest is `OUTSIDE` (sales made before the pledges). Each row
    sums to the week's shipments."""
    names = [p.name for p in pledges]
    cap = bought[names].cumsum()
    shipped = dict.fromkeys(names, 0.0)
    rows = []
    for week, q in shipments.items():
        row = dict.fromkeys([*names, OUTSIDE], 0.0)
        left = float(q)
        for p in pledges:
            if _inside(str(week), p, open_ended=True) and left > 0:
                room = max(float(cap.loc[week, p.name]) - shipped[p.name], 0.0)
                take = min(left, room)
                row[p.name] += take
                left -= take
        row[OUTSIDE] += left
        for n in names:
            shipped[n] += row[n]
        rows.append(row)
    return pd.DataFrame(rows, index=shipments.index)


# ----------------------------------------------------------------------------- seasonal pace


def _shift(day: str, years: int) -> pd.Timestamp:
    return pd.Timestamp(day) + pd.DateOffset(years=years)


def seasonal_share(purchases: pd.Series, pledge: Pledge, years=PACE_YEARS) -> pd.Series:
    """The average share of a window's purchases made by each day of it (index: days from
    the start, 0..length), over the pledge's window shifted into each of `years` (the year
    its start falls in); linear between week endings, never falling (a week of net
    cancellations holds the share where it was) and at most 1. Raises ValueError when a shifted
    window lies outside the data or holds no purchases."""
    start = pd.Timestamp(pledge.start)
    length = (pd.Timestamp(pledge.end) - start).days
    weeks = pd.to_datetime(purchases.index)
    shares = []
    for y in years:
        a, b = _shift(pledge.start, y - start.year), _shift(pledge.end, y - start.year)
        if a < weeks.min() or b > weeks.max():
            raise ValueError(f"the pace needs purchases from {a.date()} to {b.date()}; the "
                             f"data run {weeks.min().date()} to {weeks.max().date()}")
        inside = purchases[(weeks >= a) & (weeks <= b)]
        total = float(inside.sum())
        if total <= 0:
            raise ValueError(f"no purchases from {a.date()} to {b.date()} to draw a pace from")
        span = (b - a).days  # a leap year's window is a day longer: shares by fraction
        days = (pd.to_datetime(inside.index) - a).days * length / span
        cum = np.maximum.accumulate(np.clip(np.concatenate(
            [[0.0], inside.cumsum().to_numpy() / total, [1.0]]), 0.0, 1.0))
        shares.append(np.interp(np.arange(length + 1), [0, *days, length], cum))
    return pd.Series(np.mean(shares, axis=0), index=pd.RangeIndex(length + 1, name="day"))


def pace(pledge: Pledge, share: pd.Series, day: str) -> float:
    """Purchases (kt) the seasonal pace expects by `day` (clipped to the window)."""
    offset = (pd.Timestamp(day) - pd.Timestamp(pledge.start)).days
    return float(pledge.kt * share.iloc[int(np.clip(offset, 0, len(share) - 1))])


# ----------------------------------------------------------------------------- the tracker


@dataclass(frozen=True)
class Progress:
    """One pledge on the data: purchases and shipments allocated to it, through `through`
    (the last week ending held, or the deadline when it has passed), and the pace."""

    pledge: Pledge
    through: str  # last week ending counted (on or before the deadline)
    bought_kt: float
    shipped_kt: float
    pace_kt: float  # the seasonal pace's purchases by `through`
    reached: str | None  # week ending when purchases allocated reached the amount
    started: bool  # the window has begun in the data
    ended: bool  # the deadline has passed in the data

    @property
    def share(self) -> float:
        return self.bought_kt / self.pledge.kt


@dataclass(frozen=True)
class Tracker:
    """The pledges on the weekly data: allocations by week and each pledge's progress."""

    pledges: tuple[Pledge, ...]
    weekly: pd.DataFrame  # purchases_kt, shipments_kt by week ending
    bought: pd.DataFrame  # purchases by week and pledge (+ OUTSIDE)
    shipped: pd.DataFrame  # shipments by week and pledge (+ OUTSIDE)
    progress: tuple[Progress, ...]
    last_week: str
    pace_years: tuple[int, ...]


def track(year_kind: str = "calendar", first_deadline: str = "end_february_2026",
          sales: pd.DataFrame | None = None, years=PACE_YEARS, carry_in: bool = True
          ) -> Tracker:
    """The soybean pledges tracked on USDA export sales to China (`sales`: the
    soybean_export_sales table, default the project's); `carry_in=False` leaves out the
    sales a marketing year opens with beyond its first week's net sales (`carry_ins`)."""
    ps = pledges(year_kind, first_deadline)
    w = weekly(sales, carry_in=carry_in)
    bought = allocate(w["purchases_kt"], ps)
    shipped = allocate_shipments(w["shipments_kt"], bought, ps)
    last = str(w.index.max())
    out = []
    for p in ps:
        started, ended = p.start <= last, p.end <= last
        through = str(w.index[w.index <= min(last, p.end)].max()) if started else last
        mine = bought.loc[:through, p.name]
        cum = mine.cumsum()
        hit = cum[cum >= p.kt - 1e-9]
        share = seasonal_share(w["purchases_kt"], p, years) if started else None
        out.append(Progress(p, through, float(mine.sum()),
                            float(shipped.loc[:last, p.name].sum()),
                            pace(p, share, through) if share is not None else 0.0,
                            str(hit.index[0]) if len(hit) else None, started, ended))
    return Tracker(ps, w, bought, shipped, tuple(out), last, tuple(years))


# ----------------------------------------------------------------------------- beside it


def _calendar(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby(frame.index.str[:4].astype(int))[column].sum()


def history(sales: pd.DataFrame | None = None) -> pd.DataFrame:
    """US soybean sales to China by calendar year, MMT: purchases and shipments (USDA ESR,
    complete calendar years from 2020), US-reported exports (UN Comtrade, complete calendar
    years from 2016: a year counts once some exporter reported its December) and
    China's own imports from the US, from Brazil and in all (UN Comtrade, reporter China,
    2016-2024) with the US and Brazil shares of China's imports."""
    w = weekly(sales)
    first_full = int(w.index.min()[:4]) + 1
    esr = pd.DataFrame({"purchases_mmt": _calendar(w, "purchases_kt"),
                        "shipments_mmt": _calendar(w, "shipments_kt")}).loc[first_full:] / 1e3
    last = pd.Timestamp(w.index.max())
    if last.month < 12 or last.day < 25:  # the last calendar year is not yet complete
        esr = esr.loc[: last.year - 1]
    exporters = load("soybean_exports_to_china")
    us = exporters.query("exporter == 'usa'").set_index("month")
    us_full = _calendar(us, "kt").loc[2016:int(exporters["month"].max()[:4]) - 1
                                      + (exporters["month"].max()[5:] == "12")]
    imports = load("china_soybean_imports").pivot(index="month", columns="origin", values="kt")
    cn = imports.groupby(imports.index.str[:4].astype(int)).sum() / 1e3
    out = pd.concat([esr, us_full.rename("us_exports_mmt") / 1e3,
                     cn["usa"].rename("china_from_us_mmt"),
                     cn["brazil"].rename("china_from_brazil_mmt"),
                     cn["world"].rename("china_imports_mmt")], axis=1)
    out["us_share"] = out["china_from_us_mmt"] / out["china_imports_mmt"]
    out["brazil_share"] = out["china_from_brazil_mmt"] / out["china_imports_mmt"]
    return out.sort_index().rename_axis("year")


def arrivals(pledge: Pledge) -> float | None:
    """China's own imports from the US (MMT) over the pledge's months, or None when China's
    data held here (through the last month of china_soybean_imports) do not reach it."""
    imports = load("china_soybean_imports").query("origin == 'usa'").set_index("month")["kt"]
    first, last = pledge.start[:7], pledge.end[:7]
    if last > imports.index.max():
        return None
    return float(imports.loc[first:last].sum() / 1e3)


# ----------------------------------------------------------------------------- cross-check


def shipments_by_marketing_year(sales: pd.DataFrame | None = None) -> pd.DataFrame:
    """USDA's exports to China against US-reported exports to China (UN Comtrade, months
    September-August) by marketing year complete in both, MMT: esr_mmt, comtrade_mmt, ratio.
    A marketing year is complete on Comtrade when some exporter reported its last month."""
    sales = load("soybean_export_sales") if sales is None else sales
    china = sales[sales["buyer"].eq(BUYER)].sort_values("week_ending")
    esr = china.groupby("marketing_year")["accumulated_exports_kt"].last() / 1e3
    exporters = load("soybean_exports_to_china")
    us = exporters.query("exporter == 'usa'")  # a month without a US row: none shipped
    period = pd.PeriodIndex(us["month"], freq="M")
    start = period.year - (period.month < 9)
    us = us.assign(my=[f"{y}/{str(y + 1)[2:]}" for y in start], start=start)
    held = exporters["month"].max()  # the last month any exporter reported
    comtrade = us[us["start"].map(lambda y: f"{y + 1}-08" <= held)].groupby("my")["kt"].sum()
    comtrade = comtrade / 1e3
    both = sorted(set(esr.index) & set(comtrade.index))
    out = pd.DataFrame({"esr_mmt": esr[both], "comtrade_mmt": comtrade[both]})
    return out.assign(ratio=out["comtrade_mmt"] / out["esr_mmt"]).rename_axis("marketing_year")


def mirror_ratio(first: int = 2016, last: int = 2024) -> float:
    """China's own imports from the US over US-reported exports to China, `first`-`last`."""
    us = load("soybean_exports_to_china").query("exporter == 'usa'")
    cn = load("china_soybean_imports").query("origin == 'usa'")
    span = (f"{first}-01", f"{last}-12")
    return float(cn[cn["month"].between(*span)]["kt"].sum()
                 / us[us["month"].between(*span)]["kt"].sum())


def census_tonnes_backtest() -> pd.DataFrame:
    """Census HS 12 (oilseeds) exports to China converted to soybean tonnes with the previous
    year's soybean unit value and share of HS 12 (Comtrade HS 120190), against Comtrade's
    soybean tonnes, by year: estimated_mmt, actual_mmt, error (fraction of actual)."""
    soy = load("soybeans_annual").set_index("year")
    ch = load("exports_monthly_chapters").query("chapter == '12'")
    hs12 = ch.groupby(ch["month"].str[:4].astype(int))["value_bn"].agg(["sum", "count"])
    hs12 = hs12.loc[hs12["count"].eq(12), "sum"]
    rows = []
    for y in hs12.index:
        if y - 1 in soy.index and y in soy.index:
            usd_t, share = unit_value(soy, y - 1)
            est = hs12[y] * share * 1e9 / usd_t / 1e6
            rows.append((y, est, float(soy.loc[y, "tonnes_mn"])))
    out = pd.DataFrame(rows, columns=["year", "estimated_mmt", "actual_mmt"])
    return out.assign(error=out["estimated_mmt"] / out["actual_mmt"] - 1)


def unit_value(soy: pd.DataFrame, year: int) -> tuple[float, float]:
    """($ per tonne, soybean share of HS 12 value) of US soybean exports to China in `year`."""
    row = soy.loc[year]
    return (float(row["value_bn"] * 1e9 / (row["tonnes_mn"] * 1e6)),
            float(row["value_bn"] / row["oilseeds_bn"]))


def census_tonnes(since: str) -> pd.DataFrame:
    """Census HS 12 exports to China by month from `since` (YYYY-MM), converted to soybean
    tonnes with the previous year's unit value and share (as backtested): value_bn, mmt, and
    the conversion year."""
    soy = load("soybeans_annual").set_index("year")
    ch = load("exports_monthly_chapters").query("chapter == '12' and month >= @since")
    rows = []
    for month, value in zip(ch["month"], ch["value_bn"], strict=True):
        year = min(int(month[:4]) - 1, int(soy.index.max()))
        usd_t, share = unit_value(soy, year)
        rows.append((month, value, value * share * 1e9 / usd_t / 1e6, year))
    return pd.DataFrame(rows, columns=["month", "value_bn", "mmt", "unit_value_year"]
                        ).set_index("month")
