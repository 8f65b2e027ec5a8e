"""The growth report: parameters in, every rate, table, chart, sentence and word choice out.

The chosen definition, window and base year drive the headline; the reconstruction of the
press figures (goods and services, the 2017 base, the definition and window closest to the
published 33% and "three times") is a separate, labelled part that no parameter moves.
Rates are fractions per year, levels US$ billions. The notebook only shows the fields of
`GrowthReport`: every number, word ("below", "both", "neither"), title, label, alt text and
source is decided here, where `tests/test_growth_sentences.py` checks it at every parameter set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from phaseone import compliance, growth
from phaseone.agreement import BASE_YEAR, commitment_rows
from phaseone.data import load
from phaseone.parameters import model_values
from phaseone.present.statements import (
    ChartSpec,
    Cite,
    Sentence,
    TableSpec,
    compare,
    join,
    money,
    ratio,
    say,
    share,
    words,
    year,
)
from phaseone.present.statements import count as count_cite
from phaseone.present.text import bn, plain, publishers, source_list
from phaseone.reports.growth import rules

PRESS_MEASURES = ("required_growth_press", "required_to_historical_ratio_press",
                  "purchases_2017_goods_services")  # rows of published_results compared
QUESTION = "How fast did US exports to China have to grow?"
SERIES_TEXT = {"goods_and_services": "goods and services", "goods": "goods"}
DEFAULTS: dict[str, Any] = dict(
    series="goods_and_services", base_year=2017, history_start=2001, history_end=2017,
    definition="two_year_sum_from_base_2yr", confidence=0.95, trend_start=2001, trend_end=2017,
    trend_errors="hac")  # Newey-West: robust to the serial correlation the report measures
ERROR_NAMES = {"hc1": "HC1 errors", "hac": "Newey-West (HAC) errors",
               "rw_drift": "a random walk with drift", "ar1_fgls": "AR(1) feasible GLS errors"}
TREND_PHRASE = {"hc1": "with HC1 errors", "hac": "with Newey-West (HAC) errors",
                "rw_drift": "as a random walk with drift",
                "ar1_fgls": "with AR(1) feasible GLS errors"}  # "trend 2001-2017 ..."
CHOICES = dict(series=tuple(SERIES_TEXT), definition=growth.DEFINITIONS,
               trend_errors=tuple(ERROR_NAMES))
HORIZONS = range(2, 7)  # years from the base level to the end of the purchase years
SERIAL_P = 0.05  # a Breusch-Godfrey p-value below this is called strong serial correlation
# definitions that take the base level as the prior year's, and the same over all the years
PRIOR_TWIN = {"two_year_sum_from_base_2yr": "two_year_sum_from_base",
              "final_target_from_base_2yr": "final_target_from_base"}
NO_UPPER = "no upper bound, as the interval of trend growth reaches zero or below"
UPLIFTS = ("average_addition_share_of_base",)  # definitions that give a level uplift, not a rate
SENSITIVITY_LIKE = ("two_year_sum_from_base_2yr", "two_year_sum_from_base")  # the grid's own
# the specification curve: every required-growth rate (level uplifts are no rate)
CURVE_DEFINITIONS = tuple(d for d in growth.DEFINITIONS if d not in UPLIFTS)
CONCLUSION_TEXT = {  # rows of the shares table, in growth.specifications.CONCLUSIONS order
    "above_pace": "Required growth above the trend pace",
    "twice_pace": "Required growth at least twice the trend pace (or the trend did not rise)",
    "three_times_pace": "Required growth at least three times the trend pace (or the trend "
                        "did not rise)",
    "inside": "Both targets inside the trend's prediction intervals",
    "above_interval": "Both targets above the upper ends of the prediction intervals"}


@dataclass(frozen=True)
class Press:
    """The press figures and our reconstruction of them (goods and services, 2017 base)."""

    growth: float  # published required growth (0.33)
    ratio: float  # published multiple of historical growth (3)
    base_bn: float  # published 2017 goods and services (186)
    ours_base_bn: float  # our 2017 goods and services
    rates: pd.Series  # required growth by definition on our 2017 base
    rates_on_press_base: pd.Series  # the same on the press's base
    matches: pd.Series  # definitions within the tolerance of the published growth
    closest: str  # definition closest to the published growth
    window: str  # historical window whose ratio is closest to the published multiple
    window_growth: float
    ratio_closest: float  # our rate for `closest` over `window`'s growth
    text: Sentence  # the reconstruction paragraph (fixed framing, whatever the parameters)


@dataclass(frozen=True)
class GrowthReport:
    """Everything the growth report shows: numbers, and the statements the notebook renders."""

    parameters: dict[str, Any]
    title: str  # the question, then the scope (every non-default choice named)
    scope: str  # names the series, the definition and every non-default choice
    series_text: str  # "goods and services"
    base_bn: float  # level of the series in base_year
    additions: dict[int, float]  # Annex 6.1 additions covered by the series, by year
    first_year: int
    last_year: int
    required: pd.DataFrame  # every definition on the chosen base
    rate: float  # the chosen definition's required growth
    label: str  # the chosen definition in plain language
    description: str
    starts_from_base_as_prior: bool  # definition treats the base level as the prior year's
    history: pd.DataFrame  # historical windows, the chosen one first
    window: str  # the chosen window, "2001-2017"
    window_growth: float
    window_measured_on: str  # series the window's growth is measured on
    ratio: float  # rate / window growth; NaN when exports shrank over the window
    ratios: pd.DataFrame  # every definition over every window (NaN where exports shrank)
    trend: growth.Trend
    trend_errors_text: str  # the chosen error model in words
    autocorrelation: dict[str, float]  # Durbin-Watson, Breusch-Godfrey p, lag-1 of residuals
    serial_correlation: bool | None  # Breusch-Godfrey p < SERIAL_P; None when not computable
    error_models: pd.DataFrame  # each error model's interval, ratio and counterfactual
    specifications: pd.DataFrame  # the specification curve: every window, model, definition
    specification_shares: pd.DataFrame  # share of specifications where each conclusion holds
    agreement: tuple[int, int]  # specifications sharing the chosen verdict (inside), of all
    trend_on: str  # series the trend is fitted on
    trend_ratio: tuple[float, float, float]  # rate / trend growth, with interval
    trend_base: tuple[float, float]  # (trend's fitted level, actual level) in base_year
    counterfactual: pd.DataFrame  # trend extended to the agreement years vs targets
    band: pd.DataFrame  # trend line with intervals, trend_start..last_year
    target_paths: dict[str, pd.Series]  # base-year level then targets, by series
    sensitivity: pd.DataFrame  # required growth by base year and horizon
    press: Press
    comparison: pd.DataFrame  # ours beside the published figures
    comparison_source: str  # publishers of the published figures compared
    inputs: pd.DataFrame  # non-official rows behind the headline numbers
    sources: list[str]
    # --- the statements, in the order the notebook shows them
    key_figures: tuple[Cite, ...]  # each label names its series, window and model
    finding: Sentence  # the one-line answer
    summary: list[Sentence]  # scope and finding, the base, the trend and the counterfactual
    reconstruction: Sentence  # the press figures on their own framing (no parameter moves it)
    inputs_note: Sentence  # inputs that are not official statistics
    required_table: TableSpec
    history_text: Sentence
    history_table: TableSpec
    ratio_chart: ChartSpec
    trend_text: Sentence
    trend_chart: ChartSpec
    errors_text: Sentence  # serial correlation (decided at SERIAL_P) and the widest interval
    errors_table: TableSpec
    robustness_text: Sentence  # the specification curve's shares, and how many agree
    specification_chart: ChartSpec
    specification_table: TableSpec
    counterfactual_table: TableSpec
    sensitivity_text: Sentence
    sensitivity_chart: ChartSpec
    comparison_table: TableSpec
    sources_list: Sentence

    def headline(self) -> dict[str, float]:
        return {"required": self.rate, "historical": self.window_growth, "ratio": self.ratio,
                "trend": self.trend.growth}



def pct(fraction: float, digits: int = 1) -> str:
    """0.5761 -> '57.6%', with thousands separators: 35.196 -> '3,519.6%'."""
    return f"{fraction * 100:,.{digits}f}%"

def rate(value: float, digits: int = 1) -> Cite:
    """A growth rate a year (fraction) shown as a percentage, thousands separated."""
    return Cite("", float(value), "rate", pct(value, digits))


# ----------------------------------------------------------------------------- words


def level_text(confidence: float) -> str:
    """A confidence level with enough digits to be the level: 0.95 '95%', 0.999 '99.9%'."""
    value = confidence * 100
    for digits in range(5):
        shown = f"{value:.{digits}f}"
        if abs(float(shown) - value) < 1e-9 and 0 < float(shown) < 100:
            return f"{shown}%"
    shown = f"{value:.4f}".rstrip("0").rstrip(".")
    if float(shown) >= 100:
        return "over 99.9999%"
    return f"{shown}%" if float(shown) > 0 else "under 0.0001%"


def definition_text(definition: str, base_year: int, first: int, last: int) -> tuple[str, str]:
    """(label, description) of `definition`, without 'the 2019 level taken as the 2019
    level' when the base year is the year before the agreement."""
    label, description = growth.definition_text(definition, base_year, first, last)
    prior = first - 1
    if base_year == prior:
        description = description.replace(
            f" taken as the {prior} level (no change in between),", "").replace(
            f", as if the {base_year} level were the {prior} level", "")
    return label, description


