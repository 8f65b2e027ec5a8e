"""Derive the project's goods tables from raw US Census and UN Comtrade files.

`python -m phaseone.data.derive [RAW_DIR]` (or `make data`) rewrites the derived tables in
`data/` and their hashes in `data/datapackage.json`, after validating each (schema, plausible
ranges, completeness). It records no other table's hash: a hand-edited table stays refused
until `phaseone data accept` validates it. The same raw files give the same bytes.
Values are US$ billions.
"""

import argparse
import contextlib
import io
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from phaseone import config
from phaseone.data import DataError, load, validate
from phaseone.data import package as datapackage
from phaseone.data.derive import (
    china_side,
    codes,
    monthly_estimate,
    partners,
    raw,
    soybeans,
    tariffs,
)
from phaseone.data.derive.products import classify, product_list, to_hs2017
from phaseone.vocabulary import BASE_YEAR, SECTORS

MANIFEST = "raw_manifest"
CENSUS_HS6 = "US Census Bureau, US exports to China by HS6 and month (intltrade API)"
CENSUS_YTD = "US Census Bureau, year-to-date US exports to China of covered goods by sector"
CENSUS_HS2 = "US Census Bureau, US exports to China by HS2 and month (intltrade API), chapter 88"
CENSUS_HS2_TOTAL = ("US Census Bureau, US exports to China by HS2 and month (intltrade API), "
                    "all products")
COMTRADE = "UN Comtrade, USA exports to China (reporter 842, partner 156), annual HS6"
CENSUS_COUNTRY = "US Census Bureau, Trade in Goods with China (country table, CTY_CODE 5700)"
PRODUCTS = "classified by data/annex_6_1_products.csv"
CENSUS_HS2_CHAPTERS = "US Census Bureau, US exports to China by HS2 and month (intltrade API)"
ESTIMATED = (f"{CENSUS_HS2_CHAPTERS}, split by each chapter's covered share in {{year}} in "
             f"{COMTRADE} ({PRODUCTS})")
BACKTEST = (f"{CENSUS_HS2_CHAPTERS} split by chapter shares of {CENSUS_HS6}, against the same "
            "HS6 data by month")
SOYBEANS, OILSEEDS = "120190", "12"  # soybeans other than seed; HS chapter 12 (oilseeds)
CHAPTERS_SHOWN = ("00", OILSEEDS)  # monthly chapter series the reports read
FIRST_SHOWN = "2017-01"
BACKTEST_YEARS = (2017, 2018, 2019, 2020)

# Civil aircraft: Census HS 8800 in the HS6 extract; in HS2 and Comtrade data the chapter 88 row
# (Comtrade puts civil aircraft in 999999 at HS6), as PIIE counts it from October 2020 on.
AIRCRAFT = ("manufactured_goods", "civil_aircraft")
AIRCRAFT_CHAPTER = "88"
YTD_SECTORS = {"Agriculture": "agriculture", "Energy": "energy",
               "Manufactures": "manufactured_goods"}
BN = 1e9


def raw_files(raw: Path, data_dir: Path = config.DATA) -> dict[str, list[Path]]:
    """The raw files listed in `raw_manifest.csv`, by dataset, each checked for size and SHA-256.

    A missing file or one whose bytes differ from the manifest raises DataError naming it.
    """
    files: dict[str, list[Path]] = {}
    for row in load(MANIFEST, data_dir, verify=False).itertuples():
        path = raw / row.file
        if not path.is_file():
            raise DataError(f"raw file {path} listed in {MANIFEST}.csv is missing")
        if path.stat().st_size != row.bytes or datapackage.sha256(path) != row.sha256:
            raise DataError(f"raw file {path} does not match {MANIFEST}.csv (size or sha256 "
                            "differs): restore the original or record the new file there")
        files.setdefault(row.dataset, []).append(path)
    return {k: sorted(v) for k, v in files.items()}


