"""Suggestions: opportunities for a volunteer and volunteers for a shift, ranked by skills
and languages in common, the availability that fits and the same Municipio, each with its
reasons in words; who cannot take part is never suggested."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.factories import UserFactory, municipio
from tests.volunteering.helpers import (
    next_weekday,
    opportunity,
    shift,
    space_with_coordinator,
    volunteer,
)
from volunteering import matching, permissions, services
from volunteering.models import Opportunity, VolunteerProfile

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
TUESDAY, WEDNESDAY, FRIDAY = 1, 2, 4


def opportunity_with_shift(
    title, *, municipio_number=1, weekday=TUESDAY, start=10, end=12, **changes
):
    space, coordinator = space_with_coordinator(f"Spazio {title}", municipio=municipio_number)
    created, _ = opportunity(space=space, coordinator=coordinator, title=title, **changes)
    added = shift(created, coordinator, days=next_weekday(weekday), start=start, end=end)
    return created, added, coordinator


def ranked(suggestions):
    return [(str(s.item), s.score) for s in suggestions]


class TestOpportunitiesForAVolunteer:
    def _volunteer(self, **changes):
        values = {
            "skills": ["Cucina", "Aiuto compiti"],
            "languages": ["arabo"],
            "availability": ["1-morning"],
            "municipio_number": 8,
        }
        values.update(changes)
        return VolunteerProfile.objects.get(user=volunteer(**values))

    def test_ranking_and_reasons(self):
        profile = self._volunteer()
        # Two skills in common, nothing else: 2 × 3.
        opportunity_with_shift(
            "Cucina e compiti",
            skills=["Cucina", "Aiuto compiti"],
            weekday=WEDNESDAY,
            start=15,
            end=17,
        )
        # A skill, a language, Tuesday morning and Municipio 8: 3 + 3 + 2 + 2.
        opportunity_with_shift(
            "Merenda", municipio_number=8, skills=["Cucina"], languages=["Arabo"]
        )
        # Same availability; the same Municipio comes first.
        opportunity_with_shift("Vicino", municipio_number=8)
        opportunity_with_shift("Lontano", municipio_number=1)
        # Nothing in common: not suggested.
        opportunity_with_shift("Niente", municipio_number=3, weekday=FRIDAY, start=20, end=22)
        with translation.override("en"):
            suggestions = matching.opportunities_for(profile)
        assert ranked(suggestions) == [
            ("Merenda", 10),
            ("Cucina e compiti", 6),
            ("Vicino", 4),
            ("Lontano", 2),
        ]
        place = municipio(8).name
        assert "; ".join(suggestions[0].reasons) == (
            # The shared skills and the listed languages read in the reader's language.
            f"you know: Cooking; you speak Arabic; Tuesday morning; near you, in {place}"
        )
        assert suggestions[1].reasons == ["you know: Homework help, Cooking"]
        assert suggestions[3].reasons == ["Tuesday morning"]

    def test_reasons_in_italian_the_sites_language(self):
        profile = self._volunteer(skills=[], municipio_number=None)
        opportunity_with_shift("Martedì", municipio_number=8, languages=["arabo"])
        (suggestion,) = matching.opportunities_for(profile)
        assert "; ".join(suggestion.reasons) == "parli arabo; martedì mattina"

    def test_availability_counts_up_to_three_slots(self):
        profile = self._volunteer(
            skills=[],
            languages=[],
            municipio_number=None,
            availability=[
                f"{d}-{s}" for d in range(7) for s in ("morning", "afternoon", "evening")
            ],
        )
        created, added, coordinator = opportunity_with_shift("Tutto il giorno", start=8, end=22)
        # A second shift on another day adds slots but not score.
        shift(created, coordinator, days=next_weekday(WEDNESDAY), start=8, end=22)
        (suggestion,) = matching.opportunities_for(profile)
        assert suggestion.score == 3 * matching.SLOT_WEIGHT

    def test_who_cannot_take_part_sees_nothing(self):
        young = self._volunteer(age_group="16_17")
        opportunity_with_shift("Per adulti", municipio_number=8, skills=["Cucina"], min_age=18)
        closed, _shift, _c = opportunity_with_shift(
            "Chiusa", municipio_number=8, skills=["Cucina"], min_age=0
        )
        Opportunity.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
        _opp, cancelled, coordinator = opportunity_with_shift(
            "Annullata", municipio_number=8, skills=["Cucina"], min_age=16
        )
        services.shift_cancel(actor=coordinator, shift=cancelled)
        assert matching.opportunities_for(young) == []
        opportunity_with_shift("Per ragazzi", municipio_number=8, skills=["Cucina"], min_age=16)
        assert [str(s.item) for s in matching.opportunities_for(young)] == ["Per ragazzi"]

    def test_the_limit(self):
        profile = self._volunteer()
        for n in range(4):
            opportunity_with_shift(f"Opportunità {n}", skills=["Cucina"])
        assert len(matching.opportunities_for(profile, limit=3)) == 3


class TestVolunteersForAShift:
    def _shift(self, **changes):
        values = {"municipio_number": 8, "skills": ["Cucina"], "languages": ["Arabo"]}
        values.update(changes)
        return opportunity_with_shift("Merenda", **values)

    def test_ranking_and_reasons(self):
        _opp, the_shift, _coordinator = self._shift()
        best = volunteer(
            display_name="Best",
            skills=["Cucina"],
            languages=["arabo"],
            availability=["1-morning"],
            municipio_number=8,
        )
        skilled = volunteer(display_name="Skilled", skills=["Cucina"], municipio_number=1)
        free_near = volunteer(display_name="Free", availability=["1-morning"], municipio_number=8)
        near = volunteer(display_name="Near", municipio_number=8)
        volunteer(display_name="Nothing", availability=["4-evening"], municipio_number=3)
        with translation.override("en"):
            suggestions = matching.volunteers_for(the_shift)
        assert [(s.item.user, s.score) for s in suggestions] == [
            (best, 10),
            (free_near, 4),
            (skilled, 3),
            (near, 2),
        ]
        place = municipio(8).name
        assert suggestions[0].reasons == [
            "knows: Cooking",
            "speaks Arabic",
            "free Tuesday morning",
            f"lives in {place}",
        ]
        assert suggestions[2].reasons == ["knows: Cooking"]

    def test_the_shifts_own_skills_come_before_the_opportunitys(self):
        created, cooking_shift, coordinator = self._shift(languages=[])
        homework_shift = shift(
            created,
            coordinator,
            days=next_weekday(FRIDAY),
            start=20,
            end=22,
            skills=["Aiuto compiti"],
        )
        cook = volunteer(skills=["Cucina"])
        tutor = volunteer(skills=["Aiuto compiti"])
        assert [s.item.user for s in matching.volunteers_for(cooking_shift)] == [cook]
        assert [s.item.user for s in matching.volunteers_for(homework_shift)] == [tutor]

    def test_who_cannot_take_the_shift_is_never_suggested(self):
        _opp, the_shift, coordinator = self._shift()
        everything = {
            "skills": ["Cucina"],
            "languages": ["arabo"],
            "availability": ["1-morning"],
            "municipio_number": 8,
        }
        volunteer(age_group="16_17", **everything)
        resting = volunteer(**everything)
        VolunteerProfile.objects.filter(user=resting).update(active=False)
        gone = volunteer(**everything)
        type(gone).objects.filter(pk=gone.pk).update(is_active=False)
        on_it = volunteer(**everything)
        services.signup_create(actor=on_it, shift=the_shift)
        invited = volunteer(**everything)
        services.invite(actor=coordinator, shift=the_shift, volunteer=invited)
        busy = volunteer(**everything)
        start = timezone.localtime(the_shift.starts_at)
        elsewhere, _s, other = opportunity_with_shift("Altrove")
        clash = shift(
            elsewhere, other, days=(start.date() - timezone.localdate()).days, start=11, end=13
        )
        services.signup_create(actor=busy, shift=clash)
        assert matching.volunteers_for(the_shift) == []
        # A cancelled sign-up elsewhere no longer makes one busy.
        services.signup_cancel(actor=busy, signup=busy.shift_signups.get())
        assert [s.item.user for s in matching.volunteers_for(the_shift)] == [busy]

    def test_a_fixed_number_of_queries(self):
        _opp, the_shift, _coordinator = self._shift()

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                matching.volunteers_for(the_shift)
            return len(captured)

        volunteer(skills=["Cucina"], municipio_number=8)
        few = queries()
        for _ in range(5):
            volunteer(skills=["Cucina"], languages=["arabo"], municipio_number=8)
        assert queries() == few
        assert len(matching.volunteers_for(the_shift)) == 6

    def test_people_without_a_profile_are_not_volunteers(self):
        _opp, the_shift, _coordinator = self._shift()
        UserFactory()
        assert matching.volunteers_for(the_shift) == []


def test_an_opportunity_whose_every_shift_one_is_on_is_no_longer_suggested():
    created, coordinator = opportunity(title="Accoglienza", skills=["Accoglienza e ascolto"])
    only = shift(created, coordinator)
    person = volunteer(skills=["Accoglienza e ascolto"])
    profile = permissions.profile_of(person)
    assert [s.item for s in matching.opportunities_for(profile)] == [created]
    services.signup_create(actor=person, shift=only)
    assert matching.opportunities_for(profile) == []
    # A new shift makes it worth suggesting again.
    shift(created, coordinator, days=9)
    assert [s.item for s in matching.opportunities_for(profile)] == [created]
