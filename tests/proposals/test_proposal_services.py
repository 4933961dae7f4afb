"""The proposal services: drafts, publishing, joining, the state machine, expiry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_q.models import Schedule

from proposals import joins, services, states, thresholds
from proposals.models import Answer, Proposal, ProposalThreshold, Support
from tests.factories import UserFactory, service
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import category, draft, published
from tests.spaces.helpers import make_space
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification
from wemi_community.participation.follows import is_following

# Date-sensitive: run now and at the awkward instants of tests/instants.py.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
P = Proposal.State


@pytest.fixture
def space():
    return make_space("Spazio di quartiere", municipio=5)


class TestDrafts:
    def test_a_draft_is_saved_step_by_step_and_sanitised(self, space):
        author = UserFactory()
        proposal = services.proposal_draft_save(actor=author, data={"category": category()})
        assert proposal.state == P.DRAFT
        proposal = services.proposal_draft_save(
            actor=author,
            proposal=proposal,
            data={"title": "  Doposcuola   condiviso ", "description": "<script>x</script>**Sì**"},
        )
        proposal.refresh_from_db()
        assert proposal.category == category()
        assert proposal.title == "Doposcuola condiviso"
        assert "<script>" not in proposal.description_html
        assert "<strong>Sì</strong>" in proposal.description_html
        assert services.missing_to_publish(proposal) == ["space", "audience", "pricing_mode"]

    def test_a_service_group_is_not_a_category_and_nothing_is_written(self, space):
        group = service().parent
        with pytest.raises(ValidationError) as error:
            services.proposal_draft_save(actor=UserFactory(), data={"category": group})
        assert "category" in error.value.message_dict
        assert not Proposal.objects.exists()

    def test_only_the_author_edits_a_draft(self, space):
        proposal = draft(UserFactory(), space)
        with pytest.raises(PermissionDenied):
            services.proposal_draft_save(
                actor=UserFactory(), proposal=proposal, data={"title": "X"}
            )

    def test_publishing_an_incomplete_draft_names_what_is_missing(self, space):
        author = UserFactory()
        proposal = services.proposal_draft_save(actor=author, data={"title": "Solo titolo"})
        with pytest.raises(ValidationError) as error:
            services.proposal_publish(actor=author, proposal=proposal)
        assert set(error.value.message_dict) == {
            "category",
            "space",
            "description",
            "audience",
            "pricing_mode",
        }
        assert Proposal.objects.get().state == P.DRAFT


class TestPublishing:
    def test_publishing_fixes_threshold_and_deadline_and_counts_the_author(self, space, settings):
        settings.WEMI_PROPOSAL_DEFAULT_THRESHOLD = 6
        author = UserFactory(household_size=3)
        proposal = services.proposal_publish(actor=author, proposal=draft(author, space))
        assert proposal.state == P.GATHERING
        assert proposal.threshold == 6
        assert proposal.deadline == services.default_deadline()
        assert (proposal.households_count, proposal.people_count) == (1, 3)
        assert is_following(author, proposal)
        assert AuditEntry.objects.filter(action="proposal.published").count() == 1

    def test_the_threshold_comes_from_the_space_then_the_category(self, space):
        other = make_space("Altro spazio", municipio=2)
        ProposalThreshold.objects.create(category=category(), households=4)
        ProposalThreshold.objects.create(category=category(), space=space, households=3)
        assert thresholds.threshold_for(category(), space) == 3
        assert thresholds.threshold_for(category(), other) == 4
        ProposalThreshold.objects.create(category=service("Baby sitter").parent, households=8)
        assert thresholds.threshold_for(service("Baby sitter"), other) == 8

    def test_the_coordinators_of_the_space_are_told(self, space):
        coordinator = coordinator_of(space)
        other = coordinator_of(make_space("Altro spazio"))
        published(space=space)
        kinds = Notification.objects.filter(kind="proposal.published")
        assert list(kinds.values_list("recipient", flat=True)) == [coordinator.pk]
        assert not Notification.objects.filter(recipient=other).exists()

    @pytest.mark.parametrize("days", [0, -3, 400])
    def test_a_deadline_in_the_past_or_too_far_is_refused(self, space, days):
        author = UserFactory()
        proposal = draft(author, space)
        deadline = timezone.localdate() + datetime.timedelta(days=days)
        with pytest.raises(ValidationError) as error:
            services.proposal_publish(actor=author, proposal=proposal, deadline=deadline)
        assert "deadline" in error.value.message_dict
        proposal.refresh_from_db()
        assert proposal.state == P.DRAFT
        assert not Support.objects.exists()

    def test_the_deadline_saved_with_the_draft_is_the_one_published(self, space):
        author = UserFactory()
        chosen = timezone.localdate() + datetime.timedelta(days=20)
        proposal = draft(author, space, deadline=chosen)
        with pytest.raises(ValidationError) as error:
            services.proposal_draft_save(
                actor=author, proposal=proposal, data={"deadline": timezone.localdate()}
            )
        assert "deadline" in error.value.message_dict
        proposal = services.proposal_publish(actor=author, proposal=proposal)
        assert proposal.deadline == chosen

    def test_publishing_twice_is_a_state_conflict(self, space):
        proposal = published(space=space)
        with pytest.raises(StateConflict):
            services.proposal_publish(actor=proposal.author, proposal=proposal)


class TestJoining:
    def test_joining_counts_households_and_people_and_reaches_the_threshold(self, space):
        proposal = published(space=space, threshold=3)
        joins.proposal_join(actor=UserFactory(), proposal=proposal, household_size=4)
        proposal.refresh_from_db()
        assert proposal.state == P.GATHERING
        last = UserFactory()
        joins.proposal_join(actor=last, proposal=proposal, household_size=2)
        proposal.refresh_from_db()
        assert proposal.state == P.THRESHOLD_REACHED
        assert proposal.households_count == 3
        assert proposal.people_count == 1 + 4 + 2
        assert Answer.objects.filter(proposal=proposal, to_state=P.THRESHOLD_REACHED).exists()
        assert Notification.objects.filter(
            kind="proposal.threshold_reached", recipient=proposal.author
        ).exists()
        # Leaving below the threshold goes back to gathering.
        joins.proposal_leave(actor=last, proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.state == P.GATHERING
        assert proposal.households_count == 2

    def test_the_household_size_can_change(self, space):
        proposal = published(space=space)
        user = UserFactory()
        joins.proposal_join(actor=user, proposal=proposal, household_size=2)
        joins.proposal_support_change(actor=user, proposal=proposal, household_size=5)
        proposal.refresh_from_db()
        assert proposal.people_count == 1 + 5

    @pytest.mark.parametrize("size", [0, -1, 21, 500, "abc", None, ""])
    def test_absurd_household_sizes_are_refused_and_nothing_is_written(self, space, size):
        proposal = published(space=space)
        with pytest.raises(ValidationError) as error:
            joins.proposal_join(actor=UserFactory(), proposal=proposal, household_size=size)
        assert "household_size" in error.value.message_dict
        assert proposal.supports.count() == 1

    def test_joining_twice_is_refused(self, space):
        proposal = published(space=space)
        user = UserFactory()
        joins.proposal_join(actor=user, proposal=proposal, household_size=1)
        with pytest.raises(StateConflict):
            joins.proposal_join(actor=user, proposal=proposal, household_size=1)
        assert proposal.supports.count() == 2

    def test_a_draft_cannot_be_joined_and_a_withdrawn_one_neither(self, space):
        author = UserFactory()
        with pytest.raises(PermissionDenied):
            joins.proposal_join(
                actor=UserFactory(), proposal=draft(author, space), household_size=1
            )
        proposal = published(author, space)
        services.proposal_withdraw(actor=author, proposal=proposal)
        with pytest.raises(StateConflict):
            joins.proposal_join(actor=UserFactory(), proposal=proposal, household_size=1)
        with pytest.raises(StateConflict):
            joins.proposal_join(actor=author, proposal=proposal, household_size=1)

    def test_leaving_without_having_joined_and_the_author_leaving_are_refused(self, space):
        proposal = published(space=space)
        with pytest.raises(StateConflict):
            joins.proposal_leave(actor=UserFactory(), proposal=proposal)
        with pytest.raises(StateConflict):
            joins.proposal_leave(actor=proposal.author, proposal=proposal)


class TestStateMachine:
    def test_the_whole_path_to_accepted_with_public_answers(self, space):
        coordinator = coordinator_of(space)
        proposal = published(space=space, households=3, threshold=3)
        assert proposal.state == P.THRESHOLD_REACHED
        supporter_ids = set(proposal.supports.values_list("user_id", flat=True))
        services.proposal_answer(
            coordinator=coordinator,
            proposal=proposal,
            to_state=P.UNDER_EVALUATION,
            text="Ci lavoriamo",
        )
        services.proposal_answer(
            coordinator=coordinator, proposal=proposal, to_state=P.ACCEPTED, text="Approvata"
        )
        proposal.refresh_from_db()
        assert proposal.state == P.ACCEPTED
        texts = list(proposal.answers.exclude(text="").values_list("to_state", "text"))
        assert (P.ACCEPTED, "Approvata") in texts
        told = set(
            Notification.objects.filter(kind="proposal.state_changed").values_list(
                "recipient", flat=True
            )
        )
        assert supporter_ids <= told

    def test_every_transition_outside_the_table_is_refused(self, space):
        coordinator = coordinator_of(space)
        # A draft is its author's alone: for the coordinator it is not there to answer.
        with pytest.raises(PermissionDenied):
            services.proposal_answer(
                coordinator=coordinator,
                proposal=draft(UserFactory(), space),
                to_state=P.REJECTED,
                text="No",
            )
        for state in set(P.values) - {P.DRAFT}:
            allowed = set(states.coordinator_targets(state))
            for target in P.values:
                if target in allowed:
                    continue
                proposal = published(space=space)
                Proposal.objects.filter(pk=proposal.pk).update(state=state)
                proposal.refresh_from_db()
                with pytest.raises(StateConflict):
                    services.proposal_answer(
                        coordinator=coordinator, proposal=proposal, to_state=target, text="No"
                    )
                proposal.refresh_from_db()
                assert proposal.state == state

    def test_an_answer_needs_a_text_and_a_coordinator_of_this_space(self, space):
        proposal = published(space=space, households=2, threshold=2)
        with pytest.raises(ValidationError):
            services.proposal_answer(
                coordinator=coordinator_of(space), proposal=proposal, to_state=P.REJECTED, text="  "
            )
        with pytest.raises(PermissionDenied):
            services.proposal_answer(
                coordinator=coordinator_of(make_space("Altrove")),
                proposal=proposal,
                to_state=P.REJECTED,
                text="No",
            )
        proposal.refresh_from_db()
        assert proposal.state == P.THRESHOLD_REACHED

    def test_the_author_withdraws_but_nobody_else(self, space):
        proposal = published(space=space)
        with pytest.raises(PermissionDenied):
            services.proposal_withdraw(actor=UserFactory(), proposal=proposal)
        services.proposal_withdraw(actor=proposal.author, proposal=proposal, text="Risolto")
        proposal.refresh_from_db()
        assert proposal.state == P.WITHDRAWN
        with pytest.raises(StateConflict):
            services.proposal_withdraw(actor=proposal.author, proposal=proposal)

    def test_the_author_edits_while_gathering_but_not_the_space(self, space):
        proposal = published(space=space)
        services.proposal_update(actor=proposal.author, proposal=proposal, data={"title": "Nuovo"})
        with pytest.raises(StateConflict):
            services.proposal_update(
                actor=proposal.author, proposal=proposal, data={"space": make_space("Altro")}
            )
        Proposal.objects.filter(pk=proposal.pk).update(state=P.UNDER_EVALUATION)
        proposal.refresh_from_db()
        with pytest.raises(PermissionDenied):
            services.proposal_update(actor=proposal.author, proposal=proposal, data={"title": "X"})


class TestExpiry:
    def test_overdue_gathering_proposals_expire_once(self, space):
        overdue = published(space=space)
        reached = published(space=space, households=2, threshold=2)
        on_time = published(space=space)
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Proposal.objects.filter(pk__in=[overdue.pk, reached.pk]).update(deadline=yesterday)
        assert services.proposals_expire_overdue() == 1
        assert services.proposals_expire_overdue() == 0
        states_now = dict(Proposal.objects.values_list("pk", "state"))
        assert states_now[overdue.pk] == P.EXPIRED
        # Threshold reached in time: it waits for the coordinator, whatever the date.
        assert states_now[reached.pk] == P.THRESHOLD_REACHED
        assert states_now[on_time.pk] == P.GATHERING
        assert Notification.objects.filter(
            kind="proposal.state_changed", recipient=overdue.author
        ).exists()

    def test_the_task_is_scheduled(self):
        schedule = Schedule.objects.get(name="proposals.expire_overdue")
        assert schedule.func == "proposals.tasks.expire_overdue"
        assert schedule.repeats == -1
