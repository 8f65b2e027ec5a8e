"""The after-the-deal report: parameters in, every number, table, chart and sentence out.

The model owns the words: each sentence is a `statements.Sentence` citing the values it
shows, each word that depends on the numbers (fell/rose, less/more, plus/less, rising/falling)
is chosen by `compare`, and each per-year figure given with a total carries a `Total`. The
2020-21 shortfall beside USTR's and PIIE's is a fixed, labelled part (all four sectors, US
exports) that no parameter moves. Levels US$ billions, rates fractions a year.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from phaseone import agreement, compliance, growth, scenarios
from phaseone.data import load
from phaseone.parameters import model_values
from phaseone.present.statements import (
    ChartSpec,
    Cite,
    Sentence,
    TableSpec,
    Total,
    compare,
    count,
    join,
    money,
    say,
    words,
    year,
)
from phaseone.present.text import and_list, label, plain, publishers, source_list, span
from phaseone.reports.after_the_deal import rules, soy
from phaseone.reports.tariffs import model as tariff_report
from phaseone.vocabulary import FIRST_DEADLINES, PLEDGE_YEARS

DEFAULTS: dict[str, Any] = dict(
    yardstick="target_2021_flat", owed="shortfall_2020_21", start_year=2026, horizon=4,
    sectors=list(agreement.GOODS_SECTORS), pledge_year="calendar",
    first_deadline="end_february_2026")
CHOICES = dict(yardstick=tuple(scenarios.YARDSTICKS), owed=tuple(scenarios.OWED),
               sectors=agreement.SECTORS, pledge_year=PLEDGE_YEARS,
               first_deadline=FIRST_DEADLINES)
LAST_SCENARIO_YEAR = 2040
GOODS = tuple(agreement.GOODS_SECTORS)
EVERY = tuple(agreement.SECTORS)
AFTER_FROM = scenarios.AFTER_FROM  # first year after the agreement's two years
ESTIMATED = "estimated from HS chapter totals"


@dataclass(frozen=True)
class ToDate:
    """The latest year to date (monthly estimates) against the same months a year before."""

    months: str  # "January-May 2026"
    year: int
    sectors: tuple[str, ...]  # the chosen goods sectors summed (services have no months)
    this_bn: float  # the chosen goods sectors, this year to date
    before_bn: float  # the same months of the year before
    goods_this_bn: float  # all US goods exports to China, this year to date
    goods_before_bn: float


@dataclass(frozen=True)
class AfterReport:
    """Everything the after-the-deal report shows: numbers, and the words built from them."""

    parameters: dict[str, Any]
    title: str
    assessed: str  # "goods", "services" or "goods and services"
    scope: str  # the sectors as key figures name them: "goods only", "energy only", ...
    yardstick_text: str
    owed_text: str
    purchases: pd.DataFrame  # by year (2017 on) and sector, US$ bn
    totals: pd.Series  # purchases of the chosen sectors by year
    last_year: int  # last full year with data for every chosen sector
    yardstick: pd.DataFrame  # by year and sector
    shortfall: pd.DataFrame  # yardstick less purchases, 2022..last_year, by sector
    shortfall_cumulative: pd.Series  # total shortfall summed from 2022, by year
    agreement_shortfall: pd.Series  # 2020-21 targets less purchases, chosen sectors
    owed_bn: float
    plan: scenarios.CatchUp
    chance: scenarios.Chance
    windows: pd.DataFrame  # historical growth windows against the required growth
    rolling_share: float  # share of rolling windows as long as the plan that grew as fast
    monthly: pd.DataFrame  # estimated covered goods by month and sector, last two years
    goods_monthly: pd.Series  # all goods by month, last two years
    to_date: ToDate
    ustr: pd.DataFrame  # our 2020-21 shortfall beside USTR's and PIIE's
    soybeans: soy.SoybeanSection  # the 2025 pledges on purchases, shipments and arrivals
    backtest: pd.DataFrame  # monthly estimate's error by year and sector
    inputs: pd.DataFrame  # non-official rows behind the numbers
    sources: list[str]
    # --- what the report says, section by section
    key_figures: tuple[Cite, ...]
    finding: Sentence
    lead: Sentence  # the title in bold over the finding
    summary: Sentence  # purchases since 2022, the yardstick, what is owed, the catch-up
    inputs_note: Sentence  # inputs that are not official statistics (empty when none)
    purchases_chart: ChartSpec
    yardstick_note: Sentence  # how far the trend yardstick is read out of its range
    purchases_table: TableSpec
    recent: Sentence  # the last full year and this year to date
    backtest_text: Sentence
    backtest_table: TableSpec
    ustr_text: Sentence
    ustr_table: TableSpec
    windows_text: Sentence
    fan_chart: ChartSpec
    windows_table: TableSpec
    soybean_text: Sentence  # each pledge: purchases, shipments, arrivals, the seasonal pace
    soybean_table: TableSpec
    soybean_chart: ChartSpec
    soybean_history_text: Sentence  # the pledge against past years; China's imports by origin
    soybean_history_table: TableSpec
    soybean_cross_check: Sentence  # Census HS 12 dollars as tonnes, with the conversion's error
    soybean_tariff: Sentence  # China's tariff on US soybeans, latest and held since (tariffs)
    closing_table: TableSpec
    sources_list: Sentence
    hs2022: pd.DataFrame | None = None  # value under HS 2022 subheadings, by year
    hs2022_text: Sentence = Sentence("")  # what the HS 2022 subheadings add to covered goods
    hs2022_table: TableSpec | None = None

    def headline(self) -> dict[str, float]:
        return {"growth": self.plan.growth, "chance": self.chance.probability,
                "owed": self.owed_bn, "last": float(self.totals.loc[self.last_year])}


# ----------------------------------------------------------------------------- numbers shown


def pct(fraction: float, digits: int = 1) -> str:
    """0.5761 -> '57.6%', with thousands separators: 35.196 -> '3,519.6%'."""
    return f"{fraction * 100:,.{digits}f}%"


def rate(value: float, digits: int = 1) -> Cite:
    """A growth rate a year (fraction) shown as a percentage."""
    return Cite("", float(value), "rate", pct(value, digits))


def share(value: float, digits: int = 1) -> Cite:
    """A fraction shown as a percentage."""
    return Cite("", float(value), "share", pct(value, digits))


# ----------------------------------------------------------------------------- scope words


def _names(sectors) -> str:
    """'agriculture and energy'."""
    return and_list([label(s).lower() for s in sectors])


def assessed(sectors) -> str:
    """'goods', 'services' or 'goods and services'."""
    has_goods = any(s in GOODS for s in sectors)
    return ("goods and services" if has_goods and "services" in sectors
            else "goods" if has_goods else "services")


ADJECTIVES = {"manufactured_goods": "manufactured", "agriculture": "agricultural",
              "energy": "energy"}


def scope(sectors) -> str:
    """What a key figure counts: 'goods only', 'goods and services', 'agricultural and energy
    goods only', 'services only', 'energy goods and services'."""
    chosen = set(sectors)
    if chosen == set(GOODS):
        return "goods only"
    if chosen == set(EVERY):
        return "goods and services"
    goods = [s for s in GOODS if s in chosen]
    if not goods:
        return "services only"
    what = ("goods" if set(goods) == set(GOODS)
            else and_list([ADJECTIVES[s] for s in goods]) + " goods")
    return f"{what} and services" if "services" in chosen else f"{what} only"


