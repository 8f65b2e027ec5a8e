"""Fulfilment of the Phase One purchase commitments, by sector, year, period and basis.

Fulfilment is purchases over the period divided by the targets over the period (a
fraction; 0.58 = 58%). Values are US$ billions.
"""

import pandas as pd

from phaseone.agreement import (
    AGREEMENT_YEARS,
    BASE_YEAR,
    BASES,
    GOODS_SECTORS,
    SECTORS,
    check_choice,
    check_listed_only,
    check_sectors,
    commitments,
    covered_goods,
    inferred_codes,
    monthly_targets,
    targets,
)
from phaseone.data import load

QUALITIES = ("official", "published", "estimated")  # most to least official
QUALITY_ORDER = {q: i for i, q in enumerate(QUALITIES)}


def worst_quality(qualities: pd.Series) -> str:
    """The least official of a set of quality labels (official < published < estimated)."""
    return max(qualities, key=QUALITY_ORDER.__getitem__)


def _sources(sources: pd.Series) -> str:
    """The distinct sources of aggregated rows, joined by '; '."""
    return "; ".join(dict.fromkeys(sources))


def purchases(basis: str = "us_exports", sectors=SECTORS,
              include_civil_aircraft: bool = True, listed_only: bool = False) -> pd.DataFrame:
    """Annual covered purchases by sector (US$ bn): columns year, sector, value_bn, quality, source.

    US exports: goods from Census/Comtrade (HS 8800 in manufactured goods unless excluded;
    with `listed_only`, from 2017 without the codes whose attachment page was inferred),
    services from the services table. China's imports: the published goods figures, with a
    `covered_goods` total row where only the total is published.
    """
    check_choice("basis", basis, BASES)
    check_listed_only(basis, listed_only)
    sectors = check_sectors(sectors)
    columns = ["year", "sector", "value_bn", "quality", "source"]
    if basis == "china_imports":
        table = load("china_imports")
        return table[table["sector"].isin([*sectors, "covered_goods"])][columns].reset_index(
            drop=True)
    goods = covered_goods(listed_only)
    if not include_civil_aircraft:
        goods = goods[goods["category"] != "civil_aircraft"]
    goods = goods.groupby(["year", "sector"], as_index=False).agg(
        value_bn=("value_bn", "sum"), quality=("quality", worst_quality),
        source=("source", _sources))
    services = load("services_exports").assign(sector="services")
    both = pd.concat([goods, services[columns]])
    return both[both["sector"].isin(sectors)].sort_values(["year", "sector"], ignore_index=True)


def _partial_year(as_of: str, proration: str, sectors, include_civil_aircraft: bool
                  ) -> pd.DataFrame:
    """Goods purchases, prorated targets and 2017 levels from January to `as_of` (US$ bn)."""
    months = [f"{as_of[:4]}-{m:02d}" for m in range(1, int(as_of[5:]) + 1)]
    bought = monthly_purchases(sectors, include_civil_aircraft)
    same_2017 = [f"{BASE_YEAR}{m[4:]}" for m in months]
    goal = monthly_targets("us_exports", proration, sectors, include_civil_aircraft)
    return pd.DataFrame({
        "purchases_bn": bought[bought["month"].isin(months)].groupby("sector")["value_bn"].sum(),
        "target_bn": goal[goal["month"].isin(months)].groupby("sector")["target_bn"].sum(),
        "baseline_bn": bought[bought["month"].isin(same_2017)].groupby("sector")["value_bn"].sum(),
    })


