"""Forms of the Wagtail admin: users (e-mail login, display name) and provider organisations."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm

from wemi_community.catalogue import selectors as catalogue_selectors
from wemi_community.core.audited_admin import AuditedForm

from .models import User
from .roles import group_label
from .services import administrator_set, normalise_email, user_groups_set


class EmailLoginUserFormMixin:
    """Wagtail compares usernames exactly, but our unique index on e-mail ignores case: without
    this, "Anna@x" next to "anna@x" would pass the form and fail in the database."""

    def __init__(self, *args, by=None, **kwargs):
        # The admin user saving the form: group changes are theirs in the audit trail.
        self.by = by
        super().__init__(*args, **kwargs)
        # The platform asks only for a display name; legal names are optional.
        for name in ("first_name", "last_name"):
            self.fields[name].required = False
        if "groups" in self.fields:
            self.fields["groups"].label_from_instance = group_label

    def save(self, commit=True):
        # Making someone an administrator goes through its audited service (in _save_m2m,
        # once the user exists): the row is saved with the flag as it was.
        self._administrator = None
        if "is_superuser" in self.fields and "is_superuser" in self.changed_data:
            self._administrator = bool(self.cleaned_data.get("is_superuser"))
            self.instance.is_superuser = not self._administrator
        return super().save(commit)

    def _save_m2m(self):
        if getattr(self, "_administrator", None) is not None:
            administrator_set(user=self.instance, value=self._administrator, by=self.by)
        # Groups are roles and a space's staff: they change through the audited services.
        cleaned = self.cleaned_data
        groups = cleaned.pop("groups", None) if "groups" in self.fields else None
        try:
            super()._save_m2m()
        finally:
            if groups is not None:
                cleaned["groups"] = groups
        if groups is not None:
            user_groups_set(user=self.instance, groups=groups, by=self.by)

    def _clean_username(self):
        email = self.cleaned_data.get("email")
        if not email:
            return None
        email = normalise_email(email)
        self.cleaned_data["email"] = email
        others = User.objects.exclude(pk=self.instance.pk) if self.instance.pk else User.objects
        if others.filter(email__iexact=email).exists():
            self.add_error(
                "email",
                forms.ValidationError(
                    _("A user with this e-mail address already exists."), code="duplicate_email"
                ),
            )
        return email


def _display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("How other participants see this person."),
    )


class UserCreationForm(EmailLoginUserFormMixin, WagtailUserCreationForm):
    display_name = _display_name_field()

    class Meta(WagtailUserCreationForm.Meta):
        fields = WagtailUserCreationForm.Meta.fields | {"display_name"}


class UserEditForm(EmailLoginUserFormMixin, WagtailUserEditForm):
    display_name = _display_name_field()

    class Meta(WagtailUserEditForm.Meta):
        fields = WagtailUserEditForm.Meta.fields | {"display_name"}


class UserByEmailField(forms.ModelChoiceField):
    """Picks a user by typing their e-mail: a drop-down of every resident would not scale."""

    widget = forms.EmailInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("E-mail of the person"))
        kwargs.setdefault(
            "help_text", _("The person must already have an account on the platform.")
        )
        super().__init__(queryset=User.objects.all(), to_field_name="email", **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        user = self.queryset.filter(email__iexact=normalise_email(str(value))).first()
        if user is None:
            raise forms.ValidationError(
                _("No account uses this e-mail address."), code="invalid_choice"
            )
        return user

    def prepare_value(self, value):
        # A bound model form gives the primary key as the initial value.
        if isinstance(value, int):
            value = self.queryset.filter(pk=value).values_list("email", flat=True).first()
        return super().prepare_value(value)


class OrganisationStaffForm(AuditedForm):
    user = UserByEmailField()


class ServiceMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.parent.translated_name} › {obj.translated_name}"


class OrganisationForm(WagtailAdminModelForm):
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=200,
        required=False,
        help_text=_("Used in web addresses. Left empty, it is made from the name."),
    )
    accredited_categories = ServiceMultipleChoiceField(
        label=_("Accredited for"),
        queryset=catalogue_selectors.services(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            # The model's unique check, which runs after this, reports a clash.
            cleaned["slug"] = slugify(cleaned["name"])[:200]
        return cleaned


class AdminLoginForm(WagtailLoginForm):
    """Wagtail's login, with the e-mail lowercased like on the public login: the account and
    the lockout counter are the same whatever the case typed."""

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data.get("username") or "")
