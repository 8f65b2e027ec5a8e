"""The curated tables: schemas, hashes, sources, and clear errors on bad files."""

import json
import shutil

import pandas as pd
import pytest

from phaseone import config
from phaseone.data import DataError, load
from phaseone.data import package as datapackage

NAMES = [r["name"] for r in datapackage.read()["resources"]]


@pytest.mark.parametrize("name", NAMES)
def test_every_table_loads_with_a_source_on_every_row(name):
    table = load(name)
    assert len(table) > 0
    assert table["source"].str.len().gt(10).all()


def test_datapackage_hashes_and_bytes_match_the_files():
    assert datapackage.stale() == []
    for res in datapackage.read()["resources"]:
        assert res["bytes"] == (config.DATA / res["path"]).stat().st_size


def test_every_data_file_is_described():
    described = {r["path"] for r in datapackage.read()["resources"]}
    on_disk = {p.name for p in config.DATA.glob("*.csv")}
    assert on_disk == described


def test_values_are_billions_in_plausible_ranges():
    goods = load("goods_exports_annual").set_index("year")["value_bn"]
    assert 100 < goods[2017] < 160  # US goods exports to China, US$ bn
    assert load("commitments")["value_bn"].sum() == pytest.approx(200.0)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ for corrupting."""
    shutil.copytree(config.DATA, tmp_path / "data")
    return tmp_path / "data"


def _edit(path, old, new, accept=True):
    """Edit a data file; `accept` records its new hash as an accepted change would."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    if accept:
        datapackage.refresh(path.parent)


def test_missing_column_names_file_and_column(data_copy):
    path = data_copy / "commitments.csv"
    frame = pd.read_csv(path).drop(columns="quality")
    frame.to_csv(path, index=False)
    datapackage.refresh(data_copy)
    with pytest.raises(DataError, match=r"commitments.csv.*missing column 'quality'"):
        load("commitments", data_copy)


def test_negative_value_names_column_and_line(data_copy):
    _edit(data_copy / "commitments.csv", "agriculture,2020,12.5", "agriculture,2020,-12.5")
    with pytest.raises(DataError, match=r"commitments.csv: column 'value_bn', line 4: .*-12.5"):
        load("commitments", data_copy)


def test_unknown_sector_names_column_and_line(data_copy):
    _edit(data_copy / "commitments.csv", "energy,2021", "enrgy,2021")
    with pytest.raises(DataError, match=r"column 'sector', line 7: value 'enrgy' fails isin"):
        load("commitments", data_copy)


def test_duplicated_key_names_the_lines(data_copy):
    _edit(data_copy / "services_exports.csv", "2018,56.0", "2017,56.0")
    with pytest.raises(DataError, match=r"services_exports.csv: column 'year', line (7|8): "
                                        r"duplicated key value"):
        load("services_exports", data_copy)


def test_non_numeric_value_is_reported(data_copy):
    _edit(data_copy / "services_exports.csv", "2020,40.4", "2020,forty")
    with pytest.raises(DataError, match=r"column 'value_bn', line \d+: value 'forty'"):
        load("services_exports", data_copy)


def test_unknown_table_lists_the_known_ones():
    with pytest.raises(KeyError, match="known tables: commitments"):
        load("commitment")


def test_datapackage_is_frictionless_v2():
    pkg = json.loads(config.DATAPACKAGE.read_text())
    assert pkg["$schema"].endswith("/2.0/datapackage.json")
    for res in pkg["resources"]:
        assert res["hash"].startswith("sha256:") and res["sources"]
        assert {"fields", "primaryKey"} <= set(res["schema"])


@pytest.mark.raw
def test_make_data_reproduces_the_committed_files(raw, tmp_path):
    from phaseone.data.derive import derive

    out = tmp_path / "data"
    shutil.copytree(config.DATA, out)
    written = derive(raw, out)
    for name in written + ["datapackage"]:
        path = f"{name}.csv" if name != "datapackage" else "datapackage.json"
        assert (out / path).read_bytes() == (config.DATA / path).read_bytes(), path


