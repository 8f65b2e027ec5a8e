"""After the deal: every sentence of the report model is true at every parameter set.

A property test draws parameter sets across the notebook's whole declared space and checks
every Sentence, TableSpec and ChartSpec of the model (`sentences.model_problems`), and that
the title and key figures name the scope chosen. Each replay case of the new-user trial
(the December 2026 trial, after_the_deal) has a named test below.
"""

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sentences import fields, model_problems

from phaseone import agreement, config, scenarios
from phaseone import soybeans as soybeans_domain
from phaseone.builder.notebook import read_parameters
from phaseone.parameters import ParameterError
from phaseone.present.statements import Sentence, Total, problems
from phaseone.present.text import bn, date_words, label
from phaseone.reports.after_the_deal import model as report
from phaseone.reports.after_the_deal import rules as after_rules
from phaseone.vocabulary import FIRST_DEADLINES, PLEDGE_YEARS

GOODS = list(agreement.GOODS_SECTORS)
EVERY = list(agreement.SECTORS)
NOTEBOOK = config.NOTEBOOKS / "after_the_deal.py"
# non-empty subsets of the sectors, in any order
SECTOR_SUBSETS = st.tuples(st.permutations(EVERY), st.integers(1, len(EVERY))).map(
    lambda t: list(t[0][:t[1]]))


def _texts(m) -> list[str]:
    """Every text the model shows: title, sentences, key figures, table and chart texts."""
    out = [m.title]
    for _, value in fields(m):
        if isinstance(value, Sentence):
            out.append(value.text)
        elif hasattr(value, "texts"):
            out += value.texts()
        elif hasattr(value, "alt"):
            out += [value.alt.text, value.args.get("title", "")]
        elif hasattr(value, "shown"):
            out.append(f"{value.name}: {value.shown}")
    return out


def _names(sectors) -> list[str]:
    return [label(s).lower() for s in sectors]


def _check_scope(m):
    """The title and key figures name every non-default scope choice, and name it right."""
    v = m.parameters
    chosen, title = set(v["sectors"]), m.title
    labels = [c.name for c in m.key_figures]
    if chosen == set(GOODS):
        assert "US goods exports" in title
    elif chosen == set(EVERY):
        assert "US goods and services exports" in title
    else:
        assert all(name in title for name in _names(v["sectors"])), title
        assert not any(name in title for name in _names(set(EVERY) - chosen)), title
    assert ("services" in title) == ("services" in chosen)
    for name in labels:  # each key figure names its scope: goods, services or both
        assert f"({m.scope}" in name, name
        where = name[name.rindex("(" + m.scope):]  # the scope, not the method named before it
        assert ("services" in where) == ("services" in chosen), name
        assert ("goods" in where) == bool(chosen & set(GOODS)), name
        if chosen & set(GOODS) and not set(GOODS) <= chosen:
            assert all(report.ADJECTIVES[g] in where for g in chosen & set(GOODS)), name
        assert "goods only" in where or "services only" in where or \
            "goods and services" in where, name
    yard = scenarios.YARDSTICK_TEXT[v["yardstick"]].split(" (")[0]
    assert yard in title
    if v["yardstick"] != report.DEFAULTS["yardstick"]:
        assert all(yard in name for name in labels[:2]), labels
    if v["owed"] != report.DEFAULTS["owed"]:
        assert "yardstick gap" in title and "yardstick gap" in labels[2]
    assert str(v["start_year"]) in title and f"{v['horizon']}-year" in title
    assert str(m.last_year) in labels[3]
    assert "_" not in title and not any("_" in name for name in labels)


def test_the_strategy_covers_every_declared_parameter():
    declared = {p.name for p in read_parameters(NOTEBOOK)}
    assert declared == set(report.DEFAULTS) == {
        "yardstick", "owed", "start_year", "horizon", "sectors", "pledge_year",
        "first_deadline"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yardstick=st.sampled_from(list(scenarios.YARDSTICKS)),
       owed=st.sampled_from(list(scenarios.OWED)),
       start_year=st.integers(2024, after_rules.LAST_START),
       horizon=st.integers(1, after_rules.MAX_HORIZON),
       sectors=SECTOR_SUBSETS, pledge_year=st.sampled_from(PLEDGE_YEARS),
       first_deadline=st.sampled_from(FIRST_DEADLINES))
