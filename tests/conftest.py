import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _isolated_caches(settings):
    """Rate limits and cached roles live in the cache: start each test with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language(settings):
    """A request or an e-mail task may leave another language active on the thread; each
    test starts in the site's default language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def resident(db):
    return UserFactory(display_name="Giulia")


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def pytest_collection_modifyitems(config, items):
    """Browser tests need the system Chromium. Skipping them is loud, and refused in CI."""
    import os
    from pathlib import Path

    chromium = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    if chromium.exists():
        return
    if os.environ.get("WEMI_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests are required but {chromium} is missing.")
    skip = pytest.mark.skip(reason=f"BROWSER TESTS SKIPPED: Chromium not found at {chromium}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
