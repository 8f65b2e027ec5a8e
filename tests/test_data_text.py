"""Text from data is text: a source cell carrying HTML or Markdown reaches the report inert."""

import csv
import re
import shutil

import pytest

from phaseone import builder, cli, config, reports
from phaseone.builder import Paths
from phaseone.present.text import cited, plain, publishers

PAYLOAD = ('USTR <meta http-equiv="refresh" content="0;url=https://evil.example/"> '
           '<a href="https://evil.example/">official figures</a> [here](javascript:alert(1)) '
           '<form action="https://evil.example/"><input></form> <img src=x onerror=alert(1)> '
           '**bold**')


def test_plain_text_cannot_become_a_tag_a_link_or_emphasis():
    text = plain(PAYLOAD)
    assert "<" not in text and ">" not in text and "](" not in text.replace("\\](", "")
    assert "\\*\\*bold\\*\\*" in text and "\\[here\\]" in text
    assert cited("PIIE, " + PAYLOAD).startswith("[PIIE](https://www.piie.com/")
    assert "<" not in cited("PIIE, " + PAYLOAD) and "<" not in publishers([PAYLOAD])


@pytest.mark.notebook
def test_a_hostile_source_cell_is_shown_as_text_in_the_report(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(config.DATA, data)
    table = data / "commitments.csv"
    with table.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("source")] = PAYLOAD
    with table.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    assert cli.main(["data", "accept", "--data", str(data)]) == 0
    paths = Paths(reports=tmp_path / "reports", data=data)
    result = builder.run("compliance", {}, tmp_path / "out", paths=paths, progress=False,
                         rules=reports.rules())
    page = result.html.read_text(encoding="utf-8")
    body = page.split("<body", 1)[1]
    assert "official figures" in body  # the text is there, as text
    assert not re.search(r"<(meta|form|input|script|img [^>]*onerror)\b|<a [^>]*(evil|javascript)",
                         body)
    assert "http-equiv=\"refresh\"" not in page.split("<body", 1)[0]
