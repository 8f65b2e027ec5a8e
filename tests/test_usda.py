"""USDA FAS export sales as living data: `phaseone fetch --source usda-esr` on cassettes made
from the raw ESR file's weeks appends new weeks in that file's format, which change the soybean
tracker and nothing else; offline or without a key it fails at once and writes nothing. And
the Census source, whose API needs a key since 2026-05-12, is refused before any request
without one."""

import csv

import pandas as pd
import pytest
import vcr

from phaseone import cli, config
from phaseone.data import load
from phaseone.data.derive import soybeans as derive_soybeans
from phaseone.sources import SourceError, census, fetch, usda
from phaseone.sources import http as sources_http

ESR = "soybeans/usda-esr-soybeans-weekly-2019-09_2026-10.csv"
HELD_THROUGH = "2026-06-25"
replay = vcr.VCR(cassette_library_dir=str(config.ROOT / "tests" / "cassettes"),
                 record_mode="none", filter_headers=["API_KEY"], filter_query_parameters=["key"])
needs_raw = pytest.mark.skipif(not (config.RAW / ESR).is_file(),
                               reason=f"raw ESR file {config.RAW / ESR} is absent")


@pytest.fixture
def raw(tmp_path, monkeypatch):
    """A raw folder holding the ESR file cut after HELD_THROUGH, and an empty data folder."""
    for name in ("FAS_API_KEY", "CENSUS_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "raw"
    (folder / "soybeans").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    if (config.RAW / ESR).is_file():
        full = pd.read_csv(config.RAW / ESR, dtype=str, keep_default_na=False)
        cut = full[full["week_ending"] <= HELD_THROUGH]
        cut.to_csv(folder / "soybeans/usda-esr-soybeans-weekly-2019-09_2026-06.csv",
                   index=False, lineterminator="\n")
    return folder


def run_fetch(raw, *args):
    return cli.main(["fetch", "--raw", str(raw), "--data", str(raw.parent / "data"),
                     "--no-cache", "--source", "usda-esr", *args])


@needs_raw
def test_new_weeks_arrive_in_the_raw_file_format_and_change_only_the_tracker(raw, monkeypatch,
                                                                          capsys):
    monkeypatch.setenv("FAS_API_KEY", "SECRET-FAS-KEY")
    with replay.use_cassette("usda_esr_round_trip.yaml") as tape:
        assert run_fetch(raw) == 0
    assert tape.play_count == 2  # marketing years 2025/26 and 2026/27
    new = raw / "soybeans/usda-esr-soybeans-weekly-2026-07_2026-10.csv"
    got = pd.read_csv(new, dtype={"my_label": str})
    full = pd.read_csv(config.RAW / ESR, dtype={"my_label": str})
    want = full[full["week_ending"] > HELD_THROUGH].reset_index(drop=True)
    assert list(got.columns) == list(full.columns) == usda.COLUMNS
    pd.testing.assert_frame_equal(got.drop(columns="progress_pct"),
                                  want.drop(columns="progress_pct"), atol=0.0015)
    manifest = list(csv.DictReader(open(raw / fetch.MANIFEST, encoding="utf-8")))
    assert [m["file"] for m in manifest] == [new.relative_to(raw).as_posix()]
    assert "SECRET" not in (raw / fetch.MANIFEST).read_text()
    project = list(csv.DictReader(open(raw.parent / "data" / fetch.PROJECT_MANIFEST,
                                       encoding="utf-8")))
    assert [(r["file"], r["dataset"]) for r in project] == [
        (new.relative_to(raw).as_posix(), derive_soybeans.ESR_DATASET)]
    # Read after the held file, the new weeks give the committed table, to the tonne.
    held = sorted((raw / "soybeans").glob("*.csv"))
    table = derive_soybeans.export_sales(held)
    committed = load("soybean_export_sales")
    pd.testing.assert_frame_equal(table.reset_index(drop=True), committed, atol=0.0015,
                                  check_dtype=False)


@needs_raw
def test_up_to_date_weeks_ask_from_the_day_after_the_last_week_held(raw, monkeypatch):
    monkeypatch.setenv("FAS_API_KEY", "KEY")
    [plan] = fetch.plan(raw, ["usda-esr"], pd.Timestamp("2026-12-02").date())
    assert (plan.first, plan.last, plan.after) == ("2026-06-26", "2026-12-02", HELD_THROUGH)
    with pytest.raises(SourceError, match="overlaps the weeks held through 2026-06-25"):
        fetch.plan(raw, ["usda-esr"], pd.Timestamp("2026-12-02").date(), start="2026-06")


def test_without_a_key_nothing_is_asked_and_nothing_written(raw, capsys):
    with replay.use_cassette("usda_esr_round_trip.yaml") as tape:
        assert run_fetch(raw) == 1
    assert tape.play_count == 0
    err = capsys.readouterr().err
    assert err.startswith("phaseone: error: FAS_API_KEY not set; FAS_API_KEY: free key at "
                          f"{usda.SIGNUP}")
    assert not (raw / fetch.MANIFEST).exists()


def test_offline_it_fails_at_once_naming_the_host(raw, monkeypatch, capsys):
    monkeypatch.setenv("FAS_API_KEY", "KEY")
    monkeypatch.setattr(usda, "BASE", "http://127.0.0.1:9/OpenData/api/esr")  # refuses, as
    assert run_fetch(raw, "--from", "2026-07-02") == 1  # a machine offline would
    err = capsys.readouterr().err
    assert "USDA FAS: cannot reach 127.0.0.1:9" in err and "nothing was written" in err
    assert not (raw / fetch.MANIFEST).exists()


def test_a_refused_key_is_reported_in_the_api_s_words():
    with replay.use_cassette("usda_esr_bad_key.yaml"), \
            pytest.raises(SourceError, match=r"HTTP 403 Forbidden for .*marketYear/2026: "
                                             r"'Bad API Key'"):
        usda.exports(2026, session=sources_http.session(cache_dir=None), key="WRONG")


def test_the_key_is_sent_in_the_api_key_header_never_in_the_url():
    session, sent = sources_http.session(cache_dir=None), []
    session.hooks["response"].append(lambda r, *args, **kwargs: sent.append(r.request))
    with replay.use_cassette("usda_esr_round_trip.yaml"):
        rows = usda.exports(2027, session=session, key="K")
    [request] = sent
    assert request.headers["API_KEY"] == "K"
    assert request.url == usda.url(2027)  # no query: the key is not in the URL
    assert rows["countryCode"].eq(usda.CHINA).sum() == 5  # five weeks of 2026/27


def test_a_marketing_year_is_named_by_the_year_it_ends_in():
    assert [usda.market_year(d) for d in ("2025-08-28", "2025-09-04", "2026-02-26")] == \
        [2025, 2026, 2026]


def test_census_without_a_key_is_refused_before_any_request(raw, capsys, monkeypatch):
    monkeypatch.setattr("phaseone.sources.fetch.download", pytest.fail)  # never reached
    assert cli.main(["fetch", "--raw", str(raw), "--source", "census-hs2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("phaseone: error: CENSUS_API_KEY not set (the Census Bureau's APIs "
                          "require a key for every request since 2026-05-12")
    assert census.SIGNUP in err and "nothing was written" in err
    with pytest.raises(SourceError, match="CENSUS_API_KEY is not set"):
        census.exports("HS2", "2026-01", "2026-01")