def test_every_sentence_is_true_at_every_parameter_set(yardstick, owed, start_year, horizon,
                                                        sectors, pledge_year, first_deadline):
    values = dict(yardstick=yardstick, owed=owed, start_year=start_year, horizon=horizon,
                  sectors=sectors, pledge_year=pledge_year, first_deadline=first_deadline)
    try:
        m = report.model(**values)
    except ParameterError as err:  # refused by the rules, before any kernel starts
        assert after_rules.problems(values), err
        event("refused by the rules")
        return
    event("built")
    assert model_problems(m) == []
    _check_scope(m)
    assert list(m.purchases.columns) == sectors


# --- the replay cases ---------------------------------------------------------------------


@pytest.mark.parametrize("horizon", [4, 10])
def test_per_year_required_purchases_times_years_is_their_total(horizon):
    # replay: `-p yardstick trend_2013_2017` said "$196.2 billion a year ($970.4 billion over
    # 2026-2029)", and with horizon 10 "$174.7 billion a year ($4,859.2 billion ...)"
    m = report.model(yardstick="trend_2013_2017", horizon=horizon)
    req, text = m.plan.required, m.summary.text
    assert req.iloc[-1] > req.iloc[0]  # the trend yardstick rises
    assert f"{bn(req.iloc[0])} a year" not in text
    assert f"{bn(req.mean())} a year on average ({bn(m.plan.total_bn)} over " \
           f"{req.index[0]}-{req.index[-1]})" in text
    assert f"rise from {bn(req.iloc[0])} in {req.index[0]} to {bn(req.iloc[-1])}" in text
    assert Total(float(req.mean()), horizon, m.plan.total_bn) in m.summary.totals
    assert problems(m.summary, "summary") == []


def test_flat_required_purchases_a_year_keep_their_total():
    m = report.model()
    assert "Required purchases are $228.9 billion a year ($915.8 billion over 2026-2029)" in \
        m.summary.text
    assert [t.years for t in m.summary.totals] == [4]


def test_the_yardstick_a_year_is_not_one_year_of_a_rising_trend():
    # replay: "against $141.8 billion a year on the yardstick" was the 2025 value only
    m = report.model(yardstick="trend_2013_2017")
    assert "$141.8 billion a year" not in m.summary.text
    assert "a yardstick of $109.0 billion in 2022 rising to $141.8 billion in 2025" in \
        m.summary.text


@pytest.mark.parametrize("sectors", [["agriculture"], ["services"], ["energy", "services"]])
def test_sector_figures_name_only_the_sectors_chosen(sectors):
    # replay: `-p sectors agriculture` (and services) printed "energy $nan billion"
    m = report.model(sectors=sectors)
    text = m.recent.text
    assert "nan" not in text.lower()
    assert not any(name in text for name in _names(set(EVERY) - set(sectors)) if
                   name != "manufactured goods"), text
    assert problems(m.recent, "recent") == []


def test_the_year_named_is_the_year_of_the_figure_and_its_scope():
    # replay: with services "Covered goods in 2025 fell to $157.8 billion" was the 2023
    # goods-and-services total
    m = report.model(sectors=EVERY, start_year=2026)
    text = m.recent.text
    assert m.last_year == 2023 and f"{m.totals.loc[2023]:.1f}" == "157.8"
    assert "Covered goods and services in 2023 fell to $157.8 billion" in text
    assert "2025 fell to $157.8" not in text
    assert "covered goods alone fell to $79.6 billion in 2025 from $107.2 billion in 2024" in text
    services = report.model(sectors=["services"]).recent.text
    assert services.startswith("Services in 2023 rose to $46.3 billion")
    assert "Covered goods" not in services


