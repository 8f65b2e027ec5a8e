"""Each report's cross-parameter rules, one problem at a time, with the exact message and at
the edges of each range."""

import csv

import pytest

from phaseone import config, reports, vocabulary
from phaseone.growth import TREND_ERRORS
from phaseone.reports import years
from phaseone.reports.after_the_deal import rules as after_rules
from phaseone.reports.compliance import rules as compliance_rules


def _years(table):
    with (config.DATA / f"{table}.csv").open(newline="", encoding="utf-8") as f:
        return sorted({int(row["year"]) for row in csv.DictReader(f)})


ALL = ["manufactured_goods", "agriculture", "energy", "services"]
COMPLIANCE = {"basis": "us_exports", "period": "2020-2021", "as_of": "2021-12",
              "sectors": ALL, "include_civil_aircraft": True}
CHINA = {**COMPLIANCE, "basis": "china_imports", "sectors": ALL[:3]}
YEAR_ENDS = "(2020-12 or 2021-12)"


@pytest.mark.parametrize("change, expected", [
    ({}, []),
    ({"as_of": "2020-01", "sectors": ALL[:3]}, []),
    ({"as_of": "2021-06", "sectors": ALL[:3]}, []),
    ({"as_of": "2021-06", "period": "2020"}, []),  # 2020 is whole by then
    ({"as_of": "2021-13"}, ["as_of='2021-13' must be a month written YYYY-MM, 2020-01 to "
                            "2021-12"]),
    ({"as_of": "2021-00"}, ["as_of='2021-00' must be a month written YYYY-MM, 2020-01 to "
                            "2021-12"]),
    ({"as_of": "2021-1"}, ["as_of='2021-1' must be a month written YYYY-MM, 2020-01 to "
                           "2021-12"]),
    ({"as_of": " 2021-12"}, ["as_of=' 2021-12' must be a month written YYYY-MM, 2020-01 to "
                             "2021-12"]),
    ({"as_of": "2019-12"}, ["as_of='2019-12' is outside the agreement's months, 2020-01 to "
                            "2021-12"]),
    ({"as_of": "2022-01"}, ["as_of='2022-01' is outside the agreement's months, 2020-01 to "
                            "2021-12"]),
    ({"sectors": []}, ["sectors is empty; choose at least one of manufactured_goods | "
                       "agriculture | energy | services"]),
    ({"sectors": ["energy", "services", "energy"]},
     ["sectors lists a sector twice: ['energy', 'services', 'energy']"]),
    ({"period": "2021", "as_of": "2020-06", "sectors": ["energy"]},
     ["as_of=2020-06 ends before period 2021 starts; choose an as_of in 2021 or a period that "
      "starts by 2020"]),
    ({"as_of": "2021-06"}, [f"as_of=2021-06 cuts 2021 short, but services have annual data "
                            f"only; drop services from sectors or end as_of at a year "
                            f"{YEAR_ENDS}"]),
    ({"as_of": "2020-11", "period": "2020"}, [
        f"as_of=2020-11 cuts 2020 short, but services have annual data only; drop services "
        f"from sectors or end as_of at a year {YEAR_ENDS}"]),
])
def test_compliance_rules_refuse_each_impossible_combination(change, expected):
    assert reports.problems("compliance", {**COMPLIANCE, **change}) == expected


@pytest.mark.parametrize("change, expected", [
    ({}, []),
    ({"sectors": ALL}, []),
    ({"period": "2020", "sectors": ["energy"]}, []),
    ({"as_of": "2020-12", "sectors": ["energy"]}, []),  # 2021 not reached
    ({"sectors": ["services"]}, [
        "basis=china_imports measures goods only (China's import statistics have no "
        "services); add a goods sector"]),
    ({"sectors": []}, ["sectors is empty; choose at least one of manufactured_goods | "
                       "agriculture | energy | services"]),
    ({"as_of": "2021-06"}, [f"basis=china_imports rests on PIIE's annual aggregates: as_of must "
                            f"end a year {YEAR_ENDS}, not 2021-06"]),
    ({"sectors": ["energy", "agriculture"]}, [
        "basis=china_imports: China's imports by sector, as PIIE aggregates them, are published "
        "for 2020 only; for 2021 choose all three goods sectors or period 2020"]),
    ({"include_civil_aircraft": False}, [
        "include_civil_aircraft=false applies to US export data only (China's imports are "
        "published aggregates); use basis=us_exports"]),
])
def test_china_import_rules_refuse_what_chinas_statistics_cannot_measure(change, expected):
    assert reports.problems("compliance", {**CHINA, **change}) == expected


