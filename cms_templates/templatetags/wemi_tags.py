"""Template tags of the public layout: navigation, icons, language switch, page links, forms."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.forms import BoundField
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from cms_templates import i18n, navigation, page_links
from cms_templates.i18n import neutral_path
from wemi_community.core import live

register = template.Library()

SPRITES = "vendor/bootstrap-italia/svg/sprites.svg"

# Django message level -> Bootstrap Italia alert variant.
ALERT_VARIANTS = {
    "debug": "info",
    "info": "info",
    "success": "success",
    "warning": "warning",
    "error": "danger",
}


@register.simple_tag(takes_context=True)
def main_nav_items(context) -> list[navigation.NavItem]:
    """The main navigation resolved for this request (see cms_templates.navigation)."""
    request = context.get("request")
    path = request.path if request else ""
    # Read the registry at call time, so a module (or a test) can extend it.
    return navigation.resolve_nav(navigation.MAIN_NAV, path, request)


@register.simple_tag
def icon(name: str, css_class: str = "", title: str = ""):
    """An icon from the vendored Bootstrap Italia sprite. Decorative unless given a title."""
    href = f"{static(SPRITES)}#{name}"
    classes = f"icon {css_class}".strip()
    if title:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}"><use href="{}"></use></svg>',
            classes,
            title,
            href,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
        classes,
        href,
    )


def _translated_paths(page, request) -> dict[str, str]:
    """{language: path without its prefix} of a page's live translations (one query)."""
    translations = i18n.translations_by_key([page]).get(page.translation_key, {})
    paths = {}
    for code, target in translations.items():
        path = urlsplit(target.get_url(request) or "").path
        if path:
            paths[code] = neutral_path(path)
    return paths


@register.simple_tag(takes_context=True)
def language_switch(context) -> list[dict]:
    """Each language of the site with the path set_language lands on, without its language
    prefix (set_language adds the chosen one): for a Wagtail page, its translation's (the
    page's own when it has none in that language); for the apps' pages, the same path and
    query string (/proposte/12/?ordine=… and /en/proposte/12/?ordine=…)."""

    request = context.get("request")
    here = neutral_path(request.path) if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    # A Wagtail page in the context is the page being served (error pages have none).
    page = context.get("page")
    translated_paths = {}
    if isinstance(page, Page) and page.pk:
        translated_paths = page_links.remembered(
            request,
            f"translations:{page.translation_key}",
            lambda: _translated_paths(page, request),
        )
    current = get_language() or settings.LANGUAGE_CODE
    choices = []
    for code, _name in settings.LANGUAGES:
        path = translated_paths.get(code) or here
        if query:
            path = f"{path}?{query}"
        choices.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "next": path,
                "is_current": code == current,
            }
        )
    return choices


@register.simple_tag(takes_context=True)
def language_neutral_path(context) -> str:
    """The current path without its language prefix: set_language then translates it into the
    chosen language (a prefixed path would resolve as a page called "en/…" in Italian)."""
    request = context.get("request")
    if request is None:
        return "/"
    return neutral_path(request.path)


@register.simple_tag(takes_context=True)
def page_url_by_slug(context, slug: str) -> str:
    """The URL of the live page with this slug just under the site's home page, in the
    language of the request, or "" when there is none (the footer then leaves the link out)."""
    return navigation.content_page_url(context.get("request"), slug)


@register.filter
def text_language(page) -> str:
    """The language a page's texts are in (see cms_templates.i18n.text_language)."""
    return i18n.text_language(page)


@register.simple_tag(takes_context=True)
def localized_pageurl(context, page) -> str:
    """The URL of ``page`` in the language of the request: modules point at the Italian page
    of a space, the English site links its English page."""
    return i18n.localized_url(page, context.get("request"))


@register.filter
def elided_page_range(paginator, number):
    """Page numbers with "…" for long runs: 1 … 4 5 6 … 20."""
    return paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)


@register.filter
def alert_variant(message) -> str:
    return ALERT_VARIANTS.get(getattr(message, "level_tag", ""), "info")


@register.filter
def alert_role(message) -> str:
    """Errors and warnings interrupt a screen reader; the rest is announced politely."""
    return "alert" if getattr(message, "level_tag", "") in {"error", "warning"} else "status"


# --- Forms --------------------------------------------------------------------------------


@register.simple_tag
def widget(field: BoundField, css_class: str = ""):
    """Renders a field's widget with the given classes plus is-invalid when it has errors.
    Django itself adds required, aria-invalid and aria-describedby (help text and errors)."""
    classes = [field.field.widget.attrs.get("class", ""), css_class]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})


@register.filter
def describedby(field: BoundField) -> str:
    """The ids of the field's help text and errors, as the ids Django's widgets point to."""
    if not field.auto_id:
        return ""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def has_required_fields(form) -> bool:
    return any(field.field.required for field in form.visible_fields())


@register.simple_tag
def live_poll_seconds() -> int:
    """How often a page whose live updates are paused fetches its data again."""
    return live.poll_seconds()
