"""Wagtail admin: every space gets its coordination and desk groups as soon as it exists, and
the people who run a space find it on their dashboard."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from wemi_community.accounts.permissions import is_city_staff

from .models import SpacePage
from .permissions import can_coordinate_space, spaces_served_by
from .services import space_groups_ensure


def _ensure_groups(request, page):
    if isinstance(page, SpacePage):
        space_groups_ensure(space=page, actor=getattr(request, "user", None))


# After publishing too: it renames the groups when the space is renamed.
hooks.register("after_create_page", _ensure_groups)
hooks.register("after_publish_page", _ensure_groups)


class MySpacesPanel(Component):
    name = "my_spaces"
    template_name = "spaces_pages/admin/my_spaces_panel.html"
    order = 50  # first: it is why coordinators and desk operators come here

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update({"rows": self.rows, "request": parent_context["request"]})
        return context


@hooks.register("construct_homepage_panels")
def add_my_spaces_panel(request, panels):
    # City staff reach every page from the explorer; the list is for the people of a space.
    if is_city_staff(request.user):
        return
    rows = []
    for space in spaces_served_by(request.user).order_by("title"):
        coordinates = can_coordinate_space(request.user, space)
        rows.append(
            {
                "space": space,
                "can_edit": coordinates,
                "role": _("Coordination") if coordinates else _("Desk"),
            }
        )
    if rows:
        panels.append(MySpacesPanel(rows))
