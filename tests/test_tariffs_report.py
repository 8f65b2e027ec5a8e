"""The tariff report: its parameters cell matches the library, its rules refuse what cannot be
built (naming the parameter), and the parameters move what it says."""

import pytest

from phaseone import config, reports, tariffs
from phaseone.builder.notebook import read_parameters
from phaseone.parameters import ParameterError
from phaseone.reports.tariffs import model as report
from phaseone.reports.tariffs import rules as tariff_rules

OK = dict(report.DEFAULTS)


def test_parameters_cell_matches_the_library():
    p = {q.name: q for q in read_parameters(config.NOTEBOOKS / "tariffs.py")}
    assert {n: q.default for n, q in p.items()} == report.DEFAULTS
    assert p["weights"].choices == tariffs.WEIGHTS
    assert p["goods"].choices == tariffs.GOODS


def test_the_report_is_registered_after_after_the_deal():
    names = list(reports.RULES)
    assert names.index("tariffs") == names.index("after_the_deal") + 1


@pytest.mark.parametrize("change, expected", [
    ({"first_date": "2018-1-1"}, "first_date='2018-1-1' must be a date YYYY-MM-DD"),
    ({"last_date": "2027-01-01"}, "last_date='2027-01-01' must be a date YYYY-MM-DD (a day "
                                  "of the calendar) from 2018-01-01 to 2026-12-31"),
    # replayed: -p first_date 2026-02-30 passed the rules and failed in the kernel
    ({"first_date": "2026-02-30"}, "first_date='2026-02-30' must be a date YYYY-MM-DD (a day "
                                   "of the calendar)"),
    ({"first_date": "2025-13-01"}, "first_date='2025-13-01' must be a date"),
    ({"first_date": "2026-01-01", "last_date": "2025-01-01"},
     "first_date=2026-01-01 must come before last_date=2025-01-01"),
    ({"first_date": "2021-01-01", "last_date": "2024-06-30"},
     "no tariff schedule in the data changes between first_date=2021-01-01 and "
     "last_date=2024-06-30 (the nearest are 2020-02-14 before and 2025-01-01 after)"),
    ({"weights": "trade_2016"}, "weights='trade_2016'; choose from trade_2017 | trade_latest"),
    ({"goods": "services"}, "goods='services'; choose from all | covered"),
])
def test_rules_name_the_parameter_and_what_is_allowed(change, expected):
    found = reports.problems("tariffs", {**OK, **change})
    assert len(found) == 1 and found[0].startswith(expected), found


def test_the_defaults_pass_the_rules_and_the_ranges_name_the_schedules():
    assert tariff_rules.problems(OK) == []
    assert "(schedule dates 2018-01-01 to 2026-08-19, none after 2020-02-14 until 2025-01-01)" \
        in tariff_rules.ranges()["first_date"]


def test_the_model_refuses_what_the_rules_refuse():
    with pytest.raises(ParameterError, match="no tariff schedule in the data changes"):
        report.model(first_date="2021-01-01", last_date="2024-06-30")


def test_the_weights_move_the_averages_and_the_words():
    default, latest, simple = (report.model(weights=w) for w in tariffs.WEIGHTS)
    china = [m.paths["china_on_us"].points["rate_pct"].iloc[0] for m in (default, latest,
                                                                         simple)]
    assert len(set(round(c, 2) for c in china)) == 3
    assert "weighted by the latest full year of trade" in latest.finding.text
    assert "simple average of HS6 lines" in simple.title


def test_soybeans_draw_no_model_line_and_cite_the_schedule_rates():
    m = report.model(goods="soybeans")
    assert [line["kind"] for line in m.chart.args["lines"]] == ["schedule"] * 3
    assert "33.0% on 26 December 2019" in m.soybean_text.text


def test_beside_purchases_has_tariffs_only_where_a_schedule_covers_the_year():
    side = report.model().beside.set_index("year")
    assert side["tariff_pct"].dropna().index.tolist() == [2018, 2019, 2025]
    assert side.loc[2017, "purchases_bn"] == pytest.approx(95.0, abs=0.1)  # PIIE's 95.1


