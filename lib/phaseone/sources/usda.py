"""USDA FAS OpenData, Export Sales Reporting (ESR): weekly US export sales by commodity,
country and marketing year.

`GET https://apps.fas.usda.gov/OpenData/api/esr/exports/commodityCode/{commodity}/allCountries/
marketYear/{year}` with the key in the `API_KEY` header answers a JSON array of rows, one per
country and week: commodityCode, countryCode, weekEndingDate (ISO timestamp), weeklyExports,
accumulatedExports, outstandingSales, grossNewSales, currentMYNetSales,
currentMYTotalCommitment, nextMYOutstandingSales, nextMYNetSales, unitId; quantities in metric
tons. `marketYear` is the year a marketing year ends in (2026 for soybeans' 2025/26,
September-August). A free key (`FAS_API_KEY`) is required: a request without one is refused.

`weekly` turns the rows into the project's raw ESR file format (thousand metric tons, all
buyers, China and the rest, one row per week), which the derivation reads.
"""

from __future__ import annotations

import os

import pandas as pd
import requests

from phaseone.sources import SourceError
from phaseone.sources.http import Pace, get, json_body

BASE = "https://apps.fas.usda.gov/OpenData/api/esr"
SOURCE = "USDA FAS"
SIGNUP = "https://apps.fas.usda.gov/opendataweb/home"
KEY = "FAS_API_KEY"
SOYBEANS, CHINA = 801, 5700
ROW_FIELDS = ("countryCode", "weekEndingDate", "weeklyExports", "accumulatedExports",
              "currentMYNetSales", "currentMYTotalCommitment")
# The raw ESR file's columns (data/raw_manifest.csv, dataset usda_esr_weekly), in order.
COLUMNS = ["my_label", "my_code", "week_index", "week_ending", "net_sales_kt", "commitment_kt",
           "shipment_kt", "cum_shipment_kt", "china_net_kt", "china_commit_kt", "china_ship_kt",
           "china_cum_ship_kt", "noncn_net_kt", "noncn_commit_kt", "noncn_ship_kt",
           "noncn_cum_ship_kt", "progress_pct"]
MEASURES = {"net": "currentMYNetSales", "commit": "currentMYTotalCommitment",
            "ship": "weeklyExports", "cum_ship": "accumulatedExports"}


def api_key(key: str | None = None) -> str:
    """The FAS key: `key` or the environment's FAS_API_KEY; SourceError when there is none."""
    key = key or os.environ.get(KEY)
    if not key:
        raise SourceError(f"{SOURCE}: {KEY} is not set; request a free key at {SIGNUP} and "
                          f"export {KEY}=...")
    return key


def url(market_year: int, commodity: int = SOYBEANS) -> str:
    """The exports endpoint for all countries in the marketing year ending in `market_year`."""
    return f"{BASE}/exports/commodityCode/{commodity}/allCountries/marketYear/{market_year}"


def market_year(day: str) -> int:
    """The `marketYear` (the year it ends in) of the September-August year holding `day`."""
    d = pd.Timestamp(day)
    return d.year + (d.month >= 9)


def exports(market_year: int, commodity: int = SOYBEANS, *,
            session: requests.Session | None = None, key: str | None = None) -> pd.DataFrame:
    """ESR rows (metric tons) for every country and week of one marketing year; SourceError
    naming the URL when the answer is not a list of rows with ROW_FIELDS."""
    from phaseone.sources.http import session as new_session

    where = url(market_year, commodity)
    r = get(session or new_session(), SOURCE, where, {}, headers={"API_KEY": api_key(key)},
            pace=Pace(1.0))
    body = [] if r is None else json_body(r, SOURCE)
    if not isinstance(body, list) or not all(isinstance(row, dict) for row in body):
        raise SourceError(f"{SOURCE}: malformed answer from {where}: expected a JSON array of "
                          f"rows, got {type(body).__name__}")
    frame = pd.DataFrame(body, columns=list(ROW_FIELDS) if not body else None)
    missing = [c for c in ROW_FIELDS if c not in frame.columns]
    if missing:
        raise SourceError(f"{SOURCE}: answer from {where} lacks field(s) {', '.join(missing)}")
    for column in ROW_FIELDS[2:]:
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.isna().any():
            raise SourceError(f"{SOURCE}: {column} in {where} holds non-numbers, e.g. "
                              f"{frame[column][values.isna()].iloc[0]!r}")
        frame[column] = values
    return frame


def weekly(rows: pd.DataFrame, market_year: int, buyer: int = CHINA) -> pd.DataFrame:
    """One marketing year's rows as the raw ESR file's weeks: all buyers, `buyer` and the
    rest, thousand metric tons, weeks numbered from 1 (progress_pct left empty: it needs
    USDA's export forecast, which this endpoint does not give)."""
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = rows.assign(week_ending=pd.to_datetime(rows["weekEndingDate"]).dt.strftime(
        "%Y-%m-%d"), china=rows["countryCode"].astype(int).eq(buyer))
    every = rows.groupby("week_ending")[list(MEASURES.values())].sum()
    china = rows[rows["china"]].groupby("week_ending")[list(MEASURES.values())].sum()
    china = china.reindex(every.index, fill_value=0.0)
    out = pd.DataFrame({"my_label": f"{market_year - 1}/{str(market_year)[2:]}",
                        "my_code": market_year, "week_index": range(1, len(every) + 1),
                        "week_ending": every.index}, index=every.index)
    for short, field in MEASURES.items():
        out[_all(short)] = (every[field] / 1e3).round(3)
        out[f"china_{short}_kt"] = (china[field] / 1e3).round(3)
        out[f"noncn_{short}_kt"] = ((every[field] - china[field]) / 1e3).round(3)
    out["progress_pct"] = None
    return out[COLUMNS].reset_index(drop=True)


def _all(short: str) -> str:
    """The raw file's all-buyer column for a measure: net -> net_sales_kt, ..."""
    return {"net": "net_sales_kt", "commit": "commitment_kt", "ship": "shipment_kt",
            "cum_ship": "cum_shipment_kt"}[short]


def weeks(first: str, last: str, *, commodity: int = SOYBEANS,
          session: requests.Session | None = None, key: str | None = None) -> pd.DataFrame:
    """The weeks ending `first`..`last` (YYYY-MM-DD) in the raw ESR file's format, from every
    marketing year they touch (one request each); a week at a marketing year's turn has a
    row for each year. Empty when nothing is out yet."""
    key = api_key(key)
    frames = [weekly(exports(y, commodity, session=session, key=key), y)
              for y in range(market_year(first), market_year(last) + 1)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    return out[out["week_ending"].between(first, last)].reset_index(drop=True)
