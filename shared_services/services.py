"""Writes on shared services: seats and the waitlist, quotas, co-payment, start and end, the
delivery log and ratings. Seats are taken under the service row's lock
(``select_for_update``), so simultaneous confirmations never overbook."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from spaces_pages.selectors import coordinator_ids
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.notifications.services import notify
from wemi_community.participation import follows, seats

from . import evidence, kinds, permissions, price_texts, pricing
from .models import (
    MAX_HOUSEHOLD_SIZE,
    CopaymentShare,
    IseeBand,
    Membership,
    PricingMode,
    SharedService,
)
from .offers import staff_ids
from .states import MEMBERSHIP_STATES

M = Membership.State
S = SharedService.State


def locked(service: SharedService) -> SharedService:
    return seats.lock(SharedService, service.pk, related=("space",))


def member_ids(service: SharedService) -> list[int]:
    return list(
        Membership.objects.filter(service=service, state=M.MEMBER).values_list("user_id", flat=True)
    )


def member_price(
    service: SharedService, isee_band: str = "", *, bands=None, percents=None
) -> pricing.HouseholdPrice | None:
    """What a household of the service pays per hour with the current members, after the
    City's share for its ISEE band."""
    if bands is None:
        bands = list(service.offer.bands.all())
    if percents is None and service.pricing_mode == PricingMode.COPAYMENT:
        percents = dict(service.copayment_shares.values_list("isee_band", "city_percent"))
    return pricing.household_price(
        bands,
        service.members_count,
        pricing_mode=service.pricing_mode,
        city_percent=(percents or {}).get(isee_band or "", 0),
    )


def _notify_members_of_their_price(service: SharedService, kind: str, actor) -> None:
    """Tells each member what it pays now, in the words of the service page: one notification
    per ISEE band, as the City's share (and so the amount) depends on it."""
    bands = list(service.offer.bands.all())
    percents = None
    if service.pricing_mode == PricingMode.COPAYMENT:
        percents = dict(service.copayment_shares.values_list("isee_band", "city_percent"))
    by_band: dict[str, list[int]] = {}
    for user_id, isee_band in Membership.objects.filter(
        service=service, state=M.MEMBER
    ).values_list("user_id", "isee_band"):
        key = isee_band if service.pricing_mode == PricingMode.COPAYMENT else ""
        by_band.setdefault(key, []).append(user_id)
    running = service.state == S.RUNNING
    for isee_band, user_ids in by_band.items():
        price = member_price(service, isee_band, bands=bands, percents=percents)
        excerpt = price_texts.full_text(price, running=running) if price is not None else ""
        notify(user_ids, kind, service, actor, excerpt=excerpt)


def _refresh_counts_and_quota(service: SharedService, *, actor) -> None:
    """Recounts members and the waitlist; when each household's quota moves, the members are
    told what they pay now. Below the price list's minimum the quota is the minimum's (what
    each will pay once it is reached), so it does not move as the first households confirm."""
    counts = {
        row["state"]: row["n"]
        for row in Membership.objects.filter(service=service, state__in=[M.MEMBER, M.WAITLISTED])
        .values("state")
        .annotate(n=Count("pk"))
    }
    before = service.members_count
    service.members_count = counts.get(M.MEMBER, 0)
    service.waitlist_count = counts.get(M.WAITLISTED, 0)
    price = pricing.household_price(list(service.offer.bands.all()), service.members_count)
    quota = price.quota if price is not None else None
    # The first quota set is no change to announce: the members learn it on the page.
    changed = quota is not None and service.current_quota is not None
    changed = changed and quota != service.current_quota
    service.current_quota = quota
    service.save(update_fields=["members_count", "waitlist_count", "current_quota"])
    if changed and service.pricing_mode != PricingMode.FREE:
        _notify_members_of_their_price(service, kinds.NOTIFY_SERVICE_QUOTA_CHANGED, actor)
    minimum = service.min_households
    if service.state == S.STARTING and before < minimum <= service.members_count:
        # Whoever may start it learns it can: the households were told it starts then.
        notify(
            coordinator_ids(service.space_id) | staff_ids(service.provider_id),
            kinds.NOTIFY_SERVICE_MINIMUM_REACHED,
            service,
            actor,
        )


def _tell_promoted(service: SharedService, promoted: list[Membership], actor=None) -> None:
    for membership in promoted:
        evidence.member_joined(membership, service)
    notify(
        [membership.user_id for membership in promoted],
        kinds.NOTIFY_SERVICE_PROMOTED,
        service,
        actor,
    )


def _free_seats(service: SharedService) -> int:
    return service.seats - Membership.objects.filter(service=service, state=M.MEMBER).count()


