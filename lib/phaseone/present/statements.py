"""Sentences as data: the words a report shows with the values they cite.

A report model returns `Sentence`s, not strings: the text as shown, every value it cites
(with what that value is: a total, a per-year figure, a share, a year...), every comparison
its words make (`Compare`: "below", "inside", "fell"...), and every per-year figure given
with its total (`Total`). The notebook displays the text; `problems()` checks the words
against the numbers, so a fast test reads every sentence at every parameter set.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from phaseone.present import text

KINDS = ("total", "per_year", "money", "share", "rate", "year", "count", "ratio", "months",
         "text", "tonnes")


@dataclass(frozen=True)
class Cite:
    """One value a sentence cites: its name, the number, what it is (`KINDS`) and as shown."""

    name: str
    value: float | int | str
    kind: str
    shown: str


_OPS = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge,
        "==": operator.eq}


@dataclass(frozen=True)
class Compare:
    """A comparison the words make: `word` (as it appears in the text) says that `op` holds
    between `values` and `references` for all, none or some (`quantifier`) of the pairs.
    `op` "in" takes (low, high) references."""

    word: str
    values: tuple[float, ...]
    references: tuple
    op: str
    quantifier: str = "all"  # all | none | some

    def holds(self) -> tuple[bool, ...]:
        if self.op == "in":
            return tuple(lo <= v <= hi for v, (lo, hi) in zip(self.values, self.references,
                                                               strict=True))
        return tuple(_OPS[self.op](v, r) for v, r in zip(self.values, self.references,
                                                         strict=True))

    def true(self) -> bool:
        held = self.holds()
        return {"all": all(held), "none": not any(held),
                "some": any(held) and not all(held)}[self.quantifier]


def compare(values, references, op: str, words: dict[str, str]) -> Compare:
    """The comparison of `values` with `references` under `op`, worded by which pairs hold:
    `words` maps "all", "none" and (for several pairs) "some" to the phrase for each."""
    values = tuple(float(v) for v in _seq(values))
    references = tuple(tuple(map(float, r)) if op == "in" else float(r)
                       for r in (references if op == "in" and _pairs(references)
                                 else _seq(references)))
    held = Compare("", values, references, op).holds()
    quantifier = "all" if all(held) else "none" if not any(held) else "some"
    return Compare(words[quantifier], values, references, op, quantifier)


def _seq(x) -> tuple:
    return tuple(x) if isinstance(x, Sequence | Iterable) and not isinstance(x, str) else (x,)


def _pairs(x) -> bool:
    return bool(len(x)) and isinstance(x[0], Sequence | Iterable) and not isinstance(x[0], str)


@dataclass(frozen=True)
class Total:
    """A per-year figure given with its total: `per_year` times `years` is `total`, up to
    the rounding `digits` of how they are shown."""

    per_year: float
    years: int
    total: float
    digits: int = 1


@dataclass(frozen=True)
class Sentence:
    """Markdown text as shown, with what it cites, compares and totals."""

    text: str
    cites: tuple[Cite, ...] = ()
    compares: tuple[Compare, ...] = ()
    totals: tuple[Total, ...] = field(default=())

    def __str__(self) -> str:
        return self.text

    def __add__(self, other: Sentence | str) -> Sentence:
        other = other if isinstance(other, Sentence) else Sentence(str(other))
        return Sentence(self.text + other.text, self.cites + other.cites,
                        self.compares + other.compares, self.totals + other.totals)

    def _repr_markdown_(self) -> str:  # amounts in dollars never read as LaTeX
        return self.text.replace("$", r"\$")


def join(parts: Iterable[Sentence | str], sep: str = " ") -> Sentence:
    """Sentences (or plain text) joined into one, keeping everything each cites."""
    out = Sentence("")
    for i, part in enumerate(p for p in parts if str(p)):
        out = out + (sep if i else "") + part
    return out


def say(template: str, *, totals=(), **fields: Cite | Compare) -> Sentence:
    """A sentence from a `str.format` template: each field a `Cite` (shown as cited, named by
    its keyword) or a `Compare` (shown as its word)."""
    cites = tuple(Cite(name, c.value, c.kind, c.shown) for name, c in fields.items()
                  if isinstance(c, Cite))
    compares = tuple(c for c in fields.values() if isinstance(c, Compare))
    shown = {name: c.shown if isinstance(c, Cite) else c.word for name, c in fields.items()}
    return Sentence(template.format(**shown), cites, compares, tuple(totals))


def money(value: float, kind: str = "total", digits: int = 1) -> Cite:
    """US$ billions: '$288.8 billion'."""
    return Cite("", float(value), kind, text.bn(value, digits))


def share(value: float, digits: int = 1) -> Cite:
    """A fraction shown as a percentage: '57.6%'."""
    return Cite("", float(value), "share", text.pct(value, digits))


def rate(value: float, digits: int = 1) -> Cite:
    """A growth rate a year (fraction) shown as a percentage."""
    return Cite("", float(value), "rate", text.pct(value, digits))


def year(value: int) -> Cite:
    return Cite("", int(value), "year", str(int(value)))


def day(iso: str) -> Cite:
    """A date as a reader reads it: '6 July 2018'."""
    return Cite("", iso, "text", text.date_words(iso))


def count(value: int) -> Cite:
    return Cite("", int(value), "count", f"{int(value):,}")


def ratio(value: float, digits: int = 1) -> Cite:
    return Cite("", float(value), "ratio", f"{value:.{digits}f}")


def words(value: str) -> Cite:
    """Text chosen by the model (a period, a sector list, a basis)."""
    return Cite("", value, "text", value)


# ----------------------------------------------------------------------------- checking

_NOISE = [
    (re.compile(r"\b(nan|NaN|inf|None|NaT)\b"), "a missing or infinite value"),
    (re.compile(r"(?<![\d.])(19|20)\d\d\.0\b"), "a year written as a float"),
    (re.compile(r"\d\.\d*(0{6,}|9{6,})\d"), "float noise"),
    (re.compile(r"\b(\w+)-\1\b"), "a range from a value to itself"),
    (re.compile(r"\b1 years\b"), "'1 years'"),
]


def text_problems(text: str, where: str) -> list[str]:
    """What no reader should see in `text`: nan/inf/None, '2017.0', float noise, 'X-X'."""
    out = [f"{where}: {what} in {text!r}" for pattern, what in _NOISE if pattern.search(text)]
    if re.search(r"(?<![\d.])100(\.0)?% (confidence |prediction )?interval", text):
        out.append(f"{where}: a 100% interval in {text!r}")
    return out


def problems(sentence: Sentence, where: str) -> list[str]:
    """Every way `sentence` disagrees with what it cites (empty when it is true)."""
    out = text_problems(sentence.text, where)
    for c in sentence.cites:
        if c.kind not in KINDS:
            out.append(f"{where}: {c.name} has unknown kind {c.kind!r}")
        if isinstance(c.value, float) and not math.isfinite(c.value):
            out.append(f"{where}: {c.name} is {c.value}")
        if c.shown not in sentence.text:
            out.append(f"{where}: {c.name} ({c.shown!r}) is cited but not shown")
    for comp in sentence.compares:
        if comp.word not in sentence.text:
            out.append(f"{where}: the comparison {comp.word!r} is not in the text")
        if not comp.true():
            out.append(f"{where}: {comp.word!r} is false for {comp.values} {comp.op} "
                       f"{comp.references} ({comp.quantifier})")
    for t in sentence.totals:
        slack = 0.5 * 10 ** -t.digits * (t.years + 1)
        if abs(t.per_year * t.years - t.total) > slack:
            out.append(f"{where}: {t.per_year} a year for {t.years} years is not {t.total}")
    return out


# ----------------------------------------------------------------------------- tables, charts


@dataclass(frozen=True)
class TableSpec:
    """A publication table as data: the frame and how `tables.table` formats it.

    `formats` maps a column to money | percent | points | ratio; `labels` renames columns;
    `missing` is shown for empty cells; `highlight` is a row number to highlight."""

    frame: object  # pandas DataFrame
    title: str
    source: str
    subtitle: str | None = None
    formats: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    missing: str | None = None
    highlight: int | None = None
    index: bool = False

    def texts(self) -> list[str]:
        """Every text the table shows: title, subtitle, labels and text cells."""
        cells = [str(v) for c in self.frame.columns if self.frame[c].dtype == object
                 for v in self.frame[c].dropna()]
        return [self.title, self.subtitle or "", *self.labels.values(), *cells]


@dataclass(frozen=True)
class ChartSpec:
    """A chart as data: the `plots` function that draws it, its arguments and its alt text
    (what it shows and its key numbers)."""

    plot: str
    args: dict
    alt: Sentence
