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
trend_errors: str = "hc1"  # hc1 | hac | rw_drift: trend error model (HC1 robust, Newey-West, random walk with drift)

# %% tags=["remove_cell"]
from great_tables import loc, style
from IPython.display import display

from phaseone import growth, plots
from phaseone.headline import headline
from phaseone.reports import growth as report
from phaseone.text import and_list, bn, inputs_note, md, pct, publishers, sources_list, table

plots.use_style()
r = report.model(series=series, base_year=base_year, history_start=history_start,
                 history_end=history_end, definition=definition, confidence=confidence,
                 trend_start=trend_start, trend_end=trend_end, trend_errors=trend_errors)
p, cf, F, L = r.press, r.counterfactual, r.first_year, r.last_year
level = f"{confidence:.0%}"
SOURCE = publishers(r.sources)
trend_text = {"goods_and_services": "goods and services", "goods": "goods"}[r.trend_on]

# %% [markdown]
# ## In short

# %% tags=["headline"]
pace = (f"{r.ratio:.1f} times their {pct(r.window_growth)} a year over {r.window}"
        if r.window_growth > 0 else
        f"while they had shrunk {pct(-r.window_growth)} a year over {r.window}, so no multiple "
        f"of that pace can be given")
finding = (f"Under the definition chosen ({r.label.lower()}), US {r.series_text} exports to "
           f"China had to grow {pct(r.rate)} a year, {pace}.")
display(md(f"**{r.scope}**\n\n{finding}"))
display(md(f"""
The base is the {base_year} level of US {r.series_text} exports to China, {bn(r.base_bn)},
plus the Annex 6.1 additions ({", ".join(f"{y}: {bn(v)}" for y, v in r.additions.items())}).
The definition: {r.description} The window's growth is measured on
{r.window_measured_on.replace("_", " ")}.

A trend fitted to US {trend_text} exports over {trend_start}-{trend_end}
({r.trend_errors_text}) grew {pct(r.trend.growth)} a year ({level} interval {pct(r.trend.growth_low)} to
{pct(r.trend.growth_high)}), so the required {pct(r.rate)} is {r.trend_ratio[0]:.1f} times the
trend pace ({r.trend_ratio[1]:.1f} to {r.trend_ratio[2]:.1f}). Extending the trend gives
{bn(cf.loc[F, "fitted"], 0)} in {F} ({level} prediction interval {bn(cf.loc[F, "pred_low"], 0)}
to {bn(cf.loc[F, "pred_high"], 0)}) and {bn(cf.loc[L, "fitted"], 0)} in {L}
({bn(cf.loc[L, "pred_low"], 0)} to {bn(cf.loc[L, "pred_high"], 0)}), against targets of
{bn(cf.loc[F, "target"], 0)} and {bn(cf.loc[L, "target"], 0)}: the targets
{"lie inside" if cf["target_in_interval"].all() else "do not both lie inside"} the trend's
prediction intervals{", and the trend already pointed above them" if (cf["fitted"] >
cf["target"]).all() else ""}.
{f"This definition is steep because it starts from the {base_year} level as if exports had "
 f"not grown between {base_year} and {F - 1}." if r.starts_from_base_as_prior else ""}
"""))
display(md(f"""
**Reconstructing the published figures** (their framing, whatever the parameters: goods and
services, the 2017 base): {len(p.matches)} of {len(p.rates)} definitions land within
{growth.PRESS_TOLERANCE * 100:.0f} point of the {pct(p.growth, 0)}; the closest,
"{growth.definition_text(p.closest, 2017, F, L)[0].lower()}", gives {pct(p.rates[p.closest])}
on our {bn(p.ours_base_bn)} and {pct(p.rates_on_press_base[p.closest])} on the press's
{bn(p.base_bn, 0)}. Its multiple of historical growth is closest to "three times" over
{p.window}: {p.ratio_closest:.2f} times {pct(p.window_growth)} a year.
"""))
headline({
    "Required growth a year": pct(r.rate),
    f"Historical growth {r.window}": pct(r.window_growth),
    "Required / historical": f"{r.ratio:.2f}x" if r.window_growth > 0 else "n/a (shrank)",
    f"Trend growth {trend_start}-{trend_end}": f"{pct(r.trend.growth)} "
                                              f"({pct(r.trend.growth_low)} to "
                                              f"{pct(r.trend.growth_high)})",
}, title=r.title, finding=finding)

