"""The tariff report: parameters in, every number, table, chart and sentence out.

Average tariffs of the US on China and of China on the US by date from the schedules in the
data (`phaseone.tariffs`), for the goods and weights chosen, with gaps where the data hold no
schedule; Bown's published averages beside ours (fixed: all goods, 2017 trade); China's
tariffs beside the purchases of covered goods, by year and by what China did to each line.
Rates percent; trade US$ billions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from phaseone import tariffs
from phaseone.data import load, package
from phaseone.parameters import model_values
from phaseone.present.statements import (
    ChartSpec,
    Cite,
    Sentence,
    TableSpec,
    compare,
    count,
    day,
    join,
    money,
    say,
    words,
    year,
)
from phaseone.present.text import cited, date_words, plain, publishers
from phaseone.reports.tariffs import rules
from phaseone.vocabulary import BASE_YEAR

DEFAULTS: dict[str, Any] = dict(weights="trade_2017", goods="all", first_date="2018-01-01",
                                last_date="2026-08-31")
CHOICES = dict(weights=tariffs.WEIGHTS, goods=tariffs.GOODS)
DIRECTIONS = tariffs.DIRECTIONS
GOODS_TEXT = {"all": "all goods", "covered": "the goods Annex 6.1 covers",
              "manufactured_goods": "covered manufactured goods",
              "agriculture": "covered agricultural goods", "energy": "covered energy goods",
              "soybeans": "soybeans (HS 1201)"}
WHO = {"us_on_china": "the US average tariff on goods from China",
       "china_on_us": "China's average tariff on US goods"}
SHORT = {"us_on_china": "US on China", "china_on_us": "China on the US"}
GOODS_LABELS = {"all": "All goods", "covered": "Covered", "manufactured_goods": "Manufactured",
                "agriculture": "Agriculture", "energy": "Energy", "soybeans": "Soybeans"}
FLOW_TEXT = {"us_imports": "US imports from China by HS6",
             "us_exports": "US exports to China by HS6, a mirror of China's imports",
             "china_imports": "China's own imports from the US by HS6"}
SOY_DATES = ("2018-07-06", "2019-12-26", "2025-04-12", "2025-11-10")  # soybean rates shown
BUSAN = ("2025-05-14", "2025-11-10")  # China's schedule dates before and after Busan
FIXED = "trade_2017"  # the weights of the comparison with Bown's published averages


def pct(value: float, digits: int = 1) -> Cite:
    """A tariff in percent: 21.04 -> '21.0%'."""
    return Cite("", float(value), "rate", f"{value:,.{digits}f}%")


def points(value: float) -> Cite:
    return Cite("", float(value), "rate", f"{value:,.1f} points")


def times(value: float) -> Cite:
    return Cite("", float(value), "ratio", f"{value:,.2f} times")


def _dated(frame: pd.DataFrame, column: str = "date") -> pd.DataFrame:
    """A table's date column as text a reader reads ('6 Jul 2018')."""
    return frame.assign(**{column: frame[column].map(lambda d: date_words(d, short=True))})


@dataclass(frozen=True)
class Track:
    """One direction's averages in the date range: the steps of each schedule shown."""

    direction: str
    lines: tuple[dict, ...]  # direction, schedule, kind, label, dashed, steps
    points: pd.DataFrame  # date, rate_pct, since (the step's own start), schedule, kind
    first: str  # the range chosen (YYYY-MM-DD)
    last: str

    @property
    def covered(self) -> tuple[str, str]:
        """The first and last dates in the range that a schedule of the goods covers."""
        return (min(line["steps"]["start"].min() for line in self.lines),
                max(line["steps"]["end"].max() for line in self.lines))

    @property
    def scoped(self) -> bool:
        """True when the goods' schedules cover less of the range than the direction's
        schedules of all goods do (e.g. no US schedule by HS6 after 2020)."""
        spans = [(max(a, self.first), min(b, self.last))
                 for a, b in (tariffs.span(s.name) for s in tariffs.SCHEDULES[self.direction])
                 if b >= self.first and a <= self.last]
        a, b = self.covered
        return a > min(x for x, _ in spans) or b < max(y for _, y in spans)

    @property
    def empty(self) -> bool:
        return self.points.empty