def exports_of(sectors) -> str:
    """'US goods exports to China', 'US agriculture and energy exports to China'."""
    chosen = set(sectors)
    what = ("goods" if chosen == set(GOODS) else "goods and services"
            if chosen == set(EVERY) else _names(sectors))
    return f"US {what} exports to China"


def covered(sectors) -> str:
    """The purchases named as a noun: 'covered goods', 'covered goods and services',
    'covered goods in agriculture', 'services', 'services and covered goods in energy'."""
    chosen, goods = set(sectors), [s for s in sectors if s in GOODS]
    if chosen == set(GOODS):
        return "covered goods"
    if chosen == set(EVERY):
        return "covered goods and services"
    goods_words = f"covered goods in {_names(goods)}" if goods else ""
    if "services" not in chosen:
        return goods_words
    return f"services and {goods_words}" if goods else "services"


def _the(noun: str) -> str:
    """'the covered goods', but 'services'."""
    return f"the {noun}" if noun.startswith("covered") else noun


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _yard_short(name: str) -> str:
    return scenarios.YARDSTICK_TEXT[name].split(" (")[0]


def _over(start: int, horizon: int) -> str:
    """'over 4 years from 2026', or 'in 2027' for one year."""
    return f"over {horizon} years from {start}" if horizon > 1 else f"in {start}"


def _and(parts: list[Sentence]) -> Sentence:
    """Sentences joined as 'a, b and c'."""
    if len(parts) == 1:
        return parts[0]
    return join([join(parts[:-1], ", "), "and", parts[-1]])


def _months(first: str, last: str) -> str:
    """'January-May 2026', or 'January 2026' for one month."""
    a, b = (calendar.month_name[int(m[5:])] for m in (first, last))
    return f"{a}-{b} {last[:4]}" if first != last else f"{b} {last[:4]}"


def _flat(values: pd.Series) -> bool:
    """True when every value shows the same at one decimal."""
    return values.round(1).nunique() == 1


# ----------------------------------------------------------------------------- fixed parts


@cache
def _ustr() -> pd.DataFrame:
    ours = compliance.fulfilment("us_exports", (2020, 2021), list(EVERY)).loc["total"]
    pub = compliance.published
    rows = [
        ("Ours: targets less US exports, 2020-21, four sectors",
         ours.target_bn - ours.purchases_bn, ours.target_bn, ours.purchases_bn),
        ("PIIE (Feb 2022): 502.4 less 288.8", pub("commitment_total_2020_21")
         - pub("purchases_total_2020_21"), pub("commitment_total_2020_21"),
         pub("purchases_total_2020_21")),
        ("USTR (Oct 2025): 'more than' this, method not published",
         pub("shortfall_ustr_2025"), float("nan"), float("nan")),
    ]
    out = pd.DataFrame(rows, columns=["measure", "shortfall_bn", "commitment_bn",
                                      "purchases_bn"])
    claim = pub("shortfall_ustr_2025")
    cands = scenarios.ustr_candidates()
    cands = cands.assign(measure="Ours: " + cands["basis"] + ", 2020-21")[
        ["measure", "shortfall_bn", "commitment_bn", "purchases_bn", "above_claim"]]
    out = pd.concat([cands, out.iloc[1:].assign(
        above_claim=out.iloc[1:]["shortfall_bn"].gt(claim).map({True: "yes", False: "no"}))],
        ignore_index=True)
    out.loc[out["measure"].str.startswith("USTR"), "above_claim"] = None
    return out


@cache
def _monthly() -> tuple[pd.DataFrame, pd.Series]:
    est = load("covered_goods_monthly_estimated")
    last = est["month"].max()
    first = f"{int(last[:4]) - 1}-01"
    est = est[est["month"] >= first].groupby(["month", "sector"])["value_bn"].sum().unstack()
    ch = load("exports_monthly_chapters")
    goods = ch[ch["chapter"].eq("00") & (ch["month"] >= first)].set_index("month")["value_bn"]
    return est, goods


@cache
def _history() -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """All US goods exports to China, their annual log growth and the historical windows."""
    goods = growth.exports_series("goods")
    return goods, scenarios.log_growth(goods), growth.historical_growth(
        "goods", growth.HISTORY_WINDOWS)


@cache
def _rolling(span: int) -> pd.Series:
    return scenarios.rolling_growth(_history()[0], span)


@cache
def _backtest() -> pd.DataFrame:
    return load("covered_goods_monthly_backtest")


