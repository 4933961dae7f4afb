"""The production settings, with what the page benchmark needs on top: a URLconf that adds the
floor view before the project's own URLs, and a middleware that counts each request's queries.
Everything else (cached template loader, cache, sessions, security) is production's."""

from wemi_community.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.pages_site.urls"
# Outermost: it counts the queries of every other middleware too (session, user, consent).
MIDDLEWARE = ["bench.pages_site.middleware.count_queries", *MIDDLEWARE]  # noqa: F405
# The benchmark's own collected static files (the manifest storage needs them).
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"  # noqa: F405
# Only errors in the server's output, not a line per request.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
