"""The compliance report: parameters in, every number, table, chart and sentence out.

`model(**parameters)` checks the parameters against the report's rules and returns a
`ComplianceReport`: the numbers (US$ billions, shares as fractions) and every word the report
shows, as `Sentence`s, `TableSpec`s and `ChartSpec`s. The notebook only renders its fields.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd

from phaseone import compliance
from phaseone.agreement import (
    AGREEMENT_YEARS,
    BASE_YEAR,
    GOODS_SECTORS,
    SECTORS,
    baselines,
    commitment_rows,
    monthly_targets,
    targets,
)
from phaseone.data import load
from phaseone.parameters import model_values
from phaseone.present.statements import (
    ChartSpec,
    Cite,
    Compare,
    Sentence,
    TableSpec,
    compare,
    count,
    join,
    money,
    ratio,
    say,
    words,
)
from phaseone.present.text import (
    and_list,
    change,
    label,
    month_words,
    plain,
    pp,
    publishers,
    source_list,
)
from phaseone.reports.compliance import rules
from phaseone.reports.compliance.rules import assessed_years, cut_short
from phaseone.reports.tariffs import model as tariff_report
from phaseone.vocabulary import PERIODS

QUESTION = "Did China buy what it promised?"
BASIS_DATA = {"us_exports": "US export data", "china_imports": "China's import data"}
PIIE_CATEGORIES = ("civil_aircraft", "vehicles", "liquefied_natural_gas", "crude_oil", "coal",
                   "refined_products")
DEFAULTS: dict[str, Any] = dict(
    basis="us_exports", period="2020-2021", as_of="2021-12", proration="seasonal",
    sectors=list(SECTORS), include_civil_aircraft=True, listed_only=False)
CHOICES = dict(basis=tuple(BASIS_DATA), period=tuple(PERIODS),
               proration=("seasonal", "straight_line"), sectors=SECTORS)
ADJECTIVES = {"manufactured_goods": "manufactured", "agriculture": "agricultural",
              "energy": "energy"}  # "covered US agricultural goods"
PIIE_SCOPE = "every sector, goods and services, US export data, 2020-21, civil aircraft included"
MISSING = "not published"
BASIS_SCOPE = {"us_exports": "US export data",  # how the title and headline name the basis
               "china_imports": "China's import data (PIIE's published aggregates)"}
LISTED_ONLY = "codes found in the Annex 6.1 attachment only"  # scope text of listed_only
REASONS = ("China values its imports CIF (with freight and insurance to China), the US its "
           "exports FOB (at the US port); China records goods by origin, so US goods shipped "
           "on through Hong Kong count as imports from the US in China's data and as exports "
           "to Hong Kong in the US's; goods in transit at a year's end fall in different years")


@dataclass(frozen=True)
class ComplianceReport:
    """Everything the compliance report shows (US$ bn; fulfilment as fractions)."""

    parameters: dict[str, Any]
    title: str  # the question, then the scope
    scope: str  # "Phase One purchases, 2020-21, on US export data" (+ sectors, aircraft)
    period_text: str  # "2020-21", "2020 to June 2021", "January-June 2021", "January 2020"
    span: str  # "2020 and 2021", "January-June 2021", ...
    basis_data: str  # "US export data"
    sectors_text: str  # "" for every sector, else "agriculture only", "the three goods sectors"
    scope_label: str  # the scope key figures name: "2020-21, goods and services",
    #                   "2020-21, agricultural goods only"
    years: tuple[int, ...]  # agreement years assessed
    cut: bool  # True when as_of ends the last year before December
    assessed: str  # what was bought: "goods and services", "agricultural goods", "services"
    services_unmeasured: bool  # services chosen, but the basis has no services data
    fulfilment: pd.DataFrame  # by sector and total
    extra_bn: float  # the extra promised over the 2017 level, prorated as the targets
    verdict: str  # below_2017 | above_2017 | met_target | not_published
    by_year: pd.DataFrame  # year, sector, purchases_bn, target_bn, level_2017_bn, extra_bn, ...
    tracker: pd.DataFrame | None  # monthly tracker (goods) over the years assessed
    estimated_months: list[str]  # tracker months resting on estimates
    bases: pd.DataFrame | None  # both bases side by side over full years, None when none
    categories: pd.DataFrame | None  # by Annex 6.1 category, None without full-year goods
    category_years: tuple[int, ...]
    uncovered: pd.DataFrame  # goods outside Annex 6.1, through the last full year assessed
    reproduction: pd.DataFrame  # ours (PIIE's scope) beside the published figures
    piie: dict[str, float]  # PIIE's published headline figures (shares as fractions)
    ours_piie_scope: pd.DataFrame  # our fulfilment on PIIE's scope (US exports, 2020-21)
    goods_2017_bn: float  # our 2017 covered goods, US export data
    inputs: pd.DataFrame  # non-official input rows used: what, year, value_bn, quality, source
    # --- what the report says, section by section
    key_figures: tuple[Cite, ...] = ()  # each labelled with its scope
    finding: Sentence = Sentence("")  # the one-line answer
    summary: Sentence = Sentence("")  # the scope in bold, the finding and its details
    piie_comparison: Sentence = Sentence("")  # ours on PIIE's scope against PIIE's, by sector
    piie_sectors: pd.DataFrame | None = None  # ours less PIIE's by sector (piie_by_sector)
    piie_sectors_table: TableSpec | None = None
    inferred: pd.DataFrame | None = None  # listed codes whose attachment page is inferred
    inferred_text: Sentence = Sentence("")  # what the product list's doubt is, and its value
    inferred_value: pd.DataFrame | None = None  # by year and category (inferred_value)
    inferred_table: TableSpec | None = None
    china_totals: pd.DataFrame | None = None  # China-reported imports beside Census, by year
    china_totals_text: Sentence = Sentence("")
    china_totals_table: TableSpec | None = None
    china_mirror: pd.DataFrame | None = None  # China's 2024 imports beside US exports, by sector
    china_mirror_text: Sentence = Sentence("")
    china_mirror_table: TableSpec | None = None
    inputs_note: Sentence = Sentence("")  # non-official inputs, each with quality and source
    by_year_table: TableSpec | None = None
    by_year_chart: ChartSpec | None = None
    tracker_text: Sentence = Sentence("")
    tracker_chart: list[ChartSpec] = field(default_factory=list)
    bases_text: Sentence = Sentence("")
    bases_table: list[TableSpec] = field(default_factory=list)
    categories_text: Sentence = Sentence("")
    tariff_text: Sentence = Sentence("")  # China's tariff on the covered goods (tariffs)
    categories_chart: list[ChartSpec] = field(default_factory=list)
    categories_table: list[TableSpec] = field(default_factory=list)
    uncovered_text: Sentence = Sentence("")
    uncovered_chart: ChartSpec | None = None
    reproduction_text: Sentence = Sentence("")  # the fixed scope against this report's
    reproduction_table: TableSpec | None = None
    sources_list: Sentence = Sentence("")
    sources: list[str] = field(default_factory=list)  # every source of the rows used
    section_sources: dict[str, str] = field(default_factory=dict)  # publishers, by section

    @property
    def total(self) -> pd.Series:
        return self.fulfilment.loc["total"]

    def headline(self) -> dict[str, Any]:
        """The headline figures (numbers)."""
        return {"fulfilment": self.total["fulfilment"], "purchases_bn": self.total["purchases_bn"],
                "target_bn": self.total["target_bn"], "vs_2017": self.total["vs_2017"],
                "piie_original": self.piie["original"], "piie_revised": self.piie["revised"]}



def pct(fraction: float, digits: int = 1) -> str:
    """0.5761 -> '57.6%', with thousands separators: 35.196 -> '3,519.6%'."""
    return f"{fraction * 100:,.{digits}f}%"

def share(value: float, digits: int = 1) -> Cite:
    """A fraction shown as a percentage, thousands separated."""
    return Cite("", float(value), "share", pct(value, digits))


# ----------------------------------------------------------------------------- words


def months_text(as_of: str) -> str:
    """The months of as_of's year to as_of: 'January-June', or 'January' alone."""
    last = int(as_of[5:])
    first = calendar.month_name[1]
    return first if last <= 1 else f"{first}-{calendar.month_name[last]}"


