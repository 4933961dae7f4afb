"""Residents registered at a desk: registering (no password; the e-mail is optional), the
paper consent, editing, and finding someone by an exact match only."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.accounts.models import PrivacyConsent
from wemi_community.accounts.services import privacy_consent_record
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict

from . import kinds, permissions
from .identity import fiscal_code_birth_date, fiscal_code_normalise, phone_normalise
from .models import DeskResident

# The desk never browses the register: a search that matches more is refused.
MAX_FOUND = 5

User = get_user_model()


class AlreadyRegistered(StateConflict):
    """The codice fiscale (or e-mail) is someone's already: the desk is led to them."""

    def __init__(self, message: str, person):
        super().__init__(message)
        self.person = person


def privacy_version() -> str:
    return settings.PRIVACY_NOTICE_VERSION


def _facts(resident: DeskResident) -> dict:
    user = resident.user
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": resident.phone,
        "email": user.email or "",
        "fiscal_code": resident.fiscal_code or "",
        "birth_date": resident.birth_date.isoformat() if resident.birth_date else "",
        "municipio": user.municipio_id,
        "nil": user.nil_id,
        "household_size": user.household_size,
        "language": user.preferred_language,
    }


def _clean(data: dict, *, resident: DeskResident | None = None) -> dict:
    """Checks and normalises what the form gave; raises ValidationError by field."""
    errors = {}
    cleaned = dict(data)
    try:
        cleaned["phone"] = phone_normalise(data.get("phone", ""))
    except ValidationError as error:
        errors["phone"] = error
    try:
        cleaned["fiscal_code"] = fiscal_code_normalise(data.get("fiscal_code", "")) or None
    except ValidationError as error:
        errors["fiscal_code"] = error
    birth = data.get("birth_date")
    code = cleaned.get("fiscal_code")
    if code and not errors.get("fiscal_code"):
        from_code = fiscal_code_birth_date(code)
        if birth and from_code and birth != from_code:
            errors["birth_date"] = ValidationError(
                _("The date of birth does not match the codice fiscale (%(date)s)."),
                params={"date": from_code.strftime("%d/%m/%Y")},
            )
        cleaned["birth_date"] = birth or from_code
    if birth and birth > timezone.localdate():
        errors["birth_date"] = ValidationError(_("The date of birth is in the future."))
    nil, municipio = data.get("nil"), data.get("municipio")
    if nil is not None and municipio is not None and nil.municipio_id != municipio.pk:
        errors["nil"] = ValidationError(
            _("This neighbourhood is in Municipio %(number)s."),
            params={"number": nil.municipio.number},
        )
    if nil is not None and municipio is None:
        cleaned["municipio"] = nil.municipio
    email = (data.get("email") or "").strip().lower()
    cleaned["email"] = email or None
    if errors:
        raise ValidationError(errors)
    _refuse_duplicates(cleaned, resident)
    return cleaned


def _refuse_duplicates(cleaned: dict, resident: DeskResident | None) -> None:
    own_user = resident.user_id if resident else None
    code = cleaned.get("fiscal_code")
    if code:
        other = DeskResident.objects.filter(fiscal_code=code).exclude(user_id=own_user).first()
        if other is not None:
            raise AlreadyRegistered(
                _("This codice fiscale is already registered: %(name)s.")
                % {"name": other.user.display_name},
                other.user,
            )
    email = cleaned.get("email")
    if email:
        other = User.objects.filter(email__iexact=email).exclude(pk=own_user).first()
        if other is not None:
            raise AlreadyRegistered(
                _("This e-mail address already belongs to an account: %(name)s.")
                % {"name": other.display_name},
                other,
            )


@transaction.atomic
def resident_register(*, actor, space, data: dict) -> DeskResident:
    """Registers a resident at ``space``'s desk: an account without a password (they cannot
    sign in until they activate it) and the desk's record. The consent is signed on paper
    afterwards (``consent_record``)."""
    if not permissions.can_register_resident(actor, space):
        raise PermissionDenied
    cleaned = _clean(data)
    first, last = cleaned["first_name"].strip(), cleaned["last_name"].strip()
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=cleaned["email"],
                password=None,
                first_name=first,
                last_name=last,
                display_name=f"{first} {last}".strip()[:60],
                household_size=cleaned.get("household_size") or 1,
                preferred_language=cleaned.get("language") or settings.LANGUAGE_CODE,
                municipio=cleaned.get("municipio"),
                nil=cleaned.get("nil"),
            )
            resident = DeskResident.objects.create(
                user=user,
                space=space,
                phone=cleaned["phone"],
                fiscal_code=cleaned["fiscal_code"],
                birth_date=cleaned.get("birth_date"),
                registered_by=actor,
            )
    except IntegrityError:
        # Someone registered the same code or e-mail in the meantime.
        _refuse_duplicates(cleaned, None)
        raise
    audit_log(
        actor=actor,
        action=kinds.DESK_RESIDENT_REGISTERED,
        target=resident,
        on_behalf_of=user,
        data={"space": space.pk, "after": _facts(resident)},
    )
    return resident


