"""Wagtail admin: "Volunteer hours", the site's report of approved hours per space, in the
menu of city staff and coordinators (the report itself lives on the site)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions


class VolunteerHoursMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return permissions.can_see_reports(user) or permissions.can_coordinate_somewhere(user)


@hooks.register("register_admin_menu_item")
def volunteer_hours_menu_item():
    return VolunteerHoursMenuItem(
        _("Volunteer hours"),
        reverse("volunteering:report"),
        name="volunteer-hours",
        icon_name="group",
        order=260,
    )