def period_texts(years: tuple[int, ...], as_of: str, cut: bool) -> tuple[str, str]:
    """(title form, prose form) of the assessed period: ('2020-21', '2020 and 2021')."""
    if not cut:
        if len(years) <= 1:
            return str(years[0]), str(years[0])
        return f"{years[0]}-{str(years[-1])[2:]}", " and ".join(map(str, years))
    through = month_words(as_of)
    if len(years) > 1:
        return f"{years[0]} to {through}", f"{years[0]} and {years[-1]} through {through}"
    short = f"{months_text(as_of)} {years[0]}"
    return short, short


def sectors_text(measured: list[str]) -> str:
    """How the title names the sectors measured: '' for all four, 'agriculture only', ..."""
    if set(measured) == set(SECTORS):
        return ""
    if len(measured) == 1:
        return f"{label(measured[0]).lower()} only"
    if set(measured) == set(GOODS_SECTORS):
        return "the three goods sectors"
    return and_list(label(s).lower() for s in measured)


def assessed_text(measured: list[str]) -> str:
    """What the covered purchases were: 'goods and services', 'agricultural goods', ..."""
    goods = [s for s in measured if s in GOODS_SECTORS]
    parts = []
    if goods:
        parts.append("goods" if set(goods) == set(GOODS_SECTORS)
                     else and_list(ADJECTIVES[s] for s in goods) + " goods")
    if "services" in measured:
        parts.append("services")
    return " and ".join(parts)


def _level_text(years, as_of: str, cut: bool) -> str:
    """The stretch of time at the 2017 level: 'two years', 'a year and January-June', ..."""
    full = len(years) - cut
    whole = {0: "", 1: "a year", 2: "two years"}[full]
    return " and ".join(p for p in (whole, months_text(as_of) if cut else "") if p)


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """A table's numbers to four decimals ($100,000; 0.01 pp): what its CSV download gives."""
    return frame.round(4)


def _money(value: float, digits: int = 1) -> Cite:
    """US$ billions; an amount that would read $0.0 with two decimals ('$0.04 billion')."""
    return money(value, digits=2 if value and round(value, digits) == 0 else digits)


_TITLED = re.compile(r"^([^,]+, [^,(]+\(\d{4}-\d\d-\d\d\)), ([^:;]+):(.*)$")


def source_text(source: str) -> str:
    """A source as listed: a post's title in quotes, so that it does not read as a claim
    ('PIIE, Bown (2022-02-08), “China bought ...”: 2017 covered goods ...')."""
    return _TITLED.sub(lambda m: f"{m[1]}, “{m[2]}”:{m[3]}", source)


# ----------------------------------------------------------------------------- numbers


@cache
def _fulfilment_of(basis: str, years: tuple, sectors: tuple, aircraft: bool,
                   as_of: str | None = None, proration: str = "straight_line",
                   listed_only: bool = False) -> pd.DataFrame:
    return compliance.fulfilment(basis, years, list(sectors), aircraft, as_of, proration,
                                 listed_only)


def _fulfilment(basis, years, sectors, aircraft, as_of=None, proration="straight_line",
                listed_only=False) -> pd.DataFrame:
    """compliance.fulfilment, cached (the property tests build hundreds of models): a copy."""
    return _fulfilment_of(basis, tuple(years), tuple(sectors), aircraft, as_of,
                          proration, listed_only).copy()


@cache
def _tracker_of(as_of: str, proration: str, goods: tuple, aircraft: bool) -> pd.DataFrame:
    return compliance.tracker(as_of, proration, list(goods), aircraft)


def _verdict(total: pd.Series) -> str:
    if pd.isna(total["purchases_bn"]):
        return "not_published"
    if total["fulfilment"] >= 1:
        return "met_target"
    return "above_2017" if total["vs_2017"] >= 1 else "below_2017"


def _extra(v: dict, year: int, measured, cut: bool) -> pd.Series:
    """The Annex 6.1 addition of `year` by sector, prorated as the targets when `cut`."""
    added = targets(v["basis"], measured, v["include_civil_aircraft"])
    added = added[added["year"].eq(year)].set_index("sector")
    if not cut:
        return added["additional_bn"]
    months = [f"{year}-{m:02d}" for m in range(1, int(v["as_of"][5:]) + 1)]
    goal = monthly_targets(v["basis"], v["proration"], measured, v["include_civil_aircraft"])
    prorated = goal[goal["month"].isin(months)].groupby("sector")["target_bn"].sum()
    return added["additional_bn"] * prorated.reindex(added.index) / added["target_bn"]


def _by_year(v: dict, years, measured, cut: bool) -> pd.DataFrame:
    rows = []
    for year in years:
        part = _fulfilment(v["basis"], (year,), measured, v["include_civil_aircraft"],
                           v["as_of"], v["proration"], v["listed_only"])
        extra = _extra(v, year, measured, cut and year == years[-1])
        part["extra_bn"] = extra.reindex(part.index)
        part.loc["total", "extra_bn"] = extra.sum()
        rows.append(part.assign(year=year))
    out = pd.concat(rows).reset_index(names="sector")
    out = out.rename(columns={"baseline_bn": "level_2017_bn"})[
        ["year", "sector", "purchases_bn", "target_bn", "level_2017_bn", "extra_bn",
         "fulfilment", "vs_2017"]]
    if cut:  # the cut year's 2017 level is prorated as its target: target = level + extra
        last = out["year"].eq(years[-1])
        out.loc[last, "level_2017_bn"] = out.loc[last, "target_bn"] - out.loc[last, "extra_bn"]
        out.loc[last, "vs_2017"] = out.loc[last, "purchases_bn"] / out.loc[last,
                                                                           "level_2017_bn"]
    numbers = out.columns.drop(["year", "sector"])
    return out.astype({c: float for c in numbers})


def _prorated_level(result: pd.DataFrame, by_year: pd.DataFrame) -> pd.DataFrame:
    """`result` with the 2017 level over the years assessed as the by-year table has it: the
    cut year's prorated as its target (straight-line or seasonal), not the actual same months
    of 2017, so that the level compared and the extra promised add up to the target."""
    level = by_year.groupby("sector")["level_2017_bn"].sum()
    out = result.copy()
    out["baseline_bn"] = level.reindex(out.index)
    out["vs_2017"] = out["purchases_bn"] / out["baseline_bn"]
    return out


def _bases(goods: list[str], aircraft: bool, full_years) -> pd.DataFrame | None:
    """Both bases over each full year assessed and (for two) over both (goods only)."""
    periods = [(str(y), (y,)) for y in full_years]
    if len(full_years) > 1:
        periods.append((f"{full_years[0]}-{str(full_years[-1])[2:]}", tuple(full_years)))
    if not periods or not goods:
        return None
    sides = []
    for basis in BASIS_DATA:
        for name, yrs in periods:
            part = _fulfilment(basis, yrs, goods, aircraft)
            sides.append(part.assign(basis=basis, period=name))
    out = pd.concat(sides).reset_index(names="sector")
    out = out[["period", "basis", "sector", "purchases_bn", "target_bn", "fulfilment"]]
    return out.astype({c: float for c in ("purchases_bn", "target_bn", "fulfilment")})


