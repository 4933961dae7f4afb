"""The participation core as people meet it, in real browsers over a real websocket.

Two demo residents: Franco replies to Giulia on a space's page; Giulia's bell counts up without
a reload and she gets the e-mail at once, as she chose; she replies, and Franco, who chose the
daily digest, finds it in his digest. Three people report Franco's reply and it goes behind a
placeholder; the space's coordinator restores it from the admin; city staff read the whole
story in the audit trail."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from spaces_pages.services import space_groups_ensure
from tests.browser import asgi_server
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.spaces.helpers import make_space
from wemi_community.accounts import demo
from wemi_community.accounts.models import User
from wemi_community.core.models import AuditEntry
from wemi_community.notifications import tasks
from wemi_community.participation import comments
from wemi_community.participation.models import Comment

asgi_live_server = asgi_server.asgi_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REPLY = "Anche noi! Il martedì va benissimo."
ANSWER = "Perfetto, allora scriviamo alla coordinatrice."


@pytest.fixture
def cast():
    """Seeded before the browser starts (afterwards, ORM work goes through server.call)."""
    demo.seed()
    people = {
        local: User.objects.get(email=demo.demo_email(local)) for _, local, *_ in demo.DEMO_ACCOUNTS
    }
    User.objects.filter(pk=people["residente"].pk).update(notification_preference="immediate")
    User.objects.filter(pk=people["vicino"].pk).update(notification_preference="digest")
    space = make_space("WeMi Prova Conversazione")
    people["coordinatrice"].groups.add(space_groups_ensure(space=space).coordination)
    first = comments.comment_post(
        actor=people["residente"], target=space, text="Chi è interessato a un doposcuola?"
    )
    mail.outbox.clear()
    return people, space, first


@pytest.fixture
def browser(csp_watcher):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield csp_watcher.watch_browser(chromium)
        chromium.close()


@pytest.fixture
def open_page(browser, monkeypatch):
    """A fresh browser (its own cookies) per person; all are closed at the end."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    contexts = []
    errors = []

    def open_for(user, server):
        context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url + "/account/accedi/")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Accedi").last.click()
        page.wait_for_url(re.compile(r"/account/profilo/$"))
        return page

    yield open_for
    for context in contexts:
        context.close()
    assert errors == []


def bell(page):
    return page.locator("[data-wemi-bell] [data-wemi-bell-count]")


def comment_article(page, text):
    return page.locator(".wemi-comment-article", has_text=text).first


def report(page, server, space, text):
    page.goto(server.url + space.url)
    article = comment_article(page, text)
    article.get_by_role("link", name=re.compile("Segnala")).click()
    page.locator("label", has_text="Spam").click()
    page.get_by_role("button", name="Invia la segnalazione").click()
    expect(page.get_by_text(re.compile("Grazie"))).to_be_visible()


def test_two_residents_a_report_and_the_moderators(cast, asgi_live_server, open_page):
    people, space, first = cast
    server = asgi_live_server

    giulia = open_page(people["residente"], server)
    giulia.goto(server.url + "/")
    giulia.locator("html[data-wemi-live='open']").wait_for(state="attached")
    giulia.evaluate("window.notReloaded = true")
    expect(bell(giulia)).to_be_hidden()

    # Franco replies from the space's page; htmx puts his reply in place, no reload.
    franco = open_page(people["vicino"], server)
    franco.goto(server.url + space.url)
    franco.evaluate("window.notReloaded = true")
    thread = comment_article(franco, "doposcuola")
    thread.locator("summary", has_text="Rispondi").click()
    thread.get_by_label("Il tuo commento").fill(REPLY)
    thread.get_by_role("button", name="Rispondi").click()
    expect(franco.locator(f"#comment-{first.pk}")).to_contain_text(REPLY)
    assert franco.evaluate("window.notReloaded") is True

    # Giulia's bell counts up and a toast appears, without a reload; the e-mail left at once.
    expect(bell(giulia)).to_have_text("1")
    expect(giulia.locator("#wemi-toasts .wemi-toast")).to_contain_text("Franco")
    assert giulia.evaluate("window.notReloaded") is True
    to_giulia = [m for m in mail.outbox if m.to == [people["residente"].email]]
    assert len(to_giulia) == 1 and "Franco" in to_giulia[0].subject + to_giulia[0].body

    # She replies to the reply; Franco chose the digest, so nothing reaches him until then.
    giulia.goto(server.url + space.url)
    reply = comment_article(giulia, REPLY)
    reply.locator("summary", has_text="Rispondi").click()
    reply.get_by_label("Il tuo commento").fill(ANSWER)
    reply.get_by_role("button", name="Rispondi").click()
    expect(giulia.locator(".wemi-comments")).to_contain_text(ANSWER)
    assert not [m for m in mail.outbox if m.to == [people["vicino"].email]]
    server.call(tasks.digest_dispatch, day=timezone.localdate().isoformat())
    digests = [m for m in mail.outbox if m.to == [people["vicino"].email]]
    assert len(digests) == 1 and "Giulia" in digests[0].body
    server.call(tasks.digest_dispatch, day=timezone.localdate().isoformat())
    assert len([m for m in mail.outbox if m.to == [people["vicino"].email]]) == 1

    # Three people report Franco's reply: after the third it is behind a placeholder.
    report(giulia, server, space, REPLY)
    for local in ("volontario", "facilitatore"):
        report(open_page(people[local], server), server, space, REPLY)
    franco.reload()
    expect(franco.locator(".wemi-comments")).not_to_contain_text(REPLY)
    expect(franco.locator(".wemi-comments")).to_contain_text(ANSWER)
    reply_id = server.call(lambda: Comment.objects.get(body_source=REPLY).pk)
    expect(franco.locator(f"#comment-{reply_id}")).to_contain_text(re.compile("nascost"))

    # The coordinator of the space restores it from the moderation queue in the admin.
    marta = open_page(people["coordinatrice"], server)
    marta.goto(server.url + "/admin/partecipazione/moderazione/")
    row = marta.locator("tr", has_text=REPLY[:20])
    row.get_by_role("button", name="Ripristina").click()
    marta.goto(server.url + "/admin/partecipazione/moderazione/")
    expect(marta.locator("tr", has_text=REPLY[:20])).to_have_count(0)
    franco.reload()
    expect(franco.locator(f"#comment-{reply_id}")).to_contain_text(REPLY)

    # City staff read the whole story in the audit trail.
    elena = open_page(people["comune"], server)
    elena.goto(server.url + f"/admin/partecipazione/registro/?target_id={reply_id}")
    table = elena.locator("table.listing")
    for action in (
        "comment.replied",
        "report.submitted",
        "moderation.auto_hidden",
        "moderation.restored",
    ):
        expect(table).to_contain_text(action)
    actions = server.call(
        lambda: list(
            AuditEntry.objects.filter(target_id=str(reply_id)).values_list("action", flat=True)
        )
    )
    assert actions.count("report.submitted") == 3