# %%
inputs_note(r.inputs, "these numbers")

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
shown = r.required.assign(
    years=r.required["from_year"].astype(str) + "-" + r.required["to_year"].astype(str),
    press_base=p.rates_on_press_base.to_numpy(),
    gap=lambda f: f["required_growth"] - p.growth)
table(shown[["label", "description", "years", "required_growth", "press_base", "gap"]],
      title="Growth a year needed to meet the commitment, by definition",
      subtitle=f"US {r.series_text} exports to China; additions over the base level "
               f"{', '.join(f'{y}: {bn(v)}' for y, v in r.additions.items())}",
      source=SOURCE, percent=["required_growth", "press_base"], points=["gap"],
      ).tab_style(style.fill(color="#fff2cc"), loc.body(
          rows=[list(shown["definition"]).index(definition)])).cols_label(
    label="Definition", description="How it is computed", years="From-to",
    required_growth=f"On the {base_year} level in our data ({bn(r.base_bn)})",
    press_base=f"On the press's {bn(p.base_bn, 0)} (2017)",
    gap=f"Minus the press's {pct(p.growth, 0)} (points)")

# %% [markdown]
# ## Historical growth since China joined the WTO
#
# Compound annual growth between two years, on US exports of goods and services where both
# years have services data, otherwise on goods alone. The first row is the window chosen.

# %%
h = r.history
display(md(f"""
Over these {len(h)} windows, annual growth of US exports to China ranged from
{pct(h["cagr"].min())} ({h.loc[h["cagr"].idxmin(), "window"]}) to {pct(h["cagr"].max())}
({h.loc[h["cagr"].idxmax(), "window"]}). The required {pct(r.rate)} is
{r.ratios.loc[definition].min():.1f} to {r.ratios.loc[definition].max():.1f} times those that
grew{"" if (h["cagr"] > 0).all() else "; no multiple is given for windows in which exports shrank"}.
"""))
table(h.assign(ratio=r.ratios.loc[definition].to_numpy(),
               measured_on=h["measured_on"].str.replace("_", " "))[
          ["window", "years", "goods", "goods_and_services", "measured_on", "cagr", "ratio"]],
      title="Historical growth of US exports to China",
      subtitle="Compound annual growth; ratio = required growth (definition chosen) / "
               "growth used", source=SOURCE,
      percent=["goods", "goods_and_services", "cagr"], ratio=["ratio"],
      ).sub_missing(missing_text="no data").cols_label(
    window="Window", years="Years", goods="Goods", goods_and_services="Goods and services",
    measured_on="Measured on", cagr="Growth used", ratio="Required / growth used")

# %% [markdown]
# ## How many times the historical pace?
#
# Every definition against every window: the required growth divided by the historical
# growth. The boxed cell is the definition and window chosen.

# %%
plots.ratio_heatmap(r.ratios.rename(index=lambda d: growth.definition_text(d, base_year, F, L)[0]),
                    (r.label, r.window),
                    f"Required growth as a multiple of historical growth (US {r.series_text})",
                    SOURCE);

# %% [markdown]
# ## The trend, the counterfactual and the targets
#
# A trend of log exports summarises the pre-agreement pace with an interval; its extension
# to the agreement years is the counterfactual: where exports would have been had the trend
# continued. The prediction interval adds the year-to-year scatter around the trend. The
# error model is a parameter: OLS of log exports on the year with heteroskedasticity-robust
# (HC1) errors, the same line with Newey-West (HAC) errors that allow for serial
# correlation, or a random walk with drift (growth is the mean log change; projections
# start from the last year's level).

# %%
display(md(f"""
The trend is fitted on US {trend_text} exports, {trend_start}-{trend_end} ({r.trend.nobs}
years){" because goods and services data have gaps in that window" if r.trend_on != series
else ""}. Actual {trend_text} exports were {bn(cf.loc[F, "actual"], 0)} in {F} and
{bn(cf.loc[L, "actual"], 0)} in {L}, {"below" if (cf["actual"] < cf["pred_low"]).all() else
"not below"} the lower ends of the prediction intervals.
"""))
plots.trend_chart(growth.exports_series("goods"), growth.exports_series("goods_and_services"),
                  r.band, trend_end, cf, r.target_paths,
                  f"Trend of {trend_text}, {trend_start}-{trend_end}: {pct(r.trend.growth)}/yr",
                  level, f"{SOURCE}. Trend: {r.trend_errors_text}.");

