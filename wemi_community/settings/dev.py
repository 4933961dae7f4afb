"""Local development: debug on unless DEBUG says otherwise, a fixed key for this machine only."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
# E-mails on the console and in the local mailbox, /dev/posta/ (DEBUG only).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "wemi_community.devmail.backend.EmailBackend")
# Serve static files straight from the apps, no collectstatic needed while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise warns when STATIC_ROOT is missing, even when it serves from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
