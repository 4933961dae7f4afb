"""The comment services: threads, edit window, deletion, mentions, who is notified."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from tests.factories import UserFactory
from tests.participation.helpers import conversation_space
from wemi_community.core.errors import ObjectHidden, ParticipationError, StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification
from wemi_community.participation import comments as services
from wemi_community.participation import follows
from wemi_community.participation.models import Comment, Follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return conversation_space()


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_post_sanitises_follows_and_audits(space):
    author = UserFactory()
    comment = services.comment_post(
        actor=author, target=space, text="Ciao **a tutti**\n\n<script>alert(1)</script>"
    )
    assert comment.depth == 0 and comment.root_id == comment.pk
    assert "<strong>a tutti</strong>" in comment.body_html
    assert "<script" not in comment.body_html
    assert follows.is_following(author, space)
    entry = AuditEntry.objects.get(action="comment.posted")
    assert entry.actor == author and entry.target_id == str(comment.pk)


def test_replies_go_three_levels_deep_and_no_further(space):
    people = UserFactory.create_batch(4)
    first = services.comment_post(actor=people[0], target=space, text="uno")
    second = services.comment_post(actor=people[1], target=space, text="due", parent=first)
    third = services.comment_post(actor=people[2], target=space, text="tre", parent=second)
    assert (second.depth, third.depth) == (1, 2)
    assert second.root_id == third.root_id == first.pk
    with pytest.raises(ParticipationError, match="terzo livello"):
        services.comment_post(actor=people[3], target=space, text="quattro", parent=third)
    assert Comment.objects.count() == 3


@pytest.mark.parametrize(
    "text", ["", "   \n ", "<script></script>", "<img src=x onerror=alert(1)>"]
)
def test_empty_comment_is_refused_and_nothing_written(space, text):
    with pytest.raises(ValidationError) as error:
        services.comment_post(actor=UserFactory(), target=space, text=text)
    assert "text" in error.value.message_dict
    assert not Comment.objects.exists() and not AuditEntry.objects.exists()


@override_settings(WEMI_COMMENT_MAX_LENGTH=50)
def test_over_long_comment_is_refused_with_its_length(space):
    with pytest.raises(ValidationError) as error:
        services.comment_post(actor=UserFactory(), target=space, text="x" * 51)
    assert "51" in error.value.message_dict["text"][0]
    assert not Comment.objects.exists()


def test_reply_to_deleted_or_hidden_comment_is_a_conflict(space):
    author, other = UserFactory.create_batch(2)
    deleted = services.comment_post(actor=author, target=space, text="prima")
    services.comment_delete(author=author, comment=deleted)
    with pytest.raises(StateConflict):
        services.comment_post(actor=other, target=space, text="risposta", parent=deleted)
    hidden = services.comment_post(actor=author, target=space, text="seconda")
    Comment.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now(), hidden_by="reports")
    with pytest.raises(StateConflict):
        services.comment_post(actor=other, target=space, text="risposta", parent=hidden)
    assert Comment.objects.filter(depth=1).count() == 0


def test_reply_must_belong_to_the_same_object(space):
    other_space = conversation_space("Altro spazio")
    parent = services.comment_post(actor=UserFactory(), target=other_space, text="altrove")
    with pytest.raises(ParticipationError):
        services.comment_post(actor=UserFactory(), target=space, text="qui", parent=parent)


def test_comment_on_an_object_the_person_may_not_see(space):
    space.unpublish()
    space.refresh_from_db()
    with pytest.raises(ObjectHidden):
        services.comment_post(actor=UserFactory(), target=space, text="ciao")


def test_inactive_person_may_not_comment(space):
    with pytest.raises((PermissionDenied, ObjectHidden)):
        services.comment_post(actor=UserFactory(is_active=False), target=space, text="ciao")


def test_edit_within_the_window_marks_edited(space):
    author = UserFactory()
    comment = services.comment_post(actor=author, target=space, text="prima versione")
    edited = services.comment_edit(author=author, comment=comment, text="seconda versione")
    assert edited.edited_at is not None and "seconda" in edited.body_html
    assert AuditEntry.objects.filter(action="comment.edited").count() == 1


def test_edit_after_the_window_is_refused(space):
    author = UserFactory()
    comment = services.comment_post(actor=author, target=space, text="prima versione")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(StateConflict, match="15"):
        services.comment_edit(author=author, comment=comment, text="troppo tardi")
    comment.refresh_from_db()
    assert comment.body_source == "prima versione" and comment.edited_at is None


def test_only_the_author_edits_or_deletes(space):
    comment = services.comment_post(actor=UserFactory(), target=space, text="mio")
    intruder = UserFactory()
    with pytest.raises(PermissionDenied):
        services.comment_edit(author=intruder, comment=comment, text="tuo")
    with pytest.raises(PermissionDenied):
        services.comment_delete(author=intruder, comment=comment)


def test_delete_keeps_a_placeholder_and_the_replies(space):
    author, other = UserFactory.create_batch(2)
    comment = services.comment_post(actor=author, target=space, text="da cancellare")
    reply = services.comment_post(actor=other, target=space, text="risposta", parent=comment)
    services.comment_delete(author=author, comment=comment)
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body_html == "" and comment.body_source == ""
    assert Comment.objects.filter(pk=reply.pk).exists()
    with pytest.raises(StateConflict):
        services.comment_delete(author=author, comment=comment)
    with pytest.raises(StateConflict):
        services.comment_edit(author=author, comment=comment, text="di nuovo")


def test_mention_reply_and_followers_are_each_told_once(space):
    author, replier, mentioned, follower, stranger = UserFactory.create_batch(5)
    mentioned.nickname = "anna.verdi"
    mentioned.save()
    follows.follow(actor=follower, target=space)
    first = services.comment_post(actor=author, target=space, text="Una proposta")
    assert kinds_for(follower) == ["comment.new"]
    services.comment_post(
        actor=replier, target=space, text="Sono d'accordo, @Anna.Verdi che ne dici?", parent=first
    )
    assert kinds_for(author) == ["comment.reply"]
    assert kinds_for(mentioned) == ["comment.mention"]
    assert kinds_for(follower) == ["comment.new", "comment.new"]
    assert kinds_for(replier) == []  # never told of their own comment
    assert kinds_for(stranger) == []


def test_mention_of_an_unknown_or_blocked_nickname_notifies_nobody(space):
    blocked = UserFactory(nickname="bloccato", is_active=False)
    services.comment_post(actor=UserFactory(), target=space, text="@bloccato @nessuno ciao")
    assert kinds_for(blocked) == []
    assert not Notification.objects.exists()


def test_email_address_is_not_a_mention(space):
    UserFactory(nickname="esempio")
    services.comment_post(actor=UserFactory(), target=space, text="scrivi a info@esempio.it")
    assert not Notification.objects.exists()


def test_unfollowing_stops_new_comment_notifications_even_after_commenting(space):
    person, other = UserFactory.create_batch(2)
    services.comment_post(actor=person, target=space, text="ciao")
    follows.unfollow(actor=person, target=space)
    services.comment_post(actor=person, target=space, text="di nuovo")  # no auto re-follow
    assert Follow.objects.get(user=person).active is False
    services.comment_post(actor=other, target=space, text="novità")
    assert kinds_for(person) == []


def test_a_nul_character_never_reaches_the_database(space):
    comment = services.comment_post(actor=UserFactory(), target=space, text="ciao\x00 a tutti")
    assert "\x00" not in comment.body_source and comment.body_source == "ciao a tutti"
