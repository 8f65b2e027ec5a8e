"""Clients for the official sources behind the goods and services tables.

Each client is one function returning the tidy raw frame the derivation reads:

- `census.exports`: US Census Bureau international trade API, US exports to China by
  HS2, HS6 or HS10 and month (values in US$, quantities in the API's first unit);
- `bea.services_exports`: BEA international services (IntlServTrade), US services exports
  to China by year (US$);
- `comtrade.annual`: UN Comtrade annual HS6 trade between two reporters (US$).

`phaseone fetch` (module `phaseone.sources.fetch`) uses them to add what is new to the raw
folder. Every failure (no network, missing key, bad answer) is a `SourceError`.
"""


class SourceError(RuntimeError):
    """A source could not be reached or answered something unusable; the message says which."""
