"""Reading a notebook's parameters cell and checking overrides, value by value (issue 12's
mutation survivors): the cell found, types inferred, choices and descriptions read from the
comment, command-line text converted, and every refusal named."""

import json

import pytest
from declared import validate_notebook

from phaseone.builder.notebook import notebook_name, parameters_cell, parse_cell, read_parameters
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

CELL = """\
basis: str = "us_exports"  # us_exports | china_imports: whose statistics: the buyer's or ours
year: int = 2021  # last year counted
confidence: float = 1  # level  # noqa: E501
flag = True  # no annotation  # type: ignore
count = 3
share = 0.5  # pragma: no cover
label = "x"  # fmt: skip
pair = (1, 2)  # a pair
sectors: list[str] = ["energy"]  # energy | agriculture | services: sectors
level: int = 1  # 1 | 2 | 3: a level
switch: bool = True  # true | false: on or off
rate: float = 0.5  # 0.5 | 1.5: a rate
spread: list = [
    1,
    2,
]  # spans lines
bare: int
a, b = 1, 2
c = d = 3
print("not a parameter")
"""


def _by_name(source=CELL):
    return {p.name: p for p in parse_cell(source, "nb")}


def test_a_cell_declares_names_types_defaults_and_descriptions():
    p = _by_name()
    assert list(p) == ["basis", "year", "confidence", "flag", "count", "share", "label",
                       "pair", "sectors", "level", "switch", "rate", "spread"]
    assert p["basis"] == Parameter("basis", "str", "us_exports",
                                   "whose statistics: the buyer's or ours",
                                   ("us_exports", "china_imports"))
    assert p["year"] == Parameter("year", "int", 2021, "last year counted")
    assert p["confidence"] == Parameter("confidence", "float", 1.0, "level")
    assert type(p["confidence"].default) is float
    assert p["flag"] == Parameter("flag", "bool", True, "no annotation")
    assert p["count"] == Parameter("count", "int", 3, "")
    assert p["share"] == Parameter("share", "float", 0.5, "")
    assert p["label"] == Parameter("label", "str", "x", "")
    assert p["pair"] == Parameter("pair", "list", [1, 2], "a pair")
    assert p["sectors"].type == "list"
    assert p["sectors"].choices == ("energy", "agriculture", "services")
    assert p["spread"] == Parameter("spread", "list", [1, 2], "spans lines")


def test_choices_take_the_parameters_type():
    p = _by_name()
    assert p["level"].choices == (1, 2, 3)
    assert p["switch"].choices == (True, False)
    assert p["rate"].choices == (0.5, 1.5)
    assert _by_name("x: str = 'a'  # a || b :  text  \n")["x"].choices == ("a", "b")
    assert _by_name("x: str = 'a'  # a || b :  text  \n")["x"].description == "text"


def test_a_colon_without_choices_is_part_of_the_description():
    assert _by_name("x: str = 'a'  # note: more\n")["x"] == Parameter("x", "str", "a",
                                                                      "note: more")


def test_every_assignment_counts_and_the_first_lines_comment_wins():
    source = ("x = 1  #X marks it\nprint(x)\ny: list = [  # first line\n    2,\n]  # last\n"
              "z = 3\n")
    assert parse_cell(source) == [Parameter("x", "int", 1, "X marks it"),
                                  Parameter("y", "list", [2], "first line"),
                                  Parameter("z", "int", 3, "")]


def test_errors_name_the_notebook_or_say_notebook():
    with pytest.raises(ParameterError, match="^notebook: parameter 'x' must be a literal"):
        parse_cell("x = f()\n")


def test_a_tuple_default_of_another_type_is_refused_as_written():
    with pytest.raises(ParameterError, match=r"^nb: default of parameter 'x' expects str, got "
                       r"tuple \('a', 'b'\)"):
        validate(parse_cell("x: str = ('a', 'b')\n"), name="nb")


def test_a_bool_default_is_not_an_int():
    assert _by_name("x = False\n")["x"].type == "bool"
    assert _by_name("x = 1.0\n")["x"].type == "float"
    assert _by_name("x = [1]\n")["x"].type == "list"


