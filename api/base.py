"""What every view of the API is: anonymous, read-only, JSON, limited per address, strict
about its parameters, with ETags. Set here, on the API's own views, not as the project's DRF
defaults: Wagtail's admin API and wagtail-localize's editor are DRF views too, and they sign
in and write."""

from __future__ import annotations

from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from rest_framework.renderers import JSONRenderer

from .exceptions import exception_handler
from .language import api_language
from .pagination import Pagination
from .permissions import ReadOnly
from .throttling import AddressThrottle

# How long a client or a proxy may keep an answer before asking again (the ETag makes that
# cheap: an unchanged answer is a 304 without a body).
MAX_AGE = 60


class Public:
    authentication_classes: list = []
    permission_classes = [ReadOnly]
    renderer_classes = [JSONRenderer]
    parser_classes: list = []
    throttle_classes = [AddressThrottle]
    pagination_class = Pagination
    http_method_names = ["get", "head", "options"]

    def initial(self, request, *args, **kwargs):
        # Before the checks (read-only, throttle), so that their refusals speak it too.
        translation.activate(api_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)

    def get_exception_handler(self):
        return exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        """ETag on every successful read, 304 when the client has it already. The ETag is the
        hash of the answer's body: it saves the transfer, not the queries."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            set_response_etag(response)
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response
