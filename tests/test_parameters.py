import json
from pathlib import Path

import pytest
from declared import validate_notebook
from hypothesis import given
from hypothesis import strategies as st

from phaseone.builder.notebook import parse_cell, read_parameters
from phaseone.parameters import CliText, Parameter, ParameterError, canonical, validate

FIXTURES = Path(__file__).parent / "fixtures"
SIMPLE = FIXTURES / "simple.py"


def test_reads_types_defaults_descriptions_and_choices():
    params = {p.name: p for p in read_parameters(SIMPLE)}
    assert list(params) == ["basis", "year", "confidence", "include_services", "sectors", "label"]
    assert params["basis"] == Parameter(
        "basis", "str", "us_exports", "whose statistics measure purchases",
        ("us_exports", "china_imports"),
    )
    assert params["year"].type == "int" and params["year"].default == 2021
    assert params["year"].choices is None and params["year"].description == "last year counted"
    assert params["confidence"].default == 0.95
    assert params["include_services"].type == "bool"
    assert params["sectors"].default == ["agriculture", "energy"]
    assert params["sectors"].choices == ("manufactured_goods", "agriculture", "energy", "services")
    assert params["sectors"].description == "sectors to include"


def test_description_with_colon_but_no_choices_is_kept_whole():
    [p] = parse_cell('as_of: str = "2021-12"  # last month: YYYY-MM\n')
    assert p.choices is None and p.description == "last month: YYYY-MM"


def test_reads_ipynb_parameters_cell(tmp_path):
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# T"]},
            {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
             "source": ["n: int = 3  # how many\n", "mode: str = 'a'  # a | b: mode\n"]},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    params = read_parameters(path)
    assert [(p.name, p.type, p.default, p.choices) for p in params] == [
        ("n", "int", 3, None), ("mode", "str", "a", ("a", "b"))]


def test_defaults_when_no_overrides():
    assert validate_notebook(SIMPLE) == {
        "basis": "us_exports", "year": 2021, "confidence": 0.95, "include_services": True,
        "sectors": ["agriculture", "energy"], "label": "base"}


def test_unknown_name_suggests_close_match_and_lists_every_parameter():
    with pytest.raises(ParameterError) as err:
        validate_notebook(SIMPLE, {"basiss": "china_imports"})
    message = str(err.value)
    assert "simple: unknown parameter 'basiss'; did you mean 'basis'?" in message
    assert "valid parameters:" in message
    for line in ("basis: str = 'us_exports'", "year: int = 2021", "confidence: float = 0.95",
                 "include_services: bool = True", "sectors: list = ['agriculture', 'energy']",
                 "label: str = 'base'"):
        assert line in message
    assert "[us_exports | china_imports]" in message


def test_unknown_name_without_close_match_has_no_suggestion():
    with pytest.raises(ParameterError, match="unknown parameter 'zzz'") as err:
        validate_notebook(SIMPLE, {"zzz": 1})
    assert "did you mean" not in str(err.value)


def test_wrong_type_is_named():
    with pytest.raises(ParameterError, match=r"parameter 'year' expects int, got str '2021'"):
        validate_notebook(SIMPLE, {"year": "2021"})
    with pytest.raises(ParameterError, match=r"'year' expects int, got bool True"):
        validate_notebook(SIMPLE, {"year": True})
    with pytest.raises(ParameterError, match=r"'include_services' expects bool, got int 1"):
        validate_notebook(SIMPLE, {"include_services": 1})
    with pytest.raises(ParameterError, match=r"'sectors' expects list, got str"):
        validate_notebook(SIMPLE, {"sectors": "energy"})


def test_int_is_accepted_for_float_and_converted():
    values = validate_notebook(SIMPLE, {"confidence": 1})
    assert values["confidence"] == 1.0 and isinstance(values["confidence"], float)


def test_invalid_choice_lists_the_choices():
    with pytest.raises(ParameterError) as err:
        validate_notebook(SIMPLE, {"basis": "eu_exports"})
    assert "parameter 'basis': invalid value 'eu_exports'" in str(err.value)
    assert "choices: us_exports | china_imports" in str(err.value)


def test_each_list_element_must_be_a_choice():
    assert validate_notebook(SIMPLE, {"sectors": ["energy"]})["sectors"] == ["energy"]
    with pytest.raises(ParameterError, match=r"invalid element 'coal'; choices: manufactured_"):
        validate_notebook(SIMPLE, {"sectors": ["energy", "coal"]})


def test_every_problem_is_reported_at_once():
    with pytest.raises(ParameterError) as err:
        validate_notebook(SIMPLE, {"year": "x", "basis": "mars"})
    assert "'year' expects int" in str(err.value) and "'basis': invalid value" in str(err.value)


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("year", "2020", 2020),
        ("confidence", "0.9", 0.9),
        ("confidence", "1", 1.0),
        ("confidence", "1e-3", 0.001),
        ("include_services", "false", False),
        ("include_services", "no", False),
        ("basis", "china_imports", "china_imports"),
        ("label", "2021-12", "2021-12"),
        ("label", "true", "true"),  # a str parameter takes the text as typed
        ("sectors", "energy,services", ["energy", "services"]),
        ("sectors", "[agriculture]", ["agriculture"]),
        ("sectors", "energy", ["energy"]),
    ],
)
def test_command_line_text_is_parsed_then_checked(name, text, expected):
    assert validate_notebook(SIMPLE, {name: CliText(text)})[name] == expected


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("year", "twenty", "expects int, got str 'twenty'"),
        ("year", "20.5", "expects int, got float 20.5"),
        ("include_services", "1", "expects bool, got int 1"),
        ("confidence", "high", "expects float, got str 'high'"),
        ("sectors", "energy,coal", "invalid element 'coal'"),
    ],
)
def test_command_line_text_of_the_wrong_type_is_an_error(name, text, message):
    with pytest.raises(ParameterError, match=message):
        validate_notebook(SIMPLE, {name: CliText(text)})


def test_invalid_default_in_the_notebook_is_an_error():
    params = parse_cell('mode: str = "c"  # a | b: mode\n')
    with pytest.raises(ParameterError, match="default of parameter 'mode': invalid value 'c'"):
        validate(params, {}, name="nb")


def test_non_literal_default_and_unsupported_type_are_errors():
    with pytest.raises(ParameterError, match="must be a literal"):
        parse_cell("n: int = len('abc')  # n\n")
    with pytest.raises(ParameterError, match="unsupported type 'dict'"):
        parse_cell("d: dict = {}  # d\n")


def test_unannotated_assignments_take_the_default_type():
    params = parse_cell("a = 1\nb = 0.5\nc = 'x'\nd = False\ne = [1, 2]\n")
    assert [p.type for p in params] == ["int", "float", "str", "bool", "list"]


def test_error_is_a_value_error():
    assert issubclass(ParameterError, ValueError)


@given(st.dictionaries(st.text(min_size=1, max_size=5),
                       st.one_of(st.integers(), st.text(max_size=5), st.booleans()), max_size=5))
def test_canonical_json_ignores_key_order(values):
    reordered = dict(reversed(list(values.items())))
    assert canonical(values) == canonical(reordered)
    assert json.loads(canonical(values)) == values


def test_trailing_lint_pragma_is_not_part_of_the_description():
    [p] = parse_cell('mode: str = "a"  # a | b: the mode  # noqa: E501\n')
    assert p.choices == ("a", "b") and p.description == "the mode"
