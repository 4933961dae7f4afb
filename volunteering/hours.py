"""Volunteer hours: confirming who came to a shift (which logs their hours, approved), hours
a volunteer logs for an activity (a coordinator of the space approves or rejects them with a
reason), the summary of approved hours by space and period, and its certificate."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spaces_pages.selectors import coordinator_ids
from wemi_community.certificates.models import Certificate
from wemi_community.certificates.services import certificate_issue
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.services import notify
from wemi_community.participation.seats import behalf

from . import evidence, kinds, permissions
from .models import HourEntry, HoursStatement, Shift, Signup, SignupState, VolunteerProfile

H = HourEntry.State
MAX_HOURS_PER_DAY = Decimal("24")
MIN_HOURS = Decimal("0.25")


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, TypeError):
        hours = None
    # "nan" parses but cannot be compared: it is not a number of hours either.
    if hours is None or not hours.is_finite():
        raise ValidationError({"hours": _("Write the hours as a number, e.g. 2 or 1,5.")})
    if hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": _("A day has 24 hours at most.")})
    hours = hours.quantize(Decimal("0.01"))
    if hours < MIN_HOURS:
        raise ValidationError({"hours": _("Log at least a quarter of an hour.")})
    return hours


def _check_day_total(volunteer, day: datetime.date, hours: Decimal, *, excluding=None) -> None:
    """Approved and pending hours of a day never add up to more than 24. Called in a
    transaction: the volunteer's profile row is locked first, so two entries written at the
    same moment are added up one after the other."""
    VolunteerProfile.objects.select_for_update().filter(user=volunteer).only("pk").first()
    entries = HourEntry.objects.filter(volunteer=volunteer, date=day).exclude(state=H.REJECTED)
    if excluding is not None:
        entries = entries.exclude(pk=excluding.pk)
    logged = entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if logged + hours > MAX_HOURS_PER_DAY:
        raise ValidationError(
            {
                "hours": _(
                    "With these, the hours of %(day)s would be more than 24 (%(logged)s already)."
                )
                % {"day": day.strftime("%d/%m/%Y"), "logged": logged.normalize()}
            }
        )


@transaction.atomic
def attendance_confirm(*, actor, signup: Signup, attended: bool) -> Signup:
    """After the shift the coordinator says who came; coming logs the shift's hours, approved."""
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("shift", "shift__opportunity", "shift__opportunity__space")
        .get(pk=signup.pk)
    )
    shift = signup.shift
    if not permissions.can_confirm_attendance(actor, signup):
        raise PermissionDenied
    if shift.cancelled_at:
        raise StateConflict(_("This shift is cancelled."))
    if shift.starts_at > timezone.now():
        raise StateConflict(_("Attendance is confirmed once the shift has started."))
    if signup.state != SignupState.CONFIRMED:
        raise StateConflict(_("Only volunteers with a place on the shift can be confirmed."))
    if signup.attended is not None:
        raise StateConflict(_("The attendance of this volunteer is already recorded."))
    signup.attended = bool(attended)
    signup.attendance_by = actor
    signup.save(update_fields=["attended", "attendance_by"])
    if attended:
        day = timezone.localtime(shift.starts_at).date()
        _check_day_total(signup.volunteer, day, shift.duration_hours)
        try:
            with transaction.atomic():
                entry = HourEntry.objects.create(
                    volunteer=signup.volunteer,
                    space=shift.opportunity.space,
                    shift=shift,
                    date=day,
                    hours=shift.duration_hours,
                    activity=shift.opportunity.title[:200],
                    state=H.APPROVED,
                    reviewed_by=actor,
                    reviewed_at=timezone.now(),
                )
        except IntegrityError:
            raise StateConflict(_("The hours of this shift are already logged.")) from None
        evidence.approved(entry)
    audit_log(
        actor=actor,
        action=kinds.VOLUNTEERING_ATTENDANCE_CONFIRMED
        if attended
        else kinds.VOLUNTEERING_ABSENCE_RECORDED,
        target=shift.opportunity,
        data={"shift": shift.pk},
    )
    return signup


@transaction.atomic
def hours_log(
    *,
    actor,
    space,
    day: datetime.date,
    hours,
    activity: str,
    shift: Shift | None = None,
    person=None,
) -> HourEntry:
    """A volunteer (``person``: the actor, unless the space's desk logs for them) logs hours
    given for an activity at a space; a coordinator approves them."""
    volunteer = person or actor
    if permissions.profile_of(volunteer) is None:
        raise PermissionDenied
    errors = {}
    activity = " ".join(str(activity or "").replace("\x00", "").split())[:200]
    if not activity:
        errors["activity"] = _("Say what you did.")
    if space is None:
        errors["space"] = _("Choose the Spazio WeMi.")
    if day is None:
        errors["day"] = _("Choose the day.")
    elif day > timezone.localdate():
        errors["day"] = _("Hours are logged once given: not for a day to come.")
    elif day < timezone.localdate() - datetime.timedelta(days=366):
        errors["day"] = _("Hours older than a year cannot be logged.")
    try:
        hours = _hours(hours)
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if not permissions.can_log_hours_for(actor, volunteer, space):
        raise PermissionDenied
    _check_day_total(volunteer, day, hours)
    if shift is not None and HourEntry.objects.filter(volunteer=volunteer, shift=shift).exists():
        raise StateConflict(_("The hours of this shift are already logged."))
    try:
        with transaction.atomic():
            entry = HourEntry.objects.create(
                volunteer=volunteer,
                space=space,
                shift=shift,
                date=day,
                hours=hours,
                activity=activity,
            )
    except IntegrityError:
        raise StateConflict(_("The hours of this shift are already logged.")) from None

    notify(
        coordinator_ids(space.pk),
        kinds.NOTIFY_VOLUNTEERING_HOURS_LOGGED,
        space,
        volunteer,
        url=reverse("volunteering:hours_review"),
    )
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, volunteer),
        action=kinds.VOLUNTEERING_HOURS_LOGGED,
        target=space,
        data={"entry": entry.pk},
    )
    return entry


