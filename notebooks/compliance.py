# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Did China buy what it promised?
#
# The January 2020 US-China "Phase One" agreement (Chapter 6, Annex 6.1) committed China
# to buy, in 2020 and 2021, the 2017 level of covered US goods and services plus an extra
# $200 billion over the two years. This report rebuilds the Peterson Institute's
# compliance tracker ([Chad P. Bown, PIIE](https://www.piie.com/research/piie-charts/us-china-phase-one-tracker-chinas-purchases-us-goods))
# from official statistics.

# %% tags=["parameters"]
basis: str = "us_exports"  # us_exports | china_imports: whose statistics measure purchases
period: str = "2020-2021"  # 2020-2021 | 2020 | 2021: agreement years assessed
as_of: str = "2021-12"  # last month of data used, YYYY-MM from 2020-01 to 2021-12 (a month before December cuts that year short)
proration: str = "seasonal"  # seasonal | straight_line: how annual targets spread over months
sectors: list = ["manufactured_goods", "agriculture", "energy", "services"]  # manufactured_goods | agriculture | energy | services: sectors assessed
include_civil_aircraft: bool = True  # count Census HS 8800 (civil aircraft) as covered, as PIIE has since 2020-10

# %% tags=["remove_cell"]
import matplotlib.pyplot as plt
from IPython.display import display

from phaseone import plots
from phaseone.headline import headline
from phaseone.reports import compliance
from phaseone.text import (
    and_list,
    bn,
    change,
    inputs_note,
    label,
    md,
    pct,
    pp,
    publishers,
    sources_list,
    table,
)

plots.use_style()
r = compliance.model(basis=basis, period=period, as_of=as_of, proration=proration,
                     sectors=sectors, include_civil_aircraft=include_civil_aircraft)
t = r.total
SOURCE = publishers(r.sources)
GOODS_SOURCE = r.section_sources["goods"]

# %% [markdown]
# ## In short

# %% tags=["headline"]
extra = t.target_bn - t.baseline_bn
level = "the same months" if r.cut else {1: "a year", 2: "two years"}[len(r.years)]
if r.verdict == "not_published":
    finding = (f"China's imports are published by sector for 2020 only, so fulfilment over "
               f"{r.span} for {and_list(label(s).lower() for s in r.fulfilment.index[:-1])} "
               f"cannot be measured on {r.basis_data}; the targets were {bn(t.target_bn)}.")
else:
    judged = {
        "below_2017": f"not even the 2017 level ({pct(t.vs_2017)} of it), let alone the "
                      f"extra {bn(extra, 0)} promised",
        "above_2017": f"more than the 2017 level ({pct(t.vs_2017)} of it), but only "
                      f"{bn(t.purchases_bn - t.baseline_bn)} of the extra {bn(extra, 0)} promised",
        "met_target": f"the target and {bn(t.purchases_bn - t.target_bn)} more",
    }[r.verdict]
    finding = (f"Over {r.span}, China bought {pct(t.fulfilment)} of the covered US "
               f"{r.assessed} it committed to buy, on {r.basis_data}: {judged}.")
details = [] if r.verdict == "not_published" else [
    f"Purchases were {bn(t.purchases_bn)} against targets of {bn(t.target_bn)}; {level} at "
    f"the 2017 level would have been {bn(t.baseline_bn)}."]
if r.services_unmeasured:
    details.append("China's import statistics have no services, so services are left out.")
if r.cut:
    details.append(f"The last year counts January to {compliance.month_name(as_of)} only, "
                   f"against {proration.replace('_', '-')} prorated targets.")
