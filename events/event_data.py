"""What a coordinator writes about an event, checked: each field alone
(``clean_event_data``, also for a course's place) and the rules between them on the event as
it would be saved. Errors name their field, in the words the forms show."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.core.sanitize import sanitize_html

from .models import MAX_SEATS_PER_REGISTRATION, Audience, Category, Event, OrganiserKind, PlaceKind

MAX_PRICE = Decimal("9999.99")
# What the event services take from a form (``clean_event_data``).
EVENT_FIELDS = (
    "title",
    "description",
    "category",
    "audience",
    "place_kind",
    "place_name",
    "address",
    "online_url",
    "registration_required",
    "capacity",
    "max_seats_per_registration",
    "price",
    "organiser_kind",
    "provider",
    "organiser_name",
    "starts_at",
    "ends_at",
)


def clean_text(value, max_length: int) -> str:
    return " ".join(str(value or "").replace("\x00", "").split())[:max_length]


def _price(value) -> Decimal:
    try:
        price = Decimal(str(value if value not in (None, "") else "0").replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"price": _("Write the price in euro, e.g. 5 or 7,50.")}) from None
    if price < 0 or price > MAX_PRICE or price != price.quantize(Decimal("0.01")):
        raise ValidationError(
            {"price": _("The price goes from 0 (free) to 9999,99 euro, in cents.")}
        )
    return price


def clean_event_data(data: dict, *, partial: bool = False) -> dict:
    """Checks an event's fields; returns the values to store. ``partial`` checks only the
    fields given (an edit)."""
    cleaned, errors = {}, {}

    def given(key):
        return not partial or key in data

    if given("title"):
        cleaned["title"] = clean_text(data.get("title"), 140)
        if not cleaned["title"]:
            errors["title"] = _("Give the event a title.")
    if given("description"):
        source = str(data.get("description") or "").replace("\x00", "")[:6000]
        cleaned["description_source"] = source
        cleaned["description_html"] = sanitize_html(source, "rich")
    for key, choices, message in (
        ("category", Category, _("Choose the kind of event.")),
        ("audience", Audience, _("Choose who the event is for.")),
        ("place_kind", PlaceKind, _("Choose where the event takes place.")),
        ("organiser_kind", OrganiserKind, _("Choose who organises the event.")),
    ):
        if given(key):
            value = data.get(key) or getattr(Event, key).field.default
            if value not in choices.values:
                errors[key] = message
            cleaned[key] = value
    for key, length in (("place_name", 140), ("address", 200), ("organiser_name", 140)):
        if given(key):
            cleaned[key] = clean_text(data.get(key), length)
    if given("online_url"):
        url = str(data.get("online_url") or "").strip()[:200]
        if url and not url.lower().startswith(("https://", "http://")):
            errors["online_url"] = _("The online link starts with https://.")
        cleaned["online_url"] = url
    if given("image"):
        cleaned["image"] = data.get("image")
        cleaned["image_alt"] = clean_text(data.get("image_alt"), 200)
        if cleaned["image"] is not None and not cleaned["image_alt"]:
            errors["image_alt"] = _("Describe the image for who cannot see it.")
    if given("provider"):
        cleaned["provider"] = data.get("provider")
    if given("registration_required"):
        cleaned["registration_required"] = bool(data.get("registration_required"))
    if given("capacity"):
        capacity = data.get("capacity")
        if capacity in ("", None):
            cleaned["capacity"] = None
        else:
            try:
                cleaned["capacity"] = int(capacity)
            except (TypeError, ValueError):
                cleaned["capacity"] = 0
            if cleaned["capacity"] < 1:
                errors["capacity"] = _("At least 1 seat, or leave it empty for no limit.")
    if given("max_seats_per_registration"):
        value = data.get("max_seats_per_registration")
        try:
            most = int(value) if value not in (None, "") else 4
        except (TypeError, ValueError):
            most = 0
        if not 1 <= most <= MAX_SEATS_PER_REGISTRATION:
            errors["max_seats_per_registration"] = _(
                "From 1 to %(max)s seats per registration."
            ) % {"max": MAX_SEATS_PER_REGISTRATION}
        cleaned["max_seats_per_registration"] = most
    if given("price"):
        try:
            cleaned["price"] = _price(data.get("price"))
        except ValidationError as error:
            errors.update({key: value[0] for key, value in error.message_dict.items()})
    for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        if given(key):
            cleaned[key] = data.get(key)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_whole(event: Event) -> None:
    """The rules between fields, on the event as it would be saved."""
    errors = {}
    if event.place_kind == PlaceKind.ELSEWHERE and not event.address:
        errors["address"] = _("Write the address where the event takes place.")
    if event.place_kind == PlaceKind.ONLINE and not event.online_url:
        errors["online_url"] = _("Give the link to take part online.")
    if event.organiser_kind == OrganiserKind.PROVIDER and event.provider_id is None:
        errors["provider"] = _("Choose the provider that organises it.")
    if event.organiser_kind == OrganiserKind.VOLUNTEERS and not event.organiser_name:
        errors["organiser_name"] = _("Write the name of the volunteer group.")
    if not event.starts_at or not event.ends_at:
        errors["starts_at"] = _("Give the start and the end.")
    elif event.ends_at <= event.starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    if event.capacity is not None and event.max_seats_per_registration > event.capacity:
        errors["max_seats_per_registration"] = _(
            "A registration cannot take more seats than the event has."
        )
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    if event.starts_at and closes and closes > event.starts_at:
        errors["registration_closes_at"] = _("Registration closes at the start at the latest.")
    if event.starts_at and opens and opens >= event.starts_at:
        errors["registration_opens_at"] = _("Registration must open before the start.")
    if errors:
        raise ValidationError(errors)


def check_future(starts_at) -> None:
    if starts_at and starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a start in the future.")})
