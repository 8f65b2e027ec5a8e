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


# --------------------------------------------------------------- refusals of the derivation


def _digest(folder):
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".build" not in p.parts}


@pytest.fixture
def committed_untouched():
    before = _digest(config.DATA), _digest(config.REPORTS)
    yield
    assert (_digest(config.DATA), _digest(config.REPORTS)) == before


@pytest.fixture
def data_copy(tmp_path, committed_untouched):
    shutil.copytree(config.DATA, tmp_path / "data")
    _load.cache_clear()
    yield tmp_path / "data"
    _load.cache_clear()


def _accept(folder):
    from phaseone import data
    from phaseone.data import package

    data.check(folder)
    package.refresh(folder)


@pytest.mark.raw
def test_removing_a_heading_names_the_product_list_and_the_fixed_december_estimate(
        raw, data_copy, capsys):
    """Removing heading 1201 (soybeans) leaves December 2021, the Comtrade year less the fixed
    Census year-to-date snapshots, negative: the refusal says so, and writes nothing."""
    path = data_copy / "annex_6_1_products.csv"
    path.write_text("".join(line for line in path.read_text().splitlines(keepends=True)
                            if not line.startswith("1201,")))
    _accept(data_copy)
    before = _digest(data_copy)
    assert derive.main([str(raw), "--out", str(data_copy)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("phaseone: error: ")
    for words in (f"{path} (the product list)", "December 2021", "fixed Census year-to-date "
                  "snapshots", "agriculture", "heading(s) 1201", "nothing was written"):
        assert words in err
    assert _digest(data_copy) == before


def _comtrade(path, **columns):
    frame = pd.DataFrame({"flow_code": ["X"], "aggr_level": [6], "ref_year": [2025],
                          "classification_code": ["H6"], "cmd_code": ["120190"],
                          "primary_value": [1.0e9], **columns})
    frame.to_parquet(path)
    return derive.Inputs({"comtrade_annual": [path]}, LIST, pd.DataFrame(
        {"hs2022": ["9999"], "hs2017": ["9999"]}))


def test_a_raw_value_column_stored_as_text_is_refused_naming_file_and_column(tmp_path):
    inputs = _comtrade(tmp_path / "comtrade.parquet", primary_value=["1000000000.0"])
    with pytest.raises(derive.DataError, match=r"comtrade.parquet: column 'primary_value' holds "
                       r"\w+ values, e.g. '1000000000.0', not numbers"):
        derive.comtrade_hs6(inputs)


def test_an_empty_raw_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "comtrade-2025.parquet"
    inputs = _comtrade(path)
    pd.read_parquet(path).iloc[:0].to_parquet(path)
    with pytest.raises(derive.DataError, match=r"comtrade-2025.parquet holds no rows"):
        derive.comtrade_hs6(inputs)


def test_ctrl_c_in_the_derivation_exits_130_with_one_line_and_writes_nothing(
        data_copy, monkeypatch, capsys):
    def interrupted(raw, out):
        raise KeyboardInterrupt

    monkeypatch.setattr(derive, "tables", interrupted)
    before = _digest(data_copy)
    assert derive.main([str(data_copy), "--out", str(data_copy)]) == 130
    assert capsys.readouterr() == ("", "phaseone: error: interrupted; nothing was written\n")
    assert _digest(data_copy) == before


def test_ctrl_c_while_the_tables_are_written_lets_them_and_their_hashes_be_written(
        data_copy, monkeypatch):
    import os
    import signal

    from phaseone.data import package

    derived = {r["name"]: pd.read_csv(data_copy / r["path"], dtype=str, keep_default_na=False)
               for r in package.read(data_copy)["resources"] if r.get("derived")}
    name = next(iter(derived))
    derived[name] = derived[name].iloc[::-1]  # a change to write (rows in another order)
    monkeypatch.setattr(derive, "tables", lambda raw, out: derived)
    monkeypatch.setattr(derive, "validate", lambda *args: None)
    real = package.write_texts

    def interrupted_midway(texts, folder):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arrives while the files are written
        real(texts, folder)

    monkeypatch.setattr(package, "write_texts", interrupted_midway)
    assert derive.derive(data_copy, data_copy) == list(derived)
    assert package.stale(data_copy) == []  # the tables written and their hashes recorded