# One seat per household, first come first served; the waitlist moves in the order households
# asked, while the service has not ended.
MEMBERSHIP_SEATS = seats.SeatBook(
    entry_model=Membership,
    parent_field="service",
    table=MEMBERSHIP_STATES,
    confirmed=M.MEMBER,
    waitlisted=M.WAITLISTED,
    promotion=seats.Promotion.IN_ORDER,
    order_by=("requested_at", "pk"),
    free=_free_seats,
    may_promote=lambda service: service.state != S.ENDED,
    stamps={
        M.MEMBER: ("member_since",),
        M.LEFT: ("ended_at",),
        M.DECLINED: ("ended_at",),
        M.EXPIRED: ("ended_at",),
    },
    promoted_action=kinds.SERVICE_PROMOTED,
    promoted_data=lambda membership: {"user": membership.user_id},
    on_promoted=_tell_promoted,
)


def _check_size(household_size) -> int:
    try:
        size = int(household_size)
    except (TypeError, ValueError):
        size = 0
    if not 1 <= size <= MAX_HOUSEHOLD_SIZE:
        raise ValidationError(
            {
                "household_size": _("Count from 1 to %(max)s people in the household.")
                % {"max": MAX_HOUSEHOLD_SIZE}
            }
        )
    return size


@transaction.atomic
def seat_confirm(*, actor, service: SharedService, household_size=None, person=None) -> Membership:
    """Confirms an invitation (within the window) or, once the service runs, asks for a seat,
    for ``person`` (the actor, unless the desk acts for the household). First come, first
    served: a free seat makes the household a member, otherwise it goes on the waitlist."""
    person = person or actor
    service = locked(service)
    if not permissions.can_take_seat_for(actor, person, service):
        raise PermissionDenied
    if service.state == S.ENDED:
        raise StateConflict(_("This service has ended."))
    membership = Membership.objects.select_for_update().filter(service=service, user=person).first()
    now = timezone.now()
    if membership is not None and membership.state in (M.MEMBER, M.WAITLISTED):
        raise StateConflict(
            _("You already have a place here: “%(state)s”.") % {"state": M(membership.state).label}
        )
    if membership is not None and membership.state == M.INVITED:
        if now > service.confirm_by:
            raise StateConflict(
                _("The time to confirm closed on %(date)s.")
                % {"date": timezone.localtime(service.confirm_by).strftime("%d/%m/%Y %H:%M")}
            )
    elif service.state != S.RUNNING:
        raise StateConflict(
            _("The households that joined are confirming their seats: requests open at the start.")
        )
    size = _check_size(household_size) if household_size is not None else None
    if membership is None:
        membership = Membership(
            service=service,
            user=person,
            household_size=size or max(1, min(person.household_size or 1, MAX_HOUSEHOLD_SIZE)),
        )
    elif size:
        membership.household_size = size
    membership.requested_at = now
    membership.member_since = None
    membership.ended_at = None
    seats.take(
        MEMBERSHIP_SEATS,
        parent=service,
        entry=membership,
        actor=actor,
        person=person,
        actions=(kinds.SERVICE_SEAT_TAKEN, kinds.SERVICE_WAITLISTED),
        data={"people": membership.household_size},
    )
    if membership.state == M.MEMBER:
        evidence.member_joined(membership, service)
    _refresh_counts_and_quota(service, actor=actor)
    follows.follow_auto(user=person, target=service)
    return membership


def _membership_of(service: SharedService, person) -> Membership | None:
    return Membership.objects.select_for_update().filter(service=service, user=person).first()


@transaction.atomic
def seat_decline(*, actor, service: SharedService, person=None) -> Membership:
    person = person or actor
    service = locked(service)
    if not permissions.can_take_seat_for(actor, person, service):
        raise PermissionDenied
    membership = _membership_of(service, person)
    if membership is None:
        raise StateConflict(_("You were not invited to this service."))
    seats.release(
        MEMBERSHIP_SEATS,
        parent=service,
        entry=membership,
        target=M.DECLINED,
        actor=actor,
        person=person,
        action=kinds.SERVICE_DECLINED,
    )
    return membership


@transaction.atomic
def service_leave(*, actor, service: SharedService, person=None) -> Membership:
    """A member frees the seat (the first on the waitlist takes it) or a waitlisted household
    leaves the queue. Leaving twice is refused."""
    person = person or actor
    service = locked(service)
    if not permissions.can_take_seat_for(actor, person, service):
        raise PermissionDenied
    membership = _membership_of(service, person)
    if membership is None:
        raise StateConflict(_("You are not a member of this service."))
    if membership.state in (M.LEFT, M.DECLINED, M.EXPIRED):
        raise StateConflict(_("You already left this service."))
    seats.release(
        MEMBERSHIP_SEATS,
        parent=service,
        entry=membership,
        target=M.LEFT,
        actor=actor,
        person=person,
        action=kinds.SERVICE_LEFT,
        data={"was_member": membership.state == M.MEMBER},
    )
    _refresh_counts_and_quota(service, actor=None)
    permissions.forget_membership(person, service)
    return membership


