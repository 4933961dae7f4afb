"""Wagtail admin viewsets: users with the e-mail login, and provider organisations."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelMultipleChoiceField
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views import groups as wagtail_groups
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.users import GroupFilter as WagtailGroupFilter
from wagtail.users.views.users import UserFilterSet as WagtailUserFilterSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from wemi_community.core.audited_admin import AuditedSnippetViewSet

from . import admin_services
from .admin_forms import OrganisationForm, OrganisationStaffForm, UserCreationForm, UserEditForm
from .models import Organisation, OrganisationStaff
from .roles import group_label


class GroupsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return group_label(obj)


class GroupFilter(WagtailGroupFilter):
    """Role groups are named by their code ("city_staff"): the filter shows the role."""

    field_class = GroupsField


class UserFilterSet(WagtailUserFilterSet):
    def __init__(self, *args, is_searching=False, **kwargs):
        super().__init__(*args, is_searching=is_searching, **kwargs)
        self.filters["group"] = GroupFilter(
            field_name="groups",
            queryset=Group.objects.all(),
            label=_("Group"),
            use_subquery=is_searching,
            widget=CheckboxSelectMultiple,
        )


class AdminUserFormKwargsMixin:
    """The user forms save the ticked groups through the audited services, in the name of
    the admin user."""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"by": self.request.user}


class UserCreateView(AdminUserFormKwargsMixin, wagtail_users.CreateView):
    pass


class UserEditView(AdminUserFormKwargsMixin, wagtail_users.EditView):
    pass


class UserDeleteView(wagtail_users.DeleteView):
    """Deletes through the audited service (Wagtail's history entry first, while the row
    still exists, as its own view does)."""

    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
            admin_services.account_delete(user=self.object, by=self.request.user)


class UserViewSet(WagtailUserViewSet):
    """Wagtail 8 takes custom user forms from the viewset (the WAGTAIL_USER_* settings are
    gone). Installed through ``apps.WagtailUsersConfig``."""

    filterset_class = UserFilterSet
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm


class GroupDeleteView(wagtail_groups.DeleteView):
    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
            admin_services.group_delete(group=self.object, by=self.request.user)


class GroupViewSet(wagtail_groups.GroupViewSet):
    """Installed through ``apps.WagtailUsersConfig``: deleting a group is audited."""

    delete_view_class = GroupDeleteView


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = [
        "name",
        Column("email", label=_("E-mail")),
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "email"]
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("website"),
            FieldPanel("email"),
            FieldPanel("phone"),
            FieldPanel("accredited_categories"),
            FieldPanel("is_active"),
        ],
        base_form_class=OrganisationForm,
    )


class OrganisationStaffViewSet(AuditedSnippetViewSet):
    model = OrganisationStaff
    icon = "user"
    menu_label = _("Staff")
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__email", "user__display_name", "organisation__name"]
    edit_handler = ObjectList(
        [FieldPanel("organisation"), FieldPanel("user"), FieldPanel("role")],
        base_form_class=OrganisationStaffForm,
    )

    def get_queryset(self, request):
        # The list shows each link's user and organisation: fetch them with the links.
        return OrganisationStaff.objects.select_related("user", "organisation")


class ProvidersViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, OrganisationStaffViewSet)
    menu_label = _("Providers")
    menu_icon = "group"
    menu_order = 250
