"""Reports and moderation services: counting distinct reporters, hiding automatically, the
moderators' decisions, blocking accounts, the queue, and the audit trail of each write."""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.factories import UserFactory
from wemi_community.core.errors import ObjectHidden, ParticipationError, StateConflict
from wemi_community.core.models import AuditEntry
from wemi_community.notifications.models import Notification
from wemi_community.participation import moderation
from wemi_community.participation.models import Comment, Report
from wemi_community.participation.moderation import (
    AlreadyReported,
    content_hide,
    content_restore,
    report_submit,
    reports_dismiss,
    user_block,
    user_unblock,
)
from wemi_community.participation.moderation_queue import HIDDEN, PENDING, moderation_queue

from .moderation_helpers import city_staff, coordinator_of, make_comment, two_spaces

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    north, south = two_spaces()
    author = UserFactory(display_name="Autrice")
    return {
        "north": north,
        "south": south,
        "author": author,
        "comment": make_comment(north, author, "Testo da segnalare"),
        "coordinator": coordinator_of(north),
        "other_coordinator": coordinator_of(south),
        "staff": city_staff(),
    }


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def actions_on(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(obj.pk), target_type__model=obj._meta.model_name)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def report_by(n: int, comment, reason="spam"):
    reporters = UserFactory.create_batch(n)
    for person in reporters:
        report_submit(actor=person, content=comment, reason=reason)
    return reporters


# --- Reports -------------------------------------------------------------------------------


def test_a_report_counts_one_distinct_reporter_and_is_audited(world):
    reporter = UserFactory()
    report = report_submit(
        actor=reporter, content=world["comment"], reason="offensive", text="  Insulti  "
    )
    assert (report.reason, report.text, report.status) == ("offensive", "Insulti", "open")
    comment = reload(world["comment"])
    assert comment.open_report_count == 1 and not comment.is_hidden
    entry = AuditEntry.objects.get(action="report.submitted")
    assert entry.actor == reporter and entry.target == comment
    assert entry.data == {"report": report.pk, "reason": "offensive", "open_reports": 1}


def test_a_nul_character_in_the_note_is_dropped(world):
    report = report_submit(
        actor=UserFactory(), content=world["comment"], reason="other", text="Dati\x00 personali"
    )
    assert report.text == "Dati personali"


def test_the_third_distinct_reporter_hides_the_content(world):
    report_by(2, world["comment"])
    assert not reload(world["comment"]).is_hidden
    report_by(1, world["comment"], reason="personal_data")
    comment = reload(world["comment"])
    assert comment.is_hidden and comment.hidden_by == "reports"
    assert comment.open_report_count == 3
    assert actions_on(comment).count("moderation.auto_hidden") == 1
    auto = AuditEntry.objects.get(action="moderation.auto_hidden")
    assert auto.actor is None and auto.data == {"open_reports": 3, "threshold": 3}


def test_the_threshold_is_a_setting(world, settings):
    settings.WEMI_REPORTS_TO_HIDE = 1
    report_by(1, world["comment"])
    assert reload(world["comment"]).hidden_by == "reports"


def test_reporting_twice_never_counts_twice(world):
    reporter = UserFactory()
    report_submit(actor=reporter, content=world["comment"], reason="spam")
    with pytest.raises(AlreadyReported, match="Hai già segnalato questo contenuto"):
        report_submit(actor=reporter, content=world["comment"], reason="offensive")
    assert Report.objects.count() == 1
    assert reload(world["comment"]).open_report_count == 1
    assert isinstance(AlreadyReported(), StateConflict)


def test_one_cannot_report_ones_own_content(world):
    with pytest.raises(ParticipationError, match="Non puoi segnalare un tuo contenuto"):
        report_submit(actor=world["author"], content=world["comment"], reason="spam")
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("reason", "text", "field", "code"),
    [
        ("other", "", "text", "required"),
        ("other", "   ", "text", "required"),
        ("spam", "x" * 501, "text", "max_length"),
        ("rude", "", "reason", "invalid_choice"),
    ],
)
def test_bad_report_input_is_a_field_error(world, reason, text, field, code):
    with pytest.raises(ValidationError) as caught:
        report_submit(actor=UserFactory(), content=world["comment"], reason=reason, text=text)
    assert caught.value.error_dict[field][0].code == code
    assert not Report.objects.exists()


