"""Reads of the Spazi WeMi that more than one page needs."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth import get_user_model

from cms_templates import i18n

from .models import SpaceIndexPage, SpacePage
from .models.staff import SpaceStaffGroup
from .permissions import spaces_coordinated_by


def space_index_page() -> SpaceIndexPage | None:
    """The index in the language of the request."""
    return i18n.in_active_language(SpaceIndexPage.objects.live()).first()


def space_index_url() -> str | None:
    """The index's URL in the active language, or None while it is not published."""
    index = space_index_page()
    return index.get_url() if index is not None else None


def live_spaces():
    """Each live space once, as the page the modules point at (the default language's): what
    pickers offer and forms check. Their labels: ``SpaceChoiceField``."""
    return i18n.in_default_language(
        SpacePage.objects.live().public().select_related("municipio", "nil")
    )


def live_space_pages():
    """Each live space once, as the page to show and link in the language of the request."""
    return i18n.in_active_language(
        SpacePage.objects.live().public().select_related("municipio", "nil")
    )


def spaces_by_municipio() -> list[tuple[object, list[SpacePage]]]:
    """[(Municipio, [spaces])] in Municipio order, in the language of the request: one
    query."""
    spaces = live_space_pages().order_by("municipio__number", "title")
    return [(municipio, list(group)) for municipio, group in groupby(spaces, lambda s: s.municipio)]


def coordinator_ids(space_id: int) -> set[int]:
    """The active coordinators of a space: who modules notify about what happens there."""
    return set(
        get_user_model()
        .objects.filter(
            groups__space_staff__space_id=space_id,
            groups__space_staff__role=SpaceStaffGroup.Role.COORDINATION,
            is_active=True,
        )
        .values_list("pk", flat=True)
    )


def coordinated_spaces(user):
    """The spaces this person coordinates, as a form's choices (by Municipio, then name)."""

    return (
        i18n.in_default_language(spaces_coordinated_by(user))
        .select_related("municipio")
        .order_by("municipio__number", "title")
    )
