"""Whole pages cached for anonymous visitors (core/page_cache.py) and the versions that drop
them (core/cache_versions.py): a write through a service shows on the next request."""

from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import joins
from tests.cms.helpers import soup
from tests.factories import UserFactory
from tests.observatory.helpers import record
from tests.observatory.test_pages import row_of
from tests.proposals.helpers import published
from tests.spaces.helpers import make_space
from wemi_community.core import cache_versions, page_cache
from wemi_community.evidence.kinds import FactKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.WEMI_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def space():
    return make_space("Spazio Lorenteggio", municipio=6)


@pytest.fixture
def proposal(space):
    return published(space=space, households=2, threshold=5)


def households(response) -> str:
    return soup(response).select_one("#ci-sto progress")["value"]


# --- The versions ---------------------------------------------------------------------------


def test_a_write_moves_its_topic_and_the_site_but_not_the_others(space):
    site, accounts, events = (cache_versions.versions(t) for t in ("site", "accounts", "events"))
    UserFactory()
    assert cache_versions.versions("site") != site
    assert cache_versions.versions("accounts") != accounts
    assert cache_versions.versions("events") == events
    # queryset.update() (a join's count) is seen by the same hook.
    update = 'UPDATE "proposals_proposal" SET "households_count" = 3 WHERE "id" = 1'
    assert cache_versions.topics_of(update) == {"proposals"}


def test_reads_sessions_notifications_login_times_and_retention_marks_move_nothing():
    assert cache_versions.topics_of('SELECT 1 FROM "proposals_proposal"') == set()
    assert cache_versions.topics_of('INSERT INTO "django_session" VALUES (1)') == set()
    assert cache_versions.topics_of('DELETE FROM "django_q_task"') == set()
    assert (
        cache_versions.topics_of('INSERT INTO "notifications_notification" (x) VALUES (1)') == set()
    )
    assert cache_versions.topics_of('INSERT INTO "core_outboxtask" (x) VALUES (1)') == set()
    last_login = 'UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s'
    assert cache_versions.topics_of(last_login) == set()
    warned = (
        'UPDATE "accounts_user" SET "inactivity_warnings_sent" = %s, "inactivity_warned_at" = %s '
        'WHERE "accounts_user"."id" = %s'
    )
    assert cache_versions.topics_of(warned) == set()
    renamed = 'UPDATE "accounts_user" SET "display_name" = %s WHERE "accounts_user"."id" = %s'
    assert cache_versions.topics_of(renamed) == {"accounts"}
    user = UserFactory()
    before = cache_versions.versions()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert cache_versions.versions() == before


def test_a_transaction_bumps_at_the_write_and_again_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        UserFactory()
        during = cache_versions.versions()
        UserFactory()
        # One bump per topic within the transaction.
        assert cache_versions.versions() == during
    assert len(callbacks) == 1
    assert cache_versions.versions() != during


def test_the_hook_is_on_the_connection():
    assert cache_versions._watch in connection.execute_wrappers


# --- Pages --------------------------------------------------------------------------------


def test_proposal_list_and_page_miss_then_hit_then_show_a_join(client, proposal):
    for path in (reverse("proposals:list"), reverse("proposals:detail", args=[proposal.pk])):
        first = client.get(path)
        assert first["X-Cache"] == "miss"
        second = client.get(path)
        assert second["X-Cache"] == "hit"
        assert (
            second.content == first.content.replace(*(_token(first), _token(second)))
            or _token(first) is None
        )
    detail = reverse("proposals:detail", args=[proposal.pk])
    assert households(client.get(detail)) == "2"
    joins.proposal_join(actor=UserFactory(), proposal=proposal, household_size=1)
    fresh = client.get(detail)
    assert fresh["X-Cache"] == "miss"
    assert households(fresh) == "3"


def _token(response):
    field = soup(response).select_one("input[name=csrfmiddlewaretoken]")
    return field["value"].encode() if field else None


def test_a_hit_makes_at_most_two_queries(client, proposal, django_assert_max_num_queries):
    path = reverse("proposals:list")
    client.get(path)
    with django_assert_max_num_queries(2):
        assert client.get(path)["X-Cache"] == "hit"


def test_italian_and_english_do_not_mix(client, proposal):
    italian = client.get("/proposte/")
    english = client.get("/en/proposte/")
    assert english["X-Cache"] == "miss"
    assert soup(italian).html["lang"] == "it"
    assert soup(english).html["lang"] == "en"
    assert soup(client.get("/en/proposte/")).html["lang"] == "en"
    assert soup(client.get("/proposte/")).html["lang"] == "it"


