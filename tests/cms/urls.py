"""A URLconf for the error-page and layout tests: the real one plus a few views that only
tests need (one that crashes, one whose database is away, one that leaves a message)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import messages
from django.db import OperationalError
from django.shortcuts import render
from django.urls import path

from wemi_community.urls import handler404, handler500
from wemi_community.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def boom(request):
    raise RuntimeError("Deliberate failure for the 500 page test")


def database_away(request):
    # What a query raises when the database refuses or drops the connection.
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def with_messages(request):
    messages.success(request, "Your changes were saved.")
    messages.error(request, "Something could not be saved.")
    return render(request, "base.html")


urlpatterns = [
    *i18n_patterns(
        path("test-boom/", boom),
        path("test-database-away/", database_away),
        path("test-messages/", with_messages),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
