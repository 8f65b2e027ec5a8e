"""The after-the-deal report's parameter rules, checked before any kernel starts and again in
the model: sectors and the catch-up's years (the soybean pledges' choices, pledge_year and
first_deadline, are checked against the vocabulary with the other choices). Light: the
vocabulary and the tables' year columns only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from phaseone.reports.years import data_dir, years
from phaseone.vocabulary import GOODS_SECTORS, SECTORS

MAX_HORIZON, LAST_START = 10, 2035


def problems(v: Mapping[str, Any], folder: Path | None = None) -> list[str]:
    """Problems with an after-the-deal parameter set (empty when it can be built), on the data
    in `folder` (default the project's)."""
    folder = data_dir(folder)
    sectors = list(v["sectors"])
    problems = []
    if not sectors:
        return ["sectors is empty; choose at least one of " + " | ".join(SECTORS)]
    unknown = [s for s in sectors if s not in SECTORS]
    if unknown:
        return [f"sectors lists {unknown}; choose from " + " | ".join(SECTORS)]
    if len(set(sectors)) < len(sectors):
        problems.append(f"sectors lists a sector twice: {sectors}")
    # The catch-up starts after the last full year of goods data whatever the sectors: a
    # start in a year already published would hide what goods did that year (services are
    # published later, and a catch-up with services grows from the goods' last year with
    # services held at their last published level, as the report says).
    goods_last = max(years("covered_goods_annual", folder))
    if not goods_last < v["start_year"] <= LAST_START:
        if all(s in GOODS_SECTORS for s in sectors):
            problems.append(f"start_year={v['start_year']} must come after {goods_last}, the "
                            f"last full year with data for {' and '.join(sectors)}, and by "
                            f"{LAST_START}")
        else:
            services_last = max(years("services_exports", folder))
            problems.append(f"start_year={v['start_year']} must come after {goods_last}, the "
                            f"last full year of goods data, whatever the sectors (services "
                            f"are published through {services_last}), and by {LAST_START}")
    if not 1 <= v["horizon"] <= MAX_HORIZON:
        problems.append(f"horizon={v['horizon']} must be 1 to {MAX_HORIZON} years")
    return problems


def ranges(folder: Path | None = None) -> dict[str, str]:
    """The allowed values of each integer parameter, as text, from the data the rules read."""
    folder = data_dir(folder)
    last = max(years("covered_goods_annual", folder))
    return {"start_year": f"{last + 1}-{LAST_START} (after the last full year of goods data, "
                          f"whatever the sectors)",
            "horizon": f"1-{MAX_HORIZON}"}