def test_five_hundred_characters_are_fine(world):
    report_submit(actor=UserFactory(), content=world["comment"], reason="other", text="y" * 500)
    assert Report.objects.get().text == "y" * 500


def test_content_the_person_may_not_see_is_hidden_from_them(world):
    world["north"].unpublish()
    with pytest.raises(ObjectHidden):
        report_submit(actor=UserFactory(), content=world["comment"], reason="spam")


@pytest.mark.parametrize("state", ["deleted_at", "hidden_at"])
def test_deleted_or_hidden_content_cannot_be_reported(world, state):
    Comment.objects.filter(pk=world["comment"].pk).update(**{state: timezone.now()})
    with pytest.raises(ObjectHidden):
        report_submit(actor=UserFactory(), content=world["comment"], reason="spam")


def test_anonymous_or_inactive_people_cannot_report(world):
    with pytest.raises(PermissionDenied):
        report_submit(actor=AnonymousUser(), content=world["comment"], reason="spam")
    with pytest.raises(PermissionDenied):
        report_submit(actor=UserFactory(is_active=False), content=world["comment"], reason="spam")


def test_unregistered_models_cannot_be_reported(world):
    with pytest.raises(ObjectHidden):
        report_submit(actor=UserFactory(), content=world["north"], reason="spam")


# --- Moderators' decisions ------------------------------------------------------------------


def moderated_notifications(author):
    return list(Notification.objects.filter(recipient=author, kind="content.moderated"))


def test_the_spaces_coordinator_hides_content_and_upholds_the_reports(world):
    reporters = report_by(2, world["comment"])
    content_hide(moderator=world["coordinator"], content=world["comment"], reason="Offese")
    comment = reload(world["comment"])
    assert comment.hidden_by == "moderator" and comment.open_report_count == 0
    assert set(Report.objects.values_list("status", flat=True)) == {"upheld"}
    assert Report.objects.filter(resolved_by=world["coordinator"]).count() == len(reporters)
    entry = AuditEntry.objects.get(action="moderation.hidden")
    assert entry.actor == world["coordinator"]
    assert entry.data == {"reason": "Offese", "reports_upheld": 2, "was_hidden_by": ""}
    [note] = moderated_notifications(world["author"])
    # The notification points at the conversation (the space), and links to the comment.
    assert note.target_id == world["north"].pk and note.actor_id is None
    assert note.url.endswith(f"#comment-{comment.pk}")


def test_hiding_what_reports_hid_confirms_it(world):
    report_by(3, world["comment"])
    content_hide(moderator=world["staff"], content=world["comment"])
    comment = reload(world["comment"])
    assert comment.hidden_by == "moderator"
    assert AuditEntry.objects.get(action="moderation.hidden").data["was_hidden_by"] == "reports"
    with pytest.raises(StateConflict):
        content_hide(moderator=world["staff"], content=world["comment"])


@pytest.mark.parametrize("who", ["other_coordinator", "author", "stranger"])
@pytest.mark.parametrize("service", [content_hide, content_restore, reports_dismiss])
def test_only_moderators_of_the_content_act_on_it(world, who, service):
    report_by(3, world["comment"])
    person = world.get(who) or UserFactory()
    with pytest.raises(PermissionDenied):
        service(moderator=person, content=world["comment"])
    comment = reload(world["comment"])
    assert comment.hidden_by == "reports" and comment.open_report_count == 3
    assert not AuditEntry.objects.filter(action__startswith="moderation.", actor=person).exists()


def test_restoring_dismisses_the_reports_and_only_new_reporters_count(world):
    first = report_by(3, world["comment"])
    content_restore(moderator=world["coordinator"], content=world["comment"])
    comment = reload(world["comment"])
    assert not comment.is_hidden and comment.hidden_by == "" and comment.open_report_count == 0
    assert set(Report.objects.values_list("status", flat=True)) == {"dismissed"}
    entry = AuditEntry.objects.get(action="moderation.restored")
    assert entry.data == {"was_hidden_by": "reports", "reports_dismissed": 3}
    assert len(moderated_notifications(world["author"])) == 1

    for person in first:
        with pytest.raises(AlreadyReported):
            report_submit(actor=person, content=comment, reason="spam")
    report_by(2, comment)
    assert reload(comment).open_report_count == 2 and not reload(comment).is_hidden
    report_by(1, comment)
    assert reload(comment).hidden_by == "reports"


