"""Volunteering at the Spazi WeMi: volunteers' profiles, opportunities with shifts, sign-ups
with a waitlist, invitations, hours (from attended shifts or logged and approved) and the
statements of hours that certificates are issued for; volunteers' offers of help. Every write
goes through ``services.py``, ``hours.py`` and ``offers.py``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from wemi_community.core.translated import TranslatedField

from . import slots


class Skill(models.Model):
    """The shared list of skills (free tags complete it on each profile)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_en = models.CharField(_("name in English"), max_length=80, blank=True)
    slug = models.SlugField(max_length=80, unique=True)

    translated_name = TranslatedField("name")

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.translated_name


class AgeGroup(models.TextChoices):
    FROM_14 = "14_15", _("14 or 15 years old")
    FROM_16 = "16_17", _("16 or 17 years old")
    ADULT = "adult", _("18 or older")


# The youngest age of each group: what a minimum age is compared with.
AGE_OF_GROUP = {AgeGroup.FROM_14: 14, AgeGroup.FROM_16: 16, AgeGroup.ADULT: 18}


class VolunteerProfile(models.Model):
    """What a volunteer offers. Seen by themselves and by the coordinators of the spaces where
    they volunteer (or are invited); never public."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="profiles")
    tags = models.JSONField(_("other skills"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    # One bit per weekday and time of day (see slots.py): the database can match it.
    availability = models.PositiveIntegerField(_("availability"), default=0)
    municipio = models.ForeignKey(
        "catalogue.Municipio",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Municipio"),
    )
    bio = models.TextField(_("a few words about you"), blank=True)
    age_group = models.CharField(_("age"), max_length=8, choices=AgeGroup.choices)
    active = models.BooleanField(_("available for new activities"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def age(self) -> int:
        return AGE_OF_GROUP.get(self.age_group, 0)

    @property
    def availability_text(self) -> str:
        return slots.describe(self.availability, limit=slots.WEEK_SLOTS)


class Commitment(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    REGULAR = "regular", _("Regular")


class Opportunity(index.Indexed, models.Model):
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="volunteer_opportunities",
        verbose_name=_("space"),
    )
    title = models.CharField(_("title"), max_length=140)
    description_source = models.TextField(_("description"), blank=True)
    description_html = models.TextField(blank=True, editable=False)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="opportunities", verbose_name=_("skills wanted")
    )
    languages = models.JSONField(_("languages wanted"), default=list, blank=True)
    commitment = models.CharField(
        _("commitment"), max_length=10, choices=Commitment.choices, default=Commitment.ONE_OFF
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    # A volunteer may cancel a shift until this many hours before it starts.
    cancel_hours = models.PositiveSmallIntegerField(_("cancel until (hours before)"), default=24)
    from_offer = models.ForeignKey(
        "VolunteerOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description_source"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("volunteer opportunity")
        verbose_name_plural = _("volunteer opportunities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:opportunity", args=[self.pk])


class Shift(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=140, blank=True)
    capacity = models.PositiveSmallIntegerField(_("volunteers needed"))
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="shifts", verbose_name=_("skills needed")
    )
    # The weekdays and times of day it covers (slots.py), to match availability in the database.
    slots = models.PositiveIntegerField(default=0)
    # Kept in step by the sign-up services under the shift's row lock.
    seats_taken = models.PositiveSmallIntegerField(default=0)
    waitlist_count = models.PositiveSmallIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="volunteering_shift_ends_after",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="volunteering_capacity_min"
            ),
        ]
        # An opportunity's shifts in order, and the upcoming ones of the list.
        indexes = [models.Index(fields=["opportunity", "starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.opportunity} · {local:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return f"{self.opportunity.get_absolute_url()}#turno-{self.pk}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def duration_hours(self) -> Decimal:
        # Timestamps, not a subtraction: two Milan datetimes subtract by their wall clocks,
        # an hour off on the nights the clocks change.
        seconds = self.ends_at.timestamp() - self.starts_at.timestamp()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()


class SignupState(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("shift", "Confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("shift", "On the waitlist")
    CANCELLED = "cancelled", pgettext_lazy("shift", "Cancelled")


ACTIVE = (SignupState.CONFIRMED, SignupState.WAITLISTED)


class Signup(models.Model):
    State = SignupState

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_signups"
    )
    state = models.CharField(_("state"), max_length=12, choices=SignupState.choices)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Set by the coordinator after the shift: True came, False did not.
    attended = models.BooleanField(null=True, blank=True)
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=models.Q(state__in=["confirmed", "waitlisted"]),
                name="volunteering_one_active_signup",
            ),
        ]
        # A volunteer's sign-ups by state ("my shifts", the overlap check).
        indexes = [models.Index(fields=["volunteer", "state"])]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.shift}"


class Invitation(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="invitations")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["shift", "volunteer"], name="volunteering_invite_once"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.shift}"


class HourEntry(models.Model):
    """Hours given: from an attended shift (approved when the attendance is confirmed) or
    logged by the volunteer for an activity, for a coordinator of the space to approve."""

    class State(models.TextChoices):
        PENDING = "pending", _("To approve")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_hours"
    )
    space = models.ForeignKey(
        "spaces_pages.SpacePage", on_delete=models.PROTECT, related_name="volunteer_hours"
    )
    shift = models.ForeignKey(
        Shift, on_delete=models.SET_NULL, null=True, blank=True, related_name="hours"
    )
    date = models.DateField(_("day"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    activity = models.CharField(_("activity"), max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        indexes = [
            models.Index(fields=["space", "state", "date"]),
            models.Index(fields=["volunteer", "date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "shift"],
                condition=models.Q(shift__isnull=False),
                name="volunteering_hours_once_per_shift",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24), name="volunteering_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.date} · {self.hours}"


class HoursStatement(models.Model):
    """The approved hours of a volunteer over a period (at one space, or all): what a
    certificate of volunteer hours certifies, each with its own code."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hours_statements"
    )
    space = models.ForeignKey(
        "spaces_pages.SpacePage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    hours = models.DecimalField(max_digits=8, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statement of hours")
        verbose_name_plural = _("statements of hours")

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.period_start}–{self.period_end}"


class VolunteerOffer(index.Indexed, models.Model):
    """A volunteer's offer of help ("Italian conversation, Tuesday afternoons, Municipio 8"),
    which a space can take up as an opportunity or an event."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("offer", "Open")
        TAKEN = "taken", pgettext_lazy("offer", "Taken up")
        WITHDRAWN = "withdrawn", pgettext_lazy("offer", "Withdrawn")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_offers"
    )
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="offers")
    municipio = models.ForeignKey(
        "catalogue.Municipio",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Municipio"),
    )
    availability = models.PositiveIntegerField(_("when"), default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    taken_by = models.ForeignKey(
        "spaces_pages.SpacePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("volunteer offer")
        verbose_name_plural = _("volunteer offers")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:offer", args=[self.pk])

    @property
    def availability_text(self) -> str:
        return slots.describe(self.availability, limit=slots.WEEK_SLOTS)


class ShiftReminder(models.Model):
    """A reminder sent: claimed before sending, so a retried task sends nothing twice."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "shift"], name="volunteering_remind_once"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.shift}"
