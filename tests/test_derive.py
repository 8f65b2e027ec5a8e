"""The Annex 6.1 product list drives the derivation; raw files are verified first."""

import shutil

import pandas as pd
import pytest

from phaseone import config
from phaseone.data import derive
from phaseone.data.derive.products import classify, product_list, to_hs2017
from phaseone.data.tables import _load

SECTORS_IN_EXTRACT = {"Agriculture": "agriculture", "Energy": "energy",
                      "Manufactures": "manufactured_goods"}
LIST = pd.DataFrame({"hs_code": ["2905", "290511", "271012250", "8800"],
                     "sector": ["manufactured_goods", "energy", "energy", "manufactured_goods"],
                     "category": ["other", "refined", "refined", "civil_aircraft"]})


def test_longest_listed_prefix_wins():
    tags = classify(pd.Series(["290511", "290519", "271012", "271019", "880000"]), LIST)
    assert tags["category"].fillna("-").tolist() == ["refined", "other", "refined", "-",
                                                     "civil_aircraft"]


def test_hs2022_codes_map_back_by_prefix():
    table = pd.DataFrame({"hs2022": ["8524", "854911"], "hs2017": ["8529", "854810"]})
    codes = pd.Series(["852411", "854911", "847130"])
    assert to_hs2017(codes, table).tolist() == ["8529", "854810", "847130"]


def test_the_product_list_cites_the_attachment_page_of_every_listed_code():
    products = product_list()
    listed = products[products["hs_vintage"].eq("HS2017")]
    assert listed["page"].str.match(r"^6-([4-9]|1[0-9]|2[0-2])$").all()
    assert set(products["category"]) >= {"civil_aircraft", "oilseeds", "crude_oil"}


@pytest.mark.raw
def test_the_product_list_reproduces_the_tagged_2017_and_2020_totals(raw):
    """Against the Annex 6.1 tags in the raw Census extract, within US$0.1bn per sector."""
    from phaseone.data.derive import census_hs6, inputs

    hs6 = census_hs6(inputs(raw))
    extract = pd.read_parquet(raw / "census-exports-china-hs6-monthly-2013-01_2021-02.parquet")
    extract = extract.reset_index()
    sector = extract["high_catagory"].map(SECTORS_IN_EXTRACT)
    sector[extract["hs4"].eq("8800")] = "manufactured_goods"
    year = extract["time"].dt.year
    for y in (2017, 2020):
        ours = hs6[hs6["month"].str.startswith(str(y))].groupby("sector")["value_bn"].sum()
        tagged = extract[year.eq(y)].groupby(sector)["china_exports"].sum() / 1e9
        assert (ours - tagged.reindex(ours.index)).abs().max() < 0.1, y


@pytest.mark.raw
def test_deleting_a_code_moves_the_totals_by_its_value_and_restoring_restores(raw, tmp_path):
    from phaseone.data.derive import census_hs6, derive, inputs

    out = tmp_path / "data"
    shutil.copytree(config.DATA, out)
    hs6 = census_hs6(inputs(raw, out))
    wheat = hs6[hs6["hs6"].str.startswith("1001", na=False)
                & hs6["month"].str.startswith("2017")]
    products = (out / "annex_6_1_products.csv").read_text()
    lines = products.splitlines(keepends=True)
    (out / "annex_6_1_products.csv").write_text(
        "".join(line for line in lines if not line.startswith("1001,")))
    _load.cache_clear()  # tables are read once per process
    derive(raw, out)
    before = pd.read_csv(config.DATA / "covered_goods_annual.csv")
    after = pd.read_csv(out / "covered_goods_annual.csv")
    change = (before[before["year"].eq(2017)]["value_bn"].sum()
              - after[after["year"].eq(2017)]["value_bn"].sum())
    assert change == pytest.approx(wheat["value_bn"].sum(), abs=1e-5)
    (out / "annex_6_1_products.csv").write_text(products)
    _load.cache_clear()
    for name in derive(raw, out):
        assert (out / f"{name}.csv").read_bytes() == (config.DATA / f"{name}.csv").read_bytes()


@pytest.mark.raw
def test_new_years_agree_with_census_and_2021_with_the_old_path(raw):
    goods = pd.read_csv(config.DATA / "goods_exports_annual.csv").set_index("year")["value_bn"]
    census = {2022: 154.125448, 2023: 147.777767, 2024: 143.545740}  # country table, EYR
    from phaseone.data.derive import hs2_monthly, inputs

    hs2 = hs2_monthly(inputs(raw), "00")
    for year, value in census.items():
        assert abs(goods[year] - value) < 0.5
        assert abs(hs2[hs2.index.str.startswith(str(year))].sum() - value) < 0.5
    covered = pd.read_csv(config.DATA / "covered_goods_annual.csv")
    assert set(covered["year"]) >= {2022, 2023, 2024, 2025}


def test_soybeans_are_read_in_billions_of_dollars_and_millions_of_tonnes(tmp_path):
    """Comtrade gives dollars and kilograms: 36e9 kg is 36 million tonnes, 14e9 US$ is 14 bn."""
    path = tmp_path / "comtrade.parquet"
    pd.DataFrame({
        "flow_code": ["X", "X", "X", "M", "X"],
        "ref_year": [2020, 2020, 2021, 2020, 2021],
        "cmd_code": [derive.SOYBEANS, derive.OILSEEDS, derive.SOYBEANS, derive.SOYBEANS,
                     derive.OILSEEDS],
        "primary_value": [14.0e9, 15.5e9, 7.25e9, 1.0e9, 8.0e9],
        "qty": [36.0e9, 0.0, 14.5e9, 3.0e9, 0.0],
        "qty_unit_abbr": ["kg", "kg", "kg", "kg", "kg"],
    }).to_parquet(path)
    inputs = derive.Inputs({"comtrade_annual": [path]}, pd.DataFrame(), pd.DataFrame())
    out = derive.soybeans_annual(inputs)
    assert out["year"].tolist() == [2020, 2021]
    assert out["value_bn"].tolist() == pytest.approx([14.0, 7.25], rel=1e-12)
    assert out["tonnes_mn"].tolist() == pytest.approx([36.0, 14.5], rel=1e-12)
    assert out["oilseeds_bn"].tolist() == pytest.approx([15.5, 8.0], rel=1e-12)
    # the unit value the after-the-deal report converts dollars to tonnes with: US$ 389/t
    assert out["value_bn"].iloc[0] * 1e9 / (out["tonnes_mn"].iloc[0] * 1e6) == \
        pytest.approx(388.89, abs=0.01)


def test_soybeans_in_another_unit_than_kilograms_are_refused(tmp_path):
    path = tmp_path / "comtrade.parquet"
    pd.DataFrame({"flow_code": ["X"], "ref_year": [2020], "cmd_code": [derive.SOYBEANS],
                  "primary_value": [1.0e9], "qty": [2.0e6],
                  "qty_unit_abbr": ["t"]}).to_parquet(path)
    inputs = derive.Inputs({"comtrade_annual": [path]}, pd.DataFrame(), pd.DataFrame())
    with pytest.raises(derive.DataError, match="quantities must be in kg"):
        derive.soybeans_annual(inputs)
