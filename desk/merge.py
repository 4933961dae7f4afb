"""Two records of one person, joined: a desk's record (its account, registered at a desk)
into the person's online account. Reports come from the activation page (the e-mail address
is already an account's) or from an operator; city staff join the two or dismiss the report.

Joining moves every row that points at the desk record's account to the online account,
generically over the relations to ``User`` (a module added later is moved too). Where a
unique constraint refuses the move (both registered for the same event, both joined the
same proposal), the online account's row stays; the desk record's is cancelled through its
module's service where there is one (``CLASH_HANDLERS``), else it stays on the old record,
which is deactivated, never deleted. The preview runs the same moves and rolls them back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services as events_services
from events.models import Registration
from proposals import joins as proposals_joins
from proposals.models import Support
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import ParticipationError, StateConflict

from . import kinds, permissions
from .models import ActivationCode, DeskConflict, DeskResident

User = get_user_model()

REASON_MIN_LENGTH = 10
# Never moved: the reports and codes are about the desk record itself; its desk record is
# moved on its own terms; powers (groups, permissions) are never carried by a merge.
NOT_MOVED = {
    (DeskConflict, "desk_user"),
    (DeskConflict, "online_user"),
    (ActivationCode, "user"),
    (DeskResident, "user"),
}
NOT_MOVED_MODELS = {"guardian.userobjectpermission"}


# --- Reports ------------------------------------------------------------------------------


def conflict_record(*, desk_user, online_user, why: str, note: str = "", actor=None):
    """Records (or adds to the open) report that ``desk_user`` and ``online_user`` are one
    person. Call it inside the caller's transaction."""
    if desk_user.pk == online_user.pk:
        raise ValidationError(_("These are the same account."))
    conflict = (
        DeskConflict.objects.select_for_update()
        .filter(desk_user=desk_user, online_user=online_user, state=DeskConflict.State.OPEN)
        .first()
    )
    if conflict is None:
        conflict = DeskConflict.objects.create(
            desk_user=desk_user,
            online_user=online_user,
            why=why,
            note=note[:500],
            reported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    elif note and note not in conflict.note:
        conflict.note = f"{conflict.note}\n{note}".strip()[:500]
        conflict.save(update_fields=["note"])
    audit_log(
        actor=actor or desk_user,
        action=kinds.DESK_CONFLICT_RECORDED,
        target=conflict,
        on_behalf_of=desk_user if actor is not None else None,
        data={"why": why, "online_user": online_user.pk},
    )
    return conflict


@transaction.atomic
def conflict_report(*, actor, person, email: str, note: str = "") -> DeskConflict:
    """An operator says the desk's resident ``person`` also has the online account with
    this e-mail address (an exact match)."""
    if not permissions.can_report_conflict(actor):
        raise PermissionDenied
    if not DeskResident.objects.filter(user=person).exists():
        raise ValidationError(_("This person has no desk record to join."))
    email = (email or "").strip()
    other = (
        User.objects.filter(email__iexact=email, is_active=True).exclude(pk=person.pk).first()
        if email
        else None
    )
    if other is None:
        raise ValidationError({"email": _("No other active account has this e-mail address.")})
    return conflict_record(
        desk_user=person,
        online_user=other,
        why=DeskConflict.Why.REPORTED,
        note=" ".join((note or "").split()),
        actor=actor,
    )


# --- Moving rows ------------------------------------------------------------------------


@dataclass
class Clash:
    """A row of the desk record that the online account's own row keeps from moving."""

    model: type[models.Model]
    pk: object
    field: str
    what: str
    outcome: str = ""


@dataclass
class Moves:
    moved: Counter = field(default_factory=Counter)
    clashes: dict = field(default_factory=dict)

    def clash(self, clash: Clash) -> None:
        self.clashes.setdefault((clash.model._meta.label_lower, clash.pk, clash.field), clash)


def _relations():
    """(model, field) of every foreign key to ``User``, the through tables of many-to-many
    relations included, except those never moved."""
    found = []
    for relation in User._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        model, fk = relation.related_model, relation.field
        if model._meta.auto_created is User:
            continue  # the user's own groups and permissions
        if model._meta.label_lower in NOT_MOVED_MODELS or (model, fk.name) in NOT_MOVED:
            continue
        if relation.many_to_many:
            through = fk.remote_field.through
            for through_field in through._meta.fields:
                if through_field.is_relation and through_field.related_model is User:
                    found.append((through, through_field))
            continue
        found.append((model, fk))
    return sorted(set(found), key=lambda pair: (pair[0]._meta.label, pair[1].name))


def _move_rows(old, new, moves: Moves) -> None:
    for model, fk in _relations():
        rows = model._base_manager.filter(**{fk.name: old.pk})
        try:
            with transaction.atomic():
                count = rows.update(**{fk.attname: new.pk})
        except IntegrityError:
            # One row at a time, each in its own savepoint: the ones that clash stay.
            count = 0
            for pk in list(rows.values_list("pk", flat=True)):
                try:
                    with transaction.atomic():
                        count += model._base_manager.filter(pk=pk).update(**{fk.attname: new.pk})
                except IntegrityError:
                    moves.clash(_describe(model, pk, fk.name))
        if count:
            moves.moved[model._meta.label] += count


def _describe(model, pk, field_name: str) -> Clash:
    row = model._base_manager.get(pk=pk)
    handler = CLASH_HANDLERS.get(model)
    if handler is not None:
        what, outcome = handler.describe(row), handler.outcome
    else:
        what = f"{model._meta.verbose_name}: {row}"
        outcome = _("stays on the desk record (the online account already has one)")
    return Clash(model=model, pk=pk, field=field_name, what=str(what), outcome=str(outcome))


# --- What the modules' services do with a clashing row ------------------------------------


@dataclass
class Handler:
    describe: Callable
    release: Callable
    outcome: str


def _registration_text(row: Registration) -> str:
    return _("Registration for “%(event)s” of %(date)s (%(seats)s seats)") % {
        "event": row.event.title,
        "date": timezone.localtime(row.event.starts_at).strftime("%d/%m/%Y %H:%M"),
        "seats": row.seats,
    }


def _registration_release(*, actor, row: Registration, old) -> None:
    events_services.registration_cancel(actor=actor, registration=row, person=old)


def _support_text(row: Support) -> str:
    return _("Joined the proposal “%(title)s” (%(people)s people)") % {
        "title": row.proposal.title,
        "people": row.household_size,
    }


def _support_release(*, actor, row: Support, old) -> None:
    proposals_joins.proposal_leave(actor=actor, proposal=row.proposal, person=old)


CLASH_HANDLERS: dict = {
    Registration: Handler(
        _registration_text,
        _registration_release,
        _("both are registered: the desk record's registration will be cancelled"),
    ),
    Support: Handler(
        _support_text,
        _support_release,
        _("both joined: the desk record's household will leave the proposal"),
    ),
}


# --- Preview and merge ----------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _check_can_resolve(actor, conflict: DeskConflict) -> DeskConflict:
    if not permissions.can_resolve_conflicts(actor):
        raise PermissionDenied
    conflict = DeskConflict.objects.select_related("desk_user", "online_user").get(pk=conflict.pk)
    return conflict


def merge_preview(*, actor, conflict: DeskConflict) -> Moves:
    """What joining would move and which rows clash, by running the moves and rolling them
    back."""
    conflict = _check_can_resolve(actor, conflict)
    moves = Moves()
    try:
        with transaction.atomic():
            _move_rows(conflict.desk_user, conflict.online_user, moves)
            raise _Rollback
    except _Rollback:
        pass
    return moves


def _check_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _("Write why (at least %(count)s characters).")
                % {"count": REASON_MIN_LENGTH}
            }
        )
    return reason


