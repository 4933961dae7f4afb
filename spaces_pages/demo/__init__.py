"""Demo content of the public site: the content pages (about WeMi, accessibility statement,
privacy notice) and the Spazi WeMi, with the demo coordinator and desk operator assigned to
WeMi San Gottardo.

``seed()`` is idempotent: a page that already exists (by slug) is left as it is, so an editor's
changes are never overwritten."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from spaces_pages.models import HomePage, SpacePage, StandardPage
from spaces_pages.services import space_groups_ensure
from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User

from .content import DEMO_PAGES
from .conversation import seed_conversation
from .spaces import build_space, ensure_index, real_spaces, synthetic_spaces

# The demo coordinator and desk operator live in Municipio 5, like WeMi San Gottardo.
DEMO_STAFF_SPACE = "san-gottardo"


def _home_page() -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    return HomePage.objects.get()


def _write(stdout, text: str) -> None:
    if stdout:
        stdout.write(text + "\n")


def seed_content_pages(home: HomePage, stdout=None) -> None:
    for spec in DEMO_PAGES:
        if home.get_children().filter(slug=spec["slug"]).exists():
            _write(stdout, f"Page /{spec['slug']}/ already exists, left as it is.")
            continue
        page = StandardPage(
            title=spec["title"],
            slug=spec["slug"],
            search_description=spec["search_description"],
            body=spec["body"],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        _write(stdout, f"Created and published /{spec['slug']}/.")


def seed_spaces(home: HomePage, *, size: int = 1, stdout=None) -> list[SpacePage]:
    index = ensure_index(home)
    specs = real_spaces() + synthetic_spaces(len(real_spaces()) * (max(size, 1) - 1))
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


def assign_demo_staff(stdout=None) -> None:
    space = SpacePage.objects.filter(slug=DEMO_STAFF_SPACE).first()
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
    from django.contrib.auth.models import Group

    from wemi_community.accounts.demo import DEMO_PASSWORD, demo_person
    from wemi_community.accounts.roles import Role

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
    seed_content_pages(home, stdout)
    seed_spaces(home, size=size, stdout=stdout)
    assign_demo_staff(stdout)
    staff_space = SpacePage.objects.filter(slug=DEMO_STAFF_SPACE).first()
    if staff_space is not None:
        seed_conversation(staff_space, stdout)
