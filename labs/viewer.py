"""Who is looking at a lab's page: the person (maybe anonymous) and their participation, by
account or as a guest whose key this browser keeps in its session. The pages and the
websocket consumer read guests the same way."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.http import Http404
from django_ratelimit.core import user_or_ip

from wemi_community.core.ids import parse_id

from . import permissions, selectors, services
from .models import Lab, Participant

SESSION_KEY = "lab_guest_keys"


def guest_keys(session) -> dict:
    """The guest keys this browser holds, by lab id (a string)."""
    keys = session.get(SESSION_KEY) if session is not None else None
    return keys if isinstance(keys, dict) else {}


def remember_guest(request, lab: Lab, raw_key: str) -> None:
    keys = dict(guest_keys(request.session))
    keys[str(lab.pk)] = raw_key
    request.session[SESSION_KEY] = keys


def forget_guest(request, lab: Lab) -> None:
    keys = dict(guest_keys(request.session))
    if keys.pop(str(lab.pk), None) is not None:
        request.session[SESSION_KEY] = keys


def rate_key(group: str, request) -> str:
    """Whose count a lab's write adds to (core.ratelimits): the account, else the guest of
    this lab this browser holds (without one the view refuses anyway), else the address."""
    if not request.user.is_authenticated:
        lab_pk = (request.resolver_match.kwargs if request.resolver_match else {}).get("pk")
        raw_key = guest_keys(request.session).get(str(lab_pk))
        if raw_key:
            return "guest:" + hashlib.sha256(str(raw_key).encode()).hexdigest()
    return user_or_ip(request)


def guest_lab_ids(session) -> list[int]:
    return [pk for pk in map(parse_id, guest_keys(session)) if pk]


def participation(user, session, lab: Lab) -> tuple[Participant | None, Participant | None]:
    """(the participation this viewer acts with, a guest participation of this browser that
    a signed-in person could attach to their account)."""
    guest = services.guest_participant(lab, guest_keys(session).get(str(lab.pk)))
    account = permissions.account_participant(user, lab)
    if account is not None:
        return account, guest
    if guest is not None and getattr(user, "is_authenticated", False):
        return guest, guest
    return guest, None


@dataclass
class LabViewer:
    lab: Lab
    user: object
    participant: Participant | None
    claimable: Participant | None

    @cached_property
    def can_run(self) -> bool:
        return permissions.can_run_lab(self.user, self.lab)

    @property
    def is_member(self) -> bool:
        return permissions.is_member(self.participant, self.lab)

    @property
    def own_ids(self) -> set[int]:
        """The participations whose needs are this viewer's: the one they act with and a guest
        one of this browser not attached yet (no "me too" on either's needs)."""
        return {p.pk for p in (self.participant, self.claimable) if p is not None}

    @property
    def is_guest(self) -> bool:
        return self.participant is not None and self.participant.is_guest


def lab_viewer(request, pk: int) -> LabViewer:
    """The lab if this viewer may see it; 404 otherwise, the same as for no lab at all."""
    lab = selectors.lab_or_none(pk)
    if lab is None:
        raise Http404
    participant, claimable = participation(request.user, request.session, lab)
    if not permissions.can_view_lab(request.user, lab, participant):
        raise Http404
    return LabViewer(lab, request.user, participant, claimable)
