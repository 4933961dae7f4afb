"""What the lab views share: answering the services' refusals as pages (or as JSON for the
wall's script), and the lab's page rendered again with a message."""

from __future__ import annotations

from django.http import JsonResponse


def wants_json(request) -> bool:
    """The wall's script asks for JSON; forms without JavaScript get pages."""
    return "application/json" in request.headers.get("Accept", "")


def form_errors(form) -> dict[str, list[str]]:
    return {field: [str(message) for message in errors] for field, errors in form.errors.items()}


def json_error(message: str | dict, *, status: int, **extra) -> JsonResponse:
    errors = message if isinstance(message, dict) else {"__all__": [str(message)]}
    first = next(iter(errors.values()), [""])
    return JsonResponse({"ok": False, "error": first[0], "errors": errors, **extra}, status=status)
