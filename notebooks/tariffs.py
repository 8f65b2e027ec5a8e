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
# # Tariffs beside purchases: US and Chinese tariffs on each other's goods, 2018-2026
#
# The Phase One agreement left most of the trade war's tariffs in place: the US halved one
# list, China halved one round of retaliation, and both kept the rest. Since 2025 the tariffs
# have swung from 145% and 125% in April to the Geneva and Busan truces and, in February 2026,
# to the Supreme Court's ruling that IEEPA does not authorise tariffs. This report averages the
# published tariff schedules of each side on the other's goods by date, in the style of Chad
# Bown's chart at PIIE, and sets China's tariffs beside its purchases of the goods Annex 6.1
# covers.

# %% tags=["parameters"]
weights: str = "trade_2017"  # trade_2017 | trade_latest | simple: how HS6 rates are averaged (2017 trade, the latest full year of trade, or lines alike)
goods: str = "all"  # all | covered | manufactured_goods | agriculture | energy | soybeans: goods the chart and tables average
first_date: str = "2018-01-01"  # first date shown (YYYY-MM-DD, 2018-01-01 at the earliest)
last_date: str = "2026-08-31"  # last date shown (YYYY-MM-DD, 2026-12-31 at the latest)

# %% tags=["remove_cell"]
from phaseone.present.headline import headline
from phaseone.present.show import show
from phaseone.reports.tariffs import model as report

r = report.model(weights=weights, goods=goods, first_date=first_date, last_date=last_date)

# %% [markdown]
# ## In short

# %% tags=["headline"]
show(r.lead)
show(r.summary)
headline(r.key_figures, title=r.title, finding=r.finding)

# %%
show(r.inputs_note)

# %% [markdown]
# ## Average tariffs by date
#
# Each schedule's HS6 rates are averaged at every date it gives; a rate holds until the next
# date. Where the data hold no schedule the chart is empty: it never draws a line across a
# gap. The weights and the goods are parameters.

# %%
show(r.chart)
show(r.series_note)
show(r.weights_note)

# %%
show(r.events_table)

# %%
show(r.averages_table)

# %% [markdown]
# The same averages for every group of goods: all goods, the goods Annex 6.1 covers, each of
# its sectors, and soybeans.

# %%
show(r.goods_table)

# %% [markdown]
# ## Our averages against Bown's
#
# This comparison is fixed (all goods, 2017 trade), whatever the parameters.

# %%
show(r.reproduction_text)
show(r.reproduction_table)

# %% [markdown]
# ## Tariffs beside purchases
#
# Purchases are US exports to China of the goods Annex 6.1 covers (civil aircraft included).
# China's average tariff on them is averaged over the days of each year a schedule covers.

# %%
show(r.beside_text)
show(r.beside_chart)
show(r.beside_table)

# %% [markdown]
# ## Goods China cut or kept
#
# Each covered HS6 line is grouped by what China's 2018-2019 schedule did to it: raised and
# then cut or suspended, raised and kept, or never raised. Purchases are US exports to China
# by HS6 (UN Comtrade), civil aircraft apart.

# %%
show(r.groups_text)
show(r.groups_table)
show(r.busan_text)
show(r.caveat)

# %% [markdown]
# ## Soybeans

# %%
show(r.soybean_text)

# %% [markdown]
# ## Sources

# %%
show(r.sources_list)
