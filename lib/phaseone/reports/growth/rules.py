"""The growth report's parameter rules, checked before any kernel starts and again in the model:
years with data, windows before the agreement, the interval level. Light: the vocabulary and
the tables' year columns only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from phaseone.reports.years import data_dir, data_years, span, years
from phaseone.vocabulary import TREND_ERRORS

#: Fewest years (start to end, inclusive) a trend window may have: on fewer, a trend with an
#: interval (and the AR(1) errors, which lose one year) rests on too few points.
MIN_TREND_YEARS = 5
#: Fewest years between the start and the end of each window (history: 1 year of growth).
LEAST_GAP = {"history": 1, "trend": MIN_TREND_YEARS - 1}


def problems(v: Mapping[str, Any], folder: Path | None = None) -> list[str]:
    """Problems with a growth-report parameter set (empty when it can be built), on the data
    in `folder` (default the project's)."""
    folder = data_dir(folder)
    problems = []
    if not 0 < v["confidence"] < 1:
        problems.append(f"confidence={v['confidence']} must be strictly between 0 and 1 "
                        f"(e.g. 0.95)")
    on_series, goods = data_years(v["series"], folder), data_years("goods", folder)
    first = min(years("commitments", folder))
    if v["base_year"] not in on_series or v["base_year"] >= first:
        problems.append(f"base_year={v['base_year']} must be a year before {first} with "
                        f"{v['series']} data ({span(y for y in on_series if y < first)}; "
                        f"goods_and_services: 2001 and 2013 on)")
    if v.get("trend_errors", TREND_ERRORS[0]) not in TREND_ERRORS:
        problems.append(f"trend_errors={v['trend_errors']!r} is not one of "
                        f"{' | '.join(TREND_ERRORS)}")
    for kind, least in LEAST_GAP.items():
        start, end = v[f"{kind}_start"], v[f"{kind}_end"]
        if end - start < least:
            years_text = f"{least} year" + ("s" if least > 1 else "")
            why = (f" (a trend needs at least {MIN_TREND_YEARS} years, start to end)"
                   if kind == "trend" else "")
            problems.append(f"{kind}_start={start} must be at least {years_text} before "
                            f"{kind}_end={end}" + why)
        for name, year in [(f"{kind}_start", start), (f"{kind}_end", end)]:
            if year not in goods:
                problems.append(f"{name}={year} has no data (years with data: {span(goods)})")
        if end in goods and end >= first:  # the agreement years cannot measure themselves
            what = {"history": "the historical growth before the agreement",
                    "trend": "a counterfactual for the agreement years"}[kind]
            problems.append(f"{kind}_end={end} must be before {first}, the first agreement "
                            f"year: a window that includes the agreement years is not {what}")
    return problems


def ranges(folder: Path | None = None) -> dict[str, str]:
    """The allowed values of each integer parameter, as text ('2001-2019'), from the data the
    rules read; `phaseone list` shows them."""
    folder = data_dir(folder)
    goods = years("goods_exports_annual", folder)
    first = min(years("commitments", folder))
    held = sorted(y for y in goods if y < first)
    before, gap = span(held), MIN_TREND_YEARS - 1
    return {"base_year": f"{before} (goods; goods_and_services: 2001 and 2013 on)",
            "history_start": before, "history_end": before,
            "trend_start": f"{held[0]}-{held[-1] - gap} ({MIN_TREND_YEARS} years at least)",
            "trend_end": f"{held[0] + gap}-{held[-1]}"}
