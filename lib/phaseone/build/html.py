"""Export an executed notebook to self-contained HTML: headline strip and contents under the
title, build facts at the foot, no network loads."""

from __future__ import annotations

import functools
import html
import json
import logging
import re
import threading
from collections.abc import Mapping
from typing import Any

from phaseone.build.cache import UNSEALED
from phaseone.build.discover import LIB
from phaseone.build.lazy import import_notebook_stack
from phaseone.headline import format_value, headlines

TEMPLATES = LIB / "templates"

# No network loads: images and fonts only from data: URLs, inline styles, no scripts, no frames.
CSP = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
       "script-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'")

_REMOTE = r"""\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//"""  # an attribute naming another host
_EXTERNAL = [  # elements that would load from another host, removed with their content
    re.compile(rf"<(script|iframe|frame|object|video|audio)\b[^>]*\b(?:src|data){_REMOTE}"
               r"[^>]*>.*?</\1\s*>", re.I | re.S),
    re.compile(rf"<(?:link|img|source|embed|track|input|iframe|frame)\b[^>]*"
               rf"\b(?:src|href|srcset|data|poster){_REMOTE}[^>]*>", re.I),
]
_CSS_IMPORT = re.compile(r"""@import\s+[^;<\n]*;?""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//[^)]*\)""", re.I)
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
    """The headline figures recorded by `headline()` as a strip of value-over-label boxes."""
    esc = html.escape
    figures = "".join(
        f'<div class="figure"><span class="value">{esc(format_value(v))}</span>'
        f'<span class="label">{esc(k)}</span></div>'
        for k, v in headlines(nb).items()
    )
    return f'<div class="phaseone-headline">{figures}</div>' if figures else ""


def strip_external(text: str) -> str:
    """Remove whatever would load from another host: scripts, stylesheets, images (markdown ones
    included), frames, media, CSS `@import` and remote `url(...)`."""
    for pattern in _EXTERNAL:
        text = pattern.sub("", text)
    return _CSS_URL.sub("none", _CSS_IMPORT.sub("", text))


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
    body = strip_external(body.replace(_LEAD, lead, 1))
    meta = (f'\n<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'\n<meta name="phaseone-input-hash" content="{html.escape(info["input_hash"])}">'
            f'\n<meta name="phaseone-notebook-hash" content="{notebook_hash}">'
            f'\n<meta name="phaseone-report-hash" content="{UNSEALED}">')
    return re.sub(r"<head\b[^>]*>", lambda m: m.group(0) + meta, body, count=1)
