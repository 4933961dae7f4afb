import csv
import importlib
import unicodedata
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps

from wemi_community.catalogue.forms import (
    MunicipioChoiceField,
    MunicipioNilMixin,
    NilChoiceField,
    ServiceCategoryChoiceField,
)
from wemi_community.catalogue.models import (
    Municipio,
    MunicipioBoundary,
    Nil,
    NilBoundary,
    ServiceCategory,
)
from wemi_community.catalogue.reference import DATA_DIR, load_reference_data, polygon_centroid

pytestmark = pytest.mark.django_db

# Milan's municipal territory lies well inside this box.
MILAN_LAT = (Decimal("45.38"), Decimal("45.54"))
MILAN_LON = (Decimal("9.04"), Decimal("9.28"))


def test_migrations_load_the_real_reference_data():
    assert list(Municipio.objects.values_list("number", flat=True)) == list(range(1, 10))
    assert Nil.objects.count() == 88
    levels = {lvl: ServiceCategory.objects.filter(level=lvl).count() for lvl in (1, 2, 3)}
    assert levels == {1: 4, 2: 8, 3: 39}


def test_nil_rows_match_the_shipped_csv():
    with (DATA_DIR / "milano_nil.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        nil = Nil.objects.select_related("municipio").get(code=int(row["id_nil"]))
        assert nil.name == row["name"]
        assert nil.municipio.number == int(row["municipio"])
        assert nil.boundary.geometry["type"] in {"Polygon", "MultiPolygon"}


def test_every_municipio_has_its_boundary_in_its_own_table():
    assert MunicipioBoundary.objects.count() == 9
    assert NilBoundary.objects.count() == 88
    first = Municipio.objects.get(number=1).boundary.geometry
    assert first["type"] in {"Polygon", "MultiPolygon"}


def test_reloading_the_reference_data_keeps_one_boundary_each():
    NilBoundary.objects.filter(nil__code=1).update(geometry={})
    load_reference_data()
    assert MunicipioBoundary.objects.count() == 9 and NilBoundary.objects.count() == 88
    assert NilBoundary.objects.get(nil__code=1).geometry["type"] in {"Polygon", "MultiPolygon"}


def test_a_join_through_a_municipio_never_reads_a_boundary(django_assert_num_queries):
    """A boundary is up to hundreds of kB of GeoJSON: a row joined with its Municipio or NIL
    (a space, a person, a picker) must not carry it."""
    with django_assert_num_queries(1) as queries:
        list(Nil.objects.select_related("municipio"))
    assert "boundary" not in queries.captured_queries[0]["sql"]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (1, "Duomo"),
        (14, "Niguarda - Ca' Granda"),
        (22, "Città Studi"),
        (26, "XXII Marzo"),
        (31, "Parco Monluè - Ponte Lambro"),
        (37, "Ex OM - Morivione"),
        (45, "S. Cristoforo"),
        (66, "QT 8"),
        (77, "Bovisa"),
        (85, "Parco delle Abbazie"),
        (88, "Parco Bosco in Città"),
    ],
)
def test_nil_names_are_spelled_as_the_city_spells_them(code, name):
    nil = Nil.objects.get(code=code)
    assert nil.name == name
    assert nil.display_name == name and str(nil) == name


def test_every_nil_name_is_the_open_data_name_written_properly():
    """Only the case, the accents and the apostrophes differ from the open data's capitals:
    no letter is lost or added, and nothing is left in capitals that should not be."""

    def fold(text: str) -> str:
        text = unicodedata.normalize("NFD", text.replace("'", "").upper())
        return "".join(c for c in text if unicodedata.category(c) != "Mn")

    with (DATA_DIR / "milano_nil.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 88
    for row in rows:
        assert fold(row["name"]) == fold(row["nil"]), row
        assert row["name"] != row["nil"] or row["name"] in {"QT 8"}, row
    # No heuristic left behind: Roman numerals, initials and accents as the City writes them.
    names = {row["name"] for row in rows}
    assert "Xxii Marzo" not in names and "Citta' Studi" not in names


def test_a_database_loaded_before_keeps_no_capitals_after_migrating():
    rename = importlib.import_module(
        "wemi_community.catalogue.migrations.0003_nil_names_as_the_city_spells_them"
    )
    rename.backwards(apps, None)
    assert Nil.objects.get(code=22).name == "CITTA' STUDI"
    rename.forwards(apps, None)
    assert Nil.objects.get(code=22).name == "Città Studi"
    assert not Nil.objects.filter(name__regex=r"^[A-Z' .-]{6,}$").exclude(code=66).exists()


def test_centroids_fall_inside_milan():
    for place in [*Municipio.objects.all(), *Nil.objects.all()]:
        assert MILAN_LAT[0] < place.centroid_lat < MILAN_LAT[1], place
        assert MILAN_LON[0] < place.centroid_lon < MILAN_LON[1], place


def test_polygon_centroid_of_a_square():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    assert polygon_centroid(square) == pytest.approx((1.0, 1.0))


def test_taxonomy_keeps_areas_groups_and_services_linked():
    babysitter = ServiceCategory.objects.get(name="Baby sitter condivisa")
    assert babysitter.level == ServiceCategory.Level.LEVEL2
    assert babysitter.parent.name == "Servizi condivisi"
    assert babysitter.parent.parent.name == "Socializzazione e condivisione"
    assert babysitter.basis == "press-2016"


def test_reloading_is_idempotent():
    before = (Municipio.objects.count(), Nil.objects.count(), ServiceCategory.objects.count())
    ids = set(ServiceCategory.objects.values_list("pk", flat=True))
    load_reference_data()
    load_reference_data()
    after = (Municipio.objects.count(), Nil.objects.count(), ServiceCategory.objects.count())
    assert before == after
    assert set(ServiceCategory.objects.values_list("pk", flat=True)) == ids


class PlaceForm(MunicipioNilMixin, forms.Form):
    municipio = MunicipioChoiceField(required=False)
    nil = NilChoiceField(required=False)
    category = ServiceCategoryChoiceField(required=False)


def test_nil_picker_groups_by_municipio():
    html = str(PlaceForm()["nil"])
    assert '<optgroup label="Municipio 1">' in html
    assert ">Duomo</option>" in html


def test_category_picker_offers_only_services_grouped_by_area():
    field = PlaceForm().fields["category"]
    groups = [label for label, _ in field.choices if label]
    assert "Socializzazione e condivisione › Servizi condivisi" in groups
    html = str(PlaceForm()["category"])
    assert ">Baby sitter condivisa</option>" in html
    assert ">Servizi condivisi</option>" not in html  # a group is not a choice


def test_nil_outside_the_chosen_municipio_is_an_error_on_the_nil_field():
    duomo = Nil.objects.get(name="Duomo")
    form = PlaceForm(data={"municipio": Municipio.objects.get(number=9).pk, "nil": duomo.pk})
    assert not form.is_valid()
    assert "Municipio 1" in form.errors["nil"][0]


def test_nil_alone_fills_its_municipio():
    duomo = Nil.objects.get(name="Duomo")
    form = PlaceForm(data={"nil": duomo.pk})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipio"].number == 1


def test_pickers_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        str(PlaceForm()["nil"])
        str(PlaceForm()["category"])
        str(PlaceForm()["municipio"])