def _series(name: str) -> str:
    return f"US {SERIES_TEXT[name]}"


def _bn0(value: float) -> Cite:
    """US$ billions without decimals, or words where the number is unbounded."""
    return money(value, digits=0) if math.isfinite(value) else words("an unbounded level")


def _times(value: float) -> Cite:
    return ratio(value)


def _trend_range(required: float, low: float, high: float, what: str) -> Sentence:
    """'2.1 to 3.1 times {what}' from the interval (low, high) of trend growth, in words
    where it has no upper bound or no meaning."""
    if required <= 0:
        return Sentence(f"not a multiple of {what}, as the required growth is not positive")
    if high <= 0:
        return Sentence(f"not a multiple of {what}, as the whole interval of trend growth is at "
                        "or below zero")
    if low <= 0:
        return say("at least {lo} times " + what + " (" + NO_UPPER + ")",
                   lo=_times(required / high))
    return _ends(required / high, required / low) + f" times {what}"


def _trend_multiple(required: float, trend_growth: float, low: float, high: float,
                    what: str = "the trend pace") -> Sentence:
    """'2.5 times the trend pace (2.1 to 3.1)', in words where a bound or the multiple has no
    meaning (a trend that fell, an interval reaching zero)."""
    if required <= 0 or trend_growth <= 0:
        reason = ("the required growth is not positive" if required <= 0
                  else "the trend did not rise")
        return Sentence(f"not a multiple of {what}, as {reason}")
    inner = (_ends(required / high, required / low) if low > 0 else
             say("at least {lo}; " + NO_UPPER, lo=_times(required / high)))
    return say("{x} times " + what + " (", x=_times(required / trend_growth)) + inner + ")"


NUMBER_WORDS = {3: "three", 4: "four", 5: "five"}
DIGITS = {"percent": 3, "points": 3, "money": 1, "ratio": 2}  # decimals of each format


def _table(frame: pd.DataFrame, formats: dict[str, str], **spec: Any) -> TableSpec:
    """A TableSpec whose numbers are rounded as shown, so that the CSV a reader downloads
    holds the figures of the table (and no binary noise such as 0.12411000050)."""
    rounded = frame.assign(**{c: frame[c].round(DIGITS[f]) for c, f in formats.items()})
    return TableSpec(rounded, formats=formats, **spec)


def _ends(low: float, high: float) -> Sentence:
    """'2.1 to 3.1' (multiples at the two ends of an interval), once when they read the same."""
    lo, hi = _times(low), _times(high)
    if lo.shown == hi.shown:
        return say("{lo} at both ends of the interval", lo=lo)
    return say("{lo} to {hi}", lo=lo, hi=hi)


def _interval(low: float, high: float) -> Sentence:
    """'$156 billion to $398 billion', the upper end in words when unbounded."""
    return say("{lo} to {hi}", lo=_bn0(low), hi=_bn0(high))


# ----------------------------------------------------------------------------- numbers


def _rates(series: str, base_year: int, base: float | None = None) -> pd.DataFrame:
    data = growth.exports_series(series)
    level = float(data.loc[base_year]) if base is None else base
    table = growth.required_growth_table(level, growth.series_additions(series), data,
                                         base_year)
    additions = growth.series_additions(series)
    first, last = min(additions), max(additions)
    texts = [definition_text(d, base_year, first, last) for d in table["definition"]]
    return table.assign(label=[t[0] for t in texts], description=[t[1] for t in texts])


@cache
def _sources_fixed() -> tuple[tuple[str, ...], str]:
    """Sources of the commitments and the publishers of the press figures (no parameter)."""
    published = load("published_results").set_index("measure").loc[list(PRESS_MEASURES),
                                                                    "source"]
    return tuple(commitment_rows()["source"]), publishers(published)


@cache
def _press() -> Press:
    """The press figures reconstructed on their own framing (no parameter moves this).

    Cached and shared: treat it as read-only."""
    published = compliance.published
    growth_key, ratio_key, base_key = PRESS_MEASURES
    target, multiple = published(growth_key) / 100, published(ratio_key)
    press_base = published(base_key)
    series = "goods_and_services"
    rates = _rates(series, BASE_YEAR).set_index("definition")["required_growth"]
    on_press = _rates(series, BASE_YEAR, press_base).set_index("definition")["required_growth"]
    closest = growth.closest_definition(rates, target)
    history = growth.historical_growth(series, growth.HISTORY_WINDOWS).set_index("window")
    ratios = rates[closest] / history["cagr"]
    own = history.index[history["measured_on"] == series]
    window = growth.closest_window(ratios[own], multiple)
    matches = growth.press_matches(rates, target)
    additions = growth.series_additions(series)
    ours = float(growth.exports_series(series).loc[BASE_YEAR])
    closest_label = definition_text(closest, BASE_YEAR, min(additions), max(additions))[0]
    text = say(
        "**Reconstructing the published figures** (their framing, whatever the parameters: "
        "goods and services, the {B} base; no parameter of this report moves this "
        "paragraph): {n} of {all} definitions land within {tol} point of the {press}; the "
        "closest, \"{label}\", gives {ours} on our {base} and {theirs} on the press's "
        "{press_base}. Its multiple of historical growth is closest to \"three times\" over "
        "{window}: {x} times {g} a year.",
        B=year(BASE_YEAR), n=count_cite(len(matches)), all=count_cite(len(rates)),
        tol=Cite("", growth.PRESS_TOLERANCE * 100, "count",
                 f"{growth.PRESS_TOLERANCE * 100:.0f}"),
        press=rate(target, 0), label=words(closest_label.lower()),
        ours=rate(rates[closest]), base=money(ours), theirs=rate(on_press[closest]),
        press_base=money(press_base, digits=0), window=words(window),
        x=ratio(float(ratios[window]), 2), g=rate(float(history.loc[window, "cagr"])))
    return Press(target, multiple, press_base, ours, rates, on_press, matches, closest,
                 window, float(history.loc[window, "cagr"]), float(ratios[window]), text)