def test_restoring_visible_content_is_a_conflict(world):
    with pytest.raises(StateConflict, match="Questo contenuto non è nascosto"):
        content_restore(moderator=world["staff"], content=world["comment"])


def test_dismissing_reports_leaves_the_content_as_it_is(world):
    report_by(3, world["comment"])
    reports_dismiss(moderator=world["coordinator"], content=world["comment"])
    comment = reload(world["comment"])
    assert comment.hidden_by == "reports" and comment.open_report_count == 0
    assert set(Report.objects.values_list("status", flat=True)) == {"dismissed"}
    assert AuditEntry.objects.get(action="moderation.reports_dismissed").data == {
        "reports_dismissed": 3,
        "hidden": True,
    }
    assert moderated_notifications(world["author"]) == []
    with pytest.raises(StateConflict, match="Non ci sono segnalazioni aperte su questo contenuto"):
        reports_dismiss(moderator=world["coordinator"], content=comment)


def test_a_hide_note_has_a_length_limit(world):
    with pytest.raises(ValidationError) as caught:
        content_hide(moderator=world["staff"], content=world["comment"], reason="n" * 501)
    assert "reason" in caught.value.error_dict
    assert not reload(world["comment"]).is_hidden


# --- Blocking accounts ----------------------------------------------------------------------


def test_city_staff_block_an_account_and_its_content_stays(world):
    user_block(moderator=world["staff"], user=world["author"], reason="Spam ripetuto")
    author = reload(world["author"])
    assert author.blocked_at is not None and author.blocked_reason == "Spam ripetuto"
    assert not author.is_active
    assert not reload(world["comment"]).is_hidden
    entry = AuditEntry.objects.get(action="moderation.user_blocked")
    assert entry.actor == world["staff"] and entry.target == author
    assert entry.data == {"reason": "Spam ripetuto", "hide_content": False, "hidden": {}}
    with pytest.raises(StateConflict, match="Questo account è già bloccato"):
        user_block(moderator=world["staff"], user=author, reason="Ancora")


def test_blocking_may_hide_everything_they_wrote(world):
    second = make_comment(world["south"], world["author"], "Altro")
    already = make_comment(world["south"], world["author"], "Nascosto")
    report_by(3, already)
    someone_elses = make_comment(world["north"], UserFactory())
    user_block(moderator=world["staff"], user=world["author"], reason="Spam", hide_content=True)
    for comment in (world["comment"], second):
        assert reload(comment).hidden_by == "moderator"
        assert actions_on(comment) == ["moderation.hidden"]
    assert reload(already).hidden_by == "reports"  # left as it was
    assert not reload(someone_elses).is_hidden
    data = AuditEntry.objects.get(action="moderation.user_blocked").data
    assert data["hidden"] == {"participation.comment": 2}


@pytest.mark.parametrize("who", ["coordinator", "author", "stranger"])
def test_only_city_staff_block(world, who):
    person = world.get(who) or UserFactory()
    target = world["author"] if who != "author" else UserFactory()
    with pytest.raises(PermissionDenied):
        user_block(moderator=person, user=target, reason="No")
    assert reload(target).is_active


def test_city_staff_cannot_block_themselves(world):
    with pytest.raises(PermissionDenied):
        user_block(moderator=world["staff"], user=world["staff"], reason="Prova")


@pytest.mark.parametrize(("reason", "ok"), [("", False), ("   ", False), ("r" * 301, False)])
def test_a_block_needs_a_reason(world, reason, ok):
    with pytest.raises(ValidationError) as caught:
        user_block(moderator=world["staff"], user=world["author"], reason=reason)
    assert "reason" in caught.value.error_dict
    assert reload(world["author"]).is_active


