"""Every chart a reader sees carries the alt text its model wrote (no placeholder)."""

import re

import pytest
from sentences import fields

from phaseone import config
from phaseone.present.statements import ChartSpec
from phaseone.reports import RULES
from phaseone.reports.after_the_deal import model as after_the_deal
from phaseone.reports.commitments import model as commitments
from phaseone.reports.compliance import model as compliance
from phaseone.reports.growth import model as growth
from phaseone.reports.tariffs import model as tariffs

MODULES = [compliance, growth, after_the_deal, tariffs, commitments]


def test_every_report_is_checked():
    assert [m.__name__.split(".")[-2] for m in MODULES] == list(RULES)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_each_chart_in_the_committed_report_has_its_models_alt_text(module):
    name = module.__name__.split(".")[-2]
    page = (config.REPORTS / f"{name}.html").read_text(encoding="utf-8")
    shown = [a.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", '"')
             for a in re.findall(r'<img alt="([^"]*)"', page)]
    charts = [v.alt.text for _, v in fields(module.model()) if isinstance(v, ChartSpec)]
    assert "No description has been provided" not in page
    assert charts and all(alt in shown for alt in charts)