def _target_paths(base_year: int) -> dict[str, pd.Series]:
    paths = {}
    for name in growth.SERIES:
        data = growth.exports_series(name)
        if base_year not in data.index:  # goods and services have gaps before 2013
            continue
        start = float(data.loc[base_year])
        targets = growth.target_levels(start, growth.series_additions(name))
        paths[name] = pd.concat([pd.Series({base_year: start}), targets])
    return paths


def _comparison(r_rate: float, label: str, ratio_: float, window: str, press: Press
                ) -> pd.DataFrame:
    additions = growth.series_additions("goods_and_services")
    closest = definition_text(press.closest, BASE_YEAR, min(additions), max(additions))[0]
    rows = [
        ("Required growth a year (%), press reconstruction", press.rates[press.closest] * 100,
         press.growth * 100, f"{closest}, {BASE_YEAR} base from data"),
        ("Required / historical growth (x), press reconstruction", press.ratio_closest,
         press.ratio, f"{closest}, over {press.window}"),
        ("Required growth a year (%), as chosen", r_rate * 100, press.growth * 100, label),
        ("Required / historical growth (x), as chosen", ratio_, press.ratio, f"over {window}"),
        (f"{BASE_YEAR} US goods and services exports ($bn)", press.ours_base_bn, press.base_bn,
         "Census goods + BEA services"),
    ]
    out = pd.DataFrame(rows, columns=["measure", "ours", "published", "how"])
    out["difference"] = out["ours"] - out["published"]
    return out[["measure", "ours", "published", "difference", "how"]]


def _error_models(series: pd.Series, v: dict[str, Any], rate_: float, years: list[int]
                  ) -> pd.DataFrame:
    """Every trend error model side by side: growth interval, ratio interval and the
    counterfactual prediction interval of the agreement years."""
    rows = []
    for errors, text in growth.ERROR_MODELS.items():
        t = growth.trend_fit(series, v["trend_start"], v["trend_end"], v["confidence"], errors)
        cf = growth.trend_projection(t, years, v["confidence"])
        r = growth.ratio_interval(rate_, t)
        row = {"errors": errors, "model": text, "name": ERROR_NAMES[errors],
               "growth": t.growth, "growth_low": t.growth_low, "growth_high": t.growth_high,
               "ratio": r[0], "ratio_low": r[1], "ratio_high": r[2]}
        for y in years:
            row |= {f"fitted_{y}": cf.loc[y, "fitted"], f"pred_low_{y}": cf.loc[y, "pred_low"],
                    f"pred_high_{y}": cf.loc[y, "pred_high"]}
        rows.append(row)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- scope


def _scope_extras(v: dict[str, Any], label: str, level: str) -> list[str]:
    """Every non-default choice the definition's label does not already name."""
    d, out = DEFAULTS, []
    if v["base_year"] != d["base_year"] and str(v["base_year"]) not in label:
        out.append(f"targets on the {v['base_year']} level")
    if (v["history_start"], v["history_end"]) != (d["history_start"], d["history_end"]):
        out.append(f"historical growth over {v['history_start']}-{v['history_end']}")
    trend_moved = (v["trend_start"], v["trend_end"]) != (d["trend_start"], d["trend_end"])
    if trend_moved or v["trend_errors"] != d["trend_errors"]:
        out.append(f"trend {v['trend_start']}-{v['trend_end']} "
                   f"{TREND_PHRASE[v['trend_errors']]}")
    if v["confidence"] != d["confidence"]:
        out.append(f"{level} intervals")
    return out


def _key_figures(v, label, rate_, window, window_growth, measured_on, ratio_, trend,
                 trend_on, level) -> tuple[Cite, ...]:
    series = v["series"]
    base = "" if str(v["base_year"]) in label else f" (targets on the {v['base_year']} level)"
    if rate_ <= 0:
        multiple = "no multiple (required growth not positive)"
    elif v["definition"] in UPLIFTS:
        multiple = "no multiple (a level uplift, not a growth rate)"
    elif window_growth <= 0:
        multiple = "no multiple (exports shrank)"
    else:
        multiple = f"{ratio_:.2f}x"
    ratio_scope = (_series(series) if measured_on == series else
                   f"required on {_series(series)}, historical on {_series(measured_on)}")
    return (
        Cite(f"Required growth a year, {_series(series)}: {label.lower()}{base}", rate_,
             "rate", pct(rate_)),
        Cite(f"Historical growth {window}, {_series(measured_on)}", window_growth, "rate",
             pct(window_growth)),
        Cite(f"Required / historical growth {window}, {ratio_scope}", ratio_, "ratio",
             multiple),
        Cite(f"Trend growth {v['trend_start']}-{v['trend_end']}, {_series(trend_on)}, "
             f"{ERROR_NAMES[v['trend_errors']]}, {level} interval", trend.growth, "rate",
             f"{pct(trend.growth)} ({pct(trend.growth_low)} to {pct(trend.growth_high)})"),
    )


# ----------------------------------------------------------------------------- statements


def _finding(v, label, rate_, window, window_growth, measured_on, ratio_) -> Sentence:
    series = v["series"]
    grows = compare(rate_, 0, ">", {"all": "had to grow", "none": "could shrink"})
    shown = rate(rate_ if rate_ > 0 else -rate_)
    on = "" if measured_on == series else f" (measured on {_series(measured_on)})"
    if v["definition"] in UPLIFTS and rate_ > 0:
        return _uplift_finding(v, label, rate_, window, window_growth, on)
    if rate_ <= 0:
        pace = Sentence("and still meet the targets: built on the base level, they need no "
                        "growth from the level this definition starts from, so no multiple of "
                        "past growth is given")
    elif window_growth > 0:
        pace = say("{x} times their {g} a year over {w}" + on, x=ratio(ratio_),
                   g=rate(window_growth), w=words(window))
    else:
        pace = say("while they had shrunk {g} a year over {w}" + on + ", so no multiple of "
                   "that pace can be given", g=rate(-window_growth), w=words(window))
    return say("Under the definition chosen ({label}), {series} exports to China {grows} "
               "{rate} a year, ", label=words(label.lower()), series=words(_series(series)),
               grows=grows, rate=shown) + pace + "."


