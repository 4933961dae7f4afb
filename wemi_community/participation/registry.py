"""What takes part in participation: modules register their models here, once, in ``ready()``.

A **participatory object** (a proposal, a lab's draft, a shared service, an event, a space) can be
commented, followed and reported::

    from wemi_community.participation import registry

    registry.register_participatory(
        Proposal,
        can_view=permissions.can_view_proposal,      # (user, obj) -> bool; False means 404
        space_of=lambda proposal: proposal.space,     # whose coordinators moderate it
        author_of=lambda proposal: proposal.author,   # follows automatically
    )

**User content** (a comment, a proposal's text, a lab's need) can be reported and hidden; its model
inherits ``models.ModeratedContent`` and registers with ``register_content``. Comments are
registered by this app.

Who coordinates a space (and so moderates it) is registered by the spaces' app with
``register_space_coordination``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models


def _default_url(obj) -> str:
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return getattr(obj, "url", "") or ""


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@dataclass(frozen=True)
class Participatory:
    model: type[models.Model]
    can_view: Callable[[Any, Any], bool]
    space_of: Callable[[Any], Any]
    author_of: Callable[[Any], Any]
    can_take_part: Callable[[Any, Any], bool]
    url_of: Callable[[Any], str]
    # The heading of the object's conversation ("Comments" when None).
    conversation_title: Any = None


@dataclass(frozen=True)
class Content:
    model: type[models.Model]
    author_of: Callable[[Any], Any]
    space_of: Callable[[Any], Any]
    excerpt_of: Callable[[Any], str]
    url_of: Callable[[Any], str]
    can_view: Callable[[Any, Any], bool]


_participatory: dict[type[models.Model], Participatory] = {}
_content: dict[type[models.Model], Content] = {}


def register_participatory(
    model,
    *,
    can_view: Callable[[Any, Any], bool],
    space_of: Callable[[Any], Any],
    author_of: Callable[[Any], Any] = lambda obj: None,
    can_take_part: Callable[[Any, Any], bool] | None = None,
    url_of: Callable[[Any], str] = _default_url,
    conversation_title=None,
) -> None:
    """``can_take_part`` (comment, follow) defaults to: signed in, active, and may view it."""
    if can_take_part is None:

        def can_take_part(user, obj, _can_view=can_view):
            return _signed_in(user) and _can_view(user, obj)

    _participatory[model] = Participatory(
        model, can_view, space_of, author_of, can_take_part, url_of, conversation_title
    )


def register_content(
    model,
    *,
    author_of: Callable[[Any], Any],
    space_of: Callable[[Any], Any],
    excerpt_of: Callable[[Any], str],
    can_view: Callable[[Any, Any], bool],
    url_of: Callable[[Any], str] = _default_url,
) -> None:
    _content[model] = Content(model, author_of, space_of, excerpt_of, url_of, can_view)


@dataclass(frozen=True)
class SpaceCoordination:
    """Who coordinates a space: the spaces' own business, registered by them in ``ready()``
    (a space's coordinators moderate what belongs to it)."""

    can_coordinate: Callable[[Any, Any], bool]  # (user, space) -> bool
    coordinated_space_ids: Callable[[Any], set[int]]  # user -> ids of their spaces


_space_coordination: SpaceCoordination | None = None


def register_space_coordination(
    *, can_coordinate: Callable[[Any, Any], bool], coordinated_space_ids: Callable[[Any], set]
) -> None:
    global _space_coordination
    _space_coordination = SpaceCoordination(can_coordinate, coordinated_space_ids)


def space_coordination() -> SpaceCoordination | None:
    """None when no app says who coordinates spaces: then only city staff moderate."""
    return _space_coordination


def _lookup(table: dict, obj_or_model):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in table:
            return table[klass]
    return None


def participatory(obj_or_model) -> Participatory | None:
    return _lookup(_participatory, obj_or_model)


def content(obj_or_model) -> Content | None:
    return _lookup(_content, obj_or_model)


def is_participatory(obj) -> bool:
    return participatory(obj) is not None


def content_models() -> list[type[models.Model]]:
    return list(_content)


def resolve(content_type_id: int | str, object_id: int | str, *, kind: str = "participatory"):
    """The registered object behind a URL's (content type, id), or None: never a model the
    registry does not know, so a crafted URL cannot reach an arbitrary table."""
    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id))
        object_id = int(object_id)
    except (ContentType.DoesNotExist, TypeError, ValueError):
        return None
    model = content_type.model_class()
    table = _participatory if kind == "participatory" else _content
    if model is None or _lookup(table, model) is None:
        return None
    obj = model._default_manager.filter(pk=object_id).first()
    # A page found through a parent model is returned as its own type.
    return obj.specific if obj is not None and hasattr(obj, "specific") else obj
