"""The Annex 6.1 product list (`data/annex_6_1_products.csv`) and HS codes classified by it.

A listed code covers every finer code that starts with it; where several listed codes
match, the longest wins (290511 methanol is energy inside heading 2905). A listed code
finer than the data (the 9-digit naphtha line 271012250 in HS6 data) counts its whole
data row, as the Census extract the project started from does.
"""

from pathlib import Path

import pandas as pd

from phaseone import config
from phaseone.data import load

KEYS = ["sector", "category"]


def product_list(data_dir: Path = config.DATA) -> pd.DataFrame:
    """The Annex 6.1 product list: hs_code, hs_vintage, sector, category, page, ..."""
    return load("annex_6_1_products", data_dir, verify=False)


def _match(code: str, listed: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    for length in range(len(code), 1, -1):
        if code[:length] in listed:
            return listed[code[:length]]
    finer = sorted(c for c in listed if c.startswith(code))
    return listed[finer[0]] if finer else None


def classify(codes: pd.Series, products: pd.DataFrame) -> pd.DataFrame:
    """(sector, category) of each HS code in `codes` by longest matching listed prefix.

    Returns a frame aligned with `codes`, columns sector and category (NaN: not covered).
    """
    tags = zip(products["sector"], products["category"], strict=True)
    listed = dict(zip(products["hs_code"], tags, strict=True))
    found = {c: _match(c, listed) for c in codes.dropna().unique()}
    tags = codes.map(lambda c: found.get(c) or (None, None))
    return pd.DataFrame(tags.tolist(), index=codes.index, columns=KEYS)


def to_hs2017(codes: pd.Series, concordance: pd.DataFrame) -> pd.Series:
    """HS 2022 codes mapped to HS 2017 by the concordance's longest matching prefix
    (`hs2022` -> `hs2017`); codes the amendment left alone map to themselves."""
    moved = dict(zip(concordance["hs2022"], concordance["hs2017"], strict=True))

    def one(code: str) -> str:
        for length in range(len(code), 3, -1):
            if code[:length] in moved:
                return moved[code[:length]]
        return code

    return codes.map(one)
