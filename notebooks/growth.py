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
# # Did US exports to China have to grow 33% a year? The growth the Phase One deal required
#
# In January 2020 China committed (Phase One agreement, Annex 6.1) to buy, in 2020 and 2021,
# the 2017 level of covered US goods and services plus an extra $200 billion over the two
# years. A February 2025 press report said US exports to China would have had to grow about
# 33% a year, roughly three times their average annual pace since China joined the WTO in
# 2001. The report stated no method. This report rebuilds both figures under explicit
# definitions, shows how much they depend on those choices, and sets them against the
# statistical trend of US exports to China.

# %% tags=["parameters"]
series: str = "goods_and_services"  # goods_and_services | goods: exports measured (goods and services exist only for 2001 and 2013 on)
base_year: int = 2017  # year whose level is the base of the commitment (the agreement uses 2017)
history_start: int = 2001  # first year of the historical growth window (2001 = WTO accession)
history_end: int = 2017  # last year of the historical growth window
definition: str = "two_year_sum_from_base_2yr"  # two_year_sum_from_base | final_target_from_base | final_target_from_2019 | first_year_jump_from_2019 | target_year_on_year | two_year_sum_from_2019 | final_target_from_base_2yr | two_year_sum_from_base_2yr | average_addition_share_of_base | total_addition_level_2yr: required-growth definition highlighted
confidence: float = 0.95  # level of the trend's confidence and prediction intervals
trend_start: int = 2001  # first year of the log-linear trend fit
trend_end: int = 2017  # last year of the log-linear trend fit

# %% tags=["remove_cell"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from great_tables import loc, style
from IPython.display import Markdown, display

from phaseone import compliance, growth, plots
from phaseone.headline import headline
from phaseone.text import bn, pct, table

growth.check_report_parameters(series, base_year, history_start, history_end, definition,
                               confidence, trend_start, trend_end)
plots.use_style()
data = growth.exports_series(series)
goods = growth.exports_series("goods")
both = growth.exports_series("goods_and_services")
additions = growth.series_additions(series)
first_year, last_year = min(additions), max(additions)
series_label = {"goods_and_services": "goods and services", "goods": "goods"}[series]
level = f"{confidence:.0%}"
SOURCE = ("US Census Bureau (goods); BEA via USTR and USCBC (services); Annex 6.1 of the "
          "agreement; our computation")

# %% tags=["remove_cell"]
press_growth = compliance.published("required_growth_press") / 100
press_ratio = compliance.published("required_to_historical_ratio_press")
press_base = compliance.published("purchases_2017_goods_services")
base = float(data.loc[base_year])
required = growth.required_growth_table(base, additions, data, base_year)
required_press = growth.required_growth_table(
    press_base, growth.series_additions("goods_and_services"), both, growth.BASE_YEAR)
rates = required.set_index("definition")["required_growth"]
rates_press = required_press.set_index("definition")["required_growth"]
matches = growth.press_matches(rates, press_growth)
best = growth.closest_definition(rates, press_growth)
misses = rates.drop(matches.index)
describe = growth.REQUIRED_GROWTH_DEFINITIONS

history = growth.historical_growth(
    series, [(history_start, history_end), *growth.HISTORY_WINDOWS])
hist = history.set_index("window")
window = f"{history_start}-{history_end}"
ratios = growth.ratio_grid(rates, hist["cagr"])
own = hist.index[hist["measured_on"] == series]
closest = growth.closest_window(ratios.loc[best, own], press_ratio)
latest = hist.index[(hist["start"] == 2001) & (hist["end"] == data.index.max())][0]

trend_on = growth.trend_basis(series, trend_start, trend_end)
trend_data = growth.exports_series(trend_on)
trend = growth.trend_fit(trend_data, trend_start, trend_end, level=confidence)
cf = growth.counterfactual(trend_on, trend, base_year, confidence)
trend_ratio = growth.ratio_interval(rates[definition], trend)
trend_label = {"goods_and_services": "goods and services", "goods": "goods"}[trend_on]

# %% [markdown]
# ## Headline

