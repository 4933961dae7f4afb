"""Running a lab from its pages: opening one, asking for one and deciding, moving the phases,
editing it and its dates, appointing and removing facilitators; the list of labs."""

import pytest
from django.urls import reverse

from labs.models import Facilitator, Lab, PhaseDates
from tests.factories import UserFactory
from tests.labs.helpers import advance_to, open_lab
from tests.labs.pages import signed_in, url, world
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db
Phase = Lab.Phase


def _lab_form(space, **extra):
    return {
        "space": space.pk,
        "title": "Scuola Pizzigoni",
        "kind": "school",
        "place": "Via Braccio da Montone",
        "description": "I genitori delle classi terze",
        "visibility": "private",
        **extra,
    }


class TestOpening:
    def test_a_coordinator_opens_a_lab_with_facilitators_and_dates(self):
        space = make_space("Spazio A")
        coordinator = coordinator_of(space)
        paolo = UserFactory(email="paolo@esempio.example", display_name="Paolo")
        client = signed_in(coordinator)
        assert client.get(reverse("labs:create")).status_code == 200
        response = client.post(
            reverse("labs:create"),
            _lab_form(
                space,
                facilitator_emails="Paolo@esempio.example",
                listening_starts_on="2027-01-10",
                listening_ends_on="2027-01-31",
            ),
        )
        lab = Lab.objects.get()
        assert response.status_code == 302 and response["Location"] == lab.get_absolute_url()
        assert lab.phase == Phase.LISTENING
        assert Facilitator.objects.filter(lab=lab, user=paolo).exists()
        dates = PhaseDates.objects.get(lab=lab)
        assert (str(dates.starts_on), str(dates.ends_on)) == ("2027-01-10", "2027-01-31")
        assert Notification.objects.filter(
            recipient=paolo, kind="lab.facilitator_appointed"
        ).exists()

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            ({"title": ""}, "Dai un titolo al laboratorio."),
            ({"kind": "castello"}, "Scegli"),
            ({"facilitator_emails": "nessuno@esempio.example"}, "nessuno@esempio.example"),
            (
                {"listening_starts_on": "2027-02-01", "listening_ends_on": "2027-01-01"},
                "La fase non può finire prima di cominciare.",
            ),
            ({"listening_starts_on": "ieri"}, "Inserisci una data valida."),
        ],
    )
    def test_bad_labs_are_refused_next_to_the_field(self, extra, message):
        space = make_space("Spazio A")
        response = signed_in(coordinator_of(space)).post(
            reverse("labs:create"), _lab_form(space, **extra)
        )
        assert response.status_code == 422
        assert message in response.content.decode()
        assert not Lab.objects.exists()

    def test_a_coordinator_cannot_open_a_lab_in_another_space(self):
        space = make_space("Spazio A")
        other = make_space("Spazio B")
        response = signed_in(coordinator_of(space)).post(reverse("labs:create"), _lab_form(other))
        assert response.status_code == 422
        assert not Lab.objects.exists()

    def test_residents_cannot_open_labs(self):
        assert signed_in(UserFactory()).get(reverse("labs:create")).status_code == 403


class TestRequests:
    def test_a_resident_asks_and_the_coordinator_approves(self):
        space = make_space("Spazio A")
        coordinator = coordinator_of(space)
        resident = UserFactory(display_name="Lucia")
        response = signed_in(resident).post(
            reverse("labs:request"), _lab_form(space, kind="company")
        )
        lab = Lab.objects.get()
        assert response.status_code == 302 and lab.phase == Phase.REQUESTED
        assert Notification.objects.filter(recipient=coordinator, kind="lab.requested").exists()
        listing = signed_in(coordinator).get(reverse("labs:list")).content.decode()
        assert "Richieste da decidere" in listing and "Scuola Pizzigoni" in listing
        # Someone else cannot see, let alone decide, the request.
        assert signed_in(UserFactory()).get(lab.get_absolute_url()).status_code == 404
        assert (
            signed_in(resident).post(url("decide", lab), {"decision": "approve"}).status_code == 403
        )
        response = signed_in(coordinator).post(url("decide", lab), {"decision": "approve"})
        lab.refresh_from_db()
        assert response.status_code == 302 and lab.phase == Phase.LISTENING
        assert Facilitator.objects.filter(lab=lab, user=resident).exists()
        assert Notification.objects.filter(recipient=resident, kind="lab.request_decided").exists()
        again = signed_in(coordinator).post(url("decide", lab), {"decision": "decline"})
        assert again.status_code == 409

    def test_asking_needs_signing_in(self, client):
        response = client.get(reverse("labs:request"))
        assert response.status_code == 302 and "/account/accedi/" in response["Location"]


