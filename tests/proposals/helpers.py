"""Proposals for the tests, built through the services so that counters and answers are what
the site itself would write. Offers and shared services: ``tests/shared_services/helpers.py``."""

from __future__ import annotations

import datetime

from django.utils import timezone

from proposals import joins, services
from proposals.models import Proposal
from tests.factories import UserFactory, service
from tests.spaces.helpers import make_space

CATEGORY = "Baby sitter condivisa"


def category(name: str = CATEGORY):
    return service(name)


def draft(author, space, *, title="Baby sitter condivisa per il palazzo", **extra) -> Proposal:
    data = {
        "category": category(),
        "space": space,
        "title": title,
        "description": "Cerchiamo una **baby sitter** condivisa per i bambini del palazzo.",
        "audience": "children",
        "days": [1, 3],
        "time_slots": ["afternoon"],
        "schedule_notes": "Dalle 16:30 alle 19",
        "pricing_mode": "paid",
        **extra,
    }
    return services.proposal_draft_save(actor=author, data=data)


def published(
    author=None, space=None, *, households: int = 1, threshold: int | None = None, **extra
):
    """A gathering proposal with ``households`` households (the author included)."""
    author = author or UserFactory(display_name="Autrice")
    space = space or make_space("Spazio delle proposte")
    proposal = draft(author, space, **extra)
    proposal = services.proposal_publish(actor=author, proposal=proposal)
    if threshold is not None:
        Proposal.objects.filter(pk=proposal.pk).update(threshold=threshold)
        proposal.refresh_from_db()
    for index in range(households - 1):
        joins.proposal_join(
            actor=UserFactory(display_name=f"Famiglia {index + 2}"),
            proposal=proposal,
            household_size=2,
        )
    proposal.refresh_from_db()
    return proposal


def past(days: int = 1) -> datetime.date:
    """``days`` before today in Milan (the machine's own date may be another one)."""
    return timezone.localdate() - datetime.timedelta(days=days)
