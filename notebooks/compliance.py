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
# # Did China buy what it promised? The Phase One purchase commitments, 2020-21
#
# The January 2020 US-China "Phase One" agreement (Chapter 6, Annex 6.1) committed China
# to buy, in 2020 and 2021, the 2017 level of covered US goods and services plus an extra
# $200 billion over the two years. This report rebuilds the Peterson Institute's
# compliance tracker (Chad P. Bown, PIIE) from official statistics.

# %% tags=["parameters"]
basis: str = "us_exports"  # us_exports | china_imports: whose statistics measure purchases
period: str = "2020-2021"  # 2020-2021 | 2020 | 2021: agreement years assessed
as_of: str = "2021-12"  # last month of the monthly tracker, YYYY-MM between 2020-01 and 2021-12
proration: str = "seasonal"  # seasonal | straight_line: how annual targets spread over months
sectors: list = ["manufactured_goods", "agriculture", "energy", "services"]  # manufactured_goods | agriculture | energy | services: sectors assessed
include_services: bool = True  # False drops services from the sectors assessed
include_civil_aircraft: bool = True  # count Census HS 8800 (civil aircraft) as covered, as PIIE has since 2020-10

# %% tags=["remove_cell"]
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display

from phaseone import agreement, compliance, config, plots
from phaseone.headline import headline
from phaseone.text import bn, change, pct, pp, table

plots.use_style()
YEARS = {"2020-2021": (2020, 2021), "2020": (2020,), "2021": (2021,)}
agreement.check_choice("period", period, YEARS)
agreement.check_choice("basis", basis, config.BASES)
years = YEARS[period]
chosen = [s for s in agreement.check_sectors(sectors) if include_services or s != "services"]
scope = dict(sectors=chosen, include_civil_aircraft=include_civil_aircraft)
basis_data = {"us_exports": "US export data", "china_imports": "China's import data"}[basis]
SOURCE = ("US Census Bureau; UN Comtrade; BEA via USTR and USCBC; PIIE (China's imports); "
          "Annex 6.1 of the agreement")

# %% tags=["remove_cell"]
result = compliance.fulfilment(basis, years, **scope)
total = result.loc["total"]
us = compliance.fulfilment("us_exports", config.AGREEMENT_YEARS)
piie_original = compliance.published("fulfilment_total_original") / 100
piie_revised = compliance.published("fulfilment_total_revised") / 100
piie_bought = compliance.published("purchases_total_2020_21")
piie_goal = compliance.published("commitment_total_2020_21")
goods_2017 = agreement.baselines("us_exports")[list(config.GOODS_SECTORS)].sum()
piie_goods_2017 = compliance.published("covered_goods_2017_us_exports")
services_2020_21 = us.loc["services", "purchases_bn"]
estimated_months = compliance.tracker("2021-12", **scope).query("estimated").index.tolist()
span = " and ".join(map(str, years))

# %% [markdown]
# ## Headline