@transaction.atomic
def resident_update(*, actor, resident: DeskResident, data: dict) -> DeskResident:
    if not permissions.can_edit_resident(actor, resident):
        raise PermissionDenied
    resident = DeskResident.objects.select_for_update().select_related("user").get(pk=resident.pk)
    if resident.user.has_usable_password() and (data.get("email") or "") != (
        resident.user.email or ""
    ):
        # Once the person is online, their e-mail is theirs to change, never the desk's.
        raise ValidationError(
            {"email": _("The person manages their own e-mail address now that they are online.")}
        )
    before = _facts(resident)
    cleaned = _clean(data, resident=resident)
    user = resident.user
    user.first_name = cleaned["first_name"].strip()
    user.last_name = cleaned["last_name"].strip()
    user.display_name = f"{user.first_name} {user.last_name}".strip()[:60]
    user.email = cleaned["email"]
    user.household_size = cleaned.get("household_size") or 1
    user.preferred_language = cleaned.get("language") or user.preferred_language
    user.municipio = cleaned.get("municipio")
    user.nil = cleaned.get("nil")
    user.save()
    for field in ("phone", "fiscal_code", "birth_date"):
        setattr(resident, field, cleaned.get(field))
    resident.save()
    after = _facts(resident)
    if before != after:
        audit_log(
            actor=actor,
            action=kinds.DESK_RESIDENT_EDITED,
            target=resident,
            on_behalf_of=user,
            data={"before": before, "after": after},
        )
    return resident


@transaction.atomic
def consent_record(*, actor, resident: DeskResident) -> DeskResident:
    """The person signed the printed consent form: when, recorded by whom, on which
    version of the privacy notice."""
    if not permissions.works_at_any_desk(actor):
        raise PermissionDenied
    resident = DeskResident.objects.select_for_update().get(pk=resident.pk)
    if resident.consent_signed_at is not None:
        raise StateConflict(_("The consent was already recorded."))
    now = timezone.now()
    resident.consent_signed_at = now
    resident.consent_recorded_by = actor
    resident.privacy_version = privacy_version()
    resident.save(update_fields=["consent_signed_at", "consent_recorded_by", "privacy_version"])
    privacy_consent_record(
        user=resident.user, channel=PrivacyConsent.Channel.DESK, recorded_by=actor, now=now
    )
    audit_log(
        actor=actor,
        action=kinds.DESK_CONSENT_SIGNED,
        target=resident,
        on_behalf_of=resident.user,
        data={"privacy_version": resident.privacy_version},
    )
    return resident


class TooManyFound(ValidationError):
    pass


def residents_find(
    *,
    actor,
    fiscal_code: str = "",
    phone: str = "",
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    birth_date: datetime.date | None = None,
) -> list:
    """People matching exactly one of: the codice fiscale, the phone number, the e-mail
    address (how an account registered online is found), or first name, last name and date
    of birth together. Never more than MAX_FOUND."""
    if not permissions.can_find_residents(actor):
        raise PermissionDenied
    query = None
    if fiscal_code:
        query = Q(desk_record__fiscal_code=fiscal_code_normalise(fiscal_code))
    elif phone:
        query = Q(desk_record__phone=phone_normalise(phone))
    elif email.strip():
        query = Q(email__iexact=email.strip())
    elif first_name.strip() and last_name.strip() and birth_date:
        query = Q(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            desk_record__birth_date=birth_date,
        )
    if query is None:
        raise ValidationError(
            _(
                "Search by codice fiscale, by phone number, by e-mail, or by first name, last "
                "name and date of birth together."
            )
        )
    found = list(
        User.objects.filter(query, is_active=True)
        .select_related("desk_record", "desk_record__space")
        .order_by("last_name", "first_name", "pk")[: MAX_FOUND + 1]
    )
    if len(found) > MAX_FOUND:
        raise TooManyFound(
            _("More than %(count)s people match: add the codice fiscale or the phone number.")
            % {"count": MAX_FOUND}
        )
    return found
