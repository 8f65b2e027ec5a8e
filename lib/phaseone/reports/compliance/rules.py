"""The compliance report's parameter rules, checked before any kernel starts and again in the
model: what a single parameter cannot say (months with data, combinations the statistics
cannot measure). Light: it imports the vocabulary only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from phaseone.vocabulary import FIRST_MONTH, GOODS_SECTORS, LAST_MONTH, PERIODS, YEAR_ENDS


def assessed_years(period: str, as_of: str) -> tuple[int, ...]:
    """The years of `period` that `as_of` reaches."""
    return tuple(y for y in PERIODS[period] if y <= int(as_of[:4]))


def cut_short(period: str, as_of: str) -> bool:
    """True when `as_of` ends inside the last assessed year (before its December)."""
    years = assessed_years(period, as_of)
    return bool(years) and int(as_of[:4]) == years[-1] and not as_of.endswith("-12")


def problems(v: Mapping[str, Any], folder: Path | None = None) -> list[str]:
    """Problems with a compliance-report parameter set (empty when it can be built)."""
    as_of, sectors, basis = v["as_of"], list(v["sectors"]), v["basis"]
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(as_of)):
        return [f"as_of={as_of!r} must be a month written YYYY-MM, "
                f"{FIRST_MONTH} to {LAST_MONTH}"]
    if not FIRST_MONTH <= as_of <= LAST_MONTH:
        return [f"as_of={as_of!r} is outside the agreement's months, {FIRST_MONTH} to {LAST_MONTH}"]
    problems = []
    if not sectors:
        problems.append("sectors is empty; choose at least one of "
                        "manufactured_goods | agriculture | energy | services")
    if len(set(sectors)) < len(sectors):
        problems.append(f"sectors lists a sector twice: {sectors}")
    years = assessed_years(v["period"], as_of)
    if not years:
        problems.append(f"as_of={as_of} ends before period {v['period']} starts; choose an "
                        f"as_of in {v['period']} or a period that starts by {as_of[:4]}")
    goods = [s for s in sectors if s in GOODS_SECTORS]
    cut = cut_short(v["period"], as_of)
    if basis == "china_imports":
        if sectors and not goods:
            problems.append("basis=china_imports measures goods only (China's import "
                            "statistics have no services); add a goods sector")
        if not as_of.endswith("-12"):
            problems.append(f"basis=china_imports rests on PIIE's annual aggregates: as_of must "
                            f"end a year ({' or '.join(YEAR_ENDS)}), not {as_of}")
        if 2021 in years and goods and set(goods) != set(GOODS_SECTORS):
            problems.append("basis=china_imports: China's imports by sector, as PIIE aggregates "
                            "them, are published for 2020 only; for 2021 choose all three goods "
                            "sectors or period 2020")
        if not v["include_civil_aircraft"]:
            problems.append("include_civil_aircraft=false applies to US export data only "
                            "(China's imports are published aggregates); use basis=us_exports")
    elif cut and "services" in sectors:
        problems.append(f"as_of={as_of} cuts {as_of[:4]} short, but services have annual data "
                        f"only; drop services from sectors or end as_of at a year "
                        f"({' or '.join(YEAR_ENDS)})")
    if v.get("listed_only"):
        problems += _listed_only(basis, cut, as_of, bool(sectors) and not goods)
    return problems


def _listed_only(basis: str, cut: bool, as_of: str, services_only: bool) -> list[str]:
    """What listed_only (codes found in the Annex 6.1 attachment only) cannot measure."""
    out = []
    if basis != "us_exports":
        out.append("listed_only=true needs code-level data: China's imports are PIIE's "
                   "published aggregates; use basis=us_exports")
    if cut:
        out.append(f"listed_only=true needs full years: as_of={as_of} cuts {as_of[:4]} short "
                   f"and the monthly data are by sector, not by code; end as_of at a year "
                   f"({' or '.join(YEAR_ENDS)})")
    if services_only:
        out.append("listed_only=true leaves out product codes of goods, and sectors holds "
                   "services only; add a goods sector")
    return out
