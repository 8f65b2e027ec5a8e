"""US Census Bureau international trade API: US exports to China by HS code and month.

Endpoint `https://api.census.gov/data/timeseries/intltrade/exports/hs`. The answer is a
JSON array of rows whose first row names the columns (`get` variables first, then the
predicates `time`, `COMM_LVL`, `CTY_CODE`), every value a string; HTTP 204 means no data
(a month not yet released). `ALL_VAL_MO` is total exports (domestic and foreign) in US$,
`QTY_1_MO` the quantity in unit `UNIT_QY1`. A key (`CENSUS_API_KEY`) is required: the Census
Bureau's APIs refuse requests without one since 2026-05-12 (`KEY_REQUIRED`).
"""

from __future__ import annotations

import os

import pandas as pd
import requests

from phaseone.sources import SourceError
from phaseone.sources.http import Pace, get, json_body, public_url

URL = "https://api.census.gov/data/timeseries/intltrade/exports/hs"
CHINA = "5700"
SOURCE = "Census"
SIGNUP = "https://api.census.gov/data/key_signup.html"
KEY_REQUIRED = ("the Census Bureau's APIs require a key for every request since 2026-05-12, as "
                "the release notes of the censusapi 0.10.0 and getcensus 3.0.0 clients report")
# HS2 asks for values only (quantities do not add up across a chapter); HS6/HS10 both.
FIELDS = {
    "HS2": ["CTY_NAME", "E_COMMODITY", "E_COMMODITY_SDESC", "ALL_VAL_MO"],
    "HS6": ["CTY_NAME", "E_COMMODITY", "ALL_VAL_MO", "QTY_1_MO", "UNIT_QY1"],
    "HS10": ["CTY_NAME", "E_COMMODITY", "ALL_VAL_MO", "QTY_1_MO", "UNIT_QY1"],
}


def months(start: str, end: str) -> list[str]:
    """The months `start`..`end` ("YYYY-MM"), inclusive."""
    try:
        span = pd.period_range(pd.Period(start, "M"), pd.Period(end, "M"), freq="M")
    except ValueError as err:
        raise SourceError(f"{SOURCE}: bad month range {start!r}..{end!r} ({err}); "
                          "expected YYYY-MM") from None
    return [str(p) for p in span]


def query(level: str, month: str, country: str = CHINA) -> dict:
    """API parameters for one month of exports at `level` (HS2, HS6 or HS10) to `country`."""
    if level not in FIELDS:
        raise SourceError(f"{SOURCE}: unknown level {level!r}; valid: {', '.join(FIELDS)}")
    return {"get": ",".join(FIELDS[level]), "COMM_LVL": level, "CTY_CODE": country,
            "time": month}


def source_url(level: str, first: str, last: str, country: str = CHINA) -> str:
    """One URL (no key) for the months `first`..`last`: what the manifest records."""
    params = query(level, first, country) | {"time": f"from {first} to {last}"}
    return public_url(URL, params)


def exports(level: str, start: str, end: str, *, country: str = CHINA,
            session: requests.Session | None = None, key: str | None = None) -> pd.DataFrame:
    """US exports to `country` by HS code at `level` for each month `start`..`end`.

    One request a month; the first month without data (HTTP 204) ends the run, so `end`
    may lie in the future. Returns the tidy frame (see `tidy`), empty if nothing is out.
    """
    from phaseone.sources.http import session as new_session

    s = session or new_session()
    key = key or os.environ.get("CENSUS_API_KEY")
    if not key:
        raise SourceError(f"{SOURCE}: CENSUS_API_KEY is not set ({KEY_REQUIRED}); request a "
                          f"free key at {SIGNUP} and export CENSUS_API_KEY=...")
    pace = Pace(0.2)
    frames = []
    for month in months(start, end):
        params = query(level, month, country) | {"key": key}
        r = get(s, SOURCE, URL, params, pace=pace)
        if r is None:
            break
        frames.append(tidy(parse(json_body(r, SOURCE), level, public_url(URL, params)), level))
    if not frames:
        return tidy(pd.DataFrame(columns=[*FIELDS[level], "time", "COMM_LVL", "CTY_CODE"]),
                    level)
    return pd.concat(frames, ignore_index=True)


def parse(body, level: str, url: str) -> pd.DataFrame:
    """The API's array of rows as a frame of strings; SourceError naming `url` if malformed."""
    needed = [*FIELDS[level], "time", "CTY_CODE"]
    if (not isinstance(body, list) or not body or not all(isinstance(r, list) for r in body)
            or any(len(r) != len(body[0]) for r in body)):
        raise SourceError(f"{SOURCE}: malformed answer from {url}: expected a JSON array of "
                          "equal-length rows with a header row")
    frame = pd.DataFrame(body[1:], columns=body[0], dtype=object)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise SourceError(f"{SOURCE}: answer from {url} lacks column(s) {', '.join(missing)}; "
                          f"it has: {', '.join(frame.columns)}")
    return frame


def tidy(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """Typed API columns plus the columns the derivation reads.

    API columns keep their names (`ALL_VAL_MO`, `QTY_1_MO` as float US$ / units, `time` as
    a month-start timestamp). Added: HS2 `exports` (US$, as in the 33-partner HS2 file);
    HS6/HS10 `china_exports`, `china_exports_quant`, `quant_type`, `hs4`, `hs6` (and `hs10`),
    with `time` in UTC, as in the HS6 extract.
    """
    out = frame.copy()
    for col in ("ALL_VAL_MO", "QTY_1_MO"):
        if col in out:
            out[col] = _numbers(out[col], col)
    code = out["E_COMMODITY"]
    if level == "HS2":
        out["time"] = pd.to_datetime(out["time"], format="%Y-%m")
        out["exports"] = out["ALL_VAL_MO"]
        return out
    out["time"] = pd.to_datetime(out["time"], format="%Y-%m", utc=True)
    out = out.assign(china_exports=out["ALL_VAL_MO"], china_exports_quant=out["QTY_1_MO"],
                     quant_type=out["UNIT_QY1"], hs4=code.str[:4],
                     hs6=code.str[:6])
    if level == "HS10":
        out["hs10"] = code
    return out


def _numbers(values: pd.Series, column: str) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna() & values.notna()
    if bad.any():
        raise SourceError(f"{SOURCE}: column {column} holds non-numbers, e.g. "
                          f"{values[bad].iloc[0]!r} (row {bad.idxmax() + 1})")
    return numbers.astype("float64")
