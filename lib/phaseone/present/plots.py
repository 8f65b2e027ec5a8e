"""One house style for every chart: seaborn whitegrid, fixed sector colours, a source line."""

import textwrap

import matplotlib as mpl
import matplotlib.dates  # noqa: F401  (mpl.dates)
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from phaseone.present.text import label

SECTOR_COLORS = {
    "manufactured_goods": "#1f4e79",
    "agriculture": "#548235",
    "energy": "#c55a11",
    "services": "#7f6000",
    "total": "#262626",
}
SERIES_COLORS = {"actual": "#262626", "target": "#c00000", "level_2017": "#7f7f7f",
                 "trend": "#1f4e79", "counterfactual": "#2e75b6"}


def use_style() -> None:
    """Apply the house style to matplotlib (call once per notebook)."""
    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.95)
    mpl.rcParams.update({
        "figure.figsize": (9, 4.5), "figure.dpi": 110, "savefig.bbox": "tight",
        "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold",
        "axes.titlelocation": "left", "legend.frameon": False,
    })


def source_note(fig: plt.Figure, text: str) -> None:
    """Write a source line under a figure."""
    fig.text(0.01, -0.02, f"Source: {text}", ha="left", va="top", fontsize=8, color="#595959")


def billions(ax: plt.Axes, axis: str = "y") -> None:
    """Format an axis in US$ billions."""
    fmt = mpl.ticker.StrMethodFormatter("${x:,.0f}bn")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def percent(ax: plt.Axes, axis: str = "y") -> None:
    """Format an axis of fractions as percentages."""
    fmt = mpl.ticker.PercentFormatter(1.0, decimals=0)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _panels(n: int, width: float = 5.6, height: float = 4.2):
    fig, axes = plt.subplots(1, n, figsize=(width * n, height), sharey=True, squeeze=False)
    return fig, list(axes[0])


def sector_bars(by_year, title: str, source: str) -> plt.Figure:
    """Purchases, target and 2017 level by sector, one panel per year (US$ bn)."""
    frame = by_year[by_year["sector"] != "total"].melt(
        id_vars=["year", "sector"], value_vars=["purchases_bn", "target_bn", "level_2017_bn"],
        var_name="measure", value_name="bn")
    frame["measure"] = frame["measure"].map(
        {"purchases_bn": "Purchases", "target_bn": "Target", "level_2017_bn": "2017 level"})
    frame["sector"] = frame["sector"].map(label).str.replace(" ", "\n", n=1)
    years = sorted(frame["year"].unique())
    fig, axes = _panels(len(years))
    for ax, year in zip(axes, years, strict=True):
        sns.barplot(frame[frame["year"] == year], x="sector", y="bn", hue="measure", ax=ax,
                    palette=[SERIES_COLORS["actual"], SERIES_COLORS["target"], "#bfbfbf"])
        ax.set(title=str(year), xlabel="", ylabel="")
        billions(ax)
        if ax is not axes[0]:
            ax.get_legend().remove()
    axes[0].legend(title="")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    source_note(fig, source)
    return fig


def tracker(track, proration: str, title: str, source: str) -> plt.Figure:
    """Year-to-date purchases against prorated targets and the 2017 level, a panel a year."""
    years = sorted(set(track.index.str[:4]))
    fig, axes = _panels(len(years), width=5.5)
    for ax, year in zip(axes, years, strict=True):
        part = track[track.index.str.startswith(year)]
        months = pd.to_datetime(part.index)
        ax.plot(months, part["ytd_purchases_bn"], color=SERIES_COLORS["actual"], lw=2.2,
                marker="o", ms=3, label="Purchases, year to date")
        ax.plot(months, part["ytd_target_bn"], color=SERIES_COLORS["target"], lw=1.8, ls="--",
                label=f"Target ({proration.replace('_', '-')})")
        ax.plot(months, part["ytd_level_2017_bn"], color=SERIES_COLORS["level_2017"], lw=1.5,
                ls=":", label="2017 level, same months")
        estimated = part[part["estimated"]]
        if len(estimated):
            ax.scatter(pd.to_datetime(estimated.index), estimated["ytd_purchases_bn"],
                       facecolor="white", edgecolor=SERIES_COLORS["actual"], zorder=3,
                       label="Estimated month")
        ax.set(title=year, xlabel="")
        ax.set_xlim(pd.Timestamp(f"{year}-01-01") - pd.Timedelta(days=12),
                    pd.Timestamp(f"{year}-12-01") + pd.Timedelta(days=12))
        ax.xaxis.set_major_locator(mpl.dates.MonthLocator(bymonth=[1, 4, 7, 10]))
        ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%b"))
        billions(ax)
    handles = {lab: h for ax in axes for h, lab in zip(*ax.get_legend_handles_labels(),
                                                        strict=True)}
    axes[0].legend(handles.values(), handles.keys(), loc="upper left")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    source_note(fig, source)
    return fig


