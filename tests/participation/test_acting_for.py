"""Who acts and for whom in comments, follows and reports. This layer cannot ask who may
act for whom (the spaces' desks sit above it): the caller passes ``may_act_for``. Without
it a person acts only for themselves; with it, the audit trail names both."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import UserFactory
from tests.factories.participation import CommentFactory
from tests.participation.helpers import conversation_space
from wemi_community.core.models import AuditEntry
from wemi_community.participation import comments, follows, moderation
from wemi_community.participation.models import Comment, Follow, Report

pytestmark = pytest.mark.django_db


def audit(action: str) -> tuple:
    entry = AuditEntry.objects.filter(action=action).latest("pk")
    return entry.actor, entry.on_behalf_of


class TestComments:
    def test_the_author_writes_edits_and_deletes_their_own(self):
        space, author = conversation_space(), UserFactory()
        comment = comments.comment_post(actor=author, target=space, text="Mio")
        comments.comment_edit(author=author, comment=comment, text="Mio, corretto")
        comments.comment_delete(author=author, comment=comment)
        for action in ("comment.posted", "comment.edited", "comment.deleted"):
            assert audit(action) == (author, None)

    def test_someone_the_caller_lets_act_writes_for_the_author(self):
        space, author, operator = conversation_space(), UserFactory(), UserFactory()
        comment = comments.comment_post(
            actor=operator,
            person=author,
            target=space,
            text="Detto allo sportello",
            may_act_for=True,
        )
        assert comment.author == author
        comments.comment_edit(
            actor=operator, author=author, comment=comment, text="Corretto", may_act_for=True
        )
        comments.comment_delete(actor=operator, author=author, comment=comment, may_act_for=True)
        for action in ("comment.posted", "comment.edited", "comment.deleted"):
            assert audit(action) == (operator, author)

    def test_without_the_caller_s_leave_nobody_writes_for_another(self):
        space, author, other = conversation_space(), UserFactory(), UserFactory()
        with pytest.raises(PermissionDenied):
            comments.comment_post(actor=other, person=author, target=space, text="No")
        comment = CommentFactory(target=space, author=author)
        with pytest.raises(PermissionDenied):
            comments.comment_edit(actor=other, author=author, comment=comment, text="No")
        with pytest.raises(PermissionDenied):
            comments.comment_delete(actor=other, author=author, comment=comment)
        assert Comment.objects.get().body_source == "Un commento qualsiasi"


class TestFollows:
    def test_a_person_follows_for_themselves(self):
        space, person = conversation_space(), UserFactory()
        follows.follow(actor=person, target=space)
        assert audit("follow.started") == (person, None)

    def test_with_the_caller_s_leave_someone_follows_and_unfollows_for_a_person(self):
        space, person, operator = conversation_space(), UserFactory(), UserFactory()
        follows.follow(actor=operator, person=person, target=space, may_act_for=True)
        assert follows.is_following(person, space) and not follows.is_following(operator, space)
        assert audit("follow.started") == (operator, person)
        follows.unfollow(actor=operator, person=person, target=space, may_act_for=True)
        assert not follows.is_following(person, space)
        assert audit("follow.stopped") == (operator, person)

    def test_without_it_nobody_may(self):
        space, person = conversation_space(), UserFactory()
        for service in (follows.follow, follows.unfollow):
            with pytest.raises(PermissionDenied):
                service(actor=UserFactory(), person=person, target=space)
        assert not Follow.objects.exists()


class TestReports:
    def test_a_person_reports_for_themselves(self):
        comment = CommentFactory(target=conversation_space())
        reporter = UserFactory()
        moderation.report_submit(actor=reporter, content=comment, reason=Report.Reason.SPAM)
        assert audit("report.submitted") == (reporter, None)

    def test_with_the_caller_s_leave_someone_reports_for_a_person(self):
        comment = CommentFactory(target=conversation_space())
        person, operator = UserFactory(), UserFactory()
        report = moderation.report_submit(
            actor=operator, person=person, content=comment, reason="spam", may_act_for=True
        )
        assert report.reporter == person
        assert audit("report.submitted") == (operator, person)

    def test_without_it_nobody_may(self):
        comment = CommentFactory(target=conversation_space())
        with pytest.raises(PermissionDenied):
            moderation.report_submit(
                actor=UserFactory(), person=UserFactory(), content=comment, reason="spam"
            )
        assert not Report.objects.exists()
