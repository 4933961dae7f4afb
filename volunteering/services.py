"""Writes of volunteering: profiles, opportunities and their shifts, sign-ups (no overlapping
shifts, a waitlist with promotion, cancelling until a set time before), invitations from
coordinators, reminders. Hours are in ``hours.py``, offers in ``offers.py``. Keyword-only,
atomic, permission-checked and audited. Places are taken under the shift's row lock."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.core.audit import audit_log
from wemi_community.core.errors import StateConflict
from wemi_community.core.ids import parse_id
from wemi_community.core.milan import in_rome
from wemi_community.core.sanitize import sanitize_html
from wemi_community.notifications.services import notify
from wemi_community.participation import seats

from . import kinds, permissions, slots
from .models import (
    ACTIVE,
    AgeGroup,
    Commitment,
    Invitation,
    Opportunity,
    Shift,
    ShiftReminder,
    Signup,
    SignupState,
    Skill,
    VolunteerProfile,
)
from .states import SIGNUP_STATES

S = SignupState
MIN_AGES = (0, 14, 16, 18)
MAX_TAGS = 12
LANGUAGE_MAX = 40


def _text(value, max_length: int) -> str:
    return " ".join(str(value or "").replace("\x00", "").split())[:max_length]


def _words(values, *, most: int, length: int) -> list[str]:
    """Free tags or languages: trimmed, without repeats (case-insensitive), at most ``most``."""
    seen, kept = set(), []
    for value in values or ():
        word = _text(value, length)
        if word and word.lower() not in seen:
            seen.add(word.lower())
            kept.append(word)
    return kept[:most]


def local_label(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


# --- Profiles ----------------------------------------------------------------------------------


@transaction.atomic
def profile_save(*, actor, data: dict, person=None) -> VolunteerProfile:
    """Creates or updates ``person``'s volunteer profile (the actor's own, unless the desk
    keeps it for them)."""
    person = person or actor
    if not permissions.can_keep_profile_for(actor, person):
        raise PermissionDenied
    errors = {}
    age_group = data.get("age_group")
    if age_group not in AgeGroup.values:
        errors["age_group"] = _("Say how old you are: volunteering starts at 14.")
    bio = str(data.get("bio") or "").replace("\x00", "").strip()
    if len(bio) > 600:
        errors["bio"] = _("Keep it within 600 characters.")
    availability = int(data.get("availability") or 0) & slots.ALL
    if errors:
        raise ValidationError(errors)
    profile, created = VolunteerProfile.objects.select_for_update().get_or_create(
        user=person, defaults={"age_group": age_group}
    )
    profile.age_group = age_group
    profile.bio = bio
    profile.availability = availability
    profile.municipio = data.get("municipio")
    profile.tags = _words(data.get("tags"), most=MAX_TAGS, length=40)
    profile.languages = _words(data.get("languages"), most=12, length=LANGUAGE_MAX)
    profile.active = bool(data.get("active", True))
    profile.save()
    profile.skills.set(data.get("skills") or [])
    person.__dict__.pop("_wemi_volunteer_profile", None)
    audit_log(
        actor=actor,
        on_behalf_of=seats.behalf(actor, person),
        action=kinds.VOLUNTEERING_PROFILE_CREATED if created else kinds.VOLUNTEERING_PROFILE_EDITED,
        target=profile,
    )
    return profile


# --- Opportunities and shifts ----------------------------------------------------------------


def _clean_opportunity(data: dict) -> dict:
    errors = {}
    title = _text(data.get("title"), 140)
    if not title:
        errors["title"] = _("Give the opportunity a title.")
    source = str(data.get("description") or "").replace("\x00", "")[:6000]
    commitment = data.get("commitment") or Commitment.ONE_OFF
    if commitment not in Commitment.values:
        errors["commitment"] = _("Choose one-off or regular.")
    try:
        min_age = int(data.get("min_age") if data.get("min_age") not in (None, "") else 18)
    except (TypeError, ValueError):
        min_age = -1
    if min_age not in MIN_AGES:
        errors["min_age"] = _("Choose a minimum age.")
    try:
        cancel_hours = int(
            data.get("cancel_hours") if data.get("cancel_hours") not in (None, "") else 24
        )
    except (TypeError, ValueError):
        cancel_hours = -1
    if not 0 <= cancel_hours <= 168:
        errors["cancel_hours"] = _("From 0 to 168 hours (a week).")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description_source": source,
        "description_html": sanitize_html(source, "rich"),
        "commitment": commitment,
        "min_age": min_age,
        "cancel_hours": cancel_hours,
        "languages": _words(data.get("languages"), most=12, length=LANGUAGE_MAX),
    }


@transaction.atomic
def opportunity_create(*, actor, space, data: dict, from_offer=None) -> Opportunity:
    if not permissions.can_publish_in(actor, space):
        raise PermissionDenied
    cleaned = _clean_opportunity(data)
    opportunity = Opportunity.objects.create(
        space=space, created_by=actor, from_offer=from_offer, **cleaned
    )
    opportunity.skills.set(data.get("skills") or [])
    audit_log(actor=actor, action=kinds.VOLUNTEERING_OPPORTUNITY_CREATED, target=opportunity)
    return opportunity


@transaction.atomic
def opportunity_update(*, actor, opportunity: Opportunity, data: dict) -> Opportunity:
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("space")
        .get(pk=opportunity.pk)
    )
    if not permissions.can_manage_opportunity(actor, opportunity):
        raise PermissionDenied
    for key, value in _clean_opportunity(data).items():
        setattr(opportunity, key, value)
    opportunity.save()
    opportunity.skills.set(data.get("skills") or [])
    audit_log(actor=actor, action=kinds.VOLUNTEERING_OPPORTUNITY_EDITED, target=opportunity)
    return opportunity


@transaction.atomic
def shift_add(
    *, actor, opportunity: Opportunity, starts_at, ends_at, capacity, place: str = "", skills=()
) -> Shift:
    opportunity = Opportunity.objects.select_related("space").get(pk=opportunity.pk)
    if not permissions.can_manage_opportunity(actor, opportunity):
        raise PermissionDenied
    errors = {}
    if not starts_at or not ends_at:
        errors["starts_at"] = _("Give the start and the end.")
    elif ends_at <= starts_at:
        errors["ends_at"] = _("The shift must end after it starts.")
    elif starts_at <= timezone.now():
        errors["starts_at"] = _("Choose a start in the future.")
    elif ends_at.timestamp() - starts_at.timestamp() > 24 * 3600:
        errors["ends_at"] = _("A shift lasts at most 24 hours.")
    try:
        capacity = int(capacity)
    except (TypeError, ValueError):
        capacity = 0
    if not 1 <= capacity <= 200:
        errors["capacity"] = _("From 1 to 200 volunteers.")
    if errors:
        raise ValidationError(errors)
    shift = Shift.objects.create(
        opportunity=opportunity,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        place=_text(place, 140),
        slots=slots.shift_mask(starts_at, ends_at),
    )
    shift.skills.set(skills or [])
    audit_log(
        actor=actor,
        action=kinds.VOLUNTEERING_SHIFT_ADDED,
        target=opportunity,
        data={"shift": shift.pk},
    )
    return shift


def _signed_up_ids(shift: Shift) -> set[int]:
    return set(
        Signup.objects.filter(shift=shift, state__in=ACTIVE).values_list("volunteer_id", flat=True)
    )


@transaction.atomic
def shift_cancel(*, actor, shift: Shift) -> Shift:
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("opportunity__space")
        .get(pk=shift.pk)
    )
    if not permissions.can_manage_opportunity(actor, shift.opportunity):
        raise PermissionDenied
    if shift.cancelled_at:
        raise StateConflict(_("This shift is already cancelled."))
    if shift.starts_at <= timezone.now():
        raise StateConflict(_("This shift has started: it cannot be cancelled."))
    shift.cancelled_at = timezone.now()
    shift.save(update_fields=["cancelled_at"])
    notify(
        _signed_up_ids(shift), kinds.NOTIFY_VOLUNTEERING_SHIFT_CANCELLED, shift.opportunity, actor
    )
    audit_log(actor=actor, action=kinds.VOLUNTEERING_SHIFT_CANCELLED, target=shift.opportunity)
    return shift


# --- Sign-ups ---------------------------------------------------------------------------------


def _clash(volunteer, shift: Shift) -> Signup | None:
    """The volunteer's sign-up (confirmed or waiting) for a shift that overlaps this one."""
    return (
        Signup.objects.filter(
            volunteer=volunteer,
            state__in=ACTIVE,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
            shift__cancelled_at__isnull=True,
        )
        .exclude(shift=shift)
        .select_related("shift__opportunity")
        .first()
    )