@dataclass(frozen=True)
class TariffReport:
    """Everything the tariff report shows: numbers, and the words built from them."""

    parameters: dict[str, Any]
    title: str
    goods_text: str
    weights_text: str
    paths: dict[str, Track]
    reproduction: pd.DataFrame
    beside: pd.DataFrame  # year, purchases_bn, tariff_pct
    groups: pd.DataFrame
    busan: pd.DataFrame
    sources: list[str]
    key_figures: tuple[Cite, ...]
    finding: Sentence
    lead: Sentence
    summary: Sentence
    series_note: Sentence  # which series is which, and the gaps
    weights_note: Sentence
    inputs_note: Sentence
    chart: ChartSpec
    events_table: TableSpec
    averages_table: TableSpec
    goods_table: TableSpec
    reproduction_text: Sentence
    reproduction_table: TableSpec
    beside_text: Sentence
    beside_chart: ChartSpec
    beside_table: TableSpec
    groups_text: Sentence
    groups_table: TableSpec
    busan_text: Sentence
    caveat: Sentence
    soybean_text: Sentence
    sources_list: Sentence


# ----------------------------------------------------------------------------- numbers


def path(direction: str, weights: str, goods: str, first: str, last: str) -> Track:
    """`direction`'s averages on `goods` as steps clipped to first..last, by schedule."""
    avg = tariffs.averages(direction, weights, goods)
    lines, shown = [], []
    for s in tariffs.SCHEDULES[direction]:
        part = avg[avg["schedule"].eq(s.name)]
        if part.empty:
            continue
        st = tariffs.steps(part, first, last)
        if st.empty:
            continue
        st = st.assign(since=st["start"], start=st["start"].clip(lower=first),
                       end=st["end"].clip(upper=last))
        lines.append(dict(direction=direction, schedule=s.name, kind=s.kind,
                          dashed=s.kind == "model",
                          label=f"{SHORT[direction]}: {tariffs.span(s.name)[0][:4]}-"
                                f"{tariffs.span(s.name)[1][:4]}"
                                f"{' (model-based, all goods)' if s.kind == 'model' else ''}",
                          steps=st.reset_index(drop=True)))
        cover = part.set_index("date")["coverage"]
        shown.append(pd.DataFrame({"date": st["start"], "rate_pct": st["rate_pct"],
                                   "since": st["since"], "schedule": s.name, "kind": s.kind,
                                   "coverage": cover.reindex(st["start"]).to_numpy()}))
    points_ = (pd.concat(shown, ignore_index=True) if shown
               else pd.DataFrame(columns=["date", "rate_pct", "since", "schedule", "kind",
                                          "coverage"]))
    return Track(direction, tuple(lines), points_, first, last)


@cache
def reproduction() -> pd.DataFrame:
    """Bown's published averages beside ours (all goods, 2017 trade), with the US Section 301
    steps since his 2018-07-05 level."""
    pub = load("tariff_published_averages")
    pub = pub[pub["goods"].eq("all")]
    rows = []
    for r in pub.itertuples():
        ours = tariffs.tariff_in_force(r.direction, ["all"], r.date, FIXED)
        rows.append(dict(direction=r.direction, date=r.date, what=r.what,
                         published_pct=r.rate_pct, ours_pct=ours.rate_pct,
                         schedule_date=ours.as_of))
    out = pd.DataFrame(rows)
    out["difference_pp"] = out["ours_pct"] - out["published_pct"]
    us = out["direction"].eq("us_on_china")
    base = out[us & out["date"].eq("2018-07-05")].iloc[0]
    step_dates = us & out["date"].gt(base["date"])
    out.loc[step_dates, "step_published_pp"] = out["published_pct"] - base["published_pct"]
    out.loc[step_dates, "step_ours_pp"] = out["ours_pct"] - base["ours_pct"]
    return out


@cache
def covered_purchases() -> pd.Series:
    """Purchases of covered goods by year (US exports to China, civil aircraft included)."""
    return load("covered_goods_annual").groupby("year")["value_bn"].sum()


def beside(weights: str) -> pd.DataFrame:
    """Covered goods' purchases by year beside China's average tariff on them (NaN: no
    schedule covers the year)."""
    bought = covered_purchases().loc[BASE_YEAR:]
    rate = tariffs.annual("china_on_us", weights, "covered")
    return pd.DataFrame({"year": bought.index, "purchases_bn": bought.values,
                         "tariff_pct": rate.reindex(bought.index).values})


# ----------------------------------------------------------------------------- words


def _extremes(p: Track) -> tuple[pd.Series, pd.Series, pd.Series]:
    pts = p.points.reset_index(drop=True)
    return pts.iloc[0], pts.loc[pts["rate_pct"].idxmax()], pts.iloc[-1]


MODEL_TEXT = "the model-based all-goods estimate, on its own 2024 import weights"


def _model(point: pd.Series) -> str:
    return f" ({MODEL_TEXT})" if point["kind"] == "model" else ""


def _scope(p: Track) -> Sentence:
    """'' when the goods' schedules cover what all goods' do, else the dates they cover."""
    if not p.scoped:
        return Sentence("")
    a, b = p.covered
    return say(" (over {a} to {b} only, the dates of the range with a schedule of these goods)",
               a=day(a), b=day(b))