# Raw columns that hold amounts (dollars, kilograms): numbers, never text.
NUMERIC = ("primary_value", "qty", "china_exports", "exports", "EYR", *YTD_SECTORS)


def read_raw(path: Path, columns: list[str]) -> pd.DataFrame:
    """A raw parquet file (index as columns), checked by `raw.read`; the columns that hold
    amounts (`NUMERIC`) must hold numbers."""
    return raw.read(path, columns, lambda p: pd.read_parquet(p).reset_index(),
                    numeric=[c for c in columns if c in NUMERIC])


@dataclass
class Inputs:
    """Verified raw files by dataset, the product list and the HS concordance."""

    files: dict[str, list[Path]]
    products: pd.DataFrame
    concordance: pd.DataFrame
    products_path: Path = config.DATA / "annex_6_1_products.csv"

    def one(self, dataset: str) -> Path:
        """The single raw file of `dataset`; DataError when the manifest has none or several."""
        paths = self.files.get(dataset, [])
        if len(paths) != 1:
            raise DataError(f"{MANIFEST}.csv must list one {dataset} file, not {len(paths)}")
        return paths[0]


def census_hs6(inputs: Inputs) -> pd.DataFrame:
    """US exports to China by HS6 and month, classified by the product list; `value_bn` US$ bn.

    The extract's last month (2021-02) holds covered headings at HS4 (no `hs6`) and a few
    detail lines under them without `hs4`; those are left unclassified, as the extract
    does, so that nothing counts twice.
    """
    df = read_raw(inputs.one("census_hs6_monthly"), ["time", "hs4", "hs4_o", "hs6",
                                                     "china_exports"])
    code = df["hs6"].fillna(df["hs4_o"].where(df["hs4"].notna()))
    tags = classify(code, inputs.products)
    return pd.DataFrame({"month": df["time"].dt.strftime("%Y-%m"), "hs6": df["hs6"],
                         "sector": tags["sector"], "category": tags["category"],
                         "value_bn": df["china_exports"] / BN})


def hs2_china(inputs: Inputs) -> pd.DataFrame:
    """Census HS2 rows for China from every `census_hs2_monthly` file in the manifest.

    Files later in name order (`phaseone fetch` adds `...-china-hs2-monthly-...` files after
    the first extract) replace earlier ones' rows for the same chapter and month.
    """
    frames = [read_raw(path, ["CTY_NAME", "E_COMMODITY", "time", "exports"])
              for path in inputs.files.get("census_hs2_monthly", [])]
    if not frames:
        raise DataError(f"{MANIFEST}.csv lists no census_hs2_monthly file")
    df = pd.concat([f[f["CTY_NAME"].eq("CHINA")].assign(
        month=lambda d: pd.to_datetime(d["time"], utc=True).dt.strftime("%Y-%m"))[
        ["E_COMMODITY", "month", "exports"]] for f in frames], ignore_index=True)
    return df.drop_duplicates(["E_COMMODITY", "month"], keep="last")


def hs2_monthly(inputs: Inputs, chapter: str) -> pd.Series:
    """US exports to China of one HS chapter ("00": all goods) by month, US$ bn."""
    df = hs2_china(inputs)
    df = df[df["E_COMMODITY"].eq(chapter)]
    return df.set_index("month")["exports"].div(BN).sort_index()


def hs2_chapters(inputs: Inputs) -> pd.DataFrame:
    """US exports to China by HS chapter and month: month, chapter ("00": all), value_bn."""
    df = hs2_china(inputs)
    return pd.DataFrame({"month": df["month"], "chapter": df["E_COMMODITY"],
                         "value_bn": df["exports"] / BN}).sort_values(
        ["month", "chapter"], ignore_index=True)


