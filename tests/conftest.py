import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _isolated_caches(settings):
    """Rate limits and cached roles live in the cache: start each test with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident(db):
    return UserFactory(display_name="Giulia")


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client