def check_can_take(volunteer, shift: Shift, profile: VolunteerProfile) -> None:
    """The rules a sign-up (or an invitation) must pass, with a message each."""
    if shift.cancelled_at:
        raise StateConflict(_("This shift is cancelled."))
    if shift.starts_at <= timezone.now():
        raise StateConflict(_("This shift has already started."))
    if shift.opportunity.closed_at:
        raise StateConflict(_("This opportunity is closed."))
    if profile.age < shift.opportunity.min_age:
        raise StateConflict(
            _("This activity is for volunteers aged %(age)s or older.")
            % {"age": shift.opportunity.min_age}
        )
    clash = _clash(volunteer, shift)
    if clash is not None:
        other = clash.shift
        raise StateConflict(
            _("It overlaps with your shift “%(title)s” of %(start)s–%(end)s.")
            % {
                "title": other.opportunity.title,
                "start": local_label(other.starts_at),
                "end": timezone.localtime(other.ends_at).strftime("%H:%M"),
            }
        )


def _tell_promoted(shift: Shift, promoted: list[Signup], actor=None) -> None:
    notify(
        [signup.volunteer_id for signup in promoted],
        kinds.NOTIFY_VOLUNTEERING_PROMOTED,
        shift.opportunity,
    )


# One place per sign-up, in the order volunteers asked, until the shift starts.
SIGNUP_SEATS = seats.SeatBook(
    entry_model=Signup,
    parent_field="shift",
    table=SIGNUP_STATES,
    confirmed=S.CONFIRMED,
    waitlisted=S.WAITLISTED,
    promotion=seats.Promotion.IN_ORDER,
    order_by=("created_at", "pk"),
    free=lambda shift: shift.capacity - shift.seats_taken,
    may_promote=lambda shift: not shift.cancelled_at and shift.starts_at > timezone.now(),
    counters=("seats_taken", "waitlist_count"),
    stamps={S.CANCELLED: ("cancelled_at",)},
    promoted_stamps=("promoted_at",),
    promoted_action=kinds.VOLUNTEERING_PROMOTED,
    promoted_data=lambda signup: {"shift": signup.shift_id},
    audit_target=lambda shift: shift.opportunity,
    on_promoted=_tell_promoted,
)


