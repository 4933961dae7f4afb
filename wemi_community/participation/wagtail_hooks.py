"""Wagtail admin: the moderation queue (city staff and space coordinators) and the audit trail
(city staff only)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_audit, admin_moderation
from .moderation_queue import can_use_queue
from .permissions import can_read_audit_trail

admin_urlpatterns = [
    path("moderazione/", admin_moderation.QueueView.as_view(), name="moderation"),
    path(
        "moderazione/<id:content_type_id>/<id:object_id>/<slug:action>/",
        admin_moderation.content_action,
        name="moderation_action",
    ),
    path(
        "moderazione/persone/<id:user_id>/blocca/",
        admin_moderation.BlockUserView.as_view(),
        name="user_block",
    ),
    path(
        "moderazione/persone/<id:user_id>/sblocca/",
        admin_moderation.unblock_user,
        name="user_unblock",
    ),
    path("registro/", admin_audit.AuditTrailView.as_view(), name="audit"),
    path(
        "registro/risultati/",
        admin_audit.AuditTrailView.as_view(results_only=True),
        name="audit_results",
    ),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("partecipazione/", include((admin_urlpatterns, "participation_admin")))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_queue(request.user)


class AuditTrailMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_audit_trail(request.user)


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return ModerationMenuItem(
        _("Moderation"),
        reverse("participation_admin:moderation"),
        name="moderation",
        icon_name="warning",
        order=260,
    )


@hooks.register("register_admin_menu_item")
def audit_trail_menu_item():
    return AuditTrailMenuItem(
        _("Audit trail"),
        reverse("participation_admin:audit"),
        name="audit-trail",
        icon_name="history",
        order=270,
    )