def invitations_expire(*, now: datetime.datetime | None = None) -> int:
    """Invitations not confirmed in time lapse; their seats stay free for the waitlist."""
    now = now or timezone.now()
    services = (
        SharedService.objects.filter(confirm_by__lt=now, memberships__state=M.INVITED)
        .values_list("pk", flat=True)
        .distinct()
    )
    expired = 0
    for pk in list(services):
        with transaction.atomic():
            service = SharedService.objects.select_for_update().get(pk=pk)
            lapsed = Membership.objects.select_for_update().filter(service=service, state=M.INVITED)
            for membership in lapsed.select_related("user"):
                seats.release(
                    MEMBERSHIP_SEATS,
                    parent=service,
                    entry=membership,
                    target=M.EXPIRED,
                    actor=None,
                    person=membership.user,
                    action=kinds.SERVICE_INVITATION_EXPIRED,
                    data={"user": membership.user_id},
                )
                expired += 1
            seats.promote(MEMBERSHIP_SEATS, parent=service)
            _refresh_counts_and_quota(service, actor=None)
    return expired


@transaction.atomic
def isee_band_declare(*, actor, service: SharedService, isee_band: str, person=None) -> Membership:
    """``person``'s household (the actor's, unless the desk declares for it) declares its
    ISEE band."""
    person = person or actor
    if isee_band not in IseeBand.values:
        raise ValidationError({"isee_band": _("Choose one of the ISEE bands.")})
    membership = _membership_of(service, person)
    if membership is None or not permissions.can_declare_isee_for(actor, person, service):
        raise PermissionDenied
    membership.isee_band = isee_band
    membership.save(update_fields=["isee_band"])
    audit_log(
        actor=actor,
        on_behalf_of=seats.behalf(actor, person),
        action=kinds.SERVICE_ISEE_DECLARED,
        target=service,
    )
    return membership


@transaction.atomic
def copayment_set(
    *, coordinator, service: SharedService, percents: dict[str, int]
) -> list[CopaymentShare]:
    """The share of the quota the City covers, per ISEE band."""
    service = locked(service)
    if not permissions.can_coordinate_service(coordinator, service):
        raise PermissionDenied
    if service.pricing_mode != PricingMode.COPAYMENT:
        raise StateConflict(_("This service is not a co-payment service."))
    errors = {}
    cleaned = {}
    for band, value in percents.items():
        if band not in IseeBand.values:
            errors[band or "undeclared"] = _("Unknown ISEE band.")
            continue
        try:
            percent = int(value)
        except (TypeError, ValueError):
            percent = -1
        if not 0 <= percent <= 100:
            errors[band or "undeclared"] = _("Write a percentage from 0 to 100.")
        cleaned[band] = percent
    if errors:
        raise ValidationError(errors)
    rows = []
    for band, percent in cleaned.items():
        row, _created = CopaymentShare.objects.update_or_create(
            service=service, isee_band=band, defaults={"city_percent": percent}
        )
        rows.append(row)
    audit_log(actor=coordinator, action=kinds.SERVICE_COPAYMENT_SET, target=service, data=cleaned)
    _notify_members_of_their_price(service, kinds.NOTIFY_SERVICE_COPAYMENT_SET, coordinator)
    return rows


@transaction.atomic
def service_start(*, actor, service: SharedService) -> SharedService:
    service = locked(service)
    if not (
        permissions.can_coordinate_service(actor, service)
        or permissions.is_staff_of(actor, service.provider_id)
    ):
        raise PermissionDenied
    if service.state != S.STARTING:
        raise StateConflict(_("The service has already started or ended."))
    if service.members_count < service.min_households:
        raise StateConflict(
            _("The service needs at least %(min)s member households to start; it has %(count)s.")
            % {"min": service.min_households, "count": service.members_count}
        )
    service.state = S.RUNNING
    service.save(update_fields=["state"])
    evidence.started(service, timezone.now())
    audit_log(actor=actor, action=kinds.SERVICE_STARTED, target=service)
    notify(member_ids(service), kinds.NOTIFY_SERVICE_STARTED, service, actor)
    return service


@transaction.atomic
def service_end(*, coordinator, service: SharedService) -> SharedService:
    service = locked(service)
    if not permissions.can_coordinate_service(coordinator, service):
        raise PermissionDenied
    if service.state == S.ENDED:
        raise StateConflict(_("The service has already ended."))
    service.state = S.ENDED
    service.save(update_fields=["state"])
    audit_log(actor=coordinator, action=kinds.SERVICE_ENDED, target=service)
    notify(member_ids(service), kinds.NOTIFY_SERVICE_ENDED, service, coordinator)
    return service
