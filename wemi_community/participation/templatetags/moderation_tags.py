"""Report links for user content::

    {% load moderation_tags %}
    {% report_url comment as href %}   {# "" for anonymous visitors, the author, hidden content #}

Most templates use the include instead:
``{% include "participation/report_link.html" with content=comment %}``."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from .. import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def report_url(context, content) -> str:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if content is None or not getattr(user, "is_authenticated", False):
        return ""
    entry = registry.content(content)
    if entry is None or content.is_hidden or getattr(content, "deleted_at", None) is not None:
        return ""
    # The author's id when the model has one, so a list of comments costs no query per row.
    author_id = getattr(content, "author_id", None)
    if author_id is None:
        author = entry.author_of(content)
        author_id = getattr(author, "pk", author)
    if author_id == user.pk:
        return ""
    content_type = ContentType.objects.get_for_model(content)
    return reverse("participation:report", args=[content_type.pk, content.pk])
