"""The notebook machinery, imported on first use only (a cache hit never imports it)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

_IMPORT_LOCK = threading.Lock()


def import_notebook_stack() -> None:
    """Import papermill and jupytext (which import nbformat) once.

    `jsonschema` imports `rfc3987_syntax` to check the "iri" format, which costs ~1.6 s and is
    never needed for notebooks; hide it during the import.
    """
    with _IMPORT_LOCK:
        if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
            sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
            try:
                import jsonschema  # noqa: F401
            finally:
                del sys.modules["rfc3987_syntax"]
        import jupytext  # noqa: F401
        import papermill  # noqa: F401

        # papermill's own parameter parser warns about annotated lines with comments
        # ("Unable to parse line", "Passed unknown parameter"); phaseone validates them itself
        logging.getLogger("papermill").setLevel(logging.ERROR)


class Once:
    """A value computed once, on first use, from any thread."""

    def __init__(self, func: Callable[[], Any]):
        self._func, self._lock, self._done, self._value = func, threading.Lock(), False, None

    def __call__(self):
        with self._lock:
            if not self._done:
                self._value, self._done = self._func(), True
            return self._value
