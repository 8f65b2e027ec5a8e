"""The one render call of the notebooks: `show(field)` displays a model's field.

A `Sentence` shows as Markdown, a `TableSpec` as a publication table with its CSV link, a
`ChartSpec` as a PNG with its alt text, a list of them one after another. The notebook
names the field it shows, so a reviewer can open that field in the next cell.
"""

from __future__ import annotations

import base64
import io

from phaseone.present.statements import ChartSpec, Sentence, TableSpec

FORMATS = ("money", "percent", "points", "ratio")


def table(spec: TableSpec):
    """The great_tables table of `spec`."""
    from great_tables import loc, style

    from phaseone.present import tables

    gt = tables.table(spec.frame, spec.title, spec.source, subtitle=spec.subtitle,
                    index=spec.index, **{f: [c for c, k in spec.formats.items() if k == f]
                                         for f in FORMATS})
    if spec.labels:
        gt = gt.cols_label(**spec.labels)
    if spec.missing is not None:
        gt = gt.sub_missing(missing_text=spec.missing)
    if spec.highlight is not None:
        gt = gt.tab_style(style.fill(color="#fff2cc"), loc.body(rows=[spec.highlight]))
    return gt


def chart_png(spec: ChartSpec) -> bytes:
    """The PNG bytes of the chart `spec` describes."""
    import matplotlib.pyplot as plt

    from phaseone.present import plots

    plots.use_style()
    drawn = getattr(plots, spec.plot)(**spec.args)
    fig = drawn if isinstance(drawn, plt.Figure) else drawn.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def show(field) -> None:
    """Display a model's field: a Sentence, TableSpec, ChartSpec, or a list of them."""
    from IPython.display import Markdown, display

    if isinstance(field, list | tuple):
        for item in field:
            show(item)
    elif isinstance(field, Sentence):
        if field.text:
            display(Markdown(field._repr_markdown_()))
    elif isinstance(field, TableSpec):
        display(table(field))
    elif isinstance(field, ChartSpec):
        png = base64.b64encode(chart_png(field)).decode()
        display({"image/png": png, "text/plain": field.alt.text},
                metadata={"image/png": {"alt": field.alt.text}}, raw=True)
    else:
        raise TypeError(f"show() takes a Sentence, TableSpec or ChartSpec, not {type(field)}")
