"""Load the curated tables in `data/`, validated against `data/datapackage.json`.

Each file's bytes are checked against the sha256 hash recorded in the data package (once per
table and process): a file changed by hand is refused until `phaseone data accept` validates it
and records its new hash. Each table is then checked with a pandera schema built from its
Frictionless field list (types, required, enum, minimum/maximum, pattern as a full match,
primary key; every number finite, no blank around a number), then for completeness: a table has
rows, and holds every key its `phaseone:complete` property names (see `incomplete`). A problem
raises `DataError` naming the file, column and CSV line, or the missing keys.
"""

import io
import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from phaseone import config
from phaseone.data import package as datapackage
from phaseone.data.package import DataError

DTYPES = {"string": str, "integer": "int64", "number": "float64"}
COMPLETE = "phaseone:complete"  # the table-level property naming the keys a table must hold
_FINITE = pa.Check(lambda s: s.isna() | np.isfinite(s), name="finite", error="finite")
_SHOWN = 12  # missing keys listed in a message

__all__ = ["COMPLETE", "DataError", "check", "incomplete", "load", "read_csv", "schema",
           "validate"]


def _fullmatch(pattern: str) -> pa.Check:
    """A pattern the whole cell must match (`re.fullmatch`: no `$` before a final newline)."""
    compiled = re.compile(pattern)
    return pa.Check(lambda s: s.isna() | s.map(lambda v: bool(compiled.fullmatch(str(v)))),
                    name=f"str_matches('{pattern}')", error=f"str_matches('{pattern}')")


def _checks(field_type: str, constraints: dict) -> list[pa.Check]:
    checks = [_FINITE] if field_type == "number" else []
    if "enum" in constraints:
        checks.append(pa.Check.isin(constraints["enum"]))
    if "minimum" in constraints:
        checks.append(pa.Check.ge(constraints["minimum"]))
    if "maximum" in constraints:
        checks.append(pa.Check.le(constraints["maximum"]))
    if "pattern" in constraints:
        checks.append(_fullmatch(constraints["pattern"]))
    return checks


def _descriptor(name: str, data_dir: Path) -> dict:
    """Table `name`'s schema descriptor; DataError names what is malformed in it."""
    where = f"{Path(data_dir) / 'datapackage.json'}, table {name!r}"
    desc = datapackage.resource(name, data_dir).get("schema")
    fields = desc.get("fields") if isinstance(desc, dict) else None
    if not isinstance(fields, list) or not fields or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
        raise DataError(f"{where}: expected a 'schema' whose 'fields' list names each column")
    names = [f["name"] for f in fields]
    for f in fields:
        if f.get("type") not in DTYPES:
            raise DataError(f"{where}: field {f['name']!r} has type {f.get('type')!r}; "
                            f"expected one of {', '.join(DTYPES)}")
        pattern = f.get("constraints", {}).get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except (re.error, TypeError) as exc:
                raise DataError(f"{where}: field {f['name']!r} has an invalid pattern "
                                f"{pattern!r}: {exc}") from None
    key = desc.get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    unknown = [k for k in key if k not in names]
    if unknown:
        raise DataError(f"{where}: primaryKey names no column {', '.join(map(repr, unknown))}; "
                        f"the columns are {', '.join(names)}")
    _complete_spec(datapackage.resource(name, data_dir), names, where)
    return desc


def schema(name: str, data_dir: Path = config.DATA) -> pa.DataFrameSchema:
    """The pandera schema of a table, from its descriptor in the data package."""
    desc = _descriptor(name, data_dir)
    columns = {
        f["name"]: pa.Column(DTYPES[f["type"]], checks=_checks(f["type"], f.get("constraints", {})),
                             nullable=not f.get("constraints", {}).get("required"), coerce=True)
        for f in desc["fields"]
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=True, unique=desc.get("primaryKey"),
                              name=name)


def _describe(failures: pd.DataFrame, path: Path) -> str:
    lines = []
    for row in failures.itertuples():
        where = f"column {row.column!r}" if row.column else "the header"
        if row.index is not None and not pd.isna(row.index):
            where += f", line {int(row.index) + 2}"  # +1 header, +1 one-based
        what = {"column_in_dataframe": f"missing column {row.failure_case!r}",
                "column_in_schema": f"unexpected column {row.failure_case!r}",
                "column_ordered": f"column {row.failure_case!r} out of order",
                "multiple_fields_uniqueness": f"duplicated key value {row.failure_case!r}",
                }.get(row.check, f"value {row.failure_case!r} fails {row.check}")
        if row.check in ("column_in_dataframe", "column_in_schema", "column_ordered"):
            where = "the header"
        lines.append(f"  {path.name}: {where}: {what}")
    unique = list(dict.fromkeys(lines))
    return f"{path} does not match its schema in datapackage.json:\n" + "\n".join(unique[:20])


