"""Providers' offers on a proposal with their price lists, and the shared services an offer
becomes: members, waitlist, co-payment, the delivery log and ratings.

The models were part of the proposals: their tables keep the names they had there. Every
write goes through ``offers.py`` and ``services.py``; the allowed state changes are the tables
in ``states.py``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from proposals.models import MAX_HOUSEHOLD_SIZE, MAX_HOUSEHOLDS, PricingMode, Proposal

__all__ = [
    "MAX_HOUSEHOLD_SIZE",
    "MAX_HOUSEHOLDS",
    "CopaymentShare",
    "DeliveryCheck",
    "DeliveryEntry",
    "IseeBand",
    "Membership",
    "Offer",
    "PriceBand",
    "PricingMode",
    "ServiceRating",
    "SharedService",
]


class IseeBand(models.TextChoices):
    """Bands of the ISEE (the household's means indicator) a member declares."""

    UNDER_10K = "under_10k", _("ISEE under €10,000")
    FROM_10K_TO_20K = "10k_20k", _("ISEE from €10,000 to €20,000")
    FROM_20K_TO_30K = "20k_30k", _("ISEE from €20,000 to €30,000")
    OVER_30K = "over_30k", _("ISEE over €30,000")
    UNDECLARED = "", _("Not declared")


class Offer(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CHOSEN = "chosen", _("Chosen")
        NOT_CHOSEN = "not_chosen", _("Not chosen")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="offers")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("provider"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    min_households = models.PositiveSmallIntegerField(
        _("minimum households"), validators=[MinValueValidator(1)]
    )
    max_households = models.PositiveSmallIntegerField(
        _("maximum households"), validators=[MaxValueValidator(MAX_HOUSEHOLDS)]
    )
    schedule = models.CharField(_("schedule"), max_length=200)
    description = models.TextField(_("what the offer includes"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table it had when the model was part of the proposals.
        db_table = "proposals_offer"
        ordering = ["created_at", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.proposal}"


class PriceBand(models.Model):
    """From–to households: the price per hour for the whole group."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="bands")
    min_households = models.PositiveSmallIntegerField(_("from households"))
    max_households = models.PositiveSmallIntegerField(_("to households"))
    group_price_per_hour = models.DecimalField(
        _("price per hour for the group (€)"), max_digits=8, decimal_places=2
    )

    class Meta:
        # The table it had when the model was part of the proposals.
        db_table = "proposals_priceband"
        ordering = ["min_households"]
        verbose_name = _("price band")
        verbose_name_plural = _("price bands")

    def __str__(self) -> str:
        return f"{self.min_households}–{self.max_households}: € {self.group_price_per_hour}"


class SharedService(models.Model):
    class State(models.TextChoices):
        STARTING = "starting", _("Starting: households are confirming")
        RUNNING = "running", _("Running")
        ENDED = "ended", _("Ended")

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="shared_service"
    )
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="shared_service")
    provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="shared_services",
        verbose_name=_("provider"),
    )
    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="shared_services",
        verbose_name=_("space"),
    )
    category = models.ForeignKey(
        "catalogue.ServiceCategory",
        on_delete=models.PROTECT,
        related_name="shared_services",
        verbose_name=_("category"),
    )
    title = models.CharField(_("title"), max_length=140)
    schedule = models.CharField(_("schedule"), max_length=200)
    pricing_mode = models.CharField(_("pricing"), max_length=12, choices=PricingMode.choices)
    seats = models.PositiveSmallIntegerField(_("seats (households)"))
    min_households = models.PositiveSmallIntegerField(_("minimum households"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.STARTING, db_index=True
    )
    confirm_by = models.DateTimeField(_("households confirm by"))
    # Kept in step by the membership services under this row's lock.
    members_count = models.PositiveSmallIntegerField(_("member households"), default=0)
    waitlist_count = models.PositiveSmallIntegerField(_("households on the waitlist"), default=0)
    # The quota per household per hour last announced to the members, to tell them when it moves.
    current_quota = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    contact = models.CharField(_("contacts for the members"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table it had when the model was part of the proposals.
        db_table = "proposals_sharedservice"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shared service")
        verbose_name_plural = _("shared services")
        indexes = [models.Index(fields=["space", "state"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("shared_services:service", args=[self.pk])

    @property
    def free_seats(self) -> int:
        return max(self.seats - self.members_count, 0)


class CopaymentShare(models.Model):
    """The share of each member's quota the City covers, for one ISEE band of one service."""

    service = models.ForeignKey(
        SharedService, on_delete=models.CASCADE, related_name="copayment_shares"
    )
    isee_band = models.CharField(_("ISEE band"), max_length=12, choices=IseeBand.choices)
    city_percent = models.PositiveSmallIntegerField(
        _("share the City covers (%)"), validators=[MaxValueValidator(100)]
    )

    class Meta:
        # The table it had when the model was part of the proposals.
        db_table = "proposals_copaymentshare"
        verbose_name = _("co-payment share")
        verbose_name_plural = _("co-payment shares")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "isee_band"], name="proposals_copayment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_isee_band_display()}: {self.city_percent}%"


class Membership(models.Model):
    class State(models.TextChoices):
        INVITED = "invited", _("Invited to confirm")
        MEMBER = "member", _("Member")
        WAITLISTED = "waitlisted", _("On the waitlist")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")
        EXPIRED = "expired", _("Did not confirm in time")

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_memberships"
    )
    household_size = models.PositiveSmallIntegerField(
        _("people in the household who use it"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOUSEHOLD_SIZE)],
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.INVITED, db_index=True
    )
    isee_band = models.CharField(
        _("ISEE band"), max_length=12, choices=IseeBand.choices, blank=True
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    # When the household asked for a seat: the waitlist's order.
    requested_at = models.DateTimeField(null=True, blank=True)
    member_since = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table it had when the model was part of the proposals.
        db_table = "proposals_membership"
        ordering = ["requested_at", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["service", "user"], name="proposals_member_unique"),
        ]
        indexes = [models.Index(fields=["service", "state", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.service}"


class DeliveryEntry(models.Model):
    """One session the provider delivered: the accountability the City reports."""

    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="deliveries")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept in step by the confirmation service.
    confirmed_count = models.PositiveSmallIntegerField(default=0)
    disputed_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # The table it had when the model was part of the proposals.
        db_table = "proposals_deliveryentry"
        ordering = ["-date", "-pk"]
        verbose_name = _("delivered session")
        verbose_name_plural = _("delivery log")

    def __str__(self) -> str:
        return f"{self.service} · {self.date} · {self.hours} h"


class DeliveryCheck(models.Model):
    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")

    entry = models.ForeignKey(DeliveryEntry, on_delete=models.CASCADE, related_name="checks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table it had when the model was part of the proposals.
        db_table = "proposals_deliverycheck"
        verbose_name = _("check of a delivered session")
        verbose_name_plural = _("checks of delivered sessions")
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="proposals_check_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entry}: {self.get_verdict_display()}"


class ServiceRating(models.Model):
    service = models.ForeignKey(SharedService, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table it had when the model was part of the proposals.
        db_table = "proposals_servicerating"
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["service", "user"], name="proposals_rating_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.stars}/5"
