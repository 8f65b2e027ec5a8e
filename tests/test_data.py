"""The curated tables: schemas, hashes, sources, and clear errors on bad files."""

import json
import shutil

import pandas as pd
import pytest

from phaseone import config, datapackage
from phaseone.data import DataError, load

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
    from phaseone.derive import derive

    out = tmp_path / "data"
    shutil.copytree(config.DATA, out)
    written = derive(raw, out)
    for name in written + ["datapackage"]:
        path = f"{name}.csv" if name != "datapackage" else "datapackage.json"
        assert (out / path).read_bytes() == (config.DATA / path).read_bytes(), path


@pytest.mark.raw
@pytest.mark.parametrize("damage, message", [
    (lambda p: p.write_bytes(b"not parquet"), "cannot read raw file .*hs6-monthly"),
    (lambda p: pd.DataFrame({"time": [1]}).to_parquet(p),
     r"hs6-monthly.* lacks column\(s\) hs4, hs6, low_catagory, china_exports"),
])
def test_a_damaged_raw_file_is_named_and_nothing_is_written(raw, tmp_path, damage, message):
    from phaseone.derive import HS6_FILE, derive

    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    (copy / HS6_FILE).chmod(0o644)
    damage(copy / HS6_FILE)
    out = tmp_path / "data"
    shutil.copytree(config.DATA, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(DataError, match=message):
        derive(copy, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