def test_us_exports_may_leave_out_civil_aircraft():
    assert reports.problems("compliance", {**COMPLIANCE, "include_civil_aircraft": False}) == []


@pytest.mark.parametrize("period, as_of, years, short", [
    ("2020-2021", "2021-12", (2020, 2021), False),
    ("2020-2021", "2021-11", (2020, 2021), True),
    ("2020-2021", "2020-03", (2020,), True),
    ("2020-2021", "2020-12", (2020,), False),
    ("2021", "2020-12", (), False),
    ("2020", "2021-05", (2020,), False),
])
def test_assessed_years_and_cut_short(period, as_of, years, short):
    assert compliance_rules.assessed_years(period, as_of) == years
    assert compliance_rules.cut_short(period, as_of) is short


GROWTH = {"series": "goods_and_services", "base_year": 2017, "history_start": 2001,
          "history_end": 2017, "confidence": 0.95, "trend_start": 2001, "trend_end": 2017,
          "trend_errors": "hc1"}


def _growth_cases():
    goods = _years("goods_exports_annual")
    both = sorted(set(goods) & set(_years("services_exports")))
    first = _years("commitments")[0]
    gap = next(y for y in range(both[0], first) if y not in both)
    span = f"{goods[0]}-{goods[-1]}"
    before = [y for y in both if y < first]
    return [
        ({}, []),
        ({"confidence": 0.5, "trend_errors": "rw_drift"}, []),
        ({"base_year": before[-1]}, []),
        ({"series": "goods", "base_year": goods[0]}, []),
        ({"confidence": 0.0}, ["confidence=0.0 must be strictly between 0 and 1 (e.g. 0.95)"]),
        ({"confidence": 1}, ["confidence=1 must be strictly between 0 and 1 (e.g. 0.95)"]),
        ({"base_year": gap}, [f"base_year={gap} must be a year before {first} with "
                              f"goods_and_services data ({before[0]}-{before[-1]}; "
                              "goods_and_services: 2001 and 2013 on)"]),
        ({"base_year": first}, [f"base_year={first} must be a year before {first} with "
                                f"goods_and_services data ({before[0]}-{before[-1]}; "
                                "goods_and_services: 2001 and 2013 on)"]),
        ({"series": "goods", "base_year": first}, [
            f"base_year={first} must be a year before {first} with goods data "
            f"({goods[0]}-{first - 1}; goods_and_services: 2001 and 2013 on)"]),
        ({"trend_errors": "ols"}, ["trend_errors='ols' is not one of hc1 | hac | rw_drift | "
                                   "ar1_fgls"]),
        ({"history_start": 2016}, []),
        ({"history_start": 2017}, ["history_start=2017 must be at least 1 year before "
                                   "history_end=2017"]),
        ({"trend_start": 2013}, []),
        ({"trend_start": 2014}, ["trend_start=2014 must be at least 4 years before "
                                 "trend_end=2017 (a trend needs at least 5 years, start to end)"]),
        ({"history_start": goods[0] - 1}, [f"history_start={goods[0] - 1} has no data (years "
                                           f"with data: {span})"]),
        ({"history_end": goods[-1] + 1}, [f"history_end={goods[-1] + 1} has no data (years "
                                          f"with data: {span})"]),
        ({"trend_start": goods[0] - 1}, [f"trend_start={goods[0] - 1} has no data (years "
                                         f"with data: {span})"]),
        ({"trend_end": goods[-1] + 1}, [f"trend_end={goods[-1] + 1} has no data (years with "
                                        f"data: {span})"]),
    ]


