"""Volunteers' offers of help: publishing and withdrawing one, and a space taking one up as a
volunteer opportunity of its own or as an event organised by the volunteer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services as event_services
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.services import notify
from wemi_community.participation.seats import behalf

from . import kinds, permissions, slots
from .models import VolunteerOffer
from .services import _text, opportunity_create


@transaction.atomic
def offer_publish(
    *, actor, data: dict, offer: VolunteerOffer | None = None, person=None
) -> VolunteerOffer:
    """``person`` (the actor, unless a desk writes it for them) publishes an offer, or edits
    one still open (its volunteer's, whoever the person named)."""
    volunteer = offer.volunteer if offer is not None else person or actor
    if permissions.profile_of(volunteer) is None:
        raise PermissionDenied
    if not permissions.can_keep_profile_for(actor, volunteer):
        raise PermissionDenied
    title = _text(data.get("title"), 140)
    description = str(data.get("description") or "").replace("\x00", "").strip()[:2000]
    errors = {}
    if not title:
        errors["title"] = _("Say in a few words what you offer.")
    availability = int(data.get("availability") or 0) & slots.ALL
    if errors:
        raise ValidationError(errors)
    if offer is None:
        offer = VolunteerOffer(volunteer=volunteer)
    else:
        offer = VolunteerOffer.objects.select_for_update().get(pk=offer.pk)
        if not permissions.can_edit_offer_for(actor, offer):
            raise PermissionDenied
        if offer.state != VolunteerOffer.State.OPEN:
            raise StateConflict(_("This offer is no longer open."))
    offer.title, offer.description = title, description
    offer.municipio = data.get("municipio")
    offer.availability = availability
    offer.save()
    offer.skills.set(data.get("skills") or [])
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, volunteer),
        action=kinds.VOLUNTEERING_OFFER_PUBLISHED,
        target=offer,
    )
    return offer


@transaction.atomic
def offer_withdraw(*, actor, offer: VolunteerOffer) -> VolunteerOffer:
    """The volunteer, or a desk for them, withdraws an offer still open."""
    offer = (
        VolunteerOffer.objects.select_for_update(of=("self",))
        .select_related("volunteer")
        .get(pk=offer.pk)
    )
    if not permissions.can_edit_offer_for(actor, offer):
        raise PermissionDenied
    if offer.state != VolunteerOffer.State.OPEN:
        raise StateConflict(_("This offer is no longer open."))
    offer.state = VolunteerOffer.State.WITHDRAWN
    offer.save(update_fields=["state"])
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, offer.volunteer),
        action=kinds.VOLUNTEERING_OFFER_WITHDRAWN,
        target=offer,
    )
    return offer


@transaction.atomic
def offer_take_up(*, actor, offer: VolunteerOffer, space, as_event: bool, data: dict):
    """A coordinator turns the offer into an opportunity of their space (``data``: its
    fields) or an event organised by the volunteer (``data``: the event's fields). Returns
    what was created; the volunteer is told."""
    offer = (
        VolunteerOffer.objects.select_for_update(of=("self",))
        .select_related("volunteer")
        .get(pk=offer.pk)
    )
    if not permissions.can_publish_in(actor, space):
        raise PermissionDenied
    if offer.state != VolunteerOffer.State.OPEN:
        raise StateConflict(_("This offer was already taken up or withdrawn."))
    if as_event:
        name = offer.volunteer.display_name or str(offer.volunteer)
        created = event_services.event_create(
            actor=actor,
            space=space,
            data={**data, "organiser_kind": "volunteers", "organiser_name": name},
        )[0]
        offer.event = created
    else:
        created = opportunity_create(actor=actor, space=space, data=data, from_offer=offer)
    offer.state = VolunteerOffer.State.TAKEN
    offer.taken_by = space
    offer.taken_at = timezone.now()
    offer.save(update_fields=["state", "taken_by", "taken_at", "event"])
    notify([offer.volunteer_id], kinds.NOTIFY_VOLUNTEERING_OFFER_TAKEN, created, actor)
    audit_log(
        actor=actor, action=kinds.VOLUNTEERING_OFFER_TAKEN, target=offer, data={"event": as_event}
    )
    return created
