"""The report models over their parameter grids: no kernel, every combination decided.

Each accepted combination builds a model whose numbers agree with each other and whose
headline follows the parameters; each refused combination is refused by the same rules
the builder applies before a kernel starts, with a message naming the parameter.
"""

import itertools
import re

import pandas as pd
import pytest
from declared import validate_notebook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phaseone import agreement, compliance, config, growth, vocabulary
from phaseone.builder.notebook import read_parameters
from phaseone.parameters import ParameterError
from phaseone.reports import years
from phaseone.reports.compliance import model as compliance_report
from phaseone.reports.compliance import rules as compliance_rules
from phaseone.reports.growth import model as growth_report
from phaseone.reports.growth import rules as growth_rules

MONTHS = [f"{y}-{m:02d}" for y in (2020, 2021) for m in range(1, 13)]
SECTOR_SETS = [list(c) for n in range(0, 5) for c in itertools.combinations(agreement.SECTORS, n)]
SETTINGS = settings(max_examples=250, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def _declared(name):
    return {p.name: p for p in read_parameters(config.NOTEBOOKS / f"{name}.py")}


# --- one source of truth ----------------------------------------------------------------


def test_compliance_parameters_cell_matches_the_library():
    p = _declared("compliance")
    assert {n: q.default for n, q in p.items()} == compliance_report.DEFAULTS
    assert p["basis"].choices == agreement.BASES
    assert p["period"].choices == tuple(vocabulary.PERIODS)
    assert p["proration"].choices == agreement.PRORATIONS
    assert p["sectors"].choices == agreement.SECTORS
    assert vocabulary.GOODS_SECTORS == agreement.GOODS_SECTORS
    assert "include_services" not in p  # `sectors` says it


def test_growth_parameters_cell_matches_the_library():
    p = _declared("growth")
    assert {n: q.default for n, q in p.items()} == growth_report.DEFAULTS
    assert p["series"].choices == tuple(growth.SERIES)
    assert p["definition"].choices == growth.DEFINITIONS
    assert p["trend_errors"].choices == tuple(growth.TREND_ERRORS) == vocabulary.TREND_ERRORS


# --- compliance -------------------------------------------------------------------------


def _compliance_values(**overrides):
    return {**compliance_report.DEFAULTS, **overrides}


def _check_compliance(r):
    f = r.fulfilment
    sectors = f.drop(index="total")
    t = r.total
    if sectors["purchases_bn"].notna().all():
        assert t.purchases_bn == pytest.approx(sectors["purchases_bn"].sum())
    assert t.target_bn == pytest.approx(sectors["target_bn"].sum())
    assert t.baseline_bn == pytest.approx(sectors["baseline_bn"].sum())
    if r.verdict != "not_published":
        assert t.fulfilment == pytest.approx(t.purchases_bn / t.target_bn)
        assert r.verdict == ("met_target" if t.fulfilment >= 1 else
                             "above_2017" if t.vs_2017 >= 1 else "below_2017")
    # the year rows add up to the period
    by_year = r.by_year[r.by_year["sector"] == "total"]
    assert by_year["target_bn"].sum() == pytest.approx(t.target_bn)
    if r.verdict != "not_published" and by_year["purchases_bn"].notna().all():
        assert by_year["purchases_bn"].sum() == pytest.approx(t.purchases_bn)
    assert r.period_text in r.title and r.basis_data in r.title
    assert set(sectors.index) <= set(r.parameters["sectors"])
    if r.tracker is not None:  # the tracker ends at as_of, or at the period's end before it
        assert r.tracker.index[-1] == min(r.parameters["as_of"], f"{r.years[-1]}-12")
    assert r.uncovered.index.max() <= int(r.parameters["as_of"][:4])
    assert r.sources and all(isinstance(s, str) and s for s in r.sources)


@SETTINGS
@given(basis=st.sampled_from(agreement.BASES), period=st.sampled_from(list(vocabulary.PERIODS)),
       as_of=st.sampled_from(MONTHS), proration=st.sampled_from(agreement.PRORATIONS),
       sectors=st.sampled_from(SECTOR_SETS), aircraft=st.booleans())
def test_compliance_grid(basis, period, as_of, proration, sectors, aircraft):
    values = _compliance_values(basis=basis, period=period, as_of=as_of, proration=proration,
                                sectors=sectors, include_civil_aircraft=aircraft)
    problems = compliance_rules.problems(values)
    if problems:
        with pytest.raises(ParameterError) as err:
            compliance_report.model(**values)
        assert all(p in str(err.value) for p in problems)
        named = re.findall(r"\b(basis|period|as_of|sectors|include_civil_aircraft)\b",
                           str(err.value))
        assert named, err.value
        with pytest.raises(ParameterError):  # the builder's check, before any kernel
            validate_notebook(config.NOTEBOOKS / "compliance.py", values)
    else:
        _check_compliance(compliance_report.model(**values))


def test_compliance_grid_accepts_most_of_the_common_cases():
    accepted = [v for v in (
        _compliance_values(basis=b, period=p, as_of=a, sectors=s)
        for b in agreement.BASES for p in vocabulary.PERIODS for a in ("2020-12", "2021-12")
        for s in SECTOR_SETS[1:]) if not compliance_rules.problems(v)]
    assert len(accepted) >= 40  # the rules refuse only what the data cannot measure


def _fingerprint(r):
    tracker = None if r.tracker is None else tuple(r.tracker["ytd_target_bn"].round(9))
    return (r.title, tuple(r.fulfilment.loc["total"].round(9)), tracker)


@pytest.mark.parametrize("name, value", [
    ("basis", "china_imports"), ("period", "2020"), ("as_of", "2021-06"),
    ("proration", "straight_line"), ("sectors", ["agriculture", "energy"]),
    ("include_civil_aircraft", False),
])
def test_every_compliance_parameter_moves_the_report(name, value):
    base = _compliance_values(sectors=list(agreement.GOODS_SECTORS))
    changed = {**base, name: value}
    assert _fingerprint(compliance_report.model(**base)) != \
        _fingerprint(compliance_report.model(**changed))


def test_headline_is_the_chosen_sectors_sum():
    every = compliance_report.model().fulfilment
    for chosen in (["agriculture"], ["energy", "services"], ["manufactured_goods", "energy"]):
        r = compliance_report.model(sectors=chosen)
        assert r.total.purchases_bn == pytest.approx(every.loc[chosen, "purchases_bn"].sum())
        assert r.total.target_bn == pytest.approx(every.loc[chosen, "target_bn"].sum())
        assert r.assessed == {"agriculture": "agricultural goods",
                              "energy|services": "energy goods and services",
                              "manufactured_goods|energy": "manufactured and energy goods",
                              }["|".join(chosen)]
    assert compliance_report.model().assessed == "goods and services"
    assert compliance_report.model(sectors=list(agreement.GOODS_SECTORS)).assessed == "goods"


def test_as_of_is_a_true_cut_off():
    goods = list(agreement.GOODS_SECTORS)
    r = compliance_report.model(as_of="2021-06", sectors=goods)
    full_2020 = compliance.fulfilment("us_exports", (2020,), goods).loc["total"]
    june = r.tracker.loc["2021-06"]
    assert r.cut and r.period_text == "2020 to June 2021"
    assert r.total.purchases_bn == pytest.approx(full_2020.purchases_bn + june.ytd_purchases_bn)
    assert r.total.target_bn == pytest.approx(full_2020.target_bn + june.ytd_target_bn)
    assert r.total.baseline_bn == pytest.approx(full_2020.baseline_bn + june.ytd_level_2017_bn)
    assert r.categories is not None and r.category_years == (2020,)
    assert r.uncovered.index.max() == 2020 and not r.estimated_months
    assert set(r.tracker.index.str[:4]) == {"2020", "2021"}
    early = compliance_report.model(as_of="2020-03", sectors=goods)
    assert early.years == (2020,) and early.bases is None and early.categories is None
    assert early.uncovered.index.max() == 2019


def test_period_reads_the_same_as_text_or_number():
    a, b = compliance_report.model(period=2020), compliance_report.model(period="2020")
    assert a.title == b.title and a.fulfilment.equals(b.fulfilment)
    values = validate_notebook(config.NOTEBOOKS / "compliance.py", {"period": 2020})
    assert values["period"] == "2020"


def test_purchases_above_2017_say_so():
    r = compliance_report.model(sectors=["agriculture", "energy"])
    assert r.total.vs_2017 > 1 and r.verdict == "above_2017"
    assert compliance_report.model().verdict == "below_2017"


def test_china_imports_with_services_measures_goods_and_says_so():
    r = compliance_report.model(basis="china_imports")
    assert r.services_unmeasured and r.assessed == "goods"
    assert "services" not in r.fulfilment.index
    assert r.total.purchases_bn == pytest.approx(
        compliance.published("covered_goods_2020_21_china_imports"), abs=0.05)


@pytest.mark.parametrize("overrides, message", [
    ({"sectors": ["services"], "basis": "china_imports"}, "measures goods only"),
    ({"sectors": []}, "sectors is empty"),
    ({"as_of": "2022-03"}, "outside the agreement's months"),
    ({"as_of": "2021-6"}, "YYYY-MM"),
    ({"as_of": "2020-06", "period": "2021"}, "ends before period 2021 starts"),
    ({"as_of": "2021-06"}, "services have annual data only"),
    ({"basis": "china_imports", "as_of": "2021-09", "sectors": ["agriculture"]},
     "PIIE's annual aggregates"),
    ({"basis": "china_imports", "sectors": ["agriculture"]}, "published for 2020 only"),
    ({"basis": "china_imports", "include_civil_aircraft": False}, "US export data only"),
])
def test_compliance_refusals_name_the_parameter(overrides, message):
    with pytest.raises(ParameterError, match=message):
        validate_notebook(config.NOTEBOOKS / "compliance.py", overrides)
    with pytest.raises(ParameterError, match=message):
        compliance_report.model(**overrides)


# --- growth -----------------------------------------------------------------------------


def _growth_values(**overrides):
    return {**growth_report.DEFAULTS, **overrides}


def _check_growth(r):
    v = r.parameters
    rates = r.required.set_index("definition")["required_growth"]
    assert r.rate == rates[v["definition"]]
    window = r.history.iloc[0]
    assert r.window == window["window"] == f"{v['history_start']}-{v['history_end']}"
    assert r.window_growth == window["cagr"]
    if r.window_growth > 0:
        assert r.ratio == pytest.approx(r.rate / r.window_growth)
    else:
        assert pd.isna(r.ratio)
    assert r.trend.growth_low <= r.trend.growth <= r.trend.growth_high
    assert (r.trend.start, r.trend.end) == (v["trend_start"], v["trend_end"])
    assert r.trend.level == v["confidence"]
    assert r.trend.errors == v["trend_errors"]
    assert list(r.error_models["errors"]) == list(growth.TREND_ERRORS)
    chosen = r.error_models.set_index("errors").loc[v["trend_errors"]]
    assert chosen["growth_low"] == pytest.approx(r.trend.growth_low)
    cf = r.counterfactual
    assert (cf["pred_low"] <= cf["fitted"]).all() and (cf["fitted"] <= cf["pred_high"]).all()
    assert r.base_bn == pytest.approx(growth.exports_series(v["series"]).loc[v["base_year"]])
    if v["base_year"] != 2017:  # the title may name a window ending in 2017, not a 2017 base
        assert "2017" not in r.label + r.description
        assert not re.search(r"2017 (level|base)", r.title)
    assert str(v["base_year"]) in r.required["description"].str.cat() or \
        v["base_year"] == r.first_year - 1
    assert "_" not in r.title


GOODS_YEARS = sorted(years.data_years("goods"))


@SETTINGS
@given(series=st.sampled_from(list(growth.SERIES)),
       base_year=st.sampled_from([2001, 2013, 2015, 2017, 2018, 2019, 2005, 2020]),
       history=st.tuples(st.sampled_from(GOODS_YEARS + [1980]),
                         st.sampled_from(GOODS_YEARS)),
       definition=st.sampled_from(growth.DEFINITIONS),
       confidence=st.sampled_from([0.5, 0.8, 0.95, 0.99, 1.5, 0.0]),
       trend=st.tuples(st.sampled_from(GOODS_YEARS), st.sampled_from(GOODS_YEARS)),
       errors=st.sampled_from([*growth.TREND_ERRORS, "ols"]))
def test_growth_grid(series, base_year, history, definition, confidence, trend, errors):
    values = _growth_values(series=series, base_year=base_year, history_start=history[0],
                            history_end=history[1], definition=definition,
                            confidence=confidence, trend_start=trend[0], trend_end=trend[1],
                            trend_errors=errors)
    problems = growth_rules.problems(values)
    if problems:
        with pytest.raises(ParameterError) as err:
            growth_report.model(**values)
        # the message names the parameter: `name=value` (rules) or `parameter 'name'` (choices)
        assert re.search(r"\b(confidence|base_year|history_\w+|trend_\w+)=|parameter "
                         r"'trend_errors'", str(err.value))
        with pytest.raises(ParameterError):
            validate_notebook(config.NOTEBOOKS / "growth.py", values)
    else:
        _check_growth(growth_report.model(**values))


@pytest.mark.parametrize("name, value", [
    ("series", "goods"), ("base_year", 2019), ("history_start", 2009), ("history_end", 2019),
    ("definition", "final_target_from_2019"), ("confidence", 0.8), ("trend_start", 2005),
    ("trend_end", 2015), ("trend_errors", "hc1"), ("trend_errors", "rw_drift"),
])
def test_every_growth_parameter_moves_the_headline(name, value):
    base = growth_report.model()
    changed = growth_report.model(**{name: value})
    assert (base.headline(), base.trend.growth_low) != (changed.headline(),
                                                        changed.trend.growth_low)


def test_the_chosen_definition_drives_the_headline_not_the_press_match():
    r = growth_report.model(definition="final_target_from_2019")
    assert r.rate == pytest.approx(growth.required_growth(
        "final_target_from_2019", base=r.base_bn, additions=r.additions,
        actual=growth.exports_series("goods_and_services")))
    assert r.press.closest == "two_year_sum_from_base_2yr" and r.rate != r.press.rates[
        r.press.closest]
    assert r.label == "From the actual 2019 level to the 2021 target"


def test_base_year_2019_texts_mention_no_2017_base():
    r = growth_report.model(base_year=2019)
    assert "2017" not in r.title + r.label + r.description
    assert not r.required["label"].str.contains("2017").any()
    assert not r.starts_from_base_as_prior  # 2019 is the year before the purchases


def test_estimated_inputs_are_reported_beside_the_numbers():
    r = growth_report.model()
    flagged = r.inputs.set_index("year")["quality"]
    assert flagged[2001] == "estimated"  # 2001 services, behind the 2001-2017 window
    assert flagged[2017] == "estimated"  # 2017 services 56.1 = PIIE's 151.2 less 95.1, derived
    assert growth_report.model(series="goods").inputs.empty


@pytest.mark.parametrize("overrides, message", [
    ({"confidence": 1.5}, r"confidence=1.5 must be strictly between 0 and 1"),
    ({"history_start": 2019, "history_end": 2017}, r"history_start=2019 must be at least"),
    ({"history_start": 1900}, r"history_start=1900 has no data"),
    ({"trend_start": 2016, "trend_end": 2017}, r"trend_start=2016 must be at least 4 years"),
    ({"base_year": 2021}, r"base_year=2021 must be a year before 2020"),
    ({"base_year": 2005}, r"base_year=2005 must be a year before 2020 with goods_and_services"),
    ({"trend_errors": "ols"}, r"trend_errors.*'ols'|'ols'.*trend_errors"),
])
def test_growth_refusals_name_the_parameter(overrides, message):
    with pytest.raises(ParameterError, match=message):
        validate_notebook(config.NOTEBOOKS / "growth.py", overrides)
    with pytest.raises(ParameterError, match=message):
        growth_report.model(**overrides)


def test_models_refuse_unknown_parameters():
    with pytest.raises(TypeError, match="include_services"):
        compliance_report.model(include_services=False)
    with pytest.raises(TypeError, match="perod"):
        growth_report.model(perod=2020)
