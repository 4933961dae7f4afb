"""Counts of city-sized lists kept in the cache until the next write (core/counts.py)."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.models import Proposal
from tests.factories import UserFactory
from tests.proposals.helpers import published
from tests.spaces.helpers import make_space
from wemi_community.core.counts import CachedCountPaginator, cached_count

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.WEMI_PAGE_CACHE_SECONDS = 300


def test_a_count_is_read_back_until_a_write_moves_the_site_version(
    django_assert_num_queries,
):
    Group.objects.create(name="Prova prima")
    groups = Group.objects.filter(name__startswith="Prova ")
    assert cached_count(groups) == 1
    with django_assert_num_queries(0):
        assert cached_count(groups) == 1
    with transaction.atomic():  # any write, as a service makes it: the next count is new
        Group.objects.create(name="Prova poi")
    with django_assert_num_queries(1):
        assert cached_count(groups) == 2


def test_each_query_has_its_own_count(django_assert_num_queries):
    Group.objects.create(name="Prima")
    Group.objects.create(name="Seconda")
    assert cached_count(Group.objects.filter(name="Prima")) == 1
    assert cached_count(Group.objects.filter(name__in=["Prima", "Seconda"])) == 2
    # The same SQL with another parameter is another count.
    assert cached_count(Group.objects.filter(name="Seconda")) == 1
    assert cached_count(Group.objects.filter(name="Nessuno")) == 0


def test_without_the_cache_every_count_is_made(settings, django_assert_num_queries):
    settings.WEMI_PAGE_CACHE_SECONDS = 0
    groups = Group.objects.filter(name="Prima")
    with django_assert_num_queries(2):
        assert cached_count(groups) == cached_count(groups) == 0


def test_an_empty_queryset_and_a_list_are_counted_without_the_cache(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert cached_count(Group.objects.none()) == 0
        assert CachedCountPaginator([1, 2, 3], 2).count == 3


def test_the_signed_in_proposal_list_counts_once_and_shows_a_new_proposal_at_once():
    space = make_space("Spazio delle proposte")
    published(space=space, title="Prima proposta")
    client = Client()
    client.force_login(UserFactory())
    url = reverse("proposals:list")

    def counts_made() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return sum(
            "COUNT(*)" in q["sql"] and 'FROM "proposals_proposal"' in q["sql"]
            for q in queries.captured_queries
        )

    assert counts_made() == 1
    assert counts_made() == 0
    assert "1 proposta" in client.get(url).content.decode()
    published(space=space, title="Seconda proposta")  # through the services
    assert counts_made() == 1
    page = client.get(url).content.decode()
    assert "2 proposte" in page and "Seconda proposta" in page
    assert Proposal.objects.count() == 2


_OPEN_LIST_SQL = """
import django
django.setup()
from proposals.models import Proposal
from proposals.states import OPEN_STATES
print(Proposal.objects.filter(state__in=OPEN_STATES).query)
"""


def test_the_open_proposals_query_is_the_same_in_every_process():
    """Each web process has its own hash seed; were the open states a set, each would write
    the list's SQL, and so key its cached total, in its own order, and share none."""
    printed = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env["DJANGO_SETTINGS_MODULE"] = "wemi_community.settings.test"
        script = [sys.executable, "-c", _OPEN_LIST_SQL]
        result = subprocess.run(script, env=env, capture_output=True, text=True, check=True)
        printed.add(result.stdout)
    assert len(printed) == 1 and "gathering" in printed.pop()