# %% tags=["headline"]
if len(matches):
    found = "; ".join(
        f"`{name}` ({describe[name]}) gives {pct(value)}" for name, value in matches.items())
    verdict = (f"**The {pct(press_growth, 0)} a year is reproduced by "
               f"{len(matches)} of the {len(rates)} definitions tested**, within "
               f"{growth.PRESS_TOLERANCE * 100:.0f} percentage point: {found}.")
else:
    verdict = (f"**None of the {len(rates)} definitions tested reproduces the "
               f"{pct(press_growth, 0)} a year within {growth.PRESS_TOLERANCE * 100:.0f} "
               f"percentage point**; the closest is `{best}` ({describe[best]}) at "
               f"{pct(rates[best])}.")
others = ", ".join(f"`{name}` {pct(value)}" for name, value in misses.sort_values().items())
display(Markdown(f"""
{verdict} The base is the {base_year} level of US {series_label} exports to China in our data,
{bn(base)}; on the press's {bn(press_base, 0)} of goods and services the same definition gives
{pct(rates_press[best])}. The other definitions do **not** reproduce it: {others}.

**The "three times" fits the historical growth of {hist.loc[closest, "cagr"]:.1%} a year over
{closest.replace("-", " to ")}**: {pct(rates[best])} is {ratios.loc[best, closest]:.2f} times
that pace (the press said about {press_ratio:.0f}). Over {window.replace("-", " to ")} US
{series_label} exports grew {pct(hist.loc[window, "cagr"])} a year (ratio
{ratios.loc[best, window]:.2f}); from 2001 to the latest year, {latest[-4:]},
{pct(hist.loc[latest, "cagr"])} (ratio {ratios.loc[best, latest]:.2f}).

On a statistical footing: a log-linear trend fitted to US {trend_label} exports over
{trend_start}-{trend_end} grew {pct(trend.growth)} a year ({level} interval
{pct(trend.growth_low)} to {pct(trend.growth_high)}), so the highlighted definition,
`{definition}` at {pct(rates[definition])}, needs {trend_ratio[0]:.1f} times the trend pace
({trend_ratio[1]:.1f} to {trend_ratio[2]:.1f}). Extending that trend gives
{bn(cf.loc[first_year, "fitted"], 0)} in {first_year} ({level} prediction interval
{bn(cf.loc[first_year, "pred_low"], 0)} to {bn(cf.loc[first_year, "pred_high"], 0)}) and
{bn(cf.loc[last_year, "fitted"], 0)} in {last_year} ({bn(cf.loc[last_year, "pred_low"], 0)} to
{bn(cf.loc[last_year, "pred_high"], 0)}), against {trend_label} targets of
{bn(cf.loc[first_year, "target"], 0)} and {bn(cf.loc[last_year, "target"], 0)} ({base_year}
level plus the Annex 6.1 additions for {trend_label}): the targets
{"lie inside" if cf["target_in_interval"].all() else "do not both lie inside"} the trend's
prediction intervals. The {pct(press_growth, 0)} is steep because it starts from the
{base_year} level as if exports had not grown since, whereas the pre-{first_year} trend
already pointed to levels {"above" if (cf["fitted"] > cf["target"]).all() else "near or below"}
the targets.
"""))
headline({
    f"Required growth ({best})": pct(rates[best]),
    f"Historical growth {closest}": pct(hist.loc[closest, "cagr"]),
    "Ratio (press: about 3)": f"{ratios.loc[best, closest]:.2f}",
    f"Trend growth {trend_start}-{trend_end}": f"{pct(trend.growth)} ({pct(trend.growth_low)}"
                                                f" to {pct(trend.growth_high)})",
})

# %% [markdown]
# ## Required growth under ten definitions
#
# "Growth needed to meet the commitment" has no single meaning. Each definition below fixes
# a starting level and year (the base-year level or the actual 2019 level), an end point
# (the 2021 target, or the sum of the 2020 and 2021 targets) and the number of years of
# compounding. The first rate column uses the base-year level from our data; the second uses
# the press's $186 billion of 2017 goods and services with the full $200 billion of
# additions. The highlighted row is the `definition` parameter.

