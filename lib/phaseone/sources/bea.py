"""BEA international services (dataset IntlServTrade): US services exports to China by year.

`https://apps.bea.gov/api/data/?UserID=KEY&method=GetData&DataSetName=IntlServTrade&...`
answers `{"BEAAPI": {"Request": ..., "Results": {"Data": [rows], "Dimensions": ...}}}`,
or an `Error` node (under `BEAAPI` or `Results`) with `APIErrorCode`/`APIErrorDescription`.
Rows hold TypeOfService, TradeDirection, Affiliation, AreaOrCountry, TimePeriod,
TimeSeriesId, TimeSeriesDescription, CL_UNIT (USD), UNIT_MULT (6: millions), DataValue
(a string, commas possible; "(D)" suppressed, "n.a." not available) and NoteRef.
A free 36-character key (`BEA_API_KEY`) is required; BEA allows 100 requests a minute.
"""

from __future__ import annotations

import os

import pandas as pd
import requests

from phaseone.sources import SourceError
from phaseone.sources.http import Pace, get, json_body, public_url

URL = "https://apps.bea.gov/api/data/"
SOURCE = "BEA"
SIGNUP = "https://apps.bea.gov/API/signup/"
COLUMNS = ["TypeOfService", "TradeDirection", "Affiliation", "AreaOrCountry", "TimePeriod",
           "TimeSeriesId", "TimeSeriesDescription", "CL_UNIT", "UNIT_MULT", "DataValue",
           "NoteRef"]


def api_key(key: str | None = None) -> str:
    """The BEA key: `key` or the environment's BEA_API_KEY; SourceError when there is none."""
    key = key or os.environ.get("BEA_API_KEY")
    if not key:
        raise SourceError(f"{SOURCE}: BEA_API_KEY is not set; register for a free key at "
                          f"{SIGNUP} and export BEA_API_KEY=...")
    return key


def query(area: str = "China", year: str = "ALL") -> dict:
    """GetData parameters (without the key) for total services exports to `area`."""
    return {"method": "GetData", "DataSetName": "IntlServTrade",
            "TypeOfService": "AllServiceTypes", "TradeDirection": "Exports",
            "Affiliation": "AllAffiliations", "AreaOrCountry": area, "Year": year,
            "ResultFormat": "JSON"}


def source_url(area: str = "China") -> str:
    return public_url(URL, query(area))


def services_exports(area: str = "China", *, session: requests.Session | None = None,
                     key: str | None = None) -> pd.DataFrame:
    """US exports of all services to `area` by year: BEA's columns (DataValue in US$
    millions, NaN where suppressed) plus `year` (int) and `value_usd` (US$)."""
    from phaseone.sources.http import session as new_session

    params = {"UserID": api_key(key)} | query(area)
    r = get(session or new_session(), SOURCE, URL, params, pace=Pace(0.6))
    if r is None:
        raise SourceError(f"{SOURCE}: empty answer (HTTP 204) from {public_url(URL, params)}")
    return tidy(rows(json_body(r, SOURCE), public_url(URL, params)))


def rows(body, url: str) -> pd.DataFrame:
    """The `Data` rows of a GetData answer; SourceError with BEA's own message on an error."""
    api = body.get("BEAAPI") if isinstance(body, dict) else None
    if not isinstance(api, dict):
        raise SourceError(f"{SOURCE}: malformed answer from {url}: no BEAAPI object")
    results = api.get("Results")
    results = results[0] if isinstance(results, list) and len(results) == 1 else results
    error = api.get("Error") or (results.get("Error") if isinstance(results, dict) else None)
    if error:
        error = error[0] if isinstance(error, list) else error
        raise SourceError(f"{SOURCE}: the API refused {url}: "
                          f"{error.get('APIErrorDescription', error)} "
                          f"(code {error.get('APIErrorCode', '?')})")
    data = results.get("Data") if isinstance(results, dict) else None
    if not isinstance(data, list):
        raise SourceError(f"{SOURCE}: malformed answer from {url}: no Results.Data list")
    frame = pd.DataFrame(data)
    missing = [c for c in ("TimePeriod", "DataValue", "UNIT_MULT") if c not in frame.columns]
    if missing:
        raise SourceError(f"{SOURCE}: answer from {url} lacks column(s) {', '.join(missing)}")
    return frame


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed rows sorted by year; `value_usd` = DataValue x 10^UNIT_MULT."""
    out = frame.reindex(columns=[c for c in COLUMNS if c in frame.columns] or COLUMNS)
    value = pd.to_numeric(out["DataValue"].astype(str).str.replace(",", ""), errors="coerce")
    year = pd.to_numeric(out["TimePeriod"], errors="coerce")
    if year.isna().any():
        raise SourceError(f"{SOURCE}: TimePeriod {out['TimePeriod'][year.isna()].iloc[0]!r} "
                          "is not a year")
    out = out.assign(DataValue=value, year=year.astype(int),
                     value_usd=value * 10.0 ** pd.to_numeric(out["UNIT_MULT"]))
    return out.sort_values("year", ignore_index=True)
