"""Two records of one person: an operator reports that a desk's resident has an online
account, city staff see the open reports, preview and join them. Everything that pointed
at the desk record's account moves to the online account (registrations, joins,
notifications, the audit trail); where both hold the same seat or join, the online
account's stays and the desk record's is cancelled through its module; the old account is
deactivated, never deleted; 403 for anyone but city staff, 409 once closed, 422 without a
reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from desk import merge
from desk.models import DeskConflict, DeskResident
from events import services as events_services
from events.models import Registration
from proposals import joins
from proposals.models import Proposal, Support
from tests.cms.helpers import soup
from tests.desk.helpers import desk_space, register
from tests.events.helpers import move_to_the_past, publish
from tests.factories import UserFactory
from tests.factories.roles import CityStaffFactory
from tests.proposals.helpers import published
from tests.queries import page_text, queries_for
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db

REASON = "Stessa persona: verificato al telefono con lei."
CONFLICTS = "/sportello/conflitti/"


@pytest.fixture
def pair():
    space, operator = desk_space("WeMi Ornato")
    person = register(space, operator).user
    online = UserFactory(email="giusy.ferri@esempio.example", display_name="Giusy")
    return space, operator, person, online


def report(operator, person, online):
    return merge.conflict_report(actor=operator, person=person, email=online.email.upper())


def signup(person, event, seats=1):
    return events_services.registration_create(
        actor=person, event=event, seats=seats, person=person
    )


class TestReport:
    def test_an_operator_reports_by_exact_e_mail(self, pair):
        _space, operator, person, online = pair
        conflict = report(operator, person, online)
        assert (conflict.desk_user, conflict.online_user) == (person, online)
        assert conflict.why == DeskConflict.Why.REPORTED and conflict.reported_by == operator
        entry = AuditEntry.objects.get(action="desk.conflict_recorded")
        assert (entry.actor, entry.on_behalf_of) == (operator, person)
        # Twice is still one open report.
        assert report(operator, person, online).pk == conflict.pk

    def test_unknown_e_mail_and_non_desk_refused(self, pair):
        _space, operator, person, _online = pair
        with pytest.raises(ValidationError) as error:
            merge.conflict_report(actor=operator, person=person, email="nessuno@esempio.example")
        assert "email" in error.value.message_dict
        with pytest.raises(PermissionDenied):
            merge.conflict_report(actor=UserFactory(), person=person, email="x@esempio.example")

    def test_from_the_resident_page(self, client, pair):
        _space, operator, person, online = pair
        client.force_login(operator)
        url = reverse("desk:report_online", args=[person.pk])
        page = soup(client.get(reverse("desk:resident", args=[person.pk])))
        assert page.select_one(f'#desk-online form[action="{url}"]') is not None
        wrong = client.post(url, {"email": "nessuno@esempio.example"})
        assert wrong.status_code == 422
        assert "Nessun altro account attivo ha questo indirizzo e-mail" in soup(wrong).get_text()
        done = client.post(url, {"email": online.email, "note": "Me lo ha detto lei"})
        assert done.status_code == 302
        conflict = DeskConflict.objects.get()
        assert conflict.note == "Me lo ha detto lei"
        shown = soup(client.get(reverse("desk:resident", args=[person.pk]))).get_text(" ")
        assert "il Comune unirà i due profili" in shown


class TestMerge:
    def test_everything_moves_to_the_online_account(self, pair):
        space, operator, person, online = pair
        event, _coordinator = publish(title="Tombola di quartiere")
        registration = signup(person, event, seats=2)
        proposal = published(households=1)
        joins.proposal_join(actor=person, proposal=proposal, household_size=3)
        notified = Notification.objects.filter(recipient=person).count()
        assert notified >= 1
        trail = AuditEntry.objects.filter(on_behalf_of=person).count()
        assert trail >= 2
        conflict = report(operator, person, online)

        moves = merge.records_merge(actor=CityStaffFactory(), conflict=conflict, reason=REASON)

        registration.refresh_from_db()
        assert registration.user == online and registration.state == "confirmed"
        assert Support.objects.get(proposal=proposal, user=online).household_size == 3
        assert Notification.objects.filter(recipient=person).count() == 0
        assert Notification.objects.filter(recipient=online).count() >= notified
        assert not AuditEntry.objects.filter(on_behalf_of=person).exists()
        assert not AuditEntry.objects.filter(actor=person).exists()
        assert DeskResident.objects.get(space=space).user == online
        person.refresh_from_db()
        assert not person.is_active
        assert type(person).objects.filter(pk=person.pk).exists()
        conflict.refresh_from_db()
        assert conflict.state == DeskConflict.State.MERGED and conflict.reason == REASON
        entry = AuditEntry.objects.get(action="desk.records_merged")
        assert entry.on_behalf_of == online
        assert entry.data["reason"] == REASON
        assert entry.data["moved"]["events.Registration"] == 1
        assert entry.data["moved"]["proposals.Support"] == 1
        assert entry.data["released"] == 0 and entry.data["desk_record_moved"] is True
        assert moves.moved["events.Registration"] == 1

    def test_a_seat_held_by_both_keeps_the_online_one(self, pair):
        _space, operator, person, online = pair
        event, _coordinator = publish(title="Gita al parco", capacity=10)
        signup(person, event, seats=3)
        kept = signup(online, event, seats=1)
        proposal = published(households=1)
        joins.proposal_join(actor=person, proposal=proposal, household_size=2)
        joins.proposal_join(actor=online, proposal=proposal, household_size=4)
        conflict = report(operator, person, online)
        staff = CityStaffFactory()

        preview = merge.merge_preview(actor=staff, conflict=conflict)
        texts = [clash.what for clash in preview.clashes.values()]
        assert any("Gita al parco" in text for text in texts)
        assert any(proposal.title in text for text in texts)
        # The preview changed nothing.
        assert Registration.objects.filter(user=person, state="confirmed").count() == 1

        merge.records_merge(actor=staff, conflict=conflict, reason=REASON)

        active = Registration.objects.filter(event=event, state__in=["confirmed", "waitlisted"])
        assert list(active) == [kept]
        event.refresh_from_db()
        assert event.seats_taken == 1
        # The cancelled registration moved too: nothing stays behind.
        assert Registration.objects.filter(event=event, user=online, state="cancelled").count() == 1
        assert Support.objects.get(proposal=proposal, user=online).household_size == 4
        assert not Support.objects.filter(user=person).exists()
        proposal.refresh_from_db()
        assert proposal.households_count == 2  # the author and the online account
        assert AuditEntry.objects.get(action="desk.records_merged").data["released"] == 2

    def test_a_clash_too_late_to_cancel_stays_on_the_old_record(self, pair):
        _space, operator, person, online = pair
        event, _coordinator = publish(title="Corso di ballo")
        signup(person, event)
        signup(online, event)
        move_to_the_past(event)  # started: too late to cancel
        conflict = report(operator, person, online)
        merge.records_merge(actor=CityStaffFactory(), conflict=conflict, reason=REASON)
        assert Registration.objects.filter(user=person, event=event).count() == 1
        entry = AuditEntry.objects.get(action="desk.records_merged")
        assert entry.data["left"] >= 1

    def test_only_city_staff_and_only_open_and_with_a_reason(self, pair):
        _space, operator, person, online = pair
        conflict = report(operator, person, online)
        with pytest.raises(PermissionDenied):
            merge.records_merge(actor=operator, conflict=conflict, reason=REASON)
        staff = CityStaffFactory()
        with pytest.raises(ValidationError) as error:
            merge.records_merge(actor=staff, conflict=conflict, reason="  ")
        assert "reason" in error.value.message_dict
        merge.records_merge(actor=staff, conflict=conflict, reason=REASON)
        with pytest.raises(StateConflict):
            merge.records_merge(actor=staff, conflict=conflict, reason=REASON)
        with pytest.raises(StateConflict):
            merge.conflict_dismiss(actor=staff, conflict=conflict, reason=REASON)

    def test_dismissing_moves_nothing(self, pair):
        _space, operator, person, online = pair
        event, _coordinator = publish()
        registration = signup(person, event)
        conflict = report(operator, person, online)
        merge.conflict_dismiss(actor=CityStaffFactory(), conflict=conflict, reason=REASON)
        registration.refresh_from_db()
        assert registration.user == person
        person.refresh_from_db()
        assert person.is_active
        conflict.refresh_from_db()
        assert conflict.state == DeskConflict.State.DISMISSED


class TestPages:
    def test_the_list_and_the_preview_in_italian(self, client, pair):
        _space, operator, person, online = pair
        event, _coordinator = publish(title="Gita al parco")
        signup(person, event)
        signup(online, event)
        conflict = report(operator, person, online)
        client.force_login(CityStaffFactory())
        listing = client.get(CONFLICTS)
        assert listing.status_code == 200
        assert soup(listing).select_one(
            f'#desk-conflicts a[href="/sportello/conflitti/{conflict.pk}/"]'
        )
        page = client.get(reverse("desk:conflict", args=[conflict.pk]))
        assert page.status_code == 200
        clashes = soup(page).select_one("#desk-merge-clashes").get_text(" ")
        assert "Iscrizione a “Gita al parco”" in clashes
        assert "l'iscrizione del profilo dello sportello sarà annullata" in clashes

    def test_merge_through_the_page(self, client, pair):
        _space, operator, person, online = pair
        conflict = report(operator, person, online)
        client.force_login(CityStaffFactory())
        url = reverse("desk:conflict_merge", args=[conflict.pk])
        missing = client.post(url, {"reason": ""})
        assert missing.status_code == 422
        assert "Scrivi il motivo" in soup(missing).get_text()
        done = client.post(url, {"reason": REASON})
        assert done.status_code == 302 and done.url == CONFLICTS
        again = client.post(url, {"reason": REASON})
        assert again.status_code == 409
        assert "Questa segnalazione è già chiusa" in soup(again).get_text()
        dismissed = client.post(
            reverse("desk:conflict_dismiss", args=[conflict.pk]), {"reason": REASON}
        )
        assert dismissed.status_code == 409

    @pytest.mark.parametrize("who", ["operator", "resident"])
    def test_403_for_anyone_but_city_staff(self, client, pair, who):
        _space, operator, person, online = pair
        conflict = report(operator, person, online)
        client.force_login(operator if who == "operator" else online)
        assert client.get(CONFLICTS).status_code == 403
        assert client.get(reverse("desk:conflict", args=[conflict.pk])).status_code == 403
        merged = client.post(reverse("desk:conflict_merge", args=[conflict.pk]), {"reason": REASON})
        assert merged.status_code == 403
        conflict.refresh_from_db()
        assert conflict.is_open

    def test_the_desk_leads_city_staff_to_the_reports(self, client, pair):
        _space, operator, _person, _online = pair
        client.force_login(operator)
        assert CONFLICTS not in client.get("/sportello/").content.decode()
        client.force_login(CityStaffFactory())
        assert f'href="{CONFLICTS}"' in client.get("/sportello/").content.decode()

    def test_anonymous_are_sent_to_sign_in(self, client, pair):
        assert client.get(CONFLICTS).status_code == 302

    def test_the_list_costs_the_same_for_few_and_many(self, client, django_assert_num_queries):
        space, operator = desk_space("WeMi Lorenteggio")
        client.force_login(CityStaffFactory())

        def add(count, start):
            for index in range(count):
                person = register(space, operator, first_name=f"Nome{start + index}").user
                online = UserFactory(email=f"online{start + index}@esempio.example")
                report(operator, person, online)

        add(1, 0)
        few = queries_for(client, CONFLICTS)
        add(4, 1)
        assert page_text(client, CONFLICTS).count("Esamina") == 5
        with django_assert_num_queries(few):
            client.get(CONFLICTS)


def test_proposal_state_is_untouched(pair):
    _space, operator, person, online = pair
    proposal = published(households=1)
    joins.proposal_join(actor=person, proposal=proposal, household_size=1)
    conflict = report(operator, person, online)
    merge.records_merge(actor=CityStaffFactory(), conflict=conflict, reason=REASON)
    assert Proposal.objects.get(pk=proposal.pk).households_count == 2
