"""The lab's page as its people meet it: joining by the invitation (with an account or as a
guest), the wall with its form and "me too" (plain forms and the script's JSON), attaching a
guest's participation to an account, the projector and the poster; bad input on each."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from labs import needs, services
from labs.models import Lab, MeToo, Need, Participant
from tests.factories import UserFactory
from tests.labs.helpers import advance_to, member, need_category, open_lab
from tests.labs.pages import guest_client, signed_in, url, world
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db
Phase = Lab.Phase


def _need_data(text="Qualcuno per i compiti", **extra):
    return {"category": need_category().pk, "text": text, **extra}


class TestJoining:
    def test_the_invitation_page_offers_an_account_or_a_nickname(self, client):
        lab, _c, _f = open_lab()
        page = client.get(reverse("labs:invite", args=[lab.invite_token]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "Sei invitato a “Condominio via Palmieri 53”" in text
        assert "Partecipa come ospite" in text and "Accedi" in text
        assert 'name="robots" content="noindex"' in text

    def test_a_guest_joins_with_a_nickname_and_sees_the_private_lab(self):
        lab, _c, _f = open_lab()
        client, participant = guest_client(lab, "Rosa")
        assert participant.is_guest
        page = client.get(lab.get_absolute_url())
        assert page.status_code == 200
        assert "Sei “Rosa”" in page.content.decode()
        # Another browser without the key sees nothing.
        assert Client().get(lab.get_absolute_url()).status_code == 404

    def test_a_signed_in_person_joins_with_the_account(self):
        lab, _c, _f = open_lab()
        person = UserFactory(display_name="Carla")
        client = signed_in(person)
        response = client.post(reverse("labs:invite", args=[lab.invite_token]), {"as": "account"})
        assert response.status_code == 302 and response["Location"] == lab.get_absolute_url()
        assert Participant.objects.filter(lab=lab, user=person).exists()
        # The link again goes straight to the lab.
        again = client.get(reverse("labs:invite", args=[lab.invite_token]))
        assert again.status_code == 302

    def test_joining_with_the_account_needs_signing_in(self, client):
        lab, _c, _f = open_lab()
        response = client.post(reverse("labs:invite", args=[lab.invite_token]), {"as": "account"})
        assert response.status_code == 302 and "/account/accedi/" in response["Location"]
        assert not Participant.objects.exists()

    @pytest.mark.parametrize(
        ("nickname", "message"),
        [
            ("", "Scegli un soprannome"),
            ("   ", "Scegli un soprannome"),
            ("x" * 31, "al massimo 30 caratteri"),
            ("gigi", "già questo soprannome"),
        ],
    )
    def test_bad_nicknames_are_refused_next_to_the_field(self, client, nickname, message):
        lab, _c, _f = open_lab()
        services.join_as_guest(token=lab.invite_token, nickname="Gigi")
        response = client.post(
            reverse("labs:invite", args=[lab.invite_token]), {"as": "guest", "nickname": nickname}
        )
        assert response.status_code == 422
        assert message in response.content.decode()
        assert Participant.objects.filter(lab=lab).count() == 1

    def test_a_regenerated_link_stops_the_old_one(self, client):
        lab, _c, facilitator = open_lab()
        old = lab.invite_token
        response = signed_in(facilitator).post(url("invite_regenerate", lab))
        assert response.status_code == 302
        lab.refresh_from_db()
        assert lab.invite_token != old
        refused = client.get(reverse("labs:invite", args=[old]))
        assert refused.status_code == 404
        assert "non è più valido" in refused.content.decode()
        assert client.get(reverse("labs:invite", args=[lab.invite_token])).status_code == 200

    def test_an_expired_link_is_refused_with_a_message(self, client, settings):
        lab, _c, _f = open_lab()
        too_old = timezone.now() - datetime.timedelta(days=settings.WEMI_LAB_INVITE_DAYS + 1)
        Lab.objects.filter(pk=lab.pk).update(invite_created_at=too_old)
        response = client.post(
            reverse("labs:invite", args=[lab.invite_token]), {"as": "guest", "nickname": "Tardi"}
        )
        assert response.status_code == 404
        assert "non è più valido" in response.content.decode()
        assert not Participant.objects.exists()

    def test_a_closed_lab_takes_no_one(self, client):
        lab, _c, facilitator = open_lab()
        advance_to(lab, Phase.CLOSED, facilitator)
        response = client.get(reverse("labs:invite", args=[lab.invite_token]))
        assert response.status_code == 409
        assert "non accetta nuovi partecipanti" in response.content.decode()

    def test_only_who_runs_the_lab_regenerates_the_link(self):
        lab, clients, _people = world()
        for role in ("member", "outsider", "other_coordinator"):
            status = clients[role].post(url("invite_regenerate", lab)).status_code
            assert status in (403, 404), role
        token = lab.invite_token
        lab.refresh_from_db()
        assert lab.invite_token == token


class TestClaiming:
    def test_a_guest_who_signs_in_attaches_the_participation(self):
        lab, _c, _f = open_lab()
        client, guest = guest_client(lab, "Rosa")
        needs.need_post(actor=guest.user, participant=guest, category=need_category(), text="Spesa")
        person = UserFactory(display_name="Rosa Bianchi")
        client.force_login(person)  # the session keeps the guest's key, as a real sign-in does
        page = client.get(lab.get_absolute_url())
        assert "Collegala al mio account" in page.content.decode()
        response = client.post(url("claim", lab))
        assert response.status_code == 302
        guest.refresh_from_db()
        assert guest.user_id == person.pk and guest.claimed_at is not None
        assert Need.objects.get().author_id == person.pk
        assert "lab_guest_keys" not in client.session or not client.session["lab_guest_keys"]

    def test_claiming_without_a_guest_participation_is_a_clear_conflict(self):
        lab, clients, _people = world()
        response = clients["member"].post(url("claim", lab))
        assert response.status_code == 409
        assert "nessuna partecipazione come ospite" in response.content.decode()


class TestThePage:
    def test_members_see_the_phase_now_and_next_and_the_wall(self):
        lab, clients, people = world()
        needs.need_post(
            actor=people["anna"].user,
            participant=people["anna"],
            category=need_category(),
            text="Pedibus",
        )
        page = clients["guest"].get(lab.get_absolute_url())
        text = page.content.decode()
        assert page.status_code == 200
        assert "Ora" in text and "Ascolto" in text and "Poi" in text and "Aggregazione" in text
        assert "Pedibus" in text and "Di che cosa hai bisogno?" in text
        assert f'data-ws-path="/ws/laboratori/{lab.pk}/"' in text

    def test_an_anonymous_need_hides_its_author_from_members_not_from_facilitators(self):
        lab, clients, people = world()
        needs.need_post(
            actor=people["anna"].user,
            participant=people["anna"],
            category=need_category(),
            text="Segreto",
            anonymous=True,
        )
        member_page = clients["guest"].get(lab.get_absolute_url()).content.decode()
        facilitator_page = clients["facilitator"].get(lab.get_absolute_url()).content.decode()
        assert "Segreto" in member_page and "Anonimo" in member_page
        assert "scritto da Anna" not in member_page
        assert "scritto da Anna" in facilitator_page

    def test_the_invitation_and_qr_code_show_to_who_runs_the_lab_only(self):
        lab, clients, _people = world()
        assert (
            "Invita i partecipanti"
            in clients["facilitator"].get(lab.get_absolute_url()).content.decode()
        )
        assert lab.invite_token not in clients["guest"].get(lab.get_absolute_url()).content.decode()

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("facilitator", 200),
            ("member", 200),
            ("guest", 200),
            ("coordinator", 200),
            ("other_coordinator", 404),
            ("outsider", 404),
            ("anonymous", 404),
        ],
    )
    def test_a_private_lab_is_404_for_who_may_not_see_it(self, role, status):
        lab, clients, _people = world()
        for name in ("detail", "projector", "members", "summary"):
            assert clients[role].get(url(name, lab)).status_code == status, name

    def test_a_public_lab_shows_to_everyone_but_not_its_members_list(self):
        lab, clients, _people = world(visibility="public")
        assert clients["anonymous"].get(lab.get_absolute_url()).status_code == 200
        assert clients["outsider"].get(url("members", lab)).status_code == 403
        page = clients["anonymous"].get(lab.get_absolute_url()).content.decode()
        assert "Partecipa al laboratorio" in page

    @pytest.mark.instants
    def test_the_page_costs_the_same_queries_for_few_and_many_needs(
        self, django_assert_max_num_queries
    ):
        lab, clients, people = world()
        category = need_category()
        needs.need_post(
            actor=people["anna"].user, participant=people["anna"], category=category, text="Uno"
        )
        client = clients["guest"]
        client.get(lab.get_absolute_url())
        with django_assert_max_num_queries(40) as few:
            client.get(lab.get_absolute_url())
        for n in range(40):
            need = needs.need_post(
                actor=people["anna"].user,
                participant=people["anna"],
                category=category,
                text=f"N{n}",
            )
            needs.me_too_add(actor=people["guest"].user, participant=people["guest"], need=need)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(lab.get_absolute_url())


class TestPostingNeeds:
    def test_a_member_posts_a_need_with_the_form(self):
        lab, clients, _people = world()
        response = clients["guest"].post(url("need_post", lab), _need_data())
        need = Need.objects.get()
        assert response.status_code == 302
        assert response["Location"].endswith(f"#need-{need.pk}")
        assert need.participant.nickname == "Gigi"

    def test_the_wall_script_gets_json(self):
        lab, clients, _people = world()
        response = clients["member"].post(
            url("need_post", lab), _need_data("Pedibus"), HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 200
        body = response.json()
        assert body["ok"] and body["need"]["text"] == "Pedibus" and body["need"]["author"] == "Anna"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"text": ""}, "Scrivi il bisogno in poche parole."),
            ({"text": "   "}, "Scrivi il bisogno in poche parole."),
            ({"text": "x" * 281}, "al massimo 280 caratteri"),
            ({"category": ""}, "Scegli il tipo di servizio dal catalogo."),
            ({"category": "999999"}, "Scegli"),
        ],
    )
    def test_bad_needs_are_refused_and_nothing_is_written(self, data, message):
        lab, clients, _people = world()
        page = clients["member"].post(url("need_post", lab), {**_need_data(), **data})
        assert page.status_code == 422
        assert message in page.content.decode()
        as_json = clients["member"].post(
            url("need_post", lab), {**_need_data(), **data}, HTTP_ACCEPT="application/json"
        )
        assert as_json.status_code == 422 and not as_json.json()["ok"]
        assert not Need.objects.exists()

    def test_a_need_outside_listening_is_a_conflict(self):
        lab, clients, people = world()
        advance_to(lab, Phase.AGGREGATION, people["facilitator"])
        page = clients["member"].post(url("need_post", lab), _need_data())
        assert page.status_code == 409
        assert "I bisogni si raccolgono durante l&#x27;ascolto" in page.content.decode()
        assert not Need.objects.exists()

    @pytest.mark.parametrize("role", ["facilitator", "outsider", "anonymous"])
    def test_who_is_not_a_member_cannot_post(self, role):
        lab, clients, _people = world(visibility="public")
        assert clients[role].post(url("need_post", lab), _need_data()).status_code == 403
        assert not Need.objects.exists()


class TestMeToo:
    def _need(self, people):
        return needs.need_post(
            actor=people["anna"].user,
            participant=people["anna"],
            category=need_category(),
            text="X",
        )

    def test_me_too_once_each_and_undo(self):
        lab, clients, people = world()
        need = self._need(people)
        add = clients["guest"].post(url("me_too", lab, need.pk), HTTP_ACCEPT="application/json")
        assert add.json() == {"ok": True, "id": need.pk, "me_too": 1, "mine": True}
        twice = clients["guest"].post(url("me_too", lab, need.pk), HTTP_ACCEPT="application/json")
        assert twice.status_code == 409
        assert twice.json()["error"] == "Hai già detto “Anche io” a questo bisogno."
        undo = clients["guest"].post(
            url("me_too", lab, need.pk), {"action": "remove"}, HTTP_ACCEPT="application/json"
        )
        assert undo.json()["me_too"] == 0 and not MeToo.objects.exists()

    def test_me_too_on_ones_own_need_or_on_another_labs_need_is_refused(self):
        lab, clients, people = world()
        own = self._need(people)
        assert clients["member"].post(url("me_too", lab, own.pk)).status_code == 409
        other, _c, _f = open_lab(space=make_space("Altro spazio del laboratorio"))
        zoe = member(other, "Zoe")
        foreign = needs.need_post(
            actor=zoe.user, participant=zoe, category=need_category(), text="Altrove"
        )
        assert clients["guest"].post(url("me_too", lab, foreign.pk)).status_code == 404
        assert not MeToo.objects.exists()

    def test_the_page_offers_me_too_on_others_needs_only(self):
        lab, clients, people = world()
        annas = self._need(people)
        guests = needs.need_post(
            actor=people["guest"].user,
            participant=people["guest"],
            category=need_category(),
            text="Y",
        )

        def button(need):
            return f'action="{url("me_too", lab, need.pk)}"'

        for client, own, other in (
            (clients["member"], annas, guests),
            (clients["guest"], guests, annas),
        ):
            text = client.get(lab.get_absolute_url()).content.decode()
            assert button(other) in text and button(own) not in text
            assert text.count('small">Il tuo bisogno</span>') == 1

    def test_a_guest_need_of_this_browser_stays_ones_own_after_signing_in(self):
        lab, clients, people = world()
        need = needs.need_post(
            actor=people["guest"].user,
            participant=people["guest"],
            category=need_category(),
            text="Y",
        )
        person = UserFactory(display_name="Gigi Verdi")
        services.join_with_account(actor=person, token=lab.invite_token)
        browser = clients["guest"]
        browser.force_login(person)  # the session keeps the guest's key, as a real sign-in does
        text = browser.get(lab.get_absolute_url()).content.decode()
        assert f'action="{url("me_too", lab, need.pk)}"' not in text
        assert 'small">Il tuo bisogno</span>' in text
        refused = browser.post(url("me_too", lab, need.pk), HTTP_ACCEPT="application/json")
        assert refused.status_code == 409
        body = refused.json()
        assert body["own"] is True and body["id"] == need.pk
        assert body["error"] == (
            "È un tuo bisogno: sono gli altri ad aggiungere il loro “Anche io”."
        )
        page = browser.post(url("me_too", lab, need.pk))
        assert page.status_code == 409
        assert "È un tuo bisogno" in page.content.decode()
        assert not MeToo.objects.exists()

    def test_a_refusal_on_someone_elses_need_is_not_marked_own(self):
        lab, clients, people = world()
        need = self._need(people)
        clients["guest"].post(url("me_too", lab, need.pk))
        twice = clients["guest"].post(url("me_too", lab, need.pk), HTTP_ACCEPT="application/json")
        assert twice.status_code == 409 and twice.json()["own"] is False

    def test_attaching_a_guest_drops_a_me_too_that_became_ones_own(self):
        lab, _c, _f = open_lab()
        browser, guest = guest_client(lab, "Rosa")
        need = needs.need_post(
            actor=guest.user, participant=guest, category=need_category(), text="Spesa"
        )
        person = UserFactory(display_name="Rosa Bianchi")
        account = services.join_with_account(actor=person, token=lab.invite_token)
        # Said before this browser's guest was known to be the same person.
        needs.me_too_add(actor=account.user, participant=account, need=need)
        browser.force_login(person)
        assert browser.post(url("claim", lab)).status_code == 302
        need.refresh_from_db()
        assert need.participant_id == account.pk and need.me_too_count == 0
        assert not MeToo.objects.exists()


class TestProjectorAndPoster:
    def test_the_projector_shows_the_wall_and_to_who_runs_it_the_qr_code(self):
        lab, clients, people = world()
        needs.need_post(
            actor=people["anna"].user,
            participant=people["anna"],
            category=need_category(),
            text="Spesa",
        )
        projector = clients["facilitator"].get(url("projector", lab)).content.decode()
        assert "Spesa" in projector and "Schermo intero" in projector
        assert "Inquadra il codice per partecipare" in projector and "<svg" in projector
        member_view = clients["guest"].get(url("projector", lab)).content.decode()
        assert "Spesa" in member_view and "Inquadra il codice" not in member_view

    def test_the_poster_has_the_qr_code_of_the_current_link(self):
        lab, clients, _people = world()
        poster = clients["facilitator"].get(url("poster", lab))
        text = poster.content.decode()
        assert poster.status_code == 200
        assert lab.invite_token in text and "<svg" in text and 'aria-label="Codice QR' in text
        assert "Inquadra il codice QR" in text
        assert clients["guest"].get(url("poster", lab)).status_code == 403