def covered_ytd(inputs: Inputs) -> pd.DataFrame:
    """Year-to-date covered exports (excluding HS 8800) by snapshot month and sector, US$ bn.

    One snapshot per manifest file; the month is the two digits ending the file name.
    """
    rows = {}
    for path in inputs.files.get("census_covered_ytd", []):
        snap = read_raw(path, ["index", *YTD_SECTORS])
        values = snap.set_index("index").loc[f"{path.stem[-7:-3]} Values", list(YTD_SECTORS)]
        rows[int(path.stem[-2:])] = values.rename(YTD_SECTORS) / BN
    return pd.DataFrame(rows).T.sort_index()


def ytd_year(inputs: Inputs) -> int:
    """The year of the year-to-date snapshots (from their file names)."""
    return int(inputs.files["census_covered_ytd"][0].stem[-7:-3])


def comtrade_hs6(inputs: Inputs) -> pd.DataFrame:
    """Comtrade annual US exports to China by HS6 and year, classified by the product list.

    HS 2022 codes are first mapped back to HS 2017 by the concordance (longest prefix).
    Columns: year, cmd_code, hs2017, sector, category, value_bn.
    """
    cols = ["flow_code", "aggr_level", "ref_year", "classification_code", "cmd_code",
            "primary_value"]
    df = pd.concat([read_raw(p, cols) for p in inputs.files["comtrade_annual"]])
    df = df[df["flow_code"].eq("X") & df["aggr_level"].eq(6)]
    df = df.assign(year=df["ref_year"].astype(int), hs2017=df["cmd_code"])
    hs2022 = df["classification_code"].eq("H6")
    df.loc[hs2022, "hs2017"] = to_hs2017(df.loc[hs2022, "cmd_code"], inputs.concordance)
    tags = classify(df["hs2017"], inputs.products)
    return df.assign(sector=tags["sector"].values, category=tags["category"].values,
                     value_bn=df["primary_value"] / BN)[
        ["year", "cmd_code", "hs2017", "sector", "category", "value_bn"]]


def comtrade_covered(inputs: Inputs) -> pd.DataFrame:
    """Covered exports by year, sector and category from Comtrade HS6, civil aircraft left out."""
    df = comtrade_hs6(inputs)
    df = df[df["category"].notna() & df["category"].ne(AIRCRAFT[1])]
    return df.groupby(["year", "sector", "category"], as_index=False)["value_bn"].sum()


def covered_goods_monthly(inputs: Inputs) -> pd.DataFrame:
    """Monthly covered-goods exports by sector and component (listed goods, civil aircraft).

    Months of the HS6 extract from it (its last month: listed goods only); then the months
    of the year-to-date snapshots from their differences; December of that year as the
    Comtrade total less year-to-date November (estimated); civil aircraft from the extract's
    last month to that December from chapter 88.
    """
    hs6 = census_hs6(inputs)
    last = hs6["month"].max()
    covered = hs6.dropna(subset=["sector"])
    covered = covered.assign(component=covered["category"].eq(AIRCRAFT[1]).map(
        {True: "civil_aircraft", False: "listed"}))
    covered = covered[(covered["month"] < last) | covered["component"].eq("listed")]
    early = covered.groupby(["month", "sector", "component"], as_index=False)["value_bn"].sum()
    early = early.assign(source=CENSUS_HS6, quality="official")

    year = ytd_year(inputs)
    ytd = covered_ytd(inputs)
    first = int(last[5:]) + 1  # earlier months come from the HS6 extract
    monthly = ytd.diff().loc[first:]
    annual = comtrade_covered(inputs)
    annual = annual[annual["year"].eq(year)].groupby("sector")["value_bn"].sum()
    december = annual - ytd.loc[11]
    if december.lt(0).any():
        raise DataError(_december_message(inputs, year, annual, ytd.loc[11]))
    rows = [
        dict(month=f"{year}-{m:02d}", sector=s, component="listed", value_bn=monthly.loc[m, s],
             source=CENSUS_YTD, quality="official")
        for m in monthly.index for s in monthly.columns
    ]
    rows += [
        dict(month=f"{year}-12", sector=s, component="listed", value_bn=v,
             source=f"{COMTRADE} less {CENSUS_YTD} through November", quality="estimated")
        for s, v in december.items()
    ]
    ch88 = hs2_monthly(inputs, AIRCRAFT_CHAPTER)
    rows += [
        dict(month=m, sector=AIRCRAFT[0], component="civil_aircraft", value_bn=ch88[m],
             source=CENSUS_HS2, quality="official")
        for m in ch88.index if last <= m <= f"{year}-12"
    ]
    out = pd.concat([early, pd.DataFrame(rows)], ignore_index=True)
    return out.sort_values(["month", "sector", "component"], ignore_index=True)


