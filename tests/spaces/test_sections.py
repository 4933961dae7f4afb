"""What happens at a space: sections contributed by the modules, hidden while empty."""

import pytest

from spaces_pages import sections
from tests.cms.helpers import soup, text

from .helpers import italian, make_space

pytestmark = pytest.mark.django_db


def test_with_no_module_registered_no_section_shows(client):
    space = make_space("WeMi Uno")
    assert sections.sections_for(space) == []
    assert soup(client.get(space.url)).select(".wemi-space-section") == []


def test_sections_show_their_items_in_the_set_order_and_empty_ones_hide(client, no_sections):
    space, other = make_space("WeMi Uno"), make_space("WeMi Due")
    calls = []

    def others(spaces):
        calls.append(len(spaces))
        return {s.pk: list(italian().exclude(pk=s.pk)) for s in spaces}

    sections.register(sections.SpaceSection("volunteering", "Volunteering", selector=others))
    sections.register(sections.SpaceSection("events", "Upcoming events", selector=others))
    sections.register(sections.SpaceSection("labs", "Public labs", selector=lambda spaces: {}))

    document = soup(client.get(space.url))
    titles = [text(h) for h in document.select(".wemi-space-section h2")]
    assert titles == ["Upcoming events", "Volunteering"]  # events first; empty labs hidden
    links = document.select(".wemi-space-section a.list-item")
    assert {a["href"] for a in links} == {other.url}
    assert calls == [1, 1]  # one batch call per section


def test_home_sections_hide_while_empty(client, no_sections):
    sections.register_home(sections.HomeSection("events", "Upcoming events", selector=list))
    assert "Upcoming events" not in text(soup(client.get("/")).main)
    space = make_space("WeMi Uno")
    sections.register_home(
        sections.HomeSection("proposals", "Open proposals", selector=lambda: [space])
    )
    document = soup(client.get("/"))
    assert "Open proposals" in text(document.main)
    assert document.select_one(".wemi-home-section a.list-item")["href"] == space.url


def test_the_sections_name_the_apps_whose_writes_change_them(monkeypatch):
    monkeypatch.setattr(sections, "_space_sections", {})
    sections.register(sections.SpaceSection("events", "Events", selector=dict))
    sections.register(
        sections.SpaceSection("proposals", "Proposals", selector=dict, topics=("catalogue",))
    )
    assert sections.topics() == ["catalogue", "events", "proposals"]