@cache
def _fixed_sources() -> tuple[str, ...]:
    return (*load("covered_goods_monthly_estimated")["source"].iloc[-2:],
            *load("soybeans_annual")["source"].iloc[-1:],
            *load("exports_monthly_chapters")["source"].iloc[:1],
            *agreement.commitment_rows()["source"].iloc[:1])


@cache
def _input_rows(services: bool) -> pd.DataFrame:
    tables = ["covered_goods_annual"] + (["services_exports"] if services else [])
    return pd.concat([load(t).assign(table=t) for t in tables])


def to_date(sectors) -> ToDate:
    """The chosen goods sectors' monthly estimates this year to date against the same months
    of the year before, and all US goods exports to China over the same months."""
    monthly, goods = _monthly()
    last = str(monthly.index.max())
    this_year, before_year = int(last[:4]), int(last[:4]) - 1
    this = slice(f"{this_year}-01", last)
    before = slice(f"{before_year}-01", f"{before_year}-{last[5:]}")
    chosen = tuple(s for s in sectors if s in GOODS)
    return ToDate(_months(f"{this_year}-01", last), this_year, chosen,
                  float(monthly.loc[this, list(chosen)].sum().sum()),
                  float(monthly.loc[before, list(chosen)].sum().sum()),
                  float(goods.loc[this].sum()), float(goods.loc[before].sum()))


# ----------------------------------------------------------------------------- sentences


def _owed_sentence(v, short_2020_21: float, since: float, owed: float, last: int) -> Sentence:
    """What is owed, with 'plus' or 'less' chosen by the sign of the gap since 2022."""
    base = Sentence("What is owed here is the 2020-21 shortfall against the agreement's targets")
    if v["owed"] == "shortfall_2020_21":
        if short_2020_21 > 0:
            return base + say(": {owed}.", owed=money(owed))
        return base + say(", and there is none: purchases {cmp} the 2020-21 targets by "
                          "{gap}, so nothing is owed.", gap=money(abs(short_2020_21)),
                          cmp=compare(short_2020_21, 0, "<=", {"all": "exceeded",
                                                               "none": "fell short of"}))
    gap = say(" ({s}) {cmp} the yardstick from {a} through {b} ({gap})",
              s=money(short_2020_21), gap=money(abs(since)), a=year(AFTER_FROM), b=year(last),
              cmp=compare(since, 0, ">=", {"all": "plus the shortfall against",
                                           "none": "less the purchases above"}))
    if short_2020_21 + since > 0:
        return base + gap + say(": {owed}.", owed=money(owed))
    return base + gap + Sentence(", which leaves nothing owed.")


def _required(plan: scenarios.CatchUp) -> Sentence:
    """Required purchases: one year's, a flat amount a year with its total, or their first
    and last years and their average a year with the total."""
    req, h = plan.required, plan.horizon
    a, b = int(req.index[0]), int(req.index[-1])
    if h == 1:
        return say("Required purchases are {r} in {a}", r=money(req.iloc[0], "money"),
                   a=year(a))
    total = Total(float(req.mean()), h, plan.total_bn)
    if _flat(req):
        return say("Required purchases are {r} a year ({t} over {span})",
                   r=money(req.mean(), "per_year"), t=money(plan.total_bn),
                   span=words(span(a, b)), totals=[total])
    return say("Required purchases {cmp} from {first} in {a} to {last} in {b}, {avg} a year "
               "on average ({t} over {span})", first=money(req.iloc[0], "money"),
               last=money(req.iloc[-1], "money"), avg=money(req.mean(), "per_year"),
               t=money(plan.total_bn), a=year(a), b=year(b), span=words(span(a, b)),
               cmp=compare(req.iloc[-1], req.iloc[0], ">", {"all": "rise", "none": "fall"}),
               totals=[total])


def _chance_words(c: scenarios.Chance) -> Sentence:
    """How many of history's paths get there, as a share of paths (not a probability)."""
    got = round(c.probability * c.draws)
    paths = say(" paths drawn from US goods export growth since {first}",
                first=year(scenarios.HISTORY_FROM))
    if got == 0:  # "not one": the sentence checks read the word "none" as Python's None
        return say("not one of {n}", n=count(c.draws)) + paths + " got there"
    if got == c.draws:
        return say("all {n}", n=count(c.draws)) + paths + " got there"
    return (say("{k} of {n}", k=count(got), n=count(c.draws)) + paths
            + say(" ({p}) got there", p=share(c.probability)))


def _grow(g: float) -> Sentence:
    return say("{cmp} {g} a year", g=rate(abs(g)),
               cmp=compare(g, 0, ">=", {"all": "grow", "none": "shrink by"}))


@dataclass(frozen=True)
class Start:
    """The level the catch-up grows from: the chosen sectors in `year` (the last full year of
    goods data when goods are chosen), with `carried` sectors (services, published later) held
    at their last published level, `carried_year`; an assumption the report states."""

    year: int
    level_bn: float
    carried: tuple[str, ...] = ()
    carried_year: int | None = None
    carried_bn: float = 0.0  # the carried sectors' level
    goods_bn: float = 0.0  # the chosen goods sectors in `year`


def start_level(sectors) -> Start:
    """Where the catch-up starts from: after the last full year of goods data whatever the
    sectors (services-only: the last year services are published), services held at their last
    published level when goods are chosen too, so that no year of goods data is skipped."""
    bought = scenarios.purchases(sectors)
    goods = [s for s in sectors if s in GOODS]
    at = (scenarios.last_full_year(bought[goods]) if goods
          else scenarios.last_full_year(bought))
    carried = tuple(s for s in sectors if pd.isna(bought.loc[at, s]))
    if not carried:
        return Start(at, float(bought.loc[at].sum()))
    last = {s: bought[s].last_valid_index() for s in carried}
    was = int(min(last.values()))
    kept = float(sum(bought.loc[y, s] for s, y in last.items()))
    goods_bn = float(bought.loc[at, goods].sum())
    return Start(at, goods_bn + kept, carried, was, kept, goods_bn)