def _uplift_finding(v, label, rate_, window, window_growth, on) -> Sentence:
    """A level uplift (not a compound rate) worded as what it is, with no multiple of a
    growth rate: an addition as a share of a level and a growth a year are of different
    kinds."""
    pace = (say("against growth of {g} a year over {w}" + on, g=rate(window_growth),
                w=words(window)) if window_growth >= 0 else
            say("against a fall of {g} a year over {w}" + on, g=rate(-window_growth),
                w=words(window)))
    return say("Under the definition chosen ({label}), {series} exports to China needed an "
               "average yearly addition of {rate} of the {B} level, ",
               label=words(label.lower()), series=words(_series(v["series"])),
               rate=rate(rate_), B=year(v["base_year"])) + pace + (
        ": a level uplift, not a compound growth rate, so it is not given as a multiple of "
        "that pace.")


def _base_paragraph(v, base_bn, additions, description, measured_on) -> Sentence:
    adds = join([say("{y}: {v}", y=year(y), v=money(a)) for y, a in additions.items()], ", ")
    return join([
        say("The base is the {B} level of {series} exports to China, {base}, plus the Annex "
            "6.1 additions (", B=year(v["base_year"]), series=words(_series(v["series"])),
            base=money(base_bn)) + adds + ").",
        Sentence(f"The definition: {description}"),
        say("The window's growth is measured on {on}.", on=words(SERIES_TEXT[measured_on])),
    ])


def _trend_paragraph(v, r_rate, trend, trend_on, cf, level, base_fit, starts_as_prior,
                     rates) -> Sentence:
    F, L = (int(y) for y in cf.index[[0, -1]])
    series = v["series"]
    on_required = "" if trend_on == series else f" (on {_series(series)})"
    fit = say(
        "A trend fitted to {on} exports over {ts}-{te} ({errors}) grew {g} a year ({level} "
        "interval {lo} to {hi})", on=words(_series(trend_on)), ts=year(v["trend_start"]),
        te=year(v["trend_end"]), errors=words(growth.ERROR_MODELS[v["trend_errors"]]),
        g=rate(trend.growth), level=words(level), lo=rate(trend.growth_low),
        hi=rate(trend.growth_high))
    if r_rate <= 0:
        fit = fit + "; the required growth is not positive, so no multiple of the trend pace " \
            "is given."
    elif v["definition"] in UPLIFTS:
        fit = fit + say("; the definition chosen gives a level uplift ({rate} of the base level "
                        "a year), not a compound growth rate, so no multiple of the trend pace "
                        "is given.", rate=rate(r_rate))
    else:
        fit = fit + say(", so the required {rate}" + on_required + " is ", rate=rate(r_rate)) \
            + _trend_multiple(r_rate, trend.growth, trend.growth_low, trend.growth_high) + "."
    inside = compare(cf["target"], list(zip(cf["pred_low"], cf["pred_high"], strict=True)),
                     "in", {"all": "the targets lie inside the trend's prediction intervals",
                            "none": "neither target lies inside the trend's prediction "
                                    "interval for its year",
                            "some": "only one of the two targets lies inside the trend's "
                                    "prediction interval for its year"})
    above = compare(cf["fitted"], cf["target"], ">",
                    {"all": "the trend already pointed above them",
                     "none": "the trend pointed above neither of them",
                     "some": "the trend pointed above only one of the two"})
    extend = say("Extending the trend gives {f1} in {F} ({level} prediction interval ",
                 f1=_bn0(cf.loc[F, "fitted"]), F=year(F), level=words(level)) + _interval(
        cf.loc[F, "pred_low"], cf.loc[F, "pred_high"]) + say(
        ") and {f2} in {L} (", f2=_bn0(cf.loc[L, "fitted"]), L=year(L)) + _interval(
        cf.loc[L, "pred_low"], cf.loc[L, "pred_high"]) + say(
        "), against targets of {t1} and {t2} (the {B} level of {on} exports plus their "
        "additions): {inside}, and {above}.", t1=money(cf.loc[F, "target"], digits=0),
        t2=money(cf.loc[L, "target"], digits=0), B=year(v["base_year"]),
        on=words(_series(trend_on)), inside=inside, above=above)
    if v["trend_errors"] == "ar1_fgls":
        extend = extend + say(" With AR(1) errors the extension starts from the {te} "
                              "deviation from the line, which fades by a factor of {rho} a "
                              "year.", te=year(v["trend_end"]), rho=ratio(trend.rho, 2))
    fitted, actual = base_fit
    higher = compare(fitted, actual, ">", {"all": "above", "none": "at or below"})
    why = (": the extended trend starts from a higher level than the targets do"
           if fitted > actual else ": the extended trend starts from no higher a level than "
           "the targets do")
    if fitted > actual and (cf["fitted"] > cf["target"]).all() and trend.growth < r_rate:
        why += ", which is why it points above them although it grows more slowly than required"
    if v["trend_errors"] == "rw_drift" and v["base_year"] == v["trend_end"]:
        start = say("A random walk with drift has no fitted line: it starts from the {B} level "
                    "itself, {actual} of {on} exports, the level on which these targets are "
                    "built.", B=year(v["base_year"]), actual=money(actual, digits=0),
                    on=words(_series(trend_on)))
    digits = 0 if money(fitted, digits=0).shown != money(actual, digits=0).shown else 1
    if v["trend_errors"] == "rw_drift" and v["base_year"] != v["trend_end"]:
        way = "back" if v["base_year"] < v["trend_end"] else "forward"
        start = say("A random walk with drift has no fitted line: the {te} level carried " + way
                    + " to {B} by the drift is {fitted} of {on} exports, {higher} the {actual} "
                    "actual on which these targets are built" + why + ".",
                    te=year(v["trend_end"]), B=year(v["base_year"]),
                    fitted=money(fitted, digits=digits), on=words(_series(trend_on)),
                    higher=higher, actual=money(actual, digits=digits))
    elif v["trend_errors"] != "rw_drift":
        start = say("The trend line puts {B} at {fitted} of {on} exports, {higher} the {actual} "
                    "actual on which these targets are built" + why + ".",
                    B=year(v["base_year"]), fitted=money(fitted, digits=digits),
                    on=words(_series(trend_on)), higher=higher,
                    actual=money(actual, digits=digits))
    parts = [fit, extend, start]
    if starts_as_prior:
        B, P = v["base_year"], F - 1
        twin = float(rates[PRIOR_TWIN[v["definition"]]])
        parts.append(say(
            "This definition is {steeper} than compounding from the {B} level over the {k} "
            "years to {L} ({twin}) because it starts from the {B} level as if exports had not "
            "changed between {B} and {P}.",
            steeper=compare(r_rate, twin, ">", {"all": "steeper", "none": "no steeper"}),
            B=year(B), k=count_cite(L - B), L=year(L), twin=rate(twin), P=year(P)))
    return join(parts)


def _inputs_note(inputs: pd.DataFrame) -> Sentence:
    if inputs.empty:
        return Sentence("")
    rows = [say("- {what}, {y}: {v}, **{q}** ({s})", what=words(row.what), y=year(row.year),
                v=money(row.value_bn), q=words(row.quality), s=words(plain(row.source)))
            for row in inputs.itertuples()]
    return Sentence("Inputs of these numbers that are not official statistics:\n\n") + join(
        rows, "\n")


