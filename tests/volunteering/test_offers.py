"""Volunteers' offers of help: publishing, editing and withdrawing one, and a space's
coordinator taking it up, once, as an opportunity of the space or as an event organised by
the volunteer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events.models import Event, OrganiserKind
from tests.events.helpers import data as event_data
from tests.factories import UserFactory, municipio
from tests.participation.moderation_helpers import city_staff
from tests.volunteering.helpers import opportunity_data, skill, space_with_coordinator, volunteer
from volunteering import offers, slots
from volunteering.models import Opportunity, VolunteerOffer
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db
OFFER = VolunteerOffer.State


def offer_data(**changes) -> dict:
    values = {
        "title": "Conversazione in italiano",
        "description": "Il martedì pomeriggio, per chi sta imparando.",
        "availability": slots.bit(1, "afternoon"),
        "municipio": municipio(8),
        "skills": [skill("Insegnamento dell'italiano")],
    }
    values.update(changes)
    return values


def publish(person=None, **changes) -> VolunteerOffer:
    return offers.offer_publish(actor=person or volunteer(), data=offer_data(**changes))


class TestPublishing:
    def test_a_volunteer_publishes_an_offer(self):
        person = volunteer(display_name="Samira")
        offer = publish(person, title="  Conversazione   in italiano ")
        assert offer.state == OFFER.OPEN and offer.volunteer == person
        assert offer.title == "Conversazione in italiano"
        assert offer.availability == slots.bit(1, "afternoon") and offer.municipio.number == 8
        assert [s.name for s in offer.skills.all()] == ["Insegnamento dell'italiano"]

    def test_a_title_is_needed_and_nothing_is_written_without(self):
        with pytest.raises(ValidationError) as refused:
            publish(title="   ")
        assert "title" in refused.value.message_dict
        assert not VolunteerOffer.objects.exists()

    def test_only_volunteers_offer(self):
        with pytest.raises(PermissionDenied):
            publish(UserFactory())
        assert not VolunteerOffer.objects.exists()

    def test_only_its_volunteer_edits_an_open_offer(self):
        offer = publish()
        with pytest.raises(PermissionDenied):
            offers.offer_publish(actor=volunteer(), data=offer_data(title="Mio"), offer=offer)
        edited = offers.offer_publish(
            actor=offer.volunteer, data=offer_data(title="Conversazione e lettura"), offer=offer
        )
        assert edited.pk == offer.pk and edited.title == "Conversazione e lettura"
        assert VolunteerOffer.objects.count() == 1
        offers.offer_withdraw(actor=offer.volunteer, offer=offer)
        with pytest.raises(StateConflict):
            offers.offer_publish(actor=offer.volunteer, data=offer_data(), offer=offer)

    def test_withdraw(self):
        offer = publish()
        with pytest.raises(PermissionDenied):
            offers.offer_withdraw(actor=volunteer(), offer=offer)
        offers.offer_withdraw(actor=offer.volunteer, offer=offer)
        offer.refresh_from_db()
        assert offer.state == OFFER.WITHDRAWN
        with pytest.raises(StateConflict):
            offers.offer_withdraw(actor=offer.volunteer, offer=offer)


class TestTakingUp:
    def test_as_an_opportunity_of_the_space(self):
        offer = publish()
        space, coordinator = space_with_coordinator()
        created = offers.offer_take_up(
            actor=coordinator,
            offer=offer,
            space=space,
            as_event=False,
            data=opportunity_data(title="Conversazione al martedì"),
        )
        assert isinstance(created, Opportunity)
        assert (created.space, created.from_offer, created.title) == (
            space,
            offer,
            "Conversazione al martedì",
        )
        offer.refresh_from_db()
        assert (offer.state, offer.taken_by, offer.event) == (OFFER.TAKEN, space, None)
        assert offer.taken_at is not None
        told = Notification.objects.get(kind="volunteering.offer_taken")
        assert told.recipient == offer.volunteer and told.actor == coordinator

    def test_as_an_event_organised_by_the_volunteer(self):
        offer = publish(volunteer(display_name="Samira"))
        space, coordinator = space_with_coordinator()
        event = offers.offer_take_up(
            actor=coordinator,
            offer=offer,
            space=space,
            as_event=True,
            # Whoever the form said organises it, the volunteer does.
            data=event_data(title="Caffè in italiano", organiser_kind="space"),
        )
        assert isinstance(event, Event) and event.space == space
        assert event.organiser_kind == OrganiserKind.VOLUNTEERS
        assert event.organiser_name == "Samira"
        offer.refresh_from_db()
        assert (offer.state, offer.event, offer.taken_by) == (OFFER.TAKEN, event, space)
        assert Notification.objects.filter(
            recipient=offer.volunteer, kind="volunteering.offer_taken"
        ).exists()

    def test_city_staff_take_it_up_for_any_space(self):
        offer = publish()
        space, _coordinator = space_with_coordinator()
        created = offers.offer_take_up(
            actor=city_staff(), offer=offer, space=space, as_event=False, data=opportunity_data()
        )
        assert created.space == space

    def test_only_the_spaces_coordinators(self):
        offer = publish()
        space, _coordinator = space_with_coordinator()
        _other_space, other = space_with_coordinator()
        for outsider in (other, offer.volunteer, UserFactory()):
            for as_event, values in ((False, opportunity_data()), (True, event_data())):
                with pytest.raises(PermissionDenied):
                    offers.offer_take_up(
                        actor=outsider, offer=offer, space=space, as_event=as_event, data=values
                    )
        offer.refresh_from_db()
        assert offer.state == OFFER.OPEN
        assert not Opportunity.objects.exists() and not Event.objects.exists()

    def test_taken_up_once_and_never_once_withdrawn(self):
        offer = publish()
        space, coordinator = space_with_coordinator()
        other_space, other = space_with_coordinator()
        offers.offer_take_up(
            actor=coordinator, offer=offer, space=space, as_event=False, data=opportunity_data()
        )
        for as_event, values in ((False, opportunity_data()), (True, event_data())):
            with pytest.raises(StateConflict):
                offers.offer_take_up(
                    actor=other, offer=offer, space=other_space, as_event=as_event, data=values
                )
        withdrawn = publish()
        offers.offer_withdraw(actor=withdrawn.volunteer, offer=withdrawn)
        with pytest.raises(StateConflict):
            offers.offer_take_up(
                actor=coordinator,
                offer=withdrawn,
                space=space,
                as_event=False,
                data=opportunity_data(),
            )
        assert Opportunity.objects.count() == 1 and not Event.objects.exists()
        with pytest.raises(StateConflict):
            offers.offer_withdraw(actor=offer.volunteer, offer=offer)

    @pytest.mark.parametrize(
        ("as_event", "values"),
        [(False, opportunity_data(title="")), (True, event_data(title="", capacity=0))],
    )
    def test_bad_data_leaves_the_offer_open(self, as_event, values):
        offer = publish()
        space, coordinator = space_with_coordinator()
        with pytest.raises(ValidationError):
            offers.offer_take_up(
                actor=coordinator, offer=offer, space=space, as_event=as_event, data=values
            )
        offer.refresh_from_db()
        assert (offer.state, offer.taken_by, offer.event) == (OFFER.OPEN, None, None)
        assert not Opportunity.objects.exists() and not Event.objects.exists()
        assert not Notification.objects.filter(kind="volunteering.offer_taken").exists()