@transaction.atomic
def hours_review(*, actor, entry: HourEntry, approve: bool, reason: str = "") -> HourEntry:
    entry = (
        HourEntry.objects.select_for_update(of=("self",)).select_related("space").get(pk=entry.pk)
    )
    if not permissions.can_review_hours(actor, entry):
        raise PermissionDenied
    if entry.state != H.PENDING:
        raise StateConflict(_("These hours were already reviewed."))
    reason = " ".join(str(reason or "").replace("\x00", "").split())[:300]
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why, so the volunteer understands.")})
    entry.state = H.APPROVED if approve else H.REJECTED
    entry.rejection_reason = "" if approve else reason
    entry.reviewed_by = actor
    entry.reviewed_at = timezone.now()
    entry.save(update_fields=["state", "rejection_reason", "reviewed_by", "reviewed_at"])
    if approve:
        evidence.approved(entry)
    notify(
        [entry.volunteer_id],
        kinds.NOTIFY_VOLUNTEERING_HOURS_APPROVED
        if approve
        else kinds.NOTIFY_VOLUNTEERING_HOURS_REJECTED,
        entry.space,
        actor,
        excerpt=reason,
        url=f"{reverse('volunteering:mine')}#ore",
    )
    audit_log(
        actor=actor,
        action=kinds.VOLUNTEERING_HOURS_APPROVED if approve else kinds.VOLUNTEERING_HOURS_REJECTED,
        target=entry.space,
        data={"entry": entry.pk},
    )
    return entry


# --- Summaries and certificates ------------------------------------------------------------


def approved(volunteer, *, space=None, start=None, end=None):
    entries = HourEntry.objects.filter(volunteer=volunteer, state=H.APPROVED)
    if space is not None:
        entries = entries.filter(space=space)
    if start:
        entries = entries.filter(date__gte=start)
    if end:
        entries = entries.filter(date__lte=end)
    return entries


def summary(volunteer, *, space=None, start=None, end=None) -> dict:
    """Approved hours by space over a period: rows, total, first and last day."""
    entries = approved(volunteer, space=space, start=start, end=end)
    rows = list(
        entries.values("space_id", "space__title")
        .annotate(total=Sum("hours"))
        .order_by("space__title")
    )
    days = list(entries.order_by("date").values_list("date", flat=True))
    return {
        "rows": rows,
        "total": sum((row["total"] for row in rows), Decimal(0)),
        "first": days[0] if days else None,
        "last": days[-1] if days else None,
    }


@transaction.atomic
def certificate_for(*, actor, person=None, space=None, start=None, end=None) -> Certificate:
    """The certificate of ``person``'s approved hours of a period (at one space, or all of
    them); ``person`` is the actor unless a desk asks for it for them."""
    volunteer = person or actor
    if permissions.profile_of(volunteer) is None:
        raise PermissionDenied
    if not permissions.can_get_hours_certificate_for(actor, volunteer, space):
        raise PermissionDenied
    if start and end and end < start:
        raise ValidationError({"end": _("The last day cannot come before the first.")})
    figures = summary(volunteer, space=space, start=start, end=end)
    if not figures["total"]:
        raise StateConflict(_("There are no approved hours in this period."))
    period_start, period_end = start or figures["first"], end or figures["last"]
    statement, _created = HoursStatement.objects.get_or_create(
        volunteer=volunteer,
        space=space,
        period_start=period_start,
        period_end=period_end,
        defaults={"hours": figures["total"]},
    )
    if statement.hours != figures["total"]:
        statement.hours = figures["total"]
        statement.save(update_fields=["hours"])
    issuer = (
        space.title
        if space is not None
        else ", ".join(row["space__title"] for row in figures["rows"])
    )
    activities = list(
        approved(volunteer, space=space, start=start, end=end)
        .order_by()
        .values_list("activity", flat=True)
        .distinct()[:6]
    )
    return certificate_issue(
        actor=actor,
        kind=Certificate.Kind.VOLUNTEERING,
        holder=volunteer,
        subject=_("Volunteering"),
        issuer_name=issuer,
        source=statement,
        period_start=period_start,
        period_end=period_end,
        details={
            "hours": str(figures["total"].quantize(Decimal("0.01"))),
            "activities": activities,
        },
    )
