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
# # Purchase commitments: every pledge against its path
#
# In 2025 purchase pledges became the common coin of US trade deals: the EU's energy
# purchases, Japan's farm and energy purchases, China's soybeans, and before them the Phase
# One agreement. Each is a file in the project's `data/commitments/` folder that states its
# partner, products, unit, window, targets and the source of every term; one engine measures
# them all on the same questions: purchases to date against the target path, the growth the
# targets need against the partner's own pace, and the catch-up the deadline needs with how
# often history delivered it. Adding a commitment is adding a file.

# %% tags=["parameters"]
commitment: str = "eu_energy"  # the commitment shown in full: the name of a file in data/commitments/ (without .yaml)
proration: str = "straight_line"  # seasonal | straight_line: the target path purchases to date are ranked against

# %% tags=["remove_cell"]
from phaseone.present.headline import headline
from phaseone.present.show import show
from phaseone.reports.commitments import model as report

r = report.model(commitment=commitment, proration=proration)

# %% [markdown]
# ## In short

# %% tags=["headline"]
show(r.lead)
headline(r.key_figures, title=r.title, finding=r.finding)

# %% [markdown]
# ## The commitments ranked
#
# Purchases to date are the commitment's purchases from the first month of its window through
# the last month with data; the target to date is the target path through the same month. The
# straight-line path spreads each year's target evenly over its months; the seasonal path by
# each calendar month's share of the partner's own purchases in the three full years before
# the window (for Phase One, 2017's shares, as the compliance report prorates). Amounts are
# in each commitment's unit; a file's choices (a window or base year its source does not
# state) are marked **assumed**.

# %%
show(r.ranking_table)

# %%
show(r.sections)

# %% [markdown]
# ## The commitment chosen, in full
#
# The required growth is the growth report's definition: constant growth from the actual
# level of the year before the first full year of targets, whose levels sum to the targets.
# The catch-up is the after-the-deal report's: the window's remaining full years buy their
# targets plus what is owed from the years before, growing from the last full year's level;
# the share of paths is a moving-block bootstrap of the purchases' own annual growth (blocks
# of three years), not a forecast probability.

# %%
show(r.detail_heading)
show(r.detail)

# %%
show(r.detail_charts)

# %%
show(r.detail_table)
show(r.detail_also)

# %% [markdown]
# ## Sources

# %%
show(r.sources_list)
