"""Events and courses of the Spazi WeMi: one-off or recurring events (each occurrence is an
``Event`` row of its ``EventSeries``), registrations with seats and a waitlist, check-in by
code; courses, whose sessions are events, with one enrolment for all of them, attendance per
session and a certificate. Every write goes through ``services.py`` and ``courses.py``; the
registrations' states are the table in ``states.py``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from cms_templates.text_search import in_every_language

MAX_SEATS_PER_REGISTRATION = 10


class Category(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    DESK = "desk", _("Desk hours")
    MEETING = "meeting", _("Meeting")
    ASSEMBLY = "assembly", _("Assembly")
    LAB_MEETING = "lab_meeting", _("Lab meeting")
    COURSE = "course", _("Course")
    PARTY = "party", _("Party")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    CHILDREN = "children", _("Children")
    YOUNG = "young", _("Young people")
    FAMILIES = "families", _("Families")
    ADULTS = "adults", _("Adults")
    ELDERLY = "elderly", _("Elderly people")


class OrganiserKind(models.TextChoices):
    SPACE = "space", _("The space")
    PROVIDER = "provider", _("A provider")
    VOLUNTEERS = "volunteers", _("A volunteer group")


class PlaceKind(models.TextChoices):
    SPACE = "space", _("At the space")
    ELSEWHERE = "elsewhere", _("At another address")
    ONLINE = "online", _("Online only")


class EventSeries(models.Model):
    """The rule of a recurring event: every N weeks on some weekdays, from a day until a day
    (or for a number of times), at the same hours, skipping the space's closures."""

    space = models.ForeignKey(
        "spaces_pages.SpacePage", on_delete=models.PROTECT, related_name="event_series"
    )
    interval = models.PositiveSmallIntegerField(_("every how many weeks"), default=1)
    weekdays = models.JSONField(_("weekdays"), default=list)
    starts_on = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of times"), null=True, blank=True)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    skip_closures = models.BooleanField(_("skip the space's closures"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recurring event")
        verbose_name_plural = _("recurring events")

    def __str__(self) -> str:
        first = self.occurrences.order_by("starts_at").first()
        return first.title if first else str(self.pk)


class Course(index.Indexed, models.Model):
    """A series of sessions (each an ``Event``) with one sign-up for all of them."""

    space = models.ForeignKey(
        "spaces_pages.SpacePage", on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=140)
    description_source = models.TextField(_("what participants will learn"), blank=True)
    description_html = models.TextField(blank=True, editable=False)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.COURSE
    )
    educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses_taught",
        verbose_name=_("educator"),
    )
    educator_name = models.CharField(_("educator"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    # Share of the sessions attended that earns the certificate, in percent.
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for the certificate (%)"), default=75
    )
    registration_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("sign-up closes"), null=True, blank=True)
    # Kept in step by the enrolment services under the course's row lock.
    seats_taken = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description_source"),
        index.SearchField("educator_name"),
        # "corso", "corsi": what people type, which a course's title rarely says.
        index.SearchField("kind_words"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:course", args=[self.pk])

    def kind_words(self) -> str:
        return in_every_language(self._meta.verbose_name, self._meta.verbose_name_plural)

    @property
    def free_seats(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Event(index.Indexed, models.Model):
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("space"),
    )
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=140)
    description_source = models.TextField(_("description"), blank=True)
    # The sanitised HTML of the description: the only form of it a template shows.
    description_html = models.TextField(blank=True, editable=False)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.WORKSHOP
    )
    audience = models.CharField(
        _("who it is for"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    place_kind = models.CharField(
        _("where"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.SPACE
    )
    place_name = models.CharField(_("place"), max_length=140, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    registration_required = models.BooleanField(_("registration required"), default=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    max_seats_per_registration = models.PositiveSmallIntegerField(
        _("seats per registration at most"), default=4
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    price = models.DecimalField(
        _("price (€)"), max_digits=7, decimal_places=2, default=Decimal("0.00")
    )
    organiser_kind = models.CharField(
        _("organised by"),
        max_length=12,
        choices=OrganiserKind.choices,
        default=OrganiserKind.SPACE,
    )
    provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("provider"),
    )
    organiser_name = models.CharField(_("organiser's name"), max_length=140, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # RFC 5545's SEQUENCE: raised on each change that calendars must pick up.
    sequence = models.PositiveIntegerField(default=0)
    # Kept in step by the registration services under the event's row lock.
    seats_taken = models.PositiveIntegerField(default=0)
    waitlist_seats = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description_source"),
        index.SearchField("place_name"),
        index.SearchField("organiser_name"),
        # Its kind ("laboratorio", "corso" for a course's session), in every language.
        index.SearchField("kind_words"),
    ]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["space", "starts_at"]),
            models.Index(fields=["category", "starts_at"]),
            models.Index(fields=["cancelled_at", "starts_at"]),
            # The dates of a weekly series, in order (the list shows the next of each).
            models.Index(fields=["series", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="events_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def kind_words(self) -> str:
        return in_every_language(Category(self.category).label)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def free_seats(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def is_free(self) -> bool:
        return not self.price


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("registration", "On the waitlist")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


ACTIVE_STATES = (RegistrationState.CONFIRMED, RegistrationState.WAITLISTED)


class Registration(models.Model):
    """A person's seats at an event (an adult with two children takes three)."""

    State = RegistrationState

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    state = models.CharField(_("state"), max_length=12, choices=RegistrationState.choices)
    # Shown as text and QR code; typed or scanned at the door.
    code = models.CharField(_("code"), max_length=12, unique=True)
    # The waitlist's order.
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(state__in=["confirmed", "waitlisted"]),
                name="events_one_active_registration",
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="events_seats_min"),
        ]
        indexes = [
            models.Index(fields=["event", "state", "created_at"]),
            # A person's registrations ("my events", the reminders).
            models.Index(fields=["user", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"


class Enrollment(models.Model):
    """A person's place in a course: one sign-up for all its sessions."""

    State = RegistrationState

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_enrollments"
    )
    state = models.CharField(_("state"), max_length=12, choices=RegistrationState.choices)
    code = models.CharField(_("code"), max_length=12, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=models.Q(state__in=["confirmed", "waitlisted"]),
                name="events_one_active_enrollment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class Attendance(models.Model):
    """Whether an enrolled person came to one session of the course."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "session"], name="events_attendance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.session}"


class Reminder(models.Model):
    """A reminder sent: claimed before sending, so a retried task sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="events_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"


class CalendarToken(models.Model):
    """The secret of a person's calendar feed; resetting it stops the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.user)
