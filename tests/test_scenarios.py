"""The after-the-deal scenarios: yardsticks by sector, the catch-up path at its required rate,
its chance from history."""

import numpy as np
import pandas as pd
import pytest

from phaseone import agreement, scenarios

GOODS = list(agreement.GOODS_SECTORS)
FLAT = pd.Series(100.0, index=range(2017, 2035))


def test_a_path_at_the_required_rate_pays_exactly_what_is_owed():
    plan = scenarios.catch_up(FLAT, 60.0, 2026, 3, 2025, 80.0)
    path = [80.0 * (1 + plan.growth) ** (y - 2025) for y in range(2026, 2029)]
    assert sum(path) - FLAT.loc[2026:2028].sum() == pytest.approx(60.0)
    assert plan.required.tolist() == pytest.approx([120.0] * 3)
    assert plan.path.sum() == pytest.approx(plan.total_bn)


def test_owing_nothing_needs_no_growth_beyond_the_yardstick():
    plan = scenarios.catch_up(FLAT, 0.0, 2026, 4, 2025, 100.0)
    assert plan.required.equals(FLAT.loc[2026:2029])
    assert plan.growth == pytest.approx(0.0, abs=1e-12)


def test_more_owed_or_a_shorter_horizon_needs_faster_growth():
    base = scenarios.catch_up(FLAT, 50.0, 2026, 4, 2025, 80.0).growth
    assert scenarios.catch_up(FLAT, 80.0, 2026, 4, 2025, 80.0).growth > base
    assert scenarios.catch_up(FLAT, 50.0, 2026, 2, 2025, 80.0).growth > base


def test_the_chance_is_one_when_history_always_beats_the_plan_and_zero_when_never():
    plan = scenarios.catch_up(FLAT, 0.0, 2026, 3, 2025, 100.0)
    up = pd.Series(np.log(1.05), index=range(1992, 2025))
    assert scenarios.chance(up, plan, draws=500).probability == 1.0
    assert scenarios.chance(-up, plan, draws=500).probability == 0.0
    c = scenarios.chance(up, plan, draws=500)
    assert c.growth_low == pytest.approx(0.05) and list(c.fan.index) == [2026, 2027, 2028]


def test_yardsticks_by_sector():
    years = range(2017, 2027)
    flat = scenarios.yardstick("target_2021_flat", GOODS, years)
    level = scenarios.yardstick("level_2017", GOODS, years)
    extra = agreement.commitments().query("year == 2021").set_index("sector")["value_bn"]
    assert (flat - level).iloc[0].to_dict() == pytest.approx(extra[GOODS].to_dict())
    trend = scenarios.yardstick("trend_2013_2017", ["agriculture"], years)["agriculture"]
    assert trend.iloc[-1] < trend.iloc[0]  # agriculture fell over 2013-2017
