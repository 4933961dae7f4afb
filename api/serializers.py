"""What the API shows of each resource. Only public facts: no person is ever named (no
authors, members, educators, volunteers, e-mail addresses, contacts for members), places are
spaces and neighbourhoods, organisations are named only as providers."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms_templates.links import site_url
from events import models as events
from proposals.models import PricingMode
from proposals.models import Proposal as ProposalModel
from volunteering.models import Commitment
from wemi_community.core.sanitize import plain_text


def canonical(path_of) -> str:
    """The public page's absolute URL in the site's default language (Italian): the same
    whatever language the client asked its messages in."""
    with translation.override(settings.LANGUAGE_CODE):
        return site_url(path_of())


class Choice(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


def choice(value, choices) -> dict:
    return {"key": value, "label": str(dict(choices).get(value, value))}


class ChoiceField(serializers.Field):
    """A choice as ``{"key": stored value, "label": its name in the reader's language}``."""

    def __init__(self, choices, **kwargs):
        self.choices_map = choices
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return choice(value, self.choices_map)


class Municipio(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class Nil(serializers.Serializer):
    code = serializers.IntegerField()
    name = serializers.CharField()


class Category(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(source="translated_name")


class SpaceRef(serializers.Serializer):
    """A space named inside another resource (its details: /api/v1/spaces/<id>/)."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="title")
    municipio = serializers.IntegerField(source="municipio.number")


class Description(serializers.CharField):
    """The sanitised HTML the page shows, as plain text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "description_html")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return plain_text(value)


class PublicUrl(serializers.Field):
    """The absolute URL of the object's public page."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return canonical(obj.get_absolute_url)


extend_schema_field(OpenApiTypes.URI)(PublicUrl)
extend_schema_field(Choice)(ChoiceField)


# --- Spaces ---------------------------------------------------------------------------------


class OpeningSlot(serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 = Monday … 6 = Sunday")
    opens = serializers.TimeField()
    closes = serializers.TimeField(help_text="00:00 means midnight (the end of the day).")


class Closure(serializers.Serializer):
    first_day = serializers.DateField(source="start_date")
    last_day = serializers.DateField(source="end_date")
    reason = serializers.CharField(source="translated_reason")


class Point(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    exact = serializers.BooleanField(
        source="is_exact",
        help_text="False: the centre of the space's NIL, or of its Municipio.",
    )


class Space(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="title")
    municipio = Municipio()
    nil = Nil(allow_null=True)
    address = serializers.CharField()
    host_venue = serializers.CharField()
    phone = serializers.CharField()
    point = Point(source="map_point")
    opening_hours = OpeningSlot(source="opening_slots.all", many=True)
    closures_ahead = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(Closure(many=True))
    def get_closures_ahead(self, space) -> list:
        # Prefetched from today on (views.SpaceViewSet); a second filter costs no query.
        today = timezone.localdate()
        return Closure([c for c in space.closures.all() if c.end_date >= today], many=True).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, space) -> str:
        return canonical(lambda: space.get_url(self.context.get("request")))


# --- Events and courses ---------------------------------------------------------------------


class Session(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    cancelled = serializers.BooleanField(source="is_cancelled")


class Event(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = Description()
    category = ChoiceField(choices=events.Category.choices)
    audience = ChoiceField(choices=events.Audience.choices)
    space = SpaceRef()
    place = ChoiceField(choices=events.PlaceKind.choices, source="place_kind")
    place_name = serializers.CharField()
    address = serializers.CharField()
    online_url = serializers.URLField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    cancelled = serializers.BooleanField(source="is_cancelled")
    registration_required = serializers.BooleanField()
    registration_opens_at = serializers.DateTimeField(allow_null=True)
    registration_closes_at = serializers.DateTimeField(allow_null=True)
    capacity = serializers.IntegerField(allow_null=True, help_text="Null: no limit of seats.")
    free_seats = serializers.IntegerField(
        allow_null=True,
        help_text="Seats still free, as the event's page shows them. Null: no limit.",
    )
    waitlist_seats = serializers.IntegerField()
    max_seats_per_registration = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=7, decimal_places=2, help_text="Euro; 0 is free.")
    organiser = ChoiceField(choices=events.OrganiserKind.choices, source="organiser_kind")
    provider = serializers.CharField(
        source="provider.name", allow_null=True, help_text="The provider organisation, if any."
    )
    course = serializers.IntegerField(
        source="course_id", allow_null=True, help_text="The course this is a session of."
    )
    series = serializers.IntegerField(
        source="series_id", allow_null=True, help_text="The recurring event this date is of."
    )
    url = PublicUrl()


class Course(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = Description()
    space = SpaceRef()
    capacity = serializers.IntegerField(allow_null=True, help_text="Null: no limit of places.")
    free_seats = serializers.IntegerField(
        allow_null=True, help_text="Places still free, as the course's page shows them."
    )
    waitlist = serializers.IntegerField(source="waitlist_count")
    registration_opens_at = serializers.DateTimeField(allow_null=True)
    registration_closes_at = serializers.DateTimeField(allow_null=True)
    attendance_for_certificate = serializers.IntegerField(
        source="attendance_threshold", help_text="Per cent of the sessions."
    )
    sessions = Session(source="listed_sessions", many=True)
    url = PublicUrl()


# --- Volunteering ---------------------------------------------------------------------------


class Skill(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(source="translated_name")


class Shift(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    capacity = serializers.IntegerField(help_text="Volunteers needed.")
    free_places = serializers.IntegerField(source="free")
    waitlist = serializers.IntegerField(source="waitlist_count")


class Opportunity(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = Description()
    space = SpaceRef()
    commitment = ChoiceField(choices=Commitment.choices)
    min_age = serializers.IntegerField()
    skills = Skill(source="skills.all", many=True)
    languages = serializers.ListField(child=serializers.CharField())
    shifts = Shift(source="next_shifts", many=True, help_text="The shifts to come.")
    url = PublicUrl()


# --- Proposals and shared services ----------------------------------------------------------


class Proposal(serializers.Serializer):
    """What the public list of proposals shows of each."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    state = ChoiceField(choices=ProposalModel.State.choices)
    category = Category(allow_null=True)
    space = SpaceRef(allow_null=True)
    households = serializers.IntegerField(source="households_count")
    people = serializers.IntegerField(source="people_count")
    threshold = serializers.IntegerField(help_text="Households needed.")
    missing_households = serializers.IntegerField()
    deadline = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    url = PublicUrl()


class SharedService(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    category = Category()
    space = SpaceRef()
    provider = serializers.CharField(source="provider.name")
    schedule = serializers.CharField()
    pricing = ChoiceField(choices=PricingMode.choices, source="pricing_mode")
    seats = serializers.IntegerField(help_text="Households the service takes.")
    free_seats = serializers.IntegerField()
    waitlist = serializers.IntegerField(source="waitlist_count")
    proposal = serializers.IntegerField(source="proposal_id")
    url = PublicUrl()
