"""The API clients and `phaseone fetch`, offline: HTTP answers replayed from cassettes.

The cassettes (tests/cassettes/, written by tests/fixtures/make_cassettes.py) hold real rows
of the raw Census and Comtrade files in each API's own shape. Any request a cassette does not
hold fails the test (record mode "none"), so no test reaches the network.
"""

import csv
import hashlib
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import vcr
from vcr.stubs import VCRHTTPResponse

from phaseone import cli, config
from phaseone.data import derive
from phaseone.sources import SourceError, bea, census, comtrade, fetch
from phaseone.sources import http as sources_http

CASSETTES = Path(__file__).parent / "cassettes"
TODAY = date(2026, 11, 15)
replay = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none",
                 filter_query_parameters=["key", "UserID"],
                 filter_headers=["Ocp-Apim-Subscription-Key"])
needs_raw = pytest.mark.skipif(not config.RAW.is_dir(),
                               reason=f"raw trade data directory {config.RAW} is absent")


@pytest.fixture(autouse=True)
def census_key(monkeypatch):
    """Census asks for a key on every request (since 2026-05-12): the tests hold one (the
    cassettes' requests are matched without it)."""
    monkeypatch.setenv("CENSUS_API_KEY", "TEST-CENSUS-KEY")


@pytest.fixture
def session():
    return sources_http.session(cache_dir=None)


@pytest.fixture
def sleeps(monkeypatch):
    """Record sleeps (urllib3's Retry-After and backoff waits) instead of sleeping."""
    waited = []
    monkeypatch.setattr("time.sleep", waited.append)
    return waited


@pytest.fixture
def raw(tmp_path, monkeypatch):
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    folder = tmp_path / "raw"
    folder.mkdir()
    (tmp_path / "data").mkdir()
    return folder


def run_fetch(raw, *args):
    return cli.main(["fetch", "--raw", str(raw), "--data", str(raw.parent / "data"),
                     "--no-cache", *args])


def test_census_asks_month_by_month_until_a_month_has_no_data(session, sleeps):
    with replay.use_cassette("census_hs6_paging.yaml") as tape:
        rows = census.exports("HS6", "2019-01", "2019-12", session=session)
    assert tape.play_count == 3 and tape.all_played
    assert rows.groupby(rows["time"].dt.strftime("%Y-%m")).size().to_dict() == {
        "2019-01": 12, "2019-02": 13}
    soy = rows[rows["hs6"].eq("120190")]
    assert dict(zip(soy["time"].dt.month, soy["china_exports"], strict=True)) == {
        1: 452_879_055.0, 2: 712_736_227.0}
    lng = rows[rows["hs6"].eq("271111") & rows["time"].dt.month.eq(1)].iloc[0]
    assert (lng["china_exports_quant"], lng["quant_type"], lng["hs4"]) == (316_023.0, "M3", "2711")
    assert str(rows["time"].dt.tz) == "UTC"