TRANSCRIPTION_SECTORS = {"1. Manufactured Goods": "manufactured_goods",
                         "2. Agriculture": "agriculture", "3. Energy": "energy"}


def _unlisted(inputs: Inputs, sector: str, year: int) -> list[str]:
    """Headings of `year`'s Comtrade HS6 codes that the Annex 6.1 transcription (raw, when the
    manifest lists it) puts in `sector` and the product list no longer does."""
    paths = inputs.files.get("annex_transcription", [])
    if len(paths) != 1:
        return []
    try:
        listed = pd.read_csv(paths[0], dtype=str)[["hs4", "high_catagory"]].dropna()
    except (OSError, ValueError, KeyError):
        return []
    published = pd.DataFrame({"hs_code": listed["hs4"], "category": "",
                              "sector": listed["high_catagory"].map(TRANSCRIPTION_SECTORS)})
    hs6 = comtrade_hs6(inputs)
    codes = hs6.loc[hs6["year"].eq(year), "hs2017"].drop_duplicates()
    was = classify(codes, published)["sector"].eq(sector).to_numpy()
    now = classify(codes, inputs.products)["sector"].eq(sector).to_numpy()
    return sorted(set(codes[was & ~now].str[:4]))


def _december_message(inputs: Inputs, year: int, annual: pd.Series, ytd: pd.Series) -> str:
    """Why a December estimate came out negative: the product list no longer matches the
    fixed year-to-date snapshots (classified by the Annex 6.1 list as published)."""
    parts = []
    for sector in annual.index[(annual - ytd).lt(0)]:
        moved = _unlisted(inputs, sector, year)
        edit = (f"; it no longer lists as {sector} the heading(s) {', '.join(moved[:10])}"
                f"{' ...' if len(moved) > 10 else ''} of the Annex 6.1 transcription"
                if moved else "")
        parts.append(f"{sector}: Comtrade {year} classified by the list US$ "
                     f"{annual[sector]:.3f} bn less Census year-to-date through November "
                     f"US$ {ytd[sector]:.3f} bn = {annual[sector] - ytd[sector]:.3f}{edit}")
    return (f"{inputs.products_path} (the product list) was edited so that December {year}, "
            f"estimated as the Comtrade {year} total classified by the list less the fixed "
            f"Census year-to-date snapshots through November (census_covered_ytd in "
            f"{MANIFEST}.csv, classified by the Annex 6.1 list as published), comes out "
            f"negative ({'; '.join(parts)}): restore the product list, or record year-to-date "
            f"snapshots classified by the edited list; nothing was written")


def full_years(monthly: pd.Series) -> pd.Series:
    """Annual sums of a monthly series (index 'YYYY-MM'), complete years only."""
    year = monthly.index.str[:4].astype(int)
    sums = monthly.groupby(year).agg(["sum", "count"])
    return sums.loc[sums["count"].eq(12), "sum"]


