"""A service's refusal lands next to the field it names, or on top of the form."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from wemi_community.core.forms import add_service_errors, service_error_messages
from wemi_community.core.milan import ROME, in_rome


class ShiftLikeForm(forms.Form):
    date = forms.DateField(required=False)
    end_time = forms.TimeField(required=False)


def test_a_field_the_form_has_gets_its_message_in_place():
    form = ShiftLikeForm(data={})
    form.is_valid()
    add_service_errors(form, ValidationError({"date": "Scegli un giorno.", "other": "Altro."}))
    assert form.errors["date"] == ["Scegli un giorno."]
    assert form.non_field_errors() == ["Altro."]


def test_the_services_names_map_to_the_forms():
    form = ShiftLikeForm(data={})
    form.is_valid()
    add_service_errors(
        form,
        ValidationError({"ends_at": "Deve finire dopo l'inizio."}),
        field_names={"ends_at": "end_time"},
    )
    assert form.errors["end_time"] == ["Deve finire dopo l'inizio."]
    assert not form.non_field_errors()


def test_a_message_without_a_field_goes_on_top():
    form = ShiftLikeForm(data={})
    form.is_valid()
    add_service_errors(form, ValidationError(["Primo.", "Secondo."]))
    assert form.non_field_errors() == ["Primo.", "Secondo."]
    assert service_error_messages(ValidationError("Uno.")) == {"__all__": ["Uno."]}


def test_a_wall_clock_time_in_milan_follows_the_clock_change():
    winter = in_rome(datetime.date(2026, 3, 28), datetime.time(10))
    summer = in_rome(datetime.date(2026, 3, 29), datetime.time(10))
    assert winter.tzinfo is ROME
    assert winter.utcoffset() == datetime.timedelta(hours=1)
    assert summer.utcoffset() == datetime.timedelta(hours=2)