def test_year_to_date_follows_the_sectors_chosen():
    # replay: the "2026 to date" figure showed all covered goods whatever `sectors` was
    every, farm = report.model().to_date, report.model(sectors=["agriculture"]).to_date
    monthly = report.model().monthly
    this = monthly.loc[f"{farm.year}-01":, "agriculture"].sum()
    assert farm.sectors == ("agriculture",) and farm.this_bn == pytest.approx(this)
    assert farm.this_bn < every.this_bn and farm.goods_this_bn == every.goods_this_bn
    assert f"they were {bn(farm.this_bn)}" in report.model(sectors=["agriculture"]).recent.text
    mixed = report.model(sectors=["energy", "services"]).recent.text
    assert "monthly estimates exist for goods sectors only, so services are left out" in mixed
    only = report.model(sectors=["services"])
    assert only.to_date.sectors == () and "Services have no monthly figures" in only.recent.text
    assert "they were" not in only.recent.text


def test_owed_says_less_when_purchases_were_above_the_yardstick():
    # replay: level_2017, plus_yardstick, 2027, horizon 3, agriculture+energy said the shortfall
    # "plus" the yardstick shortfall, $12.6 bn, while $42.8 bn above the yardstick was subtracted
    m = report.model(yardstick="level_2017", owed="plus_yardstick", start_year=2027, horizon=3,
                     sectors=["agriculture", "energy"])
    text = m.summary.text
    assert "($55.4 billion) less the purchases above the yardstick from 2022 through 2025 " \
           "($42.8 billion): $12.6 billion" in text
    assert "plus" not in text
    assert any(c.word == "less the purchases above" for c in m.summary.compares)
    assert problems(m.summary, "summary") == []
    above = report.model(owed="plus_yardstick").summary
    assert "plus the shortfall against the yardstick" in above.text and "less the" not in \
        above.text
    nothing = report.model(yardstick="level_2017", owed="plus_yardstick",
                           sectors=["agriculture"])
    assert nothing.owed_bn == 0 and "which leaves nothing owed" in nothing.summary.text
    assert nothing.finding.text.startswith("With nothing owed")


def test_a_one_year_catch_up_reads_as_one_year():
    # replay: `-p start_year 2027 -p horizon 1` said "over 1 years" and "2027-2027"
    m = report.model(start_year=2027, horizon=1)
    for text in _texts(m):
        assert not re.search(r"\b1 years\b|\b2027-2027\b", text), text
    assert "a 1-year catch-up in 2027" in m.title
    assert "Required purchases are $336.0 billion in 2027;" in m.summary.text
    assert "held flat in 2027," in m.finding.text
    assert model_problems(m) == []


@pytest.mark.parametrize("sectors, word", [(GOODS, "fell"), (["services"], "rose"),
                                           (["energy", "services"], "rose")])
def test_fell_and_rose_agree_with_the_numbers(sectors, word):
    m = report.model(sectors=sectors)
    last = m.last_year
    went = "fell" if m.totals.loc[last] < m.totals.loc[last - 1] else "rose"
    assert went == word
    assert m.recent.text.split(".")[0].split(" to ")[0].endswith(word)
    assert all(c.true() for c in m.recent.compares)


@pytest.mark.parametrize("overrides, named", [
    ({"sectors": ["agriculture"]}, ["agriculture"]),
    ({"sectors": ["services"]}, ["services"]),
    ({"sectors": EVERY}, ["goods and services"]),
    ({"yardstick": "trend_2013_2017"}, ["the pre-2018 trend"]),
    ({"yardstick": "level_2017", "owed": "plus_yardstick"}, ["the 2017 level",
                                                             "yardstick gap"]),
])
def test_title_and_key_figures_name_every_non_default_scope_choice(overrides, named):
    # replay: the title and headline never named the sectors chosen
    m = report.model(**overrides)
    assert all(n in m.title for n in named), m.title
    _check_scope(m)


@pytest.mark.parametrize("sectors, where", [(GOODS, "goods only"),
                                            (EVERY, "goods and services"),
                                            (["services"], "services only"),
                                            (["energy"], "energy goods only"),
                                            (["agriculture", "services"],
                                             "agricultural goods and services")])
def test_each_key_figure_names_its_scope(sectors, where):
    m = report.model(sectors=sectors)
    assert all(c.name.endswith(f"({where})") for c in m.key_figures), m.key_figures
    _check_scope(m)
    assert m.assessed == ("services" if sectors == ["services"] else "goods and services"
                          if "services" in sectors else "goods")