def test_unblocking_lets_them_in_again_and_keeps_content_hidden(world):
    user_block(moderator=world["staff"], user=world["author"], reason="Spam", hide_content=True)
    user_unblock(moderator=world["staff"], user=world["author"])
    author = reload(world["author"])
    assert author.is_active and author.blocked_at is None and author.blocked_reason == ""
    assert reload(world["comment"]).is_hidden
    entry = AuditEntry.objects.get(action="moderation.user_unblocked")
    assert entry.data == {"previous_reason": "Spam"}
    with pytest.raises(StateConflict):
        user_unblock(moderator=world["staff"], user=author)
    with pytest.raises(PermissionDenied):
        user_unblock(moderator=world["coordinator"], user=author)


def test_unblocking_an_unconfirmed_account_leaves_it_waiting_for_confirmation(world):
    person = UserFactory(is_active=False, email_confirmed_at=None)
    user_block(moderator=world["staff"], user=person, reason="Spam")
    user_unblock(moderator=world["staff"], user=person)
    assert not reload(person).is_active


# --- The queue ------------------------------------------------------------------------------


def test_city_staff_see_every_space_coordinators_only_theirs(world):
    south_comment = make_comment(world["south"], UserFactory(), "Al sud")
    report_by(1, world["comment"])
    report_by(2, south_comment)
    everything = moderation_queue(world["staff"])
    assert {item.content.pk for item in everything} == {world["comment"].pk, south_comment.pk}
    [north_item] = moderation_queue(world["coordinator"])
    assert north_item.content == world["comment"]
    assert north_item.where == world["north"] and north_item.space == world["north"]
    assert north_item.excerpt == "Testo da segnalare"
    assert north_item.author == world["author"]
    assert [item.content for item in moderation_queue(world["other_coordinator"])] == [
        south_comment
    ]
    assert moderation_queue(UserFactory()) == []
    assert moderation_queue(AnonymousUser()) == []


def test_queue_items_count_open_reports_by_reason_newest_first(world):
    older = world["comment"]
    newer = make_comment(world["north"], UserFactory(), "Più recente")
    report_by(2, older, reason="spam")
    report_submit(actor=UserFactory(), content=older, reason="other", text="Pubblicità")
    report_by(1, newer, reason="offensive")
    with translation.override("en"):
        items = moderation_queue(world["staff"])
    assert [item.content for item in items] == [newer, older]
    assert dict(items[1].reasons) == {"Spam or advertising": 2, "Other": 1}
    assert items[1].notes == ["Pubblicità"] and items[1].open_reports == 3
    assert items[1].hidden_by_reports


def test_queue_states(world):
    visible_reported = make_comment(world["north"], UserFactory(), "Segnalato")
    report_by(1, visible_reported)
    hidden = make_comment(world["north"], UserFactory(), "Nascosto")
    content_hide(moderator=world["staff"], content=hidden)
    untouched = make_comment(world["north"], UserFactory(), "Tranquillo")
    pending = {item.content for item in moderation_queue(world["staff"], state=PENDING)}
    assert pending == {visible_reported}
    assert {item.content for item in moderation_queue(world["staff"], state=HIDDEN)} == {hidden}
    dismissed = make_comment(world["north"], UserFactory(), "Archiviato")
    report_by(1, dismissed)
    reports_dismiss(moderator=world["staff"], content=dismissed)
    everything = {item.content for item in moderation_queue(world["staff"], state="all")}
    assert everything == {visible_reported, hidden, dismissed}
    assert untouched not in everything


def queue_queries(user) -> int:
    moderation_queue(user)  # warms the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        items = moderation_queue(user)
        for item in items:
            str(item.where), item.author.display_name, item.url, item.reasons
    return len(queries)


@pytest.mark.parametrize("who", ["staff", "coordinator"])
def test_the_queue_costs_the_same_for_few_or_many_items(world, who):
    for n in range(2):
        report_by(1, make_comment(world["north"], UserFactory(), f"Pochi {n}"))
    few = queue_queries(world[who])
    for n in range(12):
        space = world["north"] if n % 2 else world["south"]
        report_by(1, make_comment(space, UserFactory(), f"Molti {n}"))
    many = queue_queries(world[who])
    assert len(moderation_queue(world[who])) > 2
    assert many == few <= 6


def test_services_are_keyword_only():
    for name in (
        "report_submit",
        "content_hide",
        "content_restore",
        "reports_dismiss",
        "user_block",
        "user_unblock",
    ):
        parameters = inspect.signature(getattr(moderation, name)).parameters.values()
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters), name