def category_fulfilment(products, title: str, source: str, ax=None) -> plt.Axes:
    """Purchases as a share of each category's allocated target, coloured by sector."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.32 * len(products) + 1.2))
    ordered = products.sort_values("fulfilment")
    ax.barh(ordered.index.map(label), ordered["fulfilment"],
            color=ordered["sector"].map(SECTOR_COLORS))
    ax.axvline(1, color=SERIES_COLORS["target"], ls="--", lw=1.2)
    for y, value in enumerate(ordered["fulfilment"]):
        ax.text(value + 0.03, y, f"{value:.0%}", va="center", fontsize=8)
    percent(ax, "x")
    sectors = list(dict.fromkeys(products["sector"]))
    ax.legend([plt.Rectangle((0, 0), 1, 1, color=SECTOR_COLORS[s]) for s in sectors],
              [label(s) for s in sectors], loc="lower right")
    ax.set(title=title, xlabel="", ylabel="")
    source_note(ax.figure, source)
    return ax


def uncovered(frame, source: str, reference: int, ax=None) -> plt.Axes:
    """US goods exports to China covered and not covered by Annex 6.1, by year (US$ bn)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    ax.bar(frame.index, frame["covered_bn"], color=SECTOR_COLORS["manufactured_goods"],
           label="Covered by Annex 6.1")
    ax.bar(frame.index, frame["uncovered_bn"], bottom=frame["covered_bn"], color="#bfbfbf",
           label="Not covered")
    ax.axhline(frame.loc[reference, "total_bn"], color=SERIES_COLORS["level_2017"], ls=":",
               label=f"{reference} total")
    ax.set_xticks(frame.index)
    ax.tick_params(axis="x", labelrotation=0)
    ax.set(title="US goods exports to China, covered and not covered", xlabel="")
    billions(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3)
    source_note(ax.figure, source)
    return ax


def ratio_heatmap(ratios, box: tuple[str, str], title: str, source: str, ax=None) -> plt.Axes:
    """Required growth over historical growth, definitions by windows; `box` = (row, column)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 7.5))
    finite = ratios.replace([float("inf"), -float("inf")], float("nan"))
    sns.heatmap(finite, annot=True, fmt=".1f", cmap="Reds", vmin=0,
                vmax=min(8, finite.max().max()), linewidths=0.5,
                cbar_kws={"label": "Required / historical growth"}, ax=ax)
    if box[0] in ratios.index:  # a level uplift is no row: nothing to box
        row, col = list(ratios.index).index(box[0]), list(ratios.columns).index(box[1])
        ax.add_patch(plt.Rectangle((col, row), 1, 1, fill=False, edgecolor="#262626", lw=2.5))
    ax.set(title=title, xlabel="Historical window (goods only where services data are missing)",
           ylabel="")
    ax.set_yticklabels([textwrap.fill(str(t), 34) for t in ratios.index], fontsize=8.5)
    ax.tick_params(axis="x", labelrotation=30)
    ax.figure.tight_layout()
    source_note(ax.figure, source)
    return ax


def sensitivity_heatmap(grid, box_year: int, title: str, source: str, ax=None) -> plt.Axes:
    """Required growth by base year (rows) and horizon (columns); the box marks `box_year`."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.8))
    sns.heatmap(grid, annot=grid.map(lambda v: f"{v:.0%}"), fmt="", cmap="Reds", vmin=0,
                linewidths=0.5, ax=ax, cbar_kws={
                    "label": "Required growth a year",
                    "format": mpl.ticker.PercentFormatter(1.0, decimals=0)})
    ax.add_patch(plt.Rectangle((0, list(grid.index).index(box_year)), 1, 1, fill=False,
                               edgecolor="#262626", lw=2.5))
    ax.set(title=title, ylabel="Base year",
           xlabel="Horizon: years from the base level to the end of the purchase years")
    ax.tick_params(axis="y", labelrotation=0)
    ax.figure.tight_layout()
    source_note(ax.figure, source)
    return ax