def _direction_sentence(p: Track, goods_text: str) -> Sentence:
    """Where one direction's average went over the range, or that the data hold none."""
    if p.empty:
        return say("The data hold no schedule of {who} on {goods} in the range chosen.",
                   who=words(WHO[p.direction]), goods=words(goods_text))
    first, peak, last = _extremes(p)
    who = say("{Who}", Who=words(WHO[p.direction][:1].upper() + WHO[p.direction][1:]))
    who = who + _scope(p)
    end = Sentence(_model(last) + ".")
    if p.points["rate_pct"].nunique() == 1:
        held = (say(", in force since {s}", s=day(first["since"]))
                if first["since"] < first["date"] else Sentence(""))
        a, b = p.covered
        if a == b:
            return who + say(" was {r} on {a}", r=pct(first["rate_pct"]), a=day(a)) + held + end
        return who + say(" stood at {r} throughout, {a} to {b}", r=pct(first["rate_pct"]),
                         a=day(a), b=day(b)) + held + end
    return who + say(" was {a} on {da}, peaked at {p} on {dp}{mp} and was {z} on {dz}",
                     a=pct(first["rate_pct"]), da=day(first["date"]), p=pct(peak["rate_pct"]),
                     dp=day(peak["date"]), z=pct(last["rate_pct"]), dz=day(last["date"]),
                     mp=words(_model(peak) if peak["kind"] != last["kind"] else "")) + end


def _finding(paths: dict[str, Track], goods_text: str, weights_text: str) -> Sentence:
    intro = say("On {goods}, {w}: ", goods=words(goods_text), w=words(weights_text))
    return join([intro + _direction_sentence(paths["china_on_us"], goods_text),
                 _direction_sentence(paths["us_on_china"], goods_text)])


def _series_note(v) -> Sentence:
    parts = []
    for d in DIRECTIONS:
        for s in tariffs.SCHEDULES[d]:
            a, b = tariffs.span(s.name)
            parts.append(say("- {who}, {a} to {b}: {label}.", who=words(SHORT[d]), a=day(a),
                             b=day(b), label=words(s.label)))
    gaps = [say("- {who}: no schedule in the data between {a} and {b}; the chart leaves the "
                "gap empty.", who=words(SHORT[d]), a=day(a), b=day(b))
            for d in DIRECTIONS for a, b in tariffs.gaps(d)]
    model = ([] if v["goods"] == "all" else [say(
        "- The model-based US tariff since 2025 is for all goods only: for {goods}, the US side "
        "after 2020 is empty.", goods=words(GOODS_TEXT[v["goods"]]))])
    return join([Sentence("Which series is which:\n"), *parts, *gaps, *model, _fentanyl_note()],
                "\n")


FENTANYL = ("2025-02-04", "2025-03-04")  # the US fentanyl tariff: 10% from, raised to 20% on


def _fentanyl_note() -> Sentence:
    """The model-based series' measures since 2025 from their first date: the fentanyl
    tariff's step on 4 March 2025 is not in them."""
    rows = load("tariff_schedules").query("schedule == 'twt_effective' and layer == 'since_2025'")
    rows = rows.sort_values("date")
    start, step = FENTANYL
    first = rows[rows["date"].eq(start)]["rate_pct"].iloc[0]
    nxt = rows[rows["date"].gt(start)].iloc[0]
    number = _events(start, start)["number"].iloc[0]
    return say("- The model-based US series puts the measures since 2025 at {r} from {a}, as on "
               "its next date, {b}: it does not show the fentanyl tariff's step from 10% to 20% "
               "on {s} (event {n}), so before {s} it counts the later 20%.",
               r=points(first), a=day(start), b=day(nxt["date"]), s=day(step), n=count(number))


def _weights_note(v) -> Sentence:
    """Whose trade weights each direction, in which year (or none: a simple average)."""
    if v["weights"] == "simple":
        return Sentence("Every HS6 line counts alike (a simple average); the model-based US "
                        "series keeps its own 2024 import weights.")
    parts = [say("{who}: {y} {flow}", who=words(SHORT[d]),
                 flow=words(FLOW_TEXT[tariffs.FLOWS[d, v["weights"]]]),
                 y=year(tariffs.weight_year(d, v["weights"]))) for d in DIRECTIONS]
    return (Sentence("Weights: ") + join(parts, "; ")
            + Sentence(" (lines without trade that year count for nothing; the model-based US "
                       "series keeps its own 2024 import weights)."))


def _inputs_note() -> Sentence:
    rows = []
    for d in DIRECTIONS:
        for s in tariffs.SCHEDULES[d]:
            q = tariffs.quality(s.name)
            if q != "official":
                rows.append(say("- {label}: **{q}** ({src})", label=words(s.label),
                                q=words(q), src=words(plain(tariffs.source(s.name)))))
    return join([Sentence("Inputs that are not official statistics:\n"), *rows], "\n")


