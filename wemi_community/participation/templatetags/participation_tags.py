"""Put a conversation on any participatory object's page::

{% load participation_tags %}
{% comments_section page %}      {# the thread, the form, the follow button #}
{% follow_button page %}         {# only the follow button #}
"""

from django import template
from django.contrib.contenttypes.models import ContentType

from ..comment_views import section_context
from ..follows import is_following
from ..forms import CommentForm
from ..permissions import can_follow

register = template.Library()


@register.inclusion_tag("participation/comments/section.html", takes_context=True)
def comments_section(context, target):

    return section_context(context["request"], target)


@register.inclusion_tag("participation/follow_button.html", takes_context=True)
def follow_button(context, target):
    user = context["request"].user
    return {
        "target": target,
        "content_type_id": ContentType.objects.get_for_model(target).pk,
        "following": is_following(user, target),
        "can_follow": can_follow(user, target),
        "user": user,
        "request": context["request"],
    }


@register.simple_tag
def reply_form(comment):
    return CommentForm(initial={"parent": comment.pk}, field_id=f"reply-{comment.pk}")
