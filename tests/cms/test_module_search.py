"""The site search finds what the modules publish through Wagtail's search index
(cms_templates.text_search): by the words of a description, by the other words of a service of
the catalogue, by a begun word of a title, by an inflection on PostgreSQL; and never what the
person searching may not see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.search import index

from tests.events.helpers import publish as publish_event
from tests.events.helpers import weekly_course
from tests.factories import UserFactory, municipio
from tests.labs.helpers import open_lab
from tests.participation.moderation_helpers import city_staff
from tests.proposals.helpers import draft, published
from tests.spaces.helpers import make_space
from tests.volunteering.helpers import opportunity, shift, space_with_coordinator, volunteer
from volunteering import offers, slots
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.participation.moderation import content_hide

from .helpers import soup, text

pytestmark = pytest.mark.django_db
# Only upcoming events and shifts are found: those tests run at the awkward instants too.
instants = pytest.mark.instants


def found(client, query: str) -> list[tuple[str, str]]:
    """(title, link) of every result."""
    document = soup(client.get(reverse("search"), {"q": query}))
    return [
        (text(link), link["href"])
        for link in document.select("main ol.wemi-search-results > li h2 a")
    ]


def titles(client, query: str) -> list[str]:
    return [title for title, _href in found(client, query)]


def publish_offer(person=None, **changes):
    values = {
        "title": "Conversazione in italiano",
        "description": "Il martedì pomeriggio, per chi sta imparando.",
        "availability": slots.bit(1, "afternoon"),
        "municipio": municipio(8),
        "skills": [],
        **changes,
    }
    return offers.offer_publish(actor=person or volunteer(), data=values)


def index_catalogue():
    """The catalogue is written by a data migration, which the index learns of only with
    ``update_index`` (as ``make run`` does): the same, for the categories alone."""
    for category in ServiceCategory.objects.all():
        index.insert_or_update_object(category)


@pytest.fixture
def world():
    space, coordinator = space_with_coordinator("Spazio della ricerca")
    published(
        space=make_space("Spazio delle proposte"),
        title="Merende condivise",
        description="Una merenda con la fisarmonica per i bambini del cortile.",
    )
    publish_event(
        space=space,
        coordinator=coordinator,
        title="Pomeriggio insieme",
        description="Portate il vostro mandolino.",
    )
    weekly_course(
        space=space,
        coordinator=coordinator,
        title="Conti di casa",
        description="Impariamo a leggere la bolletta e il salvadanaio.",
    )
    created, _c = opportunity(
        space=space,
        coordinator=coordinator,
        title="Accoglienza",
        description="Aiutare chi arriva con il questionario.",
    )
    shift(created, coordinator, days=4)
    publish_offer(title="Conversazione", description="Leggiamo insieme il quotidiano.")
    open_lab(
        space=space,
        visibility="public",
        title="Cortile di via Padova",
        description="Le famiglie del caseggiato si ascoltano.",
    )
    return space, coordinator


@instants
@pytest.mark.parametrize(
    ("word", "title"),
    [
        ("fisarmonica", "Merende condivise"),
        ("mandolino", "Pomeriggio insieme"),
        ("salvadanaio", "Conti di casa"),
        ("questionario", "Accoglienza"),
        ("quotidiano", "Conversazione"),
        ("caseggiato", "Cortile di via Padova"),
    ],
)
def test_each_kind_is_found_by_a_word_of_its_description(client, world, word, title):
    assert titles(client, word) == [title]


@instants
def test_a_begun_word_finds_the_title_that_starts_with_it(client, world):
    assert "Pomeriggio insieme" in titles(client, "pomerig")
    assert titles(client, "mandol") == []  # descriptions are matched by whole words


@instants
def test_every_word_must_match_in_the_modules_too(client, world):
    assert titles(client, "mandolino fisarmonica") == []
    assert titles(client, "mandolino portate") == ["Pomeriggio insieme"]


@instants
def test_the_list_pages_use_the_same_index(client, world):
    def list_titles(url, query):
        return text(soup(client.get(url, {"q": query})).main)

    assert "Merende condivise" in list_titles(reverse("proposals:list"), "fisarmonica")
    assert "Merende condivise" not in list_titles(reverse("proposals:list"), "mandolino")
    assert "Pomeriggio insieme" in list_titles(reverse("events:list"), "mandolino")
    assert "Conti di casa" in list_titles(reverse("events:list"), "salvadanaio")
    assert "Accoglienza" in list_titles(reverse("volunteering:list"), "questionario")
    assert "Cortile di via Padova" in list_titles(reverse("labs:list"), "caseggiato")


# --- The catalogue ------------------------------------------------------------------------------


def test_badante_finds_the_home_care_services_and_leads_to_their_proposals(client):
    index_catalogue()

    results = found(client, "badante")

    # By its name, and by the other words people use (data/sinonimi_servizi.csv).
    names = [title for title, _href in results]
    assert {"Badante", "Assistenza personale", "Badante di condominio"} <= set(names)
    personal = ServiceCategory.objects.get(name="Assistenza personale")
    assert ("Assistenza personale", f"/proposte/?categoria={personal.pk}") in results


def test_other_words_of_a_service_find_it(client):
    index_catalogue()

    assert "Baby sitter" in titles(client, "tata")
    assert "Colf" in titles(client, "collaboratrice domestica")
    assert titles(client, "ornitorinco") == []


def test_the_shipped_services_have_their_other_words():
    assert "badante" in ServiceCategory.objects.get(name="Assistenza personale").keywords
    assert "tata" in ServiceCategory.objects.get(name="Baby sitter").keywords


# --- What may not be seen is never found --------------------------------------------------------


def test_a_private_lab_is_found_only_by_who_may_see_it(client):
    lab, coordinator, facilitator = open_lab(
        visibility="private", description="Riunione sul lucernario."
    )

    assert titles(client, "lucernario") == []
    assert "lucernario" not in text(soup(client.get(reverse("labs:list"), {"q": "lucernario"})))
    client.force_login(facilitator)
    listed = text(soup(client.get(reverse("labs:list"), {"q": "lucernario"})).main)
    assert lab.title in listed


def test_drafts_and_hidden_proposals_are_never_found(client):
    space = make_space("Spazio delle proposte")
    author = UserFactory()
    draft(author, space, title="Bozza", description="Il nostro girasole.")
    hidden = published(space=space, title="Nascosta", description="Un altro girasole.")
    content_hide(moderator=city_staff(), content=hidden)
    published(space=space, title="Visibile", description="Il girasole di tutti.")

    assert titles(client, "girasole") == ["Visibile"]
    listed = text(
        soup(client.get(reverse("proposals:list"), {"q": "girasole", "stato": "tutte"})).main
    )
    assert "Visibile" in listed
    assert "Bozza" not in listed and "Nascosta" not in listed
    client.force_login(author)  # the author's draft stays out of the public search too
    assert titles(client, "girasole") == ["Visibile"]


@instants
def test_withdrawn_offers_and_closed_opportunities_are_not_found(client):
    person = volunteer()
    offer = publish_offer(person, title="Ritirata", description="Parliamo di astronomia.")
    offers.offer_withdraw(actor=person, offer=offer)
    space, coordinator = space_with_coordinator()
    without_shifts, _c = opportunity(
        space=space, coordinator=coordinator, title="Senza turni", description="Astronomia."
    )

    assert without_shifts.closed_at is None  # open, but with no shift to come
    assert titles(client, "astronomia") == []


# --- PostgreSQL: Italian stems ------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Italian stemming is PostgreSQL's")
def test_an_inflection_finds_the_word_on_postgresql(client, world):
    assert titles(client, "fisarmoniche") == ["Merende condivise"]
    assert titles(client, "bollette") == ["Conti di casa"]
    assert "Merende condivise" in titles(client, "merenda")
