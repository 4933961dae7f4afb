"""One seat engine for everything with places and a waitlist: events, courses, volunteering
shifts and shared services. Each module declares a ``SeatBook`` (its rows, its state table,
how many seats are free, its promotion policy, the hook that tells who moved up) and its
services call ``take``, ``release`` and ``promote`` while they hold the parent row's lock
(``lock``: ``select_for_update``; on SQLite the IMMEDIATE transactions serialise the
writers), so simultaneous clicks never overbook. Every change of state is checked against the
module's table, by who makes it (the person, staff acting for them, the system), and audited
with who acted and for whom. The engine imports no module: they pass what it needs."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict

PERSON = "person"  # the person whose seat it is
STAFF = "staff"  # someone acting for them (a desk operator, a coordinator)
SYSTEM = "system"  # the platform itself (a freed seat, a lapsed invitation)
WHO = frozenset({PERSON, STAFF, SYSTEM})


def who(actor, person) -> str:
    """The column of the state table a change is read in."""
    if actor is None:
        return SYSTEM
    return PERSON if getattr(actor, "pk", None) == getattr(person, "pk", None) else STAFF


def behalf(actor, person):
    """``on_behalf_of`` for the audit trail: the person, when someone else acted."""
    return person if who(actor, person) == STAFF else None


class StateTable:
    """A module's allowed changes: (from, to) → who may make it. A new row starts from
    ``None``. ``message(current, target)`` words the refusal for the person."""

    def __init__(
        self,
        transitions: Mapping[tuple[str | None, str], Iterable[str]],
        message: Callable[[str | None, str], str],
    ):
        self.transitions = {key: frozenset(whos) for key, whos in transitions.items()}
        unknown = set().union(*self.transitions.values()) - WHO
        if unknown:
            raise ValueError(f"unknown actors in a state table: {sorted(unknown)}")
        self.message = message

    def allows(self, current: str | None, target: str, *, by: str) -> bool:
        return by in self.transitions.get((current, target), ())

    def check(self, current: str | None, target: str, *, by: str) -> None:
        if not self.allows(current, target, by=by):
            raise StateConflict(self.message(current, target))

    def targets(self, current: str | None, *, by: str) -> list[str]:
        return [to for (frm, to), whos in self.transitions.items() if frm == current and by in whos]


class Promotion(enum.Enum):
    """What happens to a waiting row that asks more seats than are free."""

    SKIP_TO_FIT = "skip"  # it keeps its place; later rows whose seats fit move up
    IN_ORDER = "in_order"  # it blocks: nobody passes it


def _no_data(entry) -> dict[str, Any]:
    return {}


def _one_seat(entry) -> int:
    return 1


def _itself(parent):
    return parent


@dataclass(frozen=True)
class SeatBook:
    """What a module declares about its seats."""

    entry_model: type[models.Model]
    parent_field: str  # the entry's foreign key to the locked row ("event", "shift", ...)
    table: StateTable
    confirmed: str
    waitlisted: str
    promotion: Promotion
    order_by: tuple[str, ...]  # the waitlist's order
    free: Callable[[Any], int | None]  # free seats of the parent now; None: no limit
    promoted_action: str
    on_promoted: Callable[[Any, list, Any], None]  # (parent, promoted rows, actor)
    may_promote: Callable[[Any], bool] = lambda parent: True
    seats_of: Callable[[Any], int] = _one_seat
    # The parent's counters of seats taken and waiting, kept here; None: the module counts.
    counters: tuple[str, str] | None = None
    # Timestamp fields set to now when an entry enters a state; promotion sets its own too.
    stamps: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    promoted_stamps: tuple[str, ...] = ()
    audit_target: Callable[[Any], models.Model] = _itself
    promoted_data: Callable[[Any], dict[str, Any]] = _no_data
    insert: Callable[[Any], None] = lambda entry: entry.save()


def lock(model: type[models.Model], pk, *, related: tuple[str, ...] = ()):
    """The parent row, locked until the transaction ends (with its related rows read, not
    locked: a nullable join cannot be locked on PostgreSQL)."""
    queryset = model.objects.select_for_update(of=("self",) if related else ())
    return queryset.select_related(*related).get(pk=pk)


def fits(book: SeatBook, parent, seats: int) -> bool:
    free = book.free(parent)
    return free is None or seats <= free


def _enter(book: SeatBook, entry, target: str, *, by: str, now, promoted=False) -> list[str]:
    """Checks and makes the change on the row (not saved); returns the fields it set."""
    book.table.check(entry.state if entry.pk else None, target, by=by)
    entry.state = target
    fields = ["state", *book.stamps.get(target, ())]
    if promoted:
        fields += [name for name in book.promoted_stamps if name not in fields]
    for name in fields[1:]:
        setattr(entry, name, now)
    return fields


def _count(book: SeatBook, parent, state: str, seats: int) -> None:
    if book.counters is None:
        return
    taken, waiting = book.counters
    name = taken if state == book.confirmed else waiting if state == book.waitlisted else None
    if name is not None:
        setattr(parent, name, getattr(parent, name) + seats)


def _save_counters(book: SeatBook, parent) -> None:
    # An UPDATE, not save(): counters are not content, and a save would have the search
    # index rewrite the whole row (and its statistics) on every seat taken, inside the lock.
    if book.counters is not None:
        type(parent)._base_manager.filter(pk=parent.pk).update(
            **{name: getattr(parent, name) for name in book.counters}
        )


def take(
    book: SeatBook,
    *,
    parent,
    entry,
    actor,
    person,
    actions: tuple[str, str],
    data: dict[str, Any] | None = None,
) -> bool:
    """A seat for ``entry`` (a new row, or one whose state allows it) if its seats fit,
    else a place on the waitlist. ``actions``: the audit's (confirmed, waitlisted).
    Returns whether the seat was taken."""
    seats = book.seats_of(entry)
    confirmed = fits(book, parent, seats)
    target = book.confirmed if confirmed else book.waitlisted
    _enter(book, entry, target, by=who(actor, person), now=timezone.now())
    if entry.pk is None:
        book.insert(entry)
    else:
        entry.save()
    _count(book, parent, target, seats)
    _save_counters(book, parent)
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, person),
        action=actions[0] if confirmed else actions[1],
        target=book.audit_target(parent),
        data=data,
    )
    return confirmed


def release(
    book: SeatBook,
    *,
    parent,
    entry,
    target: str,
    actor,
    person,
    action: str,
    data: dict[str, Any] | None = None,
) -> list:
    """Moves ``entry`` out (``target``: cancelled, left, declined...); a seat it held goes
    to the waitlist when the module allows it. Returns the rows promoted."""
    previous = entry.state
    fields = _enter(book, entry, target, by=who(actor, person), now=timezone.now())
    entry.save(update_fields=fields)
    _count(book, parent, previous, -book.seats_of(entry))
    _save_counters(book, parent)
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, person),
        action=action,
        target=book.audit_target(parent),
        data=data,
    )
    if previous != book.confirmed:
        return []
    return promote(book, parent=parent, actor=actor)


def promote(book: SeatBook, *, parent, actor=None) -> list:
    """Moves up the waitlist, in its order, as the module's policy says; each move is the
    system's, audited, and the module's hook tells the people promoted."""
    if not book.may_promote(parent):
        return []
    now = timezone.now()
    waiting = (
        book.entry_model.objects.select_for_update()
        .filter(**{book.parent_field: parent, "state": book.waitlisted})
        .order_by(*book.order_by)
    )
    promoted = []
    for entry in waiting:
        free = book.free(parent)
        if free is not None and free <= 0:
            break
        seats = book.seats_of(entry)
        if free is not None and seats > free:
            if book.promotion is Promotion.SKIP_TO_FIT:
                continue
            break
        fields = _enter(book, entry, book.confirmed, by=SYSTEM, now=now, promoted=True)
        entry.save(update_fields=fields)
        _count(book, parent, book.waitlisted, -seats)
        _count(book, parent, book.confirmed, seats)
        audit_log(
            actor=None,
            action=book.promoted_action,
            target=book.audit_target(parent),
            data=book.promoted_data(entry),
        )
        promoted.append(entry)
    if promoted:
        _save_counters(book, parent)
        book.on_promoted(parent, promoted, actor)
    return promoted
