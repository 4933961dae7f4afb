"""The City's dashboard in the admin: for city staff only, this month's headline figures
against last month's, and what waits (proposals without an answer, accepted proposals with
no provider, quiet labs), at a fixed number of queries."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from labs import needs as lab_needs
from labs.models import Lab
from observatory import dashboard
from proposals.models import Proposal
from tests.factories.labs import LabFactory
from tests.factories.proposals import OfferFactory, ProposalFactory, SharedServiceFactory
from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from tests.factories.spaces import SpaceFactory
from tests.labs.helpers import member, need_category
from tests.observatory.test_accountability import client_of, record
from tests.queries import page_text, queries_for
from wemi_community.core.milan import ROME
from wemi_community.evidence.kinds import FactKind

pytestmark = pytest.mark.django_db

P = Proposal.State


def days_ago(days: int):
    return time_machine.travel(timezone.now() - datetime.timedelta(days=days), tick=False)


def panel(html: str) -> str:
    found = re.search(r'id="city-dashboard-section".*', html, re.S)
    return found[0] if found else ""


def test_city_staff_see_the_headline_figures_this_month_against_last():
    space = SpaceFactory(municipio=2)
    with time_machine.travel(datetime.datetime(2026, 10, 15, 10, tzinfo=ROME), tick=False):
        record(FactKind.NEED, space=space, people=3)
        record(FactKind.SERVICE_DELIVERY, space=space, people=2, quantity=3)
    with time_machine.travel(datetime.datetime(2026, 11, 10, 10, tzinfo=ROME), tick=False):
        record(FactKind.NEED, space=space, people=1)
        record(FactKind.DESK_CONTACT, space=space, people=2)
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=ROME), tick=False):
        rows = {row["line"].key: row for row in dashboard.headline()}
        html = panel(page_text(client_of(CityStaffFactory()), "/admin/"))
    assert (rows["needs"]["this_month"], rows["needs"]["last_month"]) == ("1", "3")
    assert rows["needs"]["trend"] == "down" and rows["desk_contacts"]["trend"] == "up"
    assert (rows["hours_delivered"]["this_month"], rows["hours_delivered"]["last_month"]) == (
        "0,0",
        "6,0",
    )
    # Small counts whole: staff only.
    assert 'data-line="needs"' in html and "&lt; 5" not in html
    assert reverse("observatory:account") in html


def test_the_panel_is_for_city_staff_only():
    space = SpaceFactory()
    for user in (CoordinatorFactory(space=space),):
        assert 'id="city-dashboard-section"' not in page_text(client_of(user), "/admin/")
    assert 'id="city-dashboard-section"' in page_text(client_of(CityStaffFactory()), "/admin/")


def test_proposals_waiting_for_an_answer_past_the_days():
    with days_ago(dashboard.WAITING_DAYS + 6):
        evaluated = ProposalFactory(state=P.UNDER_EVALUATION, title="Doposcuola in attesa")
        reached = ProposalFactory(state=P.THRESHOLD_REACHED, title="Badante in attesa")
    with days_ago(2):
        ProposalFactory(state=P.UNDER_EVALUATION, title="Appena valutata")
    ProposalFactory(state=P.GATHERING, title="Ancora in raccolta")
    count, rows = dashboard.proposals_waiting()
    assert count == 2 and {p.pk for p in rows} == {evaluated.pk, reached.pk}
    html = panel(page_text(client_of(CityStaffFactory()), "/admin/"))
    assert reverse("proposals:detail", args=[evaluated.pk]) in html
    assert "Doposcuola in attesa" in html and "Appena valutata" not in html


def test_accepted_proposals_without_a_provider():
    alone = ProposalFactory(state=P.ACCEPTED, title="Nessuna offerta scelta")
    OfferFactory(proposal=alone)  # an offer submitted, none chosen
    served = SharedServiceFactory()
    count, rows = dashboard.proposals_without_provider()
    assert count == 1 and [p.pk for p in rows] == [alone.pk]
    assert served.proposal_id != alone.pk
    html = panel(page_text(client_of(CityStaffFactory()), "/admin/"))
    assert reverse("proposals:detail", args=[alone.pk]) in html


def test_quiet_labs():
    with days_ago(dashboard.IDLE_DAYS + 10):
        quiet = LabFactory(title="Condominio silenzioso")
        busy = LabFactory(title="Condominio vivace")
        closed = LabFactory(phase=Lab.Phase.CLOSED, title="Condominio chiuso")
        LabFactory(phase=Lab.Phase.REQUESTED, title="Condominio richiesto")
    with days_ago(3):
        person = member(busy, "Anna")
        lab_needs.need_post(
            actor=person.user, participant=person, category=need_category(), text="Un doposcuola"
        )
    count, rows = dashboard.labs_idle()
    assert count == 1 and [lab.pk for lab in rows] == [quiet.pk]
    assert closed.pk not in {lab.pk for lab in rows}
    html = panel(page_text(client_of(CityStaffFactory()), "/admin/"))
    assert reverse("labs:detail", args=[quiet.pk]) in html and "Condominio vivace" not in html


def test_the_dashboard_costs_the_same_for_few_and_many(django_assert_num_queries):
    client = client_of(CityStaffFactory())

    def add(count: int, tag: str) -> None:
        with days_ago(dashboard.IDLE_DAYS + 10):
            for index in range(count):
                ProposalFactory(state=P.UNDER_EVALUATION, title=f"Attesa {tag} {index}")
                ProposalFactory(state=P.ACCEPTED, title=f"Accettata {tag} {index}")
                LabFactory(title=f"Quieto {tag} {index}")
        space = SpaceFactory()
        for kind in (FactKind.NEED, FactKind.PROPOSAL_JOIN, FactKind.VOLUNTEER_HOURS):
            record(kind, space=space, people=count, quantity=1, households=1)

    add(1, "a")
    few = queries_for(client, "/admin/")
    add(6, "b")
    html = panel(page_text(client, "/admin/"))
    assert html.count("Attesa ") == dashboard.SHOWN and "7 " in html
    with django_assert_num_queries(few):
        client.get("/admin/")