@needs_raw
@pytest.mark.raw
def test_census_rows_equal_the_raw_hs6_extract_they_came_from(session, sleeps):
    with replay.use_cassette("census_hs6_paging.yaml"):
        rows = census.exports("HS6", "2019-01", "2019-12", session=session)
    extract = pd.read_parquet(derive.raw_files(config.RAW)["census_hs6_monthly"][0]).reset_index()
    cols = ["time", "hs6", "hs4", "china_exports", "china_exports_quant", "quant_type"]
    got = rows[cols].sort_values(["time", "hs6"], ignore_index=True)
    want = extract.merge(got[["time", "hs6"]])[cols].sort_values(["time", "hs6"],
                                                                 ignore_index=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_a_month_not_yet_released_is_nothing_new_and_writes_nothing(raw, capsys):
    with replay.use_cassette("census_empty_month.yaml") as tape:
        assert run_fetch(raw, "--source", "census-hs6", "--from", "2019-01", "--to", "2019-01") == 0
    assert tape.play_count == 1
    assert "nothing new" in capsys.readouterr().out
    assert list(raw.iterdir()) == []


def test_a_429_is_retried_after_the_servers_retry_after(session, sleeps):
    with replay.use_cassette("census_429_then_rows.yaml") as tape:
        rows = census.exports("HS6", "2019-01", "2019-01", session=session)
    assert tape.play_count == 2 and len(rows) == 12
    assert 2.0 in sleeps


def test_a_server_error_that_persists_is_a_clear_error_and_nothing_is_written(raw, capsys,
                                                                              sleeps):
    with replay.use_cassette("census_503.yaml") as tape:
        assert run_fetch(raw, "--source", "census-hs6", "--from", "2019-01", "--to", "2019-01") == 1
    assert tape.play_count == 4  # the first try and three retries
    err = capsys.readouterr().err
    assert "HTTP 503" in err and "intltrade/exports/hs" in err and "nothing was written" in err
    assert list(raw.iterdir()) == []


def test_a_malformed_answer_names_the_problem(session):
    with replay.use_cassette("census_malformed.yaml"):
        with pytest.raises(SourceError, match="is not JSON: '<html><body>Invalid Key"):
            census.exports("HS6", "2019-01", "2019-01", session=session)
        with pytest.raises(SourceError, match=r"lacks column\(s\) ALL_VAL_MO, QTY_1_MO"):
            census.exports("HS6", "2019-02", "2019-02", session=session)


def test_a_missing_bea_key_stops_before_any_request(raw, monkeypatch, capsys):
    monkeypatch.delenv("BEA_API_KEY", raising=False)
    monkeypatch.setenv("FAS_API_KEY", "TEST-FAS-KEY")  # the other default source with a key
    with replay.use_cassette("census_empty_month.yaml") as tape:
        assert run_fetch(raw) == 1
    assert tape.play_count == 0
    assert "BEA_API_KEY not set" in capsys.readouterr().err
    assert list(raw.iterdir()) == []


def test_no_network_fails_at_once_with_a_message(raw, monkeypatch, capsys):
    # Port 9 on the loopback address refuses connections, as a machine offline would.
    monkeypatch.setattr(census, "URL", "http://127.0.0.1:9/data/timeseries/intltrade/exports/hs")
    assert run_fetch(raw, "--source", "census-hs6", "--from", "2019-01", "--to", "2019-01") == 1
    err = capsys.readouterr().err
    assert "cannot reach 127.0.0.1:9" in err and "nothing was written" in err
    assert list(raw.iterdir()) == []


def test_bea_services_exports_by_year(session):
    with replay.use_cassette("bea_services.yaml"):
        rows = bea.services_exports(session=session, key="SECRET-KEY")
    published = pd.read_csv(config.DATA / "services_exports.csv").set_index("year")["value_bn"]
    assert rows["year"].tolist() == list(range(2013, 2021))
    assert rows.set_index("year")["value_usd"].div(1e9).round(3).to_dict() == \
        published.loc[2013:2020].to_dict()


def test_bea_refusal_is_reported_in_beas_words(session):
    with replay.use_cassette("bea_bad_key.yaml"):
        with pytest.raises(SourceError, match=r"UserId provided is not valid\. \(code 3\)"):
            bea.services_exports(session=session, key="WRONG")


def test_comtrade_rows_take_the_raw_files_columns_and_types(session, sleeps):
    with replay.use_cassette("comtrade_us_exports.yaml") as tape:
        rows = comtrade.annual([2021, 2022], session=session, key="SECRET")
    assert tape.play_count == 2
    assert rows.dtypes.astype(str).to_dict() == comtrade.COLUMNS
    assert set(rows["ref_year"]) == {2021} and set(rows["flow_code"]) == {"X"}
    assert rows["cmd_code"].str.len().eq(6).all()


@needs_raw
@pytest.mark.raw
def test_comtrade_rows_equal_the_raw_file_they_came_from(session, sleeps):
    with replay.use_cassette("comtrade_us_exports.yaml"):
        rows = comtrade.annual([2021, 2022], session=session, key="SECRET")
    held = pd.read_parquet(next(p for p in derive.raw_files(config.RAW)["comtrade_annual"]
                                if "2015-2021" in p.name))
    held = held.merge(rows[["ref_year", "flow_code", "aggr_level", "cmd_code"]])
    key = ["cmd_code"]
    pd.testing.assert_frame_equal(rows.sort_values(key, ignore_index=True),
                                  held.sort_values(key, ignore_index=True)[rows.columns],
                                  check_dtype=False)


def test_a_cut_off_comtrade_preview_is_refused(session):
    with replay.use_cassette("comtrade_preview_cut.yaml"):
        with pytest.raises(SourceError, match="cut at 10 rows.*COMTRADE_API_KEY"):
            comtrade.annual([2021], session=session, key="", max_rows=10)


def test_answers_are_cached_on_disk_without_the_key(tmp_path, monkeypatch):
    # requests-cache reads urllib3's private _request_url, which vcrpy's replayed response lacks.
    monkeypatch.setattr(VCRHTTPResponse, "_request_url", None, raising=False)
    cached = sources_http.session(cache_dir=tmp_path)
    with replay.use_cassette("bea_services.yaml") as tape:
        first = bea.services_exports(session=cached, key="SECRET-KEY-1234")
        again = bea.services_exports(session=cached, key="SECRET-KEY-1234")
    assert tape.play_count == 1
    pd.testing.assert_frame_equal(first, again)
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert stored and b"SECRET-KEY-1234" not in stored


def test_the_next_periods_follow_the_last_held_file(raw):
    for name in ("census-exports-china-hs6-monthly-2013-01_2021-02.parquet",
                 "census-api-exports-33-partners-hs2-monthly-2013-01_2026-05.parquet",
                 "comtrade-us-china-hs-annual-2022-2024.parquet",
                 "comtrade-us-china-hs-annual-2025.parquet"):
        (raw / name).touch()
    plans = {p.dataset.name: (p.first, p.last) for p in fetch.plan(
        raw, ["census-hs6", "census-hs2", "comtrade-us", "comtrade-china"], TODAY)}
    assert plans == {"census-hs6": ("2021-03", "2026-11"), "census-hs2": ("2026-06", "2026-11"),
                     "comtrade-us": ("2026", "2025"), "comtrade-china": ("2015", "2025")}
    with pytest.raises(SourceError, match="overlaps census-exports-china-hs6-monthly-2013-01"):
        fetch.plan(raw, ["census-hs6"], TODAY, start="2021-02")
    with pytest.raises(SourceError, match="unknown source.*valid: census-hs6"):
        fetch.plan(raw, ["census-hs7"], TODAY)


def test_round_trip_cassette_to_raw_file_to_the_committed_civil_aircraft_rows(raw, monkeypatch,
                                                                           sleeps):
    monkeypatch.setenv("CENSUS_API_KEY", "SECRET-CENSUS-KEY")
    with replay.use_cassette("census_hs2_round_trip.yaml") as tape:
        assert run_fetch(raw, "--source", "census-hs2", "--from", "2021-02", "--to", "2021-12") == 0
    assert tape.play_count == 3
    name = "census-api-exports-china-hs2-monthly-2021-02_2021-03.parquet"
    assert sorted(p.name for p in raw.iterdir()) == [fetch.MANIFEST, name]
    manifest = list(csv.DictReader(open(raw / fetch.MANIFEST, encoding="utf-8")))
    assert len(manifest) == 1 and manifest[0]["file"] == name
    assert manifest[0]["sha256"] == hashlib.sha256((raw / name).read_bytes()).hexdigest()
    assert int(manifest[0]["bytes"]) == (raw / name).stat().st_size
    assert manifest[0]["source_url"].startswith(census.URL)
    assert "SECRET" not in (raw / fetch.MANIFEST).read_text()
    # The derivation reads the new file as it reads the HS2 raw file it replaces.
    recorded = list(csv.DictReader(open(raw.parent / "data" / fetch.PROJECT_MANIFEST,
                                        encoding="utf-8")))
    assert [(r["file"], r["dataset"], r["sha256"]) for r in recorded] == [
        (name, "census_hs2_monthly", manifest[0]["sha256"])]  # `make data` will read it
    fetched = derive.Inputs({"census_hs2_monthly": [raw / name]}, products=None,
                            concordance=None)
    derived = derive.hs2_monthly(fetched, derive.AIRCRAFT_CHAPTER)
    committed = pd.read_csv(config.DATA / "covered_goods_monthly.csv")
    committed = committed[committed["component"].eq("civil_aircraft")
                          & committed["month"].isin(["2021-02", "2021-03"])]
    assert committed["source"].eq(derive.CENSUS_HS2).all()
    assert derived.round(6).to_dict() == committed.set_index("month")["value_bn"].to_dict()


@needs_raw
@pytest.mark.raw
def test_round_trip_cassette_fetch_make_data_gives_the_committed_tables(raw, session, sleeps):
    """Fetched months recorded in the project's manifest flow through `make data`: the new
    file's rows replace the extract's for the same months, and the tables come out the same."""
    data = raw.parent / "data"
    data.rmdir()
    shutil.copytree(config.DATA, data)
    for entry in config.RAW.iterdir():
        (raw / entry.name).symlink_to(entry)
    with replay.use_cassette("census_hs2_round_trip.yaml"):
        new = fetch.write(raw, [(p, census.exports("HS2", p.first, p.last, session=session))
                                for p in [fetch.Plan(fetch.datasets()["census-hs2"],
                                                     "2021-02", "2021-12", None)]],
                          TODAY, data)
    manifest = (data / fetch.PROJECT_MANIFEST).read_text(encoding="utf-8")
    assert new and new[0] in manifest
    assert derive.raw_files(raw, data)["census_hs2_monthly"][-1].name == new[0]  # read last
    derive.derive(raw, data)
    for table in ["covered_goods_monthly", "covered_goods_monthly_estimated",
                  "exports_monthly_chapters"]:
        assert (data / f"{table}.csv").read_bytes() == \
            (config.DATA / f"{table}.csv").read_bytes(), table