def test_the_chance_is_worded_as_a_share_of_history_s_paths():
    # replay: "Chance from history" read as a probability
    for m in (report.model(), report.model(sectors=["services"])):
        labels = [c.name for c in m.key_figures]
        assert labels[1].startswith("Share of history's paths that get there")
        assert not any(re.search(r"chance|probab", t, re.I) for t in _texts(m))
        assert re.search(r"paths drawn from US goods export growth since 1992( \(.*\))? got "
                         r"there\.$", m.finding.text)
    m = report.model(sectors=["services"])
    got = round(m.chance.probability * m.chance.draws)
    assert f"{got:,} of 20,000 paths" in m.finding.text and 0 < got < 20_000
    markdown = NOTEBOOK.read_text()
    assert "The chance comes from" not in markdown and "not a forecast probability" in markdown


def test_the_2020_21_comparison_is_fixed_whatever_the_parameters():
    a = report.model()
    b = report.model(sectors=["energy"], yardstick="level_2017", owed="plus_yardstick")
    assert a.ustr.equals(b.ustr)
    fixed = a.ustr_text.text.split(" The catch-up above")[0]
    assert b.ustr_text.text.startswith(fixed) and "$212.9 billion" in fixed
    assert "whatever the parameters" in a.ustr_table.subtitle
    assert "whatever the parameters" in NOTEBOOK.read_text()
    # and the catch-up's own 2020-21 shortfall is named beside it, with its scope
    assert "(goods only): $142.8 billion" in a.ustr_text.text
    assert "(energy goods only), $42.7 billion," in b.ustr_text.text


def test_the_notebook_only_renders_the_model():
    import notebook_lint

    assert notebook_lint.breaches(NOTEBOOK) == []
    shown = set(re.findall(r"show\(r\.(\w+)\)", NOTEBOOK.read_text()))
    names = {f.name for f in dataclasses.fields(report.AfterReport)}
    assert shown <= names and {"summary", "recent", "purchases_table", "fan_chart"} <= shown
    code = "\n".join(src for _, src in notebook_lint.code_cells(NOTEBOOK.read_text()))
    assert "monthly" not in code and "to_date" not in code  # the model slices the months


def test_default_wording_is_kept():
    m = report.model()
    assert m.title == ("After the deal: US goods exports to China against the 2021 target "
                       "level held flat, and a 4-year catch-up from 2026")
    assert m.finding.text == (
        "To pay $142.8 billion owed on top of the 2021 target level held flat over 4 years "
        "from 2026, US goods exports to China in the covered sectors would have to grow 47.1% "
        "a year from their 2025 level of $79.6 billion; not one of 20,000 paths drawn from US "
        "goods export growth since 1992 got there.")
    assert m.summary.text.startswith(
        "Purchases of the covered goods were $117.3 billion in 2022, $111.5 billion in 2023, "
        "$107.2 billion in 2024 and $79.6 billion in 2025, against $193.2 billion a year on "
        "the yardstick")
    assert model_problems(m) == []


# --- the second trial's replay cases (H1, H2, LOW) -----------------------------------------


def _catch_up_text(m) -> str:
    return "The catch-up above" + m.ustr_text.text.split("The catch-up above")[1]


