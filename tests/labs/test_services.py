"""The lab services: running a lab, joining with an account or as a guest, claiming a guest's
participation, needs, "me too", themes and what the live wall receives."""

import datetime

import pytest
from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labs import needs, services
from labs.models import Facilitator, Lab, MeToo, Need, Participant
from labs.states import SEQUENCE
from tests.factories import UserFactory, service
from tests.labs.helpers import advance_to, member, need_category, open_lab
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space
from wemi_community.core import live as core_live
from wemi_community.core.errors import ObjectHidden, StateConflict

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
Phase = Lab.Phase


class TestRunning:
    def test_a_coordinator_opens_a_lab_with_facilitators(self):
        lab, _coordinator, facilitator = open_lab()
        assert lab.phase == Phase.LISTENING
        assert lab.visibility == Lab.Visibility.PRIVATE
        assert Facilitator.objects.filter(lab=lab, user=facilitator).exists()
        assert len(lab.invite_token) >= 30

    def test_only_the_spaces_coordinators_open_labs(self):
        space = make_space("Spazio A")
        for outsider in (UserFactory(), coordinator_of(make_space("Spazio B"))):
            with pytest.raises(PermissionDenied):
                services.lab_create(
                    coordinator=outsider, space=space, data={"title": "X", "kind": "school"}
                )
        assert not Lab.objects.exists()

    @pytest.mark.parametrize(
        "data", [{"title": " ", "kind": "school"}, {"title": "X", "kind": "castle"}]
    )
    def test_bad_lab_data_is_refused(self, data):
        space = make_space("Spazio A")
        with pytest.raises(ValidationError):
            services.lab_create(coordinator=coordinator_of(space), space=space, data=data)

    def test_a_resident_asks_and_the_coordinator_approves(self):
        space = make_space("Spazio A")
        coordinator = coordinator_of(space)
        resident = UserFactory()
        lab = services.lab_request(
            actor=resident, space=space, data={"title": "Scuola Pizzigoni", "kind": "school"}
        )
        assert lab.phase == Phase.REQUESTED
        with pytest.raises(PermissionDenied):
            services.lab_request_decide(coordinator=resident, lab=lab, approve=True)
        lab = services.lab_request_decide(coordinator=coordinator, lab=lab, approve=True)
        assert lab.phase == Phase.LISTENING
        assert Facilitator.objects.filter(lab=lab, user=resident).exists()
        with pytest.raises(StateConflict):
            services.lab_request_decide(coordinator=coordinator, lab=lab, approve=False)

    def test_the_phases_follow_their_order_to_the_end(self):
        lab, _coordinator, facilitator = open_lab()
        seen = [lab.phase]
        while lab.phase != Phase.CLOSED:
            lab = services.lab_advance(actor=facilitator, lab=lab)
            seen.append(lab.phase)
        assert seen == list(SEQUENCE)
        with pytest.raises(StateConflict):
            services.lab_advance(actor=facilitator, lab=lab)

    def test_facilitators_of_one_lab_have_no_power_over_another(self):
        lab, _coordinator, facilitator = open_lab()
        other, _c, _f = open_lab(space=make_space("Altro spazio"))
        with pytest.raises(PermissionDenied):
            services.lab_advance(actor=facilitator, lab=other)
        with pytest.raises(PermissionDenied):
            services.invite_regenerate(actor=facilitator, lab=other)
        with pytest.raises(PermissionDenied):
            services.lab_advance(actor=member(lab).user, lab=lab)
        other.refresh_from_db()
        assert other.phase == Phase.LISTENING

    def test_appointing_a_facilitator_twice_is_refused(self):
        lab, coordinator, facilitator = open_lab()
        with pytest.raises(StateConflict):
            services.facilitator_appoint(coordinator=coordinator, lab=lab, user=facilitator)
        with pytest.raises(PermissionDenied):
            services.facilitator_appoint(coordinator=facilitator, lab=lab, user=UserFactory())