def _reproduction_text(rep: pd.DataFrame) -> Sentence:
    china = rep[rep["direction"].eq("china_on_us") & rep["ours_pct"].notna()]
    missing = rep[rep["ours_pct"].isna()]
    us = rep[rep["direction"].eq("us_on_china")]
    steps = us.dropna(subset=["step_ours_pp"])
    step_gap = (steps["step_ours_pp"] - steps["step_published_pp"]).abs().max()
    text = say("At Bown's {n} dates with a Chinese schedule in the data, our average of China's "
               "tariffs (2017 US exports to China by HS6 as weights, a mirror of China's "
               "imports) is within {c} of his published ones. Our US levels are {lo} to {hi} "
               "above his: the US schedule's base before the trade war is {ours} against his "
               "{his}, and it holds no Section 201 or 232 action; its Section 301 steps since "
               "{base} are within {s} of his.", n=count(len(china)),
               c=points(china["difference_pp"].abs().max()),
               lo=points(us["difference_pp"].min()), hi=points(us["difference_pp"].max()),
               ours=pct(us["ours_pct"].iloc[0]), his=pct(us["published_pct"].iloc[0]),
               base=day("2018-07-05"), s=points(step_gap))
    if len(missing):
        text = text + " " + say("His averages of {dates} have no schedule in the data to "
                                "compare with.", dates=words(", ".join(map(date_words,
                                                                           missing["date"]))))
    return text


def _beside_text(frame: pd.DataFrame, weights_text: str) -> Sentence:
    known = frame.dropna(subset=["tariff_pct"])
    each = [say("{y}: {t} on purchases of {b}", y=year(r.year), t=pct(r.tariff_pct),
                b=money(r.purchases_bn, "money")) for r in known.itertuples()]
    none = frame[frame["tariff_pct"].isna()]["year"]
    gap = [y for y in none if known["year"].min() < y < known["year"].max()]
    text = say("China's average tariff on the covered goods ({w}) by year, beside their "
               "purchases: ", w=words(weights_text)) + join(each, "; ") + "."
    if gap:
        text = text + " " + say("No Chinese schedule in the data covers {a}-{b}, the "
                                "agreement's years included.", a=year(min(gap)),
                                b=year(max(gap)))
    return text


def _groups_text(g: pd.DataFrame) -> Sentence:
    row = g.set_index("group")
    cut, kept, none = (row.loc[k] for k in tariffs.GROUPS)
    return say(
        "Of {n} covered HS6 lines, China raised its tariff by {raised} points or more on "
        "{k} and kept it up through 2019, and cut or suspended it again by {cutpp} points or "
        "more on {c} (its 2017-weighted average on them fell from a peak of {cpeak} to "
        "{clast}). US exports of the goods whose retaliation was cut averaged {rc} their 2017 "
        "level in 2020-21, {cmp} the {rk} of the goods whose retaliation China kept and the "
        "{rn} of the {nn} lines it never retaliated against.",
        n=count(int(g["lines"].sum())), raised=Cite("", tariffs.RAISED_PP, "count",
                                                    f"{tariffs.RAISED_PP:.0f}"),
        k=count(int(kept["lines"])), cutpp=Cite("", tariffs.CUT_PP, "count",
                                                f"{tariffs.CUT_PP:.0f}"),
        c=count(int(cut["lines"])), cpeak=pct(cut["peak_pct"]), clast=pct(cut["last_pct"]),
        rc=times(cut["ratio_2020_21"]), rk=times(kept["ratio_2020_21"]),
        rn=times(none["ratio_2020_21"]), nn=count(int(none["lines"])),
        cmp=compare([cut["ratio_2020_21"]] * 2, [kept["ratio_2020_21"], none["ratio_2020_21"]],
                    "<",
                    {"all": "below", "none": "above", "some": "between"}))


def _busan_text(cut: pd.DataFrame) -> Sentence:
    before, after = BUSAN
    if cut.empty:
        return say("China's schedule cut no covered line between {a} and {b}.", a=day(before),
                   b=day(after))
    return say("After the Busan meeting China's schedule cut its tariff on {n} covered lines "
               "between {a} and {b}, by {pp} on average, lines of which China imported {bn} "
               "from the US in 2024. US exports by HS6 after 2025 are not in the data, so what "
               "the cut did to purchases cannot be seen yet.", n=count(len(cut)),
               a=day(before), b=day(after),
               pp=points((cut["before_pct"] - cut["after_pct"]).mean()),
               bn=money(cut["trade_bn"].sum(), "money"))