class TestPhases:
    def test_a_facilitator_moves_the_lab_on_and_the_members_are_told(self):
        lab, clients, people = world()
        response = clients["facilitator"].post(url("advance", lab), {"from": "listening"})
        lab.refresh_from_db()
        assert response.status_code == 302 and lab.phase == Phase.AGGREGATION
        assert Notification.objects.filter(
            recipient=people["anna"].user, kind="lab.phase_changed"
        ).exists()

    def test_a_second_click_does_not_skip_a_phase(self):
        lab, clients, _people = world()
        clients["facilitator"].post(url("advance", lab), {"from": "listening"})
        stale = clients["facilitator"].post(url("advance", lab), {"from": "listening"})
        lab.refresh_from_db()
        assert stale.status_code == 409 and lab.phase == Phase.AGGREGATION
        assert "già andato avanti" in stale.content.decode()

    @pytest.mark.parametrize(
        ("role", "status"),
        [("member", 403), ("guest", 403), ("other_coordinator", 404), ("outsider", 404)],
    )
    def test_who_does_not_run_the_lab_cannot_move_it(self, role, status):
        lab, clients, _people = world()
        response = clients[role].post(url("advance", lab), {"from": "listening"})
        lab.refresh_from_db()
        # Guests are not signed in: the sign-in page first.
        assert response.status_code == (302 if role == "guest" else status)
        assert lab.phase == Phase.LISTENING

    def test_a_closed_lab_has_no_next_phase(self):
        lab, clients, people = world()

        advance_to(lab, Phase.CLOSED, people["facilitator"])
        response = clients["facilitator"].post(url("advance", lab), {"from": "closed"})
        assert response.status_code == 409


class TestEditing:
    def test_who_runs_the_lab_edits_it_and_its_dates(self):
        lab, clients, _people = world()
        form = clients["facilitator"].get(url("edit", lab))
        assert form.status_code == 200 and "Date delle fasi" in form.content.decode()
        response = clients["facilitator"].post(
            url("edit", lab),
            {
                "title": "Condominio via Palmieri 53-55",
                "kind": "condominium",
                "visibility": "public",
                "aggregation_starts_on": "2027-02-01",
            },
        )
        lab.refresh_from_db()
        assert response.status_code == 302
        assert lab.title == "Condominio via Palmieri 53-55" and lab.visibility == "public"
        assert PhaseDates.objects.get(lab=lab, phase="aggregation").ends_on is None
        assert clients["member"].get(url("edit", lab)).status_code == 403


class TestFacilitators:
    def test_a_coordinator_appoints_by_e_mail_or_among_members_and_removes(self):
        lab, clients, people = world()
        newcomer = UserFactory(email="nuova@esempio.example", display_name="Nuova")
        page = clients["coordinator"].get(url("facilitators", lab))
        assert page.status_code == 200 and "Anna" in page.content.decode()
        by_mail = clients["coordinator"].post(
            url("facilitators", lab), {"email": "NUOVA@esempio.example"}
        )
        assert by_mail.status_code == 302
        by_member = clients["coordinator"].post(
            url("facilitators", lab), {"member": people["anna"].pk}
        )
        assert by_member.status_code == 302
        assert set(lab.facilitators.values_list("user_id", flat=True)) == {
            people["facilitator"].pk,
            newcomer.pk,
            people["anna"].user_id,
        }
        twice = clients["coordinator"].post(
            url("facilitators", lab), {"email": "nuova@esempio.example"}
        )
        assert twice.status_code == 409
        removed = clients["coordinator"].post(url("facilitator_remove", lab, newcomer.pk))
        assert removed.status_code == 302
        assert not lab.facilitators.filter(user=newcomer).exists()

    def test_unknown_addresses_and_guests_are_refused(self):
        lab, clients, people = world()
        unknown = clients["coordinator"].post(url("facilitators", lab), {"email": "chi@x.example"})
        assert unknown.status_code == 422
        assert "Nessun account attivo ha questo indirizzo." in unknown.content.decode()
        guest = clients["coordinator"].post(
            url("facilitators", lab), {"member": people["guest"].pk}
        )
        assert guest.status_code == 422
        assert lab.facilitators.count() == 1

    def test_facilitators_cannot_appoint_others(self):
        lab, clients, _people = world()
        assert clients["facilitator"].get(url("facilitators", lab)).status_code == 403


class TestList:
    def test_the_list_shows_public_labs_and_ones_own(self, client):
        public, _c, _f = open_lab(title="Quartiere Corvetto", visibility="public")
        private, clients, _people = world()
        anonymous = client.get(reverse("labs:list")).content.decode()
        assert "Quartiere Corvetto" in anonymous and private.title not in anonymous
        mine = clients["guest"].get(reverse("labs:list")).content.decode()
        assert private.title in mine and "Quartiere Corvetto" in mine

    @pytest.mark.instants
    def test_filters_and_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        space = make_space("Spazio dei filtri")
        for n in range(3):
            open_lab(
                space=space, title=f"Laboratorio pubblico {n}", visibility="public", kind="school"
            )
        client.get(reverse("labs:list"))
        with django_assert_max_num_queries(30) as few:
            client.get(reverse("labs:list"))
        for n in range(20):
            open_lab(space=space, title=f"Altro laboratorio {n}", visibility="public")
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("labs:list"))
        schools = client.get(reverse("labs:list"), {"kind": "school"}).content.decode()
        assert "Laboratorio pubblico 0" in schools and "Altro laboratorio 1" not in schools
        words = client.get(reverse("labs:list"), {"q": "Altro 11"}).content.decode()
        assert "Altro laboratorio 11" in words and "Laboratorio pubblico 0" not in words

    def test_public_labs_show_on_their_space_page_and_in_search(self, client):
        lab, _c, _f = open_lab(title="Quartiere Corvetto", visibility="public")
        private, _c2, _f2 = open_lab(space=make_space("Spazio privato"), title="Solo nostro")
        space_page = client.get(lab.space.url).content.decode()
        assert "Quartiere Corvetto" in space_page
        results = client.get(reverse("search"), {"q": "Corvetto"}).content.decode()
        assert "Quartiere Corvetto" in results
        hidden = client.get(reverse("search"), {"q": "Solo nostro"}).content.decode()
        assert private.get_absolute_url() not in hidden
