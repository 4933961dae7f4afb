"""The person's volunteering, for "download my data": the profile (skills, languages,
availability), shift sign-ups and invitations, hours logged and approved, statements of
hours, offers of help and the reminders sent. Who approved the hours or invited them is
another person and stays out."""

from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from . import slots
from .models import (
    HourEntry,
    HoursStatement,
    Invitation,
    ShiftReminder,
    Signup,
    VolunteerOffer,
    VolunteerProfile,
)

TABLES = {
    "volunteering_profile": _("Your volunteer profile"),
    "volunteering_signups": _("Your sign-ups for volunteer shifts"),
    "volunteering_invitations": _("The shifts you were invited to"),
    "volunteering_hours": _("The volunteer hours you gave"),
    "volunteering_hours_statements": _("The statements of your approved hours"),
    "volunteering_offers": _("Your offers of help"),
    "volunteering_reminders": _("The reminders of your shifts"),
}

COLUMNS = {
    "skills": _("Your skills"),
    "other_skills": _("Other skills you wrote"),
    "languages": _("Languages you speak"),
    "availability": _("When you are available (weekday 0 = Monday, and part of the day)"),
    "municipio": _("Municipio"),
    "bio": _("A few words about you"),
    "age_group": _("Age group"),
    "active": _("Whether you are available for new activities"),
    "opportunity": _("Volunteer opportunity"),
    "starts_at": _("When it starts"),
    "ends_at": _("When it ends"),
    "promoted_at": _("When you moved up from the waitlist"),
    "cancelled_at": _("When it was cancelled"),
    "attended": _("Whether your attendance was confirmed"),
    "answered_at": _("When you answered"),
    "date": _("Day"),
    "hours": _("Hours"),
    "activity": _("Activity"),
    "reviewed_at": _("When it was approved or rejected"),
    "rejection_reason": _("Why it was rejected"),
    "period_start": _("Start of the period"),
    "period_end": _("End of the period"),
    "description": _("Description"),
    "sent_at": _("When it was sent"),
}


def _availability(mask: int) -> str:
    return " ".join(slots.keys_of(mask))


def export(user) -> dict[str, list[dict]]:
    profiles = [
        {
            "skills": "; ".join(s.name for s in p.skills.all()),
            "other_skills": "; ".join(p.tags or []),
            "languages": "; ".join(p.languages or []),
            "availability": _availability(p.availability),
            "municipio": p.municipio.name if p.municipio_id else "",
            "bio": p.bio,
            "age_group": p.age_group,
            "active": p.active,
            "created_at": plain(p.created_at),
            "updated_at": plain(p.updated_at),
        }
        for p in VolunteerProfile.objects.filter(user=user)
        .select_related("municipio")
        .prefetch_related("skills")
    ]
    signups = (
        Signup.objects.filter(volunteer=user)
        .select_related("shift__opportunity__space")
        .order_by("created_at", "pk")
    )
    invitations = (
        Invitation.objects.filter(volunteer=user)
        .select_related("shift__opportunity")
        .order_by("created_at", "pk")
    )
    hours = HourEntry.objects.filter(volunteer=user).select_related("space").order_by("date", "pk")
    statements = (
        HoursStatement.objects.filter(volunteer=user)
        .select_related("space")
        .order_by("created_at", "pk")
    )
    offers = (
        VolunteerOffer.objects.filter(volunteer=user)
        .select_related("municipio")
        .prefetch_related("skills")
        .order_by("created_at", "pk")
    )
    reminders = (
        ShiftReminder.objects.filter(volunteer=user)
        .select_related("shift__opportunity")
        .order_by("sent_at", "pk")
    )
    return {
        "volunteering_profile": profiles,
        "volunteering_signups": [
            {
                "opportunity": s.shift.opportunity.title,
                "space": s.shift.opportunity.space.title,
                "starts_at": plain(s.shift.starts_at),
                "ends_at": plain(s.shift.ends_at),
                "state": s.state,
                "created_at": plain(s.created_at),
                "promoted_at": plain(s.promoted_at),
                "cancelled_at": plain(s.cancelled_at),
                "attended": s.attended,
            }
            for s in signups
        ],
        "volunteering_invitations": [
            {
                "opportunity": i.shift.opportunity.title,
                "starts_at": plain(i.shift.starts_at),
                "state": i.state,
                "created_at": plain(i.created_at),
                "answered_at": plain(i.answered_at),
            }
            for i in invitations
        ],
        "volunteering_hours": [
            {
                "space": h.space.title,
                "date": plain(h.date),
                "hours": plain(h.hours),
                "activity": h.activity,
                "state": h.state,
                "reviewed_at": plain(h.reviewed_at),
                "rejection_reason": h.rejection_reason,
                "created_at": plain(h.created_at),
            }
            for h in hours
        ],
        "volunteering_hours_statements": [
            {
                "space": s.space.title,
                "period_start": plain(s.period_start),
                "period_end": plain(s.period_end),
                "hours": plain(s.hours),
                "created_at": plain(s.created_at),
            }
            for s in statements
        ],
        "volunteering_offers": [
            {
                "title": o.title,
                "description": o.description,
                "skills": "; ".join(s.name for s in o.skills.all()),
                "municipio": o.municipio.name if o.municipio_id else "",
                "availability": _availability(o.availability),
                "state": o.state,
                "created_at": plain(o.created_at),
            }
            for o in offers
        ],
        "volunteering_reminders": [
            {
                "opportunity": r.shift.opportunity.title,
                "starts_at": plain(r.shift.starts_at),
                "sent_at": plain(r.sent_at),
            }
            for r in reminders
        ],
    }