def _from_level(begin: Start, sectors) -> Sentence:
    """' from their 2025 level of $79.6 billion', and what that level rests on."""
    out = say(" from their {L} level of {level}", L=year(begin.year),
              level=money(begin.level_bn, "money"))
    if begin.carried:
        return out + say(" (**assumed**: {goods} {g} in {L}, and {what} held at their last "
                         "published level, {C}'s {c})", goods=words(covered(
                             [s for s in sectors if s in GOODS])), g=money(begin.goods_bn,
                                                                           "money"),
                         L=year(begin.year), what=words(_names(begin.carried)),
                         C=year(begin.carried_year), c=money(begin.carried_bn, "money"))
    if "services" in sectors:
        return out + say(" (services are published through {L})", L=year(begin.year))
    return out


def _finding(v, sectors, owed, plan, c, begin: Start) -> Sentence:
    start, h = v["start_year"], v["horizon"]
    yard = _yard_short(v["yardstick"])
    who = (exports_of(sectors) + " in the covered sectors" if set(sectors) == set(GOODS)
           or set(sectors) == set(EVERY) else exports_of(sectors))
    grow = say(" would have to ") + _grow(plan.growth) + _from_level(begin, sectors) + "; "
    if owed > 0:
        opening = say("To pay {owed} owed on top of {yard} {over}, {who}",
                      owed=money(owed), yard=words(yard), over=words(_over(start, h)),
                      who=words(who))
    else:
        opening = say("With nothing owed, to keep to {yard} {over}, {who}",
                      yard=words(yard), over=words(_over(start, h)), who=words(who))
    return opening + grow + _chance_words(c) + "."


def _summary(v, sectors, totals, yard_total, last, since_sum, owed_sentence, plan,
             c) -> Sentence:
    years = [y for y in totals.index if AFTER_FROM <= y <= last]
    bought = _and([say("{v} in {y}", v=money(totals.loc[y], "money"), y=year(y))
                   for y in years])
    yard = yard_total.loc[AFTER_FROM:last]
    text = scenarios.YARDSTICK_TEXT[v["yardstick"]]
    if _flat(yard):
        against = say("against {y} a year on the yardstick, {text}.",
                      y=money(yard.mean(), "per_year"), text=words(text))
    else:
        against = say("against a yardstick of {first} in {a} {cmp} to {last} in {b}, {text}.",
                      first=money(yard.iloc[0], "money"), last=money(yard.iloc[-1], "money"),
                      a=year(yard.index[0]), b=year(yard.index[-1]), text=words(text),
                      cmp=compare(yard.iloc[-1], yard.iloc[0], ">",
                                  {"all": "rising", "none": "falling"}))
    bought_sum = float(totals.loc[AFTER_FROM:last].sum())
    summed = say("Summed from {a} through {b}, China bought {gap} {cmp} than the yardstick.",
                 a=year(AFTER_FROM), b=year(last), gap=money(abs(since_sum)),
                 cmp=compare(bought_sum, float(yard.sum()), "<",
                             {"all": "less", "none": "more"}))
    interval = say("; the {level} interval of the average growth that history's paths achieve "
                   "is {lo} to {hi} a year (median {mid}).", level=share(c.level, 0),
                   lo=rate(c.growth_low), hi=rate(c.growth_high), mid=rate(c.growth_median))
    return join([say("Purchases of {what} were", what=words(_the(covered(sectors)))), bought + ",",
                 against, summed, owed_sentence, _required(plan) + interval])


def _yardstick_note(v, sectors, yard: pd.DataFrame, purchases: pd.DataFrame,
                    end: int) -> Sentence:
    """For the trend yardstick: how far its fit on five years is read out of their range."""
    if v["yardstick"] != "trend_2013_2017":
        return Sentence("")
    ratios = yard.loc[end] / purchases.loc[scenarios.FIRST_YEAR]
    top = str(ratios.idxmax())
    return say("The pre-2018 trend is a log-linear fit to the five years {a}-{b}, sector by "
               "sector; read out to {end}, it puts {sector} at {level}, {ratio} times its "
               "{first} level of {base}.", a=year(scenarios.TREND_YEARS[0]),
               b=year(scenarios.TREND_YEARS[1]), end=year(end), sector=words(label(top).lower()),
               level=money(yard.loc[end, top], "money"), ratio=_times(ratios[top]),
               first=year(scenarios.FIRST_YEAR),
               base=money(purchases.loc[scenarios.FIRST_YEAR, top], "money"))


def _times(value: float) -> Cite:
    return Cite("", float(value), "ratio", f"{value:.1f}")


def _recent(sectors, purchases, totals, last, td: ToDate) -> Sentence:
    """The last full year against the year before, and this year to date (goods only)."""
    parts = [say("{what} in {L} {cmp} to {v} from {p} in {P}",
                 what=words(_capital(covered(sectors))), L=year(last),
                 v=money(totals.loc[last], "money"), p=money(totals.loc[last - 1], "money"),
                 P=year(last - 1), cmp=compare(totals.loc[last], totals.loc[last - 1], "<",
                                               {"all": "fell", "none": "rose"}))]
    if len(sectors) > 1:
        parts[0] = parts[0] + " (" + join([
            say("{s} {v}", s=words(label(s).lower()), v=money(purchases.loc[last, s], "money"))
            for s in sectors], ", ") + ")"
    parts[0] = parts[0] + "."
    goods = list(td.sectors)
    if goods and "services" in sectors:
        bought = scenarios.purchases(goods)
        gl = scenarios.last_full_year(bought)
        g = bought.loc[:gl].sum(axis=1)
        parts.append(say("With services published through {L}, {what} alone {cmp} to {v} in "
                         "{G} from {p} in {P}.", L=year(last), what=words(covered(goods)),
                         G=year(gl), v=money(g.loc[gl], "money"), P=year(gl - 1),
                         p=money(g.loc[gl - 1], "money"),
                         cmp=compare(g.loc[gl], g.loc[gl - 1], "<",
                                     {"all": "fell", "none": "rose"})))
    all_goods = dict(a=money(td.goods_this_bn, "money"), b=money(td.goods_before_bn, "money"))
    if not goods:
        parts.append(say("Services have no monthly figures (monthly estimates exist for goods "
                         "sectors only), so there is no figure for {months}; all US goods "
                         "exports to China were {a} in {months} against {b} in the same "
                         "months of {Y}.", months=words(td.months), Y=year(td.year - 1),
                         **all_goods))
        return join(parts)
    subject = ("they" if "services" not in sectors else
               f"{covered(goods)} alone (monthly estimates exist for goods sectors only, so "
               f"services are left out)")
    parts.append(say("In {months} (**{est}**) {subject} were {this}, against {before} in the "
                     "same months of {Y}; all US goods exports to China were {a} against {b}.",
                     months=words(td.months), est=words(ESTIMATED), subject=words(subject),
                     this=money(td.this_bn, "money"), before=money(td.before_bn, "money"),
                     Y=year(td.year - 1), **all_goods))
    return join(parts)


