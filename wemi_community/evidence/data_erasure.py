"""What the evidence (the observatory's facts) holds about a person who deletes their
account (``accounts.personal_data``): the facts stay, pointing at the emptied account, so
the published counts of people do not change; they never named anyone."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.accounts.personal_data import Erasure

from .models import Fact


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    if Fact.objects.filter(person=user).exists():
        erasure.kept.append(
            _("Anonymous counts for the observatory of needs, which never named you.")
        )
    return erasure