def _caveat() -> Sentence:
    chapter, share = tariffs.top_chapter("cut")
    return say(
        "What the data can and cannot show: these are correlations across years and goods, "
        "not an estimated effect of tariffs on purchases. The goods China cut or kept differ "
        "in what they are (HS chapter {ch} made {sh} of the cut lines' 2017 exports), demand "
        "and supply moved for other reasons (the pandemic, prices, production in China), "
        "China's schedule ends on {end}, before the agreement, and China's exclusion process "
        "of February 2020, under which importers could apply to buy goods without the "
        "retaliatory tariff (PIIE), is not in the data.", ch=words(chapter),
        sh=Cite("", share, "share", f"{share * 100:.0f}%"), end=day(tariffs.span("twt_china")[1]))


def _soybean_text(weights: str) -> Sentence:
    found = [tariffs.tariff_in_force("china_on_us", [tariffs.SOYBEANS], d, weights)
             for d in SOY_DATES]
    each = [say("{r} on {d}", r=pct(f.rate_pct), d=day(f.as_of)) for f in found if not f.gap]
    pub = load("tariff_published_averages")
    press = pub[pub["goods"].eq("soybeans")].iloc[0]
    after = found[-1]
    return (Sentence("China's tariff on US soybeans (HS 1201) in its schedules: ")
            + join(each, ", ") + ". "
            + say("The press put the rate after Busan at about {p}, {cmp} the WTO schedule's "
                  "{w} on {d}; the data here do not say which layers make the difference.",
                  p=pct(press["rate_pct"], 0), w=pct(after.rate_pct),
                  d=day(after.as_of),
                  cmp=compare(press["rate_pct"], after.rate_pct, "<",
                              {"all": "below", "none": "not below"})))


# ----------------------------------------------------------------------------- charts, tables


def _events(first: str, last: str) -> pd.DataFrame:
    ev = load("tariff_events").reset_index(drop=True)
    ev = ev.assign(number=range(1, len(ev) + 1))
    return ev[(ev["date"] >= first) & (ev["date"] <= last)]


def _marked(n: int) -> Sentence:
    """'with 3 events marked', 'with 1 event marked' or 'with no event marked'."""
    if n == 0:
        return Sentence("with no event marked")
    return say("with {n} " + ("event" if n == 1 else "events") + " marked", n=count(n))


def _chart(v, paths, events, source) -> ChartSpec:
    lines = [line for d in DIRECTIONS for line in paths[d].lines]
    said = [_direction_sentence(paths[d], GOODS_TEXT[v["goods"]]) for d in DIRECTIONS]
    alt = join([say("Stepped lines of the average tariffs of each side on the other's goods, "
                    "{a} to {b}, {goods}, {w}, ", a=day(v["first_date"]),
                    b=day(v["last_date"]), goods=words(GOODS_TEXT[v["goods"]]),
                    w=words(tariffs.WEIGHT_TEXT[v["weights"]]))
                + _marked(len(events)) + Sentence(":"), *said])
    return ChartSpec("tariff_steps", dict(
        lines=lines, events=list(zip(events["number"], events["date"], strict=True)),
        first=v["first_date"], last=v["last_date"], source=source,
        title=f"US and Chinese average tariffs on each other's goods, {GOODS_TEXT[v['goods']]}"),
        alt)


def _averages_table(v, paths, source) -> TableSpec:
    frames = [p.points.assign(direction=SHORT[d]) for d, p in paths.items() if not p.empty]
    shown = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=["date", "rate_pct", "schedule", "kind", "direction",
                                        "coverage"]))
    shown = shown.sort_values(["direction", "date"]).assign(
        rate=lambda f: f["rate_pct"].astype(float) / 100,
        coverage=lambda f: f["coverage"].astype(float))[
        ["direction", "date", "rate", "schedule", "kind", "coverage"]]
    return TableSpec(_dated(shown.reset_index(drop=True)),
                     title=f"Average tariffs by date, {GOODS_TEXT[v['goods']]}",
                     subtitle=f"{tariffs.WEIGHT_TEXT[v['weights']]}; each rate holds from its "
                              f"date until the next; model: the model-based US estimate; "
                              f"weight rated: the share of the goods' trade whose HS6 lines the "
                              f"schedule rates",
                     source=source, formats={"rate": "percent", "coverage": "percent"},
                     labels={"rate": "Average tariff", "kind": "Series",
                             "coverage": "Weight rated"}, missing="")