def fulfilment(basis: str = "us_exports", years=AGREEMENT_YEARS, sectors=SECTORS,
               include_civil_aircraft: bool = True, as_of: str | None = None,
               proration: str = "straight_line", listed_only: bool = False) -> pd.DataFrame:
    """Purchases against targets and against the 2017 level over `years`, by sector and total.

    Index: sector, then `total`. Columns: purchases_bn, target_bn, baseline_bn (2017 level
    times the number of years), fulfilment (purchases / target) and vs_2017
    (purchases / baseline). A sector with a missing year has NaN purchases.

    `as_of` ('YYYY-MM') cuts the last year short: that year counts goods from January to
    `as_of` against targets prorated by `proration` and the same months of 2017 (the project
    holds monthly data for goods on US export data only). `listed_only` leaves out, from
    purchases and the 2017 level, the codes whose attachment page was inferred: full years
    on US export data only (the monthly data are by sector, not by code).
    """
    years = sorted(years)
    for year in years:
        check_choice("year", year, AGREEMENT_YEARS)
    cut = as_of is not None and int(as_of[:4]) == years[-1] and not as_of.endswith("-12")
    if cut and (basis != "us_exports" or "services" in sectors):
        raise ValueError("a year cut short by as_of needs monthly data: goods on US export "
                         "data only")
    if cut and listed_only:
        raise ValueError("listed_only needs full years: the monthly data are by sector, not "
                         "by code")
    check_listed_only(basis, listed_only)
    full = years[:-1] if cut else years
    parts = []
    if full:
        parts.append(_annual(basis, full, sectors, include_civil_aircraft, listed_only))
    if cut:
        parts.append(_partial_year(as_of, proration, check_sectors(sectors),
                                   include_civil_aircraft))
    out = parts[0] if len(parts) == 1 else parts[0].add(parts[1])  # a gap stays NaN
    sectors_only = out.drop(index="total", errors="ignore")
    total = sectors_only.sum(min_count=len(sectors_only))
    if "total" in out.index and pd.isna(total["purchases_bn"]):  # China's published total
        total["purchases_bn"] = out.loc["total", "purchases_bn"]
    out = sectors_only.copy()
    out.loc["total"] = total
    out["fulfilment"] = out["purchases_bn"] / out["target_bn"]
    out["vs_2017"] = out["purchases_bn"] / out["baseline_bn"]
    return out[["purchases_bn", "target_bn", "baseline_bn", "fulfilment", "vs_2017"]]


def _annual(basis: str, years, sectors, include_civil_aircraft: bool,
            listed_only: bool = False) -> pd.DataFrame:
    """Annual purchases, targets and 2017 levels summed over `years`, by sector (US$ bn).

    A `total` row carries China's published covered-goods total where sectors are missing.
    """
    goal = targets(basis, sectors, include_civil_aircraft, listed_only)
    goal = goal[goal["year"].isin(years)].groupby("sector")[["target_bn", "baseline_bn"]].sum()
    bought = purchases(basis, sectors, include_civil_aircraft, listed_only)
    bought = bought[bought["year"].isin(years)].pivot(index="sector", columns="year",
                                                      values="value_bn")
    bought = bought.reindex(columns=years)
    out = goal.assign(purchases_bn=bought.sum(axis=1, min_count=len(years)).reindex(goal.index))
    if out["purchases_bn"].isna().any() and "covered_goods" in bought.index and \
            set(goal.index) == set(GOODS_SECTORS):
        out.loc["total"] = [float("nan")] * 2 + [bought.loc["covered_goods"].sum(
            min_count=len(years))]
    return out


def by_category(years=AGREEMENT_YEARS, include_civil_aircraft: bool = True,
                listed_only: bool = False) -> pd.DataFrame:
    """Fulfilment by Annex 6.1 product category over `years`, on US export data (US$ bn).

    Per-category targets exist only in a confidential annex; as PIIE does, each sector's
    Annex 6.1 addition is allocated to its categories by their share of the sector's 2017
    exports. Index: category. Columns: sector, level_2017_bn, share_of_sector, purchases_bn,
    target_bn, fulfilment. `listed_only`: without the codes whose attachment page was
    inferred, in purchases, 2017 levels and so the weights: a sector's addition is shared by
    what is counted, so a category with no code left out takes a larger part of it.
    """
    years = sorted(years)
    goods = covered_goods(listed_only)
    if not include_civil_aircraft:
        goods = goods[goods["category"] != "civil_aircraft"]
    base = goods[goods["year"].eq(BASE_YEAR)].set_index("category")
    out = base[["sector"]].assign(level_2017_bn=base["value_bn"])
    sector_2017 = out.groupby("sector")["level_2017_bn"].transform("sum")
    out["share_of_sector"] = out["level_2017_bn"] / sector_2017
    added = commitments()
    added = added[added["year"].isin(years)].groupby("sector")["value_bn"].sum()
    out["purchases_bn"] = goods[goods["year"].isin(years)].groupby("category")["value_bn"].sum()
    allocated = out["sector"].map(added) * out["share_of_sector"]
    out["target_bn"] = len(years) * out["level_2017_bn"] + allocated
    out["fulfilment"] = out["purchases_bn"] / out["target_bn"]
    return out.sort_values(["sector", "fulfilment"], ascending=[True, False])