def _backtest_text(bt: pd.DataFrame, this_year: int) -> Sentence:
    same, lagged = bt[bt["lag"].eq(0)], bt[bt["lag"].eq(1)]
    worst = same.loc[same["error_share"].abs().idxmax(), "sector"]
    return say("Backtest on {span}: with the same year's shares the annual error by sector is "
               "at most {e0} (largest in {sector}) and the mean absolute monthly error at most "
               "{mae}; with the year before's shares, as used for {Y}, at most {e1} a year. "
               "Manufactured goods in the backtest leave out civil aircraft (HS 8800), whose "
               "monthly exports Census publishes and which need no estimate.",
               span=words(span(int(bt["year"].min()), int(bt["year"].max()))),
               e0=share(same["error_share"].abs().max()), sector=words(label(worst).lower()),
               mae=money(same["monthly_mae_bn"].max(), "money", 2), Y=year(this_year),
               e1=share(lagged["error_share"].abs().max()))


def _ustr_text(u: pd.DataFrame, v, sectors, short_2020_21: float, since: float, owed: float,
               last: int) -> Sentence:
    s = u.set_index("measure")["shortfall_bn"]
    ours, piie, ustr = (s[s.index.str.startswith(w)] for w in ("Ours", "PIIE", "USTR"))
    claim = float(ustr.iloc[0])
    fixed = say(
        "On today's data the 2020-21 targets exceed US exports of covered goods and services "
        "by {ours}; PIIE's February 2022 figures give {piie}; USTR says \"more than\" {ustr} "
        "and has not published its method (which years, which basis, how services and civil "
        "aircraft count).", ours=money(ours.iloc[0]), piie=money(piie.iloc[0]),
        ustr=money(claim, digits=0))
    name = {"US data, goods and services": "US data for goods and services",
            "US data, goods only": "US data for goods only",
            "China's data for goods, US data for services":
                "China's data for goods with US data for services",
            "China's data, goods only": "China's data for goods only"}
    bases = [(name[m.removeprefix("Ours: ").removesuffix(", 2020-21")], v)
             for m, v in ours.items()]
    above = [(b, v) for b, v in bases if v > claim]
    below = [(b, v) for b, v in bases if v <= claim]

    def listed(rows):
        return _and([say("{b} ({v})", b=words(b), v=money(v)) for b, v in rows])

    head = say("Of the {n} bases computed here from the tables, ", n=count(len(bases)))
    if above:
        verdict = head + ("only " if below else "") + listed(above) + say(
            " {cmp} {ustr}", ustr=money(claim, digits=0),
            cmp=compare([v for _, v in above], [claim] * len(above), ">",
                        {"all": "exceeds" if len(above) == 1 else "exceed",
                         "some": "exceed", "none": "fall short of"}))
        if below:
            verdict = verdict + "; " + listed(below) + say(
                " {cmp}", cmp=compare([v for _, v in below], [claim] * len(below), "<=",
                                      {"all": "do not", "some": "do not", "none": "do"}))
        fixed = join([fixed, verdict + "."])
    else:
        fixed = join([fixed, head + listed(below) + say(
            ": none exceeds {ustr}.", ustr=money(claim, digits=0))])
    return join([fixed, _catch_up_makes_up(v, sectors, short_2020_21, since, owed, last)])


def _catch_up_makes_up(v, sectors, short_2020_21: float, since: float, owed: float,
                       last: int) -> Sentence:
    """What the catch-up above makes up (owed_bn), and how it is composed."""
    every = set(sectors) == set(EVERY)
    own = money(short_2020_21)
    if v["owed"] == "shortfall_2020_21" and short_2020_21 > 0:
        if every:
            return say("The catch-up above starts from this same shortfall, {own}.", own=own)
        return say("The catch-up above starts instead from the 2020-21 shortfall of the "
                   "sectors chosen ({scope}): {own}.", scope=words(scope(sectors)), own=own)
    what = (say("this same shortfall, {own},", own=own) if every else
            say("the 2020-21 shortfall of the sectors chosen ({scope}), {own},",
                scope=words(scope(sectors)), own=own))
    if v["owed"] == "shortfall_2020_21":
        return say("The catch-up above makes up nothing: ") + what + say(
            " is not a shortfall ({cmp} the targets), so it only keeps to the yardstick.",
            cmp=compare(short_2020_21, 0, "<=", {"all": "purchases exceeded",
                                                 "none": "purchases fell short of"}))
    gap = say(" {cmp} the yardstick from {a} through {b}, {gap}", gap=money(abs(since)),
              a=year(AFTER_FROM), b=year(last),
              cmp=compare(since, 0, ">=", {"all": "plus the shortfall against",
                                           "none": "less the purchases above"}))
    if owed > 0:
        return say("The catch-up above makes up {owed}: ", owed=money(owed)) + what + gap + "."
    return (Sentence("The catch-up above makes up nothing: ") + what + gap
            + ", leaves nothing owed, so it only keeps to the yardstick.")


