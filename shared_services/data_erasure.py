"""What the shared services hold about a person who deletes their account
(``accounts.personal_data``): their household leaves the services not yet ended (an
invitation is declined, a seat freed: the waitlist moves up, through the services' own
seat services). The membership records with the ISEE band, the quota and the City's
co-payment are KEPT: they are accounting records of public spending, which the law
(art. 2220 of the Civil Code, the rules on public accounts) makes the City keep for ten
years; they point at the emptied account and name nobody. Confirmations of delivered
sessions and ratings stay too, anonymous, for the services' accountability."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wemi_community.accounts.personal_data import Erasure
from wemi_community.core.errors import ParticipationError

from . import services
from .models import Membership, SharedService

M = Membership.State


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    released = 0
    open_memberships = (
        Membership.objects.filter(user=user, state__in=(M.INVITED, M.MEMBER, M.WAITLISTED))
        .exclude(service__state=SharedService.State.ENDED)
        .select_related("service")
        .order_by("pk")
    )
    for membership in open_memberships:
        try:
            if membership.state == M.INVITED:
                services.seat_decline(actor=user, service=membership.service, person=user)
            else:
                services.service_leave(actor=user, service=membership.service, person=user)
        except (PermissionDenied, ParticipationError):
            continue
        released += 1
    if released:
        erasure.released.append(
            ngettext(
                "Your household left %(count)d shared service: the seat went to the waitlist.",
                "Your household left %(count)d shared services: the seats went to the waitlist.",
                released,
            )
            % {"count": released}
        )
    if Membership.objects.filter(user=user, member_since__isnull=False).exists():
        erasure.kept.append(
            _(
                "The records of the shared services you used (quota, ISEE band, the City's "
                "co-payment), without your name: the law makes the City keep accounting "
                "records of public spending for ten years."
            )
        )
    return erasure
