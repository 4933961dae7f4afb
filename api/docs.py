"""The API's documentation page: Swagger UI from our own static files (drf-spectacular-sidecar)
and a script file that starts it, so the site's Content Security Policy needs no exception."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView

from wemi_community.core.ratelimits import rate_limit

from .base import Public
from .filters import reject_unknown
from .language import api_language
from .throttling import COUNTED_METHODS


class Schema(Public, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML; ?format=json for JSON)."""

    renderer_classes = SpectacularAPIView.renderer_classes

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        reject_unknown(request, ("format", "lang"))
        return super().get(request, *args, **kwargs)


@require_safe
@rate_limit("api", methods=COUNTED_METHODS, key="ip")
def docs(request):
    """Swagger UI on the schema: a page for people, counted with the API's requests."""
    translation.activate(api_language(request))
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
