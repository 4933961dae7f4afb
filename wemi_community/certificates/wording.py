"""What a certificate says, written when it is shown (on paper or on the verification page),
in the reader's language."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Certificate


def title(certificate: Certificate) -> str:
    return str(Certificate.Kind(certificate.kind).label)


def period(certificate: Certificate) -> str:
    start, end = certificate.period_start, certificate.period_end
    if start and end and start != end:
        return _("from %(start)s to %(end)s") % {
            "start": formats.date_format(start, "DATE_FORMAT"),
            "end": formats.date_format(end, "DATE_FORMAT"),
        }
    if start or end:
        return _("on %(date)s") % {"date": formats.date_format(start or end, "DATE_FORMAT")}
    return ""


def statement(certificate: Certificate) -> str:
    """The sentence after the holder's name."""
    details = certificate.details or {}
    when = period(certificate)
    if certificate.kind == Certificate.Kind.COURSE:
        attended, sessions = int(details.get("attended", 0)), int(details.get("sessions", 0))
        text = _("attended the course “%(course)s” at %(issuer)s") % {
            "course": certificate.subject,
            "issuer": certificate.issuer_name,
        }
        text += ", " + ngettext(
            "taking part in %(attended)s session out of %(sessions)s",
            "taking part in %(attended)s sessions out of %(sessions)s",
            attended,
        ) % {"attended": attended, "sessions": sessions}
    else:
        hours = formats.number_format(float(details.get("hours", 0)), decimal_pos=1)
        text = _("gave %(hours)s hours of volunteer work at %(issuer)s") % {
            "hours": hours,
            "issuer": certificate.issuer_name,
        }
        if details.get("activities"):
            text += " (" + ", ".join(details["activities"][:6]) + ")"
    return f"{text}, {when}." if when else f"{text}."
