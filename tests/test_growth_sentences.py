"""Every statement of the growth report, checked against its numbers at every parameter set.

The property test draws parameter sets across the report's whole declared space (every
parameter of notebooks/growth.py's parameters cell), builds the model (no kernel) and checks
every Sentence, table and chart (tests/sentences.py) and that the title and key figures name
each non-default scope choice. The named tests below replay the new-user trial's growth
findings (H4, M2, M3, M6 and LOW of the December 2026 trial).
"""

import re

import pytest
from declared import validate_notebook
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sentences import model_problems

from phaseone import config, growth
from phaseone.builder.notebook import read_parameters
from phaseone.parameters import ParameterError
from phaseone.present import plots
from phaseone.present.statements import Sentence
from phaseone.reports import years
from phaseone.reports.growth import model as report
from phaseone.reports.growth import rules as growth_rules

GOODS = sorted(years.data_years("goods"))
BOTH = sorted(years.data_years("goods_and_services"))
FIRST = 2020  # the first agreement year
DEFAULTS = report.DEFAULTS


def texts(m) -> str:
    """Every Sentence of the model, as one text."""
    from sentences import fields

    return "\n".join(s.text if isinstance(s, Sentence) else s.alt.text
                     for _, s in fields(m) if isinstance(s, Sentence) or hasattr(s, "alt"))


def test_the_strategy_covers_every_declared_parameter():
    declared = {p.name for p in read_parameters(config.NOTEBOOKS / "growth.py")}
    assert declared == set(DEFAULTS) == set(_drawn_names)


_drawn_names = ("series", "base_year", "history_start", "history_end", "definition",
                "confidence", "trend_start", "trend_end", "trend_errors")


@st.composite
def parameter_sets(draw):
    series = draw(st.sampled_from(list(growth.SERIES)))
    years = BOTH if series == "goods_and_services" else GOODS
    base_year = draw(st.one_of(*[st.sampled_from([y for y in years if y < FIRST])] * 4,
                               st.sampled_from(GOODS)))
    history_start = draw(st.sampled_from([y for y in GOODS if y < FIRST - 1]))
    before = [y for y in GOODS if history_start < y < FIRST]
    history_end = draw(st.one_of(*[st.sampled_from(before)] * 4,
                                 st.sampled_from([y for y in GOODS if y > history_start])))
    least = growth_rules.MIN_TREND_YEARS - 1  # years from a trend's start to its end
    trend_start = draw(st.sampled_from([y for y in GOODS if y < FIRST - least]))
    before = [y for y in GOODS if trend_start + least <= y < FIRST]
    trend_end = draw(st.one_of(*[st.sampled_from(before)] * 4,
                               st.sampled_from([y for y in GOODS if y > trend_start])))
    confidence = draw(st.one_of(
        st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999]),
        st.floats(0.001, 0.999).map(lambda x: round(x, 3))))
    return dict(series=series, base_year=base_year, history_start=history_start,
                history_end=history_end, definition=draw(st.sampled_from(growth.DEFINITIONS)),
                confidence=confidence, trend_start=trend_start, trend_end=trend_end,
                trend_errors=draw(st.sampled_from(list(growth.TREND_ERRORS))))


def _series(name):
    return f"US {report.SERIES_TEXT[name]}"


