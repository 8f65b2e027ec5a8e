"""Export an executed notebook to self-contained HTML: header box, contents, no network loads."""

from __future__ import annotations

import functools
import html
import json
import logging
import re
import threading
from collections.abc import Mapping
from typing import Any

from phaseone.build.discover import LIB
from phaseone.build.lazy import import_notebook_stack

TEMPLATES = LIB / "templates"

_EXTERNAL_SCRIPT = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>""", re.I
)
_EXTERNAL_LINK = re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""", re.I)
_HEADING = re.compile(r'<h([1-4])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ANCHOR = re.compile(r'<a class="anchor-link".*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")

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
        f"<tr><th>Built</th><td>{esc(info['built'])}</td></tr>"
        f"<tr><th>Input hash</th><td><code title=\"{esc(info['input_hash'])}\">"
        f"{esc(info['input_hash'][:16])}</code></td></tr>"
        "</table></div>"
    )


def _toc_html(body: str) -> str:
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        text = html.unescape(_TAG.sub("", _ANCHOR.sub("", inner))).strip()
        if text:
            items.append(
                f'<li class="toc-h{level}"><a href="#{anchor}">{html.escape(text)}</a></li>'
            )
    if len(items) < 2:
        return ""
    return ('<nav class="phaseone-toc"><strong>Contents</strong><ul>'
            + "".join(items) + "</ul></nav>")


def strip_external(text: str) -> str:
    """Remove any `<script src>` or `<link href>` that would load from the network."""
    return _EXTERNAL_LINK.sub("", _EXTERNAL_SCRIPT.sub("", text))


def export_html(nb, info: Mapping[str, Any]) -> str:
    """Self-contained HTML of an executed notebook with a header box and table of contents."""
    resources = {
        "metadata": {"name": info.get("title", "report")},
        "phaseone": {**info, "header_html": _header_html(info)},
    }
    with _EXPORT_LOCK:
        body, _ = exporter().from_notebook_node(nb, resources=resources)
    body = body.replace("<!--phaseone-toc-->", _toc_html(body), 1)
    # first thing in <head>, so that recorded_hash() finds it without reading the whole file
    meta = f'\n<meta name="phaseone-input-hash" content="{html.escape(info["input_hash"])}">'
    body = re.sub(r"<head\b[^>]*>", lambda m: m.group(0) + meta, body, count=1)
    return strip_external(body)