def _windows_text(plan, windows: pd.DataFrame, rolling: pd.Series, span: int) -> Sentence:
    g, cagr = plan.growth, windows["cagr"]
    below = int((cagr < g).sum())
    fastest = windows.loc[cagr.idxmax()]
    cmp = compare([g] * len(cagr), cagr, ">", {"all": "higher than", "some": "higher than",
                                                "none": "no higher than"})
    if g <= 0:
        head = say("No growth is needed: purchases could fall by {d} a year and still make it "
                   "up; US goods exports to China did at least as well in {k} of {n} "
                   "historical windows", d=rate(-g), k=count(int((cagr >= g).sum())),
                   n=count(len(cagr)))
    elif below:
        head = say("The {g} needed is {cmp} US goods exports to China grew in {k} of {n} "
                   "historical windows", g=rate(g), cmp=cmp, k=count(below), n=count(len(cagr)))
    else:
        head = say("The {g} needed is {cmp} US goods exports to China grew in each of the {n} "
                   "historical windows", g=rate(g), cmp=cmp, n=count(len(cagr)))
    head = head + say(" (fastest: {w}, {r})", w=words(fastest["window"]),
                      r=rate(fastest["cagr"]))
    if not len(rolling):
        return head + "."
    fast = int((rolling >= g).sum())
    windows = dict(n=count(len(rolling)), span=count(span), first=year(scenarios.HISTORY_FROM))
    did = "did at least as well" if g <= 0 else "grew as fast"
    if fast == 0:  # "none", not "0.0%" (and not "not one": a count of windows reads "none")
        return head + say("; none of the {n} rolling {span}-year windows since {first} " + did
                          + ".", **windows)
    if fast == len(rolling):
        return head + say("; all {n} rolling {span}-year windows since {first} " + did + ".",
                          **windows)
    return head + say("; of the {n} rolling {span}-year windows since {first}, {p} " + did
                      + ".", p=share(float((rolling >= g).mean())), **windows)


# ----------------------------------------------------------------------------- charts, tables


def _purchases_chart(v, sectors, purchases, yard, last, source) -> ChartSpec:
    shown = yard.loc[AFTER_FROM:last]
    each = [say("{s} {v} against {y}", s=words(label(s).lower()),
                v=money(purchases.loc[last, s], "money"), y=money(shown.loc[last, s], "money"))
            for s in sectors]
    alt = say("US exports to China by sector, {a}-{L} (solid lines), against {yard}, "
              "{b}-{L} (dashed): in {L}, ", a=year(purchases.index.min()), L=year(last),
              b=year(AFTER_FROM), yard=words(_yard_short(v["yardstick"]))) + _and(each) + "."
    return ChartSpec("purchases_vs_yardstick", dict(
        bought=purchases, yard=shown, source=source,
        title=f"US exports to China by sector against {_yard_short(v['yardstick'])}"), alt)


def _required_range(plan: scenarios.CatchUp) -> Sentence:
    """Required purchases in a parenthesis: one year's, flat a year, or first to last."""
    req = plan.required
    a, b = int(req.index[0]), int(req.index[-1])
    if plan.horizon == 1:
        return say("({r})", r=money(req.iloc[0], "money"))
    if _flat(req):
        return say("({r} a year)", r=money(req.mean(), "per_year"))
    return say("({r0} in {a} to {r1} in {b})", r0=money(req.iloc[0], "money"), a=year(a),
               r1=money(req.iloc[-1], "money"), b=year(b))


def _fan_chart(v, sectors, totals, plan, c, last, source) -> ChartSpec:
    start, h = v["start_year"], v["horizon"]
    req = plan.required
    end = int(req.index[-1])
    q = list(c.fan.columns)
    first = "from" if h > 1 else "in"
    alt = (say("Actual purchases of {what} through {L} ({level} in {L}), the purchases "
               "required {over} ", what=words(covered(sectors)), L=year(last),
               level=money(totals.loc[last], "money"), over=words(_over(start, h)))
           + _required_range(plan) + " and the path "
           + say("{cmp} {g} a year", g=rate(abs(plan.growth)), cmp=compare(
               plan.growth, 0, ">=", {"all": "growing", "none": "shrinking"}))
           + (say(" from the assumed {Y} level of {level}", Y=year(plan.from_year),
                  level=money(plan.from_bn, "money")) if plan.from_year > last else "")
           + say(" that pays them, against {n} paths drawn "
                 "from history: in {end} the middle {mid} of paths lie between {lo} and {hi} "
                 "(median {med}).", n=count(c.draws), end=year(end),
                 mid=share(c.level, 0), lo=money(c.fan.loc[end, q[0]], "money"),
                 hi=money(c.fan.loc[end, q[-1]], "money"),
                 med=money(c.fan.loc[end, q[2]], "money")))
    return ChartSpec("catch_up_fan_in_years", dict(
        history=totals, fan=c.fan, required=req, path=plan.path,
        title=f"Catch-up {first} {start}: required purchases of {covered(sectors)} against "
              f"history's paths",
        source=f"{source}. Bootstrap of annual log growth {scenarios.HISTORY_FROM} on, blocks of "
               f"{c.block} years, {c.draws:,} draws."), alt)


def _purchases_table(purchases, totals, yard_total, last, source) -> TableSpec:
    shown = purchases.assign(total=totals, yardstick=yard_total.loc[AFTER_FROM:last])
    shown = shown.assign(shortfall=shown["yardstick"] - shown["total"]).reset_index()
    return TableSpec(
        shown, title=f"Purchases by sector and the yardstick, {shown['year'].min()}-{last}",
        subtitle=f"US$ billions; shortfall = yardstick less purchases, after the agreement "
                 f"({AFTER_FROM} on)", source=source,
        formats={c: "money" for c in shown.columns if c != "year"}, missing="")


