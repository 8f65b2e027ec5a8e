"""Load the curated tables in `data/`, validated against `data/datapackage.json`.

Each table is checked with a pandera schema built from its Frictionless field list
(types, required, enum, minimum/maximum, pattern, primary key). A problem raises
`DataError` naming the file, column and CSV line.
"""

from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from phaseone import config, datapackage

DTYPES = {"string": str, "integer": "int64", "number": "float64"}


class DataError(ValueError):
    """A data file that does not match its schema."""


def _checks(constraints: dict) -> list[pa.Check]:
    checks = []
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
        f["name"]: pa.Column(DTYPES[f["type"]], checks=_checks(f.get("constraints", {})),
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
                "multiple_fields_uniqueness": f"duplicated key value {row.failure_case!r}",
                }.get(row.check, f"value {row.failure_case!r} fails {row.check}")
        if row.check == "column_in_dataframe":
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


@cache
def _load(name: str, data_dir: Path) -> pd.DataFrame:
    path = data_dir / datapackage.resource(name, data_dir)["path"]
    if not path.exists():
        raise DataError(f"{path} is missing (listed in datapackage.json as table {name!r})")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    return validate(name, frame, data_dir)


def load(name: str, data_dir: Path = config.DATA) -> pd.DataFrame:
    """Table `name` as a validated DataFrame (a fresh copy; values in US$ bn)."""
    return _load(name, Path(data_dir)).copy()
