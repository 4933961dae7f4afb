"""Reads for proposals. Every list costs a fixed number of queries,
whatever the number of rows: foreign keys are joined, counters are columns."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator

from cms_templates import text_search
from cms_templates.search_registry import SearchResult
from wemi_community.catalogue.models import ServiceCategory
from wemi_community.core.ranking import first_per_group
from wemi_community.core.sanitize import plain_text

from .models import Proposal, Support
from .states import OPEN_STATES

# Open proposals shown on a space's page.
SPACE_SECTION_LIMIT = 6

SORTS = {
    "recenti": ("-published_at", "-pk"),
    "adesioni": ("-households_count", "-published_at", "-pk"),
    "scadenza": ("deadline", "-published_at", "-pk"),
}
DEFAULT_SORT = "recenti"


def published_proposals() -> QuerySet[Proposal]:
    """Everything the public list may show: published and not hidden."""
    return (
        Proposal.objects.exclude(state=Proposal.State.DRAFT)
        .filter(hidden_at__isnull=True)
        .select_related("space", "space__municipio", "category", "author")
    )


# Words too common to tell two proposals apart.
_STOPWORD_TEXT = (
    "a ad al alla alle agli ai con da dal dalla dei del della delle di e ed il in la le lo "
    "gli i per tra fra su un una uno che non più anche come o ma se nel nella nei "
    "the and for of to"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def similar_proposals(proposal: Proposal, *, limit: int = 5) -> list[Proposal]:
    """Open proposals in the same space and category sharing words with this one's title and
    description, the most words in common first."""
    if not proposal.space_id or not proposal.category_id:
        return []
    words = {
        word
        for word in (proposal.title + " " + plain_text(proposal.description_html)).lower().split()
        if len(word) > 3 and word not in _STOPWORDS
    }
    words = {word.strip(".,;:!?()\"'«»") for word in words} - {""}
    candidates = list(
        published_proposals()
        .filter(space_id=proposal.space_id, category_id=proposal.category_id, state__in=OPEN_STATES)
        .exclude(pk=proposal.pk)
        .order_by("-published_at")[:50]
    )
    scored = []
    for candidate in candidates:
        text = (candidate.title + " " + candidate.description_source).lower()
        common = sum(1 for word in words if word in text)
        scored.append((common, candidate))
    scored.sort(
        key=lambda pair: (
            -pair[0],
            -(pair[1].published_at.timestamp() if pair[1].published_at else 0),
        )
    )
    # Same space and category are already similar; shared words put the closest first.
    return [candidate for _common, candidate in scored[:limit]]


def search_proposals(query: str, user) -> QuerySet:
    found = text_search.search(published_proposals(), query).order_by("-published_at")
    return (
        SearchResult(
            title=proposal.title,
            url=proposal.get_absolute_url(),
            summary=Truncator(plain_text(proposal.description_html)).words(30),
        )
        for proposal in found.iterator(chunk_size=50)
    )


def search_services(query: str, user):
    """Services and groups of the catalogue, by their names or the other words people use
    ("badante", "tata"): each leads to the open proposals for it."""

    found = text_search.search(
        ServiceCategory.objects.filter(level__gt=ServiceCategory.Level.AREA).select_related(
            "parent"
        ),
        query,
    ).order_by("level", "parent__position", "position")
    proposals = reverse("proposals:list")
    return (
        SearchResult(
            title=category.translated_name,
            url=f"{proposals}?{urlencode({'categoria': category.pk})}",
            summary=category.parent.translated_name,
        )
        for category in found[:50]
    )


def open_proposals_by_space(spaces: Sequence) -> dict[int, list[Proposal]]:
    """For the spaces' pages: each one's newest open proposals (one query, which reads no
    more than these)."""
    by_space: dict[int, list[Proposal]] = defaultdict(list)
    rows = first_per_group(
        published_proposals().filter(
            space_id__in=[space.pk for space in spaces], state__in=OPEN_STATES
        ),
        "space_id",
        ("-published_at", "-pk"),
        SPACE_SECTION_LIMIT,
    )
    for proposal in rows:
        by_space[proposal.space_id].append(proposal)
    return by_space


def home_proposals() -> list[Proposal]:
    return list(
        published_proposals()
        .filter(state__in=OPEN_STATES)
        .order_by("-households_count", "-published_at")[:4]
    )


def supports_of(proposal: Proposal) -> QuerySet[Support]:
    return proposal.supports.select_related("user").order_by("created_at", "pk")


def my_proposals(user) -> QuerySet[Proposal]:
    """What this person proposed (drafts included) or joined."""
    # One IN over the union of two indexed lookups (the person's supports, their authored
    # proposals): a join with DISTINCT reads every support of the city, and an OR of the two
    # makes PostgreSQL scan every proposal.
    joined = Support.objects.filter(user=user).order_by().values("proposal_id")
    authored = Proposal.objects.filter(author=user).order_by().values("pk")
    return (
        Proposal.objects.filter(pk__in=joined.union(authored, all=True))
        .select_related("space", "category")
        .order_by("-updated_at", "-pk")
    )
