"""Each report's cross-parameter rules, checked before any kernel starts and again in the model.

The parameters cell declares names, types and choices; these rules cover what a single
parameter cannot say (ranges, years with data, combinations the statistics cannot measure).
This module is light: it reads only the year columns of two tables, with the csv module, so
a refusal comes back in well under a second.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from phaseone import config

PERIODS = {"2020-2021": (2020, 2021), "2020": (2020,), "2021": (2021,)}
GOODS = ("manufactured_goods", "agriculture", "energy")
FIRST_MONTH, LAST_MONTH = "2020-01", "2021-12"  # the agreement's months with monthly data
YEAR_ENDS = ("2020-12", "2021-12")
TREND_ERRORS = ("hc1", "hac", "rw_drift")  # phaseone.growth.TREND_ERRORS (a test keeps them equal)


@cache
def _years(table: str, data_dir: Path) -> frozenset[int]:
    """Years present in a data table's `year` column (UTF-8, with or without a BOM)."""
    path = data_dir / f"{table}.csv"
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if "year" not in (reader.fieldnames or []):
            raise ValueError(f"{path}, line 1: no 'year' column")
        years = []
        for row in reader:
            if not re.fullmatch(r"[0-9]{4}", row["year"] or ""):
                raise ValueError(f"{path}, line {reader.line_num}: year {row['year']!r} is not "
                                 f"a year")
            years.append(int(row["year"]))
        return frozenset(years)


def data_years(series: str, data_dir: Path | None = None) -> frozenset[int]:
    """Years with US exports to China on `series` (goods, or goods_and_services)."""
    data_dir = Path(data_dir or config.DATA)
    goods = _years("goods_exports_annual", data_dir)
    return goods if series == "goods" else goods & _years("services_exports", data_dir)


def _span(years) -> str:
    years = sorted(years)
    return f"{years[0]}-{years[-1]}" if years else "none"


def assessed_years(period: str, as_of: str) -> tuple[int, ...]:
    """The years of `period` that `as_of` reaches."""
    return tuple(y for y in PERIODS[period] if y <= int(as_of[:4]))


def cut_short(period: str, as_of: str) -> bool:
    """True when `as_of` ends inside the last assessed year (before its December)."""
    years = assessed_years(period, as_of)
    return bool(years) and int(as_of[:4]) == years[-1] and not as_of.endswith("-12")


def compliance(v: Mapping[str, Any], data_dir: Path | None = None) -> list[str]:
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
    goods = [s for s in sectors if s in GOODS]
    cut = cut_short(v["period"], as_of)
    if basis == "china_imports":
        if sectors and not goods:
            problems.append("basis=china_imports measures goods only (China's import "
                            "statistics have no services); add a goods sector")
        if not as_of.endswith("-12"):
            problems.append(f"basis=china_imports has annual data only: as_of must end a year "
                            f"({' or '.join(YEAR_ENDS)}), not {as_of}")
        if 2021 in years and goods and set(goods) != set(GOODS):
            problems.append("basis=china_imports: China's imports by sector are published for "
                            "2020 only; for 2021 choose all three goods sectors or period 2020")
        if not v["include_civil_aircraft"]:
            problems.append("include_civil_aircraft=false applies to US export data only "
                            "(China's imports are published aggregates); use basis=us_exports")
    elif cut and "services" in sectors:
        problems.append(f"as_of={as_of} cuts {as_of[:4]} short, but services have annual data "
                        f"only; drop services from sectors or end as_of at a year "
                        f"({' or '.join(YEAR_ENDS)})")
    return problems


