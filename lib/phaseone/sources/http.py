"""One HTTP session for every client: on-disk cache, retries that honour Retry-After, a pace.

Responses are cached (SQLite, one day) under the user cache folder, never in the project;
API keys are left out of cache keys and redacted from what is stored. Connections time out
after a few seconds so that a machine without network fails fast.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import platformdirs
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from phaseone.sources import SourceError

CONNECT_TIMEOUT = 4  # s: a machine without network gives up quickly
READ_TIMEOUT = 120  # s: a month of HS10 rows can take a while to come
MAX_WAIT = 30  # s: longest Retry-After we sleep; a longer one still counts as a retry
KEY_PARAMS = ("key", "UserID", "subscription-key", "Ocp-Apim-Subscription-Key", "API_KEY")
CACHE_DIR = platformdirs.user_cache_path("phaseone") / "http"


class _Retry(Retry):
    """urllib3 retries with the server's Retry-After capped at MAX_WAIT seconds."""

    def get_retry_after(self, response):
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, MAX_WAIT)


def session(cache_dir: Path | None = CACHE_DIR, retries: int = 3) -> requests.Session:
    """A session that retries 429 and 5xx answers (`retries` times) and, with `cache_dir`,
    caches successful answers there for a day."""
    if cache_dir is None:
        s = requests.Session()
    else:
        import requests_cache

        s = requests_cache.CachedSession(
            str(Path(cache_dir) / "responses"), backend="sqlite",
            expire_after=timedelta(days=1), allowable_codes=(200,),
            ignored_parameters=KEY_PARAMS)
    retry = _Retry(total=retries, connect=0, read=1, status=retries, backoff_factor=1,
                   status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET",),
                   respect_retry_after_header=True, raise_on_status=False)
    s.mount("https://", HTTPAdapter(max_retries=retry))
    s.mount("http://", HTTPAdapter(max_retries=retry))
    s.headers["User-Agent"] = "phaseone (trade data refresh)"
    return s


def public_url(url: str, params: dict) -> str:
    """`url` with its query, keys left out: what the manifest records."""
    shown = {k: v for k, v in params.items() if k not in KEY_PARAMS and v is not None}
    return f"{url}?{urlencode(shown)}" if shown else url


class Pace:
    """Keeps live requests at least `interval` seconds apart (cached answers do not count)."""

    def __init__(self, interval: float):
        self.interval, self.last = interval, 0.0

    def wait(self) -> None:
        gap = self.interval - (time.monotonic() - self.last)
        if gap > 0 and self.last:
            time.sleep(gap)

    def done(self, response: requests.Response) -> None:
        if not getattr(response, "from_cache", False):
            self.last = time.monotonic()


def get(s: requests.Session, source: str, url: str, params: dict,
        headers: dict | None = None, pace: Pace | None = None) -> requests.Response | None:
    """GET `url`; the response when 200, None when 204 (no data), SourceError otherwise.

    The error names the source, the URL without keys and what went wrong.
    """
    shown = public_url(url, params)
    if pace:
        pace.wait()
    try:
        r = s.get(url, params=params, headers=headers, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT))
    except requests.exceptions.ConnectionError as err:
        raise SourceError(f"{source}: cannot reach {url.split('/')[2]} ({_reason(err)}); "
                          "check the network connection and try again") from None
    except requests.exceptions.Timeout:
        raise SourceError(f"{source}: no answer within {READ_TIMEOUT} s from {shown}") from None
    except requests.exceptions.RequestException as err:
        raise SourceError(f"{source}: request failed for {shown}: {_reason(err)}") from None
    if pace:
        pace.done(r)
    if r.status_code == 204 or (r.status_code == 200 and not r.content.strip()):
        return None
    if r.status_code == 429:
        wait = r.headers.get("Retry-After")
        raise SourceError(f"{source}: rate limit reached (HTTP 429) after {len(_history(r))} "
                          f"retries for {shown}"
                          + (f"; the server asks to wait {wait} s" if wait else "")
                          + "; try again later" + _key_hint(source))
    if r.status_code >= 400:
        raise SourceError(f"{source}: HTTP {r.status_code} {r.reason} for {shown}: "
                          f"{_snippet(r.text)}")
    return r


def json_body(r: requests.Response, source: str):
    """The decoded JSON of `r`, or SourceError quoting the start of the body."""
    try:
        return r.json()
    except ValueError:
        raise SourceError(f"{source}: the answer from {public_url(r.url.split('?')[0], {})} "
                          f"is not JSON: {_snippet(r.text)}") from None


def _history(r: requests.Response) -> list:
    retries = getattr(getattr(r.raw, "retries", None), "history", None)
    return list(retries or [])


def _key_hint(source: str) -> str:
    return {"Census": " (each CENSUS_API_KEY has its own daily limit)",
            "UN Comtrade": " (a free COMTRADE_API_KEY raises the limit)"}.get(source, "")


def _snippet(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return repr(text[:n] + ("..." if len(text) > n else ""))


def _reason(err: Exception) -> str:
    text = str(err)
    for marker in ("Name or service not known", "Temporary failure in name resolution",
                   "timed out", "Connection refused", "Network is unreachable",
                   "No route to host", "Failed to resolve"):
        if marker in text:
            return marker
    return type(err).__name__
