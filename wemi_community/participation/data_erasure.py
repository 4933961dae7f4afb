"""What the participation core holds about a person who deletes their account
(``accounts.personal_data``): follows go; comments stay in their threads (the replies of
others would lose their sense), signed "Partecipante cancellato" since the account's row
stays, emptied; reports stay for the moderation record, without the reporter's name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wemi_community.accounts.personal_data import Erasure

from .models import Comment, Follow, Report


def erase(user, *, actor, now) -> Erasure:
    erasure = Erasure()
    if Follow.objects.filter(user=user).delete()[0]:
        erasure.deleted.append(_("What you followed."))
    if Comment.objects.filter(author=user).exists():
        erasure.kept.append(
            _(
                "Your comments, signed “Partecipante cancellato”: others answered them in "
                "the same conversations."
            )
        )
    if Report.objects.filter(reporter=user).exists():
        erasure.kept.append(_("Your reports of content, without your name, for moderation."))
    return erasure
