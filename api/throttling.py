"""The API's limit per address, counted by the site's one rate-limit mechanism
(``wemi_community.core.ratelimits``, the limit named "api"), in Django's cache: DRF's own
throttle counters are not used."""

from __future__ import annotations

from rest_framework.throttling import BaseThrottle

from wemi_community.core import ratelimits

COUNTED_METHODS = ("GET", "HEAD", "OPTIONS")


class AddressThrottle(BaseThrottle):
    """Every request counts, by the client's address (nobody signs in to the API)."""

    def allow_request(self, request, view) -> bool:
        self.retry_after = ratelimits.count(
            request._request, "api", methods=COUNTED_METHODS, key="ip"
        )
        return self.retry_after is None

    def wait(self) -> int | None:
        return self.retry_after