def _header(frame: pd.DataFrame, fields: list[dict], path: Path) -> None:
    """Refuse a header that is not the schema's columns in order, naming only the header."""
    names, header = [f["name"] for f in fields], [str(c) for c in frame.columns]
    if header == names:
        return
    missing = [n for n in names if n not in header]
    unexpected = [c for c in header if c not in names]
    lines = []
    for n in missing:
        renamed = ""
        if len(missing) == len(unexpected) and names.index(n) < len(header) \
                and header[names.index(n)] in unexpected:
            renamed = f" (column {names.index(n) + 1} is {header[names.index(n)]!r}: renamed?)"
        lines.append(f"  {path.name}: the header: missing column {n!r}{renamed}")
    lines += [f"  {path.name}: the header: unexpected column {c!r}" for c in unexpected]
    if not lines:
        wrong = next(c for c, n in zip(header, names, strict=True) if c != n)
        lines.append(f"  {path.name}: the header: column {wrong!r} out of order")
    lines.append(f"  {path.name}: expected the header {','.join(names)}")
    raise DataError(f"{path} does not match its schema in datapackage.json:\n"
                    + "\n".join(lines))


def _blank_numbers(frame: pd.DataFrame, fields: list[dict], path: Path) -> None:
    """Refuse number cells with a blank or line break around them (`"2020\\n"`)."""
    lines = []
    for f in fields:
        if f["type"] == "string" or f["name"] not in frame:
            continue
        cells = frame[f["name"]].dropna()
        blank = cells.map(lambda v: isinstance(v, str) and v != v.strip())
        for index, cell in cells[blank.astype(bool)].items():
            lines.append(f"  {path.name}: column {f['name']!r}, line {int(index) + 2}: "
                         f"value {cell!r} has a blank or line break around the number")
    if lines:
        raise DataError(f"{path} does not match its schema in datapackage.json:\n"
                        + "\n".join(lines[:20]))


def validate(name: str, frame: pd.DataFrame, data_dir: Path = config.DATA) -> pd.DataFrame:
    """Check `frame` against table `name`'s schema and completeness; return it with schema
    types."""
    res = datapackage.resource(name, data_dir)
    path = data_dir / res["path"]
    fields = _descriptor(name, data_dir)["fields"]
    _header(frame, fields, path)
    if frame.empty:
        raise DataError(f"{path} has only its header, no rows (expected the keys "
                        f"{_what(res)})")
    _blank_numbers(frame, fields, path)
    try:
        typed = schema(name, data_dir).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DataError(_describe(err.failure_cases, path)) from None
    problem = incomplete(res, typed)
    if problem:
        raise DataError(f"{path} is incomplete: {problem}")
    return typed


# ----------------------------------------------------------------------------- completeness
#
# A resource's "phaseone:complete" object states what the table must hold:
#   "description": the rule in words (shown in messages);
#   "keys": a list of blocks, each {column: [values] or "enum"}: every combination of one
#           block's values must be a row (extra rows are allowed when the schema allows them);
#   "series": {"field": column, "from": first period, "through": last period at least,
#              "by": [columns]}: the field's periods (years as integers, months as "YYYY-MM")
#           run without a gap from "from" to the table's last period, which is "through" or
#           later, for every combination of the "by" columns found from "from" on.
#           Periods before "from" are allowed (a benchmark year) and not required.


def _what(res: dict) -> str:
    spec = res.get(COMPLETE) or {}
    return spec.get("description", "of its schema") if isinstance(spec, dict) else "?"


def _complete_spec(res: dict, names: list[str], where: str) -> None:
    spec = res.get(COMPLETE)
    if spec is None:
        return
    problem = None
    if not isinstance(spec, dict):
        problem = "must be an object"
    else:
        blocks = spec.get("keys", [])
        series = spec.get("series")
        if not isinstance(blocks, list) or not all(
                isinstance(b, dict) and b and all(c in names and (v == "enum" or (
                    isinstance(v, list) and v)) for c, v in b.items()) for b in blocks):
            problem = ("'keys' must be a list of {column: [values] or \"enum\"} objects "
                       "naming columns of the table")
        elif series is not None and not (
                isinstance(series, dict) and series.get("field") in names
                and isinstance(series.get("from"), (int, str))
                and type(series.get("through", series.get("from"))) is type(series["from"])
                and all(c in names for c in series.get("by", []))):
            problem = ("'series' must give a 'field' of the table, 'from' and 'through' periods "
                       "(years or YYYY-MM months) and 'by' columns of the table")
    if problem:
        raise DataError(f"{where}: {COMPLETE} {problem}")


