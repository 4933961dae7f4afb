"""What the proposal and service views share: turning the services' errors into pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render


def add_service_errors(form, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form: next to the field it names when the form
    has that field, at the top otherwise."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def render_with_status(request, template: str, context: dict, *, status: int, error: str = ""):
    """The page again, with the refusal on top: 409 for a state conflict, 422 for bad input."""
    if error:
        context = {**context, "error_message": error}
    return render(request, template, context, status=status)