def _history_text(history: pd.DataFrame, ratios: pd.Series, rate_: float,
                  uplift: bool = False) -> Sentence:
    low, high = history.loc[history["cagr"].idxmin()], history.loc[history["cagr"].idxmax()]
    ranged = say("Over these {n} windows, annual growth of US exports to China ranged from "
                 "{lo} ({wlo}) to {hi} ({whi}).", n=count_cite(len(history)),
                 lo=rate(low["cagr"]), wlo=words(low["window"]), hi=rate(high["cagr"]),
                 whi=words(high["window"]))
    grew = ratios[history["cagr"].to_numpy() > 0]
    shrank = "" if (history["cagr"] > 0).all() else (
        "; no multiple is given for windows in which exports shrank")
    if rate_ <= 0:
        multiple = Sentence("The required growth is not positive, so no multiple of these "
                            "paces is given.")
    elif uplift:
        multiple = Sentence("The definition chosen gives a level uplift, not a compound growth "
                            "rate, so no multiple of these paces is given.")
    elif f"{grew.min():.1f}" == f"{grew.max():.1f}":
        multiple = say("The required {rate} is {x} times the pace of the windows that grew"
                       + shrank + ".", rate=rate(rate_), x=ratio(grew.min()))
    else:
        multiple = say("The required {rate} is {lo} to {hi} times those that grew" + shrank
                       + ".", rate=rate(rate_), lo=ratio(grew.min()), hi=ratio(grew.max()))
    return join([ranged, multiple])


def _ratio_cell(value: float, grew: bool, rate_: float, uplift: bool) -> str:
    if uplift:
        return "no multiple: a level uplift"
    if rate_ <= 0:
        return "no multiple: required growth not positive"
    return f"{value:.2f}" if grew else "no multiple: exports shrank"


def _errors_text(v, ac, em, level, r_rate, nobs, uplift) -> tuple[Sentence, bool | None]:
    window = f"{v['trend_start']}-{v['trend_end']}"

    def stat(value: float) -> Cite | None:
        return ratio(value, 2) if math.isfinite(value) else None

    dw, lag1 = stat(ac["durbin_watson"]), stat(ac["lag1"])
    parts = [say("The residuals of the log-linear fit over {w} have ", w=words(window))]
    parts.append(say("a Durbin-Watson statistic of {dw} (2 means no autocorrelation)", dw=dw)
                 if dw else Sentence("a Durbin-Watson statistic that cannot be computed"))
    parts.append(say(", a first-order autocorrelation of {lag1}", lag1=lag1) if lag1 else
                 Sentence(", a first-order autocorrelation that cannot be computed"))
    p = ac["breusch_godfrey_p"]
    if math.isfinite(p):
        serial = p < SERIAL_P
        verdict = ("strong serial correlation, which HC1 errors ignore, so their interval is "
                   "too narrow" if serial else "no clear sign of serial correlation")
        parts.append(say(" and a Breusch-Godfrey p-value of {p}, {below} {threshold}, the "
                         "threshold used here: " + verdict + ".", p=ratio(p, 3),
                         below=compare(p, SERIAL_P, "<", {"all": "below", "none": "not below"}),
                         threshold=Cite("", SERIAL_P, "ratio", f"{SERIAL_P:g}")))
    else:
        serial = None
        parts.append(say("; the Breusch-Godfrey test cannot be computed on {n} years, so "
                         "serial correlation is not tested (on so few years these statistics "
                         "say little).", n=count_cite(nobs)))
    by = em.set_index("errors")
    hc1 = by.loc["hc1"]
    widest = em.loc[(em["growth_high"] - em["growth_low"]).idxmax()]
    if r_rate <= 0 or uplift:
        why = ("the definition chosen gives a level uplift, not a growth rate" if uplift
               else "the required growth is not positive")
        width = say(" The {level} interval of trend growth is {lo} to {hi} with HC1 errors; "
                    + why + ", so no multiple of the trend pace is given.", level=words(level),
                    lo=rate(hc1["growth_low"]), hi=rate(hc1["growth_high"]))
    elif widest["errors"] == "hc1":
        width = say(" The {level} interval of trend growth is {lo} to {hi} with HC1 errors, the "
                    "widest of the {k}; the required {rate} is then ",
                    k=words(NUMBER_WORDS[len(em)]),
                    level=words(level), lo=rate(hc1["growth_low"]), hi=rate(hc1["growth_high"]),
                    rate=rate(r_rate)) + _trend_range(
            r_rate, hc1["growth_low"], hc1["growth_high"], "the trend pace") + "."
    else:
        width = say(" The {level} interval of trend growth is {lo} to {hi} with HC1 errors and "
                    "{wlo} to {whi} with {name}, the widest; the required {rate} is then ",
                    level=words(level), lo=rate(hc1["growth_low"]), hi=rate(hc1["growth_high"]),
                    wlo=rate(widest["growth_low"]), whi=rate(widest["growth_high"]),
                    name=words(widest["name"]), rate=rate(r_rate)) + _trend_range(
            r_rate, widest["growth_low"], widest["growth_high"], "the trend pace") + (
            ", against ") + _trend_range(r_rate, hc1["growth_low"], hc1["growth_high"],
                                         "it with HC1 errors") + "."
    return join(parts, "") + width, serial


def _errors_table(em, years, trend_on, v, level, rate_, source, uplift) -> TableSpec:
    F, L = years
    shown = pd.DataFrame({"model": em["model"], "growth": em["growth"],
                          "growth_low": em["growth_low"], "growth_high": em["growth_high"]})
    shown["multiple"] = [
        "no multiple: a level uplift" if uplift else
        _trend_multiple(rate_, g, lo, hi, "the trend").text
        for g, lo, hi in zip(em["growth"], em["growth_low"], em["growth_high"], strict=True)]
    for y in (F, L):
        shown[f"fitted_{y}"] = em[f"fitted_{y}"]
        shown[f"cf_{y}"] = [f"{lo:,.0f} to {hi:,.0f}" if math.isfinite(hi) else
                            f"{lo:,.0f} to unbounded"
                            for lo, hi in zip(em[f"pred_low_{y}"], em[f"pred_high_{y}"],
                                              strict=True)]
    return _table(
        shown, title=f"The trend under {NUMBER_WORDS[len(em)]} error models",
        subtitle=f"{_series(trend_on)} exports, {v['trend_start']}-{v['trend_end']}; {level} "
                 "intervals; counterfactual in US$ billions", source=source,
        formats={"growth": "percent", "growth_low": "percent", "growth_high": "percent",
                 f"fitted_{F}": "money", f"fitted_{L}": "money"},
        labels={"model": "Error model", "growth": "Trend growth", "growth_low": "Low",
                "growth_high": "High", "multiple": "Required / trend",
                **{f"fitted_{y}": f"Counterfactual {y}" for y in (F, L)},
                **{f"cf_{y}": f"Prediction interval {y} ($bn)" for y in (F, L)}})


# ----------------------------------------------------------------------------- robustness


@dataclass(frozen=True)
class Robustness:
    curve: pd.DataFrame
    shares: pd.DataFrame
    agreement: tuple[int, int]
    text: Sentence
    chart: ChartSpec
    table: TableSpec
    key_figure: Cite


