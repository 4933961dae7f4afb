"""Volunteer hours: attendance logs a shift's hours, approved; hours a volunteer logs (never
for a day to come, never more than 24 in a day, never twice for a shift) wait for a
coordinator of that space or city staff, who rejects them only with a reason; the summary by
space and period, and its certificate, whose code the public page /verifica/ checks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.participation.moderation_helpers import city_staff
from tests.volunteering.helpers import (
    day,
    move_to_the_past,
    opportunity,
    shift,
    space_with_coordinator,
    start_now,
    volunteer,
)
from volunteering import hours, services
from volunteering.models import HourEntry, HoursStatement
from wemi_community.certificates.models import Certificate
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.models import Notification

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
H = HourEntry.State


def held_shift(*, days_ago: int = 1, people: int = 1, start=10, end=12, **changes):
    """(shift, coordinator, sign-ups): a shift signed up for, then moved into the past."""
    created, coordinator = opportunity(**changes)
    the_shift = shift(created, coordinator, start=start, end=end, capacity=max(people, 1))
    signups = [services.signup_create(actor=volunteer(), shift=the_shift) for _ in range(people)]
    return move_to_the_past(the_shift, days=days_ago), coordinator, signups


def log(person, space, *, hours_given="2", on=None, activity="Sportello compiti", **kw):
    return hours.hours_log(
        actor=person,
        space=space,
        day=on if on is not None else day(-1),
        hours=hours_given,
        activity=activity,
        **kw,
    )


class TestAttendance:
    def test_coming_logs_the_shifts_hours_approved(self):
        the_shift, coordinator, (came, missed) = held_shift(people=2, start=(9, 30), end=12)
        hours.attendance_confirm(actor=coordinator, signup=came, attended=True)
        hours.attendance_confirm(actor=coordinator, signup=missed, attended=False)
        entry = HourEntry.objects.get()
        assert (entry.volunteer, entry.shift, entry.space) == (
            came.volunteer,
            the_shift,
            the_shift.opportunity.space,
        )
        assert entry.hours == Decimal("2.50") and entry.state == H.APPROVED
        assert entry.date == day(-1) and entry.reviewed_by == coordinator
        assert entry.activity == the_shift.opportunity.title
        missed.refresh_from_db()
        assert missed.attended is False and missed.attendance_by == coordinator

    def test_attendance_is_recorded_once(self):
        _shift, coordinator, (signup,) = held_shift()
        hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        with pytest.raises(StateConflict):
            hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        with pytest.raises(StateConflict):
            hours.attendance_confirm(actor=coordinator, signup=signup, attended=False)
        assert HourEntry.objects.count() == 1

    def test_not_before_the_shift_starts(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator)
        signup = services.signup_create(actor=volunteer(), shift=the_shift)
        with pytest.raises(StateConflict):
            hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        # Once it has started, it can.
        start_now(the_shift)
        hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        assert HourEntry.objects.get().hours == Decimal("2.00")

    def test_only_the_spaces_coordinators_confirm(self):
        _shift, _coordinator, (signup,) = held_shift()
        _space, other = space_with_coordinator()
        for outsider in (other, signup.volunteer, UserFactory()):
            with pytest.raises(PermissionDenied):
                hours.attendance_confirm(actor=outsider, signup=signup, attended=True)
        signup.refresh_from_db()
        assert signup.attended is None and not HourEntry.objects.exists()
        hours.attendance_confirm(actor=city_staff(), signup=signup, attended=True)
        assert HourEntry.objects.count() == 1

    def test_only_volunteers_with_a_place(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator, capacity=1)
        services.signup_create(actor=volunteer(), shift=the_shift)
        waiting = services.signup_create(actor=volunteer(), shift=the_shift)
        move_to_the_past(the_shift)
        with pytest.raises(StateConflict):
            hours.attendance_confirm(actor=coordinator, signup=waiting, attended=True)
        assert not HourEntry.objects.exists()

    def test_no_attendance_at_a_cancelled_shift(self):
        created, coordinator = opportunity()
        the_shift = shift(created, coordinator)
        signup = services.signup_create(actor=volunteer(), shift=the_shift)
        services.shift_cancel(actor=coordinator, shift=the_shift)
        move_to_the_past(the_shift)
        with pytest.raises(StateConflict):
            hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        signup.refresh_from_db()
        assert signup.attended is None and not HourEntry.objects.exists()

    def test_a_day_over_24_hours_records_nothing(self):
        the_shift, coordinator, (signup,) = held_shift(start=10, end=14)
        log(signup.volunteer, the_shift.opportunity.space, hours_given="21", on=day(-1))
        with pytest.raises(ValidationError) as refused:
            hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        assert "hours" in refused.value.message_dict
        signup.refresh_from_db()
        # The attendance was not half-written before the refusal.
        assert signup.attended is None and HourEntry.objects.count() == 1

    def test_hours_the_volunteer_already_logged_for_the_shift_are_not_logged_again(self):
        the_shift, coordinator, (signup,) = held_shift()
        log(signup.volunteer, the_shift.opportunity.space, shift=the_shift)
        with pytest.raises(StateConflict):
            hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        signup.refresh_from_db()
        assert signup.attended is None and HourEntry.objects.count() == 1


class TestLogging:
    def test_logged_hours_wait_for_the_spaces_coordinators(self):
        space, coordinator = space_with_coordinator()
        person = volunteer()
        entry = log(person, space, hours_given="1,5", activity="  Aiuto   compiti ")
        assert (entry.state, entry.hours, entry.activity) == (
            H.PENDING,
            Decimal("1.50"),
            "Aiuto compiti",
        )
        told = Notification.objects.filter(kind="volunteering.hours_logged")
        assert list(told.values_list("recipient_id", flat=True)) == [coordinator.pk]

    def test_not_for_a_day_to_come_nor_older_than_a_year(self):
        space, _coordinator = space_with_coordinator()
        person = volunteer()
        for when in (day(1), day(-367)):
            with pytest.raises(ValidationError) as refused:
                log(person, space, on=when)
            assert "day" in refused.value.message_dict
        log(person, space, on=timezone.localdate())
        assert HourEntry.objects.count() == 1

    @pytest.mark.parametrize(
        "given", ["0", "-2", "abc", "", "25", "24,5", "nan", "inf", "0,001", "1e-9", "0,2"]
    )
    def test_hours_that_are_not_hours_are_refused_cleanly(self, given):
        # Whatever the form lets through becomes a message, never a server error.
        space, _coordinator = space_with_coordinator()
        with pytest.raises(ValidationError) as refused:
            log(volunteer(), space, hours_given=given)
        assert "hours" in refused.value.message_dict
        assert not HourEntry.objects.exists()

    def test_a_quarter_of_an_hour_is_the_least(self):
        space, _coordinator = space_with_coordinator()
        entry = log(volunteer(), space, hours_given="0,25")
        assert entry.hours == Decimal("0.25")

    def test_every_missing_field_is_reported_at_once(self):
        with pytest.raises(ValidationError) as refused:
            hours.hours_log(actor=volunteer(), space=None, day=None, hours="x", activity=" ")
        assert set(refused.value.message_dict) == {"space", "day", "hours", "activity"}

    def test_a_day_never_adds_up_to_more_than_24_hours(self):
        space, coordinator = space_with_coordinator()
        person = volunteer()
        first = log(person, space, hours_given="20")
        with pytest.raises(ValidationError) as refused:
            log(person, space, hours_given="5")
        assert "24" in refused.value.message_dict["hours"][0]
        log(person, space, hours_given="4")  # exactly 24 is allowed
        # Rejected hours no longer count.
        hours.hours_review(actor=coordinator, entry=first, approve=False, reason="Doppione")
        log(person, space, hours_given="5")
        # Another day is another count.
        log(person, space, hours_given="20", on=day(-2))
        assert HourEntry.objects.exclude(state=H.REJECTED).count() == 3

    def test_not_twice_for_the_same_shift(self):
        the_shift, coordinator, (signup,) = held_shift()
        hours.attendance_confirm(actor=coordinator, signup=signup, attended=True)
        with pytest.raises(StateConflict):
            log(signup.volunteer, the_shift.opportunity.space, hours_given="1", shift=the_shift)
        assert HourEntry.objects.count() == 1

    def test_only_volunteers_log_hours(self):
        space, _coordinator = space_with_coordinator()
        with pytest.raises(PermissionDenied):
            log(UserFactory(), space)
        assert not HourEntry.objects.exists()


class TestReview:
    def test_approve(self):
        space, coordinator = space_with_coordinator()
        entry = log(volunteer(), space)
        reviewed = hours.hours_review(actor=coordinator, entry=entry, approve=True)
        assert reviewed.state == H.APPROVED and reviewed.reviewed_by == coordinator
        assert Notification.objects.filter(
            recipient=entry.volunteer, kind="volunteering.hours_approved"
        ).exists()
        with pytest.raises(StateConflict):
            hours.hours_review(
                actor=coordinator, entry=entry, approve=False, reason="Ci ho ripensato"
            )

    def test_a_rejection_needs_a_reason(self):
        space, coordinator = space_with_coordinator()
        entry = log(volunteer(), space)
        for blank in ("", "   "):
            with pytest.raises(ValidationError) as refused:
                hours.hours_review(actor=coordinator, entry=entry, approve=False, reason=blank)
            assert "reason" in refused.value.message_dict
        entry.refresh_from_db()
        assert entry.state == H.PENDING and entry.reviewed_by is None
        hours.hours_review(
            actor=coordinator, entry=entry, approve=False, reason="Quel giorno eravamo chiusi"
        )
        entry.refresh_from_db()
        assert entry.state == H.REJECTED
        assert entry.rejection_reason == "Quel giorno eravamo chiusi"
        told = Notification.objects.get(kind="volunteering.hours_rejected")
        assert told.recipient == entry.volunteer and told.excerpt == "Quel giorno eravamo chiusi"

    def test_only_that_spaces_coordinators_or_city_staff_review(self):
        space, _coordinator = space_with_coordinator()
        _other_space, other = space_with_coordinator()
        person = volunteer()
        entry = log(person, space)
        for outsider in (other, person, volunteer(), UserFactory()):
            with pytest.raises(PermissionDenied):
                hours.hours_review(actor=outsider, entry=entry, approve=True)
        entry.refresh_from_db()
        assert entry.state == H.PENDING
        hours.hours_review(actor=city_staff(), entry=entry, approve=True)
        entry.refresh_from_db()
        assert entry.state == H.APPROVED


def approved_hours(person, space, coordinator, *, given: str, on: datetime.date, what="Aiuto"):
    entry = log(person, space, hours_given=given, on=on, activity=what)
    return hours.hours_review(actor=coordinator, entry=entry, approve=True)


class TestSummary:
    def test_approved_hours_by_space_and_period(self):
        north, north_coordinator = space_with_coordinator("Spazio Alfa")
        south, south_coordinator = space_with_coordinator("Spazio Beta")
        person = volunteer()
        approved_hours(person, north, north_coordinator, given="2", on=day(-10))
        approved_hours(person, north, north_coordinator, given="1,5", on=day(-3))
        approved_hours(person, south, south_coordinator, given="3", on=day(-5))
        log(person, south, hours_given="7", on=day(-4))  # pending: not counted
        rejected = log(person, north, hours_given="6", on=day(-2))
        hours.hours_review(actor=north_coordinator, entry=rejected, approve=False, reason="No")
        approved_hours(volunteer(), north, north_coordinator, given="9", on=day(-3))  # someone else

        everything = hours.summary(person)
        assert [(row["space__title"], row["total"]) for row in everything["rows"]] == [
            ("Spazio Alfa", Decimal("3.50")),
            ("Spazio Beta", Decimal("3.00")),
        ]
        assert everything["total"] == Decimal("6.50")
        assert (everything["first"], everything["last"]) == (day(-10), day(-3))

        one_space = hours.summary(person, space=south)
        assert one_space["total"] == Decimal("3.00") and len(one_space["rows"]) == 1

        week = hours.summary(person, start=day(-6), end=day(-3))
        assert week["total"] == Decimal("4.50")
        assert (week["first"], week["last"]) == (day(-5), day(-3))

        assert hours.summary(person, start=day(-1))["total"] == 0


class TestCertificate:
    def _volunteer_with_hours(self):
        space, coordinator = space_with_coordinator("Spazio Gamma")
        person = volunteer(display_name="Amina Rossi")
        approved_hours(person, space, coordinator, given="2", on=day(-9), what="Doposcuola")
        approved_hours(person, space, coordinator, given="1,5", on=day(-2), what="Merenda")
        return person, space

    def test_the_certificate_of_a_period_keeps_its_code(self):
        person, space = self._volunteer_with_hours()
        certificate = hours.certificate_for(actor=person, space=space)
        assert certificate.kind == Certificate.Kind.VOLUNTEERING
        assert certificate.holder == person and certificate.issuer_name == "Spazio Gamma"
        # Written as the database sums it ("3.5" on SQLite, "3.50" on PostgreSQL).
        assert Decimal(certificate.details["hours"]) == Decimal("3.5")
        assert sorted(certificate.details["activities"]) == ["Doposcuola", "Merenda"]
        assert (certificate.period_start, certificate.period_end) == (day(-9), day(-2))
        statement = HoursStatement.objects.get()
        assert statement.hours == Decimal("3.50")
        again = hours.certificate_for(actor=person, space=space)
        assert (again.pk, again.code) == (certificate.pk, certificate.code)
        assert HoursStatement.objects.count() == 1

    def test_refusals(self):
        person, space = self._volunteer_with_hours()
        with pytest.raises(ValidationError):
            hours.certificate_for(actor=person, start=day(-1), end=day(-5))
        with pytest.raises(StateConflict):
            hours.certificate_for(actor=person, start=day(-1))
        with pytest.raises(StateConflict):
            hours.certificate_for(actor=volunteer(), space=space)
        with pytest.raises(PermissionDenied):
            hours.certificate_for(actor=UserFactory(), space=space)
        assert not Certificate.objects.exists() and not HoursStatement.objects.exists()

    def test_the_code_verifies_on_the_public_page(self, client):
        person, space = self._volunteer_with_hours()
        certificate = hours.certificate_for(actor=person, space=space)
        assert reverse("certificates:verify", args=[certificate.code]).startswith("/verifica/")
        page = client.get(reverse("certificates:verify", args=[certificate.code]))
        text = page.content.decode()
        assert page.status_code == 200 and 'id="certificate-valid"' in text
        assert "Amina Rossi" in text and "Spazio Gamma" in text
        assert "ha prestato 3,5 ore di volontariato" in text
        # Typed by hand from the form: normalised, then shown.
        typed = client.get(
            reverse("certificates:verify_form"), {"codice": certificate.code.lower()}
        )
        assert typed.status_code == 302
        assert typed["Location"] == reverse("certificates:verify", args=[certificate.code])

    @pytest.mark.parametrize("tamper", ["last", "short", "junk"])
    def test_a_tampered_code_is_a_clear_not_found(self, client, tamper):
        person, space = self._volunteer_with_hours()
        code = hours.certificate_for(actor=person, space=space).code
        wrong = {
            "last": code[:-1] + ("A" if code[-1] != "A" else "B"),
            "short": code[:-2],
            "junk": "WEMI-<script>",
        }[tamper]
        response = client.get(reverse("certificates:verify", args=[wrong]), follow=True)
        assert response.status_code == 404
        assert "Nessun attestato ha questo codice" in response.content.decode()
        assert "<script>" not in response.content.decode()
