"""The audit trail's entries about a person, for "download my data": what they did, what
was done for them (at a desk), and what was done to their account. Who else acted is not
named: a desk operator or a member of staff is another person. An entry where the person
acted on someone else (staff work) keeps its action and moment but not the other person's
name: for someone who works on the platform (staff, or a group other than the
participants' ones), only the entries about themselves keep the object's name.

The core imports no app, so the participants' groups are named here by their codes
(``accounts.roles.Role``)."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import action_label
from .models import AuditEntry

PARTICIPANT_GROUPS = ("resident", "volunteer")

TABLES = {"activity_log": _("The activity log: what you did and what was done for you")}

COLUMNS = {
    "when": _("When it happened"),
    "action": _("What happened (code)"),
    "description": _("What happened"),
    "who": _(
        "Who acted: you; someone for you (at a desk); staff on your account; you for someone else"
    ),
    "object_type": _("The kind of object"),
    "object_id": _("The object's number"),
    "object": _("The object, when it concerns you"),
    "desk": _("The desk where it was done"),
}


def _who(entry, user_id) -> str:
    if entry.actor_id == user_id:
        if entry.on_behalf_of_id in (None, user_id):
            return "you"
        return "you_for_someone_else"
    if entry.on_behalf_of_id == user_id:
        return "someone_for_you"
    return "staff_on_your_account"


def export(user) -> dict[str, list[dict]]:
    user_type = ContentType.objects.get_for_model(get_user_model())
    entries = (
        AuditEntry.objects.filter(
            Q(actor_id=user.pk)
            | Q(on_behalf_of_id=user.pk)
            | Q(target_type=user_type, target_id=str(user.pk))
        )
        .select_related("target_type")
        .order_by("created_at", "pk")
    )
    works_here = user.is_staff or user.groups.exclude(name__in=PARTICIPANT_GROUPS).exists()
    rows = []
    for entry in entries:
        who = _who(entry, user.pk)
        about_self = entry.target_type_id == user_type.pk and entry.target_id == str(user.pk)
        about_someone_else = not about_self and (
            who == "you_for_someone_else"
            or (who == "you" and (works_here or entry.target_type_id == user_type.pk))
        )
        rows.append(
            {
                "when": timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                "action": entry.action,
                "description": str(action_label(entry.action)),
                "who": who,
                "object_type": entry.target_type.model if entry.target_type else "",
                "object_id": entry.target_id,
                "object": "" if about_someone_else else entry.target_repr,
                "desk": (entry.data or {}).get("desk", "") if who == "someone_for_you" else "",
            }
        )
    return {"activity_log": rows}
