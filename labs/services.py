"""Writes on labs: creating or requesting one, facilitators, phases, the invitation link,
joining (with an account or as a guest), claiming a guest's participation. Needs and "me
too" are in ``needs.py``; themes, drafts, polls and evaluations in ``codesign.py``.
Keyword-only, atomic, permission-checked and audited; what the live wall shows is sent to the
lab's channel group after commit (``live.py``)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.accounts.permissions import is_active_user
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import ObjectHidden, StateConflict
from wemi_community.notifications.services import notify
from wemi_community.participation.seats import behalf

from . import kinds, live, permissions
from .models import (
    NICKNAME_MAX_LENGTH,
    Evaluation,
    Facilitator,
    Lab,
    MeToo,
    Need,
    Participant,
    PhaseDates,
    Poll,
    PollOption,
    PollVote,
)
from .selectors import member_user_ids, space_coordinator_ids
from .states import JOINABLE, SEQUENCE, check_transition, next_phase

Phase = Lab.Phase
LAB_FIELDS = ("title", "kind", "place", "description", "visibility")
DESCRIPTION_MAX_LENGTH = 4000


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def _clean_lab_data(data: dict) -> dict:
    cleaned = {key: data[key] for key in LAB_FIELDS if key in data}
    errors = {}
    title = " ".join(str(cleaned.get("title", "")).split())[:140]
    if not title:
        errors["title"] = _("Give the lab a title.")
    cleaned["title"] = title
    if cleaned.get("kind") not in Lab.Kind.values:
        errors["kind"] = _("Choose where the lab takes place.")
    cleaned["visibility"] = cleaned.get("visibility") or Lab.Visibility.PRIVATE
    if cleaned["visibility"] not in Lab.Visibility.values:
        errors["visibility"] = _("Choose who can see the lab.")
    cleaned["place"] = " ".join(str(cleaned.get("place", "")).replace("\x00", "").split())[:200]
    description = str(cleaned.get("description", "")).replace("\x00", "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("Keep the description within %(max)s characters.") % {
            "max": DESCRIPTION_MAX_LENGTH
        }
    cleaned["description"] = description
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_dates(dates: dict | None) -> dict:
    """``{phase: (from, to)}`` for the working phases; either date may be missing."""
    cleaned, errors = {}, {}
    for phase, (starts_on, ends_on) in (dates or {}).items():
        if phase not in SEQUENCE[:-1]:
            continue
        if starts_on and ends_on and ends_on < starts_on:
            errors[f"{phase}_ends_on"] = _("The phase cannot end before it starts.")
        cleaned[phase] = (starts_on, ends_on)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_dates(lab: Lab, dates: dict) -> None:
    for phase, (starts_on, ends_on) in dates.items():
        if starts_on or ends_on:
            PhaseDates.objects.update_or_create(
                lab=lab, phase=phase, defaults={"starts_on": starts_on, "ends_on": ends_on}
            )
        else:
            PhaseDates.objects.filter(lab=lab, phase=phase).delete()


def _locked(lab: Lab) -> Lab:
    return Lab.objects.select_for_update().select_related("space").get(pk=lab.pk)


# --- Creating, requesting, running --------------------------------------------------------------


def _check_space(space) -> None:
    if space is None or not getattr(space, "live", False):
        raise ValidationError({"space": _("Choose a Spazio WeMi open on the site.")})


@transaction.atomic
def lab_create(
    *, coordinator, space, data: dict, facilitators=(), dates: dict | None = None
) -> Lab:
    """A coordinator opens a lab of their space, straight into listening."""
    _check_space(space)
    if not permissions.can_create_lab(coordinator, space):
        raise PermissionDenied
    cleaned, cleaned_dates = _clean_lab_data(data), _clean_dates(dates)
    now = timezone.now()
    lab = Lab.objects.create(
        space=space,
        phase=Phase.LISTENING,
        invite_token=_new_token(),
        invite_created_at=now,
        phase_changed_at=now,
        **cleaned,
    )
    _save_dates(lab, cleaned_dates)
    for user in facilitators:
        Facilitator.objects.create(lab=lab, user=user, appointed_by=coordinator)
        user.__dict__.pop("_wemi_facilitated_labs", None)
    audit_log(actor=coordinator, action=kinds.LAB_CREATED, target=lab)
    notify(
        [user.pk for user in facilitators],
        kinds.NOTIFY_LAB_FACILITATOR_APPOINTED,
        lab,
        actor=coordinator,
    )
    return lab


@transaction.atomic
def lab_request(*, actor, space, data: dict, person=None) -> Lab:
    """A resident (``person``: the actor, unless the space's desk asks for them) asks the
    space for a lab; the space's coordinators decide."""
    resident = person or actor
    _check_space(space)
    if not permissions.can_request_lab_for(actor, resident, space):
        raise PermissionDenied
    lab = Lab.objects.create(
        space=space,
        phase=Phase.REQUESTED,
        requested_by=resident,
        invite_token=_new_token(),
        invite_created_at=timezone.now(),
        **_clean_lab_data(data),
    )
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, resident),
        action=kinds.LAB_REQUESTED,
        target=lab,
    )
    notify(space_coordinator_ids(space.pk), kinds.NOTIFY_LAB_REQUESTED, lab, actor=resident)
    return lab


