"""One reader's checks for every raw file: readable, holding the columns wanted, rows, and
numbers where amounts are; a DataError naming the file otherwise."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from phaseone.data import DataError

MANIFEST = "raw_manifest.csv"


def read(path: Path, columns: Iterable[str], reader: Callable[[Path], pd.DataFrame],
         numeric: Iterable[str] = (), what: str = "raw file") -> pd.DataFrame:
    """`reader(path)` checked to hold `columns`, rows and numbers in `numeric`."""
    try:
        df = reader(path)
    except (OSError, ValueError) as err:  # missing, unreadable or not of its format
        raise DataError(f"cannot read {what} {path}: {err}") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"{what} {path} lacks column(s) {', '.join(missing)}; "
                        f"it has: {', '.join(map(str, df.columns))}")
    if df.empty:
        raise DataError(f"{what} {path} holds no rows (listed in {MANIFEST}): restore the "
                        f"original, or remove its row from {MANIFEST}")
    for column in numeric:
        if not pd.api.types.is_numeric_dtype(df[column]):
            first = df[column].dropna()
            example = f", e.g. {first.iloc[0]!r}" if len(first) else ""
            raise DataError(f"{what} {path}: column {column!r} holds {df[column].dtype} "
                            f"values{example}, not numbers: restore the original file")
    return df
