"""Who acts and for whom on proposals: writing, publishing, editing, deleting and withdrawing
a resident's proposal, joining it, changing the household and leaving. The person themselves
as before; the desk of the proposal's space for a resident, with both in the audit trail;
nobody else."""

import pytest
from django.core.exceptions import PermissionDenied

from proposals import joins, services
from proposals.models import Answer, Proposal, Support
from tests.factories import UserFactory
from tests.factories.roles import DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.proposals.helpers import category, published
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db
P = Proposal.State


def audit(action: str) -> tuple:
    entry = AuditEntry.objects.filter(action=action).latest("pk")
    return entry.actor, entry.on_behalf_of


def data(space) -> dict:
    return {
        "category": category(),
        "space": space,
        "title": "Baby sitter condivisa",
        "description": "Cerchiamo una baby sitter condivisa.",
        "audience": "children",
        "pricing_mode": "paid",
    }


def people():
    """A space, its desk, another space's desk and a resident."""
    space = SpaceFactory()
    return (
        space,
        DeskOperatorFactory(space=space),
        DeskOperatorFactory(space=SpaceFactory()),
        UserFactory(display_name="Rosa"),
    )


class TestAuthoring:
    def test_the_author_acts_for_themselves_as_before(self):
        space, _desk, _other, resident = people()
        draft = services.proposal_draft_save(actor=resident, data=data(space))
        assert draft.author == resident
        assert not AuditEntry.objects.filter(action="proposal.edited").exists()
        services.proposal_publish(actor=resident, proposal=draft)
        assert audit("proposal.published") == (resident, None)
        services.proposal_withdraw(actor=resident, proposal=draft, text="Ci ripenso.")
        assert audit("proposal.withdrawn") == (resident, None)

    def test_the_desk_writes_publishes_and_withdraws_for_a_resident(self):
        space, desk, _other, resident = people()
        draft = services.proposal_draft_save(actor=desk, person=resident, data=data(space))
        assert draft.author == resident
        assert audit("proposal.edited") == (desk, resident)
        services.proposal_update(
            actor=desk, person=resident, proposal=draft, data={"title": "Baby sitter"}
        )
        services.proposal_publish(actor=desk, person=resident, proposal=draft)
        assert audit("proposal.published") == (desk, resident)
        support = Support.objects.get(proposal=draft)
        assert support.user == resident
        services.proposal_update(
            actor=desk, person=resident, proposal=draft, data={"title": "Tata condivisa"}
        )
        assert audit("proposal.edited") == (desk, resident)
        services.proposal_withdraw(actor=desk, person=resident, proposal=draft)
        assert audit("proposal.withdrawn") == (desk, resident)
        assert Answer.objects.filter(proposal=draft).latest("pk").author == resident

    def test_the_desk_deletes_a_resident_s_draft(self):
        space, desk, _other, resident = people()
        draft = services.proposal_draft_save(actor=resident, data=data(space))
        services.proposal_delete_draft(actor=desk, person=resident, proposal=draft)
        assert not Proposal.objects.filter(pk=draft.pk).exists()
        assert audit("proposal.draft_deleted") == (desk, resident)

    def test_another_space_s_desk_or_a_stranger_may_not(self):
        space, _desk, other, resident = people()
        draft = services.proposal_draft_save(actor=resident, data=data(space))
        for outsider in (other, UserFactory()):
            with pytest.raises(PermissionDenied):
                services.proposal_draft_save(actor=outsider, person=resident, data=data(space))
            with pytest.raises(PermissionDenied):
                services.proposal_update(
                    actor=outsider, person=resident, proposal=draft, data={"title": "X"}
                )
            with pytest.raises(PermissionDenied):
                services.proposal_publish(actor=outsider, person=resident, proposal=draft)
            with pytest.raises(PermissionDenied):
                services.proposal_delete_draft(actor=outsider, person=resident, proposal=draft)
        services.proposal_publish(actor=resident, proposal=draft)
        with pytest.raises(PermissionDenied):
            services.proposal_withdraw(actor=other, person=resident, proposal=draft)
        draft.refresh_from_db()
        assert draft.state == P.GATHERING and draft.title == "Baby sitter condivisa"


class TestJoining:
    def test_a_household_joins_for_itself_as_before(self):
        proposal = published()
        resident = UserFactory()
        joins.proposal_join(actor=resident, proposal=proposal, household_size=2)
        assert audit("proposal.joined") == (resident, None)
        joins.proposal_support_change(actor=resident, proposal=proposal, household_size=3)
        assert audit("proposal.support_changed") == (resident, None)
        joins.proposal_leave(actor=resident, proposal=proposal)
        assert audit("proposal.left") == (resident, None)

    def test_the_desk_joins_changes_and_leaves_for_a_resident(self):
        proposal = published()
        desk, resident = DeskOperatorFactory(space=proposal.space), UserFactory()
        joins.proposal_join(actor=desk, person=resident, proposal=proposal, household_size=2)
        assert Support.objects.get(proposal=proposal, user=resident).household_size == 2
        assert not Support.objects.filter(proposal=proposal, user=desk).exists()
        assert audit("proposal.joined") == (desk, resident)
        joins.proposal_support_change(
            actor=desk, person=resident, proposal=proposal, household_size=4
        )
        assert audit("proposal.support_changed") == (desk, resident)
        joins.proposal_leave(actor=desk, person=resident, proposal=proposal)
        assert audit("proposal.left") == (desk, resident)
        assert not Support.objects.filter(proposal=proposal, user=resident).exists()

    def test_another_space_s_desk_or_a_stranger_may_not(self):
        proposal = published()
        resident = UserFactory()
        joins.proposal_join(actor=resident, proposal=proposal, household_size=2)
        for outsider in (DeskOperatorFactory(space=SpaceFactory()), UserFactory()):
            with pytest.raises(PermissionDenied):
                joins.proposal_join(
                    actor=outsider, person=UserFactory(), proposal=proposal, household_size=2
                )
            with pytest.raises(PermissionDenied):
                joins.proposal_support_change(
                    actor=outsider, person=resident, proposal=proposal, household_size=5
                )
            with pytest.raises(PermissionDenied):
                joins.proposal_leave(actor=outsider, person=resident, proposal=proposal)
        assert Support.objects.get(proposal=proposal, user=resident).household_size == 2
