"""Parameter parsing that realistic one-line bugs would break (issue 12's mutation survivors)."""

import re

import pytest

from phaseone import reports
from phaseone.builder.notebook import parse_cell
from phaseone.parameters import CliText, validate

CELL = '''years: list = [2019, 2020]  # agreement and reference years
rates: list = [0.5, 1.5]  # growth rates
names: list = ["a", "b"]  # labels
'''


@pytest.mark.parametrize("name, text, expected", [
    ("years", "2019, 2021", [2019, 2021]),
    ("rates", "0.25,2", [0.25, 2]),
    ("names", "2019, x", ["2019", "x"]),  # a list of text stays text
])
def test_a_numeric_list_parameter_reads_numbers_from_the_command_line(name, text, expected):
    value = validate(parse_cell(CELL), {name: CliText(text)}, name="nb")[name]
    assert value == expected
    assert [type(v) for v in value] == [type(v) for v in expected]



GROWTH = {"series": "goods_and_services", "base_year": 2017, "history_start": 2001,
          "history_end": 2017, "confidence": 0.95, "trend_start": 2001, "trend_end": 2017}


@pytest.mark.parametrize("change, message", [
    ({"confidence": 1.0}, "^confidence=1.0 must be strictly between 0 and 1"),
    ({"base_year": 2010}, r"^base_year=2010 must be a year before 2020 with goods_and_services "
                          r"data \(2001-2019; "),
    ({"history_start": 2017}, "^history_start=2017 must be at least 1 year"),
    ({"trend_start": 2016}, "^trend_start=2016 must be at least 2 year"),
    ({"trend_end": 1970}, r"trend_end=1970 has no data \(years with data: 1985-\d{4}\)$"),
])
def test_growth_rules_name_the_parameter_and_the_valid_range(change, message):
    problems = reports.problems("growth", {**GROWTH, **change})
    assert any(re.search(message, p) for p in problems), problems


@pytest.mark.parametrize("change", [{"history_start": 2016}, {"trend_start": 2015},
                                    {"confidence": 0.5}])
def test_growth_rules_accept_the_shortest_windows(change):
    assert reports.problems("growth", {**GROWTH, **change}) == []