def _categories(years, goods: list[str], aircraft: bool, listed_only: bool = False
                ) -> pd.DataFrame | None:
    if not years or not goods:
        return None
    out = compliance.by_category(years, aircraft, listed_only)
    return out[out["sector"].isin(goods)]


@cache
def _reproduction() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Our figures on PIIE's scope beside the published ones (fixed, not parameters).

    Cached: callers get copies (see `model`)."""
    us = compliance.fulfilment("us_exports", AGREEMENT_YEARS)
    y2020 = compliance.fulfilment("us_exports", (2020,))
    goods = list(GOODS_SECTORS)
    cats = compliance.by_category()["fulfilment"] * 100
    rows = [
        ("Fulfilment 2020-21, US exports (%), original post", us.loc["total", "fulfilment"] * 100,
         "fulfilment_total_original"),
        ("Fulfilment 2020-21, US exports (%), revised post", us.loc["total", "fulfilment"] * 100,
         "fulfilment_total_revised"),
        ("Purchases 2020-21, US exports ($bn)", us.loc["total", "purchases_bn"],
         "purchases_total_2020_21"),
        ("Commitment 2020-21, US exports ($bn)", us.loc["total", "target_bn"],
         "commitment_total_2020_21"),
        *[(f"{s.replace('_', ' ').capitalize()} fulfilment 2020-21 (%)",
           us.loc[s, "fulfilment"] * 100, f"fulfilment_{s}") for s in SECTORS],
        ("Covered goods 2017, US exports ($bn)", baselines("us_exports")[goods].sum(),
         "covered_goods_2017_us_exports"),
        ("Covered goods 2020, US exports ($bn)", y2020.loc[goods, "purchases_bn"].sum(),
         "covered_goods_2020_us_exports"),
        ("Covered goods target 2020, US exports ($bn)", y2020.loc[goods, "target_bn"].sum(),
         "covered_goods_target_2020_us_exports"),
        *[(f"{c.replace('_', ' ').capitalize()} fulfilment 2020-21 (%)", cats[c],
           f"product_fulfilment_{c}") for c in PIIE_CATEGORIES],
    ]
    out = pd.DataFrame(rows, columns=["measure", "ours", "key"])
    out["published"] = out["key"].map(compliance.published)
    out["difference"] = out["ours"] - out["published"]
    return out, us


@cache
def _piie_by_sector_of() -> pd.DataFrame:
    return compliance.piie_by_sector()


def _piie_by_sector() -> pd.DataFrame:
    """compliance.piie_by_sector, cached (fixed, not parameters): a copy."""
    return _piie_by_sector_of().copy()


@cache
def _inferred_of() -> pd.DataFrame:
    return compliance.inferred_pages()


def _inferred() -> pd.DataFrame:
    return _inferred_of().copy()


def _inputs(v: dict, years, measured) -> pd.DataFrame:
    """Rows of the inputs used: purchases, 2017 levels and Annex 6.1 additions."""
    bought = compliance.purchases(v["basis"], measured, v["include_civil_aircraft"],
                                  v["listed_only"])
    bought = bought[bought["year"].isin(years)].assign(what="purchases")
    base = load("baselines")
    base = base[base["basis"].eq(v["basis"]) & base["sector"].isin(measured)].assign(
        what="2017 level", year=BASE_YEAR)
    added = commitment_rows()
    added = added[added["sector"].isin(measured) & added["year"].isin(years)].assign(
        what="Annex 6.1 addition")
    columns = ["what", "year", "sector", "value_bn", "quality", "source"]
    out = pd.concat([bought[columns], base[columns], added[columns]], ignore_index=True)
    out["what"] = (out["what"] + ", " + out["sector"].map(label).str.lower()).str.capitalize()
    return out


def _section_sources(years, aircraft: bool, keys) -> dict[str, str]:
    """Publishers of the rows behind each section (goods, both bases, uncovered, published:
    the published measures `keys`)."""
    years = [BASE_YEAR, *years]
    published = load("published_results")
    goods = load("covered_goods_annual")
    monthly = load("covered_goods_monthly")
    rows = {
        "goods": [goods[goods["year"].isin(years)], monthly[monthly["month"].str[:4].astype(
            int).isin(years)], commitment_rows()],
        "bases": [goods[goods["year"].isin(years)], load("china_imports"), commitment_rows()],
        "uncovered": [load("goods_exports_annual"), goods],
        "published": [published[published["measure"].isin(keys)]],
    }
    if not aircraft:
        rows["goods"][0] = rows["goods"][0][rows["goods"][0]["category"] != "civil_aircraft"]
    return {name: publishers(pd.concat(frames)["source"]) for name, frames in rows.items()}


# ----------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class _Scope:
    """The parameters as the sentences need them."""

    v: dict
    years: tuple[int, ...]
    full_years: tuple[int, ...]
    cut: bool
    measured: list[str]
    goods: list[str]
    period_text: str
    span: str
    basis_data: str
    sectors_text: str
    assessed: str

    @property
    def aircraft_text(self) -> str:
        return "" if self.v["include_civil_aircraft"] else "without civil aircraft"

    @property
    def listed_text(self) -> str:
        return LISTED_ONLY if self.v["listed_only"] else ""

    @property
    def basis_scope(self) -> str:
        """The basis as the title and headline name it (China's: PIIE's aggregates)."""
        return BASIS_SCOPE[self.v["basis"]]

    @property
    def proration_text(self) -> str:
        return self.v["proration"].replace("_", "-")

    @property
    def what(self) -> str:
        """What the figures count: 'goods and services', 'goods only', 'agricultural goods
        only', 'services only', 'agricultural goods and services'."""
        return self.assessed if "goods and services" in self.assessed else f"{self.assessed} only"

    @property
    def piie_scope(self) -> bool:
        """True when the report's own scope is PIIE's (every sector, US export data, 2020-21,
        civil aircraft included)."""
        return self.label() == "2020-21, goods and services"

    def label(self) -> str:
        """The scope key figures name: the period, what is counted, then each choice off the
        defaults."""
        basis = "" if self.v["basis"] == DEFAULTS["basis"] else self.basis_scope
        return ", ".join(p for p in (self.period_text, self.what, basis,
                                     self.aircraft_text, self.listed_text) if p)

    def scope(self) -> str:
        parts = ["Phase One purchases", self.sectors_text, self.period_text,
                 f"on {self.basis_scope}", self.aircraft_text, self.listed_text]
        return ", ".join(p for p in parts if p)


def _finding(s: _Scope, t: pd.Series, extra: float, verdict: str) -> Sentence:
    if verdict == "not_published":
        return say("China's imports are published by sector for 2020 only, so fulfilment over "
                   "{span} for {sectors} cannot be measured on {basis}; the targets were "
                   "{goal}.", span=words(s.span),
                   sectors=words(and_list(label(x).lower() for x in s.measured)),
                   basis=words(s.basis_data), goal=_money(t.target_bn))
    extra_cite = _money(extra, 0 if round(extra) >= 10 else 1)
    judged = {
        "below_2017": say("{pos} the 2017 level ({vs} of it), let alone the extra {extra} "
                          "promised", vs=share(t.vs_2017), extra=extra_cite,
                          pos=compare(t.purchases_bn, t.baseline_bn, "<",
                                      {"all": "not even", "none": "more than"})),
        "above_2017": say("{pos} the 2017 level ({vs} of it), but only {over} of the extra "
                          "{extra} promised", vs=share(t.vs_2017),
                          over=_money(t.purchases_bn - t.baseline_bn), extra=extra_cite,
                          pos=compare(t.purchases_bn, t.baseline_bn, ">=",
                                      {"all": "more than", "none": "not even"})),
        "met_target": say("the target and {more} more",
                          more=_money(t.purchases_bn - t.target_bn)),
    }[verdict]
    return say("Over {span}, China bought {got} of the covered US {what} it committed to buy, "
               "on {basis}{listed}: ", span=words(s.span), got=share(t.fulfilment),
               what=words(s.assessed), basis=words(s.basis_scope),
               listed=words(f", counting {LISTED_ONLY}" if s.listed_text else "")
               ) + judged + "."


