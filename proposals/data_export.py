"""The proposals the person wrote and the ones their household joined, for "download my
data". Who else joined is other people's: only the totals shown on the page are copied."""

from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .models import Proposal, Support

TABLES = {
    "proposals_written": _("The proposals you wrote"),
    "proposals_joined": _("The proposals your household joined (“count me in”)"),
}

COLUMNS = {
    "proposal_id": _("The proposal's number"),
    "description": _("Your description as written"),
    "category": _("Service category"),
    "audience": _("Who it is for"),
    "pricing": _("Pricing: free, co-payment or paid"),
    "households_joined": _("Households that joined it"),
    "published_at": _("When it was published"),
    "household_size": _("People in your household who would use it"),
    "updated_at": _("When it was last changed"),
}


def export(user) -> dict[str, list[dict]]:
    written = [
        {
            "proposal_id": p.pk,
            "title": p.title,
            "description": p.description_source,
            "space": p.space.title if p.space else "",
            "category": p.category.name if p.category else "",
            "audience": p.audience,
            "pricing": p.pricing_mode,
            "state": p.state,
            "households_joined": p.households_count,
            "created_at": plain(p.created_at),
            "published_at": plain(p.published_at),
        }
        for p in Proposal.objects.filter(author=user)
        .select_related("space", "category")
        .order_by("created_at", "pk")
    ]
    joined = [
        {
            "proposal_id": s.proposal_id,
            "title": s.proposal.title,
            "space": s.proposal.space.title if s.proposal.space else "",
            "household_size": s.household_size,
            "created_at": plain(s.created_at),
            "updated_at": plain(s.updated_at),
        }
        for s in Support.objects.filter(user=user)
        .select_related("proposal__space")
        .order_by("created_at", "pk")
    ]
    return {"proposals_written": written, "proposals_joined": joined}