@transaction.atomic
def lab_update(*, actor, lab: Lab, data: dict, dates: dict | None = None) -> Lab:
    """Who runs the lab edits its title, place, description, visibility and dates."""
    lab = _locked(lab)
    if not permissions.can_edit_lab(actor, lab):
        raise PermissionDenied
    cleaned = _clean_lab_data({**{key: getattr(lab, key) for key in LAB_FIELDS}, **data})
    cleaned_dates = _clean_dates(dates)
    changed = [key for key, value in cleaned.items() if getattr(lab, key) != value]
    for key, value in cleaned.items():
        setattr(lab, key, value)
    lab.save(update_fields=list(LAB_FIELDS))
    if dates is not None:
        _save_dates(lab, cleaned_dates)
    audit_log(actor=actor, action=kinds.LAB_EDITED, target=lab, data={"fields": changed})
    return lab


@transaction.atomic
def lab_request_decide(*, coordinator, lab: Lab, approve: bool) -> Lab:
    """Approving opens the lab in listening, with who asked as its first facilitator."""
    lab = _locked(lab)
    if not permissions.is_space_coordinator(coordinator, lab):
        raise PermissionDenied
    target = Phase.LISTENING if approve else Phase.DECLINED
    check_transition(lab, target, by="coordinator")
    lab.phase = target
    lab.phase_changed_at = timezone.now()
    lab.save(update_fields=["phase", "phase_changed_at"])
    if approve and lab.requested_by_id:
        Facilitator.objects.get_or_create(
            lab=lab, user_id=lab.requested_by_id, defaults={"appointed_by": coordinator}
        )
    audit_log(
        actor=coordinator, action=kinds.LAB_APPROVED if approve else kinds.LAB_DECLINED, target=lab
    )
    if lab.requested_by_id:
        notify([lab.requested_by_id], kinds.NOTIFY_LAB_REQUEST_DECIDED, lab, actor=coordinator)
    return lab


@transaction.atomic
def facilitator_appoint(*, coordinator, lab: Lab, user) -> Facilitator:
    if not permissions.can_appoint_facilitators(coordinator, lab):
        raise PermissionDenied
    if not is_active_user(user):
        raise ValidationError({"person": _("This account is not active.")})
    facilitator, created = Facilitator.objects.get_or_create(
        lab=lab, user=user, defaults={"appointed_by": coordinator}
    )
    if not created:
        raise StateConflict(
            _("%(person)s already facilitates this lab.") % {"person": user.display_name or user}
        )
    user.__dict__.pop("_wemi_facilitated_labs", None)
    audit_log(
        actor=coordinator,
        action=kinds.LAB_FACILITATOR_APPOINTED,
        target=lab,
        data={"user": user.pk},
    )
    notify([user.pk], kinds.NOTIFY_LAB_FACILITATOR_APPOINTED, lab, actor=coordinator)
    return facilitator


@transaction.atomic
def facilitator_remove(*, coordinator, lab: Lab, user) -> None:
    if not permissions.can_appoint_facilitators(coordinator, lab):
        raise PermissionDenied
    deleted, _rows = Facilitator.objects.filter(lab=lab, user=user).delete()
    if not deleted:
        raise StateConflict(_("This person does not facilitate the lab."))
    user.__dict__.pop("_wemi_facilitated_labs", None)
    audit_log(
        actor=coordinator, action=kinds.LAB_FACILITATOR_REMOVED, target=lab, data={"user": user.pk}
    )


