"""Publication tables, and the great_tables internals `present.tables` relies on, pinned."""

import base64
import re

import pandas as pd

from phaseone.present.tables import table, table_csv


def test_great_tables_still_keeps_what_the_csv_link_reads():
    gt = table(pd.DataFrame({"sector": ["energy"], "value_bn": [1.25]}), "A title", "Census")
    assert gt._tbl_data.equals(gt._tbl_data)  # the frame the table was made from
    assert [(c.var, c.column_label, c.visible) for c in gt._boxhead] == [
        ("sector", "Sector", True), ("value_bn", "Value ($bn)", True)]
    assert gt._heading.title == "A title"


def test_the_csv_link_downloads_the_rows_under_their_labels_named_by_the_title():
    gt = table(pd.DataFrame({"sector": ["energy"], "value_bn": [111.19999999999999]}),
               "Energy, 2020", "Census", money=["value_bn"])
    page = gt._repr_html_()
    name, data = re.search(r'download="([^"]+)" href="data:text/csv;charset=utf-8;base64,'
                           r'([^"]+)"', page).groups()
    assert name == "energy-2020.csv"
    assert base64.b64decode(data).decode() == table_csv(gt) == "Sector,Value ($bn)\nEnergy,111.2\n"
