"""One house style for every chart: seaborn whitegrid, fixed sector colours, a source line."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns

SECTOR_COLORS = {
    "manufactured_goods": "#1f4e79",
    "agriculture": "#548235",
    "energy": "#c55a11",
    "services": "#7f6000",
    "total": "#262626",
}
SERIES_COLORS = {"actual": "#262626", "target": "#c00000", "level_2017": "#7f7f7f",
                 "trend": "#1f4e79", "counterfactual": "#2e75b6"}
LABELS = {"manufactured_goods": "Manufactured goods", "agriculture": "Agriculture",
          "energy": "Energy", "services": "Services", "total": "Total",
          "us_exports": "US exports", "china_imports": "China's imports",
          "liquefied_natural_gas": "Liquefied natural gas", "iron_steel": "Iron and steel",
          "optical_medical_instruments": "Optical and medical instruments"}


def use_style() -> None:
    """Apply the house style to matplotlib (call once per notebook)."""
    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.95)
    mpl.rcParams.update({
        "figure.figsize": (9, 4.5), "figure.dpi": 110, "savefig.bbox": "tight",
        "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold",
        "axes.titlelocation": "left", "legend.frameon": False,
    })


def label(key: str) -> str:
    """Human label of a sector, basis or other key."""
    return LABELS.get(key, key.replace("_", " ").capitalize())


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
