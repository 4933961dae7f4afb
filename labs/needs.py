"""Listening: participants post needs and say "me too" to others' (once each, counted on
the need under its row lock); the live wall hears of both after commit (``live.py``). Who
acts may be the participant's account, their guest browser, or the desk of the lab's space
for them (``permissions.can_act_as``); the audit trail names both."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.audit import audit_log
from wemi_community.core.errors import ObjectHidden, StateConflict

from . import evidence, kinds, live
from .models import NEED_MAX_LENGTH, Lab, MeToo, Need, Participant
from .services import check_acting_as

Phase = Lab.Phase


def _check_listening(lab: Lab) -> None:
    if lab.phase != Phase.LISTENING:
        raise StateConflict(
            _("Needs are collected during listening; this lab is in “%(phase)s”.")
            % {"phase": Phase(lab.phase).label}
        )


@transaction.atomic
def need_post(
    *, actor, participant: Participant, category, text: str, anonymous: bool = False
) -> Need:
    """``participant`` posts a need: the actor is their account, their guest browser, or
    the space's desk for them."""
    lab = Lab.objects.get(pk=participant.lab_id)
    on_behalf_of = check_acting_as(actor, participant, lab)
    _check_listening(lab)
    text = " ".join(str(text or "").replace("\x00", "").split())
    errors = {}
    if not text:
        errors["text"] = _("Write the need in a few words.")
    elif len(text) > NEED_MAX_LENGTH:
        errors["text"] = _("Keep the need within %(max)s characters.") % {"max": NEED_MAX_LENGTH}
    if not isinstance(category, ServiceCategory) or category.level == ServiceCategory.Level.AREA:
        errors["category"] = _("Choose the kind of service from the catalogue.")
    if errors:
        raise ValidationError(errors)
    need = Need.objects.create(
        lab=lab,
        participant=participant,
        author_id=participant.user_id,
        category=category,
        text=text,
        anonymous=bool(anonymous),
    )
    need.lab = lab
    evidence.need_posted(need)
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.LAB_NEED_POSTED,
        target=lab,
        data={"need": need.pk},
    )
    live.send_after_commit(lab.pk, live.need_event(need, participant), author_id=participant.pk)
    return need


def _locked_need(need: Need) -> Need:
    return Need.objects.select_for_update().select_related("lab").get(pk=need.pk)


@transaction.atomic
def me_too_add(*, actor, participant: Participant, need: Need) -> Need:
    """``participant`` (as in ``need_post``) says "me too" to another's need, once."""
    need = _locked_need(need)
    if need.lab_id != participant.lab_id or need.is_hidden:
        raise ObjectHidden(_("This need is not in your lab."))
    on_behalf_of = check_acting_as(actor, participant, need.lab)
    _check_listening(need.lab)
    if need.participant_id == participant.pk:
        raise StateConflict(_("It is your own need: others add their “me too”."))
    me_too, created = MeToo.objects.get_or_create(need=need, participant=participant)
    if not created:
        raise StateConflict(_("You already said “me too” to this need."))
    me_too.need, me_too.participant = need, participant
    evidence.me_too_added(me_too)
    need.me_too_count += 1
    need.save(update_fields=["me_too_count"])
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.LAB_ME_TOO_ADDED,
        target=need.lab,
        data={"need": need.pk},
    )
    live.send_after_commit(need.lab_id, live.count_event(need))
    return need


@transaction.atomic
def me_too_remove(*, actor, participant: Participant, need: Need) -> Need:
    need = _locked_need(need)
    if need.lab_id != participant.lab_id:
        raise ObjectHidden(_("This need is not in your lab."))
    on_behalf_of = check_acting_as(actor, participant, need.lab)
    _check_listening(need.lab)
    deleted, _rows = MeToo.objects.filter(need=need, participant=participant).delete()
    if not deleted:
        raise StateConflict(_("You had not said “me too” to this need."))
    need.me_too_count = max(need.me_too_count - 1, 0)
    need.save(update_fields=["me_too_count"])
    audit_log(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=kinds.LAB_ME_TOO_REMOVED,
        target=need.lab,
        data={"need": need.pk},
    )
    live.send_after_commit(need.lab_id, live.count_event(need))
    return need
