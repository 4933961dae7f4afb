"""The person's household in shared services, for "download my data": memberships (with
the ISEE band declared and the quota per family), the sessions they checked and their
ratings. Other members are other people: only the service's own figures are copied."""

from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .models import DeliveryCheck, Membership, ServiceRating

TABLES = {
    "shared_services_memberships": _("Your household's places in shared services"),
    "shared_services_delivery_checks": _("The delivered sessions you confirmed or disputed"),
    "shared_services_ratings": _("Your ratings of shared services"),
}

COLUMNS = {
    "service": _("Shared service"),
    "provider": _("Provider"),
    "household_size": _("People in your household who use it"),
    "isee_band": _("ISEE band you declared"),
    "quota_per_family": _("The quota each family pays now (euro per hour)"),
    "invited_at": _("When you were invited to confirm"),
    "requested_at": _("When you asked for a place"),
    "member_since": _("Member since"),
    "ended_at": _("When the membership ended"),
    "session_date": _("Day of the session"),
    "hours": _("Hours delivered"),
    "verdict": _("Your answer: confirmed or disputed"),
    "note": _("Your note"),
    "stars": _("Your rating (1–5)"),
    "comment": _("Your comment"),
    "updated_at": _("When it was last changed"),
}


def export(user) -> dict[str, list[dict]]:
    memberships = [
        {
            "service": m.service.title,
            "provider": m.service.provider.name if m.service.provider_id else "",
            "space": m.service.space.title if m.service.space_id else "",
            "household_size": m.household_size,
            "state": m.state,
            "isee_band": m.isee_band,
            "quota_per_family": plain(m.service.current_quota),
            "invited_at": plain(m.invited_at),
            "requested_at": plain(m.requested_at),
            "member_since": plain(m.member_since),
            "ended_at": plain(m.ended_at),
        }
        for m in Membership.objects.filter(user=user)
        .select_related("service__provider", "service__space")
        .order_by("pk")
    ]
    checks = [
        {
            "service": c.entry.service.title,
            "session_date": plain(c.entry.date),
            "hours": plain(c.entry.hours),
            "verdict": c.verdict,
            "note": c.note,
            "created_at": plain(c.created_at),
        }
        for c in DeliveryCheck.objects.filter(user=user)
        .select_related("entry__service")
        .order_by("created_at", "pk")
    ]
    ratings = [
        {
            "service": r.service.title,
            "stars": r.stars,
            "comment": r.comment,
            "updated_at": plain(r.updated_at),
        }
        for r in ServiceRating.objects.filter(user=user).select_related("service").order_by("pk")
    ]
    return {
        "shared_services_memberships": memberships,
        "shared_services_delivery_checks": checks,
        "shared_services_ratings": ratings,
    }
