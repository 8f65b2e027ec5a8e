"""The builder's notebook-source reader: the parameters cell found in a percent script or an
ipynb, each parameter's type inferred from its annotation or default, its choices and
description read from its comment, and a cell it cannot read refused by name."""

import json
from pathlib import Path

import pytest

from phaseone.builder.notebook import notebook_name, parameters_cell, parse_cell, read_parameters
from phaseone.parameters import (
    Parameter,
    ParameterError,
)

SIMPLE = Path(__file__).parent / "fixtures" / "simple.py"

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
    [p] = parse_cell('as_of: str = "2021-12"  # last month: YYYY-MM\n')
    assert p.choices is None and p.description == "last month: YYYY-MM"


def test_every_assignment_counts_and_the_first_lines_comment_wins():
    source = ("x = 1  #X marks it\nprint(x)\ny: list = [  # first line\n    2,\n]  # last\n"
              "z = 3\n")
    assert parse_cell(source) == [Parameter("x", "int", 1, "X marks it"),
                                  Parameter("y", "list", [2], "first line"),
                                  Parameter("z", "int", 3, "")]


def test_errors_name_the_notebook_or_say_notebook():
    with pytest.raises(ParameterError, match="^notebook: parameter 'x' must be a literal"):
        parse_cell("x = f()\n")


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


def test_an_unannotated_parameter_takes_its_defaults_type_and_a_bool_is_not_an_int():
    params = parse_cell("a = 1\nb = 0.5\nc = 'x'\nd = False\ne = [1, 2]\n")
    assert [p.type for p in params] == ["int", "float", "str", "bool", "list"]


def test_trailing_lint_pragma_is_not_part_of_the_description():
    [p] = parse_cell('mode: str = "a"  # a | b: the mode  # noqa: E501\n')
    assert p.choices == ("a", "b") and p.description == "the mode"
