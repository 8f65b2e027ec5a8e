"""The commitments report: parameters in, every number, table, chart and sentence out.

One section per file in `data/commitments/`, ranked by how far purchases to date are from the
target path chosen; each term quoted from its source; the commitment chosen shown in full
(its path chart, its years, the terms no data measure). Amounts are in each commitment's unit
(US$ billions or million tonnes), rates fractions a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from phaseone import commitments, terms
from phaseone.parameters import model_values
from phaseone.present.statements import (
    ChartSpec,
    Cite,
    Compare,
    Sentence,
    TableSpec,
    compare,
    count,
    join,
    ratio,
    say,
    words,
    year,
)
from phaseone.present.text import bn, date_words, month_words, span
from phaseone.reports.commitments import rules

DEFAULTS: dict[str, Any] = dict(commitment="eu_energy", proration="straight_line")
CHOICES = dict(proration=commitments.PRORATIONS)
PATH_WORDS = {"straight_line": "straight-line", "seasonal": "seasonal"}


@dataclass(frozen=True)
class Section:
    """One commitment's section: heading, terms quoted, fulfilment, pace, catch-up, notes."""

    name: str
    heading: Sentence
    terms: Sentence
    status: Sentence
    pace: Sentence
    catch_up: Sentence
    notes: Sentence

    def parts(self) -> list[Sentence]:
        return [self.heading, self.terms, self.status, self.pace, self.catch_up, self.notes]


@dataclass(frozen=True)
class CommitmentsReport:
    """Everything the commitments report shows."""

    parameters: dict[str, Any]
    title: str
    measured: tuple[commitments.Commitment, ...]  # ranked, furthest below the path first
    chosen: commitments.Commitment
    key_figures: tuple[Cite, ...]
    finding: Sentence
    lead: Sentence
    ranking_table: TableSpec
    sections: tuple[Sentence, ...]  # every section's parts, in ranked order
    detail_heading: Sentence
    detail: Sentence
    detail_charts: tuple[ChartSpec, ...]  # the path; the catch-up's fan when one is left
    detail_table: TableSpec
    detail_also: Sentence
    sources_list: Sentence


# ----------------------------------------------------------------------------- words


def amount(value: float, unit: str, kind: str = "total") -> Cite:
    """An amount in the commitment's unit: '$79.7 billion' or '12.0 million tonnes'."""
    if unit == "US$ billions":
        return Cite("", float(value), kind, bn(value))
    return Cite("", float(value), "tonnes", f"{value:,.1f} million tonnes")


def rate(value: float) -> Cite:
    """A growth rate shown as a percentage with a thousands separator."""
    return Cite("", float(value), "rate", f"{value * 100:,.1f}%")


def share(value: float) -> Cite:
    """A share shown as a percentage with a thousands separator ('2,029.0%', never '2029.0%')."""
    return Cite("", float(value), "share", f"{value * 100:,.1f}%")


def _heading(rank: int, c: commitments.Commitment) -> Sentence:
    return say("### {n}. {t}", n=count(rank), t=words(c.title))


def _terms(c: commitments.Commitment) -> Sentence:
    cited = dict.fromkeys(c.terms[t]["source"] for t in ("target", "products", "window",
                                                         "baseline") if c.terms.get(t))
    parts = []
    for key in cited:  # every source a term cites, the target's first
        src = c.terms["sources"][key]
        parts += [say('> "{q}"', q=words(" ".join(str(src["quote"]).split()))),
                  say("Source: {w}, [{d}]({u}); {v}.", w=words(src["title"]),
                      d=words(date_words(src["date"])), u=words(src["url"]),
                      v=words(" ".join(str(src["verified"]).split())))]
    products = c.terms["products"]
    notes = []
    if products.get("approximation"):
        notes.append(say("Measured on HS chapters: {a}.", a=words(
            " ".join(str(products["approximation"]).split()))))
    if c.scope is not None:
        notes.append(_scope(c))
    for term in ("window", "baseline", "target"):
        choice = (c.terms.get(term) or {}).get("choice")
        if choice:
            notes.append(say("A choice of the file (**assumed**): {x}.",
                             x=words(" ".join(str(choice).split()))))
    return join([*parts, join(notes)] if notes else parts, "\n\n")


def _scope(c: commitments.Commitment) -> Sentence:
    """How the verdict depends on the chapters chosen: the last full year on the file's
    chapters and on the broader scope, against a year's target."""
    k = c.scope
    sides = compare((k.measured, k.broad), (k.target, k.target), "<",
                    {"all": "both below", "none": "both at or above",
                     "some": "on opposite sides of"})
    return say("The verdict depends on the chapters chosen: in {y} purchases were {m} on the "
               "file's chapters and {b} on {w}, {s} the {t} target for {ty}.",
               y=year(k.year), m=amount(k.measured, c.unit), b=amount(k.broad, c.unit),
               w=words(k.what), s=sides, t=amount(k.target, c.unit, "per_year"),
               ty=year(k.target_year))


