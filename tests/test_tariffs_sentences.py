"""The tariff report: every sentence of the model is true at every parameter set.

A property test draws parameter sets across the notebook's declared space (weights, goods and
a date range, some of them inside a gap; malformed dates are the rules tests') and checks every
Sentence, TableSpec and ChartSpec of the model (`sentences.model_problems`), that the title
and key figures name the goods and weights chosen, and that no average is drawn across a gap.
"""

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sentences import model_problems

from phaseone import config, tariffs
from phaseone.builder.notebook import read_parameters
from phaseone.parameters import ParameterError
from phaseone.present.text import date_words
from phaseone.reports.tariffs import model as report
from phaseone.reports.tariffs import rules as tariff_rules

NOTEBOOK = config.NOTEBOOKS / "tariffs.py"
DATES = ["2018-01-01", "2018-07-05", "2018-09-24", "2019-06-15", "2020-02-14", "2021-03-01",
         "2024-12-31", "2025-04-10", "2025-04-12", "2025-11-10", "2026-02-20", "2026-08-31",
         "2026-12-31"]  # schedule dates, days between them and days in the gaps
RANGES = st.lists(st.sampled_from(DATES), min_size=2, max_size=2, unique=True).map(sorted)


def test_the_strategy_covers_every_declared_parameter():
    declared = {p.name for p in read_parameters(NOTEBOOK)}
    assert declared == set(report.DEFAULTS) == {"weights", "goods", "first_date", "last_date"}


def _check_scope(m):
    v = m.parameters
    goods, weights = report.GOODS_TEXT[v["goods"]], tariffs.WEIGHT_TEXT[v["weights"]]
    assert goods in m.title and weights in m.title
    assert date_words(v["first_date"]) in m.title and date_words(v["last_date"]) in m.title
    model_rates = set(m.paths["us_on_china"].points.query("kind == 'model'")["rate_pct"])
    for c in m.key_figures[:-1]:  # the last one is the fixed comparison with Bown
        model_based = report.MODEL_TEXT in c.name  # the model's own weights, not the chosen
        assert model_based != (f"({goods}; {weights}" in c.name), c.name
        assert not model_based or c.value in model_rates, c.name
    assert "all goods, 2017 trade" in m.key_figures[-1].name


def _check_gaps(m):
    """Each line is one schedule's steps, inside the range and inside its schedule's span."""
    v = m.parameters
    for line in m.chart.args["lines"]:
        st_ = line["steps"]
        a, b = tariffs.span(line["schedule"])
        assert st_["start"].min() >= max(a, v["first_date"])
        assert st_["end"].max() <= min(b, v["last_date"])


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(weights=st.sampled_from(list(tariffs.WEIGHTS)), goods=st.sampled_from(list(tariffs.GOODS)),
       dates=RANGES)
def test_every_sentence_is_true_at_every_parameter_set(weights, goods, dates):
    values = dict(weights=weights, goods=goods, first_date=dates[0], last_date=dates[1])
    try:
        m = report.model(**values)
    except ParameterError as err:  # refused by the rules, before any kernel starts
        assert tariff_rules.problems(values), err
        event("refused by the rules")
        return
    event("built")
    assert model_problems(m) == []
    _check_scope(m)
    _check_gaps(m)


def test_defaults_say_what_the_schedules_give():
    m = report.model()
    assert model_problems(m) == []
    text = m.finding.text
    assert "China's average tariff on US goods was 7.3% on 1 January 2018" in text
    assert "peaked at 144.2% on 12 April 2025" in text
    assert "(the model-based all-goods estimate, on its own 2024 import weights)" in text


@pytest.mark.parametrize("weights", ["trade_2017", "simple", "trade_latest"])
def test_the_model_based_us_figures_say_they_keep_their_own_weights(weights):
    # replayed: "The US average tariff on goods from China, peak on 9 April 2025 (all goods;
    # simple average of HS6 lines)" = 123.06 whatever the weights (the tracker model's own)
    peak = report.model(weights=weights).key_figures[2]
    assert peak.name == ("The US average tariff on goods from China, peak on 9 April 2025 (the "
                         "model-based all-goods estimate, on its own 2024 import weights)")
    assert peak.value == pytest.approx(123.06)


def test_a_goods_group_peak_is_scoped_to_the_dates_its_schedules_cover():
    # replayed: goods=soybeans "The US average tariff on goods from China was 0.0% on 1 January
    # 2018, peaked at 25.0% on 1 June 2019" under a title running to 2026
    m = report.model(goods="soybeans")
    assert ("The US average tariff on goods from China (over 1 January 2018 to 14 February "
            "2020 only, the dates of the range with a schedule of these goods) was 0.0%"
            in m.finding.text)
    assert "14 February 2020 only" in m.key_figures[2].name
    assert "(over" not in report.model().finding.text  # all goods: the schedules run on


@pytest.mark.parametrize("first, last, said", [
    # replayed: "was 17.4% on 1 January 2025, peaked at 17.4% on 1 January 2025 and was 17.4%
    # on 1 January 2025"
    ("2021-01-01", "2025-01-01", "China's average tariff on US goods was 17.4% on 1 January "
                                 "2025."),
    # replayed: "peaked at 29.2% on 1 June 2025" (the start of the range)
    ("2025-06-01", "2025-09-30", "China's average tariff on US goods stood at 29.2% throughout, "
                                 "1 June 2025 to 30 September 2025, in force since 14 May 2025.")])
def test_an_unchanged_rate_is_said_once(first, last, said):
    m = report.model(first_date=first, last_date=last)
    assert said in m.finding.text
    assert "peak" not in m.key_figures[0].name
    assert model_problems(m) == []


def test_a_range_inside_the_gap_has_no_line_and_says_so():
    m = report.model(goods="covered", first_date="2020-03-01", last_date="2025-03-01")
    assert [line["schedule"] for line in m.chart.args["lines"]] == ["wto_china"]
    assert "The data hold no schedule of the US average tariff on goods from China on the " \
           "goods Annex 6.1 covers in the range chosen." in m.finding.text
    assert model_problems(m) == []


def test_one_schedule_and_no_event_are_said_in_the_singular():
    # replayed: "The chart draws 1 schedules", "with 0 events marked"
    m = report.model(first_date="2021-01-01", last_date="2025-01-01")
    assert m.summary.text.startswith("The chart draws 1 schedule as steps")
    assert "with no event marked:" in m.chart.alt.text
    one = report.model(first_date="2020-02-01", last_date="2020-03-01")
    assert "with 1 event marked:" in one.chart.alt.text


def test_the_series_note_says_the_model_misses_the_fentanyl_step():
    # replayed: the model line starts at 30.9% on 4 February 2025 with no step on 4 March,
    # while event 7 says the fentanyl tariff of 10% was raised to 20% on 2025-03-04
    note = report.model().series_note.text
    assert ("puts the measures since 2025 at 20.0 points from 4 February 2025, as on its next "
            "date, 6 March 2025: it does not show the fentanyl tariff's step from 10% to 20% on "
            "4 March 2025 (event 7)") in note
