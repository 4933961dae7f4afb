"""A believable conversation on the demo space's page, written through the comment services
(so follows and notifications exist too). Only when the page has no comments yet."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User
from wemi_community.participation import comments
from wemi_community.participation.models import Comment

THREAD = [
    # (author's e-mail local part, text, index of the comment it answers or None)
    (
        "residente",
        "Buongiorno! Ci sarebbe interesse per un **doposcuola condiviso** il martedì e il "
        "giovedì pomeriggio? Io ho due bambini alle elementari.",
        None,
    ),
    (
        "vicino",
        "Sì, anche noi! @residente potremmo chiedere se si può usare la sala al primo piano.",
        0,
    ),
    (
        "coordinatrice",
        "La sala è libera dalle 16:30. Se siete almeno cinque famiglie, aprite una proposta e "
        "vi aiutiamo a trovare una cooperativa.",
        1,
    ),
    (
        "volontario",
        "Posso dare una mano con i compiti di matematica un pomeriggio a settimana.\n\n"
        "- martedì dalle 17\n- oppure giovedì",
        None,
    ),
]


def seed_conversation(space, stdout=None) -> None:
    content_type = ContentType.objects.get_for_model(space)
    if Comment.objects.filter(target_type=content_type, target_id=space.pk).exists():
        return
    people = {
        local: User.objects.filter(email=demo_email(local)).first()
        for local in {row[0] for row in THREAD}
    }
    written = []
    for local, text, answers in THREAD:
        author = people[local]
        if author is None:
            return
        parent = written[answers] if answers is not None else None
        written.append(comments.comment_post(actor=author, target=space, text=text, parent=parent))
    if stdout:
        stdout.write(f"{len(written)} comments on “{space.title}”.\n")
