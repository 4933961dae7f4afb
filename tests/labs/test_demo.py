"""The demo labs: a condominium in listening with a full wall, a school in co-design with
themes, a draft and a poll, a finished lab with its summary, a request waiting; the demo
accounts can try each; idempotent. The seed runs once for the module, inside a transaction
rolled back at its end."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from labs import permissions
from labs.demo import already_seeded
from labs.models import Evaluation, Lab, Need, Participant, Poll, Theme
from labs.summary import summary
from proposals.models import Proposal
from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User
from wemi_community.participation.models import Comment

Phase = Lab.Phase
pytestmark = pytest.mark.django_db


def person(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def lab(title: str) -> Lab:
    return Lab.objects.select_related("space").get(title=title)


def test_a_condominium_in_listening_with_a_full_wall(seeded):
    palmieri = lab("Condominio via Palmieri 53")
    assert palmieri.phase == Phase.LISTENING and palmieri.visibility == "private"
    assert palmieri.space.slug == "san-gottardo"
    needs = Need.objects.filter(lab=palmieri)
    assert needs.count() >= 15
    assert needs.filter(anonymous=True).exists()
    assert needs.filter(me_too_count__gte=3).count() >= 5
    assert Participant.objects.filter(lab=palmieri, user__isnull=True).count() >= 10
    # The demo resident takes part with her account; the facilitator and the coordinator run it.
    assert Participant.objects.filter(lab=palmieri, user=person("residente")).exists()
    assert permissions.is_facilitator(person("facilitatore"), palmieri)
    assert permissions.can_run_lab(person("coordinatrice"), palmieri)


def test_a_school_in_co_design_with_themes_a_draft_and_a_poll(seeded):
    school = lab("Genitori della scuola primaria di via Console Marcello")
    assert school.phase == Phase.CO_DESIGN and school.visibility == "public"
    assert Theme.objects.filter(lab=school).count() == 3
    draft = Proposal.objects.get(lab=school)
    assert draft.state == Proposal.State.DRAFT and draft.space_id == school.space_id
    assert "Dopo la scuola" in draft.title
    assert "I bisogni condivisi dai partecipanti" in draft.description_source
    poll = Poll.objects.get(lab=school)
    assert poll.votes_count == 5 and not poll.is_closed
    assert Comment.objects.filter(target_id=draft.pk).count() == 2
    # The resident can still vote.
    resident = Participant.objects.get(lab=school, user=person("residente"))
    assert permissions.can_vote(resident, school)
    assert not poll.votes.filter(participant=resident).exists()


def test_a_finished_lab_with_its_summary(seeded):
    finished = lab("Condominio via dei Cinquecento 12")
    assert finished.phase == Phase.CLOSED
    proposal = Proposal.objects.get(lab=finished)
    assert proposal.state == Proposal.State.GATHERING and proposal.households_count == 1
    assert Evaluation.objects.filter(lab=finished).count() == 5
    data = summary(finished)
    assert data["evaluation"]["average"] == 4.2
    assert [row["theme"].title for row in data["themes"]] == [
        "Anziani del palazzo",
        "Spazi comuni",
    ]


def test_a_request_waits_for_the_coordinator(seeded):
    request = Lab.objects.get(phase=Phase.REQUESTED)
    assert request.requested_by == person("vicino")
    assert permissions.can_decide_request(person("coordinatrice"), request)


def test_the_demo_pages_open_for_the_demo_accounts(seeded):
    client = Client()
    client.force_login(person("facilitatore"))
    for title in (
        "Condominio via Palmieri 53",
        "Genitori della scuola primaria di via Console Marcello",
        "Condominio via dei Cinquecento 12",
    ):
        demo_lab = lab(title)
        assert client.get(demo_lab.get_absolute_url()).status_code == 200
        assert client.get(f"/laboratori/{demo_lab.pk}/sintesi/").status_code == 200


def test_seeding_again_changes_nothing(seeded):
    assert already_seeded()
    before = (Lab.objects.count(), Need.objects.count(), Participant.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (Lab.objects.count(), Need.objects.count(), Participant.objects.count()) == before
    assert "Labs: the demo labs are already there, left as they are." in out.getvalue()
