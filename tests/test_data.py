"""The curated tables: schemas, hashes, sources, and clear errors on bad files."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from phaseone import config, data
from phaseone.data import DataError, load, read_csv
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
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises(DataError, match=r"hs6-monthly-2013-01_2021-02.parquet does not match "
                                        r"raw_manifest.csv"):
        derive(copy, out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


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
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises(DataError, match=r"hs6-monthly.* lacks column\(s\) hs4, hs4_o, hs6"):
        derive(copy, out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


# ----------------------------------------------------------------------------- integrity


def test_an_edited_file_is_refused_until_accepted(data_copy):
    """An edit by hand (`sed -i '2s/,32.9,/,39.2,/' data/commitments.csv` must not go unnoticed."""
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
    """A value of inf does not pass the schema."""
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


def _cells(name: str):
    return read_csv(Path(config.DATA) / f"{name}.csv")


@pytest.mark.parametrize("column", ["sector", "year", "value_bn", "source", "quality"])
def test_a_blank_required_cell_is_refused_with_its_column_and_line(column):
    frame = _cells("commitments")
    frame.loc[2, column] = None
    with pytest.raises(DataError, match=rf"column '{column}', line 4: .*not_nullable"):
        data.validate("commitments", frame)


def test_a_blank_optional_cell_is_accepted():
    frame = _cells("annex_6_1_products")
    frame.loc[0, "note"] = None
    assert data.validate("annex_6_1_products", frame)["note"].isna().iloc[0]


def test_load_hands_out_copies_so_an_edit_does_not_leak_into_the_next_caller():
    first = load("commitments")
    expected = first["value_bn"].sum()
    first["value_bn"] = 0.0
    first.loc[first.index[0], "sector"] = "energy"
    again = load("commitments")
    assert again["value_bn"].sum() == pytest.approx(expected)
    assert again["sector"].iloc[0] == "manufactured_goods"


SCHEMA = {"fields": [
    {"name": "code", "type": "string",
     "constraints": {"required": True, "pattern": "^[0-9A-Z]{2}$"}},
    {"name": "share", "type": "number", "constraints": {"required": True, "minimum": 0,
                                                        "maximum": 1}},
    {"name": "note", "type": "string"},
], "primaryKey": ["code"]}


@pytest.fixture
def tiny(tmp_path):
    """A data folder with one table `codes` whose schema uses every constraint."""
    (tmp_path / "codes.csv").write_text("code,share,note\nNA,0.5,Namibia\n07,1,\n")
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "codes", "path": "codes.csv", "schema": SCHEMA}]}))
    datapackage.refresh(tmp_path)
    return tmp_path


def test_text_cells_are_kept_as_typed(tiny):
    table = load("codes", tiny)
    assert list(table["code"]) == ["NA", "07"]  # neither a missing value nor the number 7
    assert list(table["share"]) == [0.5, 1.0] and table["note"].isna().tolist() == [False, True]


@pytest.mark.parametrize("row, message", [
    ("XX,1.5,", r"column 'share', line 2: value 1.5 fails less_than_or_equal_to\(1\)"),
    ("X1,-0.1,", r"column 'share', line 2: value -0.1 fails greater_than_or_equal_to\(0\)"),
    ("abc,0.5,", r"column 'code', line 2: value 'abc' fails str_matches"),
])
def test_maximum_minimum_and_pattern_are_enforced(tiny, row, message):
    (tiny / "codes.csv").write_text(f"code,share,note\n{row}\n")
    with pytest.raises(DataError, match=message):
        data.check(tiny)


@pytest.mark.parametrize("header, message", [
    ("code,note,share", "the header: column 'note' out of order"),
    ("code,share,note,extra", "the header: unexpected column 'extra'"),
    ("code,share", "the header: missing column 'note'"),
])
def test_the_header_must_be_the_schema_columns_in_order(tiny, header, message):
    values = {"code": "AB", "share": "0.5", "note": "x", "extra": "1"}
    (tiny / "codes.csv").write_text(header + "\n" + ",".join(
        values[c] for c in header.split(",")) + "\n")
    with pytest.raises(DataError, match=message):
        data.check(tiny)


def test_at_most_twenty_problems_are_listed(tiny):
    rows = "".join(f"{i:02d},{2 + i},\n" for i in range(25))
    (tiny / "codes.csv").write_text("code,share,note\n" + rows)
    with pytest.raises(DataError) as err:
        data.check(tiny)
    lines = str(err.value).splitlines()
    assert lines[0].endswith("does not match its schema in datapackage.json:")
    assert len(lines) == 21 and all(line.startswith("  codes.csv: column 'share'")
                                    for line in lines[1:])


def test_missing_and_unreadable_files_are_named(tiny):
    (tiny / "codes.csv").unlink()
    with pytest.raises(DataError, match=r"codes.csv is missing \(listed in datapackage.json "
                                        r"as table 'codes'\)"):
        load("codes", tiny)
    with pytest.raises(DataError, match=r"cannot read .*codes.csv: No such file"):
        read_csv(tiny / "codes.csv")


def test_the_project_data_passes_check_by_default():
    data.check()


def test_cells_are_read_as_text_as_written(tmp_path):
    (tmp_path / "t.csv").write_text("code,value_bn\n0201,1.50\n,2\n")
    frame = read_csv(tmp_path / "t.csv")
    assert frame["code"].tolist()[0] == "0201" and frame["value_bn"].tolist() == ["1.50", "2"]
    assert frame["code"].isna().tolist() == [False, True]


def test_a_table_that_cannot_be_read_is_named(tmp_path):
    descriptor = {"resources": [{"name": "t", "path": "t.csv",
                                 "schema": {"fields": [{"name": "x"}]}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    (tmp_path / "t.csv").mkdir()
    with pytest.raises(DataError) as exc:
        load("t", tmp_path, verify=False)
    assert str(exc.value) == f"cannot read {tmp_path / 't.csv'}: Is a directory"