def _spec_index(curve: pd.DataFrame, v: dict[str, Any]) -> int | None:
    """Row of the curve for the specification `v` names (None when it is not in the curve)."""
    hit = curve.index[(curve["start"] == v["trend_start"]) & (curve["end"] == v["trend_end"])
                      & (curve["errors"] == v["trend_errors"])
                      & (curve["definition"] == v["definition"])]
    return int(hit[0]) if len(hit) else None


def _robustness(v: dict[str, Any], cf: pd.DataFrame, level: str, source: str) -> Robustness:
    """The specification curve at the parameters' series, base year and level: the share of
    specifications where each conclusion holds, and how many share the chosen verdict."""
    series = v["series"]
    curve = growth.specification_curve(series, v["base_year"], v["confidence"],
                                       CURVE_DEFINITIONS, rules.MIN_TREND_YEARS)
    shares = growth.specification_shares(curve)
    n = len(curve)
    starts, ends = growth.TREND_STARTS, growth.TREND_ENDS
    n_windows = curve[["start", "end"]].drop_duplicates().shape[0]
    n_errors, n_defs = curve["errors"].nunique(), curve["definition"].nunique()
    both = bool(cf["target_in_interval"].all())  # the chosen verdict
    agree = int((curve["inside"] == both).sum())
    verdict = compare(cf["target"], list(zip(cf["pred_low"], cf["pred_high"], strict=True)),
                      "in", {"all": "both targets lie inside the trend's prediction intervals",
                             "none": "the targets do not both lie inside the trend's "
                                     "prediction intervals",
                             "some": "the targets do not both lie inside the trend's "
                                     "prediction intervals"})
    gs = "" if series == "goods" else (" (trends on US goods where a window has no goods and "
                                       "services data for every year)")
    counts = {c: int(curve[c].sum()) for c in growth.CONCLUSIONS}

    def held(c: str) -> Sentence:
        return say("{k} ({p})", k=count_cite(counts[c]), p=share(counts[c] / n))

    scope = say(
        "across {n} specifications ({w} trend windows starting {s0}-{s1} and ending {e0}-{e1}, "
        "each of at least {m} years; {k} error models; {d} required-growth definitions, the "
        "level uplift left out), with targets on {series} exports and {level} prediction "
        "intervals" + gs, n=count_cite(n), w=count_cite(n_windows), s0=year(starts[0]),
        s1=year(starts[-1]), e0=year(ends[0]), e1=year(ends[-1]),
        m=count_cite(rules.MIN_TREND_YEARS), k=count_cite(n_errors), d=count_cite(n_defs),
        series=words(_series(series)), level=words(level))
    most = compare(agree / n, 0.5, ">", {"all": "a majority", "none": "not a majority"})
    chosen = _spec_index(curve, v)
    where = ("" if chosen is not None else
             " (the chosen specification itself is not one of them: its window, error model "
             "or definition lies outside the curve)")
    text = (Sentence("**How robust is this?** ") + say("Of the {n} specifications, {a} ({p}) "
                                                         "agree with the conclusion here, that "
                                                         "{verdict}: {most}" + where + ". ",
                                                         n=count_cite(n), a=count_cite(agree),
                                                         p=share(agree / n), verdict=verdict,
                                                         most=most)
            + Sentence("Counted ") + scope + Sentence(": the required growth is above the "
                                                      "trend pace in ") + held("above_pace")
            + Sentence(", at least twice it in ") + held("twice_pace")
            + Sentence(" and at least three times it in ") + held("three_times_pace")
            + Sentence(" (a trend that did not rise counted as exceeded); both targets lie "
                       "inside the trend's prediction intervals in ") + held("inside")
            + Sentence(" and above both upper ends in ") + held("above_interval") + ".")
    table_frame = pd.DataFrame({"conclusion": [CONCLUSION_TEXT[c] for c in shares.index],
                                **{c: shares[c].to_numpy() for c in shares.columns}})
    if chosen is not None:
        table_frame["chosen"] = ["holds" if curve.loc[chosen, c] else "does not hold"
                                 for c in shares.index]
    table = _table(
        table_frame, title="Share of specifications in which each conclusion holds",
        subtitle=f"{n:,} specifications: {n_windows} trend windows ({starts[0]}-{starts[-1]} "
                 f"to {ends[0]}-{ends[-1]}, at least {rules.MIN_TREND_YEARS} years), "
                 f"{n_errors} error models, {n_defs} definitions; targets on "
                 f"{_series(series)}, {level} prediction intervals", source=source,
        formats={c: "percent" for c in shares.columns},
        labels={"conclusion": "Conclusion", "all": "All specifications",
                **{e: ERROR_NAMES[e][0].upper() + ERROR_NAMES[e][1:] for e in shares.columns
                   if e != "all"},
                **({"chosen": "The chosen specification"} if chosen is not None else {})})
    rising = curve["ratio"].dropna()
    chart_alt = say(
        "Specification curve: the required growth as a multiple of the trend pace for the "
        "{r} of {n} specifications whose trend rose and whose required growth is positive, "
        "sorted, on a log scale (from {lo} to {hi} times), coloured by error model and "
        "filled where both targets lie inside the trend's prediction intervals ({i} "
        "specifications)", r=count_cite(len(rising)), n=count_cite(n),
        lo=ratio(rising.min()), hi=ratio(rising.max()), i=count_cite(counts["inside"])) + (
        say("; the chosen specification, ringed, reads {x} times.",
            x=ratio(curve.loc[chosen, "ratio"]))
        if chosen is not None and math.isfinite(curve.loc[chosen, "ratio"]) else
        Sentence("; the chosen specification is not on the curve."))
    default = _spec_index(curve, DEFAULTS) if series == DEFAULTS["series"] and v[
        "base_year"] == DEFAULTS["base_year"] and v["confidence"] == DEFAULTS["confidence"] \
        else None
    chart = ChartSpec("specification_curve", dict(
        curve=curve[["ratio", "inside", "errors"]], chosen=chosen, default=default,
        names={e: ERROR_NAMES[e] for e in growth.TREND_ERRORS},
        title=f"Required growth over the trend pace, every specification ({_series(series)})",
        source=f"{source}. Ringed: the chosen specification"), chart_alt)
    key = Cite(f"Specifications agreeing that {verdict.word}, of {n:,} (trend windows "
               f"{starts[0]}-{starts[-1]} to {ends[0]}-{ends[-1]}, {n_errors} error models, "
               f"{n_defs} definitions; targets on {_series(series)}, {level} intervals)",
               agree / n, "share", f"{agree:,} of {n:,} ({pct(agree / n)})")
    return Robustness(curve, shares, (agree, n), text, chart, table, key)


# ----------------------------------------------------------------------------- the model