def _status(c: commitments.Commitment, proration: str) -> Sentence:
    s, unit = c.status, c.unit
    target = s.target_straight if proration == "straight_line" else s.target_seasonal
    f = s.purchases / target
    first = terms.window(c.terms)[0]
    word = compare(s.purchases, target, "<", {"all": "below", "none": "at or above"})
    if s.ended:
        return say("Over the whole window, {a} to {b}, purchases were {p} against a target of "
                   "{t}: {f} of it, {w} the target.", a=words(month_words(first)),
                   b=words(month_words(s.last_month)), p=amount(s.purchases, unit),
                   t=amount(target, unit), f=share(f), w=word)
    return say("From {a} through {b} ({m} of the window's {n} months), purchases were {p} "
               "against {t} on the {path} path: {f} of it, {w} the path; the whole window "
               "asks {all} ({sh} bought so far).", a=words(month_words(first)),
               b=words(month_words(s.last_month)), m=count(s.months), n=count(s.window_months),
               p=amount(s.purchases, unit), t=amount(target, unit),
               path=words(PATH_WORDS[proration]), f=share(f), w=word,
               all=amount(s.window_target, unit), sh=share(s.share_of_window))


def _pace(c: commitments.Commitment) -> Sentence:
    p = c.pace
    if p is None:
        return Sentence("No required growth is computed: the window has no full calendar "
                        "year with a year of purchases before it, or fewer than "
                        f"{commitments.MIN_HISTORY} full years of purchases precede it.")
    grew = compare(p.historical, 0, ">", {"all": "grew", "none": "shrank"})
    head = say("Meeting the {f} targets from the {y} level of {lvl} needs growth of {g} a "
               "year (the growth report's definition: {lab}); purchases {w} {h} a year over "
               "{span}", f=words(span(p.first, p.last)), y=year(p.from_year),
               lvl=amount(p.from_level, c.unit, "money"), g=rate(p.required),
               lab=words(p.label.lower().replace(f"{p.first}-{p.last}",
                                                 span(p.first, p.last))),
               w=grew, h=rate(abs(p.historical)),
               span=words(span(p.history_first, p.history_last)))
    if p.historical > 0:
        return head + say(", so the targets need {r} times the historical pace.",
                          r=ratio(p.ratio))
    return head + Sentence(", so any growth at all is faster than the historical pace.")


def _catch_up(c: commitments.Commitment) -> Sentence:
    k = c.catch_up
    if k is None:
        if c.status.ended:
            return Sentence("The window has ended: no catch-up is left to compute (the "
                            "after-the-deal report asks what one would take now).")
        return Sentence("No full calendar year of the window is left after the last full "
                        "year of data, so no catch-up is computed.")
    plan, odds = k.plan, k.chance
    got = round(odds.probability * odds.draws)
    owed = (say("the targets plus {o} still owed from {y}", o=amount(k.owed, c.unit),
                y=words(span(int(terms.window(c.terms)[0][:4]), plan.from_year)))
            if k.owed > 0 else Sentence("the targets, nothing being owed from the years "
                                        "before"))
    grow = compare(plan.growth, 0, ">=", {"all": "growing", "none": "shrinking"})
    faster = (say("{w} of the {n} rolling {s}-year windows of that history grew as fast",
                  w=count(k.windows_as_fast), n=count(k.windows),
                  s=count(plan.start + plan.horizon - 1 - plan.from_year))
              if k.windows_as_fast else
              say("none of the {n} rolling {s}-year windows of that history grew as fast",
                  n=count(k.windows), s=count(plan.start + plan.horizon - 1 - plan.from_year)))
    return join([
        say("To meet the commitment by {end}, purchases in {span} would have to total {r} (",
            end=year(plan.start + plan.horizon - 1),
            span=words(span(plan.start, plan.start + plan.horizon - 1)),
            r=amount(plan.total_bn, c.unit)),
        owed,
        say("), {w} {g} a year from {y}'s {lvl}; ", w=grow, g=rate(abs(plan.growth)),
            y=year(plan.from_year), lvl=amount(plan.from_bn, c.unit, "money")),
        say("{k} of {n}", k=count(got), n=count(odds.draws)) if got else
        say("none of {n}", n=count(odds.draws)),
        say(" paths drawn from the annual growth of these purchases {h} ({b}-year blocks) got "
            "there, and ", h=words(span(k.history_first, k.history_last)), b=count(odds.block)),
        faster, Sentence(".")], "")