# %% tags=["headline"]
assessed = "goods and services" if "services" in result.index else "goods"
if pd.isna(total.purchases_bn):  # China's imports by sector exist for 2020 only
    display(Markdown(f"""
**China's imports are published by sector for 2020 only** (2021 only as a goods total), so
fulfilment over {span} for {", ".join(plots.label(s).lower() for s in result.index[:-1])} cannot
be measured on {basis_data}. The targets were {bn(total.target_bn)}; see the tables below.
"""))
else:
    display(Markdown(f"""
**Over {span}, China bought {pct(total.fulfilment)} of the covered US {assessed} it committed
to buy** ({bn(total.purchases_bn)} against targets of {bn(total.target_bn)}, measured on
{basis_data}). That is {pct(total.vs_2017)} of what {"two years" if len(years) == 2 else "a year"}
at the 2017 level would have been ({bn(total.baseline_bn)}): {"not even" if total.vs_2017 < 1
else "more than"} the 2017 level, let alone the extra {bn(total.target_bn - total.baseline_bn, 0)}
promised.
"""))
display(Markdown(f"""
With every sector on US export data over 2020-21, our figure is {pct(us.loc["total", "fulfilment"])}
({bn(us.loc["total", "purchases_bn"])} of {bn(us.loc["total", "target_bn"])}). PIIE published
{pct(piie_original, 0)} ({bn(piie_bought)} of {bn(piie_goal)}) on 2022-02-08 and
{pct(piie_revised, 0)} after later US data revisions. Our figure differs from PIIE's
{bn(piie_bought)} by {bn(us.loc["total", "purchases_bn"] - piie_bought)} because:
the 2017 covered-goods baseline is rebuilt from Census HS6 data ({bn(goods_2017, 2)}
against PIIE's {bn(piie_goods_2017)}); 2021 goods come from UN Comtrade's annual HS6 data
(the pre-revision Census figures), with December 2021 estimated as the annual total less
year-to-date November ({", ".join(estimated_months)}); and services purchases
({bn(services_2020_21)} over 2020-21) are BEA figures as published by USTR and the
US-China Business Council, not PIIE's own services series.
"""))
measured = pd.notna(total.purchases_bn)
headline({
    f"Fulfilment {period}, {basis_data}": pct(total.fulfilment) if measured else "not published",
    "Purchases of targets": f"{bn(total.purchases_bn)} of {bn(total.target_bn)}" if measured
    else "not published",
    "PIIE (original / revised)": f"{pct(piie_original, 0)} / {pct(piie_revised, 0)}",
    "Ours, all sectors, US export data": pct(us.loc["total", "fulfilment"]),
})

# %% [markdown]
# ## Purchases against targets, by sector and year
#
# Each year's target is the 2017 level of the sector plus the Annex 6.1 addition. The
# table lists purchases, targets, the 2017 level and fulfilment for each agreement year.

# %% tags=["remove_cell"]
rows = []
for year in years:
    part = compliance.fulfilment(basis, (year,), **scope)
    rows.append(part.assign(year=year))
by_year = pd.concat(rows).reset_index(names="sector")
by_year["sector"] = by_year["sector"].map(plots.label)
by_year = by_year.rename(columns={"baseline_bn": "level_2017_bn"})

# %%
table(by_year[["year", "sector", "purchases_bn", "target_bn", "level_2017_bn", "fulfilment",
               "vs_2017"]],
      title=f"Covered purchases against targets, on {basis_data}",
      subtitle="US$ billions; fulfilment = purchases / target; vs 2017 = purchases / 2017 level",
      source=SOURCE, money=["purchases_bn", "target_bn", "level_2017_bn"],
      percent=["fulfilment", "vs_2017"])

# %%
chart = by_year[by_year["sector"] != "Total"].melt(
    id_vars=["year", "sector"], value_vars=["purchases_bn", "target_bn", "level_2017_bn"],
    var_name="measure", value_name="bn")
chart["measure"] = chart["measure"].map(
    {"purchases_bn": "Purchases", "target_bn": "Target", "level_2017_bn": "2017 level"})
chart["sector"] = chart["sector"].str.replace(" ", "\n", n=1)
fig, axes = plt.subplots(1, len(years), figsize=(5.6 * len(years), 4.2), sharey=True,
                         squeeze=False)
for ax, year in zip(axes[0], years, strict=True):
    part = chart[chart["year"] == year]
    sns.barplot(part, x="sector", y="bn", hue="measure", ax=ax,
                palette=["#262626", "#c00000", "#bfbfbf"])
    ax.set(title=str(year), xlabel="", ylabel="")
    plots.billions(ax)
    if ax is not axes[0][0]:
        ax.get_legend().remove()
axes[0][0].legend(title="")
fig.suptitle(f"Purchases, targets and the 2017 level by sector, on {basis_data}",
             x=0.01, ha="left", fontweight="bold")