@pytest.mark.parametrize("overrides, owed, parts", [
    # `-p owed plus_yardstick` said "starts ... from ... (goods only): $142.8 billion" while
    # the key figure and "In short" used $500.1 billion (142.8 + 357.3)
    ({"owed": "plus_yardstick"}, "$500.1 billion",
     ["(goods only), $142.8 billion, plus the shortfall against the yardstick from 2022 "
      "through 2025, $357.3 billion."]),
    # level_2017 + agriculture,energy said $55.4 bn, the report used $12.6 bn
    ({"owed": "plus_yardstick", "yardstick": "level_2017", "sectors": ["agriculture", "energy"]},
     "$12.6 billion", ["$55.4 billion, less the purchases above the yardstick from 2022 "
                       "through 2025, $42.8 billion."]),
    ({"owed": "plus_yardstick", "sectors": ["services"]}, "$144.4 billion",
     ["(services only), $70.1 billion, plus the shortfall against the yardstick from 2022 "
      "through 2023, $74.3 billion."]),
    ({"owed": "plus_yardstick", "sectors": EVERY}, "$",
     ["this same shortfall, $212.9 billion, plus the shortfall against the yardstick"]),
])
def test_the_catch_up_beside_ustr_s_figure_states_what_it_makes_up(overrides, owed, parts):
    m = report.model(**overrides)
    text = _catch_up_text(m)
    assert text.startswith(f"The catch-up above makes up {bn(m.owed_bn)}: "), text
    assert owed in text and all(p in text for p in parts), text
    assert m.key_figures[2].shown == bn(m.owed_bn) and bn(m.owed_bn) in m.finding.text
    assert problems(m.ustr_text, "ustr_text") == []


def test_a_catch_up_with_nothing_owed_says_it_makes_up_nothing():
    # replay: trend_2013_2017 + plus_yardstick + agriculture + 2030 + 5 said "$12.7 bn" while
    # the report said "nothing owed"
    m = report.model(owed="plus_yardstick", yardstick="trend_2013_2017",
                     sectors=["agriculture"], start_year=2030, horizon=5)
    assert m.owed_bn == 0
    text = _catch_up_text(m)
    assert text.startswith("The catch-up above makes up nothing: the 2020-21 shortfall of the "
                           "sectors chosen (agricultural goods only), $12.7 billion, less the "
                           "purchases above the yardstick from 2022 through 2025, $48.2 billion, "
                           "leaves nothing owed"), text
    assert problems(m.ustr_text, "ustr_text") == []


def test_a_catch_up_with_services_starts_from_the_last_year_of_goods_data():
    # replay: with services the catch-up grew "17.2% a year from their 2023 level of $157.8
    # billion", hiding that covered goods fell to $79.6 billion in 2025
    m = report.model(sectors=EVERY)
    assert m.last_year == 2023 and m.plan.from_year == 2025
    goods_2025 = float(report.scenarios.purchases(GOODS).loc[2025].sum())
    services_2023 = float(m.purchases.loc[2023, "services"])
    assert m.plan.from_bn == pytest.approx(goods_2025 + services_2023)
    finding = m.finding.text
    assert "2023 level" not in finding and "$157.8 billion" not in finding
    assert (f"from their 2025 level of {bn(m.plan.from_bn)} (**assumed**: covered goods "
            f"{bn(goods_2025)} in 2025, and services held at their last published level, "
            f"2023's {bn(services_2023)})") in finding
    assert "from the assumed 2025 level" in m.fan_chart.alt.text
    assert model_problems(m) == []
    only = report.model(sectors=["services"])  # services alone: their own last year, said so
    assert only.plan.from_year == 2023
    assert "from their 2023 level of $46.3 billion (services are published through 2023)" in \
        only.finding.text


@pytest.mark.parametrize("sectors", [EVERY, ["services"], ["energy", "services"]])
@pytest.mark.parametrize("start", [2024, 2025])
def test_a_start_within_the_goods_data_is_refused_whatever_the_sectors(sectors, start):
    # replay: `-p start_year 2024` with services was accepted; `phaseone list` says 2026-2035
    values = {**report.DEFAULTS, "sectors": sectors, "start_year": start}
    [problem] = after_rules.problems(values)
    assert problem.startswith(f"start_year={start} must come after 2025, the last full year of "
                              "goods data, whatever the sectors (services are published "
                              "through 2023)")
    with pytest.raises(ParameterError, match="start_year"):
        report.model(**values)
    assert after_rules.ranges()["start_year"].startswith("2026-2035")


def test_no_rolling_window_is_none_not_zero_percent():
    # replay: "of the 30 rolling 4-year windows since 1992, 0.0% grew as fast"
    text = report.model().windows_text.text
    assert "none of the 30 rolling 4-year windows since 1992 grew as fast." in text
    assert "0.0%" not in text


