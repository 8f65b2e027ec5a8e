"""The data package descriptor and the writing of tables, on a small package in a temporary
folder: what is read, what is written, and every refusal."""

import hashlib
import json
import re
import shutil
import stat
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from phaseone import config
from phaseone.data import load
from phaseone.data import package as datapackage
from phaseone.data.package import DataError

FIELDS = {"a": ["year", "value_bn"], "b": ["x"]}


@pytest.fixture
def pkg(tmp_path):
    resources = [{"name": name, "path": f"{name}.csv",
                  "schema": {"fields": [{"name": f} for f in fields]}}
                 for name, fields in FIELDS.items()]
    (tmp_path / "datapackage.json").write_text(json.dumps({"version": "1.2",
                                                           "resources": resources}))
    (tmp_path / "a.csv").write_text("year,value_bn\n2020,1.000000\n")
    (tmp_path / "b.csv").write_text("x\n1\n")
    datapackage.refresh(tmp_path)
    return tmp_path


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_read_gives_the_descriptor(pkg):
    got = datapackage.read(pkg)
    assert got["version"] == "1.2" and [r["name"] for r in got["resources"]] == ["a", "b"]
    assert datapackage.resource("b", pkg)["path"] == "b.csv"


@pytest.mark.parametrize("content, message", [
    (None, "cannot read {path}: No such file or directory"),
    (b"{", "{path} is not valid JSON: "),
    (b"\xff\xfe{}", "{path} is not valid JSON: "),
    (b"[]", "{path}: expected an object whose 'resources' list gives each table a 'name' "
            "and a 'path'"),
    (b"{}", "{path}: expected an object"),
    (b'{"resources": {}}', "{path}: expected an object"),
    (b'{"resources": [1]}', "{path}: expected an object"),
    (b'{"resources": [{"name": "a"}]}', "{path}: expected an object"),
    (b'{"resources": [{"path": "a.csv"}]}', "{path}: expected an object"),
    (b'{"resources": [{"name": 1, "path": "a.csv"}]}', "{path}: expected an object"),
    (b'{"resources": [{"name": "a", "path": 2}]}', "{path}: expected an object"),
])
def test_read_names_the_file_it_cannot_use(tmp_path, content, message):
    path = tmp_path / "datapackage.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataError) as exc:
        datapackage.read(tmp_path)
    assert str(exc.value).startswith(message.format(path=path))


def test_an_empty_resource_list_is_a_package(tmp_path):
    (tmp_path / "datapackage.json").write_text('{"resources": []}')
    assert datapackage.read(tmp_path) == {"resources": []}
    assert datapackage.version(tmp_path).startswith("0+")


def test_an_unknown_table_lists_the_known_ones(pkg):
    with pytest.raises(KeyError) as exc:
        datapackage.resource("c", pkg)
    assert exc.value.args[0] == (f"no table 'c' in {pkg / 'datapackage.json'}; "
                                 "known tables: a, b")


def test_hashes_are_sha256_in_hex(tmp_path):
    (tmp_path / "f").write_bytes(b"abc")
    expected = hashlib.sha256(b"abc").hexdigest()
    assert datapackage.sha256(tmp_path / "f") == datapackage.sha256_bytes(b"abc") == expected


def test_atomic_write_leaves_only_the_file_readable_by_all(tmp_path):
    path = tmp_path / "new" / "deeper" / "f.csv"
    datapackage.atomic_write(path, b"x\n1\n")
    assert path.read_bytes() == b"x\n1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert _files(path.parent) == ["f.csv"]
    datapackage.atomic_write(path, b"y\n")
    assert path.read_bytes() == b"y\n" and _files(path.parent) == ["f.csv"]


def test_a_failed_atomic_write_leaves_no_temporary_file(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "inside").write_text("keep")
    with pytest.raises(OSError):
        datapackage.atomic_write(tmp_path / "taken", b"data")
    assert _files(tmp_path) == ["taken"]
    assert (tmp_path / "taken" / "inside").read_text() == "keep"


TABLE = pd.DataFrame({"extra": ["z", "z"], "value_bn": [1.23456789, 2.0], "year": [2020, 2021]})


def test_table_text_is_the_schemas_columns_at_six_decimals(pkg):
    assert datapackage.table_text("a", TABLE, pkg) == \
        "year,value_bn\n2020,1.234568\n2021,2.000000\n"


def test_a_table_written_goes_to_its_resources_file(pkg):
    datapackage.write_texts({"a": datapackage.table_text("a", TABLE, pkg)}, pkg)
    path = pkg / "a.csv"
    assert path.read_text() == "year,value_bn\n2020,1.234568\n2021,2.000000\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert datapackage.stale(pkg) == ["a.csv"]


def test_write_texts_writes_every_table(pkg):
    datapackage.write_texts({"a": "year,value_bn\n", "b": "x\n2\n"}, pkg)
    assert (pkg / "a.csv").read_text() == "year,value_bn\n"
    assert (pkg / "b.csv").read_text() == "x\n2\n"
    assert stat.S_IMODE((pkg / "b.csv").stat().st_mode) == 0o644
    assert _files(pkg) == ["a.csv", "b.csv", "datapackage.json"]


