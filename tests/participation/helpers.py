"""A participatory object for the participation tests: a live space page."""

from django.contrib.contenttypes.models import ContentType

from tests.spaces.helpers import make_space


def conversation_space(title: str = "Spazio della conversazione"):
    return make_space(title)


def target_kwargs(target) -> dict:
    return {
        "content_type_id": ContentType.objects.get_for_model(target).pk,
        "object_id": target.pk,
    }
