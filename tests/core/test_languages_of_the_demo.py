"""Every public page of the demo under /en/ reads in English, and the main pages of the people
who sign in too: Italian shows only in names and in what people wrote (tests/language_leaks.py
says how that is told apart). The Italian pages, in turn, show no English interface.

The demo is seeded once for the module, inside a transaction rolled back at its end."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import Course, Event
from labs.models import Lab
from proposals.models import Proposal
from shared_services.models import SharedService
from spaces_pages.models import SpacePage, StandardPage
from tests.language_leaks import ENGLISH_WORDS, ITALIAN_WORDS, leaks, masks_from_database
from volunteering.models import Opportunity, VolunteerOffer
from wemi_community.accounts.demo import demo_email
from wemi_community.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def masks(seeded, django_db_blocker):
    with django_db_blocker.unblock():
        return masks_from_database()


def urls(language: str, names: list) -> list[str]:
    with translation.override(language):
        return [reverse(name, args=args) for name, *args in names]


def public_paths(language: str) -> list[str]:
    """Every public page of the demo, in ``language``."""
    with translation.override(language):
        paths = [
            reverse("proposals:list"),
            reverse("proposals:list") + "?ordine=scadenza",
            reverse("labs:list"),
            reverse("events:list"),
            reverse("events:calendar"),
            reverse("volunteering:list"),
            reverse("volunteering:offers"),
            reverse("search") + "?q=wemi",
            # A word of the language: what one types is shown back as typed.
            reverse("search") + ("?q=services" if language == "en" else "?q=servizi"),
            reverse("accounts:login"),
            reverse("accounts:signup"),
            reverse("accounts:password_reset"),
            reverse("certificates:verify_form"),
            reverse("observatory:index"),
        ]
        visible = Proposal.objects.exclude(state="draft").filter(lab__isnull=True)
        paths += [proposal.get_absolute_url() for proposal in visible]
        paths += [event.get_absolute_url() for event in Event.objects.filter(course=None)]
        paths += [course.get_absolute_url() for course in Course.objects.all()]
        paths += [o.get_absolute_url() for o in Opportunity.objects.all()]
        paths += [o.get_absolute_url() for o in VolunteerOffer.objects.all()]
        paths += [lab.get_absolute_url() for lab in Lab.objects.filter(visibility="public")]
    pages = SpacePage.objects.filter(locale__language_code=language).live()
    content = StandardPage.objects.filter(locale__language_code=language).live()
    prefix = "/en" if language == "en" else ""
    return [
        f"{prefix}/",
        f"{prefix}/spazi/",
        f"{prefix}/spazi/?municipio=5",
        f"{prefix}/pagina-che-non-esiste/",  # the error page
        *(page.url for page in pages),
        *(page.url for page in content),
        *paths,
    ]


def person(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def signed_in_paths(language: str) -> dict[str, list[str]]:
    """The main pages of each demo account, in ``language``."""
    service = SharedService.objects.order_by("pk").first()
    facilitated = Lab.objects.order_by("pk").first()
    grouping = Lab.objects.filter(phase__in=["aggregation", "co_design"]).order_by("pk").first()
    with translation.override(language):
        common = [
            reverse("accounts:profile"),
            reverse("notifications:list"),
            reverse("accounts:password_change"),
            reverse("accounts:data_export"),
        ]
        return {
            "residente": [
                *common,
                reverse("proposals:mine"),
                reverse("proposals:new"),
                reverse("events:mine"),
                reverse("volunteering:profile"),
                reverse("labs:list"),
                service.get_absolute_url(),
                facilitated.get_absolute_url(),
            ],
            "volontario": [
                reverse("volunteering:mine"),
                reverse("volunteering:profile"),
            ],
            "ente": [reverse("shared_services:provider_dashboard")],
            "coordinatrice": [
                reverse("volunteering:hours_review"),
                reverse("volunteering:opportunity_create"),
                reverse("events:create"),
                reverse("labs:list"),
            ],
            "facilitatore": [
                facilitated.get_absolute_url(),
                reverse("labs:themes", args=[grouping.pk]),
                reverse("labs:summary", args=[grouping.pk]),
            ],
        }


def assert_no_leaks(client: Client, paths: list[str], vocabulary, masks) -> int:
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        if "html" not in response.get("Content-Type", ""):
            continue
        words = leaks(response.content.decode(), vocabulary, masks)
        if words:
            found[path] = words[:8]
    assert found == {}
    return len(paths)


def test_every_public_page_of_the_demo_reads_in_english(seeded, masks):
    checked = assert_no_leaks(Client(), public_paths("en"), ITALIAN_WORDS, masks)
    assert checked > 60  # home, 15 spaces, content pages, every proposal, event, opportunity…


def test_the_main_pages_of_each_account_read_in_english(seeded, masks):
    for local_part, paths in signed_in_paths("en").items():
        client = Client()
        client.force_login(person(local_part))
        assert_no_leaks(client, paths, ITALIAN_WORDS, masks)


def test_the_italian_pages_show_no_english_interface(seeded, masks):
    assert_no_leaks(Client(), public_paths("it"), ENGLISH_WORDS, masks)
    for local_part, paths in signed_in_paths("it").items():
        client = Client()
        client.force_login(person(local_part))
        assert_no_leaks(client, paths, ENGLISH_WORDS, masks)


def test_the_check_finds_italian_where_there_should_be_none(seeded, masks):
    """The check itself: an untranslated interface string and a catalogue name are caught,
    a space's name and what people wrote are not."""
    space = SpacePage.objects.filter(locale__language_code="en").first()
    proposal = Proposal.objects.exclude(state="draft").first()
    names_and_texts = f"<main><h1>{space.title}</h1><p>{proposal.title}</p></main>"
    interface = "<main><button>Iscriviti</button><span>Sostegno alla famiglia</span></main>"

    assert leaks(names_and_texts, ITALIAN_WORDS, masks) == []
    found = {item.split()[0] for item in leaks(interface, ITALIAN_WORDS, masks)}
    assert {"'iscriviti'", "'sostegno'", "'alla'"} <= found
