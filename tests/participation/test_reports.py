"""The report page and its includes: the form, htmx fragments, every refusal, the report link
and the hidden-content placeholder."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import UserFactory
from wemi_community.participation import report_views
from wemi_community.participation.models import Comment, Report

from .moderation_helpers import content_type_id, make_comment, two_spaces

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def space():
    return two_spaces()[0]


@pytest.fixture
def comment(space):
    return make_comment(space, UserFactory(display_name="Autrice"), "Compro oro, chiamate ora")


def report_url(obj, *, language="en") -> str:
    with translation.override(language):
        return reverse("participation:report", args=[content_type_id(obj), obj.pk])


def test_the_url_is_italian_and_needs_sign_in(client, comment):
    url = report_url(comment, language="it")
    assert url == f"/partecipa/segnala/{content_type_id(comment)}/{comment.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_form_shows_the_excerpt_and_the_reasons(resident_client, comment):
    response = resident_client.get(report_url(comment))
    assert response.status_code == 200
    html = response.text
    assert "Compro oro, chiamate ora" in html
    assert "<h1" in html and "Report content" in html
    for value in ("spam", "offensive", "personal_data", "other"):
        assert f'value="{value}"' in html
    assert 'type="radio"' in html and "<legend>" in html
    assert 'name="text"' in html and 'maxlength="500"' in html
    assert 'name="robots" content="noindex"' in html


def test_a_report_goes_back_to_the_content_with_thanks(resident_client, resident, comment, space):
    response = resident_client.post(report_url(comment), {"reason": "spam", "text": ""})
    assert response.status_code == 302
    # Back to the page in the language the report was made in.
    assert response.url == f"/en{space.url}#comment-{comment.pk}"
    report = Report.objects.get()
    assert (report.reporter, report.target, report.reason) == (resident, comment, "spam")
    page = resident_client.get(response.url)
    assert "Thank you, the moderators will look at it" in page.text


def test_with_htmx_the_answer_is_a_fragment(resident_client, comment):
    url = report_url(comment)
    form = resident_client.get(url, **HTMX)
    assert form.status_code == 200
    assert "<html" not in form.text and 'hx-post="' in form.text
    response = resident_client.post(url, {"reason": "offensive"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Thank you, the moderators will look at it" in response.text
    assert 'role="status"' in response.text
    assert Comment.objects.get(pk=comment.pk).open_report_count == 1


def test_reporting_twice_says_so_and_counts_once(resident_client, comment):
    url = report_url(comment)
    resident_client.post(url, {"reason": "spam"})
    again = resident_client.get(url)
    assert again.status_code == 200
    assert "You have already reported this" in again.text
    assert 'name="reason"' not in again.text
    posted = resident_client.post(url, {"reason": "offensive"})
    assert posted.status_code == 200
    assert "You have already reported this" in posted.text
    assert Report.objects.count() == 1
    assert Comment.objects.get(pk=comment.pk).open_report_count == 1


def test_a_second_report_racing_the_first_is_a_conflict(resident_client, resident, comment):
    """The page was opened before the first report landed: the service refuses (409)."""

    url = report_url(comment)
    original = report_views.has_reported
    report_views.has_reported = lambda user, content: False
    try:
        resident_client.post(url, {"reason": "spam"})
        response = resident_client.post(url, {"reason": "spam"})
    finally:
        report_views.has_reported = original
    assert response.status_code == 409
    assert "You have already reported this" in response.text
    assert Report.objects.count() == 1


def test_authors_cannot_report_their_own_content(client, comment):
    client.force_login(comment.author)
    response = client.get(report_url(comment))
    assert response.status_code == 403
    assert "You cannot report your own content" in response.text
    response = client.post(report_url(comment), {"reason": "spam"})
    assert response.status_code == 403
    fragment = client.post(report_url(comment), {"reason": "spam"}, **HTMX)
    assert fragment.status_code == 200 and "You cannot report your own content" in fragment.text
    assert not Report.objects.exists()


def test_other_without_text_is_an_error_next_to_the_field(resident_client, comment):
    response = resident_client.post(report_url(comment), {"reason": "other", "text": " "})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.has_error("text", "required")
    assert 'id="id_text_error"' in response.text
    assert "Tell the moderators what is wrong with it." in response.text
    assert not Report.objects.exists()


def test_text_over_500_characters_is_refused(resident_client, comment):
    response = resident_client.post(report_url(comment), {"reason": "spam", "text": "x" * 501})
    assert response.status_code == 422
    assert response.context["form"].has_error("text", "max_length")
    assert not Report.objects.exists()


def test_a_missing_reason_is_refused(resident_client, comment):
    response = resident_client.post(report_url(comment), {"text": "Boh"})
    assert response.status_code == 422
    assert response.context["form"].has_error("reason")


def test_content_the_person_may_not_see_is_not_found(resident_client, comment, space):
    space.unpublish()
    assert resident_client.get(report_url(comment)).status_code == 404
    assert resident_client.post(report_url(comment), {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize("field", ["hidden_at", "deleted_at"])
def test_hidden_or_deleted_content_is_not_found(resident_client, comment, field):
    Comment.objects.filter(pk=comment.pk).update(**{field: timezone.now()})
    assert resident_client.get(report_url(comment)).status_code == 404


def test_unknown_or_unregistered_content_is_not_found(resident_client, resident, comment, space):
    user_type = ContentType.objects.get_for_model(resident).pk
    comment_type = content_type_id(comment)
    for ct, pk in [
        (user_type, resident.pk),  # a real row, but users are not reportable content
        (content_type_id(space), space.pk),  # participatory, not user content
        (comment_type, comment.pk + 1000),  # no such comment
        (999999, comment.pk),  # no such content type
    ]:
        with translation.override("en"):
            url = reverse("participation:report", args=[ct, pk])
        assert resident_client.get(url).status_code == 404, (ct, pk)


# --- Includes -------------------------------------------------------------------------------


def render_link(user, content, label=None) -> str:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    template = Template(
        '{% include "participation/report_link.html" with content=content label=label %}'
    )
    with translation.override("en"):
        return template.render(Context({"request": request, "content": content, "label": label}))


def test_the_report_link_shows_to_others_only(comment, resident):
    assert render_link(None, comment).strip() == ""
    assert render_link(comment.author, comment).strip() == ""
    html = render_link(resident, comment)
    assert f'href="{report_url(comment)}"' in html
    assert "Report" in html and 'rel="nofollow"' in html
    assert "this content" in html  # what the link is about, for screen readers
    assert "the comment by Autrice" in render_link(resident, comment, "the comment by Autrice")
    Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now(), hidden_by="reports")
    assert render_link(resident, Comment.objects.get(pk=comment.pk)).strip() == ""


def test_the_report_link_costs_no_query_per_comment(comment, resident, django_assert_num_queries):
    render_link(resident, comment)  # the content type is cached from now on
    comments = list(Comment.objects.all())
    with django_assert_num_queries(0):
        for item in comments:
            render_link(resident, item)


@pytest.mark.parametrize(
    ("hidden_by", "text"),
    [
        (
            "reports",
            "Questo contenuto è stato nascosto dopo alcune segnalazioni dei partecipanti, "
            "in attesa della verifica della moderazione.",
        ),
        ("moderator", "Questo contenuto è stato nascosto dalla moderazione."),
    ],
)
def test_the_hidden_placeholder_is_neutral(comment, hidden_by, text):
    comment.hidden_at, comment.hidden_by = timezone.now(), hidden_by
    html = Template('{% include "participation/hidden_placeholder.html" with content=c %}').render(
        Context({"c": comment})
    )
    assert text in html
    assert "Compro oro" not in html