def _notes(c: commitments.Commitment) -> Sentence:
    what = " ".join(str(c.terms["measured_by"].get("what", "")).split())
    also = [say("Not measured: {t} ({y}).", t=words(a["term"]), y=words(a["why"]))
            for a in c.terms.get("also") or []]
    return join([say("Measured by: {w}.", w=words(what)), *also]) if what else join(also)


def section(rank: int, c: commitments.Commitment, proration: str) -> Section:
    """The sentences of one commitment's section."""
    return Section(c.name, _heading(rank, c), _terms(c), _status(c, proration), _pace(c),
                   _catch_up(c), _notes(c))


# ----------------------------------------------------------------------------- tables, chart


def _fulfilment(c: commitments.Commitment, proration: str) -> float:
    s = c.status
    return s.fulfilment if proration == "straight_line" else s.fulfilment_seasonal


def ranking(measured, proration: str) -> TableSpec:
    rows = []
    for i, c in enumerate(measured, 1):
        s = c.status
        target = s.target_straight if proration == "straight_line" else s.target_seasonal
        rows.append({"rank": i, "commitment": c.title, "through": month_words(s.last_month),
                     "purchases": amount(s.purchases, c.unit).shown,
                     "target": amount(target, c.unit).shown,
                     "fulfilment": _fulfilment(c, proration),
                     "window": amount(s.window_target, c.unit).shown})
    return TableSpec(pd.DataFrame(rows), title="Purchase commitments ranked by how far "
                     "purchases to date are from the target path",
                     subtitle=f"Purchases and target from the window's first month through "
                              f"the last month with data; {PATH_WORDS[proration]} path; "
                              f"furthest below first",
                     source="our computation from each commitment file's data",
                     formats={"fulfilment": "percent"},
                     labels={"fulfilment": "Purchases / target to date",
                             "target": "Target to date", "window": "Whole window's target"})


def _path_frame(c: commitments.Commitment) -> pd.DataFrame:
    bought = c.window_purchases().cumsum()
    return pd.DataFrame({"straight_line": c.path_straight.cumsum(),
                         "seasonal": c.path_seasonal.cumsum(),
                         "purchases": bought.reindex(c.path_straight.index)})


def _source_line(c: commitments.Commitment) -> str:
    return "; ".join(f"{s['title']} ({date_words(s['date'])})"
                     for s in c.terms["sources"].values())


def detail_chart(c: commitments.Commitment) -> ChartSpec:
    frame = _path_frame(c)
    s = c.status
    alt = say("Cumulative purchases from {a} through {b}, {p}, against the cumulative target "
              "paths of the window to {e}: {t} straight-line and {q} seasonal by then, {all} in "
              "all.", a=words(month_words(frame.index[0])), b=words(month_words(s.last_month)),
              p=amount(s.purchases, c.unit), e=words(month_words(frame.index[-1])),
              t=amount(s.target_straight, c.unit), q=amount(s.target_seasonal, c.unit),
              all=amount(s.window_target, c.unit))
    return ChartSpec("commitment_path", dict(
        path=frame, unit=c.unit, title=f"{c.title}: purchases against the target path",
        source=f"{_source_line(c)}; our computation"), alt)


def detail_table(c: commitments.Commitment) -> TableSpec:
    first, last = terms.window(c.terms)
    bought = c.window_purchases()
    rows = []
    for y, target in c.targets.items():
        months = [m for m in terms.months(first, last) if int(m[:4]) == y]
        have = [m for m in months if m in bought.index]
        rows.append({"year": int(y), "window_months": len(months), "target": float(target),
                     "months_with_data": len(have),
                     "purchases": float(bought.reindex(have).sum()) if have else None})
    frame = pd.DataFrame(rows)
    kind = "money" if c.unit == "US$ billions" else "ratio"
    return TableSpec(frame, title=f"{c.title}: targets and purchases by year",
                     subtitle=f"{c.unit}; the window's months in each year",
                     source=_source_line(c), missing="no data yet",
                     formats={"target": kind, "purchases": kind},
                     labels={"window_months": "Window months",
                             "months_with_data": "Months with data"})


def _detail(rank: int, n: int, c: commitments.Commitment) -> Sentence:
    """The chosen commitment against both paths, and where it ranks."""
    s = c.status
    return say("Ranked {r} of {n} on the chosen path. Against the straight-line path purchases "
               "to date are {f} of the target ({t}); against the seasonal path, which follows "
               "the partner's own months, {g} ({q}): {w}. The chart shows both paths "
               "and the purchases month by month; the table, each year of the window.",
               r=count(rank), n=count(n), f=share(s.fulfilment),
               t=amount(s.target_straight, c.unit), g=share(s.fulfilment_seasonal),
               q=amount(s.target_seasonal, c.unit), w=closer(s))


