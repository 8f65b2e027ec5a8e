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
listed_only: bool = False  # count only the product list's codes found in the Annex 6.1 attachment (leave out the 128 whose page was inferred; full years on US export data)

# %% tags=["remove_cell"]
from phaseone.present.headline import headline
from phaseone.present.show import show
from phaseone.reports.compliance import model as compliance

r = compliance.model(basis=basis, period=period, as_of=as_of, proration=proration,
                     sectors=sectors, include_civil_aircraft=include_civil_aircraft,
                     listed_only=listed_only)

# %% [markdown]
# ## In short

# %% tags=["headline"]
show(r.summary)
show(r.piie_comparison)
headline(r.key_figures, title=r.title, finding=r.finding)

# %%
show(r.inputs_note)

# %% [markdown]
# ## Purchases against targets, by sector and year
#
# Each year's target is the 2017 level of the sector plus the Annex 6.1 addition. The
# table lists purchases, targets, the 2017 level and fulfilment for each agreement year.

# %%
show(r.by_year_table)

# %%
show(r.by_year_chart)

# %% [markdown]
# ## The monthly tracker
#
# The agreement sets only year-end targets; monthly targets are an illustration. PIIE first
# spread each year's target evenly over the months and, from 2020-10-26, in proportion to
# each month's share of 2017 trade ("seasonal"). The project holds monthly data for US exports
# of goods only (China Customs publishes monthly too, but the project does not hold it), so the
# tracker leaves out services and uses US export data on either basis.

# %%
show(r.tracker_text)

# %%
show(r.tracker_chart)

# %% [markdown]
# ## The two bases side by side
#
# Article 6.2.6 uses both US export and Chinese import statistics. Each basis has its own
# 2017 baseline and so its own targets. On the China basis, 2017-2021 are PIIE's published
# aggregates of China Customs data, not China's own detail: by sector for 2020 and as a goods
# total for 2021, with no services; the 2017 baselines are derived from PIIE's targets
# (estimated).

# %%
show(r.bases_text)

# %%
show(r.bases_table)

# %% [markdown]
# ## By product category
#
# The Annex 6.1 attachment lists covered goods in product categories, but per-category
# targets exist only in a confidential version. As PIIE does, each sector's addition is
# allocated to its categories by their share of the sector's 2017 US exports. US export
# data only, full years only: China's imports are not published by category.

# %%
show(r.categories_text)
show(r.tariff_text)

# %%
show(r.categories_chart)

# %%
show(r.categories_table)

# %%
show(r.inferred_text)

# %%
show(r.inferred_table)

# %% [markdown]
# ## Goods not covered by the agreement
#
# Goods outside Annex 6.1 are US goods exports to China less covered goods. Were they
# crowded out, or did they hold their 2017 level?

# %%
show(r.uncovered_text)

# %%
show(r.uncovered_chart)

# %% [markdown]
# ## China's own statistics
#
# China's own figures for its imports from the US, whatever the parameters above: all goods by
# year as China reports them, and its 2024 imports by HS6 classified by the Annex 6.1 list,
# each beside US data.

# %%
show(r.china_totals_text)

# %%
show(r.china_totals_table)

# %%
show(r.china_mirror_text)

# %%
show(r.china_mirror_table)

# %% [markdown]
# ## Our figures beside the published ones
#
# On PIIE's scope (every sector, US export data, 2020-21, civil aircraft included), whatever
# the parameters above. Published values are kept in their own table and used only here.

# %%
show(r.reproduction_text)

# %%
show(r.reproduction_table)

# %% [markdown]
# Our 2020-21 purchases less PIIE's, by sector: PIIE published its sector figures as whole
# percentages of its sector commitments, so each sector's PIIE figure is implied, to within the
# rounding of its share.

# %%
show(r.piie_sectors_table)

# %% [markdown]
# ## Sources

# %%
show(r.sources_list)
