"""E-mail pages under /notifiche/ (Italian slugs; English under /en/)."""

from django.urls import path

from . import email_views

urlpatterns = [
    path(
        "disiscriviti/<str:token>/",
        email_views.unsubscribe_view,
        name="unsubscribe",
    ),
    path("riattiva/<str:token>/", email_views.resubscribe_view, name="resubscribe"),
    path("impostazioni/", email_views.settings_view, name="settings"),
]
