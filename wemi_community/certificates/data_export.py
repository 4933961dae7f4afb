"""The certificates issued to the person, for "download my data"."""

from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .models import Certificate

TABLES = {"certificates": _("Your certificates (courses, volunteer hours)")}

COLUMNS = {
    "code": _("Verification code (/verifica/<code>/)"),
    "kind": _("Kind of certificate"),
    "issued_to": _("The name written on it"),
    "subject": _("What it certifies"),
    "issuer": _("Who issued it"),
    "period_start": _("Start of the period"),
    "period_end": _("End of the period"),
    "issued_at": _("When it was issued"),
    "revoked_at": _("When it was revoked"),
}


def export(user) -> dict[str, list[dict]]:
    return {
        "certificates": [
            {
                "code": c.code,
                "kind": c.kind,
                "issued_to": c.holder_name,
                "subject": c.subject,
                "issuer": c.issuer_name,
                "period_start": plain(c.period_start),
                "period_end": plain(c.period_end),
                "issued_at": plain(c.issued_at),
                "revoked_at": plain(c.revoked_at),
            }
            for c in Certificate.objects.filter(holder=user).order_by("issued_at", "pk")
        ]
    }