@pytest.mark.parametrize("change, expected", _growth_cases())
def test_growth_rules_name_the_parameter_and_the_valid_range(change, expected):
    assert reports.problems("growth", {**GROWTH, **change}) == expected


def test_growth_rules_need_no_trend_errors_and_know_the_models():
    assert reports.problems("growth", {k: v for k, v in GROWTH.items() if k != "trend_errors"}) \
        == []
    assert vocabulary.TREND_ERRORS == tuple(TREND_ERRORS)


GOODS3 = ALL[:3]
AFTER = {"sectors": GOODS3, "horizon": 4}


def _after_cases():
    goods_last = _years("covered_goods_annual")[-1]
    services_last = _years("services_exports")[-1]
    ok = {**AFTER, "start_year": goods_last + 1}
    listing = "manufactured_goods | agriculture | energy | services"
    late = f"and by {after_rules.LAST_START}"
    return ok, [
        ({}, []),
        ({"start_year": after_rules.LAST_START, "horizon": 1}, []),
        ({"horizon": after_rules.MAX_HORIZON}, []),
        ({"sectors": ["services"]}, []),  # after the goods' last year, whatever the sectors
        ({"sectors": ["services"], "start_year": services_last + 1}, [
            f"start_year={services_last + 1} must come after {goods_last}, the last full year of "
            f"goods data, whatever the sectors (services are published through "
            f"{services_last}), and by {after_rules.LAST_START}"]),
        ({"sectors": []}, [f"sectors is empty; choose at least one of {listing}"]),
        ({"sectors": ["energy", "oil", "x"], "horizon": 0},
         [f"sectors lists ['oil', 'x']; choose from {listing}"]),
        ({"sectors": ["energy", "energy"]}, ["sectors lists a sector twice: ['energy', "
                                             "'energy']"]),
        ({"start_year": goods_last}, [
            f"start_year={goods_last} must come after {goods_last}, the last full year with "
            f"data for manufactured_goods and agriculture and energy, {late}"]),
        ({"sectors": ["energy", "services"], "start_year": services_last}, [
            f"start_year={services_last} must come after {goods_last}, the last full year of "
            f"goods data, whatever the sectors (services are published through "
            f"{services_last}), {late}"]),
        ({"start_year": after_rules.LAST_START + 1}, [
            f"start_year={after_rules.LAST_START + 1} must come after {goods_last}, the last full "
            f"year with data for manufactured_goods and agriculture and energy, {late}"]),
        ({"horizon": 0}, ["horizon=0 must be 1 to 10 years"]),
        ({"horizon": after_rules.MAX_HORIZON + 1}, ["horizon=11 must be 1 to 10 years"]),
    ]


AFTER_OK, AFTER_CASES = _after_cases()


@pytest.mark.parametrize("change, expected", AFTER_CASES)
def test_after_the_deal_rules_name_the_parameter_and_the_valid_range(change, expected):
    assert reports.problems("after_the_deal", {**AFTER_OK, **change}) == expected


def test_services_end_the_data_before_goods_do():
    assert _years("services_exports")[-1] < _years("covered_goods_annual")[-1]


def test_data_years_of_another_data_folder(tmp_path):
    (tmp_path / "goods_exports_annual.csv").write_text("year,v\n2000,1\n2001,1\n2002,1\n")
    (tmp_path / "services_exports.csv").write_text("year,v\n2001,1\n2002,1\n2003,1\n")
    assert years.data_years("goods", tmp_path) == {2000, 2001, 2002}
    assert years.data_years("goods_and_services", str(tmp_path)) == {2001, 2002}
    assert years.data_years("goods") == set(_years("goods_exports_annual"))


def test_a_span_of_no_years_says_none():
    assert years.span([]) == "none"
    assert years.span([2003, 2001, 2002]) == "2001-2003"


def test_reports_without_rules_have_no_problems():
    assert reports.problems("index", {"anything": 1}) == []
    assert set(reports.RULES) == {"compliance", "growth", "after_the_deal", "tariffs",
                                  "commitments"}
