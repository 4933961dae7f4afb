"""Every error of the API is JSON: ``{"error": "<one sentence>", "errors": {...}}``, the
sentence in the language of Accept-Language (English when it names none the site speaks:
``base.api_language``), ``errors`` naming each wrong parameter when there are some."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from .language import api_language


def _message(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return _("Some parameters are not valid: see errors.")
    if isinstance(exc, exceptions.NotFound):
        return str(exc.detail) if getattr(exc, "api_message", False) else _("Not found.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("This API is read-only: only GET, HEAD and OPTIONS are allowed.")
    if isinstance(exc, exceptions.PermissionDenied):
        return _("This API is read-only: only GET, HEAD and OPTIONS are allowed.")
    if isinstance(exc, exceptions.Throttled):
        seconds = int(exc.wait or 1)
        return ngettext(
            "Too many requests: please try again in %(seconds)d second.",
            "Too many requests: please try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
    if isinstance(exc, exceptions.NotAcceptable):
        return _("This API answers in JSON only.")
    detail = getattr(exc, "detail", None)
    return str(detail) if isinstance(detail, str) else _("The request could not be answered.")


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"error": _message(exc)}
    if isinstance(exc, exceptions.ValidationError):
        body["errors"] = (
            response.data if isinstance(response.data, dict) else {"detail": response.data}
        )
    response.data = body
    return response


class ApiNotFound(exceptions.NotFound):
    """A 404 whose message says what is missing (kept as given)."""

    api_message = True


def not_found(request, *args, **kwargs):
    """Any path under /api/v1/ that names no resource."""
    translation.activate(api_language(request))
    return JsonResponse(
        {"error": _("There is no such resource in this API: see /api/v1/docs/.")},
        status=status.HTTP_404_NOT_FOUND,
    )
