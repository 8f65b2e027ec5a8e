"""The after-the-deal report's soybean section: each 2025 pledge on purchases, shipments and
arrivals with their dates, the seasonal pace, past years beside it, and Census dollars turned
into tonnes as a cross-check only. Every sentence cites what it shows; quantities in million
metric tons (MMT)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from phaseone import soybeans
from phaseone.data import load
from phaseone.present.statements import (
    ChartSpec,
    Cite,
    Compare,
    Sentence,
    TableSpec,
    compare,
    day,
    join,
    say,
    share,
    words,
    year,
)
from phaseone.present.text import and_list, date_words, month_words

YEAR_WORDS = {"calendar": "calendar year", "marketing_year": "marketing year (September-August)"}
DEADLINE_WORDS = {"end_february_2026": "by the end of February 2026, as later stated",
                  "end_2025": "by the end of 2025, as first said"}
CROSS_CHECK_FROM = "2025-11"  # the first month after the deal


def mmt(kt: float) -> Cite:
    """Thousand tons shown as million metric tons: 10816.9 -> '10.8 MMT'."""
    return Cite("", float(kt) / 1e3, "tonnes", f"{kt / 1e3:,.1f} MMT")


@dataclass(frozen=True)
class SoybeanSection:
    """What the report shows about the soybean pledges."""

    tracker: soybeans.Tracker
    history: pd.DataFrame  # past years by calendar year (soybeans.history)
    backtest: pd.DataFrame  # the Census HS 12 conversion's error by year
    census: pd.DataFrame  # Census HS 12 tonnes by month since the deal
    text: Sentence  # each pledge: purchases, shipments, arrivals, pace
    table: TableSpec
    chart: ChartSpec
    history_text: Sentence
    history_table: TableSpec
    cross_check: Sentence
    sources: tuple[str, ...]


def _straight(p: soybeans.Pledge, day: str) -> float:
    """Purchases (kt) a straight line to the amount expects by `day`."""
    length = (pd.Timestamp(p.end) - pd.Timestamp(p.start)).days
    done = (pd.Timestamp(day) - pd.Timestamp(p.start)).days
    return p.kt * min(max(done / length, 0.0), 1.0)


def _pledge_words(p: soybeans.Pledge, kind: str) -> Sentence:
    what = (say("{kt} of the 2025/26 crop from {a} to {b}", kt=amount(p.kt), a=day(p.start),
                b=day(p.end)) if p.name == "2025/26 crop" else
            say("{kt} in the {kind} {name} ({a} to {b})", kt=amount(p.kt),
                kind=words(YEAR_WORDS[kind].split(" (")[0]), name=words(p.name),
                a=day(p.start), b=day(p.end)))
    return say("**") + what + say("**")


def amount(kt: float) -> Cite:
    """A pledge's amount: '12 MMT'."""
    return Cite("", float(kt) / 1e3, "tonnes", f"{kt / 1e3:,.0f} MMT")


def _bought(g: soybeans.Progress) -> Sentence:
    """Purchases allocated to the pledge; at its deadline met or missed, before it against
    the seasonal pace and a straight line."""
    p = g.pledge
    out = say("USDA export sales to China allocated to it through the week ending {t} come to "
              "{b} ({s} of the amount)", t=day(g.through), b=mmt(g.bought_kt),
              s=share(g.share))
    if g.reached:
        return out + say(", the amount reached in the week ending {w}.", w=day(g.reached))
    if g.ended:
        return out + say(": the amount was not reached by the deadline.")
    return out + say(", {cmp} the {pace} the seasonal pace expects by then (a straight line: "
                     "{line}).", pace=mmt(g.pace_kt), line=mmt(_straight(p, g.through)),
                     cmp=compare(g.bought_kt, g.pace_kt, "<",
                                 {"all": "behind", "none": "at or ahead of"}))


def _carried(t: soybeans.Tracker, p: soybeans.Pledge) -> pd.Series:
    """The sales marketing years opened with (kt, by first week) in the pledge's window."""
    c = soybeans.carry_ins()
    inside = c.index.to_series().between(p.start, min(p.end, t.last_week))
    return c[inside & c.gt(0.5)]


