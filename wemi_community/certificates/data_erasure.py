"""What the certificates hold about a person who deletes their account
(``accounts.personal_data``): issued certificates stay verifiable by their code (someone
may have been handed one), but the verification page no longer shows the name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.accounts.personal_data import Erasure

from .models import Certificate


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    if Certificate.objects.filter(holder=user).update(holder_name="", updated_at=now):
        erasure.kept.append(
            _(
                "Your certificates stay verifiable by their code, without your name: whoever "
                "you gave one to can still check it."
            )
        )
    return erasure