# %% tags=["remove_cell"]
shown = required.assign(
    years=required["from_year"].astype(str) + "-" + required["to_year"].astype(str),
    press_base=required_press["required_growth"].to_numpy(),
    gap=lambda f: f["required_growth"] - press_growth,
)[["definition", "description", "years", "required_growth", "press_base", "gap"]]
highlight = int(np.flatnonzero(shown["definition"] == definition)[0])

# %%
table(shown, title="Growth a year needed to meet the commitment, by definition",
      subtitle=f"US {series_label} exports to China; additions over the base level "
               f"{', '.join(f'{y}: {bn(v)}' for y, v in additions.items())}",
      source=SOURCE, percent=["required_growth", "press_base", "gap"],
      ).tab_style(style.fill(color="#fff2cc"), loc.body(rows=[highlight])).cols_label(
    definition="Definition", description="Description", years="From-to",
    required_growth=f"On the {base_year} level in our data ({bn(base)})",
    press_base=f"On the press's {bn(press_base, 0)}",
    gap=f"Ours minus the press's {pct(press_growth, 0)}")

# %% [markdown]
# ## Historical growth since China joined the WTO
#
# Compound annual growth between two years, on US exports of goods and services where
# both years have services data, otherwise on goods alone (column `measured_on`).

# %% tags=["remove_cell"]
windows_table = history.assign(ratio=ratios.loc[best].to_numpy())[
    ["window", "years", "goods", "goods_and_services", "measured_on", "cagr", "ratio"]]
labels = {"window": "Window", "years": "Years", "goods": "Goods",
          "goods_and_services": "Goods and services", "measured_on": "Measured on",
          "cagr": "Growth used", "ratio": f"{best} / growth used"}
if definition != best:
    windows_table["ratio_highlighted"] = ratios.loc[definition].to_numpy()
    labels["ratio_highlighted"] = f"{definition} / growth used"
windows_table["measured_on"] = windows_table["measured_on"].str.replace("_", " ")

# %%
display(Markdown(f"""
Over {len(history)} windows, annual growth of US exports to China ranged from
{pct(history["cagr"].min())} ({history.loc[history["cagr"].idxmin(), "window"]}) to
{pct(history["cagr"].max())} ({history.loc[history["cagr"].idxmax(), "window"]}). Dividing
`{best}` ({pct(rates[best])}) by these gives ratios from {ratios.loc[best].min():.1f} to
{ratios.loc[best].max():.1f}; the window closest to the press's "three times" is {closest}
({ratios.loc[best, closest]:.2f}).
"""))

# %%
table(windows_table, title="Historical growth of US exports to China",
      subtitle="Compound annual growth; ratio = required growth / historical growth",
      source="US Census Bureau; BEA via USTR and USCBC; our computation",
      percent=["goods", "goods_and_services", "cagr"],
      ratio=[c for c in windows_table if c.startswith("ratio")],
      ).sub_missing(missing_text="no data").cols_label(**labels)

# %% [markdown]
# ## How many times the historical pace?
#
# Every definition against every window: the required growth divided by the historical
# growth. The press's "roughly three times" is one cell of this grid.

# %%
fig, ax = plt.subplots(figsize=(9, 5.2))
sns.heatmap(ratios, annot=True, fmt=".1f", cmap="Reds", vmin=0, vmax=min(8, ratios.max().max()),
            linewidths=0.5, cbar_kws={"label": "Required / historical growth"}, ax=ax)
row, col = list(ratios.index).index(best), list(ratios.columns).index(closest)
ax.add_patch(plt.Rectangle((col, row), 1, 1, fill=False, edgecolor="#262626", lw=2.5))
ax.set(title=f"Required growth as a multiple of historical growth (US {series_label})",
       xlabel="Historical window (goods only where services data are missing)", ylabel="")
