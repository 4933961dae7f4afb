"""Building spaces for the tests, and the form data the Wagtail editor would post."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, time

from django.db.models.signals import post_save
from django.utils.text import slugify
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.synctree import create_aliases_for_new_page

from cms_templates import i18n
from spaces_pages.models import Closure, OpeningSlot, SpaceIndexPage, SpacePage
from wemi_community.catalogue.models import Municipio

OFFICE_HOURS = [(day, time(9), time(13)) for day in range(5)]


def space_index() -> SpaceIndexPage:
    return i18n.in_default_language(SpaceIndexPage.objects.all()).get()


def make_space(
    title: str = "Spazio di prova",
    *,
    municipio: int = 1,
    slug: str | None = None,
    address: str = "Via di Prova 1",
    slots=OFFICE_HOURS,
    closures=(),
    **fields,
) -> SpacePage:
    """A live space under /spazi/, saved with its hours and closures."""
    space = SpacePage(
        title=title,
        slug=slug or slugify(title),
        municipio=Municipio.objects.get(number=municipio),
        address=address,
        **fields,
    )
    space.opening_slots = [OpeningSlot(weekday=d, opens=o, closes=c) for d, o, c in slots]
    space.closures = [Closure(start_date=s, end_date=e, reason=r) for s, e, r in closures]
    space_index().add_child(instance=space)
    # As the admin does when a page is created: its alias in the English tree.
    create_aliases_for_new_page(space)
    return space


def slot_data(weekday: int, opens: str, closes: str) -> dict:
    return {"weekday": str(weekday), "opens": opens, "closes": closes}


def closure_data(start: str, end: str, reason: str = "Chiusura") -> dict:
    return {"start_date": start, "end_date": end, "reason": reason}


def space_form_data(space: SpacePage | None = None, *, slots=None, closures=None, **overrides):
    """What the editor posts for a space: its current values unless overridden."""
    data = {
        "title": space.title if space else "Spazio nuovo",
        "slug": space.slug if space else "spazio-nuovo",
        "municipio": str(space.municipio_id) if space else "",
        "nil": str(space.nil_id or "") if space else "",
        "address": space.address if space else "Via Nuova 1",
        "latitude": "",
        "longitude": "",
        "phone": space.phone if space else "",
        "email": space.email if space else "",
        "host_venue": space.host_venue if space else "",
        "main_image": "",
        "main_image_alt": "",
        "body": streamfield([]),
        "opening_slots": inline_formset(slots or []),
        "closures": inline_formset(closures or []),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


@contextmanager
def without_indexing():
    """Skips the search and reference indexes while a test builds many pages: the pages are
    the same, only faster to make (the indexes are not what these tests look at)."""

    post_save.disconnect(post_save_signal_handler, sender=SpacePage)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.connect(post_save_signal_handler, sender=SpacePage)


def make_many_spaces(count: int, *, start: int = 1) -> list[SpacePage]:
    with without_indexing():
        return [
            make_space(
                f"Spazio di carico {n}",
                municipio=(n - 1) % 9 + 1,
                slots=[(day, time(9), time(13)) for day in range(5)]
                + [(day, time(14), time(18)) for day in range(5)],
                closures=[(date(2099, 8, 1), date(2099, 8, 31), "Estate")],
            )
            for n in range(start, start + count)
        ]


def italian(model=SpacePage):
    """The pages of ``model`` in Italian: each also has its English page (alias or
    translation), and the modules point at the Italian one."""
    return i18n.in_default_language(model.objects.all())
