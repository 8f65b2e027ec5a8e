"""Formatting of computed numbers for report prose and publication tables."""

import pandas as pd
from great_tables import GT

LABELS = {"manufactured_goods": "Manufactured goods", "agriculture": "Agriculture",
          "energy": "Energy", "services": "Services", "total": "Total",
          "us_exports": "US exports", "china_imports": "China's imports",
          "liquefied_natural_gas": "Liquefied natural gas", "iron_steel": "Iron and steel",
          "optical_medical_instruments": "Optical and medical instruments"}
KEY_COLUMNS = ("sector", "basis", "category")  # columns of keys that tables show as labels


def label(key: str) -> str:
    """Human label of a sector, basis or other key."""
    return LABELS.get(key, key.replace("_", " ").capitalize())


def pct(fraction: float, digits: int = 1) -> str:
    """0.5761 -> '57.6%'."""
    return f"{fraction * 100:.{digits}f}%"


def change(ratio: float, digits: int = 1) -> str:
    """Relative change from a ratio to a reference: 1.022 -> '+2.2%'."""
    return f"{(ratio - 1) * 100:+.{digits}f}%"


def bn(value: float, digits: int = 1) -> str:
    """US$ billions: 288.8 -> '$288.8 billion'."""
    return f"${value:,.{digits}f} billion"


def pp(difference: float, digits: int = 1) -> str:
    """Difference of two fractions in percentage points: 0.004 -> '+0.4 pp'."""
    return f"{difference * 100:+.{digits}f} pp"


def column_label(name: str) -> str:
    """'purchases_bn' -> 'Purchases ($bn)', 'vs_2017' -> 'Vs 2017'."""
    unit = " ($bn)" if name.endswith("_bn") else ""
    return name.removesuffix("_bn").replace("_", " ").capitalize() + unit


def table(frame: pd.DataFrame, title: str, source: str, *, money=(), percent=(),
          points=(), ratio=(), subtitle: str | None = None, rowname: str | None = None) -> GT:
    """A publication table: formatted columns, title and source note (great_tables).

    `money` columns are US$ bn, `percent` fractions shown as %, `points` differences of
    fractions shown in percentage points, `ratio` plain numbers to two decimals.
    """
    frame = frame.assign(**{c: frame[c].map(label) for c in KEY_COLUMNS if c in frame})
    gt = GT(frame.reset_index() if rowname else frame, rowname_col=rowname)
    gt = gt.cols_label(**{c: column_label(c) for c in frame.columns})
    gt = gt.tab_header(title=title, subtitle=subtitle).tab_source_note(f"Source: {source}")
    if money:
        gt = gt.fmt_number(columns=list(money), decimals=1, pattern="${x}bn")
    if percent:
        gt = gt.fmt_percent(columns=list(percent), decimals=1)
    if points:
        gt = gt.fmt_number(columns=list(points), decimals=1, scale_by=100, pattern="{x} pp",
                           force_sign=True)
    if ratio:
        gt = gt.fmt_number(columns=list(ratio), decimals=2)
    return gt.opt_stylize(style=1, color="gray").tab_options(table_font_size="13px")


def md(text: str):
    """Markdown for display, with every `$` escaped so that amounts never read as LaTeX."""
    from IPython.display import Markdown

    return Markdown(text.replace("$", r"\$"))


def inputs_note(inputs: pd.DataFrame, what: str = "this calculation"):
    """Markdown list of the non-official input rows used, each with its quality and source."""
    rows = [f"- {row.what}, {row.year}: {bn(row.value_bn)}, **{row.quality}** ({row.source})"
            for row in inputs.itertuples()]
    return md(f"Inputs of {what} that are not official statistics:\n\n" + "\n".join(rows)
              if rows else "")


def sources_list(sources) -> object:
    """Markdown list of every source used."""
    return md("\n".join(f"- {s}" for s in sources))


def publishers(sources) -> str:
    """Short source line from full source texts: each publisher (text before the first comma)
    once, in order: 'US Census Bureau; UN Comtrade; ...'."""
    return "; ".join(dict.fromkeys(s.split(",")[0].strip() for s in sources))


def and_list(items) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
