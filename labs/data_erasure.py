"""What the labs hold about a person who deletes their account (``accounts.personal_data``):
their nickname in each lab goes; the needs they posted, their "me too", votes and ratings
stay, anonymous, since the lab's themes and results were built on them. Facilitating a
lab ends."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.accounts.personal_data import Erasure

from .guests import anonymise
from .models import Facilitator, Need, Participant


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    participants = Participant.objects.filter(user=user)
    if participants.exists():
        anonymise(participants)
        erasure.deleted.append(_("Your nickname in the labs you took part in."))
    Facilitator.objects.filter(user=user).delete()
    if Need.objects.filter(participant__user=user).exists():
        erasure.kept.append(
            _(
                "The needs you posted in labs, anonymous: the lab's themes and proposals "
                "were built on them."
            )
        )
    return erasure
