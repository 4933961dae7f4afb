"""The demo's observatory has data: needs on the map in several neighbourhoods, households
joining, every step of the funnel with its days, sessions delivered and the quotas paid by
families and covered by the City, volunteer hours, desk contacts, over several months; its
running figures are what a rebuild from the facts gives, and a backfill again writes
nothing. The nightly schedule rebuilds them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.evidence.helpers import figures_now
from wemi_community.core.milan import ROME
from wemi_community.evidence.backfill import backfill
from wemi_community.evidence.kinds import FUNNEL, FactKind
from wemi_community.evidence.models import Fact, Figure
from wemi_community.evidence.services import figures_rebuild
from wemi_community.evidence.tasks import SCHEDULES, figures_rebuild_nightly

pytestmark = pytest.mark.django_db


def cells(kind):
    return Figure.objects.filter(kind=kind)


def total(kind, measure="facts") -> int:
    return sum(getattr(figure, measure) for figure in cells(kind))


def test_the_demo_fills_the_observatory(seeded):
    assert cells(FactKind.NEED).exclude(nil_id=0).values("nil_id").distinct().count() >= 3
    assert total(FactKind.ME_TOO) > 0
    assert total(FactKind.PROPOSAL_JOIN, "households") > 0
    for kind in FUNNEL:
        assert total(kind) > 0, kind
    assert total(FactKind.PROPOSAL_THRESHOLD, "quantity") > 0
    assert total(FactKind.SERVICE_RUNNING, "quantity") > 0
    assert total(FactKind.SERVICE_MEMBER, "households") > 0
    assert total(FactKind.SERVICE_DELIVERY, "quantity") > 0
    assert total(FactKind.SERVICE_PAYMENT, "family_cents") > 0
    assert total(FactKind.SERVICE_PAYMENT, "city_cents") > 0
    assert total(FactKind.VOLUNTEER_HOURS, "quantity") > 0
    assert total(FactKind.DESK_CONTACT) > 0
    assert total(FactKind.EVENT_REGISTRATION) > 0
    # Spread over the months, so the trend shows something.
    assert Figure.objects.values("month").distinct().count() >= 3


def test_the_demo_facts_carry_the_dates_of_their_rows(seeded):
    # The demo dates its rows after the services ran: the backfill read those dates.
    published = Fact.objects.filter(kind=FactKind.PROPOSAL_PUBLISHED)
    assert published.exists()
    assert len({fact.occurred_at.astimezone(ROME).date() for fact in published}) > 1


def test_the_running_figures_are_a_rebuild_and_the_backfill_adds_nothing(seeded):
    before = figures_now()
    assert sum(backfill().values()) == 0
    assert sum(backfill(refresh=True).values()) == 0
    figures_rebuild()
    assert figures_now() == before


def test_the_figures_are_rebuilt_every_night(seeded):
    (nightly,) = SCHEDULES
    assert nightly.name == "evidence.figures_rebuild"
    assert nightly.func == "wemi_community.evidence.tasks.figures_rebuild_nightly"
    recent = [
        (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1),
        timezone.localdate().replace(day=1),
    ]
    before = figures_now()
    Figure.objects.filter(month__in=recent).update(people=0)
    assert figures_rebuild_nightly() == Figure.objects.filter(month__in=recent).count() > 0
    assert figures_now() == before
