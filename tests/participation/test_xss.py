"""No known XSS payload survives into a page: not through sanitize_html (every profile), not
through a comment on a space's page (nor its edit, delete and report pages, nor the e-mail that
announces it), not through a report's text in the moderation queue.

The payloads are in xss_payloads.txt, the checks in xss_checks.py. The page tests post every
payload once, in a module-scoped fixture, and each payload's test then looks at its own part."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.participation.xss_checks import (
    FAMILIES,
    PAYLOAD_PARAMS,
    PAYLOADS,
    as_browser_reads_it,
    comment_items,
    comments_region,
    differences,
    echo_payloads,
    find_by_class,
    get_document,
    has_class,
    html5_document,
    html_document,
    page_risks,
    payload_families,
    queue_rows,
    sanitized_problems,
    shape_and_risks,
    structure,
    text_of,
    textarea_values,
    user_content_problems,
)
from tests.spaces.helpers import make_space
from wemi_community.accounts.roles import Role
from wemi_community.core import ratelimits
from wemi_community.core.sanitize import plain_text, sanitize_html
from wemi_community.notifications.emails import immediate_message
from wemi_community.notifications.models import Notification
from wemi_community.participation.follows import follow
from wemi_community.participation.models import Comment

# --- 0. The list itself ----------------------------------------------------------------------


def test_the_list_has_enough_payloads():
    assert len(PAYLOADS) >= 50
    assert len({text for _, text in PAYLOADS}) == len(PAYLOADS), "duplicate payloads"


def test_every_family_has_a_header_and_payloads():
    families = payload_families()
    for family in FAMILIES:
        matching = [name for name in families if family in name]
        assert matching, f"no header for {family!r}"
        assert len(families[matching[0]]) >= 5, f"too few payloads under {matching[0]!r}"


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="https://example.org">x</a>',  # no rel
        '<a href="https://example.org" rel="nofollow noopener ugc" title="t">x</a>',
        "<img src=x>",
        "<p onclick=x>y</p>",
        "<svg><a>x</a></svg>",
        "<!-- x -->",
        "<scr ipt>",
    ],
)
def test_the_checker_catches_what_it_looks_for(markup):
    """A check that cannot fail proves nothing: it must reject these."""
    assert sanitized_problems(markup, "comment")


def test_the_checker_accepts_a_clean_comment():
    markup = sanitize_html("**a** *b*\n\n- c\n\n[d](https://example.org) https://example.org/e")
    assert "<a " in markup and "<strong>" in markup
    assert sanitized_problems(markup, "comment") == []


CHECK_PAGE = (
    '<!DOCTYPE html><html><head><script src="/static/site.js"></script></head><body>'
    '<div class="wemi-comments"><p title="{0}">{0}</p><textarea name="text">{0}</textarea></div>'
    "</body></html>"
)


@pytest.mark.parametrize(
    "payload",
    [
        "<img src=x onerror=alert(1)>",
        '"><svg onload=alert(1)>',
        "</textarea><script>alert(1)</script>",
        '<a href="https://evil.example/">x</a>',
        '" style="x" data-x="',
    ],
)
def test_the_page_comparison_sees_markup_that_got_out(payload):
    """The page checks compare tags, attributes and risks with a harmless baseline: markup that
    escaped from its text must show up as a difference, escaped text must not."""
    baseline = shape_and_risks(html5_document(CHECK_PAGE.format("ciao")))
    escaped = html5_document(CHECK_PAGE.format(html.escape(payload)))
    raw = html5_document(CHECK_PAGE.format(payload))
    assert differences(shape_and_risks(escaped), baseline) == {}
    assert textarea_values(escaped, "text") == [payload]
    assert differences(shape_and_risks(raw), baseline) != {}


# --- 1. The sanitizer, every profile ---------------------------------------------------------


@pytest.mark.parametrize("profile", ["comment", "rich", "plain"])
@pytest.mark.parametrize("payload", PAYLOAD_PARAMS)
def test_sanitizer_output_carries_nothing(payload, profile):
    markup = sanitize_html(payload, profile)
    assert sanitized_problems(markup, profile) == [], markup


# --- 2. A comment on a space's page -----------------------------------------------------------

COMMENT_LIST = "wemi-comment-list"  # the thread's list of comments, inside the region
COMMENT_BODY = "wemi-comment-body"  # the element that holds a comment's sanitised HTML
DELETE_PREVIEW = "callout-inner"  # the delete page's preview of the comment
REPORT_EXCERPT = "wemi-report-excerpt"  # the report page's quote of the content
HARMLESS = "Ciao a tutti, ci vediamo giovedì."
WITH_WORDS = "Guardate qui.\n\n"  # put before a payload that alone leaves no text


@dataclass
class Posted:
    """What became of one payload sent as a comment."""

    answer: object  # the answer to the payload alone
    retry: object | None  # when refused as empty: the answer to WITH_WORDS + payload
    comment: Comment | None  # what was stored (None only if both were refused)
    error: BaseException | None = None  # an exception raised while posting (never expected)


@dataclass
class Stage:
    """One live space whose thread holds every payload, posted once through the comment
    endpoint by a resident, and the pages as they are before and with a harmless comment."""

    space: object
    resident: object
    follower: object  # follows the space: e-mailed at once of every comment
    client: Client  # signed in as the resident
    reporter_client: Client  # signed in as the follower, who may report the resident
    page_risks: Counter  # the space page before any comment: the site's own scripts
    region_chrome: Counter  # the comments region around the list of comments
    comment_shape: Counter  # one harmless comment's <li>, its text left out
    edit: tuple[Counter, Counter]  # (structure, risks) of each page with a harmless comment
    delete: tuple[Counter, Counter]
    report: tuple[Counter, Counter]
    refused: tuple[Counter, Counter]  # the form page answering a comment with no text left
    refused_nul: tuple[Counter, Counter]  # the same with a NUL byte (one more error listed)
    email: tuple[Counter, Counter]
    posted: dict[str, Posted]
    page: object  # the space page with all the comments
    items: dict[int, object]  # its comments' <li> by primary key


def _edit_url(comment) -> str:
    return reverse("participation:comment_edit", args=[comment.pk])


def _delete_url(comment) -> str:
    return reverse("participation:comment_delete", args=[comment.pk])


def _report_url(comment) -> str:
    return reverse(
        "participation:report",
        kwargs={
            "content_type_id": ContentType.objects.get_for_model(Comment).pk,
            "object_id": comment.pk,
        },
    )


def _email_shape(comment, follower) -> tuple[Counter, Counter]:
    """The HTML e-mail that tells a follower of the new comment. Its excerpt is the comment's
    plain text (entities decoded, so "<" again) with line breaks as <br>: those may vary."""

    notification = Notification.objects.get(
        recipient=follower, kind="comment.new", url__endswith=f"#comment-{comment.pk}"
    )
    (body, mimetype), *_ = immediate_message(notification, follower).alternatives
    assert mimetype == "text/html"
    shape, risks = shape_and_risks(html5_document(body))
    del shape[("br", ())]
    return shape, risks


def _post_everything(client, post_url: str, author) -> dict[str, Posted]:
    def post(text):
        last = Comment.objects.filter(author=author).order_by("-pk").values_list("pk").first()
        answer = client.post(post_url, {"text": text})
        # "Your comment is published" waits for the next page: that page is not fetched here.
        client.cookies.pop("messages", None)
        return answer, Comment.objects.filter(author=author, pk__gt=last[0] if last else 0).first()

    posted = {}
    for _number, payload in PAYLOADS:
        try:
            answer, comment = post(payload)
            retry = None
            if comment is None:
                # With words before it the same markup is published: it must be harmless too.
                retry, comment = post(WITH_WORDS + payload)
            posted[payload] = Posted(answer, retry, comment)
        except Exception as error:  # noqa: BLE001 - reported by the payload's own test
            posted[payload] = Posted(None, None, None, error)
    return posted


@pytest.fixture(scope="module", autouse=True)
def _payloads_past_the_rate_limits():
    # Hundreds of payloads written by one account in a few seconds: what the limits stop.
    with mock.patch.dict(ratelimits.RATES, {"comment": "100000/h", "report": "100000/h"}):
        yield


@pytest.fixture(scope="module")
def stage(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at its end."""

    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(WEMI_COMMENTS_PER_PAGE=len(PAYLOADS) + 10),
    ):
        space = make_space("Spazio delle prove di sicurezza")
        resident = UserFactory(display_name="Giulia", nickname="giulia")
        follower = UserFactory(display_name="Marco", notification_preference="immediate")
        follow(actor=follower, target=space)
        post_url = reverse(
            "participation:comment_post",
            kwargs={
                "content_type_id": ContentType.objects.get_for_model(space).pk,
                "object_id": space.pk,
            },
        )
        page_url = space.get_url()
        client = Client()
        client.force_login(resident)
        reporter_client = Client()
        reporter_client.force_login(follower)
        empty_page_risks = page_risks(get_document(client, page_url))

        with transaction.atomic():
            assert client.post(post_url, {"text": HARMLESS}).status_code == 302
            comment = Comment.objects.get(body_source=HARMLESS)
            document = get_document(client, page_url)
            region_chrome = structure(comments_region(document), skip_inside=COMMENT_LIST)
            comment_shape = structure(comment_items(document)[comment.pk], skip_inside=COMMENT_BODY)
            edit = shape_and_risks(get_document(client, _edit_url(comment)))
            delete = shape_and_risks(
                get_document(client, _delete_url(comment)), skip_inside=DELETE_PREVIEW
            )
            report = shape_and_risks(
                get_document(reporter_client, _report_url(comment)), skip_inside=REPORT_EXCERPT
            )
            email = _email_shape(comment, follower)
            transaction.set_rollback(True)

        refused = []
        for text in ("<br>", "<br>\x00"):
            answer = client.post(post_url, {"text": text})
            assert answer.status_code == 422
            refused.append(shape_and_risks(html_document(answer)))

        posted = _post_everything(client, post_url, resident)
        page = get_document(client, page_url)

        yield Stage(
            space=space,
            resident=resident,
            follower=follower,
            client=client,
            reporter_client=reporter_client,
            page_risks=empty_page_risks,
            region_chrome=region_chrome,
            comment_shape=comment_shape,
            edit=edit,
            delete=delete,
            report=report,
            refused=refused[0],
            refused_nul=refused[1],
            email=email,
            posted=posted,
            page=page,
            items=comment_items(page),
        )
        transaction.set_rollback(True)


