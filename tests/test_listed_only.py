"""listed_only in the compliance report: what it leaves out is scoped to the sectors chosen,
and the categories' allocated targets it moves are stated, computed from the tables."""

import pytest

from phaseone import compliance
from phaseone.agreement import commitments
from phaseone.reports.compliance import model as report


def _bn(x: float) -> str:
    return f"${x:,.1f} billion"


def test_listed_only_states_how_civil_aircraft_target_moves_with_the_weights():
    """Replays "civil aircraft, at 16.7% of its allocated target ($9.1 billion of $54.6
    billion)" under listed_only against $51.6 billion by default, with no word why: no
    aircraft code is left out, but manufactured goods' addition is shared by the 2017 weights
    of the codes counted. Both targets recomputed from the tables."""
    years = (2020, 2021)
    added = commitments().query("year in @years and sector == 'manufactured_goods'")[
        "value_bn"].sum()

    def target(listed_only: bool) -> float:
        goods = compliance.covered_goods(listed_only).query(
            "year == 2017 and sector == 'manufactured_goods'").set_index("category")["value_bn"]
        return 2 * goods["civil_aircraft"] + added * goods["civil_aircraft"] / goods.sum()

    full, listed = target(False), target(True)
    assert listed - full > 2.5  # about $3 billion more on the listed codes' weights
    assert compliance.by_category(years, listed_only=True).loc[
        "civil_aircraft", "target_bn"] == pytest.approx(listed)
    text = report.model(listed_only=True).inferred_text.text
    assert (f"civil aircraft: {_bn(listed)} over 2020 and 2021, against {_bn(full)} on the "
            "full list") in text


def test_listed_only_says_it_changes_nothing_in_sectors_without_inferred_codes():
    """Replays model(listed_only=True, sectors=['energy']): 36.9% either way, yet the
    inferred-codes text said "This report leaves them out"; energy holds none of them."""
    assert "energy" not in set(compliance.inferred_pages()["sector"])
    every, listed = (report.model(listed_only=lo, sectors=["energy"]) for lo in (False, True))
    assert listed.fulfilment.loc["total", "fulfilment"] == pytest.approx(
        every.fulfilment.loc["total", "fulfilment"])
    assert "None of them is in energy: listed_only changes nothing here." in \
        listed.inferred_text.text
    assert "This report leaves them out" not in listed.inferred_text.text


def test_listed_only_gives_what_the_chosen_sectors_leave_out():
    """With agriculture only, the inferred codes' value is agriculture's, from the table."""
    value = compliance.inferred_value((2017, 2020, 2021))
    agri = value.query("year == 2021 and sector == 'agriculture'")["inferred_bn"].sum()
    text = report.model(listed_only=True, sectors=["agriculture"]).inferred_text.text
    assert f"In the sectors chosen (agriculture) they carry {_bn(agri)} in 2021." in text
