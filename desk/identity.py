"""Phone numbers and codici fiscali as the desk takes them: checked with kept libraries
(``phonenumbers``, ``python-codicefiscale``), stored in one canonical form."""

from __future__ import annotations

import phonenumbers
from codicefiscale import codicefiscale
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "IT"


def phone_normalise(raw: str) -> str:
    """E.164 (``+393331234567``) of an Italian number, or of a foreign one typed with its
    ``+`` prefix; anything that is not a possible, valid number is refused."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Type a phone number."), code="required")
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _(
                "“%(phone)s” is not a phone number. Type it with its prefix, e.g. 02 1234567 "
                "or +39 333 1234567."
            ),
            code="invalid",
            params={"phone": text[:30]},
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(phone)s” is not a valid Italian or international phone number."),
            code="invalid",
            params={"phone": text[:30]},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """How people read it: national form for Italian numbers, international otherwise."""
    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 39:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def fiscal_code_normalise(raw: str) -> str:
    """The code in capitals without spaces, if its check character and its structure
    (homocodes included) hold; refused otherwise."""
    code = "".join((raw or "").split()).upper()
    if not code:
        return ""
    if len(code) != 16 or not codicefiscale.is_valid(code):
        raise ValidationError(
            _(
                "“%(code)s” is not a valid codice fiscale: check the letters and the last "
                "character."
            ),
            code="invalid",
            params={"code": code[:20]},
        )
    return code


def fiscal_code_birth_date(code: str):
    """The date of birth the code holds (homocodes included), or None."""
    try:
        return codicefiscale.decode(code)["birthdate"].date()
    except (ValueError, KeyError, TypeError):
        return None
