"""The notebooks' rule (`tests/notebook_lint.py`, run by `make lint`): render calls only."""

import pytest
from notebook_lint import MAX_CODE_LINES, breaches


@pytest.mark.parametrize("code, what", [
    ("if r.cut:\n    show(r.a)", "a conditional"),
    ("show(r.a if r.cut else r.b)", "a conditional"),
    ("show([x for x in r.parts if x])", "a comprehension with a condition"),
    ("show(r.total * 2)", "arithmetic"),
    ('show(f"{r.total}")', "an f-string"),
    ('show(r.frames["x"])', "a subscript"),
    ("show(r.frame.loc)", "a DataFrame operation (.loc)"),
    ("import pandas as pd", "an import of pandas"),
])
def test_each_breach_is_named_with_its_line(tmp_path, code, what):
    nb = tmp_path / "nb.py"
    nb.write_text(f"# %% [markdown]\n# # Title\n\n# %%\nshow(r.title)\n{code}\n")
    found = breaches(nb)
    assert found and all(f"{nb}:6: " in b for b in found) and what in found[0]


def test_markdown_cells_and_render_calls_pass_and_length_is_bounded(tmp_path):
    nb = tmp_path / "nb.py"
    nb.write_text("# %% [markdown]\n# if x: 1 + 2\n\n# %%\nshow(r.finding)\nshow(r.table)\n")
    assert breaches(nb) == []
    nb.write_text("# %%\n" + "show(r.a)\n" * (MAX_CODE_LINES + 1))
    assert breaches(nb) == [f"{nb}: {MAX_CODE_LINES + 1} code lines, more than {MAX_CODE_LINES}"]
