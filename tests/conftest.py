"""Shared fixtures: the raw data directory (tests that need it skip when it is absent)."""

import pytest

from phaseone import config


@pytest.fixture(scope="session")
def raw():
    """The raw trade data directory; skips the test when it is not on this machine."""
    if not (config.RAW / "census-exports-china-hs6-monthly-2013-01_2021-02.parquet").exists():
        pytest.skip(f"raw trade data not found at {config.RAW} (set PHASEONE_RAW to use another)")
    return config.RAW