def _goods_table(v, source) -> TableSpec:
    """Every goods group's average at each schedule date in the range, both directions."""
    long = tariffs.table(v["weights"])
    long = long[(long["date"] >= v["first_date"]) & (long["date"] <= v["last_date"])]
    wide = long.pivot_table(index=["direction", "date", "schedule"], columns="goods",
                            values="rate_pct", aggfunc="first").reindex(
        columns=list(tariffs.GOODS)) / 100
    wide = wide.reset_index().sort_values(["direction", "date"])
    wide = wide.assign(direction=wide["direction"].map(SHORT))
    wide.columns.name = None
    return TableSpec(
        _dated(wide.reset_index(drop=True)),
        title="Average tariffs by goods at each schedule date",
        subtitle=f"{tariffs.WEIGHT_TEXT[v['weights']]}; covered: Annex 6.1 goods, by sector; "
                 f"the model-based US estimate has all goods only",
        source=source, formats={g: "percent" for g in tariffs.GOODS},
        labels=GOODS_LABELS, missing="")


def _reproduction_table(rep) -> TableSpec:
    shown = rep.assign(**{c: rep[c] / 100 for c in ("published_pct", "ours_pct")},
                       **{c: rep[c] / 100 for c in ("difference_pp", "step_published_pp",
                                                    "step_ours_pp")})
    shown = shown.assign(direction=shown["direction"].map(SHORT))
    return TableSpec(
        _dated(shown[["direction", "date", "what", "published_pct", "ours_pct", "difference_pp",
                      "step_published_pp", "step_ours_pp"]]),
        title="Bown's published averages against ours",
        subtitle="All goods, 2017 trade weights, whatever the parameters; US steps: Section 301 "
                 "increases since 2018-07-05",
        source="PIIE (Bown); our computation",
        formats={"published_pct": "percent", "ours_pct": "percent", "difference_pp": "points",
                 "step_published_pp": "points", "step_ours_pp": "points"},
        labels={"published_pct": "Bown", "ours_pct": "Ours", "difference_pp": "Difference",
                "step_published_pp": "US step, Bown", "step_ours_pp": "US step, ours"},
        missing="")


def _beside_chart(frame, weights_text, source) -> ChartSpec:
    alt = say("Purchases of covered goods by year (bars) and China's average tariff on them, "
              "{w} (points, only in years a schedule covers): ", w=words(weights_text)) + \
        _beside_text(frame, weights_text)
    return ChartSpec("tariff_beside_purchases", dict(
        frame=frame, source=source,
        title="Covered goods: purchases and China's average tariff on them"), alt)


def _groups_table(g, source) -> TableSpec:
    first, last = tariffs.span("twt_china")
    years = [str(y) for y in tariffs.PURCHASE_YEARS]
    shown = g.assign(group=g["group"].map(tariffs.GROUP_TEXT),
                     **{c: g[c] / 100 for c in ("first_pct", "peak_pct", "last_pct")})
    return TableSpec(
        shown[["group", "lines", "first_pct", "peak_pct", "last_pct", *years, "ratio_2020_21"]],
        title="Covered goods by what China did to their tariffs in 2018-2019, and their "
              "purchases",
        subtitle="HS6 lines; tariffs weighted by 2017 US exports to China; purchases US$ "
                 "billions (US exports to China by HS6, civil aircraft apart)",
        source=source,
        formats={"first_pct": "percent", "peak_pct": "percent", "last_pct": "percent",
                 "ratio_2020_21": "ratio", **{y: "money" for y in years}},
        labels={"first_pct": f"Tariff {date_words(first, True)}", "peak_pct": "Peak",
                "last_pct": f"Tariff {date_words(last, True)}",
                "ratio_2020_21": "2020-21 a year / 2017"})


def _basis(point: pd.Series, where: str) -> str:
    """What a key figure's rate averages: the chosen goods and weights, or the model's own."""
    return MODEL_TEXT if point["kind"] == "model" else where


def _key_figures(v, paths, rep) -> tuple[Cite, ...]:
    where = f"{GOODS_TEXT[v['goods']]}; {tariffs.WEIGHT_TEXT[v['weights']]}"
    out = []
    for d in ("china_on_us", "us_on_china"):
        p = paths[d]
        if p.empty:
            continue
        _, peak, last = _extremes(p)
        scope = (f"; {date_words(p.covered[0])} to {date_words(p.covered[1])} only, the dates "
                 f"with a schedule of these goods" if p.scoped else "")
        if p.points["rate_pct"].nunique() == 1:
            a, b = p.covered
            span = (f"on {date_words(a)}" if a == b
                    else f"{date_words(a)} to {date_words(b)}, unchanged")
            out.append(Cite(f"{WHO[d][:1].upper() + WHO[d][1:]}, {span} "
                            f"({_basis(last, where)}{scope})",
                            float(last["rate_pct"]), "rate", pct(last["rate_pct"]).shown))
            continue
        out += [Cite(f"{WHO[d][:1].upper() + WHO[d][1:]}, peak on {date_words(peak['date'])} "
                     f"({_basis(peak, where)}{scope})", float(peak["rate_pct"]), "rate",
                     pct(peak["rate_pct"]).shown),
                Cite(f"{WHO[d][:1].upper() + WHO[d][1:]} on {date_words(last['date'])} "
                     f"({_basis(last, where)}{scope})",
                     float(last["rate_pct"]), "rate", pct(last["rate_pct"]).shown)]
    china = rep[rep["direction"].eq("china_on_us")]["difference_pp"].abs().max()
    out.append(Cite("Largest gap to Bown's published averages of China's tariffs (all goods, "
                    "2017 trade)", float(china), "rate", points(china).shown))
    return tuple(out)


