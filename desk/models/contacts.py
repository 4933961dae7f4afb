"""The desk's contacts log: each visit, call or e-mail to a space's desk, what it was about,
where the person lives and how it ended. Municipio and NIL are stored on the row as they
were that day (the observatory of needs counts them by place, and people move)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MINUTES_MIN = 1
MINUTES_MAX = 240


class DeskContact(models.Model):
    class Channel(models.TextChoices):
        VISIT = "visit", _("visit")
        PHONE = "phone", _("phone call")
        EMAIL = "email", _("e-mail")

    class Outcome(models.TextChoices):
        INFORMATION = "information", _("information given")
        ORIENTED = "oriented", _("oriented to a provider or service")
        JOINED = "joined", _("joined a proposal")
        REGISTERED = "registered", _("registered for an activity")
        SOCIAL_SERVICES = "social_services", _("referred to the social services")
        DIGITAL_HELP = "digital_help", _("digital help")

    space = models.ForeignKey(
        "spaces_pages.SpacePage",
        on_delete=models.PROTECT,
        related_name="desk_contacts",
        verbose_name=_("desk"),
    )
    # Kept when the operator's account goes: the log counts for the observatory.
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("operator"),
    )
    happened_at = models.DateTimeField(_("when"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topics = models.ManyToManyField(
        "catalogue.ServiceCategory", related_name="+", verbose_name=_("topics")
    )
    municipio = models.ForeignKey(
        "catalogue.Municipio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Municipio"),
    )
    nil = models.ForeignKey(
        "catalogue.Nil",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood (NIL)"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="desk_contacts",
        verbose_name=_("person"),
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("desk contact")
        verbose_name_plural = _("desk contacts")
        ordering = ["-happened_at", "-pk"]
        indexes = [
            models.Index(fields=["space", "happened_at"], name="desk_contact_space_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MINUTES_MIN) & Q(minutes__lte=MINUTES_MAX),
                name="desk_contact_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(person__isnull=True),
                name="desk_contact_anonymous_has_no_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.happened_at:%Y-%m-%d %H:%M}"
