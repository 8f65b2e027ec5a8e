"""Export an executed notebook to self-contained HTML: headline strip and contents under the
title, build facts at the foot, no network loads.

Every page passes through `sanitize`: the body through nh3 (the Rust ammonia sanitizer) with an
allow-list of what the reports use (great_tables tables with their classes and inline styles,
data: images, CSV download links, the headline strip, the contents' anchors); the head keeps
only its charset, viewport, generator, title and style blocks. CSS (style blocks and
attributes) keeps `url(...)` only to data: images and fonts, and is dropped whole when it would
load anything else (`@import`, `image-set()`, `expression()`, escapes hiding them). Text from
data thus cannot navigate (meta refresh), submit (forms), run (scripts, event handlers,
`javascript:`) or load from another host, even without the Content-Security-Policy.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import re
import threading
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import nh3

from phaseone.builder.cache import UNSEALED
from phaseone.builder.discover import LIB
from phaseone.builder.lazy import import_notebook_stack
from phaseone.present.headline import headlines, strip_html

TEMPLATES = LIB / "templates"

# No network loads: images and fonts only from data: URLs, inline styles, no scripts, no frames.
CSP = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
       "script-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'")

_HEADING = re.compile(r'<h([1-4])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ANCHOR = re.compile(r'<a class="anchor-link".*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_TITLE_END = re.compile(r"</h1>")
_LEAD = "<!--phaseone-toc-->"

_EXPORT_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def exporter():
    """The HTML exporter, configured once per process."""
    import_notebook_stack()
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TemplateExporter.exclude_input = True
    c.TemplateExporter.exclude_input_prompt = True
    c.TemplateExporter.exclude_output_prompt = True
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove_cell"}
    c.HTMLExporter.embed_images = True
    log = logging.getLogger("phaseone.nbconvert")  # quiet: "alternative text is missing"
    log.setLevel(logging.ERROR)
    return HTMLExporter(
        config=c, template_name="phaseone", extra_template_basedirs=[str(TEMPLATES)], log=log
    )


def _header_html(info: Mapping[str, Any]) -> str:
    esc = html.escape
    rows = "".join(
        f"<code>{esc(k)}</code> = <code>{esc(json.dumps(v, ensure_ascii=False))}</code><br>"
        for k, v in info["parameters"].items()
    ) or "(none)"
    return (
        '<div class="phaseone-header"><table>'
        f"<tr><th>Parameters</th><td>{rows}</td></tr>"
        f"<tr><th>Data version</th><td><code>{esc(info['data_version'])}</code></td></tr>"
        f"<tr><th>Package</th><td>phaseone {esc(info['package_version'])}</td></tr>"
        + (f"<tr><th>Built</th><td>{esc(info['built'])}</td></tr>" if info.get("built") else "")
        + f"<tr><th>Input hash</th><td><code title=\"{esc(info['input_hash'])}\">"
        f"{esc(info['input_hash'][:16])}</code></td></tr>"
        "</table></div>"
    )


def _toc_html(body: str) -> str:
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        text = html.unescape(_TAG.sub("", _ANCHOR.sub("", inner))).strip()
        if text and level != "1":  # the contents sit under the title
            items.append(
                f'<li class="toc-h{level}"><a href="#{anchor}">{html.escape(text)}</a></li>'
            )
    if len(items) < 2:
        return ""
    return ('<nav class="phaseone-toc"><strong>Contents</strong><ul>'
            + "".join(items) + "</ul></nav>")


def _headline_html(nb) -> str:
    """The headline figures recorded by `headline()`, as the notebook showed them."""
    return strip_html(headlines(nb))



# ----------------------------------------------------------------------------- the sanitizer

_TAGS = {
    "main", "div", "p", "span", "a", "h1", "h2", "h3", "h4", "h5", "h6", "nav", "header",
    "footer", "section", "article", "aside", "figure", "figcaption", "strong", "em", "b", "i",
    "u", "s", "small", "sub", "sup", "mark", "abbr", "cite", "q", "blockquote", "code", "pre",
    "kbd", "samp", "var", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
    "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th", "img", "style",
}
_ATTRIBUTES = {
    "*": {"class", "id", "style", "title", "lang", "dir", "tabindex", "role"},
    "a": {"href", "download"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"}, "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"}, "colgroup": {"span"}, "ol": {"start"}, "style": {"type"},
}
# removed with their content (not left as text): what would run, embed, load or ask for input
_DROPPED = {"script", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
            "applet", "svg", "math", "video", "audio", "source", "track", "picture", "canvas",
            "form", "input", "button", "select", "textarea", "option", "meta", "link", "base",
            "title", "head"}
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml)[;,]", re.I)
_DATA_CSV = re.compile(r"data:text/csv[;,]", re.I)
_DATA_CSS = re.compile(r"data:(?:image/(?:png|jpeg|gif|webp|svg\+xml)|font/[a-z0-9.+-]+|"
                       r"application/(?:font-woff2?|x-font-[a-z0-9-]+|vnd\.ms-fontobject))[;,]",
                       re.I)
_WEB = re.compile(r"https?://[^/\\\s]", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(.))", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""", re.I)
_CSS_LOADS = re.compile(r"@import|image-set\s*\(|expression\s*\(|\bsrc\s*\(|url\s*\(|"
                        r"behavior\s*:|-moz-binding|@namespace|@font-feature", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_NO_SOURCE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>", re.I)


def _css_unescaped(css: str) -> str:
    def one(m: re.Match) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
        return "" if m.group(2) == "\n" else m.group(2)
    return _CSS_ESCAPE.sub(one, css.replace("\x00", "\ufffd"))


def sanitize_css(css: str) -> str:
    """`css` with each `url(...)` kept only for a data: image or font (else `none`); empty when
    anything else would load (`@import`, `image-set()`, `expression()`, a url hidden by
    escapes or comments)."""
    def keep(m: re.Match) -> str:
        target = next(g for g in m.groups() if g is not None).strip()
        return m.group(0) if _DATA_CSS.match(target) else "none"

    kept = _CSS_URL.sub(keep, css)
    probe = _css_unescaped(re.sub(r"/\*.*?(?:\*/|$)", "", _CSS_URL.sub(
        lambda m: "none" if _DATA_CSS.match(next(g for g in m.groups() if g is not None).strip())
        else m.group(0), kept), flags=re.S))
    return "" if _CSS_LOADS.search(probe) else kept


def _href(value: str) -> str | None:
    """A link target the reports use: an anchor, a page beside this one, a CSV data: URL, or a
    web page to read (opened by a click, never loaded)."""
    target = _CONTROL.sub("", value)
    if target.startswith("#") or _DATA_CSV.match(target) or _WEB.match(target):
        return value
    if not _SCHEME.match(target) and not target.startswith(("//", "\\", "/\\")) \
            and "\\" not in target:
        return value  # relative: index.html, another report
    return None


def _attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "style":
        css = sanitize_css(value)
        return css or None
    if tag == "a" and attr == "href":
        return _href(value)
    if tag == "img" and attr == "src":
        return value if _DATA_IMAGE.match(_CONTROL.sub("", value)) else None
    return value


def sanitize_fragment(fragment: str) -> str:
    """An HTML fragment through nh3 with the reports' allow-list; style blocks' CSS filtered."""
    clean = nh3.clean(
        fragment, tags=_TAGS, clean_content_tags=_DROPPED, attributes=_ATTRIBUTES,
        generic_attribute_prefixes={"aria-", "data-"}, url_schemes={"http", "https", "data"},
        attribute_filter=_attribute, link_rel=None, strip_comments=True,
    )
    clean = _NO_SOURCE.sub("", clean)  # an image whose source was removed: nothing to show
    # nh3 keeps a style element's text as it is: filter it (it cannot hold "</style")
    return re.sub(r"(<style\b[^>]*>)(.*?)(</style>)",
                  lambda m: m.group(1) + sanitize_css(m.group(2)) + m.group(3), clean,
                  flags=re.S | re.I)


strip_external = sanitize_fragment  # the name the builder exports


class _Head(HTMLParser):
    """Keep of a <head> only meta charset / viewport / generator / phaseone-* (and the report's
    own Content-Security-Policy), the title's text and style blocks (CSS filtered); whitespace
    between them as it was."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self._in:
            return
        names = {k for k, _ in attrs}
        named = names == {"name", "content"} and re.fullmatch(
            r"viewport|generator|phaseone-[a-z-]+", dict(attrs)["name"] or "")
        ours = names == {"http-equiv", "content"} and dict(attrs)["content"] == CSP
        if tag == "meta" and (names == {"charset"} or named or ours):
            self.out.append(self.get_starttag_text())
        elif tag in ("title", "style") and names <= {"type"}:
            self._in, self._text = tag, []
            self.out.append(self.get_starttag_text() if tag == "style" else "<title>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == self._in:
            text = "".join(self._text)
            self.out.append((sanitize_css(text) if tag == "style" else html.escape(text))
                            + f"</{tag}>")
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)
        elif not data.strip():
            self.out.append(data)


_DOCUMENT = re.compile(r"(?P<open>\s*(?:<!DOCTYPE html>\s*)?<html(?: lang=\"[A-Za-z-]+\")?>\s*"
                       r"<head>)(?P<head>.*?)(?P<mid></head>\s*<body(?: [a-z-]+=\"[^\"<>]*\")*>)"
                       r"(?P<body>.*)(?P<close></body>\s*</html>\s*)", re.S | re.I)


def sanitize(document: str) -> str:
    """A whole report page, sanitized: the template's frame kept, the head reduced to what a
    report needs, the body through `sanitize_fragment`. ValueError if it is not a page."""
    m = _DOCUMENT.fullmatch(document)
    if not m:
        raise ValueError("not an HTML page made by the phaseone template (<html><head>…"
                         "</head><body>…</body></html>)")
    head = _Head()
    head.feed(m.group("head"))
    head.close()
    return (m.group("open") + "".join(head.out) + m.group("mid")
            + sanitize_fragment(m.group("body")) + m.group("close"))


def export_html(nb, info: Mapping[str, Any], notebook_hash: str) -> str:
    """Self-contained HTML of an executed notebook: headline strip and contents under the title,
    build facts at the foot.

    `<head>` starts with the Content-Security-Policy and the hashes the cache checks: the inputs
    (`info["input_hash"]`), the executed notebook's bytes, and the report's own (to be sealed).
    """
    resources = {
        "metadata": {"name": info.get("title", "report")},
        "phaseone": {**info, "header_html": _header_html(info)},
    }
    with _EXPORT_LOCK:
        body, _ = exporter().from_notebook_node(nb, resources=resources)
    lead = _headline_html(nb) + _toc_html(body)
    if _TITLE_END.search(body):  # right under the title
        body = _TITLE_END.sub(lambda m: m.group(0) + lead, body.replace(_LEAD, "", 1), count=1)
    body = sanitize(body.replace(_LEAD, lead, 1))
    meta = (f'\n<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'\n<meta name="phaseone-input-hash" content="{html.escape(info["input_hash"])}">'
            f'\n<meta name="phaseone-notebook-hash" content="{notebook_hash}">'
            f'\n<meta name="phaseone-report-hash" content="{UNSEALED}">')
    return re.sub(r"<head\b[^>]*>", lambda m: m.group(0) + meta, body, count=1)
