"""The language the API speaks to a client."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# The API's language when the client names none we speak: scripts rarely send one, and the
# names of the parameters and the fields are English.
DEFAULT_LANGUAGE = "en"


def api_language(request) -> str:
    """The language of the API's messages and labels: the first of Accept-Language that the
    site speaks (Italian or English), else English. The site's pages outside a language
    prefix are Italian whatever the header says; the API is for scripts, which ask."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return DEFAULT_LANGUAGE