def test_a_falling_path_is_shrinking_not_growing_a_negative_rate():
    # replay: "the path growing -1.7% a year"
    m = report.model(owed="plus_yardstick", yardstick="trend_2013_2017",
                     sectors=["agriculture"], start_year=2030, horizon=5)
    assert m.plan.growth < 0
    assert "the path shrinking 1.7% a year that pays them" in m.fan_chart.alt.text
    assert "growing -" not in m.fan_chart.alt.text
    assert problems(m.fan_chart.alt, "alt") == []


def test_rates_of_a_thousand_percent_and_more_have_a_thousands_separator():
    # replay: "3519.6%"
    m = report.model(sectors=["energy"], start_year=2026, horizon=1, owed="plus_yardstick")
    assert m.plan.growth > 10
    for text in _texts(m):
        assert not re.search(r"\d{4}\.\d%", text), text
    assert f"grow {m.plan.growth * 100:,.1f}% a year" in m.finding.text


# --- headlines say what they count; USTR's figure reconciled --------------------


def test_the_chance_names_its_method():
    m = report.model()
    name = m.key_figures[1].name
    assert name.startswith("Share of history's paths that get there, 20,000 drawn by a "
                           "3-year block bootstrap of US goods export growth 1992-")
    first, last = (int(y) for y in re.search(r"(\d{4})-(\d{4})", name).groups())
    history = report._history()[1]
    assert (first, last) == (int(history.index.min()), int(history.index.max()))


@pytest.mark.parametrize("overrides", [{}, {"sectors": EVERY}, {"start_year": 2030}])
def test_the_catch_up_states_its_first_year_against_the_last_full_year(overrides):
    m = report.model(**overrides)
    [k] = [k for k in m.key_figures if "the catch-up's first year" in k.name]
    assert k.value == pytest.approx(m.plan.required.iloc[0] / m.plan.from_bn)
    assert f"in {m.plan.start}" in k.name and f"against {m.plan.from_year}'s" in k.name
    if not overrides:
        assert k.shown == "2.9 times"  # 2026 needs 2.9 times 2025's purchases


def test_the_exploding_trend_yardstick_is_flagged_in_the_key_figures():
    m = report.model(yardstick="trend_2013_2017", start_year=2030, horizon=6)
    [flag] = [k for k in m.key_figures if k.name.startswith("Pre-2018 trend yardstick")]
    energy_2017 = m.purchases.loc[2017, "energy"]
    assert "energy" in flag.name and "2035" in flag.name and "read out 18 years" in flag.name
    assert flag.value == pytest.approx(m.yardstick.loc[2035, "energy"])
    assert flag.shown == "$1,014.2 billion"
    assert f"{flag.value / energy_2017:,.1f} times its 2017 level" in flag.name
    assert not any(k.name.startswith("Pre-2018") for k in report.model().key_figures)


def test_candidate_bases_for_ustr_s_figure_are_computed_from_the_tables():
    from phaseone import compliance

    u = report.model().ustr.set_index("measure")
    pub = compliance.published

    def gap(basis, sectors):
        t = compliance.fulfilment(basis, (2020, 2021), sectors).loc["total"]
        return t["target_bn"] - t["purchases_bn"]

    expected = {
        "Ours: US data, goods and services, 2020-21": gap("us_exports", EVERY),
        "Ours: US data, goods only, 2020-21": gap("us_exports", GOODS),
        "Ours: China's data for goods, US data for services, 2020-21":
            gap("china_imports", GOODS) + gap("us_exports", ["services"]),
        "Ours: China's data, goods only, 2020-21": gap("china_imports", GOODS),
    }
    for measure, value in expected.items():
        assert u.loc[measure, "shortfall_bn"] == pytest.approx(value)
        assert u.loc[measure, "above_claim"] == ("yes" if value > 217 else "no")
    assert expected["Ours: China's data, goods only, 2020-21"] == pytest.approx(
        pub("covered_goods_target_2020_21_china_imports")
        - pub("covered_goods_2020_21_china_imports"))
    assert [m for m in expected if u.loc[m, "above_claim"] == "yes"] == [
        "Ours: China's data for goods, US data for services, 2020-21"]
    text = report.model().ustr_text.text
    assert ("only China's data for goods with US data for services ($228.7 billion) exceeds "
            "$217 billion") in text
    assert "lower revised services" not in text and "because" not in text


