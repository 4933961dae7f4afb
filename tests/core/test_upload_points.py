"""Each place where people upload a file, as they meet it: the admin's image library (a
coordinator's), its multiple uploader and chooser, the document library, and an event's
picture on the coordinators' pages. A real file is stored; a disguised or oversize one is
refused with the Italian sentence next to the file field, and nothing is stored."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from events.models import Event
from tests.core.upload_files import HTML, PDF, SVG, picture, png_declaring, upload
from tests.events.helpers import day, space_with_coordinator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MARKUP = "Questo file contiene una pagina web o un disegno SVG, che non si possono caricare."
TOO_MANY_PIXELS = "L&#x27;immagine ha troppi pixel"
MISMATCH_PDF = escape(
    "Il contenuto del file non è un documento .pdf, qualunque cosa dica il suo nome: carica "
    "il file originale."
)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator():
    return space_with_coordinator()[1]


@pytest.fixture
def editor():
    return UserFactory(is_superuser=True)


def file_errors(response) -> list[str]:
    return list(response.context["form"].errors.get("file", []))


# --- The admin's image library ----------------------------------------------------------------


def add_image(client, name: str, content: bytes):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ingresso",
            "collection": Collection.get_first_root_node().pk,
            "file": upload(name, content),
        },
    )


def test_a_coordinator_adds_a_real_picture_to_the_library(coordinator):
    response = add_image(client_of(coordinator), "ingresso.jpg", picture("JPEG"))
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (40, 30)
    assert image.file.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", SVG, escape(MARKUP)),
        ("foto.jpg", HTML, escape(MARKUP)),
        ("bomba.png", png_declaring(20_000, 20_000), TOO_MANY_PIXELS),
        ("ingresso.png", picture("JPEG"), "dagli l&#x27;estensione giusta (.jpg)"),
    ],
)
def test_the_library_refuses_a_disguised_picture_next_to_the_field(
    coordinator, name, content, message
):
    response = add_image(client_of(coordinator), name, content)
    assert response.status_code == 200
    assert len(file_errors(response)) == 1
    assert message in escape(file_errors(response)[0]).replace("&amp;", "&")
    assert message in response.content.decode()
    assert not get_image_model().objects.exists()


@override_settings(WEMI_UPLOAD_IMAGE_MAX_BYTES=500)
def test_the_library_refuses_an_oversize_picture(coordinator):
    response = add_image(client_of(coordinator), "grande.png", picture("PNG", (200, 200)))
    assert file_errors(response)[0].startswith("Il file è troppo grande (")
    assert not get_image_model().objects.exists()


def test_the_multiple_uploader_refuses_an_svg_with_the_same_sentence(coordinator):
    client = client_of(coordinator)
    url = reverse("wagtailimages:add_multiple")
    refused = client.post(url, {"files[]": upload("logo.png", SVG)})
    assert json.loads(refused.content) == {"success": False, "error_message": MARKUP}
    accepted = client.post(url, {"files[]": upload("foto.png", picture("PNG"))})
    assert json.loads(accepted.content)["success"] is True
    assert get_image_model().objects.count() == 1


def test_the_image_chooser_upload_refuses_a_web_page(coordinator):
    response = client_of(coordinator).post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Pagina",
            "image-chooser-upload-collection": Collection.get_first_root_node().pk,
            "image-chooser-upload-file": upload("foto.jpg", HTML),
        },
    )
    answer = json.loads(response.content)
    assert answer["step"] == "reshow_creation_form"
    assert escape(MARKUP) in answer["htmlFragment"]
    assert not get_image_model().objects.exists()


def test_editing_an_image_without_a_new_file_keeps_it(coordinator, editor):
    add_image(client_of(coordinator), "ingresso.png", picture("PNG"))
    image = get_image_model().objects.get()
    response = client_of(editor).post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Ingresso nuovo", "collection": image.collection_id},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.title == "Ingresso nuovo"


# --- The admin's document library --------------------------------------------------------------


def add_document(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Verbale",
            "collection": Collection.get_first_root_node().pk,
            "file": upload(name, content),
        },
    )


def test_an_editor_adds_a_real_pdf(editor):
    response = add_document(client_of(editor), "verbale.pdf", PDF)
    assert response.status_code == 302
    assert get_document_model().objects.get().file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("verbale.pdf", HTML, escape(MARKUP)),
        ("verbale.pdf", b"Not a PDF at all", MISMATCH_PDF),
        ("pagina.html", HTML, "Questo tipo di documento non è accettato: usa .csv"),
        ("disegno.svg", SVG, "Questo tipo di documento non è accettato"),
    ],
)
def test_the_document_library_refuses_a_disguised_document_next_to_the_field(
    editor, name, content, message
):
    response = add_document(client_of(editor), name, content)
    assert response.status_code == 200
    assert len(file_errors(response)) == 1
    assert message in response.content.decode()
    assert not get_document_model().objects.exists()


@override_settings(WEMI_UPLOAD_DOCUMENT_MAX_BYTES=100)
def test_the_document_library_refuses_an_oversize_document(editor):
    response = add_document(client_of(editor), "verbale.pdf", PDF + b" " * 200)
    assert file_errors(response)[0].startswith("Il file è troppo grande (")
    assert not get_document_model().objects.exists()


def test_the_document_multiple_uploader_refuses_a_web_page_named_pdf(editor):
    response = client_of(editor).post(
        reverse("wagtaildocs:add_multiple"), {"files[]": upload("verbale.pdf", HTML)}
    )
    assert json.loads(response.content) == {"success": False, "error_message": MARKUP}
    assert not get_document_model().objects.exists()


def test_a_stored_document_is_served_with_nosniff_and_no_power_to_run(editor):
    add_document(client_of(editor), "verbale.pdf", PDF)
    document = get_document_model().objects.get()
    response = Client().get(document.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


# --- An event's picture ----------------------------------------------------------------------


def event_form(space, **changes) -> dict:
    values = {
        "space": space.pk,
        "title": "Laboratorio di cucito",
        "description": "Portate un capo",
        "category": "workshop",
        "audience": "everyone",
        "place_kind": "space",
        "date": day(6).isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "repeat": "once",
        "interval": "1",
        "capacity": "12",
        "max_seats_per_registration": "4",
        "price": "0",
        "organiser_kind": "space",
        "image_alt": "Una macchina da cucire",
    }
    values.update(changes)
    return values


def test_an_event_is_published_with_a_real_picture():
    space, coordinator = space_with_coordinator()
    client = client_of(coordinator)
    page = client.get(reverse("events:create"))
    assert "JPEG, PNG, WebP o GIF, al massimo 10,0\xa0MB." in page.content.decode()
    response = client.post(
        reverse("events:create"), event_form(space, image=upload("cucito.webp", picture("WEBP")))
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.image.file.name.endswith(".webp")
    assert event.image_alt == "Una macchina da cucire"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cucito.png", SVG, escape(MARKUP)),
        ("cucito.jpg", HTML, escape(MARKUP)),
        ("cucito.png", png_declaring(20_000, 20_000), TOO_MANY_PIXELS),
    ],
)
def test_an_event_with_a_disguised_picture_is_not_published(name, content, message):
    space, coordinator = space_with_coordinator()
    response = client_of(coordinator).post(
        reverse("events:create"), event_form(space, image=upload(name, content))
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert len(form.errors["image"]) == 1 and not form.non_field_errors()
    assert message in response.content.decode()
    assert not Event.objects.exists()
    assert not get_image_model().objects.exists()


@override_settings(WEMI_UPLOAD_IMAGE_MAX_BYTES=500)
def test_an_event_with_an_oversize_picture_is_not_published():
    space, coordinator = space_with_coordinator()
    response = client_of(coordinator).post(
        reverse("events:create"),
        event_form(space, image=upload("cucito.png", picture("PNG", (200, 200)))),
    )
    assert response.status_code == 422
    assert response.context["form"].errors["image"][0].startswith("Il file è troppo grande (")
    assert not Event.objects.exists()
