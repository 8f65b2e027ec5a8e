"""A notebook's parameters validated as the builder validates them (declarations, then the
report's rules, which the CLI hands to the builder)."""

from pathlib import Path

from phaseone.builder.notebook import read_parameters
from phaseone.parameters import validate
from phaseone.reports import RULES


def validate_notebook(notebook, overrides=None, data_dir=None) -> dict:
    """The values of `notebook`'s parameters with `overrides`, or ParameterError."""
    path = Path(notebook)
    rules = RULES.get(path.stem)
    return validate(read_parameters(path), overrides or {}, name=path.stem,
                    rule=rules.problems if rules else None, data_dir=data_dir)
