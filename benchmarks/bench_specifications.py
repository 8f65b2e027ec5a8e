"""How fast the growth report evaluates specifications 1,000 in under 30 s.

A specification is one trend window, error model and required-growth definition. The curve
is computed cold (every cache cleared: each window and error model fitted anew) at several
parameter sets until at least 1,000 specifications have been evaluated; then a model call
with the fits cached. Prints specifications per second and the time for 1,000 as a ratio of
the 30 s goal (below 1 meets it).
"""

from __future__ import annotations

import time

from phaseone import growth
from phaseone.growth import specifications
from phaseone.reports.growth import model as report
from phaseone.reports.growth import rules

GOAL_S, COUNT = 30.0, 1000
SETS = [("goods_and_services", 2017, 0.95), ("goods", 2017, 0.9), ("goods", 2015, 0.8)]


def cold() -> tuple[int, float]:
    done, start = 0, time.perf_counter()
    for series, base_year, level in SETS * 10:
        specifications._fit.cache_clear()
        growth.specification_curve.cache_clear()
        done += len(growth.specification_curve(series, base_year, level,
                                               report.CURVE_DEFINITIONS, rules.MIN_TREND_YEARS))
        if done >= COUNT:
            break
    return done, time.perf_counter() - start


def main() -> None:
    report.model()  # imports and data loaded once, outside the timing
    done, took = cold()
    rate = done / took
    print(f"specifications: {done:,} evaluated cold in {took:.2f} s = {rate:,.0f} per second; "
          f"1,000 take {COUNT / rate:.2f} s, {COUNT / rate / GOAL_S:.3f} of the {GOAL_S:.0f} s "
          "goal")
    start = time.perf_counter()
    for level in (0.5, 0.6, 0.7, 0.8, 0.9):
        m = report.model(confidence=level, trend_start=2010)
    call = (time.perf_counter() - start) / 5
    print(f"model call with its curve ({m.agreement[1]:,} specifications, fits cached, a new "
          f"level each): {call * 1000:.0f} ms")


if __name__ == "__main__":
    main()
