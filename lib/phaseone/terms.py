"""The terms of a purchase commitment, read from its file `data/commitments/NAME.yaml` and checked.

Light (yaml and the csv module, no pandas): the reports' rules call `problems` before any kernel
starts, and the derivation reads `wanted` to know which partners and chapters to keep. The
schema is in the README ("A commitment is a file"); `problems` names the file and the key of
every breach. Amounts are in the file's `unit` (US$ billions or million tonnes).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

from phaseone import config
from phaseone.vocabulary import (
    COMMITMENT_MEASURES,
    COMMITMENT_UNITS,
    GOODS_SECTORS,
    HS_CHAPTERS,
    SECTORS,
)

FOLDER = "commitments"  # under the data folder
PARTNER_TABLE = "partner_chapters_monthly"  # the Census table the census measure reads
ALL_GOODS = "00"  # Census's all-goods total, a chapter for the census measure
KINDS = ("level", "addition")  # a target level, or an addition over the baseline level
SOURCE_KEYS = ("title", "url", "date", "quote", "verified")
SOURCED = ("products", "window", "target")  # terms that must name their source
MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SLACK = 0.05  # how far targets may be from a stated total (rounding of published figures)


class TermsError(ValueError):
    """A commitment file that cannot be read as a commitment."""


def folder(data_dir: Path | None = None) -> Path:
    return Path(data_dir or config.DATA) / FOLDER


def names(data_dir: Path | None = None) -> tuple[str, ...]:
    """The commitments in the data folder: the stems of its `commitments/*.yaml` files."""
    return tuple(sorted(p.stem for p in folder(data_dir).glob("*.yaml")))


def misnamed(data_dir: Path | None = None) -> list[str]:
    """A problem for each `commitments/*.yml` file, which `names` does not read."""
    return [f"{p}: a commitment file must end in .yaml, not .yml: rename it {p.stem}.yaml"
            for p in sorted(folder(data_dir).glob("*.yml"))]


def path(name: str, data_dir: Path | None = None) -> Path:
    return folder(data_dir) / f"{name}.yaml"


def read(name: str, data_dir: Path | None = None) -> dict[str, Any]:
    """The file's terms as written (a mapping); TermsError naming the file when unreadable."""
    import yaml

    where = path(name, data_dir)
    if not where.is_file():
        raise TermsError(f"no commitment {name!r}: {where} does not exist; commitments: "
                         f"{', '.join(names(data_dir)) or 'none'}")
    try:
        terms = yaml.safe_load(where.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise TermsError(f"{where} is not readable YAML: {err}") from None
    if not isinstance(terms, dict):
        raise TermsError(f"{where} must hold a mapping of terms (title, partner, ...)")
    return terms


def window(terms: dict) -> tuple[str, str]:
    """(first, last) month of the commitment's window."""
    return str(terms["window"]["start"]), str(terms["window"]["end"])


def months(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ('YYYY-MM'), inclusive."""
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def table_rows(table: str, data_dir: Path | None = None) -> list[dict[str, str]]:
    """The rows of a data table read as text (the csv module)."""
    where = Path(data_dir or config.DATA) / f"{table}.csv"
    with where.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def by_year(terms: dict, data_dir: Path | None = None) -> dict[int, float]:
    """The targets by year as the file states them (from its table when it names one), in its
    unit; empty when the file states only a total over the window."""
    target = terms["target"]
    if "table" in target:
        spec = target["table"]
        out: dict[int, float] = {}
        for row in table_rows(spec["name"], data_dir):
            y = int(row[spec.get("year", "year")])
            out[y] = out.get(y, 0.0) + float(row[spec.get("value", "value_bn")])
        return dict(sorted(out.items()))
    return {int(y): float(v) for y, v in sorted((target.get("by_year") or {}).items())}


@cache
def _coverage(where: Path, stamp: float) -> dict[tuple[str, str], tuple[str, str]]:
    found: dict[tuple[str, str], tuple[str, str]] = {}
    with where.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            key = (row["partner"], row["chapter"])
            lo, hi = found.get(key, (row["month"], row["month"]))
            found[key] = (min(lo, row["month"]), max(hi, row["month"]))
    return found


def coverage(data_dir: Path | None = None) -> dict[tuple[str, str], tuple[str, str]]:
    """(first, last) month with data for each (partner, chapter) of the Census partner table."""
    where = Path(data_dir or config.DATA) / f"{PARTNER_TABLE}.csv"
    return _coverage(where, where.stat().st_mtime)


def chapters(terms: dict) -> list[str]:
    """The HS chapters a commitment is measured on, then those of its broader `scope`."""
    products = terms["products"]
    return [str(c) for c in [*(products.get("chapters") or []),
                             *((products.get("scope") or {}).get("chapters") or [])]]


def wanted(data_dir: Path | None = None) -> set[tuple[str, str]]:
    """(partner, chapter) pairs the commitment files measure on the Census partner table."""
    out = set()
    for name in names(data_dir):
        terms = read(name, data_dir)
        if (terms.get("measured_by") or {}).get("data") == "census_partner_chapters":
            out |= {(str(terms["partner"]), str(c)) for c in chapters(terms)}
    return out


# ----------------------------------------------------------------------------- checks


def hs_problem(code: Any) -> str | None:
    """Why `code` is not an HS code (2 to 10 digits, an even count, a chapter Census uses;
    "00" is all goods)."""
    text = str(code)
    if not re.fullmatch(r"[0-9]{2}([0-9]{2}){0,4}", text):
        return f"{text!r} is not an HS code (2, 4, 6, 8 or 10 digits, written as text)"
    if text == ALL_GOODS:
        return None
    if text[:2] not in HS_CHAPTERS:
        return f"{text!r} is not an HS code: there is no chapter {text[:2]}"
    return None


def _sources(terms: dict, where: str) -> list[str]:
    sources = terms.get("sources")
    if not isinstance(sources, dict) or not sources:
        return [f"{where}: no sources: list each source under `sources` with "
                f"{', '.join(SOURCE_KEYS)}"]
    out = []
    for key, source in sources.items():
        missing = [k for k in SOURCE_KEYS if not (source or {}).get(k)]
        if missing:
            out.append(f"{where}: source {key!r} lacks {', '.join(missing)}")
        elif not DATE.fullmatch(str(source["date"])):
            out.append(f"{where}: source {key!r} has date {source['date']!r}, not YYYY-MM-DD")
    for term in SOURCED + (("baseline",) if terms.get("baseline") else ()):
        named = (terms.get(term) or {}).get("source")
        if not named:
            out.append(f"{where}: {term} names no source (add `source:` naming one of "
                       f"{', '.join(sources)})")
        elif named not in sources:
            out.append(f"{where}: {term} cites source {named!r}, which `sources` does not "
                       f"list ({', '.join(sources)})")
    return out


def _products(terms: dict, where: str, data_dir: Path | None) -> list[str]:
    products = terms["products"]
    out = [f"{where}: products.{key}: {p}" for key in ("hs", "chapters")
           for p in map(hs_problem, products.get(key) or []) if p]
    chapters = [str(c) for c in products.get("chapters") or []]
    if any(len(c) != 2 for c in chapters):
        out.append(f"{where}: products.chapters must be 2-digit HS chapters, got {chapters}")
    wide = products.get("scope")
    if wide is not None and (not isinstance(wide, dict) or not wide.get("what") or any(
            len(str(c)) != 2 or hs_problem(c) for c in wide.get("chapters") or [None])):
        out.append(f"{where}: products.scope is {wide!r}: expected a mapping {{chapters: "
                   f"[2-digit HS chapters], what: words}}")
    listed = products.get("list")
    if listed and not (Path(data_dir or config.DATA) / f"{listed}.csv").is_file():
        out.append(f"{where}: products.list names {listed!r}, which is not a table in the data "
                   f"folder")
    finer = [str(c) for c in products.get("hs") or [] if str(c) not in chapters]
    if chapters and finer and not products.get("approximation"):
        out.append(f"{where}: products.chapters {chapters} stand in for the HS codes "
                   f"{finer}: state the approximation under products.approximation")
    return out


SHAPES = {  # the terms that must be mappings, and the shape each takes
    "products": "{description, hs or chapters or list, source}",
    "window": "{start: YYYY-MM, end: YYYY-MM, source}",
    "target": "{kind, by_year or table, total, source}",
    "measured_by": "{data, what}",
    "baseline": "null or {year: YYYY, source}",
}


def _amount(value: Any) -> bool:
    """A positive number (an amount in the file's unit)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _shapes(terms: dict, where: str) -> list[str]:
    """Terms of the wrong type, each named with the shape expected."""
    out = [f"{where}: {key} is {terms[key]!r}: expected a mapping {shape}"
           for key, shape in SHAPES.items()
           if not isinstance(terms.get(key), dict) and not (key == "baseline"
                                                             and terms.get(key) is None)]
    target = terms.get("target")
    if out or not isinstance(target, dict):
        return out
    unit = terms.get("unit")
    if "total" in target and not _amount(target["total"]):
        out.append(f"{where}: target.total is {target['total']!r}: expected a positive number "
                   f"of {unit}")
    by_year = target.get("by_year")
    if by_year is not None and not isinstance(by_year, dict):
        out.append(f"{where}: target.by_year is {by_year!r}: expected a mapping year: amount")
    for y, v in (by_year if isinstance(by_year, dict) else {}).items():
        if not re.fullmatch(r"[0-9]{4}", str(y)) or not _amount(v):
            out.append(f"{where}: target.by_year {y!r}: {v!r} is not a year and a positive "
                       f"number of {unit}")
    return out


def _target(terms: dict, where: str, data_dir: Path | None) -> list[str]:
    target, out = terms["target"], []
    if target.get("kind", "level") not in KINDS:
        out.append(f"{where}: target.kind is {target.get('kind')!r}; valid: {', '.join(KINDS)}")
    if target.get("kind") == "addition" and not terms.get("baseline"):
        out.append(f"{where}: target.kind addition needs a baseline year")
    try:
        years = by_year(terms, data_dir)
    except (OSError, KeyError, ValueError) as err:
        key = "target.table" if "table" in target else "target.by_year"
        return out + [f"{where}: {key} cannot be read: {err}"]
    total = target.get("total")
    if not years and total is None:
        out.append(f"{where}: target states neither by_year amounts nor a total")
    first, last = window(terms)
    outside = [y for y in years if not int(first[:4]) <= y <= int(last[:4])]
    if outside:
        out.append(f"{where}: target.by_year has years {outside} outside the window "
                   f"{first} to {last}")
    without = [y for y in range(int(first[:4]), int(last[:4]) + 1) if years and y not in years]
    if without:
        out.append(f"{where}: target.by_year has no target for {without} in the window {first} "
                   f"to {last}: state one for every year of the window, or only a total")
    if any(v <= 0 for v in years.values()):
        out.append(f"{where}: target.table has targets that are not positive: {years}")
    if years and total is not None and abs(sum(years.values()) - float(total)) > SLACK:
        out.append(f"{where}: the targets by year add up to {sum(years.values()):g}, not the "
                   f"stated total {float(total):g}")
    return out


# The other measures' tables, the column their months are read from, and the unit they count.
MEASURE_TABLES = {"phase_one_covered_goods": ("covered_goods_monthly", "month", "US$ billions"),
                  "usda_soybean_sales": ("soybean_export_sales", "week_ending",
                                         "million tonnes")}


@cache
def _months_held(where: Path, column: str, stamp: float) -> tuple[str, str]:
    with where.open(newline="", encoding="utf-8-sig") as f:
        found = [row[column][:7] for row in csv.DictReader(f)]
    return min(found), max(found)


@cache
def _buyers(where: Path, stamp: float) -> tuple[str, ...]:
    with where.open(newline="", encoding="utf-8-sig") as f:
        return tuple(sorted({row["buyer"] for row in csv.DictReader(f)}))


def _measured(terms: dict, measure: str, where: str, data_dir: Path | None) -> list[str]:
    """What the measure reads of the file exists: the Phase One sectors with monthly data;
    the partner among USDA's buyers."""
    if measure == "phase_one_covered_goods":
        sectors = terms["measured_by"].get("sectors")
        if not isinstance(sectors, list) or not sectors or any(
                s not in GOODS_SECTORS for s in sectors):
            return [f"{where}: measured_by.sectors is {sectors!r}: expected a list of "
                    f"{', '.join(GOODS_SECTORS)} (sectors with monthly data; "
                    f"{', '.join(s for s in SECTORS if s not in GOODS_SECTORS)} are "
                    f"published by the year only)"]
        return []
    path = Path(data_dir or config.DATA) / "soybean_export_sales.csv"
    buyers = _buyers(path, path.stat().st_mtime)
    if str(terms["partner"]).lower() not in buyers:
        return [f"{where}: partner {terms['partner']!r} is not a USDA buyer in "
                f"soybean_export_sales.csv; buyers: {', '.join(buyers)}"]
    return []


def _baseline(terms: dict, where: str, lo: str, hi: str, held: str) -> list[str]:
    """The baseline year, when the file has one, is a full year inside the data held."""
    year = (terms.get("baseline") or {}).get("year")
    if year is None or (lo <= f"{year}-01" and f"{year}-12" <= hi):
        return []
    return [f"{where}: baseline.year {year} has no full year of data: {held} holds {lo} to {hi}"]


def _measure_table(terms: dict, measure: str, where: str, data_dir: Path | None) -> list[str]:
    """The window has data in the measure's table, which counts the file's unit."""
    table, column, unit = MEASURE_TABLES[measure]
    out = [] if terms["unit"] == unit else [
        f"{where}: measured_by.data {measure} counts {unit}, not {terms['unit']}"]
    out += _measured(terms, measure, where, data_dir)
    path = Path(data_dir or config.DATA) / f"{table}.csv"
    lo, hi = _months_held(path, column, path.stat().st_mtime)
    out += _baseline(terms, where, lo, hi, f"{table}.csv")
    first, last = window(terms)
    if hi < first or lo > last:
        out.append(f"{where}: the window {first} to {last} has no data: {table}.csv holds "
                   f"{lo} to {hi}")
    elif lo > first:
        out.append(f"{where}: the window starts in {first}, before {table}.csv's data "
                   f"({lo} to {hi}): start it in {lo} or later")
    return out


def _data(terms: dict, where: str, data_dir: Path | None) -> list[str]:
    measure = (terms.get("measured_by") or {}).get("data")
    if measure not in COMMITMENT_MEASURES:
        return [f"{where}: measured_by.data is {measure!r}; valid: "
                f"{', '.join(COMMITMENT_MEASURES)}"]
    if measure != "census_partner_chapters":
        return _measure_table(terms, measure, where, data_dir)
    if terms["unit"] != "US$ billions":
        return [f"{where}: measured_by.data {measure} counts US$ billions, not "
                f"{terms['unit']}"]
    cover = coverage(data_dir)
    partner = str(terms["partner"])
    known = sorted({p for p, _ in cover})
    if partner not in known:
        return [f"{where}: partner {partner!r} is not a Census partner in {PARTNER_TABLE}.csv; "
                f"partners: {', '.join(known)}"]
    first, last = window(terms)
    out = []
    for chapter in chapters(terms):
        span = cover.get((partner, chapter))
        if span is None:
            out.append(f"{where}: {PARTNER_TABLE}.csv has no chapter {chapter} for {partner}: "
                       f"rebuild the derived tables (python -m phaseone.data.derive) so "
                       f"that they include it")
        elif span[1] < first or span[0] > last:
            out.append(f"{where}: the window {first} to {last} has no data: {PARTNER_TABLE}"
                       f".csv holds {partner} chapter {chapter} from {span[0]} to {span[1]}")
        elif span[0] > first:
            out.append(f"{where}: the window starts in {first}, before {PARTNER_TABLE}.csv's "
                       f"data for {partner} chapter {chapter} ({span[0]} to {span[1]}): start "
                       f"it in {span[0]} or later")
        if span is not None:
            out += _baseline(terms, where, *span, f"{PARTNER_TABLE}.csv's {partner} chapter "
                             f"{chapter}")
    if not terms["products"].get("chapters"):
        out.append(f"{where}: products.chapters is empty: name the HS chapters that measure "
                   f"the commitment")
    return out


REQUIRED = ("title", "partner", "buyer", "products", "unit", "window", "target", "measured_by",
            "sources")


def problems(name: str, data_dir: Path | None = None) -> list[str]:
    """Every problem with commitment file `name` (empty when the engine can build it)."""
    try:
        terms = read(name, data_dir)
    except TermsError as err:
        return [str(err)]
    where = str(path(name, data_dir))
    missing = [k for k in REQUIRED if k not in terms]
    if missing:
        return [f"{where}: missing {', '.join(missing)} (required: {', '.join(REQUIRED)})"]
    out = _shapes(terms, where)
    if out:
        return out
    if terms["unit"] not in COMMITMENT_UNITS:
        out.append(f"{where}: unit is {terms['unit']!r}; valid: {', '.join(COMMITMENT_UNITS)}")
    first, last = (str(v) for v in (terms["window"].get("start"), terms["window"].get("end")))
    if not (MONTH.fullmatch(first) and MONTH.fullmatch(last)) or first > last:
        return out + [f"{where}: window needs start and end months (YYYY-MM, start first), "
                      f"got {first} to {last}"]
    baseline = terms.get("baseline")
    if baseline and not re.fullmatch(r"[0-9]{4}", str(baseline.get("year"))):
        out.append(f"{where}: baseline.year is {baseline.get('year')!r}, not a year")
    return out + _sources(terms, where) + _products(terms, where, data_dir) + _target(
        terms, where, data_dir) + _data(terms, where, data_dir)
