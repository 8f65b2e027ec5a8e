"""A notebook's parameters: read them from its `parameters` cell and validate overrides.

The first code cell tagged `parameters` holds flat literals, one a line, each with a type
annotation and a comment:

    # %% tags=["parameters"]
    basis: str = "us_exports"  # us_exports | china_imports: whose statistics measure purchases
    confidence: float = 0.95  # level of the trend intervals

Choices are written in the comment as `a | b | c` before a colon; for a list parameter every
element must be one of them. Types: str, int, float, bool, list.

Reading never imports jupytext or nbformat (the cache-hit path of the builder stays cheap).
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import re
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "list": (list, tuple),
}

_PARAMETERS_MARKER = re.compile(r"""^#\s*%%.*\btags\s*=\s*\[[^\]]*["']parameters["']""")
_CELL_MARKER = re.compile(r"^#\s*%%")
_PRAGMA = re.compile(r"\s*#\s*(?:noqa\b|type:\s*ignore|pragma\b|fmt:)[^#]*$")


class ParameterError(ValueError):
    """A parameter override is unknown, of the wrong type or not one of the allowed choices."""

    def _render_traceback_(self) -> list[str]:  # IPython shows the message, not a traceback
        return [f"phaseone: error: {self}"]


class CliText(str):
    """A value typed on the command line: parsed with YAML rules, then type-checked."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    description: str = ""
    choices: tuple | None = None

    def signature(self) -> str:
        """`name: type = default` as written in the notebook."""
        return f"{self.name}: {self.type} = {self.default!r}"

    def describe(self) -> str:
        """One line: signature, choices and description."""
        text = self.signature()
        if self.choices:
            text += f"  [{' | '.join(map(str, self.choices))}]"
        if self.description:
            text += f"  {self.description}"
        return text


# ----------------------------------------------------------------------------- reading


def notebook_name(notebook: str | Path) -> str:
    return Path(notebook).stem


def parameters_cell(text: str, suffix: str = ".py") -> str | None:
    """The source of the first code cell tagged `parameters`, or None."""
    if suffix == ".ipynb":
        nb = json.loads(text)
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
                "tags", []
            ):
                source = cell.get("source", "")
                return "".join(source) if isinstance(source, list) else source
        return None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if _PARAMETERS_MARKER.match(line):
            body = []
            for following in lines[i + 1 :]:
                if _CELL_MARKER.match(following):
                    break
                body.append(following)
            return "\n".join(body) + "\n"
    return None


def _comments(source: str) -> dict[int, str]:
    """Comment text by line number."""
    found = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                text = _PRAGMA.sub("", tok.string)  # drop a trailing lint pragma
                found[tok.start[0]] = text.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return found


def _annotation_type(node: ast.expr | None, default: Any, name: str) -> str:
    if node is None:  # no annotation: the default's type
        for type_name in ("bool", "int", "float", "str", "list"):
            if type(default) in TYPES[type_name][:1] or (
                type_name == "list" and isinstance(default, list | tuple)
            ):
                return type_name
        raise ParameterError(f"parameter {name!r}: cannot infer a type from {default!r}")
    if isinstance(node, ast.Subscript):  # list[str]
        node = node.value
    type_name = node.id if isinstance(node, ast.Name) else ast.unparse(node)
    if type_name not in TYPES:
        raise ParameterError(
            f"parameter {name!r}: unsupported type {type_name!r}; use one of {', '.join(TYPES)}"
        )
    return type_name


def _parse_choices(text: str, type_name: str) -> tuple:
    raw = [c.strip() for c in text.split("|") if c.strip()]
    if type_name in ("int", "float", "bool"):
        import yaml

        return tuple(yaml.safe_load(c) for c in raw)
    return tuple(raw)


def parse_cell(source: str, notebook: str = "notebook") -> list[Parameter]:
    """Parameters declared in a parameters cell's source."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{notebook}: the parameters cell is not valid Python: {exc}") from exc
    comments = _comments(source)
    params = []
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            name, value, annotation = node.target.id, node.value, node.annotation
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            name, value, annotation = node.targets[0].id, node.value, None
        else:
            continue
        try:
            default = ast.literal_eval(value)
        except ValueError as exc:
            raise ParameterError(
                f"{notebook}: parameter {name!r} must be a literal, not {ast.unparse(value)!r}"
            ) from exc
        type_name = _annotation_type(annotation, default, name)
        if type_name == "list" and isinstance(default, tuple):
            default = list(default)
        if type_name == "float" and isinstance(default, int) and not isinstance(default, bool):
            default = float(default)
        comment = comments.get(node.lineno) or comments.get(node.end_lineno or node.lineno, "")
        choices, description = None, comment
        head, sep, tail = comment.partition(":")
        if sep and "|" in head:
            choices, description = _parse_choices(head, type_name), tail.strip()
        params.append(Parameter(name, type_name, default, description, choices))
    return params


def read_parameters(notebook: str | Path) -> list[Parameter]:
    """The parameters of a notebook file (jupytext percent `.py` or `.ipynb`)."""
    path = Path(notebook)
    source = parameters_cell(path.read_text(encoding="utf-8"), path.suffix)
    if source is None:
        return []
    return parse_cell(source, path.stem)


# ----------------------------------------------------------------------------- validating


def _type_label(value: Any) -> str:
    return type(value).__name__


