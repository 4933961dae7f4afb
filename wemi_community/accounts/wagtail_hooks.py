"""Registers the provider organisations and their staff in the Wagtail admin; the staff are
written through the audited services."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wemi_community.core import audited_admin

from . import admin_services, services
from .models import OrganisationStaff, User
from .viewsets import ProvidersViewSetGroup

audited_admin.register(
    OrganisationStaff,
    save=lambda link, by: services.organisation_staff_save(link=link, by=by),
    remove=lambda link, by: services.organisation_staff_remove(link=link, by=by),
)
register_snippet(ProvidersViewSetGroup)


@hooks.register("before_bulk_action")
def assign_role_through_services(request, action_type, objects, action_view):
    """Wagtail's "Assign role" on many users (inside its transaction): each membership goes
    through the audited service first, which leaves Wagtail's own addition nothing to do."""
    if action_type != "assign_role":
        return
    group = action_view.cleaned_form.cleaned_data["role"]
    for user in objects:
        services.group_join(user=user, group=group, by=request.user)


@hooks.register("before_bulk_action")
def user_changes_through_services(request, action_type, objects, action_view):
    """Wagtail's bulk "Set active state" and "Delete" on users (inside its transaction): each
    account goes through the audited service first, so Wagtail's own update or deletion that
    follows finds nothing left to change."""
    if getattr(action_view, "model", None) is not User:
        return
    if action_type == "set_active_state":
        value = action_view.cleaned_form.cleaned_data["mark_as_active"]
        for user in objects:
            admin_services.account_active_set(user=user, value=value, by=request.user)
    elif action_type == "delete":
        for user in objects:
            admin_services.account_delete(user=user, by=request.user)