def check_scope(m, v):
    """The title and key figures name every non-default choice, and name it as chosen."""
    required, historical, multiple, trend, agreement = m.key_figures
    title, label = m.title, m.label.lower()
    assert title.startswith(f"{report.QUESTION} {_series(v['series'])}; {label}")
    assert _series(v["series"]) in required.name and label in required.name
    if v["series"] == "goods":
        assert "goods and services" not in title + " ".join(c.name for c in m.key_figures)
    if v["base_year"] != DEFAULTS["base_year"]:
        assert str(v["base_year"]) in title and str(v["base_year"]) in required.name
    window = f"{v['history_start']}-{v['history_end']}"
    assert window in historical.name and window in multiple.name
    assert _series(m.window_measured_on) in historical.name
    if window != "2001-2017":
        assert window in title
    spell = f"{v['trend_start']}-{v['trend_end']}"
    assert spell in trend.name and _series(m.trend_on) in trend.name
    assert report.ERROR_NAMES[v["trend_errors"]] in trend.name
    level = report.level_text(v["confidence"])
    assert f"{level} interval" in trend.name
    if spell != "2001-2017" or v["trend_errors"] != DEFAULTS["trend_errors"]:
        assert f"trend {spell} {report.TREND_PHRASE[v['trend_errors']]}" in title
    if v["confidence"] != DEFAULTS["confidence"]:
        assert f"{level} intervals" in title
    # every span and year the title names is one of the parameters' (or the agreement's)
    spans = set(re.findall(r"\b\d{4}-\d{4}\b", title))
    assert spans <= {window, spell, f"{FIRST}-{m.last_year}"}, spans
    named = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", title)}
    assert named <= {v["base_year"], v["history_start"], v["history_end"], v["trend_start"],
                     v["trend_end"], FIRST - 1, FIRST, m.last_year}, named
    assert (required.value, historical.value, trend.value) == (m.rate, m.window_growth,
                                                              m.trend.growth)
    # how many specifications agree, with the curve's scope, in the key figures and the summary
    agree, n = m.agreement
    assert n == len(m.specifications) and agreement.value == agree / n
    assert agreement.shown.startswith(f"{agree:,} of {n:,} (")
    assert _series(v["series"]) in agreement.name and f"{level} intervals" in agreement.name
    assert f"{m.specifications['errors'].nunique()} error models" in agreement.name
    both = bool(m.counterfactual["target_in_interval"].all())
    assert agree == int((m.specifications["inside"] == both).sum())
    robust = m.summary[-1]
    assert robust is m.robustness_text and f"{agree:,} ({agreement.shown.split('(')[1]}" in \
        robust.text
    assert ("that both targets lie inside" in robust.text) == both
    shares = m.specification_shares
    assert shares.loc["inside", "all"] == pytest.approx(m.specifications["inside"].mean())
    # the trend's fitted base-year level beside the actual one
    fitted, actual = m.trend_base
    trend_paragraph = m.summary[-2]
    if v["trend_errors"] != "rw_drift":
        assert f"puts {v['base_year']} at" in trend_paragraph.text
        assert {fitted, actual} <= {c.value for c in trend_paragraph.cites}
    elif v["base_year"] == v["trend_end"]:  # a random walk has no line: it starts there
        assert f"starts from the {v['base_year']} level itself" in trend_paragraph.text
        assert actual in {c.value for c in trend_paragraph.cites}
    else:
        assert "by the drift is" in trend_paragraph.text and "trend line" not in \
            trend_paragraph.text
        assert {fitted, actual} <= {c.value for c in trend_paragraph.cites}
    # a level uplift is no growth rate: no multiple of a pace
    if v["definition"] in report.UPLIFTS and m.rate > 0:
        assert "times" not in m.finding.text and "had to grow" not in m.finding.text
    # the sensitivity grid says when it is not the definition chosen
    if v["definition"] not in report.SENSITIVITY_LIKE:
        assert "not the definition chosen" in m.sensitivity_text.text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(v=parameter_sets())
def test_every_statement_is_true_at_every_parameter_set(v):
    try:
        m = report.model(**v)
    except ParameterError:
        assert growth_rules.problems(v)  # refused by the rules the builder applies, nothing else
        assume(False)
    assert not growth_rules.problems(v)
    assert model_problems(m) == []
    check_scope(m, v)


def test_defaults_pass_every_check():
    m = report.model()
    assert model_problems(m) == []
    check_scope(m, DEFAULTS)
    assert m.title == (f"{report.QUESTION} US goods and services; the additions on top of the "
                       "2017 level, compounding over the agreement years only")


# --- replays of the trial's findings ---------------------------------------------------


SHORT_OF_ONE = dict(confidence=0.5, trend_start=2009, trend_end=2018)  # 2016-2018 then


def test_actual_exports_below_one_lower_end_are_not_called_not_below():
    m = report.model(**SHORT_OF_ONE)
    cf = m.counterfactual
    assert cf.loc[2020, "actual"] < cf.loc[2020, "pred_low"]
    assert cf.loc[2021, "actual"] >= cf.loc[2021, "pred_low"]
    text = m.trend_text.text
    assert "not below" not in text
    assert "only one of the two (2020) below the lower end" in text
    (word,) = m.trend_text.compares
    assert word.quantifier == "some" and word.true()


def test_targets_inside_neither_interval_are_said_to_be_inside_neither():
    m = report.model(**SHORT_OF_ONE)
    cf = m.counterfactual
    assert not cf["target_in_interval"].any()
    text = m.summary[-2].text
    assert "do not both" not in text
    assert "neither target lies inside the trend's prediction interval" in text
    inside = next(c for c in m.summary[-2].compares if c.op == "in")
    assert inside.quantifier == "none" and inside.true()


