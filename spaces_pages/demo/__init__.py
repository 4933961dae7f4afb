"""Demo content of the public site: the content pages (about WeMi, accessibility statement,
privacy notice) and the Spazi WeMi, in Italian and translated into English, with the demo
coordinator and desk operator assigned to WeMi San Gottardo.

``seed()`` is idempotent: a page that already exists (by slug) is left as it is, and so is a
translation already made, so an editor's changes are never overwritten."""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from cms_templates import i18n
from spaces_pages.models import HomePage, SpacePage, StandardPage
from spaces_pages.services import space_groups_ensure
from wemi_community.accounts.demo import DEMO_PASSWORD, demo_email, demo_person
from wemi_community.accounts.models import User
from wemi_community.accounts.roles import Role

from .content import DEMO_PAGES, HOME, SPACE_INDEX, localize
from .conversation import seed_conversation
from .spaces import build_space, demo_texts, ensure_index, real_spaces, synthetic_spaces
from .translations import translate_pages

# The demo coordinator and desk operator live in Municipio 5, like WeMi San Gottardo.
DEMO_STAFF_SPACE = "san-gottardo"


def _home_page() -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    return i18n.in_default_language(HomePage.objects.all()).get()


def _write(stdout, text: str) -> None:
    if stdout:
        stdout.write(text + "\n")


def _texts(spec: dict) -> dict:
    return {name: value for name, value in spec.items() if name != "slug"}


def seed_content_pages(home: HomePage, stdout=None) -> list[tuple[StandardPage, dict]]:
    """The content pages in Italian, with the texts of their translation."""
    pages = []
    for spec in DEMO_PAGES:
        page = home.get_children().filter(slug=spec["slug"]).specific().first()
        if page is not None:
            _write(stdout, f"Page /{spec['slug']}/ already exists, left as it is.")
        else:
            page = StandardPage(slug=spec["slug"], **localize(_texts(spec), "it"))
            home.add_child(instance=page)
            page.save_revision().publish()
            _write(stdout, f"Created and published /{spec['slug']}/.")
        pages.append((page, _texts(spec)))
    return pages


def seed_spaces(
    home: HomePage, *, size: int = 1, extra: int | None = None, stdout=None
) -> list[SpacePage]:
    """The real spaces and ``extra`` synthetic ones (by default as many more as the real ones
    for each ``size`` above 1)."""
    index = ensure_index(home)
    if extra is None:
        extra = len(real_spaces()) * (max(size, 1) - 1)
    specs = real_spaces() + synthetic_spaces(extra)
    existing = {
        space.slug: space
        for space in SpacePage.objects.child_of(index).filter(slug__in=[s.slug for s in specs])
    }
    today = timezone.localdate()
    spaces, created = [], 0
    for position, spec in enumerate(specs):
        space = existing.get(spec.slug)
        if space is None:
            space = build_space(spec, position, today)
            index.add_child(instance=space)
            space.save_revision().publish()
            created += 1
        space_groups_ensure(space=space)
        spaces.append(space)
    _write(stdout, f"Spazi WeMi: {created} created, {len(specs) - created} already there.")
    return spaces


CITY_EXTRA_SPACES = 60


def city_spaces(*, city) -> None:
    """The city's spaces: the real ones and 60 more, pages made one by one through Wagtail
    (a few dozen: the tree stays right by construction, and each is published and translated
    as an editor's would be)."""
    home = _home_page()
    extra = city.count(CITY_EXTRA_SPACES)
    before = SpacePage.objects.count()
    spaces = []

    def build():
        spaces.extend(seed_spaces(home, extra=extra))
        return SpacePage.objects.count() - before

    city.phase("spaces (Wagtail pages, both languages)", build)
    city.data["spaces"] = spaces


def demo_space(slug: str) -> SpacePage | None:
    """A demo space by slug: its page in the default language, where the modules point."""
    return i18n.in_default_language(SpacePage.objects.filter(slug=slug)).first()


def demo_spaces(slugs) -> dict[str, SpacePage]:
    """{slug: space} of the live demo spaces, their pages in the default language."""
    pages = i18n.in_default_language(SpacePage.objects.live().filter(slug__in=list(slugs)))
    return {space.slug: space for space in pages}


def seed_translations(home: HomePage, content_pages, spaces, stdout=None) -> None:
    """The English site: the tree synchronised with the Italian one, and the demo's pages
    translated (home, the spaces' index, each space's texts, the content pages)."""
    specs = {spec.slug: spec for spec in real_spaces()}
    pages = [(home, HOME), (ensure_index(home), SPACE_INDEX), *content_pages]
    pages += [(space, demo_texts(specs[space.slug])) for space in spaces if space.slug in specs]
    translate_pages(pages, stdout=stdout)


def assign_demo_staff(stdout=None) -> None:
    space = demo_space(DEMO_STAFF_SPACE)
    if space is None:
        return
    groups = space_groups_ensure(space=space)
    for local_part, group in (("coordinatrice", groups.coordination), ("sportello", groups.desk)):
        user = User.objects.filter(email=demo_email(local_part)).first()
        if user is not None:
            user.groups.add(group)
            _write(stdout, f"{user.email} is in “{group.name}”.")


def ensure_coordinator(space: SpacePage, local_part: str, display_name: str) -> User:
    """A demo coordinator of ``space`` (for the modules whose demo lives in another space than
    WeMi San Gottardo), made once."""

    user = demo_person(local_part, display_name, space.municipio.number, is_staff=True)
    if not user.check_password(DEMO_PASSWORD):
        # A coordinator the demo's visitors sign in as, with the other demo logins' password.
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(
        Group.objects.get_or_create(name=Role.SPACE_COORDINATOR.value)[0],
        space_groups_ensure(space=space).coordination,
    )
    return User.objects.get(pk=user.pk)


@transaction.atomic
def seed(*, size: int = 1, stdout: TextIO | None = None) -> None:
    """Creates and publishes what is missing of the demo site."""
    home = _home_page()
    content_pages = seed_content_pages(home, stdout)
    spaces = seed_spaces(home, size=size, stdout=stdout)
    seed_translations(home, content_pages, spaces, stdout)
    assign_demo_staff(stdout)
    staff_space = demo_space(DEMO_STAFF_SPACE)
    if staff_space is not None:
        seed_conversation(staff_space, stdout)