def monthly_purchases(sectors=GOODS_SECTORS,
                      include_civil_aircraft: bool = True) -> pd.DataFrame:
    """Monthly US exports of covered goods by sector (US$ bn): month, sector, value_bn, quality."""
    sectors = [s for s in check_sectors(sectors) if s in GOODS_SECTORS]
    table = load("covered_goods_monthly")
    if not include_civil_aircraft:
        table = table[table["component"] != "civil_aircraft"]
    table = table[table["sector"].isin(sectors)]
    return table.groupby(["month", "sector"], as_index=False).agg(
        value_bn=("value_bn", "sum"), quality=("quality", worst_quality))


def tracker(as_of: str = "2021-12", proration: str = "straight_line", sectors=SECTORS,
            include_civil_aircraft: bool = True) -> pd.DataFrame:
    """The monthly cumulative tracker of covered goods on US export data, 2020-01..`as_of`.

    One row per month: purchases_bn, target_bn (prorated), level_2017_bn (same month of
    2017), their year-to-date sums (ytd_*) and ytd_fulfilment. Services have no monthly
    data and are left out.
    """
    goods = [s for s in check_sectors(sectors) if s in GOODS_SECTORS]
    if not goods:
        raise ValueError("the monthly tracker needs at least one goods sector")
    months = [f"{y}-{m:02d}" for y in AGREEMENT_YEARS for m in range(1, 13)]
    check_choice("as_of month", as_of, months)
    bought = monthly_purchases(goods, include_civil_aircraft)
    by_month = bought.groupby("month")["value_bn"].sum()
    goal = monthly_targets("us_exports", proration, goods, include_civil_aircraft)
    goal = goal.groupby("month")["target_bn"].sum()
    out = pd.DataFrame(index=pd.Index(months[: months.index(as_of) + 1], name="month"))
    out["purchases_bn"] = by_month.reindex(out.index)
    out["target_bn"] = goal.reindex(out.index)
    out["level_2017_bn"] = [by_month.get(f"{BASE_YEAR}{m[4:]}") for m in out.index]
    year = out.index.str[:4]
    for col in ["purchases_bn", "target_bn", "level_2017_bn"]:
        out[f"ytd_{col}"] = out.groupby(year)[col].cumsum()
    out["ytd_fulfilment"] = out["ytd_purchases_bn"] / out["ytd_target_bn"]
    out["estimated"] = out.index.map(
        bought.groupby("month")["quality"].agg(worst_quality)).isin(["estimated"])
    return out


def uncovered_goods(include_civil_aircraft: bool = True,
                    listed_only: bool = False) -> pd.DataFrame:
    """US goods exports to China not covered by Annex 6.1, by year (US$ bn).

    Columns: total_bn, covered_bn, uncovered_bn, uncovered_vs_2017 (ratio to 2017). With
    `listed_only`, from 2017, codes whose attachment page was inferred count as not covered.
    """
    total = load("goods_exports_annual").set_index("year")["value_bn"]
    covered = purchases("us_exports", GOODS_SECTORS, include_civil_aircraft, listed_only)
    covered = covered.groupby("year")["value_bn"].sum()
    out = pd.DataFrame({"total_bn": total, "covered_bn": covered}).dropna()
    out["uncovered_bn"] = out["total_bn"] - out["covered_bn"]
    out["uncovered_vs_2017"] = out["uncovered_bn"] / out.loc[BASE_YEAR, "uncovered_bn"]
    return out


