"""The data layer's gate: complete tables, plausible values, one gate for edits, readers that
take Excel's CSV and refuse what does not fully match. Each case works in a copy of data/ and
leaves data/ and reports/ byte-identical."""

import hashlib
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from phaseone import config, data
from phaseone.data import DataError, derive, load
from phaseone.data import package as datapackage

NAMES = [r["name"] for r in datapackage.read()["resources"]]
# Lists an analyst edits row by row (the README's "Updating the data"): removing their last row
# is a documented edit, so they only require what the derivation cannot do without.
EDITED_LISTS = {"annex_6_1_products", "hs_concordance", "raw_manifest"}


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".build" not in p.parts}


@pytest.fixture(autouse=True)
def committed_files_untouched():
    before = _digest(config.DATA), _digest(config.REPORTS)
    yield
    assert (_digest(config.DATA), _digest(config.REPORTS)) == before


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(config.DATA, tmp_path / "data")
    return tmp_path / "data"


def _rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def accept(folder):
    """What `phaseone data accept` does: validate every table, then record the hashes."""
    data.check(folder)
    datapackage.refresh(folder)


# ----------------------------------------------------------------------------- complete tables


def test_a_deleted_commitment_is_refused_naming_the_missing_key(copy):
    path = copy / "commitments.csv"
    path.write_text("".join(line for line in path.read_text().splitlines(keepends=True)
                            if not line.startswith("services,2021,")))
    with pytest.raises(DataError) as err:
        accept(copy)
    assert str(err.value) == (
        f"{path} is incomplete: every sector in each agreement year (Annex 6.1); missing "
        "sector 'services', year 2021 (datapackage.json, phaseone:complete)")
    assert datapackage.stale(copy) == ["commitments.csv"]  # nothing recorded