def _without_carry_in(g: soybeans.Progress, t: soybeans.Tracker, kind: str,
                      deadline: str) -> Sentence:
    """The block of earlier, undated sales in the pledge's window: its size and date, and the
    pledge's purchases and pace without it (both computed from the table)."""
    block = _carried(t, g.pledge)
    if block.empty or not g.started:
        return Sentence("")
    wo = soybeans.track(kind, deadline, carry_in=False, years=t.pace_years)
    h = next(x for x in wo.progress if x.pledge.name == g.pledge.name)
    weeks = [say("{q} in the week ending {d}", q=mmt(q), d=day(str(w)))
             for w, q in block.items()]
    return (say(" These purchases hold ") + join(weeks, ", ")
            + say(": the commitments a marketing year opens with beyond its first week's net "
                  "sales, sold earlier on dates USDA does not give (possibly in 2025) and dated "
                  "to that week; {c} ({cs}) of the purchases allocated to the pledge are that "
                  "block, so its standing against the pace is shown both ways. "
                  "Without such blocks (the pace drawn likewise from past years) the pledge "
                  "stands at {b} ({s} of the amount), {cmp} the {pace} the pace expects; {same}.",
                  c=mmt(g.bought_kt - h.bought_kt), cs=share(1 - h.bought_kt / g.bought_kt),
                  b=mmt(h.bought_kt), s=share(h.share), pace=mmt(h.pace_kt),
                  cmp=compare(h.bought_kt, h.pace_kt, "<",
                              {"all": "behind", "none": "at or ahead of"}),
                  same=words("the same verdict as with them" if (h.bought_kt < h.pace_kt)
                             == (g.bought_kt < g.pace_kt) else "the opposite verdict")))


def _one(g: soybeans.Progress, kind: str, last_week: str) -> Sentence:
    """One pledge: what was said, purchases with their dates against the seasonal pace,
    shipments through `last_week`, arrivals."""
    p = g.pledge
    head = _pledge_words(p, kind) + say(" ({src}, {on}): ", src=words(p.source.split(",")[0]),
                                        on=day(p.said_on))
    if not g.started:
        return head + say("it begins on {a}, after the last week held.", a=day(p.start))
    bought = _bought(g)
    shipped = say(" Shipments of those purchases through {last}: {s}.", last=day(last_week),
                  s=mmt(g.shipped_kt))
    arrivals = soybeans.arrivals(p)
    arrived = (say(" China's own data record {a} arriving from the US over its months.",
                   a=Cite("", arrivals, "tonnes", f"{arrivals:,.1f} MMT"))
               if arrivals is not None else
               say(" China's own import data held here end in {m}: no arrivals to count yet.",
                   m=words(month_words(_imports_end()))))
    return head + bought + shipped + arrived


@cache
def _imports_end() -> str:
    return str(load("china_soybean_imports")["month"].max())


def _first_deadline_note(t: soybeans.Tracker, deadline: str) -> Sentence:
    """Where purchases toward the 12 MMT stood at the fact sheet's own deadline, end-2025,
    against the seasonal pace to the later deadline; the press's larger figure, unverified."""
    press = Sentence("Press reports of 12 MMT booked by 20 January 2026 (traders, unverified) are "
                     "not in USDA's data for China: sales to \"unknown destinations\" count as "
                     "China's only once reassigned.")
    if deadline != "end_february_2026":
        return press
    g = t.progress[0]
    week = str(t.bought.loc[:"2025-12-31"].index.max())  # the last week ending in 2025
    by = t.bought.loc[:week, g.pledge.name].sum()
    share_pace = soybeans.seasonal_share(t.weekly["purchases_kt"], g.pledge, t.pace_years)
    pace = soybeans.pace(g.pledge, share_pace, week)
    return say("By the end of 2025, the fact sheet's deadline, {b} had been bought (through "
               "the week ending {w}, the last of the year) against {p} on the seasonal pace to "
               "the later deadline by that week. ", w=day(week), b=mmt(by), p=mmt(pace)) + press


