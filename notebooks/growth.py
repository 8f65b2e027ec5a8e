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
# # How fast did US exports to China have to grow?
#
# In January 2020 China committed (Phase One agreement, Annex 6.1) to buy, in 2020 and 2021,
# the 2017 level of covered US goods and services plus an extra $200 billion over the two
# years. In February 2025 The Wall Street Journal (Lingling Wei) wrote that US exports to
# China would have had to grow about 33% a year, roughly three times their average annual
# pace since China joined the WTO in 2001, without stating a method. This report computes
# the required growth under explicit definitions, sets it against historical growth and the
# statistical trend of US exports to China, and reconstructs the published figures.

# %% tags=["parameters"]
series: str = "goods_and_services"  # goods_and_services | goods: exports measured (goods and services exist only for 2001 and 2013 on)
base_year: int = 2017  # year whose level is the base of the commitment (the agreement uses 2017)
history_start: int = 2001  # first year of the historical growth window (2001: China joins the WTO)
history_end: int = 2017  # last year of the historical growth window
definition: str = "two_year_sum_from_base_2yr"  # two_year_sum_from_base | final_target_from_base | final_target_from_2019 | first_year_jump_from_2019 | target_year_on_year | two_year_sum_from_2019 | final_target_from_base_2yr | two_year_sum_from_base_2yr | average_addition_share_of_base | total_addition_level_2yr: required-growth definition used
confidence: float = 0.95  # level of the trend's confidence and prediction intervals
trend_start: int = 2001  # first year of the log-linear trend fit
trend_end: int = 2017  # last year of the log-linear trend fit
trend_errors: str = "hac"  # hc1 | hac | rw_drift | ar1_fgls: trend error model (HC1 robust, Newey-West, random walk with drift, AR(1) feasible GLS)

# %% tags=["remove_cell"]
from phaseone.present.headline import headline
from phaseone.present.show import show
from phaseone.reports.growth import model as report

r = report.model(series=series, base_year=base_year, history_start=history_start,
                 history_end=history_end, definition=definition, confidence=confidence,
                 trend_start=trend_start, trend_end=trend_end, trend_errors=trend_errors)

# %% [markdown]
# ## In short

# %% tags=["headline"]
show(r.summary)
show(r.reconstruction)
headline(r.key_figures, title=r.title, finding=r.finding)

# %%
show(r.inputs_note)

# %% [markdown]
# ## Required growth under ten definitions
#
# "Growth needed to meet the commitment" has no single meaning. Each definition fixes a
# starting level and year (the base-year level or an actual level), an end point (the final
# target, or the sum of the targets) and the number of years of compounding. The first
# rate column uses the base-year level from our data; the second the press's $186 billion
# of 2017 goods and services with the full $200 billion of additions. The highlighted row is
# the definition chosen.

# %%
show(r.required_table)

# %% [markdown]
# ## Historical growth since China joined the WTO
#
# Compound annual growth between two years, on the series chosen where both years have data
# for it, otherwise on goods alone. The first row is the window chosen.

# %%
show(r.history_text)

# %%
show(r.history_table)

# %% [markdown]
# ## How many times the historical pace?
#
# Every definition against every window: the required growth divided by the historical
# growth. The boxed cell is the definition and window chosen.

# %%
show(r.ratio_chart)

# %% [markdown]
# ## The trend, the counterfactual and the targets
#
# A trend of log exports summarises the pre-agreement pace with an interval; its extension
# to the agreement years is the counterfactual: where exports would have been had the trend
# continued. The prediction interval adds the year-to-year scatter around the trend. The
# error model is a parameter: OLS of log exports on the year with heteroskedasticity-robust
# (HC1) errors, the same line with Newey-West (HAC) errors that allow for serial
# correlation, the line fitted by feasible GLS with AR(1) errors (projections add the last
# year's deviation from the line, fading at the estimated AR(1) coefficient), or a random
# walk with drift (growth is the mean log change; projections start from the last year's
# level).

# %%
show(r.trend_text)

# %%
show(r.trend_chart)

# %% [markdown]
# ### How much the error model matters
#
# Where year-to-year deviations from a log-linear trend persist (a year above the line
# followed by another), HC1 errors, which ignore this, make the interval too narrow. The
# test below says whether they persist in the window chosen.

# %%
show(r.errors_text)

# %%
show(r.errors_table)

# %%
show(r.counterfactual_table)

# %% [markdown]
# ## Robustness: every specification
#
# The conclusion rests on choices: the trend's window, its error model and the definition of
# required growth. The specification curve makes every one of them: each trend window
# starting 2001-2012 and ending 2015-2019 (at least five years), each error model and each
# required-growth definition, on the series, base year and interval level chosen.

# %%
show(r.robustness_text)

# %%
show(r.specification_chart)

# %%
show(r.specification_table)

# %% [markdown]
# ## Base year and horizon
#
# The press-style calculation adds the additions to a base level over two consecutive
# years. Moving the base year, or the number of years between the base level and the end of
# the purchase years (the horizon), moves the answer: a horizon of 2 treats the base level
# as the level just before the purchase years.

# %%
show(r.sensitivity_text)

# %%
show(r.sensitivity_chart)

# %% [markdown]
# ## Our figures beside the published ones
#
# Published values are kept in their own table and used only for this comparison.

# %%
show(r.comparison_table)

# %% [markdown]
# ## Sources

# %%
show(r.sources_list)