def closer(s: commitments.Status) -> Compare:
    """Whether the seasonal path leaves purchases nearer the target than the straight line:
    the distance from 100% fulfilment, |f - 1|, of each share as shown (to 0.1%)."""
    seasonal, straight = (round(abs(round(f, 3) - 1), 3)
                          for f in (s.fulfilment_seasonal, s.fulfilment))
    if seasonal == straight:
        return compare(seasonal, straight, "==",
                       {"all": "the same distance from the target as on the straight line",
                        "none": ""})
    return compare(seasonal, straight, "<", {"all": "closer to the target than the straight "
                                                    "line", "none": "further from the target "
                                                                    "than the straight line"})


def _fan(c: commitments.Commitment) -> tuple[ChartSpec, ...]:
    """The catch-up's fan of paths drawn from history, when a catch-up is left."""
    k = c.catch_up
    if k is None:
        return ()
    plan, odds = k.plan, k.chance
    shown = c.annual.loc[k.history_first:]
    alt = say("Annual purchases {a} to {b}, the fan of paths drawn from their growth to {e}, "
              "and the required purchases, {r} in all over {s}; {p} of the paths get there.",
              a=year(k.history_first), b=year(plan.from_year),
              e=year(plan.start + plan.horizon - 1),
              r=amount(plan.total_bn, c.unit),
              s=words(span(plan.start, plan.start + plan.horizon - 1)),
              p=share(odds.probability))
    return (ChartSpec("catch_up_fan_in_units", dict(
        history=shown, fan=odds.fan, required=plan.required, path=plan.path, unit=c.unit,
        title=f"{c.title}: the catch-up against paths drawn from history",
        source=f"{_source_line(c)}; our computation"), alt),)


# ----------------------------------------------------------------------------- the model


def _key_figures(c: commitments.Commitment, proration: str, measured) -> tuple[Cite, ...]:
    s = c.status
    out = [Cite(f"Purchases / target to date, {c.title} ({PATH_WORDS[proration]} path, "
                f"through {month_words(s.last_month)})", _fulfilment(c, proration), "share",
                share(_fulfilment(c, proration)).shown),
           Cite(f"Purchases to date, {c.title}", s.purchases, "total",
                amount(s.purchases, c.unit).shown)]
    if c.catch_up is not None:
        out.append(Cite(f"Growth a year needed to meet it by {terms.window(c.terms)[1][:4]}, "
                        f"{c.title}", c.catch_up.plan.growth, "rate",
                        rate(c.catch_up.plan.growth).shown))
    out.append(Cite(f"Commitments below their {PATH_WORDS[proration]} path to date (of "
                    f"{len(measured)})", sum(_fulfilment(m, proration) < 1 for m in measured),
                    "count", str(sum(_fulfilment(m, proration) < 1 for m in measured))))
    return tuple(out)


def _finding(measured, proration: str) -> Sentence:
    worst, best = measured[0], measured[-1]
    below = sum(_fulfilment(m, proration) < 1 for m in measured)
    return say("Of {n} purchase commitments, {b} are below their {path} target path to date; "
               "furthest below is {w} ({fw} of the path), closest to or above it {x} ({fx}).",
               n=count(len(measured)), b=count(below), path=words(PATH_WORDS[proration]),
               w=words(worst.title), fw=share(_fulfilment(worst, proration)),
               x=words(best.title), fx=share(_fulfilment(best, proration)))


def model(**parameters: Any) -> CommitmentsReport:
    """The commitments report for `parameters` (the notebook's parameters cell)."""
    v = model_values("commitments", DEFAULTS, parameters, CHOICES, rules.problems)
    proration = v["proration"]
    measured = tuple(sorted(commitments.ranked(),
                            key=lambda c: (_fulfilment(c, proration), c.name)))
    chosen = next(c for c in measured if c.name == v["commitment"])
    parts = [p for i, c in enumerate(measured, 1) for p in section(i, c, proration).parts()]
    mine = section(measured.index(chosen) + 1, chosen, proration)
    finding = _finding(measured, proration)
    title = (f"Purchase commitments against their paths: {len(measured)} pledges, "
             f"{chosen.title} in detail")
    sources = {s["url"]: s for c in measured for s in c.terms["sources"].values()}
    return CommitmentsReport(
        parameters=v, title=title, measured=measured, chosen=chosen,
        key_figures=_key_figures(chosen, proration, measured), finding=finding,
        lead=join([Sentence(f"**{title}**"), finding], "\n\n"),
        ranking_table=ranking(measured, proration), sections=tuple(parts),
        detail_heading=say("### In detail: {t}", t=words(chosen.title)),
        detail=_detail(measured.index(chosen) + 1, len(measured), chosen),
        detail_charts=(detail_chart(chosen), *_fan(chosen)), detail_table=detail_table(chosen),
        detail_also=mine.notes,
        sources_list=Sentence("\n".join(f"- {s['title']} ({date_words(s['date'])}): <{url}>"
                                        for url, s in sources.items())),
    )