def _periods(first, last) -> list:
    """Years first..last, or months 'YYYY-MM' first..last."""
    if isinstance(first, int):
        return list(range(first, last + 1))
    return list(pd.period_range(first, last, freq="M").strftime("%Y-%m"))


def _key_text(columns: list[str], values: tuple) -> str:
    return ", ".join(f"{c} {v!r}" if isinstance(v, str) else f"{c} {v}"
                     for c, v in zip(columns, values, strict=True))


def incomplete(res: dict, frame: pd.DataFrame) -> str | None:
    """Why a typed table does not hold what its `phaseone:complete` property names, or None."""
    spec = res.get(COMPLETE)
    if not spec:
        return None
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    missing: list[str] = []
    for block in spec.get("keys", []):
        columns = list(block)
        values = [fields[c].get("constraints", {}).get("enum", []) if v == "enum" else v
                  for c, v in block.items()]
        want = pd.MultiIndex.from_product(values, names=columns)
        have = set(frame[columns].itertuples(index=False, name=None))
        missing += [_key_text(columns, k) for k in want if k not in have]
    series = spec.get("series")
    if series:
        field, first = series["field"], series["from"]
        through, by = series.get("through", first), list(series.get("by", []))
        later = frame[frame[field] >= first]
        last = later[field].max() if len(later) else None
        if last is None or last < through:
            return (f"{_what(res)}; its {field}s from {first} end "
                    f"{'nowhere' if last is None else f'at {last}'}, expected through "
                    f"{through} at least (datapackage.json, {COMPLETE})")
        periods = _periods(first, last)
        groups = sorted(set(later[by].itertuples(index=False, name=None))) if by else [()]
        have = set(later[[*by, field]].itertuples(index=False, name=None))
        missing += [_key_text([*by, field], (*g, p)) for g in groups for p in periods
                    if (*g, p) not in have]
    if not missing:
        return None
    shown = "; ".join(missing[:_SHOWN])
    more = f" (and {len(missing) - _SHOWN} more)" if len(missing) > _SHOWN else ""
    return f"{_what(res)}; missing {shown}{more} (datapackage.json, {COMPLETE})"


def read_csv(path: Path, content: bytes | None = None) -> pd.DataFrame:
    """A data file's cells as strings; DataError names the file (and line) it cannot parse."""
    if content is None:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not content.strip():
        raise DataError(f"{path} is empty (expected a CSV header and rows)")
    try:
        text = content.decode("utf-8-sig")  # with or without a byte-order mark (Excel)
        # header=None: a row longer than the header is an error, not an index column
        cells = pd.read_csv(io.StringIO(text), dtype=str, header=None, keep_default_na=False,
                            na_values=[""])
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not UTF-8 text (byte {exc.start})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path} cannot be parsed as CSV: {str(exc).strip()}") from None
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = [str(c) for c in cells.iloc[0]]
    return frame


def _table(name: str, data_dir: Path, verify: bool) -> pd.DataFrame:
    res = datapackage.resource(name, data_dir)
    path = data_dir / res["path"]
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path} is missing (listed in datapackage.json as table {name!r})") \
            from None
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    if verify and res.get("hash") != f"sha256:{datapackage.sha256_bytes(content)}":
        raise DataError(datapackage.mismatch_message(path, data_dir))
    return validate(name, read_csv(path, content), data_dir)


@cache
def _load(name: str, data_dir: Path) -> pd.DataFrame:
    return _table(name, data_dir, verify=True)


def load(name: str, data_dir: Path | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Table `name` as a validated DataFrame (a fresh copy; values in US$ bn).

    `data_dir` defaults to `config.DATA` (the `PHASEONE_DATA` environment variable, else the
    project's data/ folder). `verify=False` reads the file as it is now, without the hash
    check or the cache: for the derivation, whose inputs an analyst edits (the product list,
    the raw manifest) and which records the new hashes itself.
    """
    data_dir = Path(data_dir if data_dir is not None else config.DATA).resolve()
    return _load(name, data_dir).copy() if verify else _table(name, data_dir, verify=False)


def check(data_dir: Path | None = None) -> None:
    """Validate every table's content against its schema, whatever the recorded hashes say;
    refuse a CSV file in the folder that datapackage.json does not list."""
    data_dir = Path(data_dir if data_dir is not None else config.DATA)
    resources = datapackage.read(data_dir)["resources"]
    listed = {Path(r["path"]).name for r in resources}
    unlisted = sorted(p.name for p in data_dir.glob("*.csv") if p.name not in listed)
    if unlisted:
        raise DataError(f"{data_dir / 'datapackage.json'} does not list "
                        f"{', '.join(unlisted)}: add a resource for it (name, path, schema) "
                        "or move the file out of the data folder")
    for res in resources:
        _table(res["name"], data_dir, verify=False)
