import pytest

from .helpers import build


@pytest.fixture
def world(db):
    return build()
