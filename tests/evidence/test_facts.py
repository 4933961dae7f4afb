"""The evidence: facts recorded once with the place of the moment, running figures that
equal a rebuild from the facts, scopes that refuse bad questions, small counts hidden."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from tests.evidence.helpers import figures_now
from tests.factories import UserFactory, municipio, nil_in, service
from tests.factories.spaces import SpaceFactory
from wemi_community.core.milan import ROME
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.models import Fact, Figure
from wemi_community.evidence.selectors import ScopeError, figures, scope_parse, suppress
from wemi_community.evidence.services import fact_record, figures_rebuild, month_of

pytestmark = pytest.mark.django_db


def test_a_fact_is_recorded_once_and_counts_where_the_person_lived_then():
    person = UserFactory(municipio=municipio(3), nil=nil_in(3))
    fact = fact_record(
        kind=FactKind.PROPOSAL_JOIN,
        source="proposals.join:1",
        person=person,
        people=3,
        households=1,
        category=service(),
    )
    assert fact is not None and fact.municipio.number == 3
    again = fact_record(kind=FactKind.PROPOSAL_JOIN, source="proposals.join:1", person=person)
    assert again is None
    # The person moves: the fact stays where it happened, a new one counts in the new place.
    person.municipio, person.nil = municipio(8), nil_in(8)
    person.save()
    fact_record(
        kind=FactKind.PROPOSAL_JOIN,
        source="proposals.join:2",
        person=person,
        people=3,
        households=1,
        category=service(),
    )
    by_place = {
        r["municipio_id"]: r
        for r in figures(scope_parse({}), [FactKind.PROPOSAL_JOIN], by=["municipio_id"])
    }
    assert by_place[municipio(3).pk]["people"] == 3
    assert by_place[municipio(8).pk]["households"] == 1
    assert Fact.objects.count() == 2


def test_the_place_falls_back_to_the_space_and_can_be_given():
    space = SpaceFactory(municipio=5)
    guest_need = fact_record(kind=FactKind.NEED, source="labs.need:1", space=space)
    assert guest_need.municipio_id == space.municipio_id
    given = fact_record(
        kind=FactKind.DESK_CONTACT, source="desk.contact:1", space=space, nil=nil_in(2)
    )
    assert given.nil == nil_in(2) and given.municipio.number == 2


def test_distinct_people_per_cell():
    person = UserFactory(municipio=municipio(1))
    for n in range(3):
        fact_record(
            kind=FactKind.VOLUNTEER_HOURS, source=f"v.h:{n}", person=person, quantity=Decimal("2.5")
        )
    fact_record(kind=FactKind.VOLUNTEER_HOURS, source="v.h:guest", person=None, quantity=1)
    [row] = figures(scope_parse({}), [FactKind.VOLUNTEER_HOURS])
    assert row["facts"] == 4 and row["persons"] == 2 and row["quantity"] == Decimal("8.5")


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 12, 31, 23, 30, tzinfo=ROME),  # New Year's Eve, still December
        datetime.datetime(2028, 2, 29, 12, 0, tzinfo=ROME),
        datetime.datetime(2026, 3, 29, 2, 30, tzinfo=datetime.UTC),  # the clocks go forward
        datetime.datetime(2026, 10, 31, 23, 30, tzinfo=datetime.UTC),  # 00:30 on 1 Nov in Milan
    ],
)
def test_the_month_is_milans(moment):
    expected = moment.astimezone(ROME).date().replace(day=1)
    assert month_of(moment) == expected
    fact = fact_record(kind=FactKind.NEED, source=f"labs.need:{moment.isoformat()}", when=moment)
    assert fact.month == expected


def test_running_figures_equal_a_rebuild_from_the_facts():
    people = [UserFactory(municipio=municipio(n % 9 + 1)) for n in range(6)]
    space = SpaceFactory()
    with time_machine.travel(datetime.datetime(2026, 1, 15, 10, tzinfo=ROME), tick=False):
        for n, person in enumerate(people):
            fact_record(
                kind=FactKind.EVENT_REGISTRATION,
                source=f"e.r:{n}",
                person=person,
                space=space,
                people=2,
            )
            fact_record(
                kind=FactKind.SERVICE_PAYMENT,
                source=f"s.p:{n}",
                person=person,
                family_cents=1234,
                city_cents=500,
                isee_band="b2",
            )
    before = figures_now()
    assert figures_rebuild() == len(before)
    assert figures_now() == before
    Figure.objects.update(people=0)
    figures_rebuild(months=[datetime.date(2026, 1, 1)])
    assert figures_now() == before


def test_scope_refuses_bad_questions():
    with pytest.raises(ScopeError) as error:
        scope_parse({"dal": "2016-01", "al": "2026-01"})
    assert "al" in error.value.errors
    with pytest.raises(ScopeError) as error:
        scope_parse(
            {
                "dal": "gennaio",
                "municipio": "99999999999999999999",
                "nil": "x",
                "spazio": "-1",
                "categoria": "nessuna",
            }
        )
    assert set(error.value.errors) == {"dal", "municipio", "nil", "spazio", "categoria"}
    other_nil = nil_in(4)
    with pytest.raises(ScopeError) as error:
        scope_parse({"municipio": "1", "nil": str(other_nil.code)})
    assert "nil" in error.value.errors
    with pytest.raises(ScopeError):
        scope_parse({"dal": "2026-05", "al": "2026-02"})
    scope = scope_parse(
        {"dal": "2025-11", "al": "2026-02", "municipio": "4", "nil": str(other_nil.code)}
    )
    assert len(scope.months()) == 4 and scope.nil_id == other_nil.pk


def test_default_period_is_the_last_twelve_months():
    with time_machine.travel(datetime.datetime(2026, 1, 10, tzinfo=ROME), tick=False):
        scope = scope_parse({})
        assert scope.first_month == datetime.date(2025, 2, 1)
        assert scope.last_month == datetime.date(2026, 1, 1) == timezone.localdate().replace(day=1)


def test_small_cells_are_hidden_with_a_complement_and_merged():
    rows = [{"k": "a", "persons": 40}, {"k": "b", "persons": 3}, {"k": "c", "persons": 9}]
    out, hidden = suppress(rows)
    assert hidden == 2  # b, and c so that b cannot be worked out from a total
    assert [r["suppressed"] for r in out[:3]] == [False, True, True]
    assert out[1]["persons"] is None and out[2]["persons"] is None
    assert out[3] == {**out[3], "other": True, "persons": 12}
    out, hidden = suppress([{"persons": 2}, {"persons": 1}])
    assert hidden == 2 and not any(r.get("other") for r in out)
    out, hidden = suppress([{"persons": 5}, {"persons": 7}])
    assert hidden == 0


def test_each_question_reads_the_smallest_grain_that_answers_it():
    from wemi_community.evidence.selectors import grain_for

    assert grain_for(["month"]) == "month"
    assert grain_for(["municipio_id", "area_id"]) == "municipio"
    assert grain_for(["nil_id"]) == "nil"
    assert grain_for(["category_id", "municipio_id"]) == "category"
    assert grain_for(["space_id__in"]) == "space"
    assert grain_for(["space_id", "nil_id"]) == "full"


def test_every_grain_holds_the_same_totals():
    person = UserFactory(municipio=municipio(2), nil=nil_in(2))
    space = SpaceFactory(municipio=2)
    for n in range(4):
        fact_record(
            kind=FactKind.PROPOSAL_JOIN,
            source=f"j:{n}",
            person=person,
            space=space,
            category=service(),
            people=2,
            households=1,
        )
    scope = scope_parse({})
    totals = {
        grain: figures(scope, [FactKind.PROPOSAL_JOIN], by=by)
        for grain, by in (
            ("month", ["month"]),
            ("nil", ["nil_id"]),
            ("category", ["category_id"]),
            ("full", ["space_id", "nil_id"]),
        )
    }
    for rows in totals.values():
        assert len(rows) == 1
        assert (rows[0]["facts"], rows[0]["persons"], rows[0]["people"]) == (4, 1, 8)
    group = service().parent
    for category in (group.parent, group, service()):
        [row] = figures(scope_parse({"categoria": category.slug}), [FactKind.PROPOSAL_JOIN])
        assert row["households"] == 4, category.level
    other = service("Pet sitter")
    [row] = figures(scope_parse({"categoria": other.slug}), [FactKind.PROPOSAL_JOIN])
    assert row["households"] == 0