def parse_text(param: Parameter, text: str) -> Any:
    """A command-line string converted for `param` (YAML scalar rules; lists by comma)."""
    import yaml

    if param.type == "str":
        return str(text)
    if param.type == "list":
        stripped = text.strip()
        if stripped.startswith("["):
            try:
                return yaml.safe_load(stripped)
            except yaml.YAMLError as exc:
                raise ParameterError(
                    f"parameter {param.name!r}: cannot parse {text!r}: {exc}"
                ) from exc
        items = [item.strip() for item in stripped.split(",") if item.strip()]
        numeric = bool(param.default) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in param.default
        )
        return [yaml.safe_load(item) for item in items] if numeric else items
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        value = text
    if param.type == "float" and isinstance(value, str):
        try:  # PyYAML reads 1e-3 as a string
            value = float(value)
        except ValueError:
            pass
    return value


def check(param: Parameter, value: Any) -> Any:
    """`value` normalised for `param`; ParameterError when of the wrong type or choice."""
    if isinstance(value, CliText):
        value = parse_text(param, str(value))
    if param.type == "str" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # `period: 2020` in YAML or papermill means the text "2020"
    allowed = TYPES[param.type]
    if (isinstance(value, bool) and param.type != "bool") or not isinstance(value, allowed):
        raise ParameterError(
            f"parameter {param.name!r} expects {param.type}, got {_type_label(value)} {value!r} "
            f"(default {param.default!r})"
        )
    if param.type == "float":
        value = float(value)
    if param.type == "list":
        value = list(value)
    if param.choices:
        values = value if param.type == "list" else [value]
        bad = [v for v in values if v not in param.choices]
        if bad:
            what = "element" if param.type == "list" else "value"
            raise ParameterError(
                f"parameter {param.name!r}: invalid {what} {', '.join(map(repr, bad))}; "
                f"choices: {' | '.join(map(str, param.choices))}"
            )
    return value


def _listing(params: Sequence[Parameter]) -> str:
    if not params:
        return "this notebook takes no parameters"
    return "valid parameters:\n" + "\n".join(f"  {p.describe()}" for p in params)


def validate(
    notebook: str | Path | Sequence[Parameter],
    overrides: Mapping[str, Any] | None = None,
    *,
    name: str | None = None,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Every parameter's value (defaults updated with `overrides`), checked.

    `notebook` is a notebook path or its parsed parameters (then `name` labels errors).
    Values wrapped in `CliText` are parsed from command-line text first. Raises ParameterError
    naming every problem and listing the valid parameters.
    """
    if isinstance(notebook, str | Path):
        label = notebook_name(notebook)
        params = read_parameters(notebook)
    else:
        label, params = name or "notebook", list(notebook)
    by_name = {p.name: p for p in params}
    values = {}
    errors = []
    for p in params:  # the notebook's own defaults must pass the same checks
        try:
            values[p.name] = check(p, p.default)
        except ParameterError as exc:
            errors.append(f"default of {exc}")
    for name, value in (overrides or {}).items():
        if name not in by_name:
            close = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            errors.append(f"unknown parameter {name!r}{hint}")
            continue
        try:
            values[name] = check(by_name[name], value)
        except ParameterError as exc:
            errors.append(str(exc))
    if not errors:
        errors = rule_problems(label, values, data_dir)
    if errors:
        raise ParameterError(f"{label}: " + f"\n{label}: ".join(errors) + "\n" + _listing(params))
    return values


def rule_problems(report: str, values: Mapping[str, Any], data_dir: Path | None = None
                  ) -> list[str]:
    """The report's cross-parameter rules (`phaseone.reports.rules`) applied to `values`, on
    the data in `data_dir` (default the project's)."""
    from phaseone.reports import rules

    try:
        return rules.problems(report, values, data_dir)
    except (OSError, ValueError) as exc:  # a data table the rules read is missing or unreadable
        return [f"the rules cannot read the data: {exc}"]


def model_values(report: str, defaults: Mapping[str, Any], overrides: Mapping[str, Any],
                 choices: Mapping[str, Sequence] | None = None) -> dict[str, Any]:
    """A report model's parameters: `overrides` over `defaults`, each checked as `phaseone run`
    checks it (type of the default, `choices`), then against the report's rules.

    Values come as the CLI, YAML or papermill give them: text is read as command-line text
    (papermill's `-p sectors agriculture` is the list ['agriculture']), an int stands for a
    float, a number for text; a float for an int, an int for a bool or an unknown choice is
    refused. TypeError names an unknown parameter; ParameterError anything else."""
    unknown = set(overrides) - set(defaults)
    if unknown:
        raise TypeError(f"{report}: unknown parameters {sorted(unknown)}; valid: "
                        f"{', '.join(defaults)}")
    values, errors = {**defaults, **overrides}, []
    for name, default in defaults.items():
        kind = next(k for k in ("bool", "int", "float", "str", "list")
                    if isinstance(default, TYPES[k][0]))
        param = Parameter(name, kind, default, choices=tuple((choices or {}).get(name, ())) or None)
        value = values[name]
        if isinstance(value, str) and kind != "str":
            value = CliText(value)
        try:
            values[name] = check(param, value)
        except ParameterError as exc:
            errors.append(str(exc))
    if errors:
        raise ParameterError(f"{report}: " + f"\n{report}: ".join(errors))
    check_rules(report, values)
    return values


def check_rules(report: str, values: Mapping[str, Any]) -> None:
    """Raise ParameterError naming every rule `values` breaks (used inside the models)."""
    errors = rule_problems(report, values)
    if errors:
        raise ParameterError(f"{report}: " + f"\n{report}: ".join(errors))


def canonical(values: Mapping[str, Any]) -> str:
    """Canonical JSON of parameter values (sorted keys, no whitespace)."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