def trend_chart(goods, both, band, trend_start: int, trend_end: int, counterfactual,
                target_paths, trend_text: str, level_text: str, source: str,
                ax=None) -> plt.Axes:
    """Exports (log scale): actual series, fitted trend with its band, the counterfactual with
    prediction intervals, and the target paths (US$ bn)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5.5))
    shown = goods.index >= trend_start - 1
    ax.plot(goods.index[shown], goods[shown], color=SERIES_COLORS["actual"], lw=2,
            label="Goods exports, actual")
    gs = both.reindex(range(both.index.min(), both.index.max() + 1))
    ax.plot(gs.index, gs, color=SECTOR_COLORS["services"], lw=2, marker="o", ms=4,
            label="Goods and services exports, actual (where both exist)")
    cf = counterfactual
    fitted = band.loc[:trend_end, "fitted"]
    ahead = band.loc[trend_end:, "fitted"]
    ax.plot(fitted.index, fitted, color=SERIES_COLORS["trend"], lw=1.5, label=trend_text)
    ax.plot(ahead.index, ahead, color=SERIES_COLORS["trend"], lw=1.5, ls="--")
    ax.fill_between(band.index, band["mean_low"], band["mean_high"],
                    color=SERIES_COLORS["trend"], alpha=0.15,
                    label=f"Trend line, {level_text} confidence band")
    ax.errorbar(cf.index, cf["fitted"], yerr=[cf["fitted"] - cf["pred_low"],
                                              cf["pred_high"] - cf["fitted"]],
                fmt="s", color=SERIES_COLORS["counterfactual"], capsize=5, ms=6,
                label=f"Counterfactual (trend extended), {level_text} prediction interval")
    for name, ls in [("goods_and_services", "-"), ("goods", ":")]:
        if name not in target_paths:  # no data in the base year
            continue
        tpath = target_paths[name]
        ax.plot(tpath.index, tpath, color=SERIES_COLORS["target"], ls=ls, marker="D", ms=5,
                label=f"Target path, {name.replace('_', ' ')} ({tpath.index[0]} level + "
                      "additions)")
    ax.set_yscale("log")
    ax.set_yticks([10, 20, 50, 100, 200, 400])
    ax.yaxis.set_minor_formatter(mpl.ticker.NullFormatter())
    billions(ax)
    paths = list(target_paths.values())
    ax.set_ylim(min(goods[shown].min(), band["mean_low"].min(), *(p.min() for p in paths)) * 0.85,
                max(cf["pred_high"].max(), gs.max(), *(p.max() for p in paths)) * 1.15)
    ax.set(title="US exports to China: actual, trend, counterfactual and Phase One targets",
           xlabel="", ylabel="US$ billions (log scale)")
    ax.legend(loc="upper left", fontsize=8)
    ax.figure.tight_layout()
    source_note(ax.figure, source)
    return ax


def purchases_vs_yardstick(bought, yard, title: str, source: str, ax=None) -> plt.Axes:
    """Purchases by sector (solid) against the yardstick (dashed), US$ bn by year."""
    ax = ax or plt.subplots()[1]
    for sector in bought.columns:
        color = SECTOR_COLORS.get(sector, "#262626")
        ax.plot(bought.index, bought[sector], color=color, marker="o", label=label(sector))
        ax.plot(yard.index, yard[sector], color=color, ls="--", lw=1)
    ax.plot([], [], color="#7f7f7f", ls="--", lw=1, label="Yardstick (dashed)")
    ax.set(title=title, xlabel="", ylabel="")
    billions(ax)
    ax.legend(loc="upper left", fontsize=8)
    source_note(ax.figure, source)
    return ax


def catch_up_fan(history, fan, required, path, title: str, source: str, ax=None) -> plt.Axes:
    """Actual purchases, the bootstrap fan of paths from history, the required purchases and
    the constant-growth path that pays them (US$ bn by year)."""
    ax = ax or plt.subplots()[1]
    ax.plot(history.index, history, color=SERIES_COLORS["actual"], marker="o", label="Actual")
    q = list(fan.columns)
    ax.fill_between(fan.index, fan[q[0]], fan[q[-1]], color=SERIES_COLORS["trend"], alpha=0.15,
                    label=f"Drawn from history, {q[0]:.0%}-{q[-1]:.0%}")
    ax.fill_between(fan.index, fan[q[1]], fan[q[-2]], color=SERIES_COLORS["trend"], alpha=0.3,
                    label="25%-75%")
    ax.plot(fan.index, fan[q[2]], color=SERIES_COLORS["trend"], label="Median draw")
    ax.plot(required.index, required, color=SERIES_COLORS["target"], marker="D",
            label="Required purchases")
    ax.plot(path.index, path, color=SERIES_COLORS["target"], ls=":",
            label="Constant-growth path paying them")
    ax.set(title=title, xlabel="", ylabel="")
    billions(ax)
    ax.legend(loc="upper left", fontsize=8)
    source_note(ax.figure, source)
    return ax


PLEDGE_COLORS = ("#548235", "#1f4e79", "#c55a11", "#7030a0")  # soybean pledges, oldest first


def soybean_pledges(bought, shipped, paces: dict, windows: dict, title: str, source: str,
                    ax=None) -> plt.Axes:
    """Cumulative purchases (solid) and shipments (dotted) allocated to each soybean pledge,
    million tonnes by week ending, with each pledge's seasonal pace (dashed, by day) and its
    amount at its deadline (`windows`: name -> (start, end, amount))."""
    ax = ax or plt.subplots(figsize=(9, 4.5))[1]
    for color, name in zip(PLEDGE_COLORS, bought.columns, strict=False):
        start, end, amount = windows[name]
        weeks = bought.loc[start:end, name]
        ax.plot(pd.to_datetime(weeks.index), weeks, color=color, lw=2,
                label=f"{name}: purchases")
        ships = shipped.loc[start:, name]
        ax.plot(pd.to_datetime(ships.index), ships, color=color, ls=":",
                label=f"{name}: shipments")
        ax.plot(paces[name].index, paces[name], color=color, ls="--", lw=1,
                label=f"{name}: seasonal pace to {amount:.0f} MMT by {end}")
        ax.scatter([pd.Timestamp(end)], [amount], color=color, marker="D", s=25)
    ax.set(title=title, xlabel="", ylabel="million metric tons")
    ax.legend(loc="upper left", fontsize=7)
    source_note(ax.figure, source)
    return ax


def catch_up_fan_in_years(history, fan, required, path, title: str, source: str,
                          ax=None) -> plt.Axes:
    """`catch_up_fan` with whole years on the x axis (no 2017.5 ticks)."""
    ax = catch_up_fan(history, fan, required, path, title, source, ax=ax)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    return ax


ERROR_COLORS = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#7f6000")  # error models, in order


def specification_curve(curve, chosen, default, names: dict, title: str, source: str,
                        ax=None) -> plt.Axes:
    """Specification curve: required growth over the trend pace for every specification,
    sorted (log scale; specifications with no multiple left out), coloured by error model
    (`names`: error model -> label), filled where both targets lie inside the prediction
    intervals; `chosen` (a row label of `curve`, or None) ringed, `default` squared."""
    ax = ax or plt.subplots(figsize=(9, 4.2))[1]
    shown = curve[curve["ratio"].notna()].sort_values("ratio", kind="stable")
    rank = pd.Series(range(len(shown)), index=shown.index)
    for color, (errors, name) in zip(ERROR_COLORS, names.items(), strict=False):
        part = shown[shown["errors"] == errors]
        inside = part["inside"].astype(bool)
        ax.scatter(rank[part.index[inside]], part.loc[inside, "ratio"], s=9, color=color,
                   label=f"{name}, both targets inside")
        ax.scatter(rank[part.index[~inside]], part.loc[~inside, "ratio"], s=9,
                   facecolors="none", edgecolors=color, lw=0.6, label=f"{name}, not both inside")
    for row, marker, text in [(default, "s", "Default"), (chosen, "o", "Chosen")]:
        if row is not None and row in rank.index:
            ax.scatter([rank[row]], [shown.loc[row, "ratio"]], s=140, marker=marker,
                       facecolors="none", edgecolors=SERIES_COLORS["target"], lw=1.6,
                       label=f"{text} specification")
    for level, style in [(1, "-"), (3, ":")]:
        ax.axhline(level, color="#7f7f7f", ls=style, lw=0.8)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:g}x"))
    ax.set(title=title, xlabel="Specifications, sorted by the multiple",
           ylabel="Required growth / trend pace (log scale)")
    ax.legend(loc="upper left", fontsize=7, ncol=2)
    source_note(ax.figure, source)
    return ax


def commitment_path(path, unit: str, title: str, source: str, ax=None) -> plt.Axes:
    """A purchase commitment's cumulative purchases (line with markers) against its cumulative
    target paths (dashed: straight-line, dotted: seasonal), by month, in the commitment's unit.
    `path`: index 'YYYY-MM', columns purchases, straight_line, seasonal (cumulative)."""
    ax = ax or plt.subplots()[1]
    x = pd.to_datetime(path.index)
    ax.plot(x, path["straight_line"], color=SERIES_COLORS["target"], ls="--",
            label="Target path, straight-line")
    ax.plot(x, path["seasonal"], color=SERIES_COLORS["target"], ls=":",
            label="Target path, seasonal (the partner's own months)")
    bought = path["purchases"].dropna()
    ax.plot(pd.to_datetime(bought.index), bought, color=SERIES_COLORS["actual"], marker="o",
            ms=3, label="Purchases, cumulative")
    ax.set(title=title, xlabel="", ylabel="" if unit == "US$ billions" else unit)
    if unit == "US$ billions":
        billions(ax)
    ax.legend(loc="upper left", fontsize=8)
    source_note(ax.figure, source)
    return ax


DIRECTION_COLORS = {"us_on_china": "#c00000", "china_on_us": "#1f4e79"}


def tariff_steps(lines, events, first: str, last: str, title: str, source: str,
                 ax=None) -> plt.Axes:
    """Average tariffs by date as stepped lines, one per direction and schedule, with no line
    across the gaps between schedules (`lines`: list of dicts with direction, label, dashed and
    steps, a frame of start, end, rate_pct in percent); `events` (number, date) marked by
    dotted verticals numbered at the top."""
    ax = ax or plt.subplots(figsize=(11, 5.5))[1]
    for line in lines:
        st = line["steps"]
        x = list(pd.to_datetime(st["start"])) + [pd.to_datetime(st["end"].iloc[-1])]
        y = list(st["rate_pct"]) + [st["rate_pct"].iloc[-1]]
        ax.step(x, y, where="post", color=DIRECTION_COLORS[line["direction"]], lw=2,
                ls="--" if line["dashed"] else "-", label=line["label"])
        ax.plot(x[-1:], y[-1:], "o", color=DIRECTION_COLORS[line["direction"]], ms=4)
    top = ax.get_ylim()[1] * 1.12
    ax.set_ylim(0, top)
    for i, (number, date) in enumerate(events):  # numbers at two heights: close events apart
        ax.axvline(pd.Timestamp(date), color="#7f7f7f", ls=":", lw=0.8)
        ax.text(pd.Timestamp(date), top * (0.985 if i % 2 else 0.94), str(number), ha="center",
                va="top", fontsize=8, color="#404040",
                bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
    ax.set_xlim(pd.Timestamp(first), pd.Timestamp(last))
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(100, decimals=0))
    ax.set(xlabel="", ylabel="", title=title)
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.9), fontsize=8)
    source_note(ax.figure, textwrap.fill(source, 160))
    return ax


def tariff_beside_purchases(frame, title: str, source: str, ax=None) -> plt.Axes:
    """Purchases of covered goods by year (bars, US$ bn) and China's average tariff on them
    (points on a second axis, percent; years without a schedule left empty)."""
    ax = ax or plt.subplots(figsize=(9, 4))[1]
    ax.bar(frame["year"], frame["purchases_bn"], color="#bfbfbf", label="Purchases (left)")
    billions(ax)
    right = ax.twinx()
    right.plot(frame["year"], frame["tariff_pct"], "o", color=DIRECTION_COLORS["china_on_us"],
               ms=8, label="China's average tariff (right)")
    right.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(100, decimals=0))
    right.set_ylim(0, max(frame["tariff_pct"].max() * 1.25, 1))
    right.grid(False)
    ax.set_xticks(frame["year"])
    ax.set(title=title, xlabel="", ylabel="")
    handles = [h for a in (ax, right) for h in a.get_legend_handles_labels()[0]]
    labels = [lab for a in (ax, right) for lab in a.get_legend_handles_labels()[1]]
    ax.legend(handles, labels, loc="upper left", fontsize=8)
    source_note(ax.figure, textwrap.fill(source, 130))
    return ax


def catch_up_fan_in_units(history, fan, required, path, unit: str, title: str, source: str,
                          ax=None) -> plt.Axes:
    """`catch_up_fan_in_years` for a commitment's unit: US$ billions, or plain numbers with
    the unit on the y axis (million tonnes)."""
    ax = catch_up_fan_in_years(history, fan, required, path, title, source, ax=ax)
    if unit != "US$ billions":
        ax.yaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
        ax.set_ylabel(unit)
    return ax