def _between(t: soybeans.Tracker) -> Sentence:
    """Purchases since the deal that fall in no pledge's window (between two of them)."""
    since = t.bought.loc[soybeans.DEAL_DAY:, soybeans.OUTSIDE]
    if since.abs().sum() < 0.5:  # under 500 tonnes
        return Sentence("")
    weeks = since[since.ne(0)].index
    out = say("Purchases since the deal in no pledge's window (weeks ending {a} to {b}) count "
              "toward none: {q}.", a=day(str(weeks.min())), b=day(str(weeks.max())),
              q=mmt(since.sum()))
    later = soybeans.carry_ins().loc[str(weeks.max()):]
    later = later[later.gt(0.5)]
    if later.empty:
        return out
    return out + say(" It may not be all China bought in those weeks: the {q} a marketing year "
                     "opened with in the week ending {d}, sold earlier on dates USDA does not "
                     "give, may have been sold in them, and counts toward a later pledge.",
                     q=mmt(later.iloc[0]), d=day(str(later.index[0])))


def _pace_note(t: soybeans.Tracker) -> Sentence:
    first, last = t.pace_years[0], t.pace_years[-1]
    return say("The seasonal pace is the share of a window's purchases that past years had "
               "made by the same day, averaged over the window moved back to start in each of "
               "{a} to {b} (years China bought under the Phase One agreement and after it, "
               "before the 2025 tariffs); purchases are the week's change in China's total "
               "commitments (net sales), the sales a marketing year carries in from before it "
               "dated to its first week (USDA publishes them then); a pledge's shipments are "
               "the exports of what was bought under it, oldest pledge first.",
               a=year(first), b=year(last))


def _text(t: soybeans.Tracker, kind: str, deadline: str) -> Sentence:
    wording = ("the fact sheet's wording (\"during the last two months of 2025\", \"annually "
               "in 2026-2028\") names calendar periods")
    year_words = (say("A pledge year is here a calendar year, the default: {w}; a marketing year "
                      "(September-August) is the other choice.", w=words(wording))
                  if kind == "calendar" else
                  say("A pledge year is here a {kind}, a parameter; the default is the calendar "
                      "year, as {w}.", kind=words(YEAR_WORDS[kind]), w=words(wording)))
    lead = (Sentence("Each purchase and shipment counts toward one pledge only, the oldest open "
                     "one first. ") + year_words
            + say(" The 12 MMT is counted {deadline}.", deadline=words(DEADLINE_WORDS[deadline])))
    pledges = [_one(g, kind, t.last_week) + _without_carry_in(g, t, kind, deadline)
               for g in t.progress]
    return join([lead, pledges[0] + " " + _first_deadline_note(t, deadline), *pledges[1:],
                 _between(t), _pace_note(t)], "\n\n")


def _table(t: soybeans.Tracker, source: str) -> TableSpec:
    rows = []
    for g in t.progress:
        p = g.pledge
        rows.append({"pledge": f"{p.mmt:,.0f} MMT, {p.name}",
                     "window": f"{date_words(p.start)} to {date_words(p.end)}",
                     "said": f"{date_words(p.said_on)}: \u201c{p.said}\u201d",
                     "through": date_words(g.through) if g.started else None,
                     "purchases": round(g.bought_kt / 1e3, 2) if g.started else None,
                     "seasonal_pace": round(g.pace_kt / 1e3, 2) if g.started else None,
                     "straight_line": round(_straight(p, g.through) / 1e3, 2)
                     if g.started else None,
                     "shipped": round(g.shipped_kt / 1e3, 2) if g.started else None,
                     "arrivals": None})
    frame = pd.DataFrame(rows)
    return TableSpec(
        frame, title="China's 2025 soybean pledges on USDA export sales",
        subtitle=f"Million metric tons; purchases and shipments to China allocated to one "
                 f"pledge each, oldest first; through = last ESR week ending counted (data "
                 f"through {date_words(t.last_week)}); arrivals: China's own imports (held through "
                 f"{_imports_end()})", source=source,
        formats={c: "ratio" for c in ("purchases", "seasonal_pace", "straight_line",
                                      "shipped")},
        labels={"seasonal_pace": "Seasonal pace", "straight_line": "Straight line",
                "through": "Through week ending", "arrivals": "Arrivals (China's data)"},
        missing="no data yet")