def published(measure: str) -> float:
    """A published reference value (for comparison only), in its table's unit."""
    table = load("published_results").set_index("measure")
    check_choice("published measure", measure, table.index)
    return float(table.loc[measure, "value"])


def piie_by_sector() -> pd.DataFrame:
    """Our 2020-21 purchases minus PIIE's, decomposed by sector (US export data, US$ bn).

    PIIE published its 2020-21 fulfilment by sector as whole percentages only; its purchases
    by sector are implied as share x PIIE's sector commitment (twice PIIE's 2017 level plus the
    Annex 6.1 additions; the services level is PIIE's 2020 commitment less the 2020 additions
    less covered goods). A share rounded to a whole percent places the implied figure within
    half a point of its commitment (`band_bn`). Index: the sectors, `goods` (their sum),
    `not_decomposed` (PIIE's published total less the sum its shares imply) and `total`.
    Columns: ours_bn, piie_share (fraction), piie_commitment_bn, piie_bn, difference_bn,
    band_bn, outside_band ('outside' | 'inside' the band; empty where there is none),
    status (of the published share).
    """
    table = load("published_results").set_index("measure")
    added = commitments()
    two_years = added[added["year"].isin(AGREEMENT_YEARS)].groupby("sector")["value_bn"].sum()
    first = added[added["year"].eq(AGREEMENT_YEARS[0])]["value_bn"].sum()
    goods_2017 = published("covered_goods_2017_us_exports")
    level = {s: published(f"covered_{s}_2017_us_exports") for s in GOODS_SECTORS}
    level["services"] = published("commitment_total_2020") - first - goods_2017
    ours = fulfilment("us_exports", AGREEMENT_YEARS)
    rows = {}
    for sector in SECTORS:
        goal = len(AGREEMENT_YEARS) * level[sector] + two_years[sector]
        share = published(f"fulfilment_{sector}") / 100
        rows[sector] = dict(ours_bn=ours.loc[sector, "purchases_bn"], piie_share=share,
                            piie_commitment_bn=goal, piie_bn=share * goal,
                            band_bn=0.005 * goal,
                            status=table.loc[f"fulfilment_{sector}", "status"])
    out = pd.DataFrame.from_dict(rows, orient="index")
    goods = out.loc[list(GOODS_SECTORS), ["ours_bn", "piie_commitment_bn", "piie_bn",
                                          "band_bn"]].sum()
    out.loc["goods"] = goods
    total_piie = published("purchases_total_2020_21")
    out.loc["not_decomposed"] = dict(ours_bn=0.0, piie_bn=total_piie - out.loc[
        list(SECTORS), "piie_bn"].sum(), band_bn=float("nan"))
    out.loc["total"] = dict(ours_bn=ours.loc["total", "purchases_bn"], piie_bn=total_piie,
                            piie_commitment_bn=published("commitment_total_2020_21"),
                            band_bn=float("nan"))
    out["difference_bn"] = out["ours_bn"] - out["piie_bn"]
    outside = out["difference_bn"].abs() > out["band_bn"]
    out["outside_band"] = outside.map({True: "outside", False: "inside"}).where(
        out["band_bn"].notna())
    return out[["ours_bn", "piie_share", "piie_commitment_bn", "piie_bn", "difference_bn",
                "band_bn", "outside_band", "status"]]


def inferred_pages() -> pd.DataFrame:
    """Listed Annex 6.1 codes whose attachment page was inferred (not found in the
    attachment), counted by sector and category: columns sector, category, codes, listed
    (all codes listed in the category), examples (the first codes)."""
    products = load("annex_6_1_products")
    inferred = products["checked"].str.startswith("not found")
    grouped = products.assign(inferred=inferred).groupby(["sector", "category"])
    out = grouped.agg(codes=("inferred", "sum"), listed=("inferred", "size"))
    out["examples"] = grouped.apply(
        lambda g: ", ".join(g.loc[g["inferred"], "hs_code"].head(3)), include_groups=False)
    return out[out["codes"] > 0].reset_index()


