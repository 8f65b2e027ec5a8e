"""Publication tables: a CSV download of exactly the rows and columns shown, links in sources."""

import base64
import csv
import io
import re

import pandas as pd

from phaseone.present.tables import table

FRAME = pd.DataFrame({"sector": ["Energy", "Services"], "purchases_bn": [9.75, 40.4],
                      "fulfilment": [0.371, 0.586]})


def _downloaded(html: str) -> tuple[str, list[list[str]]]:
    name, data = re.search(r'download="([^"]+)" href="data:text/csv;charset=utf-8;base64,'
                           r'([^"]+)"', html).groups()
    return name, list(csv.reader(io.StringIO(base64.b64decode(data).decode())))


def test_csv_link_gives_the_rows_unformatted_under_the_labels_shown():
    gt = table(FRAME, "Purchases, by sector", "US Census Bureau", money=["purchases_bn"],
               percent=["fulfilment"]).cols_label(fulfilment="Share of target")
    name, rows = _downloaded(gt._repr_html_())
    assert name == "purchases-by-sector.csv"
    assert rows == [["Sector", "Purchases ($bn)", "Share of target"],
                    ["Energy", "9.75", "0.371"], ["Services", "40.4", "0.586"]]
    assert "$9.8bn" in gt._repr_html_()  # the table itself stays formatted


def test_hidden_columns_stay_out_and_the_index_becomes_row_labels():
    gt = table(FRAME.set_index("sector"), "T", "S", index=True).cols_hide("fulfilment")
    _, rows = _downloaded(gt._repr_html_())
    assert rows == [["Sector", "Purchases ($bn)"], ["Energy", "9.75"], ["Services", "40.4"]]


def test_a_source_can_be_a_link():
    html = table(FRAME, "T", "[PIIE](https://www.piie.com/blogs)")._repr_html_()
    assert '<a href="https://www.piie.com/blogs">PIIE</a>' in html
