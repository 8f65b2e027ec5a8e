"""Parameter values checked before a kernel starts: command-line text converted for its
parameter, a value of the wrong type or outside the choices refused by name, unknown names
suggested, defaults filled in, and the canonical form of a parameter set."""

import json
from pathlib import Path

import pytest
from declared import validate_notebook
from hypothesis import given
from hypothesis import strategies as st
from test_notebook_source import CELL

from phaseone.builder.notebook import parse_cell
from phaseone.parameters import (
    CliText,
    Parameter,
    ParameterError,
    canonical,
    check,
    parse_text,
    validate,
)
from phaseone.reports.growth import rules as growth_rules

FIXTURES = Path(__file__).parent / "fixtures"
SIMPLE = FIXTURES / "simple.py"


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


@pytest.mark.parametrize("text, expected", [("energy,services", ["energy", "services"]),
                                            ("energy", ["energy"])])
def test_a_list_written_as_text_in_a_parameters_file_reads_as_on_the_command_line(text,
                                                                                  expected):
    """`sectors: energy,services` in a YAML file is the same list as `-p sectors
    energy,services`."""
    from phaseone.parameters import FileText

    assert validate_notebook(SIMPLE, {"sectors": FileText(text)})["sectors"] == expected


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


def test_error_is_a_value_error():
    assert issubclass(ParameterError, ValueError)


@given(st.dictionaries(st.text(min_size=1, max_size=5),
                       st.one_of(st.integers(), st.text(max_size=5), st.booleans()), max_size=5))
def test_canonical_json_ignores_key_order(values):
    reordered = dict(reversed(list(values.items())))
    assert canonical(values) == canonical(reordered)
    assert json.loads(canonical(values)) == values


def test_a_tuple_default_of_another_type_is_refused_as_written():
    with pytest.raises(ParameterError, match=r"^nb: default of parameter 'x' expects str, got "
                       r"tuple \('a', 'b'\)"):
        validate(parse_cell("x: str = ('a', 'b')\n"), name="nb")


def test_signature_and_description_lines():
    p = P
    assert p["basis"].signature() == "basis: str = 'us_exports'"
    assert p["basis"].describe() == ("basis: str = 'us_exports'  [us_exports | china_imports]"
                                     "  whose statistics: the buyer's or ours")
    assert p["count"].describe() == "count: int = 3"
    assert p["year"].describe() == "year: int = 2021  last year counted"
    assert p["level"].describe() == "level: int = 1  [1 | 2 | 3]  a level"


P = {p.name: p for p in parse_cell(CELL, "nb")}


@pytest.mark.parametrize("name, text, value", [
    ("label", "2020", "2020"),
    ("label", " yes ", " yes "),
    ("year", "2019", 2019),
    ("confidence", "1e-3", 0.001),
    ("confidence", "0.9", 0.9),
    ("confidence", "abc", "abc"),
    ("flag", "false", False),
    ("basis", "a: b: c", "a: b: c"),
    ("year", "a: b: c", "a: b: c"),
    ("sectors", "energy, agriculture,, ", ["energy", "agriculture"]),
    ("sectors", " [energy, 2020] ", ["energy", 2020]),
    ("pair", "3, 4.5", [3, 4.5]),
    ("sectors", "", []),
])
def test_command_line_text_is_converted_for_the_parameter(name, text, value):
    got = parse_text(P[name], text)
    assert got == value
    if isinstance(value, list):
        assert [type(v) for v in got] == [type(v) for v in value]
    else:
        assert type(got) is type(value)


def test_a_list_of_flags_stays_text_and_an_empty_default_too():
    assert parse_text(Parameter("x", "list", [True]), "1, 2") == ["1", "2"]
    assert parse_text(Parameter("x", "list", []), "1, 2") == ["1", "2"]


def test_an_unreadable_list_is_refused():
    with pytest.raises(ParameterError, match=r"^parameter 'sectors': cannot parse '\[a, ': "):
        parse_text(P["sectors"], "[a, ")


@pytest.mark.parametrize("name, value, expected", [
    ("label", 2020, "2020"),
    ("confidence", 1, 1.0),
    ("pair", (5, 6), [5, 6]),
    ("year", CliText("2019"), 2019),
    ("sectors", CliText("services"), ["services"]),
    ("level", 3, 3),
    ("switch", False, False),
])
def test_check_normalises_values(name, value, expected):
    out = check(P[name], value)
    assert out == expected and type(out) is type(expected)


