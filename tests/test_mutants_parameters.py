"""Parameter parsing that realistic one-line bugs would break (issue 12's mutation survivors)."""

import pytest

from phaseone.parameters import CliText, parse_cell, validate

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