@transaction.atomic
def lab_advance(*, actor, lab: Lab) -> Lab:
    """A facilitator moves the lab to the next phase."""
    lab = _locked(lab)
    if not permissions.can_run_lab(actor, lab):
        raise PermissionDenied
    target = next_phase(lab.phase)
    if target is None:
        raise StateConflict(_("This lab has no next phase."))
    check_transition(lab, target, by="facilitator")
    previous = lab.phase
    now = timezone.now()
    lab.phase = target
    lab.phase_changed_at = now
    lab.save(update_fields=["phase", "phase_changed_at"])
    if previous == Phase.CO_DESIGN:
        # The polls on the drafts close with the co-design: everyone sees their results.
        Poll.objects.filter(lab=lab, closed_at__isnull=True).update(closed_at=now)
    audit_log(
        actor=actor,
        action=kinds.LAB_PHASE_CHANGED,
        target=lab,
        data={"from": previous, "to": target},
    )
    notify(member_user_ids(lab), kinds.NOTIFY_LAB_PHASE_CHANGED, lab, actor=actor)
    live.send_after_commit(lab.pk, live.phase_event(lab))
    return lab


@transaction.atomic
def invite_regenerate(*, actor, lab: Lab) -> Lab:
    """A new invitation link and QR code; the old ones stop working at once."""
    lab = _locked(lab)
    if not permissions.can_run_lab(actor, lab):
        raise PermissionDenied
    lab.invite_token = _new_token()
    lab.invite_created_at = timezone.now()
    lab.save(update_fields=["invite_token", "invite_created_at"])
    audit_log(actor=actor, action=kinds.LAB_INVITE_REGENERATED, target=lab)
    return lab


# --- Joining ------------------------------------------------------------------------------------


def lab_for_invite(token: str) -> Lab:
    """The lab an invitation link opens, if the link is the current one and still valid."""
    lab = Lab.objects.select_related("space").filter(invite_token=str(token)[:64]).first()
    max_age = timedelta(days=settings.WEMI_LAB_INVITE_DAYS)
    if lab is None or lab.invite_created_at < timezone.now() - max_age:
        raise ObjectHidden(
            _("This invitation link is no longer valid: ask the facilitator for the new one.")
        )
    if lab.phase not in JOINABLE:
        raise StateConflict(_("This lab is not taking new participants."))
    return lab


def _check_nickname(lab: Lab, nickname: str) -> str:
    nickname = " ".join(str(nickname or "").replace("\x00", "").split())
    if not nickname:
        raise ValidationError({"nickname": _("Choose a nickname: it is how the others see you.")})
    if len(nickname) > NICKNAME_MAX_LENGTH:
        raise ValidationError(
            {
                "nickname": _("Keep the nickname under %(max)s characters.")
                % {"max": NICKNAME_MAX_LENGTH}
            }
        )
    if Participant.objects.filter(lab=lab, nickname__iexact=nickname).exists():
        raise ValidationError(
            {"nickname": _("Someone in this lab already uses this nickname: choose another.")}
        )
    return nickname


def check_acting_as(actor, participant: Participant, lab: Lab):
    """Refuses whoever may not act as ``participant`` (``permissions.can_act_as``); returns
    the person the audit trail names as acted for, when someone else acted."""
    if not permissions.can_act_as(actor, participant, lab):
        raise PermissionDenied
    if participant.user_id is None or getattr(actor, "pk", None) == participant.user_id:
        return None
    return behalf(actor, participant.user)


@transaction.atomic
def join_with_account(*, actor, token: str, person=None) -> Participant:
    """Joins ``person`` (the actor, unless the space's desk joins them) with the invitation
    link; joining again returns the same membership."""
    person = person or actor
    if not is_active_user(actor) or not is_active_user(person):
        raise PermissionDenied
    lab = lab_for_invite(token)
    if not permissions.can_join_for(actor, person, lab):
        raise PermissionDenied
    existing = Participant.objects.filter(lab=lab, user=person).first()
    if existing is not None:
        return existing
    nickname = person.display_name or person.nickname or _("Participant")
    base, suffix = nickname[:NICKNAME_MAX_LENGTH], 2
    while Participant.objects.filter(lab=lab, nickname__iexact=nickname).exists():
        tail = f" {suffix}"
        nickname, suffix = base[: NICKNAME_MAX_LENGTH - len(tail)] + tail, suffix + 1
    participant = Participant.objects.create(
        lab=lab, user=person, nickname=nickname, joined_phase=lab.phase
    )
    person.__dict__.pop("_wemi_lab_participants", None)
    audit_log(actor=actor, on_behalf_of=behalf(actor, person), action=kinds.LAB_JOINED, target=lab)
    return participant