def test_query_strings_are_pages_of_their_own(client, proposal):
    client.get("/proposte/")
    assert client.get("/proposte/?q=zzz")["X-Cache"] == "miss"


def test_a_signed_in_visitor_never_gets_nor_fills_the_cache(client, proposal):
    path = reverse("proposals:detail", args=[proposal.pk])
    client.get(path)
    person = UserFactory(display_name="Marta")
    signed_in = Client()
    signed_in.force_login(person)
    response = signed_in.get(path)
    assert "X-Cache" not in response
    assert soup(response).select_one("#join-form") is not None
    # Their page never enters the cache either.
    other = Client()
    assert soup(other.get(path)).select_one("#join-form") is None


def test_cached_forms_carry_each_visitors_own_token_and_post(proposal):
    path = reverse("proposals:list")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one = first.get(path)
    two = second.get(path)
    assert (one["X-Cache"], two["X-Cache"]) == ("miss", "hit")
    assert _token(one) and _token(two) and _token(one) != _token(two)
    assert b"wemi:csrf-token" not in two.content
    assert "csrftoken" in two.cookies
    for visitor, page in ((first, one), (second, two)):
        answer = visitor.post(
            reverse("set_language"),
            {"language": "en", "next": "/", "csrfmiddlewaretoken": _token(page).decode()},
        )
        assert answer.status_code == 302


def test_a_page_with_another_cookie_is_not_served_from_the_cache(client, proposal):
    path = reverse("proposals:list")
    client.get(path)
    client.cookies["messages"] = "x"
    assert "X-Cache" not in client.get(path)


def test_answers_are_marked_and_vary_on_cookie(client, proposal):
    client.get("/proposte/")
    hit = client.get("/proposte/")
    assert "Cookie" in hit["Vary"]
    assert hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"]


def test_off_with_zero_seconds(client, proposal, settings):
    settings.WEMI_PAGE_CACHE_SECONDS = 0
    client.get("/proposte/")
    assert "X-Cache" not in client.get("/proposte/")


def test_a_nickname_change_shows(client, space):
    author = UserFactory(display_name="Giulia")
    proposal = published(space=space, author=author)
    path = reverse("proposals:detail", args=[proposal.pk])
    assert "Giulia" in client.get(path).content.decode()
    author.display_name = "Giuliana"
    author.save()
    assert "Giuliana" in client.get(path).content.decode()


def test_a_coordinator_publishes_an_event_and_the_list_shows_it(client):
    from tests.events.helpers import publish, space_with_coordinator

    space, coordinator = space_with_coordinator()
    client.get(reverse("events:list"))
    assert client.get(reverse("events:list"))["X-Cache"] == "hit"
    event, _ = publish(space=space, coordinator=coordinator, title="Merenda in cortile")
    fresh = client.get(reverse("events:list"))
    assert fresh["X-Cache"] == "miss"
    assert "Merenda in cortile" in fresh.content.decode()
    detail = reverse("events:detail", args=[event.pk])
    client.get(detail)
    assert client.get(detail)["X-Cache"] == "hit"


def test_a_space_page_edited_and_published_in_wagtail_shows(client, space):
    client.get(space.url)
    assert client.get(space.url)["X-Cache"] == "hit"
    client.get("/spazi/")
    assert client.get("/spazi/")["X-Cache"] == "hit"
    space.title = "Spazio Lorenteggio rinnovato"
    space.save_revision().publish()
    for path in (space.url, "/spazi/"):
        fresh = client.get(path)
        assert fresh["X-Cache"] == "miss"
        assert "Spazio Lorenteggio rinnovato" in fresh.content.decode()


def test_a_message_is_never_cached_nor_leaked(proposal):
    visitor = Client()
    path = reverse("proposals:list")
    visitor.get(path)
    # A visitor leaving a form with a message carries the messages cookie: no cache for them.
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Grazie, fatto")
    response = __import__("django.http", fromlist=["HttpResponse"]).HttpResponse()
    storage.update(response)
    visitor.cookies["messages"] = response.cookies["messages"].value
    shown = visitor.get(path)
    assert "X-Cache" not in shown
    assert "Grazie, fatto" in shown.content.decode()
    assert "Grazie, fatto" not in Client().get(path).content.decode()


