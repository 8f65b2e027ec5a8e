"""Years with data in the project's tables, read light (the csv module, no pandas), for the
reports' rules: a refusal comes back in well under a second.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from phaseone import config


def data_dir(folder: Path | None = None) -> Path:
    """The data folder the rules read: `folder`, or the one the kernel reads (config.DATA)."""
    return Path(folder or config.DATA)


@cache
def years(table: str, folder: Path) -> frozenset[int]:
    """Years present in a data table's `year` column (UTF-8, with or without a BOM)."""
    path = folder / f"{table}.csv"
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if "year" not in (reader.fieldnames or []):
            raise ValueError(f"{path}, line 1: no 'year' column")
        found = []
        for row in reader:
            if not re.fullmatch(r"[0-9]{4}", row["year"] or ""):
                raise ValueError(f"{path}, line {reader.line_num}: year {row['year']!r} is not "
                                 f"a year")
            found.append(int(row["year"]))
        return frozenset(found)


def data_years(series: str, folder: Path | None = None) -> frozenset[int]:
    """Years with US exports to China on `series` (goods, or goods_and_services)."""
    goods = years("goods_exports_annual", data_dir(folder))
    return goods if series == "goods" else goods & years("services_exports", data_dir(folder))


def span(found) -> str:
    """'2001-2019' for a set of years, 'none' when empty."""
    found = sorted(found)
    return f"{found[0]}-{found[-1]}" if found else "none"