def title(v) -> str:
    return (f"Tariffs beside purchases: US and Chinese tariffs on each other's goods, "
            f"{date_words(v['first_date'])} to {date_words(v['last_date'])}, "
            f"{GOODS_TEXT[v['goods']]}, "
            f"{tariffs.WEIGHT_TEXT[v['weights']]}")


def _sources() -> list[str]:
    """The schedules' and weights' sources in full (as the data package names them), then the
    events', the published averages' and the purchases' sources."""
    full = [f"{s['title']}" for name in ("tariff_schedules", "tariff_weights")
            for s in package.resource(name)["sources"]]
    rows = [*load("tariff_published_averages")["source"], *load("tariff_events")["source"],
            *load("covered_goods_annual")["source"]]
    return list(dict.fromkeys([*full, *rows]))


def _linked(source: str) -> str:
    """A source text as Markdown: linked to its own page where the tariff events give one,
    else `cited` by its publisher, except PIIE's, whose publisher page is its purchases
    tracker and not these tariff pieces (then unlinked)."""
    ev = load("tariff_events")
    urls = dict(zip(ev["source"], ev["url"], strict=True))
    if source in urls:
        return f"[{plain(source)}]({urls[source]})"
    return plain(source) if source.split(",")[0].strip() == "PIIE" else cited(source)


def _summary(v, paths) -> Sentence:
    return join([_series_note_short(paths), say(
        "The averages are {w}; the goods shown are {goods}.",
        w=words(tariffs.WEIGHT_TEXT[v["weights"]]), goods=words(GOODS_TEXT[v["goods"]]))])


def _series_note_short(paths) -> Sentence:
    shown = [p for p in paths.values() if not p.empty]
    n = sum(len(p.lines) for p in shown)
    return say("The chart draws {n} " + ("schedule" if n == 1 else "schedules")
               + " as steps, each holding from its date until the "
               "next, and leaves empty the years in which the data hold no schedule.",
               n=count(n))


# ----------------------------------------------------------------------------- the model


def model(**parameters: Any) -> TariffReport:
    """The tariff report for `parameters` (the notebook's parameters cell)."""
    v = model_values("tariffs", DEFAULTS, parameters, CHOICES, rules.problems)
    goods_text, weights_text = GOODS_TEXT[v["goods"]], tariffs.WEIGHT_TEXT[v["weights"]]
    paths = {d: path(d, v["weights"], v["goods"], v["first_date"], v["last_date"])
             for d in DIRECTIONS}
    rep = reproduction()
    side = beside(v["weights"])
    groups = tariffs.purchases_by_group("covered")
    busan = tariffs.cut_between("wto_china", *BUSAN)
    events = _events(v["first_date"], v["last_date"])
    sources = _sources()
    source = publishers(sources)
    chart_source = "; ".join(dict.fromkeys(s.split(":")[0].split(",")[0] for s in sources))
    finding = _finding(paths, goods_text, weights_text)
    the_title = title(v)
    ev_table = events[["number", "date", "event", "source"]].assign(
        source=events["source"].map(plain))
    return TariffReport(
        parameters=v, title=the_title, goods_text=goods_text, weights_text=weights_text,
        paths=paths, reproduction=rep, beside=side, groups=groups, busan=busan,
        sources=sources, key_figures=_key_figures(v, paths, rep), finding=finding,
        lead=join([Sentence(f"**{the_title}**"), finding], "\n\n"),
        summary=_summary(v, paths), series_note=_series_note(v), weights_note=_weights_note(v),
        inputs_note=_inputs_note(),
        chart=_chart(v, paths, events, chart_source),
        events_table=TableSpec(_dated(ev_table.reset_index(drop=True)),
                               title="Events marked on the chart",
                               subtitle="Numbered as on the chart; dates as their sources give "
                                        "them", source=publishers(events["source"])),
        averages_table=_averages_table(v, paths, source),
        goods_table=_goods_table(v, source),
        reproduction_text=_reproduction_text(rep),
        reproduction_table=_reproduction_table(rep),
        beside_text=_beside_text(side, weights_text),
        beside_chart=_beside_chart(side, weights_text, chart_source),
        beside_table=TableSpec(
            side.assign(tariff=side["tariff_pct"] / 100)[["year", "purchases_bn", "tariff"]],
            title="Covered goods: purchases and China's average tariff on them, by year",
            subtitle=f"US$ billions; tariff {weights_text}, averaged over the days of the "
                     f"year", source=source, formats={"purchases_bn": "money",
                                                     "tariff": "percent"},
            labels={"purchases_bn": "Purchases", "tariff": "China's average tariff"},
            missing="no schedule"),
        groups_text=_groups_text(groups),
        groups_table=_groups_table(groups, source),
        busan_text=_busan_text(busan),
        caveat=_caveat(),
        soybean_text=_soybean_text(v["weights"]),
        sources_list=Sentence("\n".join(f"- {_linked(s)}" for s in sources)),
    )


