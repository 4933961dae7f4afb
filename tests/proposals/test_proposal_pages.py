"""A proposal's page for each kind of visitor, and what they do on it through the client:
join, change the household size, leave, withdraw, answer; with the bad inputs and refusals."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from proposals import joins, services
from proposals.models import Answer, Proposal, Support
from proposals.states import coordinator_targets
from tests.cms.helpers import soup, text
from tests.factories import UserFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.proposals.helpers import draft, published
from tests.shared_services.helpers import accepted_with_offer, running_service
from tests.spaces.helpers import make_space

pytestmark = pytest.mark.django_db


def url(name, proposal):
    return reverse(f"proposals:{name}", args=[proposal.pk])


@pytest.fixture
def space():
    return make_space("Spazio Lorenteggio", municipio=6)


@pytest.fixture
def proposal(space):
    return published(space=space, households=2, threshold=5)


# --- The page for each visitor ------------------------------------------------------------------


def test_anonymous_visitor_reads_and_is_invited_to_sign_in(client, proposal, space):
    response = client.get(url("detail", proposal))
    assert response.status_code == 200
    document = soup(response)
    assert text(document.select_one("h1")) == proposal.title
    assert document.select_one("#proposal-space")["href"] == space.url
    assert "<strong>baby sitter</strong>" in response.content.decode()
    progress = document.select_one("#ci-sto progress")
    assert (progress["value"], progress["max"]) == ("2", "5")
    assert "2" in text(document.select_one("#ci-sto .wemi-progress-text"))
    assert "5" in text(document.select_one("#ci-sto .wemi-progress-text"))
    assert document.select_one("#proposal-deadline") is not None
    assert document.select_one("#join-form") is None
    assert document.select_one("#answer-form") is None
    assert document.select_one("#author-actions") is None
    login = document.select_one("#ci-sto a.btn")["href"]
    assert login.startswith(reverse("accounts:login")) and url("detail", proposal) in login
    assert document.select_one(".wemi-comments") is not None
    # The public history starts with the publication.
    assert document.select_one("#answers li") is not None


def test_resident_sees_the_join_form_with_their_household(client, proposal):
    resident = UserFactory(household_size=4)
    client.force_login(resident)
    document = soup(client.get(url("detail", proposal)))
    field = document.select_one("#join-form input[name=household_size]")
    assert field["value"] == "4"
    assert (field["min"], field["max"]) == ("1", "20")
    assert document.select_one("#answer-form") is None
    assert document.select_one("#author-actions") is None
    assert document.select_one(".wemi-report-link") is not None
    assert document.select_one(".wemi-follow") is not None


def test_author_sees_edit_withdraw_and_change_but_not_leave(client, proposal):
    client.force_login(proposal.author)
    document = soup(client.get(url("detail", proposal)))
    actions = document.select_one("#author-actions")
    hrefs = {a["href"] for a in actions.select("a")}
    assert hrefs == {url("edit", proposal), url("withdraw", proposal)}
    assert document.select_one("#change-form") is not None
    assert document.select_one("#join-form") is None
    assert document.select_one("#leave-form") is None
    assert document.select_one(".wemi-report-link") is None


def test_coordinator_sees_the_answer_form_with_the_allowed_states(client, proposal, space):
    client.force_login(coordinator_of(space))
    document = soup(client.get(url("detail", proposal)))
    options = [o["value"] for o in document.select("#answer-form select[name=to_state] option")]
    assert options == ["", *coordinator_targets(proposal.state)]
    assert document.select_one("#answer-form textarea[name=text]") is not None


def test_coordinator_of_another_space_does_not(client, proposal):
    client.force_login(coordinator_of(make_space("Spazio Altrove")))
    document = soup(client.get(url("detail", proposal)))
    assert document.select_one("#answer-form") is None


def test_hidden_proposal_shows_a_placeholder_to_others(client, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=timezone.now(), hidden_by="moderator")
    response = client.get(url("detail", proposal))
    assert response.status_code == 404
    assert "wemi-hidden-placeholder" in response.content.decode()
    assert proposal.title not in response.content.decode()
    client.force_login(UserFactory())
    assert client.get(url("detail", proposal)).status_code == 404
    assert client.post(url("join", proposal), {"household_size": 1}).status_code == 404
    client.force_login(proposal.author)
    response = client.get(url("detail", proposal))
    assert response.status_code == 200 and proposal.title in response.content.decode()


def test_unknown_proposal_is_404(client):
    assert client.get(reverse("proposals:detail", args=[999999])).status_code == 404


def test_shared_service_link(client):
    shared, _coordinator, _staff = running_service(households=3)
    document = soup(client.get(url("detail", shared.proposal)))
    assert document.select_one("#shared-service-link")["href"] == shared.get_absolute_url()


def test_offers_block_shows_once_evaluated(client):
    """The offers block (written by the offer pages) is included in the detail."""
    proposal, offer, _coordinator, _staff = accepted_with_offer(households=3)
    response = client.get(url("detail", proposal))
    assert response.status_code == 200
    assert offer.organisation.name in response.content.decode()


# --- Joining ------------------------------------------------------------------------------------


def test_join_and_see_the_message(client, proposal):
    person = UserFactory()
    client.force_login(person)
    response = client.post(url("join", proposal), {"household_size": "3"}, follow=True)
    assert response.redirect_chain[-1][0] == url("detail", proposal)
    support = Support.objects.get(proposal=proposal, user=person)
    assert support.household_size == 3
    proposal.refresh_from_db()
    assert (proposal.households_count, proposal.people_count) == (3, 3 + 2 + 1)
    document = soup(response)
    assert gettext("You joined the proposal. We will tell you when the coordinator answers.") in (
        text(document.select_one("main"))
    )
    assert document.select_one("#change-form") is not None
    assert document.select_one("#leave-form") is not None


@pytest.mark.parametrize("size", ["0", "21", "abc", "", "-1", "2.5"])
def test_join_refuses_a_bad_household_size(client, proposal, size):
    person = UserFactory()
    client.force_login(person)
    response = client.post(url("join", proposal), {"household_size": size})
    assert response.status_code == 422
    assert soup(response).select_one("#id_join_household_size_error") is not None
    assert not Support.objects.filter(proposal=proposal, user=person).exists()


def test_joining_twice_is_a_conflict(client, proposal):
    person = UserFactory()
    client.force_login(person)
    client.post(url("join", proposal), {"household_size": "2"})
    response = client.post(url("join", proposal), {"household_size": "5"})
    assert response.status_code == 409
    assert soup(response).select_one("#proposal-error") is not None
    assert Support.objects.get(proposal=proposal, user=person).household_size == 2


def test_joining_a_withdrawn_proposal_is_a_conflict(client, proposal):
    services.proposal_withdraw(actor=proposal.author, proposal=proposal)
    person = UserFactory()
    client.force_login(person)
    response = client.post(url("join", proposal), {"household_size": "2"})
    assert response.status_code == 409
    assert not Support.objects.filter(proposal=proposal, user=person).exists()


def test_anonymous_join_goes_to_sign_in(client, proposal):
    response = client.post(url("join", proposal), {"household_size": "2"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Support.objects.filter(proposal=proposal).count() == 2


def test_join_is_post_only(client, proposal):
    client.force_login(UserFactory())
    assert client.get(url("join", proposal)).status_code == 405


def test_change_the_household_size(client, proposal):
    person = UserFactory()
    joins.proposal_join(actor=person, proposal=proposal, household_size=2)
    client.force_login(person)
    response = client.post(url("join", proposal), {"household_size": "6", "action": "change"})
    assert response["Location"] == url("detail", proposal)
    assert Support.objects.get(proposal=proposal, user=person).household_size == 6

    response = client.post(url("join", proposal), {"household_size": "21", "action": "change"})
    assert response.status_code == 422
    assert soup(response).select_one("#id_change_household_size_error") is not None
    assert Support.objects.get(proposal=proposal, user=person).household_size == 6


def test_changing_without_having_joined_is_a_conflict(client, proposal):
    client.force_login(UserFactory())
    response = client.post(url("join", proposal), {"household_size": "2", "action": "change"})
    assert response.status_code == 409


def test_leave(client, proposal):
    person = UserFactory()
    joins.proposal_join(actor=person, proposal=proposal, household_size=2)
    client.force_login(person)
    response = client.post(url("leave", proposal))
    assert response["Location"] == url("detail", proposal)
    assert not Support.objects.filter(proposal=proposal, user=person).exists()
    # Leaving again: nothing to leave.
    assert client.post(url("leave", proposal)).status_code == 409


def test_the_author_cannot_leave(client, proposal):
    client.force_login(proposal.author)
    response = client.post(url("leave", proposal))
    assert response.status_code == 409
    assert Support.objects.filter(proposal=proposal, user=proposal.author).exists()


# --- Withdrawing ---------------------------------------------------------------------------------


def test_withdraw_with_a_confirmation_and_a_reason(client, proposal):
    client.force_login(proposal.author)
    response = client.get(url("withdraw", proposal))
    assert response.status_code == 200
    assert soup(response).select_one("#withdraw-form textarea[name=text]") is not None
    response = client.post(url("withdraw", proposal), {"text": "Abbiamo trovato altro."})
    assert response["Location"] == url("detail", proposal)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.WITHDRAWN
    answer = Answer.objects.filter(proposal=proposal).last()
    assert answer.text == "Abbiamo trovato altro."
    document = soup(client.get(url("detail", proposal)))
    assert "Abbiamo trovato altro." in text(document.select_one("#answers"))
    assert document.select_one("#author-actions") is None
    # Twice: the page says it can no longer be done.
    assert client.post(url("withdraw", proposal), {"text": ""}).status_code == 409


def test_only_the_author_withdraws(client, proposal, space):
    for person in (UserFactory(), coordinator_of(space)):
        client.force_login(person)
        assert client.get(url("withdraw", proposal)).status_code == 403
        assert client.post(url("withdraw", proposal)).status_code == 403
    client.logout()
    assert client.post(url("withdraw", proposal))["Location"].startswith(reverse("accounts:login"))
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.GATHERING


# --- Answering ------------------------------------------------------------------------------------


@pytest.fixture
def reached(space):
    """A proposal that reached its threshold: the coordinator may take it under evaluation."""
    return published(space=space, households=2, threshold=2)


def test_answer_moves_the_proposal_on_with_public_text(client, reached, space):
    assert reached.state == Proposal.State.THRESHOLD_REACHED
    client.force_login(coordinator_of(space))
    response = client.post(
        url("answer", reached), {"to_state": "under_evaluation", "text": "La valutiamo ora."}
    )
    assert response["Location"] == url("detail", reached)
    reached.refresh_from_db()
    assert reached.state == Proposal.State.UNDER_EVALUATION
    document = soup(client.get(url("detail", reached)))
    timeline = document.select("#answers li")
    # Published, threshold reached (automatic), under evaluation with the answer.
    assert len(timeline) == 3
    assert "wemi-timeline-system" in timeline[1]["class"]
    assert "La valutiamo ora." in text(timeline[2])


def test_answer_without_text_is_refused(client, reached, space):
    client.force_login(coordinator_of(space))
    response = client.post(url("answer", reached), {"to_state": "under_evaluation", "text": " "})
    assert response.status_code == 422
    assert soup(response).select_one("#id_text_error") is not None
    reached.refresh_from_db()
    assert reached.state == Proposal.State.THRESHOLD_REACHED


def test_answer_with_a_nonsense_state_is_refused(client, reached, space):
    client.force_login(coordinator_of(space))
    response = client.post(url("answer", reached), {"to_state": "banana", "text": "Ok"})
    assert response.status_code == 422


def test_answer_with_an_invalid_transition_is_a_conflict(client, reached, space):
    client.force_login(coordinator_of(space))
    response = client.post(url("answer", reached), {"to_state": "accepted", "text": "Subito!"})
    assert response.status_code == 409
    assert soup(response).select_one("#proposal-error") is not None
    reached.refresh_from_db()
    assert reached.state == Proposal.State.THRESHOLD_REACHED


def test_answer_by_another_spaces_coordinator_is_forbidden(client, reached):
    client.force_login(coordinator_of(make_space("Spazio Altrove")))
    response = client.post(url("answer", reached), {"to_state": "rejected", "text": "No."})
    assert response.status_code == 403
    client.force_login(UserFactory())
    assert (
        client.post(url("answer", reached), {"to_state": "rejected", "text": "No."}).status_code
        == 403
    )
    reached.refresh_from_db()
    assert reached.state == Proposal.State.THRESHOLD_REACHED


# --- Editing --------------------------------------------------------------------------------------


def test_author_edits_a_gathering_proposal(client, proposal):
    client.force_login(proposal.author)
    response = client.get(url("edit", proposal))
    assert response.status_code == 200
    data = {
        "title": "Baby sitter per tutto il palazzo",
        "description": "Nuova descrizione.",
        "audience": "children",
        "days": ["1"],
        "time_slots": ["morning"],
        "schedule_notes": "",
        "pricing_mode": "copayment",
    }
    response = client.post(url("edit", proposal), data)
    assert response["Location"] == url("detail", proposal)
    proposal.refresh_from_db()
    assert (proposal.title, proposal.pricing_mode) == (data["title"], "copayment")
    response = client.post(url("edit", proposal), {**data, "title": ""})
    assert response.status_code == 422


def test_others_cannot_edit(client, proposal):
    client.force_login(UserFactory())
    assert client.get(url("edit", proposal)).status_code == 403


def test_editing_a_draft_goes_to_its_wizard(client, space):
    author = UserFactory()
    proposal = draft(author, space)
    client.force_login(author)
    response = client.get(url("edit", proposal))
    assert response["Location"] == reverse("proposals:draft_step", args=[proposal.pk, "servizio"])


# --- My proposals, the space page, the home page --------------------------------------------------


def test_my_proposals(client, space):
    person = UserFactory()
    mine = draft(person, space, title="La mia bozza")
    joined = published(space=space, title="Una proposta altrui")
    joins.proposal_join(actor=person, proposal=joined, household_size=2)
    shared, _coordinator, _staff = running_service(households=2)
    member = shared.memberships.first().user
    client.force_login(person)
    document = soup(client.get(reverse("proposals:mine")))
    assert document.select_one(f"#draft-{mine.pk}") is not None
    assert joined.title in text(document.select_one("#my-proposals"))
    assert document.select_one("#my-services") is None

    client.force_login(member)
    document = soup(client.get(reverse("proposals:mine")))
    row = document.select_one("#my-services tbody tr")
    assert row.select_one("a")["href"] == shared.get_absolute_url()
    assert "€" in text(row)


def test_my_proposals_needs_sign_in(client):
    assert client.get(reverse("proposals:mine"))["Location"].startswith(reverse("accounts:login"))


def test_the_space_page_shows_its_open_proposals(client, space):
    proposal = published(space=space, households=2, threshold=4)
    withdrawn = published(space=space, title="Ritirata")
    services.proposal_withdraw(actor=withdrawn.author, proposal=withdrawn)
    document = soup(client.get(space.url))
    section = document.select_one("#section-proposals").find_parent("section")
    hrefs = [a["href"] for a in section.select("a")]
    assert proposal.get_absolute_url() in hrefs
    assert withdrawn.get_absolute_url() not in hrefs
    assert f"{reverse('proposals:list')}?spazio={space.pk}" in hrefs
    assert f"{reverse('proposals:new')}?spazio={space.pk}" in hrefs
    assert section.select_one("progress")["max"] == "4"


def test_the_home_page_shows_open_proposals(client, space):
    proposal = published(space=space)
    document = soup(client.get("/"))
    section = document.select_one("#home-section-proposals").find_parent("section")
    assert proposal.get_absolute_url() in [a["href"] for a in section.select("a")]
