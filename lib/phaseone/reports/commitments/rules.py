"""The commitments report's parameter rules, checked before any kernel starts and again in the
model: the commitment shown in detail is one of the files in the data folder's `commitments/`,
and every file (each has a section) passes the checks of `phaseone.terms` (HS codes, partners,
a window with data, targets that add up, a source for every term). Light: yaml and csv only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from phaseone import terms
from phaseone.reports.years import data_dir
from phaseone.vocabulary import PRORATIONS


def problems(v: Mapping[str, Any], folder: Path | None = None) -> list[str]:
    """Problems with a commitments-report parameter set and the commitment files it reads
    (empty when it can be built), on the data in `folder` (default the project's)."""
    folder = data_dir(folder)
    names = terms.names(folder)
    out = terms.misnamed(folder)
    if not names:
        return out + [f"no commitment files in {terms.folder(folder)}: add one (see the "
                      f"README)"]
    if v["commitment"] not in names:
        out.append(f"commitment={v['commitment']!r} is not a file in {terms.folder(folder)}; "
                   f"choose one of {' | '.join(names)}")
    if v["proration"] not in PRORATIONS:
        out.append(f"proration={v['proration']!r}; choose one of {' | '.join(PRORATIONS)}")
    for name in names:
        out += terms.problems(name, folder)
    return out


def ranges(folder: Path | None = None) -> dict[str, str]:
    """The allowed values of each parameter read from the data: the commitment files."""
    return {"commitment": " | ".join(terms.names(data_dir(folder)))}
