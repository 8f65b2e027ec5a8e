"""The tariff report's parameter rules, checked before any kernel starts and again in the
model: the weights, the goods and a date range in which the schedules speak. Light: the
vocabulary and the schedules' date column only (the csv module).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from phaseone.reports.years import data_dir
from phaseone.vocabulary import TARIFF_DATES, TARIFF_GOODS, TARIFF_WEIGHTS

DATE = re.compile(r"20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
SCHEDULES = "tariff_schedules"


@cache
def schedule_dates(folder: Path) -> tuple[str, ...]:
    """Every date of the tariff schedules (data/tariff_schedules.csv), sorted."""
    path = folder / f"{SCHEDULES}.csv"
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if "date" not in (reader.fieldnames or []):
            raise ValueError(f"{path}, line 1: no 'date' column")
        return tuple(sorted({row["date"] for row in reader}))


def _is_date(text: str) -> bool:
    """True when `text` is YYYY-MM-DD and names a day of the calendar (not 2026-02-30)."""
    if not DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _date_problems(v: Mapping[str, Any]) -> list[str]:
    first, last = TARIFF_DATES
    out = [f"{name}={v[name]!r} must be a date YYYY-MM-DD (a day of the calendar) from "
           f"{first} to {last}" for name in ("first_date", "last_date")
           if not (_is_date(str(v[name])) and first <= v[name] <= last)]
    if not out and v["first_date"] >= v["last_date"]:
        out.append(f"first_date={v['first_date']} must come before last_date={v['last_date']}")
    return out


def problems(v: Mapping[str, Any], folder: Path | None = None) -> list[str]:
    """Problems with a tariff-report parameter set (empty when it can be built), on the data
    in `folder` (default the project's)."""
    out = []
    if v["weights"] not in TARIFF_WEIGHTS:
        out.append(f"weights={v['weights']!r}; choose from {' | '.join(TARIFF_WEIGHTS)}")
    if v["goods"] not in TARIFF_GOODS:
        out.append(f"goods={v['goods']!r}; choose from {' | '.join(TARIFF_GOODS)}")
    dates = _date_problems(v)
    if dates:
        return out + dates
    found = schedule_dates(data_dir(folder))
    inside = [d for d in found if v["first_date"] <= d <= v["last_date"]]
    if not inside:
        before = [d for d in found if d < v["first_date"]]
        after = [d for d in found if d > v["last_date"]]
        around = (f"the nearest are {before[-1] if before else 'none'} before and "
                  f"{after[0] if after else 'none'} after")
        out.append(f"no tariff schedule in the data changes between first_date="
                   f"{v['first_date']} and last_date={v['last_date']} ({around}): choose a "
                   f"range that holds one")
    return out


def ranges(folder: Path | None = None) -> dict[str, str]:
    """The allowed values of each date parameter, as text."""
    found = schedule_dates(data_dir(folder))
    gap = max(zip(found, found[1:], strict=False),
              key=lambda p: date.fromisoformat(p[1]) - date.fromisoformat(p[0]))
    text = (f"{TARIFF_DATES[0]} to {TARIFF_DATES[1]}, a range that holds a schedule date "
            f"(schedule dates {found[0]} to {found[-1]}, none after {gap[0]} until {gap[1]})")
    return {"first_date": text, "last_date": text}
