"""Production: every secret from the environment, HTTPS everywhere."""

import copy
import sys

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Templates parsed once per process, not on every render: Django would choose the cached
# loader by itself with DEBUG off and no "loaders", but a later change to TEMPLATES (an
# explicit loader list, APP_DIRS) would silently turn it off. Said here, and tested.
TEMPLATES = copy.deepcopy(TEMPLATES)  # noqa: F405
TEMPLATES[0]["APP_DIRS"] = False
TEMPLATES[0]["OPTIONS"]["loaders"] = [
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]

# PostgreSQL: each process keeps a pool of open connections. Under ASGI every request runs
# its view in a thread of its own, so Django's persistent connections (CONN_MAX_AGE) would
# only be held, never reused, and a connection opened per request costs PostgreSQL a new
# server process each time. The pool hands a checked connection to each request and takes
# it back at the request's end; DB_POOL_MAX_SIZE=0 turns it off (one connection a request).
# Not in the task worker: it forks its workers, and a pool's open sockets and threads do not
# survive a fork (the children would share the parent's connections).
DB_POOL_MAX_SIZE = 0 if "qcluster" in sys.argv else env_int("DB_POOL_MAX_SIZE", 10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_MAX_SIZE > 0:  # noqa: F405
    DATABASES = copy.deepcopy(DATABASES)  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool refuses persistent connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DB_POOL_MAX_SIZE,
        # A request waits this long for a connection when all are taken, then fails.
        "timeout": env_int("DB_POOL_TIMEOUT", 10),
    }
