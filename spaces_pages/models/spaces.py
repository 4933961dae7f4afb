"""A Spazio WeMi's page, its weekly opening hours and its closures."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms_templates import i18n
from cms_templates.blocks import BodyBlock
from spaces_pages import hours
from spaces_pages.admin_forms import SpacePageForm
from wemi_community.catalogue.models import Municipio, Nil
from wemi_community.core import cache_versions
from wemi_community.core.translated import TranslatedField

WEEKDAY_CHOICES = [(number, WEEKDAYS[number]) for number in range(7)]


class MapPointSource(models.TextChoices):
    EXACT = "exact", _("exact position")
    NIL = "nil", _("centre of the neighbourhood")
    MUNICIPIO = "municipio", _("centre of the Municipio")


@dataclass(frozen=True)
class MapPoint:
    latitude: Decimal
    longitude: Decimal
    source: MapPointSource

    @property
    def is_exact(self) -> bool:
        return self.source == MapPointSource.EXACT


class SpacePermissionTester(PagePermissionTester):
    """Wagtail lets whoever may edit and publish a page delete it (and so move it) too. A
    space's page, with its groups and its history, is removed by city staff only."""

    def can_delete(self, ignore_bulk=False):
        # Imported here: those modules import the page models (a cycle within the app).
        from spaces_pages.permissions import can_remove_space

        return super().can_delete(ignore_bulk) and can_remove_space(self.user, self.page)


