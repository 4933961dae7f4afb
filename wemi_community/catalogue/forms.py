"""Pickers for Municipio, NIL and service category, reusable by every form of the platform."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Nil


class LoadedOnceChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.options():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.options()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.options())


class LoadedOnceModelChoiceField(forms.ModelChoiceField):
    """Reads its options once per form: checking the submitted choice and rendering the list
    share that one query, so a filtered page costs no more queries than an unfiltered one."""

    iterator = LoadedOnceChoiceIterator

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._options = None
        return result

    def _set_queryset(self, queryset):
        self._options = None
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def options(self) -> list:
        if getattr(self, "_options", None) is None:
            self._options = list(self.queryset)
        return self._options

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = getattr(value, self.to_field_name or "pk")
        key = self.to_field_name or "pk"
        for obj in self.options():
            if str(obj.serializable_value(key)) == str(value):
                return obj
        raise forms.ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class GroupedModelChoiceIterator(LoadedOnceChoiceIterator):
    """Yields ``(group label, [choices])`` so the select renders ``<optgroup>`` elements."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for label, objects in groupby(self.field.options(), key=self.field.group_label):
            yield (label, [self.choice(obj) for obj in objects])


class GroupedModelChoiceField(LoadedOnceModelChoiceField):
    iterator = GroupedModelChoiceIterator

    def __init__(self, queryset, *, group_label, **kwargs):
        self.group_label = group_label
        super().__init__(queryset, **kwargs)


class MunicipioChoiceField(LoadedOnceModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Municipio"))
        kwargs.setdefault("empty_label", _("Choose a Municipio"))
        super().__init__(selectors.municipi(), **kwargs)


class NilChoiceField(GroupedModelChoiceField):
    """NIL grouped by their Municipio; the option carries the Municipio for the picker script."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Neighbourhood (NIL)"))
        kwargs.setdefault("empty_label", _("Choose a neighbourhood"))
        super().__init__(
            selectors.nils().order_by("municipio__number", "name"),
            group_label=lambda nil: str(nil.municipio),
            **kwargs,
        )

    def label_from_instance(self, obj: Nil) -> str:
        return obj.display_name


class ServiceCategoryChoiceField(GroupedModelChoiceField):
    """The services (level 2), grouped as "Area › Group"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Category"))
        kwargs.setdefault("empty_label", _("Choose a service"))
        super().__init__(
            selectors.services(),
            group_label=lambda cat: (
                f"{cat.parent.parent.translated_name} › {cat.parent.translated_name}"
            ),
            **kwargs,
        )


class MunicipioNilMixin:
    """For forms with both pickers: a NIL must lie in the chosen Municipio."""

    municipio_field = "municipio"
    nil_field = "nil"

    def clean(self):
        cleaned = super().clean()
        municipio = cleaned.get(self.municipio_field)
        nil = cleaned.get(self.nil_field)
        if nil and municipio and nil.municipio_id != municipio.pk:
            self.add_error(
                self.nil_field,
                _("%(nil)s is in %(actual)s, not in %(chosen)s.")
                % {"nil": nil.display_name, "actual": nil.municipio, "chosen": municipio},
            )
        elif nil and not municipio:
            cleaned[self.municipio_field] = nil.municipio
        return cleaned