plots.source_note(fig, SOURCE)
plt.show()

# %% [markdown]
# ## The monthly tracker
#
# The agreement sets only year-end targets; monthly targets are an illustration. PIIE first
# spread each year's target evenly over the months and, from 2020-10-26, in proportion to
# each month's share of 2017 trade ("seasonal"). Monthly data exist for US exports of
# goods only, so the tracker leaves out services and uses US export data on either basis.

# %% tags=["remove_cell"]
track = compliance.tracker(as_of, proration, **scope)
last = track.iloc[-1]
goods_chosen = [plots.label(s).lower() for s in chosen if s in config.GOODS_SECTORS]
goods_text = " and ".join([", ".join(goods_chosen[:-1]), goods_chosen[-1]] if len(goods_chosen) > 1
                          else goods_chosen)

# %%
display(Markdown(f"""
By {as_of}, year-to-date US exports of covered {goods_text} were
{bn(last.ytd_purchases_bn)}, {pct(last.ytd_fulfilment)} of the {proration.replace("_", "-")}
prorated target of {bn(last.ytd_target_bn)} and {pct(last.ytd_purchases_bn / last.ytd_level_2017_bn)}
of the same months of 2017 ({bn(last.ytd_level_2017_bn)}).
"""))

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
for ax, year in zip(axes, config.AGREEMENT_YEARS, strict=True):
    part = track[track.index.str.startswith(str(year))]
    months = pd.to_datetime(part.index)
    ax.plot(months, part["ytd_purchases_bn"], color=plots.SERIES_COLORS["actual"], lw=2.2,
            marker="o", ms=3, label="Purchases, year to date")
    ax.plot(months, part["ytd_target_bn"], color=plots.SERIES_COLORS["target"], lw=1.8,
            ls="--", label=f"Target ({proration.replace('_', '-')})")
    ax.plot(months, part["ytd_level_2017_bn"], color=plots.SERIES_COLORS["level_2017"], lw=1.5,
            ls=":", label="2017 level")
    estimated = part[part["estimated"]]
    if len(estimated):
        ax.scatter(pd.to_datetime(estimated.index), estimated["ytd_purchases_bn"],
                   facecolor="white", edgecolor="#262626", zorder=3, label="Estimated month")
    ax.set(title=str(year), xlabel="")
    ax.xaxis.set_major_formatter(plt.matplotlib.dates.DateFormatter("%b"))
    plots.billions(ax)
legend = {label: handle for ax in axes for handle, label in zip(*ax.get_legend_handles_labels(),
                                                                  strict=True)}
axes[0].legend(legend.values(), legend.keys(), loc="upper left")
fig.suptitle("Cumulative US exports of covered goods against prorated targets", x=0.01,
             ha="left", fontweight="bold")
plots.source_note(fig, "US Census Bureau; UN Comtrade (December 2021 estimated); Annex 6.1")
plt.show()

# %% [markdown]
# ## The two bases side by side
#
# Article 6.2.6 uses both US export and Chinese import statistics. Each basis has its own
# 2017 baseline and so its own targets. China's imports are PIIE's published aggregates
# (China Customs); they exist by sector for 2020 and as a goods total for 2021, and cover
# no services.

# %% tags=["remove_cell"]
goods = [s for s in chosen if s in config.GOODS_SECTORS] or list(config.GOODS_SECTORS)
sides = []
for side in config.BASES:
    for label, yrs in [("2020", (2020,)), ("2020-21", (2020, 2021))]:
        part = compliance.fulfilment(side, yrs, goods, include_civil_aircraft)
        sides.append(part.assign(basis=plots.label(side), period=label))
both = pd.concat(sides).reset_index(names="sector")
both["sector"] = both["sector"].map(plots.label)
us20 = both.query("basis == 'US exports' and period == '2020' and sector == 'Total'").iloc[0]
cn20 = both.query("basis == \"China's imports\" and period == '2020' and sector == 'Total'").iloc[0]

