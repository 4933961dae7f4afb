"""The participation core's rules (comments, follows, reports, moderation:
wemi_community/participation/permissions.py) as a matrix: role × state × action.

Expected values from DESIGN.md: a person signed in comments on and follows what they may see
(a proposal's draft is its author's alone and has no conversation; a hidden proposal shows to
its author and its moderators); the author edits a comment within the edit window while it is
neither deleted nor hidden, and deletes it while it is not deleted; anyone signed in who can
see a content reports it, except its author; city staff moderate everything, a space's
coordinators what belongs to their space; blocking an account and reading the audit trail
are city staff's."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal
from tests import matrix
from tests.factories import UserFactory
from tests.factories.participation import CommentFactory, ReportFactory
from tests.factories.proposals import ProposalFactory
from tests.factories.roles import CityStaffFactory, CoordinatorFactory, DeskOperatorFactory
from tests.factories.spaces import SpaceFactory
from tests.matrix import (
    ANONYMOUS,
    AUTHOR,
    CITY,
    COORDINATOR,
    COORDINATOR_OTHER,
    DESK,
    RESIDENT,
    every,
)
from wemi_community.participation import permissions
from wemi_community.participation.comments import comment_delete
from wemi_community.participation.moderation import content_hide, has_reported

pytestmark = pytest.mark.django_db

ROLES = [ANONYMOUS, RESIDENT, AUTHOR, COORDINATOR, COORDINATOR_OTHER, DESK, CITY]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
MODERATORS = {COORDINATOR, CITY}

# What a conversation hangs on: the space's page, proposals of the space in three states.
TARGETS = ["space", "proposal", "proposal-draft", "proposal-hidden"]
TARGET_TABLE = {
    "view": {
        "space": EVERYONE,
        "proposal": EVERYONE,
        "proposal-draft": {AUTHOR},
        "proposal-hidden": {AUTHOR} | MODERATORS,
    },
    "comment": {
        "space": SIGNED_IN,
        "proposal": SIGNED_IN,
        "proposal-draft": set(),
        "proposal-hidden": {AUTHOR} | MODERATORS,
    },
    "follow": {
        "space": SIGNED_IN,
        "proposal": SIGNED_IN,
        "proposal-draft": set(),
        "proposal-hidden": {AUTHOR} | MODERATORS,
    },
}
TARGET_ACTIONS = {
    "view": permissions.can_view_target,
    "comment": permissions.can_comment,
    "follow": permissions.can_follow,
}

# A comment (by AUTHOR, on the space's page): just written, older than the edit window,
# deleted by its author, hidden by a moderator.
COMMENTS = ["fresh", "old", "deleted", "hidden"]
COMMENT_TABLE = {
    "edit": {**every(COMMENTS, set()), "fresh": {AUTHOR}},
    "delete": {**every(COMMENTS, {AUTHOR}), "deleted": set()},
}

# Reportable content of the space: AUTHOR's comment and proposals.
CONTENTS = ["comment", "proposal", "proposal-draft", "proposal-hidden"]
CONTENT_TABLE = {
    "report": {
        "comment": SIGNED_IN - {AUTHOR},
        "proposal": SIGNED_IN - {AUTHOR},
        "proposal-draft": set(),
        "proposal-hidden": MODERATORS,
    },
    "moderate": every(CONTENTS, MODERATORS),
}
CONTENT_ACTIONS = {"report": permissions.can_report, "moderate": permissions.can_moderate}


def build() -> dict:
    space, other_space = SpaceFactory(), SpaceFactory()
    author = UserFactory(display_name="Autrice")
    people = {
        ANONYMOUS: None,
        RESIDENT: UserFactory(),
        AUTHOR: author,
        COORDINATOR: CoordinatorFactory(space=space),
        COORDINATOR_OTHER: CoordinatorFactory(space=other_space),
        DESK: DeskOperatorFactory(space=space),
        CITY: CityStaffFactory(),
    }
    proposals = {
        "proposal": ProposalFactory(author=author, space=space),
        "proposal-draft": ProposalFactory(author=author, space=space, state=Proposal.State.DRAFT),
        "proposal-hidden": ProposalFactory(author=author, space=space, hidden=True),
    }
    comments = {state: CommentFactory(target=space, author=author) for state in COMMENTS}
    comment_delete(author=author, comment=comments["deleted"])
    content_hide(moderator=people[CITY], content=comments["hidden"], reason="Prova")
    return {
        "people": people,
        "space": space,
        "targets": {"space": space, **proposals},
        "comments": comments,
        "contents": {"comment": comments["fresh"], **proposals},
    }


world = matrix.world_fixture(build)


def _later_than_the_window(comment):
    minutes = settings.WEMI_COMMENT_EDIT_MINUTES + 1
    return comment.created_at + datetime.timedelta(minutes=minutes)


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, TARGET_TABLE))
def test_target_matrix(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    target = matrix.fresh(world["targets"][state])
    assert TARGET_ACTIONS[action](user, target) is allowed


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, COMMENT_TABLE))
def test_comment_matrix(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    comment = matrix.fresh(world["comments"]["fresh" if state == "old" else state])
    if action == "edit":
        now = _later_than_the_window(comment) if state == "old" else timezone.now()
        assert permissions.can_edit_comment(user, comment, now=now) is allowed
    else:
        assert permissions.can_delete_comment(user, comment) is allowed


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, CONTENT_TABLE))
def test_content_matrix(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    content = matrix.fresh(world["contents"][state])
    assert CONTENT_ACTIONS[action](user, content) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_city_wide(world, role):
    """Blocking someone else, reading the audit trail: city staff; nobody blocks themselves."""
    user = matrix.fresh_user(world["people"][role])
    someone = world["people"][RESIDENT if role != RESIDENT else AUTHOR]
    assert permissions.can_block_user(user, someone) is (role == CITY)
    if role != ANONYMOUS:
        assert permissions.can_block_user(user, user) is False
    assert permissions.can_read_audit_trail(user) is (role == CITY)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(role, role in MODERATORS) for role in ROLES],
    ids=lambda v: str(v),
)
def test_moderating_a_space(world, role, allowed):
    user = matrix.fresh_user(world["people"][role])
    assert permissions.can_moderate_space(user, world["space"]) is allowed
    # Content with no space: city staff only.
    assert permissions.can_moderate_space(user, None) is (role == CITY)


def test_world(world):
    comments = {state: matrix.fresh(c) for state, c in world["comments"].items()}
    assert comments["deleted"].is_deleted and not comments["fresh"].is_deleted
    assert comments["hidden"].is_hidden
    assert matrix.fresh(world["targets"]["proposal-hidden"]).is_hidden


# --- HTTP: 404 for what one may not see, 403 for someone else's comment or one's own content ---


def _client(client, world, role):
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    return client


def _ct(obj) -> dict:
    return {
        "content_type_id": ContentType.objects.get_for_model(obj).pk,
        "object_id": obj.pk,
    }


@pytest.mark.parametrize(
    ("role", "state", "status"),
    [
        (RESIDENT, "proposal-draft", 404),
        (COORDINATOR, "proposal-draft", 404),
        (RESIDENT, "proposal-hidden", 404),
        (COORDINATOR_OTHER, "proposal-hidden", 404),
    ],
    ids=lambda v: str(v),
)
def test_comment_post_on_what_is_not_seen(client, world, role, state, status):
    target = world["targets"][state]
    response = _client(client, world, role).post(
        reverse("participation:comment_post", kwargs=_ct(target)), {"text": "Eccomi"}
    )
    assert response.status_code == status


def test_someone_elses_comment(client, world):
    comment = world["comments"]["fresh"]
    client = _client(client, world, RESIDENT)
    url = reverse("participation:comment_edit", args=[comment.pk])
    assert client.post(url, {"text": "Cambiato"}).status_code == 403
    url = reverse("participation:comment_delete", args=[comment.pk])
    assert client.post(url).status_code == 403


@pytest.mark.parametrize(
    ("role", "state", "status"),
    [(AUTHOR, "comment", 403), (RESIDENT, "proposal-draft", 404), (AUTHOR, "proposal", 403)],
    ids=lambda v: str(v),
)
def test_report_view(client, world, role, state, status):
    content = world["contents"][state]
    response = _client(client, world, role).post(
        reverse("participation:report", kwargs=_ct(content)), {"reason": "spam"}
    )
    assert response.status_code == status


def test_the_reports_factory_goes_through_the_service(world):
    content = world["contents"]["proposal"]
    reporter = matrix.fresh_user(world["people"][RESIDENT])
    assert not has_reported(reporter, content)
    ReportFactory(content=content, reporter=reporter)
    assert has_reported(reporter, content)
