"""The observatory's filters: one GET form. Its fields only draw the choices; what a value
means and whether it is wrong is `evidence.selectors.scope_parse`'s to say (the API asks
the same), and its errors land next to their fields."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from wemi_community.evidence.selectors import Scope, ScopeError, default_period, scope_parse

from .selectors import Catalogue

PARAMETERS = ("dal", "al", "municipio", "nil", "spazio", "categoria")


class MonthInput(forms.TextInput):
    input_type = "month"


class ObservatoryFilterForm(forms.Form):
    dal = forms.CharField(
        label=_("From (month)"),
        required=False,
        widget=MonthInput(attrs={"placeholder": "2026-01"}),
        help_text=_("YYYY-MM"),
    )
    al = forms.CharField(
        label=_("To (month)"),
        required=False,
        widget=MonthInput(attrs={"placeholder": "2026-12"}),
        help_text=_("YYYY-MM"),
    )
    municipio = forms.CharField(label=_("Municipio"), required=False, widget=forms.Select)
    nil = forms.CharField(label=_("Neighbourhood (NIL)"), required=False, widget=forms.Select)
    spazio = forms.CharField(label=_("Space"), required=False, widget=forms.Select)
    categoria = forms.CharField(label=_("Category"), required=False, widget=forms.Select)

    def __init__(self, params: QueryDict, *, catalogue: Catalogue):
        data = {name: params.get(name, "").strip() for name in PARAMETERS}
        first, last = default_period()
        data["dal"] = data["dal"] or f"{first:%Y-%m}"
        data["al"] = data["al"] or f"{last:%Y-%m}"
        super().__init__(data)
        self.scope: Scope | None = None
        everything = [("", _("All"))]
        self.fields["municipio"].widget.choices = everything + [
            (str(m.number), m.name) for m in catalogue.municipi
        ]
        names = {m.pk: m.name for m in catalogue.municipi}
        self.fields["nil"].widget.choices = everything + [
            (names.get(municipio_id, ""), [(str(n.code), n.display_name) for n in nils])
            for municipio_id, nils in groupby(catalogue.nils, lambda n: n.municipio_id)
        ]
        self.fields["spazio"].widget.choices = everything + [
            (str(s.pk), s.title) for s in catalogue.spaces
        ]
        areas = [c for c in catalogue.categories if c.parent_id is None]
        children: dict[int, list] = {}
        for category in catalogue.categories:
            if category.parent_id:
                children.setdefault(category.parent_id, []).append(category)

        def below(node, depth=1):
            for child in children.get(node.pk, []):
                yield (child.slug, "\u2003" * (depth - 1) + child.translated_name)
                yield from below(child, depth + 1)

        self.fields["categoria"].widget.choices = everything + [
            (area.translated_name, [(area.slug, area.translated_name), *below(area)])
            for area in areas
        ]

    def clean(self):
        try:
            self.scope = scope_parse(self.cleaned_data)
        except ScopeError as error:
            for name, message in error.errors.items():
                self.add_error(name if name in self.fields else None, message)
                if name in ("dal", "al"):
                    # A browser's month picker cannot show what it cannot read: as text,
                    # the wrong value stays in sight next to its error.
                    self.fields[name].widget.input_type = "text"
        return self.cleaned_data

    def query(self) -> str:
        """The filters as a query string, for the CSV links."""
        params = QueryDict(mutable=True)
        for name in PARAMETERS:
            if self.data.get(name):
                params[name] = self.data[name]
        return params.urlencode()