class TestJoining:
    def test_joining_with_an_account_is_idempotent(self):
        lab, _coordinator, _facilitator = open_lab()
        user = UserFactory(display_name="Anna")
        first = services.join_with_account(actor=user, token=lab.invite_token)
        again = services.join_with_account(actor=user, token=lab.invite_token)
        assert first == again
        assert first.nickname == "Anna" and not first.is_guest

    def test_two_people_with_the_same_name_get_distinct_nicknames(self):
        lab, _coordinator, _facilitator = open_lab()
        names = {member(lab, "Anna").nickname, member(lab, "Anna").nickname}
        assert names == {"Anna", "Anna 2"}

    def test_a_regenerated_link_stops_the_old_one(self):
        lab, _coordinator, facilitator = open_lab()
        old = lab.invite_token
        lab = services.invite_regenerate(actor=facilitator, lab=lab)
        assert lab.invite_token != old
        with pytest.raises(ObjectHidden):
            services.join_as_guest(token=old, nickname="Gigi")
        participant, _key = services.join_as_guest(token=lab.invite_token, nickname="Gigi")
        assert participant.is_guest

    def test_an_expired_link_and_a_closed_lab_take_nobody(self, settings):
        lab, _coordinator, facilitator = open_lab()
        Lab.objects.filter(pk=lab.pk).update(
            invite_created_at=timezone.now()
            - datetime.timedelta(days=settings.WEMI_LAB_INVITE_DAYS + 1)
        )
        with pytest.raises(ObjectHidden):
            services.join_with_account(actor=UserFactory(), token=lab.invite_token)
        lab = services.invite_regenerate(actor=facilitator, lab=lab)
        lab = advance_to(lab, Phase.CLOSED, facilitator)
        with pytest.raises(StateConflict):
            services.join_as_guest(token=lab.invite_token, nickname="Tardi")
        assert not Participant.objects.exists()

    @pytest.mark.parametrize("nickname", ["", "   ", "x" * 31, "anna", "ANNA"])
    def test_bad_or_taken_guest_nicknames_are_refused(self, nickname):
        lab, _coordinator, _facilitator = open_lab()
        member(lab, "Anna")
        with pytest.raises(ValidationError) as error:
            services.join_as_guest(token=lab.invite_token, nickname=nickname)
        assert "nickname" in error.value.message_dict
        assert Participant.objects.filter(user__isnull=True).count() == 0

    def test_the_browser_key_finds_the_guest_and_only_in_its_lab(self):
        lab, _coordinator, _facilitator = open_lab()
        other, _c, _f = open_lab(space=make_space("Altro"))
        guest, key = services.join_as_guest(token=lab.invite_token, nickname="Gigi")
        assert services.guest_participant(lab, key) == guest
        assert services.guest_participant(other, key) is None
        assert services.guest_participant(lab, "not-the-key") is None
        assert key not in guest.guest_key_hash

    def test_a_guest_claims_the_participation_with_an_account(self):
        lab, _coordinator, _facilitator = open_lab()
        guest, _key = services.join_as_guest(token=lab.invite_token, nickname="Gigi")
        need = needs.need_post(
            actor=guest.user, participant=guest, category=need_category(), text="Doposcuola"
        )
        user = UserFactory()
        kept = services.guest_claim(actor=user, participant=guest)
        assert kept.pk == guest.pk and kept.user == user and kept.claimed_at
        need.refresh_from_db()
        assert need.author == user
        with pytest.raises(StateConflict):
            services.guest_claim(actor=user, participant=kept)

    def test_claiming_into_an_existing_membership_merges_without_double_me_toos(self):
        lab, _coordinator, _facilitator = open_lab()
        other = member(lab, "Bruno")
        need = needs.need_post(
            actor=other.user, participant=other, category=need_category(), text="Spesa"
        )
        user = UserFactory(display_name="Carla")
        account = services.join_with_account(actor=user, token=lab.invite_token)
        needs.me_too_add(actor=account.user, participant=account, need=need)
        guest, _key = services.join_as_guest(token=lab.invite_token, nickname="Carla ospite")
        needs.me_too_add(actor=guest.user, participant=guest, need=need)
        own = needs.need_post(
            actor=guest.user, participant=guest, category=need_category(), text="Pedibus"
        )
        kept = services.guest_claim(actor=user, participant=guest)
        assert kept == account
        assert not Participant.objects.filter(pk=guest.pk).exists()
        need.refresh_from_db()
        assert need.me_too_count == 1
        assert MeToo.objects.filter(need=need).count() == 1
        own.refresh_from_db()
        assert own.participant == account and own.author == user


