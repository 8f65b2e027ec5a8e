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
soybean_year: int = 2025  # year whose soybean unit value and share of HS 12 convert dollars to tonnes

# %% tags=["remove_cell"]
from IPython.display import display

from phaseone import after, plots
from phaseone.headline import headline
from phaseone.reports import after_the_deal as report
from phaseone.text import and_list, bn, md, pct, publishers, sources_list, table

plots.use_style()
r = report.model(yardstick=yardstick, owed=owed, start_year=start_year, horizon=horizon,
                 sectors=sectors, soybean_year=soybean_year)
p, c, L, soy = r.plan, r.chance, r.last_year, r.soy
SOURCE = publishers(r.sources)
ESTIMATED = "estimated from HS chapter totals"

# %% [markdown]
# ## In short

# %% tags=["headline"]
chance_text = (f"none of {c.draws:,} paths drawn from US export growth since "
               f"{after.HISTORY_FROM} got there" if c.probability == 0 else
               f"{pct(c.probability)} of {c.draws:,} paths drawn from US export growth since "
               f"{after.HISTORY_FROM} got there")
finding = (f"To pay {bn(r.owed_bn)} owed on top of {r.yardstick_text.split(' (')[0]} over "
           f"{horizon} years from {start_year}, US {r.assessed} exports to China in the "
           f"covered sectors would have to grow {pct(p.growth)} a year from their {L} level of "
           f"{bn(r.totals.loc[L])}; {chance_text}.")
display(md(f"**{r.title}**\n\n{finding}"))
yrs = [y for y in r.totals.index if y >= 2022]
display(md(f"""
Purchases of the covered {r.assessed} were
{and_list([f"{bn(r.totals.loc[y])} in {y}" for y in yrs])}, against
{bn(r.yardstick.sum(axis=1).loc[L])} a year on the yardstick, {r.yardstick_text}. Summed from
2022 through {L}, China bought {bn(abs(r.shortfall_cumulative.loc[L]))}
{"less" if r.shortfall_cumulative.loc[L] > 0 else "more"} than the yardstick. What is owed
here is {r.owed_text}: {bn(r.owed_bn)}. Required purchases are {bn(p.required.iloc[0])} a year
({bn(p.total_bn)} over {start_year}-{start_year + horizon - 1}); the {c.level:.0%} interval of
the average growth that history's paths achieve is {pct(c.growth_low)} to
{pct(c.growth_high)} a year (median {pct(c.growth_median)}).
"""))
headline({
    "Catch-up growth needed a year": pct(p.growth),
    "Chance from history": pct(c.probability),
    f"Owed ({owed.replace('_', ' ')})": bn(r.owed_bn),
    f"Purchases {L}": bn(r.totals.loc[L]),
}, title=r.title, finding=finding)

# %%
if len(r.inputs):
    display(md("Inputs that are not official statistics:\n\n" + "\n".join(
        f"- {row.year}, {row.table.replace('_', ' ')}: {bn(row.value_bn)}, **{row.quality}** "
        f"({row.source})" for row in r.inputs.itertuples())))

# %% [markdown]
# ## Purchases since 2017 against the yardstick
#
# Covered goods are the Annex 6.1 products (Census HS 8800 / chapter 88 civil aircraft
# included), from Census HS6 data through 2020 and UN Comtrade HS6 from 2021; services are
# BEA's published totals. The yardstick is a parameter.

# %%
plots.purchases_vs_yardstick(r.purchases, r.yardstick.loc[2022:L],
                             f"US exports to China by sector against {r.yardstick_text.split(' (')[0]}",
                             SOURCE);

# %%
shown = r.purchases.assign(total=r.totals, yardstick=r.yardstick.sum(axis=1).loc[2022:L],
                           shortfall=lambda f: f["yardstick"] - f["total"]).reset_index()
table(shown, title=f"Purchases by sector and the yardstick, {shown['year'].min()}-{L}",
      subtitle="US$ billions; shortfall = yardstick less purchases, after the agreement "
               "(2022 on)", source=SOURCE,
      money=[c_ for c_ in shown.columns if c_ != "year"]).sub_missing(missing_text="")

# %% [markdown]
# ## The 2025 collapse and 2026 to date
#
# Monthly covered goods after February 2021 are **estimated**: each HS chapter's monthly
# exports split by its covered share in that year's HS6 data (the latest year's shares for
# 2026). The backtest below measures the method where HS6 monthly data exist.

# %%
m = r.monthly
last_m = m.index.max()
this = m.loc[f"{last_m[:4]}-01":].sum()
before = m.loc[f"{int(last_m[:4]) - 1}-01":f"{int(last_m[:4]) - 1}-{last_m[5:]}"].sum()
display(md(f"""
Covered goods in {int(last_m[:4]) - 1} fell to {bn(r.totals.loc[L])} (agriculture
{bn(r.purchases.loc[L].get("agriculture", float("nan")))}, energy
{bn(r.purchases.loc[L].get("energy", float("nan")))}). In {last_m[:4]} through {last_m}
(**{ESTIMATED}**) they were {bn(this.sum())}, against {bn(before.sum())} in the same months
of {int(last_m[:4]) - 1}; all US goods exports to China were
{bn(r.goods_monthly.loc[f"{last_m[:4]}-01":].sum())} against
{bn(r.goods_monthly.loc[f"{int(last_m[:4]) - 1}-01":f"{int(last_m[:4]) - 1}-{last_m[5:]}"].sum())}.
"""))
bt = r.backtest
same, lagged = bt[bt["lag"].eq(0)], bt[bt["lag"].eq(1)]
display(md(f"""
Backtest on {bt["year"].min()}-{bt["year"].max()}: with the same year's shares the annual error
by sector is at most {pct(same["error_share"].abs().max())} (largest in
{same.loc[same["error_share"].abs().idxmax(), "sector"].replace("_", " ")}) and the mean
absolute monthly error at most {bn(same["monthly_mae_bn"].max(), 2)}; with the year before's
shares, as used for {last_m[:4]}, at most {pct(lagged["error_share"].abs().max())} a year.
"""))
table(bt[["year", "sector", "lag", "actual_bn", "estimated_bn", "error_bn", "error_share",
          "monthly_mae_bn"]], title="Backtest of the monthly estimate",
      subtitle="Lag 0: shares of the same year; lag 1: of the year before", source=SOURCE,
      money=["actual_bn", "estimated_bn", "error_bn", "monthly_mae_bn"],
      percent=["error_share"])

