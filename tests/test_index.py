"""The indexes: reports in reading order, runs titled by the choices they were built with."""

import json

from phaseone.builder import index
from phaseone.builder.discover import Paths


def _report(folder, stem, title, parameters):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.html").write_text("<html></html>")
    meta = {"notebook": stem.split("-")[0], "source": f"{stem.split('-')[0]}.py",
            "title": title, "parameters": parameters}
    (folder / f"{stem}.ipynb").write_text(json.dumps({"metadata": {"phaseone": meta},
                                                      "cells": []}))


def test_the_index_lists_the_reports_in_reading_order(tmp_path):
    paths = Paths(reports=tmp_path / "reports")
    for stem in ("after_the_deal", "compliance", "extra", "growth"):
        _report(paths.reports, stem, f"Title of {stem}", {})
    text = index.write_index(paths, order=("compliance", "growth", "after_the_deal")).read_text()
    found = [text.index(f"Title of {s}") for s in ("compliance", "growth", "after_the_deal",
                                                   "extra")]
    assert found == sorted(found)


def test_each_run_is_titled_by_the_parameters_it_changed(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "compliance.py").write_text(
        '# %% tags=["parameters"]\nbasis: str = "us_exports"  # a | b: whose data\n'
        'period: str = "2020-2021"  # x | y: years\n')
    paths = Paths(notebooks=notebooks, reports=tmp_path / "reports")
    same = "Did China buy what it promised?"
    _report(paths.runs, "compliance-1", same, {"basis": "china_imports", "period": "2020-2021"})
    _report(paths.runs, "compliance-2", same, {"basis": "us_exports", "period": "2020"})
    text = index.write_runs_index(paths).read_text()
    assert f"compliance: basis=china_imports &mdash; {same}" in text
    assert f"compliance: period=2020 &mdash; {same}" in text