display(md(f"**{r.scope}**\n\n{finding} {' '.join(details)}"))
ours = r.ours_piie_scope.loc["total"]
display(md(f"""
On PIIE's scope (every sector, US export data, 2020-21) our figure is {pct(ours.fulfilment)}
({bn(ours.purchases_bn)} of {bn(ours.target_bn)}). PIIE published {pct(r.piie["original"], 0)}
({bn(r.piie["bought"])} of {bn(r.piie["goal"])}) on 2022-02-08 and {pct(r.piie["revised"], 0)}
after later US data revisions. Ours differs from PIIE's {bn(r.piie["bought"])} by
{bn(ours.purchases_bn - r.piie["bought"])} because: the 2017 covered-goods baseline is rebuilt
from Census HS6 data ({bn(r.goods_2017_bn, 2)} against PIIE's {bn(r.piie["goods_2017"])}); 2021
goods come from UN Comtrade's annual HS6 data (the pre-revision Census figures), with December
2021 estimated as the annual total less year-to-date November; and services purchases
({bn(r.ours_piie_scope.loc["services", "purchases_bn"])} over 2020-21) are BEA figures as
published by USTR and the US-China Business Council, not PIIE's own services series.
"""))
measured = r.verdict != "not_published"
headline({
    f"Fulfilment, {r.period_text}": pct(t.fulfilment) if measured else "not published",
    "Purchases / targets, $bn": f"{t.purchases_bn:,.0f} / {t.target_bn:,.0f}" if measured
    else "not published",
    "Of the 2017 level": pct(t.vs_2017) if measured else "not published",
    "PIIE, original / revised": f"{pct(r.piie['original'], 0)} / {pct(r.piie['revised'], 0)}",
}, title=r.title, finding=finding)

# %%
inputs_note(r.inputs)

# %% [markdown]
# ## Purchases against targets, by sector and year
#
# Each year's target is the 2017 level of the sector plus the Annex 6.1 addition. The
# table lists purchases, targets, the 2017 level and fulfilment for each agreement year.

# %%
table(r.by_year,
      title=f"Covered purchases against targets, {r.period_text}, on {r.basis_data}",
      subtitle="US$ billions; fulfilment = purchases / target; vs 2017 = purchases / 2017 level",
      source=SOURCE, money=["purchases_bn", "target_bn", "level_2017_bn"],
      percent=["fulfilment", "vs_2017"])

# %%
plots.sector_bars(r.by_year, f"Purchases, targets and the 2017 level by sector, on {r.basis_data}",
                  SOURCE);

# %% [markdown]
# ## The monthly tracker
#
# The agreement sets only year-end targets; monthly targets are an illustration. PIIE first
# spread each year's target evenly over the months and, from 2020-10-26, in proportion to
# each month's share of 2017 trade ("seasonal"). Monthly data exist for US exports of
# goods only, so the tracker leaves out services and uses US export data on either basis.

# %%
if r.tracker is None:
    display(md("No goods sector is assessed, so there is no monthly tracker: services "
                     "have annual data only."))
else:
    last = r.tracker.iloc[-1]
    goods = [label(s).lower() for s in r.parameters["sectors"] if s != "services"]
    display(md(f"""
By {compliance.month_name(as_of)}, year-to-date US exports of covered {and_list(goods)} were
{bn(last.ytd_purchases_bn)}, {pct(last.ytd_fulfilment)} of the {proration.replace("_", "-")}
prorated target of {bn(last.ytd_target_bn)} and {pct(last.ytd_purchases_bn / last.ytd_level_2017_bn)}
of the same months of 2017 ({bn(last.ytd_level_2017_bn)}).
{f"Estimated months: {', '.join(r.estimated_months)}." if r.estimated_months else ""}
"""))
    plots.tracker(r.tracker, proration, "Cumulative US exports of covered goods against "
                  "prorated targets", GOODS_SOURCE + ("; estimated months marked" if
                                                      r.estimated_months else ""));

# %% [markdown]
# ## The two bases side by side
#
# Article 6.2.6 uses both US export and Chinese import statistics. Each basis has its own
# 2017 baseline and so its own targets. China's imports are PIIE's published aggregates
# (China Customs); they exist by sector for 2020 and as a goods total for 2021, and cover
# no services.

