"""Required growth under explicit definitions, and its sensitivity to base year and horizon.

`base` is the base-year level (US$ bn); `additions` maps each agreement year to the amount
above the base level China committed to buy that year (US$ bn), e.g. {2020: 76.7, 2021: 123.3};
the target level of year y is base + additions[y]. Rates are fractions per year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from phaseone.agreement import BASE_YEAR
from phaseone.growth.rates import _check_additions, _check_positive, _value, constant_rate

# Notation: base year B, agreement years F..L, P = F - 1 the year before them,
# n = L - F + 1 agreement years (Phase One: B = 2017, F..L = 2020..2021).


@dataclass(frozen=True)
class _Definition:
    label: str  # plain-language name, with {B} {F} {L} {P} {n} placeholders
    description: str  # the arithmetic, same placeholders
    needs_actual: bool
    years: Callable[[int, int, int], tuple[int, int]]  # (B, F, L) -> (from, to)
    compute: Callable[..., float]


def _sum_from_base(base, add, act, B, F, L):
    return constant_rate(base, [y - B for y in add], len(add) * base + sum(add.values()))


def _final_from_base(base, add, act, B, F, L):
    return ((base + add[L]) / base) ** (1.0 / (L - B)) - 1.0


def _final_from_prior(base, add, act, B, F, L):
    a = _value(act, F - 1, "actual year")
    return ((base + add[L]) / a) ** (1.0 / (L - F + 1)) - 1.0


def _first_jump_from_prior(base, add, act, B, F, L):
    a = _value(act, F - 1, "actual year")
    return (base + add[F]) / a - 1.0


def _target_yoy(base, add, act, B, F, L):
    if L - 1 not in add:
        raise ValueError("target_year_on_year needs additions for at least two years")
    return (base + add[L]) / (base + add[L - 1]) - 1.0


def _sum_from_prior(base, add, act, B, F, L):
    a = _value(act, F - 1, "actual year")
    targets = sum(base + v for v in add.values())
    return constant_rate(a, [y - (F - 1) for y in add], targets)


def _final_from_base_nyr(base, add, act, B, F, L):
    return ((base + add[L]) / base) ** (1.0 / (L - F + 1)) - 1.0


def _sum_from_base_nyr(base, add, act, B, F, L):
    return constant_rate(
        base, [y - (F - 1) for y in add], len(add) * base + sum(add.values())
    )


def _avg_addition_share(base, add, act, B, F, L):
    return (base + sum(add.values()) / len(add)) / base - 1.0


def _total_addition_level_nyr(base, add, act, B, F, L):
    return ((base + sum(add.values())) / base) ** (1.0 / len(add)) - 1.0


_DEFINITIONS: dict[str, _Definition] = {
    "two_year_sum_from_base": _Definition(
        "Growing from the {B} level, {F}-{L} purchases sum to the targets",
        "Constant growth g from the {B} level such that the levels it implies for {F}-{L} "
        "sum to the {F}-{L} targets ({n} times the {B} level plus the additions).",
        False, lambda B, F, L: (B, L), _sum_from_base),
    "final_target_from_base": _Definition(
        "From the {B} level to the {L} target",
        "Compound growth from the {B} level to the {L} target ({B} level plus the {L} "
        "addition) over the {L_minus_B} years between them.",
        False, lambda B, F, L: (B, L), _final_from_base),
    "final_target_from_2019": _Definition(
        "From the actual {P} level to the {L} target",
        "Compound growth from the actual {P} level to the {L} target over {n} years.",
        True, lambda B, F, L: (F - 1, L), _final_from_prior),
    "first_year_jump_from_2019": _Definition(
        "Jump from the actual {P} level to the {F} target",
        "One-year growth from the actual {P} level to the {F} target.",
        True, lambda B, F, L: (F - 1, F), _first_jump_from_prior),
    "target_year_on_year": _Definition(
        "From the {L_minus_1} target to the {L} target",
        "Growth of the {L} target over the {L_minus_1} target.",
        False, lambda B, F, L: (L - 1, L), _target_yoy),
    "two_year_sum_from_2019": _Definition(
        "Growing from the actual {P} level, {F}-{L} purchases sum to the targets",
        "Constant growth g from the actual {P} level such that the levels it implies for "
        "{F}-{L} sum to the {F}-{L} targets.",
        True, lambda B, F, L: (F - 1, L), _sum_from_prior),
    "final_target_from_base_2yr": _Definition(
        "From the {B} level to the {L} target, over the agreement years only",
        "Compound growth from the {B} level to the {L} target over the {n} agreement "
        "years only, as if the {B} level were the {P} level.",
        False, lambda B, F, L: (F - 1, L), _final_from_base_nyr),
    "two_year_sum_from_base_2yr": _Definition(
        "The additions on top of the {B} level, compounding over the agreement years only",
        "Constant growth g from the {B} level taken as the {P} level (no change in "
        "between), such that the {F}-{L} levels sum to the targets: the additions on top "
        "of the {B} level, compounding over {n} years.",
        False, lambda B, F, L: (F - 1, L), _sum_from_base_nyr),
    "average_addition_share_of_base": _Definition(
        "Average yearly addition as a share of the {B} level",
        "The average yearly addition divided by the {B} level (a level uplift, not a "
        "compound rate).",
        False, lambda B, F, L: (B, L), _avg_addition_share),
    "total_addition_level_2yr": _Definition(
        "The total addition as a rise in the {L} level",
        "The total addition read as a rise in the annual level by {L}, compounded over "
        "the {n} agreement years from the {B} level.",
        False, lambda B, F, L: (F - 1, L), _total_addition_level_nyr),
}

#: The required-growth definitions, in the order the report lists them.


def definition_text(definition: str, base_year: int, first: int, last: int) -> tuple[str, str]:
    """(plain-language label, description) of `definition` for these years."""
    d = _get_definition(definition)
    years = dict(B=base_year, F=first, L=last, P=first - 1, n=last - first + 1,
                 L_minus_B=last - base_year, L_minus_1=last - 1)
    return d.label.format(**years), d.description.format(**years)


def _get_definition(definition: str) -> _Definition:
    try:
        return _DEFINITIONS[definition]
    except (KeyError, TypeError):
        valid = ", ".join(_DEFINITIONS)
        raise ValueError(f"unknown definition {definition!r}; valid definitions: {valid}") from None


def required_growth(
    definition: str,
    *,
    base: float,
    additions: Mapping[int, float],
    actual: pd.Series | None = None,
    base_year: int = BASE_YEAR,
) -> float:
    """Growth (fraction/yr) needed to meet the commitment under ``definition``.

    ``base``: base-year level (US$ bn); ``additions``: {year: additional US$ bn
    over base} for consecutive agreement years; ``actual``: Series of actual
    levels (US$ bn), required by the definitions starting from an actual level (which use the
    actual level of the year before the first agreement year).  See
    :func:`definition_text` for the definitions.
    """
    d = _get_definition(definition)
    base = _check_positive(base, "base")
    add = _check_additions(additions, base_year)
    if d.needs_actual and actual is None:
        raise ValueError(f"definition {definition!r} needs actual (Series of actual levels)")
    F, L = min(add), max(add)
    return float(d.compute(base, add, actual, base_year, F, L))


def required_growth_table(
    base: float,
    additions: Mapping[int, float],
    actual: pd.Series | None = None,
    base_year: int = BASE_YEAR,
) -> pd.DataFrame:
    """One row per definition: definition, label, description, from_year, to_year,
    required_growth.

    ``required_growth`` is a fraction per year; it is NaN for definitions that
    need ``actual`` when ``actual`` is None.
    """
    add = _check_additions(additions, base_year)
    F, L = min(add), max(add)
    rows = []
    for name, d in _DEFINITIONS.items():
        frm, to = d.years(base_year, F, L)
        if d.needs_actual and actual is None:
            g = float("nan")
        else:
            g = required_growth(name, base=base, additions=add, actual=actual, base_year=base_year)
        label, description = definition_text(name, base_year, F, L)
        rows.append({"definition": name, "label": label, "description": description,
                     "from_year": frm, "to_year": to, "required_growth": g})
    return pd.DataFrame(rows, columns=["definition", "label", "description", "from_year",
                                       "to_year", "required_growth"])


def sensitivity(
    base_series: pd.Series,
    additions_total: float,
    base_years: Iterable[int],
    horizons: Iterable[int],
) -> pd.DataFrame:
    """Grid of required constant growth (fraction/yr) by base year and horizon.

    For base year ``b`` with actual level ``L_b = base_series[b]`` (US$ bn) and
    horizon ``h`` (int >= 1), the entry is the constant rate ``g`` solving::

        L_b*(1+g)**(h-1) + L_b*(1+g)**h == 2*L_b + additions_total

    i.e. the levels in the last two years of the horizon (years ``b+h-1`` and
    ``b+h``) must together exceed twice the base level by ``additions_total``.
    ``b=2017, h=4`` reproduces ``two_year_sum_from_base``; ``h=2`` reproduces
    ``two_year_sum_from_base_2yr``.  Rows: base year; columns: horizon.
    """
    base_years = [int(b) for b in base_years]
    horizons = [int(h) for h in horizons]
    if not base_years or not horizons:
        raise ValueError("base_years and horizons must be non-empty")
    if min(horizons) < 1:
        raise ValueError(f"horizons must be integers >= 1, got {horizons}")
    out = pd.DataFrame(
        index=pd.Index(base_years, name="base_year"),
        columns=pd.Index(horizons, name="horizon"),
        dtype=float,
    )
    for b in base_years:
        lvl = _value(base_series, b, "base_year")
        for h in horizons:
            out.loc[b, h] = constant_rate(lvl, [h - 1, h], 2 * lvl + additions_total)
    return out


