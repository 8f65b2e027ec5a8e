"""Headline figures: recorded by a notebook, read back by the builder for the index.

A notebook calls `headline({...})` once; the figures are shown as a small table and stored in
the output's metadata (as scrapbook's `glue` does), so the index can list them without
re-running anything. Notebooks may import this module; it imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def format_value(value: Any) -> str:
    """A headline value as shown: floats to three significant digits below 1, else one decimal."""
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.1f}"
    return str(value)


# Inline styles: the strip looks the same in JupyterLab, in the report and on the index.
_STRIP = "display:flex;flex-wrap:wrap;gap:10px;margin:12px 0;padding:0"
_FIGURE = "flex:1 1 140px;border-left:4px solid #0b57d0;background:#f3f6fb;padding:8px 12px"
_VALUE = "display:block;font-size:1.5em;font-weight:700;color:#111;line-height:1.2"
_LABEL = "display:block;font-size:13px;color:#444"


def strip_html(figures: Mapping[str, Any]) -> str:
    """The one rendering of key figures: a strip of value-over-label boxes ('' when none)."""
    cells = "".join(
        f'<div class="figure" style="{_FIGURE}"><span class="value" style="{_VALUE}">'
        f'{escape(format_value(v))}</span><span class="label" style="{_LABEL}">{escape(k)}'
        f"</span></div>" for k, v in figures.items())
    return f'<div class="phaseone-headline" style="{_STRIP}">{cells}</div>' if cells else ""


def headline(numbers: Mapping[str, Any] | Iterable, *, title: str | None = None,
             finding: object = None) -> None:
    """Show a report's key figures as a strip and record them for the index.

    Call once in a notebook cell: `headline({"Fulfilment 2020-21": "57.6%", ...},
    title="...", finding="one sentence")`, or with a model's key figures (`Cite`s, each named
    by its label) and its finding (a `Sentence`). `title` names the report as built (period,
    basis); `finding` is its one-line answer. Both are recorded with the figures.
    """
    from IPython.display import display

    if not isinstance(numbers, Mapping):  # key figures as `statements.Cite`s
        numbers = {c.name: c.shown for c in numbers}
    finding = None if finding is None else str(finding)
    values = {str(k): _plain(v) for k, v in numbers.items()}
    plain = "\n".join(f"{k}: {format_value(v)}" for k, v in values.items())
    record = {"headline": list(values.items()), "title": title, "finding": finding}
    display(
        {"text/html": strip_html(values), "text/plain": plain},
        metadata={"phaseone": record},  # pairs keep their order
        raw=True,
    )


def recorded(nb: Mapping[str, Any]) -> dict[str, Any]:
    """What `headline()` recorded in an executed notebook: headline (dict), title, finding."""
    found: dict[str, Any] = {"headline": {}, "title": None, "finding": None}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            meta = (output.get("metadata") or {}).get("phaseone") or {}
            found["headline"].update(meta.get("headline") or [])
            found.update({k: meta[k] for k in ("title", "finding") if meta.get(k)})
    return found


def headlines(nb: Mapping[str, Any]) -> dict[str, Any]:
    """Headline figures recorded by `headline()` in an executed notebook (a JSON dict)."""
    return recorded(nb)["headline"]
