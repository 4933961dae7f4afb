"""Forms of the offer and shared-service pages. They check the shape of what people type; the
rules (coherent price lists, seats, time windows) are the services' and ``pricing``'s."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.models import Organisation
from wemi_community.core.forms import WholeNumberField

from . import pricing
from .models import MAX_HOUSEHOLD_SIZE, MAX_HOUSEHOLDS, DeliveryCheck, IseeBand

UNDECLARED_FIELD = "undeclared"
EXTRA_BANDS = 4


def parse_euro(value: str) -> Decimal:
    """ "36,50", "36.50", "€ 1.234,50" and "1,234.50" are all amounts in euro; the last mark
    is the decimal one when both appear."""
    text = str(value).replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    else:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Write an amount in euro, for example 36,50.")) from None
    if not amount.is_finite():
        raise ValidationError(_("Write an amount in euro, for example 36,50."))
    return amount


class EuroField(forms.Field):
    """An amount in euro typed with a comma or a dot; its sign and size are for the price
    list's rules to judge, so every problem shows in the same words."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "maxlength": "20"})

    def to_python(self, value):
        value = str(value).strip() if value is not None else ""
        if value in self.empty_values:
            return None
        if len(value) > 20:
            raise ValidationError(_("Write an amount in euro, for example 36,50."))
        return parse_euro(value)


# --- Offers -----------------------------------------------------------------------------------


class OfferForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Provider"), empty_label=None)
    min_households = WholeNumberField(
        label=_("Minimum households"),
        min_value=1,
        max_value=MAX_HOUSEHOLDS,
        help_text=_("The service does not start with fewer households."),
    )
    max_households = WholeNumberField(
        label=_("Maximum households"),
        min_value=1,
        max_value=MAX_HOUSEHOLDS,
        help_text=_("The seats: more households go on the waitlist."),
    )
    schedule = forms.CharField(
        label=_("Schedule"),
        max_length=200,
        help_text=_("Days and times the service would run, e.g. Tuesday and Thursday 16:30–19."),
    )
    description = forms.CharField(
        label=_("What the offer includes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        field = self.fields["organisation"]

        field.queryset = Organisation.objects.filter(
            pk__in=[org.pk for org in self.organisations]
        ).order_by("name")
        if len(self.organisations) == 1:
            # One provider: nothing to choose, the page says whose offer it is.
            del self.fields["organisation"]

    def chosen_organisation(self):
        if "organisation" in self.fields:
            return self.cleaned_data["organisation"]
        return self.organisations[0]


class BandForm(forms.Form):
    min_households = WholeNumberField(
        label=_("From households"), min_value=1, max_value=MAX_HOUSEHOLDS
    )
    max_households = WholeNumberField(
        label=_("To households"), min_value=1, max_value=MAX_HOUSEHOLDS
    )
    group_price_per_hour = EuroField(label=_("Price per hour for the group (€)"))

    def band(self) -> pricing.BandData | None:
        if not self.has_changed() or not hasattr(self, "cleaned_data"):
            return None
        data = self.cleaned_data
        if not data:
            return None
        return pricing.BandData(
            data["min_households"], data["max_households"], data["group_price_per_hour"]
        )


class BaseBandFormSet(forms.BaseFormSet):
    """The price list. Once the offer's minimum and maximum are known (``bounds``), the
    bands are checked together with ``pricing.validate_bands``: the problems show at the top
    of the list."""

    bounds: tuple[int, int] | None = None

    def bands(self) -> list[pricing.BandData]:
        return [band for form in self.forms if (band := form.band()) is not None]

    def clean(self):
        if any(self.errors) or self.bounds is None:
            return
        problems = pricing.validate_bands(
            self.bands(), min_households=self.bounds[0], max_households=self.bounds[1]
        )
        if problems:
            raise ValidationError(problems)


BandFormSet = forms.formset_factory(
    BandForm, formset=BaseBandFormSet, extra=EXTRA_BANDS, max_num=50, absolute_max=60
)


class OfferChooseForm(forms.Form):
    confirm_days = WholeNumberField(
        label=_("Days the households have to confirm their seat"),
        min_value=1,
        max_value=60,
    )
    contact = forms.CharField(
        label=_("Contacts for the members"),
        required=False,
        max_length=300,
        help_text=_("Who to call or write to: only members, the provider and you see it."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        kwargs.setdefault("initial", {"confirm_days": settings.WEMI_SERVICE_CONFIRM_DAYS})
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"


# --- Shared services --------------------------------------------------------------------------


class SeatForm(forms.Form):
    household_size = WholeNumberField(
        label=_("People in your household who will use it"),
        min_value=1,
        max_value=MAX_HOUSEHOLD_SIZE,
    )


class IseeForm(forms.Form):
    isee_band = forms.ChoiceField(
        label=_("Your ISEE band"),
        choices=IseeBand.choices,
        required=False,
        help_text=_("Only the coordinators of the space see it; it sets the City's share."),
    )


def copayment_field_name(band: str) -> str:
    return band or UNDECLARED_FIELD


class CopaymentForm(forms.Form):
    """A percentage of the quota the City covers, for each ISEE band."""

    def __init__(self, *args, percents: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        percents = percents or {}
        for value, label in IseeBand.choices:
            name = copayment_field_name(value)
            self.fields[name] = WholeNumberField(
                label=label,
                min_value=0,
                max_value=100,
                initial=percents.get(value, 0),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
            )

    def percents(self) -> dict[str, int]:
        return {value: self.cleaned_data[copayment_field_name(value)] for value in IseeBand.values}


class DeliveryForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hours = forms.CharField(
        label=_("Hours"),
        max_length=8,
        help_text=_("From 0.25 to 24, e.g. 2 or 1,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeliveryCheckForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your verdict"),
        choices=DeliveryCheck.Verdict.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Needed to dispute: say what did not go as logged."),
    )

    def __init__(self, *args, entry_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry_id = entry_id
        self.auto_id = f"id_check_{entry_id}_%s"


STAR_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"), choices=STAR_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
