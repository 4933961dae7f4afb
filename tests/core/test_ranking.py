"""The first rows of each group, in one query that reads no others (core/ranking.py)."""

import pytest

from proposals import selectors
from proposals.models import Proposal
from tests.proposals.helpers import published
from tests.spaces.helpers import make_space
from wemi_community.core.ranking import first_per_group

pytestmark = pytest.mark.django_db


def test_each_group_keeps_its_first_rows_in_the_order_asked():
    busy, quiet = make_space("Spazio affollato"), make_space("Spazio tranquillo")
    made = [published(space=busy, title=f"Proposta {n}") for n in range(4)]
    alone = published(space=quiet, title="Unica")
    rows = list(first_per_group(Proposal.objects.all(), "space_id", ("-published_at", "-pk"), 2))
    assert [p.pk for p in rows if p.space_id == busy.pk] == [made[3].pk, made[2].pk]
    assert [p.pk for p in rows if p.space_id == quiet.pk] == [alone.pk]
    newest_first = [(p.published_at, p.pk) for p in rows]
    assert newest_first == sorted(newest_first, reverse=True)


def test_a_spaces_page_reads_its_six_newest_open_proposals_and_no_other(
    monkeypatch, django_assert_num_queries
):
    """Before, every open proposal of the space was read (hundreds in a city) to keep six."""
    space, other = make_space("Spazio con molte proposte"), make_space("Spazio con due")
    many = [published(space=space, title=f"Proposta {n}") for n in range(9)]
    two = [published(space=other, title=f"Altra {n}") for n in range(2)]
    built = []
    from_db = Proposal.from_db.__func__

    def counting(cls, db, field_names, values):
        built.append(values)
        return from_db(cls, db, field_names, values)

    monkeypatch.setattr(Proposal, "from_db", classmethod(counting))
    with django_assert_num_queries(1):
        by_space = selectors.open_proposals_by_space([space, other])
    assert [p.pk for p in by_space[space.pk]] == [p.pk for p in reversed(many[-6:])]
    assert [p.pk for p in by_space[other.pk]] == [p.pk for p in reversed(two)]
    assert len(built) == 8
