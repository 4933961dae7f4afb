"""Settings shared by every environment. Everything that differs between machines comes
from environment variables; with none set, the embedded defaults need no running service."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("WEMI_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

PROJECT_APPS = [
    "wemi_community.core",
    "wemi_community.accounts",
    "wemi_community.catalogue",
    "wemi_community.participation",
    "wemi_community.notifications",
    "wemi_community.certificates",
    "wemi_community.devmail",
    "wemi_community.evidence",
    "cms_templates",
    "spaces_pages",
    "proposals",
    "shared_services",
    "labs",
    "events",
    "volunteering",
    "desk",
    "observatory",
    "api",
]

INSTALLED_APPS = [
    "daphne",
    *PROJECT_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    # Translations of pages in the admin; its locales app replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's user admin, with forms for the e-mail login and the display name.
    "wemi_community.accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files, served from our own static files (no CDN: the site's CSP).
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    # Second factor for staff: TOTP apps and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Sign-in with SPID/CIE through the City's OpenID Connect gateway.
    "mozilla_django_oidc",
    "channels",
    "django_q",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer: strict, looser under the admin (see below).
    "wemi_community.core.csp.SitePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session typed a second-factor code.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: whether htmx sent the request (and how), for views answering a fragment.
    "django_htmx.middleware.HtmxMiddleware",
    # The second step of signing in before any other page (accounts/middleware.py): before
    # the assisted sessions, so it sees the operator who is really signed in.
    "wemi_community.accounts.middleware.SecondFactorMiddleware",
    # An open assisted session: the pages see the person, the audit trail the operator.
    "desk.middleware.AssistedSessionMiddleware",
    # A new version of the privacy notice is accepted before anything else (after the
    # desk's, which lets an assisted session through).
    "wemi_community.accounts.consent_middleware.PrivacyConsentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Whole pages for anonymous visitors (core/page_cache.py): inside the CSRF middleware, which
    # sets each visitor's cookie for the token put in a cached page, and inside every middleware
    # that adds headers, which then run on cached answers too.
    "wemi_community.core.page_cache.AnonymousPageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a view's RateLimited into the 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wemi_community.urls"
ASGI_APPLICATION = "wemi_community.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms_templates.context_processors.site",
                "wemi_community.notifications.context_processors.unread_notifications",
                "desk.context_processors.assisted_session",
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise -------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wemi.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, task broker and cache when REDIS_URL is set -------------------------
REDIS_URL = env_str("REDIS_URL")

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "wemi:channels"},
        }
    }
    CACHES = {
        "default": {
            # Django's Redis cache, answered from local memory while Redis is unreachable.
            "BACKEND": "wemi_community.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wemi",
            # A Redis that stops answering costs a page one second, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

Q_CLUSTER = {
    "name": env_str("Q_CLUSTER_NAME", "wemi"),
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 120,
    "retry": 180,
    "max_attempts": 3,
    "catch_up": False,
    "label": "Task queue",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = 1

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    # SPID/CIE through the City's gateway; it does nothing while OIDC_ISSUER is unset.
    "wemi_community.accounts.oidc.OidcBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
ACCOUNT_CONFIRMATION_TIMEOUT = env_int("ACCOUNT_CONFIRMATION_TIMEOUT", 60 * 60 * 24 * 3)

# django-guardian: no anonymous user row, anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# django-axes: lock a login after repeated failures for that account from that address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# Sessions live in the database, the record of who is signed in: a Redis outage signs nobody
# out and nobody in. (A cached session would let a process that kept its own copy during an
# outage honour a session another process had ended.)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Rate limits (django-ratelimit; the limits are in wemi_community/core/ratelimits.py) ------
RATELIMIT_VIEW = "wemi_community.core.ratelimits.rate_limited"
# Behind a proxy, the header carrying the client's address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY") or None
# Limits that differ from core/ratelimits.py's RATES, by name: {"api": "3000/h"}.
WEMI_RATE_LIMITS: dict[str, str] = {}
# django_ratelimit is not an installed app: its system check refuses the local-memory cache
# (right for the embedded default's one process) and warns on Django's own Redis cache.

# --- Internationalisation: Italian first, English complete ----------------------------------
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Pages exist once per language: the Italian tree, and the English one that wagtail-localize
# keeps synchronised with it (see cms_templates/i18n.py).
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "WeMi Community <noreply@wemi.example>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Development's mailbox (wemi_community.devmail): where its e-mail backend keeps the messages.
WEMI_DEV_MAILBOX_DIR = Path(env_str("WEMI_DEV_MAILBOX_DIR", str(VAR_DIR / "mail")))

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "WeMi Community"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL full-text search with Italian stemming: "servizi" finds "servizio".
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "italian"
WAGTAILADMIN_USER_LOGIN_FORM = "wemi_community.accounts.admin_forms.AdminLoginForm"
# No Gravatar in the admin: it would hand a third party a hash of each person's e-mail.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

# --- Participation -----------------------------------------------------------------------------
# Distinct people reporting a piece of content before it is hidden pending moderation.
WEMI_REPORTS_TO_HIDE = env_int("WEMI_REPORTS_TO_HIDE", 3)
# Minutes during which the author may still edit a comment.
WEMI_COMMENT_EDIT_MINUTES = env_int("WEMI_COMMENT_EDIT_MINUTES", 15)
WEMI_COMMENT_MAX_LENGTH = 5000
# Top-level comments per page (each with all its replies).
WEMI_COMMENTS_PER_PAGE = 20
# The daily digest: when it leaves (Europe/Rome) and how many people one task handles.
WEMI_DIGEST_HOUR = env_int("WEMI_DIGEST_HOUR", 7)
WEMI_DIGEST_BATCH_SIZE = env_int("WEMI_DIGEST_BATCH_SIZE", 500)

# --- Proposals and shared services ------------------------------------------------------------
# Households a proposal needs when neither its category nor its space sets a threshold.
WEMI_PROPOSAL_DEFAULT_THRESHOLD = env_int("WEMI_PROPOSAL_DEFAULT_THRESHOLD", 5)
# Days a new proposal gathers households unless its author sets another deadline.
WEMI_PROPOSAL_GATHERING_DAYS = env_int("WEMI_PROPOSAL_GATHERING_DAYS", 60)
# Days the households of an accepted proposal have to confirm their seat in the service.
WEMI_SERVICE_CONFIRM_DAYS = env_int("WEMI_SERVICE_CONFIRM_DAYS", 7)
WEMI_PROPOSALS_PER_PAGE = 12

# --- Labs ---------------------------------------------------------------------------------------
# Days an invitation link to a lab keeps working (a facilitator may regenerate it any time).
WEMI_LAB_INVITE_DAYS = env_int("WEMI_LAB_INVITE_DAYS", 90)

# --- Security defaults that hold everywhere ---------------------------------------------------
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure"

# Content Security Policy (django-csp): nothing inline, nothing from elsewhere. Scripts and
# styles are static files; websockets (live pages) go back to the same host; the spaces' map
# draws OpenStreetMap's tiles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://tile.openstreetmap.org"],
        # Bootstrap Italia's stylesheet carries the video player's icon font as a data: URL.
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "ws:", "wss:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The Wagtail admin writes inline scripts and styles, shows previews of pages in a frame of
# its own and images being uploaded as blob: URLs: it gets this looser policy instead.
CSP_ADMIN_PREFIXES = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "daphne": {"level": "WARNING"},
        # django-q2 logs as "django-q": one line per task queued and done is noise here.
        "django-q": {"level": "WARNING"},
    },
}

# --- The desk ----------------------------------------------------------------------------
# How long an assisted session lasts before it ends by itself.
DESK_SESSION_MINUTES = env_int("DESK_SESSION_MINUTES", 30)
# How long an activation code printed at the desk stays valid.
DESK_ACTIVATION_DAYS = env_int("DESK_ACTIVATION_DAYS", 14)
# The privacy notice's version, printed on the consent forms the desk has signed; a new
# version asks everyone for consent again at their next sign-in.
PRIVACY_NOTICE_VERSION = env_str("PRIVACY_NOTICE_VERSION", "2026-01")

# --- Identity and personal data -----------------------------------------------------------
# SPID/CIE sign-in through the City's OpenID Connect gateway: off while OIDC_ISSUER is unset.
OIDC_ISSUER = env_str("OIDC_ISSUER", "")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = env_str("OIDC_SCOPES", "openid profile email")
# Seconds to wait for the gateway (discovery, token, keys, userinfo) before saying it is down.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
# The gateway's discovery document is fetched at first use and kept this long in the cache.
OIDC_DISCOVERY_CACHE_SECONDS = env_int("OIDC_DISCOVERY_CACHE_SECONDS", 60 * 60)
# Which identity the person chose ("Entra con SPID" or "Entra con CIE") travels to the gateway
# as this authorization parameter (empty: not sent), with these values.
OIDC_METHOD_PARAM = env_str("OIDC_METHOD_PARAM", "idp_hint")
OIDC_METHOD_VALUES = {
    "spid": env_str("OIDC_METHOD_SPID", "spid"),
    "cie": env_str("OIDC_METHOD_CIE", "cie"),
}
# PKCE (S256) on top of state and nonce, unless the gateway refuses it.
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
# Staff (city, coordinators, desk, facilitators, providers) must enrol a second factor.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)
# The staff demo logins get an authenticator app with a published key (accounts/demo.py).
WEMI_DEMO_SECOND_FACTOR = True
# The name authenticator apps show for our accounts.
OTP_TOTP_ISSUER = "WeMi Community"
# django-otp's growing delays after a wrong code are off: wrong codes are counted per account
# and lock the second step like the password (core/ratelimits "second_factor", accounts/mfa.py).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# How long a "download my data" ZIP stays downloadable.
DATA_EXPORT_DAYS = env_int("DATA_EXPORT_DAYS", 7)
# An account nobody has signed in to for this long is deleted, after warnings sent this many
# days before.
RETENTION_INACTIVE_DAYS = env_int("RETENTION_INACTIVE_DAYS", 730)
RETENTION_WARNING_DAYS = [int(d) for d in env_list("RETENTION_WARNING_DAYS", ["30", "7"])]
# Lab guests' nicknames and browser keys are removed this long after the lab closes.
LAB_GUEST_RETENTION_DAYS = env_int("LAB_GUEST_RETENTION_DAYS", 90)

# --- The observatory, open data and the public API ----------------------------------------
# The smallest number of people a published cell may rest on (smaller ones are hidden).
OBSERVATORY_MIN_CELL = env_int("OBSERVATORY_MIN_CELL", 5)
# The longest period a question to the observatory may cover, in months.
OBSERVATORY_MAX_MONTHS = env_int("OBSERVATORY_MAX_MONTHS", 36)
# The publisher of the open data, as the national catalogue (dati.gov.it) names it.
OPEN_DATA_PUBLISHER_NAME = env_str("OPEN_DATA_PUBLISHER_NAME", "Comune di Milano")
OPEN_DATA_PUBLISHER_IPA = env_str("OPEN_DATA_PUBLISHER_IPA", "c_f205")
# Where questions about the open data go (the contact point of the DCAT-AP_IT catalogue).
OPEN_DATA_CONTACT_EMAIL = env_str("OPEN_DATA_CONTACT_EMAIL", "dati-aperti@wemi.example")
# The hour (Rome) the open data files are rebuilt every night.
OPEN_DATA_REBUILD_HOUR = env_int("OPEN_DATA_REBUILD_HOUR", 4)

# --- The public API (/api/v1/): read-only, anonymous, limited by address --------------------
# The API's own policy (anonymous, GET only, JSON, the "api" rate limit of
# core/ratelimits.py, strict parameters, pages of 50 up to 100) is set on its views
# (api/base.py), not as DRF's defaults: Wagtail's admin API and wagtail-localize's editor are
# DRF views too, and they sign in and write.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WeMi Community API",
    "DESCRIPTION": (
        "Public, read-only data of the Spazi WeMi of Milan: spaces, events, courses, "
        "volunteering, proposals, shared services and the observatory's figures. No "
        "personal data. Anonymous; GET only; limited per address (429 with Retry-After)."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["api.permissions.ReadOnly"],
    # The schema describes /api/v1/ only (the admin's DRF views are not public).
    "PREPROCESSING_HOOKS": ["api.schema.only_public_api"],
    "ENUM_NAME_OVERRIDES": {},
}

# --- Uploads: pictures and documents, checked by their content (core/uploads.py) -------------
# Pictures (the admin's library, an event's picture): JPEG, PNG, WebP or GIF, never SVG.
WEMI_UPLOAD_IMAGE_MAX_BYTES = env_int("WEMI_UPLOAD_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
# Measured from the file's header before anything is decoded (a tiny PNG may declare 20000²).
WEMI_UPLOAD_IMAGE_MAX_PIXELS = env_int("WEMI_UPLOAD_IMAGE_MAX_PIXELS", 50_000_000)
WEMI_UPLOAD_IMAGE_MAX_SIDE = env_int("WEMI_UPLOAD_IMAGE_MAX_SIDE", 12_000)
# Documents (the admin's library), of the extensions of WAGTAILDOCS_EXTENSIONS.
WEMI_UPLOAD_DOCUMENT_MAX_BYTES = env_int("WEMI_UPLOAD_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# Wagtail's own checks agree with ours; its forms run ours first (core/upload_admin_forms.py).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = WEMI_UPLOAD_IMAGE_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = WEMI_UPLOAD_IMAGE_MAX_PIXELS
WAGTAILIMAGES_IMAGE_FORM_BASE = "wemi_community.core.upload_admin_forms.CheckedImageForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = WEMI_UPLOAD_DOCUMENT_MAX_BYTES
WAGTAILDOCS_DOCUMENT_FORM_BASE = "wemi_community.core.upload_admin_forms.CheckedDocumentForm"

# --- The task outbox (core/outbox.py): no task is lost while the broker is down ------------
# Every task is a row written with the write that needs it, pushed to the queue after the
# commit; what the broker refused is pushed by `manage.py relay_tasks` once it is back.
OUTBOX_RELAY_INTERVAL = env_int("OUTBOX_RELAY_INTERVAL", 5)  # seconds between the relay's passes
OUTBOX_RELAY_BATCH = 200  # rows per pass (a full pass is followed at once by another)
OUTBOX_CLAIM_SECONDS = 300  # a claim older than this belongs to a process that died mid-push
OUTBOX_KEEP_DAYS = 7  # dispatched rows are deleted after this many days
# A task handed over this long ago and not finished went down with its worker (the Redis broker
# never hands it out again): it is handed over again, at most OUTBOX_MAX_ATTEMPTS times in all.
# Longer than a task may run (Q_CLUSTER's timeout) plus the ORM broker's own retry.
OUTBOX_LOST_SECONDS = env_int("OUTBOX_LOST_SECONDS", 600)
OUTBOX_MAX_ATTEMPTS = 3

# --- Live updates when the channel layer fails ----------------------------------------------
# A live push that fails (Redis down or slow) is logged once per outage and dropped: the
# write stands. LIVE_SEND_TIMEOUT (seconds) bounds how long a push, or a websocket joining its
# group, waits for the layer; pages whose live updates are paused poll every LIVE_POLL_SECONDS.
LIVE_SEND_TIMEOUT = env_int("LIVE_SEND_TIMEOUT", 2)
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 15)

# --- Live wall at scale: the channel layer's connection to Redis --------------------------------
# channels_redis waits for a process's messages with BZPOPMIN and a 5-second timeout, and
# redis-py gives every connection a 5-second socket timeout by default: an idle wait then
# often fails as a read timeout instead of returning nothing, and core/live.py pauses the
# socket that happened to be waiting (under load, many). The read timeout (seconds) is kept
# well above the blocking wait, still bounded, so a Redis that stops answering is noticed.
CHANNEL_LAYER_SOCKET_TIMEOUT = env_int("CHANNEL_LAYER_SOCKET_TIMEOUT", 15)
if REDIS_URL:
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [
        {
            "address": REDIS_URL,
            "socket_timeout": CHANNEL_LAYER_SOCKET_TIMEOUT,
            "socket_connect_timeout": 2,
        }
    ]

# --- Caching pages and fragments (core/cache_versions.py, core/page_cache.py) ------------------
# How long an anonymous visitor's page is kept (0: never). Any write drops it sooner: the key
# carries the version of the site's data, which every write moves.
WEMI_PAGE_CACHE_SECONDS = env_int("WEMI_PAGE_CACHE_SECONDS", 300)
# With Redis, the pages each server process also keeps in its own memory (0: none); without
# Redis the shared cache already is the process's memory.
WEMI_PAGE_CACHE_LOCAL_ENTRIES = env_int("WEMI_PAGE_CACHE_LOCAL_ENTRIES", 100 if REDIS_URL else 0)
# The public pages cached for anonymous visitors, by URL name (Wagtail's pages: wagtail_serve).
WEMI_PAGE_CACHE_VIEWS = {
    "wagtail_serve",
    "proposals:list",
    "proposals:detail",
    "shared_services:service",
    "events:list",
    "events:calendar",
    "events:detail",
    "events:course",
    "volunteering:list",
    "volunteering:opportunity",
    "labs:list",
    "labs:detail",
    # Computed over the whole city on each request: a repeated search or view of the figures
    # is served as it was until the next write.
    "search",
    "observatory:index",
    "observatory:account",
    "open_data:index",
}
# Writes to these (app labels or app_label.Model) show on no public page: they move no version.
WEMI_CACHE_IGNORED_MODELS = [
    "sessions",
    "core.AuditEntry",
    "core.OutboxTask",
    "notifications",
    "django_q",
    "evidence.Fact",
    "axes",
    "otp_totp",
    "otp_static",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailadmin",
    "wagtailusers",
]
# Updates of only these columns move nothing either (the login timestamp).
WEMI_CACHE_IGNORED_COLUMNS = {
    # The retention's marks too: its daily run may warn thousands of accounts one by one.
    AUTH_USER_MODEL: ["last_login", "inactivity_warnings_sent", "inactivity_warned_at"]
}