def covered_goods_annual(inputs: Inputs, monthly: pd.DataFrame) -> pd.DataFrame:
    """Annual covered-goods exports by Annex 6.1 category, US$ bn.

    Complete years of the HS6 extract sum it; later years map Comtrade HS6 to the product
    list, with civil aircraft from `monthly` where it has the whole year, else chapter 88.
    """
    hs6 = census_hs6(inputs).dropna(subset=["sector"])
    hs6 = hs6.assign(year=hs6["month"].str[:4].astype(int))
    years = hs6.groupby("year")["month"].nunique()
    census_years = years[years.eq(12)].index
    early = hs6[hs6["year"].isin(census_years)]
    early = early.groupby(["year", "sector", "category"], as_index=False)["value_bn"].sum()
    early = early.assign(source=CENSUS_HS6, quality="official")
    late = comtrade_covered(inputs)
    late = late[late["year"] > census_years.max()].assign(source=COMTRADE, quality="official")
    planes = monthly[monthly["component"].eq("civil_aircraft")].set_index("month")["value_bn"]
    spliced = full_years(planes)
    chapter = full_years(hs2_monthly(inputs, AIRCRAFT_CHAPTER))
    aircraft = [dict(year=y, sector=AIRCRAFT[0], category=AIRCRAFT[1],
                     value_bn=spliced[y] if y in spliced.index else chapter[y],
                     source=f"{CENSUS_HS6}; {CENSUS_HS2}" if y in spliced.index else CENSUS_HS2,
                     quality="official")
                for y in late["year"].unique() if y in spliced.index or y in chapter.index]
    out = pd.concat([early, late, pd.DataFrame(aircraft)], ignore_index=True)
    return out.sort_values(["year", "sector", "category"], ignore_index=True)


