"""Clients for the official sources behind the goods and services tables.

Each client is one function returning the tidy raw frame the derivation reads:

- `census.exports`: US Census Bureau international trade API, US exports to China by
  HS2, HS6 or HS10 and month (values in US$, quantities in the API's first unit);
- `bea.services_exports`: BEA international services (IntlServTrade), US services exports
  to China by year (US$);
- `comtrade.annual`: UN Comtrade annual HS6 trade between two reporters (US$).
- `usda.weeks`: USDA FAS Export Sales Reporting, weekly soybean sales and exports to China
  and all buyers (metric tons, written as thousand tons in the raw ESR file's format).

`phaseone fetch` (module `phaseone.sources.fetch`) uses them to add what is new to the raw
folder. Every failure (no network, missing key, bad answer) is a `SourceError`. This module
stays light (no pandas, no HTTP) so that the `phaseone` command starts fast.
"""

from pathlib import Path

from phaseone import config

DEFAULT = ("census-hs6", "census-hs2", "bea-services", "comtrade-us", "comtrade-china",
           "usda-esr")


class SourceError(RuntimeError):
    """A source could not be reached or answered something unusable; the message says which."""


def add_fetch_parser(sub):
    """Add the `fetch` subcommand to the `phaseone` command's subparsers."""
    f = sub.add_parser("fetch", help="download new months from the official APIs into RAW",
                       description="Add what the official sources published since the last "
                       "period held to the raw folder, with a manifest row per file.")
    f.add_argument("--raw", type=Path, default=config.RAW, metavar="DIR",
                   help=f"raw data directory ({config.RAW}; PHASEONE_RAW)")
    f.add_argument("--source", action="append", metavar="NAME",
                   help=f"dataset to refresh, repeatable (default: {', '.join(DEFAULT)}; "
                        "also census-hs10)")
    f.add_argument("--from", dest="start", metavar="PERIOD",
                   help="first month (YYYY-MM) or year to fetch (default: after the last held)")
    f.add_argument("--to", dest="end", metavar="PERIOD",
                   help="last month or year to ask for (default: the current month / last year)")
    f.add_argument("--no-cache", action="store_true", help="do not use the HTTP cache")
    f.add_argument("--data", type=Path, default=config.DATA, metavar="DIR",
                   help="data folder whose raw_manifest.csv records the new files `make data` "
                        f"reads ({config.DATA})")
    f.set_defaults(func=_run_fetch)
    return f


def _run_fetch(args) -> int:
    from phaseone.sources.fetch import run

    return run(args)
