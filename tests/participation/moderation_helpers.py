"""Spaces, coordinators and comments for the moderation tests (not a conftest: plain helpers)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from spaces_pages.services import space_groups_ensure
from tests.factories import UserFactory
from tests.spaces.helpers import make_space
from wemi_community.accounts.roles import Role
from wemi_community.participation.models import Comment


def coordinator_of(space, **fields):
    user = UserFactory(display_name=f"Coordinatrice {space.slug}", **fields)
    user.groups.add(space_groups_ensure(space=space).coordination)
    return user


def desk_operator_of(space):
    user = UserFactory(display_name=f"Sportello {space.slug}")
    user.groups.add(space_groups_ensure(space=space).desk)
    return user


def city_staff(**fields):
    return UserFactory(display_name="Elena Comune", roles=[Role.CITY_STAFF], **fields)


def make_comment(target, author, text: str = "Un commento qualsiasi") -> Comment:
    """A top-level comment written straight to the table, as the comment service would."""
    comment = Comment.objects.create(
        target=target, author=author, body_source=text, body_html=f"<p>{text}</p>"
    )
    comment.root = comment
    comment.save(update_fields=["root"])
    return comment


def content_type_id(obj) -> int:
    return ContentType.objects.get_for_model(obj).pk


def two_spaces():
    return make_space("Spazio Nord", municipio=9), make_space("Spazio Sud", municipio=5)
