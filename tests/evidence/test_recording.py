"""The modules record the observatory's evidence: each action done through its service
records exactly one fact, with the place of the person at that moment, the space, the
category and the measures; a retry records nothing more; the funnel's steps carry the days
they took (in UTC, across the change of the clocks); the backfill writes the same facts and
figures from the rows, and nothing more when run again."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from desk import appointments, contacts
from desk.models import AppointmentSlot, DeskContact, ServicePoint
from events import checkin, courses
from events import services as event_services
from labs import needs
from proposals import evidence as proposal_evidence
from proposals import joins
from proposals import services as proposal_services
from proposals.models import Answer, Proposal
from shared_services import deliveries, offers
from shared_services import services as service_ops
from tests.desk.helpers import desk_space
from tests.evidence.helpers import figures_now
from tests.factories import UserFactory, municipio, nil_in, service
from tests.factories.events import CourseFactory, EventFactory
from tests.factories.labs import LabFactory
from tests.factories.volunteering import HourEntryFactory, ShiftFactory, SignupFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import draft
from tests.shared_services.helpers import BANDS, accredited_staff, offer_data
from tests.spaces.helpers import make_space
from volunteering import hours
from wemi_community.core.errors import StateConflict
from wemi_community.evidence.backfill import backfill
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.models import Fact, Figure

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DAY = datetime.timedelta(days=1)
# A Friday in March 2026: the clocks spring forward in Milan on Sunday the 29th.
T0 = datetime.datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
FACT_FIELDS = (
    "kind",
    "source",
    "occurred_at",
    "month",
    "municipio_id",
    "nil_id",
    "space_id",
    "category_id",
    "person_id",
    "people",
    "households",
    "quantity",
    "family_cents",
    "city_cents",
    "isee_band",
)


def facts_now():
    return sorted(Fact.objects.values_list(*FACT_FIELDS))


def only(kind) -> Fact:
    (fact,) = Fact.objects.filter(kind=kind)
    return fact


def assert_backfill_gives_the_same():
    """Forget every fact and figure, backfill from the rows: the same again; once more:
    nothing written, nothing changed."""
    facts, figures = facts_now(), figures_now()
    Fact.objects.all().delete()
    Figure.objects.all().delete()
    assert sum(backfill().values()) == len(facts)
    assert facts_now() == facts
    assert figures_now() == figures
    assert sum(backfill().values()) == 0
    assert facts_now() == facts
    assert figures_now() == figures


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


# --- Proposals and shared services --------------------------------------------------------


def test_a_proposal_and_its_service_record_the_funnel_with_the_days_each_step_took(clock):
    space = make_space("Spazio del funnel", municipio=4)
    coordinator = coordinator_of(space)
    author = UserFactory(municipio=municipio(3), nil=nil_in(3), household_size=3)
    proposal = draft(author, space, pricing_mode="copayment")
    proposal = proposal_services.proposal_publish(actor=author, proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(threshold=2)

    # Three days later, across the change of the clocks: 3.00 days all the same.
    clock.move_to(T0 + 3 * DAY)
    neighbour = UserFactory(municipio=municipio(8), nil=nil_in(8))
    joins.proposal_join(actor=neighbour, proposal=proposal, household_size=4)
    clock.move_to(T0 + datetime.timedelta(days=4, hours=12))
    proposal_services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state="under_evaluation", text="Vediamo."
    )
    clock.move_to(T0 + datetime.timedelta(days=6, hours=18))
    proposal_services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state="accepted", text="Si parte!"
    )
    organisation, staff = accredited_staff()
    offer = offers.offer_submit(
        actor=staff, proposal=proposal, organisation=organisation, data=offer_data(BANDS)
    )
    shared = offers.offer_choose(coordinator=coordinator, offer=offer)
    service_ops.copayment_set(
        coordinator=coordinator, service=shared, percents={"under_10k": 80, "over_30k": 0}
    )
    clock.move_to(T0 + 8 * DAY)
    service_ops.seat_confirm(actor=author, service=shared)
    service_ops.seat_confirm(actor=neighbour, service=shared)
    service_ops.isee_band_declare(actor=neighbour, service=shared, isee_band="under_10k")
    service_ops.isee_band_declare(actor=author, service=shared, isee_band="over_30k")
    clock.move_to(T0 + datetime.timedelta(days=16, hours=18))
    service_ops.service_start(actor=coordinator, service=shared)
    clock.move_to(T0 + 20 * DAY)
    deliveries.delivery_log(
        actor=staff, service=shared, date=timezone.localdate(), hours="2", notes="Merenda"
    )

    category = proposal.category
    published = only(FactKind.PROPOSAL_PUBLISHED)
    assert published.source == f"proposals.proposal:{proposal.pk}"
    assert (published.quantity, published.month) == (0, datetime.date(2026, 3, 1))
    assert (published.space, published.category, published.municipio) == (
        space,
        category,
        space.municipio,
    )
    days = {
        kind: only(kind).quantity
        for kind in (
            FactKind.PROPOSAL_THRESHOLD,
            FactKind.PROPOSAL_EVALUATED,
            FactKind.PROPOSAL_ACCEPTED,
            FactKind.SERVICE_RUNNING,
        )
    }
    assert days == {
        FactKind.PROPOSAL_THRESHOLD: Decimal("3.00"),
        FactKind.PROPOSAL_EVALUATED: Decimal("1.50"),
        FactKind.PROPOSAL_ACCEPTED: Decimal("2.25"),
        FactKind.SERVICE_RUNNING: Decimal("10.00"),
    }
    assert only(FactKind.SERVICE_RUNNING).source == f"proposals.proposal:{proposal.pk}"
    assert only(FactKind.SERVICE_RUNNING).month == datetime.date(2026, 4, 1)

    # The households count where they live, with their people.
    joined = {f.person: f for f in Fact.objects.filter(kind=FactKind.PROPOSAL_JOIN)}
    assert set(joined) == {author, neighbour}
    assert (joined[author].people, joined[author].households) == (3, 1)
    assert (joined[author].municipio, joined[author].nil) == (municipio(3), nil_in(3))
    assert (joined[neighbour].people, joined[neighbour].nil) == (4, nil_in(8))
    assert {f.category for f in joined.values()} == {category}
    members = {f.person: f for f in Fact.objects.filter(kind=FactKind.SERVICE_MEMBER)}
    assert {p: (f.households, f.people) for p, f in members.items()} == {
        author: (1, 3),
        neighbour: (1, 4),
    }

    delivery = only(FactKind.SERVICE_DELIVERY)
    assert (delivery.quantity, delivery.people, delivery.households) == (Decimal("2.00"), 2, 2)
    assert delivery.municipio == space.municipio
    # Two households: € 30/h for the group, € 15/h each, € 30 for the two hours; the City
    # covers 80% of it for the ISEE under € 10,000, nothing over € 30,000.
    paid = {
        f.person: (f.family_cents, f.city_cents, f.isee_band, f.quantity)
        for f in Fact.objects.filter(kind=FactKind.SERVICE_PAYMENT)
    }
    assert paid == {
        neighbour: (600, 2400, "under_10k", Decimal("2.00")),
        author: (3000, 0, "over_30k", Decimal("2.00")),
    }

    # Retries record nothing more: a second join is refused, a step heard again is ignored.
    count = Fact.objects.count()
    with pytest.raises(StateConflict):
        joins.proposal_join(actor=neighbour, proposal=proposal, household_size=4)
    for answer in Answer.objects.filter(proposal=proposal):
        proposal_evidence.state_changed(proposal, answer)
    with pytest.raises(StateConflict):
        service_ops.service_start(actor=coordinator, service=shared)
    assert Fact.objects.count() == count == 2 + 5 + 2 + 1 + 2

    assert_backfill_gives_the_same()


def test_a_threshold_lost_and_reached_again_and_a_household_back_count_once(clock):
    space = make_space("Spazio della soglia")
    author = UserFactory()
    proposal = proposal_services.proposal_publish(actor=author, proposal=draft(author, space))
    Proposal.objects.filter(pk=proposal.pk).update(threshold=2)
    neighbour = UserFactory()
    joins.proposal_join(actor=neighbour, proposal=proposal, household_size=2)
    clock.move_to(T0 + DAY)
    joins.proposal_leave(actor=neighbour, proposal=proposal)
    clock.move_to(T0 + 2 * DAY)
    joins.proposal_join(actor=neighbour, proposal=proposal, household_size=2)

    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.THRESHOLD_REACHED
    assert Fact.objects.filter(kind=FactKind.PROPOSAL_JOIN).count() == 2
    # Timed from publication to the first time it was reached.
    assert only(FactKind.PROPOSAL_THRESHOLD).quantity == 0


def test_a_seat_from_the_waitlist_counts_the_household_served(clock):
    space = make_space("Spazio dell'attesa")
    coordinator = coordinator_of(space)
    author = UserFactory()
    proposal = proposal_services.proposal_publish(actor=author, proposal=draft(author, space))
    Proposal.objects.filter(pk=proposal.pk).update(threshold=2)
    others = [UserFactory() for _ in range(2)]
    for person in others:
        joins.proposal_join(actor=person, proposal=proposal, household_size=1)
    proposal_services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state="under_evaluation", text="Sì."
    )
    proposal_services.proposal_answer(
        coordinator=coordinator, proposal=proposal, to_state="accepted", text="Sì."
    )
    organisation, staff = accredited_staff()
    bands = [BANDS[0]]
    offer = offers.offer_submit(
        actor=staff,
        proposal=proposal,
        organisation=organisation,
        data=offer_data(bands, maximum=3),
    )
    shared = offers.offer_choose(coordinator=coordinator, offer=offer)
    for person in (author, *others):
        service_ops.seat_confirm(actor=person, service=shared)
    service_ops.service_start(actor=coordinator, service=shared)
    late = UserFactory()
    assert service_ops.seat_confirm(actor=late, service=shared).state == "waitlisted"
    assert not Fact.objects.filter(kind=FactKind.SERVICE_MEMBER, person=late).exists()
    clock.move_to(T0 + DAY)
    service_ops.service_leave(actor=others[0], service=shared)
    promoted = only_person(FactKind.SERVICE_MEMBER, late)
    assert promoted.occurred_at == T0 + DAY
    # Who left stays counted: the household was served.
    assert Fact.objects.filter(kind=FactKind.SERVICE_MEMBER).count() == 4


def only_person(kind, person) -> Fact:
    (fact,) = Fact.objects.filter(kind=kind, person=person)
    return fact


# --- Labs ---------------------------------------------------------------------------------


def test_needs_and_me_too_count_where_the_participant_lives_or_at_the_space(clock):
    space = make_space("Spazio del laboratorio", municipio=6)
    member = UserFactory(municipio=municipio(2), nil=nil_in(2))
    other = UserFactory(municipio=municipio(9), nil=nil_in(9))
    lab = LabFactory(space=space, members=[member, other], guests=["Ospite"])
    by_user = {p.user: p for p in lab.member_participants}
    guest, _key = lab.guest_participants[0]
    kind_of_service = service("Baby sitter")
    need = needs.need_post(
        actor=member, participant=by_user[member], category=kind_of_service, text="Una tata"
    )
    needs.need_post(actor=None, participant=guest, category=kind_of_service, text="Doposcuola")

    posted = {f.person: f for f in Fact.objects.filter(kind=FactKind.NEED)}
    assert posted[member].source == f"labs.need:{need.pk}"
    assert (posted[member].nil, posted[member].space) == (nil_in(2), space)
    assert posted[member].category == kind_of_service
    # A guest counts at the lab's space.
    assert posted[None].municipio == space.municipio

    needs.me_too_add(actor=other, participant=by_user[other], need=need)
    needs.me_too_remove(actor=other, participant=by_user[other], need=need)
    needs.me_too_add(actor=other, participant=by_user[other], need=need)
    with pytest.raises(StateConflict):
        needs.me_too_add(actor=other, participant=by_user[other], need=need)
    me_too = only(FactKind.ME_TOO)
    assert (me_too.person, me_too.nil, me_too.category) == (other, nil_in(9), kind_of_service)
    assert Fact.objects.count() == 3

    assert_backfill_gives_the_same()


# --- Events and courses -------------------------------------------------------------------


def test_registrations_check_ins_enrolments_and_presence_are_recorded_once(clock):
    space = make_space("Spazio degli eventi", municipio=7)
    event = EventFactory(space=space, days=1, capacity=10)
    person = UserFactory(municipio=municipio(5), nil=nil_in(5))
    registration = event_services.registration_create(actor=person, event=event, seats=3)
    registered = only(FactKind.EVENT_REGISTRATION)
    assert (registered.people, registered.space, registered.nil) == (3, space, nil_in(5))
    assert registered.category is None

    operator = coordinator_of(space)
    checkin.check_in(actor=operator, event=event, code=registration.code)
    with pytest.raises(StateConflict):
        checkin.check_in(actor=operator, event=event, code=registration.code)
    checkin.check_in_undo(actor=operator, registration=registration)
    checkin.check_in(actor=operator, event=event, code=registration.code)
    came = only(FactKind.EVENT_ATTENDANCE)
    assert (came.people, came.source) == (3, f"events.registration:{registration.pk}")
    # Cancelling later keeps the demand that was expressed.
    event_services.registration_cancel(actor=person, registration=registration)
    assert Fact.objects.filter(kind=FactKind.EVENT_REGISTRATION).count() == 1

    course = CourseFactory(space=space, sessions=2)
    learner, absent = UserFactory(), UserFactory()
    enrolment = courses.enrollment_create(actor=learner, course=course)
    courses.enrollment_create(actor=absent, course=course)
    assert Fact.objects.filter(kind=FactKind.COURSE_ENROLMENT).count() == 2
    session = course.sessions.order_by("starts_at").first()
    clock.move_to(session.starts_at + datetime.timedelta(minutes=30))
    for _ in range(2):
        courses.attendance_record(
            actor=coordinator_of(space), session=session, present_ids=[enrolment.pk]
        )
    present = only(FactKind.COURSE_ATTENDANCE)
    assert (present.person, present.occurred_at) == (learner, session.starts_at)
    # A tick taken back in the register was a slip; ticked again, it counts once.
    courses.attendance_record(actor=coordinator_of(space), session=session, present_ids=[])
    assert not Fact.objects.filter(kind=FactKind.COURSE_ATTENDANCE).exists()
    courses.attendance_record(
        actor=coordinator_of(space), session=session, present_ids=[enrolment.pk]
    )
    assert only(FactKind.COURSE_ATTENDANCE).person == learner

    assert_backfill_gives_the_same()


# --- Volunteering -------------------------------------------------------------------------


def test_volunteer_hours_count_once_approved(clock):
    space = make_space("Spazio del volontariato", municipio=2)
    coordinator = coordinator_of(space)
    entry = HourEntryFactory(space=space, hours=3)
    refused = HourEntryFactory(space=space, hours=1)
    assert not Fact.objects.exists()
    hours.hours_review(actor=coordinator, entry=entry, approve=True)
    hours.hours_review(actor=coordinator, entry=refused, approve=False, reason="Non risulta")
    with pytest.raises(StateConflict):
        hours.hours_review(actor=coordinator, entry=entry, approve=True)
    given = only(FactKind.VOLUNTEER_HOURS)
    assert (given.quantity, given.space, given.person) == (Decimal("3.00"), space, entry.volunteer)

    shift = ShiftFactory(days=1)
    signup = SignupFactory(shift=shift)
    clock.move_to(T0 + 2 * DAY)
    hours.attendance_confirm(
        actor=coordinator_of(shift.opportunity.space), signup=signup, attended=True
    )
    from_shift = only_person(FactKind.VOLUNTEER_HOURS, signup.volunteer)
    assert from_shift.quantity == Decimal("2.00")

    assert_backfill_gives_the_same()


# --- The desk -----------------------------------------------------------------------------


def test_desk_contacts_and_appointments_count_where_the_row_places_them(clock):
    space, operator = desk_space("WeMi Osservato", municipio=1)
    first, second = service("Baby sitter"), service("Badante")
    contact = contacts.contact_log(
        actor=operator,
        space=space,
        data={
            "happened_at": T0 - datetime.timedelta(hours=1),
            "channel": DeskContact.Channel.VISIT,
            "topics": [second, first],
            "municipio": nil_in(8).municipio,
            "nil": nil_in(8),
            "outcome": DeskContact.Outcome.INFORMATION,
            "minutes": 20,
        },
    )
    contacts.contact_log(
        actor=operator,
        space=space,
        data={
            "channel": DeskContact.Channel.PHONE,
            "topics": [first],
            "anonymous": True,
            "municipio": municipio(4),
            "outcome": DeskContact.Outcome.ORIENTED,
            "minutes": 5,
        },
    )
    by_minutes = {f.quantity: f for f in Fact.objects.filter(kind=FactKind.DESK_CONTACT)}
    logged = by_minutes[Decimal("20.00")]
    assert (logged.nil, logged.municipio, logged.person) == (nil_in(8), nil_in(8).municipio, None)
    assert logged.category_id == min(first.pk, second.pk)
    assert logged.occurred_at == T0 - datetime.timedelta(hours=1)
    assert by_minutes[Decimal("5.00")].municipio == municipio(4)

    # A contact taken back soon after was a slip: its fact and its count go.
    contacts.contact_delete(actor=operator, contact=contact)
    assert Fact.objects.filter(kind=FactKind.DESK_CONTACT).count() == 1
    assert Figure.objects.filter(kind=FactKind.DESK_CONTACT, grain="full").count() == 1

    point, _created = ServicePoint.objects.get_or_create(space=space, kind="desk", number=0)
    slot = AppointmentSlot.objects.create(
        point=point, starts_at=T0 + DAY, ends_at=T0 + DAY + datetime.timedelta(minutes=30)
    )
    person = UserFactory(municipio=municipio(3), nil=nil_in(3))
    booked = appointments.appointment_book(actor=person, slot=slot, topic="SPID")
    with pytest.raises(StateConflict):
        appointments.appointment_book(actor=person, slot=slot, topic="SPID")
    appointments.appointment_cancel(actor=person, appointment=booked)
    appointment = only(FactKind.APPOINTMENT)
    assert (appointment.person, appointment.nil, appointment.space) == (person, nil_in(3), space)

    assert_backfill_gives_the_same()


def test_a_refused_contact_records_nothing(clock):
    space, operator = desk_space("WeMi Rifiuti")
    with pytest.raises(ValidationError):
        contacts.contact_log(actor=operator, space=space, data={"minutes": 5})
    assert not Fact.objects.exists()