def _summary(s: _Scope, t: pd.Series, finding: Sentence, verdict: str,
             services_unmeasured: bool) -> Sentence:
    details = []
    if verdict != "not_published":
        details.append(say("Purchases were {bought} against targets of {goal}; {level} at the "
                           "2017 level would have been {base}.", bought=_money(t.purchases_bn),
                           goal=_money(t.target_bn), level=words(_level_text(
                               s.years, s.v["as_of"], s.cut)), base=_money(t.baseline_bn)))
    if services_unmeasured:
        details.append("China's import statistics have no services, so services are left out.")
    if s.cut:
        details.append(say("The last year counts {months} only, against {proration} prorated "
                           "targets, and the 2017 level and the extra promised are prorated the "
                           "same way.",
                           months=words(f"{months_text(s.v['as_of'])} {s.years[-1]}"),
                           proration=words(s.proration_text)))
    if not s.v["include_civil_aircraft"]:
        details.append("Civil aircraft (Census HS 8800) are left out of purchases and of the "
                       "2017 level, as PIIE did before October 2020.")
    return join([f"**{s.scope()}**\n\n", join([finding, *details])], sep="")


def _signed(value: float, words_: dict[str, str]) -> Sentence:
    """'$1.2 billion lower' (or higher), the word chosen by the sign of `value`."""
    return say("{v} {cmp}", v=_money(abs(value)),
               cmp=compare(value, 0, "<", {"all": words_["<"], "none": words_[">="]}))


_LOWER = {"<": "lower", ">=": "higher"}


def _piie_comparison(ours: pd.DataFrame, piie: dict, d: pd.DataFrame) -> Sentence:
    """Ours on PIIE's scope against PIIE's, and what the decomposition by sector shows."""
    total = ours.loc["total"]
    head = say(
        "On PIIE's scope (every sector, US export data, 2020-21) our figure is {ours} ({bought} "
        "of {goal}). PIIE published {original} ({p_bought} of {p_goal}) on 2022-02-08 and "
        "{revised} after later US data revisions. Ours is {gap} {cmp} than PIIE's {p_bought}.",
        ours=share(total.fulfilment), bought=_money(total.purchases_bn),
        goal=_money(total.target_bn), original=share(piie["original"], 0),
        p_bought=_money(piie["bought"]), p_goal=_money(piie["goal"]),
        revised=share(piie["revised"], 0), gap=_money(abs(total.purchases_bn - piie["bought"])),
        cmp=compare(total.purchases_bn, piie["bought"], ">=", {"all": "higher",
                                                                "none": "lower"}))
    goods = [x for x in GOODS_SECTORS]
    each = join([say("{s} ", s=words(label(x).lower())) + _signed(d.loc[x, "difference_bn"],
                                                                  _LOWER) for x in goods], ", ")
    by_sector = (say("By sector, with PIIE's purchases implied by its published sector shares "
                     "times its sector commitments, ours is ")
                 + _signed(d.loc["goods", "difference_bn"], _LOWER) + " in goods ("
                 + each + ") and " + _signed(d.loc["services", "difference_bn"], _LOWER)
                 + " in services.")
    rest = d.loc["not_decomposed", "piie_bn"]
    residual = say("PIIE's shares are whole percents, so each implied figure is known only to "
                   "within half a point of its commitment, and together they imply {implied}, "
                   "{rest} {cmp} than PIIE's published total: that remainder cannot be placed "
                   "in a sector.", implied=_money(d.loc[list(SECTORS), "piie_bn"].sum()),
                   rest=_money(abs(rest)),
                   cmp=compare(rest, 0, ">=", {"all": "less", "none": "more"}))
    outside = [label(x).lower() for x in SECTORS if d.loc[x, "outside_band"] == "outside"]
    inside = [label(x).lower() for x in SECTORS if d.loc[x, "outside_band"] == "inside"]
    band = (say("Only the gaps in {out} exceed that rounding", out=words(and_list(outside)))
            + (say("; those in {ins} lie within it.", ins=words(and_list(inside)))
               if inside else Sentence("."))
            if outside else Sentence("Every sector's gap lies within that rounding."))
    doubt = [label(x).lower() for x in SECTORS if d.loc[x, "status"] != "confirmed"]
    unverified = (say("PIIE's shares for {which} are as reported, not read in PIIE's own text.",
                      which=words(and_list(doubt))) if doubt else Sentence(""))
    return join([head, by_sector, residual, band, unverified])


def _piie_sectors_table(d: pd.DataFrame, source: str) -> TableSpec:
    rows = d.reset_index(names="sector").assign(
        sector=lambda f: f["sector"].map(lambda x: {"goods": "Goods (three sectors)",
                                                    "not_decomposed": "Not decomposed "
                                                    "(rounding of PIIE's shares)",
                                                    "total": "Total"}.get(x, label(x))))
    return TableSpec(
        _rounded(rows), title="Our 2020-21 purchases minus PIIE's, by sector",
        subtitle="US$ billions, US export data, 2020-21; PIIE's purchases = its published sector "
                 "share x its sector commitment (2 x its 2017 level + the Annex 6.1 "
                 "additions); band = half a point of that commitment, the rounding of a whole "
                 "percent", source=source,
        formats={"ours_bn": "money", "piie_share": "percent", "piie_commitment_bn": "money",
                 "piie_bn": "money", "difference_bn": "money", "band_bn": "money"},
        labels={"ours_bn": "Ours ($bn)", "piie_share": "PIIE's share",
                "piie_commitment_bn": "PIIE's commitment ($bn)",
                "piie_bn": "PIIE's purchases ($bn)", "difference_bn": "Ours less PIIE's ($bn)",
                "band_bn": "Rounding band (+/- $bn)", "outside_band": "Gap against the band",
                "status": "PIIE's share"}, missing="")


def _inferred_text(s: _Scope, inferred: pd.DataFrame, value: pd.DataFrame) -> Sentence:
    """The product list's doubt: codes whose attachment page was inferred, by category, and
    what they carry on US export data, by year (`value`: compliance.inferred_value)."""
    n, listed = int(inferred["codes"].sum()), int(load("annex_6_1_products").shape[0])
    each = [say("{c} {k} of {m}", c=words(label(r.category).lower()), k=count(r.codes),
                m=count(r.listed)) for r in inferred.itertuples()]
    head = join([say("{n} of the {m} codes of the product list were not found in the Annex 6.1 "
                     "attachment (all four-digit headings; their page is inferred from their "
                     "neighbours): ", n=count(n), m=count(listed)), join(each, ", "),
                 Sentence(".")], sep="")
    totals = value[value["category"].eq("total")].set_index("year")
    years = list(totals.index)
    carried = join([say("{v} ({sh} of covered goods) in {y}", v=_money(totals.loc[y,
                   "inferred_bn"]), sh=share(totals.loc[y, "share"]), y=words(str(y)))
                    for y in years], ", ")
    last = value[value["year"].eq(years[-1]) & value["category"].ne("total")]
    top = last.loc[last["inferred_bn"].idxmax()]
    parts = [head, say("On US export data they carry ") + carried + say(
        "; the most in {cat}, {v} of its {cov} in {y}.", cat=words(label(top.category).lower()),
        v=_money(top.inferred_bn), cov=_money(top.covered_bn), y=words(str(years[-1])))]
    if s.v["listed_only"]:
        parts.append(_listed_only_scope(s, inferred, value, years[-1]))
    else:
        parts.append("This report's US export figures count them; listed_only leaves them "
                     "out.")
    return join(parts)


