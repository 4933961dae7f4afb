"""Where a page tells a developer to read the e-mail it just sent."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from ..views import is_active

register = template.Library()


@register.simple_tag
def dev_mailbox_url(to: str = "") -> str:
    """The local mailbox's address (for one recipient, when given), or "" outside development
    or when e-mails go elsewhere."""
    if not is_active():
        return ""
    try:
        url = reverse("devmail:list")
    except NoReverseMatch:
        return ""
    if to:
        url = f"{url}?{urlencode({'to': to})}"
    return url
