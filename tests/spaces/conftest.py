import pytest

from spaces_pages import demo, sections


@pytest.fixture
def seeded(db):
    """The demo: content pages, the 15 real spaces, their groups."""
    demo.seed()


@pytest.fixture
def no_sections(monkeypatch):
    """Sections registered by a test are gone after it."""
    monkeypatch.setattr(sections, "_space_sections", dict(sections._space_sections))
    monkeypatch.setattr(sections, "_home_sections", dict(sections._home_sections))