def _listed_only_scope(s: _Scope, inferred: pd.DataFrame, value: pd.DataFrame,
                       last: int) -> Sentence:
    """What listed_only leaves out of the sectors chosen (nothing when none holds these
    codes), and how categories' allocated targets move with the weights."""
    held = [x for x in s.goods if x in set(inferred["sector"])]
    chosen = words(and_list(label(x).lower() for x in s.goods) or "the sectors chosen")
    if not held:
        return say("None of them is in {sectors}: listed_only changes nothing here.",
                   sectors=chosen)
    scope = (Sentence("") if set(held) == set(inferred["sector"]) else
             say("In the sectors chosen ({sectors}) they carry {v} in {y}. ", sectors=chosen,
                 y=words(str(last)), v=_money(value.loc[value["year"].eq(last)
                                                        & value["sector"].isin(held),
                                                        "inferred_bn"].sum())))
    return scope + Sentence(
        "This report leaves them out (listed_only): of purchases, of the 2017 level and so of "
        "the targets, whose Annex 6.1 additions stay the agreement's; civil aircraft (Census "
        "8800) follow include_civil_aircraft.") + _moved_targets(s, inferred)


def _moved_targets(s: _Scope, inferred: pd.DataFrame) -> Sentence:
    """That a sector's addition is shared by the 2017 weights of the codes counted, so the
    allocated target of a category with no code left out moves: the largest such move."""
    if not s.full_years:
        return Sentence("")
    aircraft = s.v["include_civil_aircraft"]
    every, listed = (compliance.by_category(s.full_years, aircraft, lo) for lo in (False, True))
    kept = every[every["sector"].isin(s.goods) & ~every.index.isin(inferred["category"])]
    if kept.empty:
        return Sentence("")
    moved = (listed.loc[kept.index, "target_bn"] - kept["target_bn"]).abs().idxmax()
    return say(" Categories' allocated targets move with the weights: a sector's addition is "
               "shared by the 2017 exports of the codes counted, as PIIE shares it by those of "
               "the covered list, so a category none of these codes is in takes more of it "
               "({cat}: {new} over {span}, against {old} on the full list).",
               cat=words(label(moved).lower()), new=_money(listed.loc[moved, "target_bn"]),
               old=_money(every.loc[moved, "target_bn"]), span=words(s.span))


def _inferred_table(value: pd.DataFrame, source: str) -> TableSpec:
    """The inferred codes' value and share of their category, a column pair a year."""
    rows = value.assign(sector=value["sector"].fillna(""))
    wide = rows.pivot(index=["sector", "category"], columns="year",
                      values=["inferred_bn", "share"])
    years = sorted(rows["year"].unique())
    wide = wide[[(m, y) for y in years for m in ("inferred_bn", "share")]]
    wide.columns = [f"{m}_{y}" for m, y in wide.columns]
    order = {c: i for i, c in enumerate(dict.fromkeys(rows["category"]))}
    wide = wide.reset_index().sort_values("category", key=lambda c: c.map(order))
    wide["sector"] = wide["sector"].map(lambda x: label(x) if x else "All goods sectors")
    wide["category"] = wide["category"].map(lambda c: "Total" if c == "total" else label(c))
    return TableSpec(
        _rounded(wide.reset_index(drop=True)),
        title="Covered goods under codes whose attachment page was inferred",
        subtitle="US$ billions, US export data; share = the inferred codes' value over all of "
                 "the category's covered goods (civil aircraft included)", source=source,
        formats={c: "money" if c.startswith("inferred") else "percent" for c in wide.columns
                 if c[-4:].isdigit()},
        labels={c: f"{c[-4:]} ($bn)" if c.startswith("inferred") else f"{c[-4:]} share"
                for c in wide.columns if c[-4:].isdigit()}, missing="")


def _key_figures(s: _Scope, t: pd.Series, verdict: str, piie: dict) -> tuple[Cite, ...]:
    where = s.label()
    if verdict == "not_published":
        ful = bought = vs = Cite("", MISSING, "text", MISSING)
    else:
        digits = 0 if t.target_bn >= 100 else 1 if t.target_bn >= 10 else 2
        ful, vs = share(t.fulfilment), share(t.vs_2017)
        bought = Cite("", f"{t.purchases_bn:,.{digits}f} / {t.target_bn:,.{digits}f}", "text",
                      f"{t.purchases_bn:,.{digits}f} / {t.target_bn:,.{digits}f}")
    own = s.piie_scope
    piie_where = "PIIE, goods and services" if own else f"PIIE ({PIIE_SCOPE})"
    named = [(f"Fulfilment, {where}", ful), (f"Purchases / targets, $bn, {where}", bought),
             (f"Of the 2017 level, {where}", vs),
             (f"{piie_where}, original", share(piie["original"], 0)),
             (f"{piie_where}, revised", share(piie["revised"], 0))]
    return tuple(Cite(name, c.value, c.kind, c.shown) for name, c in named)


def _by_year_specs(s: _Scope, by_year: pd.DataFrame, source: str) -> tuple[TableSpec, ChartSpec]:
    notes = ["US$ billions; fulfilment = purchases / target; vs 2017 = purchases / 2017 level; "
             "extra promised = the Annex 6.1 addition"]
    if s.cut:
        notes.append(f"{s.years[-1]} counts {months_text(s.v['as_of'])}: its targets, 2017 "
                     f"level and extra promised are prorated ({s.proration_text}), so that "
                     f"each target is the 2017 level plus the extra promised")
    missing = by_year["purchases_bn"].isna()
    if missing.any():
        gaps = and_list(map(str, by_year.loc[missing, "year"].unique()))
        notes.append(f"PIIE published China's {gaps} imports as a covered-goods total only, so "
                     f"sector cells read '{MISSING}'")
    where = ", ".join(p for p in (s.sectors_text, s.period_text) if p)
    table = TableSpec(
        _rounded(by_year), title=f"Covered purchases against targets, {where}, on {s.basis_data}"
                                 + (f", {LISTED_ONLY}" if s.listed_text else ""),
        subtitle="; ".join(notes), source=source,
        formats={"purchases_bn": "money", "target_bn": "money", "level_2017_bn": "money",
                 "extra_bn": "money", "fulfilment": "percent", "vs_2017": "percent"},
        labels={"level_2017_bn": "2017 level ($bn)", "extra_bn": "Extra promised ($bn)"},
        missing=MISSING)
    totals = by_year[by_year["sector"] == "total"]
    alt = join([
        say("Bars of purchases, targets and the 2017 level by sector, one panel a year "
            "({years}), on {basis}.", years=words(and_list(map(str, s.years))),
            basis=words(s.basis_data)),
        *[say("In {y}: purchases {bought}, target {goal}.", y=words(str(row.year)),
              bought=_money(row.purchases_bn), goal=_money(row.target_bn))
          if pd.notna(row.purchases_bn) else
          say("In {y}: target {goal}; purchases by sector not published.",
              y=words(str(row.year)), goal=_money(row.target_bn))
          for row in totals.itertuples()]])
    chart_source = source + (f"; blank bars: {MISSING}" if missing.any() else "")
    title = "Purchases, targets and the 2017 level by sector"
    chart = ChartSpec("sector_bars", dict(by_year=by_year, title=f"{title}, on {s.basis_data}",
                                          source=chart_source), alt)
    return table, chart