@pytest.mark.parametrize("overrides, name", [
    ({"trend_start": 2013, "trend_end": 2023}, "trend_end=2023"),
    ({"trend_end": 2020}, "trend_end=2020"),
    ({"history_end": 2021}, "history_end=2021"),
])
def test_a_window_that_reaches_the_agreement_years_is_refused_before_any_kernel(overrides,
                                                                                name):
    message = rf"{name} must be before 2020, the first agreement year"
    assert any(re.match(message, p) for p in growth_rules.problems({**DEFAULTS, **overrides}))
    with pytest.raises(ParameterError, match=message):
        validate_notebook(config.NOTEBOOKS / "growth.py", overrides)
    with pytest.raises(ParameterError, match=message):
        report.model(**overrides)
    assert not growth_rules.problems({**DEFAULTS, "trend_end": 2019, "history_end": 2019})


def test_an_unbounded_multiple_of_the_trend_says_no_upper_bound_not_inf():
    m = report.model(trend_errors="rw_drift", trend_start=2009, trend_end=2019)
    assert m.trend.growth_low < 0 and m.trend_ratio[2] == float("inf")
    text = texts(m)
    assert not re.search(r"\binf\b", text)
    assert "7.4 times the trend pace (at least 2.4; no upper bound" in m.summary[-2].text
    table = m.errors_table.frame.to_string()
    assert "inf" not in table and "no upper bound" in table
    assert model_problems(m) == []


def test_a_p_value_that_cannot_be_computed_is_said_in_words():
    m = report.model(confidence=0.5, trend_start=2014, trend_end=2018)  # the fewest years
    assert m.autocorrelation["breusch_godfrey_p"] != m.autocorrelation["breusch_godfrey_p"]
    assert m.serial_correlation is None
    assert "the Breusch-Godfrey test cannot be computed on 5 years" in m.errors_text.text
    assert not re.search(r"\bnan\b", texts(m), re.I)


@pytest.mark.parametrize("confidence, shown", [(0.999, "99.9%"), (0.975, "97.5%"),
                                               (0.95, "95%"), (0.5, "50%")])
def test_the_confidence_level_is_shown_with_enough_digits(confidence, shown):
    m = report.model(confidence=confidence)
    text = texts(m) + m.title + " ".join(c.name for c in m.key_figures)
    assert f"{shown} interval" in text and f"{shown} prediction interval" in text
    assert not re.search(r"\b100(\.0)?% (prediction )?interval", text)


@pytest.mark.parametrize("value", [2017.0, "2017.0"])
def test_a_float_base_year_is_refused_not_shown_as_2017_0(value):
    with pytest.raises(ParameterError, match="base_year"):
        report.model(base_year=value)


@pytest.mark.parametrize("definition", growth.DEFINITIONS)
def test_definition_texts_do_not_repeat_themselves_when_the_base_is_the_prior_year(
        definition):
    m = report.model(base_year=2019, definition=definition)
    repeated = re.compile(r"the (\d{4}) level (taken as|were) the \1 level")
    for text in [m.label, m.description, *m.required["description"], *m.required["label"],
                 texts(m)]:
        assert not repeated.search(text), text
    if definition == "two_year_sum_from_base_2yr":
        assert m.description.startswith("Constant growth g from the 2019 level such that")


def test_key_figures_name_their_series_and_the_trend_states_its_base_year_level():
    m = report.model()
    required, historical, multiple, trend, agreement = m.key_figures
    assert "US goods and services" in required.name and "US goods and services" in \
        historical.name
    assert "US goods," in trend.name and "goods and services" not in trend.name
    fitted, actual = m.trend_base
    assert round(fitted) == 173 and round(actual) == 130  # the trial's numpy.polyfit check
    assert ("The trend line puts 2017 at $173 billion of US goods exports, above the $130 "
            "billion actual on which these targets are built") in m.summary[-2].text
    assert "the required 32.3% (on US goods and services) is 2.5 times" in m.summary[-2].text


def test_serial_correlation_is_decided_in_the_model_with_its_threshold_stated():
    m = report.model()
    assert m.serial_correlation is True and report.SERIAL_P == 0.05
    assert "p-value of 0.003, below 0.05, the threshold used here: strong serial " \
           "correlation" in m.errors_text.text
    quiet = report.model(trend_start=2009, trend_end=2019)
    assert quiet.autocorrelation["breusch_godfrey_p"] > 0.05
    assert quiet.serial_correlation is False
    assert "not below 0.05, the threshold used here: no clear sign" in quiet.errors_text.text
    assert "strong serial correlation" not in quiet.errors_text.text