def _chart(t: soybeans.Tracker, source: str) -> ChartSpec:
    started = [g for g in t.progress if g.started]
    bought = t.bought[[g.pledge.name for g in started]].cumsum()
    shipped = t.shipped[[g.pledge.name for g in started]].cumsum()
    paces = {}
    for g in started:
        share_pace = soybeans.seasonal_share(t.weekly["purchases_kt"], g.pledge, t.pace_years)
        days = pd.date_range(g.pledge.start, g.pledge.end, freq="D")
        paces[g.pledge.name] = pd.Series(share_pace.to_numpy() * g.pledge.kt / 1e3, index=days)
    first = min(g.pledge.start for g in started)
    windows = {g.pledge.name: (g.pledge.start, g.pledge.end, g.pledge.mmt) for g in started}
    each = [say("{name} {b} bought against {p} on the seasonal pace",
                name=words(g.pledge.name), b=mmt(g.bought_kt), p=mmt(g.pace_kt))
            for g in started]
    alt = (say("Cumulative purchases (solid) and shipments (dotted) allocated to each pledge, "
               "weekly from {a} to {b}, against each pledge's seasonal pace (dashed): ",
               a=day(first), b=day(t.last_week)) + join(each, "; ") + ".")
    return ChartSpec("soybean_pledges", dict(
        bought=bought.loc[first:] / 1e3, shipped=shipped.loc[first:] / 1e3, paces=paces,
        windows=windows, source=source,
        title="US soybean purchases and shipments to China by pledge, against the seasonal "
              "pace"), alt)


def _history_text(h: pd.DataFrame, t: soybeans.Tracker) -> Sentence:
    annual = t.pledges[1].kt / 1e3
    y17, y20, y24 = soybeans.HISTORY_YEARS
    last = int(h["china_imports_mmt"].last_valid_index())

    def against(value: float) -> Compare:
        return compare(annual, value, "<", {"all": "less than", "none": "at least"})

    x17, p20, p24 = (float(h.loc[y, c]) for y, c in ((y17, "us_exports_mmt"),
                                                      (y20, "purchases_mmt"),
                                                      (y24, "purchases_mmt")))
    return say(
        "Against the past, {kt} a year is {c17} the {x17} the US exported to China in {y17} "
        "(UN Comtrade: USDA's weekly series here starts in September 2019), {c20} the {p20} "
        "China bought in {y20} ({s20} shipped, USDA) and {c24} the {p24} it bought in {y24} "
        "({s24} shipped). China's own data show where it buys: in {L} it imported {cn} of "
        "soybeans, {us} from the US ({us_s}) and {br} from Brazil ({br_s}); in {y17} the US "
        "share was {us17}.",
        kt=amount(annual * 1e3), y17=year(y17), y20=year(y20), y24=year(y24),
        x17=_m(x17), p20=_m(p20), p24=_m(p24), c17=against(x17), c20=against(p20),
        c24=against(p24), s20=_m(h.loc[y20, "shipments_mmt"]),
        s24=_m(h.loc[y24, "shipments_mmt"]), L=year(last),
        cn=_m(h.loc[last, "china_imports_mmt"]), us=_m(h.loc[last, "china_from_us_mmt"]),
        us_s=share(h.loc[last, "us_share"]), br=_m(h.loc[last, "china_from_brazil_mmt"]),
        br_s=share(h.loc[last, "brazil_share"]), us17=share(h.loc[y17, "us_share"]))


def _m(value: float) -> Cite:
    return Cite("", float(value), "tonnes", f"{value:,.1f} MMT")