def test_other_reports_cite_the_tariff_in_force_or_the_latest_schedule():
    from phaseone.present.statements import problems

    soy = report.in_force("china_on_us", ["1201"], "2026-01-15", "US soybeans")
    assert soy.text.startswith("China's tariff on US soybeans in force on 15 January 2026 was "
                               "20.0% on average")
    assert "its schedule of 10 November 2025, WTO Tariff &amp; Trade Data" in soy.text
    after = report.in_force("china_on_us", ["1201"], "2026-05-31", "US soybeans")
    assert after.text.startswith("No tariff schedule of China's in the data covers 31 May "
                                 "2026; the latest before it, of 1 May 2026, put its tariff on "
                                 "US soybeans at 20.0%")
    covered = report.in_force("china_on_us", ["covered"], "2021-12-31", "the covered goods",
                              weights="trade_2017")
    assert covered.text.startswith("No tariff schedule of China's in the data covers 31 "
                                   "December 2021; the latest before it, of 26 December 2019")
    early = report.in_force("china_on_us", ["all"], "2017-06-30", "US goods")
    assert early.text == "No tariff schedule of China's in the data covers 30 June 2017."
    assert all(problems(s, "in_force") == [] for s in (soy, after, covered, early))


@pytest.mark.parametrize("change", [
    {"first_date": "2021-01-01", "last_date": "2024-06-30"}, {"last_date": "2026-13-01"},
    {"first_date": "2026-08-31", "last_date": "2018-01-01"}, {"goods": "services"},
    {"first_date": "2026-02-30"}])
def test_the_notebook_refuses_what_the_model_refuses(change):
    from declared import validate_notebook

    with pytest.raises(ParameterError) as model_err:
        report.model(**change)
    with pytest.raises(ParameterError) as notebook_err:
        validate_notebook(config.NOTEBOOKS / "tariffs.py", change)
    named = next(iter(change))
    assert named in str(model_err.value) and named in str(notebook_err.value)


def test_the_soybean_section_and_the_compliance_report_cite_the_tariff_in_force():
    from phaseone.present.statements import problems
    from phaseone.reports.after_the_deal import model as after
    from phaseone.reports.compliance import model as compliance

    # replayed: "China's tariff on US soybeans in force on 1 May 2026 was 20.0% on average
    # (...; its schedule of 1 May 2026, ...)", though HS 1201 stands at 20% from 10 November 2025
    soy = after.model().soybean_tariff
    assert soy.text.startswith("China's tariff on US soybeans (HS 1201) was 20.0% on average")
    assert "had held at that rate since 10 November 2025" in soy.text
    assert "its schedule of 1 May 2026" not in soy.text
    assert "The press put it at about 13% after the Busan meeting" in soy.text
    assert "the WTO file gives 20.0%" in soy.text
    assert problems(soy, "soybean_tariff") == []
    covered = compliance.model(period="2020", as_of="2020-12").tariff_text.text
    assert covered.startswith("No tariff schedule of China's in the data covers 31 December "
                              "2020; the latest before it, of 26 December 2019")
    expected = tariffs.tariff_in_force("china_on_us", ["covered"], "2020-12-31").latest_pct
    assert f"at {expected:.1f}% on average" in covered
    # replayed: the default said "covers 31 December 2021; ... at 22.6% on average" and no more,
    # though the tariff events record China halving its September 2019 tariffs on 2020-02-14
    default = compliance.model().tariff_text.text
    assert "22.6% is not the rate in force from 14 February 2020 on" in default
    assert "China halves its September 2019 tariffs" in default
    # replayed: as_of 2020-06 assessed January-June 2020 but the tariff sentence named 31 December
    half = compliance.model(period="2020", as_of="2020-06",
                            sectors=["manufactured_goods", "agriculture", "energy"]).tariff_text
    assert "covers 30 June 2020;" in half.text


def test_the_event_sources_link_to_their_own_pages():
    # replayed: "PIIE, Bown, US-China Trade War Tariffs: An Up-to-Date Chart" linked to the
    # Phase One purchases tracker page (the publisher's link of every report)
    from phaseone.data import load
    from phaseone.present.text import LINKS

    listed = report.model().sources_list.text
    for row in load("tariff_events").itertuples():
        assert f"{row.source}]({row.url})" in listed, row.source
    assert LINKS["PIIE"] not in listed
