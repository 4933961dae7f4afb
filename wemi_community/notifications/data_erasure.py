"""What the notifications hold about a person who deletes their account
(``accounts.personal_data``): all of it goes (the notifications, the e-mail choices, the
digests sent)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.accounts.personal_data import Erasure

from .models import DigestDelivery, Notification, NotificationSetting


def erase(user, *, actor, now) -> Erasure:
    deleted = Notification.objects.filter(recipient=user).delete()[0]
    deleted += NotificationSetting.objects.filter(user=user).delete()[0]
    deleted += DigestDelivery.objects.filter(user=user).delete()[0]
    erasure = Erasure()
    if deleted:
        erasure.deleted.append(_("Your notifications and your e-mail choices."))
    return erasure
