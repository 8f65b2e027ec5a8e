"""Each report model checks its parameters as the notebook declares them (same defaults, same
choices), so a model called from papermill refuses what `phaseone run` refuses."""

import pytest

from phaseone import config
from phaseone.builder.notebook import read_parameters
from phaseone.reports.after_the_deal import model as after_the_deal
from phaseone.reports.commitments import model as commitments
from phaseone.reports.compliance import model as compliance
from phaseone.reports.growth import model as growth
from phaseone.reports.tariffs import model as tariffs


@pytest.mark.parametrize("module", [compliance, growth, after_the_deal, tariffs, commitments],
                         ids=lambda m: m.__name__)
def test_a_model_declares_the_notebooks_defaults_and_choices(module):
    name = module.__name__.split(".")[-2]
    declared = read_parameters(config.NOTEBOOKS / f"{name}.py")
    assert {p.name: p.default for p in declared} == module.DEFAULTS
    assert {p.name: p.choices for p in declared if p.choices} == {
        k: tuple(v) for k, v in module.CHOICES.items()}
