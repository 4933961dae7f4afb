"""Reads of the appointments' pages. Each is a fixed number of queries whatever it shows:
a week of free slots of a space, a person's appointments, a desk's day."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from wemi_community.core.ids import parse_id
from wemi_community.core.milan import ROME, in_rome

from .models import Appointment, AppointmentSlot, AppointmentState, ServicePoint

A = AppointmentState
WEEK = 7
MINE_PAST_SHOWN = 10


def _day_bounds(first: datetime.date, days: int) -> tuple[datetime.datetime, datetime.datetime]:
    return (
        in_rome(first, datetime.time(0)),
        in_rome(first + datetime.timedelta(days=days), datetime.time(0)),
    )


def _with_booked(queryset):
    return queryset.annotate(
        booked=Count("appointments", filter=Q(appointments__state=A.CONFIRMED))
    )


def free_slots(space, first: datetime.date, *, days: int = WEEK, now=None) -> list[dict]:
    """The slots of ``space`` with a free place, from ``first`` for ``days`` days, not begun:
    ``[{"day": date, "points": [{"point": point, "slots": [...]}]}]`` (one query)."""
    now = now or timezone.now()
    start, end = _day_bounds(first, days)
    rows = (
        _with_booked(AppointmentSlot.objects.filter(point__space=space))
        .filter(starts_at__gte=max(start, now), starts_at__lt=end, booked__lt=F("capacity"))
        .select_related("point")
        .order_by("starts_at", "point__kind", "point__number")
    )
    days_found = []
    for day, day_slots in groupby(rows, key=lambda slot: timezone.localtime(slot.starts_at).date()):
        by_point: dict[int, dict] = {}
        for slot in day_slots:
            slot.free = slot.capacity - slot.booked
            entry = by_point.setdefault(slot.point_id, {"point": slot.point, "slots": []})
            entry["slots"].append(slot)
        points = sorted(by_point.values(), key=lambda e: (e["point"].kind, e["point"].number))
        days_found.append({"day": day, "points": points})
    return days_found


def slot_of_space(space, pk) -> AppointmentSlot | None:
    if not (pk := parse_id(pk)):
        return None
    return (
        AppointmentSlot.objects.filter(point__space=space, pk=pk)
        .select_related("point", "point__space")
        .first()
    )


def appointments_of(person, *, now=None) -> dict:
    """The person's coming appointments (in time order) and the last ones past or
    cancelled (two queries)."""
    now = now or timezone.now()
    rows = Appointment.objects.filter(person=person).select_related(
        "slot", "slot__point", "slot__point__space", "booked_by"
    )
    coming = rows.filter(state=A.CONFIRMED, slot__starts_at__gt=now).order_by(
        "slot__starts_at", "pk"
    )
    other = rows.filter(Q(state=A.CANCELLED) | Q(slot__starts_at__lte=now)).order_by(
        "-slot__starts_at", "-pk"
    )[:MINE_PAST_SHOWN]
    return {"coming": list(coming), "other": list(other)}


def day_appointments(space, day: datetime.date) -> list[Appointment]:
    """The confirmed appointments of the space's points on ``day``, by time (one query)."""
    start, end = _day_bounds(day, 1)
    return list(
        Appointment.objects.filter(
            slot__point__space=space,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
            state=A.CONFIRMED,
        )
        .select_related("slot", "slot__point", "person", "person__desk_record", "booked_by")
        .order_by("slot__starts_at", "slot__point__kind", "slot__point__number", "pk")
    )


def published_days(space, first: datetime.date, *, days: int = 14) -> list[dict]:
    """Per day and point, the slots published and the places booked, for the operator's
    page (two queries): ``[{"day", "point", "slots", "booked"}]``."""
    start, end = _day_bounds(first, days)
    rows = (
        AppointmentSlot.objects.filter(point__space=space, starts_at__gte=start, starts_at__lt=end)
        .annotate(day=TruncDate("starts_at", tzinfo=ROME))
        .values("day", "point_id")
        .annotate(
            slots=Count("pk", distinct=True),
            booked=Count("appointments", filter=Q(appointments__state=A.CONFIRMED)),
        )
        .order_by("day", "point_id")
    )
    points = {point.pk: point for point in ServicePoint.objects.filter(space=space)}
    return [
        {
            "day": row["day"],
            "point": points.get(row["point_id"]),
            "slots": row["slots"],
            "booked": row["booked"],
        }
        for row in rows
    ]
