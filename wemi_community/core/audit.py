"""The audit trail: every service records its writes here, inside its own transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

# Set while a desk operator acts for a person through the ordinary pages (an assisted
# session): the services there see the person as the one acting, and the trail must still
# name the operator.
_assisting: ContextVar[tuple | None] = ContextVar("wemi_assisting", default=None)


@contextmanager
def assisting(operator, person, desk: str) -> Iterator[None]:
    """Within it, what the trail records as done by ``person`` was done by ``operator`` for
    them, at the desk named ``desk``."""
    token = _assisting.set((operator, person, desk))
    try:
        yield
    finally:
        _assisting.reset(token)


def assisted_by() -> tuple | None:
    """``(operator, person, desk)`` inside an assisted session, else None."""
    return _assisting.get()


def audit_log(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    on_behalf_of=None,
    target_repr: str | None = None,
) -> AuditEntry:
    """Records one action. Call it inside the service's transaction so both land together.
    ``target_repr`` replaces the object's own name where that would keep personal data (a
    deleted account)."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    data = dict(data or {})
    session = _assisting.get()
    if session is not None and actor is not None:
        operator, person, desk = session
        if actor.pk == person.pk:
            actor, on_behalf_of = operator, person
        if actor.pk == operator.pk and on_behalf_of is not None:
            data.setdefault("desk", desk)
    return AuditEntry.objects.create(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=(target_repr if target_repr is not None else str(target or ""))[:200],
        data=data,
    )


def audited_save(row: models.Model, *, facts, actor, created: str, changed: str, target=None):
    """Saves ``row`` and records ``created`` or ``changed`` with ``facts(row)`` before and
    after (nothing when they are the same). Call it inside the service's transaction."""
    before = None
    if row.pk is not None:
        stored = type(row)._default_manager.select_for_update().filter(pk=row.pk).first()
        before = facts(stored) if stored is not None else None
    row.save()
    after = facts(row)
    if before != after:
        audit_log(
            actor=actor,
            action=created if before is None else changed,
            target=row if target is None else target,
            data={"before": before, "after": after},
        )
    return row


# What each action means, for the people reading the trail. A module adds its own with
# ``register_action_labels``; an action without a label shows its code.
_action_labels: dict[str, Any] = {}


def register_action_labels(labels: dict[str, Any]) -> None:
    _action_labels.update(labels)


def action_label(action: str) -> str:
    label = _action_labels.get(action)
    return str(label) if label is not None else action
