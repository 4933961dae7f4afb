"""Who acts and for whom, in the participation services. The desks that act for residents
belong to the spaces, a layer above this one, so these services cannot ask who may act for
whom: the caller, which may ask (``spaces_pages.permissions.can_act_for``), decides and
passes ``may_act_for``; without it a person acts only for themselves."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .permissions import is_signed_in
from .seats import behalf


def acting_for(actor, person, *, may_act_for: bool = False):
    """Returns ``(person, on_behalf_of)``: ``person`` is the actor when not given;
    ``on_behalf_of`` is the person when someone else acts, for the audit trail. Someone
    acting for another person without the caller's leave is refused."""
    person = person or actor
    if not is_signed_in(actor) or not is_signed_in(person):
        raise PermissionDenied
    on_behalf_of = behalf(actor, person)
    if on_behalf_of is not None and not may_act_for:
        raise PermissionDenied(_("You may not act for this person."))
    return person, on_behalf_of
