"""Wagtail admin: "Events" for the coordinators of a space (and city staff), with the same form
and services as the site's pages."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

admin_urlpatterns = [
    path("", admin_views.EventAdminList.as_view(), name="list"),
    path("nuovo/", admin_views.EventAdminForm.as_view(), name="create"),
    path("<id:pk>/", admin_views.EventAdminForm.as_view(), name="edit"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("eventi/", include((admin_urlpatterns, "events_admin")))]


class EventsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_use_admin(request.user)


@hooks.register("register_admin_menu_item")
def events_menu_item():
    return EventsMenuItem(
        _("Events"), reverse("events_admin:list"), name="events", icon_name="date", order=250
    )