def _backtest_table(bt, source) -> TableSpec:
    cols = ["year", "sector", "lag", "actual_bn", "estimated_bn", "error_bn", "error_share",
            "monthly_mae_bn"]
    return TableSpec(bt[cols], title="Backtest of the monthly estimate",
                     subtitle="Lag 0: shares of the same year; lag 1: of the year before. "
                              "Manufactured goods without civil aircraft (HS 8800)",
                     source=source,
                     formats={"actual_bn": "money", "estimated_bn": "money", "error_bn": "money",
                              "monthly_mae_bn": "money", "error_share": "percent"},
                     labels={"error_share": "Error (share of actual)",
                             "monthly_mae_bn": "Mean absolute monthly error ($bn)"})


def _windows_table(windows, source) -> TableSpec:
    shown = windows.sort_values(["start", "end"])[
        ["window", "years", "cagr", "required", "multiple"]].reset_index(drop=True)
    return TableSpec(shown, title="Growth needed against historical growth of US goods exports "
                                  "to China",
                     subtitle="Compound annual growth; multiple = required / historical",
                     source=source, formats={"cagr": "percent", "required": "percent",
                                             "multiple": "ratio"},
                     labels={"cagr": "Historical growth a year",
                             "required": "Required growth a year"}, missing="shrank")


def _key_figures(v, sectors, plan, c, owed, totals, last, levels=None, history=None
                 ) -> tuple[Cite, ...]:
    where = scope(sectors)
    first_year = float(plan.required.iloc[0] / plan.from_bn)
    method = (f"{c.draws:,} drawn by a {c.block}-year block bootstrap of US goods export "
              f"growth {int(history.index.min())}-{int(history.index.max())}"
              if history is not None else "")
    yard = ("" if v["yardstick"] == DEFAULTS["yardstick"]
            else f"; against {_yard_short(v['yardstick'])}")
    owed_what = ("2020-21 shortfall" if v["owed"] == "shortfall_2020_21"
                 else f"2020-21 shortfall and yardstick gap {span(AFTER_FROM, last)}")
    return (
        Cite(f"Catch-up growth needed a year ({where}{yard})", plan.growth, "rate",
             pct(plan.growth)),
        Cite(f"Share of history's paths that get there, {method} ({where}{yard})",
             c.probability, "share", pct(c.probability)),
        Cite(f"Owed: {owed_what} ({where}"
             f"{yard if v['owed'] == 'plus_yardstick' else ''})", owed, "total", money(owed).shown),
        Cite(f"Purchases {last} ({where})", float(totals.loc[last]), "money",
             money(totals.loc[last]).shown),
        Cite(f"Purchases needed in {plan.start}, the catch-up's first year, against "
             f"{plan.from_year}'s ({where}{yard})", first_year, "ratio",
             f"{first_year:,.1f} times"),
        *_trend_flag(v, sectors, levels, where),
    )


def _trend_flag(v, sectors, yard, where) -> tuple[Cite, ...]:
    """The trend yardstick read out of its five years, flagged: its largest sector at the
    catch-up's end against that sector's 2017 level."""
    if v["yardstick"] != "trend_2013_2017" or yard is None:
        return ()
    end = int(yard.index.max())
    bought = scenarios.purchases(list(yard.columns)).loc[scenarios.FIRST_YEAR]
    ratios = yard.loc[end] / bought
    top = str(ratios.idxmax())
    a, b = scenarios.TREND_YEARS
    return (Cite(f"Pre-2018 trend yardstick in {end}, {label(top).lower()}: a fit to {a}-{b} "
                 f"read out {end - b} years, {ratios[top]:,.1f} times its {b} level "
                 f"({where}; against the pre-2018 trend)", float(yard.loc[end, top]), "money",
                 money(yard.loc[end, top]).shown),)


def title(v, sectors) -> str:
    start, h = v["start_year"], v["horizon"]
    catch = f"a {h}-year catch-up from {start}" if h > 1 else f"a 1-year catch-up in {start}"
    owed = ("" if v["owed"] == "shortfall_2020_21"
            else f" of the 2020-21 shortfall and the yardstick gap since {AFTER_FROM}")
    return (f"After the deal: {exports_of(sectors)} against {_yard_short(v['yardstick'])}, "
            f"and {catch}{owed}")


def _inputs_note(inputs: pd.DataFrame) -> Sentence:
    if not len(inputs):
        return Sentence("")
    rows = [say("- {y}, {t}: {v}, **{q}** ({s})", y=year(row.year),
                t=words(row.table.replace("_", " ")), v=money(row.value_bn, "money"),
                q=words(row.quality), s=words(plain(row.source))) for row in inputs.itertuples()]
    return join([Sentence("Inputs that are not official statistics:\n"), *rows], "\n")


# ----------------------------------------------------------------------------- the model


def _hs2022_section() -> tuple[pd.DataFrame, Sentence, TableSpec]:
    """What HS 2022 subheadings under listed headings add to covered goods, by year (fixed,
    whatever the parameters: the product list's doubt, not a choice)."""
    new = compliance.hs2022_subheadings()
    rows = new.set_index("year")
    each = join([say("{v} in {y}", v=money(rows.loc[y, "value_bn"], digits=2),
                     y=words(str(y))) for y in rows.index], ", ")
    last = int(rows.index.max())
    text = join([
        say("From {y}, UN Comtrade reports US exports in HS 2022. Six-digit subheadings that "
            "no HS 2017 row of the data holds count as covered through the four-digit heading "
            "the product list names: ", y=words(str(int(rows.index.min())))) + each + say(
            " ({lo} to {hi} of covered goods); in {y} the most under headings {codes}.",
            lo=share(rows["share"].min()), hi=share(rows["share"].max()), y=words(str(last)),
            codes=words(and_list(rows.loc[last, "codes"].split()))),
        Sentence("Part of that value HS 2017 classed under the same headings, part under "
                 "headings the list does not name; the project does not hold the HS 2017-2022 "
                 "correlation that would split the two, so these amounts are the most the new "
                 "subheadings can add, not a measured addition.")])
    table = TableSpec(
        new.rename(columns={"codes": "headings"}).round(4),
        title="Covered goods under HS 2022 subheadings new since HS 2017",
        subtitle="US$ billions, US exports to China (UN Comtrade HS6); share = of all covered "
                 "goods; headings: the three listed headings carrying the most",
        source="UN Comtrade; classified by the Annex 6.1 product list",
        formats={"value_bn": "money", "covered_bn": "money", "share": "percent"},
        labels={"value_bn": "New subheadings ($bn)", "covered_bn": "Covered goods ($bn)",
                "share": "Share", "headings": "Largest headings"})
    return new, text, table


