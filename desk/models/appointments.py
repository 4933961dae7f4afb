"""Appointments at a space: its service points (the desk, the stations of the
digital-facilitation point), the slots each publishes within the opening hours, and the
residents' bookings of them (seats taken through ``participation.seats``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ServicePoint(models.Model):
    class Kind(models.TextChoices):
        DESK = "desk", _("Desk")
        STATION = "station", _("Digital-facilitation station")

    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.CASCADE,
        related_name="service_points",
        verbose_name=_("space"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The station's number ("Postazione 1"); 0 for the desk, which is one per space.
    number = models.PositiveSmallIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["space", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["space", "kind", "number"], name="desk_point_once"),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        # Worded when shown, in the reader's language.
        if self.kind == self.Kind.DESK:
            return _("Desk")
        return _("Station %(number)s") % {"number": self.number}

    @property
    def key(self) -> str:
        return "desk" if self.kind == self.Kind.DESK else f"station-{self.number}"


class AppointmentSlot(models.Model):
    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="slots", verbose_name=_("point")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("people"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["starts_at", "point"]
        constraints = [
            # Publishing the same range again adds nothing.
            models.UniqueConstraint(fields=["point", "starts_at"], name="desk_slot_once"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="desk_slot_start")]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{self.point.label} · {self.point.space.title}, {start:%d/%m/%Y %H:%M}"

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class AppointmentState(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


class Appointment(models.Model):
    State = AppointmentState

    slot = models.ForeignKey(
        AppointmentSlot,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("slot"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_appointments",
        verbose_name=_("person"),
    )
    topic = models.CharField(_("topic"), max_length=120)
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=AppointmentState.choices)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Claimed before the reminder leaves (a conditional UPDATE): a retry sends nothing.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=Q(state="confirmed"),
                name="desk_appointment_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.slot)

    def get_absolute_url(self) -> str:
        return reverse("desk:appointments_mine")