# %% [markdown]
# ## The 2020-21 shortfall: ours, PIIE's and USTR's
#
# This comparison is fixed (all four sectors, US export data), whatever the parameters.

# %%
u = r.ustr.set_index("measure")["shortfall_bn"]
display(md(f"""
On today's data the 2020-21 targets exceed US exports of covered goods and services by
{bn(u.iloc[0])}; PIIE's February 2022 figures give {bn(u.iloc[1])}; USTR says "more than"
{bn(u.iloc[2], 0)}. They differ because the data were revised after February 2022 (Census
revisions; services revised by BEA), PIIE's purchases were read on the then-latest vintage,
and USTR has not published its method: which years, which basis, how services and civil
aircraft count. A figure above ours would follow, for example, from lower revised services
or from counting only goods with China's import data.
"""))
table(r.ustr, title="2020-21 shortfall against the Phase One commitment",
      subtitle="US$ billions", source="our computation; PIIE; USTR",
      money=["shortfall_bn", "commitment_bn", "purchases_bn"]).sub_missing(
    missing_text="not published")

# %% [markdown]
# ## The catch-up scenario
#
# Required purchases each year = the yardstick plus an equal share of what is owed. The
# growth needed is the constant rate from the last full year whose path buys the required
# total over the catch-up years. The chance comes from a moving-block bootstrap of annual
# log growth of all US goods exports to China since 1992 (blocks of three years keep runs of
# good and bad years together; a normal model would ignore the fat tails of 2009, 2018-19 and
# 2025); covered goods have no series that long, so their growth is assumed to follow the
# total's.

# %%
w = r.windows
display(md(f"""
The {pct(p.growth)} needed is higher than US goods exports to China grew in
{int((w["cagr"] < p.growth).sum())} of {len(w)} historical windows (fastest:
{w.loc[w["cagr"].idxmax(), "window"]}, {pct(w["cagr"].max())}); of the rolling
{p.start + p.horizon - 1 - L}-year windows since {after.HISTORY_FROM}, {pct(r.rolling_share)}
grew as fast.
"""))
plots.catch_up_fan(r.totals, c.fan, p.required, p.path,
                   f"Catch-up from {start_year}: required purchases against history's paths",
                   f"{SOURCE}. Bootstrap of annual log growth {after.HISTORY_FROM} on, "
                   f"blocks of {c.block} years, {c.draws:,} draws.");

# %%
table(w[["window", "years", "cagr", "required", "multiple"]],
      title="Growth needed against historical growth of US goods exports to China",
      subtitle="Compound annual growth; multiple = required / historical", source=SOURCE,
      percent=["cagr", "required"], ratio=["multiple"]).sub_missing(missing_text="shrank").cols_label(
          cagr="Historical growth a year", required="Required growth a year")

# %% [markdown]
# ## The 2025 soybean pledge
#
# The White House fact sheet of 2025-11-01 says China will buy at least 12 million metric
# tons (MMT) of US soybeans in the last two months of 2025 (officials later said by the end
# of February 2026) and at least 25 MMT a year in 2026-2028. Pledges are purchases; Census
# records shipments, which lag them by weeks to months. Tonnes are **estimated**: HS 12
# (oilseeds) monthly exports to China times the soybean share of HS 12, divided by the unit
# value, both from Comtrade HS6 120190 in the year chosen.

# %%
display(md(f"""
With {soybean_year}'s unit value of ${r.soy_usd_t:,.0f} a tonne and soybean share of HS 12
of {pct(r.soy_share)}, estimated shipments from {after.SOY_PLEDGE["first_start"]} through
{after.SOY_PLEDGE["first_end"]} were {soy["first_mmt"]:.1f} MMT, {pct(soy["first_share"], 0)}
of the 12 MMT pledged (**estimated**; shipments lag purchases). Since the pledge, through
{soy["last_month"]}, {soy["since_pledge_mmt"]:.1f} MMT shipped. In {soy["last_month"][:4]}
to date ({soy["year_months"]} months) {soy["year_mmt"]:.1f} MMT, against
{soy["year_pace_mmt"]:.1f} MMT on a straight-line pace to 25 MMT (annualised:
{soy["year_annualised_mmt"]:.1f} MMT).
"""))
plots.soybean_tracker(r.soybeans.loc["2024-01":], after.SOY_PLEDGE,
                      "US soybean exports to China, estimated tonnes, against the 2025 pledge",
                      f"{SOURCE}. Tonnes estimated with the {soybean_year} unit value.");

# %% [markdown]
# ## Closing note: covered goods by year and the estimate's error

# %%
closing = r.purchases.loc[2017:].assign(total=r.totals).reset_index()
table(closing, title=f"US exports to China of covered {r.assessed}, 2017-{L}",
      subtitle="US$ billions", source=SOURCE,
      money=[c_ for c_ in closing.columns if c_ != "year"])

# %% [markdown]
# ## Sources

# %%
sources_list(r.sources)