def model(**parameters: Any) -> AfterReport:
    """The after-the-deal report for `parameters` (the notebook's parameters cell)."""
    v = model_values("after_the_deal", DEFAULTS, parameters, CHOICES, rules.problems)
    sectors = list(v["sectors"])
    bought = scenarios.purchases(sectors)
    last = scenarios.last_full_year(bought)
    bought = bought.loc[:last]
    end = v["start_year"] + v["horizon"] - 1
    yard = scenarios.yardstick(v["yardstick"], sectors, range(scenarios.FIRST_YEAR, end + 1))
    short = scenarios.since_deal(bought, yard, last)
    owed_2020_21 = scenarios.agreement_shortfall(sectors)
    gap = float(short.sum().sum())
    since = gap if v["owed"] == "plus_yardstick" else 0.0
    owed = max(float(owed_2020_21.sum()) + since, 0.0)  # years above the yardstick count
    totals = bought.sum(axis=1)
    yard_total = yard.sum(axis=1)
    begin = start_level(sectors)
    plan = scenarios.catch_up(yard_total, owed, v["start_year"], v["horizon"], begin.year,
                              begin.level_bn)
    goods, history, windows = _history()
    odds = scenarios.chance(history, plan)
    windows = windows.assign(required=plan.growth,
                             multiple=plan.growth / windows["cagr"].where(windows["cagr"] > 0))
    span = plan.start + plan.horizon - 1 - plan.from_year
    rolling = _rolling(span)
    beans = soy.section(v["pledge_year"], v["first_deadline"])
    monthly, goods_monthly = _monthly()
    td = to_date(sectors)
    rows = _input_rows("services" in sectors)
    rows = rows[rows["year"].between(2020, last)]
    inputs = rows[rows["quality"] != "official"][["year", "table", "value_bn", "quality",
                                                  "source"]].reset_index(drop=True)
    sources = list(dict.fromkeys([*rows["source"], *_fixed_sources(), *beans.sources]))
    source = publishers(sources)
    ustr = _ustr()
    bt = _backtest()
    short_2020_21 = float(owed_2020_21.sum())
    owed_words = _owed_sentence(v, short_2020_21, gap, owed, last)
    finding = _finding(v, sectors, owed, plan, odds, begin)
    the_title = title(v, sectors)
    return AfterReport(
        parameters=v, title=the_title, assessed=assessed(sectors), scope=scope(sectors),
        yardstick_text=scenarios.YARDSTICK_TEXT[v["yardstick"]],
        owed_text=scenarios.OWED_TEXT[v["owed"]],
        purchases=bought, totals=totals, last_year=last, yardstick=yard, shortfall=short,
        shortfall_cumulative=short.sum(axis=1).cumsum(), agreement_shortfall=owed_2020_21,
        owed_bn=owed, plan=plan, chance=odds, windows=windows,
        rolling_share=float((rolling >= plan.growth).mean()), monthly=monthly,
        goods_monthly=goods_monthly, to_date=td, ustr=ustr, soybeans=beans, backtest=bt,
        inputs=inputs, sources=sources,
        key_figures=_key_figures(v, sectors, plan, odds, owed, totals, last, yard, history),
        finding=finding,
        lead=join([Sentence(f"**{the_title}**"), finding], "\n\n"),
        summary=_summary(v, sectors, totals, yard_total, last, gap, owed_words, plan, odds),
        inputs_note=_inputs_note(inputs),
        purchases_chart=_purchases_chart(v, sectors, bought, yard, last, source),
        yardstick_note=_yardstick_note(v, sectors, yard, bought, end),
        purchases_table=_purchases_table(bought, totals, yard_total, last, source),
        recent=_recent(sectors, bought, totals, last, td),
        backtest_text=_backtest_text(bt, td.year),
        backtest_table=_backtest_table(bt, source),
        ustr_text=_ustr_text(ustr, v, sectors, short_2020_21, gap, owed, last),
        ustr_table=TableSpec(ustr, title="2020-21 shortfall against the Phase One commitment: "
                                         "candidate bases for USTR's figure",
                             subtitle="US$ billions; commitment less purchases, 2020-21, civil "
                                      "aircraft included; goods on US export data or China's "
                                      "import data (PIIE's published aggregates), services on "
                                      "US data; whatever the parameters",
                             source="our computation; PIIE; USTR",
                             formats={"shortfall_bn": "money", "commitment_bn": "money",
                                      "purchases_bn": "money"},
                             labels={"above_claim": "Above USTR's $217 billion"},
                             missing="not published"),
        windows_text=_windows_text(plan, windows, rolling, span),
        fan_chart=_fan_chart(v, sectors, totals, plan, odds, last, source),
        windows_table=_windows_table(windows, source),
        soybean_text=beans.text, soybean_table=beans.table, soybean_chart=beans.chart,
        soybean_history_text=beans.history_text, soybean_history_table=beans.history_table,
        soybean_cross_check=beans.cross_check,
        soybean_tariff=tariff_report.soybeans_latest(),
        closing_table=TableSpec(
            bought.loc[scenarios.FIRST_YEAR:].assign(total=totals).reset_index(),
            title=f"US exports to China of {covered(sectors)}, {scenarios.FIRST_YEAR}-{last}",
            subtitle="US$ billions", source=source,
            formats={c: "money" for c in [*bought.columns, "total"]}),
        sources_list=Sentence(source_list(sources)),
        **dict(zip(("hs2022", "hs2022_text", "hs2022_table"), _hs2022_section(), strict=True)),
    )
