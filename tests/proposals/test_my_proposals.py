"""A person's own proposals: proposed (drafts too) or joined, each once, at city scale."""

import pytest

from proposals import joins, selectors
from tests.factories import UserFactory
from tests.proposals.helpers import draft, published
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db


def test_proposed_and_joined_each_once_and_nobody_elses(django_assert_max_num_queries):
    space = make_space("Spazio di Anna")
    anna = UserFactory(display_name="Anna")
    her_draft = draft(anna, space, title="Bozza di Anna")
    hers = published(anna, space, households=3, title="Proposta di Anna")  # she joined it too
    joined = published(space=space, title="Proposta del vicino")
    joins.proposal_join(actor=anna, proposal=joined, household_size=2)
    published(space=space, households=4, title="Proposta di altri")

    with django_assert_max_num_queries(1):
        mine = list(selectors.my_proposals(anna))

    assert sorted(p.pk for p in mine) == sorted([her_draft.pk, hers.pk, joined.pk])
    assert len(mine) == len({p.pk for p in mine})


def test_reads_the_supports_by_a_subquery_not_a_join():
    sql = str(selectors.my_proposals(UserFactory()).query).upper()
    assert "DISTINCT" not in sql and 'JOIN "PROPOSALS_SUPPORT"' not in sql


def test_reads_no_proposal_but_the_persons_own_and_joined():
    """An OR of "authored" and "joined" makes PostgreSQL read every proposal of the city; the
    union of the two indexed lookups reads only the person's."""
    sql = str(selectors.my_proposals(UserFactory()).query).upper()
    assert " OR " not in sql and "UNION ALL" in sql