def _history_table(h: pd.DataFrame, source: str) -> TableSpec:
    tonnes = [c for c in h.columns if c.endswith("_mmt")]
    shown = h.assign(**h[tonnes].round(2)).reset_index()
    return TableSpec(
        shown, title="US soybean sales to China and China's imports by origin, by year",
        subtitle="Million metric tons; purchases and shipments: USDA export sales to China "
                 "(complete calendar years from 2020); US exports: UN Comtrade, as the US "
                 "reports them (complete calendar years only); China's imports: UN "
                 f"Comtrade, as China reports them (through {_imports_end()[:4]})", source=source,
        formats={"us_share": "percent", "brazil_share": "percent",
                 **{c: "ratio" for c in shown.columns if c.endswith("_mmt")}},
        labels={"purchases_mmt": "Purchases (USDA)", "shipments_mmt": "Shipments (USDA)",
                "us_exports_mmt": "US exports (Comtrade)",
                "china_from_us_mmt": "China's imports from the US",
                "china_from_brazil_mmt": "from Brazil", "china_imports_mmt": "China's imports",
                "us_share": "US share", "brazil_share": "Brazil's share"},
        missing="")


def _cross_check(census: pd.DataFrame, t: soybeans.Tracker, bt: pd.DataFrame) -> Sentence:
    first, last = str(census.index.min()), str(census.index.max())
    weeks = t.weekly.loc[f"{first}-01":f"{last}-31", "shipments_kt"]
    years = sorted(set(census["unit_value_year"]))
    return say(
        "As a cross-check only: Census HS 12 (oilseeds) exports to China from {a} through {b}, "
        "turned into tonnes with the year before's soybean unit value and share of HS 12 "
        "(UN Comtrade, {uv}), come to {census}, against {esr} USDA shipments to China in the "
        "weeks ending in those months. Backtested on {y0}-{y1} against UN Comtrade's soybean "
        "tonnes, that conversion errs by {lo} to {hi} a year.",
        a=words(month_words(first)), b=words(month_words(last)),
        uv=words(and_list([str(y) for y in years])),
        census=Cite("", float(census["mmt"].sum()), "tonnes",
                    f"{census['mmt'].sum():,.1f} MMT"),
        esr=mmt(weeks.sum()), y0=year(int(bt["year"].min())), y1=year(int(bt["year"].max())),
        lo=share(bt["error"].min(), 0), hi=Cite("", float(bt["error"].max()), "share",
                                                f"+{bt['error'].max() * 100:.0f}%")
    ) + " " + _shipment_checks()


def _shipment_checks() -> Sentence:
    """USDA's shipments against US-reported exports by marketing year, and China's arrivals
    against US exports over the years both exist."""
    by_year = soybeans.shipments_by_marketing_year()
    gap = by_year["ratio"].sub(1)
    worst = str(gap.abs().idxmax())
    mirror = soybeans.mirror_ratio()
    return say("USDA's shipments to China and US-reported exports (UN Comtrade) agree within "
               "{w} in each marketing year from {a} to {b} (the widest gap in {worst}); China's "
               "own imports from the US over 2016-2024 are {m} of US-reported exports in tonnes "
               "(the voyage's weeks and revisions apart).", w=share(abs(gap[worst]), 0),
               worst=words(worst),
               a=words(str(by_year.index[0])), b=words(str(by_year.index[-1])),
               m=share(mirror, 0))


@cache
def section(year_kind: str, first_deadline: str) -> SoybeanSection:
    """The soybean section at the report's two soybean parameters."""
    t = soybeans.track(year_kind, first_deadline)
    h = soybeans.history()
    bt = soybeans.census_tonnes_backtest()
    census = soybeans.census_tonnes(CROSS_CHECK_FROM)
    sources = tuple(dict.fromkeys([
        *load("soybean_export_sales")["source"].drop_duplicates(),
        load("china_soybean_imports")["source"].iloc[0],
        load("soybean_exports_to_china")["source"].iloc[0],
        *(p.source for p in t.pledges)]))
    source = "USDA FAS Export Sales Reporting; UN Comtrade; White House; press"
    return SoybeanSection(
        tracker=t, history=h, backtest=bt, census=census,
        text=_text(t, year_kind, first_deadline), table=_table(t, source),
        chart=_chart(t, source), history_text=_history_text(h, t),
        history_table=_history_table(h, "UN Comtrade; USDA FAS Export Sales Reporting"),
        cross_check=_cross_check(census, t, bt), sources=sources)
