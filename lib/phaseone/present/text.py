"""Formatting of computed numbers for report prose and publication tables."""

import base64
import html
import re

import pandas as pd
from great_tables import GT
from great_tables import md as gt_markdown

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


class Table(GT):
    """A great_tables table that shows, beneath itself, a link to download its data as CSV.

    The CSV is embedded in the page as a data: URL, so the link works offline and the report
    stays one file. great_tables methods return copies of the same class, so chained calls
    (`.tab_style(...)`, `.cols_label(...)`) keep the link.
    """

    def _repr_html_(self):
        return super()._repr_html_() + csv_link(self)


def table_csv(gt: GT) -> str:
    """The rows of a table as CSV: unformatted values (ten significant digits, so binary
    noise such as 111.19999999999999 reads 111.2), visible columns under their labels."""
    frame = gt._tbl_data
    columns = {c.var: c.column_label if isinstance(c.column_label, str) else c.var
               for c in gt._boxhead if c.visible}
    return frame[list(columns)].rename(columns=columns).to_csv(
        index=False, lineterminator="\n", float_format="%.10g")


def csv_link(gt: GT) -> str:
    """An HTML link that downloads the table's rows as `<title>.csv`."""
    title = gt._heading.title if isinstance(gt._heading.title, str) else "table"
    name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "table"
    data = base64.b64encode(table_csv(gt).encode()).decode()
    return (f'<p class="phaseone-csv"><a download="{html.escape(name)}.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">'
            f"Download this table&#8217;s data (CSV)</a></p>")


def table(frame: pd.DataFrame, title: str, source: str, *, money=(), percent=(),
          points=(), ratio=(), subtitle: str | None = None, index: bool = False) -> Table:
    """A publication table: formatted columns, title, source note and a CSV download link.

    `source` is Markdown, so a source can be cited as a link: `"[PIIE](https://...)"`.
    `money` columns are US$ bn, `percent` fractions shown as %, `points` differences of
    fractions shown in percentage points, `ratio` plain numbers to two decimals. `index=True`
    shows the frame's index as row labels. Key columns (sector, basis, category) show labels.
    """
    frame = frame.assign(**{c: frame[c].map(label) for c in KEY_COLUMNS if c in frame})
    if index:
        frame = frame.rename_axis(frame.index.name or "row").reset_index()
    gt = Table(frame, rowname_col=frame.columns[0] if index else None)
    gt = gt.cols_label(**{c: column_label(c) for c in frame.columns})
    gt = gt.tab_header(title=title, subtitle=subtitle)
    gt = gt.tab_source_note(gt_markdown(f"Source: {source}"))
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


# Where a reader finds each publisher's figures (the source texts name the exact table).
LINKS = {
    "US Census Bureau": "https://www.census.gov/foreign-trade/balance/c5700.html",
    "UN Comtrade": "https://comtradeplus.un.org/",
    "PIIE": "https://www.piie.com/research/piie-charts/us-china-phase-one-tracker-chinas-"
            "purchases-us-goods",
    "USTR": "https://ustr.gov/countries-regions/china-mongolia-taiwan/peoples-republic-china",
    "US-China Business Council": "https://www.uschina.org/reports",
    "Economic and Trade Agreement between the US and China (2020-01-15)":
        "https://ustr.gov/phase-one",
    "The Wall Street Journal": "https://www.wsj.com/",
    "CNBC": "https://www.cnbc.com/",
    "BEA": "https://www.bea.gov/data/intl-trade-investment/international-services-expanded",
}


def cited(source: str) -> str:
    """A source text with its publisher (the text before the first comma) as a Markdown link."""
    publisher, comma, rest = source.partition(",")
    url = LINKS.get(publisher.strip())
    return f"[{publisher}]({url}){comma}{rest}" if url else source


def sources_list(sources) -> object:
    """Markdown list of every source used, each publisher linked where we know its page."""
    return md("\n".join(f"- {cited(s)}" for s in sources))


def publishers(sources) -> str:
    """Short source line from full source texts: each publisher (text before the first comma)
    once, in order: 'US Census Bureau; UN Comtrade; ...'."""
    return "; ".join(dict.fromkeys(s.split(",")[0].strip() for s in sources))


def and_list(items) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
