"""Listening-action labs: who runs them, who takes part (people with an account or guests with
only a nickname), the needs they post with their "me too", and the themes facilitators group
them into. Every write goes through ``services.py``; the phases are the table in
``states.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from wemi_community.participation.models import ModeratedContent

NEED_MAX_LENGTH = 280
NICKNAME_MAX_LENGTH = 30


class Lab(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        CONDOMINIUM = "condominium", _("Condominium")
        SCHOOL = "school", _("School")
        COMPANY = "company", _("Company")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")

    class Phase(models.TextChoices):
        REQUESTED = "requested", _("Requested, waiting for the space")
        LISTENING = "listening", _("Listening")
        AGGREGATION = "aggregation", _("Aggregation")
        CO_DESIGN = "co_design", _("Co-design")
        ACTION = "action", _("Action")
        EVALUATION = "evaluation", _("Evaluation")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Declined by the space")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private: members only")
        PUBLIC = "public", _("Public: listed on the space's page")

    title = models.CharField(_("title"), max_length=140)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="labs",
        verbose_name=_("space"),
    )
    # Where it meets, without personal data: "Condominio via Palmieri 53".
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.LISTENING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # The secret of the invitation link and QR code; regenerating it stops the old one.
    invite_token = models.CharField(max_length=64, unique=True)
    invite_created_at = models.DateTimeField()
    phase_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("place"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        indexes = [
            models.Index(fields=["space", "visibility", "phase"]),
            # The public list, newest first.
            models.Index(fields=["visibility", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("labs:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Not a request waiting or declined, not closed: the lab is working."""
        return self.phase not in (self.Phase.REQUESTED, self.Phase.DECLINED, self.Phase.CLOSED)

    @property
    def group_name(self) -> str:
        """The channel group of its live wall."""
        return f"lab.{self.pk}"


class PhaseDates(models.Model):
    """When a phase is planned: shown on the lab's page as "now" and "next"."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="phase_dates")
    phase = models.CharField(_("phase"), max_length=12, choices=Lab.Phase.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("dates of a phase")
        verbose_name_plural = _("dates of the phases")
        constraints = [
            models.UniqueConstraint(fields=["lab", "phase"], name="labs_phase_dates_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lab} · {self.get_phase_display()}"


class Facilitator(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_facilitations"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        constraints = [
            models.UniqueConstraint(fields=["lab", "user"], name="labs_facilitator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lab}"


class Participant(models.Model):
    """A member of a lab: a person with an account, or a guest known by a nickname and a key
    kept in their browser (only its hash is stored). A guest may later attach the
    participation to an account (``user`` set, ``claimed_at`` stamped)."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lab_participations",
    )
    nickname = models.CharField(_("nickname"), max_length=NICKNAME_MAX_LENGTH)
    guest_key_hash = models.CharField(max_length=64, blank=True, db_index=True)
    joined_phase = models.CharField(max_length=12, choices=Lab.Phase.choices)
    joined_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "user"],
                condition=models.Q(user__isnull=False),
                name="labs_participant_unique_user",
            ),
            models.UniqueConstraint(
                "lab", Lower("nickname"), name="labs_participant_unique_nickname"
            ),
        ]

    def __str__(self) -> str:
        return self.nickname

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class Theme(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=120)
    position = models.PositiveIntegerField(default=0)
    # In co-design a theme becomes a draft proposal of the space (marked with the lab); once
    # published it is the same proposal, gathering households.
    proposal = models.OneToOneField(
        "proposals.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lab_theme",
        verbose_name=_("draft proposal"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.title


class Need(ModeratedContent):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="needs")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="needs")
    # The account behind the need, when there is one (reports and moderation speak of it).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lab_needs",
    )
    category = models.ForeignKey(
        "catalogue.ServiceCategory",
        on_delete=models.PROTECT,
        related_name="lab_needs",
        verbose_name=_("category"),
    )
    text = models.CharField(_("need"), max_length=NEED_MAX_LENGTH)
    # Anonymous to the other participants; facilitators still see who wrote it.
    anonymous = models.BooleanField(_("anonymous to the other participants"), default=False)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs"
    )
    # Kept in step by the "me too" services under the need's row lock.
    me_too_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["lab", "id"])]

    def __str__(self) -> str:
        return self.text[:60]


class MeToo(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="me_toos")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="me_toos")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("“me too”")
        verbose_name_plural = _("“me too”s")
        constraints = [
            models.UniqueConstraint(fields=["need", "participant"], name="labs_metoo_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.need}"


class Poll(models.Model):
    """A simple poll on a lab's draft ("which afternoons suit you?"): one vote per participant,
    the results shown to whoever has voted, and to everyone once the poll is closed."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="polls")
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="lab_polls",
        verbose_name=_("draft proposal"),
    )
    question = models.CharField(_("question"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept in step by the vote service under the poll's row lock.
    votes_count = models.PositiveIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.question

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    votes_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="poll_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "participant"], name="labs_poll_vote_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.option}"


class Evaluation(models.Model):
    """A participant's rating of the lab (1–5) with an optional comment; one each."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="evaluations")
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="evaluation"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="labs_evaluation_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lab} · {self.rating}"
