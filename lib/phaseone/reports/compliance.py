"""The compliance report: parameters in, every number, table and sentence choice out.

`model(**parameters)` checks the parameters against the report's rules and returns a
`ComplianceReport`; the notebook only formats it. Values are US$ billions, shares fractions.
"""

from __future__ import annotations

import calendar
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
)
from phaseone.data import load
from phaseone.parameters import model_values
from phaseone.reports.rules import PERIODS, assessed_years, cut_short
from phaseone.text import label, publishers

QUESTION = "Did China buy what it promised?"
BASIS_DATA = {"us_exports": "US export data", "china_imports": "China's import data"}
PIIE_CATEGORIES = ("civil_aircraft", "vehicles", "liquefied_natural_gas", "crude_oil", "coal",
                   "refined_products")
DEFAULTS: dict[str, Any] = dict(
    basis="us_exports", period="2020-2021", as_of="2021-12", proration="seasonal",
    sectors=list(SECTORS), include_civil_aircraft=True)
CHOICES = dict(basis=tuple(BASIS_DATA), period=tuple(PERIODS),
               proration=("seasonal", "straight_line"), sectors=SECTORS)


@dataclass(frozen=True)
class ComplianceReport:
    """Everything the compliance report shows (US$ bn; fulfilment as fractions)."""

    parameters: dict[str, Any]
    title: str  # the question, then the scope
    scope: str  # names the period and basis: "Phase One purchases, 2020-21, on US export data"
    period_text: str  # "2020-21", "2020 to June 2021", ...
    span: str  # "2020 and 2021", "January-June 2021", ...
    basis_data: str  # "US export data"
    years: tuple[int, ...]  # agreement years assessed
    cut: bool  # True when as_of ends the last year before December
    assessed: str  # "goods and services" or "goods"
    services_unmeasured: bool  # services chosen, but the basis has no services data
    fulfilment: pd.DataFrame  # by sector and total
    verdict: str  # below_2017 | above_2017 | met_target | not_published
    by_year: pd.DataFrame  # year, sector, purchases_bn, target_bn, level_2017_bn, ...
    tracker: pd.DataFrame | None  # monthly tracker (goods), None without goods sectors
    estimated_months: list[str]  # tracker months resting on estimates
    bases: pd.DataFrame | None  # both bases side by side, None before a full year
    categories: pd.DataFrame | None  # by Annex 6.1 category, None without full-year goods
    category_years: tuple[int, ...]
    uncovered: pd.DataFrame  # goods outside Annex 6.1, through the last full year by as_of
    reproduction: pd.DataFrame  # ours (PIIE's scope) beside the published figures
    piie: dict[str, float]  # PIIE's published headline figures
    ours_piie_scope: pd.DataFrame  # our fulfilment on PIIE's scope (US exports, 2020-21)
    goods_2017_bn: float  # our 2017 covered goods, US export data
    inputs: pd.DataFrame  # non-official input rows used: what, year, value_bn, quality, source
    sources: list[str] = field(default_factory=list)  # every source of the rows used
    section_sources: dict[str, str] = field(default_factory=dict)  # publishers, by section

    @property
    def total(self) -> pd.Series:
        return self.fulfilment.loc["total"]

    def headline(self) -> dict[str, Any]:
        """The headline figures (numbers, formatted by the notebook)."""
        return {"fulfilment": self.total["fulfilment"], "purchases_bn": self.total["purchases_bn"],
                "target_bn": self.total["target_bn"], "vs_2017": self.total["vs_2017"],
                "piie_original": self.piie["original"], "piie_revised": self.piie["revised"]}



def month_name(month: str) -> str:
    """'2021-06' -> 'June 2021'."""
    return f"{calendar.month_name[int(month[5:])]} {month[:4]}"


def _period_texts(years: tuple[int, ...], as_of: str, cut: bool) -> tuple[str, str]:
    """(title form, prose form) of the assessed period."""
    if not cut:
        title = f"{years[0]}-{str(years[-1])[2:]}" if len(years) > 1 else str(years[0])
        return title, " and ".join(map(str, years))
    through = month_name(as_of)
    if len(years) > 1:
        return f"{years[0]} to {through}", f"{years[0]} and {years[-1]} through {through}"
    first = calendar.month_name[1]
    short = f"{first}-{calendar.month_name[int(as_of[5:])]} {years[0]}"
    return short, short


def _verdict(total: pd.Series) -> str:
    if pd.isna(total["purchases_bn"]):
        return "not_published"
    if total["fulfilment"] >= 1:
        return "met_target"
    return "above_2017" if total["vs_2017"] >= 1 else "below_2017"


def _by_year(v: dict, years, measured) -> pd.DataFrame:
    rows = []
    for year in years:
        part = compliance.fulfilment(v["basis"], (year,), measured, v["include_civil_aircraft"],
                                     v["as_of"], v["proration"])
        rows.append(part.assign(year=year))
    out = pd.concat(rows).reset_index(names="sector")
    return out.rename(columns={"baseline_bn": "level_2017_bn"})[
        ["year", "sector", "purchases_bn", "target_bn", "level_2017_bn", "fulfilment",
         "vs_2017"]]