@pytest.mark.parametrize("name", sorted(set(NAMES) - EDITED_LISTS))
def test_dropping_the_last_row_of_a_table_is_refused(copy, name):
    path = copy / datapackage.resource(name, copy)["path"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    datapackage.refresh(copy)  # even when its hash was recorded, every load refuses it
    with pytest.raises(DataError, match=rf"{path.name} is incomplete: .*missing|expected through"):
        load(name, copy)


def test_a_whole_year_missing_at_the_end_of_a_series_is_refused(copy):
    path = copy / "soybeans_annual.csv"
    path.write_text("".join(line for line in path.read_text().splitlines(keepends=True)
                            if not line.startswith("2025,")))
    with pytest.raises(DataError, match=r"soybeans_annual.csv is incomplete: every year from "
                                        r"2015 through at least 2025; its years from 2015 end "
                                        r"at 2024, expected through 2025"):
        accept(copy)


def test_a_gap_inside_a_series_names_each_missing_key(copy):
    path = copy / "covered_goods_monthly.csv"
    path.write_text("".join(line for line in path.read_text().splitlines(keepends=True)
                            if not line.startswith("2015-06,")))
    with pytest.raises(DataError, match=r"missing sector 'agriculture', component 'listed', "
                                        r"month '2015-06'; .*(and \d+ more)?"):
        accept(copy)


def test_a_later_year_extends_a_series(copy):
    path = copy / "soybeans_annual.csv"
    last = path.read_text().splitlines()[-1]
    path.write_text(path.read_text() + last.replace("2025,", "2026,", 1) + "\n")
    accept(copy)
    assert load("soybeans_annual", copy)["year"].max() == 2026


@pytest.mark.parametrize("name", NAMES)
def test_a_table_with_only_its_header_is_refused(copy, name):
    path = copy / datapackage.resource(name, copy)["path"]
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n")
    with pytest.raises(DataError, match=rf"{path.name} has only its header, no rows"):
        accept(copy)


def test_a_huge_finite_value_is_refused_naming_value_and_line(copy):
    _rewrite(copy / "commitments.csv", "manufactured_goods,2020,32.9,",
             "manufactured_goods,2020,1e308,")
    with pytest.raises(DataError, match=r"commitments.csv: column 'value_bn', line 2: value "
                                        r"1e\+308 fails less_than_or_equal_to\(100\)"):
        accept(copy)


def test_every_value_column_has_a_stated_plausible_range():
    for res in datapackage.read()["resources"]:
        for field in res["schema"]["fields"]:
            if field["type"] == "number" and field["name"].endswith("_bn"):
                assert "maximum" in field.get("constraints", {}), (res["name"], field["name"])
        assert res["name"] in EDITED_LISTS or "keys" in res["phaseone:complete"] \
            or "series" in res["phaseone:complete"], res["name"]


def test_a_renamed_key_column_is_named_in_one_header_message(copy):
    _rewrite(copy / "covered_goods_annual.csv", "year,sector,", "yr,sector,")
    with pytest.raises(DataError) as err:
        accept(copy)
    message = str(err.value)
    assert "missing column 'year' (column 1 is 'yr': renamed?)" in message
    assert "duplicated key" not in message and len(message.splitlines()) == 4


# ----------------------------------------------------------------------------- readers


def test_an_excel_csv_with_bom_and_crlf_reads_as_the_original(copy):
    for name in ("services_exports", "commitments", "goods_exports_annual"):
        path = copy / f"{name}.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    accept(copy)
    for name in ("services_exports", "commitments", "goods_exports_annual"):
        pd.testing.assert_frame_equal(load(name, copy), load(name))


def test_a_datapackage_with_a_bom_is_read(copy):
    path = copy / "datapackage.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert datapackage.read(copy)["resources"][0]["name"] == "commitments"


@pytest.mark.parametrize("table, old, new, message", [
    ("annex_6_1_products", "\n0101,HS2017", '\n"0101\n",HS2017',
     r"column 'hs_code', line 2: value '0101\\n' fails str_matches"),  # PL4
    ("annex_6_1_products", "\n1201,HS2017", "\n12010,HS2017",
     r"column 'hs_code', line \d+: value '12010' fails str_matches"),  # PL5: odd length
    ("covered_goods_monthly", "\n2013-01,", '\n"2013-01\n",',
     r"column 'month', line 2: value '2013-01\\n' fails str_matches"),  # D19
    ("services_exports", "\n2014,", '\n"2014\n",',
     r"column 'year', line 4: value '2014\\n' has a blank or line break around the number"),
    ("commitments", ",32.9,", ", 32.9,",
     r"column 'value_bn', line 2: value ' 32.9' has a blank"),
])
def test_patterns_and_numbers_must_match_the_whole_cell(copy, table, old, new, message):
    _rewrite(copy / f"{table}.csv", old, new)
    with pytest.raises(DataError, match=message):
        accept(copy)


# ----------------------------------------------------------------------------- datapackage.json


def _edit_package(folder, change):
    path = folder / "datapackage.json"
    pkg = json.loads(path.read_text())
    change(pkg)
    path.write_text(json.dumps(pkg, indent=2))


def _by_name(pkg, name):
    return next(r for r in pkg["resources"] if r["name"] == name)


@pytest.mark.parametrize("change, message", [
    (lambda p: p["resources"].remove(_by_name(p, "commitments")),
     r"datapackage.json does not list commitments.csv"),  # DP03
    (lambda p: p["resources"].append(p["resources"][0]),
     r"more than one resource has the name 'commitments'"),  # DP08
    (lambda p: _by_name(p, "commitments")["schema"].update(primaryKey=["sector", "yr"]),
     r"table 'commitments': primaryKey names no column 'yr'"),  # DP09
    (lambda p: _by_name(p, "commitments")["schema"]["fields"][1].update(type="date"),
     r"field 'year' has type 'date'; expected one of string, integer, number"),  # DP10
    (lambda p: _by_name(p, "commitments")["schema"]["fields"][0]["constraints"].update(
        pattern="([0-9"), r"field 'sector' has an invalid pattern '\(\[0-9'"),
    (lambda p: _by_name(p, "commitments").pop("schema"),
     r"table 'commitments': expected a 'schema' whose 'fields' list"),
    (lambda p: _by_name(p, "commitments")["phaseone:complete"].update(keys=[{"sectr": "enum"}]),
     r"table 'commitments': phaseone:complete 'keys' must be a list"),
])
def test_a_broken_datapackage_fails_data_check(copy, change, message):
    _edit_package(copy, change)
    with pytest.raises(DataError, match=message):
        data.check(copy)


def test_data_check_passes_on_the_committed_tables():
    run = subprocess.run([sys.executable, "-m", "phaseone.cli", "data", "check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


# ----------------------------------------------------------------------------- one gate


def _derived_now(folder):
    """The derived tables as they are, standing in for a derivation from raw files."""
    return {r["name"]: load(r["name"], folder) for r in datapackage.read(folder)["resources"]
            if r.get("derived")}


def test_the_derivation_records_only_the_tables_it_derived(copy, monkeypatch):
    tables = _derived_now(copy)
    monkeypatch.setattr(derive, "tables", lambda raw, out: tables)
    _rewrite(copy / "commitments.csv", "manufactured_goods,2020,32.9,",
             "manufactured_goods,2020,3.29,")
    written = derive.derive(copy, copy)
    assert set(written) == set(tables) and "commitments" not in written
    assert datapackage.stale(copy) == ["commitments.csv"]
    with pytest.raises(DataError, match="commitments.csv has changed since"):
        datapackage.verify(copy)
    for name in written:  # the same tables give the same bytes
        path = datapackage.resource(name, copy)["path"]
        assert (copy / path).read_bytes() == (config.DATA / path).read_bytes()


def test_the_derivation_refuses_an_incomplete_table_and_writes_nothing(copy, monkeypatch):
    tables = _derived_now(copy)
    tables["soybeans_annual"] = tables["soybeans_annual"].iloc[:-1]  # R06/R07: 2025 lost
    monkeypatch.setattr(derive, "tables", lambda raw, out: tables)
    before = _digest(copy)
    with pytest.raises(DataError, match=r"soybeans_annual.csv is incomplete: .* end at 2024"):
        derive.derive(copy, copy)
    assert _digest(copy) == before


@pytest.mark.raw
def test_the_derivation_replays_from_the_raw_files(raw, copy):
    _rewrite(copy / "commitments.csv", "manufactured_goods,2020,32.9,",
             "manufactured_goods,2020,3.29,")
    run = subprocess.run([sys.executable, "-m", "phaseone.data.derive", str(raw), "--out",
                          str(copy)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "still refused until `phaseone data accept" in run.stdout
    assert datapackage.stale(copy) == ["commitments.csv"]
    check = subprocess.run([sys.executable, "-m", "phaseone.cli", "data", "check", "--data",
                            str(copy)], capture_output=True, text=True)
    assert check.returncode == 1 and "commitments.csv has changed" in check.stderr
