"""The notebooks' rule: an outline of Markdown cells and render calls on the model, nothing else.

A notebook (jupytext percent file) may hold at most MAX_CODE_LINES code lines and no `if`,
conditional expression, condition in a comprehension, arithmetic, f-string, subscript or
DataFrame method: every number, sentence and choice comes from the report's model.
Run as `python tests/notebook_lint.py notebooks/*.py`; exits 1 naming each breach.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

MAX_CODE_LINES = 60
FRAME_METHODS = {"loc", "iloc", "at", "iat", "assign", "groupby", "query", "sum", "mean", "max",
                 "min", "idxmax", "idxmin", "merge", "pivot", "pivot_table", "reset_index",
                 "set_index", "sort_values", "unstack", "stack", "apply", "map", "where",
                 "drop", "rename", "agg", "cumsum", "diff", "pct_change", "to_numpy", "eq",
                 "isin", "between", "str", "dt", "round", "abs", "all", "any"}
_CELL = re.compile(r"^# %%(.*)$")


def code_cells(text: str) -> list[tuple[int, str]]:
    """(first line number, source) of each code cell of a percent-format notebook."""
    cells, current, start, is_code = [], [], 0, False
    for number, line in enumerate(text.splitlines(), 1):
        marker = _CELL.match(line)
        if marker:
            if is_code:
                cells.append((start, "\n".join(current)))
            current, start, is_code = [], number + 1, "[markdown]" not in marker.group(1)
        elif start:
            current.append(line)
    if is_code:
        cells.append((start, "\n".join(current)))
    return cells


def _breach(node: ast.AST) -> str | None:
    if isinstance(node, ast.If | ast.IfExp):
        return "a conditional"
    if isinstance(node, ast.comprehension) and node.ifs:
        return "a comprehension with a condition"
    if isinstance(node, ast.BinOp | ast.AugAssign | ast.Compare | ast.BoolOp):
        return "arithmetic or a comparison"
    if isinstance(node, ast.JoinedStr):
        return "an f-string (formatting belongs to the model)"
    if isinstance(node, ast.Subscript):
        return "a subscript (indexing belongs to the model)"
    if isinstance(node, ast.Attribute) and node.attr in FRAME_METHODS:
        return f"a DataFrame operation (.{node.attr})"
    if isinstance(node, ast.Import | ast.ImportFrom) and any(
            a.name.split(".")[0] in {"pandas", "numpy"} for a in node.names) or (
            isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in
            {"pandas", "numpy"}):
        return "an import of pandas or numpy"
    return None


def breaches(path: Path) -> list[str]:
    """Every breach of the rule in the notebook at `path`, as 'file:line: what'."""
    cells = code_cells(path.read_text(encoding="utf-8"))
    out = []
    lines = sum(1 for _, src in cells for line in src.splitlines()
                if line.strip() and not line.strip().startswith("#"))
    if lines > MAX_CODE_LINES:
        out.append(f"{path}: {lines} code lines, more than {MAX_CODE_LINES}")
    for start, source in cells:
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            out.append(f"{path}:{start + (exc.lineno or 1) - 1}: not valid Python: {exc.msg}")
            continue
        for node in ast.walk(tree):
            what = _breach(node)
            if what:
                line = getattr(node, "lineno", None) or node.target.lineno
                out.append(f"{path}:{start + line - 1}: {what}")
    return out


if __name__ == "__main__":
    found = [b for name in sys.argv[1:] for b in breaches(Path(name))]
    print("\n".join(found) or f"notebooks: {len(sys.argv) - 1} checked, no breach")
    sys.exit(1 if found else 0)
