"""Uploads are judged by their content: a real picture or document passes; an SVG or a web
page passes under no name; too big a file, too many pixels (even only declared in a tiny PNG)
and a name that lies about the content are refused, each with its own Italian sentence. The
media URL never shows anything but pictures in the browser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.utils import translation

from tests.core.upload_files import (
    BARE_SVG,
    HTML,
    PDF,
    SVG,
    docx,
    odt,
    picture,
    png_declaring,
    upload,
    zip_of,
)
from wemi_community.core.media import serve_media
from wemi_community.core.uploads import (
    CheckedImageField,
    looks_like_markup,
    validate_document_upload,
    validate_image_upload,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _italian():
    with translation.override("it"):
        yield


def refusal(validator, name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validator(upload(name, content))
    return caught.value


# --- Pictures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("foto.png", "PNG"),
        ("foto.jpg", "JPEG"),
        ("foto.JPEG", "JPEG"),
        ("a.webp", "WEBP"),
        ("a.gif", "GIF"),
    ],
)
def test_a_real_picture_is_accepted_and_left_ready_to_store(name, fmt):
    file = upload(name, picture(fmt))
    validate_image_upload(file)
    assert file.tell() == 0
    assert file.read() == picture(fmt)


@pytest.mark.parametrize("content", [SVG, BARE_SVG, b"\xef\xbb\xbf  \n" + SVG])
@pytest.mark.parametrize("name", ["logo.png", "logo.svg", "logo.jpg"])
def test_an_svg_is_refused_under_any_name(name, content):
    error = refusal(validate_image_upload, name, content)
    assert error.code == "markup"
    assert error.messages == [
        "Questo file contiene una pagina web o un disegno SVG, che non si possono caricare."
    ]


def test_a_web_page_named_jpg_is_refused():
    error = refusal(validate_image_upload, "foto.jpg", HTML)
    assert error.code == "markup"


def test_a_file_that_is_no_picture_at_all_is_refused():
    error = refusal(validate_image_upload, "foto.png", PDF)
    assert error.messages == [
        "Questo file non è un'immagine: usa un'immagine JPEG, PNG, WebP o GIF."
    ]


def test_a_picture_whose_name_lies_about_its_format_is_refused():
    error = refusal(validate_image_upload, "foto.png", picture("JPEG"))
    assert error.messages == [
        "Il nome del file finisce in .png ma contiene un'immagine JPEG: dagli l'estensione "
        "giusta (.jpg)."
    ]
    assert refusal(validate_image_upload, "foto", picture("PNG")).code == "wrong_extension"


@override_settings(WEMI_UPLOAD_IMAGE_MAX_BYTES=1000)
def test_an_oversize_picture_is_refused_before_it_is_read():
    content = picture("PNG", size=(300, 300)) + b"\x00" * 1000
    error = refusal(validate_image_upload, "foto.png", content)
    assert error.code == "file_too_large"
    assert error.messages[0].startswith("Il file è troppo grande (")
    assert "il limite è 1000\xa0byte" in error.messages[0]


def test_a_png_declaring_twenty_thousand_pixels_a_side_is_refused_without_decoding():
    bomb = png_declaring(20_000, 20_000)
    assert len(bomb) < 1000
    started = time.monotonic()
    error = refusal(validate_image_upload, "bomba.png", bomb)
    assert time.monotonic() - started < 1
    assert error.code == "too_many_pixels"
    assert error.messages == [
        "L'immagine ha troppi pixel: al massimo 12000 pixel per lato e 50 milioni di pixel "
        "in tutto."
    ]


@pytest.mark.parametrize("size", [(9_000, 9_000), (13_000, 10)])
def test_too_many_pixels_or_too_long_a_side_is_refused_below_pillows_own_limit(size):
    assert refusal(validate_image_upload, "bomba.png", png_declaring(*size)).code == (
        "too_many_pixels"
    )


@override_settings(WEMI_UPLOAD_IMAGE_MAX_PIXELS=100, WEMI_UPLOAD_IMAGE_MAX_SIDE=20)
def test_the_pixel_limits_are_settings():
    assert refusal(validate_image_upload, "a.png", picture("PNG", (21, 2))).code == (
        "too_many_pixels"
    )
    assert refusal(validate_image_upload, "a.png", picture("PNG", (11, 10))).code == (
        "too_many_pixels"
    )
    validate_image_upload(upload("a.png", picture("PNG", (10, 10))))


@override_settings(WEMI_UPLOAD_IMAGE_MAX_PIXELS=2_500_000)
def test_a_limit_of_a_fraction_of_a_million_pixels_is_written_the_italian_way():
    error = refusal(validate_image_upload, "a.png", png_declaring(2000, 2000))
    assert "2,5 milioni di pixel" in error.messages[0]


def test_a_truncated_png_is_refused_as_damaged():
    content = picture("PNG", (50, 50))
    error = refusal(validate_image_upload, "a.png", content[:-20])
    assert error.messages == ["L'immagine è danneggiata o incompleta."]


def test_the_form_field_speaks_of_the_limits_in_the_language_of_the_request():
    field = CheckedImageField(required=False)
    assert str(field.help_text) == "JPEG, PNG, WebP o GIF, al massimo 10,0\xa0MB."
    with translation.override("en"):
        assert str(field.help_text) == "JPEG, PNG, WebP or GIF, at most 10.0\xa0MB."
    with pytest.raises(ValidationError) as caught:
        field.clean(upload("logo.png", SVG))
    assert [error.code for error in caught.value.error_list] == ["markup"]


# --- Documents --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("verbale.pdf", PDF),
        ("verbale.docx", docx()),
        ("verbale.odt", odt()),
        ("verbale.rtf", b"{\\rtf1\\ansi Ciao}"),
        ("orari.csv", "giorno;ora\nlunedì;10:00\n".encode()),
        ("orari.csv", "giorno;ora\nlunedì;10:00\n".encode("cp1252")),
        ("note.txt", "Riunione alle 10 < 11 è già".encode()),
        ("foglio.xlsx", zip_of({"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<w/>"})),
        ("slide.pptx", zip_of({"[Content_Types].xml": b"<T/>", "ppt/presentation.xml": b"<p/>"})),
    ],
)
def test_a_real_document_is_accepted(name, content):
    file = upload(name, content)
    validate_document_upload(file)
    assert file.tell() == 0


@pytest.mark.parametrize("name", ["verbale.pdf", "verbale.docx", "note.txt", "orari.csv"])
def test_a_web_page_is_refused_under_a_document_name(name):
    assert refusal(validate_document_upload, name, HTML).code == "markup"
    assert refusal(validate_document_upload, name, SVG).code == "markup"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("verbale.pdf", b"Hello, not a PDF"),
        ("verbale.pdf", picture("PNG")),
        ("verbale.docx", zip_of({"index.html": HTML})),
        ("verbale.docx", PDF),
        ("verbale.odt", docx()),
        ("verbale.rtf", PDF),
        ("note.txt", b"ciao\x00\x01\x02"),
        ("note.txt", b"Ciao <script>alert(1)</script>"),
        ("orari.csv", b'nome,link\n"x","javascript:alert(1)"\n'),
    ],
)
def test_a_document_whose_content_is_not_what_its_name_says_is_refused(name, content):
    error = refusal(validate_document_upload, name, content)
    assert error.code == "content_mismatch"
    extension = name.rsplit(".", 1)[1]
    assert error.messages == [
        f"Il contenuto del file non è un documento .{extension}, qualunque cosa dica il suo "
        "nome: carica il file originale."
    ]


@pytest.mark.parametrize("name", ["pagina.html", "disegno.svg", "programma.exe", "senza"])
def test_an_extension_not_accepted_is_refused(name):
    error = refusal(validate_document_upload, name, PDF)
    assert error.code == "extension"
    assert error.messages[0].startswith("Questo tipo di documento non è accettato: usa .csv, ")


@override_settings(WEMI_UPLOAD_DOCUMENT_MAX_BYTES=100)
def test_an_oversize_document_is_refused():
    assert refusal(validate_document_upload, "a.pdf", PDF + b" " * 100).code == "file_too_large"


@override_settings(WAGTAILDOCS_EXTENSIONS=["pdf", "html"])
def test_an_extension_the_checks_do_not_know_stays_refused_even_if_configured():
    assert refusal(validate_document_upload, "a.html", HTML).code == "extension"
    validate_document_upload(upload("a.pdf", PDF))


def test_markup_is_recognised_from_the_first_bytes():
    assert looks_like_markup(b"  \n<HTML>")
    assert looks_like_markup(b"\xef\xbb\xbf<!doctype html>")
    assert looks_like_markup(b"<?xml version='1.0'?><x/>")
    assert not looks_like_markup(b"%PDF-1.4 <html>")
    assert not looks_like_markup(picture("PNG"))


# --- The media URL ------------------------------------------------------------------------------


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "pagina.html").write_bytes(HTML)
    (tmp_path / "documents" / "disegno.svg").write_bytes(SVG)
    (tmp_path / "documents" / "verbale.pdf").write_bytes(PDF)
    (tmp_path / "documents" / "foto.png").write_bytes(picture("PNG"))
    return tmp_path


@pytest.mark.parametrize("name", ["pagina.html", "disegno.svg", "verbale.pdf"])
def test_the_media_url_serves_no_page_or_drawing_inline(media_root, name):
    request = RequestFactory().get(f"/media/documents/{name}")
    response = serve_media(request, f"documents/{name}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_media_url_shows_pictures_inline_but_sandboxed(media_root):
    response = serve_media(RequestFactory().get("/media/documents/foto.png"), "documents/foto.png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="foto.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_limits_come_from_the_environment_and_wagtail_follows_them():
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.WEMI_UPLOAD_IMAGE_MAX_BYTES,"
        " settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WEMI_UPLOAD_IMAGE_MAX_PIXELS,"
        " settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS, settings.WEMI_UPLOAD_IMAGE_MAX_SIDE,"
        " settings.WEMI_UPLOAD_DOCUMENT_MAX_BYTES, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wemi_community.settings.dev",
        "WEMI_UPLOAD_IMAGE_MAX_BYTES": "123",
        "WEMI_UPLOAD_IMAGE_MAX_PIXELS": "456",
        "WEMI_UPLOAD_IMAGE_MAX_SIDE": "78",
        "WEMI_UPLOAD_DOCUMENT_MAX_BYTES": "9000",
    }
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [123, 123, 456, 456, 78, 9000, 9000]