def test_write_texts_changes_nothing_when_one_table_is_unknown(pkg):
    before = {name: (pkg / name).read_bytes() for name in _files(pkg)}
    with pytest.raises(KeyError, match="no table 'c'"):
        datapackage.write_texts({"a": "year,value_bn\n", "b": "x\n", "c": "y\n"}, pkg)
    assert {name: (pkg / name).read_bytes() for name in _files(pkg)} == before


def test_refresh_records_bytes_and_hashes(pkg):
    (pkg / "b.csv").write_text("x\n1\n2\n")
    assert datapackage.stale(pkg) == ["b.csv"]
    datapackage.refresh(pkg)
    res = datapackage.resource("b", pkg)
    assert res["bytes"] == 6
    assert res["hash"] == "sha256:" + hashlib.sha256(b"x\n1\n2\n").hexdigest()
    text = (pkg / "datapackage.json").read_text()
    assert text.endswith("}\n") and '\n  "resources": [' in text
    assert datapackage.stale(pkg) == []
    datapackage.verify(pkg)


def test_stale_lists_changed_missing_and_unrecorded_files(pkg):
    descriptor = json.loads((pkg / "datapackage.json").read_text())
    del descriptor["resources"][1]["hash"]
    (pkg / "datapackage.json").write_text(json.dumps(descriptor))
    assert datapackage.stale(pkg) == ["b.csv"]
    (pkg / "a.csv").unlink()
    assert datapackage.stale(pkg) == ["a.csv", "b.csv"]


def test_verify_names_every_refused_file(pkg):
    (pkg / "a.csv").unlink()
    (pkg / "b.csv").write_text("x\n9\n")
    with pytest.raises(DataError) as exc:
        datapackage.verify(pkg)
    descriptor = pkg / "datapackage.json"
    assert str(exc.value) == (
        f"{pkg / 'a.csv'} is missing (listed in {descriptor})\n"
        f"{pkg / 'b.csv'} has changed since {descriptor} recorded its sha256 hash; if the "
        f"change is intended, run `phaseone data accept --data {pkg}` (it validates every "
        "table, then records the new hashes), or restore the file")


def test_the_project_data_needs_no_data_option():
    path = config.DATA / "commitments.csv"
    message = datapackage.mismatch_message(path, config.DATA)
    assert "run `phaseone data accept` (it validates" in message


def test_version_follows_the_files_bytes(pkg):
    first = datapackage.version(pkg)
    assert first.startswith("1.2+") and len(first) == len("1.2+") + 8
    int(first[4:], 16)
    (pkg / "b.csv").write_text("x\n2\n")
    second = datapackage.version(pkg)
    assert second != first and second.startswith("1.2+")
    (pkg / "b.csv").unlink()
    assert datapackage.version(pkg) not in (first, second)
    hashes = [f"sha256:{datapackage.sha256(pkg / 'a.csv')}", "missing"]
    assert datapackage.version(pkg) == \
        "1.2+" + hashlib.sha256("".join(hashes).encode()).hexdigest()[:8]


@pytest.fixture
def renames(monkeypatch):
    """The folder's file names just before each rename (what a crash would leave behind)."""
    seen = []
    replace = datapackage.os.replace

    def recording_replace(src, dst):
        seen.append((_files(Path(dst).parent), Path(src).parent == Path(dst).parent))
        replace(src, dst)

    monkeypatch.setattr(datapackage.os, "replace", recording_replace)
    return seen


def _hidden_temp(name, table):
    return re.fullmatch(rf"\.{re.escape(table)}\..+\.tmp", name)


def test_temporary_files_are_hidden_beside_their_table(pkg, renames):
    datapackage.atomic_write(pkg / "a.csv", b"year,value_bn\n")
    datapackage.write_texts({"a": "year,value_bn\n", "b": "x\n"}, pkg)
    assert len(renames) == 3 and all(same_folder for _, same_folder in renames)
    first, second, third = (names for names, _ in renames)
    assert [n for n in first if n.startswith(".")] == [n for n in first if _hidden_temp(n, "a.csv")]
    assert len([n for n in first if n.startswith(".")]) == 1
    assert sorted(n for n in second if n.startswith(".")) == sorted(
        n for n in second if _hidden_temp(n, "a.csv") or _hidden_temp(n, "b.csv"))
    assert len([n for n in second if n.startswith(".")]) == 2
    assert len([n for n in third if n.startswith(".")]) == 1
    assert _files(pkg) == ["a.csv", "b.csv", "datapackage.json"]


def test_writes_do_not_need_the_system_temporary_folder(pkg, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    datapackage.atomic_write(pkg / "a.csv", b"year,value_bn\n")
    datapackage.write_texts({"b": "x\n5\n"}, pkg)
    assert (pkg / "b.csv").read_text() == "x\n5\n"


def test_writing_a_loaded_table_reproduces_its_file(tmp_path):
    shutil.copytree(config.DATA, tmp_path / "data")
    table = load("covered_goods_annual")
    text = datapackage.table_text("covered_goods_annual", table[table.columns[::-1]],
                                  tmp_path / "data")
    datapackage.write_texts({"covered_goods_annual": text}, tmp_path / "data")
    path = tmp_path / "data" / "covered_goods_annual.csv"
    assert path.read_bytes() == (config.DATA / "covered_goods_annual.csv").read_bytes()
