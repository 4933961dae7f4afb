"""Snippets of the Wagtail admin whose rows only an audited service may write.

Wagtail saves a snippet through its form and deletes it (one, or many at once) itself. For the
models registered here the form's ``save`` hands the row to the module's service, and both
ways of deleting call the module's removal service, so the audit trail has every change made
in the admin, with Wagtail's own history kept as it is."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

# model → (save service, removal service); each takes the row and ``by=`` the admin user.
_services: dict[type, tuple[Callable, Callable]] = {}


def register(model, *, save: Callable, remove: Callable) -> None:
    _services[model] = (save, remove)


def remove_service(model) -> Callable | None:
    entry = _services.get(model)
    return entry[1] if entry is not None else None


class AuditedForm(WagtailAdminModelForm):
    """Saves the row through the service registered for its model (with the admin user)."""

    def save(self, commit=True):
        instance = super().save(commit=False)
        if not commit:
            return instance
        save, _remove = _services[type(instance)]
        instance = save(instance, by=self.for_user)
        self.save_m2m()
        return instance


class AuditedDeleteView(DeleteView):
    def delete_action(self):
        with transaction.atomic():
            # Wagtail's history entry first, while the row still exists (as its own view does).
            log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
            remove_service(type(self.object))(self.object, by=self.request.user)


class AuditedSnippetViewSet(SnippetViewSet):
    delete_view_class = AuditedDeleteView


def bulk_delete_through_services(request, action_type, objects, action_view):
    """Wagtail's bulk deletion (``before_bulk_action`` hook, inside its transaction): the
    rows of an audited model go through its removal service first, which leaves Wagtail's
    own deletion nothing to delete."""
    if action_type != "delete":
        return
    for instance in objects:
        remove = remove_service(type(instance))
        if remove is not None:
            remove(instance, by=request.user)
