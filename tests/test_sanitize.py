"""The report HTML's sanitizer: text from data cannot
navigate, submit, run or load from another host; the committed reports render the same."""

import collections
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from phaseone import config
from phaseone.builder import html as page
from phaseone.reports import RULES

EVIL = "evil.example"
# Each payload of the matrix's H01-H04 rows, as it would reach the page from a `source` cell.
PAYLOADS = {
    "H01 meta refresh": '<meta http-equiv="refresh" content="0;url={elsewhere}">',
    "H02 img onerror": '<img src="x" onerror="document.body.setAttribute(\'data-pwned\',1)">',
    "H02 svg onload": '<svg onload="document.body.setAttribute(\'data-pwned\',2)"></svg>',
    "H02 details ontoggle": '<details open ontoggle="document.body.dataset.pwned=3">d</details>',
    "H02 javascript link": '<a href="javascript:document.body.dataset.pwned=4">js</a>',
    "H02 javascript entity link": '<a href="jav&#x09;ascript&#58;alert(5)">js2</a>',
    "H02 iframe srcdoc": '<iframe srcdoc="<script>parent.document.body.dataset.pwned=6'
                         '</script>"></iframe>',
    "H02 script": "<script>document.body.dataset.pwned=7</script>",
    "H03 form": f'<form action="https://{EVIL}/"><input name="q"><button>go</button></form>',
    "H04 entity scheme": f'<img src="http&#58;//{EVIL}/1.png">',
    "H04 entity host": f'<img src="&#104;ttps://{EVIL}/2.png">',
    "H04 video poster": f'<video poster="https://{EVIL}/3.png"></video>',
    "H04 svg image": f'<svg><image href="https://{EVIL}/4.png"/>'
                     f'<image xlink:href="https://{EVIL}/5.png"/><use href="https://{EVIL}/6#a"/>'
                     "</svg>",
    "H04 css escape import": f"<style>@\\69mport url(https://{EVIL}/7.css);</style>",
    "H04 css quoted url": f'<div style="background:url(&quot;https://{EVIL}/8.png&quot;)">b</div>',
    "H04 css image-set": f'<div style="background-image:image-set(\'https://{EVIL}/9.png\' 1x)">'
                         "c</div>",
    "H04 css escaped url": f"<style>p {{ background: u\\72l(https://{EVIL}/10.png) }}</style>",
    "H04 background attribute": f'<table background="https://{EVIL}/11.png"><tr><td>t</td></tr>'
                                "</table>",
    "H04 backslash url": f'<img src="https:/\\{EVIL}/12.png">',
    "H04 scheme host": f'<img src="https:{EVIL}/13.png">',
    "H04 protocol-relative": f'<img src="//{EVIL}/14.png" srcset="https://{EVIL}/15.png 2x">',
    "H04 ping": f'<a href="#top" ping="https://{EVIL}/16">ping</a>',
    "H04 base": f'<base href="https://{EVIL}/">',
    "H04 link": f'<link rel="stylesheet" href="https://{EVIL}/17.css">',
    "H04 object embed": f'<object data="https://{EVIL}/18"></object><embed src="//{EVIL}/19">',
    "H04 css import": f'<style>@import "https://{EVIL}/20.css"; p {{ color: red }}</style>',
}
KEPT = ('<div class="phaseone-headline"><div class="figure"><span class="value">57.6%</span>'
        '<span class="label">fulfilment</span></div></div>'
        '<nav class="phaseone-toc"><ul><li class="toc-h2"><a href="#Sources">Sources</a></li>'
        '</ul></nav><h2 id="Sources">Sources</h2>'
        '<img alt="chart" src="data:image/png;base64,iVBORw0KGgo=">'
        '<a download="t.csv" href="data:text/csv;charset=utf-8;base64,YSxi">CSV</a>'
        '<div id="gt" style="padding-left:0px;overflow-x:auto"><style>#gt .gt_table '
        '{ color: #333; background: url(data:image/svg+xml;base64,PHN2Zz4=) }</style>'
        '<table class="gt_table" data-quarto-disable-processing="false"><thead><tr>'
        '<th class="gt_col_heading" scope="col" colspan="2">Year</th></tr></thead>'
        '<tbody class="gt_table_body"><tr><td class="gt_row" headers="y">2020</td>'
        '<td style="color: #000">1.0</td></tr></tbody></table></div>'
        '<a href="https://www.piie.com/research">PIIE</a> <a href="index.html">All reports</a>')
MARKER = "FIXTURE_STILL_HERE"


def fixture_page(elsewhere: str = "elsewhere.html") -> str:
    """A page in the template's shape holding every payload beside what the reports need."""
    body = "".join(f"<p>{name}: Census {payload.replace('{elsewhere}', elsewhere)}</p>"
                   for name, payload in PAYLOADS.items())
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
            f'<meta http-equiv="refresh" content="0;url={elsewhere}">\n'
            f'<title>T &lt;b&gt;</title>\n<link rel="stylesheet" href="https://{EVIL}/h.css">\n'
            '<style type="text/css">body { margin: 0 }</style>\n</head>\n'
            f'<body class="jp-Notebook">\n<main><h1 id="top">{MARKER}</h1>{KEPT}{body}</main>\n'
            "</body>\n</html>\n")