def test_a_falling_path_needs_no_growth_and_is_not_called_higher_than_history():
    # replay: "The -1.7% needed is higher than US goods exports to China grew in ..."
    m = report.model(owed="plus_yardstick", yardstick="trend_2013_2017",
                     sectors=["agriculture"], start_year=2030, horizon=5)
    text = m.windows_text.text
    assert text.startswith("No growth is needed: purchases could fall by 1.7% a year")
    assert "did at least as well" in text and "higher than" not in text
    assert "-1.7%" not in text


# --- the soybean pledges, on purchases -----------------------------------------------------

SOY_CHOICES = [(y, d) for y in PLEDGE_YEARS for d in FIRST_DEADLINES]


@pytest.mark.parametrize(("pledge_year", "first_deadline"), SOY_CHOICES)
def test_the_soybean_section_is_true_and_counts_nothing_twice(pledge_year, first_deadline):
    """At every soybean parameter set: each statement true, and the pledges' purchases named
    in the text add up to no more than the purchases since the deal."""
    m = report.model(pledge_year=pledge_year, first_deadline=first_deadline)
    t = m.soybeans.tracker
    for where, value in (("soybean_text", m.soybean_text),
                         ("soybean_history_text", m.soybean_history_text),
                         ("soybean_cross_check", m.soybean_cross_check),
                         ("soybean_chart", m.soybean_chart.alt)):
        assert problems(value, where) == []
    since = t.weekly.loc[soybeans_domain.DEAL_DAY:, "purchases_kt"].sum()
    assert sum(g.bought_kt for g in t.progress) <= since + 1e-6
    for g in t.progress:
        if g.started:
            assert f"{g.bought_kt / 1e3:,.1f} MMT ({g.share * 100:.1f}% of the amount)" in \
                m.soybean_text.text
            assert f"through the week ending {date_words(g.through)}" in m.soybean_text.text
    assert ("A pledge year is here a calendar year, the default" in m.soybean_text.text) == (
        pledge_year == "calendar")
    assert model_problems(m) == []


def test_the_2025_pledge_is_scored_on_purchases_not_census_dollars():
    # replay: "6.7 + 10.3 = 17.0 MMT from 11.6 shipped", a straight-line pace read as on track
    m = report.model()
    text = m.soybean_text.text
    first, annual = m.soybeans.tracker.progress[:2]
    assert first.through == "2026-02-26" and first.ended and first.reached is None
    assert "10.8 MMT (90.1% of the amount): the amount was not reached by the deadline" in text
    assert "By the end of 2025, the fact sheet's deadline, 6.4 MMT had been bought" in text
    assert "behind the 15.7 MMT the seasonal pace expects by then (a straight line: " \
           "18.8 MMT)" in text
    assert "estimated" not in text and "Census" not in text  # Census is the cross-check only
    assert "straight-line pace to" not in text and "annualised" not in text
    cross = m.soybean_cross_check.text
    assert cross.startswith("As a cross-check only: Census HS 12")
    assert "errs by -18% to +27% a year" in cross


def test_the_past_years_and_china_s_own_data_are_beside_the_pledge():
    text = report.model().soybean_history_text.text
    assert "less than the 32.0 MMT the US exported to China in 2017 (UN Comtrade" in text
    assert "at least the 23.7 MMT it bought in 2024" in text
    assert "in 2024 it imported 105.0 MMT of soybeans, 22.1 MMT from the US (21.1%) and " \
           "74.6 MMT from Brazil (71.1%)" in text


def test_a_marketing_year_pledge_leaves_the_weeks_between_windows_to_none():
    m = report.model(pledge_year="marketing_year", first_deadline="end_2025")
    between = m.soybeans.tracker.bought.loc["2026-01-01":"2026-08-31", soybeans_domain.OUTSIDE]
    assert between.sum() > 0
    assert f"count toward none: {between.sum() / 1e3:,.1f} MMT" in m.soybean_text.text
    assert "in no pledge's window" not in report.model().soybean_text.text