@pytest.mark.raw
def test_a_damaged_raw_file_is_named_and_nothing_is_written(raw, tmp_path):
    from phaseone.data.derive import derive

    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    target = copy / "census-exports-china-hs6-monthly-2013-01_2021-02.parquet"
    target.chmod(0o644)
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    target.write_bytes(bytes(data))
    out = tmp_path / "data"
    shutil.copytree(config.DATA, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(DataError, match=r"hs6-monthly-2013-01_2021-02.parquet does not match "
                                        r"raw_manifest.csv"):
        derive(copy, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.raw
def test_a_recorded_raw_file_without_the_columns_is_named(raw, tmp_path):
    from phaseone.data.derive import derive

    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    target = copy / "census-exports-china-hs6-monthly-2013-01_2021-02.parquet"
    target.chmod(0o644)
    pd.DataFrame({"time": [1]}).to_parquet(target)
    out = tmp_path / "data"
    shutil.copytree(config.DATA, out)
    manifest = pd.read_csv(out / "raw_manifest.csv", dtype=str)
    row = manifest["file"].eq(target.name)
    manifest.loc[row, "bytes"] = str(target.stat().st_size)
    manifest.loc[row, "sha256"] = datapackage.sha256(target)
    manifest.to_csv(out / "raw_manifest.csv", index=False, lineterminator="\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(DataError, match=r"hs6-monthly.* lacks column\(s\) hs4, hs4_o, hs6"):
        derive(copy, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# ----------------------------------------------------------------------------- integrity


def test_an_edited_file_is_refused_until_accepted(data_copy):
    """Issue 8, fault 1: `sed -i '2s/,32.9,/,39.2,/' data/commitments.csv` went unnoticed."""
    version = datapackage.version(data_copy)
    _edit(data_copy / "commitments.csv", ",32.9,", ",39.2,", accept=False)
    with pytest.raises(DataError, match=rf"{data_copy / 'commitments.csv'} has changed since "
                       rf".*run `phaseone data accept --data {data_copy}`"):
        load("commitments", data_copy)
    assert datapackage.version(data_copy) != version  # from the files, not the records
    with pytest.raises(DataError, match="commitments.csv has changed"):
        datapackage.verify(data_copy)
    datapackage.refresh(data_copy)
    assert load("commitments", data_copy)["value_bn"].iloc[0] == 39.2


@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity"])
def test_numbers_must_be_finite(data_copy, value):
    """Issue 8, fault 2: a value of inf passed the schema."""
    _edit(data_copy / "commitments.csv", ",32.9,", f",{value},")
    with pytest.raises(DataError, match=r"commitments.csv: column 'value_bn', line 2: "
                                        r"value -?inf fails finite"):
        load("commitments", data_copy)


@pytest.mark.parametrize("content, message", [
    (b"", r"commitments.csv is empty"),
    (b"  \n", r"commitments.csv is empty"),
    (b"sector,year,value_bn,source,quality\nmanufactured_goods,2020,32.9,\"Econ",
     r"commitments.csv cannot be parsed as CSV: .*EOF inside string starting at row 1"),
    (b"sector,year,value_bn,source,quality\nenergy,2020,1,a,official,extra,more\n",
     r"commitments.csv cannot be parsed as CSV: .*Expected 5 fields in line 2, saw 7"),
    (b"sector,year,value_bn,source,quality\n\xff\xfe,2020\n", r"commitments.csv is not UTF-8"),
])
def test_empty_truncated_and_unparsable_files_are_named(data_copy, content, message):
    (data_copy / "commitments.csv").write_bytes(content)
    datapackage.refresh(data_copy)
    with pytest.raises(DataError, match=message):
        load("commitments", data_copy)


def test_a_truncated_row_names_the_line(data_copy):
    path = data_copy / "commitments.csv"
    path.write_bytes(path.read_bytes()[:150])  # cut inside the second data row
    datapackage.refresh(data_copy)
    with pytest.raises(DataError, match=r"commitments.csv: column 'quality', line 2: "
                                        r"value 'offic' fails isin"):
        load("commitments", data_copy)


@pytest.mark.parametrize("content, message", [
    ("{", r"datapackage.json is not valid JSON: Expecting property name"),
    ('{"resources": [{"name": "x"}]}', r"datapackage.json: expected an object whose 'resources'"),
])
def test_an_invalid_datapackage_is_named(data_copy, content, message):
    (data_copy / "datapackage.json").write_text(content)
    with pytest.raises(DataError, match=message):
        load("commitments", data_copy)