class Census(HTMLParser):
    """Elements, attributes and URLs of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: collections.Counter = collections.Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    handle_startendtag = handle_starttag


def test_every_hostile_payload_is_removed():
    clean = page.sanitize(fixture_page())
    found = Census(clean)
    for tag in ("script", "iframe", "form", "input", "button", "svg", "image", "use", "video",
                "object", "embed", "base", "link", "details"):
        assert found.tags[tag] == 0, tag
    assert [a for a in found.attrs if a[0] == "meta" and a[1] == "http-equiv"] == []
    assert [a for a in found.attrs if a[1].startswith("on")] == []
    assert [a for a in found.attrs if a[1] in ("ping", "background", "srcset", "poster",
                                                "action", "srcdoc", "xlink:href")] == []
    assert EVIL not in clean, re.findall(rf".{{60}}{EVIL}.{{20}}", clean)
    markup = " ".join(v for _, _, v in found.attrs) + " ".join(
        re.findall(r"<style[^>]*>(.*?)</style>", clean, re.S))
    assert not re.search(r"javascript|@import|image-set|\\69|\\72", markup, re.I)
    for tag, attr, value in found.attrs:
        if attr in ("src", "href"):
            assert value.startswith(("data:image/", "data:text/csv", "#", "index.html",
                                     "https://www.piie.com/")), (tag, attr, value)
    assert "<title>T &lt;b&gt;</title>" in clean  # the title stays text


def test_what_the_reports_need_is_kept():
    clean = page.sanitize(fixture_page())
    assert page.sanitize_fragment(KEPT) == KEPT
    assert KEPT in clean and MARKER in clean
    assert '<style type="text/css">body { margin: 0 }</style>' in clean


@pytest.mark.parametrize("css, kept", [
    ("p { color: red }", True),
    ("p { background: url(data:image/png;base64,AA) }", True),
    ("p { content: '\\25CF' }", True),
    ("p { background: url(https://x.org/a.png) }", "none"),
    ("@import 'x.css';", False),
    ("@\\69mport 'x.css';", False),
    ("p { background: image-set('a.png' 1x) }", False),
    ("p { width: expression(alert(1)) }", False),
    ("p { background: u\\rl(//x.org/a) }", False),
    ("p { background: ur/**/l(//x.org/a) }", False),
])
def test_css_keeps_data_urls_only(css, kept):
    out = page.sanitize_css(css)
    if kept == "none":
        assert out == "p { background: none }"
    else:
        assert (out == css) is bool(kept) and (out == "") is (not kept)


def test_the_committed_reports_render_the_same():
    """Every element and attribute of the committed pages survives, but the Content-Security-
    Policy meta, which export_html adds after sanitizing (kept here as the report's own), and
    the tbody the parser implies in tables written without one."""
    for name in RULES:
        text = (config.REPORTS / f"{name}.html").read_text(encoding="utf-8")
        clean = page.sanitize(text)
        before, after = Census(text), Census(clean)
        assert {t: n for t, n in after.tags.items() if t != "tbody"} == \
               {t: n for t, n in before.tags.items() if t != "tbody"}, name
        assert [a for a in after.attrs if a[0] != "tbody"] == \
               [a for a in before.attrs if a[0] != "tbody"], name
        for needed in ("<table", "data:image/png", 'download="', "phaseone-headline",
                       "phaseone-toc", "Content-Security-Policy"):
            assert clean.count(needed) == text.count(needed) > 0, (name, needed)
        assert page.sanitize(clean) == clean


def test_a_page_not_in_the_template_shape_is_refused():
    with pytest.raises(ValueError, match="not an HTML page"):
        page.sanitize("<p>no page</p>")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _dom(path: Path) -> str:
    """The DOM headless Chromium ends on after opening `path`, with the network blocked."""
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--virtual-time-budget=4000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=90)
    return run.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH to open the fixture in")
def test_the_sanitized_fixture_stays_put_in_chromium(tmp_path):
    (tmp_path / "elsewhere.html").write_text("<p>NAVIGATED AWAY</p>")
    raw, clean = tmp_path / "raw.html", tmp_path / "clean.html"
    raw.write_text(fixture_page())
    clean.write_text(page.sanitize(fixture_page()))
    # the control: unsanitized, the meta refresh moves the browser (no CSP in this fixture)
    assert "NAVIGATED AWAY" in _dom(raw)
    dom = _dom(clean)
    assert MARKER in dom and "NAVIGATED AWAY" not in dom
    assert "pwned" not in dom and "<form" not in dom and "<iframe" not in dom
