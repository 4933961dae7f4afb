"""The in-app notifications, mounted at /notifiche/ (Italian slugs in every language)."""

from django.urls import path

from . import inbox_views

urlpatterns = [
    path("", inbox_views.notification_list, name="list"),
    path("<id:pk>/letta/", inbox_views.notification_read, name="read"),
    path("non-lette/", inbox_views.unread_count, name="unread"),
    path("tutte-lette/", inbox_views.notifications_read_all, name="read_all"),
]
