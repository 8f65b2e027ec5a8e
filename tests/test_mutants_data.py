"""Data loading invariants that realistic one-line bugs would break (issue 12's mutation
survivors): required cells, optional cells, and the cache handing out copies."""

from pathlib import Path

import pytest

from phaseone import config, data
from phaseone.data import DataError, load, read_csv


def _cells(name: str):
    return read_csv(Path(config.DATA) / f"{name}.csv")


@pytest.mark.parametrize("column", ["sector", "year", "value_bn", "source", "quality"])
def test_a_blank_required_cell_is_refused_with_its_column_and_line(column):
    frame = _cells("commitments")
    frame.loc[2, column] = None
    with pytest.raises(DataError, match=rf"column '{column}', line 4: .*not_nullable"):
        data.validate("commitments", frame)


def test_a_blank_optional_cell_is_accepted():
    frame = _cells("annex_6_1_products")
    frame.loc[0, "note"] = None
    assert data.validate("annex_6_1_products", frame)["note"].isna().iloc[0]


def test_load_hands_out_copies_so_an_edit_does_not_leak_into_the_next_caller():
    first = load("commitments")
    expected = first["value_bn"].sum()
    first["value_bn"] = 0.0
    first.loc[first.index[0], "sector"] = "energy"
    again = load("commitments")
    assert again["value_bn"].sum() == pytest.approx(expected)
    assert again["sector"].iloc[0] == "manufactured_goods"