def test_the_footer_follows_the_pages_it_links(client):
    from spaces_pages.demo import seed

    footer = soup(client.get("/en/")).select_one("footer.it-footer")
    assert footer.select_one('a[href*="privacy"]') is None
    assert client.get("/en/")["X-Cache"] == "hit"
    seed()
    for path, privacy in (("/", "/privacy/"), ("/en/", "/en/privacy/")):
        footer = soup(client.get(path)).select_one("footer.it-footer")
        assert privacy in [a["href"] for a in footer.select("a[href]")]


# --- Fragments (with the whole-page cache off, as for a signed-in visitor) -------------------


def test_the_space_cards_follow_a_space_edited_in_wagtail(client, settings, space):
    settings.WEMI_PAGE_CACHE_SECONDS = 0
    assert "Via di Prova 1" in client.get("/spazi/").content.decode()
    space.address = "Via Lorenteggio 181"
    space.save_revision().publish()
    page = client.get("/spazi/").content.decode()
    assert "Via Lorenteggio 181" in page and "Via di Prova 1" not in page


def test_a_spaces_sections_are_read_again_only_after_a_write_to_what_they_show(
    client, space, proposal
):
    """A signed-in visitor's page is rendered each time, its sections are kept until a write
    to an app they show: a write elsewhere (the site's version only) reads none of them."""
    client.force_login(UserFactory())

    def sections_read() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(space.url).content.decode()
        assert proposal.title in page
        return sum('FROM "proposals_proposal"' in q["sql"] for q in queries.captured_queries)

    assert sections_read() == 1
    cache_versions.bump()  # a write the sections do not show
    assert sections_read() == 0
    newer = published(space=space, title="Orto condiviso del quartiere")
    page = client.get(space.url).content.decode()
    assert newer.title in page and proposal.title in page


def test_the_filter_options_follow_a_new_space(client, settings, space):
    settings.WEMI_PAGE_CACHE_SECONDS = 0
    for path in ("/proposte/", "/eventi/", "/volontariato/"):
        assert "Spazio Baggio" not in client.get(path).content.decode()
    make_space("Spazio Baggio", municipio=7)
    for path in ("/proposte/", "/eventi/", "/volontariato/"):
        assert "Spazio Baggio" in client.get(path).content.decode(), path


def test_the_filter_options_are_kept_over_a_write_they_do_not_list(
    client, settings, space, proposal
):
    """A household joining moves the proposals' version and the site's, not the catalogue's
    or the spaces': the next list renders its proposals, not its 97 service options again."""
    settings.WEMI_PAGE_CACHE_SECONDS = 0
    client.get("/proposte/")
    joins.proposal_join(actor=UserFactory(), proposal=proposal, household_size=2)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/proposte/")
    assert soup(page).select("form[role=search] select option")
    sqls = [q["sql"] for q in queries.captured_queries]
    assert not any('FROM "catalogue_servicecategory"' in sql for sql in sqls)


def test_the_filter_options_are_per_language(client, settings, space):
    settings.WEMI_PAGE_CACHE_SECONDS = 0
    italian = soup(client.get("/proposte/")).select_one("form[role=search]")
    english = soup(client.get("/en/proposte/")).select_one("form[role=search]")
    assert italian.select("label")[0].text != english.select("label")[0].text


def test_nothing_cached_is_read_back_while_the_shared_cache_is_unreachable(monkeypatch):
    # The shared cache as ResilientRedisCache reports it while Redis does not answer.
    monkeypatch.setattr(cache_versions, "cache", SimpleNamespace(reachable=False))
    assert cache_versions.versions("spaces_pages") != cache_versions.versions("spaces_pages")


# --- Each process's own copies (with Redis) ---------------------------------------------------


@pytest.fixture
def shared_reads(monkeypatch):
    """The pages read from the shared cache, by key."""
    reads = []
    shared_get = page_cache.cache.get

    def counting_get(key, *args, **kwargs):
        if key.startswith("wemi:page:"):
            reads.append(key)
        return shared_get(key, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "get", counting_get)
    return reads


