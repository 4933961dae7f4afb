"""What happens at a space, contributed by the modules that exist.

Each module (events, proposals, labs, shared services, volunteering) registers a section with
a batch selector: given spaces, it returns their items by space id in one query. A space's
page shows the sections that have items and hides the empty ones; with no module registered,
nothing shows. The home page has its own, smaller registry (upcoming events, open proposals).

    sections.register(SpaceSection(
        key="events", title=_("Upcoming events"), selector=selectors.upcoming_events_by_space,
        template="events/includes/space_section.html",
    ))

The template receives ``space``, ``section`` and ``items``; the default one lists the items as
links to their ``url``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

# The order sections appear in on a space's page, whatever order the modules load in.
ORDER = ("events", "proposals", "labs", "shared_services", "volunteering")

SpaceSelector = Callable[[Sequence[Any]], Mapping[int, Sequence[Any]]]
HomeSelector = Callable[[], Sequence[Any]]


DEFAULT_TEMPLATE = "spaces_pages/includes/section_items.html"


@dataclass(frozen=True)
class SpaceSection:
    """``key`` is the module's app label; ``topics`` the other apps whose writes change what
    the section shows (core/cache_versions.py): a space's sections are kept rendered until a
    write to one of them."""

    key: str
    title: str | Promise
    selector: SpaceSelector
    template: str = DEFAULT_TEMPLATE
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class HomeSection:
    key: str
    title: str | Promise
    selector: HomeSelector
    template: str = DEFAULT_TEMPLATE


_space_sections: dict[str, SpaceSection] = {}
_home_sections: dict[str, HomeSection] = {}


def _position(key: str) -> tuple[int, str]:
    return (ORDER.index(key) if key in ORDER else len(ORDER), key)


def register(section: SpaceSection) -> SpaceSection:
    _space_sections[section.key] = section
    return section


def register_home(section: HomeSection) -> HomeSection:
    _home_sections[section.key] = section
    return section


def unregister(key: str) -> None:
    _space_sections.pop(key, None)
    _home_sections.pop(key, None)


def registered() -> list[SpaceSection]:
    return [_space_sections[key] for key in sorted(_space_sections, key=_position)]


def topics() -> list[str]:
    """The apps whose data the registered sections show."""
    return sorted({topic for s in registered() for topic in (s.key, *s.topics)})


def items_by_space(spaces: Sequence[Any]) -> list[tuple[SpaceSection, Mapping[int, Sequence]]]:
    """Every registered section with its items for these spaces: one call per section."""
    return [(section, section.selector(spaces)) for section in registered()]


def sections_for(space) -> list[dict]:
    """The non-empty sections of one space, in display order, ready for the template."""
    shown = []
    for section, by_space in items_by_space([space]):
        items = list(by_space.get(space.pk, ()))
        if items:
            shown.append({"section": section, "items": items})
    return shown


def home_sections() -> list[dict]:
    shown = []
    for key in sorted(_home_sections, key=_position):
        section = _home_sections[key]
        items = list(section.selector())
        if items:
            shown.append({"section": section, "items": items})
    return shown
