"""Wagtail's user forms, adapted to the e-mail login and the display name."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm


class UserEditForm(WagtailUserEditForm):
    display_name = forms.CharField(label=_("display name"), max_length=60)


class UserCreationForm(WagtailUserCreationForm):
    display_name = forms.CharField(label=_("display name"), max_length=60)
