"""Demo accounts: one per role, clearly fictional, with a shared demo password."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from wemi_community.catalogue.models import Municipio, Nil, ServiceCategory

from . import mfa
from .models import Organisation, OrganisationStaff, User
from .roles import Role
from .services import privacy_consent_record

DEMO_PASSWORD = "wemi-demo-2026"  # noqa: S105 - published on purpose: demo logins only
DEMO_DOMAIN = "demo.wemi.example"
DEMO_ORGANISATION = "Cooperativa Sociale Esempio (demo)"

# (role, e-mail local part, display name, Municipio number)
DEMO_ACCOUNTS = [
    (Role.RESIDENT, "residente", "Giulia (demo)", 5),
    (Role.RESIDENT, "vicino", "Franco, vicino di casa (demo)", 5),
    (Role.SPACE_COORDINATOR, "coordinatrice", "Marta, coordinatrice (demo)", 5),
    (Role.DESK_OPERATOR, "sportello", "Luca, sportello (demo)", 5),
    (Role.LAB_FACILITATOR, "facilitatore", "Paolo, amministratore (demo)", 8),
    (Role.PROVIDER_STAFF, "ente", "Sara, cooperativa (demo)", 4),
    (Role.VOLUNTEER, "volontario", "Ahmed, volontario (demo)", 2),
    (Role.CITY_STAFF, "comune", "Elena, Comune di Milano (demo)", 1),
]


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def say(stdout, text: str) -> None:
    """A line of a module's seed summary, when there is somewhere to write it."""
    if stdout:
        stdout.write(text + "\n")


def clock_time(text: str) -> datetime.time:
    """ "09:30" of the demo data as a time."""
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


@transaction.atomic
def seed(*, size: int = 1, stdout=None) -> list[tuple[str, str, str]]:
    """Creates or refreshes the demo accounts; returns (role label, e-mail, password) rows."""
    rows = []
    for role, local_part, display_name, municipio_number in DEMO_ACCOUNTS:
        municipio = Municipio.objects.get(number=municipio_number)
        user, created = User.objects.get_or_create(
            email=demo_email(local_part),
            defaults={
                "display_name": display_name,
                "nickname": local_part,
                "municipio": municipio,
                "nil": Nil.objects.filter(municipio=municipio).order_by("code").first(),
                "household_size": 3 if role == Role.RESIDENT else 1,
                "email_confirmed_at": timezone.now(),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.nickname = user.nickname or local_part
        user.is_staff = role in {Role.SPACE_COORDINATOR, Role.DESK_OPERATOR, Role.CITY_STAFF}
        user.is_superuser = role == Role.CITY_STAFF
        user.save()
        if role != Role.RESIDENT:
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        rows.append((str(role.label), user.email, DEMO_PASSWORD))

    organisation, _ = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION,
        defaults={
            "slug": "cooperativa-sociale-esempio-demo",
            "description": "Ente di esempio per la demo: non esiste.",
        },
    )
    organisation.accredited_categories.set(
        ServiceCategory.objects.filter(
            level=ServiceCategory.Level.LEVEL2,
            name__in=["Baby sitter condivisa", "Assistente familiare condivisa", "Baby sitter"],
        )
    )
    OrganisationStaff.objects.get_or_create(
        organisation=organisation,
        user=User.objects.get(email=demo_email("ente")),
        defaults={"role": OrganisationStaff.Role.MANAGER},
    )
    return rows


def demo_person(local_part: str, display_name: str, municipio_number: int, **fields) -> User:
    """A clearly fictional demo account (no password: it cannot sign in), made once."""
    municipio = Municipio.objects.get(number=municipio_number)
    user, created = User.objects.get_or_create(
        email=demo_email(local_part),
        defaults={
            "display_name": display_name,
            "nickname": local_part.replace(".", "-"),
            "municipio": municipio,
            "nil": Nil.objects.filter(municipio=municipio).order_by("code").first(),
            "email_confirmed_at": timezone.now(),
            **fields,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# Logins that other modules' demos create, for a space or a role of their own.
EXTRA_LOGINS = (
    ("coordinamento.capuana", _("Space coordinator (WeMi Capuana)")),
    ("educatrice", _("Educator of the financial-education course")),
)


def extra_logins() -> list[tuple[str, str, str]]:
    """(label, e-mail, password) of the extra demo logins that exist."""
    existing = set(
        User.objects.filter(
            email__in=[demo_email(local) for local, _label in EXTRA_LOGINS]
        ).values_list("email", flat=True)
    )
    return [
        (str(label), demo_email(local), DEMO_PASSWORD)
        for local, label in EXTRA_LOGINS
        if demo_email(local) in existing
    ]


# The second factor of the staff demo logins: fixed keys (base32, as authenticator apps take
# them), published on purpose like the password, so that anyone can add them to an app or
# compute a code. `make run` prints them with their otpauth:// addresses.
DEMO_TOTP_SECRETS = {
    "coordinatrice": "WEMIDEMOCOORDINATRICEAAAAAAAAAAA",
    "sportello": "WEMIDEMOSPORTELLOAAAAAAAAAAAAAAA",
    "facilitatore": "WEMIDEMOFACILITATOREAAAAAAAAAAAA",
    "ente": "WEMIDEMOENTEAAAAAAAAAAAAAAAAAAAA",
    "comune": "WEMIDEMOCOMUNEAAAAAAAAAAAAAAAAAA",
    "coordinamento.capuana": "WEMIDEMOCOORDINAMENTOCAPUANAAAAA",
}


def enrol_staff() -> None:
    """Gives each staff demo login its authenticator app (idempotent: an app already set up
    with the documented key keeps its state)."""
    if not settings.WEMI_DEMO_SECOND_FACTOR:
        return
    for local_part, secret in DEMO_TOTP_SECRETS.items():
        user = User.objects.filter(email=demo_email(local_part)).first()
        if user is None:
            continue
        key = mfa.key_from_base32(secret)
        if TOTPDevice.objects.filter(user=user, confirmed=True, key=key).exists():
            continue
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name=mfa.APP_DEVICE_NAME, key=key, confirmed=True)


def record_consents() -> None:
    """Every demo login accepted the notice in force, as a person signing up does (once per
    version: seeding again records nothing more)."""
    for user in User.objects.filter(email__endswith="@" + DEMO_DOMAIN, deleted_at__isnull=True):
        privacy_consent_record(user=user)


def second_factors() -> list[tuple[str, str, str]]:
    """(e-mail, base32 key, otpauth:// address) of the staff demo logins that have an app."""
    rows = []
    for local_part, secret in DEMO_TOTP_SECRETS.items():
        user = User.objects.filter(email=demo_email(local_part)).first()
        if user is not None and mfa.has_second_factor(user):
            rows.append((user.email, secret, mfa.otpauth_uri(user, mfa.key_from_base32(secret))))
    return rows
