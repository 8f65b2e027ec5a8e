"""Every notebook in notebooks/ through the same sanity checks (notebooker's pattern): it runs
through papermill and the builder at its defaults and at one other parameter set the rules
accept, and each report has a title, key figures, alt text on every image and no trace of a
missing value, an unset description or a failure. What each report says is tested on its
model; this proves the wiring for all of them at once."""

import re

import pytest

from phaseone import config, reports
from phaseone.builder.notebook import read_parameters

NOTEBOOKS = sorted(path.stem for path in config.NOTEBOOKS.glob("*.py"))

# One grid point per notebook other than its defaults: every parameter a report reads the
# data by (period, sectors, series, base year, error model, yardstick...) moved at once.
OTHER = {
    "after_the_deal": {"yardstick": "level_2017", "owed": "plus_yardstick", "horizon": 6,
                       "sectors": ["agriculture", "energy", "services"],
                       "pledge_year": "marketing_year", "first_deadline": "end_2025"},
    "commitments": {"commitment": "china_soybeans", "proration": "seasonal"},
    "tariffs": {"weights": "trade_latest", "goods": "agriculture", "first_date": "2018-06-01",
                "last_date": "2025-12-31"},
    "compliance": {"period": "2021", "as_of": "2021-06", "proration": "straight_line",
                   "sectors": ["agriculture", "energy"], "include_civil_aircraft": False},
    "growth": {"series": "goods", "base_year": 2019, "history_end": 2019,
               "definition": "final_target_from_2019", "confidence": 0.9, "trend_end": 2019,
               "trend_errors": "hac"},
}
CASES = [pytest.param(name, overrides, id=f"{name}-{label}") for name in NOTEBOOKS
         for label, overrides in (("defaults", {}), ("other", OTHER.get(name, {})))]


def visible_text(html: str) -> str:
    """The words a reader sees: no style sheet, no tag, no attribute (image data included)."""
    html = re.sub(r"<style\b.*?</style>", " ", html, flags=re.S | re.I)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_notebook_has_another_grid_point_the_rules_accept():
    assert sorted(OTHER) == NOTEBOOKS, "choose one non-default parameter set per notebook"
    for name, overrides in OTHER.items():
        defaults = {p.name: p.default for p in read_parameters(config.NOTEBOOKS / f"{name}.py")}
        assert set(overrides) <= set(defaults), name
        assert any(defaults[k] != v for k, v in overrides.items()), name
        assert reports.problems(name, {**defaults, **overrides}) == [], name


@pytest.mark.notebook
@pytest.mark.parametrize("name, overrides", CASES)
def test_every_notebook_builds_a_sound_report(notebook_run, name, overrides):
    result, html, nb = notebook_run(name, overrides)
    assert result.status == "built" and result.html.exists() and result.ipynb.exists()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and title.group(1).strip(), "the report has no title"
    strip = re.search(r'<div class="phaseone-headline".*?</div>\s*</div>', html, re.S)
    assert strip, "the report opens with no key figures"
    figures = re.findall(r'<span class="value"[^>]*>([^<]*)</span>', strip.group(0))
    assert figures and all(f.strip() for f in figures), figures
    text = visible_text(html)
    for word in ("nan", "NaN", "None", "Traceback"):
        assert not re.search(rf"\b{word}\b", text), f"{word!r} in the report: " + \
            text[max(0, text.find(word) - 80):text.find(word) + 80]
    assert "Traceback" not in html
    assert "No description has been provided" not in html
    images = re.findall(r"<img\b[^>]*>", html)
    assert images, "the report shows no chart"
    for img in images:
        alt = re.search(r'\salt="([^"]*)"', img)
        assert alt and alt.group(1).strip(), f"an image without alt text: {img[:120]}"
    errors = [o for c in nb.cells for o in c.get("outputs", [])
              if o.get("output_type") == "error" or o.get("name") == "stderr"]
    assert errors == []