@pytest.mark.parametrize("name, value, message", [
    ("year", "x", "parameter 'year' expects int, got str 'x' (default 2021)"),
    ("year", True, "parameter 'year' expects int, got bool True (default 2021)"),
    ("confidence", False, "parameter 'confidence' expects float, got bool False"),
    ("label", True, "parameter 'label' expects str, got bool True"),
    ("flag", 1, "parameter 'flag' expects bool, got int 1 (default True)"),
    ("sectors", "energy", "parameter 'sectors' expects list, got str 'energy'"),
    ("basis", "ours", "parameter 'basis': invalid value 'ours'; choices: us_exports | "
                      "china_imports"),
    ("sectors", ["x", "energy", "y"], "parameter 'sectors': invalid element 'x', 'y'; "
                                      "choices: energy | agriculture | services"),
    ("level", 4, "parameter 'level': invalid value 4; choices: 1 | 2 | 3"),
    ("year", CliText("1e3"), "parameter 'year' expects int, got str '1e3' (default 2021)"),
    ("flag", CliText("nan"), "parameter 'flag' expects bool, got str 'nan' (default True)"),
])
def test_check_refuses_wrong_types_and_choices(name, value, message):
    with pytest.raises(ParameterError) as exc:
        check(P[name], value)
    assert str(exc.value) == message or str(exc.value).startswith(message + " (default")


def test_validate_fills_in_defaults_and_overrides():
    params = parse_cell("year: int = 2021  # y\nlabel: str = 'a'\n")
    assert validate(params, {"year": CliText("2020")}, name="nb") == {"year": 2020,
                                                                      "label": "a"}
    assert validate(params, name="nb") == {"year": 2021, "label": "a"}
    assert validate([], None) == {}


def test_validate_names_every_problem_and_lists_the_parameters():
    params = parse_cell("year: int = 2021  # y\nlabel: str = 'a'\n")
    with pytest.raises(ParameterError) as exc:
        validate(params, {"yaer": 1, "zzz": 2, "label": 3.5}, name="nb")
    assert str(exc.value) == (
        "nb: unknown parameter 'yaer'; did you mean 'year'?\n"
        "nb: unknown parameter 'zzz'\n"
        "nb: parameter 'label' expects str, got float 3.5 (default 'a')\n"
        "valid parameters:\n  year: int = 2021  y\n  label: str = 'a'")
    with pytest.raises(ParameterError) as exc:
        validate([], {"x": 1})
    assert str(exc.value) == ("notebook: unknown parameter 'x'\n"
                              "this notebook takes no parameters")


def test_validate_checks_the_notebooks_own_defaults(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text("# %% tags=['parameters']\nbasis: str = 'x'  # a | b: which\n")
    with pytest.raises(ParameterError) as exc:
        validate_notebook(path)
    assert str(exc.value) == ("nb: default of parameter 'basis': invalid value 'x'; "
                              "choices: a | b\nvalid parameters:\n"
                              "  basis: str = 'x'  [a | b]  which")


def test_a_reports_rules_run_only_on_values_that_pass_their_types():
    params = parse_cell("base_year: int = 2017\nconfidence: float = 1.5\n")
    with pytest.raises(ParameterError, match=r"^growth: confidence=1.5 must be strictly"):
        validate([*params, *parse_cell(
            "series: str = 'goods'\nhistory_start: int = 2001\nhistory_end: int = 2017\n"
            "trend_start: int = 2001\ntrend_end: int = 2017\n")], name="growth",
            rule=growth_rules.problems)
    with pytest.raises(ParameterError, match=r"parameter 'confidence' expects float"):
        validate([*params], {"confidence": "high"}, name="growth", rule=growth_rules.problems)


def test_canonical_values_are_sorted_compact_json():
    assert canonical({"b": [1, 2], "a": "é"}) == '{"a":"é","b":[1,2]}'


LISTS = '''years: list = [2019, 2020]  # agreement and reference years
rates: list = [0.5, 1.5]  # growth rates
names: list = ["a", "b"]  # labels
'''


@pytest.mark.parametrize("name, text, expected", [
    ("years", "2019, 2021", [2019, 2021]),
    ("rates", "0.25,2", [0.25, 2]),
    ("names", "2019, x", ["2019", "x"]),  # a list of text stays text
])
def test_a_numeric_list_parameter_reads_numbers_from_the_command_line(name, text, expected):
    value = validate(parse_cell(LISTS), {name: CliText(text)}, name="nb")[name]
    assert value == expected
    assert [type(v) for v in value] == [type(v) for v in expected]
