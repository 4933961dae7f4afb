"""Each volunteering page costs the same number of SQL queries with two rows of every kind it
shows as with four times as many, for the people who see the most of it. The list has its own
in ``test_pages.py``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import municipio
from tests.participation.moderation_helpers import city_staff
from tests.queries import page_text, queries_for
from tests.volunteering.helpers import (
    day,
    move_to_the_past,
    opportunity,
    shift,
    skill,
    space_with_coordinator,
    volunteer,
)
from volunteering import hours, offers, services
from wemi_community.certificates.models import Certificate

# Shifts to come and held, hours of past days: counted at the awkward instants too.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]

FEW, MANY = 2, 8
SKILLS = ["Cucina", "Accoglienza e ascolto"]
EVERY_SLOT = (1 << 21) - 1


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_my_volunteering_costs_the_same_for_few_and_many_of_each_kind(django_assert_num_queries):
    """Shifts signed up for (one waiting), invitations, hours (from a held shift, logged and
    pending), offers of help, the opportunities suggested and the hours per space."""
    person = volunteer(skills=SKILLS, availability=EVERY_SLOT, display_name="Giulia")
    made = 0

    def add(count: int) -> None:
        nonlocal made
        for index in range(made, made + count):
            space, coordinator = space_with_coordinator(f"Spazio {index}")
            chosen, _c = opportunity(
                space=space, coordinator=coordinator, title=f"Attività {index}", skills=SKILLS
            )
            # Days apart from each other, so that none overlaps.
            mine = shift(chosen, coordinator, days=3 + 3 * index, capacity=1)
            if index % 2:  # full: she waits
                services.signup_create(actor=volunteer(), shift=mine)
            services.signup_create(actor=person, shift=mine)
            asked = shift(chosen, coordinator, days=4 + 3 * index)
            services.invite(actor=coordinator, shift=asked, volunteer=person)
            shift(chosen, coordinator, days=5 + 3 * index)  # to suggest
            held = shift(chosen, coordinator, days=2, start=7, end=8)
            signup = services.signup_create(actor=person, shift=held)
            move_to_the_past(held, days=1 + index)
            hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
            hours.hours_log(
                actor=person, space=space, day=day(-1 - index), hours="1", activity="Sportello"
            )
            offers.offer_publish(
                actor=person, data={"title": f"Offerta {index}", "skills": [skill("Cucina")]}
            )
        made += count

    url = reverse("volunteering:mine")
    client = client_of(person)
    add(FEW)
    few = queries_for(client, url)

    add(MANY - FEW)
    text = page_text(client, url)
    assert text.count('action="/volontariato/inviti/') == MANY
    assert text.count("Sportello") == MANY and text.count("Offerta ") == MANY
    assert all(f"Spazio {index}<" in text for index in range(MANY))  # hours per space
    with django_assert_num_queries(few):
        client.get(url)


def test_an_opportunitys_page_costs_the_same_for_few_and_many_shifts_and_sign_ups(
    django_assert_num_queries,
):
    """Shifts to come with their sign-ups, for a volunteer on each of them, the coordinator
    (who also sees the held shifts to confirm) and anyone."""
    space, coordinator = space_with_coordinator()
    person = volunteer(skills=SKILLS)

    def opportunity_with(rows: int, tag: str, first_day: int):
        chosen, _c = opportunity(
            space=space, coordinator=coordinator, title=f"Attività {tag}", skills=SKILLS
        )
        held_ones = []
        for index in range(rows):
            upcoming = shift(
                chosen,
                coordinator,
                days=first_day + index,
                capacity=2,
                skills=SKILLS,
                place=f"Sala {tag}",
            )
            services.signup_create(actor=person, shift=upcoming)
            services.signup_create(actor=volunteer(), shift=upcoming)
            services.signup_create(actor=volunteer(), shift=upcoming)  # waiting
            held = shift(chosen, coordinator, days=2, start=7, end=8)
            services.signup_create(actor=volunteer(), shift=held)
            held_ones.append(move_to_the_past(held, days=1 + index))
        return chosen, held_ones

    # On days apart: the volunteer is on every shift of both.
    few_one, _held = opportunity_with(FEW, "piccola", first_day=3)
    many_one, held = opportunity_with(MANY, "grande", first_day=3 + FEW)
    for viewer in (person, coordinator, None):
        client = client_of(viewer)
        few = queries_for(client, few_one.get_absolute_url())
        text = page_text(client, many_one.get_absolute_url())
        assert text.count("Sala grande") == MANY
        if viewer is coordinator:
            rosters = [reverse("volunteering:roster", args=[s.pk]) for s in held]
            assert all(f'href="{url}"' in text for url in rosters)
        with django_assert_num_queries(few):
            client.get(many_one.get_absolute_url())


def test_a_shifts_roster_costs_the_same_for_few_and_many_volunteers(django_assert_num_queries):
    """A shift to come (sign-ups, invitations, suggested volunteers) and a held one (who came,
    who is still to confirm), as its coordinator reads them."""
    space, coordinator = space_with_coordinator()
    client = client_of(coordinator)
    chosen, _c = opportunity(space=space, coordinator=coordinator, skills=SKILLS)

    def shifts_with(rows: int, tag: str):
        upcoming = shift(chosen, coordinator, days=3, capacity=3 * rows)
        held = shift(chosen, coordinator, days=2, start=7, end=8, capacity=rows)
        for index in range(rows):
            name = {"display_name": f"Volontaria {tag} {index}", "municipio_number": 1}
            services.signup_create(actor=volunteer(skills=SKILLS, **name), shift=upcoming)
            invited = volunteer(skills=SKILLS, availability=EVERY_SLOT, **name)
            services.invite(actor=coordinator, shift=upcoming, volunteer=invited)
            volunteer(skills=SKILLS, availability=EVERY_SLOT, **name)  # to suggest
            services.signup_create(actor=volunteer(**name), shift=held)
        move_to_the_past(held, days=1)
        for signup in held.signups.all()[: rows // 2]:
            hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        return upcoming, held

    few_upcoming, few_held = shifts_with(FEW, "poche")
    many_upcoming, many_held = shifts_with(MANY, "molte")
    for few_one, many_one, shown in ((few_upcoming, many_upcoming, 2), (few_held, many_held, 1)):
        few = queries_for(client, reverse("volunteering:roster", args=[few_one.pk]))
        url = reverse("volunteering:roster", args=[many_one.pk])
        text = page_text(client, url)
        assert text.count("Volontaria molte") >= shown * MANY
        with django_assert_num_queries(few):
            client.get(url)


def test_the_hours_pages_cost_the_same_for_few_and_many_entries(django_assert_num_queries):
    """The hours to approve and the CSV (a coordinator), the report of hours per space (the
    City), a volunteer's profile with hours at each space (the City)."""
    space, coordinator = space_with_coordinator("Spazio delle ore")
    person = volunteer(skills=SKILLS, municipio_number=1)
    staff = city_staff()
    made = 0

    def add(count: int) -> None:
        nonlocal made
        for index in range(made, made + count):
            somebody = volunteer(display_name=f"Volontaria {index}")
            hours.hours_log(
                actor=somebody, space=space, day=day(-1), hours="2", activity="Sportello"
            )
            entry = hours.hours_log(
                actor=somebody, space=space, day=day(-2), hours="1", activity="Cucina"
            )
            hours.hours_review(actor=coordinator, entry=entry, approve=True)
            elsewhere, other_coordinator = space_with_coordinator(f"Altro spazio {index}")
            given = hours.hours_log(
                actor=person, space=elsewhere, day=day(-1), hours="3", activity="Accoglienza"
            )
            hours.hours_review(actor=other_coordinator, entry=given, approve=True)
        made += count

    pages = [
        (coordinator, reverse("volunteering:hours_review"), "Volontaria "),
        (coordinator, reverse("volunteering:hours_export"), "Volontaria "),
        (staff, reverse("volunteering:report"), "Altro spazio "),
        (staff, reverse("volunteering:volunteer", args=[person.pk]), "Altro spazio "),
    ]
    add(FEW)
    few = [queries_for(client_of(viewer), url) for viewer, url, _row in pages]

    add(MANY - FEW)
    for (viewer, url, row), expected in zip(pages, few, strict=True):
        client = client_of(viewer)
        assert page_text(client, url).count(row) >= MANY, url
        with django_assert_num_queries(expected):
            client.get(url)


