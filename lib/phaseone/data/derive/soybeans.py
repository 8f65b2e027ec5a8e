"""Soybean tables from raw USDA export sales and UN Comtrade files.

- `export_sales`: USDA FAS Export Sales Reporting (ESR), soybeans, weekly, China and all buyers,
  thousand metric tons (kt): purchases (net sales, total commitments) and shipments (exports);
- `china_imports`: China's own soybean imports by origin (US, Brazil, Argentina, world), monthly,
  kt and US$ millions CIF (UN Comtrade, reporter China);
- `exports_to_china`: the exporters' side, US, Brazil and Argentina soybean exports to China,
  monthly, kt and US$ millions FOB (UN Comtrade).

The ESR files are read in name order: a later file (`phaseone fetch --source usda-esr` adds
them) replaces an earlier one's rows for the same marketing year and week.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from phaseone.data import DataError
from phaseone.data.derive import raw

ESR_DATASET = "usda_esr_weekly"
ESR_XLS_DATASET = "usda_esr_china_xls"
IMPORTS_DATASET = "comtrade_china_soybean_imports"
EXPORTS_DATASET = "comtrade_soybean_exports"
ESR = ("USDA FAS Export Sales Reporting (ESR), soybeans (commodity 801), weekly, "
       "{buyer}")
COMTRADE_IMPORTS = ("UN Comtrade, China's imports of soybeans (HS 120110 + 120190) by origin, "
                    "monthly (reporter 156)")
COMTRADE_EXPORTS = ("UN Comtrade, soybean exports (HS 120110 + 120190) to China by exporter, "
                    "monthly (reporters 842, 76, 32)")
# Raw ESR columns by buyer: net sales, total commitments, weekly and cumulative shipments.
ESR_COLUMNS = {"all": ("net_sales_kt", "commitment_kt", "shipment_kt", "cum_shipment_kt"),
               "china": ("china_net_kt", "china_commit_kt", "china_ship_kt",
                         "china_cum_ship_kt")}
ESR_KEYS = ("my_label", "week_ending")
ESR_FIELDS = ("net_sales_kt", "total_commitments_kt", "shipments_kt", "accumulated_exports_kt")
ORIGINS = {"USA": "usa", "BRA": "brazil", "ARG": "argentina", "W00": "world"}
EXPORTERS = {"USA": "usa", "BRA": "brazil", "ARG": "argentina"}
COMTRADE_COLUMNS = ["period", "reporterISO", "partnerISO", "flowCode", "cmdCode", "netWgt",
                    "primaryValue"]
KT, MN = 1e6, 1e6  # kilograms per thousand tonnes, dollars per million


def read_esr(paths: list[Path]) -> pd.DataFrame:
    """The raw ESR weekly files, later files replacing earlier rows of the same marketing year
    and week; DataError naming the file when one is unreadable or lacks a column."""
    needed = [*ESR_KEYS, *(c for cols in ESR_COLUMNS.values() for c in cols)]
    frames = []
    for path in paths:
        frame = raw.read(path, needed, lambda p: pd.read_csv(
            p, dtype={"my_label": str, "week_ending": str}), what="raw ESR file")
        frames.append(frame[needed])
    if not frames:
        raise DataError(f"raw_manifest.csv lists no {ESR_DATASET} file")
    out = pd.concat(frames, ignore_index=True).drop_duplicates(list(ESR_KEYS), keep="last")
    bad = out[~out["week_ending"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    if len(bad):
        raise DataError(f"raw ESR week_ending {bad['week_ending'].iloc[0]!r} is not YYYY-MM-DD")
    return out.sort_values(list(ESR_KEYS[::-1]) + ["my_label"], ignore_index=True)


def export_sales(paths: list[Path]) -> pd.DataFrame:
    """One row per week, marketing year and buyer ("china" | "all"): net sales, total
    commitments (accumulated exports plus outstanding sales), the week's shipments and
    accumulated exports, thousand metric tons.

    A marketing year's first week shares its week_ending with the previous year's 53rd week:
    each keeps its own row (the week's days split between the two years)."""
    raw = read_esr(paths)
    rows = []
    for buyer, cols in ESR_COLUMNS.items():
        part = raw[list(ESR_KEYS)].rename(columns={"my_label": "marketing_year"})
        for field, col in zip(ESR_FIELDS, cols, strict=True):
            part[field] = raw[col].round(3)
        rows.append(part.assign(buyer=buyer, source=ESR.format(
            buyer="China (country 5700)" if buyer == "china" else "all buyers")))
    out = pd.concat(rows, ignore_index=True)
    columns = ["week_ending", "marketing_year", "buyer", *ESR_FIELDS, "source"]
    return out[columns].sort_values(["week_ending", "marketing_year", "buyer"],
                                    ignore_index=True)


def read_comtrade(paths: list[Path], dataset: str) -> pd.DataFrame:
    """Raw Comtrade Plus xlsx downloads (one per year), soybean rows summed over HS 120110 and
    120190 by month, reporter and partner: kg and US$."""
    frames = []
    for path in paths:
        frame = raw.read(path, COMTRADE_COLUMNS, lambda p: pd.read_excel(p, engine="openpyxl"),
                         what="raw Comtrade file")
        frames.append(frame[COMTRADE_COLUMNS])
    if not frames:
        raise DataError(f"raw_manifest.csv lists no {dataset} file")
    df = pd.concat(frames, ignore_index=True)
    df = df[df["cmdCode"].astype(str).isin(["120110", "120190"])]
    df = df.assign(month=df["period"].astype(str).str[:4] + "-" + df["period"].astype(str).str[4:6])
    return df.groupby(["month", "flowCode", "reporterISO", "partnerISO"], as_index=False)[
        ["netWgt", "primaryValue"]].sum()


def _monthly(df: pd.DataFrame, key: str, names: dict[str, str], source: str) -> pd.DataFrame:
    weighed = df["netWgt"].gt(0) | df["primaryValue"].eq(0)  # US 2015: values without weights
    out = pd.DataFrame({"month": df["month"], key: df[key + "ISO"].map(names),
                        "kt": (df["netWgt"] / KT).round(3).where(weighed),
                        "value_mn": (df["primaryValue"] / MN).round(3),
                        "source": source, "quality": "official"})
    return out.dropna(subset=[key]).sort_values(["month", key], ignore_index=True)


def china_imports(paths: list[Path]) -> pd.DataFrame:
    """China's soybean imports by origin (usa, brazil, argentina, world) and month: kt and
    US$ millions (CIF), as China reports them."""
    df = read_comtrade(paths, IMPORTS_DATASET)
    df = df[df["flowCode"].eq("M") & df["reporterISO"].eq("CHN")].rename(
        columns={"partnerISO": "originISO"})
    out = _monthly(df, "origin", ORIGINS, COMTRADE_IMPORTS)
    grid = pd.MultiIndex.from_product([sorted(out["month"].unique()), list(ORIGINS.values())],
                                      names=["month", "origin"])
    out = out.set_index(["month", "origin"]).reindex(grid)
    none = out["kt"].isna()  # China reports every month; an origin without a row sent none
    out.loc[none, ["kt", "value_mn"]] = 0.0
    out.loc[none, "source"] = COMTRADE_IMPORTS + "; no row for the origin that month: none"
    out.loc[none, "quality"] = "official"
    return out.reset_index()


def exports_to_china(paths: list[Path]) -> pd.DataFrame:
    """Soybean exports to China by exporter (usa, brazil, argentina) and month: kt and US$
    millions (FOB), as each exporter reports them (months an exporter did not report are
    absent)."""
    df = read_comtrade(paths, EXPORTS_DATASET)
    df = df[df["flowCode"].eq("X") & df["partnerISO"].eq("CHN")].rename(
        columns={"reporterISO": "exporterISO"})
    return _monthly(df, "exporter", EXPORTERS, COMTRADE_EXPORTS)


def read_esr_xls(path: Path) -> pd.DataFrame:
    """The FAS query-system export of the China series (metric tons): week_ending, weekly and
    accumulated exports, net sales and total commitments of the current marketing year, kt."""
    try:
        x = pd.read_excel(path, header=0, engine="xlrd")
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read raw ESR export {path}: {err}") from None
    cols = list(x.columns)
    return pd.DataFrame({"week_ending": pd.to_datetime(x[cols[1]]).dt.strftime("%Y-%m-%d"),
                         "shipments_kt": x[cols[3]] / 1e3,
                         "accumulated_exports_kt": x[cols[4]] / 1e3,
                         "net_sales_kt": x[cols[7]] / 1e3,
                         "total_commitments_kt": x[cols[8]] / 1e3})


def tables(files: dict[str, list[Path]]) -> dict[str, pd.DataFrame]:
    """The soybean tables, by resource name, from the manifest's verified raw files."""
    return {"soybean_export_sales": export_sales(files.get(ESR_DATASET, [])),
            "china_soybean_imports": china_imports(files.get(IMPORTS_DATASET, [])),
            "soybean_exports_to_china": exports_to_china(files.get(EXPORTS_DATASET, []))}
