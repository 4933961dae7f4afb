"""Template tags for what search engines and link previews read: canonical and alternate
URLs, OpenGraph. Absolute URLs start from settings.SITE_URL, never from the Host header."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language

from cms_templates.i18n import neutral_path, path_for_language
from cms_templates.seo import absolute

register = template.Library()

OG_LOCALES = {"it": "it_IT", "en": "en_GB"}
DEFAULT_OG_IMAGE = "cms_templates/img/og-default.png"
OG_IMAGE_SPEC = "fill-1200x630"
OG_IMAGE_SIZE = (1200, 630)


@dataclass(frozen=True)
class OgImage:
    url: str
    width: int
    height: int
    alt: str


def _page_number(request) -> str:
    """?page=N is a different list, so it stays in the canonical URL; page 1 is the bare URL."""
    value = request.GET.get("page", "")
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int().
    return value if value.isascii() and value.isdigit() and int(value) > 1 else ""


def _with_page(url: str, number: str) -> str:
    return f"{url}?page={number}" if number else url


@register.simple_tag(takes_context=True)
def seo_urls(context) -> dict:
    """canonical, the alternate URL of each language and x-default, for this request."""
    request = context.get("request")
    if request is None:
        return {}
    number = _page_number(request)
    neutral = neutral_path(request.path)
    alternates = [
        (code, absolute(_with_page(path_for_language(neutral, code), number)))
        for code, _name in settings.LANGUAGES
    ]
    default = absolute(_with_page(path_for_language(neutral, settings.LANGUAGE_CODE), number))
    current = get_language() or settings.LANGUAGE_CODE
    return {
        "canonical": absolute(_with_page(request.path, number)),
        "alternates": alternates,
        "x_default": default,
        "og_locale": OG_LOCALES.get(current, current),
        "og_locale_alternates": [locale for code, locale in OG_LOCALES.items() if code != current],
    }


@register.simple_tag(takes_context=True)
def og_image(context) -> OgImage:
    """The page's own image (a Wagtail image or a URL in `og_image`), or the site's default."""
    page = context.get("page")
    image = getattr(page, "og_image", None) if page is not None else None
    if image is not None and hasattr(image, "get_rendition"):
        rendition = image.get_rendition(OG_IMAGE_SPEC)
        alt = getattr(image, "default_alt_text", "") or image.title
        return OgImage(absolute(rendition.url), rendition.width, rendition.height, alt)
    if isinstance(image, str) and image:
        return OgImage(absolute(image), 0, 0, "")
    width, height = OG_IMAGE_SIZE
    return OgImage(absolute(static(DEFAULT_OG_IMAGE)), width, height, settings.WAGTAIL_SITE_NAME)


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The nodelist renders escaped already (a SafeString): stored as it is.
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: renders its content once into a variable, so
    one overridable block (the title, the description) can feed several meta tags."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
