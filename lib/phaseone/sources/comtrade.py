"""UN Comtrade API v1: annual HS6 trade between a reporter and a partner.

With a subscription key (`COMTRADE_API_KEY`, header `Ocp-Apim-Subscription-Key`):
`https://comtradeapi.un.org/data/v1/get/C/A/HS` (up to 250,000 rows a call); without:
the public preview `https://comtradeapi.un.org/public/v1/preview/C/A/HS` (500 rows a call,
too few for a year of HS6, which we report as an error rather than keep a cut-off year).
The answer is `{"elementType": ..., "count": n, "data": [records], "error": ...}`; records
use camelCase names (refYear, reporterCode, flowCode, cmdCode, aggrLevel, primaryValue...),
which we turn into the snake_case columns of the raw Comtrade files.
"""

from __future__ import annotations

import os
import re

import pandas as pd
import requests

from phaseone.sources import SourceError
from phaseone.sources.http import Pace, get, json_body, public_url

URL = "https://comtradeapi.un.org/data/v1/get/C/A/HS"
PREVIEW_URL = "https://comtradeapi.un.org/public/v1/preview/C/A/HS"
SOURCE = "UN Comtrade"
USA, CHINA = 842, 156
PREVIEW_ROWS, KEY_ROWS = 500, 250_000
# The raw Comtrade files' columns and types (see comtrade-us-china-hs-annual-*.parquet).
COLUMNS = {
    "freq_code": "object", "ref_period_id": "int32", "ref_year": "int32",
    "ref_month": "int32", "period": "object", "reporter_code": "int32",
    "reporter_iso": "object", "partner_code": "int32", "partner_iso": "object",
    "flow_code": "object", "flow_desc": "object", "classification_code": "object",
    "cmd_code": "object", "cmd_desc": "object", "aggr_level": "int32", "is_leaf": "bool",
    "qty_unit_abbr": "object", "qty": "float64", "net_wgt": "float64",
    "cifvalue": "float64", "fobvalue": "float64", "primary_value": "float64",
    "is_reported": "bool", "is_aggregate": "bool",
}


def query(year: int, reporter: int, partner: int, flow: str, max_rows: int) -> dict:
    """Parameters for one year of HS6 rows, totals over customs procedures and transport."""
    return {"reporterCode": reporter, "partnerCode": partner, "partner2Code": 0,
            "period": year, "flowCode": flow, "cmdCode": "AG6", "customsCode": "C00",
            "motCode": 0, "maxRecords": max_rows, "includeDesc": "true"}


def source_url(first: int, last: int, reporter: int, partner: int, flow: str,
               keyed: bool = True) -> str:
    years = ",".join(str(y) for y in range(first, last + 1))
    params = query(first, reporter, partner, flow, KEY_ROWS if keyed else PREVIEW_ROWS)
    return public_url(URL if keyed else PREVIEW_URL, params | {"period": years})


def annual(years: list[int], reporter: int = USA, partner: int = CHINA, flow: str = "X", *,
           session: requests.Session | None = None, key: str | None = None,
           max_rows: int | None = None) -> pd.DataFrame:
    """HS6 rows of `reporter`'s `flow` (X exports, M imports) with `partner`, one request a
    year; the first year without rows ends the run. Columns as in the raw Comtrade files."""
    from phaseone.sources.http import session as new_session

    s = session or new_session()
    key = key if key is not None else os.environ.get("COMTRADE_API_KEY") or None
    url, limit = (URL, KEY_ROWS) if key else (PREVIEW_URL, PREVIEW_ROWS)
    limit = max_rows or limit
    headers = {"Ocp-Apim-Subscription-Key": key} if key else None
    pace = Pace(1.0 if key else 2.0)
    frames = []
    for year in years:
        params = query(year, reporter, partner, flow, limit)
        r = get(s, SOURCE, url, params, headers=headers, pace=pace)
        records = [] if r is None else records_of(json_body(r, SOURCE), public_url(url, params))
        if not records:
            break
        if len(records) >= limit:
            raise SourceError(
                f"{SOURCE}: {year} came back cut at {limit} rows ({public_url(url, params)}); "
                + ("split the request" if key else
                   "the public preview is too small for a year of HS6: set COMTRADE_API_KEY "
                   "(free at https://comtradedeveloper.un.org)"))
        frames.append(tidy(pd.DataFrame(records)))
    return pd.concat(frames, ignore_index=True) if frames else tidy(pd.DataFrame())


def records_of(body, url: str) -> list[dict]:
    """The `data` records; SourceError with the API's own message when it sent an error."""
    if not isinstance(body, dict):
        raise SourceError(f"{SOURCE}: malformed answer from {url}: expected a JSON object")
    if body.get("error"):
        raise SourceError(f"{SOURCE}: the API refused {url}: {body['error']}")
    data = body.get("data")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise SourceError(f"{SOURCE}: malformed answer from {url}: no list of records "
                          f"under 'data' (keys: {', '.join(body)})")
    return data


def snake(name: str) -> str:
    """camelCase API name -> snake_case column (reporterISO -> reporter_iso)."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower()


def tidy(records: pd.DataFrame) -> pd.DataFrame:
    """API records -> the raw files' 24 columns and types; SourceError on a missing column."""
    frame = records.rename(columns=snake)
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COLUMNS.items()})
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise SourceError(f"{SOURCE}: records lack field(s) {', '.join(missing)}")
    try:
        return frame[list(COLUMNS)].astype(COLUMNS)
    except (TypeError, ValueError) as err:
        raise SourceError(f"{SOURCE}: records hold a value of the wrong type: {err}") from None
