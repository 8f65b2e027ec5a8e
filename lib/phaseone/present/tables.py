"""Publication tables: great_tables with a source note and an embedded CSV download.

The one module that touches great_tables' internals (`_tbl_data`, `_boxhead`, `_heading`);
tests/test_tables.py pins them, so a great_tables release that moves them fails there.
"""

import base64
import html
import re

import pandas as pd
from great_tables import GT
from great_tables import md as gt_markdown

from phaseone.present.text import KEY_COLUMNS, column_label, label


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
        gt = gt.fmt_currency(columns=list(money), currency="USD", decimals=1, pattern="{x}bn")
    if percent:
        gt = gt.fmt_percent(columns=list(percent), decimals=1)
    if points:
        gt = gt.fmt_number(columns=list(points), decimals=1, scale_by=100, pattern="{x} pp",
                           force_sign=True)
    if ratio:
        gt = gt.fmt_number(columns=list(ratio), decimals=2)
    return gt.opt_stylize(style=1, color="gray").tab_options(table_font_size="13px")
