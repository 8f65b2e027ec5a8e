"""Derive the project's goods tables from raw US Census and UN Comtrade files.

`python -m phaseone.derive [RAW_DIR]` (or `make data`) rewrites the derived tables in
`data/` and the hashes in `data/datapackage.json`. The same raw files give the same bytes.
Values are US$ billions.
"""

import argparse
import sys
from pathlib import Path

import pandas as pd

from phaseone import agreement, config, datapackage
from phaseone.data import DataError, load

HS6_FILE = "census-exports-china-hs6-monthly-2013-01_2021-02.parquet"
YTD_FILE = "sector-ytd-2021/covered-goods-ytd-2021-{month:02d}.parquet"
HS2_FILE = "census-api-exports-33-partners-hs2-monthly-2013-01_2026-05.parquet"
COMTRADE_FILE = "comtrade-us-china-hs-annual-2015-2021.parquet"
COUNTRY_FILE = "census-country-monthly-totals-1985-2025.parquet"

CENSUS_HS6 = "US Census Bureau, US exports to China by HS6 and month (intltrade API)"
CENSUS_YTD = "US Census Bureau, year-to-date US exports to China of covered goods by sector"
CENSUS_HS2 = "US Census Bureau, US exports to China by HS2 and month (intltrade API), chapter 88"
COMTRADE = "UN Comtrade, USA exports to China (reporter 842, partner 156), annual HS6"
CENSUS_COUNTRY = "US Census Bureau, Trade in Goods with China (country table, CTY_CODE 5700)"

# Raw Annex 6.1 labels (as spelled in the Census extract) -> (sector, category key).
CATEGORIES = {
    "Industrial mac.hin ery": ("manufactured_goods", "industrial_machinery"),
    "Electrical equipment and mac.hioery": ("manufactured_goods", "electrical_equipment"),
    "Pharmaceutical products": ("manufactured_goods", "pharmaceutical_products"),
    "Vehicles": ("manufactured_goods", "vehicles"),
    "Optical and medical instruments": ("manufactured_goods", "optical_medical_instruments"),
    "Iron and steel": ("manufactured_goods", "iron_steel"),
    "Other manufactured goods": ("manufactured_goods", "other_manufactured_goods"),
    "Oilseeds": ("agriculture", "oilseeds"),
    "Meat": ("agriculture", "meat"),
    "Cereals": ("agriculture", "cereals"),
    "Cotton": ("agriculture", "cotton"),
    "Other agricultural commodities": ("agriculture", "other_agricultural_commodities"),
    "Seafood": ("agriculture", "seafood"),
    "Liquefied natural gas": ("energy", "liquefied_natural_gas"),
    "Crude oil": ("energy", "crude_oil"),
    "Refined products": ("energy", "refined_products"),
    "Coal": ("energy", "coal"),
}
# Census HS 8800 (civil aircraft, engines and parts): PIIE counts it from October 2020 on.
AIRCRAFT = ("manufactured_goods", "civil_aircraft")
YTD_SECTORS = {"Agriculture": "agriculture", "Energy": "energy",
               "Manufactures": "manufactured_goods"}
BN = 1e9


def read_raw(path: Path, columns: list[str]) -> pd.DataFrame:
    """A raw parquet file (index as columns), checked to hold `columns`; DataError otherwise."""
    try:
        df = pd.read_parquet(path).reset_index()
    except (OSError, ValueError) as err:  # missing, unreadable or not parquet
        raise DataError(f"cannot read raw file {path}: {err}") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"raw file {path} lacks column(s) {', '.join(missing)}; "
                        f"it has: {', '.join(map(str, df.columns))}")
    return df


def census_hs6(raw: Path) -> pd.DataFrame:
    """US exports to China by HS6 and month with sector/category keys; `value_bn` in US$ bn.

    The extract's last month (2021-02) has covered goods only, at HS4 level (no `hs6`).
    """
    df = read_raw(raw / HS6_FILE, ["time", "hs4", "hs6", "low_catagory", "china_exports"])
    labels = df["low_catagory"].map(CATEGORIES)
    aircraft = df["hs4"].eq("8800")
    df = df.assign(
        month=df["time"].dt.strftime("%Y-%m"),
        sector=[s[0] if isinstance(s, tuple) else None for s in labels],
        category=[s[1] if isinstance(s, tuple) else None for s in labels],
        value_bn=df["china_exports"] / BN,
    )
    df.loc[aircraft, ["sector", "category"]] = AIRCRAFT
    return df[["month", "hs6", "sector", "category", "value_bn"]]


