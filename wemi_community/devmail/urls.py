"""Mounted at /dev/ inside i18n_patterns, and only when DEBUG is on (wemi_community/urls.py)."""

from django.urls import path

from . import views

app_name = "devmail"

urlpatterns = [
    path("posta/", views.mailbox_list, name="list"),
    path("posta/svuota/", views.mailbox_clear, name="clear"),
    path("posta/<str:message_id>/", views.mailbox_message, name="message"),
]
