"""The tariff report: every sentence of the model is true at every parameter set.

A property test draws parameter sets across the notebook's declared space (weights, goods and
a date range, some of them inside a gap; malformed dates are the rules tests') and checks every
Sentence, TableSpec and ChartSpec of the model (`sentences.model_problems`), that the title
and key figures name the goods and weights chosen, and that no average is drawn across a gap.
"""

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sentences import model_problems

from phaseone import config, tariffs
from phaseone.builder.notebook import read_parameters
from phaseone.parameters import ParameterError
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
    assert report.when(v["first_date"]) in m.title and report.when(v["last_date"]) in m.title
    for c in m.key_figures[:-1]:  # the last one is the fixed comparison with Bown
        assert f"({goods}; {weights}" in c.name, c.name
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
    assert "(the model-based all-goods estimate)" in text


def test_a_range_inside_the_gap_has_no_line_and_says_so():
    m = report.model(goods="covered", first_date="2020-03-01", last_date="2025-03-01")
    assert [line["schedule"] for line in m.chart.args["lines"]] == ["wto_china"]
    assert "The data hold no schedule of the US average tariff on goods from China on the " \
           "goods Annex 6.1 covers in the range chosen." in m.finding.text
    assert model_problems(m) == []
