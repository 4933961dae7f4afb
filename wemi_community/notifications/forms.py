"""The e-mail settings form: one choice per kind of notification. It validates; the view
saves the changes through ``services.notification_setting_set``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Channel, NotificationSetting


def field_name(kind_key: str) -> str:
    # "comment.new" -> "kind-comment-new": a name and an id that CSS and URLs take as is.
    return "kind-" + kind_key.replace(".", "-").replace("_", "-")


def current_channels(user) -> dict[str, str]:
    """The channel of each registered kind for ``user``: their choice for it, else their
    general preference. One query."""
    chosen = dict(NotificationSetting.objects.filter(user=user).values_list("kind", "channel"))
    return {
        kind.key: chosen.get(kind.key, user.notification_preference) for kind in kinds.all_kinds()
    }


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.current = current_channels(user)
        kwargs.setdefault("initial", {})
        super().__init__(*args, **kwargs)
        self.kind_of_field = {}
        for kind in kinds.all_kinds():
            name = field_name(kind.key)
            self.kind_of_field[name] = kind.key
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                widget=forms.RadioSelect,
                initial=self.current[kind.key],
                error_messages={
                    "required": _("Choose how to hear about this."),
                    "invalid_choice": _("Choose one of the options shown."),
                },
            )

    @property
    def fieldsets(self) -> list[tuple[str, list]]:
        """The fields under their module's heading, in the order the groups first appear."""
        groups: dict[str, list] = {}
        for name, kind_key in self.kind_of_field.items():
            label = str(kinds.group_label(kind_key) or _("Other news"))
            groups.setdefault(label, []).append(self[name])
        return list(groups.items())

    def changes(self) -> dict[str, str]:
        """The kinds whose channel the person changed, with the new channel."""
        return {
            self.kind_of_field[name]: channel
            for name, channel in self.cleaned_data.items()
            if name in self.kind_of_field and channel != self.current[self.kind_of_field[name]]
        }
