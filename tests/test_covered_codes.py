"""Covered goods by listed code (the product list's doubts) and China's own import statistics:
the derived tables against their sources and against the project's other tables."""

import pandas as pd
import pytest

from phaseone.data import load
from phaseone.data.derive import china_side, codes, inputs
from phaseone.data.derive.products import classify

FACTS_CHINA_TOTALS = {2017: 154.4, 2020: 136.3, 2021: 179.8, 2023: 165.2}  # FACTS section 8


def test_codes_add_up_to_covered_goods_by_year_and_category():
    """Every listed code summed: covered_goods_annual, to within the CSV's six decimals per
    code (about 0.1 $mn per category)."""
    by_code = load("covered_codes_annual").groupby(["year", "category"])["value_bn"].sum()
    goods = load("covered_goods_annual").set_index(["year", "category"])["value_bn"]
    goods = goods[goods.index.get_level_values("year") >= codes.FIRST_YEAR]
    assert set(by_code.index) == set(goods.index)
    assert (by_code - goods.reindex(by_code.index)).abs().max() < 1e-4


def test_each_listed_code_carries_its_standing_in_the_attachment():
    table = load("covered_codes_annual")
    products = load("annex_6_1_products").set_index("hs_code")
    inferred = products["checked"].str.startswith("not found")
    expected = table["hs_code"].map(inferred).map({True: "inferred", False: "found"})
    expected = expected.mask(table["hs_code"].eq("8800"), "absent")
    assert table["attachment"].tolist() == expected.tolist()
    assert (table["sector"] == table["hs_code"].map(products["sector"])).all()


def test_inferred_codes_carry_the_measured_value_of_the_2017_base():
    """$11.15 bn of the 2017 base (Census HS6) and $15-18 bn a year on Comtrade 2021-25, HS
    3002 the largest, as first measured on the same data."""
    table = load("covered_codes_annual")
    inferred = table[table["attachment"].eq("inferred")].groupby("year")["value_bn"].sum()
    assert inferred[2017] == pytest.approx(11.15, abs=0.01)
    assert inferred.loc[2022:2025].between(15, 18).all()
    pharma = table[table["year"].eq(2022) & table["attachment"].eq("inferred")]
    assert pharma.groupby("hs_code")["value_bn"].sum().idxmax() == "3002"


def test_hs2022_subheadings_are_codes_no_hs2017_row_holds():
    table = load("covered_codes_annual")
    new = table[table["hs2022_subheading"].eq("true")]
    assert set(new["hs_vintage"]) == {"HS2022"} and new["year"].min() == 2022
    named = {c for text in new["hs6_codes"] for c in text.split()}
    assert {"851713", "300241", "854151"} <= named
    moved = set(load("hs_concordance")["hs2022"])  # new headings mapped to HS 2017 ones
    for row in new.itertuples():
        assert all(c.startswith(row.hs_code) or c[:4] in moved for c in row.hs6_codes.split())
    old = table[table["hs2022_subheading"].eq("false")]
    assert old["hs6_codes"].isna().all()
    added = new.groupby("year")["value_bn"].sum()
    assert added.between(1.0, 2.0).all() and list(added.index) == [2022, 2023, 2024, 2025]


def test_china_reported_totals_match_the_published_figures():
    """China's imports from the US as China reports them: FACTS' figures to 0.05 (their
    rounding)."""
    totals = load("china_reported_imports").set_index("year")["value_bn"]
    for year, value in FACTS_CHINA_TOTALS.items():
        assert totals[year] == pytest.approx(value, abs=0.05)
    assert list(totals.index) == list(range(2013, 2024))


def test_china_2024_imports_add_up_to_the_file_and_to_china_customs():
    """The HS6 file sums to $164.39 bn; China Customs published $163.6 bn: within 1%."""
    table = load("china_imports_covered_2024")
    total = table["value_bn"].sum()
    assert total == pytest.approx(164.39, abs=0.01)
    assert total == pytest.approx(163.6, rel=0.01)
    soy = table.set_index("category").loc["oilseeds", "value_bn"]
    assert soy >= 12.04  # soybeans 120190 alone are 12.04 (the file's description)


@pytest.mark.raw
def test_china_2024_covered_goods_follow_the_project_classification(raw):
    """Each HS6 line of the file mapped to HS 2017 and classified by the product list gives
    the derived table, and the soybean line is the file's."""
    src = inputs(raw)
    hs6 = china_side.imports_2024(src.one("wto_china_tariffs"))
    assert hs6.set_index("hs6").loc["120190", "value_bn"] == pytest.approx(12.04, abs=0.005)
    rows = china_side.classified(hs6, src.products, src.concordance)
    direct = classify(hs6["hs6"].where(~hs6["hs6"].str.startswith("88"), "8800"),
                      src.products)
    unmoved = ~hs6["hs6"].str[:4].isin(src.concordance["hs2022"])
    assert (rows.loc[unmoved, "category"] == direct.loc[unmoved, "category"].fillna(
        "not_covered")).all()
    table = load("china_imports_covered_2024").set_index("category")["value_bn"]
    ours = rows.groupby("category")["value_bn"].sum()
    assert (ours - table.reindex(ours.index)).abs().max() < 1e-5


def test_a_tariff_file_whose_weights_differ_between_dates_is_refused(tmp_path):
    path = tmp_path / "tariffs.csv"
    pd.DataFrame({"year_dt": ["2025-01-01", "2025-02-10"], "hs_code": ["120190", "120190"],
                  "imports": [12e9, 11e9]}).to_csv(path, index=False)
    with pytest.raises(Exception, match="import weights differ"):
        china_side.imports_2024(path)


def test_after_the_deal_states_what_hs2022_subheadings_add():
    from phaseone.reports.after_the_deal import model as after

    m = after.model()
    codes = load("covered_codes_annual")
    new = codes[codes["hs2022_subheading"].eq("true")].groupby("year")["value_bn"].sum()
    assert m.hs2022.set_index("year")["value_bn"].to_dict() == pytest.approx(new.to_dict())
    for year, value in new.items():
        assert f"${value:.2f} billion in {year}" in m.hs2022_text.text
    assert "not a measured addition" in m.hs2022_text.text
    assert after.model(sectors=["services"]).hs2022_text == m.hs2022_text  # fixed
