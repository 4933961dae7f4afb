"""Who acts and for whom in a lab: joining, attaching a guest's participation, needs, "me
too", votes and ratings. The person themselves as before; the desk of the lab's space for a
member with an account, with both in the audit trail; nobody else."""

import pytest
from django.core.exceptions import PermissionDenied

from labs import codesign, needs, services
from labs.models import Evaluation, Lab, MeToo, Need, Participant, PollVote
from tests.factories import UserFactory
from tests.factories.labs import LabFactory
from tests.factories.roles import DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.labs.helpers import need_category
from tests.labs.test_codesign import _draft
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db
Phase = Lab.Phase


def audit(action: str) -> tuple:
    entry = AuditEntry.objects.filter(action=action).latest("pk")
    return entry.actor, entry.on_behalf_of


def listening_lab():
    """A lab in listening with Anna (an account) and Gigi (a guest), and a desk operator of
    its space and one of another space."""
    lab = LabFactory(members=[UserFactory(display_name="Anna")], guests=["Gigi"])
    (anna,), ((gigi, _key),) = lab.member_participants, lab.guest_participants
    return (
        lab,
        anna,
        gigi,
        DeskOperatorFactory(space=lab.space),
        DeskOperatorFactory(space=SpaceFactory()),
    )


class TestJoining:
    def test_a_person_joins_for_themselves(self):
        lab, _anna, _gigi, _desk, _other = listening_lab()
        person = UserFactory()
        services.join_with_account(actor=person, token=lab.invite_token)
        assert audit("lab.joined") == (person, None)

    def test_the_desk_joins_a_resident(self):
        lab, _anna, _gigi, desk, _other = listening_lab()
        resident = UserFactory()
        joined = services.join_with_account(actor=desk, person=resident, token=lab.invite_token)
        assert joined.user == resident
        assert not Participant.objects.filter(lab=lab, user=desk).exists()
        assert audit("lab.joined") == (desk, resident)

    def test_another_space_s_desk_or_a_stranger_may_not(self):
        lab, _anna, _gigi, _desk, other = listening_lab()
        resident = UserFactory()
        for outsider in (other, UserFactory()):
            with pytest.raises(PermissionDenied):
                services.join_with_account(actor=outsider, person=resident, token=lab.invite_token)
        assert not Participant.objects.filter(lab=lab, user=resident).exists()

    def test_the_desk_attaches_a_guest_s_participation_to_a_resident(self):
        lab, _anna, gigi, desk, other = listening_lab()
        resident = UserFactory()
        with pytest.raises(PermissionDenied):
            services.guest_claim(actor=other, person=resident, participant=gigi)
        kept = services.guest_claim(actor=desk, person=resident, participant=gigi)
        assert kept.user == resident
        assert audit("lab.guest_claimed") == (desk, resident)


class TestNeedsAndMeToo:
    def test_members_and_guests_act_for_themselves(self):
        lab, anna, gigi, _desk, _other = listening_lab()
        need = needs.need_post(
            actor=anna.user, participant=anna, category=need_category(), text="A"
        )
        assert audit("lab.need_posted") == (anna.user, None)
        needs.need_post(actor=None, participant=gigi, category=need_category(), text="B")
        assert audit("lab.need_posted") == (None, None)
        needs.me_too_add(actor=None, participant=gigi, need=need)
        assert audit("lab.me_too_added") == (None, None)
        needs.me_too_remove(actor=None, participant=gigi, need=need)
        assert audit("lab.me_too_removed") == (None, None)

    def test_the_desk_acts_for_a_member_with_an_account(self):
        lab, anna, gigi, desk, _other = listening_lab()
        need = needs.need_post(actor=desk, participant=anna, category=need_category(), text="A")
        assert need.participant == anna and need.author == anna.user
        assert audit("lab.need_posted") == (desk, anna.user)
        theirs = needs.need_post(actor=None, participant=gigi, category=need_category(), text="B")
        assert needs.me_too_add(actor=desk, participant=anna, need=theirs).me_too_count == 1
        assert audit("lab.me_too_added") == (desk, anna.user)
        needs.me_too_remove(actor=desk, participant=anna, need=theirs)
        assert audit("lab.me_too_removed") == (desk, anna.user)

    def test_another_space_s_desk_a_stranger_or_a_guest_may_not(self):
        lab, anna, gigi, _desk, other = listening_lab()
        theirs = needs.need_post(actor=None, participant=gigi, category=need_category(), text="B")
        for outsider in (other, UserFactory(), None):
            with pytest.raises(PermissionDenied):
                needs.need_post(
                    actor=outsider, participant=anna, category=need_category(), text="A"
                )
            with pytest.raises(PermissionDenied):
                needs.me_too_add(actor=outsider, participant=anna, need=theirs)
        assert Need.objects.count() == 1
        assert not MeToo.objects.exists()