@pytest.mark.parametrize("source, message", [
    ("x: int = (\n", "nb: the parameters cell is not valid Python: "),
    ("x: int = f(1)\n", "nb: parameter 'x' must be a literal, not 'f(1)'"),
    ("x = None\n", "parameter 'x': cannot infer a type from None"),
    ("x: dict = {}\n", "parameter 'x': unsupported type 'dict'; use one of str, int, float, "
                       "bool, list"),
    ("x: typing.List = []\n", "parameter 'x': unsupported type 'typing.List'; "),
])
def test_a_cell_the_builder_cannot_read_is_refused(source, message):
    with pytest.raises(ParameterError) as exc:
        parse_cell(source, "nb")
    assert str(exc.value).startswith(message)


def test_signature_and_description_lines():
    p = _by_name()
    assert p["basis"].signature() == "basis: str = 'us_exports'"
    assert p["basis"].describe() == ("basis: str = 'us_exports'  [us_exports | china_imports]"
                                     "  whose statistics: the buyer's or ours")
    assert p["count"].describe() == "count: int = 3"
    assert p["year"].describe() == "year: int = 2021  last year counted"
    assert p["level"].describe() == "level: int = 1  [1 | 2 | 3]  a level"


PY = """\
# %% [markdown]
# text

# %% tags=["other"]
x = 0

#%% tags = ['remove', 'parameters']
year: int = 2021
# a comment inside

# %%
y = 1
"""


def test_the_parameters_cell_of_a_percent_script():
    assert parameters_cell(PY) == "year: int = 2021\n# a comment inside\n\n"
    assert parameters_cell("# %% tags=['parameters']\nx = 1") == "x = 1\n"
    assert parameters_cell("# %% tags=['parameters2']\nx = 1\n") is None
    assert parameters_cell("x = 1\n") is None


def _ipynb(*cells):
    return json.dumps({"cells": list(cells)})


def test_the_parameters_cell_of_an_ipynb():
    tagged = {"metadata": {"tags": ["parameters"]}}
    text = _ipynb({"cell_type": "markdown", "source": "m", **tagged},
                  {"cell_type": "code", "source": "x = 0", "metadata": {}},
                  {"cell_type": "code"},
                  {"cell_type": "code", "source": ["x = 1\n", "y = 2\n"], **tagged},
                  {"cell_type": "code", "source": "z = 3", **tagged})
    assert parameters_cell(text, ".ipynb") == "x = 1\ny = 2\n"
    assert parameters_cell(_ipynb({"cell_type": "code", "source": "x = 1", **tagged}),
                           ".ipynb") == "x = 1"
    assert parameters_cell(_ipynb({"cell_type": "code", **tagged}), ".ipynb") == ""
    assert parameters_cell(_ipynb({"cell_type": "code", "source": "x"}), ".ipynb") is None
    assert parameters_cell("{}", ".ipynb") is None


def test_read_parameters_from_files(tmp_path):
    (tmp_path / "growth.py").write_text(PY, encoding="utf-8")
    assert read_parameters(tmp_path / "growth.py") == [Parameter("year", "int", 2021, "")]
    (tmp_path / "none.py").write_text("x = 1\n")
    assert read_parameters(str(tmp_path / "none.py")) == []
    (tmp_path / "nb.ipynb").write_text(_ipynb({"cell_type": "code", "source": "é = 'ü'  # ß",
                                               "metadata": {"tags": ["parameters"]}}),
                                       encoding="utf-8")
    assert read_parameters(tmp_path / "nb.ipynb") == [Parameter("é", "str", "ü", "ß")]
    (tmp_path / "bad.py").write_text("# %% tags=['parameters']\nx = f()\n")
    with pytest.raises(ParameterError, match="^bad: parameter 'x'"):
        read_parameters(tmp_path / "bad.py")
    assert notebook_name(tmp_path / "growth.py") == "growth"
    assert notebook_name("a/b/compliance.ipynb") == "compliance"


P = _by_name()


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