def test_the_title_and_key_figures_name_every_non_default_choice():
    v = {**DEFAULTS, "series": "goods", "base_year": 2015, "history_start": 2005,
         "history_end": 2015, "definition": "final_target_from_2019", "confidence": 0.9,
         "trend_start": 2005, "trend_end": 2015, "trend_errors": "hac"}
    m = report.model(**v)
    assert m.title == ("How fast did US exports to China have to grow? US goods; from the "
                       "actual 2019 level to the 2021 target; targets on the 2015 level; "
                       "historical growth over 2005-2015; trend 2005-2015 with Newey-West "
                       "(HAC) errors; 90% intervals")
    check_scope(m, v)


def test_the_reconstruction_is_fixed_whatever_the_parameters_and_says_so():
    default = report.model().reconstruction
    other = report.model(series="goods", base_year=2019, definition="final_target_from_2019",
                         trend_errors="rw_drift", history_start=2009).reconstruction
    assert other == default
    assert "whatever the parameters" in default.text
    assert "no parameter of this report moves this paragraph" in default.text


# --- the second trial's replay cases (M1, M2, M3, LOW) -------------------------------------


def test_a_level_uplift_is_worded_as_one_with_no_multiple_of_a_growth_rate():
    # replay: "had to grow 53.7% a year, 86.7 times their 0.6% a year" for a level uplift
    m = report.model(definition="average_addition_share_of_base")
    text = m.finding.text
    assert "needed an average yearly addition of 53.7% of the 2017 level" in text
    assert "had to grow" not in text and "times" not in text
    assert "a level uplift, not a compound growth rate" in text
    assert "no multiple" in m.key_figures[2].shown
    assert "times" not in m.history_text.text
    assert "times the trend pace" not in m.summary[2].text.split(". Extending")[0]
    assert model_problems(m) == []


def test_the_sensitivity_grid_says_it_is_not_the_definition_chosen():
    # replay: headline 50.1%, section "From the 2013 level it is 37.1% at a two-year horizon"
    m = report.model(definition="total_addition_level_2yr", base_year=2013, history_start=2013,
                     trend_start=2013)
    text = m.sensitivity_text.text
    assert "From the 2013 level it is 37.1% at a two-year horizon" in text
    assert "These figures use the press-style calculation" in text
    assert f"not the definition chosen ({m.label.lower()}), which gives 50.1%." in text
    assert "press-style" not in report.model().sensitivity_text.text  # the default's own


@pytest.mark.parametrize("overrides, said", [
    ({}, "it starts from the 2017 level itself, $130 billion of US goods exports"),
    ({"base_year": 2015}, "the 2017 level carried back to 2015 by the drift is $102 billion"),
])
def test_a_random_walk_is_not_called_a_trend_line(overrides, said):
    # replay: `-p trend_errors rw_drift` said "The trend line puts 2017 at $98 billion"
    m = report.model(trend_errors="rw_drift", **overrides)
    text = m.summary[2].text
    assert "trend line" not in text and "A random walk with drift has no fitted line" in text
    assert said in text
    assert model_problems(m) == []


@pytest.mark.parametrize("kind, start, end, least", [
    ("history", 2016, 2016, "1 year"),
    ("trend", 2016, 2017, "4 years"),
])
def test_a_refused_window_reads_one_year_or_four_years(kind, start, end, least):
    # replay: "must be at least 1 year(s) before"
    v = {**DEFAULTS, f"{kind}_start": start, f"{kind}_end": end}
    found = [p for p in growth_rules.problems(v) if "at least" in p]
    why = " (a trend needs at least 5 years, start to end)" if kind == "trend" else ""
    assert found == [f"{kind}_start={start} must be at least {least} before {kind}_end={end}"
                     + why]


# --- robustness shown, headlines that say what they count ----------------------


@pytest.mark.parametrize("start, end", [(2014, 2017), (2016, 2018), (2016, 2019)])
def test_a_trend_shorter_than_the_minimum_is_refused_before_any_kernel(start, end):
    assert growth_rules.MIN_TREND_YEARS == 5
    message = rf"trend_start={start} must be at least 4 years before trend_end={end} \(a " \
              r"trend needs at least 5 years"
    overrides = {"trend_start": start, "trend_end": end}
    with pytest.raises(ParameterError, match=message):
        validate_notebook(config.NOTEBOOKS / "growth.py", overrides)
    with pytest.raises(ParameterError, match=message):
        report.model(**overrides)
    assert not growth_rules.problems({**DEFAULTS, "trend_start": end - 4, "trend_end": end})


