"""Covered goods by listed code: what each Annex 6.1 code of the product list carries a year.

The product list's codes are four-digit headings (and a few finer codes); the data report six
digits. Each reported HS6 code is summed under the listed code that covers it (the longest
matching prefix, as `products.classify` does), so the table adds up, year by year and
category by category, to `covered_goods_annual`. Two doubts are kept on every row: whether
the listed code was found in the Annex 6.1 attachment or its page inferred (`attachment`),
and whether the row sums HS 2022 subheadings, six-digit codes reported in HS 2022 that no
HS 2017 row of the data holds (851713 smartphones, 300241 vaccines, 854151 ...). Values are
US$ billions.
"""

import pandas as pd

from phaseone.data.derive.products import _match
from phaseone.vocabulary import ATTACHMENT, BASE_YEAR

INFERRED = "not found"  # how `checked` begins for a code whose attachment page was inferred
ABSENT = "not in the attachment"  # Census 8800, counted for the attachment's aircraft
CENSUS_VINTAGE = {2012: "HS2012", 2017: "HS2017"}  # Schedule B follows HS from January
COMTRADE_VINTAGE = {"H4": "HS2012", "H5": "HS2017", "H6": "HS2022"}
FIRST_YEAR = BASE_YEAR  # the table starts at the agreement's base year
AIRCRAFT_CODE = "8800"  # the listed Census code for civil aircraft (all of chapter 88)
COLUMNS = ["year", "hs_code", "sector", "category", "attachment", "hs_vintage",
           "hs2022_subheading", "hs6_codes", "value_bn", "source", "quality"]


def attachment(products: pd.DataFrame) -> pd.Series:
    """Each listed code's standing in the Annex 6.1 attachment: found | inferred | absent."""
    checked = products["checked"].fillna("")
    found, inferred, absent = ATTACHMENT
    status = checked.str.startswith(INFERRED).map({True: inferred, False: found})
    status = status.mask(checked.eq(ABSENT), absent)
    return pd.Series(status.to_numpy(), index=products["hs_code"].to_numpy())


def listed_codes(codes: pd.Series, products: pd.DataFrame) -> pd.Series:
    """The listed code covering each HS code (longest matching prefix; NaN: not covered)."""
    listed = {c: c for c in products["hs_code"]}
    found = {c: _match(c, listed) for c in codes.dropna().unique()}
    return codes.map(found)


def census_vintage(year: int) -> str:
    """The HS edition Census Schedule B follows in `year` (HS 2022 from 2022)."""
    return "HS2022" if year >= 2022 else CENSUS_VINTAGE[2017 if year >= 2017 else 2012]


def by_code(rows: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """HS6 rows (year, hs6, hs2017, hs_vintage, hs2022_subheading, value_bn, source,
    quality) summed by year and listed code, with the listed code's sector, category and
    standing in the attachment; rows no listed code covers are dropped."""
    tags = products.set_index("hs_code")
    rows = rows.assign(hs_code=listed_codes(rows["hs2017"], products)).dropna(
        subset=["hs_code"])
    keys = ["year", "hs_code", "hs_vintage", "hs2022_subheading", "source", "quality"]
    out = rows.groupby(keys, as_index=False).agg(
        value_bn=("value_bn", "sum"), hs6_codes=("hs6", lambda c: " ".join(sorted(set(c)))))
    out["hs6_codes"] = out["hs6_codes"].where(out["hs2022_subheading"])  # named where new
    out["sector"] = out["hs_code"].map(tags["sector"])
    out["category"] = out["hs_code"].map(tags["category"])
    out["attachment"] = out["hs_code"].map(attachment(products))
    return out


def covered_codes_annual(census: pd.DataFrame, comtrade: pd.DataFrame, vintages: dict[int, str],
                         goods: pd.DataFrame, products: pd.DataFrame, census_source: str,
                         comtrade_source: str) -> pd.DataFrame:
    """Covered goods by year and listed code from `FIRST_YEAR`, on the years and sources of
    `goods` (`covered_goods_annual`): Census HS6 for its complete years, Comtrade HS6 after
    them, civil aircraft after them as `goods` has it (chapter 88).

    `census`: month, hs6, value_bn (the HS6 extract); `comtrade`: year, cmd_code, hs2017,
    value_bn; `vintages`: Comtrade's classification code (H4, H5, H6) of each year.
    """
    comtrade = comtrade.assign(classification_code=comtrade["year"].map(vintages))
    census_years = set(goods.loc[goods["source"].eq(census_source), "year"])
    census = census.dropna(subset=["hs6"]).assign(year=census["month"].str[:4].astype(int))
    census = census[census["year"].isin(census_years)]
    census = census.groupby(["year", "hs6"], as_index=False)["value_bn"].sum()
    early = census.assign(hs2017=census["hs6"], hs_vintage=census["year"].map(census_vintage),
                          hs2022_subheading=False, source=census_source, quality="official")
    late = comtrade[comtrade["year"] > max(census_years)]
    late = late[~listed_codes(late["hs2017"], products).eq(AIRCRAFT_CODE)]
    hs2017_codes = set(comtrade.loc[comtrade["classification_code"].eq("H5"), "cmd_code"])
    hs2017_codes |= set(census.loc[census["year"] >= 2017, "hs6"])
    new = late["classification_code"].eq("H6") & ~late["cmd_code"].isin(hs2017_codes)
    late = late.assign(hs6=late["cmd_code"], hs2022_subheading=new,
                       hs_vintage=late["classification_code"].map(COMTRADE_VINTAGE),
                       source=comtrade_source, quality="official")
    columns = ["year", "hs6", "hs2017", "hs_vintage", "hs2022_subheading", "value_bn",
               "source", "quality"]
    listed = by_code(pd.concat([early[columns], late[columns]], ignore_index=True), products)
    listed = listed[~(listed["category"].eq("civil_aircraft") & listed["year"].gt(
        max(census_years)))]
    planes = goods[goods["category"].eq("civil_aircraft") & goods["year"].gt(
        max(census_years))]
    planes = planes.assign(hs_code=AIRCRAFT_CODE, attachment=ATTACHMENT[2],
                           hs_vintage=planes["year"].map(census_vintage),
                           hs2022_subheading=False, hs6_codes=None)
    out = pd.concat([listed, planes], ignore_index=True)[COLUMNS]
    out = out[out["year"] >= FIRST_YEAR].assign(  # the data package's booleans: text
        hs2022_subheading=out["hs2022_subheading"].map({True: "true", False: "false"}))
    order = {a: i for i, a in enumerate(ATTACHMENT)}  # civil aircraft (absent) last in a year
    return out.sort_values(["year", "attachment", "hs_code", "hs2022_subheading"],
                           key=lambda c: c.map(order) if c.name == "attachment" else c,
                           ignore_index=True)