@transaction.atomic
def signup_create(*, actor, shift: Shift, person=None) -> Signup:
    """A place on the shift for ``person`` (the actor, unless the desk signs them up) if there
    is one, else on its waitlist."""
    person = person or actor
    profile = permissions.profile_of(person)
    if profile is None:
        raise PermissionDenied
    # One sign-up at a time per volunteer (the profile's row lock, before the shift's): two
    # overlapping shifts taken at the same moment would otherwise both pass the overlap check.
    VolunteerProfile.objects.select_for_update().only("pk").get(pk=profile.pk)
    shift = seats.lock(Shift, shift.pk, related=("opportunity", "opportunity__space"))
    if not permissions.can_sign_up_for(actor, person, shift):
        raise PermissionDenied
    if Signup.objects.filter(shift=shift, volunteer=person, state__in=ACTIVE).exists():
        raise StateConflict(_("You are already signed up for this shift."))
    check_can_take(person, shift, profile)
    signup = Signup(shift=shift, volunteer=person)
    seats.take(
        SIGNUP_SEATS,
        parent=shift,
        entry=signup,
        actor=actor,
        person=person,
        actions=(kinds.VOLUNTEERING_SIGNED_UP, kinds.VOLUNTEERING_WAITLISTED),
        data={"shift": shift.pk},
    )
    Invitation.objects.filter(shift=shift, volunteer=person, state=Invitation.State.PENDING).update(
        state=Invitation.State.ACCEPTED, answered_at=timezone.now()
    )
    return signup


def cancel_deadline(shift: Shift) -> datetime.datetime:
    # In UTC: "24 hours before" is 24 real hours, also across a change of the clocks.
    starts_at = shift.starts_at.astimezone(datetime.UTC)
    return starts_at - datetime.timedelta(hours=shift.opportunity.cancel_hours)


@transaction.atomic
def signup_cancel(*, actor, signup: Signup, person=None) -> Signup:
    person = person or actor
    shift = seats.lock(Shift, signup.shift_id, related=("opportunity", "opportunity__space"))
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.volunteer_id != getattr(person, "pk", None):
        raise PermissionDenied
    if not permissions.can_sign_up_for(actor, person, shift):
        raise PermissionDenied
    if signup.state not in ACTIVE:
        raise StateConflict(_("This sign-up is already cancelled."))
    if signup.state == S.CONFIRMED and timezone.now() >= cancel_deadline(shift):
        raise StateConflict(
            _("Shifts can be cancelled until %(hours)s hours before: call the space instead.")
            % {"hours": shift.opportunity.cancel_hours}
        )
    seats.release(
        SIGNUP_SEATS,
        parent=shift,
        entry=signup,
        target=S.CANCELLED,
        actor=actor,
        person=person,
        action=kinds.VOLUNTEERING_SIGNUP_CANCELLED,
    )
    return signup


