"""Kinds of notification. A module registers each kind it sends, once, in ``ready()``::

    kinds.register(
        "proposal.answered",
        label=_("A proposal you follow was answered"),
        message=_("%(actor)s answered the proposal “%(target)s”"),
    )

``label`` names the kind on the person's settings page; ``message`` is the line shown in the
list, the toast and the e-mail, rendered in the reader's language with ``actor`` and
``target``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    message: str | Promise


_kinds: dict[str, Kind] = {}
# Headings of the settings page: the part of a kind's key before the dot → a label.
_groups: dict[str, str | Promise] = {}


def register(key: str, *, label, message) -> Kind:
    kind = Kind(key, label, message)
    _kinds[key] = kind
    return kind


def register_group(prefix: str, label) -> None:
    """Kinds whose key starts with ``prefix.`` show together under ``label``."""
    _groups[prefix] = label


def group_label(kind_key: str):
    """The heading of a kind on the settings page, or None for kinds of no group."""
    return _groups.get(kind_key.split(".", 1)[0])


def get(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}: register it first") from None


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


def render_message(kind_key: str, *, actor_name: str, target_title: str) -> str:
    """The notification's sentence in the active language."""

    kind = _kinds.get(kind_key)
    if kind is None:
        return target_title
    return str(kind.message) % {
        "actor": actor_name or gettext("Someone"),
        "target": target_title,
    }
