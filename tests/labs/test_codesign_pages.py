"""After listening, from the pages: the themes workspace (with the keyboard: tick, choose,
move), drafts with their discussion and polls, publishing, the evaluation, and the summary
with its CSV, which names nobody."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from labs import codesign
from labs import needs as lab_needs
from labs.models import Evaluation, Lab, Need, Poll, PollVote, Theme
from proposals.models import Proposal
from tests.factories import service
from tests.labs.helpers import advance_to, need_category
from tests.labs.pages import url, world
from wemi_community.participation.models import Comment

pytestmark = pytest.mark.django_db
Phase = Lab.Phase


def _with_needs(**options):
    lab, clients, people = world(**options)
    babysitter = service("Baby sitter condivisa")
    needs = [
        lab_needs.need_post(
            actor=people["anna"].user,
            participant=people["anna"],
            category=babysitter,
            text="Baby sitter",
        ),
        lab_needs.need_post(
            actor=people["guest"].user,
            participant=people["guest"],
            category=babysitter,
            text="Segreto di Gigi",
            anonymous=True,
        ),
        lab_needs.need_post(
            actor=people["anna"].user,
            participant=people["anna"],
            category=need_category(),
            text="Pedibus",
        ),
    ]
    lab_needs.me_too_add(actor=people["guest"].user, participant=people["guest"], need=needs[0])
    return lab, clients, people, needs


class TestThemesPage:
    def test_the_themes_page_waits_for_aggregation(self):
        lab, clients, _people, _needs = _with_needs()
        response = clients["facilitator"].get(url("themes", lab))
        assert response.status_code == 409

    def test_a_facilitator_creates_moves_renames_merges_and_removes_themes(self):
        lab, clients, people, needs = _with_needs()
        advance_to(lab, Phase.AGGREGATION, people["facilitator"])
        client = clients["facilitator"]
        page = client.get(url("themes", lab))
        assert page.status_code == 200 and "Organizza i temi" in page.content.decode()
        assert (
            client.post(url("themes", lab), {"action": "create", "title": "Bambini"}).status_code
            == 302
        )
        assert (
            client.post(url("themes", lab), {"action": "create", "title": "Scuola"}).status_code
            == 302
        )
        children, school = Theme.objects.order_by("pk")
        moved = client.post(
            url("themes", lab),
            {"action": "move", "theme": children.pk, "needs": [needs[0].pk, needs[1].pk]},
        )
        assert moved.status_code == 302
        assert set(children.needs.values_list("pk", flat=True)) == {needs[0].pk, needs[1].pk}
        client.post(
            url("themes", lab), {"action": "move", "theme": school.pk, "needs": [needs[2].pk]}
        )
        client.post(
            url("themes", lab), {"action": "rename", "theme_id": school.pk, "title": "A scuola"}
        )
        school.refresh_from_db()
        assert school.title == "A scuola"
        client.post(
            url("themes", lab), {"action": "merge", "theme_id": school.pk, "into": children.pk}
        )
        assert list(Theme.objects.values_list("title", flat=True)) == ["Bambini"]
        assert children.needs.count() == 3
        # The counts: 3 needs, 1 "me too".
        overview = clients["member"].get(lab.get_absolute_url()).content.decode()
        assert "Bambini" in overview
        client.post(url("themes", lab), {"action": "delete", "theme_id": children.pk})
        assert not Theme.objects.exists() and Need.objects.filter(theme__isnull=True).count() == 3

    def test_bad_theme_actions_are_refused_clearly(self):
        lab, clients, people, needs = _with_needs()
        advance_to(lab, Phase.AGGREGATION, people["facilitator"])
        client = clients["facilitator"]
        empty = client.post(url("themes", lab), {"action": "create", "title": "  "})
        assert empty.status_code == 422 and "Dai un nome al tema." in empty.content.decode()
        nothing_ticked = client.post(url("themes", lab), {"action": "move", "theme": ""})
        assert nothing_ticked.status_code == 422
        assert "Seleziona almeno un bisogno da spostare." in nothing_ticked.content.decode()
        wrong_theme = client.post(
            url("themes", lab), {"action": "move", "theme": 999999, "needs": [needs[0].pk]}
        )
        assert wrong_theme.status_code == 422
        assert (
            client.post(url("themes", lab), {"action": "rename", "theme_id": 999999}).status_code
            == 404
        )
        assert not Theme.objects.exists()

    def test_members_cannot_use_the_themes_page(self):
        lab, clients, people, _needs = _with_needs()
        advance_to(lab, Phase.AGGREGATION, people["facilitator"])
        assert clients["member"].get(url("themes", lab)).status_code == 403
        assert clients["other_coordinator"].get(url("themes", lab)).status_code == 404

    def test_the_themes_page_shows_anonymous_authors_to_nobody_and_costs_fixed_queries(
        self, django_assert_max_num_queries
    ):
        lab, clients, people, _needs = _with_needs()
        advance_to(lab, Phase.AGGREGATION, people["facilitator"])
        client = clients["facilitator"]
        client.get(url("themes", lab))
        with django_assert_max_num_queries(40) as few:
            client.get(url("themes", lab))
        lab = advance_to(lab, Phase.AGGREGATION, people["facilitator"])
        for n in range(5):
            codesign.theme_create(actor=people["facilitator"], lab=lab, title=f"Tema {n}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url("themes", lab))


def _draft_world(phase=Phase.CO_DESIGN):
    lab, clients, people, needs = _with_needs()
    advance_to(lab, Phase.AGGREGATION, people["facilitator"])
    theme = codesign.theme_create(actor=people["facilitator"], lab=lab, title="Bambini")
    for need in needs[:2]:
        codesign.need_move(actor=people["facilitator"], need=need, theme=theme)
    advance_to(lab, Phase.CO_DESIGN, people["facilitator"])
    response = clients["facilitator"].post(url("draft_create", lab, theme.pk))
    proposal = Proposal.objects.get(lab=lab)
    assert response.status_code == 302
    assert response["Location"] == url("draft", lab, proposal.pk)
    advance_to(lab, phase, people["facilitator"])
    return lab, clients, people, proposal


class TestDrafts:
    def test_members_read_and_discuss_the_draft_outsiders_get_404(self):
        lab, clients, _people, proposal = _draft_world()
        page = clients["member"].get(url("draft", lab, proposal.pk))
        text = page.content.decode()
        assert page.status_code == 200 and "Bozza del laboratorio" in text
        assert "Baby sitter" in text and "Segreto di Gigi" in text
        assert "Gigi" not in text.replace("Segreto di Gigi", "")
        target_type = ContentType.objects.get_for_model(Proposal).pk
        comment = clients["member"].post(
            reverse("participation:comment_post", args=[target_type, proposal.pk]),
            {"text": "Il mercoledì per noi è difficile"},
        )
        assert comment.status_code == 302
        assert Comment.objects.filter(target_id=proposal.pk).count() == 1
        for role in ("outsider", "other_coordinator", "anonymous"):
            assert clients[role].get(url("draft", lab, proposal.pk)).status_code == 404, role
        # The proposal's own address leads members to the lab's page of the draft.
        redirect = clients["member"].get(proposal.get_absolute_url())
        assert redirect.status_code == 302 and redirect["Location"] == url(
            "draft", lab, proposal.pk
        )
        assert clients["outsider"].get(proposal.get_absolute_url()).status_code == 404

    def test_a_facilitator_edits_the_draft_and_members_cannot(self):
        lab, clients, _people, proposal = _draft_world()
        data = {
            "category": service("Baby sitter condivisa").pk,
            "title": "Baby sitter del pomeriggio",
            "description": "Per i bambini della scuola",
            "audience": "children",
            "days": ["0", "2"],
            "time_slots": ["afternoon"],
            "pricing_mode": "copayment",
        }
        assert clients["member"].post(url("draft", lab, proposal.pk), data).status_code == 403
        response = clients["facilitator"].post(url("draft", lab, proposal.pk), data)
        proposal.refresh_from_db()
        assert response.status_code == 302
        assert proposal.title == "Baby sitter del pomeriggio" and proposal.days == [0, 2]
        empty = clients["facilitator"].post(url("draft", lab, proposal.pk), {**data, "title": ""})
        assert empty.status_code == 422

    def test_publishing_in_action_needs_a_complete_draft(self):
        lab, clients, people, proposal = _draft_world(Phase.ACTION)
        incomplete = clients["facilitator"].post(url("draft_publish", lab, proposal.pk))
        assert incomplete.status_code == 422
        assert "Completa la bozza prima di pubblicarla." in incomplete.content.decode()
        codesign.draft_update(
            actor=people["facilitator"],
            proposal=proposal,
            data={"audience": "children", "pricing_mode": "paid"},
        )
        assert clients["member"].post(url("draft_publish", lab, proposal.pk)).status_code == 403
        published = clients["facilitator"].post(url("draft_publish", lab, proposal.pk))
        proposal.refresh_from_db()
        assert published.status_code == 302 and published["Location"] == proposal.get_absolute_url()
        assert proposal.state == Proposal.State.GATHERING
        # Members join it from the proposal's page, as anyone.
        page = clients["member"].get(proposal.get_absolute_url())
        assert page.status_code == 200
        # Marked as coming from the lab (a private one: named, not linked).
        marker = f"Co-progettata nel laboratorio di ascolto-azione “{lab.title}”"
        assert marker in page.content.decode()

    def test_publishing_during_co_design_is_a_conflict(self):
        lab, clients, _people, proposal = _draft_world()
        response = clients["facilitator"].post(url("draft_publish", lab, proposal.pk))
        assert response.status_code == 409
        proposal.refresh_from_db()
        assert proposal.state == Proposal.State.DRAFT

    def test_discarding_a_draft(self):
        lab, clients, _people, proposal = _draft_world()
        assert clients["member"].post(url("draft_discard", lab, proposal.pk)).status_code == 403
        response = clients["facilitator"].post(url("draft_discard", lab, proposal.pk))
        assert response.status_code == 302 and not Proposal.objects.filter(lab=lab).exists()


class TestPolls:
    def test_a_poll_is_opened_voted_once_and_its_results_shown_after_voting(self):
        lab, clients, _people, proposal = _draft_world()
        opened = clients["facilitator"].post(
            url("poll_create", lab, proposal.pk),
            {"question": "Quali pomeriggi?", "options": "Lunedì\nMercoledì\n\nVenerdì"},
        )
        assert opened.status_code == 302
        poll = Poll.objects.get()
        assert poll.options.count() == 3
        before = clients["guest"].get(url("draft", lab, proposal.pk)).content.decode()
        assert "vedi i risultati dopo aver votato" in before and "il tuo voto" not in before
        wednesday = poll.options.get(label="Mercoledì")
        voted = clients["guest"].post(url("poll_vote", lab, poll.pk), {"option": wednesday.pk})
        assert voted.status_code == 302
        again = clients["guest"].post(url("poll_vote", lab, poll.pk), {"option": wednesday.pk})
        assert again.status_code == 409 and "Hai già votato" in again.content.decode()
        after = clients["guest"].get(url("draft", lab, proposal.pk)).content.decode()
        assert "il tuo voto" in after
        assert PollVote.objects.count() == 1

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"question": "", "options": "A\nB"}, "Scrivi la domanda."),
            ({"question": "Quando?", "options": "Solo una"}, "Indica almeno 2 opzioni diverse."),
            ({"question": "Quando?", "options": "\n".join("ABCDEFGHI")}, "al massimo 8 opzioni"),
        ],
    )
    def test_bad_polls_are_refused_next_to_the_field(self, data, message):
        lab, clients, _people, proposal = _draft_world()
        response = clients["facilitator"].post(url("poll_create", lab, proposal.pk), data)
        assert response.status_code == 422 and message in response.content.decode()
        assert not Poll.objects.exists()

    def test_voting_outside_co_design_or_without_an_option_is_refused(self):
        lab, clients, people, proposal = _draft_world()
        poll = codesign.poll_create(
            actor=people["facilitator"], proposal=proposal, question="Giorno?", options=["A", "B"]
        )
        missing = clients["member"].post(url("poll_vote", lab, poll.pk), {})
        assert missing.status_code == 422
        advance_to(lab, Phase.ACTION, people["facilitator"])
        closed = clients["member"].post(
            url("poll_vote", lab, poll.pk), {"option": poll.options.first().pk}
        )
        assert closed.status_code == 409
        assert clients["outsider"].post(url("poll_vote", lab, poll.pk), {}).status_code == 404
        assert not PollVote.objects.exists()


class TestEvaluationAndSummary:
    def test_participants_rate_the_lab_and_the_facilitator_reads_the_summary(self):
        lab, clients, people, _proposal = _draft_world(Phase.EVALUATION)
        rated = clients["guest"].post(url("evaluate", lab), {"rating": "5", "comment": "Bello"})
        assert rated.status_code == 302
        clients["member"].post(url("evaluate", lab), {"rating": "3", "comment": ""})
        bad = clients["member"].post(url("evaluate", lab), {"rating": "9"})
        assert bad.status_code == 422 and "Scegli da 1 a 5 stelle." in bad.content.decode()
        assert Evaluation.objects.count() == 2
        facilitator_view = clients["facilitator"].get(lab.get_absolute_url()).content.decode()
        assert (
            "Che cosa hanno detto i partecipanti" in facilitator_view
            and "Bello" in facilitator_view
        )
        member_view = clients["member"].get(lab.get_absolute_url()).content.decode()
        assert "Che cosa hanno detto i partecipanti" not in member_view
        assert clients["outsider"].post(url("evaluate", lab), {"rating": "5"}).status_code == 404

    def test_the_summary_and_its_csv_name_nobody(self):
        lab, clients, people, _proposal = _draft_world(Phase.EVALUATION)
        codesign.evaluation_submit(
            actor=people["guest"].user, participant=people["guest"], rating=4, comment="Utile"
        )
        advance_to(lab, Phase.CLOSED, people["facilitator"])
        page = clients["facilitator"].get(url("summary", lab))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Bambini" in text and "Baby sitter condivisa" in text and "4,0" in text
        export = clients["facilitator"].get(url("summary_csv", lab))
        assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
        body = export.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["sezione", "voce", "bisogni", "anche io", "persone", "dettaglio"]
        assert ["bisogni per tema", "Bambini", "2", "1", "", "proposta: Bambini (Bozza)"] in rows
        assert any(row[0] == "partecipazione per fase" for row in rows)
        for secret in ("Gigi", "Anna", "Segreto", "Baby sitter\n", people["anna"].user.email):
            assert secret not in body, secret
        for personal in ("Gigi", "Anna"):
            assert personal not in text
        assert clients["member"].get(url("summary_csv", lab)).status_code == 403
        assert clients["member"].get(url("summary", lab)).status_code == 200

    def test_csv_cells_cannot_run_as_formulas(self):
        lab, clients, people, needs = _with_needs()
        advance_to(lab, Phase.AGGREGATION, people["facilitator"])
        codesign.theme_create(actor=people["facilitator"], lab=lab, title="=HYPERLINK(1)")
        body = clients["facilitator"].get(url("summary_csv", lab)).content.decode("utf-8-sig")
        assert "'=HYPERLINK(1)" in body
