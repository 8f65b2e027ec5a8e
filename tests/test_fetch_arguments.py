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


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_a_month_for_annual_sources_only_is_refused(raw, monkeypatch, option):
    """`--source comtrade-us --from 2026-03` names a year's source by a month: refused, not cut
    to 2026 (beside a monthly source a month is cut to its year, as documented)."""
    monkeypatch.setattr("phaseone.sources.fetch.download", pytest.fail)
    period = {"--from": ("2026-03", None), "--to": (None, "2026-03")}[option]
    with pytest.raises(SourceError, match=f"{option} '2026-03': comtrade-us is annual; give a "
                       "year"):
        fetch(raw, ["comtrade-us"], date(2026, 12, 1), *period)


def test_a_refusal_is_one_line_saying_nothing_was_written(raw, capsys):
    from phaseone import cli

    assert cli.main(["fetch", "--raw", str(raw), "--source", "census-hs2", "--from", "2026-07",
                     "--to", "2026-01"]) == 1
    assert capsys.readouterr().err == ("phaseone: error: --from 2026-07 comes after --to "
                                       "2026-01; nothing to fetch; nothing was written\n")
