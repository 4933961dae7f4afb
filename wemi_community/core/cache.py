"""Django's Redis cache, made to survive Redis going away.

Nothing in the cache is the record of anything, so an unreachable Redis must cost speed, not
pages: while it is down every operation is answered by a small cache in this process's memory
(a miss at first), the outage is logged once, and Redis is tried again every few seconds.
The rate limits count in that same local memory meanwhile, so they still hold, per process.

A key written or deleted during the outage may hold an older value in Redis: before Redis
serves again, those keys are deleted there, so nobody is served what a write invalidated."""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Between two attempts to reach Redis once it failed: one request per interval pays for the
# attempt, the others go straight to local memory.
RETRY_SECONDS = 5.0
LOCAL_MAX_ENTRIES = 5000


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(
            f"wemi-cache-fallback-{id(self)}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "OPTIONS": {"MAX_ENTRIES": LOCAL_MAX_ENTRIES},
            },
        )
        self._lock = threading.Lock()
        self._down = False
        self._retry_at = 0.0
        # Keys (as made by make_key) written while Redis was down; "everything" after a clear().
        self._stale: set[str] = set()
        self._stale_everything = False
        self._errors = _unreachable_errors()

    # --- the state of the connection --------------------------------------------------------
    @property
    def reachable(self) -> bool:
        return not self._down

    def _failed(self, exc: BaseException) -> None:
        with self._lock:
            self._retry_at = time.monotonic() + RETRY_SECONDS
            if not self._down:
                self._down = True
                logger.error(
                    "The cache (Redis) is unreachable: serving from this process's memory "
                    "until it answers again (%s: %s)",
                    type(exc).__name__,
                    exc,
                )

    def _try_redis(self) -> bool:
        """Whether to send this operation to Redis: always while it is up; during an outage
        once per RETRY_SECONDS, after forgetting there what was written meanwhile."""
        if not self._down:
            return True
        if time.monotonic() < self._retry_at:
            return False
        with self._lock:
            if not self._down:
                return True
            stale, everything = set(self._stale), self._stale_everything
        try:
            if everything:
                super().clear()
            elif stale:
                self._cache.delete_many(list(stale))
        except self._errors as exc:
            self._failed(exc)
            return False
        with self._lock:
            self._stale -= stale
            self._stale_everything = self._stale_everything and not everything
            self._down = False
        # What this process kept meanwhile would be stale by the next outage.
        self._local.clear()
        logger.warning("The cache (Redis) answers again")
        return True

    def _run(self, operation: str, args: tuple, kwargs: dict, *, written=()):
        if self._try_redis():
            try:
                return getattr(super(), operation)(*args, **kwargs)
            except self._errors as exc:
                self._failed(exc)
        if written:
            version = kwargs.get("version")
            with self._lock:
                self._stale.update(self.make_key(key, version=version) for key in written)
        return getattr(self._local, operation)(*args, **kwargs)

    # --- the cache API ---------------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("add", (key, value, timeout), {"version": version}, written=(key,))

    def get(self, key, default=None, version=None):
        return self._run("get", (key, default), {"version": version})

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("set", (key, value, timeout), {"version": version}, written=(key,))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("touch", (key, timeout), {"version": version}, written=(key,))

    def delete(self, key, version=None):
        return self._run("delete", (key,), {"version": version}, written=(key,))

    def get_many(self, keys, version=None):
        return self._run("get_many", (keys,), {"version": version})

    def has_key(self, key, version=None):
        return self._run("has_key", (key,), {"version": version})

    def incr(self, key, delta=1, version=None):
        return self._run("incr", (key, delta), {"version": version}, written=(key,))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("set_many", (data, timeout), {"version": version}, written=tuple(data))

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._run("delete_many", (keys,), {"version": version}, written=tuple(keys))

    def clear(self):
        if self._try_redis():
            try:
                return super().clear()
            except self._errors as exc:
                self._failed(exc)
        with self._lock:
            self._stale_everything = True
        return self._local.clear()
