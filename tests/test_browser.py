"""The committed reports and their index, read in a real browser (headless Chromium).

Playwright drives the system's Chromium (Debian's `chromium` package; `.ci/run` installs it
when missing); it never downloads a browser of its own. Every request that is not for a
`file:` or `data:` URL is blocked and recorded: a report must make none.
"""

import csv
import io
import shutil
from pathlib import Path

import pytest

from phaseone import config

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE, DESKTOP = 390, 1280  # viewport widths, px
REPORTS = sorted(p for p in config.REPORTS.glob("*.html") if p.name != "index.html")
PAGES = [config.REPORTS / "index.html", *REPORTS]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine: install Debian's "
                       "`chromium` package (.ci/run does when it runs as root)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Reader:
    """A browser tab that blocks and records requests leaving the machine, and console errors."""

    def __init__(self, browser, width: int):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        return self.page


@pytest.fixture
def reader(browser):
    readers = []

    def make(width: int = DESKTOP) -> Reader:
        readers.append(Reader(browser, width))
        return readers[-1]

    yield make
    for r in readers:
        r.context.close()


def test_there_are_committed_reports():
    assert REPORTS and (config.REPORTS / "index.html").is_file()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_page_loads_nothing_from_outside_logs_no_error_and_never_scrolls_sideways(
        reader, path, width):
    tab = reader(width)
    page = tab.open(path)
    assert tab.outside == [] and tab.errors == []
    overflow = page.evaluate("document.documentElement.scrollWidth"
                             " - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path.name} scrolls {overflow} px sideways at {width} px"
    assert page.locator("img").count() == page.locator("img[src^='data:']").count()


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_reading_order_title_headline_contents_then_build_facts(reader, path):
    page = reader().open(path)
    order = page.evaluate("""() => ['h1', '.phaseone-headline', '.phaseone-toc', 'h2',
        '.phaseone-header'].map(s => document.querySelector(s).getBoundingClientRect().top
        + window.scrollY)""")
    assert order == sorted(order)
    assert page.locator(".phaseone-headline .figure").count() >= 2


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_every_contents_link_scrolls_to_its_section(reader, path):
    page = reader().open(path)
    links = page.locator(".phaseone-toc a")
    assert links.count() >= 3
    for i in range(links.count()):
        anchor = links.nth(i).get_attribute("href")
        assert anchor.startswith("#")
        assert page.evaluate("id => document.querySelectorAll('#' + CSS.escape(id)).length",
                             anchor[1:]) == 1
        page.evaluate("window.scrollTo(0, 0)")
        links.nth(i).click()
        at = page.evaluate("""id => {
            const top = document.getElementById(id).getBoundingClientRect().top;
            const end = document.documentElement.scrollHeight - window.innerHeight;
            return {top, atEnd: window.scrollY >= end - 1, url: location.hash};
        }""", anchor[1:])
        assert at["url"] == anchor
        assert abs(at["top"]) <= 2 or at["atEnd"], f"{anchor}: section at {at['top']} px"


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_back_link_opens_the_index(reader, path):
    page = reader().open(path)
    page.locator(".phaseone-back a").click()
    page.wait_for_load_state()
    assert page.url == (config.REPORTS / "index.html").as_uri()
    assert page.locator(f"a[href='{path.name}']").count() >= 1  # and the index links back


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_every_table_downloads_as_csv_with_its_rows(reader, path):
    page = reader().open(path)
    links = page.locator(".phaseone-csv a")
    assert links.count() >= 1
    for i in range(links.count()):
        link = links.nth(i)
        shown = link.evaluate("""a => {
            const table = a.closest('.jp-OutputArea-output').querySelector('table');
            return {rows: table.tBodies[0].rows.length,
                    columns: table.querySelectorAll('thead th.gt_col_heading').length};
        }""")
        with page.expect_download() as download:
            link.click()
        name = download.value.suggested_filename
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
        assert name.endswith(".csv")
        assert len(rows) - 1 == shown["rows"] > 0, name
        assert len(rows[0]) == shown["columns"], name


def test_index_shows_title_finding_figures_and_thumbnail_for_each_report(reader):
    page = reader().open(config.REPORTS / "index.html")
    entries = page.locator("article.report")
    assert entries.count() == len(REPORTS)
    for i in range(entries.count()):
        entry = entries.nth(i)
        assert entry.locator("h2 a").inner_text().strip()
        assert entry.locator(".finding").inner_text().strip()
        assert entry.locator(".phaseone-headline .figure").count() >= 2
        width = entry.locator("img").evaluate("img => img.naturalWidth")
        assert 0 < width <= 240


def test_the_reader_catches_outside_requests_errors_and_sideways_scroll(reader, tmp_path):
    page_path = tmp_path / "bad.html"
    page_path.write_text('<!DOCTYPE html><html><head><meta name="viewport" '
                         'content="width=device-width"></head><body>'
                         '<img src="http://127.0.0.1:9/chart.png">'
                         '<div style="width:2000px">wide</div>'
                         '<script>console.error("broken")</script></body></html>')
    tab = reader(PHONE)
    page = tab.open(page_path)
    assert tab.outside == ["http://127.0.0.1:9/chart.png"]
    assert "broken" in tab.errors
    assert page.evaluate("document.documentElement.scrollWidth") > PHONE
