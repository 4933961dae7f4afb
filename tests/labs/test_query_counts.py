"""Each lab page costs the same number of SQL queries with two rows of every kind it shows as
with four times as many, for the people who see the most of it: two labs, one small and one
large, carried through the same phases. The list and the wall in listening have theirs in
``test_run_pages.py`` and ``test_wall_pages.py``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.test import Client

from labs import codesign, services
from labs import needs as lab_needs
from labs.models import Lab
from tests.factories import UserFactory
from tests.labs.helpers import advance_to, member, need_category, open_lab
from tests.labs.pages import guest_client, signed_in, url
from tests.queries import page_text, queries_for
from tests.spaces.helpers import make_space
from wemi_community.participation import comments

# The phases' dates and the evaluation: counted at the awkward instants too.
pytestmark = [pytest.mark.django_db, pytest.mark.instants]
Phase = Lab.Phase

FEW, MANY = 2, 8


@dataclass
class Built:
    lab: Lab
    clients: dict[str, Client]
    members: list = field(default_factory=list)
    drafts: list = field(default_factory=list)


def lab_with(rows: int, tag: str, *, space, facilitator) -> Built:
    """A lab in co-design with ``rows`` of everything: members with an account and guests,
    facilitators, needs with "me too", themes, drafts with a poll voted on and discussed."""
    lab, coordinator, _f = open_lab(
        space=space, facilitator=facilitator, title=f"Laboratorio {tag}", visibility="public"
    )
    members = [member(lab, f"Membro {tag} {index}") for index in range(rows)]
    for index in range(rows):
        services.join_as_guest(token=lab.invite_token, nickname=f"Ospite {tag} {index}")
        services.facilitator_appoint(
            coordinator=coordinator,
            lab=lab,
            user=UserFactory(display_name=f"Facilitatrice {tag} {index}"),
        )
    guest, _guest_participant = guest_client(lab, nickname=f"Gigi {tag}")
    needs = [
        lab_needs.need_post(
            actor=person.user,
            participant=person,
            category=need_category(),
            text=f"Bisogno {tag} {index}",
            anonymous=bool(index % 2),
        )
        for index, person in enumerate(members)
    ]
    for need in needs:
        for person in members:
            if person.pk != need.participant_id:
                lab_needs.me_too_add(actor=person.user, participant=person, need=need)
    lab = advance_to(lab, Phase.AGGREGATION, facilitator)
    themes = [
        codesign.theme_create(actor=facilitator, lab=lab, title=f"Tema {tag} {index}")
        for index in range(rows)
    ]
    for need, theme in zip(needs, themes, strict=True):
        codesign.need_move(actor=facilitator, need=need, theme=theme)
    lab = advance_to(lab, Phase.CO_DESIGN, facilitator)
    drafts = [codesign.draft_create(actor=facilitator, theme=theme) for theme in themes]
    for draft in drafts:
        poll = codesign.poll_create(
            actor=facilitator, proposal=draft, question="Quando?", options=["Mattina", "Sera"]
        )
        option = poll.options.first()
        for person in members:
            codesign.poll_vote(
                actor=person.user, participant=person, poll=poll, option_id=option.pk
            )
            comments.comment_post(actor=person.user, target=draft, text=f"Commento {tag}")
    clients = {
        "facilitator": signed_in(facilitator),
        "coordinator": signed_in(coordinator),
        "member": signed_in(members[0].user),
        "guest": guest,
        "anonymous": Client(),
    }
    return Built(lab=lab, clients=clients, members=members, drafts=drafts)


def same_queries(few: Built, many: Built, page: tuple, assert_num_queries) -> None:
    """``page``: (its URL name, who looks, words each shown once a row or more). The many-rows
    lab's page shows every row and costs what the few-rows one does."""
    name, role, rows = page
    few_count = queries_for(few.clients[role], url(name, few.lab))
    client = many.clients[role]
    text = page_text(client, url(name, many.lab))
    for row in rows:
        assert text.count(f"{row} grande") >= MANY, (name, role, row)
    with assert_num_queries(few_count, info=f"{name} for {role}"):
        client.get(url(name, many.lab))


def test_a_labs_pages_cost_the_same_for_few_and_many_of_everything(django_assert_num_queries):
    facilitator = UserFactory(display_name="Paolo amministratore")
    few = lab_with(FEW, "piccolo", space=make_space("Spazio piccolo"), facilitator=facilitator)
    many = lab_with(MANY, "grande", space=make_space("Spazio grande"), facilitator=facilitator)

    # Co-design: the lab's page (themes, categories, drafts with their polls), the members,
    # the facilitators, the projector, the themes; a draft with its poll and discussion.
    themes = ("Tema",)
    co_design = [
        *(("detail", role, themes) for role in ("facilitator", "member", "coordinator", "guest")),
        ("detail", "anonymous", themes),
        ("members", "facilitator", ("Membro", "Ospite")),
        ("facilitators", "coordinator", ("Facilitatrice",)),
        ("projector", "facilitator", ("Bisogno",)),
        ("themes", "facilitator", themes),
    ]
    for page in co_design:
        same_queries(few, many, page, django_assert_num_queries)
    for role in ("facilitator", "member"):
        few_count = queries_for(few.clients[role], url("draft", few.lab, few.drafts[0].pk))
        client = many.clients[role]
        text = page_text(client, url("draft", many.lab, many.drafts[0].pk))
        assert text.count("Commento grande") == MANY
        with django_assert_num_queries(few_count, info=f"draft for {role}"):
            client.get(url("draft", many.lab, many.drafts[0].pk))

    # Action, then evaluation: half the drafts published, every member rates the lab.
    for built in (few, many):
        built.lab = advance_to(built.lab, Phase.ACTION, facilitator)
        for draft in built.drafts[::2]:
            codesign.draft_update(
                actor=facilitator,
                proposal=draft,
                data={"audience": "children", "pricing_mode": "paid"},
            )
            codesign.draft_publish(actor=facilitator, proposal=draft)
        built.lab = advance_to(built.lab, Phase.EVALUATION, facilitator)
        for person in built.members:
            codesign.evaluation_submit(
                actor=person.user, participant=person, rating=4, comment="Utile"
            )
    evaluation = [
        ("detail", "facilitator", themes),
        ("detail", "member", themes),
        ("summary", "facilitator", themes),
        ("summary", "coordinator", themes),
        ("summary_csv", "facilitator", themes),
    ]
    for page in evaluation:
        same_queries(few, many, page, django_assert_num_queries)