def _locked_open(conflict: DeskConflict) -> DeskConflict:
    conflict = (
        DeskConflict.objects.select_for_update()
        .select_related("desk_user", "online_user")
        .get(pk=conflict.pk)
    )
    if not conflict.is_open:
        raise StateConflict(
            _("This report is already closed: “%(state)s”.")
            % {"state": conflict.get_state_display()}
        )
    return conflict


@transaction.atomic
def records_merge(*, actor, conflict: DeskConflict, reason: str) -> Moves:
    """Joins the desk record into the online account (see the module's description)."""
    if not permissions.can_resolve_conflicts(actor):
        raise PermissionDenied
    conflict = _locked_open(conflict)
    reason = _check_reason(reason)
    old, new = conflict.desk_user, conflict.online_user
    # Both accounts locked, in a fixed order, so two merges touching one of them queue.
    list(User.objects.select_for_update().filter(pk__in=[old.pk, new.pk]).order_by("pk"))
    moves = Moves()
    _move_rows(old, new, moves)
    released = 0
    for clash in list(moves.clashes.values()):
        handler = CLASH_HANDLERS.get(clash.model)
        if handler is None:
            continue
        row = clash.model._base_manager.get(pk=clash.pk)
        try:
            with transaction.atomic():
                handler.release(actor=actor, row=row, old=old)
        except (ParticipationError, PermissionDenied, ValidationError):
            # Too late (the event started, the proposal closed): it stays on the old record.
            clash.outcome = _("could not be cancelled: it stays on the desk record")
        else:
            released += 1
            clash.outcome = _("cancelled on the desk record")
    # Again: the rows just cancelled no longer clash, and their trail moves along too.
    second = Moves()
    _move_rows(old, new, second)
    moves.moved.update(second.moved)
    moved_record = _move_desk_record(old, new)
    now = timezone.now()
    ActivationCode.objects.filter(user=old, used_at__isnull=True, voided_at__isnull=True).update(
        voided_at=now
    )
    User.objects.filter(pk=old.pk).update(is_active=False)
    conflict.state = DeskConflict.State.MERGED
    conflict.resolved_by = actor
    conflict.resolved_at = now
    conflict.reason = reason
    conflict.save(update_fields=["state", "resolved_by", "resolved_at", "reason"])
    audit_log(
        actor=actor,
        action=kinds.DESK_RECORDS_MERGED,
        target=conflict,
        on_behalf_of=new,
        data={
            "reason": reason,
            "desk_user": old.pk,
            "online_user": new.pk,
            "moved": dict(sorted(moves.moved.items())),
            "released": released,
            "left": len(moves.clashes) - released,
            "desk_record_moved": moved_record,
        },
    )
    return moves


def _move_desk_record(old, new) -> bool:
    if DeskResident.objects.filter(user=new).exists():
        return False
    return DeskResident.objects.filter(user=old).update(user=new) > 0


@transaction.atomic
def conflict_dismiss(*, actor, conflict: DeskConflict, reason: str) -> DeskConflict:
    """Not the same person, or a mistyped address: the report closes, nothing moves."""
    if not permissions.can_resolve_conflicts(actor):
        raise PermissionDenied
    conflict = _locked_open(conflict)
    reason = _check_reason(reason)
    conflict.state = DeskConflict.State.DISMISSED
    conflict.resolved_by = actor
    conflict.resolved_at = timezone.now()
    conflict.reason = reason
    conflict.save(update_fields=["state", "resolved_by", "resolved_at", "reason"])
    audit_log(
        actor=actor,
        action=kinds.DESK_CONFLICT_DISMISSED,
        target=conflict,
        data={"reason": reason, "desk_user": conflict.desk_user_id},
    )
    return conflict