# %%
if r.bases is None:
    display(md(f"China's imports are annual, so the bases can be compared only from "
                     f"December 2020; the data here end in {compliance.month_name(as_of)}."))
else:
    b = r.bases.query("period == '2020' and sector == 'total'").set_index("basis")
    us20, cn20 = b.loc["us_exports"], b.loc["china_imports"]
    display(md(f"""
In 2020, covered goods reached {pct(us20.fulfilment)} of target on US export data
({bn(us20.purchases_bn)} of {bn(us20.target_bn)}) and {pct(cn20.fulfilment)} on China's
import data ({bn(cn20.purchases_bn)} of {bn(cn20.target_bn)}), a gap of
{pp(us20.fulfilment - cn20.fulfilment)}. Rows without data are left blank.
"""))
    display(table(r.bases, title="Covered goods on both bases", subtitle="US$ billions",
                  source=r.section_sources["bases"],
                  money=["purchases_bn", "target_bn"], percent=["fulfilment"],
                  ).sub_missing(missing_text=""))

# %% [markdown]
# ## By product category
#
# The Annex 6.1 attachment lists covered goods in product categories, but per-category
# targets exist only in a confidential version. As PIIE does, each sector's addition is
# allocated to its categories by their share of the sector's 2017 US exports. US export
# data only, full years only: China's imports are not published by category.

# %%
if r.categories is None:
    display(md("No full year of a goods sector is assessed, so there are no category "
                     "figures (categories have annual data only)."))
else:
    p, years_text = r.categories, " and ".join(map(str, r.category_years))
    ahead = [label(c).lower() for c in p.index[p["fulfilment"] >= 1]]
    worst = p["fulfilment"].idxmin()
    display(md(f"""
Over {years_text}, {len(ahead)} of {len(p)} categories met their allocated targets
({and_list(ahead) if ahead else "none"}). The furthest behind was {label(worst).lower()}, at
{pct(p.loc[worst, "fulfilment"])} of its allocated target ({bn(p.loc[worst, "purchases_bn"])}
of {bn(p.loc[worst, "target_bn"])}).
"""))
    plots.category_fulfilment(p, f"Purchases as a share of the allocated target, {years_text}",
                              GOODS_SOURCE + "; targets allocated by 2017 shares")
    plt.show()
    display(table(p.reset_index(names="category")[
        ["sector", "category", "level_2017_bn", "purchases_bn", "target_bn", "fulfilment"]],
        title="Covered goods by product category, US export data",
        subtitle=f"US$ billions, {years_text}; targets allocated within each sector by 2017 "
                 "shares", source=GOODS_SOURCE,
        money=["level_2017_bn", "purchases_bn", "target_bn"], percent=["fulfilment"]))

# %% [markdown]
# ## Goods not covered by the agreement
#
# Goods outside Annex 6.1 are US goods exports to China less covered goods. Were they
# crowded out, or did they hold their 2017 level?

# %%
u = r.uncovered
after = [y for y in u.index if y > 2017]
display(md(f"US exports to China of goods outside the agreement were "
                 f"{bn(u.loc[2017, 'uncovered_bn'])} in 2017" + "".join(
                     f", {bn(u.loc[y, 'uncovered_bn'])} in {y} "
                     f"({change(u.loc[y, 'uncovered_vs_2017'])} against 2017)" for y in after)
                 + "."))
plots.uncovered(u, r.section_sources["uncovered"], reference=2017);

# %% [markdown]
# ## Our figures beside the published ones
#
# On PIIE's scope (every sector, US export data, 2020-21, civil aircraft included), whatever
# the parameters above. Published values are kept in their own table and used only here.

# %%
table(r.reproduction, title="Reproduced against published figures",
      subtitle="Each row in the unit its measure names (differences of percentages in points); "
               "PIIE's sector shares other than agriculture are as reported",
      source="our computation; " + r.section_sources["published"], ratio=["ours", "published", "difference"])

# %% [markdown]
# ## Sources

# %%
sources_list(r.sources)