class SpacePage(Page):
    """One Spazio WeMi, edited by the people who run it."""

    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        related_name="spaces",
        verbose_name=_("Municipio"),
    )
    nil = models.ForeignKey(
        Nil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spaces",
        verbose_name=_("NIL (neighbourhood)"),
        help_text=_("Optional. It must lie in the Municipio chosen above."),
    )
    address = models.CharField(
        _("address"), max_length=200, help_text=_("Street and number, e.g. “Via Capuana 3”.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    host_venue = models.CharField(
        _("host venue"),
        max_length=200,
        blank=True,
        help_text=_("The place or organisation that hosts the space, e.g. a library."),
    )
    main_image = models.ForeignKey(
        get_image_model_string(),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("main image"),
    )
    main_image_alt = models.CharField(
        _("alternative text of the main image"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    base_form_class = SpacePageForm

    content_panels = [
        FieldPanel("title", heading=_("Name of the space")),
        MultiFieldPanel(
            [
                FieldPanel("municipio"),
                FieldPanel("nil"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
            help_text=_(
                "Without latitude and longitude the map shows the space at the centre of its "
                "NIL, or of its Municipio."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("host_venue")],
            heading=_("Contacts"),
        ),
        InlinePanel(
            "opening_slots",
            heading=_("Weekly opening hours"),
            label=_("Opening slot"),
            help_text=_(
                "One row per opening: day, from, to. Several rows for the same day are fine if "
                "they do not overlap. “To” at 00:00 means midnight; an opening past midnight "
                "is two rows (e.g. Friday 20:00–00:00 and Saturday 00:00–02:00)."
            ),
        ),
        InlinePanel(
            "closures",
            heading=_("Closures"),
            label=_("Closure"),
            help_text=_("Holidays, works, strikes: the days the space stays closed."),
        ),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_alt")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("address"),
        index.SearchField("host_venue"),
        index.SearchField("body"),
        index.RelatedFields("nil", [index.SearchField("name")]),
        index.FilterField("municipio"),
    ]

    parent_page_types = ["spaces_pages.SpaceIndexPage"]
    subpage_types: list[str] = []

    # Translators (wagtail-localize) translate the texts: name, body, the image's alternative
    # text, the search description. The rest is the space's data, the same in every language:
    # copied from the Italian page to its translations whenever it is published.
    override_translatable_fields = [
        SynchronizedField("slug", overridable=False),
        SynchronizedField("address", overridable=False),
        SynchronizedField("phone", overridable=False),
        SynchronizedField("host_venue", overridable=False),
    ]

    class Meta:
        verbose_name = _("Spazio WeMi")
        verbose_name_plural = _("Spazi WeMi")
        permissions = [
            ("coordinate_space", _("Coordinate the space")),
            ("operate_desk", _("Work at the space's desk")),
        ]

    def permissions_for_user(self, user):
        return SpacePermissionTester(user, self)

    # --- Where ---------------------------------------------------------------------------------

    @property
    def map_point(self) -> MapPoint:
        """The exact point when known, else the NIL's centre, else the Municipio's."""
        if self.latitude is not None and self.longitude is not None:
            return MapPoint(self.latitude, self.longitude, MapPointSource.EXACT)
        if self.nil_id is not None:
            return MapPoint(self.nil.centroid_lat, self.nil.centroid_lon, MapPointSource.NIL)
        return MapPoint(
            self.municipio.centroid_lat, self.municipio.centroid_lon, MapPointSource.MUNICIPIO
        )

    @property
    def full_address(self) -> str:
        return f"{self.address}, Milano" if self.address else "Milano"

    @property
    def localized_url(self) -> str:
        """The URL of this space's page in the language of the request: the modules point at
        the Italian page, the English site links the English one."""

        return i18n.localized_url(self)

    # --- Hours ---------------------------------------------------------------------------------

    def hour_slots(self) -> list[hours.Slot]:
        # .all() reads the prefetch cache, or the unsaved rows in a preview.
        return [hours.Slot(s.weekday, s.opens, s.closes) for s in self.opening_slots.all()]

    def closure_periods(self) -> list[hours.ClosurePeriod]:
        return [
            hours.ClosurePeriod(c.start_date, c.end_date, c.translated_reason)
            for c in self.closures.all()
        ]

    def upcoming_closures(self, today=None) -> list[Closure]:
        today = today or timezone.localdate()
        return sorted(
            (c for c in self.closures.all() if c.end_date >= today), key=lambda c: c.start_date
        )

    def hours_status(self, now=None) -> hours.Status:
        return hours.status_at(now or timezone.now(), self.hour_slots(), self.closure_periods())

    def get_context(self, request, *args, **kwargs):
        # Imported here: those modules import the page models (a cycle within the app).
        from spaces_pages import sections
        from spaces_pages.jsonld import space_jsonld

        context = super().get_context(request, *args, **kwargs)
        # The modules (events, proposals, labs, services, volunteering, the conversation)
        # point at the space's page in the default language: its translations show the same.
        source = i18n.source(self) if self.pk else self
        # A preview holds the unsaved rows in memory: only a saved page reads them in one go.
        if self.pk and not getattr(self, "_cluster_related_objects", None):
            models.prefetch_related_objects(
                [self],
                "opening_slots",
                "closures",
                "municipio",
                "nil",
            )
        marker = space_marker(self, request)
        context.update(
            {
                "space": self,
                "spaces_css_loaded": True,
                "space_source": source,
                "content_language": i18n.text_language(self),
                # Read only when the rendered sections are not in the cache (the template's
                # fragment, kept until a write to an app they show).
                "space_sections": functools.partial(sections.sections_for, source),
                "space_sections_version": cache_versions.versions(*sections.topics()),
                "space_sections_seconds": settings.WEMI_PAGE_CACHE_SECONDS,
                "space_marker": marker,
                "space_markers": [marker],
                "jsonld": space_jsonld(self, request),
            }
        )
        return context


class OpeningSlot(models.Model):
    """One opening on one weekday: several a day are fine, if they do not overlap."""

    space = ParentalKey(SpacePage, on_delete=models.CASCADE, related_name="opening_slots")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAY_CHOICES)
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("to"), help_text=_("00:00 means midnight."))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening slot")
        verbose_name_plural = _("opening slots")

    def __str__(self) -> str:
        slot = hours.Slot(self.weekday, self.opens, self.closes)
        start, end = hours.format_time(slot.opens), hours.format_slot_end(slot)
        return f"{WEEKDAYS[self.weekday]} {start}–{end}"


class Closure(models.Model):
    """Days a space stays closed, first and last included."""

    space = ParentalKey(SpacePage, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    reason = models.CharField(
        _("reason"), max_length=200, help_text=_("e.g. “Chiusura estiva”, “Lavori”.")
    )
    reason_en = models.CharField(
        _("reason in English"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the English site, e.g. “Summer closure”, “Works”."),
    )

    translated_reason = TranslatedField("reason")

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("reason"), FieldPanel("reason_en")]),
    ]

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        indexes = [models.Index(fields=["end_date"])]

    def __str__(self) -> str:
        return f"{self.start_date}–{self.end_date}: {self.translated_reason}"


def space_marker(space: SpacePage, request=None) -> dict:
    """What the map needs to draw one space (JSON-ready: no Decimal, no lazy strings)."""
    point = space.map_point
    return {
        "name": space.title,
        "url": space.get_url(request),
        "address": space.full_address,
        "municipio": space.municipio.name,
        "lat": float(point.latitude),
        "lon": float(point.longitude),
        "exact": point.is_exact,
    }
