"""The reports: one package each, its `model` (parameters in, everything the report says out)
beside its light `rules` (what the parameters may be). `RULES` hands the rules to the builder
by notebook name, so the builder imports no report."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from phaseone.reports.after_the_deal import rules as after_the_deal_rules
from phaseone.reports.commitments import rules as commitments_rules
from phaseone.reports.compliance import rules as compliance_rules
from phaseone.reports.growth import rules as growth_rules
from phaseone.reports.tariffs import rules as tariffs_rules

RULES = {"compliance": compliance_rules, "growth": growth_rules,
         "after_the_deal": after_the_deal_rules, "tariffs": tariffs_rules,
         "commitments": commitments_rules}


def problems(report: str, values: Mapping[str, Any], folder: Path | None = None) -> list[str]:
    """Problems with `values` for `report` on the data in `folder` (the folder the kernel will
    read); reports without rules have none."""
    rules = RULES.get(report)
    return rules.problems(values, folder) if rules else []


def rules() -> dict[str, Callable[..., list[str]]]:
    """Each report's rule function by notebook name, in reading order: what the CLI hands to
    the builder."""
    return {name: module.problems for name, module in RULES.items()}
