"""Parameters: their declared types and choices, and the checks that every value given (on the
command line, in YAML, by papermill or in a call of a report model) must pass.

Reading the declarations from a notebook's `parameters` cell is the builder's
(`phaseone.builder.notebook`); a report's cross-parameter rules are its own
(`phaseone.reports.NAME.rules`), handed in here as a function.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping, Sequence
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



class ParameterError(ValueError):
    """A parameter override is unknown, of the wrong type or not one of the allowed choices."""

    def _render_traceback_(self) -> list[str]:  # IPython shows the message, not a traceback
        return [f"phaseone: error: {self}"]


class CliText(str):
    """A value typed on the command line: parsed with YAML rules, then type-checked."""


class FileText(str):
    """A string from a parameters file (`-f`): for a list parameter read by comma as on the
    command line (`sectors: energy,agriculture`); for any other parameter a string."""


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


# ----------------------------------------------------------------------------- validating


def shown(value: Any, limit: int = 60) -> str:
    """`repr(value)` cut to `limit` characters, so a message never echoes a huge value."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def _type_label(value: Any) -> str:
    return "str" if isinstance(value, str) else type(value).__name__


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
                    f"parameter {param.name!r}: cannot parse {shown(text)}: {exc}"
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
    if isinstance(value, CliText) or (param.type == "list" and isinstance(value, FileText)):
        value = parse_text(param, str(value))  # `sectors: energy,agriculture` in YAML as on -p
    elif isinstance(value, FileText):
        value = str(value)
    if param.type == "str" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # `period: 2020` in YAML or papermill means the text "2020"
    allowed = TYPES[param.type]
    if (isinstance(value, bool) and param.type != "bool") or not isinstance(value, allowed):
        raise ParameterError(
            f"parameter {param.name!r} expects {param.type}, got {_type_label(value)} "
            f"{shown(value)} "
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
                f"parameter {param.name!r}: invalid {what} {', '.join(map(shown, bad))}; "
                f"choices: {' | '.join(map(str, param.choices))}"
            )
    return value


def _listing(params: Sequence[Parameter]) -> str:
    if not params:
        return "this notebook takes no parameters"
    return "valid parameters:\n" + "\n".join(f"  {p.describe()}" for p in params)


Rule = Callable[..., list[str]]  # rule(values, data_folder) -> problems


def validate(
    params: Sequence[Parameter],
    overrides: Mapping[str, Any] | None = None,
    *,
    name: str = "notebook",
    rule: Rule | None = None,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Every parameter's value (defaults updated with `overrides`), checked.

    `params` are the notebook's declared parameters; `name` labels errors; `rule` is the
    report's cross-parameter rule, applied on the data in `data_dir`. Values wrapped in
    `CliText` are parsed from command-line text first. Raises ParameterError naming every
    problem and listing the valid parameters.
    """
    by_name = {p.name: p for p in params}
    values = {}
    errors = []
    for p in params:  # the notebook's own defaults must pass the same checks
        try:
            values[p.name] = check(p, p.default)
        except ParameterError as exc:
            errors.append(f"default of {exc}")
    for key, value in (overrides or {}).items():
        if key not in by_name:
            close = difflib.get_close_matches(key, list(by_name), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            errors.append(f"unknown parameter {key!r}{hint}")
            continue
        try:
            values[key] = check(by_name[key], value)
        except ParameterError as exc:
            errors.append(str(exc))
    if not errors and rule is not None:
        errors = rule_problems(rule, values, data_dir)
    if errors:
        raise ParameterError(f"{name}: " + f"\n{name}: ".join(errors) + "\n" + _listing(params))
    return values


def rule_problems(rule: Rule, values: Mapping[str, Any], data_dir: Path | None = None
                  ) -> list[str]:
    """The problems `rule` finds with `values` on the data in `data_dir`; a data table the rule
    cannot read is a problem named with its file."""
    try:
        return rule(values, data_dir)
    except (OSError, ValueError) as exc:
        return [f"the rules cannot read the data: {exc}"]


def model_values(report: str, defaults: Mapping[str, Any], overrides: Mapping[str, Any],
                 choices: Mapping[str, Sequence] | None = None, rule: Rule | None = None
                 ) -> dict[str, Any]:
    """A report model's parameters: `overrides` over `defaults`, each checked as `phaseone run`
    checks it (type of the default, `choices`), then against the report's `rule`.

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
    if not errors and rule is not None:
        errors = rule_problems(rule, values)
    if errors:
        raise ParameterError(f"{report}: " + f"\n{report}: ".join(errors))
    return values


def canonical(values: Mapping[str, Any]) -> str:
    """Canonical JSON of parameter values (sorted keys, no whitespace)."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
