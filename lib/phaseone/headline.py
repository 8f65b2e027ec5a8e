"""Headline figures: recorded by a notebook, read back by the builder for the index.

A notebook calls `headline({...})` once; the figures are shown as a small table and stored in
the output's metadata (as scrapbook's `glue` does), so the index can list them without
re-running anything. Notebooks may import this module; it imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def headline(numbers: Mapping[str, Any]) -> None:
    """Show a report's headline figures as a small table and mark them for `reports/index.html`.

    Call inside a notebook cell: `headline({"Fulfilment 2020-21": "57.6%", "Purchases": ...})`.
    """
    from IPython.display import display

    values = {str(k): _plain(v) for k, v in numbers.items()}
    rows = "\n".join(f"| {k} | {format_value(v)} |" for k, v in values.items())
    plain = "\n".join(f"{k}: {format_value(v)}" for k, v in values.items())
    display(
        {"text/markdown": f"| Headline figure | |\n|---|---:|\n{rows}\n", "text/plain": plain},
        metadata={"phaseone": {"headline": list(values.items())}},  # pairs keep their order
        raw=True,
    )


def headlines(nb: Mapping[str, Any]) -> dict[str, Any]:
    """Headline numbers emitted by `headline()` in an executed notebook (a JSON dict)."""
    found: dict[str, Any] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            meta = output.get("metadata") or {}
            found.update((meta.get("phaseone") or {}).get("headline") or [])
    return found
