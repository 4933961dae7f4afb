"""The person's notifications and their choices about them, for "download my data". Who
caused a notification is another person: the sentence names them "Someone", and the
excerpt (someone else's words) stays out."""

from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .kinds import render_message
from .models import DigestDelivery, Notification, NotificationSetting

TABLES = {
    "notifications": _("The notifications you received"),
    "notification_settings": _("Your e-mail choice for each kind of notification"),
    "notification_digests": _("The daily digests sent to you by e-mail"),
}

COLUMNS = {
    "kind": _("Kind of notification (code)"),
    "message": _("What it said (whoever caused it is not named)"),
    "about": _("What it was about"),
    "link": _("The page it linked to"),
    "read_at": _("When you read it"),
    "email": _("E-mail: sent at once, in the digest, or not by e-mail"),
    "emailed_at": _("When it was e-mailed"),
    "channel": _("Your choice for this kind"),
    "day": _("Day of the digest"),
    "sent_at": _("When it was sent"),
    "items": _("Notifications it held"),
}


def export(user) -> dict[str, list[dict]]:
    notifications = [
        {
            "created_at": plain(n.created_at),
            "kind": n.kind,
            "message": render_message(n.kind, actor_name="", target_title=n.target_title),
            "about": n.target_title,
            "link": n.url,
            "read_at": plain(n.read_at),
            "email": n.email_state,
            "emailed_at": plain(n.emailed_at),
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]
    settings_rows = [
        {"kind": s.kind, "channel": s.channel}
        for s in NotificationSetting.objects.filter(user=user).order_by("kind")
    ]
    digests = [
        {"day": plain(d.day), "sent_at": plain(d.sent_at), "items": d.item_count}
        for d in DigestDelivery.objects.filter(user=user).order_by("day")
    ]
    return {
        "notifications": notifications,
        "notification_settings": settings_rows,
        "notification_digests": digests,
    }