def _listed(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    """HS6 rows with their chapter, civil aircraft left unclassified (counted by chapter)."""
    plane = frame["category"].eq(AIRCRAFT[1])
    return frame.assign(chapter=frame[code].str[:2],
                        sector=frame["sector"].mask(plane))


def covered_goods_monthly_estimated(inputs: Inputs) -> pd.DataFrame:
    """Covered goods by month after the HS6 monthly extract, estimated from HS2 chapters.

    Listed goods: each chapter's month times its covered share in Comtrade HS6 of the same
    year (the latest year with Comtrade data for later months; the source names the year);
    civil aircraft: chapter 88.
    """
    last = census_hs6(inputs)["month"].max()
    hs2 = hs2_chapters(inputs)
    hs2 = hs2[hs2["month"] > last]
    annual = _listed(comtrade_hs6(inputs), "cmd_code")
    listed = monthly_estimate.estimate(hs2, monthly_estimate.chapter_shares(annual))
    listed = listed.assign(component="listed", quality="estimated",
                           source=listed["share_year"].map(lambda y: ESTIMATED.format(year=y)))
    planes = hs2[hs2["chapter"].eq(AIRCRAFT_CHAPTER)]
    planes = pd.DataFrame({"month": planes["month"], "sector": AIRCRAFT[0],
                           "component": "civil_aircraft", "value_bn": planes["value_bn"],
                           "source": CENSUS_HS2, "quality": "official"})
    out = pd.concat([listed.drop(columns="share_year"), planes], ignore_index=True)
    return out.sort_values(["month", "sector", "component"], ignore_index=True)


def covered_goods_monthly_backtest(inputs: Inputs) -> pd.DataFrame:
    """The monthly estimate's error on years with HS6 monthly data, by year and sector, with
    the same year's shares (lag 0) and the year before's (lag 1)."""
    hs6 = census_hs6(inputs)
    hs6 = _listed(hs6[hs6["hs6"].notna()], "hs6")
    hs2 = hs2_chapters(inputs)
    tests = [monthly_estimate.backtest(hs6, hs2, BACKTEST_YEARS, lag).assign(lag=lag)
             for lag in (0, 1)]
    return pd.concat(tests, ignore_index=True).assign(source=BACKTEST, quality="estimated")


def exports_monthly_chapters(inputs: Inputs) -> pd.DataFrame:
    """Monthly US exports to China, all goods and chapter 12 (oilseeds), from 2017."""
    hs2 = hs2_chapters(inputs)
    hs2 = hs2[hs2["chapter"].isin(CHAPTERS_SHOWN) & (hs2["month"] >= FIRST_SHOWN)]
    return hs2.assign(source=CENSUS_HS2_CHAPTERS, quality="official").reset_index(drop=True)


def soybeans_annual(inputs: Inputs) -> pd.DataFrame:
    """US soybean exports to China by year: value, tonnes and chapter 12's value (Comtrade)."""
    cols = ["flow_code", "ref_year", "cmd_code", "primary_value", "qty", "qty_unit_abbr"]
    df = pd.concat([read_raw(p, cols) for p in inputs.files["comtrade_annual"]])
    df = df[df["flow_code"].eq("X")]
    beans = df[df["cmd_code"].eq(SOYBEANS)].set_index("ref_year")
    if not beans["qty_unit_abbr"].eq("kg").all():
        raise DataError(f"Comtrade {SOYBEANS} quantities must be in kg")
    chapter = df[df["cmd_code"].eq(OILSEEDS)].set_index("ref_year")["primary_value"]
    out = pd.DataFrame({"year": beans.index.astype(int), "value_bn": beans["primary_value"] / BN,
                        "tonnes_mn": beans["qty"] / 1e9,
                        "oilseeds_bn": chapter.reindex(beans.index) / BN,
                        "source": f"{COMTRADE}, HS {SOYBEANS} (value, kg) and chapter "
                                  f"{OILSEEDS}", "quality": "official"})
    return out.sort_values("year", ignore_index=True)


def goods_exports_annual(inputs: Inputs) -> pd.DataFrame:
    """Total US goods exports to China by year, US$ bn: complete years of the country table,
    then complete years of the HS2 monthly total after it."""
    df = read_raw(inputs.one("census_country"), ["year", "CTY_CODE", "EYR"])
    df = df[df["CTY_CODE"].eq(5700)]
    months = [c for c in df.columns if c.startswith("E") and c != "EYR"]
    df = df[df[months].gt(0).all(axis=1)]
    country = pd.DataFrame({"year": df["year"].astype(int), "value_bn": df["EYR"] / 1000,
                            "source": CENSUS_COUNTRY, "quality": "official"})
    hs2 = full_years(hs2_monthly(inputs, "00"))
    hs2 = hs2[hs2.index > country["year"].max()]
    later = pd.DataFrame({"year": hs2.index, "value_bn": hs2.values,
                          "source": CENSUS_HS2_TOTAL, "quality": "official"})
    return pd.concat([country, later]).sort_values("year", ignore_index=True)


def baselines(goods: pd.DataFrame, services: pd.DataFrame, china: pd.DataFrame) -> pd.DataFrame:
    """2017 baselines by sector and basis, US$ bn: US-export goods from `goods`, services from
    `services`, China's imports from the published `china` table."""
    year = BASE_YEAR
    us_goods = goods[goods["year"].eq(year)].groupby("sector", as_index=False)["value_bn"].sum()
    us_goods = us_goods.assign(basis="us_exports", source=CENSUS_HS6, quality="official")
    us_services = services[services["year"].eq(year)].assign(sector="services", basis="us_exports")
    china = china[china["year"].eq(year)].assign(basis="china_imports")
    cols = ["sector", "basis", "value_bn", "source", "quality"]
    out = pd.concat([us_goods[cols], us_services[cols], china[cols]], ignore_index=True)
    order = {s: i for i, s in enumerate(SECTORS)}
    return out.sort_values(["basis", "sector"], key=lambda c: c.map(order) if c.name == "sector"
                           else c, ignore_index=True)


def comtrade_vintages(inputs: Inputs) -> dict[int, str]:
    """Comtrade's classification code (H4, H5, H6) of each year; DataError for a year in two."""
    df = pd.concat([read_raw(p, ["ref_year", "classification_code"])
                    for p in inputs.files["comtrade_annual"]])
    by_year = df.groupby("ref_year")["classification_code"].unique()
    mixed = [str(y) for y, v in by_year.items() if len(v) > 1]
    if mixed:
        raise DataError(f"Comtrade years {', '.join(mixed)} mix HS editions; expected one each")
    return {int(y): v[0] for y, v in by_year.items()}


def covered_codes_annual(inputs: Inputs, goods: pd.DataFrame) -> pd.DataFrame:
    """Covered goods by listed code and year, on the sources of `goods` (codes module)."""
    return codes.covered_codes_annual(census_hs6(inputs), comtrade_hs6(inputs),
                                      comtrade_vintages(inputs), goods, inputs.products,
                                      CENSUS_HS6, COMTRADE)


def inputs(raw: Path, data_dir: Path = config.DATA) -> Inputs:
    """Verified raw files and the project's own product list and concordance."""
    if not raw.is_dir():
        raise FileNotFoundError(
            f"raw data directory not found: {raw} (set RAW=... or PHASEONE_RAW)")
    return Inputs(raw_files(raw, data_dir), product_list(data_dir),
                  load("hs_concordance", data_dir, verify=False),
                  Path(data_dir) / datapackage.resource("annex_6_1_products", data_dir)["path"])


def tables(raw: Path, data_dir: Path = config.DATA) -> dict[str, pd.DataFrame]:
    """Every derived table, by resource name, computed from `raw` (nothing written)."""
    src = inputs(raw, data_dir)
    monthly = covered_goods_monthly(src)
    goods = covered_goods_annual(src, monthly)
    return {
        "covered_goods_annual": goods,
        "covered_goods_monthly": monthly,
        "covered_codes_annual": covered_codes_annual(src, goods),
        "china_imports_covered_2024": china_side.china_imports_covered(
            src.one("wto_china_tariffs"), src.products, src.concordance),
        "china_reported_imports": china_side.china_reported_totals(
            src.one("comtrade_china_totals")),
        "goods_exports_annual": goods_exports_annual(src),
        "covered_goods_monthly_estimated": covered_goods_monthly_estimated(src),
        "covered_goods_monthly_backtest": covered_goods_monthly_backtest(src),
        "exports_monthly_chapters": exports_monthly_chapters(src),
        "soybeans_annual": soybeans_annual(src),
        "partner_chapters_monthly": partners.partner_chapters_monthly(
            src.files.get("census_hs2_monthly", []), data_dir),
        "baselines": baselines(goods, load("services_exports", data_dir, verify=False),
                               load("china_imports", data_dir, verify=False)),
        **soybeans.tables(src.files),
        **tariffs.tables(src.files),
    }


def derive(raw: Path, out: Path = config.DATA) -> list[str]:
    """Rewrite every derived table in `out` from `raw`; return the resource names written.

    Every raw file is verified and every table validated (schema, ranges, completeness) before
    anything is written; only the written tables' hashes are recorded.
    """
    texts = {name: datapackage.table_text(name, table, out)
             for name, table in tables(raw, out).items()}
    for name, text in texts.items():
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
        validate(name, frame, out)
    with _uninterrupted():  # the tables and their hashes are written together, or neither
        datapackage.write_texts(texts, out)
        datapackage.refresh(out, names=list(texts))
    return list(texts)


@contextlib.contextmanager
def _uninterrupted():
    """Hold Ctrl-C (SIGINT) back while the block runs: it is the last step, so an interrupt
    that arrives meanwhile lets it finish."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", nargs="?", type=Path, default=config.RAW, help="raw data directory")
    parser.add_argument("--out", type=Path, default=config.DATA, help="data directory to write")
    args = parser.parse_args(argv)
    try:
        names = derive(args.raw, args.out)
    except (FileNotFoundError, KeyError, DataError) as err:
        text = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"phaseone: error: {text}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("phaseone: error: interrupted; nothing was written", file=sys.stderr)
        return 130
    print(f"wrote {', '.join(names)} into {args.out}")
    changed = datapackage.stale(args.out)
    if changed:
        accept = "phaseone data accept" + (
            "" if args.out.resolve() == config.DATA.resolve() else f" --data {args.out}")
        print(f"not derived, changed since recorded (still refused until `{accept}` validates "
              f"them): {', '.join(changed)}")
    return 0

