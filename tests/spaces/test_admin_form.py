"""The editor's form: each mistake is a clear error next to the field to fix."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from spaces_pages.models import SpacePage
from tests.factories import UserFactory, municipio, nil_in
from wemi_community.catalogue.models import Nil

from .helpers import closure_data, make_space, slot_data, space_form_data, space_index

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def editor(db):
    return UserFactory(is_superuser=True)


def bound_form(space, editor, **data):
    form_class = SpacePage.get_edit_handler().get_form_class()
    return form_class(
        space_form_data(space, **data), instance=space, parent_page=space_index(), for_user=editor
    )


def slot_errors(form, index: int) -> dict:
    return form.formsets["opening_slots"].forms[index].errors


def test_valid_hours_and_closures_are_saved(editor):
    space = make_space("WeMi Prova", slots=[])
    form = bound_form(
        space,
        editor,
        slots=[slot_data(0, "09:00", "13:00"), slot_data(0, "13:00", "18:00")],
        closures=[closure_data("2026-12-07", "2026-12-08", "Sant'Ambrogio")],
    )
    assert form.is_valid(), (form.errors, [f.errors for f in form.formsets["opening_slots"]])
    page = form.save(commit=False)
    page.save()
    assert [str(s) for s in SpacePage.objects.get(pk=space.pk).opening_slots.all()] == [
        "Monday 09:00–13:00",
        "Monday 13:00–18:00",
    ]


def test_a_slot_ending_before_it_starts_is_an_error_on_its_end(editor):
    form = bound_form(make_space(), editor, slots=[slot_data(2, "18:00", "09:00")])
    assert not form.is_valid()
    assert form.formsets["opening_slots"].forms[0].has_error("closes", "end_before_start")


def test_a_slot_may_end_at_midnight(editor):
    form = bound_form(make_space(), editor, slots=[slot_data(4, "20:00", "00:00")])
    assert form.is_valid()


def test_overlapping_slots_on_the_same_day_are_an_error(editor):
    form = bound_form(
        make_space(),
        editor,
        slots=[
            slot_data(1, "09:00", "13:00"),
            slot_data(1, "12:00", "15:00"),
            slot_data(2, "12:00", "15:00"),  # another day: fine
        ],
    )
    assert not form.is_valid()
    assert form.formsets["opening_slots"].forms[1].has_error("opens", "overlap")
    assert "Tuesday" in str(slot_errors(form, 1)["opens"])
    assert not slot_errors(form, 0)
    assert not slot_errors(form, 2)


def test_a_deleted_slot_does_not_count_as_an_overlap(editor):
    removed = slot_data(1, "12:00", "15:00") | {"DELETE": "on"}
    form = bound_form(make_space(), editor, slots=[slot_data(1, "09:00", "13:00"), removed])
    assert form.is_valid()


def test_a_closure_ending_before_it_starts_is_an_error_on_its_last_day(editor):
    form = bound_form(make_space(), editor, closures=[closure_data("2026-12-08", "2026-12-07")])
    assert not form.is_valid()
    assert form.formsets["closures"].forms[0].has_error("end_date", "end_before_start")


def test_a_space_without_municipio_is_an_error_on_the_field(editor):
    form = bound_form(make_space(), editor, municipio="")
    assert not form.is_valid()
    assert form.errors["municipio"] == ["Choose the Municipio the space is in."]


def test_a_nil_outside_the_municipio_is_an_error_on_the_nil(editor):
    space = make_space(municipio=8)
    form = bound_form(space, editor, nil=str(nil_in(1).pk))
    assert not form.is_valid()
    assert form.has_error("nil", "nil_outside_municipio")
    good = bound_form(space, editor, nil=str(Nil.objects.get(name="Quarto Oggiaro").pk))
    assert good.is_valid(), good.errors


def test_half_a_map_point_is_an_error(editor):
    form = bound_form(make_space(), editor, latitude="45.5")
    assert not form.is_valid()
    assert form.has_error("longitude", "half_point")


def test_an_image_without_alt_text_is_an_error_on_the_alt_text(editor):
    image = get_image_model().objects.create(title="Ingresso", file=get_test_image_file())
    form = bound_form(make_space(), editor, main_image=str(image.pk), main_image_alt="  ")
    assert not form.is_valid()
    assert form.has_error("main_image_alt", "alt_required")
    good = bound_form(
        make_space("Altro"), editor, main_image=str(image.pk), main_image_alt="L'ingresso"
    )
    assert good.is_valid(), good.errors


def test_the_editor_sees_the_error_next_to_the_field(client, editor):
    client.force_login(editor)
    space = make_space(municipio=municipio(3).number)
    data = space_form_data(space, slots=[slot_data(0, "14:00", "10:00")])
    data["action-publish"] = "action-publish"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[space.pk]), data)
    assert response.status_code == 200
    slot_form = response.context["form"].formsets["opening_slots"].forms[0]
    assert slot_form.has_error("closes", "end_before_start")
    message = slot_form.errors["closes"][0]
    assert escape(message) in response.text
    assert not SpacePage.objects.get(pk=space.pk).opening_slots.filter(opens="14:00").exists()