def test_the_headline_uses_newey_west_errors_and_names_them():
    assert DEFAULTS["trend_errors"] == "hac"
    m = report.model()
    trend = m.key_figures[3]
    assert "Newey-West (HAC) errors" in trend.name and trend.shown == "12.9% (9.6% to 16.2%)"
    assert "(OLS of log exports on year, Newey-West (HAC) errors) grew 12.9% a year (95% " \
           "interval 9.6% to 16.2%)" in m.summary[-2].text


@pytest.mark.parametrize("overrides, agree, verdict", [
    ({}, "1,278 (60.2%) agree with the conclusion here, that both targets lie inside the "
         "trend's prediction intervals: a majority", True),
    ({"trend_start": 2010}, "846 (39.8%) agree with the conclusion here, that the targets do "
                            "not both lie inside the trend's prediction intervals: not a "
                            "majority", False),
])
def test_the_headline_says_how_many_specifications_agree(overrides, agree, verdict):
    m = report.model(**overrides)
    assert m.agreement[1] == 2124 == 59 * 4 * 9  # windows x error models x rate definitions
    assert f"Of the 2,124 specifications, {agree}" in m.summary[-1].text
    assert bool(m.counterfactual["target_in_interval"].all()) is verdict
    key = m.key_figures[-1]
    assert key.name.startswith("Specifications agreeing that")
    assert "of 2,124 (trend windows 2001-2012 to 2015-2019, 4 error models, 9 definitions; " \
           "targets on US goods and services, 95% intervals)" in key.name
    word = next(c for c in m.robustness_text.compares if c.word in ("a majority",
                                                                   "not a majority"))
    assert word.true()
    assert model_problems(m) == []


def test_ar1_feasible_gls_is_a_fourth_error_model_and_is_named():
    m = report.model(trend_errors="ar1_fgls")
    assert list(m.error_models["errors"]) == list(growth.TREND_ERRORS)
    assert "ar1_fgls" in growth.TREND_ERRORS and "ar1_fgls" in growth.ERROR_MODELS
    assert "trend 2001-2017 with AR(1) feasible GLS errors" in m.title
    assert "AR(1) feasible GLS errors" in m.key_figures[3].name
    assert "fades by a factor of 0.87 a year" in m.summary[-2].text
    assert m.errors_table.title == "The trend under four error models"
    assert model_problems(m) == []
    check_scope(m, {**DEFAULTS, "trend_errors": "ar1_fgls"})


def test_the_specification_curve_marks_the_chosen_and_the_default():
    m = report.model()
    args = m.specification_chart.args
    assert args["chosen"] == args["default"] is not None
    row = m.specifications.loc[args["chosen"]]
    assert (row["window"], row["errors"], row["definition"]) == (
        "2001-2017", "hac", "two_year_sum_from_base_2yr")
    assert row["ratio"] == pytest.approx(m.rate / m.trend.growth)
    other = report.model(trend_start=2013)  # outside the curve's starts
    assert other.specification_chart.args["chosen"] is None
    assert "the chosen specification itself is not one of them" in other.robustness_text.text
    assert model_problems(other) == []


def test_a_level_uplift_gets_no_multiple_in_any_table_chart_or_error_model():
    # replay: the errors table, heatmap and comparison still gave multiples for a level uplift
    m = report.model(definition="average_addition_share_of_base")
    assert set(m.errors_table.frame["multiple"]) == {"no multiple: a level uplift"}
    assert set(m.history_table.frame["ratio"]) == {"no multiple: a level uplift"}
    assert "times the trend pace" not in m.errors_text.text
    assert "average_addition_share_of_base" not in m.ratio_chart.args["ratios"].index
    assert "is a level uplift, not a growth rate" in m.ratio_chart.alt.text
    chosen = m.comparison_table.frame.set_index("measure").loc[
        "Required / historical growth (x), as chosen", "ours"]
    assert chosen != chosen  # NaN: shown as "no multiple (see the text)"


@pytest.mark.parametrize("overrides", [{"trend_errors": "rw_drift"}, {"trend_start": 2010}])
def test_the_trend_chart_reaches_the_target_paths_and_a_random_walk_has_no_backcast(overrides):
    # replay: from 2010 the 2021 target path ($309bn) was drawn above the chart's top ($225bn)
    m = report.model(**overrides)
    kw = m.trend_chart.args
    if overrides.get("trend_errors") == "rw_drift":
        assert kw["band"].index.min() == m.parameters["trend_end"]
    ax = plots.trend_chart(**kw)
    drawn = ax.get_lines()[0].get_xdata()  # actual goods exports from the year before the trend
    assert min(drawn) == m.parameters["trend_start"] - 1
    low, high = ax.get_ylim()
    for path in kw["target_paths"].values():
        assert low <= path.min() and path.max() <= high
