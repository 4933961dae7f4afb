"""What each endpoint answers: its shape, no personal data anywhere, the same free seats as
the pages, small counts hidden in the observatory's figures."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from events import services as event_services
from events.models import Event
from tests.factories import UserFactory, municipio, service
from wemi_community.accounts.models import User
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_record

from .helpers import API, build

pytestmark = pytest.mark.django_db

LISTS = {
    "spaces/": {
        "id", "name", "municipio", "nil", "address", "host_venue", "phone", "point",
        "opening_hours", "closures_ahead", "url",
    },
    "events/": {
        "id", "title", "description", "category", "audience", "space", "place", "place_name",
        "address", "online_url", "starts_at", "ends_at", "cancelled", "registration_required",
        "registration_opens_at", "registration_closes_at", "capacity", "free_seats",
        "waitlist_seats", "max_seats_per_registration", "price", "organiser", "provider",
        "course", "series", "url",
    },
    "courses/": {
        "id", "title", "description", "space", "capacity", "free_seats", "waitlist",
        "registration_opens_at", "registration_closes_at", "attendance_for_certificate",
        "sessions", "url",
    },
    "volunteer-opportunities/": {
        "id", "title", "description", "space", "commitment", "min_age", "skills", "languages",
        "shifts", "url",
    },
    "proposals/": {
        "id", "title", "state", "category", "space", "households", "people", "threshold",
        "missing_households", "deadline", "published_at", "url",
    },
    "shared-services/": {
        "id", "title", "category", "space", "provider", "schedule", "pricing", "seats",
        "free_seats", "waitlist", "proposal", "url",
    },
}  # fmt: skip
OBSERVATORY = ["observatory/demand/", "observatory/funnel/", "observatory/services/"]


def _get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, (path, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_each_list_and_its_objects_have_the_documented_fields(client, world):
    for path, fields in LISTS.items():
        page = _get(client, path)
        assert set(page) == {"count", "next", "previous", "results"}
        assert page["count"] >= 1, path
        row = page["results"][0]
        assert set(row) == fields, path
        assert _get(client, f"{path}{row['id']}/") == row
        assert row["url"].startswith("http://")


def test_a_space_shows_where_it_is_its_hours_and_only_the_closures_ahead(client, world):
    space = world.spaces[0]
    row = _get(client, f"spaces/{space.pk}/")
    assert row["name"] == space.title
    assert row["municipio"] == {"number": space.municipio.number, "name": space.municipio.name}
    assert row["nil"] == {"code": space.nil.code, "name": space.nil.name}
    assert row["point"]["exact"] is False
    assert row["point"]["latitude"] == pytest.approx(float(space.nil.centroid_lat))
    assert [slot["weekday"] for slot in row["opening_hours"]] == [0, 1, 2, 3, 4]
    assert row["opening_hours"][0]["opens"] == "09:00:00"
    assert [closure["reason"] for closure in row["closures_ahead"]] == ["Lavori"]
    assert row["url"].endswith(space.url)


def test_no_personal_data_in_any_answer(client):
    world = build(n=2)
    texts = []
    for path in [*LISTS, *OBSERVATORY, ""]:
        response = client.get(API + path)
        assert response.status_code == 200
        texts.append(response.content.decode())
        for row in response.json().get("results", []):
            if "id" in row:
                texts.append(client.get(f"{API}{path}{row['id']}/").content.decode())
    text = "\n".join(texts)
    # No e-mail address of anyone (nor any other), no name or nickname of a person.
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    for user in User.objects.all():
        for value in (user.email, user.nickname):
            if value:
                assert not re.search(rf"\b{re.escape(value)}\b", text), value
    assert "Privatissima" not in text
    assert len(world.events) == 2


def test_the_free_seats_of_an_event_are_the_ones_its_page_shows(client, world):
    event = world.events[0]  # 10 seats, 3 taken
    for seats in (2, 3):
        event_services.registration_create(actor=UserFactory(), event=event, seats=seats)
        event.refresh_from_db()
        page = client.get(event.get_absolute_url()).content.decode()
        shown = int(re.search(r"data-seats-text>\s*(\d+)", page).group(1))
        assert _get(client, f"events/{event.pk}/")["free_seats"] == event.free_seats == shown
    assert shown == 2
    # Full: the page says so, the API says 0 and the free-seats filter leaves it out.
    event_services.registration_create(actor=UserFactory(), event=event, seats=2)
    assert "wemi-event-seats-full" in client.get(event.get_absolute_url()).content.decode()
    assert _get(client, f"events/{event.pk}/")["free_seats"] == 0
    free = _get(client, "events/", free_seats="true")["results"]
    assert event.pk not in [row["id"] for row in free]
    assert event.pk in [row["id"] for row in _get(client, "events/", free_seats="false")["results"]]


def test_courses_shifts_and_services_count_their_places(client, world):
    course = _get(client, f"courses/{world.courses[0].pk}/")
    assert course["capacity"] == 10 and course["free_seats"] == 10
    assert len(course["sessions"]) == 2
    shift = _get(client, f"volunteer-opportunities/{world.opportunities[0].pk}/")["shifts"][0]
    assert (shift["capacity"], shift["free_places"]) == (3, 2)
    shared = world.services[0]
    row = _get(client, f"shared-services/{shared.pk}/")
    assert row["free_seats"] == shared.free_seats == shared.seats - shared.members_count
    assert row["provider"] == shared.provider.name


def test_proposals_are_the_public_lists_ones(client, world):
    from tests.factories.proposals import ProposalFactory

    hidden = ProposalFactory(space=world.spaces[0], hidden=True)
    draft = ProposalFactory(space=world.spaces[0], state="draft")
    rejected = ProposalFactory(space=world.spaces[0], state="rejected")
    open_ids = {row["id"] for row in _get(client, "proposals/")["results"]}
    assert world.proposals[0].pk in open_ids
    assert not open_ids & {hidden.pk, draft.pk, rejected.pk}
    every = {row["id"] for row in _get(client, "proposals/", state="all")["results"]}
    assert rejected.pk in every and not every & {hidden.pk, draft.pk}
    for gone in (hidden, draft):
        assert client.get(f"{API}proposals/{gone.pk}/").status_code == 404
    row = _get(client, f"proposals/{world.proposals[0].pk}/")
    assert (row["households"], row["people"], row["threshold"]) == (2, 3, 3)


def _facts(kind, count, *, month_offset=0, where=1, category=None, tag=""):
    when = timezone.now() - datetime.timedelta(days=31 * month_offset)
    for index in range(count):
        fact_record(
            kind=kind,
            source=f"test.{kind}.{tag}{where}.{month_offset}:{index}",
            when=when,
            person=UserFactory(),
            municipio=municipio(where),
            category=category,
        )


def test_the_observatory_hides_small_counts(client):
    _facts(FactKind.PROPOSAL_JOIN, 7, where=1)
    _facts(FactKind.PROPOSAL_JOIN, 2, where=2)  # too few people: hidden
    _facts(FactKind.PROPOSAL_JOIN, 6, where=3)  # hidden too, or 2 could be worked out
    answer = _get(client, "observatory/demand/", by="municipio")
    rows = {(r["municipio"] or {}).get("number"): r for r in answer["results"] if not r["other"]}
    assert rows[1]["persons"] == 7 and rows[1]["suppressed"] is False
    assert rows[2]["suppressed"] is True and rows[2]["persons"] is None
    assert rows[3]["suppressed"] is True and rows[3]["facts"] is None
    (other,) = [r for r in answer["results"] if r["other"]]
    assert other["persons"] == 8 and other["kind"] == "proposal_join"
    assert answer["suppressed"] == 2
    # No query string lets a hidden cell out: asked alone, it is still hidden.
    alone = _get(client, "observatory/demand/", by="municipio", municipio="2")["results"]
    assert [r["suppressed"] for r in alone] == [True]


def test_the_observatory_groups_and_filters(client):
    category = service("Baby sitter condivisa")
    _facts(FactKind.EVENT_REGISTRATION, 5, month_offset=0, category=category)
    _facts(FactKind.EVENT_REGISTRATION, 5, month_offset=2, tag="b")
    by_month = _get(client, "observatory/demand/", by="month")["results"]
    assert [r["facts"] for r in by_month] == [5, 5]
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["month"]) for r in by_month)
    by_category = _get(client, "observatory/demand/", by="category", categoria=category.slug)
    assert [r["category"]["slug"] for r in by_category["results"]] == [category.slug]
    by_kind = _get(client, "observatory/demand/", by="kind", kind="event_registration")
    assert [(r["kind"], r["facts"]) for r in by_kind["results"]] == [("event_registration", 10)]
    _facts(FactKind.SERVICE_MEMBER, 5, tag="s")
    services = _get(client, "observatory/services/", by="nil")["results"]
    assert {r["kind"] for r in services} == {"service_member"}
    _facts(FactKind.PROPOSAL_PUBLISHED, 6, tag="f")
    funnel = _get(client, "observatory/funnel/")
    assert funnel["by"] == "kind"
    assert [(r["kind"], r["facts"]) for r in funnel["results"]] == [("proposal_published", 6)]


def test_the_observatory_refuses_a_bad_scope(client, db):
    response = client.get(API + "observatory/demand/", {"dal": "2026-13", "municipio": "99"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"dal", "municipio"}
    assert client.get(API + "observatory/demand/", {"by": "person"}).status_code == 400
    assert client.get(API + "observatory/services/", {"kind": "need"}).status_code == 400


def test_root_lists_the_resources_and_the_docs_page_loads(client, db):
    root = _get(client, "")
    assert root["docs"].endswith("/api/v1/docs/")
    assert root["events"].endswith("/api/v1/events/")
    page = client.get(API + "docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html and "api/js/docs.js" in html
    assert "<script>" not in html  # nothing inline: the site's CSP allows none
    assert "cdn" not in html.lower()
    browser = client.get(API, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert (browser.status_code, browser["Location"]) == (302, API + "docs/")


def test_the_schema_is_served_and_validates_without_warnings(client, db):
    response = client.get(API + "schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/events/" in schema["paths"]
    assert not [path for path in schema["paths"] if not path.startswith("/api/v1/")]
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def _ids(client, path, **params):
    return [row["id"] for row in _get(client, path, **params)["results"]]


def test_the_lists_filter_and_order(client):
    world = build(n=2)
    first, second = world.spaces
    event_a, event_b = world.events
    # Each space has its event and its course's sessions.
    in_first = set(Event.objects.filter(space=first).values_list("pk", flat=True))
    in_second = set(Event.objects.filter(space=second).values_list("pk", flat=True))
    assert event_a.pk in in_first and event_b.pk in in_second
    assert set(_ids(client, "events/", space=str(first.pk))) == in_first
    assert set(_ids(client, "events/", municipio=str(second.municipio.number))) == in_second
    assert set(_ids(client, "events/", nil=str(second.nil.code))) == in_second
    today = timezone.localdate().isoformat()
    assert _ids(client, "events/", date_to=today) == []
    assert set(_ids(client, "events/", date_from=today)) == in_first | in_second
    assert _ids(client, "events/", category="party") == []
    starts = [row["starts_at"] for row in _get(client, "events/", ordering="-starts_at")["results"]]
    assert starts == sorted(starts, reverse=True) and starts[0] != starts[-1]
    session = world.courses[0].sessions.first()
    assert _ids(client, "events/", course=str(world.courses[0].pk))[0] == session.pk
    assert _ids(client, "spaces/", municipio=str(second.municipio.number))[0] == second.pk
    assert _ids(client, "courses/", space=str(second.pk)) == [world.courses[1].pk]
    assert _ids(client, "volunteer-opportunities/", space=str(first.pk)) == [
        world.opportunities[0].pk
    ]
    assert _ids(client, "volunteer-opportunities/", skill="nessuna") == []
    category = world.proposals[0].category
    assert len(_ids(client, "proposals/", category=category.parent.slug)) == 2
    assert _ids(client, "proposals/", category="nessuna") == []
    assert _ids(client, "proposals/", space=str(first.pk)) == [world.proposals[0].pk]
    assert len(_ids(client, "shared-services/", free_seats="true")) == 2
    assert _ids(client, "shared-services/", free_seats="false") == []
    page = _get(client, "spaces/", page_size="1", page="2")
    assert len(page["results"]) == 1 and page["previous"] and page["next"]