def model(**parameters: Any) -> GrowthReport:
    """The growth report for `parameters` (the notebook's parameters cell; see DEFAULTS)."""
    v = model_values("growth", DEFAULTS, parameters, CHOICES, rules.problems)
    series, base_year = v["series"], v["base_year"]
    data = growth.exports_series(series)
    additions = growth.series_additions(series)
    first, last = min(additions), max(additions)
    required = _rates(series, base_year)
    rates = required.set_index("definition")["required_growth"]
    rate_ = float(rates[v["definition"]])
    uplift = v["definition"] in UPLIFTS
    label, description = definition_text(v["definition"], base_year, first, last)
    level = level_text(v["confidence"])
    window = f"{v['history_start']}-{v['history_end']}"
    history = growth.historical_growth(
        series, [(v["history_start"], v["history_end"]), *growth.HISTORY_WINDOWS])
    hist = history.set_index("window")
    trend_on = growth.trend_basis(series, v["trend_start"], v["trend_end"])
    trend_data = growth.exports_series(trend_on)
    trend = growth.trend_fit(trend_data, v["trend_start"], v["trend_end"],
                             level=v["confidence"], errors=v["trend_errors"])
    press = _press()
    grew = hist["cagr"] > 0  # a multiple of a shrinking pace means nothing
    window_growth = float(hist.loc[window, "cagr"])
    measured_on = hist.loc[window, "measured_on"]
    ratio_ = rate_ / window_growth if grew[window] else float("nan")
    ratios = growth.ratio_grid(rates, hist["cagr"]).where(grew, axis=1)
    rate_ratios = ratios.drop(index=list(UPLIFTS))  # a level uplift has no multiple
    autocorrelation = growth.residual_autocorrelation(trend_data, v["trend_start"],
                                                      v["trend_end"])
    error_models = _error_models(trend_data, v, rate_, list(additions))
    cf = growth.counterfactual(trend_on, trend, base_year, v["confidence"])
    band = growth.trend_projection(trend, np.arange(v["trend_start"], last + 1),
                                   v["confidence"])
    base_fit = (float(growth.trend_projection(trend, [base_year], v["confidence"]).loc[
        base_year, "fitted"]), float(trend_data.loc[base_year]))
    target_paths = _target_paths(base_year)
    sensitivity = growth.sensitivity(
        data, sum(additions.values()),
        sorted({int(y) for y in data.index if 2013 <= y < first} | {base_year}), HORIZONS)
    used_years = {base_year, v["history_start"], v["history_end"]}
    if "_from_2019" in v["definition"]:  # starts from the actual level of the prior year
        used_years.add(first - 1)
    rows = growth.inputs(measured_on, used_years - {base_year})
    rows = pd.concat([rows, growth.inputs(series, [base_year] + [first - 1] * (
        first - 1 in used_years)), growth.inputs(trend_on, range(v["trend_start"],
                                                                 v["trend_end"] + 1))])
    rows = rows.drop_duplicates().sort_values(["year", "table"], ignore_index=True)
    commitment_sources, comparison_source = _sources_fixed()
    sources = list(dict.fromkeys([*rows["source"], *commitment_sources]))
    source = publishers(sources)
    inputs = rows[rows["quality"] != "official"].assign(
        what=lambda d: "US " + d["table"].str.split("_").str[0] + " exports to China"
    ).reset_index(drop=True)
    extras = _scope_extras(v, label, level)
    scope = "; ".join([f"{_series(series)}; definition: {label.lower()}", *extras])
    title = "; ".join([f"{QUESTION} {_series(series)}", label.lower(), *extras])
    comparison = _comparison(rate_, label, ratio_ if rate_ > 0 and not uplift
                             else float("nan"), window, press)
    finding = _finding(v, label, rate_, window, window_growth, measured_on, ratio_)
    starts_as_prior = v["definition"] in PRIOR_TWIN and base_year < first - 1
    robust = _robustness(v, cf, level, source)
    errors_text, serial = _errors_text(v, autocorrelation, error_models, level, rate_,
                                       trend.nobs, uplift)
    trend_text = SERIES_TEXT[trend_on]
    actual_below = compare(cf["actual"], cf["pred_low"], "<", {
        "all": "below the lower ends of the prediction intervals",
        "none": "neither of them below the lower end of its year's prediction interval",
        "some": "only one of the two ({}) below the lower end of its year's prediction "
                "interval".format(" and ".join(
                    str(y) for y in cf.index[cf["actual"] < cf["pred_low"]]))})
    gaps = (" because goods and services data have gaps in that window" if trend_on != series
            else "")
    trend_paragraph = say(
        "The trend is fitted on {on} exports, {ts}-{te} ({n} years)" + gaps + ". Actual "
        "{what} exports were {a1} in {F} and {a2} in {L}, {below}.",
        on=words(_series(trend_on)), ts=year(v["trend_start"]), te=year(v["trend_end"]),
        n=count_cite(trend.nobs), what=words(trend_text),
        a1=money(cf.loc[first, "actual"], digits=0), F=year(first),
        a2=money(cf.loc[last, "actual"], digits=0), L=year(last), below=actual_below)
    grid = sensitivity
    horizon_clause = (say(" and {g} over the {k} years from {B} to {L}",
                          g=rate(grid.loc[base_year, last - base_year]),
                          k=count_cite(last - base_year), B=year(base_year), L=year(last))
                      if last - base_year in grid.columns and last - base_year != 2
                      else Sentence(""))
    sensitivity_text = say(
        "Across base years {years} and horizons of {h0} to {h1} years, the required growth "
        "ranges from {lo} to {hi}. From the {B} level it is {two} at a two-year horizon",
        years=words(", ".join(map(str, grid.index[:-1])) + " and " + str(grid.index[-1])),
        h0=count_cite(grid.columns[0]), h1=count_cite(grid.columns[-1]),
        lo=rate(grid.min().min()), hi=rate(grid.max().max()), B=year(base_year),
        two=rate(grid.loc[base_year, 2])) + horizon_clause + (
        "." if v["definition"] in SENSITIVITY_LIKE else say(
            ". These figures use the press-style calculation (the last two years' levels "
            "summed, grown from the base level), not the definition chosen ({label}), which "
            "gives {chosen}.", label=words(label.lower()), chosen=rate(rate_)))
    heat_labels = {d: definition_text(d, base_year, first, last)[0] for d in rate_ratios.index}
    chosen_ratio = ("no multiple, as the required growth is not positive" if rate_ <= 0 else
                    f"{ratio_:.1f} times" if grew[window] else
                    "no multiple, as exports shrank over the window")
    boxed = (say("; the definition chosen, \"{label}\", is a level uplift, not a growth rate, "
                 "so it is not among them.", label=words(label)) if uplift else
             say("; the boxed cell, \"{label}\" over {w}, reads {x}.", label=words(label),
                 w=words(window), x=words(chosen_ratio)))
    ratio_alt = say("Heatmap of the required growth as a multiple of historical growth, {n} "
                    "definitions by {m} windows (US {series})", n=count_cite(len(rate_ratios)),
                    m=count_cite(len(rate_ratios.columns)),
                    series=words(SERIES_TEXT[series])) + boxed
    chart_cf = cf.replace([np.inf, -np.inf], np.nan)
    trend_alt = say(
        "Chart on a log scale of US goods and of goods and services exports to China, the "
        "{ts}-{te} trend of {on} exports ({g} a year) extended to {F}-{L} with its {level} "
        "prediction intervals (", ts=year(v["trend_start"]), te=year(v["trend_end"]),
        on=words(_series(trend_on)), g=rate(trend.growth), F=year(first), L=year(last),
        level=words(level)) + _interval(cf.loc[first, "pred_low"], cf.loc[first, "pred_high"]) \
        + say(" in {F}), and the target paths from the {B} level ({t1} and {t2} for {on}).",
              F=year(first), B=year(base_year), t1=money(cf.loc[first, "target"], digits=0),
              t2=money(cf.loc[last, "target"], digits=0), on=words(_series(trend_on)))
    sens_alt = say("Heatmap of the required growth by base year and horizon (US {series}): "
                   "from {lo} to {hi}; the boxed cell, the {B} base at a two-year horizon, "
                   "reads {two}.", series=words(SERIES_TEXT[series]),
                   lo=rate(grid.min().min(), 0), hi=rate(grid.max().max(), 0),
                   B=year(base_year), two=rate(grid.loc[base_year, 2], 0))
    shown_required = required.assign(
        years=required["from_year"].astype(str) + " to " + required["to_year"].astype(str),
        press_base=press.rates_on_press_base.to_numpy(),
        gap=lambda f: f["required_growth"] - press.growth)
    shown_history = history.assign(
        ratio=[_ratio_cell(x, g, rate_, uplift) for x, g in zip(
            ratios.loc[v["definition"]], grew, strict=True)],
        measured_on=history["measured_on"].map(SERIES_TEXT))
    adds_text = ", ".join(f"{y}: {bn(a)}" for y, a in additions.items())
    cf_shown = cf.reset_index()[["year", "fitted", "pred_low", "pred_high", "target",
                                 "actual"]].replace([np.inf, -np.inf], np.nan)
    return GrowthReport(
        parameters=v, title=title, scope=scope, series_text=SERIES_TEXT[series],
        base_bn=float(data.loc[base_year]), additions=additions, first_year=first,
        last_year=last, required=required, rate=rate_, label=label, description=description,
        starts_from_base_as_prior=v["definition"].endswith("_from_base_2yr")
        and base_year < first - 1,
        history=history, window=window, window_growth=window_growth,
        window_measured_on=measured_on, ratio=ratio_, ratios=ratios, trend=trend,
        trend_errors_text=growth.ERROR_MODELS[v["trend_errors"]],
        autocorrelation=autocorrelation, serial_correlation=serial,
        error_models=error_models, specifications=robust.curve,
        specification_shares=robust.shares, agreement=robust.agreement, trend_on=trend_on,
        trend_ratio=growth.ratio_interval(rate_, trend), trend_base=base_fit,
        counterfactual=cf, band=band, target_paths=target_paths, sensitivity=sensitivity,
        press=press, comparison=comparison, comparison_source=comparison_source,
        inputs=inputs, sources=sources,
        key_figures=(*_key_figures(v, label, rate_, window, window_growth, measured_on,
                                   ratio_, trend, trend_on, level), robust.key_figure),
        finding=finding,
        summary=[Sentence(f"**{scope}**\n\n") + finding,
                 _base_paragraph(v, float(data.loc[base_year]), additions, description,
                                 measured_on),
                 _trend_paragraph(v, rate_, trend, trend_on, cf, level, base_fit,
                                  starts_as_prior, rates), robust.text],
        reconstruction=press.text,
        inputs_note=_inputs_note(inputs),
        required_table=_table(
            shown_required[["label", "description", "years", "required_growth",
                            "press_base", "gap"]],
            title="Growth a year needed to meet the commitment, by definition",
            subtitle=f"{_series(series)} exports to China; additions over the base level "
                     f"{adds_text}", source=source,
            formats={"required_growth": "percent", "press_base": "percent", "gap": "points"},
            labels={"label": "Definition", "description": "How it is computed",
                    "years": "From, to",
                    "required_growth": f"On the {base_year} level in our data "
                                       f"({bn(float(data.loc[base_year]))})",
                    "press_base": f"On the press's {bn(press.base_bn, 0)} ({BASE_YEAR})",
                    "gap": f"Minus the press's {pct(press.growth, 0)} (points)"},
            highlight=list(required["definition"]).index(v["definition"])),
        history_text=_history_text(history, ratios.loc[v["definition"]], rate_,
                                   v["definition"] in UPLIFTS),
        history_table=_table(
            shown_history[["window", "years", "goods", "goods_and_services",
                           "measured_on", "cagr", "ratio"]],
            title="Historical growth of US exports to China",
            subtitle="Compound annual growth; ratio = required growth (definition chosen) / "
                     "growth used", source=source,
            formats={"goods": "percent", "goods_and_services": "percent", "cagr": "percent"},
            labels={"window": "Window", "years": "Years", "goods": "Goods",
                    "goods_and_services": "Goods and services", "measured_on": "Measured on",
                    "cagr": "Growth used", "ratio": "Required / growth used"},
            missing="no data", highlight=0),
        ratio_chart=ChartSpec("ratio_heatmap", dict(
            ratios=rate_ratios.rename(index=heat_labels), box=(label, window),
            title=f"Required growth as a multiple of historical growth ({_series(series)})",
            source=source), ratio_alt),
        trend_text=trend_paragraph,
        trend_chart=ChartSpec("trend_chart", dict(
            goods=growth.exports_series("goods"),
            both=growth.exports_series("goods_and_services"),
            band=(band.loc[v["trend_end"]:] if v["trend_errors"] == "rw_drift" else band
                  ).replace([np.inf, -np.inf], np.nan),
            trend_start=v["trend_start"], trend_end=v["trend_end"], counterfactual=chart_cf,
            target_paths=target_paths,
            trend_text=f"Trend of {trend_text}, {v['trend_start']}-{v['trend_end']}: "
                       f"{pct(trend.growth)}/yr", level_text=level,
            source=f"{source}. Trend: {growth.ERROR_MODELS[v['trend_errors']]}."), trend_alt),
        errors_text=errors_text,
        errors_table=_errors_table(error_models, (first, last), trend_on, v, level, rate_,
                                   source, uplift),
        robustness_text=robust.text, specification_chart=robust.chart,
        specification_table=robust.table,
        counterfactual_table=_table(
            cf_shown, title=f"Trend counterfactual against targets, {first} and {last}, "
                            f"{_series(trend_on)}",
            subtitle=f"US$ billions; {level} prediction interval; target = {base_year} level "
                     "plus Annex 6.1 additions for the same series", source=source,
            formats={c: "money" for c in ["fitted", "pred_low", "pred_high", "target",
                                          "actual"]},
            labels={"year": "Year", "fitted": "Trend", "pred_low": "Prediction low",
                    "pred_high": "Prediction high", "target": "Target", "actual": "Actual"},
            missing="unbounded"),
        sensitivity_text=sensitivity_text,
        sensitivity_chart=ChartSpec("sensitivity_heatmap", dict(
            grid=sensitivity, box_year=base_year,
            title=f"Required growth by base year and horizon ({_series(series)})",
            source=f"{source}. Boxed: {base_year} base, two-year horizon"), sens_alt),
        comparison_table=_table(
            comparison, title="Reconstructed against the press figures",
            subtitle="Each row in the unit its measure names",
            source="our computation; " + comparison_source,
            formats={"ours": "ratio", "published": "ratio", "difference": "ratio"},
            labels={"measure": "Measure", "ours": "Ours", "published": "Published",
                    "difference": "Difference", "how": "How"},
            missing="no multiple (see the text)"),
        sources_list=Sentence(source_list(sources)),
    )
