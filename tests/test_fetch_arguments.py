"""`phaseone fetch` refuses what it cannot do before any download: a reversed range, a data
folder that does not exist."""

from datetime import date

import pytest

from phaseone.sources import SourceError
from phaseone.sources.fetch import fetch


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


def test_a_reversed_range_is_refused(raw, monkeypatch):
    monkeypatch.setattr("phaseone.sources.fetch.download", pytest.fail)  # never reached
    with pytest.raises(SourceError, match="--from 2026-07 comes after --to 2026-01"):
        fetch(raw, ["census-hs2"], date(2026, 12, 1), "2026-07", "2026-01")


def test_a_data_folder_that_does_not_exist_is_refused_before_downloading(raw, tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr("phaseone.sources.fetch.download", pytest.fail)
    with pytest.raises(SourceError, match="missing is not a folder"):
        fetch(raw, ["census-hs2"], date(2026, 12, 1), data_dir=tmp_path / "missing")