# %% [markdown]
# ### How much the error model matters
#
# Year-to-year deviations from a log-linear trend persist: a year above the line is usually
# followed by another. HC1 errors ignore this and make the interval too narrow.

# %%
ac, em = r.autocorrelation, r.error_models
hc1 = em.set_index("errors").loc["hc1"]
widest = em.loc[(em["growth_high"] - em["growth_low"]).idxmax()]
display(md(f"""
The residuals of the log-linear fit over {trend_start}-{trend_end} have a Durbin-Watson
statistic of {ac["durbin_watson"]:.2f} (2 means no autocorrelation), a first-order
autocorrelation of {ac["lag1"]:.2f} and a Breusch-Godfrey p-value of
{ac["breusch_godfrey_p"]:.3f}{": strong serial correlation" if ac["breusch_godfrey_p"] < 0.05
else ""}. The {level} interval of trend growth is {pct(hc1["growth_low"])} to
{pct(hc1["growth_high"])} with HC1 errors and {pct(widest["growth_low"])} to
{pct(widest["growth_high"])} with {widest["name"]}, the widest; the required
{pct(r.rate)} is then {widest["ratio_low"]:.1f} to {widest["ratio_high"]:.1f} times the trend
pace, against {hc1["ratio_low"]:.1f} to {hc1["ratio_high"]:.1f}.
"""))
shown = em.assign(**{f"cf_{y}": em[f"pred_low_{y}"].map(lambda x: f"{x:,.0f}") + "-"
                     + em[f"pred_high_{y}"].map(lambda x: f"{x:,.0f}") for y in (F, L)})
table(shown[["model", "growth", "growth_low", "growth_high", "ratio", "ratio_low", "ratio_high",
             f"fitted_{F}", f"cf_{F}", f"fitted_{L}", f"cf_{L}"]],
      title="The trend under three error models",
      subtitle=f"US {trend_text} exports, {trend_start}-{trend_end}; {level} intervals; "
               "counterfactual in US$ billions", source=SOURCE,
      percent=["growth", "growth_low", "growth_high"], ratio=["ratio", "ratio_low", "ratio_high"],
      money=[f"fitted_{F}", f"fitted_{L}"]).cols_label(
    model="Error model", growth="Trend growth", growth_low="Low", growth_high="High",
    ratio="Required / trend", ratio_low="Low", ratio_high="High",
    **{f"fitted_{y}": f"Counterfactual {y}" for y in (F, L)},
    **{f"cf_{y}": f"Prediction interval {y} ($bn)" for y in (F, L)})

# %%
table(cf.reset_index()[["year", "fitted", "pred_low", "pred_high", "target", "actual"]],
      title=f"Trend counterfactual against targets, {F}-{L}, US {trend_text}",
      subtitle=f"US$ billions; {level} prediction interval; target = {base_year} level plus "
               "Annex 6.1 additions for the same series",
      source=SOURCE, money=["fitted", "pred_low", "pred_high", "target", "actual"])

# %% [markdown]
# ## Base year and horizon
#
# The press-style calculation adds the additions to a base level over two consecutive
# years. Moving the base year, or the number of years between the base level and the end of
# the purchase years (the horizon), moves the answer: a horizon of 2 treats the base level
# as the level just before the purchase years.

# %%
g = r.sensitivity
display(md(f"""
Across base years {and_list(map(str, g.index))} and horizons of {g.columns[0]} to
{g.columns[-1]} years, the required growth ranges from {pct(g.min().min())} to
{pct(g.max().max())}. From the {base_year} level it is {pct(g.loc[base_year, 2])} at a
two-year horizon{f" and {pct(g.loc[base_year, L - base_year])} over the {L - base_year} years "
f"from {base_year} to {L}" if L - base_year in g.columns and L - base_year != 2 else ""}.
"""))
plots.sensitivity_heatmap(g, base_year, f"Required growth by base year and horizon "
                          f"(US {r.series_text})", f"{SOURCE}. Boxed: {base_year} base, "
                          "two-year horizon");

# %% [markdown]
# ## Our figures beside the published ones
#
# Published values are kept in their own table and used only for this comparison.

# %%
table(r.comparison, title="Reconstructed against the press figures",
      subtitle="Each row in the unit its measure names",
      source="our computation; " + r.comparison_source, ratio=["ours", "published", "difference"])

# %% [markdown]
# ## Sources

# %%
sources_list(r.sources)