ax.tick_params(axis="x", labelrotation=30)
fig.tight_layout()
plots.source_note(fig, "US Census Bureau; BEA via USTR and USCBC; Annex 6.1; our computation. "
                       f"Boxed: the cell closest to the press's {press_ratio:.0f}x")
plt.show()

# %% [markdown]
# ## The trend, the counterfactual and the targets
#
# A log-linear trend (OLS of log exports on the year, heteroskedasticity-robust HC1 standard
# errors) summarises the pre-agreement pace with an interval, and its extension to 2020-21
# is the counterfactual: where exports would have been had the trend continued. The
# prediction interval adds the year-to-year scatter around the trend.

# %% tags=["remove_cell"]
years = np.arange(trend_start, last_year + 1)
band = growth.trend_projection(trend, years, confidence)
targets = {name: growth.target_levels(float(s.loc[base_year]), growth.series_additions(name))
           for name, s in [("goods", goods), ("goods_and_services", both)]}
fallback = trend_on != series
cf_table = cf.reset_index().assign(basis=trend_label)[
    ["year", "basis", "fitted", "pred_low", "pred_high", "target", "actual"]]

# %%
display(Markdown(f"""
The trend is fitted on US {trend_label} exports, {trend_start}-{trend_end} ({trend.nobs}
years){" because goods and services data have gaps in that window" if fallback else ""}. It
grew {pct(trend.growth)} a year ({level} interval {pct(trend.growth_low)} to
{pct(trend.growth_high)}). Actual {trend_label} exports were
{bn(cf.loc[first_year, "actual"], 0)} in {first_year} and {bn(cf.loc[last_year, "actual"], 0)}
in {last_year}, {"below" if (cf["actual"] < cf["pred_low"]).all() else "not below"} the
lower ends of the prediction intervals.
"""))

# %%
fig, ax = plt.subplots(figsize=(10, 5.5))
hist_years = goods.index >= trend_start - 1
ax.plot(goods.index[hist_years], goods[hist_years], color=plots.SERIES_COLORS["actual"], lw=2,
        label="Goods exports, actual")
gs = both.reindex(range(both.index.min(), both.index.max() + 1))
ax.plot(gs.index, gs, color=plots.SECTOR_COLORS["services"], lw=2, marker="o", ms=4,
        label="Goods and services exports, actual (2001, 2013 on)")
fit = band.index <= trend_end
ax.plot(band.index[fit], band["fitted"][fit], color=plots.SERIES_COLORS["trend"], lw=1.5,
        label=f"Trend of {trend_label}, {trend_start}-{trend_end}: {pct(trend.growth)}/yr")
ahead = band.index >= trend_end
ax.plot(band.index[ahead], band["fitted"][ahead], color=plots.SERIES_COLORS["trend"], lw=1.5,
        ls="--")
ax.fill_between(band.index, band["mean_low"], band["mean_high"],
                color=plots.SERIES_COLORS["trend"], alpha=0.15,
                label=f"Trend line, {level} confidence band")
ax.errorbar(cf.index, cf["fitted"], yerr=[cf["fitted"] - cf["pred_low"],
                                          cf["pred_high"] - cf["fitted"]],
            fmt="s", color=plots.SERIES_COLORS["counterfactual"], capsize=5, ms=6,
            label=f"Counterfactual {first_year}-{str(last_year)[-2:]} ({trend_label}, trend "
                  f"extended), {level} prediction interval")
for name, ls in [("goods_and_services", "-"), ("goods", ":")]:
    start = float((both if name == "goods_and_services" else goods).loc[base_year])
    tpath = pd.concat([pd.Series({base_year: start}), targets[name]])
    ax.plot(tpath.index, tpath, color=plots.SERIES_COLORS["target"], ls=ls, marker="D", ms=5,
            label=f"Target path, {name.replace('_', ' ')} ({base_year} level + additions)")
ax.set_yscale("log")
ticks = [10, 20, 50, 100, 200, 400]
ax.set_yticks(ticks)
ax.yaxis.set_minor_formatter(plt.NullFormatter())
plots.billions(ax)
ax.set_ylim(min(goods[hist_years].min(), band["mean_low"].min()) * 0.85,
            max(cf["pred_high"].max(), gs.max()) * 1.15)
