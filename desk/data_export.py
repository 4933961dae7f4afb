"""What the desks hold about a resident, for "download my data": the desk record (phone,
codice fiscale, date of birth, the paper consent), the assisted sessions done for them,
the contacts logged, appointments, the calls the desk made to tell them their news,
activation codes (never the code) and the checks of a possible duplicate account. The
operators are other people: the desk is named, they are not; a duplicate's other account
is not described."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .models.activation import ActivationCode
from .models.appointments import Appointment
from .models.calls import CallEntry
from .models.conflicts import DeskConflict
from .models.contacts import DeskContact
from .models.residents import DeskResident
from .models.sessions import AssistedSession

TABLES = {
    "desk_record": _("Your record at a WeMi desk"),
    "desk_assisted_sessions": _("The sessions in which a desk acted for you"),
    "desk_contacts": _("Your visits, calls and e-mails to a desk"),
    "desk_appointments": _("Your appointments at a desk"),
    "desk_calls": _("The calls a desk made to tell you your news"),
    "desk_activation_codes": _("The codes a desk printed to bring you online (never the code)"),
    "desk_duplicate_checks": _(
        "Checks of whether a desk record and an online account were both you"
    ),
}

COLUMNS = {
    "desk": _("The desk (WeMi space)"),
    "phone": _("Phone number"),
    "fiscal_code": _("Codice fiscale"),
    "birth_date": _("Date of birth"),
    "registered_at": _("When the desk registered you"),
    "privacy_version": _("Version of the privacy notice you signed"),
    "consent_signed_at": _("When you signed it"),
    "reason": _("Why the desk acted for you"),
    "started_at": _("When it started"),
    "ended_at": _("When it ended"),
    "end_reason": _("How it ended"),
    "happened_at": _("When it happened"),
    "channel": _("How: visit, phone call or e-mail"),
    "topics": _("Topics"),
    "outcome": _("Outcome"),
    "minutes": _("Minutes"),
    "note": _("Note"),
    "point": _("Desk or station"),
    "starts_at": _("When it starts"),
    "topic": _("Topic"),
    "cancelled_at": _("When it was cancelled"),
    "kind": _("Kind (code)"),
    "about": _("What it was about"),
    "attempts": _("Attempts"),
    "outcome_note": _("Note on the last attempt"),
    "handled_at": _("When it was handled"),
    "expires_at": _("When it expires"),
    "used_at": _("When it was used"),
    "voided_at": _("When it was voided"),
    "why": _("Why it was checked"),
    "resolved_at": _("When it was settled"),
}


def export(user) -> dict[str, list[dict]]:
    records = DeskResident.objects.filter(user=user).select_related("space")
    sessions = (
        AssistedSession.objects.filter(person=user)
        .select_related("space")
        .order_by("started_at", "pk")
    )
    contacts = (
        DeskContact.objects.filter(person=user)
        .select_related("space")
        .prefetch_related("topics")
        .order_by("happened_at", "pk")
    )
    appointments = (
        Appointment.objects.filter(person=user)
        .select_related("slot__point__space")
        .order_by("slot__starts_at", "pk")
    )
    calls = CallEntry.objects.filter(person=user).select_related("space").order_by("pk")
    codes = (
        ActivationCode.objects.filter(user=user)
        .select_related("space")
        .order_by("created_at", "pk")
    )
    conflicts = DeskConflict.objects.filter(Q(desk_user=user) | Q(online_user=user)).order_by(
        "created_at", "pk"
    )
    return {
        "desk_record": [
            {
                "desk": r.space.title if r.space_id else "",
                "phone": r.phone,
                "fiscal_code": r.fiscal_code or "",
                "birth_date": plain(r.birth_date),
                "registered_at": plain(r.registered_at),
                "privacy_version": r.privacy_version,
                "consent_signed_at": plain(r.consent_signed_at),
            }
            for r in records
        ],
        "desk_assisted_sessions": [
            {
                "desk": s.space.title if s.space_id else "",
                "reason": s.reason,
                "started_at": plain(s.started_at),
                "ended_at": plain(s.ended_at),
                "end_reason": s.end_reason,
            }
            for s in sessions
        ],
        "desk_contacts": [
            {
                "desk": c.space.title if c.space_id else "",
                "happened_at": plain(c.happened_at),
                "channel": c.channel,
                "topics": "; ".join(t.name for t in c.topics.all()),
                "outcome": c.outcome,
                "minutes": c.minutes,
                "note": c.note,
            }
            for c in contacts
        ],
        "desk_appointments": [
            {
                "desk": a.slot.point.space.title,
                "point": str(a.slot.point),
                "starts_at": plain(a.slot.starts_at),
                "topic": a.topic,
                "note": a.note,
                "state": a.state,
                "created_at": plain(a.created_at),
                "cancelled_at": plain(a.cancelled_at),
            }
            for a in appointments
        ],
        "desk_calls": [
            {
                "desk": c.space.title if c.space_id else "",
                "kind": c.kind,
                "about": c.target_title,
                "created_at": plain(c.created_at),
                "state": c.state,
                "attempts": c.attempts,
                "outcome_note": c.outcome_note,
                "handled_at": plain(c.handled_at),
            }
            for c in calls
        ],
        "desk_activation_codes": [
            {
                "desk": c.space.title if c.space_id else "",
                "created_at": plain(c.created_at),
                "expires_at": plain(c.expires_at),
                "used_at": plain(c.used_at),
                "voided_at": plain(c.voided_at),
            }
            for c in codes
        ],
        "desk_duplicate_checks": [
            {
                "why": c.why,
                "state": c.state,
                "created_at": plain(c.created_at),
                "resolved_at": plain(c.resolved_at),
            }
            for c in conflicts
        ],
    }
