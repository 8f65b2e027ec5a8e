"""The reports' rules read the data folder the kernel will read, as any reader would."""

import shutil

import pytest
from declared import validate_notebook

from phaseone import config
from phaseone.parameters import ParameterError
from phaseone.reports import years
from phaseone.reports.growth import rules as growth_rules
from phaseone.reports.growth.model import DEFAULTS


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(config.DATA, folder)
    return folder


def test_the_rules_read_the_data_folder_given_not_the_projects(data):
    table = data / "goods_exports_annual.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(line for line in lines if not line.startswith("2001,")),
                     encoding="utf-8")
    assert growth_rules.problems(DEFAULTS) == []
    found = growth_rules.problems(DEFAULTS, data)
    assert "history_start=2001 has no data" in " ".join(found)
    with pytest.raises(ParameterError, match="trend_start=2001 has no data"):
        validate_notebook(config.NOTEBOOKS / "growth.py", {}, data_dir=data)


def test_a_table_saved_by_excel_with_a_bom_and_crlf_reads_the_same_years(data):
    table = data / "soybeans_annual.csv"
    text = table.read_text(encoding="utf-8")
    table.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert years.years("soybeans_annual", data) == years.years("soybeans_annual",
                                                                  config.DATA)


def test_an_unreadable_year_names_the_file_and_line(data):
    table = data / "soybeans_annual.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text(lines[0] + "20x5" + lines[1][4:], encoding="utf-8")
    with pytest.raises(ValueError, match=r"soybeans_annual.csv, line 2: year '20x5'"):
        years.years("soybeans_annual", data)
