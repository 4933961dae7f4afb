"""The demo: the 15 real Spazi WeMi with their real name, address, Municipio and host venue,
demo hours and a body that says it is an example; idempotent; a size option for load tests."""

import io
from datetime import date

import pytest

from cms_templates import i18n
from spaces_pages import demo
from spaces_pages.demo import spaces as demo_spaces
from spaces_pages.models import MapPointSource, SpacePage, StandardPage

pytestmark = pytest.mark.django_db


def italian_spaces():
    """The spaces' pages in Italian (each also has its English translation)."""
    return i18n.in_default_language(SpacePage.objects.all())


def test_the_15_real_spaces_with_their_real_data(seeded):
    spaces = {space.slug: space for space in italian_spaces().select_related("municipio", "nil")}
    assert len(spaces) == 15
    rows = demo_spaces.real_spaces()
    assert len(rows) == 15
    for row in rows:
        space = spaces[row.slug]
        assert space.live
        assert space.title == row.name
        assert space.address == row.address
        assert space.municipio.number == row.municipio
        assert space.host_venue == row.host_venue
        assert "Testo di esempio" in str(space.body)
        assert space.opening_slots.exists()
        assert space.latitude is None  # no exact point in the data: the centroids stand in
        assert space.get_latest_revision().content["title"] == row.name  # published properly

    capuana = spaces["capuana"]
    assert (capuana.title, capuana.address, capuana.host_venue) == (
        "WeMi Capuana",
        "Via Capuana 3",
        "Spazio Agorà",
    )
    assert capuana.nil.name == "Quarto Oggiaro"
    assert capuana.map_point.source == MapPointSource.NIL
    assert spaces["niguarda"].nil.name == "Niguarda - Ca' Granda"
    assert spaces["san-gottardo"].map_point.source == MapPointSource.MUNICIPIO
    assert (
        spaces["san-gottardo"].map_point.latitude == spaces["san-gottardo"].municipio.centroid_lat
    )


def test_seed_is_idempotent_and_leaves_edits_alone(seeded):
    capuana = italian_spaces().get(slug="capuana")
    capuana.phone = "02 9999 9999"
    capuana.save_revision().publish()
    counts = (SpacePage.objects.count(), StandardPage.objects.count())
    out = io.StringIO()

    demo.seed(stdout=out)

    assert (SpacePage.objects.count(), StandardPage.objects.count()) == counts
    assert italian_spaces().get(slug="capuana").phone == "02 9999 9999"
    # The data of a space is the same in every language.
    assert SpacePage.objects.filter(slug="capuana").exclude(phone="02 9999 9999").count() == 0
    assert "0 created, 15 already there" in out.getvalue()


def test_the_about_page_is_seeded(client, seeded):
    response = client.get("/chi-siamo/")
    assert response.status_code == 200
    assert "Testo di esempio" in response.content.decode()


def test_size_adds_synthetic_spaces_for_load_tests(monkeypatch):
    # Two real spaces instead of fifteen keep this test fast; the rule is the same.
    real = demo_spaces.real_spaces()[:2]
    monkeypatch.setattr(demo, "real_spaces", lambda: real)
    demo.seed(size=3)
    titles = sorted(italian_spaces().values_list("title", flat=True))
    assert len(titles) == 2 * 3
    assert "Spazio di prova 1 (demo)" in titles
    assert "Spazio di prova 4 (demo)" in titles
    demo.seed(size=3)
    assert italian_spaces().count() == 6


def test_demo_closures_are_ahead():
    closures = demo_spaces.demo_closures(date(2026, 8, 22))
    assert closures[0][0] == date(2027, 8, 10)
    assert closures[1][0] == date(2026, 12, 7)
    assert all(start <= end for start, end, _it, _en in closures)
