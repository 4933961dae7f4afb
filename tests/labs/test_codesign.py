"""After listening: themes, drafts of proposals, polls, publishing and the evaluation, through
``labs.codesign``; and what the proposals' own rules say of a lab's draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labs import codesign, services
from labs import needs as lab_needs
from labs.models import Evaluation, Lab, Poll, PollVote, Theme
from proposals import permissions as proposal_permissions
from proposals.models import Proposal, Support
from tests.factories import UserFactory, service
from tests.labs.helpers import advance_to, member, need_category, open_lab
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space
from wemi_community.core.errors import ObjectHidden, StateConflict
from wemi_community.notifications.models import Notification

pytestmark = pytest.mark.django_db
Phase = Lab.Phase


def _lab_with_needs():
    """A lab in listening with Anna's and Bruno's needs; Bruno said "me too" to the first."""
    lab, coordinator, facilitator = open_lab()
    anna, bruno = member(lab, "Anna"), member(lab, "Bruno")
    babysitter = service("Baby sitter condivisa")
    needs = [
        lab_needs.need_post(
            actor=anna.user, participant=anna, category=babysitter, text="Baby sitter dopo le 16"
        ),
        lab_needs.need_post(
            actor=bruno.user, participant=bruno, category=babysitter, text="Qualcuno per i compiti"
        ),
        lab_needs.need_post(
            actor=anna.user, participant=anna, category=need_category(), text="Pedibus al mattino"
        ),
    ]
    lab_needs.me_too_add(actor=bruno.user, participant=bruno, need=needs[0])
    return lab, coordinator, facilitator, anna, bruno, needs


def _theme_with_needs(lab, facilitator, needs, title="Bambini dopo la scuola"):
    theme = codesign.theme_create(actor=facilitator, lab=lab, title=title)
    for need in needs:
        codesign.need_move(actor=facilitator, need=need, theme=theme)
    return theme


def _draft(phase=Phase.CO_DESIGN):
    lab, coordinator, facilitator, anna, bruno, needs = _lab_with_needs()
    lab = advance_to(lab, Phase.AGGREGATION, facilitator)
    theme = _theme_with_needs(lab, facilitator, needs[:2])
    lab = advance_to(lab, Phase.CO_DESIGN, facilitator)
    proposal = codesign.draft_create(actor=facilitator, theme=theme)
    lab = advance_to(lab, phase, facilitator)
    return lab, facilitator, anna, bruno, proposal


class TestThemes:
    def test_facilitators_group_needs_into_themes_during_aggregation(self):
        lab, _coordinator, facilitator = open_lab()
        anna = member(lab)
        needs = [
            lab_needs.need_post(
                actor=anna.user, participant=anna, category=need_category(), text=text
            )
            for text in ("Baby sitter", "Doposcuola", "Spesa anziani")
        ]
        with pytest.raises(StateConflict):
            codesign.theme_create(actor=facilitator, lab=lab, title="Troppo presto")
        lab = services.lab_advance(actor=facilitator, lab=lab)
        with pytest.raises(PermissionDenied):
            codesign.theme_create(actor=anna.user, lab=lab, title="Non sono facilitatrice")
        children = codesign.theme_create(actor=facilitator, lab=lab, title="Bambini")
        school = codesign.theme_create(actor=facilitator, lab=lab, title="Scuola")
        with pytest.raises(ValidationError):
            codesign.theme_create(actor=facilitator, lab=lab, title="  ")
        with pytest.raises(ValidationError):
            codesign.theme_create(actor=facilitator, lab=lab, title="bambini")
        codesign.need_move(actor=facilitator, need=needs[0], theme=children)
        codesign.need_move(actor=facilitator, need=needs[1], theme=school)
        codesign.theme_rename(actor=facilitator, theme=children, title="Bambini piccoli")
        merged = codesign.theme_merge(actor=facilitator, source=school, into=children)
        assert set(merged.needs.values_list("pk", flat=True)) == {needs[0].pk, needs[1].pk}
        assert list(lab.themes.values_list("title", flat=True)) == ["Bambini piccoli"]
        with pytest.raises(ValidationError):
            codesign.theme_merge(actor=facilitator, source=children, into=children)

    def test_removing_a_theme_keeps_its_needs_without_a_theme(self):
        lab, _c, facilitator, _anna, _bruno, needs = _lab_with_needs()
        lab = advance_to(lab, Phase.AGGREGATION, facilitator)
        theme = _theme_with_needs(lab, facilitator, needs)
        codesign.theme_delete(actor=facilitator, theme=theme)
        assert not Theme.objects.exists()
        assert lab.needs.filter(theme__isnull=True).count() == 3

    def test_a_theme_of_another_lab_is_refused(self):
        lab, _c, facilitator, _anna, _bruno, needs = _lab_with_needs()
        other, _c2, other_facilitator = open_lab(space=make_space("Altro spazio"))
        lab = advance_to(lab, Phase.AGGREGATION, facilitator)
        other = advance_to(other, Phase.AGGREGATION, other_facilitator)
        foreign = codesign.theme_create(actor=other_facilitator, lab=other, title="Altrove")
        with pytest.raises(ValidationError):
            codesign.need_move(actor=facilitator, need=needs[0], theme=foreign)
        with pytest.raises(PermissionDenied):
            codesign.need_move(actor=other_facilitator, need=needs[0], theme=None)
        assert lab.needs.filter(theme__isnull=False).count() == 0

    def test_themes_are_fixed_after_co_design(self):
        lab, _c, facilitator, *_rest = _lab_with_needs()
        lab = advance_to(lab, Phase.ACTION, facilitator)
        with pytest.raises(StateConflict):
            codesign.theme_create(actor=facilitator, lab=lab, title="Tardi")


class TestDrafts:
    def test_a_theme_becomes_a_draft_of_the_labs_space_written_from_its_needs(self):
        lab, facilitator, _anna, _bruno, proposal = _draft()
        assert proposal.state == Proposal.State.DRAFT
        assert proposal.lab_id == lab.pk and proposal.space_id == lab.space_id
        assert proposal.author_id == facilitator.pk
        assert proposal.title == "Bambini dopo la scuola"
        assert proposal.category.name == "Baby sitter condivisa"
        # The most shared need first, with its "me too".
        assert proposal.description_source.index("Baby sitter dopo le 16") < (
            proposal.description_source.index("Qualcuno per i compiti")
        )
        assert "Pedibus" not in proposal.description_source
        assert Theme.objects.get(proposal=proposal).title == "Bambini dopo la scuola"
        # One other person said "me too": said in the singular.
        assert (
            "- Baby sitter dopo le 16 (e un'altra persona ha detto “anche io”)"
            in proposal.description_source
        )

    def test_drafts_are_written_in_co_design_only_and_once_per_theme(self):
        lab, _c, facilitator, _anna, _bruno, needs = _lab_with_needs()
        lab = advance_to(lab, Phase.AGGREGATION, facilitator)
        theme = _theme_with_needs(lab, facilitator, needs[:1])
        empty = codesign.theme_create(actor=facilitator, lab=lab, title="Vuoto")
        with pytest.raises(StateConflict):
            codesign.draft_create(actor=facilitator, theme=theme)
        lab = advance_to(lab, Phase.CO_DESIGN, facilitator)
        with pytest.raises(StateConflict):
            codesign.draft_create(actor=facilitator, theme=empty)
        codesign.draft_create(actor=facilitator, theme=theme)
        with pytest.raises(StateConflict):
            codesign.draft_create(actor=facilitator, theme=theme)
        assert Proposal.objects.filter(lab=lab).count() == 1

    def test_only_who_runs_the_lab_writes_its_drafts(self):
        lab, facilitator, anna, _bruno, proposal = _draft()
        other_coordinator = coordinator_of(make_space("Altro spazio"))
        for outsider in (anna.user, other_coordinator, UserFactory()):
            with pytest.raises(PermissionDenied):
                codesign.draft_update(actor=outsider, proposal=proposal, data={"title": "X"})
        updated = codesign.draft_update(
            actor=facilitator,
            proposal=proposal,
            data={"title": "Baby sitter condivisa di cortile", "audience": "children"},
        )
        assert updated.title == "Baby sitter condivisa di cortile"

    def test_the_space_of_a_draft_stays_the_labs(self):
        lab, facilitator, _anna, _bruno, proposal = _draft()
        codesign.draft_update(
            actor=facilitator, proposal=proposal, data={"space": make_space("Altro spazio")}
        )
        proposal.refresh_from_db()
        assert proposal.space_id == lab.space_id

    def test_a_draft_is_seen_by_the_labs_members_not_by_others(self):
        lab, facilitator, anna, _bruno, proposal = _draft()
        assert proposal_permissions.can_view_proposal(anna.user, proposal)
        assert proposal_permissions.can_take_part_in_proposal(anna.user, proposal)
        assert proposal_permissions.can_view_proposal(facilitator, proposal)
        assert not proposal_permissions.can_view_proposal(UserFactory(), proposal)
        assert not proposal_permissions.can_take_part_in_proposal(UserFactory(), proposal)

    def test_publishing_waits_for_the_action_phase_and_needs_a_complete_draft(self):
        lab, facilitator, _anna, _bruno, proposal = _draft()
        with pytest.raises(StateConflict):
            codesign.draft_publish(actor=facilitator, proposal=proposal)
        lab = advance_to(lab, Phase.ACTION, facilitator)
        with pytest.raises(ValidationError) as refused:
            codesign.draft_publish(actor=facilitator, proposal=proposal)
        assert set(refused.value.message_dict) == {"audience", "pricing_mode"}
        proposal.refresh_from_db()
        assert proposal.state == Proposal.State.DRAFT

    def test_publishing_makes_a_gathering_proposal_and_tells_the_members(self):
        lab, facilitator, anna, bruno, proposal = _draft(Phase.ACTION)
        codesign.draft_update(
            actor=facilitator,
            proposal=proposal,
            data={"audience": "children", "pricing_mode": "paid"},
        )
        with pytest.raises(PermissionDenied):
            codesign.draft_publish(actor=anna.user, proposal=proposal)
        published = codesign.draft_publish(actor=facilitator, proposal=proposal)
        assert published.state == Proposal.State.GATHERING
        # The facilitator is not counted as a household: the members join themselves.
        assert not Support.objects.filter(proposal=published).exists()
        told = set(
            Notification.objects.filter(kind="lab.proposal_published").values_list(
                "recipient_id", flat=True
            )
        )
        assert told == {anna.user_id, bruno.user_id}
        with pytest.raises(ObjectHidden):
            codesign.draft_publish(actor=facilitator, proposal=published)

    def test_a_discarded_draft_leaves_its_theme(self):
        lab, facilitator, _anna, _bruno, proposal = _draft()
        theme = Theme.objects.get(proposal=proposal)
        codesign.draft_discard(actor=facilitator, proposal=proposal)
        theme.refresh_from_db()
        assert theme.proposal_id is None
        assert not Proposal.objects.filter(lab=lab).exists()


class TestPolls:
    def _poll(self):
        lab, facilitator, anna, bruno, proposal = _draft()
        poll = codesign.poll_create(
            actor=facilitator,
            proposal=proposal,
            question="Quali pomeriggi?",
            options=["Lunedì", "Mercoledì", " lunedì ", "", "Venerdì"],
        )
        return lab, facilitator, anna, bruno, poll

    def test_options_are_cleaned_and_one_vote_each_is_counted(self):
        lab, _f, anna, bruno, poll = self._poll()
        labels = list(poll.options.values_list("label", flat=True))
        assert labels == ["Lunedì", "Mercoledì", "Venerdì"]
        monday = poll.options.get(label="Lunedì")
        codesign.poll_vote(actor=anna.user, participant=anna, poll=poll, option_id=monday.pk)
        codesign.poll_vote(actor=bruno.user, participant=bruno, poll=poll, option_id=monday.pk)
        with pytest.raises(StateConflict):
            codesign.poll_vote(actor=anna.user, participant=anna, poll=poll, option_id=monday.pk)
        poll.refresh_from_db()
        monday.refresh_from_db()
        assert poll.votes_count == 2 and monday.votes_count == 2

    @pytest.mark.parametrize(
        "question, options, field",
        [
            ("", ["A", "B"], "question"),
            ("Quando?", ["A"], "options"),
            ("Quando?", ["A", "a"], "options"),
            ("Quando?", [str(n) for n in range(9)], "options"),
        ],
    )
    def test_bad_polls_are_refused(self, question, options, field):
        lab, facilitator, _anna, _bruno, proposal = _draft()
        with pytest.raises(ValidationError) as refused:
            codesign.poll_create(
                actor=facilitator, proposal=proposal, question=question, options=options
            )
        assert field in refused.value.message_dict
        assert not Poll.objects.exists()

    def test_an_option_of_another_poll_and_outsiders_are_refused(self):
        lab, facilitator, anna, _bruno, poll = self._poll()
        other = codesign.poll_create(
            actor=facilitator, proposal=poll.proposal, question="Orario?", options=["16", "17"]
        )
        with pytest.raises(ValidationError):
            codesign.poll_vote(
                actor=anna.user, participant=anna, poll=poll, option_id=other.options.first().pk
            )
        with pytest.raises(ValidationError):
            codesign.poll_vote(actor=anna.user, participant=anna, poll=poll, option_id="uno")
        stranger_lab, _c, _f = open_lab(space=make_space("Spazio estraneo"))
        stranger = member(stranger_lab, "Estranea")
        with pytest.raises(PermissionDenied):
            codesign.poll_vote(
                actor=stranger.user,
                participant=stranger,
                poll=poll,
                option_id=poll.options.first().pk,
            )
        assert not PollVote.objects.exists()

    def test_polls_close_with_the_co_design(self):
        lab, facilitator, anna, _bruno, poll = self._poll()
        advance_to(lab, Phase.ACTION, facilitator)
        poll.refresh_from_db()
        assert poll.is_closed
        with pytest.raises(StateConflict):
            codesign.poll_vote(
                actor=anna.user, participant=anna, poll=poll, option_id=poll.options.first().pk
            )

    def test_a_facilitator_closes_a_poll_once(self):
        _lab, facilitator, anna, _bruno, poll = self._poll()
        with pytest.raises(PermissionDenied):
            codesign.poll_close(actor=anna.user, poll=poll)
        codesign.poll_close(actor=facilitator, poll=poll)
        with pytest.raises(StateConflict):
            codesign.poll_close(actor=facilitator, poll=poll)


class TestEvaluation:
    def test_participants_rate_the_lab_once_each_during_evaluation(self):
        lab, facilitator, anna, _bruno, _proposal = _draft()
        with pytest.raises(StateConflict):
            codesign.evaluation_submit(actor=anna.user, participant=anna, rating=5)
        advance_to(lab, Phase.EVALUATION, facilitator)
        codesign.evaluation_submit(actor=anna.user, participant=anna, rating=4, comment="Utile")
        codesign.evaluation_submit(
            actor=anna.user, participant=anna, rating=5, comment="Utilissimo"
        )
        evaluation = Evaluation.objects.get()
        assert (evaluation.rating, evaluation.comment) == (5, "Utilissimo")

    @pytest.mark.parametrize("rating", [0, 6, "cinque", None, -1])
    def test_ratings_outside_one_to_five_are_refused(self, rating):
        lab, facilitator, anna, _bruno, _proposal = _draft()
        advance_to(lab, Phase.EVALUATION, facilitator)
        with pytest.raises(ValidationError):
            codesign.evaluation_submit(actor=anna.user, participant=anna, rating=rating)
        with pytest.raises(ValidationError):
            codesign.evaluation_submit(
                actor=anna.user, participant=anna, rating=3, comment="x" * 1001
            )
        assert not Evaluation.objects.exists()


class TestClaimingMergesVotesAndRatings:
    def test_a_guest_who_voted_keeps_one_vote_when_claimed_into_an_account_that_voted(self):
        lab, facilitator, anna, _bruno, proposal = _draft()
        guest, _key = services.join_as_guest(token=lab.invite_token, nickname="Anna ospite")
        poll = codesign.poll_create(
            actor=facilitator, proposal=proposal, question="Giorno?", options=["Lun", "Mar"]
        )
        monday, tuesday = poll.options.all()
        codesign.poll_vote(actor=anna.user, participant=anna, poll=poll, option_id=monday.pk)
        codesign.poll_vote(actor=guest.user, participant=guest, poll=poll, option_id=tuesday.pk)
        services.guest_claim(actor=anna.user, participant=guest)
        poll.refresh_from_db()
        tuesday.refresh_from_db()
        assert poll.votes_count == 1 and tuesday.votes_count == 0
        assert PollVote.objects.get().participant_id == anna.pk
