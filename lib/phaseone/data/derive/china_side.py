"""China's own statistics of its imports from the US: the 2024 HS6 detail classified by the
Annex 6.1 list, and China-reported totals by year. Values are US$ billions.

China reports imports CIF (cost, insurance and freight to China), the US exports FOB (free on
board at the US port), and China records goods by origin, so US goods that reach China through
Hong Kong count as imports from the US in China's data but as exports to Hong Kong in the
US's: the two sides differ for reasons these tables do not measure.
"""

from pathlib import Path

import pandas as pd

from phaseone.data import DataError
from phaseone.data.derive import raw
from phaseone.data.derive.products import classify, to_hs2017

WTO = ("WTO Tariff & Trade Data (ttd.wto.org), China's applied tariffs on US goods by HS6: "
       "import weights, China's 2024 imports from the USA (HS 2022)")
COMTRADE_CHINA = ("UN Comtrade, China's imports from the USA (reporter 156, partner 842), all "
                  "commodities, annual, as reported by China (CIF)")
IMPORTS_YEAR = 2024  # the year of the WTO file's import weights
AIRCRAFT = ("88", "8800")  # chapter 88, counted as the list's Census 8800 (civil aircraft)
NOT_COVERED = "not_covered"
BN = 1e9


def _read_csv(path: Path, columns: list[str], numeric: list[str], **kwargs) -> pd.DataFrame:
    """A raw CSV file, checked by `raw.read` (numbers in `numeric`)."""
    return raw.read(path, columns, lambda p: pd.read_csv(p, **kwargs), numeric=numeric)


def imports_2024(path: Path) -> pd.DataFrame:
    """China's 2024 imports from the US by HS6 (hs6, value_bn) from the WTO tariff file: the
    `imports` weights, one set per HS6 line (the file repeats them at each tariff date; the
    last date's are zero), checked to agree across the dates that carry them."""
    df = _read_csv(path, ["year_dt", "hs_code", "imports"], ["imports"],
                   dtype={"hs_code": str})
    weighted = df[df.groupby("year_dt")["imports"].transform("sum") > 0]
    spread = weighted.groupby("hs_code")["imports"].agg(["min", "max"])
    if weighted.empty or (spread["max"] - spread["min"]).abs().max() > 0.5:
        raise DataError(f"raw file {path}: the import weights differ between tariff dates; "
                        "expected one 2024 value per HS6 line")
    value = weighted.groupby("hs_code")["imports"].first()
    return pd.DataFrame({"hs6": value.index, "value_bn": value.to_numpy() / BN})


def classified(hs6: pd.DataFrame, products: pd.DataFrame, concordance: pd.DataFrame
               ) -> pd.DataFrame:
    """HS 2022 rows mapped to HS 2017 and classified by the product list, as the US data are;
    chapter 88 counted as civil aircraft (the list's Census 8800, all of chapter 88)."""
    codes = to_hs2017(hs6["hs6"], concordance)
    codes = codes.mask(codes.str.startswith(AIRCRAFT[0]), AIRCRAFT[1])
    tags = classify(codes, products)
    return hs6.assign(sector=tags["sector"].fillna(NOT_COVERED),
                      category=tags["category"].fillna(NOT_COVERED))


def china_imports_covered(path: Path, products: pd.DataFrame, concordance: pd.DataFrame
                          ) -> pd.DataFrame:
    """China's 2024 imports from the US by Annex 6.1 sector and category, goods the list does
    not cover in one `not_covered` row: year, sector, category, value_bn, source, quality."""
    rows = classified(imports_2024(path), products, concordance)
    out = rows.groupby(["sector", "category"], as_index=False)["value_bn"].sum()
    out = out.assign(year=IMPORTS_YEAR, source=f"{WTO}, classified by the Annex 6.1 list",
                     quality="official")
    return out[["year", "sector", "category", "value_bn", "source", "quality"]].sort_values(
        ["sector", "category"], ignore_index=True)


def china_reported_totals(path: Path) -> pd.DataFrame:
    """China-reported imports from the US, all goods, by year (CIF): year, value_bn, source,
    quality."""
    df = _read_csv(path, ["refYear", "flowCode", "cmdCode", "reporterCode", "partnerCode",
                          "primaryValue"], ["primaryValue"], index_col=False)
    df = df[df["flowCode"].eq("M") & df["cmdCode"].eq("TOTAL") & df["reporterCode"].eq(156)
            & df["partnerCode"].eq(842)]
    if df["refYear"].duplicated().any():
        raise DataError(f"raw file {path}: more than one import total for a year")
    out = pd.DataFrame({"year": df["refYear"].astype(int), "value_bn": df["primaryValue"] / BN,
                        "source": COMTRADE_CHINA, "quality": "official"})
    return out.sort_values("year", ignore_index=True)