def inferred_value(years=AGREEMENT_YEARS) -> pd.DataFrame:
    """What the codes whose attachment page was inferred carry, by year and category, on US
    export data (US$ bn): columns year, sector, category, inferred_bn, covered_bn (all of the
    category) and share (inferred / covered); a `total` category per year (sector empty)."""
    less = inferred_codes()
    less = less[less["year"].isin(years)].set_index(["year", "category"])
    goods = covered_goods()
    goods = goods[goods["year"].isin(years)].set_index(["year", "category"])
    out = less.rename(columns={"value_bn": "inferred_bn"}).assign(
        covered_bn=goods["value_bn"].reindex(less.index)).reset_index()
    totals = out.groupby("year", as_index=False)[["inferred_bn", "covered_bn"]].sum()
    totals["covered_bn"] = goods.groupby("year")["value_bn"].sum().reindex(totals["year"]).values
    out = pd.concat([out, totals.assign(category="total")], ignore_index=True)
    out["share"] = out["inferred_bn"] / out["covered_bn"]
    return out[["year", "sector", "category", "inferred_bn", "covered_bn", "share"]]


def hs2022_subheadings() -> pd.DataFrame:
    """US exports under HS 2022 subheadings no HS 2017 row holds, counted through their listed
    heading, by year (US$ bn): columns year, value_bn, covered_bn (all covered goods), share,
    codes (the largest three, space separated)."""
    codes = load("covered_codes_annual")
    new = codes[codes["hs2022_subheading"].eq("true")]
    covered = codes.groupby("year")["value_bn"].sum()
    out = new.groupby("year", as_index=False)["value_bn"].sum()
    out["covered_bn"] = covered.reindex(out["year"]).values
    out["share"] = out["value_bn"] / out["covered_bn"]
    out["codes"] = [" ".join(new[new["year"].eq(y)].nlargest(3, "value_bn")["hs_code"])
                    for y in out["year"]]
    return out


def china_reported_totals() -> pd.DataFrame:
    """China-reported imports from the US (CIF) beside Census US exports to China (FOB), all
    goods, by year (US$ bn): columns china_bn, us_bn, gap_bn (China's less the US's), ratio."""
    china = load("china_reported_imports").set_index("year")["value_bn"]
    us = load("goods_exports_annual").set_index("year")["value_bn"]
    out = pd.DataFrame({"china_bn": china, "us_bn": us.reindex(china.index)})
    out["gap_bn"] = out["china_bn"] - out["us_bn"]
    out["ratio"] = out["china_bn"] / out["us_bn"]
    return out


def china_mirror_2024() -> pd.DataFrame:
    """China's own 2024 imports from the US beside US exports of the same products, by Annex
    6.1 sector (US$ bn). Index: the goods sectors, `covered` (their sum), `not_covered`, `total`.
    Columns: china_bn (China Customs via the WTO file, CIF), us_bn (covered goods as the
    project counts them: Comtrade HS6, civil aircraft chapter 88; total: Census), gap_bn
    (China's less the US's), ratio."""
    year = int(load("china_imports_covered_2024")["year"].iloc[0])
    china = load("china_imports_covered_2024").groupby("sector")["value_bn"].sum()
    goods = covered_goods()
    us = goods[goods["year"].eq(year)].groupby("sector")["value_bn"].sum()
    total_us = load("goods_exports_annual").set_index("year").loc[year, "value_bn"]
    out = pd.DataFrame({"china_bn": china.reindex(GOODS_SECTORS),
                        "us_bn": us.reindex(GOODS_SECTORS)})
    out.loc["covered"] = out.sum()
    out.loc["not_covered"] = [china["not_covered"], total_us - out.loc["covered", "us_bn"]]
    out.loc["total"] = [china.sum(), total_us]
    out["gap_bn"] = out["china_bn"] - out["us_bn"]
    out["ratio"] = out["china_bn"] / out["us_bn"]
    return out
