"""Whole pages for anonymous visitors, from the default cache, dropped by any write.

Only a GET or HEAD of a public page (WEMI_PAGE_CACHE_VIEWS, and Wagtail's pages) from a
visitor who sends no cookie but the CSRF and language ones: no session, so nobody signed in,
no messages. A page is stored only when it is a 200 HTML answer that sets no cookie, wrote no
session and no message, used no CSP nonce, is not private and varies on nothing but Cookie
(handled by the rule above) and HX-Request (htmx requests are never cached).

The key is the full URL (host, path, query), the language and the version of the site's data
(core.cache_versions): a write through any service moves it, so the next visitor gets a page
rendered after the write.

A page's forms carry the visitor's own CSRF token: before storing, the token the page was
rendered with is replaced by a marker, and every answer from the cache gets the token of the
visitor it is served to (CsrfViewMiddleware, around this one, then sets their cookie).

While the cache is unreachable (ResilientRedisCache answering from a process's memory) no page
is cached: another process's write would not reach this process's copy.

With Redis, each process also keeps the last pages it served (WEMI_PAGE_CACHE_LOCAL_ENTRIES):
a hit then costs the read of the versions, not the whole page through Redis. The key holds
the versions, so a write elsewhere makes the next visitor miss here too. A page carries the
moment its shared copy expires, and a local copy never outlives it: a clock-dependent part
(such as "open now") lags no longer than WEMI_PAGE_CACHE_SECONDS, with one process or many."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.translation import get_language

from . import cache_versions

CSRF_MARKER = b"<!--wemi:csrf-token-->"
_ALLOWED_VARY = {"cookie", "hx-request"}
_TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def _candidate_tokens(content: bytes) -> set[bytes]:
    """64-character alphanumeric runs: the masked CSRF tokens look like this."""
    return set(_TOKEN_RE.findall(content))


class LocalPages:
    """The pages a process served last, each for a given time (LRU, bounded)."""

    def __init__(self):
        self._pages: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            if found[0] <= time.monotonic():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return found[1]

    def set(self, key: str, entry: dict, seconds: float, most: int) -> None:
        if seconds <= 0:
            return
        with self._lock:
            self._pages[key] = (time.monotonic() + seconds, entry)
            self._pages.move_to_end(key)
            while len(self._pages) > most:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


local_pages = LocalPages()


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "WEMI_PAGE_CACHE_SECONDS", 0)
        if not seconds or not self._eligible(request):
            return self.get_response(request)
        key = self._key(request)
        most = getattr(settings, "WEMI_PAGE_CACHE_LOCAL_ENTRIES", 0)
        entry = local_pages.get(key) if most else None
        if entry is None:
            entry = cache.get(key)
            if entry is not None and most:
                local_pages.set(key, entry, self._seconds_left(entry, seconds), most)
        if entry is not None:
            return self._replay(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and self._storable(request, response):
            entry = self._entry(request, response, seconds)
            cache.set(key, entry, seconds)
            if most:
                local_pages.set(key, entry, seconds, most)
        response["X-Cache"] = "miss"
        return response

    # --- which requests and answers --------------------------------------------------------
    def _eligible(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if not getattr(cache, "reachable", True):
            return False
        allowed_cookies = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        if any(name not in allowed_cookies for name in request.COOKIES):
            return False
        if "HTTP_AUTHORIZATION" in request.META or "HTTP_HX_REQUEST" in request.META:
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in settings.WEMI_PAGE_CACHE_VIEWS

    def _storable(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        cache_control = {
            part.split("=", 1)[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if cache_control & {"private", "no-cache", "no-store"}:
            return False
        vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h}
        if vary - _ALLOWED_VARY:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and getattr(messages, "added_new", False):
            return False
        # A page with this request's CSP nonce would be refused under the next one's header.
        return getattr(request, "_csp_nonce", None) is None

    # --- keys, storing and serving -----------------------------------------------------------
    def _key(self, request) -> str:
        parts = [
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            get_language() or "",
            cache_versions.versions(),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return f"wemi:page:{digest}"

    @staticmethod
    def _seconds_left(entry, seconds: float) -> float:
        """How long a copy of the shared entry may live here: until the shared one expires
        (the wall clock, which every process shares), never longer than the cache's time."""
        expires = entry.get("expires")
        return seconds if expires is None else min(seconds, expires - time.time())

    def _entry(self, request, response, seconds: float) -> dict:
        content = response.content
        csrf = False
        secret = request.META.get("CSRF_COOKIE")
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and secret:
            for token in _candidate_tokens(content):
                if _unmask_cipher_token(token.decode()) == secret:
                    content = content.replace(token, CSRF_MARKER)
                    csrf = True
        headers = [(k, v) for k, v in response.items() if k.lower() != "x-cache"]
        expires = time.time() + seconds
        return {"content": content, "headers": headers, "csrf": csrf, "expires": expires}

    def _replay(self, request, entry) -> HttpResponse:
        content = entry["content"]
        if entry["csrf"]:
            content = content.replace(CSRF_MARKER, get_token(request).encode())
        response = HttpResponse(content)
        for header, value in entry["headers"]:
            response[header] = value
        # The page differs for a signed-in visitor: no shared cache downstream may mix them
        # (on a miss, the session middleware says so after reading the session).
        patch_vary_headers(response, ("Cookie",))
        response["X-Cache"] = "hit"
        return response