# %%
display(Markdown(f"""
In 2020, covered goods reached {pct(us20.fulfilment)} of target on US export data
({bn(us20.purchases_bn)} of {bn(us20.target_bn)}) and {pct(cn20.fulfilment)} on China's
import data ({bn(cn20.purchases_bn)} of {bn(cn20.target_bn)}), a gap of
{pp(us20.fulfilment - cn20.fulfilment)}. Rows without data are left blank.
"""))

# %%
table(both[["period", "basis", "sector", "purchases_bn", "target_bn", "fulfilment"]],
      title="Covered goods on both bases", subtitle="US$ billions",
      source="US Census Bureau; UN Comtrade; China Customs as published by PIIE",
      money=["purchases_bn", "target_bn"], percent=["fulfilment"]).sub_missing(missing_text="")

# %% [markdown]
# ## By product category
#
# The Annex 6.1 attachment lists covered goods in product categories, but per-category
# targets exist only in a confidential version. As PIIE does, each sector's addition is
# allocated to its categories by their share of the sector's 2017 US exports. US export
# data only: China's imports are not published by category.

# %% tags=["remove_cell"]
products = compliance.by_category(years, include_civil_aircraft)
products = products[products["sector"].isin(chosen)]
ahead = products[products["fulfilment"] >= 1].index.map(plots.label).tolist()
worst = products["fulfilment"].idxmin()

# %%
display(Markdown(f"""
Over {span}, {len(ahead)} of {len(products)} categories met their allocated targets
({", ".join(ahead) if ahead else "none"}). The furthest behind was
{plots.label(worst).lower()}, at {pct(products.loc[worst, "fulfilment"])} of its allocated
target ({bn(products.loc[worst, "purchases_bn"])} of {bn(products.loc[worst, "target_bn"])}).
"""))

# %%
fig, ax = plt.subplots(figsize=(9, 0.32 * len(products) + 1.2))
ordered = products.sort_values("fulfilment")
ax.barh(ordered.index.map(plots.label), ordered["fulfilment"],
        color=ordered["sector"].map(plots.SECTOR_COLORS))
ax.axvline(1, color=plots.SERIES_COLORS["target"], ls="--", lw=1.2)
for y, value in enumerate(ordered["fulfilment"]):
    ax.text(value + 0.03, y, pct(value, 0), va="center", fontsize=8)
plots.percent(ax, "x")
handles = [plt.Rectangle((0, 0), 1, 1, color=plots.SECTOR_COLORS[s]) for s in chosen
           if s in set(products["sector"])]
ax.legend(handles, [plots.label(s) for s in chosen if s in set(products["sector"])],
          loc="lower right")
ax.set(title=f"Purchases as a share of the allocated target, {span}", xlabel="", ylabel="")
plots.source_note(fig, "US Census Bureau; UN Comtrade; Annex 6.1; targets allocated by 2017 shares")
plt.show()

# %%
table(products.rename(index=plots.label).reset_index(names="category").assign(
          sector=lambda d: d["sector"].map(plots.label))[
          ["sector", "category", "level_2017_bn", "purchases_bn", "target_bn", "fulfilment"]],
      title="Covered goods by product category, US export data",
      subtitle=f"US$ billions, {span}; targets allocated within each sector by 2017 shares",
      source="US Census Bureau; UN Comtrade; Annex 6.1 of the agreement",
      money=["level_2017_bn", "purchases_bn", "target_bn"], percent=["fulfilment"])

# %% [markdown]
# ## Goods not covered by the agreement
#
# Goods outside Annex 6.1 are US goods exports to China less covered goods. Were they
# crowded out, or did they hold their 2017 level?

# %% tags=["remove_cell"]
uncovered = compliance.uncovered_goods(include_civil_aircraft)
u = uncovered.loc[list(config.AGREEMENT_YEARS)]

