"""Comments as people meet them on a page: with and without JavaScript (htmx), bad input,
permissions, and a fixed number of queries however long the conversation."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from tests.participation.helpers import conversation_space, target_kwargs
from wemi_community.participation import comments as services
from wemi_community.participation.models import Comment

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def space():
    return conversation_space()


def post_url(target):
    kwargs = target_kwargs(target)
    return f"/partecipa/commenti/{kwargs['content_type_id']}/{kwargs['object_id']}/nuovo/"


def test_anonymous_visitor_reads_and_is_invited_to_sign_in(client, space):
    services.comment_post(actor=UserFactory(display_name="Rosa"), target=space, text="Buongiorno")
    html = client.get(space.url).content.decode()
    assert "wemi-comments" in html and "Buongiorno" in html and "Rosa" in html
    assert "/account/accedi/?next=" in html
    assert "wemi-comment-form" not in html


def test_post_without_javascript_redirects_to_the_comment(client, space):
    person = UserFactory()
    client.force_login(person)
    response = client.post(post_url(space), {"text": "Servirebbe un *doposcuola*"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{space.url}?commenti=1#comment-{comment.pk}"
    page = client.get(response.url).content.decode()
    assert "<em>doposcuola</em>" in page and f"@{person.nickname}" in page


def test_post_with_htmx_returns_the_refreshed_section(client, space):
    client.force_login(UserFactory())
    response = client.post(post_url(space), {"text": "Con htmx"}, **HTMX)
    assert response.status_code == 200
    kwargs = target_kwargs(space)
    assert response["HX-Retarget"] == f"#comments-{kwargs['content_type_id']}-{space.pk}"
    assert "Con htmx" in response.content.decode()


def test_reply_with_htmx_lands_under_its_parent(client, space):
    parent = services.comment_post(actor=UserFactory(), target=space, text="Domanda")
    client.force_login(UserFactory())
    response = client.post(post_url(space), {"text": "Risposta", "parent": parent.pk}, **HTMX)
    html = response.content.decode()
    reply = Comment.objects.get(parent=parent)
    block = html[html.index(f'id="comment-{parent.pk}"') :]
    assert f'id="comment-{reply.pk}"' in block and "Risposta" in block


def test_empty_comment_shows_the_error_next_to_the_field_and_keeps_nothing(client, space):
    client.force_login(UserFactory())
    response = client.post(post_url(space), {"text": "   "})
    assert response.status_code == 422
    assert (
        "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    )
    response = client.post(post_url(space), {"text": "<script></script>"}, **HTMX)
    assert response.status_code == 422
    assert "wemi-comment-form" in response.content.decode()
    assert not Comment.objects.exists()


def test_over_long_comment_keeps_the_text_for_correction(client, space, settings):
    settings.WEMI_COMMENT_MAX_LENGTH = 20
    client.force_login(UserFactory())
    text = "una frase davvero troppo lunga"
    response = client.post(post_url(space), {"text": text}, **HTMX)
    assert response.status_code == 422
    assert text in response.content.decode()
    assert not Comment.objects.exists()


def test_reply_to_deleted_comment_is_a_409_with_a_message(client, space):
    author = UserFactory()
    parent = services.comment_post(actor=author, target=space, text="Presto cancellato")
    services.comment_delete(author=author, comment=parent)
    client.force_login(UserFactory())
    response = client.post(post_url(space), {"text": "Risposta", "parent": parent.pk})
    assert response.status_code == 409
    assert "alert" in response.content.decode()
    assert Comment.objects.count() == 1


def test_reply_to_a_comment_that_does_not_exist_is_a_404(client, space):
    client.force_login(UserFactory())
    response = client.post(post_url(space), {"text": "Risposta", "parent": 424242})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_comment_on_a_hidden_object_is_a_404(client, space):
    space.unpublish()
    client.force_login(UserFactory())
    assert client.post(post_url(space), {"text": "Ciao"}).status_code == 404
    assert not Comment.objects.exists()


def test_anonymous_post_goes_to_sign_in(client, space):
    response = client.post(post_url(space), {"text": "Ciao"})
    assert response.status_code == 302 and "/account/accedi/" in response.url
    response = client.post(post_url(space), {"text": "Ciao"}, **HTMX)
    assert response.status_code == 204 and "/account/accedi/" in response["HX-Redirect"]
    assert not Comment.objects.exists()


def test_edit_page_and_edited_mark(client, space):
    author = UserFactory()
    comment = services.comment_post(actor=author, target=space, text="Versione uno")
    client.force_login(author)
    url = f"/partecipa/commento/{comment.pk}/modifica/"
    assert "Versione uno" in client.get(url).content.decode()
    response = client.post(url, {"text": "Versione due"}, **HTMX)
    assert response.status_code == 200 and "Versione due" in response.content.decode()
    assert "wemi-comment-article" in response.content.decode()
    page = client.get(space.url).content.decode()
    assert "Versione due" in page and re.search(r"badge[^>]*>[^<]*(edited|modificato)", page)


def test_edit_of_someone_elses_comment_is_403_and_late_edit_is_409(client, space):
    author = UserFactory()
    comment = services.comment_post(actor=author, target=space, text="Mio")
    client.force_login(UserFactory())
    url = f"/partecipa/commento/{comment.pk}/modifica/"
    assert client.post(url, {"text": "Tuo"}).status_code == 403
    client.force_login(author)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=1))
    assert client.post(url, {"text": "Tardi"}).status_code == 409
    assert Comment.objects.get().body_source == "Mio"


def test_delete_leaves_a_placeholder(client, space):
    author = UserFactory()
    comment = services.comment_post(actor=author, target=space, text="Da togliere")
    services.comment_post(actor=UserFactory(), target=space, text="Risposta", parent=comment)
    client.force_login(author)
    url = f"/partecipa/commento/{comment.pk}/elimina/"
    assert "Da togliere" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    page = client.get(space.url).content.decode()
    assert "Da togliere" not in page and "Risposta" in page
    assert client.post(url).status_code == 409
    assert client.post(url, **HTMX).status_code == 409


def test_hidden_comment_shows_a_neutral_placeholder(client, space):
    comment = services.comment_post(
        actor=UserFactory(display_name="Nascosta"), target=space, text="Testo segnalato"
    )
    Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now(), hidden_by="reports")
    page = client.get(space.url).content.decode()
    assert "Testo segnalato" not in page and "Nascosta" not in page
    assert f'id="comment-{comment.pk}"' in page


def build_thread(space, roots: int, replies_per_root: int):
    people = UserFactory.create_batch(5)
    content_type = ContentType.objects.get_for_model(space)
    for index in range(roots):
        root = Comment.objects.create(
            target_type=content_type,
            target_id=space.pk,
            author=people[index % 5],
            body_source="r",
            body_html="<p>radice</p>",
        )
        Comment.objects.filter(pk=root.pk).update(root=root)
        parent = root
        for depth in range(1, replies_per_root + 1):
            parent = Comment.objects.create(
                target_type=content_type,
                target_id=space.pk,
                author=people[depth % 5],
                parent=parent,
                root=root,
                depth=min(depth, 2),
                body_source="x",
                body_html="<p>risposta</p>",
            )
    return people[0]


def page_queries(client, url) -> int:
    """The queries of the page once its cached fragments are warm (writes move their versions)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_thread_of_500_comments_costs_the_same_queries_as_a_short_one(client, space):
    viewer = UserFactory()
    client.force_login(viewer)
    build_thread(space, roots=2, replies_per_root=1)
    small = page_queries(client, space.url)
    build_thread(space, roots=100, replies_per_root=4)  # 500 more comments
    assert Comment.objects.count() == 504
    large = page_queries(client, space.url)
    assert large == small
    html = client.get(space.url + "?commenti=2").content.decode()
    assert html.count('class="wemi-comment wemi-comment-depth-0"') == 20


def test_a_nul_character_gets_one_clear_error(client, space):
    client.force_login(UserFactory())
    response = client.post(post_url(space), {"text": "ciao\x00"})
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count('class="invalid-feedback') + html.count("invalid-feedback") >= 1
    assert "Write something" not in html and "Scrivi qualcosa" not in html
    assert not Comment.objects.exists()


def test_edit_and_delete_pages_ask_anonymous_visitors_to_sign_in(client, space):
    comment = services.comment_post(actor=UserFactory(), target=space, text="Mio")
    for url in (
        f"/partecipa/commento/{comment.pk}/modifica/",
        f"/partecipa/commento/{comment.pk}/elimina/",
    ):
        response = client.post(url, {"text": "Di nessuno"})
        assert response.status_code == 302 and "/account/accedi/" in response.url
    assert Comment.objects.get().body_source == "Mio"