class TestNeeds:
    def test_needs_are_posted_in_listening_only(self):
        lab, _coordinator, facilitator = open_lab()
        anna = member(lab)
        needs.need_post(
            actor=anna.user, participant=anna, category=need_category(), text="Una baby sitter"
        )
        lab = services.lab_advance(actor=facilitator, lab=lab)
        with pytest.raises(StateConflict):
            needs.need_post(
                actor=anna.user, participant=anna, category=need_category(), text="Troppo tardi"
            )
        assert Need.objects.count() == 1

    @pytest.mark.parametrize("text", ["", "   ", "x" * 281])
    def test_empty_or_long_needs_are_refused(self, text):
        lab, _coordinator, _facilitator = open_lab()
        anna = member(lab)
        with pytest.raises(ValidationError) as error:
            needs.need_post(actor=anna.user, participant=anna, category=need_category(), text=text)
        assert "text" in error.value.message_dict
        assert not Need.objects.exists()

    def test_a_need_needs_a_service_of_the_catalogue_not_an_area(self):
        lab, _coordinator, _facilitator = open_lab()
        area = need_category().parent.parent
        anna, bea = member(lab), member(lab, "Bea")
        with pytest.raises(ValidationError):
            needs.need_post(actor=anna.user, participant=anna, category=area, text="Qualcosa")
        assert needs.need_post(
            actor=bea.user, participant=bea, category=service("Baby sitter").parent, text="Ok"
        )

    def test_me_too_once_each_with_undo_and_not_on_ones_own(self):
        lab, _coordinator, _facilitator = open_lab()
        anna, bruno = member(lab, "Anna"), member(lab, "Bruno")
        need = needs.need_post(
            actor=anna.user, participant=anna, category=need_category(), text="Pedibus"
        )
        with pytest.raises(StateConflict):
            needs.me_too_add(actor=anna.user, participant=anna, need=need)
        assert needs.me_too_add(actor=bruno.user, participant=bruno, need=need).me_too_count == 1
        with pytest.raises(StateConflict):
            needs.me_too_add(actor=bruno.user, participant=bruno, need=need)
        assert needs.me_too_remove(actor=bruno.user, participant=bruno, need=need).me_too_count == 0
        with pytest.raises(StateConflict):
            needs.me_too_remove(actor=bruno.user, participant=bruno, need=need)

    def test_me_too_on_another_labs_need_is_refused(self):
        lab, _coordinator, _facilitator = open_lab()
        other, _c, _f = open_lab(space=make_space("Altro"))
        theirs, mine = member(other), member(lab)
        need = needs.need_post(
            actor=theirs.user, participant=theirs, category=need_category(), text="X"
        )
        with pytest.raises(ObjectHidden):
            needs.me_too_add(actor=mine.user, participant=mine, need=need)

    def test_the_wall_receives_needs_and_counts_without_anonymous_authors(
        self, django_capture_on_commit_callbacks, monkeypatch
    ):
        lab, _coordinator, _facilitator = open_lab()
        # What the services send, read from a layer of the test's own: the delivery over Redis
        # belongs to the consumer's tests.
        layer = InMemoryChannelLayer()
        # The services push through the project's one sender, which asks for the layer.
        monkeypatch.setattr(core_live, "get_channel_layer", lambda *alias: layer)
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(f"lab.{lab.pk}", channel)
        anna, bruno = member(lab, "Anna"), member(lab, "Bruno")
        with django_capture_on_commit_callbacks(execute=True):
            need = needs.need_post(
                actor=anna.user,
                participant=anna,
                category=need_category(),
                text="Spesa",
                anonymous=True,
            )
        with django_capture_on_commit_callbacks(execute=True):
            needs.me_too_add(actor=bruno.user, participant=bruno, need=need)
        first = async_to_sync(layer.receive)(channel)["event"]
        second = async_to_sync(layer.receive)(channel)["event"]
        assert first["type"] == "need" and first["id"] == need.pk and first["text"] == "Spesa"
        assert "Anna" not in str(first)
        assert second == {"type": "count", "id": need.pk, "me_too": 1}