# %%
display(Markdown(f"""
US exports to China of goods outside the agreement were {bn(uncovered.loc[2017, "uncovered_bn"])}
in 2017, {bn(u.loc[2020, "uncovered_bn"])} in 2020 ({change(u.loc[2020, "uncovered_vs_2017"])}
against 2017) and {bn(u.loc[2021, "uncovered_bn"])} in 2021
({change(u.loc[2021, "uncovered_vs_2017"])}).
"""))

# %%
fig, ax = plt.subplots(figsize=(9, 4))
ax.bar(uncovered.index, uncovered["covered_bn"], color=plots.SECTOR_COLORS["manufactured_goods"],
       label="Covered by Annex 6.1")
ax.bar(uncovered.index, uncovered["uncovered_bn"], bottom=uncovered["covered_bn"],
       color="#bfbfbf", label="Not covered")
ax.axhline(uncovered.loc[2017, "total_bn"], color=plots.SERIES_COLORS["level_2017"], ls=":",
           label="2017 total")
ax.set(title="US goods exports to China, covered and not covered", xlabel="")
plots.billions(ax)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3)
plots.source_note(fig, "US Census Bureau; UN Comtrade for 2021 covered goods")
plt.show()

# %% [markdown]
# ## Our figures beside the published ones
#
# Published values are kept in their own table and used only for this comparison.

# %% tags=["remove_cell"]
y2020 = compliance.fulfilment("us_exports", (2020,))
categories = compliance.by_category()["fulfilment"] * 100
comparison = pd.DataFrame([
    ("Fulfilment 2020-21, US exports (%), original post", us.loc["total", "fulfilment"] * 100,
     "fulfilment_total_original"),
    ("Fulfilment 2020-21, US exports (%), revised post", us.loc["total", "fulfilment"] * 100,
     "fulfilment_total_revised"),
    ("Purchases 2020-21, US exports ($bn)", us.loc["total", "purchases_bn"],
     "purchases_total_2020_21"),
    ("Commitment 2020-21, US exports ($bn)", us.loc["total", "target_bn"],
     "commitment_total_2020_21"),
    ("Agriculture fulfilment 2020-21 (%)", us.loc["agriculture", "fulfilment"] * 100,
     "fulfilment_agriculture"),
    ("Manufactured goods fulfilment 2020-21 (%)",
     us.loc["manufactured_goods", "fulfilment"] * 100, "fulfilment_manufactured_goods"),
    ("Energy fulfilment 2020-21 (%)", us.loc["energy", "fulfilment"] * 100, "fulfilment_energy"),
    ("Services fulfilment 2020-21 (%)", us.loc["services", "fulfilment"] * 100,
     "fulfilment_services"),
    ("Covered goods 2017, US exports ($bn)", goods_2017, "covered_goods_2017_us_exports"),
    ("Covered goods 2020, US exports ($bn)",
     y2020.loc[list(config.GOODS_SECTORS), "purchases_bn"].sum(), "covered_goods_2020_us_exports"),
    ("Covered goods target 2020, US exports ($bn)",
     y2020.loc[list(config.GOODS_SECTORS), "target_bn"].sum(),
     "covered_goods_target_2020_us_exports"),
] + [(f"{plots.label(c)} fulfilment 2020-21 (%)", categories[c], f"product_fulfilment_{c}")
     for c in ["civil_aircraft", "vehicles", "liquefied_natural_gas", "crude_oil", "coal",
               "refined_products"]],
    columns=["measure", "ours", "key"])
comparison["published"] = comparison["key"].map(compliance.published)
comparison["difference"] = comparison["ours"] - comparison["published"]

# %%
table(comparison.drop(columns="key"), title="Reproduced against published figures",
      subtitle="PIIE (Bown 2022, tracker); sector shares other than agriculture are as reported",
      source="our computation; PIIE", ratio=["ours", "published", "difference"])
