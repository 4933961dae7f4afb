"""The audit trail in the Wagtail admin: read-only, for city staff only.

It is Wagtail's own generic listing (the view, table, filters and date-range widget behind the
admin's "Site history" report) over our ``AuditEntry`` rows. Edits made to pages and snippets
in the admin stay in Wagtail's history; the header links to it, and an entry about a page links
to that page's history."""

from __future__ import annotations

from collections import defaultdict

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import ContentTypeFilter, DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page

from wemi_community.core.audit import action_label
from wemi_community.core.ids import parse_id
from wemi_community.core.models import AuditEntry

from . import registry
from .admin_moderation import refuse
from .permissions import can_read_audit_trail


def _content_types(request):
    used = AuditEntry.objects.exclude(target_type=None).values("target_type").distinct()
    return ContentType.objects.filter(pk__in=used).order_by("app_label", "model")


def _actions():
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return sorted(((action, action_label(action)) for action in actions), key=lambda c: c[1])


class AuditFilterSet(WagtailFilterSet):
    person = django_filters.CharFilter(
        label=_("Person"),
        method="filter_person",
        help_text=_("E-mail, name or account number: who acted, or on whose behalf."),
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=_actions)
    target_type = ContentTypeFilter(label=_("Object type"), queryset=_content_types)
    target_id = django_filters.CharFilter(label=_("Object id"))
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields = []

    def filter_person(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if person_id := parse_id(value):
            return queryset.filter(Q(actor_id=person_id) | Q(on_behalf_of_id=person_id))
        people = get_user_model().objects.filter(
            Q(email__icontains=value)
            | Q(display_name__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )
        return queryset.filter(Q(actor__in=people) | Q(on_behalf_of__in=people))


def _person(user) -> str:
    if user is None:
        return ""
    return f"{user} <{user.email}>" if user.email else f"{user} (#{user.pk})"


def _details(entry: AuditEntry) -> str:
    return "; ".join(f"{key}: {value}" for key, value in (entry.data or {}).items())


def _instances(entries) -> dict[tuple[int, str], object]:
    """The objects behind a page of entries: one query per type of object, not per row."""
    wanted = defaultdict(set)
    for entry in entries:
        model = entry.target_type.model_class() if entry.target_type_id else None
        if model is None or issubclass(model, Page) or model is get_user_model():
            continue  # their admin URLs need only the id
        wanted[model].add(entry.target_id)
    found = {}
    for model, ids in wanted.items():
        queryset = model._default_manager.filter(pk__in=ids)
        for generic in model._meta.private_fields:
            if isinstance(generic, GenericForeignKey):
                queryset = queryset.select_related(generic.ct_field).prefetch_related(generic.name)
        content_type = ContentType.objects.get_for_model(model)
        for obj in queryset:
            found[(content_type.pk, str(obj.pk))] = obj
    return found


def _object_url(entry, instances, finder) -> str:
    if not entry.target_type_id:
        return ""
    model = entry.target_type.model_class()
    if model is None:
        return ""
    try:
        if issubclass(model, Page):
            return reverse("wagtailadmin_pages:history", args=[entry.target_id])
        if model is get_user_model():
            return reverse("wagtailusers_users:edit", args=[entry.target_id])
    except NoReverseMatch:
        return ""
    obj = instances.get((entry.target_type_id, entry.target_id))
    if obj is None:
        return ""  # deleted since
    entry_ = registry.content(obj) or registry.participatory(obj)
    if entry_ is not None:
        return entry_.url_of(obj)
    return finder.get_edit_url(obj) or ""


class AuditTrailView(BaseListingView):
    model = AuditEntry
    page_title = _("Audit trail")
    header_icon = "history"
    paginate_by = 50
    index_url_name = "participation_admin:audit"
    index_results_url_name = "participation_admin:audit_results"
    filterset_class = AuditFilterSet
    default_ordering = "-created_at"
    verbose_name = _("audit entry")
    verbose_name_plural = _("audit entries")
    columns = [
        DateColumn("created_at", label=_("When"), sort_key="created_at"),
        Column("actor", label=_("By"), accessor=lambda entry: _person(entry.actor)),
        Column(
            "on_behalf_of",
            label=_("On behalf of"),
            accessor=lambda entry: _person(entry.on_behalf_of),
        ),
        Column(
            "action",
            label=_("Action"),
            sort_key="action",
            accessor=lambda entry: (
                f"{action_label(entry.action)} ({entry.action})"
                if action_label(entry.action) != entry.action
                else entry.action
            ),
        ),
        TitleColumn(
            "target_repr",
            label=_("Object"),
            get_url=lambda entry: entry.object_url,
            accessor=lambda entry: entry.object_label,
        ),
        Column("data", label=_("Details"), accessor=_details),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_read_audit_trail(request.user):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self):
        return [
            HeaderButton(
                label=_("Page and admin edits (Wagtail history)"),
                url=reverse("wagtailadmin_reports:site_history"),
                icon_name="history",
            )
        ]

    def get_base_queryset(self):
        return AuditEntry.objects.select_related("actor", "on_behalf_of", "target_type")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        entries = list(object_list)
        instances = _instances(entries)
        finder = AdminURLFinder(self.request.user)
        for entry in entries:
            entry.object_url = _object_url(entry, instances, finder)
            # The type is in the filter and the link; the id tells two similar titles apart.
            label = entry.target_repr
            if entry.target_type_id:
                label = f"{label} · #{entry.target_id}"
            entry.object_label = label
        page.object_list = entries
        return paginator, page, entries, is_paginated
