import io
import os
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from tests import instants
from tests.factories import UserFactory
from wemi_community.core.page_cache import local_pages

# The whole run at a chosen instant (``WEMI_TEST_NOW``): started before Django sets anything
# up, so every fixture, the test database and the live servers live at that moment too.
_session_travel = None


def pytest_configure(config):
    global _session_travel
    moment = instants.chosen()
    if moment is not None and _session_travel is None:
        _session_travel = time_machine.travel(moment, tick=True)
        _session_travel.start()


def pytest_unconfigure(config):
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config):
    moment = instants.chosen()
    if moment is not None:
        return f"clock moved to {moment.isoformat()} ({instants.NOW_VARIABLE})"
    return None


def pytest_generate_tests(metafunc):
    """``@pytest.mark.instants``: the test runs now and at each awkward instant."""
    if metafunc.definition.get_closest_marker("instants") is None:
        return
    names = ["now", *instants.INSTANTS]
    moments = [None, *instants.INSTANTS.values()]
    metafunc.parametrize("instant", moments, ids=names, indirect=True)


@pytest.fixture(autouse=True)
def instant(request):
    """The moment a test marked ``instants`` runs at (``None``: the real now, or the run's
    ``WEMI_TEST_NOW``). Autouse, so the clock moves before any other fixture of the test
    builds its data."""
    moment = getattr(request, "param", None)
    if moment is None:
        yield None
        return
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture(autouse=True)
def _isolated_caches(settings):
    """Rate limits, cached roles and pages live in the caches: start each test with empty ones."""

    cache.clear()
    local_pages.clear()
    yield
    cache.clear()
    local_pages.clear()


@pytest.fixture(autouse=True)
def _default_language(settings):
    """A request or an e-mail task may leave another language active on the thread; each
    test starts in the site's default language."""

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The whole demo (``seed_demo``), once for a module, rolled back at its end; gives what
    the command printed."""

    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def resident(db):
    return UserFactory(display_name="Giulia")


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def _skip_browser_tests_without_chromium(items):
    """Browser tests need the system Chromium. Skipping them is loud, and refused in CI."""

    chromium = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    if chromium.exists():
        return
    if os.environ.get("WEMI_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests are required but {chromium} is missing.")
    skip = pytest.mark.skip(reason=f"BROWSER TESTS SKIPPED: Chromium not found at {chromium}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _transactional_rank(item) -> int:
    """0: everything else; 1: transactional tests that restore the database they found
    (serialized_rollback); 2: plain transactional tests. A plain one flushes the database and
    lets Django recreate content types, which a serialized restore after it would collide
    with; run after every serialized one, it harms none."""
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return 0
    return 1 if marker.kwargs.get("serialized_rollback") else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    _skip_browser_tests_without_chromium(items)
    # After pytest-django's own ordering (non-transactional first): a stable sort keeps it.
    items.sort(key=_transactional_rank)


# The test OpenID Connect provider (SPID/CIE sign-in): started only by the tests that ask.
from tests.oidc_provider.fixtures import oidc_on, oidc_provider  # noqa: E402, F401