def _bases(goods: list[str], aircraft: bool, as_of: str) -> pd.DataFrame | None:
    periods = [(name, yrs) for name, yrs in [("2020", (2020,)), ("2020-21", (2020, 2021))]
               if as_of >= f"{yrs[-1]}-12"]
    if not periods:
        return None
    sides = []
    for basis in BASIS_DATA:
        for name, yrs in periods:
            part = compliance.fulfilment(basis, yrs, goods, aircraft)
            sides.append(part.assign(basis=basis, period=name))
    out = pd.concat(sides).reset_index(names="sector")
    return out[["period", "basis", "sector", "purchases_bn", "target_bn", "fulfilment"]]


def _categories(years, goods: list[str], aircraft: bool) -> pd.DataFrame | None:
    if not years or not goods:
        return None
    out = compliance.by_category(years, aircraft)
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


def _inputs(v: dict, years, measured) -> pd.DataFrame:
    """Rows of the inputs used: purchases, 2017 levels and Annex 6.1 additions."""
    bought = compliance.purchases(v["basis"], measured, v["include_civil_aircraft"])
    bought = bought[bought["year"].isin(years)].assign(what="purchases")
    base = load("baselines")
    base = base[base["basis"].eq(v["basis"]) & base["sector"].isin(measured)].assign(
        what="2017 level", year=BASE_YEAR)
    added = load("commitments")
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
            int).isin(years)], load("commitments")],
        "bases": [goods[goods["year"].isin(years)], load("china_imports"), load("commitments")],
        "uncovered": [load("goods_exports_annual"), goods],
        "published": [published[published["measure"].isin(keys)]],
    }
    if not aircraft:
        rows["goods"][0] = rows["goods"][0][rows["goods"][0]["category"] != "civil_aircraft"]
    return {name: publishers(pd.concat(frames)["source"]) for name, frames in rows.items()}


def model(**parameters: Any) -> ComplianceReport:
    """The compliance report for `parameters` (the notebook's parameters cell; see DEFAULTS)."""
    v = model_values("compliance", DEFAULTS, parameters, CHOICES)
    years = assessed_years(v["period"], v["as_of"])
    cut = cut_short(v["period"], v["as_of"])
    sectors = [s for s in SECTORS if s in v["sectors"]]
    goods = [s for s in sectors if s in GOODS_SECTORS]
    services_unmeasured = v["basis"] == "china_imports" and "services" in sectors
    measured = goods if services_unmeasured else sectors
    result = compliance.fulfilment(v["basis"], years, measured, v["include_civil_aircraft"],
                                   v["as_of"], v["proration"])
    title_period, span = _period_texts(years, v["as_of"], cut)
    basis_data = BASIS_DATA[v["basis"]]
    tracker = (compliance.tracker(v["as_of"], v["proration"], goods, v["include_civil_aircraft"])
               if goods else None)
    full_years = years[:-1] if cut else years
    reproduction, ours = (frame.copy() for frame in _reproduction())
    inputs = _inputs(v, years, measured)
    sources = list(dict.fromkeys(s for text in inputs["source"] for s in text.split("; ")))
    return ComplianceReport(
        parameters=v,
        title=f"{QUESTION} Phase One purchases, {title_period}, on {basis_data}",
        scope=f"Phase One purchases, {title_period}, on {basis_data}",
        period_text=title_period, span=span, basis_data=basis_data, years=years, cut=cut,
        assessed="goods and services" if "services" in measured else "goods",
        services_unmeasured=services_unmeasured, fulfilment=result,
        verdict=_verdict(result.loc["total"]), by_year=_by_year(v, years, measured),
        tracker=tracker,
        estimated_months=[] if tracker is None else tracker.index[tracker["estimated"]].tolist(),
        bases=_bases(goods or list(GOODS_SECTORS), v["include_civil_aircraft"], v["as_of"]),
        categories=_categories(full_years, goods, v["include_civil_aircraft"]),
        category_years=full_years,
        uncovered=compliance.uncovered_goods(v["include_civil_aircraft"]).loc[
            : int(v["as_of"][:4]) - (not v["as_of"].endswith("-12"))],
        reproduction=reproduction.drop(columns="key"), ours_piie_scope=ours,
        goods_2017_bn=float(baselines("us_exports")[list(GOODS_SECTORS)].sum()),
        piie={"original": compliance.published("fulfilment_total_original") / 100,
              "revised": compliance.published("fulfilment_total_revised") / 100,
              "bought": compliance.published("purchases_total_2020_21"),
              "goal": compliance.published("commitment_total_2020_21"),
              "goods_2017": compliance.published("covered_goods_2017_us_exports")},
        inputs=inputs[inputs["quality"] != "official"].reset_index(drop=True),
        sources=sources,
        section_sources=_section_sources(years, v["include_civil_aircraft"],
                                         reproduction["key"]),
    )