def growth(v: Mapping[str, Any], data_dir: Path | None = None) -> list[str]:
    """Problems with a growth-report parameter set (empty when it can be built), on the data
    in `data_dir` (default the project's)."""
    data_dir = Path(data_dir or config.DATA)
    problems = []
    if not 0 < v["confidence"] < 1:
        problems.append(f"confidence={v['confidence']} must be strictly between 0 and 1 "
                        f"(e.g. 0.95)")
    on_series, goods = data_years(v["series"], data_dir), data_years("goods", data_dir)
    first = min(_years("commitments", data_dir))
    if v["base_year"] not in on_series or v["base_year"] >= first:
        problems.append(f"base_year={v['base_year']} must be a year before {first} with "
                        f"{v['series']} data ({_span(y for y in on_series if y < first)}; "
                        f"goods_and_services: 2001 and 2013 on)")
    if v.get("trend_errors", TREND_ERRORS[0]) not in TREND_ERRORS:
        problems.append(f"trend_errors={v['trend_errors']!r} is not one of "
                        f"{' | '.join(TREND_ERRORS)}")
    for kind, least in [("history", 1), ("trend", 2)]:
        start, end = v[f"{kind}_start"], v[f"{kind}_end"]
        if end - start < least:
            problems.append(f"{kind}_start={start} must be at least {least} year(s) before "
                            f"{kind}_end={end}")
        for name, year in [(f"{kind}_start", start), (f"{kind}_end", end)]:
            if year not in goods:
                problems.append(f"{name}={year} has no data (years with data: {_span(goods)})")
        if end in goods and end >= first:  # the agreement years cannot measure themselves
            what = {"history": "the historical growth before the agreement",
                    "trend": "a counterfactual for the agreement years"}[kind]
            problems.append(f"{kind}_end={end} must be before {first}, the first agreement "
                            f"year: a window that includes the agreement years is not {what}")
    return problems


ALL_SECTORS = (*GOODS, "services")
MAX_HORIZON, LAST_START = 10, 2035


def after_the_deal(v: Mapping[str, Any], data_dir: Path | None = None) -> list[str]:
    """Problems with an after-the-deal parameter set (empty when it can be built), on the data
    in `data_dir` (default the project's)."""
    data_dir = Path(data_dir or config.DATA)
    sectors = list(v["sectors"])
    problems = []
    if not sectors:
        return ["sectors is empty; choose at least one of " + " | ".join(ALL_SECTORS)]
    unknown = [s for s in sectors if s not in ALL_SECTORS]
    if unknown:
        return [f"sectors lists {unknown}; choose from " + " | ".join(ALL_SECTORS)]
    if len(set(sectors)) < len(sectors):
        problems.append(f"sectors lists a sector twice: {sectors}")
    goods_last = max(_years("covered_goods_annual", data_dir))
    last = min([goods_last] * any(s in GOODS for s in sectors)
               + [max(_years("services_exports", data_dir))] * ("services" in sectors))
    if not last < v["start_year"] <= LAST_START:
        problems.append(f"start_year={v['start_year']} must come after {last}, the last full "
                        f"year with data for {' and '.join(sectors)}, and by {LAST_START}")
    if not 1 <= v["horizon"] <= MAX_HORIZON:
        problems.append(f"horizon={v['horizon']} must be 1 to {MAX_HORIZON} years")
    soy = _years("soybeans_annual", data_dir)
    if v["soybean_year"] not in soy:
        problems.append(f"soybean_year={v['soybean_year']} has no Comtrade soybean data "
                        f"({_span(soy)})")
    return problems


RULES: dict[str, Callable[..., list[str]]] = {
    "compliance": compliance, "growth": growth, "after_the_deal": after_the_deal}


def problems(report: str, values: Mapping[str, Any], data_dir: Path | None = None
             ) -> list[str]:
    """Problems with `values` for `report` on the data in `data_dir` (the folder the kernel
    will read); reports without rules have none."""
    rule = RULES.get(report)
    return rule(values, data_dir) if rule else []


def ranges(report: str, data_dir: Path | None = None) -> dict[str, str]:
    """The allowed values of each integer parameter of `report`, as text ('2001-2019'), from
    the data the rules read; `phaseone list` shows them."""
    data_dir = Path(data_dir or config.DATA)
    goods = _years("goods_exports_annual", data_dir)
    first = min(_years("commitments", data_dir))
    if report == "growth":
        before = _span(y for y in goods if y < first)
        return {"base_year": f"{before} (goods; goods_and_services: 2001 and 2013 on)",
                "history_start": before, "history_end": before,
                "trend_start": before, "trend_end": before}
    if report == "after_the_deal":
        last = max(_years("covered_goods_annual", data_dir))
        return {"start_year": f"{last + 1}-{LAST_START} (after the last full year with data)",
                "horizon": f"1-{MAX_HORIZON}",
                "soybean_year": _span(_years("soybeans_annual", data_dir))}
    return {}
