"""Kinds of notification: the registry. Each module declares its kinds in its own
``kinds.py`` (``wemi_community.core.kinds.Kind``: the key, the label on the person's settings page,
the sentence shown in the list, the toast and the e-mail, rendered in the reader's language
with ``actor`` and ``target``) and registers them from ``ready()``."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action, Group, Kind, declared

_kinds: dict[str, Kind] = {}
# Headings of the settings page: the part of a kind's key before the dot → a label.
_groups: dict[str, str | Promise] = {}


def register_kind(kind: Kind) -> Kind:
    _kinds[str(kind)] = kind
    return kind


def register_declared(module) -> None:
    """The kinds and groups a module declared (``core.kinds.declare``)."""
    for kind in declared(module, Kind):
        register_kind(kind)
    for group in declared(module, Group):
        register_group(str(group), group.label)


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


# The notifications' own audit actions (this module is their kinds.py too).

NOTIFICATIONS_SETTING_CHANGED = Action("notifications.setting_changed", _("E-mail setting changed"))
NOTIFICATIONS_UNSUBSCRIBED = Action(
    "notifications.unsubscribed", _("E-mails stopped from an unsubscribe link")
)
NOTIFICATIONS_RESUBSCRIBED = Action("notifications.resubscribed", _("E-mails turned back on"))
