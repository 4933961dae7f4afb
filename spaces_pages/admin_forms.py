"""The Wagtail editing form of a space: rules that span several fields, with each error put
next to the field the editor has to fix (the NIL, the alt text, the slot's "to" time)."""

from __future__ import annotations

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from spaces_pages import hours
from wemi_community.catalogue.models import Nil


def _live_forms(formset):
    """The child forms that will be saved: valid, not marked for deletion, not left empty."""
    for form in formset.forms:
        if not form.is_valid() or not form.cleaned_data:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        yield form


def _nil_choices() -> list:
    """The 88 NIL grouped under their Municipio, so the right one is easy to find."""
    groups: dict[str, list] = {}
    # Plain values: the boundaries (hundreds of kB of GeoJSON) are not needed here.
    rows = Nil.objects.order_by("municipio__number", "name").values_list(
        "pk", "name", "municipio__name"
    )
    for pk, name, municipio in rows:
        groups.setdefault(municipio, []).append((pk, name))
    return [("", "---------"), *groups.items()]


class SpacePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "municipio" in self.fields:
            self.fields["municipio"].error_messages["required"] = _(
                "Choose the Municipio the space is in."
            )
        if "nil" in self.fields:
            self.fields["nil"].choices = _nil_choices()

    def clean(self):
        cleaned = super().clean()
        self._clean_nil(cleaned)
        self._clean_map_point(cleaned)
        self._clean_image(cleaned)
        self._clean_opening_slots()
        self._clean_closures()
        return cleaned

    def _clean_nil(self, cleaned):
        municipio, nil = cleaned.get("municipio"), cleaned.get("nil")
        if municipio is not None and nil is not None and nil.municipio_id != municipio.pk:
            self.add_error(
                "nil",
                forms.ValidationError(
                    _("%(nil)s is not in %(municipio)s: choose a NIL of that Municipio."),
                    code="nil_outside_municipio",
                    params={"nil": nil.display_name, "municipio": municipio.name},
                ),
            )

    def _clean_map_point(self, cleaned):
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            if missing not in self.errors:
                self.add_error(
                    missing,
                    forms.ValidationError(
                        _("Give both latitude and longitude, or neither."), code="half_point"
                    ),
                )

    def _clean_image(self, cleaned):
        if cleaned.get("main_image") and not (cleaned.get("main_image_alt") or "").strip():
            self.add_error(
                "main_image_alt",
                forms.ValidationError(
                    _("Describe the image for people who cannot see it."), code="alt_required"
                ),
            )

    def _clean_opening_slots(self):
        formset = self.formsets.get("opening_slots")
        if formset is None:
            return
        checked, slots = [], []
        for form in _live_forms(formset):
            data = form.cleaned_data
            if not hours.slot_is_valid(data["opens"], data["closes"]):
                form.add_error(
                    "closes",
                    forms.ValidationError(
                        _(
                            "The end must come after the start. For an opening past midnight, "
                            "end this one at 00:00 and add the rest on the next day."
                        ),
                        code="end_before_start",
                    ),
                )
                continue
            checked.append(form)
            slots.append(hours.Slot(data["weekday"], data["opens"], data["closes"]))
        for index in sorted(hours.overlapping_slots(slots)):
            form = checked[index]
            form.add_error(
                "opens",
                forms.ValidationError(
                    _("This slot overlaps another one on %(day)s."),
                    code="overlap",
                    params={"day": WEEKDAYS[slots[index].weekday]},
                ),
            )

    def _clean_closures(self):
        formset = self.formsets.get("closures")
        if formset is None:
            return
        for form in _live_forms(formset):
            start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
            if end < start:
                form.add_error(
                    "end_date",
                    forms.ValidationError(
                        _("The last day cannot come before the first day."),
                        code="end_before_start",
                    ),
                )
