"""What every form of the project shares: the services' refusals put on the form, and the
browser's own date and time pickers."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from .ids import MAX_ID

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def service_error_messages(error: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as {field: messages}; "__all__" for the form as a whole."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"__all__": error.messages}


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Puts a service's ValidationError on the form: next to the field it names when the form
    has that field, at the top otherwise. ``field_names`` maps the services' names to the
    form's where they differ (a service's ``ends_at`` is a form's ``end_time``)."""
    for field, messages in service_error_messages(error).items():
        name = (field_names or {}).get(field, field)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


class WholeNumberField(forms.IntegerField):
    """A whole number that a database column holds: without its own limits, Django's
    IntegerField takes 99999999999999999999, which no column stores and no query compares.
    Every whole-number field of the project's forms is one of these."""

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        super().__init__(
            min_value=-MAX_ID if min_value is None else min_value,
            max_value=MAX_ID if max_value is None else max_value,
            **kwargs,
        )
