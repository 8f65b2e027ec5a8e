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
# # After the deal: purchases since 2022, the shortfall and what a catch-up would take
#
# The Phase One agreement's purchase commitments covered 2020 and 2021; it "projects" further
# increases through 2025 with no amounts. In 2025 China offered a return to the deal, the US
# Treasury Secretary spoke of a "catch-up" for the years missed, USTR opened a Section 301
# investigation saying purchases fell short by more than $217 billion, and a November 2025
# deal included a soybean pledge. This report follows US exports to China of the covered
# goods since 2022, measures the shortfall against explicit yardsticks, and asks what a
# revival with a catch-up would require and how often history delivers such growth.

# %% tags=["parameters"]
yardstick: str = "target_2021_flat"  # target_2021_flat | level_2017 | trend_2013_2017: level China is measured against after 2021
owed: str = "shortfall_2020_21"  # shortfall_2020_21 | plus_yardstick: what a catch-up makes up
start_year: int = 2026  # first year of the catch-up
horizon: int = 4  # years over which the catch-up is paid in equal parts
sectors: list = ["manufactured_goods", "agriculture", "energy"]  # manufactured_goods | agriculture | energy | services: sectors assessed (services are published through 2023)
pledge_year: str = "calendar"  # calendar | marketing_year: a soybean pledge's "year" (default: the fact sheet's "annually in 2026-2028")
first_deadline: str = "end_february_2026"  # end_february_2026 | end_2025: the 12 MMT pledge's deadline, as later stated or as first said

# %% tags=["remove_cell"]
from phaseone.present.headline import headline
from phaseone.present.show import show
from phaseone.reports.after_the_deal import model as report

r = report.model(yardstick=yardstick, owed=owed, start_year=start_year, horizon=horizon,
                 sectors=sectors, pledge_year=pledge_year, first_deadline=first_deadline)

# %% [markdown]
# ## In short

# %% tags=["headline"]
show(r.lead)
show(r.summary)
headline(r.key_figures, title=r.title, finding=r.finding)

# %%
show(r.inputs_note)

# %% [markdown]
# ## Purchases since 2017 against the yardstick
#
# Covered goods are the Annex 6.1 products (Census HS 8800 / chapter 88 civil aircraft
# included), from Census HS6 data through 2020 and UN Comtrade HS6 from 2021; services are
# BEA's published totals. The yardstick is a parameter.

# %%
show(r.purchases_chart)
show(r.yardstick_note)

# %%
show(r.purchases_table)

# %% [markdown]
# ## The 2025 collapse and 2026 to date
#
# Monthly covered goods after February 2021 are **estimated**: each HS chapter's monthly
# exports split by its covered share in that year's HS6 data (the latest year's shares for
# 2026). Services have no monthly data. The backtest below measures the method where HS6
# monthly data exist.

# %%
show(r.recent)

# %%
show(r.backtest_text)
show(r.backtest_table)

# %% [markdown]
# ## The 2020-21 shortfall: ours, PIIE's and USTR's
#
# This comparison is fixed (all four sectors, US export data), whatever the parameters.

# %%
show(r.ustr_text)
show(r.ustr_table)

# %% [markdown]
# ## The catch-up scenario
#
# Required purchases each year = the yardstick plus an equal share of what is owed. The
# growth needed is the constant rate from the last full year whose path buys the required
# total over the catch-up years. The share of paths that get there comes from a moving-block
# bootstrap of annual log growth of all US goods exports to China since 1992 (blocks of three
# years keep runs of good and bad years together; a normal model would ignore the fat tails
# of 2009, 2018-19 and 2025): it is the share of history's paths, resampled, that buy the
# required total, not a forecast probability. Covered goods have no series that long, so
# their growth is assumed to follow the total's.

# %%
show(r.windows_text)
show(r.fan_chart)

# %%
show(r.windows_table)

# %% [markdown]
# ## The 2025 soybean pledges
#
# The White House fact sheet of 2025-11-01 says China will buy at least 12 million metric
# tons (MMT) of US soybeans in the last two months of 2025 (the Treasury Secretary later said
# by the end of February 2026) and at least 25 MMT a year in 2026-2028. A pledge to buy is
# measured here on purchases: USDA's weekly export sales to China (new commitments), with
# shipments (USDA's exports) beside them and China's own imports (arrivals) where China's
# data held here reach. Census dollars turned into tonnes serve only as a cross-check.

# %%
show(r.soybean_text)
show(r.soybean_chart)

# %%
show(r.soybean_table)

# %%
show(r.soybean_history_text)
show(r.soybean_history_table)

# %%
show(r.soybean_cross_check)
show(r.soybean_tariff)

# %% [markdown]
# ## HS 2022 subheadings under the listed headings
#
# The product list names HS 2017 headings; from 2022 the data come in HS 2022, whose new
# subheadings count as covered through the heading that holds them, whatever the parameters.

# %%
show(r.hs2022_text)

# %%
show(r.hs2022_table)

# %% [markdown]
# ## Closing note: covered goods by year and the estimate's error

# %%
show(r.closing_table)

# %% [markdown]
# ## Sources

# %%
show(r.sources_list)
