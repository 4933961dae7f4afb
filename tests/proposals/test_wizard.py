"""The wizard that writes a proposal: each step saves the draft, only its author sees it,
similar proposals show before publishing, missing fields send the person back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from proposals import services, thresholds
from proposals.models import Proposal, Support
from tests.cms.helpers import soup, text
from tests.factories import UserFactory
from tests.proposals.helpers import category, draft, published
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db


def step_url(proposal, step):
    return reverse("proposals:draft_step", args=[proposal.pk, step])


@pytest.fixture
def space():
    return make_space("Spazio Padova", municipio=2)


def test_anonymous_visitors_are_sent_to_sign_in(client, space):
    response = client.get(reverse("proposals:new"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    proposal = draft(UserFactory(), space)
    assert client.get(step_url(proposal, "servizio")).status_code == 302


def test_step_one_is_empty_and_preselects_the_space(resident_client, space):
    response = resident_client.get(reverse("proposals:new"))
    assert response.status_code == 200
    document = soup(response)
    assert document.select_one("#wizard-steps [aria-current=step]") is not None
    assert gettext("Step %(n)s of %(total)s") % {"n": 1, "total": 4} in text(document)
    assert document.select_one("select[name=category] optgroup") is not None
    assert document.select_one("select[name=space] optgroup") is not None
    assert document.select_one("select[name=space] option[selected]")["value"] == ""

    document = soup(resident_client.get(reverse("proposals:new") + f"?spazio={space.pk}"))
    assert document.select_one("select[name=space] option[selected]")["value"] == str(space.pk)
    # Nonsense in the query string is ignored.
    assert resident_client.get(reverse("proposals:new") + "?spazio=abc").status_code == 200


def test_each_step_saves_the_draft(resident_client, resident, space):
    response = resident_client.post(
        reverse("proposals:new"),
        {"category": category().pk, "space": space.pk, "action": "next"},
    )
    proposal = Proposal.objects.get(author=resident)
    assert proposal.state == Proposal.State.DRAFT
    assert (proposal.category, proposal.space) == (category(), space)
    assert response["Location"] == step_url(proposal, "descrizione")

    response = resident_client.post(
        step_url(proposal, "descrizione"),
        {
            "title": "Baby sitter dopo la scuola",
            "description": "Per i **bambini**.",
            "action": "next",
        },
    )
    assert response["Location"] == step_url(proposal, "dettagli")
    proposal.refresh_from_db()
    assert proposal.title == "Baby sitter dopo la scuola"
    assert "<strong>bambini</strong>" in proposal.description_html

    deadline = timezone.localdate() + datetime.timedelta(days=30)
    response = resident_client.post(
        step_url(proposal, "dettagli"),
        {
            "audience": "children",
            "days": ["0", "2"],
            "time_slots": ["afternoon"],
            "schedule_notes": "Dalle 16",
            "pricing_mode": "paid",
            "deadline": deadline.isoformat(),
            "action": "next",
        },
    )
    assert response["Location"] == step_url(proposal, "simili")
    proposal.refresh_from_db()
    assert proposal.days == [0, 2]
    assert proposal.time_slots == ["afternoon"]
    assert (proposal.audience, proposal.pricing_mode) == ("children", "paid")

    # The step shows what was saved; "Back" saves too and goes one step back.
    document = soup(resident_client.get(step_url(proposal, "dettagli")))
    assert document.select_one("input[name=audience][value=children]").has_attr("checked")
    assert document.select_one("input[name=deadline]")["value"] == deadline.isoformat()
    response = resident_client.post(
        step_url(proposal, "dettagli"),
        {"audience": "elderly", "pricing_mode": "free", "action": "back"},
    )
    assert response["Location"] == step_url(proposal, "descrizione")
    proposal.refresh_from_db()
    assert (proposal.audience, proposal.pricing_mode, proposal.days) == ("elderly", "free", [])


def test_save_for_later_accepts_a_half_filled_step(resident_client, resident, space):
    response = resident_client.post(reverse("proposals:new"), {"space": space.pk, "action": "save"})
    assert response["Location"] == reverse("proposals:mine")
    proposal = Proposal.objects.get(author=resident)
    assert proposal.space == space and proposal.category is None
    page = soup(resident_client.get(reverse("proposals:mine")))
    assert page.select_one(f"#draft-{proposal.pk}") is not None


def test_next_requires_the_step_fields(resident_client, resident, space):
    response = resident_client.post(reverse("proposals:new"), {"action": "next"})
    assert response.status_code == 422
    document = soup(response)
    assert document.select_one("#id_category_error") is not None
    assert not Proposal.objects.filter(author=resident).exists()

    proposal = draft(resident, space)
    response = resident_client.post(
        step_url(proposal, "descrizione"), {"title": "", "description": "x", "action": "next"}
    )
    assert response.status_code == 422
    assert soup(response).select_one("#id_title_error") is not None


def test_a_group_is_not_a_service(resident_client, resident, space):
    group = category().parent
    response = resident_client.post(
        reverse("proposals:new"), {"category": group.pk, "space": space.pk, "action": "next"}
    )
    assert response.status_code == 422
    assert not Proposal.objects.filter(author=resident).exists()


def test_a_deadline_in_the_past_is_refused(resident_client, resident, space):
    proposal = draft(resident, space)
    response = resident_client.post(
        step_url(proposal, "dettagli"),
        {
            "audience": "children",
            "pricing_mode": "paid",
            "deadline": "2000-01-01",
            "action": "next",
        },
    )
    assert response.status_code == 422
    assert gettext("The deadline must be after today.") in text(soup(response))


def test_only_the_author_sees_the_draft(client, resident, space):
    proposal = draft(resident, space)
    client.force_login(UserFactory())
    for step in ("servizio", "descrizione", "dettagli", "simili"):
        assert client.get(step_url(proposal, step)).status_code == 404
    assert client.post(step_url(proposal, "simili"), {"action": "publish"}).status_code == 404
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("proposals:draft_delete", args=[proposal.pk])).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.DRAFT
    # Nor is it in the public list.
    client.logout()
    assert proposal.title not in client.get(reverse("proposals:list")).content.decode()


def test_unknown_step_is_404(resident_client, resident, space):
    proposal = draft(resident, space)
    assert resident_client.get(step_url(proposal, "altro")).status_code == 404


def test_the_author_reaches_the_draft_from_its_detail_url(resident_client, resident, space):
    proposal = draft(resident, space)
    response = resident_client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert response["Location"] == step_url(proposal, "simili")


def test_last_step_shows_similar_proposals_and_the_threshold(resident_client, resident, space):
    other = published(space=space, households=3, title="Baby sitter condivisa il pomeriggio")
    unrelated = published(space=make_space("Altro spazio"), title="Baby sitter lontana")
    proposal = draft(resident, space)
    response = resident_client.get(step_url(proposal, "simili"))
    assert response.status_code == 200
    document = soup(response)
    links = [a["href"] for a in document.select("#similar a")]
    assert other.get_absolute_url() + "#ci-sto" in links
    assert unrelated.get_absolute_url() not in " ".join(links)
    assert "3" in text(document.select_one("#similar .wemi-similar-item"))
    threshold = thresholds.threshold_for(proposal.category, space)
    assert str(threshold) in text(document.select_one("#threshold-note"))
    assert document.select_one("#publish-form button[value=publish]") is not None


def test_publish(resident_client, resident, space):
    proposal = draft(resident, space)
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    resident_client.post(
        step_url(proposal, "dettagli"),
        {
            "audience": "children",
            "pricing_mode": "paid",
            "deadline": deadline.isoformat(),
            "action": "next",
        },
    )
    response = resident_client.post(step_url(proposal, "simili"), {"action": "publish"})
    assert response["Location"] == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.GATHERING
    assert proposal.deadline == deadline
    assert Support.objects.filter(proposal=proposal, user=resident).exists()
    # The wizard of a published proposal leads to its page.
    response = resident_client.get(step_url(proposal, "servizio"))
    assert response["Location"] == proposal.get_absolute_url()


def test_publish_with_missing_fields_goes_back_to_the_step(resident_client, resident, space):
    proposal = services.proposal_draft_save(
        actor=resident,
        data={"category": category(), "space": space, "title": "Solo un titolo"},
    )
    document = soup(resident_client.get(step_url(proposal, "simili")))
    assert document.select_one("#missing-fields") is not None

    response = resident_client.post(step_url(proposal, "simili"), {"action": "publish"})
    assert response.status_code == 302
    assert response["Location"] == step_url(proposal, "descrizione") + "?completa=1"
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.DRAFT
    page = soup(resident_client.get(response["Location"]))
    assert page.select_one("#id_description_error") is not None
    assert page.select_one("#id_title_error") is None


def test_delete_a_draft(resident_client, resident, space):
    proposal = draft(resident, space)
    url = reverse("proposals:draft_delete", args=[proposal.pk])
    assert resident_client.get(url).status_code == 200
    response = resident_client.post(url)
    assert response["Location"] == reverse("proposals:mine")
    assert not Proposal.objects.filter(pk=proposal.pk).exists()


def test_a_published_proposal_is_not_deleted_as_a_draft(resident_client, resident, space):
    proposal = published(author=resident, space=space)
    url = reverse("proposals:draft_delete", args=[proposal.pk])
    assert resident_client.post(url).status_code == 404
    assert Proposal.objects.filter(pk=proposal.pk).exists()