def hs6_categories(hs6: pd.DataFrame) -> pd.DataFrame:
    """One (sector, category) tag per covered HS6 code, as used in the Census extract."""
    tagged = hs6.dropna(subset=["hs6", "category"])
    return tagged.drop_duplicates("hs6")[["hs6", "sector", "category"]]


def chapter_88_monthly(raw: Path) -> pd.Series:
    """US exports to China of HS chapter 88 (civil aircraft) by month, US$ bn."""
    df = read_raw(raw / HS2_FILE, ["CTY_NAME", "E_COMMODITY", "time", "exports"])
    df = df[df["CTY_NAME"].eq("CHINA") & df["E_COMMODITY"].eq("88")]
    return df.set_index(df["time"].dt.strftime("%Y-%m"))["exports"].div(BN).sort_index()


def ytd_2021(raw: Path) -> pd.DataFrame:
    """Year-to-date 2021 covered exports (excluding HS 8800) by month (1-11) and sector, US$ bn."""
    rows = {}
    for month in range(1, 12):
        snap = read_raw(raw / YTD_FILE.format(month=month), ["index", *YTD_SECTORS])
        values = snap.set_index("index").loc["2021 Values", list(YTD_SECTORS)]
        rows[month] = values.rename(YTD_SECTORS) / BN
    return pd.DataFrame(rows).T


def comtrade_2021(raw: Path, tags: pd.DataFrame) -> pd.DataFrame:
    """2021 US exports to China of covered goods by category, from Comtrade HS6, US$ bn."""
    df = read_raw(raw / COMTRADE_FILE, ["flow_code", "aggr_level", "ref_year", "cmd_code",
                                        "primary_value"])
    df = df[df["flow_code"].eq("X") & df["aggr_level"].eq(6) & df["ref_year"].eq(2021)]
    df = df.merge(tags, left_on="cmd_code", right_on="hs6")
    return df.groupby(["sector", "category"], as_index=False)["primary_value"].sum().assign(
        value_bn=lambda d: d["primary_value"] / BN
    )[["sector", "category", "value_bn"]]


def covered_goods_monthly(raw: Path) -> pd.DataFrame:
    """Monthly covered-goods exports by sector and component (listed goods, civil aircraft).

    2013-01..2021-02 from the HS6 extract; 2021-03..11 from differences of year-to-date
    snapshots; 2021-12 as the Comtrade 2021 total less year-to-date November (estimated);
    civil aircraft from 2021-02 on (absent from the extract's last month) from chapter 88.
    """
    hs6 = census_hs6(raw)
    covered = hs6.dropna(subset=["sector"])
    covered = covered.assign(component=covered["category"].eq("civil_aircraft").map(
        {True: "civil_aircraft", False: "listed"}))
    covered = covered[(covered["month"] < "2021-02") | covered["component"].eq("listed")]
    early = covered.groupby(["month", "sector", "component"], as_index=False)["value_bn"].sum()
    early = early.assign(source=CENSUS_HS6, quality="official")

    ytd = ytd_2021(raw)
    monthly = ytd.diff().iloc[2:]  # March..November; January and February come from HS6
    annual = comtrade_2021(raw, hs6_categories(hs6)).groupby("sector")["value_bn"].sum()
    december = annual - ytd.loc[11]
    rows = [
        dict(month=f"2021-{m:02d}", sector=s, component="listed", value_bn=monthly.loc[m, s],
             source=CENSUS_YTD, quality="official")
        for m in monthly.index for s in monthly.columns
    ]
    rows += [
        dict(month="2021-12", sector=s, component="listed", value_bn=v,
             source=f"{COMTRADE} less {CENSUS_YTD} through November", quality="estimated")
        for s, v in december.items()
    ]
    ch88 = chapter_88_monthly(raw)
    rows += [
        dict(month=m, sector=AIRCRAFT[0], component="civil_aircraft", value_bn=ch88[m],
             source=CENSUS_HS2, quality="official")
        for m in ch88.index if "2021-02" <= m <= "2021-12"
    ]
    out = pd.concat([early, pd.DataFrame(rows)], ignore_index=True)
    return out.sort_values(["month", "sector", "component"], ignore_index=True)


