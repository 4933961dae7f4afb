""" "What you follow" costs the same number of SQL queries with two things of every kind one
can follow (spaces, proposals, shared services, events, courses) as with four times as many.
The comments, the moderation queue and the audit trail have theirs in their own modules."""

from __future__ import annotations

import pytest

from tests.events.helpers import publish, space_with_coordinator, weekly_course
from tests.factories import UserFactory
from tests.proposals.helpers import published
from tests.queries import page_text, queries_for
from tests.shared_services.helpers import running_service
from tests.spaces.helpers import make_space
from wemi_community.participation import follows

# Events and courses to come: counted at the awkward instants too.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]

FEW, MANY = 2, 8
URL = "/partecipa/seguiti/"


def test_what_one_follows_costs_the_same_for_few_and_many_of_every_kind(
    client, django_assert_num_queries
):
    person = UserFactory()
    client.force_login(person)
    space, coordinator = space_with_coordinator("Spazio dei seguiti")

    def add(start: int, count: int) -> None:
        for index in range(start, start + count):
            event, _c = publish(
                space=space, coordinator=coordinator, title=f"Seguito evento {index}"
            )
            course, _c = weekly_course(
                space=space, coordinator=coordinator, title=f"Seguito corso {index}"
            )
            shared, _c, _s = running_service(2, space=space, title=f"Seguito servizio {index}")
            targets = [
                make_space(f"Seguito spazio {index}"),
                published(space=space, title=f"Seguita proposta {index}"),
                shared,
                event,
                course,
            ]
            for target in targets:
                follows.follow(actor=person, target=target)

    add(0, FEW)
    few = queries_for(client, URL)
    add(FEW, MANY - FEW)
    text = page_text(client, URL)
    assert text.count('<li class="list-group-item') == 25  # a full page
    for kind in ("spazio", "proposta", "servizio", "evento", "corso"):
        assert f"Seguit{'a' if kind == 'proposta' else 'o'} {kind}" in text, kind
    with django_assert_num_queries(few):
        client.get(URL)
