import pytest

from tests.factories import UserFactory


@pytest.fixture
def unconfirmed_user(db):
    """Someone who signed up but has not opened the confirmation link yet."""
    return UserFactory(
        email="nuova@esempio.example",
        display_name="Nuova",
        is_active=False,
        email_confirmed_at=None,
    )


@pytest.fixture
def city_staff(db):
    return UserFactory(display_name="Elena", roles=["city_staff"])
