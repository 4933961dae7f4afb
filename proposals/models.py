"""Collective proposals and the households that join them. The offers of providers and the
shared services a proposal becomes are the ``shared_services`` app's.

Every write goes through ``services.py``; the allowed state changes are the tables in
``states.py``."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from wemi_community.participation.models import ModeratedContent

MAX_HOUSEHOLD_SIZE = 20
MAX_HOUSEHOLDS = 200


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children")
    ELDERLY = "elderly", _("Elderly people")
    FAMILIES = "families", _("Families")
    EVERYONE = "everyone", _("Everyone")


class PricingMode(models.TextChoices):
    FREE = "free", _("Free")
    COPAYMENT = "copayment", _("Co-payment")
    PAID = "paid", _("Paid by the families")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class TimeSlot(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class ProposalThreshold(models.Model):
    """Households a proposal of this category needs; a row with a space overrides the
    category's row for that space."""

    category = models.ForeignKey(
        "catalogue.ServiceCategory",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("category"),
        # A service, or a service group whose services have no figure of their own.
        limit_choices_to={"level__in": [2, 3]},
    )
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("space"),
        help_text=_("Leave empty for the whole city."),
    )
    households = models.PositiveSmallIntegerField(
        _("households needed"), validators=[MinValueValidator(2), MaxValueValidator(MAX_HOUSEHOLDS)]
    )

    class Meta:
        verbose_name = _("proposal threshold")
        verbose_name_plural = _("proposal thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "space"], name="proposals_threshold_unique_space"
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(space__isnull=True),
                name="proposals_threshold_unique_city",
            ),
        ]

    def __str__(self) -> str:
        where = self.space or _("whole city")
        return f"{self.category} · {where}: {self.households}"


class Proposal(index.Indexed, ModeratedContent):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        GATHERING = "gathering", _("Gathering households")
        THRESHOLD_REACHED = "threshold_reached", _("Threshold reached")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("author"),
    )
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("space"),
    )
    category = models.ForeignKey(
        "catalogue.ServiceCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("category"),
    )
    # A proposal co-designed in a listening-action lab: drafted by its facilitators, discussed
    # by its members, published by them in the action phase.
    lab = models.ForeignKey(
        "labs.Lab",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("from the lab"),
    )
    title = models.CharField(_("title"), max_length=140, blank=True)
    description_source = models.TextField(_("description"), blank=True)
    # The sanitised HTML of the description: the only form of it a template shows.
    description_html = models.TextField(blank=True, editable=False)
    audience = models.CharField(
        _("who it is for"), max_length=12, choices=Audience.choices, blank=True
    )
    days = models.JSONField(_("days wanted"), default=list, blank=True)
    time_slots = models.JSONField(_("times of day wanted"), default=list, blank=True)
    schedule_notes = models.CharField(_("notes on days and times"), max_length=200, blank=True)
    pricing_mode = models.CharField(
        _("pricing wished"), max_length=12, choices=PricingMode.choices, blank=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # Fixed when the proposal is published, so a later change of the category's threshold
    # does not move the goal under the households that joined.
    threshold = models.PositiveSmallIntegerField(_("households needed"), default=0)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Kept in step by the join and leave services, under the proposal's row lock.
    households_count = models.PositiveIntegerField(_("households joined"), default=0)
    people_count = models.PositiveIntegerField(_("people joined"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Found by /cerca/ and the list's words (cms_templates.text_search); who may see a row is
    # still the list's queryset.
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description_source"),
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["state", "space"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["state", "-published_at"]),
            models.Index(fields=["state", "-households_count"]),
            models.Index(fields=["category", "state"]),
            # "All" states, newest first, at city scale.
            models.Index(fields=["-published_at", "-id"]),
            # The most joined of several states (the home page, the list by joins): an index
            # per state cannot give one order across three, so PostgreSQL sorted them all.
            models.Index(fields=["-households_count", "-published_at", "-id"]),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Untitled proposal"))

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_gathering(self) -> bool:
        return self.state in (self.State.GATHERING, self.State.THRESHOLD_REACHED)

    @property
    def missing_households(self) -> int:
        return max(self.threshold - self.households_count, 0)

    @property
    def progress_percent(self) -> int:
        if not self.threshold:
            return 0
        return min(100, round(100 * self.households_count / self.threshold))


class Support(models.Model):
    """A household that joined a proposal ("Ci sto"), with how many of its people would use
    the service."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    household_size = models.PositiveSmallIntegerField(
        _("people in the household who would use it"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOUSEHOLD_SIZE)],
    )
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("household that joined")
        verbose_name_plural = _("households that joined")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposals_support_unique"),
        ]
        # A household's proposals, newest first ("my proposals", the data export).
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.proposal}"


class Answer(models.Model):
    """One change of a proposal's state, with the public text that explains it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, choices=Proposal.State.choices)
    to_state = models.CharField(max_length=20, choices=Proposal.State.choices)
    text = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.from_state} → {self.to_state}"