def _tracker(s: _Scope, source: str) -> tuple[pd.DataFrame | None, Sentence, list[ChartSpec]]:
    if not s.goods:
        return None, Sentence("No goods sector is assessed, so there is no monthly tracker: "
                              "services have annual data only."), []
    if s.v["listed_only"]:
        return None, Sentence("There is no monthly tracker with listed_only: the monthly data "
                              "of 2021 are Census sector totals, which cannot leave out single "
                              "codes."), []
    full = _tracker_of(s.v["as_of"], s.v["proration"], tuple(s.goods),
                       s.v["include_civil_aircraft"])
    track = full[full.index.str[:4].astype(int).isin(s.years)]
    last, month = track.iloc[-1], track.index[-1]
    estimated = track.index[track["estimated"]].tolist()
    goods = and_list(label(x).lower() for x in s.goods)
    parts = [say("By {month}, year-to-date US exports of covered {goods} were {bought}, {ful} "
                 "of the {proration} prorated target of {goal} and {vs} of the same months of "
                 "2017 ({level}).", month=words(month_words(month)), goods=words(goods),
                 bought=_money(last.ytd_purchases_bn), ful=share(last.ytd_fulfilment),
                 proration=words(s.proration_text), goal=_money(last.ytd_target_bn),
                 vs=share(last.ytd_purchases_bn / last.ytd_level_2017_bn),
                 level=_money(last.ytd_level_2017_bn))]
    if estimated:
        parts.append(say("Estimated months: {months}.", months=words(", ".join(estimated))))
    if s.v["basis"] != "us_exports":
        parts.append("The tracker uses US export data whatever the basis: the China basis "
                     "rests on PIIE's annual aggregates; China Customs publishes monthly "
                     "figures too, but the project does not hold them.")
    alt = say("Year-to-date US exports of covered {goods} against {proration} prorated targets "
              "and the 2017 level, month by month, a panel a year ({years}); by {month} they "
              "were {bought} against {goal}.", goods=words(goods),
              proration=words(s.proration_text), years=words(and_list(map(str, s.years))),
              month=words(month_words(month)), bought=_money(last.ytd_purchases_bn),
              goal=_money(last.ytd_target_bn))
    where = ", ".join(p for p in (s.sectors_text, s.period_text) if p)
    chart = ChartSpec("tracker", dict(
        track=track, proration=s.v["proration"],
        title=f"Cumulative US exports of covered goods against prorated targets, {where}",
        source=source + ("; estimated months marked" if estimated else "")), alt)
    return track, join(parts), [chart]


def _bases_section(s: _Scope, bases: pd.DataFrame | None, source: str
                   ) -> tuple[Sentence, list[TableSpec]]:
    if not s.goods:
        return Sentence("No goods sector is assessed, and China's import statistics have no "
                        "services, so the two bases cannot be compared here."), []
    if s.v["listed_only"]:
        return Sentence("The two bases are not compared with listed_only: China's imports are "
                        "PIIE's published aggregates, which cannot leave out single codes."), []
    if bases is None:
        return say("China's imports are annual, so the bases can be compared only over full "
                   "years; the data here end in {month}, before {year} is complete.",
                   month=words(month_words(s.v["as_of"])), year=words(str(s.years[0]))), []
    goods = assessed_text(s.goods)
    parts = []
    for year in s.full_years:
        rows = bases[bases["period"].eq(str(year)) & bases["sector"].eq("total")].set_index(
            "basis")
        us, cn = rows.loc["us_exports"], rows.loc["china_imports"]
        if pd.isna(cn.purchases_bn):
            parts.append(say("China's imports by sector are published for 2020 only, so in "
                             "{year} the bases cannot be compared for covered {goods}.",
                             year=words(str(year)), goods=words(goods)))
            continue
        a, b = round(us.fulfilment, 3), round(cn.fulfilment, 3)  # the gap of the shares shown
        parts.append(say(
            "In {year}, covered {goods} reached {us} of target on US export data ({us_bought} of "
            "{us_goal}) and {cn} on China's import data ({cn_bought} of {cn_goal}), a gap of "
            "{gap}.", year=words(str(year)), goods=words(goods), us=share(us.fulfilment),
            us_bought=_money(us.purchases_bn), us_goal=_money(us.target_bn),
            cn=share(cn.fulfilment), cn_bought=_money(cn.purchases_bn),
            cn_goal=_money(cn.target_bn), gap=words(pp(a - b))))
    if s.cut:
        parts.append(say("{year} is cut short by as_of and left out: China's imports are "
                         "annual.", year=words(str(s.years[-1]))))
    if not s.v["include_civil_aircraft"]:
        parts.append("US export figures leave out civil aircraft; China's published "
                     "aggregates cannot.")
    if bases.isna().any().any():
        parts.append(f"Cells China does not publish read '{MISSING}'.")
    periods = and_list(dict.fromkeys(bases["period"]))
    table = TableSpec(_rounded(bases), title=f"Covered {goods} on both bases, {periods}",
                      subtitle="US$ billions; fulfilment = purchases / target, each basis "
                               "against its own 2017 level", source=source,
                      formats={"purchases_bn": "money", "target_bn": "money",
                               "fulfilment": "percent"}, missing=MISSING)
    return join(parts), [table]


def _categories_section(s: _Scope, p: pd.DataFrame | None, source: str
                        ) -> tuple[Sentence, list[ChartSpec], list[TableSpec]]:
    if p is None:
        why = ("no goods sector is assessed" if not s.goods else
               "no full year of a goods sector is assessed")
        return Sentence(f"There are no category figures: {why}, and categories have annual "
                        f"data only."), [], []
    years_text = " and ".join(map(str, s.full_years))
    ahead = [label(c).lower() for c in p.index[p["fulfilment"] >= 1]]
    worst = p["fulfilment"].idxmin()
    met = (say("{n} of {m} categories met their allocated targets ({ahead})",
               n=count(len(ahead)), m=count(len(p)), ahead=words(and_list(ahead)))
           if ahead else say("not one of the {m} categories met its allocated target",
                             m=count(len(p))))
    parts = [say("Over {years}, ", years=words(years_text)) + met + say(
        ". The furthest behind was {worst}, at {ful} of its allocated target ({bought} of "
        "{goal}).", worst=words(label(worst).lower()), ful=share(p.loc[worst, "fulfilment"]),
        bought=_money(p.loc[worst, "purchases_bn"]), goal=_money(p.loc[worst, "target_bn"]))]
    if s.cut:
        parts.append(say("{year} is cut short by as_of and left out: categories have annual "
                         "data only.", year=words(str(s.years[-1]))))
    if s.v["basis"] != "us_exports":
        parts.append("Categories are on US export data whatever the basis: China's imports "
                     "are not published by category.")
    if not s.v["include_civil_aircraft"]:
        parts.append("Civil aircraft are left out.")
    best = p["fulfilment"].idxmax()
    alt = say("Horizontal bars of purchases as a share of each category's allocated target, "
              "{years}, coloured by sector, with the target at 100%: from {worst} at {low} to "
              "{best} at {high}.", years=words(years_text), worst=words(label(worst).lower()),
              low=share(p.loc[worst, "fulfilment"], 0), best=words(label(best).lower()),
              high=share(p.loc[best, "fulfilment"], 0))
    chart = ChartSpec("category_fulfilment", dict(
        products=p, title=f"Purchases as a share of the allocated target, {years_text}",
        source=source + "; targets allocated by 2017 shares"), alt)
    table = TableSpec(
        _rounded(p.reset_index(names="category")[
            ["sector", "category", "level_2017_bn", "purchases_bn", "target_bn", "fulfilment"]]),
        title=f"Covered {assessed_text(s.goods)} by product category, US export data"
              + (", without civil aircraft" if not s.v["include_civil_aircraft"] else "")
              + (f", {LISTED_ONLY}" if s.listed_text else ""),
        subtitle=f"US$ billions, {years_text}; targets allocated within each sector by 2017 "
                 "shares", source=source,
        formats={"level_2017_bn": "money", "purchases_bn": "money", "target_bn": "money",
                 "fulfilment": "percent"})
    return join(parts), [chart], [table]