def test_the_offers_of_help_cost_the_same_for_few_and_many(django_assert_num_queries):
    url = reverse("volunteering:offers")
    made = 0

    def add(count: int) -> None:
        nonlocal made
        for index in range(made, made + count):
            offers.offer_publish(
                actor=volunteer(),
                data={
                    "title": f"Conversazione in italiano {index}",
                    "skills": [skill(name) for name in SKILLS],
                    "municipio": municipio(1 + index % 9),
                    "availability": 1 << index,
                },
            )
        made += count

    add(FEW)
    viewers = (volunteer(), None)
    few = [queries_for(client_of(viewer), url) for viewer in viewers]
    add(MANY - FEW)
    for viewer, expected in zip(viewers, few, strict=True):
        client = client_of(viewer)
        assert page_text(client, url).count("Conversazione in italiano") == MANY
        with django_assert_num_queries(expected):
            client.get(url)


def test_the_certificate_of_hours_costs_the_same_for_few_and_many_spaces_and_days(
    django_assert_num_queries,
):
    """The PDF names every space where the approved hours were given."""
    person = volunteer()
    client = client_of(person)
    url = reverse("volunteering:certificate")
    made = 0

    def add(count: int) -> None:
        nonlocal made
        for index in range(made, made + count):
            space, coordinator = space_with_coordinator(f"Spazio dell'attestato {index}")
            entry = hours.hours_log(
                actor=person, space=space, day=day(-1 - index), hours="2", activity="Cucina"
            )
            hours.hours_review(actor=coordinator, entry=entry, approve=True)
        made += count

    add(FEW)
    few = queries_for(client, url)
    add(MANY - FEW)
    assert client.get(url)["Content-Type"] == "application/pdf"
    with django_assert_num_queries(few):
        client.get(url)
    issued = Certificate.objects.order_by("-pk").first()
    assert issued.issuer_name.count("Spazio dell'attestato") == MANY