def covered_goods_annual(raw: Path) -> pd.DataFrame:
    """Annual covered-goods exports by Annex 6.1 category, 2013-2021, US$ bn.

    2013-2020 sum the HS6 extract; 2021 maps Comtrade HS6 to the same categories
    (civil aircraft: the monthly Census chapter 88 series).
    """
    hs6 = census_hs6(raw)
    covered = hs6.dropna(subset=["sector"]).assign(year=lambda d: d["month"].str[:4].astype(int))
    early = covered[covered["year"] <= 2020]
    early = early.groupby(["year", "sector", "category"], as_index=False)["value_bn"].sum()
    early = early.assign(source=CENSUS_HS6, quality="official")
    late = comtrade_2021(raw, hs6_categories(hs6))
    late = late[late["category"] != "civil_aircraft"].assign(
        year=2021, source=COMTRADE, quality="official")
    monthly = covered_goods_monthly(raw)
    aircraft = monthly[monthly["month"].str.startswith("2021")
                       & monthly["component"].eq("civil_aircraft")]
    aircraft = pd.DataFrame([dict(year=2021, sector=AIRCRAFT[0], category=AIRCRAFT[1],
                                  value_bn=aircraft["value_bn"].sum(),
                                  source=f"{CENSUS_HS6}; {CENSUS_HS2}", quality="official")])
    out = pd.concat([early, late, aircraft], ignore_index=True)
    return out.sort_values(["year", "sector", "category"], ignore_index=True)


def goods_exports_annual(raw: Path) -> pd.DataFrame:
    """Total US goods exports to China by year (complete years only), US$ bn."""
    df = read_raw(raw / COUNTRY_FILE, ["year", "CTY_CODE", "EYR"])
    df = df[df["CTY_CODE"].eq(5700)]
    months = [c for c in df.columns if c.startswith("E") and c != "EYR"]
    complete = df[months].gt(0).all(axis=1)
    df = df[complete]
    return pd.DataFrame({"year": df["year"].astype(int), "value_bn": df["EYR"] / 1000,
                         "source": CENSUS_COUNTRY, "quality": "official"}).sort_values(
        "year", ignore_index=True)


def baselines(goods: pd.DataFrame, services: pd.DataFrame, china: pd.DataFrame) -> pd.DataFrame:
    """2017 baselines by sector and basis, US$ bn: US-export goods from `goods`, services from
    `services`, China's imports from the published `china` table."""
    year = agreement.BASE_YEAR
    us_goods = goods[goods["year"].eq(year)].groupby("sector", as_index=False)["value_bn"].sum()
    us_goods = us_goods.assign(basis="us_exports", source=CENSUS_HS6, quality="official")
    us_services = services[services["year"].eq(year)].assign(sector="services", basis="us_exports")
    china = china[china["year"].eq(year)].assign(basis="china_imports")
    cols = ["sector", "basis", "value_bn", "source", "quality"]
    out = pd.concat([us_goods[cols], us_services[cols], china[cols]], ignore_index=True)
    order = {s: i for i, s in enumerate(agreement.SECTORS)}
    return out.sort_values(["basis", "sector"], key=lambda c: c.map(order) if c.name == "sector"
                           else c, ignore_index=True)


def derive(raw: Path, out: Path = config.DATA) -> list[str]:
    """Rewrite every derived table in `out` from `raw`; return the resource names written."""
    if not raw.is_dir():
        raise FileNotFoundError(
            f"raw data directory not found: {raw} (set RAW=... or PHASEONE_RAW)")
    goods = covered_goods_annual(raw)
    tables = {
        "covered_goods_annual": goods,
        "covered_goods_monthly": covered_goods_monthly(raw),
        "goods_exports_annual": goods_exports_annual(raw),
        "baselines": baselines(goods, load("services_exports", out), load("china_imports", out)),
    }
    for name, table in tables.items():
        datapackage.write_table(name, table, out)
    datapackage.refresh(out)
    return list(tables)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", nargs="?", type=Path, default=config.RAW, help="raw data directory")
    parser.add_argument("--out", type=Path, default=config.DATA, help="data directory to write")
    args = parser.parse_args(argv)
    try:
        names = derive(args.raw, args.out)
    except (FileNotFoundError, KeyError, DataError) as err:
        print(f"phaseone.derive: {err}", file=sys.stderr)
        return 1
    print(f"wrote {', '.join(names)} into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
