"""The form components: Bootstrap Italia markup with errors wired for assistive technology."""

from bs4 import BeautifulSoup
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from .helpers import text


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="How others see you.")
    email = forms.EmailField(label="E-mail")
    people = forms.IntegerField(label="People in the household", min_value=1)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    service = forms.ChoiceField(
        label="Service",
        choices=[
            ("", "---------"),
            ("Home care", [("carer", "Family assistant"), ("cleaning", "Cleaning")]),
            ("Children", [("babysitter", "Babysitter")]),
        ],
    )
    when = forms.ChoiceField(
        label="When", widget=forms.RadioSelect, choices=[("am", "Morning"), ("pm", "Afternoon")]
    )
    agree = forms.BooleanField(label="I agree")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("These details do not match.")


def render(form):
    with translation.override("en"):
        html = render_to_string("cms_templates/forms/form.html", {"form": form})
    return BeautifulSoup(html, "html.parser")


def invalid_form():
    form = SampleForm(data={"name": "", "email": "not-an-address", "people": "0", "token": "t"})
    assert not form.is_valid()
    return form


def test_errors_mark_the_input_and_are_described_by_the_message():
    document = render(invalid_form())

    email = document.select_one("input#id_email")
    assert "is-invalid" in email["class"]
    assert "form-control" in email["class"]
    assert email["aria-invalid"] == "true"
    assert "id_email_error" in email["aria-describedby"].split()
    error = document.select_one("#id_email_error")
    assert "invalid-feedback" in error["class"]
    assert "Enter a valid email address." in text(error)


def test_help_text_and_error_are_both_described():
    document = render(invalid_form())

    name = document.select_one("input#id_name")
    assert name["aria-describedby"].split() == ["id_name_helptext", "id_name_error"]
    assert text(document.select_one("#id_name_helptext")) == "How others see you."
    assert "This field is required." in text(document.select_one("#id_name_error"))


def test_labels_are_linked_and_required_fields_marked():
    document = render(SampleForm())

    for field_id in ("id_name", "id_email", "id_people", "id_notes", "id_service", "id_agree"):
        label = document.select_one(f'label[for="{field_id}"]')
        assert label is not None, field_id
        assert document.select_one(f"#{field_id}") is not None
    assert document.select_one("input#id_name").has_attr("required")
    assert document.select_one('label[for="id_name"] .wemi-required')["aria-hidden"] == "true"
    assert document.select_one('label[for="id_notes"] .wemi-required') is None
    assert document.select_one("textarea#id_notes") is not None
    assert document.select_one("input#id_people")["type"] == "number"
    assert document.select_one("input#id_email")["type"] == "email"
    assert "Fields marked with" in text(document.select_one(".wemi-required-note"))


def test_selects_keep_their_option_groups():
    document = render(SampleForm())

    select = document.select_one(".select-wrapper select#id_service")
    groups = [group["label"] for group in select.select("optgroup")]
    assert groups == ["Home care", "Children"]
    assert [o["value"] for o in select.select("optgroup option")] == [
        "carer",
        "cleaning",
        "babysitter",
    ]


def test_radio_lists_are_a_fieldset_with_a_legend():
    document = render(invalid_form())

    fieldset = document.select_one("fieldset#id_when")
    assert text(fieldset.legend).startswith("When")
    radios = fieldset.select("input[type=radio]")
    assert [r["value"] for r in radios] == ["am", "pm"]
    for radio in radios:
        assert document.select_one(f'label[for="{radio["id"]}"]') is not None
        assert radio["aria-invalid"] == "true"
        assert "id_when_error" in radio["aria-describedby"]
    assert fieldset["aria-describedby"] == "id_when_error"


def test_checkbox_comes_before_its_label():
    document = render(SampleForm())

    checkbox = document.select_one(".form-check input#id_agree")
    assert checkbox["type"] == "checkbox"
    assert checkbox.find_next_sibling("label")["for"] == "id_agree"


def test_non_field_errors_and_summary_are_an_alert():
    document = render(invalid_form())

    summary = document.select_one(".alert.alert-danger[role=alert]")
    assert "These details do not match." in text(summary)
    assert summary.select_one('a[href="#id_email"]') is not None
    assert summary.select_one('a[href="#id_when"]') is not None


def test_hidden_fields_are_rendered():
    document = render(invalid_form())

    assert document.select_one("input[type=hidden][name=token]")["value"] == "t"
