"""The test suite: the same settings as everywhere, made fast and deterministic."""

import os
from urllib.parse import urlsplit, urlunsplit

from .env import env_int, env_str


def _worker_redis_url(url: str, worker: int) -> str:
    """The Redis database after the configured one for each worker of a parallel run
    (``pytest -n``): every test empties the cache, which must never be another worker's."""

    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{first + worker}"))


# pytest-xdist names its workers gw0, gw1, …; the environment is changed, not only the
# settings, so the tests and the processes they start read the same Redis database. A process
# started by a test inherits both variables and keeps the database it was given.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_redis_url = os.environ.get("REDIS_URL", "")
if _worker.startswith("gw") and _redis_url and _redis_url != os.environ.get("WEMI_WORKER_REDIS"):
    os.environ["REDIS_URL"] = os.environ["WEMI_WORKER_REDIS"] = _worker_redis_url(
        _redis_url, int(_worker[2:])
    )

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-only-key")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process so a test sees their effect; the broker tests opt out explicitly.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
if not REDIS_URL:  # noqa: F405
    MEDIA_ROOT = VAR_DIR / f"test-media{'-' + _worker if _worker else ''}"  # noqa: F405

# WhiteNoise warns when STATIC_ROOT is missing, even when it serves from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the shared in-memory database: threads of the concurrency tests then wait
    # for the write lock (busy timeout) instead of failing with "database table is locked".
    # One file per run, so two runs side by side never share one; Django deletes it at the end.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405

# wagtail-localize re-synchronises the page trees when a LocaleSynchronization row is saved,
# even while a serialized test database is being restored (its receiver ignores "raw"):
# those rows stay out of the restore.
TEST_NON_SERIALIZED_APPS = ["wagtail_localize"]

# Second factor: the suite signs staff in with client.force_login and would meet the
# enforcement on every page; it is off here, and the tests of the second factor turn it on
# with override_settings(STAFF_MFA_REQUIRED=True). A confirmed device is asked for all the
# same, so the demo's staff logins (which tests sign in with force_login) get none here; the
# tests of the demo's second factor and the README's browser journey turn it on.
STAFF_MFA_REQUIRED = False
WEMI_DEMO_SECOND_FACTOR = False

# Cached pages hide a response's context from the tests that read it: off here, on in the
# tests of the cache (tests/core/test_page_cache.py) and with WEMI_PAGE_CACHE_SECONDS set.
WEMI_PAGE_CACHE_SECONDS = env_int("WEMI_PAGE_CACHE_SECONDS", 0)