def _assert_refused_page_is_harmless(answer, stage, text):
    """A comment with no text left is refused; the form shows what was typed again, only as
    the textarea's text."""
    assert answer.status_code == 422
    document = html_document(answer)
    assert textarea_values(document, "text") == [as_browser_reads_it(text)]
    expected = stage.refused_nul if "\x00" in text else stage.refused
    assert differences(shape_and_risks(document), expected) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOAD_PARAMS)
def test_comment_payload_is_harmless_on_the_space_page(stage, payload):
    posted = stage.posted[payload]
    if posted.error is not None:
        raise posted.error
    if posted.retry is not None:
        _assert_refused_page_is_harmless(posted.answer, stage, payload)
    if posted.comment is None:
        assert "\x00" in payload, "only a NUL byte makes the form refuse any text"
        _assert_refused_page_is_harmless(posted.retry, stage, WITH_WORDS + payload)
        return
    assert (posted.retry or posted.answer).status_code == 302
    assert sanitized_problems(posted.comment.body_html, "comment") == []

    item = stage.items[posted.comment.pk]
    bodies = find_by_class(item, COMMENT_BODY)
    assert len(bodies) == 1
    assert user_content_problems(bodies) == []
    # Around its text the comment is made of exactly what a harmless comment makes.
    assert differences(structure(item, skip_inside=COMMENT_BODY), stage.comment_shape) == {}

    # The follower's e-mail quotes the words: escaped again, whatever they are.
    assert differences(_email_shape(posted.comment, stage.follower), stage.email) == {}


