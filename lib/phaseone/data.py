"""Load the curated tables in `data/`, validated against `data/datapackage.json`.

Each file's bytes are checked against the sha256 hash recorded in the data package (once per
table and process): a file changed by hand is refused until `phaseone data accept` validates it
and records its new hash. Each table is then checked with a pandera schema built from its
Frictionless field list (types, required, enum, minimum/maximum, pattern, primary key; every
number finite). A problem raises `DataError` naming the file, column and CSV line.
"""

import io
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from phaseone import config, datapackage
from phaseone.datapackage import DataError

DTYPES = {"string": str, "integer": "int64", "number": "float64"}
_FINITE = pa.Check(lambda s: s.isna() | np.isfinite(s), name="finite", error="finite")

__all__ = ["DataError", "check", "load", "read_csv", "schema", "validate"]


def _checks(field_type: str, constraints: dict) -> list[pa.Check]:
    checks = [_FINITE] if field_type == "number" else []
    if "enum" in constraints:
        checks.append(pa.Check.isin(constraints["enum"]))
    if "minimum" in constraints:
        checks.append(pa.Check.ge(constraints["minimum"]))
    if "maximum" in constraints:
        checks.append(pa.Check.le(constraints["maximum"]))
    if "pattern" in constraints:
        checks.append(pa.Check.str_matches(constraints["pattern"]))
    return checks


def schema(name: str, data_dir: Path = config.DATA) -> pa.DataFrameSchema:
    """The pandera schema of a table, from its descriptor in the data package."""
    desc = datapackage.resource(name, data_dir)["schema"]
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


def validate(name: str, frame: pd.DataFrame, data_dir: Path = config.DATA) -> pd.DataFrame:
    """Check `frame` against table `name`'s schema; return it with schema types."""
    path = data_dir / datapackage.resource(name, data_dir)["path"]
    try:
        return schema(name, data_dir).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DataError(_describe(err.failure_cases, path)) from None


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
        text = content.decode("utf-8")
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
    """Validate every table's content against its schema, whatever the recorded hashes say."""
    data_dir = Path(data_dir if data_dir is not None else config.DATA)
    for res in datapackage.read(data_dir)["resources"]:
        _table(res["name"], data_dir, verify=False)
