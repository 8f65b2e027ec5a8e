"""US exports by Census partner, HS chapter and month: the table purchase commitments are
measured on (`partner_chapters_monthly`).

Every partner's all-goods total (chapter 00), and the chapters each commitment file in
`data/commitments/` measures for its partner (`phaseone.terms.wanted`): adding a file with a
new partner or chapter is adding a file and rebuilding the data. Values are US$ billions.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from phaseone import terms

CENSUS_PARTNERS = "US Census Bureau, US exports by partner, HS2 and month (intltrade API)"
ALL_GOODS = "00"
BN = 1e9


def hs2_partners(files: list[Path]) -> pd.DataFrame:
    """Census HS2 rows of every partner in `files` (the manifest's census_hs2_monthly files):
    partner, chapter, month, exports (US$). Files later in name order (`phaseone fetch` adds
    them after the first extract) replace earlier ones' rows for the same key."""
    from phaseone.data import DataError
    from phaseone.data.derive import read_raw

    if not files:
        raise DataError("raw_manifest.csv lists no census_hs2_monthly file")
    frames = [read_raw(p, ["CTY_NAME", "E_COMMODITY", "time", "exports"]) for p in files]
    df = pd.concat([pd.DataFrame({
        "partner": f["CTY_NAME"], "chapter": f["E_COMMODITY"],
        "month": pd.to_datetime(f["time"], utc=True).dt.strftime("%Y-%m"),
        "exports": f["exports"]}) for f in frames], ignore_index=True)
    return df.drop_duplicates(["partner", "chapter", "month"], keep="last")


def partner_chapters_monthly(files: list[Path], data_dir: Path) -> pd.DataFrame:
    """Monthly US exports (US$ bn) by partner and chapter: every partner's chapter 00 and the
    (partner, chapter) pairs the commitment files measure."""
    df = hs2_partners(files)
    keep = {(p, ALL_GOODS) for p in df["partner"].unique()} | terms.wanted(data_dir)
    pairs = pd.MultiIndex.from_frame(df[["partner", "chapter"]])
    df = df[pairs.isin(list(keep))]
    out = pd.DataFrame({"partner": df["partner"], "chapter": df["chapter"], "month": df["month"],
                        "value_bn": df["exports"] / BN, "source": CENSUS_PARTNERS,
                        "quality": "official"})
    return out.sort_values(["partner", "chapter", "month"], ignore_index=True)