@transaction.atomic
def join_as_guest(*, token: str, nickname: str) -> tuple[Participant, str]:
    """A guest with only a nickname. Returns the participant and the key the browser keeps
    (only its hash is stored)."""
    lab = lab_for_invite(token)
    nickname = _check_nickname(lab, nickname)
    raw_key = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                lab=lab, nickname=nickname, guest_key_hash=hash_key(raw_key), joined_phase=lab.phase
            )
    except IntegrityError:  # the same nickname, taken a moment ago
        raise ValidationError(
            {"nickname": _("Someone in this lab already uses this nickname: choose another.")}
        ) from None
    audit_log(
        actor=None, action=kinds.LAB_GUEST_JOINED, target=lab, data={"participant": participant.pk}
    )
    return participant, raw_key


def guest_participant(lab: Lab, raw_key: str | None) -> Participant | None:
    if not raw_key:
        return None
    return Participant.objects.filter(
        lab=lab, user__isnull=True, guest_key_hash=hash_key(str(raw_key)[:128])
    ).first()


def _merge_votes_and_evaluation(guest: Participant, existing: Participant) -> None:
    """A person who voted or rated both as a guest and with the account keeps the account's
    vote and rating; the guest's others move over."""
    voted = PollVote.objects.filter(participant=existing).values_list("poll_id", flat=True)
    for vote in PollVote.objects.filter(participant=guest, poll_id__in=list(voted)):
        PollOption.objects.filter(pk=vote.option_id).update(votes_count=F("votes_count") - 1)
        Poll.objects.filter(pk=vote.poll_id).update(votes_count=F("votes_count") - 1)
        vote.delete()
    PollVote.objects.filter(participant=guest).update(participant=existing)
    if Evaluation.objects.filter(participant=existing).exists():
        Evaluation.objects.filter(participant=guest).delete()
    else:
        Evaluation.objects.filter(participant=guest).update(participant=existing)


@transaction.atomic
def guest_claim(*, actor, participant: Participant, person=None) -> Participant:
    """Attaches a guest's participation to ``person``'s account (the actor's, unless the
    space's desk does it for them). If the person had already joined with the account, the
    guest's needs and "me too" move onto that membership."""
    user = person or actor
    if not is_active_user(actor) or not is_active_user(user):
        raise PermissionDenied
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not permissions.can_join_for(actor, user, participant.lab):
        raise PermissionDenied
    if not participant.is_guest:
        raise StateConflict(_("This participation already belongs to an account."))
    existing = Participant.objects.filter(lab_id=participant.lab_id, user=user).first()
    if existing is None:
        participant.user = user
        participant.guest_key_hash = ""
        participant.claimed_at = timezone.now()
        participant.save(update_fields=["user", "guest_key_hash", "claimed_at"])
        Need.objects.filter(participant=participant).update(author=user)
        kept = participant
    else:
        Need.objects.filter(participant=participant).update(participant=existing, author=user)
        already = MeToo.objects.filter(participant=existing).values_list("need_id", flat=True)
        duplicates = MeToo.objects.filter(participant=participant, need_id__in=list(already))
        for me_too in duplicates.select_related("need"):
            Need.objects.filter(pk=me_too.need_id).update(me_too_count=F("me_too_count") - 1)
        duplicates.delete()
        MeToo.objects.filter(participant=participant).update(participant=existing)
        # A "me too" given, from one of the two, to a need the other wrote is now on one's own.
        own = MeToo.objects.filter(participant=existing, need__participant=existing)
        for need_id in list(own.values_list("need_id", flat=True)):
            Need.objects.filter(pk=need_id).update(me_too_count=F("me_too_count") - 1)
        own.delete()
        _merge_votes_and_evaluation(participant, existing)
        participant.delete()
        kept = existing
    user.__dict__.pop("_wemi_lab_participants", None)
    audit_log(
        actor=actor,
        on_behalf_of=behalf(actor, user),
        action=kinds.LAB_GUEST_CLAIMED,
        target=kept.lab,
    )
    return kept
