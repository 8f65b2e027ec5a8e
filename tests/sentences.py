"""Checks every statement of a report model: the helpers of the sentence tests.

`model_problems(m)` walks a model's fields (and lists, tuples and dicts of them) and returns
every problem of every `Sentence` (its words against the numbers it cites), `TableSpec` (no
nan/None/float noise in its texts or CSV cells) and `ChartSpec` (alt text present and true).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from phaseone.present.statements import (
    ChartSpec,
    Cite,
    Sentence,
    TableSpec,
    problems,
    text_problems,
)
from phaseone.present.tables import table_csv


def fields(m, where="model"):
    """(where, value) for every Sentence, TableSpec, ChartSpec and Cite in `m`."""
    if isinstance(m, Sentence | TableSpec | ChartSpec | Cite):
        yield where, m
    elif dataclasses.is_dataclass(m) and not isinstance(m, type):
        for f in dataclasses.fields(m):
            yield from fields(getattr(m, f.name), f"{where}.{f.name}")
    elif isinstance(m, list | tuple):
        for i, item in enumerate(m):
            yield from fields(item, f"{where}[{i}]")
    elif isinstance(m, dict):
        for key, item in m.items():
            yield from fields(item, f"{where}[{key!r}]")


def table_problems(spec: TableSpec, where: str) -> list[str]:
    """Texts and CSV cells of a table a reader downloads."""
    from phaseone.present.show import table

    out = [p for t in spec.texts() for p in text_problems(t, where)]
    out += text_problems(table_csv(table(spec)), f"{where} (CSV)")
    if spec.missing is None:
        empty = spec.frame.isna().any()
        out += [f"{where}: column {c!r} has empty cells and no missing text"
                for c in empty.index[empty]]
    numbers = spec.frame.select_dtypes("number")
    if len(numbers.columns) and not pd.DataFrame(numbers).abs().lt(float("inf")).where(
            numbers.notna(), True).all().all():
        out.append(f"{where}: an infinite value in the table")
    return out


def model_problems(m) -> list[str]:
    """Every problem with every statement in the report model `m`."""
    out = text_problems(m.title, "title")
    for where, value in fields(m):
        if isinstance(value, Sentence):
            out += problems(value, where)
        elif isinstance(value, TableSpec):
            out += table_problems(value, where)
        elif isinstance(value, ChartSpec):
            if not value.alt.text.strip():
                out.append(f"{where}: a chart without alt text")
            out += problems(value.alt, f"{where}.alt")
        elif isinstance(value, Cite):
            out += text_problems(f"{value.name}: {value.shown}", where)
    return out
