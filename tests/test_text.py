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


def test_a_negative_amount_puts_its_sign_before_the_dollar_in_text_and_tables():
    # replay: "$−0.1bn" in a table, "$-0.1 billion" in a sentence
    from phaseone.present.text import bn
    assert (bn(-0.12), bn(-0.04), bn(1234.5)) == ("-$0.1 billion", "$0.0 billion",
                                                  "$1,234.5 billion")
    html = table(pd.DataFrame({"gap_bn": [-0.12, 3.0]}), "T", "S", money=["gap_bn"]
                 )._repr_html_()
    assert "$0.1bn" in html and "$−" not in html and "$-" not in html


def test_a_source_inside_a_longer_one_is_listed_once():
    # replay: the HS2 chapter 88 source listed alone and again inside the HS6 + HS2 row source
    from phaseone.present.text import source_list
    hs6 = "US Census Bureau, US exports to China by HS6 and month"
    both = f"{hs6}; US Census Bureau, chapter 88"
    listed = source_list([hs6, both, "US Census Bureau, chapter 88", "PIIE, tracker", hs6])
    assert listed.count("\n") == 1 and listed.count("chapter 88") == 1
    assert listed.endswith("tracker")