fig.tight_layout()
ax.set(title="US exports to China: actual, trend, counterfactual and Phase One targets",
       xlabel="", ylabel="US$ billions (log scale)")
ax.legend(loc="upper left", fontsize=8)
plots.source_note(fig, f"US Census Bureau; BEA via USTR and USCBC; Annex 6.1. Trend: OLS of "
                       f"log exports on year, HC1 errors, fitted on {trend_label}.")
plt.show()

# %%
table(cf_table, title=f"Trend counterfactual against targets, {first_year}-{last_year}",
      subtitle=f"US$ billions; {level} prediction interval; target = {base_year} level plus "
               "Annex 6.1 additions for the same series",
      source=SOURCE, money=["fitted", "pred_low", "pred_high", "target", "actual"])

# %% [markdown]
# ## How fragile is the 33%? Base year and horizon
#
# The press-style calculation adds the additions to a base level over two consecutive
# years. Moving the base year, or the number of years between the base level and the end of
# the two purchase years (the horizon), moves the answer: a horizon of 2 treats the base
# level as the level just before the purchase years; 4 is the agreement's 2017-to-2021 span.

# %% tags=["remove_cell"]
base_years = sorted({int(y) for y in data.index if 2013 <= y < first_year} | {base_year})
horizons = list(range(2, 7))
grid = growth.sensitivity(data, sum(additions.values()), base_years, horizons)
base_span = growth.years_text(base_years)

# %%
display(Markdown(f"""
Across base years {base_span} and horizons of {horizons[0]} to {horizons[-1]} years, the
required growth ranges from {pct(grid.min().min())} to {pct(grid.max().max())}. With the
{base_year} base it is {pct(grid.loc[base_year, 2])} at a two-year horizon and
{pct(grid.loc[base_year, first_year - base_year + 1])} over the agreement's
{base_year}-{last_year} span.
"""))

# %%
fig, ax = plt.subplots(figsize=(8, 4.8))
sns.heatmap(grid, annot=grid.map(lambda v: f"{v:.0%}"), fmt="", cmap="Reds", vmin=0,
            linewidths=0.5, cbar_kws={"label": "Required growth a year",
                                      "format": plt.matplotlib.ticker.PercentFormatter(1.0, decimals=0)},
            ax=ax)
ax.add_patch(plt.Rectangle((0, base_years.index(base_year)), 1, 1, fill=False,
                           edgecolor="#262626", lw=2.5))
ax.set(title=f"Required growth by base year and horizon (US {series_label})",
       xlabel="Horizon: years from the base level to the end of the two purchase years",
       ylabel="Base year")
ax.tick_params(axis="y", labelrotation=0)
fig.tight_layout()
plots.source_note(fig, f"US Census Bureau; BEA via USTR and USCBC; Annex 6.1 additions of "
                       f"{bn(sum(additions.values()), 1)} in total; our computation. Boxed: "
                       f"{base_year} base, two-year horizon")
plt.show()

# %% [markdown]
# ## Our figures beside the published ones
#
# Published values are kept in their own table and used only for this comparison.

# %% tags=["remove_cell"]
comparison = pd.DataFrame([
    ("Required growth a year (%)", rates[best] * 100, press_growth * 100,
     f"{best}, {base_year} base from data"),
    ("Required / historical growth (x)", ratios.loc[best, closest], press_ratio,
     f"{best} over {closest}"),
    (f"{growth.BASE_YEAR} US goods and services exports ($bn)",
     float(both.loc[growth.BASE_YEAR]), press_base, "Census goods + BEA services"),
], columns=["measure", "ours", "published", "how"])
comparison["difference"] = comparison["ours"] - comparison["published"]

# %%
table(comparison[["measure", "ours", "published", "difference", "how"]],
      title="Reconstructed against the press figures",
      subtitle="Press report, February 2025 (publisher not identified); CNBC for the $186bn",
      source="our computation; press reports", ratio=["ours", "published", "difference"])
