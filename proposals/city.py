"""Published proposals in bulk, with the households that joined them and the counters the
services would have written to match. Used by ``seed_demo --city`` and by the proposals
benchmark (bench/proposals.py)."""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.utils import timezone

from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.bulk import insert_rows
from wemi_community.core.sanitize import sanitize_html

from . import thresholds
from .models import Proposal, Support

PROPOSALS = 50_000
JOINS = 1_000_000

# Title, catalogue service, audience, pricing: handed out in turn, so "doposcuola" matches 1/8.
KINDS = (
    ("Doposcuola condiviso per le elementari", "Supporto allo studio", "children", "copayment"),
    ("Baby sitter condivisa per il palazzo", "Baby sitter condivisa", "children", "paid"),
    ("Badante di condominio per gli anziani soli", "Badante di condominio", "elderly", "copayment"),
    ("Pasti a domicilio per chi vive solo", "Pasti a domicilio", "elderly", "paid"),
    ("Spesa e farmaci a casa", "Acquisto e consegna spesa e farmaci", "everyone", "free"),
    ("Pet sitter del quartiere", "Pet sitter", "everyone", "paid"),
    ("Psicomotricità del sabato", "Laboratorio di psicomotricità", "children", "paid"),
    ("Giardinaggio condiviso nel cortile", "Giardinaggio condiviso", "families", "free"),
)
DESCRIPTION = (
    "Siamo alcune famiglie del quartiere: cerchiamo **{title}**, due pomeriggi a settimana, "
    "allo Spazio WeMi vicino a casa. Più famiglie aderiscono, meno paga ciascuna."
)
# Published states, with their weight in the data: a realistic mix of open and closed ones.
STATES = (
    ("gathering", 45),
    ("threshold_reached", 15),
    ("under_evaluation", 10),
    ("accepted", 8),
    ("rejected", 7),
    ("withdrawn", 7),
    ("expired", 8),
)
REACHED = ("threshold_reached", "under_evaluation", "accepted")


class ProposalMaker:
    """Published proposals as rows, with their households: the counters, the threshold, the
    deadline and the state agree with each other, as the services would have left them.

    ``people`` are (pk, household size) of the accounts that propose and join; a proposal's
    households are distinct people. A proposal that reached its threshold has up to
    ``spread`` households more than it needed."""

    def __init__(self, spaces, people, *, spread: int = 15, rng=None):
        self.rng = rng or random.Random(2025)  # the same data on every run
        self.now = timezone.now()
        # Publishing sets the deadline this many days ahead, unless the author chose another.
        self.gathering_days = settings.WEMI_PROPOSAL_GATHERING_DAYS
        self.spaces = spaces
        self.people = people
        self.spread = spread
        by_name = {
            category.name: category
            for category in ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2)
        }
        self.kinds = []
        for title, name, audience, pricing in KINDS:
            source = DESCRIPTION.format(title=title.lower())
            self.kinds.append(
                (title, by_name[name], audience, pricing, source, sanitize_html(source, "rich"))
            )
        # What proposal_publish would fix: the category's threshold for the space.
        self.thresholds = {
            (category.pk, space.pk): thresholds.threshold_for(category, space)
            for _title, category, *_rest in self.kinds
            for space in spaces
        }
        self.states = [state for state, weight in STATES for _ in range(weight)]
        self.supports = 0

    def spread_for(self, mean_households: float) -> int:
        """The spread that gives about ``mean_households`` households per proposal, given the
        mix of states (below the threshold: half of it on average)."""
        weights = dict(STATES)
        total = sum(weights.values())
        below = (weights["gathering"] + weights["expired"]) / total
        closed = (weights["rejected"] + weights["withdrawn"]) / total
        reached = sum(weights[state] for state in REACHED) / total
        mean_threshold = sum(self.thresholds.values()) / len(self.thresholds)
        fixed = below * mean_threshold / 2 + closed * (mean_threshold + 6) / 2
        fixed += reached * mean_threshold
        return max(1, round((mean_households - fixed) * 2 / reached))

    def _row(self, index: int):
        rng = self.rng
        title, category, audience, pricing, source, html = self.kinds[index % len(self.kinds)]
        space = self.spaces[rng.randrange(len(self.spaces))]
        threshold = self.thresholds[(category.pk, space.pk)]
        state = rng.choice(self.states)
        gathering_days = self.gathering_days
        if state in ("gathering", "threshold_reached"):
            age = rng.randint(0, gathering_days - 1)  # the deadline is still ahead
        elif state == "expired":
            age = rng.randint(gathering_days + 1, 400)  # the deadline has passed
        else:
            age = rng.randint(5, 400)
        if state in ("gathering", "expired"):
            households = rng.randint(1, max(1, threshold - 1))  # below the threshold
        elif state in ("withdrawn", "rejected"):
            households = rng.randint(1, threshold + 5)
        else:
            households = rng.randint(threshold, threshold + self.spread)  # it reached it
        households = min(households, len(self.people))
        published_at = self.now - datetime.timedelta(days=age, seconds=rng.randint(0, 86_399))
        deadline = published_at.date() + datetime.timedelta(days=gathering_days)
        changed = published_at + (self.now - published_at) * rng.random()
        start = (index * 7919) % len(self.people)
        members = [self.people[(start + n) % len(self.people)] for n in range(households)]
        proposal = Proposal(
            author_id=members[0][0],  # the author is the first household, as on publishing
            space_id=space.pk,
            category_id=category.pk,
            title=f"{title} ({space.title})",
            description_source=source,
            description_html=html,
            audience=audience,
            days=sorted(rng.sample(range(5), 2)),
            time_slots=["afternoon"],
            pricing_mode=pricing,
            state=state,
            threshold=threshold,
            deadline=deadline,
            households_count=households,
            people_count=sum(size for _pk, size in members),
            published_at=published_at,
            state_changed_at=published_at if state == "gathering" else changed,
        )
        return proposal, members

    def add(self, first: int, count: int) -> int:
        """Proposals number ``first`` to ``first + count - 1``, in chunks of bulk inserts (both
        databases return the new primary keys); their households as plain rows. Returns the
        households that joined."""
        chunk = 2_000
        joined = 0
        for start in range(first, first + count, chunk):
            rows = [self._row(n) for n in range(start, min(start + chunk, first + count))]
            created = Proposal.objects.bulk_create(
                (proposal for proposal, _members in rows), batch_size=500
            )
            joined += insert_rows(
                Support,
                ("proposal_id", "user_id", "household_size", "created_at"),
                (
                    (proposal.pk, user_id, size, proposal.published_at)
                    for proposal, (_row, members) in zip(created, rows, strict=True)
                    for user_id, size in members
                ),
            )
        self.supports += joined
        return joined


def seed_city(*, city) -> None:
    proposals = city.count(PROPOSALS)
    maker = ProposalMaker(city.data["spaces"], city.data["residents"], rng=city.rng)
    maker.spread = maker.spread_for(city.count(JOINS) / proposals)
    city.phase(
        f"{proposals:,} proposals: households joined (Support)",
        lambda: maker.add(0, proposals),
    )