# --- Invitations -------------------------------------------------------------------------------


@transaction.atomic
def invite(*, actor, shift: Shift, volunteer) -> Invitation:
    """A coordinator asks a volunteer (from the suggestions) to take a shift."""
    shift = Shift.objects.select_related("opportunity", "opportunity__space").get(pk=shift.pk)
    if not permissions.can_manage_opportunity(actor, shift.opportunity):
        raise PermissionDenied
    profile = VolunteerProfile.objects.filter(user=volunteer, active=True).first()
    if profile is None:
        raise ValidationError({"volunteer": _("This person has no active volunteer profile.")})
    if Signup.objects.filter(shift=shift, volunteer=volunteer, state__in=ACTIVE).exists():
        raise StateConflict(_("This volunteer is already signed up for the shift."))
    check_can_take(volunteer, shift, profile)
    invitation, created = Invitation.objects.get_or_create(
        shift=shift, volunteer=volunteer, defaults={"invited_by": actor}
    )
    if not created:
        raise StateConflict(_("This volunteer was already invited to the shift."))
    notify([volunteer.pk], kinds.NOTIFY_VOLUNTEERING_INVITED, shift.opportunity, actor)
    audit_log(
        actor=actor,
        action=kinds.VOLUNTEERING_INVITED,
        target=shift.opportunity,
        data={"shift": shift.pk},
    )
    return invitation


@transaction.atomic
def invitation_answer(*, actor, invitation: Invitation, accept: bool, person=None) -> Invitation:
    """``person`` (the actor, unless the desk answers for them) accepts the invitation, which
    signs them up for the shift, or declines it."""
    person = person or actor
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("shift", "shift__opportunity", "shift__opportunity__space")
        .get(pk=invitation.pk)
    )
    if not permissions.can_answer_invitation_for(actor, person, invitation):
        raise PermissionDenied
    if invitation.state != Invitation.State.PENDING:
        raise StateConflict(_("You already answered this invitation."))
    if accept:
        signup_create(actor=actor, shift=invitation.shift, person=person)
        invitation.refresh_from_db()
    else:
        invitation.state = Invitation.State.DECLINED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["state", "answered_at"])
        audit_log(
            actor=actor,
            on_behalf_of=seats.behalf(actor, person),
            action=kinds.VOLUNTEERING_INVITATION_DECLINED,
            target=invitation.shift.opportunity,
        )
    return invitation


# --- Reminders --------------------------------------------------------------------------------


def reminders_due(now=None) -> list[tuple[int, int]]:
    """(volunteer, shift) pairs of tomorrow's shifts (Milan's day), not reminded yet."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + datetime.timedelta(days=1)
    start = in_rome(tomorrow, datetime.time(0))
    end = in_rome(tomorrow + datetime.timedelta(days=1), datetime.time(0))
    pairs = set(
        Signup.objects.filter(
            state=S.CONFIRMED,
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
            shift__cancelled_at__isnull=True,
        ).values_list("volunteer_id", "shift_id")
    )
    sent = set(
        ShiftReminder.objects.filter(
            shift__starts_at__gte=start, shift__starts_at__lt=end
        ).values_list("volunteer_id", "shift_id")
    )
    return sorted(pairs - sent)


def reminder_send(*, volunteer_id: int, shift_id: int) -> bool:
    with transaction.atomic():
        # Read again when sending: a sign-up or a shift cancelled since reminders_due is not.
        still_on = Signup.objects.filter(
            volunteer_id=volunteer_id,
            shift_id=shift_id,
            state=S.CONFIRMED,
            shift__cancelled_at__isnull=True,
        ).exists()
        if not still_on:
            return False
        _row, created = ShiftReminder.objects.get_or_create(
            volunteer_id=volunteer_id, shift_id=shift_id
        )
        if not created:
            return False
        shift = Shift.objects.select_related("opportunity").get(pk=shift_id)
        notify([volunteer_id], kinds.NOTIFY_VOLUNTEERING_REMINDER, shift.opportunity)
    return True


def skills_by_ids(ids) -> list[Skill]:
    return list(Skill.objects.filter(pk__in=[pk for pk in map(parse_id, ids or ()) if pk]))