def test_a_process_serves_its_own_copy_without_reading_the_shared_one(
    client, proposal, settings, shared_reads
):
    settings.WEMI_PAGE_CACHE_LOCAL_ENTRIES = 10
    path = reverse("proposals:detail", args=[proposal.pk])
    assert client.get(path)["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"
    assert client.get(path)["X-Cache"] == "hit"
    assert len(shared_reads) == 1  # the miss only


def test_a_page_another_process_stored_is_then_kept_here(client, proposal, settings, shared_reads):
    settings.WEMI_PAGE_CACHE_LOCAL_ENTRIES = 10
    path = reverse("proposals:detail", args=[proposal.pk])
    client.get(path)
    page_cache.local_pages.clear()  # as if another process had rendered it
    assert client.get(path)["X-Cache"] == "hit"
    assert client.get(path)["X-Cache"] == "hit"
    assert len(shared_reads) == 2


def test_a_join_shows_on_the_next_request_despite_the_local_copy(client, proposal, settings):
    settings.WEMI_PAGE_CACHE_LOCAL_ENTRIES = 10
    detail = reverse("proposals:detail", args=[proposal.pk])
    assert households(client.get(detail)) == "2"
    assert client.get(detail)["X-Cache"] == "hit"
    joins.proposal_join(actor=UserFactory(), proposal=proposal, household_size=1)
    fresh = client.get(detail)
    assert fresh["X-Cache"] == "miss" and households(fresh) == "3"


def test_a_local_copy_expires_after_the_cache_time(
    client, proposal, settings, monkeypatch, shared_reads
):
    settings.WEMI_PAGE_CACHE_LOCAL_ENTRIES = 10
    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    path = reverse("proposals:detail", args=[proposal.pk])
    client.get(path)
    now[0] += settings.WEMI_PAGE_CACHE_SECONDS - 1
    client.get(path)
    assert len(shared_reads) == 1
    now[0] += 2
    client.get(path)
    assert len(shared_reads) == 2  # asked the shared cache again


def test_a_copy_taken_late_lives_here_no_longer_than_the_shared_one(
    client, proposal, settings, monkeypatch, shared_reads
):
    settings.WEMI_PAGE_CACHE_LOCAL_ENTRIES = 10
    seconds = settings.WEMI_PAGE_CACHE_SECONDS
    now = [1_000_000.0]
    clock = SimpleNamespace(time=lambda: now[0], monotonic=lambda: now[0])
    monkeypatch.setattr(page_cache, "time", clock)
    path = reverse("proposals:detail", args=[proposal.pk])
    client.get(path)
    page_cache.local_pages.clear()  # rendered by another process
    now[0] += seconds - 10
    assert client.get(path)["X-Cache"] == "hit"
    assert len(shared_reads) == 2
    now[0] += 9
    client.get(path)
    assert len(shared_reads) == 2  # still the copy kept here
    now[0] += 2
    client.get(path)
    assert len(shared_reads) == 3  # the shared copy's time is over, so the one kept here too


def test_the_local_copies_are_bounded_and_the_oldest_go_first():
    pages = page_cache.LocalPages()
    for key in ("a", "b", "c"):
        pages.set(key, {"content": key}, 60, most=2)
    assert pages.get("a") is None
    assert pages.get("b") == {"content": "b"} and pages.get("c") == {"content": "c"}
    pages.get("b")  # used: "c" is now the oldest
    pages.set("d", {"content": "d"}, 60, most=2)
    assert pages.get("c") is None and pages.get("b") is not None


def test_no_local_copies_without_the_setting(client, proposal, settings, shared_reads):
    settings.WEMI_PAGE_CACHE_LOCAL_ENTRIES = 0
    path = reverse("proposals:detail", args=[proposal.pk])
    client.get(path)
    client.get(path)
    assert len(shared_reads) == 2


# --- The pages computed over the whole city -------------------------------------------------


def test_a_search_is_served_again_until_a_new_proposal_holds_its_words(client, proposal):
    path = reverse("search") + "?q=giardinaggio"
    first = client.get(path)
    assert first["X-Cache"] == "miss"
    assert "Orto condiviso" not in first.content.decode()
    assert client.get(path)["X-Cache"] == "hit"
    published(space=proposal.space, title="Orto condiviso", description="Giardinaggio in cortile.")
    fresh = client.get(path)
    assert fresh["X-Cache"] == "miss"
    assert "Orto condiviso" in fresh.content.decode()


def test_the_observatory_is_served_again_until_a_new_fact(client):
    record(FactKind.NEED, persons=8, place=1)
    path = reverse("observatory:index")
    first = client.get(path)
    assert first["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"
    record(FactKind.NEED, persons=3, place=1)
    fresh = client.get(path)
    assert fresh["X-Cache"] == "miss"
    assert row_of(soup(fresh), "municipi", "Municipio 1")[0] == "11"
