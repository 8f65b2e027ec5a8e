"""The one reader of notebook sources: cells, and the parameters cell's declarations.

The builder's cache (what a notebook means), the parameter inspection and the notebooks' lint
all read cells here, as jupytext does: a percent `.py` file's cells start at `# %%` (or `#%%`)
lines; an `.ipynb` is JSON. Reading never imports jupytext or nbformat (the cache-hit path of
the builder stays cheap).

The first code cell tagged `parameters` holds flat literals, one a line, each with a type
annotation and a comment:

    # %% tags=["parameters"]
    basis: str = "us_exports"  # us_exports | china_imports: whose statistics measure purchases
    confidence: float = 0.95  # level of the trend intervals

Choices are written in the comment as `a | b | c` before a colon; for a list parameter every
element must be one of them. Types: str, int, float, bool, list.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phaseone.parameters import TYPES, Parameter, ParameterError

CELL_MARKER = re.compile(r"^#\s*%%(?!%)(.*)$", re.M)
_TAGS = re.compile(r"\btags\s*=\s*(\[[^\]]*\])")
_PRAGMA = re.compile(r"\s*#\s*(?:noqa\b|type:\s*ignore|pragma\b|fmt:)[^#]*$")


@dataclass(frozen=True)
class Cell:
    """One cell: its kind (code | markdown | raw), tags, source (blank lines around it
    stripped), the text as written after its marker line (`raw`) and the file line where that
    text starts (1-based; 0 in an .ipynb)."""

    kind: str
    tags: tuple[str, ...]
    source: str
    raw: str
    line: int


def _tags(options: str) -> tuple[str, ...]:
    found = _TAGS.search(options)
    if not found:
        return ()
    try:
        return tuple(str(t) for t in ast.literal_eval(found.group(1)))
    except (ValueError, SyntaxError):
        return ()


def cells_of(text: str, suffix: str = ".py") -> list[Cell]:
    """The cells of a notebook's text: a jupytext percent script, or an .ipynb (`suffix`)."""
    if suffix == ".ipynb":
        nb = json.loads(text)
        out = []
        for c in nb.get("cells", []):
            source = c.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            out.append(Cell(c.get("cell_type", "code"), tuple(c.get("metadata", {}).get(
                "tags", [])), source.strip("\n"), source, 0))
        return out
    markers = list(CELL_MARKER.finditer(text))
    if not markers:  # a plain script is one code cell
        return [Cell("code", (), text.strip("\n"), text, 1)]
    out = []
    for marker, end in zip(markers, [*markers[1:], None], strict=True):
        options = marker.group(1)
        kind = ("markdown" if re.search(r"\[(markdown|md)\]", options)
                else "raw" if "[raw]" in options else "code")
        raw = text[marker.end() + 1:end.start() if end else len(text)]
        line = text.count("\n", 0, marker.start()) + 2
        out.append(Cell(kind, _tags(options), raw.strip("\n"), raw, line))
    return out


def cells(notebook: Path) -> list[Cell]:
    """The cells of the notebook file at `notebook` (.py percent script or .ipynb)."""
    return cells_of(Path(notebook).read_text(encoding="utf-8"), Path(notebook).suffix)


def notebook_name(notebook: str | Path) -> str:
    return Path(notebook).stem


def parameters_cell(text: str, suffix: str = ".py") -> str | None:
    """The source of the first code cell tagged `parameters`, or None."""
    for cell in cells_of(text, suffix):
        if cell.kind == "code" and "parameters" in cell.tags:
            return cell.raw if suffix == ".ipynb" or cell.raw.endswith("\n") else cell.raw + "\n"
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
