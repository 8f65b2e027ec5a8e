"""Data loading invariants that realistic one-line bugs would break (issue 12's mutation
survivors): required cells, optional cells, and the cache handing out copies."""

import json
import shutil
from pathlib import Path

import pytest

from phaseone import config, data
from phaseone.data import DataError, load, read_csv
from phaseone.data import package as datapackage


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


def test_writing_a_loaded_table_reproduces_its_file(tmp_path):
    shutil.copytree(config.DATA, tmp_path / "data")
    table = load("covered_goods_annual")
    text = datapackage.table_text("covered_goods_annual", table[table.columns[::-1]],
                                  tmp_path / "data")
    datapackage.write_texts({"covered_goods_annual": text}, tmp_path / "data")
    path = tmp_path / "data" / "covered_goods_annual.csv"
    assert path.read_bytes() == (config.DATA / "covered_goods_annual.csv").read_bytes()


def test_write_texts_writes_every_table_or_none(tiny):
    datapackage.write_texts({"codes": "code,share,note\nAB,0.1,\n"}, tiny)
    assert (tiny / "codes.csv").read_text() == "code,share,note\nAB,0.1,\n"
    with pytest.raises(KeyError, match="no table 'other'"):
        datapackage.write_texts({"codes": "code,share,note\n", "other": "x\n"}, tiny)
    assert (tiny / "codes.csv").read_text() == "code,share,note\nAB,0.1,\n"
    assert sorted(p.name for p in tiny.iterdir()) == ["codes.csv", "datapackage.json"]


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
