"""What the proposal and service views share: the page again with a refusal on top."""

from __future__ import annotations

from django.shortcuts import render


def render_with_status(request, template: str, context: dict, *, status: int, error: str = ""):
    """The page again, with the refusal on top: 409 for a state conflict, 422 for bad input."""
    if error:
        context = {**context, "error_message": error}
    return render(request, template, context, status=status)