def _uncovered_section(s: _Scope, u: pd.DataFrame, source: str) -> tuple[Sentence, ChartSpec]:
    after = [y for y in u.index if y > BASE_YEAR]
    parts = [say("US exports to China of goods outside the agreement were {base} in 2017",
                 base=_money(u.loc[BASE_YEAR, "uncovered_bn"]))]
    parts += [say(", {value} in {y} ({change} against 2017)",
                  value=_money(u.loc[y, "uncovered_bn"]), y=words(str(y)),
                  change=words(change(u.loc[y, "uncovered_vs_2017"])))
              for y in after]
    text = join(parts, sep="") + "."
    notes = []
    if u.index.max() < s.years[-1]:
        notes.append(say("{year} is not shown: it is cut short by as_of, and these figures "
                         "are annual.", year=words(str(s.years[-1]))))
    if s.v["basis"] != "us_exports":
        notes.append("These are US export data whatever the basis: PIIE's aggregates of "
                     "China's imports, on which the China basis rests, have no figures for "
                     "goods outside the agreement.")
    if s.v["listed_only"]:
        notes.append("Codes whose attachment page was inferred count here as not covered "
                     "(listed_only).")
    if not s.v["include_civil_aircraft"]:
        notes.append("Civil aircraft count here as not covered, as they are left out of "
                     "covered goods.")
    last = u.index.max()
    alt = say("Stacked bars of US goods exports to China covered and not covered by Annex 6.1, "
              "{first} to {last}, with the 2017 total as a dotted line; goods not covered were "
              "{base} in 2017 and {now} in {last}.", first=words(str(u.index.min())),
              last=words(str(last)), base=_money(u.loc[BASE_YEAR, "uncovered_bn"]),
              now=_money(u.loc[last, "uncovered_bn"]))
    chart = ChartSpec("uncovered", dict(frame=u, source=source, reference=BASE_YEAR), alt)
    return join([text, *notes]), chart


def _reproduction_text(s: _Scope) -> Sentence:
    if s.piie_scope:
        return Sentence("")  # the report's own scope is PIIE's
    return say("This report's own scope is {scope}; the rows below stay on PIIE's.",
               scope=words(s.scope().removeprefix("Phase One purchases, ")))


def _inputs_note(inputs: pd.DataFrame) -> Sentence:
    if inputs.empty:
        return Sentence("")
    rows = [say("\n- {what}, {year}: {value}, **{quality}** ({source})", what=words(r.what),
                year=words(str(r.year)), value=_money(r.value_bn), quality=words(r.quality),
                source=words(plain(source_text(r.source)))) for r in inputs.itertuples()]
    return join(["Inputs of this calculation that are not official statistics:\n", *rows],
                sep="")


# ----------------------------------------------------------------------------- China's own data


@cache
def _china_of() -> tuple[pd.DataFrame, pd.DataFrame, str, str]:
    totals, mirror = compliance.china_reported_totals(), compliance.china_mirror_2024()
    both = pd.concat([load("china_reported_imports"), load("goods_exports_annual")])
    side = pd.concat([load("china_imports_covered_2024"), load("covered_goods_annual"),
                      load("goods_exports_annual")])
    return totals, mirror, publishers(both["source"]), publishers(side["source"])


def _china_sources() -> list[str]:
    """The sources of China's own statistics shown (the section is fixed)."""
    rows = pd.concat([load("china_reported_imports"), load("china_imports_covered_2024")])
    return list(dict.fromkeys(x for text in rows["source"] for x in text.split("; ")))


def _gap_words(china, us) -> Compare:
    return compare(china, us, ">", {"all": "higher in every year", "none": "lower in every "
                                    "year", "some": "higher in some years, lower in others"})


def _china_totals_section(totals: pd.DataFrame, source: str) -> tuple[Sentence, TableSpec]:
    """China-reported imports from the US beside Census US exports, all goods, by year."""
    shown = [y for y in (BASE_YEAR, *AGREEMENT_YEARS) if y in totals.index]
    first, last = int(totals.index.min()), int(totals.index.max())
    text = join([
        say("China's own statistics, as China reports them to UN Comtrade, put its imports "
            "from the US at ") + join([say("{v} in {y}", v=_money(totals.loc[y, "china_bn"]),
                                           y=words(str(y))) for y in shown], ", ")
        + say(" ({v} in {y}), against Census US exports to China of ",
              v=_money(totals.loc[last, "china_bn"]), y=words(str(last)))
        + join([say("{v}", v=_money(totals.loc[y, "us_bn"])) for y in shown], ", ")
        + say(": China's figure is {cmp} from {first} to {last}, by {lo} to {hi} of the US "
              "figure.", cmp=_gap_words(totals["china_bn"], totals["us_bn"]),
              first=words(str(first)), last=words(str(last)),
              lo=share(totals["ratio"].min() - 1, 0), hi=share(totals["ratio"].max() - 1, 0)),
        Sentence(f"Possible reasons, none of them measured here: {REASONS}."),
        Sentence("These totals are not this report's China basis: for 2017-2021 that basis "
                 "stays PIIE's published aggregates of China Customs data (covered goods by "
                 "sector for 2020, a covered-goods total for 2021). China Customs publishes "
                 "monthly figures too; the project does not hold them.")])
    table = TableSpec(
        _rounded(totals.reset_index(names="year")),
        title=f"China-reported imports from the US beside US exports to China, {first}-{last}",
        subtitle="US$ billions, all goods; China's imports CIF, US exports FOB; ratio = China's "
                 "figure / the US figure", source=source,
        formats={"china_bn": "money", "us_bn": "money", "gap_bn": "money", "ratio": "ratio"},
        labels={"china_bn": "China's imports ($bn)", "us_bn": "US exports ($bn)",
                "gap_bn": "China's less the US's ($bn)", "ratio": "Ratio"})
    return text, table


MIRROR_ROWS = {"covered": "Covered goods", "not_covered": "Goods not covered",
               "total": "All goods"}


def _china_mirror_section(mirror: pd.DataFrame, source: str) -> tuple[Sentence, TableSpec]:
    """China's own 2024 imports of covered goods beside US exports of the same products."""
    year = int(load("china_imports_covered_2024")["year"].iloc[0])
    c = mirror.loc["covered"]
    goods = mirror.loc[list(GOODS_SECTORS)]
    widest = goods["ratio"].idxmax()
    each = join([say("{s} {cn} against {us}", s=words(label(x).lower()),
                     cn=_money(mirror.loc[x, "china_bn"]), us=_money(mirror.loc[x, "us_bn"]))
                 for x in GOODS_SECTORS], ", ")
    text = join([
        say("In {y}, on China's own statistics (its imports from the US by HS6, classified by "
            "the Annex 6.1 list as the US data are), China imported {cn} of the goods the "
            "agreement covers, against {us} of US exports of the same products: {gap} {cmp}. "
            "By sector: ", y=words(str(year)), cn=_money(c.china_bn), us=_money(c.us_bn),
            gap=_money(abs(c.gap_bn)), cmp=compare(c.china_bn, c.us_bn, ">=",
                                                   {"all": "more", "none": "less"}))
        + each + say("; the gap is widest in proportion in {w} ({r} times the US figure).",
                     w=words(label(widest).lower()), r=ratio(mirror.loc[widest, "ratio"], 2)),
        say("All goods: {cn} on China's data against {us} on Census data.",
            cn=_money(mirror.loc["total", "china_bn"]), us=_money(mirror.loc["total", "us_bn"])),
        Sentence(f"Possible reasons, none of them measured here: {REASONS}; and the US side "
                 "counts civil aircraft from Census chapter 88, the rest from UN Comtrade HS6.")])
    rows = mirror.reset_index(names="sector").assign(
        sector=lambda f: f["sector"].map(lambda x: MIRROR_ROWS.get(x) or label(x)))
    table = TableSpec(
        _rounded(rows), title=f"China's {year} imports from the US beside US exports to China, "
                              "by Annex 6.1 sector",
        subtitle="US$ billions; China's imports (China Customs, CIF, HS 2022 mapped to the "
                 "list) against US exports of the same products (FOB; all goods: Census); "
                 "ratio = China's figure / the US figure", source=source,
        formats={"china_bn": "money", "us_bn": "money", "gap_bn": "money", "ratio": "ratio"},
        labels={"china_bn": "China's imports ($bn)", "us_bn": "US exports ($bn)",
                "gap_bn": "China's less the US's ($bn)", "ratio": "Ratio"})
    return text, table