# ----------------------------------------------------------------------------- for other reports

WHOSE = {"china_on_us": "China's", "us_on_china": "the US"}


def in_force(direction: str, hs_codes, date: str, what: str, weights: str = "trade_latest"
             ) -> Sentence:
    """One sentence for another report citing the tariff in force on `date` on `what` (the
    goods of `hs_codes`, as `tariffs.tariff_in_force` reads them): the rate and the schedule it
    comes from, or, where the data hold no schedule for the date, the latest one before it,
    said as such."""
    f = tariffs.tariff_in_force(direction, hs_codes, date, weights)
    whose = WHOSE[direction]
    w = words(tariffs.WEIGHT_TEXT[weights])
    if not f.gap:
        return say("{Whose} tariff on {what} in force on {d} was {r} on average ({w}; its "
                   "schedule of {a}, {src}).", Whose=words(whose[:1].upper() + whose[1:]),
                   what=words(what), d=day(date), r=pct(f.rate_pct), w=w, a=day(f.as_of),
                   src=words(plain(f.source)))
    if f.latest_date is None:
        return say("No tariff schedule of {whose} in the data covers {d}.", whose=words(whose),
                   d=day(date))
    latest = say("No tariff schedule of {whose} in the data covers {d}; the latest before it, "
                 "of {a}, put its tariff on {what} at {r} on average ({w}).", whose=words(whose),
                 d=day(date), a=day(f.latest_date), what=words(what), r=pct(f.latest_pct), w=w)
    return join([latest, *_missed(direction, f.latest_date, date, f.latest_pct)])


def _missed(direction: str, after: str, through: str, rate_pct: float) -> list[Sentence]:
    """A sentence per tariff event of `direction` after the schedule of `after` up to
    `through`: a change the schedule data lack, so `rate_pct` is not the rate in force since."""
    ev = _events(after, through)
    ev = ev[(ev["date"] > after) & ev["direction"].isin([direction, "both"])]
    return [say("The schedule data lack a later change, so {r} is not the rate in force from "
                "{d} on: {e} ({src}).", d=day(e.date), e=words(e.event),
                src=words(plain(e.source)), r=pct(rate_pct)) for e in ev.itertuples()]


def held_since(direction: str, hs_codes, date: str, weights: str = "trade_latest") -> str:
    """The first schedule date (YYYY-MM-DD) from which the rate in force on `date` on
    `hs_codes` held unchanged through `date`, within the schedule in force on it."""
    found = tariffs.tariff_in_force(direction, hs_codes, date, weights)
    since = found.as_of
    for d in sorted((str(c) for c in tariffs.levels(found.schedule).columns
                     if str(c) < found.as_of), reverse=True):
        if round(tariffs.tariff_in_force(direction, hs_codes, d, weights).rate_pct, 6) != round(
                found.rate_pct, 6):
            break
        since = d
    return since


def soybeans_latest(weights: str = "trade_latest") -> Sentence:
    """China's tariff on US soybeans (HS 1201) in its latest schedule, the date since which it
    has held, and the press's figure beside it, for the soybean section of another report."""
    last = tariffs.span(tariffs.SCHEDULES["china_on_us"][-1].name)[1]
    f = tariffs.tariff_in_force("china_on_us", [tariffs.SOYBEANS], last, weights)
    pub = load("tariff_published_averages")
    press = pub[pub["goods"].eq("soybeans")].iloc[0]
    return say("China's tariff on US soybeans (HS 1201) was {r} on average ({w}) on {d}, the "
               "last date of its schedules in the data, and had held at that rate since {since} "
               "({src}). The press put it at about {p} after the Busan meeting ({psrc}, "
               "secondhand); the WTO file gives {r}, and the data here do not say which layers "
               "make the difference.", r=pct(f.rate_pct),
               w=words(tariffs.WEIGHT_TEXT[weights]), d=day(last),
               since=day(held_since("china_on_us", [tariffs.SOYBEANS], last, weights)),
               src=words(plain(f.source)), p=pct(press["rate_pct"], 0),
               psrc=words(plain(press["source"])))