# Marked like the others so pytest-django runs them before the transactional tests, which
# empty the database: the module's data is built once, while the reference data is there.
@pytest.mark.django_db
def test_the_space_page_with_every_payload_has_nothing_new(stage):
    """Before any comment and with all of them: the same scripts, styles, frames and
    handlers; the region around the thread unchanged; the thread only comments."""
    assert differences(page_risks(stage.page), stage.page_risks) == {}
    region = comments_region(stage.page)
    assert differences(structure(region, skip_inside=COMMENT_LIST), stage.region_chrome) == {}
    (thread,) = find_by_class(region, COMMENT_LIST)
    items = list(thread)
    stored = [p.comment.pk for p in stage.posted.values() if p.comment is not None]
    assert len(stored) >= len(PAYLOADS) - 5
    assert sorted(int(item.get("id").removeprefix("comment-")) for item in items) == sorted(stored)
    for item in items:
        assert differences(structure(item, skip_inside=COMMENT_BODY), stage.comment_shape) == {}
    assert user_content_problems(find_by_class(region, COMMENT_BODY)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("payload", echo_payloads())
def test_comment_payload_is_harmless_on_its_edit_delete_and_report_pages(stage, payload):
    """These pages give a comment back: the source in a textarea, the HTML in a preview, the
    plain text in a quote. Checked with the payloads aimed at those contexts (see
    echo_payloads), to keep the suite fast."""
    comment = stage.posted[payload].comment
    if comment is None:
        assert "\x00" in payload, "only a NUL byte makes the form refuse any text"
        return

    edit = get_document(stage.client, _edit_url(comment))
    assert textarea_values(edit, "text") == [as_browser_reads_it(comment.body_source)]
    assert differences(shape_and_risks(edit), stage.edit) == {}

    delete = get_document(stage.client, _delete_url(comment))
    assert differences(shape_and_risks(delete, skip_inside=DELETE_PREVIEW), stage.delete) == {}
    assert user_content_problems(find_by_class(delete, DELETE_PREVIEW)) == []

    # The report page quotes the comment's plain text: as text.
    report = get_document(stage.reporter_client, _report_url(comment))
    assert differences(shape_and_risks(report, skip_inside=REPORT_EXCERPT), stage.report) == {}
    (quote,) = find_by_class(report, REPORT_EXCERPT)
    assert structure(quote) == Counter(
        {("figure", ("class",)): 1, ("figcaption", ("class",)): 1, ("blockquote", ("class",)): 1}
    )


def test_the_echo_selection_covers_every_family():
    assert len(echo_payloads()) >= len(FAMILIES) + 5


# --- 3. A report's text in the moderation queue -----------------------------------------------

REPORT_NOTE = "Linguaggio offensivo verso i vicini."


@dataclass
class Queue:
    """Every payload reported once, on the comment that carries it, and the moderation queue
    as city staff sees it, fetched once and parsed."""

    submitted: dict[str, object]  # payload → the answer to the report form
    rows: dict[str, object]  # payload → its row (<tr>) in the queue
    row_risks: dict[str, Counter]  # payload → risks of the queue page that shows its row
    row_shape: Counter  # a row with a harmless comment and report
    page_risks: Counter  # the queue page with that row


def _new_comment(space, author, text: str) -> Comment:
    """A comment written straight to the table: the subject of a report, not what is tested."""

    text = text.replace("\x00", "")  # the forms refuse NUL; PostgreSQL cannot store it
    body = sanitize_html(text, "comment")
    if not plain_text(body):
        text = WITH_WORDS + text
        body = sanitize_html(text, "comment")
    comment = Comment.objects.create(
        target_type=ContentType.objects.get_for_model(space),
        target_id=space.pk,
        author=author,
        body_source=text,
        body_html=body,
    )
    comment.root = comment
    comment.save(update_fields=["root"])
    return comment


@pytest.fixture(scope="module")
def queue(stage, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        space = stage.space
        content_type_id = ContentType.objects.get_for_model(Comment).pk
        reporter = Client()
        reporter.force_login(UserFactory(display_name="Paola"))
        staff = Client()
        staff.force_login(UserFactory(roles=[Role.CITY_STAFF], is_staff=True))
        queue_url = reverse("participation_admin:moderation")

        with transaction.atomic():
            comment = _new_comment(space, stage.resident, HARMLESS)
            response = reporter.post(_report_url(comment), {"reason": "other", "text": REPORT_NOTE})
            assert response.status_code == 302
            document = get_document(staff, queue_url)
            row_shape = structure(queue_rows(document, content_type_id)[comment.pk])
            empty_risks = page_risks(document)
            transaction.set_rollback(True)

        submitted, comments = {}, {}
        for _number, payload in PAYLOADS:
            # The payload's own comment where the endpoint kept one: the queue shows its text too.
            comment = stage.posted[payload].comment or _new_comment(space, stage.resident, payload)
            comments[payload] = comment.pk
            submitted[payload] = reporter.post(
                _report_url(comment), {"reason": "other", "text": payload}
            )

        rows, row_risks, page = {}, {}, 1
        while True:
            response = staff.get(queue_url, {"p": page})
            assert response.status_code == 200
            document = html_document(response)
            risks = page_risks(document)
            found = queue_rows(document, content_type_id)
            for payload, pk in comments.items():
                if pk in found:
                    rows[payload], row_risks[payload] = found[pk], risks
            if not response.context["page_obj"].has_next():
                break
            page += 1

        yield Queue(
            submitted=submitted,
            rows=rows,
            row_risks=row_risks,
            row_shape=row_shape,
            page_risks=empty_risks,
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOAD_PARAMS)
def test_report_text_is_shown_only_as_text_in_the_moderation_queue(stage, queue, payload):
    response = queue.submitted[payload]
    if "\x00" in payload:
        # The form refuses NUL bytes: nothing is stored, the text comes back in the textarea.
        assert response.status_code == 422
        document = html_document(response)
        assert textarea_values(document, "text") == [as_browser_reads_it(payload)]
        assert differences(page_risks(document), stage.report[1]) == {}
        assert payload not in queue.rows or not find_by_class(queue.rows[payload], "help-block")
        return

    assert response.status_code == 302
    assert payload in queue.rows, "the report is not in the moderation queue"
    row = queue.rows[payload]
    # The row is made of what a harmless report makes, and its note reads as typed.
    assert differences(structure(row), queue.row_shape) == {}
    (note,) = [node for node in row.iter("blockquote") if has_class(node, "help-block")]
    assert text_of(note) == as_browser_reads_it(payload.strip())
    assert differences(queue.row_risks[payload], queue.page_risks) == {}


@pytest.mark.django_db
def test_every_reported_payload_reached_the_queue(queue):
    stored = [
        payload for payload, response in queue.submitted.items() if response.status_code == 302
    ]
    assert len(stored) >= 50
    assert set(stored) <= set(queue.rows)
