"""Each report model checks its parameters as the notebook declares them (same defaults, same
choices), so a model called from papermill refuses what `phaseone run` refuses."""

import pytest

from phaseone import config
from phaseone.parameters import read_parameters
from phaseone.reports import after_the_deal, compliance, growth


@pytest.mark.parametrize("module", [compliance, growth, after_the_deal], ids=lambda m: m.__name__)
def test_a_model_declares_the_notebooks_defaults_and_choices(module):
    name = module.__name__.rsplit(".", 1)[1]
    declared = read_parameters(config.NOTEBOOKS / f"{name}.py")
    assert {p.name: p.default for p in declared} == module.DEFAULTS
    assert {p.name: p.choices for p in declared if p.choices} == {
        k: tuple(v) for k, v in module.CHOICES.items()}