class TestVotesAndRatings:
    def test_a_member_votes_for_themselves_and_the_desk_for_them(self):
        lab, facilitator, anna, bruno, proposal = _draft()
        poll = codesign.poll_create(
            actor=facilitator, proposal=proposal, question="Quando?", options=["Lun", "Mar"]
        )
        option = poll.options.first()
        codesign.poll_vote(actor=anna.user, participant=anna, poll=poll, option_id=option.pk)
        assert audit("lab.poll_voted") == (anna.user, None)
        desk = DeskOperatorFactory(space=lab.space)
        codesign.poll_vote(actor=desk, participant=bruno, poll=poll, option_id=option.pk)
        assert audit("lab.poll_voted") == (desk, bruno.user)

    def test_someone_else_may_not_vote_for_a_member(self):
        lab, facilitator, anna, _bruno, proposal = _draft()
        poll = codesign.poll_create(
            actor=facilitator, proposal=proposal, question="Quando?", options=["Lun", "Mar"]
        )
        for outsider in (DeskOperatorFactory(space=SpaceFactory()), facilitator, UserFactory()):
            with pytest.raises(PermissionDenied):
                codesign.poll_vote(
                    actor=outsider, participant=anna, poll=poll, option_id=poll.options.first().pk
                )
        assert not PollVote.objects.exists()

    def test_ratings_for_oneself_or_by_the_desk_only(self):
        lab, _facilitator, anna, bruno, _proposal = _draft(Phase.EVALUATION)
        codesign.evaluation_submit(actor=anna.user, participant=anna, rating=4)
        assert audit("lab.evaluated") == (anna.user, None)
        with pytest.raises(PermissionDenied):
            codesign.evaluation_submit(actor=anna.user, participant=bruno, rating=1)
        desk = DeskOperatorFactory(space=lab.space)
        codesign.evaluation_submit(actor=desk, participant=bruno, rating=5)
        assert audit("lab.evaluated") == (desk, bruno.user)
        assert Evaluation.objects.get(participant=bruno).rating == 5


class TestLabRequest:
    data = {"title": "Condominio di via Padova 12", "kind": "condominium"}

    def test_a_resident_asks_for_themselves(self):
        resident, space = UserFactory(), SpaceFactory()
        lab = services.lab_request(actor=resident, space=space, data=self.data)
        assert lab.requested_by == resident and lab.phase == Phase.REQUESTED
        assert audit("lab.requested") == (resident, None)

    def test_the_space_s_desk_asks_for_a_resident(self):
        resident, space = UserFactory(), SpaceFactory()
        operator = DeskOperatorFactory(space=space)
        lab = services.lab_request(actor=operator, person=resident, space=space, data=self.data)
        assert lab.requested_by == resident
        assert audit("lab.requested") == (operator, resident)

    def test_another_space_s_desk_or_a_stranger_may_not(self):
        resident, space = UserFactory(), SpaceFactory()
        for outsider in (DeskOperatorFactory(space=SpaceFactory()), UserFactory()):
            with pytest.raises(PermissionDenied):
                services.lab_request(actor=outsider, person=resident, space=space, data=self.data)
        assert not Lab.objects.exists()
