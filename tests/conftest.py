"""Shared fixtures: the raw data directory (tests that need it skip when it is absent)."""

import pytest

from phaseone import config


@pytest.fixture(scope="session")
def raw():
    """The raw trade data directory; skips the test when it is not on this machine."""
    if not (config.RAW / "census-exports-china-hs6-monthly-2013-01_2021-02.parquet").exists():
        pytest.skip(f"raw trade data not found at {config.RAW} (set PHASEONE_RAW to use another)")
    return config.RAW


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory):
    """Build a notebook with some overrides through the builder, once per session: the sanity
    test and the reports' own notebook tests read the same runs, so no run is paid twice.
    Returns run(name, overrides) -> (Result, html text, executed notebook)."""
    import nbformat

    from phaseone import builder, reports
    from phaseone.builder import Paths
    from phaseone.parameters import canonical

    folder = tmp_path_factory.mktemp("notebook-runs")
    paths = Paths(reports=folder / "reports")
    done = {}

    def run(name: str, overrides: dict | None = None):
        key = (name, canonical(overrides or {}))
        if key not in done:
            result = builder.run(name, overrides or {}, folder / "runs", paths=paths,
                                 progress=False, rules=reports.rules())
            done[key] = (result, result.html.read_text(encoding="utf-8"),
                         nbformat.read(result.ipynb, as_version=4))
        return done[key]

    return run
