"""Listening-action labs in bulk for ``seed_demo --city``: labs of the city's spaces in
every phase, their participants (residents with an account) and the needs they posted."""

from __future__ import annotations

import datetime
import secrets

from django.utils import timezone

from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.bulk import insert_rows

from .models import Lab, Need, Participant

LABS = 500
NEEDS = 100_000
PARTICIPANTS_PER_LAB = 60
PHASES = (
    Lab.Phase.LISTENING,
    Lab.Phase.LISTENING,
    Lab.Phase.AGGREGATION,
    Lab.Phase.CO_DESIGN,
    Lab.Phase.ACTION,
    Lab.Phase.EVALUATION,
    Lab.Phase.CLOSED,
)
KINDS = tuple(Lab.Kind)
NEED_TEXTS = (
    "Qualcuno che accompagni mia madre alle visite mediche",
    "Un doposcuola per i bambini del palazzo",
    "Aiuto con la spesa quando sono malato",
    "Un posto dove i ragazzi possano studiare insieme",
    "Una baby sitter condivisa per le sere di riunione",
)


def seed_city(*, city) -> None:
    rng = city.rng
    spaces = city.data["spaces"]
    residents = city.data["residents"]
    labs: list[Lab] = []
    now = timezone.now()

    def build_labs():
        labs.extend(
            Lab.objects.bulk_create(
                Lab(
                    title=f"Laboratorio di ascolto {n + 1}",
                    kind=KINDS[n % len(KINDS)],
                    space_id=spaces[n % len(spaces)].pk,
                    place=f"Condominio via di Prova {n + 1}",
                    description="Ascoltiamo i bisogni di chi abita qui.",
                    visibility=Lab.Visibility.PUBLIC if n % 3 == 0 else Lab.Visibility.PRIVATE,
                    phase=PHASES[n % len(PHASES)],
                    invite_token=secrets.token_urlsafe(24),
                    invite_created_at=now - datetime.timedelta(days=rng.randint(1, 300)),
                    phase_changed_at=now - datetime.timedelta(days=rng.randint(0, 30)),
                )
                for n in range(city.count(LABS))
            )
        )
        return len(labs)

    def build_participants():
        size = min(PARTICIPANTS_PER_LAB, len(residents))
        return insert_rows(
            Participant,
            ("lab_id", "user_id", "nickname", "joined_phase"),
            (
                (lab.pk, user_id, f"residente{user_id}", Lab.Phase.LISTENING)
                for index, lab in enumerate(labs)
                for user_id, _size in (
                    residents[(index * 7919 + k) % len(residents)] for k in range(size)
                )
            ),
        )

    def build_needs():
        categories = list(
            ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2).values_list(
                "pk", flat=True
            )
        )
        participants: dict[int, list[tuple[int, int]]] = {}
        for pk, lab_id, user_id in Participant.objects.filter(
            lab_id__in=[lab.pk for lab in labs]
        ).values_list("pk", "lab_id", "user_id"):
            participants.setdefault(lab_id, []).append((pk, user_id))
        wanted = city.count(NEEDS)
        per_lab = max(1, wanted // len(labs))

        def rows():
            for index, lab in enumerate(labs):
                members = participants[lab.pk]
                for k in range(per_lab + (1 if index < wanted % len(labs) else 0)):
                    participant, user_id = members[k % len(members)]
                    yield (
                        lab.pk,
                        participant,
                        user_id,
                        categories[(index + k) % len(categories)],
                        NEED_TEXTS[k % len(NEED_TEXTS)],
                        k % 4 == 0,
                        lab.invite_created_at + datetime.timedelta(minutes=k),
                    )

        return insert_rows(
            Need,
            (
                "lab_id",
                "participant_id",
                "author_id",
                "category_id",
                "text",
                "anonymous",
                "created_at",
            ),
            rows(),
        )

    city.phase("labs", build_labs)
    city.phase("lab participants", build_participants)
    city.phase("lab needs", build_needs)