# ----------------------------------------------------------------------------- the model


def _period_end(years, v) -> str:
    """The last day assessed (YYYY-MM-DD): 31 December of the last year, or the end of the
    month of as_of when it cuts that year short."""
    last = min(f"{max(years)}-12", v["as_of"])
    return f"{last}-{calendar.monthrange(int(last[:4]), int(last[5:]))[1]:02d}"


def model(**parameters: Any) -> ComplianceReport:
    """The compliance report for `parameters` (the notebook's parameters cell; see DEFAULTS)."""
    v = model_values("compliance", DEFAULTS, parameters, CHOICES, rules.problems)
    years = assessed_years(v["period"], v["as_of"])
    cut = cut_short(v["period"], v["as_of"])
    sectors = [s for s in SECTORS if s in v["sectors"]]
    goods = [s for s in sectors if s in GOODS_SECTORS]
    services_unmeasured = v["basis"] == "china_imports" and "services" in sectors
    measured = goods if services_unmeasured else sectors
    aircraft = v["include_civil_aircraft"]
    listed_only = v["listed_only"]
    result = _fulfilment(v["basis"], years, measured, aircraft, v["as_of"], v["proration"],
                         listed_only)
    by_year = _by_year(v, years, measured, cut)
    if cut:
        result = _prorated_level(result, by_year)
    title_period, span = period_texts(years, v["as_of"], cut)
    full_years = years[:-1] if cut else years
    s = _Scope(v, years, full_years, cut, measured, goods, title_period, span,
               BASIS_DATA[v["basis"]], sectors_text(measured), assessed_text(measured))
    extra = float(by_year.loc[by_year["sector"].eq("total"), "extra_bn"].sum())
    verdict = _verdict(result.loc["total"])
    t = result.loc["total"]
    reproduction, ours = (frame.copy() for frame in _reproduction())
    inputs = _inputs(v, years, measured)
    sources = list(dict.fromkeys(x for text in inputs["source"] for x in text.split("; ")))
    source = publishers(sources)
    sources += [x for x in _china_sources() if x not in sources]  # China's own statistics
    section_sources = _section_sources(years, aircraft, reproduction["key"])
    piie = {"original": compliance.published("fulfilment_total_original") / 100,
            "revised": compliance.published("fulfilment_total_revised") / 100,
            "bought": compliance.published("purchases_total_2020_21"),
            "goal": compliance.published("commitment_total_2020_21"),
            "goods_2017": compliance.published("covered_goods_2017_us_exports")}
    goods_2017 = float(baselines("us_exports", listed_only=listed_only)[
        list(GOODS_SECTORS)].sum())
    finding = _finding(s, t, extra, verdict)
    piie_sectors, inferred = _piie_by_sector(), _inferred()
    by_year_table, by_year_chart = _by_year_specs(s, by_year, source)
    tracker, tracker_text, tracker_chart = _tracker(s, section_sources["goods"])
    bases = None if listed_only else _bases(goods, aircraft, full_years)
    bases_text, bases_table = _bases_section(s, bases, section_sources["bases"])
    categories = _categories(full_years, goods, aircraft, listed_only)
    categories_text, categories_chart, categories_table = _categories_section(
        s, categories, section_sources["goods"])
    last_full = full_years[-1] if full_years else years[0] - 1
    uncovered = compliance.uncovered_goods(aircraft, listed_only).loc[:last_full]
    inferred_value = compliance.inferred_value((BASE_YEAR, *full_years))
    china_totals, mirror, totals_source, mirror_source = _china_of()
    china_totals_text, china_totals_table = _china_totals_section(china_totals, totals_source)
    mirror_text, mirror_table = _china_mirror_section(mirror, mirror_source)
    uncovered_text, uncovered_chart = _uncovered_section(s, uncovered,
                                                         section_sources["uncovered"])
    shown = reproduction.drop(columns="key")
    inputs = inputs[inputs["quality"] != "official"].reset_index(drop=True)
    return ComplianceReport(
        parameters=v, title=f"{QUESTION} {s.scope()}", scope=s.scope(),
        period_text=title_period, span=span, basis_data=s.basis_data,
        sectors_text=s.sectors_text, scope_label=s.label(), years=years, cut=cut,
        assessed=s.assessed, services_unmeasured=services_unmeasured, fulfilment=result,
        extra_bn=extra, verdict=verdict, by_year=by_year, tracker=tracker,
        estimated_months=[] if tracker is None else tracker.index[tracker["estimated"]].tolist(),
        bases=bases, categories=categories, category_years=full_years, uncovered=uncovered,
        reproduction=shown, ours_piie_scope=ours, goods_2017_bn=goods_2017, piie=piie,
        inputs=inputs,
        key_figures=_key_figures(s, t, verdict, piie), finding=finding,
        summary=_summary(s, t, finding, verdict, services_unmeasured),
        piie_comparison=_piie_comparison(ours, piie, piie_sectors),
        piie_sectors=piie_sectors,
        piie_sectors_table=_piie_sectors_table(piie_sectors,
                                               "our computation; " + section_sources["published"]),
        inferred=inferred, inferred_text=_inferred_text(s, inferred, inferred_value),
        inferred_value=inferred_value,
        inferred_table=_inferred_table(inferred_value, section_sources["goods"]),
        china_totals=china_totals.copy(), china_totals_text=china_totals_text,
        china_totals_table=china_totals_table, china_mirror=mirror.copy(),
        china_mirror_text=mirror_text, china_mirror_table=mirror_table,
        inputs_note=_inputs_note(inputs),
        by_year_table=by_year_table, by_year_chart=by_year_chart,
        tracker_text=tracker_text, tracker_chart=tracker_chart,
        bases_text=bases_text, bases_table=bases_table,
        categories_text=categories_text, categories_chart=categories_chart,
        tariff_text=tariff_report.in_force("china_on_us", ["covered"], _period_end(years, v),
                                           "the covered goods", weights="trade_2017"),
        categories_table=categories_table,
        uncovered_text=uncovered_text, uncovered_chart=uncovered_chart,
        reproduction_text=_reproduction_text(s),
        reproduction_table=TableSpec(
            _rounded(shown), title="Reproduced against published figures",
            subtitle="Each row in the unit its measure names (differences of percentages in "
                     "points); PIIE's sector shares other than agriculture are as reported",
            source="our computation; " + section_sources["published"],
            formats={"ours": "ratio", "published": "ratio", "difference": "ratio"}),
        sources_list=Sentence(source_list(source_text(x) for x in sources)),
        sources=sources, section_sources=section_sources,
    )
